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

      // fix the cell, and the seed's own error (the by-nature executed column is 42.30 over)
      await input.fill('8,670.53');
      await o.page.locator(BASIC).fill('3,000.00');
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
