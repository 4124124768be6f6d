// The JavaScript API of the wasm package (pkg/), as a portal developer calls it:
// evaluate, Evaluator (set/report/form/free), parseAmount, templates, template, version;
// the float traps entered from JS as strings and as numbers; and bad input from JS, after
// which the module must still work.
//
// Run: node --test tests/js/   (needs pkg/ from `make pkg`)

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  evaluate,
  Evaluator,
  parseAmount,
  templates,
  template,
  version,
  read,
  readJson,
  wasmMemory,
} from './jixiao.mjs';

const SEED = 'examples/shiweitang-2024.json';
// the seed's table alone: its 说明 (the sample's narrative) is tests/js/narrative.test.mjs's
const seed = () => {
  const { narrative: _, ...table } = readJson(SEED);
  return table;
};
const codes = (r) => r.issues.map((i) => i.code);
const ids = (rows) => rows.map((r) => r.id).sort();
const issuesAt = (r, code) => r.issues.filter((i) => i.code === code);
const MB = 1024 * 1024;
const PKG_VERSION = JSON.parse(read('pkg/package.json')).version;

/** A 2-decimal string ("96.61") as integer hundredths, so sums are exact. */
const cents = (s) => {
  assert.match(s, /^\d+\.\d{2}$/, `not a 2-decimal score: ${s}`);
  return BigInt(s.replace('.', ''));
};

// ---------------------------------------------------------------------------------------------
// Liveness: after every error the next calls still work, with the same answers as before.
// ---------------------------------------------------------------------------------------------

const baseline = JSON.stringify(evaluate(seed(), { lang: 'en' }));
const witness = new Evaluator(seed(), { lang: 'en' });
const witnessReport = JSON.stringify(witness.report());

function assertAlive() {
  assert.equal(JSON.stringify(evaluate(seed(), { lang: 'en' })), baseline, 'evaluate gives the same report after the error');
  assert.equal(JSON.stringify(witness.report()), witnessReport, 'an evaluator made before the error is intact');
  const fixed = witness.set('budget.byNature.basic.executed', '3,000.00');
  assert.equal(fixed.summary.errors, 0);
  const back = witness.set('budget.byNature.basic.executed', '3,042.3');
  assert.deepEqual(codes(back), ['budget.sourceSumRounding', 'budget.natureSumMismatch']);
  assert.equal(JSON.stringify(witness.report()), witnessReport);
  const fresh = new Evaluator('{"version": 1}');
  assert.equal(fresh.set('budget.total.planned', '1').budget.planned, '1.00');
  fresh.free();
  assert.equal(parseAmount('9,022.41').value, '9022.41');
  assert.equal(template('mof-project').id, 'mof-project');
  assert.equal(version(), PKG_VERSION);
}


/**
 * Calls `fn`, which must throw a plain `Error` (not a TypeError from the glue, not a wasm trap)
 * whose `code` is `code` (a string or a RegExp); then checks the module still works.
 */
function throwsCode(fn, code, message) {
  let thrown;
  let returned;
  try {
    returned = fn();
  } catch (e) {
    thrown = e;
  }
  try {
    assert.ok(thrown !== undefined, `${message ?? 'call'}: expected a throw, got ${JSON.stringify(returned)?.slice(0, 200)}`);
    assert.ok(thrown instanceof Error, `${message ?? 'call'}: threw a non-Error ${String(thrown)}`);
    assert.ok(!(thrown instanceof WebAssembly.RuntimeError), `${message ?? 'call'}: a wasm trap reached JS: ${thrown.message}`);
    assert.equal(thrown.name, 'Error', `${message ?? 'call'}: threw a ${thrown.name} (${thrown.message}), not an Error with a code`);
    if (code instanceof RegExp) assert.match(String(thrown.code), code, `${message ?? 'call'}: code of "${thrown.message}"`);
    else assert.equal(thrown.code, code, `${message ?? 'call'}: code of "${thrown.message}"`);
    assert.equal(typeof thrown.message, 'string');
    assert.ok(thrown.message.length > 0 && thrown.message.length < 2000, 'the message is short');
  } finally {
    assertAlive();
  }
  return thrown;
}

/** Calls `fn`, which must throw something; the module must still work afterwards. */
function throwsAndSurvives(fn, message) {
  let thrown;
  try {
    fn();
  } catch (e) {
    thrown = e;
  }
  assert.ok(thrown !== undefined, `${message}: expected a throw`);
  assertAlive();
  return thrown;
}

test('liveness check itself is sound', () => {
  assertAlive();
  assert.throws(() => throwsCode(() => 1, 'x'), /expected a throw/);
  assert.throws(() => throwsCode(() => { throw new TypeError('t'); }, 'x'), /TypeError/);
  assert.throws(() => throwsCode(() => { throw Object.assign(new Error('e'), { code: 'a' }); }, 'b'), /code/);
});

// ---------------------------------------------------------------------------------------------
// evaluate
// ---------------------------------------------------------------------------------------------

