/**
 * Renders one demo report as the text of a file, in the forms real agencies send: Markdown from a word
 * processor (tab-separated table, <b>/<i>, repeated header rows), a plain tab-separated sheet, or text
 * extracted from a PDF (rows wrap over lines, unit and value last, page breaks repeat the header).
 * Every file has a header (agency, "Số: .../BC-...", place and date, title), a short narrative whose
 * numbers agree with the table, and the statistical appendix.
 */
import type { PeriodKind } from '../types.ts';
import { loadCatalogue } from '../../warehouse/catalogue.ts';
import { buildLayout, labelFor, uomFor, type Entry } from './layout.ts';
import { DEMO_PROVINCE, RATE_LINKS, round, type DemoUnit, type Values } from './model.ts';
import { keyedRng, type Rng } from './prng.ts';

export interface ReportSpec {
  unit: DemoUnit;
  year: number;
  kind: PeriodKind;
  values: Values;
  reportNo: number;
  /** Report date (the date printed in the header). */
  date: { d: number; m: number; y: number };
  seed: number;
}

/** A printed table row, with what the generator meant it to say (for the round-trip test). */
export interface PrintedRow {
  code: string;
  label: string;
  uom: string;
  raw: string;
  note: string;
  kind: 'area' | 'heading' | 'item';
  indicator: string | null;
  value: number | null;
  italic: boolean;
  bold: boolean;
}

const ROMAN = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII'];
const PERIOD_VI: Record<PeriodKind, string> = { Q1: 'Quý I', Q2: 'Quý II', Q3: 'Quý III', Q4: 'Quý IV', H1: '6 tháng đầu năm', '9M': '9 tháng', year: 'năm' };
const RATES = new Set(RATE_LINKS.map((r) => r[0]));

export function periodPhrase(kind: PeriodKind, year: number, r: Rng): string {
  if (kind === 'year') return `năm ${year}`;
  if (kind === 'H1') return r.pick([`6 tháng đầu năm ${year}`, `sáu tháng đầu năm ${year}`]);
  return r.pick([`${PERIOD_VI[kind]} năm ${year}`, `${PERIOD_VI[kind].toLowerCase()} năm ${year}`]);
}

function formatCount(u: DemoUnit, x: number): string {
  let s = String(Math.round(x));
  if (u.thousandsDot && Math.abs(x) >= 1000) s = s.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  if (u.leadingZeros && x >= 1 && x < 10) s = `0${s}`;
  return s;
}

function formatDecimal(x: number, decimals: number): string {
  const r = round(x, decimals);
  if (Number.isInteger(r)) return String(r);
  return r.toFixed(decimals).replace('.', ',');
}

/** The printed cell and the value it stands for (a rate is rounded at the unit's precision). */
export function printValue(u: DemoUnit, code: string, x: number): { raw: string; value: number } {
  const ind = loadCatalogue().byCode.get(code)!;
  if (ind.kind === 'percent') {
    const value = round(x, u.decimals);
    return { raw: formatDecimal(value, u.decimals), value };
  }
  if (ind.kind === 'flag' && u.flagWords) return { raw: x === 1 ? 'Có' : 'Không', value: x };
  if (ind.kind === 'flag' || ind.kind === 'enum') return { raw: String(x), value: x };
  if (ind.kind === 'money') return { raw: formatCount({ ...u, leadingZeros: false }, x), value: Math.round(x) };
  return { raw: formatCount(u, x), value: Math.round(x) };
}

