//! The JSON report: the schema documented in [`crate::report::JSON_SCHEMA_MARKDOWN`].

use serde_json::{Value, json};

use super::Options;
use crate::report::{FailOn, Report};

/// Renders the report as pretty-printed JSON.
#[must_use]
pub fn json(report: &Report, options: Options) -> String {
    let versions: Vec<Value> = report
        .versions
        .iter()
        .map(|version| {
            let counts = version.counts();
            let warnings: Vec<Value> = version
                .warnings()
                .map(|(side, warning)| {
                    json!({
                        "document": side.as_str(),
                        "pointer": warning.pointer,
                        "message": warning.message,
                    })
                })
                .collect();
            let findings: Vec<Value> = version
                .findings
                .iter()
                .map(|finding| {
                    json!({
                        "id": finding.rule.id,
                        "level": finding.rule.level.as_str(),
                        "effective_level": finding.effective_level().as_str(),
                        "direction": finding.rule.direction.as_str(),
                        "area": finding.rule.area.as_str(),
                        "version": finding.version,
                        "method": finding.method,
                        "path": finding.path,
                        "base_pointer": finding.base_pointer,
                        "head_pointer": finding.head_pointer,
                        "message": finding.message,
                        "via": finding.via,
                        "stability": finding.stability.as_str(),
                        "waived": finding.waiver.is_some(),
                        "waiver_reason": finding.waiver,
                        "blocking": finding.is_blocking(options.fail_on),
                    })
                })
                .collect();
            json!({
                "version": version.name,
                "stability": version.stability.as_str(),
                "verdict": version.verdict(options.fail_on),
                "counts": {
                    "breaking": counts.breaking,
                    "warning": counts.warning,
                    "info": counts.info,
                    "waived": counts.waived,
                },
                "warnings": warnings,
                "findings": findings,
            })
        })
        .collect();
    let document = json!({
        "format_version": 1,
        "fail_on": match options.fail_on {
            FailOn::Breaking => "breaking",
            FailOn::Warning => "warning",
        },
        "blocking": report.blocking(options.fail_on),
        "versions": versions,
    });
    let mut text = serde_json::to_string_pretty(&document).unwrap_or_default();
    text.push('\n');
    text
}
