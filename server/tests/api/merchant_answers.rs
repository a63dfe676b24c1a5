//! The merchant's Answers page against the real server: adding, editing and deleting the
//! shop's own questions and answers (a refused entry keeps what was typed and adds nothing),
//! the CSV import's per-row report and the export, the questions the assistant couldn't answer
//! with their "Write an answer" link, and entries scoped to the merchant's own shop.

use shopchat_server::db::Flag;
use shopchat_test_support as support;

use reqwest::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use reqwest::StatusCode;
use shopchat_server::answers::unanswered::{self, Reason};
use shopchat_server::locale::Locale;
use support::merchant::{set_up_shop, Merchant};
use support::TestApp;

async fn merchant_of(app: &TestApp, shop_key: &str) -> Merchant {
    set_up_shop(
        app,
        shop_key,
        &format!("owner@{shop_key}.example"),
        "/admin/answers",
    )
    .await
}

async fn faq_count(app: &TestApp, shop_key: &str) -> i64 {
    sqlx::query_scalar(
        "select count(*) from faq_entry f join shop s on s.id = f.shop_id where s.public_key = $1",
    )
    .bind(shop_key)
    .fetch_one(&app.db)
    .await
    .expect("database")
}

async fn faq_id(app: &TestApp, question: &str) -> i64 {
    sqlx::query_scalar("select id from faq_entry where question = $1")
        .bind(question)
        .fetch_one(&app.db)
        .await
        .expect("the entry is stored")
}

async fn import(merchant: &Merchant, csv: &str) -> reqwest::Response {
    merchant
        .http
        .post(format!("{}/admin/answers/import", merchant.url))
        .header("cookie", &merchant.cookie)
        .header("x-csrf-token", &merchant.csrf)
        .header(CONTENT_TYPE, "text/csv")
        .body(csv.to_owned())
        .send()
        .await
        .expect("request")
}

