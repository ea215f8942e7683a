//! One operation present at both base and head: stability, deprecation, operationId,
//! parameters (path-item level included), request body, responses and security. Schemas are
//! handed to the pair graph with the direction they are reached in.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::schema::{ANY, Resolver};
use super::{Cx, Found, OperationFindings, flag, template_names};
use crate::pointer;
use crate::report::Stability;
use crate::rules::{
    Direction, Rule, parameters as par, paths, request_body as body, responses as resp,
    security as sec,
};

/// An operation being compared.
pub(crate) struct OperationCx<'a, 'd> {
    pub(crate) cx: &'a mut Cx<'d>,
    pub(crate) out: &'a mut OperationFindings,
    pub(crate) base_path: &'a str,
    pub(crate) head_path: &'a str,
    pub(crate) base_item: &'d Value,
    pub(crate) head_item: &'d Value,
    pub(crate) base_item_pointer: &'a str,
    pub(crate) head_item_pointer: &'a str,
    pub(crate) base: &'d Value,
    pub(crate) head: &'d Value,
    pub(crate) base_pointer: &'a str,
    pub(crate) head_pointer: &'a str,
}

/// A parameter as the operation sees it.
struct Parameter<'d> {
    name: String,
    location: String,
    value: &'d Value,
    pointer: String,
}

impl<'a, 'd> OperationCx<'a, 'd> {
    fn push(
        &mut self,
        rule: &'static Rule,
        base: Option<&str>,
        head: Option<&str>,
        message: String,
    ) {
        // An operation id and a parameter the server no longer reads are not on the wire: old
        // requests are sent and answered as before; the generated client's method, or its
        // builder method for the parameter, is what changes.
        let impact = if rule.id == paths::API_OPERATION_ID_CHANGED.id
            || rule.id == par::REQUEST_PARAMETER_REMOVED.id
        {
            crate::report::Impact::RustClient
        } else {
            crate::report::Impact::Wire
        };
        self.out.findings.push(Found {
            rule,
            base_pointer: base.map(str::to_owned),
            head_pointer: head.map(str::to_owned),
            message,
            impact,
            basis: crate::report::Basis::Rule,
        });
    }

