// Differential fuzzer of jixiao: the native engine (the CLI) against the WebAssembly package, and
// the package's Evaluator against a fresh evaluation. See tests/fuzz/README.md.
//
//   node tests/fuzz/fuzz.mjs            FUZZ_SECONDS (default 45), FUZZ_SEED (default 0x6a697869)
//
// Needs pkg/ (make pkg) and target/release/jixiao (cargo build --release). Every run first replays
// tests/fuzz/regressions/*.json, then mutates the seed corpus (examples/*.json, tests/bad/*.json,
// the 说明 texts of tests/narrative/ in a sample form) until the time is up. A case is a JSON text;
// for each one:
//
// - parity: wasm `evaluate(text, { lang })` for zh-CN and en, against the line the CLI prints for
//   the same text in a file (`jixiao check --format json --lang L FILE...`, one run per batch of
//   cases and language): the same report (less `file`/`encoding`), or the same load error (code,
//   path, line, column, message). A wasm exception without a jixiao `code` (a trap) is a finding;
//   so is a CLI that dies, hangs, prints no line for a file, or exits with a status its lines do
//   not explain; the text format (`jixiao check FILE...`) must not die either;
// - languages: the zh-CN and en outcomes differ only in `lang`, `message` and `explain`;
// - evaluator (cases that load): `new Evaluator(text)` reports as `evaluate(text)`; then 5–10
//   random edits (`set` on the form's own cells with awkward texts, `addRow`, `removeRow`,
//   `moveRow`), each followed by `report()` = `evaluate(e.form())`; an edit may throw only an
//   `api.*` error, and one that throws changes nothing; the Change it returns agrees with the
//   report and names every row it changed.
//
// Cases come from a mulberry32 stream seeded by FUZZ_SEED: the same seed runs the same cases in the
// same order (the time bound only cuts the list short). The edits of a case are seeded by a hash
// of its text, so a saved input replays its edits too. A failing input is saved as
// tests/fuzz/regressions/<hash>.json with <hash>.note.txt saying what differed; the run then
// exits with 1.

import { appendFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const here = fileURLToPath(new URL('./', import.meta.url));
const regressionsDir = join(here, 'regressions');
/** The native build: the release CLI, or FUZZ_CLI (`make test` runs the debug one `cargo test` built). */
const cli = resolve(process.env.FUZZ_CLI ?? join(root, 'target/release/jixiao'));

const SEED = parseSeed(process.env.FUZZ_SEED ?? '0x6a697869');
const SECONDS = Number(process.env.FUZZ_SECONDS ?? 45);
/** At most this many cases (the corpus unmutated included): the same cases, whatever the machine. */
const MAX_CASES = Number(process.env.FUZZ_CASES ?? Infinity);
const BATCH = Math.max(1, Number(process.env.FUZZ_BATCH ?? 200));
/** Inputs saved per kind of difference (the rest are counted). */
const SAVE_PER_SIGNATURE = Math.max(1, Number(process.env.FUZZ_SAVE ?? 3));
/** A mutated text never grows past this many UTF-16 units (the engine's limit is 16 MiB). */
const MAX_TEXT = 256 * 1024;
const LANGS = ['zh-CN', 'en'];

function parseSeed(text) {
  const n = Number(text);
  if (!Number.isFinite(n)) {
    console.error(`FUZZ_SEED must be a number: ${text}`);
    process.exit(2);
  }
  return n >>> 0;
}

if (!Number.isFinite(SECONDS) || SECONDS < 0) {
  console.error(`FUZZ_SECONDS must be a number of seconds: ${process.env.FUZZ_SECONDS}`);
  process.exit(2);
}
for (const [what, file, how] of [
  ['the wasm package', join(root, 'pkg/jixiao.js'), 'make pkg'],
  ['the CLI', cli, 'cargo build --release'],
]) {
  if (!existsSync(file)) {
    console.error(`fuzz: ${what} is missing (${file}): ${how}`);
    process.exit(2);
  }
}

// ---------------------------------------------------------------------------------------------
// Randomness

function mulberry32(a) {
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Rng {
  constructor(seed) {
    this.next = mulberry32(seed >>> 0);
  }
  float() {
    return this.next();
  }
  int(n) {
    return Math.floor(this.next() * n);
  }
  range(lo, hi) {
    return lo + this.int(hi - lo + 1);
  }
  chance(p) {
    return this.next() < p;
  }
  pick(list) {
    return list[this.int(list.length)];
  }
  u32() {
    return Math.floor(this.next() * 4294967296) >>> 0;
  }
  /** One of `choices`, an array of [weight, value]. */
  weighted(choices) {
    let total = 0;
    for (const [w] of choices) total += w;
    let x = this.next() * total;
    for (const [w, v] of choices) {
      if ((x -= w) < 0) return v;
    }
    return choices[choices.length - 1][1];
  }
}

/**
 * FNV-1a over UTF-16 units: the seed of a case's edits. Of the text as saved: half a surrogate
 * pair is written (and read back, and crosses into wasm) as U+FFFD.
 */
function textHash(raw) {
  const text = raw.toWellFormed();
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

// ---------------------------------------------------------------------------------------------
// What is typed

const digits = (n, d = '9') => d.repeat(n);

/** Exponents past i32, u32, i64 and u64: where wasm32 (32-bit usize) and the native build could part. */
const EXPONENTS = ['1e2147483647', '1e2147483648', '1e-2147483649', '1e4294967296', '1e9223372036854775808', '1e18446744073709551616',
  '0.1e-99999999999999999999', '1' + '0'.repeat(5000) + 'e-5000', '0.' + '0'.repeat(5000) + '1'];

/** Raw tokens inserted into JSON text. */
const TEXT_TOKENS = [
  '\\ud800', '\\udfff', '\\udc00\\ud800', '\\ud83d\\ude00', '\\u0000', '\\u001f', '\\u00', '\\x41', '\\"', '\\\\',
  '1e400', '-1e400', '1e-400', '-0', '0.1', '-0.0', '1E+2', '01', '.5', '5.', '+1', digits(40), '1' + digits(400, '0'),
  '0.' + digits(30, '0') + '1', ...EXPONENTS, '9,022.41', '８６７０．５３', '1.35亿元', '≥95%', '≤50万元', '—', '－',
  '\u0000', '\u0001', '\u001b', '\u001f', '\u007f', '\u0085', '\u009b', '\u200b', '\u202e', '\u2066', '\u2028', '\ufeff',
  '\ufffd', '\ud800', '\udfff', '\u{1f600}', '\u{20000}',
  '[[[[', '['.repeat(130), '{"a":'.repeat(20), '[{"id":"x","children":'.repeat(10), ']]]]', '}', '{', ',', ':', '"', '\\',
  'null', 'true', 'false', 'NaN', 'Infinity', '//', '/*', '\r\n', '\r', '\t', '\u3000', '％', '万元', '亿元', '元', '分',
  '件', '人次', '优', '良', '按时完成', '约', '超过', '高达', '其中', '合计', '执行率', '完成预算的', '同比增长',
  '"children":[', '"id":"1"', '"weight":"10"', '"narrative":"', '"template":"gd-dept-overall"', '"template":"mof-project"',
  '"moneyUnit":"元"', '"moneyUnit":"亿元"', '"version":1', '"rule":{"kind":"manual"}', '"score":"100"',
];

/** Texts typed into a cell (by `set`, or as a JSON string in the form). */
const CELL_VALUES = [
  '', ' ', '0', '-0', '0.0', '0.1', '0.10', '1e400', '1e-400', '1E2', '100', '100%', '100.0%', '96.1%', '96.10%', '0.961',
  '95%以上', '95%以下', '≥95%', '≤50万元', '=100%', '>0', '<5', '≥', '%', '９６．１％', '８６７０．５３', '9,022.41', '9,02,2.41',
  '8670,53', '1.35亿元', '12345元', '0.87亿元', '1781.86 万\n元', '—', '-', '--1', '+5', '无', 'N/A', '按时完成', '未完成', '优',
  '良', '中', '差', '优秀', '达成', '基本达成', '是', '否', '√', 'true', '10分', '9.5分', '100分', '2024', '2024年', '1948', '２０２４',
  digits(28), digits(29), digits(30, '1'), digits(400), '-' + digits(50), '0.' + digits(40, '0') + '1', '1.' + digits(40),
  '0.005', '0.015', '0.125', '-0.005', '99.995', '99.994999', '1e28', '1e-28', '7.9228162514264337593543950335e28',
  '\u0000', '\ufeff100', '100\u202e', '\ud800', '\udfff5', ' 1 0 0 ', '1,000,000.00', '１，０２４', '1.2.3', '5%%', '％５',
  '100％', '三十', '十万元', 'NaN', 'Infinity', '0x10', '1_000', '1e', '.', '½', '²', '٣', '१२', '𝟗𝟓%', '95‰', '95 %',
  ...EXPONENTS, '1e2147483648%', '1e4294967296万元', '5764件', '6337件', '12,680人次', '10万人次', 'x'.repeat(81), '长'.repeat(200),
];

/** JSON number tokens put where a value was. */
const RAW_NUMBERS = [
  '1e400', '-1e400', '1e-400', '-0', '0.1', '-0.0', '1.0', '100.00', '1E+2', '0e0', '5e-324', '1.7976931348623157e309',
  digits(30), '123456789012345678901234567890.123', '1' + digits(400, '0'), '-' + digits(50), '0.' + digits(40, '0') + '1',
  '2024', '1', '0', '2', '100', '-1', '12.345', '4294967297', '9007199254740993', '18446744073709551617', ...EXPONENTS,
];

const JS_NUMBERS = [0, -0, 0.1, 0.30000000000000004, 1e21, 1e-7, 1 / 3, 2 ** 53 + 2, NaN, Infinity, -Infinity, 100, 95.5, 1e400];

const RULES = [
  { kind: 'proportional' },
  { kind: 'inverse' },
  { kind: 'equal' },
  { kind: 'equal', otherwise: 'zero' },
  { kind: 'perPoint', per: '1', deduct: '0.5' },
  { kind: 'perPoint', per: '0.1个百分点', deduct: '1分' },
  { kind: 'bands', bands: [{ upTo: '0%', score: '8' }, { from: '0%', upTo: '10%', score: '6' }, { upTo: '30%', score: '2' }] },
  { kind: 'bands', bands: [{ from: '90', score: '5' }], otherwiseScore: '1' },
  { kind: 'levels' },
  { kind: 'levels', levels: { 好: '1', 一般: '0.5', 差: '0' } },
  { kind: 'boolean' },
  { kind: 'deductions' },
  { kind: 'deductions', items: [{ fault: '未公开', points: '2' }, { fault: '超支', points: '0.5' }] },
  { kind: 'budgetExecution' },
  { kind: 'budgetExecution', fullFrom: '95%' },
  { kind: 'manual' },
];
const RULE_KINDS = ['proportional', 'inverse', 'equal', 'perPoint', 'bands', 'levels', 'boolean', 'deductions', 'budgetExecution', 'manual'];

const UNKNOWN_KEYS = ['planed', 'Planned', 'plannedAmount', 'actual_value', 'foo', '', ' id', 'ID', 'Id', 'kind', 'otherwise', 'items',
  'children', 'rule', 'weight', 'narrative', 'version', 'template', 'open', 'nameEn', 'total', '__proto__', 'constructor', '指标'];

const MONEY_UNITS = ['元', '万元', '亿元', '美元', '', ' 万元 ', '万', 'yuan', '千元'];
const TEMPLATES = ['gd-dept-overall', 'mof-project', 'gd-dept-overal', '', 'GD-DEPT-OVERALL'];

function randomChar(rng) {
  switch (rng.int(10)) {
    case 0: return String.fromCharCode(0x20 + rng.int(95));
    case 1: return '0123456789'[rng.int(10)];
    case 2: return rng.pick('.,-+%:"{}[]\\/ eE'.split(''));
    case 3: return rng.pick('０１２３４５６７８９．，％＋－：'.split(''));
    case 4: return rng.pick('万元亿分件人次率优良中差达成是否约超过≥≤＞＜＝～—·、。；（）合计其中执行预算'.split(''));
    case 5: return String.fromCharCode(rng.chance(0.7) ? rng.int(0x20) : 0x7f + rng.int(0x21));
    case 6: return String.fromCharCode(rng.pick([0x200b, 0x200e, 0x200f, 0x202a, 0x202e, 0x2066, 0x2069, 0x2028, 0x2029, 0xfeff, 0xfffd, 0xfffe, 0xffff, 0x3000, 0x00a0]));
    case 7: return String.fromCharCode(0xd800 + rng.int(0x800)); // half a surrogate pair
    case 8: return rng.pick(['\u{1f600}', '\u{20000}', '\u{1d7d7}', '\u{10ffff}', 'é', 'e\u0301']);
    default: return String.fromCharCode(rng.int(0x10000));
  }
}

function randomString(rng, max = 12) {
  let s = '';
  const n = rng.int(max + 1);
  for (let i = 0; i < n; i++) s += rng.chance(0.3) ? rng.pick(CELL_VALUES).slice(0, 8) : randomChar(rng);
  return s;
}

/** A typed cell value: mostly the interesting ones, some random, some numbers typed around units. */
function cellValue(rng) {
  return rng.weighted([
    [6, () => rng.pick(CELL_VALUES)],
    [2, () => randomString(rng)],
    [2, () => `${rng.pick(['', '≥', '≤', '=', '>', '<'])}${randomNumberText(rng)}${rng.pick(['', '%', '万元', '亿元', '元', '件', '分', '人次', '个百分点'])}`],
    [1, () => mutateText(rng.pick(CELL_VALUES), rng, 1 + rng.int(2))],
  ])();
}

function randomNumberText(rng) {
  return rng.weighted([
    [3, () => String(rng.int(200))],
    [3, () => `${rng.int(10000)}.${String(rng.int(1000)).padStart(rng.range(1, 3), '0')}`],
    [1, () => rng.pick(RAW_NUMBERS)],
    [1, () => `${rng.int(100)},${String(rng.int(1000)).padStart(3, '0')}.${rng.int(100)}`],
  ])();
}

// ---------------------------------------------------------------------------------------------
// Mutations

/** A text with `n` text-level mutations (UTF-16 units: half a surrogate pair is part of the game). */
function mutateText(text, rng, n = 1, other = null) {
  let s = text;
  for (let k = 0; k < n; k++) {
    const at = () => rng.int(s.length + 1);
    const op = rng.weighted([
      [3, 'flip'], [3, 'insertChar'], [3, 'delete'], [5, 'token'], [3, 'digits'], [2, 'duplicate'], [1, 'swap'],
      [1, 'deleteSlice'], [1, 'truncate'], [other ? 1 : 0, 'splice'], [1, 'nest'], [1, 'edge'],
    ]);
    switch (op) {
      case 'flip': {
        if (!s.length) break;
        const i = rng.int(s.length);
        const c = s.charCodeAt(i) ^ (1 << rng.int(rng.chance(0.7) ? 8 : 16));
        s = s.slice(0, i) + String.fromCharCode(c) + s.slice(i + 1);
        break;
      }
      case 'insertChar': {
        const i = at();
        s = s.slice(0, i) + randomChar(rng) + s.slice(i);
        break;
      }
      case 'delete': {
        const i = at();
        s = s.slice(0, i) + s.slice(i + rng.range(1, 4));
        break;
      }
      case 'token': {
        const i = at();
        s = s.slice(0, i) + rng.pick(TEXT_TOKENS) + s.slice(i);
        break;
      }
      case 'digits': {
        // a run of digits (with its separators) replaced by an awkward number
        const runs = [...s.matchAll(/[0-9][0-9.,]*/g)];
        if (!runs.length) break;
        const m = rng.pick(runs);
        const by = rng.chance(0.5) ? rng.pick(RAW_NUMBERS) : rng.pick(CELL_VALUES);
        s = s.slice(0, m.index) + by + s.slice(m.index + m[0].length);
        break;
      }
      case 'duplicate': {
        const a = at();
        const b = Math.min(s.length, a + rng.int(rng.chance(0.8) ? 64 : 4096));
        const i = at();
        s = s.slice(0, i) + s.slice(a, b) + s.slice(i);
        break;
      }
      case 'swap': {
        const [a, b, c, d] = [at(), at(), at(), at()].sort((x, y) => x - y);
        s = s.slice(0, a) + s.slice(c, d) + s.slice(b, c) + s.slice(a, b) + s.slice(d);
        break;
      }
      case 'deleteSlice': {
        const a = at();
        s = s.slice(0, a) + s.slice(a + rng.int(256));
        break;
      }
      case 'truncate':
        s = s.slice(0, at());
        break;
      case 'splice': {
        const a = rng.int(other.length + 1);
        const i = at();
        s = s.slice(0, i) + other.slice(a, a + rng.int(512)) + s.slice(i);
        break;
      }
      case 'edge': {
        // before or after the whole text: a BOM, white space, a second document
        const token = rng.pick(['\ufeff', '\ufeff\ufeff', ' ', '\n', '\u3000', '\u00a0', '\u0000', '\ufffe', '{}', '1', '\u2028']);
        s = rng.chance(0.6) ? token + s : s + token;
        break;
      }
      case 'nest': {
        const i = at();
        const depth = rng.pick([8, 9, 64, 127, 128, 129, 1000]);
        s = s.slice(0, i) + rng.pick(['[', '{"a":', '{"children":[']).repeat(depth) + s.slice(i);
        break;
      }
    }
    if (s.length > MAX_TEXT) s = s.slice(0, MAX_TEXT);
  }
  return s;
}

const clone = (v) => (v === undefined ? undefined : JSON.parse(JSON.stringify(v)));

/** Every value in a parsed form, with where it sits. */
function nodesOf(box) {
  const out = [];
  const walk = (parent, key, value, depth) => {
    out.push({ parent, key, value });
    if (depth > 60 || value === null || typeof value !== 'object') return;
    if (Array.isArray(value)) value.forEach((x, i) => walk(value, i, x, depth + 1));
    else for (const k of Object.keys(value)) walk(value, k, value[k], depth + 1);
  };
  walk(box, 'root', box.root, 0);
  return out;
}

function randomJson(rng, depth = 0) {
  return rng.weighted([
    [2, () => null],
    [1, () => rng.chance(0.5)],
    [2, () => rng.pick(JS_NUMBERS.filter(Number.isFinite))],
    [5, () => cellValue(rng)],
    [depth < 3 ? 1 : 0, () => Array.from({ length: rng.int(4) }, () => randomJson(rng, depth + 1))],
    [depth < 3 ? 1 : 0, () => Object.fromEntries(Array.from({ length: rng.int(4) }, () => [rng.pick(UNKNOWN_KEYS) || randomString(rng, 5), randomJson(rng, depth + 1)]))],
  ])();
}

function setKey(object, key, value) {
  // an own key even for `__proto__`
  Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * JSON-aware mutations: the text parsed, changed in 1–3 places, written again (raw tokens such as
 * `1e400`, `-0` or a duplicate key are put in after JSON.stringify). null if the text is no JSON.
 */
function mutateJson(text, rng, narratives) {
  let root;
  try {
    root = JSON.parse(text);
  } catch {
    return null;
  }
  const box = { root };
  const raws = [];
  const nonce = rng.u32().toString(36);
  const raw = (token) => {
    const marker = `@@raw${nonce}_${raws.length}@@`;
    raws.push([JSON.stringify(marker), token]);
    return marker;
  };
  const n = rng.chance(0.6) ? 1 : rng.range(2, 4);
  for (let k = 0; k < n; k++) {
    const nodes = nodesOf(box);
    const objects = nodes.filter((x) => x.value !== null && typeof x.value === 'object' && !Array.isArray(x.value));
    const arrays = nodes.filter((x) => Array.isArray(x.value));
    const rows = objects.filter((x) => typeof x.value.id === 'string');
    const strings = nodes.filter((x) => typeof x.value === 'string');
    const target = rng.pick(nodes);
    const replace = (node, value) => {
      if (node.parent === box) box.root = value;
      else if (Array.isArray(node.parent)) node.parent[node.key] = value;
      else setKey(node.parent, node.key, value);
    };
    const op = rng.weighted([
      [30, 'cell'], [8, 'rawNumber'], [8, 'random'], [8, 'delete'], [6, 'unknownKey'], [5, 'duplicateRow'],
      [rows.length > 1 ? 4 : 0, 'duplicateId'], [4, 'duplicateKey'], [16, 'string'], [4, 'rule'], [2, 'deepen'],
      [2, 'swap'], [3, 'narrative'], [2, 'template'], [2, 'moneyUnit'], [2, 'retype'],
    ]);
    // typed values are where most of the engine is: values replaced are mostly strings and numbers
    const scalars = nodes.filter((x) => typeof x.value === 'string' || typeof x.value === 'number');
    const scalar = scalars.length && rng.chance(0.9) ? rng.pick(scalars) : target;
    switch (op) {
      case 'cell':
        replace(scalar, cellValue(rng));
        break;
      case 'rawNumber':
        replace(scalar, raw(rng.pick(RAW_NUMBERS)));
        break;
      case 'random':
        replace(target, randomJson(rng));
        break;
      case 'delete':
        if (target.parent === box) break;
        if (Array.isArray(target.parent)) target.parent.splice(target.key, 1);
        else delete target.parent[target.key];
        break;
      case 'unknownKey': {
        if (!objects.length) break;
        const o = rng.pick(objects).value;
        setKey(o, rng.chance(0.8) ? rng.pick(UNKNOWN_KEYS) : randomString(rng, 6), randomJson(rng));
        break;
      }
      case 'duplicateRow': {
        if (!arrays.length) break;
        const a = rng.pick(arrays).value;
        if (!a.length) break;
        a.splice(rng.int(a.length + 1), 0, clone(rng.pick(a)));
        break;
      }
      case 'duplicateId': {
        const [a, b] = [rng.pick(rows).value, rng.pick(rows).value];
        setKey(a, 'id', rng.pick([b.id, ` ${b.id} `, `${b.id}\u3000`, b.id.toUpperCase()]));
        break;
      }
      case 'duplicateKey': {
        if (!objects.length) break;
        const o = rng.pick(objects).value;
        const keys = Object.keys(o);
        const key = keys.length && rng.chance(0.8) ? rng.pick(keys) : rng.pick(UNKNOWN_KEYS);
        const marker = `@@kv${nonce}_${raws.length}@@`;
        raws.push([new RegExp(`"${marker}":\\s*0`), `${JSON.stringify(key)}:${JSON.stringify(randomJson(rng)) ?? 'null'}`]);
        setKey(o, marker, 0);
        break;
      }
      case 'string': {
        // a string edited in place: the 说明 above all, whose reader is the most intricate
        const narrative = strings.find((x) => x.key === 'narrative');
        const s = narrative && rng.chance(0.4) ? narrative : strings.length ? rng.pick(strings) : null;
        if (s) replace(s, mutateText(s.value, rng, rng.range(1, 3)));
        break;
      }
      case 'rule': {
        const leaf = rows.length ? rng.pick(rows).value : null;
        if (!leaf) break;
        let rule = clone(rng.pick(RULES));
        if (rng.chance(0.3)) rule.kind = rng.chance(0.8) ? rng.pick(RULE_KINDS) : randomString(rng, 6);
        if (rng.chance(0.3)) setKey(rule, rng.pick(['per', 'deduct', 'bands', 'levels', 'items', 'fullFrom', 'otherwise', 'otherwiseScore']), randomJson(rng));
        setKey(leaf, 'rule', rule);
        break;
      }
      case 'deepen': {
        if (!rows.length) break;
        const r = rng.pick(rows).value;
        const child = clone(r);
        child.id = `${r.id}.${rng.int(10)}`;
        for (const f of ['rule', 'target', 'actual', 'level', 'score', 'reason']) if (rng.chance(0.8)) delete r[f];
        r.children = [...(Array.isArray(r.children) ? r.children : []), child];
        break;
      }
      case 'swap': {
        if (!arrays.length) break;
        const a = rng.pick(arrays).value;
        if (a.length < 2) break;
        const i = rng.int(a.length);
        const j = rng.int(a.length);
        [a[i], a[j]] = [a[j], a[i]];
        break;
      }
      case 'narrative':
        if (box.root && typeof box.root === 'object' && !Array.isArray(box.root)) {
          const text = rng.pick(narratives);
          setKey(box.root, 'narrative', rng.chance(0.5) ? text : mutateText(text, rng, rng.range(1, 4)));
        }
        break;
      case 'template':
        if (box.root && typeof box.root === 'object' && !Array.isArray(box.root)) {
          if (rng.chance(0.2)) delete box.root.template;
          else setKey(box.root, 'template', rng.chance(0.7) ? rng.pick(TEMPLATES.slice(0, 2)) : rng.pick(TEMPLATES));
        }
        break;
      case 'moneyUnit':
        if (box.root && typeof box.root === 'object' && !Array.isArray(box.root)) {
          setKey(box.root, 'moneyUnit', rng.chance(0.7) ? rng.pick(MONEY_UNITS.slice(0, 3)) : rng.pick(MONEY_UNITS));
        }
        break;
      case 'retype': {
        // the same value as another JSON type: a string as a number, a value wrapped in an array
        const v = target.value;
        if (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v.trim())) replace(target, raw(v.trim()));
        else if (typeof v === 'number') replace(target, String(v));
        else replace(target, rng.chance(0.5) ? [v] : { value: v });
        break;
      }
    }
  }
  let out = JSON.stringify(box.root, null, rng.pick([undefined, undefined, 2, '\t', 1]));
  if (out === undefined) return null;
  for (const [from, to] of raws) out = out.replace(from, () => to);
  return out.length > MAX_TEXT ? out.slice(0, MAX_TEXT) : out;
}

// ---------------------------------------------------------------------------------------------
// The seed corpus

const readText = (path) => readFileSync(path, 'utf8');
const jsonIn = (dir) =>
  readdirSync(join(root, dir))
    .filter((f) => f.endsWith('.json') && f !== 'expected.json' && !f.endsWith('.expected.json'))
    .sort();

function corpus() {
  const seeds = [];
  for (const f of jsonIn('examples')) seeds.push({ name: `examples/${f}`, text: readText(join(root, 'examples', f)), good: true });
  for (const f of jsonIn('tests/narrative')) seeds.push({ name: `tests/narrative/${f}`, text: readText(join(root, 'tests/narrative', f)), good: true });
  for (const f of jsonIn('tests/bad')) seeds.push({ name: `tests/bad/${f}`, text: readText(join(root, 'tests/bad', f)), good: false });
  const narratives = readdirSync(join(root, 'tests/narrative'))
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((f) => ({ name: f, text: readText(join(root, 'tests/narrative', f)) }));
  // each 说明 in a sample form: its own form where it has one, else the seed
  const sample = JSON.parse(readText(join(root, 'examples/shiweitang-2024.json')));
  for (const n of narratives) {
    const own = join(root, 'tests/narrative', n.name.replace(/\.txt$/, '.form.json'));
    const form = existsSync(own) ? JSON.parse(readText(own)) : clone(sample);
    form.narrative = n.text;
    seeds.push({ name: `tests/narrative/${n.name} in a form`, text: JSON.stringify(form, null, 2), good: true });
  }
  return { seeds, narratives: narratives.map((n) => n.text) };
}

// ---------------------------------------------------------------------------------------------
// The two engines

let engine;
let engineGeneration = 0;
let work;

/**
 * Loads the wasm package; after a trap, a fresh copy (a module that trapped may be left in any
 * state, and the glue caches its instance, so the copy is imported from a directory of its own).
 */
async function loadEngine() {
  let dir = join(root, 'pkg');
  if (engineGeneration > 0) {
    dir = join(work, `pkg-${engineGeneration}`);
    cpSync(join(root, 'pkg'), dir, { recursive: true });
  }
  engineGeneration++;
  const mod = await import(pathToFileURL(join(dir, 'jixiao.js')).href);
  await mod.default({ module_or_path: readFileSync(join(dir, 'jixiao_wasm_bg.wasm')) });
  engine = mod;
}

/** A thrown value that is not a jixiao error: a trap, or a bug in the glue. */
function crashOf(e) {
  const jixiao = e instanceof Error && !(e instanceof WebAssembly.RuntimeError) && typeof e.code === 'string' && e.code !== '';
  return jixiao ? null : `${e?.constructor?.name ?? typeof e}: ${e?.message ?? String(e)}`.slice(0, 500);
}

/** A load error's fields, in the order the CLI writes them. */
const errorOf = (e) => ({ code: e.code, message: e.message, path: e.path, line: e.line, column: e.column });

function wasmEvaluate(text, lang) {
  try {
    return { report: engine.evaluate(text, { lang }) };
  } catch (e) {
    const crash = crashOf(e);
    return crash ? { crash } : { error: errorOf(e) };
  }
}

/**
 * Runs the CLI on `names` (files in `dir`) in one process: a map from name to its parsed line. A
 * process that dies or hangs has its files run one by one, so that the one to blame is known.
 */
function runCli(dir, names, lang) {
  const lines = new Map();
  const crashes = new Map();
  const once = (list, timeout) => {
    const run = spawnSync(cli, ['check', '--format', 'json', '--lang', lang, ...list], {
      cwd: dir,
      encoding: 'utf8',
      maxBuffer: 1 << 30,
      timeout,
    });
    const got = new Map();
    for (const line of (run.stdout ?? '').split('\n')) {
      if (!line) continue;
      try {
        const parsed = JSON.parse(line);
        got.set(parsed.file, parsed);
      } catch {
        // a line cut off by a crash: the file is run again alone
      }
    }
    return { run, got };
  };
  const statusOf = (got, list) => {
    let s = 0;
    for (const n of list) {
      const l = got.get(n);
      if (!l) continue;
      s = Math.max(s, l.error !== undefined ? 2 : l.summary?.errors > 0 ? 1 : 0);
    }
    return s;
  };
  const { run, got } = once(names, 300_000);
  const complete = names.every((n) => got.has(n));
  if (!run.error && run.signal === null && complete && run.status === statusOf(got, names)) return { lines: got, crashes };
  // something is off: each file alone
  for (const n of names) {
    const alone = once([n], 30_000);
    const line = alone.got.get(n);
    if (line) lines.set(n, line);
    const expected = line ? statusOf(alone.got, [n]) : null;
    if (alone.run.error || alone.run.signal !== null || !line || alone.run.status !== expected) {
      crashes.set(
        n,
        `jixiao check --format json --lang ${lang}: ${alone.run.error ? alone.run.error.message : `exit ${alone.run.status}, signal ${alone.run.signal}`}` +
          `${line ? `, expected exit ${expected} from its line` : ', no line for the file'}; stderr: ${(alone.run.stderr ?? '').slice(-400)}`,
      );
    }
  }
  if (crashes.size === 0) {
    crashes.set(names[0], `jixiao check on the whole batch: exit ${run.status}, signal ${run.signal}, ${run.error?.message ?? ''}` +
      ` (each file alone is fine); stderr: ${(run.stderr ?? '').slice(-400)}`);
  }
  return { lines, crashes };
}

// ---------------------------------------------------------------------------------------------
// Comparing

const short = (v) => {
  const s = v === undefined ? 'undefined' : JSON.stringify(v);
  return s.length > 160 ? `${s.slice(0, 160)}…` : s;
};

/** Where two JSON values first differ (key order included), or null. */
function firstDiff(a, b, path = '') {
  if (Object.is(a, b)) return null;
  const kind = (v) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);
  if (kind(a) !== kind(b) || kind(a) !== 'object' && kind(a) !== 'array') return { path: path || '.', a, b };
  if (Array.isArray(a)) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      const d = firstDiff(a[i], b[i], `${path}[${i}]`);
      if (d) return d;
    }
    return null;
  }
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
  for (const k of keys) {
    const d = firstDiff(a[k], b[k], `${path}.${k}`);
    if (d) return d;
  }
  if (Object.keys(a).join('\0') !== Object.keys(b).join('\0')) return { path: path || '.', a: Object.keys(a), b: Object.keys(b), order: true };
  return null;
}

