/**
 * The ranking engine: one SQL query over current_fact scores every reporting unit of a period (and
 * of the previous comparable period, for movement) with a model from model.ts. The model travels as
 * a JSON parameter, so the SQL text is fixed and nothing a user types is concatenated into it.
 *
 * Definitions (also in warehouse/rankings/README.md):
 * - A unit is ranked for a period when it has a current report for that period and its level
 *   belongs to a peer group of the model.
 * - Criterion value: the indicator's reported value; for a rate, 100 × numerator / denominator when
 *   the rate row itself is not reported (denominator 0 = undefined = missing); for a difference,
 *   first − second. When an indicator occurs on several rows of one report, the first row with a
 *   number is used.
 * - Missing value: policy "zero" gives 0 points and keeps the maximum, "exclude" drops the criterion
 *   from the maximum. Both list the codes under `missing`.
 * - Area points are rounded to 2 decimals and the score is their sum, so areas add up to the score;
 *   index % = 100 × score / maximum achievable; ties (same index to 2 decimals) share a rank (RANK()).
 * - Movement = previous rank − rank (positive = moved up) in the previous comparable period: the
 *   previous quarter for quarters (Q1 after Q4 of the year before), the same kind of the year
 *   before for H1, 9M and year. Null when the unit was not ranked then (new unit, no report, or a
 *   unit created by the 2025 restructuring: successors are not treated as the same unit).
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { criterionRows, modelKey, type RankingModel } from './model.ts';

/**
 * What the engine needs from the warehouse handle: the DuckDB connection of warehouse/db.ts
 * openWarehouse(), or any runner with all(sql, positionalParams) (the dashboard's handle).
 */
export type RankingDb =
  | { conn: DuckDBConnection }
  | { all(sql: string, params?: (string | number | boolean | null)[]): Promise<unknown[]> };

export interface PeriodInfo {
  id: number;
  year: number;
  kind: string;
  label_vi: string;
  label_en: string;
}

export interface AreaScore {
  area: string;
  name_vi: string;
  name_en: string;
  points: number;
  max: number;
  /** points / max × 100, null when every criterion of the area was excluded. */
  index_pct: number | null;
}

export interface RankingRow {
  unit_id: number;
  unit: string;
  level: string;
  province: string | null;
  peer_group: string;
  period: PeriodInfo;
  model: string;
  score: number;
  max: number;
  index_pct: number | null;
  rank: number | null;
  /** Number of units ranked in the same peer group. */
  peer_count: number;
  tier: string | null;
  tier_label_vi: string | null;
  tier_label_en: string | null;
  previous_rank: number | null;
  movement: number | null;
  areas: AreaScore[];
  missing: string[];
  /** Criteria with a value / all criteria of the model. */
  criteria_scored: number;
  criteria_total: number;
  completeness_vi: string | null;
  completeness_en: string | null;
}

export interface CriterionDetail {
  unit_id: number;
  area: string;
  criterion: string;
  codes: string[];
  /** The value scored (a rate computed from its parts when `computed`). */
  value: number | null;
  computed: boolean;
  points: number;
  max: number;
  /** Max counted in the index: 0 when the value is missing and the policy is "exclude". */
  max_counted: number;
  missing: boolean;
  policy: string;
  /** Source of each code read: the report row the value came from. */
  sources: { code: string; value: number | null; status: string | null; raw: string | null; line: number | null; document_id: number | null; file_name: string | null }[];
}

export interface RankingQuery {
  /** period_id (year*100+ordinal); default: latest period with a current report. */
  period?: number;
  level?: string;
  province?: string;
  model: RankingModel;
}

export interface RankingResult {
  period: PeriodInfo | null;
  previous: PeriodInfo | null;
  model: string;
  rows: RankingRow[];
}

const KIND_ORDINAL: Record<string, number> = { Q1: 1, Q2: 2, H1: 3, Q3: 4, '9M': 5, Q4: 6, year: 7 };

/** The previous comparable period: previous quarter for quarters, the same kind a year earlier otherwise. */
export function previousComparable(year: number, kind: string): { year: number; kind: string; id: number } {
  const quarters = ['Q1', 'Q2', 'Q3', 'Q4'];
  const qi = quarters.indexOf(kind);
  const prev = qi > 0 ? { year, kind: quarters[qi - 1] } : qi === 0 ? { year: year - 1, kind: 'Q4' } : { year: year - 1, kind };
  return { ...prev, id: prev.year * 100 + KIND_ORDINAL[prev.kind] };
}

