//! `/v1`: the stable version. Users, and invoices with amounts as decimal numbers.
//!
//! **Frozen.** `cargo xtask diff-contract` fails on any breaking change to what this module
//! emits; breaking changes go to a new version, which reuses the types here that it keeps.

use chrono::{DateTime, NaiveDate, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use charter_contract::{
    Endpoint, ErrorCode, Method, NoBody, NoParams, Stability, Version, constrained_integer,
    constrained_string, not_null,
};

// ---------------------------------------------------------------------------------------------
// Identifiers and constrained values, shared with later versions.
// ---------------------------------------------------------------------------------------------

/// The identifier of a user.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, JsonSchema)]
#[cfg_attr(feature = "proptest", derive(proptest_derive::Arbitrary))]
#[serde(transparent)]
pub struct UserId(
    #[cfg_attr(feature = "proptest", proptest(strategy = "charter_contract::strategies::uuid()"))]
    pub Uuid,
);

/// Only the hyphenated form the document's `format: uuid` allows; see [`crate::formats`].
impl<'de> Deserialize<'de> for UserId {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        charter_contract::formats::parse_uuid(&text).map(UserId).map_err(serde::de::Error::custom)
    }
}

/// The identifier of an invoice.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, JsonSchema)]
#[cfg_attr(feature = "proptest", derive(proptest_derive::Arbitrary))]
#[serde(transparent)]
pub struct InvoiceId(
    #[cfg_attr(feature = "proptest", proptest(strategy = "charter_contract::strategies::uuid()"))]
    pub Uuid,
);

/// Only the hyphenated form the document's `format: uuid` allows; see [`crate::formats`].
impl<'de> Deserialize<'de> for InvoiceId {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        charter_contract::formats::parse_uuid(&text)
            .map(InvoiceId)
            .map_err(serde::de::Error::custom)
    }
}

constrained_string! {
    /// An e-mail address as RFC 5321 writes it without quoting, e.g. `ada.lovelace@example.com`:
    /// a local part of at most 64 ASCII letters, digits, dots and the symbols RFC 5322 allows in
    /// an atom (no dot first, last or twice in a row), then `@` and a host name of dot-separated
    /// labels of letters, digits and hyphens (1 to 63 characters, no hyphen first or last, none
    /// as both 3rd and 4th character: internationalized `xn--` labels are not accepted).
    pub struct Email {
        length: 3..=254,
        format: "email",
        check: is_email, "an address like `ada.lovelace@example.com`: an unquoted local part, `@`, a host name",
    }
}

/// The symbols RFC 5322 allows in an atom besides ASCII letters and digits.
const ATOM_SYMBOLS: &str = "!#$%&'*+/=?^_`{|}~-";

/// Whether `value` is an unquoted RFC 5321 mailbox with a host-name domain: the part of the
/// document's `format: email` that real addresses use. Quoted local parts (`"ada l"@example.com`)
/// and address literals (`ada@[192.0.2.1]`) are refused.
fn is_email(value: &str) -> bool {
    let Some((local, domain)) = value.split_once('@') else {
        return false;
    };
    let atom = |part: &str| {
        !part.is_empty()
            && part.chars().all(|c| c.is_ascii_alphanumeric() || ATOM_SYMBOLS.contains(c))
    };
    // RFC 5891 reserves labels with `--` as 3rd and 4th characters for IDNA A-labels
    // (`xn--…`), which are only valid as correct Punycode; this check does not decode them, so
    // it refuses them all rather than accept some that the document's format rejects.
    let label = |label: &str| {
        (1..=63).contains(&label.len())
            && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            && !label.starts_with('-')
            && !label.ends_with('-')
            && label.get(2..4) != Some("--")
    };
    local.len() <= 64
        && local.split('.').all(atom)
        && domain.len() <= 253
        && domain.split('.').all(label)
}

constrained_string! {
    /// A person's name as they write it.
    pub struct PersonName { length: 1..=100 }
}

constrained_string! {
    /// Free text shown on an invoice.
    pub struct Memo { length: 0..=500 }
}

constrained_integer! {
    /// A page number, counted from 1.
    pub struct Page(u32) { range: 1..=100_000 }
}

