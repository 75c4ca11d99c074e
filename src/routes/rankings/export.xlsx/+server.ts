import type { RequestHandler } from './$types';
import ExcelJS from 'exceljs';
import { parseState } from '$lib/url-state.ts';
import { rankingFor, rankingModel } from '$lib/server/rankings.ts';

/** The ranking table as XLSX, same filters as the page (period, level, province, model). */
export const GET: RequestHandler = async ({ url, cookies }) => {
  const st = parseState(url.searchParams, cookies.get('lang') ?? null);
  const vi = st.lang !== 'en';
  const model = rankingModel(url.searchParams.get('model'));
  const res = await rankingFor({ period: st.period, level: st.level, province: st.province, model });
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(vi ? 'Xếp hạng' : 'Ranking');
  const title = `${vi ? 'Xếp hạng CCHC' : 'Reform ranking'} — ${res.period ? (vi ? res.period.label_vi : res.period.label_en) : ''} — ${res.model}`;
  ws.addRow([title]).font = { bold: true, size: 14 };
  const header = [vi ? 'Hạng' : 'Rank', vi ? 'Thay đổi hạng' : 'Movement', vi ? 'Đơn vị' : 'Unit', vi ? 'Cấp' : 'Level', vi ? 'Tỉnh' : 'Province',
    vi ? 'Nhóm' : 'Peer group', vi ? 'Chỉ số (%)' : 'Index (%)', vi ? 'Điểm' : 'Score', vi ? 'Tối đa' : 'Max', vi ? 'Xếp loại' : 'Tier',
    ...model.areas.map((a) => (vi ? a.name_vi : a.name_en)), vi ? 'Chỉ tiêu thiếu' : 'Missing indicators'];
  ws.addRow(header).font = { bold: true };
  for (const r of res.rows) {
    const byArea = new Map(r.areas.map((a) => [a.area, a]));
    ws.addRow([r.rank, r.movement, r.unit, r.level, r.province, r.peer_group, r.index_pct, r.score, r.max,
      r.tier ? `${r.tier} ${vi ? r.tier_label_vi : r.tier_label_en}` : null,
      ...model.areas.map((a) => byArea.get(a.id)?.points ?? null), r.missing.join(', ')]);
  }
  ws.addRow([]);
  ws.addRow([`${vi ? 'Nguồn: parboard, xuất ngày' : 'Source: parboard, exported'} ${new Date().toLocaleDateString('vi-VN')}`]);
  ws.getColumn(3).width = 40;
  const buf = await wb.xlsx.writeBuffer();
  return new Response(buf as ArrayBuffer, {
    headers: {
      'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'content-disposition': `attachment; filename="xep-hang-${res.period?.id ?? ''}.xlsx"`,
    },
  });
};
