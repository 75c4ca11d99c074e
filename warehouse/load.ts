/**
 * Loads one extracted report (loaders/types.ts Extraction) into the warehouse, in ONE transaction:
 * either the document, its facts, review rows and narrative statements are all visible, or nothing.
 *
 * - Identity of a submission is the sha256 of the file bytes: the same file again is 'unchanged'
 *   and nothing is written (even if a newer version of that unit+period has arrived since: a
 *   re-sent old file does not roll the report back).
 * - A different file for the same unit and period becomes version n+1 ('superseded' outcome); the
 *   earlier current document is marked status 'superseded' and the new one points at it
 *   (supersedes_id). Analytics read view current_fact (current documents only); history keeps all.
 * - Rows without a confident indicator match (indicator null, or a code the catalogue does not know)
 *   go to review_row with their candidates, never dropped.
 * - An extraction carrying error messages is refused: LoadError with those messages.
 * - afterLoadHooks run inside the same transaction after the rows are written (e.g. the checks
 *   recompute flags for the unit and period); a hook that throws rolls the whole load back.
 */
import { basename } from 'node:path';
import type { Extraction, Fact, Message, PeriodKind } from '../loaders/types.ts';
import { sha256, type SqlParam, type Warehouse } from './db.ts';
import { describePeriod, ensurePeriod, isPeriodKind, periodId } from './periods.ts';
import { printedDecimals } from './printed-decimals.ts';
import { cleanName, unitNameKey, upsertUnit } from './units.ts';
// Registers the consistency checks as an after-load hook (recompute flags for the loaded unit and period),
// then its batch-capable form (once per group-committed batch, see loadExtractions).
import './checks/hook.ts';
import './load-checks.ts';

export interface LoadOptions {
  /** File name to record (default: basename of extraction.file). */
  fileName?: string;
  /** The file's bytes: their sha256 identifies the submission. Default: the source text, else the extraction. */
  bytes?: Uint8Array;
  format?: string;
  receivedAt?: Date | string;
  isDemo?: boolean;
  /** Decoded text of the report, kept to show the original beside the facts. */
  sourceText?: string;
}

export type LoadStatus = 'loaded' | 'unchanged' | 'superseded';

export interface LoadResult {
  status: LoadStatus;
  documentId: number;
  unitId: number;
  periodId: number;
  version: number;
  /** The document this one replaced ('superseded'). */
  supersededId: number | null;
  facts: number;
  reviewRows: number;
  narrative: number;
  fileName: string;
}

export interface LoadContext {
  unitId: number;
  periodId: number;
  documentId: number;
}

export type AfterLoadHook = ((wh: Warehouse, ctx: LoadContext) => Promise<void>) & {
  /**
   * Optional: the same work for several reports loaded in one transaction (loadExtractions), run
   * once after all of them are written. Without it the hook runs once per report.
   */
  batch?: (wh: Warehouse, ctxs: LoadContext[]) => Promise<void>;
};

/**
 * Functions run inside the load transaction after each new document is written. Modules register
 * themselves here so that loading never needs editing to add a step: prefer
 * registerAfterLoadHook(name, fn), which replaces an earlier hook of the same name (a module
 * evaluated twice — e.g. bundled and from source in the dashboard server — registers once).
 * The list lives on globalThis so every copy of this module in a process runs the same hooks.
 */
export const afterLoadHooks: AfterLoadHook[] = ((globalThis as Record<symbol, unknown>)[Symbol.for('parboard.afterLoadHooks')] ??= []) as AfterLoadHook[];

export function registerAfterLoadHook(name: string, fn: AfterLoadHook): void {
  const named = Object.assign(fn, { hookName: name });
  const i = afterLoadHooks.findIndex((h) => (h as { hookName?: string }).hookName === name);
  if (i >= 0) afterLoadHooks[i] = named;
  else afterLoadHooks.push(named);
}

/** A report that cannot be loaded; nothing was written. Carries the loader's messages. */
export class LoadError extends Error {
  constructor(
    message: string,
    readonly messages: Message[] = []
  ) {
    super(message);
    this.name = 'LoadError';
  }
}

