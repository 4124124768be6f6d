// `node bench/run.mjs`: the WebAssembly benchmark in Node. Prints medians for
// forms of 10, 100, 1,000 and 10,000 leaves of (a) the keystroke path, (b) evaluate of the whole
// form, (c) the decimal.js baseline's full recompute, (d) (c)/(a), (g) the same keystroke in
// HyperFormula, and where the time of (a) and (b) goes on the JavaScript side. Fails only if the
// baseline or HyperFormula and jixiao disagree (wrong results), never on time. Build pkg/ first
// (`make pkg`). See bench/README.md.
//
// JIXIAO_PKG=<dir> measures another wasm-pack output instead of pkg/ (e.g. a build with other
// optimisation settings), so builds can be compared on the same forms.

import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import os from 'node:os';
import { HyperFormula } from 'hyperformula';
import * as forms from './forms.mjs';
import { measureMemory, memoryLines } from './hyperformula.mjs';
import { hyperFormulaLines, measureAll, measureNarrative, narrativeLines, summaryLines, table, time, fmt, LEGEND } from './measure.mjs';

const pkg = process.env.JIXIAO_PKG
  ? pathToFileURL(resolve(process.env.JIXIAO_PKG) + '/')
  : new URL('../pkg/', import.meta.url);
const { default: init, ...jixiao } = await import(new URL('jixiao.js', pkg));
const wasmUrl = new URL('jixiao_wasm_bg.wasm', pkg);
const bytes = readFileSync(wasmUrl);
const t0 = performance.now();
await init({ module_or_path: bytes });
const initMs = performance.now() - t0;

const glue = Buffer.concat(['jixiao.js', 'jixiao_wasm.js'].map((f) => readFileSync(new URL(f, pkg))));
const where = process.env.JIXIAO_PKG ? resolve(process.env.JIXIAO_PKG) : 'pkg/';
console.log(`jixiao ${jixiao.version()} (${where}, built ${statSync(wasmUrl).mtime.toISOString()}) in Node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}`);
console.log(`jixiao_wasm_bg.wasm ${bytes.length} B (gzip -9 ${gzipSync(bytes, { level: 9 }).length} B), jixiao.js + jixiao_wasm.js ${glue.length} B (gzip -9 ${gzipSync(glue, { level: 9 }).length} B); compile + instantiate from bytes: ${initMs.toFixed(1)} ms (once, cold)`);

const quick = { budgetMs: 600, warmupMs: 100 };
// Where the time goes, on the JavaScript side of the boundary: the form crosses as JSON.stringify,
// results come back through JSON.parse (src/wasm.rs). The rest of (b) is the wasm: parsing the
// JSON, scoring, checking, serialising the report.
function breakdown(n, form, module) {
  const report = module.evaluate(form);
  const reportJson = JSON.stringify(report);
  const stringify = time(() => JSON.stringify(form).length, quick).ms;
  const parse = time(() => JSON.parse(reportJson).leaves.length, quick).ms;
  const ev = new module.Evaluator(form);
  const k = forms.keystroke(n);
  const changeJson = JSON.stringify(ev.set(k.path, k.values[0]));
  const parseChange = time(() => JSON.parse(changeJson).issues.length, quick).ms;
  const reportCall = time(() => ev.report().leaves.length, quick).ms;
  ev.free();
  return {
    formBytes: JSON.stringify(form).length,
    reportBytes: reportJson.length,
    stringifyMs: stringify,
    parseReportMs: parse,
    parseChangeMs: parseChange,
    reportMs: reportCall,
  };
}

// the 说明: the sample form's, and the seed as published where the project's machines have it
function narrative() {
  const form = JSON.parse(readFileSync(new URL('../examples/shiweitang-2024.json', import.meta.url), 'utf8'));
  const seed = new URL('../../shared/seeds/000_eb42360c6b062f37.txt', import.meta.url);
  let published = null;
  try {
    published = readFileSync(seed, 'utf8');
  } catch {
    // not beside this checkout: the sample's 说明 stands in
  }
  for (const line of narrativeLines(measureNarrative(jixiao, form, published), 'Node')) console.log(line);
}
if (process.argv.includes('--narrative')) {
  narrative();
  process.exit(0);
}
// the memory per live form, jixiao against HyperFormula (fresh processes, so it can run first)
async function memory() {
  for (const line of memoryLines(await measureMemory(), table)) console.log(line);
}
if (process.argv.includes('--memory')) {
  await memory();
  process.exit(0);
}

const { rows, hyperformulaParity } = measureAll(jixiao, forms, {
  log: (line) => console.error(`  … ${line}`),
  extra: breakdown,
  hyperformula: HyperFormula,
});

for (const line of summaryLines(rows, 'Node')) console.log(line);
for (const line of hyperFormulaLines(rows, hyperformulaParity, `Node, HyperFormula ${HyperFormula.version}`)) console.log(line);
console.log();
await memory();
console.log();
console.log('where the time goes (JavaScript side of the boundary; the rest is inside the wasm)');
console.log(
  table(rows, [
    ['leaves', (r) => r.leaves.toLocaleString('en-US')],
    ['change JSON', (r) => `${r.changeBytes} B`],
    ['change issues', (r) => r.changeIssues],
    ['JSON.parse(change)', (r) => fmt(r.parseChangeMs)],
    ['form JSON', (r) => `${(r.formBytes / 1024).toFixed(1)} KB`],
    ['JSON.stringify(form)', (r) => fmt(r.stringifyMs)],
    ['report JSON', (r) => `${(r.reportBytes / 1024).toFixed(1)} KB`],
    ['JSON.parse(report)', (r) => fmt(r.parseReportMs)],
    ['(b) − both', (r) => fmt(r.evaluateMs - r.stringifyMs - r.parseReportMs)],
    ['Evaluator.report()', (r) => fmt(r.reportMs)],
  ]),
);
console.log();
narrative();
console.log();
for (const line of LEGEND) console.log(line);
console.log('batches (iterations × samples) of a / b / c: ' + rows.map((r) => `${r.leaves}: ${r.batches}`).join('; '));
