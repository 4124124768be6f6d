// <jixiao-form> as a form editor: a blank form filled to a clean 100-point form by keyboard alone,
// its rows found again after a reload, a row removed and brought back, moved, given a rule; the
// score always the CLI's on the exported JSON.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { nativeReport } from '../js/jixiao.mjs';
import { setup, open, scored, part, partText, field, deepActive, assertClean, artifact, FORM } from './browser.mjs';

const env = setup();
const INDEX = 'www/index.html';
const widgetForm = (page) => page.evaluate(() => document.querySelector('jixiao-form').form);
const report = (page) => page.evaluate(() => document.querySelector('jixiao-form').report);
const button = (act, id) => `${FORM} button[data-act="${act}"][data-id="${id}"]`;

/** Presses Tab (at most `limit` times) until the field of `path` has focus. */
async function tabTo(page, path, limit = 400) {
  for (let i = 0; i < limit; i++) {
    if ((await deepActive(page))?.path === path) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${path}`);
}

/** Presses Tab until a button of the editor with `act` for row `id` has focus. */
async function tabToButton(page, act, id, limit = 400) {
  for (let i = 0; i < limit; i++) {
    const here = await page.evaluate(() => {
      let a = document.activeElement;
      while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
      return a?.dataset ? { act: a.dataset.act, id: a.dataset.id } : null;
    });
    if (here?.act === act && here?.id === id) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached the ${act} button of ${id}`);
}

/** Opens the page on a blank gd-dept-overall form. */
async function blank(o) {
  await scored(o.page);
  await o.page.locator('#clear').click();
  await o.page.locator(button('add', '1.1')).waitFor();
}

