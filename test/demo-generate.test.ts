/**
 * The demo province: deterministic, large enough, and consistent everywhere except in the injected
 * inconsistencies listed in its manifest (which is what makes it usable to measure check precision).
 */
import { describe, expect, it } from 'vitest';
import { generateDemoProvince, type DemoFile } from '../loaders/demo/index.ts';
import { RATE_LINKS } from '../loaders/demo/model.ts';
import { matchFacts } from '../loaders/indicator-matcher.ts';
import type { Fact } from '../loaders/types.ts';
import { loadCatalogue } from '../warehouse/catalogue.ts';

const demo = generateDemoProvince();
const key = (unit: string, year: number, kind: string) => `${unit}|${year}|${kind}`;
const injectedAt = (kind: string) => new Set(demo.manifest.injected.filter((x) => x.kind === kind).map((x) => key(x.unit, x.period.year, x.period.kind)));
const valuesOf = (f: DemoFile) => new Map(f.rows.filter((r) => r.indicator && r.value !== null).map((r) => [r.indicator!, r.value!]));

describe('demo province generation', () => {
  it('is deterministic: the same seed gives identical files and manifest, another seed differs', () => {
    const again = generateDemoProvince();
    expect(again.files.map((f) => f.name)).toEqual(demo.files.map((f) => f.name));
    expect(again.files.map((f) => f.text)).toEqual(demo.files.map((f) => f.text));
    expect(again.manifest).toEqual(demo.manifest);
    const small = (seed: number) => generateDemoProvince({ seed, units: 4, years: [2024] }).files.map((f) => f.text).join('');
    expect(small(99)).not.toEqual(small(2024));
  });

  it('has >= 30 units of the three kinds, >= 12 quarters plus H1 and annual reports, in the three forms', () => {
    const m = demo.manifest;
    expect(m.units.length).toBeGreaterThanOrEqual(30);
    expect(m.units.some((u) => u.name.startsWith('Sở '))).toBe(true);
    expect(m.units.some((u) => u.name.startsWith('Ban Quản lý'))).toBe(true);
    expect(m.units.some((u) => u.level === 'commune')).toBe(true);
    const kinds = (k: string) => new Set(demo.files.filter((f) => f.period.kind === k).map((f) => f.period.year)).size;
    expect(['Q1', 'Q2', 'Q3', 'Q4'].reduce((s, k) => s + kinds(k), 0)).toBeGreaterThanOrEqual(12);
    expect(kinds('H1')).toBeGreaterThan(0);
    expect(kinds('year')).toBeGreaterThan(0);
    expect(new Set(demo.files.map((f) => f.format))).toEqual(new Set(['markdown', 'tsv', 'pdf-text']));
    for (const f of demo.files.slice(0, 40)) {
      expect(f.text).toMatch(/Số: \d+\/BC-/);
      expect(f.text).toMatch(/BÁO CÁO/);
      expect(f.text).toMatch(/ngày \d{1,2} tháng \d{2} năm \d{4}/);
    }
  });

  it('lists each of the five injected kinds, and missing reports have no file', () => {
    const kinds = new Set(demo.manifest.injected.map((x) => x.kind));
    expect(kinds).toEqual(new Set(['quota_exceeded', 'rate_mismatch', 'part_exceeds_whole', 'missing_report', 'late_report']));
    const present = new Set(demo.files.map((f) => key(f.unit.name, f.period.year, f.period.kind)));
    for (const k of injectedAt('missing_report')) expect(present.has(k)).toBe(false);
    expect(demo.files.length + injectedAt('missing_report').size).toBe(demo.manifest.periods.length * demo.manifest.units.length);
  });

  it('dates late reports after the deadline and every other report on or before it', () => {
    const late = injectedAt('late_report');
    for (const f of demo.files) {
      const isLate = late.has(key(f.unit.name, f.period.year, f.period.kind));
      expect(f.reportDate > f.deadline, `${f.name} ${f.reportDate} vs ${f.deadline}`).toBe(isLate);
      const [y, m, d] = f.reportDate.split('-').map(Number);
      expect(f.text).toContain(`${d}/${m}/${y}`);
    }
  });

  it('is consistent everywhere except the injected cells: rates, quotas, parts, cumulative series', () => {
    const cat = loadCatalogue();
    const quota = injectedAt('quota_exceeded');
    const rates = injectedAt('rate_mismatch');
    const parts = injectedAt('part_exceeds_whole');
    let ratesChecked = 0;
    for (const f of demo.files) {
      const k = key(f.unit.name, f.period.year, f.period.kind);
      const v = valuesOf(f);
      const dec = (raw: string) => (raw.includes(',') ? raw.split(',')[1].length : 0);
      for (const [rc, num, den] of RATE_LINKS) {
        if (!v.has(rc) || !v.has(num) || !v.has(den) || v.get(den) === 0) continue;
        const row = f.rows.find((r) => r.indicator === rc)!;
        const tol = 0.5 * 10 ** -dec(row.raw) + 1e-9;
        const off = Math.abs(v.get(rc)! - (100 * v.get(num)!) / v.get(den)!) > tol;
        if (!rates.has(k)) expect(off, `${f.name} ${rc}`).toBe(false);
        ratesChecked++;
      }
      for (const [present, assigned] of [['org.staff_present', 'org.staff_quota'], ['org.sncl_people_present', 'org.sncl_people_quota']]) {
        if (v.has(present) && !quota.has(k)) expect(v.get(present)!, f.name).toBeLessThanOrEqual(v.get(assigned)!);
      }
      for (const ind of cat.indicators) {
        if (!ind.parent || !v.has(ind.code) || !v.has(ind.parent) || parts.has(k) || quota.has(k)) continue;
        expect(v.get(ind.code)!, `${f.name} ${ind.code} <= ${ind.parent}`).toBeLessThanOrEqual(v.get(ind.parent)!);
      }
    }
    expect(ratesChecked).toBeGreaterThan(1000);
    // Injected cells really are inconsistent.
    for (const x of demo.manifest.injected.filter((i) => i.kind === 'quota_exceeded')) expect(x.values![x.indicators[0]]).toBeGreaterThan(x.values![x.indicators[1]]);
    for (const x of demo.manifest.injected.filter((i) => i.kind === 'part_exceeds_whole')) expect(x.values![x.indicators[0]]).toBeGreaterThan(x.values![x.indicators[1]]);
    for (const x of demo.manifest.injected.filter((i) => i.kind === 'rate_mismatch')) {
      const [rc, num, den] = x.indicators;
      expect(Math.abs(x.values![rc] - (100 * x.values![num]) / x.values![den])).toBeGreaterThan(3);
    }
  });

  it('never lets a cumulative indicator fall from Q1 to H1 to Q3 to the year report', () => {
    const cat = loadCatalogue();
    const order = ['Q1', 'H1', 'Q3', 'year'];
    const byUnitYear = new Map<string, DemoFile[]>();
    for (const f of demo.files) {
      const k = `${f.unit.id}|${f.period.year}`;
      byUnitYear.set(k, [...(byUnitYear.get(k) ?? []), f]);
    }
    let pairs = 0;
    for (const fs of byUnitYear.values()) {
      const chain = order.map((k) => fs.find((f) => f.period.kind === k)).filter((f): f is DemoFile => !!f);
      for (let i = 1; i < chain.length; i++) {
        const a = valuesOf(chain[i - 1]);
        const b = valuesOf(chain[i]);
        for (const [code, x] of a) {
          const ind = cat.byCode.get(code)!;
          if (!ind.cumulative || ind.kind === 'percent' || !b.has(code)) continue;
          expect(b.get(code)!, `${chain[i].name} ${code}`).toBeGreaterThanOrEqual(x);
          pairs++;
        }
      }
    }
    expect(pairs).toBeGreaterThan(1000);
  });

  it('uses catalogue wordings the matcher maps back to the generated indicator', () => {
    let total = 0;
    let agree = 0;
    const wrong: string[] = [];
    for (const f of demo.files.filter((_, i) => i % 6 === 0)) {
      const facts: Fact[] = f.rows.map((r, i) => ({
        indicator: null, label: r.label, code: r.code, uom: r.uom, raw: r.raw, value: r.value, status: r.raw ? 'reported' : 'empty',
        line: i + 1, source: 'table', note: r.note || null, doubtful: false, reason: null
      }));
      matchFacts(facts);
      f.rows.forEach((r, i) => {
        if (!r.indicator) return;
        total++;
        if (facts[i].indicator === r.indicator) agree++;
        else wrong.push(`${r.indicator} <- "${r.label}" got ${facts[i].indicator}`);
      });
    }
    const rate = agree / total;
    console.log(`demo wording agreement with the matcher: ${(100 * rate).toFixed(1)}% of ${total} rows; e.g. ${[...new Set(wrong)].slice(0, 8).join(' | ')}`);
    expect(rate).toBeGreaterThan(0.97);
  });
});
