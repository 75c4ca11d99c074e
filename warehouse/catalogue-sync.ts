/**
 * Brings the `indicator` dimension in line with the catalogue (warehouse/catalogue/indicators.json).
 * Ids are stable: a code keeps its indicator_id forever (facts point at it); new codes get the next
 * free id; a code that disappears from the catalogue stays in the table (old facts still need it)
 * but is no longer updated. The whole catalogue entry is kept in `definition` (aliases, legend...).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Warehouse } from './db.ts';
import { sha256, warehouseDir } from './db.ts';

export interface CatalogueEntry {
  code: string;
  area: number;
  name_vi: string;
  name_en: string;
  uom?: string | null;
  kind: string;
  numerator?: string | null;
  denominator?: string | null;
  aggregation: string;
  cumulative?: boolean;
  parent?: string | null;
  required?: boolean;
  [k: string]: unknown;
}

export interface CatalogueFile {
  version?: string;
  indicators: CatalogueEntry[];
}

export function defaultCataloguePath(): string {
  const candidates = [join(warehouseDir(), 'catalogue', 'indicators.json'), resolve(process.cwd(), 'warehouse', 'catalogue', 'indicators.json')];
  return candidates.find((p) => existsSync(p)) ?? candidates[0];
}

/** Upserts every entry; returns the number of indicators in the catalogue. */
export async function syncCatalogue(wh: Warehouse, catalogue: CatalogueFile, hash = sha256(JSON.stringify(catalogue))): Promise<number> {
  if (!catalogue || !Array.isArray(catalogue.indicators)) {
    throw new Error('Danh mục chỉ tiêu không hợp lệ (thiếu "indicators") / invalid indicator catalogue (no "indicators" list)');
  }
  return wh.transaction(async (tx) => {
    const existing = new Map(
      (await tx.all<{ code: string; indicator_id: number }>('SELECT code, indicator_id FROM indicator')).map((r) => [r.code, r.indicator_id])
    );
    let nextId = Math.max(0, ...existing.values()) + 1;
    const seen = new Set<string>();
    const rows: Record<string, unknown>[] = [];
    for (const e of catalogue.indicators) {
      if (!e || typeof e.code !== 'string' || !e.code) throw new Error('Danh mục: chỉ tiêu thiếu mã / catalogue: an indicator has no code');
      if (seen.has(e.code)) throw new Error(`Danh mục: mã trùng ${e.code} / catalogue: duplicate code ${e.code}`);
      seen.add(e.code);
      rows.push({
        indicator_id: existing.get(e.code) ?? nextId++,
        is_new: !existing.has(e.code),
        code: e.code,
        area: e.area,
        name_vi: e.name_vi,
        name_en: e.name_en ?? e.name_vi,
        uom: e.uom ?? null,
        kind: e.kind,
        numerator: e.numerator ?? null,
        denominator: e.denominator ?? null,
        aggregation: e.aggregation,
        cumulative: e.cumulative === true,
        parent: e.parent ?? null,
        required: e.required === true,
        definition: JSON.stringify(e)
      });
    }
    // The whole catalogue travels as ONE JSON parameter (hundreds of single-row statements would
    // make every fresh warehouse slow to open); constraint violations still name the table rule.
    const shape = JSON.stringify({
      indicator_id: 'INTEGER', is_new: 'BOOLEAN', code: 'VARCHAR', area: 'INTEGER', name_vi: 'VARCHAR', name_en: 'VARCHAR',
      uom: 'VARCHAR', kind: 'VARCHAR', numerator: 'VARCHAR', denominator: 'VARCHAR', aggregation: 'VARCHAR',
      cumulative: 'BOOLEAN', parent: 'VARCHAR', required: 'BOOLEAN', definition: 'VARCHAR'
    });
    const src = `(SELECT unnest(from_json(CAST($1 AS JSON), '[${shape.replace(/'/g, "''")}]'), recursive := true))`;
    const payload = JSON.stringify(rows);
    try {
      await tx.run(
        `UPDATE indicator SET area = s.area, name_vi = s.name_vi, name_en = s.name_en, uom = s.uom, kind = s.kind,
           numerator = s.numerator, denominator = s.denominator, aggregation = s.aggregation, cumulative = s.cumulative,
           parent = s.parent, required = s.required, definition = CAST(s.definition AS JSON)
         FROM ${src} s WHERE NOT s.is_new AND indicator.code = s.code`,
        [payload]
      );
      await tx.run(
        `INSERT INTO indicator (indicator_id, code, area, name_vi, name_en, uom, kind, numerator, denominator, aggregation, cumulative, parent, required, definition)
         SELECT indicator_id, code, area, name_vi, name_en, uom, kind, numerator, denominator, aggregation, cumulative, parent, required, CAST(definition AS JSON)
         FROM ${src} s WHERE s.is_new ORDER BY indicator_id`,
        [payload]
      );
    } catch (err) {
      throw new Error(`Danh mục: không ghi được chỉ tiêu / catalogue: cannot store the indicators: ${(err as Error).message}`);
    }
    await tx.run(`INSERT OR REPLACE INTO warehouse_meta (key, value) VALUES ('catalogue_hash', $1)`, [hash]);
    return catalogue.indicators.length;
  });
}

/** Syncs from the catalogue file when its content changed since the last sync. No file: nothing to do. */
export async function syncCatalogueFromFile(wh: Warehouse, path = defaultCataloguePath()): Promise<{ synced: boolean; indicators: number }> {
  if (!existsSync(path)) return { synced: false, indicators: 0 };
  const text = readFileSync(path, 'utf8');
  const hash = sha256(text);
  const prev = await wh.all<{ value: string }>(`SELECT value FROM warehouse_meta WHERE key = 'catalogue_hash'`);
  if (prev[0]?.value === hash) return { synced: false, indicators: -1 };
  let parsed: CatalogueFile;
  try {
    parsed = JSON.parse(text) as CatalogueFile;
  } catch (e) {
    throw new Error(`Danh mục chỉ tiêu không đọc được (${path}) / indicator catalogue is not valid JSON (${path}): ${(e as Error).message}`);
  }
  const n = await syncCatalogue(wh, parsed, hash);
  return { synced: true, indicators: n };
}
