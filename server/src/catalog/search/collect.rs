//! The collector: for each matching document it picks the variant that satisfies the
//! filters (dropping the product when none does) and keeps the best `limit` in the order
//! asked for, in a bounded heap, so a broad query over 100k products stays cheap.

use std::cmp::Ordering;
use std::collections::BinaryHeap;
use std::sync::Arc;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::{DocAddress, DocId, Score, SegmentOrdinal, SegmentReader};

use super::schema::ORD;
use super::tables::{Tables, VariantFilter};
use super::SortOrder;

/// A product that made it: where its document is, and the variant it shows.
#[derive(Debug, Clone, Copy)]
pub(super) struct Ranked {
    pub doc: DocAddress,
    pub score: Score,
    pub product_id: i64,
    pub variant_id: i64,
    pub price_minor: i64,
    in_stock: bool,
    ord: u32,
    sort: SortOrder,
}

impl Ranked {
    /// `Less` when `self` comes first in the results.
    fn rank(&self, other: &Self) -> Ordering {
        let by_score = other.score.total_cmp(&self.score);
        let by_price = self.price_minor.cmp(&other.price_minor);
        let ties = other
            .in_stock
            .cmp(&self.in_stock)
            .then(by_price)
            .then(self.ord.cmp(&other.ord));
        match self.sort {
            SortOrder::Relevance => by_score.then(ties),
            SortOrder::PriceAsc => by_price.then(by_score).then(self.ord.cmp(&other.ord)),
            SortOrder::PriceDesc => by_price
                .reverse()
                .then(by_score)
                .then(self.ord.cmp(&other.ord)),
        }
    }
}

// The heap's greatest element is the worst hit kept, the one to drop first.
impl Ord for Ranked {
    fn cmp(&self, other: &Self) -> Ordering {
        self.rank(other)
    }
}

impl PartialOrd for Ranked {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Ranked {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Ranked {}

pub(super) struct HitCollector {
    pub tables: Arc<Tables>,
    pub filter: Arc<VariantFilter>,
    pub sort: SortOrder,
    pub limit: usize,
}

impl Collector for HitCollector {
    type Fruit = Vec<Ranked>;
    type Child = HitSegmentCollector;

    fn for_segment(
        &self,
        segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<HitSegmentCollector> {
        Ok(HitSegmentCollector {
            segment,
            ords: reader.fast_fields().u64(ORD)?,
            tables: Arc::clone(&self.tables),
            filter: Arc::clone(&self.filter),
            sort: self.sort,
            limit: self.limit,
            heap: BinaryHeap::with_capacity(self.limit + 1),
        })
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    fn merge_fruits(&self, segments: Vec<Vec<Ranked>>) -> tantivy::Result<Vec<Ranked>> {
        let mut all: Vec<Ranked> = segments.into_iter().flatten().collect();
        all.sort();
        all.truncate(self.limit);
        Ok(all)
    }
}

pub(super) struct HitSegmentCollector {
    segment: SegmentOrdinal,
    ords: Column<u64>,
    tables: Arc<Tables>,
    filter: Arc<VariantFilter>,
    sort: SortOrder,
    limit: usize,
    heap: BinaryHeap<Ranked>,
}

impl SegmentCollector for HitSegmentCollector {
    type Fruit = Vec<Ranked>;

    fn collect(&mut self, doc: DocId, score: Score) {
        // Relevance is score first: a lower score can't displace anything once full.
        if self.sort == SortOrder::Relevance
            && self.heap.len() >= self.limit
            && self.heap.peek().is_none_or(|worst| score < worst.score)
        {
            return;
        }
        let Some(ord) = self.ords.first(doc).and_then(|o| u32::try_from(o).ok()) else {
            return;
        };
        let Some(product) = self.tables.products.get(ord as usize) else {
            return;
        };
        let Some(variant) = self.filter.choose(&self.tables, product) else {
            return;
        };
        let hit = Ranked {
            doc: DocAddress::new(self.segment, doc),
            score,
            product_id: product.product_id,
            variant_id: variant.id,
            price_minor: variant.price_minor,
            in_stock: variant.in_stock,
            ord,
            sort: self.sort,
        };
        self.heap.push(hit);
        if self.heap.len() > self.limit {
            self.heap.pop();
        }
    }

    fn harvest(self) -> Vec<Ranked> {
        self.heap.into_sorted_vec()
    }
}
