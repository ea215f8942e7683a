//! The store both versions share, behind [`Store`]: [`Memory`] (the default) or
//! [`Postgres`](postgres::Postgres) (`--database-url`).
//!
//! Records hold the most precise shape any version has: names split into given and family name,
//! money as integer minor units with a currency. Each version's handlers convert to and from
//! its own types, so an invoice created through `/v2` reads back through `/v1` and the reverse.
//! Both stores list records oldest first, keep a deleted user's place (its id still works as a
//! cursor), and answer the same errors: `404` for what is not there, `409` for a taken e-mail
//! address (compared without case) or a user with invoices.

mod memory;
pub(crate) mod postgres;

use std::future::Future;
use std::sync::Arc;

use charter_contract::ErrorCode;
use charter_server::ApiError;
use chrono::{DateTime, NaiveDate, Utc};
use contracts::v1::{Currency, Email, InvoiceId, InvoiceStatus, Memo, PersonName, UserId};
use contracts::v2::MinorUnits;
use tokio::sync::RwLock;

use memory::MemoryStore;

/// What the handlers need from a store. Every method answers a handler's error as is.
pub(crate) trait Store: Clone + Send + Sync + 'static {
    /// A new user; `409` when the e-mail address is taken.
    fn create_user(
        &self,
        new: NewUserRecord,
    ) -> impl Future<Output = Result<UserRecord, ApiError>> + Send;
    /// The user `id`; `404` when there is none (or it was deleted).
    fn user(&self, id: UserId) -> impl Future<Output = Result<UserRecord, ApiError>> + Send;
    /// The user `id` changed; `409` when its new e-mail address is taken.
    fn update_user(
        &self,
        id: UserId,
        change: UserChange,
    ) -> impl Future<Output = Result<UserRecord, ApiError>> + Send;
    /// Deletes the user `id`; `409` while it has invoices.
    fn delete_user(&self, id: UserId) -> impl Future<Output = Result<(), ApiError>> + Send;
    /// Users by page number (from 1), and how many there are.
    fn user_page(
        &self,
        page: u32,
        per_page: u32,
    ) -> impl Future<Output = Result<(Vec<UserRecord>, u64), ApiError>> + Send;
    /// At most `limit` users after `cursor` (from the first without), and whether more follow.
    fn users_after(
        &self,
        cursor: Option<UserId>,
        limit: u32,
    ) -> impl Future<Output = Result<(Vec<UserRecord>, bool), ApiError>> + Send;
    /// A new invoice; `404` when its user does not exist.
    fn create_invoice(
        &self,
        invoice: InvoiceRecord,
    ) -> impl Future<Output = Result<InvoiceRecord, ApiError>> + Send;
    /// The invoice `id`; `404` when there is none.
    fn invoice(
        &self,
        id: InvoiceId,
    ) -> impl Future<Output = Result<InvoiceRecord, ApiError>> + Send;
    /// Matching invoices by page number (from 1), and how many match.
    fn invoice_page(
        &self,
        filter: InvoiceFilter,
        page: u32,
        per_page: u32,
    ) -> impl Future<Output = Result<(Vec<InvoiceRecord>, u64), ApiError>> + Send;
    /// At most `limit` matching invoices after `cursor`, and whether more follow.
    fn invoices_after(
        &self,
        filter: InvoiceFilter,
        cursor: Option<InvoiceId>,
        limit: u32,
    ) -> impl Future<Output = Result<(Vec<InvoiceRecord>, bool), ApiError>> + Send;
    /// The health check: `Err` says why the store does not work (logged, never answered).
    fn check(&self) -> impl Future<Output = Result<(), String>> + Send;
}

/// A user as stored.
#[derive(Clone, Debug)]
pub(crate) struct UserRecord {
    pub(crate) id: UserId,
    pub(crate) email: Email,
    pub(crate) given_name: PersonName,
    pub(crate) family_name: Option<PersonName>,
    pub(crate) created_at: DateTime<Utc>,
}

/// An invoice as stored.
#[derive(Clone, Debug)]
pub(crate) struct InvoiceRecord {
    pub(crate) id: InvoiceId,
    pub(crate) user_id: UserId,
    pub(crate) amount: MinorUnits,
    pub(crate) currency: Currency,
    pub(crate) status: InvoiceStatus,
    pub(crate) memo: Memo,
    pub(crate) due_date: NaiveDate,
    pub(crate) created_at: DateTime<Utc>,
}

