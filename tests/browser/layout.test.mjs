// The layout of <jixiao-form> at every width, by finger and on paper (docs/widget.md, "Layout"):
// every row control of the indicator table visible or reachable by scrolling its box from 320 to
// 1600 px, a 未完成原因 wide enough to read; controls a finger can hit at 375 px (44 px, 删除 apart
// from ↓); and a printed indicator table with one right edge. Screenshots of each state go to
// tests/artifacts/layout-*.png for people to look at.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { setup, open, ready, setLang, artifact, assertClean, field, FORM, LANGS } from './browser.mjs';

const env = setup();
const INDEX = 'www/index.html';
const WIDTHS = [320, 375, 700, 740, 800, 850, 1024, 1100, 1150, 1200, 1280, 1600];
const TOUCH = { hasTouch: true, isMobile: true };

async function openIndex(options, lang) {
  const o = await open(env, INDEX, options);
  await ready(o.page, INDEX);
  if (lang !== 'zh-CN') {
    await setLang(o.page, lang);
    await ready(o.page, INDEX);
  }
  await o.page.waitForTimeout(200);
  return o;
}

/**
 * For every row of the unit's own: is each of its buttons inside the scrollable area of the table's
 * box, and, once scrolled into view, inside the viewport and the box and the topmost element there
 * (not clipped by its row)? Also the width of its 未完成原因 (in em of the textarea's font) and any
 * scoring explanation that runs past its cell.
 */
const rowReach = (page) =>
  page.evaluate(() => {
    const root = document.querySelector('jixiao-form').shadowRoot;
    const box = root.querySelector('.indicators .scroll');
    const out = { rows: 0, unreachable: [], hidden: [], narrow: [], spilled: [], pageOverflow: document.documentElement.scrollWidth - innerWidth };
    for (const tr of root.querySelectorAll('.indicators tr[data-own]')) {
      out.rows++;
      const id = tr.dataset.id;
      for (const b of tr.querySelectorAll('button[data-act]')) {
        box.scrollLeft = 0;
        const s = box.getBoundingClientRect();
        const r = b.getBoundingClientRect();
        // the scrollable area of the box, in the viewport's coordinates while scrollLeft is 0
        if (r.right > s.left + box.scrollWidth + 0.5 || r.left < s.left - 0.5) out.unreachable.push(`${b.dataset.act} ${id}`);
        b.scrollIntoView({ block: 'center', inline: 'center' });
        const q = b.getBoundingClientRect();
        const t = box.getBoundingClientRect();
        const hit = root.elementFromPoint(q.left + q.width / 2, q.top + q.height / 2);
        const inside = q.left >= -0.5 && q.right <= innerWidth + 0.5 && q.top >= -0.5 && q.bottom <= innerHeight + 0.5 && q.left >= t.left - 0.5 && q.right <= t.right + 0.5;
        if (!inside || !(hit === b || b.contains(hit))) out.hidden.push(`${b.dataset.act} ${id} at ${Math.round(q.left)}–${Math.round(q.right)} (box ${Math.round(t.left)}–${Math.round(t.right)}, viewport ${innerWidth})`);
      }
      const ta = tr.querySelector('textarea[data-path$=".reason"]');
      const cs = getComputedStyle(ta);
      const em = (ta.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight)) / parseFloat(cs.fontSize);
      if (em < 7.9) out.narrow.push(`${id}: ${em.toFixed(1)} characters`);
      for (const ex of tr.querySelectorAll('.explain')) {
        const cell = ex.closest('td').getBoundingClientRect();
        if (ex.textContent && (ex.getBoundingClientRect().right > cell.right + 0.5 || ex.scrollWidth > ex.clientWidth + 1)) out.spilled.push(id);
      }
    }
    box.scrollLeft = 0;
    scrollTo(0, 0);
    return out;
  });

