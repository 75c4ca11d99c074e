/**
 * Vega-Lite specs for every dashboard chart, as pure functions of rows and labels. Colours are
 * single-hue ramps or dark/light contrasts (readable printed in grey) and series also differ by
 * dash and shape. Tooltips carry Vietnamese (or English) field titles.
 */
import { t, type Lang } from '../i18n.ts';
import { chartConfig } from './locale.ts';

export type Spec = Record<string, any>;
const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

function numFormat(uom: string | null | undefined): string {
  return uom === '%' ? ',.1f' : ',.4~f';
}

function base(lang: Lang, title: string, subtitle: string | null, width: number | 'container' = 'container'): Spec {
  return {
    $schema: SCHEMA,
    title: subtitle ? { text: title, subtitle } : { text: title },
    width,
    config: chartConfig(lang)
  };
}

export interface BarRow {
  unit_id: number;
  unit: string;
  value: number | null;
  status: string;
}

/**
 * One indicator across units, sorted, with the peer median as a rule. Units that did not report
 * stay on the axis with a "Chưa báo cáo" label and no bar: missing is never drawn as 0.
 */
export function barSpec(o: {
  lang: Lang;
  title: string;
  subtitle?: string | null;
  rows: BarRow[];
  median: number | null;
  uom: string | null;
  sort: 'desc' | 'asc' | 'name';
}): Spec {
  const { lang } = o;
  const values = o.rows.map((r) => ({
    ...r,
    shown: r.status === 'reported' ? r.value : null,
    note: r.status === 'reported' ? '' : t(lang, 'missing')
  }));
  const sortField =
    o.sort === 'name' ? { field: 'unit', order: 'ascending' } : { field: 'shown', order: o.sort === 'asc' ? 'ascending' : 'descending' };
  const fmt = numFormat(o.uom);
  // Hundreds of units (all communes of a province) do not fit one labelled bar each: draw thin
  // unlabelled bars and leave names to the tooltip and the table alternative.
  const compact = values.length > 80;
  const y = { field: 'unit', type: 'nominal', sort: sortField, title: null, axis: compact ? { labels: false, ticks: false } : { labelLimit: 260 } };
  const layers: Spec[] = [
    {
      mark: { type: 'bar', color: '#2b5c8a' },
      encoding: {
        y,
        x: { field: 'shown', type: 'quantitative', title: o.uom ? `${t(lang, 'value')} (${o.uom})` : t(lang, 'value'), axis: { format: fmt } },
        tooltip: [
          { field: 'unit', title: t(lang, 'unit') },
          { field: 'shown', title: t(lang, 'value'), format: fmt },
          { field: 'note', title: t(lang, 'status') }
        ]
      }
    },
    {
      mark: { type: 'text', align: 'left', dx: 4, color: '#555', fontStyle: 'italic' },
      encoding: { y, x: { datum: 0 }, text: { field: 'note' } }
    }
  ];
  if (compact) layers.pop();
  if (o.median !== null) {
    layers.push({
      data: { values: [{ median: o.median, label: t(lang, 'peer_median') }] },
      mark: { type: 'rule', color: '#000', strokeDash: [6, 3], strokeWidth: 2 },
      encoding: {
        x: { field: 'median', type: 'quantitative' },
        tooltip: [{ field: 'label', title: ' ' }, { field: 'median', title: t(lang, 'value'), format: fmt }]
      }
    });
  }
  return {
    ...base(lang, o.title, o.subtitle ?? null),
    height: { step: compact ? 3 : 18 },
    data: { values },
    layer: layers
  };
}

export interface TrendPoint {
  period_id: number;
  period: string;
  series: string;
  value: number | null;
}
export interface BandPoint {
  period_id: number;
  period: string;
  p25: number | null;
  median: number | null;
  p75: number | null;
}

