// <jixiao-form>: the whole 自评表, scored by the engine as it is typed.
import { loadEngine, offMessage } from './engine.js';
import { t, langOf } from './strings.js';
import { saveDraft, loadDraft, clearDraft, draftKey, savedAt } from './storage.js';
import { h, render, grouped, out } from './form/render.js';
import { setPath, cellsFor, BUDGET_COLUMN } from './form/paths.js';
import { fetchForm, readForm } from './form/fetch.js';
import { narrative, paintMirror, selectSpan, insertion, inText } from './form/narrative.js';

const STYLESHEET = new URL('./jixiao.css', import.meta.url).href;
// Findings whose text could not be read: the text stays, the input is marked.
const UNPARSED = /^input\.|^indicators\.unreadable/;
const clone = (o) => JSON.parse(JSON.stringify(o));

// Sets a text only when it differs: an unchanged cell is not touched (no mutation, no repaint).
function setText(el, text) {
  if (el.textContent !== text) el.textContent = text;
}

export class JixiaoForm extends HTMLElement {
  static formAssociated = true;
  static observedAttributes = ['template', 'lang', 'src', 'storage-key', 'readonly'];

  constructor() {
    super();
    this._int = this.attachInternals();
    this._root = this.attachShadow({ mode: 'open', delegatesFocus: true });
    this._box = h('div', { class: 'jx' });
    this._root.append(h('link', { rel: 'stylesheet', href: STYLESHEET }), this._box);
    this._root.addEventListener('input', (e) => this._onInput(e));
    this._root.addEventListener('mousedown', (e) => this._onDown(e), true);
    this._root.addEventListener('click', (e) => this._onClick(e));
    this._root.addEventListener('keydown', (e) => this._onKey(e));
    this._status = '';
    this._tpls = new Map();
    // kept across redraws: only a new sentence is read
    this._liveEl = h('p', { class: 'vh', 'aria-live': 'polite' });
    // A `form` set on the element before this class was defined (the page's script ran first) is
    // an own property that hides the setter: it is taken off and set again through the setter.
    if (Object.hasOwn(this, 'form')) {
      const f = this.form;
      delete this.form;
      this.form = f;
    }
  }

  get _lang() {
    return langOf(this.getAttribute('lang'));
  }
  get _ro() {
    return this.hasAttribute('readonly');
  }

  connectedCallback() {
    if (this._booted) return;
    this._booted = true;
    this._shell();
    this._say(t(this._lang, 'engine.loading'));
    // the form is fetched while the engine compiles, not after: the first score comes sooner
    const initial = this._pending ? Promise.resolve(null) : this._initial();
    Promise.all([loadEngine(), initial]).then(([eng, f]) => {
      this._api = eng.ok ? eng.api : null;
      this._off = eng.ok ? null : eng;
      const queued = this._queued;
      this._queued = null;
      if (this._loaded) return;
      // an import that came before the engine: a form it refuses leaves the form that would
      // have been loaded without it, and the status saying why
      if (queued && this._import(queued.form, queued.options)) return;
      const refused = queued && this._status;
      // a `src` that cannot be read leaves the status saying why, and no form in its place
      const form = this._pending || f;
      if (form) this._load(form, { restore: true });
      if (refused) this._say(refused);
    });
  }

  attributeChangedCallback(name, old, val) {
    if (old === val || !this._loaded) return;
    if (name === 'lang') {
      // en → en-US: the same strings, nothing to draw again
      if (langOf(old) === langOf(val)) return;
      this._relang();
    } else if (name === 'readonly') this._draw();
    else {
      if (name !== 'storage-key') this._initial().then((f) => f && this._load(f, { restore: true, notice: this._replacing() }));
      return;
    }
    // the message in the new language, at a field on the page
    this._sync(this.form, this.report?.issues);
  }

  get form() {
    return this._ev ? this._ev.form() : this._plain ? clone(this._plain) : this._queued?.form || this._pending || null;
  }
  set form(f) {
    if (typeof f === 'string') {
      const read = readForm(f, 'form');
      // refused as an import is, never thrown
      if (read.problem) return this._problem('form.syntax', this._loaded ? 'error.load' : 'error.loadOff', read.problem, true);
      f = read.form;
    }
    if (this._api !== undefined) this._load(f, { restore: true, notice: this._replacing() });
    else {
      // the last of an early `form` and an early import wins
      this._pending = f;
      this._queued = null;
    }
  }
  // The usual constraint-validation API of a form control, from ElementInternals.
  get validity() {
    return this._int.validity;
  }
  get validationMessage() {
    return this._int.validationMessage;
  }
  get willValidate() {
    return this._int.willValidate;
  }
  checkValidity() {
    return this._int.checkValidity();
  }
  reportValidity() {
    return this._int.reportValidity();
  }
  get report() {
    return this._ev ? (this._report ||= this._ev.report()) : null;
  }

