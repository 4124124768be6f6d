// `node bench/ab.mjs DIR_A DIR_B [rounds]`: two builds of the wasm package side by side in one Node
// process, measured in interleaved rounds (A, B, A, B …), so that a machine whose speed drifts by
// tens of percent from minute to minute (as the shared 2-core development machines do) slows both
// alike. Prints, for a keystroke on 100 and on 10,000 leaves and a whole evaluation of 100 and of
// 10,000 leaves, each build's median over the rounds and B's time as a share of A's, with the
// spread of that share across rounds. Each directory is a package as `make pkg` writes it (the
// entry point `jixiao.js` over the glue `jixiao_wasm.js` and `jixiao_wasm_bg.wasm`: what a page
// calls), or an older wasm-pack output (`jixiao.js` with `jixiao_bg.wasm`).
// Never fails on time; fails when the two builds disagree on a report.

import { existsSync, readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import * as forms from './forms.mjs';
import { time, fmt, table } from './measure.mjs';

async function load(dir) {
  const base = pathToFileURL(resolve(dir) + '/');
  const wasm = existsSync(new URL('jixiao_wasm_bg.wasm', base)) ? 'jixiao_wasm_bg.wasm' : 'jixiao_bg.wasm';
  const glue = 'jixiao.js';
  const { default: init, ...api } = await import(new URL(glue, base));
  await init({ module_or_path: readFileSync(new URL(wasm, base)) });
  return api;
}

const median = (v) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];

async function main([dirA, dirB, rounds = '7']) {
  if (!dirA || !dirB) throw new Error('usage: node bench/ab.mjs DIR_A DIR_B [rounds]');
  const builds = [await load(dirA), await load(dirB)];
  const cases = [];
  let sink = 0;
  for (const n of [100, 10_000]) {
    const k = forms.keystroke(n);
    const form = forms.makeForm(n);
    const reports = builds.map((api) => JSON.stringify(api.evaluate(form)));
    if (reports[0] !== reports[1]) throw new Error(`the builds disagree on the ${n}-leaf report`);
    const evaluators = builds.map((api) => new api.Evaluator(forms.makeForm(n)));
    cases.push({
      name: `keystroke, ${n.toLocaleString('en-US')} leaves`,
      run: builds.map((_, b) => {
        let i = 0;
        return () => {
          const change = evaluators[b].set(k.path, k.values[i++ & 1]);
          sink += change.score.length + change.issues.length;
        };
      }),
    });
    cases.push({
      name: `evaluate, ${n.toLocaleString('en-US')} leaves`,
      run: builds.map((api) => () => {
        sink += api.evaluate(form).leaves.length;
      }),
    });
  }
  const rows = cases.map((c) => ({ name: c.name, a: [], b: [], share: [] }));
  for (let round = 0; round < Number(rounds); round++) {
    cases.forEach((c, i) => {
      // alternate which build goes first, so neither always gets the warmer machine
      const order = round % 2 ? [1, 0] : [0, 1];
      const ms = [0, 0];
      for (const b of order) ms[b] = time(c.run[b], { budgetMs: 400, warmupMs: 100 }).ms;
      rows[i].a.push(ms[0]);
      rows[i].b.push(ms[1]);
      rows[i].share.push(ms[1] / ms[0]);
    });
    process.stderr.write(`  … round ${round + 1} of ${rounds}\n`);
  }
  console.log(`A: ${dirA}\nB: ${dirB}\nmedians over ${rounds} interleaved rounds (Node ${process.version})`);
  console.log(
    table(rows, [
      ['what', (r) => r.name],
      ['A', (r) => fmt(median(r.a))],
      ['B', (r) => fmt(median(r.b))],
      ['B ÷ A', (r) => `${median(r.share).toFixed(3)}`],
      ['B ÷ A, min … max', (r) => `${Math.min(...r.share).toFixed(2)} … ${Math.max(...r.share).toFixed(2)}`],
    ]),
  );
  if (sink === 0) console.log('');
}

main(process.argv.slice(2)).catch((e) => {
  console.error(e?.message ?? e);
  process.exit(2);
});
