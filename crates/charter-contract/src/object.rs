//! Contract structs read only from JSON objects.
//!
//! serde's derived `Deserialize` for a struct also reads a sequence of its fields in order:
//! `["ada@example.com", "Ada Lovelace"]` is a `NewUser`, and `[]` an empty `UserPatch`. The
//! documents say `type: object`, so that is a second way to write a request that no client
//! following them would expect to work. The round-trip tests found it (the scaffolded invalid
//! `UserPatch`, `[]`, was accepted).
//!
//! A struct opts out with `#[serde(remote = "Self")]`, which makes the derives write inherent
//! `serialize`/`deserialize` functions instead of trait impls, and [`object_only!`](crate::object_only), which
//! implements the traits around them: writing is unchanged, reading goes through [`ObjectOnly`],
//! which asks the format for a map, so a sequence is an "invalid type" error. The schemas are
//! untouched.

use serde::Deserializer;
use serde::de::Visitor;

/// A deserializer that reads whatever is asked of it as a map.
#[derive(Debug)]
pub struct ObjectOnly<D>(pub D);

impl<'de, D: Deserializer<'de>> Deserializer<'de> for ObjectOnly<D> {
    type Error = D::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        self.0.deserialize_map(visitor)
    }

    fn is_human_readable(&self) -> bool {
        self.0.is_human_readable()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map struct enum identifier
        ignored_any
    }
}

/// Implements `Serialize` and `Deserialize` for structs declared with
/// `#[serde(remote = "Self")]`: the derived functions, with reading limited to objects.
///
/// ```
/// use serde::{Deserialize, Serialize};
///
/// #[derive(Debug, Serialize, Deserialize)]
/// #[serde(remote = "Self")]
/// pub struct Note {
///     pub text: String,
/// }
///
/// charter_contract::object_only!(Note);
///
/// assert!(serde_json::from_str::<Note>(r#"{"text": "hi"}"#).is_ok());
/// assert!(serde_json::from_str::<Note>(r#"["hi"]"#).is_err());
/// ```
#[macro_export]
macro_rules! object_only {
    ($($name:ident),+ $(,)?) => {
        $(
            impl serde::Serialize for $name {
                fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                    $name::serialize(self, serializer)
                }
            }

            impl<'de> serde::Deserialize<'de> for $name {
                fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    $name::deserialize($crate::object::ObjectOnly(deserializer))
                }
            }
        )+
    };
}
