import type { PageServerLoad } from './$types';
import { explainFor, indicatorInfo, listModels, rankingFor, rankingModel } from '$lib/server/rankings.ts';

function int(v: string | null): number | null {
  const n = v === null || v === '' ? NaN : Number(v);
  return Number.isInteger(n) ? n : null;
}

export const load: PageServerLoad = async ({ url, parent }) => {
  const { state } = await parent();
  const model = rankingModel(url.searchParams.get('model'));
  const unit = int(url.searchParams.get('unit'));
  const vs = int(url.searchParams.get('vs'));
  try {
    const res = await rankingFor({ period: state.period, level: state.level, province: state.province, model });
    const selected = [unit, vs].filter((u): u is number => u !== null && res.rows.some((r) => r.unit_id === u));
    const details = res.period ? await explainFor(res.period.id, selected, model) : [];
    const names: Record<string, { vi: string; en: string; uom: string }> = {};
    for (const d of details) for (const c of d.codes) {
      const i = indicatorInfo(c);
      if (i) names[c] = { vi: i.name_vi, en: i.name_en, uom: i.uom };
    }
    return {
      ranking: res,
      modelName: `${model.id}-v${model.version}`,
      models: listModels(),
      model: {
        name_vi: model.name_vi, name_en: model.name_en,
        tiers: model.tiers,
        peer_groups: model.peer_groups.map((g) => ({ id: g.id, name_vi: g.name_vi, name_en: g.name_en, within_province: g.within_province })),
        areas: model.areas.map((a) => ({ id: a.id, name_vi: a.name_vi, name_en: a.name_en, max: a.max,
          criteria: a.criteria.map((c) => ({ id: c.id, type: c.type, max: c.max, missing: c.missing, why_vi: c.why_vi ?? '', why_en: c.why_en ?? '' })) })),
      },
      selected,
      details,
      names,
      rankError: null as string | null,
    };
  } catch (e) {
    return { ranking: null, modelName: `${model.id}-v${model.version}`, models: listModels(), model: null, selected: [], details: [], names: {}, rankError: (e as Error).message };
  }
};
