/**
 * Consistency checks. The per-report rules (quota, rate, part/whole, sum, hand-written, undefined
 * rate, range, duplicates, required, narrative) run in one pass over the reports'
 * facts (document-pass.ts); the rules that compare across reports (cumulative sequence, peer and
 * trend outliers) are set-based SQL (outliers.ts). Flags are replaced for the scope on every run;
 * follow-up statuses are keyed by fingerprint and survive as long as the same flag holds.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCatalogue, type Catalogue } from '../catalogue.ts';
import { compileRules, readRulesFile, type CompiledRule, type RulesFile, type Severity } from './rules.ts';
import { fill, fmtEn, fmtVi, intList, num, type CheckDb } from './db-port.ts';
import { baseFactsSql, outlierFlags } from './outliers.ts';
import { documentPass, type DuplicatePair } from './document-pass.ts';
import { fingerprintOf } from './fingerprint.ts';

export { fingerprintOf };

export interface CheckScope {
  /** Units whose reports changed; absent = all units. */
  units?: number[];
  /** Periods whose reports changed; absent = all periods. */
  periods?: number[];
  /** Set when called inside the caller's open transaction (the load hook): no BEGIN/COMMIT of our own. */
  inTransaction?: boolean;
}

export interface FlagRow {
  fingerprint: string;
  kind: string;
  severity: Severity;
  rule_id: string;
  unit_id: number;
  period_id: number;
  document_id: number | null;
  indicators: string[];
  observed: Record<string, number | null>;
  expected: unknown;
  baseline: unknown;
  message_vi: string;
  message_en: string;
  line: number | null;
}

function makeFlag(f: Omit<FlagRow, 'fingerprint'>): FlagRow {
  return { ...f, fingerprint: fingerprintOf(f.kind, f.rule_id, f.unit_id, f.period_id, f.indicators) };
}

function sqlStr(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

export interface CheckContext {
  cat: Catalogue;
  file: RulesFile;
  rules: CompiledRule[];
}

export function checkContext(cat: Catalogue = loadCatalogue(), file: RulesFile = readRulesFile()): CheckContext {
  return { cat, file, rules: compileRules(cat, file) };
}

/** Placeholders holding catalogue codes are shown as the indicator's name ("đúng hạn" rather than a code). */
function nameVars(ctx: CheckContext, vars: Record<string, string>, lang: 'vi' | 'en'): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(vars)) {
    const ind = ctx.cat.byCode.get(v);
    out[k] = ind ? `"${lang === 'vi' ? ind.name_vi : ind.name_en}"` : v.split(' + ').map((c) => ctx.cat.byCode.get(c)).every(Boolean)
      ? v.split(' + ').map((c) => `"${lang === 'vi' ? ctx.cat.byCode.get(c)!.name_vi : ctx.cat.byCode.get(c)!.name_en}"`).join(' + ') : v;
  }
  return out;
}

/** Cumulative (lũy kế) flow indicators falling along Q1 -> H1 -> 9M -> year within one year. */
async function monotonicFlags(db: CheckDb, ctx: CheckContext, unitWhere: string, yearWhere: string): Promise<FlagRow[]> {
  const s = ctx.file.generate.non_monotonic;
  if (!s) return [];
  const aggs = new Set<string>(s.aggregations ?? ['sum']);
  const codes = ctx.cat.indicators.filter((i) => i.cumulative && aggs.has(i.aggregation) && (i.kind === 'count' || i.kind === 'money')).map((i) => i.code);
  const seq: string[] = s.sequence ?? ['Q1', 'H1', '9M', 'year'];
  if (!codes.length) return [];
  // Only the periods of the cumulative sequence, only cumulative indicators: a small slice of the facts.
  const rows = await db.all<any>(`
    WITH c(code) AS (VALUES ${codes.map((c) => `(${sqlStr(c)})`).join(',')}),
    s(kind, ord) AS (VALUES ${seq.map((k, i) => `(${sqlStr(k)}, ${i})`).join(',')}),
    y AS (
      SELECT f.document_id, f.unit_id, f.period_id, p.year, p.kind AS pkind, s.ord, i.code, f.value, f.line
      FROM (${baseFactsSql(`${unitWhere} AND f.period_id IN (SELECT period_id FROM period p JOIN s ON s.kind = p.kind WHERE ${yearWhere})`)}) f
      JOIN indicator i ON i.indicator_id = f.indicator_id JOIN c ON c.code = i.code
      JOIN period p ON p.period_id = f.period_id JOIN s ON s.kind = p.kind),
    z AS (SELECT *, lag(value) OVER w AS prev, lag(pkind) OVER w AS prev_kind, lag(period_id) OVER w AS prev_period
          FROM y WINDOW w AS (PARTITION BY unit_id, year, code ORDER BY ord, document_id))
    SELECT * FROM z WHERE prev IS NOT NULL AND value < prev`);
  return rows.map((x) => {
    const code = String(x.code);
    const v = Number(x.value), prev = Number(x.prev);
    const vars = (f: (n: number) => string) => ({ left: f(v), prev: f(prev), prev_period: `${x.prev_kind}/${x.year}`, period: `${x.pkind}/${x.year}` });
    return makeFlag({
      kind: 'non_monotonic', severity: s.severity, rule_id: `monotonic.${code}`, unit_id: Number(x.unit_id), period_id: Number(x.period_id),
      document_id: Number(x.document_id), indicators: [code], observed: { [code]: v },
      expected: { operator: '>=', bound: prev, previous_period: { year: Number(x.year), kind: String(x.prev_kind) } },
      baseline: { previous: prev, previous_period_id: Number(x.prev_period) },
      message_vi: fill(s.message_vi, vars((n) => fmtVi(n))), message_en: fill(s.message_en, vars((n) => fmtEn(n))), line: num(x.line),
    });
  });
}

