/** Value cells as written in Vietnamese reports: a table of tricky cells and what they must become. */
import { describe, expect, it } from 'vitest';
import { parseValue, parseLegend, readNumber } from '../loaders/parse-value.ts';

type Row = [raw: string, uom: string, value: number | null, status: string, doubtful: boolean, denominator?: number | null];

const cases: Row[] = [
  ['63,1%', '%', 63.1, 'reported', false],
  ['98,25', '%', 98.25, 'reported', false],
  ['85.000.000 đồng', 'Đồng', 85000000, 'reported', false],
  ['85.000.000', 'Triệu đồng', 85000000, 'reported', false],
  ['1.654', 'Văn bản', 1654, 'reported', false],
  ['1654', 'Văn bản', 1654, 'reported', false],
  ['1.5', '%', 1.5, 'reported', true],
  ['1.500', '%', 1.5, 'reported', true],
  ['1,654', 'Văn bản', 1654, 'reported', true],
  ['1.234,5', 'Triệu đồng', 1234.5, 'reported', false],
  ['02', 'Người', 2, 'reported', false],
  ['007', 'Hồ sơ', 7, 'reported', false],
  ['08/21', 'Người', 8, 'reported', false, 21],
  ['0/0', '%', null, 'undefined_rate', false, 0],
  ['5/19', '%', 26.32, 'reported', true, 19],
  ['0/0', 'Cuộc/người tham gia', 0, 'reported', true, 0],
  ['04/04', 'TTHC/KQ giải quyết', 4, 'reported', true, 4],
  ['21 nhiệm vụ cụ thể', 'Nhiệm vụ', 21, 'reported', false],
  ['Không', 'Có = 1; Không = 0', 0, 'reported', false],
  ['Có', 'Có = 1; Không = 0', 1, 'reported', false],
  ['Có', 'Không = 0\nCó = 1', 1, 'reported', false],
  ['1', 'Tốt = 1 Có vi phạm = 0', 1, 'reported', false],
  ['Có vi phạm', 'Tốt = 1 Có vi phạm = 0', 0, 'reported', false],
  ['Đã thực hiện', 'Đã thực hiện = 1 Chưa thực hiện = 0', 1, 'reported', false],
  ['Kết hợp', 'Trực tuyến = 0 Phát phiếu = 1 Kết hợp = 2', 2, 'reported', false],
  ['3', 'Trực tuyến = 0 Phát phiếu = 1 Kết hợp = 2', 3, 'reported', true],
  ['Không', 'Có/không', 0, 'reported', false],
  ['Có', '', 1, 'reported', true],
  ['Hoàn thành', '', null, 'text', false],
  ['Đang triển khai', 'Nhiệm vụ', null, 'text', false],
  ['', 'Người', null, 'empty', false],
  ['   ', '%', null, 'empty', false],
  ['-', '%', null, 'not_applicable', false],
  ['x', '', null, 'not_applicable', false],
  ['Không áp dụng', 'Người', null, 'not_applicable', false],
  ['150', '%', 150, 'reported', false],
  ['12 15', 'Người', 12, 'reported', true],
  ['1.2.3', 'Người', null, 'text', true]
];

describe('parseValue: tricky cells', () => {
  for (const [raw, uom, value, status, doubtful, den] of cases) {
    it(`${JSON.stringify(raw)} with unit ${JSON.stringify(uom)}`, () => {
      const p = parseValue(raw, uom);
      expect(p.value).toBe(value);
      expect(p.status).toBe(status);
      expect(p.doubtful).toBe(doubtful);
      if (den !== undefined) expect(p.denominator).toBe(den);
      if (doubtful) expect(p.reason).toBeTruthy();
    });
  }
  it('an empty cell is never zero', () => {
    for (const uom of ['', '%', 'Người', 'Có = 1; Không = 0']) expect(parseValue('', uom).value).toBeNull();
  });
});

describe('legends and numbers', () => {
  it('reads legends in the unit column', () => {
    expect(parseLegend('Trực tuyến = 0 Phát phiếu = 1 Kết hợp = 2')).toEqual([
      { key: 'Trực tuyến', code: 0 },
      { key: 'Phát phiếu', code: 1 },
      { key: 'Kết hợp', code: 2 }
    ]);
    expect(parseLegend('Chưa có = 0\n2 cấp = 1\n3 cấp = 2')?.map((l) => l.code)).toEqual([0, 1, 2]);
    expect(parseLegend('Người')).toBeNull();
  });
  it('reads numbers with Vietnamese separators', () => {
    expect(readNumber('1.000.000', false)?.value).toBe(1000000);
    expect(readNumber('12,5', true)?.value).toBe(12.5);
    expect(readNumber('abc', false)).toBeNull();
  });
});
