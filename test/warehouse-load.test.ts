import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { syncCatalogue } from '../warehouse/catalogue-sync.ts';
import { closeAllWarehouses, type Warehouse } from '../warehouse/db.ts';
import { afterLoadHooks, LoadError, loadExtraction } from '../warehouse/load.ts';
import { warehouseStatus } from '../warehouse/status.ts';
import { extraction, fact, FIXTURE_CATALOGUE, fixtureWarehouse } from './warehouse-helpers.ts';

afterAll(() => closeAllWarehouses());
afterEach(() => {
  afterLoadHooks.length = 0;
});

const count = async (wh: Warehouse, sql: string) => (await wh.all<{ n: number }>(sql))[0].n;
const bytes = (s: string) => new TextEncoder().encode(s);

describe('loadExtraction', () => {
  it('writes document, unit, period, facts, review rows and narrative statements', async () => {
    const wh = await fixtureWarehouse();
    const r = await loadExtraction(wh, extraction(), { bytes: bytes('v1'), sourceText: 'v1', receivedAt: '2024-03-15T08:00:00Z' });
    expect(r).toMatchObject({ status: 'loaded', version: 1, supersededId: null, facts: 3, reviewRows: 1, narrative: 1, periodId: 202401 });
    const [d] = await wh.all<Record<string, unknown>>('SELECT * FROM document');
    expect(d).toMatchObject({ status: 'current', version: 1, report_date: '2024-03-12', report_number: '12/BC-SNV', file_name: 'so-noi-vu-q1.md', is_demo: false, source_text: 'v1' });
    expect(d.received_at).toBe('2024-03-15T08:00:00.000Z');
    const facts = await wh.all<{ code: string; value: number | null; status: string; line: number }>(
      'SELECT i.code, f.value, f.status, f.line FROM current_fact f JOIN indicator i USING (indicator_id) ORDER BY f.row_no'
    );
    expect(facts).toEqual([
      { code: 'org.staff_quota', value: 31, status: 'reported', line: 20 },
      { code: 'org.staff_present', value: 29, status: 'reported', line: 21 },
      // not reported stays not reported: no value, status 'empty'
      { code: 'tthc.files_resolved', value: null, status: 'empty', line: 22 }
    ]);
    const [rv] = await wh.all<{ label: string; value: number; line: number; candidates: string }>('SELECT label, value, line, candidates FROM review_row');
    expect(rv).toMatchObject({ label: 'Một dòng lạ', value: 7, line: 23 });
    expect(JSON.parse(rv.candidates)).toEqual([{ indicator: 'tthc.files_resolved', score: 0.41 }]);
    const [p] = await wh.all<Record<string, unknown>>('SELECT * FROM period');
    expect(p).toMatchObject({ period_id: 202401, kind: 'Q1', window_start: '2023-12-15', window_end: '2024-03-14', deadline: '2024-03-20', label_vi: 'Quý I/2024' });
    expect(await count(wh, 'SELECT count(*) AS n FROM narrative_statement')).toBe(1);
  });

  it('loading the same bytes again is unchanged and writes nothing', async () => {
    const wh = await fixtureWarehouse();
    await loadExtraction(wh, extraction(), { bytes: bytes('same') });
    const before = await wh.all('SELECT * FROM document');
    const r = await loadExtraction(wh, extraction({ file: '/elsewhere/renamed.md' }), { bytes: bytes('same') });
    expect(r.status).toBe('unchanged');
    expect(await wh.all('SELECT * FROM document')).toEqual(before);
    expect(await count(wh, 'SELECT count(*) AS n FROM fact')).toBe(3);
    expect(await count(wh, 'SELECT count(*) AS n FROM review_row')).toBe(1);
  });

  it('a different file for the same unit and period supersedes: analytics see the newest, history keeps both', async () => {
    const wh = await fixtureWarehouse();
    const v1 = await loadExtraction(wh, extraction(), { bytes: bytes('v1') });
    // Same agency written differently (case, markup, "tỉnh" prefix): still the same unit.
    const v2 = await loadExtraction(
      wh,
      extraction({ unit: { name: '<b>SỞ  NỘI VỤ</b>', level: 'province-dept', province: 'tỉnh Sơn La' }, facts: [fact('org.staff_quota', '32', 20)] }),
      { bytes: bytes('v2') }
    );
    expect(v2).toMatchObject({ status: 'superseded', version: 2, supersededId: v1.documentId, unitId: v1.unitId });
    const docs = await wh.all<{ document_id: number; version: number; status: string; supersedes_id: number | null }>(
      'SELECT document_id, version, status, supersedes_id FROM document ORDER BY version'
    );
    expect(docs).toEqual([
      { document_id: v1.documentId, version: 1, status: 'superseded', supersedes_id: null },
      { document_id: v2.documentId, version: 2, status: 'current', supersedes_id: v1.documentId }
    ]);
    expect(await wh.all('SELECT value, document_id FROM current_fact')).toEqual([{ value: 32, document_id: v2.documentId }]);
    expect(await count(wh, 'SELECT count(*) AS n FROM fact')).toBe(4); // history
    expect(await warehouseStatus(wh)).toEqual({ documents: 1, units: 1, periods: 1, indicators: 1, facts: 1 });
  });

  it('the same agency name in two provinces is two units; other periods are separate documents', async () => {
    const wh = await fixtureWarehouse();
    const a = await loadExtraction(wh, extraction(), { bytes: bytes('a') });
    const b = await loadExtraction(wh, extraction({ unit: { name: 'Sở Nội vụ', level: 'province-dept', province: 'Sóc Trăng' } }), { bytes: bytes('b') });
    const c = await loadExtraction(wh, extraction({ period: { year: 2024, kind: 'H1' } }), { bytes: bytes('c') });
    expect(b.status).toBe('loaded');
    expect(b.unitId).not.toBe(a.unitId);
    expect(c).toMatchObject({ status: 'loaded', unitId: a.unitId, periodId: 202403 });
    expect(await warehouseStatus(wh)).toEqual({ documents: 3, units: 2, periods: 2, indicators: 3, facts: 9 });
  });

  it('refuses an extraction with errors, and one without unit or period, writing nothing', async () => {
    const wh = await fixtureWarehouse();
    const bad = extraction({ messages: [{ severity: 'error', line: 4, message_vi: 'không đọc được bảng', message_en: 'unreadable table' }] });
    const err = await loadExtraction(wh, bad, { bytes: bytes('x') }).catch((e) => e);
    expect(err).toBeInstanceOf(LoadError);
    expect(err.message).toContain('không đọc được bảng');
    expect(err.message).toContain('unreadable table');
    expect(err.messages).toHaveLength(1);
    await expect(loadExtraction(wh, extraction({ unit: null }), { bytes: bytes('y') })).rejects.toThrow(/unit/);
    await expect(loadExtraction(wh, extraction({ period: null }), { bytes: bytes('z') })).rejects.toThrow(/period/);
    for (const t of ['document', 'unit', 'period', 'fact', 'review_row']) expect(await count(wh, `SELECT count(*) AS n FROM ${t}`)).toBe(0);
  });

  it('a failure mid-load (in an after-load hook) leaves nothing visible, including the supersede', async () => {
    const wh = await fixtureWarehouse();
    const v1 = await loadExtraction(wh, extraction(), { bytes: bytes('v1') });
    const snapshot = async () => ({
      docs: await wh.all('SELECT * FROM document ORDER BY document_id'),
      facts: await wh.all('SELECT * FROM fact ORDER BY document_id, row_no'),
      review: await wh.all('SELECT * FROM review_row ORDER BY document_id, row_no'),
      units: await wh.all('SELECT * FROM unit ORDER BY unit_id'),
      periods: await wh.all('SELECT * FROM period ORDER BY period_id')
    });
    const before = await snapshot();
    let sawOwnWrites = 0;
    afterLoadHooks.push(async (tx, ctx) => {
      sawOwnWrites = (await tx.all<{ n: number }>('SELECT count(*) AS n FROM current_fact WHERE document_id = $1', [ctx.documentId]))[0].n;
      throw new Error('injected failure');
    });
    // a new version for the same unit/period, plus a new unit and a new period in the same report
    await expect(
      loadExtraction(wh, extraction({ facts: [fact('org.staff_quota', '40', 20)] }), { bytes: bytes('v2') })
    ).rejects.toThrow('injected failure');
    await expect(
      loadExtraction(wh, extraction({ unit: { name: 'UBND xã Mới', level: 'commune', province: 'Sơn La' }, period: { year: 2025, kind: 'Q3' } }), { bytes: bytes('v3') })
    ).rejects.toThrow('injected failure');
    expect(sawOwnWrites).toBeGreaterThan(0); // the hook ran after the rows were written
    expect(await snapshot()).toEqual(before);
    expect((await wh.all<{ status: string }>('SELECT status FROM document WHERE document_id = $1', [v1.documentId]))[0].status).toBe('current');
    // and the warehouse is still usable afterwards
    afterLoadHooks.length = 0;
    expect((await loadExtraction(wh, extraction(), { bytes: bytes('v2') })).status).toBe('superseded');
  });

  it('after-load hooks get the unit, period and document and their writes commit with the load', async () => {
    const wh = await fixtureWarehouse();
    await wh.run('CREATE TABLE hook_log (unit_id INTEGER, period_id INTEGER, document_id INTEGER)');
    afterLoadHooks.push(async (tx, c) => tx.run('INSERT INTO hook_log VALUES ($1, $2, $3)', [c.unitId, c.periodId, c.documentId]));
    const r = await loadExtraction(wh, extraction(), { bytes: bytes('h') });
    await loadExtraction(wh, extraction(), { bytes: bytes('h') }); // unchanged: hooks do not run
    expect(await wh.all('SELECT * FROM hook_log')).toEqual([{ unit_id: r.unitId, period_id: 202401, document_id: r.documentId }]);
  });

  it('a code unknown to the catalogue goes to review, never dropped; extractFile results are accepted as is', async () => {
    const wh = await fixtureWarehouse();
    const x = extraction({ facts: [fact('egov.not_in_fixture', '5', 30), fact('org.staff_quota', '31', 31)] });
    const r = await loadExtraction(wh, { extraction: x, bytes: bytes('raw file'), text: 'decoded text' }, { isDemo: true });
    expect(r).toMatchObject({ facts: 1, reviewRows: 1 });
    const [rv] = await wh.all<{ reason: string; line: number }>('SELECT reason, line FROM review_row');
    expect(rv.line).toBe(30);
    expect(rv.reason).toContain('egov.not_in_fixture');
    expect(await wh.all('SELECT source_text, is_demo FROM document')).toEqual([{ source_text: 'decoded text', is_demo: true }]);
  });

  it('catalogue re-sync keeps indicator ids stable and adds new codes after the existing ones', async () => {
    const wh = await fixtureWarehouse();
    const ids = await wh.all<{ code: string; indicator_id: number }>('SELECT code, indicator_id FROM indicator ORDER BY indicator_id');
    const changed = {
      version: '2',
      indicators: [
        { ...FIXTURE_CATALOGUE.indicators[3], name_en: 'On-time rate (renamed)' },
        { code: 'egov.new_one', area: 7, name_vi: 'Mới', name_en: 'New', uom: null, kind: 'count', aggregation: 'sum' },
        ...FIXTURE_CATALOGUE.indicators.slice(0, 3)
      ]
    };
    await syncCatalogue(wh, changed);
    const after = await wh.all<{ code: string; indicator_id: number; name_en: string }>('SELECT code, indicator_id, name_en FROM indicator ORDER BY indicator_id');
    expect(after.slice(0, 4).map(({ code, indicator_id }) => ({ code, indicator_id }))).toEqual(ids);
    expect(after[4]).toMatchObject({ code: 'egov.new_one', indicator_id: ids.length + 1 });
    expect(after.find((r) => r.code === 'tthc.files_on_time_rate')!.name_en).toBe('On-time rate (renamed)');
    const [def] = await wh.all<{ definition: string; cumulative: boolean; numerator: string }>(
      `SELECT definition, cumulative, numerator FROM indicator WHERE code = 'tthc.files_on_time_rate'`
    );
    expect(JSON.parse(def.definition)).toEqual(changed.indicators[0]);
    expect(def).toMatchObject({ cumulative: true, numerator: 'tthc.files_on_time' });
    await expect(syncCatalogue(wh, { indicators: [FIXTURE_CATALOGUE.indicators[0], FIXTURE_CATALOGUE.indicators[0]] })).rejects.toThrow(/duplicate/);
    // a constraint violation (kind not allowed) changes nothing
    const before = await wh.all('SELECT * FROM indicator ORDER BY indicator_id');
    await expect(syncCatalogue(wh, { indicators: [{ ...FIXTURE_CATALOGUE.indicators[0], name_vi: 'đổi' }, { code: 'x.bad', area: 1, name_vi: 'x', name_en: 'x', kind: 'vibes', aggregation: 'sum' }] })).rejects.toThrow(/catalogue/);
    expect(await wh.all('SELECT * FROM indicator ORDER BY indicator_id')).toEqual(before);
  });
});

