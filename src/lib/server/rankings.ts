/**
 * Server side of the Rankings view: the ranking engine (warehouse/rankings) over the dashboard's
 * warehouse handle. Only shipped model names are accepted from the URL.
 */
import { warehouse } from './warehouse.ts';
import { DEFAULT_MODEL, listModels, loadModel, type RankingModel } from '$warehouse/rankings/model.ts';
import { computeRanking, explainRanking, type RankingDb } from '$warehouse/rankings/engine.ts';
import { loadCatalogue } from '$warehouse/catalogue.ts';

const cache = new Map<string, RankingModel>();

export function rankingModel(name: string | null): RankingModel {
  const n = name && listModels().includes(name) ? name : DEFAULT_MODEL;
  let m = cache.get(n);
  if (!m) {
    m = loadModel(n, new Set(loadCatalogue().indicators.map((i) => i.code)));
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

export { listModels };
