/** Bad and unusual inputs: each gets a clear bilingual message, nothing is extracted from a failed file. */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync, openSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeBytes, DecodeError, looksLikeTcvn3 } from '../loaders/decode.ts';
import { extractFile, extractText } from '../loaders/extract.ts';
import { hasErrors } from '../loaders/types.ts';

const dir = mkdtempSync(join(tmpdir(), 'parboard-decode-'));
const write = (name: string, data: Uint8Array | string) => {
  const p = join(dir, name);
  writeFileSync(p, data);
  return p;
};

const SMALL_REPORT = [
  'BÁO CÁO',
  'Kết quả thực hiện công tác cải cách hành chính Quý II năm 2024',
  'Sở Tư pháp báo cáo kết quả như sau:',
  '',
  'STT\tChỉ tiêu\tĐơn vị tính\tSố liệu\tGhi chú',
  '1\tSố nhiệm vụ đề ra trong kế hoạch\tNhiệm vụ\t12\t',
  '2\tSố nhiệm vụ đã hoàn thành\tNhiệm vụ\t10\t',
  ''
].join('\n');

function decodeError(bytes: Uint8Array): DecodeError {
  try {
    decodeBytes(bytes);
  } catch (e) {
    if (e instanceof DecodeError) return e;
    throw e;
  }
  throw new Error('no error');
}

describe('decodeBytes', () => {
  it('refuses an empty file', () => {
    const e = decodeError(new Uint8Array());
    expect(e.message_vi).toMatch(/rỗng/);
    expect(e.message_en).toMatch(/empty/);
  });
  it('refuses whitespace only', () => {
    expect(decodeError(new TextEncoder().encode(' \n\n\t \n')).message_en).toMatch(/no content/);
  });
  it('names .docx/.xlsx/.pdf containers that must be converted', () => {
    const docx = new Uint8Array([0x50, 0x4b, 0x03, 0x04, ...new TextEncoder().encode('....word/document.xml....')]);
    expect(decodeError(docx).message_en).toMatch(/\.docx/);
    const xlsx = new Uint8Array([0x50, 0x4b, 0x03, 0x04, ...new TextEncoder().encode('....xl/workbook.xml....')]);
    expect(decodeError(xlsx).message_vi).toMatch(/\.xlsx/);
    const pdf = new TextEncoder().encode('%PDF-1.7\n%âãÏÓ\n1 0 obj');
    expect(decodeError(pdf).message_en).toMatch(/\.pdf/);
  });
  it('refuses binary data with NUL/control bytes', () => {
    const b = new Uint8Array(4096);
    for (let i = 0; i < b.length; i++) b[i] = (i * 7919) % 256;
    expect(decodeError(b).message_en).toMatch(/binary|control/);
  });
  it('reads UTF-8 with and without BOM, normalised to NFC', () => {
    const nfd = 'Số liệu'.normalize('NFD');
    const plain = decodeBytes(new TextEncoder().encode(nfd));
    expect(plain.text).toBe('Số liệu'.normalize('NFC'));
    const bom = decodeBytes(new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('Chỉ tiêu')]));
    expect(bom.text).toBe('Chỉ tiêu');
    expect(bom.encoding).toBe('utf-8');
  });
  it('reads UTF-16 LE/BE with a BOM and without one', () => {
    const s = 'STT\tChỉ tiêu\tĐơn vị tính\nSố liệu';
    const le = Buffer.from(s, 'utf16le');
    const be = Buffer.from(le).swap16();
    expect(decodeBytes(new Uint8Array([0xff, 0xfe, ...le])).text).toBe(s);
    expect(decodeBytes(new Uint8Array([0xfe, 0xff, ...be])).text).toBe(s);
    expect(decodeBytes(new Uint8Array(le)).encoding).toBe('utf-16le');
    expect(decodeBytes(new Uint8Array(be)).text).toBe(s);
  });
  it('reads Windows-1258 (Vietnamese code page with combining tone marks)', () => {
    // "Số liệu" in CP1258: S, ô(0xF4) + acute(0xEC); l, i, ê(0xEA) + dot below(0xF2), u
    const bytes = new Uint8Array([0x53, 0xf4, 0xec, 0x20, 0x6c, 0x69, 0xea, 0xf2, 0x75]);
    const d = decodeBytes(bytes);
    expect(d.encoding).toBe('windows-1258');
    expect(d.text).toBe('Số liệu'.normalize('NFC'));
    expect(d.notes[0].message_en).toMatch(/Windows-1258/);
  });
  it('detects TCVN3 (ABC) legacy-font text and refuses it', () => {
    const tcvn = 'B¸o c¸o kÕt qu¶ thùc hiÖn c«ng t¸c c¶i c¸ch hµnh chÝnh. Sè liÖu thèng kª. '.repeat(10);
    expect(looksLikeTcvn3(tcvn)).toBe(true);
    expect(decodeError(new TextEncoder().encode(tcvn)).message_en).toMatch(/TCVN3/);
    // TCVN3 bytes saved as a single-byte file (not UTF-8) are caught too.
    const raw = Buffer.from('B\xb8o c\xb8o k\xd5t qu\xb6 th\xf9c hi\xd6n c\xb6i c\xb8ch h\xb5nh ch\xddnh. '.repeat(10), 'latin1');
    expect(decodeError(new Uint8Array(raw)).message_en).toMatch(/TCVN3/);
    // Real Unicode Vietnamese is never mistaken for TCVN3.
    expect(looksLikeTcvn3('Báo cáo kết quả thực hiện công tác cải cách hành chính, số liệu thống kê, hóa đơn, tiêu chí. '.repeat(20))).toBe(false);
  });
});

