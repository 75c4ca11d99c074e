/**
 * The slice of the warehouse handle the checks need. warehouse/db.ts's Warehouse satisfies it; tests
 * may pass any object with these two methods.
 */
export interface CheckDb {
  // any[]: warehouse/db.ts takes SqlParams (positional or named); the checks only pass positional ids.
  all<T = Record<string, unknown>>(sql: string, params?: any[]): Promise<T[]>;
  run(sql: string, params?: any[]): Promise<unknown>;
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

/** vi-VN number for messages: decimal comma (63,1), thousands dot. */
export function fmtVi(x: number | null | undefined, digits = 2): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  return formatter('vi-VN', digits).format(x);
}

export function fmtEn(x: number | null | undefined, digits = 2): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  return formatter('en-US', digits).format(x);
}

export function fill(tpl: string, vars: Record<string, string>): string {
  return tpl.replace(/\{([a-z_]+(?::[a-z0-9_.]+)?)\}/g, (m, k) => (k in vars ? vars[k] : m));
}
