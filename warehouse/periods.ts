/**
 * Reporting periods. period_id = year * 100 + ordinal, ordered as reports arrive within a year:
 * Q1=1, Q2=2, H1=3, Q3=4, 9M=5, Q4=6, year=7 (so ORDER BY period_id is chronological by end date).
 *
 * Data windows follow Công văn 581/BNV-CCHC (21/02/2022): the statistical year runs from 15/12 of
 * the previous year to 14/12, and the stated windows are Q1 = 15/12–14/3, H1 = 15/12–14/6,
 * Q3 = 15/6–14/9, year = 15/12–14/12. The document gives Q3 as a three-month window of its own, so
 * quarters are the four consecutive three-month slices of that year: Q2 = 15/3–14/6 and
 * Q4 = 15/9–14/12. H1 and year start at the beginning of the statistical year (cumulative), so 9M
 * does too: 9M = 15/12–14/9. Deadline: the 20th of the last month of the period.
 */
import type { PeriodKind } from '../loaders/types.ts';
import type { Warehouse } from './db.ts';

export const PERIOD_KINDS: PeriodKind[] = ['Q1', 'Q2', 'H1', 'Q3', '9M', 'Q4', 'year'];
const ORDINAL: Record<PeriodKind, number> = { Q1: 1, Q2: 2, H1: 3, Q3: 4, '9M': 5, Q4: 6, year: 7 };

export interface Period {
  period_id: number;
  year: number;
  kind: PeriodKind;
  window_start: string; // yyyy-mm-dd
  window_end: string;
  deadline: string;
  label_vi: string;
  label_en: string;
}

/** [start month, start in previous year?, end month] — days are always 15 .. 14. */
const WINDOWS: Record<PeriodKind, { from: number; prevYear: boolean; to: number }> = {
  Q1: { from: 12, prevYear: true, to: 3 },
  Q2: { from: 3, prevYear: false, to: 6 },
  H1: { from: 12, prevYear: true, to: 6 },
  Q3: { from: 6, prevYear: false, to: 9 },
  '9M': { from: 12, prevYear: true, to: 9 },
  Q4: { from: 9, prevYear: false, to: 12 },
  year: { from: 12, prevYear: true, to: 12 }
};

const LABEL_VI: Record<PeriodKind, (y: number) => string> = {
  Q1: (y) => `Quý I/${y}`,
  Q2: (y) => `Quý II/${y}`,
  H1: (y) => `6 tháng đầu năm ${y}`,
  Q3: (y) => `Quý III/${y}`,
  '9M': (y) => `9 tháng năm ${y}`,
  Q4: (y) => `Quý IV/${y}`,
  year: (y) => `Năm ${y}`
};
const LABEL_EN: Record<PeriodKind, (y: number) => string> = {
  Q1: (y) => `Q1 ${y}`,
  Q2: (y) => `Q2 ${y}`,
  H1: (y) => `H1 ${y}`,
  Q3: (y) => `Q3 ${y}`,
  '9M': (y) => `9M ${y}`,
  Q4: (y) => `Q4 ${y}`,
  year: (y) => `Year ${y}`
};

const pad = (n: number) => String(n).padStart(2, '0');
const ymd = (y: number, m: number, d: number) => `${y}-${pad(m)}-${pad(d)}`;

export function isPeriodKind(k: unknown): k is PeriodKind {
  return typeof k === 'string' && k in ORDINAL;
}

export function periodId(year: number, kind: PeriodKind): number {
  return year * 100 + ORDINAL[kind];
}

export function fromPeriodId(id: number): { year: number; kind: PeriodKind } | null {
  const year = Math.floor(id / 100);
  const kind = PERIOD_KINDS.find((k) => ORDINAL[k] === id % 100);
  return kind && year >= 1900 && year <= 2999 ? { year, kind } : null;
}

export function describePeriod(year: number, kind: PeriodKind): Period {
  if (!Number.isInteger(year) || year < 1900 || year > 2999) throw new RangeError(`Năm không hợp lệ / invalid year: ${year}`);
  if (!isPeriodKind(kind)) throw new RangeError(`Kỳ báo cáo không hợp lệ / invalid period kind: ${kind}`);
  const w = WINDOWS[kind];
  return {
    period_id: periodId(year, kind),
    year,
    kind,
    window_start: ymd(w.prevYear ? year - 1 : year, w.from, 15),
    window_end: ymd(year, w.to, 14),
    deadline: ymd(year, w.to, 20),
    label_vi: LABEL_VI[kind](year),
    label_en: LABEL_EN[kind](year)
  };
}

/** Inserts the period row when missing; returns its id. */
export async function ensurePeriod(wh: Warehouse, year: number, kind: PeriodKind): Promise<number> {
  const p = describePeriod(year, kind);
  // A lookup first: most loads are for a period that exists, and it is cheaper than ON CONFLICT.
  const found = await wh.all('SELECT 1 FROM period WHERE period_id = $1', [p.period_id]);
  if (found.length) return p.period_id;
  await wh.run(
    `INSERT INTO period (period_id, year, kind, window_start, window_end, deadline, label_vi, label_en)
     VALUES ($1, $2, $3, CAST($4 AS DATE), CAST($5 AS DATE), CAST($6 AS DATE), $7, $8)
     ON CONFLICT DO NOTHING`,
    [p.period_id, p.year, p.kind, p.window_start, p.window_end, p.deadline, p.label_vi, p.label_en]
  );
  return p.period_id;
}

const ROMAN: Record<string, string> = { I: '1', II: '2', III: '3', IV: '4' };

/**
 * Reads a period argument: "2024-Q1", "2024-H1", "2024-9M", "2024" (the annual report), also
 * "Q1/2024", "2024Q1", "202401" (a period_id), "Quý II/2024", "6 tháng 2024", "9T/2024", "năm 2024".
 * Returns null when the text is not a period.
 */
export function parsePeriod(text: string): { year: number; kind: PeriodKind } | null {
  const t = text.normalize('NFC').trim().toUpperCase().replace(/\s+/g, ' ');
  if (/^\d{6}$/.test(t)) return fromPeriodId(Number(t));
  const y = t.match(/(?<!\d)(19|20)\d{2}(?!\d)/);
  if (!y) return null;
  const year = Number(y[0]);
  const rest = (t.slice(0, y.index) + ' ' + t.slice(y.index! + 4)).replace(/[/\-_.,]/g, ' ').replace(/\s+/g, ' ').trim();
  let kind: PeriodKind | null = null;
  if (rest === '' || /^(NĂM|NAM|YEAR|Y|CẢ NĂM|CA NAM|FY)$/.test(rest)) kind = 'year';
  else if (/^(H1|6T|6M|6 THÁNG( ĐẦU NĂM)?|6 THANG( DAU NAM)?)$/.test(rest)) kind = 'H1';
  else if (/^(9M|9T|9 THÁNG( NĂM)?|9 THANG( NAM)?)$/.test(rest)) kind = '9M';
  else {
    const q = rest.match(/^(?:Q|QUÝ|QUY) ?(IV|III|II|I|[1-4])(?: NĂM| NAM)?$/);
    if (q) kind = `Q${ROMAN[q[1]] ?? q[1]}` as PeriodKind;
  }
  return kind ? { year, kind } : null;
}

/** The canonical CLI form: "2024-Q1", "2024-H1", "2024-9M", "2024" for the year. */
export function formatPeriodArg(year: number, kind: PeriodKind): string {
  return kind === 'year' ? String(year) : `${year}-${kind}`;
}
