//! One search index per shop, built on the first search and rebuilt when the catalog
//! changes: at once after an in-process import or edit ([`SearchIndexes::invalidate`],
//! [`SearchIndexes::refresh`]), and within seconds after a change made by another process
//! (a background check of the catalog's stamp), so no search ever waits on a rebuild but
//! the first.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use tokio::sync::OnceCell;

use super::analysis::CatalogLanguage;
use super::catalog::{catalog_stamp, load_catalog, CatalogStamp};
use super::index::CatalogIndex;
use super::{SearchError, SearchHit, SearchQuery};
use crate::db::DbPool;
use crate::nlu::shop_vocabulary::ShopVocabulary;
use crate::shop::Shop;

/// How often a search may trigger a check for changes made outside this process.
const RECHECK_EVERY: Duration = Duration::from_secs(5);

/// The shops' search indexes; cheap to clone (shared).
#[derive(Clone)]
pub struct SearchIndexes {
    inner: Arc<Inner>,
}

struct Inner {
    shops: Mutex<HashMap<i64, Arc<Slot>>>,
    recheck_every: Duration,
}

/// A shop's index, built once by whichever search gets there first.
#[derive(Default)]
struct Slot {
    built: OnceCell<Arc<Built>>,
}

struct Built {
    index: CatalogIndex,
    /// The catalog's words, for telling what a message asks for (`ShopVocabulary`).
    vocabulary: Arc<ShopVocabulary>,
    /// Each indexed product's title and type, by id: what the assistant reads of the products
    /// on screen, without a round trip to the database.
    names: HashMap<i64, (String, String)>,
    stamp: CatalogStamp,
    checked_at: Mutex<Instant>,
    checking: AtomicBool,
}

impl Default for SearchIndexes {
    fn default() -> Self {
        Self::new()
    }
}

impl SearchIndexes {
    pub fn new() -> Self {
        Self::with_recheck_interval(RECHECK_EVERY)
    }

    /// Checks for outside changes at most this often (tests use zero).
    pub fn with_recheck_interval(recheck_every: Duration) -> Self {
        Self {
            inner: Arc::new(Inner {
                shops: Mutex::new(HashMap::new()),
                recheck_every,
            }),
        }
    }

    /// Searches the shop's sellable products, building its index first if needed.
    pub async fn search(
        &self,
        db: &DbPool,
        shop: &Shop,
        q: &SearchQuery,
    ) -> Result<Vec<SearchHit>, SearchError> {
        self.built(db, shop).await?.index.search(q)
    }

    /// The shop's product vocabulary, from the same catalog as its index (built with it).
    pub async fn vocabulary(
        &self,
        db: &DbPool,
        shop: &Shop,
    ) -> Result<Arc<ShopVocabulary>, SearchError> {
        Ok(Arc::clone(&self.built(db, shop).await?.vocabulary))
    }

    /// The title and type of each of `ids` (in that order) that the shop's index holds, as of
    /// its last build; a product it doesn't hold (no longer for sale) is left out.
    pub async fn names(
        &self,
        db: &DbPool,
        shop: &Shop,
        ids: &[i64],
    ) -> Result<Vec<(i64, String, String)>, SearchError> {
        let built = self.built(db, shop).await?;
        Ok(ids
            .iter()
            .filter_map(|id| {
                let (title, product_type) = built.names.get(id)?;
                Some((*id, title.clone(), product_type.clone()))
            })
            .collect())
    }

    /// The shop's index and vocabulary, built first if needed, checked for changes later.
    async fn built(&self, db: &DbPool, shop: &Shop) -> Result<Arc<Built>, SearchError> {
        let slot = self.slot(shop.id);
        let built = slot
            .built
            .get_or_try_init(|| build(db, shop))
            .await?
            .clone();
        self.recheck_later(db, shop, &slot, &built);
        Ok(built)
    }

    /// Forgets the shop's index; the next search rebuilds it. Call after changing its catalog.
    pub async fn invalidate(&self, shop_id: i64) {
        self.shops().remove(&shop_id);
    }

