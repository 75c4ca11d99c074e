/**
 * The consistency checks as a batch-capable after-load hook. warehouse/checks/hook.ts registers a
 * per-report 'checks' hook (recompute the loaded unit x period); this replaces it, by the same name,
 * with one that does the same per report (loadExtraction) and, for a group-committed batch
 * (loadExtractions), ONE scoped recompute for the batch's units x periods. Recomputing a scope
 * replaces every flag in it from the current facts, so the flags after a batch are those that
 * report-by-report loading leaves, for a fraction of the cost (one checks run instead of one per
 * report; the run's cost is mostly fixed).
 * The list is reached through globalThis (as hook.ts does) so that this module need not import load.ts.
 */
import { runChecks } from './checks/engine.ts';
import type { CheckDb } from './checks/db-port.ts';

interface Ctx {
  unitId: number;
  periodId: number;
  documentId: number;
}
type Hook = ((db: any, ctx: Ctx) => Promise<void>) & { hookName?: string; batch?: (db: any, ctxs: Ctx[]) => Promise<void> };

export function registerChecksBatched(
  hooks: Hook[] = ((globalThis as Record<symbol, unknown>)[Symbol.for('parboard.afterLoadHooks')] ??= []) as Hook[]
): void {
  const hook: Hook = Object.assign(
    async (db: CheckDb, c: Ctx) => {
      await runChecks(db, { units: [c.unitId], periods: [c.periodId], inTransaction: true });
    },
    {
      hookName: 'checks',
      batch: async (db: CheckDb, ctxs: Ctx[]) => {
        const units = [...new Set(ctxs.map((c) => c.unitId))];
        const periods = [...new Set(ctxs.map((c) => c.periodId))];
        await runChecks(db, { units, periods, inTransaction: true });
      }
    }
  );
  const i = hooks.findIndex((h) => h.hookName === 'checks');
  if (i >= 0) hooks[i] = hook;
  else hooks.push(hook);
}

registerChecksBatched();
