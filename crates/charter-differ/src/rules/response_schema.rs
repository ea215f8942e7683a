//! Schema rules in the response direction: a change breaks when the new schema allows a value
//! the old one did not, because clients were written (or generated) against the old one.
//! "Property" means any schema position reached from a response: the body, a property at any
//! depth, array items, a header's schema. `writeOnly` properties are not part of a response.

use super::{Rule, rule};

rule! {
    RESPONSE_PROPERTY_TYPE_CHANGED = "response-property-type-changed", Breaking, Response, Schema,
    oasdiff: ["response-property-type-changed", "response-body-type-changed", "response-header-type-changed"],
    what: "A response schema's type changed to an unrelated one (e.g. `string` to `integer`).",
    why: "Clients decode the old type and fail on the new one.",
    fix: "Keep the type; add a new property with the new type instead.",
}

rule! {
    RESPONSE_PROPERTY_TYPE_GENERALIZED = "response-property-type-generalized", Breaking, Response, Schema,
    oasdiff: ["response-property-type-generalized", "response-body-type-generalized", "response-header-type-generalized"],
    what: "A response schema's type or format widened (e.g. `integer` to `number`, `int32` to \
           `int64`, `date-time` to any string).",
    why: "Clients decode into the narrower type: an `i32` field fails on a 64-bit value, an \
          integer on `1.5`, a `DateTime` on free text. oasdiff counts format changes as type \
          changes too; this rule names the widening explicitly.",
    fix: "Keep the type and format; add a new property for the wider values.",
}

rule! {
    RESPONSE_PROPERTY_TYPE_SPECIALIZED = "response-property-type-specialized", Info, Response, Schema,
    oasdiff: ["response-property-type-specialized", "response-body-type-specialized", "response-header-type-specialized"],
    what: "A response schema's type or format narrowed (e.g. `number` to `integer`, a format \
           added).",
    why: "Every value the server sends still fits the old type.",
    fix: "Nothing.",
}

rule! {
    RESPONSE_PROPERTY_ENUM_VALUE_ADDED = "response-property-enum-value-added", Breaking, Response, Schema,
    oasdiff: ["response-property-enum-value-added"],
    what: "A response enum gained a value, or stopped being an enum, and is not marked \
           `x-extensible-enum: true`.",
    why: "Stricter than oasdiff's warning: generated Rust clients decode enums into closed \
          Rust enums, and fail on the whole response when the new value arrives.",
    fix: "Add the value in a new version, or mark the enum open with `x-extensible-enum: true` \
          before clients are generated from it.",
}

rule! {
    RESPONSE_PROPERTY_ENUM_VALUE_REMOVED = "response-property-enum-value-removed", Info, Response, Schema,
    oasdiff: ["response-property-enum-value-removed", "response-mediatype-enum-value-removed"],
    what: "A response enum lost a value.",
    why: "The server no longer sends it; clients' handling of it becomes dead code.",
    fix: "Nothing.",
}

rule! {
    RESPONSE_PROPERTY_BECAME_NULLABLE = "response-property-became-nullable", Breaking, Response, Schema,
    oasdiff: ["response-property-became-nullable", "response-body-became-nullable", "response-header-became-nullable"],
    what: "A response schema may now be `null`.",
    why: "Clients decode a non-optional value and fail on `null`.",
    fix: "Keep it non-nullable; add a new property if absence must be expressed.",
}

rule! {
    RESPONSE_PROPERTY_BECAME_NOT_NULLABLE = "response-property-became-not-nullable", Info, Response, Schema,
    oasdiff: ["response-property-became-not-nullable", "response-body-became-not-nullable", "response-header-became-not-nullable"],
    what: "A response schema is no longer nullable.",
    why: "Clients already handle non-null values.",
    fix: "Nothing.",
}

rule! {
    RESPONSE_PROPERTY_BECAME_OPTIONAL = "response-property-became-optional", Breaking, Response, Schema,
    oasdiff: ["response-property-became-optional"],
    what: "A required response property became optional.",
    why: "Clients decode it into a non-optional field and fail when it is missing.",
    fix: "Keep it required.",
}

rule! {
    RESPONSE_PROPERTY_BECAME_REQUIRED = "response-property-became-required", Info, Response, Schema,
    oasdiff: ["response-property-became-required"],
    what: "An optional response property became required.",
    why: "Clients already handle it being present.",
    fix: "Nothing.",
}

