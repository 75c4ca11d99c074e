/**
 * Core dashboard queries that the benchmark times and that had no builder elsewhere yet: area scores
 * for a ranking view (a quick PAR-Index-style summary: mean of the unit's reported percentages per
 * reform area, clipped to 0..100). Parameterised like every other query builder in this folder.
 */
import { Params, type Query } from './query.ts';

export interface AreaScoreRow {
  unit_id: number;
  unit_name: string;
  area: number;
  score: number;
  indicators: number;
  rank: number;
}

/** Area scores of every unit of one level for one period, ranked within the area (like with like). */
export function areaScoresQuery(periodId: number, level: string): Query {
  const p = new Params();
  const per = p.add(periodId);
  const lvl = p.add(level);
  return {
    sql: `SELECT unit_id, unit_name, area, score, indicators,
                 CAST(rank() OVER (PARTITION BY area ORDER BY score DESC) AS INTEGER) AS rank
          FROM (SELECT u.unit_id, u.name AS unit_name, i.area,
                       round(avg(least(greatest(f.value, 0), 100)), 2) AS score,
                       CAST(count(*) AS INTEGER) AS indicators
                FROM fact f
                -- current_fact spelled out so the period also filters the documents (a 4,500-row
                -- hash join instead of every document of every period)
                JOIN document d ON d.document_id = f.document_id AND d.status = 'current' AND d.period_id = ${per}
                JOIN indicator i ON i.indicator_id = f.indicator_id AND i.kind = 'percent'
                JOIN unit u ON u.unit_id = f.unit_id AND u.level = ${lvl}
                WHERE f.period_id = ${per} AND f.status = 'reported'
                GROUP BY u.unit_id, u.name, i.area) s
          ORDER BY area, rank, unit_name`,
    params: p.values
  };
}
