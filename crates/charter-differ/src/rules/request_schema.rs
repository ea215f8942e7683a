//! Schema rules in the request direction: a change breaks when the new schema rejects a value
//! the old one accepted. "Property" means any schema position reached from a request: the body,
//! a property at any depth, array items, a parameter's schema. `readOnly` properties are not
//! part of a request.

use super::{Rule, rule};

rule! {
    REQUEST_PROPERTY_TYPE_CHANGED = "request-property-type-changed", Breaking, Request, Schema,
    oasdiff: ["request-property-type-changed", "request-body-type-changed", "request-parameter-type-changed", "request-parameter-property-type-changed", "request-parameter-property-type-specialized"],
    what: "A request schema's type or format changed to one that does not include the old one \
           (e.g. `string` to `integer`, `number` to `integer`, `int64` to `int32`, a format \
           added).",
    why: "Values clients send today no longer validate.",
    fix: "Keep the old type, or widen it (`integer` to `number`, `int32` to `int64`).",
}

rule! {
    REQUEST_PROPERTY_TYPE_GENERALIZED = "request-property-type-generalized", Info, Request, Schema,
    oasdiff: ["request-property-type-generalized", "request-body-type-generalized", "request-parameter-type-generalized", "request-parameter-property-type-generalized"],
    what: "A request schema's type or format widened (e.g. `integer` to `number`, `int32` to \
           `int64`, a format removed).",
    why: "Everything clients send today still validates.",
    fix: "Nothing.",
}

rule! {
    REQUEST_PROPERTY_ENUM_VALUE_REMOVED = "request-property-enum-value-removed", Breaking, Request, Schema,
    oasdiff: ["request-property-enum-value-removed", "request-body-enum-value-removed", "request-parameter-enum-value-removed", "request-parameter-property-enum-value-removed"],
    what: "A request enum lost a value.",
    why: "Clients sending that value are rejected.",
    fix: "Keep accepting the value.",
}

rule! {
    REQUEST_PROPERTY_ENUM_VALUE_ADDED = "request-property-enum-value-added", Info, Request, Schema,
    oasdiff: ["request-property-enum-value-added", "request-parameter-enum-value-added", "request-parameter-property-enum-value-added"],
    what: "A request enum gained a value.",
    why: "Existing clients do not send it.",
    fix: "Nothing.",
}

rule! {
    REQUEST_PROPERTY_BECAME_ENUM = "request-property-became-enum", Breaking, Request, Schema,
    oasdiff: ["request-property-became-enum", "request-body-became-enum", "request-parameter-became-enum", "request-header-property-became-enum"],
    what: "A request schema that took any value of its type is now an enum.",
    why: "Clients sending other values are rejected.",
    fix: "Keep accepting any value.",
}

rule! {
    REQUEST_PROPERTY_X_EXTENSIBLE_ENUM_VALUE_REMOVED = "request-property-x-extensible-enum-value-removed", Breaking, Request, Schema,
    oasdiff: ["request-property-x-extensible-enum-value-removed", "request-parameter-x-extensible-enum-value-removed"],
    what: "A value was removed from an `x-extensible-enum` list in a request.",
    why: "The list names the values the server understands; clients sending the removed one \
          are no longer understood.",
    fix: "Keep the value.",
}

rule! {
    REQUEST_PROPERTY_BECAME_NOT_NULLABLE = "request-property-became-not-nullable", Breaking, Request, Schema,
    oasdiff: ["request-property-became-not-nullable", "request-body-became-not-nullable", "request-parameter-became-not-nullable", "request-parameter-property-became-not-nullable"],
    what: "A request schema no longer accepts `null`.",
    why: "Clients sending `null` are rejected (generated Rust clients send `None` as `null`).",
    fix: "Keep `nullable: true`.",
}

rule! {
    REQUEST_PROPERTY_BECAME_NULLABLE = "request-property-became-nullable", Info, Request, Schema,
    oasdiff: ["request-property-became-nullable", "request-body-became-nullable", "request-parameter-became-nullable", "request-parameter-property-became-nullable"],
    what: "A request schema accepts `null` too.",
    why: "Everything clients send today still validates.",
    fix: "Nothing.",
}

rule! {
    REQUEST_PROPERTY_BECAME_REQUIRED = "request-property-became-required", Breaking, Request, Schema,
    oasdiff: ["request-property-became-required", "request-property-became-required-with-default"],
    what: "An optional request property became required (a `readOnly` one counts as absent \
           from requests).",
    why: "Clients that omit it are rejected.",
    fix: "Keep it optional; the server can apply a default.",
}

