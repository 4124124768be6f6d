// The workbook module (`jixiao/office.js`), fetched only by pages that read or write a workbook.
// Call its init() once first: until then each function throws `api.notLoaded`.
import initModule, * as glue from './office/jixiao_office.js';

let loaded = false;

export default async function init(source) {
  const exports = await initModule(source);
  loaded = true;
  return exports;
}

export function initSync(source) {
  const exports = glue.initSync(source);
  loaded = true;
  return exports;
}

const guard =
  (call) =>
  (...args) => {
    if (loaded) return call(...args);
    const en = /^en(-|$)/i.test(String(args[1]?.lang ?? ''));
    const error = new Error(
      en
        ? 'The workbook module is not loaded yet: call and await its init() first'
        : '工作簿模块尚未加载：请先调用其 init() 并等待其完成',
    );
    error.code = 'api.notLoaded';
    throw error;
  };

export const readWorkbook = guard(glue.readWorkbook);
export const exportWorkbook = guard(glue.exportWorkbook);
export const version = guard(glue.version);
