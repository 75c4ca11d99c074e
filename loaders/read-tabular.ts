/**
 * Reader for tables whose cells are delimited: tab-separated (Markdown from a word processor, a
 * spreadsheet pasted as text), CSV typed by hand (comma or semicolon), and Markdown pipe tables.
 * Column positions come from the header rows (found by their words), never assumed.
 */
import Papa from 'papaparse';
import { fold as foldVietnamese } from './fold.ts'; // = warehouse/text-fold.ts foldVietnamese, table-driven
import { addReason, areaHeadingOf, MAX_TABLE_ROWS, newRow, tooManyRows, type RawRow, type ReadResult } from './rows.ts';

export type CellSplitter = 'tab' | 'csv' | 'pipe';

interface Cols {
  code: number;
  label: number;
  uom: number;
  value: number;
  note: number;
}

const DEFAULT_COLS: Cols = { code: 0, label: 1, uom: 2, value: 3, note: 4 };

/** Nothing stripTags would change: no markup, entity, emphasis, and only single inner spaces. */
const PLAIN = /[<&*_]|\s\s|[^\S ]|^ | $/;

export const stripTags = (s: string) =>
  !PLAIN.test(s)
    ? s
    : s
    .replace(/<br\s*\/?>/gi, ' ')
    .replace(/<[^>]*>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/\*\*|__/g, '')
    .replace(/\s+/g, ' ')
    .trim();

function isBold(cell: string): boolean {
  const t = cell.trim();
  return /^(<b>|<strong>|\*\*)/i.test(t);
}

type CellKind = 'code' | 'label' | 'uom' | 'value' | 'note' | 'group' | null;

/** @param stripped the cell after stripTags */
function headerKind(stripped: string): CellKind {
  // Every header word starts with a letter; a cell starting with a digit (most data cells) is none.
  const c0 = stripped.charCodeAt(0);
  if (c0 >= 48 && c0 <= 57) return null;
  const f = foldVietnamese(stripped).replace(/[().:]/g, '').trim();
  if (!f) return null;
  if (/^(s?tt|so tt|stt\/ma|ma so|ma)$/.test(f)) return 'code';
  if (/^(chi tieu|noi dung|ten chi tieu)/.test(f)) return 'label';
  if (/^(don vi tinh|dvt|don vi do)/.test(f)) return 'uom';
  if (/^(so lieu|gia tri|ket qua thuc hien|so lieu bao cao|thuc hien|so luong|ket qua trong ky|so lieu thong ke)$/.test(f)) return 'value';
  if (/^ghi chu/.test(f)) return 'note';
  if (/^ket qua( thong ke)?$/.test(f)) return 'group';
  return null;
}

/**
 * A header row: at least two header words, and nothing else that looks like data.
 * @param stripped the row's cells after stripTags
 */
function headerKinds(stripped: string[]): CellKind[] | null {
  const kinds: CellKind[] = new Array(stripped.length);
  let n = 0;
  let other = 0;
  for (let i = 0; i < stripped.length; i++) {
    const k = headerKind(stripped[i]);
    kinds[i] = k;
    if (k) n++;
    else if (stripped[i] !== '' && ++other > 1) return null; // a data row: no need to read the rest
  }
  return n >= 2 ? kinds : null;
}

function splitCells(line: string, splitter: CellSplitter): string[] {
  if (splitter === 'tab') return line.split('\t');
  if (splitter === 'pipe') {
    const t = line.trim().replace(/^\|/, '').replace(/\|$/, '');
    return t.split('|');
  }
  return [line];
}

function isTableLine(line: string, splitter: CellSplitter): boolean {
  if (splitter === 'tab') {
    const first = line.indexOf('\t');
    return first >= 0 && line.indexOf('\t', first + 1) >= 0; // at least two tabs
  }
  if (splitter === 'pipe') return /^\s*\|.*\|\s*$/.test(line) && !/^\s*\|?[\s:|-]+\|?\s*$/.test(line);
  return false;
}

