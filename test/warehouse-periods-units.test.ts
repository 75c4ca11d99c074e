import { afterAll, describe, expect, it } from 'vitest';
import { closeAllWarehouses } from '../warehouse/db.ts';
import { describePeriod, formatPeriodArg, fromPeriodId, parsePeriod, PERIOD_KINDS, periodId } from '../warehouse/periods.ts';
import { cleanName, unitNameKey, upsertUnit } from '../warehouse/units.ts';
import { fixtureWarehouse } from './warehouse-helpers.ts';

afterAll(() => closeAllWarehouses());

describe('periods', () => {
  it('ids order the periods of a year by their end', () => {
    expect(PERIOD_KINDS.map((k) => periodId(2024, k))).toEqual([202401, 202402, 202403, 202404, 202405, 202406, 202407]);
    const ends = PERIOD_KINDS.map((k) => describePeriod(2024, k).window_end);
    expect([...ends].sort()).toEqual(ends);
    expect(fromPeriodId(202405)).toEqual({ year: 2024, kind: '9M' });
    expect(fromPeriodId(202408)).toBeNull();
  });

  it('windows follow Công văn 581 (15/12 of the previous year .. 14/x) and deadlines the 20th', () => {
    const w = (k: Parameters<typeof describePeriod>[1]) => {
      const p = describePeriod(2024, k);
      return [p.window_start, p.window_end, p.deadline];
    };
    expect(w('Q1')).toEqual(['2023-12-15', '2024-03-14', '2024-03-20']);
    expect(w('H1')).toEqual(['2023-12-15', '2024-06-14', '2024-06-20']);
    expect(w('Q3')).toEqual(['2024-06-15', '2024-09-14', '2024-09-20']);
    expect(w('year')).toEqual(['2023-12-15', '2024-12-14', '2024-12-20']);
    expect(w('Q2')).toEqual(['2024-03-15', '2024-06-14', '2024-06-20']);
    expect(w('9M')).toEqual(['2023-12-15', '2024-09-14', '2024-09-20']);
    expect(w('Q4')).toEqual(['2024-09-15', '2024-12-14', '2024-12-20']);
    // quarters tile the statistical year without gaps
    const qs = (['Q1', 'Q2', 'Q3', 'Q4'] as const).map((k) => describePeriod(2024, k));
    for (let i = 1; i < 4; i++) {
      const prevEnd = new Date(qs[i - 1].window_end);
      prevEnd.setUTCDate(prevEnd.getUTCDate() + 1);
      expect(prevEnd.toISOString().slice(0, 10)).toBe(qs[i].window_start);
    }
  });

  it('labels in Vietnamese and English', () => {
    expect(PERIOD_KINDS.map((k) => describePeriod(2024, k).label_vi)).toEqual([
      'Quý I/2024', 'Quý II/2024', '6 tháng đầu năm 2024', 'Quý III/2024', '9 tháng năm 2024', 'Quý IV/2024', 'Năm 2024'
    ]);
    expect(describePeriod(2024, 'H1').label_en).toBe('H1 2024');
    expect(describePeriod(2024, 'year').label_en).toBe('Year 2024');
  });

  it('parses and formats the CLI period argument', () => {
    const cases: [string, string | null][] = [
      ['2024-Q1', '2024-Q1'], ['2024-H1', '2024-H1'], ['2024-9M', '2024-9M'], ['2024', '2024'], ['Q3/2024', '2024-Q3'],
      ['Quý IV/2024', '2024-Q4'], ['quý ii năm 2023', '2023-Q2'], ['6 tháng đầu năm 2023', '2023-H1'], ['9T/2022', '2022-9M'],
      ['năm 2021', '2021'], ['202402', '2024-Q2'], ['2024-Q5', null], ['Q1', null], ['hello 2024', null], ['202409', null]
    ];
    for (const [text, want] of cases) {
      const p = parsePeriod(text);
      expect(p ? formatPeriodArg(p.year, p.kind) : null, text).toBe(want);
    }
    for (const k of PERIOD_KINDS) expect(parsePeriod(formatPeriodArg(2030, k))).toEqual({ year: 2030, kind: k });
  });

  it('rejects impossible years and kinds', () => {
    expect(() => describePeriod(24, 'Q1')).toThrow(/year/);
    expect(() => describePeriod(2024, 'Q9' as never)).toThrow(/kind/);
  });
});

describe('units', () => {
  it('the name key tolerates case, diacritics-preserving spacing, markup and the province prefix', () => {
    const k = unitNameKey('Sở Khoa học và Công nghệ', 'Sơn La');
    expect(k).toBe('so khoa hoc va cong nghe|son la');
    expect(unitNameKey('**SỞ KHOA HỌC  VÀ CÔNG NGHỆ**', 'tỉnh Sơn La')).toBe(k);
    expect(unitNameKey('<b>Sở Khoa học và Công nghệ</b>', 'TỈNH SƠN LA')).toBe(k);
    expect(unitNameKey('Sở Khoa học và Công nghệ', 'Sóc Trăng')).not.toBe(k);
    expect(unitNameKey('UBND xã Đồng Tâm', null)).toBe('ubnd xa dong tam|');
    expect(unitNameKey('Sở Nội vụ', 'TP. Cần Thơ')).toBe(unitNameKey('Sở Nội vụ', 'thành phố Cần Thơ'));
    expect(cleanName('  <i>Ban Quản lý</i> các KCN, ')).toBe('Ban Quản lý các KCN');
  });

  it('upsertUnit finds the same unit again and keeps province-level twins apart', async () => {
    const wh = await fixtureWarehouse();
    const a = await upsertUnit(wh, { name: 'Sở Nội vụ', level: 'other', province: 'tỉnh Sơn La' });
    const b = await upsertUnit(wh, { name: 'SỞ NỘI VỤ', level: 'province-dept', province: 'Sơn La', kind: 'Sở' });
    const c = await upsertUnit(wh, { name: 'Sở Nội vụ', level: 'province-dept', province: 'Bắc Kạn' });
    expect(b).toBe(a);
    expect(c).not.toBe(a);
    const rows = await wh.all('SELECT unit_id, name, level, kind, province, valid_from, valid_to, successor_id FROM unit ORDER BY unit_id');
    expect(rows).toEqual([
      // the first spelling is kept; an unknown level/kind is filled in when a later report says it
      { unit_id: a, name: 'Sở Nội vụ', level: 'province-dept', kind: 'Sở', province: 'Sơn La', valid_from: null, valid_to: null, successor_id: null },
      { unit_id: c, name: 'Sở Nội vụ', level: 'province-dept', kind: null, province: 'Bắc Kạn', valid_from: null, valid_to: null, successor_id: null }
    ]);
    await expect(upsertUnit(wh, { name: ' <b></b> ', level: 'commune', province: null })).rejects.toThrow(/name/);
  });
});
