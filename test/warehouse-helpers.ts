/** Shared fixtures of the warehouse tests: a temp warehouse, a small catalogue, extraction builders. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Extraction, Fact } from '../loaders/types.ts';
import { syncCatalogue, type CatalogueFile } from '../warehouse/catalogue-sync.ts';
import { openWarehouse, type Warehouse } from '../warehouse/db.ts';

export const FIXTURE_CATALOGUE: CatalogueFile = {
  version: '1',
  indicators: [
    { code: 'org.staff_quota', area: 4, name_vi: 'Tổng số biên chế được giao', name_en: 'Staff quota', uom: 'người', kind: 'count', numerator: null, denominator: null, aggregation: 'stock', cumulative: false, parent: null, parts: null, required: true, legend: null, aliases: [], context: [] },
    { code: 'org.staff_present', area: 4, name_vi: 'Tổng số biên chế có mặt', name_en: 'Staff present', uom: 'người', kind: 'count', numerator: null, denominator: null, aggregation: 'stock', cumulative: false, parent: 'org.staff_quota', parts: null, required: true, legend: null, aliases: [], context: [] },
    { code: 'tthc.files_resolved', area: 3, name_vi: 'Số hồ sơ đã giải quyết', name_en: 'Files resolved', uom: 'hồ sơ', kind: 'count', numerator: null, denominator: null, aggregation: 'sum', cumulative: true, parent: null, parts: null, required: false, legend: null, aliases: [], context: [] },
    { code: 'tthc.files_on_time_rate', area: 3, name_vi: 'Tỷ lệ hồ sơ giải quyết đúng hạn', name_en: 'On-time rate', uom: '%', kind: 'percent', numerator: 'tthc.files_on_time', denominator: 'tthc.files_resolved', aggregation: 'ratio', cumulative: true, parent: null, parts: null, required: false, legend: null, aliases: [], context: [] }
  ]
};

export function tempDbPath(prefix = 'parboard-wh-'): string {
  return join(mkdtempSync(join(tmpdir(), prefix)), 'w.duckdb');
}

/** A fresh warehouse with the fixture catalogue instead of the shipped one. */
export async function fixtureWarehouse(): Promise<Warehouse> {
  const wh = await openWarehouse(tempDbPath(), { syncCatalogue: false });
  await syncCatalogue(wh, FIXTURE_CATALOGUE);
  return wh;
}

export function fact(indicator: string | null, raw: string, line: number, extra: Partial<Fact> = {}): Fact {
  const n = Number(raw.replace(',', '.'));
  const reported = raw.trim() !== '' && Number.isFinite(n);
  return {
    indicator,
    label: `nhãn ${line}`,
    code: String(line),
    uom: '',
    raw,
    value: reported ? n : null,
    status: reported ? 'reported' : raw.trim() === '' ? 'empty' : 'text',
    line,
    source: 'table',
    note: null,
    doubtful: false,
    reason: null,
    ...extra
  };
}

export function extraction(over: Partial<Extraction> = {}): Extraction {
  return {
    file: '/tmp/so-noi-vu-q1.md',
    format: 'markdown',
    unit: { name: 'Sở Nội vụ', level: 'province-dept', province: 'Sơn La', kind: 'Sở' },
    period: { year: 2024, kind: 'Q1' },
    reportDate: '2024-03-12',
    reportNumber: '12/BC-SNV',
    facts: [
      fact('org.staff_quota', '31', 20),
      fact('org.staff_present', '29', 21),
      fact('tthc.files_resolved', '', 22),
      fact(null, '7', 23, { label: 'Một dòng lạ', candidates: [{ indicator: 'tthc.files_resolved', score: 0.41 }] })
    ],
    narrative: [{ indicator: 'org.staff_quota', value: 31, line: 8, text: 'được giao 31 biên chế' }],
    messages: [{ severity: 'warning', line: 22, message_vi: 'ô trống', message_en: 'empty cell' }],
    ...over
  };
}
