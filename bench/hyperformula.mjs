// HyperFormula as a peer of the keystroke: the benchmark form (bench/forms.mjs) written as a
// spreadsheet, each leaf's rule a formula, so that typing an actual is what it is in a spreadsheet
// engine — one cell set, its dependents recomputed — instead of a whole recompute.
//
// The sheet (one sheet, "form"; row r is leaf r in the order of the form, 0-based):
//   A  id                 the leaf's id, as text
//   B  weight             100/N as a number
//   C  target             the target as HyperFormula reads it: ≥90% → 0.9, ≤50万元 → 50 (the
//                         target's own money unit), =100% → 1, 按时完成 as text; empty for levels
//   D  actual             the actual the same way (48万元 → 48, 480,000元 → 48: money is read in
//                         the target's unit), or the words (按时完成, 良: a levels leaf's level)
//   E  score              =ROUND(rule, 2), the rule by the leaf's kind (RULES below)
//   F  unrounded          the rule without ROUND, only in the sheet the parity check builds, to
//                         tell a float landing on the other side of a half from a real mismatch
//   G  subtotal           row p: =SUM(E) over parent p's leaves
//   H1 total              =ROUND(SUM(G), 2): the sum of the rounded leaf scores, 2 decimals
//   I1 grade              =IFS(H1>=90,"优",H1>=80,"良",H1>=60,"中",TRUE(),"差")
// Percentages are read as HyperFormula reads a typed "85.5%": 85.5 / 100, in binary floats. Money
// in another unit is shifted by powers of ten through the decimal text, so converting adds no
// error of its own.
//
// No imports: Node (bench/run.mjs) and the page (bench/page.mjs) pass in the HyperFormula class,
// which the page loads as the package's UMD build (dist/hyperformula.full.min.js) and Node as the
// package's ES module.

/** Every engine is built with this: HyperFormula's defaults, under its GPLv3 licence. */
export const HF_CONFIG = { licenseKey: 'gpl-v3' };

const MONEY_EXPONENT = { 元: 0, 万元: 4, 亿元: 8 };
const NUMBER = /^([+-]?\d+(?:\.\d+)?)(%|元|万元|亿元)?$/;

/**
 * A cell's text as the sheet holds it: a number (percentages as fractions, money in
 * `moneyUnit`), the words themselves, or null for an empty cell.
 */
export function sheetValue(text, moneyUnit = null) {
  const s = String(text ?? '').trim();
  if (s === '') return null;
  const m = NUMBER.exec(s.replaceAll(',', ''));
  if (!m) return s;
  const [, digits, unit] = m;
  // the same two steps as HyperFormula's own reading of a typed "85.5%" (a float divided by 100)
  if (unit === '%') return Number(digits) / 100;
  if (unit && moneyUnit && unit !== moneyUnit) {
    // exact decimal shift: "480000e-4" is read straight to the double nearest 48
    return Number(`${digits}e${MONEY_EXPONENT[unit] - MONEY_EXPONENT[moneyUnit]}`);
  }
  return Number(digits);
}

/** The kind of rule a leaf is scored by, and its target in the sheet. */
function leafRule(leaf) {
  if (leaf.rule?.kind === 'levels') return { kind: 'levels', target: null, unit: null };
  const t = String(leaf.target ?? '').trim();
  const cmp = /^(≥|≤|=)/.exec(t)?.[1];
  if (!cmp) return { kind: 'qualitative', target: t, unit: null };
  const rest = t.slice(cmp.length);
  const unit = /(万元|亿元|元)$/.exec(rest)?.[1] ?? null;
  const kind = cmp === '≥' ? 'proportional' : cmp === '≤' ? 'inverse' : 'equal';
  return { kind, target: sheetValue(rest, unit), unit };
}

