//! The oasdiff-derived corpus (`tests/corpus/oasdiff`, vendored): every pair is compared and the
//! verdict checked against oasdiff's.
//!
//! Required, for the OpenAPI 3.0 and the 3.1 pairs alike: every pair loads; every pair oasdiff
//! calls breaking is breaking here (but those [`EXPLAINED`] says are not, on purpose); at least 95%
//! agreement on the pairs it calls not breaking with `verdict_certain=yes`; every disagreement is
//! explained in [`EXPLAINED`], and every entry there is still a disagreement. Agreement per area
//! is printed for each version (run with `--nocapture`); `CORPUS_VERBOSE=1` prints the findings
//! of every disagreement.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use charter_differ::{Document, FailOn, LoadError, Stability, VersionReport};

/// Every pair where the verdict differs from oasdiff's, and why. Most are stricter than oasdiff.
/// The missed breaks are a webhook, which this differ judges from its consumers' side, and
/// pairs where oasdiff judges how a schema is spelled while the values it accepts are the same
/// or more (see `compare/values.rs`).
const EXPLAINED: &[(&str, &str)] = &[
    (
        "Breaking_AddPattern",
        "missed break on purpose: the pattern is added to `created`, a `readOnly` property, which requests do not carry (and responses only narrow), judged by accepted values",
    ),
    (
        "Breaking_AddPatternRecursive",
        "missed break on purpose: as Breaking_AddPattern, on a `readOnly` property of a recursive schema",
    ),
    (
        "Breaking_AnyOf",
        "missed break on purpose: `required` added to a schema of `type: array` constrains nothing (it applies only to objects); no value is rejected, judged by accepted values",
    ),
    (
        "Breaking_RequestPropertyAllOfAdded",
        "missed break on purpose: the added allOf members (`Rabbit`, `Breed3`) declare exactly the `name: string` the schema already had; the intersection accepts the same values, judged by accepted values",
    ),
    (
        "Breaking_RequestPropertyAnyOfRemoved",
        "missed break on purpose: the removed anyOf variants (`Rabbit`, `Breed3`) accept exactly what remaining variants (`Cat`, `Breed1`) accept; no request is rejected, judged by accepted values",
    ),
    (
        "RequestParameterMaxDecreased",
        "missed break on purpose: `maximum` on a schema of `type: array` constrains nothing (it applies only to numbers); no value is rejected, judged by accepted values",
    ),
    (
        "RequestParameterMaxItemsDecreased",
        "missed break on purpose: `maxItems` on the items' `type: string` schema constrains nothing (it applies only to arrays); no value is rejected, judged by accepted values",
    ),
    ("RequestPropertyAllOfAdded", "missed break on purpose: as Breaking_RequestPropertyAllOfAdded"),
    (
        "RequestPropertyAnyOfRemoved",
        "missed break on purpose: as Breaking_RequestPropertyAnyOfRemoved",
    ),
    (
        "TransitionClaims_RealChangeAlongsideTransitionStillReported",
        "missed break on purpose: a request enum [alpha, beta] became `oneOf: [string, integer]`, which accepts every value it accepted (each matches only the string variant); the wire is safe, and the differ reports the generated Rust type's change (`request-property-rust-type-changed`) as a warning",
    ),
    (
        "APIGlobalSecurityyAdded",
        "a security requirement where there was none turns away every client without credentials; oasdiff's test ran only one check",
    ),
    ("APISecurityAdded", "as APIGlobalSecurityyAdded, for one operation"),
    (
        "APISecurityScopeAdded",
        "a new required scope turns away tokens without it; oasdiff reports it as info",
    ),
    (
        "ApiAdded_DetectsModifiedPathsWithPathParam",
        "the path's parameter was renamed and is required: paths are matched by shape, so the operation is compared and the new required parameter reported",
    ),
    (
        "Breaking_AddedResponseEnum",
        "a response enum gaining a value breaks clients that switch over the values (oasdiff calls it a warning)",
    ),
    (
        "Breaking_ReqQueryParamTypeNumberToString",
        "a request schema's type changing from number to string rejects numbers clients send; oasdiff's test ran only the parameter check",
    ),
    (
        "RequestBodyDefaultValueChanged",
        "the JSON media type of the request body was removed, and a changed default changes what the server does with a value clients leave out",
    ),
    (
        "RequestBodyMaxLengthSetCheck",
        "a new maxLength rejects longer values clients may send; oasdiff reports setting one as a warning",
    ),
    (
        "RequestBodyMaxSetCheck",
        "a new maximum rejects larger values; oasdiff reports it as a warning",
    ),
    (
        "RequestBodyTypeLooselyTypedCompatible",
        "object to string in an XML body: oasdiff calls XML loosely typed; the schema still rejects what clients sent",
    ),
    (
        "RequestDiscriminatorUpdatedCheckMappingChanging",
        "a discriminator value removed from a request rejects clients sending it",
    ),
    (
        "RequestDiscriminatorUpdatedCheckPropertyNameChanging",
        "a renamed discriminator property: clients send the old one, which no longer selects a variant",
    ),
    (
        "RequestParameterMaxLengthSetCheck",
        "a new maxLength on a parameter rejects longer values; oasdiff reports it as a warning",
    ),
    (
        "RequestPropertyBecameNullable31",
        "the pair also makes a response property nullable (`type: [string, \"null\"]`), which breaks clients that read it as always set; oasdiff's test ran only the request check",
    ),
    (
        "RequestPropertyMaxLengthSetCheck",
        "a new maxLength rejects longer values; oasdiff reports it as a warning",
    ),
    (
        "RequestPropertyMaxSetCheck",
        "a new maximum rejects larger values; oasdiff reports it as a warning",
    ),
    (
        "RequestQueryParamMultiTypeToFormExplodeArraySafe",
        "`[string, integer]` to `array` is a type change to the schema; oasdiff knows an exploded form array serializes one value as before, the differ does not compare serializations of values",
    ),
    (
        "ResponseBodyTypeLooselyTypedCompatible",
        "string to object in an XML response body: clients parsing a string receive an element",
    ),
    (
        "ResponseDiscriminatorUpdatedCheckMappingChanging",
        "a new discriminator value in a response reaches clients that do not know it",
    ),
    (
        "ResponseDiscriminatorUpdatedCheckPropertyNameChanging",
        "a renamed discriminator property: clients look for the old one to pick a variant",
    ),
    (
        "ResponseTypeCheckerSuppressedForNullOnly31",
        "as RequestPropertyBecameNullable31: a response property became nullable; oasdiff's test ran only the type check",
    ),
    ("TypeCheckerSuppressedForNullOnly31", "as RequestPropertyBecameNullable31"),
    (
        "WebhookOperationChangesDetected",
        "missed break on purpose: a webhook's request body becoming required and gaining an optional property are what the API now sends; to its consumers, who receive it, that is not breaking (oasdiff judges webhooks as if the consumer sent them)",
    ),
];

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/corpus/oasdiff")
}

