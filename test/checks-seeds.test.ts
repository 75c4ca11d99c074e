/**
 * The seed reports' real inconsistencies, found by the generic rules with no report-specific code.
 * Until the loaders land, the table rows come from the matcher's seed fixtures (rows as printed, the
 * catalogue code per line, checked by hand) and the narrative from extractNarrativeStatements on the
 * real text. Expected flags were found by reading the three reports by hand (see README of checks).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalogue } from '../warehouse/catalogue.ts';
import { runChecks } from '../warehouse/checks/engine.ts';
import { extractNarrativeStatements } from '../loaders/narrative-statements.ts';
import { mdTableFacts } from './fixtures/seeds/md-table-rows.ts';
import { extractFile } from '../loaders/extract.ts';
import { addReport, flagsOf, openTestDb, type TestDb, type TestFact } from './checks-helpers.ts';

const SEEDS = '/work/shared/seeds';
const FIX = join(import.meta.dirname, 'fixtures', 'seeds');
const cat = loadCatalogue();

/** Reads a printed value the way the loaders do: vi-VN decimals, leading zeros, fractions, legend words. */
function parseRaw(code: string, raw: string): TestFact {
  const r = raw.replace(/<[^>]*>/g, '').trim();
  if (!r) return { code, value: null, raw: r };
  let m = r.match(/^(\d+(?:,\d+)?)\s*%?$/);
  if (m) return { code, value: Number(m[1].replace(',', '.')), raw: r };
  m = r.match(/^(\d+)\/(\d+)$/);
  if (m) return { code, value: Number(m[1]), denominator: Number(m[2]), raw: r };
  const legend = cat.byCode.get(code)?.legend;
  if (legend) for (const [k, v] of Object.entries(legend)) if (k.toLowerCase() === r.toLowerCase()) return { code, value: v, raw: r };
  return { code, value: null, status: 'text', raw: r };
}

function seedFacts(name: string): TestFact[] {
  const map = JSON.parse(readFileSync(join(FIX, `${name}.indicators.json`), 'utf8')) as Record<string, string | null>;
  const rows: { line: number; raw: string }[] = name.startsWith('so-khcn')
    ? JSON.parse(readFileSync(join(FIX, `${name}.rows.json`), 'utf8'))
    : mdTableFacts(join(SEEDS, `${name}.md`)).map((f) => ({ line: f.line, raw: f.raw }));
  return rows.filter((r) => map[String(r.line)]).map((r) => ({ ...parseRaw(map[String(r.line)]!, r.raw), line: r.line }));
}

function narrative(file: string, tableStart: number) {
  const lines = readFileSync(join(SEEDS, file), 'utf8').split(/\r?\n/);
  return extractNarrativeStatements(lines, tableStart).map((s) => ({ code: s.indicator, value: s.value, line: s.line, text: s.text }));
}

function tableStart(file: string): number {
  const lines = readFileSync(join(SEEDS, file), 'utf8').split(/\r?\n/);
  return lines.findIndex((l) => /^(STT|TT)\s/.test(l)) + 1;
}

let db: TestDb;
const SEED_REPORTS = [
  { file: 'so-khcn-son-la-q1-2024.txt', name: 'so-khcn-son-la-q1-2024', unit: 'Sở Khoa học và Công nghệ', level: 'province-dept', province: 'Sơn La', year: 2024, kind: 'Q1' },
  { file: 'bql-kcn-soc-trang-2021.md', name: 'bql-kcn-soc-trang-2021', unit: 'Ban Quản lý các khu công nghiệp', level: 'province-dept', province: 'Sóc Trăng', year: 2021, kind: 'year' },
  { file: 'ubnd-xa-bang-lang-q1-2023.md', name: 'ubnd-xa-bang-lang-q1-2023', unit: 'UBND xã Bằng Lăng', level: 'commune', province: 'Bắc Kạn', year: 2023, kind: 'Q1' },
];

