/**
 * Test helpers for the checks: a throw-away DuckDB warehouse in os.tmpdir() with the repo's
 * migrations applied, the catalogue loaded into the indicator dimension, and hand-built reports.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCatalogue } from '../warehouse/catalogue.ts';
import type { CheckDb } from '../warehouse/checks/db-port.ts';
import { openForChecks } from '../warehouse/checks/open.ts';

export interface TestDb extends CheckDb {
  close(): Promise<void>;
  path: string;
}


export async function openTestDb(): Promise<TestDb> {
  const dir = mkdtempSync(join(tmpdir(), 'parboard-checks-'));
  const path = join(dir, 'test.duckdb');
  // Through the same opener as the CLI: warehouse/db.ts openWarehouse() once it exists.
  const w = await openForChecks(path);
  const db: TestDb = {
    path,
    all: (sql, params) => w.all(sql, params),
    run: (sql, params) => w.run(sql, params),
    conn: w.conn,
    async close() {
      await w.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  // The indicator dimension from the catalogue, for codes the warehouse has not loaded itself.
  const cat = loadCatalogue();
  const have = new Set((await db.all<{ code: string }>('SELECT code FROM indicator')).map((r) => r.code));
  let id = Number((await db.all<{ m: number }>('SELECT coalesce(max(indicator_id), 0) AS m FROM indicator'))[0].m) + 1;
  for (const i of cat.indicators) {
    if (have.has(i.code)) continue;
    await db.run(
      `INSERT INTO indicator (indicator_id, code, area, name_vi, name_en, uom, kind, numerator, denominator, aggregation, cumulative, parent, required)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [id++, i.code, i.area, i.name_vi, i.name_en, i.uom, i.kind, i.numerator, i.denominator, i.aggregation, i.cumulative, i.parent, i.required],
    );
  }
  return db;
}

const ORD: Record<string, number> = { Q1: 1, Q2: 2, H1: 3, Q3: 4, '9M': 5, Q4: 6, year: 7 };
const LAST_MONTH: Record<string, number> = { Q1: 3, Q2: 6, H1: 6, Q3: 9, '9M': 9, Q4: 12, year: 12 };

export async function ensurePeriod(db: CheckDb, year: number, kind: string): Promise<number> {
  const id = year * 100 + ORD[kind];
  const m = LAST_MONTH[kind];
  await db.run(
    `INSERT INTO period VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
    [id, year, kind, `${year - 1}-12-15`, `${year}-${String(m).padStart(2, '0')}-14`, `${year}-${String(m).padStart(2, '0')}-20`, `${kind}/${year}`, `${kind} ${year}`],
  );
  return id;
}

export async function ensureUnit(db: CheckDb, name: string, level = 'province-dept', province: string | null = 'Sơn La'): Promise<number> {
  const rows = await db.all<{ unit_id: number }>('SELECT unit_id FROM unit WHERE name = ?', [name]);
  if (rows.length) return Number(rows[0].unit_id);
  await db.run('INSERT INTO unit (name, name_key, level, province) VALUES (?, ?, ?, ?)', [name, name.toLowerCase() + '|' + province, level, province]);
  const r = await db.all<{ unit_id: number }>('SELECT unit_id FROM unit WHERE name = ?', [name]);
  return Number(r[0].unit_id);
}

export interface TestFact {
  code: string;
  value?: number | null;
  status?: string;
  raw?: string;
  line?: number;
  denominator?: number | null;
}

let hashSeq = 0;

/**
 * Loads one report: earlier current versions of the same unit and period become superseded.
 * Facts: {code, value} (status reported unless value null -> empty).
 */
export async function addReport(
  db: CheckDb,
  opts: { unit: string; level?: string; province?: string | null; year: number; kind: string; facts: TestFact[];
    narrative?: { code: string; value: number; line: number; text: string }[]; receivedAt?: string; reportDate?: string | null; file?: string },
): Promise<{ documentId: number; unitId: number; periodId: number }> {
  const unitId = await ensureUnit(db, opts.unit, opts.level ?? 'province-dept', opts.province === undefined ? 'Sơn La' : opts.province);
  const periodId = await ensurePeriod(db, opts.year, opts.kind);
  const prev = await db.all<{ document_id: number; version: number }>(
    `SELECT document_id, version FROM document WHERE unit_id = ? AND period_id = ? AND status = 'current'`, [unitId, periodId]);
  await db.run(`UPDATE document SET status = 'superseded' WHERE unit_id = ? AND period_id = ? AND status = 'current'`, [unitId, periodId]);
  await db.run(
    `INSERT INTO document (content_hash, file_name, format, received_at, unit_id, period_id, version, supersedes_id, status, report_date)
     VALUES (?, ?, 'markdown', ?, ?, ?, ?, ?, 'current', ?)`,
    [`h${++hashSeq}-${Date.now()}`, opts.file ?? `${opts.unit}-${opts.kind}-${opts.year}.md`, opts.receivedAt ?? `${opts.year}-01-01 00:00:00`,
      unitId, periodId, prev.length ? Number(prev[0].version) + 1 : 1, prev.length ? Number(prev[0].document_id) : null, opts.reportDate ?? null],
  );
  const doc = await db.all<{ d: number }>('SELECT max(document_id) AS d FROM document');
  const documentId = Number(doc[0].d);
  // One statement per report: rows as a VALUES list of bound parameters.
  const ids = new Map((await db.all<{ code: string; indicator_id: number }>('SELECT code, indicator_id FROM indicator')).map((r) => [r.code, Number(r.indicator_id)]));
  const vals: string[] = [];
  const params: unknown[] = [];
  opts.facts.forEach((f, i) => {
    const ind = ids.get(f.code);
    if (ind === undefined) return;
    const status = f.status ?? (f.value === null || f.value === undefined ? 'empty' : 'reported');
    vals.push('(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
    params.push(documentId, i + 1, unitId, periodId, ind, status === 'reported' ? f.value! : null, status,
      f.raw ?? (f.value === null || f.value === undefined ? '' : String(f.value).replace('.', ',')), f.line ?? 101 + i, f.denominator ?? null);
  });
  if (vals.length)
    await db.run(`INSERT INTO fact (document_id, row_no, unit_id, period_id, indicator_id, value, status, raw, line, denominator) VALUES ${vals.join(',')}`, params);
  for (const n of opts.narrative ?? [])
    await db.run(`INSERT INTO narrative_statement SELECT ?, indicator_id, ?, ?, ? FROM indicator WHERE code = ?`, [documentId, n.value, n.line, n.text, n.code]);
  return { documentId, unitId, periodId };
}

export async function flagsOf(db: CheckDb, where = 'true'): Promise<any[]> {
  return db.all(`SELECT f.*, coalesce(fu.status, 'open') AS status FROM flag f LEFT JOIN flag_followup fu USING (fingerprint) WHERE ${where} ORDER BY kind, rule_id`);
}
