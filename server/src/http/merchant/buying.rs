//! The Settings page's Buying section: whether shoppers pay in the chat, add to the store's own
//! cart, or may do either, and the cart URL template of stores whose cart takes a URL. Saved
//! with the rest of the page, or not at all.

use maud::{html, Markup};
use serde::Deserialize;
use shopchat_protocol::BuyingMode;

use super::markup::field_errors;
use super::settings_form::FieldProblem;
use crate::store_cart::CartUrlTemplate;

/// The section as typed (or as stored).
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct BuyingForm {
    /// `chat`, `cart` or `both`.
    #[serde(rename = "buying_mode")]
    pub mode: String,
    pub cart_url_template: String,
}

/// Validated values, ready to store.
#[derive(Debug, Clone, PartialEq)]
pub struct BuyingUpdate {
    pub mode: BuyingMode,
    pub cart_url_template: Option<String>,
}

/// The field that tells the section is in a submitted form (an older page leaves it as is).
pub const BUYING_FIELD: &str = "buying_mode";

impl BuyingForm {
    pub fn from_stored(mode: &str, cart_url_template: Option<&str>) -> Self {
        BuyingForm {
            mode: mode.to_owned(),
            cart_url_template: cart_url_template.unwrap_or_default().to_owned(),
        }
    }
}

/// Checks the section; every problem beside its field.
impl TryFrom<&BuyingForm> for BuyingUpdate {
    type Error = Vec<FieldProblem>;

    fn try_from(d: &BuyingForm) -> Result<Self, Self::Error> {
        let mut problems: Vec<FieldProblem> = Vec::new();
        let mode = BuyingMode::parse(&d.mode).unwrap_or_else(|| {
            problems.push(("buying_mode", "Choose how shoppers buy.".into()));
            BuyingMode::Chat
        });
        let cart_url_template = if d.cart_url_template.is_empty() {
            None
        } else {
            match CartUrlTemplate::parse(&d.cart_url_template) {
                Ok(template) => Some(template.as_str().to_owned()),
                Err(problem) => {
                    problems.push(("cart_url_template", problem.into()));
                    None
                }
            }
        };
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(BuyingUpdate {
            mode,
            cart_url_template,
        })
    }
}

pub async fn store(
    tx: &mut crate::db::DbTx,
    shop_id: i64,
    u: &BuyingUpdate,
) -> Result<(), sqlx::Error> {
    sqlx::query("update shop set buying_mode = $1, cart_url_template = $2 where id = $3")
        .bind(u.mode.code())
        .bind(&u.cart_url_template)
        .bind(shop_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// The fieldset, each problem beside its field.
pub fn render(d: &BuyingForm, problems: &[FieldProblem]) -> Markup {
    let selected = |mode: &str| d.mode == mode;
    html! {
        fieldset #buying {
            legend { "Buying" }
            label {
                "Shoppers buy "
                select name="buying_mode" {
                    option value="chat" selected[selected("chat")] { "In the chat (the demo gateway or Stripe)" }
                    option value="cart" selected[selected("cart")] { "Through the store's cart" }
                    option value="both" selected[selected("both")] { "Both" }
                }
                (field_errors(problems, "buying_mode"))
            }
            p.hint {
                "On a Shopify store, choose the store's cart so orders land in your Shopify admin: \
                 the chat adds the chosen variant to the shopper's cart, at the store's price and stock."
            }
            label {
                "Cart URL template (other platforms, optional) "
                input type="text" name="cart_url_template" value=(d.cart_url_template)
                    placeholder="https://shop.example/cart/add?id={variant}&qty={qty}";
                (field_errors(problems, "cart_url_template"))
            }
            p.hint {
                "For a store whose cart takes a URL: {variant} or {sku} where the item goes; \
                 {qty} and {handle} are optional."
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft(mode: &str, template: &str) -> BuyingForm {
        BuyingForm {
            mode: mode.into(),
            cart_url_template: template.into(),
        }
    }

    #[test]
    fn a_bad_template_or_mode_is_a_problem_beside_its_field() {
        let update = BuyingUpdate::try_from(&draft("cart", "https://shop.example/cart/{variant}"))
            .expect("valid");
        assert_eq!(update.mode, BuyingMode::Cart);
        let mut problems = Vec::new();
        for bad in [
            draft("both", "https://shop.example/cart"),
            draft("anywhere", ""),
        ] {
            problems.extend(BuyingUpdate::try_from(&bad).expect_err("invalid"));
        }
        let fields: Vec<_> = problems.iter().map(|(f, _)| *f).collect();
        assert_eq!(fields, ["cart_url_template", "buying_mode"]);
    }
}
