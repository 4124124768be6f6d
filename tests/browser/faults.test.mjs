// The faults a new user met in <jixiao-form>, each held here: a `src` that fails, a budget column's
// error at the right column, an import over typed work, messages in the user's language, sums with
// thousands groups, a level row's message, the restore notice's time.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { setup, open, scored, part, partText, field, messageFor, assertClean, artifact } from './browser.mjs';

const env = setup();
const INDEX = 'www/index.html';

describe('www/index.html: faults a new user met', () => {
  test('a src that fails says why in Chinese, loads no template in its place and leaves scoring off', async () => {
    const o = await open(env, INDEX);
    try {
      await scored(o.page);
      const status = await o.page.evaluate(async () => {
        const w = document.createElement('jixiao-form');
        w.id = 'failing';
        w.setAttribute('src', '../examples/nope.json');
        document.body.append(w);
        const error = await new Promise((resolve) => w.addEventListener('jixiao-error', (e) => resolve(e.detail)));
        return {
          text: w.shadowRoot.querySelector('[part~="status"]').textContent,
          score: w.shadowRoot.querySelector('[part~="score"]').textContent,
          rows: w.shadowRoot.querySelectorAll('[data-path]').length,
          form: w.form,
          error,
        };
      });
      assert.match(status.text, /无法加载表单：服务器返回错误 404。评分未启用。/);
      assert.doesNotMatch(status.text, /HTTP|nope/, 'the technical text stays out of the page');
      assert.match(status.error.detail, /404/, "the event's detail has it");
      assert.equal(status.error.code, 'form.fetch');
      assert.equal(status.score, '—');
      assert.equal(status.rows, 0, 'no empty template in its place');
      assert.equal(status.form, null);
      o.log.console = o.log.console.filter((t) => !/404/.test(t));
      assertClean(o, INDEX);
    } finally {
      await o.close();
    }
  });

  test("the seed's 42.30 error of the 全年执行数 column is marked and anchored at a 全年执行数 cell, never a 全年预算数 one", async () => {
    const o = await open(env, INDEX);
    try {
      await scored(o.page);
      const invalid = await o.page.evaluate(() =>
        [...document.querySelector('jixiao-form').shadowRoot.querySelectorAll('[aria-invalid="true"]')].map((e) => e.dataset.path));
      // (the seed's 说明 has errors of its own, marked at its textarea)
      assert.deepEqual(invalid.filter((p) => p !== 'narrative'), ['budget.byNature.basic.executed']);
      const anchor = await o.page.evaluate(() => {
        const w = document.querySelector('jixiao-form');
        w.reportValidity();
        let a = document.activeElement;
        while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
        return a?.dataset?.path;
      });
      assert.equal(anchor, 'budget.byNature.basic.executed');
      assert.match(await o.page.locator(messageFor('budget.byNature')).textContent(), /42\.30/);
      // computed sums are shown as amounts are typed
      const sums = await o.page.evaluate(() => [...document.querySelector('jixiao-form').shadowRoot.querySelectorAll('.sum output')].map((e) => e.textContent));
      assert.ok(sums.includes('8,712.83') && sums.includes('8,670.52'), sums.join(' '));
      assertClean(o, INDEX);
    } finally {
      await o.close();
    }
  });

  test('an import over typed work can be undone, and a file that is not JSON is refused in Chinese with where', async () => {
    const o = await open(env, INDEX);
    try {
      await scored(o.page);
      await o.page.locator(field('unit.preparer')).fill('张三');
      const typed = await o.page.evaluate(() => document.querySelector('jixiao-form').form);
      const bad = artifact('not-json.json');
      await writeFile(bad, '{\n  "version": 1,\n  "unit": {"name": 42,}\n}\n');
      await o.page.locator('#import-file').setInputFiles(bad);
      const status = part('status');
      await o.page.waitForFunction((sel) => /导入失败/.test(document.querySelector('jixiao-form').shadowRoot.querySelector('[part~="status"]').textContent), null);
      assert.match(await o.page.locator(status).textContent(), /导入失败，表单未改动：文件不是有效的 JSON（第 3 行第 \d+ 列附近）/);
      assert.doesNotMatch(await o.page.locator(status).textContent(), /Unexpected|position/);
      // a good import replaces the form, with an undo
      const other = artifact('import-other.json');
      await writeFile(other, JSON.stringify({ version: 1, template: 'mof-project', unit: { name: '另一单位' } }));
      await o.page.locator('#import-file').setInputFiles(other);
      await o.page.locator(part('notice')).waitFor();
      assert.match(await partText(o.page, 'notice'), /已导入表单/);
      await o.page.locator(part('undo')).click();
      await o.page.waitForFunction(() => document.querySelector('jixiao-form').form.unit?.preparer === '张三');
      assert.deepEqual(await o.page.evaluate(() => document.querySelector('jixiao-form').form), typed);
      assertClean(o, INDEX);
    } finally {
      await o.close();
    }
  });

  test('a level row without its level says 未选择等级 under its level cell; a draft of unknown time says 上次保存', async () => {
    const o = await open(env, INDEX);
    try {
      await scored(o.page);
      await o.page.locator('#clear').click();
      await o.page.locator(field('indicators.2.3.1.level')).waitFor();
      assert.match(await o.page.locator(messageFor('indicators.2.3.1.level')).textContent(), /指标「绩效目标管理」未选择等级/);
      // a draft whose time cannot be read
      await o.page.locator(field('unit.preparer')).fill('李四');
      await o.page.evaluate(() => {
        for (const key of Object.keys(localStorage).filter((k) => k.startsWith('jixiao:demo') && localStorage.getItem(k).includes('"savedAt"'))) {
          const draft = JSON.parse(localStorage.getItem(key));
          draft.savedAt = 'not a time';
          localStorage.setItem(key, JSON.stringify(draft));
        }
      });
      await o.page.reload();
      await o.page.locator(part('notice')).waitFor();
      const notice = await partText(o.page, 'notice');
      assert.match(notice, /已恢复上次保存的草稿/);
      assert.doesNotMatch(notice, /已恢复 +保存/);
      assertClean(o, INDEX);
    } finally {
      await o.close();
    }
  });

  test('an engine that cannot be downloaded is said in Chinese, without the technical text', async () => {
    const o = await open(env, INDEX);
    try {
      await scored(o.page);
      await o.context.route('**/pkg/jixiao_wasm_bg.wasm', (route) => route.fulfill({ status: 404, body: 'not here' }));
      await o.page.reload();
      const status = part('status');
      await o.page.waitForFunction(() => /自动评分已关闭/.test(document.querySelector('jixiao-form').shadowRoot.querySelector('[part~="status"]')?.textContent ?? ''), null, { timeout: 10_000 });
      const text = await o.page.locator(status).textContent();
      assert.match(text, /自动评分已关闭：评分引擎的文件无法下载或运行。/);
      assert.doesNotMatch(text, /[A-Za-z]{4,}/, `no English in the Chinese status: ${text}`);
      // the form itself still shows what was typed and takes more
      await o.page.locator(field('unit.preparer')).fill('王五');
      assert.equal(await o.page.locator(field('unit.preparer')).inputValue(), '王五');
    } finally {
      await o.close();
    }
  });
});

describe('www/embed.html on a phone', () => {
  test('at 375 px every amount shows whole in its input (no "9,022" for 9,022.41)', async () => {
    const o = await open(env, 'www/embed.html', { viewport: { width: 375, height: 800 } });
    try {
      await o.page.waitForFunction(() => /\d/.test(document.querySelector('jixiao-score')?.textContent ?? ''), null, { timeout: 15_000 });
      const clipped = await o.page.evaluate(() =>
        [...document.querySelectorAll('.portal-table input')]
          .filter((i) => i.value && i.scrollWidth > i.clientWidth + 1)
          .map((i) => `${i.name || i.dataset.jixiao}: ${i.value} (${i.scrollWidth} > ${i.clientWidth})`));
      assert.deepEqual(clipped, []);
      assertClean(o, 'www/embed.html');
    } finally {
      await o.close();
    }
  });
});
