//! Which values a schema accepts: whether every value one schema accepts is accepted by another
//! (inclusion), and whether one value is accepted (validation).
//!
//! Rules name how a schema is *spelled* differently; whether that breaks anyone depends on the
//! values it accepts. In a request the change is safe when the old schema is included in the new
//! one; in a response when the new one is included in the old one. The comparison is sound: it
//! answers [`Verdict::Yes`] only when inclusion holds for every JSON value, [`Verdict::No`] only
//! with a reason that shows it fails, and [`Verdict::Unknown`] (saying why) for whatever it cannot
//! decide, such as two different `pattern`s, so that the caller falls back to its rules.
//!
//! What it reads: `type` (a string or a list), `nullable`, `enum` and `const`, `format` where it
//! constrains, string lengths, number bounds and `multipleOf`, array items, lengths and
//! uniqueness, object properties, `required` and `additionalProperties`, `allOf` as the
//! intersection of its members, `anyOf` as the union of its variants, and `oneOf` as their union
//! where the variants cannot overlap (different types), and keywords that only annotate as
//! nothing. A keyword it does not read makes the verdict unknown on the side that must accept (it
//! might reject something); on the side whose values are checked it is ignored (it can only
//! remove values, and inclusion of a larger set implies inclusion of a smaller one).
//!
//! Recursive schemas terminate: a pair met again while being compared is assumed included, which
//! is sound because JSON values are finite. Such conditional answers are not cached.

use std::collections::{HashMap, HashSet};

use serde_json::{Map, Value};

use super::flag;
use super::schema::Resolver;
use crate::rules::Direction;

/// The answer to "is every value of A accepted by B?".
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Verdict {
    /// Every value A accepts, B accepts.
    Yes,
    /// Some value A accepts, B rejects: which.
    No(String),
    /// Not decided: why.
    Unknown(String),
}

/// Keywords that constrain nothing.
const ANNOTATIONS: &[&str] = &[
    "title",
    "description",
    "example",
    "examples",
    "default",
    "deprecated",
    "externalDocs",
    "xml",
    "readOnly",
    "writeOnly",
    "discriminator",
    "$comment",
    "$schema",
    "$id",
    "$defs",
    "contentMediaType",
    "contentEncoding",
];

/// Keywords this module reads.
const UNDERSTOOD: &[&str] = &[
    "$ref",
    "type",
    "nullable",
    "enum",
    "const",
    "format",
    "minLength",
    "maxLength",
    "pattern",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "items",
    "minItems",
    "maxItems",
    "uniqueItems",
    "properties",
    "required",
    "additionalProperties",
    "allOf",
    "anyOf",
    "oneOf",
];

/// Formats that say nothing about which strings are valid.
const ANNOTATION_FORMATS: &[&str] = &["", "password", "textarea", "binary", "byte"];

static ACCEPT_ALL: Value = Value::Bool(true);
static ACCEPT_NONE: Value = Value::Bool(false);

/// How many schema pairs one top-level question may compare.
const BUDGET: usize = 5_000;

/// How deep comparisons may nest.
const MAX_DEPTH: usize = 96;

const TYPES: [&str; 7] = ["boolean", "integer", "number", "string", "array", "object", "null"];

/// A schema in one of the two documents.
#[derive(Clone, Copy)]
pub(crate) struct Side<'d> {
    pub(crate) resolver: &'d Resolver<'d>,
    pub(crate) value: &'d Value,
}

/// Parts of a schema a comparison step has already accounted for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
struct Mask {
    all_of: bool,
    variants: bool,
    /// Only the values of this type (an index into [`TYPES`]).
    only: Option<u8>,
    /// Not `null`: it was checked on its own.
    no_null: bool,
    /// A parameter's value (or an item of one), which travels as text: an integer, number or
    /// boolean reads as a string.
    text: bool,
}

impl Mask {
    /// Whether a listed value is among the values the mask leaves.
    fn admits(self, value: &Value) -> bool {
        self.only.is_none_or(|only| TYPES.get(usize::from(only)) == Some(&json_type(value)))
            && !(self.no_null && value.is_null())
    }

    /// The same restriction of type, for a member of the same schema.
    fn member(self) -> Mask {
        Mask { only: self.only, no_null: self.no_null, text: self.text, ..Mask::default() }
    }
}

type Key = (usize, Mask, usize, Mask);

/// A hasher for [`Key`]s, which are addresses and flags: SipHash's protection against chosen
/// keys buys nothing here and costs most of a comparison step.
#[derive(Default)]
struct KeyHasher(u64);

impl std::hash::Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for byte in bytes {
            self.write_u64(u64::from(*byte));
        }
    }

    fn write_u64(&mut self, value: u64) {
        self.0 = (self.0.rotate_left(5) ^ value).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }

    fn write_usize(&mut self, value: usize) {
        self.write_u64(value as u64);
    }
}

type Keyed<V> = HashMap<Key, V, std::hash::BuildHasherDefault<KeyHasher>>;

/// Inclusion questions, with the answers that hold unconditionally remembered across calls.
pub(crate) struct Inclusion {
    /// Which way the data flows: it names the schemas in reasons (in a request the old
    /// schema's values must be accepted by the new one, in a response the other way round).
    direction: Direction,
    cache: Keyed<Verdict>,
    active: Keyed<()>,
    budget: usize,
    depth: usize,
}

impl Inclusion {
    /// Questions about requests or responses.
    pub(crate) fn new(direction: Direction) -> Inclusion {
        Inclusion {
            direction,
            cache: Keyed::default(),
            active: Keyed::default(),
            budget: 0,
            depth: 0,
        }
    }

    /// Whether every value `small` accepts is accepted by `big`.
    #[cfg(test)]
    pub(crate) fn includes(&mut self, small: Side<'_>, big: Side<'_>) -> Verdict {
        self.includes_as(small, big, false)
    }

    /// [`Inclusion::includes`] for a parameter's schema (`text`): its values travel as text, so a
    /// number becoming a string accepts what clients send.
    pub(crate) fn includes_as(&mut self, small: Side<'_>, big: Side<'_>, text: bool) -> Verdict {
        self.budget = BUDGET;
        self.depth = 0;
        self.active.clear();
        let (small_name, big_name) = if self.direction == Direction::Response {
            ("the new schema", "the old schema")
        } else {
            ("the old schema", "the new schema")
        };
        let name = |why: String| why.replace("«A»", small_name).replace("«B»", big_name);
        let verdict = self.check(small, Mask { text, ..Mask::default() }, big, Mask::default()).0;
        match verdict {
            Verdict::Yes => Verdict::Yes,
            Verdict::No(why) => Verdict::No(name(why)),
            Verdict::Unknown(why) => Verdict::Unknown(name(why)),
        }
    }

