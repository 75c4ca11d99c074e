import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { applyMigrations } from '../warehouse/rankings/open.ts';
import { computeRanking, explainRanking, previousComparable, type RankingRow } from '../warehouse/rankings/engine.ts';
import { fixtureModel, seedFixture } from './rankings-fixture.ts';

let dir: string;
let inst: DuckDBInstance;
let conn: DuckDBConnection;
const db = () => ({ conn });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'parboard-rank-'));
  inst = await DuckDBInstance.create(join(dir, 'w.duckdb'));
  conn = await inst.connect();
  await applyMigrations(conn);
  await seedFixture(conn);
});
afterAll(() => {
  conn?.closeSync();
  inst?.closeSync();
  rmSync(dir, { recursive: true, force: true });
});

const byUnit = (rows: RankingRow[]) => Object.fromEntries(rows.map((r) => [r.unit, r]));

describe('ranking engine on a hand-computed fixture', () => {
  it('scores every criterion type and both missing-value policies', async () => {
    const res = await computeRanking(db(), { period: 202402, model: fixtureModel });
    const u = byUnit(res.rows);
    // Sở Một: linear 95 in 80..100 -> 3/4; flag yes -> 2; staff 1 over (worst 4) -> 3/4; steps 25 -> 3 of 6
    expect(u['Sở Một'].areas.map((a) => [a.area, a.points, a.max])).toEqual([['x', 5, 6], ['y', 6, 10]]);
    expect([u['Sở Một'].score, u['Sở Một'].max, u['Sở Một'].index_pct]).toEqual([11, 16, 68.75]);
    // Sở Hai: rate computed from 45/50 = 90 -> 2; flag no -> 0; quota empty and online absent: excluded
    expect([u['Sở Hai'].score, u['Sở Hai'].max, u['Sở Hai'].index_pct]).toEqual([2, 6, 33.33]);
    expect(u['Sở Hai'].missing).toEqual(['org.staff_quota', 'egov.online_files_rate']);
    expect(u['Sở Hai'].areas[1]).toMatchObject({ area: 'y', points: 0, max: 0, index_pct: null });
    // UBND tỉnh A: rate empty and plan absent with policy zero -> 0 of 6 kept in the max
    expect([u['UBND tỉnh A'].score, u['UBND tỉnh A'].max, u['UBND tỉnh A'].index_pct]).toEqual([5, 16, 31.25]);
    expect(u['UBND tỉnh A'].missing).toEqual(['tthc.files_on_time_rate', 'direction.plan_issued']);
    expect(u['UBND tỉnh A'].completeness_en).toMatch(/2 of 4 criteria/);
    // staff below quota is clamped to full points; steps at the threshold count
    expect([u['Sở Ba'].score, u['Sở Ba'].index_pct, u['Sở Ba'].tier]).toEqual([16, 100, 'A']);
    // a rate over a zero denominator is missing, not 0 % and not 100 %
    expect([u['UBND xã Ba'].score, u['UBND xã Ba'].max, u['UBND xã Ba'].index_pct]).toEqual([8, 12, 66.67]);
    expect(u['UBND xã Ba'].missing).toEqual(['tthc.files_on_time_rate', 'org.staff_present', 'org.staff_quota']);
    expect(u['UBND xã Một'].index_pct).toBe(96.67);
    expect(u['Sở Một'].completeness_vi).toBeNull();
    for (const r of res.rows) expect(r.areas.reduce((s, a) => s + a.points, 0)).toBeCloseTo(r.score, 9);
  });

  it('ranks within peer groups, ties share a rank, tiers follow the index', async () => {
    const res = await computeRanking(db(), { period: 202402, model: fixtureModel });
    const u = byUnit(res.rows);
    expect(u['Hội Khác']).toBeUndefined(); // level outside every peer group is not ranked
    expect(u['Sở Ba'].rank).toBe(1);
    expect(u['Sở Bốn'].rank).toBe(1);
    expect(u['Sở Một'].rank).toBe(3);
    expect(u['Sở Hai'].rank).toBe(4);
    expect(u['UBND tỉnh A'].rank).toBe(5);
    expect(u['Sở Ba'].peer_count).toBe(5);
    // within_province: Tỉnh B's department is ranked on its own
    expect([u['Sở Năm'].rank, u['Sở Năm'].peer_count, u['Sở Năm'].index_pct]).toEqual([1, 1, 18.75]);
    // communes are one national group
    expect([u['UBND xã Một'].rank, u['UBND xã Ba'].rank, u['UBND xã Hai'].rank]).toEqual([1, 2, 3]);
    expect(u['UBND xã Hai'].index_pct).toBe(56.25);
    expect(u['UBND xã Một'].tier).toBe('A');
    expect(u['UBND xã Một'].tier_label_vi).toBe('Xuất sắc');
    expect(u['Sở Một'].tier).toBe('D');
  });

  it('computes movement against the previous comparable period', async () => {
    const res = await computeRanking(db(), { period: 202402, model: fixtureModel });
    expect(res.previous?.id).toBe(202401);
    const u = byUnit(res.rows);
    // Q1 ranks: Sở Một 1 (100 %), Sở Ba 2 (87.5 %), Sở Hai 3 (0 %)
    expect([u['Sở Ba'].previous_rank, u['Sở Ba'].movement]).toEqual([2, 1]);
    expect(u['Sở Một'].movement).toBe(-2);
    expect(u['Sở Hai'].movement).toBe(-1);
    expect(u['Sở Bốn'].movement).toBeNull();
    expect(u['UBND tỉnh A'].movement).toBeNull();
    const q1 = byUnit((await computeRanking(db(), { period: 202401, model: fixtureModel })).rows);
    expect([q1['Sở Ba'].index_pct, q1['Sở Hai'].index_pct, q1['Sở Hai'].max]).toEqual([87.5, 0, 6]);
  });

  it('reads only current report versions and defaults to the latest period', async () => {
    const res = await computeRanking(db(), { model: fixtureModel });
    expect(res.period?.id).toBe(202402);
    expect(byUnit(res.rows)['Sở Một'].score).toBe(11); // the superseded version would score 50 % / online 90
  });

  it('filters by level and province after ranking', async () => {
    const res = await computeRanking(db(), { period: 202402, level: 'commune', province: 'Tỉnh B', model: fixtureModel });
    expect(res.rows.map((r) => [r.unit, r.rank])).toEqual([['UBND xã Ba', 2], ['UBND xã Hai', 3]]);
  });

  it('explains a score down to each criterion and source line', async () => {
    const ids = (await computeRanking(db(), { period: 202402, model: fixtureModel })).rows;
    const hai = ids.find((r) => r.unit === 'Sở Hai')!;
    const d = await explainRanking(db(), { period: 202402, units: [hai.unit_id], model: fixtureModel });
    expect(d.map((c) => c.criterion)).toEqual(['x.on_time', 'x.plan', 'y.over_quota', 'y.online']);
    const onTime = d[0];
    expect([onTime.value, onTime.computed, onTime.points, onTime.max_counted]).toEqual([90, true, 2, 4]);
    expect(onTime.sources.map((s) => [s.code, s.value, s.line, s.file_name])).toEqual([
      ['tthc.files_on_time', 45, 11, 'Sở Hai-202402.csv'],
      ['tthc.files_resolved', 50, 12, 'Sở Hai-202402.csv'],
    ]);
    expect(d[2]).toMatchObject({ missing: true, points: 0, max_counted: 0, policy: 'exclude' });
  });

  it('gives the same result through a positional-parameter runner (the dashboard handle)', async () => {
    const runner = { all: async (sql: string, params: any[] = []) => (await conn.runAndReadAll(sql, params)).getRowObjectsJS() };
    const a = await computeRanking(db(), { period: 202402, model: fixtureModel });
    const b = await computeRanking(runner, { period: 202402, model: fixtureModel });
    expect(b.rows).toEqual(a.rows);
  });

  it('defines the previous comparable period', () => {
    expect(previousComparable(2024, 'Q1').id).toBe(202306);
    expect(previousComparable(2024, 'Q3').id).toBe(202402);
    expect(previousComparable(2024, 'H1').id).toBe(202303);
    expect(previousComparable(2024, 'year').id).toBe(202307);
  });
});
