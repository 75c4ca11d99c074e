/**
 * Matches extracted table rows onto the indicator catalogue (warehouse/catalogue/).
 *
 * A row is identified by its label, its section (enclosing rows), its unit of measure, its reform area
 * and its neighbours — never by its code, because codes differ between templates and repeat.
 * Scoring: IDF-weighted token Dice + word-bigram Dice + character-trigram Dice between the normalised
 * label and every wording of an indicator (name and aliases, with and without parentheticals; also
 * the parent row's label joined to the row's label, for "Trong đó"/"UBND tỉnh" sub-rows), then
 * adjusted for unit-of-measure compatibility (a '%' row is never a count), the indicator's
 * disambiguating context words found in the section path, and area agreement.
 * A match needs the threshold AND a margin over the best other indicator; otherwise indicator = null,
 * the top candidates are kept and the row goes to review. A match is never guessed silently.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Fact } from './types.ts';
import { loadCatalogue, CATALOGUE_DIR, type Catalogue, type Indicator } from '../warehouse/catalogue.ts';
import { normaliseLabel, normalisePhrase, FILLER, type NormalisedLabel } from './label-normalise.ts';
import { fold as foldVietnamese } from './fold.ts'; // = warehouse/text-fold.ts foldVietnamese, table-driven

interface MatcherConfig {
  threshold: number;
  margin: number;
  weights: { tokens: number; wordBigrams: number; charTrigrams: number };
  fillerWeight: number;
  compositeFactor: number;
  compositeBelow: number;
  contextBonus: number;
  contextWindow: number;
  headingPrefixes: string[];
  headingThreshold: number;
  headingMeasurePenalty: number;
  contextBonusDecay: number;
  contextMissingPenalty: number;
  areaAgree: number;
  areaDisagree: number;
  uom: { match: number; peopleMismatch: number; legendOnCount: number; legendOnPercent: number; countOnFlag: number; moneyMismatch: number };
  areaHeadingSimilarity: number;
}

interface Form {
  tokens: Set<string>;
  /** The distinct tokens in set order, and the weight of each (weight() is a function of the token alone). */
  list: string[];
  w: number[];
  wsum: number;
  bigrams: Set<string>;
  trigrams: Set<string>;
}

interface Entry {
  ind: Indicator;
  forms: Form[];
  context: string[]; // normalised, padded with spaces
  uomClass: UomClass;
  /** Every wording starts with a measure word ("Số", "Tổng số", "Tỷ lệ"): a count or rate, not a topic. */
  measured: boolean;
}

interface Index {
  cat: Catalogue;
  cfg: MatcherConfig;
  entries: Entry[];
  idf: Map<string, number>;
  unknownIdf: number;
  postings: Map<string, number[]>;
  areaForms: { id: number; forms: Form[] }[];
  headingPrefixes: string[];
  /** normaliseLabel per distinct text (labels and section headings recur across reports; bounded). */
  norm: Map<string, NormalisedLabel>;
}

export type UomClass = 'empty' | 'percent' | 'legend' | 'people' | 'money' | 'count';

export interface MatchResult {
  indicator: string | null;
  score: number;
  candidates: { indicator: string; score: number }[];
  reason: string | null;
}

/** Classifies a unit-of-measure cell as printed. A legend ("Có = 1; Không = 0") marks a coded answer. */
export function uomClass(uom: string): UomClass {
  const s = (uom ?? '').replace(/<[^>]*>/g, ' ').trim();
  if (!s) return 'empty';
  if (s.includes('%')) return 'percent';
  if (/=/.test(s) || /(^|[\s;/,])(có|không|chưa|tốt|đạt)(?=$|[\s;/,=])/iu.test(s) || s.split(';').filter((x) => x.trim()).length >= 2)
    return 'legend';
  const f = foldVietnamese(s);
  if (/(^|\s)(dong|vnd|vnđ|trieu|nghin)(\s|$)/.test(f)) return 'money';
  const first = f.split('/')[0];
  if (/(^|\s)(nguoi|d\/c|luot nguoi|can bo|cong chuc|vien chuc)(\s|$)/.test(first)) return 'people';
  return 'count';
}

let index: Index | null = null;

