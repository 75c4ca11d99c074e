/** Extraction on a worker thread gives exactly what extractFile gives in this thread, in order. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateDemoProvince } from '../loaders/demo/index.ts';
import { writeDemoFiles } from '../loaders/demo/load-demo.ts';
import { openExtractPool } from '../loaders/extract-pool.ts';
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
});
