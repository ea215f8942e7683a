//! `proptest` strategies for every contract type (feature `proptest`), for generated-value tests.
//!
//! Each strategy ranges over everything its type can hold and its documented constraints allow,
//! not over "nice" values: text includes control and non-ASCII characters, numbers reach their
//! bounds, timestamps and dates span every year RFC 3339 can write. The round-trip tests
//! (tests/roundtrip) check that every such value validates against the emitted document and
//! reads back through the generated client; a narrower strategy would hide exactly the drift
//! those tests exist to find. Constrained newtypes get theirs from their macros in
//! `crate::constrained`.

use chrono::{DateTime, NaiveDate, Utc};
use proptest::arbitrary::{Arbitrary, any};
use proptest::collection::vec;
use proptest::option;
use proptest::prelude::{Just, prop_oneof};
use proptest::strategy::{BoxedStrategy, Strategy};

use crate::error::{ErrorBody, ErrorCode, ErrorEnvelope, FieldError};
use crate::health::{Health, HealthCheck, HealthStatus};
use crate::{v1, v2};

/// `Arbitrary` for a unit enum: each variant equally often. The `match` makes a new variant a
/// compile error here until it is listed, so no variant goes ungenerated.
macro_rules! arbitrary_enum {
    ($name:ty { $($variant:ident),+ $(,)? }) => {
        impl Arbitrary for $name {
            type Parameters = ();
            type Strategy = BoxedStrategy<Self>;

            fn arbitrary_with((): ()) -> Self::Strategy {
                fn listed(value: $name) -> $name {
                    match value {
                        $(<$name>::$variant => value),+
                    }
                }
                proptest::sample::select(vec![$(<$name>::$variant),+]).prop_map(listed).boxed()
            }
        }
    };
}

/// `Arbitrary` for a struct from one strategy per field. The struct literal makes a new field a
/// compile error here until it has a strategy.
macro_rules! arbitrary_struct {
    ($($path:ident)::+ { $($field:ident: $strategy:expr),+ $(,)? }) => {
        impl Arbitrary for $($path)::+ {
            type Parameters = ();
            type Strategy = BoxedStrategy<Self>;

            fn arbitrary_with((): ()) -> Self::Strategy {
                ($($strategy,)+)
                    .prop_map(|($($field,)+)| $($path)::+ { $($field),+ })
                    .boxed()
            }
        }
    };
}

/// Free text: any characters, control and non-ASCII ones included.
fn text(max: usize) -> impl Strategy<Value = String> {
    vec(any::<char>(), 0..=max).prop_map(|chars| chars.into_iter().collect())
}