describe('evaluate', () => {
  test('the seed: score, grade, rate and the two budget findings', () => {
    const r = evaluate(seed());
    assert.equal(r.version, 1);
    assert.equal(r.lang, 'zh-CN');
    assert.equal(r.template, 'gd-dept-overall');
    assert.equal(r.moneyUnit, '万元');
    assert.deepEqual(r.unit, { name: '广州市荔湾区人民政府石围塘街道办事处', year: '2024' });
    assert.equal(r.score, '96.61');
    assert.equal(r.maxScore, '100');
    assert.equal(r.grade, '优');
    assert.equal(r.gradeEn, 'Excellent');
    assert.deepEqual(r.claimed, { score: '96.61', grade: '优' });

    // 执行率 8670.53 / 9022.41 = 96.0999…% → 96.10, and the stated 96.1% matches
    assert.equal(r.budget.planned, '9022.41');
    assert.equal(r.budget.executed, '8670.53');
    assert.equal(r.budget.rate, '96.10');
    assert.match(r.budget.rateExact, /^96\.09993338808588836020531\d*$/);
    assert.equal(r.budget.statedRate, '96.1%');
    assert.ok(!codes(r).some((c) => c.startsWith('budget.statedRate')), codes(r).join());

    // sources 7110.54 + 1559.98 + 0 + 0 = 8670.52: 0.01 off, rounding (info)
    assert.deepEqual(r.budget.bySource.executed, {
      sum: '8670.52', total: '8670.53', difference: '-0.01', tolerance: '0.03', verdict: 'rounding',
    });
    // natures 3042.3 + 5670.53 = 8712.83: 42.30 off, an error
    assert.deepEqual(r.budget.byNature.executed, {
      sum: '8712.83', total: '8670.53', difference: '42.30', tolerance: '0.01', verdict: 'mismatch',
    });
    assert.equal(r.budget.bySource.planned, undefined);

    assert.deepEqual(
      r.issues.map(({ code, severity, path }) => ({ code, severity, path })),
      [
        { code: 'budget.sourceSumRounding', severity: 'info', path: 'budget.bySource.executed' },
        { code: 'budget.natureSumMismatch', severity: 'error', path: 'budget.byNature.executed' },
      ],
    );
    assert.equal(r.issues[0].values.difference, '0.01');
    assert.equal(r.issues[0].values.sum, '8,670.52');
    assert.equal(r.issues[1].values.difference, '42.30');
    assert.equal(r.issues[1].values.sum, '8,712.83');
    assert.match(r.issues[1].message, /8,712\.83/);
    assert.match(r.issues[1].message, /42\.30/);
    assert.deepEqual(r.summary, { errors: 1, warnings: 0, infos: 1 });
  });

  test('the seed: leaves and subtotals add up to the total', () => {
    const r = evaluate(seed());
    assert.equal(r.leaves.length, 19);
    const total = r.leaves.reduce((s, l) => s + cents(l.score), 0n);
    assert.equal(total, cents(r.score));
    const weights = r.leaves.reduce((s, l) => s + BigInt(l.maxScore), 0n);
    assert.equal(weights, 100n);
    const leaf = Object.fromEntries(r.leaves.map((l) => [l.id, l]));
    // 5 × 90.96 / 95 = 4.7873… → 4.79
    assert.equal(leaf['1.1.2'].score, '4.79');
    assert.equal(leaf['1.1.2'].rule, 'proportional');
    assert.equal(leaf['1.1.2'].met, false);
    assert.equal(leaf['1.1.2'].parent, '1.1');
    // 12 × 96.0999…% = 11.5319… → 11.53
    assert.equal(leaf['2.1.1'].score, '11.53');
    assert.equal(leaf['2.1.1'].rule, 'budgetExecution');
    const sub = Object.fromEntries(r.subtotals.map((s) => [s.id, s]));
    assert.deepEqual(ids(r.subtotals), ['1', '1.1', '1.2', '2', '2.1', '2.2', '2.3', '2.4', '2.5']);
    assert.equal(sub['1'].score, '49.08');
    assert.equal(sub['2'].score, '47.53');
    assert.equal(cents(sub['1'].score) + cents(sub['2'].score), cents(r.score));
    for (const s of r.subtotals) {
      const children = [...r.leaves, ...r.subtotals].filter((x) => x.parent === s.id);
      assert.equal(children.reduce((a, c) => a + cents(c.score), 0n), cents(s.score), `subtotal ${s.id}`);
    }
  });

  test('lang: zh-CN by default, en on request, same findings', () => {
    const form = seed();
    const zh = evaluate(form);
    for (const same of [evaluate(form, {}), evaluate(form, undefined), evaluate(form, null), evaluate(form, { lang: 'zh-CN' }), evaluate(form, { lang: 'zh' })]) {
      assert.deepEqual(same, zh);
    }
    const en = evaluate(form, { lang: 'en' });
    assert.equal(en.lang, 'en');
    assert.deepEqual(evaluate(form, { lang: 'en-US' }), en);
    assert.deepEqual(codes(en), codes(zh));
    assert.equal(en.score, zh.score);
    assert.match(zh.issues[1].message, /基本支出/);
    assert.match(en.issues[1].message, /^Full-year spending: basic and project spending add up to 8,712\.83/);
    assert.doesNotMatch(en.issues[1].message, /[\u4e00-\u9fff]{2}/);
    assert.notEqual(en.leaves[0].explain, zh.leaves[0].explain);
  });

  test('a form as JSON text gives the same report as the object', () => {
    const text = read(SEED);
    assert.deepEqual(evaluate(text, { lang: 'en' }), evaluate(JSON.parse(text), { lang: 'en' }));
  });

  test('numbers cross as strings: the only JS numbers are counts and places in the 说明', () => {
    const numbers = [];
    const walk = (v, path) => {
      if (typeof v === 'number') numbers.push(path);
      else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, `${path}.${k}`);
    };
    const counts = /^\$\.(version|summary\.(errors|warnings|infos)|narrative\.(found|checked)|(issues|narrative\.claims)\.\d+\.span\.(start|end|line|column))$/;
    for (const file of ['examples/shiweitang-2024.json', 'examples/mof-project-2024.json', 'examples/mistakes.json']) {
      numbers.length = 0;
      walk(evaluate(readJson(file)), '$');
      assert.ok(numbers.includes('$.version'));
      assert.deepEqual(numbers.filter((p) => !counts.test(p)), [], file);
      // the sample with a 说明 has places in it; the others have none
      assert.equal(numbers.some((p) => p.endsWith('.span.start')), file.includes('shiweitang'), file);
    }
  });

  test('a report is a fresh plain object each time', () => {
    const a = evaluate(seed());
    assert.equal(Object.getPrototypeOf(a), Object.prototype);
    assert.ok(Array.isArray(a.issues));
    assert.deepEqual(JSON.parse(JSON.stringify(a)), a);
    a.score = 'tampered';
    a.issues.length = 0;
    const b = evaluate(seed());
    assert.equal(b.score, '96.61');
    assert.equal(b.issues.length, 2);
  });

  test('a form of the wrong shape throws form.* with path, line and column', () => {
    let e = throwsCode(() => evaluate({ version: 1, bogus: 1 }), 'form.invalid');
    assert.equal(e.path, 'bogus');
    assert.equal(e.line, 1);
    assert.equal(typeof e.column, 'number');
    assert.match(e.message, /^字段类型或名称不对/);
    e = throwsCode(() => evaluate({ version: 1, bogus: 1 }, { lang: 'en' }), 'form.invalid');
    assert.match(e.message, /^Wrong field or type: unknown field `bogus`/);

    e = throwsCode(() => evaluate('{"version": 1,\n  "budget": {"total": {"planned": [1]}}}', { lang: 'en' }), 'form.invalid');
    assert.equal(e.path, 'budget.total.planned');
    assert.equal(e.line, 2);
    assert.equal(e.column, 35, 'the column of the offending value\'s first byte, \'[\'');

    e = throwsCode(() => evaluate('{"version": 1,\n  "unit": ', { lang: 'en' }), 'form.syntax');
    assert.equal(e.line, 2);
    assert.match(e.message, /^Malformed JSON/);

    throwsCode(() => evaluate({ version: 2 }), 'form.version');
    throwsCode(() => evaluate({ indicators: [] }), 'form.invalid');
    throwsCode(() => evaluate({ version: '1' }), 'form.invalid');
    throwsCode(() => evaluate({ version: 1, template: 'nope' }), 'form.unknownTemplate');
    e = throwsCode(
      () => evaluate({ version: 1, indicators: [{ id: 'a', weight: 50 }, { id: 'a', weight: 50 }] }),
      'form.duplicateId',
    );
    assert.equal(typeof e.path, 'string');
    throwsCode(() => evaluate({ version: 1, indicators: [{ id: '', weight: 1 }] }), 'form.emptyId');
    throwsCode(() => evaluate({ version: 1, indicators: [{ id: 'a', weight: 1, rule: { kind: 'perPoint' } }] }), 'form.ruleMissingParameter');
    throwsCode(() => new Evaluator({ version: 1, bogus: 1 }), 'form.invalid');
  });
});

// ---------------------------------------------------------------------------------------------
// Evaluator
// ---------------------------------------------------------------------------------------------

