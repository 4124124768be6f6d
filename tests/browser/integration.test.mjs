// <jixiao-form> and attach() used as a portal's own scripts use them: before the engine has loaded,
// before the element is defined, twice in a row, with a wrong argument; and `lang` read the same
// way by the widget and attach mode.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CSP } from '../../scripts/serve.mjs';
import { Evaluator, evaluate, read } from '../js/jixiao.mjs';
import { setup, open, ready, scored, field, partText, assertClean, artifact } from './browser.mjs';

const env = setup();
const EMBED = 'www/embed.html';
const MISTAKES = 'examples/mistakes.json';

/**
 * Opens a page of the test's own at `/own/<name>.html`: `scripts` are the module scripts of its
 * head, in order (a path, or `[path, source]` for a script of the test's own), `body` its body.
 * Served under the CSP of the repository's pages. `slowEngine`: the wasm file comes 500 ms late,
 * so that a script of the page surely runs while the engine is still loading. `o.warnings` are
 * the console warnings from the start.
 */
async function ownPage(name, { scripts, body, slowEngine = false }) {
  const o = await open(env, 'www/attach.css');
  o.warnings = [];
  o.page.on('console', (m) => m.type() === 'warning' && o.warnings.push(m.text()));
  const files = new Map();
  const head = scripts.map((s) => {
    const [src, source] = Array.isArray(s) ? s : [s];
    if (source != null) files.set(src, ['text/javascript; charset=utf-8', source]);
    return `<script type="module" src="${src}"></script>`;
  });
  files.set(`/own/${name}.html`, [
    'text/html; charset=utf-8',
    `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${name}</title>${head.join('')}</head><body>${body}</body></html>`,
  ]);
  await o.page.route('**/own/**', (route) => {
    const file = files.get(new URL(route.request().url()).pathname);
    if (!file) return route.fulfill({ status: 404, body: 'not here' });
    return route.fulfill({ status: 200, headers: { 'Content-Type': file[0], 'Content-Security-Policy': CSP }, body: file[1] });
  });
  if (slowEngine) {
    await o.page.route('**/pkg/jixiao_wasm_bg.wasm', async (route) => {
      await new Promise((r) => setTimeout(r, 500));
      await route.continue();
    });
  }
  await o.page.goto(env.url(`own/${name}.html`));
  return o;
}

const widget = (page, what) => page.locator('jixiao-form').evaluate(what);

