//! `POST /api/v1/conversations`: opens a conversation for a shop and hands out its token,
//! keeping the page's context and the shopper's identity (verified or as a mere hint).

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, State};
use axum::http::Extensions;
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use shopchat_protocol::{CreateConversationRequest, CreateConversationResponse, FEATURE_CHECKOUT};

use super::context::{bounded, resolve_product};
use super::identity::{secret_of, ShopperIdentity};
use super::token::{new_conversation_id, ConversationToken};
use crate::assistant::Locale;
use crate::error::{ApiError, ApiJson};
use crate::shop::{Shop, ShopKey};
use crate::state::AppState;

#[tracing::instrument(skip_all, fields(shop = %request.shop))]
pub async fn create_conversation(
    State(state): State<AppState>,
    headers: HeaderMap,
    extensions: Extensions,
    ApiJson(request): ApiJson<CreateConversationRequest>,
) -> Result<(StatusCode, Json<CreateConversationResponse>), ApiError> {
    let shop = Shop::by_key(&state.db, &ShopKey::parse(&request.shop)?).await?;
    shop.check_origin(&state, &headers)?;
    // Behind a proxy every shopper shares its address: the limit is generous for that reason.
    if let Some(ConnectInfo(client)) = extensions.get::<ConnectInfo<SocketAddr>>() {
        state.limits.conversations.check(&client.ip().to_string())?;
    }
    let locale = Locale::parse(request.locale.as_deref().unwrap_or(&shop.locale));
    let id = new_conversation_id();
    let token = ConversationToken::generate();
    // Only features this server knows are kept; the list can't grow without bound.
    let features: Vec<&str> = [FEATURE_CHECKOUT]
        .into_iter()
        .filter(|known| request.features.iter().any(|f| f == known))
        .collect();
    let features = serde_json::to_string(&features).map_err(|e| ApiError::Internal(e.into()))?;
    let secret = secret_of(&state.db, shop.id).await?;
    let identity = ShopperIdentity::check(request.identity.as_ref(), secret.as_deref());
    let (verified_id, verified_email, hint_id, hint_email) = if identity.verified {
        (identity.id, identity.email, None, None)
    } else {
        (None, None, identity.id, identity.email)
    };
    let context = request.context.unwrap_or_default();
    let page_product = context.product.as_deref().map(bounded);
    let page_product_id = match &page_product {
        Some(reference) => resolve_product(&state.db, shop.id, reference).await?,
        None => None,
    };
    sqlx::query(
        "insert into conversation (id, shop_id, token_hash, locale, client_features,
             verified_customer_id, verified_email, unverified_customer_id, unverified_email,
             page_product, page_product_id, cart_count)
         values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(&id)
    .bind(shop.id)
    .bind(token.hash())
    .bind(locale.tag())
    .bind(features)
    .bind(verified_id)
    .bind(verified_email)
    .bind(hint_id)
    .bind(hint_email)
    .bind(page_product)
    .bind(page_product_id)
    .bind(context.cart_count.map(i64::from))
    .execute(&state.db)
    .await?;
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
