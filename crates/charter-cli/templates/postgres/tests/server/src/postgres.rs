//! The Postgres store (`--database-url`): the same items and answers as the in-memory one, in
//! a table this service owns and migrates itself.
//!
//! - Migrations are the SQL files in `migrations/`, embedded in the binary and applied at start
//!   in one transaction under an advisory lock (two instances starting at once apply them
//!   once), each recorded in `schema_migrations`: starting again applies nothing.
//! - One item per name is a unique index, so concurrent creates of one name give one row; the
//!   loser's unique violation is answered as `409 conflict`.
//! - Every wait is bounded ([`TIMEOUT`], [`QUERY_TIMEOUT`]): with the database down or hung a
//!   request answers `500 internal` (the cause in the log) and `/health` reports the check
//!   failing, never hanging.

use std::future::Future;
use std::str::FromStr as _;
use std::time::Duration;

use charter_server::ApiError;
use deadpool_postgres::{Manager, ManagerConfig, Pool, RecyclingMethod, Runtime};
use {{name_snake}}_contracts::v1::{Item, ItemId, ItemName};
use tokio_postgres::error::SqlState;
use tokio_postgres::{NoTls, Row};

use crate::store::{Store, name_taken, now};

/// The longest any database step waits: for a free connection, for a new one, for a recycle.
pub const TIMEOUT: Duration = Duration::from_secs(2);

/// The longest one operation may take.
pub const QUERY_TIMEOUT: Duration = Duration::from_secs(5);

/// How many connections one instance keeps at most.
const POOL_SIZE: usize = 16;

/// The migrations, oldest first: (version, SQL). Add a file and a line; never edit one that
/// has shipped.
const MIGRATIONS: &[(&str, &str)] = &[("0001_items", include_str!("../migrations/0001_items.sql"))];

/// The key of the advisory lock migrations run under.
const MIGRATION_LOCK: i64 = 0x0063_6861_7274_6572;

/// The Postgres store: a pool of connections to a migrated database. Clones share the pool.
#[derive(Clone)]
pub struct Postgres {
    pool: Pool,
}

impl std::fmt::Debug for Postgres {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Postgres")
            .field("size", &self.pool.status().size)
            .finish()
    }
}

impl Postgres {
    /// Connects to the database at `url` (`postgres://role:password@host:port/database`) and
    /// applies the migrations it lacks.
    ///
    /// # Errors
    /// When the URL is malformed, the database cannot be reached within [`TIMEOUT`], or a
    /// migration fails (nothing of it is kept).
    pub async fn connect(url: &str) -> anyhow::Result<Self> {
        let mut config = tokio_postgres::Config::from_str(url).map_err(|error| {
            anyhow::anyhow!(
                "--database-url is not a Postgres URL ({error}): write it as \
                 postgres://ROLE[:PASSWORD]@HOST[:PORT]/DATABASE"
            )
        })?;
        config.connect_timeout(TIMEOUT);
        let manager = Manager::from_config(
            config,
            NoTls,
            ManagerConfig {
                recycling_method: RecyclingMethod::Verified,
            },
        );
        let pool = Pool::builder(manager)
            .max_size(POOL_SIZE)
            .runtime(Runtime::Tokio1)
            .wait_timeout(Some(TIMEOUT))
            .create_timeout(Some(TIMEOUT))
            .recycle_timeout(Some(TIMEOUT))
            .build()?;
        let store = Postgres { pool };
        let applied = store.migrate().await?;
        if !applied.is_empty() {
            eprintln!("applied the migrations {}", applied.join(", "));
        }
        Ok(store)
    }

    /// Applies the migrations the database lacks, in one transaction, and returns their
    /// versions.
    async fn migrate(&self) -> anyhow::Result<Vec<&'static str>> {
        let mut client = self.pool.get().await.map_err(|error| {
            anyhow::anyhow!("cannot connect to the database of --database-url: {error}")
        })?;
        let transaction = client.transaction().await?;
        transaction
            .batch_execute(&format!(
                "SELECT pg_advisory_xact_lock({MIGRATION_LOCK});
                 CREATE TABLE IF NOT EXISTS schema_migrations (
                     version    text PRIMARY KEY,
                     applied_at timestamptz NOT NULL DEFAULT now()
                 );"
            ))
            .await?;
        let done: Vec<String> = transaction
            .query("SELECT version FROM schema_migrations", &[])
            .await?
            .iter()
            .map(|row| row.get(0))
            .collect();
        let mut applied = Vec::new();
        for (version, sql) in MIGRATIONS {
            if done.iter().any(|done| done == version) {
                continue;
            }
            transaction
                .batch_execute(sql)
                .await
                .map_err(|error| anyhow::anyhow!("migration {version} failed: {error}"))?;
            transaction
                .execute(
                    "INSERT INTO schema_migrations (version) VALUES ($1)",
                    &[version],
                )
                .await?;
            applied.push(*version);
        }
        transaction.commit().await?;
        Ok(applied)
    }

    /// Closes the pool: connections in use close when returned, idle ones now, and no new one
    /// is made. [`crate::run`] calls it once the requests in flight are answered.
    pub fn close(&self) {
        self.pool.close();
    }

    /// A connection from the pool, or `500` (the cause in the log).
    async fn client(&self) -> Result<deadpool_postgres::Object, ApiError> {
        self.pool
            .get()
            .await
            .map_err(|error| ApiError::internal(format!("database: {error}")))
    }
}

