//! Shops: the public key a widget names its shop by, the origins allowed to use it, and the
//! shop's public settings.

pub mod delivery;

use std::fmt;

use shopchat_protocol::Currency;

use crate::db::DbPool;
use crate::error::ApiError;
use crate::links::Links;

/// The key of the demo shop created on first run.
pub const DEMO_SHOP_KEY: &str = "demo";

/// A shop's public key as written in `data-shop`: 3–64 of `A-Z a-z 0-9 _ -`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShopKey(String);

impl ShopKey {
    pub fn parse(text: &str) -> Result<Self, ApiError> {
        let ok = (3..=64).contains(&text.len())
            && text
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
        if ok {
            Ok(Self(text.to_owned()))
        } else {
            Err(ApiError::UnknownShop)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ShopKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// An origin (`scheme://host[:port]`, no path), normalised to lower case without a default port.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AllowedOrigin(String);

impl AllowedOrigin {
    pub fn parse(text: &str) -> Option<Self> {
        let text = text.trim().trim_end_matches('/').to_ascii_lowercase();
        let (scheme, rest) = text.split_once("://")?;
        if !matches!(scheme, "http" | "https")
            || rest.is_empty()
            || rest.contains(['/', '?', '#', '@', ' '])
        {
            return None;
        }
        let rest = match (scheme, rest.rsplit_once(':')) {
            ("http", Some((host, "80"))) | ("https", Some((host, "443"))) => host.to_owned(),
            (_, Some((_, port))) if port.parse::<u16>().is_err() => return None,
            _ => rest.to_owned(),
        };
        Some(Self(format!("{scheme}://{rest}")))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A shop as the widget API needs it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Shop {
    pub id: i64,
    pub public_key: String,
    pub name: String,
    pub allowed_origins: String,
    pub locale: String,
    pub currency: String,
    pub greeting: Option<String>,
    pub product_url_template: String,
}

const SHOP_COLUMNS: &str =
    "id, public_key, name, allowed_origins, locale, currency, greeting, product_url_template";

impl Shop {
    pub async fn by_key(db: &DbPool, key: &ShopKey) -> Result<Shop, ApiError> {
        let sql = format!("select {SHOP_COLUMNS} from shop where public_key = $1");
        sqlx::query_as::<_, Shop>(&sql)
            .bind(key.as_str())
            .fetch_optional(db)
            .await?
            .ok_or(ApiError::UnknownShop)
    }

    /// The columns [`Shop`] is read from, each prefixed with `alias.` (for a join).
    pub fn columns(alias: &str) -> String {
        SHOP_COLUMNS
            .split(", ")
            .map(|column| format!("{alias}.{column}"))
            .collect::<Vec<_>>()
            .join(", ")
    }

    pub async fn by_id(db: &DbPool, id: i64) -> Result<Shop, ApiError> {
        let sql = format!("select {SHOP_COLUMNS} from shop where id = $1");
        sqlx::query_as::<_, Shop>(&sql)
            .bind(id)
            .fetch_optional(db)
            .await?
            .ok_or(ApiError::UnknownShop)
    }

    pub fn currency(&self) -> Currency {
        Currency::parse(&self.currency)
            .unwrap_or_else(|| Currency::parse("USD").expect("USD is valid"))
    }

    pub fn origins(&self) -> Vec<AllowedOrigin> {
        serde_json::from_str::<Vec<String>>(&self.allowed_origins)
            .unwrap_or_default()
            .iter()
            .filter_map(|o| AllowedOrigin::parse(o))
            .collect()
    }

    /// Refuses a browser request from a site the shop hasn't allowed. The server's own origin
    /// (demo storefront, merchant preview) is always allowed. Requests without an `Origin`
    /// header come from outside a browser, where origins can't be enforced anyway.
    pub fn check_origin(
        &self,
        own_origins: &[AllowedOrigin],
        origin: Option<&str>,
    ) -> Result<(), ApiError> {
        let Some(origin) = origin else {
            return Ok(());
        };
        let origin = AllowedOrigin::parse(origin).ok_or(ApiError::OriginNotAllowed)?;
        if own_origins.contains(&origin) || self.origins().contains(&origin) {
            Ok(())
        } else {
            Err(ApiError::OriginNotAllowed)
        }
    }

    /// The shopper-facing link to a product.
    pub fn product_url(&self, links: &Links, handle: &str) -> String {
        links.absolute(&self.product_url_template.replace("{handle}", handle))
    }
}

/// True when some shop allows this origin (used to answer CORS preflights, which name no shop).
pub async fn origin_allowed_anywhere(
    db: &DbPool,
    own_origins: &[AllowedOrigin],
    origin: &AllowedOrigin,
) -> Result<bool, ApiError> {
    if own_origins.contains(origin) {
        return Ok(true);
    }
    let rows: Vec<(String,)> = sqlx::query_as("select allowed_origins from shop")
        .fetch_all(db)
        .await?;
    Ok(rows.iter().any(|(json,)| {
        serde_json::from_str::<Vec<String>>(json)
            .unwrap_or_default()
            .iter()
            .any(|o| AllowedOrigin::parse(o).as_ref() == Some(origin))
    }))
}

/// Bumps the shop's catalog version, in the transaction that changes its catalog: every
/// instance's search index rebuilds when the version it was built from is no longer current
/// (see `catalog::search::registry`).
pub async fn bump_catalog_version(
    tx: &mut crate::db::DbConn,
    shop_id: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("update shop set catalog_version = catalog_version + 1 where id = $1")
        .bind(shop_id)
        .execute(tx)
        .await?;
    Ok(())
}

/// After a unit of a variant was sold or put back: bumps the catalog version when the
/// variant's stock now sits where it may have crossed zero (0 or 1 left), which is when the
/// search index's "in stock" changes; other stock moves leave the index alone.
pub async fn stock_moved(
    tx: &mut crate::db::DbConn,
    shop_id: i64,
    variant_id: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "update shop set catalog_version = catalog_version + 1
          where id = $1 and exists (select 1 from variant
                                     where id = $2 and shop_id = $1 and inventory_qty in (0, 1))",
    )
    .bind(shop_id)
    .bind(variant_id)
    .execute(tx)
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shop_keys_are_short_and_plain() {
        assert!(ShopKey::parse("demo").is_ok());
        assert!(ShopKey::parse("sc_pk-123").is_ok());
        assert!(ShopKey::parse("x").is_err());
        assert!(ShopKey::parse("../etc").is_err());
        assert!(ShopKey::parse(&"a".repeat(65)).is_err());
    }

    #[test]
    fn origins_are_normalised_and_paths_refused() {
        let o = |s| AllowedOrigin::parse(s).map(|o| o.as_str().to_owned());
        assert_eq!(
            o("HTTPS://Shop.Example/"),
            Some("https://shop.example".into())
        );
        assert_eq!(
            o("https://shop.example:443"),
            Some("https://shop.example".into())
        );
        assert_eq!(
            o("http://127.0.0.1:8080"),
            Some("http://127.0.0.1:8080".into())
        );
        assert_eq!(o("https://shop.example/path"), None);
        assert_eq!(o("ftp://shop.example"), None);
        assert_eq!(o("null"), None);
        assert_eq!(o("https://shop.example:99999"), None);
    }
}