rule! {
    RESPONSE_REQUIRED_PROPERTY_REMOVED = "response-required-property-removed", Breaking, Response, Schema,
    oasdiff: ["response-required-property-removed"],
    what: "A required response property is gone.",
    why: "Clients decode it into a non-optional field and fail.",
    fix: "Keep sending the property.",
}

rule! {
    RESPONSE_REQUIRED_PROPERTY_BECAME_WRITE_ONLY = "response-required-property-became-write-only", Warning, Response, Schema,
    oasdiff: ["response-required-property-became-write-only"],
    what: "A required response property became `writeOnly`.",
    why: "A warning where oasdiff reports info: the document now says the server stops \
          sending the property, and a client generated from the old document still decodes \
          it as required. Whether that breaks depends on whether the server really stops \
          sending it, so a person should look.",
    fix: "Keep the property readable, or make sure the server still sends it until clients \
          have moved.",
}

rule! {
    RESPONSE_OPTIONAL_PROPERTY_REMOVED = "response-optional-property-removed", Warning, Response, Schema,
    oasdiff: ["response-optional-property-removed"],
    what: "An optional response property is gone.",
    why: "Clients cope with its absence, but lose what it told them.",
    fix: "Confirm no client depends on it.",
}

rule! {
    RESPONSE_REQUIRED_PROPERTY_ADDED = "response-required-property-added", Info, Response, Schema,
    oasdiff: ["response-required-property-added"],
    what: "A response gained a required property.",
    why: "Clients ignore properties they do not know (unless the schema forbids them: see \
          `response-property-added-to-closed-schema`).",
    fix: "Nothing.",
}

rule! {
    RESPONSE_OPTIONAL_PROPERTY_ADDED = "response-optional-property-added", Info, Response, Schema,
    oasdiff: ["response-optional-property-added"],
    what: "A response gained an optional property.",
    why: "Clients ignore properties they do not know (unless the schema forbids them: see \
          `response-property-added-to-closed-schema`).",
    fix: "Nothing.",
}

rule! {
    RESPONSE_PROPERTY_ADDED_TO_CLOSED_SCHEMA = "response-property-added-to-closed-schema", Breaking, Response, Schema,
    oasdiff: [],
    what: "A response schema with `additionalProperties: false` gained a property.",
    why: "Not reported as breaking by oasdiff. Clients generated from a closed schema reject \
          unknown fields (typify emits `#[serde(deny_unknown_fields)]`), so the new property \
          fails the whole response.",
    fix: "Add the property in a new version, or do not close response schemas.",
}

rule! {
    RESPONSE_ADDITIONAL_PROPERTIES_ALLOWED = "response-additional-properties-allowed", Breaking, Response, Schema,
    oasdiff: [],
    what: "A response schema with `additionalProperties: false` now allows undeclared \
           properties.",
    why: "Clients generated from the closed schema reject unknown fields, which the server may \
          now send.",
    fix: "Keep the schema closed.",
}

rule! {
    RESPONSE_PROPERTY_MAX_INCREASED = "response-property-max-increased", Breaking, Response, Schema,
    oasdiff: ["response-property-max-increased", "response-body-max-increased", "response-property-exclusive-max-increased", "response-body-exclusive-max-increased"],
    what: "A response schema's upper bound is higher, or was removed.",
    why: "Clients may rely on the old bound, e.g. by decoding into a smaller integer type.",
    fix: "Keep the bound.",
}

rule! {
    RESPONSE_PROPERTY_MIN_DECREASED = "response-property-min-decreased", Breaking, Response, Schema,
    oasdiff: ["response-property-min-decreased", "response-body-min-decreased", "response-property-exclusive-min-decreased", "response-body-exclusive-min-decreased"],
    what: "A response schema's lower bound is lower, or was removed.",
    why: "Clients may rely on the old bound, e.g. by decoding into an unsigned type.",
    fix: "Keep the bound.",
}