describe('<jixiao-form> used before it is ready', () => {
  test('importJson before the engine has loaded waits for it: the form is scored, its errors block the submit, exportJson gives it meanwhile', async () => {
    const text = read(MISTAKES);
    const o = await ownPage('early-import', {
      slowEngine: true,
      scripts: [
        '/www/jixiao-form.js',
        [
          '/own/early-import.js',
          `const w = document.querySelector('jixiao-form');
           const ready = window.__jixiaoEvents.some((e) => e.type === 'jixiao-ready');
           const returned = w.importJson(${JSON.stringify(text)});
           window.__early = { ready, returned, exported: w.exportJson(), report: w.report };`,
        ],
      ],
      body: '<form id="f" action="/nowhere"><jixiao-form name="selfEvaluation" storage-key="early"></jixiao-form><button>提交</button></form>',
    });
    try {
      await scored(o.page);
      const early = await o.page.evaluate(() => window.__early);
      assert.equal(early.ready, false, 'the import came before the engine had loaded');
      assert.equal(early.returned, true);
      assert.equal(early.report, null);
      assert.deepEqual(JSON.parse(early.exported), JSON.parse(text), 'exportJson gives the form waiting to be loaded');

      const want = evaluate(JSON.parse(text));
      assert.equal(await partText(o.page, 'score'), want.score);
      assert.equal(await o.page.locator(field('unit.name')).inputValue(), JSON.parse(text).unit.name);
      assert.deepEqual(await widget(o.page, (w) => w.report.summary), want.summary);
      assert.equal(await o.page.locator('#f').evaluate((f) => f.checkValidity()), false, 'the errors block the submit');
      const ready = (await o.page.evaluate(() => window.__jixiaoEvents)).filter((e) => e.type === 'jixiao-ready');
      assert.equal(ready.length, 1, 'only the imported form was loaded');
      assert.equal(ready[0].detail.report.score, want.score);
      // an imported form is saved as a draft at once
      const key = `jixiao:early:${JSON.parse(text).unit.name}:${JSON.parse(text).unit.year}`;
      assert.ok(await o.page.evaluate((k) => localStorage.getItem(k), key), 'the import was saved as a draft');
      // typing scores
      await o.page.locator(field('unit.phone')).fill('020-123');
      await o.page.waitForFunction(() => window.__jixiaoEvents.some((e) => e.type === 'jixiao-change' && e.detail.score !== null), null, { timeout: 5_000 });
      await o.page.screenshot({ path: artifact('integration-early-import.png') });
      assertClean(o, 'early import');
    } finally {
      await o.close();
    }
  });

  test('an early import the engine refuses leaves the form that would have loaded, scored, and says why', async () => {
    const o = await ownPage('early-refused', {
      slowEngine: true,
      scripts: ['/www/jixiao-form.js', ['/own/early-refused.js', `window.__returned = document.querySelector('jixiao-form').importJson('{"version": 2}');`]],
      body: '<jixiao-form storage-key="early-refused"></jixiao-form>',
    });
    try {
      await scored(o.page);
      assert.equal(await o.page.evaluate(() => window.__returned), true, 'text that reads as an object is taken until the engine has seen it');
      assert.match(await partText(o.page, 'status'), /导入失败，表单未改动：.*版本 2/);
      assert.equal(await widget(o.page, (w) => w.form.template), 'gd-dept-overall', 'the template form is loaded');
      const errors = (await o.page.evaluate(() => window.__jixiaoEvents)).filter((e) => e.type === 'jixiao-error');
      assert.deepEqual(errors.map((e) => e.detail.code), ['form.version']);
      assertClean(o, 'early refused import');
    } finally {
      await o.close();
    }
  });

  test('importJson of an object, not its text, says to set it as the form property, and changes nothing', async () => {
    const o = await ownPage('import-object', {
      scripts: ['/www/jixiao-form.js'],
      body: '<jixiao-form storage-key="import-object"></jixiao-form>',
    });
    try {
      await scored(o.page);
      const returned = await widget(o.page, (w) => w.importJson({ version: 1, unit: { name: '对象' } }));
      assert.equal(returned, false);
      assert.match(await partText(o.page, 'status'), /收到的是对象，不是 JSON 文本（表单对象请赋给 form 属性）/);
      assert.equal(await widget(o.page, (w) => w.form.template), 'gd-dept-overall', 'the form is unchanged');
      const errors = (await o.page.evaluate(() => window.__jixiaoEvents)).filter((e) => e.type === 'jixiao-error');
      assert.deepEqual(errors.map((e) => e.detail.code), ['form.syntax']);
    } finally {
      await o.close();
    }
  });

  test('a form set on the element before it is defined is the form shown, scored, typed into and submitted', async () => {
    const form = { version: 1, template: 'gd-dept-overall', unit: { name: '某某街道', year: '2024' }, budget: { total: { planned: '100', executed: '200' } } };
    const o = await ownPage('upgrade', {
      scripts: [
        ['/own/upgrade.js', `window.__defined = Boolean(customElements.get('jixiao-form')); document.querySelector('jixiao-form').form = ${JSON.stringify(form)};`],
        '/www/jixiao-form.js',
      ],
      body: '<form id="f" action="/nowhere"><jixiao-form name="selfEvaluation" storage-key="upgrade"></jixiao-form></form>',
    });
    try {
      await scored(o.page);
      assert.equal(await o.page.evaluate(() => window.__defined), false, 'the form was set before the element was defined');
      assert.equal(await widget(o.page, (w) => Object.hasOwn(w, 'form')), false, 'no own property hides the setter');
      assert.equal(await o.page.locator(field('unit.name')).inputValue(), '某某街道');
      assert.equal(await o.page.locator(field('budget.total.executed')).inputValue(), '200');
      assert.deepEqual(await widget(o.page, (w) => w.report.summary), evaluate(form).summary, 'the form shown is the form scored');
      await o.page.locator(field('unit.phone')).fill('020-999');
      assert.equal(await widget(o.page, (w) => w.form.unit.phone), '020-999');
      assert.equal(await widget(o.page, (w) => JSON.parse(w.exportJson()).unit.phone), '020-999');
      const posted = await o.page.locator('#f').evaluate((f) => JSON.parse(new FormData(f).get('selfEvaluation')));
      assert.equal(posted.unit.phone, '020-999');
      assert.equal(posted.unit.name, '某某街道');
      assertClean(o, 'form set before define');
    } finally {
      await o.close();
    }
  });
});

