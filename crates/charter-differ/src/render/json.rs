//! The JSON report: the schema documented in [`crate::report::JSON_SCHEMA_MARKDOWN`]
//! (`format_version` 2): per version, one entry per distinct change, and the lists of the
//! operations that reach them, each list once however many changes share it.

use std::collections::HashMap;
use std::io;

use serde::Serialize;
use serde_json::ser::Formatter;

use super::{Change, Options, changes, info_summary};
use crate::report::{Report, VersionReport};
use crate::waivers::FULFILLED_NOTE;

/// The version of the JSON report's schema.
const FORMAT_VERSION: u32 = 2;

/// Renders the report as pretty-printed JSON, each operation of a change on one line.
#[must_use]
pub fn json(report: &Report, options: Options<'_>) -> String {
    let document = JsonReport {
        blocking: report.blocking(options.fail_on),
        fail_on: options.fail_on.as_str(),
        format_version: FORMAT_VERSION,
        fulfilled_waivers: report
            .fulfilled
            .iter()
            .map(|fulfilled| JsonFulfilled {
                file: fulfilled.file.display().to_string(),
                line: fulfilled.waiver.line,
                note: FULFILLED_NOTE,
                operation: fulfilled.waiver.operation.as_deref(),
                pointer: &fulfilled.waiver.pointer,
                reason: &fulfilled.waiver.reason,
                rule: &fulfilled.waiver.rule,
                version: fulfilled.waiver.version.as_deref(),
            })
            .collect(),
        versions: report
            .versions
            .iter()
            .map(|version| JsonVersion::new(report, version, options))
            .collect(),
    };
    let mut bytes = Vec::new();
    let mut serializer = serde_json::Serializer::with_formatter(&mut bytes, Layout::default());
    // Serializing borrowed strings and numbers into a `Vec` cannot fail.
    let _ = document.serialize(&mut serializer);
    let mut text = String::from_utf8(bytes).unwrap_or_default();
    text.push('\n');
    text
}

// The report is serialized from these borrowed views rather than built as a `serde_json::Value`
// first: a tree of maps costs a dozen allocations per finding, which made rendering as slow as
// comparing on large reports. Fields are declared in alphabetical order.

#[derive(Serialize)]
struct JsonReport<'r> {
    blocking: usize,
    fail_on: &'static str,
    format_version: u32,
    fulfilled_waivers: Vec<JsonFulfilled<'r>>,
    versions: Vec<JsonVersion<'r>>,
}

#[derive(Serialize)]
struct JsonFulfilled<'r> {
    file: String,
    line: usize,
    note: &'static str,
    operation: Option<&'r str>,
    pointer: &'r str,
    reason: &'r str,
    rule: &'r str,
    version: Option<&'r str>,
}

#[derive(Serialize)]
struct JsonVersion<'r> {
    changes: Vec<JsonChange<'r>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    client: Option<&'r str>,
    counts: JsonCounts,
    // Without `--verbose`, info changes are counted per rule here instead of listed in
    // `changes`, as the text report does: a history with 2,000 of them stays readable.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    info_summary: Vec<JsonInfoSummary<'r>>,
    operation_lists: Vec<Vec<JsonOperation<'r>>>,
    stability: &'static str,
    verdict: String,
    version: &'r str,
    warnings: Vec<JsonWarning<'r>>,
}

#[derive(Serialize)]
struct JsonInfoSummary<'r> {
    changes: usize,
    example: &'r str,
    id: &'static str,
}

#[derive(Serialize)]
struct JsonCounts {
    blocking_changes: usize,
    breaking: usize,
    changes: usize,
    info: usize,
    waived: usize,
    warning: usize,
}

#[derive(Serialize)]
struct JsonWarning<'r> {
    document: &'static str,
    message: &'r str,
    pointer: &'r str,
}

#[derive(Serialize)]
struct JsonChange<'r> {
    area: &'static str,
    base_pointer: Option<&'r str>,
    basis: &'static str,
    basis_note: Option<&'r str>,
    blocking: bool,
    direction: &'static str,
    effective_level: &'static str,
    head_pointer: Option<&'r str>,
    id: &'static str,
    impact: &'static str,
    level: &'static str,
    message: &'r str,
    operation_count: usize,
    operation_list: Option<usize>,
    pointer: &'r str,
    // Absent rather than `null` when unknown: file mode's reports stay as they were.
    #[serde(skip_serializing_if = "Option::is_none")]
    source: Option<JsonSource<'r>>,
    waived: bool,
    waiver_reason: Option<&'r str>,
}

#[derive(Clone, PartialEq, Eq, Hash, Serialize)]
struct JsonOperation<'r> {
    method: Option<&'r str>,
    path: &'r str,
    // Only where the operation's promise differs from its version's (`x-stability-level`):
    // a list of 400 operations says it once instead of 400 times.
    #[serde(skip_serializing_if = "Option::is_none")]
    stability: Option<&'static str>,
    via: Option<&'r str>,
}

#[derive(Serialize)]
struct JsonSource<'r> {
    commit: Option<&'r str>,
    file: &'r str,
    item: &'r str,
    line: usize,
    member: Option<&'r str>,
    note: Option<&'r str>,
}