/// Any instant an RFC 3339 `date-time` can write (years 0000 to 9999, what
/// [`crate::formats::timestamp`] accepts), with present-day instants drawn often.
fn instant() -> impl Strategy<Value = DateTime<Utc>> {
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
fn day() -> impl Strategy<Value = NaiveDate> {
    // 0000-01-01 and 9999-12-31, counted in days from 0001-01-01 as day 1.
    let (min, max) = (-365, 3_652_059);
    prop_oneof![1 => min..=max, 3 => 719_163..=767_010, 1 => prop_oneof![Just(min), Just(max)]]
        .prop_filter_map("inside chrono's range", NaiveDate::from_num_days_from_ce_opt)
}

impl Arbitrary for v1::UserId {
    type Parameters = ();
    type Strategy = BoxedStrategy<Self>;

    fn arbitrary_with((): ()) -> Self::Strategy {
        any::<[u8; 16]>().prop_map(|bytes| v1::UserId(uuid::Uuid::from_bytes(bytes))).boxed()
    }
}

impl Arbitrary for v1::InvoiceId {
    type Parameters = ();
    type Strategy = BoxedStrategy<Self>;

    fn arbitrary_with((): ()) -> Self::Strategy {
        any::<[u8; 16]>().prop_map(|bytes| v1::InvoiceId(uuid::Uuid::from_bytes(bytes))).boxed()
    }
}

impl Arbitrary for v1::Email {
    type Parameters = ();
    type Strategy = BoxedStrategy<Self>;

    /// Everything [`v1::Email::new`] accepts: dot-separated atoms of letters, digits and RFC 5322
    /// symbols, `@`, dot-separated host-name labels, up to the length limits.
    fn arbitrary_with((): ()) -> Self::Strategy {
        let atom = proptest::string::string_regex("[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]{1,20}")
            .expect("a valid regex");
        let label = proptest::string::string_regex("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?")
            .expect("a valid regex");
        (vec(atom, 1..=4), vec(label, 1..=4))
            .prop_filter_map("a valid address", |(atoms, labels)| {
                v1::Email::new(format!("{}@{}", atoms.join("."), labels.join("."))).ok()
            })
            .boxed()
    }
}

impl Arbitrary for v1::Amount {
    type Parameters = ();
    type Strategy = BoxedStrategy<Self>;

    /// Any finite number in range, both bounds and whole cents drawn often.
    fn arbitrary_with((): ()) -> Self::Strategy {
        prop_oneof![
            1 => Just(0.0),
            1 => Just(v1::Amount::MAX),
            3 => 0.0..=v1::Amount::MAX,
            3 => (0..=100_000_000_000_i64).prop_map(|cents| cents as f64 / 100.0),
        ]
        .prop_filter_map("in range", |value| v1::Amount::new(value).ok())
        .boxed()
    }
}

arbitrary_enum!(v1::Currency { Chf, Eur, Gbp, Usd });
arbitrary_enum!(v1::InvoiceStatus { Draft, Open, Paid, Void });
arbitrary_enum!(HealthStatus { Ok, Failing });
arbitrary_enum!(ErrorCode {
    ValidationFailed,
    Unauthorized,
    Forbidden,
    NotFound,
    MethodNotAllowed,
    Conflict,
    RateLimited,
    Internal,
});

/// Up to three items: enough to tell one from many, small enough to keep runs fast.
fn few<T: Arbitrary>() -> impl Strategy<Value = Vec<T>> {
    vec(any::<T>(), 0..=3)
}

arbitrary_struct!(FieldError { field: text(40), message: text(80) });
arbitrary_struct!(ErrorBody {
    code: any::<ErrorCode>(),
    message: text(80),
    details: option::of(few::<FieldError>()),
});
arbitrary_struct!(ErrorEnvelope { error: any::<ErrorBody>() });
arbitrary_struct!(HealthCheck {
    name: text(20),
    status: any::<HealthStatus>(),
    duration_ms: any::<u64>(),
});
arbitrary_struct!(Health {
    status: any::<HealthStatus>(),
    version: text(20),
    checks: few::<HealthCheck>(),
});

arbitrary_struct!(v1::User {
    id: any::<v1::UserId>(),
    email: any::<v1::Email>(),
    name: any::<v1::PersonName>(),
    created_at: instant(),
});
arbitrary_struct!(v1::NewUser { email: any::<v1::Email>(), name: any::<v1::PersonName>() });
arbitrary_struct!(v1::UserPatch {
    email: option::of(any::<v1::Email>()),
    name: option::of(any::<v1::PersonName>()),
});
arbitrary_struct!(v1::UserList {
    items: few::<v1::User>(),
    page: any::<v1::Page>(),
    per_page: any::<v1::PerPage>(),
    total: any::<u64>(),
});
arbitrary_struct!(v1::Invoice {
    id: any::<v1::InvoiceId>(),
    user_id: any::<v1::UserId>(),
    amount: any::<v1::Amount>(),
    currency: any::<v1::Currency>(),
    status: any::<v1::InvoiceStatus>(),
    memo: any::<v1::Memo>(),
    due_date: day(),
    created_at: instant(),
});
arbitrary_struct!(v1::NewInvoice {
    user_id: any::<v1::UserId>(),
    amount: any::<v1::Amount>(),
    currency: any::<v1::Currency>(),
    memo: any::<v1::Memo>(),
    due_date: day(),
});
arbitrary_struct!(v1::InvoiceList {
    items: few::<v1::Invoice>(),
    page: any::<v1::Page>(),
    per_page: any::<v1::PerPage>(),
    total: any::<u64>(),
});

arbitrary_struct!(v2::Money {
    minor_units: any::<v2::MinorUnits>(),
    currency: any::<v1::Currency>()
});
arbitrary_struct!(v2::User {
    id: any::<v1::UserId>(),
    email: any::<v1::Email>(),
    given_name: any::<v1::PersonName>(),
    family_name: option::of(any::<v1::PersonName>()),
    created_at: instant(),
});
arbitrary_struct!(v2::NewUser {
    email: any::<v1::Email>(),
    given_name: any::<v1::PersonName>(),
    family_name: option::of(any::<v1::PersonName>()),
});
arbitrary_struct!(v2::UserPatch {
    email: option::of(any::<v1::Email>()),
    given_name: option::of(any::<v1::PersonName>()),
    family_name: option::of(any::<v1::PersonName>()),
});
arbitrary_struct!(v2::UserPage {
    items: few::<v2::User>(),
    next_cursor: option::of(any::<v1::UserId>()),
});
arbitrary_struct!(v2::Invoice {
    id: any::<v1::InvoiceId>(),
    user_id: any::<v1::UserId>(),
    amount: any::<v2::Money>(),
    status: any::<v1::InvoiceStatus>(),
    memo: any::<v1::Memo>(),
    due_date: day(),
    created_at: instant(),
});
arbitrary_struct!(v2::NewInvoice {
    user_id: any::<v1::UserId>(),
    amount: any::<v2::Money>(),
    memo: any::<v1::Memo>(),
    due_date: day(),
});
arbitrary_struct!(v2::InvoicePage {
    items: few::<v2::Invoice>(),
    next_cursor: option::of(any::<v1::InvoiceId>()),
});
