/**
 * The lock design with real processes: a warehouse owner (this test process, serving the same
 * handler as src/routes/api/cli/+server.ts through node:http) and `node bin/parboard.js` children.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { handleForward, ownerFilePath, readLiveOwner, registerOwner, TOKEN_HEADER } from '../cli/forward.ts';
import { closeAllWarehouses, openWarehouse } from '../warehouse/db.ts';
import { parboard, ROOT, tempDir, writeReport } from './cli-helpers.ts';

let server: Server | null = null;
const children: ChildProcess[] = [];

afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  await closeAllWarehouses();
});

function serve(): Promise<number> {
  server = createServer((req, res) => {
    let data = '';
    req.on('data', (d) => (data += d));
    req.on('end', async () => {
      let body: unknown = null;
      try {
        body = JSON.parse(data);
      } catch {
        body = null;
      }
      const r = await handleForward({ remoteAddress: req.socket.remoteAddress, token: req.headers[TOKEN_HEADER] as string, body });
      res.writeHead(r.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(r.body));
    });
  });
  return new Promise((r) => server!.listen(0, '127.0.0.1', () => r((server!.address() as { port: number }).port)));
}

/** Another process holding the DuckDB file open (like a second CLI in the middle of a load). */
function holdFile(path: string): Promise<ChildProcess> {
  const duck = pathToFileURL(join(ROOT, 'node_modules', '@duckdb', 'node-api', 'lib', 'index.js')).href;
  const code = `const { DuckDBInstance } = await import(${JSON.stringify(duck)});
    const i = await DuckDBInstance.create(${JSON.stringify(path)}); await i.connect();
    console.log('ready'); setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  return new Promise((res, rej) => {
    child.stdout!.on('data', (d) => String(d).includes('ready') && res(child));
    child.on('exit', (c) => rej(new Error(`holder exited ${c}`)));
  });
}

describe('forwarding to the warehouse owner', () => {
  it('a CLI run while the owner holds the file is executed by the owner, against its handle', async () => {
    const dir = tempDir('parboard-fwd-');
    const db = join(dir, 'w.duckdb');
    const wh = await openWarehouse(db); // this process now holds the file
    const port = await serve();
    const owner = await registerOwner({ port, dbPath: db });
    expect(existsSync(ownerFilePath(db))).toBe(true);
    writeReport(dir, 'snv.md', { agency: 'Sở Nội vụ', province: 'Sơn La', period: 'Quý I năm 2024', quota: 31, present: 29 });
    writeFileSync(join(dir, 'rac.md'), 'không phải báo cáo\n');
    // A short busy timeout: if the command were not forwarded it would fail on the lock.
    const env = { PARBOARD_DB: 'w.duckdb', PARBOARD_BUSY_TIMEOUT_MS: '300' };

    const load = await parboard(['load', 'snv.md', 'rac.md'], { cwd: dir, env });
    expect(load.stdout).toMatch(/^loaded.*snv\.md/m);
    expect(load.stdout).toMatch(/^failed.*rac\.md/m);
    expect(load.code).toBe(1); // the forwarded exit code
    // The rows are visible through this process's shared handle: the load ran here.
    expect((await wh.all<{ n: number }>(`SELECT count(*) AS n FROM document WHERE file_name = 'snv.md'`))[0].n).toBe(1);

    const st = await parboard(['status', '--json'], { cwd: dir, env });
    expect(st.code).toBe(0);
    expect(JSON.parse(st.stdout)).toMatchObject({ documents: 1, units: 1, periods: 1 });
    // forwarded commands closed their reference; the owner's handle stays open (pinned)
    expect((await wh.all<{ n: number }>('SELECT count(*) AS n FROM document'))[0].n).toBe(1);

    // The endpoint refuses other callers.
    const body = { argv: ['status', '--json'], cwd: dir };
    expect((await handleForward({ remoteAddress: '127.0.0.1', token: 'nope', body })).status).toBe(403);
    expect((await handleForward({ remoteAddress: '10.0.0.7', token: owner.token, body })).status).toBe(403);
    expect((await handleForward({ remoteAddress: '::1', token: owner.token, body: { argv: 'status' } })).status).toBe(400);
    expect((await handleForward({ remoteAddress: '::1', token: owner.token, body: { ...body, db: join(dir, 'other.duckdb') } })).status).toBe(409);
    const ok = await handleForward({ remoteAddress: '::ffff:127.0.0.1', token: owner.token, body });
    expect(ok.status).toBe(200);
    expect(JSON.parse((ok.body as { stdout: string }).stdout).documents).toBe(1);

    // Forwarded commands run one at a time: two concurrent loads of different versions both land.
    writeReport(dir, 'v2.md', { agency: 'Sở Nội vụ', province: 'Sơn La', period: 'Quý I năm 2024', quota: 31, present: 30 });
    writeReport(dir, 'v3.md', { agency: 'Sở Nội vụ', province: 'Sơn La', period: 'Quý I năm 2024', quota: 31, present: 28 });
    const both = await Promise.all([
      handleForward({ remoteAddress: '127.0.0.1', token: owner.token, body: { argv: ['load', join(dir, 'v2.md')], cwd: dir } }),
      handleForward({ remoteAddress: '127.0.0.1', token: owner.token, body: { argv: ['load', join(dir, 'v3.md')], cwd: dir } })
    ]);
    expect(both.map((r) => (r.body as { exitCode: number }).exitCode)).toEqual([0, 0]);
    expect(await wh.all('SELECT version, status FROM document ORDER BY version')).toEqual([
      { version: 1, status: 'superseded' },
      { version: 2, status: 'superseded' },
      { version: 3, status: 'current' }
    ]);

    owner.unregister();
    expect(existsSync(ownerFilePath(db))).toBe(false);
  });

  it('a file locked by another process with no owner: bounded retry, then a clear bilingual message', async () => {
    const dir = tempDir('parboard-busy-');
    const db = join(dir, 'w.duckdb');
    const holder = await holdFile(db);
    const r = await parboard(['status', '--json'], { cwd: dir, env: { PARBOARD_DB: db, PARBOARD_BUSY_TIMEOUT_MS: '800' } });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Kho dữ liệu đang được tiến trình khác sử dụng / warehouse is busy (in use by another process)');
    expect(r.stderr).not.toMatch(/Could not set lock|Conflicting lock|IO Error/);
    expect(r.stdout).toBe('');

    // When the other process finishes within the wait, the command simply succeeds.
    const waiting = parboard(['status', '--json'], { cwd: dir, env: { PARBOARD_DB: db, PARBOARD_BUSY_TIMEOUT_MS: '60000' } });
    setTimeout(() => holder.kill('SIGKILL'), 1500);
    const after = await waiting;
    expect(after.code).toBe(0);
    expect(JSON.parse(after.stdout)).toEqual({ documents: 0, units: 0, periods: 0, indicators: 0, facts: 0 });
  });

  it('a stale owner file (dead pid) is ignored and removed', async () => {
    const dir = tempDir('parboard-stale-');
    const db = join(dir, 'w.duckdb');
    const dead = spawn(process.execPath, ['-e', '']);
    await new Promise((r) => dead.on('exit', r));
    writeFileSync(ownerFilePath(db), JSON.stringify({ pid: dead.pid, port: 1, token: 'x', db, started_at: new Date().toISOString() }));
    expect(readLiveOwner(db)).toBeNull();
    expect(existsSync(ownerFilePath(db))).toBe(false);
    writeFileSync(ownerFilePath(db), JSON.stringify({ pid: dead.pid, port: 1, token: 'x', db }));
    const r = await parboard(['status', '--json'], { cwd: dir, env: { PARBOARD_DB: db } });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).documents).toBe(0);
    expect(existsSync(ownerFilePath(db))).toBe(false);
  });
});
