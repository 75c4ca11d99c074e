/**
 * Statistical outliers over the fact cube.
 * - outlier_peer: modified z-score 0.6745 * (x - median) / MAD among units of the same level in the same
 *   period, per indicator (Iglewicz & Hoaglin); needs a minimum number of peers. When MAD = 0 (more than
 *   half the peers report the same value) the mean absolute deviation is used instead
 *   (z = (x - median) / (1.253314 * meanAD)); when that is 0 too, all peers agree and nothing fires.
 * - outlier_trend: the same score against the unit's own history of the same period kind in earlier
 *   years (Q1 vs earlier Q1s, year vs earlier years), with a minimum history length, and only when the
 *   value also moved by a minimum relative change, so a near-constant history does not make every wiggle fire.
 *   A value can only move that much if it lies beyond its history's extremes by the minimum change: that
 *   cheap test leaves the medians to the few candidates.
 * Counts and money are compared on log(1 + x) (configurable) because unit sizes differ by orders of
 * magnitude; rates on their own scale. Every flag carries its baseline.
 *
 * The values are the usable ones: reported, one per report and indicator (an indicator reported twice
 * counts once with its agreed value, or not at all when its rows disagree). Medians are DuckDB's
 * (median.ts), so the baseline a flag shows is what the same statistic gives in SQL.
 *
 * Peer outliers are many (0.6 % of the national benchmark's facts, 177k flags): their figures go to
 * DuckDB as numbers through the appender, and DuckDB writes their messages and JSON in one statement;
 * building 177k flags as JS objects and strings cost more than computing them.
 */
import type { CheckContext, FlagRow } from './engine.ts';
import { fill, fmtEn, fmtVi, type CheckDb } from './db-port.ts';
import { fingerprintOf } from './fingerprint.ts';
import { USABLE, USABLE_MASK, type FactCube } from './fact-cube.ts';
import { interpolate, median, middles } from './median.ts';


function transformOf(kinds: Record<string, string>, kind: string | undefined): 'log1p' | 'none' | null {
  if (kind === undefined || !(kind in kinds)) return null;
  return kinds[kind] === 'log1p' ? 'log1p' : 'none';
}

/** log(1 + max(x, 0)), from a table for the small whole counts most values are (the same numbers Math.log gives). */
const LOG1P_TABLE = Float64Array.from({ length: 4096 }, (_, i) => Math.log(1 + i));
function log1pClamped(x: number): number {
  if (x <= 0) return 0;
  if (x < 4096 && x === Math.floor(x)) return LOG1P_TABLE[x];
  return Math.log(1 + x);
}

function q(s: string): string {
  return `'${String(s).replace(/'/g, "''")}'`;
}

/**
 * A template with {name} placeholders as a SQL concatenation of its literal parts and the given
 * expressions (all VARCHAR); unknown placeholders stay as written. Concatenation, not replace(): a
 * chain of replace() calls copied the message once per placeholder (a second per 177k flags).
 */
function tplSql(tpl: string, vars: Record<string, string>): string {
  const parts = tpl.split(/\{([a-z_]+)\}/g);
  const out: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    if (i % 2 === 0) { if (parts[i]) out.push(q(parts[i])); }
    else out.push(Object.prototype.hasOwnProperty.call(vars, parts[i]) ? vars[parts[i]] : q(`{${parts[i]}}`));
  }
  return out.length ? `(${out.join(' || ')})` : "''";
}

function zOf(x: number, med: number, mad: number, meanad: number): number {
  if (mad > 0) return 0.6745 * (x - med) / mad;
  if (meanad > 0) return (x - med) / (1.253314 * meanad);
  return NaN;
}

export const FLAG_COLUMNS = 'fingerprint, kind, severity, rule_id, unit_id, period_id, document_id, indicators, observed, expected, baseline, message_vi, message_en, line';

export interface OutlierInput {
  ctx: CheckContext;
  cube: FactCube;
  /** Indicator id -> catalogue code and kind. */
  codeOf: Map<number, string>;
  /** Periods (ids) whose peers are compared; null = all. */
  periods: Set<number> | null;
  /** Units whose histories are compared; null = all. */
  units: Set<number> | null;
  /** Unit id -> level (peers are units of the same level). */
  levelOf: Map<number, string>;
}

/** Fields per flagged value in peerScan's output. */
const HIT = 9;

