/**
 * Ingest benchmark: >= 1,000 generated reports end to end (read the file, decode, parse, match,
 * load in its own transaction) into a fresh temp warehouse. Generating and writing the files is
 * set-up and not timed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateDemoProvince } from '../loaders/demo/index.ts';
import { writeDemoFiles } from '../loaders/demo/load-demo.ts';
import { loadDemoPaths } from '../warehouse/load-demo.ts';
import { openBenchDb } from './open.ts';

export interface IngestResult {
  reports: number;
  seconds: number;
  reports_per_s: number;
  failed: number;
  /** Where the time went: reading + parsing + matching, and loading (transactions, inserts). */
  extract_seconds: number;
  load_seconds: number;
  /** CPU time of this process per report (user + system; DuckDB's threads included): comparable on a shared machine. */
  cpu_ms_per_report: number;
}

/** Units and years so that the province has at least `reports` report files (6 per unit-year, ~2% missing). */
export function provinceFor(reports: number): { units: number; years: number[] } {
  const years = [2021, 2022, 2023, 2024];
  return { units: Math.max(3, Math.ceil((reports * 1.03) / (years.length * 6))), years };
}

export async function benchIngest(reports: number, log: (s: string) => void = () => {}): Promise<IngestResult> {
  const dir = mkdtempSync(join(tmpdir(), 'parboard-bench-ingest-'));
  try {
    const { files, manifest } = generateDemoProvince({ seed: 7, ...provinceFor(reports) });
    const paths = writeDemoFiles(join(dir, 'reports'), files, manifest);
    log(`ingest: ${paths.length} report files written`);
    const db = await openBenchDb(join(dir, 'ingest.duckdb'));
    try {
      const t = performance.now();
      const c0 = process.cpuUsage();
      const out = await loadDemoPaths(db.handle, paths, files);
      const seconds = (performance.now() - t) / 1000;
      const cpu = process.cpuUsage(c0);
      const failed = out.filter((o) => o.status === 'failed');
      if (failed.length) log(`ingest: ${failed.length} failed, first: ${failed[0].file}: ${failed[0].error}`);
      const sum = (k: 'extractMs' | 'loadMs') => Math.round(out.reduce((a, o) => a + o[k], 0) / 10) / 100;
      return {
        reports: paths.length,
        seconds: Math.round(seconds * 100) / 100,
        reports_per_s: Math.round((paths.length / seconds) * 10) / 10,
        failed: failed.length,
        extract_seconds: sum('extractMs'),
        load_seconds: sum('loadMs'),
        cpu_ms_per_report: Math.round(((cpu.user + cpu.system) / 1000 / paths.length) * 10) / 10
      };
    } finally {
      await db.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
