/**
 * Raw table rows as the format readers produce them, and the pass that gives every row its section
 * path (enclosing rows, outermost first) and reform area. Shared by all readers.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fold as foldVietnamese } from './fold.ts'; // = warehouse/text-fold.ts foldVietnamese, table-driven
import { unitsData } from './parse-value.ts';
import { repoPath } from '../warehouse/repo-path.ts';
import { memoString } from './memo.ts';

/** A CCHC appendix has a few hundred rows; more means this is not a report (and keeps time bounded). */
export const MAX_TABLE_ROWS = 5000;

export function tooManyRows(line: number): ReadResult['messages'][number] {
  return {
    severity: 'error',
    line,
    message_vi: `Quá nhiều dòng bảng (hơn ${MAX_TABLE_ROWS}): đây không phải biểu thống kê CCHC; dừng đọc ở dòng ${line}.`,
    message_en: `Too many table rows (over ${MAX_TABLE_ROWS}): this is not a CCHC statistical appendix; stopped reading at line ${line}.`
  };
}

export interface RawRow {
  code: string;
  label: string;
  uom: string;
  raw: string;
  note: string | null;
  /** 1-based line where the row starts. */
  line: number;
  /** Index of the table in the document (0-based). */
  table: number;
  /** Area from the table title ("Biểu mẫu 3 — Cải cách thủ tục hành chính"), when the table has one. */
  tableArea: number | null;
  bold: boolean;
  doubtful: boolean;
  reason: string | null;
  section: string[];
  area: number | null;
}

export interface TableInfo {
  line: number;
  title: string | null;
  rows: number;
}

export interface ReadResult {
  rows: RawRow[];
  tables: TableInfo[];
  messages: { severity: 'error' | 'warning' | 'info'; line: number | null; message_vi: string; message_en: string }[];
}

export function newRow(p: Partial<RawRow> & { line: number }): RawRow {
  return {
    code: '',
    label: '',
    uom: '',
    raw: '',
    note: null,
    table: 0,
    tableArea: null,
    bold: false,
    doubtful: false,
    reason: null,
    section: [],
    area: null,
    ...p
  };
}

export function addReason(r: { doubtful: boolean; reason: string | null }, reason: string, doubtful = true): void {
  r.reason = r.reason ? `${r.reason}; ${reason}` : reason;
  if (doubtful) r.doubtful = true;
}

let areaData: { area: number; words: string[] }[] | null = null;
function areas() {
  if (!areaData) {
    const dir = repoPath('loaders');
    areaData = (JSON.parse(readFileSync(join(dir, 'areas.json'), 'utf8')) as { areas: { area: number; words: string[] }[] }).areas;
  }
  return areaData;
}

/** Reform area named by a title or a heading row, else null. */
export function areaOf(text: string): number | null {
  const f = foldVietnamese(text);
  for (const a of areas()) if (a.words.some((w) => f.includes(w))) return a.area;
  return null;
}

/** A heading row that names a reform area ("Cải cách thể chế", "Công tác chỉ đạo điều hành CCHC"). */
export function areaHeadingOf(label: string): number | null {
  const f = foldVietnamese(label);
  if (!/^(cong tac chi dao|cai cach|xay dung va phat trien|chinh quyen dien tu|chinh phu dien tu|hien dai hoa)/.test(f)) return null;
  return areaOf(label);
}

export const ROMAN_CODE = /^(?=[IVXL])(X{0,3})(IX|IV|V?I{0,3})\.?$/;
export const NUM_CODE = /^\d+(\.\d+)*\.?$/;

/** Depth of a code: Roman = 0, "2.1.3" = 3, everything else (none, "-", "a)", "Trong đó") = leaf. */
export function codeDepth(code: string): number {
  const c = code.trim();
  if (!c) return 99;
  if (ROMAN_CODE.test(c)) return 0;
  if (NUM_CODE.test(c)) return c.replace(/\.$/, '').split('.').length;
  if (/^[a-zđ][).]?$/i.test(c)) return 50;
  return 99;
}

/** Fills section and area of every row in place. */
export function assignSections(rows: RawRow[]): void {
  let stack: { depth: number; label: string }[] = [];
  let table = -1;
  let area: number | null = null;
  for (const r of rows) {
    if (r.table !== table) {
      table = r.table;
      stack = [];
      area = r.tableArea;
    }
    const d = codeDepth(r.code);
    while (stack.length && stack[stack.length - 1].depth >= d) stack.pop();
    r.section = stack.map((s) => s.label);
    if (r.tableArea === null && d <= 1) {
      const a = d === 0 ? areaOf(r.label) : !r.raw ? areaHeadingOf(r.label) : null;
      if (a !== null) area = a;
    }
    r.area = area;
    if (d < 99) stack.push({ depth: d, label: r.label });
  }
}

/** Known units, longest first, for splitting "label unit value" text. */
let unitList: { u: string; f: string }[] | null = null;
export function knownUnits(): { u: string; f: string }[] {
  if (!unitList) unitList = unitsData().units.map((u) => ({ u, f: foldVietnamese(u) })).sort((a, b) => b.f.length - a.f.length);
  return unitList;
}

/**
 * The known unit that `text` ends with, matched without marks but with the unit's first character's case
 * (table units are capitalised, the same words inside a label are not). Returns the split or null.
 */
export function splitTrailingUnit(text: string): { rest: string; uom: string } | null {
  const r = splitTrailingUnitMemo(text);
  return r && { rest: r.rest, uom: r.uom };
}
// The PDF reader asks this of every line ending and every row's text; the same texts recur across reports.
const splitTrailingUnitMemo = memoString(splitTrailingUnitOnce);

function splitTrailingUnitOnce(text: string): { rest: string; uom: string } | null {
  const t = text.replace(/\s+/g, ' ').trim();
  const f = foldVietnamese(t);
  for (const { u, f: uf } of knownUnits()) {
    if (f === uf || f.endsWith(' ' + uf)) {
      // Map the folded position back: folding keeps the length except for collapsed spaces (already single).
      const start = t.length - u.length;
      const printed = t.slice(start);
      if (foldVietnamese(printed) !== uf) continue;
      const c0 = printed.charAt(0);
      if (c0 !== u.charAt(0) && !(c0.toUpperCase() === c0 && c0.toLowerCase() !== c0)) continue;
      if (c0.toLowerCase() === c0 && c0.toUpperCase() !== c0) continue; // lower-case start: label words
      return { rest: t.slice(0, start).trim(), uom: printed };
    }
  }
  return null;
}
