/**
 * The checks engine's internals against their references: the linear-time median against DuckDB's
 * median(), the fast number formatting against Intl.NumberFormat, the template filler, the fact cube
 * read in slices against one read at once (and against the fact rows themselves), and a scoped run
 * against a whole-warehouse run for the per-report flags.
 *
 * Random inputs come from a seeded generator: a failure is reproducible, and the failing inputs are
 * printed in the assertion.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { interpolate, median, middles, selectKth } from '../warehouse/checks/median.ts';
import { fill, fmtEn, fmtVi } from '../warehouse/checks/db-port.ts';
import { FactCube, M_DISAGREE, M_MULTI, M_STATUS, STATUS_CODES, readFactCube } from '../warehouse/checks/fact-cube.ts';
import { checkContext, runChecks } from '../warehouse/checks/engine.ts';
import { decimalIndicatorIds } from '../warehouse/checks/document-rules.ts';
import { addReport, flagsOf, openTestDb, type TestDb, type TestFact } from './checks-helpers.ts';

/** mulberry32: small, seeded, good enough for test inputs. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// ---------------------------------------------------------------------------------------------
// 1. Medians
// ---------------------------------------------------------------------------------------------

describe('median.ts against DuckDB median()', () => {
  let inst: DuckDBInstance;
  let conn: DuckDBConnection;
  beforeAll(async () => {
    inst = await DuckDBInstance.create(':memory:');
    conn = await inst.connect();
  });
  afterAll(() => {
    conn?.closeSync();
    inst?.closeSync();
  });

  /** One random array: a mix of value shapes the peer and trend checks meet (rates, counts, logs). */
  function randomArray(r: () => number, n: number): number[] {
    const shape = Math.floor(r() * 7);
    const out: number[] = [];
    for (let i = 0; i < n; i++) {
      switch (shape) {
        case 0: out.push(Math.floor(r() * 5)); break; // many ties
        case 1: out.push(Math.floor(r() * 21) - 10); break; // negative integers, ties
        case 2: out.push((r() - 0.5) * 200); break; // fractions of both signs
        case 3: out.push(Math.round(r() * 10000) / 100); break; // rates with two decimals (0.1-style doubles)
        case 4: out.push(Math.log1p(Math.floor(r() * 1000))); break; // log1p of counts
        case 5: out.push((r() < 0.5 ? -1 : 1) * r() * 10 ** Math.floor(r() * 30 - 10)); break; // wild magnitudes
        default: out.push(r() < 0.3 ? 0.1 * Math.floor(r() * 4) : 1 / (1 + Math.floor(r() * 7))); break; // repeating binary fractions
      }
    }
    return out;
  }

  it('equals DuckDB median() exactly for random arrays of length 1..200', async () => {
    const r = rng(20241124);
    const arrays: number[][] = [];
    for (let n = 1; n <= 200; n++) for (let rep = 0; rep < 6; rep++) arrays.push(randomArray(r, n));
    // Hand-picked: both middles equal, a -0 and 0, lo + 0.5*(hi-lo) differing from (lo+hi)/2.
    arrays.push([0.1, 0.2], [0.1, 0.7], [-0, 0], [5, 5], [1e308, -1e308, 3], [3, 1, 2, 4], [Number.MIN_VALUE, 0], [0.30000000000000004, 0.1, 0.2, 0.3], [-1e308, 1.5e308], [1e308, 1.5e308]);
    await conn.run('CREATE OR REPLACE TABLE med (g INTEGER, x DOUBLE)');
    const a = await conn.createAppender('med');
    arrays.forEach((xs, g) => { for (const x of xs) { a.appendInteger(g); a.appendDouble(x); a.endRow(); } });
    a.closeSync();
    const rows = (await conn.runAndReadAll('SELECT g, median(x) AS m FROM med GROUP BY g ORDER BY g')).getRowObjects();
    expect(rows).toHaveLength(arrays.length);
    const bad: unknown[] = [];
    for (const row of rows) {
      const g = Number(row.g);
      const xs = arrays[g];
      const buf = Float64Array.from(xs);
      const ours = median(buf, xs.length);
      if (!(ours === Number(row.m))) bad.push({ xs: xs.length <= 12 ? xs : `${xs.length} values (group ${g})`, ours, duckdb: row.m });
    }
    expect(bad.slice(0, 5)).toEqual([]);
  }, 30_000);

  it('matches the unnest form of the query for a few lists', async () => {
    const r = rng(7);
    for (const n of [1, 2, 3, 10, 51, 200]) {
      const xs = randomArray(r, n);
      // Values travel as exact decimal strings cast to DOUBLE (a bare literal would be a DECIMAL).
      const list = `[${xs.map((x) => `'${x}'::DOUBLE`).join(',')}]`;
      const [row] = (await conn.runAndReadAll(`SELECT median(x) AS m FROM (SELECT unnest(${list}) AS x)`)).getRowObjects();
      expect(median(Float64Array.from(xs), n)).toBe(Number(row.m));
    }
  });

  it('reads only a[0..n) of a longer buffer', () => {
    const r = rng(99);
    for (let n = 1; n <= 60; n++) {
      const xs = randomArray(r, n);
      const ref = median(Float64Array.from(xs), n);
      // Sentinels past n that would change the result if the selection ran over the end.
      const buf = Float64Array.from([...xs, -Infinity, Infinity, NaN, -1e300, 1e300]);
      expect(median(buf, n)).toBe(ref);
      expect(Array.from(buf.subarray(n))).toEqual([-Infinity, Infinity, NaN, -1e300, 1e300]);
    }
    expect(median(new Float64Array(3), 0)).toBeNaN();
  });

  it('selectKth puts the k-th smallest at a[k], smaller-or-equal before and greater-or-equal after', () => {
    const r = rng(4242);
    const bad: unknown[] = [];
    for (let trial = 0; trial < 3000; trial++) {
      const n = 1 + Math.floor(r() * 200);
      const xs = randomArray(r, n);
      const k = Math.floor(r() * n);
      const a = Float64Array.from(xs);
      const got = selectKth(a, n, k);
      const sorted = Float64Array.from(xs).sort();
      let ok = got === a[k] && a[k] === sorted[k];
      for (let i = 0; ok && i < k; i++) ok = a[i] <= a[k];
      for (let i = k + 1; ok && i < n; i++) ok = a[i] >= a[k];
      // Still a permutation of the input.
      ok = ok && Float64Array.from(a).sort().every((x, i) => Object.is(x, sorted[i]));
      if (!ok) bad.push({ n, k, xs: n <= 12 ? xs : undefined, got, want: sorted[k] });
    }
    expect(bad.slice(0, 5)).toEqual([]);
  });

  it('interpolate(lo, hi) is DuckDB\'s median of the two values', async () => {
    const r = rng(555);
    const pairs: [number, number][] = [[0.1, 0.7], [1, 2], [-3, 5], [0.011797786154784263, 0.6099108438938856], [-1e308, 1.5e308]];
    for (let i = 0; i < 200; i++) {
      const m = 10 ** Math.floor(r() * 20 - 10);
      const x = (r() - 0.5) * m, y = (r() - 0.5) * m * 1000;
      pairs.push(x < y ? [x, y] : [y, x]);
    }
    const bad: unknown[] = [];
    for (const [lo, hi] of pairs) {
      const [row] = (await conn.runAndReadAll(`SELECT median(x) AS m FROM (SELECT unnest(['${lo}'::DOUBLE, '${hi}'::DOUBLE]) AS x)`)).getRowObjects();
      if (interpolate(lo, hi) !== Number(row.m)) bad.push({ lo, hi, ours: interpolate(lo, hi), duckdb: row.m });
    }
    expect(bad.slice(0, 5)).toEqual([]);
  });

  it('middles gives the two middle order statistics', () => {
    expect(middles(Float64Array.from([4, 1, 3, 2]), 4)).toEqual([2, 3]);
    expect(middles(Float64Array.from([4, 1, 3, 2, 9]), 5)).toEqual([3, 3]);
    expect(middles(Float64Array.from([7, 7, 7, 1]), 4)).toEqual([7, 7]);
    expect(interpolate(2, 2)).toBe(2);
  });
});