// Each leaf's rule as domain.md §3 states it and bench/baseline.mjs scores it, for the cells the
// benchmark forms and the parity check type: an actual that is not a number scores 0.
const RULES = {
  // w × min(a/t, 1); t ≤ 0 → w
  proportional: (r) => `IF(ISNUMBER(D${r}),IF(C${r}<=0,B${r},B${r}*MIN(MAX(D${r},0)/C${r},1)),0)`,
  // a ≤ t → w, else w × t/a
  inverse: (r) => `IF(ISNUMBER(D${r}),IF(D${r}<=C${r},B${r},B${r}*MAX(C${r},0)/D${r}),0)`,
  // a = t → w, else w × min/max (closeness)
  equal: (r) =>
    `IF(ISNUMBER(D${r}),IF(D${r}=C${r},B${r},IF(OR(D${r}<=0,C${r}<=0),0,B${r}*MIN(D${r},C${r})/MAX(D${r},C${r}))),0)`,
  // the target's own words or a yes word → w
  qualitative: (r) => `IF(OR(D${r}=C${r},D${r}="是",D${r}="完成",D${r}="已完成"),B${r},0)`,
  // 优/良/中/差 → 1, 0.8, 0.6, 0 of w
  levels: (r) => `B${r}*IFS(D${r}="优",1,D${r}="良",0.8,D${r}="中",0.6,TRUE(),0)`,
};

// The same expressions in JavaScript, for the parity check's messages: HyperFormula multiplies and
// divides JavaScript numbers as they are, so these give the double its ROUND saw, which its
// getCellValue shows rounded to 10 digits.
const FLOATS = {
  proportional: (w, t, a) => (t <= 0 ? w : w * Math.min(Math.max(a, 0) / t, 1)),
  inverse: (w, t, a) => (a <= t ? w : (w * Math.max(t, 0)) / a),
  equal: (w, t, a) => (a === t ? w : a <= 0 || t <= 0 ? 0 : (w * Math.min(a, t)) / Math.max(a, t)),
};

const column = (c) => 'ABCDEFGHI'.indexOf(c);

/** The benchmark form as a HyperFormula sheet; `set` is a keystroke. */
export class HyperFormulaSheet {
  /** `unrounded`: also write column F (the parity check's, never the timed sheet's). */
  constructor(HyperFormula, form, { unrounded = false } = {}) {
    this.rows = new Map(); // leaf id → { row, parent, kind, unit }
    const cells = [];
    const parents = form.indicators;
    parents.forEach((parent, p) => {
      const first = cells.length;
      for (const leaf of parent.children) {
        const r = cells.length;
        const rule = leafRule(leaf);
        const actual = rule.kind === 'levels' ? leaf.level : leaf.actual;
        const a1 = r + 1; // A1 notation counts from 1
        const row = [String(leaf.id), Number(leaf.weight), rule.target, sheetValue(actual, rule.unit), `=ROUND(${RULES[rule.kind](a1)},2)`];
        row.push(unrounded ? `=${RULES[rule.kind](a1)}` : null);
        this.rows.set(String(leaf.id), { row: r, parent: p, kind: rule.kind, unit: rule.unit, weight: row[1], target: rule.target, actual: row[3] });
        cells.push(row);
      }
      // the subtotal of parent p sits in column G of row p, beside its own leaves' rows or not
      (cells[p] ??= [])[column('G')] = `=SUM(E${first + 1}:E${cells.length})`;
    });
    this.parents = parents.length;
    cells[0][column('H')] = `=ROUND(SUM(G1:G${parents.length}),2)`;
    cells[0][column('I')] = '=IFS(H1>=90,"优",H1>=80,"良",H1>=60,"中",TRUE(),"差")';
    this.hf = HyperFormula.buildFromArray(cells, HF_CONFIG);
    this.sheet = 0;
  }

  /** The cell of `indicators.<id>.actual` (or `.level`): `{ sheet, row, col }` and the leaf. */
  cell(path) {
    const at = path.lastIndexOf('.');
    const leaf = this.rows.get(path.slice('indicators.'.length, at));
    if (!leaf || !/^(actual|level)$/.test(path.slice(at + 1))) throw new Error(`no cell at ${path}`);
    return { address: { sheet: this.sheet, row: leaf.row, col: column('D') }, leaf };
  }

