//! The database: one pool type for the whole server, connected and migrated at start-up.
//! SQLite is the embedded default; the SQL is kept portable for PostgreSQL later: placeholders
//! are numbered (`$1`), and the time a statement needs comes from [`now`] or [`ago`], bound as a
//! value, rather than from an SQL function only one engine knows.

use std::str::FromStr;
use std::time::{Duration, SystemTime};

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

/// The current time as the database stores it: UTC text `2026-12-04T20:21:13.123Z`, which sorts
/// as text in time order. Bind it instead of asking the database for its clock.
pub fn now() -> String {
    crate::clock::timestamp(SystemTime::now())
}

/// The time `span` ago, as the database stores it (see [`now`]).
pub fn ago(span: Duration) -> String {
    let now = SystemTime::now();
    crate::clock::timestamp(now.checked_sub(span).unwrap_or(SystemTime::UNIX_EPOCH))
}

/// The time `span` from now, as the database stores it (see [`now`]).
pub fn from_now(span: Duration) -> String {
    crate::clock::timestamp(SystemTime::now() + span)
}

/// `count` numbered placeholders from `$first` on, comma-separated (`$3, $4, $5`): an `in (…)`
/// list for values bound after the `first - 1` ones before it.
pub fn placeholders(first: usize, count: usize) -> String {
    (first..first + count)
        .map(|n| format!("${n}"))
        .collect::<Vec<_>>()
        .join(", ")
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

#[cfg(test)]
mod tests {
    use super::*;

    fn is_stored_format(t: &str) -> bool {
        let b = t.as_bytes();
        b.len() == 24
            && b.iter().enumerate().all(|(i, c)| match i {
                4 | 7 => *c == b'-',
                10 => *c == b'T',
                13 | 16 => *c == b':',
                19 => *c == b'.',
                23 => *c == b'Z',
                _ => c.is_ascii_digit(),
            })
    }

    #[test]
    fn times_are_utc_text_with_milliseconds() {
        for t in [
            now(),
            ago(Duration::from_secs(90)),
            from_now(Duration::from_secs(90)),
        ] {
            assert!(is_stored_format(&t), "{t}");
        }
    }

    #[test]
    fn times_sort_as_text_in_time_order() {
        let before = ago(Duration::from_secs(15 * 60));
        let current = now();
        let after = from_now(Duration::from_secs(60));
        assert!(before < current, "{before} < {current}");
        assert!(current < after, "{current} < {after}");
        assert!(ago(Duration::from_secs(2 * 86_400)) < ago(Duration::from_secs(86_400)));
    }

    #[test]
    fn a_span_longer_than_the_epoch_stops_at_1970() {
        assert_eq!(
            ago(Duration::from_secs(u64::MAX / 2)),
            "1970-01-01T00:00:00.000Z"
        );
    }

    #[test]
    fn placeholders_are_numbered_from_the_first() {
        assert_eq!(placeholders(3, 3), "$3, $4, $5");
        assert_eq!(placeholders(1, 1), "$1");
        assert_eq!(placeholders(2, 0), "");
    }
}
