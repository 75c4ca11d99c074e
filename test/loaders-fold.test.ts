/** The loaders' table-driven fold gives exactly what warehouse/text-fold.ts foldVietnamese gives. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fold } from '../loaders/fold.ts';
import { foldVietnamese } from '../warehouse/text-fold.ts';
import { generateDemoProvince } from '../loaders/demo/index.ts';

const SEEDS = '/work/shared/seeds';

/** Small deterministic PRNG (mulberry32) so a failure can be replayed. */
function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('fold', () => {
  it('equals foldVietnamese on every character up to U+1EFF and a few beyond', () => {
    for (let cp = 0; cp < 0x2100; cp++) {
      const c = String.fromCharCode(cp);
      expect(fold(c), `U+${cp.toString(16)}`).toBe(foldVietnamese(c));
      expect(fold(`Ab${c}đ ${c}`), `U+${cp.toString(16)} in context`).toBe(foldVietnamese(`Ab${c}đ ${c}`));
    }
  });

  it('equals foldVietnamese on random mixes of letters, combining marks, spaces and other scripts', () => {
    const pool = [
      ...'aAbBcdđĐeEiIoOuUyYzZ0123456789 .,;:()%/-=*|<>&_#',
      ...'àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ',
      ...'ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ',
      '\u0300', '\u0301', '\u0303', '\u0309', '\u0323', '\u0306', '\u0302', '\u031b', '\t', '\n', '\r', '\u00a0', '\u2003', '\ufeff',
      'İ', 'ß', 'Σ', 'ς', 'ﬁ', 'Å', 'Ω', '中', '😀', '\u1dc0', '\u20dd', 'ǅ', 'ẞ',
    ];
    const r = rng(20261124);
    for (let n = 0; n < 20000; n++) {
      const len = Math.floor(r() * 24);
      let s = '';
      for (let i = 0; i < len; i++) s += pool[Math.floor(r() * pool.length)];
      expect(fold(s), JSON.stringify(s)).toBe(foldVietnamese(s));
    }
  });

  it('equals foldVietnamese on every line of the seed reports and of generated reports', () => {
    const texts = readdirSync(SEEDS).map((f) => readFileSync(join(SEEDS, f), 'utf8'));
    texts.push(...generateDemoProvince({ seed: 5, units: 4 }).files.map((f) => f.text));
    let lines = 0;
    for (const t of texts)
      for (const line of t.split('\n')) {
        lines++;
        if (fold(line) !== foldVietnamese(line)) expect(fold(line), line).toBe(foldVietnamese(line));
        const nfd = line.normalize('NFD');
        if (fold(nfd) !== foldVietnamese(nfd)) expect(fold(nfd), nfd).toBe(foldVietnamese(nfd));
      }
    expect(lines).toBeGreaterThan(1000);
  });
});