  // Another form set over one the user typed (a sample button pressed by mistake, a page that
  // loads a new form): what was typed stays one click away, as after an import. A form as it was
  // loaded, untouched, needs no way back.
  _replacing() {
    const before = this._loaded && this.form;
    if (!before || JSON.stringify(before) === JSON.stringify(this._loaded)) return null;
    return { key: 'notice.replaced', undoKey: 'notice.undoReplace', undo: before, back: this._back() };
  }

  // Where the form on screen lives, for the undo of another form opened over it: the storage key it
  // was loaded under (a page opens another form under a key of its own), its draft's key and the
  // form as loaded. The undo brings all three back: the form's draft goes on where it was, even when
  // its unit name was typed since.
  _back() {
    return { storageKey: this._storageKey, key: this._key, loaded: this._loaded };
  }

  importJson(text) {
    // a form object is for the `form` property: its text would be "[object Object]", not JSON
    const object = text !== null && typeof text === 'object';
    const read = object
      ? { problem: { key: 'load.objectNotText', params: {}, detail: 'importJson: an object, not JSON text; set it as the form property' } }
      : readForm(String(text), 'import');
    if (read.problem) {
      this._problem('form.syntax', 'error.import', read.problem);
      return false;
    }
    // what was typed stays one click away
    const before = this._loaded && this.form;
    const notice = before && { key: 'notice.imported', undoKey: 'notice.undoImport', undo: before, back: this._back() };
    return this._import(read.form, { notice });
  }

  // Loads an imported form and saves it as a draft at once. Before the engine has loaded, the form
  // waits for it (true: the engine may still refuse it, said by jixiao-error): loaded now, it would
  // be taken for a form without scoring, and scoring would stay off.
  _import(f, options) {
    if (this._api === undefined) {
      this._queued = { form: f, options };
      return true;
    }
    if (!this._load(f, { restore: false, key: 'error.import', ...options })) return false;
    this._save();
    return true;
  }
  exportJson() {
    return JSON.stringify(this.form, null, 2);
  }

  // Loads the first 自评表 of an .xlsx or .xls workbook (or the one read from sheet `sheet`) as
  // importJson loads a form. The workbook code is fetched now, never with the page. Never rejects:
  // false when the workbook cannot be read, with the reason in the status and the form unchanged.
  async importWorkbook(bytes, { sheet } = {}) {
    this._say(t(this._lang, 'office.reading'));
    let got;
    try {
      got = await (await this._office()).readWorkbookForm(bytes, { lang: this._lang, sheet });
    } catch (e) {
      this._failed(e, 'error.import');
      return false;
    }
    // the notice also says which form of how many was taken, and what the reader did
    const notice = {
      key: got.count > 1 ? 'notice.workbookMany' : 'notice.workbook',
      params: { sheets: got.sheets, n: got.n, count: got.count },
      notes: got.notes,
      undoKey: 'notice.undoImport',
      undo: this._loaded && this.form,
      back: this._back(),
    };
    return this._import(got.form, { notice, cells: got.cells });
  }

  // The form as typed, as the bytes of an .xlsx 自评表. Rejects with the error (`export.*`,
  // `office.unavailable`) that the status also shows.
  async exportWorkbook() {
    this._say(t(this._lang, 'office.writing'));
    try {
      const bytes = await (await this._office()).writeWorkbook(this.form, { lang: this._lang });
      this._say(t(this._lang, 'status.exported'));
      return bytes;
    } catch (e) {
      this._failed(e, 'error.export');
      throw e;
    }
  }

  _office() {
    return import('./office.js').catch((e) => {
      throw Object.assign(new Error(t(this._lang, 'office.unavailable')), { code: 'office.unavailable', detail: String(e?.message || e) });
    });
  }

  // The reason under `key`; a technical one to the console and the event only.
  _failed(e, key) {
    if (e?.detail) console.warn(`jixiao: ${e.detail}`);
    this._error(e?.code || 'office.error', t(this._lang, key, { message: e?.message ?? String(e) }), e?.detail);
  }

  // The workbook cell of a finding, when the form was imported from a workbook: its path's own
  // cell, else the nearest enclosing path's (as the reader's cell_of), as a small text.
  _cellNote(path) {
    const cells = this._cells;
    for (let p = cells ? path : ''; p; p = p.includes('.') ? p.slice(0, p.lastIndexOf('.')) : '') {
      if (Object.hasOwn(cells, p)) return h('span', { class: 'xcell', text: t(this._lang, 'finding.cell', { cell: cells[p] }) });
    }
    return null;
  }

