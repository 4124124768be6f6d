// Parity: the wasm package and the native engine give the same answers.
//
// - every sample (examples/*.json), both languages: the wasm report, pretty-printed by
//   JSON.stringify, is byte for byte the golden file tests/golden/<stem>.<lang>.json (written by
//   the native engine, `make golden`), and equals what the native CLI prints;
// - every fixture of the bad-input corpus (tests/bad/*.json, less the manifest expected.json),
//   both languages: a form the CLI reports on gives the same report in wasm; a form the CLI
//   cannot read makes wasm throw an Error with the same code (and path, line, column, message).
//
// The CLI is target/release/jixiao (`cargo build --release`). Fixtures go to wasm as their JSON
// text, so that wasm reads exactly the bytes the CLI reads.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { evaluate, nativeReport, read, readJson, root } from './jixiao.mjs';

const LANGS = ['zh-CN', 'en'];
const jsonFiles = (dir) => readdirSync(new URL(dir, `file://${root}`)).filter((f) => f.endsWith('.json')).sort();

const samples = jsonFiles('examples/');
const fixtures = jsonFiles('tests/bad/').filter((f) => f !== 'expected.json');

test('the corpus is all there', () => {
  assert.ok(samples.length >= 3, `samples: ${samples}`);
  assert.ok(samples.includes('shiweitang-2024.json'));
  assert.ok(fixtures.length >= 134, `fixtures: ${fixtures.length}`);
  // every fixture has an expectation in the manifest, and the manifest names no missing file
  const manifest = Object.keys(readJson('tests/bad/expected.json')).sort();
  assert.deepEqual(manifest, fixtures);
});

describe('samples: wasm = golden file = native CLI', () => {
  for (const file of samples) {
    const stem = file.replace(/\.json$/, '');
    for (const lang of LANGS) {
      test(`${stem} ${lang}`, () => {
        const text = read(`examples/${file}`);
        const report = evaluate(JSON.parse(text), { lang });
        const golden = read(`tests/golden/${stem}.${lang}.json`);
        const pretty = JSON.stringify(report, null, 2) + '\n';
        if (pretty !== golden) {
          // show the first differing line rather than two whole reports
          const a = pretty.split('\n');
          const b = golden.split('\n');
          const i = a.findIndex((line, n) => line !== b[n]);
          assert.fail(`differs from tests/golden/${stem}.${lang}.json at line ${i + 1}:\n  wasm:   ${a[i]}\n  golden: ${b[i]}`);
        }
        assert.equal(report.lang, lang);
        // the JSON text of the form gives the same report as the object
        assert.equal(JSON.stringify(evaluate(text, { lang })), JSON.stringify(report));
        // and the CLI prints the same
        assert.equal(JSON.stringify(report), JSON.stringify(nativeReport(`examples/${file}`, lang)));
      });
    }
  }
});

describe('bad-input corpus: wasm = native CLI', () => {
  const expected = readJson('tests/bad/expected.json');
  for (const file of fixtures) {
    for (const lang of LANGS) {
      test(`${file} ${lang}`, () => {
        const native = nativeReport(`tests/bad/${file}`, lang);
        const text = read(`tests/bad/${file}`);
        if (native.error === undefined) {
          // the CLI reads it: wasm gives the same report
          assert.equal(expected[file].loadError, undefined, 'the manifest says this fixture loads');
          const report = evaluate(text, { lang });
          assert.equal(JSON.stringify(report), JSON.stringify(native));
          const { issue, path, severity } = expected[file];
          if (issue !== undefined) {
            assert.ok(
              report.issues.some((i) => i.code === issue && i.path === path && i.severity === severity),
              `expected ${severity} ${issue} at ${path}, got ${report.issues.map((i) => `${i.code}@${i.path}`).join(', ')}`,
            );
          }
          return;
        }
        // the CLI cannot read it: wasm throws the same error
        assert.equal(native.error.code, expected[file].loadError, 'the CLI error is the one the manifest expects');
        let thrown;
        try {
          evaluate(text, { lang });
        } catch (e) {
          thrown = e;
        }
        assert.ok(thrown instanceof Error, `wasm did not throw for ${file}`);
        assert.equal(thrown.code, native.error.code);
        assert.deepEqual(
          { code: thrown.code, message: thrown.message, path: thrown.path, line: thrown.line, column: thrown.column },
          native.error,
        );
      });
    }
  }
});
