//! Parsing JSON or YAML straight into a [`serde_json::Value`] within a memory budget.
//!
//! The size limit on the input alone does not bound memory: a YAML alias (`*a`) repeats what
//! its anchor holds, so 50 KB of YAML can stand for 60 million values, and a JSON document of
//! many small objects takes some fifty times its size as a tree. Every value is charged, as it
//! is built, what it will occupy ([`charge`]); past the budget
//! ([`PARSED_BYTES_PER_BYTE`](super::PARSED_BYTES_PER_BYTE) times the size limit) parsing
//! stops with an error. YAML keys become strings (`200:` is the integer 200 in YAML) and tags are dropped.

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, EnumAccess, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

/// What a value costs in memory, estimated from the layout of [`serde_json::Value`] and of the
/// allocator: the value itself (with a vector's spare capacity for array items), a string's
/// own allocation, and for an object its map's first node plus each entry's key.
mod charge {
    /// A `Value` wherever it sits (a map entry, the root).
    pub(super) const VALUE: u64 = 32;
    /// A `Value` in an array, whose vector grows by doubling: half a slot spare on average.
    pub(super) const ITEM: u64 = 48;
    /// An object's map allocates a leaf of eleven entries at once.
    pub(super) const OBJECT: u64 = 640;
    /// Each entry: its key (`String`) and its share of the map's nodes.
    pub(super) const ENTRY: u64 = 24 + 8;

    /// A string's bytes: the allocator's smallest chunk is 32 bytes, larger ones round up.
    pub(super) fn string(len: usize) -> u64 {
        (len as u64 + 8).next_multiple_of(16).max(32)
    }
}

/// The budget of one parse.
pub(crate) struct Budget {
    remaining: u64,
    /// Set when the budget ran out: the parser's error is then this, not a syntax error.
    pub(crate) exhausted: bool,
    /// YAML: a key given twice is an error (as YAML says); JSON: the last one wins.
    yaml: bool,
}

impl Budget {
    pub(crate) fn new(limit: u64, yaml: bool) -> Budget {
        Budget { remaining: limit, exhausted: false, yaml }
    }

    fn spend<E: de::Error>(&mut self, bytes: u64) -> Result<(), E> {
        match self.remaining.checked_sub(bytes) {
            Some(remaining) => {
                self.remaining = remaining;
                Ok(())
            }
            None => {
                self.exhausted = true;
                Err(E::custom("the parsed document takes too much memory"))
            }
        }
    }

    fn spend_string<E: de::Error>(&mut self, text: &str) -> Result<(), E> {
        self.spend(charge::string(text.len()))
    }
}

/// Parses one value with `budget`.
pub(crate) fn parse<'de, D: Deserializer<'de>>(
    deserializer: D,
    budget: &mut Budget,
) -> Result<Value, D::Error> {
    Bounded { budget }.deserialize(deserializer)
}

/// A value, charged to the budget.
struct Bounded<'b> {
    budget: &'b mut Budget,
}

