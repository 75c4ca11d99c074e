/**
 * Indicator values for the dashboard views. Every query starts from the units in scope and LEFT JOINs
 * the facts, so a unit that did not report comes back with status 'missing' and value NULL — never 0.
 */
import { Params, unitWhere, type Query, type Scope } from './query.ts';

/**
 * Current facts of the given periods, filtered on `fact` before the document join. fact is stored
 * ordered by period, unit, indicator, so a constant period range (bound parameters, not a lookup)
 * lets DuckDB skip every row group outside it; an IN list alone does not prune. Indicator ids, when
 * the caller resolved them (indicatorIdsQuery), are a constant filter applied in the scan, whereas a
 * join on indicator.code only filters after the document join. `extra` adds conditions on fact
 * columns (alias f) applied before the join too.
 */
function currentFactsOf(p: Params, periods: number[] | { from: number; to: number }, ids?: number[], extra = ''): string {
  const list = Array.isArray(periods) ? periods : null;
  const lo = p.add(list ? Math.min(...list) : (periods as { from: number }).from);
  const hi = p.add(list ? Math.max(...list) : (periods as { to: number }).to);
  const inList = list && list.length > 1 ? `AND f.period_id IN ${p.list(list)}` : '';
  const inds = ids && ids.length ? `AND f.indicator_id IN ${p.list(ids)}` : '';
  return `(SELECT f.* FROM fact f JOIN document d USING (document_id)
           WHERE f.period_id BETWEEN ${lo} AND ${hi} ${inList} ${inds} ${extra} AND d.status = 'current')`;
}

/** Units in scope for a period (id and name), the names the matrix rows leave out. */
export function scopeUnitNamesQuery(scope: Scope, periodId: number): Query {
  const p = new Params();
  const per = p.add(periodId);
  const where = unitWhere(scope, p, 'pr');
  return { sql: `SELECT u.unit_id, u.name FROM unit u JOIN period pr ON pr.period_id = ${per} WHERE ${where}`, params: p.values };
}

/** Ids of catalogue codes, so the page loads can hand them to the builders as constant filters. */
export function indicatorIdsQuery(codes: string[]): Query {
  if (!codes.length) return { sql: 'SELECT NULL WHERE FALSE', params: [] };
  const p = new Params();
  return { sql: `SELECT code, indicator_id FROM indicator WHERE code IN ${p.list(codes)}`, params: p.values };
}

/** fact.status, plus 'missing' when the unit has no current fact for that indicator and period. */
export type ValueStatus = 'reported' | 'empty' | 'text' | 'not_applicable' | 'undefined_rate' | 'missing';

export interface UnitValue {
  unit_id: number;
  unit_name: string;
  level: string;
  province: string | null;
  value: number | null;
  status: ValueStatus;
  raw: string | null;
  document_id: number | null;
  line: number | null;
}

/** One indicator across every unit in scope for one period (sorted bars, distributions). */
export function indicatorAcrossUnitsQuery(scope: Scope, indicator: string, periodId: number, indicatorIds?: number[]): Query {
  const p = new Params();
  const per = p.add(periodId);
  const ind = p.add(indicator);
  const facts = currentFactsOf(p, [periodId], indicatorIds);
  const where = unitWhere(scope, p, 'pr');
  return {
    sql: `SELECT u.unit_id, u.name AS unit_name, u.level, u.province,
                 f.value, coalesce(f.status, 'missing') AS status, f.raw, f.document_id, f.line
          FROM unit u
          JOIN period pr ON pr.period_id = ${per}
          LEFT JOIN (SELECT cf.* FROM ${facts} cf JOIN indicator i USING (indicator_id)
                     WHERE i.code = ${ind}
                     QUALIFY row_number() OVER (PARTITION BY cf.unit_id ORDER BY cf.row_no) = 1) f
            ON f.unit_id = u.unit_id
          WHERE ${where}
          ORDER BY f.value DESC NULLS LAST, u.name COLLATE vi`,
    params: p.values
  };
}

