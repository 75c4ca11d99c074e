import { describe, expect, it } from 'vitest';
import { foldVietnamese } from '../warehouse/text-fold.ts';

describe('foldVietnamese', () => {
  it('strips diacritics and maps đ to d', () => {
    expect(foldVietnamese('Sở Khoa học và Công nghệ')).toBe('so khoa hoc va cong nghe');
    expect(foldVietnamese('ĐIỀU HÀNH  Đà Nẵng')).toBe('dieu hanh da nang');
  });
  it('folds composed and decomposed input the same way', () => {
    expect(foldVietnamese('Bằng Lăng'.normalize('NFD'))).toBe(foldVietnamese('Bằng Lăng'.normalize('NFC')));
  });
});
