//! The database side of sealing. At start-up [`prepare`] finds the key every sealed secret
//! opens with (finishing a rotation a crash interrupted), refuses a key that doesn't open
//! them, and seals what is still plain text: an older database's secrets, and those the
//! `shop` triggers generate for a new shop. [`rotate`] re-seals everything with a new key.
//! Each runs in one transaction, so the database is never sealed with two keys at once.

use std::io::Write;
use std::path::Path;

use anyhow::{bail, Context};
use secrecy::ExposeSecret;

use super::key_file::{self, KeySource};
use super::{is_sealed, SealingKey, SecretColumn};
use crate::db::{self, DbPool, DbTx};

/// One stored secret: a non-null secret column of a shop.
struct Stored {
    shop_id: i64,
    column: SecretColumn,
    value: String,
}

/// Every secret in the database.
async fn load_all(tx: &mut DbTx) -> Result<Vec<Stored>, sqlx::Error> {
    type Row = (
        i64,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
    );
    let rows: Vec<Row> = sqlx::query_as(
        "select id, stripe_secret_key, stripe_webhook_secret, llm_api_key, identity_secret,
                notify_secret, shopify_admin_token
         from shop order by id",
    )
    .fetch_all(&mut **tx)
    .await?;
    Ok(rows
        .into_iter()
        .flat_map(|(shop_id, a, b, c, d, e, f)| {
            SecretColumn::ALL
                .into_iter()
                .zip([a, b, c, d, e, f])
                .filter_map(move |(column, value)| {
                    value.map(|value| Stored {
                        shop_id,
                        column,
                        value,
                    })
                })
        })
        .collect())
}

/// How many sealed secrets this key does not open.
fn unopened(key: &SealingKey, stored: &[Stored]) -> usize {
    stored
        .iter()
        .filter(|s| is_sealed(&s.value) && !key.opens(s.shop_id, s.column, &s.value))
        .count()
}

/// Writes secrets sealed with `to`, opening sealed ones with `from`: every one, or only the
/// plain ones (empty ones become null). Returns how many were written.
async fn reseal(
    tx: &mut DbTx,
    stored: &[Stored],
    from: &SealingKey,
    to: &SealingKey,
    only_plain: bool,
) -> anyhow::Result<usize> {
    let mut written = 0;
    for s in stored {
        if only_plain && is_sealed(&s.value) {
            continue;
        }
        let plain = from.open(s.shop_id, s.column, &s.value)?;
        // An empty secret is no secret: stored as null, like one never set.
        let sealed = Some(plain.expose_secret())
            .filter(|p| !p.trim().is_empty())
            .map(|p| to.seal(s.shop_id, s.column, p));
        // The column name comes from `SecretColumn`, never from input.
        sqlx::query(&format!(
            "update shop set {} = $1 where id = $2",
            s.column.name()
        ))
        .bind(sealed)
        .bind(s.shop_id)
        .execute(&mut **tx)
        .await?;
        written += 1;
    }
    Ok(written)
}

/// What to do with a rotation's leftover new key once the database is settled.
enum Leftover {
    None,
    /// The database is sealed with it: it becomes the key.
    Promote,
    /// The database was never sealed with it.
    Discard,
}

/// The key this server seals and opens secrets with, after checking it opens every sealed
/// secret in the database and sealing the plain ones. `SECRET_KEY` (`secret_key`) wins;
/// otherwise the key file in `data_dir`, created on first run. A key that does not open every
/// sealed secret stops the start with a message saying so, and changes nothing.
pub async fn prepare(
    secret_key: Option<&SealingKey>,
    data_dir: &Path,
    pool: &DbPool,
) -> anyhow::Result<SealingKey> {
    let mut tx = db::begin_write(pool).await.context("sealing secrets")?;
    let stored = load_all(&mut tx)
        .await
        .context("reading the shops' secrets")?;
    let sealed = stored.iter().filter(|s| is_sealed(&s.value)).count();
    let dir = data_dir;
    let (key, source, leftover) = match secret_key {
        Some(key) => {
            let unopened = unopened(key, &stored);
            if unopened > 0 {
                let mut message = wrong_key(unopened, sealed, key, &KeySource::Setting);
                if key_file::key_path(dir).exists() {
                    message.push_str(&format!(
                        " (SECRET_KEY is set, so {} is not used)",
                        key_file::key_path(dir).display()
                    ));
                }
                bail!(message);
            }
            (key.clone(), KeySource::Setting, Leftover::None)
        }
        None => from_files(dir, &stored, sealed)?,
    };
    let sealed_now = reseal(&mut tx, &stored, &key, &key, true).await?;
    tx.commit().await.context("sealing secrets")?;
    match leftover {
        Leftover::None => {}
        Leftover::Promote => {
            key_file::promote_next(dir)?;
            tracing::info!(key = key.id(), "finished an interrupted key rotation");
        }
        Leftover::Discard => key_file::discard_next(dir)?,
    }
    if sealed_now > 0 {
        scrub(pool).await;
    }
    tracing::info!(key = key.id(), %source, sealed_now, "shop secrets are sealed at rest");
    Ok(key)
}

