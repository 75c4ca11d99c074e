/**
 * Opens the warehouse for the checks' CLI through the shared handle of warehouse/db.ts, so that a
 * process never opens the same DuckDB file twice (the dashboard server holds it open).
 */
import { openWarehouse } from '../db.ts';
import type { CheckDb } from './db-port.ts';

export async function openForChecks(path?: string): Promise<CheckDb & { close(): Promise<void> }> {
  const w = await openWarehouse(path);
  return {
    all: (sql, params = []) => w.all(sql, params as never),
    run: (sql, params = []) => w.run(sql, params as never),
    conn: w.conn,
    transaction: (fn) => w.transaction((tx) => fn({ all: (sql, params = []) => tx.all(sql, params as never), run: (sql, params = []) => tx.run(sql, params as never), conn: tx.conn })),
    close: () => w.close()
  };
}
