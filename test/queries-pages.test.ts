import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openFixture, type Fixture } from './dashboard-fixture.ts';
import { loadLayout, loadOverview, loadTrend, loadUnitProfile, loadAnomalies, loadMatrix } from '../warehouse/queries/pages.ts';
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
});
