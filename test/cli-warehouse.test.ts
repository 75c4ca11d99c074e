import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parboard, tempDir, writeReport } from './cli-helpers.ts';

describe('parboard load / status / export (real CLI process)', () => {
  it('loads, reports unchanged and superseded, counts current versions, exports Parquet', async () => {
    const dir = tempDir();
    const env = { PARBOARD_DB: join(dir, 'db', 'w.duckdb') };
    writeReport(dir, 'snv-q1.md', { agency: 'Sở Nội vụ', province: 'Sơn La', period: 'Quý I năm 2024', quota: 31, present: 29 });
    writeReport(dir, 'snv-q1-sua.md', { agency: 'Sở Nội vụ', province: 'Sơn La', period: 'Quý I năm 2024', quota: 31, present: 30 });
    writeReport(dir, 'stp-h1.md', { agency: 'Sở Tư pháp', province: 'Sơn La', period: '6 tháng đầu năm 2024', quota: 25, present: 24 });
    writeFileSync(join(dir, 'rac.md'), 'Không phải báo cáo.\n');

    const empty = await parboard(['status', '--json'], { cwd: dir, env });
    expect(empty.code).toBe(0);
    expect(JSON.parse(empty.stdout)).toEqual({ documents: 0, units: 0, periods: 0, indicators: 0, facts: 0 });

    // one bad file and a missing one do not stop the others; exit code says something failed
    const first = await parboard(['load', 'snv-q1.md', 'rac.md', 'khong-co.md', 'stp-h1.md'], { cwd: dir, env });
    expect(first.code).toBe(1);
    const lines = first.stdout.trim().split('\n');
    expect(lines.find((l) => l.includes('snv-q1.md'))).toMatch(/^loaded/);
    expect(lines.find((l) => l.includes('stp-h1.md'))).toMatch(/^loaded.*6 tháng đầu năm 2024/);
    expect(lines.find((l) => l.includes('rac.md'))).toMatch(/^failed/);
    expect(lines.find((l) => l.includes('khong-co.md'))).toMatch(/^failed.*không tìm thấy tệp \/ file not found/);

    const second = await parboard(['load', 'snv-q1.md', 'snv-q1-sua.md'], { cwd: dir, env });
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/^unchanged.*snv-q1\.md/m);
    expect(second.stdout).toMatch(/^superseded.*snv-q1-sua\.md.*version 2/m);

    const st = await parboard(['status', '--json'], { cwd: dir, env });
    expect(JSON.parse(st.stdout)).toEqual({ documents: 2, units: 2, periods: 2, indicators: 4, facts: 8 });
    const readable = await parboard(['status'], { cwd: dir, env });
    expect(readable.code).toBe(0);
    expect(readable.stdout).toMatch(/all versions: 3/);

    const ex = await parboard(['export', '--parquet', 'pq', '--json'], { cwd: dir, env });
    expect(ex.code).toBe(0);
    expect(JSON.parse(ex.stdout)).toMatchObject({ dir: join(dir, 'pq'), years: [2024] });
    expect(readdirSync(join(dir, 'pq', 'fact'))).toEqual(['year=2024']);
  });

  it('--help for every warehouse command, and bad arguments exit 2 with a bilingual message', async () => {
    const dir = tempDir();
    const env = { PARBOARD_DB: join(dir, 'w.duckdb') };
    // One real process for each kind of answer...
    const h = await parboard(['export', '--help'], { cwd: dir, env });
    expect(h.code).toBe(0);
    expect(h.stdout).toMatch(/Usage: parboard export/);
    const u = await parboard(['load'], { cwd: dir, env });
    expect(u.code).toBe(2);
    expect(u.stderr).toMatch(/Chưa có tệp nào để nạp \/ no file given/);
    // ...the rest through the same main() in-process (same code path, without a process start each).
    const { main } = await import('../cli/main.ts');
    const run = async (args: string[]) => {
      const out: string[] = [];
      const err: string[] = [];
      const code = await main(args, { out: (t) => void out.push(t), err: (t) => void err.push(t), cwd: dir });
      return { code, stdout: out.join('\n'), stderr: err.join('\n') };
    };
    for (const c of ['load', 'status', 'export']) {
      const r = await run([c, '--help']);
      expect(r.code, c).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`Usage: parboard ${c}`));
    }
    const bad: [string[], RegExp][] = [
      [['load', '--frobnicate', 'x.md'], /unknown option: --frobnicate/],
      [['status', '--xml'], /Tham số không hợp lệ \/ unknown argument: --xml/],
      [['export'], /Thiếu --parquet DIR \/ missing --parquet DIR/],
      [['export', '--parquet'], /--parquet needs a directory/]
    ];
    for (const [args, msg] of bad) {
      const r = await run(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(msg);
      expect(r.stderr).toMatch(/Usage: parboard/);
    }
    // --help and argument errors never create the warehouse file
    expect(existsSync(join(dir, 'w.duckdb'))).toBe(false);
  });
});