/// What a new user needs.
pub(crate) struct NewUserRecord {
    pub(crate) email: Email,
    pub(crate) given_name: PersonName,
    pub(crate) family_name: Option<PersonName>,
}

/// A change to a user; `None` keeps a field. `family_name: Some(None)` removes the family
/// name: a v1 PATCH setting a one-word `name`.
#[derive(Default)]
pub(crate) struct UserChange {
    pub(crate) email: Option<Email>,
    pub(crate) given_name: Option<PersonName>,
    pub(crate) family_name: Option<Option<PersonName>>,
}

/// A filter over invoices.
#[derive(Clone, Copy, Default)]
pub(crate) struct InvoiceFilter {
    pub(crate) status: Option<InvoiceStatus>,
    pub(crate) user_id: Option<UserId>,
}

impl InvoiceFilter {
    pub(crate) fn matches(self, invoice: &InvoiceRecord) -> bool {
        self.status.is_none_or(|status| invoice.status == status)
            && self.user_id.is_none_or(|user| invoice.user_id == user)
    }
}

/// The in-memory store: the default. Clones share it.
#[derive(Clone, Debug, Default)]
pub(crate) struct Memory(Arc<RwLock<MemoryStore>>);

impl Store for Memory {
    async fn create_user(&self, new: NewUserRecord) -> Result<UserRecord, ApiError> {
        self.0.write().await.create_user(new)
    }

    async fn user(&self, id: UserId) -> Result<UserRecord, ApiError> {
        self.0.read().await.user(id).cloned()
    }

    async fn update_user(&self, id: UserId, change: UserChange) -> Result<UserRecord, ApiError> {
        self.0.write().await.update_user(id, change)
    }

    async fn delete_user(&self, id: UserId) -> Result<(), ApiError> {
        self.0.write().await.delete_user(id)
    }

    async fn user_page(
        &self,
        page: u32,
        per_page: u32,
    ) -> Result<(Vec<UserRecord>, u64), ApiError> {
        let store = self.0.read().await;
        let users = store.user_page(page, per_page).into_iter().cloned().collect();
        Ok((users, store.user_count() as u64))
    }

    async fn users_after(
        &self,
        cursor: Option<UserId>,
        limit: u32,
    ) -> Result<(Vec<UserRecord>, bool), ApiError> {
        let store = self.0.read().await;
        let after = cursor.map_or(Ok(0), |id| store.user_position(id))?;
        let (page, more) = store.users_after(after, limit as usize);
        Ok((page.into_iter().cloned().collect(), more))
    }

    async fn create_invoice(&self, invoice: InvoiceRecord) -> Result<InvoiceRecord, ApiError> {
        self.0.write().await.create_invoice(invoice)
    }

    async fn invoice(&self, id: InvoiceId) -> Result<InvoiceRecord, ApiError> {
        self.0.read().await.invoice(id).cloned()
    }

    async fn invoice_page(
        &self,
        filter: InvoiceFilter,
        page: u32,
        per_page: u32,
    ) -> Result<(Vec<InvoiceRecord>, u64), ApiError> {
        let store = self.0.read().await;
        let (invoices, total) = store.invoice_page(filter, page, per_page);
        Ok((invoices.into_iter().cloned().collect(), total as u64))
    }

    async fn invoices_after(
        &self,
        filter: InvoiceFilter,
        cursor: Option<InvoiceId>,
        limit: u32,
    ) -> Result<(Vec<InvoiceRecord>, bool), ApiError> {
        let store = self.0.read().await;
        let after = cursor.map_or(Ok(0), |id| store.invoice_position(id))?;
        let (page, more) = store.invoices_after(filter, after, limit as usize);
        Ok((page.into_iter().cloned().collect(), more))
    }

    async fn check(&self) -> Result<(), String> {
        self.0.read().await.check()
    }
}

pub(crate) fn conflict_email(email: &Email) -> ApiError {
    ApiError::new(
        ErrorCode::CONFLICT,
        format!("the e-mail address {email} belongs to another user"),
    )
}

/// Now, to the millisecond: what every version can write and read back exactly.
pub(crate) fn now() -> DateTime<Utc> {
    let now = Utc::now();
    DateTime::from_timestamp_millis(now.timestamp_millis()).unwrap_or(now)
}