describe('Evaluator', () => {
  test('report() of a new evaluator equals evaluate()', () => {
    for (const lang of ['zh-CN', 'en']) {
      const e = new Evaluator(seed(), { lang });
      assert.deepEqual(e.report(), evaluate(seed(), { lang }));
      e.free();
    }
    const e = new Evaluator(read(SEED));
    assert.deepEqual(e.report(), evaluate(readJson(SEED)));
    e.free();
  });

  test('set() of a leaf returns only that leaf and its parents', () => {
    const e = new Evaluator(seed(), { lang: 'en' });
    const c = e.set('indicators.1.1.2.actual', '95%');
    assert.deepEqual(Object.keys(c).sort(), ['grade', 'gradeEn', 'issues', 'leaves', 'maxScore', 'score', 'subtotals', 'summary']);
    assert.equal(c.budget, undefined, 'no budget figures for an indicator cell');
    assert.deepEqual(ids(c.leaves), ['1.1.2']);
    assert.deepEqual(ids(c.subtotals), ['1', '1.1']);
    const [leaf] = c.leaves;
    assert.equal(leaf.score, '5.00');
    assert.equal(leaf.claimedScore, '4.79');
    assert.equal(leaf.met, true);
    assert.equal(c.subtotals.find((s) => s.id === '1.1').score, '24.29');
    assert.equal(c.subtotals.find((s) => s.id === '1').score, '49.29');
    assert.equal(c.score, '96.82');
    assert.equal(c.grade, '优');
    assert.equal(c.maxScore, '100');
    // the claimed 4.79 no longer matches the rule's 5.00
    const differs = issuesAt(c, 'indicators.scoreDiffers');
    assert.equal(differs.length, 1);
    assert.equal(differs[0].path, 'indicators.1.1.2.score');
    assert.equal(differs[0].severity, 'warning');
    // the change agrees with a full report
    const r = e.report();
    assert.equal(r.score, c.score);
    assert.deepEqual(r.issues, c.issues);
    assert.deepEqual(r.summary, c.summary);
    assert.deepEqual(r.leaves.find((l) => l.id === '1.1.2'), leaf);

    // typing the same text again changes no row
    const again = e.set('indicators.1.1.2.actual', '95%');
    assert.deepEqual(again.leaves, []);
    assert.deepEqual(again.subtotals, []);
    assert.equal(again.score, '96.82');
    e.free();
  });

  test('fixing budget.byNature.basic.executed to 3,000.00 clears the natures error', () => {
    const e = new Evaluator(seed(), { lang: 'en' });
    assert.ok(codes(e.report()).includes('budget.natureSumMismatch'));
    const c = e.set('budget.byNature.basic.executed', '3,000.00');
    assert.deepEqual(c.leaves, [], 'natures do not change the rate, so no leaf');
    assert.deepEqual(c.subtotals, []);
    assert.equal(c.score, '96.61');
    assert.deepEqual(c.budget.byNature.executed, {
      sum: '8670.53', total: '8670.53', difference: '0.00', tolerance: '0.01', verdict: 'equal',
    });
    assert.equal(c.budget.rate, '96.10');
    assert.deepEqual(codes(c), ['budget.sourceSumRounding']);
    assert.deepEqual(c.summary, { errors: 0, warnings: 0, infos: 1 });
    assert.deepEqual(e.report().issues, c.issues);
    // and back
    const back = e.set('budget.byNature.basic.executed', '3,042.3');
    assert.deepEqual(codes(back), ['budget.sourceSumRounding', 'budget.natureSumMismatch']);
    // the same fix typed as a JS number
    const n = e.set('budget.byNature.basic.executed', 3000);
    assert.equal(n.budget.byNature.executed.verdict, 'equal');
    assert.deepEqual(codes(n), ['budget.sourceSumRounding']);
    assert.equal(e.form().budget.byNature.basic.executed, '3000');
    e.free();
  });

  test('a budget cell that moves the rate re-scores the 预算执行率 leaf and its parents', () => {
    const e = new Evaluator(seed(), { lang: 'en' });
    const c = e.set('budget.total.executed', '9,022.41');
    assert.equal(c.budget.rate, '100.00');
    assert.deepEqual(ids(c.leaves), ['2.1.1']);
    assert.deepEqual(ids(c.subtotals), ['2', '2.1']);
    assert.equal(c.leaves[0].score, '12.00');
    assert.equal(c.score, '97.08');
    assert.ok(codes(c).includes('budget.statedRateMismatch'), codes(c).join());
    assert.ok(codes(c).includes('indicators.budgetRateMismatch'), codes(c).join());
    assert.deepEqual(e.report().issues, c.issues);
    e.free();
  });

  test('after any sequence of set() calls, report() equals evaluate(form())', () => {
    for (const lang of ['zh-CN', 'en']) {
      const e = new Evaluator(seed(), { lang });
      const steps = [
        ['indicators.1.1.2.actual', '95%'],
        ['indicators.1.1.3.actual', 97],
        ['indicators.1.1.5.score', '5'],
        ['indicators.2.3.1.level', '优'],
        ['indicators.1.2.4.actual', '未下降'],
        ['budget.total.planned', '9,100.00'],
        ['budget.statedRate', 0.953],
        ['budget.bySource.other.executed', null],
        ['budget.byNature.project.executed', '5 670,53'],
        ['indicators.1.1.4.actual', 'lots'],
        ['claimed.score', '90'],
        ['claimed.grade', '良'],
        ['unit.year', 2024],
        ['indicators.1.1.name', '产出'],
        ['moneyUnit', '元'],
        ['budget.reason', ''],
        ['indicators.2.1.2.actual', '5%'],
      ];
      for (const [path, text] of steps) {
        const c = e.set(path, text);
        const r = e.report();
        assert.equal(c.score, r.score, path);
        assert.equal(c.grade, r.grade, path);
        assert.deepEqual(c.issues, r.issues, path);
        assert.deepEqual(c.summary, r.summary, path);
        for (const leaf of c.leaves) assert.deepEqual(leaf, r.leaves.find((l) => l.id === leaf.id), path);
        for (const s of c.subtotals) assert.deepEqual(s, r.subtotals.find((x) => x.id === s.id), path);
        assert.deepEqual(r, evaluate(e.form(), { lang }), `after ${path}`);
      }
      e.free();
    }
  });

  test('set() returns exactly what changed, for random typing on every sample', () => {
    // a fixed pseudo-random sequence, so a failure is reproducible
    let state = 20240601;
    const random = () => ((state = (state * 1103515245 + 12345) % 2147483648) / 2147483648);
    const pick = (list) => list[Math.floor(random() * list.length)];
    const texts = ['95%', '100%', '0', '', null, 'abc', '8 670,53', '9,022.41', '1.35亿元', 3000, 0.1, 1.005, '—', '优',
      '良', '差', '按时完成', '明显下降', '≥90%', '≤5', '=100%', '50', '5', '-3', '110%', '0.958', 12, '1e3', '达成', '12元'];
    const budgetPaths = ['budget.total.planned', 'budget.total.executed', 'budget.statedRate', 'budget.reason',
      'budget.bySource.generalPublic.executed', 'budget.bySource.other.planned', 'budget.byNature.basic.executed',
      'budget.byNature.project.planned', 'claimed.score', 'claimed.grade', 'unit.year', 'goals.reason'];
    const json = (x) => JSON.stringify(x);
    for (const file of ['examples/shiweitang-2024.json', 'examples/mof-project-2024.json', 'examples/mistakes.json']) {
      for (const lang of ['zh-CN', 'en']) {
        const e = new Evaluator(readJson(file), { lang });
        let before = e.report();
        const leaves = before.leaves.map((l) => l.id);
        const parents = before.subtotals.map((s) => s.id);
        for (let step = 0; step < 120; step++) {
          const r = random();
          const path = r < 0.6
            ? `indicators.${pick(leaves)}.${pick(['actual', 'target', 'score', 'weight', 'level', 'reason', 'name'])}`
            : r < 0.7 ? `indicators.${pick(parents)}.${pick(['weight', 'name'])}` : pick(budgetPaths);
          const text = pick(texts);
          const where = `${file} ${lang} step ${step}: set(${path}, ${json(text)})`;
          const c = e.set(path, text);
          const after = e.report();
          const changed = (rows, old) => rows.filter((x) => json(x) !== json(old.find((o) => o.id === x.id))).map((x) => x.id).sort();
          assert.deepEqual(ids(c.leaves), changed(after.leaves, before.leaves), `${where}: leaves`);
          assert.deepEqual(ids(c.subtotals), changed(after.subtotals, before.subtotals), `${where}: subtotals`);
          for (const l of c.leaves) assert.deepEqual(l, after.leaves.find((x) => x.id === l.id), where);
          for (const s of c.subtotals) assert.deepEqual(s, after.subtotals.find((x) => x.id === s.id), where);
          assert.deepEqual(
            [c.score, c.maxScore, c.grade, c.gradeEn, c.issues, c.summary],
            [after.score, after.maxScore, after.grade, after.gradeEn, after.issues, after.summary],
            where,
          );
          assert.equal('budget' in c, path.startsWith('budget.'), `${where}: budget figures iff a budget cell`);
          if (c.budget) assert.deepEqual(c.budget, after.budget, where);
          assert.deepEqual(after, evaluate(e.form(), { lang }), `${where}: report() ≠ evaluate(form())`);
          before = after;
        }
        e.free();
      }
    }
  });

  test('every change lists every finding, though the module sends them only when they changed', () => {
    const e = new Evaluator(seed());
    const same = (c, where) => assert.deepEqual(c.issues, e.report().issues, where);
    const first = e.set('unit.preparer', '张三');
    same(first, 'first set');
    // the caller empties and refills its list: no later change may see that
    first.issues.length = 0;
    first.issues.push({ code: 'mine' });
    const second = e.set('unit.preparer', '李四');
    same(second, 'the findings did not change');
    assert.notEqual(second.issues, first.issues, 'a list of its own');
    same(e.set('budget.total.executed', '8,000'), 'the findings changed');
    same(e.set('budget.total.executed', '8,001'), 'changed again');
    same(e.set('budget.total.executed', '8,001'), 'the same cell, the same text');
    // a row added or removed sends its change whole; the next keystroke must not lean on older lists
    const { id } = e.addRow('1.1');
    same(e.set(`indicators.${id}.weight`, '1'), 'after addRow');
    e.removeRow(id);
    same(e.set('indicators.1.1.2.actual', '94%'), 'after removeRow');
    assert.throws(() => e.set('indicators.nope.actual', '1'));
    same(e.set('indicators.1.1.2.actual', '93%'), 'after a refused set');
    e.free();
  });

  test('form() keeps text that does not parse, and clears on null / ""', () => {
    const e = new Evaluator(seed(), { lang: 'en' });
    assert.deepEqual(e.form(), seed());
    let c = e.set('indicators.1.1.2.actual', 'ninety-five');
    const unreadable = issuesAt(c, 'indicators.unreadableActual');
    assert.equal(unreadable.length, 1);
    assert.equal(unreadable[0].path, 'indicators.1.1.2.actual');
    assert.match(unreadable[0].message, /ninety-five/);
    c = e.set('budget.total.executed', '8 670,53');
    const amb = issuesAt(c, 'input.ambiguousNumber');
    assert.equal(amb.length, 1);
    assert.equal(amb[0].path, 'budget.total.executed');
    assert.equal(amb[0].severity, 'error');
    e.set('unit.name', '  石围塘 \t');

    const form = e.form();
    assert.equal(form.indicators[0].children[1].actual, 'ninety-five');
    assert.equal(form.budget.total.executed, '8 670,53');
    assert.equal(form.unit.name, '  石围塘 \t', 'text is kept exactly as typed');
    // form() is a copy
    form.budget.total.executed = '1';
    assert.equal(e.form().budget.total.executed, '8 670,53');

    for (const clear of [null, '', undefined]) {
      e.set('budget.total.executed', '8,670.53');
      c = e.set('budget.total.executed', clear);
      assert.equal(e.form().budget.total.executed ?? null, null, `cleared by ${String(clear)}`);
      const missing = issuesAt(c, 'budget.missingAmount').map((i) => i.path);
      assert.deepEqual(missing, ['budget.total.executed']);
    }
    e.free();
  });

  test('set() with an options lang: messages of findings and errors follow it', () => {
    const en = new Evaluator(seed(), { lang: 'en' });
    const zh = new Evaluator(seed());
    assert.equal(
      en.set('indicators.1.1.2.actual', 'x').issues.at(-1).message,
      'Indicator "12345热线工单按时完成率（示意）": the actual value "x" cannot be read',
    );
    assert.equal(zh.set('indicators.1.1.2.actual', 'x').issues.at(-1).message, '指标「12345热线工单按时完成率（示意）」的实际完成值「x」无法识别');
    assert.match(throwsCode(() => en.set('nope', '1'), 'api.unknownPath').message, /names no field/);
    assert.match(throwsCode(() => zh.set('nope', '1'), 'api.unknownPath').message, /不是表单中的栏目/);
    en.free();
    zh.free();
  });

  test('free(): a freed evaluator throws api.freed on use, in its language; the module and other evaluators live on', () => {
    const other = new Evaluator(seed());
    const e = new Evaluator(seed());
    e.set('budget.total.executed', '1');
    e.free();
    for (const [name, use] of [
      ['report', () => e.report()],
      ['set', () => e.set('budget.total.executed', '2')],
      ['form', () => e.form()],
    ]) {
      const err = throwsCode(use, 'api.freed', name);
      assert.ok(err instanceof Error, `${name}: ${String(err)}`);
      assert.match(err.message, /已经释放/, name);
    }
    const en = new Evaluator(seed(), { lang: 'en' });
    en.free();
    assert.match(throwsCode(() => en.report(), 'api.freed').message, /has been freed/);
    assert.deepEqual(other.report(), evaluate(seed()));
    other.free();
  });

  test('free() twice, or free() then Symbol.dispose (a `using` block after free()), does nothing more', () => {
    const e = new Evaluator(seed());
    e.free();
    e.free();
    e[Symbol.dispose]();
    assertAlive();
    const d = new Evaluator(seed());
    assert.equal(typeof d[Symbol.dispose], 'function');
    d[Symbol.dispose]();
    d[Symbol.dispose]();
    throwsCode(() => d.report(), 'api.freed', 'disposed');
  });

  test('methods called on an object new Evaluator() did not make throw api.notAnEvaluator and touch no memory', () => {
    const live = new Evaluator(seed());
    const before = JSON.stringify(live.report());
    for (const self of [{ __wbg_ptr: 12345 }, { __wbg_ptr: 8 }, Object.create(Evaluator.prototype), {}, null, undefined, 42]) {
      for (const name of ['set', 'report', 'form', 'free']) {
        throwsCode(() => Evaluator.prototype[name].call(self, 'unit.name', 'x'), 'api.notAnEvaluator', `${name} on ${String(self)}`);
      }
    }
    assert.equal(JSON.stringify(live.report()), before, 'the live evaluator is untouched');
    live.free();
  });

  test('free(): create/free cycles do not grow the wasm memory', () => {
    const text = read(SEED);
    const warm = () => {
      for (let i = 0; i < 200; i++) {
        const e = new Evaluator(text);
        e.set('budget.total.executed', String(i));
        e.free();
      }
    };
    warm();
    const before = wasmMemory().buffer.byteLength;
    for (let i = 0; i < 10; i++) warm();
    assert.equal(wasmMemory().buffer.byteLength, before, '2,000 create/set/free cycles grew the memory');
  });

  test('addRow, removeRow, moveRow: the unit builds its own rows, and the evaluator stays equal to a fresh evaluation', () => {
    const e = new Evaluator({ version: 1, template: 'gd-dept-overall' });
    const added = [];
    for (const part of ['1.1', '1.2']) {
      for (let n = 1; n <= 5; n++) {
        const { id, change } = e.addRow(part);
        assert.equal(id, `${part}.${n}`);
        assert.ok(change.leaves.some((l) => l.id === id), 'the new leaf is in the change');
        added.push(id);
      }
    }
    for (const id of added) {
      e.set(`indicators.${id}.name`, `指标 ${id}`);
      e.set(`indicators.${id}.weight`, 5);
      e.set(`indicators.${id}.target`, '≥90%');
      e.set(`indicators.${id}.actual`, '95%');
    }
    assert.deepEqual(e.report(), evaluate(e.form()));
    assert.equal(e.addRow('1.1', { position: 0 }).id, '1.1.6');
    const under = (id) => e.form().indicators.find((r) => r.id === id).children.map((r) => r.id);
    assert.deepEqual(under('1.1'), ['1.1.6', '1.1.1', '1.1.2', '1.1.3', '1.1.4', '1.1.5']);
    e.moveRow('1.1.6', '1.1');
    assert.deepEqual(under('1.1'), ['1.1.1', '1.1.2', '1.1.3', '1.1.4', '1.1.5', '1.1.6']);
    const change = e.removeRow('1.1.6');
    assert.equal(change.score, e.report().score);
    assert.equal(e.addRow('1.1').id, '1.1.7', 'a removed id is never taken again');
    e.removeRow('1.1.7');
    assert.deepEqual(e.report(), evaluate(e.form()));
    throwsCode(() => e.addRow('2.1'), 'api.notOpen');
    throwsCode(() => e.addRow(null), 'api.notOpen');
    throwsCode(() => e.removeRow('2.1.1'), 'api.fixedByTemplate');
    throwsCode(() => e.moveRow('1.1.2', '1.1.1'), 'api.notOpen', 'a leaf with values takes no rows');
    throwsCode(() => e.removeRow('9'), 'api.unknownRow');
    throwsCode(() => e.addRow('1.1', { kind: 'table' }), 'api.invalidOptions');
    throwsCode(() => e.addRow('1.1', { position: -1 }), 'api.invalidOptions');
    throwsCode(() => e.addRow('1.1', { position: 1.5 }), 'api.invalidOptions');
    throwsCode(() => e.removeRow(7), 'api.invalidArgument');
    e.free();
  });

  test('addRow with kind "group" and rules chosen with set(…rule): a form with no template, from nothing', () => {
    const e = new Evaluator({ version: 1 }, { lang: 'en' });
    const { id, change } = e.addRow(null, { kind: 'group' });
    assert.equal(id, '1');
    assert.deepEqual(change.leaves.map((l) => l.id), ['1.1']);
    e.set('indicators.1.1.weight', '100');
    e.set('indicators.1.1.target', '≤50');
    e.set('indicators.1.1.actual', '60');
    assert.equal(e.report().leaves[0].rule, 'inverse');
    const c = e.set('indicators.1.1.rule', 'proportional');
    assert.equal(c.leaves[0].rule, 'proportional');
    assert.equal(c.score, '100.00');
    assert.match(throwsCode(() => e.set('indicators.1.1.rule', 'bands'), 'api.badRule').message, /proportional, inverse/);
    throwsCode(() => e.moveRow('1', '1'), 'api.moveIntoItself');
    assert.deepEqual(e.report(), evaluate(e.form(), { lang: 'en' }));
    e.free();
  });

});

