import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, describe, expect, it } from 'vitest';
import { closeAllWarehouses } from '../warehouse/db.ts';
import { exportParquet } from '../warehouse/export-parquet.ts';
import { loadExtraction } from '../warehouse/load.ts';
import { extraction, fact, fixtureWarehouse } from './warehouse-helpers.ts';

afterAll(() => closeAllWarehouses());
const bytes = (s: string) => new TextEncoder().encode(s);

/** Reads Parquet back with an independent in-memory DuckDB (any Parquet engine would do). */
async function readBack(sql: string): Promise<Record<string, unknown>[]> {
  const inst = await DuckDBInstance.create(':memory:');
  const conn = await inst.connect();
  try {
    return (await conn.runAndReadAll(sql)).getRowObjectsJS().map((r) =>
      Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v]))
    );
  } finally {
    conn.closeSync();
    inst.closeSync();
  }
}

describe('exportParquet', () => {
  it('writes the star schema with facts partitioned by year (hive), readable back', async () => {
    const wh = await fixtureWarehouse();
    await loadExtraction(wh, extraction(), { bytes: bytes('2024 v1') });
    await loadExtraction(wh, extraction({ facts: [fact('org.staff_quota', '33', 20)] }), { bytes: bytes('2024 v2') });
    await loadExtraction(wh, extraction({ period: { year: 2023, kind: 'year' } }), { bytes: bytes('2023') });
    const dir = join(mkdtempSync(join(tmpdir(), 'parboard-pq-')), 'out');
    const r = await exportParquet(wh, dir);
    expect(r.years).toEqual([2023, 2024]);
    expect(readdirSync(join(dir, 'fact')).sort()).toEqual(['year=2023', 'year=2024']);
    for (const t of ['unit', 'period', 'indicator', 'document', 'review_row', 'narrative_statement']) expect(existsSync(join(dir, `${t}.parquet`))).toBe(true);

    const facts = await readBack(
      `SELECT year, count(*) AS n, count(*) FILTER (WHERE current) AS cur, sum(value) FILTER (WHERE current) AS total
       FROM read_parquet('${join(dir, 'fact', '*', '*.parquet')}', hive_partitioning = true) GROUP BY year ORDER BY year`
    );
    expect(facts).toEqual([
      { year: 2023, n: 3, cur: 3, total: 60 },
      { year: 2024, n: 4, cur: 1, total: 33 }
    ]);
    // the same numbers as the warehouse's own view
    const inWh = await wh.all<{ n: number }>('SELECT count(*) AS n FROM current_fact');
    expect(inWh[0].n).toBe(4);
    const docs = await readBack(`SELECT version, status FROM '${join(dir, 'document.parquet')}' ORDER BY document_id`);
    expect(docs).toEqual([
      { version: 1, status: 'superseded' },
      { version: 2, status: 'current' },
      { version: 1, status: 'current' }
    ]);
    const joined = await readBack(
      `SELECT u.name, p.label_vi, i.code, f.value
       FROM read_parquet('${join(dir, 'fact', '*', '*.parquet')}', hive_partitioning = true) f
       JOIN '${join(dir, 'unit.parquet')}' u USING (unit_id)
       JOIN '${join(dir, 'period.parquet')}' p USING (period_id)
       JOIN '${join(dir, 'indicator.parquet')}' i USING (indicator_id)
       WHERE f.current AND f.year = 2024`
    );
    expect(joined).toEqual([{ name: 'Sở Nội vụ', label_vi: 'Quý I/2024', code: 'org.staff_quota', value: 33 }]);
    expect((await readBack(`SELECT count(*) AS n FROM '${join(dir, 'review_row.parquet')}'`))[0].n).toBe(2);

    // Exporting again into the same directory replaces the partitions (none left over from before).
    await loadExtraction(wh, extraction({ period: { year: 2025, kind: 'Q1' } }), { bytes: bytes('2025') });
    const r2 = await exportParquet(wh, dir);
    expect(r2.years).toEqual([2023, 2024, 2025]);
    const n = await readBack(`SELECT count(*) AS n FROM read_parquet('${join(dir, 'fact', '*', '*.parquet')}', hive_partitioning = true)`);
    expect(n[0].n).toBe(10);
  });

  it('an empty warehouse exports empty tables and an empty fact directory', async () => {
    const wh = await fixtureWarehouse();
    const dir = mkdtempSync(join(tmpdir(), 'parboard-pq-empty-'));
    const r = await exportParquet(wh, dir);
    expect(r.tables.fact).toBe(0);
    expect(existsSync(join(dir, 'fact'))).toBe(true);
    expect((await readBack(`SELECT count(*) AS n FROM '${join(dir, 'indicator.parquet')}'`))[0].n).toBe(4);
  });
});