// ---------------------------------------------------------------------------------------------
// 2. Number formatting and templates
// ---------------------------------------------------------------------------------------------

describe('fmtVi / fmtEn against Intl.NumberFormat', () => {
  const intl = new Map<string, Intl.NumberFormat>();
  const ref = (locale: string, d: number, x: number) => {
    const k = `${locale}|${d}`;
    if (!intl.has(k)) intl.set(k, new Intl.NumberFormat(locale, { maximumFractionDigits: d }));
    return intl.get(k)!.format(x);
  };

  function values(): number[] {
    const r = rng(1105);
    const xs: number[] = [0, -0, 1, -1, 0.5, -0.5, 1.5, 2.5, 0.015, 1.005, 2.675, 0.125, 0.375, 1.0005, 1.45, 8.345, 10.005,
      999.5, 999.95, 999.995, 999.9995, 9999.5, 0.9995, 0.0005, 0.00005, 1e-6, 9.99e-7, 1.0000001e-6, 1e-7, 1e15, 1e15 - 1, 999999999999999.9,
      1e16, 1234567.891, -1234567.891, 1000, 1000000, -999999.5, 5e-324, 123456789012.345];
    // Random magnitudes 1e-7..1e16, both signs.
    for (let i = 0; i < 80000; i++) {
      const x = 10 ** (r() * 23 - 7);
      xs.push(r() < 0.3 ? -x : x);
    }
    // Integers with thousands.
    for (let i = 0; i < 10000; i++) xs.push(Math.floor(r() * 10 ** (1 + Math.floor(r() * 15))) * (r() < 0.2 ? -1 : 1));
    // Ties and near ties at every kept precision: "ip.f…f5", written in decimal and parsed (the doubles
    // a report's "2,675" becomes), plus one ulp either side, and the same a hair off the tie.
    for (let i = 0; i < 20000; i++) {
      const d = Math.floor(r() * 4);
      const ipDigits = Math.floor(r() * 13);
      const ip = ipDigits === 0 ? '0' : String(Math.floor(r() * 10 ** ipDigits));
      let fp = '';
      for (let j = 0; j < d; j++) fp += String(Math.floor(r() * 10));
      const tie = Number(`${ip}.${fp}5`);
      const sign = r() < 0.25 ? -1 : 1;
      xs.push(sign * tie, sign * nextUp(tie), sign * nextDown(tie));
      const off = Number(`${ip}.${fp}4${'9'.repeat(1 + Math.floor(r() * 8))}`);
      xs.push(sign * off, sign * Number(`${ip}.${fp}5${'0'.repeat(Math.floor(r() * 8))}1`));
    }
    // Fractions from arithmetic (rates computed as 100 * a / b), as the messages print them.
    for (let i = 0; i < 20000; i++) {
      const b = 1 + Math.floor(r() * 5000);
      xs.push((100 * Math.floor(r() * (b + 1))) / b);
    }
    return xs;
  }

  const buf = new Float64Array(1);
  const bits = new BigInt64Array(buf.buffer);
  function nextUp(x: number): number {
    buf[0] = x; bits[0] += x >= 0 ? 1n : -1n; return buf[0];
  }
  function nextDown(x: number): number {
    if (x === 0) return -Number.MIN_VALUE;
    buf[0] = x; bits[0] += x > 0 ? -1n : 1n; return buf[0];
  }

  it('prints exactly what Intl prints for digits 0..3 (vi-VN and en-US)', () => {
    const xs = values();
    expect(xs.length).toBeGreaterThan(200000);
    const bad: string[] = [];
    for (const d of [0, 1, 2, 3]) {
      for (const x of xs) {
        const v = fmtVi(x, d), wv = ref('vi-VN', d, x);
        if (v !== wv) bad.push(`fmtVi(${Object.is(x, -0) ? '-0' : x}, ${d}) = ${v}, Intl ${wv}`);
        const e = fmtEn(x, d), we = ref('en-US', d, x);
        if (e !== we) bad.push(`fmtEn(${Object.is(x, -0) ? '-0' : x}, ${d}) = ${e}, Intl ${we}`);
      }
    }
    expect(bad.slice(0, 10)).toEqual([]);
  }, 30_000);

  it('uses 2 decimals by default and a dash for missing or non-finite values', () => {
    expect(fmtVi(1234.567)).toBe(ref('vi-VN', 2, 1234.567));
    expect(fmtEn(1234.567)).toBe(ref('en-US', 2, 1234.567));
    for (const x of [null, undefined, NaN, Infinity, -Infinity]) {
      expect(fmtVi(x as number)).toBe('—');
      expect(fmtEn(x as number)).toBe('—');
    }
  });
});

