// The demo page's drafts: every blank form has a draft of its own, a reload reopens the form last
// opened with what was typed, and the drafts kept in this browser are listed to be opened again.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { setup, open, scored, part, partText, field, setLang, assertClean } from './browser.mjs';

const env = setup();
const INDEX = 'www/index.html';
const value = (page, path) => page.locator(field(path)).inputValue();
const options = (page) => page.locator('#drafts option').evaluateAll((os) => os.map((o) => o.textContent));

/** Presses 空白表 by keyboard and waits for the blank form. */
async function blank(page) {
  await page.locator('#clear').focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => !document.querySelector('jixiao-form').form?.unit?.name, null, { timeout: 5_000 });
  await page.locator(field('unit.name')).waitFor();
}

async function typeInto(page, path, text) {
  await page.locator(field(path)).focus();
  await page.keyboard.type(text);
}

/** Opens the listed draft whose text matches `re`, by keyboard: the list, then 打开草稿. */
async function reopen(page, re) {
  const texts = await options(page);
  const i = texts.findIndex((t) => re.test(t));
  assert.ok(i >= 0, `a draft ${re} is listed: ${JSON.stringify(texts)}`);
  await page.locator('#drafts').focus();
  await page.locator('#drafts').selectOption({ index: i });
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'open-draft');
  await page.keyboard.press('Enter');
}

describe('www/index.html: blank forms and their drafts', () => {
  test('空白表 twice gives two blank forms, each with its own draft: neither overwrites the other, a reload reopens the last, the list reopens the first', async () => {
    const o = await open(env, INDEX);
    try {
      const { page } = o;
      await scored(page);
      await blank(page);
      await typeInto(page, 'unit.name', '甲县教育局');
      await typeInto(page, 'unit.year', '2024');
      await typeInto(page, 'budget.total.planned', '5000');

      // the second blank form is blank, not the first one's draft
      await blank(page);
      assert.equal(await value(page, 'unit.name'), '');
      assert.equal(await value(page, 'budget.total.planned'), '');
      await typeInto(page, 'unit.name', '乙县教育局');
      await typeInto(page, 'unit.year', '2024');

      // a reload reopens the second blank form with what was typed into it
      await page.reload();
      await scored(page);
      await page.waitForFunction(() => document.querySelector('jixiao-form').form?.unit?.name === '乙县教育局');
      assert.match(await partText(page, 'notice'), /已恢复/);

      // both drafts are listed, by unit and year and the time saved, the open one said so
      await page.locator('#drafts').focus();
      const listed = await options(page);
      assert.equal(listed.length, 2, JSON.stringify(listed));
      assert.ok(listed.some((t) => /^乙县教育局 2024，\d{4}-\d\d-\d\d \d\d:\d\d 保存（正在填写）$/.test(t)), JSON.stringify(listed));
      assert.ok(listed.some((t) => /^甲县教育局 2024，\d{4}-\d\d-\d\d \d\d:\d\d 保存$/.test(t)), JSON.stringify(listed));
      assert.equal(await page.locator('label[for="drafts"]').textContent(), '本机草稿');

      // the first unit, opened from the list, has everything that was typed into it
      await reopen(page, /^甲县教育局/);
      await page.waitForFunction(() => document.querySelector('jixiao-form').form?.unit?.name === '甲县教育局');
      assert.equal(await value(page, 'budget.total.planned'), '5000');
      assert.match(await partText(page, 'notice'), /已恢复/);
      await typeInto(page, 'unit.preparer', '张三');
      await page.reload();
      await scored(page);
      await page.waitForFunction(() => document.querySelector('jixiao-form').form?.unit?.name === '甲县教育局');
      assert.equal(await value(page, 'unit.preparer'), '张三');

      // and the second unit's draft is still its own
      await reopen(page, /^乙县教育局/);
      await page.waitForFunction(() => document.querySelector('jixiao-form').form?.unit?.name === '乙县教育局');
      assert.equal(await value(page, 'budget.total.planned'), '');
      assert.equal(await value(page, 'unit.preparer'), '');
      assertClean(o, INDEX);
    } finally {
      await o.close();
    }
  });

  test('a blank form without a unit name is listed as 未命名 / Untitled once something is typed into it', async () => {
    const o = await open(env, INDEX);
    try {
      const { page } = o;
      await scored(page);
      await blank(page);
      await page.locator('#drafts').focus();
      assert.ok(!(await options(page)).some((t) => t.startsWith('未命名')), 'nothing typed, nothing listed');
      await typeInto(page, 'budget.total.planned', '100');
      await page.waitForFunction(() => [...document.querySelectorAll('#drafts option')].some((o) => o.textContent.startsWith('未命名')));
      assert.match((await options(page)).find((t) => t.startsWith('未命名')), /^未命名，.+ 保存（正在填写）$/);
      await setLang(page, 'en');
      assert.equal(await page.locator('label[for="drafts"]').textContent(), 'Drafts in this browser');
      assert.equal(await page.locator('#open-draft').textContent(), 'Open draft');
      assert.match((await options(page)).find((t) => t.startsWith('Untitled')), /^Untitled, saved .+ \(open\)$/);
      assertClean(o, INDEX);
    } finally {
      await o.close();
    }
  });

  test('an import gets a draft of its own: importing a second form without a unit name keeps the first one\'s work', async () => {
    const o = await open(env, INDEX);
    try {
      const { page } = o;
      await scored(page);
      const load = (name) => page.locator('#import-file').setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from('{"version":1}') });
      await load('a.json');
      await page.locator(`${part('indicators')} button[data-act="add"]`).first().waitFor();
      await typeInto(page, 'budget.total.planned', '111');
      await load('b.json');
      await page.waitForFunction(() => !document.querySelector('jixiao-form').form?.budget?.total?.planned);
      await page.locator('#drafts').focus();
      assert.equal((await options(page)).filter((t) => t.startsWith('未命名')).length, 2, JSON.stringify(await options(page)));
      await reopen(page, /^未命名，.+ 保存$/);
      await page.waitForFunction(() => document.querySelector('jixiao-form').form?.budget?.total?.planned === '111');
      assertClean(o, INDEX);
    } finally {
      await o.close();
    }
  });
});
