// Loads the WebAssembly engine once. Never rejects: the widget must still render and keep what
// was typed when WebAssembly is missing or forbidden (CSP without 'wasm-unsafe-eval'), so every
// failure becomes { ok: false, reason, why } — `reason` a short English diagnostic for logs (and
// the console), `why` the kind of failure ('csp' | 'unsupported' | 'failed') that `offMessage`
// puts into the user's words.
import { t } from './strings.js';

let loading = null;

export function loadEngine() {
  if (!loading) {
    loading = load().then((engine) => {
      if (!engine.ok) console.warn(`jixiao: scoring is off: ${engine.reason}`);
      return engine;
    });
  }
  return loading;
}

/** The sentence that says scoring is off and why, in `lang`. */
export function offMessage(lang, engine) {
  const reason = t(lang, `engine.why.${engine.why || 'failed'}`);
  return t(lang, 'engine.off', { reason });
}

async function load() {
  if (typeof WebAssembly !== 'object') {
    return { ok: false, why: 'unsupported', reason: 'WebAssembly is not available in this browser' };
  }
  try {
    const api = await import('../pkg/jixiao.js');
    await api.default();
    return { ok: true, api };
  } catch (e) {
    const text = String((e && e.message) || e || 'unknown error');
    if (/Content Security Policy|unsafe-eval|CompileError/i.test(text)) {
      return { ok: false, why: 'csp', reason: "WebAssembly compilation was refused (Content-Security-Policy without 'wasm-unsafe-eval')" };
    }
    return { ok: false, why: 'failed', reason: text.length > 160 ? text.slice(0, 160) + '…' : text };
  }
}
