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
    for (const e of catalogue.indicators) {
      if (!e || typeof e.code !== 'string' || !e.code) throw new Error('Danh mục: chỉ tiêu thiếu mã / catalogue: an indicator has no code');
      if (seen.has(e.code)) throw new Error(`Danh mục: mã trùng ${e.code} / catalogue: duplicate code ${e.code}`);
      seen.add(e.code);
      const values = [
        e.code,
        e.area,
        e.name_vi,
        e.name_en ?? e.name_vi,
        e.uom ?? null,
        e.kind,
        e.numerator ?? null,
        e.denominator ?? null,
        e.aggregation,
        e.cumulative === true,
        e.parent ?? null,
        e.required === true,
        JSON.stringify(e)
      ];
      const id = existing.get(e.code);
      try {
        if (id === undefined) {
          await tx.run(
            `INSERT INTO indicator (indicator_id, code, area, name_vi, name_en, uom, kind, numerator, denominator, aggregation, cumulative, parent, required, definition)
             VALUES ($14, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
            [...values, nextId++]
          );
        } else {
          await tx.run(
            `UPDATE indicator SET area = $2, name_vi = $3, name_en = $4, uom = $5, kind = $6, numerator = $7, denominator = $8,
               aggregation = $9, cumulative = $10, parent = $11, required = $12, definition = $13
             WHERE code = $1`,
            values
          );
        }
      } catch (err) {
        throw new Error(`Danh mục: không ghi được chỉ tiêu ${e.code} / catalogue: cannot store indicator ${e.code}: ${(err as Error).message}`);
      }
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