    /// The verdict, and whether it rests on an assumption made for a pair still being compared.
    fn check(&mut self, a: Side<'_>, am: Mask, b: Side<'_>, bm: Mask) -> (Verdict, bool) {
        let a = Side { value: a.resolver.target(a.value), ..a };
        let b = Side { value: b.resolver.target(b.value), ..b };
        if a.value == &Value::Bool(false) || unconstrained(b.value, bm) {
            return (Verdict::Yes, false);
        }
        if b.value == &Value::Bool(false) {
            return (Verdict::No("«B» accepts no value here".to_owned()), false);
        }
        let key: Key = (addr(a.value), am, addr(b.value), bm);
        if let Some(verdict) = self.cache.get(&key) {
            return (verdict.clone(), false);
        }
        if self.active.contains_key(&key) {
            return (Verdict::Yes, true);
        }
        if self.budget == 0 || self.depth >= MAX_DEPTH {
            return (Verdict::Unknown("the schemas are too large to compare".to_owned()), false);
        }
        self.budget -= 1;
        self.depth += 1;
        self.active.insert(key, ());
        let (verdict, assumed) = self.compare(a, am, b, bm);
        self.active.remove(&key);
        self.depth -= 1;
        if !assumed || verdict != Verdict::Yes {
            self.cache.insert(key, verdict.clone());
        }
        let conditional = assumed && verdict == Verdict::Yes;
        (verdict, conditional)
    }

    fn compare(&mut self, a: Side<'_>, am: Mask, b: Side<'_>, bm: Mask) -> (Verdict, bool) {
        let mut assumed = false;
        // `nullable` adds `null` to whatever the rest of the schema accepts (OpenAPI 3.0, and
        // how 3.1's `null` members are read): checked on its own.
        if !am.no_null && am.only.is_none() && nullable(a.value) {
            return match validate(b.resolver, b.value, &Value::Null, 0) {
                Some(true) => self.check(a, Mask { no_null: true, ..am }, b, bm),
                Some(false) => {
                    (Verdict::No("«A» allows `null`, which «B» rejects".to_owned()), false)
                }
                None => (unknown("whether «B» accepts `null`"), false),
            };
        }
        // An intersection with a list of values (`allOf: [$ref to an enum]` beside `type` or
        // `nullable`): its values are the listed ones the whole schema accepts, each checked.
        if !am.all_of
            && !am.variants
            && enumeration(a.value).is_none()
            && let Some(values) = listed_part(a)
        {
            let mut kept = Vec::new();
            for value in values {
                match validate(a.resolver, a.value, value, 0) {
                    Some(true) => kept.push(value),
                    Some(false) => {}
                    None => return (unknown("a value the keywords of «A» cannot check"), false),
                }
            }
            return values_in(kept.into_iter().filter(|value| am.admits(value)), b);
        }
        // The values of a union are included when each variant's are; a variant intersected
        // with the rest of its schema has fewer values than the variant alone.
        if !am.variants
            && let Some((_, variants)) = variants(a.value)
        {
            // The first variant that is not included decides: the rest of the union cannot
            // make up for it.
            let mut failed = None;
            for variant in variants {
                let (verdict, used) = self.check(Side { value: variant, ..a }, am.member(), b, bm);
                assumed |= used;
                if verdict != Verdict::Yes {
                    failed = Some(verdict);
                    break;
                }
            }
            let Some(failed) = failed else {
                return (Verdict::Yes, assumed);
            };
            let rest = Mask { variants: true, ..am };
            let (verdict, used) = self.check(a, rest, b, bm);
            if verdict == Verdict::Yes {
                return (verdict, assumed || used);
            }
            let verdict = match failed {
                Verdict::No(why) if unconstrained(a.value, rest) => Verdict::No(why),
                _ => witness(a, am, b).unwrap_or_else(|| unknown("an anyOf or oneOf in «A»")),
            };
            return (verdict, false);
        }
        // An intersection is included when one of its parts is, if that part declares every
        // property the intersection does (its values have no others).
        if !am.all_of
            && let Some(parts) = a.value.get("allOf").and_then(Value::as_array)
        {
            let everything = declared(a.resolver, a.value, 0);
            let rest = Mask { all_of: true, ..am };
            let (verdict, used) = self.check(a, rest, b, bm);
            if verdict == Verdict::Yes {
                return (verdict, used);
            }
            let mut only_no = None;
            let constrained: Vec<&Value> =
                parts.iter().filter(|part| !unconstrained(part, Mask::default())).collect();
            for part in &constrained {
                let own = declared(a.resolver, part, 0);
                if own
                    .as_ref()
                    .zip(everything.as_ref())
                    .is_none_or(|(own, all)| !own.is_superset(all))
                {
                    continue;
                }
                let (verdict, used) = self.check(Side { value: part, ..a }, am.member(), b, bm);
                match verdict {
                    Verdict::Yes => return (Verdict::Yes, used),
                    Verdict::No(why) if constrained.len() == 1 => only_no = Some(why),
                    _ => {}
                }
            }
            if only_no.is_none()
                && let Some(merged) = self.merged_objects(a, am, b, bm)
            {
                return merged;
            }
            return match only_no {
                Some(why) if unconstrained(a.value, rest) => (Verdict::No(why), false),
                _ => (unknown("an allOf in «A» whose parts must be merged"), false),
            };
        }
        // Included in an intersection when included in each part.
        if !bm.all_of
            && let Some(parts) = b.value.get("allOf").and_then(Value::as_array)
        {
            let mut verdicts = Vec::with_capacity(parts.len() + 1);
            for member in parts {
                verdicts.push(self.check(a, am, Side { value: member, ..b }, Mask::default()));
            }
            verdicts.push(self.check(a, am, b, Mask { all_of: true, ..bm }));
            return all_of(verdicts);
        }
        // A list of values: each is checked.
        if let Some(values) = enumeration(a.value) {
            // A listed value the schema's own type rejects (`null` in the enum of a string
            // that is not nullable) is not one of its values.
            let own = own_types(a.value);
            let wanted = |value: &&Value| am.admits(value) && covers(&own, json_type(value));
            return values_in(values.into_iter().filter(wanted), b);
        }
        // Included in a union when included in one variant.
        if !bm.variants
            && let Some((one_of, options)) = variants(b.value)
        {
            let rest = self.check(a, am, b, Mask { variants: true, ..bm });
            if rest.0 != Verdict::Yes {
                return rest;
            }
            assumed |= rest.1;
            if one_of && !disjoint(b.resolver, options) {
                return (unknown("a oneOf in «B» whose variants may overlap"), false);
            }
            for option in options {
                let (verdict, used) =
                    self.check(a, am, Side { value: option, ..b }, Mask::default());
                if verdict == Verdict::Yes {
                    return (verdict, assumed || used);
                }
            }
            // Split by type: a nullable string is included in `anyOf: [string, {type: "null"}]`.
            let kinds = types(a.value, am);
            if am.only.is_none() && kinds.len() > 1 {
                for kind in kinds {
                    let only = TYPES
                        .iter()
                        .position(|known| *known == kind)
                        .and_then(|at| u8::try_from(at).ok());
                    let restricted = Mask { only, ..am };
                    let found = options.iter().any(|option| {
                        types_of(b.resolver, option).contains(&kind)
                            && self
                                .check(a, restricted, Side { value: option, ..b }, Mask::default())
                                .0
                                == Verdict::Yes
                    });
                    if !found {
                        return (
                            unknown(
                                "an anyOf or oneOf in «B» no single variant of which accepts all of «A»",
                            ),
                            false,
                        );
                    }
                }
                return (Verdict::Yes, assumed);
            }
            return (
                witness(a, am, b).unwrap_or_else(|| {
                    unknown(
                        "an anyOf or oneOf in «B» no single variant of which accepts all of «A»",
                    )
                }),
                false,
            );
        }
        self.simple(a, am, b)
    }

