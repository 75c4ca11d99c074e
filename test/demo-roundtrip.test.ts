/**
 * Demo round trip: generate the demo province, read every report back with the real loader
 * (extractText: form detection, metadata, table parsing, value parsing, indicator matching) and
 * compare unit, period and every generated value with what was extracted.
 */
import { describe, expect, it } from 'vitest';
import { generateDemoProvince } from '../loaders/demo/index.ts';
import { extractText } from '../loaders/extract.ts';
import { foldVietnamese } from '../warehouse/text-fold.ts';

const { files } = generateDemoProvince();

describe('demo round trip through the real loaders', () => {
  it('reads back unit, period and the generated values of every report', () => {
    let rows = 0;
    let agree = 0;
    let unitOk = 0;
    let periodOk = 0;
    let wrongUndoubted = 0;
    const misses: string[] = [];
    const formats: Record<string, number> = {};
    for (const f of files) {
      const x = extractText(f.name, f.text);
      formats[x.format] = (formats[x.format] ?? 0) + 1;
      const core = foldVietnamese(f.unit.name.replace(/^Ủy ban nhân dân /, ''));
      if (x.unit && foldVietnamese(x.unit.name).includes(core) && x.unit.level === f.unit.level) unitOk++;
      else misses.push(`${f.name}: unit ${JSON.stringify(x.unit)}`);
      if (x.period && x.period.year === f.period.year && x.period.kind === f.period.kind) periodOk++;
      else misses.push(`${f.name}: period ${JSON.stringify(x.period)} expected ${f.period.year} ${f.period.kind}`);
      const expected = new Map<string, number[]>();
      for (const r of f.rows) if (r.indicator && r.value !== null) expected.set(r.indicator, [...(expected.get(r.indicator) ?? []), r.value]);
      const got = new Map<string, number[]>();
      for (const fact of x.facts) {
        if (!fact.indicator) continue;
        if (fact.value !== null) got.set(fact.indicator, [...(got.get(fact.indicator) ?? []), fact.value]);
        // A value read for an indicator that the report does not hold with that value is wrong unless marked doubtful.
        const exp = expected.get(fact.indicator);
        if (fact.value !== null && !fact.doubtful && !(exp ?? []).some((v) => Math.abs(v - fact.value!) < 1e-9)) {
          wrongUndoubted++;
          misses.push(`${f.name}:${fact.line} ${fact.indicator} read ${fact.value} from "${fact.raw}" ("${fact.label}"), expected ${exp ?? 'none'}`);
        }
      }
      for (const [code, values] of expected) {
        for (const v of values) {
          rows++;
          if ((got.get(code) ?? []).some((g) => Math.abs(g - v) < 1e-9)) agree++;
          else misses.push(`${f.name}: ${code} = ${v} not read back`);
        }
      }
    }
    const rate = agree / rows;
    console.log(
      `demo round trip: ${files.length} reports ${JSON.stringify(formats)}; values ${agree}/${rows} = ${(100 * rate).toFixed(2)}%; ` +
        `unit ${unitOk}/${files.length}; period ${periodOk}/${files.length}; wrong values not marked doubtful ${wrongUndoubted}\n  ` +
        [...new Set(misses)].slice(0, 15).join('\n  ')
    );
    expect(Object.keys(formats).length).toBe(3);
    expect(periodOk / files.length).toBeGreaterThanOrEqual(0.99);
    expect(unitOk / files.length).toBeGreaterThanOrEqual(0.99);
    expect(rate).toBeGreaterThanOrEqual(0.99);
    // The loaders issue's bar: no wrong value that is not marked doubtful.
    expect(wrongUndoubted).toBe(0);
  });
});
