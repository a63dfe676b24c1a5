//! The `shopchat` command as a merchant or operator runs it.

use std::process::Command;

fn shopchat(data_dir: &std::path::Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_shopchat"));
    command
        .env_clear()
        .env("DATA_DIR", data_dir)
        .env("RUST_LOG", "error");
    command
}

#[test]
fn help_lists_every_setting_with_its_default() {
    let dir = tempfile::tempdir().unwrap();
    let output = shopchat(dir.path()).arg("--help").output().unwrap();
    assert!(output.status.success());
    let help = String::from_utf8(output.stdout).unwrap();
    for (setting, default) in [
        ("PORT", "8080"),
        ("HOST", "127.0.0.1"),
        ("DATABASE_URL", "sqlite://DATA_DIR/shopchat.db"),
        ("PUBLIC_URL", "http://HOST:PORT"),
        ("DATA_DIR", "data"),
        ("PUBLIC_DIR", "public"),
        ("WIDGET_DIR", "dist/widget"),
        ("DEMO_SHOP", "true"),
        ("LOG_FORMAT", "compact"),
        ("SHOPCHAT_CONFIG", ""),
        ("LLM_BASE_URL", "https://api.openai.com/v1"),
        ("LLM_MODEL", "gpt-4o-mini"),
        ("LLM_API_KEY", ""),
        ("LLM_TIMEOUT_SECS", "20"),
        ("STRIPE_SECRET_KEY", ""),
        ("STRIPE_PUBLISHABLE_KEY", ""),
        ("STRIPE_WEBHOOK_SECRET", ""),
        ("STRIPE_API_BASE", "https://api.stripe.com/"),
        ("SECRET_KEY", "DATA_DIR/secret.key"),
        ("OUTBOUND_ALLOW", ""),
        ("ORDER_LIMIT_PER_CLIENT", "60"),
        ("ORDER_LIMIT_PER_CONVERSATION", "10"),
        ("MESSAGE_LIMIT_PER_CONVERSATION", "30"),
        ("CONVERSATION_LIMIT_PER_CLIENT", "60"),
        ("STREAM_LIMIT_PER_CLIENT", "16"),
        ("EVENT_LIMIT_PER_CONVERSATION", "60"),
        ("SIGN_IN_FAILURE_LIMIT", "5"),
        ("ORDER_PROOF_FAILURE_LIMIT", "5"),
        ("TRUSTED_PROXIES", ""),
        ("NO_JOBS", "false"),
    ] {
        assert!(
            help.contains(&format!("env: {setting}")),
            "--help names {setting}:\n{help}"
        );
        assert!(
            help.contains(default),
            "--help gives {setting}'s default {default}"
        );
    }
}

#[test]
fn help_gives_each_limit_its_own_default() {
    let dir = tempfile::tempdir().unwrap();
    let output = shopchat(dir.path()).arg("--help").output().unwrap();
    let help = String::from_utf8(output.stdout).unwrap();
    for (setting, default) in [
        ("ORDER_LIMIT_PER_CLIENT", "[default: 60]"),
        ("ORDER_LIMIT_PER_CONVERSATION", "[default: 10]"),
        ("MESSAGE_LIMIT_PER_CONVERSATION", "[default: 30]"),
        ("CONVERSATION_LIMIT_PER_CLIENT", "[default: 60]"),
        ("STREAM_LIMIT_PER_CLIENT", "[default: 16]"),
        ("EVENT_LIMIT_PER_CONVERSATION", "[default: 60]"),
        ("SIGN_IN_FAILURE_LIMIT", "[default: 5]"),
        ("ORDER_PROOF_FAILURE_LIMIT", "[default: 5]"),
        ("NO_JOBS", "[default: false]"),
    ] {
        let line = help
            .lines()
            .find(|line| line.contains(&format!("env: {setting}=")))
            .unwrap_or_else(|| panic!("--help names {setting}:\n{help}"));
        assert!(line.contains(default), "{setting}: {line}");
    }
}

