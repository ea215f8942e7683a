//! Direction-aware schema comparison.
//!
//! A comparison is a graph of *pairs* `(base schema, head schema, direction)`, each compared
//! once. Comparing a pair looks only at the two schemas' own keywords and yields its local
//! findings plus the child pairs to compare (properties, items, variants, additional
//! properties). The graph is built with a work list, never by recursion, so neither deep
//! nesting nor recursive schemas can exhaust the stack: a pair met again, including one still
//! being compared, is simply the same node. `$ref`s are followed by pointer; nothing is copied.
//!
//! A finding is located by the JSON pointers of the schemas themselves, so a component shared
//! by 500 operations is compared once, and each operation collects the findings of the pairs
//! it reaches.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use serde_json::Value;

use super::keyed::{self, Keyed};
use super::shape::{component, shape};
use super::values::{Inclusion, Side, Verdict};
use super::{Found, flag};
use crate::load::Document;
use crate::pointer;
use crate::report::{Basis, Impact};
use crate::rules::request_schema as rq;
use crate::rules::response_schema as rs;
use crate::rules::{Direction, Rule};

/// The schema that accepts anything: what a missing schema means.
pub(crate) static ANY: Value = Value::Bool(true);

/// How many schemas `allOf` may merge into one view.
const MAX_ALL_OF_PARTS: usize = 64;

/// Index of a pair in the graph.
pub(crate) type PairId = u32;

struct Pair<'d> {
    base: &'d Value,
    head: &'d Value,
    base_pointer: String,
    head_pointer: String,
    direction: Direction,
    findings: Vec<Found>,
    children: Vec<PairId>,
}

/// Every pair compared so far.
pub(crate) struct SchemaGraph<'d> {
    base: &'d Resolver<'d>,
    head: &'d Resolver<'d>,
    index: HashMap<(usize, usize, Direction), PairId>,
    pairs: Vec<Pair<'d>>,
    queue: Vec<PairId>,
    /// Visit marks for [`SchemaGraph::collect`], one generation per call.
    marks: Vec<u32>,
    generation: u32,
    /// Component schemas whose text is the same in both documents and whose references all
    /// lead to such components: comparing them can find nothing.
    unchanged: HashSet<&'d str>,
    /// Inclusion questions answered so far, about requests and about responses.
    inclusion: [Inclusion; 2],
    /// Per pair: whether the values it accepts make it safe on the wire, once asked.
    verdicts: HashMap<PairId, Verdict>,
    /// Per pair: whether it or a pair below it has a finding the values could overturn
    /// ([`Alarm::Severe`]), or it has only info findings about values ([`Alarm::Noted`]); built
    /// by the first [`SchemaGraph::collect`].
    alarms: Vec<Alarm>,
    /// Per pair in a safe context: the finding for its Rust type's change, if any.
    rust_changes: HashMap<PairId, Option<Found>>,
    /// Per pair, per collect: the state of the walk (see [`SchemaGraph::collect`]).
    states: Vec<(u32, Option<PairId>)>,
}

/// A child pair to compare, before it is interned.
struct Child<'d> {
    base: &'d Value,
    base_pointer: String,
    head: &'d Value,
    head_pointer: String,
}

impl<'d> SchemaGraph<'d> {
    pub(crate) fn new(base: &'d Resolver<'d>, head: &'d Resolver<'d>) -> Self {
        SchemaGraph {
            base,
            head,
            index: HashMap::new(),
            pairs: Vec::new(),
            queue: Vec::new(),
            marks: Vec::new(),
            generation: 0,
            unchanged: unchanged_components(base.document, head.document),
            inclusion: [Inclusion::new(Direction::Request), Inclusion::new(Direction::Response)],
            verdicts: HashMap::new(),
            alarms: Vec::new(),
            rust_changes: HashMap::new(),
            states: Vec::new(),
        }
    }

    /// The pair for two schemas as written (possibly `$ref`s), compared later by
    /// [`SchemaGraph::run`].
    pub(crate) fn root(
        &mut self,
        base: &'d Value,
        base_pointer: &str,
        head: &'d Value,
        head_pointer: &str,
        direction: Direction,
    ) -> PairId {
        self.intern(
            Child {
                base,
                base_pointer: base_pointer.to_owned(),
                head,
                head_pointer: head_pointer.to_owned(),
            },
            direction,
        )
    }

    fn intern(&mut self, child: Child<'d>, direction: Direction) -> PairId {
        let (base, base_place) = self.base.follow(child.base);
        let (head, head_place) = self.head.follow(child.head);
        let key = (std::ptr::from_ref(base) as usize, std::ptr::from_ref(head) as usize, direction);
        if let Some(id) = self.index.get(&key) {
            return *id;
        }
        let base_pointer = base_place.pointer(child.base_pointer);
        let head_pointer = head_place.pointer(child.head_pointer);
        let id = PairId::try_from(self.pairs.len()).unwrap_or(PairId::MAX);
        self.pairs.push(Pair {
            base,
            head,
            base_pointer,
            head_pointer,
            direction,
            findings: Vec::new(),
            children: Vec::new(),
        });
        self.marks.push(0);
        self.index.insert(key, id);
        self.queue.push(id);
        id
    }

    /// Compares every pair not compared yet, and the pairs they lead to.
    pub(crate) fn run(&mut self) {
        while let Some(id) = self.queue.pop() {
            let Some(pair) = self.pairs.get(id as usize) else { continue };
            // Equal text whose references all lead to unchanged components: nothing to find,
            // and nothing below to compare.
            if same(pair.base, pair.head, &self.unchanged) {
                continue;
            }
            let mut local = Local::new(pair.direction);
            let base = View::new(self.base, pair.base, &pair.base_pointer);
            let head = View::new(self.head, pair.head, &pair.head_pointer);
            compare(&base, &head, &mut local);
            let direction = pair.direction;
            let children: Vec<PairId> =
                local.children.into_iter().map(|child| self.intern(child, direction)).collect();
            if let Some(pair) = self.pairs.get_mut(id as usize) {
                pair.findings = local.findings;
                pair.children = children;
            }
        }
    }

    /// The findings of every pair reachable from `roots`, each once, in a stable order, judged
    /// by the values the schemas accept.
    ///
    /// A pair whose base accepts no request value its head rejects (or whose head allows no
    /// response value its base did not) is safe on the wire, and so is everything below it
    /// reached through it: its findings that are about values break nobody
    /// ([`Impact::None`]), except where the generated Rust type changes ([`Impact::RustClient`]:
    /// a removed property, or a new `*-property-rust-type-changed` finding where the type's
    /// shape changed). A pair reached both through a safe pair and otherwise is judged by the
    /// other way. Findings of pairs that are not proven safe keep their rule's verdict, noting
    /// what the comparison found or why it could not decide.
    pub(crate) fn collect(&mut self, roots: &[(PairId, String)]) -> Vec<(Found, String)> {
        if self.alarms.len() != self.pairs.len() {
            self.alarms = alarms(&self.pairs);
            self.states = vec![(0, None); self.pairs.len()];
        }
        self.generation = self.generation.wrapping_add(1);
        if self.generation == 0 {
            self.states.iter_mut().for_each(|state| state.0 = 0);
            self.generation = 1;
        }
        let generation = self.generation;
        // Each pair is labelled with the first root that reaches it; `safe` is the pair that
        // proved it (or an ancestor) safe, `None` once reached otherwise.
        let mut order: Vec<(PairId, &str)> = Vec::new();
        for (root, via) in roots {
            let mut stack: Vec<(PairId, Option<PairId>)> = vec![(*root, None)];
            while let Some((id, context)) = stack.pop() {
                let index = id as usize;
                let Some(state) = self.states.get(index).copied() else { continue };
                if state.0 == generation && (state.1.is_none() || context.is_some()) {
                    continue;
                }
                if state.0 != generation {
                    order.push((id, via.as_str()));
                }
                let safe = match context {
                    Some(proof) => Some(proof),
                    None if self.worth_asking(id) => {
                        (self.verdict(id) == &Verdict::Yes).then_some(id)
                    }
                    None => None,
                };
                if let Some(slot) = self.states.get_mut(index) {
                    *slot = (generation, safe);
                }
                if let Some(pair) = self.pairs.get(index) {
                    stack.extend(pair.children.iter().rev().map(|child| (*child, safe)));
                }
            }
        }
        let mut findings: Vec<(Found, String)> = Vec::new();
        for (id, via) in order {
            let Some(pair) = self.pairs.get(id as usize) else { continue };
            let safe = self.states.get(id as usize).and_then(|state| state.1);
            let verdict = self.verdicts.get(&id);
            for found in &pair.findings {
                findings.push((judge(found, pair, safe, verdict, &self.pairs), via.to_owned()));
            }
            if safe.is_some()
                && let Some(found) = self.rust_type_change(id)
            {
                findings.push((found.clone(), via.to_owned()));
            }
        }
        findings.sort_by(|(a, _), (b, _)| {
            (a.head_pointer.as_deref().or(a.base_pointer.as_deref()), a.rule.id)
                .cmp(&(b.head_pointer.as_deref().or(b.base_pointer.as_deref()), b.rule.id))
        });
        findings.dedup_by(|(a, _), (b, _)| {
            a.rule.id == b.rule.id
                && a.base_pointer == b.base_pointer
                && a.head_pointer == b.head_pointer
                && a.message == b.message
        });
        findings
    }

    /// Whether the pair's values make it safe on the wire, asked once per pair.
    fn verdict(&mut self, id: PairId) -> &Verdict {
        if !self.verdicts.contains_key(&id) {
            let verdict = match self.pairs.get(id as usize) {
                Some(pair) => {
                    let base = Side { resolver: self.base, value: pair.base };
                    let head = Side { resolver: self.head, value: pair.head };
                    let text = parameter_value(&pair.head_pointer);
                    match pair.direction {
                        Direction::Request => self.inclusion[0].includes_as(base, head, text),
                        Direction::Response => self.inclusion[1].includes_as(head, base, text),
                        Direction::None => Verdict::Unknown(String::new()),
                    }
                }
                None => Verdict::Unknown(String::new()),
            };
            self.verdicts.insert(id, verdict);
        }
        self.verdicts.get(&id).unwrap_or(&UNDECIDED)
    }

    /// Whether the values are worth comparing for a pair not reached through a safe one: a
    /// warning or breaking finding about values here or below may be overturned; an info
    /// finding cannot be, so its pair is asked only when its Rust type changed, and so is a
    /// component referenced by another name (its Rust type is renamed even when nothing else
    /// changed).
    fn worth_asking(&mut self, id: PairId) -> bool {
        match self.alarms.get(id as usize) {
            Some(Alarm::Severe) => true,
            alarm => {
                (alarm == Some(&Alarm::Noted) || self.renamed(id))
                    && self.rust_type_change(id).is_some()
            }
        }
    }

    /// Whether the pair compares two components of different names.
    fn renamed(&self, id: PairId) -> bool {
        self.pairs.get(id as usize).is_some_and(|pair| {
            match (component(&pair.base_pointer), component(&pair.head_pointer)) {
                (Some(old), Some(new)) => old != new,
                _ => false,
            }
        })
    }

