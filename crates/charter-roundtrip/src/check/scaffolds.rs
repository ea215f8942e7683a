//! What `cargo xtask fixtures` scaffolds is a sound starting point: the valid scaffold of every
//! component passes its schema and its contract type, the invalid one fails both, so a person
//! editing them starts from something the checks accept.

use crate::harness::{Check, Report, Target};
use crate::scaffold;
use crate::validator::joined;

/// Checks the scaffolds of every component of `target` that has a contract type.
pub(crate) fn check(target: &Target<'_>, report: &mut Report) {
    let components = &target.document.schemas;
    for schema in &target.schemas {
        let (name, rust_type) = (schema.name, schema.named.rust_type);
        let at = format!("{} {name}", target.document.version);
        report.scaffolds += 1;
        if let Some(valid) = scaffold::valid(components, name) {
            let violations = target.validators.violations(name, &valid);
            if !violations.is_empty() {
                report.fail(
                    Check::Scaffold,
                    format!(
                        "{at}: the scaffold {valid} breaks the schema: {}",
                        joined(&violations)
                    ),
                );
            }
            if let Err(error) = (schema.named.round_trip)(valid.clone()) {
                report.fail(
                    Check::Scaffold,
                    format!(
                        "{at}: the scaffold {valid} breaks the contract type {rust_type}: {error}"
                    ),
                );
            }
        }
        if let Some((case, invalid)) = scaffold::invalid(components, name) {
            if target.validators.violations(name, &invalid).is_empty() {
                report.fail(
                    Check::Scaffold,
                    format!("{at}: the invalid scaffold {case} {invalid} passes the schema"),
                );
            }
            if (schema.named.round_trip)(invalid.clone()).is_ok() {
                report.fail(
                    Check::Scaffold,
                    format!(
                        "{at}: the invalid scaffold {case} {invalid} passes the contract type \
                         {rust_type}"
                    ),
                );
            }
        }
    }
}
