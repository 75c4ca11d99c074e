/**
 * Reads one value cell ("Số liệu") as written in Vietnamese reports into a number and a status.
 * Missing is never zero: an empty cell is status 'empty' with value null.
 *
 * Decisions (documented because two readings are possible):
 * - "1.654" in a count row is 1654 (dot + exactly 3 digits = thousands); in a % row it is doubtful.
 * - "63,1" is 63.1 (decimal comma). "1,654" in a count row is doubtful (English thousands or decimal).
 * - "08/21" in a count row: value 8, denominator 21 kept as evidence.
 * - "0/0" in a % row: status 'undefined_rate' (rate over a zero denominator), value null.
 * - "a/b" where the unit names two things ("Cuộc/người tham gia", "TTHC/KQ giải quyết"): two counts in
 *   one cell; value = the first count, denominator = the second, marked doubtful so an analyst sees it.
 * - "a/b" in a % row: value = 100*a/b rounded to 2 decimals, doubtful (rate computed by us).
 * - Coded answers: the legend in the unit column ("Có = 1; Không = 0") maps words to codes; a number
 *   that is not one of the legend codes is doubtful.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fold as foldVietnamese } from './fold.ts'; // = warehouse/text-fold.ts foldVietnamese, table-driven
import type { FactStatus } from './types.ts';
import { repoPath } from '../warehouse/repo-path.ts';
import { memoString } from './memo.ts';

interface UomData {
  units: string[];
  legendKeys: string[];
  notApplicable: string[];
}

let uomData: UomData | null = null;
export function unitsData(): UomData {
  if (!uomData) {
    const dir = repoPath('loaders');
    uomData = JSON.parse(readFileSync(join(dir, 'units-of-measure.json'), 'utf8')) as UomData;
  }
  return uomData;
}

export interface ParsedValue {
  value: number | null;
  status: FactStatus;
  denominator?: number | null;
  doubtful: boolean;
  reason: string | null;
}

export type Legend = { key: string; code: number }[];

/** "Có = 1; Không = 0", "Trực tuyến = 0 Phát phiếu = 1 Kết hợp = 2", "Tốt = 1 Có vi phạm = 0". */
export function parseLegend(uom: string): Legend | null {
  const s = uom.replace(/\s+/g, ' ').trim();
  const re = /([^=;,]+?)\s*=\s*(\d+)/g;
  const out: Legend = [];
  let m: RegExpExecArray | null;
  while ((m = re.exec(s))) {
    const key = m[1].replace(/^[\s;,.]+|[\s;,.]+$/g, '');
    if (key) out.push({ key, code: Number(m[2]) });
  }
  if (out.length) return out;
  // "Có/không" without codes: the usual convention is Có = 1, Không = 0.
  const f = foldVietnamese(s);
  if (/^co ?\/ ?khong$/.test(f) || /^khong ?\/ ?co$/.test(f)) return [{ key: 'Có', code: 1 }, { key: 'Không', code: 0 }];
  return null;
}

/** A legend listing choices without codes ("Trực tuyến; Phát phiếu; Kết hợp"). */
function uncodedChoices(uom: string): string[] | null {
  if (uom.includes('=')) return null;
  const parts = uom.split(/[;\n]/).map((p) => p.trim()).filter(Boolean);
  return parts.length >= 2 ? parts : null;
}

export function isPercentUom(uom: string): boolean {
  return isPercentUomMemo(uom);
}
const isPercentUomMemo = memoString((uom: string): boolean => /%/.test(uom) || /^ty le$/.test(foldVietnamese(uom)) || /phan tram/.test(foldVietnamese(uom)));