/// The key from the key files: the key, or a rotation's new key when the database is sealed
/// with it; a new key file when the database holds nothing sealed yet.
fn from_files(
    dir: &std::path::Path,
    stored: &[Stored],
    sealed: usize,
) -> anyhow::Result<(SealingKey, KeySource, Leftover)> {
    let (path, next_path) = (key_file::key_path(dir), key_file::next_key_path(dir));
    let current = key_file::read(&path)?;
    let next = key_file::read(&next_path)?;
    if let Some(current) = &current {
        if unopened(current, stored) == 0 {
            let leftover = match next {
                Some(_) => Leftover::Discard,
                None => Leftover::None,
            };
            return Ok((current.clone(), KeySource::File(path), leftover));
        }
    }
    if let Some(next) = next {
        let unopened = unopened(&next, stored);
        if unopened == 0 {
            return Ok((next, KeySource::File(path), Leftover::Promote));
        }
        if current.is_none() {
            bail!(wrong_key(
                unopened,
                sealed,
                &next,
                &KeySource::File(next_path)
            ));
        }
    }
    match current {
        Some(current) => bail!(wrong_key(
            unopened(&current, stored),
            sealed,
            &current,
            &KeySource::File(path)
        )),
        None if sealed == 0 => {
            let (key, text) = SealingKey::generate();
            key_file::create(&path, &text)?;
            tracing::info!(path = %path.display(), key = key.id(), "created the key file that seals the shops' secrets");
            Ok((key, KeySource::File(path), Leftover::None))
        }
        None => bail!(
            "the database holds {sealed} sealed secrets but there is no key file at {}: \
             restore the key file from your backup, or set SECRET_KEY to the key they were \
             sealed with",
            path.display()
        ),
    }
}

fn wrong_key(unopened: usize, sealed: usize, key: &SealingKey, source: &KeySource) -> String {
    format!(
        "{unopened} of the {sealed} sealed secrets in the database do not open with the secret \
         key from {source} (key id {}): it is not the key they were sealed with. Start with the \
         right SECRET_KEY or key file; nothing was changed",
        key.id()
    )
}

/// `shopchat rotate-secret-key`: re-seals every secret with a new key in one transaction.
/// With a key file, the new key is written to `secret.key.next` first and renamed over
/// `secret.key` once the database is sealed with it (a crash in between is finished at the
/// next start). With `SECRET_KEY`, the new key is written to `out` before the change is
/// committed, for the operator to put in the environment. Run it with the server stopped:
/// a running server keeps the old key.
pub async fn rotate(
    secret_key: Option<&SealingKey>,
    data_dir: &Path,
    pool: &DbPool,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let old = prepare(secret_key, data_dir, pool).await?;
    let (new, text) = SealingKey::generate();
    let dir = data_dir;
    let in_file = secret_key.is_none();
    if in_file {
        key_file::create(&key_file::next_key_path(dir), &text)?;
    }
    let resealed = async {
        let mut tx = db::begin_write(pool).await?;
        let stored = load_all(&mut tx).await?;
        let count = reseal(&mut tx, &stored, &old, &new, false).await?;
        let shops: i64 = sqlx::query_scalar("select count(*) from shop")
            .fetch_one(&mut *tx)
            .await?;
        if !in_file {
            writeln!(
                out,
                "New SECRET_KEY (shown only now; the old key stops working once this command \
                 says it is done):\n{}",
                text.expose_secret()
            )?;
            out.flush()?;
        }
        anyhow::Ok((tx, count, shops))
    }
    .await;
    let (tx, count, shops) = match resealed {
        Ok(done) => done,
        Err(e) => {
            // Nothing was committed: the database still uses the old key.
            if in_file {
                key_file::discard_next(dir)?;
            }
            return Err(e.context("re-sealing the secrets (nothing was changed)"));
        }
    };
    tx.commit().await.context(
        "committing the re-sealed secrets: the next start finds out which key the database uses",
    )?;
    if in_file {
        key_file::promote_next(dir)?;
        writeln!(
            out,
            "Re-sealed {count} secrets of {shops} shops with a new key (id {}), saved in {}. \
             The old key no longer opens them.",
            new.id(),
            key_file::key_path(dir).display()
        )?;
    } else {
        writeln!(
            out,
            "Done: re-sealed {count} secrets of {shops} shops with the new key (id {}). Set \
             SECRET_KEY to it before the server starts again; the old key no longer opens them.",
            new.id()
        )?;
    }
    tracing::info!(
        old = old.id(),
        new = new.id(),
        count,
        "rotated the secret key"
    );
    scrub(pool).await;
    Ok(())
}

/// Leaves no earlier copy of a secret in the database files: the plain text a value had before
/// it was sealed, or its sealing with a retired key. On SQLite `vacuum` rebuilds the file
/// without its free space, where an overwritten value lingers; a truncating checkpoint then
/// empties the write-ahead log, which holds earlier versions of pages. On PostgreSQL
/// `vacuum full shop` rewrites the one table secrets are kept in without its dead rows (its
/// write-ahead log is the server's, recycled on its own schedule). The secrets are sealed either way, so a failure
/// is only logged.
async fn scrub(pool: &DbPool) {
    let scrubbed = async {
        match crate::db::Backend::of(pool) {
            crate::db::Backend::Sqlite => {
                sqlx::query("vacuum").execute(pool).await?;
                sqlx::query("pragma wal_checkpoint(truncate)")
                    .execute(pool)
                    .await
            }
            crate::db::Backend::Postgres => sqlx::query("vacuum full shop").execute(pool).await,
        }
    }
    .await;
    if let Err(e) = scrubbed {
        tracing::warn!(error = %e, "the database file could not be compacted: earlier copies of secrets may remain in its free space");
    }
}
