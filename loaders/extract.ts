/**
 * One report file -> Extraction (loaders/types.ts): decode, detect the form, read the tables, parse
 * values, read unit/period, match indicators, and say what went wrong in both languages.
 * `parboard extract` and `parboard load` both go through here.
 */
import { openSync, readSync, closeSync, fstatSync } from 'node:fs';
import { basename } from 'node:path';
import { decodeBytes, DecodeError, MAX_BYTES } from './decode.ts';
import { detectFormat } from './detect-format.ts';
import { readTabular } from './read-tabular.ts';
import { readPdfText } from './read-pdf-text.ts';
import { assignSections, type ReadResult } from './rows.ts';
import { parseValue, type ParsedValue } from './parse-value.ts';
import { extractMetadata } from './metadata.ts';
import { matchFacts } from './indicator-matcher.ts';
import { extractNarrativeStatements } from './narrative-statements.ts';
import type { Extraction, Fact, Message } from './types.ts';

export const MAX_TEXT_CHARS = 20 * 1024 * 1024;

function msg(severity: Message['severity'], line: number | null, vi: string, en: string): Message {
  return { severity, line, message_vi: vi, message_en: en };
}

function failed(file: string, format: Extraction['format'], m: Message): Extraction {
  return { file, format, unit: null, period: null, reportDate: null, reportNumber: null, facts: [], messages: [m] };
}

/**
 * parseValue per distinct (value cell, unit cell): the same few thousand cells make up most reports'
 * ~100 rows ("0", "1", "100", "Có" under the same units). Bounded; the results are only read.
 */
const parsedCells = new Map<string, ParsedValue>();
function parseCell(raw: string, uom: string): ParsedValue {
  const key = `${raw}\u0001${uom}`;
  let pv = parsedCells.get(key);
  if (!pv) {
    pv = parseValue(raw, uom);
    if (parsedCells.size >= 50_000) parsedCells.clear();
    parsedCells.set(key, pv);
  }
  return pv;
}

export function extractText(fileName: string, text: string, preMessages: Message[] = []): Extraction {
  const file = fileName;
  const name = basename(fileName);
  if (text.length > MAX_TEXT_CHARS) {
    return failed(file, 'unknown', msg('error', null, `${name}: văn bản quá dài (${text.length} ký tự, tối đa ${MAX_TEXT_CHARS}).`, `${name}: text too long (${text.length} characters, limit ${MAX_TEXT_CHARS}).`));
  }
  if (text.trim() === '') return failed(file, 'unknown', msg('error', null, `${name}: tệp rỗng.`, `${name}: the file is empty.`));
  const messages: Message[] = [...preMessages];
  const guess = detectFormat(text);
  let read: ReadResult;
  if (guess.format === 'pdf-text') read = readPdfText(text);
  else if (guess.splitter === 'tab' || guess.splitter === 'pipe' || guess.splitter === 'csv') read = readTabular(text, guess.splitter);
  else read = { rows: [], tables: [], messages: [] };
  assignSections(read.rows);
  messages.push(...read.messages);

  // The text's lines, split once for every reader below.
  const allLines = text.split('\n');
  const meta = extractMetadata(text, name, allLines);
  messages.push(...meta.messages);

  if (read.tables.length === 0) {
    messages.push(
      msg(
        'error',
        null,
        `${name}: không tìm thấy bảng số liệu thống kê (cần dòng tiêu đề "STT | Chỉ tiêu | Đơn vị tính | Số liệu").`,
        `${name}: no statistical table found (expected a header row "STT | Chỉ tiêu | Đơn vị tính | Số liệu").`
      )
    );
  }
  read.tables.forEach((t, i) => {
    if (t.rows === 0)
      messages.push(
        msg('error', t.line, `${name}:${t.line}: bảng số ${i + 1} chỉ có dòng tiêu đề, không có dòng số liệu (bảng bị cắt?).`, `${name}:${t.line}: table ${i + 1} has a header but no rows (truncated table?).`)
      );
  });

  const facts: Fact[] = read.rows.map((r) => {
    const label = r.label.replace(/\s+/g, ' ').trim();
    const pv = parseCell(r.raw, r.uom);
    const reasons = [r.reason, pv.reason].filter(Boolean) as string[];
    const f: Fact = {
      indicator: null,
      label,
      code: r.code,
      uom: r.uom.replace(/\s+/g, ' ').trim(),
      raw: r.raw,
      value: pv.value,
      status: pv.status,
      line: r.line,
      source: 'table',
      note: r.note,
      doubtful: r.doubtful || pv.doubtful,
      reason: reasons.length ? reasons.join('; ') : null,
      section: r.section,
      area: r.area
    };
    if (pv.denominator !== undefined) f.denominator = pv.denominator;
    return f;
  });

  // Truncated table: the text ends inside a table whose last row has neither unit nor value,
  // or (tab tables) the last line is a row cut before its cells.
  let lastIdx = allLines.length - 1;
  while (lastIdx >= 0 && !allLines[lastIdx].trim()) lastIdx--;
  if (guess.splitter === 'tab' && lastIdx >= 0 && read.tables.length) {
    const tabs = (allLines[lastIdx].match(/\t/g) ?? []).length;
    if (tabs > 0 && tabs < 2) {
      const ln = lastIdx + 1;
      messages.push(
        msg('warning', ln, `${name}:${ln}: dòng cuối của bảng bị cắt (thiếu ô): "${allLines[lastIdx].trim().slice(0, 60)}" không được đọc.`, `${name}:${ln}: the last table row is cut (cells missing): "${allLines[lastIdx].trim().slice(0, 60)}" was not read.`)
      );
    }
  }
  const last = read.rows[read.rows.length - 1];
  if (last) {
    const after = allLines.slice(last.line).join('\n').trim();
    const lastLine = allLines[last.line - 1] ?? '';
    const cells = lastLine.split('\t').length;
    const cut = (guess.splitter === 'tab' && cells < 3 && lastLine.includes('\t')) || (!last.raw && !last.uom && after === '' && last.code !== '' && !/[.)]$/.test(last.label) && read.rows.length > 1 && /[a-zà-ỹđ,]$/i.test(last.label) && guess.format === 'pdf-text');
    if (cut) {
      messages.push(
        msg('warning', last.line, `${name}:${last.line}: bảng có thể bị cắt cụt ở dòng cuối (không có đơn vị tính và số liệu).`, `${name}:${last.line}: the table may be truncated at its last row (no unit and no value).`)
      );
      const lf = facts[facts.length - 1];
      lf.doubtful = true;
      lf.reason = [lf.reason, 'bảng có thể bị cắt / table may be truncated'].filter(Boolean).join('; ');
    }
  }

  try {
    // A failed report is not loaded: skip the matcher's work for it.
    if (!messages.some((m) => m.severity === 'error')) matchFacts(facts);
  } catch (err) {
    messages.push(msg('warning', null, `Không so khớp được chỉ tiêu: ${(err as Error).message}`, `Indicator matching failed: ${(err as Error).message}`));
  }

  for (const f of facts) {
    if (f.doubtful) messages.push(msg('warning', f.line, `${name}:${f.line}: dòng "${f.code} ${f.label.slice(0, 60)}" cần kiểm tra: ${f.reason}`, `${name}:${f.line}: row "${f.code} ${f.label.slice(0, 60)}" needs checking: ${f.reason}`));
  }

  // Numbers stated in the narrative before the first table (compared with the table by the checks).
  let narrative: Extraction['narrative'] = [];
  if (facts.length && !messages.some((m) => m.severity === 'error')) {
    try {
      narrative = extractNarrativeStatements(allLines, Math.min(...facts.map((f) => f.line)));
    } catch (err) {
      messages.push(msg('warning', null, `Không đọc được số liệu trong phần lời: ${(err as Error).message}`, `Narrative numbers not read: ${(err as Error).message}`));
    }
  }

  return {
    file,
    format: guess.format,
    unit: meta.unit,
    period: meta.period,
    reportDate: meta.reportDate,
    reportNumber: meta.reportNumber,
    facts,
    narrative,
    messages
  };
}

