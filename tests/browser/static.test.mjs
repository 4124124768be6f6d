// The rules that keep the widget safe to embed, read from the source (no browser): no HTML sinks,
// no eval, no inline script, style or event-handler attributes, no style attributes set from
// script (the CSP allows CSSOM writes, the project rules do not: styling lives in stylesheets).

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { ROOT } from '../../scripts/serve.mjs';

const files = (dir) =>
  readdirSync(`${ROOT}/${dir}`, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(`${dir}/${e.name}`) : [`${dir}/${e.name}`]));
const WWW = files('www');

const hits = (file, patterns) => {
  const lines = readFileSync(`${ROOT}/${file}`, 'utf8').split('\n');
  return lines.flatMap((line, i) => patterns.filter(([, re]) => re.test(line)).map(([what]) => `${file}:${i + 1}: ${what}: ${line.trim()}`));
};

describe('www/ follows the embedding rules', () => {
  test('scripts: no innerHTML/outerHTML/insertAdjacentHTML/document.write, no eval, no style attribute from script', () => {
    const patterns = [
      ['HTML sink', /\.(innerHTML|outerHTML)\b|insertAdjacentHTML|document\.write|createContextualFragment|DOMParser/],
      ['eval', /\beval\s*\(|new\s+Function\s*\(|set(Timeout|Interval)\s*\(\s*['"`]/],
      ['style attribute', /\.style\s*(\.|\[|=)|cssText|setAttribute\s*\(\s*['"`]style['"`]/],
      ['event-handler attribute', /setAttribute\s*\(\s*['"`]on[a-z]/],
    ];
    assert.deepEqual(WWW.filter((f) => f.endsWith('.js')).flatMap((f) => hits(f, patterns)), []);
  });

  test('pages: no inline script or style, no style or on* attributes', () => {
    const patterns = [
      ['inline script', /<script(?![^>]*\bsrc=)(?![^>]*type=["']?importmap)/i],
      ['import map (inline script)', /<script[^>]*type=["']?importmap/i],
      ['inline style', /<style\b/i],
      ['style attribute', /\sstyle\s*=/i],
      ['event-handler attribute', /\son[a-z]+\s*=/i],
      ['javascript: URL', /javascript:/i],
    ];
    const pages = WWW.filter((f) => f.endsWith('.html'));
    assert.ok(pages.includes('www/index.html') && pages.includes('www/embed.html'), `pages: ${pages}`);
    assert.deepEqual(pages.flatMap((f) => hits(f, patterns)), []);
  });
});
