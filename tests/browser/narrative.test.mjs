// The 自评表说明 in <jixiao-form> (www/index.html) and in attach mode (www/embed.html): the figures
// the engine finds wrong are marked in the text at exactly their spans, listed with the other
// findings (a click selects the figure), the budget paragraph is drafted and inserted without
// losing what was typed, and the text is saved, exported, imported, submitted, reset and printed
// like every other field. The expected findings come from the same wasm package run in Node.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Evaluator, readJson } from '../js/jixiao.mjs';
import jixiao from '../js/jixiao.mjs';
import { setup, open, ready, scored, part, partText, field, messageFor, finding, deepActive, assertClean, events, SEED, FORM } from './browser.mjs';

const env = setup();
const INDEX = 'www/index.html';
const EMBED = 'www/embed.html';
const TEXT = field('narrative');
const PORTAL_TEXT = '#portal-form [data-jixiao-field="narrative"]';
const BLANK = { version: 1, template: 'gd-dept-overall' };
const NATURE_FIX = ['budget.byNature.basic.executed', '3,000.00'];

// The report the engine gives for `form` after `edits` ([path, text]…).
function expected(edits = [], form = readJson(SEED), lang = 'zh-CN') {
  const ev = new Evaluator(form, { lang });
  for (const [path, text] of edits) ev.set(path, text);
  const report = ev.report();
  ev.free();
  return report;
}
const inText = (report) => report.issues.filter((i) => i.path === 'narrative');

// The widget's marks in the mirror, in text order.
const marks = (page) =>
  page.evaluate(() =>
    [...document.querySelector('jixiao-form').shadowRoot.querySelectorAll('.mirror mark')].map((m) => ({
      severity: m.className,
      start: Number(m.dataset.start),
      end: Number(m.dataset.end),
      text: m.textContent,
      line: getComputedStyle(m).textDecorationStyle,
    })));
// What the marks must be: one around each finding's span; where spans overlap, one per piece
// between their starts and ends, of the gravest finding over it; a piece over a line break is cut
// there (the mirror has a block per line).
const RANK = { info: 1, warning: 2, error: 3 };
function wantMarks(text, issues) {
  const cuts = [...new Set(issues.flatMap((i) => [i.span.start, i.span.end]))].sort((a, b) => a - b);
  const out = [];
  const push = (severity, start, end) => end > start && out.push({ severity, start, end, text: text.slice(start, end) });
  for (let k = 0; k + 1 < cuts.length; k++) {
    const [start, end] = [cuts[k], cuts[k + 1]];
    const over = issues.filter((i) => i.span.start <= start && i.span.end >= end).sort((a, b) => RANK[b.severity] - RANK[a.severity]);
    if (!over.length) continue;
    let from = start;
    for (let at = text.indexOf('\n', from); at >= 0 && at < end; at = text.indexOf('\n', from)) {
      push(over[0].severity, from, at);
      from = at + 1;
    }
    push(over[0].severity, from, end);
  }
  return out;
}
const strip = (list) => list.map(({ line, ...m }) => m);

const statusOf = (page) => page.locator(part('narrative-status')).textContent();
// The status line the widget must show for a report (zh-CN).
function wantStatus(report) {
  const n = inText(report);
  const c = (s) => n.filter((i) => i.severity === s).length;
  const parts = [['error', '错误'], ['warning', '警告'], ['info', '提示']].filter(([s]) => c(s)).map(([s, w]) => `${c(s)} 处${w}`);
  const { found, checked } = report.narrative;
  return `找到 ${found} 处可核对的表述，核对了 ${checked} 处${parts.length ? `：${parts.join('，')}。` : checked ? '，均无误。' : '。'}`;
}

const value = (page, sel = TEXT) => page.locator(sel).inputValue();
const selection = (page) =>
  page.evaluate(() => {
    let a = document.activeElement;
    while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
    return { path: a?.dataset?.path ?? null, start: a?.selectionStart, end: a?.selectionEnd };
  });
// Waits until the marks are `want` (the engine has checked what was typed).
async function marksAre(page, want, timeout = 5_000) {
  const deadline = Date.now() + timeout;
  let got;
  while (Date.now() < deadline) {
    got = strip(await marks(page));
    if (JSON.stringify(got) === JSON.stringify(want)) return got;
    await page.waitForTimeout(50);
  }
  assert.deepEqual(got, want, 'the marks');
  return got;
}

