/**
 * Seed-level matcher measurement: every statistical-table row of the three seed reports, with the
 * indicator each row means written by hand in test/fixtures/seeds/<seed>.indicators.json ({line: code|null};
 * null = a group heading or a row no catalogue indicator means). Markdown seeds are read with a plain
 * tab split; the PDF-text seed's rows (wrapped over several lines there) are given joined in
 * <seed>.rows.json, as a loader produces them, with the reform area of their "Biểu mẫu" table.
 */
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { matchFacts } from '../loaders/indicator-matcher.ts';
import type { Fact } from '../loaders/types.ts';
import { mdTableFacts } from './fixtures/seeds/md-table-rows.ts';

const SEEDS = join(import.meta.dirname, '..', '..', 'shared', 'seeds');
const FIX = join(import.meta.dirname, 'fixtures', 'seeds');

function expectations(name: string): Record<string, string | null> {
  return JSON.parse(readFileSync(join(FIX, `${name}.indicators.json`), 'utf8'));
}

function rowFacts(name: string): Fact[] {
  const rows = JSON.parse(readFileSync(join(FIX, `${name}.rows.json`), 'utf8')) as { line: number; area: number; code: string; label: string; uom: string; raw: string }[];
  return rows.map((r) => ({
    indicator: null, label: r.label, code: r.code, uom: r.uom, raw: r.raw, value: null, status: r.raw ? 'reported' : 'empty',
    line: r.line, source: 'table', note: null, doubtful: false, reason: null, area: r.area,
  }));
}

interface Score { rows: number; expectedMatched: number; matched: number; correct: number; wrong: string[] }

function measure(facts: Fact[], exp: Record<string, string | null>): Score {
  matchFacts(facts);
  const byLine = new Map(facts.map((f) => [String(f.line), f]));
  const s: Score = { rows: 0, expectedMatched: 0, matched: 0, correct: 0, wrong: [] };
  for (const [line, want] of Object.entries(exp)) {
    const f = byLine.get(line);
    if (!f) { s.wrong.push(`line ${line}: row not read`); continue; }
    s.rows++;
    if (want) s.expectedMatched++;
    if (f.indicator) s.matched++;
    if (f.indicator && f.indicator === want) s.correct++;
    if (f.indicator !== want) s.wrong.push(`line ${line} "${f.label.slice(0, 60)}": got ${f.indicator} want ${want} (${JSON.stringify(f.candidates)})`);
    if (!f.indicator) expect(f.candidates, `line ${line} keeps candidates for review`).toBeDefined();
  }
  return s;
}

const total: Score = { rows: 0, expectedMatched: 0, matched: 0, correct: 0, wrong: [] };
const cases: [string, () => Fact[]][] = [
  ['bql-kcn-soc-trang-2021', () => mdTableFacts(join(SEEDS, 'bql-kcn-soc-trang-2021.md'))],
  ['ubnd-xa-bang-lang-q1-2023', () => mdTableFacts(join(SEEDS, 'ubnd-xa-bang-lang-q1-2023.md'))],
  ['so-khcn-son-la-q1-2024', () => rowFacts('so-khcn-son-la-q1-2024')],
];

describe('matcher on the seed reports (expected indicator per row, by hand)', () => {
  it.each(cases)('%s', (name, read) => {
    const exp = expectations(name);
    const s = measure(read(), exp);
    for (const k of ['rows', 'expectedMatched', 'matched', 'correct'] as const) total[k] += s[k];
    total.wrong.push(...s.wrong.map((w) => `${name} ${w}`));
    expect(s.rows).toBe(Object.keys(exp).length);
    expect(s.wrong).toEqual([]);
  });

  it('precision and recall over all seed rows', () => {
    const precision = total.correct / total.matched;
    const recall = total.correct / total.expectedMatched;
    console.log(`matcher on seeds: rows=${total.rows} expected=${total.expectedMatched} matched=${total.matched} correct=${total.correct} precision=${precision.toFixed(3)} recall=${recall.toFixed(3)}`);
    expect(total.rows).toBeGreaterThan(350);
    expect(precision).toBeGreaterThanOrEqual(0.97);
    expect(recall).toBeGreaterThanOrEqual(0.95);
  });
});
