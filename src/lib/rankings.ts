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

function csvCell(v: unknown): string {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The ranking table as CSV, UTF-8 with a BOM so that Excel shows Vietnamese correctly. */
export function rankingCsv(rows: RankRow[], areaIds: string[], lang: 'vi' | 'en' = 'vi'): string {
  const vi = lang === 'vi';
  const head = [vi ? 'Hạng' : 'Rank', vi ? 'Thay đổi hạng' : 'Movement', vi ? 'Đơn vị' : 'Unit', vi ? 'Cấp' : 'Level', vi ? 'Tỉnh' : 'Province',
    vi ? 'Nhóm' : 'Peer group', vi ? 'Chỉ số (%)' : 'Index (%)', vi ? 'Điểm' : 'Score', vi ? 'Tối đa' : 'Max', vi ? 'Xếp loại' : 'Tier',
    ...areaIds.flatMap((a) => [`${a}`, `${a} max`]), vi ? 'Chỉ tiêu thiếu' : 'Missing indicators'];
  const lines = [head.map(csvCell).join(',')];
  for (const r of rows) {
    const byArea = new Map(r.areas.map((a) => [a.area, a]));
    lines.push([r.rank, r.movement, r.unit, r.level, r.province, r.peer_group, r.index_pct, r.score, r.max,
      r.tier ? `${r.tier} ${vi ? r.tier_label_vi : r.tier_label_en}` : '',
      ...areaIds.flatMap((a) => [byArea.get(a)?.points ?? '', byArea.get(a)?.max ?? '']), r.missing.join(' ')].map(csvCell).join(','));
  }
  return '\uFEFF' + lines.join('\r\n') + '\r\n';
}
