/**
 * loadExtractions: group commit of several reports per transaction with the same contract as
 * loadExtraction for each report (refused = nothing written, same hash = unchanged, supersede keeps
 * history, a failing transaction falls back to one report at a time), and batch-capable hooks run
 * once per transaction.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { closeAllWarehouses, openWarehouse, type Warehouse } from '../warehouse/db.ts';
import { afterLoadHooks, loadExtraction, loadExtractions, type AfterLoadHook, type LoadContext } from '../warehouse/load.ts';
import { extraction, fact, fixtureWarehouse } from './warehouse-helpers.ts';

// load.ts registers the checks hook; these tests look at loading only (the fixture catalogue has no rules' indicators).
const saved = [...afterLoadHooks];
afterLoadHooks.length = 0;
afterAll(async () => {
  afterLoadHooks.splice(0, afterLoadHooks.length, ...saved);
  await closeAllWarehouses();
});
afterEach(() => {
  afterLoadHooks.length = 0;
});

const bytes = (s: string) => new TextEncoder().encode(s);
const sonLa = (name: string) => ({ name, level: 'province-dept' as const, province: 'Sơn La', kind: 'Sở' });

async function snapshot(wh: Warehouse) {
  return {
    docs: await wh.all(
      `SELECT document_id, content_hash, file_name, format, CAST(received_at AS VARCHAR) AS received_at, unit_id, period_id, version, supersedes_id, status,
              report_number, CAST(report_date AS VARCHAR) AS report_date, is_demo, source_text, CAST(messages AS VARCHAR) AS messages FROM document ORDER BY document_id`
    ),
    facts: await wh.all('SELECT document_id, row_no, unit_id, period_id, indicator_id, value, status, raw, line FROM fact ORDER BY document_id, row_no'),
    review: await wh.all('SELECT document_id, row_no, label, raw, candidates FROM review_row ORDER BY document_id, row_no'),
    narrative: await wh.all('SELECT document_id, indicator_id, value, line FROM narrative_statement ORDER BY document_id'),
    units: await wh.all('SELECT unit_id, name, level FROM unit ORDER BY unit_id'),
    periods: await wh.all('SELECT period_id FROM period ORDER BY period_id')
  };
}

/** A mix: new reports, a re-sent file (unchanged), a new version (superseded), a refused report. */
function items() {
  return [
    { input: extraction({ unit: sonLa('Sở Nội vụ') }), opts: { bytes: bytes('a'), fileName: 'a.md', receivedAt: '2024-03-15T08:00:00Z', sourceText: 'văn bản a', isDemo: true } },
    { input: extraction({ unit: sonLa('Sở Tư pháp'), period: { year: 2024, kind: 'H1' } }), opts: { bytes: bytes('b'), fileName: 'b.md', receivedAt: '2024-06-18T09:30:00.250Z' } },
    { input: extraction({ unit: sonLa('Sở Nội vụ') }), opts: { bytes: bytes('a'), fileName: 'a-again.md', receivedAt: '2024-03-16T08:00:00Z' } },
    { input: extraction({ messages: [{ severity: 'error' as const, line: 3, message_vi: 'hỏng', message_en: 'broken' }] }), opts: { bytes: bytes('bad'), fileName: 'bad.md' } },
    { input: extraction({ unit: sonLa('Sở Nội vụ'), facts: [fact('org.staff_quota', '40', 20)] }), opts: { bytes: bytes('a2'), fileName: 'a2.md', receivedAt: '2024-03-20T08:00:00Z' } },
    { input: extraction({ unit: sonLa('Sở Tài chính'), period: { year: 2023, kind: 'year' } }), opts: { bytes: bytes('c'), fileName: 'c.md', receivedAt: '2024-01-02T00:00:00Z' } }
  ];
}

