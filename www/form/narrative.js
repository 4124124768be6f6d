// The 自评表说明 section: a textarea over a mirror of its text in which the figures the engine
// found wrong are marked. A textarea cannot style part of its text, so the marks are drawn behind
// it: the mirror (`.backdrop > .mirror`) has the textarea's font, padding, border, wrapping and
// scroll position, holds the same text as text nodes with a <mark> around each finding's span,
// and shows through the textarea's transparent background. The mirror is also what prints.
import { h, field } from './render.js';

// A finding of the 说明 has a span: { start, end, line, column } in UTF-16 code units.
export const inText = (i) => i.path === 'narrative' && i.span;

/** The section; the elements later keystrokes update go to `ctx.narrative`. */
export function narrative(ctx) {
  const { T } = ctx;
  const f = field(ctx, 'narrative', T('n.title'), { area: true, visible: true, rows: 8 });
  const input = f.input;
  input.classList.add('ntext');
  // the browser's spelling marks would read as the checker's; it knows no Chinese anyway
  input.spellcheck = false;
  input.setAttribute('placeholder', T('n.placeholder'));
  const status = h('p', { class: 'nstatus', id: `s${++ctx.n}`, part: 'narrative-status' });
  input.setAttribute('aria-describedby', `${status.id} ${f.m.id}`);
  const mirror = h('div', { class: 'mirror' });
  const backdrop = h('div', { class: 'backdrop', 'aria-hidden': 'true' }, mirror);
  const say = h('p', { class: 'nsay', role: 'status', 'aria-live': 'polite' });
  const draftText = h('textarea', { id: `i${++ctx.n}`, class: 'dtext', readonly: true, rows: 4, spellcheck: 'false' });
  const draftBox = h('div', { class: 'ndraft', part: 'draft', hidden: true },
    h('label', { for: draftText.id, text: T('n.draftTitle') }),
    draftText,
    h('p', { class: 'nacts' },
      h('button', { type: 'button', class: 'act', 'data-do': 'insert', text: T('n.insert') }),
      h('button', { type: 'button', class: 'act', 'data-do': 'copy', text: T('n.copy') }),
      h('button', { type: 'button', class: 'act', 'data-do': 'close', text: T('n.close') })));
  const draft = h('button', { type: 'button', class: 'act add', 'data-do': 'draft', part: 'draft-button', text: T('n.draft') });
  const n = { input, mirror, backdrop, status, say, draft, draftBox, draftText, lines: null };
  ctx.narrative = n;
  // the mirror follows the textarea's scrolling and size
  input.addEventListener('scroll', () => syncScroll(n));
  if (typeof ResizeObserver === 'function') new ResizeObserver(() => syncScroll(n)).observe(input);
  return h('section', { part: 'narrative', class: 'narrative' },
    h('h3', {}, h('label', { for: input.id, text: T('n.title') })),
    h('p', { class: 'nhint', text: T('n.hint') }),
    h('div', { class: 'nbox' }, backdrop, input),
    status,
    f.m,
    ctx.readonly ? '' : h('p', { class: 'nacts' }, draft),
    say,
    draftBox);
}

export function syncScroll(n) {
  if (n.backdrop.scrollTop !== n.input.scrollTop) n.backdrop.scrollTop = n.input.scrollTop;
  if (n.backdrop.scrollLeft !== n.input.scrollLeft) n.backdrop.scrollLeft = n.input.scrollLeft;
}

const RANK = { error: 3, warning: 2, info: 1 };

/**
 * The marked pieces of the text: `[start, end, severity]` in text order. Where spans overlap (a
 * figure restated wrongly inside a list whose sum is wrong), the text is cut at every span's start
 * and end, and each piece takes the gravest finding over it.
 */
export function pieces(text, issues) {
  const found = issues.filter(inText);
  const cuts = [...new Set(found.flatMap((i) => [i.span.start, i.span.end]))].filter((x) => x >= 0 && x <= text.length).sort((a, b) => a - b);
  const out = [];
  for (let k = 0; k + 1 < cuts.length; k++) {
    const [start, end] = [cuts[k], cuts[k + 1]];
    let severity = '';
    for (const i of found) if (i.span.start <= start && i.span.end >= end && (RANK[i.severity] || 0) > (RANK[severity] || 0)) severity = i.severity;
    if (severity) out.push([start, end, severity]);
  }
  return out;
}

