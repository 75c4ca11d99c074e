import type { PageServerLoad } from './$types';
import { q, plain, warehouse } from '$lib/server/warehouse.ts';
import { loadCatalogueCounts } from '$warehouse/queries/pages.ts';
import { indicatorAcrossUnitsQuery, type UnitValue } from '$warehouse/queries/values.ts';
import catalogue from '$warehouse/catalogue/indicators.json';

type Entry = { code: string; aliases?: string[]; parts?: string[] | null; legend?: Record<string, number> | null };

export const load: PageServerLoad = async ({ parent }) => {
  const { state } = await parent();
  const code = state.indicator;
  const counts = plain(await loadCatalogueCounts(await warehouse(), state.area));
  const reported = Object.fromEntries(counts.map((c) => [c.code, c.reported]));
  if (!code) return { detail: null, reported };
  const entry = (catalogue as { indicators: Entry[] }).indicators.find((i) => i.code === code) ?? null;
  const scope = { level: state.level, province: state.province, units: state.units };
  const values = state.period ? await q<UnitValue>(indicatorAcrossUnitsQuery(scope, code, state.period)) : [];
  return {
    reported,
    detail: { code, aliases: entry?.aliases ?? [], parts: entry?.parts ?? null, legend: entry?.legend ?? null, values: plain(values) }
  };
};
