// Excel workbooks on www/index.html: the workbook module is fetched only when a workbook is imported
// or exported; the seed written as an .xlsx fills a blank widget and scores as the seed does, with the
// import notice and the cells of its findings; the exported workbook reads back (in Node, the same
// module) to a form that scores alike; a file that is not a workbook is refused in the user's
// language and leaves what was typed.

import { describe, test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import initOffice, { exportWorkbook, readWorkbook } from '../../pkg/office.js';
import { Evaluator, readJson } from '../js/jixiao.mjs';
import { zip, unzip } from './zip.mjs';
import { setup, open, scored, part, partText, field, setLang, assertClean, artifact, SEED, FORM, ROOT } from './browser.mjs';

const env = setup();
const INDEX = 'www/index.html';
const widgetForm = (page) => page.evaluate(() => document.querySelector('jixiao-form').form);
// every same-origin file the page fetched, the dynamic imports and the wasm included
const fetched = (page) => page.evaluate(() => performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname));
const office = (paths) => paths.filter((p) => p.startsWith('/pkg/office') || p === '/www/office.js');

/**
 * The seed's workbook made into one of three sheets holding two forms: 自评表 keeps the indicator
 * table, 预算 the budget block (which the reader lends to 自评表, with a note), 第二张 a whole copy
 * whose unit is 第二单位.
 */
function twoForms(xlsx) {
  const entries = unzip(xlsx);
  const get = (name) => entries.find((e) => e.name === name);
  const edit = (name, f) => (get(name).data = Buffer.from(f(get(name).data.toString('utf8'))));
  const sheet = get('xl/worksheets/sheet1.xml').data.toString('utf8');
  const rows = (keep) => sheet.replace(/<row r="(\d+)".*?<\/row>/g, (m, r) => (keep(Number(r)) ? m : ''));
  const budget = (r) => r >= 8 && r <= 16;
  get('xl/worksheets/sheet1.xml').data = Buffer.from(rows((r) => !budget(r)));
  const added = [
    ['预算', rows(budget)],
    ['第二张', sheet.replace(/<c r="B2" s="(\d+)" t="s"><v>\d+<\/v><\/c>/, '<c r="B2" s="$1" t="inlineStr"><is><t>第二单位</t></is></c>')],
  ];
  added.forEach(([, xml], i) => entries.push({ name: `xl/worksheets/sheet${i + 2}.xml`, data: Buffer.from(xml) }));
  const each = (f) => added.map(([name], i) => f(name, i + 2)).join('');
  edit('xl/workbook.xml', (x) => x.replace('</sheets>', each((name, n) => `<sheet name="${name}" sheetId="${n}" r:id="rIdT${n}"/>`) + '</sheets>'));
  edit('xl/_rels/workbook.xml.rels', (x) => x.replace('</Relationships>', each((name, n) =>
    `<Relationship Id="rIdT${n}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${n}.xml"/>`) + '</Relationships>'));
  edit('[Content_Types].xml', (x) => x.replace('</Types>', each((name, n) =>
    `<Override PartName="/xl/worksheets/sheet${n}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`) + '</Types>'));
  return zip(entries);
}

let XLSX;
let TWO;
let SEED_SCORE;
before(async () => {
  await initOffice({ module_or_path: readFileSync(`${ROOT}/pkg/office/jixiao_office_bg.wasm`) });
  XLSX = artifact('shiweitang-2024.xlsx');
  const bytes = exportWorkbook(readJson(SEED));
  await writeFile(XLSX, bytes);
  TWO = artifact('two-forms.xlsx');
  await writeFile(TWO, twoForms(Buffer.from(bytes)));
  assert.deepEqual(readWorkbook(readFileSync(TWO)).map((f) => f.sheets), [['自评表', '预算'], ['第二张']], 'the two-form fixture');
  const ev = new Evaluator(readJson(SEED));
  SEED_SCORE = ev.report();
  ev.free();
  assert.equal(SEED_SCORE.score, '96.61');
});

