// The portal's own script: its page text in English, its submit handler, and one attach() call.
// The portal's words are its own (not the widget's), so they live here; Chinese is in the HTML.
import { attach } from './attach.js';

const EN = {
  title: 'Department overall expenditure self-evaluation · City Finance Bureau budget performance system',
  org: 'City Finance Bureau',
  system: 'Budget performance management system',
  user: 'Signed in: Shiweitang Subdistrict Office (preparer)',
  navLabel: 'Breadcrumb',
  home: 'Home',
  navSelf: 'Self-evaluation',
  navForm: 'Department overall expenditure self-evaluation',
  heading: 'Department overall expenditure self-evaluation (2024)',
  liveScore: 'Live score',
  hint: 'Fields marked * are required. The form is checked against the city’s self-evaluation rules as you type; it cannot be submitted while errors remain.',
  unitLegend: '1. Unit',
  unitName: 'Unit name',
  year: 'Year',
  preparer: 'Prepared by',
  budgetLegend: '2. Annual spending (10,000 yuan)',
  item: 'Item',
  planned: 'Full-year budget',
  executed: 'Full-year spending',
  total: 'Total',
  totalPlanned: 'Total, full-year budget',
  totalExecuted: 'Total, full-year spending',
  bySource: 'By funding source',
  generalPublic: 'General public budget',
  gpExecuted: 'General public budget, full-year spending',
  governmentFund: 'Government fund budget',
  gfExecuted: 'Government fund budget, full-year spending',
  byNature: 'By nature of spending',
  basic: 'Basic spending',
  basicExecuted: 'Basic spending, full-year spending',
  project: 'Project spending',
  projectExecuted: 'Project spending, full-year spending',
  statedRate: 'Execution rate (stated)',
  reason: 'Reason for under-spending',
  kpiLegend: '3. Main indicators (excerpt)',
  kpi: 'Indicator',
  target: 'Target',
  actual: 'Actual',
  score: 'Score claimed',
  k112: '12345 hotline tickets closed on time',
  k113: '“Small livelihood projects” completed',
  k113target: '≥100 projects',
  k211: 'Budget execution rate',
  k251: 'Control of the “three public expenses”',
  resultLegend: '4. Result',
  narrativeLegend: '5. Self-evaluation narrative',
  narrative: 'Narrative',
  narrativeHint: 'Paste the whole narrative published with the form. Its execution rates, sums, score and grade are checked and compared with the figures above.',
  claimedScore: 'Total score claimed',
  claimedGrade: 'Grade claimed',
  choose: 'Choose',
  g1: 'Excellent (优)',
  g2: 'Good (良)',
  g3: 'Fair (中)',
  g4: 'Poor (差)',
  submit: 'Submit for review',
  checkTitle: 'Checks',
  footer: 'City Finance Bureau (demo page; nothing is uploaded)',
  submitted: 'Submitted (demo: nothing was sent anywhere). Score {score}, grade {grade}.',
  addKpi: '+ Add an output indicator',
  own: 'New indicator',
  ownName: 'Name',
  ownWeight: 'Weight',
  ownTarget: 'Target',
  ownActual: 'Actual',
  ownScore: 'Score claimed',
  remove: 'Remove',
};
const ZH = {
  submitted: '已提交（演示：未发送到任何服务器）。自评得分 {score}，等级 {grade}。',
  own: '新增指标',
  ownName: '名称',
  ownWeight: '分值',
  ownTarget: '目标值',
  ownActual: '实际完成值',
  ownScore: '自评得分',
  remove: '删除',
};

const lang = new URLSearchParams(location.search).get('lang') === 'en' ? 'en' : 'zh-CN';
const words = lang === 'en' ? EN : ZH;

if (lang === 'en') {
  document.documentElement.lang = 'en';
  for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = EN[el.dataset.i18n];
  for (const el of document.querySelectorAll('[data-i18n-label]')) el.setAttribute('aria-label', EN[el.dataset.i18nLabel]);
}

