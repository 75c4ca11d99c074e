import { describe, expect, it } from 'vitest';
import { areaBarsSpec, rankingTable, rankWithin, whatIf, type RankRow } from '../src/lib/rankings.ts';

const row = (unit_id: number, rank: number | null, areas: [string, number, number][], province = 'P', peer_group = 'g'): RankRow => ({
  unit_id, unit: `U${unit_id}`, level: 'province-dept', province, peer_group,
  score: areas.reduce((s, a) => s + a[1], 0), max: areas.reduce((s, a) => s + a[2], 0), index_pct: null, rank, movement: null,
  tier: 'D', tier_label_vi: 'Trung bình', tier_label_en: 'Average',
  areas: areas.map(([area, points, max]) => ({ area, points, max })), missing: [],
});

describe('rankings view helpers', () => {
  it('RANK() semantics: ties share a rank, the next rank skips, null stays unranked', () => {
    const items = [{ v: 50 }, { v: 90 }, { v: 90 }, { v: null }, { v: 70.004 }, { v: 70.001 }];
    const r = rankWithin(items, (x) => x.v);
    expect(items.map((x) => r.get(x))).toEqual([5, 1, 1, null, 3, 3]);
  });

  it('what-if re-weights areas by sub-index and moves ranks within the peer group', () => {
    // U1 strong in a (10/10) weak in b (0/10); U2 the reverse but b partly excluded (5/5)
    const rows = [row(1, 1, [['a', 10, 10], ['b', 0, 10]]), row(2, 2, [['a', 0, 10], ['b', 4, 5]]), row(3, 1, [['a', 1, 10], ['b', 0, 0]], 'Q')];
    const same = whatIf(rows, { a: 10, b: 10 }, { g: true });
    expect(same.get(1)).toMatchObject({ score: 10, max: 20, index_pct: 50, rank: 1, rank_change: 0 });
    expect(same.get(2)).toMatchObject({ score: 8, max: 20, index_pct: 40, rank: 2 });
    const w = whatIf(rows, { a: 2, b: 18 }, { g: true });
    // U1: 1*2 + 0*18 = 2 of 20 = 10 %; U2: 0*2 + 0.8*18 = 14.4 of 20 = 72 %
    expect(w.get(1)).toMatchObject({ score: 2, index_pct: 10, rank: 2, rank_change: -1 });
    expect(w.get(2)).toMatchObject({ score: 14.4, index_pct: 72, rank: 1, rank_change: 1 });
    // province Q is its own group; its excluded area b stays out of the maximum
    expect(w.get(3)).toMatchObject({ score: 0.2, max: 2, index_pct: 10, rank: 1 });
    // without per-province ranking all three compete
    expect(whatIf(rows, { a: 2, b: 18 }, { g: false }).get(3)!.rank).toBe(2);
  });

  it('builds export columns with every area and a bar spec that never draws an excluded area as 0', () => {
    const names = [{ id: 'a', name_vi: 'Lĩnh vực A', name_en: 'Area A', max: 10 }, { id: 'b', name_vi: 'Lĩnh vực B', name_en: 'Area B', max: 10 }];
    const r = row(1, 1, [['a', 7.5, 10], ['b', 0, 0]]);
    const t = rankingTable([r], names, 'vi');
    expect(t.columns.map((c) => c.key)).toContain('area_b');
    expect(t.rows[0]).toMatchObject({ rank: 1, area_a: 7.5, area_b: null, tier: 'D Trung bình' });
    const spec = areaBarsSpec({ lang: 'vi', unit: 'U1', period: 'Quý II/2024', areas: r.areas, names, config: {} });
    expect(spec.data.values).toEqual([
      { order: 0, area: 'Lĩnh vực A', points: 7.5, achievable: 10, model_max: 10, label: '7,5 / 10' },
      { order: 1, area: 'Lĩnh vực B', points: null, achievable: 0, model_max: 10, label: 'không chấm (thiếu số liệu)' },
    ]);
  });
});
