// Completes pkg/ after wasm-pack: the entry point js/jixiao.js and its declarations become the
// package's main module and types, next to the generated glue (jixiao_wasm.js) and module
// (jixiao_wasm_bg.wasm) that they import, and js/README.md its README. Run by `make pkg`.
import { copyFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { ROOT } from './serve.mjs';

const ENTRY = ['jixiao.js', 'jixiao.d.ts', 'office.js', 'office.d.ts'];
// the workbook module, built by wasm-pack into pkg/office/ (`--features office`)
const OFFICE = ['office/jixiao_office_bg.wasm', 'office/jixiao_office.js', 'office/jixiao_office.d.ts'];
for (const file of ENTRY) copyFileSync(`${ROOT}/js/${file}`, `${ROOT}/pkg/${file}`);
// the package's own README, for npm users, instead of the repository's that wasm-pack copies
copyFileSync(`${ROOT}/js/README.md`, `${ROOT}/pkg/README.md`);

const path = `${ROOT}/pkg/package.json`;
const pkg = JSON.parse(readFileSync(path, 'utf8'));
pkg.main = 'jixiao.js';
pkg.types = 'jixiao.d.ts';
pkg.files = [...new Set([...ENTRY, ...pkg.files, ...OFFICE])];
// one package: the workbook module's own package.json is not part of it
rmSync(`${ROOT}/pkg/office/package.json`, { force: true });
writeFileSync(path, JSON.stringify(pkg, null, 2) + '\n');
