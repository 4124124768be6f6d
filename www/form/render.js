// Builds the whole 自评表 once per form or language. It returns the elements that later
// keystrokes update (fields, message slots, computed cells), so typing never re-renders.
import { t } from '../strings.js';
import { getPath, rowsById, displayTree } from './paths.js';

// DOM is built without markup strings: user text only ever reaches the page as text nodes or
// attribute values, so an indicator named <img onerror=…> stays text.
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v == null || v === false) continue;
    if (k === 'class') el.className = v;
    else if (k === 'text') el.textContent = v;
    else el.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children) if (c != null && c !== false) el.append(c);
  return el;
}

/** An exact decimal string with thousands groups, as amounts are typed (8670.52 → 8,670.52). */
export function grouped(text) {
  const [, sign, whole, rest] = /^(-?)(\d+)(.*)$/.exec(text) ?? [null, '', '', text];
  return sign + whole.replace(/\B(?=(\d{3})+$)/g, ',') + rest;
}

const SOURCES = ['generalPublic', 'governmentFund', 'stateCapital', 'other'];
const NATURES = ['basic', 'project'];
const COLS = ['planned', 'executed'];

export function render(ctx) {
  const { lang, form } = ctx;
  const T = (k, p) => t(lang, k, p);
  Object.assign(ctx, {
    T, n: 0, rows: rowsById(form), fields: new Map(), msgs: new Map(),
    leaves: new Map(), subs: new Map(), sums: {}, unitEls: [], adds: new Map(),
  });
  return [header(ctx), budget(ctx), indicators(ctx)];
}

// Named, and silent: a keystroke changes dozens (the panel's summary speaks for them).
export const out = (label, attrs) => h('output', { class: 'num', ...attrs, 'aria-live': 'off', 'aria-label': label });

export function msg(ctx, path) {
  const el = h('div', { class: 'msg', id: `m${++ctx.n}`, 'data-message-for': path });
  ctx.msgs.set(path, el);
  return el;
}

// One editable cell: the input (or textarea) and its own message slot.
export function field(ctx, path, label, opts = {}) {
  const m = msg(ctx, path);
  const input = h(opts.area ? 'textarea' : 'input', {
    id: `i${++ctx.n}`,
    'data-path': path,
    'aria-label': opts.visible ? null : label,
    'aria-describedby': m.id,
    placeholder: opts.placeholder,
    rows: opts.area ? opts.rows || 2 : null,
    readonly: ctx.readonly,
    autocomplete: 'off',
    inputmode: opts.mode,
  });
  if (!opts.area) input.type = 'text';
  input.value = getPath(ctx.form, path, ctx.rows);
  ctx.fields.set(path, input);
  return { input, m, cell: [input, m] };
}

function header(ctx) {
  const { T } = ctx;
  const item = (key, path, opts = {}) => {
    const f = field(ctx, path, T(key), { ...opts, visible: true });
    return h('div', { class: `hf ${opts.wide ? 'wide' : ''}` }, h('label', { for: f.input.id, text: T(key) }), ...f.cell);
  };
  const m = msg(ctx, 'moneyUnit');
  const unit = h('select', { id: `i${++ctx.n}`, 'data-path': 'moneyUnit', 'aria-describedby': m.id, disabled: ctx.readonly });
  for (const u of ['元', '万元', '亿元']) unit.append(h('option', { value: u, text: u }));
  unit.value = ctx.form.moneyUnit || '万元';
  ctx.fields.set('moneyUnit', unit);
  return h('section', { part: 'header', class: 'header' },
    h('h2', { text: T('form.title') }),
    h('div', { class: 'hgrid' },
      item('f.unit.name', 'unit.name', { wide: true }),
      item('f.unit.year', 'unit.year', { mode: 'numeric' }),
      h('div', { class: 'hf' }, h('label', { for: unit.id, text: T('f.moneyUnit') }), unit, m),
      item('f.unit.preparer', 'unit.preparer'),
      item('f.unit.phone', 'unit.phone', { mode: 'tel' }),
      item('f.unit.date', 'unit.date'),
      item('f.goals.target', 'goals.target', { area: true, wide: true }),
      item('f.goals.completion', 'goals.completion', { area: true, wide: true }),
      item('f.goals.reason', 'goals.reason', { area: true, wide: true })));
}

