//! The table that maps each component schema of each version to its contract type and its
//! generated client type.
//!
//! It is written by hand (a client type is a Rust path, which cannot be looked up by name at
//! run time), so [`check`] proves it cannot drift: its names must be exactly the document's
//! component names, and each contract type must be the one `contracts::billing()` registers
//! under that name.

use std::any::type_name;
use std::collections::BTreeSet;
use std::fmt::Debug;

use contracts::api::RoundTripFn;
use proptest::arbitrary::{Arbitrary, any};
use proptest::strategy::{BoxedStrategy, Strategy as _};
use roundtrip_tests::Document;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// One component schema: its contract type and its client type.
pub(crate) struct TypeCase {
    /// The component name, e.g. `User`.
    pub(crate) name: &'static str,
    /// The contract type's path, as `std::any::type_name` writes it.
    pub(crate) rust_type: &'static str,
    /// The client type's path.
    pub(crate) client_type: &'static str,
    /// Reads JSON into the client type and writes it back.
    pub(crate) client_round_trip: RoundTripFn,
    /// Values of the contract type, as JSON text, with the strategy its `Arbitrary` impl gives.
    pub(crate) values: fn() -> BoxedStrategy<Generated>,
}

/// A generated contract value, serialized, with the checks only its Rust type can make.
#[derive(Clone, Debug)]
pub(crate) struct Generated {
    /// `Debug` of the value, for failure messages.
    pub(crate) debug: String,
    /// `serde_json::to_string` of the value, or the serializer's error.
    pub(crate) text: Result<String, String>,
    /// Reads `text` back into the contract type and writes it again: `Ok(None)` when the same
    /// text comes out, `Ok(Some(what changed))` when not, `Err` when it cannot be read.
    pub(crate) reread: fn(&str) -> Result<Option<String>, String>,
}

fn client_round_trip<C: Serialize + DeserializeOwned>(
    value: Value,
) -> Result<Value, serde_json::Error> {
    serde_json::to_value(serde_json::from_value::<C>(value)?)
}

fn values<T>() -> BoxedStrategy<Generated>
where
    T: Arbitrary + Serialize + DeserializeOwned + PartialEq + Debug + 'static,
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
fn reread<T: Serialize + DeserializeOwned + PartialEq + Debug>(
    text: &str,
) -> Result<Option<String>, String> {
    let value: T = serde_json::from_str(text).map_err(|error| error.to_string())?;
    let again = serde_json::to_string(&value).map_err(|error| error.to_string())?;
    Ok((again != text).then(|| format!("written again as {again}")))
}

macro_rules! cases {
    ($client:ident; $($name:ident => $rust:ty),* $(,)?) => {
        vec![$(TypeCase {
            name: stringify!($name),
            rust_type: type_name::<$rust>(),
            client_type: concat!(stringify!($client), "::types::", stringify!($name)),
            client_round_trip: client_round_trip::<$client::types::$name>,
            values: values::<$rust>,
        }),*]
    };
}

/// The table of one version; `None` for a version it does not know.
pub(crate) fn of(version: &str) -> Option<Vec<TypeCase>> {
    use contracts::error::{ErrorBody, ErrorCode, ErrorEnvelope, FieldError};
    use contracts::health::{Health, HealthCheck, HealthStatus};
    use contracts::{v1, v2};
    Some(match version {
        "v1" => cases!(billing_client_v1;
            Amount => v1::Amount,
            Currency => v1::Currency,
            Email => v1::Email,
            ErrorBody => ErrorBody,
            ErrorCode => ErrorCode,
            ErrorEnvelope => ErrorEnvelope,
            FieldError => FieldError,
            Health => Health,
            HealthCheck => HealthCheck,
            HealthStatus => HealthStatus,
            Invoice => v1::Invoice,
            InvoiceId => v1::InvoiceId,
            InvoiceList => v1::InvoiceList,
            InvoiceStatus => v1::InvoiceStatus,
            Memo => v1::Memo,
            NewInvoice => v1::NewInvoice,
            NewUser => v1::NewUser,
            Page => v1::Page,
            PerPage => v1::PerPage,
            PersonName => v1::PersonName,
            User => v1::User,
            UserId => v1::UserId,
            UserList => v1::UserList,
            UserPatch => v1::UserPatch,
        ),
        "v2" => cases!(billing_client_v2;
            Currency => v1::Currency,
            Email => v1::Email,
            ErrorBody => ErrorBody,
            ErrorCode => ErrorCode,
            ErrorEnvelope => ErrorEnvelope,
            FieldError => FieldError,
            Health => Health,
            HealthCheck => HealthCheck,
            HealthStatus => HealthStatus,
            Invoice => v2::Invoice,
            InvoiceId => v1::InvoiceId,
            InvoicePage => v2::InvoicePage,
            InvoiceStatus => v1::InvoiceStatus,
            Limit => v2::Limit,
            Memo => v1::Memo,
            MinorUnits => v2::MinorUnits,
            Money => v2::Money,
            NewInvoice => v2::NewInvoice,
            NewUser => v2::NewUser,
            PersonName => v1::PersonName,
            User => v2::User,
            UserId => v1::UserId,
            UserPage => v2::UserPage,
            UserPatch => v2::UserPatch,
        ),
        _ => return None,
    })
}

/// Why the table of `document`'s version disagrees with the document or the contracts'
/// registry; empty when it agrees.
pub(crate) fn check(
    document: &Document,
    version: &contracts::Version,
    table: &[TypeCase],
) -> Vec<String> {
    let mut failures = Vec::new();
    let here = "tests/roundtrip/tests/roundtrip/types.rs";
    let listed: BTreeSet<&str> = table.iter().map(|case| case.name).collect();
    let documented: BTreeSet<&str> = document.schemas.keys().map(String::as_str).collect();
    let missing: Vec<&str> = documented.difference(&listed).copied().collect();
    let extra: Vec<&str> = listed.difference(&documented).copied().collect();
    if !missing.is_empty() {
        failures.push(format!(
            "{here}: the {} table lacks the component(s) {missing:?} of {}; add `Name => contract::Type`",
            document.version,
            document.path.display()
        ));
    }
    if !extra.is_empty() {
        failures.push(format!(
            "{here}: the {} table lists {extra:?}, which {} does not have; remove them",
            document.version,
            document.path.display()
        ));
    }
    for case in table {
        match version.schemas.iter().find(|named| named.name == case.name) {
            Some(named) if named.rust_type == case.rust_type => {}
            Some(named) => failures.push(format!(
                "{here}: the {} table maps `{}` to {}, but contracts::billing() registers {}",
                document.version, case.name, case.rust_type, named.rust_type
            )),
            None => failures.push(format!(
                "{here}: the {} table lists `{}`, which contracts::billing() does not register",
                document.version, case.name
            )),
        }
    }
    failures
}
