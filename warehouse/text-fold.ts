/**
 * Folding Vietnamese text for matching: lower case, no diacritics, đ -> d, single spaces.
 * NFD + stripping combining marks leaves đ/Đ untouched (it is a letter, not a mark), so it is mapped explicitly.
 */
export function foldVietnamese(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}