describe('lang', () => {
  test('en, en-US and EN are English and fr is Chinese, in the widget and attach mode alike; fr is said once in the console', async () => {
    const tags = ['en-US', 'EN', 'en', 'fr', 'fr', 'zh-TW'];
    const o = await ownPage('lang', {
      scripts: ['/www/jixiao-form.js'],
      body: tags.map((l) => `<jixiao-form lang="${l}" storage-key="lang-${l}"></jixiao-form>`).join(''),
    });
    try {
      await o.page.waitForFunction((n) => window.__jixiaoEvents.filter((e) => e.type === 'jixiao-ready').length === n, tags.length, { timeout: 15_000 });
      const shown = await o.page.locator('jixiao-form').evaluateAll((ws) => ws.map((w) => w.shadowRoot.querySelector('.fh').textContent));
      assert.deepEqual(shown, ['Findings', 'Findings', 'Findings', '检查结果', '检查结果', '检查结果']);
      // attach mode reads its option the same way
      const badges = await o.page.evaluate(async () => {
        const { attach } = await import('/www/attach.js');
        const out = [];
        for (const lang of ['EN-gb', 'fr']) {
          const f = document.createElement('form');
          f.append(Object.assign(document.createElement('input'), { name: 'unit.name' }), document.createElement('jixiao-score'));
          document.body.append(f);
          await attach(f, { template: 'gd-dept-overall', lang, storageKey: `lang-${lang}` });
          out.push(f.querySelector('jixiao-score').getAttribute('lang'));
        }
        return out;
      });
      assert.deepEqual(badges, ['en', 'zh-CN']);
      const said = o.warnings.filter((w) => /lang\.unsupported/.test(w));
      assert.equal(said.length, 1, `one warning for fr: ${said}`);
      assert.match(said[0], /"fr"/);
      assertClean(o, 'lang');
    } finally {
      await o.close();
    }
  });
});

// ── attach() ─────────────────────────────────────────────────────────────────────────────────

// A portal form of the test's own, appended to embed.html: the totals, the by-nature rows, a badge,
// status and findings elements.
const build = (page, id) =>
  page.evaluate((id) => {
    const form = document.createElement('form');
    form.id = id;
    for (const path of ['budget.total.planned', 'budget.total.executed', 'budget.byNature.basic.executed', 'budget.byNature.project.executed']) {
      const input = document.createElement('input');
      input.name = path;
      input.setAttribute('aria-label', path);
      form.append(input);
    }
    for (const attr of ['data-jixiao-status', 'data-jixiao-findings']) {
      const el = document.createElement('div');
      el.setAttribute(attr, '');
      form.append(el);
    }
    form.append(document.createElement('jixiao-score'), document.createElement('button'));
    form.addEventListener('submit', (e) => e.preventDefault());
    document.body.append(form);
  }, id);

