//! The merchant pages at `/admin` against the real server: the first-run setup link, sign-in
//! with its rate limit, CSRF on every POST, settings that reach the widget and the assistant,
//! write-only secrets, and the catalog import and editor.

use shopchat_server::db::Flag;
use shopchat_test_support as support;

use std::path::PathBuf;

use reqwest::header::{CONTENT_TYPE, LOCATION, SET_COOKIE};
use reqwest::StatusCode;
use serde_json::Value;
use shopchat_server::sealed::SecretColumn;
use shopchat_server::{Application, Settings};
use support::localstripe::{LocalStripe, SECRET_KEY};
use support::merchant::{http, session_cookie, set_up_shop, sign_in, Merchant, PASSWORD};
use support::scripted_llm::{ScriptedLlm, Step};
use support::{error_code, text_of, TestApp};

const EMAIL: &str = "owner@shop.example";
/// Runs the first-run setup with a fresh link and returns the signed-in merchant.
async fn set_up(app: &TestApp) -> Merchant {
    set_up_shop(app, "demo", EMAIL, "/admin/settings").await
}

/// A complete, valid settings form; tests override the fields they are about.
/// A complete settings form (the shop speaks both languages) with these fields changed.
fn settings_form<'a>(overrides: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    support::merchant::settings_form_from(&[("languages", "en"), ("languages", "es")], overrides)
}

async fn shop_info(app: &TestApp) -> Value {
    app.get("/api/v1/shops/demo")
        .await
        .json()
        .await
        .expect("json")
}

#[tokio::test]
async fn the_startup_setup_link_works_once_and_is_offered_only_while_the_shop_has_no_account() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = format!("sqlite://{}", dir.path().join("setup.db").display());
    let app = Application::build(Settings::for_tests(db.clone()))
        .await
        .expect("the app builds");
    let link = app
        .setup_link("demo")
        .expect("a link for the demo shop")
        .to_owned();
    let url = app.public_url().to_owned();
    tokio::spawn(app.run_until_stopped());
    assert!(link.starts_with(&format!("{url}/admin/setup?token=")));

    let http = http();
    let form = http.get(&link).send().await.expect("request");
    assert_eq!(form.status(), StatusCode::OK);
    assert!(form
        .text()
        .await
        .expect("page")
        .contains("Set up your merchant account"));

    let token = link.split("token=").nth(1).expect("a token");
    let setup = |password2: &'static str| {
        http.post(format!("{url}/admin/setup"))
            .form(&[
                ("token", token),
                ("email", EMAIL),
                ("password", PASSWORD),
                ("password2", password2),
            ])
            .send()
    };
    let mismatch = setup("something else").await.expect("request");
    assert_eq!(mismatch.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(mismatch
        .text()
        .await
        .expect("page")
        .contains("The two passwords differ."));

    let done = setup(PASSWORD).await.expect("request");
    assert_eq!(done.status(), StatusCode::SEE_OTHER);
    assert_eq!(done.headers()[LOCATION], "/admin/settings");
    let set_cookie = done.headers()[SET_COOKIE]
        .to_str()
        .expect("ascii")
        .to_owned();
    assert!(
        set_cookie.contains("HttpOnly") && set_cookie.contains("SameSite=Strict"),
        "{set_cookie}"
    );
    assert!(
        !set_cookie.contains("Secure"),
        "plain http on loopback: {set_cookie}"
    );

    let again = setup(PASSWORD).await.expect("request");
    assert_eq!(again.status(), StatusCode::NOT_FOUND, "the link works once");
    assert!(session_cookie(&again).is_none());

    let restarted = Application::build(Settings::for_tests(db))
        .await
        .expect("the app builds");
    assert_eq!(
        restarted.setup_link("demo"),
        None,
        "no new link once the account exists"
    );
}

