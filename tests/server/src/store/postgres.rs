//! The Postgres store (`--database-url`): the same records and answers as the in-memory one,
//! in tables this service owns and migrates itself.
//!
//! - Migrations are the SQL files in `migrations/`, embedded in the binary and applied at start
//!   in one transaction under an advisory lock (two instances starting at once apply them
//!   once), each recorded in `schema_migrations`: starting again applies nothing.
//! - Ids are `uuid`, instants `timestamptz`, due dates `date`, money `bigint` minor units: every
//!   value reads back exactly as written.
//! - One live user per e-mail address is a unique index, so concurrent creates of one address
//!   give one row; the loser's unique violation is answered as `409 conflict`.
//! - Every wait is bounded: a connection is waited for, made and recycled for at most
//!   [`TIMEOUT`], and an operation takes at most [`QUERY_TIMEOUT`], so with the database down
//!   or hung a request answers `500 internal` (the cause in the log) and `/health` reports the
//!   check failing, never hanging.

use std::future::Future;
use std::str::FromStr as _;
use std::time::Duration;

use charter_contract::ErrorCode;
use charter_server::ApiError;
use chrono::{DateTime, NaiveDate, Utc};
use contracts::v1::{Email, InvoiceId, Memo, PersonName, UserId};
use contracts::v2::MinorUnits;
use deadpool_postgres::{Manager, ManagerConfig, Pool, RecyclingMethod, Runtime};
use tokio_postgres::error::SqlState;
use tokio_postgres::{NoTls, Row};
use uuid::Uuid;

use super::{
    InvoiceFilter, InvoiceRecord, NewUserRecord, Store, UserChange, UserRecord, conflict_email,
};

/// The longest any database step waits: for a free connection, for a new one, for a recycle.
pub(crate) const TIMEOUT: Duration = Duration::from_secs(2);

/// The longest one operation (its queries and its transaction) may take.
pub(crate) const QUERY_TIMEOUT: Duration = Duration::from_secs(5);

/// How many connections one instance keeps at most.
const POOL_SIZE: usize = 16;

/// The migrations, oldest first: (version, SQL). Add a file and a line; never edit one that
/// has shipped.
const MIGRATIONS: &[(&str, &str)] =
    &[("0001_users_and_invoices", include_str!("../../migrations/0001_users_and_invoices.sql"))];

/// The key of the advisory lock migrations run under ("billing" in ASCII).
const MIGRATION_LOCK: i64 = 0x0062_696c_6c69_6e67;

/// The Postgres store: a pool of connections to a migrated database. Clones share the pool.
#[derive(Clone)]
pub struct Postgres {
    pool: Pool,
}

impl std::fmt::Debug for Postgres {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let status = self.pool.status();
        f.debug_struct("Postgres").field("size", &status.size).finish()
    }
}

impl Postgres {
    /// Connects to the database at `url` (`postgres://user:password@host:port/database`) and
    /// applies the migrations it lacks.
    ///
    /// # Errors
    /// When the URL is malformed, the database cannot be reached within [`TIMEOUT`], or a
    /// migration fails (nothing of it is kept).
    pub async fn connect(url: &str) -> anyhow::Result<Self> {
        let mut config = tokio_postgres::Config::from_str(url).map_err(|error| {
            anyhow::anyhow!(
                "--database-url is not a Postgres URL ({error}): write it as \
                 postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE"
            )
        })?;
        config.connect_timeout(TIMEOUT);
        if config.get_application_name().is_none() {
            config.application_name(env!("CARGO_PKG_NAME"));
        }
        let manager = Manager::from_config(
            config,
            NoTls,
            ManagerConfig { recycling_method: RecyclingMethod::Verified },
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
                .execute("INSERT INTO schema_migrations (version) VALUES ($1)", &[version])
                .await?;
            applied.push(*version);
        }
        transaction.commit().await?;
        Ok(applied)
    }

    /// Closes the pool: connections in use close when returned, idle ones now, and no new one
    /// is made. The graceful stop calls it once the requests in flight are answered.
    pub fn close(&self) {
        self.pool.close();
    }

    /// A connection from the pool, or `500` (the cause in the log).
    async fn client(&self) -> Result<deadpool_postgres::Object, ApiError> {
        self.pool.get().await.map_err(|error| ApiError::internal(format!("database: {error}")))
    }
}

/// Any database error as `500`, its cause (with the causes it wraps) in the log.
fn internal(error: tokio_postgres::Error) -> ApiError {
    let mut cause = format!("database: {error}");
    let mut source = std::error::Error::source(&error);
    while let Some(inner) = source {
        cause.push_str(&format!(": {inner}"));
        source = inner.source();
    }
    ApiError::internal(cause)
}

