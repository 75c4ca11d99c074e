/**
 * Rows for heavy views travel as Arrow IPC (columnar, typed, compact) instead of JSON. The server
 * encodes with tableToIPC; the browser decodes with tableFromIPC into plain row objects.
 */
import { tableFromArrays, tableFromIPC, tableToIPC } from 'apache-arrow';

export const ARROW_TYPE = 'application/vnd.apache.arrow.stream';

/** Encodes rows whose columns are all numbers-or-null or strings-or-null. */
export function rowsToIPC(rows: Record<string, unknown>[], columns: string[]): Uint8Array {
  const arrays: Record<string, unknown[]> = {};
  for (const c of columns) {
    const vals = rows.map((r) => (r[c] === undefined ? null : r[c]));
    const numeric = vals.every((v) => v === null || typeof v === 'number' || typeof v === 'bigint');
    arrays[c] = numeric ? Float64Array.from(vals, (v) => (v === null ? NaN : Number(v))) : vals.map((v) => (v === null ? null : String(v)));
  }
  return tableToIPC(tableFromArrays(arrays as never), 'stream');
}

/** Decodes IPC bytes into row objects; NaN (how nulls travel in float columns) becomes null. */
export function rowsFromIPC<T>(bytes: Uint8Array | ArrayBuffer): T[] {
  const table = tableFromIPC(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes));
  const names = table.schema.fields.map((f) => f.name);
  const cols = names.map((n) => table.getChild(n)!);
  const out: T[] = [];
  for (let i = 0; i < table.numRows; i++) {
    const o: Record<string, unknown> = {};
    names.forEach((n, j) => {
      const v = cols[j].get(i);
      o[n] = typeof v === 'number' && Number.isNaN(v) ? null : v;
    });
    out.push(o as T);
  }
  return out;
}
