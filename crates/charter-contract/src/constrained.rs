//! Newtypes whose constraints hold in Rust exactly as their schemas state them.
//!
//! A schema that says `maxLength: 100` over a plain `String` would let the server accept what the
//! document forbids. These macros define a newtype that checks its constraint on construction
//! and on deserialization, and writes the same constraint into its schema, from one declaration.

use std::fmt;

/// A value that breaks a newtype's documented constraint.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConstraintError {
    /// The newtype, e.g. `PersonName`.
    pub type_name: &'static str,
    /// What the constraint requires, e.g. `between 1 and 100 characters`.
    pub requirement: String,
}

impl fmt::Display for ConstraintError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a {} must be {}", self.type_name, self.requirement)
    }
}

impl std::error::Error for ConstraintError {}

/// Defines a string newtype with a length range, an optional `format` and an optional extra check.
///
/// ```
/// charter_contract::constrained_string! {
///     /// A person's name.
///     pub struct PersonName { length: 1..=100 }
/// }
///
/// assert!(PersonName::new("Ada").is_ok());
/// assert!(PersonName::new("").is_err());
/// ```
///
/// The crate that calls it depends on `serde` (with `derive`) and `schemars`. With charter-contract's
/// `proptest` feature, a newtype without `check` gets an `Arbitrary` impl over every allowed
/// length; one with a `check` must implement `Arbitrary` itself, since random text would almost
/// never pass the check.
#[macro_export]
macro_rules! constrained_string {
    (
        $(#[doc = $doc:literal])*
        pub struct $name:ident {
            length: $min:literal ..= $max:literal
            $(, format: $format:literal)?
            $(, check: $check:expr, $check_says:literal)?
            $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        #[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(String);

        impl $name {
            /// Checks `value` against the documented constraint.
            ///
            /// # Errors
            /// When `value` breaks it.
            pub fn new(value: impl Into<String>) -> Result<Self, $crate::ConstraintError> {
                let value = value.into();
                let length = value.chars().count();
                if !($min..=$max).contains(&length) {
                    return Err($crate::ConstraintError {
                        type_name: stringify!($name),
                        requirement: format!("between {} and {} characters long, not {length}", $min, $max),
                    });
                }
                $(
                    let check: fn(&str) -> bool = $check;
                    if !check(&value) {
                        return Err($crate::ConstraintError {
                            type_name: stringify!($name),
                            requirement: String::from($check_says),
                        });
                    }
                )?
                Ok($name(value))
            }

            /// The checked value.
            #[must_use]
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl TryFrom<String> for $name {
            type Error = $crate::ConstraintError;

            fn try_from(value: String) -> Result<Self, Self::Error> {
                $name::new(value)
            }
        }

        impl From<$name> for String {
            fn from(value: $name) -> String {
                value.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl schemars::JsonSchema for $name {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                stringify!($name).into()
            }

            fn schema_id() -> std::borrow::Cow<'static, str> {
                concat!(module_path!(), "::", stringify!($name)).into()
            }

            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                let format: Option<&str> = None $(.or(Some($format)))?;
                let mut schema = schemars::json_schema!({
                    "type": "string",
                    "maxLength": $max,
                    "description": $crate::doc_text(&[$($doc),*]),
                });
                // `minLength: 0` says nothing and makes generators emit useless comparisons.
                if $min > 0 {
                    schema.insert("minLength".into(), $min.into());
                }
                if let Some(format) = format {
                    schema.insert("format".into(), format.into());
                }
                schema
            }
        }

        $crate::__arbitrary_string!($name, $min, $max $(, $check)?);
    };
}

/// `Arbitrary` for a string newtype without an extra check: any characters, control and
/// non-ASCII ones included, at every allowed length. Defined by charter-contract's own
/// `proptest` feature, so the calling crate needs no feature of its own.
#[cfg(feature = "proptest")]
#[doc(hidden)]
#[macro_export]
macro_rules! __arbitrary_string {
    ($name:ident, $min:literal, $max:literal) => {
        impl $crate::__private::proptest::arbitrary::Arbitrary for $name {
            type Parameters = ();
            type Strategy = $crate::__private::proptest::strategy::BoxedStrategy<Self>;

            fn arbitrary_with((): ()) -> Self::Strategy {
                use $crate::__private::proptest::strategy::Strategy as _;
                $crate::__private::proptest::collection::vec(
                    $crate::__private::proptest::arbitrary::any::<char>(),
                    $min..=$max,
                )
                .prop_map(|chars| $name(chars.into_iter().collect()))
                .boxed()
            }
        }
    };
    ($name:ident, $min:literal, $max:literal, $check:expr) => {};
}

#[cfg(not(feature = "proptest"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __arbitrary_string {
    ($($anything:tt)*) => {};
}

/// `Arbitrary` for an integer newtype: the whole range, with both bounds drawn often.
#[cfg(feature = "proptest")]
#[doc(hidden)]
#[macro_export]
macro_rules! __arbitrary_integer {
    ($name:ident) => {
        impl $crate::__private::proptest::arbitrary::Arbitrary for $name {
            type Parameters = ();
            type Strategy = $crate::__private::proptest::strategy::BoxedStrategy<Self>;

            fn arbitrary_with((): ()) -> Self::Strategy {
                use $crate::__private::proptest::strategy::{Just, Strategy as _};
                $crate::__private::proptest::prop_oneof![
                    1 => Just(Self::MIN),
                    1 => Just(Self::MAX),
                    6 => (Self::MIN.0..=Self::MAX.0).prop_map($name),
                ]
                .boxed()
            }
        }
    };
}

#[cfg(not(feature = "proptest"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __arbitrary_integer {
    ($($anything:tt)*) => {};
}