/** The resolved (document, indicator) pairs that were reported on several rows, for the set-based checks. */
async function writeDuplicates(db: CheckDb, pairs: DuplicatePair[]): Promise<void> {
  await db.run('DROP TABLE IF EXISTS chk_dup');
  await db.run('CREATE TEMP TABLE chk_dup (document_id INTEGER, indicator_id INTEGER, unit_id INTEGER, period_id INTEGER, value DOUBLE, line INTEGER)');
  const n = (x: number | null) => (x === null || !Number.isFinite(x) ? 'NULL' : String(x));
  for (let i = 0; i < pairs.length; i += 2000)
    await db.run(`INSERT INTO chk_dup VALUES ${pairs.slice(i, i + 2000).map((d) =>
      `(${Math.trunc(d.document_id)}, ${Math.trunc(d.indicator_id)}, ${Math.trunc(d.unit_id)}, ${Math.trunc(d.period_id)}, ${n(d.value)}, ${d.line === null ? 'NULL' : Math.trunc(d.line)})`).join(',')}`);
}

export interface CheckResult {
  flags: number;
  byKind: Record<string, number>;
  /** Seconds per step (per-report rules, each outlier pass, storing): where a slow run spends its time. */
  seconds: Record<string, number>;
}

/**
 * Recomputes flags for the scope (all of the warehouse without one) and stores them. Document-level
 * rules for units x periods in scope; non_monotonic for those units' years; peer outliers for the
 * periods in scope; trend outliers for the units in scope.
 */
