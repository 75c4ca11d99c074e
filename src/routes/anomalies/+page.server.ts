import type { PageServerLoad } from './$types';
import { q, plain } from '$lib/server/warehouse.ts';
import { flagsQuery, flagCountsQuery, flagKindsQuery, type FlagRow, type FlagCountRow } from '$warehouse/queries/flags.ts';

export const load: PageServerLoad = async ({ parent, url }) => {
  const { state } = await parent();
  const scope = { level: state.level, province: state.province, units: state.units };
  // "all" periods unless one is asked for explicitly: flags over time need the whole history.
  const onePeriod = url.searchParams.has('period') ? state.period : null;
  const filter = { kind: state.kind, severity: state.severity, status: state.status, periodId: onePeriod };
  const [flags, hot, overTime, kinds] = await Promise.all([
    q<FlagRow>(flagsQuery(scope, filter, 500)),
    q<FlagCountRow>(flagCountsQuery(scope, filter, ['unit', 'kind'])),
    q<FlagCountRow>(flagCountsQuery(scope, { ...filter, periodId: null }, ['period', 'severity'])),
    q<{ kind: string; n: number }>(flagKindsQuery())
  ]);
  return { anomalies: { flags: plain(flags), hot: plain(hot), overTime: plain(overTime), kinds: plain(kinds), onePeriod } };
};