// ---------------------------------------------------------------------------------------------
// parseAmount, templates, template, version
// ---------------------------------------------------------------------------------------------

describe('parseAmount', () => {
  test('amounts as people type them (domain §6)', () => {
    const wan = { value: '9022.41', unit: '万元', typedUnit: '万元' };
    assert.deepEqual(parseAmount('9,022.41'), wan);
    assert.deepEqual(parseAmount('9022.41万元'), wan);
    assert.deepEqual(parseAmount('９０２２．４１'), wan);
    assert.deepEqual(parseAmount('9,022.41', null), wan);
    assert.deepEqual(parseAmount('9,022.41', ''), wan);
    assert.deepEqual(parseAmount('1.35亿元'), { value: '13500.00', unit: '万元', typedUnit: '亿元' });
    assert.deepEqual(parseAmount('1.35亿元', '元'), { value: '135000000.00', unit: '元', typedUnit: '亿元' });
    assert.deepEqual(parseAmount('1.35亿元', '亿元'), { value: '1.35', unit: '亿元', typedUnit: '亿元' });
    // exact unit conversion: 1 亿元 = 10000 万元 = 100000000 元
    assert.deepEqual(parseAmount('1亿元', '元'), { value: '100000000', unit: '元', typedUnit: '亿元' });
    assert.deepEqual(parseAmount('1元', '亿元'), { value: '0.00000001', unit: '亿元', typedUnit: '元' });
    assert.deepEqual(parseAmount('1元'), { value: '0.0001', unit: '万元', typedUnit: '元' });
  });

  test('empty cells are not amounts and not errors', () => {
    for (const t of ['', '—', '   ']) assert.deepEqual(parseAmount(t), { unit: '万元' }, JSON.stringify(t));
  });

  test('what cannot be read is refused with a message quoting the input', () => {
    const cases = [
      ['8 670,53', 'input.ambiguousNumber'],
      ['abc', 'input.unreadableNumber'],
      ['1.2.3', 'input.unreadableNumber'],
      ['96.1%', 'input.wrongUnit'],
      ['12345678901234567890123456789', 'input.numberTooLarge'],
    ];
    for (const [text, code] of cases) {
      const r = parseAmount(text);
      assert.equal(r.value, undefined, text);
      assert.equal(r.unit, '万元');
      assert.equal(r.error.code, code, text);
      assert.ok(r.error.message.includes(text), `${r.error.message} quotes ${text}`);
    }
  });

  test('an unknown unit throws api.badMoneyUnit', () => {
    const e = throwsCode(() => parseAmount('1', '美元'), 'api.badMoneyUnit');
    assert.match(e.message, /美元/);
  });
});

