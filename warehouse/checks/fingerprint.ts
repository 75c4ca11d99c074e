import { createHash } from 'node:crypto';

/** Identity of a flag across recomputation: follow-up statuses are keyed by it. */
export function fingerprintOf(kind: string, ruleId: string, unitId: number, periodId: number, indicators: string[]): string {
  // md5 so that SQL (md5()) and JS produce the same fingerprint for the same flag.
  return createHash('md5').update([kind, ruleId, unitId, periodId, [...indicators].sort().join(',')].join('|')).digest('hex').slice(0, 20);
}
