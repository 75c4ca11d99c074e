import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureModel } from './rankings-fixture.ts';

let dir: string;
let db: string;
const run = (...args: string[]) =>
  spawnSync(process.execPath, ['bin/parboard.js', 'rank', ...args], { env: { ...process.env, PARBOARD_DB: db }, encoding: 'utf8', cwd: process.cwd() });

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'parboard-rank-cli-'));
  db = join(dir, 'w.duckdb');
  const b = spawnSync(process.execPath, ['--import', 'tsx', 'test/rankings-fixture.ts', db], { encoding: 'utf8' });
  if (b.status !== 0) throw new Error(b.stderr);
  writeFileSync(join(dir, 'fixture-model.json'), JSON.stringify(fixtureModel));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('parboard rank', () => {
  it('prints the JSON contract with hand-computed scores for a model file', () => {
    const r = run('--json', '--model', join(dir, 'fixture-model.json'), '--period', 'Q2/2024', '--level', 'province-dept', '--province', 'Tỉnh A');
    expect(r.status, r.stderr).toBe(0);
    const rows = JSON.parse(r.stdout);
    expect(rows.map((x: any) => [x.unit, x.rank, x.index_pct, x.tier, x.movement])).toEqual([
      ['Sở Ba', 1, 100, 'A', 1],
      ['Sở Bốn', 1, 100, 'A', null],
      ['Sở Một', 3, 68.75, 'D', -2],
      ['Sở Hai', 4, 33.33, 'D', -1],
    ]);
    const hai = rows[3];
    expect(hai).toMatchObject({ level: 'province-dept', score: 2, max: 6, period: { id: 202402, kind: 'Q2', year: 2024 }, model: 'fixture-v1' });
    expect(hai.missing).toEqual(['org.staff_quota', 'egov.online_files_rate']);
    for (const x of rows) {
      expect(x.areas.every((a: any) => typeof a.area === 'string' && typeof a.points === 'number' && typeof a.max === 'number')).toBe(true);
      expect(x.areas.reduce((s: number, a: any) => s + a.points, 0)).toBeCloseTo(x.score, 9);
    }
  });

  it('defaults to the shipped model and the latest period, and prints a table without --json', () => {
    const j = run('--json');
    expect(j.status, j.stderr).toBe(0);
    const rows = JSON.parse(j.stdout);
    expect(rows.length).toBe(10 - 1); // every unit but the one outside the peer groups
    expect(new Set(rows.map((x: any) => x.period.id))).toEqual(new Set([202402]));
    expect(rows[0].model).toBe('par-default-v1');
    expect(rows[0].areas.map((a: any) => a.area)).toEqual(['direction', 'legal', 'tthc', 'org', 'civil', 'finance', 'egov', 'impact']);
    const t = run();
    expect(t.status).toBe(0);
    expect(t.stdout).toMatch(/Quý II\/2024/);
    expect(t.stdout).toMatch(/Sở Ba/);
  });

  it('rejects bad arguments with a bilingual message and exit code 2', () => {
    for (const args of [['--period', 'sometime'], ['--level', 'village'], ['--bogus'], ['--model', join(dir, 'nope.json')], ['--period']]) {
      const r = run(...args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/\/ /);
    }
    const h = run('--help');
    expect(h.status).toBe(0);
    expect(h.stdout).toMatch(/--model FILE/);
  });
});