rule! {
    RESPONSE_PROPERTY_MAX_LENGTH_INCREASED = "response-property-max-length-increased", Breaking, Response, Schema,
    oasdiff: ["response-property-max-length-increased", "response-body-max-length-increased", "response-property-max-length-unset", "response-body-max-length-unset"],
    what: "A response string's `maxLength` is higher, or was removed.",
    why: "Clients may store the value in a field sized for the old limit.",
    fix: "Keep the limit.",
}

rule! {
    RESPONSE_PROPERTY_MIN_LENGTH_DECREASED = "response-property-min-length-decreased", Breaking, Response, Schema,
    oasdiff: ["response-property-min-length-decreased", "response-body-min-length-decreased"],
    what: "A response string's `minLength` is lower, or was removed.",
    why: "Clients may rely on the value being non-empty.",
    fix: "Keep the limit.",
}

rule! {
    RESPONSE_PROPERTY_MAX_ITEMS_INCREASED = "response-property-max-items-increased", Breaking, Response, Schema,
    oasdiff: [],
    what: "A response array's `maxItems` is higher, or was removed.",
    why: "Clients may rely on the old limit, e.g. a fixed-size buffer or a page size.",
    fix: "Keep the limit.",
}

rule! {
    RESPONSE_PROPERTY_MIN_ITEMS_DECREASED = "response-property-min-items-decreased", Breaking, Response, Schema,
    oasdiff: ["response-property-min-items-decreased", "response-body-min-items-decreased", "response-property-min-items-unset", "response-body-min-items-unset"],
    what: "A response array's `minItems` is lower, or was removed.",
    why: "Clients may rely on the array having at least that many items.",
    fix: "Keep the limit.",
}

rule! {
    RESPONSE_PROPERTY_PATTERN_CHANGED = "response-property-pattern-changed", Warning, Response, Schema,
    oasdiff: ["response-property-pattern-changed", "response-property-pattern-removed"],
    what: "A response string's `pattern` was removed or changed.",
    why: "Stricter than oasdiff's info: clients that validate the pattern (generated newtypes \
          do) may reject values the server now sends.",
    fix: "Check that every value the server sends matches the old pattern.",
}

rule! {
    RESPONSE_PROPERTY_CONSTRAINT_TIGHTENED = "response-property-constraint-tightened", Info, Response, Schema,
    oasdiff: ["response-property-max-decreased", "response-property-min-increased", "response-property-pattern-added", "response-property-max-length-decreased", "response-property-min-length-increased"],
    what: "A response schema allows less: a bound, length or item limit tightened or added, a \
           pattern or an enum added, `additionalProperties: false` added.",
    why: "Every value the server sends still fits what clients expect.",
    fix: "Nothing.",
}

rule! {
    RESPONSE_PROPERTY_DEFAULT_VALUE_CHANGED = "response-property-default-value-changed", Info, Response, Schema,
    oasdiff: ["response-property-default-value-changed", "response-body-default-value-changed", "response-property-default-value-added", "response-property-default-value-removed"],
    what: "The `default` of a response value changed.",
    why: "A default in a response documents a value; the values sent are what the schema \
          allows.",
    fix: "Nothing.",
}

rule! {
    RESPONSE_PROPERTY_ONE_OF_ADDED = "response-property-one-of-added", Breaking, Response, Schema,
    oasdiff: ["response-property-one-of-added", "response-body-one-of-added"],
    what: "A `oneOf` in a response gained a variant.",
    why: "Clients decode into the variants they know and fail on the new one.",
    fix: "Add the variant in a new version.",
}

rule! {
    RESPONSE_PROPERTY_ANY_OF_ADDED = "response-property-any-of-added", Breaking, Response, Schema,
    oasdiff: ["response-property-any-of-added", "response-body-any-of-added"],
    what: "An `anyOf` in a response gained a variant.",
    why: "Stricter than oasdiff's info: generated Rust clients decode `anyOf` into an enum of \
          the known variants and fail on a value matching only the new one.",
    fix: "Add the variant in a new version.",
}

rule! {
    RESPONSE_PROPERTY_ONE_OF_REMOVED = "response-property-one-of-removed", Info, Response, Schema,
    oasdiff: ["response-property-one-of-removed", "response-body-one-of-removed"],
    what: "A `oneOf` in a response lost a variant.",
    why: "The server no longer sends it; clients still know the others.",
    fix: "Nothing.",
}