/** Flattens the layout into printed rows with the unit's numbering style. */
export function printedRows(spec: ReportSpec): { rows: PrintedRow[]; forms: { title: string; rows: PrintedRow[] }[] } {
  const { unit: u, values: v } = spec;
  const cat = loadCatalogue();
  const blocks = buildLayout(u, v);
  const r = keyedRng(spec.seed, u.id, 'notes', spec.year, spec.kind);
  const forms: { title: string; rows: PrintedRow[] }[] = [];
  const all: PrintedRow[] = [];
  const row = (e: Entry, code: string, depth: number): PrintedRow => {
    if (e.heading) return { code, label: e.heading, uom: '', raw: '', note: '', kind: 'heading', indicator: null, value: null, italic: false, bold: u.numbering === 'dotted' && depth === 0 };
    const ind = cat.byCode.get(e.code!)!;
    const p = printValue(u, ind.code, v.get(ind.code)!);
    let note = '';
    if (ind.code === 'direction.plan_tasks_planned' && v.get('direction.plan_issued') !== 0 && r.chance(0.5)) note = `Kế hoạch số ${r.int(2, 60)}/KH-${u.abbr} ngày ${r.int(2, 28)}/01/${spec.year}`;
    if (ind.code === 'tthc.files_late' && r.chance(0.3)) note = 'Đã thực hiện xin lỗi theo quy định';
    return {
      code: e.trongDo ? (u.numbering === 'roman' && r.chance(0.5) ? 'Trong đó' : '') : code,
      label: e.trongDo && u.numbering === 'roman' ? `- ${labelFor(u, ind)}` : labelFor(u, ind),
      uom: uomFor(u, ind), raw: p.raw, note, kind: 'item', indicator: ind.code, value: p.value,
      italic: !!e.trongDo, bold: u.numbering === 'dotted' && depth === 0 && !!e.children?.length
    };
  };
  blocks.forEach((b, bi) => {
    const rows: PrintedRow[] = [];
    const areaCode = u.numbering === 'roman' ? ROMAN[bi] : String(bi + 1);
    if (u.numbering !== 'forms') rows.push({ code: areaCode, label: b.title, uom: '', raw: '', note: '', kind: 'area', indicator: null, value: null, italic: false, bold: true });
    const walk = (es: Entry[], prefix: string, depth: number) => {
      let n = 0;
      for (const e of es) {
        if (!e.trongDo) n++;
        let code: string;
        if (u.numbering === 'roman') code = depth === 0 ? String(n) : '';
        else if (u.numbering === 'dotted') code = `${prefix}.${n}`;
        else code = depth === 0 ? String(n) : `${prefix}.${n}`;
        rows.push(row(e, code, depth));
        if (e.children) walk(e.children, u.numbering === 'forms' && depth === 0 ? String(n) : code, depth + 1);
      }
    };
    walk(b.entries, u.numbering === 'forms' ? '' : areaCode, 0);
    forms.push({ title: b.title, rows });
    all.push(...rows);
  });
  return { rows: all, forms };
}

// ---------------------------------------------------------------------------------------------
// Header and narrative

function agencyLines(u: DemoUnit): [string, string] {
  if (u.level === 'commune') return [`UBND HUYỆN TRUNG TÂM`, u.name.replace('Ủy ban nhân dân', 'ỦY BAN NHÂN DÂN').toUpperCase()];
  return [`UBND TỈNH ${DEMO_PROVINCE.toUpperCase()}`, u.name.toUpperCase()];
}

function shortName(u: DemoUnit): string {
  return u.level === 'commune' ? u.name.replace('Ủy ban nhân dân', 'UBND') : u.name;
}

function num(u: DemoUnit, v: Values, code: string): string {
  return printValue(u, code, v.get(code)!).raw;
}

