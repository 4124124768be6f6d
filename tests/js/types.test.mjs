// The TypeScript declarations of the package (pkg/jixiao.d.ts) against the package itself:
//
// - tests/js/usage.ts type-checks under tests/js/tsconfig.json (strict), and runs;
// - wrong uses fail to type-check (so the declarations are not `any` in disguise);
// - what the package really returns (reports, changes, forms, templates, amount readings) is
//   assignable to the declared types as object literals, so a field the types lack, a field
//   they require that is missing, or a value of the wrong type (a number for a string, an
//   unknown severity) is a compile error.
//
// Type-checking runs the compiler in-process on virtual files next to usage.ts; nothing is
// written to the repository.

import { describe, test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import {
  evaluate,
  Evaluator,
  parseAmount,
  template,
  templates,
  read,
  readJson,
  root,
} from './jixiao.mjs';

const here = dirname(fileURLToPath(import.meta.url));
// every virtual file starts with these lines, which use what they import (noUnusedLocals)
const IMPORT = [
  `import type * as J from '../../pkg/jixiao.js';`,
  `import { evaluate, Evaluator, parseAmount, template } from '../../pkg/jixiao.js';`,
  `export type Used = J.Report | typeof evaluate | typeof Evaluator | typeof parseAmount | typeof template;`,
  '',
].join('\n');

function compilerOptions() {
  const path = join(here, 'tsconfig.json');
  const config = ts.readConfigFile(path, ts.sys.readFile);
  assert.equal(config.error, undefined, 'tsconfig.json reads');
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, here);
  assert.deepEqual(parsed.errors, []);
  assert.equal(parsed.options.strict, true, 'the example is checked in strict mode');
  return parsed;
}

/**
 * Type-checks `usage.ts` plus the virtual files `files` ({ name: source }, placed in tests/js/)
 * in one program; returns the diagnostics per file name (basename), '' for global ones.
 */
