/**
 * Writes demo report files to a directory, with their manifest. Loading them through the real
 * pipeline is warehouse/load-demo.ts (loaders never import the warehouse).
 */
import { mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DemoFile, DemoManifest } from './index.ts';

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
