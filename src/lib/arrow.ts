/**
 * Rows for heavy views travel as Arrow IPC (columnar, typed, compact) instead of JSON. The server
 * encodes with tableToIPC; the browser decodes with tableFromIPC into plain row objects.
 */
import { Dictionary, Float64, Int32, Table, Utf8, makeData, makeVector, tableToIPC, tableFromIPC, vectorFromArray, type Vector } from 'apache-arrow';

export const ARROW_TYPE = 'application/vnd.apache.arrow.stream';

/**
 * Encodes rows whose columns are all numbers-or-null (Float64, null as NaN) or strings-or-null
 * (dictionary-encoded: a heat map repeats each unit name, indicator code and status thousands of
 * times, so each distinct string is encoded once and rows carry an index; decoding gives the same
 * strings back).
 */
export function rowsToIPC(rows: Record<string, unknown>[], columns: string[]): Uint8Array {
  const vectors: Record<string, Vector> = {};
  const n = rows.length;
  columns.forEach((c, id) => {
    let numeric = true;
    for (let k = 0; k < n; k++) {
      const v = rows[k][c];
      if (v !== null && v !== undefined && typeof v !== 'number' && typeof v !== 'bigint') {
        numeric = false;
        break;
      }
    }
    if (numeric) {
      const xs = new Float64Array(n);
      for (let k = 0; k < n; k++) {
        const v = rows[k][c];
        xs[k] = v === null || v === undefined ? NaN : Number(v);
      }
      vectors[c] = makeVector(makeData({ type: new Float64(), length: n, data: xs }));
      return;
    }
    const index = new Map<string, number>();
    const uniques: string[] = [];
    const keys = new Int32Array(n);
    const valid = new Uint8Array((n + 7) >> 3);
    let nulls = 0;
    for (let k = 0; k < n; k++) {
      const v = rows[k][c];
      if (v === null || v === undefined) {
        nulls++;
        continue;
      }
      const str = String(v);
      let i = index.get(str);
      if (i === undefined) {
        i = uniques.length;
        index.set(str, i);
        uniques.push(str);
      }
      keys[k] = i;
      valid[k >> 3] |= 1 << (k & 7);
    }
    const type = new Dictionary(new Utf8(), new Int32(), id);
    const dictionary = vectorFromArray(uniques, new Utf8());
    vectors[c] = makeVector(
      makeData({ type, length: n, nullCount: nulls, nullBitmap: nulls ? valid : null, data: keys, dictionary })
    );
  });
  return tableToIPC(new Table(vectors), 'stream');
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
