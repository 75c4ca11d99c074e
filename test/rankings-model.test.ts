import { describe, expect, it } from 'vitest';
import { loadCatalogue } from '../warehouse/catalogue.ts';
import { criterionRows, listModels, loadModel, ModelError, modelCodes, validateModel } from '../warehouse/rankings/model.ts';
import { fixtureModel } from './rankings-fixture.ts';

const codes = new Set(loadCatalogue().indicators.map((i) => i.code));

describe('ranking models as data', () => {
  it('every shipped model validates against the catalogue and adds up', () => {
    expect(listModels()).toContain('par-default-v1');
    for (const name of listModels()) {
      const m = loadModel(name, codes);
      const total = m.areas.reduce((s, a) => s + a.max, 0);
      expect(total).toBe(100);
      for (const a of m.areas) for (const c of a.criteria) {
        expect(['zero', 'exclude']).toContain(c.missing);
        expect(c.why_vi && c.why_en).toBeTruthy();
      }
      expect(modelCodes(m).every((c) => codes.has(c))).toBe(true);
    }
  });

  it('the default model uses every criterion type and both missing policies', () => {
    const m = loadModel('par-default-v1', codes);
    const crit = m.areas.flatMap((a) => a.criteria);
    expect(new Set(crit.map((c) => c.type))).toEqual(new Set(['linear', 'lower_better', 'steps', 'flag']));
    expect(new Set(crit.map((c) => c.missing))).toEqual(new Set(['zero', 'exclude']));
  });

  it('maps lower-is-better onto a reversed linear scale', () => {
    const r = criterionRows(fixtureModel).find((c) => c.id === 'y.over_quota')!;
    expect([r.kind, r.type, r.lo, r.hi, r.a, r.b]).toEqual(['difference', 'linear', 4, 0, 'org.staff_present', 'org.staff_quota']);
  });

  it('rejects a model with an unknown code, a missing policy left implicit, or areas that do not add up', () => {
    const bad = structuredClone(fixtureModel) as any;
    bad.areas[0].criteria[0].indicator = 'tthc.no_such_code';
    delete bad.areas[0].criteria[1].missing;
    bad.areas[1].max = 11;
    let err: unknown;
    try { validateModel(bad, 'bad.json', codes); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(ModelError);
    const msg = (err as Error).message;
    expect(msg).toMatch(/unknown catalogue code "tthc.no_such_code"/);
    expect(msg).toMatch(/x\.plan.*"missing" must be "zero" or "exclude"/);
    expect(msg).toMatch(/add up to 10, not the area max 11/);
  });
});
