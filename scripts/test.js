#!/usr/bin/env node
// `npm test`: every test. Installs what the tests need that a fresh machine lacks (Debian chromium
// for the browser tests) where it can, builds the app for the browser tests, then runs vitest and
// prints one closing line "N passed, N failed".
import { execSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';

const CHROMIUM = '/usr/bin/chromium';

function ensureChromium() {
  if (existsSync(CHROMIUM)) return true;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot) {
    console.log('[test] chromium missing: apt-get install -y chromium');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const r1 = spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    const r2 = r1.status === 0 ? spawnSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'inherit', env }) : r1;
    if (r2.status === 0 && existsSync(CHROMIUM)) return true;
  }
  console.error(
    '[test] Browser tests need Debian chromium at /usr/bin/chromium. Install it with:\n' +
      '         sudo apt-get update && sudo apt-get install -y chromium'
  );
  return false;
}

if (!ensureChromium()) process.exit(1);

// Browser tests run against the production build.
execSync('npx vite build', { stdio: 'inherit' });

mkdirSync('test-artifacts', { recursive: true });
const args = ['vitest', 'run', '--reporter=default', '--reporter=json', '--outputFile.json=test-artifacts/vitest.json', ...process.argv.slice(2)];
// The build and chromium are in place now: a browser suite that cannot run must fail, not skip.
const run = spawnSync('npx', args, { stdio: 'inherit', env: { ...process.env, PARBOARD_REQUIRE_BROWSER: '1' } });

let passed = 0;
let failed = 0;
try {
  const report = JSON.parse(readFileSync('test-artifacts/vitest.json', 'utf8'));
  passed = report.numPassedTests;
  failed = report.numFailedTests + (report.numFailedTestSuites ?? 0);
} catch {
  failed = 1;
}
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(run.status === 0 && failed === 0 && passed > 0 ? 0 : 1);
