// Undo and taps on www/index.html: a restored draft's undo ends with the first edit (it would take
// that edit back with the rest), a cell tapped right after the last one takes what is typed into
// it (a double tap to Chromium), and another form set over a typed one offers the way back.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { setup, open, scored, part, partText, field, assertClean, artifact, setLang } from './browser.mjs';

const env = setup();
const INDEX = 'www/index.html';
const PHONE = { viewport: { width: 375, height: 740 }, hasTouch: true, isMobile: true };
const LAPTOP = { viewport: { width: 1280, height: 800 } };
const value = (page, path) => page.locator(field(path)).inputValue();
const undoCount = (page) => page.locator(part('undo')).count();

// The seed with `edits` typed and saved, then reloaded: the draft is restored with its notice.
async function restored(options, edits) {
  const o = await open(env, INDEX, options);
  await scored(o.page);
  for (const [path, text] of edits) await o.page.locator(field(path)).fill(text);
  await o.page.reload();
  await scored(o.page);
  await o.page.locator(part('undo')).waitFor();
  return o;
}

describe('www/index.html: the undo of a restored draft', () => {
  test('the first edit of the restored form ends its undo; the notice keeps only its sentence, and nothing typed is lost', async () => {
    const o = await restored(PHONE, [['budget.reason', '草稿中的原因'], ['unit.preparer', '张三']]);
    try {
      assert.match(await partText(o.page, 'notice'), /已恢复 .* 保存的草稿。\s*撤销，恢复原表/);
      await o.page.locator(field('unit.phone')).fill('020-12345678');
      assert.equal(await undoCount(o.page), 0, 'no undo once the restored form is edited');
      assert.match(await partText(o.page, 'notice'), /^已恢复 .* 保存的草稿。$/);
      // more edits: the notice neither comes back with its button nor goes away
      await o.page.locator(field('unit.date')).fill('2025-03-01');
      assert.equal(await undoCount(o.page), 0);
      assert.match(await partText(o.page, 'notice'), /已恢复/);
      await o.page.evaluate(() => scrollTo(0, 0));
      await o.page.screenshot({ path: artifact('undo-and-taps-restored-edited-375-zh-CN.png') });
      await o.page.reload();
      await scored(o.page);
      assert.equal(await value(o.page, 'budget.reason'), '草稿中的原因', 'the restored draft');
      assert.equal(await value(o.page, 'unit.preparer'), '张三');
      assert.equal(await value(o.page, 'unit.phone'), '020-12345678', 'and what was typed after it');
      assert.equal(await value(o.page, 'unit.date'), '2025-03-01');
      assertClean(o, INDEX);
    } finally {
      await o.close();
    }
  });

  test('adding a row ends the undo too; in English the notice says only that the draft was restored', async () => {
    const o = await restored(LAPTOP, [['unit.preparer', '李四']]);
    try {
      await setLang(o.page, 'en');
      await o.page.locator(part('undo')).filter({ hasText: 'Undo: back to the original form' }).waitFor();
      await o.page.locator('jixiao-form button[data-act="add"][data-id="1.1"]').click();
      assert.equal(await undoCount(o.page), 0, 'no undo after a row was added');
      assert.match(await partText(o.page, 'notice'), /^Restored the draft saved at .*\.$/);
      await o.page.locator(field('indicators.1.1.6.name')).fill('新指标');
      assert.equal(await undoCount(o.page), 0);
      await o.page.evaluate(() => scrollTo(0, 0));
      await o.page.screenshot({ path: artifact('undo-and-taps-restored-edited-1280-en.png') });
      assert.equal(await value(o.page, 'unit.preparer'), '李四');
      assertClean(o, INDEX);
    } finally {
      await o.close();
    }
  });

  test('undo before any edit still gives back the original and keeps the draft one button away', async () => {
    const o = await restored(LAPTOP, [['unit.preparer', '王五']]);
    try {
      await o.page.locator(part('undo')).click();
      await o.page.locator(part('undo')).filter({ hasText: '恢复草稿' }).waitFor();
      const original = (await o.page.evaluate(() => fetch('../examples/shiweitang-2024.json').then((r) => r.json()))).unit.preparer ?? '';
      assert.equal(await value(o.page, 'unit.preparer'), original);
      assert.match(await partText(o.page, 'notice'), /已恢复为原表。草稿仍保留，直到修改此表。\s*恢复草稿/);
      await o.page.locator(part('undo')).click();
      assert.equal(await value(o.page, 'unit.preparer'), '王五', '恢复草稿 brings it back');
      assertClean(o, INDEX);
    } finally {
      await o.close();
    }
  });
});

