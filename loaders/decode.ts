/**
 * Bytes -> text for report files. Real submissions are often Word/Excel files renamed to .txt,
 * saved as UTF-16 or in the old Windows Vietnamese code page, or typed in legacy TCVN3 fonts;
 * each case gets a clear bilingual message instead of silently garbled numbers.
 */

export const MAX_BYTES = 20 * 1024 * 1024;

export class DecodeError extends Error {
  constructor(
    public message_vi: string,
    public message_en: string
  ) {
    super(message_en);
  }
}

export interface Decoded {
  text: string;
  encoding: 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1258';
  /** Informational notes (e.g. "decoded as Windows-1258"). */
  notes: { message_vi: string; message_en: string }[];
}

function startsWith(b: Uint8Array, sig: number[]): boolean {
  if (b.length < sig.length) return false;
  return sig.every((x, i) => b[i] === x);
}

function latin1(b: Uint8Array, n: number): string {
  let s = '';
  for (let i = 0; i < Math.min(n, b.length); i++) s += String.fromCharCode(b[i]);
  return s;
}

/** Recognises container formats that must be converted to text first. */
function containerKind(b: Uint8Array): string | null {
  if (startsWith(b, [0x50, 0x4b, 0x03, 0x04]) || startsWith(b, [0x50, 0x4b, 0x05, 0x06])) {
    const head = latin1(b, 65536);
    if (head.includes('word/')) return '.docx (Word)';
    if (head.includes('xl/')) return '.xlsx (Excel)';
    if (head.includes('ppt/')) return '.pptx (PowerPoint)';
    return '.zip/.docx/.xlsx';
  }
  if (startsWith(b, [0x25, 0x50, 0x44, 0x46])) return '.pdf';
  if (startsWith(b, [0xd0, 0xcf, 0x11, 0xe0])) return '.doc/.xls (Office 97-2003)';
  if (startsWith(b, [0x7b, 0x5c, 0x72, 0x74, 0x66])) return '.rtf';
  return null;
}

/** UTF-16 without BOM: ASCII text has a zero byte in every other position. */
function utf16Guess(b: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const n = Math.min(b.length, 8192) & ~1;
  if (n < 4) return null;
  let zeroEven = 0;
  let zeroOdd = 0;
  for (let i = 0; i < n; i += 2) {
    if (b[i] === 0) zeroEven++;
    if (b[i + 1] === 0) zeroOdd++;
  }
  const pairs = n / 2;
  if (zeroOdd > pairs * 0.3 && zeroEven < pairs * 0.05) return 'utf-16le';
  if (zeroEven > pairs * 0.3 && zeroOdd < pairs * 0.05) return 'utf-16be';
  return null;
}

function controlShare(b: Uint8Array): number {
  const n = Math.min(b.length, 65536);
  let bad = 0;
  for (let i = 0; i < n; i++) {
    const c = b[i];
    if (c === 0 || (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c)) bad++;
  }
  return n ? bad / n : 0;
}

/**
 * TCVN3 (ABC) text read as Windows-1252/1258 shows Vietnamese letters as Latin-1 symbols inside words:
 * "B¸o c¸o", "Sè liÖu". Count such symbols glued to letters; real Unicode Vietnamese has none.
 */
export function looksLikeTcvn3(text: string): boolean {
  const sample = text.slice(0, 200_000);
  // Latin-1 symbols TCVN3 uses for Vietnamese letters that never occur inside Unicode Vietnamese words.
  const legacy = sample.match(/[A-Za-z][¸µ¶·¹¨©ª«¬­®§¡¢£¤¥¦ÇÐÑÕÖ×ØÜÝÞßäåæçëîïñö÷øûüþÿ]|[¸µ¶·¹¨©ª«¬­®ÕÖ][A-Za-z]/g)?.length ?? 0;
  if (legacy < 20) return false; // the usual case: no need to count the Vietnamese letters
  const viet = sample.match(/[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹĂÂĐÊÔƠƯ]/g)?.length ?? 0;
  return legacy >= 20 && legacy > viet * 2;
}

