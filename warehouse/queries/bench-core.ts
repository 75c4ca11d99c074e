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
    // Group on integer keys only and attach names afterwards: grouping on the name string as well
    // was most of the time at 30M facts.
    sql: `WITH s AS (
            SELECT f.unit_id, i.area, round(avg(least(greatest(f.value, 0), 100)), 2) AS score,
                   CAST(count(*) AS INTEGER) AS indicators
            FROM fact f
            -- current_fact spelled out so the period also filters the documents (a 4,500-row
            -- hash join instead of every document of every period)
            JOIN document d ON d.document_id = f.document_id AND d.status = 'current' AND d.period_id = ${per}
            JOIN indicator i ON i.indicator_id = f.indicator_id AND i.kind = 'percent'
            WHERE f.period_id = ${per} AND f.status = 'reported'
              AND f.unit_id IN (SELECT unit_id FROM unit WHERE level = ${lvl})
            GROUP BY f.unit_id, i.area)
          SELECT s.unit_id, u.name AS unit_name, s.area, s.score, s.indicators,
                 CAST(rank() OVER (PARTITION BY s.area ORDER BY s.score DESC) AS INTEGER) AS rank
          FROM s JOIN unit u ON u.unit_id = s.unit_id
          ORDER BY s.area, rank, unit_name`,
    params: p.values
  };
}
