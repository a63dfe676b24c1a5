//! `GET /api/v1/shops/{key}`: the public facts the loader needs before it draws anything,
//! including how the merchant wants the launcher to look.

use axum::extract::{Path, State};
use axum::Json;
use shopchat_protocol::ShopInfo;

use crate::error::ApiError;
use crate::http::extract::RequestOrigin;
use crate::http::state::AppState;
use crate::shop::{Shop, ShopKey};

pub async fn get_shop_info(
    State(state): State<AppState>,
    Path(key): Path<String>,
    origin: RequestOrigin,
) -> Result<Json<ShopInfo>, ApiError> {
    let shop = Shop::by_key(&state.db, &ShopKey::parse(&key)?).await?;
    shop.check_origin(&state.own_origins, origin.as_deref())?;
    let (brand_color, position, launcher_text): (String, String, Option<String>) = sqlx::query_as(
        "select brand_color, widget_position, launcher_text from shop where id = $1",
    )
    .bind(shop.id)
    .fetch_one(&state.db)
    .await?;
    Ok(Json(ShopInfo {
        name: shop.name.clone(),
        locale: shop.locale.clone(),
        currency: shop.currency(),
        widget_js: state.widget.url(state.links.base(), "shopchat_widget.js"),
        widget_css: state.widget.url(state.links.base(), "widget.css"),
        brand_color: Some(brand_color),
        position: Some(position),
        launcher_text,
    }))
}
