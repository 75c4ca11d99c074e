/**
 * Values for the national benchmark warehouse that hold together the way real reports mostly do:
 * the consistency rules (warehouse/checks/rules.json plus the rules generated from the catalogue
 * links) are used as the recipe, so a total is the sum of its sub-items, a part stays within its
 * whole, staff present stays within quota and a rate is 100 × numerator / denominator rounded to the
 * printed precision. Counts scale with a per-unit size and move by ±10 % between periods, so peers
 * spread like real agencies and a unit's history is steady. A small share of cells (about 0.1 %) is
 * then multiplied by ten, the typo analysts hunt for, so the checks have real work to find.
 *
 * Random data that breaks the rules on a third of its facts (the first version of this benchmark)
 * measures writing flags, not checking reports.
 */
import type { CompiledRule } from '../warehouse/checks/rules.ts';

export interface BenchIndicator {
  id: number;
  code: string;
  kind: string;
  legend: Record<string, number> | null;
}

/** How each chosen indicator's value is made, in dependency order. */
export interface ValuePlan {
  /** Layers of {indicator id, SQL expression}: an expression reads earlier layers' columns c_<id>, size, unit_id and document_id. */
  layers: { id: number; expr: string }[][];
  /** Indicators made from a rule (sum, rate, capped part) vs drawn freely. */
  derived: number;
}

function singleCode(e: CompiledRule['left']): string | null {
  const codes = Object.keys(e.num);
  if (e.den || e.constant !== 0 || codes.length !== 1 || e.num[codes[0]] !== 1) return null;
  return codes[0];
}

/**
 * Builds the plan from the rules: sums and rates first-class, `<=` rules as caps on the smaller side.
 * Pure: same inputs, same SQL.
 */
export function planValues(inds: BenchIndicator[], rules: CompiledRule[], allowAbove100: ReadonlySet<string> = new Set()): ValuePlan {
  const byCode = new Map(inds.map((i) => [i.code, i]));
  const sums = new Map<string, string[]>();
  const rates = new Map<string, { num: string; den: string; scale: number }>();
  const capsOf = new Map<string, Set<string>>();
  for (const r of rules) {
    if (r.when || r.provinces) continue;
    const left = singleCode(r.left);
    if (!left || !byCode.has(left)) continue;
    const rc = Object.keys(r.right.num);
    if (r.op === '==' && !r.right.den && r.right.constant === 0 && rc.length > 1 && rc.every((c) => r.right.num[c] === 1 && byCode.has(c))) {
      if (!sums.has(left)) sums.set(left, rc);
    } else if (r.op === '==' && r.right.den && r.right.constant === 0 && rc.length === 1) {
      const den = Object.keys(r.right.den)[0];
      if (byCode.has(rc[0]) && byCode.has(den) && !rates.has(left)) {
        rates.set(left, { num: rc[0], den, scale: r.right.scale });
        // A percentage that may not pass 100 needs its numerator within its denominator.
        if (!allowAbove100.has(left) && rc[0] !== den) {
          if (!capsOf.has(rc[0])) capsOf.set(rc[0], new Set());
          capsOf.get(rc[0])!.add(den);
        }
      }
    } else if ((r.op === '<=' || r.op === '<') && singleCode(r.right) && byCode.has(singleCode(r.right)!)) {
      const whole = singleCode(r.right)!;
      if (!capsOf.has(left)) capsOf.set(left, new Set());
      capsOf.get(left)!.add(whole);
    }
  }
  const partOf = new Map<string, string[]>();
  for (const [total, parts] of sums) for (const p of parts) partOf.set(p, [...(partOf.get(p) ?? []), total]);

  // Cap expressions: direct wholes (unless the whole is our own sum), and a share of the caps of any total we are part of.
  const capCache = new Map<string, { expr: string; deps: string[] }[]>();
  const caps = (code: string, seen: Set<string> = new Set()): { expr: string; deps: string[] }[] => {
    if (capCache.has(code)) return capCache.get(code)!;
    if (seen.has(code)) return [];
    seen.add(code);
    const out: { expr: string; deps: string[] }[] = [];
    for (const w of capsOf.get(code) ?? []) if (!(sums.get(w) ?? []).includes(code)) out.push({ expr: col(byCode.get(w)!.id), deps: [w] });
    for (const t of partOf.get(code) ?? []) {
      const n = sums.get(t)!.length;
      for (const c of caps(t, seen)) out.push({ expr: `(${c.expr}) / ${n}`, deps: c.deps });
    }
    capCache.set(code, out);
    return out;
  };

  const deps = new Map<string, string[]>();
  for (const i of inds) {
    if (sums.has(i.code)) deps.set(i.code, sums.get(i.code)!);
    else if (rates.has(i.code)) deps.set(i.code, [rates.get(i.code)!.num, rates.get(i.code)!.den]);
    else deps.set(i.code, caps(i.code).flatMap((c) => c.deps));
  }
  // Layer = longest dependency chain; a cycle (not expected from the catalogue) falls back to a free draw.
  const layer = new Map<string, number>();
  const visiting = new Set<string>();
  const broken = new Set<string>();
  const layerOf = (code: string): number => {
    if (layer.has(code)) return layer.get(code)!;
    if (visiting.has(code)) { broken.add(code); return 0; }
    visiting.add(code);
    let l = 0;
    for (const d of deps.get(code) ?? []) l = Math.max(l, layerOf(d) + 1);
    visiting.delete(code);
    layer.set(code, l);
    return l;
  };
  for (const i of inds) layerOf(i.code);

  const layers: { id: number; expr: string }[][] = [];
  let derived = 0;
  for (const i of inds) {
    let expr: string;
    // Mostly the unit's own level for this indicator, a little of this period: steady histories.
    const u = `(0.85 * ((hash(unit_id * 1000 + ${i.id}) % 10000) / 10000.0) + 0.15 * ((hash(document_id * 1000 + ${i.id}) % 10000) / 10000.0))`;
    if (broken.has(i.code) || !(deps.get(i.code) ?? []).length) {
      expr = freeDraw(i, u);
    } else if (sums.has(i.code)) {
      expr = sums.get(i.code)!.map((c) => col(byCode.get(c)!.id)).join(' + ');
      derived++;
    } else if (rates.has(i.code)) {
      const r = rates.get(i.code)!;
      expr = `CASE WHEN ${col(byCode.get(r.den)!.id)} > 0 THEN round(${r.scale} * ${col(byCode.get(r.num)!.id)} / ${col(byCode.get(r.den)!.id)}, 2) END`;
      derived++;
    } else {
      const c = caps(i.code).map((x) => x.expr);
      expr = `floor(${c.length > 1 ? `least(${c.join(', ')})` : c[0]} * (0.3 + 0.65 * ${u}))`;
      derived++;
    }
    const l = broken.has(i.code) ? 0 : layer.get(i.code)!;
    (layers[l] ??= []).push({ id: i.id, expr });
  }
  return { layers: layers.filter(Boolean), derived };
}

