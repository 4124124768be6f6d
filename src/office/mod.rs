//! Office files around the engine: Excel and WPS workbooks (.xlsx, .xls) read into the form the
//! engine scores, with every value's cell kept, and a form written back as a workbook.
//!
//! Nothing here is loaded by the scoring page: `wasm.rs` does not reach it, so the linker leaves it
//! out of the module every portal downloads (`make size` holds that). It takes bytes, never a path.
//! Binary floats live here and only here: a workbook stores numbers as floats, and [`display`]
//! turns each into the decimal text its cell shows before the engine sees it.

pub mod display;
pub mod export;
mod hidden;
pub mod workbook;
