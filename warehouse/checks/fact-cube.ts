/**
 * The facts the checks read, held once in memory as a dense cube: one cell per (current report,
 * indicator), with the reports of each period side by side per indicator.
 *
 * Why: every check is a walk over the same facts in one of three directions. Per-report rules read a
 * report's indicators; peer outliers read one indicator across the reports of a period; trend and
 * cumulative checks read one unit's indicator across periods. Done in SQL that was a scan and a join
 * of all facts per check (≈20 s at 30M facts); held as typed arrays, each walk is a pass over memory.
 *
 * Layout: reports (slots) are sorted by period, then unit. The block of period p holds, for each
 * indicator k, its n_p cells contiguously: cell(slot, k) = start_p * nInd + k * n_p + (slot - start_p).
 * So "indicator k across the period's reports" (peer statistics, one rule over all reports) is a
 * contiguous run, and a report's cells are n_p apart. Memory is 14 bytes per cell (value, source
 * line, status, printed decimals); cells = reports × indicators present, which is the number of facts
 * when reports are dense (the national benchmark: 30M facts, ~420 MB).
 *
 * Indicator k = 0 is a row that is never filled: ids the facts in scope never use map to it, so a rule
 * naming such an indicator simply finds it absent.
 *
 * What the stream does not carry (denominators printed beside rates, the rows of an indicator
 * reported twice) is fetched afterwards for the few cells that need it.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { CheckDb } from './db-port.ts';
import { intList } from './db-port.ts';
import { printedDecimalsSql } from '../printed-decimals.ts';

/** Status codes in the cell's low bits (+1, so that 0 means "no row"). */
export const STATUS_CODES = ['reported', 'empty', 'text', 'not_applicable', 'undefined_rate'] as const;
export const ST_REPORTED = 0;
/** meta & M_STATUS = 1 + status of the chosen row; 0 = the report has no row for the indicator. */
export const M_STATUS = 7;
/** The indicator's rows in the report disagree: it has no usable value. */
export const M_DISAGREE = 8;
/** The indicator has more than one row in the report (resolved, see resolveDuplicates). */
export const M_MULTI = 16;
/** meta & USABLE_MASK === USABLE: the cell holds the value the rules and statistics use (reported, rows agree). */
export const USABLE_MASK = M_STATUS | M_DISAGREE;
export const USABLE = 1 + ST_REPORTED;

export interface ReadScope {
  /** Units whose reports are read in full (all periods); absent = all. */
  units?: number[];
  /** Periods whose reports are read in full (all units); absent = all. */
  periods?: number[];
}

export interface PeriodInfo { id: number; year: number; kind: string }

/** A row of an indicator reported more than once in a report. */
export interface DuplicateRow { rowNo: number; status: number; value: number; line: number | null; dec: number; fden: number }

/** Cells whose indicator has several rows in the report, with those rows (in table order). */
export interface DuplicateCell { slot: number; k: number; rows: DuplicateRow[]; chosen: DuplicateRow }

export class FactCube {
  /** Current reports, sorted by period then unit. */
  readonly docOf: Int32Array;
  readonly unitOf: Int32Array;
  /** Index into `periods`. */
  readonly periodOf: Int32Array;
  nSlots: number;
  /** Every period of the warehouse (histories need the years nobody in scope reported). */
  readonly periods: PeriodInfo[];
  readonly periodIndex = new Map<number, number>();
  readonly blockStart: Int32Array;
  readonly blockSize: Int32Array;
  /** Compact indicator k -> indicator id (k = 0: never filled). */
  readonly indicatorIds: Int32Array;
  readonly nInd: number;
  readonly value: Float64Array;
  /** Source line of the chosen row (-1 = none). */
  readonly line: Int32Array;
  readonly meta: Uint8Array;
  /** Printed decimals of the value (only for indicators whose rules tolerate rounding at the printed precision). */
  readonly dec: Uint8Array;
  /** Denominators printed beside a rate ("12/15"), by cell, for the rates that have them. */
  readonly fden = new Map<number, number>();
  readonly duplicates: DuplicateCell[] = [];
  /** Indicator id -> compact k (0 = not in scope). */
  readonly kOfId: Int32Array;
  /** Document id -> slot (-1 = not a current report in scope). */
  readonly slotOfDoc: Int32Array;
  /** cell(slot, k) = slotBase[slot] + k * blockSize[periodOf[slot]]. */
  readonly slotBase: Int32Array;
  private readonly unitIndex: Map<number, number>;
  private readonly slotAt: Int32Array;
  private readonly nUnits: number;