/** The inconsistencies found by reading each report by hand (error and warning severity). */
const EXPECTED: Record<string, string[]> = {
  'so-khcn-son-la-q1-2024.txt': [
    'quota.sncl_people', // 33 people present in public service units, 25 assigned
    'narrative.org.staff_quota', // text: "được giao 31 biên chế", table: 32
    'narrative.org.staff_present', // text: "đang quản lý và sử dụng 31 biên chế", table: 32 present
    'share.edoc_electronic_vs_parallel', // "Trong đó" fully electronic 100% + parallel with paper 100%
    'required.direction.plan_completion_rate', // the plan completion rate row is left empty
  ],
  'bql-kcn-soc-trang-2021.md': [
    'duplicate.legal.docs_issued', // legal documents issued written as 0 (Nghị quyết) and 1 (Quyết định)
    'zero_count.depts_cut_rate', // 0 departments cut, yet 40% cut against the plan
    'narrative.egov.partial_provided', // text: level 3 for 11 procedures, table: 03
    'narrative.egov.full_provided', // text: level 4 for 16 procedures, table: 26
    'narrative.tthc.files_received', // text: 75 files received and handled, table: 121
  ],
  'ubnd-xa-bang-lang-q1-2023.md': [
    'rate.direction.plan_completion_rate', // rate written as 02 (the count), 2/7 = 28.6%
    'rate.egov.online_files_rate', // 100% online while 20 of 104 files came online
    'share.edoc_electronic_vs_parallel', // 100% fully electronic + 10% parallel with paper
    'online.procedures_with_files_vs_online_files', // 84 + 20 procedures with online files, only 20 online files
  ],
};

describe('checks on the seed reports', () => {
  const docs: Record<string, number> = {};
  beforeAll(async () => {
    db = await openTestDb();
    for (const s of SEED_REPORTS) {
      const r = await addReport(db, { unit: s.unit, level: s.level, province: s.province, year: s.year, kind: s.kind,
        facts: seedFacts(s.name), narrative: narrative(s.file, tableStart(s.file)), file: s.file });
      docs[s.file] = r.documentId;
    }
    await runChecks(db);
  }, 60_000);
  afterAll(async () => db?.close());

  for (const s of SEED_REPORTS) {
    it(`finds the hand-found inconsistencies of ${s.file} and raises no other error or warning`, async () => {
      const flags = await flagsOf(db, `document_id = ${docs[s.file]} AND severity IN ('error','warning')`);
      const ids = flags.map((f) => f.rule_id).sort();
      expect(ids).toEqual([...EXPECTED[s.file]].sort());
      for (const f of flags) {
        expect(f.line).toBeGreaterThan(0);
        expect(f.message_vi.length).toBeGreaterThan(10);
        expect(f.message_en.length).toBeGreaterThan(10);
      }
    });
  }

  it('reports lines that point at the offending table rows', async () => {
    const f = (await flagsOf(db, `rule_id = 'quota.sncl_people'`))[0];
    const lines = readFileSync(join(SEEDS, 'so-khcn-son-la-q1-2024.txt'), 'utf8').split(/\r?\n/);
    expect(lines[f.line - 1]).toContain('có mặt');
    expect(JSON.parse(f.observed)).toEqual({ 'org.sncl_people_present': 33, 'org.sncl_people_quota': 25 });
  });

  it('keeps informational flags apart: required rows missing from a template are info, not errors', async () => {
    const info = await flagsOf(db, `severity = 'info'`);
    expect(info.every((f) => f.kind === 'missing_required' || f.kind.startsWith('outlier_'))).toBe(true);
    // The commune template has no quota row at all: info, not an alarm.
    expect(info.some((f) => f.rule_id === 'required.org.staff_quota' && f.document_id === docs['ubnd-xa-bang-lang-q1-2023.md'])).toBe(true);
  });
});

describe('checks on the seed reports read by the real loaders and matcher', () => {
  let db2: TestDb;
  const docs: Record<string, number> = {};
  beforeAll(async () => {
    db2 = await openTestDb();
    for (const s of SEED_REPORTS) {
      const { extraction: x, text } = await extractFile(join(SEEDS, s.file));
      const firstTableLine = Math.min(...x.facts.map((f) => f.line));
      const narr = extractNarrativeStatements(text.split(/\r?\n/), firstTableLine);
      const r = await addReport(db2, {
        unit: x.unit!.name, level: x.unit!.level, province: x.unit!.province, year: x.period!.year, kind: x.period!.kind, file: s.file,
        facts: x.facts.filter((f) => f.indicator).map((f) => ({ code: f.indicator!, value: f.value, status: f.status, raw: f.raw, line: f.line, denominator: f.denominator ?? null })),
        narrative: narr.map((n) => ({ code: n.indicator, value: n.value, line: n.line, text: n.text })),
      });
      docs[s.file] = r.documentId;
    }
    await runChecks(db2);
  }, 60_000);
  afterAll(async () => db2?.close());

  for (const s of SEED_REPORTS) {
    it(`finds the same inconsistencies in ${s.file}, and nothing else at error or warning`, async () => {
      const flags = await flagsOf(db2, `document_id = ${docs[s.file]} AND severity IN ('error','warning')`);
      expect(flags.map((f) => f.rule_id).sort()).toEqual([...EXPECTED[s.file]].sort());
    });
  }
});
