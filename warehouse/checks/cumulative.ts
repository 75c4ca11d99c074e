/**
 * non_monotonic: a cumulative (lũy kế) flow indicator that falls along Q1 -> H1 -> 9M -> year within
 * one year, for the units in scope. Each value is compared with the previous period of the sequence
 * that has one (a report missing H1 compares 9M with Q1).
 */
import type { CheckContext, FlagRow } from './engine.ts';
import { fill, fmtEn, fmtVi } from './db-port.ts';
import { fingerprintOf } from './fingerprint.ts';
import type { FactCube } from './fact-cube.ts';

export interface CumulativeInput {
  ctx: CheckContext;
  cube: FactCube;
  idOf: Map<string, number>;
  /** Units in scope (null = all) and years in scope (null = all). */
  units: Set<number> | null;
  years: Set<number> | null;
}

export function cumulativeFlags(input: CumulativeInput): FlagRow[] {
  const { ctx, cube } = input;
  const s = ctx.file.generate.non_monotonic;
  const flags: FlagRow[] = [];
  if (!s) return flags;
  const aggs = new Set<string>(s.aggregations ?? ['sum']);
  const codes = ctx.cat.indicators
    .filter((i) => i.cumulative && aggs.has(i.aggregation) && (i.kind === 'count' || i.kind === 'money') && input.idOf.has(i.code))
    .map((i) => ({ code: i.code, k: cube.k(input.idOf.get(i.code)!) }))
    .filter((x) => x.k !== 0);
  const seq: string[] = s.sequence ?? ['Q1', 'H1', '9M', 'year'];
  if (!codes.length) return flags;
  const periodAt = new Map<string, number>();
  cube.periods.forEach((p, i) => periodAt.set(`${p.year}|${p.kind}`, i));
  const years = [...new Set(cube.periods.map((p) => p.year))].filter((y) => !input.years || input.years.has(y));
  const units = [...new Set(Array.from(cube.unitOf))].filter((u) => !input.units || input.units.has(u));

  for (const year of years) {
    const pIdx = seq.map((kind) => periodAt.get(`${year}|${kind}`) ?? -1);
    if (pIdx.filter((p) => p >= 0).length < 2) continue;
    for (const unit of units) {
      const slots = pIdx.map((p) => cube.slotOf(p, unit));
      for (const { code, k } of codes) {
        let prev = NaN, prevAt = -1;
        for (let i = 0; i < seq.length; i++) {
          const slot = slots[i];
          if (slot < 0) continue;
          const c = cube.cell(slot, k);
          if (!cube.usable(c)) continue;
          const v = cube.value[c];
          if (prevAt >= 0 && v < prev) {
            const prevPeriod = cube.periods[pIdx[prevAt]];
            const period = cube.periods[pIdx[i]];
            const vars = (f: (n: number) => string) => ({ left: f(v), prev: f(prev), prev_period: `${prevPeriod.kind}/${year}`, period: `${period.kind}/${year}` });
            flags.push({
              fingerprint: fingerprintOf('non_monotonic', `monotonic.${code}`, unit, period.id, [code]),
              kind: 'non_monotonic', severity: s.severity, rule_id: `monotonic.${code}`, unit_id: unit, period_id: period.id,
              document_id: cube.docOf[slot], indicators: [code], observed: { [code]: v },
              expected: { operator: '>=', bound: prev, previous_period: { year, kind: prevPeriod.kind } },
              baseline: { previous: prev, previous_period_id: prevPeriod.id },
              message_vi: fill(s.message_vi, vars((n) => fmtVi(n))), message_en: fill(s.message_en, vars((n) => fmtEn(n))),
              line: cube.lineOf(c)
            });
          }
          prev = v; prevAt = i;
        }
      }
    }
  }
  return flags;
}
