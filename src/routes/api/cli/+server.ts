/**
 * Forwarded CLI commands (see warehouse/db.ts, cli/forward.ts): a `parboard` process that finds the
 * warehouse owned by this server POSTs its argv here. Loopback callers with the owner token only;
 * the command runs in this process against the shared handle, one at a time.
 */
import { json, type RequestHandler } from '@sveltejs/kit';
import { handleForward, TOKEN_HEADER } from '../../../../cli/forward.ts';
import type { Command } from '../../../../cli/command.ts';
import { main } from '../../../../cli/main.ts';

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
  const r = await handleForward({
    remoteAddress: getClientAddress(),
    token: request.headers.get(TOKEN_HEADER),
    body,
    main,
    commands: await loadCommands()
  });
  return json(r.body, { status: r.status });
};