/// Defines an integer newtype with an inclusive range.
///
/// ```
/// charter_contract::constrained_integer! {
///     /// Items per page.
///     pub struct PerPage(u32) { range: 1..=100 }
/// }
///
/// assert_eq!(PerPage::new(20).map(PerPage::get), Ok(20));
/// assert!(PerPage::new(0).is_err());
/// ```
#[macro_export]
macro_rules! constrained_integer {
    (
        $(#[doc = $doc:literal])*
        pub struct $name:ident($int:ty) { range: $min:literal ..= $max:literal $(,)? }
    ) => {
        $(#[doc = $doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name($int);

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                self.0.serialize(serializer)
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = <$int as serde::Deserialize>::deserialize(deserializer)?;
                $name::new(value).map_err(serde::de::Error::custom)
            }
        }

        impl $name {
            /// The smallest value allowed.
            pub const MIN: $name = $name($min);
            /// The largest value allowed.
            pub const MAX: $name = $name($max);

            /// Checks `value` against the documented range.
            ///
            /// # Errors
            /// When `value` is outside it.
            pub fn new(value: $int) -> Result<Self, $crate::ConstraintError> {
                if (Self::MIN.0..=Self::MAX.0).contains(&value) {
                    Ok($name(value))
                } else {
                    Err($crate::ConstraintError {
                        type_name: stringify!($name),
                        requirement: format!("between {} and {}, not {value}", Self::MIN.0, Self::MAX.0),
                    })
                }
            }

            /// The checked value.
            #[must_use]
            pub const fn get(self) -> $int {
                self.0
            }
        }

        impl TryFrom<$int> for $name {
            type Error = $crate::ConstraintError;

            fn try_from(value: $int) -> Result<Self, Self::Error> {
                $name::new(value)
            }
        }

        impl From<$name> for $int {
            fn from(value: $name) -> $int {
                value.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }

        impl schemars::JsonSchema for $name {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                stringify!($name).into()
            }

            fn schema_id() -> std::borrow::Cow<'static, str> {
                concat!(module_path!(), "::", stringify!($name)).into()
            }

            fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
                let mut schema = <$int as schemars::JsonSchema>::json_schema(generator);
                schema.insert("minimum".into(), Self::MIN.0.into());
                schema.insert("maximum".into(), Self::MAX.0.into());
                schema.insert(
                    "description".into(),
                    $crate::doc_text(&[$($doc),*]).into(),
                );
                schema
            }
        }

        $crate::__arbitrary_integer!($name);
    };
}

/// Joins the lines of a doc comment into a schema description: paragraphs kept, lines unwrapped.
#[doc(hidden)]
#[must_use]
pub fn doc_text(lines: &[&str]) -> String {
    let mut text = String::new();
    for line in lines {
        let line = line.strip_prefix(' ').unwrap_or(line);
        if line.trim().is_empty() {
            text.push_str("\n\n");
        } else {
            if !text.is_empty() && !text.ends_with('\n') {
                text.push(' ');
            }
            text.push_str(line.trim_end());
        }
    }
    text.trim().to_owned()
}

#[cfg(test)]
mod tests {
    use super::doc_text;

    #[test]
    fn doc_text_unwraps_lines_and_keeps_paragraphs() {
        assert_eq!(
            doc_text(&[" A person's", " name.", "", " Shown to others."]),
            "A person's name.\n\nShown to others."
        );
        assert_eq!(doc_text(&[]), "");
    }
}
