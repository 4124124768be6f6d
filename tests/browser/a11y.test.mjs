// axe-core on both pages in both languages: no serious or critical violation.
//
// axe is added by URL from the same origin (/node_modules/axe-core/axe.min.js, served by
// scripts/serve.mjs), not inlined: Playwright's addScriptTag({ path }) inlines the file, which the
// page's CSP (script-src 'self') refuses, and bypassCSP would audit a page that is not the one
// people get. By URL the audit runs under the same policy as everything else.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { setup, open, ready, setLang, LANGS } from './browser.mjs';

const env = setup();

// `every`: report violations of any impact (minor and moderate too), not only serious ones
async function audit(page, { every = false } = {}) {
  await page.addScriptTag({ url: '/node_modules/axe-core/axe.min.js' });
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return result.violations
    .filter((v) => every || v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => `${n.target.join(' ')}${n.failureSummary ? ` (${n.failureSummary.replace(/\s+/g, ' ')})` : ''}`).join(' | ')}`);
}

describe('axe-core: no serious or critical violation', () => {
  for (const path of ['www/index.html', 'www/embed.html']) {
    for (const lang of LANGS) {
      test(`${path} in ${lang}`, async () => {
        const o = await open(env, path);
        try {
          await ready(o.page, path);
          await setLang(o.page, lang);
          await ready(o.page, path);
          await o.page.waitForTimeout(200);
          assert.equal(await o.page.evaluate(() => document.documentElement.lang), lang, '<html lang> follows the language');
          assert.deepEqual(await audit(o.page), []);
        } finally {
          await o.close();
        }
      });
    }
  }
});

describe('axe-core: the editor on a blank form', () => {
  for (const lang of LANGS) {
    test(`www/index.html 空白表 with rows added, in ${lang}`, async () => {
      const o = await open(env, 'www/index.html');
      try {
        await ready(o.page, 'www/index.html');
        await setLang(o.page, lang);
        await o.page.locator('#clear').click();
        const add = o.page.locator('jixiao-form button[data-act="add"][data-id="1.1"]');
        await add.click();
        await add.click();
        await o.page.locator('jixiao-form select[data-path="indicators.1.1.2.rule"]').waitFor();
        await o.page.waitForTimeout(200);
        assert.deepEqual(await audit(o.page), []);
      } finally {
        await o.close();
      }
    });
  }
});

describe('axe-core: the 说明 with its findings, its marks and the drafted paragraph open: no violation at all', () => {
  for (const lang of LANGS) {
    test(`www/index.html 自评表说明 in ${lang}`, async () => {
      const o = await open(env, 'www/index.html');
      try {
        await ready(o.page, 'www/index.html');
        await setLang(o.page, lang);
        await ready(o.page, 'www/index.html');
        // the seed's 说明 is marked; the table fixed, the budget paragraph can be drafted
        assert.ok(await o.page.locator('jixiao-form .mirror mark.error').count(), 'the 说明 has marks');
        await o.page.locator('jixiao-form input[data-path="budget.byNature.basic.executed"]').fill('3,000.00');
        await o.page.locator('jixiao-form button[data-do="draft"]').click();
        await o.page.locator('jixiao-form [part~="draft"]').waitFor();
        await o.page.waitForTimeout(200);
        assert.deepEqual(await audit(o.page, { every: true }), []);
      } finally {
        await o.close();
      }
    });
  }
});