export interface TrendRow {
  period_id: number;
  year: number;
  kind: string;
  label_vi: string;
  label_en: string;
  unit_id: number;
  unit_name: string;
  indicator: string;
  value: number | null;
  status: ValueStatus;
}

export interface TrendParams {
  indicators: string[];
  units: number[];
  fromPeriod: number;
  toPeriod: number;
  /** Only periods of these kinds (compare cumulative indicators like with like). */
  kinds?: string[];
}

/**
 * Values of indicators over periods for chosen units. Periods are those any unit in the warehouse
 * reported for within the range, so a gap for one unit shows as 'missing' rather than vanishing.
 */
export function trendQuery(t: TrendParams): Query {
  const p = new Params();
  if (!t.indicators.length || !t.units.length) return { sql: 'SELECT NULL WHERE FALSE', params: [] };
  const from = p.add(t.fromPeriod);
  const to = p.add(t.toPeriod);
  const kinds = t.kinds && t.kinds.length ? `AND pr.kind IN ${p.list(t.kinds)}` : '';
  const inds = p.list(t.indicators);
  const units = p.list(t.units);
  return {
    sql: `WITH pr AS (SELECT pr.* FROM period pr
                      WHERE pr.period_id BETWEEN ${from} AND ${to} ${kinds}
                        AND EXISTS (SELECT 1 FROM document d WHERE d.period_id = pr.period_id AND d.status = 'current')),
               i AS (SELECT indicator_id, code FROM indicator WHERE code IN ${inds}),
               u AS (SELECT unit_id, name FROM unit WHERE unit_id IN ${units})
          SELECT pr.period_id, pr.year, pr.kind, pr.label_vi, pr.label_en, u.unit_id, u.name AS unit_name,
                 i.code AS indicator, f.value, coalesce(f.status, 'missing') AS status
          FROM pr CROSS JOIN i CROSS JOIN u
          LEFT JOIN (SELECT unit_id, period_id, indicator_id, any_value(value ORDER BY row_no) AS value,
                            any_value(status ORDER BY row_no) AS status
                     FROM current_fact
                     -- filter before grouping: grouping all of current_fact took seconds at 30M facts
                     WHERE unit_id IN ${units} AND period_id BETWEEN ${from} AND ${to}
                       AND indicator_id IN (SELECT indicator_id FROM i)
                     GROUP BY ALL) f
            ON f.unit_id = u.unit_id AND f.period_id = pr.period_id AND f.indicator_id = i.indicator_id
          ORDER BY i.code, u.unit_id, pr.period_id`,
    params: p.values
  };
}

export interface BandRow {
  period_id: number;
  indicator: string;
  p25: number | null;
  median: number | null;
  p75: number | null;
  n: number;
}

/**
 * Peer band per period: quartiles over the reported values of units in scope (the peer group).
 * `periodIds` narrows the range to the periods the caller shows (a trend's periods); `indicatorIds`
 * (indicatorIdsQuery) filters the fact scan before the document join.
 */
export function peerBandQuery(
  scope: Scope,
  indicators: string[],
  fromPeriod: number,
  toPeriod: number,
  indicatorIds?: number[],
  periodIds?: number[]
): Query {
  const p = new Params();
  if (!indicators.length) return { sql: 'SELECT NULL WHERE FALSE', params: [] };
  const inds = p.list(indicators);
  const inRange = periodIds?.filter((x) => x >= fromPeriod && x <= toPeriod);
  // Over a whole range, the view with the code join measured faster (the join's filter reaches the
  // scan) than the constant-id subquery; a period list needs the subquery to skip other periods.
  const narrow = !!inRange?.length;
  const facts = narrow ? currentFactsOf(p, inRange!, indicatorIds, `AND f.status = 'reported'`) : 'current_fact';
  const range = narrow ? '' : `AND f.period_id BETWEEN ${p.add(fromPeriod)} AND ${p.add(toPeriod)} AND f.status = 'reported'`;
  const where = unitWhere({ level: scope.level, province: scope.province }, p);
  return {
    sql: `SELECT f.period_id, i.code AS indicator,
                 quantile_cont(f.value, 0.25) AS p25, median(f.value) AS median, quantile_cont(f.value, 0.75) AS p75,
                 CAST(count(*) AS INTEGER) AS n
          FROM ${facts} f JOIN indicator i USING (indicator_id) JOIN unit u ON u.unit_id = f.unit_id
          WHERE i.code IN ${inds} ${range} AND ${where}
          GROUP BY ALL ORDER BY i.code, f.period_id`,
    params: p.values
  };
}

