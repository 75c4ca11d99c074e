/**
 * Reporting completeness and timeliness per period (view report_timeliness, migration 002): which
 * units reported, which did not, which reported after the deadline (20th of the last month of the
 * period; the report's own date when printed, else when the file was received).
 */
import type { CheckDb } from './db-port.ts';

export interface ReportingStatus {
  unit_id: number;
  unit: string;
  level: string;
  province: string | null;
  status: 'on_time' | 'late' | 'missing';
  document_id: number | null;
  file_name: string | null;
  submitted_on: string | null;
  deadline: string;
  days_late: number | null;
}

export async function reportingStatus(db: CheckDb, periodId: number, opts: { level?: string; province?: string } = {}): Promise<ReportingStatus[]> {
  const rows = await db.all<any>(
    `SELECT unit_id, unit_name, level, province, status, document_id, file_name, CAST(submitted_on AS VARCHAR) AS submitted_on,
            CAST(deadline AS VARCHAR) AS deadline, days_late
     FROM report_timeliness WHERE period_id = ? AND (? IS NULL OR level = ?) AND (? IS NULL OR province = ?)
     ORDER BY status, unit_name COLLATE vi`,
    [periodId, opts.level ?? null, opts.level ?? null, opts.province ?? null, opts.province ?? null],
  );
  return rows.map((r) => ({
    unit_id: Number(r.unit_id), unit: String(r.unit_name), level: String(r.level), province: r.province ?? null, status: r.status,
    document_id: r.document_id === null ? null : Number(r.document_id), file_name: r.file_name ?? null, submitted_on: r.submitted_on ?? null,
    deadline: String(r.deadline), days_late: r.days_late === null ? null : Number(r.days_late),
  }));
}

export interface CompletenessSummary { period_id: number; expected: number; reported: number; on_time: number; late: number; missing: number }

export async function completenessSummary(db: CheckDb, periodId: number): Promise<CompletenessSummary> {
  const [r] = await db.all<any>(
    `SELECT count(*) AS expected, count(document_id) AS reported, count(*) FILTER (WHERE status = 'on_time') AS on_time,
            count(*) FILTER (WHERE status = 'late') AS late, count(*) FILTER (WHERE status = 'missing') AS missing
     FROM report_timeliness WHERE period_id = ?`, [periodId]);
  return { period_id: periodId, expected: Number(r.expected), reported: Number(r.reported), on_time: Number(r.on_time), late: Number(r.late), missing: Number(r.missing) };
}