    /// Both schemas without combinators (or with them accounted for).
    fn simple(&mut self, a: Side<'_>, am: Mask, b: Side<'_>) -> (Verdict, bool) {
        let Some(bo) = b.value.as_object() else {
            return (unknown("a schema that is not an object"), false);
        };
        if let Some(keyword) = bo.keys().find(|key| !understood(key)) {
            return (unknown(&format!("`{keyword}` in «B»")), false);
        }
        if enumeration(b.value).is_some() {
            return (
                Verdict::No("«B» accepts only listed values, «A» any value of its type".to_owned()),
                false,
            );
        }
        let ta = types(a.value, am);
        let tb = types(b.value, Mask::default());
        for kind in &ta {
            let as_text = am.text
                && matches!(*kind, "integer" | "number" | "boolean")
                && tb.contains(&"string")
                && !["pattern", "format", "minLength", "maxLength", "enum", "const"]
                    .iter()
                    .any(|key| bo.contains_key(*key));
            if !covers(&tb, kind) && !as_text {
                return (
                    Verdict::No(format!("«A» allows values of type `{kind}`, which «B» rejects")),
                    false,
                );
            }
        }
        let ao = a.value.as_object();
        fn get<'v>(object: Option<&'v Map<String, Value>>, key: &str) -> Option<&'v Value> {
            object.and_then(|object| object.get(key))
        }
        let num = |object: Option<&Map<String, Value>>, key: &str| {
            get(object, key).and_then(Value::as_f64)
        };
        let mut assumed = false;
        // A lower limit of `b` must hold for `a`, an upper one too.
        let lengths = |kind: &str, min: &str, max: &str| -> Option<String> {
            if !ta.contains(&kind) {
                return None;
            }
            if let Some(low) = num(Some(bo), min)
                && num(ao, min).unwrap_or(0.0) < low
            {
                return Some(format!("«B» has `{min}: {low}`, which «A» does not require"));
            }
            if let Some(high) = num(Some(bo), max)
                && num(ao, max).is_none_or(|own| own > high)
            {
                return Some(format!("«B» has `{max}: {high}`, which «A» does not require"));
            }
            None
        };
        for (kind, min, max) in [
            ("string", "minLength", "maxLength"),
            ("array", "minItems", "maxItems"),
            ("object", "minProperties", "maxProperties"),
        ] {
            if let Some(why) = lengths(kind, min, max) {
                return (Verdict::No(why), false);
            }
        }
        if ta.contains(&"string") {
            if let Some(pattern) = get(Some(bo), "pattern")
                && get(ao, "pattern") != Some(pattern)
            {
                return (unknown("a `pattern` in «B»"), false);
            }
            if let Some(format) = constraining_format(b.value)
                && constraining_format(a.value) != Some(format)
            {
                return (unknown(&format!("`format: {format}` in «B»")), false);
            }
        }
        if ta.iter().any(|kind| *kind == "integer" || *kind == "number")
            && let Some(verdict) = numbers(a.value, b.value, ta.contains(&"number"))
        {
            return (verdict, false);
        }
        if ta.contains(&"array") {
            if bo.get("uniqueItems") == Some(&Value::Bool(true))
                && get(ao, "uniqueItems") != Some(&Value::Bool(true))
            {
                return (
                    Verdict::No("«B» requires unique items, which «A» does not".to_owned()),
                    false,
                );
            }
            fn items<'v>(side: Side<'v>) -> &'v Value {
                side.value.get("items").unwrap_or(&ACCEPT_ALL)
            }
            let (verdict, used) = self.check(
                Side { value: items(a), ..a },
                Mask { text: am.text, ..Mask::default() },
                Side { value: items(b), ..b },
                Mask::default(),
            );
            assumed |= used;
            match verdict {
                Verdict::Yes => {}
                Verdict::No(why) => return (Verdict::No(format!("array items: {why}")), false),
                unknown => return (unknown, false),
            }
        }
        if ta.contains(&"object") {
            let (verdict, used) = self.objects(a, b);
            assumed |= used;
            if verdict != Verdict::Yes {
                return (verdict, false);
            }
        }
        (Verdict::Yes, assumed)
    }

    /// An `allOf` of plain object schemas (properties, required, annotations) against a plain
    /// object schema: its values carry every part's required properties, and a property's
    /// value satisfies each part that declares it, so one such part's schema including the new
    /// one's suffices. `None` when the parts or the new schema are anything else.
    fn merged_objects(
        &mut self,
        a: Side<'_>,
        am: Mask,
        b: Side<'_>,
        bm: Mask,
    ) -> Option<(Verdict, bool)> {
        const PLAIN: &[&str] = &["type", "properties", "required", "allOf"];
        let plain = |value: &Value| {
            value.as_object().is_some_and(|object| {
                object.iter().all(|(key, keyword)| {
                    (PLAIN.contains(&key.as_str()) || annotation(key))
                        && (key != "type" || keyword.as_str() == Some("object"))
                })
            })
        };
        if am != Mask::default() || bm != Mask::default() {
            return None;
        }
        let mut parts: Vec<&Value> = vec![a.value];
        let mut next = 0;
        while let Some(part) = parts.get(next).copied() {
            next += 1;
            if !plain(part) || parts.len() > 64 {
                return None;
            }
            for member in part.get("allOf").and_then(Value::as_array).into_iter().flatten() {
                parts.push(a.resolver.target(member));
            }
        }
        let bo = b.value.as_object()?;
        let simple_b = bo.keys().all(|key| {
            matches!(key.as_str(), "type" | "properties" | "required" | "additionalProperties")
                || annotation(key)
        });
        if !simple_b || !own_types(b.value).contains(&"object") {
            return None;
        }
        let required: HashSet<&str> = parts
            .iter()
            .filter_map(|part| part.get("required").and_then(Value::as_array))
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        let mut missing: Vec<&str> = b
            .value
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .filter(|name| !required.contains(name))
            .collect();
        missing.sort_unstable();
        if let Some(name) = missing.first() {
            return Some((
                Verdict::No(format!(
                    "«A» allows an object without property `{name}`, which «B» requires"
                )),
                false,
            ));
        }
        let mut seen: HashSet<&str> = HashSet::new();
        let mut assumed = false;
        for part in &parts {
            for (name, schema_a) in
                part.get("properties").and_then(Value::as_object).into_iter().flatten()
            {
                if !seen.insert(name.as_str()) || self.hidden(Side { value: schema_a, ..a }) {
                    continue;
                }
                let (verdict, used) = self.property(name, Side { value: schema_a, ..a }, b);
                assumed |= used;
                if verdict != Verdict::Yes {
                    return Some((verdict, false));
                }
            }
        }
        Some((Verdict::Yes, assumed))
    }

    /// Whether a property's schema (as written, or where its `$ref` leads) keeps it out of the
    /// values: requests do not carry read-only properties, nor responses write-only ones.
    fn hidden(&self, property: Side<'_>) -> bool {
        let key = if self.direction == Direction::Request { "readOnly" } else { "writeOnly" };
        flag(property.value, key) || flag(property.resolver.target(property.value), key)
    }

    /// Whether the new schema accepts the values `a` allows for property `name`: what `b`
    /// declares for it, or its additional properties (accepted when it says nothing).
    fn property(&mut self, name: &str, a: Side<'_>, b: Side<'_>) -> (Verdict, bool) {
        let additional = b.value.get("additionalProperties").unwrap_or(&ACCEPT_ALL);
        let schema_b = b.value.get("properties").and_then(|p| p.get(name)).unwrap_or(additional);
        if schema_b == &Value::Bool(false) && a.value != &Value::Bool(false) {
            let why = format!("«A» has property `{name}`, which «B» does not declare");
            return (Verdict::No(why), false);
        }
        match self.check(a, Mask::default(), Side { value: schema_b, ..b }, Mask::default()) {
            (Verdict::No(why), _) => (Verdict::No(format!("property `{name}`: {why}")), false),
            other => other,
        }
    }

    fn objects(&mut self, a: Side<'_>, b: Side<'_>) -> (Verdict, bool) {
        fn required(value: &Value) -> HashSet<&str> {
            value
                .get("required")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .collect()
        }
        let (a_required, b_required) = (required(a.value), required(b.value));
        let mut missing: Vec<&&str> = b_required.difference(&a_required).collect();
        missing.sort();
        if let Some(name) = missing.first() {
            return (
                Verdict::No(format!(
                    "«A» allows an object without property `{name}`, which «B» requires"
                )),
                false,
            );
        }
        let (a_properties, b_properties) = (
            a.value.get("properties").and_then(Value::as_object),
            b.value.get("properties").and_then(Value::as_object),
        );
        // Both maps iterate in key order: merge them.
        let mut names: Vec<&String> =
            a_properties.into_iter().chain(b_properties).flat_map(Map::keys).collect();
        names.sort_unstable();
        names.dedup();
        let mut assumed = false;
        // Undeclared properties are not part of what the old schema's users send or read,
        // unless it says `additionalProperties`: a property the new schema declares is new.
        let a_additional = a.value.get("additionalProperties").unwrap_or(&ACCEPT_NONE);
        // The including side accepts what it does not declare, as JSON Schema says: a server
        // ignores a property it no longer reads, a client one it does not know.
        let b_additional = b.value.get("additionalProperties").unwrap_or(&ACCEPT_ALL);
        for name in names {
            let schema_a =
                a.value.get("properties").and_then(|p| p.get(name)).unwrap_or(a_additional);
            if self.hidden(Side { value: schema_a, ..a }) {
                continue;
            }
            let (verdict, used) = self.property(name, Side { value: schema_a, ..a }, b);
            assumed |= used;
            if verdict != Verdict::Yes {
                return (verdict, false);
            }
        }
        let (verdict, used) = self.check(
            Side { value: a_additional, ..a },
            Mask::default(),
            Side { value: b_additional, ..b },
            Mask::default(),
        );
        match verdict {
            Verdict::Yes => (Verdict::Yes, assumed || used),
            Verdict::No(_) => (Verdict::No("«B» rejects properties «A» allows".to_owned()), false),
            unknown => (unknown, false),
        }
    }
}

