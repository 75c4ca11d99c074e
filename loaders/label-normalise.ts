/**
 * Turning an indicator label as printed into comparable tokens: markup and footnote marks removed,
 * abbreviations expanded, Vietnamese folded (đ -> d, no marks), punctuation dropped, equivalent
 * phrasings rewritten to one canonical form (catalogue/synonyms.json). Labels and catalogue wordings
 * go through the same function, so "TTHC mức độ 3" and "thủ tục hành chính một phần" meet.
 */
import { fold as foldVietnamese } from './fold.ts'; // = warehouse/text-fold.ts foldVietnamese, table-driven
import type { Catalogue } from '../warehouse/catalogue.ts';

/** Words that carry little meaning in indicator labels; they still count, with a small weight. */
// Syllables after folding: one folded syllable can stand for several words ("co" = có/cơ, "hien" in
// "thực hiện"/"hiện có"), so only syllables that are filler in every reading are listed.
export const FILLER = new Set([
  'so', 'luong', 'tong', 'cac', 'cua', 'duoc', 'da', 'la', 'tai', 'trong', 'va', 'voi', 'theo', 'nhung',
  'neu', 'khi', 'cho', 've', 'tu', 'den', 'do', 'thi', 'nay', 'hoac', 'bi', 'nhu', 'viec',
]);

export interface NormalisedLabel {
  /** All tokens, parentheticals included. */
  full: string[];
  /** Tokens with parenthetical remarks dropped ("(nếu có)", "(lũy kế ...)"). */
  core: string[];
}

const HTML_TAG = /<[^>]*>/g;
const URL = /https?:\/\/\S+/g;
const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&nbsp;': ' ', '&quot;': '"' };

/** Removes markup, links, bullets and footnote markers; keeps the words as printed. */
export function cleanLabel(label: string): string {
  let s = label.replace(HTML_TAG, ' ').replace(/&[a-z]+;/g, (m) => ENTITIES[m] ?? ' ').replace(URL, ' ');
  // Footnote marker glued to an abbreviation: "VBQPPL1 đã ban hành" -> "VBQPPL đã ban hành".
  s = s.replace(/([A-ZĐ]{3,})\d(?=[\s,.;:)]|$)/gu, '$1');
  // Leading bullets and "Trong đó:" lead-ins say nothing about the indicator.
  s = s.replace(/^[\s\-–—+*•·.:]+/u, '').replace(/^trong\s+đó\s*[:,-]?\s*/iu, '').replace(/^[a-zđ]\)\s+/u, '');
  return s.replace(/\s+/g, ' ').trim();
}

interface Prepared {
  abbr: { re: RegExp; to: string }[];
  syn: { from: string; to: string }[];
}
const preparedFor = new WeakMap<Catalogue, Prepared>();

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function prepare(cat: Catalogue): Prepared {
  let p = preparedFor.get(cat);
  if (p) return p;
  const abbr = Object.entries(cat.abbreviations)
    .sort((a, b) => b[0].length - a[0].length)
    // Case-insensitive: hand-typed labels write "tthc", "Ubnd"; every key is a distinctive acronym.
    .map(([k, v]) => ({ re: new RegExp(`(?<![\\p{L}\\p{N}])${escapeRe(k)}(?![\\p{L}])`, 'giu'), to: ` ${v} ` }));
  const syn = cat.synonyms
    .map(([from, to]) => ({ from: ` ${tokensOf(expandAbbr(from, abbr)).join(' ')} `, to: ` ${tokensOf(expandAbbr(to, abbr)).join(' ')} ` }))
    .filter((r) => r.from.trim() && r.from !== r.to);
  p = { abbr, syn };
  preparedFor.set(cat, p);
  return p;
}

function expandAbbr(s: string, abbr: Prepared['abbr']): string {
  for (const a of abbr) s = s.replace(a.re, a.to);
  return s;
}

// Words whose folded form is a filler syllable but which carry meaning: "sở" (department) would fold
// to "so" like "số" (number), "tự" (self-) to "tu" like "từ" (from). They get their own tokens.
const KEEP_APART: [RegExp, string][] = [
  [/(?<![\p{L}\p{N}])sở(?![\p{L}\p{N}])/giu, ' soo '],
  [/(?<![\p{L}\p{N}])tự(?![\p{L}\p{N}])/giu, ' tuu '],
];

/** Folds and splits into word tokens; '%' and punctuation become separators. */
function tokensOf(s: string): string[] {
  for (const [re, to] of KEEP_APART) s = s.replace(re, to);
  return foldVietnamese(s)
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .filter(Boolean);
}

function rewrite(tokens: string[], syn: Prepared['syn']): string[] {
  let s = ` ${tokens.join(' ')} `;
  // Repeat until stable (a rewrite may enable another), bounded.
  for (let pass = 0; pass < 3; pass++) {
    const before = s;
    for (const r of syn) if (s.includes(r.from)) s = s.split(r.from).join(r.to);
    if (s === before) break;
  }
  return s.trim().split(' ').filter(Boolean);
}

function dropParentheticals(s: string): string {
  // Nested or unbalanced parentheses happen in PDF text; drop balanced groups repeatedly, then a dangling "(..." tail.
  let prev = '';
  while (prev !== s) {
    prev = s;
    s = s.replace(/\([^()]*\)/g, ' ');
  }
  return s.replace(/\([^)]*$/, ' ');
}

export function normaliseLabel(label: string, cat: Catalogue): NormalisedLabel {
  const p = prepare(cat);
  const clean = cleanLabel(label);
  const full = rewrite(tokensOf(expandAbbr(clean, p.abbr)), p.syn);
  const coreText = dropParentheticals(clean);
  const core = coreText === clean ? full : rewrite(tokensOf(expandAbbr(coreText, p.abbr)), p.syn);
  return { full, core: core.length ? core : full };
}

/** Normalised phrase (single string, space-separated tokens) for substring tests such as context words. */
export function normalisePhrase(text: string, cat: Catalogue): string {
  return normaliseLabel(text, cat).full.join(' ');
}
