import type { PageServerLoad } from './$types';
import { warehouse, plain } from '$lib/server/warehouse.ts';
import { loadTrend } from '$warehouse/queries/pages.ts';
import headlineConfig from '$lib/config/headline.json';

export const load: PageServerLoad = async ({ parent }) => {
  const { state, periods, indicators, units } = await parent();
  if (!state.period) return { trend: null };
  const indicator = state.indicator ?? headlineConfig.headline.find((h) => h.code)?.code ?? indicators[0]?.code;
  const ind = indicators.find((i) => i.code === indicator);
  // Default: the whole history up to the chosen period, and the first units in scope.
  const from = state.from && state.from < state.period ? state.from : (periods[periods.length - 1]?.period_id ?? state.period);
  const chosen = state.units.length ? state.units : units.slice(0, 3).map((u) => u.unit_id);
  const selected = periods.find((p) => p.period_id === state.period);
  // A cumulative indicator only compares like with like: Q1 with Q1, year with year.
  const kinds = ind?.cumulative && selected ? [selected.kind] : undefined;
  const t = indicator
    ? await loadTrend(await warehouse(), { level: state.level, province: state.province }, indicator, chosen, from, state.period, kinds)
    : { rows: [], band: [] };
  return {
    effective: { indicator, from, indicator2: null, units: chosen },
    trend: { indicator, units: chosen, from, kinds: kinds ?? null, rows: plain(t.rows), band: plain(t.band) }
  };
};