constrained_integer! {
    /// How many items a page holds.
    pub struct PerPage(u32) { range: 1..=100 }
}

impl Default for Page {
    fn default() -> Self {
        Page::MIN
    }
}

impl Default for PerPage {
    fn default() -> Self {
        PerPage(20)
    }
}

/// A currency, as an ISO 4217 code. Only currencies with two decimal places are offered.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[cfg_attr(feature = "proptest", derive(proptest_derive::Arbitrary))]
pub enum Currency {
    /// Swiss franc.
    #[serde(rename = "CHF")]
    Chf,
    /// Euro.
    #[serde(rename = "EUR")]
    Eur,
    /// Pound sterling.
    #[serde(rename = "GBP")]
    Gbp,
    /// United States dollar.
    #[serde(rename = "USD")]
    Usd,
}

impl Currency {
    /// How many minor units (cents) make one major unit. Every currency listed has two decimal
    /// places, so amounts convert between versions without loss or overflow.
    pub const MINOR_PER_MAJOR: i64 = 100;
}

/// Where an invoice is in its life.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[cfg_attr(feature = "proptest", derive(proptest_derive::Arbitrary))]
#[serde(rename_all = "snake_case")]
pub enum InvoiceStatus {
    /// Being written; not yet sent.
    Draft,
    /// Sent and waiting for payment.
    Open,
    /// Paid in full.
    Paid,
    /// Cancelled; will never be paid.
    Void,
}

/// An amount of money in major units, e.g. `12.5` for 12.50. Rounded to the currency's minor
/// unit when stored.
#[derive(Clone, Copy, Debug, PartialEq, PartialOrd)]
pub struct Amount(f64);

impl Amount {
    /// The largest amount accepted.
    pub const MAX: f64 = 1_000_000_000.0;

    /// Checks that `value` is finite and between 0 and [`Amount::MAX`].
    ///
    /// # Errors
    /// When it is not.
    pub fn new(value: f64) -> Result<Self, charter_contract::ConstraintError> {
        if value.is_finite() && (0.0..=Amount::MAX).contains(&value) {
            Ok(Amount(value))
        } else {
            Err(charter_contract::ConstraintError {
                type_name: "Amount",
                requirement: format!("a number between 0 and {}, not {value}", Amount::MAX),
            })
        }
    }

    /// The checked value.
    #[must_use]
    pub const fn get(self) -> f64 {
        self.0
    }
}

impl Serialize for Amount {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_f64(self.0)
    }
}

impl<'de> Deserialize<'de> for Amount {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Amount::new(f64::deserialize(deserializer)?).map_err(serde::de::Error::custom)
    }
}

impl JsonSchema for Amount {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Amount".into()
    }

    fn schema_id() -> std::borrow::Cow<'static, str> {
        concat!(module_path!(), "::Amount").into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "number",
            "format": "double",
            "minimum": 0,
            "maximum": Amount::MAX,
            "description": "An amount of money in major units, e.g. `12.5` for 12.50. Rounded to \
                the currency's minor unit when stored.",
        })
    }
}

// ---------------------------------------------------------------------------------------------
// Users
// ---------------------------------------------------------------------------------------------

/// A person who can be invoiced.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "proptest", derive(proptest_derive::Arbitrary))]
#[serde(remote = "Self")]
pub struct User {
    /// Assigned by the server.
    pub id: UserId,
    /// Unique among users.
    pub email: Email,
    /// The full name.
    pub name: PersonName,
    /// When the user was created.
    #[serde(
        serialize_with = "charter_contract::formats::timestamp::serialize",
        deserialize_with = "charter_contract::formats::timestamp::deserialize"
    )]
    #[cfg_attr(
        feature = "proptest",
        proptest(strategy = "charter_contract::strategies::instant()")
    )]
    pub created_at: DateTime<Utc>,
}

/// The fields of a user to create.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "proptest", derive(proptest_derive::Arbitrary))]
#[serde(remote = "Self")]
#[serde(deny_unknown_fields)]
pub struct NewUser {
    /// Must not belong to another user.
    pub email: Email,
    /// The full name.
    pub name: PersonName,
}