  formResetCallback() {
    if (!this._loaded) return;
    clearDraft(this._key);
    this._load(this._loaded, { restore: false });
  }
  formStateRestoreCallback(state) {
    try {
      const f = JSON.parse(state);
      if (this._loaded) this._load(f, { restore: false });
      else this._pending = f;
    } catch {
      /* not ours: keep the loaded form */
    }
  }

  // The form of `src` (null when it cannot be read: the status says why), else of `template`.
  async _initial() {
    const src = this.getAttribute('src');
    if (src) {
      const got = await fetchForm(new URL(src, document.baseURI));
      if (got.problem) this._problem('form.fetch', this._loaded ? 'error.load' : 'error.loadOff', got.problem, true);
      return got.form ?? null;
    }
    return { version: 1, template: this.getAttribute('template') || 'gd-dept-overall' };
  }

  // Loads a form; false (and the old form kept) when the engine refuses it. `notice` is shown
  // above the form, with its undo.
  _load(f, { restore, key = this._loaded ? 'error.load' : 'error.loadOff', notice = null, cells = null, back = null }) {
    const api = this._api;
    const make = (form) => new api.Evaluator(form, { lang: this._lang });
    let ev = null;
    let form;
    try {
      if (api) {
        ev = make(f);
        form = ev.form();
      } else {
        if (!f || typeof f !== 'object') throw new Error('not a form');
        form = clone(f);
      }
    } catch (e) {
      this._error(e.code || 'api.invalidForm', t(this._lang, key, { message: e.message }));
      return false;
    }
    this._pending = null;
    this._notice = notice;
    // the cells of the workbook the form came from, kept until another form is loaded
    this._cells = cells;
    this._status = '';
    this._storageKey = this.getAttribute('storage-key');
    this._key = back ? back.key : draftKey(this._storageKey || 'default', form);
    const draft = restore && !this._ro && loadDraft(this._key);
    if (draft && JSON.stringify(draft.form) !== JSON.stringify(form)) {
      try {
        const dev = api ? make(draft.form) : null;
        ev?.free();
        ev = dev;
        const time = savedAt(draft);
        this._notice = { key: time ? 'notice.restored' : 'notice.restoredUndated', params: { time }, undoKey: 'notice.undo', undo: form, draft: true };
        form = dev ? dev.form() : clone(draft.form);
      } catch {
        /* a draft the engine no longer reads: keep the loaded form */
      }
    }
    this._ev?.free();
    this._ev = ev;
    this._plain = ev ? null : form;
    this._loaded = back ? back.loaded : this._notice?.draft ? this._notice.undo : form;
    this._report = null;
    this._draw();
    this._sync(form, this.report?.issues);
    this._emit('jixiao-ready', { report: this.report, restored: Boolean(this._notice?.draft), undone: Boolean(back), draftKey: this._key });
    return true;
  }

  _relang() {
    this._status = '';
    if (this._ev) {
      const f = this._ev.form();
      this._ev.free();
      this._ev = new this._api.Evaluator(f, { lang: this._lang });
      this._report = null;
    }
    this._draw();
  }

  _tpl(id) {
    if (!this._api || !id) return null;
    if (!this._tpls.has(id)) {
      try {
        this._tpls.set(id, this._api.template(id));
      } catch {
        this._tpls.set(id, null);
      }
    }
    return this._tpls.get(id);
  }

  // The frame: status line, restore notice and panel; the form sections go in this._main.
  _shell() {
    const T = (k, p) => t(this._lang, k, p);
    this._box.setAttribute('lang', this._lang);
    const n = this._notice;
    this._sayEl = h('span');
    // The notice (a draft restored, a row removed, a form imported) sits inside the polite status
    // region so that it is announced too.
    this._noticeEl = n
      ? h('p', { part: 'notice', class: 'notice' },
        h('span', { text: T(n.key, this._params(n.params)) }), ' ',
        n.undo ? h('button', { type: 'button', part: 'undo', class: 'undo', text: T(n.undoKey) }) : '',
        n.notes?.length ? h('span', { class: 'notes' }, T('notice.notes'), ...n.notes.map((x) => h('span', {
          class: 'note',
          // a note that names its sheet already says where it is
          text: x.cell && !x.message.includes(x.cell) ? T('notice.note', x) : x.message,
        }))) : '')
      : h('span', { hidden: true });
    this._statusEl = h('div', { part: 'status', class: 'status', role: 'status', 'aria-live': 'polite' },
      this._off ? h('p', { class: 'off', text: offMessage(this._lang, this._off) }) : '',
      this._noticeEl,
      this._sayEl);
    this._scoreEl = out(T('panel.score'), { part: 'score', class: 'score', text: '—' });
    this._gradeEl = out(T('panel.grade'), { part: 'grade', class: 'grade', text: '—' });
    this._maxEl = h('span', { class: 'max' });
    this._countsEl = h('p', { class: 'counts' });
    this._findEl = h('ul', { part: 'findings', class: 'findings' });
    this._sig = null;
    const panel = h('aside', { part: 'panel', class: 'panel', 'aria-label': T('panel.title') },
      h('div', { class: 'result' },
        h('div', {}, h('span', { class: 'lbl', text: T('panel.score') }), this._scoreEl, this._maxEl),
        h('div', {}, h('span', { class: 'lbl', text: T('panel.grade') }), this._gradeEl)),
      this._liveEl,
      (this._findHead = h('h3', { class: 'fh', tabindex: -1, text: T('panel.findings') })),
      h('div', { class: 'live' }, this._countsEl, this._findEl));
    this._main = h('div', { class: 'main' });
    // the findings are hundreds of fields away by Tab (and shown first on a phone): one key away
    const skip = h('button', { type: 'button', class: 'vh skip', 'data-skip': '', text: T('panel.skip') });
    this._box.replaceChildren(skip, this._statusEl, h('div', { class: 'cols' }, this._main, panel));
    this._say(this._status);
  }

