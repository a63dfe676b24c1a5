//! The Settings page's markup: the form with every section, each problem beside its field, a
//! notice on top, and the preview of the real widget beside it.

use axum::http::StatusCode;
use axum::response::Response;
use maud::{html, Markup};

use super::buying::{self, BuyingForm};
use super::html::{csrf_input, flash, layout, render as respond, Frame};
use super::markup::field_errors;
use super::refund_policy::{self, PolicyForm};
use super::session::Merchant;
use super::settings_form::{FieldProblem, SettingsForm, StoredSettings};
use super::shopify_settings;

/// A message above the form: (is it good news, text).
pub type Notice = (bool, String);

/// What the page shows: the shop as stored, the form's sections as stored or as submitted,
/// and what is wrong with them.
pub struct SettingsPage<'a> {
    pub merchant: &'a Merchant,
    pub settings: &'a StoredSettings,
    pub form: &'a SettingsForm,
    pub buying: &'a BuyingForm,
    pub policy: &'a PolicyForm,
    pub problems: &'a [FieldProblem],
    pub notice: Option<Notice>,
}

/// Common time zones offered by the time zone field (any IANA name is accepted).
const TIME_ZONES: &[&str] = &[
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Phoenix",
    "America/Los_Angeles",
    "America/Anchorage",
    "Pacific/Honolulu",
    "America/Toronto",
    "America/Vancouver",
    "America/Mexico_City",
    "America/Bogota",
    "America/Lima",
    "America/Santiago",
    "America/Argentina/Buenos_Aires",
    "America/Sao_Paulo",
    "Europe/London",
    "Europe/Dublin",
    "Europe/Lisbon",
    "Europe/Madrid",
    "Europe/Paris",
    "Europe/Berlin",
    "Australia/Sydney",
    "UTC",
];

/// The attributes a text field may have beyond its name and value.
#[derive(Default)]
struct Extra {
    required: bool,
    maxlength: Option<u32>,
    placeholder: Option<&'static str>,
    inputmode: Option<&'static str>,
}

/// A labelled text field with its problems.
fn text_field(
    problems: &[FieldProblem],
    name: &str,
    label: &str,
    value: &str,
    extra: Extra,
) -> Markup {
    html! {
        label {
            (label) " "
            input type="text" name=(name) value=(value) required[extra.required]
                maxlength=[extra.maxlength] placeholder=[extra.placeholder]
                inputmode=[extra.inputmode];
            (field_errors(problems, name))
        }
    }
}

/// A write-only secret: whether it is set, a field to replace it and, when set, to remove it.
fn secret_field(problems: &[FieldProblem], name: &str, label: &str, is_set: bool) -> Markup {
    html! {
        div.secret {
            span {
                (label) ": "
                strong data-secret-status=(name) { @if is_set { "set" } @else { "not set" } }
            }
            label {
                "Replace with "
                input type="password" name=(name) value="" autocomplete="off"
                    placeholder="leave empty to keep";
                (field_errors(problems, name))
            }
            @if is_set {
                label.inline { input type="checkbox" name={ (name) "_remove" }; " remove" }
            }
        }
    }
}

