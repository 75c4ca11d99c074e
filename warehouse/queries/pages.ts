/**
 * What each dashboard page loads on the server, as functions of a query runner and the view's
 * slicing state. The SvelteKit loads call these, and the benchmark can time the same page loads
 * against the national-scale warehouse without a server.
 */
import { run, runColumns, type Runner, type Scope } from './query.ts';
import {
  headlineQuery,
  withinQuery,
  completenessQuery,
  moversQuery,
  indicatorAcrossUnitsQuery,
  trendQuery,
  peerBandQuery,
  indicatorIdsQuery,
  unitStandingQuery,
  unitIndicatorMatrixColumnsQuery,
  scopeUnitNamesQuery,
  MATRIX_STATUSES,
  unitFactValuesQuery,
  unitFactDimensionsQuery,
  type StandingRow,
  type HeadlineRow,
  type WithinRow,
  type CompletenessRow,
  type MoverRow,
  type UnitValue,
  type TrendRow,
  type BandRow,
  type MatrixRow,
  type UnitIndicatorRow
} from './values.ts';
import { flagsQuery, flagCountsQuery, flagKindsQuery, type FlagRow, type FlagCountRow } from './flags.ts';
import { unitDocumentsQuery, type DocumentRow } from './documents.ts';
import {
  periodsQuery,
  levelsQuery,
  provincesQuery,
  unitsQuery,
  indicatorsQuery,
  scopeCountsQuery,
  isDemoQuery,
  reportedIndicatorsQuery,
  type PeriodRow,
  type UnitRow,
  type IndicatorRow,
  type ScopeCounts
} from './dimensions.ts';

export interface HeadlineConfig {
  headline: { id: string; code?: string; within?: { part: string; whole: string } }[];
  movers: string[];
}

/**
 * The filter lists and counts every page shows (the layout load). The period defaults to the newest
 * one with reports, so a first visit shows current data.
 */
export async function loadLayout(db: Runner, scope: Scope, requestedPeriod: number | null, requestedFrom: number | null) {
  const [periods, levels, provinces, units, indicators, demo] = await Promise.all([
    run<PeriodRow>(db, periodsQuery()),
    run<{ level: string; units: number }>(db, levelsQuery()),
    run<{ province: string; units: number }>(db, provincesQuery()),
    run<UnitRow>(db, unitsQuery({ level: scope.level, province: scope.province })),
    run<IndicatorRow>(db, indicatorsQuery(null, false)),
    run<{ demo: number }>(db, isDemoQuery())
  ]);
  const period =
    requestedPeriod && periods.some((p) => p.period_id === requestedPeriod) ? requestedPeriod : (periods[0]?.period_id ?? null);
  const from = requestedFrom && period && requestedFrom < period ? requestedFrom : period;
  const counts: ScopeCounts = period
    ? (await run<ScopeCounts>(db, scopeCountsQuery(scope, from ?? period, period)))[0]
    : { units: 0, reports: 0, reporting_units: 0 };
  return { periods, levels, provinces, units, indicators, isDemo: (demo[0]?.demo ?? 0) > 0, counts, period, from };
}

/**
 * Ids of catalogue codes, handed to the builders as constant filters on fact (applied in the scan,
 * before the join with document); one small lookup instead of a filter that only bites after the join.
 */
async function indicatorIds(db: Runner, codes: string[]): Promise<Map<string, number>> {
  const rows = await run<{ code: string; indicator_id: number }>(db, indicatorIdsQuery([...new Set(codes)]));
  return new Map(rows.map((r) => [r.code, Number(r.indicator_id)]));
}
const idsFor = (ids: Map<string, number>, codes: string[]) => codes.flatMap((c) => (ids.has(c) ? [ids.get(c) as number] : []));