const describeDiff = (d, left, right) =>
  `${d.order ? 'key order at ' : ''}${d.path}: ${left} ${short(d.a)} ≠ ${right} ${short(d.b)}`;
/** A path with its indices taken out: the same difference in another row is the same kind. */
const pathShape = (p) => p.replace(/\[\d+\]/g, '[]').replace(/^\./, '');

// ---------------------------------------------------------------------------------------------
// Findings

const findings = [];
const signatures = new Map();
const saved = [];

/**
 * A failing input. Saved under tests/fuzz/regressions/ (at most SAVE_PER_SIGNATURE inputs per
 * kind of difference) unless it is a regression being replayed.
 */
function finding(c, kind, signature, detail) {
  const key = `${kind} ${signature}`;
  const count = (signatures.get(key) ?? 0) + 1;
  signatures.set(key, count);
  findings.push({ case: c, kind, signature: key, detail });
  if (c.noteFile) {
    // another difference of an input already saved: said in its note too
    appendFileSync(c.noteFile, `also ${kind}: ${detail}\n`, 'utf8');
    return;
  }
  if (c.origin === 'regression' || count > SAVE_PER_SIGNATURE || c.savedAs) return;
  const hash = createHash('sha256').update(c.text, 'utf8').digest('hex').slice(0, 12);
  c.savedAs = `${hash}.json`;
  // the same text, found again by another case, or already a regression
  if (saved.includes(c.savedAs) || existsSync(join(regressionsDir, c.savedAs))) return;
  mkdirSync(regressionsDir, { recursive: true });
  writeFileSync(join(regressionsDir, c.savedAs), c.text, 'utf8');
  const note = [
    `${kind}: ${detail}`,
    '',
    `signature: ${key}`,
    `found by: node tests/fuzz/fuzz.mjs, FUZZ_SEED=${SEED}, case ${c.index} (${c.origin}), ${new Date().toISOString()}`,
    `mutations: ${c.log.join(' | ').slice(0, 2000)}`,
    ...(c.session ? ['', `evaluator (${c.session.lang}), edits seeded by the text's hash:`, ...c.session.log.map((l) => `  ${l}`)] : []),
    '',
  ].join('\n');
  c.noteFile = join(regressionsDir, `${hash}.note.txt`);
  writeFileSync(c.noteFile, note, 'utf8');
  saved.push(c.savedAs);
}

