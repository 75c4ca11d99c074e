/**
 * Rules as data: reads warehouse/checks/rules.json, parses the side expressions, and generates the
 * rate and part/whole rules from the catalogue links (numerator/denominator, parent, parts), so that
 * every catalogue rate or part/whole pair is checked without a hand-written rule per row.
 */
import { readFileSync } from 'node:fs';
import type { Catalogue } from '../catalogue.ts';
import { repoPath } from '../repo-path.ts';

export type Operator = '<=' | '>=' | '==' | '<' | '>';
export type MissingStrategy = 'skip_if_any_missing' | 'skip_if_all_missing' | 'never_skip';
export type Severity = 'error' | 'warning' | 'info';

/** const + sum(coef * code), or const + scale * sum(num) / sum(den) when `den` is set. */
export interface SideExpr {
  constant: number;
  scale: number;
  num: Record<string, number>;
  den: Record<string, number> | null;
  text: string;
}

export interface CompiledRule {
  id: string;
  kind: string;
  left: SideExpr;
  op: Operator;
  right: SideExpr;
  when: { side: SideExpr; op: Operator; value: number } | null;
  missing: MissingStrategy;
  severity: Severity;
  /** Absolute tolerance, or 'printed_precision' of the left side's first code (a rate row). */
  tolerance: number;
  tolMode: 'abs' | 'printed_precision';
  tolUlps: number;
  /** Rules with the same group: a violation only if every applicable definition is violated. */
  group: string;
  /** Folded province names the rule applies to, null = everywhere. */
  provinces: string[] | null;
  message_vi: string;
  message_en: string;
  /** Extra placeholders known when the rule is built ({num}, {den}, {part}, {whole}). */
  vars: Record<string, string>;
}

export interface RulesFile {
  version: string;
  generate: Record<string, any>;
  alternative_definitions: { id: string; indicator: string; provinces: string[]; expression: string }[];
  outliers: { peer: any; trend: any };
  rules: any[];
}

export const RULES_PATH = repoPath('warehouse', 'checks', 'rules.json');

export function readRulesFile(path = RULES_PATH): RulesFile {
  return JSON.parse(readFileSync(path, 'utf8')) as RulesFile;
}

const CODE = /^[a-z]+\.[a-z0-9_]+$/;

/** Parses a side expression; throws with the rule id and the offending text. */
export function parseExpr(text: string, where = 'rule'): SideExpr {
  const src = String(text).trim();
  const tokens = src.match(/[a-z]+\.[a-z0-9_]+|\d+(?:\.\d+)?|[-+*/()]/g) ?? [];
  if (tokens.join('') !== src.replace(/\s+/g, '')) throw new Error(`${where}: cannot read expression "${src}"`);
  // Split into top-level additive terms.
  const terms: { sign: number; toks: string[] }[] = [];
  let sign = 1;
  let cur: string[] = [];
  for (const t of tokens) {
    if ((t === '+' || t === '-') && cur.length) { terms.push({ sign, toks: cur }); cur = []; sign = t === '-' ? -1 : 1; }
    else if ((t === '+' || t === '-') && !cur.length) sign = t === '-' ? -sign : sign;
    else if (t === '(' || t === ')') throw new Error(`${where}: parentheses are not supported in "${src}"`);
    else cur.push(t);
  }
  if (cur.length) terms.push({ sign, toks: cur });
  const out: SideExpr = { constant: 0, scale: 1, num: {}, den: null, text: src };
  for (const { sign: s, toks } of terms) {
    // term := factor (('*'|'/') factor)*
    let k = s;
    const codes: string[] = [];
    let denCode: string | null = null;
    for (let i = 0; i < toks.length; i++) {
      const t = toks[i];
      if (t === '*') continue;
      if (t === '/') {
        const d = toks[++i];
        if (!d || !CODE.test(d) || denCode) throw new Error(`${where}: only "k * a / b" ratios are supported in "${src}"`);
        denCode = d;
        continue;
      }
      if (CODE.test(t)) codes.push(t);
      else k *= Number(t);
    }
    if (codes.length > 1) throw new Error(`${where}: products of codes are not supported in "${src}"`);
    if (denCode) {
      if (out.den || Object.keys(out.num).length) throw new Error(`${where}: a ratio side may hold one ratio term plus constants: "${src}"`);
      if (!codes.length) throw new Error(`${where}: ratio without numerator in "${src}"`);
      out.scale = k;
      out.num = { [codes[0]]: 1 };
      out.den = { [denCode]: 1 };
    } else if (codes.length) {
      if (out.den) throw new Error(`${where}: a ratio side may hold one ratio term plus constants: "${src}"`);
      out.num[codes[0]] = (out.num[codes[0]] ?? 0) + k;
    } else out.constant += k;
  }
  return out;
}

export function exprCodes(e: SideExpr): string[] {
  return [...Object.keys(e.num), ...Object.keys(e.den ?? {})];
}

