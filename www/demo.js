// The demo page: sample buttons, import/export, print and the language switch around one widget.
import './jixiao-form.js';
import { t } from './strings.js';

const $ = (id) => document.getElementById(id);
const widget = document.querySelector('jixiao-form');

// The page reopens the form last opened (a sample, a blank form, an import) rather than its `src`:
// the widget then finds that form's draft, so a reload never hides what was typed. It remembers
// the form as opened, never a draft restored over it: the draft is kept under the opened form's
// key, and a unit name typed into a blank form would otherwise send the next reload to another key.
const OPEN = 'jixiao:demo-open';
function remember(form) {
  try {
    localStorage.setItem(OPEN, JSON.stringify(form));
  } catch {
    /* not remembered: a reload shows the page's own form, whose draft is kept too */
  }
}
function open(form) {
  remember(form);
  widget.form = form;
}
try {
  const opened = localStorage.getItem(OPEN);
  if (opened) widget.form = JSON.parse(opened);
} catch {
  /* storage disabled or a broken entry: the page's own form */
}
// the page's own form and an import (which restores no draft) are remembered as they load
widget.addEventListener('jixiao-ready', (e) => {
  if (!e.detail?.restored) remember(widget.form);
});

async function loadSample(name) {
  $('page-status').textContent = '';
  try {
    const r = await fetch(`../examples/${name}.json`);
    if (!r.ok) throw new Error(`HTTP ${r.status}`);
    open(await r.json());
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
  if (/\.xlsx?$/i.test(file.name)) await widget.importWorkbook(await file.arrayBuffer());
  else widget.importJson(await file.text());
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
