/**
 * Browser test of the Rankings view on the BUILT app (scripts/test.js runs `vite build` first):
 * the fixture warehouse, the leaderboard against `parboard rank --json` of the same warehouse,
 * filters in the URL, a drill-down to the source line, two units side by side, what-if, exports.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM, CHROMIUM_ARGS, ROOT, SHOTS, canRunBrowser, freePort } from './browser-harness.ts';

const canRun = canRunBrowser;

let dir: string;
let server: ChildProcess;
let browser: Browser;
let page: Page;
let base: string;
let cli: any[] = [];
const errors: string[] = [];


beforeAll(async () => {
  if (!canRun) return;
  mkdirSync(SHOTS, { recursive: true });
  dir = mkdtempSync(join(tmpdir(), 'parboard-rank-browser-'));
  const db = join(dir, 'w.duckdb');
  const b = spawnSync(process.execPath, ['--import', 'tsx', 'test/rankings-fixture.ts', db], { cwd: ROOT, encoding: 'utf8' });
  if (b.status !== 0) throw new Error(b.stderr);
  const r = spawnSync(process.execPath, ['bin/parboard.js', 'rank', '--json'], { cwd: ROOT, env: { ...process.env, PARBOARD_DB: db }, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  cli = JSON.parse(r.stdout);
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  server = spawn(process.execPath, ['build'], { cwd: ROOT, env: { ...process.env, PARBOARD_DB: db, PORT: String(port), HOST: '127.0.0.1' }, stdio: 'ignore' });
  const end = Date.now() + 30_000;
  for (;;) {
    try { if ((await fetch(base + '/rankings')).status < 500) break; } catch { /* not up yet */ }
    if (Date.now() > end) throw new Error('server did not start');
    await new Promise((r) => setTimeout(r, 200));
  }
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  page = await (await browser.newContext({ acceptDownloads: true, viewport: { width: 1400, height: 1000 } })).newPage();
  page.on('console', (m) => m.type() === 'error' && errors.push(`${page.url()}: ${m.text()}`));
  page.on('pageerror', (e) => errors.push(`${page.url()}: ${e.message}`));
}, 120_000);

afterAll(async () => {
  await browser?.close();
  if (server?.pid) server.kill('SIGTERM');
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const boardRows = () =>
  page.locator('[data-testid=leaderboard] tbody tr').evaluateAll((trs) =>
    trs.map((tr) => ({ unit: tr.querySelector('[data-testid=unit-link]')!.textContent!.trim(), rank: tr.querySelector('.rank')!.textContent!.trim(), mv: tr.querySelector('.mv')!.textContent!.trim() })));

describe.skipIf(!canRun)('rankings view in a browser', () => {
  it('shows the same ranks as the CLI, sorted, with tiers and movement arrows; filters live in the URL', async () => {
    await page.goto(base + '/rankings', { waitUntil: 'networkidle' });
    const rows = await boardRows();
    expect(rows.length).toBe(cli.length);
    for (const c of cli) {
      const r = rows.find((x) => x.unit === c.unit)!;
      expect(r.rank).toBe(String(c.rank));
      expect(r.mv).toBe(c.movement == null ? '·' : c.movement > 0 ? `▲${c.movement}` : c.movement < 0 ? `▼${-c.movement}` : '=');
    }
    await expect(page.locator('.tier').first().textContent()).resolves.toMatch(/[ABCD] /);
    await page.screenshot({ path: join(SHOTS, 'rankings.png'), fullPage: true });

    await page.selectOption('select[name=level]', 'province-dept');
    await page.waitForURL(/level=province-dept/);
    await expect.poll(async () => (await boardRows()).length).toBe(cli.filter((c) => c.level === 'province-dept').length);
    await page.reload({ waitUntil: 'networkidle' });
    expect((await boardRows()).map((r) => r.unit)).not.toContain('UBND xã Một');
  });

  it('drills down to each criterion and its source line, then compares two units', async () => {
    await page.goto(base + '/rankings', { waitUntil: 'networkidle' });
    await page.locator('[data-testid=unit-link]', { hasText: 'Sở Hai' }).click();
    await page.waitForURL(/unit=\d+/);
    const detail = page.getByTestId('unit-detail');
    await expect(detail.locator('h2').first().textContent()).resolves.toBe('Sở Hai');
    await expect.poll(() => detail.locator('.vega svg').count(), { timeout: 20_000 }).toBe(1);
    const why = detail.getByTestId('why-table');
    // the on-time rate was computed from 45 on-time of 50 resolved files, read on lines 11 and 12
    const onTime = why.locator('tr', { hasText: 'tthc.on_time' });
    await expect(onTime.textContent()).resolves.toMatch(/90/);
    await expect(onTime.locator('a').allTextContents()).resolves.toEqual(['Sở Hai-202402.csv:11', 'Sở Hai-202402.csv:12']);
    await expect(why.locator('tr.missing').count()).resolves.toBeGreaterThan(0);
    await page.screenshot({ path: join(SHOTS, 'rankings-unit.png'), fullPage: true });

    await page.locator('tr', { hasText: 'Sở Ba' }).locator('a.cmp').click();
    await page.waitForURL(/vs=\d+/);
    await expect.poll(() => page.getByTestId('unit-detail').locator('article').count()).toBe(2);
  });

  it('what-if moves ranks without saving; exports the table as CSV (BOM) and XLSX', async () => {
    await page.goto(base + '/rankings?level=province-dept', { waitUntil: 'networkidle' });
    await page.getByTestId('whatif-toggle').click();
    await page.fill('input[data-area=tthc]', '0');
    await page.fill('input[data-area=org]', '0');
    await expect.poll(() => page.locator('td.whatif').count()).toBeGreaterThan(0);
    const whatifText = await page.locator('td.whatif').allTextContents();
    expect(whatifText.join(' ')).toMatch(/#\d/);
    await page.reload({ waitUntil: 'networkidle' });
    await expect(page.locator('td.whatif').count()).resolves.toBe(0);
    for (const fmt of ['csv', 'xlsx']) {
      const [dl] = await Promise.all([page.waitForEvent('download'), page.getByTestId(`export-ranking-${fmt}`).click()]);
      const path = join(dir, `rank.${fmt}`);
      await dl.saveAs(path);
      const bytes = readFileSync(path);
      if (fmt === 'csv') {
        expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
        expect(bytes.toString('utf8')).toContain('Sở Ba');
      } else expect([bytes[0], bytes[1]]).toEqual([0x50, 0x4b]);
    }
    expect(errors).toEqual([]);
  });
});
