import { describe, it, expect } from 'vitest';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCatalogue, validateCatalogue, CatalogueError, CATALOGUE_DIR } from '../warehouse/catalogue.ts';

const raw = () => JSON.parse(readFileSync(join(CATALOGUE_DIR, 'indicators.json'), 'utf8'));

describe('indicator catalogue', () => {
  it('loads, validates and is cached', () => {
    const c = loadCatalogue();
    expect(c.indicators.length).toBeGreaterThanOrEqual(150);
    expect(loadCatalogue()).toBe(c);
    for (let a = 1; a <= 7; a++) expect(c.indicators.filter((i) => i.area === a).length).toBeGreaterThan(5);
    expect(c.abbreviations.TTHC).toBe('thủ tục hành chính');
  });

  it('links every rate whose counts are in the catalogue to its numerator and denominator', () => {
    const c = loadCatalogue();
    const rate = (code: string) => c.byCode.get(code)!;
    expect(rate('direction.plan_completion_rate')).toMatchObject({ numerator: 'direction.plan_tasks_completed', denominator: 'direction.plan_tasks_planned' });
    expect(rate('tthc.files_on_time_rate')).toMatchObject({ numerator: 'tthc.files_on_time', denominator: 'tthc.files_resolved' });
    expect(rate('egov.online_files_rate')).toMatchObject({ numerator: 'egov.online_files_received', denominator: 'tthc.files_received' });
    expect(rate('tthc.pakn_rate')).toMatchObject({ numerator: 'tthc.pakn_resolved', denominator: 'tthc.pakn_received' });
    expect(rate('legal.check_handle_rate')).toMatchObject({ numerator: 'legal.check_handled', denominator: 'legal.check_to_handle' });
    // every ratio-aggregated indicator is a percent with resolvable links
    for (const i of c.indicators.filter((x) => x.aggregation === 'ratio')) {
      expect(i.kind).toBe('percent');
      expect(c.byCode.has(i.numerator!)).toBe(true);
      expect(c.byCode.has(i.denominator!)).toBe(true);
    }
    // coded answers carry their legend
    expect(rate('direction.survey_method').legend).toEqual({ 'Trực tuyến': 0, 'Phát phiếu': 1, 'Kết hợp': 2 });
  });

  it('names the broken entry and field when the JSON is wrong', () => {
    const r = raw();
    r.indicators[3].kind = 'number';
    r.indicators[5].numerator = 'tthc.does_not_exist';
    r.indicators[7].area = 6;
    let err: unknown;
    try { validateCatalogue(r, { TTHC: 'thủ tục hành chính' }, { rewrites: [] }); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(CatalogueError);
    const p = (err as CatalogueError).problems.join('\n');
    expect(p).toContain(`indicators[3] (${r.indicators[3].code}): "kind"`);
    expect(p).toContain('unknown code "tthc.does_not_exist"');
    expect(p).toContain(`indicators[7] (${r.indicators[7].code}): "area" 6 disagrees`);
  });

  it('rejects duplicate codes and parent cycles', () => {
    const r = raw();
    r.indicators.push({ ...r.indicators[0] });
    const a = r.indicators.find((i: any) => i.code === 'tthc.files_on_time');
    const b = r.indicators.find((i: any) => i.code === 'tthc.files_resolved');
    b.parent = 'tthc.files_on_time';
    a.parent = 'tthc.files_resolved';
    expect(() => validateCatalogue(r, {}, { rewrites: [] })).toThrow(/duplicate code[\s\S]*cycle/);
  });

  it('reports unreadable JSON with the file path', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cat-'));
    writeFileSync(join(dir, 'indicators.json'), '{ "version": "1", ');
    writeFileSync(join(dir, 'abbreviations.json'), '{}');
    writeFileSync(join(dir, 'synonyms.json'), '{"rewrites": []}');
    expect(() => loadCatalogue(dir)).toThrow(/invalid JSON in .*indicators\.json/);
  });
});
