import { describe, expect, it } from 'vitest';
import { compile } from 'vega-lite';
import * as vega from 'vega';
import { barSpec, trendSpec, heatmapSpec, scatterSpec, histogramSpec, stackedCountSpec, median } from '../src/lib/charts/specs.ts';
import { chartConfig } from '../src/lib/charts/locale.ts';
import { fmtNum, fmtDate, fmtCell, t } from '../src/lib/i18n.ts';
import { parseState, withParams } from '../src/lib/url-state.ts';
import { rowsFromIPC, rowsToIPC } from '../src/lib/arrow.ts';
import { chartSvg, tableCsv, tableXlsx, chartPng, fileName } from '../src/lib/server/export.ts';
import ExcelJS from 'exceljs';

const bars = [
  { unit_id: 1, unit: 'Sở Nội vụ', value: 95.25, status: 'reported' },
  { unit_id: 2, unit: 'Sở Tài chính', value: null, status: 'missing' },
  { unit_id: 3, unit: 'Sở Y tế', value: 0, status: 'reported' }
];

async function renderSvg(spec: Record<string, unknown>): Promise<string> {
  const s = { ...spec, width: 500 };
  const view = new vega.View(vega.parse(compile(s as never).spec), { renderer: 'none' });
  const svg = await view.toSVG();
  view.finalize();
  return svg;
}

describe('chart spec builders', () => {
  it('bars keep a non-reporting unit on the axis, labelled, without a bar; median is over reported values only', async () => {
    const m = median(bars.map((b) => b.value));
    expect(m).toBe(47.625);
    const spec = barSpec({ lang: 'vi', title: 'Tỷ lệ', rows: bars, median: m, uom: '%', sort: 'desc' });
    const values = spec.data.values;
    expect(values.find((v: any) => v.unit_id === 2)).toMatchObject({ shown: null, note: 'Chưa báo cáo' });
    expect(values.find((v: any) => v.unit_id === 3)).toMatchObject({ shown: 0, note: '' });
    const svg = await renderSvg(spec);
    expect(svg).toContain('Chưa báo cáo');
    expect(svg).toContain('Sở Tài chính');
    // vi-VN axis labels: decimal comma.
    expect(svg).toMatch(/>\d+,0</);
    expect(spec.layer[0].encoding.tooltip.map((x: any) => x.title)).toEqual(['Đơn vị', 'Giá trị', 'Trạng thái']);
  });

  it('switches to thin unlabelled bars for hundreds of units', () => {
    const many = Array.from({ length: 120 }, (_, i) => ({ unit_id: i, unit: `UBND xã ${i}`, value: i, status: 'reported' }));
    const s = barSpec({ lang: 'vi', title: 'x', rows: many, median: 60, uom: '%', sort: 'desc' });
    expect(s.height).toEqual({ step: 3 });
    expect(s.layer[0].encoding.y.axis.labels).toBe(false);
    expect(barSpec({ lang: 'vi', title: 'x', rows: bars, median: null, uom: null, sort: 'desc' }).height).toEqual({ step: 18 });
  });

  it('sorts by name or by value as asked', () => {
    expect(barSpec({ lang: 'vi', title: 'x', rows: bars, median: null, uom: null, sort: 'name' }).layer[0].encoding.y.sort).toEqual({ field: 'unit', order: 'ascending' });
    expect(barSpec({ lang: 'vi', title: 'x', rows: bars, median: null, uom: null, sort: 'asc' }).layer[0].encoding.y.sort.order).toBe('ascending');
    expect(barSpec({ lang: 'vi', title: 'x', rows: bars, median: null, uom: null, sort: 'desc' }).layer).toHaveLength(2);
  });

  it('trend lines drop unreported points (gaps, not zeros) and draw the peer band', async () => {
    const spec = trendSpec({
      lang: 'en',
      title: 'Rate',
      uom: '%',
      periodOrder: ['Q1 2023', 'Q1 2024'],
      points: [
        { period_id: 202301, period: 'Q1 2023', series: 'A', value: 80 },
        { period_id: 202401, period: 'Q1 2024', series: 'A', value: null }
      ],
      band: [{ period_id: 202301, period: 'Q1 2023', p25: 70, median: 80, p75: 90 }]
    });
    expect(spec.layer).toHaveLength(3);
    expect(spec.layer[2].mark.invalid).toBe('break-paths-filter-domains');
    const svg = await renderSvg(spec);
    expect(svg).toContain('Q1 2023');
    // A gap between two reported periods is not bridged: the series path has two separate pieces.
    const gap = trendSpec({
      lang: 'vi',
      title: 'x',
      uom: '%',
      periodOrder: ['a', 'b', 'c'],
      points: [
        { period_id: 1, period: 'a', series: 'S', value: 10 },
        { period_id: 2, period: 'b', series: 'S', value: null },
        { period_id: 3, period: 'c', series: 'S', value: 30 }
      ],
      band: []
    });
    const gapSvg = await renderSvg(gap);
    const linePath = /<path[^>]*aria-roledescription="line mark"[^>]*d="([^"]+)"/.exec(gapSvg) ?? /class="mark-line[^"]*"[^>]*>\s*<path[^>]*d="([^"]+)"/.exec(gapSvg);
    expect(linePath).not.toBeNull();
    expect((linePath![1].match(/M/g) ?? []).length).toBe(2);
  });

  it('heat map, scatter, histogram and stacked counts compile and render', async () => {
    const specs = [
      heatmapSpec({ lang: 'vi', title: 'h', rowTitle: 'Đơn vị', colTitle: 'Chỉ tiêu', legendTitle: '0–1', cells: [{ row: 'A', col: 'x', v: 0.5, label: '50%' }, { row: 'B', col: 'x', v: null, label: 'Chưa báo cáo' }] }),
      scatterSpec({ lang: 'vi', title: 's', rows: [{ unit_id: 1, unit: 'A', x: 1, y: 2 }], xTitle: 'x', yTitle: 'y', xUom: '%', yUom: null }),
      histogramSpec({ lang: 'vi', title: 'd', values: [1, 2, 3, 50], uom: '%' }),
      stackedCountSpec({ lang: 'vi', title: 'f', rows: [{ x: 'Quý I/2024', group: 'Lỗi', n: 2 }], xOrder: ['Quý I/2024'], groupOrder: ['Lỗi', 'Cảnh báo', 'Thông tin'], xTitle: 'Kỳ', groupTitle: 'Mức độ' })
    ];
    for (const s of specs) expect(await renderSvg(s)).toMatch(/^<svg/);
    // Grey-print readable: single-hue scheme for the heat map, greys for severities.
    expect(specs[0].layer[0].encoding.color.scale.scheme).toBe('greys');
  });

  it('uses vi-VN number and date locales in charts', () => {
    const c = chartConfig('vi');
    expect(c.locale.number.decimal).toBe(',');
    expect(c.locale.number.thousands).toBe('.');
    expect((c.locale as any).time.date).toBe('%d/%m/%Y');
  });
});

