//! `/v2`: the beta version. Money as integer minor units with a currency, names split in two,
//! cursor pagination.
//!
//! Everything `/v2` keeps from `/v1` is imported from [`crate::v1`], not copied, so the two
//! documents describe one type once.

use chrono::{DateTime, NaiveDate, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::v1::{
    Currency, Email, InvoiceId, InvoicePath, InvoiceStatus, Memo, PersonName, UserId, UserPath,
};
use charter_contract::{
    Endpoint, ErrorCode, Method, NoBody, NoParams, Stability, Version, constrained_integer,
    not_null,
};

constrained_integer! {
    /// An amount in the currency's minor unit, e.g. cents: `1250` is 12.50 USD.
    pub struct MinorUnits(i64) { range: 0..=100_000_000_000 }
}

constrained_integer! {
    /// How many items a page holds.
    pub struct Limit(u32) { range: 1..=100 }
}

impl Default for Limit {
    fn default() -> Self {
        Limit(20)
    }
}

/// An exact amount of money.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "proptest", derive(proptest_derive::Arbitrary))]
#[serde(remote = "Self")]
#[serde(deny_unknown_fields)]
pub struct Money {
    /// The amount in the currency's minor unit.
    pub minor_units: MinorUnits,
    /// The currency.
    pub currency: Currency,
}

/// A person who can be invoiced.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "proptest", derive(proptest_derive::Arbitrary))]
#[serde(remote = "Self")]
pub struct User {
    /// Assigned by the server.
    pub id: UserId,
    /// Unique among users.
    pub email: Email,
    /// The given name.
    pub given_name: PersonName,
    /// The family name, for people who have one.
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "not_null")]
    pub family_name: Option<PersonName>,
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
    /// The given name.
    pub given_name: PersonName,
    /// The family name, for people who have one.
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "not_null")]
    pub family_name: Option<PersonName>,
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
    /// The new given name.
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "not_null")]
    pub given_name: Option<PersonName>,
    /// The new family name.
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "not_null")]
    pub family_name: Option<PersonName>,
}

/// A page of users, oldest first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "proptest", derive(proptest_derive::Arbitrary))]
#[serde(remote = "Self")]
pub struct UserPage {
    /// The users on this page.
    #[cfg_attr(feature = "proptest", proptest(strategy = "charter_contract::strategies::few()"))]
    pub items: Vec<User>,
    /// The id of this page's last user: pass it as `cursor` to get the next page. Absent on
    /// the last page.
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "not_null")]
    pub next_cursor: Option<UserId>,
}

/// Query parameters of `GET /v2/users`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "proptest", derive(proptest_derive::Arbitrary))]
#[serde(deny_unknown_fields)]
pub struct ListUsersQuery {
    /// Start after the user with this id: a previous page's `next_cursor`. Absent for the
    /// first page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cursor: Option<UserId>,
    /// How many users per page.
    #[serde(default)]
    pub limit: Limit,
}

/// A bill sent to a user.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "proptest", derive(proptest_derive::Arbitrary))]
#[serde(remote = "Self")]
pub struct Invoice {
    /// Assigned by the server.
    pub id: InvoiceId,
    /// Who is billed.
    pub user_id: UserId,
    /// How much.
    pub amount: Money,
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
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "proptest", derive(proptest_derive::Arbitrary))]
#[serde(remote = "Self")]
#[serde(deny_unknown_fields)]
pub struct NewInvoice {
    /// Who is billed; the user must exist.
    pub user_id: UserId,
    /// How much.
    pub amount: Money,
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

/// A page of invoices, oldest first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "proptest", derive(proptest_derive::Arbitrary))]
#[serde(remote = "Self")]
pub struct InvoicePage {
    /// The invoices on this page.
    #[cfg_attr(feature = "proptest", proptest(strategy = "charter_contract::strategies::few()"))]
    pub items: Vec<Invoice>,
    /// The id of this page's last invoice: pass it as `cursor` to get the next page. Absent on
    /// the last page.
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "not_null")]
    pub next_cursor: Option<InvoiceId>,
}

/// Query parameters of `GET /v2/invoices`.
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
    /// Start after the invoice with this id: a previous page's `next_cursor`. Absent for the
    /// first page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cursor: Option<InvoiceId>,
    /// How many invoices per page.
    #[serde(default)]
    pub limit: Limit,
}

/// `GET /v2/users`.
#[derive(Debug)]
pub struct ListUsers;

impl Endpoint for ListUsers {
    const OPERATION_ID: &'static str = "listUsers";
    const METHOD: Method = Method::Get;
    const PATH: &'static str = "/v2/users";
    const TAG: &'static str = "users";
    const SUMMARY: &'static str = "List users, one page at a time";
    const DESCRIPTION: &'static str = "Pages continue after the user given as `cursor`; an id that never named a user answers \
         404 `not_found`. A deleted user's id still works as a cursor.";
    const SUCCESS: u16 = 200;
    const ERRORS: &'static [ErrorCode] = &[ErrorCode::VALIDATION_FAILED, ErrorCode::NOT_FOUND];
    type Path = NoParams;
    type Query = ListUsersQuery;
    type Request = NoBody;
    type Response = UserPage;
}

