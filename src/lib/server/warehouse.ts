/**
 * The server's one warehouse handle: the shared per-process handle of warehouse/db.ts, pinned open
 * for the server's whole life, so CLI commands forwarded to the server run on the same connection.
 * Query results are plain objects with BIGINTs already cast in SQL.
 */
import { join, resolve } from 'node:path';
import { run, type Query, type Runner } from '$warehouse/queries/query.ts';
import { openWarehouse, pinWarehouse } from '$warehouse/db.ts';

let handle: Promise<Runner> | null = null;

export function dbPath(): string {
  return resolve(process.env.PARBOARD_DB ?? join('data', 'parboard.duckdb'));
}

export function warehouse(): Promise<Runner> {
  if (!handle) {
    handle = openWarehouse(dbPath())
      .then(async (w) => {
        await pinWarehouse(dbPath());
        return w as unknown as Runner;
      })
      .catch((e) => {
        handle = null;
        throw e;
      });
  }
  return handle;
}

export async function q<T>(query: Query): Promise<T[]> {
  return run<T>(await warehouse(), query);
}

/** Numbers that may arrive as bigint from DuckDB become plain numbers for the page data. */
export function plain<T>(rows: T[]): T[] {
  return rows.map((r) => {
    const o: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(r as Record<string, unknown>)) {
      o[k] = typeof v === 'bigint' ? Number(v) : v instanceof Date ? v.toISOString() : v;
    }
    return o as T;
  });
}
