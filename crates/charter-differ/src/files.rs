//! File mode, the whole run every front end shares: two documents and a waiver file in, the
//! rendered report and the verdict out. A front end parses its flags into [`Format`] and
//! [`Options`], calls [`diff_files`], prints [`Outcome::rendered`] and exits with
//! [`Outcome::exit_code`]; on an error it prints the error's one line and exits 2.
//!
//! Front ends that build their own [`Report`] (one version per API version, say) finish it
//! with [`judge`], so that waivers, rendering and the verdict work alike everywhere.

use std::path::Path;
use std::sync::Arc;

use crate::error::{Error, LoadError};
use crate::load::Document;
use crate::render::{Format, Options, render};
use crate::report::{Report, Stability, VersionReport};
use crate::waivers::Waivers;

/// Whether the run lets the change through.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// No finding blocks (waived ones and warnings below `--fail-on` do not).
    Pass,
    /// At least one finding blocks.
    Fail,
}

impl Verdict {
    /// The process exit code: 0 for [`Verdict::Pass`], 1 for [`Verdict::Fail`]. (Input errors
    /// are 2.)
    #[must_use]
    pub const fn exit_code(self) -> u8 {
        match self {
            Verdict::Pass => 0,
            Verdict::Fail => 1,
        }
    }
}

/// A finished comparison: the report, what to print and the verdict.
#[derive(Debug)]
pub struct Outcome {
    /// The report, waivers applied.
    pub report: Report,
    /// The report rendered in the requested format.
    pub rendered: String,
    /// Whether anything blocks.
    pub verdict: Verdict,
}

impl Outcome {
    /// The process exit code, see [`Verdict::exit_code`].
    #[must_use]
    pub const fn exit_code(&self) -> u8 {
        self.verdict.exit_code()
    }
}

/// Compares two files, JSON or YAML, as one stable "version" named after the head file, with
/// the waivers of the file `waivers` (which must exist) when given, and renders the report.
///
/// # Errors
/// When either document cannot be read as an OpenAPI 3.0 or 3.1 document, or the waiver file
/// cannot be read or holds a malformed waiver. A waiver that matches nothing is no error: it is a note
/// of the report.
///
/// # Example
///
/// ```no_run
/// use charter_differ::{Context, Format, Options, diff_files};
/// use std::path::Path;
///
/// let context = Context {
///     command: "charter diff",
///     waivers: "a file passed with `--waivers`",
///     catalogue: "https://example.com/rules.md",
/// };
/// let outcome = diff_files(
///     Path::new("old.yaml"),
///     Path::new("new.json"),
///     None,
///     Format::Text,
///     Options::new(context),
/// )?;
/// print!("{}", outcome.rendered);
/// std::process::exit(outcome.exit_code().into());
/// # Ok::<(), charter_differ::Error>(())
/// ```
pub fn diff_files(
    base: &Path,
    head: &Path,
    waivers: Option<&Path>,
    format: Format,
    options: Options<'_>,
) -> Result<Outcome, Error> {
    let waivers = match waivers {
        Some(path) => Waivers::read(path, &options.context)?,
        None => Waivers::none(),
    };
    let report = compare_files(base, head)?;
    Ok(judge(report, &waivers, format, options))
}

/// Applies `waivers` to `report`, renders it and decides the verdict under `options.fail_on`.
#[must_use]
pub fn judge(
    mut report: Report,
    waivers: &Waivers,
    format: Format,
    options: Options<'_>,
) -> Outcome {
    report.apply_waivers(waivers);
    let rendered = render(&report, format, options);
    let verdict = if report.blocking(options.fail_on) > 0 { Verdict::Fail } else { Verdict::Pass };
    Outcome { report, rendered, verdict }
}

/// Compares two files (JSON or YAML) in file mode: one "version" named after the head file,
/// every finding counted as stable. The two files are read and parsed in parallel.
///
/// # Errors
/// When either file cannot be read as an OpenAPI 3.0 or 3.1 document.
pub fn compare_files(base: &Path, head: &Path) -> Result<Report, LoadError> {
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
    Ok(Report::new(vec![VersionReport::compare(
        &name,
        Stability::Stable,
        Some(Arc::new(base)),
        Some(Arc::new(head)),
    )]))
}