  /** What a typed text becomes in `path`'s cell. */
  value(path, text) {
    return sheetValue(text, this.cell(path).leaf.unit);
  }

  /** The parity check's setting of a cell: the value kept beside the sheet for its messages. */
  type(path, text) {
    const { address, leaf } = this.cell(path);
    leaf.actual = sheetValue(text, leaf.unit);
    this.setValue(address, leaf.actual);
  }

  /** The double under a leaf's unrounded score, where the rule is arithmetic. */
  float(id) {
    const { kind, weight, target, actual } = this.rows.get(id);
    return FLOATS[kind] && typeof actual === 'number' ? FLOATS[kind](weight, target, actual) : null;
  }

  /** Sets the cell to an already converted value; returns HyperFormula's list of changed cells. */
  setValue(address, value) {
    return this.hf.setCellContents(address, [[value]]);
  }

  leafScore(id) {
    return this.hf.getCellValue({ sheet: this.sheet, row: this.rows.get(id).row, col: column('E') });
  }

  unrounded(id) {
    return this.hf.getCellValue({ sheet: this.sheet, row: this.rows.get(id).row, col: column('F') });
  }

  subtotal(p) {
    return this.hf.getCellValue({ sheet: this.sheet, row: p, col: column('G') });
  }

  total() {
    return this.hf.getCellValue({ sheet: this.sheet, row: 0, col: column('H') });
  }

  grade() {
    return this.hf.getCellValue({ sheet: this.sheet, row: 0, col: column('I') });
  }

  destroy() {
    this.hf.destroy();
  }
}

/**
 * The keystroke, as bench/measure.mjs times it: `keystroke(leaves)`'s cell, the two values
 * converted once (a page's reading of "40%" is not HyperFormula's work), then per call one
 * `setCellContents` and the values a page shows: the leaf's score, the total and the grade.
 */
export function keystrokeOf(sheet, k) {
  const { address } = sheet.cell(k.path);
  const values = k.values.map((text) => sheet.value(k.path, text));
  let i = 0;
  return () => {
    const changes = sheet.setValue(address, values[i++ & 1]);
    return changes.length + sheet.leafScore(k.id) + sheet.total() + sheet.grade().length;
  };
}

// ---------------------------------------------------------------------------------------------
// Parity with jixiao

const cents = (text) => {
  const m = /^(-?)(\d+)\.(\d\d)$/.exec(text);
  if (!m) throw new Error(`not a 2-decimal figure: ${text}`);
  return (m[1] ? -1 : 1) * (Number(m[2]) * 100 + Number(m[3]));
};
const text2 = (c) => `${c < 0 ? '-' : ''}${Math.floor(Math.abs(c) / 100)}.${String(Math.abs(c) % 100).padStart(2, '0')}`;
// what a page prints of a sheet value: 2 decimals
const shown = (v) => (typeof v === 'number' ? v.toFixed(2) : String(v?.value ?? v));

function gradeOf(c) {
  if (c >= 9000) return '优';
  if (c >= 8000) return '良';
  if (c >= 6000) return '中';
  return '差';
}

/**
 * Compares a sheet with jixiao's figures `jx` (`{ leaves: Map id → score, subtotals: Map
 * parent index → score, score, grade }`, all 2-decimal text), over the leaves `ids` (all when
 * null). A leaf that differs by one cent where its unrounded value lies within 1e-9 of a half cent
 * is a float difference: the exact value is a tie (x.xx5), and the float fell on the other side
 * of it. Subtotals, the total and the grade may then differ by exactly those cents. Anything else
 * throws. Returns the float differences found.
 */
