// The demo page: sample buttons, import/export, print and the language switch around one widget.
import './jixiao-form.js';
import { t } from './strings.js';
import { draftKey, loadDraft, savedAt } from './storage.js';

const $ = (id) => document.getElementById(id);
const widget = document.querySelector('jixiao-form');

// The page reopens the form last opened (a sample, a blank form, an import) rather than its `src`,
// under the storage key it was opened with: the widget then finds that form's draft, so a reload
// never hides what was typed. It remembers the form as opened, never a draft restored over it: the
// draft is kept under the opened form's key, and a unit name typed into a blank form would
// otherwise send the next reload to another key. A blank form has no unit name or year to keep its
// draft apart from another's, so each blank form (and each import) gets a key of its own; a sample
// keeps the page's key, and its draft comes back when the sample is opened again. Every form
// opened that has a draft is listed, to be opened again.
const OPEN = 'jixiao:demo-open';
const PAGE_KEY = widget.getAttribute('storage-key');
const fresh = () => `${PAGE_KEY}-${Date.now().toString(36)}`;
const slot = (s) => draftKey(s.key, s.form);
// [{ key, form }], the open form first
function stored() {
  try {
    const got = JSON.parse(localStorage.getItem(OPEN));
    // an earlier page's entry is the form alone, under the page's key
    return (Array.isArray(got) ? got : got ? [{ key: PAGE_KEY, form: got }] : [])
      .filter((s) => typeof s?.key === 'string' && s.form && typeof s.form === 'object');
  } catch {
    return []; // storage disabled or a broken entry: the page's own form
  }
}
let opened = stored();
let listed = false; // whether the open form's draft is in the list

function remember(key, form) {
  // with what another tab of the page opened meanwhile: each form once, those without a draft dropped
  const seen = new Set([draftKey(key, form)]);
  const more = [...opened, ...stored()].filter((s) => !seen.has(slot(s)) && seen.add(slot(s)) && loadDraft(slot(s)));
  opened = [{ key, form }, ...more];
  // short of room, the open form alone: a reload needs it
  for (const list of [opened, opened.slice(0, 1)]) {
    try {
      localStorage.setItem(OPEN, JSON.stringify(list));
      break;
    } catch {
      /* not remembered: a reload shows the page's own form, whose draft is kept too */
    }
  }
  listDrafts();
}
function open(form, key = fresh()) {
  remember(key, form);
  widget.setAttribute('storage-key', key);
  widget.form = form;
}
if (opened[0]) {
  widget.setAttribute('storage-key', opened[0].key);
  widget.form = opened[0].form;
}
// the page's own form and an import (which restores no draft) are remembered as they load
widget.addEventListener('jixiao-ready', (e) => {
  if (!e.detail?.restored) remember(widget.getAttribute('storage-key'), widget.form);
});

// The drafts of the forms opened, newest first: unit and year (or 未命名) and when each was saved.
// The open form's is chosen, unless `keep`: the one the user chose stays chosen.
function listDrafts(keep) {
  const T = (k, p) => t(document.documentElement.lang, k, p);
  const select = $('drafts');
  const chosen = keep === true ? select.value : opened[0] && slot(opened[0]);
  const drafts = opened
    .map((s, i) => ({ key: slot(s), now: !i, draft: loadDraft(slot(s)) }))
    .filter((d) => d.draft)
    .sort((a, b) => String(b.draft.savedAt).localeCompare(String(a.draft.savedAt)));
  select.replaceChildren(...drafts.map(({ key, now, draft }) => {
    const unit = draft.form.unit || {};
    const name = [String(unit.name ?? '').trim() || T('page.untitled'), unit.year].filter(Boolean).join(' ');
    return new Option(T(now ? 'page.draftNow' : 'page.draft', { name, time: savedAt(draft) }), key);
  }));
  if (!drafts.length) select.append(new Option(T('page.noDrafts'), ''));
  select.value = chosen;
  if (select.selectedIndex < 0) select.selectedIndex = 0;
  $('open-draft').disabled = !drafts.length;
  listed = drafts.some((d) => d.now);
}
// the open form joins the list with its first draft; the times are read again as the list is reached
widget.addEventListener('jixiao-change', () => listed || listDrafts());
$('drafts').addEventListener('focus', () => listDrafts(true));
listDrafts();
$('open-draft').addEventListener('click', () => {
  const s = opened.find((x) => slot(x) === $('drafts').value);
  if (s) open(s.form, s.key);
});

