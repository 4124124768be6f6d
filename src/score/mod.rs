//! Stage 3, [`Model`](crate::model::Model) → scores and findings: each leaf by its rule (`leaf`),
//! the indicator tree's subtotals and total (`tree`), the budget table (`budget`), the grade
//! (`grade`), the header and the unit's claims (`claims`), all held in one [`Evaluation`] that a
//! typed cell refreshes in part.

pub mod budget;
pub mod claims;
pub mod evaluation;
pub mod grade;
pub mod leaf;
pub mod rows;
pub mod tree;

pub use evaluation::Evaluation;
