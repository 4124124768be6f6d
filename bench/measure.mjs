// The measurements shared by bench/run.mjs (Node) and bench/page.mjs (Chromium): the keystroke
// path, whole-form evaluation, the decimal.js baseline and HyperFormula's keystroke, for every form
// size; then the tables.
//
// Method: each measurement is warmed up (so V8 has tiered the wasm and the JS up), then calibrated
// to a batch of iterations lasting at least SAMPLE_MS (so the browser's coarse clock does not
// matter), then timed as up to SAMPLES batches within BUDGET_MS. The figure is the median over
// batches of the time per iteration. Nothing here fails on time; only wrong results throw.
//
// No Node imports: the browser page loads this file too.

import { BaselineForm, checkParity } from './baseline.mjs';
import { HyperFormulaSheet, checkHyperFormulaParity, keystrokeOf, parityLines } from './hyperformula.mjs';

const WARMUP_MS = 300;
const SAMPLE_MS = 10;
const SAMPLES = 21;
const MIN_SAMPLES = 7;
const BUDGET_MS = 2500;

/** Goals, as ratios to a peer measured in the same run: a machine's speed drifts, a ratio less. */
export const GOALS = {
  speedup100: 10, // (c)/(a) on 100 leaves
  hyperformula100: 2, // (g)/(a) on 100 leaves
  evaluate10000: 2, // (c)/(b) on 10,000 leaves: a whole evaluation against the baseline's
};

// Results are folded into this so no call can be optimised away.
let sink = 0;

function median(values) {
  const v = [...values].sort((a, b) => a - b);
  return v[Math.floor(v.length / 2)];
}

/** Median milliseconds per call of `fn`, with the batch size and number of batches. */
export function time(fn, { budgetMs = BUDGET_MS, warmupMs = WARMUP_MS } = {}) {
  const clock = () => performance.now();
  let start = clock();
  let warm = 0;
  while (clock() - start < warmupMs || warm < 3) {
    fn();
    warm += 1;
  }
  // calibrate: how many calls make one batch of at least SAMPLE_MS
  let iterations = 1;
  for (;;) {
    start = clock();
    for (let i = 0; i < iterations; i++) fn();
    const elapsed = clock() - start;
    if (elapsed >= SAMPLE_MS) break;
    iterations *= elapsed > 0 ? Math.min(10, Math.max(2, Math.ceil((SAMPLE_MS * 1.2) / elapsed))) : 10;
  }
  const samples = [];
  const begun = clock();
  while (samples.length < SAMPLES && (samples.length < MIN_SAMPLES || clock() - begun < budgetMs)) {
    start = clock();
    for (let i = 0; i < iterations; i++) fn();
    samples.push((clock() - start) / iterations);
  }
  return {
    ms: median(samples),
    min: Math.min(...samples),
    max: Math.max(...samples),
    iterations,
    samples: samples.length,
  };
}

/**
 * Runs (a), (b) and (c) for every size. `jixiao` is the initialised module (evaluate, Evaluator),
 * `forms` is bench/forms.mjs. `extra(n, form, jixiao)` may return more columns (Node: where the
 * time of `evaluate` goes). `log` gets progress lines. `hyperformula`, the HyperFormula class, adds
 * (g): its parity check first, then its keystroke timed right after (a) on the same form, so the
 * two figures of a size are minutes closer than the rest of the run.
 */
