/**
 * `generateDemoProvince`: a deterministic demo province (units × periods of report files) with a known
 * list of injected inconsistencies. The manifest is the ground truth the checks are measured against:
 * every perturbation of the true values is recorded (unit, period, kind, indicators), and nothing
 * else in the data is inconsistent by construction (rates from their counts, parts within wholes,
 * cumulative series non-decreasing, staff within quota).
 */
import type { PeriodKind } from '../types.ts';
import { DEADLINE_MONTH, DEMO_PROVINCE, makeUnits, PERIOD_KINDS, RATE_LINKS, trueValues, type DemoUnit, type Values } from './model.ts';
import { keyedRng } from './prng.ts';
import { EXTENSION, printedRows, renderReport, type PrintedRow } from './render.ts';

export { DEMO_PROVINCE };

export type InjectedKind = 'quota_exceeded' | 'rate_mismatch' | 'part_exceeds_whole' | 'missing_report' | 'late_report';

export interface InjectedIssue {
  unit: string;
  period: { year: number; kind: PeriodKind };
  kind: InjectedKind;
  indicators: string[];
  /** The printed values after injection, for the message a check should produce. */
  values?: Record<string, number>;
  file: string | null;
  detail: string;
}

export interface DemoFile {
  name: string;
  text: string;
  unit: { id: string; name: string; level: DemoUnit['level']; province: string };
  period: { year: number; kind: PeriodKind };
  format: DemoUnit['format'];
  /** Date printed in the header (ISO). */
  reportDate: string;
  /** When the file reached Sở Nội vụ (ISO timestamp): a day or two after the report date. */
  receivedAt: string;
  /** Deadline for this period (the 20th of its last month), ISO. */
  deadline: string;
  /** The table rows as generated: indicator code, printed raw text, value meant. */
  rows: PrintedRow[];
}

export interface DemoManifest {
  version: 1;
  seed: number;
  province: string;
  units: { id: string; name: string; level: string }[];
  periods: { year: number; kind: PeriodKind }[];
  reports: number;
  injected: InjectedIssue[];
}

export interface DemoOptions {
  seed?: number;
  /** Number of reporting units (>= 3). Default 34. */
  units?: number;
  /** Years covered (each: Q1, Q2, H1, Q3, Q4 and the annual report). Default 2022..2024. */
  years?: number[];
  /** Share of report slots given each kind of injected inconsistency. Default 0.02. */
  injectRate?: number;
}

const iso = (y: number, m: number, d: number) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
const daysIn = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

