// Loads the workbook module (pkg/office.js) the first time someone imports or exports a workbook:
// pages that never do never download it. Resolves to the module's API, or rejects with an Error
// whose `code` is `office.unavailable` and whose message says why, in the user's language.
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
    const error = new Error(t(lang, 'office.unavailable', { reason: String((e && e.message) || e) }));
    error.code = 'office.unavailable';
    throw error;
  });
}