  constructor(docs: { d: number; u: number; p: number }[], periods: PeriodInfo[], unitIds: number[], indicatorIds: number[], maxIndicatorId: number) {
    this.periods = periods;
    periods.forEach((p, i) => this.periodIndex.set(p.id, i));
    const P = periods.length;
    this.docOf = new Int32Array(docs.length);
    this.unitOf = new Int32Array(docs.length);
    this.periodOf = new Int32Array(docs.length);
    this.blockStart = new Int32Array(P);
    this.blockSize = new Int32Array(P);
    // Sort by (period, unit, document) through one numeric key per report (176k reports: objects and
    // a comparator were a visible part of the run).
    const pis = docs.map((x) => this.periodIndex.get(x.p) ?? -1);
    const order = Array.from({ length: docs.length }, (_, i) => i).filter((i) => pis[i] >= 0);
    const key = new Float64Array(docs.length);
    for (const i of order) key[i] = pis[i] * 2 ** 32 + docs[i].u;
    order.sort((a, b) => key[a] - key[b] || docs[a].d - docs[b].d);
    const n = (this.nSlots = order.length);
    let maxDoc = 0;
    order.forEach((i, s) => {
      const x = docs[i];
      this.docOf[s] = x.d; this.unitOf[s] = x.u; this.periodOf[s] = pis[i];
      this.blockSize[pis[i]]++;
      if (x.d > maxDoc) maxDoc = x.d;
    });
    for (let p = 0, s = 0; p < P; p++) { this.blockStart[p] = s; s += this.blockSize[p]; }

    this.indicatorIds = Int32Array.from([0, ...indicatorIds]);
    this.nInd = this.indicatorIds.length;
    this.kOfId = new Int32Array(Math.max(maxIndicatorId, ...indicatorIds, 0) + 1);
    indicatorIds.forEach((id, i) => { this.kOfId[id] = i + 1; });

    this.slotOfDoc = new Int32Array(maxDoc + 1).fill(-1);
    for (let s = 0; s < n; s++) this.slotOfDoc[this.docOf[s]] = s;
    this.unitIndex = new Map(unitIds.map((u, i) => [u, i]));
    this.nUnits = unitIds.length;
    // One current report per unit and period (the loader supersedes the earlier one); should two
    // ever coexist, the histories see the first and the per-report rules still see both.
    this.slotAt = new Int32Array(P * this.nUnits).fill(-1);
    for (let s = n - 1; s >= 0; s--) {
      const ui = this.unitIndex.get(this.unitOf[s]);
      if (ui !== undefined) this.slotAt[this.periodOf[s] * this.nUnits + ui] = s;
    }
    this.slotBase = new Int32Array(n);
    for (let s = 0; s < n; s++) {
      const p = this.periodOf[s], s0 = this.blockStart[p];
      this.slotBase[s] = s0 * this.nInd + (s - s0);
    }
    const cells = n * this.nInd;
    // Not filled with NaN: a cell's value is only read when its meta says it has a row.
    this.value = new Float64Array(cells);
    this.line = new Int32Array(cells);
    this.meta = new Uint8Array(cells);
    this.dec = new Uint8Array(cells);
  }

  /** Compact index of an indicator id (0 = not present in scope). */
  k(indicatorId: number): number {
    return indicatorId >= 0 && indicatorId < this.kOfId.length ? this.kOfId[indicatorId] : 0;
  }

  cell(slot: number, k: number): number {
    return this.slotBase[slot] + k * this.blockSize[this.periodOf[slot]];
  }

  /** First cell of indicator k's run in period p's block (the reports of p follow contiguously). */
  rowBase(p: number, k: number): number {
    return this.blockStart[p] * this.nInd + k * this.blockSize[p];
  }

  /** The report of a unit in a period, or -1. */
  slotOf(periodIdx: number, unitId: number): number {
    const ui = this.unitIndex.get(unitId);
    return ui === undefined || periodIdx < 0 ? -1 : this.slotAt[periodIdx * this.nUnits + ui];
  }

