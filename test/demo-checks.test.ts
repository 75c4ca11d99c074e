/**
 * A small demo province loaded through the real pipeline (extractFile -> loadExtraction, isDemo) and
 * checked with runChecks: every injected inconsistency is flagged at error severity at its unit and
 * period, nothing else is, and the missing and late reports show in the timeliness view.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateDemoProvince } from '../loaders/demo/index.ts';
import { writeDemoFiles } from '../loaders/demo/load-demo.ts';
import { loadDemoPaths } from '../warehouse/load-demo.ts';
import { openWarehouse, closeAllWarehouses } from '../warehouse/db.ts';
import { runChecks } from '../warehouse/checks/engine.ts';

const dir = mkdtempSync(join(tmpdir(), 'parboard-demo-checks-'));
afterAll(async () => {
  await closeAllWarehouses();
  rmSync(dir, { recursive: true, force: true });
});

describe('demo province through the loaders and the checks', () => {
  it('loads as demo data; error flags are exactly the injected ones; missing and late reports are seen', async () => {
    const { files, manifest } = generateDemoProvince({ seed: 11, units: 8, years: [2024] });
    const paths = writeDemoFiles(join(dir, 'reports'), files, manifest);
    const w = await openWarehouse(join(dir, 'w.duckdb'));
    const out = await loadDemoPaths(w, paths, files);
    expect(out.filter((o) => o.status === 'failed')).toEqual([]);
    const docs = await w.all<{ n: number; demo: number }>('SELECT CAST(count(*) AS INTEGER) AS n, CAST(count(*) FILTER (WHERE is_demo) AS INTEGER) AS demo FROM document');
    expect(docs[0]).toEqual({ n: files.length, demo: files.length });

    await runChecks(w as never);
    const flags = await w.all<{ kind: string; unit: string; year: number; pkind: string; inds: string }>(
      `SELECT g.kind, u.name AS unit, CAST(p.year AS INTEGER) AS year, p.kind AS pkind, CAST(g.indicators AS VARCHAR) AS inds
       FROM flag g JOIN unit u USING (unit_id) JOIN period p USING (period_id) WHERE g.severity = 'error'`
    );
    const norm = (s: string) => s.replace(/^Ủy ban nhân dân /, 'UBND ');
    const got = new Set(flags.map((f) => `${f.kind}|${norm(f.unit)}|${f.year}|${f.pkind}`));
    const dataKinds = ['quota_exceeded', 'rate_mismatch', 'part_exceeds_whole'];
    const want = new Set(manifest.injected.filter((x) => dataKinds.includes(x.kind)).map((x) => `${x.kind}|${norm(x.unit)}|${x.period.year}|${x.period.kind}`));
    expect(want.size).toBeGreaterThanOrEqual(6);
    expect([...got].sort()).toEqual([...want].sort());

    const tl = await w.all<{ unit: string; kind: string; status: string }>(
      `SELECT t.unit_name AS unit, p.kind, t.status FROM report_timeliness t JOIN period p USING (period_id) WHERE t.status <> 'on_time'`
    );
    const seen = new Set(tl.map((r) => `${r.status}|${norm(r.unit)}|${r.kind}`));
    const expected = new Set(
      manifest.injected.filter((x) => x.kind === 'missing_report' || x.kind === 'late_report').map((x) => `${x.kind === 'late_report' ? 'late' : 'missing'}|${norm(x.unit)}|${x.period.kind}`)
    );
    expect([...seen].sort()).toEqual([...expected].sort());
  }, 180_000);
});