/**
 * Draws the text into the mirror, one block per line, with a <mark class="error|warning|info"
 * data-start data-end> around each marked piece (a piece over a line break is cut there). A
 * keystroke changes one line: only that line's block is built again, so that the browser lays out
 * one line and not the whole text; the marks of the lines after it get their new offsets.
 */
export function paintMirror(n, text, issues) {
  const marked = pieces(text, issues);
  const lines = text.split('\n');
  const next = [];
  let start = 0;
  let p = 0;
  for (const line of lines) {
    const end = start + line.length;
    const own = [];
    while (p < marked.length && marked[p][1] <= start) p++;
    for (let q = p; q < marked.length && marked[q][0] < end; q++) {
      own.push([Math.max(marked[q][0], start) - start, Math.min(marked[q][1], end) - start, marked[q][2]]);
    }
    next.push({ line, own, start, sig: own.length ? `${line}\u0000${own.join(';')}` : line });
    start = end + 1;
  }
  const old = n.lines || [];
  const max = Math.min(old.length, next.length);
  let head = 0;
  while (head < max && old[head].sig === next[head].sig) head++;
  let tail = 0;
  while (tail < max - head && old[old.length - 1 - tail].sig === next[next.length - 1 - tail].sig) tail++;
  if (!n.lines || head + tail < Math.max(old.length, next.length)) {
    for (let k = head; k < next.length - tail; k++) next[k].el = lineBlock(next[k]);
    const fresh = next.slice(head, next.length - tail).map((l) => l.el);
    const gone = old.slice(head, old.length - tail);
    if (!n.lines) n.mirror.replaceChildren(...fresh);
    else if (gone.length) {
      gone[0].el.before(...fresh);
      for (const l of gone) l.el.remove();
    } else if (tail) old[old.length - tail].el.before(...fresh);
    else n.mirror.append(...fresh);
  }
  for (let k = 0; k < head; k++) next[k].el = old[k].el;
  for (let k = 0; k < tail; k++) {
    const l = next[next.length - 1 - k];
    const was = old[old.length - 1 - k];
    l.el = was.el;
    // the same line, moved by what was typed before it: its marks' offsets follow
    const delta = l.start - was.start;
    if (delta && l.own.length) {
      for (const m of l.el.children) {
        if (m.localName !== 'mark') continue;
        m.dataset.start = Number(m.dataset.start) + delta;
        m.dataset.end = Number(m.dataset.end) + delta;
      }
    }
  }
  n.lines = next;
  // the scroll position is read once the frame is laid out: reading it here would lay out the
  // whole text at every keystroke, on top of the layout the frame does anyway
  if (!n.queued) {
    n.queued = true;
    requestAnimationFrame(() => {
      n.queued = false;
      syncScroll(n);
    });
  }
}

// One line of the mirror: its text with its marks; an empty line holds a <br>, or it has no height.
function lineBlock({ line, own, start }) {
  const el = h('div', { class: 'ln' });
  let at = 0;
  for (const [a, b, severity] of own) {
    if (a > at) el.append(line.slice(at, a));
    el.append(h('mark', { class: severity, 'data-start': start + a, 'data-end': start + b, text: line.slice(a, b) }));
    at = b;
  }
  if (at < line.length) el.append(line.slice(at));
  if (!line) el.append(h('br', {}));
  return el;
}

/**
 * Puts the caret over a figure: focuses the textarea, selects `start`…`end`, and scrolls the
 * textarea (and the page) so that the figure is in view.
 */
export function selectSpan(n, start, end) {
  const { input, mirror } = n;
  input.focus({ preventScroll: true });
  input.setSelectionRange(start, end);
  const mark = [...mirror.querySelectorAll('mark')].find((m) => Number(m.dataset.end) > start);
  if (!mark) return input.scrollIntoView({ block: 'nearest' });
  // in the textarea, when it scrolls (a height the user chose): offsetTop counts from the
  // backdrop's top, where the textarea's border starts
  input.scrollTop = Math.max(0, mark.offsetTop - input.clientTop - (input.clientHeight - mark.offsetHeight) / 2);
  syncScroll(n);
  // and on the page
  mark.scrollIntoView({ block: 'center', inline: 'nearest' });
  syncScroll(n);
}

/**
 * Where the paragraph goes: at the caret (after a selection, which stays), on lines of its own.
 * Returns `[at, text]`.
 */
export function insertion(value, caret, paragraph) {
  const before = caret > 0 && !/[\n\r]/.test(value[caret - 1]) ? '\n' : '';
  const after = caret < value.length && !/[\n\r]/.test(value[caret]) ? '\n' : '';
  return [caret, before + paragraph + after];
}