  // Parameters of a notice, lists of names joined in the widget's language (it may change while
  // the notice is shown): 「自评表」「预算」, "自评表", "预算".
  _params(params = {}) {
    const sep = t(this._lang, 'notice.nameSep');
    return Object.fromEntries(Object.entries(params).map(([k, v]) => [k, Array.isArray(v) ? v.join(sep) : v]));
  }

  _draw() {
    this._shell();
    // the table is new: nothing in it shows a finding yet
    this._slotKeys = this._marks = this._items = null;
    const form = this.form;
    const report = this.report;
    const ctx = {
      lang: this._lang,
      form,
      readonly: this._ro,
      tpl: this._tpl(form.template),
      // rows are added, removed and moved through the engine, which decides what is a leaf
      editable: Boolean(this._ev) && !this._ro,
      leafIds: report ? new Set(report.leaves.map((l) => l.id)) : null,
    };
    this._main.replaceChildren(...render(ctx), narrative(ctx));
    this._ctx = ctx;
    if (report) this._paint(report);
    else {
      this._maxEl.textContent = '';
      this._narrative(null);
    }
  }

  // Writes computed values from a Report or a Change (same field names): only what it carries.
  _paint(r) {
    const c = this._ctx;
    const en = this._lang === 'en';
    for (const l of r.leaves) {
      const cell = c.leaves.get(l.id);
      if (!cell) continue;
      setText(cell.score, l.score);
      setText(cell.explain, l.explain);
    }
    for (const s of r.subtotals) {
      const el = c.subs.get(s.id);
      if (el) setText(el, s.score);
    }
    const b = r.budget;
    if (b) {
      setText(c.rateEl, b.rate ?? '—');
      for (const g of ['bySource', 'byNature'])
        for (const col of ['planned', 'executed']) {
          const chk = b[g]?.[col];
          const el = c.sums[g][col];
          setText(el, chk ? grouped(chk.sum) : '');
          el.className = `num ${chk ? chk.verdict : ''}`;
        }
    }
    const grade = en ? r.gradeEn : r.grade;
    setText(this._scoreEl, r.score);
    setText(this._gradeEl, grade);
    this._gradeEl.dataset.grade = r.gradeEn;
    setText(this._maxEl, t(this._lang, 'panel.max', { max: r.maxScore }));
    setText(c.totalMax, r.maxScore);
    setText(c.totalScore, r.score);
    setText(c.totalGrade, grade);
    this._issues(r.issues, r.summary);
    this._narrative(r);
    // said once typing pauses, and only when it changed
    clearTimeout(this._liveT);
    this._liveT = setTimeout(() => setText(this._liveEl, t(this._lang, 'panel.say', { score: r.score, grade, errors: r.summary.errors })), 800);
  }

  // The 说明: its marks and its status line (how many claims were found and checked, and what
  // was wrong). `r` is a Report or a Change (both carry `narrative` when the form has one), or
  // null when scoring is off.
  _narrative(r) {
    const n = this._ctx.narrative;
    const text = n.input.value;
    const issues = r ? r.issues.filter((i) => i.path === 'narrative') : [];
    paintMirror(n, text, issues);
    const T = (k, p) => t(this._lang, k, p);
    let status;
    if (!r) status = T('n.off');
    else if (!text.trim()) status = T('n.empty');
    else {
      const { found = 0, checked = 0 } = r.narrative || {};
      const count = { error: 0, warning: 0, info: 0 };
      for (const i of issues) count[i.severity]++;
      const list = ['error', 'warning', 'info'].filter((s) => count[s]).map((s) => T(`n.${s}s`, { n: count[s] }));
      status = T('n.status', { found, checked }) +
        (list.length ? T('n.issues', { list: list.join(T('n.sep')) }) : checked ? T('n.clean') : T('n.end'));
    }
    setText(n.status, status);
  }

