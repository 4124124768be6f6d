// Attach mode: scores a form the portal already has. The page keeps its markup and styles; we add
// one message element after each bound input, set aria-* and custom validity, and write into the
// [data-jixiao-findings] / [data-jixiao-status] elements and <jixiao-score> badges it provides.
// The page may change after attach(): inputs added, replaced or removed (a portal's own "add a row"
// button, a framework's re-render) are bound, rebound or released as they come and go.
import { loadEngine, offMessage } from './engine.js';
import { t, langOf } from './strings.js';
import { saveDraft, loadDraft, clearDraft, draftKey, savedAt } from './storage.js';
import { getPath, setPath, cellsFor } from './form/paths.js';
import { fetchForm, readForm } from './form/fetch.js';
import './jixiao-score.js';

// The inputs attach() binds must name a path Evaluator.set accepts (docs/report-format.md,
// "Settable paths"); checked without the engine, so that binding works when it cannot load.
const SETTABLE = new RegExp(
  '^(unit\\.(name|year|preparer|phone|date)|goals\\.(target|completion|reason)|moneyUnit' +
    '|budget\\.(total|bySource\\.(generalPublic|governmentFund|stateCapital|other)|byNature\\.(basic|project))\\.(planned|executed)' +
    '|budget\\.(statedRate|reason)|claimed\\.(score|grade)|narrative' +
    '|indicators\\..+\\.(name|weight|target|actual|level|score|reason|rule))$',
);
const isSettable = (path) => SETTABLE.test(path);
// The cells of a row: what `data-jixiao-field` may name inside a `data-jixiao-row`.
const ROW_FIELDS = new Set(['name', 'weight', 'target', 'actual', 'level', 'score', 'reason', 'rule']);

const UNBOUND = new Set(['button', 'submit', 'reset', 'image', 'file', 'checkbox', 'radio']);
// Evaluator.set's refusals of the cell (the others are of the text)
const NO_CELL = /^api\.(unknown|notALeaf)/;
const BADGE = ['lang', 'data-score', 'data-grade', 'data-grade-en', 'data-errors', 'data-state'];
const RANK = { error: 0, warning: 1, info: 2 };
let serial = 0;
// One attachment per form: a second attach() replaces the first instead of doubling its messages.
const attached = new WeakMap();

