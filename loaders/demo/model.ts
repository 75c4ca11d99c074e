/**
 * The demo province's numbers: units, their reporting periods, and consistent indicator values with
 * plausible trends. Flows are generated per quarter and cumulated (lũy kế) so that cumulative
 * indicators never fall within a year; rates are derived from their counts. Inconsistencies are NOT
 * made here: inject.ts perturbs a copy of these values and records each perturbation in the manifest.
 */
import type { PeriodKind, UnitLevel } from '../types.ts';
import { keyedRng, type Rng } from './prng.ts';

export const DEMO_PROVINCE = 'Demo';

export type DemoFormat = 'markdown' | 'tsv' | 'pdf-text';
export type Numbering = 'roman' | 'dotted' | 'forms';

export interface DemoUnit {
  id: string;
  /** Name as the unit writes it in its own header. */
  name: string;
  level: UnitLevel;
  kind: 'Sở' | 'Ban' | 'UBND';
  /** Abbreviation used in the report number "Số: 12/BC-STP". */
  abbr: string;
  /** Place written before the date. */
  place: string;
  /** Size factor: drives files, staff, documents. */
  size: number;
  hasSncl: boolean;
  /** House style, fixed per unit (agencies reuse their template every period). */
  format: DemoFormat;
  numbering: Numbering;
  rateFirst: boolean;
  decimals: 0 | 1 | 2;
  leadingZeros: boolean;
  thousandsDot: boolean;
  flagWords: boolean;
  signer: string;
  signerTitle: string;
}

const DEPARTMENTS: [string, string][] = [
  ['Sở Nội vụ', 'SNV'], ['Sở Tư pháp', 'STP'], ['Sở Tài chính', 'STC'], ['Sở Xây dựng', 'SXD'],
  ['Sở Y tế', 'SYT'], ['Sở Giáo dục và Đào tạo', 'SGDĐT'], ['Sở Công Thương', 'SCT'],
  ['Sở Nông nghiệp và Môi trường', 'SNNMT'], ['Sở Khoa học và Công nghệ', 'SKHCN'],
  ['Sở Văn hóa, Thể thao và Du lịch', 'SVHTTDL'], ['Sở Ngoại vụ', 'SNgV'], ['Sở Dân tộc và Tôn giáo', 'SDTTG'],
  ['Sở Lao động, Thương binh và Xã hội', 'SLĐTBXH'], ['Sở Giao thông vận tải', 'SGTVT']
];
const BOARDS: [string, string][] = [
  ['Ban Quản lý các khu công nghiệp', 'BQLKCN'], ['Ban Quản lý Khu kinh tế', 'BQLKKT'],
  ['Ban Quản lý dự án đầu tư xây dựng công trình dân dụng', 'BQLDA']
];
const COMMUNES: string[] = [
  'xã An Phú', 'xã Bình Minh', 'phường Đông Hải', 'xã Hòa Lạc', 'xã Tân Thịnh', 'phường Phú Lâm',
  'xã Thạch Bàn', 'xã Vĩnh Hưng', 'phường Nam Sơn', 'xã Kim Đồng', 'xã Long Điền', 'xã Quang Trung',
  'phường Bắc Hà', 'xã Yên Thế', 'xã Đức Thành', 'xã Mỹ Lộc', 'phường Tây Đô', 'xã Hải Xuân',
  'xã Cát Tiên', 'xã Ngọc Lâm', 'phường Trung Hòa', 'xã Sơn Thủy', 'xã Lương Sơn', 'xã Hương Trà'
];
const SURNAMES = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Vũ', 'Đặng', 'Bùi', 'Đỗ', 'Lò', 'Hà', 'Lưu'];
const MIDDLE = ['Văn', 'Thị', 'Đức', 'Minh', 'Thanh', 'Quang', 'Hữu', 'Ngọc'];
const GIVEN = ['An', 'Bình', 'Cường', 'Dũng', 'Giang', 'Hà', 'Hùng', 'Khiêm', 'Lan', 'Long', 'Mai', 'Nam', 'Phong', 'Sơn', 'Tâm', 'Thảo', 'Trung', 'Tuấn'];

export interface ProvinceOptions {
  seed: number;
  /** Number of units (split roughly 40% departments, 8% boards, the rest communes). */
  units: number;
  years: number[];
}

