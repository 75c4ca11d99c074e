/**
 * The indicator catalogue: data in warehouse/catalogue/*.json, loaded once per process, validated so
 * that a broken entry is reported by its position and code instead of surfacing later as a bad match.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { repoPath } from './repo-path.ts';

export type IndicatorKind = 'count' | 'percent' | 'flag' | 'enum' | 'money' | 'text';
export type Aggregation = 'sum' | 'stock' | 'ratio' | 'none';

export interface Indicator {
  code: string;
  area: number;
  name_vi: string;
  name_en: string;
  uom: string;
  kind: IndicatorKind;
  numerator: string | null;
  denominator: string | null;
  aggregation: Aggregation;
  cumulative: boolean;
  parent: string | null;
  parts: string[] | null;
  required: boolean;
  legend: Record<string, number> | null;
  aliases: string[];
  context: string[];
}

export interface ReformArea {
  id: number;
  code: string;
  name_vi: string;
  name_en: string;
  aliases: string[];
}

export interface Catalogue {
  version: string;
  areas: ReformArea[];
  indicators: Indicator[];
  byCode: Map<string, Indicator>;
  /** Abbreviation -> expansion, e.g. "TTHC" -> "thủ tục hành chính". */
  abbreviations: Record<string, string>;
  /** Phrase rewrites [from, to] applied to labels and wordings alike, longest first. */
  synonyms: [string, string][];
}

