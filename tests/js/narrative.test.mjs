// The 说明 through the wasm package: checkNarrative and draftNarrative, the narrative of an
// Evaluator, and parity with the native CLI on the corpus of tests/narrative/ (each text alone, and
// with its form when it has one). Spans are UTF-16 offsets: text.slice(start, end) is the figure.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import jixiao, { Evaluator, evaluate, read, readJson, root } from './jixiao.mjs';

const { checkNarrative, draftNarrative } = jixiao;
const cli = fileURLToPath(new URL('../../target/release/jixiao', import.meta.url));

/** `jixiao check --format json` of `files` (a form and its 说明, or a 说明 alone), parsed. */
function native(files, lang = 'zh-CN') {
  const run = spawnSync(cli, ['check', '--format', 'json', '--lang', lang, ...files], { cwd: root, encoding: 'utf8' });
  const line = JSON.parse(run.stdout.trim());
  delete line.file;
  delete line.narrativeFile;
  return line;
}

const corpus = readdirSync(new URL('tests/narrative/', `file://${root}`))
  .filter((f) => f.endsWith('.txt'))
  .sort();

describe('the corpus: wasm = native CLI', () => {
  test('is all there', () => assert.ok(corpus.length >= 13, corpus.join()));
  for (const file of corpus) {
    const stem = file.replace(/\.txt$/, '');
    const text = read(`tests/narrative/${file}`);
    const formFile = `tests/narrative/${stem}.form.json`;
    for (const lang of ['zh-CN', 'en']) {
      test(`${stem} alone, ${lang}`, () => {
        assert.deepEqual(checkNarrative(text, { lang }), native([`tests/narrative/${file}`], lang));
      });
    }
    if (existsSync(new URL(formFile, `file://${root}`))) {
      test(`${stem} with its form`, () => {
        const form = { ...readJson(formFile), narrative: text };
        const report = evaluate(form);
        assert.deepEqual(report, native([formFile, `tests/narrative/${file}`]));
        // checkNarrative with the form: the same claims and the report's narrative findings
        const checked = checkNarrative(text, { form: readJson(formFile) });
        assert.deepEqual({ found: checked.found, checked: checked.checked, claims: checked.claims }, report.narrative);
        assert.deepEqual(checked.issues, report.issues.filter((i) => i.path === 'narrative'));
      });
    }
  }
});

describe('checkNarrative', () => {
  const form = readJson('examples/shiweitang-2024.json');
  const text = form.narrative;

  test('the demo 说明: the two mistakes and the note, each span cutting its figure out of the text', () => {
    const { issues, found, checked, summary } = checkNarrative(text);
    const cut = issues.map((i) => [i.code, text.slice(i.span.start, i.span.end)]);
    assert.deepEqual(cut, [
      ['narrative.rateMismatch', '100%'],
      ['narrative.partsSumRounding', '7,110.54 万元，政府性基金预算财政拨款支出 1,559.98 万元，国有资本经营预算财政拨款支出 0 万元，其他资金支出 0 万元'],
      ['narrative.partsSumMismatch', '3,042.3 万元，项目支出 5,670.53 万元'],
    ]);
    assert.deepEqual(summary, { errors: 2, warnings: 0, infos: 1 });
    assert.ok(found > checked && checked >= 5, `${found} found, ${checked} checked`);
    const line = text.split('\n')[issues[0].span.line - 1];
    assert.equal(line.slice(issues[0].span.column - 1, issues[0].span.column + 3), '100%');
  });

  test('with a form as an object or as JSON text: the same', () => {
    const withObject = checkNarrative('自评得分为 95.20 分，评价等级为“优”。', { form });
    const withText = checkNarrative('自评得分为 95.20 分，评价等级为“优”。', { form: JSON.stringify(form) });
    assert.deepEqual(withObject, withText);
    assert.deepEqual(withObject.issues.map((i) => [i.code, i.values.table]), [['narrative.differsFromTable', '96.61 分']]);
  });

  test('what is not a 说明 is an api error; odd text is read without a throw', () => {
    assert.throws(() => checkNarrative(42), { code: 'api.invalidArgument' });
    assert.throws(() => checkNarrative('x', { lang: 'fr' }), { code: 'api.invalidOptions' });
    assert.throws(() => checkNarrative('x', { form: '{' }), { code: 'form.syntax' });
    assert.throws(() => checkNarrative('x'.repeat(16 * 1024 * 1024 + 1)), { code: 'api.narrativeTooLong' });
    const odd = [
      '\u0000执行数\u0000 95 万元',
      '完成预算的 \ud800 96% \udfff',
      '9'.repeat(10_000) + ' 万元',
      String.fromCharCode(...Array.from({ length: 4096 }, (_, i) => (i * 7919) % 65536)),
    ];
    for (const t of odd) {
      const r = checkNarrative(t);
      assert.ok(r.issues.every((i) => i.code.startsWith('narrative.')), JSON.stringify(r.issues));
    }
    // a number of 10,000 digits with a unit is said, not guessed
    assert.deepEqual(checkNarrative('9'.repeat(10_000) + ' 万元').issues.map((i) => [i.code, i.values.reason]), [
      ['narrative.unreadableNumber', 'tooLarge'],
    ]);
  });

  test('10 MB of text is read whole, in a few seconds at most', () => {
    const big = text.repeat(Math.ceil((10 * 1000 * 1000) / Buffer.byteLength(text)));
    const started = performance.now();
    const r = checkNarrative(big);
    const seconds = (performance.now() - started) / 1000;
    assert.ok(r.summary.errors > 1000, `${r.summary.errors} errors`);
    assert.ok(seconds < 30, `${seconds} s`);
  });
});

