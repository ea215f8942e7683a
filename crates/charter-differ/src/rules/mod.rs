//! The rule registry: every kind of change the differ reports, with its stable id, level,
//! direction, area and documentation.
//!
//! One file per rule family, as in oasdiff's `checker/`: `paths` (endpoints, operation ids,
//! stability, versions), `parameters`, `request_body`, `responses` (status codes, media
//! types, headers), `security`, `request_schema` and `response_schema` (schema changes
//! judged from the client's side of a request or a response). [`all`] lists them all; the
//! comparison refers to rules by constant, so an id is written exactly once.
//!
//! Adding a rule: one constant in its family file, its entry in that file's `RULES`, one
//! fixture pair in the rule fixtures (`tests/rules.rs` says where), then
//! `CHARTER_BLESS=1 cargo test -p charter-differ`, and regenerate the catalogue of each
//! repository that commits one ([`catalogue_markdown`]).

use std::fmt::{self, Write as _};

use crate::context::Context;

pub(crate) mod parameters;
pub(crate) mod paths;
pub(crate) mod request_body;
pub(crate) mod request_schema;
pub(crate) mod response_schema;
pub(crate) mod responses;
pub(crate) mod security;

/// How much a change matters to existing clients.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    /// Worth knowing, harmless to existing clients.
    Info,
    /// May affect some clients; a person should look.
    Warning,
    /// Breaks existing clients.
    Breaking,
}

impl Level {
    /// `info`, `warning` or `breaking`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Level::Info => "info",
            Level::Warning => "warning",
            Level::Breaking => "breaking",
        }
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Which way the data a rule judges flows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Direction {
    /// Client to server: breaking when the new document rejects what the old one accepted.
    Request,
    /// Server to client: breaking when the new document allows what the old one did not.
    Response,
    /// Neither: endpoints, security, stability.
    None,
}

impl Direction {
    /// `request`, `response` or `none`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Direction::Request => "request",
            Direction::Response => "response",
            Direction::None => "none",
        }
    }
}

impl fmt::Display for Direction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The part of a document a rule looks at.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Area {
    /// Versions, paths, operations, operation ids, stability levels.
    Paths,
    /// Path, query, header and cookie parameters.
    Parameters,
    /// Request bodies and their media types.
    RequestBody,
    /// Response status codes, media types and headers.
    Responses,
    /// Schemas, wherever they are reached.
    Schema,
    /// Security requirements and schemes.
    Security,
}

impl Area {
    /// The area's name in the catalogue.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Area::Paths => "paths",
            Area::Parameters => "parameters",
            Area::RequestBody => "request-body",
            Area::Responses => "responses",
            Area::Schema => "schema",
            Area::Security => "security",
        }
    }
}

/// One kind of change, documented.
#[derive(Debug)]
pub struct Rule {
    /// Stable kebab-case id: the key of waivers and of the fixture folder. Where oasdiff has a
    /// rule of the same meaning, its id.
    pub id: &'static str,
    /// The level of every finding of this rule (before the version's stability is applied).
    pub level: Level,
    /// The direction of the data it judges.
    pub direction: Direction,
    /// The part of the document it looks at.
    pub area: Area,
    /// What changed, in one sentence.
    pub what: &'static str,
    /// Why that breaks clients, or why it does not; where the rule is stricter than oasdiff,
    /// why.
    pub why: &'static str,
    /// What to do about it.
    pub fix: &'static str,
    /// oasdiff rule ids whose findings this rule covers, for users carrying configuration over.
    pub oasdiff: &'static [&'static str],
}

