// The package's entry point: the generated glue (jixiao_wasm.js), with every function and
// `new Evaluator()` throwing `api.notLoaded` before init(), a form object's NaN passed as text, and
// `Evaluator` wrapped so that an evaluator used after free() throws `api.freed` instead of
// wasm-bindgen's "null pointer passed to rust", free() may be called again (as a `using` block does
// after an explicit free()), a method called on an object that `new Evaluator()` did not make
// throws `api.notAnEvaluator` instead of reading arbitrary memory, and every change `set` returns
// lists every finding, of which the module sends only those that changed.
import initModule, * as glue from './jixiao_wasm.js';

const { Evaluator: Raw, misuseError } = glue;

// Set by init() or initSync(). Before, the glue would fail on its missing exports with a TypeError
// that says nothing of init(); each call throws `api.notLoaded` instead, in the language of its
// options (every call takes them second). The engine's messages are in the module, so not this one.
let loaded = false;

export default async function init(source) {
  let exports;
  try {
    exports = await initModule(source);
  } catch (cause) {
    // Node fetches no file: URL, and the glue says only "fetch failed"
    if (source !== undefined || !globalThis.process?.versions?.node) throw cause;
    const error = new Error(
      "在 Node 中请传入模块的字节 / In Node, pass the module's bytes: init({ module_or_path: readFileSync(new URL(import.meta.resolve('jixiao/jixiao_wasm_bg.wasm'))) })",
      { cause },
    );
    error.code = 'api.notLoaded';
    throw error;
  }
  loaded = true;
  return exports;
}

export function initSync(source) {
  const exports = glue.initSync(source);
  loaded = true;
  return exports;
}

const guard =
  (call) =>
  (...args) => {
    if (loaded) return call(...args);
    const en = /^en(-|$)/i.test(String(args[1]?.lang ?? ''));
    const error = new Error(
      en ? 'The engine is not loaded yet: call and await init() first' : '引擎尚未加载：请先调用 init() 并等待其完成',
    );
    error.code = 'api.notLoaded';
    throw error;
  };

// A form object's NaN and ±Infinity (`Number('8,670.53')`) cross as their text, which the engine
// reports as unreadable in its cell, not as the null of JSON.stringify, which it would take for a
// blank. Only a text with a null is written again. Anything else, or an object JSON.stringify
// refuses, goes as it is to the module, which says what is wrong with it.
function formText(form) {
  if (typeof form !== 'object' || form === null || Array.isArray(form)) return form;
  try {
    const text = JSON.stringify(form);
    return text?.includes('null')
      ? JSON.stringify(form, (_, v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v))
      : (text ?? form);
  } catch {
    return form;
  }
}

export const evaluate = guard((form, options) => glue.evaluate(formText(form), options));
export const draftNarrative = guard((form, options) => glue.draftNarrative(formText(form), options));
export const checkNarrative = guard(glue.checkNarrative);
export const parseAmount = guard(glue.parseAmount);
export const templates = guard(glue.templates);
export const template = guard(glue.template);
export const version = guard(glue.version);
const newRaw = guard((form, options) => new Raw(formText(form), options));

export class Evaluator {
  /** The evaluator in the wasm module; null once freed. */
  #raw;
  /** The language of its messages, for the errors thrown here. */
  #lang;
  /** The findings as of the last `set`: the module sends only how they changed (`issueEdit`, in
   * the terms of `Array.prototype.splice`), and every change still lists them all. */
  #issues = [];

  constructor(form, options) {
    this.#raw = newRaw(form, options);
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