function loadConfig(): MatcherConfig {
  return JSON.parse(readFileSync(join(CATALOGUE_DIR, 'matcher.json'), 'utf8')) as MatcherConfig;
}

function trigramsOf(tokens: string[]): Set<string> {
  const s = ` ${tokens.join(' ')} `;
  const out = new Set<string>();
  for (let i = 0; i + 3 <= s.length; i++) out.add(s.slice(i, i + 3));
  return out;
}

function makeForm(tokens: string[], ix: Pick<Index, 'idf' | 'unknownIdf' | 'cfg'>): Form {
  const set = new Set(tokens);
  const list = [...set];
  const w = list.map((t) => weight(t, ix));
  let wsum = 0;
  for (const x of w) wsum += x;
  const content = tokens.filter((t) => !FILLER.has(t));
  const bigrams = new Set<string>();
  for (let i = 0; i + 1 < content.length; i++) bigrams.add(`${content[i]} ${content[i + 1]}`);
  return { tokens: set, list, w, wsum, bigrams, trigrams: trigramsOf(content) };
}

function weight(t: string, ix: Pick<Index, 'idf' | 'unknownIdf' | 'cfg'>): number {
  const known = ix.idf.get(t);
  // Numbers no wording uses (dates, "năm 2024", "quý 1") say nothing about which indicator a row is;
  // numbers the catalogue uses ("năm 2015", "70%", "mức độ 3") keep their weight.
  if (known === undefined && /^\d+$/.test(t)) return ix.unknownIdf * ix.cfg.fillerWeight;
  const w = known ?? ix.unknownIdf;
  return FILLER.has(t) ? w * ix.cfg.fillerWeight : w;
}

function dice(a: Set<string>, b: Set<string>): number {
  if (!a.size || !b.size) return 0;
  const [small, big] = a.size <= b.size ? [a, b] : [b, a];
  let n = 0;
  for (const x of small) if (big.has(x)) n++;
  return (2 * n) / (a.size + b.size);
}

function similarity(a: Form, b: Form, ix: Index, floor = 0): number {
  const small = a.tokens.size <= b.tokens.size ? a : b;
  const big = small === a ? b : a;
  let common = 0;
  for (let i = 0; i < small.list.length; i++) if (big.tokens.has(small.list[i])) common += small.w[i];
  const tok = a.wsum + b.wsum > 0 ? (2 * common) / (a.wsum + b.wsum) : 0;
  const w = ix.cfg.weights;
  // Cannot reach a match, or cannot beat what is already found: skip the costlier parts.
  if (tok < 0.25 || w.tokens * tok + w.wordBigrams + w.charTrigrams < floor) return tok * w.tokens;
  const bi = a.bigrams.size || b.bigrams.size ? dice(a.bigrams, b.bigrams) : tok;
  return w.tokens * tok + w.wordBigrams * bi + w.charTrigrams * dice(a.trigrams, b.trigrams);
}

/** "Số ...", "Tổng số ...", "Tỷ lệ ..." name a quantity; "Số liệu về ..." names a group. */
function startsWithMeasure(tokens: string[]): boolean {
  const [a, b] = tokens;
  if (a === 'so') return b !== 'lieu';
  if (a === 'tong') return b === 'so';
  return a === 'ty' && b === 'le';
}

