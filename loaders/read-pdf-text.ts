/**
 * Reader for text extracted from a PDF (pdftotext-like): no cell delimiters, a table row wraps over
 * several lines, and the unit of measure and the value come last. Rows are delimited by their codes,
 * "Trong đó" markers and completed rows; label | unit | value are split with the known-units list
 * (units-of-measure.json) and coded legends ("Không = 0 / Có = 1"). Page numbers, footnotes and
 * repeated headers are skipped. Whatever cannot be split with confidence is marked doubtful.
 */
import { fold as foldVietnamese } from './fold.ts'; // = warehouse/text-fold.ts foldVietnamese, table-driven
import { addReason, areaOf, MAX_TABLE_ROWS, newRow, splitTrailingUnit, tooManyRows, type RawRow, type ReadResult } from './rows.ts';
import { isColumnNumberRow } from './read-tabular.ts';

const HEADER_WORDS = new Set(
  'stt tt chi tieu thong ke ket qua ghi chu don vi tinh so lieu noi dung dvt ma so ten'.split(' ')
);

function isHeaderStart(t: string): boolean {
  return /^(S?TT|Số TT|STT)\s+(Chỉ tiêu|Nội dung|Tên chỉ tiêu)/i.test(t);
}

/** A line made only of header words ("Kết quả thống kê Ghi", "chú Đơn vị tính Số liệu"). */
function isHeaderish(t: string): boolean {
  const words = foldVietnamese(t).replace(/[^a-z0-9 ]/g, ' ').split(' ').filter(Boolean);
  return words.length > 0 && words.every((w) => HEADER_WORDS.has(w));
}

/** The trailing whitespace of a line: a wide run marks empty unit/value cells. */
const ws = (line: string) => line.match(/\s*$/)?.[0] ?? '';

