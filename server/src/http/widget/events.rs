//! `POST /api/v1/conversations/{id}/events`: what a shopper does in the widget that the
//! assistant never sees (a click on a product card), stored for the shop's Analytics page.
//! Needs the conversation's token; rate-limited per conversation.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use shopchat_protocol::WidgetEvent;

use crate::conversations::authorize;
use crate::error::ApiError;
use crate::http::error::ApiJson;
use crate::http::extract::{BearerToken, RequestOrigin};
use crate::http::state::AppState;

pub async fn create_event(
    State(state): State<AppState>,
    Path(id): Path<String>,
    token: BearerToken,
    origin: RequestOrigin,
    ApiJson(event): ApiJson<WidgetEvent>,
) -> Result<StatusCode, ApiError> {
    let (conversation, shop) = authorize(&state.db, &id, token.as_deref()).await?;
    shop.check_origin(&state.own_origins, origin.as_deref())?;
    state.limits.widget_events.check(&conversation.id)?;
    match event {
        WidgetEvent::CardClick { product_id } => {
            // Only the shop's own products count: a made-up id is refused, not stored.
            let stored = sqlx::query(
                "insert into widget_event (shop_id, conversation_id, kind, product_id)
                 select $1, $2, 'card_click', p.id from product p where p.id = $3 and p.shop_id = $4",
            )
            .bind(conversation.shop_id)
            .bind(&conversation.id)
            .bind(product_id)
            .bind(conversation.shop_id)
            .execute(&state.db)
            .await?;
            if stored.rows_affected() == 0 {
                return Err(ApiError::ProductNotFound);
            }
        }
    }
    Ok(StatusCode::NO_CONTENT)
}