describe('www/index.html: the 说明 of the sample, checked in place', () => {
  test('the demo opens with its 说明: the 5764/6337 rate (100% for 90.96%) and the 42.30 by-nature sum marked as errors, the 0.01 sum as a note, at exactly their spans', async () => {
    const o = await open(env, INDEX);
    try {
      await scored(o.page);
      const seed = readJson(SEED);
      assert.ok(seed.narrative, `${SEED} carries the demo 说明 (its "narrative")`);
      const report = expected();
      const found = inText(report);
      const rate = found.find((i) => i.code === 'narrative.rateMismatch');
      const nature = found.find((i) => i.code === 'narrative.partsSumMismatch');
      const note = found.find((i) => i.code === 'narrative.partsSumRounding');
      assert.ok(rate && rate.values.computed === '90.96%' && /5764/.test(rate.values.numerator) && /6337/.test(rate.values.denominator), 'the engine finds the 100% for 5764 ÷ 6337');
      assert.equal(seed.narrative.slice(rate.span.start, rate.span.end), '100%');
      assert.ok(nature && nature.values.difference === '42.30', 'the engine finds the 42.30 by-nature sum');
      assert.ok(note && note.values.difference === '0.01' && note.severity === 'info', 'the engine finds the 0.01 rounding');

      assert.equal(await value(o.page), seed.narrative, 'the textarea holds the 说明');
      const got = await marks(o.page);
      assert.deepEqual(strip(got), wantMarks(seed.narrative, found));
      assert.equal(got.find((m) => m.start === rate.span.start)?.text, '100%');
      const parts = got.find((m) => m.start === nature.span.start);
      assert.match(parts.text, /^3,042\.3 万元.*5,670\.53 万元$/, 'the by-nature mark runs from the first part to the last');
      // errors and notes differ by more than colour: a wavy underline, a dotted one
      for (const m of got) assert.equal(m.line, m.severity === 'error' ? 'wavy' : m.severity === 'info' ? 'dotted' : 'dashed', `${m.severity} mark`);

      // listed with the other findings, with their line in the 说明
      for (const i of found) {
        const b = o.page.locator(`${part('findings')} button[data-code="${i.code}"][data-start="${i.span.start}"]`);
        assert.equal(await b.count(), 1, `${i.code} listed`);
        const text = (await b.textContent()).replace(/\s+/g, ' ');
        assert.ok(text.includes(`说明第 ${i.span.line} 行：`) && text.includes(i.message), text);
      }
      assert.ok(await o.page.locator(finding('budget.natureSumMismatch')).count(), "the table's own 42.30 error is still listed");
      assert.equal((await statusOf(o.page)).trim(), wantStatus(report));
      assert.match(await statusOf(o.page), /^找到 \d+ 处可核对的表述，核对了 \d+ 处：2 处错误，1 处提示。$/);
      assert.equal(await o.page.locator(TEXT).getAttribute('aria-invalid'), 'true');
      // the messages under the textarea, which its aria-describedby names
      const slot = o.page.locator(messageFor('narrative'));
      const ids = ((await o.page.locator(TEXT).getAttribute('aria-describedby')) ?? '').split(/\s+/);
      assert.ok(ids.includes(await slot.getAttribute('id')), 'aria-describedby names the messages');
      assert.match(await slot.textContent(), /说明第 \d+ 行：说明所写 100%/);
      // the mirror wraps exactly as the textarea does (same height, line for line)
      const heights = await o.page.evaluate(() => {
        const r = document.querySelector('jixiao-form').shadowRoot;
        return [r.querySelector('.ntext').scrollHeight, r.querySelector('.mirror').offsetHeight - 2];
      });
      assert.ok(Math.abs(heights[0] - heights[1]) <= 1, `textarea ${heights[0]} px, mirror ${heights[1]} px`);
      assertClean(o, INDEX);
    } finally {
      await o.close();
    }
  });

  test('a 说明 typed into a blank form: a wrong rate is marked, fixing it removes the mark, the status and counts follow', async () => {
    const o = await open(env, INDEX);
    try {
      await scored(o.page);
      await o.page.locator('#clear').click();
      await o.page.waitForFunction(() => !document.querySelector('jixiao-form').shadowRoot.querySelector('.ntext').value);
      assert.equal((await statusOf(o.page)).trim(), '尚未填写说明。');
      const wrong = '全年预算数 1,000.00 万元，执行数 900.00 万元，完成预算的 95%。';
      const before = expected([['narrative', wrong]], BLANK);
      const error = inText(before).find((i) => i.code === 'narrative.budgetRateMismatch');
      assert.ok(error && wrong.slice(error.span.start, error.span.end) === '95%', 'the engine finds 95% for 900 ÷ 1,000');
      await o.page.locator(TEXT).click();
      await o.page.keyboard.type(wrong);
      await marksAre(o.page, wantMarks(wrong, inText(before)));
      assert.equal((await statusOf(o.page)).trim(), wantStatus(before));
      assert.equal(await partText(o.page, 'score'), before.score);
      assert.match(await o.page.locator(`${FORM} .counts`).textContent(), new RegExp(`^${before.summary.errors} 个错误`));
      assert.equal(await o.page.locator(TEXT).getAttribute('aria-invalid'), 'true');

      // select the 95 and type 90 over it
      await o.page.locator(TEXT).evaluate((el, at) => el.setSelectionRange(at, at + 2), error.span.start);
      await o.page.keyboard.type('90');
      const fixed = wrong.replace('95%', '90%');
      assert.equal(await value(o.page), fixed);
      const after = expected([['narrative', fixed]], BLANK);
      assert.deepEqual(inText(after), [], 'the engine finds nothing wrong');
      await marksAre(o.page, []);
      assert.equal((await statusOf(o.page)).trim(), wantStatus(after));
      assert.match(await statusOf(o.page), /核对了 1 处，均无误。$/);
      assert.match(await o.page.locator(`${FORM} .counts`).textContent(), new RegExp(`^${after.summary.errors} 个错误`));
      assert.equal(after.summary.errors, before.summary.errors - 1);
      assert.equal(await o.page.locator(TEXT).getAttribute('aria-invalid'), null);
      const last = (await events(o.page, 'jixiao-change')).at(-1).detail;
      assert.deepEqual(last.narrative, { found: after.narrative.found, checked: after.narrative.checked }, 'jixiao-change carries the counts');
      assert.equal(last.errors, after.summary.errors);
      assertClean(o, INDEX);
    } finally {
      await o.close();
    }
  });

  test('a click (or Enter) on a finding of the 说明 selects exactly its figure and brings it into view; marks move with the text', async () => {
    const o = await open(env, INDEX, { viewport: { width: 1280, height: 720 } });
    try {
      await scored(o.page);
      const seed = readJson(SEED);
      const found = inText(expected());
      const rate = found.find((i) => i.code === 'narrative.rateMismatch');
      const nature = found.find((i) => i.code === 'narrative.partsSumMismatch');
      await o.page.locator(`${part('findings')} button[data-code="${rate.code}"]`).click();
      assert.deepEqual(await selection(o.page), { path: 'narrative', start: rate.span.start, end: rate.span.end });
      const inView = (start) =>
        o.page.evaluate((s) => {
          const m = document.querySelector('jixiao-form').shadowRoot.querySelector(`.mirror mark[data-start="${s}"]`).getBoundingClientRect();
          return m.top >= 0 && m.bottom <= innerHeight && m.height > 0;
        }, start);
      assert.ok(await inView(rate.span.start), 'the figure is in view');

      // by keyboard, from the messages under the textarea
      await o.page.locator(part('score')).first().click();
      await o.page.locator(`${messageFor('narrative')} button[data-code="${nature.code}"]`).focus();
      await o.page.keyboard.press('Enter');
      assert.deepEqual(await selection(o.page), { path: 'narrative', start: nature.span.start, end: nature.span.end });
      assert.ok(await inView(nature.span.start), 'the figure is in view');

      // a character typed before them: the marks and the list follow the figures
      await o.page.locator(TEXT).evaluate((el) => el.setSelectionRange(0, 0));
      await o.page.keyboard.type('附');
      const shifted = found.map((i) => ({ ...i, span: { ...i.span, start: i.span.start + 1, end: i.span.end + 1 } }));
      await marksAre(o.page, wantMarks(`附${seed.narrative}`, shifted));
      await o.page.locator(`${part('findings')} button[data-code="${rate.code}"]`).click();
      assert.deepEqual(await selection(o.page), { path: 'narrative', start: rate.span.start + 1, end: rate.span.end + 1 });
      assertClean(o, INDEX);
    } finally {
      await o.close();
    }
  });

  test('起草预算段落: refused in Chinese while the budget table has an error; drafted from the fixed table, inserted at the caret as one undoable step, copied', async () => {
    const o = await open(env, INDEX);
    try {
      await scored(o.page);
      await o.context.grantPermissions(['clipboard-read', 'clipboard-write']);
      const draft = o.page.locator(`${FORM} button[data-do="draft"]`);
      const say = o.page.locator(`${FORM} .nsay`);
      const box = o.page.locator(part('draft'));
      const seed = readJson(SEED);
      const refused = jixiao.draftNarrative(seed, { lang: 'zh-CN' });
      assert.equal(refused.budget, undefined, 'the engine does not draft from the seed (42.30)');
      await draft.click();
      assert.equal((await say.textContent()).trim(), `预算表有错误，暂不起草：${refused.issues[0].message}。请先改正预算表。`);
      assert.match(await say.textContent(), /相差 42\.30/);
      assert.equal(await box.isVisible(), false, 'nothing drafted');

      // the table fixed: the 说明 is checked again against it (its 3,042.3 now differs from the
      // table's 3,000.00) without a keystroke in it, and the paragraph is the engine's
      await o.page.locator(field(NATURE_FIX[0])).fill(NATURE_FIX[1]);
      const remarked = inText(expected([NATURE_FIX]));
      assert.ok(remarked.some((i) => i.code === 'narrative.differsFromTable'), 'the engine compares the 说明 with the fixed table');
      await marksAre(o.page, wantMarks(seed.narrative, remarked));
      const form = structuredClone(seed);
      form.budget.byNature.basic.executed = NATURE_FIX[1];
      const { budget } = jixiao.draftNarrative(form, { lang: 'zh-CN' });
      assert.ok(budget, 'the engine drafts from the fixed table');
      await draft.click();
      assert.equal(await box.isVisible(), true);
      assert.equal(await o.page.locator(`${FORM} .dtext`).inputValue(), budget);

      // inserted at the caret, on a line of its own; nothing typed is lost, and Ctrl+Z takes it back
      const text = await value(o.page);
      const at = text.indexOf('（四）预算支出情况') + '（四）预算支出情况'.length;
      await o.page.locator(TEXT).evaluate((el, a) => el.setSelectionRange(a, a), at);
      await o.page.locator(`${FORM} button[data-do="insert"]`).click();
      const inserted = `${text.slice(0, at)}\n${budget}${text.slice(at)}`;
      assert.equal(await value(o.page), inserted);
      assert.equal(await box.isVisible(), false);
      assert.match(await say.textContent(), /已插入/);
      await marksAre(o.page, wantMarks(inserted, inText(expected([NATURE_FIX, ['narrative', inserted]]))));
      assert.deepEqual(await selection(o.page), { path: 'narrative', start: at + 1 + budget.length, end: at + 1 + budget.length });
      await o.page.keyboard.press('Control+z');
      assert.equal(await value(o.page), text, 'undo gives back the text as it was');
      await marksAre(o.page, wantMarks(text, inText(expected([NATURE_FIX]))));
      assert.equal(JSON.parse(await o.page.evaluate(() => document.querySelector('jixiao-form').exportJson())).narrative, text, 'the engine has the undone text');

      // into an empty 说明: the paragraph alone, which checks clean
      await o.page.locator(TEXT).fill('');
      await draft.click();
      await o.page.locator(`${FORM} button[data-do="insert"]`).click();
      assert.equal(await value(o.page), budget);
      const clean = expected([NATURE_FIX, ['narrative', budget]]);
      assert.deepEqual(inText(clean).filter((i) => i.severity !== 'info'), [], 'no error or warning in the drafted paragraph (engine)');
      await marksAre(o.page, wantMarks(budget, inText(clean)));
      assert.ok(clean.narrative.checked > 0);
      assert.equal((await statusOf(o.page)).trim(), wantStatus(clean));
      assert.equal((await o.page.locator(`${FORM} .mirror mark.error, ${FORM} .mirror mark.warning`).count()), 0);

      // copied; and where the browser refuses, the paragraph is selected for Ctrl+C
      await draft.click();
      await o.page.locator(`${FORM} button[data-do="copy"]`).click();
      await o.page.waitForFunction(() => /已复制/.test(document.querySelector('jixiao-form').shadowRoot.querySelector('.nsay').textContent));
      assert.equal(await o.page.evaluate(() => navigator.clipboard.readText()), budget);
      await o.page.evaluate(() => {
        navigator.clipboard.writeText = () => Promise.reject(new DOMException('denied', 'NotAllowedError'));
      });
      await o.page.locator(`${FORM} button[data-do="copy"]`).click();
      await o.page.waitForFunction(() => /不允许写入剪贴板/.test(document.querySelector('jixiao-form').shadowRoot.querySelector('.nsay').textContent));
      const selected = await o.page.evaluate(() => {
        const a = document.querySelector('jixiao-form').shadowRoot.activeElement;
        return { cls: a.className, start: a.selectionStart, end: a.selectionEnd };
      });
      assert.deepEqual(selected, { cls: 'dtext', start: 0, end: budget.length });
      // closed by its button, the focus back on 起草预算段落
      await o.page.locator(`${FORM} button[data-do="close"]`).click();
      assert.equal(await box.isVisible(), false);
      assert.equal(await o.page.evaluate(() => document.querySelector('jixiao-form').shadowRoot.activeElement?.dataset.do), 'draft');
      assertClean(o, INDEX);
    } finally {
      await o.close();
    }
  });

  test('the 说明 survives a reload (draft), export → import, the form value and reset, and prints as plain text after the table', async () => {
    const o = await open(env, INDEX);
    try {
      await scored(o.page);
      const seed = readJson(SEED);
      const added = '\n补充：全年处理信访 178 件，办结 178 件，办结率 99%。';
      await o.page.locator(TEXT).evaluate((el) => el.setSelectionRange(el.value.length, el.value.length));
      await o.page.locator(TEXT).focus();
      await o.page.keyboard.type(added);
      const typed = seed.narrative + added;
      assert.equal(await value(o.page), typed);
      await o.page.waitForTimeout(200);

      // reload: the draft comes back, checked
      await o.page.reload();
      await scored(o.page);
      assert.equal(await value(o.page), typed, 'the draft holds the 说明');
      assert.equal(await o.page.locator(part('notice')).count(), 1, 'with the restore notice');
      const want = wantMarks(typed, inText(expected([['narrative', typed]])));
      assert.ok(want.some((m) => m.text === '99%'), 'the added sentence is wrong too (engine)');
      await marksAre(o.page, want);

      // export → import into a browser that has never seen it
      const exported = await o.page.evaluate(() => document.querySelector('jixiao-form').exportJson());
      assert.equal(JSON.parse(exported).narrative, typed);
      const fresh = await open(env, INDEX);
      try {
        await scored(fresh.page);
        await fresh.page.locator('#clear').click();
        await fresh.page.waitForFunction(() => !document.querySelector('jixiao-form').shadowRoot.querySelector('.ntext').value);
        assert.equal(await fresh.page.evaluate((t) => document.querySelector('jixiao-form').importJson(t), exported), true);
        assert.equal(await value(fresh.page), typed);
        await marksAre(fresh.page, want);
        assertClean(fresh, INDEX);
      } finally {
        await fresh.close();
      }

      // in a <form>: the submitted value carries it; reset goes back to the 说明 as loaded
      await o.page.evaluate((form) => {
        const host = document.createElement('form');
        host.id = 'host-form';
        const el = document.createElement('jixiao-form');
        el.setAttribute('name', 'selfEvaluation');
        el.setAttribute('storage-key', 'hosted');
        el.id = 'hosted';
        host.append(el);
        document.body.append(host);
        el.form = form;
      }, seed);
      await o.page.waitForFunction(() => document.getElementById('hosted').report?.score, null, { timeout: 10_000 });
      const submitted = () => o.page.evaluate(() => JSON.parse(new FormData(document.getElementById('host-form')).get('selfEvaluation')).narrative);
      assert.equal(await submitted(), seed.narrative);
      const hosted = '#hosted textarea[data-path="narrative"]';
      await o.page.locator(hosted).fill('说明已改。');
      assert.equal(await submitted(), '说明已改。');
      await o.page.evaluate(() => document.getElementById('host-form').reset());
      await o.page.waitForFunction(() => document.getElementById('hosted').shadowRoot.querySelector('textarea[data-path="narrative"]').value !== '说明已改。', null, { timeout: 5_000 });
      assert.equal(await o.page.locator(hosted).inputValue(), seed.narrative, 'reset: the 说明 as loaded');
      assert.equal(await submitted(), seed.narrative);
      await o.page.evaluate(() => document.getElementById('host-form').remove());

      // print: the textarea gives way to the text itself, after the indicator table, unmarked
      await o.page.emulateMedia({ media: 'print' });
      const printed = await o.page.evaluate(() => {
        const r = document.querySelector('jixiao-form').shadowRoot;
        const shown = (el) => el.getClientRects().length > 0;
        const mirror = r.querySelector('.mirror');
        const mark = mirror.querySelector('mark');
        const section = r.querySelector('[part~="narrative"]');
        return {
          textarea: shown(r.querySelector('.ntext')),
          draft: shown(r.querySelector('[part~="draft-button"]')),
          mirror: shown(mirror),
          color: getComputedStyle(mirror).color,
          text: [...mirror.children].map((line) => line.textContent).join('\n'),
          mark: mark && `${getComputedStyle(mark).textDecorationLine} ${getComputedStyle(mark).backgroundColor}`,
          after: Boolean(r.querySelector('[part~="indicators"]').compareDocumentPosition(section) & Node.DOCUMENT_POSITION_FOLLOWING),
        };
      });
      await o.page.emulateMedia({ media: 'screen' });
      assert.deepEqual(printed, { textarea: false, draft: false, mirror: true, color: 'rgb(0, 0, 0)', text: typed, mark: 'none rgba(0, 0, 0, 0)', after: true });
      assertClean(o, INDEX);
    } finally {
      await o.close();
    }
  });
});