describe('fill', () => {
  it('replaces known placeholders and leaves unknown ones as written', () => {
    expect(fill('{a} > {b}', { a: '1', b: '2' })).toBe('1 > 2');
    expect(fill('x {missing} y {a}', { a: 'A' })).toBe('x {missing} y A');
    expect(fill('{a}{a}{a}', { a: 'z' })).toBe('zzz');
    expect(fill('no placeholders', { a: '1' })).toBe('no placeholders');
    expect(fill('', {})).toBe('');
    expect(fill('{a}', { a: '' })).toBe('');
  });
  it('fills {v:code} keys, including codes with dots and digits', () => {
    expect(fill('đúng hạn {v:tthc.files_on_time} / {v:tthc.files_resolved}', { 'v:tthc.files_on_time': '12', 'v:tthc.files_resolved': '15' }))
      .toBe('đúng hạn 12 / 15');
    expect(fill('{v:org.staff_2024}', { 'v:org.staff_2024': '7' })).toBe('7');
    expect(fill('{v:org.x} and {v:org.y}', { 'v:org.x': '1' })).toBe('1 and {v:org.y}');
  });
  it('does not take inherited properties or replacement patterns for values', () => {
    expect(fill('{constructor} {tostring}', {})).toBe('{constructor} {tostring}');
    expect(fill('{a}', { a: '$& $1 $$' })).toBe('$& $1 $$');
    expect(fill('{a} {b}', { a: '{b}', b: 'B' })).toBe('{b} B'); // a value is not filled again
  });
  it('leaves text that is not a placeholder alone', () => {
    expect(fill('{A} {a b} {} {a', { A: 'no', a: 'yes' })).toBe('{A} {a b} {} {a');
    expect(fill('{{a}}', { a: 'x' })).toBe('{x}');
  });
  it('gives the same result when a template is used again (its parts are cached)', () => {
    const tpl = 'Tỷ lệ {rate} ≠ {v:tthc.files_on_time}/{den} {unknown}';
    const first = fill(tpl, { rate: '90', 'v:tthc.files_on_time': '80', den: '100' });
    expect(first).toBe('Tỷ lệ 90 ≠ 80/100 {unknown}');
    expect(fill(tpl, { rate: '90', 'v:tthc.files_on_time': '80', den: '100' })).toBe(first);
    // Same template, other values: nothing of the first call leaks into the second.
    expect(fill(tpl, { rate: '1', den: '2' })).toBe('Tỷ lệ 1 ≠ {v:tthc.files_on_time}/2 {unknown}');
  });
});