export interface MatrixRow {
  unit_id: number;
  unit_name: string;
  indicator: string;
  value: number | null;
  status: ValueStatus;
  /** 0..1 within the indicator across units in scope (min-max), null when not reported. */
  norm: number | null;
}

/**
 * Units × indicators for one period (heat map). Normalised per indicator so that indicators in
 * different units of measure share one colour scale. Rows are ordered by unit name (Vietnamese
 * collation) then indicator code: the units in scope are ranked by name once (a few thousand) and
 * the rows sorted by that rank, since a COLLATE vi sort of every unit × indicator row cost more than
 * the rest of the query (units with the same name stay together, by unit_id).
 */
function matrixSql(scope: Scope, periodId: number, indicators: string[], indicatorIds: number[] | undefined, p: Params): string {
  const per = p.add(periodId);
  const inds = p.list(indicators);
  const facts = currentFactsOf(p, [periodId], indicatorIds);
  const where = unitWhere(scope, p, 'pr');
  return `WITH u AS (SELECT u.unit_id, u.name, row_number() OVER (ORDER BY u.name COLLATE vi, u.unit_id) AS ord
                     FROM unit u JOIN period pr ON pr.period_id = ${per} WHERE ${where}),
               i AS (SELECT indicator_id, code FROM indicator WHERE code IN ${inds}),
               f AS (SELECT unit_id, indicator_id, any_value(value ORDER BY row_no) AS value,
                            any_value(status ORDER BY row_no) AS status
                     FROM ${facts} f WHERE indicator_id IN (SELECT indicator_id FROM i) GROUP BY ALL),
               m AS (SELECT u.unit_id, u.name AS unit_name, u.ord, i.code AS indicator,
                            CASE WHEN f.status = 'reported' THEN f.value END AS value,
                            coalesce(f.status, 'missing') AS status
                     FROM u CROSS JOIN i LEFT JOIN f ON f.unit_id = u.unit_id AND f.indicator_id = i.indicator_id),
               n AS (SELECT m.*, CASE WHEN value IS NULL THEN NULL
                                      WHEN max(value) OVER w = min(value) OVER w THEN 0.5
                                      ELSE (value - min(value) OVER w) / (max(value) OVER w - min(value) OVER w) END AS norm
                     FROM m WINDOW w AS (PARTITION BY indicator))`;
}

export function unitIndicatorMatrixQuery(scope: Scope, periodId: number, indicators: string[], indicatorIds?: number[]): Query {
  const p = new Params();
  if (!indicators.length) return { sql: 'SELECT NULL WHERE FALSE', params: [] };
  const w = matrixSql(scope, periodId, indicators, indicatorIds, p);
  return {
    sql: `${w} SELECT unit_id, unit_name, indicator, value, status, norm FROM n ORDER BY ord, indicator`,
    params: p.values
  };
}

/** The statuses of matrix cells, numbered as matrix column queries return them. */
export const MATRIX_STATUSES: readonly ValueStatus[] = ['reported', 'empty', 'text', 'not_applicable', 'undefined_rate', 'missing'];

/**
 * The matrix rows of unitIndicatorMatrixQuery, same order, as numbers only: unit_id, indicator_id,
 * value, status (index into MATRIX_STATUSES), norm. 40 000 rows with three strings each cost far more
 * to turn into JS values than the query; the caller attaches names and codes once per unit and
 * indicator (scopeUnitNamesQuery, indicatorIdsQuery).
 */
