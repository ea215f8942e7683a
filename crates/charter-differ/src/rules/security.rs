//! Rules about security: the requirements an operation has (its own `security` or the
//! document's), and the schemes they name.

use super::{Rule, rule};

rule! {
    API_SECURITY_REQUIREMENT_ADDED = "api-security-requirement-added", Breaking, None, Security,
    oasdiff: ["api-security-added", "api-global-security-added"],
    what: "Credentials that satisfied an operation's security before no longer do: a scheme \
           is required where it was not, or an alternative was removed.",
    why: "Stricter than oasdiff, which reports security changes as info. Clients keep sending \
          what was enough before and are rejected with 401.",
    fix: "Keep accepting the old credentials as an alternative (`security` lists alternatives).",
}

rule! {
    API_SECURITY_SCOPE_ADDED = "api-security-scope-added", Breaking, None, Security,
    oasdiff: ["api-security-scope-added", "api-global-security-scope-added"],
    what: "An operation needs a scope its clients' tokens did not need.",
    why: "Stricter than oasdiff's info: tokens issued for the old scopes are rejected with 403.",
    fix: "Accept the old scopes, or require the new scope only in a new version.",
}

rule! {
    API_SECURITY_SCHEME_CHANGED = "api-security-scheme-changed", Breaking, None, Security,
    oasdiff: ["api-security-component-type-changed"],
    what: "A security scheme an operation uses changed its type, HTTP scheme, or the name or \
           place of its API key.",
    why: "Clients keep presenting credentials the old way.",
    fix: "Add the new scheme as an alternative instead of changing the old one.",
}

rule! {
    API_SECURITY_REQUIREMENT_REMOVED = "api-security-requirement-removed", Info, None, Security,
    oasdiff: ["api-security-removed", "api-global-security-removed"],
    what: "An operation accepts credentials it refused before: a scheme is no longer required, \
           or a new alternative was added.",
    why: "Every client that was accepted still is.",
    fix: "Nothing, if opening the operation is intended.",
}

rule! {
    API_SECURITY_SCOPE_REMOVED = "api-security-scope-removed", Info, None, Security,
    oasdiff: ["api-security-scope-removed", "api-global-security-scope-removed"],
    what: "An operation needs fewer scopes than before.",
    why: "Tokens that carried the old scopes still carry enough.",
    fix: "Nothing, if opening the operation is intended.",
}

/// Rules of this family.
pub(crate) const RULES: &[&Rule] = &[
    API_SECURITY_REQUIREMENT_ADDED,
    API_SECURITY_SCOPE_ADDED,
    API_SECURITY_SCHEME_CHANGED,
    API_SECURITY_REQUIREMENT_REMOVED,
    API_SECURITY_SCOPE_REMOVED,
];