fn unknown(why: &str) -> Verdict {
    Verdict::Unknown(why.to_owned())
}

fn addr(value: &Value) -> usize {
    std::ptr::from_ref(value) as usize
}

fn understood(key: &str) -> bool {
    UNDERSTOOD.contains(&key) || annotation(key)
}

/// Whether a keyword only annotates: a documentation keyword or an extension.
pub(super) fn annotation(key: &str) -> bool {
    ANNOTATIONS.contains(&key) || key.starts_with("x-")
}

/// Whether an integer value, or any of `kind`, is one of `types` (a number type takes integers).
fn covers(types: &[&str], kind: &str) -> bool {
    types.contains(&kind) || (kind == "integer" && types.contains(&"number"))
}

/// Whether a schema (less what `mask` accounts for) accepts every value.
fn unconstrained(value: &Value, mask: Mask) -> bool {
    match value {
        Value::Bool(accepts) => *accepts,
        Value::Object(object) => object.iter().all(|(key, value)| {
            annotation(key)
                || (key == "allOf" && mask.all_of)
                || ((key == "anyOf" || key == "oneOf") && mask.variants)
                || (key == "nullable" && value == &Value::Bool(false))
                || (key == "format"
                    && value.as_str().is_some_and(|f| ANNOTATION_FORMATS.contains(&f)))
        }),
        _ => false,
    }
}

