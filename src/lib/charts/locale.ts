/** vi-VN number and time formats for Vega (decimal comma, dot thousands, dd/mm/yyyy). */
import type { Lang } from '../i18n.ts';

export const viNumber = { decimal: ',', thousands: '.', grouping: [3], currency: ['', ' ₫'] };
export const viTime = {
  dateTime: '%H:%M:%S %d/%m/%Y',
  date: '%d/%m/%Y',
  time: '%H:%M:%S',
  periods: ['SA', 'CH'],
  days: ['Chủ nhật', 'Thứ hai', 'Thứ ba', 'Thứ tư', 'Thứ năm', 'Thứ sáu', 'Thứ bảy'],
  shortDays: ['CN', 'T2', 'T3', 'T4', 'T5', 'T6', 'T7'],
  months: ['tháng 1', 'tháng 2', 'tháng 3', 'tháng 4', 'tháng 5', 'tháng 6', 'tháng 7', 'tháng 8', 'tháng 9', 'tháng 10', 'tháng 11', 'tháng 12'],
  shortMonths: ['Th1', 'Th2', 'Th3', 'Th4', 'Th5', 'Th6', 'Th7', 'Th8', 'Th9', 'Th10', 'Th11', 'Th12']
};
const enNumber = { decimal: '.', thousands: ',', grouping: [3], currency: ['', ''] };

/** Shared Vega-Lite config: locale, a font present on servers and browsers, print-friendly marks. */
export function chartConfig(lang: Lang) {
  return {
    locale: { number: lang === 'en' ? enNumber : viNumber, ...(lang === 'en' ? {} : { time: viTime }) },
    font: 'DejaVu Sans, Arial, sans-serif',
    background: 'white',
    view: { stroke: null },
    axis: { labelFontSize: 11, titleFontSize: 12, labelLimit: 220 },
    legend: { labelFontSize: 11, titleFontSize: 12, labelLimit: 220 },
    title: { fontSize: 15, anchor: 'start', subtitleFontSize: 11, subtitleColor: '#333' }
  };
}
