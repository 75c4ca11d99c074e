import { existsSync, statSync } from 'node:fs';
import { basename, isAbsolute, relative, resolve } from 'node:path';
import { UsageError, type Command } from '../command.ts';
import { openWarehouse } from '../../warehouse/db.ts';
import { LoadError, loadExtractions, type LoadItem, type LoadResult } from '../../warehouse/load.ts';
import { describePeriod } from '../../warehouse/periods.ts';

const usage = `parboard load — nạp báo cáo vào kho dữ liệu / load reports into the warehouse

Usage: parboard load [--demo] [--json] FILE...

  FILE...   Tệp báo cáo (.txt, .md, .tsv, .csv) / report files.
  --demo    Đánh dấu là dữ liệu minh họa / mark the reports as demo data.
  --json    In kết quả dạng JSON, một đối tượng mỗi tệp / print a JSON array, one object per file.

Mỗi tệp một dòng / one line per file:
  loaded (đã nạp)            new report for its unit and period
  superseded (thay thế)      a newer version of a report already loaded; the earlier one is kept as history
  unchanged (không đổi)      the same file was loaded before; nothing written
  failed (lỗi)               not loaded, with the reason; nothing of that file is written
One bad file does not stop the others. Exit code 1 when any file failed.
Warehouse: data/parboard.duckdb or PARBOARD_DB.`;

const WORD: Record<string, string> = {
  loaded: 'loaded (đã nạp)',
  superseded: 'superseded (thay thế bản cũ)',
  unchanged: 'unchanged (không đổi)',
  failed: 'failed (lỗi)'
};

interface Outcome {
  file: string;
  status: 'loaded' | 'superseded' | 'unchanged' | 'failed';
  result?: LoadResult;
  warnings?: number;
  unit?: string;
  error?: string;
}

export const command: Command = {
  name: 'load',
  summary: 'nạp tệp báo cáo vào kho / load report files into the warehouse',
  usage,
  async run(args, io) {
    const files: string[] = [];
    let demo = false;
    let json = false;
    for (const a of args) {
      if (a === '--demo') demo = true;
      else if (a === '--json') json = true;
      else if (a.startsWith('-') && a !== '-') throw new UsageError(`Tham số không hợp lệ / unknown option: ${a}`);
      else files.push(a);
    }
    if (!files.length) throw new UsageError('Chưa có tệp nào để nạp / no file given');

    const { extractBatches } = await import('../../loaders/extract-pool.ts');
    // Flags of the loaded units and periods are recomputed inside the load transactions: importing
    // warehouse/load.ts registers the checks hook (batch-capable: once per batch of reports).
    const wh = await openWarehouse();
    // One slot per file, in the order given; a file that cannot be read is failed here and skipped below.
    const outcomes: Outcome[] = new Array(files.length);
    const todo: { k: number; f: string; path: string; mtime: Date }[] = [];
    files.forEach((arg, k) => {
      const path = resolve(io.cwd, arg);
      // Shown as the user typed it (a forwarded call arrives with absolute paths).
      const rel = relative(io.cwd, path);
      const f = rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : arg;
      try {
        if (!existsSync(path)) throw new LoadError(`${f}: không tìm thấy tệp / file not found`);
        const st = statSync(path);
        if (!st.isFile()) throw new LoadError(`${f}: không phải tệp / not a regular file`);
        todo.push({ k, f, path, mtime: st.mtime });
      } catch (e) {
        outcomes[k] = { file: f, status: 'failed', error: (e as Error).message };
      }
    });
    // Many files: extraction on worker threads while this thread loads the previous batch; each batch
    // is loaded with group commit (loadExtractions): every report is still all or nothing, and one
    // bad file does not stop the others.
    try {
      let at = 0;
      for await (const batch of extractBatches(todo.map((t) => t.path))) {
        const group: { t: (typeof todo)[number]; item?: LoadItem; warnings?: number; error?: string }[] = [];
        for (const x of batch) {
          const t = todo[at++];
          if (!x.result) {
            group.push({ t, error: x.error.message });
            continue;
          }
          const { extraction, bytes, text } = x.result;
          group.push({
            t,
            warnings: extraction.messages.filter((m) => m.severity === 'warning').length,
            item: {
              input: extraction,
              opts: { fileName: basename(t.path), bytes, format: extraction.format, sourceText: text, isDemo: demo, receivedAt: t.mtime }
            }
          });
        }
        const items = group.filter((x) => x.item).map((x) => x.item!);
        const loaded = items.length ? await loadExtractions(wh, items, { batchSize: items.length }) : [];
        const units = new Map<number, string>();
        let j = 0;
        for (const x of group) {
          const f = x.t.f;
          if (!x.item) {
            outcomes[x.t.k] = { file: f, status: 'failed', error: x.error };
            continue;
          }
          const r = loaded[j++];
          if (!r.ok) {
            outcomes[x.t.k] = { file: f, status: 'failed', error: r.error.message };
            continue;
          }
          const result = r.result;
          let unit = units.get(result.unitId);
          if (unit === undefined) {
            const u = await wh.all<{ name: string; province: string | null }>('SELECT name, province FROM unit WHERE unit_id = $1', [result.unitId]);
            unit = u[0] ? (u[0].province ? `${u[0].name} (${u[0].province})` : u[0].name) : `#${result.unitId}`;
            units.set(result.unitId, unit);
          }
          outcomes[x.t.k] = { file: f, status: result.status, result, warnings: x.warnings, unit };
        }
      }
    } finally {
      await wh.close();
    }

    if (json) {
      io.out(JSON.stringify(outcomes.map((o) => ({ file: o.file, status: o.status, ...(o.result ? { document_id: o.result.documentId, unit_id: o.result.unitId, period_id: o.result.periodId, version: o.result.version, facts: o.result.facts, review_rows: o.result.reviewRows, warnings: o.warnings } : {}), ...(o.error ? { error: o.error } : {}) }))));
    } else {
      for (const o of outcomes) {
        if (o.status === 'failed') {
          io.out(`${WORD.failed}: ${o.file} — ${o.error}`);
          continue;
        }
        const r = o.result!;
        const unit = o.unit;
        const p = describePeriod(Math.floor(r.periodId / 100), kindOf(r.periodId));
        const warn = o.warnings ? `, ${o.warnings} cảnh báo / warnings` : '';
        const ver = o.status === 'superseded' ? `, phiên bản / version ${r.version}` : '';
        io.out(`${WORD[o.status]}: ${o.file} — ${unit}, ${p.label_vi} / ${p.label_en}: ${r.facts} số liệu / facts, ${r.reviewRows} dòng cần xem / rows to review${ver}${warn}`);
      }
      const failed = outcomes.filter((o) => o.status === 'failed').length;
      if (files.length > 1) io.out(`Tổng / total: ${outcomes.length - failed} ok, ${failed} lỗi / failed`);
    }
    return outcomes.some((o) => o.status === 'failed') ? 1 : 0;
  }
};

function kindOf(periodId: number) {
  return (['Q1', 'Q2', 'H1', 'Q3', '9M', 'Q4', 'year'] as const)[(periodId % 100) - 1];
}
