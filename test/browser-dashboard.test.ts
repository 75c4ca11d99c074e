/**
 * Browser tests of the BUILT dashboard (scripts/test.js runs `vite build` first): one server on a
 * free port with a temp warehouse (the demo province when `parboard demo --load` works, else the
 * dashboard fixture), one Debian chromium driven by playwright-core for every view.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openFixture } from './dashboard-fixture.ts';
import { CHROMIUM, CHROMIUM_ARGS, ROOT, SHOTS, canRunBrowser, freePort } from './browser-harness.ts';

const canRun = canRunBrowser;

let dir: string;
let server: ChildProcess;
let context: BrowserContext;
let page: Page;
let base: string;
let usingDemo = false;
const consoleErrors: string[] = [];


async function waitFor(url: string, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    try {
      const r = await fetch(url);
      if (r.status < 500) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`server did not start: ${url}`);
}

async function visit(path: string): Promise<void> {
  await page.goto(base + path, { waitUntil: 'networkidle' });
}

async function chartsReady(): Promise<void> {
  await page.waitForFunction(
    () => [...document.querySelectorAll('.vega')].every((e) => e.getAttribute('data-status') !== 'loading'),
    null,
    { timeout: 20_000 }
  );
}

async function shot(name: string): Promise<void> {
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

beforeAll(async () => {
  if (!canRun) return;
  mkdirSync(SHOTS, { recursive: true });
  dir = mkdtempSync(join(tmpdir(), 'parboard-browser-'));
  const db = join(dir, 'w.duckdb');
  const demo = spawnSync(process.execPath, ['bin/parboard.js', 'demo', '--load', '--out', join(dir, 'demo')], {
    cwd: ROOT,
    env: { ...process.env, PARBOARD_DB: db },
    encoding: 'utf8',
    timeout: 240_000
  });
  usingDemo = demo.status === 0;
  if (!usingDemo) {
    rmSync(db, { force: true });
    await (await openFixture(db)).close();
  }
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  server = spawn(process.execPath, ['build'], {
    cwd: ROOT,
    env: { ...process.env, PARBOARD_DB: db, PORT: String(port), HOST: '127.0.0.1' },
    stdio: 'ignore'
  });
  await waitFor(base + '/', 30_000);
  // A fresh profile directory per run (playwright takes it as launchPersistentContext's argument).
  context = await chromium.launchPersistentContext(join(dir, 'profile'), {
    executablePath: CHROMIUM,
    viewport: { width: 1366, height: 900 },
    acceptDownloads: true,
    locale: 'vi-VN',
    args: CHROMIUM_ARGS
  });
  page = context.pages()[0] ?? (await context.newPage());
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(`${page.url()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => consoleErrors.push(`${page.url()}: ${e.message}`));
}, 300_000);

afterAll(async () => {
  await context?.close();
  if (server?.pid) server.kill('SIGTERM');
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!canRun)('dashboard in a browser', () => {
  it('overview renders headline, completeness and flags, with the demo banner', async () => {
    await visit('/');
    await expect(page.locator('nav a').count()).resolves.toBeGreaterThanOrEqual(7);
    await expect(page.getByTestId('headline').locator('.card').count()).resolves.toBe(4);
    await expect(page.getByTestId('completeness').textContent()).resolves.toMatch(/Đúng hạn: \d+/);
    await expect(page.getByTestId('scope').textContent()).resolves.toMatch(/\d+ đơn vị, \d+ báo cáo/);
    await expect(page.getByTestId('demo-banner').count()).resolves.toBe(1);
    await shot('overview');
  });

  it('filters change the URL and the content; reload and back restore the view', async () => {
    await visit('/compare');
    await chartsReady();
    const before = await page.getByTestId('scope').textContent();
    const levels = await page.locator('select[name=level] option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    const level = levels.find((v) => v !== '')!;
    await page.selectOption('select[name=level]', level);
    await page.waitForURL(/level=/);
    expect(new URL(page.url()).searchParams.get('level')).toBe(level);
    await expect.poll(() => page.getByTestId('scope').textContent(), { timeout: 10_000 }).not.toBe(before);
    const after = await page.getByTestId('scope').textContent();
    await page.selectOption('select[name=sort]', 'name');
    await page.waitForURL(/sort=name/);
    await page.reload({ waitUntil: 'networkidle' });
    await expect(page.locator('select[name=level]').inputValue()).resolves.toBe(level);
    await expect(page.locator('select[name=sort]').inputValue()).resolves.toBe('name');
    await expect(page.getByTestId('scope').textContent()).resolves.toBe(after);
    await page.goBack({ waitUntil: 'networkidle' });
    expect(new URL(page.url()).searchParams.get('sort')).toBeNull();
    await expect.poll(() => page.locator('select[name=sort]').inputValue()).toBe('desc');
    await page.goBack({ waitUntil: 'networkidle' });
    expect(new URL(page.url()).searchParams.get('level')).toBeNull();
    await expect.poll(() => page.getByTestId('scope').textContent(), { timeout: 10_000 }).toBe(before);
    await expect.poll(() => page.locator('select[name=level]').inputValue()).toBe('');
  });

  it('compare shows bars, heat map (Arrow) and scatter, and exports each format', async () => {
    await visit('/compare');
    await chartsReady();
    await expect(page.locator('[data-testid=chart-bars] svg').count()).resolves.toBeGreaterThan(0);
    await expect(page.locator('[data-testid=chart-heatmap] .vega svg').count()).resolves.toBe(1);
    await shot('compare');
    // Clicking a unit's bar opens its profile.
    await page.locator('[data-testid=chart-bars] .vega svg path[aria-roledescription=bar]').first().click();
    await page.waitForURL(/\/unit\?.*unit=\d+/);
    await expect(page.getByTestId('unit-reports').locator('tbody tr').count()).resolves.toBeGreaterThan(0);
    await page.goBack({ waitUntil: 'networkidle' });
    await chartsReady();
    const expected: Record<string, (b: Buffer) => boolean> = {
      png: (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
      svg: (b) => /<svg[\s>]/.test(b.toString('utf8')),
      csv: (b) => b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf && b.toString('utf8').includes('Đơn vị'),
      xlsx: (b) => b[0] === 0x50 && b[1] === 0x4b
    };
    for (const [fmt, check] of Object.entries(expected)) {
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(`export-bars-${fmt}`).click()]);
      expect(download.suggestedFilename().endsWith(`.${fmt}`)).toBe(true);
      const path = join(dir, `bars.${fmt}`);
      await download.saveAs(path);
      const bytes = readFileSync(path);
      expect(bytes.length).toBeGreaterThan(100);
      expect(check(bytes)).toBe(true);
    }
  });

  it('trends, unit profile, indicators, anomalies and sources render with data', async () => {
    await visit('/trends');
    await chartsReady();
    await expect(page.locator('[data-testid=chart-trend] .vega svg').count()).resolves.toBe(1);
    await shot('trends');

    const unitId = await page.locator('select[name=units] option').first().getAttribute('value');
    await visit(`/unit?unit=${unitId}`);
    await expect(page.getByTestId('unit-reports').locator('tbody tr').count()).resolves.toBeGreaterThan(0);
    await shot('unit');

    await visit('/indicators?indicator=tthc.files_on_time_rate');
    await chartsReady();
    await expect(page.getByTestId('indicator-definition').textContent()).resolves.toContain('tthc.files_on_time_rate');
    await expect(page.getByTestId('catalogue').locator('tbody tr').count()).resolves.toBeGreaterThan(0);
    await shot('indicators');

    await visit('/anomalies');
    await chartsReady();
    const nFlags = await page.getByTestId('flag-table').locator('tbody tr').count();
    if (nFlags === 0) {
      // No checks have run on this warehouse: the view says so instead of showing an empty table.
      await expect(page.locator('main .state.empty').count()).resolves.toBe(1);
    } else {
      await page.selectOption('select[name=severity]', 'error');
      await page.waitForURL(/severity=error/);
      await expect.poll(() => page.getByTestId('flag-count').textContent()).toMatch(/^\d+ /);
      const nErrors = await page.getByTestId('flag-table').locator('tbody tr').count();
      expect(nErrors).toBeLessThanOrEqual(nFlags);
    }
    await shot('anomalies');
    if (nFlags > 0 && (await page.getByTestId('flag-source').count()) > 0) {
      await page.getByTestId('flag-source').first().click();
      await page.waitForURL(/\/sources\?.*doc=/);
      await expect(page.locator('.source-text .ln.hl').count()).resolves.toBeGreaterThan(0);
    }

    await visit('/sources');
    await expect(page.getByTestId('documents').locator('tbody tr').count()).resolves.toBeGreaterThan(0);
    await shot('sources');
    // A source document beside its extracted rows, with a requested line highlighted.
    const href = await page.getByTestId('documents').locator('tbody tr a').first().getAttribute('href');
    await visit(`${href}&line=3`);
    await expect(page.getByTestId('extracted-rows').locator('tbody tr').count()).resolves.toBeGreaterThan(0);
    await expect(page.locator('.source-text .ln.hl').count()).resolves.toBeGreaterThan(0);
    await expect(page.locator('#L3').getAttribute('class')).resolves.toContain('hl');
    await shot('source-document');
  });

  it('switches to English and keeps vi-VN numbers in Vietnamese', async () => {
    await visit('/?lang=en');
    await expect(page.locator('nav').textContent()).resolves.toContain('Overview');
    await visit('/?lang=vi');
    await expect(page.locator('nav').textContent()).resolves.toContain('Tổng quan');
    const big = await page.getByTestId('headline').locator('.big').allTextContents();
    for (const b of big) expect(b).not.toMatch(/\d\.\d%/);
  });

  it('prints as a clean page: navigation, filters and export buttons hidden', async () => {
    await visit('/compare');
    await chartsReady();
    await page.emulateMedia({ media: 'print' });
    await expect(page.locator('nav').isVisible()).resolves.toBe(false);
    await expect(page.locator('form.filters').first().isVisible()).resolves.toBe(false);
    await expect(page.locator('.exports').first().isVisible()).resolves.toBe(false);
    await expect(page.locator('[data-testid=chart-bars] .vega svg').isVisible()).resolves.toBe(true);
    await shot('compare-print');
    const pdf = await page.pdf({ landscape: true, format: 'A4', printBackground: true });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    await page.emulateMedia({ media: 'screen' });
  });

  it('logged no console errors on any view', () => {
    expect(consoleErrors).toEqual([]);
    expect(typeof usingDemo).toBe('boolean');
  });
});
