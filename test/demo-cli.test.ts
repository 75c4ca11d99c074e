/** `parboard demo --out DIR`: writes every report file and the manifest, deterministically. */
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../cli/main.ts';

const dir = mkdtempSync(join(tmpdir(), 'parboard-demo-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t), cwd: dir }, out, err };
}

describe('parboard demo', () => {
  it('writes the report files and demo-manifest.json', async () => {
    const c = capture();
    expect(await main(['demo', '--out', 'a', '--json'], c.io)).toBe(0);
    const s = JSON.parse(c.out[0]);
    const files = readdirSync(join(dir, 'a'));
    expect(files).toContain('demo-manifest.json');
    expect(files.length - 1).toBe(s.reports);
    const manifest = JSON.parse(readFileSync(join(dir, 'a', 'demo-manifest.json'), 'utf8'));
    expect(manifest.reports).toBe(s.reports);
    const late = manifest.injected.find((x: { kind: string }) => x.kind === 'late_report');
    // The file's time is when it reached Sở Nội vụ: after the deadline for a late report.
    const deadline = late.detail.match(/deadline (\d{4}-\d{2}-\d{2})/)[1];
    expect(statSync(join(dir, 'a', late.file)).mtime.toISOString().slice(0, 10) > deadline).toBe(true);
    const again = capture();
    expect(await main(['demo', '--out', 'b'], again.io)).toBe(0);
    for (const f of files) expect(readFileSync(join(dir, 'b', f), 'utf8')).toBe(readFileSync(join(dir, 'a', f), 'utf8'));
  }, 60_000);

  it('refuses too few units and a directory holding other files', async () => {
    const c = capture();
    expect(await main(['demo', '--units', '5', '--out', 'c'], c.io)).toBe(2);
    expect(c.err.join('\n')).toMatch(/30/);
    mkdirSync(join(dir, 'other'), { recursive: true });
    writeFileSync(join(dir, 'other', 'notes.txt'), 'not a demo file');
    const d = capture();
    expect(await main(['demo', '--out', 'other'], d.io)).toBe(1);
    expect(d.err.join('\n')).toMatch(/non-demo files/);
  });
});
