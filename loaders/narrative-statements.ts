/**
 * Numbers stated in a report's narrative ("được giao 31 biên chế", "tiếp nhận 16 hồ sơ"), read with the
 * patterns in warehouse/checks/narrative-patterns.json where the wording names the indicator clearly.
 * Used by the narrative_mismatch check. Sections about plans for the next period are skipped: their
 * numbers are targets, not results.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fold as foldVietnamese } from './fold.ts'; // = warehouse/text-fold.ts foldVietnamese, table-driven
import type { NarrativeStatement } from './types.ts';
import { repoPath } from '../warehouse/repo-path.ts';

interface PatternSpec { indicator: string; pattern: string }
interface PatternFile { patterns: PatternSpec[]; skip_sections?: string[] }

const PATTERNS_PATH = repoPath('warehouse', 'checks', 'narrative-patterns.json');
const NUMBER = '(?<n>\\d{1,3}(?:\\.\\d{3})+(?!\\d)|\\d+)';

let cached: { file: PatternFile; res: { indicator: string; re: RegExp }[] } | null = null;

function compiled() {
  if (!cached) {
    const file = JSON.parse(readFileSync(PATTERNS_PATH, 'utf8')) as PatternFile;
    cached = { file, res: file.patterns.map((p) => ({ indicator: p.indicator, re: new RegExp(`(?<![\\w.])${p.pattern.replace('{n}', NUMBER)}`, 'gd') })) };
  }
  return cached;
}

function clean(line: string): string {
  return line.replace(/<[^>]*>/g, ' ').replace(/[*_#`|]/g, ' ');
}

function parseNumber(s: string): number {
  return Number(s.replace(/\./g, ''));
}

/**
 * @param lines the whole text, one entry per line
 * @param tableStartLine 1-based line where the statistical table starts; the narrative is everything before it
 *   (0 or less: the whole text)
 */
export function extractNarrativeStatements(lines: string[], tableStartLine: number): NarrativeStatement[] {
  const { file, res } = compiled();
  const end = tableStartLine > 0 ? Math.min(lines.length, tableStartLine - 1) : lines.length;
  const skipHeads = (file.skip_sections ?? []).map((s) => foldVietnamese(s));
  // Join the narrative into one folded string, remembering where each line starts.
  let text = '';
  const starts: { offset: number; line: number }[] = [];
  let skipping = false;
  for (let i = 0; i < end; i++) {
    const folded = foldVietnamese(clean(lines[i]));
    if (!folded) continue;
    const heading = /^(?:[ivx]+\.|[0-9]+\.)?\s*[a-z ,]{0,12}$/.test(folded.slice(0, 14)) && /^(?:[ivx]+\.\s*)/.test(folded);
    if (heading) skipping = skipHeads.some((h) => folded.includes(h));
    if (skipping) { text += ' | '; continue; }
    starts.push({ offset: text.length, line: i + 1 });
    text += folded + ' ';
  }
  const lineAt = (offset: number) => {
    let lo = 0, hi = starts.length - 1, best = starts[0]?.line ?? 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (starts[mid].offset <= offset) { best = starts[mid].line; lo = mid + 1; } else hi = mid - 1;
    }
    return best;
  };
  const out: NarrativeStatement[] = [];
  const seen = new Set<string>();
  for (const { indicator, re } of res) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const n = m.groups?.n;
      if (!n) continue;
      const value = parseNumber(n);
      if (!Number.isFinite(value)) continue;
      const numOffset = (m as any).indices?.groups?.n?.[0] ?? m.index;
      const line = lineAt(numOffset);
      const key = `${indicator}|${value}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ indicator, value, line, text: lines[line - 1].replace(/<[^>]*>|\*\*/g, '').trim().slice(0, 200) });
    }
  }
  return out.sort((a, b) => a.line - b.line);
}
