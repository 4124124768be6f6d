// The browser side of `bench/browser.mjs --narrative`: bench/measure.mjs's measureNarrative in
// Chromium, on the sample form's 说明 and, when the server has it (/seeds/), the seed as published.
import init, * as jixiao from '/pkg/jixiao.js';
import { measureNarrative } from './measure.mjs';

const post = (kind, data) => fetch('/bench/results', { method: 'POST', body: JSON.stringify({ kind, data }) });

try {
  await init({ module_or_path: '/pkg/jixiao_wasm_bg.wasm' });
  const form = await (await fetch('/examples/shiweitang-2024.json')).json();
  const seed = await fetch('/seeds/000_eb42360c6b062f37.txt');
  const published = seed.ok ? await seed.text() : null;
  await new Promise((resolve) => setTimeout(resolve, 100));
  const { rows, issues, bytes } = measureNarrative(jixiao, form, published);
  await post('narrative', { rows, issues, bytes, userAgent: navigator.userAgent });
} catch (e) {
  await post('error', { message: String(e?.stack ?? e) });
}