  /** The value the rules and statistics use: reported, and not a disagreeing duplicate. */
  usable(c: number): boolean {
    return (this.meta[c] & USABLE_MASK) === USABLE;
  }

  /** Status as the rules see it: null (no row), 'duplicate' (rows disagree) or the row's status. */
  statusOf(c: number): string | null {
    const m = this.meta[c];
    if (m === 0) return null;
    return m & M_DISAGREE ? 'duplicate' : STATUS_CODES[(m & M_STATUS) - 1] ?? 'reported';
  }

  /** Source line of a cell, or null. */
  lineOf(c: number): number | null {
    const l = this.line[c];
    return l < 0 ? null : l;
  }
}



/** Writes columns of integers into a fresh temp table through the appender (no SQL text per row). */
async function writeTempInts(db: CheckDb, table: string, names: string[], cols: number[][]): Promise<void> {
  await db.run(`DROP TABLE IF EXISTS ${table}`);
  await db.run(`CREATE TEMP TABLE ${table} (${names.map((n) => `${n} INTEGER`).join(', ')})`);
  const a = await db.conn.createAppender(table, 'main', 'temp');
  try {
    const n = cols[0]?.length ?? 0;
    for (let r = 0; r < n; r++) {
      for (let c = 0; c < cols.length; c++) a.appendInteger(cols[c][r]);
      a.endRow();
    }
  } finally {
    a.closeSync();
  }
}

export interface CubeOptions {
  /** Indicator ids whose printed decimals matter (primary indicators of printed-precision rules). */
  decimalIds: number[];
  /** Rate indicator ids: their printed denominators are fetched. */
  rateIds: number[];
  /** Reports per query (bounded memory per query; the next slice is computed while this one is read). */
  sliceReports?: number;
}

const STATUS_SQL = `CASE f.status WHEN 'reported' THEN 0 WHEN 'empty' THEN 1 WHEN 'text' THEN 2 WHEN 'not_applicable' THEN 3 ELSE 4 END`;

/**
 * Reads the current facts of the scope's reports into a cube: reports of the units in scope (all
 * their periods) and of the periods in scope (all their units). Without a scope, every current report.
 */