/// Any database error as `500`, its cause in the log.
fn internal(error: tokio_postgres::Error) -> ApiError {
    let mut cause = format!("database: {error}");
    let mut source = std::error::Error::source(&error);
    while let Some(inner) = source {
        cause.push_str(&format!(": {inner}"));
        source = inner.source();
    }
    ApiError::internal(cause)
}

/// A row of `id, name, created_at` as an item; a row the contract's types refuse is `500`.
fn item(row: &Row) -> Result<Item, ApiError> {
    let name: String = row.get(1);
    let name = ItemName::new(name)
        .map_err(|error| ApiError::internal(format!("database: a stored name: {error}")))?;
    Ok(Item {
        id: ItemId(row.get(0)),
        name,
        created_at: row.get(2),
    })
}

/// `operation`, or `500` when it takes longer than [`QUERY_TIMEOUT`].
async fn timed<T>(operation: impl Future<Output = Result<T, ApiError>>) -> Result<T, ApiError> {
    tokio::time::timeout(QUERY_TIMEOUT, operation)
        .await
        .unwrap_or_else(|_| {
            Err(ApiError::internal(format!(
                "database: no answer within {} s",
                QUERY_TIMEOUT.as_secs()
            )))
        })
}

impl Store for Postgres {
    const CHECK: &'static str = "database";

    async fn create(&self, name: ItemName) -> Result<Item, ApiError> {
        timed(async {
            let client = self.client().await?;
            let id = uuid::Uuid::new_v4();
            let created_at = now();
            let inserted = client
                .execute(
                    "INSERT INTO items (id, name, created_at) VALUES ($1, $2, $3)",
                    &[&id, &name.as_str(), &created_at],
                )
                .await;
            match inserted {
                Ok(_) => Ok(Item {
                    id: ItemId(id),
                    name,
                    created_at,
                }),
                Err(error)
                    if error.code() == Some(&SqlState::UNIQUE_VIOLATION)
                        && error.as_db_error().and_then(|db| db.constraint())
                            == Some("items_name_unique") =>
                {
                    Err(name_taken(&name))
                }
                Err(error) => Err(internal(error)),
            }
        })
        .await
    }

    async fn get(&self, id: ItemId) -> Result<Option<Item>, ApiError> {
        timed(async {
            let client = self.client().await?;
            let row = client
                .query_opt(
                    "SELECT id, name, created_at FROM items WHERE id = $1",
                    &[&id.0],
                )
                .await
                .map_err(internal)?;
            row.as_ref().map(item).transpose()
        })
        .await
    }

    async fn page(&self, page: u32, per_page: u32) -> Result<(Vec<Item>, u64), ApiError> {
        timed(async {
            let client = self.client().await?;
            let offset = (i64::from(page) - 1) * i64::from(per_page);
            let rows = client
                .query(
                    "SELECT id, name, created_at FROM items ORDER BY seq LIMIT $1 OFFSET $2",
                    &[&i64::from(per_page), &offset],
                )
                .await
                .map_err(internal)?;
            let total: i64 = client
                .query_one("SELECT count(*) FROM items", &[])
                .await
                .map_err(internal)?
                .get(0);
            let items = rows.iter().map(item).collect::<Result<_, _>>()?;
            Ok((items, u64::try_from(total).unwrap_or(0)))
        })
        .await
    }

    async fn check(&self) -> Result<(), String> {
        let check = async {
            let client = self.pool.get().await.map_err(|error| error.to_string())?;
            client
                .simple_query("SELECT 1")
                .await
                .map_err(|error| error.to_string())?;
            Ok(())
        };
        match tokio::time::timeout(QUERY_TIMEOUT, check).await {
            Ok(checked) => checked,
            Err(_) => Err(format!("no answer within {} s", QUERY_TIMEOUT.as_secs())),
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn migrations_are_named_after_their_files_in_order() {
        let versions: Vec<&str> = super::MIGRATIONS
            .iter()
            .map(|(version, _)| *version)
            .collect();
        let mut sorted = versions.clone();
        sorted.sort_unstable();
        assert_eq!(versions, sorted);
        assert_eq!(versions, ["0001_items"]);
    }
}