/// The delivery fields of the Shipping section, each with its help line.
fn delivery_fields(d: &SettingsForm, problems: &[FieldProblem]) -> Markup {
    let uses = "The assistant uses it to answer “how long does delivery take?” and to give a date range for an order.";
    let errors = |field: &str| field_errors(problems, field);
    html! {
        label {
            "Countries you ship to "
            input type="text" name="ship_to_countries" value=(d.ship_to_countries)
                placeholder="US, CA, ES" autocapitalize="characters";
            (errors("ship_to_countries"))
        }
        p.hint { "Two-letter codes separated by commas or spaces; empty: anywhere. " (uses) }
        label {
            "Days to prepare an order (business days) "
            input type="text" name="processing_days"
                value=(d.processing_days.as_deref().unwrap_or_default()) inputmode="numeric";
            (errors("processing_days"))
        }
        p.hint { "0 to 30, before the order ships. " (uses) }
        div.inline-group {
            "Days in transit (business days) "
            label.inline {
                "from "
                input type="text" name="transit_days_min" value=(d.transit_days_min)
                    inputmode="numeric" size="3";
            }
            label.inline {
                "to "
                input type="text" name="transit_days_max" value=(d.transit_days_max)
                    inputmode="numeric" size="3";
            }
            (errors("transit_days_min"))
            (errors("transit_days_max"))
        }
        p.hint { "0 to 60, where no country below says otherwise. " (uses) }
        label {
            "Transit by country, one per line (e.g. CA 5-9)"
            textarea name="transit_by_country" rows="4" { (d.transit_by_country) }
            (errors("transit_by_country"))
        }
        p.hint { "A country code, then days in transit from-to. " (uses) }
        label {
            "Time zone "
            input type="text" name="time_zone" value=(d.time_zone) list="time-zones"
                placeholder="America/New_York";
            (errors("time_zone"))
        }
        datalist #time-zones {
            @for zone in TIME_ZONES { option value=(zone) {} }
        }
        p.hint {
            "Business days are counted in it (e.g. America/New_York, Europe/Madrid, UTC). " (uses)
        }
    }
}

