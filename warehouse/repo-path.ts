/**
 * Data files (catalogue, rules, models, migrations, loader vocabularies) are read at run time from
 * the source tree. Under tsx/vitest a module sits next to its data, but in the built server the
 * module is bundled into build/server/chunks/, so "next to this file" is wrong there. Every reader
 * resolves its data from the repository root instead: the nearest ancestor holding parboard's
 * package.json (the build stays inside the repo), else the working directory.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | null = null;

function isRepoRoot(dir: string): boolean {
  const pkg = join(dir, 'package.json');
  if (!existsSync(pkg)) return false;
  try {
    return (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'parboard';
  } catch {
    return false;
  }
}

export function repoRoot(): string {
  if (root) return root;
  for (const start of [dirname(fileURLToPath(import.meta.url)), process.cwd()]) {
    let dir = resolve(start);
    for (;;) {
      if (isRepoRoot(dir)) return (root = dir);
      const up = dirname(dir);
      if (up === dir) break;
      dir = up;
    }
  }
  return (root = process.cwd());
}

/** Absolute path of a file given relative to the repository root, e.g. repoPath('loaders/places.json'). */
export function repoPath(...parts: string[]): string {
  return join(repoRoot(), ...parts);
}