describe('registerAfterLoadHook', () => {
  it('replaces a hook registered under the same name instead of running it twice', async () => {
    const { registerAfterLoadHook } = await import('../warehouse/load.ts');
    const wh = await fixtureWarehouse();
    const calls: string[] = [];
    registerAfterLoadHook('checks', async () => void calls.push('old'));
    registerAfterLoadHook('checks', async () => void calls.push('new'));
    registerAfterLoadHook('other', async () => void calls.push('other'));
    await loadExtraction(wh, extraction(), { bytes: new TextEncoder().encode('r') });
    expect(calls).toEqual(['new', 'other']);
  });
});

describe('bulk rows when a later migration added columns', () => {
  it('falls back from the appender to a parameterised INSERT with named columns', async () => {
    const wh = await fixtureWarehouse();
    await wh.run(`ALTER TABLE fact ADD COLUMN added_later VARCHAR DEFAULT 'd'`);
    await wh.run(`ALTER TABLE review_row ADD COLUMN added_later INTEGER`);
    const r = await loadExtraction(wh, extraction(), { bytes: new TextEncoder().encode('later') });
    expect(r).toMatchObject({ facts: 3, reviewRows: 1 });
    expect(await wh.all('SELECT row_no, value, status, added_later FROM fact ORDER BY row_no')).toEqual([
      { row_no: 1, value: 31, status: 'reported', added_later: 'd' },
      { row_no: 2, value: 29, status: 'reported', added_later: 'd' },
      { row_no: 3, value: null, status: 'empty', added_later: 'd' }
    ]);
    expect(await wh.all('SELECT label, value, added_later FROM review_row')).toEqual([{ label: 'Một dòng lạ', value: 7, added_later: null }]);
  });
});
