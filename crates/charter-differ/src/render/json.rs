//! The JSON report: the schema documented in [`crate::report::JSON_SCHEMA_MARKDOWN`].

use serde::Serialize;

use super::Options;
use crate::report::{Report, VersionReport};
use crate::waivers::FULFILLED_NOTE;

/// Renders the report as pretty-printed JSON.
#[must_use]
pub fn json(report: &Report, options: Options<'_>) -> String {
    let document = JsonReport {
        blocking: report.blocking(options.fail_on),
        fail_on: options.fail_on.as_str(),
        format_version: 1,
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
            .map(|version| JsonVersion::new(version, options))
            .collect(),
    };
    let mut text = serde_json::to_string_pretty(&document).unwrap_or_default();
    text.push('\n');
    text
}

// The report is serialized from these borrowed views rather than built as a `serde_json::Value`
// first: a tree of maps costs a dozen allocations per finding, which made rendering as slow as
// comparing on large reports. Fields are declared in alphabetical order, the order the keys
// of a `Value` map are printed in, so the bytes are the same.

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
    #[serde(skip_serializing_if = "Option::is_none")]
    client: Option<&'r str>,
    counts: JsonCounts,
    findings: Vec<JsonFinding<'r>>,
    stability: &'static str,
    verdict: String,
    version: &'r str,
    warnings: Vec<JsonWarning<'r>>,
}

#[derive(Serialize)]
struct JsonCounts {
    breaking: usize,
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
struct JsonFinding<'r> {
    area: &'static str,
    base_pointer: Option<&'r str>,
    blocking: bool,
    direction: &'static str,
    effective_level: &'static str,
    head_pointer: Option<&'r str>,
    id: &'static str,
    level: &'static str,
    message: &'r str,
    method: Option<&'r str>,
    path: Option<&'r str>,
    pointer: &'r str,
    // Absent rather than `null` when unknown: file mode's reports stay as they were.
    #[serde(skip_serializing_if = "Option::is_none")]
    source: Option<JsonSource<'r>>,
    stability: &'static str,
    version: &'r str,
    via: Option<&'r str>,
    waived: bool,
    waiver_reason: Option<&'r str>,
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
    fn new(version: &'r VersionReport, options: Options<'_>) -> Self {
        let counts = version.counts();
        JsonVersion {
            counts: JsonCounts {
                breaking: counts.breaking,
                info: counts.info,
                waived: counts.waived,
                warning: counts.warning,
            },
            findings: version
                .findings
                .iter()
                .map(|finding| JsonFinding {
                    area: finding.rule.area.as_str(),
                    base_pointer: finding.base_pointer.as_deref(),
                    blocking: finding.is_blocking(options.fail_on),
                    direction: finding.rule.direction.as_str(),
                    effective_level: finding.effective_level().as_str(),
                    head_pointer: finding.head_pointer.as_deref(),
                    id: finding.rule.id,
                    level: finding.rule.level.as_str(),
                    message: &finding.message,
                    method: finding.method.as_deref(),
                    path: finding.path.as_deref(),
                    pointer: finding.pointer(),
                    source: finding.source.as_ref().map(|source| JsonSource {
                        commit: source.commit.as_deref(),
                        file: &source.file,
                        item: &source.item,
                        line: source.line,
                        member: source.member.as_deref(),
                        note: source.note.as_deref(),
                    }),
                    stability: finding.stability.as_str(),
                    version: &finding.version,
                    via: finding.via.as_deref(),
                    waived: finding.waiver.is_some(),
                    waiver_reason: finding.waiver.as_deref(),
                })
                .collect(),
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
