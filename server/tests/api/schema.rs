//! The two engines' migrations give one schema: the same tables, with the same columns in the
//! same order, of corresponding types and nullability. Runs on the PostgreSQL run of the tests
//! (`scripts/test.sh` sets `SHOPCHAT_TEST_POSTGRES`); an SQLite-only run says it skips.

use shopchat_test_support as support;

type SqliteColumn = (i64, String, String, i64, Option<String>, i64);

#[tokio::test]
async fn postgres_and_sqlite_migrations_give_the_same_tables_and_columns() {
    if !support::database::on_postgres() {
        println!(
            "skipped: {} is not set (scripts/test.sh runs this on PostgreSQL)",
            support::database::POSTGRES_VARIABLE
        );
        return;
    }
    let dir = tempfile::tempdir().expect("a temp dir");
    let postgres = support::database::TestDatabase::create(dir.path())
        .await
        .connect()
        .await;
    let sqlite = shopchat_server::db::connect(&format!(
        "sqlite://{}",
        dir.path().join("schema.db").display()
    ))
    .await
    .expect("an SQLite database");

    // information_schema's names are of PostgreSQL's `name` type, which sqlx's Any driver
    // doesn't read: the queries cast them to text.
    let tables: Vec<String> = sqlx::query_scalar(
        "select name from sqlite_master where type = 'table'
         and name not like 'sqlite_%' and name != '_sqlx_migrations' order by name",
    )
    .fetch_all(&sqlite)
    .await
    .expect("SQLite's tables");
    let pg_tables: Vec<String> = sqlx::query_scalar(
        "select table_name::text from information_schema.tables
         where table_schema = current_schema() and table_type = 'BASE TABLE'
           and table_name != '_sqlx_migrations' order by table_name",
    )
    .fetch_all(&postgres)
    .await
    .expect("PostgreSQL's tables");
    assert_eq!(pg_tables, tables);
    assert!(tables.len() > 20, "{tables:?}");

    for table in &tables {
        let columns: Vec<SqliteColumn> = sqlx::query_as(&format!("pragma table_info({table})"))
            .fetch_all(&sqlite)
            .await
            .expect("SQLite's columns");
        let expected: Vec<(String, String, bool)> = columns
            .into_iter()
            .map(|(_, name, kind, not_null, _, key)| {
                let kind = match kind.to_ascii_lowercase().as_str() {
                    "integer" => "bigint",
                    "text" => "text",
                    "blob" => "bytea",
                    "real" => "double precision",
                    other => panic!("{table}.{name}: a type with no PostgreSQL twin: {other}"),
                };
                // A primary key can't be null in PostgreSQL, whatever SQLite reports.
                (name, kind.to_owned(), not_null == 1 || key > 0)
            })
            .collect();
        let actual: Vec<(String, String, String)> = sqlx::query_as(
            "select column_name::text, data_type::text, is_nullable::text
             from information_schema.columns
             where table_schema = current_schema() and table_name = $1
             order by ordinal_position",
        )
        .bind(table)
        .fetch_all(&postgres)
        .await
        .expect("PostgreSQL's columns");
        let actual: Vec<(String, String, bool)> = actual
            .into_iter()
            .map(|(name, kind, nullable)| (name, kind, nullable == "NO"))
            .collect();
        assert_eq!(actual, expected, "table {table}");
    }
}