impl<'de> DeserializeSeed<'de> for Bounded<'_> {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Bounded<'_> {
    type Value = Value;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("any JSON value")
    }

    fn visit_bool<E: de::Error>(self, value: bool) -> Result<Value, E> {
        self.budget.spend(charge::VALUE)?;
        Ok(Value::Bool(value))
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<Value, E> {
        self.budget.spend(charge::VALUE)?;
        Ok(Value::from(value))
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<Value, E> {
        self.budget.spend(charge::VALUE)?;
        Ok(Value::from(value))
    }

    fn visit_i128<E: de::Error>(self, value: i128) -> Result<Value, E> {
        match i64::try_from(value) {
            Ok(value) => self.visit_i64(value),
            // Beyond 64 bits, a float (as serde_json reads such numbers).
            #[allow(clippy::cast_precision_loss)]
            Err(_) => self.visit_f64(value as f64),
        }
    }

    fn visit_u128<E: de::Error>(self, value: u128) -> Result<Value, E> {
        match u64::try_from(value) {
            Ok(value) => self.visit_u64(value),
            #[allow(clippy::cast_precision_loss)]
            Err(_) => self.visit_f64(value as f64),
        }
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<Value, E> {
        self.budget.spend(charge::VALUE)?;
        // NaN and infinities (YAML's `.nan`, `.inf`) have no JSON form.
        Ok(Number::from_f64(value).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<Value, E> {
        self.budget.spend(charge::VALUE)?;
        self.budget.spend_string(value)?;
        Ok(Value::String(value.to_owned()))
    }

    fn visit_string<E: de::Error>(self, value: String) -> Result<Value, E> {
        self.budget.spend(charge::VALUE)?;
        self.budget.spend_string(&value)?;
        Ok(Value::String(value))
    }

    fn visit_none<E: de::Error>(self) -> Result<Value, E> {
        self.visit_unit()
    }

    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        self.budget.spend(charge::VALUE)?;
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        self.deserialize(deserializer)
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Value, D::Error> {
        self.deserialize(deserializer)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        self.budget.spend(charge::VALUE)?;
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        while let Some(item) = seq.next_element_seed(Bounded { budget: &mut *self.budget })? {
            self.budget.spend(charge::ITEM - charge::VALUE)?;
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        self.budget.spend(charge::VALUE + charge::OBJECT)?;
        let mut object = Map::new();
        while let Some(key) = map.next_key_seed(Key { budget: &mut *self.budget })? {
            self.budget.spend(charge::ENTRY)?;
            let value = map.next_value_seed(Bounded { budget: &mut *self.budget })?;
            if self.budget.yaml && object.contains_key(&key) {
                return Err(de::Error::custom(format_args!(
                    "duplicate entry with key {}",
                    super::shown(&format!("{key:?}"))
                )));
            }
            object.insert(key, value);
        }
        Ok(Value::Object(object))
    }

    /// A YAML tag (`!Thing value`): the tag is dropped, the value kept.
    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Value, A::Error> {
        use serde::de::VariantAccess as _;
        let (_tag, variant) = data.variant_seed(Key { budget: &mut *self.budget })?;
        variant.newtype_variant_seed(Bounded { budget: self.budget })
    }
}

/// An object key as a string: YAML's integer, boolean and null keys become their text, and a
/// sequence or mapping used as a key becomes its JSON text.
struct Key<'b> {
    budget: &'b mut Budget,
}

impl<'de> DeserializeSeed<'de> for Key<'_> {
    type Value = String;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<String, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Key<'_> {
    type Value = String;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("an object key")
    }

    fn visit_bool<E: de::Error>(self, value: bool) -> Result<String, E> {
        self.visit_string(value.to_string())
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<String, E> {
        self.visit_string(value.to_string())
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<String, E> {
        self.visit_string(value.to_string())
    }

    fn visit_i128<E: de::Error>(self, value: i128) -> Result<String, E> {
        self.visit_string(value.to_string())
    }

    fn visit_u128<E: de::Error>(self, value: u128) -> Result<String, E> {
        self.visit_string(value.to_string())
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<String, E> {
        self.visit_string(value.to_string())
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<String, E> {
        self.budget.spend_string(value)?;
        Ok(value.to_owned())
    }

    fn visit_string<E: de::Error>(self, value: String) -> Result<String, E> {
        self.budget.spend_string(&value)?;
        Ok(value)
    }

    fn visit_none<E: de::Error>(self) -> Result<String, E> {
        self.visit_unit()
    }

    fn visit_unit<E: de::Error>(self) -> Result<String, E> {
        self.visit_str("null")
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<String, D::Error> {
        self.deserialize(deserializer)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<String, A::Error> {
        let value = Bounded { budget: &mut *self.budget }.visit_seq(seq)?;
        self.visit_string(value.to_string())
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<String, A::Error> {
        let value = Bounded { budget: &mut *self.budget }.visit_map(map)?;
        self.visit_string(value.to_string())
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<String, A::Error> {
        let value = Bounded { budget: &mut *self.budget }.visit_enum(data)?;
        match value {
            Value::String(text) => Ok(text),
            other => self.visit_string(other.to_string()),
        }
    }
}