  // Shows the findings: each in its message slot, an input marked where it has an error or text
  // that does not parse, and the list in the panel. A keystroke changes a few findings of many,
  // so only the slots, inputs and list items whose content changed are touched (a 2,000-row form
  // repaints a keystroke without rebuilding thousands of messages).
  _issues(issues, sum) {
    // a 说明's finding moves with the text typed before it: its span is part of what is shown
    const sig = issues.map((i) => i.severity + i.path + i.message + (i.span ? `@${i.span.start}-${i.span.end}:${i.span.line}` : '')).join('\n');
    if (sig === this._sig) return;
    this._sig = sig;
    const { fields, msgs } = this._ctx;
    const T = (k, p) => t(this._lang, k, p);
    const slots = new Map(); // message slot → its findings
    const marks = new Map(); // input → 'invalid' | 'unparsed'
    const also = new Map(); // input marked for its column → the table's slot, which says why
    const items = []; // [key, finding] of the panel's list
    const seen = new Map();
    for (const i of issues) {
      const m = this._slot(i.path, msgs);
      if (m) slots.set(m, [...(slots.get(m) || []), i]);
      // a finding about a budget column marks the first cell of that column, never another's
      const own = fields.get(i.path);
      const input = own ?? (BUDGET_COLUMN.test(i.path) ? this._field(i.path) : null);
      const unparsed = UNPARSED.test(i.code);
      if (input && (unparsed || i.severity === 'error')) {
        marks.set(input, unparsed || marks.get(input) === 'unparsed' ? 'unparsed' : 'invalid');
        if (!own && m) also.set(input, m.id);
      }
      const key = `${i.severity}\u0000${i.path}\u0000${i.code}\u0000${i.message}`;
      // the same finding twice keeps two items
      const n = (seen.get(key) || 0) + 1;
      seen.set(key, n);
      items.push([`${key}\u0000${n}`, i]);
    }
    // message slots
    const before = this._slotKeys || new Map();
    const after = new Map();
    for (const [el, list] of slots) {
      const key = list.map((i) => `${i.severity}\u0000${i.message}${i.span ? `\u0000${i.span.start}-${i.span.end}:${i.span.line}` : ''}`).join('\u0001');
      after.set(el, key);
      if (before.get(el) !== key) {
        el.replaceChildren(...list.map((i) => (inText(i)
          ? h('div', { class: i.severity }, this._button(i, 'nf'))
          : h('div', { class: i.severity }, i.message, this._cellNote(i.path)))));
      }
    }
    for (const el of before.keys()) if (!after.has(el)) el.replaceChildren();
    this._slotKeys = after;
    // inputs
    const marked = this._marks || new Map();
    for (const [el, mark] of marks) {
      if (marked.get(el) === mark) continue;
      el.setAttribute('aria-invalid', 'true');
      el.classList.toggle('unparsed', mark === 'unparsed');
    }
    for (const el of marked.keys()) {
      if (!marks.has(el)) el.removeAttribute('aria-invalid'), el.classList.remove('unparsed');
    }
    this._marks = marks;
    const d = (el, id, on) => el.setAttribute('aria-describedby', (el.getAttribute('aria-describedby') || '').replace(` ${id}`, '') + (on ? ` ${id}` : ''));
    for (const [el, id] of also) d(el, id, 1);
    for (const [el, id] of this._also || []) also.has(el) || d(el, id);
    this._also = also;
    // the panel's list, its items kept by key and moved only where the order changed
    const old = this._items || new Map();
    const kept = new Map();
    const nodes = items.map(([key, i]) => {
      let li = old.get(key);
      if (!li) li = h('li', { class: i.severity }, this._button(i));
      else if (inText(i)) this._locate(li.firstChild, i.span);
      kept.set(key, li);
      return li;
    });
    const keep = new Set(nodes);
    for (const li of [...this._findEl.children]) if (!keep.has(li)) li.remove();
    let cursor = this._findEl.firstChild;
    for (const li of nodes) {
      if (li === cursor) cursor = cursor.nextSibling;
      else this._findEl.insertBefore(li, cursor);
    }
    while (cursor) {
      const next = cursor.nextSibling;
      cursor.remove();
      cursor = next;
    }
    this._items = kept;
    setText(this._countsEl, items.length ? T('panel.counts', sum) : T('panel.none'));
  }

