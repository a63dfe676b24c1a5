//! Building the merchant pages: the page frame (navigation, sign-out form) as `maud` markup,
//! which escapes every interpolated value, small pieces the pages share, and the response
//! headers every page carries.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use maud::{html, Markup, PreEscaped};

/// The pages in the navigation, as (path, label).
const NAV: &[(&str, &str)] = &[
    ("/admin/settings", "Settings"),
    ("/admin/catalog", "Catalog"),
    ("/admin/orders", "Orders"),
    ("/admin/refunds", "Refunds"),
    ("/admin/conversations", "Conversations"),
    ("/admin/answers", "Answers"),
    ("/admin/analytics", "Analytics"),
    ("/admin/install", "Install"),
];

/// What a signed-in page needs for its frame.
pub struct Frame<'a> {
    /// Path of the current page, to mark it in the navigation.
    pub active: &'a str,
    pub shop_name: &'a str,
    pub csrf: &'a str,
}

/// A signed-in page: navigation, sign-out, and `body`.
pub fn layout(title: &str, frame: &Frame<'_>, body: Markup) -> Markup {
    document(
        title,
        html! {
            header.top {
                span.brand { "Shopchat · " (frame.shop_name) }
                nav {
                    @for (path, label) in NAV {
                        a href=(path) aria-current=[(*path == frame.active).then_some("page")] {
                            (label)
                        }
                    }
                }
                form.logout method="post" action="/admin/logout" {
                    (csrf_input(frame.csrf))
                    button type="submit" { "Sign out" }
                }
            }
            main { (body) }
        },
    )
}

/// A page outside the session (sign-in, setup).
pub fn bare_layout(title: &str, body: Markup) -> Markup {
    document(
        title,
        html! {
            main.narrow {
                h1 { "Shopchat" }
                (body)
            }
        },
    )
}

fn document(title: &str, body: Markup) -> Markup {
    html! {
        (PreEscaped("<!doctype html>"))
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · Shopchat" }
                link rel="stylesheet" href="/admin/assets/admin.css";
                script src="/admin/assets/admin.js" defer {}
            }
            body { (body) }
        }
    }
}

/// The hidden field every state-changing form carries.
pub fn csrf_input(token: &str) -> Markup {
    html! { input type="hidden" name="csrf" value=(token); }
}

/// A message at the top of a page: good news or a problem.
pub fn flash(good: bool, text: &str) -> Markup {
    html! {
        p class=(if good { "notice ok" } else { "notice bad" }) role="status" { (text) }
    }
}

/// Values as people read them, as plain text for the templates to escape.
pub mod text {
    /// An amount in minor units of `currency`, e.g. `125.00 USD`.
    pub fn money(minor: i64, currency: &str) -> String {
        let exponent = shopchat_protocol::Currency::parse(currency).map_or(2, |c| c.exponent());
        format!("{} {currency}", crate::money::format_minor(minor, exponent))
    }

    /// A stored timestamp (`2026-11-29T00:42:45.707Z`) as people read it
    /// (`2026-11-29 00:42 UTC`); anything else as it is.
    pub fn when(timestamp: &str) -> String {
        match (timestamp.get(..10), timestamp.get(11..16)) {
            (Some(day), Some(time)) if timestamp.as_bytes().get(10) == Some(&b'T') => {
                format!("{day} {time} UTC")
            }
            _ => timestamp.to_owned(),
        }
    }

    /// A stored code (`partially_refunded`) as words (`partially refunded`).
    pub fn words(code: &str) -> String {
        code.replace('_', " ")
    }
}

/// An HTML response that no cache keeps and no other site may frame or script.
pub fn render(status: StatusCode, page: Markup) -> Response {
    let mut response = (status, page.into_string()).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
             frame-src 'self'; frame-ancestors 'self'; form-action 'self'; base-uri 'none'; \
             object-src 'none'",
        ),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    response
}

/// For a typed form's text fields (`#[serde(default, deserialize_with = "html::trimmed")]`):
/// the value without the spaces around it, as a person means it.
pub fn trimmed<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    let value = <String as serde::Deserialize>::deserialize(deserializer)?;
    Ok(match value.trim() {
        same if same.len() == value.len() => value,
        other => other.to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame() -> Frame<'static> {
        Frame {
            active: "/admin/settings",
            shop_name: "<b>Bold</b> & co",
            csrf: "tok\"en",
        }
    }

    #[test]
    fn a_shop_name_with_markup_shows_as_text_in_the_frame() {
        let html = layout("Settings", &frame(), html! { p { "ok" } }).into_string();
        assert!(html.starts_with("<!doctype html><html lang=\"en\">"));
        assert!(html.contains("<title>Settings · Shopchat</title>"));
        assert!(html.contains("Shopchat · &lt;b&gt;Bold&lt;/b&gt; &amp; co"));
        assert!(html.contains("value=\"tok&quot;en\""));
        assert!(!html.contains("<b>Bold</b>"));
        assert!(html.contains("<a href=\"/admin/settings\" aria-current=\"page\">Settings</a>"));
        assert!(html.contains("<a href=\"/admin/orders\">Orders</a>"));
        assert!(html.contains("<main><p>ok</p></main>"));
    }

    #[test]
    fn a_page_outside_the_session_has_no_navigation() {
        let html = bare_layout("Sign in", html! { p { "hello" } }).into_string();
        assert!(html.contains("<main class=\"narrow\"><h1>Shopchat</h1><p>hello</p></main>"));
        assert!(!html.contains("<nav>"));
    }

    #[test]
    fn a_notice_says_whether_it_is_good_news_and_escapes_its_text() {
        assert_eq!(
            flash(true, "Saved <now>").into_string(),
            "<p class=\"notice ok\" role=\"status\">Saved &lt;now&gt;</p>"
        );
        assert!(flash(false, "No")
            .into_string()
            .contains("class=\"notice bad\""));
    }

    #[test]
    fn timestamps_read_to_the_minute_and_odd_ones_pass_as_they_are() {
        assert_eq!(
            text::when("2026-11-29T00:42:45.707Z"),
            "2026-11-29 00:42 UTC"
        );
        assert_eq!(text::when("<b>"), "<b>");
        assert_eq!(text::words("partially_refunded"), "partially refunded");
        assert_eq!(text::money(12500, "USD"), "125.00 USD");
    }

    #[test]
    fn typed_form_fields_arrive_trimmed() {
        #[derive(serde::Deserialize)]
        struct Form {
            #[serde(default, deserialize_with = "trimmed")]
            name: String,
            #[serde(default, deserialize_with = "trimmed")]
            missing: String,
        }
        let form: Form = serde_urlencoded::from_str("name=+Shop+&csrf=x").expect("a form");
        assert_eq!(form.name, "Shop");
        assert_eq!(form.missing, "");
    }
}
