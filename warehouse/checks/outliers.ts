/**
 * Statistical outliers, set-based in SQL.
 * - outlier_peer: modified z-score 0.6745 * (x - median) / MAD among units of the same level in the same
 *   period, per indicator (Iglewicz & Hoaglin); needs a minimum number of peers. When MAD = 0 (more than
 *   half the peers report the same value) the mean absolute deviation is used instead
 *   (z = (x - median) / (1.253314 * meanAD)); when that is 0 too, all peers agree and nothing fires.
 * - outlier_trend: the same score against the unit's own history of the same period kind in earlier
 *   years (Q1 vs earlier Q1s, year vs earlier years), with a minimum history length, and only when the
 *   value also moved by a minimum relative change, so a constant history does not make every wiggle fire.
 * Counts and money are compared on log(1 + x) (configurable) because unit sizes differ by orders of
 * magnitude; rates on their own scale. Every flag carries its baseline.
 */
import type { CheckContext, CheckScope, FlagRow } from './engine.ts';
import { fingerprintOf } from './engine.ts';
import { fill, fmtEn, fmtVi, intList, num, type CheckDb } from './db-port.ts';

function transformSql(kinds: Record<string, string>): { codesSql: string; any: boolean } {
  const parts = Object.entries(kinds).map(([k, t]) => `('${k.replace(/'/g, "''")}', '${t === 'log1p' ? 'log1p' : 'none'}')`);
  return { codesSql: parts.join(','), any: parts.length > 0 };
}

function zSql(x: string): string {
  return `CASE WHEN mad > 0 THEN 0.6745 * (${x} - med) / mad WHEN meanad > 0 THEN (${x} - med) / (1.253314 * meanad) END`;
}

