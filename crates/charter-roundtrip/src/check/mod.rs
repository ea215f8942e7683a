//! The checks [`Harness`](crate::Harness) runs on each document, one module each.
//!
//! - [`fixtures`]: every fixture through the contract type, the document and the client.
//! - `generated` (feature `proptest`): generated values of every registered type, the same way.
//! - [`scaffolds`]: what `cargo xtask fixtures` would write is accepted or rejected as meant.

pub(crate) mod fixtures;
#[cfg(feature = "proptest")]
pub(crate) mod generated;
pub(crate) mod scaffolds;
