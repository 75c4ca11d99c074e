import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { chartPng, chartSvg, tableCsv, tableXlsx, fileName, type Column, type ExportMeta } from '$lib/server/export.ts';

const TYPES = {
  png: 'image/png',
  svg: 'image/svg+xml',
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
} as const;

/** POST {format, meta, spec?, columns?, rows?} -> the file, as an attachment. */
export const POST: RequestHandler = async ({ request }) => {
  const body = (await request.json()) as {
    format: keyof typeof TYPES;
    meta: ExportMeta;
    spec?: Record<string, unknown>;
    columns?: Column[];
    rows?: Record<string, unknown>[];
  };
  const format = body.format;
  if (!(format in TYPES)) error(400, `Định dạng không hỗ trợ / unsupported format: ${format}`);
  const meta = body.meta;
  let out: string | Buffer;
  if (format === 'png' || format === 'svg') {
    if (!body.spec) error(400, 'Thiếu biểu đồ / missing spec');
    out = format === 'png' ? await chartPng(body.spec, meta) : await chartSvg(body.spec, meta);
  } else {
    if (!body.columns || !body.rows) error(400, 'Thiếu bảng / missing table');
    out = format === 'csv' ? tableCsv(body.columns, body.rows) : await tableXlsx(body.columns, body.rows, meta);
  }
  return new Response(typeof out === 'string' ? out : new Uint8Array(out), {
    headers: {
      'content-type': TYPES[format],
      'content-disposition': `attachment; filename="${fileName(meta.title, format)}"`
    }
  });
};