describe('templates, template, version', () => {
  test('templates() lists the built-in templates', () => {
    const list = templates();
    assert.deepEqual(list.map((t) => t.id), ['gd-dept-overall', 'mof-project']);
    for (const t of list) {
      assert.deepEqual(Object.keys(t).sort(), ['id', 'name', 'nameEn']);
      assert.match(t.name, /[\u4e00-\u9fff]/);
      assert.match(t.nameEn, /^[\x20-\x7e]+$/);
    }
  });

  test('template(id): weights and grade bands as data', () => {
    for (const { id, name } of templates()) {
      const t = template(id);
      assert.equal(t.id, id);
      assert.equal(t.name, name);
      assert.equal(t.totalWeight, '100');
      assert.deepEqual(t.grades.map((g) => [g.min, g.grade]), [['90', '优'], ['80', '良'], ['60', '中'], [undefined, '差']]);
      assert.equal(t.indicators.reduce((s, n) => s + Number(n.weight), 0), 100);
      assert.deepEqual(template(id), t, 'the same each time');
    }
    // MOF: 产出 50, 效益 30, 服务对象满意度 10, 预算执行率 10
    assert.deepEqual(template('mof-project').indicators.map((n) => n.weight), ['50', '30', '10', '10']);
    // gd-dept-overall: placeholder 50/50
    const gd = template('gd-dept-overall');
    assert.deepEqual(gd.indicators.map((n) => [n.id, n.weight]), [['1', '50'], ['2', '50']]);
    const rate = gd.indicators[1].children[0].children[0];
    assert.equal(rate.id, '2.1.1');
    assert.equal(rate.rule.kind, 'budgetExecution');
  });

  test('template(unknown) throws api.unknownTemplate', () => {
    assert.match(throwsCode(() => template('nope'), 'api.unknownTemplate').message, /nope/);
    throwsCode(() => template(''), 'api.unknownTemplate');
  });

  test("the entry point exports each of the glue's functions, wrapped, and nothing internal", async () => {
    const entry = await import('../../pkg/jixiao.js');
    const glue = await import('../../pkg/jixiao_wasm.js');
    const internal = ['misuseError'];
    assert.deepEqual(Object.keys(entry).sort(), Object.keys(glue).filter((k) => !internal.includes(k)).sort());
    for (const name of Object.keys(entry)) {
      assert.equal(typeof entry[name], 'function', name);
      assert.notEqual(entry[name], glue[name], `${name} is the entry point's own`);
    }
  });

  test('every function called before init() throws api.notLoaded, in the language asked for', () => {
    // a process of its own: this one loaded the module when it imported tests/js/jixiao.mjs
    const script = `
      const m = await import(${JSON.stringify(new URL('../../pkg/jixiao.js', import.meta.url).href)});
      const out = [];
      const calls = {
        evaluate: () => m.evaluate({ version: 1 }),
        evaluateEn: () => m.evaluate({ version: 1 }, { lang: 'en-GB' }),
        Evaluator: () => new m.Evaluator({ version: 1 }),
        checkNarrative: () => m.checkNarrative('x'),
        draftNarrative: () => m.draftNarrative({ version: 1 }),
        parseAmount: () => m.parseAmount('1', '万元'),
        templates: () => m.templates(),
        template: () => m.template('gd-dept-overall'),
        version: () => m.version(),
      };
      for (const [name, call] of Object.entries(calls)) {
        try { call(); out.push([name, 'returned']); } catch (e) { out.push([name, e.name, e.code, e.message]); }
      }
      console.log(JSON.stringify(out));`;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    const out = JSON.parse(run.stdout);
    assert.equal(out.length, 9);
    for (const [name, kind, code, message] of out) {
      assert.equal(kind, 'Error', `${name}: ${message}`);
      assert.equal(code, 'api.notLoaded', name);
      assert.equal(message, name === 'evaluateEn' ? 'The engine is not loaded yet: call and await init() first' : '引擎尚未加载：请先调用 init() 并等待其完成', name);
    }
  });

  test("the workbook module's functions called before its init() throw api.notLoaded", () => {
    const script = `
      const m = await import(${JSON.stringify(new URL('../../pkg/office.js', import.meta.url).href)});
      const out = [];
      for (const [name, call] of [
        ['readWorkbook', () => m.readWorkbook(new Uint8Array(4))],
        ['exportWorkbook', () => m.exportWorkbook({ version: 1 }, { lang: 'en' })],
        ['version', () => m.version()],
      ]) {
        try { call(); out.push([name, 'returned']); } catch (e) { out.push([name, e.name, e.code, e.message]); }
      }
      console.log(JSON.stringify(out));`;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(JSON.parse(run.stdout), [
      ['readWorkbook', 'Error', 'api.notLoaded', '工作簿模块尚未加载：请先调用其 init() 并等待其完成'],
      ['exportWorkbook', 'Error', 'api.notLoaded', 'The workbook module is not loaded yet: call and await its init() first'],
      ['version', 'Error', 'api.notLoaded', '工作簿模块尚未加载：请先调用其 init() 并等待其完成'],
    ]);
  });

  test("the package's README is its own, and its Node example runs as an npm user's code", () => {
    const readme = read('pkg/README.md');
    assert.equal(readme, read('js/README.md'));
    // an npm user's project: the package under node_modules, the README's lines as written
    const dir = mkdtempSync(join(tmpdir(), 'jixiao-npm-'));
    try {
      mkdirSync(join(dir, 'node_modules'));
      symlinkSync(new URL('../../pkg', import.meta.url).pathname, join(dir, 'node_modules', 'jixiao'), 'dir');
      const node = readme.match(/## 在 Node 中[^]*?```js\n([^]*?)```/)[1];
      const office = readme.match(/## 工作簿[^]*?```js\n([^]*?)```/)[1];
      const bytes = "readFileSync(new URL(import.meta.resolve('jixiao/office/jixiao_office_bg.wasm')))";
      const script = [
        node,
        `const form = JSON.parse(readFileSync(${JSON.stringify(new URL('../../' + SEED, import.meta.url).pathname)}, 'utf8'));`,
        'const report = evaluate(form);',
        office.replace(/await office.default\(\);.*/, `await office.default({ module_or_path: ${bytes} });`).replace('readWorkbook(bytes)', 'readWorkbook(office.exportWorkbook(form))'),
        'console.log(JSON.stringify([report.score, report.grade, evaluate(first.form).score, xlsx.length > 0]));',
      ].join('\n');
      writeFileSync(join(dir, 'user.mjs'), script);
      const run = spawnSync(process.execPath, ['user.mjs'], { cwd: dir, encoding: 'utf8' });
      assert.equal(run.status, 0, run.stderr);
      assert.deepEqual(JSON.parse(run.stdout), ['96.61', '优', '96.61', true]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('init() with no source in Node says to pass the bytes, with the code api.notLoaded', () => {
    const script = `
      const m = await import(${JSON.stringify(new URL('../../pkg/jixiao.js', import.meta.url).href)});
      try { await m.default(); console.log('loaded'); } catch (e) { console.log(JSON.stringify([e.code, e.message, String(e.cause)])); }`;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    const [code, message, cause] = JSON.parse(run.stdout);
    assert.equal(code, 'api.notLoaded');
    assert.match(message, /^在 Node 中请传入模块的字节 \/ In Node, pass the module's bytes: init\(\{ module_or_path: readFileSync/);
    assert.match(cause, /fetch/i, 'the glue\'s own error is kept as the cause');
  });

  test('NaN and Infinity in a form object are unreadable numbers in their cells, not blanks', () => {
    const form = seed();
    form.budget.total.executed = NaN;
    const leaf = form.indicators[0].children[0];
    leaf.actual = Infinity;
    const r = evaluate(form);
    const at = (path) => r.issues.filter((i) => i.path === path).map((i) => i.code);
    assert.deepEqual(at('budget.total.executed'), ['input.unreadableNumber']);
    assert.ok(!codes(r).includes('budget.missingAmount'), codes(r).join(' '));
    assert.deepEqual(at(`indicators.${leaf.id}.actual`), ['indicators.unreadableActual']);
    // as Evaluator.set reads the same number
    const e = new Evaluator(seed());
    const change = e.set('budget.total.executed', NaN);
    assert.deepEqual(change.issues.filter((i) => i.path === 'budget.total.executed').map((i) => i.code), ['input.unreadableNumber']);
    assert.deepEqual(new Evaluator(form).report(), r);
    e.free();
    // a form with no such number is unchanged by the second look its nulls cause
    const withNull = seed();
    withNull.budget.bySource.other.executed = null;
    assert.deepEqual(evaluate(withNull), evaluate(JSON.stringify(withNull)));
  });

  test('misuse messages in English fill every placeholder, and say what a position must be', () => {
    const en = new Evaluator(seed(), { lang: 'en' });
    const zh = new Evaluator(seed());
    for (const [what, call] of [
      ['set', () => en.set(5, 'x')],
      ['removeRow', () => en.removeRow(7)],
      ['addRow', () => en.addRow(7)],
      ['moveRow', () => en.moveRow(1, 2)],
    ]) {
      const e = throwsCode(call, 'api.invalidArgument', what);
      assert.doesNotMatch(e.message, /[{}]/, `${what}: ${e.message}`);
      assert.match(e.message, /^The argument (path|id|parent) must be a string, not number$/, what);
    }
    assert.equal(throwsCode(() => zh.set(5, 'x'), 'api.invalidArgument').message, '参数 path 应为字符串，收到 number');
    const group = throwsCode(() => en.addRow('1.1', 'group'), 'api.invalidOptions');
    assert.equal(group.message, 'Invalid options: string');
    const negative = throwsCode(() => en.addRow('1.1', { position: -1 }), 'api.invalidOptions');
    assert.equal(negative.message, 'Invalid options: position must be a whole number from 0, not -1');
    assert.equal(
      throwsCode(() => zh.moveRow('1.1.1', '1.1', '2'), 'api.invalidOptions').message,
      '选项无效：position 应为从 0 起的整数，收到 string',
    );
    assert.match(throwsCode(() => zh.addRow('1.1', { position: 1.5 }), 'api.invalidOptions').message, /收到 1\.5$/);
    en.free();
    zh.free();
  });

  test('version() is the package and crate version', () => {
    const cargo = read('Cargo.toml').match(/^version\s*=\s*"([^"]+)"/m)[1];
    assert.equal(version(), cargo);
    assert.equal(version(), PKG_VERSION);
    assert.match(version(), /^\d+\.\d+\.\d+/);
  });

  test('pkg/ is publishable: its package.json names, describes and licenses it, and the licenses ship', () => {
    const pkg = JSON.parse(read('pkg/package.json'));
    assert.equal(pkg.name, 'jixiao');
    assert.match(pkg.description, /部门整体支出绩效自评表/);
    assert.equal(pkg.license, 'MIT OR Apache-2.0');
    assert.ok(pkg.repository?.url, 'a repository');
    assert.equal(pkg.types, 'jixiao.d.ts');
    assert.equal(pkg.main, 'jixiao.js');
    for (const file of [pkg.main, pkg.types, 'jixiao_wasm.js', 'jixiao_wasm.d.ts', 'jixiao_wasm_bg.wasm']) {
      assert.ok(pkg.files.includes(file), file);
    }
    // npm always packs LICENSE* files; each license the package names is there in full
    assert.match(read('pkg/LICENSE-MIT'), /^MIT License/);
    assert.match(read('pkg/LICENSE-APACHE'), /Apache License\s+Version 2\.0/);
  });
});

// ---------------------------------------------------------------------------------------------
// The float traps, from JS, as strings and as numbers
// ---------------------------------------------------------------------------------------------

describe('float traps entered from JS', () => {
  const sources = (total, a, b) => ({
    version: 1,
    budget: {
      total: { planned: total, executed: total },
      bySource: { generalPublic: { planned: a, executed: a }, governmentFund: { planned: b, executed: b } },
    },
  });

  test('0.1 + 0.2 = 0.3 in the budget rows (strings and numbers)', () => {
    assert.notEqual(0.1 + 0.2, 0.3, 'the trap is real in JS');
    for (const form of [sources('0.3', '0.1', '0.2'), sources(0.3, 0.1, 0.2)]) {
      const r = evaluate(form);
      for (const column of ['planned', 'executed']) {
        assert.deepEqual(r.budget.bySource[column], {
          sum: '0.30', total: '0.30', difference: '0.00', tolerance: '0.03', verdict: 'equal',
        });
      }
      assert.equal(r.budget.rateExact, '100');
      assert.ok(!codes(r).some((c) => c.startsWith('budget.sourceSum')), codes(r).join());
    }
    // the same typed cell by cell, numbers and strings mixed
    const e = new Evaluator({ version: 1 });
    e.set('budget.total.planned', 0.3);
    e.set('budget.total.executed', '0.3');
    e.set('budget.bySource.generalPublic.planned', 0.1);
    e.set('budget.bySource.generalPublic.executed', '0.1');
    e.set('budget.bySource.governmentFund.planned', 0.2);
    const c = e.set('budget.bySource.governmentFund.executed', '0.2');
    assert.equal(c.budget.bySource.planned.verdict, 'equal');
    assert.equal(c.budget.bySource.executed.verdict, 'equal');
    assert.equal(c.budget.bySource.executed.difference, '0.00');
    assert.ok(!codes(c).some((x) => x.startsWith('budget.sourceSum')), codes(c).join());
    e.free();
  });

  test('a JS number is read by its shortest decimal form: 0.1 + 0.2 arrives as 0.30000000000000004', () => {
    // JSON.stringify(0.1 + 0.2) is "0.30000000000000004": the engine reads exactly that, so the
    // total is 0.00000000000000004 over its rows and has too many decimals for 万元
    const r = evaluate(sources(0.1 + 0.2, 0.1, 0.2));
    assert.equal(r.budget.planned, '0.30000000000000004');
    assert.equal(r.budget.bySource.executed.total, '0.30000000000000004');
    assert.equal(r.budget.bySource.executed.difference, '-0.00000000000000004');
    assert.equal(r.budget.bySource.executed.verdict, 'rounding');
    assert.deepEqual(
      issuesAt(r, 'budget.tooManyDecimals').map((i) => i.path),
      ['budget.total.planned', 'budget.total.executed'],
    );
    // through set() the same
    const e = new Evaluator(sources('0.3', '0.1', '0.2'));
    const c = e.set('budget.total.executed', 0.1 + 0.2);
    assert.equal(c.budget.executed, '0.30000000000000004');
    assert.equal(e.form().budget.total.executed, '0.30000000000000004');
    assert.deepEqual(issuesAt(c, 'budget.tooManyDecimals').map((i) => i.path), ['budget.total.executed']);
    // and parseAmount of its text
    assert.equal(parseAmount(String(0.1 + 0.2)).value, '0.30000000000000004');
    e.free();
  });

  test('0.233 + 0.232 + 0.233 = 0.698 (strings and numbers)', () => {
    assert.equal(0.233 + 0.232 + 0.233, 0.6980000000000001, 'the trap is real in JS');
    const form = (t, a, b, c) => ({
      version: 1,
      moneyUnit: '元',
      budget: {
        total: { planned: t, executed: t },
        bySource: { generalPublic: { executed: a }, governmentFund: { executed: b }, stateCapital: { executed: c } },
      },
    });
    for (const f of [form('0.698', '0.233', '0.232', '0.233'), form(0.698, 0.233, 0.232, 0.233)]) {
      const r = evaluate(f);
      assert.deepEqual(r.budget.bySource.executed, {
        sum: '0.698', total: '0.698', difference: '0.000', tolerance: '0.03', verdict: 'equal',
      });
      assert.ok(!codes(r).some((c) => c.startsWith('budget.sourceSum')), codes(r).join());
    }
    // as deductions: 10 − 0.698 = 9.302 → 9.30, total 99.30
    for (const p of [['0.233', '0.232', '0.233'], [0.233, 0.232, 0.233]]) {
      const r = evaluate({
        version: 1,
        indicators: [
          { id: '1', name: '合规', weight: 10, reason: 'r', rule: { kind: 'deductions', items: p.map((points, i) => ({ fault: `f${i}`, points })) } },
          { id: '2', name: '其他', weight: 90, rule: { kind: 'manual' }, score: 90, reason: 'r' },
        ],
      });
      assert.equal(r.leaves[0].score, '9.30');
      assert.match(r.leaves[0].explain, /0\.698/);
      assert.equal(r.score, '99.30');
    }
  });

  test('a rate of 21.9 / 0.2 = 109.5% stated as 110% matches (strings and numbers)', () => {
    assert.equal(21.9 / 0.2, 109.49999999999999, 'the trap is real in JS');
    assert.equal((21.9 / 0.2).toFixed(0), '109');
    const form = (planned, executed, stated) => ({
      version: 1,
      budget: { total: { planned, executed }, statedRate: stated, reason: 'r' },
      indicators: [{ id: '1', name: '预算执行率', weight: 100, rule: { kind: 'budgetExecution' }, actual: stated }],
    });
    for (const [p, x] of [['20', '21.9'], [20, 21.9], ['2000元', '2190元']]) {
      const r = evaluate(form(p, x, '110%'));
      assert.equal(r.budget.rateExact, '109.5');
      assert.equal(r.budget.rate, '109.50');
      assert.ok(!codes(r).some((c) => c.startsWith('budget.statedRate')), codes(r).join());
      assert.ok(!codes(r).includes('indicators.budgetRateMismatch'), codes(r).join());
      assert.ok(codes(r).includes('budget.overExecuted'));
      // 109% (what a float engine gets) is one off
      const off = evaluate(form(p, x, '109%'));
      const imprecise = issuesAt(off, 'budget.statedRateImprecise');
      assert.equal(imprecise.length, 1, codes(off).join());
      assert.equal(imprecise[0].values.expected, '110%');
      assert.ok(codes(off).includes('indicators.budgetRateMismatch'));
    }
    // typed cell by cell as JS numbers
    const e = new Evaluator(form('1', '1', '110%'));
    e.set('budget.total.planned', 20);
    const c = e.set('budget.total.executed', 21.9);
    assert.equal(c.budget.rateExact, '109.5');
    assert.ok(!codes(c).some((x) => x.startsWith('budget.statedRate')), codes(c).join());
    e.free();
  });

  test('1000000.01 / 1234567.89 × 100 is exact (strings and numbers)', () => {
    const float = (1000000.01 / 1234567.89) * 100;
    assert.equal(float, 81.00000154710003, 'the trap is real in JS');
    const form = (planned, executed, stated) => ({
      version: 1,
      moneyUnit: '元',
      budget: { total: { planned, executed }, statedRate: stated, reason: 'r' },
      indicators: [{ id: '1', name: '预算执行率', weight: 100, rule: { kind: 'budgetExecution' }, reason: 'r' }],
    });
    for (const [p, x] of [['1,234,567.89', '1,000,000.01'], [1234567.89, 1000000.01]]) {
      for (const stated of ['81%', '81.00%', '81.00000154710001%', 0.81]) {
        const r = evaluate(form(p, x, stated));
        assert.equal(r.budget.rate, '81.00');
        // 28 significant digits, the last rounded: 81.00000154710001407861012811|5…
        assert.equal(r.budget.rateExact, '81.00000154710001407861012812');
        assert.ok(!codes(r).some((c) => c.startsWith('budget.statedRate')), `${stated}: ${codes(r).join()}`);
        assert.equal(r.leaves[0].score, '81.00');
        assert.equal(r.grade, '良');
      }
      // the float's digits are caught, with the exact digits in the finding
      const r = evaluate(form(p, x, `${float}%`));
      const mismatch = issuesAt(r, 'budget.statedRateMismatch');
      assert.equal(mismatch.length, 1, codes(r).join());
      assert.equal(mismatch[0].severity, 'error');
      assert.equal(mismatch[0].values.stated, '81.00000154710003%');
      assert.equal(mismatch[0].values.expected, '81.00000154710001%');
    }
    const e = new Evaluator(form('1', '1', '81.00000154710001%'), { lang: 'en' });
    e.set('budget.total.planned', 1234567.89);
    const c = e.set('budget.total.executed', 1000000.01);
    assert.equal(c.budget.rateExact, '81.00000154710001407861012812');
    assert.ok(!codes(c).some((x) => x.startsWith('budget.statedRate')), codes(c).join());
    assert.equal(c.score, '81.00');
    e.free();
  });

  test('1.005 → 1.01 as a leaf score (strings and numbers)', () => {
    assert.equal((1.005).toFixed(2), '1.00', 'the trap is real in JS');
    const manual = (score) => ({ version: 1, indicators: [{ id: '1', name: 'x', weight: 100, rule: { kind: 'manual' }, score, reason: 'r' }] });
    for (const s of ['1.005', 1.005]) {
      const r = evaluate(manual(s));
      assert.equal(r.leaves[0].score, '1.01');
      assert.equal(r.leaves[0].claimedScore, '1.01');
      assert.equal(r.score, '1.01');
    }
    for (const a of ['1.005', 1.005]) {
      const r = evaluate({ version: 1, indicators: [{ id: '1', name: 'x', weight: 100, target: '≥100', actual: a, reason: 'r' }] });
      assert.equal(r.leaves[0].score, '1.01');
    }
    assert.equal(evaluate(manual(2.675)).leaves[0].score, '2.68');
    assert.equal((2.675).toFixed(2), '2.67');
    const e = new Evaluator(manual(null));
    assert.equal(e.set('indicators.1.score', 1.005).score, '1.01');
    assert.equal(e.set('indicators.1.score', '2.675').score, '2.68');
    assert.equal(e.set('indicators.1.score', 1.015).score, '1.02');
    e.free();
  });
});

// ---------------------------------------------------------------------------------------------
// Bad input from JS: misuse throws an Error with a code, cell text gives a finding, and the
// module always lives on
// ---------------------------------------------------------------------------------------------

describe('bad input from JS', () => {
  test('a form that is not an object throws api.invalidForm', () => {
    const cyclic = { version: 1 };
    cyclic.self = cyclic;
    const deep = { version: 1, budget: { total: {} } };
    deep.budget.total.planned = deep.budget;
    const arr = [];
    arr.push(arr);
    const cases = [
      ['undefined', undefined],
      ['null', null],
      ['a number', 42],
      ['NaN', NaN],
      ['a boolean', true],
      ['an array', []],
      ['an array holding the form', [seed()]],
      ['a function', () => seed()],
      ['a symbol', Symbol('form')],
      ['a bigint', 1n],
      ['a cyclic object', cyclic],
      ['a deep cycle', deep],
      ['a cycle in an array', { version: 1, indicators: arr }],
      ['a BigInt inside', { version: 1, budget: { total: { planned: 10n } } }],
      ['a throwing toJSON', { version: 1, toJSON() { throw new Error('no'); } }],
      ['a throwing getter', { version: 1, get budget() { throw new Error('no'); } }],
    ];
    for (const [name, form] of cases) {
      const e = throwsCode(() => evaluate(form), 'api.invalidForm', `evaluate(${name})`);
      assert.equal(e.path, undefined, 'misuse has no path');
      throwsCode(() => new Evaluator(form, { lang: 'en' }), 'api.invalidForm', `new Evaluator(${name})`);
    }
    throwsCode(() => evaluate(), 'api.invalidForm', 'evaluate()');
    assert.match(throwsCode(() => evaluate(cyclic, { lang: 'en' }), 'api.invalidForm').message, /circular/i);
    assert.match(throwsCode(() => evaluate([], { lang: 'en' }), 'api.invalidForm').message, /^The form must be an object that converts to JSON: array/);
    // the reason is never empty: a getter that throws a string, or anything else
    for (const thrown of ['not now', 42, undefined, new Error('')]) {
      const form = { version: 1, get budget() { throw thrown; } };
      const e = throwsCode(() => evaluate(form), 'api.invalidForm', `throwing ${String(thrown)}`);
      assert.match(e.message, /^表单必须是可转为 JSON 的对象：\S/, e.message);
    }
  });

  test('options whose getter throws are api.invalidOptions, with why', () => {
    const options = { get lang() { throw new Error('boom'); } };
    const e = throwsCode(() => evaluate(seed(), options), 'api.invalidOptions');
    assert.match(e.message, /lang: boom/);
    throwsCode(() => new Evaluator(seed(), { get lang() { throw 'x'; } }), 'api.invalidOptions');
    const ev = new Evaluator({ version: 1 });
    throwsCode(() => ev.addRow(null, { get position() { throw new Error('p'); } }), 'api.invalidOptions');
    ev.free();
  });

  test('half an emoji reads the same in a form object and in its JSON text', () => {
    const form = { version: 1, unit: { name: 'a\ud83db' } };
    const fromObject = evaluate(form);
    assert.deepEqual(evaluate(JSON.stringify(form)), fromObject);
    assert.deepEqual(evaluate('{"version":1,"unit":{"name":"a\\ud83db"}}'), fromObject);
    assert.equal(fromObject.unit.name, 'a\ufffdb');
  });

  test('an Evaluator refuses text that would make its form too large to load again', () => {
    const e = new Evaluator(seed());
    const mib = '说'.repeat((1024 * 1024) / 3 - 8);
    const paths = ['unit.name', 'unit.preparer', 'unit.phone', 'unit.date', 'goals.target', 'goals.completion', 'goals.reason', 'budget.reason'];
    for (const id of ['1.1.1', '1.1.2', '1.1.3', '1.1.4', '1.1.5', '1.2.1', '1.2.2', '1.2.3', '1.2.4', '1.2.5']) paths.push(`indicators.${id}.reason`);
    let refused = 0;
    for (const path of paths) {
      try {
        e.set(path, mib);
      } catch (error) {
        assert.equal(error.code, 'api.formTooLarge');
        refused += 1;
      }
    }
    assert.ok(refused > 0);
    assert.deepEqual(evaluate(e.form()), e.report());
    e.free();
  });

  test('a form string that is not JSON throws form.syntax', () => {
    for (const text of ['', ' ', 'undefined', 'null', '{', "{'version': 1}", '{"version": 1} {}']) {
      throwsCode(() => evaluate(text), /^form\.(syntax|invalid)$/, JSON.stringify(text));
    }
  });

  test('a 10 MB string as the whole form', () => {
    const garbage = 'x'.repeat(10 * MB);
    const e = throwsCode(() => evaluate(garbage), 'form.syntax');
    assert.deepEqual([e.line, e.column], [1, 1]);
    const literal = throwsCode(() => evaluate(`"${garbage}"`), 'form.invalid');
    assert.ok(literal.message.length < 300, 'the message clips the input');
    throwsCode(() => new Evaluator(garbage), 'form.syntax');
    // 10 MB of whitespace around a valid form is still a form
    assert.equal(evaluate(' '.repeat(10 * MB) + read(SEED)).score, '96.61');
    // over the 16 MB limit: form.tooLarge, as text and as an object
    const huge = 'x'.repeat(17 * MB);
    const t = throwsCode(() => evaluate(huge), 'form.tooLarge');
    assert.equal(t.line, null);
    throwsCode(() => evaluate({ version: 1, unit: { name: huge } }), 'form.tooLarge');
    throwsCode(() => new Evaluator({ version: 1, unit: { name: huge } }), 'form.tooLarge');
  });

  test('a 10 MB string as a cell is a finding in a form, refused by set()', () => {
    const nines = '9'.repeat(10 * MB);
    const xs = 'x'.repeat(10 * MB);
    let r = evaluate({ version: 1, budget: { total: { planned: nines, executed: '1' } } }, { lang: 'en' });
    let big = issuesAt(r, 'input.numberTooLarge');
    assert.deepEqual(big.map((i) => [i.path, i.severity]), [['budget.total.planned', 'error']]);
    assert.ok(big[0].message.length < 300, 'the message quotes a clipped input');
    assertAlive();

    r = evaluate({ version: 1, indicators: [{ id: '1', name: 'n', weight: 100, target: '≥1', actual: xs }] }, { lang: 'en' });
    assert.deepEqual(issuesAt(r, 'indicators.unreadableActual').map((i) => i.path), ['indicators.1.actual']);
    assert.ok(JSON.stringify(r).length < 10_000, 'the report does not carry the 10 MB back');
    r = evaluate({ version: 1, unit: { name: xs } });
    assert.equal(r.unit.name.length, 10 * MB, 'a long name is kept whole');
    assertAlive();

    const e = new Evaluator({ version: 1, indicators: [{ id: '1', name: 'n', weight: 100, target: '≥90%', actual: '95%' }] }, { lang: 'en' });
    // no cell holds 10 MB: set() refuses it (api.textTooLong) so form() stays loadable
    throwsCode(() => e.set('indicators.1.actual', nines), 'api.textTooLong');
    const halfMB = '9'.repeat(MB / 2);
    const halfX = 'x'.repeat(MB / 2);
    let c = e.set('indicators.1.actual', halfMB);
    assert.equal(c.leaves[0].score, '0.00');
    assert.equal(issuesAt(c, 'indicators.unreadableActual').length + issuesAt(c, 'input.numberTooLarge').length, 1, codes(c).join());
    assert.ok(JSON.stringify(c).length < 10_000);
    assert.equal(e.form().indicators[0].actual.length, MB / 2, 'form() keeps all of it');
    c = e.set('budget.total.planned', halfX);
    assert.deepEqual(issuesAt(c, 'input.unreadableNumber').map((i) => i.path), ['budget.total.planned']);
    assertAlive();
    c = e.set('indicators.1.actual', '95%');
    assert.equal(c.leaves[0].score, '100.00');
    assert.equal(parseAmount(nines).error.code, 'input.numberTooLarge');
    assert.ok(parseAmount(xs).error.message.length < 300);
    throwsCode(() => e.set(xs, '1'), 'api.unknownPath', '10 MB path');
    e.free();
  });

  test('wrong options.lang throws api.invalidOptions', () => {
    for (const lang of ['fr', 'chinese', 'english', '', 'e n']) {
      const e = throwsCode(() => evaluate(seed(), { lang }), 'api.invalidOptions', `lang ${JSON.stringify(lang)}`);
      assert.ok(e.message.includes(lang), e.message);
      throwsCode(() => new Evaluator(seed(), { lang }), 'api.invalidOptions', `new Evaluator lang ${JSON.stringify(lang)}`);
    }
  });

  test('a non-string options.lang throws api.invalidOptions', () => {
    for (const lang of [5, true, ['en'], { tag: 'en' }]) {
      throwsCode(() => evaluate(seed(), { lang }), 'api.invalidOptions', `lang ${JSON.stringify(lang)}`);
      throwsCode(() => new Evaluator(seed(), { lang }), 'api.invalidOptions', `new Evaluator lang ${JSON.stringify(lang)}`);
    }
  });

  test('options that are not an object throw api.invalidOptions', () => {
    for (const options of ['en', 5, true]) {
      throwsCode(() => evaluate(seed(), options), 'api.invalidOptions', `options ${JSON.stringify(options)}`);
      throwsCode(() => new Evaluator(seed(), options), 'api.invalidOptions', `new Evaluator options ${JSON.stringify(options)}`);
    }
  });

  test('non-object options: the module survives', () => {
    for (const options of ['en', 5, true]) {
      throwsAndSurvives(() => evaluate(seed(), options), `options ${JSON.stringify(options)}`);
    }
  });

  test('set() of a path that names no field throws api.*, and changes nothing', () => {
    const e = new Evaluator(seed(), { lang: 'en' });
    const before = JSON.stringify(e.report());
    const form = JSON.stringify(e.form());
    const cases = [
      ['nope', 'api.unknownPath'],
      ['', 'api.unknownPath'],
      ['budget', 'api.unknownPath'],
      ['budget.total', 'api.unknownPath'],
      ['budget.total.foo', 'api.unknownPath'],
      ['budget.bySource.foreign.executed', 'api.unknownPath'],
      ['Budget.total.executed', 'api.unknownPath'],
      [' budget.total.executed', 'api.unknownPath'],
      ['unit.nam', 'api.unknownPath'],
      ['claimed', 'api.unknownPath'],
      ['indicators', 'api.unknownPath'],
      ['indicators.1.1.2', 'api.unknownPath'],
      ['indicators.1.1.2.bogus', 'api.unknownPath'],
      ['indicators.9.9.actual', 'api.unknownRow'],
      ['indicators..actual', 'api.unknownRow'],
      ['indicators.1.1.actual', 'api.notALeaf'],
      ['indicators.2.score', 'api.notALeaf'],
      ['__proto__', 'api.unknownPath'],
      ['budget.total.executed\u0000', 'api.unknownPath'],
    ];
    for (const [path, code] of cases) {
      const err = throwsCode(() => e.set(path, '1'), code, `set(${JSON.stringify(path)})`);
      assert.ok(err.message.includes(path.replace('\u0000', '')) || path === '', err.message);
      assert.equal(JSON.stringify(e.report()), before, `a failed set(${JSON.stringify(path)}) changed the report`);
    }
    throwsCode(() => e.set('moneyUnit', '美元'), 'api.badMoneyUnit');
    // clearing the money unit goes back to the default, 万元, which the seed already uses
    assert.equal(e.set('moneyUnit', '').score, '96.61');
    assert.equal(JSON.stringify(e.report()), before);
    assert.equal(JSON.stringify(e.form()), form);
    // and the evaluator still works
    assert.equal(e.set('indicators.1.1.2.actual', '95%').score, '96.82');
    e.free();
  });

  test('set() of a boolean, object, array, symbol, bigint or function throws api.invalidText', () => {
    const e = new Evaluator(seed(), { lang: 'en' });
    const before = JSON.stringify(e.report());
    for (const [name, value] of [
      ['true', true], ['false', false], ['{}', {}], ['{ value }', { toString: () => '3,000.00' }],
      ['[]', []], ['["1"]', ['1']], ['a symbol', Symbol('x')], ['a bigint', 3000n], ['a function', () => '1'],
      ['new String', new String('1')], ['new Number', new Number(1)],
    ]) {
      const err = throwsCode(() => e.set('budget.byNature.basic.executed', value), 'api.invalidText', `set(…, ${name})`);
      assert.match(err.message, /^A cell takes a string or a number, not /);
      assert.equal(JSON.stringify(e.report()), before, `set(…, ${name}) changed the report`);
    }
    e.free();
  });

  test('set() of odd numbers gives findings, not errors', () => {
    const e = new Evaluator(seed(), { lang: 'en' });
    for (const [value, code] of [[NaN, 'input.unreadableNumber'], [Infinity, 'input.unreadableNumber'], [-Infinity, 'input.unreadableNumber']]) {
      const c = e.set('budget.byNature.basic.executed', value);
      assert.deepEqual(issuesAt(c, code).map((i) => i.path), ['budget.byNature.basic.executed'], `${value}`);
      assert.equal(e.form().budget.byNature.basic.executed, String(value));
    }
    // 1e21 is typed as "1e+21", read exactly; 3e3 as "3000"
    let c = e.set('budget.byNature.basic.executed', 3e3);
    assert.equal(c.budget.byNature.executed.verdict, 'equal');
    c = e.set('budget.total.executed', 1e21);
    assert.equal(c.budget.executed, '1000000000000000000000.00');
    assert.ok(codes(c).includes('budget.overExecuted'));
    c = e.set('budget.total.executed', -0);
    assert.equal(c.budget.executed, '0.00');
    assert.equal(e.form().budget.total.executed, '0', 'String(-0) is "0"');
    assert.equal(c.budget.rate, '0.00');
    assertAlive();
    e.free();
  });

  test('a non-string path, template id or amount text throws an Error with an api.* code', () => {
    const e = new Evaluator(seed());
    for (const [name, bad] of [['5', 5], ['true', true], ['{}', {}], ['null', null], ['undefined', undefined]]) {
      throwsCode(() => e.set(bad, '1'), /^api\./, `set(${name}, '1')`);
      throwsCode(() => parseAmount(bad), /^api\./, `parseAmount(${name})`);
      throwsCode(() => template(bad), /^api\./, `template(${name})`);
    }
    throwsCode(() => parseAmount('1', 5), /^api\./, 'parseAmount(text, 5)');
    e.free();
  });

  test('a non-string path, template id or amount text: the module survives', () => {
    const e = new Evaluator(seed());
    const before = JSON.stringify(e.report());
    for (const bad of [5, 1.5, -1, true, {}, null, undefined]) {
      throwsAndSurvives(() => e.set(bad, '1'), `set(${String(bad)})`);
      throwsAndSurvives(() => parseAmount(bad), `parseAmount(${String(bad)})`);
      throwsAndSurvives(() => template(bad), `template(${String(bad)})`);
      throwsAndSurvives(() => parseAmount('1', bad === null || bad === undefined ? 5 : bad), `parseAmount('1', ${String(bad)})`);
      assert.equal(JSON.stringify(e.report()), before);
    }
    // many in a row do not wear the allocator down
    const memory = wasmMemory().buffer.byteLength;
    for (let i = 0; i < 2000; i++) {
      try { e.set(i, '1'); } catch { /* expected */ }
    }
    assert.equal(wasmMemory().buffer.byteLength, memory);
    assertAlive();
    e.free();
  });

  test('a lone surrogate in a JS string is text, read as set() reads it, not malformed JSON', () => {
    const typed = { version: 1, unit: { name: 'a\uD800b' }, indicators: [{ id: '1', name: 'x', weight: 100, target: '≥1', actual: '\uDC00' }] };
    const e = new Evaluator({ version: 1, indicators: [{ id: '1', name: 'x', weight: 100, target: '≥1' }] });
    e.set('unit.name', 'a\uD800b');
    e.set('indicators.1.actual', '\uDC00');
    let report;
    try {
      report = evaluate(typed);
    } finally {
      assertAlive();
    }
    assert.deepEqual(report, e.report());
    e.free();
  });

  test('a lone surrogate in a JS string: the module survives', () => {
    try {
      evaluate({ version: 1, unit: { name: 'a\uD800b' } });
    } catch (err) {
      assert.ok(err instanceof Error && typeof err.code === 'string', String(err));
    }
    assertAlive();
    const e = new Evaluator({ version: 1 });
    e.set('unit.name', 'a\uD800b');
    assert.equal(e.form().unit.name, 'a\uFFFDb', 'set() passes text as UTF-8: a lone surrogate becomes U+FFFD');
    e.free();
  });

  test('calling Evaluator without new is a TypeError and harmless', () => {
    const err = throwsAndSurvives(() => Evaluator(seed()), 'Evaluator()');
    assert.ok(err instanceof TypeError);
  });
});