export function measureAll(jixiao, forms, { log = () => {}, extra = null, hyperformula = null } = {}) {
  const t0 = performance.now();
  const checks = checkParity(jixiao, forms);
  log(`parity: baseline = jixiao in ${checks} comparisons (total, grade, every leaf score), ${(performance.now() - t0).toFixed(0)} ms`);
  let hyperformulaParity = null;
  if (hyperformula) {
    const t1 = performance.now();
    hyperformulaParity = checkHyperFormulaParity(hyperformula, jixiao, forms);
    log(`${parityLines(hyperformulaParity, 0)[0]}, ${(performance.now() - t1).toFixed(0)} ms`);
  }
  const rows = [];
  for (const n of forms.SIZES) {
    const form = forms.makeForm(n);
    const k = forms.keystroke(n);

    // (a) the keystroke path: set one actual, read what changed
    const ev = new jixiao.Evaluator(forms.makeForm(n));
    let i = 0;
    const keystroke = time(() => {
      const change = ev.set(k.path, k.values[i++ & 1]);
      sink += change.score.length + change.issues.length + change.leaves.length;
    });
    const lastChange = ev.set(k.path, k.values[0]);
    // (g) the same keystroke in HyperFormula: one cell set, its dependents recomputed
    const peer = hyperformula ? measureHyperFormula(hyperformula, forms, n, k) : {};
    // (f) a row of the unit's own added under the keystroke's group, and removed again: the tree
    // edited, renumbered and re-scored where it changed, twice
    const rowEdit = time(() => {
      const added = ev.addRow(String(k.parent));
      sink += added.change.issues.length + ev.removeRow(added.id).issues.length;
    });
    ev.free();

    // (b) the whole form, object in, report out
    const evaluate = time(() => {
      sink += jixiao.evaluate(form).leaves.length;
    });

    // (c) the baseline: write the cell, score the whole form again from its text
    const base = new BaselineForm(forms.makeForm(n));
    let j = 0;
    const baseline = time(() => {
      sink += base.set(k.path, k.values[j++ & 1]).score.length;
    });

    const row = {
      leaves: n,
      keystrokeMs: keystroke.ms,
      rowEditMs: rowEdit.ms,
      evaluateMs: evaluate.ms,
      baselineMs: baseline.ms,
      ratio: baseline.ms / keystroke.ms,
      changeBytes: JSON.stringify(lastChange).length,
      changeIssues: lastChange.issues.length,
      batches: `${keystroke.iterations}×${keystroke.samples} / ${evaluate.iterations}×${evaluate.samples} / ${baseline.iterations}×${baseline.samples}`,
      ...peer,
      ...(extra ? extra(n, form, jixiao) : {}),
    };
    // (a′) the keystroke path when the form has many findings: the same form without any 未完成原因,
    // so every leaf scored below its weight carries a missing-reason warning, and every change
    // carries all of them (a change lists every current issue)
    const bare = forms.makeForm(n);
    for (const parent of bare.indicators) for (const leaf of parent.children) delete leaf.reason;
    const evBare = new jixiao.Evaluator(bare);
    let b = 0;
    const keystrokeBare = time(() => {
      const change = evBare.set(k.path, k.values[b++ & 1]);
      sink += change.score.length + change.issues.length + change.leaves.length;
    }, { budgetMs: 1000 });
    const bareChange = evBare.set(k.path, k.values[0]);
    evBare.free();
    row.bareKeystrokeMs = keystrokeBare.ms;
    row.bareIssues = bareChange.issues.length;
    row.bareChangeBytes = JSON.stringify(bareChange).length;

    rows.push(row);
    log(`${n} leaves: keystroke ${fmt(row.keystrokeMs)}, evaluate ${fmt(row.evaluateMs)}, baseline ${fmt(row.baselineMs)}, keystroke with ${row.bareIssues} issues ${fmt(row.bareKeystrokeMs)}`);
  }
  return { rows, sink, hyperformulaParity };
}

/** (g): HyperFormula's keystroke on the `n`-leaf form, and the time it took to build the sheet. */
function measureHyperFormula(HyperFormula, forms, n, k) {
  const built = performance.now();
  const sheet = new HyperFormulaSheet(HyperFormula, forms.makeForm(n));
  const buildMs = performance.now() - built;
  try {
    const keystroke = keystrokeOf(sheet, k);
    const t = time(() => {
      sink += keystroke();
    });
    return { hfKeystrokeMs: t.ms, hfBuildMs: buildMs, hfBatches: `${t.iterations}×${t.samples}` };
  } finally {
    sheet.destroy();
  }
}

/**
 * The keystroke against HyperFormula: (a) and (g) side by side, (g)/(a), the goal (at least
 * GOALS.hyperformula100 on 100 leaves) with its verdict, and the parity result.
 */
export function hyperFormulaLines(rows, parity, where) {
  const measured = rows.filter((r) => r.hfKeystrokeMs !== undefined);
  if (measured.length === 0) return [];
  const ratio = (r) => r.hfKeystrokeMs / r.keystrokeMs;
  const lines = [
    `Keystroke against HyperFormula (${where}), medians per call`,
    table(measured, [
      ['leaves', (r) => r.leaves.toLocaleString('en-US')],
      ['(a) jixiao keystroke', (r) => fmt(r.keystrokeMs)],
      ['(g) HyperFormula keystroke', (r) => fmt(r.hfKeystrokeMs)],
      ['(g)/(a)', (r) => `${ratio(r).toFixed(1)}×`],
      ['HyperFormula sheet built (once)', (r) => fmt(r.hfBuildMs)],
      ['batches of a / g', (r) => `${r.batches.split(' / ')[0]} / ${r.hfBatches}`],
    ]),
  ];
  const r100 = measured.find((r) => r.leaves === 100);
  if (r100) {
    const x = ratio(r100);
    lines.push(
      `goal: keystroke on 100 leaves ≥ ${GOALS.hyperformula100}× faster than HyperFormula's — ${where}: ${x.toFixed(1)}×, ` +
        (x >= GOALS.hyperformula100 ? 'met' : `NOT met (${(GOALS.hyperformula100 / x).toFixed(1)}× short)`),
    );
  }
  if (parity) lines.push(...parityLines(parity));
  lines.push(HYPERFORMULA_NOTE);
  return lines;
}

