/**
 * A small warehouse for the dashboard's query tests: the real migrations applied to a temp DuckDB
 * file, then a handful of units, periods, reports and facts inserted directly, including a unit that
 * did not report, an empty cell, a true zero, a superseded version, a review row and flags.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Runner } from '../warehouse/queries/query.ts';
import { openWarehouse } from '../warehouse/db.ts';

export interface Fixture extends Runner {
  conn: DuckDBConnection;
  close(): Promise<void>;
}

export async function openFixture(path?: string): Promise<Fixture> {
  const dir = path ? null : mkdtempSync(join(tmpdir(), 'parboard-dash-'));
  // The real migrations through the shared handle; no catalogue sync: the fixture inserts its own indicators.
  const h = await openWarehouse(path ?? join(dir!, 'w.duckdb'), { syncCatalogue: false });
  const conn = h.conn;
  const all = h.all.bind(h);
  const x = (sql: string) => conn.run(sql);
  await x(`INSERT INTO unit (unit_id, name, name_key, level, kind, province) VALUES
    (1, 'Sở Nội vụ', 'so noi vu|a', 'province-dept', 'Sở', 'Tỉnh A'),
    (2, 'Sở Tài chính', 'so tai chinh|a', 'province-dept', 'Sở', 'Tỉnh A'),
    (3, 'Sở Y tế', 'so y te|a', 'province-dept', 'Sở', 'Tỉnh A'),
    (4, 'UBND xã Đồng Tâm', 'ubnd xa dong tam|a', 'commune', 'UBND', 'Tỉnh A')`);
  await x(`INSERT INTO period VALUES
    (202301, 2023, 'Q1', '2022-12-15', '2023-03-14', '2023-03-20', 'Quý I/2023', 'Q1 2023'),
    (202401, 2024, 'Q1', '2023-12-15', '2024-03-14', '2024-03-20', 'Quý I/2024', 'Q1 2024'),
    (202403, 2024, 'H1', '2023-12-15', '2024-06-14', '2024-06-20', '6 tháng đầu năm 2024', 'H1 2024')`);
  await x(`INSERT INTO indicator (indicator_id, code, area, name_vi, name_en, uom, kind, numerator, denominator, aggregation, cumulative) VALUES
    (1, 'tthc.files_on_time_rate', 3, 'Tỷ lệ hồ sơ TTHC giải quyết đúng hạn', 'On-time rate', '%', 'percent', 'tthc.files_on_time', 'tthc.files_resolved', 'ratio', true),
    (2, 'org.staff_quota', 4, 'Tổng số biên chế được giao', 'Staff quota', 'người', 'count', NULL, NULL, 'stock', false),
    (3, 'org.staff_present', 4, 'Tổng số biên chế có mặt', 'Staff present', 'người', 'count', NULL, NULL, 'stock', false)`);
  // Unit 1 reports every period (Q1/2024 twice: version 1 superseded by version 2);
  // unit 2 reports Q1/2023 and Q1/2024 with an empty rate cell; unit 3 reports a true 0 in Q1/2024 only.
  await x(`INSERT INTO document (document_id, content_hash, file_name, format, received_at, unit_id, period_id, version, supersedes_id, status, is_demo, source_text) VALUES
    (1, 'h1', 'snv-q1-2023.txt', 'pdf-text', '2023-03-18 08:00', 1, 202301, 1, NULL, 'current', true, 'dòng 1\ndòng 2\nTỷ lệ đúng hạn 90'),
    (2, 'h2', 'snv-q1-2024.txt', 'pdf-text', '2024-03-18 08:00', 1, 202401, 1, NULL, 'superseded', true, 'cũ'),
    (3, 'h3', 'snv-q1-2024-v2.txt', 'pdf-text', '2024-03-19 08:00', 1, 202401, 2, 2, 'current', true, 'a\nb\nTỷ lệ 95\nBiên chế 30\nCó mặt 32'),
    (4, 'h4', 'stc-q1-2023.md', 'markdown', '2023-03-25 08:00', 2, 202301, 1, NULL, 'current', true, 'x'),
    (5, 'h5', 'stc-q1-2024.md', 'markdown', '2024-03-10 08:00', 2, 202401, 1, NULL, 'current', true, 'x\nTỷ lệ\n'),
    (6, 'h6', 'syt-q1-2024.md', 'markdown', '2024-03-11 08:00', 3, 202401, 1, NULL, 'current', true, 'y\nTỷ lệ 0'),
    (7, 'h7', 'snv-h1-2024.txt', 'pdf-text', '2024-06-15 08:00', 1, 202403, 1, NULL, 'current', true, 'z')`);
  await x(`INSERT INTO fact (document_id, row_no, unit_id, period_id, indicator_id, value, status, raw, line) VALUES
    (1, 1, 1, 202301, 1, 90, 'reported', '90', 3),
    (2, 1, 1, 202401, 1, 10, 'reported', '10', 1),
    (3, 1, 1, 202401, 1, 95, 'reported', '95', 3),
    (3, 2, 1, 202401, 2, 30, 'reported', '30', 4),
    (3, 3, 1, 202401, 3, 32, 'reported', '32', 5),
    (4, 1, 2, 202301, 1, 80, 'reported', '80', 1),
    (5, 1, 2, 202401, 1, NULL, 'empty', '', 2),
    (6, 1, 3, 202401, 1, 0, 'reported', '0', 2),
    (7, 1, 1, 202403, 1, 97, 'reported', '97', 1)`);
  await x(`UPDATE fact SET doubtful = true, reason = 'điểm khớp thấp' WHERE document_id = 3 AND row_no = 2`);
  await x(`INSERT INTO review_row (document_id, row_no, label, raw, value, status, line, reason) VALUES
    (3, 4, 'Số cuộc họp giao ban', '4', 4, 'reported', 6, 'no match')`);
  await x(`INSERT INTO flag (fingerprint, kind, severity, rule_id, unit_id, period_id, document_id, indicators, observed, expected, message_vi, message_en, line) VALUES
    ('fp1', 'quota_exceeded', 'error', 'r1', 1, 202401, 3, '["org.staff_present","org.staff_quota"]', '{"org.staff_present":32,"org.staff_quota":30}', '30', 'Biên chế có mặt 32 vượt 30', 'Staff present 32 exceeds 30', 5),
    ('fp2', 'outlier_peer', 'warning', 'r2', 3, 202401, 6, '["tthc.files_on_time_rate"]', '{"tthc.files_on_time_rate":0}', NULL, 'Giá trị khác thường', 'Outlier', 2)`);
  await x(`INSERT INTO flag_followup VALUES ('fp2', 'acknowledged', 'đã hỏi', current_timestamp)`);
  return {
    conn,
    all,
    async close() {
      await h.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    }
  };
}