/** The visible controls of the widget and the page smaller than `min` px (buttons: either way). */
const smallTargets = (page, min) =>
  page.evaluate((min) => {
    const small = [];
    const visible = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
    const check = (root, where) => {
      for (const el of root.querySelectorAll('button, input:not([type=hidden]):not([type=file]), select, textarea')) {
        if (!visible(el) || el.classList.contains('vh')) continue; // the skip link is shown only while it has the focus
        const r = el.getBoundingClientRect();
        const needW = el.localName === 'button' || el.localName === 'select';
        if (r.height < min - 0.5 || (needW && r.width < min - 0.5)) {
          small.push(`${where} ${el.localName}${el.dataset.act ? `[${el.dataset.act}]` : ''}${el.dataset.do ? `[${el.dataset.do}]` : ''}${el.id ? `#${el.id}` : ''} ${el.dataset.path ?? el.textContent.trim().slice(0, 16)}: ${Math.round(r.width)}×${Math.round(r.height)}`);
        }
      }
    };
    check(document, 'page');
    check(document.querySelector('jixiao-form').shadowRoot, 'widget');
    return small;
  }, min);

/** The space between each own row's ↓ and 删除 buttons (horizontal on one line, vertical otherwise). */
const downRemoveGaps = (page) =>
  page.evaluate(() => {
    const root = document.querySelector('jixiao-form').shadowRoot;
    return [...root.querySelectorAll('.indicators tr[data-own]')].map((tr) => {
      const d = tr.querySelector('[data-act="down"]').getBoundingClientRect();
      const r = tr.querySelector('[data-act="remove"]').getBoundingClientRect();
      const sameLine = r.top < d.bottom && d.top < r.bottom;
      return { id: tr.dataset.id, gap: Math.round(sameLine ? Math.max(r.left - d.right, d.left - r.right) : Math.max(r.top - d.bottom, d.top - r.bottom)) };
    });
  });

describe('www/index.html: layout', () => {
  for (const lang of LANGS) {
    test(`${lang}: every row control is visible or reachable by scrolling at 320–1600 px; 未完成原因 shows 8 characters`, async () => {
      const o = await openIndex({ viewport: { width: 1280, height: 800 } }, lang);
      try {
        for (const width of WIDTHS) {
          await o.page.setViewportSize({ width, height: 800 });
          await o.page.waitForTimeout(100);
          const r = await rowReach(o.page);
          assert.ok(r.rows >= 5, `${width} px: the sample has rows of its own (${r.rows})`);
          assert.deepEqual(r.unreachable, [], `${width} px: buttons past the scrollable area of the table's box`);
          assert.deepEqual(r.hidden, [], `${width} px: buttons not in view after scrollIntoView`);
          assert.deepEqual(r.narrow, [], `${width} px: 未完成原因 narrower than 8 characters`);
          assert.deepEqual(r.spilled, [], `${width} px: scoring explanations past their cell`);
          assert.ok(r.pageOverflow <= 0, `${width} px: the page scrolls sideways by ${r.pageOverflow} px`);
          if ([740, 1100].includes(width)) {
            await o.page.locator(`${FORM} [data-act="remove"][data-id="1.1.2"]`).scrollIntoViewIfNeeded();
            await o.page.screenshot({ path: artifact(`layout-${width}-${lang}.png`) });
          }
        }
        assertClean(o, INDEX);
      } finally {
        await o.close();
      }
    });

    test(`${lang}: by finger at 375 px (portrait) and 740 px (landscape), every control is 44 px and 删除 is apart from ↓`, async () => {
      for (const viewport of [{ width: 375, height: 740 }, { width: 740, height: 375 }]) {
        const o = await openIndex({ viewport, ...TOUCH }, lang);
        try {
          const where = `${viewport.width}×${viewport.height}`;
          assert.ok(await o.page.evaluate(() => matchMedia('(pointer: coarse)').matches), `${where}: a touch screen`);
          // open the drafted paragraph, so that its box's buttons are measured too (the sample's
          // basic and project spending do not add up: 3,042.3 + 5,670.53 ≠ 8,670.53; nothing is
          // drafted until they do)
          await o.page.locator(field('budget.byNature.basic.executed')).fill('3,000.00');
          await o.page.locator(`${FORM} [part~="draft-button"]`).click();
          await o.page.locator(`${FORM} [part~="draft"]:not([hidden])`).waitFor();
          assert.deepEqual(await smallTargets(o.page, 44), [], `${where}: controls smaller than 44 px`);
          for (const { id, gap } of await downRemoveGaps(o.page)) assert.ok(gap >= 8, `${where}: 删除 of ${id} is ${gap} px from ↓`);
          const r = await rowReach(o.page);
          assert.deepEqual([...r.unreachable, ...r.hidden], [], `${where}: row buttons out of reach`);
          await o.page.locator(`${FORM} [data-act="remove"][data-id="1.1.1"]`).scrollIntoViewIfNeeded();
          await o.page.screenshot({ path: artifact(`layout-touch-${viewport.width}-${lang}.png`) });
          await o.page.locator(`${FORM} [part~="draft"]`).scrollIntoViewIfNeeded();
          await o.page.screenshot({ path: artifact(`layout-touch-${viewport.width}-draft-${lang}.png`) });
          assertClean(o, INDEX);
        } finally {
          await o.close();
        }
      }
    });

    test(`${lang}: printed (A4), the indicator rows and the totals share one right edge and no cell spills`, async () => {
      // 703 px: A4 less the widget's @page margins (186 mm), what page.pdf() lays out; 718 px: less
      // a browser's default margins
      for (const width of [703, 718]) {
        const o = await openIndex({ viewport: { width, height: 1000 } }, lang);
        try {
          await o.page.emulateMedia({ media: 'print' });
          await o.page.waitForTimeout(200);
          const r = await o.page.evaluate(() => {
            const root = document.querySelector('jixiao-form').shadowRoot;
            const table = root.querySelector('.indicators table');
            const edges = {};
            const spills = [];
            for (const tr of table.querySelectorAll('tr')) {
              const cells = [...tr.children].filter((c) => c.getClientRects().length);
              if (!cells.length) continue;
              const name = tr.dataset.id ?? tr.textContent.trim().slice(0, 12);
              (edges[Math.round(Math.max(...cells.map((c) => c.getBoundingClientRect().right)))] ??= []).push(name);
              for (const c of cells) if (c.scrollWidth > c.clientWidth + 1) spills.push(`${name}: ${c.textContent.trim().slice(0, 20)}`);
            }
            return { edges, spills, table: table.getBoundingClientRect().right };
          });
          const xs = Object.keys(r.edges).map(Number);
          const where = `${width} px`;
          assert.ok(Math.max(...xs) - Math.min(...xs) <= 1, `${where}: rows end at ${JSON.stringify(Object.fromEntries(Object.entries(r.edges).map(([x, ids]) => [x, ids.slice(0, 3)])))}`);
          assert.ok(Math.abs(Math.max(...xs) - r.table) <= 1, `${where}: the rows end at the table's edge (${r.table})`);
          assert.deepEqual(r.spills, [], `${where}: printed cells whose text runs past them`);
          await o.page.screenshot({ path: artifact(`layout-print-${width}-${lang}.png`), fullPage: true });
          await o.page.emulateMedia({ media: 'screen' });
          assertClean(o, INDEX);
        } finally {
          await o.close();
        }
      }
    });
  }
});

describe('www/index.html: a group\'s weight message', () => {
  test('takes the empty cells beside the 分值 column at 1280 px, and shows on a phone\'s card', async () => {
    for (const viewport of [{ width: 1280, height: 800 }, { width: 375, height: 740 }]) {
      const o = await openIndex({ viewport }, 'zh-CN');
      try {
        await o.page.locator('#clear').click();
        const msg = o.page.locator(`${FORM} [data-message-for="indicators.1.1.weight"]`);
        await msg.filter({ hasText: '与下级指标分值合计 0 不符' }).waitFor();
        const r = await msg.evaluate((m) => ({
          width: m.getBoundingClientRect().width,
          lines: Math.round(m.getBoundingClientRect().height / parseFloat(getComputedStyle(m).lineHeight)),
          row: m.closest('tr').getBoundingClientRect().height,
        }));
        const where = `${viewport.width} px`;
        assert.ok(r.width > 200, `${where}: the message is ${Math.round(r.width)} px wide`);
        assert.ok(r.lines <= 2, `${where}: the message takes ${r.lines} lines`);
        if (viewport.width === 1280) assert.ok(r.row < 80, `${where}: the group's row is ${Math.round(r.row)} px tall`);
        await msg.scrollIntoViewIfNeeded();
        await o.page.screenshot({ path: artifact(`layout-group-message-${viewport.width}.png`) });
        assertClean(o, INDEX);
      } finally {
        await o.close();
      }
    }
  });
});

describe('www/index.html: a leaf\'s weight message', () => {
  test('reads on a line under the row from the 分值 column on at 1280 px, ends the card at 375 px, stays the input\'s description, and takes no room once fixed', async () => {
    const path = 'indicators.1.1.1.weight';
    for (const [lang, viewport] of [['zh-CN', { width: 1280, height: 800 }], ['en', { width: 1280, height: 800 }], ['zh-CN', { width: 375, height: 740 }]]) {
      const o = await openIndex({ viewport }, lang);
      try {
        const input = o.page.locator(`${FORM} input[data-path="${path}"]`);
        const msg = o.page.locator(`${FORM} [data-message-for="${path}"]`);
        await input.fill('abc');
        await msg.filter({ hasText: lang === 'en' ? 'Not a number: "abc"' : '无法识别为数字：「abc」' }).waitFor();
        const r = await msg.evaluate((m, path) => {
          const root = m.getRootNode();
          const input = root.querySelector(`input[data-path="${path}"]`);
          const box = (el) => el.getBoundingClientRect();
          const row = input.closest('tr');
          return {
            width: box(m).width,
            lines: Math.round(box(m).height / parseFloat(getComputedStyle(m).lineHeight)),
            left: box(m).left,
            cell: box(input.closest('td')).left,
            top: box(m).top,
            row: box(row).bottom,
            card: box(row).left === box(m.closest('tr')).left && box(row).right === box(m.closest('tr')).right,
            describes: input.getAttribute('aria-describedby').split(' ').includes(m.id),
          };
        }, path);
        const where = `${lang}, ${viewport.width} px`;
        assert.ok(r.width > 200, `${where}: the message is ${Math.round(r.width)} px wide`);
        assert.equal(r.lines, 1, `${where}: the message takes ${r.lines} lines`);
        assert.ok(r.top >= r.row - 1, `${where}: the message is under its row`);
        if (viewport.width === 1280) assert.ok(Math.abs(r.left - r.cell) < 12, `${where}: the message starts under 分值 (${Math.round(r.left)} against ${Math.round(r.cell)})`);
        else assert.ok(r.card, `${where}: the message row is as wide as the row's card`);
        assert.ok(r.describes, `${where}: the input is described by the message`);
        await msg.scrollIntoViewIfNeeded();
        await o.page.screenshot({ path: artifact(`layout-leaf-weight-message-${viewport.width}-${lang}.png`) });
        await input.fill('5');
        await msg.filter({ hasText: /^$/ }).waitFor({ state: 'attached' });
        assert.equal(await msg.evaluate((m) => m.closest('tr').getBoundingClientRect().height), 0, `${where}: fixed, the message row takes no room`);
        assertClean(o, INDEX);
      } finally {
        await o.close();
      }
    }
  });
});

// pdftotext (Debian's poppler-utils, which `make tools-browser` installs) reads the printed pages
// back as text
const PDFTOTEXT = ['/usr/bin/pdftotext', '/usr/local/bin/pdftotext'].find((p) => existsSync(p));

describe('www/index.html: the indicator table on paper', () => {
  test('the totals print once, after the last row, and no page ends with a group\'s heading', async () => {
    assert.ok(PDFTOTEXT, 'needs pdftotext: make tools-browser (apt-get install poppler-utils)');
    const o = await openIndex({ viewport: { width: 1280, height: 800 } }, 'zh-CN');
    try {
      const seed = await o.page.evaluate(() => document.querySelector('jixiao-form').form);
      const { groups, rows } = await o.page.evaluate(() => {
        const r = document.querySelector('jixiao-form').report;
        return { groups: r.subtotals.map((s) => s.id), rows: r.leaves.map((l) => l.id) };
      });
      const ends = [];
      // the page breaks move with the length of the goals above the table
      for (let lines = 0; lines < 12; lines++) {
        const form = { ...seed, goals: { ...seed.goals, target: Array.from({ length: lines + 1 }, (_, i) => `目标第${i + 1}行`).join('\n') } };
        await o.page.evaluate((f) => document.querySelector('jixiao-form').importJson(JSON.stringify(f)), form);
        await o.page.waitForTimeout(100);
        const pdf = artifact('print-pages.pdf');
        await o.page.pdf({ path: pdf, format: 'A4' });
        const pages = execFileSync(PDFTOTEXT, ['-layout', pdf, '-'], { encoding: 'utf8' }).split('\f');
        const text = pages.join('\n');
        assert.equal(text.match(/^\s*评价等级 {2,}/gm)?.length, 1, `${lines + 1} lines of goals: the grade row is printed once`);
        assert.ok(text.search(/^\s*合计 +100 /m) > text.lastIndexOf('2.5.1'), `${lines + 1} lines of goals: the total follows the last row`);
        pages.forEach((page, i) => {
          // the table's rows, by the ids they start with
          const ids = page.split('\n').map((l) => /^\s*(\d+(?:\.\d+)*)\s/.exec(l)?.[1]).filter((id) => groups.includes(id) || rows.includes(id));
          const last = ids[ids.length - 1];
          if (groups.includes(last)) ends.push(`${lines + 1} lines of goals: page ${i + 1} ends with the heading ${last}`);
        });
      }
      assert.deepEqual(ends, []);
      assertClean(o, INDEX);
    } finally {
      await o.close();
    }
  });
});
