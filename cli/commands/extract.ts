/**
 * `parboard extract FILE [--json]`: reads one report and prints what the loaders see, without touching
 * any warehouse. Exit code 1 when the report has errors (it would not be loaded).
 */
import { basename, resolve } from 'node:path';
import { UsageError, type Command } from '../command.ts';
import { extractFile } from '../../loaders/extract.ts';
import { hasErrors, type Extraction } from '../../loaders/types.ts';

export function extractionJson(x: Extraction): object {
  return {
    file: x.file,
    format: x.format,
    unit: x.unit ? { name: x.unit.name, level: x.unit.level, province: x.unit.province } : null,
    period: x.period,
    facts: x.facts.map((f) => ({
      indicator: f.indicator,
      label: f.label,
      code: f.code,
      uom: f.uom,
      raw: f.raw,
      value: f.value,
      line: f.line,
      source: f.source,
      doubtful: f.doubtful,
      reason: f.reason,
      status: f.status,
      note: f.note,
      ...(f.denominator !== undefined && f.denominator !== null ? { denominator: f.denominator } : {})
    })),
    messages: x.messages
  };
}

function pad(s: string, n: number): string {
  const t = s.length > n ? s.slice(0, n - 1) + '…' : s;
  return t.padEnd(n);
}

export const command: Command = {
  name: 'extract',
  summary: 'Đọc một báo cáo và in kết quả (không nạp) / read one report and print what was read (no load)',
  usage: [
    'Usage: parboard extract FILE [--json]',
    '',
    'Đọc tệp báo cáo (Markdown, TSV, CSV, văn bản trích từ PDF), in đơn vị, kỳ báo cáo và các dòng số liệu.',
    'Reads a report file (Markdown, TSV, CSV, text extracted from a PDF) and prints its unit, period and table rows.',
    'Không thay đổi kho dữ liệu / never changes a warehouse.',
    '',
    '  --json   one JSON object: {file, format, unit, period, facts, messages}',
    '',
    'Exit code 1 when the report has errors (it would not be loaded).'
  ].join('\n'),
  async run(args, io) {
    const json = args.includes('--json');
    const files = args.filter((a) => !a.startsWith('--'));
    const unknown = args.filter((a) => a.startsWith('--') && a !== '--json');
    if (unknown.length) throw new UsageError(`Tùy chọn không hợp lệ / unknown option: ${unknown.join(' ')}`);
    if (files.length !== 1) throw new UsageError('Cần đúng một tệp / exactly one FILE is required');
    const path = resolve(io.cwd, files[0]);
    const { extraction: x } = await extractFile(path);
    x.file = files[0];
    const bad = hasErrors(x);
    if (json) {
      io.out(JSON.stringify(extractionJson(x)));
    } else {
      io.out(`Tệp / file: ${x.file}   dạng / format: ${x.format}`);
      io.out(`Đơn vị / unit: ${x.unit ? `${x.unit.name} (${x.unit.level}${x.unit.province ? `, ${x.unit.province}` : ''})` : '—'}`);
      io.out(`Kỳ / period: ${x.period ? `${x.period.kind} ${x.period.year}` : '—'}${x.reportNumber ? `   số / number: ${x.reportNumber}` : ''}${x.reportDate ? `   ngày / date: ${x.reportDate}` : ''}`);
      io.out('');
      io.out(`${'dòng'.padEnd(6)}${pad('mã', 9)}${pad('chỉ tiêu / label', 56)}${pad('ĐVT / uom', 18)}${pad('số liệu', 10)}${pad('giá trị', 10)}${pad('chỉ số / indicator', 30)}`);
      for (const f of x.facts) {
        const v = f.value === null ? `(${f.status})` : String(f.value);
        io.out(`${String(f.line).padEnd(6)}${pad(f.code, 9)}${pad(f.label, 56)}${pad(f.uom, 18)}${pad(f.raw, 10)}${pad(v, 10)}${pad(f.indicator ?? '?', 30)}${f.doubtful ? ' ⚠' : ''}`);
      }
      io.out('');
      io.out(`${x.facts.length} dòng / rows, ${x.facts.filter((f) => f.indicator).length} khớp chỉ số / matched, ${x.facts.filter((f) => f.doubtful).length} cần kiểm tra / doubtful`);
      for (const m of x.messages) if (m.severity !== 'error') io.err(`[${m.severity}] ${m.message_vi} / ${m.message_en}`);
    }
    if (bad) {
      for (const m of x.messages.filter((m) => m.severity === 'error')) {
        // Loader messages already start with "file:line:"; add it only when they do not.
        const where = m.message_vi.includes(basename(x.file)) ? '' : `${x.file}${m.line ? `:${m.line}` : ''}: `;
        io.err(`${where}${m.message_vi} / ${m.message_en}`);
      }
      return 1;
    }
    return 0;
  }
};
