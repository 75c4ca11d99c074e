import type { LayoutServerLoad } from './$types';
import { q, plain } from '$lib/server/warehouse.ts';
import { parseState } from '$lib/url-state.ts';
import {
  periodsQuery,
  levelsQuery,
  provincesQuery,
  unitsQuery,
  indicatorsQuery,
  scopeCountsQuery,
  isDemoQuery,
  type PeriodRow,
  type UnitRow,
  type IndicatorRow,
  type ScopeCounts
} from '$warehouse/queries/dimensions.ts';
// The catalogue JSON is bundled (warehouse/catalogue.ts reads files next to itself, which a build moves).
import catalogue from '$warehouse/catalogue/indicators.json';

export const load: LayoutServerLoad = async ({ url, cookies }) => {
  const state = parseState(url.searchParams, cookies.get('lang') ?? null);
  const areas = (catalogue as { areas: { id: number; name_vi: string; name_en: string }[] }).areas.map((a) => ({ id: a.id, name_vi: a.name_vi, name_en: a.name_en }));
  try {
    const [periods, levels, provinces, units, indicators, demo] = await Promise.all([
      q<PeriodRow>(periodsQuery()),
      q<{ level: string; units: number }>(levelsQuery()),
      q<{ province: string; units: number }>(provincesQuery()),
      q<UnitRow>(unitsQuery({ level: state.level, province: state.province })),
      q<IndicatorRow>(indicatorsQuery()),
      q<{ demo: number; total: number }>(isDemoQuery())
    ]);
    // Default period: the newest one with reports, so the first view shows current data.
    const period = state.period && periods.some((p) => p.period_id === state.period) ? state.period : (periods[0]?.period_id ?? null);
    const from = state.from && period && state.from < period ? state.from : period;
    let counts: ScopeCounts = { units: 0, reports: 0, reporting_units: 0 };
    if (period) {
      [counts] = await q<ScopeCounts>(
        scopeCountsQuery({ level: state.level, province: state.province, units: state.units }, from ?? period, period)
      );
    }
    return {
      state: { ...state, period, from },
      periods: plain(periods),
      levels,
      provinces,
      units: plain(units),
      indicators: plain(indicators),
      areas,
      counts,
      isDemo: (demo[0]?.demo ?? 0) > 0,
      loadError: null as string | null
    };
  } catch (e) {
    return {
      state,
      periods: [] as PeriodRow[],
      levels: [],
      provinces: [],
      units: [] as UnitRow[],
      indicators: [] as IndicatorRow[],
      areas,
      counts: { units: 0, reports: 0, reporting_units: 0 },
      isDemo: false,
      loadError: (e as Error).message
    };
  }
};
