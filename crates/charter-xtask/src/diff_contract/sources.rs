//! Findings at the Rust source: each finding of a contract's comparison names the Rust item it
//! comes from, with its file and line, so that a reviewer (and a GitHub annotation) lands on the
//! field that changed rather than on a pointer into a generated document.
//!
//! A pointer into a schema component (`/components/schemas/User/properties/email`) maps to the
//! Rust type registered under that name in the version (`NamedSchema::rust_type`) and the field
//! or variant the documents call `email` (serde and schemars renames applied); an inline path
//! or query parameter maps to the endpoint's `Path` or `Query` type and its field. The types are
//! found with syn in the sources of the workspace's crates that define them
//! ([`crate::locate`]). Something only the base has (a removed field or type) is located in the
//! base commit's sources, read with `git show`; a type gone from the contract is found there by
//! its schema name. Findings with no Rust origin (a path, a response status) keep their pointer
//! alone.

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use charter_contract::{Api, Version};
use charter_differ::{Report, SourceLocation};
use serde_json::Value;

use crate::locate::{CrateRoot, Item, SourceTree};

/// The crates whose sources hold the contract's types.
#[derive(Clone, Debug, Default)]
pub(crate) struct Sources {
    roots: Vec<CrateRoot>,
}

impl Sources {
    /// These crate roots, with files relative to the workspace root.
    #[cfg(test)]
    pub(crate) fn new(roots: Vec<CrateRoot>) -> Sources {
        Sources { roots }
    }

    /// The workspace members (and root package) that define a type of `api`: the crates its
    /// types' Rust paths start with (`contracts::v1::User` is in the crate `contracts`). A
    /// manifest that does not read says nothing: locations are a help, never a failure.
    pub(crate) fn of_workspace(root: &Path, api: &Api) -> Sources {
        let wanted: BTreeSet<&str> = rust_types(api)
            .filter_map(|path| path.split("::").next())
            .filter(|name| !name.is_empty())
            .collect();
        let mut dirs = vec![String::new()];
        if let Ok(Some(members)) = crate::workspace::members(root) {
            for member in members {
                match member.strip_suffix("/*") {
                    Some(parent) => {
                        let Ok(entries) = std::fs::read_dir(root.join(parent)) else { continue };
                        let mut found: Vec<String> = entries
                            .filter_map(Result::ok)
                            .filter(|entry| entry.path().is_dir())
                            .map(|entry| {
                                format!("{parent}/{}", entry.file_name().to_string_lossy())
                            })
                            .collect();
                        found.sort();
                        dirs.extend(found);
                    }
                    None => dirs.push(member.trim_end_matches('/').to_owned()),
                }
            }
        }
        let roots = dirs
            .into_iter()
            .filter_map(|dir| {
                let prefix = if dir.is_empty() { String::new() } else { format!("{dir}/") };
                let manifest = std::fs::read_to_string(root.join(format!("{prefix}Cargo.toml")));
                let manifest: toml::Table = toml::from_str(&manifest.ok()?).ok()?;
                let package = manifest.get("package")?.get("name")?.as_str()?;
                let name = manifest
                    .get("lib")
                    .and_then(|lib| lib.get("name"))
                    .and_then(toml::Value::as_str)
                    .unwrap_or(package)
                    .replace('-', "_");
                if !wanted.contains(name.as_str()) {
                    return None;
                }
                let lib = manifest
                    .get("lib")
                    .and_then(|lib| lib.get("path"))
                    .and_then(toml::Value::as_str)
                    .unwrap_or("src/lib.rs");
                Some(CrateRoot { path: name, file: format!("{prefix}{lib}") })
            })
            .collect();
        Sources { roots }
    }
}

/// Every Rust type the API's documents are generated from.
fn rust_types(api: &Api) -> impl Iterator<Item = &'static str> + '_ {
    api.versions.iter().flat_map(|version| {
        let schemas = version.schemas.iter().map(|schema| schema.rust_type);
        let params = version
            .operations
            .iter()
            .flat_map(|op| [op.path_params.rust_type, op.query_params.rust_type]);
        schemas.chain(params)
    })
}