// Taps the cell at `path` where a finger would: scrolled to the middle of the screen (so two cells
// tapped one after the other are at the same spot, as when each is scrolled into view).
async function tap(page, path) {
  const cell = page.locator(field(path));
  await cell.evaluate((el) => el.scrollIntoView({ block: 'center' }));
  await cell.tap();
}

describe('www/index.html: a quick tap on the next cell', () => {
  for (const [how, clear] of [['select all', 'Control+A'], ['Backspace', 'Backspace']]) {
    test(`on a phone, tap, ${how} and type right after editing another cell replaces the value`, async () => {
      const o = await open(env, INDEX, PHONE);
      try {
        await scored(o.page);
        await tap(o.page, 'indicators.1.1.1.weight');
        await o.page.keyboard.press('Control+A');
        await o.page.keyboard.type('6');
        for (const gap of [150, 250]) {
          const path = gap === 150 ? 'indicators.1.2.1.weight' : 'indicators.1.1.2.weight';
          await o.page.waitForTimeout(gap);
          await tap(o.page, path);
          await o.page.keyboard.press(clear);
          await o.page.keyboard.type('6');
          assert.equal(await value(o.page, path), '6', `${path} tapped ${gap} ms after the last keystroke`);
          assert.deepEqual(
            await o.page.locator(field(path)).evaluate((el) => [el.selectionStart, el.selectionEnd]),
            [1, 1],
            'the caret follows what was typed',
          );
        }
        assert.equal(await value(o.page, 'indicators.1.1.1.weight'), '6');
        const form = await o.page.evaluate(() => document.querySelector('jixiao-form').form);
        assert.deepEqual(form.indicators[0].children.slice(0, 2).map((r) => r.weight), ['6', '6'], 'the form has what was typed');
        assertClean(o, INDEX);
      } finally {
        await o.close();
      }
    });
  }

  test('a double tap inside the cell that has the focus still selects a word', async () => {
    const o = await open(env, INDEX, PHONE);
    try {
      await scored(o.page);
      const path = 'unit.preparer';
      await o.page.locator(field(path)).fill('Zhang San');
      await o.page.waitForTimeout(400);
      await tap(o.page, path);
      const box = await o.page.locator(field(path)).boundingBox();
      await o.page.touchscreen.tap(box.x + 12, box.y + box.height / 2);
      await o.page.waitForTimeout(50);
      await o.page.touchscreen.tap(box.x + 12, box.y + box.height / 2);
      const [start, end] = await o.page.locator(field(path)).evaluate((el) => [el.selectionStart, el.selectionEnd]);
      assert.ok(end > start, `a word is selected (${start}–${end})`);
    } finally {
      await o.close();
    }
  });

  test('by keyboard, Tab to the next cell and type right away replaces its value', async () => {
    const o = await open(env, INDEX, LAPTOP);
    try {
      await scored(o.page);
      await o.page.locator(field('indicators.1.1.1.weight')).click();
      await o.page.keyboard.press('Control+A');
      await o.page.keyboard.type('6');
      await o.page.keyboard.press('Tab'); // the target: Tab selects its text
      await o.page.keyboard.type('=90%');
      assert.equal(await value(o.page, 'indicators.1.1.1.weight'), '6');
      assert.equal(await value(o.page, 'indicators.1.1.1.target'), '=90%');
      await o.page.locator(field('indicators.1.2.1.weight')).click();
      await o.page.keyboard.press('Control+A');
      await o.page.keyboard.type('7');
      assert.equal(await value(o.page, 'indicators.1.2.1.weight'), '7');
      assertClean(o, INDEX);
    } finally {
      await o.close();
    }
  });
});