export function makeUnits(o: ProvinceOptions): DemoUnit[] {
  const nBoards = Math.max(1, Math.round(o.units * 0.08));
  const nDepts = Math.max(1, Math.round(o.units * 0.4));
  const nCommunes = Math.max(1, o.units - nBoards - nDepts);
  const out: DemoUnit[] = [];
  const style = (id: string, r: Rng, level: UnitLevel): Omit<DemoUnit, 'id' | 'name' | 'level' | 'kind' | 'abbr' | 'place' | 'size' | 'hasSncl'> => {
    const f = r.next();
    return {
      format: f < 0.45 ? 'markdown' : f < 0.7 ? 'tsv' : 'pdf-text',
      numbering: r.pick(level === 'commune' ? (['dotted', 'dotted', 'roman'] as const) : (['roman', 'dotted', 'forms'] as const)),
      rateFirst: r.chance(0.6),
      decimals: r.pick([0, 1, 1, 2] as const),
      leadingZeros: r.chance(0.35),
      thousandsDot: r.chance(0.5),
      flagWords: r.chance(0.25),
      signer: `${r.pick(SURNAMES)} ${r.pick(MIDDLE)} ${r.pick(GIVEN)}`,
      signerTitle: level === 'commune' ? 'TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH' : r.pick(['GIÁM ĐỐC', 'KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC'])
    };
  };
  const expand = <T>(list: T[], n: number, suffix: (i: number) => string, name: (t: T) => string): string[] =>
    Array.from({ length: n }, (_, i) => name(list[i % list.length]) + (i >= list.length ? suffix(Math.floor(i / list.length)) : ''));
  expand(DEPARTMENTS, nDepts, (k) => ` (chi nhánh ${k + 1})`, (t) => t[0]).forEach((name, i) => {
    const id = `dept-${i + 1}`;
    const r = keyedRng(o.seed, 'unit', id);
    out.push({ id, name, level: 'province-dept', kind: 'Sở', abbr: DEPARTMENTS[i % DEPARTMENTS.length][1], place: DEMO_PROVINCE,
      size: r.range(0.6, 2.2), hasSncl: r.chance(0.7), ...style(id, r, 'province-dept') });
  });
  expand(BOARDS, nBoards, (k) => ` số ${k + 1}`, (t) => t[0]).forEach((name, i) => {
    const id = `board-${i + 1}`;
    const r = keyedRng(o.seed, 'unit', id);
    out.push({ id, name, level: 'province-dept', kind: 'Ban', abbr: 'BQL', place: DEMO_PROVINCE,
      size: r.range(0.3, 0.8), hasSncl: false, ...style(id, r, 'province-dept') });
  });
  expand(COMMUNES, nCommunes, (k) => ` ${k + 1}`, (t) => t).forEach((name, i) => {
    const id = `commune-${i + 1}`;
    const r = keyedRng(o.seed, 'unit', id);
    const place = name.replace(/^(xã|phường) /, '');
    out.push({ id, name: `Ủy ban nhân dân ${name}`, level: 'commune', kind: 'UBND', abbr: 'UBND', place,
      size: r.range(0.7, 1.5), hasSncl: false, ...style(id, r, 'commune') });
  });
  return out;
}

export const PERIOD_KINDS: PeriodKind[] = ['Q1', 'Q2', 'H1', 'Q3', 'Q4', 'year'];
/** Quarters elapsed since the start of the year at the end of each period's data window. */
export const QUARTERS_ELAPSED: Record<PeriodKind, number> = { Q1: 1, Q2: 2, H1: 2, Q3: 3, '9M': 3, Q4: 4, year: 4 };
/** Month of the deadline (the 20th of the period's last month, DOMAIN.md). */
export const DEADLINE_MONTH: Record<PeriodKind, number> = { Q1: 3, Q2: 6, H1: 6, Q3: 9, '9M': 9, Q4: 12, year: 12 };

export type Values = Map<string, number>;

/** Rate = 100 × num / den, or null over a zero denominator (undefined, never 0 or 100). */
export function rate(num: number, den: number): number | null {
  return den > 0 ? (100 * num) / den : null;
}

