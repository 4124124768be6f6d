// The package's entry point: the generated glue (jixiao_wasm.js) as it is, except `Evaluator`,
// which is wrapped so that an evaluator used after free() throws an Error with the code
// `api.freed` instead of wasm-bindgen's "null pointer passed to rust", free() may be called again
// (as a `using` block does after an explicit free()), and a method called on an object that
// `new Evaluator()` did not make throws `api.notAnEvaluator` instead of reading arbitrary memory.
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
    return Evaluator.#live(this).set(path, text);
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
