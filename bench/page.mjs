// The browser side of bench/browser.mjs: the same measurements as bench/run.mjs, in Chromium.
// HyperFormula is the global of its UMD build, which page.html loads before this module.
import init, * as jixiao from '/pkg/jixiao.js';
import * as forms from './forms.mjs';
import { measureAll } from './measure.mjs';

const post = (kind, data) =>
  fetch('/bench/results', { method: 'POST', body: JSON.stringify({ kind, data }) });

try {
  await init({ module_or_path: '/pkg/jixiao_wasm_bg.wasm' });
  // let the page settle (and the first POST go out) before the clock starts
  await new Promise((resolve) => setTimeout(resolve, 100));
  const { HyperFormula } = globalThis;
  const { rows, hyperformulaParity } = measureAll(jixiao, forms, { log: (line) => console.log(line), hyperformula: HyperFormula });
  await post('results', {
    rows,
    hyperformulaParity,
    hyperformulaVersion: HyperFormula.version,
    userAgent: navigator.userAgent,
    crossOriginIsolated: self.crossOriginIsolated === true,
  });
} catch (e) {
  await post('error', { message: String(e?.stack ?? e) });
}