/// The whole page, answered with `status`.
pub fn render(view: &SettingsPage<'_>, status: StatusCode) -> Response {
    let SettingsPage {
        merchant,
        settings,
        form: d,
        buying,
        policy,
        problems,
        ..
    } = view;
    let text = |name: &str, label: &str, value: &str, extra: Extra| {
        text_field(problems, name, label, value, extra)
    };
    let secret =
        |name: &str, label: &str, is_set: bool| secret_field(problems, name, label, is_set);
    let errors = |field: &str| field_errors(problems, field);
    let has_lang = |l: &str| d.languages.iter().any(|x| x == l);
    let body = html! {
        h1 { "Settings" }
        @if let Some((good, text)) = &view.notice { (flash(*good, text)) }
        div.settings-grid {
            form method="post" action="/admin/settings" class="stack" id="settings-form" {
                (csrf_input(&merchant.csrf_token))
                fieldset {
                    legend { "Shop" }
                    (text("name", "Shop name", &d.name, Extra { required: true, maxlength: Some(100), ..Extra::default() }))
                    (text("greeting", "Greeting", &d.greeting, Extra { maxlength: Some(500), ..Extra::default() }))
                    label {
                        "Default language "
                        select name="locale" {
                            option value="en" selected[d.locale == "en"] { "English" }
                            option value="es" selected[d.locale == "es"] { "Español" }
                        }
                        (errors("locale"))
                    }
                    div.inline-group {
                        "Languages offered "
                        label.inline {
                            input type="checkbox" name="languages" value="en" checked[has_lang("en")];
                            " English"
                        }
                        label.inline {
                            input type="checkbox" name="languages" value="es" checked[has_lang("es")];
                            " Español"
                        }
                        (errors("languages"))
                    }
                    (text("currency", "Currency (ISO code)", &d.currency, Extra { maxlength: Some(3), ..Extra::default() }))
                }
                fieldset {
                    legend { "Widget" }
                    label {
                        "Brand colour "
                        input type="color" name="brand_color" value=(d.brand_color) id="brand-color";
                        (errors("brand_color"))
                    }
                    label {
                        "Position "
                        select name="position" {
                            option value="right" selected[d.position != "left"] { "Bottom right" }
                            option value="left" selected[d.position == "left"] { "Bottom left" }
                        }
                        (errors("position"))
                    }
                    (text("launcher_text", "Launcher text (optional)", &d.launcher_text, Extra { maxlength: Some(40), ..Extra::default() }))
                }
                fieldset {
                    legend { "Allowed origins" }
                    label {
                        "Sites that may show the widget, one per line (e.g. https://shop.example)"
                        textarea name="allowed_origins" rows="4" { (d.allowed_origins) }
                        (errors("allowed_origins"))
                    }
                }
                fieldset {
                    legend { "Assistant engine" }
                    label {
                        "Engine "
                        select name="engine" {
                            option value="default" selected[d.engine == "default"] { "Server default" }
                            option value="embedded" selected[d.engine == "embedded"] {
                                "Embedded (no key, no network)"
                            }
                            option value="openai" selected[d.engine == "openai"] {
                                "OpenAI-compatible endpoint"
                            }
                        }
                        (errors("engine"))
                    }
                    (text("llm_base_url", "Base URL", &d.llm_base_url, Extra { placeholder: Some("https://api.openai.com/v1"), ..Extra::default() }))
                    (text("llm_model", "Model", &d.llm_model, Extra::default()))
                    (secret("llm_api_key", "API key", settings.llm_key_set))
                    button type="submit" formaction="/admin/settings/test-llm" formnovalidate {
                        "Test connection (saved settings)"
                    }
                }
                fieldset {
                    legend { "Payments (Stripe)" }
                    (text("stripe_publishable_key", "Publishable key", &d.stripe_publishable_key, Extra { placeholder: Some("pk_live_…"), ..Extra::default() }))
                    (secret("stripe_secret_key", "Secret key", settings.stripe_secret_set))
                    (secret("stripe_webhook_secret", "Webhook signing secret", settings.webhook_secret_set))
                    p.hint #webhook-url {
                        "In Stripe, point this shop's webhook at " code { (settings.webhook_url) } " \
                         (events: payment_intent.succeeded, payment_intent.payment_failed, payment_intent.canceled, \
                         charge.refunded, charge.dispute.created) and paste its signing secret above."
                    }
                    button type="submit" formaction="/admin/settings/test-stripe" formnovalidate {
                        "Test connection (saved settings)"
                    }
                }
                (buying::render(buying, problems))
                (shopify_settings::render(
                    settings.shopify_domain.as_deref().unwrap_or_default(),
                    settings.shopify_token_set,
                    problems,
                ))
                (refund_policy::render(policy, &d.currency, problems))
                fieldset #identity {
                    legend { "Signed-in customers" }
                    p.hint {
                        "Your site or Shopify theme signs a signed-in customer with the shop's identity secret, \
                         so they see their orders without typing their email. The secret is never shown again; \
                         generating a new one shows it once and stops the old one from working."
                    }
                    button type="submit" formaction="/admin/settings/identity-secret" formnovalidate {
                        "Generate a new identity secret"
                    }
                }
                fieldset {
                    legend { "Shipping and tax" }
                    (text("shipping_flat", "Flat shipping per order", &d.shipping_flat, Extra { inputmode: Some("decimal"), ..Extra::default() }))
                    (text("free_shipping_over", "Free shipping from (optional)", &d.free_shipping_over, Extra { inputmode: Some("decimal"), ..Extra::default() }))
                    (text("tax_rate", "Tax rate (%)", &d.tax_rate, Extra { inputmode: Some("decimal"), ..Extra::default() }))
                    label.inline {
                        input type="checkbox" name="tax_inclusive" checked[d.tax_inclusive];
                        " Prices include tax"
                    }
                    (delivery_fields(d, problems))
                }
                button type="submit" class="primary" { "Save settings" }
            }
            aside.preview-pane {
                h2 { "Preview" }
                p.hint { "The real widget with the saved settings; it reloads after each save." }
                iframe src="/admin/preview" title="Widget preview" id="preview" {}
            }
        }
    };
    let frame = Frame {
        active: "/admin/settings",
        shop_name: &settings.name,
        csrf: &merchant.csrf_token,
    };
    respond(status, layout("Settings", &frame, body))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_offered_time_zone_is_known() {
        for zone in TIME_ZONES {
            assert!(crate::answers::delivery::is_time_zone(zone), "{zone}");
        }
    }
}