// ---------------------------------------------------------------------------------------------
// 3 and 4. The fact cube and scoped runs, on one small warehouse
// ---------------------------------------------------------------------------------------------

const UNITS = ['Sở Nội vụ T', 'Sở Tư pháp T', 'Sở Y tế T', 'UBND huyện T1', 'UBND huyện T2', 'UBND huyện T3'];
const PERIODS: [number, string][] = [[2023, 'Q1'], [2023, 'H1'], [2023, '9M'], [2023, 'year'], [2024, 'Q1']];

/** A report's facts: plausible figures with inconsistencies, duplicates and empty rows sprinkled in. */
function reportFacts(r: () => number, pi: number): { facts: TestFact[]; narrative: { code: string; value: number; line: number; text: string }[] } {
  const pick = <T,>(xs: T[]) => xs[Math.floor(r() * xs.length)];
  const scale = 1 + pi; // cumulative counts grow within the year, mostly
  const received = Math.round((50 + r() * 200) * scale * (r() < 0.15 ? 0.5 : 1));
  const resolved = Math.round(received * (0.7 + r() * 0.35));
  const onTime = Math.round(resolved * (0.8 + r() * 0.25));
  const rate = r() < 0.7 ? Math.round((10000 * onTime) / Math.max(resolved, 1)) / 100 : Math.round(r() * 100);
  const quota = 20 + Math.floor(r() * 30);
  const facts: TestFact[] = [
    { code: 'tthc.files_received', value: received },
    { code: 'tthc.files_resolved', value: resolved },
    { code: 'tthc.files_on_time', value: onTime },
    { code: 'tthc.files_on_time_rate', value: rate, raw: String(rate).replace('.', ',') },
    { code: 'org.staff_quota', value: quota },
    { code: 'org.staff_present', value: quota + pick([-3, -1, 0, 0, 1, 2]) },
    { code: 'tthc.total', value: r() < 0.2 ? null : 40 + pick([0, 0, 1, -2]) },
    { code: 'tthc.total_province', value: 25 },
    { code: 'tthc.total_district', value: 10 },
    { code: 'tthc.total_commune', value: 5 },
    { code: 'tthc.pakn_received', value: pick([0, 0, 3, 8]) },
    { code: 'tthc.pakn_resolved', value: pick([0, 3]) },
    { code: 'tthc.pakn_rate', value: pick([0, 100, 50]) },
    { code: 'egov.e_results_rate', value: pick([80, 95, 100, 120]) },
    { code: 'tthc.dialogues', value: pick([0, 2, -1]) },
    { code: 'direction.survey_method', value: pick([0, 1, 2, 3]) },
    { code: 'legal.docs_to_review', value: pick([5, 6]) },
    { code: 'legal.docs_reviewed', value: pick([5, 6, 7]) },
  ];
  // Duplicates: disagreeing, agreeing, an empty row before a reported one, three rows.
  const dup = pick(['disagree', 'agree', 'empty-first', 'three', 'none', 'none']);
  if (dup === 'disagree') facts.push({ code: 'legal.docs_issued', value: 3 }, { code: 'legal.docs_issued', value: 4, line: 400 });
  if (dup === 'agree') facts.push({ code: 'legal.docs_issued', value: 3 }, { code: 'legal.docs_issued', value: 3, line: 401 });
  if (dup === 'empty-first') facts.push({ code: 'legal.docs_issued', value: null }, { code: 'legal.docs_issued', value: 9, line: 402 });
  if (dup === 'three') facts.push({ code: 'tthc.files_received', value: received, line: 403 }, { code: 'tthc.files_received', value: received + 1, line: 404 });
  if (r() < 0.3) facts.push({ code: 'direction.plan_completion_rate', value: null, status: pick(['empty', 'not_applicable', 'text']), raw: 'x' });
  const narrative = r() < 0.3 ? [{ code: 'org.staff_quota', value: quota + pick([0, 1]), line: 12, text: `được giao ${quota} biên chế` }] : [];
  return { facts, narrative };
}