export async function attach(formElement, options) {
  options ??= {};
  // Misuse of the API is thrown (the promise rejects), with a code; what the page or the form
  // lacks never is (scoring stays off and the page says why).
  if (!(formElement instanceof HTMLFormElement)) {
    const kind = formElement instanceof Element ? `<${formElement.localName}>` : formElement === null ? 'null' : typeof formElement;
    const message = t(langOf(options.lang || document.documentElement.lang), 'api.notAForm', { kind });
    throw Object.assign(new Error(message), { code: 'api.notAForm' });
  }
  attached.get(formElement)?.detach();
  const lang = langOf(options.lang || formElement.closest('[lang]')?.lang);
  const say = (key, params) => t(lang, key, params);
  const findingsEl = formElement.querySelector('[data-jixiao-findings]');
  const statusEl = formElement.querySelector('[data-jixiao-status]');
  const noticeEl = statusEl || findingsEl;
  // the page's attributes we set, as they were, for detach()
  const saved = new Map();
  const keep = (el, names) => saved.has(el) || saved.set(el, names.map((n) => [n, el.getAttribute(n)]));
  if (statusEl) {
    keep(statusEl, ['role', 'aria-live']);
    if (!statusEl.hasAttribute('role')) statusEl.setAttribute('role', 'status');
    if (!statusEl.hasAttribute('aria-live')) statusEl.setAttribute('aria-live', 'polite');
  }
  const added = []; // every node we put into the page, removed again by detach()
  let summaryEl = null;
  let listEl = null;
  const mapping = options.mapping || {};
  const bindings = [];
  // rows of the unit's own that the page declares (data-jixiao-row): element → row id
  const rows = new Map();
  // Inputs left unbound → `path shape`: tried again only when one changes, else a refusal would
  // loop (render → sync → refusal → render)
  const refused = new WeakMap();
  let shape = 0; // counts changes of the form's rows
  let detached = false;
  let observer = null;
  // Warnings and notes wait until the user has typed or tried to submit: a portal page opened on a
  // blank form must not greet its user with a list of what is not filled in yet. Errors show.
  let touched = false;
  // read by the controller and by detach(), which a second attach() may call while this one is
  // still loading: they exist from the start
  let evaluator = null;
  let offline = { version: 1 }; // our own copy of the form, the only one when the engine is off
  const controller = {
    get report() {
      return evaluator ? evaluator.report() : null;
    },
    get form() {
      return structuredClone(current());
    },
    detach,
  };
  attached.set(formElement, controller);

  const [base, engine] = await Promise.all([baseForm(options), loadEngine()]);
  // a base form that cannot be read leaves scoring off: the page says why, inputs keep working
  const api = engine.ok && !base.problem ? engine.api : null;
  offline = base.form ?? offline;
  let offReason = engine.ok ? '' : offMessage(lang, engine);
  let undo = null; // the restored draft's undo, while it holds
  if (base.problem) {
    console.warn(`jixiao: ${base.problem.detail}`);
    offReason = say('error.loadOff', { message: say(base.problem.key, base.problem.params) });
  }
  if (detached) return controller; // a newer attach() came while this one was loading

  load(offline);
  sync(false);

  const key = draftKey(options.storageKey || formElement.id || 'attach', current());
  const draft = loadDraft(key);
  if (draft && JSON.stringify(draft.form) !== JSON.stringify(current())) {
    const before = { form: current(), values: new Map(bindings.map((b) => [b.el, b.el.value])) };
    replace(draft.form);
    const text = document.createElement('span');
    const time = savedAt(draft);
    const restored = say(time ? 'notice.restored' : 'notice.restoredUndated', { time }) + ' ';
    text.textContent = restored;
    // back to the original form and again to the draft, which stays stored until the original
    // form is edited; the button stays, and the focus with it
    let undone = false;
    undo = button(say('notice.undo'), () => {
      undone = !undone;
      if (undone) replace(before.form, before.values);
      else replace(draft.form);
      text.textContent = undone ? say('notice.undoneDraft') + ' ' : restored;
      undo.textContent = say(undone ? 'notice.redraft' : 'notice.undo');
    });
    note(text, undo);
  }
  // rows the page names that neither the form nor the draft has are made now, as new rows
  sync(true);
  if (offReason) note(offReason);
  render();

  formElement.addEventListener('reset', onReset);
  formElement.addEventListener('invalid', onInvalid, true);
  formElement.addEventListener('submit', onInvalid, true);
  // The page changes: bind what came, release what went, once per batch of changes.
  let queued = false;
  observer = new MutationObserver(() => {
    if (queued || detached) return;
    queued = true;
    queueMicrotask(() => {
      queued = false;
      if (!detached && sync()) changed(null);
    });
  });
  observer.observe(formElement, {
    subtree: true,
    childList: true,
    attributes: true,
    attributeFilter: ['name', 'data-jixiao', 'data-jixiao-row', 'data-jixiao-parent', 'data-jixiao-field'],
  });
  return controller;

  // A native reset changes values without input events and empties what `fill` filled: back to
  // the base form as attached, and the draft goes.
  function onReset() {
    setTimeout(() => {
      if (detached) return;
      load(base.form ?? { version: 1 });
      rows.clear();
      [...bindings].forEach(unbind);
      sync();
      clearDraft(key);
      render();
    });
  }

  // A submit the browser refused (an input is invalid) counts as touching the form.
  function onInvalid() {
    if (touched) return;
    touched = true;
    render();
  }

  function current() {
    return evaluator ? evaluator.form() : offline;
  }

  // A form the engine refuses (a load error) leaves scoring off but input and drafts working.
  function load(form) {
    evaluator?.free();
    evaluator = null;
    offline = structuredClone(form);
    shape++;
    if (!api) return;
    try {
      evaluator = new api.Evaluator(form, { lang });
      offReason = '';
    } catch (e) {
      offReason = say('error.loadOff', { message: e.message });
    }
  }

  /**
   * Makes the bindings match the page: rows the page declares exist in the form (created under
   * their parent when new), rows it took away are removed, inputs are bound to their paths (and
   * what they hold typed in), inputs that went are released. A row that names an id the form does
   * not have waits (a draft may bring it) unless `stale`: then it is made anew. True when anything
   * changed.
   */
  function sync(stale = true) {
    let change = false;
    // rows the page no longer shows leave the form with their values
    for (const [el, id] of rows) {
      if (formElement.contains(el)) continue;
      rows.delete(el);
      change = true;
      shape++;
      try {
        evaluator?.removeRow(id);
      } catch (e) {
        console.warn(`jixiao: row ${id} could not be removed (${e.code})`);
      }
    }
    let ids = null; // the form's row ids, read once when a row element needs them
    const waiting = new Set(); // rows that name an id a draft may bring: their inputs wait too
    for (const el of formElement.querySelectorAll('[data-jixiao-row]')) {
      const id = el.getAttribute('data-jixiao-row');
      if (rows.get(el) === id && id) continue;
      ids ??= rowIds();
      if (id && ids.has(id)) {
        rows.set(el, id);
        continue;
      }
      const parent = el.getAttribute('data-jixiao-parent');
      if (id && !stale) waiting.add(el);
      if (!evaluator || parent == null || (id && !stale)) continue;
      try {
        const made = evaluator.addRow(parent || null);
        el.setAttribute('data-jixiao-row', made.id);
        rows.set(el, made.id);
        shape++;
        change = true;
        // bound afresh: what they hold goes into the new row
        bindings.filter((b) => el.contains(b.el)).forEach(unbind);
      } catch (e) {
        refuse(el, parent, `no row can be added: ${e.message} (${e.code})`);
      }
    }
    for (const b of [...bindings]) {
      if (!formElement.contains(b.el) || pathOf(b.el) !== b.path) {
        unbind(b);
        change = true;
      }
    }
    const bound = new Set(bindings.map((b) => b.el));
    for (const el of formElement.elements) {
      if (bound.has(el) || !('value' in el) || UNBOUND.has(el.type) || el.tagName === 'FIELDSET' || el.tagName === 'OUTPUT') continue;
      const path = pathOf(el);
      if (!path || refused.get(el) === `${path} ${shape}` || waiting.has(el.closest('[data-jixiao-row]'))) continue;
      if (!isSettable(path)) {
        refuse(el, path, 'not a settable path');
        continue;
      }
      const b = { el, path, last: el.value, msg: null, invalid: el.getAttribute('aria-invalid') };
      bindings.push(b);
      b.listen = () => {
        if (detached || b.el.value === b.last) return;
        touched = true;
        changed(type(b));
      };
      el.addEventListener('input', b.listen);
      el.addEventListener('change', b.listen);
      // what an input holds when it comes wins over the form's value; an empty one shows the
      // form's value when the page asked for that (`fill`)
      if (el.value !== '') type(b);
      else if (options.fill) el.value = b.last = getPath(current(), path);
      change ||= bindings.includes(b);
    }
    // in the page's order, so that a table's finding goes to its first input
    if (change) bindings.sort((a, b) => (a.el.compareDocumentPosition(b.el) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1));
    return change;
  }

  // Every row of the form: the typed ones, and the template's as the engine reports them.
  function rowIds() {
    const ids = new Set();
    const walk = (list) => (list || []).forEach((r) => (ids.add(String(r.id)), walk(r.children)));
    walk(current().indicators);
    const report = evaluator?.report();
    for (const r of [...(report?.leaves || []), ...(report?.subtotals || [])]) ids.add(r.id);
    return ids;
  }

  // The path an input is bound to: its own attribute, the page's mapping, its name, or the cell of
  // the row it sits in.
  function pathOf(el) {
    if (el.dataset.jixiao) return el.dataset.jixiao;
    if (mapping[el.name]) return mapping[el.name];
    const field = el.dataset.jixiaoField;
    // the 自评表说明 is one field of the whole form, wherever the page puts its textarea
    if (field === 'narrative') return 'narrative';
    const row = field && el.closest('[data-jixiao-row]')?.getAttribute('data-jixiao-row');
    if (row && ROW_FIELDS.has(field)) return `indicators.${row}.${field}`;
    return isSettable(el.name) ? el.name : '';
  }

  // After a change the user made or the page made: the draft, the messages, the event. Undoing a
  // restored draft would take the change away too, so its button goes.
  function changed(change) {
    undo?.remove();
    undo = null;
    saveDraft(key, current());
    render(change);
    if (change) {
      const grade = lang === 'en' ? change.gradeEn : change.grade;
      const detail = { score: change.score, grade, errors: change.summary.errors, warnings: change.summary.warnings, change };
      formElement.dispatchEvent(new CustomEvent('jixiao-change', { bubbles: true, detail }));
    }
  }

  function type(b) {
    b.last = b.el.value;
    b.refused = null;
    setPath(offline, b.path, b.last);
    if (!evaluator) return null;
    try {
      return evaluator.set(b.path, b.last);
    } catch (e) {
      // a text refused (too long) is marked as an error; a cell the form lacks lets the input go
      if (NO_CELL.test(e.code)) {
        refuse(b.el, b.path, `${e.message} (${e.code})`);
        unbind(b);
      } else b.refused = { severity: 'error', message: e.message };
      return null;
    }
  }

  // Warns once per input and path.
  function refuse(el, path, why) {
    if (!refused.get(el)?.startsWith(`${path} `)) console.warn(`jixiao: ${path}: ${why}; left unbound`);
    refused.set(el, `${path} ${shape}`);
  }

  // Loads another whole form (draft or undo) and shows it in the inputs whose value it changes, or
  // puts back the `values` the inputs had (by input). The page's rows stay, made anew if need be.
  function replace(form, values) {
    const old = current();
    load(form);
    rows.clear();
    for (const b of bindings) {
      const value = values?.has(b.el) ? values.get(b.el) : getPath(current(), b.path);
      if (values?.has(b.el) || value !== getPath(old, b.path)) b.el.value = b.last = value;
    }
    sync();
    render();
  }

  function render(change) {
    if (detached) return;
    const state = change || evaluator?.report();
    const issues = (state ? state.issues : []).filter((i) => touched || i.severity === 'error');
    const byInput = new Map();
    const loose = [];
    const add = (b, issue) => byInput.set(b, [...(byInput.get(b) || []), issue]);
    for (const b of bindings) if (b.refused) add(b, b.refused);
    for (const issue of issues) {
      const own = bindings.find((b) => b.path === issue.path);
      if (own) add(own, issue);
      else {
        loose.push(issue);
        // A table finding blocks submit at the first input that can fix it.
        const near = related(issue.path);
        if (near && (issue.severity === 'error' || !findingsEl)) add(near, issue);
      }
    }
    for (const b of bindings) show(b, (byInput.get(b) || []).sort((x, y) => RANK[x.severity] - RANK[y.severity]));
    if (findingsEl) list(loose, state);
    badges(state);
  }

  // The first visible input that can fix a finding about a table, a budget column or a row.
  function related(path) {
    const visible = bindings.filter((b) => b.el.type !== 'hidden');
    const [first] = cellsFor(path, visible.map((b) => b.path));
    return visible.find((b) => b.path === first);
  }

  function show(b, issues) {
    const el = b.el;
    if (issues.length && !b.msg) {
      b.msg = document.createElement('span');
      b.msg.className = 'jixiao-message';
      b.msg.id = `jixiao-message-${++serial}`;
      el.after(b.msg);
    }
    if (b.msg) {
      b.msg.hidden = !issues.length;
      // a 说明's finding says on which line of the text its figure is
      b.msg.textContent = issues.map((i) => (i.span ? say('n.at', { line: i.span.line, message: i.message }) : i.message)).join(lang === 'en' ? '; ' : '；');
      if (issues.length) b.msg.dataset.severity = issues[0].severity;
      describe(el, b.msg.id, issues.length > 0);
    }
    const error = issues.find((i) => i.severity === 'error');
    if (error) el.setAttribute('aria-invalid', 'true');
    else restoreInvalid(b);
    // only our own message: the page's stays
    if (!el.validity.customError || el.validationMessage === b.validity) el.setCustomValidity((b.validity = error ? error.message : ''));
  }

  function list(loose, state) {
    if (!listEl) {
      summaryEl = document.createElement('p');
      listEl = document.createElement('ul');
      summaryEl.className = 'jixiao-summary';
      listEl.className = 'jixiao-findings';
      findingsEl.append(summaryEl, listEl);
      added.push(summaryEl, listEl);
    }
    const s = state?.summary;
    summaryEl.textContent = !s
      ? say('score.off')
      : !touched
        ? (s.errors ? say('panel.errors', s) : '')
        : s.errors || s.warnings
          ? say('panel.counts', s)
          : say('panel.none');
    listEl.replaceChildren(
      ...loose.map((issue) => {
        const li = document.createElement('li');
        li.dataset.severity = issue.severity;
        li.dataset.path = issue.path;
        li.dataset.code = issue.code;
        const near = related(issue.path);
        if (near) li.append(button(issue.message, () => near.el.focus()));
        else li.textContent = issue.message;
        return li;
      }),
    );
    listEl.hidden = !loose.length;
  }

  function badges(state) {
    const found = new Set(formElement.querySelectorAll('jixiao-score'));
    if (formElement.id) document.querySelectorAll(`jixiao-score[for="${CSS.escape(formElement.id)}"]`).forEach((x) => found.add(x));
    for (const badge of found) {
      keep(badge, BADGE);
      if (!badge.hasAttribute('lang')) badge.setAttribute('lang', lang);
      if (state) {
        Object.assign(badge.dataset, { score: state.score, grade: state.grade, gradeEn: state.gradeEn, errors: state.summary.errors });
      }
      badge.dataset.state = !state ? 'off' : state.summary.errors ? 'errors' : 'ok';
    }
  }

  function note(...content) {
    if (!noticeEl) return console.warn('jixiao:', ...content.map((c) => c.textContent ?? c));
    const p = document.createElement('p');
    p.className = 'jixiao-notice';
    p.append(...content);
    noticeEl.append(p);
    added.push(p);
  }

  function button(label, action) {
    const el = document.createElement('button');
    el.type = 'button'; // inside a <form> a bare button would submit it
    el.textContent = label;
    el.addEventListener('click', action);
    return el;
  }

  function unbind(b) {
    b.el.removeEventListener('input', b.listen);
    b.el.removeEventListener('change', b.listen);
    show(b, []);
    b.msg?.remove();
    bindings.splice(bindings.indexOf(b), 1);
  }

  function detach() {
    if (detached) return;
    detached = true;
    if (attached.get(formElement) === controller) attached.delete(formElement);
    observer?.disconnect();
    formElement.removeEventListener('reset', onReset);
    formElement.removeEventListener('invalid', onInvalid, true);
    formElement.removeEventListener('submit', onInvalid, true);
    [...bindings].forEach(unbind);
    added.forEach((node) => node.remove());
    // a badge without the page's own state says scoring is off, not an old score
    for (const [el, attrs] of saved) {
      for (const [n, v] of attrs) v == null ? el.removeAttribute(n) : el.setAttribute(n, v);
      if (el.localName === 'jixiao-score') el.dataset.state ||= 'off';
    }
    evaluator?.free();
    evaluator = null;
  }
}