#[tokio::test]
async fn a_wrong_password_is_refused_and_five_failures_lock_sign_in_for_that_email() {
    let app = TestApp::spawn().await;
    set_up(&app).await;
    let login = |password: &'static str| sign_in(&app, EMAIL, password);

    let wrong = login("wrong password!").await;
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    assert!(session_cookie(&wrong).is_none());
    assert!(wrong
        .text()
        .await
        .expect("page")
        .contains("wrong email or password"));

    let right = login(PASSWORD).await;
    assert_eq!(right.status(), StatusCode::SEE_OTHER);
    assert!(session_cookie(&right).is_some());

    for _ in 0..4 {
        assert_eq!(
            login("wrong password!").await.status(),
            StatusCode::UNAUTHORIZED
        );
    }
    let locked = login(PASSWORD).await;
    assert_eq!(
        locked.status(),
        StatusCode::TOO_MANY_REQUESTS,
        "even the right password waits"
    );
    assert!(session_cookie(&locked).is_none());
    assert!(locked
        .text()
        .await
        .expect("page")
        .contains("Too many failed sign-ins"));
}

#[tokio::test]
async fn a_post_without_the_sessions_csrf_token_is_refused_and_changes_nothing() {
    let app = TestApp::spawn().await;
    let merchant = set_up(&app).await;
    let form = settings_form(&[("brand_color", "#ff0066")]);

    let missing = merchant.post_raw("/admin/settings", &form).await;
    assert_eq!(missing.status(), StatusCode::FORBIDDEN);
    assert_eq!(error_code(missing).await, "csrf_rejected");

    let mut forged = form.clone();
    forged.push(("csrf", "not-the-token"));
    let wrong = merchant.post_raw("/admin/settings", &forged).await;
    assert_eq!(wrong.status(), StatusCode::FORBIDDEN);

    let upload = merchant
        .http
        .post(format!("{}/admin/catalog/import", app.url))
        .header("cookie", &merchant.cookie)
        .header(CONTENT_TYPE, "text/csv")
        .body("Handle,Title,Variant Price\nmug,Mug,1.00\n")
        .send()
        .await
        .expect("request");
    assert_eq!(
        upload.status(),
        StatusCode::FORBIDDEN,
        "an upload without the header"
    );

    let signed_out = http()
        .post(format!("{}/admin/settings", app.url))
        .form(&form)
        .send()
        .await
        .expect("request");
    assert_eq!(signed_out.status(), StatusCode::UNAUTHORIZED);

    assert_eq!(
        shop_info(&app).await["brand_color"],
        "#2563eb",
        "nothing was saved"
    );
}

#[tokio::test]
async fn signed_out_visitors_are_sent_to_sign_in_and_sign_out_ends_the_session() {
    let app = TestApp::spawn().await;
    let anonymous = http()
        .get(format!("{}/admin/settings", app.url))
        .send()
        .await
        .expect("request");
    assert_eq!(anonymous.status(), StatusCode::SEE_OTHER);
    assert_eq!(anonymous.headers()[LOCATION], "/admin/login");

    let merchant = set_up(&app).await;
    let out = merchant.post("/admin/logout", &[]).await;
    assert_eq!(out.status(), StatusCode::SEE_OTHER);
    assert!(session_cookie(&out)
        .expect("the cookie is cleared")
        .ends_with("sc_admin="));
    let after = merchant.get("/admin/settings").await;
    assert_eq!(
        after.status(),
        StatusCode::SEE_OTHER,
        "the old cookie opens nothing"
    );
}

