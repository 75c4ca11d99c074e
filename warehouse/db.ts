/**
 * The warehouse handle: one DuckDB file, versioned migrations, parameterised helpers.
 *
 * ## Concurrency design (why it looks like this)
 * A DuckDB file opened read-write by one process cannot be opened by any other process, not even
 * read-only. parboard has two kinds of users of the file:
 *
 * 1. A long-lived owner: the dashboard server. It opens the file once (openWarehouse keeps ONE
 *    shared handle per path per process) and, once listening, calls registerOwner({port}) from
 *    cli/forward.ts. That writes `<db>.owner.json` next to the file (pid, port, random token; mode
 *    0600) and removes it on exit.
 * 2. Short CLI commands (`parboard load`, `status`, `export`, `flags`, `rank`, `demo --load`).
 *    bin/parboard.js goes through cli/forward.ts cliEntry():
 *    - no live owner file: the command runs locally and opens the file itself;
 *    - a live owner (its pid exists): the argv (existing paths made absolute) and the cwd are POSTed
 *      to http://127.0.0.1:<port>/api/cli with the token. The server (src/routes/api/cli/+server.ts)
 *      accepts loopback callers only, checks the token, runs the same command in-process with a
 *      buffering CommandIO against its shared handle, one forwarded command at a time, and returns
 *      {exitCode, stdout, stderr}; the CLI prints them and exits with that code. A stale owner file
 *      (dead pid) is removed and ignored.
 *    - the file is locked but nobody is registered (another CLI is loading): openWarehouse retries
 *      with backoff for a bounded time (PARBOARD_BUSY_TIMEOUT_MS, default 30 s), then throws
 *      WarehouseBusyError with a bilingual message — never DuckDB's raw lock error.
 *
 * Inside one process, reads use the shared connection; every write goes through transaction(),
 * which runs on a second connection of the same DuckDB instance, one transaction at a time (a
 * promise mutex), so a dashboard query never sees a half-loaded report (DuckDB MVCC) and two
 * forwarded loads never interleave.
 *
 * Results: BIGINT/HUGEINT come back as JS numbers, DATE as 'yyyy-mm-dd', TIMESTAMP as ISO strings.
 * Parameters: positional `$1, $2...` with an array, or named `$name` with an object.
 */
import { DuckDBInstance, DuckDBTypeId, type DuckDBConnection } from '@duckdb/node-api';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { syncCatalogueFromFile } from './catalogue-sync.ts';
import { repoPath } from './repo-path.ts';

export type SqlParam = string | number | boolean | null | bigint | Date | undefined;
export type SqlParams = SqlParam[] | Record<string, SqlParam>;

export interface Warehouse {
  /** Absolute path of the DuckDB file. */
  readonly path: string;
  /** The shared read connection. Prefer all/run; writes belong in transaction(). */
  readonly conn: DuckDBConnection;
  all<T = Record<string, unknown>>(sql: string, params?: SqlParams): Promise<T[]>;
  run(sql: string, params?: SqlParams): Promise<void>;
  /**
   * Runs fn inside one transaction (all or nothing). Transactions are serialised per process.
   * Inside fn use the handle passed in (queries on it see the uncommitted writes); a nested
   * transaction() call on that handle simply joins the outer one.
   */
  transaction<T>(fn: (tx: Warehouse) => Promise<T>): Promise<T>;
  /** Releases this caller's reference; the file is closed when nobody holds the handle any more. */
  close(): Promise<void>;
}

export interface OpenOptions {
  /** Sync warehouse/catalogue/indicators.json into `indicator` when it changed (default true). */
  syncCatalogue?: boolean;
  /** How long to wait for a lock held by another process (ms). Default PARBOARD_BUSY_TIMEOUT_MS or 30000. */
  busyTimeoutMs?: number;
}

/** Thrown when another process holds the file for longer than the busy timeout. */
export class WarehouseBusyError extends Error {
  constructor(readonly dbPath: string, readonly detail: string) {
    super(
      `Kho dữ liệu đang được tiến trình khác sử dụng / warehouse is busy (in use by another process): ${dbPath}. ` +
        `Thử lại sau khi tiến trình đó kết thúc / try again when that process has finished.`
    );
    this.name = 'WarehouseBusyError';
  }
}

const HERE = dirname(fileURLToPath(import.meta.url));

/** Finds a directory shipped with the sources: next to this file under tsx/vitest, from the repo root in a bundle. */
export function warehouseDir(): string {
  for (const d of [HERE, repoPath('warehouse'), resolve(process.cwd(), 'warehouse')]) {
    if (existsSync(join(d, 'migrations'))) return d;
  }
  return HERE;
}

/**
 * Process-wide state lives on globalThis: a bundled server may hold two copies of this module (the
 * bundle's, and the source one loaded through tsx for forwarded commands); both must share one
 * DuckDB instance per file, or the same process would open the file twice.
 */
