// <jixiao-form> on www/index.html: typing scores, the seed's by-nature mismatch and its fix,
// findings that take you to their field, text that does not parse, and the keyboard.
// The expected figures come from the same wasm package run in Node (one engine, two hosts).

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Evaluator, readJson } from '../js/jixiao.mjs';
import { setup, open, scored, part, partText, field, messageFor, finding, findingCodes, deepActive, assertClean, events, SEED, FORM } from './browser.mjs';

const env = setup();
const INDEX = 'www/index.html';

// What the engine says after typing `edits` ([path, text]…) into the seed.
function expected(edits, lang = 'zh-CN') {
  const ev = new Evaluator(readJson(SEED), { lang });
  for (const [path, text] of edits) ev.set(path, text);
  const report = ev.report();
  ev.free();
  return report;
}

// The by-nature executed column adds up to 42.30 more than the total (3,042.3 + 5,670.53 =
// 8,712.83 against 8,670.53); the basic-spending row is the one typed without its cents.
const NATURE_FIX = ['budget.byNature.basic.executed', '3,000.00'];

describe('www/index.html: the seed scores itself', () => {
  test('the seed loads with its score, grade, rate and the 42.30 mismatch at budget.byNature', async () => {
    const o = await open(env, INDEX);
    try {
      await scored(o.page);
      const seed = expected([]);
      assert.equal(await partText(o.page, 'score'), seed.score);
      assert.match(await partText(o.page, 'grade'), new RegExp(seed.grade));
      assert.match(await partText(o.page, 'rate'), new RegExp(seed.budget.rate.replace('.', '\\.')));
      const mismatch = seed.issues.find((i) => i.code === 'budget.natureSumMismatch');
      assert.ok(mismatch && mismatch.values.difference === '42.30', 'the seed has the 42.30 mismatch (engine)');
      const at = o.page.locator(messageFor('budget.byNature'));
      assert.equal(await at.count(), 1, 'one element data-message-for="budget.byNature"');
      assert.match(await at.textContent(), /42\.30/);
      assert.ok((await findingCodes(o.page)).includes('budget.natureSumMismatch'), 'the mismatch is in the findings');
      assert.match(await o.page.locator(finding('budget.natureSumMismatch')).textContent(), /42\.30/);
      const ready = await events(o.page, 'jixiao-ready');
      assert.equal(ready.length, 1, 'one jixiao-ready event');
      assert.equal(ready[0].target, 'jixiao-form');
      assert.equal(ready[0].detail?.report?.score, seed.score, 'jixiao-ready carries the report');
      assertClean(o, INDEX);
    } finally {
      await o.close();
    }
  });

  test('typing into budget.total.executed changes the rate, score, grade and findings', async () => {
    const o = await open(env, INDEX);
    try {
      await scored(o.page);
      const before = { rate: await partText(o.page, 'rate'), score: await partText(o.page, 'score'), grade: await partText(o.page, 'grade'), codes: await findingCodes(o.page) };
      const edit = ['budget.total.executed', '1,000'];
      const want = expected([edit]);
      const changed = o.page
        .evaluate(() => new Promise((resolve) => document.addEventListener('jixiao-change', (e) => e.detail.score !== '96.61' && resolve(e.detail), true)))
        .catch(() => null);
      await o.page.locator(field(edit[0])).fill(edit[1]);
      await o.page.waitForFunction(
        ([sel, score]) => document.querySelector('jixiao-form').shadowRoot.querySelector(sel)?.textContent.trim() === score,
        ['[part~="score"]', want.score],
        { timeout: 5_000 },
      );
      const after = { rate: await partText(o.page, 'rate'), score: await partText(o.page, 'score'), grade: await partText(o.page, 'grade'), codes: await findingCodes(o.page) };
      assert.equal(after.score, want.score);
      assert.notEqual(after.score, before.score);
      assert.match(after.rate, new RegExp(want.budget.rate.replace('.', '\\.')));
      assert.notEqual(after.rate, before.rate);
      assert.match(after.grade, new RegExp(want.grade), `grade ${want.grade} (${want.score})`);
      assert.notEqual(after.grade, before.grade);
      assert.notDeepEqual(after.codes, before.codes);
      for (const issue of want.issues.filter((i) => i.severity !== 'info')) {
        assert.ok(after.codes.includes(issue.code), `finding ${issue.code} listed (${after.codes})`);
      }
      const detail = await Promise.race([changed, o.page.waitForTimeout(2_000).then(() => null)]);
      assert.ok(detail, 'a jixiao-change event reached the document');
      assert.equal(detail.score, want.score);
      assert.equal(detail.grade, want.grade);
      assert.equal(detail.errors, want.summary.errors);
      assert.equal(detail.warnings, want.summary.warnings);
      assert.ok(detail.change && Array.isArray(detail.change.issues), 'detail.change is the Change of Evaluator.set');
      assertClean(o, INDEX);
    } finally {
      await o.close();
    }
  });

  test('fixing the by-nature executed value clears the mismatch', async () => {
    const o = await open(env, INDEX);
    try {
      await scored(o.page);
      assert.ok(!expected([NATURE_FIX]).issues.some((i) => i.code === 'budget.natureSumMismatch'), 'the fix is one (engine)');
      await o.page.locator(field(NATURE_FIX[0])).fill(NATURE_FIX[1]);
      await o.page.locator(finding('budget.natureSumMismatch')).waitFor({ state: 'detached', timeout: 5_000 });
      assert.doesNotMatch((await o.page.locator(messageFor('budget.byNature')).textContent()) ?? '', /42\.30/);
      assert.equal(await o.page.locator(field(NATURE_FIX[0])).getAttribute('aria-invalid').then((v) => v ?? 'false'), 'false');
      assertClean(o, INDEX);
    } finally {
      await o.close();
    }
  });

  test('clicking a finding focuses its field (a cell, and a table for budget.byNature)', async () => {
    const o = await open(env, INDEX);
    try {
      await scored(o.page);
      // a non-cell path: the first field of the by-nature table
      await o.page.locator(finding('budget.natureSumMismatch')).click();
      const table = await deepActive(o.page);
      assert.ok(table && ['input', 'textarea'].includes(table.tag), `focus on a field, not ${JSON.stringify(table)}`);
      assert.match(table.path ?? '', /^budget\.byNature\./);
      // a cell path: typing an unreadable amount gives input.unreadableNumber at the cell itself
      await o.page.locator(field('budget.total.planned')).fill('abc');
      const button = o.page.locator(`${part('findings')} button[data-path="budget.total.planned"]`).first();
      await button.waitFor({ timeout: 5_000 });
      await o.page.locator(part('score')).first().click(); // move focus away first
      await button.click();
      assert.equal((await deepActive(o.page))?.path, 'budget.total.planned');
    } finally {
      await o.close();
    }
  });

  test('text that does not parse stays in its field, marked, with the engine message next to it', async () => {
    const o = await open(env, INDEX);
    try {
      await scored(o.page);
      const path = 'budget.total.executed';
      const input = o.page.locator(field(path));
      await input.fill('八千万');
      const want = expected([[path, '八千万']]).issues.find((i) => i.path === path);
      assert.ok(want && want.severity === 'error', 'the engine flags the cell');
      await o.page.waitForFunction(
        (sel) => document.querySelector('jixiao-form').shadowRoot.querySelector(sel)?.getAttribute('aria-invalid') === 'true',
        `input[data-path="${path}"]`,
        { timeout: 5_000 },
      );
      assert.equal(await input.inputValue(), '八千万', 'the text is kept');
      assert.ok(await input.evaluate((el) => el.classList.contains('unparsed')), 'class "unparsed"');
      const message = o.page.locator(messageFor(path));
      assert.equal((await message.textContent()).trim(), want.message);
      const describedBy = (await input.getAttribute('aria-describedby')) ?? '';
      const id = await message.getAttribute('id');
      assert.ok(id && describedBy.split(/\s+/).includes(id), `aria-describedby (${describedBy}) names the message (${id})`);
      await o.page.waitForTimeout(300);
      assert.equal(await input.inputValue(), '八千万', 'still kept after the re-render');
    } finally {
      await o.close();
    }
  });

  test('in English: the grade and the findings in English, from the engine', async () => {
    const o = await open(env, INDEX);
    try {
      await scored(o.page);
      await o.page.locator('#lang').selectOption('en');
      const want = expected([], 'en');
      const mismatch = want.issues.find((i) => i.code === 'budget.natureSumMismatch');
      // the button's text is the message, after a severity word (错误 / Error)
      await o.page.waitForFunction(
        ([sel, text]) => document.querySelector('jixiao-form').shadowRoot.querySelector(sel)?.textContent.trim().endsWith(text),
        ['[part~="findings"] button[data-code="budget.natureSumMismatch"]', mismatch.message],
        { timeout: 5_000 },
      );
      assert.match(await partText(o.page, 'grade'), new RegExp(want.gradeEn));
      assert.equal(await partText(o.page, 'score'), want.score);
      assert.equal(await o.page.locator(FORM).getAttribute('lang'), 'en');
      assertClean(o, INDEX);
    } finally {
      await o.close();
    }
  });

  test('in English, a blank form shows no Chinese words of its own (every string from the table)', async () => {
    const o = await open(env, INDEX);
    try {
      await scored(o.page);
      await o.page.locator('#lang').selectOption('en');
      await o.page.locator('#clear').click();
      await o.page.waitForTimeout(500);
      const chinese = await o.page.evaluate(() => {
        // the money units are values of the form (moneyUnit), and 中文 names the other language
        const data = /亿元|万元|元|中文/g;
        const cjk = /[\u3400-\u9fff\uff01-\uff5e]/;
        const out = [];
        const walk = (root) => {
          const w = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
          for (let n = w.nextNode(); n; n = w.nextNode()) {
            if (!n.parentElement.closest('style, script') && cjk.test(n.data.replace(data, ''))) out.push(n.data.trim());
          }
          for (const el of root.querySelectorAll('*')) {
            for (const a of ['aria-label', 'title', 'alt']) {
              const v = el.getAttribute(a);
              if (v && cjk.test(v.replace(data, ''))) out.push(`[${a}] ${v}`);
            }
            if (el.shadowRoot) walk(el.shadowRoot);
          }
        };
        walk(document.body);
        return out;
      });
      assert.deepEqual(chinese, []);
    } finally {
      await o.close();
    }
  });

  test('form-associated: inside a <form> it submits the form JSON and is invalid while errors exist', async () => {
    const o = await open(env, INDEX);
    try {
      await scored(o.page);
      const seed = readJson(SEED);
      const fixed = structuredClone(seed);
      fixed.budget.byNature.basic.executed = NATURE_FIX[1];
      // the seed's 说明 restates the mismatch and has an error of its own: the fixed form has none
      delete fixed.narrative;
      assert.equal(expected([NATURE_FIX, ['narrative', '']]).summary.errors, 0, 'the fixed seed has no error (engine)');
      await o.page.evaluate((form) => {
        const host = document.createElement('form');
        host.id = 'host-form';
        const el = document.createElement('jixiao-form');
        el.setAttribute('name', 'selfEvaluation');
        el.id = 'hosted';
        host.append(el);
        document.body.append(host);
        el.form = form;
      }, seed);
      const state = () =>
        o.page.evaluate(() => {
          const f = document.getElementById('host-form');
          const el = document.getElementById('hosted');
          const value = new FormData(f).get('selfEvaluation');
          return { valid: f.checkValidity(), value: typeof value === 'string' ? JSON.parse(value) : value, score: el.report?.score ?? null };
        });
      await o.page.waitForFunction(() => document.getElementById('hosted').report?.score === '96.61', null, { timeout: 10_000 });
      let s = await state();
      assert.equal(s.valid, false, 'invalid while the seed has its error');
      assert.deepEqual(s.value, seed, 'the submitted value is the form JSON');
      await o.page.evaluate((form) => {
        document.getElementById('hosted').form = form;
      }, fixed);
      await o.page.waitForFunction(() => document.getElementById('host-form').checkValidity(), null, { timeout: 5_000 });
      s = await state();
      assert.equal(s.valid, true);
      assert.deepEqual(s.value, fixed);
      assertClean(o, INDEX);
    } finally {
      await o.close();
    }
  });

  test('readonly: every field is read-only (or disabled) while the attribute is set, and editable again after', async () => {
    const o = await open(env, INDEX);
    try {
      await scored(o.page);
      const editable = () =>
        o.page.evaluate(() =>
          [...document.querySelector('jixiao-form').shadowRoot.querySelectorAll('input[data-path], textarea[data-path], select[data-path]')].filter((el) => !el.readOnly && !el.disabled).map((el) => el.dataset.path),
        );
      assert.ok((await editable()).length > 20, 'fields are editable by default');
      await o.page.evaluate(() => document.querySelector('jixiao-form').setAttribute('readonly', ''));
      await o.page.waitForTimeout(200);
      assert.deepEqual(await editable(), [], 'no editable field while readonly');
      assert.equal(await partText(o.page, 'score'), '96.61', 'still scored');
      await o.page.evaluate(() => document.querySelector('jixiao-form').removeAttribute('readonly'));
      await o.page.waitForTimeout(200);
      assert.ok((await editable()).length > 20, 'editable again');
      assertClean(o, INDEX);
    } finally {
      await o.close();
    }
  });

  test('keyboard: Tab reaches the first field of the widget, with a visible focus ring', async () => {
    const o = await open(env, INDEX);
    try {
      await scored(o.page);
      const first = await o.page
        .locator(`${'jixiao-form'} input[data-path], jixiao-form textarea[data-path]`)
        .first()
        .evaluate((el) => el.dataset.path);
      let reached = null;
      for (let i = 0; i < 60 && !reached; i++) {
        await o.page.keyboard.press('Tab');
        const a = await deepActive(o.page);
        if (a?.path) reached = a.path;
      }
      assert.equal(reached, first, 'the first field reached by Tab is the first field of the form');
      const ring = await o.page.evaluate(() => {
        let a = document.activeElement;
        while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
        const s = getComputedStyle(a);
        return { focusVisible: a.matches(':focus-visible'), outlineStyle: s.outlineStyle, outlineWidth: s.outlineWidth };
      });
      assert.ok(ring.focusVisible, ':focus-visible matches after Tab');
      assert.notEqual(ring.outlineStyle, 'none', `outline on :focus-visible (${JSON.stringify(ring)})`);
      assert.notEqual(ring.outlineWidth, '0px', `outline on :focus-visible (${JSON.stringify(ring)})`);
    } finally {
      await o.close();
    }
  });

  test('a language switch puts the validation message in the new language, at the field now shown', async () => {
    const o = await open(env, INDEX);
    try {
      await scored(o.page);
      const en = expected([], 'en').issues.find((i) => i.severity === 'error');
      assert.equal(await o.page.locator(FORM).evaluate((el) => el.validationMessage), expected([]).issues.find((i) => i.severity === 'error').message);
      await o.page.locator('#lang').selectOption('en');
      await o.page.waitForFunction(() => document.querySelector('jixiao-form').shadowRoot.querySelector('[part~="grade"]').textContent === 'Excellent');
      assert.equal(await o.page.locator(FORM).evaluate((el) => el.validationMessage), en.message);
      // the anchor is the field on the page, not the one the switch replaced
      await o.page.locator(FORM).evaluate((el) => el.reportValidity());
      assert.equal((await deepActive(o.page))?.path, 'budget.byNature.basic.executed');
      assertClean(o, INDEX);
    } finally {
      await o.close();
    }
  });

  test('readonly: the element leaves constraint validation (the browser bars read-only form controls), errors and all', async () => {
    const o = await open(env, INDEX);
    try {
      await scored(o.page);
      const validity = () => o.page.locator(FORM).evaluate((el) => [el.willValidate, el.checkValidity()]);
      assert.deepEqual(await validity(), [true, false], 'the seed has an error');
      await o.page.evaluate(() => document.querySelector('jixiao-form').setAttribute('readonly', ''));
      assert.deepEqual(await validity(), [false, true], 'readonly: barred, so valid');
      await o.page.evaluate(() => document.querySelector('jixiao-form').removeAttribute('readonly'));
      assert.deepEqual(await validity(), [true, false], 'and checked again after');
    } finally {
      await o.close();
    }
  });

  test('form = text that is not JSON is refused like an import: jixiao-error form.syntax, the reason in the status, the form kept', async () => {
    const o = await open(env, INDEX);
    try {
      await scored(o.page);
      const before = await o.page.evaluate(() => document.querySelector('jixiao-form').form);
      const thrown = await o.page.evaluate(() => {
        try {
          document.querySelector('jixiao-form').form = '{oops';
          return null;
        } catch (e) {
          return String(e);
        }
      });
      assert.equal(thrown, null, 'the setter does not throw');
      const error = (await events(o.page, 'jixiao-error')).at(-1)?.detail;
      assert.equal(error?.code, 'form.syntax');
      assert.match(error.message, /^无法加载表单：文件不是有效的 JSON（第 1 行第 \d+ 列附近）。当前表单未改动。$/);
      assert.match(await partText(o.page, 'status'), /无法加载表单：文件不是有效的 JSON/);
      assert.deepEqual(await o.page.evaluate(() => document.querySelector('jixiao-form').form), before);
      assert.equal(await partText(o.page, 'score'), '96.61');
    } finally {
      await o.close();
    }
  });

  test('Escape closes the drafted paragraph and gives the focus back to 起草预算段落', async () => {
    const o = await open(env, INDEX);
    try {
      await scored(o.page);
      await o.page.locator(field(NATURE_FIX[0])).fill(NATURE_FIX[1]);
      await o.page.locator(part('draft-button')).click();
      const box = o.page.locator(part('draft'));
      await box.waitFor();
      await o.page.keyboard.press('Escape');
      await box.waitFor({ state: 'hidden' });
      const active = await o.page.evaluate(() => {
        let a = document.activeElement;
        while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
        return a?.dataset?.do ?? a?.localName;
      });
      assert.equal(active, 'draft');
      assertClean(o, INDEX);
    } finally {
      await o.close();
    }
  });
});
