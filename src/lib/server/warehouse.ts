/**
 * The server's one warehouse handle. Uses the shared per-process handle from warehouse/db.ts when
 * present (so CLI loads forwarded to the server go through the same connection); otherwise opens
 * the file directly. Query results are plain objects with BIGINTs already cast in SQL.
 */
import { join, resolve } from 'node:path';
import { run, type Query, type Runner } from '$warehouse/queries/query.ts';
import { openStandalone } from '$warehouse/queries/standalone-open.ts';

type OpenWarehouse = (path?: string) => Promise<Runner>;
const dbModules = import.meta.glob<{ openWarehouse?: OpenWarehouse; pinWarehouse?: (path?: string) => Promise<void> }>(
  '/warehouse/db.ts',
  { eager: true }
);

let handle: Promise<Runner> | null = null;

export function dbPath(): string {
  return resolve(process.env.PARBOARD_DB ?? join('data', 'parboard.duckdb'));
}

export function warehouse(): Promise<Runner> {
  if (!handle) {
    const mod = Object.values(dbModules)[0];
    const open = mod?.openWarehouse;
    const opened = open
      ? open(dbPath()).then(async (w) => {
          // The server keeps the file open for its whole life (forwarded CLI loads use it too).
          await mod?.pinWarehouse?.(dbPath());
          return w;
        })
      : openStandalone(dbPath(), resolve('warehouse', 'migrations'));
    handle = opened.catch((e) => {
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
