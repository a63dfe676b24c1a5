//! `POST /api/v1/conversations`: opens a conversation for a shop and hands out its token,
//! keeping the page's context and the shopper's identity (verified or as a mere hint).

use axum::extract::State;
use axum::http::Extensions;
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use shopchat_protocol::{CreateConversationRequest, CreateConversationResponse, FEATURE_CHECKOUT};

use crate::conversations::context::PageState;
use crate::conversations::new_conversation_id;
use crate::db;
use crate::error::ApiError;
use crate::http::client::client_addr;
use crate::http::error::ApiJson;
use crate::http::extract::RequestOrigin;
use crate::http::state::AppState;
use crate::locale::Locale;
use crate::shop::{Shop, ShopKey};
use crate::tokens::SecretToken;

#[tracing::instrument(skip_all, fields(shop = %request.shop))]
pub async fn create_conversation(
    State(state): State<AppState>,
    origin: RequestOrigin,
    headers: HeaderMap,
    extensions: Extensions,
    ApiJson(request): ApiJson<CreateConversationRequest>,
) -> Result<(StatusCode, Json<CreateConversationResponse>), ApiError> {
    let shop = Shop::by_key(&state.db, &ShopKey::parse(&request.shop)?).await?;
    shop.check_origin(&state.own_origins, origin.as_deref())?;
    // Behind a proxy not in TRUSTED_PROXIES every shopper shares its address: the limit is
    // generous for that reason.
    if let Some(client) = client_addr(&state.limits, &extensions, &headers) {
        state.limits.conversations.check(&client.to_string())?;
    }
    let locale = Locale::parse(request.locale.as_deref().unwrap_or(&shop.locale));
    let id = new_conversation_id();
    let token = SecretToken::generate();
    // Only features this server knows are kept; the list can't grow without bound.
    let features: Vec<&str> = [FEATURE_CHECKOUT]
        .into_iter()
        .filter(|known| request.features.iter().any(|f| f == known))
        .collect();
    let features = serde_json::to_string(&features).map_err(|e| ApiError::Internal(e.into()))?;
    let page = PageState::resolve(
        &state.db,
        &state.secrets,
        shop.id,
        request.identity.as_ref(),
        request.context.as_ref(),
    )
    .await?;
    // One statement: the conversation never exists without what its page said.
    let sql = format!(
        "insert into conversation (id, shop_id, token_hash, locale, client_features, {})
         values ($1, $2, $3, $4, $5, {})",
        PageState::COLUMNS.join(", "),
        db::placeholders(6, PageState::COLUMNS.len())
    );
    let insert = sqlx::query(&sql)
        .bind(&id)
        .bind(shop.id)
        .bind(token.hash())
        .bind(locale.tag())
        .bind(features);
    page.bind(insert).execute(&state.db).await?;
    // Orders this client bought earlier (same browser) are the shopper's without an email.
    crate::orders::ownership::prove_by_tokens(&state.db, shop.id, &id, &request.order_tokens)
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(CreateConversationResponse {
            conversation_id: id,
            token: token.as_str().to_owned(),
            locale: locale.tag().to_owned(),
        }),
    ))
}
