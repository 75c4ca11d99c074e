/**
 * Vietnamese first, English on request. Language comes from ?lang=en (kept in links) or the
 * `lang` cookie. Numbers and dates always use vi-VN conventions in Vietnamese (63,1%; 15/12/2024).
 */
export type Lang = 'vi' | 'en';

const dict = {
  app_title: ['Bảng điều khiển CCHC', 'Administrative reform dashboard'],
  nav_overview: ['Tổng quan', 'Overview'],
  nav_trends: ['Xu hướng', 'Trends'],
  nav_compare: ['So sánh', 'Compare'],
  nav_unit: ['Đơn vị', 'Unit profile'],
  nav_indicator: ['Chỉ tiêu', 'Indicators'],
  nav_anomalies: ['Bất thường', 'Anomalies'],
  nav_sources: ['Nguồn', 'Sources'],
  nav_rankings: ['Xếp hạng', 'Rankings'],
  demo_banner: ['Dữ liệu minh họa (demo), không phải báo cáo thật.', 'Demo data, not real reports.'],
  period: ['Kỳ báo cáo', 'Period'],
  from_period: ['Từ kỳ', 'From'],
  level: ['Cấp', 'Level'],
  province: ['Tỉnh/thành', 'Province'],
  units: ['Đơn vị', 'Units'],
  area: ['Lĩnh vực', 'Reform area'],
  indicator: ['Chỉ tiêu', 'Indicator'],
  indicator2: ['Chỉ tiêu thứ hai', 'Second indicator'],
  all: ['Tất cả', 'All'],
  sort: ['Sắp xếp', 'Sort'],
  sort_desc: ['Giảm dần', 'Descending'],
  sort_asc: ['Tăng dần', 'Ascending'],
  sort_name: ['Theo tên', 'By name'],
  in_scope: ['{units} đơn vị, {reports} báo cáo trong phạm vi', '{units} units, {reports} reports in scope'],
  missing: ['Chưa báo cáo', 'Not reported'],
  status_empty: ['Để trống', 'Left empty'],
  status_text: ['Chữ', 'Text'],
  status_not_applicable: ['Không áp dụng', 'Not applicable'],
  status_undefined_rate: ['Không xác định (mẫu số 0)', 'Undefined (zero denominator)'],
  loading: ['Đang tải…', 'Loading…'],
  error: ['Đã xảy ra lỗi', 'Something went wrong'],
  empty: ['Không có dữ liệu cho lựa chọn này.', 'No data for this selection.'],
  no_data_loaded: ['Kho dữ liệu chưa có báo cáo nào. Nạp báo cáo bằng: npx parboard load TỆP…', 'The warehouse has no reports yet. Load reports with: npx parboard load FILE…'],
  headline: ['Chỉ tiêu chính', 'Headline indicators'],
  change_vs: ['so với {p}', 'vs {p}'],
  median_units: ['Trung vị {n} đơn vị', 'Median of {n} units'],
  completeness: ['Tình hình gửi báo cáo', 'Reporting completeness'],
  on_time: ['Đúng hạn', 'On time'],
  late: ['Trễ hạn', 'Late'],
  days_late: ['Trễ {n} ngày', '{n} days late'],
  open_flags: ['Cảnh báo đang mở theo mức độ', 'Open flags by severity'],
  severity_error: ['Lỗi', 'Error'],
  severity_warning: ['Cảnh báo', 'Warning'],
  severity_info: ['Thông tin', 'Info'],
  movers: ['Thay đổi lớn nhất', 'Biggest movers'],
  unit: ['Đơn vị', 'Unit'],
  value: ['Giá trị', 'Value'],
  previous: ['Kỳ trước', 'Previous'],
  change: ['Thay đổi', 'Change'],
  status: ['Trạng thái', 'Status'],
  submitted: ['Ngày gửi', 'Submitted'],
  peer_median: ['Trung vị nhóm', 'Peer median'],
  peer_band: ['Khoảng tứ phân vị nhóm', 'Peer interquartile band'],
  same_period_last_year: ['Cùng kỳ năm trước', 'Same period last year'],
  like_with_like: ['Chỉ tiêu lũy kế: chỉ so sánh các kỳ cùng loại ({k}).', 'Cumulative indicator: only periods of the same kind are compared ({k}).'],
  choose_units: ['Chọn một hoặc nhiều đơn vị để xem xu hướng.', 'Choose one or more units to see the trend.'],
  heatmap: ['Bản đồ nhiệt đơn vị × chỉ tiêu (chuẩn hóa theo chỉ tiêu)', 'Heat map units × indicators (normalised per indicator)'],
  scatter: ['Tương quan hai chỉ tiêu', 'Two indicators'],
  bars: ['So sánh giữa các đơn vị', 'Across units'],
  reports: ['Báo cáo', 'Reports'],
  version: ['Phiên bản', 'Version'],
  format: ['Định dạng', 'Format'],
  received: ['Ngày nhận', 'Received'],
  file: ['Tệp', 'File'],
  current: ['Hiện hành', 'Current'],
  superseded: ['Đã thay thế', 'Superseded'],
  flags: ['Cảnh báo', 'Flags'],
  standing: ['Vị trí trong nhóm', 'Standing among peers'],
  rank_of: ['Hạng {r}/{n}', 'Rank {r} of {n}'],
  choose_unit: ['Chọn một đơn vị.', 'Choose a unit.'],
  definition: ['Định nghĩa', 'Definition'],
  formula: ['Công thức', 'Formula'],
  uom: ['Đơn vị tính', 'Unit of measure'],
  kind: ['Loại', 'Kind'],
  aggregation: ['Cách tổng hợp', 'Aggregation'],
  cumulative: ['Lũy kế', 'Cumulative'],
  reported_n: ['Số lần báo cáo', 'Times reported'],
  distribution: ['Phân bố giữa các đơn vị', 'Distribution across units'],
  flag_kind: ['Loại cảnh báo', 'Flag kind'],
  severity: ['Mức độ', 'Severity'],
  followup: ['Xử lý', 'Follow-up'],
  hotspots: ['Điểm nóng: đơn vị × loại cảnh báo', 'Hot spots: units × flag kinds'],
  flags_over_time: ['Cảnh báo theo kỳ', 'Flags over time'],
  message: ['Nội dung', 'Message'],
  open_source: ['Xem báo cáo gốc', 'Open source report'],
  line: ['Dòng', 'Line'],
  original_text: ['Văn bản gốc', 'Original text'],
  extracted: ['Dữ liệu trích xuất', 'Extracted data'],
  matched: ['Đã khớp', 'Matched'],
  unmatched: ['Chưa khớp (cần xem xét)', 'Unmatched (review)'],
  doubtful: ['Nghi vấn', 'Doubtful'],
  label: ['Nhãn', 'Label'],
  raw: ['Giá trị gốc', 'As printed'],
  documents: ['Tài liệu đã nạp', 'Loaded documents'],
  facts: ['Số liệu', 'Facts'],
  review_rows: ['Dòng cần xem xét', 'Rows to review'],
  table_alt: ['Bảng số liệu', 'Data table'],
  export: ['Tải về', 'Export'],
  source_line: ['Nguồn: parboard, xuất ngày {d}', 'Source: parboard, exported {d}'],
  open_status: ['Đang mở', 'Open'],
  acknowledged: ['Đã ghi nhận', 'Acknowledged'],
  explained: ['Đã giải trình', 'Explained'],
  resolved: ['Đã xử lý', 'Resolved'],
  not_comparable: ['Không có kỳ trước để so sánh', 'No previous period to compare'],
  staff_within_quota: ['Đơn vị có biên chế trong định mức', 'Units with staff within quota'],
  back_to_list: ['Danh sách', 'List'],
  print: ['In', 'Print'],
  language: ['English', 'Tiếng Việt']
} as const;

