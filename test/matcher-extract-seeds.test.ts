/**
 * End to end on the seeds: the loaders' extractText (format detection, row joining, sections) followed
 * by the matcher must give, row by row, the indicator written by hand in
 * test/fixtures/seeds/<seed>.indicators.json.
 */
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { extractText } from '../loaders/extract.ts';

const SEEDS = join(import.meta.dirname, '..', '..', 'shared', 'seeds');
const FIX = join(import.meta.dirname, 'fixtures', 'seeds');

describe('extract + match on the seeds', () => {
  it.each(['so-khcn-son-la-q1-2024.txt', 'bql-kcn-soc-trang-2021.md', 'ubnd-xa-bang-lang-q1-2023.md'])('%s', (file) => {
    const x = extractText(file, readFileSync(join(SEEDS, file), 'utf8'));
    const exp: Record<string, string | null> = JSON.parse(readFileSync(join(FIX, `${file.replace(/\.[a-z]+$/, '')}.indicators.json`), 'utf8'));
    const got = Object.fromEntries(x.facts.map((f) => [String(f.line), f.indicator]));
    expect(got).toEqual(exp);
    for (const f of x.facts) if (!f.indicator) expect(f.candidates).toBeDefined();
  });
});
