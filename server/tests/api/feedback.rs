//! Shoppers' feedback through the chips the widget already draws: a thumbs up or down under a
//! reply that answered something, a rating when the shopper says thanks; both recorded against
//! the reply they came with and shown on the Analytics page with the transcript a click away.

use shopchat_server::db::Flag;
use shopchat_test_support as support;

use support::merchant::set_up_shop;
use support::{chips_of as chips, text_of, TestApp};

async fn feedback(app: &TestApp, conversation: &str) -> Vec<(String, bool, String)> {
    let rows: Vec<(String, Flag, String)> = sqlx::query_as(
        "select f.kind, f.helpful, m.text from feedback f join message m on m.id = f.message_id
         where f.conversation_id = $1 order by f.id",
    )
    .bind(conversation)
    .fetch_all(&app.db)
    .await
    .expect("database");
    rows.into_iter()
        .map(|(kind, helpful, text)| (kind, helpful.0, text))
        .collect()
}

#[tokio::test]
async fn thumbs_and_ratings_are_recorded_against_their_reply_and_reach_analytics() {
    let app = TestApp::spawn().await;
    let (id, token) = app.create_conversation("en").await;

    let answer = app.send_message(&id, &token, "how much is shipping?").await;
    assert!(text_of(&answer).starts_with("From our shipping policy:"));
    assert_eq!(chips(&answer), ["👍 Helpful", "👎 Not helpful"]);

    let reply = app.send_message(&id, &token, "👎 Not helpful").await;
    assert!(text_of(&reply).starts_with("Thanks for telling me"));
    // A second tap changes the first; it is never counted twice.
    app.send_message(&id, &token, "👍 Helpful").await;

    let bye = app.send_message(&id, &token, "thanks, that's all").await;
    assert!(text_of(&bye).contains("Did I help you today?"));
    assert_eq!(chips(&bye), ["👍 Yes, thanks", "👎 Not really"]);
    app.send_message(&id, &token, "👎 Not really").await;

    let seen = feedback(&app, &id).await;
    assert_eq!(seen.len(), 2, "{seen:?}");
    assert_eq!(seen[0].0, "reply");
    assert!(seen[0].1, "the second tap replaced the first");
    assert!(seen[0].2.starts_with("From our shipping policy:"));
    assert_eq!((seen[1].0.as_str(), seen[1].1), ("conversation", false));

    // A thumbs typed with nothing offered records nothing: it is an ordinary message.
    let (other, other_token) = app.create_conversation("es").await;
    app.send_message(&other, &other_token, "👍 Útil").await;
    assert!(feedback(&app, &other).await.is_empty());

    let merchant = set_up_shop(&app, "demo", "owner@demo.example", "/admin/analytics").await;
    let page = merchant.page("/admin/analytics").await;
    assert!(
        page.contains("<strong id=\"helpful-share\">100% (1 of 1)</strong>"),
        "{page}"
    );
    assert!(page.contains("Conversation ratings per day"));
    let unhelpful = page
        .split("<ol id=\"unhelpful\">")
        .nth(1)
        .unwrap_or_default();
    assert!(
        unhelpful.starts_with(&format!("<li><a href=\"/admin/conversations/{id}\">")),
        "the reply found unhelpful links to its transcript: {unhelpful}"
    );
}