function buildIndex(): Index {
  const cat = loadCatalogue();
  const cfg = loadConfig();
  const texts = cat.indicators.map((ind) => {
    const variants = [ind.name_vi, ...ind.aliases];
    const forms: string[][] = [];
    for (const v of variants) {
      const n = normaliseLabel(v, cat);
      forms.push(n.full);
      if (n.core !== n.full) forms.push(n.core);
    }
    return forms;
  });
  const df = new Map<string, number>();
  for (const forms of texts) for (const t of new Set(forms.flat())) df.set(t, (df.get(t) ?? 0) + 1);
  const N = cat.indicators.length;
  const idf = new Map<string, number>();
  for (const [t, n] of df) idf.set(t, Math.log(1 + N / n));
  const partial: Pick<Index, 'idf' | 'unknownIdf' | 'cfg'> = { idf, unknownIdf: Math.log(1 + N), cfg };
  const postings = new Map<string, number[]>();
  const entries: Entry[] = cat.indicators.map((ind, i) => {
    for (const t of new Set(texts[i].flat())) {
      if (FILLER.has(t)) continue;
      const list = postings.get(t) ?? [];
      list.push(i);
      postings.set(t, list);
    }
    return {
      ind,
      forms: texts[i].map((toks) => makeForm(toks, partial)),
      context: ind.context.map((c) => ` ${normalisePhrase(c, cat)} `),
      uomClass: uomClass(ind.uom),
      measured: ind.kind !== 'flag' && ind.kind !== 'enum' && ind.kind !== 'text' && texts[i].every(startsWithMeasure),
    };
  });
  const areaForms = cat.areas.map((a) => ({
    id: a.id,
    forms: [a.name_vi, ...a.aliases].map((v) => makeForm(normaliseLabel(v, cat).core, partial)),
  }));
  const headingPrefixes = cfg.headingPrefixes.map((h) => ` ${normalisePhrase(h, cat)}`);
  return { cat, cfg, entries, idf, unknownIdf: partial.unknownIdf, postings, areaForms, headingPrefixes, norm: new Map() };
}

function getIndex(): Index {
  if (!index) index = buildIndex();
  return index;
}

function uomAdjust(e: Entry, fc: UomClass, cfg: MatcherConfig): number | null {
  if (fc === 'empty') return 0;
  const u = cfg.uom;
  switch (e.ind.kind) {
    case 'percent':
      if (fc === 'percent') return u.match;
      if (fc === 'legend') return u.legendOnPercent;
      return null; // a count, people or money row is never a rate
    case 'count':
      if (fc === 'percent') return null; // a '%' row is never a count
      if (fc === 'legend') return u.legendOnCount;
      if (fc === 'money') return u.moneyMismatch;
      if ((fc === 'people') !== (e.uomClass === 'people')) return u.peopleMismatch;
      return u.match;
    case 'money':
      if (fc === 'money') return u.match;
      if (fc === 'percent') return null;
      return u.moneyMismatch;
    case 'flag':
    case 'enum':
      if (fc === 'legend') return u.match * 1.5;
      if (fc === 'percent') return null;
      return u.countOnFlag;
    default:
      return fc === 'percent' ? u.legendOnPercent : 0;
  }
}

/** Which reform area a section label names, if any, and how closely. */
function areaHeadingOf(tokens: string[], ix: Index): { id: number; sim: number } | null {
  if (!tokens.length) return null;
  const f = makeForm(tokens, ix);
  let best = 0;
  let id: number | null = null;
  for (const a of ix.areaForms)
    for (const af of a.forms) {
      const s = similarity(f, af, ix);
      if (s > best) { best = s; id = a.id; }
    }
  return id !== null && best >= ix.cfg.areaHeadingSimilarity ? { id, sim: best } : null;
}
function areaOfHeading(tokens: string[], ix: Index): number | null {
  return areaHeadingOf(tokens, ix)?.id ?? null;
}

const cache = new Map<string, MatchResult>();
/** Second level: by what the score depends on (normalised words, unit class), so wordings that differ only in case, marks, spacing or markup share one computation. */
const normCache = new Map<string, MatchResult>();
const CANDIDATES = 40;
const CACHE_MAX = 50_000;
const NORM_MAX = 20_000;

/** normaliseLabel, once per distinct text. The arrays are shared: computeMatch never modifies them. */
function normalised(text: string, ix: Index): NormalisedLabel {
  let n = ix.norm.get(text);
  if (!n) {
    n = normaliseLabel(text, ix.cat);
    if (ix.norm.size >= NORM_MAX) ix.norm.clear();
    ix.norm.set(text, n);
  }
  return n;
}

/** Everything computeMatch reads, normalised. core === full is kept apart from an equal copy (it decides whether a second form is scored). */
function normKey(n: NormalisedLabel, ctxNorm: NormalisedLabel[], area: number | null, fc: UomClass, hasValue: boolean): string {
  const one = (x: NormalisedLabel) => `${x.full.join(' ')}\u0003${x.core === x.full ? '=' : x.core.join(' ')}`;
  return `${one(n)}\u0001${ctxNorm.map(one).join('\u0002')}\u0001${area ?? ''}\u0001${fc}\u0001${hasValue}`;
}

