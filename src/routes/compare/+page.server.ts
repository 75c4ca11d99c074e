import type { PageServerLoad } from './$types';
import { warehouse, plain } from '$lib/server/warehouse.ts';
import { loadCompareBars } from '$warehouse/queries/pages.ts';
import headlineConfig from '$lib/config/headline.json';

export const load: PageServerLoad = async ({ parent }) => {
  const { state, indicators } = await parent();
  if (!state.period) return { compare: null };
  const indicator = state.indicator ?? headlineConfig.headline.find((h) => h.code)?.code ?? indicators[0]?.code;
  const scope = { level: state.level, province: state.province, units: state.units };
  const { rows, reported: reportedCodes } = indicator
    ? await loadCompareBars(await warehouse(), scope, indicator, state.period)
    : { rows: [], reported: [] as string[] };
  // Heat map columns: the reported rate indicators of the chosen area, else the headline set.
  const inPeriod = new Set(reportedCodes);
  const pool = indicators.filter((i) => i.kind === 'percent' && inPeriod.has(i.code) && (!state.area || i.area === state.area));
  const heat = (state.area ? pool.map((i) => i.code) : headlineConfig.movers.filter((c) => pool.some((i) => i.code === c))).slice(0, 30);
  // Second indicator of the scatter: the next headline indicator that units reported.
  const reported = new Set(pool.map((i) => i.code));
  const second =
    state.indicator2 ??
    headlineConfig.movers.find((c) => c !== indicator && reported.has(c)) ??
    pool.map((i) => i.code).find((c) => c !== indicator) ??
    null;
  return { effective: { indicator, indicator2: second, from: null }, compare: { indicator, indicator2: second, rows: plain(rows), heat } };
};