    /// Hands a schema pair to the graph; `via` says where the operation reaches it.
    fn schema(
        &mut self,
        base: (&'d Value, &str),
        head: (&'d Value, &str),
        direction: Direction,
        via: String,
    ) {
        let id = self.cx.graph.root(base.0, base.1, head.0, head.1, direction);
        self.out.schemas.push((id, via));
    }

    pub(crate) fn compare(&mut self) {
        self.stability();
        let (bp, hp) = (self.base_pointer.to_owned(), self.head_pointer.to_owned());
        if !flag(self.base, "deprecated") && flag(self.head, "deprecated") {
            self.push(paths::ENDPOINT_DEPRECATED, Some(&bp), Some(&hp), "deprecated".to_owned());
        }
        fn id(operation: &Value) -> Option<&str> {
            operation.get("operationId").and_then(Value::as_str)
        }
        if id(self.base) != id(self.head) {
            let describe =
                |id: Option<&str>| id.map_or_else(|| "none".to_owned(), |id| format!("`{id}`"));
            self.push(
                paths::API_OPERATION_ID_CHANGED,
                Some(&bp),
                Some(&hp),
                format!(
                    "operationId changed from {} to {}",
                    describe(id(self.base)),
                    describe(id(self.head))
                ),
            );
        }
        self.parameters();
        self.request_body();
        self.responses();
        self.security();
    }

    fn stability(&mut self) {
        let (bp, hp) = (self.base_pointer.to_owned(), self.head_pointer.to_owned());
        fn level(operation: &Value) -> Option<Option<&str>> {
            operation.get("x-stability-level").map(Value::as_str)
        }
        let mut levels = Vec::new();
        for (side, operation, at) in [("base", self.base, &bp), ("head", self.head, &hp)] {
            match level(operation) {
                None => levels.push(None),
                Some(Some(text)) if Stability::parse(text).is_some() => {
                    levels.push(Stability::parse(text));
                }
                Some(text) => {
                    let shown =
                        text.map_or_else(|| "a non-string value".to_owned(), |t| format!("`{t}`"));
                    self.push(
                        paths::API_INVALID_STABILITY_LEVEL,
                        (side == "base").then_some(at.as_str()),
                        (side == "head").then_some(at.as_str()),
                        format!("x-stability-level is {shown} in the {side} document"),
                    );
                    levels.push(None);
                }
            }
        }
        if let [Some(old), Some(new)] = levels.as_slice()
            && new < old
        {
            self.push(
                paths::API_STABILITY_DECREASED,
                Some(&bp),
                Some(&hp),
                format!("x-stability-level went down from {} to {}", old.as_str(), new.as_str()),
            );
        }
    }

    /// Path-item parameters overridden by the operation's, keyed by location and name (path
    /// parameters by position in the template, so a consistent rename is no change).
    fn collect_parameters(
        document: &'d Resolver<'d>,
        item: &'d Value,
        item_pointer: &str,
        operation: &'d Value,
        operation_pointer: &str,
        path_names: &BTreeMap<String, String>,
    ) -> BTreeMap<(String, String), Parameter<'d>> {
        let mut parameters = BTreeMap::new();
        for (holder, at) in [(item, item_pointer), (operation, operation_pointer)] {
            let Some(list) = holder.get("parameters").and_then(Value::as_array) else { continue };
            for (index, parameter) in list.iter().enumerate() {
                let at = format!("{at}/parameters/{index}");
                let Some((parameter, at)) = document.deref(parameter, &at) else { continue };
                let name = parameter.get("name").and_then(Value::as_str).unwrap_or_default();
                let location = parameter.get("in").and_then(Value::as_str).unwrap_or_default();
                let key = match location {
                    "header" => name.to_ascii_lowercase(),
                    "path" => path_names.get(name).cloned().unwrap_or_else(|| name.to_owned()),
                    _ => name.to_owned(),
                };
                parameters.insert(
                    (location.to_owned(), key),
                    Parameter {
                        name: name.to_owned(),
                        location: location.to_owned(),
                        value: parameter,
                        pointer: at,
                    },
                );
            }
        }
        parameters
    }

    fn parameters(&mut self) {
        // Path parameters are matched by position: base name -> position, head too.
        let positions = |path: &str| -> BTreeMap<String, String> {
            template_names(path)
                .into_iter()
                .enumerate()
                .map(|(index, name)| (name.to_owned(), format!("#{index}")))
                .collect()
        };
        let old = Self::collect_parameters(
            self.cx.base,
            self.base_item,
            self.base_item_pointer,
            self.base,
            self.base_pointer,
            &positions(self.base_path),
        );
        let new = Self::collect_parameters(
            self.cx.head,
            self.head_item,
            self.head_item_pointer,
            self.head,
            self.head_pointer,
            &positions(self.head_path),
        );
        let keys: BTreeSet<&(String, String)> = old.keys().chain(new.keys()).collect();
        for key in keys {
            match (old.get(key), new.get(key)) {
                (Some(old), Some(new)) => self.parameter(old, new),
                (Some(old), None) => self.push(
                    par::REQUEST_PARAMETER_REMOVED,
                    Some(&old.pointer),
                    None,
                    format!("{} parameter `{}` removed", old.location, old.name),
                ),
                (None, Some(new)) => {
                    let (rule, kind) = if required(new.value) {
                        (par::NEW_REQUIRED_REQUEST_PARAMETER, "required")
                    } else {
                        (par::NEW_OPTIONAL_REQUEST_PARAMETER, "optional")
                    };
                    self.push(
                        rule,
                        None,
                        Some(&new.pointer),
                        format!("{kind} {} parameter `{}` added", new.location, new.name),
                    );
                }
                (None, None) => {}
            }
        }
    }

    fn parameter(&mut self, old: &Parameter<'d>, new: &Parameter<'d>) {
        let (bp, hp) = (Some(old.pointer.as_str()), Some(new.pointer.as_str()));
        let what = format!("{} parameter `{}`", new.location, new.name);
        match (required(old.value), required(new.value)) {
            (false, true) => self.push(
                par::REQUEST_PARAMETER_BECAME_REQUIRED,
                bp,
                hp,
                format!("{what} became required"),
            ),
            (true, false) => self.push(
                par::REQUEST_PARAMETER_BECAME_OPTIONAL,
                bp,
                hp,
                format!("{what} became optional"),
            ),
            _ => {}
        }
        let serialization = |parameter: &Parameter<'_>| {
            let value = parameter.value;
            let style = value.get("style").and_then(Value::as_str).unwrap_or(
                match parameter.location.as_str() {
                    "query" | "cookie" => "form",
                    _ => "simple",
                },
            );
            let explode = value.get("explode").and_then(Value::as_bool).unwrap_or(style == "form");
            let reserved = flag(value, "allowReserved");
            let media: Vec<String> = value
                .get("content")
                .and_then(Value::as_object)
                .map(|content| content.keys().map(|key| essence(key).into_owned()).collect())
                .unwrap_or_default();
            (style.to_owned(), explode, reserved, media)
        };
        let (old_form, new_form) = (serialization(old), serialization(new));
        if old_form != new_form {
            let describe = |form: &(String, bool, bool, Vec<String>)| {
                if form.3.is_empty() {
                    format!("style {}, explode {}, allowReserved {}", form.0, form.1, form.2)
                } else {
                    format!("content {}", form.3.join(", "))
                }
            };
            self.push(
                par::REQUEST_PARAMETER_SERIALIZATION_CHANGED,
                bp,
                hp,
                format!(
                    "{what}: serialization changed from {} to {}",
                    describe(&old_form),
                    describe(&new_form)
                ),
            );
        }
        let schema = |parameter: &Parameter<'d>| -> (&'d Value, String) {
            if let Some(schema) = parameter.value.get("schema") {
                return (schema, format!("{}/schema", parameter.pointer));
            }
            let content = parameter.value.get("content").and_then(Value::as_object);
            if let Some((media, entry)) = content.and_then(|content| content.iter().next())
                && let Some(schema) = entry.get("schema")
            {
                return (schema, pointer::child(&parameter.pointer, &["content", media, "schema"]));
            }
            (&ANY, String::new())
        };
        let (old_schema, new_schema) = (schema(old), schema(new));
        self.schema(
            (old_schema.0, &old_schema.1),
            (new_schema.0, &new_schema.1),
            Direction::Request,
            what,
        );
    }

    fn request_body(&mut self) {
        let base_at = format!("{}/requestBody", self.base_pointer);
        let head_at = format!("{}/requestBody", self.head_pointer);
        let old = self.base.get("requestBody").and_then(|b| self.cx.base.deref(b, &base_at));
        let new = self.head.get("requestBody").and_then(|b| self.cx.head.deref(b, &head_at));
        match (old, new) {
            (None, None) => {}
            (None, Some((new, at))) => {
                let (rule, kind) = if required(new) {
                    (body::REQUEST_BODY_ADDED_REQUIRED, "required")
                } else {
                    (body::REQUEST_BODY_ADDED_OPTIONAL, "optional")
                };
                self.push(rule, None, Some(&at), format!("{kind} request body added"));
            }
            (Some((_, at)), None) => {
                self.push(
                    body::REQUEST_BODY_REMOVED,
                    Some(&at),
                    None,
                    "request body removed".to_owned(),
                );
            }
            (Some((old, base_at)), Some((new, head_at))) => {
                match (required(old), required(new)) {
                    (false, true) => self.push(
                        body::REQUEST_BODY_BECAME_REQUIRED,
                        Some(&base_at),
                        Some(&head_at),
                        "request body became required".to_owned(),
                    ),
                    (true, false) => self.push(
                        body::REQUEST_BODY_BECAME_OPTIONAL,
                        Some(&base_at),
                        Some(&head_at),
                        "request body became optional".to_owned(),
                    ),
                    _ => {}
                }
                let matches = match_media(content(old), content(new), Direction::Request);
                for name in matches.removed {
                    self.push(
                        body::REQUEST_BODY_MEDIA_TYPE_REMOVED,
                        Some(&pointer::child(&base_at, &["content", name])),
                        Some(&head_at),
                        format!("request media type `{name}` removed"),
                    );
                }
                for name in matches.added {
                    self.push(
                        body::REQUEST_BODY_MEDIA_TYPE_ADDED,
                        Some(&base_at),
                        Some(&pointer::child(&head_at, &["content", name])),
                        format!("request media type `{name}` added"),
                    );
                }
                for (old_name, new_name, _) in matches.pairs {
                    self.media_schema(
                        (old, &base_at, old_name),
                        (new, &head_at, new_name),
                        Direction::Request,
                        "request body",
                    );
                }
            }
        }
    }

    fn media_schema(
        &mut self,
        (old, base_at, old_name): (&'d Value, &str, &str),
        (new, head_at, new_name): (&'d Value, &str, &str),
        direction: Direction,
        via: &str,
    ) {
        let schema = |holder: &'d Value, at: &str, name: &str| -> (&'d Value, String) {
            match holder.get("content").and_then(|c| c.get(name)).and_then(|m| m.get("schema")) {
                Some(schema) => (schema, pointer::child(at, &["content", name, "schema"])),
                None => (&ANY, String::new()),
            }
        };
        let (old_schema, old_at) = schema(old, base_at, old_name);
        let (new_schema, new_at) = schema(new, head_at, new_name);
        let via = if essence(new_name) == "application/json" {
            via.to_owned()
        } else {
            format!("{via} ({new_name})")
        };
        self.schema((old_schema, &old_at), (new_schema, &new_at), direction, via);
    }

    fn responses(&mut self) {
        let base_at = format!("{}/responses", self.base_pointer);
        let head_at = format!("{}/responses", self.head_pointer);
        let old = self.base.get("responses").and_then(Value::as_object).unwrap_or(&super::EMPTY);
        let new = self.head.get("responses").and_then(Value::as_object).unwrap_or(&super::EMPTY);
        for (status, old_response) in old {
            let old_at = pointer::child(&base_at, &[status]);
            let Some((old_response, old_at)) = self.cx.base.deref(old_response, &old_at) else {
                continue;
            };
            let Some(new_response) = new.get(status) else {
                let rule = if success(status) {
                    resp::RESPONSE_SUCCESS_STATUS_REMOVED
                } else {
                    resp::RESPONSE_NON_SUCCESS_STATUS_REMOVED
                };
                self.push(rule, Some(&old_at), None, format!("response {status} removed"));
                continue;
            };
            let new_at = pointer::child(&head_at, &[status]);
            let Some((new_response, new_at)) = self.cx.head.deref(new_response, &new_at) else {
                continue;
            };
            self.response(status, (old_response, &old_at), (new_response, &new_at));
        }
        for status in new.keys().filter(|status| !old.contains_key(*status)) {
            let rule = if success(status) {
                resp::RESPONSE_SUCCESS_STATUS_ADDED
            } else {
                resp::RESPONSE_NON_SUCCESS_STATUS_ADDED
            };
            self.push(
                rule,
                None,
                Some(&pointer::child(&head_at, &[status])),
                format!("response {status} added"),
            );
        }
    }

    fn response(&mut self, status: &str, old: (&'d Value, &str), new: (&'d Value, &str)) {
        let (old, base_at) = old;
        let (new, head_at) = new;
        let matches = match_media(content(old), content(new), Direction::Response);
        for name in matches.removed {
            self.push(
                resp::RESPONSE_MEDIA_TYPE_REMOVED,
                Some(&pointer::child(base_at, &["content", name])),
                Some(head_at),
                format!("response {status}: media type `{name}` removed"),
            );
        }
        for name in matches.added {
            self.push(
                resp::RESPONSE_MEDIA_TYPE_ADDED,
                Some(base_at),
                Some(&pointer::child(head_at, &["content", name])),
                format!("response {status}: media type `{name}` added"),
            );
        }
        for (old_name, new_name, relation) in matches.pairs {
            if relation == Relation::Generalized {
                self.push(
                    resp::RESPONSE_MEDIA_TYPE_NAME_GENERALIZED,
                    Some(&pointer::child(base_at, &["content", old_name])),
                    Some(&pointer::child(head_at, &["content", new_name])),
                    format!("response {status}: media type `{old_name}` became `{new_name}`"),
                );
            }
            self.media_schema(
                (old, base_at, old_name),
                (new, head_at, new_name),
                Direction::Response,
                &format!("response {status} body"),
            );
        }
        // Headers: names are case-insensitive.
        let headers = |document: &'d Resolver<'d>, response: &'d Value, at: &str| {
            let mut headers = BTreeMap::new();
            if let Some(map) = response.get("headers").and_then(Value::as_object) {
                for (name, header) in map {
                    let header_at = pointer::child(at, &["headers", name]);
                    if let Some((header, header_at)) = document.deref(header, &header_at) {
                        headers
                            .insert(name.to_ascii_lowercase(), (name.clone(), header, header_at));
                    }
                }
            }
            headers
        };
        let old_headers = headers(self.cx.base, old, base_at);
        let new_headers = headers(self.cx.head, new, head_at);
        for (key, (name, old_header, old_at)) in &old_headers {
            match new_headers.get(key) {
                None => {
                    let rule = if required(old_header) {
                        resp::REQUIRED_RESPONSE_HEADER_REMOVED
                    } else {
                        resp::OPTIONAL_RESPONSE_HEADER_REMOVED
                    };
                    self.push(
                        rule,
                        Some(old_at),
                        Some(head_at),
                        format!("response {status}: header `{name}` removed"),
                    );
                }
                Some((_, new_header, new_at)) => {
                    if required(old_header) && !required(new_header) {
                        self.push(
                            resp::RESPONSE_HEADER_BECAME_OPTIONAL,
                            Some(old_at),
                            Some(new_at),
                            format!("response {status}: header `{name}` became optional"),
                        );
                    }
                    let schema = |header: &'d Value, at: &str| match header.get("schema") {
                        Some(schema) => (schema, format!("{at}/schema")),
                        None => (&ANY, String::new()),
                    };
                    let (old_schema, old_schema_at) = schema(old_header, old_at);
                    let (new_schema, new_schema_at) = schema(new_header, new_at);
                    self.schema(
                        (old_schema, &old_schema_at),
                        (new_schema, &new_schema_at),
                        Direction::Response,
                        format!("response {status} header `{name}`"),
                    );
                }
            }
        }
        for (key, (name, _, new_at)) in &new_headers {
            if !old_headers.contains_key(key) {
                self.push(
                    resp::RESPONSE_HEADER_ADDED,
                    Some(base_at),
                    Some(new_at),
                    format!("response {status}: header `{name}` added"),
                );
            }
        }
    }

    fn security(&mut self) {
        let requirements = |document: &Resolver<'d>, operation: &Value, at: &str| {
            let (value, at) = match operation.get("security") {
                Some(value) => (Some(value), format!("{at}/security")),
                None => (document.root().get("security"), "/security".to_owned()),
            };
            let mut alternatives: Vec<Requirement> = Vec::new();
            for requirement in value.and_then(Value::as_array).into_iter().flatten() {
                let Some(requirement) = requirement.as_object() else { continue };
                alternatives.push(
                    requirement
                        .iter()
                        .map(|(scheme, scopes)| {
                            let scopes = scopes
                                .as_array()
                                .into_iter()
                                .flatten()
                                .filter_map(Value::as_str)
                                .map(str::to_owned)
                                .collect();
                            (scheme.clone(), scopes)
                        })
                        .collect(),
                );
            }
            if alternatives.is_empty() {
                alternatives.push(BTreeMap::new());
            }
            (alternatives, at)
        };
        let (old, base_at) = requirements(self.cx.base, self.base, self.base_pointer);
        let (new, head_at) = requirements(self.cx.head, self.head, self.head_pointer);
        let describe = |alternative: &Requirement| {
            if alternative.is_empty() {
                "no credentials".to_owned()
            } else {
                alternative
                    .iter()
                    .map(|(scheme, scopes)| {
                        if scopes.is_empty() {
                            format!("`{scheme}`")
                        } else {
                            let scopes: Vec<&str> = scopes.iter().map(String::as_str).collect();
                            format!("`{scheme}` ({})", scopes.join(", "))
                        }
                    })
                    .collect::<Vec<_>>()
                    .join(" + ")
            }
        };
        let mut found = Vec::new();
        // Credentials that were enough before and are not now: the operation closed up.
        for (alternative, scope_only) in unmet(&old, &new) {
            found.push(match scope_only {
                Some(candidate) => (
                    sec::API_SECURITY_SCOPE_ADDED,
                    format!(
                        "clients with {} now need {}",
                        describe(alternative),
                        describe(candidate)
                    ),
                ),
                None => (
                    sec::API_SECURITY_REQUIREMENT_ADDED,
                    format!(
                        "clients with {} are no longer accepted (now: {})",
                        describe(alternative),
                        new.iter().map(describe).collect::<Vec<_>>().join(" or ")
                    ),
                ),
            });
        }
        // Credentials accepted now that were refused before: the operation opened up.
        for (alternative, scope_only) in unmet(&new, &old) {
            found.push(match scope_only {
                Some(candidate) => (
                    sec::API_SECURITY_SCOPE_REMOVED,
                    format!(
                        "clients with {} are now enough (before: {})",
                        describe(alternative),
                        describe(candidate)
                    ),
                ),
                None => (
                    sec::API_SECURITY_REQUIREMENT_REMOVED,
                    format!("clients with {} are now accepted", describe(alternative)),
                ),
            });
        }
        let mut reported = BTreeSet::new();
        for (rule, message) in found {
            if reported.insert((rule.id, message.clone())) {
                self.push(rule, Some(&base_at), Some(&head_at), message);
            }
        }
        // The schemes both versions use.
        let used: BTreeSet<&String> = old.iter().chain(&new).flat_map(BTreeMap::keys).collect();
        for scheme in used {
            let find = |document: &'d Resolver<'d>| {
                let value =
                    document.root().get("components")?.get("securitySchemes")?.get(scheme)?;
                document.deref(value, &pointer::join(&["components", "securitySchemes", scheme]))
            };
            let (Some((old_scheme, old_at)), Some((new_scheme, new_at))) =
                (find(self.cx.base), find(self.cx.head))
            else {
                continue;
            };
            let shape = |value: &Value| {
                let text =
                    |key: &str| value.get(key).and_then(Value::as_str).map(str::to_ascii_lowercase);
                (text("type"), text("scheme"), text("in"), value.get("name").cloned())
            };
            let still_used = new.iter().any(|alternative| alternative.contains_key(scheme))
                && old.iter().any(|alternative| alternative.contains_key(scheme));
            if still_used && shape(old_scheme) != shape(new_scheme) {
                self.push(
                    sec::API_SECURITY_SCHEME_CHANGED,
                    Some(&old_at),
                    Some(&new_at),
                    format!("security scheme `{scheme}` changed how credentials are sent"),
                );
            }
        }
    }
}