// ---------------------------------------------------------------------------------------------
// The evaluator: edits against fresh evaluation

const BUDGET_CELLS = [
  ...['total', 'bySource.generalPublic', 'bySource.governmentFund', 'bySource.stateCapital', 'bySource.other', 'byNature.basic', 'byNature.project']
    .flatMap((row) => [`budget.${row}.planned`, `budget.${row}.executed`]),
  'budget.statedRate',
  'budget.reason',
];
const FORM_CELLS = ['claimed.score', 'claimed.grade', 'narrative', 'unit.name', 'unit.year', 'unit.preparer', 'unit.phone', 'unit.date',
  'goals.target', 'goals.completion', 'goals.reason', 'moneyUnit'];
const ROW_FIELDS = ['name', 'weight', 'target', 'actual', 'level', 'score', 'reason', 'rule'];
const BAD_PATHS = ['budget.total.spent', 'budget.total', 'budget', 'indicators', 'unit', 'claimed.', 'budget.bySource.foo.planned',
  'indicators..actual', 'indicators.nope.actual', '', ' narrative', 'narrative.x', 'indicators.1.colour', 'version', 'template'];

function rowIds(report) {
  return [...new Set([...report.leaves.map((l) => l.id), ...report.subtotals.map((s) => s.id)])];
}

