//! Direction-aware breaking-change detection between two OpenAPI 3.0 documents.
//!
//! ```text
//!   bytes ──load──▶ Document ──compare──▶ Vec<Finding> ──Report──▶ waivers, policy ──render──▶ text/json/markdown/github
//! ```
//!
//! - [`load`]: JSON or YAML into a checked [`Document`] (typed [`LoadError`]s with file, line
//!   and column; loose documents read with warnings).
//! - [`rules`]: the registry: every rule's id, level, direction, area and documentation;
//!   [`rules::catalogue_markdown`] renders `generated/RULES.md`.
//! - `compare`: paths matched by template shape, operations by method, then parameters,
//!   bodies, responses, security; schemas through a memoized pair graph judged by direction.
//! - [`report`]: [`Finding`], [`Report`], stability and `--fail-on` policy.
//! - [`waivers`]: acknowledging findings with a reason.
//! - [`mod@render`]: text, JSON, Markdown, GitHub workflow commands.
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
//! let report = Report { versions: vec![version] };
//! assert_eq!(report.blocking(FailOn::Breaking), 1);
//! assert_eq!(report.versions[0].findings[0].rule.id, "response-property-became-optional");
//! ```
//!
#![doc = include_str!("../JSON-REPORT.md")]

mod compare;
pub mod error;
pub mod excerpt;
pub mod load;
pub mod pointer;
pub mod render;
pub mod report;
pub mod rules;
pub mod waivers;

pub use compare::diff;
pub use error::{LoadError, WaiverError};
pub use load::{Document, LoadWarning};
pub use render::{Format, Options, render};
pub use report::{FailOn, Finding, Report, Side, Stability, VersionReport};
pub use rules::{Area, Direction, Level, Rule};
pub use waivers::{Waiver, Waivers};

/// Compares two files (JSON or YAML) in file mode: one "version" named after the head file,
/// every finding counted as stable. The two files are read and parsed in parallel.
///
/// # Errors
/// When either file cannot be read as an OpenAPI 3.0 document.
pub fn compare_files(base: &std::path::Path, head: &std::path::Path) -> Result<Report, LoadError> {
    let (base, head) = std::thread::scope(|scope| {
        let base = scope.spawn(|| Document::read(base));
        let head = Document::read(head);
        (base.join(), head)
    });
    let base = match base {
        Ok(base) => base?,
        Err(panic) => std::panic::resume_unwind(panic),
    };
    let head = head?;
    let name = head.name().to_owned();
    Ok(Report {
        versions: vec![VersionReport::compare(
            &name,
            Stability::Stable,
            Some(std::sync::Arc::new(base)),
            Some(std::sync::Arc::new(head)),
        )],
    })
}