/**
 * One indicator in one period: its usable values grouped by level (counting sort), each group's median,
 * MAD and mean absolute deviation, and the values whose modified z-score is beyond the threshold,
 * written to hits as [slot, level, value, raw median, scaled median, MAD, mean AD, z, peers];
 * returns their number.
 */
function peerScan(value: Float64Array, meta: Uint8Array, row: number, n: number, s0: number, slotLevel: Int32Array, L: number, minPeers: number,
  log: boolean, th: number, raw: Float64Array, tvs: Float64Array, dev: Float64Array, slotOfV: Int32Array,
  count: Int32Array, offset: Int32Array, fillAt: Int32Array, hits: Float64Array): number {
  count.fill(0);
  for (let j = 0; j < n; j++) if ((meta[row + j] & USABLE_MASK) === USABLE) count[slotLevel[s0 + j]]++;
  offset[0] = 0;
  for (let l = 0; l < L; l++) { offset[l + 1] = offset[l] + count[l]; fillAt[l] = offset[l]; }
  for (let j = 0; j < n; j++) {
    const c = row + j;
    if ((meta[c] & USABLE_MASK) !== USABLE) continue;
    const at = fillAt[slotLevel[s0 + j]]++;
    raw[at] = value[c]; slotOfV[at] = s0 + j;
  }
  let nh = 0;
  for (let l = 0; l < L; l++) {
    const cnt = count[l];
    if (cnt < minPeers) continue;
    const o = offset[l];
    // log1p is monotone: the middle raw values give both the raw and the scaled median.
    const copy = dev.subarray(0, cnt);
    copy.set(raw.subarray(o, o + cnt));
    const [lo, hi] = middles(copy, cnt);
    const rawMedian = interpolate(lo, hi);
    const med = log ? interpolate(log1pClamped(lo), log1pClamped(hi)) : rawMedian;
    let sumAbs = 0;
    for (let i = 0; i < cnt; i++) {
      const t = log ? log1pClamped(raw[o + i]) : raw[o + i];
      tvs[i] = t;
      const d = Math.abs(t - med);
      dev[i] = d;
      sumAbs += d;
    }
    const meanad = sumAbs / cnt;
    const mad = median(dev, cnt);
    if (!(mad > 0) && !(meanad > 0)) continue;
    for (let i = 0; i < cnt; i++) {
      const z = zOf(tvs[i], med, mad, meanad);
      if (!(Math.abs(z) > th)) continue;
      const h = nh++ * HIT;
      hits[h] = slotOfV[o + i]; hits[h + 1] = l; hits[h + 2] = raw[o + i]; hits[h + 3] = rawMedian; hits[h + 4] = med;
      hits[h + 5] = mad; hits[h + 6] = meanad; hits[h + 7] = z; hits[h + 8] = cnt;
    }
  }
  return nh;
}

/** The peer outliers of a run, as numbers: HIT fields per flagged value plus its period and indicator. */
export interface PeerHits {
  count: number;
  /** [slot, level no, value, raw median, scaled median, MAD, mean AD, z, peers] per flag. */
  hits: Float64Array;
  /** Period id, indicator id and whether the scale was log1p, per flag. */
  period: Int32Array;
  indicator: Int32Array;
  log: Uint8Array;
  levels: string[];
}