/// Sets [`charter_differ::Finding::source`] on every finding of `report` whose changed part
/// comes from a Rust item of `sources`: in the working tree of the workspace at `root`, or, for
/// what only the base has, in `commit`.
pub(crate) fn locate(report: &mut Report, api: &Api, sources: &Sources, root: &Path, commit: &str) {
    if sources.roots.is_empty() {
        return;
    }
    let head =
        SourceTree::parse(&sources.roots, &|path| std::fs::read_to_string(root.join(path)).ok());
    let mut base: Option<SourceTree> = None;
    let repository_prefix = super::git(root, &["rev-parse", "--show-prefix"])
        .ok()
        .flatten()
        .map(|prefix| prefix.trim().to_owned())
        .unwrap_or_default();
    for version in &mut report.versions {
        let api_version = api.version_named(&version.name);
        let mut known: HashMap<(String, bool), Option<SourceLocation>> = HashMap::new();
        for finding in &mut version.findings {
            let pointer = finding.pointer().to_owned();
            let on_head = finding.head_pointer.as_deref() == Some(pointer.as_str());
            if let Some(location) = known.get(&(pointer.clone(), on_head)) {
                finding.source.clone_from(location);
                continue;
            }
            let document = if on_head { version.head.as_deref() } else { version.base.as_deref() };
            let target = document.and_then(|document| target(document.root(), &pointer));
            let location =
                target.and_then(|target| {
                    let finder = Finder {
                        roots: &sources.roots,
                        head: &head,
                        base: &mut base,
                        api_version,
                        root,
                        commit,
                    };
                    let found = finder.find(&target)?;
                    Some(SourceLocation {
                        item: found.item.path.clone(),
                        member: found.member.clone(),
                        file: format!("{repository_prefix}{}", found.item.file),
                        line: found.line,
                        commit: found.in_base.then(|| commit.to_owned()),
                        note: found.item.macro_name.as_ref().map(|name| {
                            format!("defined by a `{name}!` call: located at the call")
                        }),
                    })
                });
            finding.source.clone_from(&location);
            known.insert((pointer, on_head), location);
        }
    }
}

/// What a pointer is about, in Rust terms still to be found.
#[derive(Debug, PartialEq, Eq)]
enum Target {
    /// A schema component, or a part of it: `member` is the document's name of the property,
    /// or the value of the enum variant, the pointer reaches first.
    Schema { component: String, member: Option<String> },
    /// An inline parameter of an operation, by its document name.
    Parameter { method: String, path: String, location: String, name: String },
}

/// The target of `pointer` in the document `root`.
fn target(root: &Value, pointer: &str) -> Option<Target> {
    let segments: Vec<String> = pointer
        .split('/')
        .skip(1)
        .map(|segment| charter_differ::pointer::unescape(segment).into_owned())
        .collect();
    match segments.as_slice() {
        [components, schemas, component, rest @ ..]
            if components == "components" && schemas == "schemas" =>
        {
            let prefix =
                format!("/components/schemas/{}", charter_differ::pointer::escape(component));
            Some(Target::Schema {
                component: component.clone(),
                member: member(root, &prefix, rest),
            })
        }
        [paths, path, method, parameters, index, ..]
            if paths == "paths" && parameters == "parameters" =>
        {
            let at = charter_differ::pointer::join(&["paths", path, method, parameters, index]);
            let parameter = root.pointer(&at)?;
            let location = parameter.get("in")?.as_str()?;
            if location != "path" && location != "query" {
                return None;
            }
            Some(Target::Parameter {
                method: method.clone(),
                path: path.clone(),
                location: location.to_owned(),
                name: parameter.get("name")?.as_str()?.to_owned(),
            })
        }
        _ => None,
    }
}

/// The document name of the first property or enum value that `rest` (the pointer's segments
/// after a schema at `prefix`) reaches.
fn member(root: &Value, prefix: &str, rest: &[String]) -> Option<String> {
    let mut at = prefix.to_owned();
    let mut segments = rest.iter().peekable();
    while let Some(segment) = segments.next() {
        let next = segments.peek().map(|next| next.as_str());
        match (segment.as_str(), next) {
            ("properties", Some(name)) => return Some(name.to_owned()),
            ("enum", Some(index)) => {
                let value = root.pointer(&format!("{at}/enum/{index}"))?;
                return value.as_str().map(str::to_owned);
            }
            ("oneOf" | "anyOf", Some(index)) => {
                // A variant of an enum whose variants carry descriptions: one value, or an
                // externally tagged variant with its one required property.
                let variant = root.pointer(&format!("{at}/{segment}/{index}"))?;
                let single = variant
                    .get("enum")
                    .and_then(Value::as_array)
                    .filter(|values| values.len() == 1)
                    .and_then(|values| values[0].as_str())
                    .or_else(|| variant.get("const").and_then(Value::as_str))
                    .or_else(|| {
                        let required = variant.get("required")?.as_array()?;
                        (required.len() == 1).then(|| required[0].as_str()).flatten()
                    });
                if let Some(single) = single {
                    return Some(single.to_owned());
                }
            }
            _ => {}
        }
        at.push('/');
        at.push_str(&charter_differ::pointer::escape(segment));
    }
    None
}