describe('extractFile on bad inputs', () => {
  it('an empty file is an error naming the file', async () => {
    const { extraction } = await extractFile(write('rong.txt', ''));
    expect(hasErrors(extraction)).toBe(true);
    expect(extraction.messages[0].message_vi).toContain('rong.txt');
    expect(extraction.facts).toEqual([]);
  });
  it('a Word document renamed to .txt is an error', async () => {
    const { extraction } = await extractFile(write('bao-cao.txt', new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 6, 0, ...new TextEncoder().encode('[Content_Types].xml word/document.xml')])));
    expect(hasErrors(extraction)).toBe(true);
    expect(extraction.messages[0].message_en).toMatch(/docx/);
    expect(extraction.facts).toEqual([]);
  });
  it('a UTF-16 report is read like UTF-8', async () => {
    const { extraction } = await extractFile(write('u16.txt', new Uint8Array([0xff, 0xfe, ...Buffer.from(SMALL_REPORT, 'utf16le')])));
    expect(hasErrors(extraction)).toBe(false);
    expect(extraction.facts.map((f) => f.value)).toEqual([12, 10]);
  });
  it('a report without a statistical table is an error', () => {
    const x = extractText('narrative.md', 'BÁO CÁO\nKết quả cải cách hành chính năm 2023\nSở Y tế báo cáo như sau: đã hoàn thành 12 nhiệm vụ.\n');
    expect(hasErrors(x)).toBe(true);
    expect(x.messages.some((m) => /no statistical table/.test(m.message_en) && /không tìm thấy bảng/.test(m.message_vi))).toBe(true);
    expect(x.facts).toEqual([]);
  });
  it('a table cut after its header is an error with the line', () => {
    const x = extractText('cut.md', SMALL_REPORT.split('\n').slice(0, 5).join('\n'));
    expect(hasErrors(x)).toBe(true);
    const m = x.messages.find((mm) => mm.severity === 'error' && mm.line !== null)!;
    expect(m.line).toBe(5);
    expect(m.message_en).toMatch(/truncated/);
  });
  it('a file over the size limit is refused without reading it all (50 MB)', async () => {
    const p = join(dir, 'big.txt');
    const fd = openSync(p, 'w');
    const chunk = Buffer.alloc(1024 * 1024, 'Số liệu thống kê 123\n');
    for (let i = 0; i < 50; i++) writeSync(fd, chunk);
    closeSync(fd);
    const { extraction } = await extractFile(p);
    expect(hasErrors(extraction)).toBe(true);
    expect(extraction.messages[0].message_en).toMatch(/too large/);
    expect(extraction.messages[0].message_vi).toMatch(/quá lớn/);
  });
  it('a large but legal text (1 MB of narrative, 3000 rows) is processed', () => {
    const rows = Array.from({ length: 3000 }, (_, i) => `${i + 1}\tSố hồ sơ loại ${i}\tHồ sơ\t${i}\t`).join('\n');
    const text = `${SMALL_REPORT}\n${'Trong kỳ đơn vị đã tiếp nhận hồ sơ, giải quyết đúng hạn. '.repeat(20000)}\n${SMALL_REPORT.split('\n').slice(4, 5)}\n${rows}`;
    const x = extractText('lon.md', text);
    expect(x.facts.length).toBeGreaterThan(3000);
  });
});

