/**
 * Per-form parser tests on small synthetic reports written for this test (other numbering, wording,
 * column order and wrapping than the seeds): Markdown, plain TSV, CSV, Markdown pipe tables, PDF text.
 */
import { describe, expect, it } from 'vitest';
import { extractText } from '../loaders/extract.ts';
import { detectFormat } from '../loaders/detect-format.ts';
import { hasErrors, type Fact } from '../loaders/types.ts';

const T = (...cells: string[]) => cells.join('\t');
const byLabel = (facts: Fact[], start: string) => {
  const f = facts.find((x) => x.label.startsWith(start));
  if (!f) throw new Error(`no row "${start}" in ${facts.map((x) => x.label).join(' | ')}`);
  return f;
};

const MD = [
  '# BÁO CÁO',
  '## Kết quả cải cách hành chính 6 tháng đầu năm 2024',
  '',
  'Sở Tài chính báo cáo kết quả như sau:',
  '',
  '**I. Kết quả**',
  '',
  'Trong kỳ đã tiếp nhận 1.654 hồ sơ.',
  '',
  '**BIỂU THỐNG KÊ**',
  '(Kèm theo Báo cáo số 88/BC-STC ngày 12/6/2024 của Sở Tài chính tỉnh Bình Định)',
  '',
  T('TT', 'Nội dung', 'Số liệu', 'Đơn vị tính', 'Ghi chú'),
  T('**I**', '**Cải cách thể chế**', '', '', ''),
  T('1', 'Số văn bản QPPL đã ban hành', '4', 'Văn bản', ''),
  T('a)', 'Nghị quyết HĐND', '1', 'Văn bản', ''),
  T('b)', 'Quyết định UBND', '3', 'Văn bản', ''),
  T('**II**', '**Cải cách thủ tục hành chính**', '', '', ''),
  T('1', 'Tổng số hồ sơ TTHC tiếp nhận', '1.654', 'Hồ sơ', 'Trực tuyến: 1.200'),
  T('', '', '', '', 'Trực tiếp: 454'),
  T('2', 'Tỷ lệ hồ sơ giải quyết đúng hạn', '98,5%', '%', ''),
  T('3', 'Số TTHC đã được rà soát, đơn', '12', 'Thủ tục', ''),
  '',
  T('TT', 'Nội dung', 'Số liệu', 'Đơn vị tính', 'Ghi chú'),
  T('', 'giản hóa trong kỳ', '', '', ''),
  T('4', 'Tổ chức đối thoại với doanh nghiệp', 'Có', 'Có = 1; Không = 0', ''),
  T('5', 'Số cuộc kiểm tra', '2', 'Cuộc', ''),
  T('', '', '3', '', 'bổ sung'),
  T('**III**', '**Cải cách tổ chức bộ máy**', '', '', ''),
  T('1', 'Tổng số biên chế được giao', '', 'Người', ''),
  T('-', 'Trong đó: công chức', '25', 'Người', ''),
  T('2', 'Tỷ lệ biên chế tinh giản', '-', '%', 'Không áp dụng'),
  ''
].join('\n');

