//! The database: one pool type for the whole server, connected and migrated at start-up.
//! SQLite (`sqlite://PATH`) is the embedded default; PostgreSQL (`postgres://…`) serves several
//! instances on one database. Both go through sqlx's `Any` driver, so every query is written
//! once: placeholders are numbered (`$1`), integers are 64-bit, flags are 0/1 integers, and the
//! time a statement needs comes from [`now`] or [`ago`], bound as a value, rather than from an
//! SQL function only one engine knows. Each engine has its own migrations
//! (`migrations/sqlite`, `migrations/postgres`), with the same versions.

use std::str::FromStr;
use std::time::{Duration, SystemTime};

use anyhow::Context;
use sqlx::any::AnyPoolOptions;
use sqlx::migrate::Migrator;
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::Executor as _;

/// The pool every query goes through.
pub type DbPool = sqlx::AnyPool;

/// A transaction on the pool.
pub type DbTx = sqlx::Transaction<'static, sqlx::Any>;

/// A connection of the pool (a transaction dereferences to one).
pub type DbConn = sqlx::AnyConnection;

/// Anything a query can run on: the pool, a connection, a transaction.
pub trait Executor<'e>: sqlx::Executor<'e, Database = sqlx::Any> {}
impl<'e, T: sqlx::Executor<'e, Database = sqlx::Any>> Executor<'e> for T {}

/// A yes/no column. Flags are stored as 0/1 integers in both engines (so SQL compares them
/// with `= 1` everywhere); a flag computed by an expression (`x is not null as set`) is an
/// integer in SQLite and a boolean in PostgreSQL. `Flag` reads all of them; it binds as 0/1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Flag(pub bool);

impl From<Flag> for bool {
    fn from(flag: Flag) -> bool {
        flag.0
    }
}

impl sqlx::Type<sqlx::Any> for Flag {
    fn type_info() -> sqlx::any::AnyTypeInfo {
        <i64 as sqlx::Type<sqlx::Any>>::type_info()
    }

    fn compatible(ty: &sqlx::any::AnyTypeInfo) -> bool {
        use sqlx::any::AnyTypeInfoKind as Kind;
        matches!(
            ty.kind(),
            Kind::Bool | Kind::SmallInt | Kind::Integer | Kind::BigInt
        )
    }
}

impl<'r> sqlx::Decode<'r, sqlx::Any> for Flag {
    fn decode(value: sqlx::any::AnyValueRef<'r>) -> Result<Self, sqlx::error::BoxDynError> {
        use sqlx::ValueRef as _;
        if value.type_info().kind() == sqlx::any::AnyTypeInfoKind::Bool {
            <bool as sqlx::Decode<sqlx::Any>>::decode(value).map(Flag)
        } else {
            <i64 as sqlx::Decode<sqlx::Any>>::decode(value).map(|n| Flag(n != 0))
        }
    }
}

impl<'q> sqlx::Encode<'q, sqlx::Any> for Flag {
    fn encode_by_ref(
        &self,
        buf: &mut <sqlx::Any as sqlx::Database>::ArgumentBuffer<'q>,
    ) -> Result<sqlx::encode::IsNull, sqlx::error::BoxDynError> {
        <i64 as sqlx::Encode<sqlx::Any>>::encode(i64::from(self.0), buf)
    }
}

/// The engine behind a pool.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    /// The engine a URL names, if this build serves it.
    pub fn of_url(url: &str) -> Option<Backend> {
        if url.starts_with("sqlite:") {
            Some(Backend::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Some(Backend::Postgres)
        } else {
            None
        }
    }

    /// The engine of a pool.
    pub fn of(pool: &DbPool) -> Backend {
        match pool.connect_options().database_url.scheme() {
            "sqlite" => Backend::Sqlite,
            _ => Backend::Postgres,
        }
    }

    fn migrator(self) -> &'static Migrator {
        static SQLITE: Migrator = sqlx::migrate!("./migrations/sqlite");
        static POSTGRES: Migrator = sqlx::migrate!("./migrations/postgres");
        match self {
            Backend::Sqlite => &SQLITE,
            Backend::Postgres => &POSTGRES,
        }
    }
}