    /// The finding for a pair whose generated Rust type changes shape, worked out once.
    fn rust_type_change(&mut self, id: PairId) -> Option<&Found> {
        if !self.rust_changes.contains_key(&id) {
            let found = self.new_rust_type_change(id);
            self.rust_changes.insert(id, found);
        }
        self.rust_changes.get(&id).and_then(Option::as_ref)
    }

    fn new_rust_type_change(&self, id: PairId) -> Option<Found> {
        let pair = self.pairs.get(id as usize)?;
        if std::ptr::eq(pair.base, pair.head) {
            return None;
        }
        let old = shape(self.base, pair.base, &pair.base_pointer);
        let new = shape(self.head, pair.head, &pair.head_pointer);
        if old == new {
            return None;
        }
        let rule = match pair.direction {
            Direction::Request => rq::REQUEST_PROPERTY_RUST_TYPE_CHANGED,
            _ => rs::RESPONSE_PROPERTY_RUST_TYPE_CHANGED,
        };
        Some(Found {
            rule,
            base_pointer: Some(pair.base_pointer.clone()),
            head_pointer: Some(pair.head_pointer.clone()),
            message: format!(
                "{}: the generated Rust type changes from {} to {}",
                subject(&pair.head_pointer),
                old.describe(),
                new.describe()
            ),
            impact: Impact::RustClient,
            basis: Basis::Values(safe_note(pair.direction, None)),
        })
    }
}

static UNDECIDED: Verdict = Verdict::Unknown(String::new());

/// Whether a pointer is a parameter's (or header's) schema, or its array items: a value that
/// travels as text.
fn parameter_value(pointer: &str) -> bool {
    ["/schema", "/schema/items"].iter().any(|tail| {
        pointer.strip_suffix(tail).is_some_and(|parent| {
            let mut segments = parent.rsplit('/');
            segments.next().is_some() && matches!(segments.next(), Some("parameters" | "headers"))
        })
    })
}

/// Rules about a schema's values, which the comparison of accepted values decides; the others
/// (defaults, discriminators, keywords it does not read, undeclared properties, extensible
/// enums, write-only) keep their rule's verdict.
fn by_values(rule: &Rule) -> bool {
    const KEPT: &[&str] = &[
        "default-value",
        "discriminator",
        "keyword",
        "write-only",
        "x-extensible-enum",
        "additional-properties",
        "closed",
        "rust-type-changed",
    ];
    rule.area == crate::rules::Area::Schema && !KEPT.iter().any(|part| rule.id.contains(part))
}

/// Rules whose change, even when the wire is safe, changes the generated Rust types: a field
/// gone from a struct, a variant gone from an enum code builds, or a new variant in an enum code
/// matches.
fn changes_rust_types(rule: &Rule) -> bool {
    [
        rq::REQUEST_PROPERTY_REMOVED,
        rs::RESPONSE_OPTIONAL_PROPERTY_REMOVED,
        rq::REQUEST_PROPERTY_ONE_OF_REMOVED,
        rq::REQUEST_PROPERTY_ANY_OF_REMOVED,
        rs::RESPONSE_PROPERTY_ONE_OF_ADDED,
        rs::RESPONSE_PROPERTY_ANY_OF_ADDED,
    ]
    .iter()
    .any(|changing| changing.id == rule.id)
}

/// What the comparison says of a pair proven safe, at `at` when that is another schema than
/// the finding's (one that contains it).
fn safe_note(direction: Direction, at: Option<&str>) -> String {
    let what = match direction {
        Direction::Request => "every request value the old schema accepted is still accepted",
        _ => "the new schema allows no response value the old one did not",
    };
    match at {
        Some(at) => format!("{what} (at {})", if at.is_empty() { "/" } else { at }),
        None => what.to_owned(),
    }
}

/// A pair's finding, judged: see [`SchemaGraph::collect`].
fn judge(
    found: &Found,
    pair: &Pair<'_>,
    safe: Option<PairId>,
    verdict: Option<&Verdict>,
    pairs: &[Pair<'_>],
) -> Found {
    let mut found = found.clone();
    if !by_values(found.rule) || found.rule.level == crate::rules::Level::Info {
        return found;
    }
    match (safe, verdict) {
        (Some(proof), _) => {
            let at = pairs
                .get(proof as usize)
                .map(|proof| proof.head_pointer.as_str())
                .filter(|at| *at != pair.head_pointer);
            found.impact =
                if changes_rust_types(found.rule) { Impact::RustClient } else { Impact::None };
            found.basis = Basis::Values(safe_note(pair.direction, at));
        }
        (None, Some(Verdict::No(why))) => {
            found.basis = Basis::Values(why.clone());
        }
        (None, Some(Verdict::Unknown(why))) if !why.is_empty() => {
            found.basis = Basis::Undecided(why.clone());
        }
        _ => {}
    }
    found
}

/// Which pairs are worth an inclusion question.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Alarm {
    /// No finding about values, here or below.
    None,
    /// Only info findings about values here (and no more below): asked when the Rust type
    /// changed, to find a change the rules saw as harmless that breaks the Rust client.
    Noted,
    /// A warning or breaking finding about values here or below: asked, to overturn it.
    Severe,
}

/// For each pair, its [`Alarm`].
fn alarms(pairs: &[Pair<'_>]) -> Vec<Alarm> {
    let mut parents: Vec<Vec<PairId>> = vec![Vec::new(); pairs.len()];
    for (index, pair) in pairs.iter().enumerate() {
        let Ok(id) = PairId::try_from(index) else { continue };
        for child in &pair.children {
            if let Some(list) = parents.get_mut(*child as usize) {
                list.push(id);
            }
        }
    }
    let mut alarms: Vec<Alarm> = pairs
        .iter()
        .map(|pair| {
            if pair.findings.iter().any(|found| by_values(found.rule)) {
                Alarm::Noted
            } else {
                Alarm::None
            }
        })
        .collect();
    let mut stack: Vec<PairId> = Vec::new();
    for (index, pair) in pairs.iter().enumerate() {
        let severe = pair
            .findings
            .iter()
            .any(|found| by_values(found.rule) && found.rule.level != crate::rules::Level::Info);
        if severe && let Ok(id) = PairId::try_from(index) {
            stack.push(id);
        }
    }
    while let Some(id) = stack.pop() {
        let Some(slot) = alarms.get_mut(id as usize) else { continue };
        if *slot == Alarm::Severe {
            continue;
        }
        *slot = Alarm::Severe;
        stack.extend(parents.get(id as usize).into_iter().flatten());
    }
    alarms
}

/// Follows `$ref`s; component schemas through a table built once, so a reference costs one
/// hash look-up instead of a pointer walk. An external or broken reference reads as [`ANY`].
pub(crate) struct Resolver<'d> {
    pub(crate) document: &'d Document,
    /// Every component, by the reference that names it (`#/components/schemas/User`).
    components: HashMap<String, (&'d Value, String)>,
}

impl<'d> Resolver<'d> {
    pub(crate) fn new(document: &'d Document) -> Self {
        let mut components = HashMap::new();
        if let Some(kinds) = document.root().get("components").and_then(Value::as_object) {
            for (kind, entries) in kinds {
                let Some(entries) = entries.as_object() else { continue };
                for (name, value) in entries {
                    let at = pointer::child("/components", &[kind, name]);
                    components.insert(format!("#{at}"), (value, at));
                }
            }
        }
        Resolver { document, components }
    }

    /// The whole document.
    pub(crate) fn root(&self) -> &'d Value {
        self.document.root()
    }

    /// Follows `$ref`s from `value` (found at `at`) to a value, with its pointer.
    pub(crate) fn resolve(&self, value: &'d Value, at: String) -> (&'d Value, String) {
        let (target, place) = self.follow(value);
        (target, place.pointer(at))
    }

    /// Follows `$ref`s from `value` to a value, and says where it is without building a pointer
    /// (most pairs are met again, and need none).
    fn follow(&self, value: &'d Value) -> (&'d Value, Place<'_>) {
        let mut current = value;
        let mut place = Place::Here;
        for _ in 0..crate::load::MAX_REF_CHAIN {
            let Some(reference) = current.get("$ref").and_then(Value::as_str) else {
                return (current, place);
            };
            match self.components.get(reference) {
                Some((target, pointer)) => {
                    current = target;
                    place = Place::Component(pointer);
                }
                None => {
                    return match self.document.resolve(current) {
                        Some((target, pointer)) if !pointer.is_empty() => {
                            (target, Place::Elsewhere(pointer))
                        }
                        Some((target, _)) => (target, Place::Here),
                        None => (&ANY, Place::Here),
                    };
                }
            }
        }
        (&ANY, Place::Here)
    }

    /// The value `value`'s `$ref`s lead to, without working out where it is.
    pub(crate) fn target(&self, value: &'d Value) -> &'d Value {
        self.follow(value).0
    }

    /// Like [`Resolver::resolve`], `None` for a reference that leads nowhere.
    pub(crate) fn deref(&self, value: &'d Value, at: &str) -> Option<(&'d Value, String)> {
        let (target, pointer) = self.resolve(value, at.to_owned());
        (!std::ptr::eq(target, &ANY) || std::ptr::eq(value, &ANY)).then_some((target, pointer))
    }
}

/// Where [`Resolver::follow`] found a value.
enum Place<'d> {
    /// Where it was written (no `$ref`, or one leading nowhere).
    Here,
    /// At a component.
    Component(&'d str),
    /// Somewhere else in the document.
    Elsewhere(String),
}

impl Place<'_> {
    /// The pointer, given the place the value was written at.
    fn pointer(self, at: String) -> String {
        match self {
            Place::Here => at,
            Place::Component(pointer) => pointer.to_owned(),
            Place::Elsewhere(pointer) => pointer,
        }
    }
}

/// Findings and children of one pair.
struct Local<'d> {
    direction: Direction,
    findings: Vec<Found>,
    children: Vec<Child<'d>>,
}

impl<'d> Local<'d> {
    fn new(direction: Direction) -> Self {
        Local { direction, findings: Vec::new(), children: Vec::new() }
    }

    fn request(&self) -> bool {
        self.direction == Direction::Request
    }

    /// Records a finding of `request` or `response` depending on the pair's direction; `None`
    /// means the change is not reported in that direction.
    fn report(
        &mut self,
        request: Option<&'static Rule>,
        response: Option<&'static Rule>,
        base_pointer: Option<&str>,
        head_pointer: Option<&str>,
        message: String,
    ) {
        let rule = if self.request() { request } else { response };
        if let Some(rule) = rule {
            self.findings.push(Found {
                rule,
                base_pointer: base_pointer.map(str::to_owned),
                head_pointer: head_pointer.map(str::to_owned),
                message,
                impact: crate::report::Impact::Wire,
                basis: crate::report::Basis::Rule,
            });
        }
    }

    fn child(&mut self, base: (&'d Value, String), head: (&'d Value, String)) {
        self.children.push(Child {
            base: base.0,
            base_pointer: base.1,
            head: head.0,
            head_pointer: head.1,
        });
    }
}