async function rows<T>(db: RankingDb, sql: string, params: Record<string, string | number | boolean | null>): Promise<T[]> {
  if ('conn' in db && db.conn) {
    const r = await db.conn.runAndReadAll(sql, params as never);
    return r.getRowObjectsJS() as T[];
  }
  // positional runner: $name -> $1, $2... in order of first use (a number may repeat)
  const order: string[] = [];
  const text = sql.replace(/\$([a-z_]+)\b/g, (_, n: string) => {
    if (!(n in params)) throw new Error(`missing SQL parameter $${n}`);
    let i = order.indexOf(n);
    if (i < 0) i = order.push(n) - 1;
    return `$${i + 1}`;
  });
  return (await (db as { all(s: string, p: unknown[]): Promise<unknown[]> }).all(text, order.map((n) => params[n]))) as T[];
}

const PERIOD_COLS = `CAST(period_id AS INTEGER) AS id, CAST(year AS INTEGER) AS year, kind, label_vi, label_en`;

export async function getPeriod(db: RankingDb, id: number): Promise<PeriodInfo | null> {
  const r = await rows<PeriodInfo>(db, `SELECT ${PERIOD_COLS} FROM period WHERE period_id = $id`, { id });
  return r[0] ?? null;
}

/** Latest period (by end of its data window) that has at least one current report. */
export async function latestPeriod(db: RankingDb): Promise<PeriodInfo | null> {
  const r = await rows<PeriodInfo>(
    db,
    `SELECT ${PERIOD_COLS} FROM period p
     WHERE EXISTS (SELECT 1 FROM document d WHERE d.period_id = p.period_id AND d.status = 'current')
     ORDER BY window_end DESC, period_id DESC LIMIT 1`,
    {},
  );
  return r[0] ?? null;
}

/** Periods that have current reports, newest first (for period pickers). */
export async function periodsWithData(db: RankingDb): Promise<PeriodInfo[]> {
  return rows<PeriodInfo>(
    db,
    `SELECT ${PERIOD_COLS} FROM period p
     WHERE EXISTS (SELECT 1 FROM document d WHERE d.period_id = p.period_id AND d.status = 'current')
     ORDER BY window_end DESC, period_id DESC`,
    {},
  );
}

const CRIT_TYPE = `'[{"id":"VARCHAR","area":"VARCHAR","area_order":"INTEGER","crit_order":"INTEGER","kind":"VARCHAR","a":"VARCHAR","b":"VARCHAR","num":"VARCHAR","den":"VARCHAR","type":"VARCHAR","lo":"DOUBLE","hi":"DOUBLE","steps":[{"min":"DOUBLE","max":"DOUBLE","points":"DOUBLE"}],"max":"DOUBLE","missing":"VARCHAR"}]'`;
const GROUP_TYPE = `'[{"level":"VARCHAR","grp":"VARCHAR","within_province":"BOOLEAN"}]'`;
const TIER_TYPE = `'[{"id":"VARCHAR","min":"DOUBLE","label_vi":"VARCHAR","label_en":"VARCHAR"}]'`;

/**
 * Scoring of every criterion for every ranked unit in $p and $prev. Shared by the ranking and the
 * "why this score" queries.
 */
