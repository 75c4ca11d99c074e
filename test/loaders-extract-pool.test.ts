/** Extraction on a worker thread gives exactly what extractFile gives in this thread, in order. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateDemoProvince } from '../loaders/demo/index.ts';
import { writeDemoFiles } from '../loaders/demo/load-demo.ts';
import { extractBatches, openExtractPool } from '../loaders/extract-pool.ts';
import { extractFile } from '../loaders/extract.ts';

const dir = mkdtempSync(join(tmpdir(), 'parboard-pool-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('openExtractPool', () => {
  it('returns the same extractions as extractFile, in the order asked, and a clear result for a missing file', async () => {
    const { files, manifest } = generateDemoProvince({ seed: 3, units: 30 });
    // one file of each format the demo writes, plus a few more
    const paths = writeDemoFiles(dir, files, manifest);
    const pick = [...new Map(paths.map((p) => [p.split('.').pop(), p])).values(), ...paths.slice(0, 5), join(dir, 'missing.md')];
    const pool = await openExtractPool(2);
    expect(pool.threads).toBe(2);
    try {
      const got = await Promise.all(pick.map((p) => pool.extract(p)));
      for (let i = 0; i < pick.length; i++) {
        const want = await extractFile(pick[i]);
        expect(got[i].result.extraction).toEqual(want.extraction);
        expect(got[i].result.text).toBe(want.text);
        expect(Buffer.from(got[i].result.bytes).equals(Buffer.from(want.bytes))).toBe(true);
      }
      expect(got[got.length - 1].result.extraction.messages.some((m) => m.severity === 'error')).toBe(true);
    } finally {
      await pool.close();
    }
  });

  it('extractBatches: every file once, in the order given, in batches within the bounds, equal to extractFile', async () => {
    const { files, manifest } = generateDemoProvince({ seed: 4, units: 12 });
    const paths = writeDemoFiles(join(dir, 'batches'), files, manifest);
    paths.splice(7, 0, join(dir, 'missing.md'));
    for (const workers of [2, 0]) {
      const seen: string[] = [];
      const sizes: number[] = [];
      for await (const batch of extractBatches(paths, { workers, workerMin: 1, minBatch: 20, maxBatch: 50 })) {
        sizes.push(batch.length);
        for (const e of batch) {
          seen.push(e.path);
          expect(e.index).toBe(seen.length - 1);
          const want = await extractFile(e.path);
          expect(e.result?.extraction).toEqual(want.extraction);
        }
        // slow consumer: the workers run ahead meanwhile
        await new Promise((r) => setTimeout(r, 30));
      }
      expect(seen).toEqual(paths);
      // at least minBatch each (a small remainder joins the last batch), at most maxBatch + that remainder
      expect(sizes.every((n) => n >= 20 && n < 50 + 20)).toBe(true);
      // a missing file is an extraction that says so (extractFile does not throw for it)
      const missing = seen.indexOf(join(dir, 'missing.md'));
      expect(missing).toBe(7);
    }
  }, 60_000);
});