async function loadSample(name) {
  $('page-status').textContent = '';
  try {
    const r = await fetch(`../examples/${name}.json`);
    if (!r.ok) throw new Error(`HTTP ${r.status}`);
    open(await r.json(), PAGE_KEY);
  } catch (e) {
    $('page-status').textContent = t(document.documentElement.lang, 'page.sampleFailed', { message: e.message });
  }
}

$('load-seed').addEventListener('click', () => loadSample('shiweitang-2024'));
$('load-mof').addEventListener('click', () => loadSample('mof-project-2024'));
$('load-mistakes').addEventListener('click', () => loadSample('mistakes'));
$('clear').addEventListener('click', () => open({ version: 1, template: 'gd-dept-overall' }));
$('import').addEventListener('click', () => $('import-file').click());
$('import-file').addEventListener('change', async (e) => {
  const file = e.target.files[0];
  e.target.value = '';
  if (!file) return;
  // a workbook by its extension, as the file picker offers it; the widget says what went wrong
  const workbook = /\.xlsx?$/i.test(file.name);
  const content = await (workbook ? file.arrayBuffer() : file.text());
  // under a key of its own; a form refused leaves the form open under its key
  const key = widget.getAttribute('storage-key');
  widget.setAttribute('storage-key', fresh());
  if (!(await (workbook ? widget.importWorkbook(content) : widget.importJson(content)))) widget.setAttribute('storage-key', key);
});

// A file name from the unit's name, without the characters file systems refuse.
const fileName = (name) => name.replace(/[\\/:*?"<>|\s]+/g, '_');

function download(bytes, type, name) {
  const url = URL.createObjectURL(new Blob([bytes], { type }));
  const a = Object.assign(document.createElement('a'), { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

$('export').addEventListener('click', () => {
  const form = widget.form || {};
  const unit = form.unit || {};
  const name = [unit.name, unit.year].filter(Boolean).join('-') || 'jixiao';
  download(widget.exportJson(), 'application/json', `${fileName(name)}.json`);
});
// one export at a time; the button stays enabled (and focused) while the module loads
let exporting = false;
$('export-xlsx').addEventListener('click', async () => {
  if (exporting) return;
  exporting = true;
  try {
    const bytes = await widget.exportWorkbook();
    const name = widget.form?.unit?.name?.trim() || t(document.documentElement.lang, 'page.xlsxName');
    download(bytes, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', `${fileName(name)}.xlsx`);
  } catch {
    /* the widget's status line says why */
  } finally {
    exporting = false;
  }
});
$('print').addEventListener('click', () => window.print());

function setLang(lang) {
  document.documentElement.lang = lang;
  document.title = t(lang, 'page.title');
  for (const el of document.querySelectorAll('[data-s]')) el.textContent = t(lang, el.dataset.s);
  for (const el of document.querySelectorAll('[data-s-label]')) el.setAttribute('aria-label', t(lang, el.dataset.sLabel));
  widget.setAttribute('lang', lang);
  listDrafts(true);
  try {
    localStorage.setItem('jixiao:demo-lang', lang);
  } catch {
    /* the language just is not remembered */
  }
}
$('lang').addEventListener('change', (e) => setLang(e.target.value));
let saved = null;
try {
  saved = localStorage.getItem('jixiao:demo-lang');
} catch {
  /* storage disabled */
}
if (saved === 'en') {
  $('lang').value = 'en';
  setLang('en');
}