export async function runChecks(db: CheckDb, scope: CheckScope = {}, ctx: CheckContext = checkContext()): Promise<CheckResult> {
  const u = scope.units && scope.units.length ? `unit_id IN (${intList(scope.units)})` : 'true';
  const p = scope.periods && scope.periods.length ? `period_id IN (${intList(scope.periods)})` : 'true';
  const fu = u.replace('unit_id', 'f.unit_id'), fp = p.replace('period_id', 'f.period_id');
  const du = u.replace('unit_id', 'd.unit_id'), dp = p.replace('period_id', 'd.period_id');
  const years = scope.periods && scope.periods.length ? `p.year IN (${intList([...new Set(scope.periods.map((x) => Math.floor(x / 100)))])})` : 'true';

  const seconds: Record<string, number> = {};
  const profile = (s: string, t: number) => {
    seconds[s] = Math.round(performance.now() - t) / 1000;
    if (process.env.PARBOARD_CHECKS_PROFILE) process.stderr.write(`[checks] ${s} ${seconds[s].toFixed(2)} s\n`);
  };
  const timed = async <T,>(name: string, f: () => Promise<T>): Promise<T> => { const t = performance.now(); const r = await f(); profile(name, t); return r; };
  // Per-report rules in one pass; it also resolves indicators reported twice in a report,
  // which the statistics below read from chk_dup.
  const pass = await timed('document rules', () =>
    documentPass(db, { ctx, factWhere: `${fu} AND ${fp}`, docWhere: `${du} AND ${dp}`, nameVars: (v, lang) => nameVars(ctx, v, lang) }));
  await timed('duplicates table', () => writeDuplicates(db, pass.duplicates));
  const nOutliers = await timed('outliers', () => outlierFlags(db, ctx, scope, profile));
  const flags: FlagRow[] = [
    ...pass.flags,
    ...(await timed('non_monotonic', () => monotonicFlags(db, ctx, fu, years))),
  ];
  const tStore = performance.now();

  // Replace the flags this run is responsible for, in one go.
  const peerP = scope.periods && scope.periods.length ? `period_id IN (${intList(scope.periods)})` : 'true';
  const dir = mkdtempSync(join(tmpdir(), 'parboard-flags-'));
  try {
    const file = join(dir, 'flags.ndjson');
    writeFileSync(file, flags.map((f) => JSON.stringify({
      ...f, indicators: JSON.stringify(f.indicators), observed: JSON.stringify(f.observed),
      expected: f.expected === null || f.expected === undefined ? null : JSON.stringify(f.expected),
      baseline: f.baseline === null || f.baseline === undefined ? null : JSON.stringify(f.baseline),
    })).join('\n') + '\n');
    // The load pipeline may call us inside its own transaction: then its transaction covers us.
    // (A failed BEGIN would abort an enclosing DuckDB transaction, so we are told rather than trying.)
    const own = !scope.inTransaction;
    if (own) await db.run('BEGIN TRANSACTION');
    try {
      await db.run(`DELETE FROM flag WHERE kind NOT IN ('non_monotonic','outlier_peer','outlier_trend') AND ${u} AND ${p}`);
      await db.run(`DELETE FROM flag WHERE kind = 'non_monotonic' AND ${u} AND period_id // 100 IN (SELECT DISTINCT year FROM period p WHERE ${years})`);
      await db.run(`DELETE FROM flag WHERE kind = 'outlier_peer' AND ${peerP}`);
      await db.run(`DELETE FROM flag WHERE kind = 'outlier_trend' AND ${u}`);
      if (nOutliers)
        await db.run(`INSERT INTO flag (fingerprint, kind, severity, rule_id, unit_id, period_id, document_id, indicators, observed, expected, baseline, message_vi, message_en, line)
          SELECT fingerprint, kind, severity, rule_id, unit_id, period_id, document_id, indicators, observed, expected, baseline, message_vi, message_en, line FROM chk_out_flag`);
      if (flags.length)
        await db.run(`INSERT INTO flag (fingerprint, kind, severity, rule_id, unit_id, period_id, document_id, indicators, observed, expected, baseline, message_vi, message_en, line)
          SELECT fingerprint, kind, severity, rule_id, unit_id, period_id, document_id, indicators, observed, expected, baseline, message_vi, message_en, line
          FROM read_json(${sqlStr(file)}, format = 'newline_delimited', columns = {fingerprint: 'VARCHAR', kind: 'VARCHAR', severity: 'VARCHAR',
            rule_id: 'VARCHAR', unit_id: 'INTEGER', period_id: 'INTEGER', document_id: 'INTEGER', indicators: 'VARCHAR', observed: 'VARCHAR',
            expected: 'VARCHAR', baseline: 'VARCHAR', message_vi: 'VARCHAR', message_en: 'VARCHAR', line: 'INTEGER'})`);
      // A follow-up lives as long as its flag: drop those whose flag no longer holds anywhere.
      await db.run('DELETE FROM flag_followup WHERE fingerprint NOT IN (SELECT fingerprint FROM flag)');
      if (own) await db.run('COMMIT');
    } catch (e) {
      if (own) await db.run('ROLLBACK');
      throw e;
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  profile('store', tStore);
  const byKind: Record<string, number> = {};
  for (const f of flags) byKind[f.kind] = (byKind[f.kind] ?? 0) + 1;
  if (nOutliers)
    for (const r of await db.all<{ kind: string; n: number }>('SELECT kind, count(*) AS n FROM chk_out_flag GROUP BY kind'))
      byKind[r.kind] = (byKind[r.kind] ?? 0) + Number(r.n);
  return { flags: flags.length + nOutliers, byKind, seconds };
}

/** Sets the follow-up status of a flag (kept across recomputation while the flag holds). */
export async function setFollowup(db: CheckDb, fingerprint: string, status: 'open' | 'acknowledged' | 'explained' | 'resolved', comment: string | null = null): Promise<void> {
  if (!['open', 'acknowledged', 'explained', 'resolved'].includes(status)) throw new Error(`unknown status ${status}`);
  await db.run(`INSERT INTO flag_followup (fingerprint, status, comment, updated_at) VALUES (?, ?, ?, current_timestamp)
    ON CONFLICT (fingerprint) DO UPDATE SET status = excluded.status, comment = excluded.comment, updated_at = excluded.updated_at`, [fingerprint, status, comment]);
}