/// A schema with its `allOf` members merged: the constraints that apply to one value.
struct View<'d> {
    resolver: &'d Resolver<'d>,
    /// The schema itself, then every `allOf` member, flattened and resolved.
    parts: Vec<(&'d Value, String)>,
    /// The pointer of the schema itself.
    pointer: String,
}

impl<'d> View<'d> {
    fn new(resolver: &'d Resolver<'d>, value: &'d Value, pointer: &str) -> Self {
        let mut parts = vec![(value, pointer.to_owned())];
        if value.get("allOf").is_none() {
            return View { resolver, parts, pointer: pointer.to_owned() };
        }
        let mut seen = BTreeSet::from([std::ptr::from_ref(value) as usize]);
        let mut next = 0;
        while let Some((part, at)) = parts.get(next).map(|(part, at)| (*part, at.clone())) {
            next += 1;
            let Some(members) = part.get("allOf").and_then(Value::as_array) else { continue };
            for (index, member) in members.iter().enumerate() {
                let (member, member_at) = resolver.resolve(member, format!("{at}/allOf/{index}"));
                if parts.len() < MAX_ALL_OF_PARTS
                    && seen.insert(std::ptr::from_ref(member) as usize)
                {
                    parts.push((member, member_at));
                }
            }
        }
        View { resolver, parts, pointer: pointer.to_owned() }
    }

    fn main(&self) -> &'d Value {
        self.parts.first().map_or(&ANY, |(value, _)| *value)
    }

    fn members(&self) -> &[(&'d Value, String)] {
        self.parts.get(1..).unwrap_or_default()
    }

    /// The first value of `key` among the parts, with the pointer of the part holding it.
    fn get(&self, key: &str) -> Option<(&'d Value, &str)> {
        self.parts.iter().find_map(|(part, at)| part.get(key).map(|value| (value, at.as_str())))
    }

    fn str(&self, key: &str) -> Option<&'d str> {
        self.get(key).and_then(|(value, _)| value.as_str())
    }

    fn flag(&self, key: &str) -> bool {
        self.parts.iter().any(|(part, _)| flag(part, key))
    }

    /// `type`, or what the keywords imply when it is absent; `None` for any type.
    fn type_name(&self) -> Option<&'d str> {
        if let Some(name) = self.str("type") {
            return Some(name);
        }
        if self.get("properties").is_some() || self.get("additionalProperties").is_some() {
            return Some("object");
        }
        if self.get("items").is_some() {
            return Some("array");
        }
        None
    }

    fn format(&self) -> Option<&'d str> {
        self.str("format").filter(|format| !ANNOTATION_FORMATS.contains(format))
    }

    fn nullable(&self) -> bool {
        let main = flag(self.main(), "nullable");
        let members = self.members();
        main || (!members.is_empty() && members.iter().all(|(part, _)| flag(part, "nullable")))
    }

    /// The enum values, without `null` (nullability is compared on its own).
    /// `const: v` (OpenAPI 3.1) reads as `enum: [v]`; the pointer is the keyword's.
    fn enumeration(&self) -> Option<(Vec<&'d Value>, String)> {
        if let Some((values, at)) = self.get("enum") {
            let values = values.as_array()?.iter().filter(|value| !value.is_null()).collect();
            return Some((values, format!("{at}/enum")));
        }
        let (value, at) = self.get("const")?;
        let values = if value.is_null() { Vec::new() } else { vec![value] };
        Some((values, format!("{at}/const")))
    }

    /// Whether the enum is declared open with `x-extensible-enum: true`.
    fn extensible(&self) -> bool {
        self.flag("x-extensible-enum")
    }

    /// Declared properties, merged over the parts (the first declaration wins).
    fn properties(&self) -> BTreeMap<&'d str, (&'d Value, String)> {
        let mut properties = BTreeMap::new();
        for (part, at) in &self.parts {
            let Some(declared) = part.get("properties").and_then(Value::as_object) else {
                continue;
            };
            for (name, schema) in declared {
                properties
                    .entry(name.as_str())
                    .or_insert_with(|| (schema, pointer::child(at, &["properties", name])));
            }
        }
        properties
    }

    fn required(&self) -> BTreeSet<&'d str> {
        self.parts
            .iter()
            .filter_map(|(part, _)| part.get("required").and_then(Value::as_array))
            .flatten()
            .filter_map(Value::as_str)
            .collect()
    }

    /// `additionalProperties`: `Err(pointer)` when `false`, else the schema (absent or `true`
    /// is [`ANY`]).
    fn additional(&self) -> Result<(&'d Value, String), String> {
        match self.get("additionalProperties") {
            Some((Value::Bool(false), at)) => Err(format!("{at}/additionalProperties")),
            Some((schema @ Value::Object(_), at)) => {
                Ok(self.resolver.resolve(schema, format!("{at}/additionalProperties")))
            }
            _ => Ok((&ANY, String::new())),
        }
    }

    /// The tightest bound among the parts: `upper` picks the lowest maximum.
    fn bound(&self, key: &str, exclusive_key: &str, upper: bool) -> Option<Bound> {
        let mut best: Option<Bound> = None;
        for (part, _) in &self.parts {
            let Some(object) = part.as_object() else { continue };
            let mut candidates = Vec::new();
            if let Some(value) = object.get(key).and_then(Value::as_f64) {
                let exclusive = object.get(exclusive_key).and_then(Value::as_bool) == Some(true);
                candidates.push(Bound { value, exclusive });
            }
            // JSON Schema 2020-12 style: a numeric exclusive bound.
            if let Some(value) = object.get(exclusive_key).and_then(Value::as_f64) {
                candidates.push(Bound { value, exclusive: true });
            }
            for candidate in candidates {
                best = Some(match best {
                    Some(current) if !candidate.tighter_than(current, upper) => current,
                    _ => candidate,
                });
            }
        }
        best
    }

    fn count(&self, key: &str, upper: bool) -> Option<f64> {
        self.parts
            .iter()
            .filter_map(|(part, _)| part.get(key).and_then(Value::as_f64))
            .reduce(|a, b| if upper { a.min(b) } else { a.max(b) })
    }

    /// `oneOf` or `anyOf` of the schema itself, resolved.
    fn variants(&self) -> Option<(Composition, Vec<(&'d Value, String)>)> {
        for (kind, key) in [(Composition::OneOf, "oneOf"), (Composition::AnyOf, "anyOf")] {
            if let Some((Value::Array(variants), at)) = self.get(key) {
                let at = at.to_owned();
                let variants = variants
                    .iter()
                    .enumerate()
                    .map(|(index, variant)| {
                        self.resolver.resolve(variant, format!("{at}/{key}/{index}"))
                    })
                    .collect();
                return Some((kind, variants));
            }
        }
        None
    }
}

/// Formats that document a string without constraining it.
const ANNOTATION_FORMATS: &[&str] = &["password", "textarea", ""];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Composition {
    OneOf,
    AnyOf,
}

#[derive(Clone, Copy, Debug, PartialEq)]
struct Bound {
    value: f64,
    exclusive: bool,
}

impl Bound {
    /// Whether `self` admits fewer values than `other` as an upper (or lower) bound.
    fn tighter_than(self, other: Bound, upper: bool) -> bool {
        if self.value == other.value {
            self.exclusive && !other.exclusive
        } else if upper {
            self.value < other.value
        } else {
            self.value > other.value
        }
    }

    fn describe(bound: Option<Bound>) -> String {
        match bound {
            None => "none".to_owned(),
            Some(Bound { value, exclusive: true }) => format!("{} (exclusive)", number(value)),
            Some(Bound { value, exclusive: false }) => number(value),
        }
    }
}

fn number(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{value:.0}")
    } else {
        value.to_string()
    }
}

/// What a change of type or format does to the set of values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Change {
    Same,
    Widened,
    Narrowed,
    Unrelated,
}

fn type_change(base: (Option<&str>, Option<&str>), head: (Option<&str>, Option<&str>)) -> Change {
    match (base.0, head.0) {
        (None, None) => format_change(None, base.1, head.1),
        (None, Some(_)) => Change::Narrowed,
        (Some(_), None) => Change::Widened,
        (Some(a), Some(b)) if a == b => format_change(Some(a), base.1, head.1),
        (Some("integer"), Some("number")) => Change::Widened,
        (Some("number"), Some("integer")) => Change::Narrowed,
        _ => Change::Unrelated,
    }
}

fn format_change(kind: Option<&str>, base: Option<&str>, head: Option<&str>) -> Change {
    match (base, head) {
        (None, None) => Change::Same,
        (a, b) if a == b => Change::Same,
        (None, Some(_)) => Change::Narrowed,
        (Some(_), None) => Change::Widened,
        (Some(a), Some(b)) => {
            let order: &[&str] = match kind {
                Some("integer") => &["int8", "int16", "int32", "int64"],
                Some("number") => &["float", "double"],
                _ => &[],
            };
            let rank = |format| order.iter().position(|known| *known == format);
            match (rank(a), rank(b)) {
                (Some(x), Some(y)) if x < y => Change::Widened,
                (Some(x), Some(y)) if x > y => Change::Narrowed,
                _ => Change::Unrelated,
            }
        }
    }
}

fn describe_type(kind: Option<&str>, format: Option<&str>) -> String {
    match (kind, format) {
        (None, None) => "any".to_owned(),
        (None, Some(format)) => format!("any ({format})"),
        (Some(kind), None) => kind.to_owned(),
        (Some(kind), Some(format)) => format!("{kind} ({format})"),
    }
}

/// The [`subject`] of a pointer, worked out only when a message shows it: most pairs report
/// nothing.
#[derive(Clone, Copy)]
struct Subject<'a>(&'a str);

impl std::fmt::Display for Subject<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&subject(self.0))
    }
}

/// What a pointer names, for messages: `property `email``, `schema `User``, `request body`.
fn subject(at: &str) -> String {
    let segments: Vec<&str> = at.rsplit('/').take(4).collect();
    match segments.as_slice() {
        [name, "properties", ..] => format!("property `{}`", pointer::unescape(name)),
        [name, "schemas", ..] => format!("schema `{}`", pointer::unescape(name)),
        ["items", ..] => "array items".to_owned(),
        ["additionalProperties", ..] => "additional properties".to_owned(),
        ["schema", _, "parameters", ..] => "parameter schema".to_owned(),
        ["schema", name, "headers", ..] => format!("header `{}`", pointer::unescape(name)),
        ["schema", _, "content", ..] if at.contains("/requestBody") => "request body".to_owned(),
        ["schema", _, "content", ..] => "response body".to_owned(),
        _ => "schema".to_owned(),
    }
}

/// `enum value "a"`, `enum values "a", "b" and "c"`, or the first five and how many more.
fn enum_values(values: &[&Value]) -> String {
    const SHOWN: usize = 5;
    match values {
        [one] => format!("enum value {}", show(one)),
        _ => {
            let shown: Vec<String> = values.iter().take(SHOWN).map(|value| show(value)).collect();
            let rest = values.len().saturating_sub(SHOWN);
            match shown.split_last() {
                Some((last, first)) if rest == 0 => {
                    format!("enum values {} and {last}", first.join(", "))
                }
                _ => format!("enum values {} and {rest} more", shown.join(", ")),
            }
        }
    }
}

