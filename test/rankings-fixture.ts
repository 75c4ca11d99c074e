/**
 * A small hand-built warehouse for ranking tests: units in two provinces and two peer groups, two
 * quarters, one superseded report. Expected scores are computed by hand in the tests.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { applyMigrations } from '../warehouse/rankings/open.ts';
import type { RankingModel } from '../warehouse/rankings/model.ts';

export const fixtureModel: RankingModel = {
  id: 'fixture', version: '1', name_vi: 'Mô hình thử', name_en: 'Test model',
  peer_groups: [
    { id: 'province', name_vi: 'Sở', name_en: 'Departments', levels: ['province-dept', 'province'], within_province: true },
    { id: 'commune', name_vi: 'Xã', name_en: 'Communes', levels: ['commune'], within_province: false },
  ],
  tiers: [
    { id: 'A', min: 90, label_vi: 'Xuất sắc', label_en: 'Excellent' },
    { id: 'B', min: 80, label_vi: 'Tốt', label_en: 'Good' },
    { id: 'C', min: 70, label_vi: 'Khá', label_en: 'Fair' },
    { id: 'D', min: 0, label_vi: 'Trung bình', label_en: 'Average' },
  ],
  areas: [
    { id: 'x', catalogue_area: 3, name_vi: 'Vùng X', name_en: 'Area X', max: 6, criteria: [
      { id: 'x.on_time', indicator: 'tthc.files_on_time_rate', numerator: 'tthc.files_on_time', denominator: 'tthc.files_resolved', type: 'linear', from: 80, to: 100, max: 4, missing: 'zero' },
      { id: 'x.plan', indicator: 'direction.plan_issued', type: 'flag', max: 2, missing: 'zero' },
    ] },
    { id: 'y', catalogue_area: 4, name_vi: 'Vùng Y', name_en: 'Area Y', max: 10, criteria: [
      { id: 'y.over_quota', difference: ['org.staff_present', 'org.staff_quota'], type: 'lower_better', best: 0, worst: 4, max: 4, missing: 'exclude' },
      { id: 'y.online', indicator: 'egov.online_files_rate', type: 'steps', steps: [{ min: 50, points: 6 }, { min: 20, points: 3 }], max: 6, missing: 'exclude' },
    ] },
  ],
};

const CODES = ['tthc.files_on_time_rate', 'tthc.files_on_time', 'tthc.files_resolved', 'direction.plan_issued', 'org.staff_present', 'org.staff_quota', 'egov.online_files_rate'];
const AREA: Record<string, number> = { tthc: 3, direction: 1, org: 4, egov: 7 };

type V = number | null | 'undefined_rate';
/** Values per code; null = row present but empty; absent = row not in the report. */
type Report = { unit: string; period: number; values: Record<string, V>; superseded?: boolean };

const UNITS: [string, string, string][] = [
  ['Sở Một', 'province-dept', 'Tỉnh A'],
  ['Sở Hai', 'province-dept', 'Tỉnh A'],
  ['Sở Ba', 'province-dept', 'Tỉnh A'],
  ['Sở Bốn', 'province-dept', 'Tỉnh A'],
  ['UBND tỉnh A', 'province', 'Tỉnh A'],
  ['Sở Năm', 'province-dept', 'Tỉnh B'],
  ['UBND xã Một', 'commune', 'Tỉnh A'],
  ['UBND xã Hai', 'commune', 'Tỉnh B'],
  ['UBND xã Ba', 'commune', 'Tỉnh B'],
  ['Hội Khác', 'other', 'Tỉnh A'],
];

const full = (rate: V, plan: V, present: V, quota: V, online: V) => ({
  'tthc.files_on_time_rate': rate, 'direction.plan_issued': plan, 'org.staff_present': present, 'org.staff_quota': quota, 'egov.online_files_rate': online,
});