/** Peer outliers for the periods in scope (no database work: writePeerFlags stores them). */
export function peerOutliers(input: OutlierInput): PeerHits {
  const { ctx, cube } = input;
  const peer = ctx.file.outliers?.peer;
  const empty: PeerHits = { count: 0, hits: new Float64Array(0), period: new Int32Array(0), indicator: new Int32Array(0), log: new Uint8Array(0), levels: [] };
  if (!peer || !Object.keys(peer.kinds ?? {}).length) return empty;
  const th = Number(peer.threshold ?? 3.5);
  const minPeers = Number(peer.min_peers ?? 8);
  const { value, meta } = cube;

  // Level of every report, as a small integer.
  const levels: string[] = [];
  const levelNo = new Map<string, number>();
  const slotLevel = new Int32Array(cube.nSlots);
  for (let s = 0; s < cube.nSlots; s++) {
    const lv = input.levelOf.get(cube.unitOf[s]) ?? '';
    let no = levelNo.get(lv);
    if (no === undefined) { no = levels.length; levels.push(lv); levelNo.set(lv, no); }
    slotLevel[s] = no;
  }
  const L = levels.length;
  let maxBlock = 0;
  for (let p = 0; p < cube.periods.length; p++) maxBlock = Math.max(maxBlock, cube.blockSize[p]);
  // Scratch, reused for every group: raw values, their reports, transformed values, deviations.
  const raw = new Float64Array(maxBlock), tvs = new Float64Array(maxBlock), dev = new Float64Array(maxBlock);
  const slotOfV = new Int32Array(maxBlock);
  const count = new Int32Array(L), offset = new Int32Array(L + 1), fillAt = new Int32Array(L);
  const scan = new Float64Array(maxBlock * HIT);

  // Output, grown by doubling.
  let cap = 1024, n = 0;
  let hits = new Float64Array(cap * HIT), period = new Int32Array(cap), indicator = new Int32Array(cap), log = new Uint8Array(cap);
  for (let p = 0; p < cube.periods.length; p++) {
    const size = cube.blockSize[p];
    const periodId = cube.periods[p].id;
    if (!size || (input.periods && !input.periods.has(periodId))) continue;
    const s0 = cube.blockStart[p];
    for (let k = 1; k < cube.nInd; k++) {
      const code = input.codeOf.get(cube.indicatorIds[k]);
      const tr = transformOf(peer.kinds, code === undefined ? undefined : ctx.cat.byCode.get(code)?.kind);
      if (tr === null || code === undefined) continue;
      const isLog = tr === 'log1p';
      // Hot part in a function of its own (typed arrays only).
      const nh = peerScan(value, meta, cube.rowBase(p, k), size, s0, slotLevel, L, minPeers, isLog, th, raw, tvs, dev, slotOfV, count, offset, fillAt, scan);
      if (!nh) continue;
      if (n + nh > cap) {
        while (n + nh > cap) cap *= 2;
        const grow = <T extends Float64Array | Int32Array | Uint8Array>(a: T, len: number): T => { const b = new (a.constructor as any)(len); b.set(a); return b; };
        hits = grow(hits, cap * HIT); period = grow(period, cap); indicator = grow(indicator, cap); log = grow(log, cap);
      }
      hits.set(scan.subarray(0, nh * HIT), n * HIT);
      period.fill(periodId, n, n + nh); indicator.fill(cube.indicatorIds[k], n, n + nh); log.fill(isLog ? 1 : 0, n, n + nh);
      n += nh;
    }
  }
  return { count: n, hits, period, indicator, log, levels };
}

/**
 * Inserts peer outliers into `table` (columns of `flag`). Their figures go to DuckDB through the
 * appender and DuckDB writes the messages and JSON. Resolves when the rows are appended, with the
 * insert still running in DuckDB: this thread can work meanwhile, and nothing else may use the
 * connection until `written` is awaited.
 */
