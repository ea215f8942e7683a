//! The in-memory store: the default, gone when the process ends.

use std::collections::{BTreeMap, HashMap};

use contracts::v1::{Email, InvoiceId, UserId};
use uuid::Uuid;

use charter_contract::ErrorCode;
use charter_server::ApiError;

use super::{
    InvoiceFilter, InvoiceRecord, NewUserRecord, UserChange, UserRecord, conflict_email, now,
};

/// Users and invoices, each listed oldest first.
#[derive(Debug, Default)]
pub(crate) struct MemoryStore {
    users: BTreeMap<u64, UserRecord>,
    invoices: BTreeMap<u64, InvoiceRecord>,
    user_seq: HashMap<Uuid, u64>,
    invoice_seq: HashMap<Uuid, u64>,
    emails: HashMap<String, Uuid>,
    next_seq: u64,
}

impl MemoryStore {
    fn seq(&mut self) -> u64 {
        self.next_seq += 1;
        self.next_seq
    }

    fn email_key(email: &Email) -> String {
        email.as_str().to_lowercase()
    }

    pub(crate) fn create_user(&mut self, new: NewUserRecord) -> Result<UserRecord, ApiError> {
        let key = Self::email_key(&new.email);
        if self.emails.contains_key(&key) {
            return Err(conflict_email(&new.email));
        }
        let record = UserRecord {
            id: UserId(Uuid::new_v4()),
            email: new.email,
            given_name: new.given_name,
            family_name: new.family_name,
            created_at: now(),
        };
        let seq = self.seq();
        self.emails.insert(key, record.id.0);
        self.user_seq.insert(record.id.0, seq);
        self.users.insert(seq, record.clone());
        Ok(record)
    }

    pub(crate) fn user(&self, id: UserId) -> Result<&UserRecord, ApiError> {
        self.user_seq
            .get(&id.0)
            .and_then(|seq| self.users.get(seq))
            .ok_or_else(|| ApiError::not_found("user", id.0))
    }

    pub(crate) fn update_user(
        &mut self,
        id: UserId,
        change: UserChange,
    ) -> Result<UserRecord, ApiError> {
        let seq = self.live_user_seq(id)?;
        let record = self.users.get_mut(&seq).ok_or_else(|| ApiError::not_found("user", id.0))?;
        if let Some(email) = &change.email {
            let key = Self::email_key(email);
            if self.emails.get(&key).is_some_and(|owner| *owner != id.0) {
                return Err(conflict_email(email));
            }
            self.emails.remove(&Self::email_key(&record.email));
            self.emails.insert(key, id.0);
        }
        if let Some(email) = change.email {
            record.email = email;
        }
        if let Some(given_name) = change.given_name {
            record.given_name = given_name;
        }
        if let Some(family_name) = change.family_name {
            record.family_name = family_name;
        }
        Ok(record.clone())
    }

    pub(crate) fn delete_user(&mut self, id: UserId) -> Result<(), ApiError> {
        let seq = self.live_user_seq(id)?;
        if self.invoices.values().any(|invoice| invoice.user_id == id) {
            return Err(ApiError::new(
                ErrorCode::CONFLICT,
                format!("the user {} has invoices and cannot be deleted", id.0),
            ));
        }
        // The id keeps its position, so it still works as a cursor.
        if let Some(record) = self.users.remove(&seq) {
            self.emails.remove(&Self::email_key(&record.email));
        }
        Ok(())
    }

    /// The list position of the user `id`, who must exist (not deleted).
    fn live_user_seq(&self, id: UserId) -> Result<u64, ApiError> {
        self.user_seq
            .get(&id.0)
            .copied()
            .filter(|seq| self.users.contains_key(seq))
            .ok_or_else(|| ApiError::not_found("user", id.0))
    }