type ExtractResult = { extraction: Extraction; bytes?: Uint8Array; text?: string };

const FACT_STATUSES = new Set(['reported', 'empty', 'text', 'not_applicable', 'undefined_rate']);

function num(x: unknown): number | null {
  return typeof x === 'number' && Number.isFinite(x) ? x : null;
}

function isoDate(s: unknown): string | null {
  return typeof s === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(s)) ? s : null;
}

/** code -> indicator_id, cached per file; catalogue-sync bumps the meta hash, which invalidates it. */
const idCache = new Map<string, { hash: string | null; ids: Map<string, number> }>();

async function indicatorIds(wh: Warehouse): Promise<Map<string, number>> {
  const [h] = await wh.all<{ value: string | null }>(`SELECT max(value) AS value FROM warehouse_meta WHERE key = 'catalogue_hash'`);
  const hit = idCache.get(wh.path);
  if (hit && hit.hash !== null && hit.hash === h.value) return hit.ids;
  const ids = new Map(
    (await wh.all<{ code: string; indicator_id: number }>('SELECT code, indicator_id FROM indicator')).map((r) => [r.code, r.indicator_id])
  );
  idCache.set(wh.path, { hash: h.value, ids });
  return ids;
}

type ColType = 'int' | 'double' | 'varchar' | 'bool';

const appendable = new Map<string, boolean>();

/**
 * Bulk rows: DuckDB's appender (runs in the transaction of the connection; ~6x faster than a
 * multi-row INSERT with thousands of parameters, which the ingest target of 200 reports/s needs).
 * The appender fills whole rows, so when a later migration has added columns to the table the
 * parameterised INSERT with named columns is used instead.
 */
async function bulkInsert(wh: Warehouse, table: string, columns: string[], types: ColType[], rows: SqlParam[][]): Promise<void> {
  if (!rows.length) return;
  const key = `${wh.path}|${table}`;
  let ok = appendable.get(key);
  if (ok === undefined) {
    const cols = await wh.all<{ column_name: string }>(
      `SELECT column_name FROM information_schema.columns WHERE table_name = $1 AND table_schema = 'main' ORDER BY ordinal_position`,
      [table]
    );
    ok = cols.length === columns.length && cols.every((c, i) => c.column_name === columns[i]);
    appendable.set(key, ok);
  }
  if (!ok) return insertRows(wh, table, columns, rows);
  const a = await wh.conn.createAppender(table);
  try {
    for (const r of rows) {
      for (let i = 0; i < types.length; i++) {
        const v = r[i];
        if (v === null || v === undefined) a.appendNull();
        else if (types[i] === 'int') a.appendInteger(Number(v));
        else if (types[i] === 'double') a.appendDouble(Number(v));
        else if (types[i] === 'bool') a.appendBoolean(Boolean(v));
        else a.appendVarchar(String(v));
      }
      a.endRow();
    }
  } finally {
    a.closeSync();
  }
}

