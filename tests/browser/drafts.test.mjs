// The demo page's drafts: every blank form has a draft of its own, a reload reopens the form last
// opened with what was typed, and the drafts kept in this browser are listed to be opened again.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { setup, open, scored, part, partText, field, setLang, assertClean, deepActive } from './browser.mjs';

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

/** The drafts in localStorage: key → { form, savedAt }. */
const stored = (page) =>
  page.evaluate(() => Object.fromEntries(Object.keys(localStorage)
    .filter((k) => k.startsWith('jixiao:') && !['jixiao:demo-open', 'jixiao:demo-lang'].includes(k))
    .map((k) => [k, JSON.parse(localStorage.getItem(k))])));
const unitOf = (page) => page.evaluate(() => document.querySelector('jixiao-form').form?.unit?.name ?? '');
const activeId = (page) => page.evaluate(() => document.activeElement.id);

/** Chooses the listed draft whose text matches `re` and presses 删除草稿, by keyboard. */
async function deleteDraft(page, re) {
  const texts = await options(page);
  const i = texts.findIndex((t) => re.test(t));
  assert.ok(i >= 0, `a draft ${re} is listed: ${JSON.stringify(texts)}`);
  await page.locator('#drafts').focus();
  await page.locator('#drafts').selectOption({ index: i });
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  assert.equal(await activeId(page), 'delete-draft');
  await page.keyboard.press('Enter');
}

/** Presses the widget's undo by keyboard. */
async function undo(page) {
  await page.locator(part('undo')).focus();
  await page.keyboard.press('Enter');
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

  test('an identical file imported again is listed once; a different file of the same unit gets its own draft, and a draft typed into is never merged away', async () => {
    const o = await open(env, INDEX);
    try {
      const { page } = o;
      await scored(page);
      const first = JSON.stringify({ version: 1, unit: { name: '丙县民政局', year: '2024' } });
      const second = JSON.stringify({ version: 1, unit: { name: '丙县民政局', year: '2024' }, budget: { total: { planned: '700' } } });
      const load = async (name, text) => {
        await page.locator('#import-file').setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(text) });
        await page.waitForFunction((t) => document.querySelector('jixiao-form').form?.budget?.total?.planned === t, JSON.parse(text).budget?.total?.planned);
        await page.waitForTimeout(100);
      };
      const listedUnits = async () => {
        await page.locator('#drafts').focus();
        return (await options(page)).filter((t) => t.startsWith('丙县民政局 2024'));
      };
      const forms = async () => Object.entries(await stored(page)).filter(([k]) => k.endsWith(':丙县民政局:2024')).map(([, d]) => d.form);

      await load('a.json', first);
      await load('a.json', first);
      assert.equal((await listedUnits()).length, 1, `the same file twice: ${JSON.stringify(await options(page))}`);
      assert.equal((await forms()).length, 1, 'one draft in storage');

      // another file of the same unit and year: a draft of its own, the first one's kept
      await load('b.json', second);
      assert.equal((await listedUnits()).length, 2, JSON.stringify(await options(page)));
      assert.deepEqual((await forms()).map((f) => f.budget?.total?.planned ?? '').sort(), ['', '700']);

      // typed into, it is another form than the file: the same file again gets a draft beside it
      await typeInto(page, 'unit.preparer', '李四');
      await load('b.json', second);
      assert.equal((await listedUnits()).length, 3, JSON.stringify(await options(page)));
      assert.equal((await forms()).filter((f) => f.unit.preparer === '李四').length, 1, 'the typed draft is kept');

      // the first file again, while another form is open: it takes the place of its twin in the list
      await load('a.json', first);
      assert.equal((await listedUnits()).length, 3, JSON.stringify(await options(page)));
      const kept = await forms();
      assert.deepEqual(kept.map((f) => `${f.budget?.total?.planned ?? ''}/${f.unit.preparer ?? ''}`).sort(), ['/', '700/', '700/李四']);
      assertClean(o, INDEX);
    } finally {
      await o.close();
    }
  });
});

