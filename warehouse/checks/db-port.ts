import type { DuckDBConnection } from '@duckdb/node-api';

/**
 * The slice of the warehouse handle the checks need. warehouse/db.ts's Warehouse (and its transaction
 * handle) satisfies it. The connection is the one all/run use: bulk reads go through its result
 * chunks and bulk writes through its appender, inside whatever transaction it is in.
 */
export interface CheckDb {
  // any[]: warehouse/db.ts takes SqlParams (positional or named); the checks only pass positional ids.
  all<T = Record<string, unknown>>(sql: string, params?: any[]): Promise<T[]>;
  run(sql: string, params?: any[]): Promise<unknown>;
  conn: DuckDBConnection;
  /** Runs fn in one write transaction on a handle of its own (warehouse/db.ts); absent on bare handles. */
  transaction?<T>(fn: (tx: CheckDb) => Promise<T>): Promise<T>;
}

/** Integer ids only: scope lists are inlined after this check, never user text. */
export function intList(xs: readonly unknown[]): string {
  const ok = xs.map((x) => Number(x)).filter((x) => Number.isInteger(x));
  return ok.length ? ok.join(',') : 'NULL';
}

export function num(x: unknown): number | null {
  if (x === null || x === undefined) return null;
  const n = Number(x);
  return Number.isFinite(n) ? n : null;
}

// Intl.NumberFormat is costly to build: one per locale and precision, reused for every message.
const FORMATS = new Map<string, Intl.NumberFormat>();
function formatter(locale: string, digits: number): Intl.NumberFormat {
  const k = `${locale}|${digits}`;
  let f = FORMATS.get(k);
  if (!f) FORMATS.set(k, (f = new Intl.NumberFormat(locale, { maximumFractionDigits: digits })));
  return f;
}

/**
 * x with at most `digits` decimals, trailing zeros dropped, thousands grouped: what
 * Intl.NumberFormat(locale, { maximumFractionDigits }) prints for en-US and vi-VN, ten times faster
 * (a whole-warehouse run formats millions of numbers into messages). Like ICU, it rounds the shortest
 * decimal that reads back as x (0.015 -> 0.02, where toFixed's exact binary value gives 0.01), ties
 * away from zero. Exponent notation (|x| < 1e-6 or >= 1e21): null, the caller uses Intl.
 */
function fixedGrouped(x: number, digits: number, group: string, decimal: string): string | null {
  const ax = Math.abs(x);
  if (!(ax < 1e15) || ax < 1e-6 || digits > 20) return ax === 0 ? (Object.is(x, -0) ? '-0' : '0') : null;
  let s: string;
  const y = ax * 10 ** digits;
  // Away from a rounding tie, the binary value and its shortest decimal round alike: toFixed is exact
  // and fast. Near a tie (within far more than the doubles' spacing), round the shortest decimal.
  const near = Math.abs(y - Math.floor(y) - 0.5) <= 1e-6 + y * 1e-12;
  if (!near) s = ax.toFixed(digits);
  else {
    s = ax.toString();
    if (s.includes('e')) return null;
  }
  const dot = s.indexOf('.');
  let ip = dot < 0 ? s : s.slice(0, dot);
  let fp = dot < 0 ? '' : s.slice(dot + 1);
  if (near && fp.length > digits) {
    const up = fp.charCodeAt(digits) >= 53; // '5'..'9': half and above go away from zero
    fp = fp.slice(0, digits);
    if (up) {
      // Add one unit in the last kept place, carrying through the fraction into the integer part.
      const all = (ip + fp).split('');
      let i = all.length - 1;
      while (i >= 0 && all[i] === '9') { all[i] = '0'; i--; }
      if (i >= 0) all[i] = String.fromCharCode(all[i].charCodeAt(0) + 1);
      else all.unshift('1');
      const joined = all.join('');
      ip = joined.slice(0, joined.length - fp.length);
      fp = joined.slice(joined.length - fp.length);
    }
  }
  let end = fp.length;
  while (end > 0 && fp.charCodeAt(end - 1) === 48) end--;
  fp = fp.slice(0, end);
  let g = ip;
  if (ip.length > 3) {
    const head = ip.length % 3 || 3;
    g = ip.slice(0, head);
    for (let i = head; i < ip.length; i += 3) g += group + ip.slice(i, i + 3);
  }
  // Intl keeps the sign of a negative number that rounds to zero, and of -0.
  return (x < 0 || Object.is(x, -0) ? '-' : '') + g + (fp ? decimal + fp : '');
}

/** vi-VN number for messages: decimal comma (63,1), thousands dot. */
export function fmtVi(x: number | null | undefined, digits = 2): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  return fixedGrouped(x, digits, '.', ',') ?? formatter('vi-VN', digits).format(x);
}

export function fmtEn(x: number | null | undefined, digits = 2): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  return fixedGrouped(x, digits, ',', '.') ?? formatter('en-US', digits).format(x);
}

// Templates split once into literal and placeholder parts: fill runs for every flag.
const TEMPLATES = new Map<string, string[]>();

/** Fills {name} (and {v:code}) placeholders; unknown ones stay as written. */
export function fill(tpl: string, vars: Record<string, string>): string {
  let parts = TEMPLATES.get(tpl);
  if (!parts) {
    parts = tpl.split(/\{([a-z_]+(?::[a-z0-9_.]+)?)\}/g);
    if (TEMPLATES.size < 10000) TEMPLATES.set(tpl, parts);
  }
  let out = parts[0];
  for (let i = 1; i < parts.length; i += 2) out += (Object.prototype.hasOwnProperty.call(vars, parts[i]) ? vars[parts[i]] : `{${parts[i]}}`) + parts[i + 1];
  return out;
}
