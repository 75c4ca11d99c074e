/**
 * `parboard bench --json` contract at tiny sizes: one JSON object with ingest, facts, queries
 * (name, p50_ms, p95_ms, raw_p50_ms) and peak_rss_mb. Timings are not asserted (no timed tests).
 */
import { describe, expect, it } from 'vitest';
import { main } from '../cli/main.ts';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t), cwd: process.cwd() }, out, err };
}

describe('parboard bench', () => {
  it('prints one JSON object of the agreed shape for a tiny national warehouse', async () => {
    const c = capture();
    const code = await main(['bench', '--json', '--facts', '20000', '--runs', '2', '--skip-ingest'], c.io);
    expect(code).toBe(0);
    expect(c.out).toHaveLength(1);
    const r = JSON.parse(c.out[0]);
    for (const k of ['facts', 'ingest', 'peak_rss_mb', 'queries']) expect(Object.keys(r)).toContain(k);
    expect(r.facts).toBeGreaterThan(15000);
    expect(r.facts).toBeLessThan(30000);
    const names = r.queries.map((q: { name: string }) => q.name);
    for (const n of ['trend_one_unit_one_indicator', 'indicator_across_level_one_period', 'area_scores_ranking', 'flag_counts_by_unit']) expect(names).toContain(n);
    for (const q of r.queries) {
      expect(typeof q.p50_ms).toBe('number');
      expect(q.p95_ms).toBeGreaterThanOrEqual(q.p50_ms);
      expect(q.raw_p50_ms === null || typeof q.raw_p50_ms === 'number').toBe(true);
    }
    expect(r.peak_rss_mb).toBeGreaterThan(0);
    // Whole-warehouse checks ran, with where their time went.
    expect(r.checks.flags).toBeGreaterThan(0);
    for (const step of ['read facts', 'document rules', 'outliers: peer', 'outliers: trend', 'store']) expect(typeof r.checks.steps[step]).toBe('number');
  }, 120_000);

  it('rejects bad arguments with a clear message and exit code 2', async () => {
    const c = capture();
    expect(await main(['bench', '--facts', 'many'], c.io)).toBe(2);
    expect(c.err.join('\n')).toMatch(/--facts/);
    const d = capture();
    expect(await main(['bench', '--frobnicate'], d.io)).toBe(2);
    expect(d.err.join('\n')).toMatch(/unknown option/);
  });
});