interface ProcessState {
  handles: Map<string, Promise<Shared>>;
  ownedDefault: string | null;
}
const STATE: ProcessState = ((globalThis as Record<symbol, unknown>)[Symbol.for('parboard.warehouse')] ??= {
  handles: new Map(),
  ownedDefault: null
}) as ProcessState;

/**
 * The owner process (dashboard server) pins its default to the file it owns, so that a forwarded
 * command that calls openWarehouse() without a path gets the same shared handle.
 */
export function setDefaultDbPath(path: string | null): void {
  STATE.ownedDefault = path ? resolve(path) : null;
}

export function defaultDbPath(cwd = process.cwd()): string {
  if (STATE.ownedDefault) return STATE.ownedDefault;
  return resolve(cwd, process.env.PARBOARD_DB || join('data', 'parboard.duckdb'));
}

export function isLockError(e: unknown): boolean {
  return /could not set lock|conflicting lock|database is locked|lock on file/i.test(String((e as Error)?.message ?? e));
}

// ---------------------------------------------------------------------------------------------
// value conversion

function isoDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

function convert(v: unknown, typeId: number | undefined): unknown {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Date) return typeId === DuckDBTypeId.DATE ? isoDate(v) : v.toISOString();
  if (Array.isArray(v)) return v.map((x) => convert(x, undefined));
  if (typeof v === 'object') {
    const o: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) o[k] = convert(x, undefined);
    return o;
  }
  return v;
}

function bindable(params: SqlParams | undefined): unknown {
  if (params === undefined) return undefined;
  const fix = (p: SqlParam) => (p === undefined ? null : typeof p === 'bigint' ? Number(p) : p instanceof Date ? p.toISOString() : p);
  if (Array.isArray(params)) return params.length ? params.map(fix) : undefined;
  const o: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(params)) o[k] = fix(v);
  return Object.keys(o).length ? o : undefined;
}

async function allOn<T>(conn: DuckDBConnection, sql: string, params?: SqlParams): Promise<T[]> {
  const reader = await conn.runAndReadAll(sql, bindable(params) as never);
  const names = reader.columnNames();
  const types = reader.columnTypes().map((t) => t.typeId as number);
  const rows = reader.getRowsJS();
  return rows.map((r) => {
    const o: Record<string, unknown> = {};
    for (let i = 0; i < names.length; i++) o[names[i]] = convert(r[i], types[i]);
    return o as T;
  });
}

async function runOn(conn: DuckDBConnection, sql: string, params?: SqlParams): Promise<void> {
  await conn.run(sql, bindable(params) as never);
}

// ---------------------------------------------------------------------------------------------
// migrations

export function migrationFiles(dir = join(warehouseDir(), 'migrations')): string[] {
  return readdirSync(dir)
    .filter((f) => /^\d{3}-.+\.sql$/.test(f))
    .sort();
}

/** Applies every migration not yet recorded in schema_migrations, each in its own transaction. */
export async function applyMigrations(conn: DuckDBConnection, dir = join(warehouseDir(), 'migrations')): Promise<string[]> {
  await conn.run(`CREATE TABLE IF NOT EXISTS schema_migrations (name VARCHAR PRIMARY KEY, applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp)`);
  // Files created by the interim openers of other modules recorded their migrations in
  // `schema_migration` (singular): honour them so 001 is not applied twice.
  const legacy = await allOn<{ n: number }>(conn, `SELECT count(*) AS n FROM information_schema.tables WHERE table_name = 'schema_migration'`);
  if (legacy[0].n > 0) {
    await conn.run(`INSERT INTO schema_migrations (name) SELECT name FROM schema_migration WHERE name NOT IN (SELECT name FROM schema_migrations)`);
  }
  const done = new Set((await allOn<{ name: string }>(conn, 'SELECT name FROM schema_migrations')).map((r) => r.name));
  const applied: string[] = [];
  for (const f of migrationFiles(dir)) {
    if (done.has(f)) continue;
    const sql = readFileSync(join(dir, f), 'utf8');
    await conn.run('BEGIN TRANSACTION');
    try {
      await conn.run(sql);
      await conn.run('INSERT INTO schema_migrations (name) VALUES ($1)', [f]);
      await conn.run('COMMIT');
    } catch (e) {
      await conn.run('ROLLBACK').catch(() => {});
      throw new Error(`Lỗi áp dụng migration ${f} / migration ${f} failed: ${(e as Error).message}`);
    }
    applied.push(f);
  }
  return applied;
}

// ---------------------------------------------------------------------------------------------
// the shared handle

interface Shared {
  wh: Warehouse;
  instance: DuckDBInstance;
  refs: number;
  pinned: boolean;
}

const handles = STATE.handles;