export function unitIndicatorMatrixColumnsQuery(scope: Scope, periodId: number, indicators: string[], indicatorIds?: number[]): Query {
  const p = new Params();
  if (!indicators.length) return { sql: 'SELECT NULL WHERE FALSE', params: [] };
  const w = matrixSql(scope, periodId, indicators, indicatorIds, p);
  const st = `CASE status ${MATRIX_STATUSES.map((s, k) => `WHEN '${s}' THEN ${k}`).join(' ')} END`;
  return {
    sql: `${w}, c AS (SELECT n.*, i.indicator_id FROM n JOIN i ON i.code = n.indicator)
          SELECT CAST(unit_id AS INTEGER) AS unit_id, CAST(indicator_id AS INTEGER) AS indicator_id, value,
                 CAST(${st} AS INTEGER) AS status, norm
          FROM c ORDER BY ord, indicator`,
    params: p.values
  };
}

export interface HeadlineRow {
  indicator: string;
  period_id: number;
  median: number | null;
  mean: number | null;
  reported: number;
}

/** Median and mean of each indicator over units in scope, for the given periods. */
export function headlineQuery(scope: Scope, indicators: string[], periodIds: number[], indicatorIds?: number[]): Query {
  const p = new Params();
  if (!indicators.length || !periodIds.length) return { sql: 'SELECT NULL WHERE FALSE', params: [] };
  const inds = p.list(indicators);
  const facts = currentFactsOf(p, periodIds, indicatorIds);
  const where = unitWhere(scope, p);
  return {
    sql: `SELECT i.code AS indicator, f.period_id, median(f.value) AS median, avg(f.value) AS mean,
                 CAST(count(*) AS INTEGER) AS reported
          FROM ${facts} f JOIN indicator i USING (indicator_id) JOIN unit u ON u.unit_id = f.unit_id
          WHERE i.code IN ${inds} AND f.status = 'reported' AND ${where}
          GROUP BY ALL`,
    params: p.values
  };
}

export interface WithinRow {
  period_id: number;
  within: number;
  both: number;
}

/** Units whose part stays within the whole (e.g. staff present <= quota), among those reporting both. */
export function withinQuery(scope: Scope, part: string, whole: string, periodIds: number[], indicatorIds?: number[]): Query {
  const p = new Params();
  if (!periodIds.length) return { sql: 'SELECT NULL WHERE FALSE', params: [] };
  const partP = p.add(part);
  const wholeP = p.add(whole);
  const facts = currentFactsOf(p, periodIds, indicatorIds, `AND f.status = 'reported'`);
  const where = unitWhere(scope, p);
  return {
    sql: `WITH v AS (SELECT f.unit_id, f.period_id,
                            any_value(f.value) FILTER (WHERE i.code = ${partP}) AS part,
                            any_value(f.value) FILTER (WHERE i.code = ${wholeP}) AS whole
                     FROM ${facts} f JOIN indicator i USING (indicator_id) JOIN unit u ON u.unit_id = f.unit_id
                     WHERE i.code IN (${partP}, ${wholeP}) AND ${where}
                     GROUP BY ALL)
          SELECT period_id, CAST(count(*) FILTER (WHERE part <= whole) AS INTEGER) AS within,
                 CAST(count(*) AS INTEGER) AS both
          FROM v WHERE part IS NOT NULL AND whole IS NOT NULL GROUP BY period_id`,
    params: p.values
  };
}

export interface MoverRow {
  unit_id: number;
  unit_name: string;
  indicator: string;
  value: number;
  previous: number;
  change: number;
}