export async function readFactCube(db: CheckDb, scope: ReadScope, opts: CubeOptions): Promise<FactCube> {
  const conds: string[] = [];
  if (scope.units?.length) conds.push(`unit_id IN (${intList(scope.units)})`);
  if (scope.periods?.length) conds.push(`period_id IN (${intList(scope.periods)})`);
  // units ∪ periods: a scoped run needs each unit's whole history and each period's peers.
  const where = conds.length ? `(${conds.join(' OR ')})` : 'true';

  const periods = (await db.all<any>('SELECT CAST(period_id AS INTEGER) AS id, CAST(year AS INTEGER) AS year, kind FROM period ORDER BY year, period_id'))
    .map((r) => ({ id: Number(r.id), year: Number(r.year), kind: String(r.kind) }));
  // The reports as typed arrays from the result chunks (176k row objects cost a visible 0.15 s).
  const docs: { d: number; u: number; p: number }[] = [];
  {
    const res = await db.conn.run(`SELECT CAST(document_id AS INTEGER) AS d, CAST(unit_id AS INTEGER) AS u, CAST(period_id AS INTEGER) AS p
      FROM document WHERE status = 'current' AND ${where}`);
    for (let c = 0; c < res.chunkCount; c++) {
      const ch = res.getChunk(c);
      const d = items(ch.getColumnVector(0)), u = items(ch.getColumnVector(1)), p = items(ch.getColumnVector(2));
      for (let i = 0; i < ch.rowCount; i++) docs.push({ d: d[i], u: u[i], p: p[i] });
    }
  }
  const unitIds = (await db.all<any>('SELECT CAST(unit_id AS INTEGER) AS u FROM unit ORDER BY unit_id')).map((r) => Number(r.u));
  const [mx] = await db.all<any>('SELECT CAST(coalesce(max(indicator_id), 0) AS INTEGER) AS m FROM indicator');
  // Only the indicators the scope's facts use get a row of cells (170 of 260 in the national benchmark).
  const used = (await db.all<any>(`SELECT DISTINCT CAST(indicator_id AS INTEGER) AS i FROM fact WHERE ${where} ORDER BY 1`)).map((r) => Number(r.i));
  const cube = new FactCube(docs, periods, unitIds, used, Number(mx.m));
  if (!cube.nSlots) return cube;

  const decList = opts.decimalIds.length ? intList(opts.decimalIds) : 'NULL';
  const decimalsSql = `CASE WHEN f.indicator_id IN (${decList}) THEN coalesce(f.decimals, ${printedDecimalsSql('f.raw')}) ELSE 0 END`;
  const factWhere = where.replace(/\b(unit_id|period_id)\b/g, 'f.$1');
  // Three numeric columns, nulls coalesced: handing a column to JS costs more than computing it, so
  // report, indicator, status and printed decimals travel packed in one DOUBLE (exact below 2^53:
  // report ids below 2^29, indicator ids below 2^16). Printed decimals come from the load
  // (fact.decimals), parsed from the raw text only for rows inserted without them.
  const select = (lo: number, hi: number) => `SELECT
      CAST(f.document_id AS DOUBLE) * 16777216 + (f.indicator_id * 256 + ${STATUS_SQL} * 32
        + ${decimalsSql}) AS key,
      coalesce(f.value, 'NaN'::DOUBLE) AS value,
      coalesce(f.line, -1) AS line
    FROM fact f WHERE f.document_id BETWEEN ${lo} AND ${hi} AND ${factWhere}`;

  const ids = Array.from(cube.docOf).sort((a, b) => a - b);
  if (ids.length && ids[ids.length - 1] >= 2 ** 29) throw new Error(`checks: document ids above 2^29 do not fit the packed fact key (${ids[ids.length - 1]})`);
  const per = opts.sliceReports ?? 10000;
  const slices: [number, number][] = [];
  for (let i = 0; i < ids.length; i += per) slices.push([ids[i], ids[Math.min(i + per, ids.length) - 1]]);

  const repeated: number[] = [];
  const { value, meta, dec, line } = cube;
  const { slotOfDoc, kOfId, slotBase } = cube;
  const strideOf = new Int32Array(cube.nSlots);
  for (let s = 0; s < cube.nSlots; s++) strideOf[s] = cube.blockSize[cube.periodOf[s]];
  const scatter = (keys: Float64Array, vals: Float64Array, lines: Int32Array, n: number) => {
    for (let i = 0; i < n; i++) {
      const key = keys[i];
      const d = Math.floor(key / 16777216);
      const slot = d < slotOfDoc.length ? slotOfDoc[d] : -1;
      if (slot < 0) continue; // a superseded report in the id range
      const packed = key - d * 16777216;
      const k = kOfId[packed >> 8];
      if (k === 0) continue; // not possible: `used` lists every indicator in scope
      const c = slotBase[slot] + k * strideOf[slot];
      if (meta[c] !== 0) { repeated.push(c); continue; }
      meta[c] = 1 + ((packed >> 5) & 7);
      value[c] = vals[i];
      line[c] = lines[i];
      const dd = packed & 31;
      if (dd !== 0) dec[c] = dd; // zero-filled already: most cells print no decimals we use
    }
  };

  let next: Promise<Awaited<ReturnType<DuckDBConnection['run']>>> | null = slices.length ? db.conn.run(select(slices[0][0], slices[0][1])) : null;
  try {
    for (let si = 0; si < slices.length; si++) {
      const res = await next!;
      // DuckDB computes the next slice while this thread scatters this one.
      next = si + 1 < slices.length ? db.conn.run(select(slices[si + 1][0], slices[si + 1][1])) : null;
      for (let c = 0; c < res.chunkCount; c++) {
        const ch = res.getChunk(c);
        const n = ch.rowCount;
        if (!n) continue;
        // The vectors' typed arrays: item-by-item access through the vector classes is a call per value.
        scatter(items(ch.getColumnVector(0)) as Float64Array, items(ch.getColumnVector(1)) as Float64Array, items(ch.getColumnVector(2)) as Int32Array, n);
      }
    }
  } finally {
    await next?.catch(() => {});
  }

  if (repeated.length) await resolveDuplicates(db, cube, repeated, decimalsSql);
  if (opts.rateIds.length) {
    const rows = await db.all<any>(`SELECT CAST(f.document_id AS INTEGER) AS d, CAST(f.indicator_id AS INTEGER) AS i, f.denominator AS den
      FROM fact f WHERE f.denominator IS NOT NULL AND f.indicator_id IN (${intList(opts.rateIds)}) AND ${factWhere}`);
    const multi = new Set(cube.duplicates.map((x) => cube.cell(x.slot, x.k)));
    for (const r of rows) {
      const slot = Number(r.d) < slotOfDoc.length ? slotOfDoc[Number(r.d)] : -1;
      if (slot < 0) continue;
      const c = cube.cell(slot, cube.k(Number(r.i)));
      if (!multi.has(c)) cube.fden.set(c, Number(r.den));
    }
    for (const x of cube.duplicates) if (!Number.isNaN(x.chosen.fden)) cube.fden.set(cube.cell(x.slot, x.k), x.chosen.fden);
  }
  return cube;
}