/** Narrative paragraphs: headings and sentences, with numbers that agree with the appendix. */
function narrative(spec: ReportSpec, period: string): { heading?: string; text: string }[] {
  const { unit: u, values: v, year } = spec;
  const r = keyedRng(spec.seed, u.id, 'narr', year, spec.kind);
  const me = u.level === 'commune' ? 'Ủy ban nhân dân xã' : u.kind === 'Ban' ? 'Ban Quản lý' : 'Sở';
  const out: { heading?: string; text: string }[] = [];
  out.push({ text: `Thực hiện Công văn số ${r.int(100, 4000)}/SNV-CCHC ngày ${r.int(1, 28)}/${r.int(1, 2)}/${year} của Sở Nội vụ tỉnh ${DEMO_PROVINCE} về việc báo cáo cải cách hành chính định kỳ, ${shortName(u)} báo cáo kết quả thực hiện công tác cải cách hành chính ${period} như sau:` });
  out.push({ heading: 'I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CẢI CÁCH HÀNH CHÍNH', text:
    (v.get('direction.plan_issued') === 0
      ? `${me} chưa ban hành Kế hoạch cải cách hành chính năm ${year} riêng của đơn vị; các nhiệm vụ được triển khai theo kế hoạch chung của cấp trên. `
      : `${me} đã ban hành Kế hoạch số ${r.int(2, 60)}/KH-${u.abbr} ngày ${r.int(2, 28)}/01/${year} về cải cách hành chính năm ${year}. `) +
    (v.has('direction.plan_tasks_planned') && v.has('direction.plan_tasks_completed')
      ? `Số nhiệm vụ đề ra trong kế hoạch là ${num(u, v, 'direction.plan_tasks_planned')} nhiệm vụ, đến thời điểm báo cáo đã hoàn thành ${num(u, v, 'direction.plan_tasks_completed')} nhiệm vụ. `
      : '') +
    `Công tác tuyên truyền cải cách hành chính được duy trì thường xuyên trên Trang thông tin điện tử của đơn vị.` });
  out.push({ heading: 'II. KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH', text: '' });
  out.push({ heading: '1. Cải cách thể chế', text: `Tiếp tục rà soát, hệ thống hóa văn bản quy phạm pháp luật thuộc phạm vi quản lý; ${r.pick(['không phát hiện văn bản trái pháp luật', 'các văn bản cần sửa đổi đã được kiến nghị xử lý kịp thời'])}.` });
  out.push({ heading: '2. Cải cách thủ tục hành chính', text:
    `Tổng số TTHC thuộc thẩm quyền giải quyết là ${num(u, v, 'tthc.total')} thủ tục. Trong kỳ, đơn vị tiếp nhận ${num(u, v, 'tthc.files_received')} hồ sơ` +
    (v.has('tthc.files_resolved') ? `, đã giải quyết xong ${num(u, v, 'tthc.files_resolved')} hồ sơ, trong đó đúng hạn ${num(u, v, 'tthc.files_on_time')} hồ sơ.` : '.') });
  out.push({ heading: '3. Cải cách tổ chức bộ máy', text:
    `Tổng số biên chế được giao là ${num(u, v, 'org.staff_quota')} biên chế, có mặt tại thời điểm báo cáo ${num(u, v, 'org.staff_present')} người. Tiếp tục thực hiện tinh giản biên chế theo kế hoạch.` });
  out.push({ heading: '4. Cải cách chế độ công vụ', text: 'Thực hiện nghiêm kỷ luật, kỷ cương hành chính; cử cán bộ, công chức tham gia các lớp đào tạo, bồi dưỡng theo kế hoạch.' });
  out.push({ heading: '5. Cải cách tài chính công', text: 'Thực hiện cơ chế tự chủ, tự chịu trách nhiệm về sử dụng biên chế và kinh phí quản lý hành chính theo quy định.' });
  out.push({ heading: '6. Xây dựng và phát triển chính quyền điện tử, chính quyền số', text: `Duy trì gửi, nhận văn bản điện tử có ký số; tiếp tục hướng dẫn người dân nộp hồ sơ trực tuyến trên Cổng dịch vụ công.` });
  out.push({ heading: 'III. ĐÁNH GIÁ CHUNG', text: r.pick([
    'Công tác cải cách hành chính được triển khai đồng bộ, đạt kết quả tích cực; tuy nhiên hạ tầng công nghệ thông tin còn hạn chế.',
    'Nhìn chung các nhiệm vụ cải cách hành chính được thực hiện đúng tiến độ; một số hồ sơ còn giải quyết quá hạn do phải xác minh.'
  ]) });
  out.push({ heading: 'IV. PHƯƠNG HƯỚNG, NHIỆM VỤ KỲ TỚI', text: 'Tiếp tục thực hiện các nhiệm vụ theo Kế hoạch cải cách hành chính năm; nâng cao tỷ lệ hồ sơ trực tuyến và chất lượng phục vụ người dân, doanh nghiệp.' });
  out.push({ text: `Trên đây là báo cáo kết quả thực hiện công tác cải cách hành chính ${period} của ${shortName(u)}./.` });
  return out;
}

interface Doc {
  agency: [string, string];
  number: string;
  placeDate: string;
  title: string;
  period: string;
  narrative: { heading?: string; text: string }[];
  appendixTitle: string;
  attached: string;
  signer: string;
  signerTitle: string;
}