fn show(value: &Value) -> String {
    let text = value.to_string();
    if text.chars().count() > 60 {
        let cut: String = text.chars().take(57).collect();
        format!("{cut}…")
    } else {
        text
    }
}

/// Compares one pair: its own keywords, queuing children.
fn compare<'d>(base: &View<'d>, head: &View<'d>, out: &mut Local<'d>) {
    if std::ptr::eq(base.main(), head.main()) {
        return;
    }
    let what = Subject(head.pointer.as_str());

    if !compare_variants(base, head, out) {
        return;
    }

    // A `type` array (OpenAPI 3.1) on either side: compared as sets of types.
    let kept_going = match compare_type_lists(base, head, what, out) {
        Some(kept_going) => kept_going,
        // Type and format.
        None => compare_type(base, head, what, out),
    };
    if !kept_going {
        return;
    }

    compare_nullable(base, head, what, out);
    compare_enum(base, head, what, out);
    compare_bounds(base, head, what, out);
    compare_pattern(base, head, what, out);
    compare_default(base, head, what, out);
    compare_discriminator(base, head, what, out);
    compare_all_of(base, head, what, out);
    compare_object(base, head, out);
    compare_prefix_items(base, head, what, out);
    compare_keywords(base, head, what, out);

    // Array items.
    let base_items = base.get("items");
    let head_items = head.get("items");
    if base_items.is_some() || head_items.is_some() {
        let side = |items: Option<(&'d Value, &str)>| match items {
            Some((items, at)) => (items, format!("{at}/items")),
            None => (&ANY, String::new()),
        };
        out.child(side(base_items), side(head_items));
    }
}

/// The types of a view when one side writes a `type` array; `None` when neither does.
fn type_list<'d>(view: &View<'d>) -> Option<Vec<&'d str>> {
    match view.get("type") {
        Some((Value::Array(types), _)) => Some(types.iter().filter_map(Value::as_str).collect()),
        _ => None,
    }
}

/// Compares `type` arrays as sets; `None` when neither side has one, else whether to go on
/// comparing (not after an unrelated change).
fn compare_type_lists<'d>(
    base: &View<'d>,
    head: &View<'d>,
    what: Subject<'_>,
    out: &mut Local<'_>,
) -> Option<bool> {
    let (old, new) = match (type_list(base), type_list(head)) {
        (None, None) => return None,
        (old, new) => (old, new),
    };
    let single = |view: &View<'d>| view.type_name().map(|name| vec![name]);
    let (Some(old), Some(new)) = (old.or_else(|| single(base)), new.or_else(|| single(head)))
    else {
        // One side takes any type: the scalar comparison says widened or narrowed.
        return None;
    };
    let covered = |kind: &str, set: &[&str]| {
        set.contains(&kind) || (kind == "integer" && set.contains(&"number"))
    };
    let widened = old.iter().all(|kind| covered(kind, &new));
    let narrowed = new.iter().all(|kind| covered(kind, &old));
    let (bp, hp) = (base.pointer.as_str(), head.pointer.as_str());
    let message =
        |how: &str| format!("{what}: types {how} from {} to {}", old.join(", "), new.join(", "));
    let (request, response, how, compatible) = match (widened, narrowed) {
        (true, true) => return Some(true),
        (true, false) => (
            rq::REQUEST_PROPERTY_TYPE_LIST_WIDENED,
            rs::RESPONSE_PROPERTY_TYPE_LIST_WIDENED,
            "widened",
            true,
        ),
        (false, true) => (
            rq::REQUEST_PROPERTY_TYPE_LIST_NARROWED,
            rs::RESPONSE_PROPERTY_TYPE_LIST_NARROWED,
            "narrowed",
            true,
        ),
        (false, false) => (
            rq::REQUEST_PROPERTY_TYPE_CHANGED,
            rs::RESPONSE_PROPERTY_TYPE_CHANGED,
            "changed",
            false,
        ),
    };
    out.report(Some(request), Some(response), Some(bp), Some(hp), message(how));
    Some(compatible)
}

/// `prefixItems` (OpenAPI 3.1): positions compared pairwise, a count change by direction.
fn compare_prefix_items<'d>(
    base: &View<'d>,
    head: &View<'d>,
    what: Subject<'_>,
    out: &mut Local<'d>,
) {
    let list = |view: &View<'d>| match view.get("prefixItems") {
        Some((Value::Array(items), at)) => Some((items, format!("{at}/prefixItems"))),
        _ => None,
    };
    let (old, new) = (list(base), list(head));
    if old.is_none() && new.is_none() {
        return;
    }
    static NO_ITEMS: Vec<Value> = Vec::new();
    let empty = &NO_ITEMS;
    let (old_items, old_at) = old.unwrap_or((empty, base.pointer.clone()));
    let (new_items, new_at) = new.unwrap_or((empty, head.pointer.clone()));
    for (index, (old_item, new_item)) in old_items.iter().zip(new_items.iter()).enumerate() {
        let index = index.to_string();
        out.child(
            (old_item, pointer::child(&old_at, &[&index])),
            (new_item, pointer::child(&new_at, &[&index])),
        );
    }
    let message = |how: &str| {
        format!("{what}: prefixItems {how} from {} to {}", old_items.len(), new_items.len())
    };
    if new_items.len() > old_items.len() {
        out.report(
            Some(rq::REQUEST_PROPERTY_PREFIX_ITEMS_ADDED),
            Some(rs::RESPONSE_PROPERTY_PREFIX_ITEMS_ADDED),
            Some(&old_at),
            Some(&new_at),
            message("grew"),
        );
    } else if new_items.len() < old_items.len() {
        out.report(
            Some(rq::REQUEST_PROPERTY_PREFIX_ITEMS_REMOVED),
            Some(rs::RESPONSE_PROPERTY_PREFIX_ITEMS_REMOVED),
            Some(&old_at),
            Some(&new_at),
            message("shrank"),
        );
    }
}

/// Constraint keywords with no rule of their own (JSON Schema's `if`, `contains`,
/// `dependentRequired`, …): one holding a schema is compared as a child when both sides have it;
/// otherwise the keyword added, removed or changed is judged by direction.
const SCHEMA_KEYWORDS: &[&str] = &[
    "not",
    "if",
    "then",
    "else",
    "contains",
    "propertyNames",
    "unevaluatedProperties",
    "unevaluatedItems",
    "contentSchema",
    "additionalItems",
];

/// Keywords holding a map of schemas, compared entry by entry.
const SCHEMA_MAP_KEYWORDS: &[&str] = &["patternProperties", "dependentSchemas"];

/// Keywords holding values, compared by equality.
const VALUE_KEYWORDS: &[&str] = &[
    "multipleOf",
    "uniqueItems",
    "minProperties",
    "maxProperties",
    "minContains",
    "maxContains",
    "dependentRequired",
    "contentMediaType",
    "contentEncoding",
];

/// Every keyword [`compare_keywords`] judges, for the loader's list of what is compared.
pub(crate) fn generic_keywords() -> impl Iterator<Item = &'static str> {
    SCHEMA_KEYWORDS.iter().chain(SCHEMA_MAP_KEYWORDS).chain(VALUE_KEYWORDS).copied()
}

fn compare_keywords<'d>(base: &View<'d>, head: &View<'d>, what: Subject<'_>, out: &mut Local<'d>) {
    let (bp, hp) = (base.pointer.as_str(), head.pointer.as_str());
    let changed = |out: &mut Local<'d>, key: &str, old: bool, new: bool| {
        let (request, response, how) = match (old, new) {
            (false, true) => {
                (rq::REQUEST_PROPERTY_KEYWORD_ADDED, rs::RESPONSE_PROPERTY_KEYWORD_ADDED, "added")
            }
            (true, false) => (
                rq::REQUEST_PROPERTY_KEYWORD_REMOVED,
                rs::RESPONSE_PROPERTY_KEYWORD_REMOVED,
                "removed",
            ),
            _ => (
                rq::REQUEST_PROPERTY_KEYWORD_CHANGED,
                rs::RESPONSE_PROPERTY_KEYWORD_CHANGED,
                "changed",
            ),
        };
        let base_at = if old { pointer::child(bp, &[key]) } else { bp.to_owned() };
        let head_at = if new { pointer::child(hp, &[key]) } else { hp.to_owned() };
        out.report(
            Some(request),
            Some(response),
            Some(&base_at),
            Some(&head_at),
            format!("{what}: `{key}` {how}"),
        );
    };
    // Only the schema's own keywords: `allOf` members are compared as members.
    let (old, new) = (base.main(), head.main());
    for key in SCHEMA_KEYWORDS {
        match (old.get(*key), new.get(*key)) {
            (None, None) => {}
            (Some(Value::Bool(a)), Some(Value::Bool(b))) if a != b => changed(out, key, true, true),
            (Some(a @ Value::Object(_)), Some(b @ Value::Object(_))) => {
                out.child((a, pointer::child(bp, &[key])), (b, pointer::child(hp, &[key])));
            }
            (Some(a), Some(b)) if a != b => changed(out, key, true, true),
            (Some(_), Some(_)) => {}
            (a, b) => changed(out, key, a.is_some(), b.is_some()),
        }
    }
    for key in SCHEMA_MAP_KEYWORDS {
        let (a, b) =
            (old.get(*key).and_then(Value::as_object), new.get(*key).and_then(Value::as_object));
        match (a, b) {
            (None, None) => {}
            (Some(a), Some(b)) => {
                for (name, schema) in a {
                    match b.get(name) {
                        Some(other) => out.child(
                            (schema, pointer::child(bp, &[key, name])),
                            (other, pointer::child(hp, &[key, name])),
                        ),
                        None => changed(out, key, true, true),
                    }
                }
                if b.keys().any(|name| !a.contains_key(name)) {
                    changed(out, key, true, true);
                }
            }
            (a, b) => changed(out, key, a.is_some(), b.is_some()),
        }
    }
    for key in VALUE_KEYWORDS {
        match (old.get(*key), new.get(*key)) {
            (a, b) if a == b => {}
            (Some(Value::Bool(false)), None) | (None, Some(Value::Bool(false))) => {}
            (a, b) => changed(out, key, a.is_some(), b.is_some()),
        }
    }
}

