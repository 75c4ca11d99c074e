/**
 * The per-report rules in one pass over the current facts, a slice of reports at a time: comparison rules (quota, rate,
 * part/whole, sum, hand-written), undefined rates, out-of-range values, duplicate rows, required
 * indicators and narrative statements. Every one of them looks at one report at a time, so the
 * facts are read once, a report at a time, into small per-report arrays indexed by indicator.
 *
 * Why not SQL: a report's rules join its facts with themselves (rate with numerator and
 * denominator, part with whole, total with sub-items). Set-based, that is a join and a group-by per
 * (rule, report) pair: at 30M facts it took a minute. Streamed, it is one scan and ~300 array reads
 * per report.
 *
 * Facts of one report are stored together (one load = one transaction), so the pass meets them
 * contiguously; if it ever does not (a report whose rows are interleaved with another's), the
 * pass starts again with the rows ordered by report, which is slower but the same result.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { fill, fmtEn, fmtVi, type CheckDb } from './db-port.ts';
import type { CompiledRule, Severity } from './rules.ts';
import { foldProvince } from './rules.ts';
import type { CheckContext, FlagRow } from './engine.ts';
import { fingerprintOf } from './fingerprint.ts';

const ST_REPORTED = 0;
const STATUS_CODES = ['reported', 'empty', 'text', 'not_applicable', 'undefined_rate'];

/** A (document, indicator) pair reported on more than one row: the value the other checks use, or null when the rows disagree. */
export interface DuplicatePair {
  document_id: number;
  indicator_id: number;
  unit_id: number;
  period_id: number;
  /** The chosen row's value when every row agrees (and it is reported); null when they disagree. */
  value: number | null;
  line: number | null;
}

interface TermRef { id: number; code: string; coef: number }
/** Term ids and coefficients of one side part, as flat arrays for the per-report loop. */
interface Part { ids: Int32Array; coefs: Float64Array }
interface RulePlan {
  group: number;
  /** Hot-loop copies of the rule's settings. */
  allIds: Int32Array; op: number; missing: number; lConst: number; lScale: number; rConst: number; rScale: number;
  tolerance: number; tolUlps: number; printed: boolean;
  pln: Part; pld: Part | null; prn: Part; prd: Part | null; pw: Part;
  rule: CompiledRule;
  all: TermRef[];
  primary: number;
  provinces: Set<string> | null;
  tplVi: string;
  tplEn: string;
  indicators: string[];
  hasV: boolean;
}

export interface PassInput {
  ctx: CheckContext;
  /** SQL predicate over current_fact f (ids only, built by the engine). */
  factWhere: string;
  /** SQL predicate over document d. */
  docWhere: string;
  nameVars: (vars: Record<string, string>, lang: 'vi' | 'en') => Record<string, string>;
}

export interface PassResult {
  flags: FlagRow[];
  duplicates: DuplicatePair[];
}

const OP_CODES = ['<=', '<', '>=', '>', '=='];
function holds(op: number, l: number, r: number, t: number): boolean {
  switch (op) {
    case 0: return l <= r + t;
    case 1: return l < r + t;
    case 2: return l >= r - t;
    case 3: return l > r - t;
    default: return Math.abs(l - r) <= t;
  }
}
const POW10 = Array.from({ length: 32 }, (_, k) => Math.pow(10, -k));
const WHEN: Record<string, (a: number, b: number) => boolean> = {
  '==': (a, b) => a === b, '<=': (a, b) => a <= b, '>=': (a, b) => a >= b, '<': (a, b) => a < b, '>': (a, b) => a > b
};

// Result of sideOf(): module scratch instead of an object per call (this runs ~500 times per report).
let sSum = 0;
let sN = 0;
function sideOf(f: ReportFacts, part: Part): void {
  let sum = 0, n = 0;
  const ids = part.ids, coefs = part.coefs;
  for (let k = 0; k < ids.length; k++) {
    const id = ids[k];
    if (!f.has[id] || f.nDistinct[id] === 2) continue;
    const x = f.value[id];
    if (x !== x) continue; // NaN = no value
    sum += coefs[k] * x;
    n++;
  }
  sSum = sum;
  sN = n;
}