function docParts(spec: ReportSpec): Doc {
  const { unit: u, year, kind, date } = spec;
  const r = keyedRng(spec.seed, u.id, 'hdr', year, kind);
  const period = periodPhrase(kind, year, r);
  const title = r.pick([
    `Kết quả thực hiện công tác cải cách hành chính ${period}`,
    `Tình hình, kết quả thực hiện cải cách hành chính ${period}`,
    `Cải cách hành chính ${period} của ${shortName(u)}`
  ]);
  const number = `${spec.reportNo}/BC-${u.abbr}`;
  const dateText = `ngày ${String(date.d).padStart(r.chance(0.5) ? 2 : 1, '0')} tháng ${String(date.m).padStart(2, '0')} năm ${date.y}`;
  const where = u.level === 'commune' ? `tại ${u.name.replace('Ủy ban nhân dân ', '').toUpperCase()}` : `tại ${u.name.toUpperCase()} TỈNH ${DEMO_PROVINCE.toUpperCase()}`;
  return {
    agency: agencyLines(u),
    number,
    placeDate: `${u.place}, ${dateText}`,
    title,
    period,
    narrative: narrative(spec, period),
    appendixTitle: `THỐNG KÊ SỐ LIỆU KẾT QUẢ THỰC HIỆN CÔNG TÁC CẢI CÁCH HÀNH CHÍNH ${period.toUpperCase()} ${where.toUpperCase().replace(/^TẠI/, 'TẠI')}`,
    attached: `(Kèm theo Báo cáo số ${number} ngày ${date.d}/${date.m}/${date.y} của ${shortName(u)}${u.level === 'commune' ? '' : ` tỉnh ${DEMO_PROVINCE}`})`,
    signer: u.signer,
    signerTitle: u.signerTitle
  };
}

// ---------------------------------------------------------------------------------------------
// Formats

function renderMarkdown(spec: ReportSpec): string {
  const d = docParts(spec);
  const { forms } = printedRows(spec);
  const r = keyedRng(spec.seed, spec.unit.id, 'md', spec.year, spec.kind);
  const L: string[] = [];
  L.push(d.agency[0], `**${d.agency[1]}**`, '', `Số: ${d.number}`, '', `*${d.placeDate}*`, '', '## **BÁO CÁO**', '', `### **${d.title}**`, '');
  for (const p of d.narrative) {
    if (p.heading) L.push(`#### **${p.heading}**`, '');
    if (p.text) L.push(p.text, '');
  }
  L.push('***Nơi nhận:***', '', '- Sở Nội vụ;', '- Lưu: VT.', '', `**${d.signerTitle.replace('\n', '  \n')}**`, '', `**${d.signer}**`, '');
  L.push(`**${d.appendixTitle}**`, '', d.attached, '');
  const header = ['STT\tChỉ tiêu thống kê\tKết quả thống kê\t\tGhi chú', '\t\tĐơn vị tính\tSố liệu\t'];
  const pageRows = r.int(14, 22);
  let onPage = 0;
  const b = (s: string, on: boolean) => (on && s ? `<b>${s}</b>` : s);
  const i = (s: string, on: boolean) => (on && s ? `<i>${s}</i>` : s);
  forms.forEach((f, fi) => {
    if (fi === 0 || spec.unit.numbering === 'forms') {
      if (spec.unit.numbering === 'forms') L.push('', `**Biểu mẫu ${fi + 1}**`, '', `**${f.title}**`, '');
      L.push(...header);
      onPage = 0;
    }
    for (const row of f.rows) {
      if (onPage >= pageRows) {
        L.push('', ...header); // page break in the word processor: the header row repeats
        onPage = 0;
      }
      const cells = [row.code, row.label, row.uom, row.raw, row.note].map((c, k) => (k < 4 ? i(b(c, row.bold), row.italic) : c));
      L.push(cells.join('\t'));
      onPage++;
    }
  });
  return L.join('\n') + '\n';
}

