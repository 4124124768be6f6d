// The demo page: sample buttons, import/export, print and the language switch around one widget.
import './jixiao-form.js';
import { t } from './strings.js';

const $ = (id) => document.getElementById(id);
const widget = document.querySelector('jixiao-form');

// The page reopens the form last worked on (a sample, a blank form, an import) rather than its
// `src`: the widget then finds that form's draft, so a reload never hides what was typed.
const OPEN = 'jixiao:demo-open';
try {
  const open = localStorage.getItem(OPEN);
  if (open) widget.form = JSON.parse(open);
} catch {
  /* storage disabled or a broken entry: the page's own form */
}
widget.addEventListener('jixiao-ready', () => {
  try {
    localStorage.setItem(OPEN, JSON.stringify(widget.form));
  } catch {
    /* not remembered: a reload shows the page's own form, whose draft is kept too */
  }
});

async function loadSample(name) {
  $('page-status').textContent = '';
  try {
    const r = await fetch(`../examples/${name}.json`);
    if (!r.ok) throw new Error(`HTTP ${r.status}`);
    widget.form = await r.json();
  } catch (e) {
    $('page-status').textContent = t(document.documentElement.lang, 'page.sampleFailed', { message: e.message });
  }
}

$('load-seed').addEventListener('click', () => loadSample('shiweitang-2024'));
$('load-mof').addEventListener('click', () => loadSample('mof-project-2024'));
$('load-mistakes').addEventListener('click', () => loadSample('mistakes'));
$('clear').addEventListener('click', () => (widget.form = { version: 1, template: 'gd-dept-overall' }));
$('import').addEventListener('click', () => $('import-file').click());
$('import-file').addEventListener('change', async (e) => {
  const file = e.target.files[0];
  if (file) widget.importJson(await file.text());
  e.target.value = '';
});
$('export').addEventListener('click', () => {
  const form = widget.form || {};
  const unit = form.unit || {};
  const name = [unit.name, unit.year].filter(Boolean).join('-') || 'jixiao';
  const url = URL.createObjectURL(new Blob([widget.exportJson()], { type: 'application/json' }));
  const a = Object.assign(document.createElement('a'), { href: url, download: `${name.replace(/[\\/:*?"<>|\s]+/g, '_')}.json` });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
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
