//! The files of a new workspace: every file under `crates/charter-cli/templates/`, embedded,
//! with where it goes and its placeholders.
//!
//! A template is named like the file it becomes, except where the name would mean something
//! to the tools working on Charter itself: `Cargo.toml.tmpl` (a `Cargo.toml` would make its
//! directory a package that `cargo package` leaves out), `dot-gitignore`, `dot-cargo/` and
//! `dot-ci/`. A test fails when a file under `templates/` is not listed here.
//!
//! Placeholders, in paths and contents:
//!
//! | placeholder | e.g. |
//! | --- | --- |
//! | `{{name}}` | `stock-keeping` |
//! | `{{name_snake}}` | `stock_keeping` |
//! | `{{Title}}` | `Stock Keeping` |
//! | `{{charter_dependencies}}` | `charter-contract = "0.1.0"`, one line per Charter crate |
//!
//! Sections, in contents: a line `{{#postgres}}` (or `redis`, or `services`: either of them)
//! up to a line `{{/postgres}}` is kept, without those two lines, only with the flag;
//! `{{^postgres}}` … `{{/postgres}}` only without it. Without flags every section goes, so the
//! files are those of a workspace from before the flags existed.
//!
//! [`OPTIONAL`] lists the files only a flag writes, under `templates/postgres/` and
//! `templates/redis/`: one at a path [`TEMPLATES`] has replaces that file.

/// One embedded template.
#[derive(Debug)]
pub(super) struct Template {
    /// Its file under `templates/` (read by the test that every file there is listed).
    #[cfg_attr(not(test), allow(dead_code))]
    pub(super) source: &'static str,
    /// Where it goes in the new workspace, with placeholders.
    pub(super) path: &'static str,
    /// Its text, with placeholders.
    pub(super) text: &'static str,
    /// Whether the file is a program to run.
    pub(super) executable: bool,
}

/// `template!("Cargo.toml.tmpl" => "Cargo.toml")`, or `template!("x.json")` where the two agree.
macro_rules! template {
    ($source:literal => $path:literal $(, $executable:ident)?) => {
        Template {
            source: $source,
            path: $path,
            text: include_str!(concat!("../../templates/", $source)),
            executable: false $(|| $executable)?,
        }
    };
    ($path:literal) => {
        template!($path => $path)
    };
}

/// Marks a template as executable in `template!`.
const EXECUTABLE: bool = true;

