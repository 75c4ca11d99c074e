/**
 * Statistical outliers, set-based in SQL; flags are formatted in SQL into temp table chk_out_flag.
 * - outlier_peer: modified z-score 0.6745 * (x - median) / MAD among units of the same level in the same
 *   period, per indicator (Iglewicz & Hoaglin); needs a minimum number of peers. When MAD = 0 (more than
 *   half the peers report the same value) the mean absolute deviation is used instead
 *   (z = (x - median) / (1.253314 * meanAD)); when that is 0 too, all peers agree and nothing fires.
 * - outlier_trend: the same score against the unit's own history of the same period kind in earlier
 *   years (Q1 vs earlier Q1s, year vs earlier years), with a minimum history length, and only when the
 *   value also moved by a minimum relative change, so a near-constant history does not make every wiggle fire.
 *   The history is laid out as one row per (unit, indicator, period kind) with a column per year; only
 *   values beyond their history's extremes by the minimum change go on to medians and MADs.
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

/**
 * The facts the statistics use: one value per (report, indicator), reported; an indicator reported
 * twice in a report counts once (its agreed value), or not at all when its rows disagree
 * (chk_dup, written by the document pass).
 */
export function baseFactsSql(where: string): string {
  return `SELECT f.document_id, f.unit_id, f.period_id, f.indicator_id, f.value, f.line
      FROM current_fact f ANTI JOIN chk_dup USING (document_id, indicator_id) WHERE f.status = 'reported' AND ${where}
    UNION ALL
    SELECT f.document_id, f.unit_id, f.period_id, f.indicator_id, f.value, f.line FROM chk_dup f WHERE f.value IS NOT NULL AND ${where}`;
}

