import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { warehouse } from '$lib/server/warehouse.ts';
import { rowsToIPC, ARROW_TYPE } from '$lib/arrow.ts';
import { loadMatrix } from '$warehouse/queries/pages.ts';

/** Units × indicators for one period as Arrow IPC (heat map and scatter over all units), through the same page load the benchmark times. */
export const GET: RequestHandler = async ({ url }) => {
  const period = Number(url.searchParams.get('period'));
  if (!Number.isInteger(period) || period <= 0) error(400, 'Thiếu kỳ báo cáo / missing period');
  const indicators = (url.searchParams.get('indicators') ?? '').split(',').filter(Boolean).slice(0, 60);
  const scope = { level: url.searchParams.get('level') || null, province: url.searchParams.get('province') || null };
  const rows = await loadMatrix(await warehouse(), scope, period, indicators);
  const bytes = rowsToIPC(rows as unknown as Record<string, unknown>[], ['unit_id', 'unit_name', 'indicator', 'value', 'status', 'norm']);
  return new Response(bytes as BodyInit, { headers: { 'content-type': ARROW_TYPE } });
};