/** Largest changes between two periods for the given indicators (both values reported). */
export function moversQuery(
  scope: Scope,
  indicators: string[],
  periodId: number,
  previousId: number,
  limit = 10,
  indicatorIds?: number[]
): Query {
  const p = new Params();
  if (!indicators.length) return { sql: 'SELECT NULL WHERE FALSE', params: [] };
  const inds = p.list(indicators);
  const cur = p.add(periodId);
  const prev = p.add(previousId);
  const facts = currentFactsOf(p, [periodId, previousId], indicatorIds, `AND f.status = 'reported'`);
  const where = unitWhere(scope, p);
  const lim = p.add(limit);
  return {
    // One pass grouped by unit and indicator with the two periods side by side (rather than the
    // grouped facts joined to themselves), then only the units in scope.
    sql: `WITH v AS (SELECT f.unit_id, i.code AS indicator,
                            any_value(f.value ORDER BY f.row_no) FILTER (WHERE f.period_id = ${cur}) AS value,
                            any_value(f.value ORDER BY f.row_no) FILTER (WHERE f.period_id = ${prev}) AS previous,
                            count(*) FILTER (WHERE f.period_id = ${cur}) AS n_cur,
                            count(*) FILTER (WHERE f.period_id = ${prev}) AS n_prev
                     FROM ${facts} f JOIN indicator i USING (indicator_id)
                     WHERE i.code IN ${inds}
                     GROUP BY ALL)
          SELECT u.unit_id, u.name AS unit_name, v.indicator, v.value, v.previous, v.value - v.previous AS change
          FROM v JOIN unit u ON u.unit_id = v.unit_id
          WHERE v.n_cur > 0 AND v.n_prev > 0 AND ${where}
          ORDER BY abs(v.value - v.previous) DESC, u.name COLLATE vi
          LIMIT ${lim}`,
    params: p.values
  };
}

export interface CompletenessRow {
  unit_id: number;
  unit_name: string;
  level: string;
  province: string | null;
  status: 'on_time' | 'late' | 'missing';
  submitted_on: string | null;
  days_late: number | null;
  document_id: number | null;
}

/** Who reported for the period, who was late, who has not reported (migration 002's view). */
export function completenessQuery(scope: Scope, periodId: number): Query {
  const p = new Params();
  const per = p.add(periodId);
  const where = unitWhere(scope, p);
  return {
    sql: `SELECT t.unit_id, t.unit_name, t.level, t.province, t.status, CAST(t.submitted_on AS VARCHAR) AS submitted_on,
                 CAST(t.days_late AS INTEGER) AS days_late, t.document_id
          FROM report_timeliness t JOIN unit u ON u.unit_id = t.unit_id
          WHERE t.period_id = ${per} AND ${where}
          ORDER BY CASE t.status WHEN 'missing' THEN 0 WHEN 'late' THEN 1 ELSE 2 END, t.unit_name COLLATE vi`,
    params: p.values
  };
}

export interface UnitIndicatorRow {
  period_id: number;
  label_vi: string;
  label_en: string;
  indicator: string;
  area: number;
  name_vi: string;
  name_en: string;
  uom: string | null;
  value: number | null;
  status: ValueStatus;
  raw: string | null;
  document_id: number;
  line: number | null;
}

/** Every current fact of one unit (unit profile), newest period first. */
export function unitFactsQuery(unitId: number): Query {
  const p = new Params();
  const u = p.add(unitId);
  return {
    // Through the unit's current documents (a small table); the constant unit filter on fact lets the
    // scan skip row groups (fact is ordered by period, unit, indicator), a join on document_id cannot.
    sql: `WITH d AS (SELECT document_id FROM document WHERE unit_id = ${u} AND status = 'current')
          SELECT f.period_id, pr.label_vi, pr.label_en, i.code AS indicator, i.area, i.name_vi, i.name_en, i.uom,
                 f.value, f.status, f.raw, f.document_id, f.line
          FROM (SELECT * FROM fact WHERE unit_id = ${u}) f JOIN d USING (document_id) JOIN indicator i USING (indicator_id) JOIN period pr ON pr.period_id = f.period_id
          ORDER BY i.area, i.code, f.period_id`,
    params: p.values
  };
}

