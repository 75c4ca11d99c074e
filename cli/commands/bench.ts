import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { UsageError, type Command } from '../command.ts';
import { benchIngest, type IngestResult } from '../../bench/ingest.ts';
import { buildNational, existingFacts } from '../../bench/national.ts';
import { openBenchDb } from '../../bench/open.ts';
import { coreQueries, timeEntries, type QueryTiming } from '../../bench/queries.ts';
import { runChecks } from '../../warehouse/checks/engine.ts';

const USAGE = `parboard bench [--json] [--facts N] [--db PATH] [--reports N] [--runs N] [--skip-ingest] [--skip-checks]

Đo hiệu năng / measures performance:
  - nạp báo cáo / ingest: N generated reports end to end (read, parse, match, load) into a temp warehouse
  - kho quy mô quốc gia / national-scale warehouse: N synthetic facts built with set-based SQL
  - truy vấn lõi của bảng điều khiển / core dashboard queries: p50/p95 through parboard's layer,
    raw_p50 for the same SQL on a bare DuckDB connection
  - bộ nhớ đỉnh / peak RSS

Options:
  --json          print one JSON object
  --facts N       facts in the national warehouse (default 30000000; e.g. 200000 for a quick run)
  --db PATH       keep (or reuse, if it already holds facts) the national warehouse at PATH
  --reports N     reports for the ingest part (default 1000)
  --runs N        runs per query (default 40)
  --skip-ingest   time the queries only
  --skip-checks   do not time runChecks over the whole national warehouse`;

function intArg(args: string[], name: string, def: number): number {
  const i = args.indexOf(name);
  if (i < 0) return def;
  const v = Number(args[i + 1]?.replace(/_/g, ''));
  if (!Number.isInteger(v) || v <= 0) throw new UsageError(`${name} cần một số nguyên dương / ${name} needs a positive integer`);
  return v;
}