describe('Markdown tab tables', () => {
  const x = extractText('sotc.md', MD);
  it('is detected as markdown and carries unit and period', () => {
    expect(x.format).toBe('markdown');
    expect(hasErrors(x)).toBe(false);
    expect(x.unit).toMatchObject({ name: 'Sở Tài chính', level: 'province-dept', province: 'Bình Định' });
    expect(x.period).toEqual({ year: 2024, kind: 'H1' });
    expect(x.reportNumber).toBe('88/BC-STC');
    expect(x.reportDate).toBe('2024-06-12');
  });
  it('takes column positions from the header (value before unit here)', () => {
    const f = byLabel(x.facts, 'Số văn bản QPPL');
    expect(f).toMatchObject({ code: '1', uom: 'Văn bản', raw: '4', value: 4, line: 15, source: 'table' });
  });
  it('keeps section rows, a/b sub-rows and their section path and area', () => {
    expect(x.facts[0]).toMatchObject({ code: 'I', label: 'Cải cách thể chế', value: null, status: 'empty', area: 2 });
    const b = byLabel(x.facts, 'Quyết định UBND');
    expect(b.code).toBe('b)');
    expect(b.section).toEqual(['Cải cách thể chế', 'Số văn bản QPPL đã ban hành']);
    expect(byLabel(x.facts, 'Tổng số hồ sơ TTHC').area).toBe(3);
  });
  it('reads thousands dots and percentages, joins note continuations', () => {
    const f = byLabel(x.facts, 'Tổng số hồ sơ TTHC');
    expect(f.value).toBe(1654);
    expect(f.note).toBe('Trực tuyến: 1.200 Trực tiếp: 454');
    expect(byLabel(x.facts, 'Tỷ lệ hồ sơ').value).toBe(98.5);
  });
  it('joins a label cut by a page break and marks it', () => {
    const f = byLabel(x.facts, 'Số TTHC đã được rà soát');
    expect(f.label).toBe('Số TTHC đã được rà soát, đơn giản hóa trong kỳ');
    expect(f.value).toBe(12);
    expect(f.reason).toMatch(/page break/);
    expect(x.facts.some((r) => r.label.startsWith('giản hóa'))).toBe(false);
  });
  it('codes a yes/no answer with its legend', () => {
    expect(byLabel(x.facts, 'Tổ chức đối thoại')).toMatchObject({ value: 1, status: 'reported', doubtful: false });
  });
  it('marks a second value for the same row as doubtful (both readings kept)', () => {
    const rows = x.facts.filter((r) => r.label === 'Số cuộc kiểm tra');
    expect(rows.map((r) => r.value)).toEqual([2, 3]);
    expect(rows.every((r) => r.doubtful)).toBe(true);
    expect(x.messages.some((m) => m.severity === 'warning' && m.line === rows[0].line)).toBe(true);
  });
  it('keeps empty as empty, "-" as not applicable', () => {
    expect(byLabel(x.facts, 'Tổng số biên chế')).toMatchObject({ value: null, status: 'empty' });
    expect(byLabel(x.facts, 'Trong đó: công chức')).toMatchObject({ code: '-', value: 25 });
    expect(byLabel(x.facts, 'Tỷ lệ biên chế')).toMatchObject({ value: null, status: 'not_applicable', note: 'Không áp dụng' });
  });
  it('never makes a fact from the narrative', () => {
    expect(x.facts.every((f) => f.source === 'table' && f.line >= 14)).toBe(true);
  });
});

describe('plain TSV (spreadsheet pasted as text) with a two-row header', () => {
  const tsv = [
    'UBND huyện Yên Lập báo cáo kết quả cải cách hành chính quý I năm 2025',
    T('STT', 'Chỉ tiêu', 'Kết quả thống kê', '', 'Ghi chú'),
    T('', '', 'Đơn vị tính', 'Số liệu', ''),
    T('1', 'Công tác chỉ đạo điều hành', '', '', ''),
    T('1.1', 'Số nhiệm vụ đề ra', 'Nhiệm vụ', '07', ''),
    T('1.2', 'Số nhiệm vụ hoàn thành', 'Nhiệm vụ', '21 nhiệm vụ cụ thể', ''),
    T('1.3', 'Tỷ lệ hoàn thành', '%', '0/0', ''),
    T('1.4', 'Hình thức khảo sát', 'Trực tuyến = 0 Phát phiếu = 1 Kết hợp = 2', 'Kết hợp', ''),
    T('1.5', 'Số người được khảo sát', 'Người', '08/21', 'đạt')
  ].join('\n');
  const x = extractText('yen-lap.tsv', tsv);
  it('is detected as tsv and read', () => {
    expect(x.format).toBe('tsv');
    expect(x.unit).toMatchObject({ name: 'UBND huyện Yên Lập', level: 'district' });
    expect(x.period).toEqual({ year: 2025, kind: 'Q1' });
    expect(x.facts.map((f) => [f.code, f.value, f.status])).toEqual([
      ['1', null, 'empty'],
      ['1.1', 7, 'reported'],
      ['1.2', 21, 'reported'],
      ['1.3', null, 'undefined_rate'],
      ['1.4', 2, 'reported'],
      ['1.5', 8, 'reported']
    ]);
    expect(x.facts[5].denominator).toBe(21);
    expect(x.facts[3].area).toBe(1);
  });
});