/// The fields of a user to change; absent fields keep their value.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "proptest", derive(proptest_derive::Arbitrary))]
#[serde(remote = "Self")]
#[serde(deny_unknown_fields)]
pub struct UserPatch {
    /// The new e-mail address; must not belong to another user.
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "not_null")]
    pub email: Option<Email>,
    /// The new full name.
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "not_null")]
    pub name: Option<PersonName>,
}

/// One page of users, oldest first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "proptest", derive(proptest_derive::Arbitrary))]
#[serde(remote = "Self")]
pub struct UserList {
    /// The users on this page.
    #[cfg_attr(feature = "proptest", proptest(strategy = "charter_contract::strategies::few()"))]
    pub items: Vec<User>,
    /// This page's number.
    pub page: Page,
    /// The page size asked for.
    pub per_page: PerPage,
    /// How many users there are in all.
    pub total: u64,
}

/// Query parameters of `GET /v1/users`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "proptest", derive(proptest_derive::Arbitrary))]
#[serde(deny_unknown_fields)]
pub struct ListUsersQuery {
    /// Which page to return.
    #[serde(default)]
    pub page: Page,
    /// How many users per page.
    #[serde(default)]
    pub per_page: PerPage,
}

/// Path parameters of `/v1/users/{user_id}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "proptest", derive(proptest_derive::Arbitrary))]
pub struct UserPath {
    /// The user.
    pub user_id: UserId,
}

// ---------------------------------------------------------------------------------------------
// Invoices
// ---------------------------------------------------------------------------------------------

/// A bill sent to a user.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "proptest", derive(proptest_derive::Arbitrary))]
#[serde(remote = "Self")]
pub struct Invoice {
    /// Assigned by the server.
    pub id: InvoiceId,
    /// Who is billed.
    pub user_id: UserId,
    /// How much, in major units of `currency`.
    pub amount: Amount,
    /// The currency of `amount`.
    pub currency: Currency,
    /// Where the invoice is in its life.
    pub status: InvoiceStatus,
    /// Shown on the invoice.
    pub memo: Memo,
    /// The day payment is due.
    #[serde(
        serialize_with = "charter_contract::formats::date::serialize",
        deserialize_with = "charter_contract::formats::date::deserialize"
    )]
    #[cfg_attr(feature = "proptest", proptest(strategy = "charter_contract::strategies::day()"))]
    pub due_date: NaiveDate,
    /// When the invoice was created.
    #[serde(
        serialize_with = "charter_contract::formats::timestamp::serialize",
        deserialize_with = "charter_contract::formats::timestamp::deserialize"
    )]
    #[cfg_attr(
        feature = "proptest",
        proptest(strategy = "charter_contract::strategies::instant()")
    )]
    pub created_at: DateTime<Utc>,
}

/// The fields of an invoice to create. It starts as `draft`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "proptest", derive(proptest_derive::Arbitrary))]
#[serde(remote = "Self")]
#[serde(deny_unknown_fields)]
pub struct NewInvoice {
    /// Who is billed; the user must exist.
    pub user_id: UserId,
    /// How much, in major units of `currency`.
    pub amount: Amount,
    /// The currency of `amount`.
    pub currency: Currency,
    /// Shown on the invoice.
    pub memo: Memo,
    /// The day payment is due.
    #[serde(
        serialize_with = "charter_contract::formats::date::serialize",
        deserialize_with = "charter_contract::formats::date::deserialize"
    )]
    #[cfg_attr(feature = "proptest", proptest(strategy = "charter_contract::strategies::day()"))]
    pub due_date: NaiveDate,
}

/// One page of invoices, oldest first.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "proptest", derive(proptest_derive::Arbitrary))]
#[serde(remote = "Self")]
pub struct InvoiceList {
    /// The invoices on this page.
    #[cfg_attr(feature = "proptest", proptest(strategy = "charter_contract::strategies::few()"))]
    pub items: Vec<Invoice>,
    /// This page's number.
    pub page: Page,
    /// The page size asked for.
    pub per_page: PerPage,
    /// How many invoices match the filters in all.
    pub total: u64,
}

