/**
 * Pure helpers of the Rankings view, shared by the browser (what-if, CSV) and tests.
 * The saved model is never changed here: what-if works on the area sub-indices the server computed.
 */
export interface AreaPts { area: string; points: number; max: number }
export interface RankRow {
  unit_id: number;
  unit: string;
  level: string;
  province: string | null;
  peer_group: string;
  score: number;
  max: number;
  index_pct: number | null;
  rank: number | null;
  movement: number | null;
  tier: string | null;
  tier_label_vi: string | null;
  tier_label_en: string | null;
  areas: AreaPts[];
  missing: string[];
}
export interface TierDef { id: string; min: number; label_vi: string; label_en: string; color?: string }

/** Groups rows the way they are ranked: peer group, and province when the group ranks per province. */
export function peerKey(r: { peer_group: string; province: string | null }, withinProvince: Record<string, boolean>): string {
  return withinProvince[r.peer_group] ? `${r.peer_group}\u0000${r.province ?? ''}` : r.peer_group;
}

/** RANK() semantics: ties on the index to 2 decimals share a rank, the next rank skips. */
export function rankWithin<T>(items: T[], index: (t: T) => number | null): Map<T, number | null> {
  const out = new Map<T, number | null>();
  const scored = items.filter((t) => index(t) !== null).sort((a, b) => index(b)! - index(a)!);
  let prev: number | null = null;
  let rank = 0;
  scored.forEach((t, i) => {
    const v = Math.round(index(t)! * 100) / 100;
    if (prev === null || v !== prev) rank = i + 1;
    prev = v;
    out.set(t, rank);
  });
  for (const t of items) if (!out.has(t)) out.set(t, null);
  return out;
}

export interface WhatIfRow { unit_id: number; score: number; max: number; index_pct: number | null; rank: number | null; rank_change: number | null }

/**
 * Re-scores with new area weights: each area keeps its sub-index (points / achievable max) and is
 * worth `weights[area]` points; areas whose criteria were all excluded stay out of the maximum.
 * rank_change = saved rank − what-if rank (positive = would move up).
 */
export function whatIf(rows: RankRow[], weights: Record<string, number>, withinProvince: Record<string, boolean>): Map<number, WhatIfRow> {
  const res = rows.map((r) => {
    let score = 0;
    let max = 0;
    for (const a of r.areas) {
      if (a.max <= 0) continue;
      const w = Math.max(0, weights[a.area] ?? 0);
      score += (a.points / a.max) * w;
      max += w;
    }
    return { r, score: Math.round(score * 100) / 100, max: Math.round(max * 100) / 100, index_pct: max > 0 ? Math.round((10000 * score) / max) / 100 : null };
  });
  const groups = new Map<string, typeof res>();
  for (const x of res) {
    const k = peerKey(x.r, withinProvince);
    if (!groups.has(k)) groups.set(k, []);
    groups.get(k)!.push(x);
  }
  const out = new Map<number, WhatIfRow>();
  for (const g of groups.values()) {
    const ranks = rankWithin(g, (x) => x.index_pct);
    for (const x of g) {
      const rank = ranks.get(x) ?? null;
      out.set(x.r.unit_id, { unit_id: x.r.unit_id, score: x.score, max: x.max, index_pct: x.index_pct, rank,
        rank_change: rank !== null && x.r.rank !== null ? x.r.rank - rank : null });
    }
  }
  return out;
}

export function tierFor(index: number | null, tiers: TierDef[]): TierDef | null {
  if (index === null) return null;
  return [...tiers].sort((a, b) => b.min - a.min).find((t) => index >= t.min) ?? null;
}

export interface AreaName { id: string; name_vi: string; name_en: string; max: number }

