/**
 * Opens a warehouse file for the benchmark through parboard's own handle (warehouse/db.ts
 * openWarehouse) when it exists, so the timings include parboard's layer. Until db.ts lands the
 * fallback applies the same migration files and offers the same `all`/`run` shape.
 */
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Param } from '../warehouse/queries/query.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export interface BenchDb {
  conn: DuckDBConnection;
  all<T = Record<string, unknown>>(sql: string, params?: Param[]): Promise<T[]>;
  run(sql: string, params?: Param[]): Promise<void>;
  close(): Promise<void>;
  /** True when the handle is warehouse/db.ts openWarehouse(); false for the fallback. */
  viaWarehouse: boolean;
  /** The handle loadExtraction expects: openWarehouse()'s Warehouse, or null on the fallback. */
  handle: unknown;
}

export async function openBenchDb(path: string): Promise<BenchDb> {
  const dbModule = join(ROOT, 'warehouse', 'db.ts');
  if (existsSync(dbModule)) {
    const mod = (await import(pathToFileURL(dbModule).href)) as { openWarehouse(p?: string): Promise<any> };
    const w = await mod.openWarehouse(path);
    return {
      conn: w.conn,
      all: (sql, params = []) => w.all(sql, params),
      run: async (sql, params = []) => void (await w.run(sql, params)),
      close: async () => {
        if (typeof w.close === 'function') await w.close();
      },
      viaWarehouse: true,
      handle: w
    };
  }
  const inst = await DuckDBInstance.create(path);
  const conn = await inst.connect();
  await conn.run('CREATE TABLE IF NOT EXISTS schema_migration (name VARCHAR PRIMARY KEY)');
  const done = new Set((await conn.runAndReadAll('SELECT name FROM schema_migration')).getRowObjectsJS().map((r) => String(r.name)));
  const dir = join(ROOT, 'warehouse', 'migrations');
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.sql')).sort()) {
    if (done.has(f)) continue;
    await conn.run(readFileSync(join(dir, f), 'utf8'));
    await conn.run('INSERT INTO schema_migration VALUES ($1)', [f]);
  }
  return {
    conn,
    all: async <T,>(sql: string, params: Param[] = []) => (await conn.runAndReadAll(sql, params as never)).getRowObjectsJS() as T[],
    run: async (sql, params = []) => void (await conn.run(sql, params as never)),
    close: async () => {
      conn.closeSync();
      inst.closeSync();
    },
    viaWarehouse: false,
    handle: null
  };
}