rule! {
    RESPONSE_PROPERTY_ANY_OF_REMOVED = "response-property-any-of-removed", Info, Response, Schema,
    oasdiff: ["response-property-any-of-removed", "response-body-any-of-removed"],
    what: "An `anyOf` in a response lost a variant.",
    why: "The server no longer sends it; clients still know the others.",
    fix: "Nothing.",
}

rule! {
    RESPONSE_BODY_WRAPPED_IN_ONE_OF = "response-body-wrapped-in-one-of", Breaking, Response, Schema,
    oasdiff: ["response-body-wrapped-in-one-of"],
    what: "A response schema was replaced by a `oneOf` of several variants.",
    why: "Clients decode the old shape; values of the other variants fail.",
    fix: "Keep the old schema.",
}

rule! {
    RESPONSE_PROPERTY_DISCRIMINATOR_PROPERTY_NAME_CHANGED = "response-property-discriminator-property-name-changed", Breaking, Response, Schema,
    oasdiff: ["response-property-discriminator-property-name-changed", "response-body-discriminator-property-name-changed"],
    what: "The `discriminator.propertyName` of a response schema changed.",
    why: "Stricter than oasdiff's info: clients read the variant's name from the old property \
          (generated clients use it as the serde tag) and can no longer decode.",
    fix: "Keep the property name.",
}

rule! {
    RESPONSE_PROPERTY_DISCRIMINATOR_MAPPING_ADDED = "response-property-discriminator-mapping-added", Breaking, Response, Schema,
    oasdiff: ["response-property-discriminator-mapping-added", "response-property-discriminator-mapping-changed", "response-body-discriminator-mapping-added", "response-body-discriminator-mapping-changed"],
    what: "A response schema's discriminator gained a value, or a value maps to another schema.",
    why: "Stricter than oasdiff's info: clients decode into the variants they know and fail \
          on an unknown tag, like a new enum value.",
    fix: "Add the variant in a new version.",
}

rule! {
    RESPONSE_PROPERTY_DISCRIMINATOR_MAPPING_DELETED = "response-property-discriminator-mapping-deleted", Info, Response, Schema,
    oasdiff: ["response-property-discriminator-mapping-deleted", "response-body-discriminator-mapping-deleted"],
    what: "A response schema's discriminator lost a value.",
    why: "The server no longer sends that variant.",
    fix: "Nothing.",
}

rule! {
    RESPONSE_PROPERTY_OPEN_ENUM_VALUE_ADDED = "response-property-open-enum-value-added", Info, Response, Schema,
    oasdiff: [],
    what: "A response enum marked `x-extensible-enum: true` gained a value.",
    why: "The enum was declared open, so clients were told to expect values they do not know; \
          reported so that client authors can handle the new value on purpose.",
    fix: "Nothing; tell client authors what the new value means.",
}

rule! {
    RESPONSE_PROPERTY_DISCRIMINATOR_ADDED = "response-property-discriminator-added", Info, Response, Schema,
    oasdiff: ["response-property-discriminator-added", "response-body-discriminator-added"],
    what: "A response schema gained a discriminator.",
    why: "The values the server sends are unchanged; the discriminator only names the \
          property that tells variants apart.",
    fix: "Nothing.",
}

rule! {
    RESPONSE_PROPERTY_DISCRIMINATOR_REMOVED = "response-property-discriminator-removed", Info, Response, Schema,
    oasdiff: ["response-property-discriminator-removed", "response-body-discriminator-removed"],
    what: "A response schema lost its discriminator.",
    why: "The values the server sends are unchanged; clients that dispatch on the property \
          still find it as long as the variants keep it.",
    fix: "Keep the property in every variant.",
}

rule! {
    RESPONSE_PROPERTY_BECAME_CONST = "response-property-became-const", Info, Response, Schema,
    oasdiff: [],
    what: "A response schema that held any value of its type now holds one value (`const: v`, \
           or `enum: [v]`).",
    why: "Clients already handle that value.",
    fix: "Nothing.",
}

rule! {
    RESPONSE_PROPERTY_CONST_REMOVED = "response-property-const-removed", Breaking, Response, Schema,
    oasdiff: [],
    what: "A response schema that held one value (`const`, or an enum of one) may hold any \
           value of its type.",
    why: "Clients that rely on the one value (a tag, a version marker) meet values they do \
          not expect.",
    fix: "Keep the value constant, or announce the new values in a new version.",
}

