// The package's entry point: the generated glue (jixiao_wasm.js) as it is, except `Evaluator`,
// which is wrapped so that an evaluator used after free() throws an Error with the code
// `api.freed` instead of wasm-bindgen's "null pointer passed to rust", free() may be called again
// (as a `using` block does after an explicit free()), and a method called on an object that
// `new Evaluator()` did not make throws `api.notAnEvaluator` instead of reading arbitrary memory,
// and every change `set` returns lists every finding, of which the module sends only those that changed.
import { Evaluator as Raw, misuseError } from './jixiao_wasm.js';

export {
  default,
  initSync,
  evaluate,
  checkNarrative,
  draftNarrative,
  parseAmount,
  templates,
  template,
  version,
} from './jixiao_wasm.js';

export class Evaluator {
  /** The evaluator in the wasm module; null once freed. */
  #raw;
  /** The language of its messages, for the errors thrown here. */
  #lang;
  /** The findings as of the last `set`: the module sends only how they changed (`issueEdit`, in
   * the terms of `Array.prototype.splice`), and every change still lists them all. */
  #issues = [];

  constructor(form, options) {
    this.#raw = new Raw(form, options);
    this.#lang = options?.lang;
  }

  /** `self` itself, if `new Evaluator()` made it. */
  static #own(self) {
    if (typeof self === 'object' && self !== null && #raw in self) return self;
    throw misuseError(false, undefined);
  }

  /** The live evaluator behind `self`, or the Error that says why there is none. */
  static #live(self) {
    const raw = Evaluator.#own(self).#raw;
    if (raw === null) throw misuseError(true, self.#lang);
    return raw;
  }

  set(path, text) {
    const { issueEdit, ...change } = Evaluator.#live(this).set(path, text);
    if (issueEdit) {
      // concat, not splice(…, ...insert): a form of 100,000 findings may change them all at once
      const { at, remove, insert } = issueEdit;
      this.#issues = this.#issues.slice(0, at).concat(insert, this.#issues.slice(at + remove));
    } else this.#issues = change.issues;
    // a copy: a caller sorting or filtering a change's list in place changes no other
    change.issues = this.#issues.slice();
    return change;
  }

  addRow(parent, options) {
    return Evaluator.#live(this).addRow(parent, options);
  }

  removeRow(id) {
    return Evaluator.#live(this).removeRow(id);
  }

  moveRow(id, parent, position) {
    return Evaluator.#live(this).moveRow(id, parent, position);
  }

  report() {
    return Evaluator.#live(this).report();
  }

  form() {
    return Evaluator.#live(this).form();
  }

  /** Releases its memory in the module; any later call but free() throws `api.freed`. */
  free() {
    const raw = Evaluator.#own(this).#raw;
    this.#raw = null;
    raw?.free();
  }

  [Symbol.dispose]() {
    this.free();
  }
}
