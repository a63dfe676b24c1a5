//! `GET /api/v1/shops/{key}`: the public facts the loader needs before it draws anything.

use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::Json;
use shopchat_protocol::ShopInfo;

use crate::error::ApiError;
use crate::shop::{Shop, ShopKey};
use crate::state::AppState;

pub async fn get_shop_info(
    State(state): State<AppState>,
    Path(key): Path<String>,
    headers: HeaderMap,
) -> Result<Json<ShopInfo>, ApiError> {
    let shop = Shop::by_key(&state.db, &ShopKey::parse(&key)?).await?;
    shop.check_origin(&state, &headers)?;
    Ok(Json(ShopInfo {
        name: shop.name.clone(),
        locale: shop.locale.clone(),
        currency: shop.currency(),
        widget_js: state.widget.url(&state.public_url, "shopchat_widget.js"),
        widget_css: state.widget.url(&state.public_url, "widget.css"),
    }))
}