describe('attach()', () => {
  test('a second attach() before the first has resolved wins: the first resolves detached, the second scores and blocks the submit', async () => {
    const o = await open(env, EMBED);
    try {
      await ready(o.page, EMBED);
      await build(o.page, 'twice');
      const got = await o.page.evaluate(async () => {
        const { attach } = await import('/www/attach.js');
        const f = document.getElementById('twice');
        const settle = (p) => p.then((c) => ({ c }), (e) => ({ error: `${e.name}: ${e.message}` }));
        const [first, second] = await Promise.all([
          settle(attach(f, { template: 'gd-dept-overall', lang: 'zh-CN', storageKey: 'twice' })),
          settle(attach(f, { template: 'gd-dept-overall', lang: 'en', storageKey: 'twice' })),
        ]);
        window.__twice = second.c;
        return { first: first.error ?? { report: first.c.report }, second: second.error ?? 'resolved' };
      });
      assert.deepEqual(got, { first: { report: null }, second: 'resolved' });
      const sets = [['budget.total.executed', '100'], ['budget.byNature.basic.executed', '50'], ['budget.byNature.project.executed', '0']];
      for (const [path, text] of sets) await o.page.locator(`#twice [name="${path}"]`).fill(text);
      const ev = new Evaluator({ version: 1, template: 'gd-dept-overall' }, { lang: 'en' });
      for (const [path, text] of sets) ev.set(path, text);
      const want = ev.report();
      ev.free();
      const error = want.issues.find((i) => i.severity === 'error' && i.path.startsWith('budget.byNature'));
      assert.ok(error, 'the by-nature rows do not add up to the total');
      const basic = o.page.locator('#twice [name="budget.byNature.basic.executed"]');
      await o.page.waitForFunction(() => document.querySelector('#twice [name="budget.byNature.basic.executed"]').validationMessage !== '', null, { timeout: 5_000 });
      assert.equal(await basic.evaluate((el) => el.validationMessage), error.message, 'the message of the second attach(), in English');
      assert.equal(await o.page.locator('#twice').evaluate((f) => f.checkValidity()), false, 'the submit is blocked');
      assert.equal(await o.page.locator('#twice .jixiao-message', { hasText: error.message }).count(), 1, 'shown once');
      assert.equal(await o.page.locator('#twice ul.jixiao-findings').count(), 1);
      assert.equal(await o.page.locator('#twice jixiao-score').getAttribute('data-score'), want.score);
      assert.equal(await o.page.evaluate(() => window.__twice.report.score), want.score);
      assertClean(o, EMBED);
    } finally {
      await o.close();
    }
  });

  test('a first argument that is not a <form> rejects with api.notAForm, in the page language or the lang option', async () => {
    const o = await open(env, EMBED);
    try {
      await ready(o.page, EMBED);
      const got = await o.page.evaluate(async () => {
        const { attach } = await import('/www/attach.js');
        const caught = (p) => p.then(() => 'resolved', (e) => ({ code: e.code, message: e.message }));
        return [
          await caught(attach(null)),
          await caught(attach('#portal-form')),
          await caught(attach(document.createElement('div'))),
          await caught(attach(undefined, { lang: 'en' })),
        ];
      });
      assert.deepEqual(got, [
        { code: 'api.notAForm', message: 'attach() 的第一个参数必须是 <form> 元素，收到 null' },
        { code: 'api.notAForm', message: 'attach() 的第一个参数必须是 <form> 元素，收到 string' },
        { code: 'api.notAForm', message: 'attach() 的第一个参数必须是 <form> 元素，收到 <div>' },
        { code: 'api.notAForm', message: 'The first argument of attach() must be a <form> element, not undefined' },
      ]);
      assertClean(o, EMBED);
    } finally {
      await o.close();
    }
  });

  test('a form option that is not a form resolves with scoring off and says why; the inputs keep working', async () => {
    const o = await open(env, EMBED);
    const warnings = [];
    o.page.on('console', (m) => m.type() === 'warning' && warnings.push(m.text()));
    try {
      await ready(o.page, EMBED);
      await build(o.page, 'numeric');
      // an input the page filled is typed in when attaching
      await o.page.locator('#numeric [name="budget.total.planned"]').evaluate((el) => (el.value = '120'));
      const report = await o.page.evaluate(async () => {
        const { attach } = await import('/www/attach.js');
        window.__numeric = await attach(document.getElementById('numeric'), { form: 42 });
        return window.__numeric.report;
      });
      assert.equal(report, null);
      assert.equal((await o.page.locator('#numeric [data-jixiao-status]').textContent()).trim(), '无法加载表单：表单必须是对象或 JSON 文本，收到 number。评分未启用。');
      assert.equal(await o.page.locator('#numeric jixiao-score').getAttribute('data-state'), 'off');
      assert.ok(warnings.some((w) => /api\.invalidForm/.test(w)), `the console names the code: ${warnings}`);
      await o.page.locator('#numeric [name="budget.total.executed"]').fill('100');
      assert.deepEqual(await o.page.evaluate(() => window.__numeric.form.budget.total), { planned: '120', executed: '100' });
      assertClean(o, EMBED);
    } finally {
      await o.close();
    }
  });

  test("attach() again on a page with a row of its own: the row stays bound, with no warning that it is not", async () => {
    const o = await open(env, EMBED);
    const warnings = [];
    o.page.on('console', (m) => m.type() === 'warning' && warnings.push(m.text()));
    try {
      await ready(o.page, EMBED);
      await o.page.locator('#add-kpi').click();
      const row = o.page.locator('#own-kpis tr[data-jixiao-row]').last();
      await o.page.waitForFunction(() => document.querySelector('#own-kpis tr[data-jixiao-row]:last-child')?.getAttribute('data-jixiao-row'), null, { timeout: 5_000 });
      const id = await row.getAttribute('data-jixiao-row');
      for (const [f, text] of [['name', '新增指标'], ['weight', '5'], ['target', '≥10件'], ['actual', '12件']]) {
        await row.locator(`[data-jixiao-field="${f}"]`).fill(text);
      }
      const before = warnings.length;
      // as embed.js attaches, in English this time (a language switch without a reload)
      await o.page.evaluate(async () => {
        const { attach } = await import('/www/attach.js');
        window.__again = await attach(document.getElementById('portal-form'), {
          src: '../examples/shiweitang-2024.json',
          lang: 'en',
          fill: true,
          storageKey: 'portal-form',
          mapping: { src_gp: 'budget.bySource.generalPublic.executed', src_gf: 'budget.bySource.governmentFund.executed', rate: 'budget.statedRate', kpi_rate: 'indicators.2.1.1.actual', kpi_rate_score: 'indicators.2.1.1.score' },
        });
      });
      await o.page.waitForTimeout(300);
      assert.deepEqual(warnings.slice(before), [], 'no input left unbound');
      assert.equal(await row.getAttribute('data-jixiao-row'), id, 'the row keeps its id');
      const leaf = () => o.page.evaluate((id) => window.__again.report.leaves.find((l) => l.id === id)?.score, id);
      const was = await leaf();
      await row.locator('[data-jixiao-field="actual"]').fill('5件');
      await o.page.waitForFunction(([id, was]) => window.__again.report.leaves.find((l) => l.id === id)?.score !== was, [id, was], { timeout: 5_000 });
      assert.notEqual(await leaf(), was, 'typing in the row scores it');
      assertClean(o, EMBED);
    } finally {
      await o.close();
    }
  });
});