rule! {
    REQUEST_PROPERTY_BECAME_OPTIONAL = "request-property-became-optional", Info, Request, Schema,
    oasdiff: ["request-property-became-optional"],
    what: "A required request property became optional.",
    why: "Clients that send it keep working.",
    fix: "Nothing.",
}

rule! {
    NEW_REQUIRED_REQUEST_PROPERTY = "new-required-request-property", Breaking, Request, Schema,
    oasdiff: ["new-required-request-property", "new-required-request-property-with-default"],
    what: "A request schema gained a required property (or a required `readOnly` property \
           stopped being read-only).",
    why: "Existing clients do not send it and are rejected.",
    fix: "Make it optional; the server can apply a default.",
}

rule! {
    NEW_OPTIONAL_REQUEST_PROPERTY = "new-optional-request-property", Info, Request, Schema,
    oasdiff: ["new-optional-request-property"],
    what: "A request schema gained an optional property.",
    why: "Existing clients do not send it and keep the old behaviour.",
    fix: "Nothing.",
}

rule! {
    REQUEST_PROPERTY_REMOVED = "request-property-removed", Warning, Request, Schema,
    oasdiff: ["request-property-removed"],
    what: "A request schema no longer declares a property, and still accepts unknown \
           properties.",
    why: "Clients that still send it are not rejected, but the server now ignores it, which \
          may change what their requests do.",
    fix: "Confirm that ignoring the property is harmless.",
}

rule! {
    REQUEST_CLOSED_PROPERTY_REMOVED = "request-closed-property-removed", Breaking, Request, Schema,
    oasdiff: [],
    what: "A request schema with `additionalProperties: false` no longer declares a property.",
    why: "Stricter than oasdiff's warning: the server rejects unknown properties, and old \
          clients still send this one (a generated Rust client serializes every field of its \
          struct).",
    fix: "Keep the property (ignore it on the server), or allow additional properties.",
}

rule! {
    REQUEST_ADDITIONAL_PROPERTIES_DISALLOWED = "request-additional-properties-disallowed", Breaking, Request, Schema,
    oasdiff: [],
    what: "A request schema that accepted undeclared properties now has `additionalProperties: \
           false`.",
    why: "Clients sending properties the schema does not declare are rejected.",
    fix: "Keep accepting additional properties.",
}

rule! {
    REQUEST_PROPERTY_MAX_DECREASED = "request-property-max-decreased", Breaking, Request, Schema,
    oasdiff: ["request-property-max-decreased", "request-body-max-decreased", "request-parameter-max-decreased", "request-property-exclusive-max-decreased", "request-parameter-exclusive-max-decreased", "request-property-max-set", "request-parameter-max-set"],
    what: "A request schema's upper bound (`maximum`, `exclusiveMaximum`) is lower, or was \
           added.",
    why: "Stricter than oasdiff for a new bound (a warning there): values clients may send \
          today are rejected.",
    fix: "Keep the old bound.",
}

rule! {
    REQUEST_PROPERTY_MIN_INCREASED = "request-property-min-increased", Breaking, Request, Schema,
    oasdiff: ["request-property-min-increased", "request-body-min-increased", "request-parameter-min-increased", "request-property-exclusive-min-increased", "request-parameter-exclusive-min-increased", "request-property-min-set", "request-parameter-min-set"],
    what: "A request schema's lower bound (`minimum`, `exclusiveMinimum`) is higher, or was \
           added.",
    why: "Values clients may send today are rejected.",
    fix: "Keep the old bound.",
}

rule! {
    REQUEST_PROPERTY_MAX_LENGTH_DECREASED = "request-property-max-length-decreased", Breaking, Request, Schema,
    oasdiff: ["request-property-max-length-decreased", "request-body-max-length-decreased", "request-parameter-max-length-decreased", "request-property-max-length-set", "request-parameter-max-length-set"],
    what: "A request string's `maxLength` is lower, or was added.",
    why: "Stricter than oasdiff for a new limit (a warning there): longer strings clients send \
          today are rejected.",
    fix: "Keep the old limit.",
}

rule! {
    REQUEST_PROPERTY_MIN_LENGTH_INCREASED = "request-property-min-length-increased", Breaking, Request, Schema,
    oasdiff: ["request-property-min-length-increased", "request-body-min-length-increased", "request-parameter-min-length-increased"],
    what: "A request string's `minLength` is higher.",
    why: "Shorter strings clients send today are rejected.",
    fix: "Keep the old limit.",
}

