/**
 * A national-scale synthetic warehouse for the benchmark: 34 provinces, ~4,500 units, 40 quarters,
 * ~170 catalogue indicators, 30M facts by default, built with set-based SQL (INSERT ... SELECT from
 * range()), never row by row. Facts are written ordered by (period, unit, indicator), the order real
 * loads leave them in (a report's rows together, reports arriving period by period): the dashboard's
 * one-indicator queries are timed against that layout, not against one sorted in their favour.
 */
import { printedDecimalsSql } from '../warehouse/printed-decimals.ts';
import { loadCatalogue } from '../warehouse/catalogue.ts';
import { compileRules, readRulesFile } from '../warehouse/checks/rules.ts';
import type { BenchDb } from './open.ts';
import { planValues, valuesSql } from './national-values.ts';

export interface NationalSize {
  facts: number;
  provinces: number;
  units: number;
  periods: number;
  indicators: number;
}

export const QUARTERS = 40;
export const INDICATORS = 170;

/** Sizes for a target fact count: units scale with the facts, the other dimensions stay fixed. */
export function nationalSize(facts: number): NationalSize {
  const units = Math.max(4, Math.round(facts / (QUARTERS * INDICATORS)));
  return { facts: units * QUARTERS * INDICATORS, provinces: Math.min(34, units), units, periods: QUARTERS, indicators: INDICATORS };
}

/** Which catalogue indicators: those the ranking model and the checks need first, then the rest in order. */
function chooseIndicators(n: number): { code: string; area: number; kind: string }[] {
  const cat = loadCatalogue();
  const preferred = ['tthc.files_on_time_rate', 'tthc.files_resolved', 'tthc.files_on_time', 'org.staff_quota', 'org.staff_present', 'egov.online_files_rate', 'direction.plan_completion_rate'];
  // Required indicators are in every real template: a benchmark without them would flag every report.
  const required = cat.indicators.filter((i) => i.required && !preferred.includes(i.code)).map((i) => i.code);
  const first = [...preferred, ...required];
  const list = [...first.map((c) => cat.byCode.get(c)!).filter(Boolean), ...cat.indicators.filter((i) => !first.includes(i.code))];
  return list.slice(0, n).map((i) => ({ code: i.code, area: i.area, kind: i.kind }));
}