/// One way to satisfy `security`: each scheme named, with the scopes it needs.
type Requirement = BTreeMap<String, BTreeSet<String>>;

/// The credentials in `held` that no alternative of `required` accepts, each with the
/// alternative that names the same schemes (so only scopes differ), when there is one.
fn unmet<'r>(
    held: &'r [Requirement],
    required: &'r [Requirement],
) -> Vec<(&'r Requirement, Option<&'r Requirement>)> {
    let accepts = |requirement: &Requirement, credentials: &Requirement| {
        requirement.iter().all(|(scheme, scopes)| {
            credentials.get(scheme).is_some_and(|have| scopes.is_subset(have))
        })
    };
    held.iter()
        .filter(|credentials| !required.iter().any(|requirement| accepts(requirement, credentials)))
        .map(|credentials| {
            let same_schemes = required.iter().find(|requirement| {
                requirement.keys().all(|scheme| credentials.contains_key(scheme))
            });
            (credentials, same_schemes)
        })
        .collect()
}

fn required(value: &Value) -> bool {
    flag(value, "required")
}

/// A status code of success: `2xx`, `2XX`.
fn success(status: &str) -> bool {
    status.starts_with('2')
}

fn content(holder: &Value) -> Vec<&str> {
    holder
        .get("content")
        .and_then(Value::as_object)
        .map(|content| content.keys().map(String::as_str).collect())
        .unwrap_or_default()
}

