/** Runs the real CLI (node bin/parboard.js) as a child process against a temp warehouse. */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const BIN = join(ROOT, 'bin', 'parboard.js');

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function parboard(args: string[], opts: { cwd: string; env?: Record<string, string> }): Promise<RunResult> {
  return new Promise((res, rej) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: opts.cwd, env: { ...process.env, ...opts.env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', rej);
    child.on('close', (code) => res({ code, stdout, stderr }));
  });
}

/** A small report in the shape agencies send: header, title with the period, a statistical table. */
export function writeReport(dir: string, name: string, o: { agency: string; province: string; period: string; quota: number; present: number }): string {
  const text = [
    `UBND TỈNH ${o.province.toUpperCase()}`,
    o.agency.toUpperCase(),
    '',
    'Số: 12/BC-SNV',
    '',
    `${o.province}, ngày 10 tháng 3 năm 2024`,
    '',
    'BÁO CÁO',
    `Kết quả công tác cải cách hành chính ${o.period}`,
    '',
    'I. CÔNG TÁC CHỈ ĐẠO ĐIỀU HÀNH',
    'Đơn vị đã ban hành kế hoạch cải cách hành chính.',
    '',
    'BIỂU THỐNG KÊ',
    'STT\tChỉ tiêu\tĐơn vị tính\tSố liệu\tGhi chú',
    '1\tSố nhiệm vụ đề ra trong Kế hoạch CCHC\tNhiệm vụ\t20\t',
    '2\tSố nhiệm vụ đã hoàn thành\tNhiệm vụ\t15\t',
    `3\tTổng số biên chế được giao\tNgười\t${o.quota}\t`,
    `4\tTổng số biên chế có mặt\tNgười\t${o.present}\t`,
    ''
  ].join('\n');
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

export function tempDir(prefix = 'parboard-cli-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}
