//! Buying through the store's own cart: the shop's buying mode (in the chat, the store's cart,
//! or both) and the cart URL template of stores whose cart takes a URL.

use shopchat_protocol::BuyingMode;

use crate::db::DbPool;
use crate::error::ApiError;

/// Longest cart URL template accepted.
const MAX_TEMPLATE_LEN: usize = 500;

/// A cart URL such as `https://shop.example/cart/add?id={variant}&qty={qty}`: http(s), with
/// `{variant}` or `{sku}`; `{qty}` and `{handle}` are optional.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CartUrlTemplate(String);

impl CartUrlTemplate {
    /// The template, or what is wrong with it in words for the merchant.
    pub fn parse(text: &str) -> Result<Self, &'static str> {
        let text = text.trim();
        let lower = text.to_ascii_lowercase();
        let after_scheme = lower
            .strip_prefix("https://")
            .or_else(|| lower.strip_prefix("http://"));
        let Some(rest) = after_scheme else {
            return Err("Enter a web address starting with https:// or http://.");
        };
        let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
        if host.is_empty() || host.contains('{') || text.contains(char::is_whitespace) {
            return Err("Enter a web address with the shop's domain, e.g. https://shop.example/cart/add?id={variant}&qty={qty}.");
        }
        if text.len() > MAX_TEMPLATE_LEN {
            return Err("The cart URL is longer than 500 characters.");
        }
        if !(text.contains("{variant}") || text.contains("{sku}")) {
            return Err("Put {variant} or {sku} where the item goes, e.g. https://shop.example/cart/add?id={variant}&qty={qty}.");
        }
        let mut unknown = text.match_indices('{').map(|(i, _)| &text[i..]);
        if unknown.any(|from| {
            !["{variant}", "{sku}", "{qty}", "{handle}"]
                .iter()
                .any(|p| from.starts_with(p))
        }) {
            return Err("Only {variant}, {sku}, {qty} and {handle} can be filled in.");
        }
        Ok(Self(text.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// How a shop sells, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShopBuying {
    pub mode: BuyingMode,
    pub cart_url_template: Option<String>,
}

impl ShopBuying {
    pub async fn load(db: &DbPool, shop_id: i64) -> Result<Self, ApiError> {
        let (mode, cart_url_template): (String, Option<String>) =
            sqlx::query_as("select buying_mode, cart_url_template from shop where id = $1")
                .bind(shop_id)
                .fetch_optional(db)
                .await?
                .ok_or(ApiError::UnknownShop)?;
        Ok(Self {
            mode: BuyingMode::parse(&mode).unwrap_or_default(),
            cart_url_template,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cart_url_template_is_a_web_address_naming_the_item() {
        let ok = |t: &str| CartUrlTemplate::parse(t).is_ok();
        assert!(ok("https://shop.example/cart/add?id={variant}&qty={qty}"));
        assert!(ok("http://shop.example/cart/{sku}"));
        assert!(ok("https://shop.example/p/{handle}?add={variant}"));
        assert!(!ok("https://shop.example/cart"), "no item");
        assert!(!ok("ftp://shop.example/{variant}"));
        assert!(!ok("shop.example/cart/{variant}"));
        assert!(
            !ok("https://{variant}.example/"),
            "the item can't be the host"
        );
        assert!(!ok("https:///cart/{variant}"));
        assert!(
            !ok("https://shop.example/cart/{variant}/{price}"),
            "unknown placeholder"
        );
        assert!(!ok("https://shop.example/a b/{variant}"));
    }
}
