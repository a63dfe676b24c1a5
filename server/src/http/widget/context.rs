//! `POST /api/v1/conversations/{id}/context`: the page the shopper is on now.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use shopchat_protocol::UpdateContextRequest;

use crate::assistant::embedded::dialogue::DialogueState;
use crate::conversations::authorize;
use crate::conversations::context::{page_product, PageState};
use crate::error::ApiError;
use crate::http::error::ApiJson;
use crate::http::extract::{BearerToken, RequestOrigin};
use crate::http::state::AppState;

/// `POST /api/v1/conversations/{id}/context`: the page the shopper is on now (204).
#[tracing::instrument(skip_all, fields(conversation = %id))]
pub async fn update_context(
    State(state): State<AppState>,
    Path(id): Path<String>,
    token: BearerToken,
    origin: RequestOrigin,
    ApiJson(request): ApiJson<UpdateContextRequest>,
) -> Result<StatusCode, ApiError> {
    let (conversation, shop) = authorize(&state.db, &id, token.as_deref()).await?;
    shop.check_origin(&state.own_origins, origin.as_deref())?;
    let page = PageState::resolve(
        &state.db,
        &state.secrets,
        shop.id,
        request.identity.as_ref(),
        request.context.as_ref(),
    )
    .await?;
    let before = page_product(&state.db, shop.id, &conversation.id).await?;
    page.save(&state.db, shop.id, &conversation.id).await?;
    // On a new product page "this" is that product, not the one discussed on the last page.
    if page.page_product_id.is_some() && before.map(|p| p.id) != page.page_product_id {
        let mut dialogue = DialogueState::load(&state.db, &conversation.id, shop.id).await?;
        dialogue.focus = None;
        dialogue.save(&state.db, &conversation.id, shop.id).await?;
    }
    Ok(StatusCode::NO_CONTENT)
}
