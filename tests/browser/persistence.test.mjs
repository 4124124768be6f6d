// Nothing typed is lost: the export/import round trip of www/index.html, and the draft restored
// after a reload, with its notice and undo.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { readJson } from '../js/jixiao.mjs';
import { setup, open, scored, part, partText, field, assertClean, artifact, SEED } from './browser.mjs';

const env = setup();
const INDEX = 'www/index.html';
const widgetForm = (page) => page.evaluate(() => document.querySelector('jixiao-form').form);
const settle = (page, score) =>
  page.waitForFunction(
    ([sel, s]) => document.querySelector('jixiao-form').shadowRoot.querySelector(sel)?.textContent.trim() === s,
    ['[part~="score"]', score],
    { timeout: 5_000 },
  );

describe('www/index.html: import and export', () => {
  test('export downloads the form as typed; importing that file gives back the same form and score', async () => {
    const o = await open(env, INDEX);
    try {
      await scored(o.page);
      // an edit the engine reads and one it cannot: both must survive the round trip
      await o.page.locator(field('budget.total.executed')).fill('1,000');
      await o.page.locator(field('unit.year')).fill('二〇二四年度');
      await o.page.waitForTimeout(200);
      const typed = await widgetForm(o.page);
      const score = await partText(o.page, 'score');
      assert.equal(typed.budget.total.executed, '1,000');

      const [download] = await Promise.all([o.page.waitForEvent('download', { timeout: 5_000 }), o.page.locator('#export').click()]);
      const file = artifact('export-roundtrip.json');
      await download.saveAs(file);
      const exported = JSON.parse(await readFile(file, 'utf8'));
      assert.deepEqual(exported, typed, 'the file holds the form as typed');
      assert.match(download.suggestedFilename(), /\.json$/);
      assertClean(o, INDEX);

      // import it on a fresh page (its own storage, so no draft plays a part): the seed, then the file
      const fresh = await open(env, INDEX);
      try {
        await scored(fresh.page);
        assert.equal(await partText(fresh.page, 'score'), '96.61');
        await fresh.page.locator('#import-file').setInputFiles(file);
        await settle(fresh.page, score);
        assert.deepEqual(await widgetForm(fresh.page), exported, 'the imported form');
        assert.equal(await fresh.page.locator(field('budget.total.executed')).inputValue(), '1,000');
        assert.equal(await fresh.page.locator(field('unit.year')).inputValue(), '二〇二四年度');
        assertClean(fresh, `${INDEX} (import)`);
      } finally {
        await fresh.close();
      }
    } finally {
      await o.close();
    }
  });

  test('importing a file that is not a form reports it and keeps the current form', async () => {
    const o = await open(env, INDEX);
    try {
      await scored(o.page);
      const before = await widgetForm(o.page);
      const errors = o.page.evaluate(
        () => new Promise((resolve) => document.addEventListener('jixiao-error', (e) => resolve(e.detail), { once: true })),
      ).catch(() => null); // the page closes first when no event comes
      await o.page.locator('#import-file').setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{"version": 1,') });
      const detail = await Promise.race([errors, o.page.waitForTimeout(5_000).then(() => null)]);
      assert.ok(detail && detail.code && detail.message, `a jixiao-error event with code and message (${JSON.stringify(detail)})`);
      assert.deepEqual(await widgetForm(o.page), before);
    } finally {
      await o.close();
    }
  });

  test('a sample that cannot be fetched is reported on the page and the form stays as it was', async () => {
    const o = await open(env, INDEX);
    try {
      await scored(o.page);
      const before = await widgetForm(o.page);
      await o.page.route('**/examples/mistakes.json', (route) => route.fulfill({ status: 404, body: 'gone' }));
      await o.page.locator('#load-mistakes').click();
      const status = o.page.locator('#page-status');
      await status.filter({ hasText: 'HTTP 404' }).waitFor({ timeout: 5_000 });
      assert.match(await status.textContent(), /示例无法加载.*当前表单未改动/);
      assert.equal(await status.getAttribute('role'), 'status');
      assert.deepEqual(await widgetForm(o.page), before);
      assert.equal(await partText(o.page, 'score'), '96.61');
    } finally {
      await o.close();
    }
  });
});

describe('www/index.html: drafts', () => {
  test('a reload restores what was typed, with a notice; undo goes back to the loaded form', async () => {
    const o = await open(env, INDEX);
    try {
      await scored(o.page);
      const path = 'budget.total.executed';
      const original = await o.page.locator(field(path)).inputValue();
      assert.equal(original, readJson(SEED).budget.total.executed);
      await o.page.locator(field(path)).fill('8,000');
      await o.page.locator(field('budget.reason')).fill('未完成原因：草稿');
      await o.page.locator(field('budget.total.planned')).fill('九千万'); // text the engine cannot read
      await o.page.waitForTimeout(1_000); // drafts may be saved after a short pause
      await o.page.reload();
      await scored(o.page);
      await o.page.locator(field(path)).waitFor();
      assert.equal(await o.page.locator(field(path)).inputValue(), '8,000', 'the typed amount is back');
      assert.equal(await o.page.locator(field('budget.reason')).inputValue(), '未完成原因：草稿');
      assert.equal(await o.page.locator(field('budget.total.planned')).inputValue(), '九千万', 'unreadable text is restored too');
      assert.equal(await o.page.locator(field('budget.total.planned')).getAttribute('aria-invalid'), 'true');
      const notice = o.page.locator(part('notice')).first();
      assert.ok(await notice.isVisible(), 'the restore notice is visible');
      assert.notEqual((await notice.textContent()).trim(), '');
      await o.page.locator(part('undo')).first().click();
      await settle(o.page, '96.61');
      assert.equal(await o.page.locator(field(path)).inputValue(), original, 'undo: the value before the draft');
      assertClean(o, INDEX);
    } finally {
      await o.close();
    }
  });

  test('a blank form given a unit name keeps what is typed over any number of reloads', async () => {
    const o = await open(env, INDEX);
    try {
      await scored(o.page);
      await o.page.locator('#clear').click();
      await o.page.locator(field('unit.name')).waitFor();
      const typed = [
        ['unit.name', '测试街道'],
        ['unit.year', '2024'],
        ['budget.total.planned', '100'],
      ];
      // the unit's name and year are typed before the first reload, more after each
      const later = [
        ['budget.total.executed', '90'],
        ['budget.reason', '第二次重新载入前填写'],
      ];
      for (const [path, text] of typed) await o.page.locator(field(path)).fill(text);
      for (const next of [...later, null]) {
        await o.page.waitForTimeout(1_000); // drafts may be saved after a short pause
        await o.page.reload();
        await o.page.locator(field('unit.name')).waitFor();
        for (const [path, text] of typed) {
          assert.equal(await o.page.locator(field(path)).inputValue(), text, `${path} after ${typed.length} values`);
        }
        if (!next) break;
        await o.page.locator(field(next[0])).fill(next[1]);
        typed.push(next);
      }
      assertClean(o, INDEX);
    } finally {
      await o.close();
    }
  });

  test('undoing a restored draft keeps the draft: 恢复草稿 brings it back, and so does the next reload; the focus stays in the widget', async () => {
    const o = await open(env, INDEX);
    try {
      await scored(o.page);
      const path = 'budget.reason';
      const original = await o.page.locator(field(path)).inputValue();
      await o.page.locator(field(path)).fill('草稿中的原因');
      await o.page.reload();
      await scored(o.page);
      const active = () => o.page.evaluate(() => {
        let a = document.activeElement;
        while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
        return `${a?.localName} ${a?.textContent.trim() ?? ''}`;
      });
      for (let round = 0; round < 2; round++) {
        await o.page.locator(part('undo')).focus();
        await o.page.keyboard.press('Enter'); // 撤销，恢复原表
        await o.page.waitForFunction(([sel, v]) => document.querySelector('jixiao-form').shadowRoot.querySelector(sel).value === v, [`[data-path="${path}"]`, original]);
        assert.match(await partText(o.page, 'notice'), /已恢复为原表。草稿仍保留/);
        assert.equal(await active(), 'button 恢复草稿', 'the focus is on the way back to the draft');
        if (round) break;
        await o.page.keyboard.press('Enter'); // 恢复草稿
        assert.equal(await o.page.locator(field(path)).inputValue(), '草稿中的原因');
        assert.equal(await active(), 'button 撤销，恢复原表');
      }
      await o.page.reload();
      await scored(o.page);
      assert.equal(await o.page.locator(field(path)).inputValue(), '草稿中的原因', 'the draft is still there after a reload');
      assert.match(await partText(o.page, 'notice'), /已恢复/);
      // typing into the original form is what replaces the draft
      await o.page.locator(part('undo')).click();
      await o.page.locator(field('unit.preparer')).fill('王五');
      await o.page.reload();
      await scored(o.page);
      assert.equal(await o.page.locator(field(path)).inputValue(), original);
      assert.equal(await o.page.locator(field('unit.preparer')).inputValue(), '王五');
      assertClean(o, INDEX);
    } finally {
      await o.close();
    }
  });

  test('a src that fails after an import takes the import\'s notice and undo away: the status says only why', async () => {
    const o = await open(env, INDEX);
    try {
      await scored(o.page);
      await o.page.evaluate(() => document.querySelector('jixiao-form').importJson(JSON.stringify({ version: 1, template: 'mof-project' })));
      await o.page.locator(part('notice')).waitFor();
      await o.page.route('**/missing.json', (route) => route.fulfill({ status: 404, body: 'gone' }));
      await o.page.evaluate(() => document.querySelector('jixiao-form').setAttribute('src', '../examples/missing.json'));
      await o.page.waitForFunction(() => /无法加载表单/.test(document.querySelector('jixiao-form').shadowRoot.querySelector('[part~="status"]').textContent));
      assert.equal(await partText(o.page, 'status'), '无法加载表单：服务器返回错误 404。当前表单未改动。');
      assert.equal(await o.page.locator(part('undo')).count(), 0);
    } finally {
      await o.close();
    }
  });
});
