//! Comparing two documents: paths are matched by template shape, operations by method, and
//! everything an operation reaches is compared by [`operation`]; schemas go through the
//! memoized pair graph of [`schema`].
//!
//! **Invariant:** only what an operation reaches is compared, so a component no operation uses
//! cannot produce a finding.

mod keyed;
pub(crate) mod operation;
pub(crate) mod schema;
mod shape;
mod values;

use std::collections::{BTreeMap, HashMap};

use serde_json::Value;

use crate::load::Document;
use crate::pointer;
use crate::report::{Finding, Stability};
use crate::rules::{Rule, paths as rules};

use schema::{PairId, Resolver, SchemaGraph};

/// An empty object, for absent maps.
pub(crate) static EMPTY: std::sync::LazyLock<serde_json::Map<String, Value>> =
    std::sync::LazyLock::new(serde_json::Map::new);

/// The HTTP methods an OpenAPI path item may hold, in document order.
pub(crate) const METHODS: &[&str] =
    &["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// Compares two documents and returns every finding, grouped by operation. The findings'
/// `version` is left empty for the caller.
#[must_use]
pub fn diff(base: &Document, head: &Document) -> Vec<Finding> {
    let (base_resolver, head_resolver) = (Resolver::new(base), Resolver::new(head));
    let mut cx = Cx {
        base: &base_resolver,
        head: &head_resolver,
        graph: SchemaGraph::new(&base_resolver, &head_resolver),
        operations: Vec::new(),
    };
    cx.paths();
    cx.webhooks();
    cx.graph.run();
    let mut findings = Vec::new();
    let operations = std::mem::take(&mut cx.operations);
    for operation in operations {
        findings.extend(operation.findings.iter().map(|f| operation.finding(f.clone(), None)));
        for (found, via) in cx.graph.collect(&operation.schemas) {
            findings.push(operation.finding(found, Some(via)));
        }
    }
    findings
}

/// A finding before the operation's context is attached.
#[derive(Clone, Debug)]
pub(crate) struct Found {
    pub(crate) rule: &'static Rule,
    pub(crate) base_pointer: Option<String>,
    pub(crate) head_pointer: Option<String>,
    pub(crate) message: String,
    pub(crate) impact: crate::report::Impact,
    pub(crate) basis: crate::report::Basis,
}

/// One operation's findings and the schema pairs it reaches.
pub(crate) struct OperationFindings {
    method: Option<String>,
    path: String,
    stability: Stability,
    findings: Vec<Found>,
    /// The schema pairs the operation reaches, each with where it reaches them.
    schemas: Vec<(PairId, String)>,
}

impl OperationFindings {
    fn finding(&self, found: Found, via: Option<String>) -> Finding {
        Finding {
            rule: found.rule,
            version: String::new(),
            method: self.method.clone(),
            path: Some(self.path.clone()),
            base_pointer: found.base_pointer,
            head_pointer: found.head_pointer,
            message: found.message,
            via,
            stability: self.stability,
            waiver: None,
            impact: found.impact,
            basis: found.basis,
            source: None,
        }
    }
}

/// The comparison under way.
pub(crate) struct Cx<'d> {
    pub(crate) base: &'d Resolver<'d>,
    pub(crate) head: &'d Resolver<'d>,
    pub(crate) graph: SchemaGraph<'d>,
    operations: Vec<OperationFindings>,
}