/// Query parameters of `GET /v1/invoices`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "proptest", derive(proptest_derive::Arbitrary))]
#[serde(deny_unknown_fields)]
pub struct ListInvoicesQuery {
    /// Only invoices in this status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<InvoiceStatus>,
    /// Only invoices billed to this user.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<UserId>,
    /// Which page to return.
    #[serde(default)]
    pub page: Page,
    /// How many invoices per page.
    #[serde(default)]
    pub per_page: PerPage,
}

/// Path parameters of `/v1/invoices/{invoice_id}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "proptest", derive(proptest_derive::Arbitrary))]
pub struct InvoicePath {
    /// The invoice.
    pub invoice_id: InvoiceId,
}

// ---------------------------------------------------------------------------------------------
// Endpoints
// ---------------------------------------------------------------------------------------------

/// `GET /v1/users`.
#[derive(Debug)]
pub struct ListUsers;

impl Endpoint for ListUsers {
    const OPERATION_ID: &'static str = "listUsers";
    const METHOD: Method = Method::Get;
    const PATH: &'static str = "/v1/users";
    const TAG: &'static str = "users";
    const SUMMARY: &'static str = "List users, one page at a time";
    const SUCCESS: u16 = 200;
    const ERRORS: &'static [ErrorCode] = &[ErrorCode::VALIDATION_FAILED];
    type Path = NoParams;
    type Query = ListUsersQuery;
    type Request = NoBody;
    type Response = UserList;
}

/// `POST /v1/users`.
#[derive(Debug)]
pub struct CreateUser;

impl Endpoint for CreateUser {
    const OPERATION_ID: &'static str = "createUser";
    const METHOD: Method = Method::Post;
    const PATH: &'static str = "/v1/users";
    const TAG: &'static str = "users";
    const SUMMARY: &'static str = "Create a user";
    const SUCCESS: u16 = 201;
    const ERRORS: &'static [ErrorCode] =
        &[ErrorCode::VALIDATION_FAILED, ErrorCode::FORBIDDEN, ErrorCode::CONFLICT];
    type Path = NoParams;
    type Query = NoParams;
    type Request = NewUser;
    type Response = User;
}

/// `GET /v1/users/{user_id}`.
#[derive(Debug)]
pub struct GetUser;

impl Endpoint for GetUser {
    const OPERATION_ID: &'static str = "getUser";
    const METHOD: Method = Method::Get;
    const PATH: &'static str = "/v1/users/{user_id}";
    const TAG: &'static str = "users";
    const SUMMARY: &'static str = "Get a user";
    const SUCCESS: u16 = 200;
    const ERRORS: &'static [ErrorCode] = &[ErrorCode::VALIDATION_FAILED, ErrorCode::NOT_FOUND];
    type Path = UserPath;
    type Query = NoParams;
    type Request = NoBody;
    type Response = User;
}

/// `PATCH /v1/users/{user_id}`.
#[derive(Debug)]
pub struct UpdateUser;

impl Endpoint for UpdateUser {
    const OPERATION_ID: &'static str = "updateUser";
    const METHOD: Method = Method::Patch;
    const PATH: &'static str = "/v1/users/{user_id}";
    const TAG: &'static str = "users";
    const SUMMARY: &'static str = "Change some fields of a user";
    const SUCCESS: u16 = 200;
    const ERRORS: &'static [ErrorCode] = &[
        ErrorCode::VALIDATION_FAILED,
        ErrorCode::FORBIDDEN,
        ErrorCode::NOT_FOUND,
        ErrorCode::CONFLICT,
    ];
    type Path = UserPath;
    type Query = NoParams;
    type Request = UserPatch;
    type Response = User;
}

/// `DELETE /v1/users/{user_id}`.
#[derive(Debug)]
pub struct DeleteUser;

impl Endpoint for DeleteUser {
    const OPERATION_ID: &'static str = "deleteUser";
    const METHOD: Method = Method::Delete;
    const PATH: &'static str = "/v1/users/{user_id}";
    const TAG: &'static str = "users";
    const SUMMARY: &'static str = "Delete a user who has no invoices";
    const DESCRIPTION: &'static str =
        "A user with invoices cannot be deleted: the request answers 409 `conflict`.";
    const SUCCESS: u16 = 204;
    const ERRORS: &'static [ErrorCode] = &[
        ErrorCode::VALIDATION_FAILED,
        ErrorCode::FORBIDDEN,
        ErrorCode::NOT_FOUND,
        ErrorCode::CONFLICT,
    ];
    type Path = UserPath;
    type Query = NoParams;
    type Request = NoBody;
    type Response = NoBody;
}

