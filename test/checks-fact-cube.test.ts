/**
 * The checks read the facts into a cube (warehouse/checks/fact-cube.ts). A report whose rows are not
 * stored together (rows appended after another report's) must give the same flags as one stored
 * contiguously.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runChecks } from '../warehouse/checks/engine.ts';
import { addReport, flagsOf, openTestDb, type TestDb } from './checks-helpers.ts';

let db: TestDb;
beforeAll(async () => { db = await openTestDb(); }, 30_000);
afterAll(async () => db?.close());

const summary = (fs: any[]) => fs.map((f) => `${f.document_id}|${f.rule_id}|${f.line}|${f.message_en}`).sort();

describe('fact cube', () => {
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
});
