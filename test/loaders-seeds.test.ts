/**
 * Accuracy on the three seed reports against expected rows written by hand (test/fixtures/seeds/).
 * Value recall = valued rows read with the right value / valued rows; precision = right values / values
 * read. A wrong value is allowed only when the row is marked doubtful; an empty cell must never become 0.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { extractFile } from '../loaders/extract.ts';
import { foldVietnamese } from '../warehouse/text-fold.ts';
import type { Fact } from '../loaders/types.ts';

const SEEDS = path.resolve('..', 'shared', 'seeds');
const FIXTURES = path.resolve('test', 'fixtures', 'seeds');

interface ExpectedRow {
  line: number;
  code: string;
  label: string;
  uom: string;
  raw: string;
  value: number | null;
  status: string;
  doubtful?: boolean;
}
interface Expected {
  seed: string;
  unit: { name: string; level: string; province: string | null };
  period: { year: number; kind: string };
  rows: ExpectedRow[];
}

const seeds = ['so-khcn-son-la-q1-2024.txt', 'bql-kcn-soc-trang-2021.md', 'ubnd-xa-bang-lang-q1-2023.md'];
const labelKey = (s: string) => foldVietnamese(s).replace(/[^a-z0-9]/g, '');

describe('seed reports: value recall and precision against hand-written fixtures', () => {
  const totals = { valued: 0, right: 0, read: 0, readRight: 0, wrongSilent: 0 };
  for (const seed of seeds) {
    it(seed, async () => {
      const file = path.join(SEEDS, seed);
      expect(existsSync(file), `seed missing: ${file}`).toBe(true);
      const exp = JSON.parse(readFileSync(path.join(FIXTURES, seed.replace(/\.(md|txt)$/, '') + '.expected.json'), 'utf8')) as Expected;
      const { extraction: x } = await extractFile(file);
      expect(x.messages.filter((m) => m.severity === 'error')).toEqual([]);
      expect(x.unit).toMatchObject(exp.unit);
      expect(x.period).toEqual(exp.period);

      const byLine = new Map<number, Fact[]>();
      for (const f of x.facts) byLine.set(f.line, [...(byLine.get(f.line) ?? []), f]);
      const expByLine = new Map(exp.rows.map((r) => [r.line, r]));
      let valued = 0, right = 0, read = 0, readRight = 0, labelsOk = 0;
      const problems: string[] = [];
      for (const r of exp.rows) {
        const f = byLine.get(r.line)?.[0];
        if (!f) {
          problems.push(`missing row at line ${r.line} (${r.code} ${r.label.slice(0, 40)})`);
          if (r.value !== null) valued++;
          continue;
        }
        if (labelKey(f.label) === labelKey(r.label)) labelsOk++;
        else problems.push(`label at ${r.line}: "${f.label}" != "${r.label}"`);
        if (r.value !== null) {
          valued++;
          if (f.value === r.value) right++;
        } else if (f.value !== null && !f.doubtful) {
          problems.push(`line ${r.line}: empty cell read as ${f.value} without doubt`);
          totals.wrongSilent++;
        }
        if (r.status !== f.status) problems.push(`status at ${r.line}: ${f.status} != ${r.status}`);
      }
      for (const f of x.facts) {
        if (f.value === null) continue;
        read++;
        const r = expByLine.get(f.line);
        if (r && r.value === f.value) readRight++;
        else if (!f.doubtful) {
          totals.wrongSilent++;
          problems.push(`wrong value not marked doubtful at ${f.line}: ${f.value} (expected ${r?.value})`);
        }
      }
      totals.valued += valued;
      totals.right += right;
      totals.read += read;
      totals.readRight += readRight;
      const recall = right / valued;
      const precision = readRight / read;
      console.log(
        `${seed}: rows ${x.facts.length}/${exp.rows.length}, value recall ${(100 * recall).toFixed(1)}% (${right}/${valued}), precision ${(100 * precision).toFixed(1)}% (${readRight}/${read}), labels ${labelsOk}/${exp.rows.length}, matched ${x.facts.filter((f) => f.indicator).length}` +
          (problems.length ? `\n  ${problems.join('\n  ')}` : '')
      );
      expect(x.facts.length).toBe(exp.rows.length);
      expect(recall).toBeGreaterThanOrEqual(0.97);
      expect(precision).toBeGreaterThanOrEqual(0.97);
      expect(labelsOk / exp.rows.length).toBeGreaterThanOrEqual(0.95);
      expect(problems.filter((p) => p.includes('without doubt') || p.includes('not marked doubtful'))).toEqual([]);
    });
  }
  it('narrative numbers before the tables are kept with their line (e.g. "được giao 31 biên chế")', async () => {
    const { extraction: x } = await extractFile(path.join(SEEDS, 'so-khcn-son-la-q1-2024.txt'));
    expect(x.narrative).toContainEqual(expect.objectContaining({ indicator: 'org.staff_quota', value: 31, line: 260 }));
    const firstRow = Math.min(...x.facts.map((f) => f.line));
    expect((x.narrative ?? []).every((n) => n.line < firstRow)).toBe(true);
  });
  it('overall figures', () => {
    if (totals.valued === 0) return; // run with the per-seed tests
    console.log(`ALL SEEDS: value recall ${(100 * totals.right / totals.valued).toFixed(1)}%, precision ${(100 * totals.readRight / totals.read).toFixed(1)}%, silent wrong values ${totals.wrongSilent}`);
    expect(totals.wrongSilent).toBe(0);
  });
});