describe('CSV typed by hand', () => {
  const csv = [
    'SỞ TƯ PHÁP',
    'Báo cáo kết quả cải cách hành chính quý III năm 2024',
    'STT;Chỉ tiêu;Đơn vị tính;Số liệu;Ghi chú',
    '1;Số nhiệm vụ đề ra trong kế hoạch;Nhiệm vụ;20;',
    '2;"Số văn bản chỉ đạo, điều hành";Văn bản;5;"Gồm 2 kế hoạch; 3 công văn"',
    '3;Tỷ lệ hoàn thành;%;"75,5";',
    '4;Số cán bộ;Người;;chưa báo cáo'
  ].join('\n');
  const x = extractText('stp.csv', csv);
  it('is detected as csv and read with quoted cells', () => {
    expect(detectFormat(csv).format).toBe('csv');
    expect(x.unit).toMatchObject({ name: 'Sở Tư pháp', level: 'province-dept' });
    expect(x.period).toEqual({ year: 2024, kind: 'Q3' });
    expect(x.facts.map((f) => [f.code, f.label, f.value, f.line])).toEqual([
      ['1', 'Số nhiệm vụ đề ra trong kế hoạch', 20, 4],
      ['2', 'Số văn bản chỉ đạo, điều hành', 5, 5],
      ['3', 'Tỷ lệ hoàn thành', 75.5, 6],
      ['4', 'Số cán bộ', null, 7]
    ]);
    expect(x.facts[1].note).toBe('Gồm 2 kế hoạch; 3 công văn');
    expect(x.facts[3].status).toBe('empty');
  });
});

describe('Markdown pipe tables', () => {
  const md = [
    '### Báo cáo cải cách hành chính năm 2023 của Ủy ban nhân dân phường Hòa Bình',
    'Ủy ban nhân dân phường Hòa Bình báo cáo như sau:',
    '',
    '| STT | Chỉ tiêu | ĐVT | Số liệu | Ghi chú |',
    '|---|---|---|---|---|',
    '| **1** | **Cải cách thủ tục hành chính** | | | |',
    '| 1.1 | Tổng số hồ sơ tiếp nhận | Hồ sơ | 1.204 | |',
    '| 1.2 | Tỷ lệ đúng hạn | % | 99,1 | |'
  ].join('\n');
  const x = extractText('hoa-binh.md', md);
  it('reads the cells', () => {
    expect(x.format).toBe('markdown');
    expect(x.unit).toMatchObject({ name: 'UBND phường Hòa Bình', level: 'commune' });
    expect(x.period).toEqual({ year: 2023, kind: 'year' });
    expect(x.facts.map((f) => [f.code, f.value])).toEqual([
      ['1', null],
      ['1.1', 1204],
      ['1.2', 99.1]
    ]);
    expect(x.facts[1].area).toBe(3);
  });
});

