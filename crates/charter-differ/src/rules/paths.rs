//! Rules about versions, paths and operations: added, removed, deprecated, renamed, and their
//! declared stability.

use super::{Rule, rule};

rule! {
    API_VERSION_REMOVED = "api-version-removed", Breaking, None, Paths,
    oasdiff: [],
    what: "A version of the API present at the base is gone at head.",
    why: "Every client of that version loses every endpoint at once.",
    fix: "Keep the version until its clients have moved; remove it in a release that announces \
          the removal.",
}

rule! {
    ENDPOINT_ADDED = "endpoint-added", Info, None, Paths,
    oasdiff: ["endpoint-added"],
    what: "A new operation (method and path).",
    why: "Existing clients do not call it; nothing they do changes.",
    fix: "Nothing.",
}

rule! {
    API_PATH_REMOVED_WITHOUT_DEPRECATION = "api-path-removed-without-deprecation", Breaking, None, Paths,
    oasdiff: ["api-path-removed-without-deprecation"],
    what: "A path is gone, with an operation that was not deprecated.",
    why: "Clients calling it get 404 from now on.",
    fix: "Restore the path, or deprecate the operation (`deprecated: true`) in a release before \
          removing it.",
}

rule! {
    API_REMOVED_WITHOUT_DEPRECATION = "api-removed-without-deprecation", Breaking, None, Paths,
    oasdiff: ["api-removed-without-deprecation"],
    what: "An operation is gone from a path that still exists, and it was not deprecated.",
    why: "Clients calling it get 404 or 405 from now on.",
    fix: "Restore the operation, or deprecate it in a release before removing it.",
}

rule! {
    API_REMOVED_WITH_DEPRECATION = "api-removed-with-deprecation", Warning, None, Paths,
    oasdiff: ["api-removed-with-deprecation", "api-path-removed-with-deprecation"],
    what: "A deprecated operation is gone.",
    why: "Deprecation announced the removal, so clients were warned; those that did not move \
          still break, so a person should confirm the deprecation period is over.",
    fix: "Confirm clients have moved off the operation.",
}

rule! {
    ENDPOINT_DEPRECATED = "endpoint-deprecated", Info, None, Paths,
    oasdiff: ["endpoint-deprecated"],
    what: "An operation became deprecated.",
    why: "It still works; clients are told to move.",
    fix: "Nothing; remove it later with `api-removed-with-deprecation`.",
}

rule! {
    API_OPERATION_ID_CHANGED = "api-operation-id-changed", Breaking, None, Paths,
    oasdiff: ["api-operation-id-removed", "api-operation-id-added"],
    what: "An operation's `operationId` was changed, added or removed.",
    why: "Stricter than oasdiff, which reports it as info because the wire format does not \
          change. Generated clients (progenitor) name their methods after the operationId, so \
          the next regeneration of a client renames a method and every caller stops compiling: \
          a breaking change to the client library that ships with the contract.",
    fix: "Keep the old operationId; rename it only in a new version.",
}

rule! {
    API_STABILITY_DECREASED = "api-stability-decreased", Breaking, None, Paths,
    oasdiff: ["api-stability-decreased"],
    what: "An operation's `x-stability-level` went down (e.g. `stable` to `beta`).",
    why: "Clients relied on the stronger promise; a lower level withdraws it.",
    fix: "Keep the level, or introduce the change in a new version.",
}

rule! {
    API_INVALID_STABILITY_LEVEL = "api-invalid-stability-level", Breaking, None, Paths,
    oasdiff: ["api-invalid-stability-level"],
    what: "An operation's `x-stability-level` is not one of `draft`, `alpha`, `beta`, \
           `stable`.",
    why: "The differ cannot tell which promise the operation makes, so it cannot judge it.",
    fix: "Use one of the four levels.",
}

rule! {
    WEBHOOK_ADDED = "webhook-added", Info, None, Paths,
    oasdiff: [],
    what: "A new webhook (OpenAPI 3.1 `webhooks`): the API sends a new kind of request.",
    why: "Consumers receive it only once they subscribe or register for it.",
    fix: "Nothing.",
}

rule! {
    WEBHOOK_REMOVED = "webhook-removed", Breaking, None, Paths,
    oasdiff: [],
    what: "A webhook (or one of its methods) is gone: the API no longer sends that request.",
    why: "Consumers that act on it stop hearing about the events it carried.",
    fix: "Keep sending it until consumers have moved, or remove it in a new version.",
}

/// Rules of this family.
pub(crate) const RULES: &[&Rule] = &[
    API_VERSION_REMOVED,
    ENDPOINT_ADDED,
    API_PATH_REMOVED_WITHOUT_DEPRECATION,
    API_REMOVED_WITHOUT_DEPRECATION,
    API_REMOVED_WITH_DEPRECATION,
    ENDPOINT_DEPRECATED,
    API_OPERATION_ID_CHANGED,
    API_STABILITY_DECREASED,
    API_INVALID_STABILITY_LEVEL,
    WEBHOOK_ADDED,
    WEBHOOK_REMOVED,
];
