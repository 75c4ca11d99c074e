/**
 * Loads demo report files through the REAL pipeline: extraction on worker threads
 * (loaders/extract-pool.ts: read, decode, detect form, parse, match) and loadExtractions
 * (warehouse/load.ts, group commit) with isDemo = true. Shared by `parboard demo --load`, `npm start`
 * on an empty warehouse, and the ingest part of `parboard bench`.
 */
import { extractBatches } from '../loaders/extract-pool.ts';
import type { DemoFile } from '../loaders/demo/index.ts';
import type { Warehouse } from './db.ts';
import { loadExtractions, type LoadItem } from './load.ts';

export interface LoadOutcome {
  file: string;
  status: string;
  error?: string;
  /** Milliseconds spent reading + extracting, and loading (for the benchmark's breakdown). */
  extractMs: number;
  loadMs: number;
}

type Loaded = ({ status: string } | { error: string })[];

/**
 * Loads files in batches: the files are extracted on worker threads (extractBatches; in this thread
 * for a few files) while this thread loads the previous batch with loadExtractions (group commit:
 * every report still all or nothing, a failure never stops the rest). A batch is whatever has been
 * extracted when the previous load ends, so extraction and loading overlap on a multi-core machine
 * and a slow load means fewer, larger transactions. loadMs of a file is its share of its batch's
 * load time.
 */
export async function loadDemoPaths(w: Warehouse, paths: string[], files: DemoFile[]): Promise<LoadOutcome[]> {
  const batches = extractBatches(paths);
  const first = batches.next();
  first.catch(() => {});
  const byName = new Map(files.map((f) => [f.name, f]));
  const out: LoadOutcome[] = [];

  const loadBatch = async (items: LoadItem[]): Promise<{ results: Loaded; ms: number }> => {
    const t1 = performance.now();
    const results: Loaded = (await loadExtractions(w, items, { batchSize: items.length }))
      .map((r) => (r.ok ? { status: String(r.result.status) } : { error: r.error.message }));
    return { results, ms: performance.now() - t1 };
  };

  try {
    for (let next = await first; !next.done; next = await batches.next()) {
      const batch = next.value;
      const named = batch.map((x) => ({ x, name: x.path.split(/[\\/]/).pop()! }));
      const ok = named.filter(({ x }) => x.result);
      const items: LoadItem[] = ok.map(({ x, name }) => {
        const meta = byName.get(name);
        return { input: x.result!, opts: { isDemo: true, receivedAt: meta ? new Date(meta.receivedAt) : undefined, fileName: name } };
      });
      const { results, ms } = items.length ? await loadBatch(items) : { results: [], ms: 0 };
      const share = items.length ? ms / items.length : 0;
      let k = 0;
      for (const { x, name } of named) {
        if (!x.result) {
          out.push({ file: name, status: 'failed', error: x.error?.message, extractMs: x.ms, loadMs: 0 });
          continue;
        }
        const r = results[k++];
        if ('error' in r) out.push({ file: name, status: 'failed', error: r.error, extractMs: x.ms, loadMs: share });
        else out.push({ file: name, status: r.status, extractMs: x.ms, loadMs: share });
      }
    }
  } finally {
    await batches.return(undefined); // workers stopped even if a load throws
  }
  return out;
}