describe('www/embed.html: a portal textarea marked data-jixiao-field="narrative"', () => {
  test('is checked: aria-invalid, the first error as its validity, the findings with their lines next to it; fixed, it is valid', async () => {
    const o = await open(env, EMBED);
    try {
      await ready(o.page, EMBED);
      const seed = readJson(SEED);
      const input = o.page.locator(PORTAL_TEXT);
      assert.equal(await input.inputValue(), seed.narrative, 'filled from the form (fill: true)');
      const errors = inText(expected()).filter((i) => i.severity === 'error');
      assert.ok(errors.length >= 2);
      await o.page.waitForFunction((sel) => document.querySelector(sel).getAttribute('aria-invalid') === 'true', PORTAL_TEXT, { timeout: 5_000 });
      assert.equal(await input.evaluate((el) => el.validationMessage), errors[0].message);
      const message = await input.evaluate((el) => {
        const ids = (el.getAttribute('aria-describedby') || '').split(/\s+/);
        const m = el.nextElementSibling;
        return { text: m.textContent, cls: m.className, described: ids.includes(m.id), severity: m.dataset.severity, hint: ids.includes('narrative-hint') };
      });
      assert.equal(message.cls, 'jixiao-message');
      assert.ok(message.described, 'aria-describedby names the message');
      assert.ok(message.hint, "the page's own aria-describedby stays");
      assert.equal(message.severity, 'error');
      for (const e of errors) assert.ok(message.text.includes(`第 ${e.span.line} 行：${e.message}`), message.text);
      assert.equal(await o.page.locator('[data-jixiao-findings] li[data-path="narrative"]').count(), 0, 'not listed as a finding without an input');

      const right = '全年预算数 9,022.41 万元，执行数 8,670.53 万元，完成预算的 96.10%。';
      assert.deepEqual(inText(expected([['narrative', right]])), []);
      await input.fill(right);
      await o.page.waitForFunction((sel) => !document.querySelector(sel).hasAttribute('aria-invalid'), PORTAL_TEXT, { timeout: 5_000 });
      assert.equal(await input.evaluate((el) => el.validationMessage), '');
      assert.equal(await input.evaluate((el) => el.nextElementSibling.hidden), true, 'no message');
      // typed wrong again, invalid again
      await input.fill(right.replace('96.10%', '98%'));
      await o.page.waitForFunction((sel) => document.querySelector(sel).getAttribute('aria-invalid') === 'true', PORTAL_TEXT, { timeout: 5_000 });
      assert.match(await input.evaluate((el) => el.validationMessage), /98%/);
      assertClean(o, EMBED);
    } finally {
      await o.close();
    }
  });
});