impl<'r> JsonVersion<'r> {
    fn new(report: &Report, version: &'r VersionReport, options: Options<'_>) -> Self {
        let counts = version.counts();
        let changes = changes(report, version, options.fail_on);
        let mut lists = HashMap::new();
        let mut operation_lists = Vec::new();
        let info_summary = info_summary(&changes, options)
            .into_iter()
            .map(|(id, (count, first))| JsonInfoSummary {
                changes: count,
                example: &first.lead.message,
                id,
            })
            .collect();
        JsonVersion {
            counts: JsonCounts {
                blocking_changes: changes.iter().filter(|change| change.blocking).count(),
                breaking: counts.breaking,
                changes: changes.len(),
                info: counts.info,
                waived: counts.waived,
                warning: counts.warning,
            },
            info_summary,
            changes: changes
                .iter()
                .filter(|change| !options.summarizes(change))
                .map(|change| {
                    JsonChange::new(change, version.stability, &mut lists, &mut operation_lists)
                })
                .collect(),
            operation_lists,
            client: version.client.as_deref(),
            stability: version.stability.as_str(),
            verdict: version.verdict(options.fail_on),
            version: &version.name,
            warnings: version
                .warnings()
                .map(|(side, warning)| JsonWarning {
                    document: side.as_str(),
                    message: &warning.message,
                    pointer: &warning.pointer,
                })
                .collect(),
        }
    }
}

impl<'r> JsonChange<'r> {
    /// The change's entry; its operations go to `operation_lists`, unless the same list is
    /// there already (`lists` finds it).
    fn new(
        change: &Change<'r>,
        stability: crate::report::Stability,
        lists: &mut HashMap<Vec<JsonOperation<'r>>, usize>,
        operation_lists: &mut Vec<Vec<JsonOperation<'r>>>,
    ) -> Self {
        let finding = change.lead;
        let operations: Vec<JsonOperation<'r>> = change
            .findings
            .iter()
            .filter_map(|finding| {
                Some(JsonOperation {
                    method: finding.method.as_deref(),
                    path: finding.path.as_deref()?,
                    stability: (finding.stability != stability).then(|| finding.stability.as_str()),
                    via: finding.via.as_deref(),
                })
            })
            .collect();
        let operation_count = operations.len();
        let operation_list = (!operations.is_empty()).then(|| {
            *lists.entry(operations).or_insert_with_key(|operations| {
                operation_lists.push(operations.clone());
                operation_lists.len() - 1
            })
        });
        JsonChange {
            area: finding.rule.area.as_str(),
            base_pointer: finding.base_pointer.as_deref(),
            basis: finding.basis.as_str(),
            basis_note: finding.basis.note(),
            blocking: change.blocking,
            direction: finding.rule.direction.as_str(),
            effective_level: change.level.unwrap_or_else(|| finding.effective_level()).as_str(),
            head_pointer: finding.head_pointer.as_deref(),
            id: finding.rule.id,
            impact: finding.impact.as_str(),
            level: finding.rule.level.as_str(),
            message: &finding.message,
            operation_count,
            operation_list,
            pointer: finding.pointer(),
            source: finding.source.as_ref().map(|source| JsonSource {
                commit: source.commit.as_deref(),
                file: &source.file,
                item: &source.item,
                line: source.line,
                member: source.member.as_deref(),
                note: source.note.as_deref(),
            }),
            waived: change.waived(),
            waiver_reason: change.findings.iter().find_map(|finding| finding.waiver.as_deref()),
        }
    }
}

/// serde_json's pretty layout (two-space indent, `": "`), except that objects nested
/// [`INLINE_DEPTH`] deep or more, the operations of the operation lists, are written on one
/// line each: a list of hundreds of operations then takes a line per operation, not six.
#[derive(Default)]
struct Layout {
    /// How many arrays and objects are open.
    depth: usize,
    /// Whether the innermost open container has a value yet.
    has_value: bool,
}

/// The depth of an operation: report, `versions`, a version, `operation_lists`, a list, an
/// operation.
const INLINE_DEPTH: usize = 6;

impl Layout {
    fn inline(&self) -> bool {
        self.depth >= INLINE_DEPTH
    }

    fn open<W: ?Sized + io::Write>(&mut self, writer: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        writer.write_all(bracket)
    }

    fn close<W: ?Sized + io::Write>(&mut self, writer: &mut W, bracket: &[u8]) -> io::Result<()> {
        let inline = self.inline();
        self.depth -= 1;
        if self.has_value && !inline {
            writer.write_all(b"\n")?;
            self.indent(writer)?;
        }
        self.has_value = true;
        writer.write_all(bracket)
    }

    fn item<W: ?Sized + io::Write>(&mut self, writer: &mut W, first: bool) -> io::Result<()> {
        if self.inline() {
            return writer.write_all(if first { b"" } else { b", " });
        }
        writer.write_all(if first { b"\n" } else { b",\n" })?;
        self.indent(writer)
    }

    fn indent<W: ?Sized + io::Write>(&self, writer: &mut W) -> io::Result<()> {
        for _ in 0..self.depth {
            writer.write_all(b"  ")?;
        }
        Ok(())
    }
}

impl Formatter for Layout {
    fn begin_array<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.open(writer, b"[")
    }

    fn end_array<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.close(writer, b"]")
    }

    fn begin_array_value<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.item(writer, first)
    }

    fn end_array_value<W: ?Sized + io::Write>(&mut self, _writer: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.open(writer, b"{")
    }

    fn end_object<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.close(writer, b"}")
    }

    fn begin_object_key<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.item(writer, first)
    }

    fn begin_object_value<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        writer.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + io::Write>(&mut self, _writer: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}