export type Key = keyof typeof dict;

export function t(lang: Lang, key: Key, vars: Record<string, string | number> = {}): string {
  const s: string = dict[key][lang === 'en' ? 1 : 0];
  return s.replace(/\{(\w+)\}/g, (_, k) => String(vars[k] ?? ''));
}

export function locale(lang: Lang): string {
  return lang === 'en' ? 'en-GB' : 'vi-VN';
}

/** A number as people write it: 1.654 and 63,1 in Vietnamese. Null prints as the missing marker. */
export function fmtNum(lang: Lang, v: number | null | undefined, digits = 1): string {
  if (v === null || v === undefined || Number.isNaN(v)) return '–';
  return new Intl.NumberFormat(locale(lang), { maximumFractionDigits: digits }).format(v);
}

export function fmtValue(lang: Lang, v: number | null | undefined, uom: string | null | undefined, digits = 1): string {
  if (v === null || v === undefined) return '–';
  const n = fmtNum(lang, v, digits);
  if (uom === '%') return `${n}%`;
  return n;
}

/** 15/12/2024 in both languages (the reports' own convention). */
export function fmtDate(iso: string | null | undefined): string {
  if (!iso) return '–';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : iso;
}

export function statusLabel(lang: Lang, status: string): string {
  switch (status) {
    case 'missing':
      return t(lang, 'missing');
    case 'empty':
      return t(lang, 'status_empty');
    case 'text':
      return t(lang, 'status_text');
    case 'not_applicable':
      return t(lang, 'status_not_applicable');
    case 'undefined_rate':
      return t(lang, 'status_undefined_rate');
    default:
      return '';
  }
}