rule! {
    REQUEST_PROPERTY_MAX_ITEMS_DECREASED = "request-property-max-items-decreased", Breaking, Request, Schema,
    oasdiff: ["request-property-max-items-decreased", "request-parameter-max-items-decreased"],
    what: "A request array's `maxItems` is lower, or was added.",
    why: "Longer arrays clients send today are rejected.",
    fix: "Keep the old limit.",
}

rule! {
    REQUEST_PROPERTY_MIN_ITEMS_INCREASED = "request-property-min-items-increased", Breaking, Request, Schema,
    oasdiff: ["request-property-min-items-increased", "request-body-min-items-increased", "request-parameter-min-items-increased", "request-property-min-items-set", "request-parameter-min-items-set"],
    what: "A request array's `minItems` is higher.",
    why: "Shorter arrays clients send today are rejected.",
    fix: "Keep the old limit.",
}

rule! {
    REQUEST_PROPERTY_PATTERN_ADDED = "request-property-pattern-added", Breaking, Request, Schema,
    oasdiff: ["request-property-pattern-added", "request-parameter-pattern-added"],
    what: "A request string gained a `pattern`.",
    why: "Strings clients send today may not match it.",
    fix: "Do not add the pattern in this version.",
}

rule! {
    REQUEST_PROPERTY_PATTERN_CHANGED = "request-property-pattern-changed", Warning, Request, Schema,
    oasdiff: ["request-property-pattern-changed", "request-parameter-pattern-changed"],
    what: "A request string's `pattern` changed to one that is not known to accept everything.",
    why: "Whether one regular expression accepts everything another does cannot be decided in \
          general; strings clients send today may no longer match.",
    fix: "Check that the new pattern accepts every string the old one did.",
}

rule! {
    REQUEST_PROPERTY_CONSTRAINT_RELAXED = "request-property-constraint-relaxed", Info, Request, Schema,
    oasdiff: ["request-property-max-increased", "request-property-min-decreased", "request-property-max-length-increased", "request-property-min-length-decreased", "request-parameter-max-increased", "request-parameter-min-decreased", "request-parameter-max-length-increased", "request-parameter-min-length-decreased", "request-parameter-max-items-increased", "request-parameter-min-items-decreased", "request-property-pattern-removed", "request-parameter-pattern-removed", "request-property-pattern-generalized", "request-parameter-pattern-generalized"],
    what: "A request schema accepts more: a bound, length or item limit loosened or removed, a \
           pattern removed or replaced by one accepting everything, an enum or \
           `additionalProperties: false` dropped.",
    why: "Everything clients send today still validates.",
    fix: "Nothing.",
}

rule! {
    REQUEST_PROPERTY_DEFAULT_VALUE_CHANGED = "request-property-default-value-changed", Breaking, Request, Schema,
    oasdiff: ["request-parameter-default-value-changed", "request-parameter-default-value-added", "request-parameter-default-value-removed", "request-property-default-value-changed", "request-body-default-value-changed"],
    what: "The `default` of a request value (parameter or property) changed, appeared or \
           disappeared.",
    why: "Clients that omit the value relied on the server applying the old default; they now \
          get different behaviour without changing anything. oasdiff treats this as breaking \
          for parameters only; the reason holds for body properties too.",
    fix: "Keep the old default.",
}

rule! {
    REQUEST_PROPERTY_ONE_OF_REMOVED = "request-property-one-of-removed", Breaking, Request, Schema,
    oasdiff: ["request-property-one-of-removed", "request-body-one-of-removed"],
    what: "A `oneOf` in a request lost a variant.",
    why: "Clients sending that variant are rejected, unless another variant happens to accept \
          it; even then the variant is gone from the enum a generated client builds requests \
          with, and code naming it no longer compiles.",
    fix: "Keep the variant.",
}

rule! {
    REQUEST_PROPERTY_ANY_OF_REMOVED = "request-property-any-of-removed", Breaking, Request, Schema,
    oasdiff: ["request-property-any-of-removed", "request-body-any-of-removed"],
    what: "An `anyOf` in a request lost a variant.",
    why: "Clients sending that variant are rejected, unless another variant happens to accept \
          it; even then the variant is gone from the enum a generated client builds requests \
          with, and code naming it no longer compiles.",
    fix: "Keep the variant.",
}

