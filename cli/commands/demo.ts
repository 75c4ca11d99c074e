import { mkdtempSync, readdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { UsageError, type Command } from '../command.ts';
import { generateDemoProvince } from '../../loaders/demo/index.ts';
import { writeDemoFiles } from '../../loaders/demo/load-demo.ts';
import { loadDemoPaths } from '../../warehouse/load-demo.ts';

const USAGE = `parboard demo [--out DIR] [--load] [--seed N] [--units N] [--json]

Tạo dữ liệu minh họa (tỉnh "Demo") / generates the demo province deterministically:
  >= 30 units (Sở, Ban Quản lý, UBND xã/phường) × Q1–Q4, 6 tháng, năm for 2022–2024, rendered as report
  files (Markdown, TSV, PDF-extracted text) with a known list of injected inconsistencies in
  demo-manifest.json (staff over quota, rates disagreeing with their counts, parts larger than
  wholes, missing and late reports).

Options:
  --out DIR    where to write the files (default data/demo)
  --load       load them into the warehouse through the real loaders, marked as demo data
  --seed N     another demo province (default 2024)
  --units N    number of units (default 34)
  --json       print a JSON summary`;

function intArg(args: string[], name: string): number | undefined {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const v = Number(args[i + 1]);
  if (!Number.isInteger(v) || v < 0) throw new UsageError(`${name} cần một số nguyên / ${name} needs an integer`);
  return v;
}

export const command: Command = {
  name: 'demo',
  summary: 'tạo (và nạp) tỉnh dữ liệu minh họa / generate (and load) the demo province',
  usage: USAGE,
  async run(args, io) {
    const known = new Set(['--out', '--load', '--seed', '--units', '--json']);
    for (const a of args) if (a.startsWith('--') && !known.has(a)) throw new UsageError(`Tùy chọn không hợp lệ / unknown option: ${a}`);
    const outIdx = args.indexOf('--out');
    if (outIdx >= 0 && (!args[outIdx + 1] || args[outIdx + 1].startsWith('--'))) throw new UsageError('--out cần thư mục / --out needs a directory');
    const units = intArg(args, '--units');
    if (units !== undefined && units < 30) throw new UsageError('--units: tối thiểu 30 / at least 30');
    const dir = outIdx >= 0 ? resolve(io.cwd, args[outIdx + 1]) : resolve(io.cwd, 'data', 'demo');
    if (existsSync(dir) && readdirSync(dir).some((f) => !f.startsWith('demo-'))) {
      io.err(`Thư mục ${dir} có tệp không phải dữ liệu demo; chọn thư mục khác / ${dir} holds non-demo files; choose another --out`);
      return 1;
    }
    const { files, manifest } = generateDemoProvince({ seed: intArg(args, '--seed'), units });
    const paths = writeDemoFiles(dir, files, manifest);
    const kinds: Record<string, number> = {};
    for (const x of manifest.injected) kinds[x.kind] = (kinds[x.kind] ?? 0) + 1;
    const summary: Record<string, unknown> = { dir, reports: files.length, units: manifest.units.length, periods: manifest.periods.length, injected: kinds, manifest: join(dir, 'demo-manifest.json') };
    if (args.includes('--load')) {
      const mod = (await import('../../warehouse/db.ts' as string)) as { openWarehouse(p?: string): Promise<unknown> };
      const w = await mod.openWarehouse();
      const out = await loadDemoPaths(w, paths, files);
      const by: Record<string, number> = {};
      for (const o of out) by[o.status] = (by[o.status] ?? 0) + 1;
      summary.load = by;
      const failed = out.filter((o) => o.status === 'failed');
      for (const f of failed.slice(0, 10)) io.err(`${f.file}: failed: ${f.error}`);
      if (failed.length) summary.failed = failed.map((f) => f.file);
    }
    if (args.includes('--json')) io.out(JSON.stringify(summary));
    else {
      io.out(`Dữ liệu minh họa / demo data: ${files.length} báo cáo / reports, ${manifest.units.length} đơn vị / units → ${dir}`);
      io.out(`Lỗi cài sẵn / injected: ${Object.entries(kinds).map(([k, n]) => `${k} ${n}`).join(', ')} (demo-manifest.json)`);
      if (summary.load) io.out(`Nạp / load: ${Object.entries(summary.load as Record<string, number>).map(([k, n]) => `${k} ${n}`).join(', ')}`);
    }
    return summary.failed ? 1 : 0;
  }
};

/** Used by `npm start` on an empty warehouse. */
export async function loadDemoInto(w: unknown, dir = mkdtempSync(join(tmpdir(), 'parboard-demo-'))): Promise<{ reports: number; failed: number }> {
  const { files, manifest } = generateDemoProvince();
  const paths = writeDemoFiles(dir, files, manifest);
  const out = await loadDemoPaths(w, paths, files);
  return { reports: files.length, failed: out.filter((o) => o.status === 'failed').length };
}
