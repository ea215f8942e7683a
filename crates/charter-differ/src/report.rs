//! What a comparison produces: [`Finding`]s grouped per version in a [`Report`], and the policy
//! that decides which of them block (stability, `--fail-on`, waivers).

use std::sync::Arc;

use crate::load::{Document, LoadWarning};
use crate::rules::{Level, Rule};

/// The promise a version, or one operation (`x-stability-level`), makes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Stability {
    /// Work in progress: breaking findings are warnings.
    Draft,
    /// Experimental: breaking findings are warnings.
    Alpha,
    /// Still moving: breaking findings are warnings.
    Beta,
    /// Frozen: breaking findings block.
    Stable,
}

impl Stability {
    /// `draft`, `alpha`, `beta` or `stable`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Stability::Draft => "draft",
            Stability::Alpha => "alpha",
            Stability::Beta => "beta",
            Stability::Stable => "stable",
        }
    }

    /// Reads an `x-stability-level` value.
    #[must_use]
    pub fn parse(text: &str) -> Option<Stability> {
        match text {
            "draft" => Some(Stability::Draft),
            "alpha" => Some(Stability::Alpha),
            "beta" => Some(Stability::Beta),
            "stable" => Some(Stability::Stable),
            _ => None,
        }
    }
}

/// Which findings fail the run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum FailOn {
    /// Breaking findings in stable versions (the default).
    #[default]
    Breaking,
    /// Also changes that break only code written against the generated Rust client
    /// ([`Impact::RustClient`]), in stable versions.
    Client,
    /// Warnings too, including breaking findings in beta versions.
    Warning,
}

impl FailOn {
    /// `breaking`, `client` or `warning`, as the command line spells it.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            FailOn::Breaking => "breaking",
            FailOn::Client => "client",
            FailOn::Warning => "warning",
        }
    }
}

/// Whom a change breaks. Rules name how a document changed; for a schema, whether that breaks
/// anyone is decided by the values the two schemas accept, and separately by what the
/// regenerated Rust client's types become.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Impact {
    /// Nobody: the schema was spelled differently, but every request the old one accepted is
    /// still accepted (or every response the new one allows was allowed). Reported as `info`.
    None,
    /// Only code written against the regenerated Rust client: a type changes (e.g. `String`
    /// becomes an enum) while existing clients' traffic is unaffected. A warning in stable
    /// versions unless the policy is `--fail-on client`.
    RustClient,
    /// Existing clients on the wire, as the rule's level says (the default).
    #[default]
    Wire,
}

impl Impact {
    /// `none`, `rust-client` or `wire`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Impact::None => "none",
            Impact::RustClient => "rust-client",
            Impact::Wire => "wire",
        }
    }
}

/// How a finding's verdict was reached.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub enum Basis {
    /// By its rule alone: the change is not about which values a schema accepts (an endpoint,
    /// a status code, a default, a discriminator), or it is reported at the rule's level.
    #[default]
    Rule,
    /// By comparing the values the base and head schemas accept, here: `why` says what the
    /// comparison found, e.g. that every old request value is still accepted.
    Values(String),
    /// By its rule, because the accepted values could not be compared: `why`, e.g. a `pattern`
    /// the head adds.
    Undecided(String),
}

impl Basis {
    /// `rule`, `values` or `undecided`.
    #[must_use]
    pub const fn as_str(&self) -> &'static str {
        match self {
            Basis::Rule => "rule",
            Basis::Values(_) => "values",
            Basis::Undecided(_) => "undecided",
        }
    }

    /// What the value comparison found, or why it could not decide.
    #[must_use]
    pub fn note(&self) -> Option<&str> {
        match self {
            Basis::Rule => None,
            Basis::Values(why) | Basis::Undecided(why) => Some(why),
        }
    }
}

