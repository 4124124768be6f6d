// What a page downloads for jixiao, raw and gzip -9 (zlib level 9), against its size ceiling.
//
//   node scripts/weight.mjs            the scoring pages: every same-origin file that
//                                      www/index.html and www/embed.html load in Chromium, less the
//                                      page itself, the sample forms and the page's own demo files;
//                                      ceiling 130 KB gzipped per page plus PAGE_FEATURES
//   node scripts/weight.mjs --engine   the engine alone: the module and the JS that init() needs
//                                      (pkg/jixiao_wasm_bg.wasm, pkg/jixiao_wasm.js, pkg/jixiao.js);
//                                      ceiling 110 KB gzipped plus ENGINE_FEATURES; then the
//                                      workbook module (OFFICE_FILES) against OFFICE_CEILING
//
// The workbook module is fetched only when someone imports or exports a workbook: the page
// measurement fails if a scoring page loads any of it on its own.
//
// A feature that makes the engine or a page heavier raises its ceiling by what it measurably
// adds, no more, with the figure written in bench/README.md.
//
// The widget's file set is measured, not listed: a module added to www/ counts without anyone
// remembering to add it here. Needs pkg/ (make pkg) and, for the pages, /usr/bin/chromium.

import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { launchChromium } from './chromium.mjs';
import { serve, ROOT } from './serve.mjs';

const KB = 1024;
export const ENGINE_FILES = ['pkg/jixiao_wasm_bg.wasm', 'pkg/jixiao_wasm.js', 'pkg/jixiao.js'];
// 110 KB for scoring and checking, plus what each later feature measurably added (bench/README.md)
export const ENGINE_FEATURES = {
  'rows added, removed and moved (addRow, removeRow, moveRow, a rule chosen with set)': 6_860,
  '说明 read, checked against itself and the table, and drafted (checkNarrative, draftNarrative, set("narrative"))': 20_354 + 474,
  'the JS API called before init(), NaN in a form object, misuse messages that say what is wrong': 978,
  '说明: figures of a project or part of the year, pasted tables, shares after 分别, rates in Chinese numerals, a wrong grade word said once': 1_370 + 371 + 443 + 125,
  'grades, years, levels and the budget row as units write them (为优秀等次, 评定为良好, 2024年度, 优秀 in the table, a row named 预算执行率)': 861,
  '说明: a row by source or nature stated on its own, budget tables pasted into the text checked row by row': 904 + 2_795,
  '说明: classes of spending by function read as parts, a total split twice after one 其中, amounts broken down in brackets or after 含 summed': 255 + 282 + 595,
  '说明: parts in brackets with no 其中, after 包括：, or joined by 和 summed': 491,
  "说明: the unit's own figure of the year read after its name (区民政局2024年度全年支出) or a note in brackets (（含上年结转）, （截至12月31日）)": 420,
};
export const ENGINE_CEILING = 110 * KB + Object.values(ENGINE_FEATURES).reduce((a, b) => a + b, 0);
// 130 KB for a scoring page, plus what each later feature measurably added (bench/README.md),
// measured on www/index.html, the heavier page
export const PAGE_FEATURES = {
  'rows added, removed and moved (the engine, and the editor in <jixiao-form>)': 10_716,
  '说明 checked and drafted (the engine, and the 说明 section of <jixiao-form>)': 20_354 + 474 + 6_778,
  'Excel workbooks imported and exported (the methods, notice, cells and strings of <jixiao-form>; the workbook module is fetched on first use, never with the page)': 1_704,
  'the JS API called before init(), NaN in a form object, misuse messages that say what is wrong (the engine)': 978,
  '<jixiao-form> and attach() used before they are ready, attach() misused or called twice, lang tags': 1_304,
  '说明: figures of a project or part of the year, pasted tables, shares after 分别, rates in Chinese numerals, a wrong grade word said once (the engine)': 1_370 + 371 + 443 + 125,
  'grades, years, levels and the budget row as units write them (the engine)': 861,
  '<jixiao-form>: groups within groups, focus where a weight is fixed, Enter in a name, print once, the drafts list strings': 879,
  '说明: a row by source or nature stated on its own, budget tables pasted into the text (the engine)': 904 + 2_795,
  'the demo\'s 删除草稿 with its undo (its strings in strings.js, putDraft in storage.js)': 282,
  '说明: classes of spending by function read as parts, a total split twice after one 其中, amounts broken down in brackets or after 含 summed (the engine)': 255 + 282 + 595,
  '说明: parts in brackets with no 其中, after 包括：, or joined by 和 summed (the engine)': 491,
  "说明: the unit's own figure of the year read after its name (区民政局2024年度全年支出) or a note in brackets (（含上年结转）, （截至12月31日）) (the engine)": 420,
};
export const PAGE_CEILING = 130 * KB + Object.values(PAGE_FEATURES).reduce((a, b) => a + b, 0);