export function foldProvince(s: string): string {
  return s.toLowerCase().replace(/đ/g, 'd').normalize('NFD').replace(/\p{M}/gu, '').replace(/^(tinh|thanh pho)\s+/, '').trim();
}

function severityOf(x: any, dflt: Severity): Severity {
  return x === 'error' || x === 'warning' || x === 'info' ? x : dflt;
}

/** Hand-written rules plus the rules generated from the catalogue links, deduplicated. */
export function compileRules(cat: Catalogue, file: RulesFile = readRulesFile()): CompiledRule[] {
  const rules: CompiledRule[] = [];
  const seen = new Set<string>();
  const sig = (r: CompiledRule) => `${r.left.text}|${r.op}|${r.right.text}|${r.when ? r.when.side.text : ''}`;
  const check = (r: CompiledRule) => {
    for (const c of [...exprCodes(r.left), ...exprCodes(r.right), ...(r.when ? exprCodes(r.when.side) : [])])
      if (!cat.byCode.has(c)) throw new Error(`rules.json: rule ${r.id} uses unknown indicator code "${c}"`);
  };
  const push = (r: CompiledRule) => {
    const s = sig(r);
    if (seen.has(s)) return;
    seen.add(s);
    check(r);
    rules.push(r);
  };

  for (const h of file.rules) {
    const where = `rules.json rule ${h.id}`;
    let when: CompiledRule['when'] = null;
    if (h.when) {
      const m = String(h.when).match(/^(.*?)(<=|>=|==|<|>)\s*(-?\d+(?:\.\d+)?)\s*$/);
      if (!m) throw new Error(`${where}: "when" must look like "code == 0"`);
      when = { side: parseExpr(m[1], where), op: m[2] as Operator, value: Number(m[3]) };
    }
    push({
      id: h.id, kind: h.kind, left: parseExpr(h.left, where), op: h.operator, right: parseExpr(h.right, where), when,
      missing: h.missing ?? 'skip_if_any_missing', severity: severityOf(h.severity, 'error'),
      tolerance: h.tolerance === 'printed_precision' ? 0 : Number(h.tolerance ?? 0),
      tolMode: h.tolerance === 'printed_precision' ? 'printed_precision' : 'abs', tolUlps: 0.5,
      group: h.id, provinces: null, message_vi: h.message_vi, message_en: h.message_en, vars: {},
    });
  }

  const g = file.generate;
  const name = (c: string) => c;
  for (const ind of cat.indicators) {
    if (ind.numerator && ind.denominator && g.rate_mismatch) {
      const s = g.rate_mismatch;
      const base: CompiledRule = {
        id: `rate.${ind.code}`, kind: 'rate_mismatch',
        left: parseExpr(ind.code), op: '==', right: parseExpr(`100 * ${ind.numerator} / ${ind.denominator}`),
        when: null, missing: s.missing, severity: severityOf(s.severity, 'error'), tolerance: Number(s.min_tolerance ?? 0),
        tolMode: 'printed_precision', tolUlps: Number(s.tolerance_ulps ?? 0.5), group: `rate.${ind.code}`, provinces: null,
        message_vi: s.message_vi, message_en: s.message_en, vars: { num: name(ind.numerator), den: name(ind.denominator) },
      };
      push(base);
      for (const alt of file.alternative_definitions ?? []) {
        if (alt.indicator !== ind.code) continue;
        const provinces = (alt.provinces ?? ['*']).includes('*') ? null : alt.provinces.map(foldProvince);
        push({ ...base, id: alt.id, right: parseExpr(alt.expression, `alternative ${alt.id}`), provinces,
          vars: { num: alt.expression, den: '' } });
      }
    }
    if (ind.parent && g.part_exceeds_whole) {
      const s = g.part_exceeds_whole;
      push({
        id: `part.${ind.code}`, kind: 'part_exceeds_whole', left: parseExpr(ind.code), op: '<=', right: parseExpr(ind.parent),
        when: null, missing: s.missing, severity: severityOf(s.severity, 'error'), tolerance: Number(s.tolerance ?? 0),
        tolMode: 'abs', tolUlps: 0, group: `part.${ind.code}`, provinces: null,
        message_vi: s.message_vi, message_en: s.message_en, vars: { part: ind.code, whole: ind.parent },
      });
    }
    if (ind.parts && ind.parts.length && g.sum_mismatch) {
      const s = g.sum_mismatch;
      push({
        id: `sum.${ind.code}`, kind: 'sum_mismatch', left: parseExpr(ind.code), op: '==', right: parseExpr(ind.parts.join(' + ')),
        when: null, missing: s.missing, severity: severityOf(s.severity, 'warning'), tolerance: Number(s.tolerance ?? 0),
        tolMode: 'abs', tolUlps: 0, group: `sum.${ind.code}`, provinces: null,
        message_vi: s.message_vi, message_en: s.message_en, vars: { whole: ind.code, parts: ind.parts.join(' + ') },
      });
    }
  }
  return rules;
}