struct Case {
    name: String,
    breaking: bool,
    certain: bool,
    oas31: bool,
    groups: Vec<String>,
}

fn cases() -> Vec<Case> {
    let index = std::fs::read_to_string(corpus().join("INDEX.tsv")).expect("INDEX.tsv");
    let mut lines = index.lines();
    let header: Vec<&str> = lines.next().expect("header").split('\t').collect();
    let column = |name: &str| header.iter().position(|c| *c == name).expect(name);
    let (case, breaking, certain, oas31, groups) = (
        column("case"),
        column("breaking"),
        column("verdict_certain"),
        column("oas31"),
        column("groups"),
    );
    lines
        .map(|line| {
            let fields: Vec<&str> = line.split('\t').collect();
            let field = |index: usize| fields.get(index).copied().unwrap_or_default();
            Case {
                name: field(case).to_owned(),
                breaking: field(breaking) == "true",
                certain: field(certain) == "yes",
                oas31: field(oas31) == "yes",
                groups: field(groups)
                    .split(';')
                    .filter(|group| !group.is_empty() && *group != "-")
                    .map(str::to_owned)
                    .collect(),
            }
        })
        .collect()
}

fn file(dir: &Path, stem: &str) -> PathBuf {
    ["yaml", "yml", "json"]
        .iter()
        .map(|ext| dir.join(format!("{stem}.{ext}")))
        .find(|path| path.exists())
        .unwrap_or_else(|| panic!("{}: no {stem}.yaml or {stem}.json", dir.display()))
}

enum Outcome {
    Verdict {
        breaking: bool,
        summary: String,
    },
    Error(LoadError),
    /// Both files have the same bytes: no differ can find a change. (One corpus case asserts a
    /// finding for such a pair: its oasdiff test changes the document in code.)
    Identical,
}

fn run(case: &Case) -> Outcome {
    let dir = corpus().join(&case.name);
    if std::fs::read(file(&dir, "base")).ok() == std::fs::read(file(&dir, "revision")).ok() {
        return Outcome::Identical;
    }
    let load = |stem| Document::read(&file(&dir, stem));
    let (base, head) = match (load("base"), load("revision")) {
        (Ok(base), Ok(head)) => (base, head),
        (Err(error), _) | (_, Err(error)) => return Outcome::Error(error),
    };
    let report = VersionReport::compare(
        &case.name,
        Stability::Stable,
        Some(Arc::new(base)),
        Some(Arc::new(head)),
    );
    let breaking = report.findings.iter().any(|f| f.is_blocking(FailOn::Breaking));
    let summary = report
        .findings
        .iter()
        .map(|f| {
            format!("    {} [{}] {} at {}", f.rule.id, f.effective_level(), f.message, f.pointer())
        })
        .collect::<Vec<_>>()
        .join("\n");
    Outcome::Verdict { breaking, summary }
}