describe('draftNarrative', () => {
  test('a table without budget errors: the paragraph and the conclusion, which check clean against it', () => {
    const form = readJson('examples/mof-project-2024.json');
    const draft = draftNarrative(form);
    assert.match(draft.budget, /^全年预算数 1,200,000.00 元，执行数 1,158,600.00 元，完成预算的 96.55%。/);
    assert.equal(draft.conclusion, '自评得分为 95.66 分，评价等级为“优”。');
    assert.deepEqual(draft.issues, []);
    const checked = checkNarrative(`${draft.budget}\n${draft.conclusion}`, { form });
    assert.deepEqual(checked.summary, { errors: 0, warnings: 0, infos: 0 });
    const en = draftNarrative(form, { lang: 'en' });
    assert.match(en.budget, /^The full-year budget was 1,200,000.00 元, spending was 1,158,600.00 元, 96.55% of the budget\. By source: /);
  });

  test('a table with a budget error: no paragraph, the errors instead', () => {
    const draft = draftNarrative(readJson('examples/shiweitang-2024.json'));
    assert.equal(draft.budget, undefined);
    assert.deepEqual(draft.issues.map((i) => i.code), ['budget.natureSumMismatch']);
    assert.equal(draft.conclusion, '自评得分为 96.61 分，评价等级为“优”。');
  });
});

describe('an Evaluator with a 说明', () => {
  test("set('narrative') returns its findings and counts; a table cell re-checks it; report() = evaluate(form())", () => {
    const form = readJson('examples/shiweitang-2024.json');
    const e = new Evaluator({ ...form, narrative: undefined });
    assert.equal(e.report().narrative, undefined);
    const sentence = '全年预算数 9,022.41 万元，执行数 8,670.53 万元，完成预算的 96.2%。';
    const change = e.set('narrative', sentence);
    assert.deepEqual(change.narrative, { found: 3, checked: 3 });
    const rate = change.issues.find((i) => i.path === 'narrative');
    assert.equal(rate.code, 'narrative.budgetRateMismatch');
    const at = sentence.indexOf('96.2%');
    assert.deepEqual(rate.span, { start: at, end: at + 5, line: 1, column: at + 1 });
    // the table's 执行数 changes: the 说明's 8,670.53 now differs from it
    const after = e.set('budget.total.executed', '8,680.00');
    assert.ok(after.issues.some((i) => i.code === 'narrative.differsFromTable' && i.values.table === '8,680.00 万元'));
    assert.deepEqual(e.report(), evaluate(e.form()));
    assert.equal(e.set('narrative', null).narrative, undefined);
    e.free();
  });
});
