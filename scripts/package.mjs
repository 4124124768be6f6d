// Completes pkg/ after wasm-pack: the entry point js/jixiao.js and its declarations become the
// package's main module and types, next to the generated glue (jixiao_wasm.js) and module
// (jixiao_wasm_bg.wasm) that they import. Run by `make pkg`.
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { ROOT } from './serve.mjs';

const ENTRY = ['jixiao.js', 'jixiao.d.ts'];
for (const file of ENTRY) copyFileSync(`${ROOT}/js/${file}`, `${ROOT}/pkg/${file}`);

const path = `${ROOT}/pkg/package.json`;
const pkg = JSON.parse(readFileSync(path, 'utf8'));
pkg.main = 'jixiao.js';
pkg.types = 'jixiao.d.ts';
pkg.files = [...new Set([...ENTRY, ...pkg.files])];
writeFileSync(path, JSON.stringify(pkg, null, 2) + '\n');
