//! `GET /api/v1/conversations/{id}/checkout/{product_id}?variant_id=`: the offer behind a
//! checkout card.

use axum::extract::{Path, RawQuery, State};
use axum::Json;
use shopchat_protocol::CheckoutOffer;

use crate::checkout::build_offer;
use crate::conversations::authorize;
use crate::error::ApiError;
use crate::http::extract::{BearerToken, RequestOrigin};
use crate::http::state::AppState;

pub async fn get_checkout_offer(
    State(state): State<AppState>,
    Path((id, product_id)): Path<(String, String)>,
    RawQuery(query): RawQuery,
    token: BearerToken,
    origin: RequestOrigin,
) -> Result<Json<CheckoutOffer>, ApiError> {
    let (_conversation, shop) = authorize(&state.db, &id, token.as_deref()).await?;
    shop.check_origin(&state.own_origins, origin.as_deref())?;
    let product_id: i64 = product_id.parse().map_err(|_| ApiError::ProductNotFound)?;
    let variant_id = variant_id_param(query.as_deref())?;
    let offer = build_offer(
        &state.db,
        &state.secrets,
        &state.links,
        &shop,
        product_id,
        variant_id,
    )
    .await?
    .ok_or(ApiError::ProductNotFound)?;
    if variant_id.is_some() && offer.selected_variant_id != variant_id {
        return Err(ApiError::VariantNotFound);
    }
    Ok(Json(offer))
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