/// Compares `type` and `format`; false when the types are unrelated (nothing more is compared).
fn compare_type(base: &View<'_>, head: &View<'_>, what: Subject<'_>, out: &mut Local<'_>) -> bool {
    let (bp, hp) = (base.pointer.as_str(), head.pointer.as_str());
    let base_type = (base.type_name(), base.format());
    let head_type = (head.type_name(), head.format());
    let change = type_change(base_type, head_type);
    let described = || {
        format!(
            "{what}: type changed from {} to {}",
            describe_type(base_type.0, base_type.1),
            describe_type(head_type.0, head_type.1)
        )
    };
    match change {
        Change::Same => {}
        Change::Unrelated => {
            out.report(
                Some(rq::REQUEST_PROPERTY_TYPE_CHANGED),
                Some(rs::RESPONSE_PROPERTY_TYPE_CHANGED),
                Some(bp),
                Some(hp),
                described(),
            );
            return false;
        }
        Change::Widened => out.report(
            Some(rq::REQUEST_PROPERTY_TYPE_GENERALIZED),
            Some(rs::RESPONSE_PROPERTY_TYPE_GENERALIZED),
            Some(bp),
            Some(hp),
            described(),
        ),
        Change::Narrowed => out.report(
            Some(rq::REQUEST_PROPERTY_TYPE_CHANGED),
            Some(rs::RESPONSE_PROPERTY_TYPE_SPECIALIZED),
            Some(bp),
            Some(hp),
            described(),
        ),
    }
    true
}

fn compare_nullable(base: &View<'_>, head: &View<'_>, what: Subject<'_>, out: &mut Local<'_>) {
    let (bp, hp) = (base.pointer.as_str(), head.pointer.as_str());
    match (base.nullable(), head.nullable()) {
        (true, false) => out.report(
            Some(rq::REQUEST_PROPERTY_BECAME_NOT_NULLABLE),
            Some(rs::RESPONSE_PROPERTY_BECAME_NOT_NULLABLE),
            Some(bp),
            Some(hp),
            format!("{what} is no longer nullable"),
        ),
        (false, true) => out.report(
            Some(rq::REQUEST_PROPERTY_BECAME_NULLABLE),
            Some(rs::RESPONSE_PROPERTY_BECAME_NULLABLE),
            Some(bp),
            Some(hp),
            format!("{what} became nullable"),
        ),
        _ => {}
    }
}

fn compare_enum(base: &View<'_>, head: &View<'_>, what: Subject<'_>, out: &mut Local<'_>) {
    let one = |values: &Option<(Vec<&Value>, String)>| {
        values.as_ref().is_some_and(|(values, _)| values.len() == 1)
    };
    let (old_enum, new_enum) = (base.enumeration(), head.enumeration());
    // One value: `const` (OpenAPI 3.1), or its 3.0 spelling `enum: [v]`.
    match (&old_enum, &new_enum) {
        (None, Some((values, at))) if one(&new_enum) => {
            let value = values.first().map_or_else(String::new, |value| show(value));
            return out.report(
                Some(rq::REQUEST_PROPERTY_BECAME_CONST),
                Some(rs::RESPONSE_PROPERTY_BECAME_CONST),
                Some(&base.pointer),
                Some(at.as_str()),
                format!("{what} became the constant {value}"),
            );
        }
        (Some((values, at)), None) if one(&old_enum) && !head.extensible() => {
            let value = values.first().map_or_else(String::new, |value| show(value));
            return out.report(
                Some(rq::REQUEST_PROPERTY_CONST_REMOVED),
                Some(rs::RESPONSE_PROPERTY_CONST_REMOVED),
                Some(at.as_str()),
                Some(&head.pointer),
                format!(
                    "{what} is no longer the constant {value}: any value of its type is allowed"
                ),
            );
        }
        (Some((old, base_at)), Some((new, head_at)))
            if one(&old_enum)
                && one(&new_enum)
                && old.first().map(|v| Keyed::new(v)) != new.first().map(|v| Keyed::new(v)) =>
        {
            let show_first =
                |values: &Vec<&Value>| values.first().map_or_else(String::new, |value| show(value));
            return out.report(
                Some(rq::REQUEST_PROPERTY_CONST_CHANGED),
                Some(rs::RESPONSE_PROPERTY_CONST_CHANGED),
                Some(base_at.as_str()),
                Some(head_at.as_str()),
                format!("{what}: constant changed from {} to {}", show_first(old), show_first(new)),
            );
        }
        _ => {}
    }
    match (old_enum, new_enum) {
        (None, None) => {}
        (None, Some((_, at))) => out.report(
            Some(rq::REQUEST_PROPERTY_BECAME_ENUM),
            Some(rs::RESPONSE_PROPERTY_CONSTRAINT_TIGHTENED),
            Some(&base.pointer),
            Some(at.as_str()),
            format!("{what} became an enum"),
        ),
        (Some((_, at)), None) => {
            let rule =
                if head.extensible() { None } else { Some(rs::RESPONSE_PROPERTY_ENUM_VALUE_ADDED) };
            out.report(
                Some(rq::REQUEST_PROPERTY_CONSTRAINT_RELAXED),
                rule,
                Some(at.as_str()),
                Some(&head.pointer),
                format!("{what} is no longer an enum: any value of its type is allowed"),
            );
        }
        (Some((old, base_at)), Some((new, head_at))) => {
            let old_set: HashSet<Keyed<'_>> = old.iter().map(|value| Keyed::new(value)).collect();
            let new_set: HashSet<Keyed<'_>> = new.iter().map(|value| Keyed::new(value)).collect();
            // One finding for all the values one list lost (or gained): one change to review,
            // one waiver.
            let removed: Vec<&Value> =
                old.iter().copied().filter(|value| !new_set.contains(&Keyed::new(value))).collect();
            if !removed.is_empty() {
                out.report(
                    Some(rq::REQUEST_PROPERTY_ENUM_VALUE_REMOVED),
                    Some(rs::RESPONSE_PROPERTY_ENUM_VALUE_REMOVED),
                    Some(&base_at),
                    Some(&head_at),
                    format!("{what}: {} removed", enum_values(&removed)),
                );
            }
            let open = head.extensible();
            let response_rule = if open {
                rs::RESPONSE_PROPERTY_OPEN_ENUM_VALUE_ADDED
            } else {
                rs::RESPONSE_PROPERTY_ENUM_VALUE_ADDED
            };
            let added: Vec<&Value> =
                new.iter().copied().filter(|value| !old_set.contains(&Keyed::new(value))).collect();
            if !added.is_empty() {
                out.report(
                    Some(rq::REQUEST_PROPERTY_ENUM_VALUE_ADDED),
                    Some(response_rule),
                    Some(&base_at),
                    Some(&head_at),
                    format!("{what}: {} added", enum_values(&added)),
                );
            }
        }
    }
    // Zalando's open enums: a list of the values known today.
    fn list<'d>(view: &View<'d>) -> Option<(&'d Vec<Value>, String)> {
        view.get("x-extensible-enum")
            .and_then(|(values, at)| Some((values.as_array()?, at.to_owned())))
    }
    if let (Some((old, base_at)), Some((new, head_at))) = (list(base), list(head)) {
        let new: HashSet<Keyed<'_>> = new.iter().map(Keyed::new).collect();
        for value in old.iter().filter(|value| !new.contains(&Keyed::new(value))) {
            out.report(
                Some(rq::REQUEST_PROPERTY_X_EXTENSIBLE_ENUM_VALUE_REMOVED),
                None,
                Some(&format!("{base_at}/x-extensible-enum")),
                Some(&format!("{head_at}/x-extensible-enum")),
                format!("{what}: x-extensible-enum value {} removed", show(value)),
            );
        }
    }
}

fn compare_bounds(base: &View<'_>, head: &View<'_>, what: Subject<'_>, out: &mut Local<'_>) {
    let (bp, hp) = (Some(base.pointer.as_str()), Some(head.pointer.as_str()));
    for (key, exclusive, upper) in
        [("maximum", "exclusiveMaximum", true), ("minimum", "exclusiveMinimum", false)]
    {
        let old = base.bound(key, exclusive, upper);
        let new = head.bound(key, exclusive, upper);
        let narrowed = match (old, new) {
            (None, Some(_)) => true,
            (Some(old), Some(new)) => new.tighter_than(old, upper),
            _ => false,
        };
        let widened = match (old, new) {
            (Some(_), None) => true,
            (Some(old), Some(new)) => old.tighter_than(new, upper),
            _ => false,
        };
        if !narrowed && !widened {
            continue;
        }
        let message = format!(
            "{what}: {key} changed from {} to {}",
            Bound::describe(old),
            Bound::describe(new)
        );
        let (request_narrowed, response_widened) = if upper {
            (rq::REQUEST_PROPERTY_MAX_DECREASED, rs::RESPONSE_PROPERTY_MAX_INCREASED)
        } else {
            (rq::REQUEST_PROPERTY_MIN_INCREASED, rs::RESPONSE_PROPERTY_MIN_DECREASED)
        };
        report_limit(
            out,
            (narrowed, widened),
            (request_narrowed, response_widened),
            (bp, hp),
            message,
        );
    }
    let limits = [
        (
            "maxLength",
            true,
            rq::REQUEST_PROPERTY_MAX_LENGTH_DECREASED,
            rs::RESPONSE_PROPERTY_MAX_LENGTH_INCREASED,
        ),
        (
            "minLength",
            false,
            rq::REQUEST_PROPERTY_MIN_LENGTH_INCREASED,
            rs::RESPONSE_PROPERTY_MIN_LENGTH_DECREASED,
        ),
        (
            "maxItems",
            true,
            rq::REQUEST_PROPERTY_MAX_ITEMS_DECREASED,
            rs::RESPONSE_PROPERTY_MAX_ITEMS_INCREASED,
        ),
        (
            "minItems",
            false,
            rq::REQUEST_PROPERTY_MIN_ITEMS_INCREASED,
            rs::RESPONSE_PROPERTY_MIN_ITEMS_DECREASED,
        ),
    ];
    for (key, upper, request_narrowed, response_widened) in limits {
        // A missing lower limit is 0: `minLength: 0` and no `minLength` are the same.
        let read = |view: &View<'_>| {
            let value = view.count(key, upper);
            if upper { value } else { value.filter(|value| *value > 0.0) }
        };
        let (old, new) = (read(base), read(head));
        let narrowed = match (old, new) {
            (None, Some(_)) => true,
            (Some(old), Some(new)) => {
                if upper {
                    new < old
                } else {
                    new > old
                }
            }
            _ => false,
        };
        let widened = match (old, new) {
            (Some(_), None) => true,
            (Some(old), Some(new)) => {
                if upper {
                    new > old
                } else {
                    new < old
                }
            }
            _ => false,
        };
        if !narrowed && !widened {
            continue;
        }
        let describe = |value: Option<f64>| value.map_or_else(|| "none".to_owned(), number);
        let message = format!("{what}: {key} changed from {} to {}", describe(old), describe(new));
        report_limit(
            out,
            (narrowed, widened),
            (request_narrowed, response_widened),
            (bp, hp),
            message,
        );
    }
}

/// Reports a limit that `narrowed` (a request breaks, a response tightened) or `widened` (a
/// request relaxed, a response breaks).
fn report_limit(
    out: &mut Local<'_>,
    (narrowed, widened): (bool, bool),
    (request_narrowed, response_widened): (&'static Rule, &'static Rule),
    (bp, hp): (Option<&str>, Option<&str>),
    message: String,
) {
    if narrowed {
        out.report(
            Some(request_narrowed),
            Some(rs::RESPONSE_PROPERTY_CONSTRAINT_TIGHTENED),
            bp,
            hp,
            message,
        );
    } else if widened {
        out.report(
            Some(rq::REQUEST_PROPERTY_CONSTRAINT_RELAXED),
            Some(response_widened),
            bp,
            hp,
            message,
        );
    }
}

