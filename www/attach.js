// Attach mode: scores a form the portal already has. The page keeps its markup and styles; we add
// one message element after each bound input, set aria-* and custom validity, and write into the
// [data-jixiao-findings] / [data-jixiao-status] elements and <jixiao-score> badges it provides.
import { loadEngine, offMessage } from './engine.js';
import { t } from './strings.js';
import { saveDraft, loadDraft, clearDraft, draftKey, savedAt } from './storage.js';
import { getPath, setPath, cellsFor } from './form/paths.js';
import { fetchForm, readForm } from './form/fetch.js';
import './jixiao-score.js';

// The inputs attach() binds must name a path Evaluator.set accepts (docs/report-format.md,
// "Settable paths"); checked without the engine, so that binding works when it cannot load.
const SETTABLE = new RegExp(
  '^(unit\\.(name|year|preparer|phone|date)|goals\\.(target|completion|reason)|moneyUnit' +
    '|budget\\.(total|bySource\\.(generalPublic|governmentFund|stateCapital|other)|byNature\\.(basic|project))\\.(planned|executed)' +
    '|budget\\.(statedRate|reason)|claimed\\.(score|grade)' +
    '|indicators\\..+\\.(name|weight|target|actual|level|score|reason))$',
);
const isSettable = (path) => SETTABLE.test(path);

const UNBOUND = new Set(['button', 'submit', 'reset', 'image', 'file', 'checkbox', 'radio']);
const RANK = { error: 0, warning: 1, info: 2 };
let serial = 0;

