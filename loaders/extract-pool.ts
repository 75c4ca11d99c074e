/**
 * extractFile on worker threads, for loading many files: extraction (CPU-bound JS) then runs while
 * the main thread and DuckDB write the previous reports. Results come back in the order asked.
 * Worth it only for many files (a worker takes a fraction of a second to start); when workers
 * cannot start, extraction runs in this thread.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Extraction } from './types.ts';

export type Extracted = { extraction: Extraction; bytes: Uint8Array; text: string };
type Reply = { id: number; ok: boolean; result?: Extracted; error?: string; ms: number };

export interface ExtractPool {
  /** Worker threads in use; 0 when extraction runs in this thread. */
  readonly threads: number;
  /** Extraction of one file and the milliseconds it took. Rejects like extractFile would throw. */
  extract(path: string): Promise<{ result: Extracted; ms: number }>;
  close(): Promise<void>;
}

/**
 * Files handed to one worker at a time. A worker gets more only when this thread takes its replies,
 * and this thread is busy for tens of ms at a time while it loads a batch (appending rows): with a
 * short queue the worker sat idle then (2 -> 16: extraction of the 1,011 bench reports ended ~0.4 s
 * sooner). Deep enough not to run dry, short enough to share files fairly between workers.
 */
const PER_WORKER = 16;

/**
 * Extraction workers by default (PARBOARD_EXTRACT_WORKERS overrides): every core but one, at least
 * one. The remaining core is the loading thread's and DuckDB's (inserts, the per-batch checks), and
 * each extra worker costs its own start-up and JIT compilation: on 2 cores one worker gave less CPU
 * per report and more reports per second than two.
 */
export function defaultWorkers(): number {
  const env = process.env.PARBOARD_EXTRACT_WORKERS;
  if (env !== undefined && env !== '' && Number.isFinite(Number(env))) return Math.max(0, Math.floor(Number(env)));
  return Math.max(1, Math.min(4, availableParallelism() - 1));
}

export async function openExtractPool(workers = 1): Promise<ExtractPool> {
  type Job = { id: number; path: string; resolve: (r: { result: Extracted; ms: number }) => void; reject: (e: Error) => void };
  const pending = new Map<number, Job>();
  const queue: Job[] = [];
  let next = 0;
  let dead = false;
  const pool: { w: Worker; busy: number }[] = [];
  let local: ExtractPool | null = null;

  const dispatch = () => {
    while (queue.length && !dead) {
      let best: { w: Worker; busy: number } | null = null;
      for (const s of pool) if (s.busy < PER_WORKER && (!best || s.busy < best.busy)) best = s;
      if (!best) return;
      const job = queue.shift()!;
      best.busy++;
      pending.set(job.id, job);
      best.w.postMessage({ id: job.id, path: job.path });
    }
  };
  // A worker that dies fails what it was given; later files are extracted in this thread.
  const fail = (e: Error) => {
    if (dead) return;
    dead = true;
    for (const p of pending.values()) p.reject(e);
    pending.clear();
    for (const j of queue.splice(0)) void (async () => {
      try {
        j.resolve(await (local ??= await inThread()).extract(j.path));
      } catch (err) {
        j.reject(err as Error);
      }
    })();
  };

  const start = async (): Promise<void> => {
    const w = new Worker(new URL('./extract-worker.mjs', import.meta.url));
    pool.push({ w, busy: 0 });
    await new Promise<void>((resolve, reject) => {
      const onMsg = (m: { ready?: boolean }) => {
        if (m.ready) {
          w.off('error', reject);
          resolve();
        }
      };
      w.once('message', onMsg);
      w.once('error', reject);
      w.once('exit', () => reject(new Error('extraction worker exited')));
    });
    const slot = pool.find((s) => s.w === w)!;
    w.on('message', (m: Reply) => {
      const p = pending.get(m.id);
      if (!p) return;
      pending.delete(m.id);
      slot.busy--;
      dispatch();
      if (m.ok) p.resolve({ result: m.result!, ms: m.ms });
      else p.reject(new Error(m.error));
    });
    w.on('error', fail);
    w.on('exit', () => fail(new Error('extraction worker exited')));
  };
  try {
    // Started together: each spends a few hundred ms loading the loaders (tsx) and the catalogue.
    await Promise.all(Array.from({ length: workers }, start));
  } catch {
    await Promise.all(pool.map((s) => s.w.terminate()));
    return inThread();
  }
  return {
    threads: pool.length,
    async extract(path) {
      if (dead) return (local ??= await inThread()).extract(path);
      return new Promise((resolve, reject) => {
        queue.push({ id: next++, path, resolve, reject });
        dispatch();
      });
    },
    async close() {
      dead = true;
      await Promise.all(pool.map((s) => s.w.terminate()));
    }
  };
}