#[tokio::test]
async fn saved_widget_settings_reach_the_public_shop_info_and_the_checkout_rules() {
    let app = TestApp::spawn().await;
    let merchant = set_up(&app).await;
    let saved = merchant
        .post(
            "/admin/settings",
            &settings_form(&[
                ("name", "Northwind <Outlet>"),
                ("brand_color", "#FF0066"),
                ("position", "left"),
                ("launcher_text", "Ask us"),
                (
                    "allowed_origins",
                    "https://shop.example/\r\nhttp://127.0.0.1:3000",
                ),
                ("shipping_flat", "4.50"),
                ("free_shipping_over", ""),
                ("tax_rate", "20"),
                ("tax_inclusive", "on"),
            ]),
        )
        .await;
    assert_eq!(saved.status(), StatusCode::SEE_OTHER);
    assert_eq!(saved.headers()[LOCATION], "/admin/settings?saved=1");

    let info = shop_info(&app).await;
    assert_eq!(info["name"], "Northwind <Outlet>");
    assert_eq!(info["brand_color"], "#ff0066");
    assert_eq!(info["position"], "left");
    assert_eq!(info["launcher_text"], "Ask us");

    let allowed = app
        .create_conversation_raw(
            serde_json::json!({"shop": "demo", "locale": "en"}),
            Some("https://shop.example"),
        )
        .await;
    assert_eq!(
        allowed.status(),
        StatusCode::CREATED,
        "the new origin may use the widget"
    );

    let (flat, free, bps, Flag(inclusive)): (i64, Option<i64>, i64, Flag) = sqlx::query_as(
        "select shipping_flat_minor, free_shipping_over_minor, tax_rate_bps, tax_inclusive from shop where public_key = 'demo'",
    )
    .fetch_one(&app.db)
    .await
    .expect("the shop");
    assert_eq!((flat, free, bps, inclusive), (450, None, 2000, true));

    let page = merchant.page("/admin/settings?saved=1").await;
    assert!(page.contains("Settings saved."));
    assert!(
        page.contains("Northwind &lt;Outlet&gt;"),
        "the name is escaped"
    );
    assert!(!page.contains("Northwind <Outlet>"));
    assert!(page.contains("value=\"#ff0066\""));
    assert!(page.contains("<iframe src=\"/admin/preview\""));
    let preview = merchant.page("/admin/preview").await;
    assert!(preview.contains(&format!(
        "<script src=\"{}/embed.js\" data-shop=\"demo\" data-position=\"left\" nonce=\"",
        app.url
    )));
}

#[tokio::test]
async fn invalid_settings_are_shown_beside_their_fields_and_nothing_is_saved() {
    let app = TestApp::spawn().await;
    let merchant = set_up(&app).await;
    let refused = merchant
        .post(
            "/admin/settings",
            &settings_form(&[
                ("brand_color", "red"),
                ("allowed_origins", "https://shop.example/products"),
                ("tax_rate", "eight"),
            ]),
        )
        .await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = refused.text().await.expect("page");
    assert!(page.contains("Nothing was saved"));
    assert!(page.contains("Enter a colour as #rrggbb"));
    assert!(page.contains("is not an origin like https://shop.example"));
    assert!(page.contains("Enter a rate in percent"));
    assert!(
        page.contains("https://shop.example/products</textarea>"),
        "the draft is kept"
    );
    assert_eq!(shop_info(&app).await["brand_color"], "#2563eb");
}

/// The shop's delivery columns: (countries, processing, transit min, max, by country, zone).
async fn delivery_columns(app: &TestApp) -> (String, i64, i64, i64, String, String) {
    sqlx::query_as(
        "select ship_to_countries, processing_days, transit_days_min, transit_days_max,
            transit_by_country, time_zone from shop where public_key = 'demo'",
    )
    .fetch_one(&app.db)
    .await
    .expect("the shop")
}

#[tokio::test]
async fn delivery_settings_are_saved_to_the_shop_and_shown_again() {
    let app = TestApp::spawn().await;
    let merchant = set_up(&app).await;
    let page = merchant.page("/admin/settings").await;
    let stored = delivery_columns(&app).await;
    assert!(page.contains(&format!("name=\"processing_days\" value=\"{}\"", stored.1)));
    assert!(page.contains(&format!("name=\"time_zone\" value=\"{}\"", stored.5)));
    assert!(page.contains("<datalist id=\"time-zones\"><option value=\"America/New_York\">"));
    assert!(page.contains("how long does delivery take?"));

    let saved = merchant
        .post(
            "/admin/settings",
            &settings_form(&[
                ("ship_to_countries", "us, ca ES,US"),
                ("processing_days", "2"),
                ("transit_days_min", "3"),
                ("transit_days_max", "8"),
                ("transit_by_country", "ca 5-9\r\nMX: 6 - 10\r\n"),
                ("time_zone", "Europe/Madrid"),
            ]),
        )
        .await;
    assert_eq!(saved.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        delivery_columns(&app).await,
        (
            r#"["US","CA","ES"]"#.to_owned(),
            2,
            3,
            8,
            r#"{"CA":[5,9],"MX":[6,10]}"#.to_owned(),
            "Europe/Madrid".to_owned()
        )
    );

    let page = merchant.page("/admin/settings?saved=1").await;
    assert!(page.contains("name=\"ship_to_countries\" value=\"US, CA, ES\""));
    assert!(page.contains("name=\"processing_days\" value=\"2\""));
    assert!(page.contains("name=\"transit_days_min\" value=\"3\""));
    assert!(page.contains("name=\"transit_days_max\" value=\"8\""));
    assert!(page.contains(">CA 5-9\nMX 6-10</textarea>"));
    assert!(page.contains("name=\"time_zone\" value=\"Europe/Madrid\""));

    let anywhere = merchant
        .post(
            "/admin/settings",
            &settings_form(&[
                ("ship_to_countries", ""),
                ("processing_days", "0"),
                ("transit_days_min", "4"),
                ("transit_days_max", "4"),
                ("transit_by_country", ""),
                ("time_zone", "UTC"),
            ]),
        )
        .await;
    assert_eq!(anywhere.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        delivery_columns(&app).await,
        ("[]".into(), 0, 4, 4, "{}".into(), "UTC".into()),
        "an empty list ships anywhere"
    );
}