const PDF = [
  'BÁO CÁO',
  '',
  'Kết quả thực hiện công tác cải cách hành chính 9 tháng năm 2024',
  '',
  'Sở Tư pháp tỉnh Hà Tĩnh báo cáo kết quả như sau:',
  '',
  '1. Công tác chỉ đạo điều hành 12 nhiệm vụ',
  '',
  'Biểu số 1',
  '',
  'Cải cách thủ tục hành chính',
  '',
  'STT Nội dung Đơn vị tính Số liệu Ghi chú',
  '',
  '1 Tổng số hồ sơ TTHC đã tiếp nhận trong kỳ báo', // 14
  '',
  'cáo',
  '',
  'Hồ sơ',
  '1.234',
  '',
  '2 Tỷ lệ hồ sơ giải quyết đúng hạn % 98,5', // 22
  '',
  '2.1 Số hồ sơ giải quyết đúng hạn Hồ sơ 1.200',
  '',
  '3 Số cuộc đối thoại với tổ chức, cá nhân về TTHC Cuộc 2 Tổ chức tại xã', // 26
  '',
  '4 Số VBQPPL2 đã rà soát trong kỳ và được', // 28
  '',
  '',
  '',
  '7',
  '',
  'STT Nội dung Đơn vị tính Số liệu Ghi chú',
  'kiểm tra theo quy định Văn bản 5',
  '',
  '5 Hình thức khảo sát', // 37
  'Trực tuyến = 0',
  'Phát phiếu = 1',
  'Kết hợp = 2',
  '1',
  '',
  '6 Tỷ lệ văn bản điện tử % 100', // 43
  '',
  'Trong',
  '',
  'đó',
  'Văn bản có chữ ký số % 95',
  '',
  'Văn bản gửi song song với giấy % 5',
  '                                                            ',
  '2 Văn bản quy phạm pháp luật',
  'Biểu số 2',
  'Cải cách tổ chức bộ máy',
  'STT Nội dung Đơn vị tính Số liệu Ghi chú',
  '1',
  '',
  'Tổng số biên chế được giao Người 30', // 58
  '2 Tổng số biên chế có mặt Người',
  '28'
].join('\n');

describe('PDF text', () => {
  const x = extractText('stp-ht.txt', PDF);
  const f = (code: string, n = 0) => x.facts.filter((r) => r.code === code)[n];
  it('is detected as pdf-text with unit, period and area per table', () => {
    expect(x.format).toBe('pdf-text');
    expect(x.unit).toMatchObject({ name: 'Sở Tư pháp', province: 'Hà Tĩnh' });
    expect(x.period).toEqual({ year: 2024, kind: '9M' });
    expect(f('1').area).toBe(3);
    expect(f('1', 1).area).toBe(4);
  });
  it('joins wrapped labels and splits unit and value', () => {
    expect(f('1')).toMatchObject({ label: 'Tổng số hồ sơ TTHC đã tiếp nhận trong kỳ báo cáo', uom: 'Hồ sơ', raw: '1.234', value: 1234, line: 15 });
    expect(f('2')).toMatchObject({ uom: '%', value: 98.5 });
    expect(f('2.1')).toMatchObject({ uom: 'Hồ sơ', value: 1200 });
  });
  it('keeps a note written after the value on the same line', () => {
    expect(f('3')).toMatchObject({ label: 'Số cuộc đối thoại với tổ chức, cá nhân về TTHC', uom: 'Cuộc', value: 2, note: 'Tổ chức tại xã' });
  });
  it('skips the page number and repeated header and continues the row after the page break', () => {
    expect(f('4')).toMatchObject({ label: 'Số VBQPPL đã rà soát trong kỳ và được kiểm tra theo quy định', uom: 'Văn bản', value: 5 });
    expect(f('4').reason).toMatch(/page break/);
    expect(x.facts.some((r) => r.raw === '7')).toBe(false);
  });
  it('reads a legend on several lines and a coded value', () => {
    expect(f('5')).toMatchObject({ label: 'Hình thức khảo sát', uom: 'Trực tuyến = 0 Phát phiếu = 1 Kết hợp = 2', value: 1 });
  });
  it('reads "Trong / đó" split over lines and the uncoded sub-rows after it', () => {
    expect(f('Trong đó')).toMatchObject({ label: 'Văn bản có chữ ký số', value: 95 });
    const next = x.facts[x.facts.indexOf(f('Trong đó')) + 1];
    expect(next).toMatchObject({ code: '', label: 'Văn bản gửi song song với giấy', value: 5 });
  });
  it('drops footnotes and reads a code alone on its line', () => {
    expect(x.facts.some((r) => r.label.startsWith('Văn bản quy phạm pháp luật'))).toBe(false);
    expect(f('1', 1)).toMatchObject({ label: 'Tổng số biên chế được giao', value: 30 });
    expect(f('2', 1)).toMatchObject({ label: 'Tổng số biên chế có mặt', uom: 'Người', value: 28 });
  });
  it('ignores numbered narrative before the tables', () => {
    expect(x.facts.every((r) => r.line > 13)).toBe(true);
    expect(x.facts.length).toBe(11);
  });
});