/// `GET /v1/invoices`.
#[derive(Debug)]
pub struct ListInvoices;

impl Endpoint for ListInvoices {
    const OPERATION_ID: &'static str = "listInvoices";
    const METHOD: Method = Method::Get;
    const PATH: &'static str = "/v1/invoices";
    const TAG: &'static str = "invoices";
    const SUMMARY: &'static str = "List invoices, filtered by status and user, one page at a time";
    const SUCCESS: u16 = 200;
    const ERRORS: &'static [ErrorCode] = &[ErrorCode::VALIDATION_FAILED];
    type Path = NoParams;
    type Query = ListInvoicesQuery;
    type Request = NoBody;
    type Response = InvoiceList;
}

/// `POST /v1/invoices`.
#[derive(Debug)]
pub struct CreateInvoice;

impl Endpoint for CreateInvoice {
    const OPERATION_ID: &'static str = "createInvoice";
    const METHOD: Method = Method::Post;
    const PATH: &'static str = "/v1/invoices";
    const TAG: &'static str = "invoices";
    const SUMMARY: &'static str = "Create a draft invoice for a user";
    const DESCRIPTION: &'static str =
        "The user must exist; otherwise the request answers 404 `not_found`.";
    const SUCCESS: u16 = 201;
    const ERRORS: &'static [ErrorCode] =
        &[ErrorCode::VALIDATION_FAILED, ErrorCode::FORBIDDEN, ErrorCode::NOT_FOUND];
    type Path = NoParams;
    type Query = NoParams;
    type Request = NewInvoice;
    type Response = Invoice;
}

/// `GET /v1/invoices/{invoice_id}`.
#[derive(Debug)]
pub struct GetInvoice;

impl Endpoint for GetInvoice {
    const OPERATION_ID: &'static str = "getInvoice";
    const METHOD: Method = Method::Get;
    const PATH: &'static str = "/v1/invoices/{invoice_id}";
    const TAG: &'static str = "invoices";
    const SUMMARY: &'static str = "Get an invoice";
    const SUCCESS: u16 = 200;
    const ERRORS: &'static [ErrorCode] = &[ErrorCode::VALIDATION_FAILED, ErrorCode::NOT_FOUND];
    type Path = InvoicePath;
    type Query = NoParams;
    type Request = NoBody;
    type Response = Invoice;
}

/// The description of `/v1`.
#[must_use]
pub fn version() -> Version {
    Version::new("v1", Stability::Stable, "1.0.0")
        // Stable: its client crate is 1.0.0 and up, so additions bump the minor version.
        .client_version("1.0.0")
        .description(
            "Version 1 is **stable**: it never changes in a way that breaks a client. Amounts \
             are decimal numbers in major units; lists are paginated by page number.",
        )
        .operation::<ListUsers>()
        .operation::<CreateUser>()
        .operation::<GetUser>()
        .operation::<UpdateUser>()
        .operation::<DeleteUser>()
        .operation::<ListInvoices>()
        .operation::<CreateInvoice>()
        .operation::<GetInvoice>()
        .schema::<UserId>()
        .schema::<InvoiceId>()
        .schema::<Email>()
        .schema::<PersonName>()
        .schema::<Memo>()
        .schema::<Page>()
        .schema::<PerPage>()
        .schema::<Currency>()
        .schema::<InvoiceStatus>()
        .schema::<Amount>()
        .schema::<User>()
        .schema::<NewUser>()
        .schema::<UserPatch>()
        .schema::<UserList>()
        .schema::<Invoice>()
        .schema::<NewInvoice>()
        .schema::<InvoiceList>()
}