function compare(sheet, jx, ids, label, tally, drift) {
  const found = [];
  const fail = (what) => {
    throw new Error(`HyperFormula ≠ jixiao (${label}): ${what}`);
  };
  for (const id of ids ?? sheet.rows.keys()) {
    const hf = shown(sheet.leafScore(id));
    const theirs = jx.leaves.get(id);
    const raw = sheet.unrounded(id);
    const half = typeof raw === 'number' && Math.abs(((raw * 100) % 1) - 0.5) < 1e-7;
    if (half && tally) tally.ties += 1;
    if (hf === theirs) {
      drift.delete(id);
      continue;
    }
    if (!half || Math.abs(cents(hf) - cents(theirs)) !== 1) {
      fail(`leaf ${id} (E${sheet.rows.get(id).row + 1}): ${hf} (unrounded ${raw}) ≠ ${theirs}`);
    }
    drift.set(id, cents(hf) - cents(theirs));
    found.push({ label, id, cell: `E${sheet.rows.get(id).row + 1}`, hyperformula: hf, unrounded: sheet.float(id) ?? raw, jixiao: theirs });
  }
  tally?.floats.push(...found);
  // what the leaves' float differences, still standing, move the sums by
  const byParent = new Map();
  let all = 0;
  for (const [id, d] of drift) {
    const p = sheet.rows.get(id).parent;
    byParent.set(p, (byParent.get(p) ?? 0) + d);
    all += d;
  }
  let followed = 0;
  for (const [p, theirs] of jx.subtotals) {
    const hf = shown(sheet.subtotal(p));
    if (hf === theirs) continue;
    if (cents(hf) !== cents(theirs) + (byParent.get(p) ?? 0)) fail(`subtotal ${p} (G${p + 1}): ${hf} ≠ ${theirs}`);
    followed += 1;
  }
  const total = shown(sheet.total());
  if (total !== jx.score) {
    if (cents(total) !== cents(jx.score) + all) fail(`total (H1): ${total} ≠ ${jx.score}`);
    followed += 1;
  }
  const grade = shown(sheet.grade());
  if (grade !== jx.grade) {
    if (grade !== gradeOf(cents(total))) fail(`grade (I1): ${grade} ≠ ${jx.grade}`);
    followed += 1;
  }
  return followed;
}

/** jixiao's figures from a report, keyed as `compare` reads them. */
function figures(report, sheet) {
  const parents = new Map();
  for (const s of report.subtotals) parents.set(s.id, s.score);
  const subtotals = new Map();
  for (const [id, { parent }] of sheet.rows) {
    const p = id.slice(0, id.lastIndexOf('.'));
    if (!parents.has(p)) throw new Error(`jixiao's report has no subtotal of ${p}`);
    subtotals.set(parent, parents.get(p));
  }
  return { leaves: new Map(report.leaves.map((l) => [l.id, l.score])), subtotals, score: report.score, grade: report.grade };
}

/** jixiao's figures moved on by a change from Evaluator.set. */
function applyChange(jx, change, sheet) {
  for (const l of change.leaves) jx.leaves.set(l.id, l.score);
  const index = new Map();
  for (const [id, { parent }] of sheet.rows) index.set(id.slice(0, id.lastIndexOf('.')), parent);
  for (const s of change.subtotals) if (index.has(s.id)) jx.subtotals.set(index.get(s.id), s.score);
  jx.score = change.score;
  jx.grade = change.grade;
}

/**
 * The parity checks: every benchmark form, fresh and after both keystroke values, then
 * `randomEdits` random edits of actuals on the 100-leaf form (half as many on the 10-leaf and the
 * 1,000-leaf forms: weights 10 and 0.1 bring other digits to the rounding). Throws on any
 * disagreement that is not a float landing on the other side of a half. Returns `{ checks,
 * floats, ties, followed }`: the comparisons, the float differences (cell, HyperFormula's value,
 * jixiao's), how many leaf comparisons had an exact half cent, and how many sums or grades
 * differed by exactly the float differences.
 */
