/**
 * Server side of the Rankings view: the ranking engine (warehouse/rankings) over the dashboard's
 * warehouse handle. Model files and the catalogue are bundled (a build moves the modules away from
 * the JSON files they would read at run time). Only shipped model names are accepted from the URL.
 */
import { warehouse } from './warehouse.ts';
import catalogue from '$warehouse/catalogue/indicators.json';
import { DEFAULT_MODEL, validateModel, type RankingModel } from '$warehouse/rankings/model.ts';
import { computeRanking, explainRanking, type RankingDb } from '$warehouse/rankings/engine.ts';

const modelFiles = import.meta.glob('/warehouse/rankings/models/*.json', { eager: true, import: 'default' });
const MODELS: Record<string, unknown> = Object.fromEntries(
  Object.entries(modelFiles).map(([path, m]) => [path.split('/').pop()!.replace(/\.json$/, ''), m]),
);
type CatEntry = { code: string; name_vi: string; name_en: string; uom: string };
const INDICATORS = new Map((catalogue as { indicators: CatEntry[] }).indicators.map((i) => [i.code, i]));

export function listModels(): string[] {
  return Object.keys(MODELS).sort();
}

export function indicatorInfo(code: string): CatEntry | undefined {
  return INDICATORS.get(code);
}

const cache = new Map<string, RankingModel>();

export function rankingModel(name: string | null): RankingModel {
  const n = name && name in MODELS ? name : DEFAULT_MODEL;
  let m = cache.get(n);
  if (!m) {
    m = validateModel(structuredClone(MODELS[n]), `${n}.json`, new Set(INDICATORS.keys()));
    cache.set(n, m);
  }
  return m;
}

export async function rankingFor(q: { period: number | null; level: string | null; province: string | null; model: RankingModel }) {
  const db = (await warehouse()) as unknown as RankingDb;
  return computeRanking(db, { period: q.period ?? undefined, level: q.level ?? undefined, province: q.province ?? undefined, model: q.model });
}

export async function explainFor(period: number, units: number[], model: RankingModel) {
  if (!units.length) return [];
  const db = (await warehouse()) as unknown as RankingDb;
  return explainRanking(db, { period, units, model });
}