  // A finding's button: it focuses the field, or for a 说明's finding selects its figure (and
  // says on which line it is).
  _button(i, cls) {
    const b = h('button', { type: 'button', class: cls, 'data-path': i.path, 'data-code': i.code },
      h('span', { class: 'sev', text: t(this._lang, `sev.${i.severity}`) }), ' ');
    if (inText(i)) {
      b.append(h('span', { class: 'loc' }));
      this._locate(b, i.span);
    }
    b.append(i.message);
    const cell = this._cellNote(i.path);
    if (cell) b.append(' ', cell);
    return b;
  }

  _locate(b, span) {
    b.dataset.start = span.start;
    b.dataset.end = span.end;
    setText(b.querySelector('.loc'), t(this._lang, 'n.line', { line: span.line }));
  }

  // The closest slot for a path: its own, else its row's or table's (indicators.1.2.weight → indicators.1.2).
  _slot(path, map) {
    for (let p = path; p; p = p.includes('.') ? p.slice(0, p.lastIndexOf('.')) : '') if (map.has(p)) return map.get(p);
    return null;
  }

  // The field of a path, or the first field of the budget column, table or row it names. Weights
  // that do not add up (of a row, or of the whole table) are fixed where rows are missing, so the ＋
  // of the first part still without rows, else the weight of the first row under it.
  _field(path) {
    const { fields, adds, leaves } = this._ctx;
    const paths = [...fields.keys()];
    const row = path === 'indicators' ? path : !fields.has(path) && path.endsWith('.weight') && path.slice(0, -7);
    if (row) {
      const under = (p) => p.startsWith(`${row}.`);
      const add = [...adds.keys()].find((p) => p === row || under(p));
      const weight = paths.find((p) => under(p) && p.endsWith('.weight') && leaves.has(p.slice(11, -7)));
      if (add || weight) return add ? adds.get(add) : fields.get(weight);
    }
    for (let p = path; p; p = p.includes('.') ? p.slice(0, p.lastIndexOf('.')) : '') {
      const [first] = cellsFor(p, paths);
      if (first) return fields.get(first);
    }
    return null;
  }

  _focus(path) {
    const el = this._field(path);
    if (el) {
      el.focus();
      el.scrollIntoView?.({ block: 'center' });
    }
  }

  // Two taps in quick succession at about the same place are a double tap to Chromium, even when
  // the first was in another cell (the next cell, scrolled to where the last one was). A double
  // tap that focuses a field inside a shadow root leaves the browser's selection outside it: the
  // caret reads 0, select-all and Backspace do nothing, and what is typed is merged with the old
  // value or dropped (6 becomes 67).
  // The field that such a tap focused is given the caret where the finger touched, as a single
  // tap would; a double tap in the field that already had the focus (to select a word) is left
  // alone.
  _onDown(e) {
    this._tapped = e.target !== this._root.activeElement ? e.target : null;
  }
  _caret(e) {
    const el = e.target;
    if (e.detail < 2 || el !== this._tapped || el !== this._root.activeElement || !el.dataset?.path) return;
    if (!(el.localName === 'textarea' || (el.localName === 'input' && el.type === 'text'))) return;
    const at = document.caretPositionFromPoint?.(e.clientX, e.clientY, { shadowRoots: [this._root] });
    const pos = at?.offsetNode === el ? at.offset : el.value.length;
    el.setSelectionRange(pos, pos);
  }

  _onClick(e) {
    this._caret(e);
    const b = e.target.closest?.('button');
    if (!b) return;
    if (b.part.contains('undo')) this._undo();
    else if (b.dataset.act) this._edit(b.dataset.act, b.dataset);
    else if (b.dataset.do) this._draftAct(b.dataset.do);
    else if (b.dataset.skip != null) this._findHead.focus();
    else if (b.dataset.start != null) selectSpan(this._ctx.narrative, Number(b.dataset.start), Number(b.dataset.end));
    else if (b.dataset.path != null) this._focus(b.dataset.path);
  }

  // Enter moves on along a row of the unit's own: from its name (one line, though it wraps) to its
  // weight, and in its last cell to a new row (Shift+Enter: a new line).
  _onKey(e) {
    const el = e.target;
    if (e.key === 'Escape' && el.closest?.('.ndraft')) return this._draftAct('close');
    if (e.key !== 'Enter' || e.shiftKey || e.ctrlKey || e.altKey || e.metaKey || e.isComposing) return;
    const path = el.dataset?.path || '';
    if (/^indicators\..+\.name$/.test(path)) {
      e.preventDefault();
      return this._ctx.fields.get(`${path.slice(0, -4)}weight`)?.focus();
    }
    const tr = el.closest?.('tr[data-own]');
    if (!tr || !path.endsWith('.reason') || !this._ev || this._ro) return;
    e.preventDefault();
    this._edit('add', { parent: tr.dataset.parent, at: String(Number(tr.dataset.at) + 1) });
  }