export async function outlierFlags(db: CheckDb, ctx: CheckContext, scope: CheckScope): Promise<FlagRow[]> {
  const cfg = ctx.file.outliers ?? {};
  const out: FlagRow[] = [];
  const periods = scope.periods && scope.periods.length ? `f.period_id IN (${intList(scope.periods)})` : 'true';
  const units = scope.units && scope.units.length ? `f.unit_id IN (${intList(scope.units)})` : 'true';

  const peer = cfg.peer;
  if (peer) {
    const { codesSql, any } = transformSql(peer.kinds ?? {});
    if (any) {
      const rows = await db.all<any>(`
        WITH k(kind, tr) AS (VALUES ${codesSql}),
        x AS (
          SELECT f.document_id, f.unit_id, f.period_id, u.level, i.code, any_value(k.tr) AS tr, min(f.value) AS value, min(f.line) AS line
          FROM current_fact f JOIN indicator i USING (indicator_id) JOIN k ON k.kind = i.kind JOIN unit u ON u.unit_id = f.unit_id
          WHERE f.status = 'reported' AND ${periods}
          GROUP BY f.document_id, f.unit_id, f.period_id, u.level, i.code),
        t AS (SELECT x.*, CASE WHEN x.tr = 'log1p' THEN ln(1 + greatest(x.value, 0)) ELSE x.value END AS tv FROM x),
        m AS (SELECT period_id, level, code, median(tv) AS med, count(*) AS n FROM t GROUP BY ALL HAVING count(*) >= ${Number(peer.min_peers ?? 8)}),
        d AS (SELECT t.period_id, t.level, t.code, median(abs(t.tv - m.med)) AS mad, avg(abs(t.tv - m.med)) AS meanad,
                     median(t.value) AS raw_median
              FROM t JOIN m USING (period_id, level, code) GROUP BY ALL),
        s AS (SELECT t.*, m.med, m.n, d.mad, d.meanad, d.raw_median FROM t JOIN m USING (period_id, level, code) JOIN d USING (period_id, level, code))
        SELECT *, ${zSql('tv')} AS z FROM s
        WHERE abs(${zSql('tv')}) > ${Number(peer.threshold ?? 3.5)}`);
      for (const x of rows) {
        const v = Number(x.value), z = Number(x.z);
        const baseline = { method: 'modified_z', scale: String(x.tr) === 'log1p' ? 'log1p' : 'raw', median: Number(x.raw_median), median_scaled: Number(x.med),
          mad: Number(x.mad), mean_abs_deviation: Number(x.meanad), peers: Number(x.n), level: String(x.level), z: round(z), threshold: Number(peer.threshold ?? 3.5) };
        const vars = (f: (n: number) => string) => ({ value: f(v), median: f(Number(x.raw_median)), mad: f(Number(x.mad)), n: String(x.n), z: f(z), threshold: f(baseline.threshold) });
        out.push(flag('outlier_peer', peer.severity ?? 'info', `outlier.peer.${x.code}`, x, v, baseline,
          fill(peer.message_vi, vars((n) => fmtVi(n))), fill(peer.message_en, vars((n) => fmtEn(n))), { operator: 'abs(z)<=', bound: baseline.threshold, median: baseline.median }));
      }
    }
  }

  const trend = cfg.trend;
  if (trend) {
    const { codesSql, any } = transformSql(trend.kinds ?? {});
    if (any) {
      const rows = await db.all<any>(`
        WITH k(kind, tr) AS (VALUES ${codesSql}),
        x AS (
          SELECT f.unit_id, f.period_id, p.year, p.kind AS pkind, i.code, any_value(k.tr) AS tr,
                 arg_min(f.document_id, f.row_no) AS document_id, min(f.value) AS value, min(f.line) AS line
          FROM current_fact f JOIN indicator i USING (indicator_id) JOIN k ON k.kind = i.kind JOIN period p ON p.period_id = f.period_id
          WHERE f.status = 'reported' AND ${units}
          GROUP BY f.unit_id, f.period_id, p.year, p.kind, i.code),
        t AS (SELECT *, CASE WHEN tr = 'log1p' THEN ln(1 + greatest(value, 0)) ELSE value END AS tv FROM x),
        h AS (
          SELECT c.unit_id, c.period_id, c.code, c.value, c.tv, c.line, c.document_id, c.year, c.pkind,
                 median(o.tv) AS med, count(*) AS n, list(o.value ORDER BY o.year) AS hist, list(o.year ORDER BY o.year) AS hist_years,
                 median(o.value) AS raw_median
          FROM t c JOIN t o ON o.unit_id = c.unit_id AND o.code = c.code AND o.pkind = c.pkind AND o.year < c.year
          GROUP BY c.unit_id, c.period_id, c.code, c.value, c.tv, c.line, c.document_id, c.year, c.pkind
          HAVING count(*) >= ${Number(trend.min_history ?? 3)}),
        d AS (
          SELECT h.unit_id, h.period_id, h.code, median(abs(o.tv - h.med)) AS mad, avg(abs(o.tv - h.med)) AS meanad
          FROM h JOIN t o ON o.unit_id = h.unit_id AND o.code = h.code AND o.pkind = h.pkind AND o.year < h.year
          GROUP BY ALL),
        s AS (SELECT h.*, d.mad, d.meanad FROM h JOIN d USING (unit_id, period_id, code))
        SELECT *, ${zSql('tv')} AS z FROM s
        WHERE abs(${zSql('tv')}) > ${Number(trend.threshold ?? 3.5)}
          AND abs(value - raw_median) > ${Number(trend.min_relative_change ?? 0.5)} * greatest(abs(raw_median), 1)`);
      for (const x of rows) {
        const v = Number(x.value), z = Number(x.z);
        const hist = toArr(x.hist).map(Number), years = toArr(x.hist_years).map(Number);
        const baseline = { method: 'modified_z', median: Number(x.raw_median), mad: Number(x.mad), mean_abs_deviation: Number(x.meanad),
          history: years.map((y, i) => ({ year: y, kind: String(x.pkind), value: hist[i] })), z: round(z), threshold: Number(trend.threshold ?? 3.5) };
        const histText = (f: (n: number) => string) => years.map((y, i) => `${y}: ${f(hist[i])}`).join(', ');
        const vars = (f: (n: number) => string) => ({ value: f(v), median: f(Number(x.raw_median)), mad: f(Number(x.mad)), z: f(z), threshold: f(baseline.threshold), history: histText(f) });
        out.push(flag('outlier_trend', trend.severity ?? 'info', `outlier.trend.${x.code}`, x, v, baseline,
          fill(trend.message_vi, vars((n) => fmtVi(n))), fill(trend.message_en, vars((n) => fmtEn(n))), { operator: 'abs(z)<=', bound: baseline.threshold, median: baseline.median }));
      }
    }
  }
  return out;
}

function flag(kind: string, severity: any, ruleId: string, x: any, v: number, baseline: unknown, vi: string, en: string, expected: unknown): FlagRow {
  const unit = Number(x.unit_id), period = Number(x.period_id), code = String(x.code);
  return {
    fingerprint: fingerprintOf(kind, ruleId, unit, period, [code]), kind, severity, rule_id: ruleId, unit_id: unit, period_id: period,
    document_id: num(x.document_id), indicators: [code], observed: { [code]: v }, expected, baseline, message_vi: vi, message_en: en, line: num(x.line),
  };
}

function round(x: number, d = 3): number {
  return Math.round(x * 10 ** d) / 10 ** d;
}

function toArr(x: unknown): unknown[] {
  if (Array.isArray(x)) return x;
  if (x && typeof x === 'object' && 'items' in (x as any)) return (x as any).items;
  return [];
}