const LEGEND_LINE = /^(?:[^=\d][^=]{0,39}=\s*\d+\s*[;,.]?\s*|\d+ cấp\s*=\s*\d+\s*[;,.]?\s*)+$/u;
const VALUE_TOKEN = /(\d+\s*\/\s*\d+|[+-]?\d[\d.,]*\s*%?)$/;
const VALUE_WORD_ONLY = /^(Có|Không|Đạt|Không đạt|Chưa)$/;
const VALUE_WORD_END = /\s(Có|Không|Đạt|Không đạt|Chưa)$/;
const VALUE_ONLY = /^(\d+\s*\/\s*\d+|[+-]?\d[\d.,]*\s*%?)$/;
const ROW_START = /^(\d{1,2}(?:\.\d{1,2}){0,4}\.?|[IVX]{1,4}\.|[a-zđ]\))(?:\s+(.*))?$/u;
const STARTS_UPPER = /^[\p{Lu}(“"]/u;
const TABLE_END = /^(Nơi nhận|Trên đây|TM\.|KT\.|GIÁM ĐỐC|CHỦ TỊCH|TRƯỞNG BAN|Người lập biểu|NGƯỜI LẬP BIỂU|Thủ trưởng)/;

interface Building {
  row: RawRow;
  parts: string[]; // label/unit text before the value, in order
  legend: string[]; // legend lines
  trailing: string[]; // text after the value
  hasUnitLine: boolean;
  valueFound: boolean;
  /** The value followed a wide gap with no unit before it: the unit cell is empty. */
  noUnit?: boolean;
  /** The line ended with a run of spaces: the empty unit/value cells, so the row is complete. */
  closed: boolean;
  contAfterBreak: boolean;
}

/** Finds a value at the end of a line; returns the text before it or null when the end is not a value. */
function valueAtEnd(rawLine: string, building: Building | null): { before: string; value: string } | null {
  const line = rawLine.replace(/\s+$/, '');
  const t = line.trim();
  if (VALUE_ONLY.test(t)) return { before: '', value: t };
  // Yes/no answers written as words after a legend or a "Có/không" unit.
  if (building && building.legend.length && VALUE_WORD_ONLY.test(t)) return { before: '', value: t };
  const w = line.match(VALUE_WORD_END);
  if (w) {
    const before = line.slice(0, line.length - w[1].length).trim();
    if (/=\s*\d+\s*[;,]?$/.test(before) || /\bCó\s*\/\s*[Kk]hông$/.test(before)) return { before, value: w[1] };
  }
  const m = line.match(VALUE_TOKEN);
  if (!m) return null;
  const value = m[1].trim();
  const beforeRaw = line.slice(0, line.length - m[1].length);
  const before = beforeRaw.trim();
  // Accept only when the column structure is evident: a known unit, a legend, '%' or a wide gap before it.
  if (/\s{2,}$/.test(beforeRaw) && before) {
    // A wide gap right before the value: the unit cell between them is empty.
    if (building && !/(%|=\s*\d+\s*[;,]?)$/.test(before)) building.noUnit = true;
    return { before, value };
  }
  if (/=\s*\d+\s*[;,]?$/.test(before)) return { before, value };
  if (/%$/.test(before)) return { before, value };
  if (splitTrailingUnit(before)) return { before, value };
  // A fraction at the end of a line is never label text.
  if (/\//.test(value) && /\s$/.test(beforeRaw)) return { before, value };
  void building;
  return null;
}

/** "label Unit 2 Note text": a value right after a known unit, followed by a capitalised note. */
function valueInside(rawLine: string): { before: string; value: string; after: string } | null {
  const line = rawLine.replace(/\s+$/, '');
  const re = /\s(\d+\s*\/\s*\d+|[+-]?\d[\d.,]*%?)\s+(?=\p{Lu})/gu;
  let m: RegExpExecArray | null;
  while ((m = re.exec(line))) {
    const before = line.slice(0, m.index).trim();
    const after = line.slice(m.index + m[0].length).trim();
    if (before && (splitTrailingUnit(before) || /%$/.test(before)) && after) return { before, value: m[1], after };
  }
  return null;
}

/** Splits "label ... Key = 1; Key2 = 0" into label and legend. */
function splitInlineLegend(text: string): { rest: string; legend: string } | null {
  const first = text.search(/=\s*\d/);
  if (first < 0) return null;
  const before = text.slice(0, first).trimEnd();
  const words = before.split(' ');
  // The key is the shortest run of final words (<= 4) that starts with a capital or a digit.
  for (let k = 1; k <= Math.min(4, words.length); k++) {
    const w = words[words.length - k];
    if (/^[\p{Lu}\d]/u.test(w)) {
      const rest = words.slice(0, words.length - k).join(' ');
      return { rest: rest.trim(), legend: text.slice(rest.length).trim() };
    }
  }
  return null;
}

export function readPdfText(text: string): ReadResult {
  const lines = text.split('\n');
  const out: ReadResult = { rows: [], tables: [], messages: [] };
  const footnotes = new Set<string>();
  let table = -1;
  let tableArea: number | null = null;
  let pendingTitle: { line: number } | null = null;
  let pendingTableTitle: string | null = null;
  let inHeader = false;
  let inTables = false;
  let blankRun = 0;
  let footMode = false;
  let cur: Building | null = null;
  let afterBreak = false;
  let lastHadTrailing = false;

  const finish = () => {
    if (!cur) return;
    const b = cur;
    cur = null;
    let text = b.parts.join(' ').replace(/\s+/g, ' ').trim();
    let uom = '';
    const legendText = b.legend.join(' ').replace(/\s+/g, ' ').trim();
    if (legendText) {
      uom = legendText;
    } else {
      const il = splitInlineLegend(text);
      if (il && il.rest) {
        text = il.rest;
        uom = il.legend;
      }
    }
    if (!uom && !b.noUnit) {
      const su = splitTrailingUnit(text);
      const abbrevOnly = su && /^[A-ZĐ]{2,}$/.test(su.uom) && !b.valueFound && !b.hasUnitLine;
      if (su && su.rest && !abbrevOnly) {
        text = su.rest;
        uom = su.uom;
      }
    }
    if (!b.valueFound && !uom && b.row.code) {
      // "Số công chức Công chức 12": a number at the very end after a capitalised word that is not a
      // known unit. Probably unit + value; kept but doubtful. Years ("năm 2015") are label text.
      const um = text.match(/^(.*\S)\s+(\p{Lu}\p{Ll}*(?:\s+\p{Ll}+){0,2})\s+(\d[\d.,]*%?)$/u);
      if (um && !/^(19|20)\d\d$/.test(um[3]) && !/^(năm|Năm|mức độ|Mức độ|cấp|Cấp)$/.test(um[2])) {
        text = um[1];
        uom = um[2];
        b.row.raw = um[3];
        b.valueFound = true;
        addReason(b.row, `đơn vị tính "${um[2]}" không có trong danh mục: tách nhãn/đơn vị/số liệu có thể sai / unit "${um[2]}" is not a known unit: label/unit/value split may be wrong`);
      }
    }
    if (!b.valueFound) {
      // A fraction buried in wrapped text ("... xin 0/0 trễ hẹn ...") is the value cell.
      const fm = text.match(/\s(\d+\s*\/\s*\d+)\s/);
      if (fm) {
        b.row.raw = fm[1].replace(/\s+/g, '');
        addReason(b.row, 'giá trị nằm giữa phần chữ bị ngắt dòng: nhãn và đơn vị có thể bị lẫn / value found inside wrapped text: label and unit may be mixed');
      }
    }
    if (b.trailing.length) {
      const tail = b.trailing.join(' ').replace(/\s+/g, ' ').trim();
      if (/^[\p{Ll}]/u.test(tail)) {
        text = `${text} ${tail}`;
        // With a known unit or legend right before the value the value is certain; only the label wrapped.
        addReason(b.row, 'chữ tiếp tục sau giá trị: nhãn/đơn vị bị ngắt dòng / text continues after the value: label or unit wrapped', !uom);
      } else {
        b.row.note = b.row.note ? `${b.row.note} ${tail}` : tail;
      }
    }
    const prevRow = out.rows[out.rows.length - 1];
    if (!b.row.code && !b.valueFound && !uom && !b.legend.length && prevRow && lastHadTrailing && prevRow.table === b.row.table) {
      prevRow.label = `${prevRow.label} ${text}`;
      lastHadTrailing = true;
      return;
    }
    lastHadTrailing = b.trailing.length > 0 && /^[\p{Ll}]/u.test(b.trailing[0]);
    b.row.label = text;
    b.row.uom = uom;
    if (b.contAfterBreak) addReason(b.row, 'dòng nối tiếp sau ngắt trang / row continued after a page break', false);
    out.rows.push(b.row);
    if (out.tables[b.row.table]) out.tables[b.row.table].rows++;
  };

  let lastTop = 0;
  const tableRows = () => out.rows.filter((r) => r.table === table).length + (cur && (cur as Building).row.table === table ? 1 : 0);
  const start = (lineNo: number, code: string, rest: string | null) => {
    finish();
    const top = code.match(/^(\d+)/);
    if (top) lastTop = Number(top[1]);
    cur = {
      row: newRow({ code, line: lineNo, table, tableArea }),
      parts: [],
      legend: [],
      trailing: [],
      hasUnitLine: false,
      valueFound: false,
      closed: false,
      contAfterBreak: false
    };
    if (rest) addText(rest, lineNo);
  };

  const setValue = (b: Building, v: string) => {
    b.row.raw = /\d/.test(v) ? v.replace(/\s+/g, '') : v.trim();
    b.valueFound = true;
  };

  function addText(lineText: string, lineNo: number) {
    const b = cur!;
    const t = lineText.trim();
    if (!t) return;
    if (b.valueFound) {
      b.trailing.push(t);
      return;
    }
    if (LEGEND_LINE.test(t)) {
      b.legend.push(t);
      if (/\S {3,}$/.test(lineText)) b.closed = true;
      return;
    }
    const v = valueAtEnd(lineText, b);
    if (v) {
      if (v.before) {
        if (b.legend.length && /=\s*\d/.test(v.before)) b.legend.push(v.before);
        else b.parts.push(v.before);
      }
      setValue(b, v.value);
      return;
    }
    const vi = valueInside(lineText);
    if (vi) {
      b.parts.push(vi.before);
      setValue(b, vi.value);
      b.trailing.push(vi.after);
      return;
    }
    b.parts.push(t);
    if (splitTrailingUnit(t)?.rest === '' || t === '%') b.hasUnitLine = true;
    if (/\S {3,}$/.test(lineText)) b.closed = true;
    void lineNo;
  }

  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i];
    const t = raw.trim();
    const lineNo = i + 1;
    if (out.rows.length > MAX_TABLE_ROWS) {
      out.messages.push(tooManyRows(lineNo));
      cur = null;
      break;
    }
    if (!t) {
      // A long run of spaces is the rule above footnotes at the bottom of a page.
      if (raw.length >= 20 && inTables) footMode = true;
      blankRun++;
      continue;
    }
    const blanksBefore = blankRun;
    blankRun = 0;

    if (footMode) {
      const fm = t.match(/^(\d{1,2})\s+\S/);
      if (fm && !/^\d+\.\d/.test(t) && !isHeaderStart(t)) {
        footnotes.add(fm[1]);
        continue;
      }
      footMode = false;
    }

    if (/^Biểu\s*(mẫu|số)\s*\d+/i.test(t) || /^Phụ\s*lục\b/i.test(t) && inTables) {
      finish();
      pendingTitle = { line: lineNo };
      pendingTableTitle = null;
      continue;
    }
    let headerHere = isHeaderStart(t);
    if (!headerHere && /^(S?TT|Số TT)$/i.test(t)) {
      // "TT" and "Chỉ tiêu ..." on separate lines.
      let j = i + 1;
      while (j < lines.length && !lines[j].trim()) j++;
      headerHere = /^(Chỉ tiêu|Nội dung|Tên chỉ tiêu)/i.test((lines[j] ?? '').trim());
    }
    if (headerHere) {
      const repeat = inTables && !pendingTitle && cur !== null;
      if (!repeat) {
        finish();
        table++;
        lastTop = 0;
        inTables = true;
        tableArea = pendingTableTitle ? areaOf(pendingTableTitle) : null;
        out.tables.push({ line: lineNo, title: pendingTableTitle, rows: 0 });
      } else {
        afterBreak = true;
      }
      pendingTitle = null;
      inHeader = true;
      continue;
    }
    if (!inTables) {
      if (pendingTitle && !pendingTableTitle) pendingTableTitle = t;
      continue;
    }
    if (pendingTitle) {
      if (!pendingTableTitle) pendingTableTitle = t;
      else pendingTableTitle += ` ${t}`;
      continue;
    }
    if (inHeader && (isHeaderish(t) || /^\(.*\)$/.test(t) || /^(Chỉ tiêu|Nội dung)( thống kê)?$/i.test(t))) continue;
    inHeader = false;
    if (TABLE_END.test(t)) {
      finish();
      inTables = false;
      continue;
    }
    if (isColumnNumberRow(t.split(/\s+/))) continue;
    // "- Số TTHC cấp xã ..." / "+ ..." sub-rows: a new uncoded row once the previous row is complete.
    const dash = t.match(/^([-+•])\s+(\S.*)$/);
    if (dash && !(cur && !(cur as Building).valueFound && !(cur as Building).closed && (cur as Building).parts.length === 0)) {
      start(lineNo, dash[1], dash[2] + ws(raw));
      afterBreak = false;
      continue;
    }
    // A bare number: a page number, a code alone on its line, or a value under its unit.
    if (/^\d{1,3}(\.\d{1,2})*$/.test(t)) {
      let j = i + 1;
      while (j < lines.length && !lines[j].trim()) j++;
      const next = (lines[j] ?? '').trim();
      const c = cur as Building | null;
      const needsValue = !!c && !c.valueFound && !c.closed && (c.hasUnitLine || c.legend.length > 0 || !!splitTrailingUnit(c.parts.join(' ')) || /(%|=\s*\d+\s*[;,.]?)$/.test(c.parts.join(' ')));
      if (!next || /^Biểu\s*(mẫu|số)\s*\d+/i.test(next) || isHeaderStart(next) || /^Phụ\s*lục\b/i.test(next)) {
        if (needsValue && blanksBefore < 3) addText(t, lineNo);
        else afterBreak = true;
        continue;
      }
      // A code alone on its line must continue the numbering ("4" after "3.x", "3.2" after "3.1"); "100" is a value.
      const top = Number(t.split('.')[0]);
      const plausibleCode = t.includes('.') ? top <= lastTop + 1 : top === lastTop + 1 || (top === 1 && tableRows() === 0) || (top <= lastTop + 2 && top > lastTop);
      if (!needsValue && plausibleCode && STARTS_UPPER.test(next) && !LEGEND_LINE.test(next)) {
        start(lineNo, t, null);
        afterBreak = false;
        continue;
      }
      if (blanksBefore >= 3 && !needsValue) {
        afterBreak = true;
        continue;
      }
      if (c && !c.valueFound) {
        addText(t, lineNo);
        continue;
      }
      // A second bare number after a completed row: not a page number pattern we know.
      if (c) {
        addReason(c.row, `số "${t}" ở dòng ${lineNo} không thuộc cột nào / stray number "${t}" on line ${lineNo}`);
        continue;
      }
      afterBreak = true;
      continue;
    }
    // "Trong" / "đó" split over two lines, or "Trong đó" / "Trong đó:" starting a sub-row.
    if (/^Trong$/i.test(t)) {
      let j = i + 1;
      while (j < lines.length && !lines[j].trim()) j++;
      if (j < lines.length && /^đó(?=[\s:]|$)/i.test(lines[j].trim())) {
        start(lineNo, 'Trong đó', lines[j].trim().replace(/^đó[:\s]*/i, '') || null);
        i = j;
        afterBreak = false;
        continue;
      }
    }
    const td = t.match(/^Trong đó[:\s]*(.*)$/i);
    if (td) {
      start(lineNo, 'Trong đó', td[1] || null);
      afterBreak = false;
      continue;
    }
    const b = cur as Building | null;
    // Legend lines never start rows ("2 cấp = 1").
    if (b && LEGEND_LINE.test(t)) {
      addText(t, lineNo);
      continue;
    }
    const rs = t.match(ROW_START);
    if (rs && rs[2] && b && !b.valueFound && !b.closed && /^\d+$/.test(rs[1]) && (b.hasUnitLine || b.legend.length > 0)) {
      // "17 Kế hoạch số 56/KH-UBND" under a unit line: a value followed by a note, unless 17 continues the numbering.
      const n = Number(rs[1]);
      if (!(n === lastTop + 1 || n === lastTop + 2)) {
        setValue(b, rs[1]);
        b.trailing.push(rs[2]);
        continue;
      }
    }
    if (rs) {
      const rest = rs[2] ?? '';
      const bareNumber = !rest && /^\d+(\.\d+)?$/.test(rs[1]);
      let isRow = rest ? STARTS_UPPER.test(rest) : true;
      if (bareNumber && b && !b.valueFound) {
        // "149" under "Nhiệm vụ" is a value; "1" alone before a label on the next line is a code.
        let j = i + 1;
        while (j < lines.length && !lines[j].trim()) j++;
        const next = (lines[j] ?? '').trim();
        const needsValue = b.hasUnitLine || b.legend.length > 0 || !!splitTrailingUnit(b.parts.join(' '));
        isRow = !needsValue && STARTS_UPPER.test(next) && !LEGEND_LINE.test(next);
      }
      if (isRow) {
        start(lineNo, rs[1], rest ? rest + ws(raw) : null);
        afterBreak = false;
        continue;
      }
    }
    if (!b) {
      start(lineNo, '', t + ws(raw));
      afterBreak = false;
      continue;
    }
    if ((b.valueFound || b.closed) && STARTS_UPPER.test(t)) {
      // After a completed row a capitalised line starts an uncoded sub-row ("Trong đó" items).
      start(lineNo, '', t + ws(raw));
      afterBreak = false;
      continue;
    }
    if (afterBreak && !b.valueFound) b.contAfterBreak = true;
    afterBreak = false;
    addText(raw, lineNo);
  }
  finish();
  // Footnote markers glued to abbreviations ("VBQPPL1" with footnote "1 Văn bản quy phạm pháp luật");
  // footnotes sit at the page bottom, after the rows that cite them, so this runs last.
  if (footnotes.size)
    for (const r of out.rows) r.label = r.label.replace(/([A-ZĐ]{2,})(\d{1,2})(?=[\s,.;:)]|$)/g, (m0, w, n) => (footnotes.has(n) ? w : m0));
  if (footnotes.size)
    out.messages.push({
      severity: 'info',
      line: null,
      message_vi: `Đã bỏ qua ${footnotes.size} chú thích cuối trang trong bảng.`,
      message_en: `Skipped ${footnotes.size} footnote(s) inside the tables.`
    });
  return out;
}