#[tokio::test]
async fn bad_delivery_settings_are_shown_beside_their_fields_and_nothing_is_saved() {
    let app = TestApp::spawn().await;
    let merchant = set_up(&app).await;
    let before = delivery_columns(&app).await;
    let refused = merchant
        .post(
            "/admin/settings",
            &settings_form(&[
                ("name", "Renamed Shop"),
                ("ship_to_countries", "US, XY"),
                ("processing_days", "1"),
                ("transit_days_min", "9"),
                ("transit_days_max", "4"),
                ("transit_by_country", "CA 5-9\r\nMX in a week"),
                ("time_zone", "Mars/Olympus_Mons"),
            ]),
        )
        .await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = refused.text().await.expect("page");
    assert!(page.contains("Nothing was saved"));
    assert!(page.contains("“XY” is not a two-letter country code"));
    assert!(page.contains("the first number can&#39;t be more than the second"));
    assert!(page.contains("“MX in a week” is not a line like CA 5-9"));
    assert!(page.contains("Enter a time zone such as America/New_York"));
    assert_eq!(page.matches("class=\"field-error\"").count(), 4);
    // What was typed is kept.
    assert!(page.contains("name=\"ship_to_countries\" value=\"US, XY\""));
    assert!(page.contains("name=\"transit_days_min\" value=\"9\""));
    assert!(page.contains(">CA 5-9\r\nMX in a week</textarea>"));
    assert!(page.contains("name=\"time_zone\" value=\"Mars/Olympus_Mons\""));

    assert_eq!(delivery_columns(&app).await, before, "nothing is saved");
    assert_ne!(shop_info(&app).await["name"], "Renamed Shop");
}