export async function writePeerFlags(db: CheckDb, input: OutlierInput, r: PeerHits, table: string, profile: (s: string, t: number) => void = () => {}): Promise<{ written: Promise<void> }> {
  const peer = input.ctx.file.outliers?.peer;
  if (!peer || !r.count) return { written: Promise.resolve() };
  const { cube } = input;
  const th = Number(peer.threshold ?? 3.5);
  const severity = peer.severity ?? 'info';
  const t1 = performance.now();
  await db.run('DROP TABLE IF EXISTS chk_peer_out');
  await db.run(`CREATE TEMP TABLE chk_peer_out (unit_id INTEGER, period_id INTEGER, document_id INTEGER, indicator_id INTEGER, level_no INTEGER,
    log1p BOOLEAN, value DOUBLE, raw_median DOUBLE, med DOUBLE, mad DOUBLE, meanad DOUBLE, z DOUBLE, n INTEGER, line INTEGER)`);
  const out = await db.conn.createAppender('chk_peer_out', 'main', 'temp');
  try {
    const { hits } = r;
    for (let i = 0; i < r.count; i++) {
      const o = i * HIT;
      const slot = hits[o];
      out.appendInteger(cube.unitOf[slot]); out.appendInteger(r.period[i]); out.appendInteger(cube.docOf[slot]);
      out.appendInteger(r.indicator[i]); out.appendInteger(hits[o + 1]); out.appendBoolean(r.log[i] === 1);
      out.appendDouble(hits[o + 2]); out.appendDouble(hits[o + 3]); out.appendDouble(hits[o + 4]); out.appendDouble(hits[o + 5]); out.appendDouble(hits[o + 6]);
      out.appendDouble(hits[o + 7]); out.appendInteger(hits[o + 8]);
      const line = cube.line[cube.cell(slot, cube.k(r.indicator[i]))];
      if (line < 0) out.appendNull(); else out.appendInteger(line);
      out.endRow();
    }
  } finally {
    out.closeSync();
  }
  const levelsSql = r.levels.map((lv, i) => `(${i}, ${q(lv)})`).join(', ');
  // Numbers in messages at most two decimals, thousands grouped; each formatted once (en), the vi
  // text swaps the separators (format() is most of this statement's cost).
  const en = (x: string) => `rtrim(rtrim(format('{:,.2f}', round(${x}, 2)), '0'), '.')`;
  const names = ['value', 'median', 'mad', 'z'];
  const vars = (lang: 'vi' | 'en') => Object.fromEntries([
    ...names.map((k) => [k, lang === 'en' ? `s_${k}` : `translate(s_${k}, ',.', '.,')`]), ['n', 'CAST(n AS VARCHAR)'],
    ['threshold', q(lang === 'en' ? fmtEn(th) : fmtVi(th))]]);
  const written = (async () => {
    await db.run(`INSERT INTO ${table} (${FLAG_COLUMNS})
      WITH lv(level_no, level) AS (VALUES ${levelsSql}),
      o AS (SELECT *, ${en('value')} AS s_value, ${en('raw_median')} AS s_median, ${en('mad')} AS s_mad, ${en('z')} AS s_z
            FROM chk_peer_out)
      SELECT left(md5('outlier_peer|outlier.peer.' || i.code || '|' || o.unit_id || '|' || o.period_id || '|' || i.code), 20),
        'outlier_peer', ${q(severity)}, 'outlier.peer.' || i.code, o.unit_id, o.period_id, o.document_id,
        to_json([i.code]), to_json(map([i.code], [o.value])),
        json_object('operator', 'abs(z)<=', 'bound', ${th}, 'median', o.raw_median),
        json_object('method', 'modified_z', 'scale', CASE WHEN o.log1p THEN 'log1p' ELSE 'raw' END, 'median', o.raw_median,
          'median_scaled', o.med, 'mad', o.mad, 'mean_abs_deviation', o.meanad, 'peers', o.n, 'level', lv.level, 'z', round(o.z, 3), 'threshold', ${th}),
        ${tplSql(peer.message_vi, vars('vi'))}, ${tplSql(peer.message_en, vars('en'))}, o.line
      FROM o JOIN indicator i ON i.indicator_id = o.indicator_id JOIN lv ON lv.level_no = o.level_no`);
    await db.run('DROP TABLE IF EXISTS chk_peer_out');
    profile('outliers: peer messages', t1);
  })();
  return { written };
}

/**
 * Unit u's values of indicator k for one period kind, a year each (NaN = none), into vals; returns vals[yi].
 * slots/cellBase/stride hold, per (unit, year), the report and where its cells are.
 */
function gather(value: Float64Array, meta: Uint8Array, slots: Int32Array, cellBase: Int32Array, stride: Int32Array, k: number, u: number, Y: number, vals: Float64Array, yi: number): number {
  for (let y = 0, at = u * Y; y < Y; y++, at++) {
    vals[y] = NaN;
    if (slots[at] < 0) continue;
    const c = cellBase[at] + k * stride[at];
    if ((meta[c] & USABLE_MASK) === USABLE) vals[y] = value[c];
  }
  return vals[yi];
}

/**
 * The (unit, year) pairs of indicator k whose value has at least minH years of history and lies beyond
 * the history's extremes by the minimum relative change (a necessary condition for a trend flag),
 * written to out as pairs; returns their number, or -1 when out is too small.
 */
