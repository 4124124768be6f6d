// The workbook module's entry point (office.js): the declarations of its generated glue.
export * from './office/jixiao_office.js';
export { default, initSync } from './office/jixiao_office.js';
