import { UsageError, type Command } from '../command.ts';
import { resolve } from 'node:path';
import { openWarehouse } from '../../warehouse/db.ts';
import { exportParquet } from '../../warehouse/export-parquet.ts';

const usage = `parboard export — xuất kho dữ liệu / export the warehouse

Usage: parboard export --parquet DIR [--json]

  --parquet DIR  Lược đồ hình sao dạng Parquet / the star schema as Parquet:
                 DIR/unit.parquet, period.parquet, indicator.parquet, document.parquet,
                 review_row.parquet, narrative_statement.parquet and
                 DIR/fact/year=YYYY/*.parquet (hive partitioning; column current = what analytics see).
                 Đọc lại / read back: SELECT * FROM read_parquet('DIR/fact/*/*.parquet', hive_partitioning = true)
                 DIR/fact is replaced on every export.
  --json         In kết quả dạng JSON / print the result as JSON.`;

export const command: Command = {
  name: 'export',
  summary: 'xuất Parquet (--parquet DIR) / export as Parquet',
  usage,
  async run(args, io) {
    let dir: string | null = null;
    let json = false;
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      if (a === '--parquet') {
        const v = args[++i];
        if (!v || v.startsWith('--')) throw new UsageError('--parquet cần một thư mục / --parquet needs a directory');
        dir = v;
      } else if (a.startsWith('--parquet=')) dir = a.slice('--parquet='.length) || null;
      else if (a === '--json') json = true;
      else throw new UsageError(`Tham số không hợp lệ / unknown argument: ${a}`);
    }
    if (!dir) throw new UsageError('Thiếu --parquet DIR / missing --parquet DIR');
    const wh = await openWarehouse();
    try {
      const r = await exportParquet(wh, resolve(io.cwd, dir));
      if (json) io.out(JSON.stringify(r));
      else {
        io.out(`Đã xuất / exported to ${r.dir}`);
        for (const [t, n] of Object.entries(r.tables)) io.out(`  ${t.padEnd(20)} ${n.toLocaleString('vi-VN')}`);
        if (r.years.length) io.out(`  fact/year=… ${r.years.join(', ')}`);
      }
      return 0;
    } finally {
      await wh.close();
    }
  }
};