function pickEdit(rng, report, narratives) {
  const ids = rowIds(report);
  const anyId = () => (ids.length && rng.chance(0.9) ? rng.pick(ids) : rng.pick(['1', '1.1', '9', 'x', ' 1.1', '1.1.99', '']));
  const parent = () => (rng.chance(0.15) ? null : anyId());
  const position = () => rng.weighted([[4, undefined], [3, rng.int(4)], [1, 1000], [1, 0]]);
  const kind = rng.weighted([[70, 'set'], [12, 'addRow'], [9, 'removeRow'], [9, 'moveRow']]);
  if (kind === 'addRow') {
    const options = rng.chance(0.3) ? undefined : { position: position(), kind: rng.pick([undefined, 'leaf', 'group']) };
    return { kind, args: [parent(), options] };
  }
  if (kind === 'removeRow') return { kind, args: [anyId()] };
  if (kind === 'moveRow') return { kind, args: [anyId(), parent(), position()] };
  const path = rng.weighted([
    [ids.length ? 45 : 0, () => `indicators.${rng.pick(ids)}.${rng.pick(ROW_FIELDS)}`],
    [28, () => rng.pick(BUDGET_CELLS)],
    [15, () => rng.pick(FORM_CELLS)],
    [4, () => 'narrative'],
    [4, () => rng.pick(BAD_PATHS)],
  ])();
  let text;
  if (path.endsWith('.rule')) text = rng.chance(0.8) ? rng.pick([...RULE_KINDS, '']) : randomString(rng, 6);
  else if (path === 'moneyUnit') text = rng.pick(MONEY_UNITS);
  else if (path === 'narrative') {
    text = rng.weighted([
      [3, () => rng.pick(narratives)],
      [4, () => mutateText(rng.pick(narratives), rng, rng.range(1, 4))],
      [1, () => ''],
      [1, () => cellValue(rng)],
    ])();
  }
  else text = rng.weighted([[85, () => cellValue(rng)], [8, () => rng.pick(JS_NUMBERS)], [5, () => null], [2, () => 'x'.repeat(1024 * 1024 + 1)]])();
  return { kind, args: [path, text] };
}