/// Patterns that accept every string.
fn matches_everything(pattern: &str) -> bool {
    matches!(pattern, "" | ".*" | "^.*$" | "^.*" | ".*$" | "(.*)" | "^(.*)$" | "[\\s\\S]*")
}

fn compare_pattern(base: &View<'_>, head: &View<'_>, what: Subject<'_>, out: &mut Local<'_>) {
    let (bp, hp) = (Some(base.pointer.as_str()), Some(head.pointer.as_str()));
    let old = base.str("pattern").filter(|pattern| !matches_everything(pattern));
    let new = head.str("pattern").filter(|pattern| !matches_everything(pattern));
    match (old, new) {
        (None, None) => {}
        (Some(a), Some(b)) if a == b => {}
        (None, Some(pattern)) => out.report(
            Some(rq::REQUEST_PROPERTY_PATTERN_ADDED),
            Some(rs::RESPONSE_PROPERTY_CONSTRAINT_TIGHTENED),
            bp,
            hp,
            format!("{what}: pattern `{pattern}` added"),
        ),
        (Some(pattern), None) => out.report(
            Some(rq::REQUEST_PROPERTY_CONSTRAINT_RELAXED),
            Some(rs::RESPONSE_PROPERTY_PATTERN_CHANGED),
            bp,
            hp,
            format!("{what}: pattern `{pattern}` removed"),
        ),
        (Some(old), Some(new)) => out.report(
            Some(rq::REQUEST_PROPERTY_PATTERN_CHANGED),
            Some(rs::RESPONSE_PROPERTY_PATTERN_CHANGED),
            bp,
            hp,
            format!("{what}: pattern changed from `{old}` to `{new}`"),
        ),
    }
}

fn compare_default(base: &View<'_>, head: &View<'_>, what: Subject<'_>, out: &mut Local<'_>) {
    let old = base.get("default").map(|(value, _)| value);
    let new = head.get("default").map(|(value, _)| value);
    if old == new {
        return;
    }
    let describe = |value: Option<&Value>| value.map_or_else(|| "none".to_owned(), show);
    out.report(
        Some(rq::REQUEST_PROPERTY_DEFAULT_VALUE_CHANGED),
        Some(rs::RESPONSE_PROPERTY_DEFAULT_VALUE_CHANGED),
        Some(&base.pointer),
        Some(&head.pointer),
        format!("{what}: default changed from {} to {}", describe(old), describe(new)),
    );
}

fn compare_discriminator(base: &View<'_>, head: &View<'_>, what: Subject<'_>, out: &mut Local<'_>) {
    let (old, new) = match (base.get("discriminator"), head.get("discriminator")) {
        (None, None) => return,
        (None, Some((_, head_at))) => {
            return out.report(
                Some(rq::REQUEST_PROPERTY_DISCRIMINATOR_ADDED),
                Some(rs::RESPONSE_PROPERTY_DISCRIMINATOR_ADDED),
                Some(&base.pointer),
                Some(&format!("{head_at}/discriminator")),
                format!("{what}: discriminator added"),
            );
        }
        (Some((_, base_at)), None) => {
            return out.report(
                Some(rq::REQUEST_PROPERTY_DISCRIMINATOR_REMOVED),
                Some(rs::RESPONSE_PROPERTY_DISCRIMINATOR_REMOVED),
                Some(&format!("{base_at}/discriminator")),
                Some(&head.pointer),
                format!("{what}: discriminator removed"),
            );
        }
        (Some(old), Some(new)) => (old, new),
    };
    let ((old, base_at), (new, head_at)) = (old, new);
    let (base_at, head_at) =
        (format!("{base_at}/discriminator"), format!("{head_at}/discriminator"));
    let name = |value: &Value| value.get("propertyName").and_then(Value::as_str).map(str::to_owned);
    if name(old) != name(new) {
        out.report(
            Some(rq::REQUEST_PROPERTY_DISCRIMINATOR_PROPERTY_NAME_CHANGED),
            Some(rs::RESPONSE_PROPERTY_DISCRIMINATOR_PROPERTY_NAME_CHANGED),
            Some(&base_at),
            Some(&head_at),
            format!(
                "{what}: discriminator property changed from `{}` to `{}`",
                name(old).unwrap_or_default(),
                name(new).unwrap_or_default()
            ),
        );
    }
    fn mapping(discriminator: &Value) -> &serde_json::Map<String, Value> {
        discriminator.get("mapping").and_then(Value::as_object).unwrap_or(&super::EMPTY)
    }
    let (old_map, new_map) = (mapping(old), mapping(new));
    for (tag, target) in old_map {
        match new_map.get(tag) {
            None => out.report(
                Some(rq::REQUEST_PROPERTY_DISCRIMINATOR_MAPPING_DELETED),
                Some(rs::RESPONSE_PROPERTY_DISCRIMINATOR_MAPPING_DELETED),
                Some(&base_at),
                Some(&head_at),
                format!("{what}: discriminator value `{tag}` removed"),
            ),
            Some(new_target)
                if !same_target(
                    base.resolver.document,
                    target,
                    head.resolver.document,
                    new_target,
                ) =>
            {
                out.report(
                    Some(rq::REQUEST_PROPERTY_DISCRIMINATOR_MAPPING_DELETED),
                    Some(rs::RESPONSE_PROPERTY_DISCRIMINATOR_MAPPING_ADDED),
                    Some(&base_at),
                    Some(&head_at),
                    format!("{what}: discriminator value `{tag}` now maps to {}", show(new_target)),
                );
            }
            Some(_) => {}
        }
    }
    for tag in new_map.keys().filter(|tag| !old_map.contains_key(*tag)) {
        out.report(
            Some(rq::REQUEST_PROPERTY_DISCRIMINATOR_MAPPING_ADDED),
            Some(rs::RESPONSE_PROPERTY_DISCRIMINATOR_MAPPING_ADDED),
            Some(&base_at),
            Some(&head_at),
            format!("{what}: discriminator value `{tag}` added"),
        );
    }
}

/// Two mapping targets are the same when they name the same schema, or schemas of identical
/// content (a renamed component).
fn same_target(base: &Document, old: &Value, head: &Document, new: &Value) -> bool {
    if old == new {
        return true;
    }
    fn target<'v>(document: &'v Document, value: &Value) -> Option<&'v Value> {
        let reference = value.as_str()?;
        let reference = if reference.starts_with('#') {
            reference.to_owned()
        } else {
            format!("#/components/schemas/{reference}")
        };
        document.target(&reference)
    }
    match (target(base, old), target(head, new)) {
        (Some(a), Some(b)) => a == b,
        _ => false,
    }
}

/// Keywords that constrain values; a schema without any is an annotation.
const CONSTRAINTS: &[&str] = &[
    "type",
    "format",
    "enum",
    "const",
    "properties",
    "required",
    "additionalProperties",
    "items",
    "maximum",
    "minimum",
    "exclusiveMaximum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "maxProperties",
    "minProperties",
    "multipleOf",
    "oneOf",
    "anyOf",
    "allOf",
    "not",
    "nullable",
    "$ref",
];

fn compare_all_of(base: &View<'_>, head: &View<'_>, what: Subject<'_>, out: &mut Local<'_>) {
    let constraining = |value: &Value| {
        value
            .as_object()
            .is_some_and(|object| object.keys().any(|key| CONSTRAINTS.contains(&key.as_str())))
    };
    let old = base.members();
    let new = head.members();
    let (_, removed, added) = match_schemas(old, new);
    let list = |view: &View<'_>| {
        if view.main().get("allOf").is_some() {
            format!("{}/allOf", view.pointer)
        } else {
            view.pointer.clone()
        }
    };
    let (base_at, head_at) = (list(base), list(head));
    for index in added {
        let Some((member, at)) = new.get(index) else { continue };
        // `$ref: X` wrapped as `allOf: [$ref: X]` with siblings (`$ref` with siblings in
        // OpenAPI 3.1, `allOf` around a nullable reference in 3.0): the same schema.
        if *at == base.pointer {
            continue;
        }
        if constraining(member) {
            out.report(
                Some(rq::REQUEST_PROPERTY_ALL_OF_ADDED),
                None,
                Some(&base_at),
                Some(&head_at),
                format!("{what}: allOf member `{}` added", variant_name(at)),
            );
        }
    }
    for index in removed {
        let Some((_, at)) = old.get(index) else { continue };
        if *at == head.pointer {
            continue;
        }
        out.report(
            Some(rq::REQUEST_PROPERTY_ALL_OF_REMOVED),
            None,
            Some(&base_at),
            Some(&head_at),
            format!("{what}: allOf member `{}` removed", variant_name(at)),
        );
    }
}

/// Pairs up schemas of two lists: same reference target, then equal content, then equal
/// `title`, then the rest in order. Returns the pairs and the unmatched indices of each side.
fn match_schemas(
    old: &[(&Value, String)],
    new: &[(&Value, String)],
) -> (Vec<(usize, usize)>, Vec<usize>, Vec<usize>) {
    let mut pairs = Vec::new();
    let mut old_free: Vec<usize> = (0..old.len()).collect();
    let mut new_free: Vec<usize> = (0..new.len()).collect();
    // The same component (a `$ref` to it on both sides). A variant written inline has a
    // position for a pointer, `…/oneOf/16`, which says nothing about what it is: variants
    // inserted or reordered would pair unrelated schemas.
    fn component<'a>(variants: &'a [(&Value, String)], index: usize) -> Option<&'a str> {
        variants.get(index).map(|(_, at)| at.as_str()).filter(|at| is_component(at))
    }
    fn content<'a>(variants: &[(&'a Value, String)], index: usize) -> Option<Keyed<'a>> {
        variants.get(index).map(|(value, _)| Keyed::new(value))
    }
    fn title<'a>(variants: &[(&'a Value, String)], index: usize) -> Option<&'a str> {
        variants.get(index).and_then(|(value, _)| value.get("title")?.as_str())
    }
    let (free, pairs_out) = ((&mut old_free, &mut new_free), &mut pairs);
    keyed::match_pass(free.0, free.1, pairs_out, |i| component(old, i), |j| component(new, j));
    // Equal content, then equal titles.
    keyed::match_pass(free.0, free.1, pairs_out, |i| content(old, i), |j| content(new, j));
    keyed::match_pass(free.0, free.1, pairs_out, |i| title(old, i), |j| title(new, j));
    // The rest in order, when both sides have the same number left, except two members of a
    // tagged union told apart by their tags: one of them was removed, the other added.
    if old_free.len() == new_free.len() {
        let (mut old_left, mut new_left) = (Vec::new(), Vec::new());
        for (i, j) in old_free.drain(..).zip(new_free.drain(..)) {
            match (old.get(i), new.get(j)) {
                (Some((a, _)), Some((b, _))) if distinct_tags(a, b) => {
                    old_left.push(i);
                    new_left.push(j);
                }
                _ => pairs.push((i, j)),
            }
        }
        (old_free, new_free) = (old_left, new_left);
    }
    (pairs, old_free, new_free)
}

