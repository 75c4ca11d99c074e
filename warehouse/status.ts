/**
 * What the warehouse holds, counted as analytics see it: current document versions only.
 * `indicators` is the number of distinct indicators that have at least one current fact (what a
 * dashboard can show), not the catalogue size; the catalogue size is reported separately as
 * `catalogue` by warehouseStatusDetail() for the readable summary.
 */
import type { Warehouse } from './db.ts';

export interface WarehouseStatus {
  documents: number;
  units: number;
  periods: number;
  indicators: number;
  facts: number;
}

export interface WarehouseStatusDetail extends WarehouseStatus {
  /** Every loaded file, superseded versions included. */
  documents_all: number;
  review_rows: number;
  catalogue: number;
  demo_documents: number;
  latest_period: { period_id: number; label_vi: string; label_en: string } | null;
}

export async function warehouseStatus(wh: Warehouse): Promise<WarehouseStatus> {
  const [r] = await wh.all<WarehouseStatus>(
    `SELECT
       (SELECT count(*) FROM document WHERE status = 'current') AS documents,
       (SELECT count(DISTINCT unit_id) FROM document WHERE status = 'current') AS units,
       (SELECT count(DISTINCT period_id) FROM document WHERE status = 'current') AS periods,
       (SELECT count(DISTINCT indicator_id) FROM current_fact) AS indicators,
       (SELECT count(*) FROM current_fact) AS facts`
  );
  return { documents: r.documents, units: r.units, periods: r.periods, indicators: r.indicators, facts: r.facts };
}

export async function warehouseStatusDetail(wh: Warehouse): Promise<WarehouseStatusDetail> {
  const base = await warehouseStatus(wh);
  const [r] = await wh.all<{ documents_all: number; review_rows: number; catalogue: number; demo_documents: number }>(
    `SELECT (SELECT count(*) FROM document) AS documents_all,
            (SELECT count(*) FROM review_row r JOIN document d USING (document_id) WHERE d.status = 'current') AS review_rows,
            (SELECT count(*) FROM indicator) AS catalogue,
            (SELECT count(*) FROM document WHERE status = 'current' AND is_demo) AS demo_documents`
  );
  const latest = await wh.all<{ period_id: number; label_vi: string; label_en: string }>(
    `SELECT p.period_id, p.label_vi, p.label_en FROM period p
     WHERE p.period_id IN (SELECT period_id FROM document WHERE status = 'current')
     ORDER BY p.period_id DESC LIMIT 1`
  );
  return { ...base, ...r, latest_period: latest[0] ?? null };
}
