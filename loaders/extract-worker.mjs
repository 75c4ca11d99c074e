// Worker thread for loaders/extract-pool.ts: runs extractFile (read, decode, parse, match) off the
// main thread so that extraction overlaps with loading. Plain JS that registers tsx itself, so it
// works whatever loader the parent process uses (CLI, vitest, the dashboard server).
import { parentPort } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { extractFile } = await import('./extract.ts');

parentPort.on('message', async ({ id, path }) => {
  const t = performance.now();
  try {
    const r = await extractFile(path);
    parentPort.postMessage({ id, ok: true, result: r, ms: performance.now() - t });
  } catch (e) {
    parentPort.postMessage({ id, ok: false, error: String(e?.message ?? e), ms: performance.now() - t });
  }
});
parentPort.postMessage({ ready: true });
