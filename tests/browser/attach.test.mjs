// Attach mode on www/embed.html, a portal's own form: the native submit is blocked while a bound
// input has an error and goes through once it is fixed; messages sit next to their inputs; the
// <jixiao-score> badge follows the score.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Evaluator, readJson } from '../js/jixiao.mjs';
import { setup, open, ready, assertClean, SEED } from './browser.mjs';

const env = setup();
const EMBED = 'www/embed.html';
const TOTAL = '#portal-form [data-jixiao="budget.total.executed"]';
const BASIC = '#portal-form [name="budget.byNature.basic.executed"]';

const badge = (page) =>
  page.locator('jixiao-score').first().evaluate((b) => ({ text: b.textContent.trim(), score: b.dataset.score, grade: b.dataset.grade, state: b.dataset.state }));

function expected(edits) {
  const ev = new Evaluator(readJson(SEED));
  for (const [path, text] of edits) ev.set(path, text);
  const r = ev.report();
  ev.free();
  return r;
}

// Clicks submit and tells whether the page's submit handler showed #submitted.
async function submit(page) {
  await page.locator('#submit').click();
  await page.waitForTimeout(300);
  return page.locator('#submitted').isVisible();
}

describe('www/embed.html: attach mode', () => {
  test('the badge shows the seed score and follows typing', async () => {
    const o = await open(env, EMBED);
    try {
      await ready(o.page, EMBED);
      const seed = expected([]);
      let b = await badge(o.page);
      assert.equal(b.score, seed.score);
      assert.equal(b.grade, seed.grade);
      assert.ok(b.text.includes(seed.score), `badge text "${b.text}" shows ${seed.score}`);
      assert.equal(await o.page.locator(TOTAL).inputValue(), readJson(SEED).budget.total.executed, 'the portal input was filled from the form');

      const want = expected([['budget.total.executed', '1,000']]);
      await o.page.locator(TOTAL).fill('1,000');
      await o.page.waitForFunction((s) => document.querySelector('jixiao-score').dataset.score === s, want.score, { timeout: 5_000 });
      b = await badge(o.page);
      assert.ok(b.text.includes(want.score), `badge text "${b.text}" shows ${want.score}`);
      assert.equal(b.grade, want.grade);
      assert.equal(b.state, 'errors');
      assertClean(o, EMBED);
    } finally {
      await o.close();
    }
  });

  test('an error blocks the submit (validationMessage, aria-invalid, message next to the input); fixed, it goes through', async () => {
    const o = await open(env, EMBED);
    try {
      await ready(o.page, EMBED);
      const input = o.page.locator(TOTAL);
      await input.fill('abc');
      const want = expected([['budget.total.executed', 'abc']]).issues.find((i) => i.path === 'budget.total.executed');
      await o.page.waitForFunction((sel) => document.querySelector(sel).getAttribute('aria-invalid') === 'true', TOTAL, { timeout: 5_000 });
      assert.equal(await input.evaluate((el) => el.validationMessage), want.message, 'validationMessage is the engine message');
      assert.equal(await input.inputValue(), 'abc', 'the text stays');
      const describedBy = ((await input.getAttribute('aria-describedby')) ?? '').split(/\s+/).filter(Boolean);
      const messages = await o.page.evaluate((ids) => ids.map((id) => { const el = document.getElementById(id); return el && { text: el.textContent.trim(), cls: el.className }; }), describedBy);
      assert.ok(messages.some((m) => m && m.cls.includes('jixiao-message') && m.text === want.message), `aria-describedby names a .jixiao-message with the message (${JSON.stringify(messages)})`);
      assert.equal(await submit(o.page), false, 'submit is blocked: #submitted stays hidden');
      assert.equal(await o.page.locator('#portal-form').evaluate((f) => f.checkValidity()), false);

      // fix the cell, and the seed's own error (the by-nature executed column is 42.30 over), and
      // take out its 说明, which restates that error and has one of its own
      await input.fill('8,670.53');
      await o.page.locator(BASIC).fill('3,000.00');
      await o.page.locator('#portal-form [data-jixiao-field="narrative"]').fill('');
      await o.page.waitForFunction((sel) => document.querySelector(sel).getAttribute('aria-invalid') !== 'true', TOTAL, { timeout: 5_000 });
      assert.equal(await input.evaluate((el) => el.validationMessage), '');
      const invalid = await o.page.locator('#portal-form').evaluate((f) => [...f.elements].filter((e) => e.willValidate && !e.checkValidity()).map((e) => `${e.name || e.id || e.dataset.jixiao}: ${e.validationMessage}`));
      assert.deepEqual(invalid, [], 'no field is invalid');
      assert.equal(await submit(o.page), true, 'submit goes through: #submitted shows');
      assert.match(await o.page.locator('#submitted').textContent(), /96\.61/);
      assertClean(o, EMBED);
    } finally {
      await o.close();
    }
  });

  test('a finding with no bound input of its own (budget.byNature) is listed in [data-jixiao-findings] and takes the focus to the table', async () => {
    const o = await open(env, EMBED);
    try {
      await ready(o.page, EMBED);
      const message = expected([]).issues.find((i) => i.code === 'budget.natureSumMismatch').message;
      const button = o.page.locator('[data-jixiao-findings] button', { hasText: message }).first();
      await button.waitFor({ timeout: 5_000 });
      await o.page.locator('#submit').focus();
      await button.click();
      assert.match(await o.page.evaluate(() => document.activeElement?.getAttribute('name') ?? document.activeElement?.dataset.jixiao ?? ''), /^budget\.byNature\./);
      assertClean(o, EMBED);
    } finally {
      await o.close();
    }
  });

  test("the portal's markup stays its own: every id of the page is still there after attach()", async () => {
    const o = await open(env, EMBED);
    try {
      // the page as served, before attach() ran: read from the HTML source
      const html = await (await fetch(env.url(EMBED))).text();
      const ids = [...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
      await ready(o.page, EMBED);
      const missing = await o.page.evaluate((list) => list.filter((id) => !document.getElementById(id)), ids);
      assert.deepEqual(missing, []);
    } finally {
      await o.close();
    }
  });
});

describe('www/embed.html: attach mode follows the page', () => {
  const OWN = '#own-kpis tr';
  const badgeScore = (page) => page.locator('jixiao-score').first().evaluate((b) => b.dataset.score);

  test("rows added with the portal's own button are made in the form, scored, validated, kept over a reload and removed with their row", async () => {
    const o = await open(env, EMBED);
    try {
      await ready(o.page, EMBED);
      await o.page.locator('#add-kpi').click();
      await o.page.waitForFunction((sel) => document.querySelector(sel)?.getAttribute('data-jixiao-row'), OWN, { timeout: 5_000 });
      const id = await o.page.locator(OWN).getAttribute('data-jixiao-row');
      assert.match(id, /^1\.1\.\d+$/, 'the engine gave the row an id under 1.1');
      const cell = (field) => o.page.locator(`${OWN} [data-jixiao-field="${field}"]`);
      await cell('name').fill('新增服务');
      await cell('weight').fill('5');
      await cell('target').fill('≥10件');
      await cell('actual').fill('8件');
      const want = expected([['indicators.1.1.2.actual', readJson(SEED).indicators.find((r) => r.id === '1.1')?.children?.find((c) => c.id === '1.1.2')?.actual ?? '']]);
      await o.page.waitForFunction((s) => document.querySelector('jixiao-score').dataset.score !== s, want.score, { timeout: 5_000 });
      const form = await o.page.evaluate(() => JSON.parse(localStorage.getItem('jixiao:portal-form:广州市荔湾区人民政府石围塘街道办事处:2024')).form);
      const ev = new Evaluator(form);
      const report = ev.report();
      ev.free();
      assert.ok(report.leaves.some((l) => l.id === id && l.score === '4.00'), 'the draft holds the row, scored 4.00 of 5 (8 of 10)');
      assert.equal(await badgeScore(o.page), report.score, 'the badge shows the score of the form with the new row');
      // a value that does not read is marked at the row's own input, and blocks the submit
      await cell('weight').fill('五分');
      await o.page.waitForFunction(() => document.querySelector('#own-kpis [data-jixiao-field="weight"]').getAttribute('aria-invalid') === 'true', null, { timeout: 5_000 });
      assert.match(await cell('weight').evaluate((el) => el.validationMessage), /五分/);
      assert.equal(await submit(o.page), false);
      await cell('weight').fill('5');
      // a reload shows the row again, with what was typed
      await o.page.reload();
      await ready(o.page, EMBED);
      await o.page.waitForFunction((sel) => document.querySelector(sel)?.querySelector('[data-jixiao-field="actual"]')?.value === '8件', OWN, { timeout: 5_000 });
      assert.equal(await o.page.locator(OWN).getAttribute('data-jixiao-row'), id);
      assert.equal(await badgeScore(o.page), report.score);
      // removing the row from the page removes it from the form
      await o.page.locator(`${OWN} .portal-remove`).click();
      await o.page.waitForFunction(() => document.querySelector('jixiao-score').dataset.score === '96.61', null, { timeout: 5_000 });
      assertClean(o, EMBED);
    } finally {
      await o.close();
    }
  });

  test('an input the page replaces (a re-render) is bound again, with its message; a second attach() replaces the first', async () => {
    const o = await open(env, EMBED);
    try {
      await ready(o.page, EMBED);
      await o.page.locator('.jixiao-message', { hasText: '42.30' }).first().waitFor({ timeout: 5_000 });
      // the framework's way: a new element in place of the old one, same name and value
      await o.page.evaluate((sel) => {
        const old = document.querySelector(sel);
        const fresh = old.cloneNode(false);
        fresh.value = old.value;
        fresh.removeAttribute('aria-invalid');
        fresh.removeAttribute('aria-describedby');
        old.nextElementSibling?.classList.contains('jixiao-message') && old.nextElementSibling.remove();
        old.replaceWith(fresh);
      }, BASIC);
      await o.page.waitForFunction((sel) => document.querySelector(sel).getAttribute('aria-invalid') === 'true', BASIC, { timeout: 5_000 });
      assert.match(await o.page.locator(BASIC).evaluate((el) => el.validationMessage), /42\.30/);
      await o.page.locator(BASIC).fill('3,000.00');
      await o.page.waitForFunction((sel) => document.querySelector(sel).getAttribute('aria-invalid') !== 'true', BASIC, { timeout: 5_000 });
      // attach() again on the same form: one message element per input, not two
      await o.page.locator(BASIC).fill('3,042.3');
      await o.page.evaluate(async () => {
        const { attach } = await import('/www/attach.js');
        await attach(document.getElementById('portal-form'), { src: '../examples/shiweitang-2024.json', storageKey: 'portal-form' });
      });
      await o.page.waitForTimeout(300);
      // (the 说明 restates the mismatch under its own textarea: that message is not this one)
      const count = await o.page.locator('#portal-form .jixiao-message:not([data-jixiao-field="narrative"] + *)', { hasText: '42.30' }).count();
      assert.equal(count, 1, 'one message for the 42.30 mismatch');
      assert.equal(await o.page.locator('[data-jixiao-findings] ul.jixiao-findings').count(), 1, 'one findings list');
      assertClean(o, EMBED);
    } finally {
      await o.close();
    }
  });

  test('a blank portal form shows no warnings until it is touched or submitted; a src that fails says why and leaves scoring off', async () => {
    const o = await open(env, EMBED);
    try {
      await ready(o.page, EMBED);
      const build = (id) =>
        o.page.evaluate((id) => {
          const form = document.createElement('form');
          form.id = id;
          form.innerHTML = '';
          for (const path of ['unit.name', 'budget.total.planned', 'budget.total.executed']) {
            const input = document.createElement('input');
            input.name = path;
            input.setAttribute('aria-label', path);
            form.append(input);
          }
          const status = document.createElement('div');
          status.setAttribute('data-jixiao-status', '');
          const findings = document.createElement('div');
          findings.setAttribute('data-jixiao-findings', '');
          const submit = document.createElement('button');
          form.append(status, findings, submit);
          form.addEventListener('submit', (e) => e.preventDefault());
          document.body.append(form);
        }, id);
      await build('blank-form');
      const texts = () => o.page.evaluate(() => [...document.querySelectorAll('#blank-form .jixiao-message, #blank-form [data-jixiao-findings] li')].filter((e) => !e.hidden).map((e) => e.textContent));
      await o.page.evaluate(async () => {
        const { attach } = await import('/www/attach.js');
        await attach(document.getElementById('blank-form'), { template: 'gd-dept-overall', storageKey: 'blank' });
      });
      const before = await texts();
      assert.ok(!before.some((t) => /未填写全年预算数/.test(t)), `no warning before the form is touched: ${before}`);
      await o.page.locator('#blank-form [name="unit.name"]').fill('某单位');
      await o.page.waitForFunction(() => /未填写全年预算数/.test(document.querySelector('#blank-form').textContent), null, { timeout: 5_000 });
      // a src that cannot be fetched: the status says why, in Chinese; nothing is scored
      await build('failed-form');
      await o.page.evaluate(async () => {
        const { attach } = await import('/www/attach.js');
        await attach(document.getElementById('failed-form'), { src: '/examples/nope.json' });
      });
      const status = await o.page.locator('#failed-form [data-jixiao-status]').textContent();
      assert.match(status, /无法加载表单：服务器返回错误 404。评分未启用。/);
      assert.doesNotMatch(status, /HTTP|nope/, 'the technical text stays in the console');
      await o.page.locator('#failed-form [name="unit.name"]').fill('照样可以填写');
      assert.equal(await o.page.locator('#failed-form [name="unit.name"]').inputValue(), '照样可以填写');
      // the 404 of the failing src is the one expected console error
      o.log.console = o.log.console.filter((t) => !/404/.test(t));
      assertClean(o, EMBED);
    } finally {
      await o.close();
    }
  });
});

// ── what attach() must not do to the page, and inputs it cannot bind ─────────────────────────

// The console warnings of a page, as they come.
function warnings(page) {
  const list = [];
  page.on('console', (m) => m.type() === 'warning' && list.push(m.text()));
  return list;
}

// True when the page answers within `ms`: a page that loops (render → mutation → sync → render)
// never does.
const settles = (page, ms = 5_000) =>
  Promise.race([page.evaluate(() => new Promise((r) => setTimeout(() => r(true), 300))), new Promise((r) => setTimeout(() => r(false), ms))]);

// A form of the test's own (`html` is its inside) appended to the page, and attach() on it.
const build = (page, id, html) =>
  page.evaluate(([id, html]) => {
    const form = document.createElement('form');
    form.id = id;
    form.innerHTML = html;
    form.addEventListener('submit', (e) => e.preventDefault());
    document.body.append(form);
  }, [id, html]);
const attachTo = (page, id, options) =>
  page.evaluate(async ([id, options]) => {
    const { attach } = await import('/www/attach.js');
    window.__attached = await attach(document.getElementById(id), options);
  }, [id, options]);

// The message the engine refuses `text` at `path` with, in Chinese.
function refusal(path, text) {
  const ev = new Evaluator(readJson(SEED), { lang: 'zh-CN' });
  try {
    ev.set(path, text);
    return null;
  } catch (e) {
    return { code: e.code, message: e.message };
  } finally {
    ev.free();
  }
}

const DRAFT = 'jixiao:portal-form:广州市荔湾区人民政府石围塘街道办事处:2024';
const draftRow = (page, id) =>
  page.evaluate(([key, id]) => {
    const find = (rows) => (rows || []).reduce((hit, r) => hit || (r.id === id ? r : find(r.children)), null);
    return find(JSON.parse(localStorage.getItem(key) || 'null')?.form.indicators);
  }, [DRAFT, id]);

describe('attach mode: inputs it cannot bind, and what stays the page’s own', () => {
  test('a text the engine refuses (over 1 MiB) is marked at its input with the engine’s message; the page settles and the rest of the form keeps working', { timeout: 60_000 }, async () => {
    const o = await open(env, EMBED);
    const warned = warnings(o.page);
    try {
      await ready(o.page, EMBED);
      const long = 'x'.repeat(1_048_577);
      const want = refusal('claimed.score', long);
      assert.equal(want.code, 'api.textTooLong');
      await o.page.evaluate((text) => {
        const el = document.getElementById('claimed-score');
        el.value = text;
        el.dispatchEvent(new Event('input', { bubbles: true }));
      }, long);
      assert.ok(await settles(o.page), 'the page settles');
      const input = o.page.locator('#claimed-score');
      assert.equal(await input.getAttribute('aria-invalid'), 'true');
      assert.equal(await input.evaluate((el) => el.validationMessage), want.message, 'the engine’s own message');
      assert.equal(await input.evaluate((el) => el.nextElementSibling.textContent), want.message, 'shown next to the input');
      assert.deepEqual(warned.filter((w) => /claimed\.score/.test(w)), [], 'no “not a cell” warning');
      // the rest of the form is still scored, and the input still bound
      const score = expected([['budget.total.executed', '1,000']]).score;
      await o.page.locator(TOTAL).fill('1,000');
      await o.page.waitForFunction((s) => document.querySelector('jixiao-score').dataset.score === s, score, { timeout: 5_000 });
      await input.fill('96.61');
      await o.page.waitForFunction(() => document.getElementById('claimed-score').getAttribute('aria-invalid') !== 'true', null, { timeout: 5_000 });
      assert.equal(await input.evaluate((el) => el.validationMessage), '');
      assertClean(o, EMBED);
    } finally {
      await o.close();
    }
  });

  test('an input naming a row or path the form does not have warns once, with the engine’s reason, and the page settles', { timeout: 60_000 }, async () => {
    const o = await open(env, EMBED);
    const warned = warnings(o.page);
    try {
      await ready(o.page, EMBED);
      await build(o.page, 'stray-form', '<input name="unit.name" aria-label="单位"><input data-jixiao="indicators.9.9.actual" value="95%" aria-label="实际"><input data-jixiao="budget.colour" value="红" aria-label="颜色"><div data-jixiao-status></div><div data-jixiao-findings></div>');
      await attachTo(o.page, 'stray-form', { src: '../examples/shiweitang-2024.json', storageKey: 'stray' });
      for (const text of ['甲', '甲乙', '甲乙丙']) {
        await o.page.locator('#stray-form [name="unit.name"]').fill(text);
        assert.ok(await settles(o.page), `the page settles after typing ${text}`);
      }
      // a row the page adds changes the form's rows: the inputs are tried again, and not warned about again
      await o.page.evaluate(() => {
        const row = document.createElement('div');
        row.setAttribute('data-jixiao-row', '');
        row.setAttribute('data-jixiao-parent', '1.1');
        row.append(Object.assign(document.createElement('input'), { value: '新增' }));
        row.firstChild.dataset.jixiaoField = 'name';
        document.getElementById('stray-form').append(row);
      });
      await o.page.waitForFunction(() => document.querySelector('#stray-form [data-jixiao-row]').getAttribute('data-jixiao-row'), null, { timeout: 5_000 });
      await o.page.locator('#stray-form [name="unit.name"]').fill('甲乙丙丁');
      assert.ok(await settles(o.page), 'the page settles after the new row');
      const want = refusal('indicators.9.9.actual', '95%');
      const row = warned.filter((w) => w.includes('indicators.9.9.actual'));
      assert.equal(row.length, 1, `one warning: ${row.slice(0, 3)}`);
      assert.ok(row[0].includes(want.message) && row[0].includes(want.code), `the engine’s reason: ${row[0]}`);
      assert.equal(warned.filter((w) => w.includes('budget.colour')).length, 1, 'one warning for a path that is not settable');
      assert.equal(await o.page.locator('#stray-form [data-jixiao="indicators.9.9.actual"]').inputValue(), '95%');
      assertClean(o, EMBED);
    } finally {
      await o.close();
    }
  });

  test('undoing a restored draft keeps the page’s own rows in the form: typing into them is scored and saved, nothing loops, the focus goes to the notice', { timeout: 60_000 }, async () => {
    const o = await open(env, EMBED);
    const warned = warnings(o.page);
    try {
      await ready(o.page, EMBED);
      const OWN = '#own-kpis tr';
      await o.page.locator('#add-kpi').click();
      await o.page.waitForFunction((sel) => document.querySelector(sel)?.getAttribute('data-jixiao-row'), OWN, { timeout: 5_000 });
      const name = o.page.locator(`${OWN} [data-jixiao-field="name"]`);
      await name.fill('新增服务');
      await o.page.locator(`${OWN} [data-jixiao-field="weight"]`).fill('5');
      await o.page.reload();
      await ready(o.page, EMBED);
      const undo = o.page.locator('[data-jixiao-status] button');
      await undo.waitFor({ timeout: 5_000 });
      await undo.focus();
      await o.page.keyboard.press('Enter');
      assert.ok(await settles(o.page), 'the page settles after the undo');
      assert.ok(await o.page.evaluate(() => !!document.activeElement?.closest('[data-jixiao-status]')), 'the focus is on the notice, not lost to <body>');
      // the draft stays stored, one button away, until the form is edited
      assert.equal(await undo.textContent(), '恢复草稿');
      const stored = () => o.page.evaluate((key) => JSON.parse(localStorage.getItem(key) || 'null')?.form?.indicators?.[0]?.children?.length, DRAFT);
      const rows = await stored();
      assert.ok(rows > 0, 'the draft is still stored');
      await o.page.keyboard.press('Enter');
      assert.ok(await settles(o.page), 'the page settles back on the draft');
      assert.equal(await undo.textContent(), '撤销，恢复原表');
      await o.page.keyboard.press('Enter');
      assert.ok(await settles(o.page));
      assert.equal(await stored(), rows, 'going back and forth stores nothing');
      await name.fill('又一项');
      assert.equal(await undo.count(), 0, 'an edit ends the undo');
      assert.ok(await settles(o.page), 'the page settles after typing into the row');
      assert.deepEqual(warned.filter((w) => /jixiao/.test(w)), []);
      const id = await o.page.locator(OWN).getAttribute('data-jixiao-row');
      assert.match(id ?? '', /^1\.1\.\d+$/);
      assert.equal((await draftRow(o.page, id))?.name, '又一项', 'the draft holds what was typed into the row');
      assertClean(o, EMBED);
    } finally {
      await o.close();
    }
  });

  test('the page’s own custom validity stays: attach() clears only the message it set, also on detach()', async () => {
    const o = await open(env, EMBED);
    try {
      await ready(o.page, EMBED);
      const own = '请填写填报人（门户自己的校验）';
      const preparer = o.page.locator('#unit-preparer');
      await preparer.evaluate((el, own) => el.setCustomValidity(own), own);
      await o.page.locator(TOTAL).fill('abc');
      await o.page.waitForFunction((sel) => document.querySelector(sel).getAttribute('aria-invalid') === 'true', TOTAL, { timeout: 5_000 });
      await o.page.locator(TOTAL).fill('8,670.53');
      await o.page.waitForFunction((sel) => document.querySelector(sel).getAttribute('aria-invalid') !== 'true', TOTAL, { timeout: 5_000 });
      assert.equal(await preparer.evaluate((el) => el.validationMessage), own, 'kept while attached');
      await attachTo(o.page, 'portal-form', { src: '../examples/shiweitang-2024.json', storageKey: 'portal-form' });
      await o.page.evaluate(() => window.__attached.detach());
      assert.equal(await preparer.evaluate((el) => el.validationMessage), own, 'kept by detach()');
      assert.equal(await o.page.locator(BASIC).evaluate((el) => el.validationMessage), '', 'attach’s own message went with it');
      assertClean(o, EMBED);
    } finally {
      await o.close();
    }
  });

  test('with fill: true, reset() goes back to the base form as filled: the inputs show it again, the score and the draft are the base form’s', async () => {
    const o = await open(env, EMBED);
    try {
      await ready(o.page, EMBED);
      const seed = expected([]);
      await o.page.locator(TOTAL).fill('1,000');
      await o.page.waitForFunction((s) => document.querySelector('jixiao-score').dataset.score !== s, seed.score, { timeout: 5_000 });
      await o.page.locator('#portal-form').evaluate((f) => f.reset());
      await o.page.waitForFunction((s) => document.querySelector('jixiao-score').dataset.score === s, seed.score, { timeout: 5_000 });
      assert.equal(await o.page.locator(TOTAL).inputValue(), readJson(SEED).budget.total.executed, 'the input shows the base form again');
      assert.equal(await o.page.locator('#portal-form [name="indicators.1.1.3.actual"]').inputValue(), readJson(SEED).indicators[0].children[2].actual);
      await o.page.waitForTimeout(300);
      const draft = await o.page.evaluate((key) => JSON.parse(localStorage.getItem(key) || 'null'), DRAFT);
      if (draft) {
        const ev = new Evaluator(draft.form);
        assert.equal(ev.report().score, seed.score, 'a draft left is the base form, not an emptied one');
        ev.free();
      }
      assertClean(o, EMBED);
    } finally {
      await o.close();
    }
  });

  test('detach() puts back what attach() set on the status element and the badge', async () => {
    const o = await open(env, EMBED);
    try {
      await ready(o.page, EMBED);
      await build(o.page, 'detach-form', '<input name="unit.name" aria-label="单位"><div data-jixiao-status></div><jixiao-score data-score="12.00" data-grade="差" data-state="ok"></jixiao-score>');
      await attachTo(o.page, 'detach-form', { template: 'gd-dept-overall', storageKey: 'detach' });
      const read = () =>
        o.page.evaluate(() => {
          const s = document.querySelector('#detach-form [data-jixiao-status]');
          const b = document.querySelector('#detach-form jixiao-score');
          return { role: s.getAttribute('role'), live: s.getAttribute('aria-live'), score: b.dataset.score ?? null, grade: b.dataset.grade ?? null, state: b.dataset.state, lang: b.getAttribute('lang') };
        });
      const on = await read();
      assert.equal(on.role, 'status');
      assert.notEqual(on.score, '12.00', 'attach() showed its own score');
      await o.page.evaluate(() => window.__attached.detach());
      assert.deepEqual(await read(), { role: null, live: null, score: '12.00', grade: '差', state: 'ok', lang: null });
      assertClean(o, EMBED);
    } finally {
      await o.close();
    }
  });
});

describe("www/embed.html: the portal's own rows", () => {
  test('each field is labelled once, 删除 comes after the row’s fields, and removing a row by keyboard puts the focus on the next row, else the add button', async () => {
    const o = await open(env, EMBED);
    try {
      await ready(o.page, EMBED);
      await o.page.locator('#add-kpi').click();
      await o.page.locator('#add-kpi').click();
      const rows = o.page.locator('#own-kpis tr');
      await o.page.waitForFunction(() => [...document.querySelectorAll('#own-kpis tr')].every((tr) => tr.getAttribute('data-jixiao-row')), null, { timeout: 5_000 });
      const first = await rows.first().evaluate((tr) => [...tr.querySelectorAll('input, button')].map((el) => el.getAttribute('aria-label') ?? el.textContent));
      assert.deepEqual(first, ['新增指标 1 名称', '新增指标 1 分值', '新增指标 1 目标值', '新增指标 1 实际完成值', '新增指标 1 自评得分', '删除'], 'labels, and 删除 last in the tab order');
      await rows.first().locator('.portal-remove').focus();
      await o.page.keyboard.press('Enter');
      assert.equal(await o.page.evaluate(() => document.activeElement.getAttribute('aria-label')), '新增指标 2 名称', 'the next row’s first field');
      await rows.first().locator('.portal-remove').focus();
      await o.page.keyboard.press('Enter');
      assert.equal(await o.page.evaluate(() => document.activeElement.id), 'add-kpi', 'no row left: the add button');
      assertClean(o, EMBED);
    } finally {
      await o.close();
    }
  });
});
