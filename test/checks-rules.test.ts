/**
 * One block per rule kind: the rule fires, stays quiet at the boundary, and honours its
 * missing-value strategy. Reports are hand-built facts in a temp warehouse.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalogue } from '../warehouse/catalogue.ts';
import { checkContext, runChecks } from '../warehouse/checks/engine.ts';
import { compileRules, parseExpr, readRulesFile } from '../warehouse/checks/rules.ts';
import { addReport, flagsOf, openTestDb, type TestDb, type TestFact } from './checks-helpers.ts';

let db: TestDb;
let n = 0;
beforeAll(async () => { db = await openTestDb(); }, 30_000);
afterAll(async () => db?.close());

/** Loads one report for a fresh unit, runs the checks for it, returns its flags. */
async function check(facts: TestFact[], opts: { narrative?: any[]; kind?: string; year?: number; province?: string; unit?: string } = {}) {
  const unit = opts.unit ?? `Đơn vị ${++n}`;
  const r = await addReport(db, { unit, province: opts.province ?? 'Sơn La', year: opts.year ?? 2024, kind: opts.kind ?? 'Q1', facts, narrative: opts.narrative });
  await runChecks(db, { units: [r.unitId], periods: [r.periodId] });
  return (await flagsOf(db, `unit_id = ${r.unitId} AND period_id = ${r.periodId}`)).filter((f) => f.severity !== 'info');
}
const ids = (fs: any[]) => fs.map((f) => f.rule_id).sort();

describe('expressions', () => {
  it('parses codes, sums, constants and one ratio term', () => {
    expect(parseExpr('a.b + 2 * c.d - 3')).toMatchObject({ constant: -3, num: { 'a.b': 1, 'c.d': 2 }, den: null });
    expect(parseExpr('100 - 100 * a.b / c.d')).toMatchObject({ constant: 100, scale: -100, num: { 'a.b': 1 }, den: { 'c.d': 1 } });
    expect(() => parseExpr('a.b * c.d')).toThrow(/products/);
  });
  it('generates a rate rule for every catalogue rate and a part rule for every parent link', () => {
    const cat = loadCatalogue();
    const rules = compileRules(cat, readRulesFile());
    for (const i of cat.indicators) {
      if (i.numerator) expect(rules.some((r) => r.id === `rate.${i.code}`)).toBe(true);
      if (i.parent) expect(rules.some((r) => r.left.text === i.code && r.right.text === i.parent)).toBe(true);
    }
  });
});

describe('quota_exceeded', () => {
  it('fires when present exceeds the quota', async () => {
    const f = await check([{ code: 'org.staff_quota', value: 31 }, { code: 'org.staff_present', value: 32 }]);
    expect(ids(f)).toEqual(['quota.civil_servants']);
    expect(f[0].message_vi).toContain('32');
    expect(f[0].message_vi).toContain('31');
  });
  it('is quiet at the boundary (present = quota)', async () => {
    expect(await check([{ code: 'org.staff_quota', value: 32 }, { code: 'org.staff_present', value: 32 }])).toEqual([]);
  });
  it('skips when a side is not reported (skip_if_any_missing)', async () => {
    expect(await check([{ code: 'org.sncl_people_quota', value: null }, { code: 'org.sncl_people_present', value: 40 }])).toEqual([]);
  });
});

describe('rate_mismatch', () => {
  const rate = (raw: string, num: number, den: number) => [
    { code: 'tthc.files_on_time_rate', value: Number(raw.replace(',', '.')), raw },
    { code: 'tthc.files_resolved', value: den }, { code: 'tthc.files_on_time', value: num }, { code: 'tthc.files_received', value: den },
  ];
  it('fires when the rate disagrees with 100 x numerator / denominator', async () => {
    const f = await check(rate('90', 80, 100));
    expect(ids(f)).toEqual(['rate.tthc.files_on_time_rate']);
    expect(Number(f[0].expected)).toBe(80);
  });
  it('accepts rounding at the printed precision: 98,25 for 112/114 and 26,3 for 5/19', async () => {
    expect(await check(rate('98,25', 112, 114))).toEqual([]);
    expect(await check([{ code: 'egov.partial_online_files_rate', value: 26.3, raw: '26,3' }, { code: 'egov.partial_online_files', value: 5 },
      { code: 'tthc.files_received', value: 19 }, { code: 'egov.online_files_received', value: 5 }])).toEqual([]);
  });
  it('boundary: half a unit of the last printed digit is rounding, more is not', async () => {
    expect(await check(rate('100', 199, 200))).toEqual([]); // 99.5 prints as 100
    expect(ids(await check(rate('100', 198, 200)))).toEqual(['rate.tthc.files_on_time_rate']); // 99.0
    expect(ids(await check(rate('98,3', 112, 114)))).toEqual(['rate.tthc.files_on_time_rate']); // 98.246 at one decimal is 98,2
  });
  it('accepts an alternative definition from the rules file (100% minus late over resolved)', async () => {
    const f = await check([{ code: 'tthc.files_on_time_rate', value: 90 }, { code: 'tthc.files_resolved', value: 100 },
      { code: 'tthc.files_on_time', value: 85 }, { code: 'tthc.files_late', value: 10 }, { code: 'tthc.files_received', value: 100 }]);
    expect(f).toEqual([]);
  });
  it('skips an empty rate and a rate whose count rows are not reported', async () => {
    expect(await check([{ code: 'direction.plan_completion_rate', value: null }, { code: 'direction.plan_tasks_planned', value: 35 }, { code: 'direction.plan_tasks_completed', value: 21 }]))
      .toEqual([expect.objectContaining({ rule_id: 'required.direction.plan_completion_rate', severity: 'warning' })]);
    expect(ids(await check([{ code: 'tthc.files_on_time_rate', value: 50 }, { code: 'tthc.files_resolved', value: 10 }]))).toEqual([]);
  });
});

