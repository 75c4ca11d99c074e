/**
 * Opens a warehouse file for the dashboard's read queries when the shared handle
 * (warehouse/db.ts openWarehouse) is not available in this build. It applies the same migration
 * files in order, so the schema is the one the rest of parboard writes.
 */
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Param, Runner } from './query.ts';

export interface StandaloneHandle extends Runner {
  conn: DuckDBConnection;
  close(): void;
}

export async function openStandalone(path: string, migrationsDir: string): Promise<StandaloneHandle> {
  mkdirSync(dirname(path), { recursive: true });
  const inst = await DuckDBInstance.create(path);
  const conn = await inst.connect();
  await conn.run(`CREATE TABLE IF NOT EXISTS schema_migration (name VARCHAR PRIMARY KEY)`);
  const done = new Set(
    (await conn.runAndReadAll(`SELECT name FROM schema_migration`)).getRowObjectsJS().map((r) => String(r.name))
  );
  for (const f of readdirSync(migrationsDir).filter((f) => f.endsWith('.sql')).sort()) {
    if (done.has(f)) continue;
    await conn.run('BEGIN');
    await conn.run(readFileSync(join(migrationsDir, f), 'utf8'));
    await conn.run(`INSERT INTO schema_migration VALUES ($1)`, [f]);
    await conn.run('COMMIT');
  }
  return {
    conn,
    close() {
      conn.closeSync();
      inst.closeSync();
    },
    async all<T>(sql: string, params: Param[] = []): Promise<T[]> {
      const r = await conn.runAndReadAll(sql, params as never);
      return r.getRowObjectsJS() as T[];
    }
  };
}
