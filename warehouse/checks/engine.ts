/**
 * Consistency checks as set-based SQL over current_fact: one query for all comparison rules
 * (quota, rate, part/whole, sum and hand-written), one per remaining kind. JS only formats the
 * (few) violations into flags. Flags are replaced for the scope on every run; follow-up statuses are
 * keyed by fingerprint and survive as long as the same flag holds.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCatalogue, type Catalogue } from '../catalogue.ts';
import { compileRules, foldProvince, readRulesFile, type CompiledRule, type RulesFile, type Severity } from './rules.ts';
import { fill, fmtEn, fmtVi, intList, num, type CheckDb } from './db-port.ts';
import { outlierFlags } from './outliers.ts';

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

export function fingerprintOf(kind: string, ruleId: string, unitId: number, periodId: number, indicators: string[]): string {
  // md5 so that SQL (md5()) and JS produce the same fingerprint for the same flag.
  return createHash('md5').update([kind, ruleId, unitId, periodId, [...indicators].sort().join(',')].join('|')).digest('hex').slice(0, 20);
}

function makeFlag(f: Omit<FlagRow, 'fingerprint'>): FlagRow {
  return { ...f, fingerprint: fingerprintOf(f.kind, f.rule_id, f.unit_id, f.period_id, f.indicators) };
}

const OP_OK: Record<string, string> = {
  '<=': 'lv <= rv + tol',
  '<': 'lv < rv + tol',
  '>=': 'lv >= rv - tol',
  '>': 'lv > rv - tol',
  '==': 'abs(lv - rv) <= tol',
};

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

/** Builds chk_fact: the first reported row per (document, indicator) of current documents in scope. */
async function buildFactTable(db: CheckDb, where: string): Promise<void> {
  await db.run('DROP TABLE IF EXISTS chk_fact');
  // A reported row wins over an empty one; among equals the first row of the table.
  // An indicator reported twice with different values in one report is flagged as duplicate_row only:
  // its value is withheld from the other rules (status 'duplicate'), which then skip it as missing,
  // instead of raising a second alarm from an arbitrary pick of the two values.
  await db.run(`CREATE TEMP TABLE chk_fact AS
    SELECT f.document_id, f.indicator_id, any_value(f.unit_id) AS unit_id, any_value(f.period_id) AS period_id,
           CASE WHEN count(DISTINCT f.value) > 1 THEN NULL
                ELSE arg_min(f.value, f.row_no + CASE WHEN f.status = 'reported' THEN 0 ELSE 1000000000 END) END AS value,
           CASE WHEN count(DISTINCT f.value) > 1 THEN 'duplicate'
                ELSE arg_min(f.status, f.row_no + CASE WHEN f.status = 'reported' THEN 0 ELSE 1000000000 END) END AS status,
           arg_min(f.raw, f.row_no + CASE WHEN f.status = 'reported' THEN 0 ELSE 1000000000 END) AS raw,
           arg_min(f.line, f.row_no + CASE WHEN f.status = 'reported' THEN 0 ELSE 1000000000 END) AS line,
           arg_min(f.denominator, f.row_no + CASE WHEN f.status = 'reported' THEN 0 ELSE 1000000000 END) AS fden
    FROM current_fact f WHERE ${where}
    GROUP BY f.document_id, f.indicator_id`);
}