describe('www/index.html: the undo of another form opened brings the form back under its own draft', () => {
  test('a sample typed into, then 空白表 or an import, then the notice\'s undo: one draft, the sample\'s, and what is typed next goes there', async () => {
    const o = await open(env, INDEX);
    try {
      const { page } = o;
      await scored(page);
      const seed = await unitOf(page);
      const seedKey = `jixiao:demo:${seed}:2024`;
      await typeInto(page, 'unit.preparer', '张三');
      assert.deepEqual(Object.keys(await stored(page)), [seedKey]);

      for (const step of ['blank', 'import']) {
        if (step === 'blank') await blank(page);
        else {
          await page.locator('#import-file').setInputFiles({ name: 'other.json', mimeType: 'application/json', buffer: Buffer.from('{"version":1,"unit":{"name":"戊县"}}') });
          await page.waitForFunction(() => document.querySelector('jixiao-form').form?.unit?.name === '戊县');
        }
        await undo(page);
        await page.waitForFunction((s) => document.querySelector('jixiao-form').form?.unit?.name === s, seed);
        await page.waitForTimeout(100);
        assert.equal(await value(page, 'unit.preparer'), '张三', `${step}: what was typed is back`);
        assert.equal(await page.locator(part('undo')).count(), 0, `${step}: nothing more to undo`);
        assert.match(await partText(page, 'status'), /已恢复为原表/, `${step}: the widget says so`);
        assert.equal(await page.locator('jixiao-form').getAttribute('storage-key'), 'demo', `${step}: under the sample's key`);
        const drafts = await stored(page);
        assert.deepEqual(Object.keys(drafts), [seedKey], `${step}: no copy of the draft under another key`);
        assert.equal(drafts[seedKey].form.unit.preparer, '张三');
        assert.ok((await deepActive(page))?.path, `${step}: the focus is on a field of the form, where the widget's undo puts it`);
      }
      // what is typed next goes to the sample's own draft, listed once
      await typeInto(page, 'unit.phone', '020-1234');
      const drafts = await stored(page);
      assert.deepEqual(Object.keys(drafts), [seedKey]);
      assert.equal(drafts[seedKey].form.unit.phone, '020-1234');
      await page.locator('#drafts').focus();
      assert.equal((await options(page)).length, 1, JSON.stringify(await options(page)));
      await page.reload();
      await scored(page);
      await page.waitForFunction(() => document.querySelector('jixiao-form').form?.unit?.phone === '020-1234');
      assertClean(o, INDEX);
    } finally {
      await o.close();
    }
  });

  test('a blank form whose unit name was typed, then 空白表, then undo: one draft, where the first blank form kept it, which a reload reopens', async () => {
    const o = await open(env, INDEX);
    try {
      const { page } = o;
      await scored(page);
      await blank(page);
      const key = await page.locator('jixiao-form').getAttribute('storage-key');
      await typeInto(page, 'unit.name', '丁县卫健局');
      await blank(page);
      await undo(page);
      await page.waitForFunction(() => document.querySelector('jixiao-form').form?.unit?.name === '丁县卫健局');
      await page.waitForTimeout(100);
      assert.equal(await page.locator('jixiao-form').getAttribute('storage-key'), key);
      assert.equal(await page.locator(part('undo')).count(), 0, 'nothing more to undo');
      assert.deepEqual(Object.keys(await stored(page)), [`jixiao:${key}::`]);
      await typeInto(page, 'unit.year', '2025');
      const drafts = await stored(page);
      assert.deepEqual(Object.keys(drafts), [`jixiao:${key}::`]);
      assert.equal(drafts[`jixiao:${key}::`].form.unit.year, '2025');
      await page.locator('#drafts').focus();
      assert.deepEqual((await options(page)).map((t) => t.replace(/，.*/, '')), ['丁县卫健局 2025']);
      // the draft's key is the form's as opened (a blank one): a reload finds it there
      await page.reload();
      await page.waitForFunction(() => document.querySelector('jixiao-form').form?.unit?.year === '2025');
      assert.equal(await page.locator(field('unit.name')).inputValue(), '丁县卫健局');
      assertClean(o, INDEX);
    } finally {
      await o.close();
    }
  });
});

