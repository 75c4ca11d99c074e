/**
 * Dashboard page loads (issue 5: every page's server load under 150 ms p95 at 30M facts), timed
 * through the same functions the SvelteKit loads call (warehouse/queries/pages.ts), without a server.
 */
import headline from '../src/lib/config/headline.json' with { type: 'json' };
import {
  loadLayout,
  loadOverview,
  loadTrend,
  loadCompareBars,
  loadMatrix,
  loadUnitProfile,
  loadAnomalies,
  type HeadlineConfig
} from '../warehouse/queries/pages.ts';
import type { BenchContext, TimedEntry } from './queries.ts';
import { rowsToIPC } from '../src/lib/arrow.ts';

const cfg = headline as unknown as HeadlineConfig;
const pick = <T,>(xs: T[], i: number, salt: number) => xs[(i * 7919 + salt * 104729) % xs.length];
const scopeOf = (c: BenchContext) => ({ level: pick(c.levels, c.i, 11) });
/** The period before the chosen one in the list (the overview compares with it). */
const previous = (c: BenchContext, p: number) => c.periods[Math.max(0, c.periods.indexOf(p) - 1)];

export const pageLoads: TimedEntry[] = [
  { name: 'page_layout', runs: 20, parboard: (c) => loadLayout(c.db, scopeOf(c), pick(c.periods, c.i, 12), null) },
  {
    name: 'page_overview',
    runs: 20,
    parboard: (c) => {
      const p = pick(c.periods, c.i, 13);
      return loadOverview(c.db, cfg, scopeOf(c), p, previous(c, p));
    }
  },
  {
    name: 'page_trends',
    runs: 20,
    parboard: (c) =>
      loadTrend(c.db, scopeOf(c), pick(c.indicators, c.i, 14), [pick(c.units, c.i, 15)], c.periods[0], c.periods[c.periods.length - 1], undefined)
  },
  { name: 'page_compare', runs: 20, parboard: (c) => loadCompareBars(c.db, scopeOf(c), pick(c.indicators, c.i, 16), pick(c.periods, c.i, 17)) },
  {
    name: 'page_compare_matrix',
    runs: 20,
    parboard: (c) => loadMatrix(c.db, scopeOf(c), pick(c.periods, c.i, 18), c.indicators.slice(0, 12))
  },
  {
    // What /api/data/matrix does for the compare view's heat map and scatter: the matrix load, then Arrow IPC.
    name: 'api_matrix_arrow',
    runs: 20,
    parboard: async (c) =>
      rowsToIPC((await loadMatrix(c.db, scopeOf(c), pick(c.periods, c.i, 18), c.indicators.slice(0, 12))) as unknown as Record<string, unknown>[], [
        'unit_id',
        'unit_name',
        'indicator',
        'value',
        'status',
        'norm'
      ])
  },
  {
    name: 'page_unit_profile',
    runs: 20,
    parboard: (c) => loadUnitProfile(c.db, cfg, pick(c.units, c.i, 19), pick(c.levels, c.i, 20), null, pick(c.periods, c.i, 21))
  },
  {
    name: 'page_anomalies',
    runs: 20,
    parboard: (c) => loadAnomalies(c.db, scopeOf(c), { kind: null, severity: null, status: null, periodId: pick(c.periods, c.i, 22) })
  }
];
