// The baseline: the same scoring written the way a portal developer would without jixiao — plain
// JavaScript with decimal.js, and on every keystroke the whole form is scored again from its text.
//
// It implements what the benchmark forms need from domain.md §3, the way that page describes it:
// cells are parsed from text (full-width digits, thousands groups, %, 元/万元/亿元, comparators
// ≥ ≤ = and their word forms); each leaf is scored by the rule its target implies (≥ proportional,
// ≤ inverse, = equal with closeness, words qualitative) or by `rule: {kind: "levels"}`; scores
// are capped at the weight, rounded to 2 decimals half away from zero, summed, and graded 90/80/60.
// It does none of jixiao's checks (budget sums, rates, claims, reasons, units), so it does less
// work per keystroke than the engine: the comparison favours the baseline.
//
// `assertSameScores` checks the baseline against a jixiao report, string for string, so the timing
// comparison is between two programs that give the same answers.
//
// No Node imports: the browser page loads this file too (decimal.js through an import map).
// `node bench/baseline.mjs` runs the parity checks on their own (forms of every size, keystrokes,
// and a few hundred random edits in the formats people type).

import Decimal from 'decimal.js';

// 40 significant digits: more than jixiao's 28, so no quotient rounds differently before the
// 2-decimal rounding. ROUND_HALF_UP in decimal.js rounds half away from zero (四舍五入).
const D = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });
const ZERO = new D(0);
const ONE_HUNDRED = new D(100);

// ---------------------------------------------------------------------------------------------
// Reading a cell

const FULL_WIDTH = /[\uFF01-\uFF5E\u3000\u00A0\u2009\u202F\u2212\u2010\u2011\u3002]/g;
function normalize(text) {
  return String(text ?? '')
    .replace(FULL_WIDTH, (c) => {
      const code = c.charCodeAt(0);
      if (code >= 0xff01 && code <= 0xff5e) return String.fromCharCode(code - 0xfee0);
      if (c === '\u3002') return '.';
      if (c === '\u2212' || c === '\u2010' || c === '\u2011') return '-';
      return ' ';
    })
    .trim();
}

