//! The Settings page's Shopify section: the store domain and the custom app's Admin API access
//! token (write-only, sealed), with which the assistant looks up Shopify orders by number and
//! email; and its "Test connection" button.

use axum::extract::State;
use axum::response::Response;
use maud::{html, Markup};
use secrecy::SecretString;
use serde::Deserialize;

use super::form::checked;
use super::markup::field_errors;
use super::session::Merchant;
use super::settings_form::{FieldProblem, SecretChange};
use crate::db::DbTx;
use crate::error::ApiError;
use crate::http::state::AppState;
use crate::outbound::OutboundPolicy;
use crate::sealed::{SealingKey, SecretColumn};
use crate::shopify::{domain_problem, AdminApi};

/// The section as submitted.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ShopifyForm {
    /// `None`: the form has no Shopify section (an older page); nothing changes.
    pub shopify_domain: Option<String>,
    pub shopify_admin_token: Option<SecretString>,
    #[serde(deserialize_with = "checked")]
    pub shopify_admin_token_remove: bool,
}

/// The section's fields, validated.
#[derive(Debug, PartialEq, Eq)]
pub struct ShopifyUpdate {
    /// `None`: the form had no Shopify section (an older page); nothing changes.
    pub domain: Option<Option<String>>,
    pub token: SecretChange,
}