describe('undefined_rate', () => {
  it('fires for a non-zero rate over a zero denominator', async () => {
    const f = await check([{ code: 'tthc.pakn_rate', value: 100 }, { code: 'tthc.pakn_received', value: 0 }, { code: 'tthc.pakn_resolved', value: 0 }]);
    expect(ids(f)).toEqual(['undefined.tthc.pakn_rate']);
  });
  it('fires when the rate row itself carries a 0 denominator ("100" written with 0/0 evidence)', async () => {
    const f = await check([{ code: 'tthc.pakn_rate', value: 100, denominator: 0 }]);
    expect(ids(f)).toEqual(['undefined.tthc.pakn_rate']);
  });
  it('does not flag 0 over 0, an empty rate with 0/0, or a rate the loader already marked undefined', async () => {
    expect(await check([{ code: 'tthc.pakn_rate', value: 0 }, { code: 'tthc.pakn_received', value: 0 }, { code: 'tthc.pakn_resolved', value: 0 }])).toEqual([]);
    expect(await check([{ code: 'tthc.pakn_rate', value: null }, { code: 'tthc.pakn_received', value: 0 }, { code: 'tthc.pakn_resolved', value: 0 }])).toEqual([]);
    expect(await check([{ code: 'tthc.pakn_rate', value: null, status: 'undefined_rate', raw: '0/0' }, { code: 'tthc.pakn_received', value: 0 }])).toEqual([]);
  });
});

describe('part_exceeds_whole', () => {
  it('fires when a part exceeds its whole (on time > resolved)', async () => {
    const f = await check([{ code: 'tthc.files_resolved', value: 15 }, { code: 'tthc.files_on_time', value: 16 }, { code: 'tthc.files_received', value: 20 }]);
    expect(ids(f)).toContain('part.tthc.files_on_time');
  });
  it('is quiet at equality and when the whole is missing', async () => {
    expect(await check([{ code: 'legal.docs_to_review', value: 6 }, { code: 'legal.docs_reviewed', value: 6 }])).toEqual([]);
    expect(await check([{ code: 'legal.docs_to_review', value: null }, { code: 'legal.docs_reviewed', value: 6 }])).toEqual([]);
  });
});

describe('sum_mismatch', () => {
  it('fires when sub-items do not add up to the total', async () => {
    const f = await check([{ code: 'tthc.total', value: 44 }, { code: 'tthc.total_province', value: 30 }, { code: 'tthc.total_district', value: 10 }, { code: 'tthc.total_commune', value: 3 }]);
    expect(ids(f)).toEqual(['sum.tthc.total']);
    expect(f[0].severity).toBe('warning');
  });
  it('is quiet when they add up, and skips when a sub-item is missing (skip_if_any_missing)', async () => {
    expect(await check([{ code: 'tthc.total', value: 43 }, { code: 'tthc.total_province', value: 30 }, { code: 'tthc.total_district', value: 10 }, { code: 'tthc.total_commune', value: 3 }])).toEqual([]);
    expect(await check([{ code: 'tthc.total', value: 44 }, { code: 'tthc.total_province', value: 30 }, { code: 'tthc.total_district', value: 10 }])).toEqual([]);
  });
  it('honours skip_if_all_missing and never_skip from the rules file', async () => {
    const file = readRulesFile();
    const ctxAll = checkContext(loadCatalogue(), { ...file, generate: { ...file.generate, sum_mismatch: { ...file.generate.sum_mismatch, missing: 'skip_if_all_missing' } } });
    const facts = [{ code: 'tthc.total', value: 44 }, { code: 'tthc.total_province', value: 30 }, { code: 'tthc.total_district', value: 10 }];
    const r = await addReport(db, { unit: `Đơn vị ${++n}`, year: 2024, kind: 'Q1', facts });
    await runChecks(db, { units: [r.unitId], periods: [r.periodId] }, ctxAll);
    expect((await flagsOf(db, `unit_id = ${r.unitId}`)).map((f) => f.rule_id)).toContain('sum.tthc.total');
    const ctxNever = checkContext(loadCatalogue(), { ...file, generate: { ...file.generate, sum_mismatch: { ...file.generate.sum_mismatch, missing: 'never_skip' } } });
    const r2 = await addReport(db, { unit: `Đơn vị ${++n}`, year: 2024, kind: 'Q1', facts: [{ code: 'tthc.total', value: 5 }] });
    await runChecks(db, { units: [r2.unitId], periods: [r2.periodId] }, ctxNever);
    await runChecks(db, { units: [r2.unitId], periods: [r2.periodId] }, ctxAll);
    expect((await flagsOf(db, `unit_id = ${r2.unitId}`)).map((f) => f.rule_id)).toContain('sum.tthc.total');
  });
});

