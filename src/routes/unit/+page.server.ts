import type { PageServerLoad } from './$types';
import { q, plain } from '$lib/server/warehouse.ts';
import { unitFactsQuery, indicatorAcrossUnitsQuery, type UnitIndicatorRow, type UnitValue } from '$warehouse/queries/values.ts';
import { unitDocumentsQuery, type DocumentRow } from '$warehouse/queries/documents.ts';
import { flagsQuery, type FlagRow } from '$warehouse/queries/flags.ts';
import { unitsQuery, type UnitRow } from '$warehouse/queries/dimensions.ts';
import headlineConfig from '$lib/config/headline.json';

export const load: PageServerLoad = async ({ parent }) => {
  const { state } = await parent();
  if (!state.unit) return { profile: null };
  const [unit] = (await q<UnitRow>(unitsQuery({}))).filter((u) => u.unit_id === state.unit);
  if (!unit) return { profile: null };
  const [docs, facts, flags] = await Promise.all([
    q<DocumentRow>(unitDocumentsQuery(unit.unit_id)),
    q<UnitIndicatorRow>(unitFactsQuery(unit.unit_id)),
    q<FlagRow>(flagsQuery({ units: [unit.unit_id] }, {}, 200))
  ]);
  // Standing: the unit's place among units of the same level for each headline indicator.
  const standing = [];
  if (state.period) {
    for (const code of headlineConfig.headline.filter((h) => h.code).map((h) => h.code as string)) {
      const rows = await q<UnitValue>(indicatorAcrossUnitsQuery({ level: unit.level, province: unit.province }, code, state.period));
      const reported = rows.filter((r) => r.status === 'reported');
      const me = rows.find((r) => r.unit_id === unit.unit_id);
      const rank = me && me.status === 'reported' ? reported.filter((r) => (r.value ?? 0) > (me.value ?? 0)).length + 1 : null;
      standing.push({ indicator: code, value: me?.value ?? null, status: me?.status ?? 'missing', rank, of: reported.length });
    }
  }
  return { profile: { unit: plain([unit])[0], docs: plain(docs), facts: plain(facts), flags: plain(flags), standing } };
};