/// `Application/JSON; charset=utf-8` becomes `application/json`.
fn essence(media: &str) -> std::borrow::Cow<'_, str> {
    let essence = media.split(';').next().unwrap_or_default().trim();
    if essence.bytes().any(|byte| byte.is_ascii_uppercase()) {
        essence.to_ascii_lowercase().into()
    } else {
        // Nearly always: no allocation for `application/json`.
        essence.into()
    }
}

/// How a matched head media type relates to the base one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Relation {
    /// The same type (perhaps with other parameters).
    Same,
    /// Head is more general: `application/json` for `application/problem+json`, or a wildcard.
    Generalized,
    /// Head is more specific.
    Specialized,
}

fn relation(old: &str, new: &str) -> Option<Relation> {
    let (old, new) = (essence(old), essence(new));
    if old == new {
        return Some(Relation::Same);
    }
    let covers = |general: &str, specific: &str| {
        let (Some((general_type, general_sub)), Some((specific_type, specific_sub))) =
            (general.split_once('/'), specific.split_once('/'))
        else {
            return false;
        };
        if general_type == "*" {
            return true;
        }
        if general_type != specific_type {
            return false;
        }
        general_sub == "*"
            || specific_sub.rsplit_once('+').is_some_and(|(_, suffix)| suffix == general_sub)
    };
    if covers(&new, &old) {
        Some(Relation::Generalized)
    } else if covers(&old, &new) {
        Some(Relation::Specialized)
    } else {
        None
    }
}

