/**
 * The checks run on every load through warehouse/load.ts afterLoadHooks: flags appear for the loaded
 * report, a re-submission replaces them (the superseded version's flags go), and a follow-up status
 * survives while the inconsistency still holds.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWarehouse } from '../warehouse/db.ts';
import { loadExtraction } from '../warehouse/load.ts';
import '../warehouse/checks/hook.ts';
import { setFollowup } from '../warehouse/checks/engine.ts';
import { extractText } from '../loaders/extract.ts';

const SEED = '/work/shared/seeds/so-khcn-son-la-q1-2024.txt';
let dir = '';
let wh: Awaited<ReturnType<typeof openWarehouse>>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'parboard-hook-'));
  wh = await openWarehouse(join(dir, 'w.duckdb'));
}, 30_000);
afterAll(async () => { await wh?.close(); rmSync(dir, { recursive: true, force: true }); });

describe('checks on load', () => {
  it('flags a loaded report, replaces the flags on re-submission and keeps the follow-up status', async () => {
    const text = readFileSync(SEED, 'utf8');
    const r1 = await loadExtraction(wh, extractText('so-khcn-son-la-q1-2024.txt', text), { sourceText: text });
    const f1 = await wh.all<any>(`SELECT * FROM flag WHERE rule_id = 'quota.sncl_people'`);
    expect(f1.map((f) => Number(f.document_id))).toEqual([r1.documentId]);
    expect((await wh.all<any>(`SELECT rule_id FROM flag WHERE kind = 'narrative_mismatch' ORDER BY rule_id`)).map((f) => f.rule_id))
      .toEqual(['narrative.org.staff_present', 'narrative.org.staff_quota']);
    await setFollowup(wh, f1[0].fingerprint, 'explained', 'Đơn vị giải trình: hợp đồng tạm thời');

    // Re-submission: present staff in public service units corrected from 33 to 30 but still above 25.
    const text2 = text.replace('3.2 Tổng số người làm việc có mặt tại thời điểm báo cáo Người 33', '3.2 Tổng số người làm việc có mặt tại thời điểm báo cáo Người 30');
    expect(text2).not.toBe(text);
    const r2 = await loadExtraction(wh, extractText('so-khcn-son-la-q1-2024-v2.txt', text2), { sourceText: text2 });
    expect(r2.documentId).not.toBe(r1.documentId);
    const f2 = await wh.all<any>(`SELECT f.*, fu.status FROM flag f LEFT JOIN flag_followup fu USING (fingerprint) WHERE rule_id = 'quota.sncl_people'`);
    expect(f2.map((f) => Number(f.document_id))).toEqual([r2.documentId]);
    expect(f2[0].status).toBe('explained');
    expect(JSON.parse(f2[0].observed)['org.sncl_people_present']).toBe(30);
    expect(await wh.all(`SELECT * FROM flag WHERE document_id = ?`, [r1.documentId])).toEqual([]);
  }, 60_000);
});