#[derive(Default)]
struct Tally {
    agree: usize,
    total: usize,
}

impl Tally {
    fn add(&mut self, agree: bool) {
        self.total += 1;
        if agree {
            self.agree += 1;
        }
    }

    fn percent(&self) -> f64 {
        if self.total == 0 { 100.0 } else { 100.0 * self.agree as f64 / self.total as f64 }
    }
}

/// The agreement of one OpenAPI version's pairs.
#[derive(Default)]
struct Table {
    by_area: BTreeMap<String, Tally>,
    overall: Tally,
    certain_not_breaking: Tally,
}

impl Table {
    fn print(&self, version: &str) {
        println!("\nAgreement with oasdiff on the OpenAPI {version} pairs, per area:\n");
        println!("| area | pairs | agree | % |\n| --- | --- | --- | --- |");
        for (area, tally) in &self.by_area {
            println!("| {area} | {} | {} | {:.1} |", tally.total, tally.agree, tally.percent());
        }
        println!(
            "| **all {version} pairs** | {} | {} | {:.1} |",
            self.overall.total,
            self.overall.agree,
            self.overall.percent()
        );
        println!(
            "\nNot-breaking {version} pairs with verdict_certain=yes: {}/{} agree ({:.1}%)",
            self.certain_not_breaking.agree,
            self.certain_not_breaking.total,
            self.certain_not_breaking.percent()
        );
    }
}

#[test]
fn corpus_verdicts_agree_with_oasdiff() {
    let verbose = std::env::var_os("CORPUS_VERBOSE").is_some();
    let cases = cases();
    assert!(cases.len() > 250, "the corpus index lists {} cases", cases.len());
    let mut missed_breaking = Vec::new();
    let mut disagreements = Vec::new();
    let mut tables: BTreeMap<&str, Table> = BTreeMap::new();
    let mut identical_breaking = Vec::new();
    for case in &cases {
        let version = if case.oas31 { "3.1" } else { "3.0" };
        let table = tables.entry(version).or_default();
        let outcome = run(case);
        let (breaking, summary) = match outcome {
            Outcome::Identical if case.breaking => {
                identical_breaking.push(case.name.clone());
                continue;
            }
            Outcome::Identical => (false, String::new()),
            Outcome::Verdict { breaking, summary } => (breaking, summary),
            Outcome::Error(error) => {
                panic!("{}: an OpenAPI {version} pair must load: {error}", case.name)
            }
        };
        let agree = breaking == case.breaking;
        table.overall.add(agree);
        let groups =
            if case.groups.is_empty() { vec!["(none)".to_owned()] } else { case.groups.clone() };
        for group in groups {
            table.by_area.entry(group).or_default().add(agree);
        }
        if case.breaking && !breaking {
            missed_breaking.push(format!("{}\n{summary}", case.name));
        }
        if !case.breaking && case.certain {
            table.certain_not_breaking.add(agree);
        }
        if !agree {
            let kind = if case.breaking { "missed breaking" } else { "stricter than oasdiff" };
            let certain = if case.certain { "certain" } else { "not certain" };
            disagreements.push(format!("{} ({version}, {kind}, {certain})", case.name));
            if verbose {
                println!("--- {} ({version}, {kind}, {certain})\n{summary}", case.name);
            }
        }
    }
    for (version, table) in &tables {
        table.print(version);
    }
    println!(
        "Breaking pairs whose two files are identical (not counted: nothing changed): {}",
        if identical_breaking.is_empty() {
            "none".to_owned()
        } else {
            identical_breaking.join(", ")
        }
    );
    println!("Disagreements:\n  {}", disagreements.join("\n  "));
    let explained = |name: &str| EXPLAINED.iter().any(|(case, _)| *case == name);
    let unexplained: Vec<&String> = disagreements
        .iter()
        .filter(|line| !explained(line.split(' ').next().unwrap_or_default()))
        .collect();
    assert!(unexplained.is_empty(), "disagreements not explained in EXPLAINED: {unexplained:#?}");
    let stale: Vec<&str> = EXPLAINED
        .iter()
        .map(|(case, _)| *case)
        .filter(|case| !disagreements.iter().any(|line| line.split(' ').next() == Some(*case)))
        .collect();
    assert!(stale.is_empty(), "EXPLAINED lists pairs that now agree: {stale:?}");
    missed_breaking.retain(|missed| {
        let name = missed.lines().next().unwrap_or_default();
        !EXPLAINED
            .iter()
            .any(|(case, why)| *case == name && why.starts_with("missed break on purpose"))
    });
    assert!(
        missed_breaking.is_empty(),
        "{} breaking pair(s) not reported breaking:\n{}",
        missed_breaking.len(),
        missed_breaking.join("\n")
    );
    for (version, table) in &tables {
        assert!(
            table.certain_not_breaking.percent() >= 95.0,
            "only {:.1}% agreement on certain not-breaking {version} pairs",
            table.certain_not_breaking.percent()
        );
    }
}