describe('formatting, URL state and Arrow', () => {
  it('formats numbers and dates the Vietnamese way and never shows missing as 0', () => {
    expect(fmtNum('vi', 63.1)).toBe('63,1');
    expect(fmtNum('vi', 1654)).toBe('1.654');
    expect(fmtDate('2024-12-15')).toBe('15/12/2024');
    expect(fmtCell('vi', null, 'missing')).toBe('Chưa báo cáo');
    expect(fmtCell('vi', 0, 'reported', '%')).toBe('0%');
    expect(fmtCell('vi', null, 'undefined_rate')).toContain('mẫu số 0');
    expect(t('en', 'in_scope', { units: 3, reports: 2 })).toBe('3 units, 2 reports in scope');
  });

  it('round-trips the slicing state through the URL', () => {
    const s = parseState(new URLSearchParams('period=202401&level=commune&units=3,5,x&sort=name&lang=en'));
    expect(s).toMatchObject({ period: 202401, level: 'commune', units: [3, 5], sort: 'name', lang: 'en', province: null });
    const u = new URL('http://x/compare?period=202401&level=commune');
    expect(withParams(u, { level: null, units: [1, 2] })).toBe('/compare?period=202401&units=1%2C2');
  });

  it('carries rows as Arrow IPC with nulls kept', () => {
    const rows = [
      { unit_id: 1, unit_name: 'Sở Nội vụ', value: 95.5, status: 'reported' },
      { unit_id: 2, unit_name: 'Sở Y tế', value: null, status: 'missing' }
    ];
    const back = rowsFromIPC(rowsToIPC(rows, ['unit_id', 'unit_name', 'value', 'status']));
    expect(back).toEqual(rows);
  });

  it('keeps repeated strings, null strings and row order through the dictionary encoding', () => {
    const rows = Array.from({ length: 23 }, (_, k) => ({
      unit_id: k,
      unit_name: k % 5 === 3 ? null : `Xã ${['Đồng Tâm', 'An Bình', 'Đồng Tâm'][k % 3]}`,
      value: k % 4 === 0 ? null : k === 7 ? 0 : k * 1.5,
      status: k % 4 === 0 ? 'missing' : 'reported'
    }));
    expect(rowsFromIPC(rowsToIPC(rows, ['unit_id', 'unit_name', 'value', 'status']))).toEqual(rows);
    expect(rowsFromIPC(rowsToIPC([], ['unit_id', 'unit_name']))).toEqual([]);
  });
});

describe('exports', () => {
  const meta = { title: 'Tỷ lệ hồ sơ đúng hạn', subtitle: 'Quý I/2024 · 3 đơn vị', source: 'Nguồn: parboard, xuất ngày 15/12/2024' };
  it('SVG and PNG carry the title, subtitle and source line; PNG is 2x', async () => {
    const spec = barSpec({ lang: 'vi', title: 'x', rows: bars, median: 47.6, uom: '%', sort: 'desc' });
    const svg = await chartSvg(spec, meta);
    expect(svg).toContain('Tỷ lệ hồ sơ đúng hạn');
    expect(svg).toContain('Quý I/2024 · 3 đơn vị');
    expect(svg).toContain('xuất ngày 15/12/2024');
    const png = await chartPng(spec, meta);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    const svgWidth = Number(/width="(\d+(?:\.\d+)?)"/.exec(svg)![1]);
    expect(png.readUInt32BE(16)).toBe(Math.round(svgWidth * 2));
  });

  it('CSV starts with a BOM and keeps Vietnamese; XLSX reads back', async () => {
    const cols = [{ key: 'unit', label: 'Đơn vị' }, { key: 'value', label: 'Giá trị' }];
    const csv = tableCsv(cols, bars);
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv).toContain('Đơn vị,Giá trị');
    expect(csv).toContain('Sở Tài chính,\r\n');
    const buf = await tableXlsx(cols, bars, meta);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buf as never);
    const ws = wb.worksheets[0];
    const values = ws.getSheetValues().filter(Boolean).map((r: any) => r.slice(1));
    expect(values[0]).toEqual([meta.title]);
    expect(values).toContainEqual(['Sở Nội vụ', 95.25]);
    expect(fileName('Tỷ lệ đúng hạn', 'png')).toBe('ty-le-dung-han.png');
  });
});