export async function buildNational(db: BenchDb, facts: number, log: (s: string) => void = () => {}): Promise<NationalSize> {
  const size = nationalSize(facts);
  const cat = loadCatalogue();
  const inds = chooseIndicators(size.indicators);
  const t0 = performance.now();
  await db.run('BEGIN TRANSACTION');
  // Periods: 10 years × 4 quarters, with the data windows of Công văn 581 and the 20th-of-month deadline.
  await db.run(`INSERT INTO period
    SELECT y * 100 + [1, 2, 4, 6][q + 1], y, ['Q1', 'Q2', 'Q3', 'Q4'][q + 1],
           CASE q WHEN 0 THEN make_date(y - 1, 12, 15) WHEN 1 THEN make_date(y, 3, 15) WHEN 2 THEN make_date(y, 6, 15) ELSE make_date(y, 9, 15) END,
           make_date(y, 3 * (q + 1), 14), make_date(y, 3 * (q + 1), 20),
           'Quý ' || ['I', 'II', 'III', 'IV'][q + 1] || '/' || y, 'Q' || (q + 1) || ' ' || y
    FROM range(2015, 2025) t(y), range(4) s(q)`);
  // Units: province People's Committee, departments and communes, spread over the provinces.
  await db.run(`INSERT INTO unit (unit_id, name, name_key, level, kind, province)
    SELECT i + 1,
           CASE WHEN i % 33 = 0 THEN 'UBND tỉnh ' WHEN i % 33 < 8 THEN 'Sở số ' ELSE 'UBND xã số ' END || i,
           'unit-' || i,
           CASE WHEN i % 33 = 0 THEN 'province' WHEN i % 33 < 8 THEN 'province-dept' ELSE 'commune' END,
           CASE WHEN i % 33 = 0 OR i % 33 >= 8 THEN 'UBND' ELSE 'Sở' END,
           'Tỉnh ' || (i % $1 + 1)
    FROM range($2) t(i)`, [size.provinces, size.units]);
  // Indicators from the catalogue: openWarehouse() may already have synced them into `indicator`;
  // add any that are missing (bound parameters, one statement per row), then pick the benchmark's set.
  const have = new Set((await db.all<{ code: string }>('SELECT code FROM indicator')).map((r) => r.code));
  let nextId = Number((await db.all<{ m: number }>('SELECT CAST(coalesce(max(indicator_id), 0) AS INTEGER) AS m FROM indicator'))[0].m);
  for (const i of inds) {
    if (have.has(i.code)) continue;
    const full = cat.byCode.get(i.code)!;
    await db.run(
      `INSERT INTO indicator (indicator_id, code, area, name_vi, name_en, uom, kind, numerator, denominator, aggregation, cumulative, parent, required)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
      [++nextId, full.code, full.area, full.name_vi, full.name_en, full.uom, full.kind, full.numerator, full.denominator, full.aggregation, full.cumulative, full.parent, full.required]
    );
  }
  const rulesFile = readRulesFile();
  const chosen = await db.all<{ id: number; code: string; kind: string }>(
    `SELECT CAST(indicator_id AS INTEGER) AS id, code, kind FROM indicator WHERE code IN (${inds.map((_, k) => `$${k + 1}`).join(', ')}) ORDER BY indicator_id`,
    inds.map((i) => i.code)
  );
  const plan = planValues(
    chosen.map((r) => ({ id: Number(r.id), code: r.code, kind: r.kind, legend: cat.byCode.get(r.code)?.legend ?? null })),
    compileRules(cat, rulesFile),
    new Set<string>(rulesFile.generate.out_of_range?.allow_above_100 ?? [])
  );
  // One current document per unit and quarter.
  await db.run(`INSERT INTO document (document_id, content_hash, file_name, format, received_at, unit_id, period_id, version, status, report_date, is_demo)
    SELECT row_number() OVER (ORDER BY p.period_id, u.unit_id), 'bench-' || u.unit_id || '-' || p.period_id,
           'bench-' || u.unit_id || '-' || p.period_id || '.txt', 'pdf-text',
           CAST(p.deadline AS TIMESTAMP) - INTERVAL 3 DAY, u.unit_id, p.period_id, 1, 'current', p.deadline - 3, true
    FROM unit u CROSS JOIN period p`);
  await db.run('COMMIT');
  log(`dimensions ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const t1 = performance.now();
  // Facts: every document × every chosen indicator, values consistent by construction (national-values.ts);
  // ~2% empty cells; ~0.1% of cells ten times too large (typos for the checks to find).
  await db.run(`INSERT INTO fact (document_id, row_no, unit_id, period_id, indicator_id, value, status, raw, line, decimals)
    SELECT document_id, indicator_id, unit_id, period_id, indicator_id, v,
           CASE WHEN v IS NULL THEN 'empty' ELSE 'reported' END, raw, 100 + indicator_id, ${printedDecimalsSql('raw')}
    FROM (SELECT *, CASE WHEN v IS NOT NULL THEN replace(CAST(v AS VARCHAR), '.', ',') END AS raw FROM (SELECT *, CASE WHEN h % 50 = 0 THEN NULL WHEN h % 997 = 0 THEN value * 10 ELSE value END AS v
          FROM (SELECT *, hash(document_id * 1000 + indicator_id + 500) AS h FROM (${valuesSql(plan)}))))
    ORDER BY period_id, unit_id, indicator_id`);
  log(`facts ${((performance.now() - t1) / 1000).toFixed(1)} s`);
  // Flags: ~0.3% of facts, as the checks would leave them (a few kinds and severities).
  const t2 = performance.now();
  await db.run(`INSERT INTO flag (fingerprint, kind, severity, rule_id, unit_id, period_id, document_id, indicators, observed, message_vi, message_en, line)
    SELECT 'fp-' || f.document_id || '-' || f.row_no,
           ['rate_mismatch', 'quota_exceeded', 'part_exceeds_whole', 'outlier_peer', 'outlier_trend'][CAST(hash(f.row_no) % 5 AS INTEGER) + 1],
           ['error', 'warning', 'info'][CAST(hash(f.document_id) % 3 AS INTEGER) + 1],
           'bench', f.unit_id, f.period_id, f.document_id, '["x"]', '{"x": 1}', 'bench', 'bench', f.line
    FROM fact f WHERE hash(f.document_id * 7 + f.row_no) % 333 = 0`);
  await db.run('CHECKPOINT');
  log(`flags + checkpoint ${((performance.now() - t2) / 1000).toFixed(1)} s`);
  return size;
}

/** Whether the file already holds a benchmark warehouse (for --db reuse). */
export async function existingFacts(db: BenchDb): Promise<number> {
  const r = await db.all<{ n: number }>('SELECT CAST(count(*) AS DOUBLE) AS n FROM fact');
  return Number(r[0]?.n ?? 0);
}