/// The variants of `anyOf` (`false`) or `oneOf` (`true`).
fn variants(value: &Value) -> Option<(bool, &Vec<Value>)> {
    if let Some(options) = value.get("anyOf").and_then(Value::as_array) {
        return Some((false, options));
    }
    value.get("oneOf").and_then(Value::as_array).map(|options| (true, options))
}

/// `enum` (with `null` when nullable) or `const`.
fn enumeration(value: &Value) -> Option<Vec<&Value>> {
    if let Some(values) = value.get("enum").and_then(Value::as_array) {
        return Some(values.iter().collect());
    }
    value.get("const").map(|value| vec![value])
}

/// The JSON types a schema's own `type` and `nullable` allow (all of them when it has no
/// `type`), restricted to the mask's type.
fn types(value: &Value, mask: Mask) -> Vec<&'static str> {
    let mut kinds = own_types(value);
    if let Some(only) = mask.only.and_then(|only| TYPES.get(usize::from(only))) {
        kinds.retain(|kind| kind == only);
    }
    if mask.no_null {
        kinds.retain(|kind| *kind != "null");
    }
    kinds
}

/// The types a schema's own keywords allow; see [`types`].
fn own_types(value: &Value) -> Vec<&'static str> {
    let mut kinds: Vec<&'static str> = match value.get("type") {
        Some(Value::String(name)) => TYPES.iter().copied().filter(|kind| kind == name).collect(),
        Some(Value::Array(names)) => TYPES
            .iter()
            .copied()
            .filter(|kind| names.iter().any(|name| name.as_str() == Some(kind)))
            .collect(),
        // Without `type`, keywords of one type say which (as code generators and the rules
        // read them): `properties` describe an object, `items` an array.
        _ if ["properties", "additionalProperties", "required"]
            .iter()
            .any(|key| value.get(*key).is_some()) =>
        {
            vec!["object"]
        }
        _ if value.get("items").is_some() => vec!["array"],
        _ => return TYPES.to_vec(),
    };
    if value.get("nullable") == Some(&Value::Bool(true)) && !kinds.contains(&"null") {
        kinds.push("null");
    }
    kinds
}

/// The types a variant allows, through `$ref`s.
fn types_of(resolver: &Resolver<'_>, value: &Value) -> Vec<&'static str> {
    let value = resolver.target(value);
    if let Some(values) = enumeration(value) {
        let mut kinds: Vec<&'static str> = values.iter().map(|value| json_type(value)).collect();
        kinds.dedup();
        return kinds;
    }
    own_types(value)
}

/// Whether no value can match two variants: their types differ.
fn disjoint(resolver: &Resolver<'_>, options: &[Value]) -> bool {
    let mut seen: HashSet<&'static str> = HashSet::new();
    for option in options {
        let kinds = types_of(resolver, option);
        if kinds.len() == TYPES.len() {
            return false;
        }
        for kind in kinds {
            let overlaps = seen.contains(kind)
                || (kind == "integer" && seen.contains("number"))
                || (kind == "number" && seen.contains("integer"));
            if overlaps {
                return false;
            }
            seen.insert(kind);
        }
    }
    true
}

/// The properties a schema declares, through `allOf` members; `None` when it accepts others by
/// `additionalProperties` or cannot be read.
fn declared<'d>(
    resolver: &Resolver<'d>,
    value: &'d Value,
    depth: usize,
) -> Option<HashSet<&'d str>> {
    if depth > 16 {
        return None;
    }
    let value = resolver.target(value);
    if value.get("additionalProperties").is_some_and(|extra| extra != &Value::Bool(false)) {
        return None;
    }
    let mut names: HashSet<&'d str> = value
        .get("properties")
        .and_then(Value::as_object)
        .map(|properties| properties.keys().map(String::as_str).collect())
        .unwrap_or_default();
    for part in value.get("allOf").and_then(Value::as_array).into_iter().flatten() {
        names.extend(declared(resolver, part, depth + 1)?);
    }
    Some(names)
}

fn nullable(value: &Value) -> bool {
    value.get("nullable") == Some(&Value::Bool(true))
}

fn constraining_format(value: &Value) -> Option<&str> {
    value
        .get("format")
        .and_then(Value::as_str)
        .filter(|format| !ANNOTATION_FORMATS.contains(format))
}

/// Bounds and `multipleOf` of numbers; `None` when `a`'s numbers all satisfy `b`'s.
fn numbers(a: &Value, b: &Value, a_fractional: bool) -> Option<Verdict> {
    for upper in [false, true] {
        let (key, exclusive_key) =
            if upper { ("maximum", "exclusiveMaximum") } else { ("minimum", "exclusiveMinimum") };
        let Some(limit) = bound(b, key, exclusive_key) else { continue };
        let holds = bound(a, key, exclusive_key).is_some_and(|own| {
            if upper {
                own.0 < limit.0 || (own.0 == limit.0 && (own.1 || !limit.1))
            } else {
                own.0 > limit.0 || (own.0 == limit.0 && (own.1 || !limit.1))
            }
        });
        if !holds {
            return Some(Verdict::No(format!(
                "«B» has `{key}: {}`, which «A» does not require",
                limit.0
            )));
        }
    }
    if let Some(step) = b.get("multipleOf").and_then(Value::as_f64) {
        let own = a.get("multipleOf").and_then(Value::as_f64);
        let divides = match own {
            Some(own) => (own / step).fract() == 0.0,
            None => step == 1.0 && !a_fractional,
        };
        if !divides {
            return Some(unknown("a `multipleOf` in «B»"));
        }
    }
    // No format reads as the widest a client can send or read: `int64`, `double`.
    fn widest(value: &Value) -> Option<&str> {
        constraining_format(value).or(match value.get("type").and_then(Value::as_str) {
            Some("integer") => Some("int64"),
            Some("number") => Some("double"),
            _ => None,
        })
    }
    match (widest(a), widest(b)) {
        (_, None) => None,
        (Some(own), Some(format))
            if rank(own).zip(rank(format)).is_some_and(|(x, y)| x <= y) || own == format =>
        {
            None
        }
        (_, Some(format)) => Some(unknown(&format!("`format: {format}` in «B»"))),
    }
}