function renderTsv(spec: ReportSpec): string {
  const d = docParts(spec);
  const { forms } = printedRows(spec);
  const L: string[] = [];
  L.push(d.agency[0], d.agency[1], `Số: ${d.number}`, d.placeDate, 'BÁO CÁO', d.title, '');
  for (const p of d.narrative) {
    if (p.heading) L.push(p.heading);
    if (p.text) L.push(p.text);
  }
  L.push('', d.signerTitle.replace('\n', ' '), d.signer, '', d.appendixTitle, d.attached, '');
  L.push(['STT', 'Nội dung chỉ tiêu', 'Đơn vị tính', 'Số liệu', 'Ghi chú'].join('\t'));
  forms.forEach((f, fi) => {
    if (spec.unit.numbering === 'forms') L.push(`Biểu mẫu ${fi + 1}\t${f.title}\t\t\t`);
    for (const row of f.rows) L.push([row.code, row.label, row.uom, row.raw, row.note].join('\t'));
  });
  return L.join('\n') + '\n';
}

/** Wraps text at about `width` characters on word boundaries. */
function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const w of text.split(/\s+/)) {
    if (line && line.length + 1 + w.length > width) {
      out.push(line);
      line = w;
    } else line = line ? `${line} ${w}` : w;
  }
  if (line) out.push(line);
  return out;
}

function renderPdfText(spec: ReportSpec): string {
  const d = docParts(spec);
  const { forms } = printedRows(spec);
  const r = keyedRng(spec.seed, spec.unit.id, 'pdf', spec.year, spec.kind);
  const L: string[] = [];
  const para = (t: string) => {
    for (const l of wrap(t, 78)) L.push(`${l} `, '');
  };
  L.push(`${d.agency[0]} `, `${d.agency[1]} `, '', `Số: ${d.number} `, `${d.placeDate} `, '', ' BÁO CÁO ', '', `${d.title} `, '', ' ', '');
  for (const p of d.narrative) {
    if (p.heading) L.push(`${p.heading} `, '');
    if (p.text) para(p.text);
  }
  L.push('Nơi nhận: ', '- Sở Nội vụ; ', '', '- Lưu: VT. ', '', ' ', '', ...d.signerTitle.split('\n').map((s) => `${s} `), '', ' ', '', d.signer, '', '');
  let page = 1;
  L.push(`${page} `, '', 'Phụ lục ', '', `${d.appendixTitle} `, '', `${d.attached} `, '', ' ', '');
  const header = () => L.push('TT Chỉ tiêu thống kê ', 'Kết quả thống kê ', '', 'Ghi chú ', 'Đơn vị tính Số liệu ', '');
  const pageRows = r.int(18, 28);
  let onPage = 0;
  forms.forEach((f, fi) => {
    if (fi === 0 || spec.unit.numbering === 'forms') {
      if (spec.unit.numbering === 'forms') L.push(` Biểu mẫu ${fi + 1} `, '', `${f.title} `, '');
      header();
      onPage = 0;
    }
    for (const row of f.rows) {
      if (onPage >= pageRows) {
        page++;
        L.push(' ', '', `${page} `, '', ' ');
        header();
        onPage = 0;
      }
      onPage++;
      const tail = [row.uom, row.raw].filter(Boolean).join(' ');
      const note = row.note ? ` ${row.note}` : '';
      const head = row.code ? `${row.code} ` : '';
      const whole = `${head}${row.label} ${tail}${note}`;
      if (whole.length <= 95) {
        L.push(`${whole}  `, '');
        continue;
      }
      // A long row wraps: the label runs over several lines, the unit of measure and value come last.
      const parts = wrap(row.label, 72);
      if (r.chance(0.5)) {
        L.push(`${head}`.trimEnd() + ' ', ...parts.map((p) => `${p} `), '', `${row.uom} ${row.raw}${note}  `, '');
      } else {
        L.push(`${head}${parts[0]} `, '', ...parts.slice(1).map((p) => `${p} `), '', `${row.uom} `, `${row.raw}${note} `, '');
      }
    }
  });
  return L.join('\n') + '\n';
}

export function renderReport(spec: ReportSpec): string {
  switch (spec.unit.format) {
    case 'markdown':
      return renderMarkdown(spec);
    case 'tsv':
      return renderTsv(spec);
    default:
      return renderPdfText(spec);
  }
}

export const EXTENSION: Record<DemoUnit['format'], string> = { markdown: 'md', tsv: 'tsv', 'pdf-text': 'txt' };
export { RATES };
