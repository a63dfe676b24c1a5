//! A latency histogram in microseconds, shared by every task through atomic counters: exact
//! below 1,024 µs, then 512 buckets per power of two (a bucket is at most 0.2 % wide), up to
//! 2^32 µs (about 71 minutes; longer values count in the last bucket). Percentiles are
//! nearest-rank and report their bucket's upper bound, so they never understate.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

const SUB_BITS: u32 = 9;
const SUB: u64 = 1 << SUB_BITS; // 512
const EXACT: u64 = SUB * 2; // values below 1,024 µs have a bucket each
const MAX_BITS: u32 = 32;
const BUCKETS: usize = (EXACT + (MAX_BITS - SUB_BITS - 1) as u64 * SUB) as usize;

pub struct Histogram {
    counts: Vec<AtomicU64>,
    total: AtomicU64,
    max: AtomicU64,
    sum: AtomicU64,
}

impl Default for Histogram {
    fn default() -> Self {
        Self::new()
    }
}

impl Histogram {
    pub fn new() -> Self {
        Self {
            counts: (0..BUCKETS).map(|_| AtomicU64::new(0)).collect(),
            total: AtomicU64::new(0),
            max: AtomicU64::new(0),
            sum: AtomicU64::new(0),
        }
    }

    pub fn record(&self, latency: Duration) {
        let micros = u64::try_from(latency.as_micros()).unwrap_or(u64::MAX);
        self.record_micros(micros);
    }

    pub fn record_micros(&self, micros: u64) {
        self.counts[index_of(micros)].fetch_add(1, Ordering::Relaxed);
        self.total.fetch_add(1, Ordering::Relaxed);
        self.max.fetch_max(micros, Ordering::Relaxed);
        self.sum.fetch_add(micros, Ordering::Relaxed);
    }

    pub fn count(&self) -> u64 {
        self.total.load(Ordering::Relaxed)
    }

    /// The largest value recorded, exact.
    pub fn max_micros(&self) -> u64 {
        self.max.load(Ordering::Relaxed)
    }

    pub fn mean_micros(&self) -> u64 {
        self.sum
            .load(Ordering::Relaxed)
            .checked_div(self.count())
            .unwrap_or(0)
    }

    /// The `p`-th percentile (0 < p ≤ 100) by nearest rank: the upper bound of the bucket
    /// holding the ⌈p/100 · n⌉-th smallest value, never above the exact maximum. 0 when empty.
    pub fn percentile_micros(&self, p: f64) -> u64 {
        let n = self.count();
        if n == 0 {
            return 0;
        }
        let rank = ((p / 100.0) * n as f64).ceil().clamp(1.0, n as f64) as u64;
        let mut seen = 0;
        for (i, count) in self.counts.iter().enumerate() {
            seen += count.load(Ordering::Relaxed);
            if seen >= rank {
                return upper_bound(i).min(self.max_micros());
            }
        }
        self.max_micros()
    }
}

fn index_of(micros: u64) -> usize {
    if micros < EXACT {
        return micros as usize;
    }
    let micros = micros.min((1u64 << MAX_BITS) - 1);
    let exponent = 63 - micros.leading_zeros(); // ≥ 10
    let shift = exponent - SUB_BITS; // ≥ 1
    let mantissa = micros >> shift; // in [512, 1024)
    (EXACT + (shift as u64 - 1) * SUB + (mantissa - SUB)) as usize
}

fn upper_bound(index: usize) -> u64 {
    let index = index as u64;
    if index < EXACT {
        return index;
    }
    let shift = (index - EXACT) / SUB + 1;
    let mantissa = (index - EXACT) % SUB + SUB;
    ((mantissa + 1) << shift) - 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_values_are_exact() {
        let h = Histogram::new();
        for v in 1..=100 {
            h.record_micros(v);
        }
        assert_eq!(h.count(), 100);
        assert_eq!(h.percentile_micros(50.0), 50);
        assert_eq!(h.percentile_micros(99.0), 99);
        assert_eq!(h.percentile_micros(100.0), 100);
        assert_eq!(h.max_micros(), 100);
        assert_eq!(h.mean_micros(), 50);
    }

    #[test]
    fn large_values_are_within_a_fifth_of_a_percent_and_never_understated() {
        let h = Histogram::new();
        // 1 ms … 1,000 ms in 1 ms steps.
        for ms in 1..=1000u64 {
            h.record_micros(ms * 1000);
        }
        for (p, exact) in [
            (50.0, 500_000u64),
            (90.0, 900_000),
            (99.0, 990_000),
            (99.9, 999_000),
        ] {
            let got = h.percentile_micros(p);
            assert!(got >= exact, "p{p}: {got} < {exact}");
            assert!(
                (got - exact) as f64 <= exact as f64 * 0.002,
                "p{p}: {got} vs {exact}"
            );
        }
        assert_eq!(h.percentile_micros(100.0), 1_000_000);
    }

    #[test]
    fn every_value_lands_in_a_bucket_that_holds_it() {
        for v in [
            0u64,
            1,
            1023,
            1024,
            1025,
            2047,
            2048,
            123_456,
            9_999_999,
            (1 << 32) - 1,
        ] {
            let i = index_of(v);
            assert!(i < BUCKETS, "{v} → {i}");
            assert!(upper_bound(i) >= v, "{v}: bound {}", upper_bound(i));
            if i > 0 {
                assert!(
                    upper_bound(i - 1) < v,
                    "{v}: previous bound {}",
                    upper_bound(i - 1)
                );
            }
        }
        // Beyond the range: the last bucket.
        assert_eq!(index_of(u64::MAX), BUCKETS - 1);
    }

    #[test]
    fn empty_is_zero() {
        let h = Histogram::new();
        assert_eq!(h.percentile_micros(99.0), 0);
        assert_eq!(h.mean_micros(), 0);
    }
}
