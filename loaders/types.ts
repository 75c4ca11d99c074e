/**
 * The contract between loaders and the warehouse: what reading one report produces.
 * `parboard extract --json` prints exactly this shape (see issue "Loaders").
 */

export type UnitLevel = 'province' | 'province-dept' | 'district' | 'commune' | 'other';
export type PeriodKind = 'Q1' | 'Q2' | 'Q3' | 'Q4' | 'H1' | '9M' | 'year';
export type Severity = 'error' | 'warning' | 'info';
export type ReportFormat = 'pdf-text' | 'markdown' | 'tsv' | 'csv' | 'unknown';

export interface UnitRef {
  /** Agency name as written (cleaned of markup), e.g. "Sở Khoa học và Công nghệ". */
  name: string;
  level: UnitLevel;
  /** Province name when the text says it ("Sơn La"), else null. */
  province: string | null;
  /** Kind of agency: "Sở", "Ban", "UBND", ... (optional, for the unit dimension). */
  kind?: string | null;
}

export interface PeriodRef {
  year: number;
  kind: PeriodKind;
}

export interface Message {
  severity: Severity;
  line: number | null;
  message_vi: string;
  message_en: string;
}

/**
 * One table row. `value` is null for "not reported" (empty), free text, or unreadable cells;
 * `status` says which so that missing never becomes zero.
 */
export type FactStatus =
  | 'reported' // a number was read
  | 'empty' // cell left blank: not reported
  | 'text' // free text, kept in raw, no number
  | 'not_applicable' // "Không áp dụng", "-", "x"
  | 'undefined_rate'; // a rate over a zero denominator ("0/0" in a % row)

export interface Fact {
  /** Catalogue code, or null when no confident match (the row goes to review). */
  indicator: string | null;
  /** Label as printed, joined onto one line, markup removed. */
  label: string;
  /** Code (STT) as printed, "" when none. */
  code: string;
  /** Unit of measure as printed (legend included for coded answers). */
  uom: string;
  /** Value cell as printed. */
  raw: string;
  value: number | null;
  status: FactStatus;
  /** 1-based line in the source text where the row starts. */
  line: number;
  source: 'table' | 'narrative';
  note: string | null;
  doubtful: boolean;
  reason: string | null;
  /** For fractions "08/21": the denominator kept as evidence. */
  denominator?: number | null;
  /** Label path of the enclosing section rows, outermost first (context for matching). */
  section?: string[];
  /** Reform area 1..7 inferred from the table position, when known. */
  area?: number | null;
  /** Best candidates when unmatched or doubtful: catalogue code and score 0..1. */
  candidates?: { indicator: string; score: number }[];
  /** Match confidence 0..1 for matched rows. */
  score?: number;
}

/** A number stated in the narrative about an indicator ("được giao 31 biên chế"). */
export interface NarrativeStatement {
  indicator: string;
  value: number;
  line: number;
  text: string;
}

export interface Extraction {
  file: string;
  format: ReportFormat;
  unit: UnitRef | null;
  period: PeriodRef | null;
  /** Report date when printed with a full day/month/year (ISO yyyy-mm-dd), else null. */
  reportDate?: string | null;
  /** Report number "94/BC-SKHCN" when printed. */
  reportNumber?: string | null;
  facts: Fact[];
  narrative?: NarrativeStatement[];
  messages: Message[];
}

/** True when the extraction carries an error message: such a report must not be loaded. */
export function hasErrors(x: Extraction): boolean {
  return x.messages.some((m) => m.severity === 'error');
}
