//! Serde helpers that hold values to exactly the string formats the documents state.
//!
//! chrono and uuid read more than the formats they are documented with: chrono takes
//! `2026-03-02 14:05:09Z` (a space for the `T`) and writes years past 9999 as `+10000-01-01`,
//! uuid takes `{…}`, `urn:uuid:…` and the 32-digit form without hyphens. The documents say
//! `format: date-time`, `date` and `uuid`, which allow none of these, so a server built on the
//! plain types would accept requests and could write responses that the document forbids. The
//! round-trip tests (tests/roundtrip) found each of these; the helpers here close them:
//!
//! - [`timestamp`]: RFC 3339 `date-time`, `T` or `t` between date and time, years 0000 to 9999.
//! - [`date`]: RFC 3339 `full-date`, `YYYY-MM-DD`, years 0000 to 9999.
//! - [`parse_uuid`]: the standard hyphenated UUID string, either case.
//!
//! Fields use them with `serialize_with`/`deserialize_with`, which leave their schemas to the
//! field's type: the documents stay as they were.

use chrono::{DateTime, Datelike as _, NaiveDate, SecondsFormat, Utc};
use serde::de::Error as _;
use serde::ser::Error as _;
use serde::{Deserialize as _, Deserializer, Serializer};
use uuid::Uuid;

/// The years a four-digit RFC 3339 year can write.
const YEARS: std::ops::RangeInclusive<i32> = 0..=9999;

/// `DateTime<Utc>` as an RFC 3339 `date-time`, written in UTC with `Z`.
pub mod timestamp {
    use super::*;

    /// Writes `value` as RFC 3339 with `Z`, with as many fractional digits as it needs (0, 3,
    /// 6 or 9), e.g. `2026-03-02T14:05:09Z` or `2026-11-03T08:15:42.250Z`.
    ///
    /// # Errors
    /// When the year is outside 0000 to 9999, which RFC 3339 cannot write.
    pub fn serialize<S: Serializer>(
        value: &DateTime<Utc>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        if !YEARS.contains(&value.year()) {
            return Err(S::Error::custom(format!(
                "{value} cannot be written as an RFC 3339 date-time: the year is not 0000 to 9999"
            )));
        }
        serializer.serialize_str(&value.to_rfc3339_opts(SecondsFormat::AutoSi, true))
    }

    /// Reads an RFC 3339 `date-time` with any offset, converted to UTC.
    ///
    /// # Errors
    /// When the text is not an RFC 3339 `date-time`.
    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<DateTime<Utc>, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        parse(&text).ok_or_else(|| {
            D::Error::custom(format!(
                "`{text}` is not an RFC 3339 date-time, e.g. `2026-03-02T14:05:09Z`"
            ))
        })
    }

    fn parse(text: &str) -> Option<DateTime<Utc>> {
        // chrono also takes a space between date and time; RFC 3339's grammar does not.
        if !matches!(text.as_bytes().get(10), Some(b'T' | b't')) {
            return None;
        }
        DateTime::parse_from_rfc3339(text).ok().map(|value| value.with_timezone(&Utc))
    }
}

/// `NaiveDate` as an RFC 3339 `full-date`.
pub mod date {
    use super::*;

    /// Writes `value` as `YYYY-MM-DD`.
    ///
    /// # Errors
    /// When the year is outside 0000 to 9999, which RFC 3339 cannot write.
    pub fn serialize<S: Serializer>(value: &NaiveDate, serializer: S) -> Result<S::Ok, S::Error> {
        if !YEARS.contains(&value.year()) {
            return Err(S::Error::custom(format!(
                "{value} cannot be written as an RFC 3339 full-date: the year is not 0000 to 9999"
            )));
        }
        serializer.collect_str(&value.format("%Y-%m-%d"))
    }

    /// Reads an RFC 3339 `full-date`: `YYYY-MM-DD`, a day that exists.
    ///
    /// # Errors
    /// When the text is not one.
    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<NaiveDate, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        let shaped = text.len() == 10
            && text.bytes().enumerate().all(|(i, b)| match i {
                4 | 7 => b == b'-',
                _ => b.is_ascii_digit(),
            });
        shaped.then(|| NaiveDate::parse_from_str(&text, "%Y-%m-%d").ok()).flatten().ok_or_else(
            || {
                D::Error::custom(format!(
                    "`{text}` is not an RFC 3339 full-date of a day that exists, e.g. `2026-11-30`"
                ))
            },
        )
    }
}

