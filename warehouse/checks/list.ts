/** Reading flags back in the shape of `parboard flags --json` (issue "Consistency and anomaly checks"). */
import { foldVietnamese } from '../text-fold.ts';
import type { CheckDb } from './db-port.ts';

export interface FlagOut {
  kind: string;
  severity: 'error' | 'warning' | 'info';
  unit: string;
  period: { year: number; kind: string };
  indicators: string[];
  values: Record<string, number | null>;
  expected: unknown;
  message_vi: string;
  message_en: string;
  document: string | null;
  line: number | null;
  status: string;
}

export interface FlagListFilter {
  unit?: string;
  periodId?: number;
  kind?: string;
  severity?: string;
  status?: string;
}

/** Unit names match folded (no diacritics, đ -> d, case-insensitive): exactly when possible, else as a substring. */
export async function matchUnits(db: CheckDb, name: string): Promise<number[]> {
  const units = await db.all<{ unit_id: number; name: string }>('SELECT unit_id, name FROM unit');
  const q = foldVietnamese(name);
  const exact = units.filter((u) => foldVietnamese(u.name) === q);
  return (exact.length ? exact : units.filter((u) => foldVietnamese(u.name).includes(q))).map((u) => Number(u.unit_id));
}

export async function listFlags(db: CheckDb, f: FlagListFilter = {}): Promise<FlagOut[]> {
  const params: unknown[] = [];
  const where: string[] = ['true'];
  if (f.unit !== undefined) {
    const ids = await matchUnits(db, f.unit);
    if (!ids.length) return [];
    where.push(`g.unit_id IN (${ids.map(() => '?').join(',')})`);
    params.push(...ids);
  }
  if (f.periodId !== undefined) { where.push('g.period_id = ?'); params.push(f.periodId); }
  if (f.kind !== undefined) { where.push('g.kind = ?'); params.push(f.kind); }
  if (f.severity !== undefined) { where.push('g.severity = ?'); params.push(f.severity); }
  if (f.status !== undefined) { where.push("coalesce(fu.status, 'open') = ?"); params.push(f.status); }
  const rows = await db.all<any>(
    `SELECT g.kind, g.severity, u.name AS unit, p.year, p.kind AS pkind, CAST(g.indicators AS VARCHAR) AS indicators,
            CAST(g.observed AS VARCHAR) AS observed, CAST(g.expected AS VARCHAR) AS expected, g.message_vi, g.message_en,
            d.file_name, g.line, coalesce(fu.status, 'open') AS status
     FROM flag g JOIN unit u ON u.unit_id = g.unit_id JOIN period p ON p.period_id = g.period_id
     LEFT JOIN document d ON d.document_id = g.document_id LEFT JOIN flag_followup fu ON fu.fingerprint = g.fingerprint
     WHERE ${where.join(' AND ')}
     ORDER BY CASE g.severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END, p.period_id DESC, u.name COLLATE vi, g.kind, g.line`,
    params,
  );
  return rows.map((r) => ({
    kind: r.kind, severity: r.severity, unit: r.unit, period: { year: Number(r.year), kind: r.pkind },
    indicators: JSON.parse(r.indicators), values: JSON.parse(r.observed), expected: r.expected === null ? null : JSON.parse(r.expected),
    message_vi: r.message_vi, message_en: r.message_en, document: r.file_name ?? null, line: r.line === null ? null : Number(r.line), status: r.status,
  }));
}