describe('layout variants', () => {
  it('tab table: "Kết quả" header names the value column; the signature block ends the table', () => {
    const text = [
      'Sở Công Thương báo cáo kết quả cải cách hành chính quý I năm 2024:',
      T('STT', 'Nội dung', 'Kết quả', 'ĐVT', 'Ghi chú'),
      T('1', 'Số TTHC công bố mới', '5', 'Thủ tục', ''),
      T('2', 'Tỷ lệ hồ sơ đúng hạn', '99,2', '%', ''),
      '',
      T('', 'NGƯỜI LẬP BIỂU', '', 'THỦ TRƯỞNG ĐƠN VỊ', ''),
      T('', 'Nguyễn Văn A', '', 'Trần Văn B', '')
    ].join('\n');
    const x = extractText('sct.tsv', text);
    expect(x.facts.map((f) => [f.label, f.uom, f.value])).toEqual([
      ['Số TTHC công bố mới', 'Thủ tục', 5],
      ['Tỷ lệ hồ sơ đúng hạn', '%', 99.2]
    ]);
  });
  it('PDF text: "TT" and "Chỉ tiêu" on separate lines, label continued after the value line', () => {
    const text = [
      'BÁO CÁO',
      'Kết quả cải cách hành chính quý II năm 2024',
      'Sở Ngoại vụ báo cáo như sau:',
      'TT',
      'Chỉ tiêu thống kê',
      'Đơn vị tính Số liệu Ghi chú',
      '1 Số văn bản chỉ đạo CCHC đã ban hành (Kết luận, chỉ thị, công văn chỉ đạo, Văn bản 3',
      'quán triệt)',
      '2 Số nhiệm vụ đề ra trong kế hoạch Nhiệm vụ 12'
    ].join('\n');
    const x = extractText('sngv.txt', text);
    expect(x.format).toBe('pdf-text');
    expect(x.facts.map((f) => [f.code, f.label, f.uom, f.value, f.doubtful])).toEqual([
      ['1', 'Số văn bản chỉ đạo CCHC đã ban hành (Kết luận, chỉ thị, công văn chỉ đạo, quán triệt)', 'Văn bản', 3, false],
      ['2', 'Số nhiệm vụ đề ra trong kế hoạch', 'Nhiệm vụ', 12, false]
    ]);
  });
});