// The base form: `{ form }`, or `{ problem }` (scoring stays off, the page says why).
async function baseForm({ form, src, template }) {
  if (typeof form === 'string') return readForm(form, 'options.form');
  // refused as the engine refuses it (api.invalidForm), also when the engine cannot load
  if (form != null && (typeof form !== 'object' || Array.isArray(form))) {
    const kind = Array.isArray(form) ? 'array' : typeof form;
    return { problem: { key: 'load.notForm', params: { kind }, detail: `options.form is ${kind === 'array' ? 'an array' : `a ${kind}`}, not a form (api.invalidForm)` } };
  }
  if (form) return { form: structuredClone(form) };
  if (src) return fetchForm(new URL(src, document.baseURI));
  // A template form carries only the id: the engine supplies the rows, weights and rules.
  return { form: template ? { version: 1, template } : { version: 1 } };
}

// Keeps the page's own aria-describedby ids and adds or removes only ours.
function describe(el, id, on) {
  const ids = (el.getAttribute('aria-describedby') || '').split(/\s+/).filter((x) => x && x !== id);
  if (on) ids.push(id);
  if (ids.length) el.setAttribute('aria-describedby', ids.join(' '));
  else el.removeAttribute('aria-describedby');
}

function restoreInvalid(b) {
  if (b.invalid == null) b.el.removeAttribute('aria-invalid');
  else b.el.setAttribute('aria-invalid', b.invalid);
}
