// One cold load of the module, timed from inside the page (bench/browser.mjs, column e): the glue
// (pkg/jixiao.js) is imported, then init() fetches pkg/jixiao_wasm_bg.wasm, which Chromium compiles
// while it streams (WebAssembly.instantiateStreaming, served as application/wasm), and instantiates.
const post = (kind, data) =>
  fetch('/bench/results', { method: 'POST', body: JSON.stringify({ kind, data }) });

try {
  const start = performance.now();
  const glue = await import('/pkg/jixiao.js');
  const imported = performance.now();
  await glue.default({ module_or_path: '/pkg/jixiao_wasm_bg.wasm' });
  const ready = performance.now();
  const wasm = performance
    .getEntriesByType('resource')
    .find((e) => new URL(e.name).pathname === '/pkg/jixiao_wasm_bg.wasm');

  // the first evaluate after init (the seed), which also checks that every load scores the same
  const seed = await (await fetch('/examples/shiweitang-2024.json')).json();
  const report = glue.evaluate(seed);
  const scored = performance.now();

  await post('load', {
    glueMs: imported - start,
    initMs: ready - imported,
    wasmFetchMs: wasm ? wasm.responseEnd - wasm.startTime : null,
    wasmBytes: wasm ? wasm.encodedBodySize : null,
    moduleStartMs: start,
    readyMs: ready,
    firstEvaluateMs: scored - ready,
    score: report.score,
    grade: report.grade,
  });
} catch (e) {
  await post('error', { message: String(e?.stack ?? e) });
}