#[tokio::test]
async fn a_merchant_writes_imports_exports_and_deletes_answers() {
    let app = TestApp::spawn().await;
    let merchant = merchant_of(&app, "demo").await;

    let empty = merchant.page("/admin/answers").await;
    assert!(empty.contains("<a href=\"/admin/answers\" aria-current=\"page\">Answers</a>"));
    assert!(empty.contains("Add an answer"));
    assert!(empty.contains("Answered from your settings"));
    assert!(empty.contains("Questions the assistant couldn't answer"));

    // Adding one.
    let added = merchant
        .post_and_follow(
            "/admin/answers",
            &[
                ("question", "Do you gift wrap?"),
                ("answer", "Yes, for $3 at checkout."),
                ("language", "en"),
                ("enabled", "on"),
            ],
        )
        .await;
    assert!(added.contains("Answer added"));
    assert!(added.contains("Do you gift wrap?"));
    assert!(added.contains("Yes, for $3 at checkout."));
    assert_eq!(faq_count(&app, "demo").await, 1);

    // An empty answer is refused with the field marked, what was typed kept, nothing added.
    let refused = merchant
        .post(
            "/admin/answers",
            &[
                ("question", "Do you sell gift cards?"),
                ("answer", "   "),
                ("language", "both"),
                ("enabled", "on"),
            ],
        )
        .await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let refused = refused.text().await.expect("a page");
    assert!(refused.contains("Nothing was saved"));
    assert!(refused.contains("class=\"field-error\" role=\"alert\">Write the answer.</span>"));
    assert!(refused.contains("value=\"Do you sell gift cards?\""));
    assert_eq!(faq_count(&app, "demo").await, 1);

    // An import with one bad row: the others go in, the report names the line.
    let report = import(
        &merchant,
        "question,answer,language\n\
         Are you open on Sundays?,\"No, Monday to Saturday.\",en\n\
         ,An answer without its question,en\n\
         ¿Hacéis envíos a Canarias?,\"Sí, en 7 días.\",es\n",
    )
    .await;
    assert_eq!(report.status(), StatusCode::OK);
    let report = report.text().await.expect("a fragment");
    assert!(
        report.contains("Added 2 answers; 1 rows skipped."),
        "{report}"
    );
    assert!(report.contains("<td>3</td><td>question: Write the question.</td>"));
    assert_eq!(faq_count(&app, "demo").await, 3);
    let listed = merchant.page("/admin/answers").await;
    assert!(listed.contains("Are you open on Sundays?"));
    assert!(listed.contains("¿Hacéis envíos a Canarias?"));

    // An upload without the CSRF header is refused.
    let forged = merchant
        .http
        .post(format!("{}/admin/answers/import", app.url))
        .header("cookie", &merchant.cookie)
        .header(CONTENT_TYPE, "text/csv")
        .body("question,answer\nQ?,A\n")
        .send()
        .await
        .expect("request");
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
    assert_eq!(faq_count(&app, "demo").await, 3);

    // The export is a CSV attachment with every entry, which the import reads back.
    let export = merchant.get("/admin/answers/export.csv").await;
    assert_eq!(export.status(), StatusCode::OK);
    assert!(export.headers()[CONTENT_TYPE]
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    let disposition = export.headers()[CONTENT_DISPOSITION].to_str().unwrap();
    assert!(disposition.starts_with("attachment"));
    assert!(disposition.contains("filename=\"answers.csv\""));
    let csv = export.text().await.expect("a body");
    assert!(csv.starts_with("question,answer,language\n"), "{csv}");
    assert!(csv.contains("Do you gift wrap?,\"Yes, for $3 at checkout.\",en"));
    assert!(csv.contains("Are you open on Sundays?,\"No, Monday to Saturday.\",en"));
    assert!(csv.contains("¿Hacéis envíos a Canarias?,\"Sí, en 7 días.\",es"));

    // Editing one.
    let id = faq_id(&app, "Do you gift wrap?").await;
    let edit_form = merchant.page(&format!("/admin/answers?edit={id}")).await;
    assert!(edit_form.contains(&format!("action=\"/admin/answers/{id}\"")));
    let saved = merchant
        .post_and_follow(
            &format!("/admin/answers/{id}"),
            &[
                ("question", "Do you gift wrap?"),
                ("answer", "Yes, for $4 at checkout."),
                ("language", "both"),
            ],
        )
        .await;
    assert!(saved.contains("Answer saved"));
    assert!(saved.contains("Yes, for $4 at checkout."));
    let Flag(enabled) = sqlx::query_scalar("select enabled from faq_entry where id = $1")
        .bind(id)
        .fetch_one(&app.db)
        .await
        .expect("database");
    assert!(!enabled, "an unticked box disables the entry");

    // Deleting one.
    let deleted = merchant
        .post_and_follow(&format!("/admin/answers/{id}/delete"), &[])
        .await;
    assert!(deleted.contains("Answer deleted"));
    assert!(!deleted.contains("Do you gift wrap?"));
    assert_eq!(faq_count(&app, "demo").await, 2);
}

#[tokio::test]
async fn another_shops_merchant_cannot_see_edit_or_delete_an_answer() {
    let app = TestApp::spawn().await;
    let owner = merchant_of(&app, "demo").await;
    owner
        .post_and_follow(
            "/admin/answers",
            &[
                ("question", "Do you gift wrap?"),
                ("answer", "Yes, for $3."),
                ("language", "en"),
                ("enabled", "on"),
            ],
        )
        .await;
    let id = faq_id(&app, "Do you gift wrap?").await;

    sqlx::query("insert into shop (public_key, name) values ('other-shop', 'Other')")
        .execute(&app.db)
        .await
        .expect("database");
    let other = merchant_of(&app, "other-shop").await;

    let page = other.page("/admin/answers").await;
    assert!(!page.contains("Do you gift wrap?"));
    let edit = other.get(&format!("/admin/answers?edit={id}")).await;
    assert_eq!(edit.status(), StatusCode::NOT_FOUND);
    let update = other
        .post(
            &format!("/admin/answers/{id}"),
            &[
                ("question", "Hijacked?"),
                ("answer", "Yes."),
                ("language", "en"),
                ("enabled", "on"),
            ],
        )
        .await;
    assert_eq!(update.status(), StatusCode::NOT_FOUND);
    let delete = other
        .post(&format!("/admin/answers/{id}/delete"), &[])
        .await;
    assert_eq!(delete.status(), StatusCode::NOT_FOUND);
    let export = other.get("/admin/answers/export.csv").await;
    assert!(!export.text().await.unwrap().contains("gift wrap"));

    let (question, answer): (String, String) =
        sqlx::query_as("select question, answer from faq_entry where id = $1")
            .bind(id)
            .fetch_one(&app.db)
            .await
            .expect("the entry is still there");
    assert_eq!(question, "Do you gift wrap?");
    assert_eq!(answer, "Yes, for $3.");
}

#[tokio::test]
async fn unanswered_questions_are_listed_with_a_link_to_write_their_answer() {
    let app = TestApp::spawn().await;
    let merchant = merchant_of(&app, "demo").await;
    let (conversation, _) = app.create_conversation("en").await;
    let shop_id: i64 = sqlx::query_scalar("select id from shop where public_key = 'demo'")
        .fetch_one(&app.db)
        .await
        .expect("database");
    for conversation_id in [None, Some(conversation.as_str())] {
        unanswered::record(
            &app.db,
            shop_id,
            conversation_id,
            "Do you have a loyalty program?",
            Locale::En,
            Reason::NoMatch,
        )
        .await
        .expect("database");
    }

    let page = merchant.page("/admin/answers").await;
    let section = &page[page.find("id=\"unanswered\"").expect("the section")..];
    assert!(
        section.contains("Do you have a loyalty program?"),
        "{section}"
    );
    assert!(section.contains("<td>2</td>"), "asked twice: {section}");
    assert!(section.contains(&format!("href=\"/admin/conversations/{conversation}\"")));
    let link = "/admin/answers?question=Do+you+have+a+loyalty+program%3F#add";
    assert!(
        section.contains(&format!("<a href=\"{link}\">Write an answer</a>")),
        "{section}"
    );

    let prefilled = merchant
        .page("/admin/answers?question=Do+you+have+a+loyalty+program%3F")
        .await;
    let add = &prefilled[prefilled.find("id=\"add\"").expect("the add form")..];
    assert!(add.contains("name=\"question\" value=\"Do you have a loyalty program?\""));
}

#[tokio::test]
async fn a_question_answered_with_low_confidence_is_listed_until_an_answer_covers_it() {
    let app = TestApp::spawn().await;
    let merchant = merchant_of(&app, "demo").await;
    merchant
        .post_and_follow(
            "/admin/answers",
            &[
                ("question", "Do you offer gift wrapping?"),
                ("answer", "Yes, for $3 at checkout."),
                ("language", "en"),
                ("enabled", "on"),
            ],
        )
        .await;
    let (id, token) = app.create_conversation("en").await;
    let question = "Do you offer gift wrapping with ribbons?";
    let reply = support::text_of(&app.send_message(&id, &token, question).await);
    assert!(reply.contains("Yes, for $3 at checkout."), "{reply}");

    let page = merchant.page("/admin/answers").await;
    let section = &page[page.find("id=\"unanswered\"").expect("the section")..];
    assert!(section.contains(question), "{section}");
    assert!(
        section.contains("answered with low confidence"),
        "{section}"
    );

    // The merchant answers it in full: it leaves the list.
    merchant
        .post_and_follow(
            "/admin/answers",
            &[
                ("question", question),
                ("answer", "Yes: ribbons in red, gold or green, $4."),
                ("language", "en"),
                ("enabled", "on"),
            ],
        )
        .await;
    let page = merchant.page("/admin/answers").await;
    let section = &page[page.find("id=\"unanswered\"").expect("the section")..];
    let section = &section[..section.find("</section>").expect("its end")];
    assert!(!section.contains(question), "{section}");
    let reply = support::text_of(&app.send_message(&id, &token, question).await);
    assert!(reply.contains("ribbons in red"), "{reply}");
}

#[tokio::test]
async fn links_the_merchant_wrote_come_with_the_answer_and_no_others() {
    use shopchat_protocol::{Link, StreamEvent};
    let links_of = |events: &[StreamEvent]| -> Vec<Link> {
        events
            .iter()
            .filter_map(|e| match e {
                StreamEvent::Links { links } => Some(links.clone()),
                _ => None,
            })
            .flatten()
            .collect()
    };
    let app = TestApp::spawn().await;
    let merchant = merchant_of(&app, "demo").await;
    merchant
        .post_and_follow(
            "/admin/answers",
            &[
                ("question", "Do you have a size guide?"),
                (
                    "answer",
                    "Yes: https://demo.example/size-guide. Questions? Write to us.",
                ),
                ("language", "en"),
                ("enabled", "on"),
            ],
        )
        .await;
    let (id, token) = app.create_conversation("en").await;
    let events = app
        .send_message(&id, &token, "do you have a size guide?")
        .await;
    assert!(
        support::text_of(&events).contains("https://demo.example/size-guide"),
        "{events:?}"
    );
    assert_eq!(
        links_of(&events),
        [Link {
            url: "https://demo.example/size-guide".into(),
            label: "demo.example/size-guide".into(),
        }]
    );

    // An address the shop didn't write, quoted back or not, is never made a link.
    let events = app
        .send_message(&id, &token, "is https://evil.example/login your shop?")
        .await;
    assert!(links_of(&events).is_empty(), "{events:?}");
}