import { Buffer, isUtf8 } from 'node:buffer';

export function decodeBytes(bytes: Uint8Array): Decoded {
  if (bytes.length > MAX_BYTES) {
    throw new DecodeError(
      `Tệp quá lớn (${(bytes.length / 1048576).toFixed(1)} MB, tối đa ${MAX_BYTES / 1048576} MB): một báo cáo CCHC không lớn như vậy.`,
      `File too large (${(bytes.length / 1048576).toFixed(1)} MB, limit ${MAX_BYTES / 1048576} MB): a CCHC report is never that big.`
    );
  }
  if (bytes.length === 0) throw new DecodeError('Tệp rỗng (0 byte).', 'The file is empty (0 bytes).');
  const kind = containerKind(bytes);
  if (kind) {
    throw new DecodeError(
      `Tệp là tài liệu nhị phân ${kind}, không phải văn bản: hãy chuyển sang văn bản (Markdown/TXT/TSV) trước khi nạp.`,
      `The file is a binary ${kind} document, not text: convert it to text (Markdown/TXT/TSV) before loading.`
    );
  }
  const notes: Decoded['notes'] = [];
  let text: string;
  let encoding: Decoded['encoding'];
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) {
    encoding = 'utf-8';
    text = new TextDecoder('utf-8').decode(bytes.subarray(3));
  } else if (startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff])) {
    encoding = bytes[0] === 0xff ? 'utf-16le' : 'utf-16be';
    text = new TextDecoder(encoding).decode(bytes.subarray(2));
  } else {
    const u16 = utf16Guess(bytes);
    if (u16) {
      encoding = u16;
      text = new TextDecoder(u16).decode(bytes);
    } else {
      if (controlShare(bytes) > 0.01) {
        throw new DecodeError(
          'Tệp là dữ liệu nhị phân (có byte NUL/ký tự điều khiển), không phải văn bản: hãy lưu báo cáo dưới dạng văn bản.',
          'The file is binary (NUL/control bytes), not text: save the report as text.'
        );
      }
      // Valid UTF-8 (checked first, natively) decodes as TextDecoder would: there is no BOM here (handled above).
      if (isUtf8(bytes)) {
        text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
        encoding = 'utf-8';
      } else {
        // Not valid UTF-8: Vietnamese Windows text is in code page 1258 (combining tone marks).
        text = new TextDecoder('windows-1258').decode(bytes);
        encoding = 'windows-1258';
        notes.push({
          message_vi: 'Tệp không phải UTF-8: đã đọc theo bảng mã Windows-1258.',
          message_en: 'The file is not UTF-8: read as Windows-1258.'
        });
      }
    }
  }
  if (text.includes('\u0000') || /[\u0001-\u0008\u000e-\u001f]/.test(text.slice(0, 65536).replace(/[\u001b]/g, ''))) {
    const bad = (text.slice(0, 65536).match(/[\u0000-\u0008\u000e-\u001f]/g) ?? []).length;
    if (bad > 0 && bad / Math.max(1, Math.min(text.length, 65536)) > 0.001) {
      throw new DecodeError(
        'Tệp chứa ký tự điều khiển/nhị phân, không phải văn bản báo cáo.',
        'The file contains control/binary characters; it is not a report text.'
      );
    }
  }
  if (looksLikeTcvn3(text)) {
    throw new DecodeError(
      'Văn bản dùng bảng mã TCVN3 (ABC, phông .VnTime): hãy chuyển sang Unicode (ví dụ bằng Unikey) rồi nạp lại.',
      'The text uses the legacy TCVN3 (ABC, .VnTime font) encoding: convert it to Unicode (e.g. with Unikey) and load again.'
    );
  }
  text = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').replace(/\f/g, '').normalize('NFC');
  if (text.trim() === '') throw new DecodeError('Tệp không có nội dung (chỉ có khoảng trắng).', 'The file has no content (only whitespace).');
  return { text, encoding, notes };
}
