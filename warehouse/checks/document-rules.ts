/**
 * The per-report rules over the fact cube: comparison rules (quota, rate, part/whole, sum,
 * hand-written), undefined rates, out-of-range values, duplicate rows, required indicators and
 * narrative statements. Every one of them looks at one report at a time.
 *
 * A rule is evaluated for all reports of a period in one loop (rule-major): its indicators' cells are
 * contiguous runs of the period's block, so the loop reads memory in order and the rule's settings stay
 * in registers. Why not SQL: a report's rules join its facts with themselves (rate with numerator
 * and denominator, part with whole, total with sub-items); set-based, that is a join and a group-by
 * per (rule, report) pair, over a minute at 30M facts.
 */
import { fill, fmtEn, fmtVi } from './db-port.ts';
import type { CompiledRule, Severity } from './rules.ts';
import type { CheckContext, FlagRow } from './engine.ts';
import { fingerprintOf } from './fingerprint.ts';
import { M_DISAGREE, ST_REPORTED, USABLE, USABLE_MASK, type FactCube } from './fact-cube.ts';

interface TermRef { k: number; code: string; coef: number }
/** Compact indicator indices and coefficients of one side part, as flat arrays for the loops. */
interface Part { ks: Int32Array; coefs: Float64Array }
interface RulePlan {
  group: number;
  op: number; missing: number; lConst: number; lScale: number; rConst: number; rScale: number;
  tolerance: number; tolUlps: number; printed: boolean;
  pln: Part; pld: Part | null; prn: Part; prd: Part | null; pw: Part;
  allKs: Int32Array;
  rule: CompiledRule;
  all: TermRef[];
  primaryK: number;
  provinces: Set<string> | null;
  tplVi: string;
  tplEn: string;
  indicators: string[];
  hasV: boolean;
  /** The rule compiled to a loop over a period's reports (see compilePlan). */
  run: PlanLoop;
}

/**
 * Evaluates one rule for every report of a period block: records, per (group, report), whether the
 * rule holds (state 2) or fails (state 1, with the compared values) when it is the group's first
 * evaluated member, and pushes newly failing entries to `failing`.
 */
type PlanLoop = (value: Float64Array, meta: Uint8Array, dec: Uint8Array, n: number, base: number, scope: Uint8Array, provOk: Uint8Array | null,
  state: Int8Array, gLv: Float64Array, gRv: Float64Array, gTol: Float64Array, first: Int32Array, failing: number[], g0: number, pi: number) => void;

const CMP: Record<string, string> = { '<=': '<=', '<': '<', '>=': '>=', '>': '>', '==': '===' };

/**
 * Compiles a rule into a specialised loop (one Function per rule, built once per run). Why: a rule is
 * evaluated for every report (20M rule × report pairs at 30M facts); the generic interpreter walked the
 * rule's term arrays for each, the compiled loop reads its few cells straight into locals, ~4× faster.
 * The generated text holds only integers and operators chosen here; every number from the rules file
 * (coefficients, constants, tolerances) is passed in an array, so nothing from configuration is ever
 * spliced into code.
 */
