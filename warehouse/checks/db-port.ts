/**
 * The slice of the warehouse handle the checks need. warehouse/db.ts's Warehouse satisfies it; tests
 * may pass any object with these two methods.
 */
export interface CheckDb {
  all<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  run(sql: string, params?: unknown[]): Promise<unknown>;
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

/** vi-VN number for messages: decimal comma, no thousands separator noise for small values. */
export function fmtVi(x: number | null | undefined, digits = 2): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  const r = Math.round(x * 10 ** digits) / 10 ** digits;
  return r.toLocaleString('vi-VN', { maximumFractionDigits: digits });
}

export function fmtEn(x: number | null | undefined, digits = 2): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  const r = Math.round(x * 10 ** digits) / 10 ** digits;
  return r.toLocaleString('en-US', { maximumFractionDigits: digits });
}

export function fill(tpl: string, vars: Record<string, string>): string {
  return tpl.replace(/\{([a-z_]+(?::[a-z0-9_.]+)?)\}/g, (m, k) => (k in vars ? vars[k] : m));
}