/** Multi-row INSERT in chunks, every value a parameter. */
async function insertRows(wh: Warehouse, table: string, columns: string[], rows: SqlParam[][]): Promise<void> {
  const per = Math.max(1, Math.floor(1800 / columns.length));
  for (let i = 0; i < rows.length; i += per) {
    const chunk = rows.slice(i, i + per);
    const params: SqlParam[] = [];
    const tuples = chunk.map((r) => {
      const ph = r.map((v) => {
        params.push(v);
        return `$${params.length}`;
      });
      return `(${ph.join(', ')})`;
    });
    await wh.run(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${tuples.join(', ')}`, params);
  }
}

function bilingualErrors(file: string, messages: Message[]): string {
  return messages
    .map((m) => {
      const where = `${file}${m.line ? `:${m.line}` : ''}`;
      // Loader messages usually name the file already.
      const vi = m.message_vi.startsWith(file) ? m.message_vi : `${where}: ${m.message_vi}`;
      const en = m.message_en.startsWith(file) ? m.message_en.slice(file.length).replace(/^:\s*/, '') : m.message_en;
      return `${vi} / ${en}`;
    })
    .join('\n');
}

interface Prepared {
  x: Extraction;
  opts: LoadOptions;
  fileName: string;
  hash: string;
  receivedAt: Date;
}

/** Everything that can be refused without touching the warehouse; throws LoadError. */
function prepare(input: Extraction | ExtractResult, opts: LoadOptions = {}): Prepared {
  // Accept extractFile()'s {extraction, bytes, text} as well as a bare Extraction.
  let x: Extraction;
  if ((input as ExtractResult).extraction) {
    const r = input as ExtractResult;
    x = r.extraction;
    opts = { bytes: r.bytes && r.bytes.length ? r.bytes : undefined, sourceText: r.text, ...opts };
  } else x = input as Extraction;

  const fileName = opts.fileName ?? basename(x.file || 'report');
  const errors = (x.messages ?? []).filter((m) => m.severity === 'error');
  if (errors.length) {
    throw new LoadError(`Báo cáo bị từ chối / report refused:\n${bilingualErrors(fileName, errors)}`, errors);
  }
  if (!x.unit || !x.unit.name) {
    throw new LoadError(
      `${fileName}: không xác định được đơn vị báo cáo / cannot tell which unit the report is from`
    );
  }
  if (!x.period || !isPeriodKind(x.period.kind)) {
    throw new LoadError(`${fileName}: không xác định được kỳ báo cáo / cannot tell the reporting period`);
  }
  try {
    describePeriod(x.period.year, x.period.kind);
  } catch (e) {
    throw new LoadError(`${fileName}: ${(e as Error).message}`);
  }

  const hash = sha256(opts.bytes ?? opts.sourceText ?? JSON.stringify(x));
  const receivedAt = opts.receivedAt ? new Date(opts.receivedAt) : new Date();
  if (Number.isNaN(receivedAt.getTime())) throw new LoadError(`${fileName}: thời điểm nhận không hợp lệ / invalid received time`);
  return { x, opts, fileName, hash, receivedAt };
}

// The appender casts text to the TIMESTAMP, DATE and JSON columns.
const DOC_COLS = ['document_id', 'content_hash', 'file_name', 'format', 'received_at', 'unit_id', 'period_id', 'version', 'supersedes_id', 'status', 'report_number', 'report_date', 'is_demo', 'source_text', 'messages'];
const DOC_TYPES: ColType[] = ['int', 'varchar', 'varchar', 'varchar', 'varchar', 'int', 'int', 'int', 'int', 'varchar', 'varchar', 'varchar', 'bool', 'varchar', 'varchar'];
const FACT_COLS = ['document_id', 'row_no', 'unit_id', 'period_id', 'indicator_id', 'value', 'status', 'raw', 'note', 'line', 'doubtful', 'reason', 'denominator', 'decimals'];
const FACT_TYPES: ColType[] = ['int', 'int', 'int', 'int', 'int', 'double', 'varchar', 'varchar', 'varchar', 'int', 'bool', 'varchar', 'double', 'int'];
const REVIEW_COLS = ['document_id', 'row_no', 'label', 'code', 'uom', 'raw', 'value', 'status', 'line', 'section', 'candidates', 'reason'];
const REVIEW_TYPES: ColType[] = ['int', 'int', 'varchar', 'varchar', 'varchar', 'varchar', 'double', 'varchar', 'int', 'varchar', 'varchar', 'varchar'];
const NARRATIVE_COLS = ['document_id', 'indicator_id', 'value', 'line', 'text'];
const NARRATIVE_TYPES: ColType[] = ['int', 'int', 'double', 'int', 'varchar'];

/**
 * Rows of one transaction waiting for the appender: several reports' rows go in with one appender
 * per table (creating an appender costs more than appending a report's rows). Flushed before
 * anything reads them: the hooks, and the counts of an 'unchanged' re-submission.
 */
class PendingRows {
  /** Document rows with ids taken from document_seq beforehand (batch loads only). */
  docs: SqlParam[][] = [];
  docIds = new Map<number, SqlParam[]>();
  facts: SqlParam[][] = [];
  review: SqlParam[][] = [];
  narrative: SqlParam[][] = [];
  async flush(tx: Warehouse): Promise<void> {
    const docs = this.docs;
    this.docs = [];
    this.docIds.clear();
    await bulkInsert(tx, 'document', DOC_COLS, DOC_TYPES, docs);
    const [f, r, n] = [this.facts, this.review, this.narrative];
    this.facts = [];
    this.review = [];
    this.narrative = [];
    await bulkInsert(tx, 'fact', FACT_COLS, FACT_TYPES, f);
    await bulkInsert(tx, 'review_row', REVIEW_COLS, REVIEW_TYPES, r);
    await bulkInsert(tx, 'narrative_statement', NARRATIVE_COLS, NARRATIVE_TYPES, n);
  }
}

interface UnitRow {
  id: number;
  level: string;
  kind: string | null;
}
interface PairRow {
  /** Highest version for the unit and period, its document, and the current document if any. */
  version: number;
  last: number;
  current: number | null;
}

/**
 * What loading knows about the dimensions of one open warehouse, so that a report does not need a
 * round trip per dimension: periods that exist, units by name key, and per unit+period the latest
 * version. Only load.ts writes documents, and units and periods are never deleted, so this stays
 * true for the life of the connection. Keyed by the write connection (a reopened file starts
 * afresh). A transaction writes into an overlay (TxCache) that is merged only after it commits: a
 * rolled-back load leaves the cache as it was.
 */
interface DimCache {
  periods: Set<number>;
  units: Map<string, UnitRow>;
  /** Loaded on first use with one query over document. */
  pairs: Map<string, PairRow> | null;
}
// On globalThis: a bundled server may run two copies of this module against one connection.
const dimCaches: WeakMap<object, DimCache> = ((globalThis as Record<symbol, unknown>)[Symbol.for('parboard.loadDimCaches')] ??= new WeakMap()) as WeakMap<object, DimCache>;

class TxCache {
  periods = new Set<number>();
  units = new Map<string, UnitRow>();
  pairs = new Map<string, PairRow>();
  base: DimCache | null = null;
  /** First thing in the transaction, before it writes: what is read here is committed data. */
  async attach(tx: Warehouse): Promise<void> {
    let c = dimCaches.get(tx.conn);
    if (!c) dimCaches.set(tx.conn, (c = { periods: new Set(), units: new Map(), pairs: null }));
    if (!c.pairs) {
      const rows = await tx.all<{ unit_id: number; period_id: number; version: number; last: number; current: number | null }>(
        `SELECT unit_id, period_id, max(version) AS version, arg_max(document_id, version) AS last,
                arg_max(document_id, version) FILTER (WHERE status = 'current') AS current
         FROM document GROUP BY unit_id, period_id`
      );
      const m = new Map<string, PairRow>();
      for (const r of rows) m.set(`${r.unit_id}|${r.period_id}`, { version: r.version, last: r.last, current: r.current });
      c.pairs = m;
    }
    this.base = c;
  }
  /** After COMMIT only. */
  commit(): void {
    const b = this.base;
    if (!b) return;
    for (const id of this.periods) b.periods.add(id);
    for (const [k, v] of this.units) b.units.set(k, v);
    if (b.pairs) for (const [k, v] of this.pairs) b.pairs.set(k, v);
  }
}

async function periodFor(tx: Warehouse, year: number, kind: PeriodKind, cache: TxCache): Promise<number> {
  const id = periodId(year, kind);
  if (cache.base?.periods.has(id) || cache.periods.has(id)) return id;
  await ensurePeriod(tx, year, kind);
  cache.periods.add(id);
  return id;
}

const LEVELS = new Set(['province', 'province-dept', 'district', 'commune', 'other']);

/**
 * upsertUnit, skipped when the cache shows the unit exists and the report would not fill in its
 * level or kind. What is cached after upsertUnit is the report's level and kind: that can only
 * make a later report call upsertUnit when it need not (level 'other', kind null), never skip an update.
 */
async function unitFor(tx: Warehouse, ref: NonNullable<Extraction['unit']>, cache: TxCache): Promise<number> {
  const key = unitNameKey(cleanName(ref.name ?? ''), ref.province);
  const level = LEVELS.has(ref.level) ? ref.level : 'other';
  const hit = cache.units.get(key) ?? cache.base?.units.get(key);
  if (hit && !((hit.level === 'other' && level !== 'other') || (!hit.kind && ref.kind))) return hit.id;
  const id = await upsertUnit(tx, ref);
  cache.units.set(key, { id, level, kind: ref.kind ?? null });
  return id;
}

function pairFor(unitId: number, periodIdV: number, cache: TxCache): PairRow | null {
  const k = `${unitId}|${periodIdV}`;
  const own = cache.pairs.get(k);
  if (own) return own;
  const base = cache.base!;
  return base.pairs!.get(k) ?? null;
}

/** Writes one prepared report inside the caller's transaction. ctx is null for 'unchanged' (no hooks). */
async function writeOne(
  tx: Warehouse,
  p: Prepared,
  known: Map<string, number>,
  pending: PendingRows,
  cache: TxCache,
  /** Hashes known to be absent from document (looked up once for a batch): no lookup needed. */
  absent?: Set<string>,
  /** document_ids taken from document_seq for this batch: the document row then goes to the appender. */
  ids?: number[]
): Promise<{ result: LoadResult; ctx: LoadContext | null }> {
  const { x, opts, fileName, hash, receivedAt } = p;
  // A lookup must see every row written so far in this transaction.
  const lookup = !absent?.delete(hash);
  if (lookup) await pending.flush(tx);
  const same = !lookup ? [] : await tx.all<{ document_id: number; unit_id: number; period_id: number; version: number; supersedes_id: number | null }>(
    'SELECT document_id, unit_id, period_id, version, supersedes_id FROM document WHERE content_hash = $1',
    [hash]
  );
  if (same.length) {
    const d = same[0];
    await pending.flush(tx);
    const counts = await tx.all<{ f: number; r: number }>(
      `SELECT (SELECT count(*) FROM fact WHERE document_id = $1) AS f, (SELECT count(*) FROM review_row WHERE document_id = $1) AS r`,
      [d.document_id]
    );
    return {
      result: {
        status: 'unchanged',
        documentId: d.document_id,
        unitId: d.unit_id,
        periodId: d.period_id,
        version: d.version,
        supersededId: d.supersedes_id,
        facts: counts[0].f,
        reviewRows: counts[0].r,
        narrative: 0,
        fileName
      },
      ctx: null
    };
  }

  const unitId = await unitFor(tx, x.unit!, cache);
  const periodIdV = await periodFor(tx, x.period!.year, x.period!.kind, cache);

  // The latest version of this unit and period (the newest supersedes; history keeps all).
  const prev = pairFor(unitId, periodIdV, cache);
  const version = prev ? prev.version + 1 : 1;
  const supersedesId = prev ? (prev.current ?? prev.last) : null;
  const pendingPrev = prev?.current != null ? pending.docIds.get(prev.current) : undefined;
  if (pendingPrev) pendingPrev[9] = 'superseded'; // written earlier in this batch, not yet appended
  else if (prev?.current != null) {
    await tx.run(`UPDATE document SET status = 'superseded' WHERE unit_id = $1 AND period_id = $2 AND status = 'current'`, [unitId, periodIdV]);
  }

  const docRow: SqlParam[] = [
    hash,
    fileName,
    opts.format ?? x.format ?? 'unknown',
    receivedAt.toISOString().replace('T', ' ').replace('Z', ''),
    unitId,
    periodIdV,
    version,
    supersedesId,
    x.reportNumber ?? null,
    isoDate(x.reportDate),
    opts.isDemo === true,
    opts.sourceText ?? null,
    JSON.stringify(x.messages ?? [])
  ];
  let documentId: number;
  const preId = ids?.shift();
  if (preId !== undefined) {
    documentId = preId;
    const row: SqlParam[] = [documentId, ...docRow.slice(0, 8), 'current', ...docRow.slice(8)];
    pending.docs.push(row);
    pending.docIds.set(documentId, row);
  } else {
    const ins = await tx.all<{ document_id: number }>(
      `INSERT INTO document (content_hash, file_name, format, received_at, unit_id, period_id, version, supersedes_id, status,
                             report_number, report_date, is_demo, source_text, messages)
       VALUES ($1, $2, $3, CAST($4 AS TIMESTAMP), $5, $6, $7, $8, 'current', $9, CAST($10 AS DATE), $11, $12, $13)
       RETURNING document_id`,
      docRow
    );
    documentId = ins[0].document_id;
  }
  cache.pairs.set(`${unitId}|${periodIdV}`, { version, last: documentId, current: documentId });

  let nFacts = 0;
  let nReview = 0;
  (x.facts ?? []).forEach((f: Fact, i: number) => {
    const rowNo = i + 1;
    const status = FACT_STATUSES.has(f.status) ? f.status : 'text';
    const indicatorId = f.indicator ? known.get(f.indicator) : undefined;
    if (indicatorId !== undefined) {
      nFacts++;
      pending.facts.push([
        documentId,
        rowNo,
        unitId,
        periodIdV,
        indicatorId,
        status === 'reported' ? num(f.value) : null,
        status === 'reported' && num(f.value) === null ? 'text' : status,
        f.raw ?? null,
        f.note ?? null,
        num(f.line),
        f.doubtful === true,
        f.reason ?? null,
        num(f.denominator),
        printedDecimals(f.raw)
      ]);
    } else {
      nReview++;
      const reason = f.indicator
        ? `mã chỉ tiêu không có trong danh mục / indicator code not in the catalogue: ${f.indicator}`
        : (f.reason ?? null);
      pending.review.push([
        documentId,
        rowNo,
        f.label ?? '',
        f.code ?? null,
        f.uom ?? null,
        f.raw ?? null,
        num(f.value),
        status,
        num(f.line),
        JSON.stringify(f.section ?? []),
        JSON.stringify(f.candidates ?? (f.indicator ? [{ indicator: f.indicator, score: f.score ?? null }] : [])),
        reason
      ]);
    }
  });
  let nNarrative = 0;
  for (const s of x.narrative ?? []) {
    const id = known.get(s.indicator);
    if (id !== undefined && num(s.value) !== null) {
      nNarrative++;
      pending.narrative.push([documentId, id, s.value, num(s.line), s.text ?? null]);
    }
  }

  return {
    result: {
      status: supersedesId !== null ? 'superseded' : 'loaded',
      documentId,
      unitId,
      periodId: periodIdV,
      version,
      supersededId: supersedesId,
      facts: nFacts,
      reviewRows: nReview,
      narrative: nNarrative,
      fileName
    },
    ctx: { unitId, periodId: periodIdV, documentId }
  };
}

export async function loadExtraction(wh: Warehouse, input: Extraction | ExtractResult, opts: LoadOptions = {}): Promise<LoadResult> {
  const p = prepare(input, opts);
  const cache = new TxCache();
  const r = await wh.transaction(async (tx) => {
    await cache.attach(tx);
    const pending = new PendingRows();
    const { result, ctx } = await writeOne(tx, p, await indicatorIds(tx), pending, cache);
    await pending.flush(tx);
    if (ctx) for (const hook of afterLoadHooks) await hook(tx, ctx);
    return result;
  });
  cache.commit();
  return r;
}

export interface LoadItem {
  input: Extraction | ExtractResult;
  opts?: LoadOptions;
}

/** The outcome of one item of loadExtractions: its result, or the error that refused it (nothing of it written). */
export type LoadOutcome = { ok: true; result: LoadResult } | { ok: false; error: Error };

export interface BatchOptions {
  /** Reports per transaction (default 250). */
  batchSize?: number;
}

/**
 * Loads many reports with group commit: up to batchSize reports per transaction, and each hook
 * that offers a `batch` form (the checks) runs once per transaction for all the reports of it
 * instead of once per report. Same contract as loadExtraction for every report: refused reports
 * write nothing; if a transaction fails, its reports are tried again in halves (down to one report
 * in its own transaction, with the per-report hooks) so one bad report does not sink the others.
 * Outcomes are returned in input order.
 */
export async function loadExtractions(wh: Warehouse, items: LoadItem[], bopts: BatchOptions = {}): Promise<LoadOutcome[]> {
  const size = Math.max(1, bopts.batchSize ?? 250);
  const out: LoadOutcome[] = new Array(items.length);
  for (let start = 0; start < items.length; start += size) {
    const idx: number[] = [];
    const prepared: Prepared[] = [];
    for (let i = start; i < Math.min(items.length, start + size); i++) {
      try {
        prepared.push(prepare(items[i].input, items[i].opts));
        idx.push(i);
      } catch (e) {
        out[i] = { ok: false, error: e as Error };
      }
    }
    await loadGroup(wh, items, prepared, idx, out);
  }
  return out;
}

/**
 * One transaction for the prepared reports. When it fails, which report broke it is unknown: the
 * group is split in halves and each half tried again (a single report falls back to
 * loadExtraction), so one bad report costs a few retries, not a one-by-one reload of the batch.
 */
async function loadGroup(wh: Warehouse, items: LoadItem[], prepared: Prepared[], idx: number[], out: LoadOutcome[]): Promise<void> {
  if (!prepared.length) return;
  if (prepared.length === 1) {
    const i = idx[0];
    try {
      out[i] = { ok: true, result: await loadExtraction(wh, items[i].input, items[i].opts) };
    } catch (e) {
      out[i] = { ok: false, error: e as Error };
    }
    return;
  }
  const cache = new TxCache();
  try {
    const results = await wh.transaction(async (tx) => {
      await cache.attach(tx);
      const known = await indicatorIds(tx);
      const pending = new PendingRows();
      // One lookup for the whole batch instead of one per report. A hash is taken out of the set
      // when its report is written, so a second copy in the same batch is looked up (unchanged).
      const hashes = [...new Set(prepared.map((p) => p.hash))];
      const present = new Set(
        (await tx.all<{ h: string }>(
          `SELECT content_hash AS h FROM document WHERE content_hash IN (SELECT unnest(from_json(CAST($1 AS JSON), '["VARCHAR"]')))`,
          [JSON.stringify(hashes)]
        )).map((r) => r.h)
      );
      const absent = new Set(hashes.filter((h) => !present.has(h)));
      // ids for the new documents, so that their rows go in with one appender
      const ids = (await tx.all<{ id: number }>(`SELECT nextval('document_seq') AS id FROM range(CAST($1 AS INTEGER)) ORDER BY 1`, [absent.size])).map((r) => r.id);
      const rs: LoadResult[] = [];
      const ctxs: LoadContext[] = [];
      for (const p of prepared) {
        const { result, ctx } = await writeOne(tx, p, known, pending, cache, absent, ids);
        rs.push(result);
        if (ctx) ctxs.push(ctx);
      }
      await pending.flush(tx);
      if (ctxs.length) {
        for (const hook of afterLoadHooks) {
          if (hook.batch) await hook.batch(tx, ctxs);
          else for (const c of ctxs) await hook(tx, c);
        }
      }
      return rs;
    });
    cache.commit();
    results.forEach((r, k) => (out[idx[k]] = { ok: true, result: r }));
  } catch {
    const h = Math.ceil(prepared.length / 2);
    await loadGroup(wh, items, prepared.slice(0, h), idx.slice(0, h), out);
    await loadGroup(wh, items, prepared.slice(h), idx.slice(h), out);
  }
}