/// `/users/{id}/posts` becomes `/users/{}/posts`: renaming a path parameter keeps the shape.
pub(crate) fn shape(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut depth = 0usize;
    for c in path.chars() {
        match c {
            '{' => {
                if depth == 0 {
                    out.push_str("{}");
                }
                depth += 1;
            }
            '}' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    if out.len() > 1 {
        while out.ends_with('/') && out.len() > 1 {
            out.pop();
        }
    }
    out
}

/// The names of a template's parameters, in order.
pub(crate) fn template_names(path: &str) -> Vec<&str> {
    let mut names = Vec::new();
    let mut rest = path;
    while let Some(start) = rest.find('{') {
        let after = rest.get(start + 1..).unwrap_or("");
        let Some(end) = after.find('}') else { break };
        names.push(after.get(..end).unwrap_or(""));
        rest = after.get(end + 1..).unwrap_or("");
    }
    names
}

fn object(value: Option<&Value>) -> Option<&serde_json::Map<String, Value>> {
    value.and_then(Value::as_object)
}

impl<'d> Cx<'d> {
    fn paths(&mut self) {
        let base_paths = object(self.base.root().get("paths")).unwrap_or(&EMPTY);
        let head_paths = object(self.head.root().get("paths")).unwrap_or(&EMPTY);
        let mut matched: BTreeMap<&str, &str> = BTreeMap::new();
        let mut taken: std::collections::HashSet<&str> = std::collections::HashSet::new();
        // Exact names first, then the same shape.
        for path in base_paths.keys() {
            if head_paths.contains_key(path) {
                matched.insert(path, path);
                taken.insert(path);
            }
        }
        // The head paths not taken, by shape, in order: each base path takes the first left.
        let mut by_shape: HashMap<String, std::collections::VecDeque<&str>> = HashMap::new();
        for path in head_paths.keys().filter(|path| !taken.contains(path.as_str())) {
            by_shape.entry(shape(path)).or_default().push_back(path);
        }
        for path in base_paths.keys() {
            if matched.contains_key(path.as_str()) {
                continue;
            }
            let candidate = by_shape.get_mut(&shape(path)).and_then(|left| left.pop_front());
            if let Some(candidate) = candidate {
                matched.insert(path, candidate);
                taken.insert(candidate);
            }
        }
        for (base_path, base_item) in base_paths {
            let base_pointer = pointer::join(&["paths", base_path]);
            let Some((base_item, _)) = self.base.deref(base_item, &base_pointer) else { continue };
            match matched.get(base_path.as_str()) {
                Some(head_path) => {
                    let head_pointer = pointer::join(&["paths", head_path]);
                    let Some(head_item) = head_paths.get(*head_path) else { continue };
                    let Some((head_item, _)) = self.head.deref(head_item, &head_pointer) else {
                        continue;
                    };
                    self.path_item(
                        (base_path, base_item, &base_pointer),
                        (head_path, head_item, &head_pointer),
                    );
                }
                None => {
                    for method in METHODS {
                        let Some(operation) = base_item.get(*method) else { continue };
                        self.removed(
                            (method, base_path, operation, &base_pointer),
                            rules::API_PATH_REMOVED_WITHOUT_DEPRECATION,
                            " with its path",
                        );
                    }
                }
            }
        }
        for (head_path, head_item) in head_paths {
            if taken.contains(head_path.as_str()) {
                continue;
            }
            let head_pointer = pointer::join(&["paths", head_path]);
            let Some((head_item, _)) = self.head.deref(head_item, &head_pointer) else { continue };
            for method in METHODS {
                if head_item.get(*method).is_some() {
                    self.added(method, head_path, &head_pointer);
                }
            }
        }
    }

    /// OpenAPI 3.1 `webhooks`: requests the API sends. Matched by name, then by method; their
    /// bodies are compared with the directions swapped (the API writes the request body and
    /// reads the response).
    fn webhooks(&mut self) {
        let base_hooks = object(self.base.root().get("webhooks")).unwrap_or(&EMPTY);
        let head_hooks = object(self.head.root().get("webhooks")).unwrap_or(&EMPTY);
        for (name, base_item) in base_hooks {
            let base_pointer = pointer::join(&["webhooks", name]);
            let Some((base_item, _)) = self.base.deref(base_item, &base_pointer) else { continue };
            let head_pointer = pointer::join(&["webhooks", name]);
            let head_item = head_hooks
                .get(name)
                .and_then(|item| self.head.deref(item, &head_pointer))
                .map(|(item, _)| item);
            for method in METHODS {
                let Some(base_operation) = base_item.get(*method) else { continue };
                let base_at = pointer::child(&base_pointer, &[method]);
                match head_item.and_then(|item| item.get(*method)) {
                    Some(head_operation) => {
                        let head_at = pointer::child(&head_pointer, &[method]);
                        self.webhook_operation(
                            method,
                            name,
                            (base_operation, &base_at),
                            (head_operation, &head_at),
                        );
                    }
                    None => self.single(
                        method,
                        &webhook_path(name),
                        operation_stability(base_operation),
                        Found {
                            rule: rules::WEBHOOK_REMOVED,
                            base_pointer: Some(base_at),
                            head_pointer: None,
                            message: format!(
                                "webhook `{name}` ({}) removed",
                                method.to_uppercase()
                            ),
                            impact: crate::report::Impact::Wire,
                            basis: crate::report::Basis::Rule,
                        },
                    ),
                }
            }
        }
        for (name, head_item) in head_hooks {
            let head_pointer = pointer::join(&["webhooks", name]);
            let Some((head_item, _)) = self.head.deref(head_item, &head_pointer) else { continue };
            let base_item = base_hooks
                .get(name)
                .and_then(|item| self.base.deref(item, &head_pointer))
                .map(|(item, _)| item);
            for method in METHODS {
                if head_item.get(*method).is_none()
                    || base_item.and_then(|item| item.get(*method)).is_some()
                {
                    continue;
                }
                self.single(
                    method,
                    &webhook_path(name),
                    Stability::Stable,
                    Found {
                        rule: rules::WEBHOOK_ADDED,
                        base_pointer: None,
                        head_pointer: Some(pointer::child(&head_pointer, &[method])),
                        message: format!("webhook `{name}` ({}) added", method.to_uppercase()),
                        impact: crate::report::Impact::Wire,
                        basis: crate::report::Basis::Rule,
                    },
                );
            }
        }
    }

    /// One webhook operation at both sides: the request body the API sends is judged as a
    /// response, the response it reads as a request body; media types are matched by name.
    fn webhook_operation(
        &mut self,
        method: &str,
        name: &str,
        (base, base_at): (&'d Value, &str),
        (head, head_at): (&'d Value, &str),
    ) {
        let mut findings = OperationFindings {
            method: Some(method.to_uppercase()),
            path: webhook_path(name),
            stability: operation_stability(base),
            findings: Vec::new(),
            schemas: Vec::new(),
        };
        let bodies = |side: &'d Resolver<'d>, operation: &'d Value, at: &str| {
            let at = format!("{at}/requestBody");
            operation.get("requestBody").and_then(|body| side.deref(body, &at))
        };
        let mut pairs = Vec::new();
        if let (Some(old), Some(new)) =
            (bodies(self.base, base, base_at), bodies(self.head, head, head_at))
        {
            pairs.push((
                old,
                new,
                crate::rules::Direction::Response,
                "webhook request body".to_owned(),
            ));
        }
        let responses = |operation: &'d Value| object(operation.get("responses")).unwrap_or(&EMPTY);
        for (status, old) in responses(base) {
            let Some(new) = responses(head).get(status) else { continue };
            let old_at = pointer::child(base_at, &["responses", status]);
            let new_at = pointer::child(head_at, &["responses", status]);
            if let (Some(old), Some(new)) =
                (self.base.deref(old, &old_at), self.head.deref(new, &new_at))
            {
                pairs.push((
                    old,
                    new,
                    crate::rules::Direction::Request,
                    format!("webhook response {status}"),
                ));
            }
        }
        for ((old, old_at), (new, new_at), direction, via) in pairs {
            let media = |holder: &'d Value| object(holder.get("content")).unwrap_or(&EMPTY);
            for (media_type, old_media) in media(old) {
                let Some(new_media) = media(new).get(media_type) else { continue };
                let (Some(old_schema), Some(new_schema)) =
                    (old_media.get("schema"), new_media.get("schema"))
                else {
                    continue;
                };
                let id = self.graph.root(
                    old_schema,
                    &pointer::child(&old_at, &["content", media_type, "schema"]),
                    new_schema,
                    &pointer::child(&new_at, &["content", media_type, "schema"]),
                    direction,
                );
                findings.schemas.push((id, format!("{via} ({media_type})")));
            }
        }
        self.operations.push(findings);
    }

    fn added(&mut self, method: &str, path: &str, item_pointer: &str) {
        self.single(
            method,
            path,
            Stability::Stable,
            Found {
                rule: rules::ENDPOINT_ADDED,
                base_pointer: None,
                head_pointer: Some(pointer::child(item_pointer, &[method])),
                message: format!("{} {path} added", method.to_uppercase()),
                impact: crate::report::Impact::Wire,
                basis: crate::report::Basis::Rule,
            },
        );
    }

    /// An operation gone from the head: `undeprecated` unless the base deprecated it first.
    fn removed(
        &mut self,
        (method, path, operation, item_pointer): (&str, &str, &Value, &str),
        undeprecated: &'static Rule,
        how: &str,
    ) {
        let rule = if flag(operation, "deprecated") {
            rules::API_REMOVED_WITH_DEPRECATION
        } else {
            undeprecated
        };
        self.single(
            method,
            path,
            operation_stability(operation),
            Found {
                rule,
                base_pointer: Some(pointer::child(item_pointer, &[method])),
                head_pointer: None,
                message: format!("{} {path} removed{how}", method.to_uppercase()),
                impact: crate::report::Impact::Wire,
                basis: crate::report::Basis::Rule,
            },
        );
    }

    fn single(&mut self, method: &str, path: &str, stability: Stability, found: Found) {
        self.operations.push(OperationFindings {
            method: Some(method.to_uppercase()),
            path: path.to_owned(),
            stability,
            findings: vec![found],
            schemas: Vec::new(),
        });
    }

    fn path_item(
        &mut self,
        (base_path, base_item, base_pointer): (&str, &'d Value, &str),
        (head_path, head_item, head_pointer): (&str, &'d Value, &str),
    ) {
        for method in METHODS {
            match (base_item.get(*method), head_item.get(*method)) {
                (Some(base_operation), Some(head_operation)) => {
                    let mut findings = OperationFindings {
                        method: Some(method.to_uppercase()),
                        path: head_path.to_owned(),
                        stability: operation_stability(base_operation),
                        findings: Vec::new(),
                        schemas: Vec::new(),
                    };
                    let base_at = pointer::child(base_pointer, &[method]);
                    let head_at = pointer::child(head_pointer, &[method]);
                    let mut op = operation::OperationCx {
                        cx: self,
                        out: &mut findings,
                        base_path,
                        head_path,
                        base_item,
                        head_item,
                        base_item_pointer: base_pointer,
                        head_item_pointer: head_pointer,
                        base: base_operation,
                        head: head_operation,
                        base_pointer: &base_at,
                        head_pointer: &head_at,
                    };
                    op.compare();
                    self.operations.push(findings);
                }
                (Some(base_operation), None) => self.removed(
                    (method, head_path, base_operation, base_pointer),
                    rules::API_REMOVED_WITHOUT_DEPRECATION,
                    "",
                ),
                (None, Some(_)) => self.added(method, head_path, head_pointer),
                (None, None) => {}
            }
        }
    }
}

/// How findings name a webhook where an operation's path goes.
fn webhook_path(name: &str) -> String {
    format!("webhook {name}")
}

/// Whether `value` sets the boolean `key` to true.
pub(crate) fn flag(value: &Value, key: &str) -> bool {
    value.get(key).and_then(Value::as_bool) == Some(true)
}

/// An operation's declared `x-stability-level`; stable when absent or invalid.
pub(crate) fn operation_stability(operation: &Value) -> Stability {
    operation
        .get("x-stability-level")
        .and_then(Value::as_str)
        .and_then(Stability::parse)
        .unwrap_or(Stability::Stable)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_ignore_parameter_names() {
        assert_eq!(shape("/users/{id}/posts"), shape("/users/{user_id}/posts"));
        assert_ne!(shape("/users/{id}"), shape("/users/{id}/posts"));
        assert_eq!(template_names("/a/{x}/b/{y}"), ["x", "y"]);
        assert_eq!(shape("/a/{unclosed"), "/a/{}");
    }
}