rule! {
    RESPONSE_PROPERTY_CONST_CHANGED = "response-property-const-changed", Breaking, Response, Schema,
    oasdiff: [],
    what: "A response schema's only value (`const`, or an enum of one) is another value.",
    why: "Clients comparing against the old value (a discriminator tag, a version marker) no \
          longer recognise what they receive.",
    fix: "Keep the old value, or change it in a new version.",
}

rule! {
    RESPONSE_PROPERTY_TYPE_LIST_WIDENED = "response-property-type-list-widened", Breaking, Response, Schema,
    oasdiff: [],
    what: "A response schema may hold more types (a `type` array gained a type, e.g. `string` \
           to `[string, integer]`).",
    why: "Clients that parse the old type meet values of the new one.",
    fix: "Keep the types, or send the new type in a new field.",
}

rule! {
    RESPONSE_PROPERTY_TYPE_LIST_NARROWED = "response-property-type-list-narrowed", Info, Response, Schema,
    oasdiff: [],
    what: "A response schema holds fewer types (a `type` array lost a type).",
    why: "Clients handle every type they may still receive.",
    fix: "Nothing.",
}

rule! {
    RESPONSE_PROPERTY_PREFIX_ITEMS_ADDED = "response-property-prefix-items-added", Info, Response, Schema,
    oasdiff: [],
    what: "A response array has more `prefixItems`: a position has a schema of its own.",
    why: "The server promises more about that position; clients are unaffected.",
    fix: "Nothing.",
}

rule! {
    RESPONSE_PROPERTY_PREFIX_ITEMS_REMOVED = "response-property-prefix-items-removed", Breaking, Response, Schema,
    oasdiff: [],
    what: "A response array has fewer `prefixItems`: a position lost its own schema.",
    why: "Clients reading that position by its old schema may meet other items.",
    fix: "Keep the position's schema.",
}

rule! {
    RESPONSE_PROPERTY_KEYWORD_ADDED = "response-property-keyword-added", Info, Response, Schema,
    oasdiff: [],
    what: "A response schema gained a constraint keyword that has no rule of its own: \
           `not`, `if`/`then`/`else`, `contains`, `minContains`/`maxContains`, `propertyNames`, \
           `patternProperties`, `dependentRequired`, `dependentSchemas`, `unevaluatedProperties`, \
           `unevaluatedItems`, `contentMediaType`, `contentEncoding`, `contentSchema`, \
           `multipleOf`, `uniqueItems`, `minProperties`/`maxProperties`.",
    why: "The server promises more about what it sends; clients are unaffected.",
    fix: "Nothing.",
}

rule! {
    RESPONSE_PROPERTY_KEYWORD_REMOVED = "response-property-keyword-removed", Breaking, Response, Schema,
    oasdiff: ["response-property-contains-removed", "response-property-if-removed", "response-property-dependent-required-removed", "response-property-dependent-schema-removed", "response-property-pattern-property-removed", "response-property-property-names-removed", "response-property-unevaluated-removed", "response-property-content-schema-removed"],
    what: "A response schema lost a constraint keyword that has no rule of its own (the list of \
           `response-property-keyword-added`).",
    why: "Clients relying on the constraint may receive values it excluded.",
    fix: "Keep the constraint.",
}

rule! {
    RESPONSE_PROPERTY_KEYWORD_CHANGED = "response-property-keyword-changed", Breaking, Response, Schema,
    oasdiff: ["response-property-dependent-required-changed", "response-property-max-contains-increased", "response-property-min-contains-decreased", "response-property-content-media-type-changed", "response-property-content-encoding-changed"],
    what: "A response schema's constraint keyword with no rule of its own (the list of \
           `response-property-keyword-added`) has another value.",
    why: "The differ does not work out whether the new value allows only what the old one did, \
          so it assumes clients may receive values they did not expect.",
    fix: "Keep the value; if the change only allows less, waive the finding saying so.",
}