/// One change between the base and head documents, judged by one rule.
#[derive(Clone, Debug)]
pub struct Finding {
    /// The rule that judged it.
    pub rule: &'static Rule,
    /// The version's name (`v1`), or the document's name in file mode.
    pub version: String,
    /// `GET`, `POST`, …: set when the finding belongs to an operation.
    pub method: Option<String>,
    /// The operation's path at head (at base when it is gone).
    pub path: Option<String>,
    /// JSON pointer of the changed part in the base document, when it exists there.
    pub base_pointer: Option<String>,
    /// JSON pointer of the changed part in the head document, when it exists there.
    pub head_pointer: Option<String>,
    /// One line saying what changed.
    pub message: String,
    /// For a schema change: where the operation reaches the changed schema, e.g. ``query
    /// parameter `status` ``, `request body`, `response 200 body`. A shared component reached
    /// several ways names the first.
    pub via: Option<String>,
    /// The promise of the operation or version it belongs to.
    pub stability: Stability,
    /// The reason of the waiver that acknowledges it, after [`Report::apply_waivers`].
    pub waiver: Option<String>,
    /// Whom the change breaks: existing clients on the wire, only the generated Rust client, or
    /// nobody (see [`Impact`]).
    pub impact: Impact,
    /// How that was decided (see [`Basis`]).
    pub basis: Basis,
    /// Where the changed part comes from in the source that produced the documents (the Rust
    /// item and its file and line), when the front end knows that source (a workspace's gate,
    /// which generates the documents from Rust types); `None` in file mode and for parts with
    /// no such origin.
    pub source: Option<SourceLocation>,
}

/// The item of the source code a finding comes from, e.g. the Rust field a schema property is
/// generated from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceLocation {
    /// The item's path, e.g. `contracts::v1::User`.
    pub item: String,
    /// The field or variant of the item the finding is about, as the source spells it, e.g.
    /// `created_at`; `None` when the finding is about the whole item.
    pub member: Option<String>,
    /// The file, relative to the repository root, with `/` separators (as GitHub annotations
    /// and links want it).
    pub file: String,
    /// The 1-based line of the member, or of the item.
    pub line: usize,
    /// The commit whose sources hold this location, when it is not the working tree: the base,
    /// for a part that only the base has (a removed field or type).
    pub commit: Option<String>,
    /// Why the location is only approximate, e.g. that the item is defined by a macro call and
    /// the line is the call's.
    pub note: Option<String>,
}

impl SourceLocation {
    /// `contracts::v1::User::created_at`, or the item alone.
    #[must_use]
    pub fn name(&self) -> String {
        match &self.member {
            Some(member) => format!("{}::{member}", self.item),
            None => self.item.clone(),
        }
    }

    /// `contracts/src/v1.rs:251`, then ` at base 1a2b3c4d5e6f` for a location in another
    /// commit.
    #[must_use]
    pub fn place(&self) -> String {
        match &self.commit {
            Some(commit) => {
                format!("{}:{} at base {}", self.file, self.line, short_commit(commit))
            }
            None => format!("{}:{}", self.file, self.line),
        }
    }
}

/// The first 12 hex digits of a commit id, as people quote it.
pub(crate) fn short_commit(commit: &str) -> &str {
    commit.get(..12).unwrap_or(commit)
}

impl Finding {
    /// The level after judging and stability: a change that breaks nobody is `info`, one that
    /// breaks only the generated Rust client at most a warning, and a breaking finding outside
    /// a stable version or operation a warning.
    #[must_use]
    pub fn effective_level(&self) -> Level {
        match self.impact {
            Impact::None => Level::Info,
            Impact::RustClient => self.rule.level.min(Level::Warning),
            Impact::Wire
                if self.rule.level == Level::Breaking && self.stability != Stability::Stable =>
            {
                Level::Warning
            }
            Impact::Wire => self.rule.level,
        }
    }

    /// Whether it breaks the generated Rust client's code in a stable version: what blocks
    /// under `--fail-on client` on top of the wire's breaking findings.
    #[must_use]
    pub fn breaks_client(&self) -> bool {
        self.impact == Impact::RustClient
            && self.rule.level == Level::Breaking
            && self.stability == Stability::Stable
    }

    /// Whether it fails the run under `fail_on`.
    #[must_use]
    pub fn is_blocking(&self, fail_on: FailOn) -> bool {
        if self.waiver.is_some() {
            return false;
        }
        match (self.effective_level(), fail_on) {
            (Level::Breaking, _) | (Level::Warning, FailOn::Warning) => true,
            (_, FailOn::Client) => self.breaks_client(),
            _ => false,
        }
    }

    /// What identifies the change itself, whichever operation reaches it: a component shared
    /// by several operations yields one finding per operation, all with the same key.
    #[must_use]
    pub fn change_key(&self) -> (&str, Option<&str>, Option<&str>, &str) {
        (self.rule.id, self.base_pointer.as_deref(), self.head_pointer.as_deref(), &self.message)
    }

    /// `METHOD path`, when the finding belongs to an operation.
    #[must_use]
    pub fn operation(&self) -> Option<String> {
        match (&self.method, &self.path) {
            (Some(method), Some(path)) => Some(format!("{method} {path}")),
            (None, Some(path)) => Some(path.clone()),
            _ => None,
        }
    }

