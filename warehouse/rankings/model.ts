/**
 * Ranking models are data: warehouse/rankings/models/<id>-v<version>.json. Old versions stay in the
 * directory so that a published ranking can be recomputed with the model it was published with.
 * This module validates a model and flattens it into the rows the SQL engine consumes.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { UnitLevel } from '../../loaders/types.ts';
import { repoPath } from '../repo-path.ts';

export type CriterionType = 'linear' | 'lower_better' | 'steps' | 'flag';
/** "zero": 0 points, max kept, marked not reported. "exclude": criterion dropped, max reduced. */
export type MissingPolicy = 'zero' | 'exclude';

export interface Step {
  /** The step applies when value >= min (and <= max when given). */
  min?: number | null;
  max?: number | null;
  points: number;
}

export interface Criterion {
  id: string;
  /** Catalogue code whose reported value is scored (a rate, flag, percent...). */
  indicator?: string;
  /** Rate computed as 100 × numerator / denominator: used when `indicator` is absent or not reported. */
  numerator?: string;
  denominator?: string;
  /** Value = first − second (e.g. staff present − staff quota). */
  difference?: [string, string];
  type: CriterionType;
  /** linear: 0 points at `from`, full points at `to` (from > to means lower is better). */
  from?: number;
  to?: number;
  /** lower_better: full points at or below `best`, 0 at or above `worst`, linear between. */
  best?: number;
  worst?: number;
  steps?: Step[];
  /** flag: full points when the coded answer equals this value (default 1 = "Có"). */
  yes?: number;
  max: number;
  missing: MissingPolicy;
  why_vi?: string;
  why_en?: string;
}

export interface Area {
  id: string;
  /** Reform area 1..7 of the catalogue, null for the impact area. */
  catalogue_area: number | null;
  name_vi: string;
  name_en: string;
  max: number;
  criteria: Criterion[];
}

export interface PeerGroup {
  id: string;
  name_vi: string;
  name_en: string;
  levels: UnitLevel[];
  /** Rank within each province separately (provinces rank their own departments and communes). */
  within_province: boolean;
}

export interface Tier {
  id: string;
  /** Lowest index % of the tier (inclusive). */
  min: number;
  label_vi: string;
  label_en: string;
  color?: string;
}

export interface RankingModel {
  id: string;
  version: string;
  name_vi: string;
  name_en: string;
  description?: string;
  peer_groups: PeerGroup[];
  tiers: Tier[];
  areas: Area[];
}

/** One criterion as a flat row for SQL: the criterion type mapped onto lo/hi or steps. */
export interface CriterionRow {
  id: string;
  area: string;
  area_order: number;
  crit_order: number;
  kind: 'value' | 'difference';
  a: string | null;
  b: string | null;
  num: string | null;
  den: string | null;
  type: 'linear' | 'steps' | 'flag';
  lo: number | null;
  hi: number | null;
  steps: { min: number | null; max: number | null; points: number }[] | null;
  max: number;
  missing: MissingPolicy;
}

export class ModelError extends Error {
  constructor(public readonly problems: string[], source: string) {
    super(`Mô hình xếp hạng không hợp lệ / invalid ranking model (${source}):\n- ${problems.join('\n- ')}`);
    this.name = 'ModelError';
  }
}

export const MODELS_DIR = repoPath('warehouse', 'rankings', 'models');
export const DEFAULT_MODEL = 'par-default-v1';
const LEVELS: UnitLevel[] = ['province', 'province-dept', 'district', 'commune', 'other'];
const num = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
const EPS = 1e-9;

/**
 * Validates a model object. `knownCodes`, when given, is the set of catalogue codes: a criterion
 * naming an unknown code is an error (a typo would otherwise silently score 0 for everyone).
 */
