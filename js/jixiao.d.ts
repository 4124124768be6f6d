// The package's entry point (jixiao.js): the declarations of the generated glue, whose `Evaluator`
// the entry point wraps without changing its shape.
export * from './jixiao_wasm.js';
export { default, initSync } from './jixiao_wasm.js';