/** Values over periods, one line per unit (dash + shape + grey-safe colours), peer band behind. */
export function trendSpec(o: {
  lang: Lang;
  title: string;
  subtitle?: string | null;
  points: TrendPoint[];
  band: BandPoint[];
  uom: string | null;
  periodOrder: string[];
}): Spec {
  const { lang } = o;
  const fmt = numFormat(o.uom);
  const x = { field: 'period', type: 'ordinal', sort: o.periodOrder, title: t(lang, 'period'), axis: { labelAngle: 0 } };
  const layers: Spec[] = [];
  if (o.band.length) {
    layers.push(
      {
        data: { values: o.band },
        mark: { type: 'area', color: '#bbb', opacity: 0.45 },
        encoding: {
          x,
          y: { field: 'p25', type: 'quantitative' },
          y2: { field: 'p75' },
          tooltip: [
            { field: 'period', title: t(lang, 'period') },
            { field: 'p25', title: 'P25', format: fmt },
            { field: 'median', title: t(lang, 'peer_median'), format: fmt },
            { field: 'p75', title: 'P75', format: fmt }
          ]
        }
      },
      {
        data: { values: o.band },
        mark: { type: 'line', color: '#777', strokeDash: [2, 2] },
        encoding: { x, y: { field: 'median', type: 'quantitative' } }
      }
    );
  }
  const series = {
    // Unreported periods stay in the data as nulls so the line breaks there instead of bridging the gap.
    data: { values: o.points },
    mark: { type: 'line', point: { size: 60, filled: true }, strokeWidth: 2, invalid: 'break-paths-filter-domains' },
    encoding: {
      x,
      y: {
        field: 'value',
        type: 'quantitative',
        title: o.uom ? `${t(lang, 'value')} (${o.uom})` : t(lang, 'value'),
        axis: { format: fmt },
        scale: { zero: false }
      },
      color: { field: 'series', type: 'nominal', title: t(lang, 'unit'), scale: { range: ['#08306b', '#d95f02', '#4a4a4a', '#1b9e77', '#7570b3', '#000'] } },
      // Colour, dash and shape on the same field merge into one legend that survives grey print.
      strokeDash: { field: 'series', type: 'nominal', title: t(lang, 'unit') },
      shape: { field: 'series', type: 'nominal', title: t(lang, 'unit') },
      tooltip: [
        { field: 'series', title: t(lang, 'unit') },
        { field: 'period', title: t(lang, 'period') },
        { field: 'value', title: t(lang, 'value'), format: fmt }
      ]
    }
  };
  layers.push(series);
  return { ...base(lang, o.title, o.subtitle ?? null), height: 300, layer: layers };
}

export interface CellRow {
  row: string;
  col: string;
  /** Colour value (normalised 0..1 or a count). */
  v: number | null;
  /** What the tooltip shows. */
  label: string;
}

/** A heat map (units × indicators normalised, or units × flag kinds counts), single-hue ramp. */
export function heatmapSpec(o: {
  lang: Lang;
  title: string;
  subtitle?: string | null;
  cells: CellRow[];
  rowTitle: string;
  colTitle: string;
  legendTitle: string;
  /** Hide the colour legend when every cell already prints its value (counts). */
  legend?: boolean;
}): Spec {
  const { lang } = o;
  const rows = new Set(o.cells.map((c) => c.row)).size;
  const compact = rows > 80;
  return {
    ...base(lang, o.title, o.subtitle ?? null),
    height: { step: compact ? 3 : 18 },
    data: { values: o.cells },
    layer: [
      {
        mark: { type: 'rect', stroke: 'white' },
        encoding: {
          y: { field: 'row', type: 'nominal', title: o.rowTitle, sort: null, axis: compact ? { labels: false, ticks: false } : { labelLimit: 240 } },
          x: { field: 'col', type: 'nominal', title: o.colTitle, sort: null, axis: { labelAngle: -35, labelLimit: 180 } },
          color: {
            field: 'v',
            type: 'quantitative',
            title: o.legendTitle,
            ...(o.legend === false ? { legend: null } : {}),
            scale: { scheme: 'greys', domainMin: 0 },
            condition: { test: 'datum.v === null', value: '#fff' }
          },
          tooltip: [
            { field: 'row', title: o.rowTitle },
            { field: 'col', title: o.colTitle },
            { field: 'label', title: t(lang, 'value') }
          ]
        }
      },
      ...(compact
        ? []
        : [
            {
              mark: { type: 'text', fontSize: 9 },
              encoding: {
                y: { field: 'row', type: 'nominal', sort: null },
                x: { field: 'col', type: 'nominal', sort: null },
                text: { field: 'label' },
                color: { condition: { test: 'datum.v > 0.6', value: 'white' }, value: 'black' }
              }
            }
          ])
    ]
  };
}

