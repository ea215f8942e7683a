//! What the handlers need from a store ([`Store`]), and the in-memory one ([`Memory`]).

use std::future::Future;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use charter_server::ApiError;
use chrono::{DateTime, Utc};
use {{name_snake}}_contracts::v1::{Item, ItemId, ItemName};

/// Where items live. Every method answers a handler's error as is.
pub trait Store: Clone + Send + Sync + 'static {
    /// The name of the store's check in `/health`.
    const CHECK: &'static str;
    /// A new item named `name`; `409` when an item has that name.
    fn create(&self, name: ItemName) -> impl Future<Output = Result<Item, ApiError>> + Send;
    /// The item `id`, if there is one.
    fn get(&self, id: ItemId) -> impl Future<Output = Result<Option<Item>, ApiError>> + Send;
    /// Items by page number (from 1), oldest first, and how many there are.
    fn page(
        &self,
        page: u32,
        per_page: u32,
    ) -> impl Future<Output = Result<(Vec<Item>, u64), ApiError>> + Send;
    /// The health check: `Err` says why the store does not work (logged, never answered).
    fn check(&self) -> impl Future<Output = Result<(), String>> + Send;
}

/// `409 conflict` for a name that is taken.
pub(crate) fn name_taken(name: &ItemName) -> ApiError {
    ApiError::new(
        charter_contract::ErrorCode::CONFLICT,
        format!("an item named `{name}` exists already"),
    )
}

/// Now, to the microsecond: what Postgres keeps, so an item reads back as it was created.
pub(crate) fn now() -> DateTime<Utc> {
    let now = Utc::now();
    DateTime::from_timestamp_micros(now.timestamp_micros()).unwrap_or(now)
}

/// Every item created since the service started, oldest first; clones share it.
#[derive(Clone, Debug, Default)]
pub struct Memory(Arc<Mutex<Vec<Item>>>);

impl Memory {
    /// The items, even after a handler panicked while holding them: every method leaves them
    /// consistent before it can panic.
    fn items(&self) -> MutexGuard<'_, Vec<Item>> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Store for Memory {
    const CHECK: &'static str = "store";

    async fn create(&self, name: ItemName) -> Result<Item, ApiError> {
        let mut items = self.items();
        if items.iter().any(|item| item.name == name) {
            return Err(name_taken(&name));
        }
        let item = Item {
            id: ItemId(uuid::Uuid::new_v4()),
            name,
            created_at: now(),
        };
        items.push(item.clone());
        Ok(item)
    }

    async fn get(&self, id: ItemId) -> Result<Option<Item>, ApiError> {
        Ok(self.items().iter().find(|item| item.id == id).cloned())
    }

    async fn page(&self, page: u32, per_page: u32) -> Result<(Vec<Item>, u64), ApiError> {
        let items = self.items();
        let skip = (page as usize - 1).saturating_mul(per_page as usize);
        let found = items
            .iter()
            .skip(skip)
            .take(per_page as usize)
            .cloned()
            .collect();
        Ok((found, items.len() as u64))
    }

    async fn check(&self) -> Result<(), String> {
        drop(self.items());
        Ok(())
    }
}
