/**
 * extractFile on worker threads, for loading many files: extraction (CPU-bound JS) then runs while
 * the main thread and DuckDB write the previous reports. Results come back in the order asked.
 * Worth it only for many files (a worker takes a fraction of a second to start); when workers
 * cannot start, extraction runs in this thread.
 */
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

export async function openExtractPool(workers = 1): Promise<ExtractPool> {
  const pending = new Map<number, { resolve: (r: { result: Extracted; ms: number }) => void; reject: (e: Error) => void }>();
  let next = 0;
  let dead = false;
  const pool: Worker[] = [];
  let local: ExtractPool | null = null;
  try {
    for (let i = 0; i < workers; i++) {
      const w = new Worker(new URL('./extract-worker.mjs', import.meta.url));
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
      w.on('message', (m: Reply) => {
        const p = pending.get(m.id);
        if (!p) return;
        pending.delete(m.id);
        if (m.ok) p.resolve({ result: m.result!, ms: m.ms });
        else p.reject(new Error(m.error));
      });
      // A worker that dies fails what it was given; later files are extracted in this thread.
      const fail = (e: Error) => {
        dead = true;
        for (const p of pending.values()) p.reject(e);
        pending.clear();
      };
      w.on('error', fail);
      w.on('exit', () => fail(new Error('extraction worker exited')));
      pool.push(w);
    }
  } catch {
    await Promise.all(pool.map((w) => w.terminate()));
    return inThread();
  }
  return {
    threads: pool.length,
    async extract(path) {
      if (dead) return (local ??= await inThread()).extract(path);
      const id = next++;
      const w = pool[id % pool.length];
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        w.postMessage({ id, path });
      });
    },
    async close() {
      dead = true;
      await Promise.all(pool.map((w) => w.terminate()));
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
