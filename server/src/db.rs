//! The database: one pool type for the whole server, connected and migrated at start-up.
//! SQLite is the embedded default; the SQL is kept portable for PostgreSQL later.

use std::str::FromStr;
use std::time::Duration;

use anyhow::Context;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};

/// The pool every query goes through.
pub type DbPool = sqlx::SqlitePool;

/// A transaction on the pool.
pub type DbTx = sqlx::Transaction<'static, sqlx::Sqlite>;

/// Starts a transaction that will write. SQLite needs `BEGIN IMMEDIATE` for it: a deferred
/// transaction that reads first and writes later fails at once with `SQLITE_BUSY` when another
/// writer got in between, whereas an immediate one queues on the busy timeout. Concurrent
/// money-moving changes (two shoppers, one last unit) then run one after the other.
pub async fn begin_write(pool: &DbPool) -> Result<DbTx, sqlx::Error> {
    pool.begin_with("BEGIN IMMEDIATE").await
}

/// Connects (creating the SQLite file and its directory on first run) and runs migrations.
/// A URL for any other database (`postgres://…`, a bare path) is refused before anything is
/// created: SQLite would otherwise take it for a file name.
pub async fn connect(url: &str) -> anyhow::Result<DbPool> {
    let pool = open(url).await?;
    run_migrations(&pool).await?;
    Ok(pool)
}

/// What [`migrate`] did.
#[derive(Debug, Clone)]
pub struct MigrationReport {
    /// The database file did not exist before.
    pub created: bool,
    /// The migrations applied now, as `version description`, oldest first.
    pub applied: Vec<String>,
    /// Every migration the database has now.
    pub total: usize,
}

impl std::fmt::Display for MigrationReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.created {
            writeln!(f, "Created the database.")?;
        }
        if self.applied.is_empty() {
            write!(f, "The schema is up to date ({} migrations).", self.total)
        } else {
            writeln!(f, "Applied {} migrations:", self.applied.len())?;
            for migration in &self.applied {
                writeln!(f, "  {migration}")?;
            }
            write!(f, "The schema is up to date ({} migrations).", self.total)
        }
    }
}

/// Connects (creating the SQLite file on first run), runs the migrations not yet applied and
/// says which they were.
pub async fn migrate(url: &str) -> anyhow::Result<MigrationReport> {
    let existed = sqlite_file(url).is_some_and(|file| file.exists());
    let pool = open(url).await?;
    let before = applied_versions(&pool).await?;
    run_migrations(&pool).await?;
    let after = applied_versions(&pool).await?;
    let migrator = sqlx::migrate!("./migrations");
    let applied = migrator
        .iter()
        .filter(|m| after.contains(&m.version) && !before.contains(&m.version))
        .map(|m| format!("{} {}", m.version, m.description))
        .collect();
    pool.close().await;
    Ok(MigrationReport {
        created: !existed,
        applied,
        total: after.len(),
    })
}

/// The file of an SQLite URL.
fn sqlite_file(url: &str) -> Option<std::path::PathBuf> {
    SqliteConnectOptions::from_str(url)
        .ok()
        .map(|options| options.get_filename().to_path_buf())
}

/// Versions of the migrations applied so far (none in a new database).
async fn applied_versions(pool: &DbPool) -> anyhow::Result<Vec<i64>> {
    let table: Option<String> = sqlx::query_scalar(
        "select name from sqlite_master where type = 'table' and name = '_sqlx_migrations'",
    )
    .fetch_optional(pool)
    .await?;
    if table.is_none() {
        return Ok(Vec::new());
    }
    Ok(
        sqlx::query_scalar("select version from _sqlx_migrations where success order by version")
            .fetch_all(pool)
            .await?,
    )
}

async fn run_migrations(pool: &DbPool) -> anyhow::Result<()> {
    sqlx::migrate!("./migrations")
        .run(pool)
        .await
        .context("running migrations")
}

/// Opens the database, creating the file and its directory when missing, without migrating.
async fn open(url: &str) -> anyhow::Result<DbPool> {
    if !url.starts_with("sqlite:") {
        let scheme = url.split_once("://").map_or("", |(scheme, _)| scheme);
        anyhow::bail!(
            "DATABASE_URL {:?} is not a database this build can use: {}; give sqlite://PATH",
            redact(url),
            if scheme.is_empty() {
                "it has no scheme".to_owned()
            } else {
                format!("{scheme}:// is not supported")
            }
        );
    }
    let options = SqliteConnectOptions::from_str(url)
        .with_context(|| format!("invalid DATABASE_URL {url:?}"))?
        .create_if_missing(true)
        .foreign_keys(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal)
        .busy_timeout(Duration::from_secs(5));
    if let Some(dir) = options.get_filename().parent() {
        if !dir.as_os_str().is_empty() {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("creating the data directory {}", dir.display()))?;
        }
    }
    let pool = SqlitePoolOptions::new()
        .max_connections(8)
        .connect_with(options)
        .await
        .with_context(|| format!("opening the database {url:?}"))?;
    Ok(pool)
}

/// The migrations this build carries that the database has not applied (successfully), as
/// `version description`, oldest first: what `shopchat migrate` would apply. `/readyz` fails
/// while any are pending.
pub async fn pending_migrations(pool: &DbPool) -> anyhow::Result<Vec<String>> {
    let applied = applied_versions(pool).await?;
    Ok(sqlx::migrate!("./migrations")
        .iter()
        .filter(|m| !m.migration_type.is_down_migration())
        .filter(|m| !applied.contains(&m.version))
        .map(|m| format!("{} {}", m.version, m.description))
        .collect())
}

/// True when the database answers a trivial query.
pub async fn is_ready(pool: &DbPool) -> bool {
    sqlx::query_scalar::<_, i64>("select 1")
        .fetch_one(pool)
        .await
        .is_ok()
}

/// The URL without a password (`postgres://user:secret@host` → `postgres://user:…@host`).
fn redact(url: &str) -> String {
    match url.split_once("://") {
        Some((scheme, rest)) => match rest.split_once('@') {
            Some((credentials, host)) => match credentials.split_once(':') {
                Some((user, _)) => format!("{scheme}://{user}:…@{host}"),
                None => url.to_owned(),
            },
            None => url.to_owned(),
        },
        None => url.to_owned(),
    }
}
