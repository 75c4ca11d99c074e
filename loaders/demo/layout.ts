/**
 * The statistical appendix of a demo unit: which rows, in which order, under which headings, with
 * which wording. Wording comes from the catalogue (name_vi and aliases), chosen per unit, so the demo
 * exercises the indicator matcher the way real templates do; the unit keeps its wording every period.
 */
import { loadCatalogue, type Indicator } from '../../warehouse/catalogue.ts';
import { hash32 } from './prng.ts';
import type { DemoUnit, Values } from './model.ts';

/** One entry of the appendix tree: an indicator row, or a heading row (label only) with children. */
export interface Entry {
  code?: string;
  heading?: string;
  children?: Entry[];
  /** "Trong đó" sub-row (printed without its own code, in italics where the format allows). */
  trongDo?: boolean;
}

export interface AreaBlock {
  area: number;
  title: string;
  entries: Entry[];
}

function rateBlock(u: DemoUnit, heading: string, rateCode: string, den: string, num: string, v: Values): Entry[] {
  if (!v.has(den) || !v.has(num)) return [];
  if (u.rateFirst) return [{ code: rateCode, children: [{ code: den, trongDo: true }, { code: num, trongDo: true }] }];
  return [{ heading, children: [{ code: den }, { code: num }, { code: rateCode }] }];
}

function item(code: string, v: Values): Entry[] {
  return v.has(code) ? [{ code }] : [];
}

/** The appendix of unit u for one report: built from the values present (communes print fewer rows). */
export function buildLayout(u: DemoUnit, v: Values): AreaBlock[] {
  const cat = loadCatalogue();
  const areaTitle = (id: number) => {
    const a = cat.areas.find((x) => x.id === id)!;
    const forms = [a.name_vi, ...a.aliases];
    return forms[hash32(u.id, 'area', id) % Math.min(forms.length, 2)];
  };
  const isCommune = u.level === 'commune';
  const blocks: AreaBlock[] = [
    { area: 1, title: areaTitle(1), entries: [
      ...item('direction.directive_docs', v),
      ...item('direction.plan_issued', v),
      ...rateBlock(u, 'Kế hoạch CCHC', 'direction.plan_completion_rate', 'direction.plan_tasks_planned', 'direction.plan_tasks_completed', v),
      ...(v.has('direction.inspection_units_planned')
        ? [{ heading: 'Kiểm tra CCHC', children: [
            { code: 'direction.inspection_units_planned' }, { code: 'direction.inspection_units_inspected' },
            ...rateBlock(u, 'Xử lý vấn đề phát hiện qua kiểm tra', 'direction.inspection_issue_rate', 'direction.inspection_issues_found', 'direction.inspection_issues_resolved', v)
          ] }]
        : []),
      { heading: isCommune ? 'Thực hiện nhiệm vụ UBND tỉnh, UBND huyện giao' : 'Thực hiện nhiệm vụ UBND tỉnh, Chủ tịch UBND tỉnh giao', children: [
        { code: 'direction.assigned_tasks' }, { code: 'direction.assigned_on_time' }, { code: 'direction.assigned_late' },
        ...item('direction.assigned_overdue', v)
      ] },
      ...item('direction.news_articles', v),
      { heading: 'Khảo sát sự hài lòng của người dân, tổ chức', children: [
        { code: 'direction.survey_forms' }, { code: 'direction.survey_method' }, { code: 'direction.satisfaction_rate' }
      ] },
      ...item('direction.dialogue_held', v)
    ] },
    { area: 2, title: areaTitle(2), entries: [
      ...item('legal.docs_issued', v),
      { heading: 'Rà soát VBQPPL', children: [
        { code: 'legal.docs_to_review' }, { code: 'legal.docs_reviewed' },
        ...rateBlock(u, 'Xử lý VBQPPL sau rà soát', 'legal.review_handle_rate', 'legal.review_to_handle', 'legal.review_handled', v)
      ] },
      ...(v.has('legal.check_to_handle')
        ? [{ heading: 'Kiểm tra VBQPPL', children: rateBlock(u, 'Xử lý VBQPPL sau kiểm tra', 'legal.check_handle_rate', 'legal.check_to_handle', 'legal.check_handled', v) }]
        : [])
    ] },
    { area: 3, title: areaTitle(3), entries: [
      ...item('tthc.review_plan', v),
      { heading: 'Thống kê TTHC', children: [
        { code: 'tthc.new' }, { code: 'tthc.abolished' },
        { code: 'tthc.total', children: [{ code: isCommune ? 'tthc.total_commune' : 'tthc.total_province', trongDo: true }] }
      ] },
      { heading: 'Thực hiện cơ chế một cửa, một cửa liên thông', children: [
        { code: 'tthc.liaison_same_level' }, { code: 'tthc.liaison_between_levels' }, { code: 'tthc.internal_process_rate' }
      ] },
      { heading: 'Kết quả giải quyết TTHC', children: [
        { code: 'tthc.files_received' },
        ...rateBlock(u, 'Hồ sơ giải quyết đúng hạn', 'tthc.files_on_time_rate', 'tthc.files_resolved', 'tthc.files_on_time', v),
        { code: 'tthc.files_late' }
      ] },
      ...rateBlock(u, 'Phản ánh, kiến nghị về quy định TTHC', 'tthc.pakn_rate', 'tthc.pakn_received', 'tthc.pakn_resolved', v),
      ...item('tthc.digitised_files', v)
    ] },
    { area: 4, title: areaTitle(4), entries: [
      { heading: 'Số liệu về biên chế công chức', children: [
        { code: 'org.staff_quota' }, { code: 'org.staff_present' }, ...item('org.contract_staff', v), ...item('org.staff_streamlined', v)
      ] },
      ...(v.has('org.sncl_people_quota')
        ? [{ heading: 'Số người làm việc hưởng lương từ NSNN tại các đơn vị sự nghiệp công lập', children: [
            { code: 'org.sncl_people_quota' }, { code: 'org.sncl_people_present' }
          ] }]
        : []),
      ...item('org.cadres_present', v),
      ...(v.has('org.leaders_dept_level')
        ? [{ heading: 'Số liệu về lãnh đạo', children: [{ code: 'org.leaders_dept_level' }, { code: 'org.leaders_division_level' }] }]
        : [])
    ] },
    { area: 5, title: areaTitle(5), entries: [
      ...item('civil.vtvl_approved', v),
      ...item('civil.vtvl_correct_rate', v),
      ...item('civil.recruited_cs_exam', v),
      ...rateBlock(u, 'Công tác đào tạo, bồi dưỡng', 'civil.training_rate', 'civil.training_planned', 'civil.training_done', v),
      ...item('civil.disciplined_total', v)
    ] },
    { area: 6, title: areaTitle(6), entries: [
      ...item('finance.autonomy_mechanism', v),
      ...item('finance.internal_rules', v),
      ...rateBlock(u, 'Thu ngân sách nhà nước', 'finance.revenue_rate', 'finance.revenue_plan', 'finance.revenue_done', v),
      ...rateBlock(u, 'Giải ngân vốn đầu tư công', 'finance.investment_rate', 'finance.investment_plan', 'finance.investment_done', v)
    ] },
    { area: 7, title: areaTitle(7), entries: [
      ...item('egov.outgoing_docs', v),
      ...item('egov.edoc_fully_electronic_rate', v),
      { heading: 'Cung cấp dịch vụ công trực tuyến', children: [
        ...rateBlock(u, 'Dịch vụ công trực tuyến một phần', 'egov.partial_eligible_rate', 'egov.partial_eligible', 'egov.partial_provided', v),
        ...rateBlock(u, 'Dịch vụ công trực tuyến toàn trình', 'egov.full_eligible_rate', 'egov.full_eligible', 'egov.full_provided', v),
        ...rateBlock(u, 'Hồ sơ trực tuyến', 'egov.online_files_rate', 'tthc.files_received', 'egov.online_files_received', v),
        ...rateBlock(u, 'Thanh toán trực tuyến', 'egov.online_payment_rate', 'egov.payment_eligible', 'egov.payment_integrated', v)
      ] },
      ...item('egov.iso_announced', v)
    ] }
  ];
  // A rate whose row was removed (an injected report) leaves its counts in place.
  const prune = (es: Entry[]): Entry[] =>
    es.flatMap((e) => {
      if (e.code && !v.has(e.code)) return e.children ? prune(e.children) : [];
      const children = e.children ? prune(e.children) : undefined;
      if (e.heading && (!children || children.length === 0)) return [];
      return [{ ...e, children }];
    });
  return blocks.map((b) => ({ ...b, entries: prune(b.entries) })).filter((b) => b.entries.length > 0);
}