describe('www/index.html: a form filled from nothing', () => {
  test('空白表 → 10 indicators added and filled by keyboard alone → 0 errors, the CLI scores the export alike; a reload keeps every row', async () => {
    const o = await open(env, INDEX);
    try {
      await blank(o);
      const rows = [];
      for (const part of ['1.1', '1.2']) {
        // the group's button adds the first row; Enter in the last cell of a row adds the next
        await tabToButton(o.page, 'add', part);
        await o.page.keyboard.press('Enter');
        for (let n = 1; n <= 5; n++) {
          const id = `${part}.${n}`;
          rows.push(id);
          await o.page.waitForFunction((p) => {
            let a = document.activeElement;
            while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
            return a?.dataset?.path === p;
          }, `indicators.${id}.name`, { timeout: 5_000 });
          await o.page.keyboard.type(`指标${id}`);
          await o.page.keyboard.press('Tab');
          await o.page.keyboard.type('5');
          await o.page.keyboard.press('Tab');
          await o.page.keyboard.type('≥90%');
          await tabTo(o.page, `indicators.${id}.actual`);
          await o.page.keyboard.type(n === 5 ? '81%' : '95%');
          await tabTo(o.page, `indicators.${id}.reason`);
          if (n === 5) await o.page.keyboard.type('受疫情影响');
          if (n < 5) await o.page.keyboard.press('Enter');
        }
      }
      // the budget, typed the same way
      for (const [path, text] of [['budget.total.planned', '1,000'], ['budget.total.executed', '950']]) {
        await tabTo(o.page, path);
        await o.page.keyboard.type(text);
      }
      await o.page.waitForTimeout(200);
      const r = await report(o.page);
      assert.equal(r.summary.errors, 0, JSON.stringify(r.issues.filter((i) => i.severity === 'error')));
      assert.equal(r.maxScore, '100');
      assert.deepEqual(r.leaves.filter((l) => l.parent === '1.1' || l.parent === '1.2').map((l) => l.id), rows);
      assert.equal(await partText(o.page, 'score'), r.score);
      // the export, checked by the CLI
      const form = await widgetForm(o.page);
      const file = artifact('editor-blank-filled.json');
      await writeFile(file, JSON.stringify(form, null, 2));
      const native = nativeReport(file.replace(/^.*\/tests\//, 'tests/'));
      assert.equal(native.score, r.score);
      assert.equal(native.grade, r.grade);
      assert.equal(native.summary.errors, 0);
      await o.page.screenshot({ path: artifact('editor-filled-zh-CN.png'), fullPage: true });
      // a reload finds every row, with what was typed
      await o.page.reload();
      await scored(o.page);
      for (const id of rows) assert.equal(await o.page.locator(field(`indicators.${id}.name`)).inputValue(), `指标${id}`);
      assert.equal(await partText(o.page, 'score'), r.score);
      assertClean(o, INDEX);
    } finally {
      await o.close();
    }
  });

  test('a row removed can be brought back; rows move up and down; a rule is chosen from the list', async () => {
    const o = await open(env, INDEX);
    try {
      await blank(o);
      for (let i = 0; i < 3; i++) await o.page.locator(button('add', '1.1')).click();
      for (const id of ['1.1.1', '1.1.2', '1.1.3']) await o.page.locator(field(`indicators.${id}.name`)).fill(`名称${id}`);
      await o.page.locator(field('indicators.1.1.2.weight')).fill('7');
      // remove, with an undo that brings back the row and what was typed into it
      await o.page.locator(button('remove', '1.1.2')).click();
      await o.page.locator(field('indicators.1.1.2.name')).waitFor({ state: 'detached' });
      assert.match(await partText(o.page, 'notice'), /名称1\.1\.2/);
      assert.equal((await deepActive(o.page))?.tag, 'button', 'focus on the undo button');
      await o.page.locator(part('undo')).click();
      await o.page.locator(field('indicators.1.1.2.name')).waitFor();
      assert.equal(await o.page.locator(field('indicators.1.1.2.weight')).inputValue(), '7');
      // move 1.1.3 up twice: it is first; its up button is then disabled
      await o.page.locator(button('up', '1.1.3')).click();
      await o.page.locator(button('up', '1.1.3')).click();
      const order = async () => (await widgetForm(o.page)).indicators.find((r) => r.id === '1.1').children.map((r) => r.id);
      assert.deepEqual(await order(), ['1.1.3', '1.1.1', '1.1.2']);
      assert.equal(await o.page.locator(button('up', '1.1.3')).isDisabled(), true);
      await o.page.locator(button('down', '1.1.3')).click();
      assert.deepEqual(await order(), ['1.1.1', '1.1.3', '1.1.2']);
      // a rule from the list: 定性分级 turns the actual into a level
      await o.page.locator(`${FORM} select[data-path="indicators.1.1.1.rule"]`).selectOption('levels');
      await o.page.locator(field('indicators.1.1.1.level')).waitFor();
      await o.page.locator(field('indicators.1.1.1.level')).fill('良');
      await o.page.locator(field('indicators.1.1.1.weight')).fill('10');
      await o.page.waitForTimeout(100);
      const leaf = (await report(o.page)).leaves.find((l) => l.id === '1.1.1');
      assert.equal(leaf.rule, 'levels');
      assert.equal(leaf.score, '8.00');
      // the template's own rows have neither remove nor rule
      assert.equal(await o.page.locator(button('remove', '2.1.1')).count(), 0);
      assert.equal(await o.page.locator(`${FORM} select[data-path="indicators.2.1.1.rule"]`).count(), 0);
      assertClean(o, INDEX);
    } finally {
      await o.close();
    }
  });
});

describe('www/index.html: undoing a removal by keyboard', () => {
  test('Enter on 撤销删除 brings the row back with the focus on it; the next removal\'s notice stands alone', async () => {
    const o = await open(env, INDEX);
    try {
      await blank(o);
      for (let i = 0; i < 3; i++) await o.page.locator(button('add', '1.1')).click();
      for (const id of ['1.1.1', '1.1.2', '1.1.3']) await o.page.locator(field(`indicators.${id}.name`)).fill(`名称${id}`);
      await o.page.locator(button('remove', '1.1.2')).focus();
      await o.page.keyboard.press('Enter');
      await o.page.locator(field('indicators.1.1.2.name')).waitFor({ state: 'detached' });
      assert.match(await partText(o.page, 'undo'), /撤销删除/);
      await o.page.keyboard.press('Enter'); // the focus is on the undo button
      await o.page.locator(field('indicators.1.1.2.name')).waitFor();
      assert.equal((await deepActive(o.page))?.path, 'indicators.1.1.2.name', 'the focus is on the row brought back');
      await o.page.locator(button('remove', '1.1.3')).click();
      const status = await partText(o.page, 'status');
      assert.match(status, /已删除「名称1\.1\.3」。/);
      assert.doesNotMatch(status, /已恢复为原表/, 'what the status said before the new notice is gone');
      assertClean(o, INDEX);
    } finally {
      await o.close();
    }
  });
});

describe('www/index.html: a large form repaints only what a keystroke changed', () => {
  // 200 groups of 10 leaves, no template; every leaf short of its target and without a reason,
  // so that the form carries 2,000 warnings, every one of which a careless repaint would rebuild
  const big = () => ({
    version: 1,
    indicators: Array.from({ length: 200 }, (_, g) => ({
      id: `${g + 1}`,
      name: `分组${g + 1}`,
      children: Array.from({ length: 10 }, (_, k) => ({
        id: `${g + 1}.${k + 1}`,
        name: `指标${g + 1}.${k + 1}`,
        weight: '0.05',
        target: '≥90%',
        actual: '80%',
      })),
    })),
  });

  test('a keystroke in a 2,000-row form touches a few dozen nodes, not thousands', async () => {
    const o = await open(env, INDEX);
    try {
      await scored(o.page);
      await o.page.evaluate((form) => (document.querySelector('jixiao-form').form = form), big());
      await o.page.locator(field('indicators.200.10.actual')).waitFor({ timeout: 20_000 });
      const count = async (path, text) => {
        await o.page.evaluate(() => {
          window.__mutations = 0;
          window.__observer?.disconnect();
          window.__observer = new MutationObserver((records) => (window.__mutations += records.length));
          window.__observer.observe(document.querySelector('jixiao-form').shadowRoot, { subtree: true, childList: true, characterData: true, attributes: true });
        });
        await o.page.locator(field(path)).fill(text);
        return o.page.evaluate(() => new Promise((resolve) => setTimeout(() => resolve(window.__mutations), 50)));
      };
      // one leaf reaches its target: its warning goes, its score and its parents' change
      const reached = await count('indicators.100.5.actual', '95%');
      // and back: the warning returns
      const back = await count('indicators.100.5.actual', '80%');
      const r = await report(o.page);
      assert.equal(r.leaves.length, 2000);
      assert.ok(r.summary.warnings >= 2000, `${r.summary.warnings} warnings`);
      assert.ok(reached > 0 && reached < 40, `${reached} mutations for a keystroke that clears a warning`);
      assert.ok(back > 0 && back < 40, `${back} mutations for a keystroke that brings one back`);
      assertClean(o, INDEX);
    } finally {
      await o.close();
    }
  });
});

/** The element that has focus, through shadow roots: its data-path, or for an editor's button its act and row. */
const focused = (page) =>
  page.evaluate(() => {
    let a = document.activeElement;
    while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
    return a?.dataset?.act ? `${a.dataset.act} ${a.dataset.id ?? ''}`.trim() : (a?.dataset?.path ?? a?.localName);
  });

/** Enter on the panel's finding of `code` (the first with `path`, if given), from the keyboard. */
async function enterFinding(page, code, path) {
  const sel = `${part('findings')} button[data-code="${code}"]${path ? `[data-path="${path}"]` : ''}`;
  await page.locator(sel).first().focus();
  await page.keyboard.press('Enter');
}

describe('www/index.html: a finding about weights goes where they are fixed', () => {
  test('a part without rows: its ＋ 添加指标; with rows: the first weight under it; the total: the ＋ of the first part still empty', async () => {
    const o = await open(env, INDEX);
    try {
      await blank(o);
      await enterFinding(o.page, 'indicators.parentWeightMismatch', 'indicators.1.1.weight');
      assert.equal(await focused(o.page), 'add 1.1');
      await enterFinding(o.page, 'indicators.parentWeightMismatch', 'indicators.1.2.weight');
      assert.equal(await focused(o.page), 'add 1.2');
      await enterFinding(o.page, 'indicators.weightTotalMismatch');
      assert.equal(await focused(o.page), 'add 1.1');
      // Enter on the ＋ it went to adds the row; the group's finding then goes to the row's weight
      await o.page.keyboard.press('Enter');
      await o.page.keyboard.type('义务教育巩固率');
      await o.page.keyboard.press('Tab');
      await o.page.keyboard.type('10');
      await enterFinding(o.page, 'indicators.parentWeightMismatch', 'indicators.1.1.weight');
      assert.equal(await focused(o.page), 'indicators.1.1.1.weight');
      await enterFinding(o.page, 'indicators.weightTotalMismatch');
      assert.equal(await focused(o.page), 'add 1.2');
      assertClean(o, INDEX);
    } finally {
      await o.close();
    }
  });

  test('without a template: the total of an empty form goes to ＋ 添加指标, of a form with rows to its first weight', async () => {
    const o = await open(env, INDEX);
    try {
      await scored(o.page);
      await o.page.evaluate(() => document.querySelector('jixiao-form').importJson('{"version":1}'));
      await o.page.locator(`${part('indicators')} p.acts button[data-act="add"]`).waitFor();
      await enterFinding(o.page, 'indicators.weightTotalMismatch');
      assert.equal(await focused(o.page), 'add');
      await o.page.keyboard.press('Enter');
      await o.page.keyboard.type('指标一');
      await o.page.keyboard.press('Tab');
      await o.page.keyboard.type('60');
      await enterFinding(o.page, 'indicators.weightTotalMismatch');
      assert.equal(await focused(o.page), 'indicators.1.weight');
      assertClean(o, INDEX);
    } finally {
      await o.close();
    }
  });
});

describe('www/index.html: groups within groups', () => {
  const depthOf = (rows, d = 0) => Math.max(d, ...(rows || []).map((r) => depthOf(r.children, d + 1)));

  test('without a template, 一级 → 二级 → 三级 is built by keyboard: ＋ 添加分组 on a group adds a group in it', async () => {
    const o = await open(env, INDEX);
    try {
      await scored(o.page);
      await o.page.evaluate(() => document.querySelector('jixiao-form').importJson('{"version":1}'));
      const top = o.page.locator(`${part('indicators')} p.acts button[data-act="group"]`);
      await top.focus();
      await o.page.keyboard.press('Enter');
      assert.equal(await focused(o.page), 'indicators.1.name');
      await o.page.keyboard.type('产出指标');
      // Tab on to the group's own ＋ 添加分组
      for (let i = 0; i < 6 && (await focused(o.page)) !== 'group 1'; i++) await o.page.keyboard.press('Tab');
      assert.equal(await focused(o.page), 'group 1');
      assert.equal(await o.page.locator(button('group', '1')).getAttribute('aria-label'), '在「产出指标」下添加分组');
      await o.page.keyboard.press('Enter');
      assert.equal(await focused(o.page), 'indicators.1.2.name');
      await o.page.keyboard.type('数量指标');
      const form = await widgetForm(o.page);
      assert.equal(depthOf(form.indicators), 3, JSON.stringify(form.indicators));
      const group = form.indicators[0].children.find((r) => r.id === '1.2');
      assert.equal(group.name, '数量指标');
      assert.deepEqual(group.children.map((r) => r.id), ['1.2.1']);
      // the weights do not add up to 100 yet: the finding goes to the first row's weight, not a group's
      await enterFinding(o.page, 'indicators.weightTotalMismatch');
      assert.equal(await focused(o.page), 'indicators.1.1.weight');
      // the new 三级 row is a row like any other: ＋ 添加指标 of 数量指标 adds the next
      await o.page.locator(button('add', '1.2')).click();
      assert.deepEqual((await widgetForm(o.page)).indicators[0].children[1].children.map((r) => r.id), ['1.2.1', '1.2.2']);
      assertClean(o, INDEX);
    } finally {
      await o.close();
    }
  });

  test('＋ 添加分组 is offered on a top group only: the tree stays within the three level columns of the 自评表 and its workbook', async () => {
    const o = await open(env, INDEX);
    try {
      await blank(o);
      const groups = () => o.page.locator(`${FORM} tr button[data-act="group"]`).evaluateAll((bs) => bs.map((b) => b.dataset.id));
      // gd-dept-overall's open parts (1.1, 1.2) are 二级: a group there would put rows at a fourth level
      assert.deepEqual(await groups(), [], 'none on a template of three levels');
      // a form of the unit's own, three levels deep: only the top groups take a group
      const form3 = { version: 1, indicators: [{ id: 'a1', name: 'L1', children: [{ id: 'a2', name: 'L2', children: [{ id: 'a3', name: 'L3', weight: '100' }] }] }] };
      await o.page.evaluate((f) => document.querySelector('jixiao-form').importJson(JSON.stringify(f)), form3);
      await o.page.locator(button('add', 'a2')).waitFor();
      assert.deepEqual(await groups(), ['a1']);
      await o.page.locator(button('group', 'a1')).click();
      const form = await widgetForm(o.page);
      assert.equal(depthOf(form.indicators), 3);
      assert.equal((await o.page.evaluate(() => window.__jixiaoEvents.filter((e) => e.type === 'jixiao-error'))).length, 0, 'the engine took every group offered');
      assertClean(o, INDEX);
    } finally {
      await o.close();
    }
  });
});

describe('www/index.html: Enter in an indicator\'s name', () => {
  test('moves on to its 分值 and puts no line break in the name, in a row and in a group of the unit\'s own', async () => {
    const o = await open(env, INDEX);
    try {
      await blank(o);
      await o.page.locator(button('add', '1.1')).click();
      await o.page.keyboard.type('义务教育巩固率');
      await o.page.keyboard.press('Enter');
      assert.equal(await focused(o.page), 'indicators.1.1.1.weight');
      await o.page.keyboard.type('10');
      const leaf = (await widgetForm(o.page)).indicators.find((r) => r.id === '1.1').children[0];
      assert.equal(leaf.name, '义务教育巩固率');
      assert.equal(leaf.weight, '10');
      // a group's name, likewise
      await o.page.evaluate(() => document.querySelector('jixiao-form').importJson('{"version":1}'));
      await o.page.locator(`${part('indicators')} p.acts button[data-act="group"]`).click();
      await o.page.keyboard.type('产出指标');
      await o.page.keyboard.press('Enter');
      assert.equal(await focused(o.page), 'indicators.1.weight');
      assert.equal((await widgetForm(o.page)).indicators[0].name, '产出指标');
      assertClean(o, INDEX);
    } finally {
      await o.close();
    }
  });
});