describe('the 说明 on a phone (375 px)', () => {
  for (const path of [INDEX, EMBED]) {
    test(`${path}: no horizontal overflow, the mirror as tall as the textarea`, async () => {
      const o = await open(env, path, { viewport: { width: 375, height: 800 } });
      try {
        await ready(o.page, path);
        const got = await o.page.evaluate((embed) => {
          const r = embed ? document : document.querySelector('jixiao-form').shadowRoot;
          const section = embed ? document.querySelector('[data-jixiao-field="narrative"]').closest('fieldset') : r.querySelector('[part~="narrative"]');
          const out = { page: document.documentElement.scrollWidth, section: section.scrollWidth - section.clientWidth, right: section.getBoundingClientRect().right };
          if (!embed) {
            out.heights = [r.querySelector('.ntext').scrollHeight, r.querySelector('.mirror').offsetHeight - 2];
            out.marks = [...r.querySelectorAll('.mirror mark')].map((m) => m.getBoundingClientRect().right).filter((x) => x > 375).length;
          }
          return out;
        }, path === EMBED);
        assert.ok(got.page <= 375, `the page is ${got.page} px wide`);
        assert.equal(got.section, 0, 'the section does not scroll sideways');
        assert.ok(got.right <= 375, `the section ends at ${got.right} px`);
        if (got.heights) {
          assert.ok(Math.abs(got.heights[0] - got.heights[1]) <= 1, `textarea ${got.heights[0]} px, mirror ${got.heights[1]} px`);
          assert.equal(got.marks, 0, 'every mark inside the page');
        }
        assertClean(o, path);
      } finally {
        await o.close();
      }
    });
  }
});