#[tokio::test]
async fn secrets_are_write_only_and_appear_in_no_page_or_response() {
    let app = TestApp::spawn().await;
    let merchant = set_up(&app).await;
    let secrets = [
        "sk_test_4eC39HqLyjWDarjtT1zdp7dc",
        "whsec_s3cr3tS1gningValue",
        "sk-llm-key-0123456789",
    ];
    let saved = merchant
        .post(
            "/admin/settings",
            &settings_form(&[
                ("stripe_publishable_key", "pk_test_publicvalue"),
                ("stripe_secret_key", secrets[0]),
                ("stripe_webhook_secret", secrets[1]),
                ("engine", "openai"),
                ("llm_base_url", "http://127.0.0.1:9/v1"),
                ("llm_model", "gpt-test"),
                ("llm_api_key", secrets[2]),
            ]),
        )
        .await;
    assert_eq!(saved.status(), StatusCode::SEE_OTHER);
    let stored = (
        app.stored_secret("demo", SecretColumn::StripeSecretKey)
            .await,
        app.stored_secret("demo", SecretColumn::StripeWebhookSecret)
            .await,
        app.stored_secret("demo", SecretColumn::LlmApiKey).await,
    );
    assert_eq!(
        stored,
        (
            Some(secrets[0].into()),
            Some(secrets[1].into()),
            Some(secrets[2].into())
        )
    );

    let mut seen = Vec::new();
    for path in [
        "/admin/settings",
        "/admin/settings?saved=1",
        "/admin/install",
        "/admin/catalog",
        "/admin/preview",
    ] {
        seen.push((path.to_owned(), merchant.page(path).await));
    }
    for path in ["/admin/settings/test-stripe", "/admin/settings/test-llm"] {
        let response = merchant.post(path, &[]).await;
        seen.push((path.to_owned(), response.text().await.expect("page")));
    }
    let invalid = merchant
        .post(
            "/admin/settings",
            &settings_form(&[("brand_color", "nope")]),
        )
        .await;
    seen.push((
        "invalid settings".into(),
        invalid.text().await.expect("page"),
    ));
    seen.push((
        "shop info".into(),
        app.get("/api/v1/shops/demo")
            .await
            .text()
            .await
            .expect("json"),
    ));
    let token = app.admin_token().await;
    let admin = app
        .admin(reqwest::Method::GET, "/shop", Some(&token))
        .send()
        .await
        .expect("request");
    seen.push(("admin api".into(), admin.text().await.expect("json")));

    for (path, body) in &seen {
        for secret in secrets {
            assert!(!body.contains(secret), "{path} shows a secret");
            assert!(
                !body.contains(&secret[secret.len() - 8..]),
                "{path} shows part of a secret"
            );
        }
    }
    let settings = &seen[0].1;
    assert_eq!(
        settings.matches(">set</strong>").count(),
        3,
        "each secret shows as set"
    );
    assert!(
        settings.contains("pk_test_publicvalue"),
        "the publishable key is not a secret"
    );

    // Saving the form again without touching the secrets keeps them.
    let resaved = merchant
        .post(
            "/admin/settings",
            &settings_form(&[
                ("engine", "openai"),
                ("llm_base_url", "http://127.0.0.1:9/v1"),
                ("llm_model", "gpt-test"),
            ]),
        )
        .await;
    assert_eq!(resaved.status(), StatusCode::SEE_OTHER);
    let kept = app.stored_secret("demo", SecretColumn::LlmApiKey).await;
    assert_eq!(kept.as_deref(), Some(secrets[2]));
}

#[tokio::test]
async fn the_shops_own_llm_settings_pass_the_connection_test_and_answer_its_shoppers() {
    let llm = ScriptedLlm::start(vec![
        vec![Step::text("ok"), Step::Finish("stop")],
        vec![
            Step::text("Hello from the shop's own model."),
            Step::Finish("stop"),
        ],
    ])
    .await;
    let app = TestApp::spawn().await;
    let merchant = set_up(&app).await;
    let saved = merchant
        .post(
            "/admin/settings",
            &settings_form(&[
                ("engine", "openai"),
                ("llm_base_url", &llm.base_url),
                ("llm_model", "shop-model"),
                ("llm_api_key", "sk-shop-key"),
            ]),
        )
        .await;
    assert_eq!(saved.status(), StatusCode::SEE_OTHER);

    let tested = merchant.post("/admin/settings/test-llm", &[]).await;
    let page = tested.text().await.expect("page");
    assert!(
        page.contains("The LLM endpoint answered: the connection works."),
        "{page}"
    );

    let (id, token) = app.create_conversation("en").await;
    let events = app.send_message(&id, &token, "hi").await;
    assert_eq!(text_of(&events), "Hello from the shop's own model.");
    let requests = llm.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[1].body["model"], "shop-model");
    assert_eq!(
        requests[1].authorization.as_deref(),
        Some("Bearer sk-shop-key")
    );

    // Choosing the embedded engine takes the model out of the conversation.
    merchant
        .post("/admin/settings", &settings_form(&[("engine", "embedded")]))
        .await;
    let events = app.send_message(&id, &token, "hoodie").await;
    assert!(!text_of(&events).is_empty());
    assert_eq!(llm.requests().len(), 2, "the model was not asked");
}