const SCORED = `
crit AS (SELECT c.* FROM (SELECT unnest(from_json($crit::JSON, ${CRIT_TYPE})) AS c)),
grp AS (SELECT g.* FROM (SELECT unnest(from_json($groups::JSON, ${GROUP_TYPE})) AS g)),
ranked_units AS (
  SELECT DISTINCT d.unit_id, d.period_id, u.name, u.level, u.province, g.grp, g.within_province
  FROM document d JOIN unit u USING (unit_id) JOIN grp g ON g.level = u.level
  WHERE d.status = 'current' AND d.period_id IN ($p, $prev)
),
-- (criterion, role, indicator) for every code a criterion reads
cc AS (
  SELECT x.criterion, x.role, i.indicator_id, i.code FROM (
    SELECT id AS criterion, 'a' AS role, a AS code FROM crit UNION ALL
    SELECT id, 'b', b FROM crit UNION ALL
    SELECT id, 'n', num FROM crit UNION ALL
    SELECT id, 'd', den FROM crit) x
  JOIN indicator i ON i.code = x.code
),
crit_ids AS (
  SELECT c.*, ia.indicator_id AS a_id, ib.indicator_id AS b_id, inu.indicator_id AS n_id, ide.indicator_id AS d_id
  FROM crit c
  LEFT JOIN indicator ia ON ia.code = c.a LEFT JOIN indicator ib ON ib.code = c.b
  LEFT JOIN indicator inu ON inu.code = c.num LEFT JOIN indicator ide ON ide.code = c.den
),
fv AS (
  -- a report may repeat a row: the first row with a number wins. Rows without a number (empty,
  -- text, not applicable, undefined rate) are left out: the code is then missing for the criterion.
  SELECT f.unit_id, f.period_id, f.indicator_id, arg_min(f.value, f.row_no) AS value
  FROM current_fact f
  -- value is null unless status = 'reported' (schema 001), so the status column need not be read
  WHERE f.period_id IN ($p, $prev) AND f.value IS NOT NULL
    AND f.indicator_id IN (SELECT indicator_id FROM cc)
  GROUP BY f.unit_id, f.period_id, f.indicator_id
),
cv0 AS (
  SELECT r.unit_id, r.period_id, c.id AS criterion, c.area, c.area_order, c.crit_order, c.kind, c.type,
         c.lo, c.hi, c.steps, c.max, c.missing, c.a, c.b, c.num, c.den,
         va.value AS a_val, vb.value AS b_val, vn.value AS n_val, vd.value AS d_val
  FROM ranked_units r CROSS JOIN crit_ids c
  LEFT JOIN fv va ON va.unit_id = r.unit_id AND va.period_id = r.period_id AND va.indicator_id = c.a_id
  LEFT JOIN fv vb ON vb.unit_id = r.unit_id AND vb.period_id = r.period_id AND vb.indicator_id = c.b_id
  LEFT JOIN fv vn ON vn.unit_id = r.unit_id AND vn.period_id = r.period_id AND vn.indicator_id = c.n_id
  LEFT JOIN fv vd ON vd.unit_id = r.unit_id AND vd.period_id = r.period_id AND vd.indicator_id = c.d_id
),
cv AS (
  SELECT *,
         CASE WHEN kind = 'difference' THEN a_val - b_val
              ELSE coalesce(a_val, CASE WHEN d_val > 0 THEN 100.0 * n_val / d_val END) END AS v,
         (kind = 'value' AND a_val IS NULL AND d_val > 0 AND n_val IS NOT NULL) AS computed
  FROM cv0
),
pts AS MATERIALIZED (
  SELECT unit_id, period_id, criterion, area, area_order, crit_order, kind, a, b, num, den,
         a_val, b_val, n_val, d_val, v, computed, max, missing,
    CASE WHEN v IS NULL THEN 0.0
         WHEN type = 'linear' THEN max * greatest(0.0, least(1.0, (v - lo) / (hi - lo)))
         WHEN type = 'flag' THEN CASE WHEN v = lo THEN max ELSE 0.0 END
         WHEN type = 'steps' THEN least(max, coalesce(list_max(list_transform(steps, s ->
              CASE WHEN (s.min IS NULL OR v >= s.min) AND (s.max IS NULL OR v <= s.max) THEN s.points ELSE 0.0 END)), 0.0))
    END AS points,
    CASE WHEN v IS NULL AND missing = 'exclude' THEN 0.0 ELSE max END AS max_counted
  FROM cv
)`;