/** Keeps the handle of `path` open for the life of the process (the dashboard server). */
export async function pinWarehouse(path = defaultDbPath()): Promise<void> {
  const s = await handles.get(resolve(path));
  if (s) s.pinned = true;
}

function sleep(ms: number) {
  return new Promise((r) => setTimeout(r, ms));
}

async function createInstance(path: string, busyTimeoutMs: number): Promise<DuckDBInstance> {
  const start = Date.now();
  let delay = 50;
  for (;;) {
    try {
      return await DuckDBInstance.create(path);
    } catch (e) {
      if (!isLockError(e)) throw e;
      if (Date.now() - start >= busyTimeoutMs) throw new WarehouseBusyError(path, (e as Error).message);
      await sleep(Math.min(delay, Math.max(0, busyTimeoutMs - (Date.now() - start))));
      delay = Math.min(delay * 2, 1000);
    }
  }
}

const TX_CONTROL = /^\s*(BEGIN|START\s+TRANSACTION|COMMIT|END|ROLLBACK|ABORT)\b/i;

function makeHandle(path: string, instance: DuckDBInstance, conn: DuckDBConnection, shared: () => Shared): Warehouse {
  let writeConn: DuckDBConnection | null = null;
  let queue: Promise<unknown> = Promise.resolve();

  const txHandle = (c: DuckDBConnection): Warehouse => {
    // DuckDB has no nested transactions, and a BEGIN sent inside one aborts the outer transaction.
    // Code that may run either alone or inside a load (e.g. checks: "BEGIN, or join the caller's")
    // gets the error here, client-side, and the outer transaction stays healthy.
    const guard = (sql: string) => {
      if (TX_CONTROL.test(sql)) throw new Error('Đã ở trong một giao dịch / already inside a transaction: ' + sql.trim().split(/\s+/)[0]);
    };
    const tx: Warehouse = {
      path,
      conn: c,
      all: (sql, params) => (guard(sql), allOn(c, sql, params)),
      run: async (sql, params) => (guard(sql), runOn(c, sql, params)),
      transaction: (fn) => fn(tx),
      close: async () => {}
    };
    return tx;
  };

  const wh: Warehouse = {
    path,
    conn,
    all: (sql, params) => allOn(conn, sql, params),
    run: (sql, params) => runOn(conn, sql, params),
    transaction<T>(fn: (tx: Warehouse) => Promise<T>): Promise<T> {
      const next = queue.then(async () => {
        writeConn ??= await instance.connect();
        const c = writeConn;
        await c.run('BEGIN TRANSACTION');
        try {
          const r = await fn(txHandle(c));
          await c.run('COMMIT');
          return r;
        } catch (e) {
          await c.run('ROLLBACK').catch(() => {});
          throw e;
        }
      });
      queue = next.catch(() => {});
      return next;
    },
    async close() {
      const s = shared();
      s.refs = Math.max(0, s.refs - 1);
      if (s.refs > 0 || s.pinned) return;
      await queue;
      handles.delete(path);
      writeConn?.closeSync();
      conn.closeSync();
      instance.closeSync();
    }
  };
  return wh;
}

/**
 * Opens (or returns this process's shared handle to) the warehouse file: PARBOARD_DB, else
 * data/parboard.duckdb under the current directory. Creates the directory, applies migrations and
 * brings the indicator dimension in line with the catalogue.
 */
export async function openWarehouse(path?: string, opts: OpenOptions = {}): Promise<Warehouse> {
  const file = resolve(path ?? defaultDbPath());
  let p = handles.get(file);
  if (!p) {
    p = (async () => {
      mkdirSync(dirname(file), { recursive: true });
      const busy = opts.busyTimeoutMs ?? Number(process.env.PARBOARD_BUSY_TIMEOUT_MS ?? 30_000);
      const instance = await createInstance(file, busy);
      let shared: Shared;
      try {
        const conn = await instance.connect();
        await applyMigrations(conn);
        const wh = makeHandle(file, instance, conn, () => shared);
        shared = { wh, instance, refs: 0, pinned: false };
        if (opts.syncCatalogue !== false) {
          await syncCatalogueFromFile(wh);
        }
        return shared;
      } catch (e) {
        instance.closeSync();
        throw e;
      }
    })();
    handles.set(file, p);
    p.catch(() => handles.delete(file));
  }
  const s = await p;
  s.refs++;
  return s.wh;
}

/** Closes every handle of this process regardless of references (tests, process exit). */
export async function closeAllWarehouses(): Promise<void> {
  for (const [k, p] of [...handles]) {
    handles.delete(k);
    const s = await p.catch(() => null);
    if (!s) continue;
    s.refs = 0;
    s.pinned = false;
    try {
      s.wh.conn.closeSync();
      s.instance.closeSync();
    } catch {
      /* already closed */
    }
  }
}

export function sha256(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}
