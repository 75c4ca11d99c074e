import type { Fact } from './types.ts';

/**
 * Matches extracted table rows onto the indicator catalogue (warehouse/catalogue/).
 * Fills fact.indicator (or leaves null), fact.score and fact.candidates in place.
 * PLACEHOLDER until the catalogue and matcher land: matches nothing.
 */
export function matchFacts(facts: Fact[]): void {
  for (const f of facts) {
    f.indicator = null;
    f.candidates = [];
  }
}
