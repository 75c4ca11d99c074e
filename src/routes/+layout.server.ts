import type { LayoutServerLoad } from './$types';
import { warehouse, plain } from '$lib/server/warehouse.ts';
import { parseState } from '$lib/url-state.ts';
import { loadLayout } from '$warehouse/queries/pages.ts';
import type { PeriodRow, UnitRow, IndicatorRow } from '$warehouse/queries/dimensions.ts';
// The catalogue JSON is bundled (warehouse/catalogue.ts reads files next to itself, which a build moves).
import catalogue from '$warehouse/catalogue/indicators.json';

export const load: LayoutServerLoad = async ({ url, cookies }) => {
  const state = parseState(url.searchParams, cookies.get('lang') ?? null);
  const areas = (catalogue as { areas: { id: number; name_vi: string; name_en: string }[] }).areas.map((a) => ({
    id: a.id,
    name_vi: a.name_vi,
    name_en: a.name_en
  }));
  try {
    const l = await loadLayout(await warehouse(), { level: state.level, province: state.province, units: state.units }, state.period, state.from);
    return {
      state: { ...state, period: l.period, from: l.from },
      periods: plain(l.periods),
      levels: l.levels,
      provinces: l.provinces,
      units: plain(l.units),
      indicators: plain(l.indicators),
      areas,
      counts: l.counts,
      isDemo: l.isDemo,
      loadError: null as string | null
    };
  } catch (e) {
    return {
      state,
      periods: [] as PeriodRow[],
      levels: [] as { level: string; units: number }[],
      provinces: [] as { province: string; units: number }[],
      units: [] as UnitRow[],
      indicators: [] as IndicatorRow[],
      areas,
      counts: { units: 0, reports: 0, reporting_units: 0 },
      isDemo: false,
      loadError: (e as Error).message
    };
  }
};