function compilePlan(pl: Omit<RulePlan, 'run'>): PlanLoop {
  const C: number[] = [];
  const c = (x: number) => `C[${C.push(x) - 1}]`;
  const ks = [...new Set([...pl.allKs])];
  for (const k of ks) if (!Number.isInteger(k) || k < 0) throw new Error(`checks: bad indicator index ${k}`);
  const slot = new Map(ks.map((k, i) => [k, i]));
  const L: string[] = [];
  L.push(ks.map((k, i) => `const o${i} = base + ${k} * n;`).join(' '));
  L.push('for (let j = 0; j < n; j++) {');
  L.push('if (scope[j] === 0) continue;');
  if (pl.provinces) L.push('if (provOk[j] === 0) continue;');
  L.push(ks.map((_, i) => `const m${i} = meta[o${i} + j];`).join(' '));
  L.push(`if ((${ks.map((_, i) => `m${i}`).join(' | ')}) === 0) continue;`);
  // A cell counts in a sum when present, not a disagreeing duplicate, and valued (NaN = no value).
  L.push(ks.map((_, i) => `const v${i} = m${i} !== 0 && (m${i} & ${M_DISAGREE}) === 0 ? value[o${i} + j] : NaN;`).join(' '));
  const sum = (name: string, part: Part | null) => {
    if (!part) return;
    L.push(`let ${name} = 0, ${name}N = 0;`);
    part.ks.forEach((k, t) => {
      const i = slot.get(k)!;
      L.push(`if (v${i} === v${i}) { ${name} += ${c(part.coefs[t])} * v${i}; ${name}N++; }`);
    });
  };
  if (pl.pw.ks.length) {
    const w = pl.rule.when!;
    sum('w', pl.pw);
    L.push(`if (wN !== ${pl.pw.ks.length} || !(${c(w.side.constant)} + w ${CMP[w.op]} ${c(w.value)})) continue;`);
  }
  sum('ln', pl.pln); sum('rn', pl.prn); sum('ld', pl.pld); sum('rd', pl.prd);
  L.push('let lv, rv;');
  if (pl.pld) L.push(`if (ldN === 0 || ld === 0) continue; lv = ${c(pl.lConst)} + ${c(pl.lScale)} * ln / ld;`);
  else L.push(`lv = ${c(pl.lConst)} + ln;`);
  if (pl.prd) L.push(`if (rdN === 0 || rd === 0) continue; rv = ${c(pl.rConst)} + ${c(pl.rScale)} * rn / rd;`);
  else L.push(`rv = ${c(pl.rConst)} + rn;`);
  if (pl.missing === 1) {
    const conds = [`lnN < ${pl.pln.ks.length}`, `rnN < ${pl.prn.ks.length}`];
    if (pl.pld) conds.push(`ldN < ${pl.pld.ks.length}`);
    if (pl.prd) conds.push(`rdN < ${pl.prd.ks.length}`);
    L.push(`if (${conds.join(' || ')}) continue;`);
  } else if (pl.missing === 2) {
    L.push(`if (${['lnN', 'rnN', ...(pl.pld ? ['ldN'] : []), ...(pl.prd ? ['rdN'] : [])].join(' + ')} === 0) continue;`);
  }
  const pi = slot.get(pl.primaryK)!;
  L.push(pl.printed
    ? `const d = m${pi} !== 0 ? dec[o${pi} + j] : 0; const tol = Math.max(${c(pl.tolerance)}, ${c(pl.tolUlps)} * P10[d]) + 1e-9;`
    : `const tol = Math.max(${c(pl.tolerance)}, 0) + 1e-9;`);
  const ok = ['lv <= rv + tol', 'lv < rv + tol', 'lv >= rv - tol', 'lv > rv - tol', 'Math.abs(lv - rv) <= tol'][pl.op] ?? 'Math.abs(lv - rv) <= tol';
  L.push(`const ok = ${ok};`);
  L.push('const gi = g0 + j;');
  L.push('if (state[gi] === 0) { if (ok) state[gi] = 2; else { state[gi] = 1; first[gi] = pi; gLv[gi] = lv; gRv[gi] = rv; gTol[gi] = tol; failing.push(gi); } }');
  L.push('else if (ok) state[gi] = 2;');
  L.push('}');
  const make = new Function('C', 'P10', `return function rule(value, meta, dec, n, base, scope, provOk, state, gLv, gRv, gTol, first, failing, g0, pi) {\n${L.join('\n')}\n};`);
  return make(Float64Array.from(C), Float64Array.from(POW10)) as PlanLoop;
}

export interface RulesInput {
  ctx: CheckContext;
  cube: FactCube;
  /** Reports the rules run on (the cube may hold more: peers and histories). */
  inScope: (slot: number) => boolean;
  /** Narrative statements by document. */
  narrative: Map<number, { id: number; value: number; line: number | null; text: string }[]>;
  /** Unit id -> folded province name (rules limited to some provinces). */
  provinceOf: Map<number, string | null>;
  nameVars: (vars: Record<string, string>, lang: 'vi' | 'en') => Record<string, string>;
  /** Indicator code -> id in the warehouse's indicator table, and back. */
  idOf: Map<string, number>;
  codeOf: Map<number, string>;
}

interface RangeSpec { id: number; code: string; mode: 'percent' | 'negative' | 'legend'; lo: number | null; hi: number | null; allowedSet: Float64Array | null }

/**
 * Positions j (written to out) of usable values in one indicator's run of a period block that fall
 * outside [lo, hi] or, with `allowed`, are not among the legend's codes. Hot: every value of every
 * report passes here once.
 */
