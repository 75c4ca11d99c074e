/** Unit and period recognition on varied report headers (written for this test, not taken from seeds). */
import { describe, expect, it } from 'vitest';
import { extractMetadata } from '../loaders/metadata.ts';

interface Case {
  name: string;
  text: string;
  unit: { name: string; level: string; province: string | null } | null;
  period: { year: number; kind: string } | null;
  reportNumber?: string | null;
  reportDate?: string | null;
}

const cases: Case[] = [
  {
    name: 'department, header block with number and place-date, quarter in title',
    text: `UBND TỈNH NGHỆ AN\nSỞ TƯ PHÁP\nSố: 215/BC-STP\nNghệ An, ngày 14 tháng 6 năm 2024\n\nBÁO CÁO\nKết quả thực hiện công tác cải cách hành chính quý II năm 2024\n\nSở Tư pháp báo cáo kết quả thực hiện như sau:\nI. CÔNG TÁC CHỈ ĐẠO\n`,
    unit: { name: 'Sở Tư pháp', level: 'province-dept', province: 'Nghệ An' },
    period: { year: 2024, kind: 'Q2' },
    reportNumber: '215/BC-STP',
    reportDate: '2024-06-14'
  },
  {
    name: 'six months, province from "tỉnh X" in the first sentence',
    text: `BÁO CÁO\nTình hình thực hiện cải cách hành chính 6 tháng đầu năm 2023\n\nSở Giao thông vận tải tỉnh Quảng Ninh báo cáo như sau:\nI. Kết quả\n`,
    unit: { name: 'Sở Giao thông vận tải', level: 'province-dept', province: 'Quảng Ninh' },
    period: { year: 2023, kind: 'H1' }
  },
  {
    name: 'nine months, appendix line names the unit, blank date',
    text: `Số: /BC-SNV\nĐắk Lắk, ngày   tháng 9 năm 2022\nBÁO CÁO\nCông tác CCHC 9 tháng năm 2022\nI. Chỉ đạo\n...\nPHỤ LỤC\n(Kèm theo Báo cáo số /BC-SNV ngày  /9/2022 của Sở Nội vụ tỉnh Đắk Lắk)\n`,
    unit: { name: 'Sở Nội vụ', level: 'province-dept', province: 'Đắk Lắk' },
    period: { year: 2022, kind: '9M' },
    reportNumber: null,
    reportDate: null
  },
  {
    name: 'commune with "Ủy ban nhân dân xã" in the first sentence, province from narrative',
    text: `Số: 12/BC-UBND\nTân Lập, ngày 10 tháng 12 năm 2021\nBÁO CÁO\nKết quả cải cách hành chính năm 2021\nỦy ban nhân dân xã Tân Lập báo cáo như sau:\nI. Chỉ đạo\nThực hiện Kế hoạch của UBND tỉnh Phú Thọ và UBND tỉnh Phú Thọ về CCHC.\n`,
    unit: { name: 'UBND xã Tân Lập', level: 'commune', province: 'Phú Thọ' },
    period: { year: 2021, kind: 'year' },
    reportNumber: '12/BC-UBND',
    reportDate: '2021-12-10'
  },
  {
    name: 'district People\'s Committee, quarter written "Quý III/2023"',
    text: `BÁO CÁO\nCải cách hành chính Quý III/2023 của UBND huyện Mường La\nUBND huyện Mường La báo cáo kết quả cải cách hành chính như sau:\nI. Kết quả\ntỉnh Sơn La\n`,
    unit: { name: 'UBND huyện Mường La', level: 'district', province: 'Sơn La' },
    period: { year: 2023, kind: 'Q3' }
  },
  {
    name: 'board, uppercase table title "TẠI BAN ..." only, period from table heading',
    text: `Báo cáo công tác\nI. Nội dung\nđã làm nhiều việc.\nTHỐNG KÊ SỐ LIỆU CẢI CÁCH HÀNH CHÍNH NĂM 2022\nTẠI BAN QUẢN LÝ KHU KINH TẾ TỈNH HÀ TĨNH\nSTT\tChỉ tiêu\tĐơn vị tính\tSố liệu\n`,
    unit: { name: 'Ban Quản lý khu kinh tế', level: 'province-dept', province: 'Hà Tĩnh' },
    period: { year: 2022, kind: 'year' }
  },
  {
    name: 'period only in the table header "kỳ báo cáo hàng quý IV năm 2024"',
    text: `BÁO CÁO\nCông tác cải cách hành chính\nSở Công Thương báo cáo:\nI. Kết quả\nSTT\tChỉ tiêu (Sử dụng trong kỳ báo cáo hàng quý IV năm 2024)\tĐơn vị tính\tSố liệu\n`,
    unit: { name: 'Sở Công Thương', level: 'province-dept', province: null },
    period: { year: 2024, kind: 'Q4' }
  },
  {
    name: 'narrative mentions another period but the title wins',
    text: `BÁO CÁO\nKết quả CCHC Quý I năm 2025\nCăn cứ Kế hoạch số 5/KH-UBND năm 2024 và báo cáo năm 2024;\nSở Y tế báo cáo như sau:\nI. Chỉ đạo\nIV. PHƯƠNG HƯỚNG TRỌNG TÂM QUÝ II NĂM 2025\n`,
    unit: { name: 'Sở Y tế', level: 'province-dept', province: null },
    period: { year: 2025, kind: 'Q1' }
  },
  {
    name: 'province People\'s Committee',
    text: `ỦY BAN NHÂN DÂN TỈNH LÀO CAI\nBÁO CÁO\nKết quả cải cách hành chính 6 tháng đầu năm 2024\nỦy ban nhân dân tỉnh Lào Cai báo cáo như sau:\nI. Kết quả\n`,
    unit: { name: 'UBND tỉnh Lào Cai', level: 'province', province: 'Lào Cai' },
    period: { year: 2024, kind: 'H1' }
  },
  {
    name: 'only the report date: period inferred with a warning',
    text: `Sở Xây dựng\nHà Giang, ngày 12 tháng 3 năm 2024\nBÁO CÁO\nCông tác cải cách hành chính\nSở Xây dựng báo cáo như sau:\nI. Kết quả\n`,
    unit: { name: 'Sở Xây dựng', level: 'province-dept', province: 'Hà Giang' },
    period: { year: 2024, kind: 'Q1' },
    reportDate: '2024-03-12'
  },
  {
    name: 'no unit and no period: errors',
    text: `Báo cáo\nMột số nội dung công tác\nĐã làm tốt.\n`,
    unit: null,
    period: null
  }
];

