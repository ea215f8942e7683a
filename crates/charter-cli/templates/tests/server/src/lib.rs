//! The {{Title}} API's service: every operation of the contract answered from an in-memory
//! store, behind charter-server's bearer tokens, scopes, rate limits, error envelope and logs.
//!
//! `cargo xtask serve` runs it; `cargo xtask dev-token` prints a token it accepts. Replace
//! [`Store`] with a database when the service gets real: the handlers are the only code that
//! reads it.

use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use charter_server::{ApiError, App, Input, Routes, RoutesError, ServeArgs};
use {{name_snake}}_contracts::v1::{CreateItem, GetItem, Item, ItemId, ItemList, ListItems};

/// Every item created since the service started, oldest first; clones share it.
#[derive(Clone, Debug, Default)]
pub struct Store(Arc<Mutex<Vec<Item>>>);

impl Store {
    /// The items, even after a handler panicked while holding them: every handler leaves
    /// them consistent before it can panic.
    fn items(&self) -> MutexGuard<'_, Vec<Item>> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// The service over `store`: every operation the contract declares, routed to its handler.
///
/// # Errors
/// When an operation has no handler, or a handler answers one the contract does not declare.
pub fn app(store: Store) -> Result<App, RoutesError> {
    let api = {{name_snake}}_contracts::api();
    let router = Routes::new(&api)
        .add::<ListItems>(list_items)
        .add::<CreateItem>(create_item)
        .add::<GetItem>(get_item)
        .health_check("store", |store: Store| async move {
            drop(store.items());
            Ok::<(), String>(())
        })
        .build_version(env!("CARGO_PKG_VERSION"))
        .build()?
        .with_state(store);
    Ok(App::new(&api, router))
}

/// Runs the service as `args` say until SIGTERM or Ctrl-C: what `cargo xtask serve` calls.
///
/// # Errors
/// When the routes are incomplete, the keys cannot be read or the address cannot be bound.
pub async fn run(args: ServeArgs, default_keys_dir: PathBuf) -> anyhow::Result<()> {
    charter_server::run(args, default_keys_dir, app(Store::default())?).await
}

async fn list_items(store: Store, input: Input<ListItems>) -> Result<ItemList, ApiError> {
    let (page, per_page) = (input.query.page, input.query.per_page);
    let items = store.items();
    let skip = (page.get() as usize - 1).saturating_mul(per_page.get() as usize);
    Ok(ItemList {
        items: items
            .iter()
            .skip(skip)
            .take(per_page.get() as usize)
            .cloned()
            .collect(),
        page,
        per_page,
        total: items.len() as u64,
    })
}

async fn create_item(store: Store, input: Input<CreateItem>) -> Result<Item, ApiError> {
    let item = Item {
        id: ItemId(uuid::Uuid::new_v4()),
        name: input.body.name,
        created_at: chrono::Utc::now(),
    };
    store.items().push(item.clone());
    Ok(item)
}

async fn get_item(store: Store, input: Input<GetItem>) -> Result<Item, ApiError> {
    let id = input.path.item_id;
    let found = store.items().iter().find(|item| item.id == id).cloned();
    found.ok_or_else(|| ApiError::not_found("item", id.0))
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_operation_of_the_contract_has_a_handler() {
        if let Err(error) = super::app(super::Store::default()) {
            panic!("{error}");
        }
    }
}