describe('traps', () => {
  it('tab table: the column-number row under the header is not data; a table without STT has no codes', () => {
    const text = [
      'Sở Nội vụ báo cáo kết quả cải cách hành chính năm 2024:',
      T('Chỉ tiêu', 'Đơn vị tính', 'Số liệu', 'Ghi chú'),
      T('(1)', '(2)', '(3)', '(4)'),
      T('Số cuộc kiểm tra', 'Cuộc', '4', ''),
      T('Số vấn đề phát hiện', 'Vấn đề', '2', '')
    ].join('\n');
    const x = extractText('snv.tsv', text);
    expect(x.facts.map((f) => [f.code, f.label, f.uom, f.value])).toEqual([
      ['', 'Số cuộc kiểm tra', 'Cuộc', 4],
      ['', 'Số vấn đề phát hiện', 'Vấn đề', 2]
    ]);
    const numbered = extractText('snv2.tsv', ['Sở Nội vụ báo cáo kết quả cải cách hành chính năm 2024:', T('STT', 'Chỉ tiêu', 'Đơn vị tính', 'Số liệu', 'Ghi chú'), T('1', '2', '3', '4', '5'), T('1', 'Số cuộc kiểm tra', 'Cuộc', '4', '')].join('\n'));
    expect(numbered.facts.map((f) => [f.code, f.value])).toEqual([['1', 4]]);
  });
  it('PDF text: column numbers, dash sub-rows, a bare value before a capitalised sub-row', () => {
    const text = [
      'BÁO CÁO',
      'Kết quả cải cách hành chính quý I năm 2024',
      'Sở Tư pháp báo cáo như sau:',
      'STT Chỉ tiêu thống kê Đơn vị tính Số liệu Ghi chú',
      '1 2 3 4 5',
      '1 Tổng số TTHC thuộc thẩm quyền Thủ tục 40',
      '- Số TTHC cấp tỉnh Thủ tục 30',
      '- Số TTHC cấp xã Thủ tục 10',
      '2 Vận hành hệ thống một cửa điện tử của tỉnh',
      '100',
      'Sở, ngành đã kết nối liên thông',
      '95',
      '3',
      'Số cuộc đối thoại Cuộc 2'
    ].join('\n');
    const x = extractText('stp.txt', text);
    expect(x.facts.map((f) => [f.code, f.label, f.uom, f.value])).toEqual([
      ['1', 'Tổng số TTHC thuộc thẩm quyền', 'Thủ tục', 40],
      ['-', 'Số TTHC cấp tỉnh', 'Thủ tục', 30],
      ['-', 'Số TTHC cấp xã', 'Thủ tục', 10],
      ['2', 'Vận hành hệ thống một cửa điện tử của tỉnh', '', 100],
      ['', 'Sở, ngành đã kết nối liên thông', '', 95],
      ['3', 'Số cuộc đối thoại', 'Cuộc', 2]
    ]);
  });
});

describe('tab blocks that are not statistical tables', () => {
  it('a list of documents after the statistical table is not read as rows; a header-less block is no table', () => {
    const text = [
      'Sở Nội vụ báo cáo kết quả cải cách hành chính năm 2024:',
      T('STT', 'Chỉ tiêu', 'Đơn vị tính', 'Số liệu', 'Ghi chú'),
      T('1', 'Số cuộc kiểm tra', 'Cuộc', '4', ''),
      '',
      'Danh mục văn bản đã ban hành trong năm gồm các văn bản sau đây.',
      'Chi tiết như sau:',
      T('1', 'Kế hoạch 12/KH-SNV', '12/01/2024', 'Đã ban hành', ''),
      T('2', 'Quyết định 45/QĐ-SNV', '20/02/2024', '3', '')
    ].join('\n');
    const x = extractText('snv.md', text);
    expect(x.facts.map((f) => f.label)).toEqual(['Số cuộc kiểm tra']);
    const noHeader = extractText('nh.md', ['Sở Nội vụ báo cáo cải cách hành chính năm 2024', T('1', 'A', 'B', '3'), T('2', 'C', 'D', '4'), T('3', 'E', 'F', '5'), T('4', 'G', 'H', '6'), T('5', 'I', 'J', '7')].join('\n'));
    expect(noHeader.facts).toEqual([]);
    expect(hasErrors(noHeader)).toBe(true);
  });
});

describe('PDF text with a unit that is not in the list', () => {
  it('keeps the value but marks the row doubtful; a year at the end of a label is not a value', () => {
    const text = [
      'BÁO CÁO',
      'Kết quả cải cách hành chính quý I năm 2024',
      'Sở Tư pháp báo cáo:',
      'STT Chỉ tiêu Đơn vị tính Số liệu Ghi chú',
      '1 Số đối tượng được trợ giúp Đối tượng 12',
      '2 Tỷ lệ biên chế tinh giản so với năm 2015',
      '3 Số nhiệm vụ Nhiệm vụ 3'
    ].join('\n');
    const x = extractText('stp.txt', text);
    expect(x.facts[0]).toMatchObject({ label: 'Số đối tượng được trợ giúp', uom: 'Đối tượng', value: 12, doubtful: true });
    expect(x.facts[1]).toMatchObject({ label: 'Tỷ lệ biên chế tinh giản so với năm 2015', value: null, status: 'empty' });
    expect(x.facts[2]).toMatchObject({ value: 3, doubtful: false });
  });
});