function typeCheck(files) {
  const { options, fileNames } = compilerOptions();
  const virtual = new Map(Object.entries(files).map(([name, text]) => [join(here, name), text]));
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, version, onError, create) =>
    virtual.has(name) ? ts.createSourceFile(name, virtual.get(name), version) : getSourceFile(name, version, onError, create);
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => virtual.has(name) || fileExists(name);
  const readFile = host.readFile.bind(host);
  host.readFile = (name) => virtual.get(name) ?? readFile(name);
  const program = ts.createProgram([...fileNames, ...virtual.keys()], options, host);
  const byFile = {};
  for (const d of ts.getPreEmitDiagnostics(program)) {
    const name = d.file ? d.file.fileName.slice(here.length + 1) : '';
    const where = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line + 1 : 0;
    (byFile[name] ??= []).push(`${name}:${where}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
  }
  return byFile;
}

// ---------------------------------------------------------------------------------------------
// What the package really returns, collected once
// ---------------------------------------------------------------------------------------------

const MAX_LITERAL = 200_000;

function runtimeValues() {
  const values = []; // [type, label, value]
  const samples = readdirSync(join(root, 'examples')).filter((f) => f.endsWith('.json')).sort();
  for (const file of samples) {
    const form = readJson(`examples/${file}`);
    values.push(['Form', file, form]);
    for (const lang of ['zh-CN', 'en']) values.push(['Report', `${file} ${lang}`, evaluate(form, { lang })]);
  }
  const manifest = readJson('tests/bad/expected.json');
  for (const [file, expectation] of Object.entries(manifest)) {
    if (expectation.loadError !== undefined) continue;
    const text = read(`tests/bad/${file}`);
    const report = evaluate(text, { lang: 'en' });
    values.push(['Report', file, report]);
    try {
      values.push(['Form', file, JSON.parse(text)]);
    } catch {
      // not JSON that JS can read (it may be valid for the engine): no Form literal
    }
  }
  // changes and forms along some typing
  const e = new Evaluator(readJson('examples/shiweitang-2024.json'), { lang: 'en' });
  const steps = [
    ['indicators.1.1.2.actual', '95%'], ['budget.byNature.basic.executed', '3,000.00'], ['budget.total.executed', 9022.41],
    ['indicators.2.3.1.level', '差'], ['indicators.1.1.4.actual', 'lots'], ['budget.bySource.other.executed', null],
    ['claimed.grade', '良'], ['moneyUnit', '元'], ['indicators.1.1.name', '产出'],
  ];
  for (const [path, text] of steps) values.push(['Change', `set ${path}`, e.set(path, text)]);
  values.push(['Form', 'form()', e.form()], ['Report', 'report()', e.report()]);
  e.free();
  for (const s of templates()) values.push(['TemplateSummary', s.id, s], ['Template', s.id, template(s.id)]);
  for (const t of ['9,022.41', '1.35亿元', '', '8 670,53', 'abc', '96.1%']) values.push(['AmountReading', t, parseAmount(t)]);
  values.push(['AmountReading', '1.35亿元 in 元', parseAmount('1.35亿元', '元')]);
  return values.filter(([, , v]) => JSON.stringify(v).length <= MAX_LITERAL);
}

// ---------------------------------------------------------------------------------------------
// Snippets that must not type-check, and snippets that must
// ---------------------------------------------------------------------------------------------

const REJECTED = {
  'score is a string': `declare const r: J.Report; const n: number = r.score; void n;`,
  'severity is a union': `declare const i: J.Issue; const s: 'fatal' = i.severity; void s;`,
  'unknown severity': `const s: J.Severity = 'fatal'; void s;`,
  'issue values are strings': `declare const i: J.Issue; const n: number = i.values.difference; void n;`,
  'a change is not a report': `declare const e: Evaluator; const r: J.Report = e.set('budget.total.executed', '1'); void r;`,
  'set takes no boolean': `declare const e: Evaluator; e.set('budget.total.executed', true);`,
  'set takes no object': `declare const e: Evaluator; e.set('budget.total.executed', { value: 1 });`,
  'set needs a string path': `declare const e: Evaluator; e.set(5, '1');`,
  'a form is not a number': `evaluate(42, {});`,
  'a form has a version': `const f: J.Form = { indicators: [] }; void f;`,
  'a form has no unknown field': `const f: J.Form = { version: 1, bogus: 1 }; void f;`,
  'an indicator needs an id': `const f: J.Form = { version: 1, indicators: [{ name: 'x' }] }; void f;`,
  'money units are a union': `const f: J.Form = { version: 1, moneyUnit: '美元' }; void f;`,
  'rule kinds are a union': `const n: J.Node = { id: '1', rule: { kind: 'fuzzy' } }; void n;`,
  'lang is a union': `evaluate('{}', { lang: 'fr' });`,
  'options are an object': `evaluate('{}', 'en');`,
  'leaves are LeafReports': `declare const r: J.Report; const s: J.SubtotalReport[] = r.leaves; const x: string = s[0].rule; void x;`,
  'summary counts are numbers': `declare const r: J.Report; const s: string = r.summary.errors; void s;`,
  'parseAmount takes a string': `parseAmount(9022.41);`,
  'template takes a string': `template(1);`,
  'a reading value is a string': `declare const a: J.AmountReading; const n: number | undefined | null = a.value; void n;`,
  'the verdict is a union': `const v: J.SumVerdict = 'close'; void v;`,
};

const ACCEPTED_OPTIONAL_OPTIONS = {
  'evaluate(form)': `declare const f: J.Form; const r: J.Report = evaluate(f); void r;`,
  'new Evaluator(form)': `declare const f: J.Form; const e = new Evaluator(f); const c: J.Change = e.set('budget.total.executed', '1'); void c;`,
};

const INTERFACES = ['Options', 'AmountError', 'AmountReading', 'Band', 'Budget', 'BudgetReport', 'Change', 'Claimed',
  'Column', 'DeductionItem', 'Form', 'Goals', 'GradeBandSpec', 'Issue', 'LeafReport', 'Natures', 'Node', 'Report',
  'ReportClaimed', 'ReportUnit', 'Rule', 'Sources', 'SubtotalReport', 'SumCheck', 'SumReport', 'Summary', 'Template',
  'TemplateNode', 'TemplateSummary', 'UnitInfo'];

const HELPERS = `
export type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends (<T>() => T extends B ? 1 : 2) ? true : false;
export type IsAny<T> = 0 extends 1 & T ? true : false;
export type AnyKeys<T> = { [K in keyof T]-?: IsAny<T[K]> extends true ? K : never }[keyof T];
export type NoAny<T> = [AnyKeys<T>] extends [never] ? true : false;
`;

const ACCEPTED = {
  'no field of any interface is any': `${HELPERS}
export const noAny: [${INTERFACES.map((i) => `NoAny<J.${i}>`).join(', ')}] = [${INTERFACES.map(() => 'true').join(', ')}];`,
  'the API is typed exactly': `${HELPERS}
declare const J_templates: typeof import('../../pkg/jixiao.js').templates;
declare const J_version: typeof import('../../pkg/jixiao.js').version;
type Check<T extends true> = T;
export type Fields = [
  Check<Equals<ReturnType<typeof evaluate>, J.Report>>,
  Check<Equals<Parameters<typeof evaluate>[0], J.Form | string>>,
  Check<Equals<ReturnType<Evaluator['set']>, J.Change>>,
  Check<Equals<Parameters<Evaluator['set']>, [path: string, text: string | number | null]>>,
  Check<Equals<ReturnType<Evaluator['report']>, J.Report>>,
  Check<Equals<ReturnType<Evaluator['form']>, J.Form>>,
  Check<Equals<ReturnType<typeof parseAmount>, J.AmountReading>>,
  Check<Equals<ReturnType<typeof template>, J.Template>>,
  Check<Equals<ReturnType<typeof J_templates>, J.TemplateSummary[]>>,
  Check<Equals<ReturnType<typeof J_version>, string>>,
  Check<Equals<J.Report['score'], string>>,
  Check<Equals<J.Report['grade'], string>>,
  Check<Equals<J.Report['lang'], 'zh-CN' | 'en'>>,
  Check<Equals<J.Report['issues'], J.Issue[]>>,
  Check<Equals<J.Report['leaves'], J.LeafReport[]>>,
  Check<Equals<J.Issue['code'], string>>,
  Check<Equals<J.Issue['severity'], 'info' | 'warning' | 'error'>>,
  Check<Equals<J.Issue['path'], string>>,
  Check<Equals<J.Issue['values'], Record<string, string>>>,
  Check<Equals<J.Change['score'], string>>,
  Check<Equals<J.Change['leaves'], J.LeafReport[]>>,
  Check<Equals<J.Change['subtotals'], J.SubtotalReport[]>>,
  Check<Equals<J.Change['issues'], J.Issue[]>>,
  Check<Equals<J.LeafReport['score'], string>>,
  Check<Equals<J.SumCheck['verdict'], 'equal' | 'rounding' | 'mismatch'>>,
  Check<Equals<J.SumCheck['difference'], string>>,
  Check<Equals<J.Summary['errors'], number>>,
  Check<Equals<J.Form['version'], number>>,
  Check<Equals<J.Text, string | number>>,
  Check<Equals<J.MoneyUnit, '元' | '万元' | '亿元'>>,
];`,
  'all the cell types set takes': `declare const e: Evaluator; e.set('a', '1'); e.set('a', 1); e.set('a', null);`,
  'a form as JSON text': `const r: J.Report = evaluate('{"version": 1}', { lang: 'en' }); void r;`,
  'both languages': `const a: J.Lang[] = ['zh-CN', 'en']; for (const lang of a) evaluate('{}', { lang });`,
  'a change may carry budget figures': `declare const c: J.Change; const rate: string | null | undefined = c.budget?.rate; void rate;`,
  'disposable': `declare const e: Evaluator; e[Symbol.dispose](); e.free();`,
};

describe('TypeScript declarations', () => {
  let diagnostics;
  let values;
  const name = (prefix, i) => `__${prefix}_${i}.ts`;

  before(() => {
    values = runtimeValues();
    const files = {};
    Object.values(REJECTED).forEach((src, i) => (files[name('rejected', i)] = IMPORT + src));
    Object.values(ACCEPTED).forEach((src, i) => (files[name('accepted', i)] = IMPORT + src));
    Object.values(ACCEPTED_OPTIONAL_OPTIONS).forEach((src, i) => (files[name('optional', i)] = IMPORT + src));
    values.forEach(([type, label, value], i) => {
      files[name('value', i)] = `${IMPORT}// ${label.replace(/\n/g, ' ')}\nexport const value: J.${type} = ${JSON.stringify(value, null, 1)};\n`;
    });
    diagnostics = typeCheck(files);
  });

  test('usage.ts type-checks in strict mode (tsc -p tests/js/tsconfig.json)', () => {
    assert.deepEqual(diagnostics['usage.ts'] ?? [], []);
    assert.deepEqual(diagnostics[''] ?? [], [], 'no global diagnostics (lib, options)');
    const declarations = Object.keys(diagnostics).filter((f) => f.includes('pkg/'));
    assert.deepEqual(declarations.flatMap((f) => diagnostics[f]), [], 'pkg/*.d.ts has no errors of its own');
  });

  test('wrong uses do not type-check', () => {
    const missed = Object.keys(REJECTED).filter((_, i) => (diagnostics[name('rejected', i)] ?? []).length === 0);
    assert.deepEqual(missed, [], 'these wrong uses type-check, so a type is too loose');
  });

  test('right uses type-check', () => {
    const wrong = Object.keys(ACCEPTED).flatMap((_, i) => diagnostics[name('accepted', i)] ?? []);
    assert.deepEqual(wrong, []);
  });

  test('options are optional, as documented: evaluate(form) and new Evaluator(form)', () => {
    const wrong = Object.keys(ACCEPTED_OPTIONAL_OPTIONS).flatMap((_, i) => diagnostics[name('optional', i)] ?? []);
    assert.deepEqual(wrong, []);
  });

  test('what the package returns is assignable to the declared types', () => {
    assert.ok(values.length > 100, `${values.length} values`);
    for (const type of ['Form', 'Report', 'Change', 'Template', 'TemplateSummary', 'AmountReading']) {
      assert.ok(values.some(([t]) => t === type), `no ${type} value was checked`);
    }
    const wrong = values.flatMap(([type, label], i) =>
      (diagnostics[name('value', i)] ?? []).map((d) => `${type} of ${label}: ${d}`));
    assert.deepEqual(wrong.slice(0, 20), []);
  });

  test('the value check is able to fail', () => {
    // a report with a number where a string is declared, and one with an undeclared field
    const report = evaluate(readJson('examples/shiweitang-2024.json'));
    const bad = typeCheck({
      '__bad_0.ts': `${IMPORT}export const v: J.Report = ${JSON.stringify({ ...report, score: 96.61 })};`,
      '__bad_1.ts': `${IMPORT}export const v: J.Report = ${JSON.stringify({ ...report, extra: 'x' })};`,
      '__bad_2.ts': `${IMPORT}export const v: J.Report = ${JSON.stringify({ ...report, issues: [{ ...report.issues[0], severity: 'fatal' }] })};`,
    });
    for (const f of ['__bad_0.ts', '__bad_1.ts', '__bad_2.ts']) assert.ok((bad[f] ?? []).length > 0, `${f} type-checks`);
  });

  test('usage.ts runs and does what it says', async () => {
    const source = readFileSync(join(here, 'usage.ts'), 'utf8');
    const js = ts.transpileModule(source, {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
    }).outputText;
    const pkg = new URL('../../pkg/jixiao.js', import.meta.url).href;
    assert.ok(js.includes("'../../pkg/jixiao.js'"));
    const module = await import(`data:text/javascript;base64,${Buffer.from(js.replaceAll("'../../pkg/jixiao.js'", JSON.stringify(pkg))).toString('base64')}`);
    const outcome = await module.run(readFileSync(new URL('../../pkg/jixiao_wasm_bg.wasm', import.meta.url)));
    // the report of the example form agrees with evaluate() here
    const report = evaluate(module.form, { lang: 'en' });
    assert.equal(outcome.score, report.score);
    assert.equal(outcome.grade, report.grade);
    assert.deepEqual(outcome.errors, report.issues.filter((i) => i.severity === 'error'));
    assert.ok(outcome.errors.some((i) => i.code === 'budget.natureSumMismatch' && i.path === 'budget.byNature.executed'));
    assert.equal(outcome.natureVerdict, 'mismatch');
    assert.deepEqual(outcome.afterFix, {
      score: report.score,
      errors: outcome.errors.length - 1,
      touchedLeaves: [],
      touchedParents: [],
    });
    assert.deepEqual(outcome.afterActual.touchedLeaves, ['1.1.2']);
    assert.deepEqual(outcome.afterActual.touchedParents, ['1', '1.1']);
    // 10 × 95.5 / 95 = full marks, up from 10 × 90.96 / 95 = 9.57 (in hundredths: no float here)
    const hundredths = (s) => BigInt(s.replace('.', ''));
    assert.equal(hundredths(outcome.afterActual.score) - hundredths(outcome.afterFix.score), 43n);
    assert.equal(outcome.keptText, '9 022,41');
    assert.equal(outcome.amount, '135000000.00');
    assert.equal(outcome.unreadableAmount, 'input.ambiguousNumber');
    assert.deepEqual(outcome.templateIds, ['gd-dept-overall', 'mof-project']);
    assert.equal(outcome.misuse, 'api.unknownPath');
    assert.deepEqual(outcome.shapeError, { code: 'form.invalid', path: 'budget.total.planned' });
    assert.equal(outcome.version, JSON.parse(read('pkg/package.json')).version);
    assert.deepEqual(outcome.narrative, {
      codes: ['narrative.rateMismatch'],
      wrong: '100%',
      // the example's table has a wrong by-nature sum: no paragraph is drafted from it
      drafted: undefined,
    });
  });
});