/// Every file of a new workspace but its lock file, in the order they are written.
pub(super) const TEMPLATES: &[Template] = &[
    template!("Cargo.toml.tmpl" => "Cargo.toml"),
    template!("README.md"),
    template!("dot-gitignore" => ".gitignore"),
    template!("dot-cargo/config.toml" => ".cargo/config.toml"),
    template!("dot-ci/run" => ".ci/run", EXECUTABLE),
    // The contract.
    template!("contracts/Cargo.toml.tmpl" => "contracts/Cargo.toml"),
    template!("contracts/src/lib.rs"),
    template!("contracts/src/v1.rs"),
    template!("contracts/waivers.toml"),
    // The tasks.
    template!("xtask/Cargo.toml.tmpl" => "xtask/Cargo.toml"),
    template!("xtask/src/main.rs"),
    template!("xtask/src/tests.rs"),
    // The service, the round trips and the end-to-end tests.
    template!("tests/server/Cargo.toml.tmpl" => "tests/server/Cargo.toml"),
    template!("tests/server/src/lib.rs"),
    template!("tests/roundtrip/Cargo.toml.tmpl" => "tests/roundtrip/Cargo.toml"),
    template!("tests/roundtrip/src/lib.rs"),
    template!("tests/e2e/Cargo.toml.tmpl" => "tests/e2e/Cargo.toml"),
    template!("tests/e2e/src/lib.rs"),
    // Replaced by the first `cargo xtask openapi`.
    template!(
        "generated-client/Cargo.toml.tmpl" => "generated/clients/{{name}}-client-v1/Cargo.toml"
    ),
    template!("generated-client/src/lib.rs" => "generated/clients/{{name}}-client-v1/src/lib.rs"),
    // At least one valid and one invalid payload per component schema.
    template!("fixtures/v1/ErrorBody/example.json"),
    template!("fixtures/v1/ErrorBody/invalid/details-empty.json"),
    template!("fixtures/v1/ErrorBody/invalid/details-null.json"),
    template!("fixtures/v1/ErrorBody/invalid/missing-code.json"),
    template!("fixtures/v1/ErrorBody/invalid/unknown-code.json"),
    template!("fixtures/v1/ErrorCode/example.json"),
    template!("fixtures/v1/ErrorCode/invalid/http-status-instead.json"),
    template!("fixtures/v1/ErrorCode/invalid/unknown-code.json"),
    template!("fixtures/v1/ErrorCode/invalid/upper-case.json"),
    template!("fixtures/v1/ErrorEnvelope/example.json"),
    template!("fixtures/v1/ErrorEnvelope/invalid/empty.json"),
    template!("fixtures/v1/ErrorEnvelope/invalid/error-is-a-string.json"),
    template!("fixtures/v1/ErrorEnvelope/invalid/not-enveloped.json"),
    template!("fixtures/v1/FieldError/example.json"),
    template!("fixtures/v1/FieldError/invalid/fields-as-array.json"),
    template!("fixtures/v1/FieldError/invalid/missing-message.json"),
    template!("fixtures/v1/Health/example.json"),
    template!("fixtures/v1/Health/invalid/missing-checks.json"),
    template!("fixtures/v1/Health/invalid/unknown-status.json"),
    template!("fixtures/v1/HealthCheck/example.json"),
    template!("fixtures/v1/HealthCheck/invalid/missing-name.json"),
    template!("fixtures/v1/HealthCheck/invalid/negative-duration.json"),
    template!("fixtures/v1/HealthStatus/example.json"),
    template!("fixtures/v1/HealthStatus/invalid/boolean.json"),
    template!("fixtures/v1/HealthStatus/invalid/unknown.json"),
    template!("fixtures/v1/Item/example.json"),
    template!("fixtures/v1/Item/invalid/created-at-with-space.json"),
    template!("fixtures/v1/Item/invalid/id-not-a-uuid.json"),
    template!("fixtures/v1/Item/invalid/missing-created-at.json"),
    template!("fixtures/v1/ItemId/example.json"),
    template!("fixtures/v1/ItemId/invalid/truncated.json"),
    template!("fixtures/v1/ItemId/invalid/without-hyphens.json"),
    template!("fixtures/v1/ItemList/example.json"),
    template!("fixtures/v1/ItemList/invalid/missing-total.json"),
    template!("fixtures/v1/ItemList/invalid/page-zero.json"),
    template!("fixtures/v1/ItemName/example.json"),
    template!("fixtures/v1/ItemName/invalid/empty.json"),
    template!("fixtures/v1/ItemName/invalid/null.json"),
    template!("fixtures/v1/ItemName/invalid/too-long.json"),
    template!("fixtures/v1/NewItem/example.json"),
    template!("fixtures/v1/NewItem/invalid/empty-name.json"),
    template!("fixtures/v1/NewItem/invalid/fields-as-array.json"),
    template!("fixtures/v1/NewItem/invalid/unknown-field-id.json"),
    template!("fixtures/v1/Page/example.json"),
    template!("fixtures/v1/Page/invalid/string.json"),
    template!("fixtures/v1/Page/invalid/too-large.json"),
    template!("fixtures/v1/Page/invalid/zero.json"),
    template!("fixtures/v1/PerPage/example.json"),
    template!("fixtures/v1/PerPage/invalid/too-large.json"),
    template!("fixtures/v1/PerPage/invalid/zero.json"),
];

/// The flag that writes an optional template.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum When {
    /// `--postgres`.
    Postgres,
    /// `--redis`.
    Redis,
}

/// The files only a flag writes, each after [`TEMPLATES`] in this order.
pub(super) const OPTIONAL: &[(When, Template)] = &[
    (When::Postgres, template!("postgres/tests/server/src/lib.rs" => "tests/server/src/lib.rs")),
    (
        When::Postgres,
        template!("postgres/tests/server/src/store.rs" => "tests/server/src/store.rs"),
    ),
    (
        When::Postgres,
        template!("postgres/tests/server/src/postgres.rs" => "tests/server/src/postgres.rs"),
    ),
    (
        When::Postgres,
        template!(
            "postgres/tests/server/migrations/0001_items.sql" => "tests/server/migrations/0001_items.sql"
        ),
    ),
    (
        When::Postgres,
        template!("postgres/tests/e2e/tests/postgres.rs" => "tests/e2e/tests/postgres.rs"),
    ),
    (When::Redis, template!("redis/tests/e2e/tests/redis.rs" => "tests/e2e/tests/redis.rs")),
];

/// What the placeholders stand for.
#[derive(Debug)]
pub(super) struct Placeholders {
    /// `{{name}}`.
    pub(super) name: String,
    /// `{{name_snake}}`.
    pub(super) name_snake: String,
    /// `{{Title}}`.
    pub(super) title: String,
    /// `{{charter_dependencies}}`.
    pub(super) charter_dependencies: String,
    /// `--postgres`: `{{#postgres}}` sections.
    pub(super) postgres: bool,
    /// `--redis`: `{{#redis}}` sections.
    pub(super) redis: bool,
}

