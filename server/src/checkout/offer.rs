//! `GET /api/v1/conversations/{id}/checkout/{product_id}[?variant_id=]`: what the checkout card
//! offers — every variant with its catalog price and availability, and how payment works. The
//! assistant's `start_checkout` tool shows the same offer.

use axum::extract::{Path, RawQuery, State};
use axum::http::HeaderMap;
use axum::Json;
use shopchat_protocol::{CheckoutOffer, Money, VariantChoice};

use crate::conversations::authorize;
use crate::error::ApiError;
use crate::orders::chosen_options;
use crate::payments::ProviderChoice;
use crate::shop::Shop;
use crate::state::AppState;
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
    available: bool,
    requires_shipping: bool,
    sku: Option<String>,
}

pub async fn get_checkout_offer(
    State(state): State<AppState>,
    Path((id, product_id)): Path<(String, String)>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Result<Json<CheckoutOffer>, ApiError> {
    let conversation = authorize(&state.db, &id, &headers).await?;
    let shop = Shop::by_id(&state.db, conversation.shop_id).await?;
    shop.check_origin(&state, &headers)?;
    let product_id: i64 = product_id.parse().map_err(|_| ApiError::ProductNotFound)?;
    let variant_id = variant_id_param(query.as_deref())?;
    let offer = build_offer(&state, &shop, product_id, variant_id)
        .await?
        .ok_or(ApiError::ProductNotFound)?;
    if variant_id.is_some() && offer.selected_variant_id != variant_id {
        return Err(ApiError::VariantNotFound);
    }
    Ok(Json(offer))
}

/// The offer for a product this shop sells now, or `None`. `selected` is preselected when it is
/// one of the product's variants (a product with one variant always has it preselected).
/// `ProviderUnavailable` when the shop takes payments in the chat and its payment provider
/// can't now (a shop that sells only through its store's cart needs none).
pub async fn build_offer(
    state: &AppState,
    shop: &Shop,
    product_id: i64,
    selected: Option<i64>,
) -> Result<Option<CheckoutOffer>, ApiError> {
    let buying = ShopBuying::load(&state.db, shop.id).await?;
    let provider = ProviderChoice::for_shop(&state.db, &state.secrets, shop.id).await?;
    if buying.mode.pays_in_chat() {
        provider.ensure_available()?;
    }
    let Some(product) = sqlx::query_as::<_, ProductRow>(
        "select title, handle, image_url, option1_name, option2_name, option3_name from product
         where id = ? and shop_id = ? and status = 'active' and published = 1",
    )
    .bind(product_id)
    .bind(shop.id)
    .fetch_optional(&state.db)
    .await?
    else {
        return Ok(None);
    };
    // The same availability rule as search and the product cards.
    let rows: Vec<VariantRow> = sqlx::query_as(
        "select id, option1, option2, option3, price_minor,
                (inventory_qty is null or inventory_qty > 0 or inventory_policy = 'continue') as available,
                requires_shipping, sku
         from variant where product_id = ? and shop_id = ? order by position, id",
    )
    .bind(product_id)
    .bind(shop.id)
    .fetch_all(&state.db)
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
        image_url: product.image_url.as_deref().map(|u| state.absolute_url(u)),
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

/// `variant_id` from the query string, if present.
fn variant_id_param(query: Option<&str>) -> Result<Option<i64>, ApiError> {
    let Some(value) = query
        .unwrap_or("")
        .split('&')
        .find_map(|pair| pair.strip_prefix("variant_id="))
    else {
        return Ok(None);
    };
    value
        .parse()
        .map(Some)
        .map_err(|_| ApiError::InvalidRequest("variant_id must be a number".into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_variant_id_parameter_is_optional_but_must_be_a_number() {
        assert_eq!(variant_id_param(None).unwrap(), None);
        assert_eq!(variant_id_param(Some("x=1")).unwrap(), None);
        assert_eq!(
            variant_id_param(Some("x=1&variant_id=42")).unwrap(),
            Some(42)
        );
        assert!(variant_id_param(Some("variant_id=abc")).is_err());
    }
}