rule! {
    REQUEST_PROPERTY_ONE_OF_ADDED = "request-property-one-of-added", Info, Request, Schema,
    oasdiff: ["request-property-one-of-added", "request-body-one-of-added"],
    what: "A `oneOf` in a request gained a variant.",
    why: "Clients send the variants they know, which still validate (unless the new variant \
          overlaps an old one: check that no value matches two).",
    fix: "Nothing, if the variants do not overlap.",
}

rule! {
    REQUEST_PROPERTY_ANY_OF_ADDED = "request-property-any-of-added", Info, Request, Schema,
    oasdiff: ["request-property-any-of-added", "request-body-any-of-added"],
    what: "An `anyOf` in a request gained a variant.",
    why: "Everything clients send today still validates.",
    fix: "Nothing.",
}

rule! {
    REQUEST_BODY_WRAPPED_IN_ONE_OF = "request-body-wrapped-in-one-of", Breaking, Request, Schema,
    oasdiff: ["request-body-wrapped-in-one-of"],
    what: "A request schema was replaced by a `oneOf` of several variants.",
    why: "A value must now match exactly one variant; values clients send today may match \
          none, or several, and are rejected.",
    fix: "Keep the old schema, or use `anyOf` with the old schema as one variant.",
}

rule! {
    REQUEST_PROPERTY_ALL_OF_ADDED = "request-property-all-of-added", Breaking, Request, Schema,
    oasdiff: ["request-property-all-of-added", "request-body-all-of-added"],
    what: "An `allOf` in a request gained a member with constraints.",
    why: "Every request must now satisfy one more schema; values clients send today may not.",
    fix: "Do not add constraints to a request schema in this version.",
}

rule! {
    REQUEST_PROPERTY_ALL_OF_REMOVED = "request-property-all-of-removed", Info, Request, Schema,
    oasdiff: ["request-property-all-of-removed", "request-body-all-of-removed"],
    what: "An `allOf` in a request lost a member.",
    why: "One constraint fewer: everything clients send today still validates (properties the \
          member declared are reported on their own).",
    fix: "Nothing.",
}

rule! {
    REQUEST_PROPERTY_DISCRIMINATOR_PROPERTY_NAME_CHANGED = "request-property-discriminator-property-name-changed", Breaking, Request, Schema,
    oasdiff: ["request-property-discriminator-property-name-changed", "request-body-discriminator-property-name-changed"],
    what: "The `discriminator.propertyName` of a request schema changed.",
    why: "Stricter than oasdiff's info: the server now looks for the variant's name in another \
          property, which clients do not send.",
    fix: "Keep the property name.",
}

rule! {
    REQUEST_PROPERTY_DISCRIMINATOR_MAPPING_DELETED = "request-property-discriminator-mapping-deleted", Breaking, Request, Schema,
    oasdiff: ["request-property-discriminator-mapping-deleted", "request-property-discriminator-mapping-changed", "request-body-discriminator-mapping-deleted", "request-body-discriminator-mapping-changed"],
    what: "A discriminator value of a request schema was removed or now maps to another schema.",
    why: "Stricter than oasdiff's info: clients sending that value are rejected or read as \
          another variant.",
    fix: "Keep the mapping.",
}

rule! {
    REQUEST_PROPERTY_DISCRIMINATOR_MAPPING_ADDED = "request-property-discriminator-mapping-added", Info, Request, Schema,
    oasdiff: ["request-property-discriminator-mapping-added", "request-body-discriminator-mapping-added"],
    what: "A request schema's discriminator gained a value.",
    why: "Existing clients do not send it.",
    fix: "Nothing.",
}

rule! {
    REQUEST_PROPERTY_DISCRIMINATOR_ADDED = "request-property-discriminator-added", Info, Request, Schema,
    oasdiff: ["request-property-discriminator-added", "request-body-discriminator-added"],
    what: "A request schema gained a discriminator.",
    why: "It names a property that selects the variant; a client that sends valid variants \
          keeps sending them. Generated clients change shape on regeneration only.",
    fix: "Nothing; make sure every variant already carries the discriminator property.",
}

rule! {
    REQUEST_PROPERTY_DISCRIMINATOR_REMOVED = "request-property-discriminator-removed", Info, Request, Schema,
    oasdiff: ["request-property-discriminator-removed", "request-body-discriminator-removed"],
    what: "A request schema lost its discriminator.",
    why: "The server now tells variants apart by their shape; what clients send still matches.",
    fix: "Nothing.",
}

