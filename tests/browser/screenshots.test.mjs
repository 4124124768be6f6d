// Screenshots of both pages, in both languages and in print media, written to tests/artifacts/
// (git-ignored) for people to look at; the index page is also printed to PDF (A4). The checks here
// are only that each page scored and that print media hides the page's buttons.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { setup, open, ready, setLang, artifact, assertClean } from './browser.mjs';

const env = setup();
const VIEWPORT = { width: 1280, height: 900 };

const PAGES = [
  { name: 'index', path: 'www/index.html' },
  { name: 'embed', path: 'www/embed.html' },
];

async function shoot(page, name) {
  const file = artifact(`${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  assert.ok(statSync(file).size > 10_000, `${file} has content`);
  return file;
}

describe('screenshots in tests/artifacts/', () => {
  // without a Chinese font every 汉字 is a box, and the screenshots show nothing worth looking at
  test('a Chinese font is installed', () => {
    let families = '';
    try {
      families = execFileSync('fc-list', [':lang=zh', 'family'], { encoding: 'utf8' }).trim();
    } catch {
      /* no fontconfig: reported below */
    }
    assert.ok(families, 'no font covers Chinese: install one with `apt-get install fonts-wqy-microhei` (make tools-browser)');
  });

  for (const { name, path } of PAGES) {
    test(`${name}: zh-CN, en and print`, async () => {
      const o = await open(env, path, { viewport: VIEWPORT });
      try {
        await ready(o.page, path);
        await o.page.waitForTimeout(200);
        await shoot(o.page, `${name}-zh-CN`);

        await setLang(o.page, 'en');
        await ready(o.page, path);
        await o.page.waitForTimeout(300);
        await shoot(o.page, `${name}-en`);

        await setLang(o.page, 'zh-CN');
        await ready(o.page, path);
        await o.page.waitForTimeout(300);
        await o.page.emulateMedia({ media: 'print' });
        // no button (nor the language menu) is displayed on paper: the formal form has none
        const shown = await o.page.evaluate(() => {
          const visible = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
          const out = [];
          const walk = (root) => {
            for (const el of root.querySelectorAll('button, input[type=button], input[type=submit], input[type=reset], #lang')) if (visible(el)) out.push(`${el.localName}#${el.id} ${el.textContent.trim().slice(0, 40)}`);
            for (const el of root.querySelectorAll('*')) if (el.shadowRoot) walk(el.shadowRoot);
          };
          walk(document);
          return out;
        });
        await shoot(o.page, `${name}-print`);
        if (name === 'index') {
          await o.page.pdf({ path: artifact('index-print.pdf'), format: 'A4', printBackground: true });
          assert.deepEqual(shown, [], 'print media: no buttons');
        }
        await o.page.emulateMedia({ media: 'screen' });
        assertClean(o, path);
      } finally {
        await o.close();
      }
    });
  }
});