  // A row added, removed or moved: the engine changes the tree, the table is drawn again, and
  // focus goes where the keyboard user expects it (the new row's name, the moved row's button).
  _edit(action, d) {
    if (!this._ev || this._ro) return;
    const before = this._ev.form();
    const parent = d.parent || null;
    const at = Number(d.at);
    let change;
    // what has focus once the table is drawn again: a cell, the undo button or the row's button
    let focus;
    let notice = this._kept();
    try {
      if (action === 'add' || action === 'group') {
        // a row's button adds under that row, last; the top's and Enter's add at a place among their parent's rows
        const added = this._ev.addRow(d.id || parent, { kind: action === 'group' ? 'group' : 'leaf', position: d.id ? undefined : at });
        change = added.change;
        focus = { path: `indicators.${added.id}.name` };
      } else if (action === 'remove') {
        const name = this._ctx.fields.get(`indicators.${d.id}.name`)?.value || d.id;
        change = this._ev.removeRow(d.id);
        notice = { key: 'notice.removed', params: { name }, undoKey: 'notice.undoRemove', undo: before, id: d.id };
        focus = { part: 'undo' };
      } else {
        change = this._ev.moveRow(d.id, parent, action === 'up' ? at - 1 : at + 1);
        focus = { act: action, id: d.id };
      }
    } catch (err) {
      this._error(err.code || 'api.error', t(this._lang, 'error.set', { message: err.message }));
      return;
    }
    // a new notice replaces the old message
    if (notice !== this._notice) this._status = '';
    this._notice = notice;
    this._report = null;
    // rows are renumbered: a finding's id no longer names the workbook row it came from
    this._cells = null;
    this._draw();
    const el = this._root.querySelector(
      focus.path ? `[data-path="${CSS.escape(focus.path)}"]`
        : focus.part ? `[part~="${focus.part}"]`
          : `button[data-act="${focus.act}"][data-id="${CSS.escape(focus.id)}"]`);
    // a button that is disabled in its new place (moved to the top) hands focus to its twin
    (el && !el.disabled ? el : el?.closest('td')?.querySelector('button:not([disabled])'))?.focus();
    this._changed(change);
  }

  // What the notice still says once the user edits: the undo of a restored draft would take back
  // the edit with the rest of the draft, so only the sentence that the draft was restored stays;
  // every other notice goes with its undo.
  _kept() {
    const n = this._notice;
    if (n?.info) return n;
    return n?.draft ? { key: n.key, params: n.params, info: true } : null;
  }

  // An undo (of a restored draft, a removal, an import) is for the very next step only: once
  // something else is typed, undoing would take that away too. `any`: the notice goes whole.
  _dropNotice(any) {
    const n = this._notice;
    if (!n || (n.info && !any)) return;
    const kept = any ? null : this._kept();
    this._notice = kept;
    if (kept) {
      // the sentence stays as it is (not read out again); only the button goes
      this._noticeEl.querySelector('[part~="undo"]')?.remove();
      return;
    }
    const empty = h('span', { hidden: true });
    this._noticeEl.replaceWith(empty);
    this._noticeEl = empty;
  }

  // A restored draft stays stored, one button away, until the original form is edited.
  _undo() {
    const n = this._notice;
    if (!n?.undo) return;
    const notice = n.draft
      ? { key: 'notice.undoneDraft', undoKey: 'notice.redraft', undo: this.form, redraft: true }
      : n.redraft && { key: 'notice.restoredUndated', undoKey: 'notice.undo', undo: this._loaded, draft: true };
    // Another form opened over this one, undone: the draft an import saved at once (still the form
    // as imported: an edit would have ended the undo) goes with the import.
    if (n.back) {
      if (JSON.stringify(loadDraft(this._key)?.form) === JSON.stringify(this.form)) clearDraft(this._key);
      if (n.back.storageKey === null) this.removeAttribute('storage-key');
      else this.setAttribute('storage-key', n.back.storageKey);
    }
    this._load(n.undo, { restore: false, notice, back: n.back });
    if (!notice) {
      this._save();
      this._say(t(this._lang, 'notice.undone'));
    }
    // focus: the row brought back, the way back, or the form
    const f = this._ctx.fields;
    (n.id ? f.get(`indicators.${n.id}.name`) : this._notice ? this._root.querySelector('.undo') : f.values().next().value)?.focus();
  }

