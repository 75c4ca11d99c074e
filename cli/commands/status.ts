import { UsageError, type Command } from '../command.ts';
import { openWarehouse } from '../../warehouse/db.ts';
import { warehouseStatus, warehouseStatusDetail } from '../../warehouse/status.ts';

const usage = `parboard status — tình trạng kho dữ liệu / what the warehouse holds

Usage: parboard status [--json]

  --json   {"documents":N,"units":N,"periods":N,"indicators":N,"facts":N}
           Đếm như phân tích thấy: chỉ bản hiện hành / counted as analytics see them: current
           versions only. indicators = số chỉ tiêu có số liệu hiện hành / distinct indicators
           with current facts (not the catalogue size).
Warehouse: data/parboard.duckdb or PARBOARD_DB.`;

export const command: Command = {
  name: 'status',
  summary: 'tình trạng kho (--json) / warehouse status (--json)',
  usage,
  async run(args, io) {
    for (const a of args) if (a !== '--json') throw new UsageError(`Tham số không hợp lệ / unknown argument: ${a}`);
    const wh = await openWarehouse();
    try {
      if (args.includes('--json')) {
        io.out(JSON.stringify(await warehouseStatus(wh)));
        return 0;
      }
      const s = await warehouseStatusDetail(wh);
      const nf = (n: number) => n.toLocaleString('vi-VN');
      io.out(
        [
          `Kho dữ liệu / warehouse: ${wh.path}`,
          `  Báo cáo hiện hành / current reports:   ${nf(s.documents)}  (tất cả phiên bản / all versions: ${nf(s.documents_all)}${s.demo_documents ? `; minh họa / demo: ${nf(s.demo_documents)}` : ''})`,
          `  Đơn vị / units:                        ${nf(s.units)}`,
          `  Kỳ báo cáo / periods:                  ${nf(s.periods)}${s.latest_period ? `  (gần nhất / latest: ${s.latest_period.label_vi} / ${s.latest_period.label_en})` : ''}`,
          `  Chỉ tiêu có số liệu / indicators:      ${nf(s.indicators)}  (danh mục / catalogue: ${nf(s.catalogue)})`,
          `  Số liệu / facts:                       ${nf(s.facts)}`,
          `  Dòng cần xem lại / rows to review:     ${nf(s.review_rows)}`,
          ...(s.documents === 0 ? ['', 'Kho trống. Nạp báo cáo / empty warehouse. Load reports: parboard load FILE...  (or parboard demo --load)'] : [])
        ].join('\n')
      );
      return 0;
    } finally {
      await wh.close();
    }
  }
};
