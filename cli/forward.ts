/**
 * Forwarding CLI commands to the process that owns the warehouse file (see the design note at the
 * top of warehouse/db.ts). Three parts:
 * - registerOwner({port}): the dashboard server, once listening, writes `<db>.owner.json`
 *   {pid, port, token, db} (mode 0600) and removes it on exit;
 * - cliEntry(argv): what bin/parboard.js runs. When a live owner is registered for the warehouse
 *   this CLI would open, the command is sent to it over loopback HTTP instead of touching the file;
 * - handleForward(request): the server side (src/routes/api/cli/+server.ts, or any node:http
 *   server in tests): loopback only, token checked, one command at a time, output buffered.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { defaultDbPath, openWarehouse, pinWarehouse, setDefaultDbPath } from '../warehouse/db.ts';
import { consoleIO, type Command, type CommandIO } from './command.ts';

export interface OwnerInfo {
  pid: number;
  port: number;
  token: string;
  db: string;
  started_at: string;
}

export interface ForwardRequestBody {
  argv: string[];
  cwd: string;
  db?: string;
}

export interface ForwardResponseBody {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export const TOKEN_HEADER = 'x-parboard-token';

export function ownerFilePath(dbPath: string): string {
  return `${resolve(dbPath)}.owner.json`;
}

function pidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The registered owner of dbPath if its process is alive; a stale file (dead pid, garbage) is removed. */
export function readLiveOwner(dbPath: string): OwnerInfo | null {
  const file = ownerFilePath(dbPath);
  if (!existsSync(file)) return null;
  let info: OwnerInfo | null = null;
  try {
    info = JSON.parse(readFileSync(file, 'utf8')) as OwnerInfo;
  } catch {
    info = null;
  }
  if (info && pidAlive(info.pid) && Number.isInteger(info.port) && typeof info.token === 'string') return info;
  try {
    unlinkSync(file);
  } catch {
    /* another process removed it first */
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// owner side

// On globalThis for the same reason as warehouse/db.ts's handles: one owner record per process.
const OWNER: { registered: OwnerInfo | null; chain: Promise<unknown> } = ((globalThis as Record<symbol, unknown>)[
  Symbol.for('parboard.owner')
] ??= { registered: null, chain: Promise.resolve() }) as { registered: OwnerInfo | null; chain: Promise<unknown> };

/**
 * Called by the dashboard server once it listens. Keeps the warehouse handle open for the life of
 * the process and advertises it to CLI processes. Returns the owner record and an unregister().
 */
export async function registerOwner(opts: { port: number; dbPath?: string }): Promise<OwnerInfo & { file: string; unregister(): void }> {
  const db = resolve(opts.dbPath ?? defaultDbPath());
  setDefaultDbPath(db);
  await openWarehouse(db);
  await pinWarehouse(db);
  const info: OwnerInfo = { pid: process.pid, port: opts.port, token: randomBytes(24).toString('hex'), db, started_at: new Date().toISOString() };
  const file = ownerFilePath(db);
  writeFileSync(file, JSON.stringify(info), { mode: 0o600 });
  OWNER.registered = info;
  const unregister = () => {
    try {
      // Only our own file: a later owner may have replaced it.
      if (existsSync(file) && (JSON.parse(readFileSync(file, 'utf8')) as OwnerInfo).token === info.token) unlinkSync(file);
    } catch {
      /* best effort on exit */
    }
    if (OWNER.registered === info) OWNER.registered = null;
  };
  process.once('exit', unregister);
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(sig, () => {
      unregister();
      // Nobody else handles the signal: keep its default meaning (terminate).
      if (process.listenerCount(sig) === 0) process.kill(process.pid, sig);
    });
  }
  return { ...info, file, unregister };
}

export function isLoopback(address: string | null | undefined): boolean {
  if (!address) return false;
  return address === '::1' || address === '127.0.0.1' || address.startsWith('127.') || address.startsWith('::ffff:127.');
}

function tokenMatches(given: string | null | undefined, expected: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export type MainFn = (argv: string[], io: CommandIO, commands?: Map<string, Command>) => Promise<number>;


/**
 * Server side of a forwarded command. Returns an HTTP status and a JSON body. Commands run one at a
 * time (a promise chain), in this process, against its shared warehouse handle.
 */
export async function handleForward(req: {
  remoteAddress: string | null | undefined;
  token: string | null | undefined;
  body: unknown;
  main?: MainFn;
  commands?: Map<string, Command>;
}): Promise<{ status: number; body: ForwardResponseBody | { error: string } }> {
  if (!isLoopback(req.remoteAddress)) return { status: 403, body: { error: 'loopback only / chỉ nhận từ máy này' } };
  const registered = OWNER.registered;
  if (!registered) return { status: 503, body: { error: 'not the warehouse owner / tiến trình này không giữ kho dữ liệu' } };
  if (!tokenMatches(req.token, registered.token)) return { status: 403, body: { error: 'bad token / sai mã xác thực' } };
  const b = req.body as ForwardRequestBody;
  if (!b || !Array.isArray(b.argv) || !b.argv.every((a) => typeof a === 'string') || typeof b.cwd !== 'string' || !isAbsolute(b.cwd)) {
    return { status: 400, body: { error: 'bad request: {argv: string[], cwd: absolute path}' } };
  }
  if (b.db && resolve(b.db) !== registered.db) return { status: 409, body: { error: `this server owns ${registered.db}, not ${b.db}` } };
  const run = OWNER.chain.then(async () => {
    const main: MainFn = req.main ?? (await import('./main.ts')).main;
    const out: string[] = [];
    const err: string[] = [];
    const io: CommandIO = {
      out: (t) => void out.push(t.endsWith('\n') ? t : t + '\n'),
      err: (t) => void err.push(t.endsWith('\n') ? t : t + '\n'),
      cwd: b.cwd
    };
    let exitCode: number;
    try {
      exitCode = await main(b.argv, io, req.commands);
    } catch (e) {
      err.push(`parboard: ${(e as Error).message}\n`);
      exitCode = 1;
    }
    return { exitCode, stdout: out.join(''), stderr: err.join('') };
  });
  OWNER.chain = run.catch(() => {});
  return { status: 200, body: await run };
}

// ---------------------------------------------------------------------------------------------
// CLI side

/** Commands that never touch the warehouse file, or use their own (bench), run locally. */
function needsWarehouse(argv: string[]): boolean {
  const [name, ...rest] = argv;
  if (!name || name.startsWith('-') || name === 'help') return false;
  if (rest.includes('--help') || rest.includes('-h')) return false;
  if (name === 'extract' || name === 'bench') return false;
  if (name === 'demo') return rest.includes('--load');
  return true;
}

/** Arguments naming an existing file or directory become absolute (the server has another cwd). */
export function absolutiseArgs(argv: string[], cwd: string): string[] {
  return argv.map((a, i) => {
    if (i === 0 || a.startsWith('-') || isAbsolute(a)) return a;
    const p = resolve(cwd, a);
    return existsSync(p) ? p : a;
  });
}

async function forward(owner: OwnerInfo, argv: string[], cwd: string): Promise<ForwardResponseBody | null> {
  const body: ForwardRequestBody = { argv: absolutiseArgs(argv, cwd), cwd, db: owner.db };
  let res: Response;
  try {
    res = await fetch(`http://127.0.0.1:${owner.port}/api/cli`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [TOKEN_HEADER]: owner.token },
      body: JSON.stringify(body)
    });
  } catch {
    return null; // nobody listening (server starting or gone): fall back to opening the file
  }
  if (res.status !== 200) return null;
  try {
    return (await res.json()) as ForwardResponseBody;
  } catch {
    return null;
  }
}

/**
 * The CLI's entry point: forwards to a live owner when there is one, else runs the command here.
 * Returns the exit code.
 */
export async function cliEntry(argv: string[], io: CommandIO = consoleIO): Promise<number> {
  const { main } = await import('./main.ts');
  if (needsWarehouse(argv)) {
    const owner = readLiveOwner(defaultDbPath(io.cwd));
    if (owner && owner.pid !== process.pid) {
      const r = await forward(owner, argv, io.cwd);
      if (r) {
        if (r.stdout) io.out(r.stdout);
        if (r.stderr) io.err(r.stderr);
        return r.exitCode;
      }
    }
  }
  return main(argv, io);
}