/** The rate rows this generator prints with their counts: [rate, numerator, denominator]. */
export const RATE_LINKS: [string, string, string][] = [
  ['direction.plan_completion_rate', 'direction.plan_tasks_completed', 'direction.plan_tasks_planned'],
  ['direction.inspection_issue_rate', 'direction.inspection_issues_resolved', 'direction.inspection_issues_found'],
  ['legal.review_handle_rate', 'legal.review_handled', 'legal.review_to_handle'],
  ['legal.check_handle_rate', 'legal.check_handled', 'legal.check_to_handle'],
  ['tthc.files_on_time_rate', 'tthc.files_on_time', 'tthc.files_resolved'],
  ['tthc.pakn_rate', 'tthc.pakn_resolved', 'tthc.pakn_received'],
  ['civil.training_rate', 'civil.training_done', 'civil.training_planned'],
  ['finance.revenue_rate', 'finance.revenue_done', 'finance.revenue_plan'],
  ['finance.investment_rate', 'finance.investment_done', 'finance.investment_plan'],
  ['egov.partial_eligible_rate', 'egov.partial_provided', 'egov.partial_eligible'],
  ['egov.full_eligible_rate', 'egov.full_provided', 'egov.full_eligible'],
  ['egov.online_files_rate', 'egov.online_files_received', 'tthc.files_received'],
  ['egov.online_payment_rate', 'egov.payment_integrated', 'egov.payment_eligible']
];

/** Splits an annual total into 4 positive quarterly flows and returns the cumulated values. */
function cumulate(r: Rng, annual: number): number[] {
  const w = [0, 1, 2, 3].map(() => r.range(0.8, 1.2));
  const s = w.reduce((a, b) => a + b, 0);
  const flows = w.map((x) => Math.round((annual * x) / s));
  const cum: number[] = [];
  flows.reduce((acc, f, i) => (cum[i] = acc + f), 0);
  return cum;
}

/**
 * The true values of one unit for one period. Deterministic in (seed, unit, year, period): the same
 * year's cumulative series is drawn once per (unit, year) so Q1 <= H1 <= Q3 <= year holds.
 */