rule! {
    REQUEST_PROPERTY_BECAME_CONST = "request-property-became-const", Breaking, Request, Schema,
    oasdiff: [],
    what: "A request schema that took any value of its type now takes one value (`const: v`, \
           or `enum: [v]`: the same meaning).",
    why: "Clients sending any other value are rejected.",
    fix: "Keep accepting the other values, or make the change in a new version.",
}

rule! {
    REQUEST_PROPERTY_CONST_REMOVED = "request-property-const-removed", Info, Request, Schema,
    oasdiff: [],
    what: "A request schema that took one value (`const`, or an enum of one) takes any value of \
           its type.",
    why: "The value clients send today is still accepted.",
    fix: "Nothing.",
}

rule! {
    REQUEST_PROPERTY_CONST_CHANGED = "request-property-const-changed", Breaking, Request, Schema,
    oasdiff: [],
    what: "A request schema's only value (`const`, or an enum of one) is another value.",
    why: "The value clients send today is rejected.",
    fix: "Keep the old value accepted (an `enum` of both), or change it in a new version.",
}

rule! {
    REQUEST_PROPERTY_TYPE_LIST_WIDENED = "request-property-type-list-widened", Info, Request, Schema,
    oasdiff: [],
    what: "A request schema accepts more types (a `type` array gained a type, e.g. `string` to \
           `[string, integer]`).",
    why: "Everything clients send today still validates.",
    fix: "Nothing.",
}

rule! {
    REQUEST_PROPERTY_TYPE_LIST_NARROWED = "request-property-type-list-narrowed", Breaking, Request, Schema,
    oasdiff: [],
    what: "A request schema accepts fewer types (a `type` array lost a type, e.g. \
           `[string, integer]` to `string`).",
    why: "Clients sending a value of the removed type are rejected.",
    fix: "Keep the type in the list.",
}

rule! {
    REQUEST_PROPERTY_PREFIX_ITEMS_ADDED = "request-property-prefix-items-added", Breaking, Request, Schema,
    oasdiff: [],
    what: "A request array has more `prefixItems`: a position that took any item (or whatever \
           `items` allowed) now has a schema of its own.",
    why: "An item clients send at that position may no longer validate.",
    fix: "Leave the position unconstrained, or constrain it in a new version.",
}

rule! {
    REQUEST_PROPERTY_PREFIX_ITEMS_REMOVED = "request-property-prefix-items-removed", Info, Request, Schema,
    oasdiff: [],
    what: "A request array has fewer `prefixItems`: a position lost its own schema.",
    why: "The position accepts what `items` allows; clients' arrays still validate unless \
          `items` is stricter (compared as `items`).",
    fix: "Nothing.",
}

rule! {
    REQUEST_PROPERTY_KEYWORD_ADDED = "request-property-keyword-added", Breaking, Request, Schema,
    oasdiff: ["request-property-contains-added", "request-property-if-added", "request-property-dependent-required-added", "request-property-dependent-schema-added", "request-property-pattern-property-added", "request-property-property-names-added", "request-property-unevaluated-added", "request-property-content-schema-added"],
    what: "A request schema gained a constraint keyword that has no rule of its own: \
           `not`, `if`/`then`/`else`, `contains`, `minContains`/`maxContains`, `propertyNames`, \
           `patternProperties`, `dependentRequired`, `dependentSchemas`, `unevaluatedProperties`, \
           `unevaluatedItems`, `contentMediaType`, `contentEncoding`, `contentSchema`, \
           `multipleOf`, `uniqueItems`, `minProperties`/`maxProperties`.",
    why: "The keyword rejects values the schema accepted; which ones the differ does not work \
          out, so it assumes some that clients send.",
    fix: "Leave the constraint out, or add it in a new version.",
}

rule! {
    REQUEST_PROPERTY_KEYWORD_REMOVED = "request-property-keyword-removed", Info, Request, Schema,
    oasdiff: [],
    what: "A request schema lost a constraint keyword that has no rule of its own (the list of \
           `request-property-keyword-added`).",
    why: "Everything clients send today still validates.",
    fix: "Nothing.",
}

rule! {
    REQUEST_PROPERTY_KEYWORD_CHANGED = "request-property-keyword-changed", Breaking, Request, Schema,
    oasdiff: ["request-property-dependent-required-changed", "request-property-max-contains-decreased", "request-property-min-contains-increased", "request-property-content-media-type-changed", "request-property-content-encoding-changed"],
    what: "A request schema's constraint keyword with no rule of its own (the list of \
           `request-property-keyword-added`) has another value.",
    why: "The differ does not work out whether the new value accepts everything the old one did, \
          so it assumes it does not.",
    fix: "Keep the value; if the change only accepts more, waive the finding saying so.",
}

