//! A merchant on the merchant page over HTTP: an account made through the setup link, its
//! session cookie and CSRF token, and page requests with them.

use reqwest::header::{LOCATION, SET_COOKIE};
use reqwest::{redirect, Response, StatusCode};
use shopchat_server::http::merchant::session::issue_setup_token;

use crate::TestApp;

pub const PASSWORD: &str = "correct horse battery";

/// A signed-in merchant.
pub struct Merchant {
    pub url: String,
    pub http: reqwest::Client,
    /// The `sc_admin=…` pair.
    pub cookie: String,
    pub csrf: String,
}

/// A client that shows redirects rather than following them.
pub fn http() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(redirect::Policy::none())
        .build()
        .expect("a client")
}

/// The `sc_admin=…` pair a response sets, if any.
pub fn session_cookie(response: &Response) -> Option<String> {
    cookie_named(response, "sc_admin")
}

/// Signs in through the sign-in page as a browser does: opens the form (its CSRF cookie and
/// token), then posts it with `email` and `password`.
pub async fn sign_in(app: &TestApp, email: &str, password: &str) -> Response {
    let http = http();
    let form = http
        .get(format!("{}/admin/login", app.url))
        .send()
        .await
        .expect("request");
    let cookie = cookie_named(&form, "sc_login").expect("the form sets its CSRF cookie");
    let csrf = csrf_of(&form.text().await.expect("page"));
    http.post(format!("{}/admin/login", app.url))
        .header(reqwest::header::COOKIE, cookie)
        .form(&[("email", email), ("password", password), ("csrf", &csrf)])
        .send()
        .await
        .expect("request")
}

/// The `name=value` pair of the cookie a response sets, if any.
pub fn cookie_named(response: &Response, name: &str) -> Option<String> {
    response
        .headers()
        .get_all(SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with(&format!("{name}=")))
        .map(|v| v.split(';').next().unwrap_or_default().to_owned())
}

/// The value of the first `name="csrf"` field of a page.
pub fn csrf_of(page: &str) -> String {
    let at = page
        .find("name=\"csrf\" value=\"")
        .expect("the page has a CSRF field");
    let rest = &page[at + "name=\"csrf\" value=\"".len()..];
    rest[..rest.find('"').expect("a closing quote")].to_owned()
}

/// Creates the account of the shop with this key through a fresh setup link (with `email`
/// and [`PASSWORD`]); returns the merchant signed in, with the CSRF token of `first_page`.
pub async fn set_up_shop(app: &TestApp, shop_key: &str, email: &str, first_page: &str) -> Merchant {
    let token = issue_setup_token(&app.db, shop_key)
        .await
        .expect("database")
        .expect("the shop has no account yet");
    let http = http();
    let response = http
        .post(format!("{}/admin/setup", app.url))
        .form(&[
            ("token", token.as_str()),
            ("email", email),
            ("password", PASSWORD),
            ("password2", PASSWORD),
        ])
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let cookie = session_cookie(&response).expect("setup signs the merchant in");
    let mut merchant = Merchant {
        url: app.url.clone(),
        http,
        cookie,
        csrf: String::new(),
    };
    let page = merchant.page(first_page).await;
    merchant.csrf = csrf_of(&page);
    merchant
}

impl Merchant {
    pub async fn get(&self, path: &str) -> Response {
        self.http
            .get(format!("{}{path}", self.url))
            .header("cookie", &self.cookie)
            .send()
            .await
            .expect("request")
    }

    /// A page's HTML; fails unless it is served with 200.
    pub async fn page(&self, path: &str) -> String {
        let response = self.get(path).await;
        assert_eq!(response.status(), StatusCode::OK, "GET {path}");
        response.text().await.expect("a page")
    }

    /// Posts a form with the session's CSRF token added.
    pub async fn post(&self, path: &str, fields: &[(&str, &str)]) -> Response {
        let mut fields = fields.to_vec();
        fields.push(("csrf", &self.csrf));
        self.post_raw(path, &fields).await
    }

    pub async fn post_raw(&self, path: &str, fields: &[(&str, &str)]) -> Response {
        self.http
            .post(format!("{}{path}", self.url))
            .header("cookie", &self.cookie)
            .form(fields)
            .send()
            .await
            .expect("request")
    }

    /// Posts a form and follows its redirect to the page it lands on.
    pub async fn post_and_follow(&self, path: &str, fields: &[(&str, &str)]) -> String {
        let response = self.post(path, fields).await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "POST {path}");
        let location = response.headers()[LOCATION]
            .to_str()
            .expect("ascii")
            .to_owned();
        self.page(&location).await
    }
}

/// The settings form as the demo shop's Settings page fills it in.
const SETTINGS_FORM: &[(&str, &str)] = &[
    ("name", "Northwind Demo Shop"),
    ("greeting", ""),
    ("locale", "en"),
    ("languages", "en"),
    ("currency", "USD"),
    ("brand_color", "#2563eb"),
    ("position", "right"),
    ("launcher_text", ""),
    ("allowed_origins", ""),
    ("engine", "default"),
    ("llm_base_url", ""),
    ("llm_model", ""),
    ("stripe_publishable_key", ""),
    ("shipping_flat", "5.00"),
    ("free_shipping_over", "75.00"),
    ("tax_rate", "8.25"),
];

/// A complete settings form with these fields changed (a field named in `overrides` is
/// replaced by all of its values there).
pub fn settings_form<'a>(overrides: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    settings_form_from(&[], overrides)
}

/// The settings form with `extra` fields a test's shop always has (added, or in place of the
/// same-named ones), then `overrides` in place of any field they name.
pub fn settings_form_from<'a>(
    extra: &[(&'a str, &'a str)],
    overrides: &[(&'a str, &'a str)],
) -> Vec<(&'a str, &'a str)> {
    let mut fields: Vec<(&str, &str)> = SETTINGS_FORM.to_vec();
    for layer in [extra, overrides] {
        fields.retain(|(name, _)| !layer.iter().any(|(n, _)| n == name));
        fields.extend_from_slice(layer);
    }
    fields
}