/** Opens index.html on a blank form, scored. */
async function blank(lang = 'zh-CN') {
  const o = await open(env, INDEX);
  await scored(o.page);
  if (lang !== 'zh-CN') await setLang(o.page, lang);
  await o.page.locator('#clear').click();
  await o.page.waitForFunction(() => !document.querySelector('jixiao-form').form.unit?.name);
  return o;
}

const statusText = (page) => page.locator(part('status')).textContent();

describe('www/index.html: Excel workbooks', () => {
  test('first load fetches no part of the workbook module; the seed as .xlsx fills a blank form: 96.61 / 优, the notice, the cells', async () => {
    const o = await blank();
    try {
      assert.deepEqual(office(await fetched(o.page)), [], 'the page fetched the workbook module before any workbook');
      await o.page.locator('#import-file').setInputFiles(XLSX);
      await o.page.locator(part('notice')).waitFor();
      assert.equal(await partText(o.page, 'score'), '96.61');
      assert.equal(await partText(o.page, 'grade'), '优');
      assert.match(await partText(o.page, 'notice'), /已导入工作簿中的自评表（工作表「自评表」），原来填写的内容已替换。/);
      assert.equal(await o.page.inputValue(field('unit.name')), readJson(SEED).unit.name);
      // now, and only now, the module was fetched
      assert.ok(office(await fetched(o.page)).includes('/pkg/office/jixiao_office_bg.wasm'));
      // each finding about a cell the workbook had names that cell
      const cells = await o.page.locator(`${part('findings')} .xcell`).allTextContents();
      assert.ok(cells.length > 0, 'no finding names its cell');
      for (const c of cells) assert.match(c, /^单元格 自评表![A-Z]+\d+(:[A-Z]+\d+)?$/);
      // the import can be undone: back to the blank form
      await o.page.locator(part('undo')).click();
      await o.page.waitForFunction(() => !document.querySelector('jixiao-form').form.unit?.name);
      assert.equal(await o.page.locator(`${FORM} .xcell`).count(), 0, 'cells shown after the import was undone');
      assertClean(o, INDEX);
    } finally {
      await o.close();
    }
  });

  test('a workbook of two forms: the notice says which of how many, with the reader\'s note; `sheet` picks the other', async () => {
    const o = await blank();
    try {
      await o.page.locator('#import-file').setInputFiles(TWO);
      await o.page.locator(part('notice')).waitFor();
      assert.equal(await partText(o.page, 'score'), '96.61');
      const notice = await partText(o.page, 'notice');
      assert.match(notice, /工作簿中有 2 张自评表，已导入第 1 张（工作表「自评表」「预算」），原来填写的内容已替换。/);
      assert.match(notice, /读取时的说明：预算执行情况取自工作表「预算」/);
      // the budget's findings name the cells of its own sheet
      assert.ok((await o.page.locator(`${part('findings')} .xcell`).allTextContents()).some((c) => c.startsWith('单元格 预算!')));
      const ok = await o.page.evaluate(async (bytes) => document.querySelector('jixiao-form').importWorkbook(new Uint8Array(bytes), { sheet: '第二张' }), [...readFileSync(TWO)]);
      assert.equal(ok, true);
      assert.match(await partText(o.page, 'notice'), /工作簿中有 2 张自评表，已导入第 2 张（工作表「第二张」）/);
      assert.equal(await o.page.inputValue(field('unit.name')), '第二单位');
      assertClean(o, INDEX);
    } finally {
      await o.close();
    }
  });

  test('导出 Excel downloads <unit>.xlsx that reads back to a form scoring 96.61', async () => {
    const o = await open(env, INDEX);
    try {
      await scored(o.page);
      const [download] = await Promise.all([o.page.waitForEvent('download'), o.page.locator('#export-xlsx').click()]);
      assert.equal(download.suggestedFilename(), `${readJson(SEED).unit.name}.xlsx`);
      const bytes = readFileSync(await download.path());
      const [read] = readWorkbook(bytes);
      const ev = new Evaluator(read.form);
      const report = ev.report();
      ev.free();
      assert.equal(report.score, SEED_SCORE.score);
      assert.equal(report.grade, SEED_SCORE.grade);
      assert.match(await statusText(o.page), /已导出 Excel 工作簿。/);
      assertClean(o, INDEX);
    } finally {
      await o.close();
    }
  });

  test('random bytes named x.xlsx: 导入失败 in the status line, what was typed unchanged; an unknown sheet likewise', async () => {
    const o = await open(env, INDEX);
    try {
      await scored(o.page);
      await o.page.locator(field('unit.preparer')).fill('张三');
      const typed = await widgetForm(o.page);
      const bad = artifact('x.xlsx');
      const noise = Buffer.alloc(4096);
      for (let i = 0, x = 7; i < noise.length; i++) noise[i] = (x = (x * 1103515245 + 12345) >>> 0) >>> 24;
      noise[0] = 0x42;
      await writeFile(bad, noise);
      await o.page.locator('#import-file').setInputFiles(bad);
      await o.page.waitForFunction(() => /导入失败/.test(document.querySelector('jixiao-form').shadowRoot.querySelector('[part~="status"]').textContent));
      assert.match(await statusText(o.page), /导入失败，表单未改动：不是 Excel 工作簿/);
      assert.deepEqual(await widgetForm(o.page), typed);
      assert.equal(await o.page.locator(part('notice')).count(), 0);
      const error = await o.page.evaluate(() => window.__jixiaoEvents.filter((e) => e.type === 'jixiao-error').at(-1).detail);
      assert.match(error.code, /^workbook\./);
      // a sheet that holds no form
      const ok = await o.page.evaluate(async (bytes) => document.querySelector('jixiao-form').importWorkbook(new Uint8Array(bytes), { sheet: '没有这张表' }), [...readFileSync(XLSX)]);
      assert.equal(ok, false);
      assert.match(await statusText(o.page), /导入失败，表单未改动：工作簿中没有名为「没有这张表」的自评表（有自评表的工作表：「自评表」）/);
      assert.deepEqual(await widgetForm(o.page), typed);
      assertClean(o, INDEX);
    } finally {
      await o.close();
    }
  });

  test('in English: the buttons, the import notice, the cells and the refusal', async () => {
    const o = await blank('en');
    try {
      assert.equal((await o.page.locator('#import').textContent()).trim(), 'Import JSON / Excel');
      assert.equal((await o.page.locator('#export-xlsx').textContent()).trim(), 'Export Excel');
      await o.page.locator('#import-file').setInputFiles(XLSX);
      await o.page.locator(part('notice')).waitFor();
      assert.equal(await partText(o.page, 'score'), '96.61');
      assert.equal(await partText(o.page, 'grade'), 'Excellent');
      assert.match(await partText(o.page, 'notice'), /Imported the form of the workbook \(sheet "自评表"\); it replaced what was typed before\./);
      assert.match(await partText(o.page, 'undo'), /Undo the import/);
      const cells = await o.page.locator(`${part('findings')} .xcell`).allTextContents();
      assert.ok(cells.length > 0 && cells.every((c) => /^Cell 自评表!/.test(c)), cells.join(' | '));
      const typed = await widgetForm(o.page);
      await o.page.locator('#import-file').setInputFiles({ name: 'x.xlsx', mimeType: 'application/octet-stream', buffer: Buffer.from('not a workbook at all') });
      await o.page.waitForFunction(() => /Import failed/.test(document.querySelector('jixiao-form').shadowRoot.querySelector('[part~="status"]').textContent));
      assert.match(await statusText(o.page), /Import failed, the form is unchanged: Not an Excel workbook/);
      // the notice of the import before stays (its undo still holds); the sheet's name is the only Chinese
      const said = (await statusText(o.page)).replace(await o.page.locator(part('notice')).textContent(), '');
      assert.doesNotMatch(said, /[\u4e00-\u9fff]/, 'Chinese in the English status');
      assert.deepEqual(await widgetForm(o.page), typed);
      assertClean(o, INDEX);
    } finally {
      await o.close();
    }
  });
});