    /// The finding's own pointer, the one that identifies its change (with the rule id) and
    /// that a waiver names: the more specific of the two (a removed property's base pointer,
    /// an added one's head pointer), head's when they are alike.
    #[must_use]
    pub fn pointer(&self) -> &str {
        match (self.base_pointer.as_deref(), self.head_pointer.as_deref()) {
            (Some(base), Some(head)) if base.len() > head.len() => base,
            (_, Some(head)) => head,
            (Some(base), None) => base,
            (None, None) => "",
        }
    }
}

/// Which document a warning is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    /// The old document.
    Base,
    /// The new document.
    Head,
}

impl Side {
    /// `base` or `head`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Side::Base => "base",
            Side::Head => "head",
        }
    }
}

/// The comparison of one version.
#[derive(Debug)]
pub struct VersionReport {
    /// The version's name, or the document's name in file mode.
    pub name: String,
    /// The version's promise.
    pub stability: Stability,
    /// The base document; `None` when the version is new.
    pub base: Option<Arc<Document>>,
    /// The head document; `None` when the version is gone.
    pub head: Option<Arc<Document>>,
    /// What changed, in document order.
    pub findings: Vec<Finding>,
    /// How the version's client crate moves, e.g. `notes-client-v2 0.3.0 -> 0.4.0 (breaking)`,
    /// appended to the verdict; set by a front end that generates clients, `None` from
    /// [`VersionReport::compare`].
    pub client: Option<String>,
}

impl VersionReport {
    /// Compares `base` and `head` of the version `name`. A missing base is a new version (no
    /// findings); a missing head is a removed version.
    #[must_use]
    pub fn compare(
        name: &str,
        stability: Stability,
        base: Option<Arc<Document>>,
        head: Option<Arc<Document>>,
    ) -> VersionReport {
        let mut findings = match (&base, &head) {
            (Some(base), Some(head)) => crate::compare::diff(base, head),
            (Some(_), None) => vec![Finding {
                rule: crate::rules::paths::API_VERSION_REMOVED,
                version: String::new(),
                method: None,
                path: None,
                base_pointer: Some(String::new()),
                head_pointer: None,
                message: format!("version `{name}` is gone"),
                via: None,
                // Lowered to the version's own stability below: removing a beta version is a
                // warning, a stable one breaking.
                stability: Stability::Stable,
                waiver: None,
                impact: Impact::Wire,
                basis: Basis::Rule,
                source: None,
            }],
            (None, _) => Vec::new(),
        };
        for finding in &mut findings {
            finding.version = name.to_owned();
            finding.stability = finding.stability.min(stability);
        }
        VersionReport { name: name.to_owned(), stability, base, head, findings, client: None }
    }

    /// Warnings the loader gave for either document.
    pub fn warnings(&self) -> impl Iterator<Item = (Side, &LoadWarning)> {
        let base = self.base.iter().flat_map(|doc| doc.warnings().iter().map(|w| (Side::Base, w)));
        let head = self.head.iter().flat_map(|doc| doc.warnings().iter().map(|w| (Side::Head, w)));
        base.chain(head)
    }

    /// How many findings have each effective level, and how many are waived.
    #[must_use]
    pub fn counts(&self) -> Counts {
        let mut counts = Counts::default();
        for finding in &self.findings {
            if finding.waiver.is_some() {
                counts.waived += 1;
                continue;
            }
            match finding.effective_level() {
                Level::Breaking => counts.breaking += 1,
                Level::Warning => counts.warning += 1,
                Level::Info => counts.info += 1,
            }
        }
        counts
    }

    /// Whether a finding blocks the merge under `fail_on`.
    #[must_use]
    pub fn fails(&self, fail_on: FailOn) -> bool {
        self.findings.iter().any(|finding| finding.is_blocking(fail_on))
    }

    /// A one-line verdict a reviewer understands at a glance, ending with the client crate's
    /// version change when there is one.
    #[must_use]
    pub fn verdict(&self, fail_on: FailOn) -> String {
        let verdict = self.contract_verdict(fail_on);
        match &self.client {
            Some(client) => format!("{verdict}; client {client}"),
            None => verdict,
        }
    }