const describeArgument = (a) =>
  typeof a === 'string' && a.length > 120
    ? `${JSON.stringify(a.slice(0, 120))}… (${a.length} units)`
    : Object.is(a, -0) ? '-0' : typeof a === 'number' ? String(a) : short(a);
const describeEdit = (edit) => `${edit.kind}(${edit.args.map(describeArgument).join(', ')})`;

/** What is wrong with `change` against the report after it (and the one before), or null. */
function changeProblem(change, report, before) {
  for (const k of ['score', 'maxScore', 'grade', 'gradeEn']) {
    if (change[k] !== report[k]) return { sig: `change.${k}`, text: `change.${k} ${short(change[k])} but report() ${short(report[k])}` };
  }
  for (const k of ['issues', 'summary']) {
    const d = firstDiff(change[k], report[k], k);
    if (d) return { sig: `change.${pathShape(d.path)}`, text: `the change's ${describeDiff(d, 'change', 'report()')}` };
  }
  for (const [list, name] of [[change.leaves, 'leaves'], [change.subtotals, 'subtotals']]) {
    const byId = new Map(report[name].map((r) => [r.id, r]));
    for (const row of list) {
      const d = firstDiff(row, byId.get(row.id), `${name}[${row.id}]`);
      if (d) return { sig: `change.${name}`, text: `the change's ${describeDiff(d, 'change', 'report()')}` };
    }
    // every row whose report changed is in the change
    const listed = new Set(list.map((r) => r.id));
    const old = new Map(before[name].map((r) => [r.id, r]));
    for (const row of report[name]) {
      if (!listed.has(row.id) && firstDiff(row, old.get(row.id))) {
        const d = firstDiff(old.get(row.id), row, `${name}[${row.id}]`);
        return { sig: `stale.${name}`, text: `${name} row ${row.id} changed (${describeDiff(d, 'before', 'after')}) but is not in the change's ${name}` };
      }
    }
  }
  if (change.budget != null) {
    const d = firstDiff(change.budget, report.budget, 'budget');
    if (d) return { sig: `change.budget`, text: `the change's ${describeDiff(d, 'change', 'report()')}` };
  } else if (firstDiff(before.budget, report.budget)) {
    const d = firstDiff(before.budget, report.budget, 'budget');
    return { sig: 'stale.budget', text: `the budget changed (${describeDiff(d, 'before', 'after')}) but the change has no budget` };
  }
  if (report.narrative) {
    const count = { found: report.narrative.found, checked: report.narrative.checked };
    if (change.narrative != null) {
      const d = firstDiff(change.narrative, count, 'narrative');
      if (d) return { sig: 'change.narrative', text: `the change's ${describeDiff(d, 'change', 'report()')}` };
    } else if (!before.narrative || before.narrative.found !== count.found || before.narrative.checked !== count.checked) {
      return { sig: 'stale.narrative', text: `the 说明's count changed to ${short(count)} but the change has no narrative count` };
    }
  }
  return null;
}