describe('truncated tables', () => {
  it('tab table cut in the middle of a row: warning with the line', () => {
    const text = `${SMALL_REPORT.trimEnd()}\n3\tSố văn bản chỉ`;
    const x = extractText('cut-row.md', text);
    const w = x.messages.find((m) => m.severity === 'warning' && m.line === 8);
    expect(w?.message_en).toMatch(/cut/);
    expect(x.facts.map((f) => f.value)).toEqual([12, 10]);
  });
  it('PDF text cut in the middle of a row: the last row is doubtful and a warning names its line', () => {
    const text = ['BÁO CÁO', 'Kết quả cải cách hành chính quý I năm 2024', 'Sở Tư pháp báo cáo:', 'STT Chỉ tiêu Đơn vị tính Số liệu Ghi chú', '1 Số nhiệm vụ đề ra Nhiệm vụ 12', '2 Số nhiệm vụ đã hoàn thành đúng hạn theo kế'].join('\n');
    const x = extractText('cut.txt', text);
    const last = x.facts[x.facts.length - 1];
    expect(last).toMatchObject({ code: '2', value: null, doubtful: true });
    expect(x.messages.some((m) => m.severity === 'warning' && m.line === 6 && /truncated/.test(m.message_en))).toBe(true);
  });
});

describe('bounded work', () => {
  it('a text with tens of thousands of table rows is refused as not a report', () => {
    const pdf = 'BÁO CÁO\nKết quả CCHC quý I năm 2024\nSở Y tế báo cáo:\nTT Chỉ tiêu thống kê\n' + '1 Số nhiệm vụ đề ra trong kế hoạch Nhiệm vụ 3\n'.repeat(20000);
    const x = extractText('many.txt', pdf);
    expect(hasErrors(x)).toBe(true);
    expect(x.messages.some((m) => /Too many table rows/.test(m.message_en) && /Quá nhiều dòng/.test(m.message_vi))).toBe(true);
  });
});

describe('decodeBytes UTF-8 / Windows-1258 decision', () => {
  it('reads as UTF-8 exactly the byte strings a fatal TextDecoder accepts, with the same text', () => {
    const fatal = new TextDecoder('utf-8', { fatal: true });
    let seed = 7;
    const rnd = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296);
    const pieces = ['Số liệu ', 'đạt ', '12', '\n', 'Tỷ lệ %', '\t'].map((s) => [...new TextEncoder().encode(s)]);
    for (let n = 0; n < 3000; n++) {
      const b: number[] = [];
      while (b.length < 40) {
        // mostly real Vietnamese text, sometimes a stray or truncated multi-byte sequence
        if (rnd() < 0.85) b.push(...pieces[Math.floor(rnd() * pieces.length)]);
        else b.push(0x80 + Math.floor(rnd() * 0x80));
      }
      const bytes = new Uint8Array(b);
      let want: string | null;
      try {
        want = fatal.decode(bytes);
      } catch {
        want = null;
      }
      const got = decodeBytes(bytes);
      if (want === null) expect(got.encoding).toBe('windows-1258');
      else {
        expect(got.encoding).toBe('utf-8');
        expect(got.text).toBe(want.replace(/\r\n?/g, '\n').normalize('NFC'));
      }
    }
  });
});
