/**
 * Opens the warehouse for ranking. Uses warehouse/db.ts openWarehouse() (the shared handle that
 * applies migrations) when it is present; the direct fallback exists only so that rankings could be
 * built while db.ts was still being written, and applies the same migration files.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import type { RankingDb } from './engine.ts';

const WAREHOUSE_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export async function openForRanking(path?: string): Promise<RankingDb & { close?: () => void }> {
  const dbModule = join(WAREHOUSE_DIR, 'db.ts');
  if (existsSync(dbModule)) {
    const mod = (await import(/* @vite-ignore */ pathToFileURL(dbModule).href)) as { openWarehouse(p?: string): Promise<RankingDb> };
    return mod.openWarehouse(path);
  }
  const file = path ?? process.env.PARBOARD_DB ?? 'data/parboard.duckdb';
  const inst = await DuckDBInstance.create(file);
  const conn = await inst.connect();
  await applyMigrations(conn);
  return { conn, close: () => { conn.closeSync(); inst.closeSync(); } };
}

/** Applies warehouse/migrations/*.sql in order, once each (fallback path only). */
export async function applyMigrations(conn: RankingDb['conn']): Promise<void> {
  await conn.run('CREATE TABLE IF NOT EXISTS schema_migration (name VARCHAR PRIMARY KEY)');
  const done = new Set((await conn.runAndReadAll('SELECT name FROM schema_migration')).getRowObjectsJS().map((r) => String(r.name)));
  const dir = join(WAREHOUSE_DIR, 'migrations');
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.sql')).sort()) {
    if (done.has(f)) continue;
    await conn.run(readFileSync(join(dir, f), 'utf8'));
    await conn.run('INSERT INTO schema_migration VALUES ($n)', { n: f });
  }
}
