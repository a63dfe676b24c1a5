//! PostgreSQL over TLS: `scripts/test.sh` runs the PostgreSQL pass of these tests with
//! `sslmode=verify-full` against the local cluster's own certificate authority, so every query
//! of that pass is encrypted and the server's certificate checked. These tests check that it
//! really is, and that a certificate no trusted authority signed is refused. An SQLite-only
//! run, or a PostgreSQL run without TLS, says it skips.

use shopchat_test_support as support;
use sqlx::Connection;

/// The test database's URL when it asks for a verified TLS connection.
fn verified_url() -> Option<String> {
    let Some(url) = support::database::postgres() else {
        println!(
            "skipped: {} is not set (scripts/test.sh runs this on PostgreSQL)",
            support::database::POSTGRES_VARIABLE
        );
        return None;
    };
    if !url.contains("sslmode=verify-full") || !url.contains("sslrootcert=") {
        println!("skipped: the PostgreSQL URL asks for no verified TLS (scripts/test.sh does)");
        return None;
    }
    Some(url)
}

#[tokio::test]
async fn the_connection_is_encrypted_with_a_verified_certificate() {
    let Some(_) = verified_url() else { return };
    let dir = tempfile::tempdir().expect("a temp dir");
    let pool = support::database::TestDatabase::create(dir.path())
        .await
        .connect()
        .await;

    let (ssl, version): (String, String) = sqlx::query_as(
        "select ssl::text, coalesce(version, '') from pg_stat_ssl where pid = pg_backend_pid()",
    )
    .fetch_one(&pool)
    .await
    .expect("the connection's TLS state");
    assert_eq!(ssl, "true", "the server sees a plain connection");
    assert!(version.starts_with("TLS"), "{version}");
}

#[tokio::test]
async fn a_server_certificate_no_trusted_authority_signed_is_refused() {
    let Some(url) = verified_url() else { return };
    // The same server, checked against the public roots only: its authority is unknown there.
    let (base, query) = url.split_once('?').expect("a query");
    let kept: Vec<&str> = query
        .split('&')
        .filter(|p| !p.starts_with("sslrootcert="))
        .collect();
    let untrusted = format!("{base}?{}", kept.join("&"));
    sqlx::any::install_default_drivers();

    let error = match sqlx::AnyConnection::connect(&untrusted).await {
        Ok(_) => panic!("an unverifiable certificate was accepted"),
        Err(error) => error,
    };
    let said = error.to_string().to_lowercase();
    assert!(
        said.contains("certificate") || said.contains("tls") || said.contains("unknown"),
        "{said}"
    );

    // And the server is refused before any migration or query: nothing was created.
    let served = shopchat_server::db::connect(&untrusted).await;
    assert!(served.is_err());
}
