import type { PageServerLoad } from './$types';
import { warehouse, q, plain } from '$lib/server/warehouse.ts';
import { loadUnitProfile } from '$warehouse/queries/pages.ts';
import { unitsQuery, type UnitRow } from '$warehouse/queries/dimensions.ts';
import headlineConfig from '$lib/config/headline.json';

export const load: PageServerLoad = async ({ parent }) => {
  const { state } = await parent();
  if (!state.unit) return { profile: null };
  const [unit] = (await q<UnitRow>(unitsQuery({}))).filter((u) => u.unit_id === state.unit);
  if (!unit) return { profile: null };
  const p = await loadUnitProfile(await warehouse(), headlineConfig, unit.unit_id, unit.level, unit.province, state.period);
  return { profile: { unit: plain([unit])[0], docs: plain(p.docs), facts: plain(p.facts), flags: plain(p.flags), standing: p.standing } };
};
