import type { PageServerLoad } from './$types';
import { q, plain } from '$lib/server/warehouse.ts';
import { indicatorAcrossUnitsQuery, type UnitValue } from '$warehouse/queries/values.ts';
import catalogue from '$warehouse/catalogue/indicators.json';

type Entry = { code: string; aliases?: string[]; parts?: string[] | null; legend?: Record<string, number> | null };

export const load: PageServerLoad = async ({ parent }) => {
  const { state } = await parent();
  const code = state.indicator;
  if (!code) return { detail: null };
  const entry = (catalogue as { indicators: Entry[] }).indicators.find((i) => i.code === code) ?? null;
  const scope = { level: state.level, province: state.province, units: state.units };
  const values = state.period ? await q<UnitValue>(indicatorAcrossUnitsQuery(scope, code, state.period)) : [];
  return {
    detail: { code, aliases: entry?.aliases ?? [], parts: entry?.parts ?? null, legend: entry?.legend ?? null, values: plain(values) }
  };
};