// The workbook module (.xlsx and .xls read, .xlsx written) and the JS that loads it on first use.
export const OFFICE_FILES = ['pkg/office/jixiao_office_bg.wasm', 'pkg/office/jixiao_office.js', 'pkg/office.js', 'www/office.js'];
// measured 708,041 bytes gzip -9 (1,466,015 raw) when the widget first used it, plus 2%, plus what
// each later feature measurably added (bench/README.md, "The workbook module")
export const OFFICE_FEATURES = {
  'an .xls fraction read as its percentage, blank cells named in findings, formulas saved without a value': 1_280 + 212 + 1_061,
  'the engine it holds: growth on last year in the 说明, what to write in a yes/no row, rows named by id': 154 + 4,
  'the engine it holds: grades, years, levels and the budget row as units write them': 720,
  'the 说明 on a sheet of its own, formulas with an empty value, 自评得分 and 备注 rows, rule words, levels in the 编号': 3_950,
  'its functions called before init() throw api.notLoaded': 264,
  'the engine it holds: budget tables pasted into the 说明': 185,
};
export const OFFICE_CEILING = 722_202 + Object.values(OFFICE_FEATURES).reduce((a, b) => a + b, 0);
const isOffice = (file) => OFFICE_FILES.includes(file) || file.startsWith('pkg/office');

// A page's own files, which a portal replaces by its own: not part of the widget.
const PAGE_OWN = {
  'www/index.html': ['www/demo.js', 'www/demo.css'],
  'www/embed.html': ['www/embed.js', 'www/embed.css'],
};

/** Raw and gzip -9 size of a repository file. */
export function weigh(file) {
  const body = readFileSync(`${ROOT}/${file}`);
  return { file, raw: body.length, gzip: gzipSync(body, { level: 9 }).length };
}

/**
 * The repository files (paths relative to the root) that `page` loads from the same origin until
 * it has scored and the network is idle, split into the widget's and the page's own.
 */
export async function measure(browser, server, page) {
  const context = await browser.newContext();
  const tab = await context.newPage();
  const seen = new Set();
  tab.on('response', (r) => {
    const url = new URL(r.url());
    if (url.origin === server.url && r.status() === 200) seen.add(decodeURIComponent(url.pathname).replace(/^\//, ''));
  });
  await tab.goto(`${server.url}/${page}`);
  await tab.waitForFunction(
    () => {
      const text = (el) => el?.textContent ?? '';
      const form = document.querySelector('jixiao-form');
      return /\d/.test(text(form?.shadowRoot?.querySelector('[part~="score"]'))) || /\d/.test(text(document.querySelector('jixiao-score')));
    },
    null,
    { timeout: 20_000 },
  );
  await tab.waitForLoadState('networkidle');
  await context.close();
  const own = PAGE_OWN[page] ?? [];
  const widget = [];
  const excluded = [];
  for (const file of [...seen].sort()) {
    if (file === page || file.startsWith('examples/') || own.includes(file)) excluded.push(file);
    else widget.push(file);
  }
  return { widget, excluded };
}

/** Prints the table; true when the total is within the ceiling. */
function print(title, rows, ceiling) {
  const total = rows.reduce((t, r) => ({ raw: t.raw + r.raw, gzip: t.gzip + r.gzip }), { raw: 0, gzip: 0 });
  const width = Math.max(24, ...rows.map((r) => r.file.length));
  const line = (a, b, c, d = '') => console.log(`${a.padEnd(width)} ${String(b).padStart(10)} ${String(c).padStart(10)}  ${d}`.trimEnd());
  const kb = (n) => `${(n / KB).toFixed(1)} KB`;
  console.log(title);
  line('file', 'raw', 'gzip -9');
  for (const r of rows) line(r.file, r.raw, r.gzip);
  line('total', total.raw, total.gzip, kb(total.gzip));
  const overCeiling = total.gzip - ceiling;
  const margin = `${ceiling - total.gzip} bytes (${kb(ceiling - total.gzip)}) to spare`;
  line('ceiling', '', ceiling, overCeiling > 0 ? `EXCEEDED by ${overCeiling} bytes` : `${kb(ceiling)}: held, ${margin}`);
  return overCeiling <= 0;
}

async function main(argv) {
  let ok = true;
  if (argv.includes('--engine')) {
    ok = print('The engine: what init() downloads', ENGINE_FILES.map(weigh), ENGINE_CEILING);
    ok = print('\nThe workbook module: what the first workbook imported or exported downloads', OFFICE_FILES.map(weigh), OFFICE_CEILING) && ok;
  } else {
    const server = await serve({ port: 0 });
    const browser = await launchChromium();
    try {
      for (const page of Object.keys(PAGE_OWN)) {
        const { widget, excluded } = await measure(browser, server, page);
        if (!widget.includes('pkg/jixiao_wasm_bg.wasm')) throw new Error(`weight: ${page} did not load pkg/jixiao_wasm_bg.wasm: ${widget.join(', ')}`);
        // the workbook module is for the first import or export, never the first score
        const office = [...widget, ...excluded].filter(isOffice);
        if (office.length) throw new Error(`weight: ${page} loaded the workbook module before any workbook: ${office.join(', ')}`);
        ok = print(`\nThe widget as ${page} loads it, gzip -9:`, widget.map(weigh), PAGE_CEILING) && ok;
        console.log(`not counted (the page itself, samples, the page's own files): ${excluded.join(', ') || 'none'}`);
      }
    } finally {
      await browser.close();
      await server.close();
    }
  }
  if (!ok) console.log('weight: a ceiling was exceeded');
  return ok ? 0 : 1;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e) => {
      console.error(e?.message ?? e);
      process.exit(2);
    },
  );
}