export const HYPERFORMULA_NOTE =
  '(g) HyperFormula (the form as a sheet, each leaf score a formula, subtotals and total SUMs, the grade IFS): setCellContents of the same actual (40% / 85.5% as 0.4 / 0.855), then getCellValue of the leaf score, the total and the grade';

/** (a′): the keystroke path against the number of issues every change carries. */
export function findingsTable(rows) {
  return table(rows, [
    ['leaves', (r) => r.leaves.toLocaleString('en-US')],
    ['(a) issues', (r) => r.changeIssues],
    ['(a) change JSON', (r) => `${r.changeBytes} B`],
    ['(a) keystroke', (r) => fmt(r.keystrokeMs)],
    ["(a′) issues", (r) => r.bareIssues],
    ["(a′) change JSON", (r) => `${r.bareChangeBytes} B`],
    ["(a′) keystroke", (r) => fmt(r.bareKeystrokeMs)],
    ["(a′)/(a)", (r) => `${(r.bareKeystrokeMs / r.keystrokeMs).toFixed(1)}×`],
  ]);
}

export const FINDINGS_NOTE =
  "(a′) the same keystroke on the same form with every 未完成原因 removed: leaves below full marks get a missing-reason warning, and each change lists every current issue (at 10,000 leaves every leaf rounds to full marks, so there are few)";

/** `0.0123` ms → `12.3 µs`; `12.3` → `12.3 ms`. */
export function fmt(ms) {
  if (ms === undefined || ms === null || Number.isNaN(ms)) return '—';
  if (ms < 0.1) return `${(ms * 1000).toFixed(2)} µs`;
  if (ms < 1) return `${(ms * 1000).toFixed(1)} µs`;
  if (ms < 100) return `${ms.toFixed(2)} ms`;
  return `${ms.toFixed(0)} ms`;
}

