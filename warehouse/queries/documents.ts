/** Loaded documents and what was extracted from each: facts, review rows, flags. */
import { Params, unitWhere, type Query, type Scope } from './query.ts';

export interface DocumentRow {
  document_id: number;
  file_name: string;
  format: string;
  received_at: string;
  unit_id: number;
  unit_name: string;
  period_id: number;
  label_vi: string;
  label_en: string;
  version: number;
  supersedes_id: number | null;
  status: string;
  report_number: string | null;
  report_date: string | null;
  is_demo: boolean;
  facts: number;
  review_rows: number;
  doubtful: number;
}

function documentSelect(where: string): string {
  return `SELECT d.document_id, d.file_name, d.format, CAST(d.received_at AS VARCHAR) AS received_at,
                 d.unit_id, u.name AS unit_name, d.period_id, pr.label_vi, pr.label_en, d.version, d.supersedes_id,
                 d.status, d.report_number, CAST(d.report_date AS VARCHAR) AS report_date, d.is_demo,
                 (SELECT CAST(count(*) AS INTEGER) FROM fact f WHERE f.document_id = d.document_id) AS facts,
                 (SELECT CAST(count(*) AS INTEGER) FROM review_row r WHERE r.document_id = d.document_id) AS review_rows,
                 (SELECT CAST(count(*) AS INTEGER) FROM fact f WHERE f.document_id = d.document_id AND f.doubtful) AS doubtful
          FROM document d JOIN unit u ON u.unit_id = d.unit_id JOIN period pr ON pr.period_id = d.period_id
          WHERE ${where}`;
}

/** Documents of units in scope, optionally one period; all versions when `history`. */
export function documentsQuery(scope: Scope, periodId: number | null, history = false, limit = 500): Query {
  const p = new Params();
  const parts = [unitWhere(scope, p)];
  if (periodId) parts.push(`d.period_id = ${p.add(periodId)}`);
  if (!history) parts.push(`d.status = 'current'`);
  const lim = p.add(limit);
  return {
    sql: `${documentSelect(parts.join(' AND '))} ORDER BY d.period_id DESC, u.name COLLATE vi, d.version DESC LIMIT ${lim}`,
    params: p.values
  };
}

/** All versions of a unit's reports (unit profile). */
export function unitDocumentsQuery(unitId: number): Query {
  const p = new Params();
  const where = `d.unit_id = ${p.add(unitId)}`;
  return { sql: `${documentSelect(where)} ORDER BY d.period_id DESC, d.version DESC`, params: p.values };
}

export function documentQuery(documentId: number): Query {
  const p = new Params();
  const where = `d.document_id = ${p.add(documentId)}`;
  return { sql: documentSelect(where), params: p.values };
}

export function documentTextQuery(documentId: number): Query {
  return { sql: `SELECT source_text, CAST(messages AS VARCHAR) AS messages FROM document WHERE document_id = ?`, params: [documentId] };
}

export interface ExtractedRow {
  row_no: number;
  line: number | null;
  /** 'matched' (fact), 'doubtful' (fact flagged doubtful), 'unmatched' (review_row). */
  kind: 'matched' | 'doubtful' | 'unmatched';
  indicator: string | null;
  label: string;
  raw: string | null;
  value: number | null;
  status: string | null;
  reason: string | null;
}

/** Facts and review rows of one document, in document order. */
export function extractedRowsQuery(documentId: number): Query {
  return {
    sql: `SELECT f.row_no, f.line, CASE WHEN f.doubtful THEN 'doubtful' ELSE 'matched' END AS kind,
                 i.code AS indicator, i.name_vi AS label, f.raw, f.value, f.status, f.reason
          FROM fact f JOIN indicator i USING (indicator_id) WHERE f.document_id = ?
          UNION ALL
          SELECT r.row_no, r.line, 'unmatched', NULL, r.label, r.raw, r.value, r.status, r.reason
          FROM review_row r WHERE r.document_id = ?
          ORDER BY row_no`,
    params: [documentId, documentId]
  };
}