/** Comparison rules (quota, rate, part/whole, sum, hand-written) in one query. */
async function comparisonFlags(db: CheckDb, ctx: CheckContext): Promise<number> {
  const rules = ctx.rules;
  await db.run('DROP TABLE IF EXISTS chk_cmp_flag');
  if (!rules.length) return 0;
  const ruleRows: string[] = [];
  const termRows: string[] = [];
  const provRows: string[] = [];
  rules.forEach((r, i) => {
    const lt = Object.keys(r.left.num).length, ld = r.left.den ? Object.keys(r.left.den).length : 0;
    const rt = Object.keys(r.right.num).length, rd = r.right.den ? Object.keys(r.right.den).length : 0;
    const wt = r.when ? Object.keys(r.when.side.num).length : 0;
    ruleRows.push(`(${i}, ${r.left.constant}, ${r.left.scale}, ${r.left.den ? 'true' : 'false'}, ${lt}, ${ld}, ` +
      `${r.right.constant}, ${r.right.scale}, ${r.right.den ? 'true' : 'false'}, ${rt}, ${rd}, ` +
      `${sqlStr(r.op)}, ${sqlStr(r.missing)}, ${r.tolerance}, ${r.tolMode === 'printed_precision' ? 'true' : 'false'}, ${r.tolUlps}, ` +
      `${wt}, ${r.when ? r.when.side.constant : 0}, ${sqlStr(r.when ? r.when.op : '==')}, ${r.when ? r.when.value : 0}, ${sqlStr(r.group)})`);
    let primary = true;
    const add = (side: string, part: string, terms: Record<string, number>) => {
      for (const [code, coef] of Object.entries(terms)) {
        termRows.push(`(${i}, '${side}', '${part}', ${sqlStr(code)}, ${coef}, ${primary})`);
        primary = false;
      }
    };
    add('L', 'num', r.left.num); if (r.left.den) add('L', 'den', r.left.den);
    add('R', 'num', r.right.num); if (r.right.den) add('R', 'den', r.right.den);
    if (r.when) add('W', 'num', r.when.side.num);
    for (const p of r.provinces ?? []) provRows.push(`(${i}, ${sqlStr(p)})`);
  });
  await db.run('DROP TABLE IF EXISTS chk_rule');
  await db.run(`CREATE TEMP TABLE chk_rule (rule_no INTEGER, l_const DOUBLE, l_scale DOUBLE, l_ratio BOOLEAN, l_nt INTEGER, l_dt INTEGER,
    r_const DOUBLE, r_scale DOUBLE, r_ratio BOOLEAN, r_nt INTEGER, r_dt INTEGER, op VARCHAR, missing VARCHAR, tolerance DOUBLE,
    tol_printed BOOLEAN, tol_ulps DOUBLE, w_nt INTEGER, w_const DOUBLE, w_op VARCHAR, w_value DOUBLE, grp VARCHAR)`);
  await db.run(`INSERT INTO chk_rule VALUES ${ruleRows.join(',')}`);
  await db.run('DROP TABLE IF EXISTS chk_term');
  await db.run('CREATE TEMP TABLE chk_term (rule_no INTEGER, side VARCHAR, part VARCHAR, code VARCHAR, coef DOUBLE, is_primary BOOLEAN)');
  if (termRows.length) await db.run(`INSERT INTO chk_term VALUES ${termRows.join(',')}`);
  await db.run('DROP TABLE IF EXISTS chk_rule_province');
  await db.run('CREATE TEMP TABLE chk_rule_province (rule_no INTEGER, province VARCHAR)');
  if (provRows.length) await db.run(`INSERT INTO chk_rule_province VALUES ${provRows.join(',')}`);
  // Province of each unit, folded like the rules file (đ -> d, no marks, no "tỉnh" prefix).
  await db.run('DROP TABLE IF EXISTS chk_unit_province');
  await db.run('CREATE TEMP TABLE chk_unit_province (unit_id INTEGER, province VARCHAR)');
  if (provRows.length) {
    const units = await db.all<{ unit_id: number; province: string | null }>('SELECT unit_id, province FROM unit WHERE province IS NOT NULL');
    if (units.length)
      await db.run(`INSERT INTO chk_unit_province VALUES ${units.map((u) => `(${Number(u.unit_id)}, ${sqlStr(foldProvince(String(u.province)))})`).join(',')}`);
  }

  const okExpr = (op: string) => OP_OK[op];
  // Step 1: per rule and document, the sums of each side's terms and how many were reported.
  await db.run('DROP TABLE IF EXISTS chk_side');
  await db.run(`CREATE TEMP TABLE chk_side AS
      SELECT t.rule_no, f.document_id, any_value(f.unit_id) AS unit_id, any_value(f.period_id) AS period_id,
        sum(t.coef * f.value) FILTER (WHERE t.side = 'L' AND t.part = 'num') AS l_num,
        count(f.value) FILTER (WHERE t.side = 'L' AND t.part = 'num') AS l_nn,
        sum(t.coef * f.value) FILTER (WHERE t.side = 'L' AND t.part = 'den') AS l_den,
        count(f.value) FILTER (WHERE t.side = 'L' AND t.part = 'den') AS l_dn,
        sum(t.coef * f.value) FILTER (WHERE t.side = 'R' AND t.part = 'num') AS r_num,
        count(f.value) FILTER (WHERE t.side = 'R' AND t.part = 'num') AS r_nn,
        sum(t.coef * f.value) FILTER (WHERE t.side = 'R' AND t.part = 'den') AS r_den,
        count(f.value) FILTER (WHERE t.side = 'R' AND t.part = 'den') AS r_dn,
        sum(t.coef * f.value) FILTER (WHERE t.side = 'W') AS w_num,
        count(f.value) FILTER (WHERE t.side = 'W') AS w_n,
        any_value(f.raw) FILTER (WHERE t.is_primary) AS p_raw,
        any_value(f.line) FILTER (WHERE t.is_primary) AS p_line,
        min(f.line) AS min_line,
        list(t.code) AS obs_codes, list(f.value) AS obs_values
      FROM (SELECT t.*, i.indicator_id FROM chk_term t JOIN indicator i ON i.code = t.code) t
      JOIN chk_fact f ON f.indicator_id = t.indicator_id
      GROUP BY t.rule_no, f.document_id`);
  // Step 2: evaluate; a group of alternative definitions fails only when no evaluated member holds.
  // Violations are formatted and fingerprinted in SQL (chk_cmp_flag): at national scale there can be many.
  const meta: string[] = rules.map((r, i) => {
    const inds = [...new Set([...Object.keys(r.left.num), ...Object.keys(r.left.den ?? {}), ...Object.keys(r.right.num), ...Object.keys(r.right.den ?? {}), ...(r.when ? Object.keys(r.when.side.num) : [])])];
    return `(${i}, ${sqlStr(r.id)}, ${sqlStr(r.kind)}, ${sqlStr(r.severity)}, ${sqlStr(fill(r.message_vi, nameVars(ctx, r.vars, 'vi')))}, ` +
      `${sqlStr(fill(r.message_en, nameVars(ctx, r.vars, 'en')))}, ${sqlStr(JSON.stringify(inds))}, ${sqlStr([...inds].sort().join(','))})`;
  });
  await db.run('DROP TABLE IF EXISTS chk_rule_meta');
  await db.run('CREATE TEMP TABLE chk_rule_meta (rule_no INTEGER, rule_id VARCHAR, kind VARCHAR, severity VARCHAR, tpl_vi VARCHAR, tpl_en VARCHAR, indicators VARCHAR, fp_codes VARCHAR)');
  await db.run(`INSERT INTO chk_rule_meta VALUES ${meta.join(',')}`);
  await db.run(`CREATE OR REPLACE TEMP MACRO chk_en(x) AS regexp_replace(regexp_replace(format('{:,.2f}', round(x, 2)), '\\.00$', ''), '(\\.\\d)0$', '\\1')`);
  await db.run(`CREATE OR REPLACE TEMP MACRO chk_vi(x) AS translate(chk_en(x), ',.', '.,')`);
  await db.run('DROP TABLE IF EXISTS chk_cmp_flag');
  await db.run(`CREATE TEMP TABLE chk_cmp_flag AS
    WITH viol AS (
    WITH rp AS (SELECT DISTINCT p.rule_no, u.unit_id FROM chk_rule_province p JOIN chk_unit_province u ON u.province = p.province),
    hp AS (SELECT DISTINCT rule_no FROM chk_rule_province),
    e AS (
      SELECT a.*, r.op, r.missing, r.grp,
        CASE WHEN r.l_ratio THEN CASE WHEN coalesce(a.l_den, 0) <> 0 THEN r.l_const + r.l_scale * coalesce(a.l_num, 0) / a.l_den END
             ELSE r.l_const + coalesce(a.l_num, 0) END AS lv,
        CASE WHEN r.r_ratio THEN CASE WHEN coalesce(a.r_den, 0) <> 0 THEN r.r_const + r.r_scale * coalesce(a.r_num, 0) / a.r_den END
             ELSE r.r_const + coalesce(a.r_num, 0) END AS rv,
        (a.l_nn < r.l_nt OR a.l_dn < r.l_dt OR a.r_nn < r.r_nt OR a.r_dn < r.r_dt) AS any_missing,
        (a.l_nn + a.l_dn + a.r_nn + a.r_dn) = 0 AS all_missing,
        greatest(r.tolerance, CASE WHEN r.tol_printed
          THEN r.tol_ulps * pow(10, -length(coalesce(regexp_extract(a.p_raw, '[.,](\\d+)[^\\d]*$', 1), ''))) ELSE 0 END) + 1e-9 AS tol
      FROM chk_side a JOIN chk_rule r USING (rule_no)
      LEFT JOIN hp ON hp.rule_no = a.rule_no
      LEFT JOIN rp ON rp.rule_no = a.rule_no AND rp.unit_id = a.unit_id
      WHERE (r.w_nt = 0 OR (a.w_n = r.w_nt AND CASE r.w_op
               WHEN '==' THEN r.w_const + a.w_num = r.w_value WHEN '<=' THEN r.w_const + a.w_num <= r.w_value
               WHEN '>=' THEN r.w_const + a.w_num >= r.w_value WHEN '<' THEN r.w_const + a.w_num < r.w_value
               ELSE r.w_const + a.w_num > r.w_value END))
        AND (hp.rule_no IS NULL OR rp.rule_no IS NOT NULL)),
    v AS (
      SELECT *, CASE op WHEN '<=' THEN ${okExpr('<=')} WHEN '<' THEN ${okExpr('<')} WHEN '>=' THEN ${okExpr('>=')}
                        WHEN '>' THEN ${okExpr('>')} ELSE ${okExpr('==')} END AS ok
      FROM e
      WHERE lv IS NOT NULL AND rv IS NOT NULL
        AND CASE missing WHEN 'skip_if_any_missing' THEN NOT any_missing
                         WHEN 'skip_if_all_missing' THEN NOT all_missing ELSE true END),
    w AS (SELECT *, bool_or(ok) OVER g AS any_ok, min(rule_no) OVER g AS first_rule FROM v WINDOW g AS (PARTITION BY grp, document_id))
    SELECT rule_no, document_id, unit_id, period_id, lv, rv, tol, coalesce(p_line, min_line) AS line, obs_codes, obs_values, op
    FROM w WHERE NOT any_ok AND rule_no = first_rule)
    SELECT left(md5(m.kind || '|' || m.rule_id || '|' || v.unit_id || '|' || v.period_id || '|' || m.fp_codes), 20) AS fingerprint,
      m.kind, m.severity, m.rule_id, v.unit_id, v.period_id, v.document_id, m.indicators,
      CAST(to_json(map(v.obs_codes, v.obs_values)) AS VARCHAR) AS observed,
      CASE WHEN v.op = '==' THEN CAST(to_json(round(v.rv, 4)) AS VARCHAR)
           ELSE CAST(json_object('operator', v.op, 'bound', round(v.rv, 4)) AS VARCHAR) END AS expected,
      CAST(NULL AS VARCHAR) AS baseline,
      replace(replace(replace(replace(m.tpl_vi, '{left}', chk_vi(v.lv)), '{right}', chk_vi(v.rv)), '{diff}', chk_vi(abs(v.lv - v.rv))), '{tolerance}', chk_vi(greatest(v.tol - 1e-9, 0))) AS message_vi,
      replace(replace(replace(replace(m.tpl_en, '{left}', chk_en(v.lv)), '{right}', chk_en(v.rv)), '{diff}', chk_en(abs(v.lv - v.rv))), '{tolerance}', chk_en(greatest(v.tol - 1e-9, 0))) AS message_en,
      v.line
    FROM viol v JOIN chk_rule_meta m USING (rule_no)`);
  // Placeholders naming one observed value ({v:code}) are rare (hand-written rules): filled here.
  const withV = await db.all<any>(`SELECT rowid AS rid, observed, message_vi, message_en FROM chk_cmp_flag WHERE message_vi LIKE '%{v:%' OR message_en LIKE '%{v:%'`);
  for (const x of withV) {
    const obs = JSON.parse(String(x.observed)) as Record<string, number | null>;
    const vi: Record<string, string> = {}, en: Record<string, string> = {};
    for (const [k, val] of Object.entries(obs)) { vi[`v:${k}`] = fmtVi(val); en[`v:${k}`] = fmtEn(val); }
    await db.run('UPDATE chk_cmp_flag SET message_vi = ?, message_en = ? WHERE rowid = ?', [fill(String(x.message_vi), vi), fill(String(x.message_en), en), x.rid]);
  }
  const [cnt] = await db.all<{ n: number }>('SELECT count(*) AS n FROM chk_cmp_flag');
  return Number(cnt.n);
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

/** Bulk-inserts integer pairs through a VALUES list in chunks (ids only, never text). */
async function insertPairs(db: CheckDb, table: string, pairs: number[][]): Promise<void> {
  for (let i = 0; i < pairs.length; i += 5000)
    await db.run(`INSERT INTO ${table} VALUES ${pairs.slice(i, i + 5000).map((p) => `(${p.map((x) => Math.trunc(x)).join(',')})`).join(',')}`);
}

function round(x: number, d = 4): number {
  return Math.round(x * 10 ** d) / 10 ** d;
}

/** A rate reported as a non-zero number (or 0, when configured) while its denominator is 0. */
async function undefinedRateFlags(db: CheckDb, ctx: CheckContext): Promise<FlagRow[]> {
  const s = ctx.file.generate.undefined_rate;
  if (!s) return [];
  const pairs = ctx.cat.indicators.filter((i) => i.numerator && i.denominator);
  if (!pairs.length) return [];
  const zeroMode: string = s.zero_rate_over_zero_denominator ?? 'skip';
  const rows = await db.all<any>(`
    WITH p(rate_code, den_code) AS (VALUES ${pairs.map((i) => `(${sqlStr(i.code)}, ${sqlStr(i.denominator!)})`).join(',')})
    SELECT p.rate_code, p.den_code, r.document_id, r.unit_id, r.period_id, r.value AS rate, r.line,
           coalesce(CASE WHEN d.status = 'reported' THEN d.value END, r.fden) AS den
    FROM p JOIN indicator ri ON ri.code = p.rate_code JOIN indicator di ON di.code = p.den_code
    JOIN chk_fact r ON r.indicator_id = ri.indicator_id AND r.status = 'reported'
    LEFT JOIN chk_fact d ON d.document_id = r.document_id AND d.indicator_id = di.indicator_id
    WHERE coalesce(CASE WHEN d.status = 'reported' THEN d.value END, r.fden) = 0
      AND (r.value <> 0 ${zeroMode === 'skip' ? '' : 'OR true'})`);
  return rows.map((x) => {
    const rate = Number(x.rate);
    const severity: Severity = rate === 0 ? (zeroMode as Severity) : s.severity;
    const vars = (f: (n: number) => string, lang: 'vi' | 'en') => ({ left: f(rate), ...nameVars(ctx, { den: String(x.den_code) }, lang) });
    return makeFlag({
      kind: 'undefined_rate', severity, rule_id: `undefined.${x.rate_code}`, unit_id: Number(x.unit_id), period_id: Number(x.period_id),
      document_id: Number(x.document_id), indicators: [x.rate_code, x.den_code], observed: { [x.rate_code]: rate, [x.den_code]: 0 },
      expected: null, baseline: null, message_vi: fill(s.message_vi, vars((n) => fmtVi(n), 'vi')), message_en: fill(s.message_en, vars((n) => fmtEn(n), 'en')),
      line: num(x.line),
    });
  });
}

/** Percent outside 0..100, negative counts, coded answers outside their legend. */
async function outOfRangeFlags(db: CheckDb, ctx: CheckContext): Promise<FlagRow[]> {
  const s = ctx.file.generate.out_of_range;
  if (!s) return [];
  const above = new Set<string>(s.allow_above_100 ?? []);
  const specs: string[] = [];
  for (const i of ctx.cat.indicators) {
    if (i.kind === 'percent') specs.push(`(${sqlStr(i.code)}, 'percent', ${s.percent_min ?? 0}, ${above.has(i.code) ? 'NULL' : s.percent_max ?? 100}, NULL)`);
    else if (i.kind === 'count' || i.kind === 'money') specs.push(`(${sqlStr(i.code)}, 'negative', 0, NULL, NULL)`);
    else if ((i.kind === 'flag' || i.kind === 'enum') && i.legend)
      specs.push(`(${sqlStr(i.code)}, 'legend', NULL, NULL, [${Object.values(i.legend).map(Number).join(',')}]::DOUBLE[])`);
  }
  if (!specs.length) return [];
  const rows = await db.all<any>(`
    WITH s(code, mode, lo, hi, allowed) AS (VALUES ${specs.join(',')})
    SELECT s.code, s.mode, s.lo, s.hi, f.document_id, f.unit_id, f.period_id, f.value, f.line
    FROM s JOIN indicator i ON i.code = s.code JOIN chk_fact f ON f.indicator_id = i.indicator_id AND f.status = 'reported'
    WHERE (s.mode IN ('percent','negative') AND ((s.lo IS NOT NULL AND f.value < s.lo) OR (s.hi IS NOT NULL AND f.value > s.hi)))
       OR (s.mode = 'legend' AND NOT list_contains(s.allowed, f.value))`);
  return rows.map((x) => {
    const v = Number(x.value);
    const code = String(x.code);
    const legend = ctx.cat.byCode.get(code)?.legend;
    const legendText = legend ? Object.entries(legend).map(([k, n]) => `${k} = ${n}`).join('; ') : '';
    const mode = String(x.mode);
    const key = mode === 'legend' ? 'legend' : mode === 'percent' ? 'percent' : 'negative';
    const vars = (f: (n: number) => string) => ({ left: f(v), legend: legendText });
    return makeFlag({
      kind: 'out_of_range', severity: s.severity, rule_id: `range.${key}.${code}`, unit_id: Number(x.unit_id), period_id: Number(x.period_id),
      document_id: Number(x.document_id), indicators: [code], observed: { [code]: v },
      expected: mode === 'legend' ? { allowed: legend ? Object.values(legend) : [] } : { min: num(x.lo), max: num(x.hi) },
      baseline: null, message_vi: fill(s[`message_${key}_vi`], vars((n) => fmtVi(n))), message_en: fill(s[`message_${key}_en`], vars((n) => fmtEn(n))),
      line: num(x.line),
    });
  });
}

/** The same indicator twice in one current report with different reported values. */
async function duplicateFlags(db: CheckDb, ctx: CheckContext, where: string): Promise<FlagRow[]> {
  const s = ctx.file.generate.duplicate_row;
  if (!s) return [];
  const rows = await db.all<any>(`
    SELECT f.document_id, any_value(f.unit_id) AS unit_id, any_value(f.period_id) AS period_id, i.code,
           list(f.value ORDER BY f.row_no) AS vals, list(f.line ORDER BY f.row_no) AS lines, count(*) AS n
    FROM current_fact f JOIN indicator i USING (indicator_id)
    JOIN (SELECT document_id, indicator_id FROM chk_fact WHERE status = 'duplicate') dup USING (document_id, indicator_id)
    WHERE f.status = 'reported' AND ${where}
    GROUP BY f.document_id, i.code
    HAVING count(DISTINCT f.value) > 1`);
  return rows.map((x) => {
    const vals = (toArr(x.vals)).map(Number);
    const lines = toArr(x.lines).map((l) => num(l));
    const code = String(x.code);
    const vars = (f: (n: number) => string) => ({ count: String(vals.length), values: vals.map(f).join('; ') });
    return makeFlag({
      kind: 'duplicate_row', severity: s.severity, rule_id: `duplicate.${code}`, unit_id: Number(x.unit_id), period_id: Number(x.period_id),
      document_id: Number(x.document_id), indicators: [code], observed: { [code]: vals[0] }, expected: { values: vals, lines },
      baseline: null, message_vi: fill(s.message_vi, vars((n) => fmtVi(n))), message_en: fill(s.message_en, vars((n) => fmtEn(n))),
      line: lines[1] ?? lines[0] ?? null,
    });
  });
}

function toArr(x: unknown): unknown[] {
  if (Array.isArray(x)) return x;
  if (x && typeof x === 'object' && 'items' in (x as any)) return (x as any).items;
  if (typeof x === 'string') { try { return JSON.parse(x); } catch { return []; } }
  return [];
}

/** Required indicators not reported: absent from the report (info) or present but empty (warning). */
async function missingRequiredFlags(db: CheckDb, ctx: CheckContext, docWhere: string): Promise<FlagRow[]> {
  const s = ctx.file.generate.missing_required;
  const req = ctx.cat.indicators.filter((i) => i.required);
  if (!s || !req.length) return [];
  const rows = await db.all<any>(`
    WITH r(code) AS (VALUES ${req.map((i) => `(${sqlStr(i.code)})`).join(',')}),
    d AS (SELECT document_id, unit_id, period_id FROM document d WHERE d.status = 'current' AND ${docWhere})
    SELECT d.document_id, d.unit_id, d.period_id, r.code, f.status, f.line
    FROM d CROSS JOIN r JOIN indicator i ON i.code = r.code
    LEFT JOIN chk_fact f ON f.document_id = d.document_id AND f.indicator_id = i.indicator_id
    WHERE f.status IS NULL OR f.status = 'empty'`);
  return rows
    .map((x) => {
      const empty = x.status === 'empty';
      const severity: Severity = empty ? s.severity_empty : s.severity_absent;
      const code = String(x.code);
      return makeFlag({
        kind: 'missing_required', severity, rule_id: `required.${code}`, unit_id: Number(x.unit_id), period_id: Number(x.period_id),
        document_id: Number(x.document_id), indicators: [code], observed: { [code]: null }, expected: null, baseline: null,
        message_vi: empty ? s.message_empty_vi : s.message_absent_vi, message_en: empty ? s.message_empty_en : s.message_absent_en,
        line: num(x.line),
      });
    })
    .filter((f) => f.severity === 'error' || f.severity === 'warning' || f.severity === 'info');
}

/** A number stated in the narrative that disagrees with the table. */
async function narrativeFlags(db: CheckDb, ctx: CheckContext, docWhere: string): Promise<FlagRow[]> {
  const s = ctx.file.generate.narrative_mismatch;
  if (!s) return [];
  const rows = await db.all<any>(`
    SELECT n.document_id, d.unit_id, d.period_id, i.code, n.value AS stated, n.line AS nline, n.text, f.value AS tabled, f.line AS fline
    FROM narrative_statement n JOIN document d ON d.document_id = n.document_id AND d.status = 'current'
    JOIN indicator i ON i.indicator_id = n.indicator_id
    JOIN chk_fact f ON f.document_id = n.document_id AND f.indicator_id = n.indicator_id AND f.status = 'reported'
    WHERE abs(n.value - f.value) > ${Number(s.tolerance ?? 0)} + 1e-9 AND ${docWhere}
    ORDER BY n.document_id, i.code, n.line`);
  const seen = new Set<string>();
  const out: FlagRow[] = [];
  for (const x of rows) {
    const code = String(x.code);
    const key = `${x.document_id}|${code}`;
    if (seen.has(key)) continue; // one flag per indicator: the first disagreeing statement
    seen.add(key);
    const stated = Number(x.stated), tabled = Number(x.tabled);
    const text = String(x.text ?? '').replace(/\s+/g, ' ').slice(0, 160);
    const vars = (f: (n: number) => string) => ({ left: f(stated), right: f(tabled), narrative_line: String(x.nline ?? '?'), text });
    out.push(makeFlag({
      kind: 'narrative_mismatch', severity: s.severity, rule_id: `narrative.${code}`, unit_id: Number(x.unit_id), period_id: Number(x.period_id),
      document_id: Number(x.document_id), indicators: [code], observed: { [code]: tabled },
      // What the narrative says the table should hold.
      expected: stated, baseline: { narrative_value: stated, narrative_line: num(x.nline), text },
      message_vi: fill(s.message_vi, vars((n) => fmtVi(n))), message_en: fill(s.message_en, vars((n) => fmtEn(n))), line: num(x.fline),
    }));
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
  const rows = await db.all<any>(`
    WITH c(code) AS (VALUES ${codes.map((c) => `(${sqlStr(c)})`).join(',')}),
    s(kind, ord) AS (VALUES ${seq.map((k, i) => `(${sqlStr(k)}, ${i})`).join(',')}),
    x AS (
      SELECT f.document_id, f.unit_id, f.period_id, p.year, p.kind AS pkind, s.ord, i.code, f.value, f.line
      FROM current_fact f JOIN indicator i USING (indicator_id) JOIN c ON c.code = i.code
      JOIN period p ON p.period_id = f.period_id JOIN s ON s.kind = p.kind
      WHERE f.status = 'reported' AND ${unitWhere} AND ${yearWhere}),
    y AS (SELECT document_id, unit_id, period_id, year, pkind, ord, code, min(value) AS value, min(line) AS line
          FROM x GROUP BY ALL),
    z AS (SELECT *, lag(value) OVER w AS prev, lag(pkind) OVER w AS prev_kind, lag(period_id) OVER w AS prev_period
          FROM y WINDOW w AS (PARTITION BY unit_id, year, code ORDER BY ord))
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

export interface CheckResult {
  flags: number;
  byKind: Record<string, number>;
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

  const profile = process.env.PARBOARD_CHECKS_PROFILE ? (s: string, t: number) => process.stderr.write(`[checks] ${s} ${((performance.now() - t) / 1000).toFixed(2)} s\n`) : () => {};
  const timed = async <T,>(name: string, f: () => Promise<T>): Promise<T> => { const t = performance.now(); const r = await f(); profile(name, t); return r; };
  await timed('fact table', () => buildFactTable(db, `${fu} AND ${fp}`));
  const nComparison = await timed('comparison', () => comparisonFlags(db, ctx));
  const nOutliers = await timed('outliers', () => outlierFlags(db, ctx, scope));
  const flags: FlagRow[] = [
    ...(await timed('undefined_rate', () => undefinedRateFlags(db, ctx))),
    ...(await timed('out_of_range', () => outOfRangeFlags(db, ctx))),
    ...(await timed('duplicate_row', () => duplicateFlags(db, ctx, `${fu} AND ${fp}`))),
    ...(await timed('missing_required', () => missingRequiredFlags(db, ctx, `${du} AND ${dp}`))),
    ...(await timed('narrative', () => narrativeFlags(db, ctx, `${du} AND ${dp}`))),
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
      if (nComparison)
        await db.run(`INSERT INTO flag (fingerprint, kind, severity, rule_id, unit_id, period_id, document_id, indicators, observed, expected, baseline, message_vi, message_en, line)
          SELECT fingerprint, kind, severity, rule_id, unit_id, period_id, document_id, indicators, observed, expected, baseline, message_vi, message_en, line FROM chk_cmp_flag`);
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
  if (nComparison)
    for (const r of await db.all<{ kind: string; n: number }>('SELECT kind, count(*) AS n FROM chk_cmp_flag GROUP BY kind'))
      byKind[r.kind] = (byKind[r.kind] ?? 0) + Number(r.n);
  if (nOutliers)
    for (const r of await db.all<{ kind: string; n: number }>('SELECT kind, count(*) AS n FROM chk_out_flag GROUP BY kind'))
      byKind[r.kind] = (byKind[r.kind] ?? 0) + Number(r.n);
  return { flags: flags.length + nComparison + nOutliers, byKind };
}

/** Sets the follow-up status of a flag (kept across recomputation while the flag holds). */
export async function setFollowup(db: CheckDb, fingerprint: string, status: 'open' | 'acknowledged' | 'explained' | 'resolved', comment: string | null = null): Promise<void> {
  if (!['open', 'acknowledged', 'explained', 'resolved'].includes(status)) throw new Error(`unknown status ${status}`);
  await db.run(`INSERT INTO flag_followup (fingerprint, status, comment, updated_at) VALUES (?, ?, ?, current_timestamp)
    ON CONFLICT (fingerprint) DO UPDATE SET status = excluded.status, comment = excluded.comment, updated_at = excluded.updated_at`, [fingerprint, status, comment]);
}