export const REPORTS: Report[] = [
  // Q2 2024 (202402): the ranked period
  { unit: 'Sở Một', period: 202402, values: full(50, 0, 9, 10, 90), superseded: true },
  { unit: 'Sở Một', period: 202402, values: full(95, 1, 11, 10, 25) },
  { unit: 'Sở Hai', period: 202402, values: { 'tthc.files_on_time': 45, 'tthc.files_resolved': 50, 'direction.plan_issued': 0, 'org.staff_present': 7, 'org.staff_quota': null } },
  { unit: 'Sở Ba', period: 202402, values: full(100, 1, 8, 10, 50) },
  { unit: 'Sở Bốn', period: 202402, values: full(100, 1, 10, 10, 75) },
  { unit: 'UBND tỉnh A', period: 202402, values: { 'tthc.files_on_time_rate': null, 'org.staff_present': 12, 'org.staff_quota': 10, 'egov.online_files_rate': 20 } },
  { unit: 'Sở Năm', period: 202402, values: full(85, 1, 14, 10, 19) },
  { unit: 'UBND xã Một', period: 202402, values: { 'tthc.files_on_time_rate': 99, 'direction.plan_issued': 1 } },
  { unit: 'UBND xã Hai', period: 202402, values: full(80, 1, 5, 5, 20) },
  { unit: 'UBND xã Ba', period: 202402, values: { 'tthc.files_on_time_rate': 'undefined_rate', 'tthc.files_on_time': 0, 'tthc.files_resolved': 0, 'direction.plan_issued': 1, 'egov.online_files_rate': 80 } },
  { unit: 'Hội Khác', period: 202402, values: full(100, 1, 1, 1, 100) },
  // Q1 2024 (202401): the previous comparable period
  { unit: 'Sở Một', period: 202401, values: full(100, 1, 10, 10, 50) },
  { unit: 'Sở Ba', period: 202401, values: full(90, 1, 10, 10, 50) },
  { unit: 'Sở Hai', period: 202401, values: { 'tthc.files_on_time_rate': 80, 'direction.plan_issued': 0 } },
];

export async function buildFixtureWarehouse(path: string, reports: Report[] = REPORTS): Promise<void> {
  const inst = await DuckDBInstance.create(path);
  const conn = await inst.connect();
  try {
    await applyMigrations(conn);
    await seedFixture(conn, reports);
  } finally {
    conn.closeSync();
    inst.closeSync();
  }
}

export async function seedFixture(conn: any, reports: Report[] = REPORTS): Promise<void> {
  const run = (sql: string, p: Record<string, any> = {}) => conn.run(sql, p);
  await run(`INSERT INTO period VALUES
    (202401, 2024, 'Q1', DATE '2023-12-15', DATE '2024-03-14', DATE '2024-03-20', 'Quý I/2024', 'Q1 2024'),
    (202402, 2024, 'Q2', DATE '2024-03-15', DATE '2024-06-14', DATE '2024-06-20', 'Quý II/2024', 'Q2 2024')
    ON CONFLICT DO NOTHING`);
  for (const [i, code] of CODES.entries())
    await run(`INSERT INTO indicator (indicator_id, code, area, name_vi, name_en, kind, aggregation) VALUES ($id, $code, $area, $code, $code, 'count', 'none') ON CONFLICT DO NOTHING`,
      { id: 9000 + i, code, area: AREA[code.split('.')[0]] });
  for (const [i, [name, level, province]] of UNITS.entries())
    await run(`INSERT INTO unit (unit_id, name, name_key, level, province) VALUES ($id, $name, $key, $level, $province) ON CONFLICT DO NOTHING`,
      { id: 100 + i, name, key: `k${i}`, level, province });
  let docId = 500;
  for (const r of reports) {
    const unitId = 100 + UNITS.findIndex((u) => u[0] === r.unit);
    docId++;
    await run(`INSERT INTO document (document_id, content_hash, file_name, format, received_at, unit_id, period_id, version, status)
      VALUES ($d, $h, $f, 'csv', TIMESTAMP '2024-07-01 00:00:00', $u, $p, 1, $s)`,
      { d: docId, h: `h${docId}`, f: `${r.unit}-${r.period}.csv`, u: unitId, p: r.period, s: r.superseded ? 'superseded' : 'current' });
    let row = 0;
    for (const [code, v] of Object.entries(r.values)) {
      row++;
      const status = v === null ? 'empty' : v === 'undefined_rate' ? 'undefined_rate' : 'reported';
      await run(`INSERT INTO fact (document_id, row_no, unit_id, period_id, indicator_id, value, status, raw, line)
        VALUES ($d, $r, $u, $p, $i, $v, $s, $raw, $line)`,
        { d: docId, r: row, u: unitId, p: r.period, i: 9000 + CODES.indexOf(code), v: typeof v === 'number' ? v : null, s: status, raw: v === null ? '' : String(v), line: 10 + row });
    }
  }
}

// `node --import tsx test/rankings-fixture.ts PATH` builds the fixture warehouse in a separate process,
// so that the file lock is released before a CLI under test opens it.
if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!) && process.argv[2]) {
  await buildFixtureWarehouse(process.argv[2]);
}
