import { copyFileSync, existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, describe, expect, it } from 'vitest';
import { closeAllWarehouses, migrationFiles, openWarehouse, warehouseDir } from '../warehouse/db.ts';
import { tempDbPath } from './warehouse-helpers.ts';

afterAll(() => closeAllWarehouses());

describe('openWarehouse', () => {
  it('creates the directory and applies every migration on an empty file, once', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'parboard-db-')), 'nested', 'deeper');
    const path = join(dir, 'w.duckdb');
    const wh = await openWarehouse(path, { syncCatalogue: false });
    expect(existsSync(path)).toBe(true);
    const applied = (await wh.all<{ name: string }>('SELECT name FROM schema_migrations ORDER BY name')).map((r) => r.name);
    expect(applied).toEqual(migrationFiles());
    const tables = (await wh.all<{ t: string }>(`SELECT table_name AS t FROM information_schema.tables ORDER BY 1`)).map((r) => r.t);
    for (const t of ['unit', 'period', 'indicator', 'document', 'fact', 'review_row', 'narrative_statement', 'current_fact']) expect(tables).toContain(t);
    await wh.close();
    // Reopening a file that has them all applies nothing and keeps the rows.
    const again = await openWarehouse(path, { syncCatalogue: false });
    expect(again).not.toBe(wh);
    expect((await again.all<{ n: number }>('SELECT count(*) AS n FROM schema_migrations'))[0].n).toBe(applied.length);
    await again.close();
  });

  it('returns one shared handle per path and closes it when the last user closes', async () => {
    const path = tempDbPath();
    const a = await openWarehouse(path, { syncCatalogue: false });
    const b = await openWarehouse(path, { syncCatalogue: false });
    expect(a).toBe(b);
    await a.close();
    expect((await b.all<{ x: number }>('SELECT 1 AS x'))[0].x).toBe(1); // still open for b
    await b.close();
    // Closed for real: another DuckDB instance in this process can open it now.
    const inst = await DuckDBInstance.create(path);
    inst.closeSync();
  });

  it('honours migrations recorded by the interim openers (schema_migration), without re-applying 001', async () => {
    const path = tempDbPath();
    const inst = await DuckDBInstance.create(path);
    const conn = await inst.connect();
    const first = migrationFiles()[0];
    const { readFileSync } = await import('node:fs');
    await conn.run(readFileSync(join(warehouseDir(), 'migrations', first), 'utf8'));
    await conn.run('CREATE TABLE schema_migration (name VARCHAR PRIMARY KEY)');
    await conn.run('INSERT INTO schema_migration VALUES ($1)', [first]);
    conn.closeSync();
    inst.closeSync();
    const wh = await openWarehouse(path, { syncCatalogue: false });
    expect((await wh.all<{ name: string }>('SELECT name FROM schema_migrations ORDER BY name')).map((r) => r.name)).toEqual(migrationFiles());
    await wh.close();
  });

  it('a failing migration is rolled back and reported with its file name', async () => {
    const migDir = mkdtempSync(join(tmpdir(), 'parboard-mig-'));
    writeFileSync(join(migDir, '001-ok.sql'), 'CREATE TABLE a (x INTEGER);');
    writeFileSync(join(migDir, '002-bad.sql'), 'CREATE TABLE b (x INTEGER); INSERT INTO nope VALUES (1);');
    const { applyMigrations } = await import('../warehouse/db.ts');
    const inst = await DuckDBInstance.create(':memory:');
    const conn = await inst.connect();
    await expect(applyMigrations(conn, migDir)).rejects.toThrow(/002-bad\.sql/);
    const tables = (await conn.runAndReadAll(`SELECT table_name FROM information_schema.tables ORDER BY 1`)).getRowsJS().map((r) => r[0]);
    expect(tables).toContain('a');
    expect(tables).not.toContain('b');
    conn.closeSync();
    inst.closeSync();
    expect(readdirSync(migDir)).toHaveLength(2);
  });

  it('converts BIGINT/HUGEINT to numbers and DATE to ISO strings; binds positional and named parameters', async () => {
    const wh = await openWarehouse(tempDbPath(), { syncCatalogue: false });
    const [r] = await wh.all<Record<string, unknown>>(
      `SELECT count(*) AS n, CAST(12 AS HUGEINT) AS h, DATE '2024-03-14' AS d, $1 AS s, $2 + 1 AS k`,
      ['ô', 41]
    );
    expect(r).toEqual({ n: 1, h: 12, d: '2024-03-14', s: 'ô', k: 42 });
    const [q] = await wh.all<{ v: string }>(`SELECT $name AS v`, { name: "x'; DROP TABLE unit; --" });
    expect(q.v).toBe("x'; DROP TABLE unit; --");
    await wh.close();
  });

  it('transaction() commits on success and rolls back everything on error', async () => {
    const wh = await openWarehouse(tempDbPath(), { syncCatalogue: false });
    await wh.run('CREATE TABLE t (x INTEGER)');
    await wh.transaction(async (tx) => {
      await tx.run('INSERT INTO t VALUES (1)');
    });
    await expect(
      wh.transaction(async (tx) => {
        await tx.run('INSERT INTO t VALUES (2)');
        // inside the transaction the write is visible, outside it is not
        expect((await tx.all<{ n: number }>('SELECT count(*) AS n FROM t'))[0].n).toBe(2);
        expect((await wh.all<{ n: number }>('SELECT count(*) AS n FROM t'))[0].n).toBe(1);
        throw new Error('boom');
      })
    ).rejects.toThrow('boom');
    expect((await wh.all<{ x: number }>('SELECT x FROM t ORDER BY x')).map((r) => r.x)).toEqual([1]);
    await wh.close();
  });

  it('inside transaction(), a nested BEGIN/COMMIT is refused client-side and the outer transaction stays usable', async () => {
    const wh = await openWarehouse(tempDbPath(), { syncCatalogue: false });
    await wh.run('CREATE TABLE t (x INTEGER)');
    await wh.transaction(async (tx) => {
      await tx.run('INSERT INTO t VALUES (1)');
      await expect(tx.run('BEGIN TRANSACTION')).rejects.toThrow(/already inside a transaction/);
      await expect(tx.run('  commit')).rejects.toThrow(/already inside a transaction/);
      await tx.run('INSERT INTO t VALUES (2)');
    });
    expect((await wh.all<{ x: number }>('SELECT x FROM t ORDER BY x')).map((r) => r.x)).toEqual([1, 2]);
    await wh.close();
  });

  it('syncs the shipped catalogue into indicator on open, keeping ids stable', async () => {
    const path = tempDbPath();
    const wh = await openWarehouse(path);
    const cat = JSON.parse((await import('node:fs')).readFileSync(join(warehouseDir(), 'catalogue', 'indicators.json'), 'utf8'));
    const rows = await wh.all<{ code: string; indicator_id: number }>('SELECT code, indicator_id FROM indicator ORDER BY indicator_id');
    expect(rows.map((r) => r.code)).toEqual(cat.indicators.map((i: { code: string }) => i.code));
    await wh.close();
    // A file copied elsewhere keeps the same ids: they live in the file, not in code.
    const copy = tempDbPath();
    copyFileSync(path, copy);
    const wh2 = await openWarehouse(copy);
    expect(await wh2.all('SELECT code, indicator_id FROM indicator ORDER BY indicator_id')).toEqual(rows);
    await wh2.close();
  });
});
