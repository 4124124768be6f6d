// The package's workbook module (`jixiao/office.js`): read .xlsx and .xls workbooks into forms,
// and write a form as an .xlsx 自评表. A WebAssembly module of its own (office/jixiao_office*),
// so that pages which never touch a workbook never download it: import this file when someone
// imports or exports one, and call its default export (init) once before the functions.
export { default, initSync, readWorkbook, exportWorkbook, version } from './office/jixiao_office.js';
