//! What the checkout card offers — every variant with its catalog price and availability, and
//! how payment works — for the widget API's offer and the assistant's `start_checkout` tool.

use shopchat_protocol::{CheckoutOffer, Money, VariantChoice};

use crate::db::DbPool;
use crate::error::ApiError;
use crate::links::Links;
use crate::orders::chosen_options;
use crate::payments::ProviderChoice;
use crate::sealed::SealingKey;
use crate::shop::Shop;
use crate::store_cart::ShopBuying;

#[derive(sqlx::FromRow)]
struct ProductRow {
    title: String,
    handle: String,
    image_url: Option<String>,
    option1_name: Option<String>,
    option2_name: Option<String>,
    option3_name: Option<String>,
}

#[derive(sqlx::FromRow)]
struct VariantRow {
    id: i64,
    option1: Option<String>,
    option2: Option<String>,
    option3: Option<String>,
    price_minor: i64,
    #[sqlx(try_from = "crate::db::Flag")]
    available: bool,
    #[sqlx(try_from = "crate::db::Flag")]
    requires_shipping: bool,
    sku: Option<String>,
}

/// The offer for a product this shop sells now, or `None`. `selected` is preselected when it is
/// one of the product's variants (a product with one variant always has it preselected).
/// `ProviderUnavailable` when the shop takes payments in the chat and its payment provider
/// can't now (a shop that sells only through its store's cart needs none).
pub async fn build_offer(
    db: &DbPool,
    secrets: &SealingKey,
    links: &Links,
    shop: &Shop,
    product_id: i64,
    selected: Option<i64>,
) -> Result<Option<CheckoutOffer>, ApiError> {
    let buying = ShopBuying::load(db, shop.id).await?;
    let provider = ProviderChoice::for_shop(db, secrets, shop.id).await?;
    if buying.mode.pays_in_chat() {
        provider.ensure_available()?;
    }
    let Some(product) = sqlx::query_as::<_, ProductRow>(
        "select title, handle, image_url, option1_name, option2_name, option3_name from product
         where id = $1 and shop_id = $2 and status = 'active' and published = 1",
    )
    .bind(product_id)
    .bind(shop.id)
    .fetch_optional(db)
    .await?
    else {
        return Ok(None);
    };
    // The same availability rule as search and the product cards.
    let rows: Vec<VariantRow> = sqlx::query_as(
        "select id, option1, option2, option3, price_minor,
                (inventory_qty is null or inventory_qty > 0 or inventory_policy = 'continue') as available,
                requires_shipping, sku
         from variant where product_id = $1 and shop_id = $2 order by position, id",
    )
    .bind(product_id)
    .bind(shop.id)
    .fetch_all(db)
    .await?;
    if rows.is_empty() {
        return Ok(None);
    }
    let names = [
        product.option1_name,
        product.option2_name,
        product.option3_name,
    ];
    let currency = shop.currency();
    let (option_names, _) = chosen_options(&names, &[None, None, None]);
    let variants: Vec<VariantChoice> = rows
        .iter()
        .map(|v| {
            let values = [v.option1.clone(), v.option2.clone(), v.option3.clone()];
            let (_, options) = chosen_options(&names, &values);
            VariantChoice {
                variant_id: v.id,
                options,
                price: Money {
                    minor: v.price_minor,
                    currency,
                },
                available: v.available,
                sku: v.sku.clone().filter(|s| !s.is_empty()),
            }
        })
        .collect();
    let selected_variant_id = match (selected, variants.as_slice()) {
        (Some(id), _) => variants.iter().any(|v| v.variant_id == id).then_some(id),
        (None, [only]) => Some(only.variant_id),
        (None, _) => None,
    };
    Ok(Some(CheckoutOffer {
        product_id,
        title: product.title,
        image_url: product.image_url.as_deref().map(|u| links.absolute(u)),
        option_names,
        variants,
        selected_variant_id,
        requires_shipping: rows.iter().any(|v| v.requires_shipping),
        provider: provider.provider(),
        test_mode: provider.test_mode(),
        stripe_publishable_key: provider.publishable_key(),
        buying_mode: buying.mode,
        handle: buying.mode.uses_store_cart().then_some(product.handle),
        cart_url_template: buying
            .cart_url_template
            .filter(|_| buying.mode.uses_store_cart()),
    }))
}