/// Declares a rule constant.
macro_rules! rule {
    (
        $(#[$meta:meta])*
        $name:ident = $id:literal, $level:ident, $direction:ident, $area:ident,
        oasdiff: [$($oasdiff:literal),* $(,)?],
        what: $what:expr,
        why: $why:expr,
        fix: $fix:expr $(,)?
    ) => {
        $(#[$meta])*
        pub(crate) const $name: &$crate::rules::Rule = &$crate::rules::Rule {
            id: $id,
            level: $crate::rules::Level::$level,
            direction: $crate::rules::Direction::$direction,
            area: $crate::rules::Area::$area,
            what: $what,
            why: $why,
            fix: $fix,
            oasdiff: &[$($oasdiff),*],
        };
    };
}
pub(crate) use rule;

/// Every rule, grouped by family, in catalogue order.
pub fn all() -> impl Iterator<Item = &'static Rule> {
    [
        paths::RULES,
        parameters::RULES,
        request_body::RULES,
        responses::RULES,
        security::RULES,
        request_schema::RULES,
        response_schema::RULES,
    ]
    .into_iter()
    .flatten()
    .copied()
}

/// The rule with this id.
#[must_use]
pub fn find(id: &str) -> Option<&'static Rule> {
    all().find(|rule| rule.id == id)
}

/// The catalogue of every rule and the JSON report's schema, in Markdown: what a repository
/// commits and links findings to ([`Context::catalogue`]). `context` names the command that
/// runs the differ (the title) and where waivers go; `regenerate` is the command that
/// regenerates the catalogue, named in its "do not edit" line.
#[must_use]
pub fn catalogue_markdown(context: &Context<'_>, regenerate: &str) -> String {
    let rules: Vec<&Rule> = all().collect();
    let count = |level: Level| rules.iter().filter(|rule| rule.level == level).count();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "<!-- generated by `{regenerate}` from the rule registry of charter-differ; do not edit -->\n"
    );
    let _ = writeln!(out, "# Rules of `{}`\n", context.command);
    let _ = writeln!(
        out,
        "{} rules: {} breaking, {} warning, {} info. A finding's level is its rule's level; in a \
         beta version, or in an operation whose base document marks it `x-stability-level: \
         beta`, `alpha` or `draft`, a breaking finding counts as a warning. A waiver in {} \
         names a change by the rule id and the finding's pointer (`pointer` in the JSON \
         report), exactly; the reports print each blocking finding's waiver, ready to paste.\n",
        rules.len(),
        count(Level::Breaking),
        count(Level::Warning),
        count(Level::Info),
        context.waivers
    );
    out.push_str(
        "**Direction.** A schema is judged by where it is reached. In a *request* (client to \
         server) a change breaks when the new schema rejects something the old one accepted. In \
         a *response* (server to client) a change breaks when the new schema allows something \
         the old one did not, because the client was written against the old one. A schema \
         reached from both is judged both ways. Schema rules say \"property\" for any schema \
         position: a body, a property at any depth, an array's items, a parameter's or a \
         header's schema.\n\n",
    );
    out.push_str(
        "**Generated Rust clients.** Clients generated by progenitor/typify decode responses \
         into closed enums and plain structs. Where that makes a change breaking that oasdiff \
         reports at a lower level, the rule says so.\n\n",
    );
    out.push_str("| id | level | direction | area |\n| --- | --- | --- | --- |\n");
    for rule in &rules {
        let _ = writeln!(
            out,
            "| [`{id}`](#{id}) | {} | {} | {} |",
            rule.level,
            rule.direction,
            rule.area.as_str(),
            id = rule.id
        );
    }
    out.push('\n');
    let mut area = None;
    for rule in &rules {
        if area != Some(rule.area) {
            area = Some(rule.area);
            let _ = writeln!(out, "## {}\n", rule.area.as_str());
        }
        let _ = writeln!(out, "### {}\n", rule.id);
        let _ = writeln!(
            out,
            "Level **{}**, direction {}.{}\n",
            rule.level,
            rule.direction,
            if rule.oasdiff.is_empty() {
                String::new()
            } else {
                format!(
                    " oasdiff: {}.",
                    rule.oasdiff.iter().map(|id| format!("`{id}`")).collect::<Vec<_>>().join(", ")
                )
            }
        );
        let _ = writeln!(out, "- **What:** {}", rule.what);
        let _ = writeln!(out, "- **Why:** {}", rule.why);
        let _ = writeln!(out, "- **What to do:** {}\n", rule.fix);
    }
    out.push_str(crate::report::JSON_SCHEMA_MARKDOWN);
    out
}