/// `POST /v2/users`.
#[derive(Debug)]
pub struct CreateUser;

impl Endpoint for CreateUser {
    const OPERATION_ID: &'static str = "createUser";
    const METHOD: Method = Method::Post;
    const PATH: &'static str = "/v2/users";
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

/// `GET /v2/users/{user_id}`.
#[derive(Debug)]
pub struct GetUser;

impl Endpoint for GetUser {
    const OPERATION_ID: &'static str = "getUser";
    const METHOD: Method = Method::Get;
    const PATH: &'static str = "/v2/users/{user_id}";
    const TAG: &'static str = "users";
    const SUMMARY: &'static str = "Get a user";
    const SUCCESS: u16 = 200;
    const ERRORS: &'static [ErrorCode] = &[ErrorCode::VALIDATION_FAILED, ErrorCode::NOT_FOUND];
    type Path = UserPath;
    type Query = NoParams;
    type Request = NoBody;
    type Response = User;
}

/// `PATCH /v2/users/{user_id}`.
#[derive(Debug)]
pub struct UpdateUser;

impl Endpoint for UpdateUser {
    const OPERATION_ID: &'static str = "updateUser";
    const METHOD: Method = Method::Patch;
    const PATH: &'static str = "/v2/users/{user_id}";
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

/// `DELETE /v2/users/{user_id}`.
#[derive(Debug)]
pub struct DeleteUser;

impl Endpoint for DeleteUser {
    const OPERATION_ID: &'static str = "deleteUser";
    const METHOD: Method = Method::Delete;
    const PATH: &'static str = "/v2/users/{user_id}";
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

/// `GET /v2/invoices`.
#[derive(Debug)]
pub struct ListInvoices;

impl Endpoint for ListInvoices {
    const OPERATION_ID: &'static str = "listInvoices";
    const METHOD: Method = Method::Get;
    const PATH: &'static str = "/v2/invoices";
    const TAG: &'static str = "invoices";
    const SUMMARY: &'static str = "List invoices, filtered by status and user, one page at a time";
    const DESCRIPTION: &'static str = "Pages continue after the invoice given as `cursor`; an \
        id that never named an invoice answers 404 `not_found`.";
    const SUCCESS: u16 = 200;
    const ERRORS: &'static [ErrorCode] = &[ErrorCode::VALIDATION_FAILED, ErrorCode::NOT_FOUND];
    type Path = NoParams;
    type Query = ListInvoicesQuery;
    type Request = NoBody;
    type Response = InvoicePage;
}

/// `POST /v2/invoices`.
#[derive(Debug)]
pub struct CreateInvoice;

impl Endpoint for CreateInvoice {
    const OPERATION_ID: &'static str = "createInvoice";
    const METHOD: Method = Method::Post;
    const PATH: &'static str = "/v2/invoices";
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

/// `GET /v2/invoices/{invoice_id}`.
#[derive(Debug)]
pub struct GetInvoice;

impl Endpoint for GetInvoice {
    const OPERATION_ID: &'static str = "getInvoice";
    const METHOD: Method = Method::Get;
    const PATH: &'static str = "/v2/invoices/{invoice_id}";
    const TAG: &'static str = "invoices";
    const SUMMARY: &'static str = "Get an invoice";
    const SUCCESS: u16 = 200;
    const ERRORS: &'static [ErrorCode] = &[ErrorCode::VALIDATION_FAILED, ErrorCode::NOT_FOUND];
    type Path = InvoicePath;
    type Query = NoParams;
    type Request = NoBody;
    type Response = Invoice;
}

/// The description of `/v2`.
#[must_use]
pub fn version() -> Version {
    Version::new("v2", Stability::Beta, "2.0.0-beta.1")
        .description(
            "Version 2 is in **beta**: it may still change in ways that break clients. Amounts \
             are exact integers in the currency's minor unit; names are split into given and \
             family name; lists are paginated with the id of the last item seen as cursor.",
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
        .schema::<Limit>()
        .schema::<MinorUnits>()
        .schema::<Currency>()
        .schema::<InvoiceStatus>()
        .schema::<Money>()
        .schema::<User>()
        .schema::<NewUser>()
        .schema::<UserPatch>()
        .schema::<UserPage>()
        .schema::<Invoice>()
        .schema::<NewInvoice>()
        .schema::<InvoicePage>()
}

charter_contract::object_only!(
    Money,
    User,
    NewUser,
    UserPatch,
    UserPage,
    Invoice,
    NewInvoice,
    InvoicePage
);
