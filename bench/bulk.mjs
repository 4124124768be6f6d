// The reviewer's bulk run: `jixiao check --format json` over 10,000 seed-like forms in one
// invocation, on every core and on one (RAYON_NUM_THREADS=1), against the peer bench/recompute.py
// (plain Python decimal, total/grade/rate only) on the same files; and over 1,000 workbooks (the
// seed exported by `jixiao export`, each with another unit name). Prints the median of 5 runs of
// each, forms per second and the ratios (each ratio the median of the ratios within a round: the
// runs are interleaved, one of each command per round). Numbers only: it never fails on time.
//
// Beside them, the floor under the forms' run (benches/bulk_floor.rs, built here with cargo): the
// same files read, parsed into the engine's JSON tree, and each written back as about a report's
// bytes of JSON, on every core, with nothing checked. What a goal leaves for the run is set against
// what reading and writing alone take.
//
//   node bench/bulk.mjs            needs target/release/jixiao (cargo build --release), cargo and python3
//
// The forms are written once into target/bench-bulk/ (about 40 MB).

import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const cli = join(root, 'target/release/jixiao');
const dir = join(root, 'target/bench-bulk');
const FORMS = 10_000;
const BOOKS = 1_000;
const RUNS = 5;

if (!existsSync(cli)) {
  console.error('bulk: build the CLI first: cargo build --release');
  process.exit(2);
}

/** mulberry32: the same forms on every run. */
function rng(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function prepare() {
  const forms = join(dir, 'forms');
  const books = join(dir, 'books');
  if (existsSync(forms) && readdirSync(forms).length === FORMS && existsSync(books) && readdirSync(books).length === BOOKS) {
    return { forms, books };
  }
  mkdirSync(forms, { recursive: true });
  mkdirSync(books, { recursive: true });
  const seed = JSON.parse(readFileSync(join(root, 'examples/shiweitang-2024.json'), 'utf8'));
  delete seed.narrative;
  const random = rng(1);
  const int = (n) => Math.floor(random() * n);
  for (let i = 0; i < FORMS; i++) {
    const form = structuredClone(seed);
    form.unit.name = `单位${i}`;
    form.indicators[0].children[1].actual = `${80 + int(21)}.${String(int(100)).padStart(2, '0')}%`;
    form.budget.total.executed = `${8000 + int(1000)}.${String(int(100)).padStart(2, '0')}`;
    writeFileSync(join(forms, `f${String(i).padStart(5, '0')}.json`), JSON.stringify(form));
  }
  const sample = join(dir, 'seed.xlsx');
  execFileSync(cli, ['export', join(root, 'examples/shiweitang-2024.json'), '-o', sample], { stdio: 'ignore' });
  const bytes = readFileSync(sample);
  for (let i = 0; i < BOOKS; i++) writeFileSync(join(books, `b${String(i).padStart(4, '0')}.xlsx`), bytes);
  return { forms, books };
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Wall time in ms of one run of `command args` (stdout discarded). */
function once([command, args, env = {}]) {
  const start = process.hrtime.bigint();
  const run = spawnSync(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 30 });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (run.status !== 0 && run.status !== 1) throw new Error(`${command} exited ${run.status}: ${run.stderr}`);
  return ms;
}

/**
 * The times of each command over RUNS rounds, one run of each per round, so that the machine's
 * drift (tens of percent from one minute to the next) slows them alike and a ratio taken within a
 * round compares the commands, not two moments of the machine.
 */
function rounds(commands) {
  const times = commands.map(() => []);
  for (let round = 0; round < RUNS; round++) commands.forEach((command, i) => times[i].push(once(command)));
  return times;
}

/** The median of the ratios a ÷ b taken round by round. */
function ratio(a, b) {
  return median(a.map((x, i) => x / b[i]));
}

/** The floor's executable, built (or found up to date) by cargo in the release profile. */
function floorBinary() {
  const messages = execFileSync('cargo', ['bench', '--bench', 'bulk_floor', '--no-run', '--message-format=json'], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 1 << 28,
  });
  for (const line of messages.split('\n')) {
    if (!line.startsWith('{')) continue;
    const m = JSON.parse(line);
    if (m.reason === 'compiler-artifact' && m.target?.name === 'bulk_floor' && m.executable) return m.executable;
  }
  throw new Error('bulk: cargo built no bulk_floor benchmark');
}