const PER_REPORT_KINDS_EXCLUDED = `kind NOT IN ('outlier_peer', 'outlier_trend')`;
const flagKey = (f: any) => [f.kind, f.rule_id, f.fingerprint, f.document_id, f.line, f.severity, f.message_en, f.message_vi].join(' | ');

describe('fact cube and scoped runs on a small warehouse', () => {
  let db: TestDb;
  const pairs: { unitId: number; periodId: number; documentId: number }[] = [];
  const superseded: number[] = [];

  beforeAll(async () => {
    db = await openTestDb();
    const r = rng(31337);
    for (let pi = 0; pi < PERIODS.length; pi++) {
      for (const unit of UNITS) {
        const [year, kind] = PERIODS[pi];
        const level = unit.startsWith('UBND') ? 'district' : 'province-dept';
        const { facts, narrative } = reportFacts(r, pi);
        const rep = await addReport(db, { unit, level, year, kind, facts, narrative });
        pairs.push(rep);
      }
    }
    // Superseded versions: a re-submission replaces the report (its old rows stay in fact).
    for (const i of [2, 9, 17]) {
      const old = pairs[i];
      superseded.push(old.documentId);
      const [year, kind] = PERIODS[Math.floor(i / UNITS.length)];
      const unit = UNITS[i % UNITS.length];
      const { facts, narrative } = reportFacts(r, Math.floor(i / UNITS.length));
      pairs[i] = await addReport(db, { unit, level: unit.startsWith('UBND') ? 'district' : 'province-dept', year, kind, facts, narrative });
    }
  }, 60_000);
  afterAll(async () => db?.close());

  async function cubeOptions() {
    const ctx = checkContext();
    const idRows = await db.all<{ id: number; code: string }>('SELECT CAST(indicator_id AS INTEGER) AS id, code FROM indicator');
    const idOf = new Map(idRows.map((x) => [x.code, Number(x.id)]));
    const rateIds = ctx.cat.indicators.filter((i) => i.numerator && i.denominator && idOf.has(i.code)).map((i) => idOf.get(i.code)!);
    return { decimalIds: decimalIndicatorIds(ctx, idOf), rateIds };
  }

  /** Everything a check can read from a cube, as plain data. */
  function snapshot(c: FactCube) {
    return {
      nSlots: c.nSlots, docOf: Array.from(c.docOf), unitOf: Array.from(c.unitOf), periodOf: Array.from(c.periodOf),
      blockStart: Array.from(c.blockStart), blockSize: Array.from(c.blockSize), indicatorIds: Array.from(c.indicatorIds),
      value: Array.from(c.value), line: Array.from(c.line), meta: Array.from(c.meta), dec: Array.from(c.dec),
      fden: [...c.fden.entries()].sort((a, b) => a[0] - b[0]),
      duplicates: c.duplicates.map((x) => ({ doc: c.docOf[x.slot], ind: c.indicatorIds[x.k], rows: x.rows, chosen: x.chosen }))
        .sort((a, b) => a.doc - b.doc || a.ind - b.ind),
    };
  }

  /** The cube's cells against the fact rows of the current reports, resolved by hand. */
  async function expectCubeMatchesFacts(c: FactCube, docs: number[], allDuplicateKinds = true) {
    const rows = await db.all<any>(`SELECT CAST(document_id AS INTEGER) AS d, CAST(indicator_id AS INTEGER) AS i, CAST(row_no AS INTEGER) AS row_no,
        status, value, line FROM fact WHERE document_id IN (${docs.join(',')}) ORDER BY document_id, indicator_id, row_no`);
    const groups = new Map<string, any[]>();
    for (const x of rows) {
      const k = `${x.d}|${x.i}`;
      if (!groups.has(k)) groups.set(k, []);
      groups.get(k)!.push(x);
    }
    let multi = 0, disagree = 0, emptyFirst = 0;
    const seen = new Set<number>();
    for (const [k, rs] of groups) {
      const [d, i] = k.split('|').map(Number);
      const slot = c.slotOfDoc[d];
      expect(slot).toBeGreaterThanOrEqual(0);
      const cell = c.cell(slot, c.k(i));
      seen.add(cell);
      const chosen = rs.find((x) => x.status === 'reported') ?? rs[0];
      const distinct = new Set(rs.filter((x) => x.value !== null).map((x) => Number(x.value)));
      const m = c.meta[cell];
      const got = { status: STATUS_CODES[(m & M_STATUS) - 1], multi: !!(m & M_MULTI), disagree: !!(m & M_DISAGREE), value: c.value[cell], line: c.lineOf(cell) };
      const want = { status: chosen.status, multi: rs.length > 1, disagree: distinct.size > 1,
        value: chosen.value === null ? NaN : Number(chosen.value), line: chosen.line === null ? null : Number(chosen.line) };
      expect(got, `document ${d}, indicator ${i}`).toEqual(want);
      if (rs.length > 1) multi++;
      if (distinct.size > 1) disagree++;
      if (rs.length > 1 && rs[0].status !== 'reported' && chosen !== rs[0]) emptyFirst++;
    }
    // The warehouse has all three kinds of duplicate: the comparison above exercised them.
    if (allDuplicateKinds) {
      expect(multi).toBeGreaterThan(0);
      expect(disagree).toBeGreaterThan(0);
      expect(emptyFirst).toBeGreaterThan(0);
    }
    // Cells with no row stay empty.
    for (let s = 0; s < c.nSlots; s++)
      for (let k = 1; k < c.nInd; k++) {
        const cell = c.cell(s, k);
        if (!seen.has(cell)) expect(c.meta[cell]).toBe(0);
      }
  }

  it('reads the same cube in slices of 1, 3 and 7 reports as in one slice, and it matches the fact rows', async () => {
    const opts = await cubeOptions();
    const whole = await readFactCube(db, {}, { ...opts, sliceReports: 10000 });
    expect(whole.nSlots).toBe(UNITS.length * PERIODS.length);
    for (const d of superseded) expect(whole.slotOfDoc[d] ?? -1).toBe(-1);
    expect(new Set(Array.from(whole.docOf))).toEqual(new Set(pairs.map((x) => x.documentId)));
    await expectCubeMatchesFacts(whole, pairs.map((x) => x.documentId));
    expect(whole.duplicates.length).toBeGreaterThan(0);
    expect(whole.fden.size).toBe(0); // no denominator printed beside a rate in these reports
    const ref = snapshot(whole);
    for (const per of [1, 3, 7]) expect(snapshot(await readFactCube(db, {}, { ...opts, sliceReports: per })), `sliceReports ${per}`).toEqual(ref);
  });

  it('reads a scoped cube (one unit, one period) the same in slices of 1 as in one slice', async () => {
    const opts = await cubeOptions();
    const { unitId, periodId } = pairs[8];
    const scope = { units: [unitId], periods: [periodId] };
    const one = await readFactCube(db, scope, { ...opts, sliceReports: 10000 });
    // The unit's whole history and the period's peers: units ∪ periods.
    const want = pairs.filter((x) => x.unitId === unitId || x.periodId === periodId).map((x) => x.documentId);
    expect(new Set(Array.from(one.docOf))).toEqual(new Set(want));
    await expectCubeMatchesFacts(one, want, false);
    expect(snapshot(await readFactCube(db, scope, { ...opts, sliceReports: 1 }))).toEqual(snapshot(one));
  });

  it('a run scoped to one unit and period gives that report the same per-report flags as a whole run', async () => {
    await db.run('DELETE FROM flag');
    await runChecks(db);
    const whole = await flagsOf(db, PER_REPORT_KINDS_EXCLUDED);
    // The warehouse is built to trip the per-report rules: the comparison below is not of empty sets.
    const kinds = new Set(whole.map((f) => f.kind));
    for (const k of ['rate_mismatch', 'quota_exceeded', 'part_exceeds_whole', 'sum_mismatch', 'out_of_range', 'duplicate_row', 'undefined_rate', 'missing_required', 'narrative_mismatch'])
      expect(kinds, k).toContain(k);
    for (const d of superseded) expect(whole.filter((f) => f.document_id === d)).toEqual([]);

    const byPair = (fs: any[], u: number, p: number) => fs.filter((f) => f.unit_id === u && f.period_id === p).map(flagKey).sort();
    let compared = 0;
    // Every third report (and every superseded slot) keeps the test to a dozen runs.
    for (let i = 0; i < pairs.length; i++) {
      if (i % 3 !== 0 && ![2, 9, 17].includes(i)) continue;
      const { unitId, periodId } = pairs[i];
      await db.run('DELETE FROM flag');
      await runChecks(db, { units: [unitId], periods: [periodId] });
      const scoped = await flagsOf(db, `${PER_REPORT_KINDS_EXCLUDED} AND unit_id = ${unitId} AND period_id = ${periodId}`);
      const want = byPair(whole, unitId, periodId);
      expect(scoped.map(flagKey).sort(), `unit ${unitId} period ${periodId}`).toEqual(want);
      compared += want.length;
    }
    expect(compared).toBeGreaterThan(20);
  }, 60_000);
});