export function validateModel(raw: unknown, source = 'model', knownCodes?: Set<string>): RankingModel {
  const p: string[] = [];
  const m = raw as RankingModel;
  if (!m || typeof m !== 'object') throw new ModelError(['not a JSON object'], source);
  if (typeof m.id !== 'string' || !m.id) p.push('"id" must be a non-empty string');
  if (typeof m.version !== 'string' || !m.version) p.push('"version" must be a non-empty string');
  if (!Array.isArray(m.peer_groups) || !m.peer_groups.length) p.push('"peer_groups" must be a non-empty array');
  else {
    const seen = new Set<string>();
    for (const [i, g] of m.peer_groups.entries()) {
      if (typeof g.id !== 'string') p.push(`peer_groups[${i}]: "id" must be a string`);
      if (!Array.isArray(g.levels) || !g.levels.every((l) => LEVELS.includes(l))) p.push(`peer_groups[${i}]: "levels" must list levels of ${LEVELS.join(', ')}`);
      else for (const l of g.levels) {
        if (seen.has(l)) p.push(`peer_groups[${i}]: level "${l}" already belongs to another peer group`);
        seen.add(l);
      }
      if (typeof g.within_province !== 'boolean') p.push(`peer_groups[${i}]: "within_province" must be true or false`);
    }
  }
  if (!Array.isArray(m.tiers) || !m.tiers.length) p.push('"tiers" must be a non-empty array');
  else {
    for (const [i, t] of m.tiers.entries())
      if (typeof t.id !== 'string' || !num(t.min) || typeof t.label_vi !== 'string' || typeof t.label_en !== 'string')
        p.push(`tiers[${i}]: needs id, min (number), label_vi, label_en`);
    if (!m.tiers.some((t) => t.min <= 0)) p.push('tiers: one tier must start at 0 so that every index gets a tier');
  }
  if (!Array.isArray(m.areas) || !m.areas.length) throw new ModelError([...p, '"areas" must be a non-empty array'], source);
  const ids = new Set<string>();
  for (const [i, a] of m.areas.entries()) {
    const w = `areas[${i}]${a?.id ? ` (${a.id})` : ''}`;
    if (typeof a.id !== 'string' || !a.id) p.push(`${w}: "id" must be a string`);
    if (a.catalogue_area !== null && !(Number.isInteger(a.catalogue_area) && a.catalogue_area >= 1 && a.catalogue_area <= 7))
      p.push(`${w}: "catalogue_area" must be 1..7 or null`);
    if (!num(a.max) || a.max <= 0) p.push(`${w}: "max" must be a positive number`);
    if (!Array.isArray(a.criteria) || !a.criteria.length) { p.push(`${w}: "criteria" must be a non-empty array`); continue; }
    const sum = a.criteria.reduce((s, c) => s + (num(c.max) ? c.max : 0), 0);
    if (num(a.max) && Math.abs(sum - a.max) > EPS) p.push(`${w}: criteria maxima add up to ${sum}, not the area max ${a.max}`);
    for (const [j, c] of a.criteria.entries()) {
      const cw = `${w}.criteria[${j}]${c?.id ? ` (${c.id})` : ''}`;
      if (typeof c.id !== 'string' || !c.id) p.push(`${cw}: "id" must be a string`);
      else if (ids.has(c.id)) p.push(`${cw}: duplicate criterion id`);
      else ids.add(c.id);
      if (!num(c.max) || c.max <= 0) p.push(`${cw}: "max" must be a positive number`);
      if (c.missing !== 'zero' && c.missing !== 'exclude') p.push(`${cw}: "missing" must be "zero" or "exclude" (say explicitly what a missing value means)`);
      const codes: string[] = [];
      if (c.difference !== undefined) {
        if (!Array.isArray(c.difference) || c.difference.length !== 2) p.push(`${cw}: "difference" must be [code, code]`);
        else codes.push(...c.difference);
        if (c.indicator || c.numerator || c.denominator) p.push(`${cw}: "difference" cannot be combined with indicator/numerator/denominator`);
      } else {
        if (!c.indicator && !(c.numerator && c.denominator)) p.push(`${cw}: needs "indicator", "numerator"+"denominator" or "difference"`);
        if (!!c.numerator !== !!c.denominator) p.push(`${cw}: "numerator" and "denominator" go together`);
        for (const k of ['indicator', 'numerator', 'denominator'] as const) if (c[k]) codes.push(c[k]!);
      }
      if (knownCodes) for (const code of codes) if (!knownCodes.has(code)) p.push(`${cw}: unknown catalogue code "${code}"`);
      switch (c.type) {
        case 'linear':
          if (!num(c.from) || !num(c.to) || c.from === c.to) p.push(`${cw}: linear needs "from" and "to" (different numbers)`);
          break;
        case 'lower_better':
          if (!num(c.best) || !num(c.worst) || !(c.best < c.worst)) p.push(`${cw}: lower_better needs "best" < "worst"`);
          break;
        case 'steps':
          if (!Array.isArray(c.steps) || !c.steps.length) p.push(`${cw}: steps needs a non-empty "steps" array`);
          else for (const s of c.steps) {
            if (!num(s.points) || s.points < 0 || s.points > c.max + EPS) p.push(`${cw}: step points must lie in 0..max`);
            if (s.min == null && s.max == null) p.push(`${cw}: each step needs "min" and/or "max"`);
          }
          break;
        case 'flag':
          if (c.yes !== undefined && !num(c.yes)) p.push(`${cw}: "yes" must be a number`);
          break;
        default:
          p.push(`${cw}: "type" must be linear, lower_better, steps or flag`);
      }
    }
  }
  if (p.length) throw new ModelError(p, source);
  return m;
}