interface Scratch { groupState: Int8Array; groupFirst: Int32Array; groupLv: Float64Array; groupRv: Float64Array; groupTol: Float64Array }

function round4(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}

/** Per-report arrays indexed by indicator id, reset between reports by the list of ids touched. */
class ReportFacts {
  readonly has: Uint8Array;
  readonly status: Int8Array;
  readonly value: Float64Array;
  readonly line: Int32Array;
  readonly rowNo: Int32Array;
  readonly dec: Int32Array;
  readonly fden: Float64Array;
  /** Distinct non-null values seen (0, 1, or 2 = more than one). */
  readonly nDistinct: Uint8Array;
  readonly firstValue: Float64Array;
  /** Rows of an indicator seen more than once: all its reported rows, for the duplicate flag. */
  readonly multi = new Map<number, { rowNo: number; value: number; line: number }[]>();
  readonly touched: number[] = [];
  doc = -1;
  unit = -1;
  period = -1;

  constructor(size: number) {
    this.has = new Uint8Array(size);
    this.status = new Int8Array(size);
    this.value = new Float64Array(size);
    this.line = new Int32Array(size);
    this.rowNo = new Int32Array(size);
    this.dec = new Int32Array(size);
    this.fden = new Float64Array(size);
    this.nDistinct = new Uint8Array(size);
    this.firstValue = new Float64Array(size);
  }

  reset(): void {
    for (const i of this.touched) { this.has[i] = 0; this.nDistinct[i] = 0; }
    this.touched.length = 0;
    this.multi.clear();
  }

  add(ind: number, st: number, value: number, line: number, rowNo: number, dec: number, fden: number): void {
    const reported = st === ST_REPORTED;
    if (!this.has[ind]) {
      this.has[ind] = 1;
      this.touched.push(ind);
      this.set(ind, st, value, line, rowNo, dec, fden);
      if (!Number.isNaN(value)) { this.nDistinct[ind] = 1; this.firstValue[ind] = value; }
      return;
    }
    // Second row of the same indicator: keep every reported row for the duplicate flag.
    let rows = this.multi.get(ind);
    if (!rows) {
      rows = [];
      if (this.status[ind] === ST_REPORTED) rows.push({ rowNo: this.rowNo[ind], value: this.value[ind], line: this.line[ind] });
      this.multi.set(ind, rows);
    }
    if (reported) rows.push({ rowNo, value, line });
    if (!Number.isNaN(value)) {
      if (this.nDistinct[ind] === 0) { this.nDistinct[ind] = 1; this.firstValue[ind] = value; }
      else if (this.firstValue[ind] !== value) this.nDistinct[ind] = 2;
    }
    // The chosen row: a reported row before an empty one, then the first in table order.
    const better = (reported ? 0 : 1) < (this.status[ind] === ST_REPORTED ? 0 : 1) ||
      ((reported ? 0 : 1) === (this.status[ind] === ST_REPORTED ? 0 : 1) && rowNo < this.rowNo[ind]);
    if (better) this.set(ind, st, value, line, rowNo, dec, fden);
  }

  private set(ind: number, st: number, value: number, line: number, rowNo: number, dec: number, fden: number): void {
    this.status[ind] = st;
    this.value[ind] = value;
    this.line[ind] = line;
    this.rowNo[ind] = rowNo;
    this.dec[ind] = dec;
    this.fden[ind] = fden;
  }

  /** The value the rules use: null unless reported and not a disagreeing duplicate. */
  v(ind: number): number | null {
    if (!this.has[ind] || this.nDistinct[ind] === 2) return null;
    const x = this.value[ind];
    return Number.isNaN(x) ? null : x;
  }

  /** Chosen row reported and not a disagreeing duplicate. */
  reported(ind: number): boolean {
    return this.has[ind] === 1 && this.nDistinct[ind] !== 2 && this.status[ind] === ST_REPORTED;
  }

  isDuplicate(ind: number): boolean {
    return this.has[ind] === 1 && this.nDistinct[ind] === 2;
  }

  /** Status as the rules see it ('duplicate' for disagreeing rows). */
  statusOf(ind: number): string | null {
    if (!this.has[ind]) return null;
    return this.nDistinct[ind] === 2 ? 'duplicate' : STATUS_CODES[this.status[ind]] ?? 'reported';
  }
}

