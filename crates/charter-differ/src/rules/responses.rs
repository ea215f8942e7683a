//! Rules about responses: status codes, media types and headers. Changes to a response's schema
//! are `response_schema` rules.

use super::{Rule, rule};

rule! {
    RESPONSE_SUCCESS_STATUS_REMOVED = "response-success-status-removed", Breaking, Response, Responses,
    oasdiff: ["response-success-status-removed"],
    what: "A success (2xx) status code is no longer documented.",
    why: "Clients handle success by status; if the server answers another status, clients \
          generated from the old document treat it as an unexpected response.",
    fix: "Keep answering with the documented status.",
}

rule! {
    RESPONSE_SUCCESS_STATUS_ADDED = "response-success-status-added", Warning, Response, Responses,
    oasdiff: ["response-success-status-added"],
    what: "A new success (2xx) status code is documented.",
    why: "Stricter than oasdiff's info: a client generated from the old document treats an \
          undocumented status as an error, so when the server starts answering it, old \
          clients fail. It is safe only if old clients never trigger it.",
    fix: "Confirm that existing requests never get the new status.",
}

rule! {
    RESPONSE_NON_SUCCESS_STATUS_REMOVED = "response-non-success-status-removed", Info, Response, Responses,
    oasdiff: ["response-non-success-status-removed"],
    what: "An error status code (or `default`) is no longer documented.",
    why: "The server promises not to answer it; clients' handling of it becomes dead code.",
    fix: "Nothing.",
}

rule! {
    RESPONSE_NON_SUCCESS_STATUS_ADDED = "response-non-success-status-added", Info, Response, Responses,
    oasdiff: ["response-non-success-status-added"],
    what: "A new error status code is documented.",
    why: "Clients already handle unexpected errors generically.",
    fix: "Nothing.",
}

rule! {
    RESPONSE_MEDIA_TYPE_REMOVED = "response-media-type-removed", Breaking, Response, Responses,
    oasdiff: ["response-media-type-removed"],
    what: "A response no longer offers a media type, or lost its content.",
    why: "Clients asking for that media type (or expecting a body) get something else.",
    fix: "Keep offering the media type.",
}

rule! {
    RESPONSE_MEDIA_TYPE_ADDED = "response-media-type-added", Info, Response, Responses,
    oasdiff: ["response-media-type-added"],
    what: "A response offers a new media type.",
    why: "Clients negotiate the media types they know and keep getting them.",
    fix: "Nothing.",
}

rule! {
    RESPONSE_MEDIA_TYPE_NAME_GENERALIZED = "response-media-type-name-generalized", Breaking, Response, Responses,
    oasdiff: ["response-media-type-name-generalized"],
    what: "A response's media type became a wildcard (e.g. `application/json` to \
           `application/*`).",
    why: "Clients can no longer know which format they will get.",
    fix: "Keep the specific media type.",
}

rule! {
    REQUIRED_RESPONSE_HEADER_REMOVED = "required-response-header-removed", Breaking, Response, Responses,
    oasdiff: ["required-response-header-removed"],
    what: "A required response header is gone.",
    why: "Clients read it unconditionally.",
    fix: "Keep sending the header.",
}

rule! {
    OPTIONAL_RESPONSE_HEADER_REMOVED = "optional-response-header-removed", Warning, Response, Responses,
    oasdiff: ["optional-response-header-removed"],
    what: "An optional response header is gone.",
    why: "Clients must cope with its absence already, but lose what it told them.",
    fix: "Confirm no client depends on it.",
}

rule! {
    RESPONSE_HEADER_BECAME_OPTIONAL = "response-header-became-optional", Breaking, Response, Responses,
    oasdiff: ["response-header-became-optional"],
    what: "A required response header became optional.",
    why: "Clients read it unconditionally and fail when it is missing.",
    fix: "Keep it required.",
}

rule! {
    RESPONSE_HEADER_ADDED = "response-header-added", Info, Response, Responses,
    oasdiff: ["response-header-added"],
    what: "A response has a new header.",
    why: "Clients ignore headers they do not know.",
    fix: "Nothing.",
}

/// Rules of this family.
pub(crate) const RULES: &[&Rule] = &[
    RESPONSE_SUCCESS_STATUS_REMOVED,
    RESPONSE_SUCCESS_STATUS_ADDED,
    RESPONSE_NON_SUCCESS_STATUS_REMOVED,
    RESPONSE_NON_SUCCESS_STATUS_ADDED,
    RESPONSE_MEDIA_TYPE_REMOVED,
    RESPONSE_MEDIA_TYPE_ADDED,
    RESPONSE_MEDIA_TYPE_NAME_GENERALIZED,
    REQUIRED_RESPONSE_HEADER_REMOVED,
    OPTIONAL_RESPONSE_HEADER_REMOVED,
    RESPONSE_HEADER_BECAME_OPTIONAL,
    RESPONSE_HEADER_ADDED,
];