#[tokio::test]
async fn an_unreachable_llm_endpoint_fails_the_connection_test_with_a_reason() {
    let app = TestApp::spawn().await;
    let merchant = set_up(&app).await;
    merchant
        .post(
            "/admin/settings",
            &settings_form(&[
                ("engine", "openai"),
                ("llm_base_url", "http://127.0.0.1:9/v1"),
                ("llm_model", "m"),
            ]),
        )
        .await;
    let page = merchant
        .post("/admin/settings/test-llm", &[])
        .await
        .text()
        .await
        .expect("page");
    assert!(page.contains("The LLM endpoint did not answer"), "{page}");
}

#[tokio::test]
async fn the_stripe_connection_test_uses_the_saved_secret_key() {
    let stripe = LocalStripe::start().await;
    let settings = stripe.settings();
    let app = TestApp::spawn_with(|s| s.stripe = settings).await;
    let merchant = set_up(&app).await;

    let none = merchant
        .post("/admin/settings/test-stripe", &[])
        .await
        .text()
        .await
        .expect("page");
    assert!(none.contains("No Stripe secret key is set"), "{none}");

    merchant
        .post(
            "/admin/settings",
            &settings_form(&[
                ("stripe_publishable_key", "pk_test_x"),
                ("stripe_secret_key", SECRET_KEY),
            ]),
        )
        .await;
    let page = merchant
        .post("/admin/settings/test-stripe", &[])
        .await
        .text()
        .await
        .expect("page");
    assert!(page.contains("Stripe accepted the secret key"), "{page}");
    assert!(!page.contains(SECRET_KEY));
}

fn reference_csv() -> Option<PathBuf> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared/data/shopify-product-csvs/apparel.csv");
    path.exists().then_some(path)
}

#[tokio::test]
async fn importing_the_reference_apparel_csv_reports_imported_and_skipped_rows() {
    let Some(csv) = reference_csv() else {
        eprintln!(
            "skipped: ../shared/data/shopify-product-csvs/apparel.csv is not beside the checkout"
        );
        return;
    };
    let app = TestApp::spawn().await;
    let merchant = set_up(&app).await;
    let bytes = std::fs::read(&csv).expect("the reference CSV");
    let expected = shopchat_server::catalog::import::parse_shopify_csv(
        bytes.as_slice(),
        shopchat_protocol::Currency::parse("USD").expect("USD"),
    )
    .expect("a product CSV");
    let response = merchant
        .http
        .post(format!("{}/admin/catalog/import", app.url))
        .header("cookie", &merchant.cookie)
        .header("x-csrf-token", &merchant.csrf)
        .header(CONTENT_TYPE, "text/csv")
        .body(bytes)
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), StatusCode::OK);
    let report = response.text().await.expect("the report");
    assert!(
        report.contains(&format!("Imported {} products", expected.products.len())),
        "{report}"
    );
    assert!(
        report.contains(&format!("{} rows skipped", expected.skipped.len())),
        "{report}"
    );
    for row in &expected.skipped {
        assert!(
            report.contains(&format!("<tr><td>{}</td>", row.line)),
            "line {} listed",
            row.line
        );
    }

    let first = &expected.products[0];
    let listing = merchant
        .page(&format!("/admin/catalog?q={}", first.handle))
        .await;
    assert!(listing.contains(&format!("data-handle=\"{}\"", first.handle)));
}

#[tokio::test]
async fn a_file_that_is_not_a_product_csv_is_refused_whole_with_the_reason() {
    let app = TestApp::spawn().await;
    let merchant = set_up(&app).await;
    let response = merchant
        .http
        .post(format!("{}/admin/catalog/import", app.url))
        .header("cookie", &merchant.cookie)
        .header("x-csrf-token", &merchant.csrf)
        .body("name,colour\n<b>x</b>,red\n")
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = response.text().await.expect("fragment");
    assert!(body.contains("Nothing was imported"), "{body}");
    assert!(!body.contains("<b>x</b>"));
}