function col(id: number): string {
  return `c_${id}`;
}

/** A value drawn without a rule: counts by unit size (±10 % between periods), percentages 60..100, coded answers from the legend. */
function freeDraw(i: BenchIndicator, u: string): string {
  if (i.kind === 'percent') return `round(60 + 40 * ${u}, 2)`;
  if ((i.kind === 'flag' || i.kind === 'enum') && i.legend && Object.keys(i.legend).length) {
    const vals = [...new Set(Object.values(i.legend).map(Number))].sort((a, b) => a - b);
    return `[${vals.join(', ')}][CAST(floor(${u} * ${vals.length}) AS INTEGER) + 1]`;
  }
  if (i.kind === 'flag' || i.kind === 'enum') return `CAST(floor(${u} * 2) AS DOUBLE)`;
  // Per-indicator weight so indicators differ in magnitude; ±20 % around the unit's size.
  return `round(size * ${1 + (i.id * 37) % 60} * (0.9 + 0.2 * ((hash(document_id * 1000 + ${i.id}) % 10000) / 10000.0)))`;
}

/** SELECT of (document_id, unit_id, period_id, indicator_id, value) over table `document`, one row per cell. */
export function valuesSql(plan: ValuePlan): string {
  let sql = `SELECT document_id, unit_id, period_id, CAST(1 + (hash(unit_id) % 200) / 10.0 AS DOUBLE) AS size FROM document`;
  for (const l of plan.layers) sql = `SELECT *, ${l.map((x) => `CAST(${x.expr} AS DOUBLE) AS ${col(x.id)}`).join(', ')} FROM (${sql})`;
  return `WITH wide AS (${sql})
    SELECT document_id, unit_id, period_id, CAST(substr(name, 3) AS INTEGER) AS indicator_id, value
    FROM wide UNPIVOT INCLUDE NULLS (value FOR name IN (COLUMNS('^c_\\d+$')))`;
}