export class CatalogueError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Danh mục chỉ tiêu không hợp lệ / invalid indicator catalogue:\n- ${problems.join('\n- ')}`);
    this.name = 'CatalogueError';
  }
}

const AREA_PREFIX: Record<string, number> = { direction: 1, legal: 2, tthc: 3, org: 4, civil: 5, finance: 6, egov: 7 };
const KINDS: IndicatorKind[] = ['count', 'percent', 'flag', 'enum', 'money', 'text'];
const AGGREGATIONS: Aggregation[] = ['sum', 'stock', 'ratio', 'none'];
const CODE_RE = /^(direction|legal|tthc|org|civil|finance|egov)\.[a-z0-9_]+$/;

export const CATALOGUE_DIR = repoPath('warehouse', 'catalogue');

/**
 * Validates raw catalogue JSON. Every problem names the entry (position and code) and the field,
 * so whoever edits the JSON by hand sees what to fix. Throws CatalogueError listing all problems.
 */
export function validateCatalogue(
  raw: unknown,
  abbreviations: unknown = {},
  synonyms: unknown = { rewrites: [] },
  source = 'indicators.json',
): Catalogue {
  const problems: string[] = [];
  const obj = raw as { version?: unknown; areas?: unknown; indicators?: unknown };
  if (!obj || typeof obj !== 'object') throw new CatalogueError([`${source}: not a JSON object`]);
  if (typeof obj.version !== 'string') problems.push(`${source}: "version" must be a string`);
  if (!Array.isArray(obj.indicators)) throw new CatalogueError([...problems, `${source}: "indicators" must be an array`]);

  const areas: ReformArea[] = [];
  if (obj.areas !== undefined) {
    if (!Array.isArray(obj.areas)) problems.push(`${source}: "areas" must be an array`);
    else
      obj.areas.forEach((a: any, i: number) => {
        if (!a || typeof a.id !== 'number' || typeof a.name_vi !== 'string' || !Array.isArray(a.aliases))
          problems.push(`${source}: areas[${i}] needs id (number), name_vi (string), aliases (array)`);
        else areas.push({ id: a.id, code: String(a.code ?? ''), name_vi: a.name_vi, name_en: String(a.name_en ?? ''), aliases: a.aliases.map(String) });
      });
  }

  const indicators: Indicator[] = [];
  const byCode = new Map<string, Indicator>();
  (obj.indicators as any[]).forEach((e, i) => {
    const where = `${source}: indicators[${i}]${e && typeof e.code === 'string' ? ` (${e.code})` : ''}`;
    const bad = (msg: string) => problems.push(`${where}: ${msg}`);
    if (!e || typeof e !== 'object') return bad('not an object');
    if (typeof e.code !== 'string' || !CODE_RE.test(e.code)) bad(`"code" must look like "tthc.files_on_time" (area prefix, lower case), got ${JSON.stringify(e.code)}`);
    else if (byCode.has(e.code)) bad('duplicate code');
    const prefix = typeof e.code === 'string' ? e.code.split('.')[0] : '';
    if (!Number.isInteger(e.area) || e.area < 1 || e.area > 7) bad(`"area" must be 1..7, got ${JSON.stringify(e.area)}`);
    else if (AREA_PREFIX[prefix] !== undefined && AREA_PREFIX[prefix] !== e.area) bad(`"area" ${e.area} disagrees with code prefix "${prefix}" (${AREA_PREFIX[prefix]})`);
    for (const f of ['name_vi', 'name_en', 'uom'] as const) if (typeof e[f] !== 'string') bad(`"${f}" must be a string`);
    if (typeof e.name_vi === 'string' && !e.name_vi.trim()) bad('"name_vi" is empty');
    if (!KINDS.includes(e.kind)) bad(`"kind" must be one of ${KINDS.join(', ')}, got ${JSON.stringify(e.kind)}`);
    if (!AGGREGATIONS.includes(e.aggregation)) bad(`"aggregation" must be one of ${AGGREGATIONS.join(', ')}, got ${JSON.stringify(e.aggregation)}`);
    if (typeof e.cumulative !== 'boolean') bad('"cumulative" must be true or false');
    if (typeof e.required !== 'boolean') bad('"required" must be true or false');
    for (const f of ['numerator', 'denominator', 'parent'] as const)
      if (e[f] !== null && typeof e[f] !== 'string') bad(`"${f}" must be a code or null`);
    if (e.parts !== null && !(Array.isArray(e.parts) && e.parts.every((x: unknown) => typeof x === 'string'))) bad('"parts" must be an array of codes or null');
    if (!Array.isArray(e.aliases) || !e.aliases.every((x: unknown) => typeof x === 'string')) bad('"aliases" must be an array of strings');
    if (!Array.isArray(e.context) || !e.context.every((x: unknown) => typeof x === 'string')) bad('"context" must be an array of strings');
    if (e.legend !== null && (typeof e.legend !== 'object' || !Object.values(e.legend).every((v) => typeof v === 'number')))
      bad('"legend" must be null or an object of answer -> number');
    if ((e.kind === 'flag' || e.kind === 'enum') && e.legend === null) bad(`kind "${e.kind}" needs a legend`);
    if ((e.numerator === null) !== (e.denominator === null)) bad('a rate needs both numerator and denominator (or neither)');
    if (e.numerator !== null && e.kind !== 'percent') bad('only a percent indicator may have numerator/denominator');
    if (e.aggregation === 'ratio' && e.numerator === null) bad('aggregation "ratio" needs numerator and denominator');
    const ind: Indicator = {
      code: e.code, area: e.area, name_vi: e.name_vi, name_en: e.name_en, uom: e.uom, kind: e.kind,
      numerator: e.numerator ?? null, denominator: e.denominator ?? null, aggregation: e.aggregation,
      cumulative: e.cumulative, parent: e.parent ?? null, parts: e.parts ?? null, required: e.required,
      legend: e.legend ?? null, aliases: e.aliases ?? [], context: e.context ?? [],
    };
    indicators.push(ind);
    if (typeof e.code === 'string' && !byCode.has(e.code)) byCode.set(e.code, ind);
  });

  // Links must point at existing entries of a sensible kind.
  indicators.forEach((ind, i) => {
    const where = `${source}: indicators[${i}] (${ind.code})`;
    for (const f of ['numerator', 'denominator', 'parent'] as const) {
      const target = ind[f];
      if (target === null) continue;
      const t = byCode.get(target);
      if (!t) problems.push(`${where}: "${f}" points at unknown code "${target}"`);
      else if (target === ind.code) problems.push(`${where}: "${f}" points at itself`);
      else if ((f === 'numerator' || f === 'denominator') && t.kind !== 'count' && t.kind !== 'money')
        problems.push(`${where}: "${f}" ${target} must be a count or money indicator, is ${t.kind}`);
    }
    for (const part of ind.parts ?? []) if (!byCode.has(part)) problems.push(`${where}: "parts" lists unknown code "${part}"`);
  });
  // No cycles through parent links (part <= whole must terminate).
  for (const ind of indicators) {
    const seen = new Set<string>();
    let cur: Indicator | undefined = ind;
    while (cur && cur.parent) {
      if (seen.has(cur.code)) { problems.push(`${source}: parent links form a cycle through ${ind.code}`); break; }
      seen.add(cur.code);
      cur = byCode.get(cur.parent);
    }
  }

  const abbr: Record<string, string> = {};
  if (!abbreviations || typeof abbreviations !== 'object' || Array.isArray(abbreviations)) problems.push('abbreviations.json: must be an object {"TTHC": "thủ tục hành chính"}');
  else for (const [k, v] of Object.entries(abbreviations)) {
    if (typeof v !== 'string' || !v.trim()) problems.push(`abbreviations.json: "${k}" must map to a non-empty string`);
    else abbr[k] = v;
  }
  const syn: [string, string][] = [];
  const rw = (synonyms as { rewrites?: unknown })?.rewrites;
  if (!Array.isArray(rw)) problems.push('synonyms.json: "rewrites" must be an array of [from, to] pairs');
  else rw.forEach((r, i) => {
    if (!Array.isArray(r) || r.length !== 2 || typeof r[0] !== 'string' || typeof r[1] !== 'string') problems.push(`synonyms.json: rewrites[${i}] must be [from, to]`);
    else syn.push([r[0], r[1]]);
  });

  if (problems.length) throw new CatalogueError(problems);
  return { version: obj.version as string, areas, indicators, byCode, abbreviations: abbr, synonyms: syn };
}

function readJson(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new CatalogueError([`không đọc được / cannot read ${path}: ${(e as Error).message}`]);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new CatalogueError([`JSON không hợp lệ / invalid JSON in ${path}: ${(e as Error).message}`]);
  }
}

let cached: Catalogue | null = null;

/** Loads and validates the catalogue from warehouse/catalogue/ (or another directory, uncached). */
export function loadCatalogue(dir?: string): Catalogue {
  if (!dir && cached) return cached;
  const d = dir ?? CATALOGUE_DIR;
  const cat = validateCatalogue(
    readJson(join(d, 'indicators.json')),
    readJson(join(d, 'abbreviations.json')),
    readJson(join(d, 'synonyms.json')),
    join(d, 'indicators.json'),
  );
  if (!dir) cached = cat;
  return cat;
}
