/**
 * Shared pieces of the browser tests: where the built app and Debian chromium are, the launch flags
 * this machine needs, and a free loopback port. `npm test` builds the app and installs chromium
 * first and sets PARBOARD_REQUIRE_BROWSER=1, so there a missing build or browser is a failure,
 * not a silent skip; a bare `npx vitest run` without them skips the browser suites.
 */
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '..');
export const SHOTS = join(ROOT, 'test-artifacts', 'screenshots');
export const CHROMIUM = '/usr/bin/chromium';
/** No sandbox (root), no GPU, and no background networking: the machine's network is closed. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync'
];

const missing = [
  existsSync(join(ROOT, 'build', 'index.js')) ? null : 'build/index.js (run vite build)',
  existsSync(CHROMIUM) ? null : `${CHROMIUM} (apt-get install chromium)`
].filter(Boolean);
if (missing.length && process.env.PARBOARD_REQUIRE_BROWSER === '1') {
  throw new Error(`Browser tests cannot run, missing: ${missing.join(', ')}`);
}
export const canRunBrowser = missing.length === 0;

export function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => res(p));
    });
    s.on('error', rej);
  });
}
