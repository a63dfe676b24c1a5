//! Rate limits counted in the database, for the limits that protect money and accounts
//! (failed merchant sign-ins, new orders): every instance on the database shares the count,
//! and a restart doesn't reset it. A hit is counted in one statement with the limit check
//! (an insert that selects only while the count is under the limit), so parallel requests on
//! any instance can't all pass while the first are still being checked.

use std::sync::Mutex;
use std::time::{Duration, Instant, SystemTime};

use crate::clock::timestamp;
use crate::db::DbPool;
use crate::error::ApiError;

/// How often a limit deletes the hits that fell out of its window.
const PRUNE_EVERY: Duration = Duration::from_secs(60);

/// At most `limit` hits per key in any `window` (a sliding window), counted in the table
/// `rate_limit_hit` under `bucket`.
pub struct CountedLimit {
    bucket: &'static str,
    limit: u32,
    window: Duration,
    pruned_at: Mutex<Option<Instant>>,
}

impl CountedLimit {
    pub fn new(bucket: &'static str, limit: u32, window: Duration) -> Self {
        Self {
            bucket,
            limit,
            window,
            pruned_at: Mutex::new(None),
        }
    }

    /// Hits allowed per key in a window.
    pub fn limit(&self) -> u32 {
        self.limit
    }

    /// Counts a hit for `key`; `RateLimited` (nothing counted) when the key is at its limit.
    pub async fn check(&self, db: &DbPool, key: &str, now: SystemTime) -> Result<(), ApiError> {
        self.attempt(db, &[key.to_owned()], now).await.map(drop)
    }

    /// Counts an attempt for every key at once, before the attempt is checked. Refused (and
    /// nothing counted) when any key is at its limit. The attempt stays counted (a failure)
    /// unless [`CountedAttempt::succeeded`] takes it back.
    pub async fn attempt(
        &self,
        db: &DbPool,
        keys: &[String],
        now: SystemTime,
    ) -> Result<CountedAttempt, ApiError> {
        match self.try_attempt(db, keys, now).await? {
            Some(attempt) => Ok(attempt),
            None => {
                let mut keys: Vec<&str> = keys.iter().map(String::as_str).collect();
                keys.sort_unstable();
                keys.dedup();
                let since = timestamp(now.checked_sub(self.window).unwrap_or(now));
                Err(ApiError::RateLimited {
                    retry_after_secs: self.retry_after(db, &keys, &since, now).await?,
                })
            }
        }
    }

    /// [`attempt`](Self::attempt) for a caller that only needs to know whether it may go on:
    /// `None` (nothing counted) when any key is at its limit.
    pub async fn try_attempt(
        &self,
        db: &DbPool,
        keys: &[String],
        now: SystemTime,
    ) -> Result<Option<CountedAttempt>, sqlx::Error> {
        let mut keys: Vec<&str> = keys.iter().map(String::as_str).collect();
        keys.sort_unstable();
        keys.dedup();
        if keys.is_empty() {
            return Ok(Some(CountedAttempt { ids: Vec::new() }));
        }
        let since = timestamp(now.checked_sub(self.window).unwrap_or(now));
        // $1 bucket, $2 now, $3 start of the window, $4 limit, $5… the keys.
        let rows = (0..keys.len())
            .map(|i| format!("select ${} as key", i + 5))
            .collect::<Vec<_>>()
            .join(" union all ");
        let under_limit = (0..keys.len())
            .map(|i| {
                format!(
                    "(select count(*) from rate_limit_hit
                       where bucket = $1 and key = ${} and created_at > $3) < $4",
                    i + 5
                )
            })
            .collect::<Vec<_>>()
            .join(" and ");
        let sql = format!(
            "insert into rate_limit_hit (bucket, key, created_at)
             select $1, hit.key, $2 from ({rows}) as hit
              where {under_limit}
             returning id"
        );
        let mut query = sqlx::query_scalar::<_, i64>(&sql)
            .bind(self.bucket)
            .bind(timestamp(now))
            .bind(&since)
            .bind(i64::from(self.limit));
        for key in &keys {
            query = query.bind(*key);
        }
        // One statement counts and inserts; on PostgreSQL two such statements may still both
        // see room, so it runs as a writing transaction (serialised, see `db::begin_write`).
        let mut tx = crate::db::begin_write(db).await?;
        let ids = query.fetch_all(&mut *tx).await?;
        tx.commit().await?;
        if ids.is_empty() {
            return Ok(None);
        }
        self.prune_now_and_then(db, &since).await;
        Ok(Some(CountedAttempt { ids }))
    }

    /// Seconds until every key at its limit has room again: when the oldest hit in its window
    /// leaves it.
    async fn retry_after(
        &self,
        db: &DbPool,
        keys: &[&str],
        since: &str,
        now: SystemTime,
    ) -> Result<u64, sqlx::Error> {
        let mut wait = Duration::ZERO;
        for key in keys {
            let (count, oldest): (i64, Option<String>) = sqlx::query_as(
                "select count(*), min(created_at) from rate_limit_hit
                  where bucket = $1 and key = $2 and created_at > $3",
            )
            .bind(self.bucket)
            .bind(*key)
            .bind(since)
            .fetch_one(db)
            .await?;
            if count < i64::from(self.limit) {
                continue;
            }
            let free_at = oldest
                .and_then(|oldest| oldest.parse::<jiff::Timestamp>().ok())
                .and_then(|oldest| u64::try_from(oldest.as_millisecond()).ok())
                .map(|ms| SystemTime::UNIX_EPOCH + Duration::from_millis(ms) + self.window);
            let until = free_at
                .and_then(|at| at.duration_since(now).ok())
                .unwrap_or(self.window);
            wait = wait.max(until);
        }
        // A parallel request may have counted its hit with a clock reading later than ours:
        // nobody waits longer than one window.
        let wait = wait.min(self.window);
        let secs = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
        Ok(secs.max(1))
    }

    /// Deletes this limit's hits older than its window, at most once a [`PRUNE_EVERY`] per
    /// instance. A failure only leaves old rows for the next time.
    async fn prune_now_and_then(&self, db: &DbPool, since: &str) {
        {
            let mut pruned_at = self
                .pruned_at
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            if pruned_at.is_some_and(|at| at.elapsed() < PRUNE_EVERY) {
                return;
            }
            *pruned_at = Some(Instant::now());
        }
        let pruned =
            sqlx::query("delete from rate_limit_hit where bucket = $1 and created_at <= $2")
                .bind(self.bucket)
                .bind(since)
                .execute(db)
                .await;
        if let Err(error) = pruned {
            tracing::warn!(bucket = self.bucket, %error, "pruning old rate limit hits");
        }
    }
}