struct MediaMatches<'v> {
    pairs: Vec<(&'v str, &'v str, Relation)>,
    removed: Vec<&'v str>,
    added: Vec<&'v str>,
}

/// Pairs base media types with head ones: the same essence first, then a related type.
/// A request may only be matched to a head type at least as general (a server that accepts
/// less is a removal); a response also to a more specific one.
fn match_media<'v>(old: Vec<&'v str>, new: Vec<&'v str>, direction: Direction) -> MediaMatches<'v> {
    // The same essence: through hash buckets, in order.
    let mut pairs = Vec::new();
    let mut old_free: Vec<usize> = (0..old.len()).collect();
    let mut new_free: Vec<usize> = (0..new.len()).collect();
    let mut same = Vec::new();
    super::keyed::match_pass(
        &mut old_free,
        &mut new_free,
        &mut same,
        |i| old.get(i).map(|name| essence(name)),
        |j| new.get(j).map(|name| essence(name)),
    );
    pairs.extend(
        same.into_iter().filter_map(|(i, j)| Some((*old.get(i)?, *new.get(j)?, Relation::Same))),
    );
    let mut old_free: Vec<&str> =
        old_free.into_iter().filter_map(|i| old.get(i).copied()).collect();
    let mut new_free: Vec<&str> =
        new_free.into_iter().filter_map(|j| new.get(j).copied()).collect();
    let related: &[Relation] = if direction == Direction::Request {
        &[Relation::Generalized]
    } else {
        &[Relation::Generalized, Relation::Specialized]
    };
    // Related types are found pair by pair; a content with thousands of unmatched types on
    // both sides (no real API has more than a handful) is left as removed and added.
    if old_free.len().saturating_mul(new_free.len()) <= MAX_RELATED_CANDIDATES {
        for &wanted in related {
            for name in std::mem::take(&mut old_free) {
                match new_free
                    .iter()
                    .position(|candidate| relation(name, candidate) == Some(wanted))
                {
                    Some(index) => pairs.push((name, new_free.remove(index), wanted)),
                    None => old_free.push(name),
                }
            }
        }
    }
    MediaMatches { pairs, removed: old_free, added: new_free }
}

/// How many (base, head) media types pairs the related passes of [`match_media`] may try.
const MAX_RELATED_CANDIDATES: usize = 1 << 16;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn media_types_relate() {
        assert_eq!(
            relation("application/problem+json", "application/json"),
            Some(Relation::Generalized)
        );
        assert_eq!(relation("application/json", "application/*"), Some(Relation::Generalized));
        assert_eq!(
            relation("application/json", "application/problem+json"),
            Some(Relation::Specialized)
        );
        assert_eq!(
            relation("application/json; charset=utf-8", "Application/JSON"),
            Some(Relation::Same)
        );
        assert_eq!(relation("application/json", "text/plain"), None);
    }
}