describe('out_of_range', () => {
  it('fires for a percentage above 100, a negative count and a coded answer outside its legend', async () => {
    const f = await check([{ code: 'egov.e_results_rate', value: 120 }, { code: 'tthc.dialogues', value: -1 }, { code: 'direction.survey_method', value: 3 }]);
    expect(ids(f)).toEqual(['range.legend.direction.survey_method', 'range.negative.tthc.dialogues', 'range.percent.egov.e_results_rate']);
  });
  it('is quiet at 0 and 100, for legend values, and for rates allowed above 100 (revenue against plan)', async () => {
    expect(await check([{ code: 'egov.e_results_rate', value: 100 }, { code: 'egov.ereport_rate', value: 0 }, { code: 'direction.survey_method', value: 2 },
      { code: 'finance.revenue_rate', value: 130 }])).toEqual([]);
  });
});

describe('duplicate_row', () => {
  it('fires for the same indicator twice with different values, not with equal values', async () => {
    expect(ids(await check([{ code: 'legal.docs_issued', value: 0 }, { code: 'legal.docs_issued', value: 1 }]))).toEqual(['duplicate.legal.docs_issued']);
    expect(await check([{ code: 'tthc.files_resolved', value: 104 }, { code: 'tthc.files_resolved', value: 104 }, { code: 'tthc.files_received', value: 104 }])).toEqual([]);
  });
});

describe('missing_required', () => {
  it('warns for a required row left empty; a row absent from the template is info only', async () => {
    const unit = `Đơn vị ${++n}`;
    const r = await addReport(db, { unit, year: 2024, kind: 'Q1', facts: [{ code: 'tthc.total', value: null }] });
    await runChecks(db, { units: [r.unitId], periods: [r.periodId] });
    const all = await flagsOf(db, `unit_id = ${r.unitId} AND kind = 'missing_required'`);
    expect(all.find((f) => f.rule_id === 'required.tthc.total')?.severity).toBe('warning');
    expect(all.find((f) => f.rule_id === 'required.org.staff_quota')?.severity).toBe('info');
  });
});

describe('narrative_mismatch', () => {
  it('fires when the narrative states another number than the table, not when they agree', async () => {
    const narr = [{ code: 'org.staff_quota', value: 31, line: 12, text: 'được giao 31 biên chế' }];
    const f = await check([{ code: 'org.staff_quota', value: 32 }, { code: 'org.staff_present', value: 30 }], { narrative: narr });
    expect(ids(f)).toEqual(['narrative.org.staff_quota']);
    expect(f[0].message_vi).toContain('31');
    expect(await check([{ code: 'org.staff_quota', value: 31 }, { code: 'org.staff_present', value: 30 }], { narrative: narr })).toEqual([]);
  });
});

describe('non_monotonic', () => {
  it('fires when a cumulative count falls from Q1 to H1 of the same year, not when it stays', async () => {
    const unit = `Đơn vị ${++n}`;
    await addReport(db, { unit, year: 2023, kind: 'Q1', facts: [{ code: 'tthc.files_received', value: 50 }, { code: 'tthc.pakn_received', value: 3 }] });
    const r = await addReport(db, { unit, year: 2023, kind: 'H1', facts: [{ code: 'tthc.files_received', value: 40 }, { code: 'tthc.pakn_received', value: 3 }] });
    await runChecks(db, { units: [r.unitId] });
    const f = await flagsOf(db, `unit_id = ${r.unitId} AND kind = 'non_monotonic'`);
    expect(f.map((x) => x.rule_id)).toEqual(['monotonic.tthc.files_received']);
    expect(f[0].period_id).toBe(202303);
    expect(JSON.parse(f[0].baseline).previous).toBe(50);
  });
});
