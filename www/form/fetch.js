// Reading a form from a URL or from text, with every failure put into the user's words: a reason
// key of strings.js and its values (`problem`), and the technical text for logs (`detail`), which
// never reaches the page. Used by the widget and by attach mode.

/** Fetches a form (JSON) from `url`: `{ form }` or `{ problem }`. Never rejects. */
export async function fetchForm(url) {
  let response;
  try {
    response = await fetch(url);
  } catch (e) {
    return failure('load.network', {}, `${url}: ${e.message}`);
  }
  if (!response.ok) {
    return failure('load.http', { status: response.status }, `${url}: HTTP ${response.status} ${response.statusText}`);
  }
  return readForm(await response.text().catch(() => ''), url);
}

/** Reads a form from JSON text: `{ form }` or `{ problem }` (not JSON, with where; not an object). */
export function readForm(text, source = '') {
  let form;
  try {
    form = JSON.parse(text);
  } catch (e) {
    const at = position(text, e.message);
    const key = at ? 'load.notJsonAt' : 'load.notJson';
    return failure(key, at ?? {}, `${source}: ${e.message}`);
  }
  if (!form || typeof form !== 'object' || Array.isArray(form)) {
    return failure('load.notObject', {}, `${source}: the JSON is ${Array.isArray(form) ? 'an array' : typeof form}`);
  }
  return { form };
}

function failure(key, params, detail) {
  return { problem: { key, params, detail } };
}

/**
 * Line and column (from 1) of a JSON.parse error, from the offset its message gives
 * (`… at position 42 …`); null when it gives none.
 */
export function position(text, message) {
  const m = /position (\d+)/.exec(message);
  if (!m) return null;
  const before = text.slice(0, Number(m[1]));
  const lines = before.split('\n');
  return { line: lines.length, column: lines[lines.length - 1].length + 1 };
}