export function trueValues(seed: number, u: DemoUnit, year: number, kind: PeriodKind, firstYear: number): Values {
  const v: Values = new Map();
  const q = QUARTERS_ELAPSED[kind] - 1; // index into quarterly cumulations
  const yi = year - firstYear; // trend index
  const yr = (name: string) => keyedRng(seed, u.id, year, name); // per (unit, year) stream
  const ur = (name: string) => keyedRng(seed, u.id, name); // per unit, all years
  const isCommune = u.level === 'commune';
  const s = u.size;
  // A quarter of the units are weaker: obligations (plans, rules, ISO) sometimes unmet, tasks left
  // overdue, documents left unhandled, investment disbursed slowly, so the ranking has a spread.
  const weak = ur('weak').chance(0.25);
  /** A yes/no obligation for the year (Có = 1 / Không = 0), the same in every report of that year. */
  const duty = (name: string, pWeak: number, pOther: number) => (yr(`duty-${name}`).chance(weak ? pWeak : pOther) ? 0 : 1);
  /**
   * A cumulative count series for quarters 0..q that never falls: handled(i) = max(handled(i-1), f(i)),
   * kept within its whole; returns the value at q.
   */
  const nonFalling = (f: (i: number) => number, whole: (i: number) => number): number => {
    let prev = 0;
    for (let i = 0; i <= q; i++) prev = Math.min(whole(i), Math.max(prev, f(i)));
    return prev;
  };

  // Area 1: direction
  const planned = yr('plan').int(15, 38);
  const complFinal = yr('plan-c').range(0.9, 1.0);
  const completed = Math.min(planned, Math.round(planned * complFinal * [0.22, 0.48, 0.74, 1][q]));
  v.set('direction.plan_issued', duty('plan', 0.3, 0.02));
  v.set('direction.plan_tasks_planned', planned);
  v.set('direction.plan_tasks_completed', completed);
  v.set('direction.directive_docs', cumulate(yr('dir'), yr('dir-n').int(3, 12))[q]);
  if (!isCommune) {
    const unitsPlanned = yr('insp').int(2, 6);
    v.set('direction.inspection_units_planned', unitsPlanned);
    v.set('direction.inspection_units_inspected', Math.min(unitsPlanned, Math.round(unitsPlanned * [0.25, 0.5, 0.75, 1][q])));
    const found = cumulate(yr('issues'), yr('issues-n').int(2, 9))[q];
    v.set('direction.inspection_issues_found', found);
    v.set('direction.inspection_issues_resolved', Math.max(0, found - (q < 3 ? yr('issues-open').int(0, Math.min(2, found)) : 0)));
  }
  const assignedSeries = cumulate(yr('assign'), Math.round(yr('assign-n').int(8, 30) * (isCommune ? 0.6 : 1.4)));
  const assigned = assignedSeries[q];
  const lateTotal = yr('assign-late').int(0, 2);
  const lateAssigned = Math.min(assigned, lateTotal);
  // Not yet due (still open) at quarter i: the same draw every quarter, none at the year's end.
  const openAt = (i: number) => {
    const a = assignedSeries[i];
    return i < 3 && a - Math.min(a, lateTotal) > 0 ? yr('assign-open').int(0, 1) : 0;
  };
  // Tasks past their deadline and not done: mostly in weaker units, from some quarter on. Taken out of
  // the on-time ones so that on-time + late + overdue <= assigned and both series never fall.
  const overdueTarget = weak ? yr('assign-overdue').int(1, 3) : yr('assign-overdue').chance(0.12) ? 1 : 0;
  const overdueFrom = yr('assign-overdue-q').int(1, 3);
  const base = (i: number) => assignedSeries[i] - Math.min(assignedSeries[i], lateTotal) - openAt(i);
  let overdue = 0;
  let onTimePrev = 0;
  for (let i = 0; i <= q; i++) {
    overdue = Math.max(overdue, Math.min(i >= overdueFrom ? overdueTarget : 0, base(i) - onTimePrev));
    onTimePrev = base(i) - overdue;
  }
  v.set('direction.assigned_tasks', assigned);
  v.set('direction.assigned_late', lateAssigned);
  v.set('direction.assigned_on_time', onTimePrev);
  v.set('direction.assigned_overdue', overdue);
  v.set('direction.news_articles', cumulate(yr('news'), Math.round(yr('news-n').int(6, 30) * (1 + 0.15 * yi)))[q]);
  // Only some units run a satisfaction survey (and so report its rate).
  if (ur('survey-run').chance(isCommune ? 0.55 : 0.85)) {
    v.set('direction.survey_forms', cumulate(yr('survey'), Math.round(yr('survey-n').int(60, 400) * s))[q]);
    v.set('direction.survey_method', ur('survey-m').int(0, 2));
    v.set('direction.satisfaction_rate', round(Math.min(100, yr('sat').range(weak ? 84 : 92, weak ? 94 : 98.5) + 0.4 * yi + q * 0.1), u.decimals));
  }
  v.set('direction.dialogue_held', yr('dialogue').chance(0.3 + 0.2 * q) ? 1 : 0);

  // Area 2: legal documents
  v.set('legal.docs_issued', cumulate(yr('vb'), isCommune ? yr('vb-n').int(0, 2) : yr('vb-n').int(1, 6))[q]);
  const toReview = yr('rs').int(isCommune ? 2 : 5, isCommune ? 8 : 24);
  v.set('legal.docs_to_review', toReview);
  v.set('legal.docs_reviewed', Math.min(toReview, Math.round(toReview * [0.3, 0.6, 0.85, 1][q])));
  const toHandle = cumulate(yr('rsh'), yr('rsh-n').int(0, 4))[q];
  v.set('legal.review_to_handle', toHandle);
  v.set('legal.review_handled', Math.max(0, toHandle - (q < 3 ? Math.min(toHandle, yr('rsh-open').int(0, 1)) : 0)));
  // Documents found faulty by inspection (kiểm tra) and to be handled; weaker units leave some unhandled.
  const checkSeries = cumulate(yr('kt'), isCommune ? yr('kt-n').int(0, 3) : yr('kt-n').int(1, 6));
  const checkLeft = weak ? yr('kt-left').int(0, 2) : 0;
  v.set('legal.check_to_handle', checkSeries[q]);
  v.set('legal.check_handled', nonFalling((i) => checkSeries[i] - Math.min(checkSeries[i], i < 3 ? yr('kt-open').int(0, 1) : checkLeft), (i) => checkSeries[i]));

  // Area 3: administrative procedures
  const totalTthc = isCommune ? ur('tthc').int(98, 116) + Math.min(yi, 3) : Math.round(ur('tthc').int(40, 160) * Math.min(1.4, s)) + yi * 2;
  v.set('tthc.total', totalTthc);
  v.set(isCommune ? 'tthc.total_commune' : 'tthc.total_province', totalTthc);
  v.set('tthc.review_plan', duty('review-plan', 0.35, 0.03));
  v.set('tthc.new', cumulate(yr('new'), yr('new-n').int(0, 12))[q]);
  v.set('tthc.abolished', cumulate(yr('abol'), yr('abol-n').int(0, 10))[q]);
  v.set('tthc.liaison_same_level', ur('lt1').int(0, 4));
  v.set('tthc.liaison_between_levels', ur('lt2').int(2, 14));
  v.set('tthc.internal_process_rate', 100);
  // files: quarterly flows; on-time rate rises over the years and within noise
  const annualFiles = Math.round((isCommune ? 900 : 700) * s * Math.pow(1.09, yi) * yr('files').range(0.9, 1.1));
  const fr = yr('files-q');
  let received = 0, resolved = 0, onTime = 0, online = 0;
  const baseOnTime = ur('ontime').range(0.86, 0.95);
  const baseOnline = ur('online').range(0.18, 0.38);
  for (let i = 0; i <= q; i++) {
    // Draw the same numbers whatever the period, so every report of the year shares one series.
    const rq = Math.round((annualFiles / 4) * fr.range(0.85, 1.15));
    const inProgress = fr.range(0.94, 0.99);
    const dq = i === q ? Math.round(rq * inProgress) : rq; // a few files still in progress at the report date
    const rateQ = Math.min(1, baseOnTime + 0.025 * (yi + i / 4) + fr.range(-0.01, 0.01));
    received += rq;
    resolved += dq;
    onTime += Math.min(dq, Math.round(dq * rateQ));
    online += Math.round(rq * Math.min(0.95, baseOnline + 0.12 * (yi + i / 4)));
  }
  v.set('tthc.files_received', received);
  v.set('tthc.files_resolved', resolved);
  v.set('tthc.files_on_time', onTime);
  v.set('tthc.files_late', resolved - onTime);
  const pakn = cumulate(yr('pakn'), yr('pakn-n').int(0, isCommune ? 6 : 12))[q];
  v.set('tthc.pakn_received', pakn);
  v.set('tthc.pakn_resolved', Math.max(0, pakn - (q < 3 ? Math.min(pakn, yr('pakn-open').int(0, 1)) : 0)));
  v.set('tthc.digitised_files', Math.round(received * Math.min(0.9, 0.2 + 0.2 * yi + 0.02 * q)));

  // Area 4: organisation; staff present never above quota in the true data
  if (isCommune) {
    const quota = ur('quota').int(9, 12);
    v.set('org.staff_quota', quota);
    v.set('org.staff_present', quota - yr(`present-${kind}`).int(0, 2));
    v.set('org.cadres_present', ur('cadres').int(9, 11));
  } else {
    const quota = Math.round(ur('quota').int(18, 45) * s) - yi; // streamlining: quota falls a little each year
    v.set('org.staff_quota', quota);
    v.set('org.staff_present', quota - yr(`present-${kind}`).int(0, 4));
    v.set('org.contract_staff', ur('contract').int(2, 12));
    v.set('org.staff_streamlined', cumulate(yr('tg'), yr('tg-n').int(0, 2))[q]);
    v.set('org.leaders_dept_level', ur('ld').int(3, 4));
    v.set('org.leaders_division_level', ur('lp').int(5, 16));
    if (u.hasSncl) {
      const sq = Math.round(ur('sq').int(30, 220) * s);
      v.set('org.sncl_people_quota', sq);
      v.set('org.sncl_people_present', sq - yr(`sp-${kind}`).int(1, 9));
    }
  }

  // Area 5: civil service
  v.set('civil.vtvl_approved', yi === 0 ? duty('vtvl', 0.5, 0.02) : duty('vtvl', 0.2, 0));
  // Many templates lack this row: a share of the units print it.
  if (ur('vtvl-row').chance(0.6)) v.set('civil.vtvl_correct_rate', round(Math.min(100, yr('vtvl-c').range(weak ? 82 : 94, 100)), u.decimals));
  v.set('civil.recruited_cs_exam', cumulate(yr('rec'), isCommune ? yr('rec-n').int(0, 1) : yr('rec-n').int(0, 4))[q]);
  const trPlanned = Math.round(yr('tr').int(6, 30) * (isCommune ? 0.6 : s));
  v.set('civil.training_planned', trPlanned);
  v.set('civil.training_done', Math.min(trPlanned, Math.round(trPlanned * yr('tr-d').range(0.9, 1) * [0.2, 0.45, 0.7, 1][q])));
  v.set('civil.disciplined_total', yr('kl').chance(0.1) && q >= 2 ? 1 : 0);

  // Area 6: public finance
  v.set('finance.internal_rules', duty('rules', 0.2, 0.02));
  // Public investment: every commune and a share of the departments are given a capital plan (million
  // VND, fixed for the year); disbursement accumulates, weaker units disburse less by the year's end.
  if (isCommune || ur('inv').chance(0.55)) {
    const plan = Math.round(ur('inv-p').int(isCommune ? 3000 : 8000, isCommune ? 25000 : 120000) * (isCommune ? 1 : s) * Math.pow(1.06, yi));
    const final = yr('inv-d').range(weak ? 0.6 : 0.86, weak ? 0.88 : 1.0);
    v.set('finance.investment_plan', plan);
    v.set('finance.investment_done', Math.min(plan, Math.round(plan * final * [0.15, 0.36, 0.62, 1][q])));
  }
  if (isCommune) {
    const plan = Math.round(ur('rev').int(90, 480) * Math.pow(1.05, yi));
    v.set('finance.revenue_plan', plan);
    v.set('finance.revenue_done', Math.round(plan * Math.min(1, yr('rev-d').range(0.93, 1.0) * [0.22, 0.5, 0.74, 1][q])));
  } else {
    v.set('finance.autonomy_mechanism', 1);
  }

  // Area 7: e-government; online services grow over the years
  v.set('egov.outgoing_docs', cumulate(yr('vbdi'), Math.round((isCommune ? 500 : 1400) * s * yr('vbdi-n').range(0.85, 1.15)))[q]);
  v.set('egov.edoc_fully_electronic_rate', round(Math.min(100, ur('edoc').range(weak ? 72 : 93, weak ? 90 : 98) + 1.2 * yi), u.decimals));
  const partialEligible = Math.round(totalTthc * ur('pe').range(0.55, 0.7));
  v.set('egov.partial_eligible', partialEligible);
  v.set('egov.partial_provided', Math.min(partialEligible, Math.round(partialEligible * Math.min(1, ur('pp').range(0.8, 0.92) + 0.05 * yi))));
  const fullEligible = Math.round(totalTthc * Math.min(0.45, ur('fe').range(0.15, 0.25) + 0.05 * yi));
  v.set('egov.full_eligible', fullEligible);
  v.set('egov.full_provided', Math.min(fullEligible, Math.round(fullEligible * Math.min(1, ur('fp').range(0.6, 0.8) + 0.1 * yi + 0.02 * q))));
  v.set('egov.online_files_received', online);
  const payEligible = Math.round(totalTthc * ur('pay').range(0.15, 0.3));
  v.set('egov.payment_eligible', payEligible);
  v.set('egov.payment_integrated', Math.min(payEligible, Math.round(payEligible * Math.min(1, ur('pi').range(0.4, 0.7) + 0.12 * yi + 0.02 * q))));
  v.set('egov.iso_announced', duty('iso', 0.3, 0.03));

  // Rates from their counts (rounded when printed, at the unit's precision)
  for (const [r, num, den] of RATE_LINKS) {
    if (!v.has(num) || !v.has(den)) continue;
    const x = rate(v.get(num)!, v.get(den)!);
    if (x !== null) v.set(r, x);
  }
  return v;
}

export function round(x: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(x * f) / f;
}
