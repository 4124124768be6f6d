// The package's entry point (jixiao.js): the declarations of the generated glue, whose `Evaluator`
// the entry point wraps without changing its shape.
export * from './jixiao_wasm.js';
export { default, initSync } from './jixiao_wasm.js';

/** What the functions and methods throw on misuse, and on a form that cannot be read: an `Error`
 * with a stable `code` (`api.invalidForm`, `api.notLoaded`, `form.syntax` …, listed in
 * docs/report-format.md); a form's syntax or shape error also says where. */
export interface JixiaoError extends Error {
  code: string;
  /** The field the form's error is in (`budget.total.planned`), for a syntax or shape error. */
  path?: string;
  /** 1-based, for a syntax or shape error; null where the text has no place for it. */
  line?: number | null;
  column?: number | null;
}