function scanSeries(value: Float64Array, meta: Uint8Array, slots: Int32Array, cellBase: Int32Array, stride: Int32Array, k: number, U: number, Y: number,
  minH: number, mrc: number, withCand: Int32Array, histStart: Int32Array, histFlat: Int32Array, vals: Float64Array, out: Int32Array): number {
  let nc = 0;
  const jump = mrc < 1;
  for (let u = 0; u < U; u++) {
    let have = 0, gmin = Infinity, gmax = -Infinity;
    for (let yi = 0, at = u * Y; yi < Y; yi++, at++) {
      vals[yi] = NaN;
      if (slots[at] < 0) continue;
      const c = cellBase[at] + k * stride[at];
      if ((meta[c] & USABLE_MASK) !== USABLE) continue;
      const v = value[c];
      vals[yi] = v; have++;
      if (v < gmin) gmin = v;
      if (v > gmax) gmax = v;
    }
    if (have <= minH) continue; // a value plus at least minH years of history
    // A jump must clear the bound of the history's extremes, hence of the whole series' extremes
    // (the bound is increasing in its argument): most series fail this for every year at once.
    const upFrom = gmin + mrc * Math.max(Math.abs(gmin), 1), downFrom = gmax - mrc * Math.max(Math.abs(gmax), 1);
    if (jump && !(gmax > upFrom || gmin < downFrom)) continue;
    for (let ci = 0; ci < withCand.length; ci++) {
      const yi = withCand[ci];
      const x = vals[yi];
      if (x !== x) continue;
      if (jump && !(x > upFrom || x < downFrom)) continue;
      let n = 0, lo = Infinity, hi = -Infinity;
      for (let h = histStart[yi]; h < histStart[yi + 1]; h++) {
        const v = vals[histFlat[h]];
        if (v !== v) continue;
        n++;
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
      if (n < minH) continue;
      if (jump && !(x > lo + mrc * Math.max(Math.abs(lo), 1) || x < hi - mrc * Math.max(Math.abs(hi), 1))) continue;
      if (nc * 2 + 2 > out.length) return -1;
      out[nc * 2] = u; out[nc * 2 + 1] = yi;
      nc++;
    }
  }
  return nc;
}

/** Trend outliers for the units in scope, every year with enough history. */
export function trendOutliers(input: OutlierInput): FlagRow[] {
  const { ctx, cube } = input;
  const trend = ctx.file.outliers?.trend;
  const flags: FlagRow[] = [];
  if (!trend || !Object.keys(trend.kinds ?? {}).length) return flags;
  const th = Number(trend.threshold ?? 3.5);
  const maxH = Number(trend.max_history ?? 5);
  const minH = Number(trend.min_history ?? 3);
  const mrc = Number(trend.min_relative_change ?? 0.5);
  const severity = trend.severity ?? 'info';
  const { value, meta } = cube;

  // Years of the warehouse's periods; the history of year y is the (up to) maxH years before it.
  const years = [...new Set(cube.periods.map((p) => p.year))].sort((a, b) => a - b);
  const yset = new Set(years);
  const hist = (y: number) => Array.from({ length: maxH }, (_, i) => y - 1 - i).filter((x) => yset.has(x));
  const kinds = [...new Set(cube.periods.map((p) => p.kind))];
  const periodAt = new Map<string, number>();
  cube.periods.forEach((p, i) => periodAt.set(`${p.year}|${p.kind}`, i));
  const Y = years.length;
  const yearIdx = new Map(years.map((y, i) => [y, i]));
  const histIdx = years.map((y) => hist(y).map((x) => yearIdx.get(x)!).sort((a, b) => a - b));
  const withCand = years.map((y, i) => (hist(y).length >= minH ? i : -1)).filter((i) => i >= 0);
  if (!withCand.length) return flags;

  // Units in scope and, per period kind, each unit's report in each year (or -1).
  const unitsIn = new Set<number>();
  for (let s = 0; s < cube.nSlots; s++) if (!input.units || input.units.has(cube.unitOf[s])) unitsIn.add(cube.unitOf[s]);
  const units = [...unitsIn].sort((a, b) => a - b);
  const U = units.length;
  const vals = new Float64Array(Y), hv = new Float64Array(maxH), htv = new Float64Array(maxH), hdev = new Float64Array(maxH);
  const hy = new Int32Array(maxH);

  const withCandArr = Int32Array.from(withCand);
  // Histories flattened: the years before year index yi are histFlat[histStart[yi] .. histStart[yi + 1]).
  const histStart = new Int32Array(Y + 1);
  for (let yi = 0; yi < Y; yi++) histStart[yi + 1] = histStart[yi] + histIdx[yi].length;
  const histFlat = Int32Array.from(histIdx.flat());
  let cand = new Int32Array(1 << 16);
  let candOut = cand;
  for (const kind of kinds) {
    const pIdx = years.map((y) => periodAt.get(`${y}|${kind}`) ?? -1);
    // Per (unit, year): the report's slot, and where its cells start and how far apart they are.
    const slots = new Int32Array(U * Y).fill(-1);
    const cellBase = new Int32Array(U * Y), stride = new Int32Array(U * Y);
    for (let u = 0; u < U; u++) for (let yi = 0; yi < Y; yi++) {
      const s = pIdx[yi] < 0 ? -1 : cube.slotOf(pIdx[yi], units[u]);
      slots[u * Y + yi] = s;
      if (s >= 0) { cellBase[u * Y + yi] = cube.slotBase[s]; stride[u * Y + yi] = cube.blockSize[cube.periodOf[s]]; }
    }
    for (let k = 1; k < cube.nInd; k++) {
      const code = input.codeOf.get(cube.indicatorIds[k]);
      const tr = transformOf(trend.kinds, code === undefined ? undefined : ctx.cat.byCode.get(code)?.kind);
      if (tr === null || code === undefined) continue;
      const log = tr === 'log1p';
      // Hot part in a small function of its own (typed arrays only): the candidates, as (unit, year) pairs.
      let nc = scanSeries(value, meta, slots, cellBase, stride, k, U, Y, minH, mrc, withCandArr, histStart, histFlat, vals, cand);
      while (nc < 0) { cand = new Int32Array(cand.length * 2); nc = scanSeries(value, meta, slots, cellBase, stride, k, U, Y, minH, mrc, withCandArr, histStart, histFlat, vals, cand); }
      candOut = cand;
      for (let ci = 0; ci < nc; ci++) {
        const u = candOut[2 * ci], yi = candOut[2 * ci + 1];
        {
          const x = gather(value, meta, slots, cellBase, stride, k, u, Y, vals, yi);
          let n = 0;
          for (let h = histStart[yi]; h < histStart[yi + 1]; h++) {
            const v = vals[histFlat[h]];
            if (v !== v) continue;
            hv[n] = v; hy[n] = years[histFlat[h]]; n++;
          }
          const T = (v: number) => (log ? log1pClamped(v) : v);
          for (let i = 0; i < n; i++) htv[i] = hv[i];
          const [mlo, mhi] = middles(htv, n);
          const rawMedian = interpolate(mlo, mhi);
          const med = interpolate(T(mlo), T(mhi));
          let sumAbs = 0;
          for (let i = 0; i < n; i++) { const d = Math.abs(T(hv[i]) - med); hdev[i] = d; sumAbs += d; }
          const meanad = sumAbs / n;
          const mad = median(hdev, n);
          const z = zOf(T(x), med, mad, meanad);
          if (!(Math.abs(z) > th) || !(Math.abs(x - rawMedian) > mrc * Math.max(Math.abs(rawMedian), 1))) continue;
          const at = u * Y + yi;
          const slot = slots[at];
          // History in year order (histIdx is ascending), for the baseline and the message.
          const hYears = Array.from(hy.subarray(0, n));
          const hVals = Array.from(hv.subarray(0, n));
          const unit = units[u], periodId = cube.periods[pIdx[yi]].id;
          const vars = (f: (x: number) => string) => ({
            value: f(x), median: f(rawMedian), mad: f(mad), z: f(z), threshold: f(th),
            history: hYears.map((y, i) => `${y}: ${f(hVals[i])}`).join(', ')
          });
          flags.push({
            fingerprint: fingerprintOf('outlier_trend', `outlier.trend.${code}`, unit, periodId, [code]),
            kind: 'outlier_trend', severity, rule_id: `outlier.trend.${code}`, unit_id: unit, period_id: periodId, document_id: cube.docOf[slot],
            indicators: [code], observed: { [code]: x },
            expected: { operator: 'abs(z)<=', bound: th, median: rawMedian },
            baseline: { method: 'modified_z', median: rawMedian, mad, mean_abs_deviation: meanad, z: Math.round(z * 1000) / 1000, threshold: th,
              history: hYears.map((y, i) => ({ year: y, kind, value: hVals[i] })) },
            message_vi: fill(trend.message_vi, vars((v) => fmtVi(v))), message_en: fill(trend.message_en, vars((v) => fmtEn(v))),
            line: cube.lineOf(cellBase[at] + k * stride[at])
          });
        }
      }
    }
  }
  return flags;
}
