/** `parboard flags`: the JSON contract of the issue, filters, the readable table and usage errors. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { command } from '../cli/commands/flags.ts';
import { UsageError } from '../cli/command.ts';
import { runChecks } from '../warehouse/checks/engine.ts';
import { addReport, openTestDb, type TestDb } from './checks-helpers.ts';

let db: TestDb;
let path = '';
const saved = process.env.PARBOARD_DB;

async function cli(args: string[]) {
  let out = '', err = '';
  const code = await command.run(args, { out: (t) => { out += t + '\n'; }, err: (t) => { err += t + '\n'; }, cwd: process.cwd() });
  return { code, out, err };
}

describe('parboard flags', () => {
  beforeAll(async () => {
    db = await openTestDb();
    path = db.path;
    await addReport(db, { unit: 'Sở Khoa học và Công nghệ', year: 2024, kind: 'Q1', file: 'so-khcn.txt',
      facts: [{ code: 'org.sncl_people_quota', value: 25, line: 759 }, { code: 'org.sncl_people_present', value: 33, line: 761 },
        { code: 'org.staff_quota', value: 32 }, { code: 'org.staff_present', value: 32 }] });
    await addReport(db, { unit: 'UBND xã Bằng Lăng', level: 'commune', year: 2023, kind: 'Q1', file: 'bang-lang.md',
      facts: [{ code: 'direction.plan_completion_rate', value: 2, raw: '02', line: 170 }, { code: 'direction.plan_tasks_planned', value: 7 },
        { code: 'direction.plan_tasks_completed', value: 2 }] });
    await runChecks(db);
    await db.run('CHECKPOINT');
  }, 30_000);
  afterAll(async () => { process.env.PARBOARD_DB = saved; await db?.close(); });

  it('prints exactly the array of the issue, filtered by unit (accents ignored), period and kind', async () => {
    process.env.PARBOARD_DB = path;
    const { code, out } = await cli(['--json', '--unit', 'so khoa hoc va cong nghe', '--period', '2024-Q1', '--kind', 'quota_exceeded']);
    expect(code).toBe(0);
    const arr = JSON.parse(out);
    expect(arr).toEqual([{
      kind: 'quota_exceeded', severity: 'error', unit: 'Sở Khoa học và Công nghệ', period: { year: 2024, kind: 'Q1' },
      indicators: ['org.sncl_people_present', 'org.sncl_people_quota'], values: { 'org.sncl_people_present': 33, 'org.sncl_people_quota': 25 },
      expected: { operator: '<=', bound: 25 }, message_vi: expect.stringContaining('33'), message_en: expect.stringContaining('25'),
      document: 'so-khcn.txt', line: 761, status: 'open',
    }]);
  });

  it('prints a readable table without --json, and rejects bad arguments with a bilingual usage error', async () => {
    process.env.PARBOARD_DB = path;
    const { out } = await cli(['--period', 'Q1/2023']);
    expect(out).toContain('rate_mismatch');
    expect(out).toContain('UBND xã Bằng Lăng');
    expect(out).toContain('bang-lang.md:170');
    await expect(cli(['--kind', 'nonsense'])).rejects.toBeInstanceOf(UsageError);
    await expect(cli(['--period', 'soon'])).rejects.toThrow(/invalid period/);
  });
});

