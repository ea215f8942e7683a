//! Direction-aware breaking-change detection between two OpenAPI 3.0 or 3.1 documents.
//!
//! ```text
//!   bytes ──load──▶ Document ──compare──▶ Vec<Finding> ──Report──▶ waivers, policy ──render──▶ text/json/markdown/github
//! ```
//!
//! - [`load`]: JSON or YAML into a checked [`Document`] (typed [`LoadError`]s with file, line
//!   and column; loose documents read with warnings); OpenAPI 3.1's spellings of 3.0 meanings
//!   (`type: [X, "null"]`, `const`, `$ref` with siblings, …) are read as the 3.0 ones, so the
//!   same API in either version compares as no change.
//! - [`rules`]: the registry: every rule's id, level, direction, area and documentation;
//!   [`rules::catalogue_markdown`] renders the catalogue a repository commits.
//! - [`Context`]: the texts that name the repository (commands, waiver file, catalogue), given
//!   by the front end; the crate itself names none.
//! - `compare`: paths matched by template shape, operations by method, then parameters,
//!   bodies, responses, security; schemas through a memoized pair graph judged by direction.
//! - [`report`]: [`Finding`], [`Report`], stability and `--fail-on` policy.
//! - [`waivers`]: acknowledging a change on purpose with a reason; what identifies a change.
//! - [`mod@render`]: text, JSON, Markdown, GitHub workflow commands.
//! - [`files`]: the whole run of a front end's file mode ([`diff_files`]: two paths in, the
//!   rendered report and the [`Verdict`] out), and [`judge`] for reports built otherwise.
//!
//! A breaking change is a [`Finding`], never an error; errors are inputs that cannot be read.
//!
//! **Invariants.** Nothing panics on any input: documents are bounded in size
//! ([`load::MAX_DOCUMENT_BYTES`]), in the memory their parsed tree takes
//! ([`load::PARSED_BYTES_PER_BYTE`] times the size limit) and in depth ([`load::MAX_DEPTH`]);
//! every error is one line naming the document and the place; schema comparison uses a
//! work list, not recursion, and compares each (base schema, head schema, direction) once, so
//! recursive schemas terminate and shared components cost nothing extra. `$ref`s are resolved
//! by pointer, never copied.
//!
//! # Example
//!
//! ```
//! use charter_differ::{Document, FailOn, Report, Stability, VersionReport};
//! use std::sync::Arc;
//!
//! let base = Document::parse("base.yaml", br#"
//! openapi: 3.0.3
//! info: {title: t, version: '1'}
//! paths:
//!   /pets:
//!     get:
//!       responses:
//!         200:
//!           description: ok
//!           content:
//!             application/json:
//!               schema: {type: object, required: [name], properties: {name: {type: string}}}
//! "#).unwrap();
//! let head = Document::parse("head.yaml", br#"
//! openapi: 3.0.3
//! info: {title: t, version: '1'}
//! paths:
//!   /pets:
//!     get:
//!       responses:
//!         200:
//!           description: ok
//!           content:
//!             application/json:
//!               schema: {type: object, properties: {name: {type: string}}}
//! "#).unwrap();
//! let version = VersionReport::compare("api", Stability::Stable, Some(Arc::new(base)), Some(Arc::new(head)));
//! let report = Report::new(vec![version]);
//! assert_eq!(report.blocking(FailOn::Breaking), 1);
//! assert_eq!(report.versions[0].findings[0].rule.id, "response-property-became-optional");
//! ```
//!
#![doc = include_str!("../JSON-REPORT.md")]

mod compare;
mod context;
pub mod error;
pub mod excerpt;
pub mod files;
pub mod load;
pub mod pointer;
pub mod render;
pub mod report;
pub mod respell;
pub mod rules;
pub mod waivers;

pub use compare::diff;
pub use context::Context;
pub use error::{Error, LoadError, WaiverError};
pub use files::{Outcome, Verdict, compare_files, diff_files, judge};
pub use load::{Document, LoadWarning};
pub use render::{Format, Options, render};
pub use report::{
    Basis, FailOn, Finding, Impact, Report, Side, SourceLocation, Stability, VersionReport,
};
pub use rules::{Area, Direction, Level, Rule};
pub use waivers::{Fulfilled, Waiver, Waivers};
