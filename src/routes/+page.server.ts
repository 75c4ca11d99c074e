import type { PageServerLoad } from './$types';
import { warehouse, plain } from '$lib/server/warehouse.ts';
import { previousComparable } from '$lib/url-state.ts';
import headlineConfig from '$lib/config/headline.json';
import { loadOverview } from '$warehouse/queries/pages.ts';

export const load: PageServerLoad = async ({ parent }) => {
  const { state } = await parent();
  if (!state.period) return { overview: null };
  const scope = { level: state.level, province: state.province, units: state.units };
  const prev = previousComparable(state.period);
  const o = await loadOverview(await warehouse(), headlineConfig, scope, state.period, prev);
  return {
    overview: {
      previous: prev,
      headline: plain(o.headline),
      within: plain(o.within),
      completeness: plain(o.completeness),
      flags: plain(o.flags),
      movers: plain(o.movers)
    }
  };
};
