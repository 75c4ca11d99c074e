import type { PageServerLoad } from './$types';
import { q, plain } from '$lib/server/warehouse.ts';
import { previousComparable } from '$lib/url-state.ts';
import headlineConfig from '$lib/config/headline.json';
import {
  headlineQuery,
  withinQuery,
  completenessQuery,
  moversQuery,
  type HeadlineRow,
  type WithinRow,
  type CompletenessRow,
  type MoverRow
} from '$warehouse/queries/values.ts';
import { flagCountsQuery, type FlagCountRow } from '$warehouse/queries/flags.ts';

export const load: PageServerLoad = async ({ parent }) => {
  const { state } = await parent();
  if (!state.period) return { overview: null };
  const scope = { level: state.level, province: state.province, units: state.units };
  const cur = state.period;
  const prev = previousComparable(cur);
  const codes = headlineConfig.headline.filter((h) => h.code).map((h) => h.code as string);
  const within = headlineConfig.headline.find((h) => h.within)?.within;
  const [head, wq, completeness, flags, movers] = await Promise.all([
    q<HeadlineRow>(headlineQuery(scope, codes, [cur, prev])),
    within ? q<WithinRow>(withinQuery(scope, within.part, within.whole, [cur, prev])) : Promise.resolve([]),
    q<CompletenessRow>(completenessQuery(scope, cur)),
    q<FlagCountRow>(flagCountsQuery(scope, { periodId: cur, status: 'open' }, ['severity', 'kind'])),
    q<MoverRow>(moversQuery(scope, headlineConfig.movers, cur, prev, 10))
  ]);
  return {
    overview: {
      previous: prev,
      headline: plain(head),
      within: plain(wq),
      completeness: plain(completeness),
      flags: plain(flags),
      movers: plain(movers)
    }
  };
};