/** One unit's points by area against the area's maximum, as a Vega-Lite spec (for VegaChart). */
export function areaBarsSpec(o: { lang: 'vi' | 'en'; unit: string; period: string; areas: AreaPts[]; names: AreaName[]; config: Record<string, unknown> }) {
  const vi = o.lang !== 'en';
  const byId = new Map(o.names.map((n) => [n.id, n]));
  const values = o.areas.map((a, i) => {
    const n = byId.get(a.area);
    return {
      order: i,
      area: n ? (vi ? n.name_vi : n.name_en) : a.area,
      points: a.max > 0 ? a.points : null,
      achievable: a.max,
      model_max: n?.max ?? a.max,
      label: a.max > 0 ? `${fmt(a.points, o.lang)} / ${fmt(a.max, o.lang)}` : vi ? 'không chấm (thiếu số liệu)' : 'not scored (no data)',
    };
  });
  const y = { field: 'area', type: 'nominal', sort: { field: 'order' }, title: null, axis: { labelLimit: 300 } };
  const tip = [
    { field: 'area', title: vi ? 'Lĩnh vực' : 'Area' },
    { field: 'points', title: vi ? 'Điểm' : 'Points', format: ',.2~f' },
    { field: 'achievable', title: vi ? 'Tối đa đạt được' : 'Achievable max', format: ',.2~f' },
    { field: 'model_max', title: vi ? 'Tối đa theo mô hình' : 'Model max', format: ',.2~f' },
  ];
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: `${vi ? 'Điểm theo lĩnh vực' : 'Points by reform area'} — ${o.unit}`, subtitle: o.period },
    width: 'container',
    config: o.config,
    data: { values },
    encoding: { y },
    layer: [
      { mark: { type: 'bar', color: '#e6e6e6', stroke: '#888' }, encoding: { x: { field: 'model_max', type: 'quantitative', title: vi ? 'Điểm' : 'Points' }, tooltip: tip } },
      { mark: { type: 'bar', color: '#2b5c8a' }, encoding: { x: { field: 'points', type: 'quantitative' }, tooltip: tip } },
      { mark: { type: 'text', align: 'left', dx: 4 }, encoding: { x: { field: 'model_max', type: 'quantitative' }, text: { field: 'label' } } },
    ],
  };
}

function fmt(n: number, lang: 'vi' | 'en'): string {
  return new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'vi-VN', { maximumFractionDigits: 2 }).format(n);
}

/** The ranking table as export columns and rows (for the dashboard's /api/export CSV and XLSX). */
export function rankingTable(rows: RankRow[], areas: AreaName[], lang: 'vi' | 'en' = 'vi') {
  const vi = lang !== 'en';
  const columns = [
    { key: 'rank', label: vi ? 'Hạng' : 'Rank' },
    { key: 'movement', label: vi ? 'Thay đổi hạng' : 'Movement' },
    { key: 'unit', label: vi ? 'Đơn vị' : 'Unit' },
    { key: 'level', label: vi ? 'Cấp' : 'Level' },
    { key: 'province', label: vi ? 'Tỉnh' : 'Province' },
    { key: 'peer_group', label: vi ? 'Nhóm' : 'Peer group' },
    { key: 'index_pct', label: vi ? 'Chỉ số (%)' : 'Index (%)' },
    { key: 'score', label: vi ? 'Điểm' : 'Score' },
    { key: 'max', label: vi ? 'Tối đa' : 'Max' },
    { key: 'tier', label: vi ? 'Xếp loại' : 'Tier' },
    ...areas.map((a) => ({ key: `area_${a.id}`, label: `${vi ? a.name_vi : a.name_en} (${vi ? 'điểm' : 'points'})` })),
    { key: 'missing', label: vi ? 'Chỉ tiêu thiếu' : 'Missing indicators' },
  ];
  const out = rows.map((r) => {
    const o: Record<string, unknown> = {
      rank: r.rank, movement: r.movement, unit: r.unit, level: r.level, province: r.province, peer_group: r.peer_group,
      index_pct: r.index_pct, score: r.score, max: r.max,
      tier: r.tier ? `${r.tier} ${vi ? r.tier_label_vi : r.tier_label_en}` : null,
      missing: r.missing.join(' '),
    };
    for (const a of r.areas) o[`area_${a.area}`] = a.max > 0 ? a.points : null;
    return o;
  });
  return { columns, rows: out };
}
