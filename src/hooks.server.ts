/**
 * Server start: open the shared warehouse once, and tell the CLI that this process owns the DuckDB
 * file (registerOwner) so `parboard load` run while the dashboard is up is forwarded here instead of
 * failing on the file lock.
 */
import type { Handle, ServerInit } from '@sveltejs/kit';
import { warehouse, dbPath } from '$lib/server/warehouse.ts';

import { registerOwner } from '../cli/forward.ts';

let started = false;
async function startOnce() {
  if (started) return;
  started = true;
  try {
    await warehouse();
    const port = Number(process.env.PORT ?? 3000);
    await registerOwner({ port, dbPath: dbPath() });
  } catch (e) {
    started = false;
    console.error('[parboard] không mở được kho dữ liệu / cannot open the warehouse:', (e as Error).message);
  }
}
export const init: ServerInit = async () => {
  await startOnce();
  // adapter-node closes the HTTP server on SIGTERM/SIGINT, but the open warehouse keeps the event
  // loop alive: exit once the server has shut down (exit handlers release the owner file).
  process.once('sveltekit:shutdown' as never, () => process.exit(0));
};

export const handle: Handle = async ({ event, resolve }) => {
  await startOnce();
  const lang = event.url.searchParams.get('lang') ?? event.cookies.get('lang');
  const l = lang === 'en' ? 'en' : 'vi';
  if (event.url.searchParams.has('lang')) event.cookies.set('lang', l, { path: '/', httpOnly: false, sameSite: 'lax' });
  return resolve(event, { transformPageChunk: ({ html }) => html.replace('<html lang="vi">', `<html lang="${l}">`) });
};
