//! Building the merchant pages: one escaping function every interpolated value goes through,
//! the page frame (navigation, sign-out form), and the reading of submitted forms.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

/// Escapes text for HTML element content and quoted attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            other => out.push(other),
        }
    }
    out
}

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

/// A signed-in page: navigation, sign-out, and `body` (already escaped HTML).
pub fn page(title: &str, frame: &Frame<'_>, body: &str) -> String {
    let mut nav = String::new();
    for (path, label) in NAV {
        let current = if *path == frame.active {
            " aria-current=\"page\""
        } else {
            ""
        };
        nav.push_str(&format!("<a href=\"{path}\"{current}>{label}</a>"));
    }
    let header = format!(
        "<header class=\"top\"><span class=\"brand\">Shopchat · {shop}</span><nav>{nav}</nav>\
         <form method=\"post\" action=\"/admin/logout\" class=\"logout\">{csrf}\
         <button type=\"submit\">Sign out</button></form></header>",
        shop = escape(frame.shop_name),
        csrf = csrf_field(frame.csrf),
    );
    document(title, &format!("{header}<main>{body}</main>"))
}

/// A page outside the session (sign-in, setup).
pub fn bare_page(title: &str, body: &str) -> String {
    document(
        title,
        &format!("<main class=\"narrow\"><h1>Shopchat</h1>{body}</main>"),
    )
}

fn document(title: &str, body: &str) -> String {
    format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title} · Shopchat</title>\
         <link rel=\"stylesheet\" href=\"/admin/assets/admin.css\">\
         <script src=\"/admin/assets/admin.js\" defer></script></head>\
         <body>{body}</body></html>",
        title = escape(title),
    )
}

/// The hidden field every state-changing form carries.
pub fn csrf_field(token: &str) -> String {
    format!(
        "<input type=\"hidden\" name=\"csrf\" value=\"{}\">",
        escape(token)
    )
}

/// An amount in minor units of `currency`, e.g. `125.00 USD`.
pub fn money(minor: i64, currency: &str) -> String {
    let exponent = shopchat_protocol::Currency::parse(currency).map_or(2, |c| c.exponent());
    format!(
        "{} {}",
        crate::money::format_minor(minor, exponent),
        escape(currency)
    )
}

/// A stored timestamp (`2026-11-29T00:42:45.707Z`) as people read it (`2026-11-29 00:42 UTC`).
pub fn when(timestamp: &str) -> String {
    match (timestamp.get(..10), timestamp.get(11..16)) {
        (Some(day), Some(time)) if timestamp.as_bytes().get(10) == Some(&b'T') => {
            format!("{} {} UTC", escape(day), escape(time))
        }
        _ => escape(timestamp),
    }
}

/// A stored code (`partially_refunded`) as words (`partially refunded`).
pub fn words(code: &str) -> String {
    escape(&code.replace('_', " "))
}

/// A message at the top of a page: good news or a problem.
pub fn notice(good: bool, text: &str) -> String {
    let class = if good { "notice ok" } else { "notice bad" };
    format!("<p class=\"{class}\" role=\"status\">{}</p>", escape(text))
}

/// An HTML response that no cache keeps and no other site may frame or script.
pub fn html(status: StatusCode, page: String) -> Response {
    let mut response = (status, page).into_response();
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

/// A submitted `application/x-www-form-urlencoded` form, fields in order (a field may repeat).
pub struct FormData(Vec<(String, String)>);

impl FormData {
    pub fn parse(body: &[u8]) -> Self {
        Self(serde_urlencoded::from_bytes(body).unwrap_or_default())
    }

    /// The first value of `name`, trimmed; empty when absent.
    pub fn get(&self, name: &str) -> &str {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.trim())
            .unwrap_or("")
    }

    /// Every value of `name` (checkbox groups).
    pub fn all(&self, name: &str) -> Vec<&str> {
        self.0
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.trim())
            .collect()
    }

    /// True when the checkbox `name` was ticked.
    pub fn checked(&self, name: &str) -> bool {
        self.0.iter().any(|(k, _)| k == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_neutralises_markup_in_content_and_attributes() {
        assert_eq!(
            escape(r#"<script>alert("x")</script> & 'y'"#),
            "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;"
        );
        assert_eq!(escape("Café 12,50 €"), "Café 12,50 €");
        assert_eq!(escape(""), "");
    }

    #[test]
    fn a_shop_name_with_markup_shows_as_text_in_the_frame() {
        let frame = Frame {
            active: "/admin/settings",
            shop_name: "<b>Bold</b> & co",
            csrf: "tok\"en",
        };
        let html = page("Settings", &frame, "<p>ok</p>");
        assert!(html.contains("Shopchat · &lt;b&gt;Bold&lt;/b&gt; &amp; co"));
        assert!(html.contains("value=\"tok&quot;en\""));
        assert!(!html.contains("<b>Bold</b>"));
        assert!(html.contains("<a href=\"/admin/settings\" aria-current=\"page\">Settings</a>"));
    }

    #[test]
    fn timestamps_read_to_the_minute_and_odd_ones_pass_escaped() {
        assert_eq!(when("2026-11-29T00:42:45.707Z"), "2026-11-29 00:42 UTC");
        assert_eq!(when("<b>"), "&lt;b&gt;");
    }

    #[test]
    fn forms_keep_repeated_fields_and_trim_values() {
        let form = FormData::parse(b"languages=en&languages=es&name=+Shop+&tax_inclusive=on");
        assert_eq!(form.all("languages"), vec!["en", "es"]);
        assert_eq!(form.get("name"), "Shop");
        assert_eq!(form.get("missing"), "");
        assert!(form.checked("tax_inclusive"));
        assert!(!form.checked("other"));
    }
}