export const command: Command = {
  name: 'bench',
  summary: 'đo hiệu năng nạp và truy vấn / benchmark ingest and queries',
  usage: USAGE,
  async run(args, io) {
    const known = new Set(['--json', '--facts', '--db', '--reports', '--runs', '--skip-ingest', '--skip-checks']);
    for (let i = 0; i < args.length; i++) {
      if (!args[i].startsWith('--')) continue;
      if (!known.has(args[i])) throw new UsageError(`Tùy chọn không hợp lệ / unknown option: ${args[i]}`);
    }
    const json = args.includes('--json');
    const facts = intArg(args, '--facts', 30_000_000);
    const reports = intArg(args, '--reports', 1000);
    const runs = intArg(args, '--runs', 40);
    const dbArg = args.indexOf('--db') >= 0 ? args[args.indexOf('--db') + 1] : null;
    if (args.indexOf('--db') >= 0 && (!dbArg || dbArg.startsWith('--'))) throw new UsageError('--db cần đường dẫn / --db needs a path');
    const log = (s: string) => io.err(`[bench] ${s}`);

    let ingest: IngestResult | { reports: 0; seconds: 0; reports_per_s: 0; error: string } | null = null;
    if (!args.includes('--skip-ingest')) {
      try {
        ingest = await benchIngest(reports, log);
      } catch (e) {
        log(`ingest không chạy được / ingest could not run: ${(e as Error).message}`);
        ingest = { reports: 0, seconds: 0, reports_per_s: 0, error: (e as Error).message };
      }
    }

    const tmp = dbArg ? null : mkdtempSync(join(tmpdir(), 'parboard-bench-'));
    const path = dbArg ? resolve(io.cwd, dbArg) : join(tmp!, 'national.duckdb');
    const reuse = dbArg !== null && existsSync(path);
    const db = await openBenchDb(path);
    let queries: QueryTiming[] = [];
    let checks: { seconds: number; flags: number; steps: Record<string, number> } | null = null;
    let factCount = 0;
    try {
      factCount = reuse ? await existingFacts(db) : 0;
      if (factCount === 0) {
        const t = performance.now();
        log(`building national warehouse (${facts} facts) at ${path}`);
        await buildNational(db, facts, log);
        log(`built in ${((performance.now() - t) / 1000).toFixed(1)} s`);
        factCount = await existingFacts(db);
      } else log(`reusing ${factCount} facts at ${path}`);
      const units = (await db.all<{ id: number }>('SELECT unit_id AS id FROM unit ORDER BY unit_id')).map((r) => Number(r.id));
      const periods = (await db.all<{ id: number }>('SELECT period_id AS id FROM period ORDER BY period_id')).map((r) => Number(r.id));
      const indicators = (await db.all<{ code: string }>(
        'SELECT code FROM indicator WHERE indicator_id IN (SELECT indicator_id FROM fact WHERE document_id = (SELECT min(document_id) FROM document)) ORDER BY indicator_id'
      )).map((r) => r.code);
      const levels = (await db.all<{ level: string }>("SELECT DISTINCT level FROM unit WHERE level <> 'province' ORDER BY level")).map((r) => r.level);
      queries = await timeEntries(coreQueries, { db, units, periods, indicators, levels }, runs);
      // All consistency checks over the whole warehouse (issue: within 10 s at 30M facts).
      if (!args.includes('--skip-checks')) {
        const tc = performance.now();
        const cr = await runChecks(db);
        checks = { seconds: Math.round((performance.now() - tc) / 10) / 100, flags: cr.flags, steps: cr.seconds };
        log(`checks ${checks.seconds} s, ${checks.flags} flags`);
      }
    } finally {
      await db.close();
      if (tmp) rmSync(tmp, { recursive: true, force: true });
    }

    const peak = Math.round(process.resourceUsage().maxRSS / 1024);
    // The machine's state: timings on a shared machine are only comparable with its load alongside.
    const machine = { cores: cpus().length, load_avg_1m: Math.round(loadavg()[0] * 100) / 100 };
    const result = { ingest, facts: factCount, queries, checks, peak_rss_mb: peak, machine };
    if (json) {
      io.out(JSON.stringify(result));
      return 0;
    }
    const lines: string[] = [];
    if (ingest) {
      lines.push(`Ingest: ${ingest.reports} reports in ${ingest.seconds} s = ${ingest.reports_per_s} reports/s${'error' in ingest ? ` (${ingest.error})` : ''}`);
      if ('extract_seconds' in ingest) lines.push(`  read+parse+match ${ingest.extract_seconds} s, load ${ingest.load_seconds} s${ingest.failed ? `, ${ingest.failed} failed` : ''}`);
    }
    lines.push(`Facts: ${factCount.toLocaleString('vi-VN')}`, '');
    lines.push(`${'query'.padEnd(36)} ${'p50 ms'.padStart(9)} ${'p95 ms'.padStart(9)} ${'raw p50'.padStart(9)} ${'ratio'.padStart(6)} ${'cpu p50'.padStart(9)}`);
    for (const q of queries) {
      if (q.p50_ms === null || q.p95_ms === null) {
        lines.push(`${q.name.padEnd(36)} lỗi / failed: ${q.error}`);
        continue;
      }
      const ratio = q.raw_p50_ms ? (q.p50_ms / q.raw_p50_ms).toFixed(2) : '-';
      lines.push(`${q.name.padEnd(36)} ${q.p50_ms.toFixed(1).padStart(9)} ${q.p95_ms.toFixed(1).padStart(9)} ${(q.raw_p50_ms ?? NaN).toFixed(1).padStart(9)} ${ratio.padStart(6)} ${(q.cpu_p50_ms ?? NaN).toFixed(1).padStart(9)}`);
    }
    if (checks) {
      lines.push('', `Checks (runChecks, whole warehouse): ${checks.seconds} s, ${checks.flags} flags`);
      for (const [k, v] of Object.entries(checks.steps)) lines.push(`  ${k.padEnd(34)} ${v.toFixed(2).padStart(7)} s`);
    }
    lines.push('', `Peak RSS: ${peak} MB; ${machine.cores} cores, load average ${machine.load_avg_1m}`);
    io.out(lines.join('\n'));
    return 0;
  }
};