export function checkHyperFormulaParity(HyperFormula, jixiao, { makeForm, keystroke, SIZES }, randomEdits = 300) {
  const tally = { floats: [], ties: 0 };
  let followed = 0;
  let checks = 0;
  for (const n of SIZES) {
    const sheet = new HyperFormulaSheet(HyperFormula, makeForm(n), { unrounded: true });
    const ev = new jixiao.Evaluator(makeForm(n));
    const drift = new Map();
    try {
      const jx = figures(ev.report(), sheet);
      followed += compare(sheet, jx, null, `${n} leaves`, tally, drift);
      const k = keystroke(n);
      for (const value of [...k.values, ...k.values]) {
        applyChange(jx, ev.set(k.path, value), sheet);
        sheet.type(k.path, value);
        const label = `${n} leaves, ${k.path} = ${value}`;
        followed += compare(sheet, jx, [k.id], label, tally, drift);
        followed += compare(sheet, figures(ev.report(), sheet), null, `${label}, whole report`, null, drift);
        checks += 2;
      }
    } finally {
      ev.free();
      sheet.destroy();
    }
    checks += 1;
  }
  for (const [n, edits] of [[10, Math.ceil(randomEdits / 2)], [100, randomEdits], [1_000, Math.ceil(randomEdits / 2)]]) {
    const r = randomParity(HyperFormula, jixiao, makeForm, n, edits, tally);
    checks += r.checks;
    followed += r.followed;
  }
  return { checks, floats: tally.floats, ties: tally.ties, followed };
}

// Exact halves at the rounding, on purpose: w = 1 (100 leaves) '11.25%' of ≥90% and '12.5%' of
// =100% (0.125), '400万元' of ≤50万元 (0.125); w = 10 '9.045%' (1.005) and '10.05%' (1.005 of
// =100%); w = 0.1 '85.5%' (0.095) and '47.25%' (0.0525); and the keystroke's values.
const TIES = [
  ['11.25%', '9.045%', '85.5%', '40%', '47.25%', '90%', '53.3%'],
  ['400万元', '480,000元', '0.0048亿元', '48万元', '50万元'],
  ['12.5%', '10.05%', '100%', '99.5%'],
  ['按时完成', '未完成', '是', '否', '完成'],
  ['优', '良', '中', '差'],
];

function randomParity(HyperFormula, jixiao, makeForm, n, edits, tally) {
  let seed = 20261206 + n;
  const random = (m) => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return (seed >>> 8) % m;
  };
  // a number with 0–2 decimals in [lo, hi)
  const decimals = (lo, hi) => {
    const places = random(3);
    const scale = 10 ** places;
    const v = lo * scale + random((hi - lo) * scale);
    return places === 0 ? String(v) : `${Math.floor(v / scale)}.${String(v % scale).padStart(places, '0')}`;
  };
  // an exact half cent at this form's weight w: of ≥90%, w·a/0.9 = k + ½ cents, so a = 0.45·(2k + 1)/w
  // percent; of =100% below it, a = 0.5·(2k + 1)/w percent (in thousandths of a percent, exact)
  const w = Number(makeForm(n).indicators[0].children[0].weight);
  const half = (kind) => {
    const step = Math.round((kind === 0 ? 450 : 500) / w);
    const thousandths = step * (2 * random(Math.floor((90_000 / step - 1) / 2)) + 1);
    const text = `${Math.floor(thousandths / 1000)}.${String(thousandths % 1000).padStart(3, '0')}`;
    return `${text.replace(/0+$/, '').replace(/\.$/, '')}%`;
  };
  const typed = (kind) => {
    if ((kind === 0 || kind === 2) && random(4) === 0) return half(kind);
    if (kind >= 3 || random(4) === 0) return TIES[kind][random(TIES[kind].length)];
    if (kind === 0) return `${decimals(0, 130)}%`;
    if (kind === 1) return `${decimals(20, 120)}万元`;
    return `${decimals(50, 150)}%`;
  };
  const sheet = new HyperFormulaSheet(HyperFormula, makeForm(n), { unrounded: true });
  const ev = new jixiao.Evaluator(makeForm(n));
  const drift = new Map();
  let followed = 0;
  try {
    const jx = figures(ev.report(), sheet);
    followed += compare(sheet, jx, null, `${n} leaves`, null, drift);
    for (let i = 0; i < edits; i++) {
      const leaf = random(n);
      const kind = leaf % 5;
      const id = `${Math.floor(leaf / 10)}.${leaf % 10}`;
      const path = `indicators.${id}.${kind === 4 ? 'level' : 'actual'}`;
      const value = typed(kind);
      applyChange(jx, ev.set(path, value), sheet);
      sheet.type(path, value);
      followed += compare(sheet, jx, [id], `${n} leaves, random edit ${i}: ${id} = ${value}`, tally, drift);
    }
    // the whole sheet against a fresh evaluation of the form as jixiao now holds it
    followed += compare(sheet, figures(jixiao.evaluate(ev.form()), sheet), null, `${n} leaves after ${edits} random edits`, null, drift);
  } finally {
    ev.free();
    sheet.destroy();
  }
  return { checks: edits + 2, followed };
}