charter_contract::object_only!(
    User,
    NewUser,
    UserPatch,
    UserList,
    Invoice,
    NewInvoice,
    InvoiceList
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn email_is_an_unquoted_local_part_at_a_host_name() {
        assert!(Email::new("ada@example.com").is_ok());
        assert!(Email::new("o'brien+billing@mail.example-corp.co.uk").is_ok());
        for bad in [
            "ada",
            "@example.com",
            "ada@",
            "a@b@c",
            "ada @example.com",
            "a\u{7}@b",
            ".ada@example.com",
            "ada..l@example.com",
            "ada.@example.com",
            "zoë@example.com",
            "ada@exa_mple.com",
            "ada@-example.com",
            "ada@example..com",
            "\"ada l\"@example.com",
            "ada@[192.0.2.1]",
            "ada@xn--mnchen-3ya.de",
            "ada@ab--c.example",
        ] {
            assert!(Email::new(bad).is_err(), "{bad:?} was accepted");
        }
    }

    #[test]
    fn constrained_values_reject_out_of_range_json() {
        assert!(serde_json::from_str::<PerPage>("0").is_err());
        assert!(serde_json::from_str::<PerPage>("101").is_err());
        assert_eq!(serde_json::from_str::<PerPage>("100").unwrap().get(), 100);
        assert!(serde_json::from_str::<PersonName>("\"\"").is_err());
        assert!(serde_json::from_str::<Amount>("-0.01").is_err());
        let message = serde_json::from_str::<PersonName>(&format!("\"{}\"", "x".repeat(101)))
            .unwrap_err()
            .to_string();
        assert!(message.contains("between 1 and 100 characters long, not 101"), "{message}");
    }

    #[test]
    fn optional_fields_are_absent_or_a_value_never_null() {
        let patch: UserPatch = serde_json::from_str("{}").unwrap();
        assert_eq!(patch, UserPatch::default());
        let patch: UserPatch = serde_json::from_str(r#"{"name": "Ada"}"#).unwrap();
        assert_eq!(patch.name.unwrap().as_str(), "Ada");
        let error = serde_json::from_str::<UserPatch>(r#"{"name": null}"#).unwrap_err();
        assert!(error.to_string().contains("invalid type: null"), "{error}");
    }

    #[test]
    fn query_defaults_apply_when_absent() {
        let query: ListUsersQuery = serde_json::from_str("{}").unwrap();
        assert_eq!((query.page.get(), query.per_page.get()), (1, 20));
    }
}

/// Strategies for the types whose values a derive cannot find: an address must pass
/// [`Email::new`], an amount must be a finite number in range.
#[cfg(feature = "proptest")]
mod arbitrary {
    use proptest::arbitrary::Arbitrary;
    use proptest::collection::vec;
    use proptest::prelude::{Just, prop_oneof};
    use proptest::strategy::{BoxedStrategy, Strategy as _};

    use super::{Amount, Email};

    impl Arbitrary for Email {
        type Parameters = ();
        type Strategy = BoxedStrategy<Self>;

        /// Everything [`Email::new`] accepts: dot-separated atoms of letters, digits and RFC 5322
        /// symbols, `@`, dot-separated host-name labels, up to the length limits.
        fn arbitrary_with((): ()) -> Self::Strategy {
            let atom = proptest::string::string_regex("[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]{1,20}")
                .expect("a valid regex");
            let label =
                proptest::string::string_regex("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?")
                    .expect("a valid regex");
            (vec(atom, 1..=4), vec(label, 1..=4))
                .prop_filter_map("a valid address", |(atoms, labels)| {
                    Email::new(format!("{}@{}", atoms.join("."), labels.join("."))).ok()
                })
                .boxed()
        }
    }

    impl Arbitrary for Amount {
        type Parameters = ();
        type Strategy = BoxedStrategy<Self>;

        /// Any finite number in range, both bounds and whole cents drawn often.
        fn arbitrary_with((): ()) -> Self::Strategy {
            prop_oneof![
                1 => Just(0.0),
                1 => Just(Amount::MAX),
                3 => 0.0..=Amount::MAX,
                3 => (0..=100_000_000_000_i64).prop_map(|cents| cents as f64 / 100.0),
            ]
            .prop_filter_map("in range", |value| Amount::new(value).ok())
            .boxed()
        }
    }
}
