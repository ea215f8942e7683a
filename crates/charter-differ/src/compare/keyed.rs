//! Matching without quadratic scans: values keyed by a structural hash, and an in-order
//! matcher that pairs each base item with the first free head item of the same key.
//!
//! Both replace loops of the shape "for each base item, scan the head items", which cost the
//! product of the two counts: harmless for five enum values, hours for a hostile document with
//! a hundred thousand on each side.

use std::collections::{HashMap, VecDeque};
use std::hash::{DefaultHasher, Hash, Hasher};

use serde_json::Value;

/// A value that hashes by its content, consistently with `Value`'s `==` (object keys in any
/// order, numbers as serde_json compares them).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Keyed<'v> {
    value: &'v Value,
    hash: u64,
}

impl<'v> Keyed<'v> {
    pub(crate) fn new(value: &'v Value) -> Self {
        Keyed { value, hash: content_hash(value, 0) }
    }
}

impl PartialEq for Keyed<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.hash == other.hash && self.value == other.value
    }
}

impl Eq for Keyed<'_> {}

impl Hash for Keyed<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_u64(self.hash);
    }
}

/// Nesting below which [`content_hash`] stops looking: equal values still hash alike, and the
/// loader bounds parsed documents well above it.
const HASH_DEPTH: usize = 64;

fn content_hash(value: &Value, depth: usize) -> u64 {
    let mut hasher = DefaultHasher::new();
    match value {
        Value::Null => 0u8.hash(&mut hasher),
        Value::Bool(value) => (1u8, value).hash(&mut hasher),
        Value::Number(number) => {
            2u8.hash(&mut hasher);
            if let Some(value) = number.as_u64() {
                (0u8, value).hash(&mut hasher);
            } else if let Some(value) = number.as_i64() {
                (1u8, value).hash(&mut hasher);
            } else if let Some(value) = number.as_f64() {
                // 0.0 == -0.0 for serde_json: hash them alike.
                let value = if value == 0.0 { 0.0 } else { value };
                (2u8, value.to_bits()).hash(&mut hasher);
            }
        }
        Value::String(text) => (3u8, text).hash(&mut hasher),
        Value::Array(items) => {
            (4u8, items.len()).hash(&mut hasher);
            if depth < HASH_DEPTH {
                for item in items {
                    content_hash(item, depth + 1).hash(&mut hasher);
                }
            }
        }
        Value::Object(map) => {
            (5u8, map.len()).hash(&mut hasher);
            if depth < HASH_DEPTH {
                // Order-independent: a map that keeps insertion order is equal to the same
                // entries in another order.
                let entries = map.iter().fold(0u64, |sum, (key, value)| {
                    let mut entry = DefaultHasher::new();
                    (key, content_hash(value, depth + 1)).hash(&mut entry);
                    sum.wrapping_add(entry.finish())
                });
                entries.hash(&mut hasher);
            }
        }
    }
    hasher.finish()
}

/// One pass of in-order matching: each of `old_free` (in order) takes the first head index of
/// the same key not taken yet, exactly as scanning the free head items in order would, in
/// time linear in the counts. Items without a key (`None`) are not matched by this pass.
/// Matched pairs are appended to `pairs`; `old_free` keeps the unmatched base indices and
/// `new_free` the unmatched head indices, both in order.
pub(crate) fn match_pass<K: Hash + Eq>(
    old_free: &mut Vec<usize>,
    new_free: &mut Vec<usize>,
    pairs: &mut Vec<(usize, usize)>,
    old_key: impl Fn(usize) -> Option<K>,
    new_key: impl Fn(usize) -> Option<K>,
) {
    if old_free.len().saturating_mul(new_free.len()) <= SMALL {
        return match_small(old_free, new_free, pairs, old_key, new_key);
    }
    let mut by_key: HashMap<K, VecDeque<usize>> = HashMap::new();
    for &j in new_free.iter() {
        if let Some(key) = new_key(j) {
            by_key.entry(key).or_default().push_back(j);
        }
    }
    let mut taken = Vec::new();
    old_free.retain(|&i| {
        let matched = old_key(i).and_then(|key| by_key.get_mut(&key)?.pop_front());
        match matched {
            Some(j) => {
                pairs.push((i, j));
                taken.push(j);
                false
            }
            None => true,
        }
    });
    if !taken.is_empty() {
        taken.sort_unstable();
        new_free.retain(|j| taken.binary_search(j).is_err());
    }
}

/// Below this many (base, head) combinations, scanning beats building a hash map: most
/// lists (a response's media types, an enum of three values) are this small.
const SMALL: usize = 64;

/// [`match_pass`] by scanning, for small lists.
fn match_small<K: Eq>(
    old_free: &mut Vec<usize>,
    new_free: &mut Vec<usize>,
    pairs: &mut Vec<(usize, usize)>,
    old_key: impl Fn(usize) -> Option<K>,
    new_key: impl Fn(usize) -> Option<K>,
) {
    let mut candidates: Vec<(usize, Option<K>)> =
        new_free.iter().map(|&j| (j, new_key(j))).collect();
    old_free.retain(|&i| {
        let Some(key) = old_key(i) else { return true };
        match candidates.iter().position(|(_, candidate)| candidate.as_ref() == Some(&key)) {
            Some(position) => {
                let (j, _) = candidates.remove(position);
                pairs.push((i, j));
                false
            }
            None => true,
        }
    });
    new_free.clear();
    new_free.extend(candidates.into_iter().map(|(j, _)| j));
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn equal_values_hash_alike_whatever_the_key_order() {
        let a =
            json!({ "type": "object", "properties": { "a": { "type": "string" } }, "x": [1, 2.5] });
        let b =
            json!({ "x": [1, 2.5], "properties": { "a": { "type": "string" } }, "type": "object" });
        assert_eq!(Keyed::new(&a), Keyed::new(&b));
        assert_ne!(Keyed::new(&json!([1, 2])), Keyed::new(&json!([2, 1])));
        assert_ne!(Keyed::new(&json!(1)), Keyed::new(&json!(1.0)));
        assert_eq!(Keyed::new(&json!(0.0)), Keyed::new(&json!(-0.0)));
    }

    #[test]
    fn each_base_item_takes_the_first_free_head_item_of_its_key() {
        let old = ["a", "b", "a", "c"];
        let new = ["b", "a", "x", "a", "a"];
        let (mut old_free, mut new_free, mut pairs) = ((0..4).collect(), (0..5).collect(), vec![]);
        match_pass(&mut old_free, &mut new_free, &mut pairs, |i| old.get(i), |j| new.get(j));
        assert_eq!(pairs, [(0, 1), (1, 0), (2, 3)]);
        assert_eq!(old_free, [3]);
        assert_eq!(new_free, [2, 4]);
        // The same through the hash buckets, with lists too long to scan.
        let old: Vec<&str> = old.iter().cycle().take(40).copied().collect();
        let new: Vec<&str> = new.iter().cycle().take(50).copied().collect();
        let (mut scan_old, mut scan_new, mut scanned) =
            ((0..40).collect(), (0..50).collect(), vec![]);
        match_small(&mut scan_old, &mut scan_new, &mut scanned, |i| old.get(i), |j| new.get(j));
        let (mut old_free, mut new_free, mut pairs) =
            ((0..40).collect(), (0..50).collect(), vec![]);
        match_pass(&mut old_free, &mut new_free, &mut pairs, |i| old.get(i), |j| new.get(j));
        assert_eq!((pairs, old_free, new_free), (scanned, scan_old, scan_new));
    }
}