/// Integer and number formats by range.
fn rank(format: &str) -> Option<usize> {
    ["int8", "int16", "int32", "int64"]
        .iter()
        .position(|known| *known == format)
        .or_else(|| ["float", "double"].iter().position(|known| *known == format).map(|at| at + 10))
}

/// A bound and whether it is exclusive, in OpenAPI 3.0's spelling or 3.1's.
fn bound(value: &Value, key: &str, exclusive_key: &str) -> Option<(f64, bool)> {
    if let Some(limit) = value.get(exclusive_key).and_then(Value::as_f64) {
        return Some((limit, true));
    }
    let limit = value.get(key).and_then(Value::as_f64)?;
    Some((limit, value.get(exclusive_key) == Some(&Value::Bool(true))))
}

fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(number) if number.is_i64() || number.is_u64() => "integer",
        Value::Number(number) if number.as_f64().is_some_and(|n| n.fract() == 0.0) => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

fn show(value: &Value) -> String {
    let text = value.to_string();
    if text.chars().count() > 40 {
        format!("{}…", text.chars().take(37).collect::<String>())
    } else {
        text
    }
}

/// Whether `schema` accepts `value`: `None` when a keyword it uses cannot be checked here
/// (`pattern`, an unknown keyword, a constraining `format`).
pub(crate) fn validate(
    resolver: &Resolver<'_>,
    schema: &Value,
    value: &Value,
    depth: usize,
) -> Option<bool> {
    if depth > MAX_DEPTH {
        return None;
    }
    let schema = resolver.target(schema);
    let object = match schema {
        Value::Bool(accepts) => return Some(*accepts),
        Value::Object(object) => object,
        _ => return None,
    };
    if value.is_null() && nullable(schema) {
        return Some(true);
    }
    let mut result = true;
    let mut undecided = false;
    let mut record = |outcome: Option<bool>| match outcome {
        Some(false) => result = false,
        None => undecided = true,
        Some(true) => {}
    };
    for (key, keyword) in object {
        if annotation(key) {
            continue;
        }
        let outcome = match key.as_str() {
            "$ref" | "nullable" => Some(true),
            "type" => {
                let kind = json_type(value);
                let allowed = own_types(schema);
                Some(covers(&allowed, kind))
            }
            "enum" => keyword.as_array().map(|values| values.iter().any(|v| same_value(v, value))),
            "const" => Some(same_value(keyword, value)),
            "format" => match (keyword.as_str(), value) {
                (Some(format), Value::String(_)) if !ANNOTATION_FORMATS.contains(&format) => None,
                _ => Some(true),
            },
            "minLength" | "maxLength" => match (value.as_str(), keyword.as_f64()) {
                (Some(text), Some(limit)) => {
                    let length = text.chars().count() as f64;
                    Some(if key == "minLength" { length >= limit } else { length <= limit })
                }
                _ => Some(true),
            },
            "pattern" => {
                if value.is_string() {
                    None
                } else {
                    Some(true)
                }
            }
            "minimum" | "maximum" | "exclusiveMinimum" | "exclusiveMaximum" => {
                match value.as_f64() {
                    Some(number) => {
                        let upper = key.contains("aximum");
                        let (plain, exclusive_key) = if upper {
                            ("maximum", "exclusiveMaximum")
                        } else {
                            ("minimum", "exclusiveMinimum")
                        };
                        bound(schema, plain, exclusive_key).map(|(limit, exclusive)| {
                            match (upper, exclusive) {
                                (true, true) => number < limit,
                                (true, false) => number <= limit,
                                (false, true) => number > limit,
                                (false, false) => number >= limit,
                            }
                        })
                    }
                    None => Some(true),
                }
            }
            "multipleOf" => match (value.as_f64(), keyword.as_f64()) {
                (Some(number), Some(step)) if step > 0.0 => Some((number / step).fract() == 0.0),
                _ => Some(true),
            },
            "items" => match value.as_array() {
                Some(items) => {
                    all(items.iter().map(|item| validate(resolver, keyword, item, depth + 1)))
                }
                None => Some(true),
            },
            "minItems" | "maxItems" => match (value.as_array(), keyword.as_f64()) {
                (Some(items), Some(limit)) => {
                    let count = items.len() as f64;
                    Some(if key == "minItems" { count >= limit } else { count <= limit })
                }
                _ => Some(true),
            },
            "uniqueItems" => match value.as_array() {
                Some(items) if keyword == &Value::Bool(true) => Some(
                    items
                        .iter()
                        .enumerate()
                        .all(|(i, x)| items[..i].iter().all(|y| !same_value(x, y))),
                ),
                _ => Some(true),
            },
            "required" => match value.as_object() {
                Some(fields) => Some(
                    keyword
                        .as_array()
                        .into_iter()
                        .flatten()
                        .filter_map(Value::as_str)
                        .all(|name| fields.contains_key(name)),
                ),
                None => Some(true),
            },
            "properties" | "additionalProperties" => match value.as_object() {
                Some(fields) => {
                    let declared = object.get("properties").and_then(Value::as_object);
                    all(fields.iter().map(|(name, field)| {
                        match declared.and_then(|declared| declared.get(name)) {
                            Some(property) if key == "properties" => {
                                validate(resolver, property, field, depth + 1)
                            }
                            None if key == "additionalProperties" => {
                                validate(resolver, keyword, field, depth + 1)
                            }
                            _ => Some(true),
                        }
                    }))
                }
                None => Some(true),
            },
            "allOf" => keyword.as_array().and_then(|parts| {
                all(parts.iter().map(|part| validate(resolver, part, value, depth + 1)))
            }),
            "anyOf" => keyword.as_array().and_then(|options| {
                let outcomes: Vec<Option<bool>> = options
                    .iter()
                    .map(|option| validate(resolver, option, value, depth + 1))
                    .collect();
                if outcomes.contains(&Some(true)) {
                    Some(true)
                } else if outcomes.iter().all(|outcome| *outcome == Some(false)) {
                    Some(false)
                } else {
                    None
                }
            }),
            "oneOf" => keyword.as_array().and_then(|options| {
                let outcomes: Option<Vec<bool>> = options
                    .iter()
                    .map(|option| validate(resolver, option, value, depth + 1))
                    .collect();
                outcomes.map(|outcomes| outcomes.iter().filter(|matched| **matched).count() == 1)
            }),
            _ => None,
        };
        record(outcome);
    }
    if !result {
        return Some(false);
    }
    // `null` needs `nullable` in OpenAPI 3.0 when a type is given.
    if value.is_null() && object.contains_key("type") && !own_types(schema).contains(&"null") {
        return Some(false);
    }
    if undecided { None } else { Some(true) }
}

