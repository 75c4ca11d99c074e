/**
 * Opens the warehouse for the checks' CLI: warehouse/db.ts openWarehouse() when present (the shared
 * handle), else a direct connection applying the same migrations (only until db.ts lands).
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import { applyMigrations } from '../rankings/open.ts';
import type { CheckDb } from './db-port.ts';

const WAREHOUSE_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export async function openForChecks(path?: string): Promise<CheckDb & { close(): Promise<void> }> {
  const dbModule = join(WAREHOUSE_DIR, 'db.ts');
  if (existsSync(dbModule)) {
    const mod = (await import(/* @vite-ignore */ pathToFileURL(dbModule).href)) as { openWarehouse(p?: string): Promise<any> };
    const w = await mod.openWarehouse(path);
    return {
      all: (sql, params = []) => w.all(sql, params),
      run: (sql, params = []) => w.run(sql, params),
      close: async () => { if (typeof w.close === 'function') await w.close(); },
    };
  }
  const file = path ?? process.env.PARBOARD_DB ?? 'data/parboard.duckdb';
  const inst = await DuckDBInstance.create(file);
  const conn = await inst.connect();
  await applyMigrations(conn as any);
  return {
    all: async <T,>(sql: string, params: unknown[] = []) => (await conn.runAndReadAll(sql, params as never)).getRowObjectsJS() as T[],
    run: async (sql: string, params: unknown[] = []) => void (await conn.run(sql, params as never)),
    close: async () => { conn.closeSync(); inst.closeSync(); },
  };
}
