/**
 * Which form a report text is in, from its content (never from the file name):
 * - 'markdown': tab-separated or pipe tables plus Markdown/HTML markup (#, **, <b>, <i>);
 * - 'tsv': plain tab-separated rows (a spreadsheet pasted as text);
 * - 'csv': comma/semicolon-separated rows with a header naming the columns;
 * - 'pdf-text': text extracted from a PDF: a table header without delimiters, rows wrapping over lines;
 * - 'unknown': no statistical table found.
 */
import type { ReportFormat } from './types.ts';

export interface FormatGuess {
  format: ReportFormat;
  /** For markdown: whether cells are tab- or pipe-delimited. */
  splitter: 'tab' | 'pipe' | 'csv' | null;
}

const HEADER_WORDS = /(chỉ tiêu|đơn vị tính|số liệu|ghi chú|nội dung)/i;

/** Occurrences of one character (no array per line, no regex compiled per line). */
function count(s: string, ch: string): number {
  let n = 0;
  for (let i = s.indexOf(ch); i >= 0; i = s.indexOf(ch, i + 1)) n++;
  return n;
}

export function detectFormat(text: string): FormatGuess {
  const lines = text.split('\n');
  let tabRows = 0;
  let tabHeader = false;
  let pipeRows = 0;
  let pipeHeader = false;
  let csvHeader = false;
  let csvRows = 0;
  let plainHeader = false;
  let pendingTT = false;
  for (const l of lines) {
    const tabs = count(l, '\t');
    if (tabs >= 2) {
      tabRows++;
      if (HEADER_WORDS.test(l)) tabHeader = true;
    }
    if (/^\s*\|.*\|\s*$/.test(l)) {
      pipeRows++;
      if (HEADER_WORDS.test(l)) pipeHeader = true;
    }
    if (!tabs && /[,;]/.test(l)) {
      const sep = count(l, ';') >= 2 ? ';' : ',';
      const n = count(l, sep);
      if (n >= 2 && /^\s*"?(STT|TT|Số TT)"?\s*[,;]/i.test(l) && HEADER_WORDS.test(l)) csvHeader = true;
      if (n >= 2 && /^\s*"?([IVX]+|\d+(\.\d+)*\.?|)"?\s*[,;]/.test(l)) csvRows++;
    }
    if (!tabs && /^\s*(S?TT|Số TT)\s+(Chỉ tiêu|Nội dung|Tên chỉ tiêu)/i.test(l)) plainHeader = true;
    if (!tabs && /^\s*(S?TT|Số TT)\s*$/i.test(l)) pendingTT = true;
    else if (l.trim()) {
      if (pendingTT && /^\s*(Chỉ tiêu|Nội dung|Tên chỉ tiêu)/i.test(l)) plainHeader = true;
      pendingTT = false;
    }
  }
  const markup = /^#{1,6}\s|\*\*[^*]+\*\*|<\/?(b|i|strong|em|sup|a)\b[^>]*>/im.test(text);
  if ((tabRows >= 1 && tabHeader) || tabRows >= 5) return { format: markup ? 'markdown' : 'tsv', splitter: 'tab' };
  if (pipeRows >= 3 && pipeHeader) return { format: 'markdown', splitter: 'pipe' };
  if (csvHeader && csvRows >= 2) return { format: 'csv', splitter: 'csv' };
  if (plainHeader) return { format: 'pdf-text', splitter: null };
  return { format: 'unknown', splitter: null };
}