export function generateDemoProvince(options: DemoOptions = {}): { files: DemoFile[]; manifest: DemoManifest } {
  const seed = options.seed ?? 2024;
  const years = options.years ?? [2022, 2023, 2024];
  const units = makeUnits({ seed, units: Math.max(3, options.units ?? 34), years });
  const rate = options.injectRate ?? 0.02;
  const slots: { u: DemoUnit; year: number; kind: PeriodKind }[] = [];
  for (const u of units) for (const year of years) for (const kind of PERIOD_KINDS) slots.push({ u, year, kind });

  // Choose the injected slots up front, each slot at most one kind, so one issue never masks another.
  const pick = keyedRng(seed, 'inject');
  const taken = new Set<number>();
  const want = Math.max(2, Math.round(slots.length * rate));
  const choose = (kind: InjectedKind, ok: (s: (typeof slots)[number]) => boolean): Set<number> => {
    const out = new Set<number>();
    for (let guard = 0; out.size < want && guard < slots.length * 4; guard++) {
      const i = pick.int(0, slots.length - 1);
      if (taken.has(i) || !ok(slots[i])) continue;
      taken.add(i);
      out.add(i);
    }
    return out;
  };
  const missing = choose('missing_report', () => true);
  const late = choose('late_report', () => true);
  const quota = choose('quota_exceeded', () => true);
  const rateBad = choose('rate_mismatch', () => true);
  // Parts are raised in the annual report: the last of the year, so no cumulative series falls after it.
  const partBad = choose('part_exceeds_whole', (s) => s.kind === 'year');

  const files: DemoFile[] = [];
  const injected: InjectedIssue[] = [];
  slots.forEach((s, i) => {
    const { u, year, kind } = s;
    const r = keyedRng(seed, u.id, 'slot', year, kind);
    const name = `demo-${u.id}-${year}-${kind.toLowerCase()}.${EXTENSION[u.format]}`;
    const period = { year, kind };
    const dm = DEADLINE_MONTH[kind];
    const deadline = iso(year, dm, 20);
    if (missing.has(i)) {
      injected.push({ unit: u.name, period, kind: 'missing_report', indicators: [], file: null, detail: 'report not submitted' });
      return;
    }
    let date: { d: number; m: number; y: number };
    if (late.has(i)) {
      // Received after the deadline: 3 to 12 days after the 20th (December runs into January).
      const dt = new Date(Date.UTC(year, dm - 1, 20 + r.int(3, 12)));
      date = { d: dt.getUTCDate(), m: dt.getUTCMonth() + 1, y: dt.getUTCFullYear() };
    } else date = { d: r.int(6, 18), m: dm, y: year };
    const received = new Date(Date.UTC(date.y, date.m - 1, date.d + (late.has(i) ? 0 : r.int(0, 1)), 8 + r.int(0, 8), r.int(0, 59)));

    const v: Values = new Map(trueValues(seed, u, year, kind, years[0]));
    const fileName = name;
    const printedOf = (code: string) => v.get(code)!;
    if (quota.has(i)) {
      const pair = v.has('org.sncl_people_quota') && r.chance(0.4) ? ['org.sncl_people_present', 'org.sncl_people_quota'] : ['org.staff_present', 'org.staff_quota'];
      v.set(pair[0], printedOf(pair[1]) + r.int(1, 3));
      injected.push({ unit: u.name, period, kind: 'quota_exceeded', indicators: pair, values: { [pair[0]]: v.get(pair[0])!, [pair[1]]: v.get(pair[1])! }, file: fileName, detail: 'staff present above the assigned quota' });
    }
    if (rateBad.has(i)) {
      const usable = RATE_LINKS.filter(([rc, num, den]) => v.has(rc) && v.has(num) && (v.get(den) ?? 0) >= 20);
      const [rc, num, den] = usable[r.int(0, usable.length - 1)];
      const truth = v.get(rc)!;
      const shift = r.int(5, 15);
      v.set(rc, truth + shift <= 100 && r.chance(0.5) ? truth + shift : truth - shift);
      injected.push({ unit: u.name, period, kind: 'rate_mismatch', indicators: [rc, num, den], values: { [rc]: v.get(rc)!, [num]: v.get(num)!, [den]: v.get(den)! }, file: fileName, detail: `printed rate off by ${shift} points from 100 × numerator / denominator` });
    }
    if (partBad.has(i)) {
      const pairs: [string, string, string | null][] = [
        ['tthc.files_on_time', 'tthc.files_resolved', 'tthc.files_on_time_rate'],
        ['direction.plan_tasks_completed', 'direction.plan_tasks_planned', 'direction.plan_completion_rate'],
        ['legal.docs_reviewed', 'legal.docs_to_review', null],
        ['tthc.pakn_resolved', 'tthc.pakn_received', 'tthc.pakn_rate']
      ];
      const [part, whole, rateRow] = pairs[r.int(0, pairs.length - 1)];
      v.set(part, v.get(whole)! + r.int(1, 4));
      // The rate over this pair is left out of the report so that the report carries this one issue only.
      if (rateRow) v.delete(rateRow);
      if (part === 'tthc.files_on_time') v.delete('tthc.files_late');
      injected.push({ unit: u.name, period, kind: 'part_exceeds_whole', indicators: [part, whole], values: { [part]: v.get(part)!, [whole]: v.get(whole)! }, file: fileName, detail: 'a part larger than its whole' });
    }
    if (late.has(i)) {
      injected.push({ unit: u.name, period, kind: 'late_report', indicators: [], file: fileName, detail: `report dated ${iso(date.y, date.m, date.d)}, deadline ${deadline}` });
    }
    const spec = { unit: u, year, kind, values: v, reportNo: 10 + r.int(0, 40) + PERIOD_KINDS.indexOf(kind) * 45, date, seed };
    const rows = printedRows(spec).rows;
    // Record the values as printed (a rate rounded at the unit's precision).
    for (const x of injected) if (x.file === fileName && x.values) for (const code of Object.keys(x.values)) {
      const row = rows.find((rw) => rw.indicator === code);
      if (row?.value != null) x.values[code] = row.value;
    }
    files.push({
      name: fileName,
      text: renderReport(spec),
      unit: { id: u.id, name: u.name, level: u.level, province: DEMO_PROVINCE },
      period,
      format: u.format,
      reportDate: iso(date.y, date.m, date.d),
      receivedAt: received.toISOString(),
      deadline,
      rows
    });
  });
  return {
    files,
    manifest: {
      version: 1,
      seed,
      province: DEMO_PROVINCE,
      units: units.map((u) => ({ id: u.id, name: u.name, level: u.level })),
      periods: years.flatMap((year) => PERIOD_KINDS.map((kind) => ({ year, kind }))),
      reports: files.length,
      injected
    }
  };
}