    /// Rebuilds the shop's index now, so the next search doesn't wait for it.
    pub async fn refresh(&self, db: &DbPool, shop: &Shop) -> Result<(), SearchError> {
        let built = build(db, shop).await?;
        self.shops().insert(
            shop.id,
            Arc::new(Slot {
                built: OnceCell::new_with(Some(built)),
            }),
        );
        Ok(())
    }

    fn shops(&self) -> std::sync::MutexGuard<'_, HashMap<i64, Arc<Slot>>> {
        // The map is never left half-updated, so a panic elsewhere doesn't spoil it.
        self.inner
            .shops
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    fn slot(&self, shop_id: i64) -> Arc<Slot> {
        Arc::clone(self.shops().entry(shop_id).or_default())
    }

    /// In the background, rebuilds the index if the catalog changed since it was built. The
    /// new index replaces the old one only if nobody invalidated or refreshed it meanwhile.
    fn recheck_later(&self, db: &DbPool, shop: &Shop, slot: &Arc<Slot>, built: &Arc<Built>) {
        {
            let mut checked_at = built
                .checked_at
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            if checked_at.elapsed() < self.inner.recheck_every
                || built.checking.swap(true, Ordering::AcqRel)
            {
                return;
            }
            *checked_at = Instant::now();
        }
        let (this, db, shop, slot, built) = (
            self.clone(),
            db.clone(),
            shop.clone(),
            Arc::clone(slot),
            Arc::clone(built),
        );
        tokio::spawn(async move {
            let outcome = match catalog_stamp(&db, shop.id).await {
                Ok(stamp) if stamp == built.stamp => Ok(()),
                Ok(_) => build(&db, &shop).await.map(|fresh| {
                    let mut shops = this.shops();
                    if shops
                        .get(&shop.id)
                        .is_some_and(|current| Arc::ptr_eq(current, &slot))
                    {
                        shops.insert(
                            shop.id,
                            Arc::new(Slot {
                                built: OnceCell::new_with(Some(fresh)),
                            }),
                        );
                    }
                }),
                Err(e) => Err(e.into()),
            };
            if let Err(error) = outcome {
                tracing::warn!(shop_id = shop.id, %error, "could not check the search index for catalog changes");
            }
            built.checking.store(false, Ordering::Release);
        });
    }
}

async fn build(db: &DbPool, shop: &Shop) -> Result<Arc<Built>, SearchError> {
    // The stamp is read first: a change racing with the load is then seen by the next check.
    let stamp = catalog_stamp(db, shop.id).await?;
    let products = load_catalog(db, shop.id).await?;
    let language = CatalogLanguage::from_locale(&shop.locale);
    let started = Instant::now();
    let (index, vocabulary, names) = tokio::task::spawn_blocking(move || {
        let vocabulary = ShopVocabulary::build(
            products
                .iter()
                .flat_map(|p| [p.title.as_str(), &p.product_type, &p.vendor]),
            products.iter().flat_map(|p| {
                std::iter::once(p.tags.as_str()).chain(
                    p.variants
                        .iter()
                        .flat_map(|v| v.options.iter().map(String::as_str)),
                )
            }),
        )
        .in_spanish(language == CatalogLanguage::Spanish)
        .with_types(products.iter().map(|p| p.product_type.as_str()))
        .with_descriptions(products.iter().map(|p| p.body_text.as_str()));
        let names = products
            .iter()
            .filter(|p| !p.variants.is_empty())
            .map(|p| (p.id, (p.title.clone(), p.product_type.clone())))
            .collect();
        CatalogIndex::build(&products, language).map(|index| (index, vocabulary, names))
    })
    .await??;
    tracing::info!(
        shop_id = shop.id,
        products = index.len(),
        elapsed_ms = started.elapsed().as_millis() as u64,
        "built the search index"
    );
    Ok(Arc::new(Built {
        index,
        vocabulary: Arc::new(vocabulary),
        names,
        stamp,
        checked_at: Mutex::new(Instant::now()),
        checking: AtomicBool::new(false),
    }))
}
