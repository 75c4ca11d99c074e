/**
 * Opens the warehouse for ranking through the shared handle of warehouse/db.ts (migrations applied,
 * one handle per process, reference-counted close).
 */
import { openWarehouse, applyMigrations } from '../db.ts';
import type { RankingDb } from './engine.ts';

export { applyMigrations };

export async function openForRanking(path?: string): Promise<RankingDb & { close(): Promise<void> }> {
  return openWarehouse(path);
}