export async function loadOverview(db: Runner, cfg: HeadlineConfig, scope: Scope, period: number, previous: number) {
  const codes = cfg.headline.filter((h) => h.code).map((h) => h.code as string);
  const within = cfg.headline.find((h) => h.within)?.within;
  const ids = await indicatorIds(db, [...codes, ...cfg.movers, ...(within ? [within.part, within.whole] : [])]);
  const [headline, w, completeness, flags, movers] = await Promise.all([
    run<HeadlineRow>(db, headlineQuery(scope, codes, [period, previous], idsFor(ids, codes))),
    within
      ? run<WithinRow>(db, withinQuery(scope, within.part, within.whole, [period, previous], idsFor(ids, [within.part, within.whole])))
      : Promise.resolve([]),
    run<CompletenessRow>(db, completenessQuery(scope, period)),
    run<FlagCountRow>(db, flagCountsQuery(scope, { periodId: period, status: 'open' }, ['severity', 'kind'])),
    run<MoverRow>(db, moversQuery(scope, cfg.movers, period, previous, 10, idsFor(ids, cfg.movers)))
  ]);
  return { headline, within: w, completeness, flags, movers };
}

export async function loadTrend(
  db: Runner,
  scope: Scope,
  indicator: string,
  units: number[],
  from: number,
  to: number,
  kinds: string[] | undefined
) {
  const peers = { level: scope.level, province: scope.province };
  if (!kinds?.length) {
    // Every period in range with reports is shown; the band over the range (run alongside) has them all.
    const [rows, band] = await Promise.all([
      run<TrendRow>(db, trendQuery({ indicators: [indicator], units, fromPeriod: from, toPeriod: to })),
      run<BandRow>(db, peerBandQuery(peers, [indicator], from, to))
    ]);
    const ids = new Set(rows.map((r) => r.period_id));
    return { rows, band: band.filter((b) => ids.has(b.period_id)) };
  }
  // Like with like (e.g. Q1 only): the band is needed only for the trend's periods, so it scans those
  // periods' facts of one indicator id (a quarter of the range for one kind), not the whole range.
  const [rows, ids] = await Promise.all([
    run<TrendRow>(db, trendQuery({ indicators: [indicator], units, fromPeriod: from, toPeriod: to, kinds })),
    indicatorIds(db, [indicator])
  ]);
  const periods = [...new Set(rows.map((r) => r.period_id))];
  const band = periods.length ? await run<BandRow>(db, peerBandQuery(peers, [indicator], from, to, idsFor(ids, [indicator]), periods)) : [];
  return { rows, band };
}

export async function loadCompareBars(db: Runner, scope: Scope, indicator: string, period: number) {
  const [rows, reported] = await Promise.all([
    run<UnitValue>(db, indicatorAcrossUnitsQuery(scope, indicator, period)),
    run<{ code: string; n: number }>(db, reportedIndicatorsQuery(period))
  ]);
  return { rows, reported: reported.map((r) => r.code) };
}

/** The catalogue with report counts (the indicators view). */
export async function loadCatalogueCounts(db: Runner, area: number | null) {
  return run<{ code: string; reported: number }>(db, indicatorsQuery(area, true));
}

/**
 * Heat map + scatter rows (the Arrow endpoint /api/data/matrix sends them to the browser as IPC).
 * The cells come back as numeric columns; names and codes are attached once per unit and indicator.
 */
export async function loadMatrix(db: Runner, scope: Scope, period: number, indicators: string[]): Promise<MatrixRow[]> {
  if (!indicators.length) return [];
  const ids = await indicatorIds(db, indicators);
  const [[unit, ind, value, status, norm], names] = await Promise.all([
    runColumns(db, unitIndicatorMatrixColumnsQuery(scope, period, indicators, idsFor(ids, indicators)), 5),
    run<{ unit_id: number; name: string }>(db, scopeUnitNamesQuery(scope, period))
  ]);
  const nameOf = new Map(names.map((u) => [Number(u.unit_id), u.name]));
  const codeOf = new Map([...ids].map(([code, id]) => [id, code]));
  const rows: MatrixRow[] = new Array(unit?.length ?? 0);
  for (let k = 0; k < rows.length; k++) {
    rows[k] = {
      unit_id: unit[k] as number,
      unit_name: nameOf.get(unit[k] as number) as string,
      indicator: codeOf.get(ind[k] as number) as string,
      value: value[k] as number | null,
      status: MATRIX_STATUSES[status[k] as number],
      norm: norm[k] as number | null
    };
  }
  return rows;
}

