//! The {{Title}} API's service: every operation of the contract answered from a store, behind
//! charter-server's bearer tokens, scopes, rate limits, error envelope and logs. The store is
//! in memory by default ([`Memory`]), or Postgres with `--database-url` ([`Postgres`]).
//!
//! `cargo xtask serve` runs it ([`run`]); `cargo xtask dev-token` prints a token it accepts.
//! The handlers reach the store only through [`Store`]: both stores answer alike, `409` for a
//! name that is taken included.

mod postgres;
mod store;

use std::path::PathBuf;

use charter_server::{ApiError, App, Input, Routes, RoutesError, ServeArgs};
use {{name_snake}}_contracts::v1::{CreateItem, GetItem, Item, ItemList, ListItems};

pub use postgres::Postgres;
pub use store::{Memory, Store};

/// The service over `store`: every operation the contract declares, routed to its handler,
/// and the store's health check (`store` in memory, `database` on Postgres).
///
/// # Errors
/// When an operation has no handler, or a handler answers one the contract does not declare.
pub fn app<S: Store>(store: S) -> Result<App, RoutesError> {
    let api = {{name_snake}}_contracts::api();
    let router = Routes::new(&api)
        .add::<ListItems>(list_items::<S>)
        .add::<CreateItem>(create_item::<S>)
        .add::<GetItem>(get_item::<S>)
        .health_check(S::CHECK, |store: S| async move { store.check().await })
        .build_version(env!("CARGO_PKG_VERSION"))
        .build()?
        .with_state(store);
    Ok(App::new(&api, router))
}

/// The flags of the service: Charter's, and where its data lives.
#[derive(Clone, Debug, clap::Args)]
pub struct Args {
    /// Charter's flags: address, tokens, rate limits (`--redis-url`), graceful stop.
    #[command(flatten)]
    pub serve: ServeArgs,
    /// Keep the items in this Postgres database
    /// (postgres://ROLE[:PASSWORD]@HOST[:PORT]/DATABASE), applying the migrations it lacks at
    /// start; without it they live in memory and are gone when the service stops.
    #[arg(long, value_name = "URL")]
    pub database_url: Option<String>,
}

/// Runs the service as `args` say until SIGTERM or Ctrl-C: what `cargo xtask serve` calls. On
/// Postgres, the pool closes after the requests in flight are answered.
///
/// # Errors
/// When the routes are incomplete, the database cannot be reached or migrated, the keys cannot
/// be read or the address cannot be bound.
pub async fn run(args: Args, default_keys_dir: PathBuf) -> anyhow::Result<()> {
    let Some(url) = &args.database_url else {
        return charter_server::run(args.serve, default_keys_dir, app(Memory::default())?).await;
    };
    let database = Postgres::connect(url).await?;
    let served = charter_server::run(args.serve, default_keys_dir, app(database.clone())?).await;
    database.close();
    eprintln!("closed the database pool");
    served
}

async fn list_items<S: Store>(store: S, input: Input<ListItems>) -> Result<ItemList, ApiError> {
    let (page, per_page) = (input.query.page, input.query.per_page);
    let (items, total) = store.page(page.get(), per_page.get()).await?;
    Ok(ItemList {
        items,
        page,
        per_page,
        total,
    })
}

async fn create_item<S: Store>(store: S, input: Input<CreateItem>) -> Result<Item, ApiError> {
    store.create(input.body.name).await
}

async fn get_item<S: Store>(store: S, input: Input<GetItem>) -> Result<Item, ApiError> {
    let id = input.path.item_id;
    store
        .get(id)
        .await?
        .ok_or_else(|| ApiError::not_found("item", id.0))
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_operation_of_the_contract_has_a_handler() {
        if let Err(error) = super::app(super::Memory::default()) {
            panic!("{error}");
        }
    }
}
