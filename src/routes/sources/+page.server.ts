import type { PageServerLoad } from './$types';
import { q, plain } from '$lib/server/warehouse.ts';
import {
  documentsQuery,
  documentQuery,
  documentTextQuery,
  extractedRowsQuery,
  type DocumentRow,
  type ExtractedRow
} from '$warehouse/queries/documents.ts';
import { flagsQuery, type FlagRow } from '$warehouse/queries/flags.ts';

export const load: PageServerLoad = async ({ parent, url }) => {
  const { state } = await parent();
  const line = Number(url.searchParams.get('line')) || null;
  if (state.doc) {
    const [doc] = await q<DocumentRow>(documentQuery(state.doc));
    if (!doc) return { doc: null, docs: [], line };
    const [[text], rows, flags] = await Promise.all([
      q<{ source_text: string | null; messages: string | null }>(documentTextQuery(state.doc)),
      q<ExtractedRow>(extractedRowsQuery(state.doc)),
      q<FlagRow>(flagsQuery({}, {}, 500))
    ]);
    return {
      doc: { ...plain([doc])[0], text: text?.source_text ?? '', messages: text?.messages ?? null, rows: plain(rows), flags: plain(flags.filter((f) => f.document_id === state.doc)) },
      docs: [],
      line
    };
  }
  const scope = { level: state.level, province: state.province, units: state.units };
  const onePeriod = url.searchParams.has('period') ? state.period : null;
  const docs = await q<DocumentRow>(documentsQuery(scope, onePeriod, false, 500));
  return { doc: null, docs: plain(docs), line };
};
