/**
 * Writes demo report files to a directory and loads them through the REAL pipeline: extractFile
 * (loaders/extract.ts: read, decode, detect form, parse, match) then loadExtraction
 * (warehouse/load.ts) with isDemo = true. Shared by `parboard demo --load`, `npm start` on an empty
 * warehouse, and the ingest part of `parboard bench`. The two modules are resolved at run time so
 * this file carries no guess about them beyond the contract in the team brief.
 */
import { mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Extraction } from '../types.ts';
import type { DemoFile, DemoManifest } from './index.ts';
import { extractBatches } from '../extract-pool.ts';

export interface LoadOutcome {
  file: string;
  status: string;
  error?: string;
  /** Milliseconds spent reading + extracting, and loading (for the benchmark's breakdown). */
  extractMs: number;
  loadMs: number;
}

/** Writes the files (mtime = the time the report reached Sở Nội vụ) and the manifest. */
export function writeDemoFiles(dir: string, files: DemoFile[], manifest: DemoManifest): string[] {
  mkdirSync(dir, { recursive: true });
  const paths: string[] = [];
  for (const f of files) {
    const p = join(dir, f.name);
    writeFileSync(p, f.text);
    const t = new Date(f.receivedAt);
    utimesSync(p, t, t);
    paths.push(p);
  }
  writeFileSync(join(dir, 'demo-manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  return paths;
}

type ExtractFile = (path: string) => Promise<{ extraction: Extraction; bytes: Uint8Array; text: string }>;
type LoadExtraction = (w: unknown, x: { extraction: Extraction; bytes: Uint8Array; text: string }, opts: Record<string, unknown>) => Promise<{ status?: string } | unknown>;
type LoadItem = { input: { extraction: Extraction; bytes: Uint8Array; text: string }; opts: Record<string, unknown> };
type LoadExtractions = (w: unknown, items: LoadItem[], o?: { batchSize?: number }) => Promise<({ ok: true; result: { status: string } } | { ok: false; error: Error })[]>;

export async function pipeline(): Promise<{ extractFile: ExtractFile; loadExtraction: LoadExtraction; loadExtractions?: LoadExtractions }> {
  let ex: { extractFile?: ExtractFile };
  let ld: { loadExtraction?: LoadExtraction; loadExtractions?: LoadExtractions };
  try {
    ex = await import('../extract.ts');
  } catch (e) {
    throw new Error(`Chưa có bộ đọc báo cáo (loaders/extract.ts) / report reader not available: ${(e as Error).message}`);
  }
  try {
    ld = await import('../../warehouse/load.ts');
  } catch (e) {
    throw new Error(`Chưa có quy trình nạp (warehouse/load.ts) / load pipeline not available: ${(e as Error).message}`);
  }
  if (!ex.extractFile || !ld.loadExtraction) throw new Error('extractFile / loadExtraction not exported');
  return { extractFile: ex.extractFile, loadExtraction: ld.loadExtraction, loadExtractions: ld.loadExtractions };
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
export async function loadDemoPaths(w: unknown, paths: string[], files: DemoFile[]): Promise<LoadOutcome[]> {
  // The extraction workers start (and start reading) while this thread loads the load pipeline's modules.
  const batches = extractBatches(paths);
  const first = batches.next();
  first.catch(() => {});
  let loadExtraction: LoadExtraction;
  let loadExtractions: LoadExtractions | undefined;
  try {
    ({ loadExtraction, loadExtractions } = await pipeline());
  } catch (e) {
    await batches.return(undefined);
    throw e;
  }
  const byName = new Map(files.map((f) => [f.name, f]));
  const out: LoadOutcome[] = [];

  const loadBatch = async (items: LoadItem[]): Promise<{ results: Loaded; ms: number }> => {
    const t1 = performance.now();
    let results: Loaded;
    if (loadExtractions) {
      results = (await loadExtractions(w, items, { batchSize: items.length })).map((r) => (r.ok ? { status: String(r.result.status) } : { error: r.error.message }));
    } else {
      results = [];
      for (const x of items) {
        try {
          const r = (await loadExtraction(w, x.input, x.opts)) as { status?: string } | undefined;
          results.push({ status: r && typeof r === 'object' && 'status' in r ? String(r.status) : 'loaded' });
        } catch (e) {
          results.push({ error: (e as Error).message });
        }
      }
    }
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
