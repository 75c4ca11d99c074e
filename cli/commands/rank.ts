import { UsageError, type Command } from '../command.ts';
import { loadCatalogue } from '../../warehouse/catalogue.ts';
import { DEFAULT_MODEL, loadModel, ModelError } from '../../warehouse/rankings/model.ts';
import { computeRanking, type RankingRow } from '../../warehouse/rankings/engine.ts';
import { openForRanking } from '../../warehouse/rankings/open.ts';
import { parsePeriodArg } from '../../warehouse/rankings/period-arg.ts';

const LEVELS = ['province', 'province-dept', 'district', 'commune', 'other'];

const usage = `parboard rank — xếp hạng đơn vị theo Chỉ số CCHC / rank units PAR Index-style

Usage: parboard rank [--json] [--period P] [--level L] [--province NAME] [--model FILE|NAME]

  --json           In mảng JSON / print a JSON array:
                   [{unit, level, period, score, max, index_pct, rank, tier, movement,
                     areas: [{area, points, max}], missing: [codes]}, ...]
  --period P       Kỳ / period: 2024-Q1, Q1/2024, 2024-H1, 2024-9M, 2024 (năm/year) or 202401.
                   Mặc định: kỳ gần nhất có dữ liệu / default: latest period with data.
  --level L        Chỉ in cấp / only print level: ${LEVELS.join(', ')}
                   (hạng vẫn tính trong nhóm tương đương / ranks stay within the peer group).
  --province NAME  Chỉ in tỉnh / only print units of this province.
  --model FILE     Mô hình chấm điểm / scoring model: a JSON file, or a shipped model name
                   (default ${DEFAULT_MODEL}; see warehouse/rankings/models/).

Movement = previous rank − rank (positive = up) against the previous comparable period
(previous quarter for quarters, same kind of the previous year otherwise).`;

function parseArgs(args: string[]) {
  const o: { json: boolean; period?: string; level?: string; province?: string; model?: string } = { json: false };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const [flag, inline] = a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = () => {
      const v = inline ?? args[++i];
      if (v === undefined || v === '' || (inline === undefined && v.startsWith('--')))
        throw new UsageError(`Thiếu giá trị cho ${flag} / missing value for ${flag}`);
      return v;
    };
    switch (flag) {
      case '--json': o.json = true; break;
      case '--period': o.period = value(); break;
      case '--level': o.level = value(); break;
      case '--province': o.province = value(); break;
      case '--model': o.model = value(); break;
      default: throw new UsageError(`Tham số không hợp lệ / unknown argument: ${a}`);
    }
  }
  return o;
}

const fmt = (n: number | null, d = 2) => (n == null ? '—' : n.toLocaleString('vi-VN', { minimumFractionDigits: 0, maximumFractionDigits: d }));

function arrow(m: number | null): string {
  if (m == null) return '  ·';
  if (m > 0) return `↑${m}`.padStart(3);
  if (m < 0) return `↓${-m}`.padStart(3);
  return '  =';
}

function table(rows: RankingRow[]): string {
  const out: string[] = [];
  let group = '';
  for (const r of rows) {
    const g = `${r.peer_group}${r.province ? ` — ${r.province}` : ''}`;
    if (g !== group) {
      group = g;
      out.push('', `[${g}]`, `${'Hạng'.padStart(4)} ${'±'.padStart(3)}  ${'Đơn vị / Unit'.padEnd(44)} ${'Chỉ số %'.padStart(8)} ${'Điểm/Tối đa'.padStart(13)}  Xếp loại / Tier`);
    }
    const unit = r.unit.length > 44 ? r.unit.slice(0, 43) + '…' : r.unit;
    out.push(
      `${String(r.rank ?? '—').padStart(4)} ${arrow(r.movement)}  ${unit.padEnd(44)} ${fmt(r.index_pct).padStart(8)} ${`${fmt(r.score)}/${fmt(r.max)}`.padStart(13)}  ${r.tier ?? '—'} ${r.tier_label_vi ?? ''}` +
        (r.missing.length ? `   (thiếu ${r.missing.length} chỉ tiêu / ${r.missing.length} missing)` : ''),
    );
  }
  return out.join('\n');
}

export const command: Command = {
  name: 'rank',
  summary: 'Xếp hạng đơn vị theo Chỉ số CCHC / rank units PAR Index-style',
  usage,
  async run(args, io) {
    const o = parseArgs(args);
    let period: number | undefined;
    if (o.period !== undefined) {
      const p = parsePeriodArg(o.period);
      if (p == null) throw new UsageError(`Kỳ không hợp lệ / invalid period: "${o.period}" (ví dụ / e.g. 2024-Q1, 2024-H1, 2024)`);
      period = p;
    }
    if (o.level !== undefined && !LEVELS.includes(o.level))
      throw new UsageError(`Cấp không hợp lệ / invalid level: "${o.level}" (${LEVELS.join(', ')})`);
    let model;
    try {
      const codes = new Set(loadCatalogue().indicators.map((i) => i.code));
      model = loadModel(o.model ?? DEFAULT_MODEL, codes, io.cwd);
    } catch (e) {
      if (e instanceof ModelError) throw new UsageError(e.message);
      throw e;
    }
    const db = await openForRanking();
    try {
      const res = await computeRanking(db, { period, level: o.level, province: o.province, model });
      if (!res.period)
        io.err(period != null ? `Không có kỳ ${o.period} trong kho / period ${o.period} is not in the warehouse` : 'Kho dữ liệu chưa có báo cáo / the warehouse has no reports');
      else if (!res.rows.length) io.err(`Không có đơn vị nào được xếp hạng cho ${res.period.label_vi} / no unit ranked for ${res.period.label_en}`);
      if (o.json) {
        io.out(JSON.stringify(res.rows.map((r) => ({
          unit: r.unit, unit_id: r.unit_id, level: r.level, province: r.province, peer_group: r.peer_group,
          period: r.period, model: r.model,
          score: r.score, max: r.max, index_pct: r.index_pct, rank: r.rank, peer_count: r.peer_count,
          tier: r.tier, tier_label_vi: r.tier_label_vi, tier_label_en: r.tier_label_en,
          previous_rank: r.previous_rank, movement: r.movement,
          areas: r.areas.map((a) => ({ area: a.area, name_vi: a.name_vi, name_en: a.name_en, points: a.points, max: a.max, index_pct: a.index_pct })),
          missing: r.missing, completeness_vi: r.completeness_vi, completeness_en: r.completeness_en,
        })), null, 2));
      } else if (res.period) {
        io.out(`Xếp hạng / Ranking — ${res.period.label_vi} / ${res.period.label_en} — ${res.model}` +
          (res.previous ? `; so với / vs ${res.previous.label_vi}` : '') + table(res.rows));
      }
      return 0;
    } finally {
      await db.close();
    }
  },
};