const SIGNATURE = /^(người lập biểu|người lập bảng|thủ trưởng|giám đốc|phó giám đốc|chủ tịch|phó chủ tịch|trưởng ban|nơi nhận|tm\.|kt\.)/i;

/** "1 2 3 4 5", "(1) (2) (3)", "A B C 1 2": the column numbering row printed under many headers. */
export function isColumnNumberRow(cells: string[]): boolean {
  const ne = cells.map((c) => c.trim()).filter(Boolean);
  if (ne.length < 3 || !ne.every((c) => /^\(?([0-9]{1,2}|[A-E])\)?$/.test(c))) return false;
  const nums = ne.map((c) => c.replace(/[()]/g, '')).filter((c) => /^\d+$/.test(c)).map(Number);
  return nums.length >= 2 && nums.every((n, i) => i === 0 || n === nums[i - 1] + 1);
}

const STARTS_LOWER = /^[a-zđàáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]/;

/**
 * @param lines source lines (for CSV: already parsed records with their line numbers)
 */
export function readTabular(text: string, splitter: CellSplitter): ReadResult {
  const out: ReadResult = { rows: [], tables: [], messages: [] };
  let records: { cells: string[]; line: number; tableLine: boolean }[];
  if (splitter === 'csv') {
    const parsed = Papa.parse<string[]>(text, { delimiter: '', skipEmptyLines: false });
    // papaparse does not report line numbers: count newlines inside quoted fields ourselves.
    let line = 1;
    records = parsed.data.map((cells) => {
      const rec = { cells, line, tableLine: cells.length >= 3 };
      line += 1 + cells.reduce((n, c) => n + (c.match(/\n/g) ?? []).length, 0);
      return rec;
    });
  } else {
    records = text.split('\n').map((l, i) => ({ cells: splitCells(l, splitter), line: i + 1, tableLine: isTableLine(l, splitter) }));
  }

  let cols: Cols | null = null;
  let table = -1;
  let prev: RawRow | null = null;
  let afterHeader = false;
  let headerSeen = false;
  let lastTableLine = -10;
  let tableArea: number | null = null;
  let valueExplicit = false;
  let codeSeen = false;


  let gapText: string[] = [];
  let gapCount = 0;
  for (const rec of records) {
    if (out.rows.length > MAX_TABLE_ROWS) {
      out.messages.push(tooManyRows(rec.line));
      break;
    }
    if (!rec.tableLine) {
      const t = stripTags(rec.cells.join(' ')).replace(/^#+\s*/, '');
      if (t) {
        gapText.push(t);
        gapCount++;
      }
      if (gapText.length > 4) gapText.shift();
      continue;
    }
    // Each cell without markup, computed once for the header test, the signature test and the values.
    const stripped = rec.cells.map(stripTags);
    const kinds = headerKinds(stripped);
    const textBetween = gapText.length > 0;
    const title = gapText.length ? gapText[gapText.length - 1] : null;
    const gapLines = gapCount;
    gapText = [];
    gapCount = 0;
    if (kinds) {
      // Same table when only blank lines separate it from the previous table line (page break).
      const isRepeat = headerSeen && !textBetween && rec.line - lastTableLine <= 8;
      if (!isRepeat && !(headerSeen && afterHeader)) {
        table++;
        out.tables.push({ line: rec.line, title, rows: 0 });
        tableArea = title ? areaHeadingOf(title) : null;
        cols = { ...DEFAULT_COLS };
        valueExplicit = false;
        codeSeen = false;
        prev = null;
      }
      headerSeen = true;
      // Fill positions from this header row; a sub-header row ("Đơn vị tính | Số liệu") refines them.
      kinds.forEach((k, i) => {
        if (!k || !cols) return;
        if (k === 'group') {
          // "Kết quả (thống kê)" names the value column when no sub-header says "Số liệu".
          if (!valueExplicit && !kinds.includes('value') && kinds.indexOf('uom') !== i) cols.value = i;
          return;
        }
        cols[k] = i;
        if (k === 'value') valueExplicit = true;
        if (k === 'code') codeSeen = true;
      });
      // A header without an STT column: the label is the first column, there is no code.
      if (!codeSeen && kinds.includes('label') && cols && cols.label === 0) cols.code = -1;
      afterHeader = true;
      lastTableLine = rec.line;
      continue;
    }
    // Narrative between two tab blocks ends the table: a later block needs its own header
    // (a list of documents laid out with tabs is not a statistical table).
    if (textBetween && (gapLines >= 2 || (title ?? '').length > 80)) {
      cols = null;
      prev = null;
    }
    if (!cols) continue; // tab lines before any header: not part of a statistical table
    // Signature block laid out with tabs after the table ("Người lập biểu | Thủ trưởng đơn vị").
    if (stripped.some((c) => SIGNATURE.test(c))) {
      cols = null;
      prev = null;
      continue;
    }
    lastTableLine = rec.line;
    const cell = (i: number) => (i < 0 ? '' : stripped[i] ?? '');
    // Column-number row under the header ("1 | 2 | 3 | 4 | 5" or "(1) | (2) | ...") is not data.
    if (isColumnNumberRow(stripped)) continue;
    const code = cell(cols.code);
    const label = cell(cols.label);
    const uom = cell(cols.uom);
    const raw = cell(cols.value);
    const note = cell(cols.note);
    const wasAfterHeader = afterHeader;
    afterHeader = false;
    if (!code && !label && !uom && !raw && !note) continue;

    if (prev && !code && !label) {
      if (raw) {
        // A value on its own line under a row that already has one: two readings of one indicator.
        const second = newRow({ code: prev.code, label: prev.label, uom: uom || prev.uom, raw, note: note || null, line: rec.line, table, tableArea });
        if (prev.raw) {
          addReason(prev, `dòng ${rec.line} có thêm giá trị "${raw}" cho cùng chỉ tiêu / line ${rec.line} holds a second value "${raw}" for the same row`);
          addReason(second, `giá trị thứ hai cho chỉ tiêu ở dòng ${prev.line} / second value for the row on line ${prev.line}`);
          out.rows.push(second);
          out.tables[table].rows++;
          prev = second;
        } else {
          prev.raw = raw;
          if (uom && !prev.uom) prev.uom = uom;
          if (note) prev.note = prev.note ? `${prev.note} ${note}` : note;
          addReason(prev, `giá trị nằm ở dòng riêng ${rec.line} / value on a separate line ${rec.line}`, false);
        }
        continue;
      }
      if (note && !uom) {
        prev.note = prev.note ? `${prev.note} ${note}` : note;
        continue;
      }
      if (uom && !prev.uom) {
        prev.uom = uom;
        continue;
      }
    }
    if (prev && !code && label && STARTS_LOWER.test(label) && !prev.code.startsWith('Trong') && (wasAfterHeader || (!uom && !raw && !prev.raw && !prev.uom))) {
      // A label cut by a page break: "... phương án đơn" / (repeated header) / "giản hóa".
      prev.label = `${prev.label} ${label}`;
      if (!prev.uom && uom) prev.uom = uom;
      if (!prev.raw && raw) prev.raw = raw;
      if (note) prev.note = prev.note ? `${prev.note} ${note}` : note;
      addReason(prev, `nhãn nối tiếp ở dòng ${rec.line}${wasAfterHeader ? ' sau ngắt trang' : ''} / label continued on line ${rec.line}${wasAfterHeader ? ' after a page break' : ''}`, !!(uom || raw) && !!prev.raw && prev.raw !== raw);
      continue;
    }
    const row = newRow({ code, label, uom, raw, note: note || null, line: rec.line, table, tableArea, bold: isBold(rec.cells[cols.label] ?? '') || (cols.code >= 0 && isBold(rec.cells[cols.code] ?? '')) });
    if (!label && (raw || uom)) addReason(row, 'dòng không có tên chỉ tiêu / row without a label');
    out.rows.push(row);
    out.tables[table].rows++;
    prev = row;
  }
  return out;
}