const RANKING_SQL = `
WITH ${SCORED},
tiers AS (SELECT list(t ORDER BY t.min DESC) AS l FROM (SELECT unnest(from_json($tiers::JSON, ${TIER_TYPE})) AS t)),
by_area AS (
  SELECT unit_id, period_id, area_order, round(sum(points), 2) AS points, sum(max_counted) AS max,
         count(*) FILTER (WHERE v IS NOT NULL) AS n_scored, count(*) AS n_total
  FROM pts GROUP BY unit_id, period_id, area_order
),
by_unit AS (
  SELECT unit_id, period_id, sum(points) AS score, sum(max) AS max,
         CAST(sum(n_scored) AS INTEGER) AS criteria_scored, CAST(sum(n_total) AS INTEGER) AS criteria_total
  FROM by_area GROUP BY unit_id, period_id
),
scored AS (
  -- the index is computed from the score rounded to 2 decimals: a parallel sum of doubles may differ
  -- in the last bit between runs, and must not flip a rank or a tie
  SELECT r.*, round(u.score, 2) AS score, round(u.max, 4) AS max, u.criteria_scored, u.criteria_total,
         CASE WHEN u.max > 0 THEN round(100.0 * round(u.score, 2) / round(u.max, 4), 2) END AS index_pct
  FROM ranked_units r JOIN by_unit u USING (unit_id, period_id)
),
ranks AS MATERIALIZED (
  SELECT *,
    CASE WHEN index_pct IS NOT NULL THEN CAST(RANK() OVER w AS INTEGER) END AS rank,
    CAST(count(index_pct) OVER (PARTITION BY period_id, grp, CASE WHEN within_province THEN province END) AS INTEGER) AS peer_count
  FROM scored
  WINDOW w AS (PARTITION BY period_id, grp, CASE WHEN within_province THEN province END, index_pct IS NULL ORDER BY index_pct DESC)
),
-- nested lists only for the period shown, as JSON text (unordered list + list_sort: no sorted aggregate)
areas_json AS (
  SELECT unit_id, to_json(list_sort(list([area_order, points, max, CASE WHEN max > 0 THEN round(100.0 * points / max, 2) END]))) AS areas
  FROM by_area WHERE period_id = $p GROUP BY unit_id
),
missing_json AS (
  -- the codes that were not reported, in criterion order
  SELECT unit_id, to_json(list_sort(list(struct_pack(o := area_order * 1000 + crit_order, c :=
           CASE WHEN kind = 'difference' THEN list_filter([CASE WHEN a_val IS NULL THEN a END, CASE WHEN b_val IS NULL THEN b END], x -> x IS NOT NULL)
                WHEN a IS NOT NULL THEN [a]
                ELSE list_filter([CASE WHEN n_val IS NULL THEN num END, CASE WHEN d_val IS NULL OR d_val = 0 THEN den END], x -> x IS NOT NULL)
           END)))) AS missing
  FROM pts WHERE period_id = $p AND v IS NULL GROUP BY unit_id
)
SELECT CAST(c.unit_id AS INTEGER) AS unit_id, c.name AS unit, c.level, c.province, c.grp AS peer_group,
       c.score, c.max, c.index_pct, c.rank, c.peer_count, a.areas, m.missing, c.criteria_scored, c.criteria_total,
       c.tier.id AS tier, c.tier.label_vi AS tier_label_vi, c.tier.label_en AS tier_label_en,
       p.rank AS previous_rank, p.rank - c.rank AS movement
FROM (SELECT r.*, CASE WHEN r.index_pct IS NOT NULL THEN list_filter(tiers.l, x -> r.index_pct >= x.min)[1] END AS tier
      FROM ranks r CROSS JOIN tiers WHERE r.period_id = $p) c
JOIN areas_json a ON a.unit_id = c.unit_id
LEFT JOIN missing_json m ON m.unit_id = c.unit_id
LEFT JOIN ranks p ON p.period_id = $prev AND p.unit_id = c.unit_id AND p.grp = c.grp
WHERE ($level::VARCHAR IS NULL OR c.level = $level)
  AND ($province::VARCHAR IS NULL OR c.province = $province)
ORDER BY c.grp, c.province, c.rank NULLS LAST, c.name COLLATE vi`;

function modelParams(model: RankingModel) {
  const peer = model.peer_groups.flatMap((g) => g.levels.map((level) => ({ level, grp: g.id, within_province: g.within_province })));
  return {
    crit: JSON.stringify(criterionRows(model)),
    groups: JSON.stringify(peer),
  };
}