/// The lock every writing transaction takes on PostgreSQL (an advisory lock held until commit):
/// the equivalent of SQLite's one writer at a time, across every instance on the database.
const WRITE_LOCK: i64 = 0x5348_4f50_4348_4154; // "SHOPCHAT"

/// Starts a transaction that will write, serialised with every other one. SQLite needs
/// `BEGIN IMMEDIATE` for it: a deferred transaction that reads first and writes later fails at
/// once with `SQLITE_BUSY` when another writer got in between, whereas an immediate one queues
/// on the busy timeout. PostgreSQL takes a transaction-scoped advisory lock, which queues the
/// same way across instances. Concurrent money-moving changes (two shoppers, one last unit) then
/// run one after the other: each reads what the one before it committed.
pub async fn begin_write(pool: &DbPool) -> Result<DbTx, sqlx::Error> {
    match Backend::of(pool) {
        Backend::Sqlite => pool.begin_with("BEGIN IMMEDIATE").await,
        Backend::Postgres => {
            let mut tx = pool.begin().await?;
            sqlx::query("select pg_advisory_xact_lock($1)")
                .bind(WRITE_LOCK)
                .execute(&mut *tx)
                .await?;
            Ok(tx)
        }
    }
}

/// This process among the instances sharing the database: random, fixed for its lifetime.
pub fn instance_id() -> &'static str {
    static ID: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    ID.get_or_init(|| format!("{:016x}", rand::random::<u64>()))
}

/// Takes or renews this instance's lease on a background job for `span`: true when this
/// instance holds it now and should run the job's pass, false when another instance holds a
/// lease that has not run out. One statement, so two instances can't both win.
pub async fn take_lease(pool: &DbPool, job: &str, span: Duration) -> Result<bool, sqlx::Error> {
    take_lease_as(pool, job, instance_id(), span).await
}