function budget(ctx) {
  const { T } = ctx;
  const unitEl = h('span', { text: T('budget.unit', { unit: ctx.form.moneyUnit || '万元' }) });
  ctx.unitEls.push(unitEl);
  const row = (key, base, cls) =>
    h('tr', { class: cls },
      h('th', { scope: 'row', text: T(key) }),
      ...COLS.map((c) => h('td', { 'data-label': T(`budget.${c}`) },
        ...field(ctx, `${base}.${c}`, `${T(key)} ${T(`budget.${c}`)}`, { mode: 'decimal' }).cell)));
  const group = (name, keys) => {
    const sums = (ctx.sums[name] = {});
    const path = `budget.${name}`;
    return h('tbody', { 'data-group': path },
      h('tr', { class: 'group' }, h('th', { colspan: 3, scope: 'rowgroup', text: T(path) })),
      ...keys.map((k) => row(`budget.${k}`, `${path}.${k}`)),
      h('tr', { class: 'sum' }, h('th', { scope: 'row', text: T('budget.sum') }),
        ...COLS.map((c) => h('td', { 'data-label': T(`budget.${c}`) }, (sums[c] = out(`${T(path)} ${T('budget.sum')} ${T(`budget.${c}`)}`))))),
      h('tr', { class: 'mrow' }, h('td', { colspan: 3 }, msg(ctx, path))));
  };
  const stated = field(ctx, 'budget.statedRate', T('budget.statedRate'), { visible: true });
  const reason = field(ctx, 'budget.reason', T('budget.reason'), { area: true, visible: true });
  ctx.rateEl = out(T('budget.rate'), { part: 'rate' });
  return h('section', { part: 'budget', class: 'budget' },
    h('h3', {}, T('budget.title'), ' ', h('small', {}, unitEl)),
    h('div', { class: 'scroll' }, h('table', {},
      h('thead', {}, h('tr', {}, ...['item', 'planned', 'executed'].map((k) => h('th', { scope: 'col', text: T(`budget.${k}`) })))),
      h('tbody', {}, row('budget.total', 'budget.total', 'total')),
      group('bySource', SOURCES),
      group('byNature', NATURES))),
    h('div', { class: 'rate' },
      h('div', { class: 'hf' }, h('span', { class: 'lbl', text: T('budget.rate') }), h('span', { class: 'rv' }, ctx.rateEl, '%')),
      h('div', { class: 'hf' }, h('label', { for: stated.input.id, text: T('budget.statedRate') }), ...stated.cell),
      h('div', { class: 'hf wide' }, h('label', { for: reason.input.id, text: T('budget.reason') }), ...reason.cell)));
}

const HEAD = ['ind.name', 'ind.weight', 'ind.target', 'ind.actual', 'ind.claimed', 'ind.score', 'ind.reason', 'ind.actions'];
// The rules a unit may choose for a row of its own ('' lets the target decide), in list order.
export const RULES = ['', 'proportional', 'inverse', 'equal', 'levels', 'boolean', 'manual', 'budgetExecution'];

// A small button of the editor: `data-act` says what it does (add, group, remove, up, down).
function act(name, label, data, text) {
  return h('button', { type: 'button', class: `act ${name}`, 'data-act': name, 'aria-label': label, title: label, text: text ?? label, ...data });
}