export async function attach(formElement, options = {}) {
  const lang = /^en/i.test(options.lang || formElement.closest('[lang]')?.lang || '') ? 'en' : 'zh-CN';
  const say = (key, params) => t(lang, key, params);
  const findingsEl = formElement.querySelector('[data-jixiao-findings]');
  const statusEl = formElement.querySelector('[data-jixiao-status]');
  const noticeEl = statusEl || findingsEl;
  if (statusEl) {
    if (!statusEl.hasAttribute('role')) statusEl.setAttribute('role', 'status');
    if (!statusEl.hasAttribute('aria-live')) statusEl.setAttribute('aria-live', 'polite');
  }
  const added = []; // every node we put into the page, removed again by detach()
  let summaryEl = null;
  let listEl = null;
  const bindings = bindInputs(formElement, options.mapping || {});

  const [base, engine] = await Promise.all([baseForm(options), loadEngine()]);
  // a base form that cannot be read leaves scoring off: the page says why, inputs keep working
  const api = engine.ok && !base.problem ? engine.api : null;
  let offline = base.form ?? { version: 1 }; // our own copy, the only one when the engine is off
  let evaluator = null;
  let detached = false;
  let offReason = engine.ok ? '' : offMessage(lang, engine);
  if (base.problem) {
    console.warn(`jixiao: ${base.problem.detail}`);
    offReason = say('error.loadOff', { message: say(base.problem.key, base.problem.params) });
  }

  load(offline);
  for (const b of [...bindings]) if (b.el.value !== '') type(b);
  if (options.fill) for (const b of bindings) if (b.el.value === '') b.el.value = b.last = getPath(current(), b.path);

  const key = draftKey(options.storageKey || formElement.id || 'attach', current());
  const draft = loadDraft(key);
  if (draft && JSON.stringify(draft.form) !== JSON.stringify(current())) {
    const before = { form: current(), values: bindings.map((b) => b.el.value) };
    replace(draft.form);
    const undo = button(say('notice.undo'), () => {
      replace(before.form, before.values);
      clearDraft(key);
      undo.remove();
      text.textContent = say('notice.undone');
    });
    const text = document.createElement('span');
    const time = savedAt(draft);
    text.textContent = say(time ? 'notice.restored' : 'notice.restoredUndated', { time }) + ' ';
    note(text, undo);
  }
  if (offReason) note(offReason);
  render();

  for (const b of bindings) {
    b.listen = () => {
      if (detached || b.el.value === b.last) return;
      const change = type(b);
      saveDraft(key, current());
      render(change);
      if (change) {
        const grade = lang === 'en' ? change.gradeEn : change.grade;
        const detail = { score: change.score, grade, errors: change.summary.errors, warnings: change.summary.warnings, change };
        formElement.dispatchEvent(new CustomEvent('jixiao-change', { bubbles: true, detail }));
      }
    };
    b.el.addEventListener('input', b.listen);
    b.el.addEventListener('change', b.listen);
  }
  // A native reset changes values without input events.
  const onReset = () => setTimeout(() => bindings.forEach((b) => b.listen()));
  formElement.addEventListener('reset', onReset);

  function current() {
    return evaluator ? evaluator.form() : offline;
  }

  // A form the engine refuses (a load error) leaves scoring off but input and drafts working.
  function load(form) {
    evaluator?.free();
    evaluator = null;
    offline = structuredClone(form);
    if (!api) return;
    try {
      evaluator = new api.Evaluator(form, { lang });
      offReason = '';
    } catch (e) {
      offReason = say('error.loadOff', { message: e.message });
    }
  }

  function type(b) {
    b.last = b.el.value;
    setPath(offline, b.path, b.last);
    if (!evaluator) return null;
    try {
      return evaluator.set(b.path, b.last);
    } catch (e) {
      console.warn(`jixiao: ${b.path} is not a cell of this form (${e.code}); input left unbound`);
      unbind(b);
      return null;
    }
  }

  // Loads another whole form (draft or undo) and shows it in the inputs whose value it changes.
  function replace(form, values) {
    const old = current();
    load(form);
    bindings.forEach((b, i) => {
      const value = values ? values[i] : getPath(current(), b.path);
      if (values || value !== getPath(old, b.path)) b.el.value = b.last = value;
    });
    render();
  }

  function render(change) {
    if (detached) return;
    const state = change || evaluator?.report();
    const issues = state ? state.issues : [];
    const byInput = new Map();
    const loose = [];
    const add = (b, issue) => byInput.set(b, [...(byInput.get(b) || []), issue]);
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
      b.msg.textContent = issues.map((i) => i.message).join(lang === 'en' ? '; ' : '；');
      if (issues.length) b.msg.dataset.severity = issues[0].severity;
      describe(el, b.msg.id, issues.length > 0);
    }
    const error = issues.find((i) => i.severity === 'error');
    if (error) el.setAttribute('aria-invalid', 'true');
    else restoreInvalid(b);
    el.setCustomValidity(error ? error.message : '');
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

  return {
    get report() {
      return evaluator ? evaluator.report() : null;
    },
    get form() {
      return structuredClone(current());
    },
    detach() {
      if (detached) return;
      detached = true;
      formElement.removeEventListener('reset', onReset);
      [...bindings].forEach(unbind);
      added.forEach((node) => node.remove());
      badges(null);
      evaluator?.free();
      evaluator = null;
    },
  };
}

function bindInputs(formElement, mapping) {
  const bindings = [];
  for (const el of formElement.elements) {
    if (!('value' in el) || UNBOUND.has(el.type) || el.tagName === 'FIELDSET' || el.tagName === 'OUTPUT') continue;
    const path = el.dataset.jixiao || mapping[el.name] || (isSettable(el.name) ? el.name : '');
    if (!path) continue;
    if (!isSettable(path)) {
      console.warn(`jixiao: "${path}" is not a settable path; input left unbound`);
      continue;
    }
    bindings.push({ el, path, last: el.value, msg: null, invalid: el.getAttribute('aria-invalid') });
  }
  return bindings;
}

// The base form: `{ form }`, or `{ problem }` (scoring stays off, the page says why).
async function baseForm({ form, src, template }) {
  if (typeof form === 'string') return readForm(form, 'options.form');
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