/** Creates chk_out_flag (columns of `flag`) with the outlier flags for the scope; returns their number. */
export async function outlierFlags(db: CheckDb, ctx: CheckContext, scope: CheckScope, profile: (s: string, t: number) => void = () => {}): Promise<number> {
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
    const t0 = performance.now();
    // Three passes over the facts, none of them materialised: group medians, group MADs, flags.
    const b = (extra: string) => `WITH k(kind, tr) AS (VALUES ${kindsSql(peer.kinds)}),
      b AS (SELECT f.period_id, u.level, f.indicator_id, k.tr, f.value${extra},
                   CASE WHEN k.tr = 'log1p' THEN ln(1 + greatest(f.value, 0)) ELSE f.value END AS tv
            FROM (${baseFactsSql(periods)}) f JOIN indicator i USING (indicator_id) JOIN k ON k.kind = i.kind JOIN unit u ON u.unit_id = f.unit_id)`;
    await db.run('DROP TABLE IF EXISTS chk_peer_stat');
    await db.run(`CREATE TEMP TABLE chk_peer_stat AS ${b('')}
      SELECT period_id, level, indicator_id, any_value(tr) AS tr, median(tv) AS med, median(value) AS raw_median, count(*) AS n
      FROM b GROUP BY period_id, level, indicator_id HAVING count(*) >= ${Number(peer.min_peers ?? 8)}`);
    profile('outliers: peer medians', t0);
    const t1 = performance.now();
    await db.run('DROP TABLE IF EXISTS chk_peer_mad');
    await db.run(`CREATE TEMP TABLE chk_peer_mad AS ${b('')}
      SELECT b.period_id, b.level, b.indicator_id, median(abs(b.tv - s.med)) AS mad, avg(abs(b.tv - s.med)) AS meanad
      FROM b JOIN chk_peer_stat s USING (period_id, level, indicator_id) GROUP BY b.period_id, b.level, b.indicator_id`);
    profile('outliers: peer MADs', t1);
    const t2 = performance.now();
    const vars = (f: string) => ({ value: `${f}(value)`, median: `${f}(raw_median)`, mad: `${f}(mad)`, n: 'CAST(n AS VARCHAR)', z: `${f}(z)`, threshold: `${f}(${th})` });
    await db.run(`INSERT INTO chk_out_flag
      ${b(', f.document_id, f.unit_id, f.line')},
      s AS (SELECT b.*, i.code, st.med, st.n, st.raw_median, d.mad, d.meanad, ${zSql('b.tv')} AS z
            FROM b JOIN chk_peer_stat st USING (period_id, level, indicator_id) JOIN chk_peer_mad d USING (period_id, level, indicator_id)
            JOIN indicator i ON i.indicator_id = b.indicator_id)
      SELECT left(md5('outlier_peer|outlier.peer.' || code || '|' || unit_id || '|' || period_id || '|' || code), 20),
        'outlier_peer', ${q(peer.severity ?? 'info')}, 'outlier.peer.' || code, unit_id, period_id, document_id,
        CAST(to_json([code]) AS VARCHAR), CAST(to_json(map([code], [value])) AS VARCHAR),
        CAST(json_object('operator', 'abs(z)<=', 'bound', ${th}, 'median', raw_median) AS VARCHAR),
        CAST(json_object('method', 'modified_z', 'scale', CASE WHEN tr = 'log1p' THEN 'log1p' ELSE 'raw' END, 'median', raw_median,
          'median_scaled', med, 'mad', mad, 'mean_abs_deviation', meanad, 'peers', n, 'level', level, 'z', round(z, 3), 'threshold', ${th}) AS VARCHAR),
        ${tplSql(peer.message_vi, vars('chk_vi'))}, ${tplSql(peer.message_en, vars('chk_en'))}, line
      FROM s WHERE abs(z) > ${th}`);
    profile('outliers: peer flags', t2);
  }

  const trend = cfg.trend;
  if (trend && Object.keys(trend.kinds ?? {}).length) {
    const t0 = performance.now();
    const th = Number(trend.threshold ?? 3.5);
    const maxH = Number(trend.max_history ?? 5);
    const minH = Number(trend.min_history ?? 3);
    const mrc = Number(trend.min_relative_change ?? 0.5);
    const years = (await db.all<{ y: number }>('SELECT DISTINCT CAST(year AS INTEGER) AS y FROM period ORDER BY 1')).map((r) => Number(r.y));
    const yset = new Set(years);
    // One row per (unit, indicator, period kind) with a column per year: the unit's history side by side,
    // instead of a self-join of every value with its earlier years.
    const col = (y: number) => `y_${y}`;
    const hist = (y: number) => Array.from({ length: maxH }, (_, k) => y - 1 - k).filter((x) => yset.has(x));
    // A value can only jump by the minimum relative change if it lies beyond the bound of its history's
    // lowest (highest) value: a cheap necessary condition that leaves the medians to the few candidates.
    // (bound(r) = r ± mrc * max(|r|, 1) is increasing in r for mrc < 1.)
    const candOf = (y: number) => {
      const h = hist(y);
      if (h.length < minH) return 'false';
      const n = h.map((x) => `(${col(x)} IS NOT NULL)::INTEGER`).join(' + ');
      const lo = `least(${h.map(col).join(', ')})`, hi = `greatest(${h.map(col).join(', ')})`;
      const jump = mrc < 1 ? ` AND (${col(y)} > ${lo} + ${mrc} * greatest(abs(${lo}), 1) OR ${col(y)} < ${hi} - ${mrc} * greatest(abs(${hi}), 1))` : '';
      return `(${col(y)} IS NOT NULL AND ${n} >= ${minH}${jump})`;
    };
    const withCand = years.filter((y) => hist(y).length >= minH);
    await db.run('DROP TABLE IF EXISTS chk_trend_pairs');
    await db.run(`CREATE TEMP TABLE chk_trend_pairs (unit_id INTEGER, indicator_id INTEGER, pkind VARCHAR, year INTEGER, value DOUBLE, oyear INTEGER, ovalue DOUBLE)`);
    if (withCand.length) {
      await db.run(`INSERT INTO chk_trend_pairs
        WITH k(kind, tr) AS (VALUES ${kindsSql(trend.kinds)}),
        b AS (SELECT f.unit_id, f.indicator_id, p.kind AS pkind, p.year, f.value
              FROM (${baseFactsSql(units)}) f JOIN period p ON p.period_id = f.period_id JOIN indicator i ON i.indicator_id = f.indicator_id
              JOIN k ON k.kind = i.kind),
        piv AS (SELECT unit_id, indicator_id, pkind, ${years.map((y) => `min(value) FILTER (WHERE year = ${y}) AS ${col(y)}`).join(', ')}
                FROM b GROUP BY unit_id, indicator_id, pkind),
        c AS (SELECT unit_id, indicator_id, pkind,
                unnest([${withCand.join(', ')}]) AS year,
                unnest([${withCand.map((y) => col(y)).join(', ')}]) AS value,
                unnest([${withCand.map((y) => candOf(y)).join(', ')}]) AS cand,
                unnest([${withCand.map((y) => `[${hist(y).join(', ')}]`).join(', ')}]) AS oyears,
                unnest([${withCand.map((y) => `[${hist(y).map(col).join(', ')}]::DOUBLE[]`).join(', ')}]) AS ovalues
              FROM piv WHERE ${withCand.map((y) => candOf(y)).join(' OR ')})
        SELECT unit_id, indicator_id, pkind, year, value, oyear, ovalue
        FROM (SELECT unit_id, indicator_id, pkind, year, value, unnest(oyears) AS oyear, unnest(ovalues) AS ovalue FROM c WHERE cand)
        WHERE ovalue IS NOT NULL`);
    }
    profile('outliers: trend candidates', t0);
    const t1 = performance.now();
    const vars = (f: string) => ({ value: `${f}(value)`, median: `${f}(raw_median)`, mad: `${f}(mad)`, z: `${f}(z)`, threshold: `${f}(${th})`,
      history: `array_to_string(list_transform(list_zip(hist_years, hist), p -> CAST(p[1] AS VARCHAR) || ': ' || ${f}(p[2])), ', ')` });
    // The flagged values first (few), then one selective pass for their report and line.
    await db.run('DROP TABLE IF EXISTS chk_trend_fl');
    await db.run(`CREATE TEMP TABLE chk_trend_fl AS
      WITH k(kind, tr) AS (VALUES ${kindsSql(trend.kinds)}),
      t AS (SELECT c.*, i.code, k.tr,
                   CASE WHEN k.tr = 'log1p' THEN ln(1 + greatest(c.value, 0)) ELSE c.value END AS tv,
                   CASE WHEN k.tr = 'log1p' THEN ln(1 + greatest(c.ovalue, 0)) ELSE c.ovalue END AS otv
            FROM chk_trend_pairs c JOIN indicator i ON i.indicator_id = c.indicator_id JOIN k ON k.kind = i.kind),
      h AS (SELECT unit_id, indicator_id, year, pkind, any_value(code) AS code, any_value(value) AS value, any_value(tv) AS tv,
                   median(otv) AS med, median(ovalue) AS raw_median, count(*) AS n,
                   list(ovalue ORDER BY oyear) AS hist, list(oyear ORDER BY oyear) AS hist_years
            FROM t GROUP BY unit_id, indicator_id, year, pkind HAVING count(*) >= ${minH}),
      d AS (SELECT t.unit_id, t.indicator_id, t.year, t.pkind, median(abs(t.otv - h.med)) AS mad, avg(abs(t.otv - h.med)) AS meanad
            FROM t JOIN h USING (unit_id, indicator_id, year, pkind) GROUP BY ALL),
      s AS (SELECT h.*, d.mad, d.meanad, ${zSql('h.tv')} AS z, p.period_id
            FROM h JOIN d USING (unit_id, indicator_id, year, pkind) JOIN period p ON p.year = h.year AND p.kind = h.pkind)
      SELECT * FROM s WHERE abs(z) > ${th} AND abs(value - raw_median) > ${mrc} * greatest(abs(raw_median), 1)`);
    await db.run(`INSERT INTO chk_out_flag
      WITH src AS (SELECT f.unit_id, f.period_id, f.indicator_id, arg_min(f.document_id, f.line) AS document_id, min(f.line) AS line
              FROM (${baseFactsSql(`${units} AND f.period_id IN (SELECT DISTINCT period_id FROM chk_trend_fl) AND f.unit_id IN (SELECT DISTINCT unit_id FROM chk_trend_fl)`)}) f
              SEMI JOIN chk_trend_fl fl ON fl.unit_id = f.unit_id AND fl.period_id = f.period_id AND fl.indicator_id = f.indicator_id
              GROUP BY ALL)
      SELECT left(md5('outlier_trend|outlier.trend.' || code || '|' || fl.unit_id || '|' || fl.period_id || '|' || code), 20),
        'outlier_trend', ${q(trend.severity ?? 'info')}, 'outlier.trend.' || code, fl.unit_id, fl.period_id, src.document_id,
        CAST(to_json([code]) AS VARCHAR), CAST(to_json(map([code], [value])) AS VARCHAR),
        CAST(json_object('operator', 'abs(z)<=', 'bound', ${th}, 'median', raw_median) AS VARCHAR),
        CAST(json_object('method', 'modified_z', 'median', raw_median, 'mad', mad, 'mean_abs_deviation', meanad, 'z', round(z, 3), 'threshold', ${th},
          'history', list_transform(list_zip(hist_years, hist), p -> {'year': p[1], 'kind': pkind, 'value': p[2]})) AS VARCHAR),
        ${tplSql(trend.message_vi, vars('chk_vi'))}, ${tplSql(trend.message_en, vars('chk_en'))}, src.line
      FROM chk_trend_fl fl JOIN src ON src.unit_id = fl.unit_id AND src.period_id = fl.period_id AND src.indicator_id = fl.indicator_id`);
    profile('outliers: trend flags', t1);
  }
  const [c] = await db.all<{ n: number }>('SELECT count(*) AS n FROM chk_out_flag');
  return Number(c.n);
}
