// The demo page: sample buttons, import/export, print and the language switch around one widget.
import './jixiao-form.js';
import { t } from './strings.js';
import { draftKey, loadDraft, savedAt, putDraft, clearDraft } from './storage.js';

const $ = (id) => document.getElementById(id);
const widget = document.querySelector('jixiao-form');
const T = (k, p) => t(document.documentElement.lang, k, p);
const json = (x) => JSON.stringify(x ?? null);

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

function keep() {
  // short of room, the open form alone: a reload needs it
  for (const list of [opened, opened.slice(0, 1)]) {
    try {
      localStorage.setItem(OPEN, JSON.stringify(list));
      break;
    } catch {
      /* not remembered: a reload shows the page's own form, whose draft is kept too */
    }
  }
}

// Each form once, with what another tab of the page opened meanwhile; those without a draft are
// dropped. Every import gets a key of its own, so one file imported twice would be listed twice,
// two drafts of one form: a draft that still holds its form as opened, when the form opened now is
// that very form and its draft is saved, holds nothing the new one lacks, and goes. A draft that
// was typed into differs from its form as opened and is never dropped.
function remember(key, form) {
  const own = draftKey(key, form);
  const text = json(form);
  const twin = json(loadDraft(own)?.form) === text;
  const seen = new Set([own]);
  const more = [...opened, ...stored()].filter((s) => {
    if (seen.has(slot(s))) return false;
    seen.add(slot(s));
    const draft = loadDraft(slot(s));
    if (draft && twin && json(s.form) === text && json(draft.form) === text) {
      clearDraft(slot(s));
      return false;
    }
    return Boolean(draft);
  });
  opened = [{ key, form }, ...more];
  keep();
  listDrafts();
}

function open(form, key = fresh()) {
  dropNotice();
  remember(key, form);
  widget.setAttribute('storage-key', key);
  widget.form = form;
}
if (opened[0]) {
  widget.setAttribute('storage-key', opened[0].key);
  widget.form = opened[0].form;
}
// The page's own form, an import (which restores no draft) and a form the widget's undo brings
// back (under the key it was opened with, which the widget puts back) are remembered as they load,
// once the widget has saved its draft (right after this event).
widget.addEventListener('jixiao-ready', (e) => {
  dropNotice();
  if (e.detail?.restored) return;
  const key = widget.getAttribute('storage-key');
  const form = widget.form;
  // the form the undo brought back is the one opened with its draft's key: first again
  const back = e.detail?.undone && opened.find((s) => slot(s) === e.detail.draftKey);
  queueMicrotask(() => (back ? remember(back.key, back.form) : remember(key, form)));
});
// an edit ends what an undo could take back
widget.addEventListener('jixiao-change', dropNotice);

// The drafts of the forms opened, newest first: unit and year (or 未命名) and when each was saved.
// `chosen` (a draft's key) stays chosen if listed; by default the open form's.
const nameOf = (draft) => {
  const unit = draft.form.unit || {};
  return [String(unit.name ?? '').trim() || T('page.untitled'), unit.year].filter(Boolean).join(' ');
};
let listedDrafts = new Map(); // key → draft, as listed
function listDrafts(chosen = opened[0] && slot(opened[0])) {
  const select = $('drafts');
  const drafts = opened
    .map((s, i) => ({ key: slot(s), now: !i, draft: loadDraft(slot(s)) }))
    .filter((d) => d.draft)
    .sort((a, b) => String(b.draft.savedAt).localeCompare(String(a.draft.savedAt)));
  listedDrafts = new Map(drafts.map((d) => [d.key, d.draft]));
  select.replaceChildren(...drafts.map(({ key, now, draft }) => new Option(T(now ? 'page.draftNow' : 'page.draft', { name: nameOf(draft), time: savedAt(draft) }), key)));
  if (!drafts.length) select.append(new Option(T('page.noDrafts'), ''));
  select.value = chosen;
  if (select.selectedIndex < 0) select.selectedIndex = 0;
  $('open-draft').disabled = $('delete-draft').disabled = !drafts.length;
  nameDelete();
  listed = drafts.some((d) => d.now);
}
// 删除草稿 says which draft it deletes
function nameDelete() {
  const draft = listedDrafts.get($('drafts').value);
  if (draft) $('delete-draft').setAttribute('aria-label', T('page.deleteDraftOf', { name: nameOf(draft) }));
  else $('delete-draft').removeAttribute('aria-label');
}
// the open form joins the list with its first draft; the times are read again as the list is reached
widget.addEventListener('jixiao-change', () => listed || listDrafts());
$('drafts').addEventListener('focus', () => listDrafts($('drafts').value));
$('drafts').addEventListener('change', nameDelete);
listDrafts();
$('open-draft').addEventListener('click', () => {
  const s = opened.find((x) => slot(x) === $('drafts').value);
  if (s) open(s.form, s.key);
});

// 删除草稿 deletes at once, without asking: the notice under the buttons says which draft went,
// with 撤销删除 to put it back (its time kept) until the next step (another deletion, an edit, a form
// opened), as the widget's 删除 of a row does. The open form's draft may be deleted too: the form
// stays on the page as it is, and its next change saves it again (a reload shows it as opened).
let notice = null; // { key, draft, undo? }
function showNotice() {
  const el = $('page-notice');
  if (!notice) return el.replaceChildren();
  const undo = notice.undo && Object.assign(document.createElement('button'), { type: 'button', id: 'undo-delete', textContent: T('page.undoDelete') });
  undo?.addEventListener('click', notice.undo);
  el.replaceChildren(Object.assign(document.createElement('span'), { textContent: T(notice.key, { name: nameOf(notice.draft) }) }), ...(undo ? [' ', undo] : []));
}
function dropNotice() {
  if (!notice) return;
  notice = null;
  showNotice();
}
$('delete-draft').addEventListener('click', () => {
  const key = $('drafts').value;
  const at = opened.findIndex((s) => slot(s) === key);
  const draft = loadDraft(key);
  if (at < 0 || !draft) return listDrafts(); // gone already (another tab)
  const entry = opened[at];
  const next = $('drafts').selectedIndex;
  clearDraft(key);
  // the open form stays remembered: a reload reopens it
  if (at) {
    opened.splice(at, 1);
    keep();
  }
  $('page-status').textContent = '';
  notice = { key: at ? 'page.deleted' : 'page.deletedOpen', draft, undo: () => undelete(entry, at, draft) };
  listDrafts();
  $('drafts').selectedIndex = Math.min(next, $('drafts').length - 1);
  nameDelete();
  showNotice();
  $('undo-delete').focus();
});
function undelete(entry, at, draft) {
  const key = slot(entry);
  // a draft saved there since (by another tab) is newer than the one deleted: it stays
  if (!loadDraft(key) && !putDraft(key, draft)) {
    $('page-status').textContent = T('page.undeleteFailed');
    return;
  }
  if (!opened.some((s) => slot(s) === key)) {
    opened.splice(Math.max(1, at), 0, entry);
    keep();
  }
  notice = { key: 'page.undeleted', draft };
  showNotice();
  listDrafts(key);
  $('drafts').focus();
}

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
  listDrafts($('drafts').value);
  showNotice();
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
