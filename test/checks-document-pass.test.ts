/**
 * The per-report pass reads facts report by report. A report whose rows are not stored together
 * (rows appended after another report's) must give the same flags as one stored contiguously, both
 * through a plain handle and through a DuckDB connection (the packed, sliced path the CLI uses).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckDb } from '../warehouse/checks/db-port.ts';
import { runChecks } from '../warehouse/checks/engine.ts';
import { openWarehouse, type Warehouse } from '../warehouse/db.ts';
import { addReport, flagsOf, openTestDb, type TestDb } from './checks-helpers.ts';

let db: TestDb;
beforeAll(async () => { db = await openTestDb(); }, 30_000);
afterAll(async () => db?.close());

const summary = (fs: any[]) => fs.map((f) => `${f.document_id}|${f.rule_id}|${f.line}|${f.message_en}`).sort();

describe('document pass', () => {
  it('gives the same flags when a report\'s rows are interleaved with another report\'s', async () => {
    // Report A: a part above its whole and a duplicate row; report B: a rate that disagrees with its counts.
    const a = await addReport(db, { unit: 'Sở A', year: 2024, kind: 'Q1', facts: [
      { code: 'direction.plan_tasks_planned', value: 10 }, { code: 'direction.plan_tasks_completed', value: 12 },
      { code: 'tthc.files_received', value: 50 }, { code: 'tthc.files_received', value: 55 }] });
    const b = await addReport(db, { unit: 'Sở B', year: 2024, kind: 'Q1', facts: [
      { code: 'tthc.files_resolved', value: 200 }, { code: 'tthc.files_on_time', value: 150 }, { code: 'tthc.files_on_time_rate', value: 90, raw: '90' }] });
    await runChecks(db, { units: [a.unitId, b.unitId], periods: [a.periodId] });
    const contiguous = summary(await flagsOf(db, `document_id IN (${a.documentId}, ${b.documentId}) AND severity <> 'info'`));
    expect(contiguous.some((s) => s.includes('part.direction.plan_tasks_completed'))).toBe(true);
    expect(contiguous.some((s) => s.includes('duplicate.tthc.files_received'))).toBe(true);
    expect(contiguous.some((s) => s.startsWith(`${b.documentId}|rate.tthc.files_on_time_rate`))).toBe(true);

    // Move A's second half after B's rows: same report, rows no longer together in the table.
    await db.run(`CREATE TEMP TABLE moved AS SELECT * FROM fact WHERE document_id = ? AND row_no > 2`, [a.documentId]);
    await db.run(`DELETE FROM fact WHERE document_id = ? AND row_no > 2`, [a.documentId]);
    await db.run(`INSERT INTO fact SELECT * FROM moved`);
    await db.run(`DELETE FROM flag`);
    await runChecks(db, { units: [a.unitId, b.unitId], periods: [a.periodId] });
    expect(summary(await flagsOf(db, `document_id IN (${a.documentId}, ${b.documentId}) AND severity <> 'info'`))).toEqual(contiguous);
  });

  it('reads through a DuckDB connection with the same result as through a plain handle', async () => {
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = mkdtempSync(join(tmpdir(), 'parboard-pass-'));
    const w: Warehouse = await openWarehouse(join(dir, 'w.duckdb'));
    try {
      // Only all/run: no connection, so the pass takes its plain path.
      const plain: CheckDb = { all: (sql, params) => w.all(sql, params as never), run: (sql, params) => w.run(sql, params as never) };
      const viaWarehouse = w as unknown as CheckDb;
      const r = await addReport(plain, { unit: 'Sở C', year: 2024, kind: 'Q1', facts: [
        { code: 'org.staff_present', value: 43, line: 2_500_000 }, { code: 'org.staff_quota', value: 40 },
        { code: 'tthc.files_resolved', value: 200 }, { code: 'tthc.files_on_time', value: 150 }, { code: 'tthc.files_on_time_rate', value: 75.25, raw: '75,25' }] });
      await runChecks(plain, { units: [r.unitId], periods: [r.periodId] });
      const viaPlain = summary(await flagsOf(plain));
      await w.run('DELETE FROM flag');
      await runChecks(viaWarehouse, { units: [r.unitId], periods: [r.periodId] });
      const viaConn = summary(await flagsOf(viaWarehouse));
      expect(viaPlain.some((s) => s.includes('quota.civil_servants'))).toBe(true);
      // 75,25 against 100 x 150 / 200 = 75: printed with two decimals, so 0,25 off is a mismatch.
      expect(viaPlain.some((s) => s.includes('rate.tthc.files_on_time_rate'))).toBe(true);
      expect(viaPlain.some((s) => s.includes('|2500000|'))).toBe(true);
      expect(viaConn).toEqual(viaPlain);
    } finally {
      await w.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