impl Placeholders {
    /// `text` with its sections kept or dropped and every placeholder replaced.
    pub(super) fn fill(&self, text: &str) -> String {
        self.sections(text)
            .replace("{{name}}", &self.name)
            .replace("{{name_snake}}", &self.name_snake)
            .replace("{{Title}}", &self.title)
            .replace("{{charter_dependencies}}", &self.charter_dependencies)
    }

    /// Whether the flag a section names is on; `None` for a word that names no flag.
    fn flag(&self, word: &str) -> Option<bool> {
        match word {
            "postgres" => Some(self.postgres),
            "redis" => Some(self.redis),
            "services" => Some(self.postgres || self.redis),
            _ => None,
        }
    }

    /// `text` with the lines of each section kept or dropped, and the marker lines dropped.
    /// Sections nest; a text without markers comes back as it was.
    fn sections(&self, text: &str) -> String {
        if !text.contains("{{#") && !text.contains("{{^") {
            return text.to_owned();
        }
        let mut kept = String::with_capacity(text.len());
        // Whether the lines of each open section are kept.
        let mut open: Vec<bool> = Vec::new();
        for line in text.split_inclusive('\n') {
            let marker = line.trim().strip_prefix("{{").and_then(|rest| rest.strip_suffix("}}"));
            let parsed = marker.and_then(|marker| {
                let (kind, word) = marker.split_at(marker.len().min(1));
                self.flag(word).map(|on| (kind, on))
            });
            match parsed {
                Some(("#", on)) => open.push(on),
                Some(("^", on)) => open.push(!on),
                Some(("/", _)) => {
                    open.pop();
                }
                _ if open.iter().all(|&on| on) => kept.push_str(line),
                _ => {}
            }
        }
        kept
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;
    use std::path::Path;

    use super::*;

    fn files_under(dir: &Path, prefix: &str, found: &mut BTreeSet<String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let entry = entry.unwrap();
            let name = format!("{prefix}{}", entry.file_name().to_string_lossy());
            if entry.file_type().unwrap().is_dir() {
                files_under(&entry.path(), &format!("{name}/"), found);
            } else {
                found.insert(name);
            }
        }
    }

    #[test]
    fn every_file_under_templates_is_listed_once() {
        let mut on_disk = BTreeSet::new();
        files_under(&Path::new(env!("CARGO_MANIFEST_DIR")).join("templates"), "", &mut on_disk);
        let optional = OPTIONAL.iter().map(|(_, template)| template);
        let listed: Vec<&str> =
            TEMPLATES.iter().chain(optional).map(|template| template.source).collect();
        let listed_set: BTreeSet<String> = listed.iter().map(|s| (*s).to_owned()).collect();
        assert_eq!(listed.len(), listed_set.len(), "a template is listed twice");
        let unlisted: Vec<_> = on_disk.difference(&listed_set).collect();
        assert!(
            unlisted.is_empty(),
            "add these to TEMPLATES in src/new/templates.rs: {unlisted:?}"
        );
    }

    #[test]
    fn sections_keep_their_lines_only_with_their_flag() {
        let text = "a\n{{#postgres}}\npg\n{{#redis}}\nboth\n{{/redis}}\n{{/postgres}}\n\
                    {{^services}}\nnone\n{{/services}}\n{{#redis}}\nredis\n{{/redis}}\nz {{x}}\n";
        let fill = |postgres, redis| {
            let placeholders = Placeholders {
                name: String::new(),
                name_snake: String::new(),
                title: String::new(),
                charter_dependencies: String::new(),
                postgres,
                redis,
            };
            placeholders.sections(text)
        };
        assert_eq!(fill(false, false), "a\nnone\nz {{x}}\n");
        assert_eq!(fill(true, false), "a\npg\nz {{x}}\n");
        assert_eq!(fill(false, true), "a\nredis\nz {{x}}\n");
        assert_eq!(fill(true, true), "a\npg\nboth\nredis\nz {{x}}\n");
    }

    #[test]
    fn every_component_schema_has_an_example_and_an_invalid_case() {
        let schemas: BTreeSet<&str> = TEMPLATES
            .iter()
            .filter_map(|template| template.path.strip_prefix("fixtures/v1/"))
            .filter_map(|rest| rest.split_once('/').map(|(schema, _)| schema))
            .collect();
        for schema in &schemas {
            let has = |suffix: &str| {
                TEMPLATES.iter().any(|template| {
                    template.path.starts_with(&format!("fixtures/v1/{schema}/{suffix}"))
                })
            };
            assert!(has("example.json") && has("invalid/"), "fixtures/v1/{schema}");
        }
        let shared = [
            "ErrorBody",
            "ErrorCode",
            "ErrorEnvelope",
            "FieldError",
            "Health",
            "HealthCheck",
            "HealthStatus",
        ];
        assert!(shared.iter().all(|schema| schemas.contains(schema)), "{schemas:?}");
    }
}