/** The parity result in a few lines: the count, and every float difference up to `limit`. */
export function parityLines({ checks, floats, ties, followed }, limit = 12) {
  const lines = [
    `parity: HyperFormula = jixiao in ${checks} comparisons (every leaf score, subtotal, total and grade), except ` +
      `${floats.length} leaf score${floats.length === 1 ? '' : 's'} where the exact value is a half cent and the float fell below it ` +
      `(${floats.length} of the ${ties} halves compared; ROUND rounded the others as jixiao does)` +
      (followed ? `, and ${followed} subtotals, totals or grades that differ by exactly those cents` : ''),
  ];
  for (const f of floats.slice(0, limit)) {
    // 17 digits: the shortest text of a double (0.145) can hide that it lies below the half
    const under = typeof f.unrounded === 'number' ? f.unrounded.toPrecision(17) : f.unrounded;
    lines.push(`  ${f.label}: leaf ${f.id} (${f.cell}) HyperFormula ${f.hyperformula} (ROUND of ${under}), jixiao ${f.jixiao}`);
  }
  if (floats.length > limit) lines.push(`  … and ${floats.length - limit} more`);
  return lines;
}

// ---------------------------------------------------------------------------------------------
// Memory per live form (Node only)

const MEMORY_FORMS = { 100: 50, 10_000: 5 }; // forms kept alive at once, per size

/**
 * One measurement in a fresh process (`node --expose-gc bench/hyperformula.mjs --memory-case
 * ENGINE N`), so that neither engine reuses memory the other or a larger form freed: `count`
 * forms of `n` leaves built and kept alive, one keystroke typed into each; the growth of the JS
 * heap after a full collection and, for jixiao, of the wasm memory (which grows in 64 KB pages).
 */
async function memoryCase(engine, n) {
  const forms = await import('./forms.mjs');
  const count = MEMORY_FORMS[n];
  const k = forms.keystroke(n);
  const heap = () => {
    globalThis.gc();
    globalThis.gc();
    return process.memoryUsage().heapUsed;
  };
  const live = [];
  if (engine === 'jixiao') {
    const { readFileSync } = await import('node:fs');
    const { default: init, ...jixiao } = await import('../pkg/jixiao.js');
    const exports = await init({ module_or_path: readFileSync(new URL('../pkg/jixiao_wasm_bg.wasm', import.meta.url)) });
    // the form objects are the page's, not the engine's: made before the first reading and kept
    // alive to the last, so neither counts them
    const inputs = Array.from({ length: count }, () => forms.makeForm(n));
    const wasm0 = exports.memory.buffer.byteLength;
    const heap0 = heap();
    for (const form of inputs) {
      const ev = new jixiao.Evaluator(form);
      ev.set(k.path, k.values[0]);
      live.push(ev);
    }
    const heap1 = heap();
    const wasm1 = exports.memory.buffer.byteLength;
    void inputs, live;
    return { engine, n, count, heap: (heap1 - heap0) / count, wasm: (wasm1 - wasm0) / count };
  }
  const { HyperFormula } = await import('hyperformula');
  const inputs = Array.from({ length: count }, () => forms.makeForm(n));
  const heap0 = heap();
  for (const form of inputs) {
    const sheet = new HyperFormulaSheet(HyperFormula, form);
    keystrokeOf(sheet, k)();
    live.push(sheet);
  }
  const heap1 = heap();
  void inputs, live;
  return { engine, n, count, heap: (heap1 - heap0) / count, wasm: 0 };
}