function completeness(r: { missing: string[]; criteria_scored: number; criteria_total: number }): [string | null, string | null] {
  if (r.criteria_scored === r.criteria_total) return [null, null];
  const n = r.criteria_total - r.criteria_scored;
  return [
    `Thiếu số liệu cho ${n}/${r.criteria_total} tiêu chí (${r.missing.join(', ')})`,
    `No data for ${n} of ${r.criteria_total} criteria (${r.missing.join(', ')})`,
  ];
}

/** Ranks every unit of a period with a model. Fast enough for a national warehouse (one query). */
export async function computeRanking(db: RankingDb, q: RankingQuery): Promise<RankingResult> {
  const model = q.model;
  const period = q.period != null ? await getPeriod(db, q.period) : await latestPeriod(db);
  if (!period) return { period: null, previous: null, model: modelKey(model), rows: [] };
  const prevRef = previousComparable(period.year, period.kind);
  const previous = await getPeriod(db, prevRef.id);
  const raw = await rows<any>(db, RANKING_SQL, {
    ...modelParams(model),
    tiers: JSON.stringify(model.tiers.map((t) => ({ id: t.id, min: t.min, label_vi: t.label_vi, label_en: t.label_en }))),
    p: period.id,
    prev: prevRef.id,
    level: q.level ?? null,
    province: q.province ?? null,
  });
  const key = modelKey(model);
  return {
    period,
    previous,
    model: key,
    rows: raw.map((r) => {
      const areas: AreaScore[] = (JSON.parse(r.areas) as [number, number, number, number | null][]).map(([ord, points, max, index_pct]) => {
        const a = model.areas[ord];
        return { area: a.id, name_vi: a.name_vi, name_en: a.name_en, points, max, index_pct };
      });
      const missing = r.missing ? [...new Set<string>((JSON.parse(r.missing) as { c: string[] }[]).flatMap((x) => x.c))] : [];
      const base = { ...r, areas, missing };
      const [cvi, cen] = completeness(base);
      return { ...base, period, model: key, completeness_vi: cvi, completeness_en: cen } as RankingRow;
    }),
  };
}

const EXPLAIN_SQL = `
WITH ${SCORED},
src_rows AS (
  SELECT f.unit_id, cc.criterion, cc.code, f.value, f.status, f.raw, CAST(f.line AS INTEGER) AS line,
         CAST(f.document_id AS INTEGER) AS document_id, d.file_name
  FROM current_fact f JOIN cc USING (indicator_id) JOIN document d USING (document_id)
  WHERE f.period_id = $p AND f.unit_id IN (SELECT unnest(from_json($units::JSON, '["INTEGER"]')))
  -- the row the score used (same choice as fv)
  QUALIFY row_number() OVER (PARTITION BY f.unit_id, cc.criterion, cc.code
                             ORDER BY (f.status = 'reported' AND f.value IS NOT NULL) DESC, f.document_id, f.row_no) = 1
),
src AS (
  SELECT unit_id, criterion,
         list(struct_pack(code := code, value := value, status := status, raw := raw, line := line,
                          document_id := document_id, file_name := file_name) ORDER BY code) AS sources
  FROM src_rows GROUP BY unit_id, criterion
)
SELECT CAST(p.unit_id AS INTEGER) AS unit_id, p.area, p.criterion, p.v AS value, p.computed, round(p.points, 4) AS points,
       p.max, p.max_counted, p.v IS NULL AS missing, p.missing AS policy,
       list_filter([p.a, p.b, p.num, p.den], x -> x IS NOT NULL) AS codes, s.sources
FROM pts p LEFT JOIN src s USING (unit_id, criterion)
WHERE p.period_id = $p AND p.unit_id IN (SELECT unnest(from_json($units::JSON, '["INTEGER"]')))
ORDER BY p.unit_id, p.area_order, p.crit_order`;

/** "Why this score": every criterion of the given units, with the values and report lines used. */
export async function explainRanking(db: RankingDb, q: { period: number; units: number[]; model: RankingModel }): Promise<CriterionDetail[]> {
  const prev = -1; // no second period needed here
  const raw = await rows<any>(db, EXPLAIN_SQL, { ...modelParams(q.model), p: q.period, prev, units: JSON.stringify(q.units) });
  return raw.map((r) => ({ ...r, codes: [...r.codes], sources: r.sources ? [...r.sources] : [] }));
}
