/** Flags from the checks (migration 002) for the anomalies view, the overview and unit profiles. */
import { Params, unitWhere, type Query, type Scope } from './query.ts';

export interface FlagFilter {
  kind?: string | null;
  severity?: string | null;
  status?: string | null;
  periodId?: number | null;
  fromPeriod?: number | null;
  toPeriod?: number | null;
}

export interface FlagRow {
  flag_id: number;
  kind: string;
  severity: string;
  unit_id: number;
  unit_name: string;
  period_id: number;
  label_vi: string;
  label_en: string;
  document_id: number | null;
  file_name: string | null;
  indicators: string;
  observed: string;
  expected: string | null;
  baseline: string | null;
  message_vi: string;
  message_en: string;
  line: number | null;
  status: string;
  comment: string | null;
}

function flagWhere(scope: Scope, f: FlagFilter, p: Params): string {
  const parts = [unitWhere(scope, p)];
  if (f.kind) parts.push(`g.kind = ${p.add(f.kind)}`);
  if (f.severity) parts.push(`g.severity = ${p.add(f.severity)}`);
  if (f.status) parts.push(`coalesce(fu.status, 'open') = ${p.add(f.status)}`);
  if (f.periodId) parts.push(`g.period_id = ${p.add(f.periodId)}`);
  if (f.fromPeriod) parts.push(`g.period_id >= ${p.add(f.fromPeriod)}`);
  if (f.toPeriod) parts.push(`g.period_id <= ${p.add(f.toPeriod)}`);
  return parts.join(' AND ');
}

const FROM = `FROM flag g JOIN unit u ON u.unit_id = g.unit_id JOIN period pr ON pr.period_id = g.period_id
              LEFT JOIN flag_followup fu ON fu.fingerprint = g.fingerprint
              LEFT JOIN document d ON d.document_id = g.document_id`;

export function flagsQuery(scope: Scope, f: FlagFilter, limit = 1000): Query {
  const p = new Params();
  const where = flagWhere(scope, f, p);
  const lim = p.add(limit);
  return {
    sql: `SELECT g.flag_id, g.kind, g.severity, g.unit_id, u.name AS unit_name, g.period_id, pr.label_vi, pr.label_en,
                 g.document_id, d.file_name, CAST(g.indicators AS VARCHAR) AS indicators, CAST(g.observed AS VARCHAR) AS observed,
                 CAST(g.expected AS VARCHAR) AS expected, CAST(g.baseline AS VARCHAR) AS baseline,
                 g.message_vi, g.message_en, g.line, coalesce(fu.status, 'open') AS status, fu.comment
          ${FROM} WHERE ${where}
          ORDER BY CASE g.severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END, g.period_id DESC,
                   u.name COLLATE vi, g.kind
          LIMIT ${lim}`,
    params: p.values
  };
}

export interface FlagCountRow {
  key1: string;
  key2: string;
  n: number;
}

/** Flag counts grouped by two dimensions: 'unit' × 'kind' (hot spots), 'period' × 'severity', ... */
export function flagCountsQuery(
  scope: Scope,
  f: FlagFilter,
  by: ['unit' | 'kind' | 'severity' | 'period', 'unit' | 'kind' | 'severity' | 'period']
): Query {
  const col = { unit: 'u.name', kind: 'g.kind', severity: 'g.severity', period: 'CAST(g.period_id AS VARCHAR)' } as const;
  const p = new Params();
  const where = flagWhere(scope, f, p);
  return {
    sql: `SELECT ${col[by[0]]} AS key1, ${col[by[1]]} AS key2, CAST(count(*) AS INTEGER) AS n
          ${FROM} WHERE ${where} GROUP BY ALL ORDER BY key1, key2`,
    params: p.values
  };
}

export function flagKindsQuery(): Query {
  return { sql: `SELECT kind, CAST(count(*) AS INTEGER) AS n FROM flag GROUP BY kind ORDER BY kind`, params: [] };
}