const MIN_ALIAS_WORDS = 4;

/** The wording unit u uses for an indicator: the catalogue name or one of its longer aliases. */
export function labelFor(u: DemoUnit, ind: Indicator): string {
  let forms = [ind.name_vi, ...ind.aliases.filter((a) => a.split(/\s+/).length >= MIN_ALIAS_WORDS && !/\bmức độ [34]\b/.test(a))];
  // A commune does not call itself "sở ngành": it uses a wording without it when the catalogue has one.
  const own = u.level === 'commune' ? forms.filter((f) => !/sở ngành/i.test(f)) : forms;
  if (own.length > 0) forms = own;
  const h = hash32(u.id, 'label', ind.code);
  // Half the units keep the catalogue name; the others use an alternative wording.
  return h % 2 === 0 || forms.length === 1 ? forms[0] : forms[1 + ((h >>> 1) % (forms.length - 1))];
}

const UOM_VARIANTS: Record<string, string[]> = {
  'Hồ sơ': ['Hồ sơ', 'hồ sơ'],
  'Thủ tục': ['Thủ tục', 'TTHC'],
  'Văn bản': ['Văn bản', 'văn bản'],
  'Người': ['Người', 'người'],
  'Có = 1; Không = 0': ['Có = 1; Không = 0', 'Có = 1 Không = 0'],
  'Trực tuyến = 0; Phát phiếu = 1; Kết hợp = 2': ['Trực tuyến = 0; Phát phiếu = 1; Kết hợp = 2', 'Trực tuyến = 0 Phát phiếu = 1 Kết hợp = 2']
};

export function uomFor(u: DemoUnit, ind: Indicator): string {
  const variants = UOM_VARIANTS[ind.uom];
  // Text extracted from a PDF comes from the official template, which capitalises units of measure.
  if (!variants || u.format === 'pdf-text') return ind.uom;
  return variants[hash32(u.id, 'uom', ind.uom) % variants.length];
}