/** An Evaluator on the text, edited at random (the engine is loaded again after a trap). */
async function session(c, fresh, lang, narratives) {
  const rng = new Rng(textHash(c.text) ^ 0x5eed);
  const log = [];
  c.session = { lang, log };
  const fail = (sig, detail) => finding(c, 'evaluator', sig, `${detail} (after ${log.length ? log.join('; ') : 'no edit'})`.slice(0, 4000));
  let e;
  try {
    e = new engine.Evaluator(c.text, { lang });
  } catch (x) {
    const crash = crashOf(x);
    fail(crash ? 'trap' : 'constructor', `new Evaluator(text, { lang: ${lang} }) threw ${crash ?? `${x.code}: ${x.message}`} where evaluate() read the form`);
    if (crash) await loadEngine();
    return;
  }
  let trapped = false;
  try {
    let before = e.report();
    let d = firstDiff(before, fresh);
    if (d) fail(`initial.${pathShape(d.path)}`, `new Evaluator(text).report() ≠ evaluate(text): ${describeDiff(d, 'evaluator', 'evaluate')}`);
    const edits = rng.range(5, 10);
    let formBefore = null;
    for (let i = 0; i <= edits; i++) {
      let result;
      let refused = false;
      if (i > 0) {
        const edit = pickEdit(rng, before, narratives);
        log.push(describeEdit(edit));
        stats.edits++;
        try {
          result = e[edit.kind](...edit.args);
        } catch (x) {
          const crash = crashOf(x);
          if (crash) {
            fail('trap', `${describeEdit(edit)} trapped: ${crash}`);
            trapped = true;
            return;
          }
          if (!String(x.code).startsWith('api.')) fail(`threw.${x.code}`, `${describeEdit(edit)} threw ${x.code} (only api.* codes may be thrown): ${x.message}`);
          else stats.refused++;
          refused = true;
        }
      }
      const report = e.report();
      const form = e.form();
      if (refused) {
        // a refused edit changes nothing
        const d = firstDiff(formBefore, form, 'form()') ?? firstDiff(before, report, 'report()');
        if (d) {
          fail(`refusedChanged.${pathShape(d.path)}`, `a refused edit changed the evaluator: ${describeDiff(d, 'before', 'after')}`);
          return;
        }
      }
      formBefore = form;
      let again;
      try {
        again = engine.evaluate(form, { lang });
      } catch (x) {
        const crash = crashOf(x);
        fail(crash ? 'trap' : `formUnreadable.${x.code}`, `evaluate(e.form()) threw ${crash ?? `${x.code} at ${x.path}: ${x.message}`}; form(): ${short(form)}`);
        if (crash) trapped = true;
        return;
      }
      d = firstDiff(report, again);
      if (d) {
        fail(`drift.${pathShape(d.path)}`, `report() ≠ evaluate(e.form()): ${describeDiff(d, 'report()', 'evaluate(form())')}`);
        return;
      }
      if (result !== undefined) {
        const change = result.change ?? result;
        if (result.change !== undefined && !rowIds(report).includes(result.id)) {
          fail('addRow.id', `addRow returned id ${short(result.id)}, which no row of the report has`);
        }
        const problem = changeProblem(change, report, before);
        if (problem) {
          fail(problem.sig, problem.text);
          return;
        }
      }
      before = report;
    }
  } catch (x) {
    const crash = crashOf(x);
    fail(crash ? 'trap' : `threw.${x.code}`, `report()/form() threw ${crash ?? `${x.code}: ${x.message}`}`);
    trapped = !!crash;
  } finally {
    if (trapped) await loadEngine();
    else e.free();
    stats.sessions++;
  }
}

// ---------------------------------------------------------------------------------------------
// Cases

const stats = { cases: 0, byOrigin: {}, outcomes: {}, loaded: 0, sessions: 0, edits: 0, refused: 0, cliRuns: 0, time: { evaluate: 0, evaluator: 0, cli: 0 } };

/** The next case of the stream: a seed and 1–12 mutations. */
function makeCase(rng, index, seeds, narratives) {
  const pool = rng.chance(0.6) ? seeds.filter((s) => s.good) : seeds;
  const seed = rng.pick(pool);
  const origin = rng.weighted([[55, 'json'], [30, 'text'], [15, 'mixed']]);
  let text = seed.text;
  const log = [seed.name];
  const n = rng.chance(0.5) ? 1 : rng.range(2, rng.chance(0.2) ? 12 : 4);
  for (let k = 0; k < n; k++) {
    const json = origin === 'json' || (origin === 'mixed' && rng.chance(0.5));
    const next = json ? mutateJson(text, rng, narratives) : null;
    if (next !== null) {
      text = next;
      log.push('json');
    } else {
      text = mutateText(text, rng, 1, rng.pick(seeds).text);
      log.push('text');
    }
  }
  return { index, origin, text, log };
}

/** Wasm evaluations of a case (both languages), and its evaluator session. */
async function runWasm(c, narratives) {
  stats.cases++;
  stats.byOrigin[c.origin] = (stats.byOrigin[c.origin] ?? 0) + 1;
  c.wasm = {};
  const t0 = performance.now();
  for (const lang of LANGS) {
    const outcome = wasmEvaluate(c.text, lang);
    c.wasm[lang] = outcome;
    if (outcome.crash) {
      finding(c, 'wasm', 'trap', `evaluate(text, { lang: ${lang} }) threw ${outcome.crash}`);
      await loadEngine();
    }
  }
  // the language changes words only (`lang`, `message`, `explain`): the same report or load error
  const zh = c.wasm['zh-CN'];
  const en = c.wasm.en;
  if (!zh.crash && !en.crash) {
    const words = (v) => JSON.parse(JSON.stringify(v, (k, x) => (k === 'message' || k === 'explain' || k === 'lang' ? undefined : x)));
    const d =
      !zh.report !== !en.report
        ? { path: '.', a: zh.report ? 'a report' : zh.error.code, b: en.report ? 'a report' : en.error.code }
        : firstDiff(words(zh.report ?? zh.error), words(en.report ?? en.error));
    if (d) finding(c, 'lang', pathShape(d.path), `zh-CN and en differ in more than words: ${describeDiff(d, 'zh-CN', 'en')}`);
  }
  const outcome = zh.report ? 'report' : zh.error?.code ?? 'trap';
  stats.outcomes[outcome] = (stats.outcomes[outcome] ?? 0) + 1;
  const t1 = performance.now();
  stats.time.evaluate += t1 - t0;
  const loaded = LANGS.filter((l) => c.wasm[l].report);
  if (loaded.length) {
    stats.loaded++;
    const lang = loaded[textHash(c.text) % loaded.length];
    await session(c, c.wasm[lang].report, lang, narratives);
  } else if (c.wasm['zh-CN'].error) {
    // an Evaluator refuses the text with the same error
    try {
      new engine.Evaluator(c.text).free();
      finding(c, 'evaluator', 'constructor', `new Evaluator(text) read a text that evaluate() refused with ${c.wasm['zh-CN'].error.code}`);
    } catch (x) {
      const crash = crashOf(x);
      const d = crash ? null : firstDiff(errorOf(x), c.wasm['zh-CN'].error);
      if (crash || d) {
        const why = crash ?? `new Evaluator(text) threw another error than evaluate(text): ${describeDiff(d, 'Evaluator', 'evaluate')}`;
        finding(c, 'evaluator', crash ? 'trap' : 'constructorError', why);
      }
      if (crash) await loadEngine();
    }
  }
  stats.time.evaluator += performance.now() - t1;
}

/**
 * The CLI's text format (the table, the terminal escapes) on the same files: it must not die, and
 * must exit with the status the JSON lines give. Files are run alone only when the batch fails.
 */
