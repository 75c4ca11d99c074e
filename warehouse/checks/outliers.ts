/**
 * Statistical outliers, set-based in SQL; flags are formatted in SQL into temp table chk_out_flag.
 * - outlier_peer: modified z-score 0.6745 * (x - median) / MAD among units of the same level in the same
 *   period, per indicator (Iglewicz & Hoaglin); needs a minimum number of peers. When MAD = 0 (more than
 *   half the peers report the same value) the mean absolute deviation is used instead
 *   (z = (x - median) / (1.253314 * meanAD)); when that is 0 too, all peers agree and nothing fires.
 * - outlier_trend: the same score against the unit's own history of the same period kind in earlier
 *   years (Q1 vs earlier Q1s, year vs earlier years), with a minimum history length, and only when the
 *   value also moved by a minimum relative change, so a near-constant history does not make every wiggle fire.
 * Counts and money are compared on log(1 + x) (configurable) because unit sizes differ by orders of
 * magnitude; rates on their own scale. Every flag carries its baseline.
 */
import type { CheckContext, CheckScope } from './engine.ts';
import { intList, type CheckDb } from './db-port.ts';

function kindsSql(kinds: Record<string, string>): string {
  return Object.entries(kinds).map(([k, t]) => `('${k.replace(/'/g, "''")}', '${t === 'log1p' ? 'log1p' : 'none'}')`).join(',');
}

function zSql(x: string): string {
  return `CASE WHEN mad > 0 THEN 0.6745 * (${x} - med) / mad WHEN meanad > 0 THEN (${x} - med) / (1.253314 * meanad) END`;
}

function q(s: string): string {
  return `'${String(s).replace(/'/g, "''")}'`;
}

/** Fills {name} placeholders of a template with SQL expressions (all VARCHAR). */
function tplSql(tpl: string, vars: Record<string, string>): string {
  let e = q(tpl);
  for (const [k, v] of Object.entries(vars)) e = `replace(${e}, '{${k}}', ${v})`;
  return e;
}

const COLS = 'fingerprint, kind, severity, rule_id, unit_id, period_id, document_id, indicators, observed, expected, baseline, message_vi, message_en, line';