/** Flattens the model into one row per criterion, each type reduced to what SQL evaluates. */
export function criterionRows(m: RankingModel): CriterionRow[] {
  const rows: CriterionRow[] = [];
  m.areas.forEach((a, ai) =>
    a.criteria.forEach((c, ci) => {
      const base = {
        id: c.id, area: a.id, area_order: ai, crit_order: ci, max: c.max, missing: c.missing,
        a: c.difference ? c.difference[0] : (c.indicator ?? null),
        b: c.difference ? c.difference[1] : null,
        num: c.numerator ?? null, den: c.denominator ?? null,
        kind: (c.difference ? 'difference' : 'value') as CriterionRow['kind'],
        lo: null as number | null, hi: null as number | null, steps: null as CriterionRow['steps'],
      };
      if (c.type === 'linear') rows.push({ ...base, type: 'linear', lo: c.from!, hi: c.to! });
      // lower is better = linear from the worst value (0 points) to the best (full points)
      else if (c.type === 'lower_better') rows.push({ ...base, type: 'linear', lo: c.worst!, hi: c.best! });
      else if (c.type === 'flag') rows.push({ ...base, type: 'flag', lo: c.yes ?? 1 });
      else rows.push({ ...base, type: 'steps', steps: c.steps!.map((s) => ({ min: s.min ?? null, max: s.max ?? null, points: s.points })) });
    }),
  );
  return rows;
}

/** Every catalogue code a model reads. */
export function modelCodes(m: RankingModel): string[] {
  const s = new Set<string>();
  for (const r of criterionRows(m)) for (const c of [r.a, r.b, r.num, r.den]) if (c) s.add(c);
  return [...s].sort();
}

export function modelKey(m: RankingModel): string {
  return `${m.id}-v${m.version}`;
}

/** Model files shipped in the repository, newest version of each id last. */
export function listModels(): string[] {
  return readdirSync(MODELS_DIR).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5)).sort();
}

/**
 * Loads a model by shipped name ("par-default-v1") or by file path. Unknown catalogue codes are
 * checked when a set of codes is given.
 */
export function loadModel(nameOrPath: string = DEFAULT_MODEL, knownCodes?: Set<string>, cwd = process.cwd()): RankingModel {
  const isName = /^[a-z0-9-]+$/i.test(nameOrPath) && !nameOrPath.endsWith('.json');
  const path = isName ? join(MODELS_DIR, `${nameOrPath}.json`) : resolve(cwd, nameOrPath);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new ModelError([`không đọc được tệp / cannot read file: ${(e as Error).message}`], path);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new ModelError([`JSON không hợp lệ / invalid JSON: ${(e as Error).message}`], path);
  }
  return validateModel(raw, path, knownCodes);
}
