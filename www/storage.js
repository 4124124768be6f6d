// Drafts in localStorage. Saving must never break typing, so quota errors, disabled storage and
// corrupt entries all end here, silently.
export function draftKey(prefix, form) {
  const unit = (form && form.unit) || {};
  return `jixiao:${prefix}:${unit.name ?? ''}:${unit.year ?? ''}`;
}

/** Saves `form`; `text`, its JSON, when the caller has it already (a large form is costly to write). */
export function saveDraft(key, form, text = JSON.stringify(form)) {
  try {
    localStorage.setItem(key, `{"form":${text},"savedAt":${JSON.stringify(new Date().toISOString())}}`);
    return true;
  } catch {
    return false;
  }
}

export function loadDraft(key) {
  try {
    const text = localStorage.getItem(key);
    if (!text) return null;
    const draft = JSON.parse(text);
    return draft && typeof draft.form === 'object' && draft.form ? draft : null;
  } catch {
    return null;
  }
}

/** When a draft was saved, as the restore notice shows it (2026-11-27 10:03); "" if unknown. */
export function savedAt(draft) {
  const d = new Date(draft.savedAt);
  const pad = (n) => String(n).padStart(2, '0');
  return isNaN(d) ? '' : `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** Puts back a draft as `loadDraft` read it, its time kept (a deletion undone); false if it cannot be stored. */
export function putDraft(key, draft) {
  try {
    localStorage.setItem(key, JSON.stringify({ form: draft.form, savedAt: draft.savedAt }));
    return true;
  } catch {
    return false;
  }
}

export function clearDraft(key) {
  try {
    localStorage.removeItem(key);
  } catch {
    /* storage unavailable: nothing to clear */
  }
}
