/**
 * Report metadata: the reporting unit (agency, level, province), the period, the report number and
 * date. Sources, most reliable first: the "(Kèm theo Báo cáo số ... của <unit>)" line, the first
 * sentence "<unit> báo cáo ...", the title "... của <unit>", the table title "... TẠI <UNIT>",
 * the signature block; the province from "tỉnh X" in the unit or the text and the place-date line.
 */
import type { Message, PeriodKind, PeriodRef, UnitLevel, UnitRef } from './types.ts';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fold as foldVietnamese } from './fold.ts'; // = warehouse/text-fold.ts foldVietnamese, table-driven
import { repoPath } from '../warehouse/repo-path.ts';

const places = JSON.parse(readFileSync(repoPath('loaders', 'places.json'), 'utf8')) as { centralCities: string[] };
const CITY_RE = new RegExp(`\\b(?:thành phố|TP\\.?)\\s*(${places.centralCities.join('|')})\\b`, 'u');

export interface Metadata {
  unit: UnitRef | null;
  period: PeriodRef | null;
  reportDate: string | null;
  reportNumber: string | null;
  messages: Message[];
}

const UNIT_START =
  '(?:Sở|Ban\\s+Quản\\s+lý|Ban|Ủy\\s+ban\\s+nhân\\s+dân|Uỷ\\s+ban\\s+nhân\\s+dân|UBND|Văn\\s+phòng|Thanh\\s+tra|Bộ\\s+Chỉ\\s+huy|Công\\s+an|Đài|Trường|Kho\\s+bạc|Cục|Chi\\s+cục|Bảo\\s+hiểm\\s+xã\\s+hội|Hội\\s+đồng\\s+nhân\\s+dân)';

