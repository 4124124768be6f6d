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

// The element that has focus, through shadow roots, with what tells it apart.
const focused = (page) =>
  page.evaluate(() => {
    let a = document.activeElement;
    while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
    const s = getComputedStyle(a);
    return { tag: a.localName, code: a.dataset?.code ?? null, visible: a.matches(':focus-visible'), outline: `${s.outlineStyle} ${s.outlineWidth}` };
  });

describe('the widget read by a screen reader and used by keyboard', () => {
  test('the first Tab into the widget offers a way to the findings, which Enter takes', async () => {
    for (const width of [1280, 375]) {
      const o = await open(env, 'www/index.html');
      try {
        await o.page.setViewportSize({ width, height: 800 });
        await ready(o.page, 'www/index.html');
        await o.page.locator('#lang').focus(); // the page's last control before the widget
        await o.page.keyboard.press('Tab');
        const skip = await o.page.evaluate(() => {
          const a = document.activeElement?.shadowRoot?.activeElement;
          return a ? { text: a.textContent, width: a.getBoundingClientRect().width } : null;
        });
        assert.equal(skip?.text, '跳到检查结果', `${width} px: the first stop in the widget`);
        assert.ok(skip.width > 20, `${width} px: shown while focused`);
        await o.page.keyboard.press('Enter');
        const at = await o.page.evaluate(() => document.querySelector('jixiao-form').shadowRoot.activeElement?.textContent);
        assert.equal(at, '检查结果', `${width} px: the focus is on the findings' heading`);
        await o.page.keyboard.press('Tab');
        assert.equal((await focused(o.page)).tag, 'button', `${width} px: the next Tab is the first finding`);
      } finally {
        await o.close();
      }
    }
  });

  test('a finding button reached by Tab shows the focus ring', async () => {
    const o = await open(env, 'www/index.html');
    try {
      await ready(o.page, 'www/index.html');
      const button = o.page.locator('jixiao-form [part~="findings"] button[data-code="budget.natureSumMismatch"]');
      await button.focus();
      await o.page.keyboard.press('Shift+Tab');
      await o.page.keyboard.press('Tab');
      const f = await focused(o.page);
      assert.equal(f.code, 'budget.natureSumMismatch', 'Tab is back on the finding');
      assert.ok(f.visible, ':focus-visible');
      assert.match(f.outline, /^solid [1-9]/, `a visible outline (${f.outline})`);
    } finally {
      await o.close();
    }
  });

  test('typing says the score once it pauses, in one region; the computed cells are named and silent', async () => {
    const o = await open(env, 'www/index.html');
    try {
      await ready(o.page, 'www/index.html');
      await o.page.waitForTimeout(1_200);
      // the live regions of the shadow root, by the live value an element has or inherits
      const watch = () =>
        o.page.evaluate(() => {
          const root = document.querySelector('jixiao-form').shadowRoot;
          const liveOf = (node) => {
            for (let e = node.nodeType === 1 ? node : node.parentElement; e; e = e.parentElement) {
              const live = e.getAttribute('aria-live');
              if (live) return live === 'off' ? null : e;
              const role = e.getAttribute('role') ?? (e.localName === 'output' ? 'status' : '');
              if (['status', 'alert', 'log'].includes(role)) return e;
            }
            return null;
          };
          window.__said = new Map();
          window.__liveOf = liveOf;
          new MutationObserver((records) => {
            for (const r of records) {
              const region = liveOf(r.target);
              if (region) window.__said.set(region, [...(window.__said.get(region) ?? []), region.textContent]);
            }
          }).observe(root, { subtree: true, childList: true, characterData: true });
          return {
            outputs: [...root.querySelectorAll('output')].filter((e) => e.getAttribute('aria-live') !== 'off' || !e.getAttribute('aria-label')).length,
            findings: Boolean(liveOf(root.querySelector('[part~="findings"]'))),
          };
        });
      const before = await watch();
      assert.equal(before.outputs, 0, 'every <output> has aria-live="off" and a name');
      assert.equal(before.findings, false, 'the findings list is not live');
      const input = o.page.locator('jixiao-form input[data-path="budget.total.executed"]');
      await input.fill('');
      await input.pressSequentially('8,000', { delay: 60 });
      await o.page.waitForTimeout(1_200);
      const said = await o.page.evaluate(() => [...window.__said.values()]);
      const r = await o.page.evaluate(() => document.querySelector('jixiao-form').report);
      assert.equal(said.length, 1, `one live region spoke: ${JSON.stringify(said)}`);
      assert.deepEqual([...new Set(said[0])], [`得分 ${r.score}，${r.grade}，${r.summary.errors} 个错误`]);
    } finally {
      await o.close();
    }
  });

  test('a budget cell marked for its column\'s sum is described by the message under the table', async () => {
    const o = await open(env, 'www/index.html');
    try {
      await ready(o.page, 'www/index.html');
      const input = o.page.locator('jixiao-form input[data-path="budget.byNature.basic.executed"]');
      const slot = await o.page.locator('jixiao-form [data-message-for="budget.byNature"]').getAttribute('id');
      const description = () =>
        input.evaluate((el) => el.getAttribute('aria-describedby').split(' ').map((id) => el.getRootNode().getElementById(id)?.textContent ?? `#${id} missing`).join(' '));
      assert.equal(await input.getAttribute('aria-invalid'), 'true');
      assert.ok((await input.getAttribute('aria-describedby')).split(' ').includes(slot), 'names the table\'s slot');
      assert.match(await description(), /相差 42\.30/);
      await input.fill('3,000.00');
      await o.page.locator('jixiao-form [part~="findings"] button[data-code="budget.natureSumMismatch"]').waitFor({ state: 'detached' });
      assert.ok(!(await input.getAttribute('aria-describedby')).split(' ').includes(slot), 'and no longer once fixed');
    } finally {
      await o.close();
    }
  });

  for (const lang of LANGS) {
    test(`a new row's cells are read by its name as soon as it is typed, in ${lang}`, async () => {
      const o = await open(env, 'www/index.html');
      try {
        await ready(o.page, 'www/index.html');
        await setLang(o.page, lang);
        await o.page.locator('#clear').click();
        await o.page.locator('jixiao-form button[data-act="add"][data-id="1.1"]').click();
        await o.page.locator('jixiao-form textarea[data-path="indicators.1.1.1.name"]').fill('门诊人次');
        const label = (sel) => o.page.locator(`jixiao-form ${sel}`).getAttribute('aria-label');
        const en = lang === 'en';
        assert.equal(await label('input[data-path="indicators.1.1.1.weight"]'), en ? '门诊人次 Weight' : '门诊人次 分值');
        assert.equal(await label('input[data-path="indicators.1.1.1.target"]'), en ? '门诊人次 Target' : '门诊人次 目标值');
        assert.equal(await label('select[data-path="indicators.1.1.1.rule"]'), en ? '门诊人次 Scoring rule' : '门诊人次 评分规则');
        assert.equal(await label('button[data-act="remove"][data-id="1.1.1"]'), en ? 'Remove "门诊人次"' : '删除「门诊人次」');
        assert.equal(await label('tr[data-id="1.1.1"] output'), en ? '门诊人次 Score by the rules' : '门诊人次 计算得分');
      } finally {
        await o.close();
      }
    });
  }

  for (const lang of LANGS) {
    test(`at 375 px, in ${lang}: no empty message box, and a level cell is captioned as a level`, async () => {
      const o = await open(env, 'www/index.html', { viewport: { width: 375, height: 800 } });
      try {
        await ready(o.page, 'www/index.html');
        await setLang(o.page, lang);
        await ready(o.page, 'www/index.html');
        const boxes = await o.page.evaluate(() =>
          [...document.querySelector('jixiao-form').shadowRoot.querySelectorAll('.indicators tr.mrow')]
            .filter((tr) => !tr.querySelector('.msg').childNodes.length && tr.getBoundingClientRect().height > 0).length);
        assert.equal(boxes, 0, 'an empty message row takes no room');
        const caption = await o.page.locator('jixiao-form td:has(> input[data-path="indicators.2.3.1.level"])').getAttribute('data-label');
        assert.equal(caption, lang === 'en' ? 'Level' : '等级');
      } finally {
        await o.close();
      }
    });
  }
});