describe('extractMetadata on varied headers', () => {
  for (const c of cases) {
    it(c.name, () => {
      const m = extractMetadata(c.text, 'x.md');
      if (c.unit) expect(m.unit).toMatchObject(c.unit);
      else expect(m.unit).toBeNull();
      expect(m.period).toEqual(c.period);
      if (c.reportNumber !== undefined) expect(m.reportNumber).toBe(c.reportNumber);
      if (c.reportDate !== undefined) expect(m.reportDate).toBe(c.reportDate);
      const errors = m.messages.filter((x) => x.severity === 'error');
      expect(errors.length).toBe((c.unit ? 0 : 1) + (c.period ? 0 : 1));
      for (const e of errors) {
        expect(e.message_vi).toContain('x.md');
        expect(e.message_en).toContain('x.md');
      }
    });
  }
  it('warns when the period comes from the report date', () => {
    const m = extractMetadata(cases[9].text, 'x.md');
    expect(m.messages.some((x) => x.severity === 'warning' && /report date/.test(x.message_en))).toBe(true);
  });
});

describe('more header variants', () => {
  const cases: [string, string, object | null, object | null][] = [
    ['central city department', `SỞ NỘI VỤ\nTHÀNH PHỐ HÀ NỘI\nHà Nội, ngày 10 tháng 12 năm 2024\nBÁO CÁO\nKết quả cải cách hành chính năm 2024\nSở Nội vụ thành phố Hà Nội báo cáo như sau:\nI. Kết quả\n`, { name: 'Sở Nội vụ', level: 'province-dept', province: 'Hà Nội' }, { year: 2024, kind: 'year' }],
    ['commune with district and province after commas', `BÁO CÁO\nCông tác CCHC quý II năm 2024\nỦy ban nhân dân xã Tân Lập, huyện Yên Lập, tỉnh Phú Thọ báo cáo như sau:\nI. Kết quả\n`, { name: 'UBND xã Tân Lập', level: 'commune', province: 'Phú Thọ' }, { year: 2024, kind: 'Q2' }],
    ['subject after a cited agency', `BÁO CÁO\nKết quả CCHC 6 tháng đầu năm 2024\nThực hiện Công văn số 12/SNV-CCHC của Sở Nội vụ, Sở Văn hóa, Thể thao và Du lịch báo cáo như sau:\nI. Kết quả\n`, { name: 'Sở Văn hóa, Thể thao và Du lịch', level: 'province-dept' }, { year: 2024, kind: 'H1' }],
    ['title wrapped over two lines', `Sở Xây dựng\nBÁO CÁO\nKết quả thực hiện công tác cải cách hành chính\nnăm 2023\nSở Xây dựng báo cáo:\nI. Kết quả\n`, { name: 'Sở Xây dựng' }, { year: 2023, kind: 'year' }],
    ['monthly report: no period rather than a wrong year', `SỞ Y TẾ\nBÁO CÁO\nTình hình cải cách hành chính tháng 5 năm 2024\nI. Kết quả\n`, { name: 'Sở Y tế' }, null]
  ];
  for (const [name, text, unit, period] of cases) {
    it(name, () => {
      const m = extractMetadata(text, 'x.md');
      expect(m.unit).toMatchObject(unit as object);
      expect(m.period).toEqual(period);
    });
  }
});
