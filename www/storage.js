// Drafts in localStorage. Saving must never break typing, so quota errors, disabled storage and
// corrupt entries all end here, silently.
export function draftKey(prefix, form) {
  const unit = (form && form.unit) || {};
  return `jixiao:${prefix}:${unit.name ?? ''}:${unit.year ?? ''}`;
}

export function saveDraft(key, form) {
  try {
    localStorage.setItem(key, JSON.stringify({ form, savedAt: new Date().toISOString() }));
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

export function clearDraft(key) {
  try {
    localStorage.removeItem(key);
  } catch {
    /* storage unavailable: nothing to clear */
  }
}