/// What was found for a target.
struct Found<'t> {
    item: &'t Item,
    /// The member as Rust spells it.
    member: Option<String>,
    line: usize,
    in_base: bool,
}

/// Finds targets in the head sources, and in the base's when the head has no such thing.
struct Finder<'a> {
    roots: &'a [CrateRoot],
    head: &'a SourceTree,
    base: &'a mut Option<SourceTree>,
    api_version: Option<&'a Version>,
    root: &'a Path,
    commit: &'a str,
}

impl<'a> Finder<'a> {
    fn find(self, target: &Target) -> Option<Found<'a>> {
        let (rust_type, wire) = match target {
            Target::Schema { component, member } => {
                let rust_type = self.api_version.and_then(|version| {
                    version.schemas.iter().find(|schema| schema.name == *component)
                });
                (rust_type.map(|schema| schema.rust_type), member.as_deref())
            }
            Target::Parameter { method, path, location, name } => {
                let operation = self.api_version?.operations.iter().find(|operation| {
                    operation.method.as_str().eq_ignore_ascii_case(method) && operation.path == path
                })?;
                let params =
                    if location == "path" { operation.path_params } else { operation.query_params };
                (Some(params.rust_type), Some(name.as_str()))
            }
        };
        let head_item = rust_type.and_then(|rust_type| self.head.item(rust_type));
        if let Some(item) = head_item {
            match wire.map(|wire| item.member(wire)) {
                None => return Some(found(item, None, false)),
                Some(Some(member)) => return Some(found(item, Some(member), false)),
                // A macro's type has no members to find; the item is the best there is.
                Some(None) if item.macro_name.is_some() => return Some(found(item, None, false)),
                Some(None) => {}
            }
        }
        // Gone at head: the base has it.
        let (roots, root, commit) = (self.roots, self.root, self.commit);
        let base: &'a SourceTree = self.base.get_or_insert_with(|| base_tree(roots, root, commit));
        let base_item = match (rust_type, target) {
            (Some(rust_type), _) => base.item(rust_type),
            (None, Target::Schema { component, .. }) => {
                removed_type(base, component, self.api_version)
            }
            (None, Target::Parameter { .. }) => None,
        };
        if let Some(item) = base_item {
            match wire.map(|wire| item.member(wire)) {
                None => return Some(found(item, None, true)),
                Some(Some(member)) => return Some(found(item, Some(member), true)),
                Some(None) => {}
            }
        }
        // Neither has the member: the type at head is still the best place.
        head_item.map(|item| found(item, None, false))
    }
}

fn found<'t>(item: &'t Item, member: Option<&crate::locate::Member>, in_base: bool) -> Found<'t> {
    Found {
        item,
        member: member.map(|member| member.rust.clone()),
        line: member.map_or(item.line, |member| member.line),
        in_base,
    }
}

/// The base commit's sources, at the crate roots the head has.
fn base_tree(roots: &[CrateRoot], root: &Path, commit: &str) -> SourceTree {
    SourceTree::parse(roots, &|path| {
        let output = super::git_output(root, &["show", &format!("{commit}:./{path}")]).ok()?;
        if !output.status.success() {
            return None;
        }
        String::from_utf8(output.stdout).ok()
    })
}

/// The base's type whose schema name is `component`, a type the head no longer registers:
/// the only one, or the only one in a module where the version's other types live. Several
/// candidates and no way to tell: none, rather than a guess.
fn removed_type<'t>(
    base: &'t SourceTree,
    component: &str,
    version: Option<&Version>,
) -> Option<&'t Item> {
    let candidates = base.named(component);
    if candidates.len() <= 1 {
        return candidates.into_iter().next();
    }
    let modules: BTreeSet<&str> = version
        .into_iter()
        .flat_map(|version| version.schemas.iter())
        .filter_map(|schema| module_of(schema.rust_type))
        .collect();
    let mut near = candidates
        .into_iter()
        .filter(|item| module_of(&item.path).is_some_and(|m| modules.contains(m)));
    match (near.next(), near.next()) {
        (Some(item), None) => Some(item),
        _ => None,
    }
}

/// `contracts::v1` of `contracts::v1::User`.
fn module_of(path: &str) -> Option<&str> {
    let path = path.split('<').next().unwrap_or(path);
    path.rsplit_once("::").map(|(module, _)| module)
}

#[cfg(test)]
mod tests;