/** Reads at most MAX_BYTES + 1 bytes so a huge file costs bounded memory and time. */
function readBounded(path: string): { bytes: Uint8Array; size: number } {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const n = Math.min(size, MAX_BYTES + 1);
    const buf = Buffer.alloc(n);
    let off = 0;
    while (off < n) {
      const r = readSync(fd, buf, off, n - off, off);
      if (r <= 0) break;
      off += r;
    }
    return { bytes: buf.subarray(0, off), size };
  } finally {
    closeSync(fd);
  }
}

export async function extractFile(path: string): Promise<{ extraction: Extraction; bytes: Uint8Array; text: string }> {
  const name = basename(path);
  let bytes: Uint8Array;
  let size: number;
  try {
    ({ bytes, size } = readBounded(path));
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    return { extraction: failed(path, 'unknown', msg('error', null, `${name}: không đọc được tệp (${e.code ?? e.message}).`, `${name}: cannot read the file (${e.code ?? e.message}).`)), bytes: new Uint8Array(), text: '' };
  }
  if (size > MAX_BYTES) {
    return {
      extraction: failed(path, 'unknown', msg('error', null, `${name}: tệp quá lớn (${(size / 1048576).toFixed(1)} MB, tối đa ${MAX_BYTES / 1048576} MB).`, `${name}: file too large (${(size / 1048576).toFixed(1)} MB, limit ${MAX_BYTES / 1048576} MB).`)),
      bytes: new Uint8Array(),
      text: ''
    };
  }
  try {
    const d = decodeBytes(bytes);
    const pre = d.notes.map((n) => msg('info', null, `${name}: ${n.message_vi}`, `${name}: ${n.message_en}`));
    return { extraction: extractText(path, d.text, pre), bytes, text: d.text };
  } catch (err) {
    if (err instanceof DecodeError) return { extraction: failed(path, 'unknown', msg('error', null, `${name}: ${err.message_vi}`, `${name}: ${err.message_en}`)), bytes, text: '' };
    throw err;
  }
}
