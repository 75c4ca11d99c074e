/**
 * The unit dimension. A unit is identified by its name AND its province: "Sở Nội vụ" of Sơn La and
 * "Sở Nội vụ" of Sóc Trăng are different units. The key tolerates what differs between two reports
 * of the same agency: diacritics and case, spacing, leftover markup (<b>, **), punctuation, and
 * "tỉnh Sơn La" vs "Sơn La" vs "TP. Cần Thơ". valid_from/valid_to/successor_id stay in the table
 * for the 2025 restructuring (set by hand or by a later mapping step, never guessed here).
 */
import type { UnitLevel, UnitRef } from '../loaders/types.ts';
import type { Warehouse } from './db.ts';
import { foldVietnamese } from './text-fold.ts';

const LEVELS: UnitLevel[] = ['province', 'province-dept', 'district', 'commune', 'other'];

/** Removes HTML tags, Markdown emphasis, quotes and stray punctuation; single spaces. */
export function cleanName(name: string): string {
  return name
    .normalize('NFC')
    .replace(/<[^>]*>/g, ' ')
    .replace(/[*_`#"“”'‘’]+/g, ' ')
    .replace(/\s+/g, ' ')
    .replace(/^[\s,.;:\-–]+|[\s,.;:\-–]+$/g, '')
    .trim();
}

/** Folded province name without its administrative prefix: "tỉnh Sơn La", "SƠN LA" -> "son la". */
export function provinceKey(province: string | null | undefined): string {
  if (!province) return '';
  let p = foldVietnamese(cleanName(province)).replace(/[.,]/g, ' ').replace(/\s+/g, ' ').trim();
  p = p.replace(/^(tinh|thanh pho truc thuoc trung uong|thanh pho|tp)\s+/, '');
  return p;
}

/** The matching key: folded name (punctuation and spacing normalised) + '|' + province key. */
export function unitNameKey(name: string, province: string | null | undefined): string {
  const n = foldVietnamese(cleanName(name))
    .replace(/[.,;:()]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return `${n}|${provinceKey(province)}`;
}

/** Province name as stored: cleaned, without "tỉnh"/"thành phố" prefix. */
function provinceDisplay(province: string | null | undefined): string | null {
  if (!province) return null;
  const c = cleanName(province).replace(/^(tỉnh|thành phố|tp\.?)\s+/i, '');
  return c || null;
}

/** Finds or creates the unit of a report; returns its id. Fills kind/level when they were unknown. */
export async function upsertUnit(wh: Warehouse, ref: UnitRef): Promise<number> {
  const name = cleanName(ref.name ?? '');
  if (!name) throw new Error('Thiếu tên đơn vị báo cáo / the reporting unit has no name');
  const level: UnitLevel = LEVELS.includes(ref.level) ? ref.level : 'other';
  const key = unitNameKey(name, ref.province);
  const found = await wh.all<{ unit_id: number; level: string; kind: string | null }>(
    'SELECT unit_id, level, kind FROM unit WHERE name_key = $1',
    [key]
  );
  if (found.length) {
    const u = found[0];
    if ((u.level === 'other' && level !== 'other') || (!u.kind && ref.kind)) {
      await wh.run('UPDATE unit SET level = $2, kind = coalesce(kind, $3) WHERE unit_id = $1', [
        u.unit_id,
        u.level === 'other' ? level : u.level,
        ref.kind ?? null
      ]);
    }
    return u.unit_id;
  }
  const rows = await wh.all<{ unit_id: number }>(
    `INSERT INTO unit (name, name_key, level, kind, province) VALUES ($1, $2, $3, $4, $5) RETURNING unit_id`,
    [name, key, level, ref.kind ?? null, provinceDisplay(ref.province)]
  );
  return rows[0].unit_id;
}
