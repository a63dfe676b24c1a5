//! A product the assistant suggests: picture, title, price, why it fits, and View / Buy.

use leptos::either::Either;
use leptos::prelude::*;
use shopchat_protocol::ProductCard as Card;

use crate::i18n::use_locale;
use crate::money::{digits, format_money};
use crate::redraw::Redraw;

#[component]
pub fn ProductCard(
    /// The product as the server describes it.
    card: Card,
    /// Called when the shopper taps Buy.
    on_buy: Callback<Card>,
) -> impl IntoView {
    let locale = use_locale();
    let s = locale.strings();
    let price = format_money(card.price, locale);
    let was = card
        .compare_at
        .filter(|was| was.currency == card.price.currency && was.minor > card.price.minor)
        .map(|was| format_money(was, locale));
    let image = card.image_url.as_deref().and_then(web_url);
    let alt = card.image_alt.clone().unwrap_or_else(|| card.title.clone());
    let image_failed = RwSignal::new(image.is_none());
    let link = web_url(&card.url);
    let in_stock = card.in_stock;
    // Read by the click counter (`page.js`).
    let product = digits(card.product_id.unsigned_abs(), 1);
    let title = card.title.clone();
    let reason = card.reason.clone();
    let picture = move || {
        Redraw(if image_failed.get() {
            Either::Right(
                view! { <div class="sc-card-img sc-card-img-fallback" aria-hidden="true"></div> },
            )
        } else {
            Either::Left(view! {
                <img class="sc-card-img" src=image.clone() alt=alt.clone() loading="lazy"
                    on:error=move |_| image_failed.set(true) />
            })
        })
    };
    view! {
        <article class="sc-card" data-product=product>
            {picture}
            <div class="sc-card-body">
                <h3 class="sc-card-title">{title}</h3>
                <p class="sc-card-price">
                    <span class="sc-price">{price}</span>
                    {was.map(|was| view! {
                        " "
                        <s class="sc-was"><span class="sc-visually-hidden">{s.was_price}" "</span>{was}</s>
                    })}
                </p>
                {reason.map(|reason| view! { <p class="sc-card-reason">{reason}</p> })}
                <div class="sc-card-actions">
                    {link.map(|href| view! {
                        <a class="sc-view" href=href target="_blank" rel="noopener">{s.view}</a>
                    })}
                    <button type="button" class="sc-buy" disabled=!in_stock
                        on:click=move |_| on_buy.run(card.clone())>
                        {if in_stock { s.buy } else { s.out_of_stock }}
                    </button>
                </div>
            </div>
        </article>
    }
}

/// Only http(s) links reach an `href`/`src`; anything else (`javascript:`…) is dropped.
fn web_url(url: &str) -> Option<String> {
    let lower = url
        .trim_start()
        .get(..8)
        .unwrap_or_default()
        .to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://")).then(|| url.trim().to_owned())
}
