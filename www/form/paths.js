// The form as plain data: reading and writing cells by their settable path, and the indicator
// tree as shown (template rows merged with the form's own rows). Used by the widget and by attach
// mode to render and fill inputs, and as the only store of the form when the engine cannot load.

export function rowsById(form) {
  const map = new Map();
  const walk = (rows) => {
    for (const r of rows || []) {
      if (r && r.id != null) map.set(String(r.id), r);
      walk(r && r.children);
    }
  };
  walk(form.indicators);
  return map;
}

// Row ids may contain dots (1.1.2): an indicator path splits at its first and last dot only.
function split(path) {
  const parts = path.split('.');
  if (parts[0] === 'indicators') return { row: parts.slice(1, -1).join('.'), field: parts[parts.length - 1] };
  return { parts };
}

export function getPath(form, path, rows = rowsById(form)) {
  const { row, field, parts } = split(path);
  let v;
  if (parts) v = parts.reduce((o, k) => (o == null ? undefined : o[k]), form);
  else v = rows.get(row)?.[field];
  // a cell holds text; anything else where one belongs reads as empty
  return v == null || typeof v === 'object' ? '' : String(v);
}

// An empty text clears the cell, as Evaluator.set does; a template row not yet in the form is
// added at the top level, where the engine accepts it too (clearing one adds nothing).
export function setPath(form, path, text) {
  const clear = text === '' || text == null;
  const { row, field, parts } = split(path);
  let obj;
  let key;
  if (parts) {
    obj = form;
    for (const k of parts.slice(0, -1)) obj = obj[k] && typeof obj[k] === 'object' ? obj[k] : (obj[k] = {});
    key = parts[parts.length - 1];
  } else {
    obj = rowsById(form).get(row);
    if (!obj) {
      if (clear) return;
      obj = { id: row };
      (form.indicators ||= []).push(obj);
    }
    key = field;
  }
  if (clear) delete obj[key];
  else obj[key] = text;
}

// A finding about one column of a budget breakdown (`budget.byNature.executed`): the table, the column.
export const BUDGET_COLUMN = /^(budget\.(?:bySource|byNature))\.(planned|executed)$/;

// The cells that can fix what a finding says, by their settable paths, in table order: the cell
// itself, the cells of a budget column (`budget.byNature.executed` → `budget.byNature.basic.executed`,
// `budget.byNature.project.executed`), or the cells under a table or row (`budget.bySource`,
// `indicators.1.1`). `paths` are the settable paths there are cells for, in table order.
export function cellsFor(path, paths) {
  if (paths.includes(path)) return [path];
  const column = BUDGET_COLUMN.exec(path);
  if (column) return paths.filter((p) => p.startsWith(`${column[1]}.`) && p.endsWith(`.${column[2]}`));
  return paths.filter((p) => p.startsWith(`${path}.`));
}

// Display tree: template rows in template order (with the form's values for them), each followed
// by the form's own rows placed under it; without a template, the form's rows as they are.
// `open`: the unit may add rows under it (a part the template leaves open, or a row of its own).
export function displayTree(form, tpl, lang) {
  const rows = rowsById(form);
  const tplIds = new Set();
  const collect = (ns) => ns?.forEach((n) => (tplIds.add(n.id), collect(n.children)));
  if (tpl) collect(tpl.indicators);
  const own = (r) => ({
    id: String(r.id),
    name: r.name || '',
    weight: r.weight,
    rule: r.rule,
    own: true,
    open: true,
    children: (r.children || []).filter((c) => !tplIds.has(c.id)).map(own),
  });
  const fromTpl = (n) => {
    const r = rows.get(n.id);
    return {
      id: n.id,
      name: r?.name || (lang === 'en' && n.nameEn) || n.name,
      weight: n.weight,
      rule: r?.rule || n.rule,
      tplTarget: n.target,
      open: Boolean(n.open) && !n.children?.length,
      children: [
        ...(n.children || []).map(fromTpl),
        ...((r && r.children) || []).filter((c) => !tplIds.has(c.id)).map(own),
      ],
    };
  };
  if (!tpl) return (form.indicators || []).map(own);
  return [
    ...tpl.indicators.map(fromTpl),
    ...(form.indicators || []).filter((r) => !tplIds.has(r.id)).map(own),
  ];
}
