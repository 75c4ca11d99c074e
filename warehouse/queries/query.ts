/**
 * Dashboard query plumbing. A query is a pure value {sql, params}: built by a function from typed
 * parameters, with every user-supplied value bound as a parameter, never spliced into the SQL text.
 * Running it needs only something with `all(sql, params)` (the shared warehouse handle), so the
 * builders can be tested without a server.
 */

export type Param = string | number | boolean | null;

export interface Query {
  sql: string;
  params: Param[];
}

export interface Runner {
  all<T = Record<string, unknown>>(sql: string, params?: Param[]): Promise<T[]>;
  /** The DuckDB connection behind all(), when there is one (warehouse/db.ts handles have it). */
  conn?: { runAndReadAll(sql: string, params?: never): Promise<{ getColumnsJS(): unknown[][] }> };
}

export async function run<T>(db: Runner, q: Query): Promise<T[]> {
  return db.all<T>(q.sql, q.params);
}

/**
 * The result as one array per column (in SELECT order), for loads that carry tens of thousands of
 * rows: reading numeric columns off the connection skips building an object per row. The query must
 * cast BIGINTs (INTEGER/DOUBLE), since the connection hands them back as bigint.
 */
export async function runColumns(db: Runner, q: Query, columns: number): Promise<unknown[][]> {
  if (db.conn) return (await db.conn.runAndReadAll(q.sql, q.params as never)).getColumnsJS();
  const rows = await db.all<Record<string, unknown>>(q.sql, q.params);
  const out: unknown[][] = Array.from({ length: columns }, () => []);
  for (const r of rows) Object.values(r).forEach((v, j) => out[j].push(v));
  return out;
}

/** Collects parameters and hands back numbered placeholders ($1, $2...: a value may be used twice and in any order), so SQL text never holds a value. */
export class Params {
  readonly values: Param[] = [];
  add(v: Param): string {
    this.values.push(v);
    return `$${this.values.length}`;
  }
  /** "(?, ?, ?)" for a non-empty list. */
  list(vs: Param[]): string {
    return '(' + vs.map((v) => this.add(v)).join(', ') + ')';
  }
}

/** What the dashboard slices by. Every field is optional: an empty scope is "everything". */
export interface Scope {
  level?: string | null;
  province?: string | null;
  units?: number[];
}

/**
 * WHERE fragment selecting units in scope (alias `u`). When a period is given, only units that
 * existed during its window (the 2025 restructuring ends some units and creates others).
 */
export function unitWhere(scope: Scope, p: Params, periodAlias: string | null = null): string {
  const parts: string[] = ['TRUE'];
  if (scope.level) parts.push(`u.level = ${p.add(scope.level)}`);
  if (scope.province) parts.push(`u.province = ${p.add(scope.province)}`);
  if (scope.units && scope.units.length) parts.push(`u.unit_id IN ${p.list(scope.units)}`);
  if (periodAlias) {
    parts.push(`(u.valid_from IS NULL OR u.valid_from <= ${periodAlias}.window_end)`);
    parts.push(`(u.valid_to IS NULL OR u.valid_to >= ${periodAlias}.window_start)`);
  }
  return parts.join(' AND ');
}