/// Whether two variants carry different values of the same tag: a property both declare with
/// a one-value `enum` (`type: {enum: [merge_queue]}` against `type: {enum: [workflows]}`).
fn distinct_tags(a: &Value, b: &Value) -> bool {
    fn tag<'v>(schema: &'v Value, name: &str) -> Option<&'v Value> {
        let property = schema.get("properties")?.get(name)?;
        if let Some(only) = property.get("const") {
            return Some(only);
        }
        match property.get("enum")?.as_array()?.as_slice() {
            [only] => Some(only),
            _ => None,
        }
    }
    let Some(properties) = a.get("properties").and_then(Value::as_object) else { return false };
    properties
        .keys()
        .any(|name| matches!((tag(a, name), tag(b, name)), (Some(x), Some(y)) if x != y))
}

/// Whether `at` is a component itself (`/components/schemas/User`), not a place inside one.
fn is_component(at: &str) -> bool {
    at.strip_prefix("/components/")
        .and_then(|rest| rest.split_once('/'))
        .is_some_and(|(_, name)| !name.is_empty() && !name.contains('/'))
}

/// A `oneOf`/`anyOf` whose variants only list required properties (`anyOf: [{required: [a]},
/// {required: [b]}]`): not alternative shapes, a condition on which properties are present.
struct Presence<'d> {
    kind: Composition,
    sets: Vec<BTreeSet<&'d str>>,
}

impl<'d> Presence<'d> {
    /// The view's composition when every variant only says `required` (and annotations).
    fn of(view: &View<'d>) -> Option<Presence<'d>> {
        let (kind, variants) = view.variants()?;
        let sets = variants
            .iter()
            .map(|(variant, _)| {
                let object = variant.as_object()?;
                let annotation = |key: &str| matches!(key, "required" | "description" | "title");
                if !object.keys().all(|key| annotation(key)) {
                    return None;
                }
                let required = object.get("required")?.as_array()?;
                required.iter().map(Value::as_str).collect::<Option<BTreeSet<&str>>>()
            })
            .collect::<Option<Vec<_>>>()?;
        (!sets.is_empty()).then_some(Presence { kind, sets })
    }

    /// Whether an object holding exactly `present` satisfies the condition.
    fn accepts(&self, present: &BTreeSet<&str>) -> bool {
        let satisfied = self.sets.iter().filter(|set| set.is_subset(present)).count();
        match self.kind {
            Composition::AnyOf => satisfied > 0,
            Composition::OneOf => satisfied == 1,
        }
    }

    fn describe(&self) -> String {
        let sets: Vec<String> = self
            .sets
            .iter()
            .map(|set| set.iter().map(|name| format!("`{name}`")).collect::<Vec<_>>().join(" + "))
            .collect();
        let quantifier = if self.kind == Composition::OneOf { "exactly one of" } else { "one of" };
        format!("{quantifier} {}", sets.join(", "))
    }
}

/// Objects that satisfy `view`'s own `required` and its presence condition: the fewest
/// properties each variant allows, and every declared property at once.
fn witnesses<'d>(view: &View<'d>, presence: Option<&Presence<'d>>) -> Vec<BTreeSet<&'d str>> {
    let required = view.required();
    let mut all = required.clone();
    all.extend(view.properties().into_keys());
    match presence {
        None => vec![required, all],
        Some(presence) => presence
            .sets
            .iter()
            .map(|set| required.union(set).copied().collect())
            .chain(std::iter::once(all))
            .filter(|present| presence.accepts(present))
            .collect(),
    }
}

/// A presence condition (see [`Presence`]) gained, lost or changed: judged by which objects it
/// admits, while the schema's properties are compared as usual. `None` when neither side has
/// one, or a side composes real alternatives.
fn compare_presence(base: &View<'_>, head: &View<'_>, out: &mut Local<'_>) -> Option<bool> {
    let (old, new) = (Presence::of(base), Presence::of(head));
    if old.is_none() && new.is_none() {
        return None;
    }
    if (old.is_none() && base.variants().is_some()) || (new.is_none() && head.variants().is_some())
    {
        return None;
    }
    let what = subject(&head.pointer);
    let (bp, hp) = (base.pointer.as_str(), head.pointer.as_str());
    let admits = |presence: &Option<Presence<'_>>, present: &BTreeSet<&str>| {
        presence.as_ref().is_none_or(|presence| presence.accepts(present))
    };
    if out.request() {
        // An object clients could send before that the new condition refuses.
        let refused = witnesses(base, old.as_ref()).iter().any(|present| !admits(&new, present));
        if let (true, Some(new)) = (refused, &new) {
            out.report(
                Some(rq::REQUEST_PROPERTY_BECAME_REQUIRED),
                None,
                Some(bp),
                Some(hp),
                format!("{what} now requires {}", new.describe()),
            );
        }
    } else {
        // An object the server may send now that the old condition ruled out.
        let unexpected = witnesses(head, new.as_ref()).iter().any(|present| !admits(&old, present));
        if let (true, Some(old)) = (unexpected, &old) {
            out.report(
                None,
                Some(rs::RESPONSE_PROPERTY_BECAME_OPTIONAL),
                Some(bp),
                Some(hp),
                format!("{what} no longer guarantees {}", old.describe()),
            );
        }
    }
    Some(true)
}

/// When a schema became a `oneOf` that keeps it as one variant, and every other variant is of
/// another type: the index of the kept variant. The old schema and the variant must have the
/// same constraints (annotations aside), the new schema none besides its `oneOf`, null must
/// still be allowed where it was, and the old schema must say its type, so that old values
/// match exactly one variant.
fn kept_variant(base: &View<'_>, head: &View<'_>, variants: &[(&Value, String)]) -> Option<usize> {
    fn constraints(value: &Value) -> Option<BTreeMap<&str, &Value>> {
        let annotation = |key: &str| {
            matches!(
                key,
                "description"
                    | "example"
                    | "examples"
                    | "title"
                    | "deprecated"
                    | "externalDocs"
                    | "nullable"
            ) || key.starts_with("x-")
        };
        let object = value.as_object()?;
        Some(
            object
                .iter()
                .filter(|(key, _)| !annotation(key))
                .map(|(k, v)| (k.as_str(), v))
                .collect(),
        )
    }
    let old_type = base.main().get("type")?.as_str()?;
    let old = constraints(base.main())?;
    // Nothing but the oneOf constrains the new schema itself, and no allOf adds to either.
    let mut around = constraints(head.main())?;
    around.remove("oneOf");
    if !around.is_empty() || !base.members().is_empty() || !head.members().is_empty() {
        return None;
    }
    let overlap = |a: &str, b: &str| {
        a == b || matches!((a, b), ("integer", "number") | ("number", "integer"))
    };
    let kept =
        variants.iter().position(|(variant, _)| constraints(variant).as_ref() == Some(&old))?;
    let others_disjoint =
        variants.iter().enumerate().filter(|(index, _)| *index != kept).all(|(_, (variant, _))| {
            variant.get("type").and_then(Value::as_str).is_some_and(|kind| !overlap(kind, old_type))
        });
    let null_kept = !base.nullable()
        || head.nullable()
        || variants.get(kept).is_some_and(|(variant, _)| flag(variant, "nullable"));
    (others_disjoint && null_kept).then_some(kept)
}

/// `oneOf`/`anyOf`. Returns whether the rest of the pair should be compared.
fn compare_variants<'d>(base: &View<'d>, head: &View<'d>, out: &mut Local<'d>) -> bool {
    if let Some(rest) = compare_presence(base, head, out) {
        return rest;
    }
    if out.request()
        && base.variants().is_none()
        && let Some((Composition::OneOf, variants)) = head.variants()
        && let Some(kept) = kept_variant(base, head, &variants)
    {
        // Every value clients send today matches the kept variant and no other: only new
        // alternatives were added.
        let what = subject(&head.pointer);
        let head_at = format!("{}/oneOf", head.pointer);
        let added = variants.iter().enumerate().filter(|(index, _)| *index != kept);
        for (_, (_, at)) in added {
            out.report(
                Some(rq::REQUEST_PROPERTY_ONE_OF_ADDED),
                None,
                Some(&base.pointer),
                Some(&head_at),
                format!("{what}: oneOf variant `{}` added", variant_name(at)),
            );
        }
        return false;
    }
    let what = subject(&head.pointer);
    let (bp, hp) = (base.pointer.clone(), head.pointer.clone());
    let (old, new) = match (base.variants(), head.variants()) {
        (None, None) => return true,
        (None, Some((Composition::OneOf, variants))) if variants.len() > 1 => {
            out.report(
                Some(rq::REQUEST_BODY_WRAPPED_IN_ONE_OF),
                Some(rs::RESPONSE_BODY_WRAPPED_IN_ONE_OF),
                Some(&bp),
                Some(&hp),
                format!("{what} was replaced by a oneOf of {} variants", variants.len()),
            );
            return false;
        }
        (None, Some((kind, variants))) => {
            ((kind, vec![(base.main(), bp.clone())]), (kind, variants))
        }
        (Some((kind, variants)), None) => {
            ((kind, variants), (kind, vec![(head.main(), hp.clone())]))
        }
        (Some(old), Some(new)) => (old, new),
    };
    let (pairs, removed, added) = match_schemas(&old.1, &new.1);
    let kind = new.0;
    let (removed_rules, added_rules) = match kind {
        Composition::OneOf => (
            (rq::REQUEST_PROPERTY_ONE_OF_REMOVED, rs::RESPONSE_PROPERTY_ONE_OF_REMOVED),
            (rq::REQUEST_PROPERTY_ONE_OF_ADDED, rs::RESPONSE_PROPERTY_ONE_OF_ADDED),
        ),
        Composition::AnyOf => (
            (rq::REQUEST_PROPERTY_ANY_OF_REMOVED, rs::RESPONSE_PROPERTY_ANY_OF_REMOVED),
            (rq::REQUEST_PROPERTY_ANY_OF_ADDED, rs::RESPONSE_PROPERTY_ANY_OF_ADDED),
        ),
    };
    let keyword = if kind == Composition::OneOf { "oneOf" } else { "anyOf" };
    let list = |view: &View<'_>| match view.variants() {
        Some((Composition::OneOf, _)) => format!("{}/oneOf", view.pointer),
        Some((Composition::AnyOf, _)) => format!("{}/anyOf", view.pointer),
        None => view.pointer.clone(),
    };
    let (base_at, head_at) = (list(base), list(head));
    for index in removed {
        let Some((_, at)) = old.1.get(index) else { continue };
        out.report(
            Some(removed_rules.0),
            Some(removed_rules.1),
            Some(&base_at),
            Some(&head_at),
            format!("{what}: {keyword} variant `{}` removed", variant_name(at)),
        );
    }
    for index in added {
        let Some((_, at)) = new.1.get(index) else { continue };
        out.report(
            Some(added_rules.0),
            Some(added_rules.1),
            Some(&base_at),
            Some(&head_at),
            format!("{what}: {keyword} variant `{}` added", variant_name(at)),
        );
    }
    let wrapped = base.variants().is_none() || head.variants().is_none();
    for (i, j) in pairs {
        let (Some(old), Some(new)) = (old.1.get(i), new.1.get(j)) else { continue };
        out.child(old.clone(), new.clone());
    }
    // The schema's other keywords still apply when both sides compose.
    !wrapped
}