export async function documentPass(db: CheckDb & { conn?: DuckDBConnection }, input: PassInput): Promise<PassResult> {
  const { ctx } = input;
  const idRows = await db.all<{ id: number; code: string }>('SELECT CAST(indicator_id AS INTEGER) AS id, code FROM indicator');
  const idOf = new Map(idRows.map((r) => [r.code, Number(r.id)]));
  const codeOf = new Map(idRows.map((r) => [Number(r.id), r.code]));
  const size = Math.max(1, ...idRows.map((r) => Number(r.id))) + 1;
  if (size > 65536) throw new Error(`checks: indicator ids above 65535 do not fit the packed fact columns (${size - 1})`);

  // Plans: rules whose codes are all in the warehouse's indicator table.
  const plans: RulePlan[] = [];
  const groupNo = new Map<string, number>();
  const ref = (terms: Record<string, number>): TermRef[] | null => {
    const out: TermRef[] = [];
    for (const [code, coef] of Object.entries(terms)) {
      const id = idOf.get(code);
      if (id === undefined) return null;
      out.push({ id, code, coef });
    }
    return out;
  };
  ctx.rules.forEach((r) => {
    const ln = ref(r.left.num), rn = ref(r.right.num);
    const ld = r.left.den ? ref(r.left.den) : null, rd = r.right.den ? ref(r.right.den) : null;
    const w = r.when ? ref(r.when.side.num) : [];
    if (!ln || !rn || (r.left.den && !ld) || (r.right.den && !rd) || !w) return;
    const all = [...ln, ...(ld ?? []), ...rn, ...(rd ?? []), ...w];
    if (!all.length) return;
    const indicators = [...new Set(all.map((t) => t.code))];
    const tplVi = fill(r.message_vi, input.nameVars(r.vars, 'vi'));
    const tplEn = fill(r.message_en, input.nameVars(r.vars, 'en'));
    const part = (t: TermRef[]): Part => ({ ids: Int32Array.from(t.map((x) => x.id)), coefs: Float64Array.from(t.map((x) => x.coef)) });
    if (!groupNo.has(r.group)) groupNo.set(r.group, groupNo.size);
    plans.push({
      group: groupNo.get(r.group)!, allIds: Int32Array.from(all.map((t) => t.id)), op: OP_CODES.indexOf(r.op),
      missing: r.missing === 'skip_if_any_missing' ? 1 : r.missing === 'skip_if_all_missing' ? 2 : 0,
      lConst: r.left.constant, lScale: r.left.scale, rConst: r.right.constant, rScale: r.right.scale,
      tolerance: r.tolerance, tolUlps: r.tolUlps, printed: r.tolMode === 'printed_precision', pln: part(ln), pld: ld ? part(ld) : null, prn: part(rn), prd: rd ? part(rd) : null, pw: part(w),
      rule: r, all, primary: all[0].id, indicators, tplVi, tplEn,
      provinces: r.provinces ? new Set(r.provinces) : null, hasV: /\{v:/.test(tplVi + tplEn)
    });
  });
  // Printed decimals matter for the primary row of rules with a printed-precision tolerance.
  const decIds = [...new Set(plans.filter((p) => p.rule.tolMode === 'printed_precision').map((p) => p.primary))];

  const units = await db.all<{ id: number; province: string | null }>('SELECT CAST(unit_id AS INTEGER) AS id, province FROM unit');
  const provinceOf = new Map(units.map((u) => [Number(u.id), u.province ? foldProvince(String(u.province)) : null]));

  const gen = ctx.file.generate;
  const ratePairs = gen.undefined_rate
    ? ctx.cat.indicators.filter((i) => i.numerator && i.denominator && idOf.has(i.code) && idOf.has(i.denominator!))
        .map((i) => ({ code: i.code, den: i.denominator!, id: idOf.get(i.code)!, denId: idOf.get(i.denominator!)! }))
    : [];
  const ranges = rangeSpecs(ctx, idOf);
  const required = gen.missing_required ? ctx.cat.indicators.filter((i) => i.required && idOf.has(i.code)).map((i) => ({ code: i.code, id: idOf.get(i.code)! })) : [];

  // Narrative statements of the reports in scope (few per report).
  const narrative = new Map<number, { id: number; value: number; line: number | null; text: string }[]>();
  if (gen.narrative_mismatch) {
    const rows = await db.all<any>(`SELECT n.document_id, n.indicator_id, n.value, n.line, n.text FROM narrative_statement n
      JOIN document d ON d.document_id = n.document_id AND d.status = 'current' WHERE ${input.docWhere} ORDER BY n.document_id, n.line`);
    for (const r of rows) {
      const k = Number(r.document_id);
      if (!narrative.has(k)) narrative.set(k, []);
      narrative.get(k)!.push({ id: Number(r.indicator_id), value: Number(r.value), line: r.line === null ? null : Number(r.line), text: String(r.text ?? '') });
    }
  }

  const flags: FlagRow[] = [];
  const duplicates: DuplicatePair[] = [];
  const facts = new ReportFacts(size);
  const G = groupNo.size;
  const scratch: Scratch = { groupState: new Int8Array(G), groupFirst: new Int32Array(G), groupLv: new Float64Array(G), groupRv: new Float64Array(G), groupTol: new Float64Array(G) };
  const finished = new Set<number>();

  const finish = () => {
    if (facts.doc < 0) return;
    finished.add(facts.doc);
    evaluate(facts, scratch, plans, provinceOf, ratePairs, ranges, required, narrative.get(facts.doc) ?? [], codeOf, ctx, flags, duplicates);
    facts.reset();
    facts.doc = -1;
  };

  const decList = decIds.length ? decIds.join(',') : 'NULL';
  // Five DOUBLE/INTEGER columns, nulls coalesced (NaN / -1): handing a column to JS costs more than
  // computing it, so integers travel packed, exactly (all below 2^53): report and indicator in one
  // number; row, status and printed decimals in another.
  const select = (ordered: boolean, lo: number, hi: number) => `SELECT
      CAST(f.document_id AS DOUBLE) * 65536 + f.indicator_id AS di,
      coalesce(f.value, 'NaN'::DOUBLE) AS value,
      CAST(f.row_no AS DOUBLE) * 256
        + CASE f.status WHEN 'reported' THEN 0 WHEN 'empty' THEN 1 WHEN 'text' THEN 2 WHEN 'not_applicable' THEN 3 ELSE 4 END
        + 8 * CASE WHEN f.indicator_id IN (${decList}) THEN least(length(coalesce(regexp_extract(f.raw, '[.,](\\d+)[^\\d]*$', 1), '')), 31) ELSE 0 END AS packed,
      coalesce(f.line, -1) AS line,
      coalesce(f.denominator, 'NaN'::DOUBLE) AS fden
    FROM current_fact f WHERE ${input.factWhere} AND f.document_id BETWEEN ${lo} AND ${hi}${ordered ? ' ORDER BY f.document_id, f.row_no' : ''}`;

  // Reports with no facts at all still miss their required indicators.
  const docs = await db.all<{ d: number; u: number; p: number }>(
    `SELECT CAST(document_id AS INTEGER) AS d, CAST(unit_id AS INTEGER) AS u, CAST(period_id AS INTEGER) AS p FROM document d WHERE d.status = 'current' AND ${input.docWhere}`
  );

  let interleaved = false;
  const docUnit = new Map<number, number>(), docPeriod = new Map<number, number>();
  for (const d of docs) { docUnit.set(Number(d.d), Number(d.u)); docPeriod.set(Number(d.d), Number(d.p)); }

  // Slices of ~10,000 reports (about 2M facts): bounded memory, one query each.
  const ids = docs.map((d) => Number(d.d)).sort((a, b) => a - b);
  const slices: [number, number][] = [];
  for (let i = 0; i < ids.length; i += 10000) slices.push([ids[i], ids[Math.min(i + 9999, ids.length - 1)]]);
  const run = async (ordered: boolean) => {
    let next: Promise<Fetched> | null = slices.length ? fetchSlice(db, select(ordered, slices[0][0], slices[0][1])) : null;
    try {
      for (let si = 0; si < slices.length; si++) {
        const res = await next!;
        // DuckDB computes the next slice while this thread works through this one.
        next = si + 1 < slices.length ? fetchSlice(db, select(ordered, slices[si + 1][0], slices[si + 1][1])) : null;
        for (let c = 0; c < res.chunks; c++) {
          const chunk = res.get(c);
          if (chunk) readChunk(chunk.cols, chunk.n);
        }
      }
    } finally {
      // Never leave a query running on the connection (an interleaved report restarts the pass).
      await next?.catch(() => {});
    }
  };
  const readChunk = (cols: Columns, n: number) => {
    const [dis, values, packs, lines, fdens] = cols;
    for (let i = 0; i < n; i++) {
      const di = dis[i], packed = packs[i];
      const doc = Math.floor(di / 65536), ind = di - doc * 65536;
      if (doc !== facts.doc) {
        finish();
        if (finished.has(doc)) throw new Interleaved();
        facts.doc = doc; facts.unit = docUnit.get(doc) ?? -1; facts.period = docPeriod.get(doc) ?? -1;
      }
      if (ind >= size) continue;
      const low = packed % 256;
      facts.add(ind, low & 7, values[i], lines[i], (packed - low) / 256, low >> 3, fdens[i]);
    }
  };
  const flagsBefore = flags.length;
  try {
    await run(false);
  } catch (e) {
    if (!(e instanceof Interleaved)) throw e;
    interleaved = true;
  }
  if (interleaved) {
    flags.length = flagsBefore;
    duplicates.length = 0;
    facts.reset(); facts.doc = -1; finished.clear();
    await run(true);
  }
  finish();
  // Reports in scope that have no facts at all.
  for (const d of docs) {
    if (finished.has(Number(d.d))) continue;
    facts.doc = Number(d.d); facts.unit = Number(d.u); facts.period = Number(d.p);
    finish();
  }
  return { flags, duplicates };
}

class Interleaved extends Error {}

/** Streams a query's rows (all numeric columns) chunk by chunk; `row` returning false means rows are out of report order. */
/** Columns of one result chunk, as numeric arrays. */
type Columns = [ArrayLike<number>, ArrayLike<number>, ArrayLike<number>, ArrayLike<number>, ArrayLike<number>];

/** A query's result, fetched: chunks of numeric, non-null columns. */
type Fetched = { chunks: number; get(c: number): { cols: Columns; n: number } | null };

/**
 * Runs a slice's query. Materialised, not streamed: a streamed result costs one asynchronous round
 * trip per 2,048-row chunk (seconds at 30M rows); the caller keeps each query to a slice of the
 * reports, and fetches the next slice while it works through this one.
 */
async function fetchSlice(db: CheckDb & { conn?: DuckDBConnection }, sql: string): Promise<Fetched> {
  if (!db.conn) {
    // A handle without a connection (tests): the rows at once.
    const rows = await db.all<Record<string, unknown>>(sql);
    const cols = [0, 1, 2, 3, 4].map((k) => Float64Array.from(rows, (x) => Number(Object.values(x)[k]))) as unknown as Columns;
    return { chunks: 1, get: () => ({ cols, n: rows.length }) };
  }
  const res = await db.conn.run(sql);
  return {
    chunks: res.chunkCount,
    get(c) {
      const ch = res.getChunk(c);
      if (!ch || ch.rowCount === 0) return null;
      // The vectors' typed arrays: reading item by item through the vector classes is a polymorphic
      // call per value.
      const cols = [0, 1, 2, 3, 4].map((k) => {
        const v = ch.getColumnVector(k) as unknown as { items?: unknown; toArray(): unknown[] };
        return v.items instanceof Int32Array || v.items instanceof Float64Array ? v.items : v.toArray().map(Number);
      }) as unknown as Columns;
      return { cols, n: ch.rowCount };
    }
  };
}

interface RangeSpec { code: string; mode: 'percent' | 'negative' | 'legend'; lo: number | null; hi: number | null; allowed: number[] | null }

function rangeSpecs(ctx: CheckContext, idOf: Map<string, number>): (RangeSpec | undefined)[] {
  const s = ctx.file.generate.out_of_range;
  const out: (RangeSpec | undefined)[] = [];
  if (!s) return out;
  const above = new Set<string>(s.allow_above_100 ?? []);
  for (const i of ctx.cat.indicators) {
    const id = idOf.get(i.code);
    if (id === undefined) continue;
    if (i.kind === 'percent') out[id] = { code: i.code, mode: 'percent', lo: s.percent_min ?? 0, hi: above.has(i.code) ? null : s.percent_max ?? 100, allowed: null };
    else if (i.kind === 'count' || i.kind === 'money') out[id] = { code: i.code, mode: 'negative', lo: 0, hi: null, allowed: null };
    else if ((i.kind === 'flag' || i.kind === 'enum') && i.legend) out[id] = { code: i.code, mode: 'legend', lo: null, hi: null, allowed: Object.values(i.legend).map(Number) };
  }
  return out;
}

function lineOf(x: number): number | null {
  return x < 0 ? null : x;
}

function evaluate(
  f: ReportFacts,
  scratch: Scratch,
  plans: RulePlan[],
  provinceOf: Map<number, string | null>,
  ratePairs: { code: string; den: string; id: number; denId: number }[],
  ranges: (RangeSpec | undefined)[],
  required: { code: string; id: number }[],
  narrative: { id: number; value: number; line: number | null; text: string }[],
  codeOf: Map<number, string>,
  ctx: CheckContext,
  flags: FlagRow[],
  duplicates: DuplicatePair[]
): void {
  const gen = ctx.file.generate;
  const base = { unit_id: f.unit, period_id: f.period, document_id: f.doc };
  const push = (x: Omit<FlagRow, 'fingerprint' | 'unit_id' | 'period_id' | 'document_id'>) =>
    flags.push({ ...base, ...x, fingerprint: fingerprintOf(x.kind, x.rule_id, f.unit, f.period, x.indicators) });

  // Comparison rules; a group of alternative definitions fails only when no evaluated member holds.
  // Per-group state in flat arrays (no allocation per report): 0 = not evaluated, 1 = failing, 2 = holds.
  const G = scratch.groupState.length;
  scratch.groupState.fill(0);
  const province = provinceOf.get(f.unit) ?? null;
  for (let pi = 0; pi < plans.length; pi++) {
    const p = plans[pi];
    if (p.provinces !== null && (province === null || !p.provinces.has(province))) continue;
    const allIds = p.allIds;
    let present = false;
    for (let k = 0; k < allIds.length; k++) if (f.has[allIds[k]] === 1) { present = true; break; }
    if (!present) continue;
    if (p.pw.ids.length) {
      const r = p.rule;
      sideOf(f, p.pw);
      if (sN !== p.pw.ids.length || !WHEN[r.when!.op](r.when!.side.constant + sSum, r.when!.value)) continue;
    }
    sideOf(f, p.pln); const lnSum = sSum, lnN = sN;
    sideOf(f, p.prn); const rnSum = sSum, rnN = sN;
    let ldSum = 0, ldN = 0, rdSum = 0, rdN = 0;
    const pld = p.pld, prd = p.prd;
    if (pld !== null) { sideOf(f, pld); ldSum = sSum; ldN = sN; }
    if (prd !== null) { sideOf(f, prd); rdSum = sSum; rdN = sN; }
    let lv: number, rv: number;
    if (pld !== null) { if (ldN === 0 || ldSum === 0) continue; lv = p.lConst + p.lScale * lnSum / ldSum; }
    else lv = p.lConst + lnSum;
    if (prd !== null) { if (rdN === 0 || rdSum === 0) continue; rv = p.rConst + p.rScale * rnSum / rdSum; }
    else rv = p.rConst + rnSum;
    if (p.missing === 1) {
      if (lnN < p.pln.ids.length || rnN < p.prn.ids.length || (pld !== null && ldN < pld.ids.length) || (prd !== null && rdN < prd.ids.length)) continue;
    } else if (p.missing === 2 && lnN + ldN + rnN + rdN === 0) continue;
    const dec = f.has[p.primary] === 1 ? f.dec[p.primary] : 0;
    const tol = Math.max(p.tolerance, p.printed ? p.tolUlps * (dec < 32 ? POW10[dec] : 0) : 0) + 1e-9;
    const ok = holds(p.op, lv, rv, tol);
    const g = p.group;
    if (scratch.groupState[g] === 0) {
      scratch.groupState[g] = ok ? 2 : 1;
      scratch.groupFirst[g] = pi; scratch.groupLv[g] = lv; scratch.groupRv[g] = rv; scratch.groupTol[g] = tol;
    } else if (ok) scratch.groupState[g] = 2;
  }
  for (let g = 0; g < G; g++) {
    if (scratch.groupState[g] !== 1) continue;
    const p = plans[scratch.groupFirst[g]];
    const lv = scratch.groupLv[g], rv = scratch.groupRv[g], tol = scratch.groupTol[g];
    const r = p.rule;
    const observed: Record<string, number | null> = {};
    let minLine = Infinity;
    for (const t of p.all) {
      if (!f.has[t.id]) continue;
      observed[t.code] = f.v(t.id);
      if (f.line[t.id] >= 0) minLine = Math.min(minLine, f.line[t.id]);
    }
    const pLine = f.has[p.primary] && f.line[p.primary] >= 0 ? f.line[p.primary] : null;
    const vars = (fmt: (x: number) => string) => {
      const v: Record<string, string> = { left: fmt(lv), right: fmt(rv), diff: fmt(Math.abs(lv - rv)), tolerance: fmt(Math.max(tol - 1e-9, 0)) };
      if (p.hasV) for (const [k, x] of Object.entries(observed)) v[`v:${k}`] = x === null ? '—' : fmt(x);
      return v;
    };
    push({
      kind: r.kind, severity: r.severity, rule_id: r.id, indicators: p.indicators, observed,
      expected: r.op === '==' ? round4(rv) : { operator: r.op, bound: round4(rv) }, baseline: null,
      message_vi: fill(p.tplVi, vars((x) => fmtVi(x))), message_en: fill(p.tplEn, vars((x) => fmtEn(x))),
      line: pLine ?? (Number.isFinite(minLine) ? minLine : null)
    });
  }

  // Undefined rates: a rate reported while its denominator is 0.
  const ur = gen.undefined_rate;
  if (ur) {
    const zeroMode: string = ur.zero_rate_over_zero_denominator ?? 'skip';
    for (const rp of ratePairs) {
      if (!f.reported(rp.id)) continue;
      const dv = f.reported(rp.denId) ? f.value[rp.denId] : null;
      const den = dv ?? (Number.isNaN(f.fden[rp.id]) ? null : f.fden[rp.id]);
      if (den !== 0) continue;
      const rate = f.value[rp.id];
      if (rate === 0 && zeroMode === 'skip') continue;
      const severity = (rate === 0 ? zeroMode : ur.severity) as Severity;
      const names = (lang: 'vi' | 'en') => {
        const ind = ctx.cat.byCode.get(rp.den);
        return ind ? `"${lang === 'vi' ? ind.name_vi : ind.name_en}"` : rp.den;
      };
      push({
        kind: 'undefined_rate', severity, rule_id: `undefined.${rp.code}`, indicators: [rp.code, rp.den], observed: { [rp.code]: rate, [rp.den]: 0 },
        expected: null, baseline: null, message_vi: fill(ur.message_vi, { left: fmtVi(rate), den: names('vi') }),
        message_en: fill(ur.message_en, { left: fmtEn(rate), den: names('en') }), line: lineOf(f.line[rp.id])
      });
    }
  }

  // Out of range and duplicates, per indicator present.
  const or = gen.out_of_range;
  const dr = gen.duplicate_row;
  for (const ind of f.touched) {
    const spec = or ? ranges[ind] : undefined;
    const rows = f.multi.size ? f.multi.get(ind) : undefined;
    if (!spec && !rows) continue;
    const code = codeOf.get(ind);
    if (!code) continue;
    if (spec && f.reported(ind)) {
      const v = f.value[ind];
      const bad = spec.mode === 'legend' ? !spec.allowed!.includes(v) : (spec.lo !== null && v < spec.lo) || (spec.hi !== null && v > spec.hi);
      if (bad) {
        const legend = ctx.cat.byCode.get(code)?.legend;
        const legendText = legend ? Object.entries(legend).map(([k, n]) => `${k} = ${n}`).join('; ') : '';
        const key = spec.mode;
        push({
          kind: 'out_of_range', severity: or.severity, rule_id: `range.${key}.${code}`, indicators: [code], observed: { [code]: v },
          expected: spec.mode === 'legend' ? { allowed: legend ? Object.values(legend) : [] } : { min: spec.lo, max: spec.hi }, baseline: null,
          message_vi: fill(or[`message_${key}_vi`], { left: fmtVi(v), legend: legendText }),
          message_en: fill(or[`message_${key}_en`], { left: fmtEn(v), legend: legendText }), line: lineOf(f.line[ind])
        });
      }
    }
    if (rows) {
      const chosen = f.isDuplicate(ind) ? null : f.v(ind);
      duplicates.push({ document_id: f.doc, indicator_id: ind, unit_id: f.unit, period_id: f.period, value: f.statusOf(ind) === 'reported' ? chosen : null, line: lineOf(f.line[ind]) });
      if (dr && f.isDuplicate(ind) && rows.length > 1) {
        rows.sort((a, b) => a.rowNo - b.rowNo);
        const vals = rows.map((x) => x.value);
        const lines = rows.map((x) => lineOf(x.line));
        const vars = (fmt: (x: number) => string) => ({ count: String(vals.length), values: vals.map(fmt).join('; ') });
        push({
          kind: 'duplicate_row', severity: dr.severity, rule_id: `duplicate.${code}`, indicators: [code], observed: { [code]: vals[0] },
          expected: { values: vals, lines }, baseline: null, message_vi: fill(dr.message_vi, vars((x) => fmtVi(x))),
          message_en: fill(dr.message_en, vars((x) => fmtEn(x))), line: lines[1] ?? lines[0] ?? null
        });
      }
    }
  }

  // Required indicators: absent from the report (info) or present but empty (warning).
  const mr = gen.missing_required;
  if (mr) {
    for (const q of required) {
      const st = f.statusOf(q.id);
      if (st !== null && st !== 'empty') continue;
      const empty = st === 'empty';
      const severity = (empty ? mr.severity_empty : mr.severity_absent) as Severity;
      if (severity !== 'error' && severity !== 'warning' && severity !== 'info') continue;
      push({
        kind: 'missing_required', severity, rule_id: `required.${q.code}`, indicators: [q.code], observed: { [q.code]: null }, expected: null, baseline: null,
        message_vi: empty ? mr.message_empty_vi : mr.message_absent_vi, message_en: empty ? mr.message_empty_en : mr.message_absent_en,
        line: empty ? lineOf(f.line[q.id]) : null
      });
    }
  }

  // Narrative statements that disagree with the table: the first per indicator.
  const nm = gen.narrative_mismatch;
  if (nm && narrative.length) {
    const seen = new Set<number>();
    const sorted = [...narrative].sort((a, b) => (codeOf.get(a.id) ?? '').localeCompare(codeOf.get(b.id) ?? '') || (a.line ?? 0) - (b.line ?? 0));
    for (const n of sorted) {
      if (seen.has(n.id) || f.statusOf(n.id) !== 'reported') continue;
      const tabled = f.value[n.id];
      if (!(Math.abs(n.value - tabled) > Number(nm.tolerance ?? 0) + 1e-9)) continue;
      seen.add(n.id);
      const code = codeOf.get(n.id)!;
      const text = n.text.replace(/\s+/g, ' ').slice(0, 160);
      const vars = (fmt: (x: number) => string) => ({ left: fmt(n.value), right: fmt(tabled), narrative_line: String(n.line ?? '?'), text });
      push({
        kind: 'narrative_mismatch', severity: nm.severity, rule_id: `narrative.${code}`, indicators: [code], observed: { [code]: tabled },
        expected: n.value, baseline: { narrative_value: n.value, narrative_line: n.line, text },
        message_vi: fill(nm.message_vi, vars((x) => fmtVi(x))), message_en: fill(nm.message_en, vars((x) => fmtEn(x))), line: lineOf(f.line[n.id])
      });
    }
  }
}
