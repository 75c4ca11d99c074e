import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openFixture, type Fixture } from './dashboard-fixture.ts';
import { run } from '../warehouse/queries/query.ts';
import { periodsQuery, scopeCountsQuery, unitsQuery, indicatorsQuery } from '../warehouse/queries/dimensions.ts';
import {
  indicatorAcrossUnitsQuery,
  trendQuery,
  peerBandQuery,
  unitIndicatorMatrixQuery,
  headlineQuery,
  withinQuery,
  moversQuery,
  completenessQuery,
  type UnitValue,
  type TrendRow,
  type MatrixRow
} from '../warehouse/queries/values.ts';
import { documentsQuery, extractedRowsQuery, unitDocumentsQuery } from '../warehouse/queries/documents.ts';
import { flagsQuery, flagCountsQuery } from '../warehouse/queries/flags.ts';

let db: Fixture;
beforeAll(async () => {
  db = await openFixture();
});
afterAll(() => db?.close());

describe('dashboard queries', () => {
  it('lists periods that have current reports, newest first, with counts', async () => {
    const rows = await run<{ period_id: number; reports: number }>(db, periodsQuery());
    expect(rows.map((r) => [r.period_id, r.reports])).toEqual([
      [202403, 1],
      [202401, 3],
      [202301, 2]
    ]);
  });

  it('filters units by level and counts reports in scope', async () => {
    const units = await run<{ name: string }>(db, unitsQuery({ level: 'province-dept' }));
    expect(units.map((u) => u.name)).toEqual(['Sở Nội vụ', 'Sở Tài chính', 'Sở Y tế']);
    const [c] = await run<{ units: number; reports: number; reporting_units: number }>(
      db,
      scopeCountsQuery({ level: 'province-dept' }, 202401, 202401)
    );
    expect(c).toEqual({ units: 3, reports: 3, reporting_units: 3 });
    const [c2] = await run<{ units: number; reports: number }>(db, scopeCountsQuery({ level: 'commune' }, 202401, 202401));
    expect(c2.units).toBe(1);
    expect(c2.reports).toBe(0);
  });

  it('keeps missing, empty and a true zero apart across units', async () => {
    const rows = await run<UnitValue>(db, indicatorAcrossUnitsQuery({}, 'tthc.files_on_time_rate', 202401));
    const by = Object.fromEntries(rows.map((r) => [r.unit_name, [r.value, r.status]]));
    expect(by['Sở Nội vụ']).toEqual([95, 'reported']); // current version, not the superseded 10
    expect(by['Sở Tài chính']).toEqual([null, 'empty']);
    expect(by['Sở Y tế']).toEqual([0, 'reported']);
    expect(by['UBND xã Đồng Tâm']).toEqual([null, 'missing']);
  });

  it('builds trends with missing periods kept, and a peer band over reported values', async () => {
    const rows = await run<TrendRow>(
      db,
      trendQuery({ indicators: ['tthc.files_on_time_rate'], units: [2], fromPeriod: 202301, toPeriod: 202403 })
    );
    expect(rows.map((r) => [r.period_id, r.value, r.status])).toEqual([
      [202301, 80, 'reported'],
      [202401, null, 'empty'],
      [202403, null, 'missing']
    ]);
    const q1only = await run<TrendRow>(
      db,
      trendQuery({ indicators: ['tthc.files_on_time_rate'], units: [1], fromPeriod: 202301, toPeriod: 202403, kinds: ['Q1'] })
    );
    expect(q1only.map((r) => r.period_id)).toEqual([202301, 202401]);
    const band = await run<{ period_id: number; median: number; n: number }>(
      db,
      peerBandQuery({ level: 'province-dept' }, ['tthc.files_on_time_rate'], 202301, 202403)
    );
    expect(band.map((b) => [b.period_id, b.median, b.n])).toEqual([
      [202301, 85, 2],
      [202401, 47.5, 2],
      [202403, 97, 1]
    ]);
  });

  it('normalises the units × indicators matrix per indicator', async () => {
    const rows = await run<MatrixRow>(
      db,
      unitIndicatorMatrixQuery({ level: 'province-dept' }, 202401, ['tthc.files_on_time_rate', 'org.staff_quota'])
    );
    const rate = rows.filter((r) => r.indicator === 'tthc.files_on_time_rate');
    expect(rate.map((r) => [r.unit_name, r.norm, r.status])).toEqual([
      ['Sở Nội vụ', 1, 'reported'],
      ['Sở Tài chính', null, 'empty'],
      ['Sở Y tế', 0, 'reported']
    ]);
    const quota = rows.filter((r) => r.indicator === 'org.staff_quota');
    expect(quota.map((r) => r.status)).toEqual(['reported', 'missing', 'missing']);
  });

  it('computes headline medians, staff within quota and movers', async () => {
    const h = await run<{ indicator: string; period_id: number; median: number; reported: number }>(
      db,
      headlineQuery({}, ['tthc.files_on_time_rate'], [202401, 202301])
    );
    const m = Object.fromEntries(h.map((r) => [r.period_id, [r.median, r.reported]]));
    expect(m[202401]).toEqual([47.5, 2]);
    expect(m[202301]).toEqual([85, 2]);
    const w = await run<{ within: number; both: number }>(db, withinQuery({}, 'org.staff_present', 'org.staff_quota', [202401]));
    expect(w).toEqual([{ period_id: 202401, within: 0, both: 1 }]);
    const mv = await run<{ unit_name: string; change: number }>(db, moversQuery({}, ['tthc.files_on_time_rate'], 202401, 202301));
    expect(mv).toEqual([{ unit_id: 1, unit_name: 'Sở Nội vụ', indicator: 'tthc.files_on_time_rate', value: 95, previous: 90, change: 5 }]);
  });

  it('reports completeness: late, on time and not reported', async () => {
    const rows = await run<{ unit_name: string; status: string }>(db, completenessQuery({}, 202301));
    expect(rows.map((r) => [r.unit_name, r.status])).toEqual([
      ['Sở Y tế', 'missing'],
      ['UBND xã Đồng Tâm', 'missing'],
      ['Sở Tài chính', 'late'],
      ['Sở Nội vụ', 'on_time']
    ]);
  });

  it('lists documents with versions and extracted rows in document order', async () => {
    const cur = await run<{ document_id: number }>(db, documentsQuery({}, 202401));
    expect(cur.map((d) => d.document_id).sort()).toEqual([3, 5, 6]);
    const hist = await run<{ document_id: number; version: number; status: string }>(db, unitDocumentsQuery(1));
    expect(hist.filter((d) => d.document_id === 2)[0].status).toBe('superseded');
    const rows = await run<{ kind: string; line: number }>(db, extractedRowsQuery(3));
    expect(rows.map((r) => [r.kind, r.line])).toEqual([
      ['matched', 3],
      ['doubtful', 4],
      ['matched', 5],
      ['unmatched', 6]
    ]);
    const ind = await run<{ code: string; reported: number }>(db, indicatorsQuery());
    expect(ind.find((i) => i.code === 'tthc.files_on_time_rate')!.reported).toBe(5);
  });

  it('filters flags by severity and follow-up status, counts hot spots', async () => {
    const all = await run<{ kind: string; status: string }>(db, flagsQuery({}, {}));
    expect(all.map((f) => [f.kind, f.status])).toEqual([
      ['quota_exceeded', 'open'],
      ['outlier_peer', 'acknowledged']
    ]);
    const open = await run(db, flagsQuery({}, { status: 'open' }));
    expect(open).toHaveLength(1);
    const warn = await run(db, flagsQuery({ units: [1] }, { severity: 'warning' }));
    expect(warn).toHaveLength(0);
    const counts = await run<{ key1: string; key2: string; n: number }>(db, flagCountsQuery({}, {}, ['unit', 'kind']));
    expect(counts).toEqual([
      { key1: 'Sở Nội vụ', key2: 'quota_exceeded', n: 1 },
      { key1: 'Sở Y tế', key2: 'outlier_peer', n: 1 }
    ]);
  });

  it('never puts a filter value into the SQL text', () => {
    const evil = "x'; DROP TABLE fact; --";
    const q = flagsQuery({ level: evil, province: evil, units: [1] }, { kind: evil, severity: evil });
    expect(q.sql).not.toContain('DROP');
    expect(q.params).toContain(evil);
  });
});
