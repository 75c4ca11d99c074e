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

export async function pipeline(): Promise<{ extractFile: ExtractFile; loadExtraction: LoadExtraction }> {
  let ex: { extractFile?: ExtractFile };
  let ld: { loadExtraction?: LoadExtraction };
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
  return { extractFile: ex.extractFile, loadExtraction: ld.loadExtraction };
}

/** Loads files one by one (one transaction each, inside loadExtraction); a failure never stops the rest. */
export async function loadDemoPaths(w: unknown, paths: string[], files: DemoFile[]): Promise<LoadOutcome[]> {
  const { extractFile, loadExtraction } = await pipeline();
  const byName = new Map(files.map((f) => [f.name, f]));
  const out: LoadOutcome[] = [];
  for (const p of paths) {
    const name = p.split(/[\\/]/).pop()!;
    const meta = byName.get(name);
    const t0 = performance.now();
    let t1 = t0;
    try {
      const read = await extractFile(p);
      t1 = performance.now();
      const r = (await loadExtraction(w, read, { isDemo: true, receivedAt: meta ? new Date(meta.receivedAt) : undefined, fileName: name })) as { status?: string } | undefined;
      out.push({ file: name, status: r && typeof r === 'object' && 'status' in r ? String(r.status) : 'loaded', extractMs: t1 - t0, loadMs: performance.now() - t1 });
    } catch (e) {
      out.push({ file: name, status: 'failed', error: (e as Error).message, extractMs: t1 - t0, loadMs: performance.now() - t1 });
    }
  }
  return out;
}
