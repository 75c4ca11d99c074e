/**
 * Reads a period given on the command line or in a URL: "202402", "2024-Q2", "Q2/2024", "2024-H1",
 * "6T/2024", "2024-9M", "2024" (the annual report), "năm 2024", "Quý II/2024". Returns period_id
 * (year*100 + ordinal, see warehouse/periods.ts) or null when the text is not a period.
 */
const ORD: Record<string, number> = { Q1: 1, Q2: 2, H1: 3, Q3: 4, '9M': 5, Q4: 6, YEAR: 7 };
const ROMAN: Record<string, string> = { I: '1', II: '2', III: '3', IV: '4' };

export function parsePeriodArg(text: string): number | null {
  const t = text.trim().toUpperCase().replace(/\s+/g, ' ');
  if (/^\d{6}$/.test(t)) {
    const ord = Number(t.slice(4));
    return ord >= 1 && ord <= 7 ? Number(t) : null;
  }
  const y = t.match(/\b(19|20)\d{2}\b/);
  if (!y) return null;
  const year = Number(y[0]);
  const rest = t.replace(y[0], ' ').replace(/[/\-_.]/g, ' ').trim();
  let kind: string | null = null;
  if (rest === '' || /^(NĂM|NAM|YEAR|Y|CẢ NĂM)$/.test(rest)) kind = 'YEAR';
  else if (/^(H1|6T|6 THÁNG( ĐẦU NĂM)?|6M)$/.test(rest)) kind = 'H1';
  else if (/^(9M|9T|9 THÁNG)$/.test(rest)) kind = '9M';
  else {
    const q = rest.match(/^(?:Q|QUÝ|QUY) ?([1-4]|IV|III|II|I)$/);
    if (q) kind = `Q${ROMAN[q[1]] ?? q[1]}`;
  }
  return kind ? year * 100 + ORD[kind] : null;
}