describe('a 50 KB 说明', () => {
  // Timed against a bare textarea of the same text and style beside it, keystroke for keystroke, so
  // that what is measured is what the widget adds to the browser's own cost, whatever the load of
  // the machine (the test files run in parallel).
  test('every finding marked, the mirror in step, and a keystroke costs little more than in a bare textarea (median time from the input event to the next frame)', async (t) => {
    const o = await open(env, INDEX);
    try {
      await scored(o.page);
      const seed = readJson(SEED);
      let big = '';
      while (big.length < 50_000) big += `${seed.narrative}\n`;
      await o.page.locator(TEXT).fill(big);
      const want = wantMarks(big, inText(expected([['narrative', big]])));
      assert.ok(want.length > 50, `${want.length} findings`);
      await marksAre(o.page, want, 10_000);
      const timing = await o.page.evaluate(async () => {
        const r = document.querySelector('jixiao-form').shadowRoot;
        const ta = r.querySelector('.ntext');
        // the bare one: same classes and text, no data-path (the widget ignores it), no mirror
        const bare = ta.cloneNode();
        bare.removeAttribute('data-path');
        bare.removeAttribute('id');
        bare.removeAttribute('aria-describedby');
        bare.setAttribute('aria-label', 'bare');
        bare.value = ta.value;
        ta.closest('.nbox').after(bare);
        const frame = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
        await frame();
        // keystrokes in the middle of the text, before half of the findings: a character typed,
        // then taken out again
        const at = Math.floor(ta.value.length / 2);
        const times = { widget: [], bare: [], handler: [] };
        for (let k = 0; k < 40; k++) {
          for (const [el, name] of [[bare, 'bare'], [ta, 'widget']]) {
            const t0 = performance.now();
            el.setRangeText(k % 2 ? '' : '字', at, k % 2 ? at + 1 : at, 'end');
            el.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, inputType: 'insertText', data: '字' }));
            if (name === 'widget') times.handler.push(performance.now() - t0);
            await frame();
            times[name].push(performance.now() - t0);
          }
        }
        bare.remove();
        const median = (a) => a.sort((x, y) => x - y)[Math.floor(a.length / 2)];
        return { widget: median(times.widget), bare: median(times.bare), handler: median(times.handler) };
      });
      const added = timing.widget - timing.bare;
      const line = `50 KB 说明, median input → next frame: ${timing.widget.toFixed(1)} ms in the widget (its input handler ${timing.handler.toFixed(1)} ms), ${timing.bare.toFixed(1)} ms in a bare textarea: ${added.toFixed(1)} ms added`;
      t.diagnostic(line);
      console.log(`# ${line}`);
      assert.ok(added < 60, line);
      await marksAre(o.page, want, 5_000);
      assertClean(o, INDEX);
    } finally {
      await o.close();
    }
  });
});