export interface StandingRow {
  indicator: string;
  value: number | null;
  status: ValueStatus;
  /** 1 + the number of reporting peers with a higher value; null unless the unit reported. */
  rank: number | null;
  /** Peers (units in scope, the unit included) that reported the indicator. */
  of: number;
}

/**
 * One unit's place among the units in scope for several indicators in one period, in one query:
 * the same rows as indicatorAcrossUnitsQuery per indicator, but ranked in SQL so that only one row
 * per indicator travels back instead of every unit's value.
 */
export function unitStandingQuery(scope: Scope, unitId: number, indicators: string[], periodId: number, indicatorIds?: number[]): Query {
  const p = new Params();
  if (!indicators.length) return { sql: 'SELECT NULL WHERE FALSE', params: [] };
  const per = p.add(periodId);
  const me = p.add(unitId);
  const inds = p.list(indicators);
  const facts = currentFactsOf(p, [periodId], indicatorIds);
  const where = unitWhere(scope, p, 'pr');
  return {
    sql: `WITH u AS (SELECT u.unit_id FROM unit u JOIN period pr ON pr.period_id = ${per} WHERE ${where}),
               i AS (SELECT indicator_id, code FROM indicator WHERE code IN ${inds}),
               f AS (SELECT cf.unit_id, cf.indicator_id, cf.value, cf.status FROM ${facts} cf
                     WHERE cf.indicator_id IN (SELECT indicator_id FROM i)
                     QUALIFY row_number() OVER (PARTITION BY cf.unit_id, cf.indicator_id ORDER BY cf.row_no) = 1),
               r AS (SELECT i.code, u.unit_id, f.value, coalesce(f.status, 'missing') AS status
                     FROM u CROSS JOIN i LEFT JOIN f ON f.unit_id = u.unit_id AND f.indicator_id = i.indicator_id),
               s AS (SELECT code, count(*) FILTER (WHERE status = 'reported') AS n FROM r GROUP BY code)
          SELECT i.code AS indicator, m.value, coalesce(m.status, 'missing') AS status,
                 CASE WHEN m.status = 'reported'
                      THEN CAST((SELECT count(*) FROM r WHERE r.code = i.code AND r.status = 'reported'
                                   AND coalesce(r.value, 0) > coalesce(m.value, 0)) + 1 AS INTEGER) END AS rank,
                 CAST(coalesce(s.n, 0) AS INTEGER) AS "of"
          FROM i LEFT JOIN r m ON m.code = i.code AND m.unit_id = ${me} LEFT JOIN s ON s.code = i.code`,
    params: p.values
  };
}

/**
 * unitFactsQuery without the indicator and period descriptions repeated on every row (the page load
 * attaches them from unitFactDimensionsQuery): turning thousands of rows into JS objects costs more
 * than the query itself, and most of it was those repeated strings.
 */
export function unitFactValuesQuery(unitId: number): Query {
  const p = new Params();
  const u = p.add(unitId);
  return {
    sql: `WITH d AS (SELECT document_id FROM document WHERE unit_id = ${u} AND status = 'current')
          SELECT f.period_id, f.indicator_id, f.value, f.status, f.raw, f.document_id, f.line
          FROM (SELECT * FROM fact WHERE unit_id = ${u}) f JOIN d USING (document_id) JOIN indicator i USING (indicator_id)
          JOIN period pr ON pr.period_id = f.period_id
          ORDER BY i.area, i.code, f.period_id`,
    params: p.values
  };
}

/** The indicator and period descriptions unitFactValuesQuery leaves out, tagged by kind. */
export function unitFactDimensionsQuery(): Query {
  return {
    sql: `SELECT 'i' AS kind, indicator_id AS id, code, area, name_vi, name_en, uom FROM indicator
          UNION ALL
          SELECT 'p', period_id, NULL, NULL, label_vi, label_en, NULL FROM period`,
    params: []
  };
}
