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
import { openExtractPool } from '../extract-pool.ts';

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

/** Reports read and then loaded together (one transaction per group, see loadExtractions). */
const GROUP = 250;
/** From this many files on, extraction runs on a worker thread (starting one costs a fraction of a second). */
const WORKER_MIN = 200;

type Extracted = { name: string; item?: LoadItem; extractMs: number; error?: string };
type Loaded = ({ status: string } | { error: string })[];

/**
 * Loads files in groups: each file is read and extracted, then a group is loaded with
 * loadExtractions (group commit; every report still all or nothing, a failure never stops the
 * rest). The next group is extracted (JS) while DuckDB writes the previous one (its own threads),
 * so the two stages overlap on a multi-core machine. loadMs of a file is its share of its group's
 * load time.
 */
export async function loadDemoPaths(w: unknown, paths: string[], files: DemoFile[]): Promise<LoadOutcome[]> {
  const { extractFile, loadExtraction, loadExtractions } = await pipeline();
  const byName = new Map(files.map((f) => [f.name, f]));
  const out: LoadOutcome[] = [];

  // Many files: extraction on a worker thread, overlapping the loading on this one.
  const workers = Number(process.env.PARBOARD_EXTRACT_WORKERS ?? 1);
  const pool = paths.length >= WORKER_MIN && workers > 0 ? await openExtractPool(workers) : null;
  const extractGroup = async (slice: string[]): Promise<Extracted[]> => {
    const group: Extracted[] = [];
    const jobs = pool ? slice.map((p) => pool.extract(p)) : [];
    for (let i = 0; i < slice.length; i++) {
      const p = slice[i];
      const name = p.split(/[\\/]/).pop()!;
      const meta = byName.get(name);
      const t0 = performance.now();
      try {
        let read: { extraction: Extraction; bytes: Uint8Array; text: string };
        let ms: number;
        if (pool) ({ result: read, ms } = await jobs[i]);
        else {
          read = await extractFile(p);
          ms = performance.now() - t0;
        }
        group.push({ name, extractMs: ms, item: { input: read, opts: { isDemo: true, receivedAt: meta ? new Date(meta.receivedAt) : undefined, fileName: name } } });
      } catch (e) {
        group.push({ name, extractMs: performance.now() - t0, error: (e as Error).message });
      }
    }
    return group;
  };

  const loadGroup = async (group: Extracted[]): Promise<{ results: Loaded; ms: number }> => {
    const ok = group.filter((x) => x.item);
    const t1 = performance.now();
    let results: Loaded;
    if (loadExtractions) {
      results = (await loadExtractions(w, ok.map((x) => x.item!))).map((r) => (r.ok ? { status: String(r.result.status) } : { error: r.error.message }));
    } else {
      results = [];
      for (const x of ok) {
        try {
          const r = (await loadExtraction(w, x.item!.input, x.item!.opts)) as { status?: string } | undefined;
          results.push({ status: r && typeof r === 'object' && 'status' in r ? String(r.status) : 'loaded' });
        } catch (e) {
          results.push({ error: (e as Error).message });
        }
      }
    }
    return { results, ms: performance.now() - t1 };
  };

  const record = (group: Extracted[], { results, ms }: { results: Loaded; ms: number }) => {
    const n = group.filter((x) => x.item).length;
    const share = n ? ms / n : 0;
    let k = 0;
    for (const x of group) {
      if (!x.item) {
        out.push({ file: x.name, status: 'failed', error: x.error, extractMs: x.extractMs, loadMs: 0 });
        continue;
      }
      const r = results[k++];
      if ('error' in r) out.push({ file: x.name, status: 'failed', error: r.error, extractMs: x.extractMs, loadMs: share });
      else out.push({ file: x.name, status: r.status, extractMs: x.extractMs, loadMs: share });
    }
  };

  try {
    let next = paths.length ? extractGroup(paths.slice(0, GROUP)) : Promise.resolve([]);
    for (let g = 0; g < paths.length; g += GROUP) {
      const group = await next;
      // The next group is asked for before this one is loaded (on the worker it runs meanwhile).
      next = g + GROUP < paths.length ? extractGroup(paths.slice(g + GROUP, g + 2 * GROUP)) : Promise.resolve([]);
      next.catch(() => {});
      record(group, await loadGroup(group));
    }
  } finally {
    await pool?.close();
  }
  return out;
}