/** Creates chk_out_flag (columns of `flag`) with the outlier flags for the scope; returns their number. */
export async function outlierFlags(db: CheckDb, ctx: CheckContext, scope: CheckScope): Promise<number> {
  const cfg = ctx.file.outliers ?? {};
  const periods = scope.periods && scope.periods.length ? `f.period_id IN (${intList(scope.periods)})` : 'true';
  const units = scope.units && scope.units.length ? `f.unit_id IN (${intList(scope.units)})` : 'true';
  await db.run('DROP TABLE IF EXISTS chk_out_flag');
  await db.run(`CREATE TEMP TABLE chk_out_flag AS SELECT ${COLS} FROM flag WHERE false`);
  await db.run(`CREATE OR REPLACE TEMP MACRO chk_en(x) AS regexp_replace(regexp_replace(format('{:,.2f}', round(x, 2)), '\\.00$', ''), '(\\.\\d)0$', '\\1')`);
  await db.run(`CREATE OR REPLACE TEMP MACRO chk_vi(x) AS translate(chk_en(x), ',.', '.,')`);

  const peer = cfg.peer;
  if (peer && Object.keys(peer.kinds ?? {}).length) {
    const th = Number(peer.threshold ?? 3.5);
    const vars = (f: string) => ({ value: `${f}(value)`, median: `${f}(raw_median)`, mad: `${f}(mad)`, n: 'CAST(n AS VARCHAR)', z: `${f}(z)`, threshold: `${f}(${th})` });
    await db.run(`INSERT INTO chk_out_flag
      WITH k(kind, tr) AS (VALUES ${kindsSql(peer.kinds)}),
      x AS (
        SELECT f.document_id, f.unit_id, f.period_id, u.level, i.code, any_value(k.tr) AS tr, min(f.value) AS value, min(f.line) AS line
        FROM current_fact f JOIN indicator i USING (indicator_id) JOIN k ON k.kind = i.kind JOIN unit u ON u.unit_id = f.unit_id
        WHERE f.status = 'reported' AND ${periods}
        GROUP BY f.document_id, f.unit_id, f.period_id, u.level, i.code),
      t AS (SELECT x.*, CASE WHEN x.tr = 'log1p' THEN ln(1 + greatest(x.value, 0)) ELSE x.value END AS tv FROM x),
      m AS (SELECT period_id, level, code, median(tv) AS med, median(value) AS raw_median, count(*) AS n FROM t GROUP BY ALL
            HAVING count(*) >= ${Number(peer.min_peers ?? 8)}),
      d AS (SELECT t.period_id, t.level, t.code, median(abs(t.tv - m.med)) AS mad, avg(abs(t.tv - m.med)) AS meanad
            FROM t JOIN m USING (period_id, level, code) GROUP BY ALL),
      s AS (SELECT t.*, m.med, m.n, m.raw_median, d.mad, d.meanad, ${zSql('t.tv')} AS z
            FROM t JOIN m USING (period_id, level, code) JOIN d USING (period_id, level, code))
      SELECT left(md5('outlier_peer|outlier.peer.' || code || '|' || unit_id || '|' || period_id || '|' || code), 20),
        'outlier_peer', ${q(peer.severity ?? 'info')}, 'outlier.peer.' || code, unit_id, period_id, document_id,
        CAST(to_json([code]) AS VARCHAR), CAST(to_json(map([code], [value])) AS VARCHAR),
        CAST(json_object('operator', 'abs(z)<=', 'bound', ${th}, 'median', raw_median) AS VARCHAR),
        CAST(json_object('method', 'modified_z', 'scale', CASE WHEN tr = 'log1p' THEN 'log1p' ELSE 'raw' END, 'median', raw_median,
          'median_scaled', med, 'mad', mad, 'mean_abs_deviation', meanad, 'peers', n, 'level', level, 'z', round(z, 3), 'threshold', ${th}) AS VARCHAR),
        ${tplSql(peer.message_vi, vars('chk_vi'))}, ${tplSql(peer.message_en, vars('chk_en'))}, line
      FROM s WHERE abs(z) > ${th}`);
  }

  const trend = cfg.trend;
  if (trend && Object.keys(trend.kinds ?? {}).length) {
    const th = Number(trend.threshold ?? 3.5);
    const vars = (f: string) => ({ value: `${f}(value)`, median: `${f}(raw_median)`, mad: `${f}(mad)`, z: `${f}(z)`, threshold: `${f}(${th})`,
      history: `array_to_string(list_transform(list_zip(hist_years, hist), p -> CAST(p[1] AS VARCHAR) || ': ' || ${f}(p[2])), ', ')` });
    // Materialised once: the history pairs feed both the median and the MAD.
    await db.run('DROP TABLE IF EXISTS chk_trend_pairs');
    await db.run(`CREATE TEMP TABLE chk_trend_pairs AS
      WITH k(kind, tr) AS (VALUES ${kindsSql(trend.kinds)}),
      x AS (
        SELECT f.unit_id, f.period_id, p.year, p.kind AS pkind, i.code, any_value(k.tr) AS tr,
               arg_min(f.document_id, f.row_no) AS document_id, min(f.value) AS value, min(f.line) AS line
        FROM current_fact f JOIN indicator i USING (indicator_id) JOIN k ON k.kind = i.kind JOIN period p ON p.period_id = f.period_id
        WHERE f.status = 'reported' AND ${units}
        GROUP BY f.unit_id, f.period_id, p.year, p.kind, i.code),
      t AS (SELECT *, CASE WHEN tr = 'log1p' THEN ln(1 + greatest(value, 0)) ELSE value END AS tv FROM x)
      SELECT c.unit_id, c.period_id, c.code, c.year, c.pkind, c.value, c.tv, c.line, c.document_id, o.year AS oyear, o.value AS ovalue, o.tv AS otv
      FROM t c JOIN t o ON o.unit_id = c.unit_id AND o.code = c.code AND o.pkind = c.pkind AND o.year < c.year
        AND o.year >= c.year - ${Number(trend.max_history ?? 5)}`);
    await db.run('DROP TABLE IF EXISTS chk_trend_h');
    await db.run(`CREATE TEMP TABLE chk_trend_h AS
      SELECT unit_id, period_id, code, any_value(year) AS year, any_value(pkind) AS pkind, any_value(value) AS value, any_value(tv) AS tv,
             any_value(line) AS line, any_value(document_id) AS document_id, median(otv) AS med, median(ovalue) AS raw_median, count(*) AS n,
             list(ovalue ORDER BY oyear) AS hist, list(oyear ORDER BY oyear) AS hist_years
      FROM chk_trend_pairs GROUP BY unit_id, period_id, code HAVING count(*) >= ${Number(trend.min_history ?? 3)}`);
    await db.run(`INSERT INTO chk_out_flag
      WITH h AS (SELECT * FROM chk_trend_h),
      d AS (SELECT p.unit_id, p.period_id, p.code, median(abs(p.otv - h.med)) AS mad, avg(abs(p.otv - h.med)) AS meanad
            FROM chk_trend_pairs p JOIN h USING (unit_id, period_id, code) GROUP BY ALL),
      s AS (SELECT h.*, d.mad, d.meanad, ${zSql('h.tv')} AS z FROM h JOIN d USING (unit_id, period_id, code))
      SELECT left(md5('outlier_trend|outlier.trend.' || code || '|' || unit_id || '|' || period_id || '|' || code), 20),
        'outlier_trend', ${q(trend.severity ?? 'info')}, 'outlier.trend.' || code, unit_id, period_id, document_id,
        CAST(to_json([code]) AS VARCHAR), CAST(to_json(map([code], [value])) AS VARCHAR),
        CAST(json_object('operator', 'abs(z)<=', 'bound', ${th}, 'median', raw_median) AS VARCHAR),
        CAST(json_object('method', 'modified_z', 'median', raw_median, 'mad', mad, 'mean_abs_deviation', meanad, 'z', round(z, 3), 'threshold', ${th},
          'history', list_transform(list_zip(hist_years, hist), p -> {'year': p[1], 'kind': pkind, 'value': p[2]})) AS VARCHAR),
        ${tplSql(trend.message_vi, vars('chk_vi'))}, ${tplSql(trend.message_en, vars('chk_en'))}, line
      FROM s WHERE abs(z) > ${th} AND abs(value - raw_median) > ${Number(trend.min_relative_change ?? 0.5)} * greatest(abs(raw_median), 1)`);
  }
  const [c] = await db.all<{ n: number }>('SELECT count(*) AS n FROM chk_out_flag');
  return Number(c.n);
}
