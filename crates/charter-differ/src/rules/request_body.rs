//! Rules about request bodies: whether there is one, whether it is required, and its media
//! types. Changes to a body's schema are `request_schema` rules.

use super::{Rule, rule};

rule! {
    REQUEST_BODY_ADDED_REQUIRED = "request-body-added-required", Breaking, Request, RequestBody,
    oasdiff: ["request-body-added-required"],
    what: "An operation that took no body now requires one.",
    why: "Existing clients send no body and are rejected.",
    fix: "Make the body optional.",
}

rule! {
    REQUEST_BODY_ADDED_OPTIONAL = "request-body-added-optional", Info, Request, RequestBody,
    oasdiff: ["request-body-added-optional"],
    what: "An operation that took no body accepts an optional one.",
    why: "Existing clients send none and keep working.",
    fix: "Nothing.",
}

rule! {
    REQUEST_BODY_BECAME_REQUIRED = "request-body-became-required", Breaking, Request, RequestBody,
    oasdiff: ["request-body-became-required"],
    what: "An optional request body became required.",
    why: "Clients that omit it are rejected.",
    fix: "Keep it optional.",
}

rule! {
    REQUEST_BODY_BECAME_OPTIONAL = "request-body-became-optional", Info, Request, RequestBody,
    oasdiff: ["request-body-became-optional"],
    what: "A required request body became optional.",
    why: "Clients that send it keep working.",
    fix: "Nothing.",
}

rule! {
    REQUEST_BODY_REMOVED = "request-body-removed", Breaking, Request, RequestBody,
    oasdiff: ["request-body-removed"],
    what: "An operation no longer takes a request body.",
    why: "Clients still send one; the server ignores or rejects it, and what the body asked for \
          no longer happens.",
    fix: "Keep accepting the body.",
}

rule! {
    REQUEST_BODY_MEDIA_TYPE_ADDED = "request-body-media-type-added", Info, Request, RequestBody,
    oasdiff: ["request-body-media-type-added"],
    what: "A request body accepts a new media type.",
    why: "Clients using the old media types keep working.",
    fix: "Nothing.",
}

rule! {
    REQUEST_BODY_MEDIA_TYPE_REMOVED = "request-body-media-type-removed", Breaking, Request, RequestBody,
    oasdiff: ["request-body-media-type-removed"],
    what: "A request body no longer accepts a media type.",
    why: "Clients sending that media type get 415 Unsupported Media Type.",
    fix: "Keep accepting the media type.",
}

/// Rules of this family.
pub(crate) const RULES: &[&Rule] = &[
    REQUEST_BODY_ADDED_REQUIRED,
    REQUEST_BODY_ADDED_OPTIONAL,
    REQUEST_BODY_BECAME_REQUIRED,
    REQUEST_BODY_BECAME_OPTIONAL,
    REQUEST_BODY_REMOVED,
    REQUEST_BODY_MEDIA_TYPE_ADDED,
    REQUEST_BODY_MEDIA_TYPE_REMOVED,
];