/** Every memory case, each in its own `node --expose-gc` process; the rows for `memoryLines`. */
export async function measureMemory() {
  const { execFileSync } = await import('node:child_process');
  const { fileURLToPath } = await import('node:url');
  const self = fileURLToPath(import.meta.url);
  const rows = [];
  for (const n of Object.keys(MEMORY_FORMS).map(Number)) {
    const [jx, hf] = ['jixiao', 'hyperformula'].map((engine) =>
      JSON.parse(execFileSync(process.execPath, ['--expose-gc', self, '--memory-case', engine, String(n)], { encoding: 'utf8' })),
    );
    rows.push({ leaves: n, count: jx.count, jixiaoHeap: jx.heap, jixiaoWasm: jx.wasm, hyperformulaHeap: hf.heap });
  }
  return rows;
}

/** The memory table: bytes per live form, and HyperFormula's as a multiple of jixiao's. */
export function memoryLines(rows, table) {
  const kb = (b) => `${(b / 1024).toLocaleString('en-US', { maximumFractionDigits: 0 })} KB`;
  const jx = (r) => r.jixiaoHeap + r.jixiaoWasm;
  return [
    'Memory per live form against HyperFormula (Node, each in a fresh process, after a full GC)',
    table(rows, [
      ['leaves', (r) => r.leaves.toLocaleString('en-US')],
      ['forms alive', (r) => r.count],
      ['jixiao wasm', (r) => kb(r.jixiaoWasm)],
      ['jixiao JS heap', (r) => kb(r.jixiaoHeap)],
      ['jixiao', (r) => kb(jx(r))],
      ['HyperFormula JS heap', (r) => kb(r.hyperformulaHeap)],
      ['HyperFormula ÷ jixiao', (r) => `${(r.hyperformulaHeap / jx(r)).toFixed(1)}×`],
    ]),
    "the growth per form, once built and typed into: jixiao's wasm memory grows in 64 KB pages and its JS heap holds the wrappers; the form objects passed in are not counted for either",
  ];
}

// `node bench/hyperformula.mjs [random edits]`: the parity checks alone. (`--memory-case` is one
// process of measureMemory; `node bench/run.mjs --memory` prints the memory table alone.)
if (typeof process !== 'undefined' && process.argv?.[1] && new URL(import.meta.url).pathname === process.argv[1]) {
  const at = process.argv.indexOf('--memory-case');
  if (at > 0) {
    console.log(JSON.stringify(await memoryCase(process.argv[at + 1], Number(process.argv[at + 2]))));
  } else {
    const { readFileSync } = await import('node:fs');
    const { HyperFormula } = await import('hyperformula');
    const { default: init, ...jixiao } = await import('../pkg/jixiao.js');
    await init({ module_or_path: readFileSync(new URL('../pkg/jixiao_wasm_bg.wasm', import.meta.url)) });
    const forms = await import('./forms.mjs');
    const result = checkHyperFormulaParity(HyperFormula, jixiao, forms, Number(process.argv[2] ?? 300));
    for (const line of parityLines(result, Infinity)) console.log(line);
  }
}
