// `node bench/memory.mjs`: does the wasm memory stay bounded?
//
// 1. One Evaluator on the seed form (examples/shiweitang-2024.json) driven through 1,000,000 `set`
//    calls, cycling through cells of every kind (indicator actuals, levels, reasons, budget
//    amounts, the claims, the header) with values that parse, values that do not, long text and
//    clearing, reading each change as a page would.
// 2. 100,000 cycles of `new Evaluator(seed)`, one `set`, `free()`.
//
// Prints the wasm memory (`memory.buffer.byteLength` of the instance) before, at every tenth and
// after each run. Wasm memory never shrinks, so "bounded" means it stops growing: the run fails
// (exit 1) if the memory at the end is more than twice what it was after the first tenth, or if
// the engine's answers drift (the Evaluator's report must still equal a fresh evaluation of its
// form). Build pkg/ first (`make pkg`). Takes about a minute.

import { readFileSync } from 'node:fs';
import init, * as jixiao from '../pkg/jixiao.js';

const SETS = 1_000_000;
const CYCLES = 100_000;
const GROWTH_LIMIT = 2;

const exports = await init({
  module_or_path: readFileSync(new URL('../pkg/jixiao_wasm_bg.wasm', import.meta.url)),
});
const memory = () => exports.memory.buffer.byteLength;
// JS values the wasm holds (results on their way out, errors) live in this table: a leak of
// those would not show in the memory, so it is watched too
const externrefs = () => exports.__wbindgen_externrefs?.length ?? 0;
const seedText = readFileSync(new URL('../examples/shiweitang-2024.json', import.meta.url), 'utf8');
const seed = JSON.parse(seedText);

const long = '部分项目前期论证不够充分，预算执行中存在小幅调整。'.repeat(40); // ~1,000 characters
// [path, values to cycle through]; every path is a cell of the seed form
const EDITS = [
  ['indicators.1.1.2.actual', ['90.96%', '95%', '９２．５％', 'abc', '', '≥95%', '1,00%']],
  ['indicators.1.1.3.actual', ['93件', '100件', '120件', '']],
  ['indicators.1.1.4.actual', ['1.35亿元', '5,000万元', '60000000元', '0.5亿']],
  ['indicators.2.3.1.level', ['良', '优', '中', '差', '很好', '']],
  ['indicators.1.1.3.reason', [long, '', '顺延']],
  ['budget.total.executed', ['8,670.53', '8670.5', '9,022.41', '1.2亿元', '', '8 670,53']],
  ['budget.byNature.basic.executed', ['3,042.3', '3,000.00', '2,999.99']],
  ['budget.statedRate', ['96.1%', '96.10%', '0.961', '95%']],
  ['claimed.score', ['96.61', '95', '100.5', 'x']],
  ['claimed.grade', ['优', '良', '甲']],
  ['unit.name', ['石围塘街道', long]],
  ['indicators.2.5.1.actual', ['93.5%', '101%', '88%']],
];

function mb(bytes) {
  return `${(bytes / 1024 / 1024).toFixed(2)} MB`;
}

let failed = false;

/**
 * Runs `step(i)` `total` times, printing the memory at every tenth; judges growth against the
 * memory after the first tenth.
 */
function run(title, total, step) {
  const before = memory();
  const refsBefore = externrefs();
  console.log(`${title}`);
  console.log(`  before: ${mb(before)} wasm memory, externref table ${refsBefore}`);
  const t0 = performance.now();
  let afterTenth = 0;
  const marks = [];
  for (let i = 0; i < total; i++) {
    step(i);
    if ((i + 1) % (total / 10) === 0) {
      const m = memory();
      if (marks.length === 0) afterTenth = m;
      marks.push(m);
    }
  }
  const after = memory();
  const refsAfter = externrefs();
  const seconds = (performance.now() - t0) / 1000;
  console.log(`  at every tenth: ${marks.map(mb).join(', ')}`);
  console.log(`  after: ${mb(after)} wasm memory, externref table ${refsAfter} (${total.toLocaleString('en-US')} calls in ${seconds.toFixed(1)} s, ${((seconds * 1e6) / total).toFixed(1)} µs each)`);
  const growth = after / afterTenth;
  const verdict = growth <= GROWTH_LIMIT ? 'bounded' : 'GROWING WITHOUT BOUND';
  console.log(`  end ÷ first tenth: ${growth.toFixed(2)}× (limit ${GROWTH_LIMIT}×): ${verdict}; JS heap ${mb(process.memoryUsage().heapUsed)}`);
  if (growth > GROWTH_LIMIT) failed = true;
  if (refsAfter > Math.max(2 * refsBefore, refsBefore + 1024)) {
    console.log(`  externref table grew from ${refsBefore} to ${refsAfter}: JS values leak`);
    failed = true;
  }
  return { before, afterTenth, after };
}

console.log(`jixiao ${jixiao.version()} in Node ${process.version}; seed form examples/shiweitang-2024.json`);
console.log();

// ── 1. one Evaluator, 1,000,000 sets ────────────────────────────────────────────────────────────
const evaluator = new jixiao.Evaluator(seed);
let seen = 0;
run(`1. one Evaluator, ${SETS.toLocaleString('en-US')} set calls over ${EDITS.length} cells`, SETS, (i) => {
  const [path, values] = EDITS[i % EDITS.length];
  const value = values[Math.floor(i / EDITS.length) % values.length];
  const change = evaluator.set(path, value);
  seen += change.issues.length + change.leaves.length + change.score.length;
});
const typed = evaluator.report();
const fresh = jixiao.evaluate(evaluator.form());
if (JSON.stringify(typed) !== JSON.stringify(fresh)) {
  console.log('  DRIFT: the Evaluator\'s report differs from a fresh evaluation of its form');
  failed = true;
} else {
  console.log(`  report after the run equals a fresh evaluation of evaluator.form() (score ${typed.score} ${typed.grade}, ${typed.issues.length} issues)`);
}
evaluator.free();
console.log();

// ── 2. 100,000 create / set / free ──────────────────────────────────────────────────────────────
run(`2. ${CYCLES.toLocaleString('en-US')} cycles of new Evaluator(seed), one set, free()`, CYCLES, (i) => {
  const e = new jixiao.Evaluator(seed);
  const [path, values] = EDITS[i % EDITS.length];
  seen += e.set(path, values[i % values.length]).issues.length;
  e.free();
});
const check = jixiao.evaluate(seed);
if (check.score !== jixiao.evaluate(seedText).score) failed = true;
console.log(`  the seed still scores ${check.score} ${check.grade} with ${check.issues.length} issues`);
console.log();
console.log(failed ? 'memory: FAILED' : `memory: bounded in both runs (${seen} items read)`);
process.exit(failed ? 1 : 0);