type FactValue = Pick<UnitIndicatorRow, 'period_id' | 'value' | 'status' | 'raw' | 'document_id' | 'line'> & { indicator_id: number };
type Dimension = { kind: 'i' | 'p'; id: number; code: string | null; area: number | null; name_vi: string; name_en: string; uom: string | null };

export async function loadUnitProfile(db: Runner, cfg: HeadlineConfig, unitId: number, level: string, province: string | null, period: number | null) {
  const [docs, values, dims, flags] = await Promise.all([
    run<DocumentRow>(db, unitDocumentsQuery(unitId)),
    run<FactValue>(db, unitFactValuesQuery(unitId)),
    run<Dimension>(db, unitFactDimensionsQuery()),
    run<FlagRow>(db, flagsQuery({ units: [unitId] }, {}, 200))
  ]);
  // The rows of unitFactsQuery, with the descriptions attached here rather than repeated by SQL.
  const ind = new Map<number, Dimension>();
  const per = new Map<number, Dimension>();
  for (const d of dims) (d.kind === 'i' ? ind : per).set(Number(d.id), d);
  const facts: UnitIndicatorRow[] = values.map((f) => {
    const i = ind.get(Number(f.indicator_id)) as Dimension;
    const pr = per.get(Number(f.period_id)) as Dimension;
    return {
      period_id: f.period_id,
      label_vi: pr.name_vi as string,
      label_en: pr.name_en as string,
      indicator: i.code as string,
      area: i.area as number,
      name_vi: i.name_vi as string,
      name_en: i.name_en as string,
      uom: i.uom,
      value: f.value,
      status: f.status,
      raw: f.raw,
      document_id: f.document_id,
      line: f.line
    };
  });
  // Standing: the unit's place among units of the same level for each headline indicator.
  const standing: { indicator: string; value: number | null; status: string; rank: number | null; of: number }[] = [];
  if (period) {
    const codes = cfg.headline.filter((h) => h.code).map((h) => h.code as string);
    const ids = await indicatorIds(db, codes);
    // Ranked in SQL: one row per indicator rather than every peer's value for each indicator.
    const rows = await run<StandingRow>(db, unitStandingQuery({ level, province }, unitId, codes, period, idsFor(ids, codes)));
    const byCode = new Map(rows.map((r) => [r.indicator, r]));
    for (const code of codes) {
      const r = byCode.get(code);
      standing.push({
        indicator: code,
        value: r?.value ?? null,
        status: r?.status ?? 'missing',
        rank: r?.rank ?? null,
        of: r?.of ?? 0
      });
    }
  }
  return { docs, facts, flags, standing };
}

export interface FlagView {
  kind: string | null;
  severity: string | null;
  status: string | null;
  periodId: number | null;
}

export async function loadAnomalies(db: Runner, scope: Scope, f: FlagView) {
  const [flags, hot, overTime, kinds] = await Promise.all([
    run<FlagRow>(db, flagsQuery(scope, f, 500)),
    run<FlagCountRow>(db, flagCountsQuery(scope, f, ['unit', 'kind'])),
    run<FlagCountRow>(db, flagCountsQuery(scope, { ...f, periodId: null }, ['period', 'severity'])),
    run<{ kind: string; n: number }>(db, flagKindsQuery())
  ]);
  return { flags, hot, overTime, kinds };
}
