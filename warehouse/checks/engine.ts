/**
 * Consistency checks. The facts in scope are read once into an in-memory cube (fact-cube.ts); the
 * per-report rules (quota, rate, part/whole, sum, hand-written, undefined rate, range, duplicates,
 * required, narrative: document-rules.ts), the cumulative sequence (cumulative.ts) and the peer and
 * trend outliers (outliers.ts) each walk it. Flags are replaced for the scope on every run;
 * follow-up statuses are keyed by fingerprint and survive as long as the same flag holds.
 */
import { loadCatalogue, type Catalogue } from '../catalogue.ts';
import { compileRules, foldProvince, readRulesFile, type CompiledRule, type RulesFile, type Severity } from './rules.ts';
import { intList, type CheckDb } from './db-port.ts';
import { FLAG_COLUMNS, peerOutliers, trendOutliers, writePeerFlags, type PeerHits } from './outliers.ts';
import { decimalIndicatorIds, documentRules } from './document-rules.ts';
import { cumulativeFlags } from './cumulative.ts';
import { readFactCube } from './fact-cube.ts';
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

export interface CheckResult {
  flags: number;
  byKind: Record<string, number>;
  /** Seconds per step (reading the facts, per-report rules, each outlier check, storing, committing): where a slow run spends its time. */
  seconds: Record<string, number>;
}

/** Appends flags to temp table chk_new_flag through the appender (no SQL text per row). */
async function stageFlags(db: CheckDb, flags: FlagRow[]): Promise<void> {
  const a = await db.conn.createAppender('chk_new_flag', 'main', 'temp');
  const json = (x: unknown) => (x === null || x === undefined ? null : JSON.stringify(x));
  const str = (x: string | null) => (x === null ? a.appendNull() : a.appendVarchar(x));
  const int = (x: number | null) => (x === null || !Number.isFinite(x) ? a.appendNull() : a.appendInteger(Math.trunc(x)));
  try {
    for (const f of flags) {
      str(f.fingerprint); str(f.kind); str(f.severity); str(f.rule_id); int(f.unit_id); int(f.period_id); int(f.document_id);
      str(JSON.stringify(f.indicators)); str(JSON.stringify(f.observed)); str(json(f.expected)); str(json(f.baseline));
      str(f.message_vi); str(f.message_en); int(f.line);
      a.endRow();
    }
  } finally {
    a.closeSync();
  }
}

/**
 * Recomputes flags for the scope (all of the warehouse without one) and stores them. Document-level
 * rules for units x periods in scope; non_monotonic for those units' years; peer outliers for the
 * periods in scope; trend outliers for the units in scope. The facts are read once into a cube
 * (fact-cube.ts) and every check walks it.
 */
export async function runChecks(db: CheckDb, scope: CheckScope = {}, ctx: CheckContext = checkContext()): Promise<CheckResult> {
  // One transaction: the load pipeline's when it calls us (a BEGIN inside it would abort it), else
  // the warehouse's write transaction (its own connection, so dashboard reads on the shared one stay
  // outside), else our own on a bare handle.
  if (scope.inTransaction) return checksIn(db, scope, ctx);
  let result: CheckResult;
  let t = 0;
  if (db.transaction) {
    // The commit is timed from the end of fn to the return of transaction().
    await db.transaction(async (tx) => { result = await checksIn(tx, scope, ctx); t = performance.now(); });
  } else {
    await db.run('BEGIN TRANSACTION');
    try {
      result = await checksIn(db, scope, ctx);
      t = performance.now();
      await db.run('COMMIT');
    } catch (e) {
      await db.run('ROLLBACK').catch(() => {});
      throw e;
    }
  }
  result!.seconds.commit = Math.round(performance.now() - t) / 1000;
  return result!;
}