/// Parses the standard UUID string: 32 hex digits, either case, hyphenated 8-4-4-4-12.
///
/// # Errors
/// Any other text, including the forms without hyphens, in braces, or as a URN.
pub fn parse_uuid(text: &str) -> Result<Uuid, String> {
    let bytes = text.as_bytes();
    let shaped = bytes.len() == 36
        && bytes.iter().enumerate().all(|(i, b)| match i {
            8 | 13 | 18 | 23 => *b == b'-',
            _ => b.is_ascii_hexdigit(),
        });
    shaped.then(|| Uuid::try_parse(text).ok()).flatten().ok_or_else(|| {
        format!("`{text}` is not a UUID written as 8-4-4-4-12 hex digits, e.g. `3f9c2d4e-8b1a-4c7e-9d2f-6a5b4c3d2e1f`")
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::{Deserialize, Serialize};

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct At {
        #[serde(
            serialize_with = "timestamp::serialize",
            deserialize_with = "timestamp::deserialize"
        )]
        at: DateTime<Utc>,
        #[serde(serialize_with = "date::serialize", deserialize_with = "date::deserialize")]
        on: NaiveDate,
    }

    fn read(json: &str) -> Result<At, serde_json::Error> {
        serde_json::from_str(json)
    }

    #[test]
    fn rfc_3339_forms_round_trip_and_others_are_refused() {
        let at = read(r#"{"at": "2026-11-03T08:15:42.250Z", "on": "2026-11-30"}"#).unwrap();
        assert_eq!(
            serde_json::to_string(&at).unwrap(),
            r#"{"at":"2026-11-03T08:15:42.250Z","on":"2026-11-30"}"#
        );
        let offset = read(r#"{"at": "2026-11-03T09:15:42+01:00", "on": "0000-01-01"}"#).unwrap();
        assert_eq!(offset.at.to_rfc3339(), "2026-11-03T08:15:42+00:00");
        for bad in [
            r#"{"at": "2026-11-03 08:15:42Z", "on": "2026-11-30"}"#,
            r#"{"at": "+10000-01-01T00:00:00Z", "on": "2026-11-30"}"#,
            r#"{"at": "2026-11-03T08:15:42", "on": "2026-11-30"}"#,
            r#"{"at": "2026-11-03T08:15:42Z", "on": "+10000-01-01"}"#,
            r#"{"at": "2026-11-03T08:15:42Z", "on": "2026-02-30"}"#,
            r#"{"at": "2026-11-03T08:15:42Z", "on": "2026-1-30"}"#,
            r#"{"at": "2026-11-03T08:15:42Z", "on": "20261130"}"#,
        ] {
            assert!(read(bad).is_err(), "{bad} was accepted");
        }
    }

    #[test]
    fn years_rfc_3339_cannot_write_are_serialization_errors() {
        let far = At {
            at: DateTime::from_timestamp(253_402_300_800, 0).unwrap(),
            on: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
        };
        let error = serde_json::to_string(&far).unwrap_err().to_string();
        assert!(error.contains("the year is not 0000 to 9999"), "{error}");
        let before = At {
            at: DateTime::from_timestamp(0, 0).unwrap(),
            on: NaiveDate::from_ymd_opt(-1, 12, 31).unwrap(),
        };
        assert!(serde_json::to_string(&before).is_err());
    }

    #[test]
    fn uuids_only_in_the_hyphenated_form() {
        let id = "3f9c2d4e-8b1a-4c7e-9d2f-6a5b4c3d2e1f";
        assert_eq!(parse_uuid(id).unwrap().to_string(), id);
        assert_eq!(parse_uuid(&id.to_uppercase()).unwrap().to_string(), id);
        for bad in [
            "3f9c2d4e8b1a4c7e9d2f6a5b4c3d2e1f",
            "{3f9c2d4e-8b1a-4c7e-9d2f-6a5b4c3d2e1f}",
            "urn:uuid:3f9c2d4e-8b1a-4c7e-9d2f-6a5b4c3d2e1f",
            "3f9c2d4e-8b1a-4c7e-9d2f-6a5b4c3d2e1",
            "3f9c2d4e-8b1a-4c7e-9d2f-6a5b4c3d2e1g",
        ] {
            assert!(parse_uuid(bad).is_err(), "{bad} was accepted");
        }
    }
}