export interface ScatterRow {
  unit_id: number;
  unit: string;
  x: number;
  y: number;
}

export function scatterSpec(o: {
  lang: Lang;
  title: string;
  subtitle?: string | null;
  rows: ScatterRow[];
  xTitle: string;
  yTitle: string;
  xUom: string | null;
  yUom: string | null;
}): Spec {
  const { lang } = o;
  return {
    ...base(lang, o.title, o.subtitle ?? null),
    height: 320,
    data: { values: o.rows },
    mark: { type: 'point', filled: true, size: 70, color: '#08306b', opacity: 0.8 },
    encoding: {
      x: { field: 'x', type: 'quantitative', title: o.xTitle, scale: { zero: false }, axis: { format: numFormat(o.xUom) } },
      y: { field: 'y', type: 'quantitative', title: o.yTitle, scale: { zero: false }, axis: { format: numFormat(o.yUom) } },
      href: { field: 'href' },
      tooltip: [
        { field: 'unit', title: t(lang, 'unit') },
        { field: 'x', title: o.xTitle, format: numFormat(o.xUom) },
        { field: 'y', title: o.yTitle, format: numFormat(o.yUom) }
      ]
    }
  };
}

/** Distribution of one indicator across units (histogram of reported values). */
export function histogramSpec(o: { lang: Lang; title: string; subtitle?: string | null; values: number[]; uom: string | null }): Spec {
  const { lang } = o;
  return {
    ...base(lang, o.title, o.subtitle ?? null),
    height: 220,
    data: { values: o.values.map((v) => ({ v })) },
    mark: { type: 'bar', color: '#4a4a4a' },
    encoding: {
      x: { field: 'v', type: 'quantitative', bin: { maxbins: 20 }, title: o.uom ? `${t(lang, 'value')} (${o.uom})` : t(lang, 'value') },
      y: { aggregate: 'count', type: 'quantitative', title: t(lang, 'units') },
      tooltip: [
        { field: 'v', bin: { maxbins: 20 }, title: t(lang, 'value') },
        { aggregate: 'count', title: t(lang, 'units') }
      ]
    }
  };
}

export interface StackRow {
  x: string;
  group: string;
  n: number;
}

/** Counts per period stacked by a group (flags over time by severity): dark-to-light greys. */
export function stackedCountSpec(o: {
  lang: Lang;
  title: string;
  subtitle?: string | null;
  rows: StackRow[];
  xOrder: string[];
  groupOrder: string[];
  xTitle: string;
  groupTitle: string;
}): Spec {
  const { lang } = o;
  return {
    ...base(lang, o.title, o.subtitle ?? null),
    height: 220,
    data: { values: o.rows },
    mark: { type: 'bar', stroke: '#000', strokeWidth: 0.5 },
    encoding: {
      x: { field: 'x', type: 'ordinal', sort: o.xOrder, title: o.xTitle, axis: { labelAngle: 0 } },
      y: { field: 'n', type: 'quantitative', title: t(lang, 'flags'), axis: { tickMinStep: 1, format: 'd' } },
      color: {
        field: 'group',
        type: 'nominal',
        title: o.groupTitle,
        sort: o.groupOrder,
        scale: { domain: o.groupOrder, range: ['#222', '#888', '#ddd'] }
      },
      order: { field: 'group', sort: 'ascending' },
      tooltip: [
        { field: 'x', title: o.xTitle },
        { field: 'group', title: o.groupTitle },
        { field: 'n', title: t(lang, 'flags') }
      ]
    }
  };
}

/** Median of the reported values; null when nothing was reported (never 0). */
export function median(values: (number | null)[]): number | null {
  const v = values.filter((x): x is number => x !== null && Number.isFinite(x)).sort((a, b) => a - b);
  if (!v.length) return null;
  const m = Math.floor(v.length / 2);
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}
