import type { PageServerLoad } from './$types';
import { warehouse, plain } from '$lib/server/warehouse.ts';
import { loadAnomalies } from '$warehouse/queries/pages.ts';

export const load: PageServerLoad = async ({ parent, url }) => {
  const { state } = await parent();
  const scope = { level: state.level, province: state.province, units: state.units };
  // Every period unless one is asked for explicitly: flags over time need the whole history.
  const onePeriod = url.searchParams.has('period') ? state.period : null;
  const a = await loadAnomalies(await warehouse(), scope, { kind: state.kind, severity: state.severity, status: state.status, periodId: onePeriod });
  return { anomalies: { flags: plain(a.flags), hot: plain(a.hot), overTime: plain(a.overTime), kinds: plain(a.kinds), onePeriod } };
};