/// Reads and checks the section. A token needs a store domain to be of any use.
pub fn validate(
    form: &ShopifyForm,
    outbound: &OutboundPolicy,
    token_is_set: bool,
) -> Result<ShopifyUpdate, Vec<FieldProblem>> {
    let mut problems = Vec::new();
    let has_section = form.shopify_domain.is_some();
    let domain = form.shopify_domain.clone().unwrap_or_default();
    let token = SecretChange::new(
        form.shopify_admin_token.as_ref(),
        form.shopify_admin_token_remove,
    );
    if let SecretChange::Replace(token) = &token {
        if token.len() > 200 || token.bytes().any(|b| !(0x21..0x7f).contains(&b)) {
            problems.push((
                "shopify_admin_token",
                "The token has characters an access token can't have.".into(),
            ));
        }
    }
    if !domain.is_empty() {
        if let Some(problem) = domain_problem(outbound, &domain) {
            problems.push(("shopify_domain", problem));
        }
    } else if has_section
        && (matches!(token, SecretChange::Replace(_))
            || (token_is_set && token == SecretChange::Keep))
    {
        problems.push((
            "shopify_domain",
            "Enter the store's domain (your-shop.myshopify.com) for the access token to be used."
                .into(),
        ));
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(ShopifyUpdate {
        domain: has_section.then(|| (!domain.is_empty()).then_some(domain)),
        token,
    })
}

/// Whether the shop has an access token stored.
pub async fn token_is_set(state: &AppState, shop_id: i64) -> Result<bool, ApiError> {
    let set: Option<crate::db::Flag> =
        sqlx::query_scalar("select shopify_admin_token is not null from shop where id = $1")
            .bind(shop_id)
            .fetch_optional(&state.db)
            .await?;
    Ok(set.is_some_and(bool::from))
}

/// Stores the section; a new token sealed, none kept as it is.
pub async fn store(
    tx: &mut DbTx,
    secrets: &SealingKey,
    shop_id: i64,
    update: &ShopifyUpdate,
) -> Result<(), ApiError> {
    let (remove, token) = update.token.binds();
    let token = token.map(|t| secrets.seal(shop_id, SecretColumn::ShopifyAdminToken, t));
    sqlx::query(
        "update shop set
            shopify_domain = case when $1 then $2 else shopify_domain end,
            shopify_admin_token = case when $3 then null else coalesce($4, shopify_admin_token) end
         where id = $5",
    )
    .bind(update.domain.is_some())
    .bind(update.domain.clone().flatten())
    .bind(remove)
    .bind(token)
    .bind(shop_id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The fieldset, inside the settings form.
pub fn render(domain: &str, token_set: bool, problems: &[FieldProblem]) -> Markup {
    html! {
        fieldset #shopify {
            legend { "Shopify order status" }
            p.hint {
                "Optional. With a custom app's Admin API access token (scope read_orders), \
                 the assistant answers “where is my order?” for orders placed in your Shopify store, from the \
                 order number and the email it was bought with. Refunds and cancellations of those orders \
                 are passed to you, never done by the chat."
            }
            label {
                "Store domain "
                input type="text" name="shopify_domain" value=(domain)
                    placeholder="your-shop.myshopify.com";
                (field_errors(problems, "shopify_domain"))
            }
            div.secret {
                span {
                    "Admin API access token: "
                    strong data-secret-status="shopify_admin_token" {
                        @if token_set { "set" } @else { "not set" }
                    }
                }
                label {
                    "Replace with "
                    input type="password" name="shopify_admin_token" value="" autocomplete="off"
                        placeholder="shpat_… (leave empty to keep)";
                    (field_errors(problems, "shopify_admin_token"))
                }
                @if token_set {
                    label.inline {
                        input type="checkbox" name="shopify_admin_token_remove";
                        " remove"
                    }
                }
            }
            button type="submit" formaction="/admin/settings/test-shopify" formnovalidate {
                "Test connection (saved settings)"
            }
        }
    }
}

/// `POST /admin/settings/test-shopify`: asks the saved store for its name.
pub async fn test_shopify(
    State(state): State<AppState>,
    merchant: Merchant,
) -> Result<Response, ApiError> {
    let notice = match AdminApi::for_shop(
        &state.db,
        &state.secrets,
        &state.outbound,
        merchant.shop_id,
    )
    .await?
    {
        None => (
            false,
            "Shopify order status is off: save a store domain and an Admin API access token first."
                .to_owned(),
        ),
        Some(Err(problem)) => (false, format!("Shopify can't be asked: {problem}.")),
        Some(Ok(api)) => match api.shop_name().await {
            Ok(name) => (
                true,
                format!("Shopify answered for “{name}”: the connection works."),
            ),
            Err(problem) => (
                false,
                format!("Shopify did not accept the request: {problem}."),
            ),
        },
    };
    super::settings::page_with_notice(&state, &merchant, notice).await
}

#[cfg(test)]
mod tests {
    use super::super::form::Fields;
    use super::*;

    fn check(body: &str, token_set: bool) -> Result<ShopifyUpdate, Vec<FieldProblem>> {
        let policy = OutboundPolicy::parse("").expect("the default policy");
        let form = Fields::parse(body.as_bytes()).read().expect("a form");
        validate(&form, &policy, token_set)
    }

    #[test]
    fn a_domain_and_token_are_stored_and_a_blank_token_keeps_the_old_one() {
        let update = check(
            "shopify_domain=shop.myshopify.com&shopify_admin_token=shpat_abc",
            false,
        )
        .expect("valid");
        assert_eq!(update.domain, Some(Some("shop.myshopify.com".into())));
        assert_eq!(update.token, SecretChange::Replace("shpat_abc".into()));
        let keep = check(
            "shopify_domain=shop.myshopify.com&shopify_admin_token=",
            true,
        )
        .expect("valid");
        assert_eq!(keep.token, SecretChange::Keep);
        let removed = check(
            "shopify_domain=&shopify_admin_token=&shopify_admin_token_remove=on",
            true,
        )
        .expect("valid");
        assert_eq!(
            removed,
            ShopifyUpdate {
                domain: Some(None),
                token: SecretChange::Remove
            }
        );
        assert_eq!(
            check("name=Shop", true).expect("an older form").domain,
            None,
            "a form without the section leaves it as stored"
        );
    }

    #[test]
    fn a_token_without_a_domain_or_an_internal_domain_is_refused() {
        let problems =
            check("shopify_domain=&shopify_admin_token=shpat_abc", false).expect_err("no domain");
        assert_eq!(problems[0].0, "shopify_domain");
        let problems = check("shopify_domain=http%3A%2F%2F127.0.0.1%3A9000", false)
            .expect_err("loopback is refused by default");
        assert_eq!(problems[0].0, "shopify_domain");
        assert!(check("shopify_domain=not+a+domain", false).is_err());
    }
}