describe('PDF text yes/no answers written as words', () => {
  it('reads "Có"/"Không" after a legend or a "Có/không" unit', () => {
    const text = [
      'BÁO CÁO',
      'Kết quả cải cách hành chính quý I năm 2024',
      'Sở Tư pháp báo cáo:',
      'STT Chỉ tiêu Đơn vị tính Số liệu Ghi chú',
      '1 Tổ chức đối thoại với doanh nghiệp Có/không Có',
      '2 Công khai kết quả trả lời phản ánh',
      'Không = 0',
      'Có = 1',
      'Không',
      '3 Số nhiệm vụ Nhiệm vụ 3'
    ].join('\n');
    const x = extractText('stp.txt', text);
    expect(x.facts.map((f) => [f.code, f.uom, f.raw, f.value])).toEqual([
      ['1', 'Có/không', 'Có', 1],
      ['2', 'Không = 0 Có = 1', 'Không', 0],
      ['3', 'Nhiệm vụ', '3', 3]
    ]);
  });
});

describe('PDF text: empty cells shown as trailing spaces', () => {
  it('a heading row ending in a run of spaces is complete; the next capitalised line is its own row', () => {
    const text = [
      'BÁO CÁO',
      'Kết quả cải cách hành chính năm 2024',
      'Sở Tài chính báo cáo:',
      'TT Chỉ tiêu thống kê ',
      'Đơn vị tính Số liệu ',
      '3 Kết quả giải quyết TTHC   ',
      '',
      'Tổng số hồ sơ tiếp nhận Hồ sơ 824  ',
      '',
      'Hồ sơ giải quyết đúng hạn   ',
      '',
      'Tổng số hồ sơ TTHC đã giải quyết xong Hồ sơ 818  ',
      '4 Tổng số nhiệm vụ trong kế hoạch ',
      'Nhiệm vụ ',
      '17 Kế hoạch số 56/KH-UBND ngày 12/01/2024 ',
      '5 Quy chế chi tiêu nội bộ đã ban hành theo ',
      'quy định ',
      'Có = 1; Không = 0 ',
      '1 '
    ].join('\n');
    const x = extractText('stc.txt', text);
    expect(x.facts.map((f) => [f.code, f.label, f.value])).toEqual([
      ['3', 'Kết quả giải quyết TTHC', null],
      ['', 'Tổng số hồ sơ tiếp nhận', 824],
      ['', 'Hồ sơ giải quyết đúng hạn', null],
      ['', 'Tổng số hồ sơ TTHC đã giải quyết xong', 818],
      ['4', 'Tổng số nhiệm vụ trong kế hoạch', 17],
      ['5', 'Quy chế chi tiêu nội bộ đã ban hành theo quy định', 1]
    ]);
    expect(x.facts[4].note).toBe('Kế hoạch số 56/KH-UBND ngày 12/01/2024');
  });
});

describe('PDF text: a wide gap before the value means an empty unit cell', () => {
  it('does not take a capitalised label word for the unit', () => {
    const text = ['BÁO CÁO', 'Kết quả cải cách hành chính năm 2024', 'Sở Tài chính báo cáo:', 'TT Chỉ tiêu thống kê', '3.3 Vận hành Hệ thống một cửa điện tử của tỉnh  100  ', ' Sở, ngành đã kết nối liên thông với Ban  100 ', '3.4 Số ban quản lý trực thuộc  Ban 2'].join('\n');
    const x = extractText('stc.txt', text);
    expect(x.facts.map((f) => [f.label, f.uom, f.value])).toEqual([
      ['Vận hành Hệ thống một cửa điện tử của tỉnh', '', 100],
      ['Sở, ngành đã kết nối liên thông với Ban', '', 100],
      ['Số ban quản lý trực thuộc', 'Ban', 2]
    ]);
  });
});