    /// The verdict on the contract alone.
    fn contract_verdict(&self, fail_on: FailOn) -> String {
        let counts = self.counts();
        let blocking: Vec<&Finding> =
            self.findings.iter().filter(|f| f.is_blocking(fail_on)).collect();
        let demoted = self
            .findings
            .iter()
            .filter(|f| f.waiver.is_none() && f.rule.level == Level::Breaking)
            .filter(|f| f.impact == Impact::Wire && f.effective_level() != Level::Breaking)
            .count();
        let head = format!("{} ({})", self.name, self.stability.as_str());
        let (blocking_text, spread) = blocks_parts(&blocking);
        let mut extras: Vec<String> = spread.into_iter().collect();
        if counts.warning > 0 {
            extras.push(plural(counts.warning, "warning"));
        }
        if counts.info > 0 {
            extras.push(plural(counts.info, "info finding"));
        }
        if counts.waived > 0 {
            extras.push(format!("{} waived", counts.waived));
        }
        let extras =
            if extras.is_empty() { String::new() } else { format!(" ({})", extras.join("; ")) };
        if !blocking.is_empty() {
            format!("{head}: FAIL, {blocking_text}{extras}")
        } else if demoted > 0 {
            format!(
                "{head}: PASS with {} reported as warnings because the {} not stable{extras}",
                plural(demoted, "breaking change"),
                if self.stability == Stability::Stable { "operations are" } else { "version is" },
            )
        } else if self.findings.is_empty() {
            format!("{head}: PASS, no change to the contract")
        } else {
            format!("{head}: PASS, no breaking change{extras}")
        }
    }
}

/// Findings per effective level.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// Breaking findings that are not waived.
    pub breaking: usize,
    /// Warnings that are not waived (including breaking findings outside stable).
    pub warning: usize,
    /// Info findings that are not waived.
    pub info: usize,
    /// Waived findings of any level.
    pub waived: usize,
}

/// `1 finding blocks the merge`, or for a change reached by several operations
/// `1 change blocks the merge (4 findings in 4 operations)`.
pub(crate) fn blocks(blocking: &[&Finding]) -> String {
    match blocks_parts(blocking) {
        (text, Some(spread)) => format!("{text} ({spread})"),
        (text, None) => text,
    }
}

/// `n changes block the merge`, and `m findings in k operations` when changes repeat.
fn blocks_parts(blocking: &[&Finding]) -> (String, Option<String>) {
    let changes: std::collections::BTreeSet<_> =
        blocking.iter().map(|finding| finding.change_key()).collect();
    let verb = |count: usize| if count == 1 { "blocks" } else { "block" };
    if changes.len() == blocking.len() {
        let text =
            format!("{} {} the merge", plural(blocking.len(), "finding"), verb(blocking.len()));
        (text, None)
    } else {
        let text = format!("{} {} the merge", plural(changes.len(), "change"), verb(changes.len()));
        let operations: std::collections::BTreeSet<_> =
            blocking.iter().filter_map(|finding| finding.operation()).collect();
        let spread = format!(
            "{} in {}",
            plural(blocking.len(), "finding"),
            plural(operations.len(), "operation")
        );
        (text, Some(spread))
    }
}

/// `n thing` or `n things`.
pub(crate) fn plural(count: usize, noun: &str) -> String {
    if count == 1 { format!("1 {noun}") } else { format!("{count} {noun}s") }
}

/// Every version's comparison.
#[derive(Debug, Default)]
pub struct Report {
    /// One entry per version, in the order given.
    pub versions: Vec<VersionReport>,
    /// The waivers that matched no finding, after [`Report::apply_waivers`]: reported as notes,
    /// never blocking.
    pub fulfilled: Vec<crate::waivers::Fulfilled>,
}

impl Report {
    /// The report of these versions, no waiver applied.
    #[must_use]
    pub fn new(versions: Vec<VersionReport>) -> Report {
        Report { versions, fulfilled: Vec::new() }
    }

    /// Every finding of every version.
    pub fn findings(&self) -> impl Iterator<Item = &Finding> {
        self.versions.iter().flat_map(|version| version.findings.iter())
    }

    /// How many findings fail the run.
    #[must_use]
    pub fn blocking(&self, fail_on: FailOn) -> usize {
        self.findings().filter(|finding| finding.is_blocking(fail_on)).count()
    }

    /// Marks the findings each waiver acknowledges (see [`crate::waivers`] for what matches),
    /// and records the waivers that match none in [`Report::fulfilled`].
    pub fn apply_waivers(&mut self, waivers: &crate::waivers::Waivers) {
        waivers.apply(self);
    }
}

/// The JSON report's schema, for the catalogue and the crate documentation.
pub const JSON_SCHEMA_MARKDOWN: &str = include_str!("../JSON-REPORT.md");