/// Whether `b` accepts each of `values`, naming the first it rejects.
fn values_in<'v>(values: impl Iterator<Item = &'v Value>, b: Side<'_>) -> (Verdict, bool) {
    for value in values {
        match validate(b.resolver, b.value, value, 0) {
            Some(true) => {}
            Some(false) => {
                let why = format!("«A» allows the value {}, which «B» rejects", show(value));
                return (Verdict::No(why), false);
            }
            None => return (unknown("a value the keywords of «B» cannot check"), false),
        }
    }
    (Verdict::Yes, false)
}

/// The values an `allOf` member lists (`enum` or `const`, through `$ref`s), when one does.
fn listed_part<'v>(a: Side<'v>) -> Option<Vec<&'v Value>> {
    a.value
        .get("allOf")
        .and_then(Value::as_array)?
        .iter()
        .find_map(|part| enumeration(a.resolver.target(part)))
}

/// A definite "no" from one value: the simplest value `a` accepts (see [`example`]), when `a`
/// accepts it and `b` rejects it.
fn witness(a: Side<'_>, mask: Mask, b: Side<'_>) -> Option<Verdict> {
    if mask != Mask::default() {
        return None;
    }
    let value = example(a.resolver, a.value, 0)?;
    (validate(a.resolver, a.value, &value, 0) == Some(true)
        && validate(b.resolver, b.value, &value, 0) == Some(false))
    .then(|| Verdict::No(format!("«A» allows {}, which «B» rejects", show(&value))))
}

/// The simplest value a schema describes: its first enum value, the shortest string, the
/// smallest number, an object with only its required properties; `None` where that takes more
/// than reading the schema (patterns, formats, composed objects). [`witness`] checks it.
fn example(resolver: &Resolver<'_>, schema: &Value, depth: usize) -> Option<Value> {
    if depth > 16 {
        return None;
    }
    let schema = resolver.target(schema);
    if let Some(values) = enumeration(schema) {
        return values.first().map(|value| (*value).clone());
    }
    if let Some((_, options)) = variants(schema) {
        return options.iter().find_map(|option| example(resolver, option, depth + 1));
    }
    if let Some([only]) = schema.get("allOf").and_then(Value::as_array).map(Vec::as_slice) {
        return example(resolver, only, depth + 1);
    }
    let count = |key: &str| schema.get(key).and_then(Value::as_u64).unwrap_or(0);
    match schema.get("type").and_then(Value::as_str) {
        Some("boolean") => Some(Value::Bool(true)),
        Some("integer" | "number") => {
            let low = schema.get("minimum").and_then(Value::as_f64).unwrap_or(0.0).max(0.0);
            serde_json::Number::from_f64(low.ceil()).map(Value::Number)
        }
        Some("string")
            if constraining_format(schema).is_none() && schema.get("pattern").is_none() =>
        {
            let length = usize::try_from(count("minLength")).ok()?;
            (length <= 64).then(|| Value::String("a".repeat(length)))
        }
        Some("array") => {
            let length = usize::try_from(count("minItems")).ok()?;
            if length == 0 {
                return Some(Value::Array(Vec::new()));
            }
            let item = example(resolver, schema.get("items")?, depth + 1)?;
            (length <= 8).then(|| Value::Array(vec![item; length]))
        }
        Some("object") if schema.get("allOf").is_none() => {
            let mut object = Map::new();
            for name in schema.get("required").and_then(Value::as_array).into_iter().flatten() {
                let name = name.as_str()?;
                let property = schema.get("properties").and_then(|properties| properties.get(name));
                let value = match property {
                    Some(property) => example(resolver, property, depth + 1)?,
                    None => Value::Null,
                };
                object.insert(name.to_owned(), value);
            }
            Some(Value::Object(object))
        }
        _ => None,
    }
}

/// `Some(false)` when any is false, `None` when any is unknown, else `Some(true)`.
fn all(outcomes: impl Iterator<Item = Option<bool>>) -> Option<bool> {
    let mut result = Some(true);
    for outcome in outcomes {
        match outcome {
            Some(false) => return Some(false),
            None => result = None,
            Some(true) => {}
        }
    }
    result
}

/// JSON equality, with numbers compared by value (`1` and `1.0` are one number).
fn same_value(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        _ => a == b,
    }
}

