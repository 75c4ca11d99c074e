/**
 * Recomputation on load: warehouse/load.ts runs every function in its `afterLoadHooks` list after a
 * report is stored. This hook rechecks the loaded unit and period (document rules, the unit's
 * cumulative series for that year, its trend history and the period's peer outliers). A superseded
 * version's flags go with it because the recomputation replaces every flag of that unit and period.
 */
import { runChecks, type CheckResult } from './engine.ts';
import type { CheckDb } from './db-port.ts';

/** What the hook needs from a load result; accepts the common spellings of the load pipeline's result. */
export interface LoadedRef {
  unitId?: number; unit_id?: number;
  periodId?: number; period_id?: number;
  documentId?: number; document_id?: number;
}

export async function checksAfterLoad(db: CheckDb, loaded: LoadedRef): Promise<CheckResult | null> {
  let unit = loaded.unitId ?? loaded.unit_id;
  let period = loaded.periodId ?? loaded.period_id;
  const doc = loaded.documentId ?? loaded.document_id;
  if ((unit === undefined || period === undefined) && doc !== undefined) {
    const [d] = await db.all<{ unit_id: number; period_id: number }>('SELECT unit_id, period_id FROM document WHERE document_id = ?', [doc]);
    if (d) { unit = Number(d.unit_id); period = Number(d.period_id); }
  }
  if (unit === undefined || period === undefined) return null;
  return runChecks(db, { units: [Number(unit)], periods: [Number(period)] });
}

/** Adds the checks to a hook list once (idempotent), e.g. registerChecks(afterLoadHooks). */
export function registerChecks(hooks: ((db: any, loaded: any) => unknown)[]): void {
  if (!hooks.includes(checksAfterLoad)) hooks.push(checksAfterLoad);
}