  _onInput(e) {
    const el = e.target;
    const path = el.dataset?.path;
    if (!path || this._ro || !this._loaded) return;
    this._dropNotice();
    let change = null;
    if (this._ev) {
      try {
        change = this._ev.set(path, el.value);
      } catch (err) {
        this._error(err.code || 'api.error', t(this._lang, 'error.set', { message: err.message }));
        return;
      }
      this._report = null;
      this._paint(change);
    } else {
      setPath(this._plain, path, el.value);
      if (path === 'narrative') this._narrative(null);
    }
    // a new row is read by its name as soon as it has one
    for (const [x, make] of el.named || []) x.ariaLabel = make(el.value.trim() || el.closest('tr').dataset.id), x.title &&= x.ariaLabel;
    if (path === 'moneyUnit') for (const u of this._ctx.unitEls) u.textContent = t(this._lang, 'budget.unit', { unit: el.value });
    // a rule decides which cells a row has (a level or an actual value)
    if (path.endsWith('.rule') && this._ev) {
      this._draw();
      this._root.querySelector(`[data-path="${CSS.escape(path)}"]`)?.focus();
    }
    this._changed(change);
  }

  // After any edit: the draft, the form value and validity, and the event.
  _changed(change) {
    const form = this.form;
    const text = JSON.stringify(form);
    this._save(form, text);
    this._sync(form, change?.issues, text);
    const s = change?.summary;
    this._emit('jixiao-change', {
      score: change?.score ?? null,
      grade: change ? (this._lang === 'en' ? change.gradeEn : change.grade) : null,
      errors: s?.errors ?? 0,
      warnings: s?.warnings ?? 0,
      narrative: change?.narrative ?? null,
      change,
    });
  }

  // The 起草预算段落 button and what its box offers: the engine drafts the budget paragraph from
  // the table (or says which error of the table stops it); the paragraph can be copied, or
  // inserted at the caret of the 说明 as one step the browser's undo takes back.
  _draftAct(what) {
    const n = this._ctx.narrative;
    const T = (k, p) => t(this._lang, k, p);
    if (what === 'close') {
      n.draftBox.hidden = true;
      n.draft.focus();
    } else if (what === 'draft') {
      if (!this._api) return setText(n.say, T('n.off'));
      let d;
      try {
        d = this._api.draftNarrative(this.form, { lang: this._lang });
      } catch (err) {
        return setText(n.say, T('error.set', { message: err.message }));
      }
      // the budget paragraph is the widget's: a refusal is the budget table's (the weights' stop the conclusion alone)
      const error = d.issues.find((i) => i.severity === 'error' && i.path.startsWith('budget'));
      if (!d.budget) {
        n.draftBox.hidden = true;
        return setText(n.say, error ? T('n.refused', { message: error.message }) : T('n.nothing'));
      }
      n.draftText.value = d.budget;
      n.draftBox.hidden = false;
      setText(n.say, T('n.drafted'));
      n.draftText.focus();
    } else if (what === 'copy') {
      const text = n.draftText.value;
      const failed = () => {
        n.draftText.focus();
        n.draftText.select();
        setText(n.say, T('n.copyFailed'));
      };
      try {
        navigator.clipboard.writeText(text).then(() => setText(n.say, T('n.copied')), failed);
      } catch {
        failed();
      }
    } else if (what === 'insert') {
      if (this._ro) return;
      const input = n.input;
      const [at, text] = insertion(input.value, input.selectionEnd, n.draftText.value);
      input.focus();
      input.setSelectionRange(at, at);
      // insertText is the one edit the browser's undo (Ctrl+Z) takes back; setRangeText is not on
      // its undo stack, so it is only the fallback. Both end in an input event: the engine checks.
      if (!document.execCommand('insertText', false, text)) {
        input.setRangeText(text, at, at, 'end');
        input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
      }
      n.draftBox.hidden = true;
      setText(n.say, T('n.inserted'));
    }
  }

  _save(form = this.form, text = JSON.stringify(form)) {
    if (!this._ro && !saveDraft(this._key, form, text)) this._say(t(this._lang, 'status.saveFailed'));
    return form;
  }

  // Form value and validity for a surrounding <form>.
  _sync(form, issues = [], text = JSON.stringify(form)) {
    this._int.setFormValue(text);
    const err = issues.find((i) => i.severity === 'error');
    if (err) this._int.setValidity({ customError: true }, err.message, this._field(err.path) || undefined);
    else this._int.setValidity({});
  }

  _say(text) {
    this._status = text;
    if (this._sayEl) this._sayEl.textContent = text;
  }

  _error(code, message, detail) {
    this._say(message);
    this._emit('jixiao-error', detail ? { code, message, detail } : { code, message });
  }

  // A form that cannot be read: the reason in the user's words under `key`; the technical text
  // to the console and the event only.
  // `drop`: the page asked for another form, so the notice is out of date (not after an import).
  _problem(code, key, problem, drop) {
    console.warn(`jixiao: ${problem.detail}`);
    const T = (k, p) => t(this._lang, k, p);
    if (drop) this._dropNotice(true);
    this._error(code, T(key, { message: T(problem.key, problem.params) }), problem.detail);
  }

  _emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }
}

if (!customElements.get('jixiao-form')) customElements.define('jixiao-form', JixiaoForm);
