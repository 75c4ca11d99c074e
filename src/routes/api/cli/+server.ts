/**
 * Forwarded CLI commands (see warehouse/db.ts, cli/forward.ts): a `parboard` process that finds the
 * warehouse owned by this server POSTs its argv here. Loopback callers with the owner token only;
 * the command runs in this process against the shared handle, one at a time.
 */
import { json, type RequestHandler } from '@sveltejs/kit';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { handleForward, TOKEN_HEADER, type MainFn } from '../../../../cli/forward.ts';
import type { Command } from '../../../../cli/command.ts';
import { main as bundledMain } from '../../../../cli/main.ts';

/**
 * Which main() runs a forwarded command. Preferred: the SOURCE cli/main.ts loaded through tsx, so the
 * command behaves exactly as in the CLI (modules that read their JSON data next to their own file
 * find it; a bundle moves the code away from that data). The warehouse handle is still this
 * process's shared one (warehouse/db.ts keeps it on globalThis). Fallback: the bundled main with
 * the commands Vite bundled.
 */
let sourceMain: Promise<MainFn | null> | null = null;
function loadSourceMain(): Promise<MainFn | null> {
  sourceMain ??= (async () => {
    const file = resolve(process.cwd(), 'cli', 'main.ts');
    if (!existsSync(file)) return null;
    try {
      const api = 'tsx/esm/api';
      const tsx = (await import(/* @vite-ignore */ api)) as { register(): unknown };
      tsx.register();
      const m = (await import(/* @vite-ignore */ pathToFileURL(file).href)) as { main: MainFn };
      return m.main;
    } catch (e) {
      console.error('[parboard] cannot load cli/main.ts from source, using the bundled commands:', (e as Error).message);
      return null;
    }
  })();
  return sourceMain;
}

// A bundled server has no .ts files for cli/main.ts to scan: hand it the commands Vite bundled.
const modules = import.meta.glob<{ command?: Command }>('/cli/commands/*.ts');
let commands: Promise<Map<string, Command>> | null = null;

function loadCommands(): Promise<Map<string, Command>> {
  commands ??= (async () => {
    const map = new Map<string, Command>();
    for (const [path, load] of Object.entries(modules).sort(([a], [b]) => a.localeCompare(b))) {
      try {
        const m = await load();
        if (m.command) map.set(m.command.name, m.command);
      } catch (e) {
        console.error(`[parboard] command module ${path} failed to load:`, (e as Error).message);
      }
    }
    return map;
  })();
  return commands;
}

export const POST: RequestHandler = async ({ request, getClientAddress }) => {
  let body: unknown = null;
  try {
    body = await request.json();
  } catch {
    body = null;
  }
  const source = await loadSourceMain();
  const r = await handleForward({
    remoteAddress: getClientAddress(),
    token: request.headers.get(TOKEN_HEADER),
    body,
    main: source ?? bundledMain,
    commands: source ? undefined : await loadCommands()
  });
  return json(r.body, { status: r.status });
};
