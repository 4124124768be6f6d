// Shared by the JS tests: the wasm package from pkg/ (wasm-pack --target web), initialised once,
// and the native CLI's report of a file, for parity checks.
//
// Build the package first: `wasm-pack build --target web --release` (make pkg); the CLI with
// `cargo build --release`.

import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import init, * as jixiao from '../../pkg/jixiao.js';

/** The repository root (/work/main), as a path. */
export const root = fileURLToPath(new URL('../../', import.meta.url));

const exports = await init({ module_or_path: readFileSync(new URL('../../pkg/jixiao_wasm_bg.wasm', import.meta.url)) });

/** The instance's linear memory (its size tells whether calls leak). */
export const wasmMemory = () => exports.memory;

export default jixiao;
export const { evaluate, Evaluator, parseAmount, templates, template, version } = jixiao;

/** Reads a file of the repository as UTF-8 text. */
export function read(relative) {
  return readFileSync(new URL(relative, new URL('../../', import.meta.url)), 'utf8');
}

/** Reads a JSON file of the repository. */
export function readJson(relative) {
  return JSON.parse(read(relative));
}

const cli = fileURLToPath(new URL('../../target/release/jixiao', import.meta.url));

/**
 * What the native CLI says about `file` (relative to the repository root):
 * `jixiao check --format json --lang <lang> <file>` prints one JSON line, a report or
 * `{ file, error: { code, message, path, line, column } }`. Returns it parsed, without `file`.
 */
export function nativeReport(file, lang = 'zh-CN') {
  const run = spawnSync(cli, ['check', '--format', 'json', '--lang', lang, file], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  if (run.error) throw new Error(`cannot run ${cli} (cargo build --release): ${run.error.message}`);
  const line = run.stdout.trim();
  if (!line) throw new Error(`${cli} printed nothing for ${file} (exit ${run.status}): ${run.stderr}`);
  const parsed = JSON.parse(line);
  delete parsed.file;
  return parsed;
}