rule! {
    RESPONSE_PROPERTY_RUST_TYPE_CHANGED = "response-property-rust-type-changed", Breaking, Response, Schema,
    oasdiff: [],
    what: "A response schema allows no value it did not allow before, but the type a generated Rust client gives it changed (e.g. `String` became an enum, a plain type an untagged enum, an inline enum a named one).",
    why: "The new schema allows no response the old one did not, so existing clients read every response as before, but code written against the regenerated Rust client reads this value with the old type and stops compiling. Reported only where the comparison of accepted values proved the wire safe; the finding's impact is `rust-client`, a warning in stable versions unless the policy is `--fail-on client`.",
    fix: "Nothing for existing HTTP clients. Release the Rust client as a breaking version (Charter's client versions do), and say in its changelog how to read the new type.",
}

/// Rules of this family.
pub(crate) const RULES: &[&Rule] = &[
    RESPONSE_PROPERTY_TYPE_CHANGED,
    RESPONSE_PROPERTY_TYPE_GENERALIZED,
    RESPONSE_PROPERTY_TYPE_SPECIALIZED,
    RESPONSE_PROPERTY_ENUM_VALUE_ADDED,
    RESPONSE_PROPERTY_ENUM_VALUE_REMOVED,
    RESPONSE_PROPERTY_BECAME_NULLABLE,
    RESPONSE_PROPERTY_BECAME_NOT_NULLABLE,
    RESPONSE_PROPERTY_BECAME_OPTIONAL,
    RESPONSE_PROPERTY_BECAME_REQUIRED,
    RESPONSE_REQUIRED_PROPERTY_REMOVED,
    RESPONSE_REQUIRED_PROPERTY_BECAME_WRITE_ONLY,
    RESPONSE_OPTIONAL_PROPERTY_REMOVED,
    RESPONSE_REQUIRED_PROPERTY_ADDED,
    RESPONSE_OPTIONAL_PROPERTY_ADDED,
    RESPONSE_PROPERTY_ADDED_TO_CLOSED_SCHEMA,
    RESPONSE_ADDITIONAL_PROPERTIES_ALLOWED,
    RESPONSE_PROPERTY_MAX_INCREASED,
    RESPONSE_PROPERTY_MIN_DECREASED,
    RESPONSE_PROPERTY_MAX_LENGTH_INCREASED,
    RESPONSE_PROPERTY_MIN_LENGTH_DECREASED,
    RESPONSE_PROPERTY_MAX_ITEMS_INCREASED,
    RESPONSE_PROPERTY_MIN_ITEMS_DECREASED,
    RESPONSE_PROPERTY_PATTERN_CHANGED,
    RESPONSE_PROPERTY_CONSTRAINT_TIGHTENED,
    RESPONSE_PROPERTY_DEFAULT_VALUE_CHANGED,
    RESPONSE_PROPERTY_ONE_OF_ADDED,
    RESPONSE_PROPERTY_ANY_OF_ADDED,
    RESPONSE_PROPERTY_ONE_OF_REMOVED,
    RESPONSE_PROPERTY_ANY_OF_REMOVED,
    RESPONSE_BODY_WRAPPED_IN_ONE_OF,
    RESPONSE_PROPERTY_DISCRIMINATOR_PROPERTY_NAME_CHANGED,
    RESPONSE_PROPERTY_DISCRIMINATOR_MAPPING_ADDED,
    RESPONSE_PROPERTY_DISCRIMINATOR_MAPPING_DELETED,
    RESPONSE_PROPERTY_OPEN_ENUM_VALUE_ADDED,
    RESPONSE_PROPERTY_DISCRIMINATOR_ADDED,
    RESPONSE_PROPERTY_DISCRIMINATOR_REMOVED,
    RESPONSE_PROPERTY_BECAME_CONST,
    RESPONSE_PROPERTY_CONST_REMOVED,
    RESPONSE_PROPERTY_CONST_CHANGED,
    RESPONSE_PROPERTY_TYPE_LIST_WIDENED,
    RESPONSE_PROPERTY_TYPE_LIST_NARROWED,
    RESPONSE_PROPERTY_PREFIX_ITEMS_ADDED,
    RESPONSE_PROPERTY_PREFIX_ITEMS_REMOVED,
    RESPONSE_PROPERTY_KEYWORD_ADDED,
    RESPONSE_PROPERTY_KEYWORD_REMOVED,
    RESPONSE_PROPERTY_KEYWORD_CHANGED,
    RESPONSE_PROPERTY_RUST_TYPE_CHANGED,
];
