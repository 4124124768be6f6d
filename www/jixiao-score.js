// <jixiao-score>: a score badge a page can put anywhere. attach() writes data-score, data-grade,
// data-grade-en, data-errors and data-state; the badge turns them into words in its language, so
// pages style it by those attributes and may also drive it themselves.
import { t, langOf } from './strings.js';

export class JixiaoScore extends HTMLElement {
  static get observedAttributes() {
    return ['data-score', 'data-grade', 'data-grade-en', 'data-errors', 'data-state', 'lang'];
  }

  #queued = false;

  connectedCallback() {
    if (!this.hasAttribute('role')) this.setAttribute('role', 'status');
    if (!this.hasAttribute('aria-live')) this.setAttribute('aria-live', 'polite');
    this.#render();
  }

  // attach() sets several attributes at once; one render keeps the live region to one announcement.
  attributeChangedCallback() {
    if (this.#queued) return;
    this.#queued = true;
    queueMicrotask(() => {
      this.#queued = false;
      this.#render();
    });
  }

  #render() {
    const { state, score, grade, gradeEn, errors } = this.dataset;
    if (!state) return; // the page's own placeholder stays until there is something to show
    const lang = langOf(this.closest('[lang]')?.lang);
    let text = t(lang, 'score.off');
    if (state !== 'off') {
      text = t(lang, 'score.text', { score, grade: (lang === 'en' && gradeEn) || grade });
      if (state === 'errors') text += t(lang, 'score.errors', { count: errors });
    }
    if (this.textContent !== text) this.textContent = text;
  }
}

if (!customElements.get('jixiao-score')) customElements.define('jixiao-score', JixiaoScore);
