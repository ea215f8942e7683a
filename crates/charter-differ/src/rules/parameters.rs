//! Rules about path, query, header and cookie parameters, including those declared on the path
//! item. Changes to a parameter's schema are `request_schema` rules.

use super::{Rule, rule};

rule! {
    NEW_REQUIRED_REQUEST_PARAMETER = "new-required-request-parameter", Breaking, Request, Parameters,
    oasdiff: ["new-required-request-parameter", "new-request-path-parameter"],
    what: "An operation gained a required parameter.",
    why: "Existing clients do not send it, so their requests are rejected.",
    fix: "Make the parameter optional with a server-side default.",
}

rule! {
    NEW_OPTIONAL_REQUEST_PARAMETER = "new-optional-request-parameter", Info, Request, Parameters,
    oasdiff: ["new-optional-request-parameter"],
    what: "An operation gained an optional parameter.",
    why: "Existing clients do not send it and keep the old behaviour.",
    fix: "Nothing.",
}

rule! {
    REQUEST_PARAMETER_REMOVED = "request-parameter-removed", Warning, Request, Parameters,
    oasdiff: ["request-parameter-removed"],
    what: "An operation no longer declares a parameter.",
    why: "Clients that still send it are not rejected, but the server now ignores what they \
          ask for, which may change results silently.",
    fix: "Confirm that ignoring the parameter is harmless, or keep it.",
}

rule! {
    REQUEST_PARAMETER_BECAME_REQUIRED = "request-parameter-became-required", Breaking, Request, Parameters,
    oasdiff: ["request-parameter-became-required", "request-header-property-became-required"],
    what: "An optional parameter became required.",
    why: "Clients that omit it are rejected.",
    fix: "Keep it optional with a server-side default.",
}

rule! {
    REQUEST_PARAMETER_BECAME_OPTIONAL = "request-parameter-became-optional", Info, Request, Parameters,
    oasdiff: ["request-parameter-became-optional"],
    what: "A required parameter became optional.",
    why: "Clients that send it keep working.",
    fix: "Nothing.",
}

rule! {
    REQUEST_PARAMETER_SERIALIZATION_CHANGED = "request-parameter-serialization-changed", Breaking, Request, Parameters,
    oasdiff: [],
    what: "A parameter's `style`, `explode`, `allowReserved` or media type (`content`) changed.",
    why: "Clients keep encoding the value the old way (e.g. `ids=1,2` instead of \
          `ids=1&ids=2`), and the server now reads it differently or not at all.",
    fix: "Keep the serialization; add a new parameter if a new encoding is needed.",
}

/// Rules of this family.
pub(crate) const RULES: &[&Rule] = &[
    NEW_REQUIRED_REQUEST_PARAMETER,
    NEW_OPTIONAL_REQUEST_PARAMETER,
    REQUEST_PARAMETER_REMOVED,
    REQUEST_PARAMETER_BECAME_REQUIRED,
    REQUEST_PARAMETER_BECAME_OPTIONAL,
    REQUEST_PARAMETER_SERIALIZATION_CHANGED,
];
