import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openFixture, type Fixture } from './dashboard-fixture.ts';
import { loadLayout, loadOverview, loadTrend, loadUnitProfile, loadAnomalies, loadMatrix } from '../warehouse/queries/pages.ts';
import { run } from '../warehouse/queries/query.ts';
import { unitIndicatorMatrixQuery, peerBandQuery, type MatrixRow } from '../warehouse/queries/values.ts';
import headline from '../src/lib/config/headline.json';

let db: Fixture;
beforeAll(async () => {
  db = await openFixture();
});
afterAll(() => db?.close());

describe('page loads (what each view queries on the server)', () => {
  it('layout: filter lists, demo marker and scope counts', async () => {
    const l = await loadLayout(db, { level: 'province-dept' }, 202401, null);
    expect(l.units).toHaveLength(3);
    expect(l.isDemo).toBe(true);
    expect(l.counts).toEqual({ units: 3, reports: 3, reporting_units: 3 });
    // No period asked for (or an unknown one): the newest period with reports.
    const d = await loadLayout(db, {}, 199901, null);
    expect(d.period).toBe(202403);
    expect(d.counts.reports).toBe(1);
  });

  it('overview compares with the same period a year earlier', async () => {
    const o = await loadOverview(db, headline, {}, 202401, 202301);
    const onTime = o.headline.filter((h) => h.indicator === 'tthc.files_on_time_rate').sort((a, b) => a.period_id - b.period_id);
    expect(onTime.map((h) => h.median)).toEqual([85, 47.5]);
    expect(o.completeness.find((c) => c.unit_name === 'UBND xã Đồng Tâm')!.status).toBe('missing');
    expect(o.flags).toEqual([{ key1: 'error', key2: 'quota_exceeded', n: 1 }]);
  });

  it('trend keeps only like periods for a cumulative indicator and bands only those periods', async () => {
    const t = await loadTrend(db, {}, 'tthc.files_on_time_rate', [1], 202301, 202403, ['Q1']);
    expect(t.rows.map((r) => r.period_id)).toEqual([202301, 202401]);
    expect(t.band.map((b) => b.period_id)).toEqual([202301, 202401]);
  });

  it('unit profile: versions, facts, flags and standing among peers', async () => {
    const p = await loadUnitProfile(db, headline, 1, 'province-dept', 'Tỉnh A', 202401);
    expect(p.docs.map((d) => [d.version, d.status])).toContainEqual([1, 'superseded']);
    expect(p.flags).toHaveLength(1);
    const s = p.standing.find((x) => x.indicator === 'tthc.files_on_time_rate')!;
    expect(s).toMatchObject({ value: 95, rank: 1, of: 2 });
    const missing = p.standing.find((x) => x.indicator === 'direction.plan_completion_rate')!;
    expect(missing).toMatchObject({ status: 'missing', rank: null });
  });

  it('anomalies and matrix', async () => {
    const a = await loadAnomalies(db, {}, { kind: null, severity: null, status: 'acknowledged', periodId: null });
    expect(a.flags.map((f) => f.kind)).toEqual(['outlier_peer']);
    expect(a.overTime).toEqual([{ key1: '202401', key2: 'warning', n: 1 }]);
    const m = await loadMatrix(db, { level: 'commune' }, 202401, ['tthc.files_on_time_rate']);
    expect(m).toEqual([
      { unit_id: 4, unit_name: 'UBND xã Đồng Tâm', indicator: 'tthc.files_on_time_rate', value: null, status: 'missing', norm: null }
    ]);
  });

  it('matrix load: the rows of unitIndicatorMatrixQuery, in its order, read as columns or as rows', async () => {
    const codes = ['org.staff_quota', 'tthc.files_on_time_rate', 'org.staff_present', 'no.such_code'];
    for (const scope of [{}, { level: 'province-dept' }]) {
      const expected = await run<MatrixRow>(db, unitIndicatorMatrixQuery(scope, 202401, codes));
      expect(expected.length).toBe(scope.level ? 9 : 12);
      expect(await loadMatrix(db, scope, 202401, codes)).toEqual(expected);
      // A runner without a connection (rows transposed into columns) gives the same rows.
      expect(await loadMatrix({ all: db.all.bind(db) }, scope, 202401, codes)).toEqual(expected);
    }
    const m = await loadMatrix(db, { level: 'province-dept' }, 202401, codes);
    // Sorted by unit name, then indicator code; an empty cell and a missing report are not 0.
    expect(m.slice(0, 3).map((r) => [r.unit_name, r.indicator, r.value, r.status])).toEqual([
      ['Sở Nội vụ', 'org.staff_present', 32, 'reported'],
      ['Sở Nội vụ', 'org.staff_quota', 30, 'reported'],
      ['Sở Nội vụ', 'tthc.files_on_time_rate', 95, 'reported']
    ]);
    expect(m.filter((r) => r.unit_name === 'Sở Tài chính').map((r) => r.status)).toEqual(['missing', 'missing', 'empty']);
    expect(await loadMatrix(db, {}, 202401, [])).toEqual([]);
  });

  it('peer band over a list of periods equals the band over the range for those periods', async () => {
    const range = await run<{ period_id: number }>(db, peerBandQuery({}, ['tthc.files_on_time_rate'], 202301, 202403));
    const listed = await run<{ period_id: number }>(db, peerBandQuery({}, ['tthc.files_on_time_rate'], 202301, 202403, [1], [202301, 202403]));
    expect(listed).toEqual(range.filter((b) => b.period_id !== 202401));
    expect(listed).toHaveLength(2);
  });
});