function indicators(ctx) {
  const { T, lang } = ctx;
  const body = h('tbody', { 'data-group': 'indicators' });
  const td = (i, ...c) => h('td', { 'data-label': T(HEAD[i]) }, ...c);
  const addRow = (node, depth, parent, at, count) => {
    const p = `indicators.${node.id}`;
    // the engine decides what is a leaf; without it, a row without rows is one
    const leaf = ctx.leafIds ? ctx.leafIds.has(node.id) : !node.children.length;
    const label = `${node.name || node.id}`;
    // [element, name → its label]: labelled again as the name is typed (the name input holds them)
    const named = [];
    const naming = (el, key, make = (l) => `${l} ${T(key)}`) => (named.push([el, make]), el);
    const f = (k, key, o) => {
      const c = field(ctx, `${p}.${k}`, `${label} ${T(key)}`, o).cell;
      naming(c[0], key);
      return c;
    };
    const score = naming(out(`${label} ${T('ind.score')}`), 'ind.score');
    const name = node.own
      ? field(ctx, `${p}.name`, `${T('ind.name')} ${node.id}`, { area: true, rows: 1 }).cell
      : [h('span', { class: 'nm', text: node.name })];
    name[0].named = named;
    const weight = node.own
      ? f('weight', 'ind.weight', { mode: 'decimal' })
      : [h('span', { class: 'num', text: node.weight ?? '' }), msg(ctx, `${p}.weight`)];
    const first = h('th', { scope: 'row', class: `lv lv${Math.min(depth, 4)}` },
      h('span', { class: 'id', text: node.id }), ' ', ...name, msg(ctx, p));
    const data = { 'data-id': node.id, 'data-parent': parent ?? '', 'data-at': at };
    const actions = [];
    const button = (a, key, d, text) => naming(act(a, T(key, { name: label }), d, text), key, (l) => T(key, { name: l }));
    if (ctx.editable && !leaf && node.open) {
      const add = button('add', 'act.addUnder', data, T('act.add'));
      actions.push(add);
      // a part still without rows is completed by adding its first row: findings about its weight go here
      if (!node.children.length) ctx.adds.set(p, add);
      // a group is two levels (itself and its first row): under a top group only, so that the tree
      // keeps to the 自评表's three level columns, which its workbook has too
      if (depth === 1) actions.push(button('group', 'act.groupUnder', data, T('act.addGroup')));
    }
    if (ctx.editable && node.own) {
      actions.push(
        button('up', 'act.up', { ...data, disabled: at === 0 }, '↑'),
        button('down', 'act.down', { ...data, disabled: at === count - 1 }, '↓'),
        button('remove', 'act.remove', data, T('act.removeShort')));
    }
    const actionCell = h('td', { 'data-label': T(HEAD[7]), class: `acts ${actions.length ? '' : 'blank'}` }, ...actions);
    const row = { class: leaf ? 'leaf' : `parent d${Math.min(depth, 3)}`, 'data-id': node.id, 'data-parent': parent ?? '', 'data-at': at };
    if (leaf) {
      const levels = node.rule?.kind === 'levels';
      const explain = h('div', { class: 'explain' });
      ctx.leaves.set(node.id, { score, explain });
      const target = f('target', 'ind.target', { placeholder: node.tplTarget });
      if (ctx.editable && node.own) target.push(rule(ctx, p, label, node.rule?.kind ?? '')), naming(ctx.fields.get(`${p}.rule`), 'ind.rule');
      // the weight's message (not a number, negative, not the template's weight) goes on a row of its
      // own under the row, from the 分值 column to the table's edge: in the narrow 分值 column it would
      // wrap every few characters
      const [w, wm] = weight;
      body.append(h('tr', { ...row, 'data-own': node.own ? '' : null }, first, td(1, w),
        td(2, ...target),
        h('td', { 'data-label': T(levels ? 'ind.level' : HEAD[3]) }, ...(levels ? f('level', 'ind.level', { placeholder: lang === 'en' ? '优 / 良 / 中 / 差' : '优/良/中/差' }) : f('actual', 'ind.actual'))),
        td(4, ...f('score', 'ind.claimed', { mode: 'decimal' })),
        td(5, score, explain),
        td(6, ...f('reason', 'ind.reason', { area: true })),
        actionCell),
      h('tr', { class: 'mrow wrow' }, h('td', { class: 'blank' }), h('td', { colspan: 7, 'data-label': T(HEAD[1]) }, wm)));
    } else {
      ctx.subs.set(node.id, score);
      // the weight's message (its rows do not add up) takes the empty cells beside the narrow 分值 column
      const [w, wm] = weight;
      body.append(h('tr', row, first, td(1, w),
        h('td', { colspan: 3, class: 'blank' }, wm), td(5, score), h('td', { class: 'blank' }), actionCell));
      node.children.forEach((c, i) => addRow(c, depth + 1, node.id, i, node.children.length));
    }
  };
  const tree = displayTree(ctx.form, ctx.tpl, lang);
  tree.forEach((n, i) => addRow(n, 1, null, i, tree.length));
  if (!tree.length) body.append(h('tr', {}, h('td', { colspan: 8, class: 'blank', text: T('ind.empty') })));
  const cs = field(ctx, 'claimed.score', T('ind.claimedScore'), { mode: 'decimal' });
  const cg = field(ctx, 'claimed.grade', T('ind.claimedGrade'));
  ctx.totalMax = out(`${T('ind.total')} ${T('ind.weight')}`);
  ctx.totalScore = out(`${T('ind.total')} ${T('ind.score')}`, { class: 'num strong' });
  ctx.totalGrade = out(T('ind.grade'), { class: 'strong' });
  return h('section', { part: 'indicators', class: 'indicators' },
    h('h3', { text: T('ind.title') }),
    h('div', { class: 'scroll' }, h('table', {},
      h('thead', {}, h('tr', {}, ...HEAD.map((k) => h('th', { scope: 'col', text: T(k) })))),
      body,
      h('tfoot', {},
        h('tr', {}, h('th', { scope: 'row', text: T('ind.total') }), td(1, ctx.totalMax), h('td', { colspan: 2, class: 'blank' }),
          h('td', { 'data-label': T('ind.claimedScore') }, ...cs.cell), td(5, ctx.totalScore), h('td', { colspan: 2, class: 'blank' })),
        h('tr', {}, h('th', { scope: 'row', text: T('ind.grade') }), h('td', { colspan: 3, class: 'blank' }),
          h('td', { 'data-label': T('ind.claimedGrade') }, ...cg.cell), h('td', { 'data-label': T('ind.grade') }, ctx.totalGrade), h('td', { colspan: 2, class: 'blank' })),
        h('tr', { class: 'mrow' }, h('td', { colspan: 8 }, msg(ctx, 'indicators')))))),
    ctx.editable && !ctx.tpl ? top(ctx, tree.length) : '');
}

// Without a template the unit's rows start at the top; on an empty form its ＋ is where weights come from.
function top(ctx, n) {
  const { T } = ctx;
  const add = act('add', T('act.addTop'), { 'data-parent': '', 'data-at': n });
  if (!n) ctx.adds.set('indicators', add);
  return h('p', { class: 'acts top' }, add, act('group', T('act.addGroup'), { 'data-parent': '', 'data-at': n }));
}

// The rule of a row of the unit's own, chosen from the short list.
function rule(ctx, p, label, kind) {
  const { T } = ctx;
  const path = `${p}.rule`;
  const m = msg(ctx, path);
  const select = h('select', { id: `i${++ctx.n}`, class: 'rule', 'data-path': path, 'aria-label': `${label} ${T('ind.rule')}`, 'aria-describedby': m.id });
  const known = RULES.includes(kind);
  for (const r of known ? RULES : [...RULES, kind]) {
    // a rule the list does not offer (bands, perPoint … in the form's JSON) shows its own name
    const text = T(`rule.${r || 'auto'}`);
    select.append(h('option', { value: r, text: text.startsWith('rule.') ? r : text }));
  }
  select.value = kind;
  ctx.fields.set(path, select);
  return h('span', { class: 'rulebox' }, select, m);
}