describe('loadExtractions', () => {
  it('gives the same warehouse and outcomes as loading the reports one by one', async () => {
    const one = await fixtureWarehouse();
    const expected: string[] = [];
    for (const it of items()) {
      try {
        expected.push((await loadExtraction(one, it.input, it.opts)).status);
      } catch (e) {
        expected.push('error: ' + (e as Error).message);
      }
    }
    const batched = await fixtureWarehouse();
    const out = await loadExtractions(batched, items(), { batchSize: 4 });
    expect(out.map((o) => (o.ok ? o.result.status : 'error: ' + o.error.message))).toEqual(expected);
    expect(expected.slice(0, 3)).toEqual(['loaded', 'loaded', 'unchanged']);
    expect(expected[3]).toMatch(/refused.*broken/s);
    expect(expected[4]).toBe('superseded');
    const snap = await snapshot(batched);
    expect(snap).toEqual(await snapshot(one));
    expect(snap.docs[0]).toMatchObject({ received_at: '2024-03-15 08:00:00', report_date: '2024-03-12', is_demo: true, source_text: 'văn bản a', status: 'superseded' });
    expect(JSON.parse(String(snap.docs[0].messages))).toEqual(extraction().messages);
    // the re-sent file reports the facts of the stored document, the superseded one its history
    const r = out[2].ok ? out[2].result : null;
    expect(r?.facts).toBeGreaterThan(0);
    const hist = await batched.all<{ status: string; version: number }>(
      `SELECT d.status, d.version FROM document d JOIN unit u USING (unit_id) WHERE u.name = 'Sở Nội vụ' ORDER BY version`
    );
    expect(hist).toEqual([{ status: 'superseded', version: 1 }, { status: 'current', version: 2 }]);
  });

  it('a transaction that fails is retried one report at a time: only the bad report is left out, nothing of it visible', async () => {
    const wh = await fixtureWarehouse();
    const seen: number[] = [];
    // Fails for one unit only, after its rows are written.
    const hook: AfterLoadHook = async (tx, c) => {
      seen.push(c.documentId);
      const [u] = await tx.all<{ name: string }>('SELECT name FROM unit WHERE unit_id = $1', [c.unitId]);
      if (u.name === 'Sở Tư pháp') throw new Error('injected failure');
    };
    afterLoadHooks.push(hook);
    const out = await loadExtractions(wh, items(), { batchSize: 10 });
    expect(out.map((o) => (o.ok ? o.result.status : 'failed'))).toEqual(['loaded', 'failed', 'unchanged', 'failed', 'superseded', 'loaded']);
    expect(!out[1].ok && out[1].error.message).toBe('injected failure');
    expect(seen.length).toBeGreaterThan(4); // the batch ran, then the one-by-one retry
    const units = (await wh.all<{ name: string }>('SELECT name FROM unit ORDER BY name')).map((u) => u.name);
    expect(units).not.toContain('Sở Tư pháp');
    expect((await wh.all<{ n: number }>(`SELECT count(*) AS n FROM period WHERE period_id = 202403`))[0].n).toBe(0);
    expect((await wh.all<{ n: number }>(`SELECT count(*) AS n FROM document`))[0].n).toBe(3);
    // periods cached by the failed batch are not believed: a later load of H1 creates the row
    afterLoadHooks.length = 0;
    const again = await loadExtraction(wh, extraction({ unit: sonLa('Sở Tư pháp'), period: { year: 2024, kind: 'H1' } }), { bytes: bytes('b') });
    expect(again.status).toBe('loaded');
    expect((await wh.all<{ n: number }>(`SELECT count(*) AS n FROM current_fact WHERE period_id = 202403`))[0].n).toBeGreaterThan(0);
  });

  it('a hook with a batch form runs once per transaction with every new document; others once per report', async () => {
    const wh = await fixtureWarehouse();
    const batches: LoadContext[][] = [];
    const single: LoadContext[] = [];
    const perReport: AfterLoadHook = Object.assign(async (_tx: Warehouse, c: LoadContext) => void single.push(c), {
      batch: async (_tx: Warehouse, cs: LoadContext[]) => void batches.push(cs)
    });
    const plain: LoadContext[] = [];
    afterLoadHooks.push(perReport, async (_tx, c) => void plain.push(c));
    const out = await loadExtractions(wh, items(), { batchSize: 3 });
    const docs = out.filter((o) => o.ok && o.result.status !== 'unchanged').map((o) => (o.ok ? o.result.documentId : 0));
    expect(single).toEqual([]);
    expect(batches.length).toBe(2); // two transactions of three items
    expect(batches.flat().map((c) => c.documentId)).toEqual(docs);
    expect(plain.map((c) => c.documentId)).toEqual(docs);
  });

  it('what loading remembers about units, periods and versions follows commits and a reopened file', async () => {
    const wh = await fixtureWarehouse();
    const path = wh.path;
    await loadExtractions(wh, [{ input: extraction(), opts: { bytes: bytes('v1') } }]);
    // a batch that fails entirely (its one report fails alone too): its version 2 must not be remembered
    afterLoadHooks.push(async () => {
      throw new Error('injected failure');
    });
    const failed = await loadExtractions(wh, [{ input: extraction(), opts: { bytes: bytes('v2-failed') } }]);
    expect(failed[0].ok).toBe(false);
    afterLoadHooks.length = 0;
    await closeAllWarehouses();
    const again = await openWarehouse(path, { syncCatalogue: false });
    const out = await loadExtractions(again, [
      { input: extraction(), opts: { bytes: bytes('v2') } },
      { input: extraction(), opts: { bytes: bytes('v3') } }
    ]);
    expect(out.map((o) => (o.ok ? [o.result.status, o.result.version] : o.error.message))).toEqual([['superseded', 2], ['superseded', 3]]);
    const docs = await again.all<{ version: number; status: string; supersedes_id: number | null; document_id: number }>(
      'SELECT document_id, version, status, supersedes_id FROM document ORDER BY version'
    );
    expect(docs.map((d) => [d.version, d.status])).toEqual([[1, 'superseded'], [2, 'superseded'], [3, 'current']]);
    expect(docs[1].supersedes_id).toBe(docs[0].document_id);
    expect(docs[2].supersedes_id).toBe(docs[1].document_id);
  });
});
