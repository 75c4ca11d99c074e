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

/**
 * Filters on the flag table itself; units in scope through a semi-join on `unit` so that the large
 * flag table is filtered before anything is joined to it.
 */
function flagWhere(scope: Scope, f: FlagFilter, p: Params): string {
  const parts: string[] = [];
  if (scope.level || scope.province || (scope.units && scope.units.length)) {
    if (scope.units && scope.units.length && !scope.level && !scope.province) parts.push(`g.unit_id IN ${p.list(scope.units)}`);
    else parts.push(`g.unit_id IN (SELECT u.unit_id FROM unit u WHERE ${unitWhere(scope, p)})`);
  }
  if (f.kind) parts.push(`g.kind = ${p.add(f.kind)}`);
  if (f.severity) parts.push(`g.severity = ${p.add(f.severity)}`);
  if (f.status) parts.push(`coalesce(fu.status, 'open') = ${p.add(f.status)}`);
  if (f.periodId) parts.push(`g.period_id = ${p.add(f.periodId)}`);
  if (f.fromPeriod) parts.push(`g.period_id >= ${p.add(f.fromPeriod)}`);
  if (f.toPeriod) parts.push(`g.period_id <= ${p.add(f.toPeriod)}`);
  return parts.length ? parts.join(' AND ') : 'TRUE';
}

const SEV = `CASE g.severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END`;

/**
 * The most severe, newest flags first. The top rows are chosen on the flag table alone (cheap sort
 * keys), then names, labels and files are joined to those rows only.
 */
export function flagsQuery(scope: Scope, f: FlagFilter, limit = 1000): Query {
  const p = new Params();
  const where = flagWhere(scope, f, p);
  const lim = p.add(limit);
  return {
    sql: `WITH top AS (
            SELECT g.*, coalesce(fu.status, 'open') AS fstatus, fu.comment, ${SEV} AS sev
            FROM flag g LEFT JOIN flag_followup fu ON fu.fingerprint = g.fingerprint
            WHERE ${where}
            ORDER BY sev, g.period_id DESC, g.unit_id, g.kind, g.flag_id
            LIMIT ${lim})
          SELECT g.flag_id, g.kind, g.severity, g.unit_id, u.name AS unit_name, g.period_id, pr.label_vi, pr.label_en,
                 g.document_id, d.file_name, CAST(g.indicators AS VARCHAR) AS indicators, CAST(g.observed AS VARCHAR) AS observed,
                 CAST(g.expected AS VARCHAR) AS expected, CAST(g.baseline AS VARCHAR) AS baseline,
                 g.message_vi, g.message_en, g.line, g.fstatus AS status, g.comment
          FROM top g JOIN unit u ON u.unit_id = g.unit_id JOIN period pr ON pr.period_id = g.period_id
          LEFT JOIN document d ON d.document_id = g.document_id
          ORDER BY g.sev, g.period_id DESC, u.name COLLATE vi, g.kind, g.flag_id`,
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
  // Count on ids first, then name the groups: the flag table can hold millions of rows.
  const idCol = { unit: 'g.unit_id', kind: 'g.kind', severity: 'g.severity', period: 'g.period_id' } as const;
  const name = (k: string, c: string) => (k === 'unit' ? `(SELECT u.name FROM unit u WHERE u.unit_id = c.${c})` : `CAST(c.${c} AS VARCHAR)`);
  const p = new Params();
  const where = flagWhere(scope, f, p);
  const followup = f.status ? 'LEFT JOIN flag_followup fu ON fu.fingerprint = g.fingerprint' : '';
  return {
    sql: `WITH c AS (SELECT ${idCol[by[0]]} AS a, ${idCol[by[1]]} AS b, CAST(count(*) AS INTEGER) AS n
                     FROM flag g ${followup} WHERE ${where} GROUP BY ALL)
          SELECT ${name(by[0], 'a')} AS key1, ${name(by[1], 'b')} AS key2, c.n FROM c ORDER BY key1, key2`,
    params: p.values
  };
}

export function flagKindsQuery(): Query {
  return { sql: `SELECT kind, CAST(count(*) AS INTEGER) AS n FROM flag GROUP BY kind ORDER BY kind`, params: [] };
}
