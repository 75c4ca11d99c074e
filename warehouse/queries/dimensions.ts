/** Dimension lists for the dashboard's filters: periods, levels, provinces, units, indicators. */
import { Params, unitWhere, type Query, type Scope } from './query.ts';

export interface PeriodRow {
  period_id: number;
  year: number;
  kind: string;
  label_vi: string;
  label_en: string;
  window_start: string;
  window_end: string;
  deadline: string;
  reports: number;
}

/** Periods that have at least one current report, newest first. */
export function periodsQuery(): Query {
  return {
    sql: `SELECT p.period_id, p.year, p.kind, p.label_vi, p.label_en,
                 CAST(p.window_start AS VARCHAR) AS window_start, CAST(p.window_end AS VARCHAR) AS window_end,
                 CAST(p.deadline AS VARCHAR) AS deadline,
                 CAST(count(d.document_id) AS INTEGER) AS reports
          FROM period p JOIN document d ON d.period_id = p.period_id AND d.status = 'current'
          GROUP BY ALL ORDER BY p.period_id DESC`,
    params: []
  };
}

export interface UnitRow {
  unit_id: number;
  name: string;
  level: string;
  kind: string | null;
  province: string | null;
  valid_from: string | null;
  valid_to: string | null;
  successor_id: number | null;
}

export function unitsQuery(scope: Scope = {}): Query {
  const p = new Params();
  const where = unitWhere({ ...scope, units: [] }, p);
  return {
    sql: `SELECT u.unit_id, u.name, u.level, u.kind, u.province,
                 CAST(u.valid_from AS VARCHAR) AS valid_from, CAST(u.valid_to AS VARCHAR) AS valid_to, u.successor_id
          FROM unit u WHERE ${where} ORDER BY u.name COLLATE vi`,
    params: p.values
  };
}

export function levelsQuery(): Query {
  return { sql: `SELECT level, CAST(count(*) AS INTEGER) AS units FROM unit GROUP BY level ORDER BY level`, params: [] };
}

export function provincesQuery(): Query {
  return {
    sql: `SELECT province, CAST(count(*) AS INTEGER) AS units FROM unit WHERE province IS NOT NULL
          GROUP BY province ORDER BY province COLLATE vi`,
    params: []
  };
}

export interface IndicatorRow {
  code: string;
  area: number;
  name_vi: string;
  name_en: string;
  uom: string | null;
  kind: string;
  numerator: string | null;
  denominator: string | null;
  aggregation: string;
  cumulative: boolean;
  parent: string | null;
  required: boolean;
  reported: number;
}

/**
 * The catalogue as loaded into the warehouse. With `counts`, how many current facts report each
 * indicator (a scan of all facts: only the catalogue view asks for it, not every page).
 */
export function indicatorsQuery(area: number | null = null, counts = true): Query {
  const p = new Params();
  const where = area ? `WHERE i.area = ${p.add(area)}` : '';
  if (!counts) {
    return {
      sql: `SELECT i.code, i.area, i.name_vi, i.name_en, i.uom, i.kind, i.numerator, i.denominator, i.aggregation,
                   i.cumulative, i.parent, i.required, CAST(NULL AS INTEGER) AS reported
            FROM indicator i ${where} ORDER BY i.area, i.code`,
      params: p.values
    };
  }
  return {
    sql: `SELECT i.code, i.area, i.name_vi, i.name_en, i.uom, i.kind, i.numerator, i.denominator, i.aggregation,
                 i.cumulative, i.parent, i.required,
                 CAST(count(f.indicator_id) FILTER (WHERE f.status = 'reported') AS INTEGER) AS reported
          FROM indicator i LEFT JOIN current_fact f ON f.indicator_id = i.indicator_id
          ${where}
          GROUP BY ALL ORDER BY i.area, i.code`,
    params: p.values
  };
}

/** Indicators with at least one reported value in the period (choices for heat maps and scatters). */
export function reportedIndicatorsQuery(periodId: number): Query {
  return {
    sql: `SELECT i.code, CAST(count(*) AS INTEGER) AS n
          FROM current_fact f JOIN indicator i USING (indicator_id)
          WHERE f.period_id = $1 AND f.status = 'reported' GROUP BY i.code ORDER BY i.code`,
    params: [periodId]
  };
}

export interface ScopeCounts {
  units: number;
  reports: number;
  reporting_units: number;
}

/** How many units are in scope and how many current reports they filed for the period(s). */
export function scopeCountsQuery(scope: Scope, fromPeriod: number, toPeriod: number): Query {
  const p = new Params();
  const from = p.add(fromPeriod);
  const to = p.add(toPeriod);
  const where = unitWhere(scope, p);
  return {
    sql: `WITH u AS (SELECT u.* FROM unit u WHERE ${where}),
          d AS (SELECT d.* FROM document d JOIN u USING (unit_id)
                WHERE d.status = 'current' AND d.period_id BETWEEN ${from} AND ${to})
          SELECT (SELECT CAST(count(*) AS INTEGER) FROM u) AS units,
                 (SELECT CAST(count(*) AS INTEGER) FROM d) AS reports,
                 (SELECT CAST(count(DISTINCT unit_id) AS INTEGER) FROM d) AS reporting_units`,
    params: p.values
  };
}

export function isDemoQuery(): Query {
  return {
    sql: `SELECT CAST(count(*) FILTER (WHERE is_demo) AS INTEGER) AS demo, CAST(count(*) AS INTEGER) AS total
          FROM document WHERE status = 'current'`,
    params: []
  };
}