/// The verdict of an intersection: every part must include.
fn all_of(verdicts: Vec<(Verdict, bool)>) -> (Verdict, bool) {
    let mut assumed = false;
    let mut undecided = None;
    for (verdict, used) in verdicts {
        match verdict {
            Verdict::Yes => assumed |= used,
            Verdict::No(why) => return (Verdict::No(why), false),
            Verdict::Unknown(why) => {
                undecided.get_or_insert(why);
            }
        }
    }
    match undecided {
        Some(why) => (Verdict::Unknown(why), false),
        None => (Verdict::Yes, assumed),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::{Inclusion, Side, Verdict, validate};
    use crate::compare::schema::Resolver;
    use crate::load::Document;
    use crate::rules::Direction;

    /// A document whose components are `schemas`.
    fn document(schemas: &Value) -> Document {
        let root = json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {},
            "components": {"schemas": schemas},
        });
        Document::from_value("test", root).expect("document")
    }

    /// Whether `small` is included in `big`, for requests (`response` false) or responses.
    fn includes(small: &Value, big: &Value, response: bool) -> Verdict {
        let (base, head) = (document(&json!({"S": small})), document(&json!({"B": big})));
        let (base, head) = (Resolver::new(&base), Resolver::new(&head));
        let small = base.root().pointer("/components/schemas/S").expect("S");
        let big = head.root().pointer("/components/schemas/B").expect("B");
        Inclusion::new(if response { Direction::Response } else { Direction::Request })
            .includes(Side { resolver: &base, value: small }, Side { resolver: &head, value: big })
    }

    fn yes(small: Value, big: Value) {
        assert_eq!(includes(&small, &big, false), Verdict::Yes, "{small} in {big}");
    }

    fn no(small: Value, big: Value, why: &str) {
        assert_eq!(includes(&small, &big, false), Verdict::No(why.to_owned()), "{small} in {big}");
    }

    #[test]
    fn enums_are_checked_value_by_value() {
        yes(json!({"enum": ["a", "b"]}), json!({"type": "string", "maxLength": 5000}));
        yes(json!({"enum": ["OTHER"]}), json!({"allOf": [{"enum": ["A", "OTHER"]}]}));
        no(
            json!({"enum": ["a", "bcd"]}),
            json!({"type": "string", "maxLength": 2}),
            "the old schema allows the value \"bcd\", which the new schema rejects",
        );
        no(
            json!({"type": "string"}),
            json!({"enum": ["a"]}),
            "the new schema accepts only listed values, the old schema any value of its type",
        );
    }

    #[test]
    fn unions_and_intersections() {
        yes(json!({"type": "integer"}), json!({"anyOf": [{"enum": ["now"]}, {"type": "integer"}]}));
        yes(json!({"type": "string"}), json!({"oneOf": [{"type": "string"}, {"type": "array"}]}));
        yes(
            json!({"anyOf": [{"type": "string"}, {"type": "integer"}]}),
            json!({"type": ["string", "integer"]}),
        );
        // Overlapping oneOf variants reject a value matching both: not decided.
        assert!(matches!(
            includes(
                &json!({"type": "string"}),
                &json!({"oneOf": [{"type": "string"}, {"type": "string", "enum": [""]}]}),
                false
            ),
            Verdict::Unknown(_)
        ));
        // A removed variant that accepted values no other one does.
        assert!(!matches!(
            includes(
                &json!({"anyOf": [{"type": "integer"}, {"enum": ["all"]}]}),
                &json!({"anyOf": [{"type": "integer"}]}),
                false
            ),
            Verdict::Yes
        ));
        // An allOf member that only annotates is the schema itself.
        yes(
            json!({"type": "object", "properties": {"a": {"type": "string"}}}),
            json!({"allOf": [{"type": "object", "properties": {"a": {"type": "string"}}}, {"description": "x"}]}),
        );
    }

    #[test]
    fn nullable_and_bounds() {
        no(
            json!({"type": "string", "nullable": true}),
            json!({"type": "string"}),
            "the old schema allows `null`, which the new schema rejects",
        );
        yes(json!({"type": "string"}), json!({"type": "string", "nullable": true}));
        no(
            json!({"type": "integer", "minimum": 0}),
            json!({"type": "integer", "minimum": 1}),
            "the new schema has `minimum: 1`, which the old schema does not require",
        );
        yes(json!({"type": "integer", "minimum": 1}), json!({"type": "number", "minimum": 0}));
        no(
            json!({"type": "number"}),
            json!({"type": "integer"}),
            "the old schema allows values of type `number`, which the new schema rejects",
        );
        // Keywords that do not apply to the type constrain nothing.
        yes(
            json!({"type": "array", "items": {"type": "string"}}),
            json!({"type": "array", "maximum": 5, "required": ["x"], "items": {"type": "string", "maxItems": 1}}),
        );
    }

    #[test]
    fn objects_in_requests_and_responses() {
        // A request property the new schema no longer declares is ignored, not rejected: the
        // wire is safe (the Rust client loses the field, which the differ reports apart).
        let old = json!({"type": "object", "properties": {"a": {"type": "string"}, "b": {"type": "string"}}});
        let new = json!({"type": "object", "properties": {"a": {"type": "string"}}});
        assert_eq!(includes(&old, &new, false), Verdict::Yes);
        // Unless the new schema is closed.
        let closed = json!({"type": "object", "additionalProperties": false, "properties": {"a": {"type": "string"}}});
        assert!(matches!(includes(&old, &closed, false), Verdict::No(_)));
        // A response's new property is one more the old readers ignore.
        assert_eq!(includes(&old, &new, true), Verdict::Yes);
        no(
            json!({"type": "object", "properties": {"a": {"type": "string"}}}),
            json!({"type": "object", "required": ["a"], "properties": {"a": {"type": "string"}}}),
            "the old schema allows an object without property `a`, which the new schema requires",
        );
        // A new optional request property: old requests never send it.
        yes(new.clone(), old.clone());
    }

    #[test]
    fn an_all_of_of_plain_objects_is_merged() {
        let composed = json!({"allOf": [
            {"type": "object", "properties": {"a": {"type": "string"}}},
            {"type": "object", "required": ["b"], "properties": {"b": {"type": "integer"}}}
        ]});
        yes(
            composed.clone(),
            json!({"type": "object", "properties": {"a": {"type": "string"}, "b": {"type": "number"}}}),
        );
        no(
            composed.clone(),
            json!({"type": "object", "required": ["a"], "properties": {"a": {"type": "string"}}}),
            "the old schema allows an object without property `a`, which the new schema requires",
        );
        no(
            composed,
            json!({"type": "object", "properties": {"b": {"type": "string"}}}),
            "property `b`: the old schema allows values of type `integer`, which the new schema rejects",
        );
    }

    #[test]
    fn recursive_schemas_terminate() {
        let (base, head) = (
            document(
                &json!({"S": {"type": "object", "properties": {"next": {"$ref": "#/components/schemas/S"}}}}),
            ),
            document(
                &json!({"S": {"type": "object", "properties": {"next": {"$ref": "#/components/schemas/S"}, "x": {"type": "string"}}}}),
            ),
        );
        let (base, head) = (Resolver::new(&base), Resolver::new(&head));
        let small = base.root().pointer("/components/schemas/S").expect("S");
        let big = head.root().pointer("/components/schemas/S").expect("S");
        let verdict = Inclusion::new(Direction::Request)
            .includes(Side { resolver: &base, value: small }, Side { resolver: &head, value: big });
        assert_eq!(verdict, Verdict::Yes);
    }

    #[test]
    fn validation_reads_what_it_can_and_says_when_it_cannot() {
        let resolver_document = document(&json!({}));
        let resolver = Resolver::new(&resolver_document);
        let schema = json!({"type": "string", "maxLength": 3, "nullable": true});
        assert_eq!(validate(&resolver, &schema, &json!("abc"), 0), Some(true));
        assert_eq!(validate(&resolver, &schema, &json!("abcd"), 0), Some(false));
        assert_eq!(validate(&resolver, &schema, &Value::Null, 0), Some(true));
        assert_eq!(
            validate(&resolver, &json!({"type": "string", "pattern": "^a"}), &json!("a"), 0),
            None
        );
        assert_eq!(
            validate(
                &resolver,
                &json!({"oneOf": [{"type": "string"}, {"enum": ["a"]}]}),
                &json!("a"),
                0
            ),
            Some(false)
        );
    }
}