    /// The list position of the user `id`, deleted or not: where a page after it starts.
    pub(crate) fn user_position(&self, id: UserId) -> Result<u64, ApiError> {
        self.user_seq.get(&id.0).copied().ok_or_else(|| ApiError::not_found("user", id.0))
    }

    /// The list position of the invoice `id`.
    pub(crate) fn invoice_position(&self, id: InvoiceId) -> Result<u64, ApiError> {
        self.invoice_seq.get(&id.0).copied().ok_or_else(|| ApiError::not_found("invoice", id.0))
    }

    /// Users after position `after` (exclusive), at most `limit`, and whether more follow.
    pub(crate) fn users_after(&self, after: u64, limit: usize) -> (Vec<&UserRecord>, bool) {
        page_after(&self.users, after, limit, |_| true)
    }

    pub(crate) fn user_count(&self) -> usize {
        self.users.len()
    }

    /// Users by page number, counted from 1.
    pub(crate) fn user_page(&self, page: u32, per_page: u32) -> Vec<&UserRecord> {
        numbered_page(self.users.values(), page, per_page)
    }

    pub(crate) fn create_invoice(
        &mut self,
        invoice: InvoiceRecord,
    ) -> Result<InvoiceRecord, ApiError> {
        self.user(invoice.user_id)?;
        let seq = self.seq();
        self.invoice_seq.insert(invoice.id.0, seq);
        self.invoices.insert(seq, invoice.clone());
        Ok(invoice)
    }

    pub(crate) fn invoice(&self, id: InvoiceId) -> Result<&InvoiceRecord, ApiError> {
        self.invoice_seq
            .get(&id.0)
            .and_then(|seq| self.invoices.get(seq))
            .ok_or_else(|| ApiError::not_found("invoice", id.0))
    }

    /// Matching invoices by page number, counted from 1, and how many match in all.
    pub(crate) fn invoice_page(
        &self,
        filter: InvoiceFilter,
        page: u32,
        per_page: u32,
    ) -> (Vec<&InvoiceRecord>, usize) {
        let matching: Vec<&InvoiceRecord> =
            self.invoices.values().filter(|i| filter.matches(i)).collect();
        let total = matching.len();
        (numbered_page(matching.into_iter(), page, per_page), total)
    }

    /// Matching invoices after position `after`, at most `limit`, and whether more follow.
    pub(crate) fn invoices_after(
        &self,
        filter: InvoiceFilter,
        after: u64,
        limit: usize,
    ) -> (Vec<&InvoiceRecord>, bool) {
        page_after(&self.invoices, after, limit, |invoice| filter.matches(invoice))
    }

    /// The health check: whether the store is consistent, and if not, how.
    pub(crate) fn check(&self) -> Result<(), String> {
        if self.users.len() > self.user_seq.len() {
            return Err(format!(
                "{} users but {} list positions",
                self.users.len(),
                self.user_seq.len()
            ));
        }
        if self.emails.len() != self.users.len() {
            return Err(format!(
                "{} users but {} e-mail addresses",
                self.users.len(),
                self.emails.len()
            ));
        }
        Ok(())
    }
}

/// The records after position `after` that `keep` keeps, at most `limit`, and whether more
/// follow.
fn page_after<T>(
    records: &BTreeMap<u64, T>,
    after: u64,
    limit: usize,
    keep: impl Fn(&T) -> bool,
) -> (Vec<&T>, bool) {
    let mut page: Vec<&T> = records
        .range(after + 1..)
        .map(|(_, record)| record)
        .filter(|r| keep(r))
        .take(limit + 1)
        .collect();
    let more = page.len() > limit;
    page.truncate(limit);
    (page, more)
}

/// Page `page` (counted from 1) of `per_page` records.
fn numbered_page<'a, T>(
    records: impl Iterator<Item = &'a T>,
    page: u32,
    per_page: u32,
) -> Vec<&'a T> {
    let skip = (page as usize - 1).saturating_mul(per_page as usize);
    records.skip(skip).take(per_page as usize).collect()
}
