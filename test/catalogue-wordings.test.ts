/**
 * Catalogue self-consistency: every wording (name and alias) of every indicator, under the indicator's
 * own context and unit of measure, must match that indicator and never another one. This is what
 * keeps an alias added for one indicator from silently capturing the rows of another.
 */
import { describe, it, expect } from 'vitest';
import { loadCatalogue } from '../warehouse/catalogue.ts';
import { matchLabel } from '../loaders/indicator-matcher.ts';

describe('catalogue wordings', () => {
  it('each wording matches its own indicator', () => {
    const cat = loadCatalogue();
    const problems: string[] = [];
    let n = 0;
    for (const ind of cat.indicators) {
      const uom = ind.legend ? Object.entries(ind.legend).map(([k, v]) => `${k} = ${v}`).join('; ') : ind.uom;
      for (const w of [ind.name_vi, ...ind.aliases]) {
        n++;
        const r = matchLabel(w, uom, ind.context.length ? [ind.context[0]] : []);
        if (r.indicator !== ind.code) problems.push(`${ind.code}: "${w}" -> ${r.indicator} ${JSON.stringify(r.candidates)}`);
      }
    }
    expect(n).toBeGreaterThan(700);
    expect(problems).toEqual([]);
  });

  it('names are unique after normalisation, so no two indicators read the same', () => {
    const cat = loadCatalogue();
    const seen = new Map<string, string>();
    for (const ind of cat.indicators) {
      const key = ind.name_vi.toLowerCase().replace(/\s+/g, ' ').trim();
      expect(seen.get(key), `${ind.code} repeats the name of ${seen.get(key)}`).toBeUndefined();
      seen.set(key, ind.code);
    }
  });
});
