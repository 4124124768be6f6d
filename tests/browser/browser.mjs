// Shared by the browser tests: one Chromium and one server per test file (scripts/serve.mjs, every
// page under the strict CSP), pages that record everything that went wrong in them, and the
// selectors of the DOM contract (docs/widget.md). Run: node --test tests/browser/
//
// Needs Debian's Chromium (/usr/bin/chromium: `make tools-browser`), npm's playwright-core and
// axe-core (`npm ci`) and the wasm package in pkg/ (`make pkg`).

import { existsSync, mkdirSync } from 'node:fs';
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, ROOT } from '../../scripts/serve.mjs';
import { CHROMIUM, launchChromium } from '../../scripts/chromium.mjs';

export { ROOT };

export const ARTIFACTS = `${ROOT}/tests/artifacts`;
export const SEED = 'examples/shiweitang-2024.json';
export const LANGS = ['zh-CN', 'en'];

/** Launches Debian's Chromium, or says what to install. */
export async function launch() {
  for (const [path, fix] of [
    [CHROMIUM, 'install it with `make tools-browser` (apt-get install chromium chromium-driver)'],
    [`${ROOT}/pkg/jixiao_wasm_bg.wasm`, 'build the wasm package with `make pkg`'],
    [`${ROOT}/node_modules/axe-core/axe.min.js`, 'install the dev dependencies with `npm ci`'],
  ]) {
    if (!existsSync(path)) throw new Error(`browser tests: ${path} is missing: ${fix}`);
  }
  return launchChromium();
}

/**
 * The browser and server of one test file, started in `before` and closed in `after`. Returns an
 * object filled in by `before`: `{ browser, server, url(path) }`.
 */
export function setup() {
  const env = { browser: null, server: null, url: (path) => `${env.server.url}/${path.replace(/^\//, '')}` };
  before(async () => {
    env.server = await serve({ port: 0 });
    env.browser = await launch();
  });
  after(async () => {
    await env.browser?.close();
    await env.server?.close();
  });
  return env;
}

/**
 * Opens `path` in a fresh context (its own storage) and records every console error, uncaught
 * exception, CSP violation (the `securitypolicyviolation` event, also from shadow roots: it is
 * composed) and dialog. `problems()` lists them as text. `options` go to browser.newContext.
 */
export async function open(env, path, options = {}) {
  const context = await env.browser.newContext({ acceptDownloads: true, ...options });
  const page = await context.newPage();
  const log = { console: [], errors: [], csp: [], dialogs: [] };
  page.on('console', (m) => {
    if (m.type() === 'error') log.console.push(m.text());
  });
  page.on('pageerror', (e) => log.errors.push(e.message));
  page.on('dialog', async (d) => {
    log.dialogs.push(`${d.type()}: ${d.message()}`);
    await d.dismiss().catch(() => {});
  });
  await page.exposeFunction('__jixiaoTestCsp', (v) => log.csp.push(v));
  await page.addInitScript(() => {
    document.addEventListener(
      'securitypolicyviolation',
      (e) => window.__jixiaoTestCsp(`${e.effectiveDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber}`),
      true,
    );
    // the widget's events, as the page sees them (they bubble and are composed)
    window.__jixiaoEvents = [];
    for (const type of ['jixiao-ready', 'jixiao-change', 'jixiao-error']) {
      document.addEventListener(type, (e) => window.__jixiaoEvents.push({ type, target: e.target.localName, detail: JSON.parse(JSON.stringify(e.detail ?? null)) }), true);
    }
  });
  await page.goto(env.url(path));
  return {
    page,
    context,
    log,
    problems: () => [
      ...log.console.map((t) => `console error: ${t}`),
      ...log.errors.map((t) => `uncaught: ${t}`),
      ...log.csp.map((t) => `CSP violation: ${t}`),
      ...log.dialogs.map((t) => `dialog: ${t}`),
    ],
    close: () => context.close(),
  };
}

// ── the DOM contract ─────────────────────────────────────────────────────────────────────────
// Playwright's CSS selectors pierce open shadow roots, so these reach into <jixiao-form>.
export const FORM = 'jixiao-form';
export const part = (name) => `${FORM} [part~="${name}"]`;
export const field = (path) => `${FORM} input[data-path="${path}"], ${FORM} textarea[data-path="${path}"]`;
export const messageFor = (path) => `${FORM} [data-message-for="${path}"]`;
export const finding = (code) => `${part('findings')} button[data-code="${code}"]`;

/** Waits until the widget's score part shows a number (the engine has scored the form). */
export async function scored(page, timeout = 15_000) {
  await page.waitForFunction(
    (sel) => /\d/.test(document.querySelector('jixiao-form')?.shadowRoot?.querySelector(sel)?.textContent ?? ''),
    '[part~="score"]',
    { timeout },
  );
}

/** The jixiao-* events the document saw since the page loaded: [{ type, target, detail }]. */
export const events = (page, type) => page.evaluate((t) => window.__jixiaoEvents.filter((e) => !t || e.type === t), type);

/** Text of a part, trimmed. */
export const partText = async (page, name) => (await page.locator(part(name)).first().textContent()).trim();

/** data-code of every finding button, in order. */
export const findingCodes = (page) =>
  page.locator(`${part('findings')} button[data-code]`).evaluateAll((bs) => bs.map((b) => b.dataset.code));

/** The element that has focus, through shadow roots. */
export const deepActive = (page) =>
  page.evaluate(() => {
    let a = document.activeElement;
    while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
    return a ? { tag: a.localName, path: a.dataset?.path ?? null, id: a.id || null } : null;
  });

/**
 * Switches the page's language with its #lang control (both pages have one); a page that reloads
 * to switch (embed.html) is waited for. Call ready() afterwards.
 */
export async function setLang(page, lang) {
  const navigated = page.waitForEvent('framenavigated', { timeout: 1_000 }).catch(() => null);
  await page.locator('#lang').selectOption(lang);
  if (await navigated) await page.waitForLoadState('load');
}

export function artifact(name) {
  mkdirSync(ARTIFACTS, { recursive: true });
  return `${ARTIFACTS}/${name}`;
}

/** Fails with the page's problems listed, if it had any. */
export function assertClean(opened, what) {
  assert.deepEqual(opened.problems(), [], `${what}: the page reported problems`);
}

/** Waits until a page has scored: the widget's score part on index.html, the badge on embed.html. */
export async function ready(page, path, timeout = 15_000) {
  if (path.includes('embed')) {
    await page.waitForFunction(() => /\d/.test(document.querySelector('jixiao-score')?.textContent ?? ''), null, { timeout });
  } else {
    await scored(page, timeout);
  }
}