function items(v: unknown): ArrayLike<number> {
  const x = v as { items?: unknown; toArray(): unknown[] };
  return x.items instanceof Int32Array || x.items instanceof Float64Array ? x.items : Float64Array.from(x.toArray(), Number);
}

/**
 * An indicator reported on several rows of one report: all its rows are read back, and the row the
 * checks use is chosen as before the cube existed: a reported row before an empty one, then the first
 * in table order. When the reported values disagree the indicator has no usable value (the
 * duplicate_row rule reports it).
 */
async function resolveDuplicates(db: CheckDb, cube: FactCube, repeated: number[], decimalsSql: string): Promise<void> {
  const cellSet = new Set(repeated);
  // Cell -> (slot, k): walk the slots once (cells are few).
  const want = new Map<string, { slot: number; k: number }>();
  for (let s = 0; s < cube.nSlots; s++) {
    const base = cube.cell(s, 0), stride = cube.blockSize[cube.periodOf[s]];
    for (let k = 1; k < cube.nInd; k++) if (cellSet.has(base + k * stride)) want.set(`${cube.docOf[s]}|${cube.indicatorIds[k]}`, { slot: s, k });
  }
  const pairs = [...want.keys()].map((x) => x.split('|').map(Number));
  await writeTempInts(db, 'chk_dup_need', ['document_id', 'indicator_id'], [pairs.map((p) => p[0]), pairs.map((p) => p[1])]);
  const rows = await db.all<any>(`SELECT CAST(f.document_id AS INTEGER) AS d, CAST(f.indicator_id AS INTEGER) AS i, CAST(f.row_no AS INTEGER) AS row_no,
      ${STATUS_SQL} AS st, f.value, f.line, f.denominator,
      ${decimalsSql} AS dec
    FROM fact f SEMI JOIN chk_dup_need n ON n.document_id = f.document_id AND n.indicator_id = f.indicator_id ORDER BY f.document_id, f.indicator_id, f.row_no`);
  await db.run('DROP TABLE IF EXISTS chk_dup_need');
  const groups = new Map<string, DuplicateRow[]>();
  for (const r of rows) {
    const key = `${r.d}|${r.i}`;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key)!.push({
      rowNo: Number(r.row_no), status: Number(r.st), value: r.value === null ? NaN : Number(r.value),
      line: r.line === null ? null : Number(r.line), dec: Number(r.dec), fden: r.denominator === null ? NaN : Number(r.denominator),
    });
  }
  for (const [key, rs] of groups) {
    const at = want.get(key);
    if (!at) continue;
    // Reported before empty, then table order (rows arrive in table order).
    let chosen = rs[0];
    for (const r of rs) if ((r.status === ST_REPORTED ? 0 : 1) < (chosen.status === ST_REPORTED ? 0 : 1)) chosen = r;
    const distinct = new Set(rs.filter((r) => !Number.isNaN(r.value)).map((r) => r.value));
    const c = cube.cell(at.slot, at.k);
    cube.meta[c] = (1 + chosen.status) | M_MULTI | (distinct.size > 1 ? M_DISAGREE : 0);
    cube.value[c] = chosen.value;
    cube.line[c] = chosen.line ?? -1;
    cube.dec[c] = chosen.dec;
    cube.duplicates.push({ slot: at.slot, k: at.k, rows: rs, chosen });
  }
}
