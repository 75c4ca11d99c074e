/**
 * The timed queries of `parboard bench`: a list of named entries. Each entry times parboard's own
 * query layer (builder + warehouse handle) and, when it is a single SQL statement, the same SQL and
 * parameters on the bare DuckDB connection. To add a timing (checks, rankings...), push an entry.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { run, type Query } from '../warehouse/queries/query.ts';
import { indicatorAcrossUnitsQuery, trendQuery } from '../warehouse/queries/values.ts';
import { flagCountsQuery } from '../warehouse/queries/flags.ts';
import { areaScoresQuery } from '../warehouse/queries/bench-core.ts';
import type { BenchDb } from './open.ts';
import { computeRanking } from '../warehouse/rankings/engine.ts';
import { loadModel } from '../warehouse/rankings/model.ts';

export interface BenchContext {
  db: BenchDb;
  units: number[];
  periods: number[];
  indicators: string[];
  levels: string[];
  /** i-th run: used to vary parameters deterministically. */
  i: number;
}

export interface TimedEntry {
  name: string;
  /** How many runs (p50/p95 over them). */
  runs?: number;
  /** One run through parboard's layer. */
  parboard(ctx: BenchContext): Promise<unknown>;
  /** The query of run i, to run the same SQL on the bare connection; omit for multi-statement work. */
  query?(ctx: BenchContext): Query;
}

const at = <T,>(xs: T[], i: number, salt: number) => xs[(i * 7919 + salt * 104729) % xs.length];

export const coreQueries: TimedEntry[] = [
  {
    name: 'trend_one_unit_one_indicator',
    query: (c) => trendQuery({ indicators: [at(c.indicators, c.i, 1)], units: [at(c.units, c.i, 2)], fromPeriod: c.periods[0], toPeriod: c.periods[c.periods.length - 1] }),
    parboard: (c) => run(c.db, coreQueries[0].query!(c))
  },
  {
    name: 'indicator_across_level_one_period',
    query: (c) => indicatorAcrossUnitsQuery({ level: at(c.levels, c.i, 3) }, at(c.indicators, c.i, 4), at(c.periods, c.i, 5)),
    parboard: (c) => run(c.db, coreQueries[1].query!(c))
  },
  {
    name: 'area_scores_ranking',
    query: (c) => areaScoresQuery(at(c.periods, c.i, 6), at(c.levels, c.i, 7)),
    parboard: (c) => run(c.db, coreQueries[2].query!(c))
  },
  {
    name: 'flag_counts_by_unit',
    query: (c) => flagCountsQuery({ level: at(c.levels, c.i, 8) }, { periodId: at(c.periods, c.i, 9) }, ['unit', 'kind']),
    parboard: (c) => run(c.db, coreQueries[3].query!(c))
  }
];

// Rankings: every unit of a period scored, ranked and compared with the previous period (issue 6: < 1 s).
const rankingModel = loadModel();
coreQueries.push({
  name: 'rank_all_units_one_period',
  runs: 10,
  parboard: (c) => computeRanking(c.db, { period: at(c.periods, c.i, 10), model: rankingModel })
});

/** The same SQL and parameters on the bare connection, reading the rows (no JS object mapping). */
export async function runRaw(conn: DuckDBConnection, q: Query): Promise<number> {
  const r = await conn.runAndReadAll(q.sql, q.params as never);
  return r.getRows().length;
}

export function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  if (!s.length) return NaN;
  const k = Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1));
  return s[k];
}

export interface QueryTiming {
  name: string;
  p50_ms: number | null;
  p95_ms: number | null;
  raw_p50_ms: number | null;
  /** CPU time of the process (all DuckDB threads) per parboard run: what the query costs whatever else runs on the machine. */
  cpu_p50_ms?: number | null;
  runs: number;
  error?: string;
}

const r2 = (x: number) => Math.round(x * 100) / 100;

/** Runs each entry: warm-up, then interleaved parboard and raw runs with varying parameters. An entry
 * that fails is reported with its error and the others still run. */
export async function timeEntries(entries: TimedEntry[], base: Omit<BenchContext, 'i'>, defaultRuns: number): Promise<QueryTiming[]> {
  const out: QueryTiming[] = [];
  for (const e of entries) {
    const runs = e.runs ?? defaultRuns;
    const ours: number[] = [];
    const raw: number[] = [];
    const cpu: number[] = [];
    try {
      await e.parboard({ ...base, i: 999 }); // warm-up: caches, first-use compilation
      for (let i = 0; i < runs; i++) {
        const ctx = { ...base, i };
        const c0 = process.cpuUsage();
        let t = performance.now();
        await e.parboard(ctx);
        ours.push(performance.now() - t);
        const c1 = process.cpuUsage(c0);
        cpu.push((c1.user + c1.system) / 1000);
        if (e.query) {
          const q = e.query(ctx);
          t = performance.now();
          await runRaw(base.db.conn, q);
          raw.push(performance.now() - t);
        }
      }
    } catch (err) {
      out.push({ name: e.name, p50_ms: null, p95_ms: null, raw_p50_ms: null, runs: ours.length, error: (err as Error).message });
      continue;
    }
    out.push({ name: e.name, p50_ms: r2(percentile(ours, 50)), p95_ms: r2(percentile(ours, 95)), raw_p50_ms: raw.length ? r2(percentile(raw, 50)) : null, cpu_p50_ms: r2(percentile(cpu, 50)), runs });
  }
  return out;
}

// Dashboard page loads (issue 5), through warehouse/queries/pages.ts.
import { pageLoads } from './pages.ts';
coreQueries.push(...pageLoads);