/** A value cell: the number, or why there is none (never 0 for a unit that did not report). */
export function fmtCell(lang: Lang, v: number | null, status: string, uom: string | null = null): string {
  if (status === 'reported' && v !== null) return fmtValue(lang, v, uom);
  return statusLabel(lang, status) || '–';
}

export function levelLabel(lang: Lang, level: string): string {
  const m: Record<string, [string, string]> = {
    province: ['Cấp tỉnh (UBND tỉnh)', 'Province'],
    'province-dept': ['Sở, ban, ngành', 'Provincial departments'],
    district: ['Cấp huyện', 'District'],
    commune: ['Cấp xã', 'Commune'],
    other: ['Khác', 'Other']
  };
  return m[level]?.[lang === 'en' ? 1 : 0] ?? level;
}

export function periodKindLabel(lang: Lang, kind: string): string {
  const m: Record<string, [string, string]> = {
    Q1: ['Quý I', 'Q1'],
    Q2: ['Quý II', 'Q2'],
    Q3: ['Quý III', 'Q3'],
    Q4: ['Quý IV', 'Q4'],
    H1: ['6 tháng đầu năm', 'H1'],
    '9M': ['9 tháng', '9 months'],
    year: ['Cả năm', 'Full year']
  };
  return m[kind]?.[lang === 'en' ? 1 : 0] ?? kind;
}

export function severityLabel(lang: Lang, s: string): string {
  return s === 'error' ? t(lang, 'severity_error') : s === 'warning' ? t(lang, 'severity_warning') : t(lang, 'severity_info');
}

export function followupLabel(lang: Lang, s: string): string {
  const k = ({ open: 'open_status', acknowledged: 'acknowledged', explained: 'explained', resolved: 'resolved' } as const)[
    s as 'open'
  ];
  return k ? t(lang, k) : s;
}

export function flagKindLabel(lang: Lang, kind: string): string {
  const m: Record<string, [string, string]> = {
    quota_exceeded: ['Vượt biên chế', 'Quota exceeded'],
    rate_mismatch: ['Tỷ lệ không khớp', 'Rate mismatch'],
    undefined_rate: ['Tỷ lệ trên mẫu số 0', 'Rate over zero'],
    part_exceeds_whole: ['Phần lớn hơn tổng', 'Part exceeds whole'],
    sum_mismatch: ['Tổng không khớp', 'Sum mismatch'],
    out_of_range: ['Ngoài khoảng', 'Out of range'],
    non_monotonic: ['Lũy kế giảm', 'Cumulative decreases'],
    missing_required: ['Thiếu chỉ tiêu bắt buộc', 'Required missing'],
    duplicate_row: ['Dòng trùng', 'Duplicate row'],
    narrative_mismatch: ['Lời văn khác bảng', 'Narrative mismatch'],
    outlier_peer: ['Khác thường so với nhóm', 'Peer outlier'],
    outlier_trend: ['Đột biến so với lịch sử', 'Trend outlier']
  };
  return m[kind]?.[lang === 'en' ? 1 : 0] ?? kind;
}
