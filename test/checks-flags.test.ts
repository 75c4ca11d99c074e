/**
 * Flags as stored data: outliers with their baseline, recomputation on reload, superseded reports'
 * flags disappearing, follow-up status surviving while the flag holds, completeness and timeliness.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runChecks, setFollowup } from '../warehouse/checks/engine.ts';
import { reportingStatus } from '../warehouse/checks/completeness.ts';
import { addReport, flagsOf, openTestDb, type TestDb } from './checks-helpers.ts';

let db: TestDb;
beforeAll(async () => { db = await openTestDb(); }, 30_000);
afterAll(async () => db?.close());

describe('outlier_peer', () => {
  it('flags a value far from its peers (same level, same period) and shows median and MAD', async () => {
    const rates = [96, 97, 98, 95, 99, 97, 96, 98, 97, 20];
    for (let i = 0; i < rates.length; i++)
      await addReport(db, { unit: `UBND xã P${i}`, level: 'commune', year: 2022, kind: 'year', facts: [{ code: 'egov.e_results_rate', value: rates[i] }] });
    await runChecks(db, { periods: [202207] });
    const f = await flagsOf(db, `kind = 'outlier_peer' AND period_id = 202207`);
    expect(f.map((x) => JSON.parse(x.observed)['egov.e_results_rate'])).toEqual([20]);
    const b = JSON.parse(f[0].baseline);
    expect(b.median).toBe(97);
    expect(b.mad).toBe(1);
    expect(b.peers).toBe(10);
    expect(Math.abs(b.z)).toBeGreaterThan(3.5);
    expect(f[0].message_en).toContain('median 97');
  });
  it('uses the mean absolute deviation when MAD is 0, and stays quiet when all peers agree', async () => {
    for (let i = 0; i < 10; i++)
      await addReport(db, { unit: `UBND xã M${i}`, level: 'commune', year: 2021, kind: 'year', facts: [{ code: 'egov.ereport_rate', value: i === 9 ? 40 : 100 }, { code: 'egov.e_results_rate', value: 100 }] });
    await runChecks(db, { periods: [202107] });
    const f = await flagsOf(db, `kind = 'outlier_peer' AND period_id = 202107`);
    expect(f.map((x) => x.rule_id)).toEqual(['outlier.peer.egov.ereport_rate']);
    expect(JSON.parse(f[0].baseline).mad).toBe(0);
  });
  it('needs the minimum number of peers', async () => {
    for (let i = 0; i < 4; i++)
      await addReport(db, { unit: `UBND xã F${i}`, level: 'commune', year: 2020, kind: 'year', facts: [{ code: 'egov.ereport_rate', value: i === 3 ? 5 : 100 }] });
    await runChecks(db, { periods: [202007] });
    expect(await flagsOf(db, `kind = 'outlier_peer' AND period_id = 202007`)).toEqual([]);
  });
});

describe('outlier_trend', () => {
  it("flags a jump against the unit's own history and lists that history; quiet without enough history", async () => {
    const hist = [100, 110, 105, 108];
    for (let i = 0; i < hist.length; i++)
      await addReport(db, { unit: 'Sở Trend', year: 2016 + i, kind: 'year', facts: [{ code: 'tthc.files_received', value: hist[i] }] });
    const r = await addReport(db, { unit: 'Sở Trend', year: 2020, kind: 'year', facts: [{ code: 'tthc.files_received', value: 1500 }] });
    await runChecks(db, { units: [r.unitId] });
    const f = await flagsOf(db, `kind = 'outlier_trend' AND unit_id = ${r.unitId}`);
    expect(f.map((x) => x.period_id)).toEqual([202007]);
    const b = JSON.parse(f[0].baseline);
    expect(b.history.map((h: any) => h.value)).toEqual(hist);
    expect(b.median).toBe(106.5);
    const r2 = await addReport(db, { unit: 'Sở Short', year: 2019, kind: 'year', facts: [{ code: 'tthc.files_received', value: 100 }] });
    await addReport(db, { unit: 'Sở Short', year: 2020, kind: 'year', facts: [{ code: 'tthc.files_received', value: 1500 }] });
    await runChecks(db, { units: [r2.unitId] });
    expect(await flagsOf(db, `kind = 'outlier_trend' AND unit_id = ${r2.unitId}`)).toEqual([]);
  });
});

describe('recomputation and follow-up', () => {
  const bad = [{ code: 'org.staff_quota', value: 20 }, { code: 'org.staff_present', value: 25 }];
  it('keeps a follow-up status across a reload while the flag holds, and drops it with the flag', async () => {
    const r1 = await addReport(db, { unit: 'Sở Follow', year: 2024, kind: 'Q1', facts: bad });
    await runChecks(db, { units: [r1.unitId], periods: [r1.periodId] });
    const [f1] = await flagsOf(db, `rule_id = 'quota.civil_servants' AND unit_id = ${r1.unitId}`);
    expect(f1.status).toBe('open');
    await setFollowup(db, f1.fingerprint, 'acknowledged', 'Đã liên hệ đơn vị');

    // A corrected-but-still-wrong re-submission: new document, same inconsistency.
    const r2 = await addReport(db, { unit: 'Sở Follow', year: 2024, kind: 'Q1', facts: [{ code: 'org.staff_quota', value: 20 }, { code: 'org.staff_present', value: 24 }] });
    await runChecks(db, { units: [r2.unitId], periods: [r2.periodId] });
    const now = await flagsOf(db, `rule_id = 'quota.civil_servants' AND unit_id = ${r1.unitId}`);
    expect(now).toHaveLength(1);
    expect(now[0].document_id).toBe(r2.documentId); // the superseded report's flag is gone
    expect(now[0].status).toBe('acknowledged');
    expect(now[0].fingerprint).toBe(f1.fingerprint);

    // Fixed: the flag and its follow-up disappear.
    const r3 = await addReport(db, { unit: 'Sở Follow', year: 2024, kind: 'Q1', facts: [{ code: 'org.staff_quota', value: 20 }, { code: 'org.staff_present', value: 20 }] });
    await runChecks(db, { units: [r3.unitId], periods: [r3.periodId] });
    expect(await flagsOf(db, `rule_id = 'quota.civil_servants' AND unit_id = ${r1.unitId}`)).toEqual([]);
    expect(await db.all(`SELECT * FROM flag_followup WHERE fingerprint = ?`, [f1.fingerprint])).toEqual([]);
  });
  it('a scoped run leaves other units and periods alone', async () => {
    const a = await addReport(db, { unit: 'Sở Scope A', year: 2024, kind: 'Q1', facts: bad });
    const b = await addReport(db, { unit: 'Sở Scope B', year: 2024, kind: 'Q1', facts: bad });
    await runChecks(db, { units: [a.unitId, b.unitId], periods: [a.periodId] });
    await runChecks(db, { units: [a.unitId], periods: [a.periodId] });
    expect(await flagsOf(db, `rule_id = 'quota.civil_servants' AND unit_id IN (${a.unitId}, ${b.unitId})`)).toHaveLength(2);
  });
});

describe('completeness and timeliness', () => {
  it('lists who reported on time, late (report date or reception after the 20th of the last month) and not at all', async () => {
    await addReport(db, { unit: 'Sở Đúng hạn', year: 2019, kind: 'Q1', facts: [], receivedAt: '2019-03-19 10:00:00' });
    await addReport(db, { unit: 'Sở Muộn', year: 2019, kind: 'Q1', facts: [], receivedAt: '2019-03-25 10:00:00' });
    await addReport(db, { unit: 'Sở Ngày báo cáo', year: 2019, kind: 'Q1', facts: [], receivedAt: '2019-04-02 10:00:00', reportDate: '2019-03-12' });
    const rows = await reportingStatus(db, 201901);
    const by = Object.fromEntries(rows.map((r) => [r.unit, r.status]));
    expect(by['Sở Đúng hạn']).toBe('on_time');
    expect(by['Sở Muộn']).toBe('late');
    expect(by['Sở Ngày báo cáo']).toBe('on_time');
    expect(by['Sở Follow']).toBe('missing');
    expect(rows.find((r) => r.unit === 'Sở Muộn')!.days_late).toBe(5);
  });
});
