/**
 * Recomputation on load: warehouse/load.ts runs every function in its `afterLoadHooks` list inside the
 * load transaction after a report is stored. Importing this module registers the checks there (by
 * name, once per process, through the list load.ts keeps on globalThis, so this module need not import
 * load.ts). The hook rechecks the loaded unit and period (document rules, the unit's cumulative series
 * for that year, its trend history and the period's peer outliers). A superseded version's flags go
 * with it because the recomputation replaces every flag of that unit and period.
 */
import { runChecks, type CheckResult } from './engine.ts';
import type { CheckDb } from './db-port.ts';

/** What the hook needs from a load: load.ts passes {unitId, periodId, documentId}. */
export interface LoadedRef {
  unitId?: number; unit_id?: number;
  periodId?: number; period_id?: number;
  documentId?: number; document_id?: number;
}

export async function checksAfterLoad(db: CheckDb, loaded: LoadedRef, inTransaction = true): Promise<CheckResult | null> {
  let unit = loaded.unitId ?? loaded.unit_id;
  let period = loaded.periodId ?? loaded.period_id;
  const doc = loaded.documentId ?? loaded.document_id;
  if ((unit === undefined || period === undefined) && doc !== undefined) {
    const [d] = await db.all<{ unit_id: number; period_id: number }>('SELECT unit_id, period_id FROM document WHERE document_id = ?', [doc]);
    if (d) { unit = Number(d.unit_id); period = Number(d.period_id); }
  }
  if (unit === undefined || period === undefined) return null;
  return runChecks(db, { units: [Number(unit)], periods: [Number(period)], inTransaction });
}

type Hook = ((db: any, ctx: any) => Promise<void>) & { hookName?: string };

/** Adds the checks to a hook list once (replacing an earlier 'checks' hook). */
export function registerChecks(hooks: Hook[]): void {
  const named: Hook = Object.assign(async (db: any, ctx: any) => { await checksAfterLoad(db, ctx, true); }, { hookName: 'checks' });
  const i = hooks.findIndex((h) => h.hookName === 'checks');
  if (i >= 0) hooks[i] = named;
  else hooks.push(named);
}

// The list load.ts runs (it creates the same array on globalThis under this symbol).
registerChecks(((globalThis as Record<symbol, unknown>)[Symbol.for('parboard.afterLoadHooks')] ??= []) as Hook[]);