function runText(dir, names, lang, expected) {
  const once = (list) => spawnSync(cli, ['check', '--lang', lang, ...list], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 30, timeout: 300_000 });
  // a form that cannot be read is said on standard error alone: standard output may be empty then
  const ok = (run, list) =>
    !run.error &&
    run.signal === null &&
    (run.stdout.length > 0 || list.every((n) => expected.get(n) === 2)) &&
    run.status === Math.max(...list.map((n) => expected.get(n) ?? 0));
  const problems = new Map();
  if (ok(once(names), names)) return problems;
  for (const n of names) {
    const run = once([n]);
    if (!ok(run, [n])) {
      const how = run.error ? run.error.message : `exit ${run.status}, signal ${run.signal}`;
      problems.set(n, `jixiao check --lang ${lang} (text format): ${how}, expected exit ${expected.get(n)}` +
        `${run.stdout.length ? '' : ', nothing on standard output'}; stderr: ${(run.stderr ?? '').slice(-400)}`);
    }
  }
  if (problems.size === 0) problems.set(names[0], `jixiao check --lang ${lang} (text format) failed on the whole batch, each file alone is fine`);
  return problems;
}

/** The CLI on a batch of cases, against what wasm said of each. */
function runNative(batch, batchIndex) {
  const textLang = LANGS[batchIndex % LANGS.length];
  const dir = join(work, 'batch');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir);
  const names = batch.map((c, i) => `c${String(i).padStart(4, '0')}.json`);
  batch.forEach((c, i) => writeFileSync(join(dir, names[i]), c.text, 'utf8'));
  const statuses = new Map();
  for (const lang of LANGS) {
    stats.cliRuns++;
    const t0 = performance.now();
    const { lines, crashes } = runCli(dir, names, lang);
    stats.time.cli += performance.now() - t0;
    if (lang === textLang) {
      for (const [n, l] of lines) statuses.set(n, l.error !== undefined ? 2 : l.summary?.errors > 0 ? 1 : 0);
    }
    batch.forEach((c, i) => {
      if (crashes.has(names[i])) finding(c, 'cli', 'crash', crashes.get(names[i]));
      const line = lines.get(names[i]);
      const wasm = c.wasm[lang];
      if (!line || wasm.crash) return;
      delete line.file;
      delete line.encoding;
      if (line.error !== undefined) {
        if (wasm.report) {
          const { code, path, message } = line.error;
          finding(c, 'parity', `loads.${code}`, `${lang}: the CLI refused the text with ${code} (${path}: ${message}), wasm evaluate() gave a report`);
          return;
        }
        const d = firstDiff(wasm.error, errorOf(line.error)) ?? firstDiff(wasm.error, line.error);
        if (d) finding(c, 'parity', `error.${pathShape(d.path)}.${wasm.error.code}`, `${lang}: load errors differ: ${describeDiff(d, 'wasm', 'CLI')}`);
        return;
      }
      if (wasm.error) {
        const { code, path, line: l, column, message } = wasm.error;
        finding(c, 'parity', `refuses.${code}`, `${lang}: wasm evaluate() threw ${code} at ${short(path)} ${l}:${column} (${message}), the CLI gave a report`);
        return;
      }
      if (JSON.stringify(wasm.report) !== JSON.stringify(line)) {
        const d = firstDiff(wasm.report, line) ?? { path: '.', a: 'same values', b: 'other JSON' };
        finding(c, 'parity', `report.${pathShape(d.path)}`, `${lang}: reports differ: ${describeDiff(d, 'wasm', 'CLI')}`);
      }
    });
  }
  stats.cliRuns++;
  const t0 = performance.now();
  const problems = runText(dir, names.filter((n) => statuses.has(n)), textLang, statuses);
  stats.time.cli += performance.now() - t0;
  batch.forEach((c, i) => {
    if (problems.has(names[i])) finding(c, 'cli', 'text', problems.get(names[i]));
  });
}

// ---------------------------------------------------------------------------------------------
// The run

const started = performance.now();
const elapsed = () => (performance.now() - started) / 1000;
work = mkdtempSync(join(tmpdir(), 'jixiao-fuzz-'));
let exitCode = 0;
try {
  await loadEngine();
  const { seeds, narratives } = corpus();

  // 1. the saved regressions, every one of them
  const regressions = existsSync(regressionsDir)
    ? readdirSync(regressionsDir).filter((f) => f.endsWith('.json')).sort()
    : [];
  const replayed = regressions.map((f, i) => ({ index: i, origin: 'regression', text: readText(join(regressionsDir, f)), log: [`regressions/${f}`], file: f }));
  for (let i = 0; i < replayed.length; i += BATCH) {
    const batch = replayed.slice(i, i + BATCH);
    for (const c of batch) await runWasm(c, narratives);
    runNative(batch, i / BATCH);
  }
  const failingRegressions = [...new Set(findings.filter((f) => f.case.origin === 'regression').map((f) => f.case.file))];

  // 2. the seeds as they are, then mutated cases until the time is up
  const rng = new Rng(SEED);
  const deadline = SECONDS;
  let index = 0;
  let batches = 0;
  const unmutated = seeds.map((s) => ({ origin: 'seed', text: s.text, log: [s.name] }));
  const more = () => elapsed() < deadline && index < MAX_CASES;
  while (more()) {
    const batch = [];
    while (batch.length < BATCH && more()) {
      const c = index < unmutated.length ? { index, ...unmutated[index] } : makeCase(new Rng(rng.u32()), index, seeds, narratives);
      index++;
      await runWasm(c, narratives);
      batch.push(c);
    }
    if (batch.length) runNative(batch, batches++);
  }

  // 3. what happened
  const time = elapsed();
  const origins = Object.entries(stats.byOrigin).map(([k, v]) => `${k} ${v}`).join(', ');
  console.log(`fuzz: seed ${SEED} (0x${SEED.toString(16)}), ${time.toFixed(1)} s, ${stats.cases} cases (${origins}), ${(stats.cases / time).toFixed(0)} cases/s`);
  console.log(
    `fuzz: ${stats.loaded} cases loaded; ${stats.sessions} evaluator sessions, ${stats.edits} edits ` +
      `(${stats.refused} refused with api.*); ${stats.cliRuns} CLI runs`,
  );
  const outcomes = Object.entries(stats.outcomes).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`).join(', ');
  console.log(`fuzz: outcomes (zh-CN): ${outcomes}`);
  const t = stats.time;
  const secs = (ms) => `${(ms / 1000).toFixed(1)} s`;
  console.log(`fuzz: time in wasm evaluate ${secs(t.evaluate)}, evaluator sessions ${secs(t.evaluator)}, CLI ${secs(t.cli)}`);
  if (regressions.length) {
    const failing = failingRegressions.length ? `: ${failingRegressions.join(', ')}` : '';
    console.log(`fuzz: ${regressions.length} regression inputs replayed, ${failingRegressions.length} failing${failing}`);
  }
  if (findings.length) {
    exitCode = 1;
    console.log(`fuzz: ${findings.length} findings`);
    for (const [key, count] of [...signatures].sort((a, b) => b[1] - a[1])) {
      const first = findings.find((f) => f.signature === key);
      const input = first.case.savedAs ?? first.case.file ?? `case ${first.case.index}`;
      console.log(`  ${String(count).padStart(5)}× ${key}\n         e.g. ${input}: ${first.detail.slice(0, 300)}`);
    }
    if (saved.length) console.log(`fuzz: inputs saved in tests/fuzz/regressions/: ${saved.join(', ')}`);
  } else {
    console.log('fuzz: no findings');
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
process.exit(exitCode);