async function checksIn(db: CheckDb, scope: CheckScope, ctx: CheckContext): Promise<CheckResult> {
  const unitList = scope.units && scope.units.length ? scope.units.map(Number).filter(Number.isInteger) : null;
  const periodList = scope.periods && scope.periods.length ? scope.periods.map(Number).filter(Number.isInteger) : null;
  const u = unitList ? `unit_id IN (${intList(unitList)})` : 'true';
  const p = periodList ? `period_id IN (${intList(periodList)})` : 'true';
  const du = u.replace('unit_id', 'd.unit_id'), dp = p.replace('period_id', 'd.period_id');
  const years = periodList ? `p.year IN (SELECT DISTINCT year FROM period WHERE ${p})` : 'true';

  const seconds: Record<string, number> = {};
  const profile = (s: string, t: number) => {
    seconds[s] = Math.round(performance.now() - t) / 1000;
    if (process.env.PARBOARD_CHECKS_PROFILE) process.stderr.write(`[checks] ${s} ${seconds[s].toFixed(2)} s\n`);
  };
  const timed = async <T,>(name: string, f: () => Promise<T> | T): Promise<T> => { const t = performance.now(); const r = await f(); profile(name, t); return r; };

  const idRows = await db.all<{ id: number; code: string }>('SELECT CAST(indicator_id AS INTEGER) AS id, code FROM indicator');
  const idOf = new Map(idRows.map((r) => [r.code, Number(r.id)]));
  const codeOf = new Map(idRows.map((r) => [Number(r.id), r.code]));
  const unitRows = await db.all<{ id: number; level: string; province: string | null }>('SELECT CAST(unit_id AS INTEGER) AS id, level, province FROM unit');
  const levelOf = new Map(unitRows.map((r) => [Number(r.id), String(r.level)]));
  const provinceOf = new Map(unitRows.map((r) => [Number(r.id), r.province ? foldProvince(String(r.province)) : null]));
  const rateIds = ctx.cat.indicators.filter((i) => i.numerator && i.denominator && idOf.has(i.code)).map((i) => idOf.get(i.code)!);

  const cube = await timed('read facts', () =>
    readFactCube(db, { units: unitList ?? undefined, periods: periodList ?? undefined }, { decimalIds: decimalIndicatorIds(ctx, idOf), rateIds }));

  // Narrative statements of the reports in scope (few per report).
  const narrative = new Map<number, { id: number; value: number; line: number | null; text: string }[]>();
  if (ctx.file.generate.narrative_mismatch) {
    const rows = await db.all<any>(`SELECT n.document_id, n.indicator_id, n.value, n.line, n.text FROM narrative_statement n
      JOIN document d ON d.document_id = n.document_id AND d.status = 'current' WHERE ${du} AND ${dp} ORDER BY n.document_id, n.line`);
    for (const r of rows) {
      const k = Number(r.document_id);
      if (!narrative.has(k)) narrative.set(k, []);
      narrative.get(k)!.push({ id: Number(r.indicator_id), value: Number(r.value), line: r.line === null ? null : Number(r.line), text: String(r.text ?? '') });
    }
  }

  const uSet = unitList ? new Set(unitList) : null;
  const pSet = periodList ? new Set(periodList) : null;
  const ySet = periodList ? new Set(cube.periods.filter((x) => pSet!.has(x.id)).map((x) => x.year)) : null;
  const inScope = (slot: number) => (!uSet || uSet.has(cube.unitOf[slot])) && (!pSet || pSet.has(cube.periods[cube.periodOf[slot]].id));

  // The scope's old flags go first (one statement, which DuckDB runs while this thread computes the
  // peer statistics); the new ones are inserted in the same transaction, so readers see either.
  const cleared = db.run(`DELETE FROM flag WHERE
      (kind NOT IN ('non_monotonic','outlier_peer','outlier_trend') AND ${u} AND ${p})
      OR (kind = 'non_monotonic' AND ${u} AND period_id // 100 IN (SELECT DISTINCT year FROM period p WHERE ${years}))
      OR (kind = 'outlier_peer' AND ${p})
      OR (kind = 'outlier_trend' AND ${u})`);
  const oi = { ctx, cube, codeOf, periods: pSet, units: uSet, levelOf };
  let peerHits: PeerHits;
  try {
    peerHits = await timed('outliers: peer', () => peerOutliers(oi));
  } finally {
    await cleared;
  }
  // DuckDB writes the peer flags (the most numerous: messages and JSON in SQL) while this thread
  // applies the per-report rules and looks at the trends.
  const peer = await writePeerFlags(db, oi, peerHits, 'flag', profile);
  const flags: FlagRow[] = [];
  const add = (xs: FlagRow[]) => { for (const x of xs) flags.push(x); };
  try {
    add(await timed('document rules', () => documentRules({ ctx, cube, inScope, narrative, provinceOf, idOf, codeOf, nameVars: (v, lang) => nameVars(ctx, v, lang) })));
    add(await timed('non_monotonic', () => cumulativeFlags({ ctx, cube, idOf, units: uSet, years: ySet })));
    add(await timed('outliers: trend', () => trendOutliers(oi)));
  } finally {
    await peer.written;
  }
  const nPeer = peerHits.count;

  const tStore = performance.now();
  await db.run('DROP TABLE IF EXISTS chk_new_flag');
  await db.run(`CREATE TEMP TABLE chk_new_flag AS SELECT ${FLAG_COLUMNS} FROM flag WHERE false`);
  try {
    await stageFlags(db, flags);
    await db.run(`INSERT INTO flag (${FLAG_COLUMNS}) SELECT ${FLAG_COLUMNS} FROM chk_new_flag`);
  } finally {
    await db.run('DROP TABLE IF EXISTS chk_new_flag');
  }
  // A follow-up lives as long as its flag: drop those whose flag no longer holds anywhere.
  await db.run('DELETE FROM flag_followup WHERE fingerprint NOT IN (SELECT fingerprint FROM flag)');
  profile('store', tStore);
  const byKind: Record<string, number> = {};
  for (const f of flags) byKind[f.kind] = (byKind[f.kind] ?? 0) + 1;
  if (nPeer) byKind.outlier_peer = (byKind.outlier_peer ?? 0) + nPeer;
  return { flags: flags.length + nPeer, byKind, seconds };
}

/** Sets the follow-up status of a flag (kept across recomputation while the flag holds). */
export async function setFollowup(db: CheckDb, fingerprint: string, status: 'open' | 'acknowledged' | 'explained' | 'resolved', comment: string | null = null): Promise<void> {
  if (!['open', 'acknowledged', 'explained', 'resolved'].includes(status)) throw new Error(`unknown status ${status}`);
  await db.run(`INSERT INTO flag_followup (fingerprint, status, comment, updated_at) VALUES (?, ?, ?, current_timestamp)
    ON CONFLICT (fingerprint) DO UPDATE SET status = excluded.status, comment = excluded.comment, updated_at = excluded.updated_at`, [fingerprint, status, comment]);
}
