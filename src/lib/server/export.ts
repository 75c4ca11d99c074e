/**
 * Chart and table exports, rendered on the server so every file is the same whoever asks:
 * SVG via vega View.toSVG(), PNG at 2x via resvg, CSV in UTF-8 with a BOM (Excel reads Vietnamese
 * correctly), XLSX via exceljs. A chart export carries its title, a subtitle with period and units,
 * and a source line with the export date, so it can go straight onto a meeting slide.
 */
import * as vega from 'vega';
import { compile } from 'vega-lite';
import { Resvg } from '@resvg/resvg-js';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';

export interface ExportMeta {
  title: string;
  subtitle: string;
  source: string;
}

export interface Column {
  key: string;
  label: string;
}

/** The spec as exported: fixed width (no container), title + subtitle lines + source line. */
export function exportSpec(spec: Record<string, any>, meta: ExportMeta): Record<string, any> {
  const s = structuredClone(spec);
  if (s.width === 'container' || s.width === undefined) s.width = 760;
  s.title = {
    ...(typeof s.title === 'object' ? s.title : {}),
    text: meta.title,
    subtitle: [meta.subtitle, meta.source].filter(Boolean)
  };
  s.autosize = { type: 'fit-x', contains: 'padding' };
  s.padding = 12;
  return s;
}

export async function chartSvg(spec: Record<string, any>, meta: ExportMeta): Promise<string> {
  const vg = compile(exportSpec(spec, meta) as never).spec;
  const view = new vega.View(vega.parse(vg), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

export async function chartPng(spec: Record<string, any>, meta: ExportMeta): Promise<Buffer> {
  const svg = await chartSvg(spec, meta);
  const r = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: 2 },
    background: 'white',
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' }
  });
  return r.render().asPng();
}

function cell(v: unknown): string | number | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number' || typeof v === 'string') return v;
  return String(v);
}

export function tableCsv(columns: Column[], rows: Record<string, unknown>[]): string {
  const body = Papa.unparse({
    fields: columns.map((c) => c.label),
    data: rows.map((r) => columns.map((c) => cell(r[c.key]) ?? ''))
  });
  return '\uFEFF' + body + '\r\n';
}

export async function tableXlsx(columns: Column[], rows: Record<string, unknown>[], meta: ExportMeta): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'parboard';
  const ws = wb.addWorksheet((meta.title || 'data').replace(/[\\/?*[\]:]/g, ' ').slice(0, 31));
  ws.addRow([meta.title]).font = { bold: true, size: 13 };
  if (meta.subtitle) ws.addRow([meta.subtitle]);
  ws.addRow([meta.source]).font = { italic: true, size: 9 };
  ws.addRow([]);
  const head = ws.addRow(columns.map((c) => c.label));
  head.font = { bold: true };
  for (const r of rows) ws.addRow(columns.map((c) => cell(r[c.key])));
  columns.forEach((c, i) => (ws.getColumn(i + 1).width = Math.min(60, Math.max(10, c.label.length + 4))));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** A file name from a title: folded to ASCII so every system accepts it. */
export function fileName(title: string, ext: string): string {
  const base = title
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, (c) => (c === 'đ' ? 'd' : 'D'))
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .toLowerCase()
    .slice(0, 80);
  return `${base || 'parboard'}.${ext}`;
}