rule! {
    REQUEST_PROPERTY_RUST_TYPE_CHANGED = "request-property-rust-type-changed", Breaking, Request, Schema,
    oasdiff: [],
    what: "A request schema still accepts every value it accepted, but the type a generated Rust client gives it changed (e.g. `String` became an enum, a plain type an untagged enum, an inline enum a named one).",
    why: "Every request clients send today is still accepted, so their traffic is unaffected, but code written against the regenerated Rust client builds this value with the old type and stops compiling. Reported only where the comparison of accepted values proved the wire safe; the finding's impact is `rust-client`, a warning in stable versions unless the policy is `--fail-on client`.",
    fix: "Nothing for existing HTTP clients. Release the Rust client as a breaking version (Charter's client versions do), and say in its changelog how to build the new type.",
}

/// Rules of this family.
pub(crate) const RULES: &[&Rule] = &[
    REQUEST_PROPERTY_TYPE_CHANGED,
    REQUEST_PROPERTY_TYPE_GENERALIZED,
    REQUEST_PROPERTY_ENUM_VALUE_REMOVED,
    REQUEST_PROPERTY_ENUM_VALUE_ADDED,
    REQUEST_PROPERTY_BECAME_ENUM,
    REQUEST_PROPERTY_X_EXTENSIBLE_ENUM_VALUE_REMOVED,
    REQUEST_PROPERTY_BECAME_NOT_NULLABLE,
    REQUEST_PROPERTY_BECAME_NULLABLE,
    REQUEST_PROPERTY_BECAME_REQUIRED,
    REQUEST_PROPERTY_BECAME_OPTIONAL,
    NEW_REQUIRED_REQUEST_PROPERTY,
    NEW_OPTIONAL_REQUEST_PROPERTY,
    REQUEST_PROPERTY_REMOVED,
    REQUEST_CLOSED_PROPERTY_REMOVED,
    REQUEST_ADDITIONAL_PROPERTIES_DISALLOWED,
    REQUEST_PROPERTY_MAX_DECREASED,
    REQUEST_PROPERTY_MIN_INCREASED,
    REQUEST_PROPERTY_MAX_LENGTH_DECREASED,
    REQUEST_PROPERTY_MIN_LENGTH_INCREASED,
    REQUEST_PROPERTY_MAX_ITEMS_DECREASED,
    REQUEST_PROPERTY_MIN_ITEMS_INCREASED,
    REQUEST_PROPERTY_PATTERN_ADDED,
    REQUEST_PROPERTY_PATTERN_CHANGED,
    REQUEST_PROPERTY_CONSTRAINT_RELAXED,
    REQUEST_PROPERTY_DEFAULT_VALUE_CHANGED,
    REQUEST_PROPERTY_ONE_OF_REMOVED,
    REQUEST_PROPERTY_ANY_OF_REMOVED,
    REQUEST_PROPERTY_ONE_OF_ADDED,
    REQUEST_PROPERTY_ANY_OF_ADDED,
    REQUEST_BODY_WRAPPED_IN_ONE_OF,
    REQUEST_PROPERTY_ALL_OF_ADDED,
    REQUEST_PROPERTY_ALL_OF_REMOVED,
    REQUEST_PROPERTY_DISCRIMINATOR_PROPERTY_NAME_CHANGED,
    REQUEST_PROPERTY_DISCRIMINATOR_MAPPING_DELETED,
    REQUEST_PROPERTY_DISCRIMINATOR_MAPPING_ADDED,
    REQUEST_PROPERTY_DISCRIMINATOR_ADDED,
    REQUEST_PROPERTY_DISCRIMINATOR_REMOVED,
    REQUEST_PROPERTY_BECAME_CONST,
    REQUEST_PROPERTY_CONST_REMOVED,
    REQUEST_PROPERTY_CONST_CHANGED,
    REQUEST_PROPERTY_TYPE_LIST_WIDENED,
    REQUEST_PROPERTY_TYPE_LIST_NARROWED,
    REQUEST_PROPERTY_PREFIX_ITEMS_ADDED,
    REQUEST_PROPERTY_PREFIX_ITEMS_REMOVED,
    REQUEST_PROPERTY_KEYWORD_ADDED,
    REQUEST_PROPERTY_KEYWORD_REMOVED,
    REQUEST_PROPERTY_KEYWORD_CHANGED,
    REQUEST_PROPERTY_RUST_TYPE_CHANGED,
];
