// Reads and writes a form object by settable path without the engine, so that drafts are still
// saved and restored, and inputs still filled, when the WebAssembly module cannot load.
const SETTABLE = new RegExp(
  '^(unit\\.(name|year|preparer|phone|date)|goals\\.(target|completion|reason)|moneyUnit' +
    '|budget\\.(total|bySource\\.(generalPublic|governmentFund|stateCapital|other)|byNature\\.(basic|project))\\.(planned|executed)' +
    '|budget\\.(statedRate|reason)|claimed\\.(score|grade)' +
    '|indicators\\..+\\.(name|weight|target|actual|level|score|reason))$',
);

export const isSettable = (path) => SETTABLE.test(path);

// Row ids may contain dots (1.1.2), so an indicator path splits at its first and last dot only.
const rowPath = (path) => /^indicators\.(.+)\.([a-z]+)$/.exec(path);

function findRow(rows, id) {
  for (const row of Array.isArray(rows) ? rows : []) {
    if (row && row.id === id) return row;
    const found = row && findRow(row.children, id);
    if (found) return found;
  }
  return null;
}

export function getIn(form, path) {
  const row = rowPath(path);
  const value = row
    ? findRow(form.indicators, row[1])?.[row[2]]
    : path.split('.').reduce((o, k) => (o && typeof o === 'object' ? o[k] : undefined), form);
  return value == null || typeof value === 'object' ? '' : String(value);
}

// Mirrors Evaluator.set: "" clears the cell; a template row not yet in the form is added at the
// top level, where the engine accepts it too.
export function setIn(form, path, text) {
  const row = rowPath(path);
  let target;
  let key;
  if (row) {
    target = findRow(form.indicators, row[1]);
    if (!target) {
      if (text === '') return;
      if (!Array.isArray(form.indicators)) form.indicators = [];
      form.indicators.push((target = { id: row[1] }));
    }
    key = row[2];
  } else {
    const keys = path.split('.');
    key = keys.pop();
    target = form;
    for (const k of keys) {
      if (!target[k] || typeof target[k] !== 'object') target[k] = {};
      target = target[k];
    }
  }
  if (text === '') delete target[key];
  else target[key] = text;
}