/// Whether `error` is the unique index on live users' e-mail addresses.
fn is_email_taken(error: &tokio_postgres::Error) -> bool {
    error.code() == Some(&SqlState::UNIQUE_VIOLATION)
        && error.as_db_error().and_then(|db| db.constraint()) == Some("users_email_unique")
}

const USER_COLUMNS: &str = "id, email, given_name, family_name, created_at";
const INVOICE_COLUMNS: &str =
    "id, user_id, amount_minor, currency, status, memo, due_date, created_at";

/// A row of `USER_COLUMNS` as a record; a row the contract's types refuse is `500`.
fn user_record(row: &Row) -> Result<UserRecord, ApiError> {
    let read = || -> Result<UserRecord, String> {
        let id: Uuid = row.try_get(0).map_err(|e| e.to_string())?;
        let email: String = row.try_get(1).map_err(|e| e.to_string())?;
        let given: String = row.try_get(2).map_err(|e| e.to_string())?;
        let family: Option<String> = row.try_get(3).map_err(|e| e.to_string())?;
        Ok(UserRecord {
            id: UserId(id),
            email: Email::new(email).map_err(|e| e.to_string())?,
            given_name: PersonName::new(given).map_err(|e| e.to_string())?,
            family_name: family.map(PersonName::new).transpose().map_err(|e| e.to_string())?,
            created_at: row.try_get::<_, DateTime<Utc>>(4).map_err(|e| e.to_string())?,
        })
    };
    read().map_err(|error| ApiError::internal(format!("a users row does not read back: {error}")))
}

/// A row of `INVOICE_COLUMNS` as a record; a row the contract's types refuse is `500`.
fn invoice_record(row: &Row) -> Result<InvoiceRecord, ApiError> {
    let read = || -> Result<InvoiceRecord, String> {
        let id: Uuid = row.try_get(0).map_err(|e| e.to_string())?;
        let user_id: Uuid = row.try_get(1).map_err(|e| e.to_string())?;
        let amount: i64 = row.try_get(2).map_err(|e| e.to_string())?;
        let currency: String = row.try_get(3).map_err(|e| e.to_string())?;
        let status: String = row.try_get(4).map_err(|e| e.to_string())?;
        let memo: String = row.try_get(5).map_err(|e| e.to_string())?;
        Ok(InvoiceRecord {
            id: InvoiceId(id),
            user_id: UserId(user_id),
            amount: MinorUnits::new(amount).map_err(|e| e.to_string())?,
            currency: from_text(&currency)?,
            status: from_text(&status)?,
            memo: Memo::new(memo).map_err(|e| e.to_string())?,
            due_date: row.try_get::<_, NaiveDate>(6).map_err(|e| e.to_string())?,
            created_at: row.try_get::<_, DateTime<Utc>>(7).map_err(|e| e.to_string())?,
        })
    };
    read()
        .map_err(|error| ApiError::internal(format!("an invoices row does not read back: {error}")))
}

/// A unit enum as the text the API writes it as (`"EUR"`, `"draft"`).
fn to_text<T: serde::Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(text)) => text,
        other => format!("{other:?}"),
    }
}

/// A unit enum from the text the API writes it as.
fn from_text<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, String> {
    serde_json::from_value(serde_json::Value::String(text.to_owned()))
        .map_err(|error| format!("`{text}`: {error}"))
}

/// The filter's status as text, and its user, as query parameters.
fn filter_params(filter: InvoiceFilter) -> (Option<String>, Option<Uuid>) {
    (filter.status.map(|status| to_text(&status)), filter.user_id.map(|user| user.0))
}

/// The invoices' filter, on parameters `$1` (status) and `$2` (user).
const INVOICE_FILTER: &str =
    "($1::text IS NULL OR status = $1::text) AND ($2::uuid IS NULL OR user_id = $2::uuid)";