describe('www/index.html: a sample over what was typed', () => {
  for (const [lang, viewport, said, undo] of [
    ['zh-CN', PHONE, /^已打开另一张表，原来填写的内容已替换。\s*撤销，恢复原来填写的内容$/, '撤销，恢复原来填写的内容'],
    ['en', LAPTOP, /^Opened another form; it replaced what was typed before\.\s*Undo: back to what was typed$/, 'Undo: back to what was typed'],
  ]) {
    test(`a sample button offers the way back to the form typed (${lang}), and the way back survives a reload`, async () => {
      const o = await open(env, INDEX, viewport);
      try {
        await scored(o.page);
        if (lang === 'en') await setLang(o.page, 'en');
        await o.page.locator('#clear').click();
        await o.page.locator(field('unit.name')).waitFor();
        await o.page.waitForFunction(() => document.querySelector('jixiao-form').form.template && !document.querySelector('jixiao-form').form.unit?.name);
        await o.page.locator(field('unit.name')).fill('测试街道办事处');
        await o.page.locator(field('unit.year')).fill('2024');
        await o.page.locator(field('budget.total.planned')).fill('100');
        await o.page.locator('#load-mistakes').click();
        await o.page.waitForFunction(() => /错误示例/.test(document.querySelector('jixiao-form').form.unit?.name ?? ''));
        assert.match(await partText(o.page, 'notice'), said);
        const button = o.page.locator(part('undo'));
        assert.equal((await button.textContent()).trim(), undo);
        await o.page.evaluate(() => scrollTo(0, 0));
        await o.page.screenshot({ path: artifact(`undo-and-taps-sample-notice-${viewport.viewport.width}-${lang}.png`) });
        // a sample over a form nobody typed in needs no way back; this one had typing
        await button.click();
        assert.equal(await value(o.page, 'unit.name'), '测试街道办事处');
        assert.equal(await value(o.page, 'budget.total.planned'), '100');
        assert.equal(await undoCount(o.page), 0);
        await o.page.waitForTimeout(300);
        await o.page.reload();
        await o.page.locator(field('unit.name')).waitFor();
        await o.page.waitForFunction(() => document.querySelector('jixiao-form').form?.unit?.name);
        assert.equal(await value(o.page, 'unit.name'), '测试街道办事处', 'kept over a reload');
        assert.equal(await value(o.page, 'budget.total.planned'), '100');
        assertClean(o, INDEX);
      } finally {
        await o.close();
      }
    });
  }

  test('a sample over the form as loaded (nothing typed) replaces it without a notice', async () => {
    const o = await open(env, INDEX);
    try {
      await scored(o.page);
      await o.page.locator('#load-mistakes').click();
      await o.page.waitForFunction(() => /错误示例/.test(document.querySelector('jixiao-form').form.unit?.name ?? ''));
      assert.equal(await o.page.locator(part('notice')).count(), 0);
      assertClean(o, INDEX);
    } finally {
      await o.close();
    }
  });

  test('the notice goes with the first edit of the sample, like an import\'s', async () => {
    const o = await open(env, INDEX);
    try {
      await scored(o.page);
      await o.page.locator(field('unit.preparer')).fill('赵六');
      await o.page.locator('#load-mistakes').click();
      await o.page.locator(part('undo')).waitFor();
      await o.page.locator(field('unit.phone')).fill('1');
      assert.equal(await o.page.locator(part('notice')).count(), 0);
      assertClean(o, INDEX);
    } finally {
      await o.close();
    }
  });
});
