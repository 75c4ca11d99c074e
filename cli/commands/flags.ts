import { UsageError, type Command } from '../command.ts';
import { runChecks } from '../../warehouse/checks/engine.ts';
import { listFlags } from '../../warehouse/checks/list.ts';
import { openForChecks } from '../../warehouse/checks/open.ts';
import { parsePeriodArg } from '../../warehouse/rankings/period-arg.ts';

const KINDS = ['quota_exceeded', 'rate_mismatch', 'undefined_rate', 'part_exceeds_whole', 'sum_mismatch', 'out_of_range', 'non_monotonic',
  'missing_required', 'duplicate_row', 'narrative_mismatch', 'outlier_peer', 'outlier_trend'];

const USAGE = `Usage: parboard flags [--json] [--unit NAME] [--period P] [--kind K] [--severity S] [--status S] [--recompute]

Các cảnh báo kiểm tra tính nhất quán và bất thường / consistency and anomaly flags.
  --json          in một mảng JSON / print one JSON array:
                  [{kind, severity, unit, period: {year, kind}, indicators, values, expected,
                    message_vi, message_en, document, line, status}]
  --unit NAME     đơn vị (không phân biệt dấu, hoa thường) / unit name (accents and case ignored)
  --period P      kỳ / period: 2024-Q1, Q1/2024, 2024-H1, 2024-9M, 2024 (năm/year) or 202401
  --kind K        ${KINDS.join(', ')}
  --severity S    error, warning, info
  --status S      open, acknowledged, explained, resolved
  --recompute     chạy lại toàn bộ kiểm tra trước khi in / rerun all checks first
Quy tắc / rules: warehouse/checks/rules.json`;

export const command: Command = {
  name: 'flags',
  summary: 'cảnh báo kiểm tra số liệu / consistency and anomaly flags',
  usage: USAGE,
  async run(args, io) {
    const o: { json: boolean; unit?: string; period?: string; kind?: string; severity?: string; status?: string; recompute: boolean } = { json: false, recompute: false };
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      const value = () => {
        const v = args[++i];
        if (v === undefined || v.startsWith('--')) throw new UsageError(`${a} cần một giá trị / ${a} needs a value`);
        return v;
      };
      switch (a) {
        case '--json': o.json = true; break;
        case '--recompute': o.recompute = true; break;
        case '--unit': o.unit = value(); break;
        case '--period': o.period = value(); break;
        case '--kind': o.kind = value(); break;
        case '--severity': o.severity = value(); break;
        case '--status': o.status = value(); break;
        default: throw new UsageError(`Tùy chọn không hợp lệ / unknown option: ${a}`);
      }
    }
    let periodId: number | undefined;
    if (o.period !== undefined) {
      const p = parsePeriodArg(o.period);
      if (p == null) throw new UsageError(`Kỳ không hợp lệ / invalid period: "${o.period}" (ví dụ / e.g. 2024-Q1, 2024-H1, 2024)`);
      periodId = p;
    }
    if (o.kind !== undefined && !KINDS.includes(o.kind)) throw new UsageError(`Loại cảnh báo không hợp lệ / unknown kind: ${o.kind} (${KINDS.join(', ')})`);
    if (o.severity !== undefined && !['error', 'warning', 'info'].includes(o.severity)) throw new UsageError(`Mức độ không hợp lệ / unknown severity: ${o.severity}`);
    if (o.status !== undefined && !['open', 'acknowledged', 'explained', 'resolved'].includes(o.status)) throw new UsageError(`Trạng thái không hợp lệ / unknown status: ${o.status}`);

    const db = await openForChecks();
    try {
      if (o.recompute) {
        const r = await runChecks(db);
        io.err(`Đã kiểm tra lại / rechecked: ${r.flags} cảnh báo / flags`);
      }
      const flags = await listFlags(db, { unit: o.unit, periodId, kind: o.kind, severity: o.severity, status: o.status });
      if (o.json) {
        io.out(JSON.stringify(flags));
        return 0;
      }
      if (!flags.length) {
        io.out('Không có cảnh báo / no flags');
        return 0;
      }
      const lines = flags.map((f) =>
        [f.severity.padEnd(7), f.kind.padEnd(20), f.unit.slice(0, 36).padEnd(36), `${f.period.kind}/${f.period.year}`.padEnd(9),
          `${f.document ?? '-'}:${f.line ?? '-'}`.padEnd(34), f.status.padEnd(12), f.message_vi].join(' '));
      io.out([['mức độ'.padEnd(7), 'loại / kind'.padEnd(20), 'đơn vị / unit'.padEnd(36), 'kỳ'.padEnd(9), 'tệp:dòng / file:line'.padEnd(34),
        'trạng thái'.padEnd(12), 'nội dung / message'].join(' '), ...lines, `${flags.length} cảnh báo / flags`].join('\n'));
      return 0;
    } finally {
      await db.close();
    }
  },
};