const floor = floorBinary();
const { forms, books } = prepare();
const files = readdirSync(forms).sort().map((f) => join(forms, f));
const perSecond = (n, ms) => Math.round((n * 1000) / ms).toLocaleString('en');
const rows = [];
const check = ['check', '--format', 'json'];
const [allRuns, oneRuns, peerRuns, readRuns, parseRuns, echoRuns] = rounds([
  [cli, [...check, ...files]],
  [cli, [...check, ...files], { RAYON_NUM_THREADS: '1' }],
  ['python3', [join(root, 'bench/recompute.py'), ...files]],
  [floor, ['read', ...files]],
  [floor, ['parse', ...files]],
  [floor, ['echo', ...files]],
]);
const [all, one, peer, floorRead, floorParse, floorEcho] = [allRuns, oneRuns, peerRuns, readRuns, parseRuns, echoRuns].map(median);
rows.push(['jixiao check --format json, 10,000 forms, every core', all, FORMS]);
rows.push(['the same on one core (RAYON_NUM_THREADS=1)', one, FORMS]);
rows.push(['peer: bench/recompute.py (Python decimal, total/grade/rate only)', peer, FORMS]);
rows.push(['floor: the files read (UTF-8 checked), every core', floorRead, FORMS]);
rows.push(['floor: read and parsed into the JSON tree', floorParse, FORMS]);
rows.push(["floor: read, parsed, each written back 3× (a report's bytes)", floorEcho, FORMS]);
const bookFiles = readdirSync(books).sort().map((f) => join(books, f));
const [booksAllRuns, booksOneRuns] = rounds([
  [cli, [...check, ...bookFiles]],
  [cli, [...check, ...bookFiles], { RAYON_NUM_THREADS: '1' }],
]);
const [booksAll, booksOne] = [booksAllRuns, booksOneRuns].map(median);
rows.push(['jixiao check --format json, 1,000 workbooks (.xlsx), every core', booksAll, BOOKS]);
rows.push(['the same on one core', booksOne, BOOKS]);
const width = Math.max(...rows.map((r) => r[0].length));
console.log(`${'run'.padEnd(width)}  ${'median ms'.padStart(10)}  ${'forms/s'.padStart(10)}`);
for (const [what, ms, n] of rows) console.log(`${what.padEnd(width)}  ${ms.toFixed(0).padStart(10)}  ${perSecond(n, ms).padStart(10)}`);
console.log(
  `\nevery core ÷ one core: ${ratio(oneRuns, allRuns).toFixed(2)}× (forms), ${ratio(booksOneRuns, booksAllRuns).toFixed(2)}× (workbooks)`,
);
const verdict = (ok) => (ok ? 'met' : 'NOT met');
const rate = (FORMS * 1000) / all;
const peerRatio = ratio(peerRuns, allRuns);
console.log(`goal: ≥ 10× the peer — jixiao (every core) ÷ peer: ${peerRatio.toFixed(2)}×, ${verdict(peerRatio >= 10)}`);
console.log(`goal: ≥ 50,000 forms/s on every core — ${perSecond(FORMS, all)} forms/s, ${verdict(rate >= 50_000)}`);
console.log(
  `\nthe floor (nothing checked): reading the files ${floorRead.toFixed(0)} ms, with parsing ${floorParse.toFixed(0)} ms, ` +
    `with a report's bytes written ${floorEcho.toFixed(0)} ms`,
);
console.log(
  `10× the peer leaves ${(peer / 10).toFixed(0)} ms for the run: ${(ratio(peerRuns, parseRuns) / 10).toFixed(2)}× the time reading and parsing alone take, ` +
    `${(ratio(peerRuns, echoRuns) / 10).toFixed(2)}× the time with the writing`,
);
console.log(
  `50,000 forms/s leaves ${(FORMS / 50).toFixed(0)} ms: the floor takes ${floorEcho.toFixed(0)} ms of it; ` +
    `jixiao spends ${median(allRuns.map((ms, i) => ms - echoRuns[i])).toFixed(0)} ms above the floor (scoring, checking, the report), the goal leaves ${(FORMS / 50 - floorEcho).toFixed(0)} ms`,
);
