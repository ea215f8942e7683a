//! Generated values (feature `proptest`): strategies for the round-trip harness.
//!
//! Every schema type a [`Version`](crate::Version) registers implements
//! `proptest::arbitrary::Arbitrary` when this feature is on, so the harness generates values of
//! every type the documents name without a list kept by hand. A contract crate derives it with
//! `proptest-derive` (`#[cfg_attr(feature = "proptest", derive(proptest_derive::Arbitrary))]`)
//! and picks a strategy from here for a field whose Rust type ranges wider or narrower than its
//! documented format, e.g. `#[cfg_attr(feature = "proptest", proptest(strategy =
//! "charter_contract::strategies::instant()"))]` on a `DateTime<Utc>`.
//!
//! Each strategy ranges over everything its type can hold and its documented constraints allow,
//! not over "nice" values: text includes control and non-ASCII characters, numbers reach their
//! bounds, timestamps and dates span every year RFC 3339 can write. A narrower strategy would
//! hide exactly the drift the round trips exist to find.

use chrono::{DateTime, NaiveDate, Utc};
use proptest::arbitrary::{Arbitrary, any};
use proptest::collection::vec;
use proptest::option;
use proptest::prelude::{Just, prop_oneof};
use proptest::strategy::{BoxedStrategy, Strategy};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::error::{Code, ErrorBody, ErrorCatalogue, ErrorEnvelope, FieldError};
use crate::health::{Health, HealthCheck, HealthStatus};

/// Free text of at most `max` characters: any characters, control and non-ASCII ones included.
pub fn text(max: usize) -> impl Strategy<Value = String> {
    vec(any::<char>(), 0..=max).prop_map(|chars| chars.into_iter().collect())
}

/// Any instant an RFC 3339 `date-time` can write (years 0000 to 9999, what
/// [`crate::formats::timestamp`] accepts), with present-day instants drawn often.
pub fn instant() -> impl Strategy<Value = DateTime<Utc>> {
    // 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z.
    let (min, max) = (-62_167_219_200_i64, 253_402_300_799_i64);
    prop_oneof![
        1 => (min..=max, 0..1_000_000_000_u32),
        3 => (0..=4_102_444_800_i64, 0..1_000_000_000_u32),
        1 => (0..=4_102_444_800_i64, Just(0_u32)),
        1 => (prop_oneof![Just(min), Just(max)], Just(0_u32)),
    ]
    .prop_filter_map("inside chrono's range", |(seconds, nanos)| {
        DateTime::from_timestamp(seconds, nanos)
    })
}

/// Any day an RFC 3339 `full-date` can write (years 0000 to 9999, what [`crate::formats::date`]
/// accepts), with present-day days drawn often.
pub fn day() -> impl Strategy<Value = NaiveDate> {
    // 0000-01-01 and 9999-12-31, counted in days from 0001-01-01 as day 1.
    let (min, max) = (-365, 3_652_059);
    prop_oneof![1 => min..=max, 3 => 719_163..=767_010, 1 => prop_oneof![Just(min), Just(max)]]
        .prop_filter_map("inside chrono's range", NaiveDate::from_num_days_from_ce_opt)
}

/// Any UUID: every bit pattern, not only version 4.
pub fn uuid() -> impl Strategy<Value = uuid::Uuid> {
    any::<[u8; 16]>().prop_map(uuid::Uuid::from_bytes)
}

/// Up to three items: enough to tell one from many, small enough to keep runs fast.
pub fn few<T: Arbitrary>() -> impl Strategy<Value = Vec<T>> {
    vec(any::<T>(), 0..=3)
}

/// `None` or up to three items.
pub fn few_or_none<T: Arbitrary>() -> impl Strategy<Value = Option<Vec<T>>> {
    option::of(few::<T>())
}

