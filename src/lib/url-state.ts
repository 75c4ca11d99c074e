/**
 * The view's slicing state lives in the URL query string, so a reload or a shared link restores
 * exactly the same view and the browser's back/forward buttons walk through filter changes.
 */
import type { Lang } from './i18n.ts';

export interface ViewState {
  lang: Lang;
  period: number | null;
  from: number | null;
  level: string | null;
  province: string | null;
  units: number[];
  area: number | null;
  indicator: string | null;
  indicator2: string | null;
  sort: 'desc' | 'asc' | 'name';
  kind: string | null;
  severity: string | null;
  status: string | null;
  doc: number | null;
  unit: number | null;
}

function int(v: string | null): number | null {
  if (v === null || v === '') return null;
  const n = Number(v);
  return Number.isInteger(n) ? n : null;
}

function str(v: string | null): string | null {
  return v === null || v === '' ? null : v;
}

export function parseState(sp: URLSearchParams, cookieLang: string | null = null): ViewState {
  const lang = (sp.get('lang') ?? cookieLang) === 'en' ? 'en' : 'vi';
  const sort = sp.get('sort');
  return {
    lang,
    period: int(sp.get('period')),
    from: int(sp.get('from')),
    level: str(sp.get('level')),
    province: str(sp.get('province')),
    units: (sp.get('units') ?? '')
      .split(',')
      .map((s) => int(s))
      .filter((n): n is number => n !== null),
    area: int(sp.get('area')),
    indicator: str(sp.get('indicator')),
    indicator2: str(sp.get('indicator2')),
    sort: sort === 'asc' || sort === 'name' ? sort : 'desc',
    kind: str(sp.get('kind')),
    severity: str(sp.get('severity')),
    status: str(sp.get('status')),
    doc: int(sp.get('doc')),
    unit: int(sp.get('unit'))
  };
}

/** The URL of `base` with some parameters changed; null/empty removes a parameter. */
export function withParams(url: URL, changes: Record<string, string | number | null | undefined | number[]>, path?: string): string {
  const sp = new URLSearchParams(url.searchParams);
  for (const [k, v] of Object.entries(changes)) {
    if (v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0)) sp.delete(k);
    else sp.set(k, Array.isArray(v) ? v.join(',') : String(v));
  }
  const q = sp.toString();
  return (path ?? url.pathname) + (q ? `?${q}` : '');
}

/** Previous comparable period: the same kind one year earlier (Q1 with Q1, year with year). */
export function previousComparable(periodId: number): number {
  return periodId - 100;
}
