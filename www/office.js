// The workbook side of the widget, fetched with the workbook module (pkg/office.js) the first time
// someone imports or exports a workbook: pages that never do download neither. Errors are Errors
// with a `code` and a message in the user's language; a module that could not be fetched or
// compiled is `office.unavailable`, its technical reason in `detail` (the console's, not the page's).
import { t } from './strings.js';

let loading = null;

export function loadOffice(lang) {
  if (!loading) {
    loading = (async () => {
      const api = await import('../pkg/office.js');
      await api.default();
      return api;
    })();
    // a failed load may be tried again (the network may come back)
    loading.catch(() => {
      loading = null;
    });
  }
  return loading.catch((e) => {
    throw coded('office.unavailable', t(lang, 'office.unavailable'), String((e && e.message) || e));
  });
}

/**
 * The form of a workbook (a Uint8Array, an ArrayBuffer or a Blob) to load: its first 自评表, or the
 * one read from sheet `sheet`. Resolves to readWorkbook's `{ sheets, form, cells, notes }` with
 * `n`, its place among the `count` forms found.
 */
export async function readWorkbookForm(bytes, { lang, sheet } = {}) {
  if (typeof Blob !== 'undefined' && bytes instanceof Blob) bytes = await bytes.arrayBuffer();
  const found = (await loadOffice(lang)).readWorkbook(bytes, { lang });
  const at = sheet == null ? 0 : found.findIndex((f) => f.sheets.includes(String(sheet)));
  if (at < 0) {
    const sheets = found.flatMap((f) => f.sheets).join(t(lang, 'notice.nameSep'));
    throw coded('office.noSheet', t(lang, 'office.noSheet', { sheet, sheets }));
  }
  return { ...found[at], n: at + 1, count: found.length };
}

/** The form as the bytes of an .xlsx 自评表. */
export async function writeWorkbook(form, { lang } = {}) {
  return (await loadOffice(lang)).exportWorkbook(form, { lang });
}

function coded(code, message, detail) {
  const error = new Error(message);
  error.code = code;
  if (detail) error.detail = detail;
  return error;
}