describe('www/index.html: 删除草稿', () => {
  test('deletes the chosen draft at once, says so with 撤销删除 (which has the focus), and the undo puts it back as it was', async () => {
    const o = await open(env, INDEX);
    try {
      const { page } = o;
      await scored(page);
      await blank(page);
      await typeInto(page, 'unit.name', '甲县教育局');
      await typeInto(page, 'unit.year', '2024');
      await typeInto(page, 'budget.total.planned', '5000');
      await blank(page);
      await typeInto(page, 'unit.name', '乙县教育局');
      await typeInto(page, 'unit.year', '2024');
      const before = await stored(page);
      const key = Object.keys(before).find((k) => k.endsWith(':甲县教育局:2024') || before[k].form.unit?.name === '甲县教育局');

      await page.locator('#drafts').focus();
      await page.locator('#drafts').selectOption({ index: (await options(page)).findIndex((t) => t.startsWith('甲县')) });
      assert.equal(await page.locator('#delete-draft').textContent(), '删除草稿');
      assert.equal(await page.locator('#delete-draft').getAttribute('aria-label'), '删除草稿「甲县教育局 2024」');
      await deleteDraft(page, /^甲县教育局 2024/);

      assert.equal((await stored(page))[key], undefined, 'the draft is gone from storage');
      assert.ok(!(await options(page)).some((t) => t.startsWith('甲县')), JSON.stringify(await options(page)));
      assert.ok((await options(page)).some((t) => t.startsWith('乙县')));
      assert.equal((await page.locator('#page-notice').textContent()).trim(), '已删除草稿「甲县教育局 2024」。 撤销删除');
      assert.equal(await page.locator('#page-notice').getAttribute('role'), 'status');
      assert.equal(await activeId(page), 'undo-delete');
      assert.equal(await unitOf(page), '乙县教育局', 'the open form is untouched');

      await page.keyboard.press('Enter');
      assert.deepEqual((await stored(page))[key], before[key], 'back with its time');
      assert.equal(await activeId(page), 'drafts');
      assert.match(await page.locator('#drafts option:checked').textContent(), /^甲县教育局 2024，/);
      assert.equal((await page.locator('#page-notice').textContent()).trim(), '已恢复草稿「甲县教育局 2024」。');
      await reopen(page, /^甲县教育局/);
      await page.waitForFunction(() => document.querySelector('jixiao-form').form?.unit?.name === '甲县教育局');
      assert.equal(await value(page, 'budget.total.planned'), '5000');
      assert.equal(await page.locator('#page-notice').textContent(), '', 'the notice goes with the next step');
      assertClean(o, INDEX);
    } finally {
      await o.close();
    }
  });

  test('in English, the open form\'s draft: deleted, the form stays on the page, its next change saves it again; the undo goes with that change', async () => {
    const o = await open(env, INDEX);
    try {
      const { page } = o;
      await scored(page);
      await setLang(page, 'en');
      await blank(page);
      await typeInto(page, 'unit.name', 'Ward 9 clinic');
      await page.locator('#drafts').focus();
      assert.match((await options(page))[0], /^Ward 9 clinic, saved .+ \(open\)$/);
      assert.equal(await page.locator('#delete-draft').textContent(), 'Delete draft');
      assert.equal(await page.locator('#delete-draft').getAttribute('aria-label'), 'Delete draft "Ward 9 clinic"');
      await deleteDraft(page, /^Ward 9 clinic/);

      assert.deepEqual(await stored(page), {}, 'no draft left');
      assert.deepEqual(await options(page), ['No drafts yet']);
      assert.equal(await page.locator('#delete-draft').isDisabled(), true);
      assert.equal((await page.locator('#page-notice').textContent()).trim(),
        'Deleted the draft "Ward 9 clinic". The form stays on the page; its next change saves it again. Undo the deletion');
      assert.equal(await activeId(page), 'undo-delete');
      assert.equal(await value(page, 'unit.name'), 'Ward 9 clinic', 'what is on screen stays');

      // the language switched while the notice is shown: the notice follows it
      await setLang(page, 'zh-CN');
      assert.equal((await page.locator('#page-notice').textContent()).trim(), '已删除草稿「Ward 9 clinic」。此表仍在页面上，再次修改时会重新保存。 撤销删除');
      await setLang(page, 'en');

      await typeInto(page, 'unit.year', '2025');
      await page.locator('#drafts').focus();
      assert.match((await options(page))[0], /^Ward 9 clinic 2025, saved .+ \(open\)$/);
      assert.equal(Object.values(await stored(page))[0]?.form.unit.year, '2025');
      assert.equal(await page.locator('#page-notice').textContent(), '', 'no undo once the form was changed');
      assert.equal(await page.locator('#delete-draft').isDisabled(), false);
      assertClean(o, INDEX);
    } finally {
      await o.close();
    }
  });
});