function rangeScan(value: Float64Array, meta: Uint8Array, row: number, n: number, scope: Uint8Array, lo: number, hi: number, allowed: Float64Array | null, out: Int32Array): number {
  let nb = 0;
  for (let j = 0; j < n; j++) {
    if (scope[j] === 0 || (meta[row + j] & USABLE_MASK) !== USABLE) continue;
    const v = value[row + j];
    if (allowed === null) {
      if (v < lo || v > hi) out[nb++] = j;
    } else {
      let ok = false;
      for (let a = 0; a < allowed.length; a++) if (allowed[a] === v) { ok = true; break; }
      if (!ok) out[nb++] = j;
    }
  }
  return nb;
}

function rangeSpecs(ctx: CheckContext, idOf: Map<string, number>): RangeSpec[] {
  const s = ctx.file.generate.out_of_range;
  const out: RangeSpec[] = [];
  if (!s) return out;
  const above = new Set<string>(s.allow_above_100 ?? []);
  for (const i of ctx.cat.indicators) {
    const id = idOf.get(i.code);
    if (id === undefined) continue;
    if (i.kind === 'percent') out.push({ id, code: i.code, mode: 'percent', lo: s.percent_min ?? 0, hi: above.has(i.code) ? null : s.percent_max ?? 100, allowedSet: null });
    else if (i.kind === 'count' || i.kind === 'money') out.push({ id, code: i.code, mode: 'negative', lo: 0, hi: null, allowedSet: null });
    else if ((i.kind === 'flag' || i.kind === 'enum') && i.legend) out.push({ id, code: i.code, mode: 'legend', lo: null, hi: null, allowedSet: Float64Array.from(Object.values(i.legend).map(Number)) });
  }
  return out;
}

const OP_CODES = ['<=', '<', '>=', '>', '=='];
const POW10 = Array.from({ length: 32 }, (_, k) => Math.pow(10, -k));

function round4(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}