async function inThread(): Promise<ExtractPool> {
  const { extractFile } = await import('./extract.ts');
  return {
    threads: 0,
    async extract(path) {
      const t = performance.now();
      const result = await extractFile(path);
      return { result, ms: performance.now() - t };
    },
    async close() {}
  };
}

/** One file's extraction in a batch: its result, or why extractFile threw. */
export type BatchEntry = { path: string; index: number; ms: number } & ({ result: Extracted; error?: undefined } | { result?: undefined; error: Error });

export interface BatchStreamOptions {
  /** Extraction threads (default defaultWorkers()); 0 = this thread. */
  workers?: number;
  /** Below this many files extraction stays in this thread (starting a worker costs a fraction of a second). */
  workerMin?: number;
  /** A batch waits for at least this many files (fewer at the end). Each batch pays the after-load
   * hooks once (the checks: a few hundred ms whatever its size), so batches are not made small. */
  minBatch?: number;
  /** ... and takes at most this many. */
  maxBatch?: number;
  /** Files extracted ahead of the loading at most (memory bound). */
  ahead?: number;
}

/**
 * The files' extractions in batches, in the order of `paths`, for a loader that commits each batch
 * in one transaction. Workers keep extracting while the caller loads a batch; the next batch is then
 * everything already extracted (at least minBatch, at most maxBatch), so a slow load makes the next
 * group larger (fewer transactions and per-batch checks runs) instead of leaving the workers idle.
 */
export async function* extractBatches(paths: string[], o: BatchStreamOptions = {}): AsyncGenerator<BatchEntry[]> {
  const minBatch = Math.max(1, o.minBatch ?? 200);
  const maxBatch = Math.max(minBatch, o.maxBatch ?? 1000);
  // At least a batch plus a remainder (a batch may wait for every file left). An extracted report
  // with its text and bytes takes ~100 KB here: the default bounds that to about 120 MB.
  const ahead = Math.max(maxBatch + minBatch, o.ahead ?? 0);
  const workers = o.workers ?? defaultWorkers();
  const pool = paths.length >= (o.workerMin ?? 200) && workers > 0 ? await openExtractPool(workers) : await inThread();
  const done: (BatchEntry | undefined)[] = new Array(paths.length);
  const waiters = new Map<number, () => void>();
  let submitted = 0;
  let consumed = 0;
  const pump = () => {
    while (submitted < paths.length && submitted - consumed < ahead) {
      const i = submitted++;
      const t0 = performance.now();
      pool.extract(paths[i]).then(
        ({ result, ms }) => settle(i, { path: paths[i], index: i, ms, result }),
        (e: Error) => settle(i, { path: paths[i], index: i, ms: performance.now() - t0, error: e })
      );
    }
  };
  const settle = (i: number, e: BatchEntry) => {
    done[i] = e;
    waiters.get(i)?.();
    waiters.delete(i);
  };
  const wait = (i: number) => (done[i] ? Promise.resolve() : new Promise<void>((r) => waiters.set(i, r)));
  try {
    if (pool.threads === 0) {
      // In this thread extraction and loading cannot overlap: plain groups of maxBatch.
      for (let g = 0; g < paths.length; ) {
        const batch: BatchEntry[] = [];
        // (a remainder smaller than minBatch joins the last group, as below)
        const end = paths.length - (g + maxBatch) < minBatch ? paths.length : g + maxBatch;
        for (let i = g; i < end; i++) {
          const t0 = performance.now();
          try {
            const { result, ms } = await pool.extract(paths[i]);
            batch.push({ path: paths[i], index: i, ms, result });
          } catch (e) {
            batch.push({ path: paths[i], index: i, ms: performance.now() - t0, error: e as Error });
          }
        }
        g = end;
        yield batch;
      }
      return;
    }
    pump();
    while (consumed < paths.length) {
      let want = Math.min(paths.length, consumed + minBatch);
      // A remainder smaller than a batch joins this one: a batch of a few files would cost the
      // after-load hooks' fixed time at the very end, when nothing else overlaps it.
      if (paths.length - want < minBatch) want = paths.length;
      for (let i = consumed; i < want; i++) await wait(i);
      let end = want;
      while (end < paths.length && end - consumed < maxBatch && done[end]) end++;
      if (end < paths.length && paths.length - end < minBatch) {
        // (the same when the files ready now leave only a small remainder)
        for (let i = end; i < paths.length; i++) await wait(i);
        end = paths.length;
      }
      const batch = done.slice(consumed, end) as BatchEntry[];
      for (let i = consumed; i < end; i++) done[i] = undefined; // loaded: let the memory go
      consumed = end;
      pump();
      yield batch;
    }
  } finally {
    await pool.close();
  }
}
