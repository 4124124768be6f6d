// Safe to embed: both pages run under the strict CSP without a single violation or console error;
// under a CSP lacking 'wasm-unsafe-eval' the widget says why scoring is off and keeps what is
// typed; user text containing markup is shown as text and runs nothing.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { readJson } from '../js/jixiao.mjs';
import { STRINGS } from '../../www/strings.js';
import { setup, open, ready, scored, part, field, assertClean, artifact, SEED } from './browser.mjs';

const env = setup();
const HOSTILE = '<img src=x onerror=alert(1)>';

// The parts of a message around its {placeholders}, to find it in a page whatever fills them.
// Elements with a style or on* attribute, anywhere (shadow roots included): the CSP lets scripts
// write el.style, the project rules do not.
const inlineAttributes = (page) =>
  page.evaluate(() => {
    const out = [];
    const walk = (root) => {
      for (const el of root.querySelectorAll('*')) {
        for (const a of el.attributes) if (a.name === 'style' || /^on/i.test(a.name)) out.push(`${el.localName}[${a.name}="${a.value}"]`);
        if (el.shadowRoot) walk(el.shadowRoot);
      }
    };
    walk(document);
    return out;
  });

const fragments = (message) => message.split(/\{\w+\}/).map((s) => s.trim()).filter((s) => s.length >= 4);

describe('Content-Security-Policy', () => {
  test('www/index.html: no violation, console error or exception while loading and typing', async () => {
    const o = await open(env, 'www/index.html');
    try {
      await scored(o.page);
      await o.page.locator(field('budget.total.executed')).fill('1,000');
      await o.page.locator(field('indicators.1.1.2.actual')).fill('九成');
      await o.page.locator('#lang').selectOption('en');
      await o.page.waitForTimeout(300);
      assert.deepEqual(await inlineAttributes(o.page), [], 'no style or on* attribute');
      assertClean(o, 'www/index.html');
    } finally {
      await o.close();
    }
  });

  test('www/embed.html: no violation, console error or exception while loading and typing', async () => {
    const o = await open(env, 'www/embed.html');
    try {
      await ready(o.page, 'www/embed.html');
      const input = o.page.locator('#portal-form input:not([type=hidden]):not([type=submit])').first();
      await input.fill('1,000');
      await o.page.waitForTimeout(300);
      assert.deepEqual(await inlineAttributes(o.page), [], 'no style or on* attribute');
      assertClean(o, 'www/embed.html');
    } finally {
      await o.close();
    }
  });

  test("without 'wasm-unsafe-eval' (/nowasm/): the engine-off message in part=status, and fields keep their text", async () => {
    const o = await open(env, 'nowasm/www/index.html');
    try {
      const status = o.page.locator(part('status')).first();
      const off = STRINGS['zh-CN']['engine.off'];
      assert.ok(off, 'strings.js has engine.off');
      await o.page.waitForFunction(
        ([sel, parts]) => {
          const text = document.querySelector('jixiao-form')?.shadowRoot?.querySelector(sel)?.textContent ?? '';
          return parts.every((p) => text.includes(p));
        },
        ['[part~="status"]', fragments(off)],
        { timeout: 10_000 },
      );
      assert.equal(await status.getAttribute('aria-live'), 'polite');
      assert.ok(await status.isVisible(), 'the message is visible');
      const input = o.page.locator(field('budget.total.executed'));
      await input.waitFor({ timeout: 5_000 });
      await input.fill('8,000');
      await o.page.locator(field('unit.name')).fill('某单位');
      await o.page.waitForTimeout(300);
      assert.equal(await input.inputValue(), '8,000');
      assert.equal(await o.page.locator(field('unit.name')).inputValue(), '某单位');
      // the only thing the browser may refuse is compiling the wasm
      assert.deepEqual(o.log.errors, [], 'no uncaught exception');
      for (const v of o.log.csp) assert.match(v, /^script-src|wasm/, v);
      assert.doesNotMatch(await o.page.locator(part('score')).first().textContent(), /96\.61/, 'no score without the engine');
      await o.page.screenshot({ path: artifact('index-nowasm.png'), fullPage: false });
    } finally {
      await o.close();
    }
  });
});

describe('user text is text', () => {
  // A form whose indicator is named with markup, and whose actual cannot be read, so that the name
  // is also quoted inside a finding's message.
  const hostileForm = () => {
    const form = readJson(SEED);
    const leaf = form.indicators[0].children[1];
    leaf.name = HOSTILE;
    leaf.actual = HOSTILE;
    form.unit.name = HOSTILE;
    return form;
  };

  async function assertInert(o, how) {
    await o.page.waitForTimeout(500); // an onerror would have fired by now
    assert.deepEqual(o.log.dialogs, [], `${how}: no dialog`);
    const seen = await o.page.evaluate(() => {
      const all = [];
      const walk = (root) => {
        for (const el of root.querySelectorAll('*')) {
          if (el.localName === 'img') all.push(el.outerHTML);
          for (const a of el.attributes) if (/^on/i.test(a.name)) all.push(`${el.localName}[${a.name}]`);
          if (el.shadowRoot) walk(el.shadowRoot);
        }
      };
      walk(document);
      const root = document.querySelector('jixiao-form').shadowRoot;
      const values = [...root.querySelectorAll('input, textarea')].map((i) => i.value);
      return { bad: all, values, text: root.textContent };
    });
    assert.deepEqual(seen.bad, [], `${how}: no img element or on* attribute anywhere`);
    assert.ok(seen.values.includes(HOSTILE) || seen.text.includes(HOSTILE), `${how}: the name shows as text`);
    assert.ok(seen.text.includes(HOSTILE), `${how}: the finding quotes it as text`);
    assert.deepEqual(o.problems(), [], `${how}: nothing ran, nothing was blocked`);
  }

  test('set through the `form` property', async () => {
    const o = await open(env, 'www/index.html');
    try {
      await scored(o.page);
      await o.page.evaluate((form) => {
        document.querySelector('jixiao-form').form = form;
      }, hostileForm());
      await o.page.waitForFunction((h) => document.querySelector('jixiao-form').form?.unit?.name === h, HOSTILE);
      await assertInert(o, 'form property');
    } finally {
      await o.close();
    }
  });

  test('imported from a file', async () => {
    const o = await open(env, 'www/index.html');
    try {
      await scored(o.page);
      const file = artifact('hostile.json');
      await writeFile(file, JSON.stringify(hostileForm()));
      await o.page.locator('#import-file').setInputFiles(file);
      await o.page.waitForFunction((h) => document.querySelector('jixiao-form').form?.unit?.name === h, HOSTILE);
      await assertInert(o, 'import');
    } finally {
      await o.close();
    }
  });

  test('typed into a field', async () => {
    const o = await open(env, 'www/index.html');
    try {
      await scored(o.page);
      await o.page.locator(field('indicators.1.1.2.actual')).fill(HOSTILE);
      await assertInert(o, 'typed');
    } finally {
      await o.close();
    }
  });
});