#[test]
fn migrate_creates_the_database_applies_the_migrations_once_and_exits() {
    let dir = tempfile::tempdir().unwrap();
    let output = shopchat(dir.path()).arg("migrate").output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(dir.path().join("shopchat.db").exists());
    assert!(stdout.contains("Created the database."), "{stdout}");
    assert!(stdout.contains("Applied "), "{stdout}");
    assert!(stdout.contains("The schema is up to date"), "{stdout}");

    let again = shopchat(dir.path()).arg("migrate").output().unwrap();
    let stdout = String::from_utf8_lossy(&again.stdout);
    assert!(again.status.success(), "{stdout}");
    assert!(!stdout.contains("Created"), "{stdout}");
    assert!(
        !stdout.contains("Applied"),
        "nothing left to apply: {stdout}"
    );
    assert!(stdout.contains("The schema is up to date"), "{stdout}");
}

#[test]
fn help_never_shows_a_secret_from_the_environment() {
    let dir = tempfile::tempdir().unwrap();
    let output = shopchat(dir.path())
        .env("LLM_API_KEY", "sk-very-secret")
        .env("STRIPE_SECRET_KEY", "sk-very-secret")
        .env("STRIPE_WEBHOOK_SECRET", "sk-very-secret")
        .arg("--help")
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&output.stdout).contains("sk-very-secret"));
}

#[test]
fn import_catalog_reports_imported_and_skipped_rows_with_line_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("catalog.csv");
    std::fs::write(
        &csv,
        "Handle,Title,Body (HTML),Vendor,Type,Tags,Published,Option1 Name,Option1 Value,Variant Price\n\
         trail-cap,Trail Cap,<p>Light cap</p>,Acme,Hat,summer,true,Title,Default Title,19.00\n\
         broken-mug,Broken Mug,,Acme,Mug,,true,Title,Default Title,not-a-price\n\
         rain-shell,Rain Shell,<p>Packable<script>alert(1)</script></p>,Acme,Jacket,rain,true,Size,M,89.50\n",
    )
    .unwrap();

    let output = shopchat(dir.path())
        .args(["import-catalog", csv.to_str().unwrap(), "--shop", "demo"])
        .output()
        .unwrap();

    let report = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{report}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        report.contains("line 3"),
        "the bad row is named by its line: {report}"
    );
    assert!(report.contains("not-a-price"), "with its reason: {report}");
}

#[test]
fn import_catalog_into_an_unknown_shop_fails_clearly() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("catalog.csv");
    std::fs::write(&csv, "Handle,Title,Variant Price\ncap,Cap,1.00\n").unwrap();

    let output = shopchat(dir.path())
        .args([
            "import-catalog",
            csv.to_str().unwrap(),
            "--shop",
            "nope-shop",
        ])
        .output()
        .unwrap();

    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("no shop has the key"));
}

#[test]
fn a_database_url_it_cannot_serve_fails_at_start_and_creates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    // A PostgreSQL server that isn't there: start fails, saying which database it couldn't
    // open, without its password.
    let output = shopchat(dir.path())
        .current_dir(dir.path())
        .env(
            "DATABASE_URL",
            "postgres://shop:hunter2@127.0.0.1:1/shopchat",
        )
        .env("PORT", "0")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "{stderr}");
    assert!(
        stderr.contains("opening the database \"postgres://shop:…@127.0.0.1:1/shopchat\""),
        "{stderr}"
    );
    assert!(!stderr.contains("hunter2"), "the password is not printed");
    for url in ["mysql://shop:hunter2@db.internal/shopchat", "shopchat.db"] {
        let output = shopchat(dir.path())
            .current_dir(dir.path())
            .env("DATABASE_URL", url)
            .env("PORT", "0")
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!output.status.success(), "{url}: {stderr}");
        assert!(
            stderr.contains("is not a database this build can use"),
            "{url}: {stderr}"
        );
        assert!(!stderr.contains("hunter2"), "the password is not printed");
    }
    let created: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|name| name != "secret.key")
        .collect();
    assert!(created.is_empty(), "no database file appeared: {created:?}");
}
