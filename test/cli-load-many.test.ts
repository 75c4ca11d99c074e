/**
 * `parboard load` with many files (the worker-thread extraction path, >= 200 files): one line per file
 * in the order given, bad and missing files failed in place without stopping the others, exit code 1,
 * and the warehouse holds exactly the good reports.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateDemoProvince } from '../loaders/demo/index.ts';
import { writeDemoFiles } from '../loaders/demo/load-demo.ts';
import { parboard, tempDir } from './cli-helpers.ts';

describe('parboard load FILE... with many files', () => {
  it('prints one line per file in order, fails bad files in place, loads the rest', async () => {
    const dir = tempDir();
    const env = { PARBOARD_DB: join(dir, 'w.duckdb'), PARBOARD_EXTRACT_WORKERS: '1' };
    const { files, manifest } = generateDemoProvince({ seed: 21, units: 13 });
    const paths = writeDemoFiles(join(dir, 'r'), files, manifest).map((p) => p.slice(dir.length + 1));
    expect(paths.length).toBeGreaterThanOrEqual(200);
    writeFileSync(join(dir, 'r', 'rac.md'), 'Không phải báo cáo.\n');
    const args = [...paths.slice(0, 50), 'r/rac.md', ...paths.slice(50, 120), 'r/khong-co.md', ...paths.slice(120)];

    const run = await parboard(['load', '--demo', ...args], { cwd: dir, env });
    expect(run.code).toBe(1);
    // one entry per file (a refusal may carry its reasons on further lines), then the total
    const all = run.stdout.trim().split('\n');
    const lines = all.filter((l) => /^(loaded|superseded|unchanged|failed) \(/.test(l));
    expect(lines).toHaveLength(args.length);
    args.forEach((a, i) => expect(lines[i]).toContain(`: ${a} — `));
    expect(lines[50]).toMatch(/^failed.*r\/rac\.md/);
    expect(lines[121]).toMatch(/^failed.*không tìm thấy tệp \/ file not found/);
    const ok = lines.slice(0, args.length).filter((l) => /^(loaded|superseded)/.test(l));
    expect(ok).toHaveLength(paths.length);
    expect(all[all.length - 1]).toBe(`Tổng / total: ${paths.length} ok, 2 lỗi / failed`);

    const st = await parboard(['status', '--json'], { cwd: dir, env });
    expect(JSON.parse(st.stdout).documents).toBe(paths.length);

    // the same files again: every one unchanged, exit 0
    const again = await parboard(['load', '--json', ...paths], { cwd: dir, env });
    expect(again.code).toBe(0);
    const out = JSON.parse(again.stdout) as { file: string; status: string }[];
    expect(out.map((o) => o.file)).toEqual(paths);
    expect(out.every((o) => o.status === 'unchanged')).toBe(true);
  }, 120_000);
});
