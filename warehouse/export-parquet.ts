/**
 * Exports the star schema as Parquet, the path to larger engines (Spark, Trino, Polars, DuckDB):
 *   DIR/unit.parquet, period.parquet, indicator.parquet, document.parquet (without source_text),
 *   review_row.parquet, narrative_statement.parquet,
 *   DIR/fact/year=YYYY/*.parquet  (hive partitioning by the period's year).
 * fact carries every version with a boolean `current` (true = what analytics see, like view
 * current_fact). Everything is read in one transaction so the files are one consistent snapshot.
 * Re-exporting into the same DIR replaces the files (the fact/ partitions are rewritten).
 */
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Warehouse } from './db.ts';

export interface ExportResult {
  dir: string;
  tables: Record<string, number>;
  years: number[];
}

/** COPY targets cannot be bound as parameters: the path is quoted as a SQL string literal. */
function lit(path: string): string {
  return `'${path.replace(/'/g, "''")}'`;
}

const TABLES: [string, string][] = [
  ['unit', 'SELECT * FROM unit ORDER BY unit_id'],
  ['period', 'SELECT * FROM period ORDER BY period_id'],
  ['indicator', 'SELECT * EXCLUDE (definition), CAST(definition AS VARCHAR) AS definition FROM indicator ORDER BY indicator_id'],
  ['document', 'SELECT * EXCLUDE (source_text, messages), CAST(messages AS VARCHAR) AS messages FROM document ORDER BY document_id'],
  ['review_row', 'SELECT * EXCLUDE (section, candidates), CAST(section AS VARCHAR) AS section, CAST(candidates AS VARCHAR) AS candidates FROM review_row ORDER BY document_id, row_no'],
  ['narrative_statement', 'SELECT * FROM narrative_statement ORDER BY document_id, line']
];

export async function exportParquet(wh: Warehouse, dir: string): Promise<ExportResult> {
  const out = resolve(dir);
  mkdirSync(out, { recursive: true });
  return wh.transaction(async (tx) => {
    const tables: Record<string, number> = {};
    for (const [name, sql] of TABLES) {
      await tx.run(`COPY (${sql}) TO ${lit(join(out, `${name}.parquet`))} (FORMAT parquet)`);
      const [r] = await tx.all<{ n: number }>(`SELECT count(*) AS n FROM (${sql})`);
      tables[name] = r.n;
    }
    const factDir = join(out, 'fact');
    // Partitions of an earlier export would otherwise survive next to the new ones.
    if (existsSync(factDir)) rmSync(factDir, { recursive: true, force: true });
    mkdirSync(factDir, { recursive: true });
    const factSql = `SELECT f.*, d.status = 'current' AS current, p.year
                     FROM fact f JOIN document d USING (document_id) JOIN period p ON p.period_id = f.period_id
                     ORDER BY p.year, f.unit_id, f.period_id, f.indicator_id`;
    const [fc] = await tx.all<{ n: number }>(`SELECT count(*) AS n FROM (${factSql})`);
    if (fc.n > 0) {
      await tx.run(`COPY (${factSql}) TO ${lit(factDir)} (FORMAT parquet, PARTITION_BY (year), OVERWRITE_OR_IGNORE)`);
    }
    tables.fact = fc.n;
    const years = (await tx.all<{ year: number }>(`SELECT DISTINCT p.year FROM fact f JOIN period p USING (period_id) ORDER BY 1`)).map((r) => r.year);
    return { dir: out, tables, years };
  });
}
