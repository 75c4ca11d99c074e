/**
 * Printed precision of a reported number: the digits after its decimal separator as printed in the
 * report ("75,25" -> 2, "75,0 %" -> 1, "75" -> 0). The rate rules tolerate rounding at the printed
 * precision, so it is stored with each fact at load (fact.decimals) instead of being parsed out of the
 * raw text on every check run. One definition, in JS for the loader and in SQL for the migration and
 * for rows inserted without it; the last separator followed by digits and then no digit counts.
 */
const PATTERN_JS = /[.,](\d+)\D*$/;

/** Digits after the decimal separator of a printed number (0 when none), capped at 31. */
export function printedDecimals(raw: string | null | undefined): number | null {
  if (raw === null || raw === undefined) return null;
  const m = PATTERN_JS.exec(raw);
  return m ? Math.min(m[1].length, 31) : 0;
}

/** The same as SQL over a VARCHAR expression. */
export function printedDecimalsSql(rawExpr: string): string {
  return `least(length(coalesce(regexp_extract(${rawExpr}, '[.,](\\d+)[^\\d]*$', 1), '')), 31)`;
}