/// A generated value, serialized, with the checks only its Rust type can make.
#[derive(Clone, Debug)]
pub struct Generated {
    /// `Debug` of the value, for failure messages.
    pub debug: String,
    /// `serde_json::to_string` of the value, or the serializer's error.
    pub text: Result<String, String>,
    /// Reads `text` back into the Rust type and writes it again: `Ok(None)` when the same text
    /// comes out, `Ok(Some(what changed))` when not, `Err` when it cannot be read.
    pub reread: fn(&str) -> Result<Option<String>, String>,
}

/// Values of `T`, serialized, as the harness checks them.
pub fn generated<T>() -> BoxedStrategy<Generated>
where
    T: Arbitrary + Serialize + DeserializeOwned + std::fmt::Debug + 'static,
{
    any::<T>()
        .prop_map(|value| Generated {
            debug: format!("{value:?}"),
            text: serde_json::to_string(&value).map_err(|error| error.to_string()),
            reread: reread::<T>,
        })
        .boxed()
}

/// Reads `text` into `T` and writes it back; `Some(explanation)` when the value changed.
fn reread<T: Serialize + DeserializeOwned>(text: &str) -> Result<Option<String>, String> {
    let value: T = serde_json::from_str(text).map_err(|error| error.to_string())?;
    let again = serde_json::to_string(&value).map_err(|error| error.to_string())?;
    Ok((again != text).then(|| format!("written again as {again}")))
}

impl<C: ErrorCatalogue> Arbitrary for Code<C> {
    type Parameters = ();
    type Strategy = BoxedStrategy<Self>;

    fn arbitrary_with((): ()) -> Self::Strategy {
        proptest::sample::select(C::codes()).prop_map(Code::new).boxed()
    }
}

impl Arbitrary for FieldError {
    type Parameters = ();
    type Strategy = BoxedStrategy<Self>;

    fn arbitrary_with((): ()) -> Self::Strategy {
        (text(40), text(80)).prop_map(|(field, message)| FieldError { field, message }).boxed()
    }
}

impl<C: ErrorCatalogue> Arbitrary for ErrorBody<C> {
    type Parameters = ();
    type Strategy = BoxedStrategy<Self>;

    fn arbitrary_with((): ()) -> Self::Strategy {
        (any::<Code<C>>(), text(80), few_or_none::<FieldError>())
            .prop_map(|(code, message, details)| {
                let body = ErrorBody::new(code.0, message);
                match details {
                    Some(details) => body.with_details(details),
                    None => body,
                }
            })
            .boxed()
    }
}

impl<C: ErrorCatalogue> Arbitrary for ErrorEnvelope<C> {
    type Parameters = ();
    type Strategy = BoxedStrategy<Self>;

    fn arbitrary_with((): ()) -> Self::Strategy {
        any::<ErrorBody<C>>().prop_map(|error| ErrorEnvelope { error }).boxed()
    }
}

impl Arbitrary for HealthStatus {
    type Parameters = ();
    type Strategy = BoxedStrategy<Self>;

    fn arbitrary_with((): ()) -> Self::Strategy {
        fn listed(status: HealthStatus) -> HealthStatus {
            // A new variant is a compile error here until it is listed below.
            match status {
                HealthStatus::Ok | HealthStatus::Failing => status,
            }
        }
        proptest::sample::select(vec![HealthStatus::Ok, HealthStatus::Failing])
            .prop_map(listed)
            .boxed()
    }
}

impl Arbitrary for HealthCheck {
    type Parameters = ();
    type Strategy = BoxedStrategy<Self>;

    fn arbitrary_with((): ()) -> Self::Strategy {
        (text(20), any::<HealthStatus>(), any::<u64>())
            .prop_map(|(name, status, duration_ms)| HealthCheck { name, status, duration_ms })
            .boxed()
    }
}

impl Arbitrary for Health {
    type Parameters = ();
    type Strategy = BoxedStrategy<Self>;

    fn arbitrary_with((): ()) -> Self::Strategy {
        (any::<HealthStatus>(), text(20), few::<HealthCheck>())
            .prop_map(|(status, version, checks)| Health { status, version, checks })
            .boxed()
    }
}
