//! The database a test runs on: a fresh SQLite file by default, or, when
//! `SHOPCHAT_TEST_POSTGRES` names a PostgreSQL database (`scripts/test.sh` starts one and runs
//! the integration tests a second time with it), a fresh schema of that database. Each test gets
//! its own, so tests run side by side without seeing each other's rows.

use std::path::Path;

use shopchat_server::db::DbPool;
use sqlx::{Connection, Executor};

/// The variable naming the PostgreSQL database the tests run on.
pub const POSTGRES_VARIABLE: &str = "SHOPCHAT_TEST_POSTGRES";

/// A database for one test, and the URL the server connects to it with.
pub struct TestDatabase {
    pub url: String,
}

impl TestDatabase {
    /// A new, empty database: an SQLite file in `dir`, or a new PostgreSQL schema.
    pub async fn create(dir: &Path) -> TestDatabase {
        match postgres() {
            Some(admin) => {
                let schema = format!("t{:016x}", rand::random::<u64>());
                sqlx::any::install_default_drivers();
                let mut conn = sqlx::AnyConnection::connect(&admin)
                    .await
                    .unwrap_or_else(|e| panic!("{POSTGRES_VARIABLE} ({admin}) answers: {e}"));
                conn.execute(format!("create schema {schema}").as_str())
                    .await
                    .expect("a new schema");
                conn.close().await.ok();
                let separator = if admin.contains('?') { '&' } else { '?' };
                TestDatabase {
                    url: format!("{admin}{separator}options=-csearch_path%3D{schema}"),
                }
            }
            None => TestDatabase {
                url: format!("sqlite://{}", dir.join("test.db").display()),
            },
        }
    }

    /// Connects to it and runs the migrations, as the server does at start.
    pub async fn connect(&self) -> DbPool {
        shopchat_server::db::connect(&self.url)
            .await
            .expect("the test database opens")
    }
}

/// The PostgreSQL database the tests run on, if any.
pub fn postgres() -> Option<String> {
    std::env::var(POSTGRES_VARIABLE)
        .ok()
        .filter(|url| !url.is_empty())
}

/// True when the tests run on PostgreSQL.
pub fn on_postgres() -> bool {
    postgres().is_some()
}

/// Puts an app on an SQLite file in its data directory whatever the run's database: for the
/// tests about SQLite's own files.
pub fn on_sqlite(settings: &mut shopchat_server::Settings) {
    settings.database_url = format!("sqlite://{}", settings.data_dir.join("test.db").display());
}
