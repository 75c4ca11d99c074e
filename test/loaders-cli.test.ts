/** `parboard extract FILE --json`: one JSON object of the agreed shape, exit code 1 with a bilingual message on errors. */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../cli/main.ts';
import type { CommandIO } from '../cli/command.ts';

const dir = mkdtempSync(join(tmpdir(), 'parboard-extract-'));

async function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CommandIO = { out: (t) => out.push(t), err: (t) => err.push(t), cwd: dir };
  const code = await main(args, io);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const REPORT = [
  'BÁO CÁO',
  'Kết quả cải cách hành chính quý III năm 2024',
  'Ủy ban nhân dân xã Hòa An báo cáo như sau:',
  '',
  'STT\tChỉ tiêu\tĐơn vị tính\tSố liệu\tGhi chú',
  '1\tTổng số hồ sơ TTHC đã tiếp nhận\tHồ sơ\t120\t',
  '2\tTỷ lệ hồ sơ TTHC giải quyết đúng hạn\t%\t\t'
].join('\n');

describe('parboard extract', () => {
  it('--json prints exactly one object with the agreed keys and touches no warehouse', async () => {
    writeFileSync(join(dir, 'hoa-an.md'), REPORT);
    const before = readdirSync(dir);
    const r = await run(['extract', 'hoa-an.md', '--json']);
    expect(r.code).toBe(0);
    const x = JSON.parse(r.out);
    expect(Object.keys(x)).toEqual(['file', 'format', 'unit', 'period', 'facts', 'messages']);
    expect(x.unit).toEqual({ name: 'UBND xã Hòa An', level: 'commune', province: null });
    expect(x.period).toEqual({ year: 2024, kind: 'Q3' });
    expect(x.facts).toHaveLength(2);
    for (const k of ['indicator', 'label', 'code', 'uom', 'raw', 'value', 'line', 'source', 'doubtful', 'reason']) expect(x.facts[0]).toHaveProperty(k);
    expect(x.facts[0]).toMatchObject({ code: '1', uom: 'Hồ sơ', raw: '120', value: 120, line: 6, source: 'table', doubtful: false });
    expect(x.facts[1]).toMatchObject({ value: null, status: 'empty' });
    expect(readdirSync(dir)).toEqual(before);
  });
  it('prints a readable table without --json', async () => {
    const r = await run(['extract', 'hoa-an.md']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/UBND xã Hòa An/);
    expect(r.out).toMatch(/Tổng số hồ sơ TTHC/);
  });
  it('exits 1 with a bilingual message naming the file when the report has no table', async () => {
    writeFileSync(join(dir, 'khong-bang.txt'), 'BÁO CÁO\nCải cách hành chính năm 2024\nSở Y tế báo cáo: đã làm tốt.\n');
    const r = await run(['extract', 'khong-bang.txt', '--json']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/khong-bang\.txt/);
    expect(r.err).toMatch(/không tìm thấy bảng/);
    expect(r.err).toMatch(/no statistical table/);
    expect(JSON.parse(r.out).messages.some((m: { severity: string }) => m.severity === 'error')).toBe(true);
  });
  it('exits 1 naming the line of a table cut after its header', async () => {
    writeFileSync(join(dir, 'cut.md'), REPORT.split('\n').slice(0, 5).join('\n'));
    const r = await run(['extract', 'cut.md']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/cut\.md:5/);
  });
  it('is a usage error without a file', async () => {
    const r = await run(['extract']);
    expect(r.code).toBe(2);
  });
});