// Switching language reloads the page; what was typed comes back from the draft.
const select = document.getElementById('lang');
select.value = lang;
select.addEventListener('change', () => {
  const url = new URL(location.href);
  url.searchParams.set('lang', select.value);
  location.assign(url);
});

const form = document.getElementById('portal-form');
const submitted = document.getElementById('submitted');
let controller = null;

// The browser runs this only when every field is valid, i.e. when attach() set no custom error.
form.addEventListener('submit', (event) => {
  event.preventDefault();
  const report = controller?.report;
  submitted.textContent = words.submitted
    .replace('{score}', report ? report.score : '—')
    .replace('{grade}', report ? (lang === 'en' ? report.gradeEn : report.grade) : '—');
  submitted.hidden = false;
});
form.addEventListener('input', () => {
  submitted.hidden = true;
});

// The portal's own "add an indicator" button: a row of inputs marked as a new row under 1.1
// (产出指标). attach() sees it come, has the engine make the row and binds its inputs; removing
// the row from the page removes it from the form. The rows this page added are remembered, so that
// a reload shows them again (a real portal would draw them from its own records).
const OWN = 'portal-form:own-rows';
const ownRows = document.getElementById('own-kpis');
let serial = 0;
function ownRow(id = '') {
  const n = ++serial;
  const tr = document.createElement('tr');
  tr.className = 'portal-own';
  tr.setAttribute('data-jixiao-row', id);
  tr.setAttribute('data-jixiao-parent', '1.1');
  const input = (field, label, cls) => {
    const el = document.createElement('input');
    el.dataset.jixiaoField = field;
    el.setAttribute('aria-label', `${words.own} ${n} ${label}`);
    el.placeholder = label;
    if (cls) el.className = cls;
    return el;
  };
  const cell = (tag, ...children) => {
    const el = document.createElement(tag);
    el.append(...children);
    return el;
  };
  const remove = document.createElement('button');
  remove.type = 'button';
  remove.className = 'portal-remove';
  remove.textContent = words.remove;
  remove.addEventListener('click', () => {
    // the button goes with its row: the focus moves to the next row, else to the add button
    (tr.nextElementSibling?.querySelector('input') || document.getElementById('add-kpi')).focus();
    tr.remove();
    remember();
  });
  const th = cell('th', input('name', words.ownName), input('weight', words.ownWeight, 'portal-tiny'));
  th.scope = 'row';
  // 删除 last, so that the keyboard meets it after the row's fields
  tr.append(th, cell('td', input('target', words.ownTarget, 'portal-short')), cell('td', input('actual', words.ownActual, 'portal-short')),
    cell('td', input('score', words.ownScore, 'portal-tiny'), remove));
  ownRows.append(tr);
  return tr;
}
function remember() {
  // the ids attach() gave the rows, a moment after they came
  queueMicrotask(() => {
    const ids = [...ownRows.querySelectorAll('[data-jixiao-row]')].map((tr) => tr.getAttribute('data-jixiao-row')).filter(Boolean);
    try {
      localStorage.setItem(OWN, JSON.stringify(ids));
    } catch {
      /* not remembered */
    }
  });
}
document.getElementById('add-kpi').addEventListener('click', () => {
  ownRow().querySelector('input').focus();
  setTimeout(remember);
});
try {
  for (const id of JSON.parse(localStorage.getItem(OWN) || '[]')) ownRow(id);
} catch {
  /* nothing remembered */
}

controller = await attach(form, {
  src: '../examples/shiweitang-2024.json',
  lang,
  fill: true,
  storageKey: 'portal-form',
  mapping: {
    src_gp: 'budget.bySource.generalPublic.executed',
    src_gf: 'budget.bySource.governmentFund.executed',
    rate: 'budget.statedRate',
    kpi_rate: 'indicators.2.1.1.actual',
    kpi_rate_score: 'indicators.2.1.1.score',
  },
});