#[tokio::test]
async fn a_catalog_larger_than_a_form_uploads_and_imports() {
    let app = TestApp::spawn().await;
    let merchant = set_up(&app).await;
    let mut csv = String::from("Handle,Title,Body (HTML),Variant Price\n");
    for i in 0..1500 {
        csv.push_str(&format!(
            "bulk-mug-{i},Bulk Mug {i},<p>A plain stoneware mug for every day.</p>,9.50\n"
        ));
    }
    assert!(csv.len() > 64 * 1024);
    let response = merchant
        .http
        .post(format!("{}/admin/catalog/import", app.url))
        .header("cookie", &merchant.cookie)
        .header("x-csrf-token", &merchant.csrf)
        .header(CONTENT_TYPE, "text/csv")
        .body(csv)
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), StatusCode::OK);
    assert!(response
        .text()
        .await
        .expect("report")
        .contains("Imported 1500 products"));

    let oversized_form = "a".repeat(70 * 1024);
    let refused = merchant
        .post("/admin/settings", &[("name", &oversized_form)])
        .await;
    assert_eq!(
        refused.status(),
        StatusCode::PAYLOAD_TOO_LARGE,
        "forms stay small"
    );
}

#[tokio::test]
async fn editing_a_variant_in_the_catalog_changes_its_price_stock_and_title() {
    let app = TestApp::spawn().await;
    let merchant = set_up(&app).await;
    let (product_id, variant_id): (i64, i64) = sqlx::query_as(
        "select p.id, v.id from product p join variant v on v.product_id = p.id
         where p.handle = 'everyday-pullover-hoodie' order by v.position limit 1",
    )
    .fetch_one(&app.db)
    .await
    .expect("a demo hoodie");
    let listing = merchant.page("/admin/catalog?q=pullover").await;
    assert!(listing.contains("data-handle=\"everyday-pullover-hoodie\""));
    assert!(
        !listing.contains("data-handle=\"classic-cotton-tee\""),
        "the search filters"
    );

    let price_field = format!("price_{variant_id}");
    let stock_field = format!("stock_{variant_id}");
    let saved = merchant
        .post(
            &format!("/admin/catalog/products/{product_id}"),
            &[
                ("title", "Everyday Hoodie <Limited>"),
                (&price_field, "12.50"),
                (&stock_field, "3"),
            ],
        )
        .await;
    assert_eq!(saved.status(), StatusCode::SEE_OTHER);
    let (title, price, stock): (String, i64, Option<i64>) = sqlx::query_as(
        "select p.title, v.price_minor, v.inventory_qty from product p join variant v on v.product_id = p.id where v.id = $1",
    )
    .bind(variant_id)
    .fetch_one(&app.db)
    .await
    .expect("the variant");
    assert_eq!(
        (title.as_str(), price, stock),
        ("Everyday Hoodie <Limited>", 1250, Some(3))
    );
    let listing = merchant.page("/admin/catalog?q=everyday").await;
    assert!(listing.contains("value=\"Everyday Hoodie &lt;Limited&gt;\""));
    assert!(listing.contains(&format!("name=\"{price_field}\" value=\"12.50\"")));

    let bad = merchant
        .post(
            &format!("/admin/catalog/products/{product_id}"),
            &[("title", "x"), (&price_field, "12,50")],
        )
        .await;
    assert_eq!(bad.status(), StatusCode::SEE_OTHER);
    let back = bad.headers()[LOCATION].to_str().expect("ascii").to_owned();
    let page = merchant.page(&back).await;
    assert!(
        page.contains("Nothing was saved: enter prices like 12.50"),
        "{page}"
    );
    let unchanged: i64 = sqlx::query_scalar("select price_minor from variant where id = $1")
        .bind(variant_id)
        .fetch_one(&app.db)
        .await
        .expect("the variant");
    assert_eq!(unchanged, 1250);
    let other_shop = merchant
        .post("/admin/catalog/products/999999", &[("title", "x")])
        .await;
    assert_eq!(other_shop.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_install_page_shows_this_shops_script_tag_and_a_filled_in_shopify_snippet() {
    let public = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir_all(public.path().join("shopify")).expect("a dir");
    std::fs::write(
        public.path().join("shopify/shopchat.liquid"),
        "{%- assign shopchat_host = 'https://YOUR-SHOPCHAT-HOST' -%}\n{%- assign shopchat_shop = 'YOUR_SHOP_KEY' -%}\n",
    )
    .expect("a snippet");
    let public_dir = public.path().to_owned();
    let app = TestApp::spawn_with(|s| s.public_dir = public_dir).await;
    let merchant = set_up(&app).await;
    let page = merchant.page("/admin/install").await;
    let tag = format!(
        "&lt;script src=&quot;{}/embed.js&quot; data-shop=&quot;demo&quot; async&gt;&lt;/script&gt;",
        app.url
    );
    assert!(page.contains(&tag), "{page}");
    assert!(page.contains("data-copy=\"script-tag\""));
    assert!(page.contains("href=\"/shopify/extension/\""));
    assert!(
        page.contains(&format!("shopchat_host = &#39;{}&#39;", app.url)),
        "{page}"
    );
    assert!(page.contains("shopchat_shop = &#39;demo&#39;"));
    assert!(page.contains("data-copy=\"liquid-snippet\""));

    let download = merchant.get("/admin/install/shopchat.liquid").await;
    assert_eq!(download.status(), StatusCode::OK);
    let snippet = download.text().await.expect("the snippet");
    assert!(snippet.contains(&format!("shopchat_host = '{}'", app.url)));
    assert!(!snippet.contains("YOUR_SHOP_KEY"));
}

#[tokio::test]
async fn analytics_count_todays_conversations_checkouts_and_revenue_through_the_chat() {
    let app = TestApp::spawn().await;
    let merchant = set_up(&app).await;
    let tile = |page: &str, id: &str| -> String {
        let at = page.find(&format!("id=\"{id}\">")).expect("the tile") + id.len() + 6;
        page[at..at + page[at..].find('<').expect("the tile ends")].to_owned()
    };
    let empty = merchant.page("/admin/analytics").await;
    assert_eq!(tile(&empty, "total-conversations"), "0");
    assert_eq!(tile(&empty, "total-revenue"), "0");

    let variant: i64 = sqlx::query_scalar(
        "select v.id from variant v join product p on p.id = v.product_id
         where p.handle = 'everyday-pullover-hoodie' order by v.position limit 1",
    )
    .fetch_one(&app.db)
    .await
    .expect("a hoodie");
    let mut totals = 0;
    for (key, pays) in [("a", true), ("b", false)] {
        let (conversation, token) = app.create_conversation("en").await;
        let created: Value = app
            .client
            .post(format!("{}/api/v1/conversations/{conversation}/orders", app.url))
            .bearer_auth(&token)
            .json(&serde_json::json!({
                "variant_id": variant, "email": "ada@example.com", "idempotency_key": key,
                "shipping_address": {"name": "Ada Lovelace", "line1": "12 Main St", "city": "Austin",
                                     "postal_code": "78701", "country": "US"}
            }))
            .send()
            .await
            .expect("request")
            .json()
            .await
            .expect("an order");
        if pays {
            let order_id = created["order"]["order_id"].as_str().expect("an id");
            let paid = app
                .client
                .post(format!("{}/api/v1/orders/{order_id}/demo-payments", app.url))
                .bearer_auth(created["order_token"].as_str().expect("a token"))
                .json(&serde_json::json!({"card_number": "4242 4242 4242 4242", "expiry": "12/34", "cvc": "123"}))
                .send()
                .await
                .expect("request");
            assert_eq!(paid.status(), StatusCode::OK);
            totals +=
                sqlx::query_scalar::<_, i64>("select total_minor from shop_order where id = $1")
                    .bind(order_id)
                    .fetch_one(&app.db)
                    .await
                    .expect("the order");
        }
    }

    let page = merchant.page("/admin/analytics").await;
    assert_eq!(tile(&page, "total-conversations"), "2");
    assert_eq!(tile(&page, "total-started"), "2");
    assert_eq!(tile(&page, "total-paid"), "1");
    assert_eq!(
        tile(&page, "total-revenue"),
        format!("{}.{:02} USD", totals / 100, totals % 100)
    );
    assert_eq!(tile(&page, "total-refunds"), "0");
    assert_eq!(
        page.matches("<svg class=\"chart\"").count(),
        4,
        "four charts (conversations, card clicks, checkouts, conversation ratings), drawn on the server"
    );
    assert!(
        page.contains("data-value=\"2\""),
        "today's bar shows the two conversations"
    );
    assert!(!page.contains("<script>"), "no inline script");
}