fn variant_name(at: &str) -> String {
    match at.strip_prefix("/components/schemas/") {
        Some(name) => pointer::unescape(name).into_owned(),
        None => at.rsplit('/').next().map_or_else(String::new, |index| format!("#{index}")),
    }
}

/// Properties, `required` and `additionalProperties`.
fn compare_object<'d>(base: &View<'d>, head: &View<'d>, out: &mut Local<'d>) {
    let request = out.request();
    let old = base.properties();
    let new = head.properties();
    let old_required = base.required();
    let new_required = head.required();
    let old_closed = base.additional().is_err();
    let new_closed = head.additional().is_err();
    // readOnly properties are not part of a request, writeOnly ones not part of a response.
    let hidden_key = if request { "readOnly" } else { "writeOnly" };
    let hidden =
        |view: &View<'d>, schema: &'d Value, _: &str| has_flag(view.resolver, schema, hidden_key);
    let names: BTreeSet<&str> = old.keys().chain(new.keys()).copied().collect();
    for name in names {
        let old_entry = old.get(name);
        let new_entry = new.get(name);
        let old_hidden = old_entry.is_some_and(|(schema, _)| hidden(base, schema, ""));
        let new_hidden = new_entry.is_some_and(|(schema, _)| hidden(head, schema, ""));
        let was_required = old_required.contains(name);
        let is_required = new_required.contains(name);
        // The schemas of properties present on both sides are compared, even read-only ones in
        // a request: clients often send back what they read, and a server validating it
        // rejects what no longer fits. Write-only ones are never in a response.
        if let (Some(old_entry), Some(new_entry)) = (old_entry, new_entry)
            && (request || !(old_hidden || new_hidden))
        {
            // Raw: interning follows `$ref`s, and builds pointers only for new pairs.
            out.child((old_entry.0, old_entry.1.clone()), (new_entry.0, new_entry.1.clone()));
        }
        let old_entry = old_entry.filter(|_| !old_hidden);
        let new_entry = new_entry.filter(|_| !new_hidden);
        match (old_entry, new_entry) {
            (Some(old_entry), Some(new_entry)) => {
                let (bp, hp) = (Some(old_entry.1.as_str()), Some(new_entry.1.as_str()));
                if !was_required && is_required {
                    out.report(
                        Some(rq::REQUEST_PROPERTY_BECAME_REQUIRED),
                        Some(rs::RESPONSE_PROPERTY_BECAME_REQUIRED),
                        bp,
                        hp,
                        format!("property `{name}` became required"),
                    );
                } else if was_required && !is_required {
                    out.report(
                        Some(rq::REQUEST_PROPERTY_BECAME_OPTIONAL),
                        Some(rs::RESPONSE_PROPERTY_BECAME_OPTIONAL),
                        bp,
                        hp,
                        format!("property `{name}` became optional"),
                    );
                }
            }
            (Some(old_entry), None) => {
                let still_declared = new.get(name);
                let hp = still_declared.map_or(head.pointer.as_str(), |(_, at)| at.as_str());
                let request_rule = if new_closed {
                    rq::REQUEST_CLOSED_PROPERTY_REMOVED
                } else {
                    rq::REQUEST_PROPERTY_REMOVED
                };
                let response_rule = match (was_required, still_declared.is_some()) {
                    (true, true) => rs::RESPONSE_REQUIRED_PROPERTY_BECAME_WRITE_ONLY,
                    (true, false) => rs::RESPONSE_REQUIRED_PROPERTY_REMOVED,
                    (false, _) => rs::RESPONSE_OPTIONAL_PROPERTY_REMOVED,
                };
                let how = match (still_declared.is_some(), request) {
                    (false, _) => "removed",
                    (true, true) => "became read-only",
                    (true, false) => "became write-only",
                };
                let required = if was_required { "required " } else { "" };
                out.report(
                    Some(request_rule),
                    Some(response_rule),
                    Some(&old_entry.1),
                    Some(hp),
                    format!("{required}property `{name}` {how}"),
                );
            }
            (None, Some(new_entry)) => {
                let bp = old.get(name).map_or(base.pointer.as_str(), |(_, at)| at.as_str());
                let request_rule = if is_required {
                    rq::NEW_REQUIRED_REQUEST_PROPERTY
                } else {
                    rq::NEW_OPTIONAL_REQUEST_PROPERTY
                };
                let response_rule = if old_closed {
                    rs::RESPONSE_PROPERTY_ADDED_TO_CLOSED_SCHEMA
                } else if is_required {
                    rs::RESPONSE_REQUIRED_PROPERTY_ADDED
                } else {
                    rs::RESPONSE_OPTIONAL_PROPERTY_ADDED
                };
                let required = if is_required { "required " } else { "optional " };
                let how = match (old.contains_key(name), request) {
                    (false, _) => "added",
                    (true, true) => "is no longer read-only",
                    (true, false) => "is no longer write-only",
                };
                out.report(
                    Some(request_rule),
                    Some(response_rule),
                    Some(bp),
                    Some(&new_entry.1),
                    format!("{required}property `{name}` {how}"),
                );
            }
            (None, None) => {}
        }
    }

    let (bp, hp) = (Some(base.pointer.as_str()), Some(head.pointer.as_str()));
    match (base.additional(), head.additional()) {
        (Ok(_), Err(at)) => out.report(
            Some(rq::REQUEST_ADDITIONAL_PROPERTIES_DISALLOWED),
            Some(rs::RESPONSE_PROPERTY_CONSTRAINT_TIGHTENED),
            bp,
            Some(&at),
            format!("{} no longer accepts undeclared properties", subject(&head.pointer)),
        ),
        (Err(at), Ok(_)) => out.report(
            Some(rq::REQUEST_PROPERTY_CONSTRAINT_RELAXED),
            Some(rs::RESPONSE_ADDITIONAL_PROPERTIES_ALLOWED),
            Some(&at),
            hp,
            format!("{} now allows undeclared properties", subject(&head.pointer)),
        ),
        (Ok(old), Ok(new)) => {
            if !(std::ptr::eq(old.0, &ANY) && std::ptr::eq(new.0, &ANY)) {
                out.child(old, new);
            }
        }
        (Err(_), Err(_)) => {}
    }
}

/// Whether a schema, or one of its direct `allOf` members, sets the boolean `key`.
fn has_flag<'d>(resolver: &Resolver<'d>, schema: &'d Value, key: &str) -> bool {
    let (schema, _) = resolver.follow(schema);
    if flag(schema, key) {
        return true;
    }
    schema
        .get("allOf")
        .and_then(Value::as_array)
        .is_some_and(|members| members.iter().any(|member| flag(resolver.follow(member).0, key)))
}

const SCHEMA_REF: &str = "#/components/schemas/";

/// Whether two schemas are equal as text, with every `$ref` naming an unchanged component.
/// Past the loader's depth bound (reachable only in examples of a document built in memory)
/// they count as different, which only means they are compared.
fn same(base: &Value, head: &Value, unchanged: &HashSet<&str>) -> bool {
    same_within(base, head, unchanged, 0)
}

fn same_within(base: &Value, head: &Value, unchanged: &HashSet<&str>, depth: usize) -> bool {
    if depth > crate::load::MAX_DEPTH {
        return false;
    }
    match (base, head) {
        (Value::Object(a), Value::Object(b)) => {
            a.len() == b.len()
                && a.iter().all(|(key, value)| match b.get(key) {
                    Some(other) if key == "$ref" => {
                        value == other
                            && value
                                .as_str()
                                .and_then(|reference| reference.strip_prefix(SCHEMA_REF))
                                .is_some_and(|name| unchanged.contains(name))
                    }
                    Some(other) => same_within(value, other, unchanged, depth + 1),
                    None => false,
                })
        }
        (Value::Array(a), Value::Array(b)) => {
            a.len() == b.len()
                && a.iter().zip(b).all(|(x, y)| same_within(x, y, unchanged, depth + 1))
        }
        _ => base == head,
    }
}

/// The component schemas with the same text in both documents whose references (followed
/// transitively) all lead to such components. Cycles count as unchanged.
fn unchanged_components<'d>(base: &'d Document, head: &'d Document) -> HashSet<&'d str> {
    let schemas = |document: &'d Document| {
        document.root().pointer("/components/schemas").and_then(Value::as_object)
    };
    let (Some(old), Some(new)) = (schemas(base), schemas(head)) else {
        return HashSet::new();
    };
    // Candidates: equal text. Their references, to check below.
    let mut references: HashMap<&'d str, Vec<&'d str>> = HashMap::new();
    for (name, schema) in old {
        if new.get(name) == Some(schema) {
            let mut found = Vec::new();
            let mut complete = true;
            collect_refs(schema, &mut found, &mut complete, 0);
            if complete {
                references.insert(name.as_str(), found);
            }
        }
    }
    // Drop candidates that reference a non-candidate, and then those that reference a dropped
    // one: a work list over the reversed references, so a chain of n components costs n, not
    // n rounds over all of them.
    let mut referenced_by: HashMap<&'d str, Vec<&'d str>> = HashMap::new();
    for (name, refs) in &references {
        for target in refs {
            referenced_by.entry(target).or_default().push(name);
        }
    }
    let mut dropped: Vec<&'d str> = references
        .iter()
        .filter(|(_, refs)| refs.iter().any(|name| !references.contains_key(name)))
        .map(|(name, _)| *name)
        .collect();
    for name in &dropped {
        references.remove(name);
    }
    while let Some(name) = dropped.pop() {
        for user in referenced_by.get(name).into_iter().flatten() {
            if references.remove(user).is_some() {
                dropped.push(user);
            }
        }
    }
    references.into_keys().collect()
}

/// The component names `value` references. `complete` turns false for any other kind of
/// reference, or nesting beyond what the loader allows.
fn collect_refs<'d>(value: &'d Value, found: &mut Vec<&'d str>, complete: &mut bool, depth: usize) {
    if depth > crate::load::MAX_DEPTH {
        *complete = false;
        return;
    }
    match value {
        Value::Object(object) => {
            for (key, child) in object {
                if key == "$ref" {
                    match child.as_str().and_then(|reference| reference.strip_prefix(SCHEMA_REF)) {
                        Some(name) if !name.contains('/') => found.push(name),
                        _ => *complete = false,
                    }
                } else {
                    collect_refs(child, found, complete, depth + 1);
                }
            }
        }
        Value::Array(items) => {
            for item in items {
                collect_refs(item, found, complete, depth + 1);
            }
        }
        _ => {}
    }
}