/**
 * Scores one row. `contexts` are the labels of enclosing rows, innermost first.
 * Exposed for tests and for callers that match a single label.
 */
export function matchLabel(label: string, uom: string, contexts: string[] = [], area: number | null = null, hasValue = true): MatchResult {
  const key = `${label}\u0001${uom}\u0001${contexts.join('\u0002')}\u0001${area ?? ''}\u0001${hasValue}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const ix = getIndex();
  const n = normalised(label, ix);
  const ctxNorm = contexts.map((c) => normalised(c, ix));
  const fc = uomClass(uom);
  const nkey = normKey(n, ctxNorm, area, fc, hasValue);
  let res = normCache.get(nkey);
  if (!res) {
    res = computeMatch(ix, n, fc, ctxNorm, area, hasValue);
    if (normCache.size >= CACHE_MAX) normCache.clear();
    normCache.set(nkey, res);
  }
  if (cache.size >= CACHE_MAX) cache.clear();
  cache.set(key, res);
  return res;
}

/** The score of one row; depends on the label, unit and contexts only through n, fc and ctxNorm. */
function computeMatch(ix: Index, n: NormalisedLabel, fc: UomClass, ctxNorm: NormalisedLabel[], area: number | null, hasValue: boolean, explain?: { code: string; score: number }[]): MatchResult {
  const { cfg } = ix;
  if (!n.full.some((t) => !/^\d+$/.test(t)))
    return { indicator: null, score: 0, candidates: [], reason: 'Nhãn trống, không xác định được chỉ tiêu / empty label, indicator unknown' };
  const ctxText = [` ${n.full.join(' ')} `, ...ctxNorm.map((c) => ` ${c.full.join(' ')} `)];
  if (area === null) {
    for (let i = ctxNorm.length - 1; i >= 0 && area === null; i--) area = areaOfHeading(ctxNorm[i].core, ix);
  }
  const plainForms: { form: Form; factor: number }[] = [{ form: makeForm(n.full, ix), factor: 1 }];
  if (n.core !== n.full) plainForms.push({ form: makeForm(n.core, ix), factor: 1 });
  // The parent row's words joined to the label: for sub-rows that say little on their own ("UBND tỉnh",
  // "- Cấp xã"). Used only when no wording fits the label alone, so a full label is never read through
  // its section's words.
  const composite =
    ctxNorm.length && ctxNorm[0].core.length ? { form: makeForm([...ctxNorm[0].core, ...n.core], ix), factor: cfg.compositeFactor } : null;
  const labelForms = composite ? [...plainForms, composite] : plainForms;

  // Candidate generation: indicators sharing weighted words with the label, best overlap first. Only the
  // top ones are scored in full, which keeps unseen wordings cheap (the ingest benchmark matches
  // every row of thousands of reports).
  const overlap = new Map<number, number>();
  const seenTok = new Set<string>();
  for (const lf of labelForms)
    for (const t of lf.form.tokens) {
      if (seenTok.has(t)) continue;
      seenTok.add(t);
      const w = weight(t, ix);
      for (const i of ix.postings.get(t) ?? []) overlap.set(i, (overlap.get(i) ?? 0) + w);
    }
  const cand = [...overlap.entries()].sort((a, b) => b[1] - a[1]).slice(0, CANDIDATES).map(([i]) => i);

  // A row with neither unit nor value is a group heading unless it names an indicator outright.
  const headingLike = !hasValue && fc === 'empty';
  const labelMeasured = startsWithMeasure(n.core);
  const bases: { e: Entry; adj: number; base: number }[] = [];
  let bestBase = 0;
  for (const i of cand) {
    const e = ix.entries[i];
    const adj = uomAdjust(e, fc, cfg);
    if (adj === null) continue;
    let base = 0;
    for (const lf of plainForms)
      for (const vf of e.forms) {
        const s = similarity(lf.form, vf, ix, Math.max(base, bestBase - 0.3));
        if (s > base) base = s;
      }
    if (base > bestBase) bestBase = base;
    bases.push({ e, adj, base });
  }
  if (composite && bestBase < cfg.compositeBelow) {
    for (const b of bases)
      for (const vf of b.e.forms) {
        const s = similarity(composite.form, vf, ix, b.base / composite.factor) * composite.factor;
        if (s > b.base) b.base = s;
      }
  }
  const pre: { e: Entry; s: number }[] = [];
  for (const { e, adj, base } of bases) {
    if (base < 0.3) continue;
    let s = base + adj;
    // A topic heading ("Rà soát VBQPPL") is not the count it resembles once filler words are ignored.
    if (headingLike && !labelMeasured && e.measured) s -= cfg.headingMeasurePenalty;
    if (area !== null) s += e.ind.area === area ? cfg.areaAgree : cfg.areaDisagree;
    pre.push({ e, s });
  }
  // Context words re-rank only wordings that already fit about as well as the best one: they decide
  // between same-label indicators, they do not lift a weaker wording over a better one.
  const top0 = pre.reduce((m, x) => Math.max(m, x.s), -Infinity);
  const scored: { code: string; score: number }[] = [];
  for (const { e, s: s0 } of pre) {
    let s = s0;
    if (e.context.length) {
      // The label itself naming the context word only lifts the penalty; the section earns the bonus.
      let bonus = e.context.some((c) => ctxText[0].includes(c)) ? 0 : -cfg.contextMissingPenalty;
      for (let d = 1; d < ctxText.length; d++) {
        if (e.context.some((c) => ctxText[d].includes(c))) {
          bonus = s0 >= top0 - cfg.contextWindow ? Math.max(cfg.contextBonus / 2, cfg.contextBonus - cfg.contextBonusDecay * (d - 1)) : 0;
          break;
        }
      }
      s += bonus;
    }
    scored.push({ code: e.ind.code, score: s });
  }
  scored.sort((a, b) => b.score - a.score || a.code.localeCompare(b.code));
  if (explain) explain.push(...scored.slice(0, 8));
  const round = (x: number) => Math.round(Math.max(0, Math.min(1, x)) * 1000) / 1000;
  const candidates = scored.slice(0, 3).map((c) => ({ indicator: c.code, score: round(c.score) }));
  const top = scored[0];
  const second = scored[1];
  if (!top) return { indicator: null, score: 0, candidates, reason: 'Không tìm thấy chỉ tiêu phù hợp / no matching indicator' };
  const margin = second ? top.score - second.score : Infinity;
  // A reform-area heading ("Cải cách thể chế") is a section, not an indicator, unless a wording fits it outright.
  const heading = areaHeadingOf(n.core, ix);
  if (heading && heading.sim >= top.score)
    return { indicator: null, score: round(top.score), candidates, reason: `Tiêu đề lĩnh vực ${heading.id} / reform area ${heading.id} heading` };
  // Generic group headings ("Số liệu về ...", "Kết quả ...") resemble many indicators: demand a near-exact fit.
  const folded = ` ${n.core.join(' ')}`;
  // (short labels only: a long specific wording such as "Thực hiện đầy đủ ... việc xin lỗi ..." is an indicator)
  const isHeading = headingLike || (fc !== 'legend' && n.core.length <= 10 && ix.headingPrefixes.some((h) => folded.startsWith(h)));
  const threshold = isHeading ? Math.max(cfg.threshold, cfg.headingThreshold) : cfg.threshold;
  if (top.score >= threshold && margin >= cfg.margin) return { indicator: top.code, score: round(top.score), candidates, reason: null };
  const why =
    top.score < threshold
      ? `điểm khớp thấp / low match score ${round(top.score)} (${top.code})`
      : `hai chỉ tiêu gần nhau / ambiguous: ${top.code} ${round(top.score)} vs ${second!.code} ${round(second!.score)}`;
  return {
    indicator: null,
    score: round(top.score),
    candidates,
    reason: `Chưa khớp được chỉ tiêu, cần rà soát / needs review: ${why}`,
  };
}

/** All scores before the decision (unrounded, best first): for tuning and for the review screen. */
export function explainMatch(label: string, uom: string, contexts: string[] = [], area: number | null = null, hasValue = true): { code: string; score: number }[] {
  const out: { code: string; score: number }[] = [];
  const ix = getIndex();
  computeMatch(ix, normaliseLabel(label, ix.cat), uomClass(uom), contexts.map((c) => normaliseLabel(c, ix.cat)), area, hasValue, out);
  return out;
}

// ---------- neighbours: sections derived from codes when the loader gives none ----------

function normCode(code: string): string {
  return (code ?? '').replace(/<[^>]*>/g, '').trim().replace(/\.$/, '');
}
const HIER = /^\d+(\.\d+)*$/;
const ROMAN = /^(I|II|III|IV|V|VI|VII|VIII|IX|X)$/i;

/**
 * Enclosing rows of each fact, innermost first: the loader's section path when it gives one, plus the
 * rows the numbering implies ("3.3.1" sits under "3.3" and "3"; an uncoded or "a/-/Trong đó" row sits
 * under the nearest coded row above it; everything sits under the nearest Roman-numbered heading).
 */
export function deriveContexts(facts: Fact[]): string[][] {
  const out: string[][] = new Array(facts.length);
  const lastByCode = new Map<string, number>();
  let lastHier = -1;
  let lastRoman = -1;
  // Each code read once (the loop below asks for the codes of earlier rows again and again).
  const codes = facts.map((f) => normCode(f.code));
  const hier = codes.map((c) => HIER.test(c));
  const roman = codes.map((c) => ROMAN.test(c));
  for (let i = 0; i < facts.length; i++) {
    const f = facts[i];
    const ctx: string[] = [];
    const code = codes[i];
    if (hier[i]) {
      const parts = code.split('.');
      for (let k = parts.length - 1; k >= 1; k--) {
        const j = lastByCode.get(parts.slice(0, k).join('.'));
        if (j !== undefined) pushContext(ctx, facts[j].label, f.label);
      }
    } else if (!roman[i] && lastHier >= 0) {
      pushContext(ctx, facts[lastHier].label, f.label);
      const pc = codes[lastHier].split('.');
      for (let k = pc.length - 1; k >= 1; k--) {
        const j = lastByCode.get(pc.slice(0, k).join('.'));
        if (j !== undefined) pushContext(ctx, facts[j].label, f.label);
      }
    }
    if (!roman[i] && lastRoman >= 0) pushContext(ctx, facts[lastRoman].label, f.label);
    // The loader's path (outermost first) goes after, innermost first; each label once, first place kept.
    const sec = f.section ?? [];
    const merged: string[] = [];
    for (let k = sec.length - 1; k >= 0; k--) {
      const s = sec[k];
      if (s && s !== f.label && !merged.includes(s)) merged.push(s);
    }
    for (const c of ctx) if (!merged.includes(c)) merged.push(c);
    out[i] = merged;
    if (hier[i]) {
      lastByCode.set(code, i);
      lastHier = i;
      if (!code.includes('.')) {
        // a new top-level number closes the deeper levels of the previous block
        for (const k of [...lastByCode.keys()]) if (k.startsWith(`${code}.`)) lastByCode.delete(k);
      }
    } else if (roman[i]) {
      lastRoman = i;
      lastByCode.clear();
      lastHier = -1;
    }
  }
  return out;
}

function pushContext(ctx: string[], label: string | undefined, own: string): void {
  const l = (label ?? '').trim();
  if (l && l !== own && !ctx.includes(l)) ctx.push(l);
}

/**
 * Fills fact.indicator (or leaves null), fact.score and fact.candidates in place; unmatched rows get a
 * reason (when they have none) so the review table says why.
 */
export function matchFacts(facts: Fact[]): void {
  const contexts = deriveContexts(facts);
  facts.forEach((f, i) => {
    const r = matchLabel(f.label ?? '', f.uom ?? '', contexts[i], f.area ?? null, (f.raw ?? '').trim() !== '');
    f.indicator = r.indicator;
    f.score = r.score;
    f.candidates = r.candidates;
    if (!r.indicator && !f.reason && r.reason) f.reason = r.reason;
  });
}

/** Drops the built index and cache (tests that swap the catalogue). */
export function resetMatcher(): void {
  index = null;
  cache.clear();
  normCache.clear();
}