function plansOf(input: RulesInput): { plans: RulePlan[]; groups: number } {
  const { ctx, cube } = input;
  const plans: RulePlan[] = [];
  const groupNo = new Map<string, number>();
  const ref = (terms: Record<string, number>): TermRef[] | null => {
    const out: TermRef[] = [];
    for (const [code, coef] of Object.entries(terms)) {
      const id = input.idOf.get(code);
      if (id === undefined) return null;
      out.push({ k: cube.k(id), code, coef });
    }
    return out;
  };
  for (const r of ctx.rules) {
    const ln = ref(r.left.num), rn = ref(r.right.num);
    const ld = r.left.den ? ref(r.left.den) : null, rd = r.right.den ? ref(r.right.den) : null;
    const w = r.when ? ref(r.when.side.num) : [];
    if (!ln || !rn || (r.left.den && !ld) || (r.right.den && !rd) || !w) continue;
    const all = [...ln, ...(ld ?? []), ...rn, ...(rd ?? []), ...w];
    if (!all.length) continue;
    const part = (t: TermRef[]): Part => ({ ks: Int32Array.from(t.map((x) => x.k)), coefs: Float64Array.from(t.map((x) => x.coef)) });
    if (!groupNo.has(r.group)) groupNo.set(r.group, groupNo.size);
    const tplVi = fill(r.message_vi, input.nameVars(r.vars, 'vi'));
    const tplEn = fill(r.message_en, input.nameVars(r.vars, 'en'));
    const plan: Omit<RulePlan, 'run'> = {
      group: groupNo.get(r.group)!, op: OP_CODES.indexOf(r.op),
      missing: r.missing === 'skip_if_any_missing' ? 1 : r.missing === 'skip_if_all_missing' ? 2 : 0,
      lConst: r.left.constant, lScale: r.left.scale, rConst: r.right.constant, rScale: r.right.scale,
      tolerance: r.tolerance, tolUlps: r.tolUlps, printed: r.tolMode === 'printed_precision',
      pln: part(ln), pld: ld ? part(ld) : null, prn: part(rn), prd: rd ? part(rd) : null, pw: part(w),
      allKs: Int32Array.from(all.map((t) => t.k)), rule: r, all, primaryK: all[0].k,
      indicators: [...new Set(all.map((t) => t.code))], tplVi, tplEn,
      provinces: r.provinces ? new Set(r.provinces) : null, hasV: /\{v:/.test(tplVi + tplEn)
    };
    plans.push({ ...plan, run: compilePlan(plan) });
  }
  return { plans, groups: groupNo.size };
}

/** Printed decimals matter for the primary row of rules with a printed-precision tolerance. */
export function decimalIndicatorIds(ctx: CheckContext, idOf: Map<string, number>): number[] {
  const out = new Set<number>();
  for (const r of ctx.rules) {
    if (r.tolMode !== 'printed_precision') continue;
    const first = [r.left.num, r.left.den ?? {}, r.right.num, r.right.den ?? {}, r.when?.side.num ?? {}].flatMap((t) => Object.keys(t))[0];
    const id = first === undefined ? undefined : idOf.get(first);
    if (id !== undefined) out.add(id);
  }
  return [...out];
}

export function documentRules(input: RulesInput): FlagRow[] {
  const { ctx, cube, idOf } = input;
  const { value, meta, dec } = cube;
  const codeOfK = (k: number) => input.codeOf.get(cube.indicatorIds[k]);
  const flags: FlagRow[] = [];
  const { plans, groups: G } = plansOf(input);
  const gen = ctx.file.generate;
  const ratePairs = gen.undefined_rate
    ? ctx.cat.indicators.filter((i) => i.numerator && i.denominator && idOf.has(i.code) && idOf.has(i.denominator!))
        .map((i) => ({ code: i.code, den: i.denominator!, id: idOf.get(i.code)!, denId: idOf.get(i.denominator!)! }))
    : [];
  const ranges = rangeSpecs(ctx, idOf);
  const required = gen.missing_required ? ctx.cat.indicators.filter((i) => i.required && idOf.has(i.code)).map((i) => ({ code: i.code, id: idOf.get(i.code)! })) : [];

  const push = (slot: number, x: Omit<FlagRow, 'fingerprint' | 'unit_id' | 'period_id' | 'document_id'>) => {
    const unit = cube.unitOf[slot], period = cube.periods[cube.periodOf[slot]].id;
    flags.push({ unit_id: unit, period_id: period, document_id: cube.docOf[slot], ...x, fingerprint: fingerprintOf(x.kind, x.rule_id, unit, period, x.indicators) });
  };

  // Group state for the largest period block, reused for every period (and out-of-range positions).
  let maxBlock = 0;
  for (let p = 0; p < cube.periods.length; p++) maxBlock = Math.max(maxBlock, cube.blockSize[p]);
  const state = new Int8Array(G * maxBlock);
  const badAt = new Int32Array(maxBlock);
  const first = new Int32Array(G * maxBlock), gLv = new Float64Array(G * maxBlock), gRv = new Float64Array(G * maxBlock), gTol = new Float64Array(G * maxBlock);

  for (let p = 0; p < cube.periods.length; p++) {
    const n = cube.blockSize[p];
    if (!n) continue;
    const s0 = cube.blockStart[p];
    const base = cube.rowBase(p, 0); // cell(s0 + j, k) = base + k * n + j
    const scope = new Uint8Array(n);
    let any = false;
    for (let j = 0; j < n; j++) if (input.inScope(s0 + j)) { scope[j] = 1; any = true; }
    if (!any) continue;

    // Comparison rules; a group of alternative definitions fails only when no evaluated member holds.
    // Per (group, report) state: 0 = not evaluated, 1 = failing, 2 = holds.
    state.fill(0, 0, G * n);
    const failing: number[] = [];
    for (let pi = 0; pi < plans.length; pi++) {
      const pl = plans[pi];
      let provOk: Uint8Array | null = null;
      if (pl.provinces !== null) {
        provOk = new Uint8Array(n);
        for (let j = 0; j < n; j++) {
          const prov = input.provinceOf.get(cube.unitOf[s0 + j]) ?? null;
          provOk[j] = prov !== null && pl.provinces.has(prov) ? 1 : 0;
        }
      }
      pl.run(value, meta, dec, n, base, scope, provOk, state, gLv, gRv, gTol, first, failing, pl.group * n, pi);
    }
    for (const gi of failing) {
      if (state[gi] !== 1) continue; // a later alternative of the group held
      const j = gi % n, slot = s0 + j;
      const pl = plans[first[gi]];
      const lv = gLv[gi], rv = gRv[gi], tol = gTol[gi];
      const r = pl.rule;
      const observed: Record<string, number | null> = {};
      // The primary row's line, else the first line among the rule's rows.
      const pc = base + pl.primaryK * n + j;
      let line = meta[pc] !== 0 ? cube.lineOf(pc) : null;
      let minLine: number | null = null;
      for (const t of pl.all) {
        const c = base + t.k * n + j;
        if (meta[c] === 0) continue;
        observed[t.code] = (meta[c] & M_DISAGREE) === 0 && value[c] === value[c] ? value[c] : null;
        const l = cube.lineOf(c);
        if (l !== null && (minLine === null || l < minLine)) minLine = l;
      }
      line ??= minLine;
      const vars = (fmt: (x: number) => string) => {
        const v: Record<string, string> = { left: fmt(lv), right: fmt(rv), diff: fmt(Math.abs(lv - rv)), tolerance: fmt(Math.max(tol - 1e-9, 0)) };
        if (pl.hasV) for (const [k, x] of Object.entries(observed)) v[`v:${k}`] = x === null ? '—' : fmt(x);
        return v;
      };
      push(slot, {
        kind: r.kind, severity: r.severity, rule_id: r.id, indicators: pl.indicators, observed,
        expected: r.op === '==' ? round4(rv) : { operator: r.op, bound: round4(rv) }, baseline: null,
        message_vi: fill(pl.tplVi, vars((x) => fmtVi(x))), message_en: fill(pl.tplEn, vars((x) => fmtEn(x))),
        line
      });
    }

    // Undefined rates: a rate reported while its denominator is 0.
    const ur = gen.undefined_rate;
    if (ur) {
      const zeroMode: string = ur.zero_rate_over_zero_denominator ?? 'skip';
      for (const rp of ratePairs) {
        const rk = cube.k(rp.id), dk = cube.k(rp.denId);
        if (rk === 0) continue;
        for (let j = 0; j < n; j++) {
          if (scope[j] === 0) continue;
          const c = base + rk * n + j;
          if (!cube.usable(c)) continue;
          const dc = base + dk * n + j;
          const dv = dk !== 0 && cube.usable(dc) ? value[dc] : null;
          const fd = cube.fden.get(c);
          const den = dv ?? (fd === undefined || Number.isNaN(fd) ? null : fd);
          if (den !== 0) continue;
          const rate = value[c];
          if (rate === 0 && zeroMode === 'skip') continue;
          const severity = (rate === 0 ? zeroMode : ur.severity) as Severity;
          const names = (lang: 'vi' | 'en') => {
            const ind = ctx.cat.byCode.get(rp.den);
            return ind ? `"${lang === 'vi' ? ind.name_vi : ind.name_en}"` : rp.den;
          };
          push(s0 + j, {
            kind: 'undefined_rate', severity, rule_id: `undefined.${rp.code}`, indicators: [rp.code, rp.den], observed: { [rp.code]: rate, [rp.den]: 0 },
            expected: null, baseline: null, message_vi: fill(ur.message_vi, { left: fmtVi(rate), den: names('vi') }),
            message_en: fill(ur.message_en, { left: fmtEn(rate), den: names('en') }), line: cube.lineOf(c)
          });
        }
      }
    }

    // Out of range.
    const or = gen.out_of_range;
    if (or) {
      for (const spec of ranges) {
        const k = cube.k(spec.id);
        if (k === 0) continue;
        const lo = spec.lo, hi = spec.hi;
        const row = base + k * n;
        const nb = rangeScan(value, meta, row, n, scope, lo ?? -Infinity, hi ?? Infinity, spec.allowedSet, badAt);
        for (let b = 0; b < nb; b++) {
          const j = badAt[b];
          const v = value[row + j];
          const legend = ctx.cat.byCode.get(spec.code)?.legend;
          const legendText = legend ? Object.entries(legend).map(([a, b]) => `${a} = ${b}`).join('; ') : '';
          push(s0 + j, {
            kind: 'out_of_range', severity: or.severity, rule_id: `range.${spec.mode}.${spec.code}`, indicators: [spec.code], observed: { [spec.code]: v },
            expected: spec.mode === 'legend' ? { allowed: legend ? Object.values(legend) : [] } : { min: lo, max: hi }, baseline: null,
            message_vi: fill(or[`message_${spec.mode}_vi`], { left: fmtVi(v), legend: legendText }),
            message_en: fill(or[`message_${spec.mode}_en`], { left: fmtEn(v), legend: legendText }), line: cube.lineOf(row + j)
          });
        }
      }
    }

    // Required indicators: absent from the report (info) or present but empty (warning).
    const mr = gen.missing_required;
    if (mr) {
      for (const q of required) {
        const k = cube.k(q.id);
        for (let j = 0; j < n; j++) {
          if (scope[j] === 0) continue;
          const st = k === 0 ? null : cube.statusOf(base + k * n + j);
          if (st !== null && st !== 'empty') continue;
          const empty = st === 'empty';
          const severity = (empty ? mr.severity_empty : mr.severity_absent) as Severity;
          if (severity !== 'error' && severity !== 'warning' && severity !== 'info') continue;
          push(s0 + j, {
            kind: 'missing_required', severity, rule_id: `required.${q.code}`, indicators: [q.code], observed: { [q.code]: null }, expected: null, baseline: null,
            message_vi: empty ? mr.message_empty_vi : mr.message_absent_vi, message_en: empty ? mr.message_empty_en : mr.message_absent_en,
            line: empty ? cube.lineOf(base + k * n + j) : null
          });
        }
      }
    }

    // Narrative statements that disagree with the table: the first per indicator.
    const nm = gen.narrative_mismatch;
    if (nm && input.narrative.size) {
      for (let j = 0; j < n; j++) {
        if (scope[j] === 0) continue;
        const stated = input.narrative.get(cube.docOf[s0 + j]);
        if (!stated?.length) continue;
        const seen = new Set<number>();
        const sorted = [...stated].sort((a, b) => (input.codeOf.get(a.id) ?? '').localeCompare(input.codeOf.get(b.id) ?? '') || (a.line ?? 0) - (b.line ?? 0));
        for (const st of sorted) {
          const k = cube.k(st.id);
          if (k === 0 || seen.has(st.id)) continue;
          const c = base + k * n + j;
          if (cube.statusOf(c) !== 'reported') continue;
          const tabled = value[c];
          if (!(Math.abs(st.value - tabled) > Number(nm.tolerance ?? 0) + 1e-9)) continue;
          seen.add(st.id);
          const code = input.codeOf.get(st.id)!;
          const text = st.text.replace(/\s+/g, ' ').slice(0, 160);
          const vars = (fmt: (x: number) => string) => ({ left: fmt(st.value), right: fmt(tabled), narrative_line: String(st.line ?? '?'), text });
          push(s0 + j, {
            kind: 'narrative_mismatch', severity: nm.severity, rule_id: `narrative.${code}`, indicators: [code], observed: { [code]: tabled },
            expected: st.value, baseline: { narrative_value: st.value, narrative_line: st.line, text },
            message_vi: fill(nm.message_vi, vars((x) => fmtVi(x))), message_en: fill(nm.message_en, vars((x) => fmtEn(x))), line: cube.lineOf(c)
          });
        }
      }
    }
  }

  // Indicators reported on several rows with different values.
  const dr = gen.duplicate_row;
  if (dr) {
    for (const d of cube.duplicates) {
      if (!input.inScope(d.slot)) continue;
      const c = cube.cell(d.slot, d.k);
      if ((meta[c] & M_DISAGREE) === 0) continue;
      const rows = d.rows.filter((r) => r.status === ST_REPORTED);
      if (rows.length < 2) continue;
      const code = codeOfK(d.k);
      if (!code) continue;
      const vals = rows.map((x) => x.value);
      const lines = rows.map((x) => x.line);
      const vars = (fmt: (x: number) => string) => ({ count: String(vals.length), values: vals.map(fmt).join('; ') });
      push(d.slot, {
        kind: 'duplicate_row', severity: dr.severity, rule_id: `duplicate.${code}`, indicators: [code], observed: { [code]: vals[0] },
        expected: { values: vals, lines }, baseline: null, message_vi: fill(dr.message_vi, vars((x) => fmtVi(x))),
        message_en: fill(dr.message_en, vars((x) => fmtEn(x))), line: lines[1] ?? lines[0] ?? null
      });
    }
  }
  return flags;
}