/** Nothing stripMarkup would change: no markup characters, only single inner spaces. */
const PLAIN = /[<*_#`]|\s\s|[^\S ]|^ | $/;

const stripMarkup = (s: string) =>
  !PLAIN.test(s) ? s : s.replace(/<[^>]*>/g, ' ').replace(/[*_#`]+/g, ' ').replace(/\s+/g, ' ').trim();

/** "SỞ KHOA HỌC VÀ CÔNG NGHỆ TỈNH HÀ TĨNH" -> "Sở khoa học và công nghệ tỉnh Hà Tĩnh": place names after tỉnh/xã/... title-cased. */
function fromUpper(s: string): string {
  if (s !== s.toUpperCase()) return s;
  const title = (w: string) => w.charAt(0).toUpperCase() + w.slice(1);
  let out = s.toLowerCase().replace(/\b(ubnd|hđnd|kcn|kkt|cchc)\b/gu, (w) => w.toUpperCase());
  out = title(out);
  // Official names capitalise the first word of the specific name and the word after "và": Sở Khoa học và Công nghệ.
  out = out.replace(/^(Sở|Ban|Thanh tra|Văn phòng|Chi cục|Cục|Đài|Trường) (\p{L})/u, (_, a: string, b: string) => `${a} ${b.toUpperCase()}`);
  out = out.replace(/ và (\p{L})/gu, (_, b: string) => ` và ${b.toUpperCase()}`);
  out = out.replace(/(\s(?:tỉnh|thành phố|huyện|quận|thị xã|xã|phường|thị trấn|đặc khu)\s)(.+)$/u, (_, a: string, b: string) => a + b.split(' ').map(title).join(' '));
  return out;
}

function cleanUnitName(raw: string): string {
  let s = stripMarkup(raw)
    .replace(/^[\s,.:;(]+|[\s,.:;)]+$/g, '')
    .replace(/\s*\/\.?$/, '');
  s = fromUpper(s);
  // "Công văn của Sở Nội vụ, Sở Tư pháp báo cáo": the last agency named is the subject.
  const parts = s.split(new RegExp(`,\\s*(?=${UNIT_START}\\s)`, 'u'));
  s = parts[parts.length - 1];
  s = s.replace(/^(Ủy|Uỷ) ban nhân dân\b/i, 'UBND');
  // Trailing words that are not part of a name ("... trân trọng", "... đã", "... tiếp tục").
  s = s.replace(/\s+(trân trọng|xin|đã|tiếp tục|thực hiện|kính)$/i, '');
  return s.trim();
}

export function unitLevel(name: string): { level: UnitLevel; kind: string | null } {
  const f = foldVietnamese(name);
  if (/^(ubnd|uy ban nhan dan)\s+(xa|phuong|thi tran|dac khu)\b/.test(f)) return { level: 'commune', kind: 'UBND' };
  if (CITY_RE.test(name) && /^(ubnd|uy ban nhan dan)\s+thanh pho\b/.test(f)) return { level: 'province', kind: 'UBND' };
  if (/^(ubnd|uy ban nhan dan)\s+(huyen|thi xa|quan|thanh pho)\b/.test(f)) return { level: 'district', kind: 'UBND' };
  if (/^(ubnd|uy ban nhan dan)\s+tinh\b/.test(f) || /^(ubnd|uy ban nhan dan)\s+thanh pho\b/.test(f)) return { level: 'province', kind: 'UBND' };
  if (/^so\b/.test(f)) return { level: 'province-dept', kind: 'Sở' };
  if (/^ban\b/.test(f)) return { level: 'province-dept', kind: 'Ban' };
  if (/^(van phong|thanh tra|bo chi huy|cong an|dai|kho bac|cuc|chi cuc|bao hiem)\b/.test(f)) return { level: 'province-dept', kind: name.split(' ').slice(0, 2).join(' ') };
  return { level: 'other', kind: null };
}

const PROVINCE_STOP = new Set(['Ban', 'Về', 'Quy', 'Quyết', 'Kế', 'Chủ', 'Ủy', 'Uỷ', 'Giao', 'Trong', 'Tại', 'Đến', 'Và', 'Năm', 'Các', 'Phê', 'Công', 'Thông', 'Hướng', 'Báo', 'Số', 'Nhiệm', 'Chỉ', 'Tổng', 'Tỷ']);

/** Most frequent "tỉnh <Name>" in the text (names are 1..3 capitalised words). */
function provinceFromText(textIn: string): string | null {
  let text = textIn;
  const counts = new Map<string, number>();
  const re = /\btỉnh +((?:\p{Lu}\p{Ll}*)(?: +\p{Lu}\p{Ll}*){0,2})/gu;
  text = text.split('\n').filter((l) => !l.includes('\t')).join('\n');
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    const words = m[1].split(/\s+/);
    if (PROVINCE_STOP.has(words[0])) continue;
    // Stop at a word that starts a new phrase (e.g. "Sơn La Ban hành").
    const cut: string[] = [];
    for (const w of words) {
      if (PROVINCE_STOP.has(w)) break;
      cut.push(w);
    }
    const name = cut.join(' ');
    if (name) counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  const cre = new RegExp(CITY_RE.source, 'gu');
  while ((m = cre.exec(text))) counts.set(m[1], (counts.get(m[1]) ?? 0) + 1);
  let best: string | null = null;
  let n = 0;
  for (const [k, v] of counts) if (v > n) [best, n] = [k, v];
  return best;
}

function splitProvince(full: string): { name: string; province: string | null } {
  // "UBND xã A, huyện B, tỉnh C": the unit is the first part, the province the "tỉnh" part.
  const segs = full.split(/\s*,\s*/);
  let name = full;
  if (segs.length > 1 && /^(UBND|Ủy ban nhân dân)\s/i.test(segs[0])) {
    name = segs[0];
    for (const sg of segs.slice(1)) {
      const pm = sg.match(/^tỉnh\s+(.+)$/u) ?? sg.match(CITY_RE);
      if (pm) return { name, province: pm[1].trim() };
    }
  }
  const cm = name.match(CITY_RE);
  if (cm && !/^(UBND|Ủy ban nhân dân)\s+thành phố/i.test(name)) return { name: name.slice(0, cm.index).trim(), province: cm[1] };
  const m = name.match(/^(.*?)\s+tỉnh\s+((?:\p{Lu}\p{Ll}*)(?:\s+\p{Lu}\p{Ll}*){0,2})$/u);
  if (m && !/^(UBND|Ủy ban nhân dân)$/i.test(m[1])) return { name: m[1].trim(), province: m[2] };
  return { name, province: null };
}

const ROMAN: Record<string, number> = { I: 1, II: 2, III: 3, IV: 4 };

function periodIn(line: string): PeriodRef | null {
  const s = stripMarkup(line);
  let m = s.match(/\bqu[ýy]\s+(IV|I{1,3}|[1-4])\b\s*(?:\/|năm|-)?\s*(\d{4})/i);
  if (m) {
    const q = ROMAN[m[1].toUpperCase()] ?? Number(m[1]);
    return { year: Number(m[2]), kind: `Q${q}` as PeriodKind };
  }
  m = s.match(/\b(?:6|06|sáu)\s+tháng\s+(?:đầu\s+)?năm\s+(\d{4})/i);
  if (m) return { year: Number(m[1]), kind: 'H1' };
  m = s.match(/\b(?:9|09|chín)\s+tháng\s+(?:đầu\s+)?năm\s+(\d{4})/i);
  if (m) return { year: Number(m[1]), kind: '9M' };
  return null;
}

function annualIn(line: string): PeriodRef | null {
  const s = stripMarkup(line);
  if (/^(căn cứ|thực hiện|theo)\b/i.test(s)) return null;
  if (/(công văn|quyết định|kế hoạch|hướng dẫn|văn bản)\s+số/i.test(s)) return null;
  if (!/(cải cách hành chính|cchc)/i.test(s)) return null;
  // A monthly report ("tháng 3 năm 2024") is not an annual one.
  if (/\btháng\s+\d{1,2}\s*(năm|\/)/i.test(s)) return null;
  const m = s.match(/\bnăm\s+(\d{4})\b/i);
  return m ? { year: Number(m[1]), kind: 'year' } : null;
}

function isoDate(d: number, m: number, y: number): string | null {
  if (!(d >= 1 && d <= 31 && m >= 1 && m <= 12 && y > 1990 && y < 2100)) return null;
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** @param textLines text.split('\n') when the caller has it already */
export function extractMetadata(text: string, fileName = '', textLines?: string[]): Metadata {
  const lines = textLines ?? text.split('\n');
  const messages: Message[] = [];
  // Lines without markup, made on first use: most lines of a long report are never looked at here.
  const plainCache: (string | undefined)[] = new Array(lines.length);
  const plainAt = (i: number): string => (plainCache[i] ??= stripMarkup(lines[i]));

  // Title zone: before the first Roman-numbered section "I." (or the first 40 lines).
  let titleEnd = Math.min(lines.length, 40);
  for (let i = 0; i < Math.min(lines.length, 80); i++) {
    if (/^I\.\s/.test(plainAt(i))) {
      titleEnd = i;
      break;
    }
  }

  // ---- unit
  const candidates: { name: string; line: number; weight: number }[] = [];
  const annex = /(?:Kèm|kèm)\s+theo\s+(?:Báo\s+cáo|BC)\b[^)\n]*?\bcủa\s+([^)\n]+)\)/;
  const firstSentence = new RegExp(`(${UNIT_START}\\s[^.;:\\n]{2,90}?)\\s+(?:xin\\s+)?(?:trân\\s+trọng\\s+)?báo\\s+cáo\\b`, 'u');
  const titleOf = new RegExp(`\\bcủa\\s+(${UNIT_START}\\s[^.;:\\n()]{2,80})$`, 'u');
  const headerUnit = new RegExp(`^${UNIT_START}\\s[^.:;,]{2,70}$`, 'iu');
  const atUnit = /\b(?:TẠI|CỦA)\s+((?:SỞ|BAN|ỦY BAN NHÂN DÂN|UBND|VĂN PHÒNG|THANH TRA)\s[^\n()*]{2,90})/u;
  for (let i = 0; i < lines.length; i++) {
    // Past the title zone only the annex line and "TẠI/CỦA <unit>" are read. Their words are in the raw
    // line whenever they are in its plain form (stripping markup only turns characters into spaces).
    if (i >= titleEnd + 15 && i >= 12) {
      const raw = lines[i];
      if (!raw.includes('Kèm') && !raw.includes('kèm') && !raw.includes('TẠI') && !raw.includes('CỦA')) continue;
    }
    const l = plainAt(i);
    let m = l.match(annex);
    if (m) candidates.push({ name: m[1], line: i + 1, weight: 5 });
    if (i < titleEnd + 15) {
      m = l.match(firstSentence);
      if (m && !/^(Ủy ban nhân dân|UBND)\s+(tỉnh|huyện)\s*$/i.test(m[1])) candidates.push({ name: m[1].replace(/^.*\b(?:Căn cứ|Thực hiện)\b.*?\.\s*/, ''), line: i + 1, weight: 4 });
      m = l.match(titleOf);
      if (m) candidates.push({ name: m[1], line: i + 1, weight: 3 });
    }
    m = l.match(atUnit);
    if (m) candidates.push({ name: m[1], line: i + 1, weight: 2 });
    // Header block: the issuing agency on a line of its own ("SỞ TƯ PHÁP" under "UBND TỈNH ..."); the lower line wins.
    if (i < 12 && headerUnit.test(l) && !/báo cáo/i.test(l)) candidates.push({ name: l, line: i + 1, weight: 1 + i / 100 });
  }
  // Markdown table titles split "THỐNG KÊ ... NĂM 2021 \n TẠI BAN ..." over two lines; handled above per line.
  let unit: UnitRef | null = null;
  const scored = candidates
    .map((c) => ({ ...c, name: cleanUnitName(c.name) }))
    .filter((c) => c.name.length >= 4 && unitLevel(c.name).level !== 'other' && !/^(UBND|Ủy ban nhân dân) (tỉnh|huyện)$/i.test(c.name))
    .sort((a, b) => b.weight - a.weight || a.line - b.line);
  if (scored.length) {
    const best = scored[0];
    const split = splitProvince(best.name);
    const { level, kind } = unitLevel(split.name);
    let province = split.province;
    if (!province) {
      for (const c of scored) {
        const sp = splitProvince(c.name);
        if (sp.province) {
          province = sp.province;
          break;
        }
      }
    }
    if (!province && level === 'province') {
      const pm = split.name.match(/tỉnh\s+(.+)$/);
      if (pm) province = pm[1];
    }
    // Place-date line "Sơn La, ngày ..." names the province for province-level agencies.
    let place: string | null = null;
    for (let i = 0; i < Math.min(lines.length, 60); i++) {
      const pm = plainAt(i).match(/^([\p{L}][\p{L} .]{1,40}?),\s*ngày\b/u);
      if (pm) {
        place = pm[1].trim();
        break;
      }
    }
    if (!province && place && (level === 'province-dept' || level === 'province')) province = place;
    if (!province) province = provinceFromText(text);
    unit = { name: split.name, level, province, kind };
  }

  // ---- period
  let period: PeriodRef | null = null;
  let periodLine = 0;
  for (let i = 0; i < titleEnd && !period; i++) {
    const p = periodIn(plainAt(i));
    if (p && !/^(căn cứ|thực hiện)\b/i.test(plainAt(i))) [period, periodLine] = [p, i + 1];
  }
  for (let i = 0; i < titleEnd && !period; i++) {
    const p = annualIn(plainAt(i));
    if (p) [period, periodLine] = [p, i + 1];
  }
  // A title wrapped over two lines ("... cải cách hành chính" / "năm 2024").
  for (let i = 0; i + 1 < titleEnd && !period; i++) {
    const pair = `${plainAt(i)} ${plainAt(i + 1)}`;
    const p = /^(căn cứ|thực hiện)\b/i.test(plainAt(i)) ? null : periodIn(pair) ?? annualIn(pair);
    if (p) [period, periodLine] = [p, i + 1];
  }
  // Appendix heading / table header ("THỐNG KÊ ... NĂM 2021", "Sử dụng trong kỳ báo cáo hàng quý I năm 2023").
  if (!period) {
    for (let i = titleEnd; i < lines.length && !period; i++) {
      const l = plainAt(i);
      if (/(thống kê|biểu|phụ lục|kỳ báo cáo|kèm theo)/i.test(l)) {
        const p = periodIn(l) ?? (/(thống kê|phụ lục|biểu)/i.test(l) ? annualIn(l) ?? (/\bnăm\s+\d{4}/i.test(l) && /thống kê/i.test(l) ? { year: Number(l.match(/\bnăm\s+(\d{4})/i)![1]), kind: 'year' as PeriodKind } : null) : null);
        if (p) [period, periodLine] = [p, i + 1];
      }
    }
  }
  void periodLine;

  // ---- report number and date
  let reportNumber: string | null = null;
  let reportDate: string | null = null;
  // The header "Số: 94/BC-X" or the appendix line "Kèm theo Báo cáo số 94/BC-X"; never a report cited in the narrative.
  for (let i = 0; i < lines.length && !reportNumber; i++) {
    const l = plainAt(i);
    const m =
      (i < 20 ? l.match(/^Số\s*:?\s*(\d+[A-Za-z]?\s*\/\s*BC[A-ZĐ0-9&\-]*)/iu) : null) ??
      l.match(/kèm\s+theo\s+Báo\s+cáo\s+số\s*:?\s*(\d+[A-Za-z]?\s*\/\s*BC[A-ZĐ0-9&\-]*)/iu);
    if (m) reportNumber = m[1].replace(/\s+/g, '');
  }
  for (let i = 0; i < Math.min(lines.length, 60) && !reportDate; i++) {
    const m = plainAt(i).match(/,\s*ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})/);
    if (m) reportDate = isoDate(Number(m[1]), Number(m[2]), Number(m[3]));
  }
  if (!reportDate) {
    for (let i = 0; i < lines.length; i++) {
      const m = plainAt(i).match(/(?:Kèm|kèm)\s+theo\s+Báo\s+cáo\s+số[^)]*?ngày\s+(\d{1,2})\/(\d{1,2})\/(\d{4})/);
      if (m) {
        reportDate = isoDate(Number(m[1]), Number(m[2]), Number(m[3]));
        break;
      }
    }
  }
  if (!period && reportDate) {
    // Last resort: the report date. Reports are written in the last month of the period.
    const [y, mo] = reportDate.split('-').map(Number);
    const kind: PeriodKind = mo <= 4 ? 'Q1' : mo <= 7 ? 'H1' : mo <= 10 ? '9M' : 'year';
    period = { year: y, kind };
    messages.push({
      severity: 'warning',
      line: null,
      message_vi: `Không thấy kỳ báo cáo trong tiêu đề: suy ra ${kind} năm ${y} từ ngày báo cáo ${reportDate}.`,
      message_en: `No period in the title: inferred ${kind} ${y} from the report date ${reportDate}.`
    });
  }
  if (!unit) {
    messages.push({
      severity: 'error',
      line: null,
      message_vi: `${fileName}: không xác định được đơn vị báo cáo (không thấy dòng "Kèm theo Báo cáo số ... của ...", câu "... báo cáo" hay tên cơ quan).`,
      message_en: `${fileName}: cannot find the reporting unit (no "Kèm theo Báo cáo số ... của ..." line, no "... báo cáo" sentence, no agency name).`
    });
  }
  if (!period) {
    messages.push({
      severity: 'error',
      line: null,
      message_vi: `${fileName}: không xác định được kỳ báo cáo (quý, 6 tháng, 9 tháng, năm).`,
      message_en: `${fileName}: cannot find the report period (quarter, half-year, nine months, year).`
    });
  }
  return { unit, period, reportDate, reportNumber, messages };
}