const BLANK = /^(?:[-—–/\\]+|无数据|n\/a)?$/i;
// longest first
const PREFIX = [
  ['大于或等于', '>='], ['小于或等于', '<='], ['大于等于', '>='], ['小于等于', '<='],
  ['不低于', '>='], ['不少于', '>='], ['不小于', '>='], ['不高于', '<='], ['不超过', '<='],
  ['不多于', '<='], ['不大于', '<='], ['至少', '>='], ['最多', '<='], ['大于', '>='], ['高于', '>='],
  ['超过', '>='], ['小于', '<='], ['低于', '<='], ['达到', '='], ['等于', '='],
  ['≥=', '>='], ['>=', '>='], ['=>', '>='], ['<=', '<='], ['=<', '<='], ['==', '='],
  ['≥', '>='], ['≧', '>='], ['⩾', '>='], ['>', '>='], ['≤', '<='], ['≦', '<='], ['⩽', '<='],
  ['<', '<='], ['=', '='], ['═', '='],
];
const SUFFIX = [['及以上', '>='], ['以上', '>='], ['及以下', '<='], ['以下', '<='], ['以内', '<=']];
const NUMBER = /^([+-]?)(\d{1,3}(?:,\d{3})+|\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?\s*(.*)$/s;
const YUAN = { 元: new D(1), 万元: new D(10000), 万: new D(10000), 亿元: new D(100000000), 亿: new D(100000000) };

/**
 * A cell as one of: `{ kind: 'empty' }`, `{ kind: 'words', text }`,
 * `{ kind: 'number', cmp, value: Decimal, unit }` (unit '', '%', '元', '万元', '亿元' or any word),
 * or `{ kind: 'bad' }` for text that looks like a number but is not one (`8670,53`, `1.2.3`).
 */
export function readCell(text) {
  const s = normalize(text);
  if (BLANK.test(s)) return { kind: 'empty' };
  let rest = s;
  let cmp = null;
  if (!/^\d/.test(rest)) {
    for (const [word, c] of PREFIX) {
      if (rest.startsWith(word)) {
        cmp = c;
        rest = rest.slice(word.length).trimStart();
        break;
      }
    }
  }
  for (const [word, c] of SUFFIX) {
    if (rest.endsWith(word)) {
      cmp ??= c;
      rest = rest.slice(0, -word.length).trimEnd();
      break;
    }
  }
  if (!/^[+-]?[\d.]/.test(rest)) return { kind: 'words', text: s };
  const m = NUMBER.exec(rest);
  if (!m) return { kind: 'bad' };
  const [, sign, int, frac, exp, suffix] = m;
  if (int === '' && (frac === undefined || frac === '')) return { kind: 'bad' };
  if (/^[\d.,+\-]/.test(suffix) || /[\u0000-\u001f]/.test(suffix) || /\s/.test(int + (frac ?? ''))) {
    return { kind: 'bad' };
  }
  let value = new D(`${sign}${int.replaceAll(',', '') || '0'}.${frac || '0'}`);
  if (exp !== undefined) value = value.times(new D(10).pow(Number(exp)));
  const unit = suffix === '万' ? '万元' : suffix === '亿' ? '亿元' : suffix;
  return { kind: 'number', cmp, value, unit };
}

function isMoney(unit) {
  return unit in YUAN;
}

/** `a`'s value in `b`'s unit when both are money; else as typed. */
function valueIn(a, unit) {
  if (isMoney(a.unit) && isMoney(unit) && a.unit !== unit) {
    return a.value.times(YUAN[a.unit]).div(YUAN[unit]);
  }
  return a.value;
}

// ---------------------------------------------------------------------------------------------
// Scoring one leaf

const LEVELS = new Map([
  ['优', 1], ['良', 0.8], ['中', 0.6], ['差', 0],
  ['达成', 1], ['基本达成', 0.8], ['部分达成', 0.6], ['未达成', 0],
  ['excellent', 1], ['good', 0.8], ['fair', 0.6], ['poor', 0],
]);
const YES = new Set(['是', '已完成', '完成', '按时完成', '达成', '已达成', '达到', '已达到', '及时', '有效',
  '合格', '符合', '已公开', '公开', '有', 'yes', 'true', 'done', '√', '✓', '✔']);
const NO = new Set(['否', '无', 'no', 'false', '×', '✗', '✘']);

function levelFraction(word) {
  const w = word.trim();
  const f = LEVELS.get(w) ?? LEVELS.get(w.toLowerCase());
  return f === undefined ? null : new D(f);
}

function truthy(words) {
  const w = words.trim().toLowerCase();
  if (YES.has(w)) return true;
  if (NO.has(w) || /^[未不没]/.test(w)) return false;
  return null;
}

/** The unrounded score of a leaf, within 0..w (0 when a value is missing or unreadable). */
function rawScore(leaf, w) {
  const level = leaf.level?.trim();
  const target = readCell(leaf.target);
  const actual = readCell(leaf.actual);
  const levels = (word) => {
    const f = levelFraction(word);
    return f === null ? ZERO : w.times(f);
  };
  if (leaf.rule?.kind === 'levels') {
    if (level) return levels(level);
    return actual.kind === 'empty' ? ZERO : levels(normalize(leaf.actual));
  }
  if (target.kind === 'number') {
    if (actual.kind !== 'number') return ZERO;
    if (actual.cmp) return w; // the actual restates the target (`≥95%`): read as met
    const a = valueIn(actual, target.unit);
    const t = target.value;
    if (target.cmp === '<=') {
      // inverse: lower is better
      return a.lte(t) ? w : w.times(D.max(t, ZERO)).div(a);
    }
    if (target.cmp === '=') {
      // equal: must hit, else proportional by closeness
      if (a.eq(t)) return w;
      if (a.lte(ZERO) || t.lte(ZERO)) return ZERO;
      return w.times(D.min(a, t)).div(D.max(a, t));
    }
    // proportional: higher is better
    if (t.lte(ZERO) || a.gte(t)) return w;
    return w.times(D.max(a, ZERO)).div(t);
  }
  if (target.kind === 'words' || target.kind === 'empty') {
    if (level) return levels(level);
    if (actual.kind === 'empty' || actual.kind === 'bad') return ZERO;
    const words = normalize(leaf.actual);
    const isLevel = levelFraction(words) !== null;
    if (target.kind === 'words') {
      if (isLevel && truthy(words) === null) return levels(words);
      // qualitative: the target's own words, or a yes/no word
      if (words === target.text) return w;
      return truthy(words) ? w : ZERO;
    }
    if (isLevel) return levels(words);
    return truthy(words) ? w : ZERO;
  }
  return ZERO;
}

function leafScore(leaf) {
  const weight = readCell(leaf.weight);
  const w = weight.kind === 'number' ? weight.value : ZERO;
  const raw = D.min(D.max(rawScore(leaf, w), ZERO), w);
  const score = raw.toDecimalPlaces(2, D.ROUND_HALF_UP);
  // a weight with more than 2 decimals caps the score at the weight cut to 2 decimals
  return score.gt(w) ? w.toDecimalPlaces(2, D.ROUND_DOWN) : score;
}

function grade(total) {
  if (total.gte(90)) return '优';
  if (total.gte(80)) return '良';
  if (total.gte(60)) return '中';
  return '差';
}

// ---------------------------------------------------------------------------------------------
// The whole form

/** Scores every leaf of `form` from its text: `{ score, grade, leaves: [{ id, score }] }`. */
export function scoreForm(form) {
  const leaves = [];
  let total = ZERO;
  const walk = (nodes) => {
    for (const node of nodes ?? []) {
      if (node.children && node.children.length > 0) {
        walk(node.children);
      } else {
        const score = leafScore(node);
        total = total.plus(score);
        leaves.push({ id: node.id, score: score.toFixed(2) });
      }
    }
  };
  walk(form.indicators);
  return { score: total.toFixed(2), grade: grade(total), leaves };
}

/** A form being typed into: each `set` writes the cell and scores the whole form again. */
export class BaselineForm {
  constructor(form) {
    this.form = form;
    this.rows = new Map();
    const index = (nodes) => {
      for (const node of nodes ?? []) {
        this.rows.set(String(node.id), node);
        index(node.children);
      }
    };
    index(form.indicators);
  }

  /** `path` is `indicators.<id>.<field>`, as in jixiao. */
  set(path, text) {
    const at = path.lastIndexOf('.');
    const id = path.slice('indicators.'.length, at);
    const row = this.rows.get(id);
    if (!row || !path.startsWith('indicators.')) throw new Error(`no cell at ${path}`);
    row[path.slice(at + 1)] = text;
    return scoreForm(this.form);
  }
}

// ---------------------------------------------------------------------------------------------
// Parity with jixiao

/** Throws unless `ours` (from scoreForm) has jixiao's total, grade and every leaf score. */
export function assertSameScores(ours, report, label) {
  const fail = (what) => {
    throw new Error(`baseline ≠ jixiao (${label}): ${what}`);
  };
  if (ours.score !== report.score) fail(`total ${ours.score} ≠ ${report.score}`);
  if (ours.grade !== report.grade) fail(`grade ${ours.grade} ≠ ${report.grade}`);
  if (ours.leaves.length !== report.leaves.length) {
    fail(`${ours.leaves.length} leaves ≠ ${report.leaves.length}`);
  }
  const theirs = new Map(report.leaves.map((l) => [l.id, l.score]));
  for (const leaf of ours.leaves) {
    if (theirs.get(leaf.id) !== leaf.score) {
      fail(`leaf ${leaf.id}: ${leaf.score} ≠ ${theirs.get(leaf.id)}`);
    }
  }
}

/** A change from Evaluator.set against the baseline after the same keystroke. */
export function assertSameChange(ours, change, label) {
  if (ours.score !== change.score) throw new Error(`baseline ≠ jixiao (${label}): change.score ${change.score}, baseline ${ours.score}`);
  if (ours.grade !== change.grade) throw new Error(`baseline ≠ jixiao (${label}): change.grade ${change.grade}, baseline ${ours.grade}`);
  const theirs = new Map(ours.leaves.map((l) => [l.id, l.score]));
  for (const leaf of change.leaves) {
    if (theirs.get(leaf.id) !== leaf.score) {
      throw new Error(`baseline ≠ jixiao (${label}): changed leaf ${leaf.id} ${leaf.score}, baseline ${theirs.get(leaf.id)}`);
    }
  }
}

/**
 * The parity checks, given the jixiao module (`evaluate`, `Evaluator`) and the form maker:
 * every size fresh and after both keystroke values, then `randomEdits` random edits in typed
 * formats on the 100-leaf form. Returns the number of comparisons; throws on the first mismatch.
 */
export function checkParity(jixiao, { makeForm, keystroke, SIZES }, randomEdits = 300) {
  let checks = 0;
  for (const n of SIZES) {
    const form = makeForm(n);
    assertSameScores(scoreForm(form), jixiao.evaluate(form), `${n} leaves`);
    const k = keystroke(n);
    const ev = new jixiao.Evaluator(makeForm(n));
    const base = new BaselineForm(makeForm(n));
    try {
      let previous = null;
      for (const value of [...k.values, ...k.values]) {
        const change = ev.set(k.path, value);
        const ours = base.set(k.path, value);
        assertSameChange(ours, change, `${n} leaves, ${k.path} = ${value}`);
        assertSameScores(ours, ev.report(), `${n} leaves after ${k.path} = ${value}`);
        const typed = change.leaves.find((l) => l.id === k.id);
        if (!typed) throw new Error(`${n} leaves: setting ${k.path} = ${value} changed no leaf`);
        if (previous !== null && typed.score === previous) {
          throw new Error(`${n} leaves: ${k.path} = ${value} left the score at ${previous}`);
        }
        previous = typed.score;
        checks += 2;
      }
    } finally {
      ev.free();
    }
    checks += 1;
  }
  // w = 10 and w = 1: different digits reach the rounding
  checks += randomParity(jixiao, makeForm, Math.ceil(randomEdits / 2), 10);
  checks += randomParity(jixiao, makeForm, randomEdits, 100);
  return checks;
}

// Values a filler types, by leaf kind (see bench/forms.mjs), including unreadable ones. Exact ties
// at the rounding: on the 100-leaf form (w = 1) '11.25%', '400万元' and '12.5%' (0.125 → 0.13,
// never 0.12); on the 10-leaf form (w = 10) '9.045%' and '10.05%' (1.005 → 1.01, never 1.00).
const TYPED = [
  ['85.5%', '９０％', '40%', '0%', '100%', '120.5%', '≥95%', '', '—', 'abc', '1,00%', '89.999%', '-5%', '1e2%', '11.25%', '9.045%'],
  ['48万元', '480,000元', '0.0048亿元', '55万元', '1,234.5万元', '50', '０．５亿元', '50.00万元', '0', '12件', '400万元'],
  ['100%', '99.5%', '101%', '0%', '=100%', '66.67%', '1.2.3', '100', '12.5%', '10.05%'],
  ['按时完成', '未完成', '是', '否', '完成', 'maybe', '', '优', '良'],
  ['优', '良', '中', '差', '达成', '部分达成', 'Good', 'bad', ''],
];

function randomParity(jixiao, makeForm, edits, n) {
  let seed = 20240101 + n;
  const random = (n) => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return (seed >>> 8) % n;
  };
  const ev = new jixiao.Evaluator(makeForm(n));
  const base = new BaselineForm(makeForm(n));
  let checks = 0;
  try {
    for (let i = 0; i < edits; i++) {
      const leaf = random(n);
      const kind = leaf % 5;
      const id = `${Math.floor(leaf / 10)}.${leaf % 10}`;
      const field = kind === 4 ? 'level' : 'actual';
      const values = TYPED[kind];
      const value = values[random(values.length)];
      const change = ev.set(`indicators.${id}.${field}`, value);
      const ours = base.set(`indicators.${id}.${field}`, value === '' ? undefined : value);
      assertSameChange(ours, change, `${n} leaves, random edit ${i}: ${id}.${field} = ${JSON.stringify(value)}`);
      checks += 1;
    }
    assertSameScores(scoreForm(base.form), ev.report(), `${n} leaves after ${edits} random edits`);
    assertSameScores(scoreForm(base.form), jixiao.evaluate(ev.form()), `${n} leaves, fresh evaluation after ${edits} random edits`);
  } finally {
    ev.free();
  }
  return checks + 2;
}

// `node bench/baseline.mjs [random edits]`: the parity checks alone.
if (typeof process !== 'undefined' && process.argv?.[1] && new URL(import.meta.url).pathname === process.argv[1]) {
  const { readFileSync } = await import('node:fs');
  const { default: init, ...jixiao } = await import('../pkg/jixiao.js');
  await init({ module_or_path: readFileSync(new URL('../pkg/jixiao_wasm_bg.wasm', import.meta.url)) });
  const forms = await import('./forms.mjs');
  const edits = Number(process.argv[2] ?? 2000);
  const checks = checkParity(jixiao, forms, edits);
  console.log(`baseline = jixiao: ${checks} comparisons of total, grade and every leaf score, all equal`);
}