/** True when the unit names two counted things ("Cuộc/người tham gia"). */
const twoThingUom = memoString((uom: string): boolean => /\//.test(uom) && !/^co ?\/ ?khong$/i.test(foldVietnamese(uom)) && !isPercentUom(uom));

/** parseLegend of a unit cell, read once per distinct cell (parseValue only reads the legend). */
const legendOf = memoString(parseLegend);

interface NumRead {
  value: number;
  doubtful: boolean;
  reason: string | null;
}

/** Reads a Vietnamese-written number "1.654", "63,1", "85.000.000", "02", "1.234,5". */
export function readNumber(tok: string, percent: boolean): NumRead | null {
  const t = tok.replace(/\s/g, '');
  if (!/^[+-]?\d[\d.,]*$/.test(t) || /[.,]$/.test(t) && !/^\d+[.,]$/.test(t)) {
    if (!/^[+-]?\d[\d.,]*$/.test(t)) return null;
  }
  const s = t.replace(/[.,]$/, '');
  const neg = s.startsWith('-');
  const body = s.replace(/^[+-]/, '');
  const sign = neg ? -1 : 1;
  const dots = (body.match(/\./g) ?? []).length;
  const commas = (body.match(/,/g) ?? []).length;
  if (dots === 0 && commas === 0) return { value: sign * Number(body), doubtful: false, reason: null };
  if (dots > 0 && commas === 1 && body.lastIndexOf(',') > body.lastIndexOf('.')) {
    // 1.234,5
    if (!/^\d{1,3}(\.\d{3})+,\d+$/.test(body)) return { value: sign * Number(body.replace(/\./g, '').replace(',', '.')), doubtful: true, reason: 'dấu phân cách bất thường / unusual separators' };
    return { value: sign * Number(body.replace(/\./g, '').replace(',', '.')), doubtful: false, reason: null };
  }
  if (commas > 0 && dots === 1 && body.lastIndexOf('.') > body.lastIndexOf(',')) {
    // 1,234.5 (English style)
    return { value: sign * Number(body.replace(/,/g, '')), doubtful: true, reason: 'số viết kiểu Anh (1,234.5) / English-style number' };
  }
  if (dots > 1 && commas === 0) {
    if (/^\d{1,3}(\.\d{3})+$/.test(body)) return { value: sign * Number(body.replace(/\./g, '')), doubtful: false, reason: null };
    return null;
  }
  if (commas > 1 && dots === 0) {
    if (/^\d{1,3}(,\d{3})+$/.test(body)) return { value: sign * Number(body.replace(/,/g, '')), doubtful: true, reason: 'dấu phẩy ngăn cách hàng nghìn / comma as thousands separator' };
    return null;
  }
  if (dots === 1 && commas === 0) {
    const [a, b] = body.split('.');
    if (b.length === 3 && !percent) return { value: sign * Number(a + b), doubtful: false, reason: null };
    const v = sign * Number(`${a}.${b}`);
    return { value: v, doubtful: true, reason: percent ? 'dấu chấm trong tỷ lệ: có thể là thập phân hoặc hàng nghìn / dot in a percentage: decimal or thousands' : 'dấu chấm trong số đếm: thập phân hay hàng nghìn? / dot in a count: decimal or thousands?' };
  }
  if (commas === 1 && dots === 0) {
    const [a, b] = body.split(',');
    const v = sign * Number(`${a}.${b}`);
    if (b.length === 3 && !percent) return { value: sign * Number(a + b), doubtful: true, reason: 'dấu phẩy + 3 chữ số trong số đếm: thập phân hay hàng nghìn? / comma + 3 digits in a count: decimal or thousands?' };
    return { value: v, doubtful: false, reason: null };
  }
  return null;
}

const res = (value: number | null, status: FactStatus, doubtful = false, reason: string | null = null, denominator?: number | null): ParsedValue =>
  denominator === undefined ? { value, status, doubtful, reason } : { value, status, doubtful, reason, denominator };

function legendLookup(legend: Legend, word: string): number | null {
  const f = foldVietnamese(word).replace(/[.;:]$/, '');
  const hit = legend.find((l) => foldVietnamese(l.key) === f);
  return hit ? hit.code : null;
}

/**
 * @param raw value cell as printed (markup already removed)
 * @param uom unit-of-measure cell (may hold a legend)
 */
export function parseValue(rawIn: string, uom = ''): ParsedValue {
  const raw = rawIn.replace(/\s+/g, ' ').trim();
  if (raw === '') return res(null, 'empty');
  const data = unitsData();
  if (data.notApplicable.some((n) => n.toLowerCase() === raw.toLowerCase()) || /^khong ap dung\b/.test(foldVietnamese(raw))) return res(null, 'not_applicable');
  const percent = isPercentUom(uom);
  const legend = legendOf(uom);

  // Fractions "08/21", "0/0", "04/04".
  const frac = raw.match(/^(\d[\d.,]*)\s*\/\s*(\d[\d.,]*)$/);
  if (frac) {
    const a = readNumber(frac[1], false);
    const b = readNumber(frac[2], false);
    if (!a || !b) return res(null, 'text', true, 'phân số không đọc được / unreadable fraction');
    if (percent) {
      if (b.value === 0) return res(null, 'undefined_rate', false, null, 0);
      return res(Math.round((10000 * a.value) / b.value) / 100, 'reported', true, 'tỷ lệ tính từ phân số / rate computed from a fraction', b.value);
    }
    if (twoThingUom(uom)) return res(a.value, 'reported', true, 'hai số trong một ô: giữ số thứ nhất, số thứ hai là mẫu số / two counts in one cell: first kept, second as denominator', b.value);
    return res(a.value, 'reported', false, null, b.value);
  }

  // Plain number, maybe with % or trailing words ("21 nhiệm vụ cụ thể", "85.000.000 đồng").
  const num = raw.match(/^([+-]?\d[\d.,]*)\s*(%?)\s*(.*)$/);
  if (num) {
    const r = readNumber(num[1], percent || num[2] === '%');
    const tail = num[3].trim();
    if (!r) return res(null, 'text', true, 'số không đọc được / unreadable number');
    // A tail that is itself a number ("1 2", "5 /19 x") means two readings.
    if (tail && /^[\d(]/.test(tail)) return res(r.value, 'reported', true, `ô có thêm "${tail}" / the cell also holds "${tail}"`);
    let doubtful = r.doubtful;
    let reason = r.reason;
    if (legend && legend.length && !legend.some((l) => l.code === r.value)) {
      doubtful = true;
      reason = 'mã không có trong chú giải / code not in the legend';
    }
    return res(r.value, 'reported', doubtful, reason);
  }

  // Words: coded answers.
  if (legend) {
    const code = legendLookup(legend, raw);
    if (code !== null) return res(code, 'reported');
  }
  const f = foldVietnamese(raw);
  if (/^(co|khong|chua|chua co)\.?$/.test(f)) {
    // Yes/no without a legend: conventional 1/0, doubtful because the table did not say so.
    const v = f === 'co' ? 1 : 0;
    return res(v, 'reported', true, 'câu trả lời Có/Không không có chú giải mã / yes/no answer without a coded legend');
  }
  if (uncodedChoices(uom)) return res(null, 'text', true, 'lựa chọn không có mã / choice without a code');
  return res(null, 'text');
}
