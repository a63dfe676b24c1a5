//! The Settings page's Buying section: whether shoppers pay in the chat, add to the store's own
//! cart, or may do either, and the cart URL template of stores whose cart takes a URL. Saved
//! with the rest of the page, or not at all.

use shopchat_protocol::BuyingMode;

use super::html::{escape, FormData};
use super::settings_form::FieldProblem;
use crate::store_cart::CartUrlTemplate;

/// The section as typed (or as stored).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BuyingDraft {
    /// `chat`, `cart` or `both`.
    pub mode: String,
    pub cart_url_template: String,
}

/// Validated values, ready to store.
#[derive(Debug, Clone, PartialEq)]
pub struct BuyingUpdate {
    pub mode: BuyingMode,
    pub cart_url_template: Option<String>,
}

impl BuyingDraft {
    pub fn from_stored(mode: &str, cart_url_template: Option<&str>) -> Self {
        BuyingDraft {
            mode: mode.to_owned(),
            cart_url_template: cart_url_template.unwrap_or_default().to_owned(),
        }
    }

    /// The section as submitted; `None` when the form doesn't carry it (it is then left as is).
    pub fn from_form(form: &FormData) -> Option<Self> {
        if form.all("buying_mode").is_empty() {
            return None;
        }
        Some(BuyingDraft {
            mode: form.get("buying_mode").to_owned(),
            cart_url_template: form.get("cart_url_template").trim().to_owned(),
        })
    }
}

/// Checks the section; problems go beside each field.
pub fn validate(d: &BuyingDraft, problems: &mut Vec<FieldProblem>) -> BuyingUpdate {
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
    BuyingUpdate {
        mode,
        cart_url_template,
    }
}

pub async fn store(
    tx: &mut crate::db::DbTx,
    shop_id: i64,
    u: &BuyingUpdate,
) -> Result<(), sqlx::Error> {
    sqlx::query("update shop set buying_mode = ?, cart_url_template = ? where id = ?")
        .bind(u.mode.code())
        .bind(&u.cart_url_template)
        .bind(shop_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// The fieldset. `problem(field)`: the error to show beside it (empty when none).
pub fn render(d: &BuyingDraft, problem: &dyn Fn(&str) -> String) -> String {
    let selected = |mode: &str| if d.mode == mode { " selected" } else { "" };
    format!(
        "<fieldset id=\"buying\"><legend>Buying</legend>\
         <label>Shoppers buy <select name=\"buying_mode\">\
         <option value=\"chat\"{chat}>In the chat (the demo gateway or Stripe)</option>\
         <option value=\"cart\"{cart}>Through the store's cart</option>\
         <option value=\"both\"{both}>Both</option></select>{mode_err}</label>\
         <p class=\"hint\">On a Shopify store, choose the store's cart so orders land in your Shopify admin: \
         the chat adds the chosen variant to the shopper's cart, at the store's price and stock.</p>\
         <label>Cart URL template (other platforms, optional) \
         <input type=\"text\" name=\"cart_url_template\" value=\"{template}\" placeholder=\"https://shop.example/cart/add?id={{variant}}&amp;qty={{qty}}\">{template_err}</label>\
         <p class=\"hint\">For a store whose cart takes a URL: {{variant}} or {{sku}} where the item goes; {{qty}} and {{handle}} are optional.</p>\
         </fieldset>",
        chat = selected("chat"),
        cart = selected("cart"),
        both = selected("both"),
        mode_err = problem("buying_mode"),
        template = escape(&d.cart_url_template),
        template_err = problem("cart_url_template"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft(mode: &str, template: &str) -> BuyingDraft {
        BuyingDraft {
            mode: mode.into(),
            cart_url_template: template.into(),
        }
    }

    #[test]
    fn a_bad_template_or_mode_is_a_problem_beside_its_field() {
        let mut problems = Vec::new();
        let update = validate(
            &draft("cart", "https://shop.example/cart/{variant}"),
            &mut problems,
        );
        assert!(problems.is_empty());
        assert_eq!(update.mode, BuyingMode::Cart);
        validate(&draft("both", "https://shop.example/cart"), &mut problems);
        validate(&draft("anywhere", ""), &mut problems);
        let fields: Vec<_> = problems.iter().map(|(f, _)| *f).collect();
        assert_eq!(fields, ["cart_url_template", "buying_mode"]);
    }
}
