#!/usr/bin/env node
// `npm start`: builds the dashboard when build/ is missing or older than the sources, loads the demo
// province when the warehouse has no reports (before the server opens the file: DuckDB allows one
// writer process), then serves the app on PORT (default 3000) and prints the URL.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
process.chdir(root);
const PORT = process.env.PORT ?? '3000';
const HOST = process.env.HOST ?? '127.0.0.1';

/** Newest modification time under the given paths (files and directories, recursively). */
function newest(paths) {
  let t = 0;
  const walk = (p) => {
    if (!existsSync(p)) return;
    const s = statSync(p);
    if (s.isDirectory()) {
      for (const f of readdirSync(p)) if (f !== 'node_modules' && !f.startsWith('.')) walk(join(p, f));
    } else t = Math.max(t, s.mtimeMs);
  };
  paths.forEach(walk);
  return t;
}

function needsBuild() {
  const marker = join('build', 'index.js');
  if (!existsSync(marker)) return true;
  const built = statSync(marker).mtimeMs;
  const sources = newest(['src', 'warehouse', 'loaders', 'static', 'svelte.config.js', 'vite.config.ts', 'package.json']);
  return sources > built;
}

if (needsBuild()) {
  console.log('[parboard] Đang dựng giao diện / building the dashboard (vite build)…');
  const r = spawnSync(process.execPath, [join('node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
  if (r.status !== 0) {
    console.error('[parboard] Dựng thất bại / build failed');
    process.exit(1);
  }
}

/** Reports in the warehouse, or null when the status command cannot tell. */
function reportCount() {
  const r = spawnSync(process.execPath, ['bin/parboard.js', 'status', '--json'], { encoding: 'utf8' });
  if (r.status !== 0) return null;
  try {
    return Number(JSON.parse(r.stdout).documents);
  } catch {
    return null;
  }
}

const docs = reportCount();
if (docs === 0 || (docs === null && !existsSync(process.env.PARBOARD_DB ?? join('data', 'parboard.duckdb')))) {
  console.log('[parboard] Kho dữ liệu trống: nạp tỉnh minh họa / empty warehouse: loading the demo province…');
  const r = spawnSync(process.execPath, ['bin/parboard.js', 'demo', '--load'], { stdio: 'inherit' });
  if (r.status !== 0) console.error('[parboard] Không nạp được dữ liệu minh họa / demo load failed; the dashboard starts empty.');
}

const server = spawn(process.execPath, ['build'], {
  stdio: ['inherit', 'pipe', 'inherit'],
  env: { ...process.env, PORT, HOST, BODY_SIZE_LIMIT: process.env.BODY_SIZE_LIMIT ?? '20M' }
});
server.stdout.on('data', (b) => {
  const s = String(b);
  if (/Listening on/.test(s)) console.log(`[parboard] Bảng điều khiển / dashboard: http://${HOST === '0.0.0.0' ? 'localhost' : HOST}:${PORT}/`);
  else process.stdout.write(s);
});
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => server.kill(sig));
server.on('exit', (code) => process.exit(code ?? 0));