/// An attempt counted by [`CountedLimit::attempt`]: it stays counted unless it
/// [succeeded](CountedAttempt::succeeded).
#[derive(Debug)]
#[must_use = "dropping the attempt keeps it counted as a failure"]
pub struct CountedAttempt {
    ids: Vec<i64>,
}

impl CountedAttempt {
    /// Takes the attempt back: it doesn't count against the limit.
    pub async fn succeeded(self, db: &DbPool) -> Result<(), sqlx::Error> {
        for id in self.ids {
            sqlx::query("delete from rate_limit_hit where id = $1")
                .bind(id)
                .execute(db)
                .await?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn database() -> (tempfile::TempDir, DbPool) {
        let dir = tempfile::tempdir().expect("a temp dir");
        let url = format!("sqlite://{}", dir.path().join("limits.db").display());
        let db = crate::db::connect(&url).await.expect("a database");
        (dir, db)
    }

    #[tokio::test]
    async fn an_attempt_counts_until_it_succeeds_and_a_refused_one_counts_nothing() {
        let (_dir, db) = database().await;
        let limiter = CountedLimit::new("test", 2, Duration::from_secs(60));
        let now = SystemTime::now();
        let keys = ["ip".to_owned(), "email".to_owned()];
        drop(limiter.attempt(&db, &keys, now).await.expect("first"));
        limiter
            .attempt(&db, &keys, now)
            .await
            .expect("second")
            .succeeded(&db)
            .await
            .expect("taken back");
        let _held = limiter.attempt(&db, &keys, now).await.expect("still room");
        let refused = limiter.attempt(&db, &keys, now).await;
        assert!(
            matches!(refused, Err(ApiError::RateLimited { retry_after_secs }) if (59..=60).contains(&retry_after_secs)),
            "two failures counted: {refused:?}"
        );
        // Only "ip" is full; a refused attempt leaves "other" uncounted.
        let mixed = ["other".to_owned(), "ip".to_owned()];
        assert!(limiter.attempt(&db, &mixed, now).await.is_err());
        limiter.check(&db, "other", now).await.expect("one");
        limiter.check(&db, "other", now).await.expect("two");
    }

    #[tokio::test]
    async fn hits_leave_the_window_as_it_slides_and_limits_count_apart() {
        let (_dir, db) = database().await;
        let minute = CountedLimit::new("minute", 1, Duration::from_secs(60));
        let other = CountedLimit::new("other", 1, Duration::from_secs(60));
        let t0 = SystemTime::now();
        minute.check(&db, "k", t0).await.expect("first");
        let refused = minute.check(&db, "k", t0 + Duration::from_secs(20)).await;
        assert!(matches!(
            refused,
            Err(ApiError::RateLimited {
                retry_after_secs: 40
            })
        ));
        other.check(&db, "k", t0).await.expect("another limit");
        minute
            .check(&db, "k", t0 + Duration::from_secs(61))
            .await
            .expect("the first hit left the window");
    }
}
