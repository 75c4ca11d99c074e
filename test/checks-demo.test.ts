/**
 * Precision on the demo province: its injected inconsistencies (demo-manifest) must be found, and
 * nothing else may fire at error severity. Reports go through the real loaders and matcher
 * (extractText) into a temp warehouse.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoProvince } from '../loaders/demo/index.ts';
import { extractText } from '../loaders/extract.ts';
import { runChecks } from '../warehouse/checks/engine.ts';
import { reportingStatus } from '../warehouse/checks/completeness.ts';
import { addReport, flagsOf, openTestDb, type TestDb } from './checks-helpers.ts';

let db: TestDb;
const { files, manifest } = generateDemoProvince({ units: 30, years: [2024] });
const docByFile = new Map<string, number>();

beforeAll(async () => {
  db = await openTestDb();
  for (const f of files) {
    const x = extractText(f.name, f.text);
    const r = await addReport(db, {
      unit: f.unit.name, level: f.unit.level, province: f.unit.province, year: f.period.year, kind: f.period.kind, file: f.name,
      receivedAt: f.receivedAt.replace('T', ' ').replace('Z', ''), reportDate: f.reportDate,
      facts: x.facts.filter((r) => r.indicator).map((r) => ({ code: r.indicator!, value: r.value, status: r.status, raw: r.raw, line: r.line, denominator: r.denominator ?? null })),
    });
    docByFile.set(f.name, r.documentId);
  }
  await runChecks(db);
}, 240_000);
afterAll(async () => db?.close());

describe('checks on the demo province', () => {
  it('finds every injected inconsistency of a kind the checks own, and raises no other error', async () => {
    const injected = manifest.injected.filter((i) => i.file && ['quota_exceeded', 'rate_mismatch', 'part_exceeds_whole'].includes(i.kind));
    const errors = await flagsOf(db, `severity = 'error'`);
    const docName = new Map([...docByFile].map(([k, v]) => [v, k]));
    const found = injected.filter((i) => errors.some((e) => docName.get(e.document_id) === i.file && e.kind === i.kind
      && i.indicators.some((c) => JSON.parse(e.indicators).includes(c))));
    const explained = errors.filter((e) => injected.some((i) => docName.get(e.document_id) === i.file
      && i.indicators.some((c) => JSON.parse(e.indicators).includes(c))));
    const precision = errors.length ? explained.length / errors.length : 1;
    const recall = injected.length ? found.length / injected.length : 1;
    console.log(`demo: ${injected.length} injected, ${errors.length} errors, precision ${(precision * 100).toFixed(1)} %, recall ${(recall * 100).toFixed(1)} %`);
    for (const e of errors.filter((x) => !explained.includes(x)).slice(0, 10)) console.log('  unexplained', docName.get(e.document_id), e.rule_id, e.observed);
    for (const i of injected.filter((x) => !found.includes(x)).slice(0, 10)) console.log('  missed', i.file, i.kind, i.indicators, i.values);
    expect(recall).toBe(1);
    expect(precision).toBe(1);
  });

  it('reports the injected late and missing reports in completeness and timeliness', async () => {
    const periods = await db.all<{ period_id: number; year: number; kind: string }>('SELECT period_id, year, kind FROM period');
    const pid = (p: { year: number; kind: string }) => Number(periods.find((x) => x.year === p.year && x.kind === p.kind)!.period_id);
    for (const i of manifest.injected.filter((x) => x.kind === 'late_report' || x.kind === 'missing_report')) {
      const rows = await reportingStatus(db, pid(i.period));
      const unitName = manifest.units.find((u) => u.id === i.unit || u.name === i.unit)?.name ?? i.unit;
      const row = rows.find((r) => r.unit === unitName);
      if (i.kind === 'missing_report') expect(row?.status ?? 'missing').toBe('missing');
      else expect(row?.status).toBe('late');
    }
  });
});