async fn take_lease_as(
    pool: &DbPool,
    job: &str,
    holder: &str,
    span: Duration,
) -> Result<bool, sqlx::Error> {
    let taken: Option<String> = sqlx::query_scalar(
        "insert into job_lease (job, holder, expires_at) values ($1, $2, $3)
         on conflict (job) do update set holder = excluded.holder, expires_at = excluded.expires_at
         where job_lease.holder = excluded.holder or job_lease.expires_at < $4
         returning job",
    )
    .bind(job)
    .bind(holder)
    .bind(from_now(span))
    .bind(now())
    .fetch_optional(pool)
    .await?;
    Ok(taken.is_some())
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

/// A migrated SQLite database in memory, for unit tests: one connection that never closes, as
/// an in-memory database lives as long as its connection.
#[cfg(test)]
pub async fn in_memory() -> anyhow::Result<DbPool> {
    sqlx::any::install_default_drivers();
    let pool = AnyPoolOptions::new()
        .max_connections(1)
        .idle_timeout(None)
        .max_lifetime(None)
        .connect("sqlite::memory:")
        .await?;
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
    let existed = sqlite_file(url).is_none_or(|file| file.exists());
    let pool = open(url).await?;
    let before = applied_versions(&pool).await?;
    run_migrations(&pool).await?;
    let after = applied_versions(&pool).await?;
    let applied = Backend::of(&pool)
        .migrator()
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

/// The file of an SQLite URL (none for other databases).
fn sqlite_file(url: &str) -> Option<std::path::PathBuf> {
    if Backend::of_url(url) != Some(Backend::Sqlite) {
        return None;
    }
    SqliteConnectOptions::from_str(url)
        .ok()
        .map(|options| options.get_filename().to_path_buf())
}

/// Versions of the migrations applied so far (none in a new database).
async fn applied_versions(pool: &DbPool) -> anyhow::Result<Vec<i64>> {
    let exists = match Backend::of(pool) {
        Backend::Sqlite => {
            "select count(*) from sqlite_master where type = 'table' and name = '_sqlx_migrations'"
        }
        Backend::Postgres => {
            "select count(*) from information_schema.tables
             where table_schema = current_schema() and table_name = '_sqlx_migrations'"
        }
    };
    let tables: i64 = sqlx::query_scalar(exists).fetch_one(pool).await?;
    if tables == 0 {
        return Ok(Vec::new());
    }
    Ok(
        sqlx::query_scalar("select version from _sqlx_migrations where success order by version")
            .fetch_all(pool)
            .await?,
    )
}

async fn run_migrations(pool: &DbPool) -> anyhow::Result<()> {
    Backend::of(pool)
        .migrator()
        .run(pool)
        .await
        .context("running migrations")
}

/// Opens the database without migrating. An SQLite file and its directory are created when
/// missing, and every connection gets the write-ahead log, foreign keys and a busy timeout.
async fn open(url: &str) -> anyhow::Result<DbPool> {
    sqlx::any::install_default_drivers();
    let Some(backend) = Backend::of_url(url) else {
        let scheme = url.split_once("://").map_or("", |(scheme, _)| scheme);
        anyhow::bail!(
            "DATABASE_URL {:?} is not a database this build can use: {}; give sqlite://PATH or \
             postgres://USER@HOST/DATABASE",
            redact(url),
            if scheme.is_empty() {
                "it has no scheme".to_owned()
            } else {
                format!("{scheme}:// is not supported")
            }
        );
    };
    let options = match backend {
        Backend::Sqlite => {
            let file = sqlite_file(url).with_context(|| format!("invalid DATABASE_URL {url:?}"))?;
            if let Some(dir) = file.parent() {
                if !dir.as_os_str().is_empty() {
                    std::fs::create_dir_all(dir).with_context(|| {
                        format!("creating the data directory {}", dir.display())
                    })?;
                }
            }
            // `mode=rwc` creates the file (unless the URL chose a mode); the pragmas below set
            // what SQLite leaves off.
            let url = if url.contains("mode=") || url.contains(":memory:") {
                url.to_owned()
            } else {
                let separator = if url.contains('?') { '&' } else { '?' };
                format!("{url}{separator}mode=rwc")
            };
            AnyPoolOptions::new()
                .max_connections(8)
                .after_connect(|conn, _| {
                    Box::pin(async move {
                        conn.execute(
                            "pragma journal_mode = wal; pragma synchronous = normal; \
                             pragma foreign_keys = on; pragma busy_timeout = 5000;",
                        )
                        .await
                        .map(|_| ())
                    })
                })
                .connect(&url)
                .await
        }
        Backend::Postgres => {
            AnyPoolOptions::new()
                .max_connections(8)
                .after_connect(|conn, _| {
                    Box::pin(async move { conn.execute("set time zone 'UTC'").await.map(|_| ()) })
                })
                .connect(url)
                .await
        }
    };
    options.with_context(|| format!("opening the database {:?}", redact(url)))
}

/// The migrations this build carries that the database has not applied (successfully), as
/// `version description`, oldest first: what `shopchat migrate` would apply. `/readyz` fails
/// while any are pending.
pub async fn pending_migrations(pool: &DbPool) -> anyhow::Result<Vec<String>> {
    let applied = applied_versions(pool).await?;
    Ok(Backend::of(pool)
        .migrator()
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

    #[tokio::test]
    async fn one_instance_holds_a_job_until_its_lease_runs_out() {
        let db = in_memory().await.expect("a database");
        let minute = Duration::from_secs(60);
        assert!(take_lease_as(&db, "expiry", "a", minute).await.unwrap());
        assert!(!take_lease_as(&db, "expiry", "b", minute).await.unwrap());
        assert!(
            take_lease_as(&db, "expiry", "a", minute).await.unwrap(),
            "renewed"
        );
        assert!(
            take_lease_as(&db, "refunds", "b", minute).await.unwrap(),
            "another job"
        );
        // A lease that has run out goes to whoever asks next.
        assert!(take_lease_as(&db, "notify", "a", minute).await.unwrap());
        sqlx::query("update job_lease set expires_at = $1 where job = 'notify'")
            .bind(ago(minute))
            .execute(&db)
            .await
            .unwrap();
        assert!(take_lease_as(&db, "notify", "b", minute).await.unwrap());
        assert!(!take_lease_as(&db, "notify", "a", minute).await.unwrap());
    }

    #[test]
    fn placeholders_are_numbered_from_the_first() {
        assert_eq!(placeholders(3, 3), "$3, $4, $5");
        assert_eq!(placeholders(1, 1), "$1");
        assert_eq!(placeholders(2, 0), "");
    }
}