function pad(text, width, right = true) {
  const s = String(text);
  // count CJK and other wide characters as two columns
  const w = [...s].reduce((n, c) => n + (/[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(c) ? 2 : 1), 0);
  const fill = ' '.repeat(Math.max(0, width - w));
  return right ? fill + s : s + fill;
}

/** A plain-text table: `columns` is [[header, (row) => text], ...]. */
export function table(rows, columns) {
  const cells = rows.map((r) => columns.map(([, f]) => String(f(r))));
  const widths = columns.map(([h], c) => Math.max(h.length, ...cells.map((r) => r[c].length)));
  const line = (values) => values.map((v, c) => pad(v, widths[c], c > 0)).join('  ');
  return [line(columns.map(([h]) => h)), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}

/** The main table: (a), (b), (c), (d), (f), plus any extra columns. */
export function mainTable(rows, extraColumns = []) {
  return table(rows, [
    ['leaves', (r) => r.leaves.toLocaleString('en-US')],
    ['(a) keystroke', (r) => fmt(r.keystrokeMs)],
    ['(f) add + remove a row', (r) => fmt(r.rowEditMs)],
    ['(b) evaluate', (r) => fmt(r.evaluateMs)],
    ['(b)/leaf', (r) => fmt(r.evaluateMs / r.leaves)],
    ['(c) decimal.js', (r) => fmt(r.baselineMs)],
    ['(d) c/a', (r) => `${r.ratio.toFixed(1)}×`],
    ...extraColumns,
  ]);
}

/** The goal lines. `where` says where (a) was measured. */
export function goalLines(rows, where) {
  const r100 = rows.find((r) => r.leaves === 100);
  if (!r100) return [];
  const verdict = (ok, by) => (ok ? 'met' : `MISSED by ${by}`);
  const lines = [
    `goal: keystroke on 100 leaves ≥ ${GOALS.speedup100}× faster than the decimal.js recompute — ${where}: ${r100.ratio.toFixed(1)}×, ` +
      verdict(r100.ratio >= GOALS.speedup100, `${(GOALS.speedup100 / r100.ratio).toFixed(1)}×`),
  ];
  const r10k = rows.find((r) => r.leaves === 10_000);
  if (r10k) {
    const x = r10k.baselineMs / r10k.evaluateMs;
    lines.push(
      `goal: evaluate on 10,000 leaves ≥ ${GOALS.evaluate10000}× faster than the decimal.js baseline's full scoring — ${where}: ` +
        `${fmt(r10k.evaluateMs)} against ${fmt(r10k.baselineMs)}, ${x.toFixed(2)}×, ` +
        verdict(x >= GOALS.evaluate10000, `${(GOALS.evaluate10000 / x).toFixed(1)}×`),
    );
  }
  return lines;
}

export const LEGEND = [
  '(a) Evaluator.set of one actual (alternating 40% / 85.5% on a ≥90% leaf) and reading the change (score, issues, leaves)',
  '(b) evaluate(form): the whole form object in, the whole report out',
  '(c) the decimal.js baseline: write the cell, parse and score the whole form again (no checks)',
  '(d) (c)/(a): how many times faster the keystroke path is than the baseline',
  '(f) Evaluator.addRow under the keystroke\'s group, then removeRow of that row: two edits of the tree',
  'medians of batches (time per call); nothing fails on time, only on wrong results',
];

/** The tables both benchmarks print: medians, goals, and the keystroke against its issues. */
export function summaryLines(rows, where) {
  return [
    '',
    `${where}, medians per call`,
    mainTable(rows),
    '',
    ...goalLines(rows, where),
    '',
    'keystroke path against the issues each change carries',
    findingsTable(rows),
    FINDINGS_NOTE,
    '',
  ];
}

/**
 * The 说明: `checkNarrative` of the demo 说明 (the seed's figures restated, ~1,500 characters) alone
 * and with its form, and of `published` (the seed as published, when the caller has it); then the
 * keystroke in a 50 KB 说明 (`Evaluator.set('narrative', …)`, alternating two texts that differ in
 * their last character). The peer: one pass of a regular expression that only finds the figures
 * with their units in the same 50 KB, the least any checker in JavaScript has to do.
 */
export function measureNarrative(jixiao, form, published = null) {
  const demo = form.narrative;
  const rows = [];
  const row = (what, chars, fn) => {
    const t = time(fn, { budgetMs: 1500 });
    rows.push({ what, chars, ms: t.ms, batches: `${t.iterations}×${t.samples}` });
  };
  const { narrative: _, ...table } = form;
  row('checkNarrative(demo 说明)', demo.length, () => (sink += jixiao.checkNarrative(demo).found));
  row('checkNarrative(demo 说明, { form })', demo.length, () => (sink += jixiao.checkNarrative(demo, { form: table }).found));
  if (published) row('checkNarrative(the seed as published)', published.length, () => (sink += jixiao.checkNarrative(published).found));
  let long = demo;
  while (new TextEncoder().encode(long).length < 50 * 1024) long += `\n${demo}`;
  const texts = [long, `${long.slice(0, -1)}。`];
  const ev = new jixiao.Evaluator(table);
  let k = 0;
  row('keystroke in a 50 KB 说明 (set)', long.length, () => (sink += ev.set('narrative', texts[k++ & 1]).issues.length));
  const issues = ev.set('narrative', long).issues.length;
  ev.free();
  const figures = /\d[\d,，.]*\s*(?:%|％|万元|亿元|元|件|人次|人|家|个|次|宗|份|场|分)/g;
  row('peer: a regular expression finding the figures of the 50 KB', long.length, () => (sink += long.match(figures).length));
  return { rows, issues, bytes: new TextEncoder().encode(long).length, sink };
}

/** The 说明's table: median per call, and the goals (≤ 1 ms for the seed, ≤ 5 ms a keystroke). */
export function narrativeLines({ rows, issues, bytes }, where) {
  const lines = [
    `说明 in ${where}: medians per call (the 50 KB 说明 is ${bytes.toLocaleString('en-US')} bytes of UTF-8 with ${issues} findings)`,
    table(rows, [
      ['what', (r) => r.what],
      ['characters', (r) => r.chars.toLocaleString('en-US')],
      ['median', (r) => fmt(r.ms)],
      ['batches', (r) => r.batches],
    ]),
  ];
  const seed = rows.find((r) => r.what.startsWith('checkNarrative(the seed')) ?? rows[0];
  const keystroke = rows.find((r) => r.what.startsWith('keystroke'));
  lines.push(`  goal: the seed checked within 1 ms: ${fmt(seed.ms)} — ${seed.ms <= 1 ? 'met' : 'NOT met'}`);
  lines.push(`  goal: a keystroke in a 50 KB 说明 within 5 ms: ${fmt(keystroke.ms)} — ${keystroke.ms <= 5 ? 'met' : 'NOT met'}`);
  return lines;
}