/// The queries of each operation; [`Store`] below bounds each in time.
impl Postgres {
    async fn create_user(&self, new: NewUserRecord) -> Result<UserRecord, ApiError> {
        let record = UserRecord {
            id: UserId(Uuid::new_v4()),
            email: new.email,
            given_name: new.given_name,
            family_name: new.family_name,
            created_at: super::now(),
        };
        let client = self.client().await?;
        let statement = client
            .prepare_cached(
                "INSERT INTO users (id, email, given_name, family_name, created_at)
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .await
            .map_err(internal)?;
        let family = record.family_name.as_ref().map(PersonName::as_str);
        let inserted = client
            .execute(
                &statement,
                &[
                    &record.id.0,
                    &record.email.as_str(),
                    &record.given_name.as_str(),
                    &family,
                    &record.created_at,
                ],
            )
            .await;
        match inserted {
            Ok(_) => Ok(record),
            Err(error) if is_email_taken(&error) => Err(conflict_email(&record.email)),
            Err(error) => Err(internal(error)),
        }
    }

    async fn user(&self, id: UserId) -> Result<UserRecord, ApiError> {
        let client = self.client().await?;
        let statement = client
            .prepare_cached(&format!(
                "SELECT {USER_COLUMNS} FROM users WHERE id = $1 AND deleted_at IS NULL"
            ))
            .await
            .map_err(internal)?;
        let row = client.query_opt(&statement, &[&id.0]).await.map_err(internal)?;
        user_record(&row.ok_or_else(|| ApiError::not_found("user", id.0))?)
    }

    async fn update_user(&self, id: UserId, change: UserChange) -> Result<UserRecord, ApiError> {
        let mut client = self.client().await?;
        let transaction = client.transaction().await.map_err(internal)?;
        let row = transaction
            .query_opt(
                &format!(
                    "SELECT {USER_COLUMNS} FROM users
                     WHERE id = $1 AND deleted_at IS NULL FOR UPDATE"
                ),
                &[&id.0],
            )
            .await
            .map_err(internal)?;
        let mut record = user_record(&row.ok_or_else(|| ApiError::not_found("user", id.0))?)?;
        if let Some(email) = change.email {
            record.email = email;
        }
        if let Some(given_name) = change.given_name {
            record.given_name = given_name;
        }
        if let Some(family_name) = change.family_name {
            record.family_name = family_name;
        }
        let family = record.family_name.as_ref().map(PersonName::as_str);
        let updated = transaction
            .execute(
                "UPDATE users SET email = $2, given_name = $3, family_name = $4 WHERE id = $1",
                &[&id.0, &record.email.as_str(), &record.given_name.as_str(), &family],
            )
            .await;
        match updated {
            Ok(_) => {}
            Err(error) if is_email_taken(&error) => return Err(conflict_email(&record.email)),
            Err(error) => return Err(internal(error)),
        }
        transaction.commit().await.map_err(internal)?;
        Ok(record)
    }

    async fn delete_user(&self, id: UserId) -> Result<(), ApiError> {
        let mut client = self.client().await?;
        let transaction = client.transaction().await.map_err(internal)?;
        // The row lock orders this delete and any invoice being created for the user.
        let live = transaction
            .query_opt(
                "SELECT 1 FROM users WHERE id = $1 AND deleted_at IS NULL FOR UPDATE",
                &[&id.0],
            )
            .await
            .map_err(internal)?;
        if live.is_none() {
            return Err(ApiError::not_found("user", id.0));
        }
        let has_invoices: bool = transaction
            .query_one("SELECT EXISTS (SELECT 1 FROM invoices WHERE user_id = $1)", &[&id.0])
            .await
            .map_err(internal)?
            .get(0);
        if has_invoices {
            return Err(ApiError::new(
                ErrorCode::CONFLICT,
                format!("the user {} has invoices and cannot be deleted", id.0),
            ));
        }
        transaction
            .execute("UPDATE users SET deleted_at = now() WHERE id = $1", &[&id.0])
            .await
            .map_err(internal)?;
        transaction.commit().await.map_err(internal)
    }

    async fn user_page(
        &self,
        page: u32,
        per_page: u32,
    ) -> Result<(Vec<UserRecord>, u64), ApiError> {
        let client = self.client().await?;
        let offset = i64::from(page.saturating_sub(1)) * i64::from(per_page);
        let rows = client
            .query(
                &format!(
                    "SELECT {USER_COLUMNS} FROM users WHERE deleted_at IS NULL
                     ORDER BY seq LIMIT $1 OFFSET $2"
                ),
                &[&i64::from(per_page), &offset],
            )
            .await
            .map_err(internal)?;
        let total: i64 = client
            .query_one("SELECT count(*) FROM users WHERE deleted_at IS NULL", &[])
            .await
            .map_err(internal)?
            .get(0);
        let users = rows.iter().map(user_record).collect::<Result<_, _>>()?;
        Ok((users, u64::try_from(total).unwrap_or(0)))
    }

    async fn users_after(
        &self,
        cursor: Option<UserId>,
        limit: u32,
    ) -> Result<(Vec<UserRecord>, bool), ApiError> {
        let client = self.client().await?;
        let after: i64 = match cursor {
            // Deleted or not: a deleted user's id still places the page after it.
            Some(id) => client
                .query_opt("SELECT seq FROM users WHERE id = $1", &[&id.0])
                .await
                .map_err(internal)?
                .map(|row| row.get(0))
                .ok_or_else(|| ApiError::not_found("user", id.0))?,
            None => 0,
        };
        let rows = client
            .query(
                &format!(
                    "SELECT {USER_COLUMNS} FROM users WHERE seq > $1 AND deleted_at IS NULL
                     ORDER BY seq LIMIT $2"
                ),
                &[&after, &(i64::from(limit) + 1)],
            )
            .await
            .map_err(internal)?;
        let more = rows.len() > limit as usize;
        let users = rows.iter().take(limit as usize).map(user_record).collect::<Result<_, _>>()?;
        Ok((users, more))
    }

    async fn create_invoice(&self, invoice: InvoiceRecord) -> Result<InvoiceRecord, ApiError> {
        let mut client = self.client().await?;
        let transaction = client.transaction().await.map_err(internal)?;
        // A shared lock on the user: a delete of the same user waits for this to commit.
        let user = transaction
            .query_opt(
                "SELECT 1 FROM users WHERE id = $1 AND deleted_at IS NULL FOR SHARE",
                &[&invoice.user_id.0],
            )
            .await
            .map_err(internal)?;
        if user.is_none() {
            return Err(ApiError::not_found("user", invoice.user_id.0));
        }
        transaction
            .execute(
                "INSERT INTO invoices
                     (id, user_id, amount_minor, currency, status, memo, due_date, created_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                &[
                    &invoice.id.0,
                    &invoice.user_id.0,
                    &invoice.amount.get(),
                    &to_text(&invoice.currency),
                    &to_text(&invoice.status),
                    &invoice.memo.as_str(),
                    &invoice.due_date,
                    &invoice.created_at,
                ],
            )
            .await
            .map_err(internal)?;
        transaction.commit().await.map_err(internal)?;
        Ok(invoice)
    }

    async fn invoice(&self, id: InvoiceId) -> Result<InvoiceRecord, ApiError> {
        let client = self.client().await?;
        let statement = client
            .prepare_cached(&format!("SELECT {INVOICE_COLUMNS} FROM invoices WHERE id = $1"))
            .await
            .map_err(internal)?;
        let row = client.query_opt(&statement, &[&id.0]).await.map_err(internal)?;
        invoice_record(&row.ok_or_else(|| ApiError::not_found("invoice", id.0))?)
    }

    async fn invoice_page(
        &self,
        filter: InvoiceFilter,
        page: u32,
        per_page: u32,
    ) -> Result<(Vec<InvoiceRecord>, u64), ApiError> {
        let client = self.client().await?;
        let (status, user) = filter_params(filter);
        let offset = i64::from(page.saturating_sub(1)) * i64::from(per_page);
        let rows = client
            .query(
                &format!(
                    "SELECT {INVOICE_COLUMNS} FROM invoices WHERE {INVOICE_FILTER}
                     ORDER BY seq LIMIT $3 OFFSET $4"
                ),
                &[&status, &user, &i64::from(per_page), &offset],
            )
            .await
            .map_err(internal)?;
        let total: i64 = client
            .query_one(
                &format!("SELECT count(*) FROM invoices WHERE {INVOICE_FILTER}"),
                &[&status, &user],
            )
            .await
            .map_err(internal)?
            .get(0);
        let invoices = rows.iter().map(invoice_record).collect::<Result<_, _>>()?;
        Ok((invoices, u64::try_from(total).unwrap_or(0)))
    }

    async fn invoices_after(
        &self,
        filter: InvoiceFilter,
        cursor: Option<InvoiceId>,
        limit: u32,
    ) -> Result<(Vec<InvoiceRecord>, bool), ApiError> {
        let client = self.client().await?;
        let after: i64 = match cursor {
            Some(id) => client
                .query_opt("SELECT seq FROM invoices WHERE id = $1", &[&id.0])
                .await
                .map_err(internal)?
                .map(|row| row.get(0))
                .ok_or_else(|| ApiError::not_found("invoice", id.0))?,
            None => 0,
        };
        let (status, user) = filter_params(filter);
        let rows = client
            .query(
                &format!(
                    "SELECT {INVOICE_COLUMNS} FROM invoices WHERE {INVOICE_FILTER} AND seq > $3
                     ORDER BY seq LIMIT $4"
                ),
                &[&status, &user, &after, &(i64::from(limit) + 1)],
            )
            .await
            .map_err(internal)?;
        let more = rows.len() > limit as usize;
        let invoices =
            rows.iter().take(limit as usize).map(invoice_record).collect::<Result<_, _>>()?;
        Ok((invoices, more))
    }

    async fn check(&self) -> Result<(), String> {
        let client = self.pool.get().await.map_err(|error| error.to_string())?;
        client.simple_query("SELECT 1").await.map_err(|error| error.to_string())?;
        Ok(())
    }
}

/// Every operation within [`QUERY_TIMEOUT`]: a database that accepts connections but never
/// answers (a hung server, a lost network) gives `500` instead of a request that hangs. The
/// connection of an operation that ran out of time is verified before it is used again
/// ([`RecyclingMethod::Verified`]) and dropped when it does not answer.
impl Store for Postgres {
    async fn create_user(&self, new: NewUserRecord) -> Result<UserRecord, ApiError> {
        timed(Postgres::create_user(self, new)).await
    }

    async fn user(&self, id: UserId) -> Result<UserRecord, ApiError> {
        timed(Postgres::user(self, id)).await
    }

    async fn update_user(&self, id: UserId, change: UserChange) -> Result<UserRecord, ApiError> {
        timed(Postgres::update_user(self, id, change)).await
    }

    async fn delete_user(&self, id: UserId) -> Result<(), ApiError> {
        timed(Postgres::delete_user(self, id)).await
    }

    async fn user_page(
        &self,
        page: u32,
        per_page: u32,
    ) -> Result<(Vec<UserRecord>, u64), ApiError> {
        timed(Postgres::user_page(self, page, per_page)).await
    }

    async fn users_after(
        &self,
        cursor: Option<UserId>,
        limit: u32,
    ) -> Result<(Vec<UserRecord>, bool), ApiError> {
        timed(Postgres::users_after(self, cursor, limit)).await
    }

    async fn create_invoice(&self, invoice: InvoiceRecord) -> Result<InvoiceRecord, ApiError> {
        timed(Postgres::create_invoice(self, invoice)).await
    }

    async fn invoice(&self, id: InvoiceId) -> Result<InvoiceRecord, ApiError> {
        timed(Postgres::invoice(self, id)).await
    }

    async fn invoice_page(
        &self,
        filter: InvoiceFilter,
        page: u32,
        per_page: u32,
    ) -> Result<(Vec<InvoiceRecord>, u64), ApiError> {
        timed(Postgres::invoice_page(self, filter, page, per_page)).await
    }

    async fn invoices_after(
        &self,
        filter: InvoiceFilter,
        cursor: Option<InvoiceId>,
        limit: u32,
    ) -> Result<(Vec<InvoiceRecord>, bool), ApiError> {
        timed(Postgres::invoices_after(self, filter, cursor, limit)).await
    }

    async fn check(&self) -> Result<(), String> {
        match tokio::time::timeout(QUERY_TIMEOUT, Postgres::check(self)).await {
            Ok(checked) => checked,
            Err(_) => Err(format!("no answer within {} s", QUERY_TIMEOUT.as_secs())),
        }
    }
}

/// `operation`, or `500` when it takes longer than [`QUERY_TIMEOUT`].
async fn timed<T>(operation: impl Future<Output = Result<T, ApiError>>) -> Result<T, ApiError> {
    tokio::time::timeout(QUERY_TIMEOUT, operation).await.unwrap_or_else(|_| {
        Err(ApiError::internal(format!("database: no answer within {} s", QUERY_TIMEOUT.as_secs())))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use contracts::v1::{Currency, InvoiceStatus};

    #[test]
    fn enums_are_stored_as_the_text_the_api_writes() {
        assert_eq!(to_text(&Currency::Eur), "EUR");
        assert_eq!(to_text(&InvoiceStatus::Draft), "draft");
        assert_eq!(from_text::<Currency>("CHF"), Ok(Currency::Chf));
        assert!(from_text::<InvoiceStatus>("paid?").unwrap_err().contains("`paid?`"));
    }

    #[test]
    fn migrations_are_in_version_order_and_named_after_their_files() {
        let versions: Vec<&str> = MIGRATIONS.iter().map(|(version, _)| *version).collect();
        let mut sorted = versions.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(versions, sorted);
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
        let mut files: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        files.sort();
        let named: Vec<String> = versions.iter().map(|v| format!("{v}.sql")).collect();
        assert_eq!(files, named, "every file in migrations/ is in MIGRATIONS, in order");
    }
}
