//! The assistant through the widget API: the embedded engine across turns, the built-in
//! evaluation scenarios, and the LLM engine (against a scripted OpenAI-compatible server on
//! loopback) with its fallback to the embedded engine.

use shopchat_test_support as support;

use std::time::Duration;

use shopchat_protocol::StreamEvent;
use shopchat_server::assistant::llm::LlmSettings;
use shopchat_server::config::Settings;
use shopchat_server::eval::simulate;
use support::scripted_llm::{ScriptedLlm, Step};
use support::TestApp;
use support::{cards_of as cards, chips_of as chips, text_of as text};

async fn app_with_llm(llm: &ScriptedLlm, timeout: Duration) -> TestApp {
    let base_url = llm.base_url.clone();
    TestApp::spawn_with(move |s: &mut Settings| {
        s.llm = Some(LlmSettings {
            base_url,
            model: "scripted".into(),
            api_key: None,
            timeout,
        });
    })
    .await
}

async fn engine_of_last_reply(app: &TestApp, conversation: &str) -> String {
    sqlx::query_scalar("select engine from message where conversation_id = $1 and role = 'assistant' order by id desc limit 1")
        .bind(conversation)
        .fetch_one(&app.db)
        .await
        .expect("a stored reply")
}

#[tokio::test]
async fn cheaper_refines_the_last_search_across_turns() {
    let app = TestApp::spawn().await;
    let (id, token) = app.create_conversation("en").await;

    let first = cards_for(&app, &id, &token, "show me something warm").await;
    let cheapest = first
        .iter()
        .map(|c| c.price.minor)
        .min()
        .expect("cards for 'something warm'");
    let second = cards_for(&app, &id, &token, "something cheaper").await;

    assert!(!second.is_empty());
    assert!(
        second.iter().all(|c| c.price.minor < cheapest),
        "{second:?} vs {cheapest}"
    );
}

#[tokio::test]
async fn what_the_products_shown_are_for_narrows_them_and_keeps_their_kind() {
    let app = TestApp::spawn().await;
    let (id, token) = app.create_conversation("es").await;

    cards_for(&app, &id, &token, "quiero unas zapatillas").await;
    let running = cards_for(&app, &id, &token, "para correr").await;
    assert!(
        !running.is_empty()
            && running
                .iter()
                .all(|c| c.title.contains("Shoe") || c.title.starts_with("Pico T")),
        "{running:?}"
    );
    let (id, token) = app.create_conversation("en").await;
    cards_for(&app, &id, &token, "show me jackets").await;
    let events = app.send_message(&id, &token, "for hiking").await;
    assert!(
        !cards(&events).is_empty() && cards(&events).iter().all(|c| c.title.contains("Jacket")),
        "{:?}",
        cards(&events)
    );
    assert!(
        text(&events).contains("hiking jackets"),
        "{}",
        text(&events)
    );
}

#[tokio::test]
async fn a_measure_said_with_a_kind_shows_the_product_of_that_measure() {
    let app = TestApp::spawn().await;
    let (id, token) = app.create_conversation("es").await;

    let events = app
        .send_message(&id, &token, "quiero la mochila de 20 litros")
        .await;
    let titles = titles_of(cards(&events));
    assert_eq!(titles, ["Commuter Backpack 20L"], "{}", text(&events));
    // A count is no measure.
    let (id, token) = app.create_conversation("en").await;
    let mugs = cards_for(&app, &id, &token, "I want 2 mugs").await;
    assert!(mugs.len() >= 2, "{mugs:?}");
}

#[tokio::test]
async fn a_material_ruled_out_after_a_search_narrows_it_or_says_every_one_is_of_it() {
    let app = TestApp::spawn().await;
    let (id, token) = app.create_conversation("en").await;
    let jackets = cards_for(&app, &id, &token, "show me jackets").await;
    assert!(
        jackets.iter().any(|c| c.title.contains("Denim")),
        "{jackets:?}"
    );
    let events = app.send_message(&id, &token, "nothing in denim").await;
    let titles = titles_of(cards(&events));
    assert!(!titles.is_empty(), "{}", text(&events));
    assert!(titles.iter().all(|t| !t.contains("Denim")), "{titles:?}");
    // Every boot of the demo shop is leather (one by its title, one by its tags): said so,
    // with no boot shown as if it weren't.
    let (id, token) = app.create_conversation("en").await;
    cards_for(&app, &id, &token, "boots please").await;
    let events = app.send_message(&id, &token, "not leather").await;
    assert!(cards(&events).is_empty(), "{}", text(&events));
    assert!(
        text(&events).starts_with("All the boots I have are leather"),
        "{}",
        text(&events)
    );
    let (id, token) = app.create_conversation("es").await;
    cards_for(&app, &id, &token, "quiero unas botas").await;
    let events = app.send_message(&id, &token, "que no sean de cuero").await;
    assert!(cards(&events).is_empty(), "{}", text(&events));
    assert!(
        text(&events).starts_with("Todas las opciones"),
        "{}",
        text(&events)
    );
    // "No, leather ones" wants leather.
    let (id, token) = app.create_conversation("en").await;
    cards_for(&app, &id, &token, "gloves").await;
    let events = app.send_message(&id, &token, "no, leather ones").await;
    let titles = titles_of(cards(&events));
    assert_eq!(
        titles,
        ["Cashmere-Lined Leather Gloves"],
        "{}",
        text(&events)
    );
}

#[tokio::test]
async fn others_asked_when_every_one_within_the_budget_is_shown_are_those_above_it() {
    let app = TestApp::spawn().await;
    let (id, token) = app.create_conversation("en").await;
    let first = cards_for(&app, &id, &token, "a watch under 200").await;
    assert_eq!(first.len(), 1, "{first:?}");
    let events = app.send_message(&id, &token, "any others?").await;
    let others = cards(&events);
    assert!(!others.is_empty(), "{}", text(&events));
    assert!(others.iter().all(|c| c.price.minor > 20_000), "{others:?}");
    assert!(
        text(&events).starts_with("That's all I have under $200"),
        "{}",
        text(&events)
    );
}

#[tokio::test]
async fn a_question_about_the_one_product_of_a_kind_is_answered_from_it() {
    let app = TestApp::spawn().await;
    for (question, answer) in [
        // The shop's one parka, named by its kind with "the".
        ("does the parka have a hood?", "adjustable hood"),
        ("do you have the parka in black?", "available in Black"),
        // Said in other words than the description's: "warmest", "20-litre", "scent".
        ("is the parka warm?", "warmest"),
        ("how big is the commuter backpack?", "20-litre"),
        (
            "what does the fig candle smell like?",
            "scent of fig leaves",
        ),
    ] {
        let (id, token) = app.create_conversation("en").await;
        let events = app.send_message(&id, &token, question).await;
        assert!(
            text(&events).contains(answer),
            "{question}: {}",
            text(&events)
        );
    }
    // "The jacket" of six jackets names none: they are shown.
    let (id, token) = app.create_conversation("en").await;
    let jackets = cards_for(&app, &id, &token, "does the jacket have a hood?").await;
    assert!(jackets.len() >= 2, "{jackets:?}");
}

#[tokio::test]
async fn an_ordinal_alone_shows_that_products_details() {
    let app = TestApp::spawn().await;
    let (id, token) = app.create_conversation("es").await;

    let shown = cards_for(&app, &id, &token, "enséñame tazas").await;
    assert!(shown.len() >= 2, "{shown:?}");
    let events = app.send_message(&id, &token, "la segunda").await;
    assert_eq!(
        cards(&events)
            .iter()
            .map(|c| c.product_id)
            .collect::<Vec<_>>(),
        [shown[1].product_id]
    );
    assert!(
        text(&events).starts_with(&shown[1].title) && !text(&events).contains("no lo indica"),
        "{}",
        text(&events)
    );
}

#[tokio::test]
async fn which_is_the_cheapest_of_those_shown_is_answered_with_its_price() {
    let app = TestApp::spawn().await;
    let (id, token) = app.create_conversation("en").await;

    let shown = cards_for(&app, &id, &token, "show me hoodies").await;
    let cheapest = shown
        .iter()
        .min_by_key(|c| c.price.minor)
        .expect("hoodies")
        .clone();
    let events = app
        .send_message(&id, &token, "which is the cheapest one?")
        .await;
    assert_eq!(
        cards(&events)
            .iter()
            .map(|c| c.product_id)
            .collect::<Vec<_>>(),
        [cheapest.product_id]
    );
    assert!(
        text(&events).contains(&cheapest.title) && text(&events).contains("costs"),
        "{}",
        text(&events)
    );

    // One on screen: that one, not a search for cheaper ones.
    let (id, token) = app.create_conversation("es").await;
    cards_for(&app, &id, &token, "quiero una sudadera").await;
    let one = cards_for(&app, &id, &token, "con cremallera").await;
    assert_eq!(one.len(), 1, "{one:?}");
    let events = app
        .send_message(&id, &token, "¿cuál es la más barata?")
        .await;
    assert_eq!(
        cards(&events)
            .iter()
            .map(|c| c.product_id)
            .collect::<Vec<_>>(),
        [one[0].product_id]
    );
    assert!(text(&events).contains("cuesta"), "{}", text(&events));
}

#[tokio::test]
async fn a_size_asked_after_for_women_is_of_the_womens_and_none_there_is_said() {
    let app = TestApp::spawn().await;
    let (id, token) = app.create_conversation("en").await;

    cards_for(&app, &id, &token, "I need running shoes").await;
    let womens = cards_for(&app, &id, &token, "for women").await;
    assert!(
        womens.iter().all(|c| !c.title.contains("Men's")),
        "{womens:?}"
    );
    // The women's shoe comes in US 8.5, not 8; the men's in 8 is no answer.
    let events = app
        .send_message(&id, &token, "do you have them in size 8?")
        .await;
    assert!(cards(&events).is_empty(), "{:?}", cards(&events));
    assert!(
        text(&events).contains("women's running shoes in size 8"),
        "{}",
        text(&events)
    );
    // The search refined next is still the women's.
    let next = cards_for(&app, &id, &token, "and in 8.5?").await;
    assert!(
        !next.is_empty() && next.iter().all(|c| c.title.contains("Women's")),
        "{next:?}"
    );
}

#[tokio::test]
async fn a_colour_ruled_out_leaves_out_what_comes_only_in_it_in_both_languages() {
    let app = TestApp::spawn().await;
    let (id, token) = app.create_conversation("en").await;
    let first = cards_for(&app, &id, &token, "sneakers").await;
    assert!(
        first.iter().any(|c| c.title == "Leather Court Sneaker"),
        "{first:?}"
    );
    // The leather court sneaker comes only in white.
    let second = cards_for(&app, &id, &token, "any colour but white").await;
    assert!(!second.is_empty());
    assert!(
        second.iter().all(|c| c.title != "Leather Court Sneaker"),
        "{second:?}"
    );
    assert!(
        second.iter().all(|c| c.title.contains("Sneaker")),
        "{second:?}"
    );

    // "Que no sea negra" of the hoodies shown: hoodies, not the off-topic answer.
    let (id, token) = app.create_conversation("es").await;
    cards_for(&app, &id, &token, "sudaderas").await;
    let events = app.send_message(&id, &token, "que no sea negra").await;
    let hoodies = cards(&events);
    assert!(!hoodies.is_empty(), "{}", text(&events));
    assert!(
        hoodies.iter().all(|c| c.title.contains("Hoodie")),
        "{hoodies:?}"
    );
}

#[tokio::test]
async fn a_colour_asked_after_nothing_cheaper_is_of_the_search_shown() {
    let app = TestApp::spawn().await;
    let (id, token) = app.create_conversation("en").await;
    let jackets = cards_for(&app, &id, &token, "I need a jacket").await;
    assert!(!jackets.is_empty());
    let cheaper = app.send_message(&id, &token, "something cheaper").await;
    assert!(
        text(&cheaper).contains("already the most affordable"),
        "{}",
        text(&cheaper)
    );
    // Not the jackets under the cheapest one's price, which are none, nor a blue mug.
    let blue = cards_for(&app, &id, &token, "in blue?").await;
    assert!(
        blue.iter().any(|c| c.title == "Selvedge Denim Jacket"),
        "{blue:?}"
    );
}

#[tokio::test]
async fn cheaper_after_quoting_a_price_shown_goes_under_that_price() {
    let app = TestApp::spawn().await;
    let (id, token) = app.create_conversation("es").await;
    let first = cards_for(&app, &id, &token, "necesito unos tenis blancos pal colegio").await;
    let dearest = first
        .iter()
        .map(|c| c.price.minor)
        .max()
        .expect("white sneakers");
    let quoted = dearest / 100;
    let second = cards_for(
        &app,
        &id,
        &token,
        &format!("uy {quoted} dolares?? mi ma me mata jaja. unos mas baratos porfaa"),
    )
    .await;
    assert!(!second.is_empty());
    assert!(
        second.iter().all(|c| c.price.minor < dearest),
        "{second:?} vs {dearest}"
    );
}

#[tokio::test]
async fn a_spanish_follow_up_asks_about_the_product_just_shown() {
    let app = TestApp::spawn().await;
    let (id, token) = app.create_conversation("es").await;

    app.send_message(&id, &token, "busco una bufanda").await;
    let events = app.send_message(&id, &token, "¿de qué material es?").await;

    let answer = text(&events).to_lowercase();
    assert!(
        answer.contains("wool") || answer.contains("lana"),
        "{answer}"
    );
}

#[tokio::test]
async fn a_question_that_names_nothing_is_about_the_product_on_screen() {
    let app = TestApp::spawn().await;
    let (id, token) = app.create_conversation("es").await;

    let shown = cards_for(&app, &id, &token, "busco lentes de sol para la playa").await;
    assert_eq!(shown.len(), 1, "{shown:?}");
    let events = app
        .send_message(&id, &token, "protegen de los rayos UV?")
        .await;

    // The sunglasses' details, not a request for something else to look for.
    assert_eq!(
        cards(&events).first().map(|c| c.product_id),
        Some(shown[0].product_id)
    );
    assert!(
        text(&events).to_lowercase().contains("uv"),
        "{}",
        text(&events)
    );
}

#[tokio::test]
async fn a_colour_question_over_several_cards_narrows_them_to_that_colour() {
    let app = TestApp::spawn().await;
    let (id, token) = app.create_conversation("es").await;

    let shown = cards_for(&app, &id, &token, "tenis para correr para mujer").await;
    assert!(shown.len() > 1, "{shown:?}");
    let narrowed = cards_for(&app, &id, &token, "los tienen en color coral?").await;

    // Only the women's running shoe comes in coral in the demo catalog.
    assert!(!narrowed.is_empty());
    assert!(
        narrowed.iter().all(|c| c.title.contains("Women")),
        "{narrowed:?}"
    );
}

#[tokio::test]
async fn an_off_topic_request_using_a_catalog_word_shows_nothing_but_offers_it() {
    let app = TestApp::spawn().await;
    let (id, token) = app.create_conversation("es").await;

    let events = app
        .send_message(&id, &token, "tradúceme al inglés 'me encanta la playa'")
        .await;

    assert!(cards(&events).is_empty(), "{:?}", cards(&events));
    // "Playa" is a word of the catalog (beach hats, sandals): one tap shows them.
    assert_eq!(
        chips(&events).first().map(String::as_str),
        Some("Beach"),
        "{:?}",
        chips(&events)
    );
    let beach = cards_for(&app, &id, &token, "Beach").await;
    assert!(!beach.is_empty());

    // A word only a product's name has is not offered: "tiempo" is no Tempo racer.
    let (id, token) = app.create_conversation("es").await;
    let events = app
        .send_message(&id, &token, "¿qué tiempo hará mañana en Madrid?")
        .await;
    assert!(cards(&events).is_empty(), "{:?}", cards(&events));
    assert!(
        !chips(&events).iter().any(|c| c == "Tempo"),
        "{:?}",
        chips(&events)
    );
}

#[tokio::test]
async fn shoes_are_any_footwear_and_what_else_is_said_picks_among_them() {
    let app = TestApp::spawn().await;
    let (id, token) = app.create_conversation("en").await;

    let shoes = cards_for(&app, &id, &token, "I need some shoes").await;
    assert!(
        shoes.iter().any(|c| c.title.contains("Running")),
        "{shoes:?}"
    );
    assert!(
        shoes.iter().any(|c| !c.title.contains("Running")),
        "{shoes:?}"
    );

    let (id, token) = app.create_conversation("en").await;
    let beach = cards_for(&app, &id, &token, "shoes for the beach").await;
    let titles: Vec<&str> = beach.iter().map(|c| c.title.as_str()).collect();
    assert_eq!(titles, ["Cork Footbed Sandal"]);

    let (id, token) = app.create_conversation("en").await;
    let running = cards_for(&app, &id, &token, "running shoes").await;
    assert!(!running.is_empty());
    assert!(
        running
            .iter()
            .all(|c| c.title.contains("Run") || c.title.contains("Racer")),
        "{running:?}"
    );
}

#[tokio::test]
async fn the_words_that_open_a_question_pick_the_product_on_screen_it_is_about() {
    let app = TestApp::spawn().await;
    let (id, token) = app.create_conversation("es").await;
    let shown = cards_for(&app, &id, &token, "¿tienen velas de olor?").await;
    assert!(shown.len() >= 2, "{shown:?}");

    // The notebooks named later say what the candle is for, not what is asked about.
    let events = app
        .send_message(
            &id,
            &token,
            "La de higuera, ¿cuántas horas dura? la prendería mientras corrijo cuadernos",
        )
        .await;

    let titles = titles_of(cards(&events));
    assert_eq!(titles, ["Fig Leaf Soy Candle"]);
    assert!(text(&events).contains("45"), "{}", text(&events));

    // The question's own opening, not a sentence before it about another.
    let (id, token) = app.create_conversation("es").await;
    cards_for(&app, &id, &token, "¿tienen velas de olor?").await;
    let events = app
        .send_message(
            &id,
            &token,
            "El olor a cedro no me gusta. La de higuera, ¿cuántas horas dura?",
        )
        .await;
    let titles = titles_of(cards(&events));
    assert_eq!(titles, ["Fig Leaf Soy Candle"]);
}

#[tokio::test]
async fn a_closed_up_compound_finds_what_its_last_part_names() {
    let app = TestApp::spawn().await;
    let (id, token) = app.create_conversation("en").await;

    let shown = cards_for(&app, &id, &token, "ballcap").await;

    assert!(!shown.is_empty());
    assert!(shown.iter().all(|c| c.title.contains("Cap")), "{shown:?}");
}

#[tokio::test]
async fn a_question_about_a_product_named_by_its_name_answers_from_its_details() {
    let app = TestApp::spawn().await;
    let (id, token) = app.create_conversation("es").await;

    let events = app
        .send_message(&id, &token, "¿la parka Summit abriga mucho?")
        .await;

    let shown = cards(&events);
    assert_eq!(shown.len(), 1, "{shown:?}");
    assert!(shown[0].title.contains("Summit"));
    // Its details (the description speaks of down), not a list of search results.
    let said = text(&events).to_lowercase();
    assert!(said.contains("summit") && said.contains("down"), "{said}");
}

#[tokio::test]
async fn leather_ones_after_gloves_are_leather_gloves() {
    let app = TestApp::spawn().await;
    let (id, token) = app.create_conversation("en").await;

    assert!(!cards_for(&app, &id, &token, "need gloves").await.is_empty());
    let leather = cards_for(&app, &id, &token, "leather ones").await;
    assert!(!leather.is_empty());
    assert!(
        leather.iter().all(|c| c.title.contains("Leather Gloves")),
        "{leather:?}"
    );

    let (id, token) = app.create_conversation("es").await;
    app.send_message(&id, &token, "medias para correr").await;
    let wool = cards_for(&app, &id, &token, "y las de lana?").await;
    assert!(!wool.is_empty());
    assert!(wool.iter().all(|c| c.title.contains("Socks")), "{wool:?}");
}

#[tokio::test]
async fn a_spanish_jersey_is_a_sweater_even_beside_a_jersey_dress() {
    let app = TestApp::spawn().await;
    let (id, token) = app.create_conversation("es").await;

    let shown = cards_for(&app, &id, &token, "busco un jersey para mi padre").await;

    assert!(!shown.is_empty());
    assert!(
        shown.iter().all(|c| c.title.contains("Sweater")),
        "{shown:?}"
    );
}

#[tokio::test]
async fn a_colour_among_several_products_on_screen_picks_the_one_in_it() {
    let app = TestApp::spawn().await;
    let (id, token) = app.create_conversation("es").await;

    let shown = cards_for(&app, &id, &token, "¿qué relojes tienen?").await;
    assert!(shown.len() > 1, "{shown:?}");
    let events = app
        .send_message(&id, &token, "¿el dorado es resistente al agua?")
        .await;

    // The Minimal Mesh Watch is the gold-tone one; the answer is about it alone.
    let about = cards(&events);
    assert_eq!(about.len(), 1, "{about:?}");
    assert!(about[0].title.contains("Mesh"), "{about:?}");
}

#[tokio::test]
async fn a_new_budget_after_a_search_changes_that_search() {
    let app = TestApp::spawn().await;
    let (id, token) = app.create_conversation("en").await;

    let first = cards_for(&app, &id, &token, "gift for my girlfriend under 100").await;
    assert!(!first.is_empty());
    let second = cards_for(&app, &id, &token, "actually make it under 50").await;

    assert!(!second.is_empty());
    assert!(second.iter().all(|c| c.price.minor <= 5000), "{second:?}");
}

#[tokio::test]
async fn a_kind_not_made_in_the_colour_asked_is_shown_in_its_other_colours_and_said_so() {
    let app = TestApp::spawn().await;
    let (id, token) = app.create_conversation("en").await;

    let events = app.send_message(&id, &token, "a red yoga mat").await;

    // The only yoga mat is natural cork: it, not other red things, and the reply says so.
    let shown = cards(&events);
    assert_eq!(shown.len(), 1, "{shown:?}");
    assert!(shown[0].title.contains("Yoga Mat"));
    assert!(
        text(&events).contains("in that colour"),
        "{}",
        text(&events)
    );
}

#[tokio::test]
async fn refinements_keep_the_kind_asked_for() {
    let app = TestApp::spawn().await;

    // Someone else: the same kind, for them.
    let (id, token) = app.create_conversation("es").await;
    app.send_message(&id, &token, "enséñame sudaderas").await;
    let kids = cards_for(&app, &id, &token, "mejor para mi niño").await;
    assert!(!kids.is_empty());
    assert!(
        kids.iter()
            .all(|c| c.title.contains("Kids' Rainbow Hoodie")),
        "{kids:?}"
    );

    // More of a quality: the same kind, warmer.
    let (id, token) = app.create_conversation("en").await;
    app.send_message(&id, &token, "I need a jacket").await;
    let warmer = cards_for(
        &app,
        &id,
        &token,
        "something warmer, it gets really cold here",
    )
    .await;
    assert!(!warmer.is_empty());
    assert!(
        warmer.iter().all(|c| c.title.contains("Jacket")
            || c.title.contains("Parka")
            || c.title.contains("Puffer")),
        "{warmer:?}"
    );

    // A size right after "in".
    let (id, token) = app.create_conversation("en").await;
    app.send_message(&id, &token, "sneakers").await;
    let in_42 = cards_for(&app, &id, &token, "have them in 42?").await;
    assert!(!in_42.is_empty());
    assert!(
        in_42.iter().all(|c| c.title.contains("Sneaker")),
        "{in_42:?}"
    );

    // More of the same, in Spanish.
    let (id, token) = app.create_conversation("es").await;
    let first = cards_for(&app, &id, &token, "zapatillas de correr para hombre").await;
    let more = cards_for(&app, &id, &token, "enséñame más").await;
    assert!(!more.is_empty());
    assert!(
        more.iter()
            .all(|c| !first.iter().any(|f| f.product_id == c.product_id)),
        "{more:?}"
    );
}

#[tokio::test]
async fn under_a_budget_the_kind_asked_for_comes_before_what_the_words_brush_against() {
    let app = TestApp::spawn().await;
    let (id, token) = app.create_conversation("en").await;

    // A gym water bottle matches more of the words; the sneaker within the budget is asked for.
    let shown = cards_for(
        &app,
        &id,
        &token,
        "trainers for the gym, can't spend more than 70 quid",
    )
    .await;

    assert!(!shown.is_empty());
    assert!(
        shown
            .iter()
            .all(|c| c.title.contains("Sneaker") && c.price.minor <= 7000),
        "{shown:?}"
    );
}

#[tokio::test]
async fn more_about_the_shop_after_a_search_is_no_refinement_of_it() {
    let app = TestApp::spawn().await;
    let (id, token) = app.create_conversation("en").await;

    assert!(!cards_for(&app, &id, &token, "show me hoodies")
        .await
        .is_empty());
    let events = app
        .send_message(&id, &token, "more details about delivery times please")
        .await;

    assert!(cards(&events).is_empty(), "{:?}", cards(&events));
}

#[tokio::test]
async fn an_impossible_budget_is_said_honestly_with_the_closest_alternatives() {
    let app = TestApp::spawn().await;
    let (id, token) = app.create_conversation("en").await;

    let events = app.send_message(&id, &token, "a watch under $20").await;

    let said = text(&events);
    assert!(
        said.contains("couldn't find") && said.contains("above your budget"),
        "{said}"
    );
    let shown = cards(&events);
    assert!(
        !shown.is_empty() && shown.iter().all(|c| c.price.minor > 2000),
        "alternatives, marked as over budget"
    );
}

#[tokio::test]
async fn the_built_in_scenarios_resolve_at_least_90_percent_in_each_language() {
    let dir = tempfile::tempdir().unwrap();
    let settings = Settings::for_tests(format!(
        "sqlite://{}",
        dir.path().join("unused.db").display()
    ));

    let report = simulate::run_command(&settings, &[], None).await.unwrap();

    println!("{report}");
    for language in ["en", "es"] {
        let (resolved, total) = report.language(language);
        assert!(total >= 20, "{language}: {total} scenarios");
        assert!(
            resolved * 10 >= total * 9,
            "{language}: {resolved}/{total} resolved\n{report}"
        );
        // Questions about the shop (shipping, countries, delivery dates, returns, payment
        // methods) are answered from its settings, naming the source, every time.
        let (ok, all) = report.by_kind[&(language.to_owned(), "shop_answer".to_owned())];
        assert!(
            all >= 5 && ok == all,
            "{language}: {ok}/{all} shop answers\n{report}"
        );
    }
}

#[tokio::test]
async fn with_an_llm_configured_its_tool_call_streams_catalog_cards_to_the_widget() {
    let llm = ScriptedLlm::start(vec![
        [
            Step::tool_call(
                0,
                "call_1",
                "search_products",
                r#"{"query":"hoodie","max_price":5}"#,
            ),
            vec![Step::Finish("tool_calls")],
        ]
        .concat(),
        vec![
            Step::text("These are our hoodies."),
            Step::Finish("stop"),
            Step::Usage {
                prompt: 40,
                completion: 8,
            },
        ],
    ])
    .await;
    let app = app_with_llm(&llm, Duration::from_secs(20)).await;
    let (id, token) = app.create_conversation("en").await;

    let events = app.send_message(&id, &token, "cheap hoodies?").await;

    let shown = cards(&events);
    assert!(!shown.is_empty() && shown.iter().all(|c| c.title.contains("Hoodie")));
    for card in &shown {
        let price: i64 = sqlx::query_scalar("select price_minor from variant where id = $1")
            .bind(card.variant_id)
            .fetch_one(&app.db)
            .await
            .unwrap();
        assert_eq!(
            card.price.minor, price,
            "the catalog's price, whatever the model asked"
        );
    }
    assert!(text(&events).ends_with("These are our hoodies."));
    assert!(matches!(events.last(), Some(StreamEvent::Done { .. })));
    assert_eq!(engine_of_last_reply(&app, &id).await, "openai");
    let tokens: (i64, i64) = sqlx::query_as(
        "select llm_prompt_tokens, llm_completion_tokens from conversation where id = $1",
    )
    .bind(&id)
    .fetch_one(&app.db)
    .await
    .unwrap();
    assert_eq!(tokens, (40, 8), "usage is recorded per conversation");
}

#[tokio::test]
async fn when_the_llm_times_out_the_shopper_gets_the_embedded_answer() {
    let llm = ScriptedLlm::start(vec![vec![
        Step::Delay(Duration::from_secs(30)),
        Step::text("too late"),
    ]])
    .await;
    let app = app_with_llm(&llm, Duration::from_millis(300)).await;
    let (id, token) = app.create_conversation("en").await;

    let events = app.send_message(&id, &token, "hoodie").await;

    assert!(
        !events
            .iter()
            .any(|e| matches!(e, StreamEvent::Error { .. })),
        "an answer, not an error: {events:?}"
    );
    assert!(cards(&events).iter().any(|c| c.title.contains("Hoodie")));
    assert_eq!(engine_of_last_reply(&app, &id).await, "fallback");
}

#[tokio::test]
async fn a_malformed_tool_call_falls_back_and_executes_nothing() {
    let llm = ScriptedLlm::start(vec![[
        Step::tool_call(
            0,
            "call_1",
            "handoff_to_human",
            r#"{"summary":"wants a person"}"#,
        ),
        Step::tool_call(
            1,
            "call_2",
            "start_checkout",
            r#"{"product_id":1,"price":0.01}"#,
        ),
        vec![Step::Finish("tool_calls")],
    ]
    .concat()])
    .await;
    let app = app_with_llm(&llm, Duration::from_secs(20)).await;
    let (id, token) = app.create_conversation("en").await;

    let events = app.send_message(&id, &token, "hello").await;

    assert!(!text(&events).is_empty(), "the embedded engine answered");
    assert_eq!(engine_of_last_reply(&app, &id).await, "fallback");
    let needs_human: i64 = sqlx::query_scalar("select needs_human from conversation where id = $1")
        .bind(&id)
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert_eq!(
        needs_human, 0,
        "not even the valid call of the malformed round ran"
    );
}

#[tokio::test]
async fn a_model_asking_for_another_shops_product_gets_nothing_from_it() {
    let llm = ScriptedLlm::start(vec![
        [
            Step::tool_call(0, "call_1", "get_product", r#"{"product_id":990001}"#),
            vec![Step::Finish("tool_calls")],
        ]
        .concat(),
        vec![
            Step::text("Sorry, I can't find that."),
            Step::Finish("stop"),
        ],
    ])
    .await;
    let app = app_with_llm(&llm, Duration::from_secs(20)).await;
    let other_shop: i64 = sqlx::query_scalar(
        "insert into shop (public_key, name) values ('other-shop', 'Other') returning id",
    )
    .fetch_one(&app.db)
    .await
    .unwrap();
    // The id the scripted model asks for, in a shop that isn't the conversation's.
    let secret: i64 = sqlx::query_scalar(
        "insert into product (id, shop_id, handle, title) values (990001, $1, 'secret-prototype', 'Secret Prototype') returning id",
    )
    .bind(other_shop)
    .fetch_one(&app.db)
    .await
    .unwrap();
    sqlx::query("insert into variant (shop_id, product_id, price_minor) values ($1, $2, 100)")
        .bind(other_shop)
        .bind(secret)
        .execute(&app.db)
        .await
        .unwrap();
    let (id, token) = app.create_conversation("en").await;

    let events = app.send_message(&id, &token, "show me product 1").await;

    assert!(cards(&events).is_empty(), "{events:?}");
    assert!(!text(&events).contains("Secret Prototype"));
    let sent_back = llm
        .requests()
        .last()
        .map(|r| r.body.to_string())
        .unwrap_or_default();
    assert!(
        !sent_back.contains("Secret Prototype"),
        "the model never sees it either"
    );
}

#[tokio::test]
async fn a_widget_that_cannot_draw_checkout_is_told_honestly_instead_of_getting_a_card() {
    let app = TestApp::spawn().await;
    let (id, token) = app
        .create_conversation_with(serde_json::json!({"shop": "demo", "locale": "en"}))
        .await;

    app.send_message(&id, &token, "show me a tote bag").await;
    let events = app.send_message(&id, &token, "I'll buy it").await;

    assert!(
        !events
            .iter()
            .any(|e| matches!(e, StreamEvent::Checkout { .. })),
        "{events:?}"
    );
    assert!(
        text(&events).contains("isn't available"),
        "{}",
        text(&events)
    );

    let (id, token) = app.create_conversation("en").await;
    app.send_message(&id, &token, "show me a tote bag").await;
    let events = app.send_message(&id, &token, "I'll buy it").await;
    assert!(
        events
            .iter()
            .any(|e| matches!(e, StreamEvent::Checkout { .. })),
        "a checkout-capable client gets the card"
    );
}

#[tokio::test]
async fn a_care_question_is_answered_from_the_descriptions_care_sentence() {
    let app = TestApp::spawn().await;
    let (id, token) = app.create_conversation("en").await;
    app.send_message(&id, &token, "a warm wool coat for me")
        .await;
    // The words that point at the coat (wool, belt) are in another sentence than its care.
    let events = app
        .send_message(
            &id,
            &token,
            "the long wool one with the belt is lovely. Can I put it in the washing machine?",
        )
        .await;
    assert!(
        text(&events).contains("Dry clean only"),
        "{}",
        text(&events)
    );
}

#[tokio::test]
async fn a_present_within_a_limit_about_no_product_browses_within_it() {
    let app = TestApp::spawn().await;
    let (id, token) = app.create_conversation("en").await;
    let shown = cards_for(&app, &id, &token, "doin secret santa at the nurses station and i got one of the night shift girls, limit is 25 dollars. dont know her real well").await;
    assert!(!shown.is_empty());
    assert!(shown.iter().all(|c| c.price.minor <= 2500), "{shown:?}");
}

#[tokio::test]
async fn a_product_made_for_everyone_suits_whomever_it_is_for() {
    let app = TestApp::spawn().await;
    let (id, token) = app.create_conversation("en").await;
    // The demo's tote is tagged unisex; a women's puffer only packs into a bag.
    let shown = cards_for(&app, &id, &token, "a bag for my wife").await;
    assert!(shown.iter().any(|c| c.title.contains("Tote")), "{shown:?}");
    assert!(
        !shown.iter().any(|c| c.title.contains("Puffer")),
        "{shown:?}"
    );
}

/// Asserts that there are cards and every one's title contains `part`.
fn assert_all_titled(cards: &[shopchat_protocol::ProductCard], part: &str) {
    assert!(
        !cards.is_empty() && cards.iter().all(|c| c.title.contains(part)),
        "{cards:?}"
    );
}

/// The cards of the reply to `text` in the conversation.
async fn cards_for(
    app: &TestApp,
    id: &str,
    token: &str,
    text: &str,
) -> Vec<shopchat_protocol::ProductCard> {
    cards(&app.send_message(id, token, text).await)
}

/// The titles of `cards`, in order.
fn titles_of(cards: Vec<shopchat_protocol::ProductCard>) -> Vec<String> {
    cards.into_iter().map(|c| c.title).collect()
}

/// The options of the variant a checkout card preselects, when it shows one.
fn preselected(events: &[StreamEvent]) -> Option<Vec<String>> {
    events.iter().find_map(|e| match e {
        StreamEvent::Checkout { offer } => offer.selected_variant_id.and_then(|id| {
            offer
                .variants
                .iter()
                .find(|v| v.variant_id == id)
                .map(|v| v.options.clone())
        }),
        _ => None,
    })
}

#[tokio::test]
async fn a_size_or_colour_said_after_the_checkout_card_picks_its_variant() {
    let app = TestApp::spawn().await;
    let (id, token) = app.create_conversation("en").await;
    app.send_message(&id, &token, "show me the linen midi dress")
        .await;
    let card = app.send_message(&id, &token, "I'll take it").await;
    assert_eq!(preselected(&card), None, "no size said yet");
    let events = app
        .send_message(&id, &token, "medium in the terracotta please")
        .await;
    assert_eq!(
        preselected(&events),
        Some(vec!["M".to_owned(), "Terracotta".to_owned()]),
        "{events:?}"
    );
    assert!(cards(&events).is_empty(), "not a new search");

    let (id, token) = app.create_conversation("es").await;
    app.send_message(&id, &token, "unos jeans de hombre").await;
    app.send_message(&id, &token, "me los llevo").await;
    let events = app
        .send_message(&id, &token, "talla 36 de cintura, los negros")
        .await;
    assert_eq!(
        preselected(&events),
        Some(vec!["36".to_owned(), "Black".to_owned()]),
        "{events:?}"
    );
}

#[tokio::test]
async fn with_an_llm_a_shop_question_is_answered_from_the_shops_own_answers_and_nothing_else() {
    let turn = |question: &str, reply: &str| {
        vec![
            [
                Step::tool_call(
                    0,
                    "call_1",
                    "search_answers",
                    &serde_json::json!({ "question": question }).to_string(),
                ),
                vec![Step::Finish("tool_calls")],
            ]
            .concat(),
            vec![Step::text(reply), Step::Finish("stop")],
        ]
    };
    let llm = ScriptedLlm::start(
        [
            turn("how much is shipping?", "Shipping is $5, free from $75."),
            turn("do you have a loyalty program?", "I don't know, sorry."),
        ]
        .concat(),
    )
    .await;
    let app = app_with_llm(&llm, Duration::from_secs(20)).await;
    let (id, token) = app.create_conversation("en").await;

    let events = app.send_message(&id, &token, "how much is shipping?").await;
    assert!(text(&events).ends_with("Shipping is $5, free from $75."));
    assert!(cards(&events).is_empty());
    let second = app
        .send_message(&id, &token, "do you have a loyalty program?")
        .await;
    assert!(text(&second).ends_with("I don't know, sorry."));

    // What the model was given: the shop's answer with its source, from the settings.
    let requests = llm.requests();
    let tool_result = |request: &serde_json::Value| {
        request["messages"]
            .as_array()
            .unwrap()
            .iter()
            .rev()
            .find(|m| m["role"] == "tool")
            .map(|m| m["content"].as_str().unwrap().to_owned())
            .unwrap()
    };
    let found: serde_json::Value = serde_json::from_str(&tool_result(&requests[1].body)).unwrap();
    assert_eq!(found["status"], "found");
    assert_eq!(found["source"], "From our shipping policy:");
    let answer = found["answer"].as_str().unwrap();
    assert!(answer.contains("$5") && answer.contains("$75"), "{answer}");
    let missing: serde_json::Value = serde_json::from_str(&tool_result(&requests[3].body)).unwrap();
    assert_eq!(missing["status"], "not_found");
    // The tool is offered with a rule to answer shop questions from it only.
    let tools: Vec<&str> = requests[0].body["tools"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["function"]["name"].as_str().unwrap())
        .collect();
    assert!(tools.contains(&"search_answers"));
    // Nothing else happened: no order, no handoff; the unanswered question is kept.
    let orders: i64 = sqlx::query_scalar("select count(*) from shop_order")
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert_eq!(orders, 0);
    let kept: Vec<String> =
        sqlx::query_scalar("select question from unanswered_question where conversation_id = $1")
            .bind(&id)
            .fetch_all(&app.db)
            .await
            .unwrap();
    assert_eq!(kept, ["do you have a loyalty program?"]);
}

#[tokio::test]
async fn the_cheaper_one_of_those_shown_is_that_product_not_a_new_search() {
    let app = TestApp::spawn().await;
    for (locale, first, pick) in [
        ("en", "watches", "the less expensive one"),
        ("es", "relojes", "el más barato"),
    ] {
        let (id, token) = app.create_conversation(locale).await;
        let shown = cards(&app.send_message(&id, &token, first).await);
        assert_eq!(shown.len(), 2, "{first}");
        let events = app.send_message(&id, &token, pick).await;
        let picked = cards(&events);
        assert_eq!(picked.len(), 1, "{pick}: {}", text(&events));
        let cheapest = shown.iter().min_by_key(|c| c.price.minor).expect("two");
        assert_eq!(picked[0].product_id, cheapest.product_id, "{pick}");
    }
}

#[tokio::test]
async fn spanish_shirts_are_tees_and_son_is_no_son() {
    let app = TestApp::spawn().await;
    let (id, token) = app.create_conversation("es").await;
    let tees = cards_for(&app, &id, &token, "¿tienen camisetas?").await;
    assert!(!tees.is_empty());
    assert!(
        tees.iter().all(|c| c.title.contains("Tee")),
        "{:?}",
        tees.iter().map(|c| &c.title).collect::<Vec<_>>()
    );
    // "Son caras" (they are expensive) asks for cheaper ones, not for a son's.
    let events = app
        .send_message(&id, &token, "uf, son caras, ¿alguna más económica?")
        .await;
    assert!(
        cards(&events).iter().all(|c| !c.title.contains("Kids")),
        "{}",
        text(&events)
    );
}

#[tokio::test]
async fn the_bigger_one_of_those_shown_is_the_one_whose_title_measures_more() {
    let app = TestApp::spawn().await;
    let (id, token) = app.create_conversation("en").await;
    let shown = cards_for(&app, &id, &token, "show me backpacks").await;
    assert_eq!(shown.len(), 2);
    let events = app.send_message(&id, &token, "the bigger one").await;
    let picked = cards(&events);
    assert!(
        picked.iter().any(|c| c.title.contains("28L")) && picked.len() == 1,
        "{}: {:?}",
        text(&events),
        picked.iter().map(|c| &c.title).collect::<Vec<_>>()
    );
}

#[tokio::test]
async fn asking_whether_the_shop_has_a_kind_shows_them_and_a_plural_question_answers_from_them() {
    let app = TestApp::spawn().await;
    let (id, token) = app.create_conversation("es").await;

    // Nothing on screen: what there is of that kind, not the details of one of them.
    let shown = cards_for(&app, &id, &token, "tienen velas perfumadas?").await;
    assert!(shown.len() >= 2, "{shown:?}");
    assert!(
        shown.iter().all(|c| c.title.contains("Candle")),
        "{shown:?}"
    );
    // Asked of them all: answered from their details.
    let events = app
        .send_message(&id, &token, "¿de qué cera están hechas?")
        .await;
    let answer = text(&events).to_lowercase();
    assert!(
        answer.contains("soy") || answer.contains("soja"),
        "{answer}"
    );
}

#[tokio::test]
async fn the_same_kind_for_someone_else_drops_what_the_first_person_wanted_of_it() {
    let app = TestApp::spawn().await;
    let (id, token) = app.create_conversation("en").await;

    let first = cards_for(&app, &id, &token, "Women's jeans, high waisted").await;
    assert!(
        first.iter().all(|c| c.title.contains("Women's")),
        "{first:?}"
    );
    let shown = cards_for(
        &app,
        &id,
        &token,
        "Fine. Now my husband needs a pair too. He's a 34 waist.",
    )
    .await;
    assert!(!shown.is_empty());
    assert!(
        shown
            .iter()
            .all(|c| c.title.contains("Men's") && c.title.contains("Jeans")),
        "{shown:?}"
    );
}

#[tokio::test]
async fn a_texted_question_without_its_mark_is_about_the_product_on_screen() {
    let app = TestApp::spawn().await;
    let (id, token) = app.create_conversation("en").await;

    let shown = cards_for(&app, &id, &token, "need sunnies for summer").await;
    assert_eq!(shown.len(), 1, "{shown:?}");
    let events = app.send_message(&id, &token, "r they polarised").await;
    assert_eq!(
        cards(&events).first().map(|c| c.product_id),
        Some(shown[0].product_id)
    );
    assert!(
        text(&events).to_lowercase().contains("polari"),
        "{}",
        text(&events)
    );
}

#[tokio::test]
async fn a_question_about_it_in_words_of_what_it_is_asks_about_the_product_on_screen() {
    let app = TestApp::spawn().await;
    let (id, token) = app.create_conversation("en").await;

    let shown = cards_for(
        &app,
        &id,
        &token,
        "I carry my chai to school and by break it is cold. Do you have a flask that keeps it hot?",
    )
    .await;
    assert_eq!(shown.len(), 1, "{shown:?}");
    assert!(shown[0].title.contains("Bottle"), "{shown:?}");
    let events = app
        .send_message(
            &id,
            &token,
            "Will it keep my chai hot until lunch? I pour it at 6 in the morning.",
        )
        .await;
    // The bottle's own details ("hot for 12" hours), not the same search again.
    assert!(text(&events).contains("12"), "{}", text(&events));
    assert_eq!(
        cards(&events).first().map(|c| c.product_id),
        Some(shown[0].product_id)
    );
}

#[tokio::test]
async fn the_product_on_screen_named_by_its_own_word_is_the_one_asked_about() {
    let app = TestApp::spawn().await;
    let (id, token) = app.create_conversation("en").await;

    let shown = cards_for(&app, &id, &token, "do you have cushions?").await;
    assert_eq!(shown.len(), 1, "{shown:?}");
    assert!(shown[0].title.contains("Linen"), "{shown:?}");
    // "cover" reads as a throw too, but "linen" names the cushion on screen.
    let events = app
        .send_message(
            &id,
            &token,
            "The linen one, does the cover come off to wash?",
        )
        .await;
    assert_eq!(
        cards(&events).first().map(|c| c.product_id),
        Some(shown[0].product_id),
        "{}",
        text(&events)
    );
    assert!(text(&events).contains("zip"), "{}", text(&events));
}

#[tokio::test]
async fn a_question_pointing_at_the_product_shown_is_answered_from_its_details() {
    let app = TestApp::spawn().await;
    let (id, token) = app.create_conversation("en").await;

    let shown = cards_for(
        &app,
        &id,
        &token,
        "my papa is turning 60 next month. i want to buy him a nice watch",
    )
    .await;
    let automatic = shown
        .iter()
        .find(|c| c.title.contains("Automatic"))
        .unwrap_or_else(|| panic!("{shown:?}"));
    // "strap" is no typo of the straw hat's "straw"; the watch shown is asked about.
    let events = app
        .send_message(
            &id,
            &token,
            "the one with the leather strap, does it use battery? the batteries here die small small",
        )
        .await;
    assert_eq!(
        cards(&events).first().map(|c| c.product_id),
        Some(automatic.product_id),
        "{}",
        text(&events)
    );
    assert!(text(&events).contains("utomatic"), "{}", text(&events));
}

#[tokio::test]
async fn the_product_shown_that_the_wanted_words_name_is_asked_about_whatever_else_reads_as_a_kind()
{
    let app = TestApp::spawn().await;
    let (id, token) = app.create_conversation("en").await;

    let shown = cards_for(
        &app,
        &id,
        &token,
        "I'd like a nice candle for the front room",
    )
    .await;
    let cedar = shown
        .iter()
        .find(|c| c.title.contains("Cedar"))
        .unwrap_or_else(|| panic!("{shown:?}"));
    // "light it" reads as a lamp too; "cedar" names the candle on screen.
    let events = app
        .send_message(
            &id,
            &token,
            "That cedar one sounds wonderful. How long will it burn for, dear? I'd only light it when I have company.",
        )
        .await;
    assert_eq!(
        cards(&events).first().map(|c| c.product_id),
        Some(cedar.product_id),
        "{}",
        text(&events)
    );
    assert!(text(&events).contains("45 hours"), "{}", text(&events));
}

#[tokio::test]
async fn too_expensive_with_a_ceiling_above_the_cheapest_shows_what_fits_under_it() {
    let app = TestApp::spawn().await;
    let (id, token) = app.create_conversation("en").await;

    let shown = cards_for(
        &app,
        &id,
        &token,
        "white sneakers for work, casual but clean",
    )
    .await;
    assert!(
        shown.iter().any(|c| c.title.contains("Low-Top")),
        "{shown:?}"
    );
    let events = app
        .send_message(&id, &token, "too expensive, anything under 60?")
        .await;
    let now = cards(&events);
    assert!(now.iter().any(|c| c.title.contains("Low-Top")), "{now:?}");
    assert!(now.iter().all(|c| c.price.minor <= 6000), "{now:?}");
}

#[tokio::test]
async fn a_question_of_what_would_keep_someone_warm_within_a_budget_shows_what_there_is() {
    let app = TestApp::spawn().await;
    let (id, token) = app.create_conversation("es").await;

    let shown = cards_for(
        &app,
        &id,
        &token,
        "Mi nieta se fue a estudiar a la capital y en la universidad el aire acondicionado está fortísimo, la pobre se congela. ¿Qué le puedo mandar para que se abrigue? Yo no gasto más de 60.",
    )
    .await;
    assert!(!shown.is_empty());
    assert!(shown.iter().all(|c| c.price.minor <= 6000), "{shown:?}");
}

#[tokio::test]
async fn cheaper_naming_another_kind_shows_that_kind_for_less() {
    let app = TestApp::spawn().await;
    let (id, token) = app.create_conversation("es").await;

    let shown = cards_for(&app, &id, &token, "tienen lentes de sol?").await;
    assert_eq!(shown.len(), 1, "{shown:?}");
    let events = app
        .send_message(
            &id,
            &token,
            "q caros, algo más barato pa taparme del sol? una gorra o algo",
        )
        .await;
    let now = cards(&events);
    assert!(
        now.iter().any(|c| c.title.contains("Cap")),
        "{}",
        text(&events)
    );
    assert!(
        now.iter().all(|c| c.price.minor < shown[0].price.minor),
        "{now:?}"
    );
}

#[tokio::test]
async fn a_colour_and_size_asked_after_one_products_details_are_asked_of_it() {
    let app = TestApp::spawn().await;
    let (id, token) = app.create_conversation("en").await;

    let shown = cards_for(
        &app,
        &id,
        &token,
        "I want t-shirt cool cool for hot season, April is 40 degree here. Linen have or not?",
    )
    .await;
    assert_eq!(shown.len(), 1, "{shown:?}");
    let events = app
        .send_message(&id, &token, "Sage colour, size M have ka?")
        .await;
    assert_eq!(
        cards(&events).first().map(|c| c.product_id),
        Some(shown[0].product_id),
        "{}",
        text(&events)
    );
    assert!(text(&events).contains("Sage"), "{}", text(&events));
}

#[tokio::test]
async fn cheaper_in_the_kinds_family_says_it_is_of_another_kind() {
    let app = TestApp::spawn().await;
    let (id, token) = app.create_conversation("es").await;

    let shown = cards_for(
        &app,
        &id,
        &token,
        "necesito una mochila pa llevar la comida al trabajo",
    )
    .await;
    assert!(!shown.is_empty());
    assert!(shown.iter().all(|c| c.title.contains("pack")), "{shown:?}");
    let cheapest = shown
        .iter()
        .map(|c| c.price.minor)
        .min()
        .unwrap_or_default();
    let events = app
        .send_message(&id, &token, "eso ta muy caro, tiene algo más barato?")
        .await;
    let cheaper = cards(&events);
    // No backpack costs less: a bag of another kind that does (the tote), said to be one.
    assert!(!cheaper.is_empty(), "{}", text(&events));
    for card in &cheaper {
        assert!(card.price.minor < cheapest, "{card:?}");
        assert!(card.title.contains("Tote"), "{card:?}");
    }
    assert!(text(&events).contains("de su tipo"), "{}", text(&events));
}

#[tokio::test]
async fn a_colour_finds_products_of_one_colour_that_say_it_in_their_words() {
    let app = TestApp::spawn().await;
    let (id, token) = app.create_conversation("en").await;

    let shown = cards_for(
        &app,
        &id,
        &token,
        "I want to send a gift to my mum, she is always cold in winter",
    )
    .await;
    assert!(!shown.is_empty());
    let events = app
        .send_message(&id, &token, "Do you have red color? Red is her favorite")
        .await;
    // The tartan scarf has no Colour option; its description says red.
    let red = cards(&events);
    assert!(
        red.iter().any(|c| c.title.contains("Tartan Scarf")),
        "{red:?} {}",
        text(&events)
    );
}

#[tokio::test]
async fn a_kind_named_after_a_search_that_named_none_is_searched_for_itself() {
    let app = TestApp::spawn().await;
    let (id, token) = app.create_conversation("en").await;

    let first = cards_for(
        &app,
        &id,
        &token,
        "i just moved into my first apartment and the place looks empty like office space, wetin una get wey fit make am feel like home",
    )
    .await;
    assert!(!first.is_empty());
    let events = app
        .send_message(
            &id,
            &token,
            "nice one. the sofa hard like rock, my back dey pain me. something soft to put behind my back",
        )
        .await;
    let soft = cards(&events);
    assert!(
        soft.iter().any(|c| c.title.contains("Cushion")),
        "{soft:?} {}",
        text(&events)
    );
}

#[tokio::test]
async fn whether_something_comes_with_the_product_is_answered_not_bought() {
    let app = TestApp::spawn().await;
    let (id, token) = app.create_conversation("en").await;

    let shown = cards_for(&app, &id, &token, "I need a nice lamp for the front desk").await;
    assert!(shown.iter().any(|c| c.title.contains("Lamp")), "{shown:?}");
    let events = app
        .send_message(
            &id,
            &token,
            "This lamp, bulb come with it or I need buy separate?",
        )
        .await;
    assert!(
        text(&events).contains("bulb not included"),
        "{}",
        text(&events)
    );
    assert!(
        !events
            .iter()
            .any(|e| matches!(e, shopchat_protocol::StreamEvent::Checkout { .. })),
        "no checkout offered: {events:?}"
    );
}

#[tokio::test]
async fn cheaper_than_one_kind_shown_is_cheaper_of_that_kind() {
    let app = TestApp::spawn().await;
    let (id, token) = app.create_conversation("en").await;

    let first = cards_for(&app, &id, &token, "i need a puffer asap").await;
    assert!(!first.is_empty());
    let cheapest = first
        .iter()
        .map(|c| c.price.minor)
        .min()
        .unwrap_or_default();
    let second = cards_for(&app, &id, &token, "anything cheaper that's still warm?").await;
    assert!(!second.is_empty());
    // Jackets all (the puffer's type), each cheaper: no sweaters or gloves because they are warm.
    for card in &second {
        assert!(card.price.minor < cheapest, "{second:?}");
        assert!(
            card.title.contains("Jacket")
                || card.title.contains("Parka")
                || card.title.contains("Puffer"),
            "{second:?}"
        );
    }
}

#[tokio::test]
async fn a_product_the_shop_does_not_sell_is_said_to_be_missing_not_matched_by_other_words() {
    let app = TestApp::spawn().await;
    for (language, message, quoted) in [
        (
            "en",
            "Also got sell umbrella or not? Sapporo got snow and rain",
            "umbrella",
        ),
        (
            "en",
            "do u guys carry hockey skates? my son needs new ones",
            "hockey skates",
        ),
        (
            "es",
            "¿Venden cañas de pescar? Se me fue la mía al agua en la caleta",
            "cañas de pescar",
        ),
        (
            "es",
            "¿venden cintos piteados? Es pa' una boda bien vaquera",
            "cintos",
        ),
    ] {
        let (id, token) = app.create_conversation(language).await;
        let events = app.send_message(&id, &token, message).await;
        assert!(cards(&events).is_empty(), "{message}: {:?}", cards(&events));
        assert!(
            text(&events).contains(quoted),
            "{message}: {}",
            text(&events)
        );
    }
    // What it sells, asked for the same way, is shown.
    let (id, token) = app.create_conversation("en").await;
    assert!(!cards_for(&app, &id, &token, "do you sell rain jackets?")
        .await
        .is_empty());
}

#[tokio::test]
async fn nothing_of_the_kind_within_a_budget_shows_its_family_within_it() {
    let app = TestApp::spawn().await;
    // The demo's only coat costs 189: the jackets under 100, said to be close to a coat.
    let (id, token) = app.create_conversation("en").await;
    let events = app
        .send_message(
            &id,
            &token,
            "a warm coat, not spending more than a hundred bucks",
        )
        .await;
    assert!(text(&events).contains("close to it"), "{}", text(&events));
    let shown = cards(&events);
    assert!(!shown.is_empty());
    for card in &shown {
        assert!(card.price.minor <= 10_000, "{shown:?}");
        assert!(
            card.title.contains("Jacket") || card.title.contains("Puffer"),
            "{shown:?}"
        );
    }
    // A watch under 20 has no family here: the closest watches, said to be above it.
    let (id, token) = app.create_conversation("en").await;
    let events = app.send_message(&id, &token, "a watch under $20").await;
    assert!(
        text(&events).contains("above your budget"),
        "{}",
        text(&events)
    );
}

#[tokio::test]
async fn cheaper_than_a_coat_looks_in_its_family_and_then_at_what_was_asked_of_it() {
    let app = TestApp::spawn().await;
    let (id, token) = app.create_conversation("en").await;

    // The demo's only coat: a cheaper one is a jacket (outerwear), never a scarf.
    let first = cards_for(&app, &id, &token, "I'd like a wool coat").await;
    assert!(first.iter().all(|c| c.title.contains("Coat")), "{first:?}");
    let events = app.send_message(&id, &token, "anything cheaper?").await;
    let second = cards(&events);
    assert!(!second.is_empty(), "{}", text(&events));
    for card in &second {
        assert!(card.price.minor < first[0].price.minor, "{second:?}");
        assert!(
            card.title.contains("Jacket")
                || card.title.contains("Parka")
                || card.title.contains("Puffer"),
            "{second:?}"
        );
    }

    // No jacket costs less than the fleece: said so, and then warm clothing that does, never
    // socks or gloves because they are warm.
    let (id, token) = app.create_conversation("en").await;
    let jackets = cards_for(&app, &id, &token, "a warm winter jacket").await;
    let cheapest = jackets
        .iter()
        .map(|c| c.price.minor)
        .min()
        .unwrap_or_default();
    assert!(
        jackets.iter().any(|c| c.title.contains("Fleece")),
        "{jackets:?}"
    );
    let events = app.send_message(&id, &token, "smth cheaper?").await;
    assert!(
        text(&events).contains("most affordable of their kind"),
        "{}",
        text(&events)
    );
    let third = cards(&events);
    assert!(!third.is_empty());
    for card in &third {
        assert!(card.price.minor < cheapest, "{third:?}");
        assert!(
            ["Socks", "Gloves", "Beanie", "Scarf", "Tee"]
                .iter()
                .all(|w| !card.title.contains(w)),
            "{third:?}"
        );
    }
}

#[tokio::test]
async fn something_for_the_home_for_a_mother_is_for_the_home_and_another_is_another() {
    let app = TestApp::spawn().await;
    let (id, token) = app.create_conversation("es").await;

    let first = cards_for(
        &app,
        &id,
        &token,
        "Mi mamá se acaba de mudar. Quiero mandarle algo pa la casa, ¿qué tú tienes?",
    )
    .await;
    assert!(!first.is_empty());
    // Whom it is for doesn't bring women's clothes into the home.
    assert!(
        first.iter().all(|c| !c.title.starts_with("Women's")),
        "{first:?}"
    );
    let second = cards_for(&app, &id, &token, "Nah, eso no. Enséñame otra cosa").await;
    assert!(!second.is_empty());
    assert!(
        second
            .iter()
            .all(|c| first.iter().all(|f| f.product_id != c.product_id)
                && !c.title.starts_with("Women's")),
        "{second:?}"
    );
}

#[tokio::test]
async fn also_something_for_someone_else_is_the_same_kind_for_them() {
    let app = TestApp::spawn().await;
    let (id, token) = app.create_conversation("en").await;

    let first = cards_for(&app, &id, &token, "a good wrist watch for my son").await;
    assert!(first.iter().all(|c| c.title.contains("Watch")), "{first:?}");
    let second = cards_for(
        &app,
        &id,
        &token,
        "Kindly show me also something for my daughter. It should be suitable for the office.",
    )
    .await;
    assert!(!second.is_empty());
    assert!(
        second.iter().all(|c| c.title.contains("Watch")),
        "{second:?}"
    );
}

#[tokio::test]
async fn a_material_named_among_products_on_screen_picks_the_one_made_of_it() {
    let app = TestApp::spawn().await;
    let (id, token) = app.create_conversation("es").await;

    let first = cards_for(
        &app,
        &id,
        &token,
        "Quiero regalarle a mi papá una taza bonita. ¿Qué me puede mostrar?",
    )
    .await;
    assert!(first.len() > 1, "{first:?}");
    let events = app
        .send_message(
            &id,
            &token,
            "Qué linda la de cerámica. ¿Esa se puede meter al microondas?",
        )
        .await;
    // The stoneware mug on screen, not the ceramic lamp off it.
    let shown = cards(&events);
    assert!(
        shown.iter().all(|c| c.title == "Speckled Stoneware Mug"),
        "{shown:?}"
    );
    assert!(
        text(&events).to_lowercase().contains("microwave"),
        "{}",
        text(&events)
    );
}

#[tokio::test]
async fn a_colour_beside_a_new_kind_asks_for_it_and_going_back_asks_about_the_first_kind() {
    let app = TestApp::spawn().await;
    let (id, token) = app.create_conversation("es").await;

    let tees = cards_for(
        &app,
        &id,
        &token,
        "necesito unas franelas negras pa'l liceo",
    )
    .await;
    assert_all_titled(&tees, "Tee");
    let sneakers = cards_for(
        &app,
        &id,
        &token,
        "y unas gomas blancas q no pasen de sesenta dolares",
    )
    .await;
    assert_all_titled(&sneakers, "Sneaker");
    let back = cards_for(
        &app,
        &id,
        &token,
        "ok volviendo a las franelas, las hay en talla S?",
    )
    .await;
    assert_all_titled(&back, "Tee");
}

#[tokio::test]
async fn a_feature_said_after_without_rules_out_the_products_that_have_it() {
    let app = TestApp::spawn().await;
    for (lang, text) in [
        ("en", "a hoodie without a zip please"),
        ("es", "una sudadera sin cremallera"),
    ] {
        let (id, token) = app.create_conversation(lang).await;
        let cards = cards_for(&app, &id, &token, text).await;
        assert!(
            !cards.is_empty() && cards.iter().all(|c| !c.title.contains("Zip")),
            "{text}: {cards:?}"
        );
        assert!(
            cards.iter().any(|c| c.title.contains("Hoodie")),
            "{text}: {cards:?}"
        );
    }
}

#[tokio::test]
async fn a_size_or_colour_asked_of_the_only_product_shown_says_whether_it_is_in_stock() {
    let app = TestApp::spawn().await;
    let (id, token) = app.create_conversation("en").await;
    let shown = cards_for(
        &app,
        &id,
        &token,
        "need a water bottle that keeps stuff cold",
    )
    .await;
    assert_eq!(shown.len(), 1, "{shown:?}");
    let events = app.send_message(&id, &token, "sweet. white one?").await;
    assert!(text(&events).contains("sold out"), "{}", text(&events));
    assert_eq!(cards(&events).len(), 1);

    let (id, token) = app.create_conversation("es").await;
    let shown = cards_for(
        &app,
        &id,
        &token,
        "busco unas sandalias comodas para el verano",
    )
    .await;
    assert_eq!(shown.len(), 1, "{shown:?}");
    let events = app
        .send_message(&id, &token, "re lindas!! tenés en 38?")
        .await;
    assert!(text(&events).contains("agotad"), "{}", text(&events));
    // Another colour than it comes in is looked for among the others.
    let (id, token) = app.create_conversation("en").await;
    cards_for(&app, &id, &token, "hoodie for my son hes 15").await;
    let events = app.send_message(&id, &token, "got one in black?").await;
    assert!(!text(&events).contains("comes in"), "{}", text(&events));
}

#[tokio::test]
async fn a_colour_that_finds_only_the_one_shown_again_gets_the_colours_it_comes_in() {
    let app = TestApp::spawn().await;
    let (id, token) = app.create_conversation("en").await;
    let shown = cards_for(&app, &id, &token, "black skinny jeans for guys").await;
    assert_eq!(shown.len(), 1, "{shown:?}");
    let events = app
        .send_message(&id, &token, "um do they come in blue too")
        .await;
    // Not the same card as news: its colours, indigo among them.
    assert!(text(&events).contains("Indigo"), "{}", text(&events));
    assert_eq!(cards(&events).len(), 1);
    assert_eq!(cards(&events)[0].product_id, shown[0].product_id);
}

#[tokio::test]
async fn a_question_an_unsure_model_reads_as_of_the_shop_asks_about_the_product_in_view() {
    let app = TestApp::spawn().await;
    let (id, token) = app.create_conversation("es").await;
    let shown = cards_for(
        &app,
        &id,
        &token,
        "necesito un water bottle pa mis clinicals, que el agua se quede fría todo el shift",
    )
    .await;
    assert_eq!(shown.len(), 1, "{shown:?}");
    let events = app
        .send_message(
            &id,
            &token,
            "y se puede meter al dishwasher? mi amá mete todo ahí lol",
        )
        .await;
    // The bottle's care, not the rules of cancelling an order.
    let said = text(&events);
    assert!(
        said.contains("a mano") || said.contains("hand wash"),
        "{said}"
    );
    assert!(!said.contains("cancel"), "{said}");
    assert_eq!(cards(&events)[0].product_id, shown[0].product_id);
}

#[tokio::test]
async fn a_size_said_of_the_product_in_view_says_whether_it_comes_so() {
    let app = TestApp::spawn().await;
    let (id, token) = app.create_conversation("en").await;
    let shown = cards_for(
        &app,
        &id,
        &token,
        "I need a jacket for me, not too heavy, maybe around $100?",
    )
    .await;
    assert!(shown.len() >= 2, "{shown:?}");
    let puffer = cards_for(&app, &id, &token, "tell me about the puffer").await;
    assert_eq!(puffer.len(), 1, "{puffer:?}");
    let events = app
        .send_message(&id, &token, "Ia, the puffer is nicer. Lavender in M please")
        .await;
    // Lavender in M is sold out: said, not the same card shown again as news.
    assert!(text(&events).contains("sold out"), "{}", text(&events));
    assert_eq!(cards(&events)[0].product_id, puffer[0].product_id);
}

#[tokio::test]
async fn a_question_comparing_the_products_on_screen_says_what_each_description_says() {
    let app = TestApp::spawn().await;
    let (id, token) = app.create_conversation("en").await;
    let shown = cards_for(
        &app,
        &id,
        &token,
        "a pair of gloves for shoveling and driving",
    )
    .await;
    assert_eq!(shown.len(), 2, "{shown:?}");
    let events = app
        .send_message(
            &id,
            &token,
            "Which pair is warmer? And is the cheaper pair just as good?",
        )
        .await;
    // Both, each with its own words: no verdict the catalog doesn't give.
    let said = text(&events);
    for card in &shown {
        assert!(said.contains(&card.title), "{said}");
    }
    assert!(said.contains("cashmere"), "{said}");
    assert_eq!(cards(&events).len(), 2);
    // By price, in Spanish.
    let (id, token) = app.create_conversation("es").await;
    let shown = cards_for(&app, &id, &token, "unos guantes para la nieve").await;
    assert_eq!(shown.len(), 2, "{shown:?}");
    let events = app
        .send_message(&id, &token, "¿cuál abriga más, los de 24 o los de 68?")
        .await;
    assert!(
        text(&events).starts_with("Esto dice la tienda de cada uno"),
        "{}",
        text(&events)
    );
    assert_eq!(cards(&events).len(), 2);
    // One of them not shown: found by the word of its title said.
    let (id, token) = app.create_conversation("en").await;
    let shown = cards_for(&app, &id, &token, "women's warm jacket for minus 30").await;
    assert!(
        shown.iter().all(|c| !c.title.contains("Parka")),
        "{shown:?}"
    );
    let events = app
        .send_message(&id, &token, "Which is warmer, the puffer or the parka?")
        .await;
    let titles = titles_of(cards(&events));
    assert_eq!(titles.len(), 2, "{titles:?}");
    assert!(titles.iter().any(|t| t.contains("Puffer")), "{titles:?}");
    assert!(titles.iter().any(|t| t.contains("Parka")), "{titles:?}");
}

#[tokio::test]
async fn a_size_alone_after_a_products_details_is_asked_of_it_though_a_search_showed_more() {
    let app = TestApp::spawn().await;
    let (id, token) = app.create_conversation("es").await;
    let shown = cards_for(
        &app,
        &id,
        &token,
        "Busco unas botas de monte que no cale el agua, para subir a la sierra",
    )
    .await;
    assert!(shown.len() >= 2, "{shown:?}");
    let details = cards_for(
        &app,
        &id,
        &token,
        "Respecto a las botas impermeables: 1.º ¿De qué material son? 2.º ¿Hay que domarlas?",
    )
    .await;
    assert_eq!(details.len(), 1, "{details:?}");
    let events = app
        .send_message(
            &id,
            &token,
            "Entendido. Mi yerno calza un 41. ¿Quedan en el 41?",
        )
        .await;
    // The 41 of the boot just described is sold out: said of it, not a new search.
    assert!(text(&events).contains("agotad"), "{}", text(&events));
    assert_eq!(cards(&events).len(), 1);
    assert_eq!(cards(&events)[0].product_id, details[0].product_id);
}

#[tokio::test]
async fn a_laptop_to_carry_is_no_paper_notebook() {
    let app = TestApp::spawn().await;
    for (lang, text) in [
        ("en", "I need something to carry my laptop to work"),
        (
            "es",
            "nesesito una mochila donde entre mi laptop de 15 pulgadas",
        ),
    ] {
        let (id, token) = app.create_conversation(lang).await;
        let cards = cards_for(&app, &id, &token, text).await;
        assert!(
            !cards.is_empty() && cards.iter().all(|c| !c.title.contains("Notebook")),
            "{text}: {cards:?}"
        );
    }
}

#[tokio::test]
async fn a_question_pointing_at_one_of_the_products_shown_is_about_the_one_saying_most_of_it() {
    let app = TestApp::spawn().await;
    let (id, token) = app.create_conversation("en").await;
    let shown = cards_for(
        &app,
        &id,
        &token,
        "She wants a good backpack for her laptop and books. A strong one no, the buses are so crowded.",
    )
    .await;
    assert!(shown.len() > 1, "{shown:?}");
    let events = app
        .send_message(
            &id,
            &token,
            "That black one, her laptop is 15.6 inch, will it fit? And in the monsoon the rain is very heavy, what happens then?",
        )
        .await;
    assert_all_titled(&cards(&events), "Commuter Backpack");
    assert!(text(&events).contains("16"), "{}", text(&events));
}

/// Questions asked of the one product a search showed, each in a conversation of its own:
/// (locale, the search, the title every card shown has, the question, what the answer says,
/// what it must not say).
const ASKED_OF_THE_ONE_SHOWN: &[(&str, &str, &str, &str, &str, &str)] = &[
    // Opening by pointing at it: "cover" reads as a throw; "that one" is the cushion.
    (
        "en",
        "Have you got cushions? The bench by the stall is murder on my customers' bottoms",
        "Cushion",
        "That one's lovely. Can the cover come off to wash? The dogs sit on everything!",
        "zips off",
        "Throw",
    ),
    // A colour of it, with no second colour named ("o solo esa"): the demo's white bottle is
    // sold out.
    (
        "es",
        "oye y una botella q mantenga el agua helada? el agua se me entibia altiro",
        "Bottle",
        "la blanca hay? o solo esa",
        "agotad",
        "Teal, Black, White",
    ),
    // A size after "in a", naming it: the demo's chunky sweater is sold out in S.
    (
        "en",
        "my flat is freezing, I need a really cosy jumper, like the big chunky kind",
        "Cable-Knit",
        "the cable knit one!! can I get it in a small?",
        "sold out",
        "Here's one",
    ),
    // Other colours of it: the demo's rainbow hoodie comes in yellow only.
    (
        "es",
        "Quiero un buzo abrigado para mi nieto que tiene 7 años, para ir al colegio",
        "Kids' Rainbow Hoodie",
        "¿Viene en otro color? El amarillo me lo ensucia en dos días.",
        "solo viene en",
        "disponible en Yellow",
    ),
    // A question opening on "it", whatever else it names ("woollen shawls": a wrap coat).
    (
        "en",
        "my flat is freezing, I need a really cosy jumper, like the big chunky kind",
        "Cable-Knit",
        "Is it itchy? He has sensitive skin, he cannot even wear the woollen shawls here.",
        "Cable-Knit",
        "Wrap Coat",
    ),
];

#[tokio::test]
async fn what_is_asked_of_the_one_product_shown_is_answered_from_it() {
    let app = TestApp::spawn().await;
    for (locale, search, title, question, says, never) in ASKED_OF_THE_ONE_SHOWN {
        let (id, token) = app.create_conversation(locale).await;
        let shown = cards_for(&app, &id, &token, search).await;
        assert_all_titled(&shown, title);
        let events = app.send_message(&id, &token, question).await;
        let reply = text(&events);
        assert!(reply.contains(says), "{question}: {reply}");
        assert!(!reply.contains(never), "{question}: {reply}");
        assert!(
            cards(&events).iter().all(|c| c.title.contains(title)),
            "{question}: {:?}",
            cards(&events)
        );
    }
}

#[tokio::test]
async fn a_colour_said_alone_after_a_search_changes_the_results_not_the_subject() {
    let app = TestApp::spawn().await;
    let (id, token) = app.create_conversation("en").await;
    let shown = cards_for(
        &app,
        &id,
        &token,
        "need a warm layer for the platform on the early turn - not a big coat. 70 max",
    )
    .await;
    assert!(
        shown.iter().any(|c| c.title.contains("Fleece")),
        "{shown:?}"
    );
    let events = app.send_message(&id, &token, "grey?").await;
    let reply = text(&events);
    // The fleece comes in grey; a greeting would show nothing.
    assert!(
        cards(&events).iter().any(|c| c.title.contains("Fleece")),
        "{reply}: {:?}",
        cards(&events)
    );
    assert!(!reply.contains("What are you looking for"), "{reply}");
}

#[tokio::test]
async fn a_size_asked_after_a_colour_of_the_same_product_is_asked_of_that_colour() {
    let app = TestApp::spawn().await;
    let (id, token) = app.create_conversation("es").await;
    let shown = cards_for(&app, &id, &token, "camisetas d algodon? q no se deformen").await;
    assert_all_titled(&shown, "Classic Cotton Tee");
    // Black M is in stock; black S is sold out in the demo catalog (other colours have S).
    let reply = text(
        &app.send_message(&id, &token, "pa mi novio no pa mi jaja. negra M")
            .await,
    );
    assert!(reply.contains("talla M"), "{reply}");
    let reply = text(&app.send_message(&id, &token, "mejor S, es flaquito").await);
    assert!(reply.contains("agotad"), "{reply}");
    assert!(reply.contains("Black"), "{reply}");
}

#[tokio::test]
async fn a_bare_price_of_one_shown_quoted_with_cheaper_is_the_price_to_go_under() {
    let app = TestApp::spawn().await;
    let (id, token) = app.create_conversation("es").await;
    let shown = cards_for(
        &app,
        &id,
        &token,
        "guantes? se me congelan las manos en el alquiler d esquis",
    )
    .await;
    assert!(shown.iter().any(|c| c.price.minor == 6800), "{shown:?}");
    let cheaper = cards_for(&app, &id, &token, "68?? nah. mas baratos").await;
    assert!(
        !cheaper.is_empty() && cheaper.iter().all(|c| c.price.minor < 6800),
        "{cheaper:?}"
    );
}

/// The title of the product a checkout card opened for, if any.
fn checkout_title(events: &[StreamEvent]) -> Option<String> {
    events.iter().find_map(|e| match e {
        StreamEvent::Checkout { offer } => Some(offer.title.clone()),
        _ => None,
    })
}

/// In a new conversation in `locale`: says `before` (when given), then `said`; the title of
/// the product whose checkout the last reply opened, if any.
async fn checkout_after(
    app: &TestApp,
    locale: &str,
    before: Option<&str>,
    said: &str,
) -> Option<String> {
    let (id, token) = app.create_conversation(locale).await;
    if let Some(before) = before {
        app.send_message(&id, &token, before).await;
    }
    checkout_title(&app.send_message(&id, &token, said).await)
}

#[tokio::test]
async fn a_product_named_by_its_name_in_a_wish_to_buy_opens_its_checkout() {
    let app = TestApp::spawn().await;
    for (locale, before, said, bought) in [
        // With nothing on screen: its checkout, not a search.
        (
            "es",
            None,
            "buenas, quiero comprar las zapatillas Pico Trail Runner talla 42, son para el trekking",
            Some("Pico Trail Runner"),
        ),
        // Another product than the one on screen, named: that one.
        (
            "en",
            Some("a hat to keep the sun off on the job"),
            "nah I'll just grab the cap instead, chuck it in the cart",
            Some("Canvas Baseball Cap"),
        ),
        // "I'll take it" beside a thank-you, of the product in view: its checkout.
        (
            "en",
            Some("what is the Lambswool Tartan Scarf made of?"),
            "That sounds just right, thank you very much. I'll take it. Where do I pay?",
            Some("Lambswool Tartan Scarf"),
        ),
        // "Lo quiero" beside words of the product in view, read as a search: its checkout.
        (
            "es",
            Some("busco un hoodie para mi hija de 4 años, algo calientito"),
            "ay el amarillo del rainbow esta super cute. lo quiero en size 3-4 años",
            Some("Kids' Rainbow Hoodie"),
        ),
        // A thank-you with nothing to buy in view stays one.
        ("en", None, "thanks, I'll take it from here", None),
        // A kind said to be bought that only one product is: its checkout.
        (
            "es",
            None,
            "agrega la sudadera gris talla M al carrito",
            Some("Everyday Pullover Hoodie"),
        ),
        // A kind several products are: the choice, each card with its Buy.
        ("en", None, "I want to buy running shoes", None),
        // The one closest to a budget nothing is within is shown, never put in a checkout.
        (
            "en",
            None,
            "I want to buy a wool beanie under 10 dollars",
            None,
        ),
        // Whether one comes in a colour, asked, is no purchase.
        ("en", Some("show me jackets"), "got it in grey?", None),
        // A yes that goes on to take the one on screen: its checkout, not a greeting.
        (
            "es",
            Some("quiero el gorro de lana"),
            "sí, lo quiero",
            Some("Ribbed Wool Beanie"),
        ),
        // How to pay, asked with one product on screen: how, and its checkout.
        (
            "en",
            Some("show me beanies"),
            "perfect, how do I pay?",
            Some("Ribbed Wool Beanie"),
        ),
        // One of several picked with a word of taking it.
        (
            "es",
            Some("busco una taza"),
            "dame la de esmalte",
            Some("Enamel Camp Mug"),
        ),
        // The one on screen whose title gives the measure said.
        (
            "es",
            Some("enséñame mochilas"),
            "quiero pedir la de 28 litros",
            Some("Trail Daypack 28L"),
        ),
    ] {
        assert_eq!(
            checkout_after(&app, locale, before, said).await.as_deref(),
            bought,
            "{said}"
        );
    }
}

#[tokio::test]
async fn what_was_found_is_said_with_the_kind_last() {
    let app = TestApp::spawn().await;
    let (id, token) = app.create_conversation("en").await;
    let events = app.send_message(&id, &token, "a jacket for hiking").await;
    assert!(
        text(&events).contains("hiking jackets"),
        "{}",
        text(&events)
    );
    let (id, token) = app.create_conversation("en").await;
    app.send_message(&id, &token, "I'm looking for boots").await;
    let events = app.send_message(&id, &token, "something more casual").await;
    assert!(text(&events).contains("casual boots"), "{}", text(&events));
}

#[tokio::test]
async fn someone_else_named_with_one_product_left_on_screen_searches_for_them() {
    let app = TestApp::spawn().await;
    let (id, token) = app.create_conversation("en").await;
    app.send_message(&id, &token, "I'm looking for boots").await;
    let one = cards_for(&app, &id, &token, "size 42").await;
    assert_eq!(one.len(), 1, "{one:?}");
    // Not a question about the boot on screen: the search, for women.
    let events = app.send_message(&id, &token, "what about for women?").await;
    assert!(!cards(&events).is_empty(), "{}", text(&events));
    assert!(!text(&events).contains("doesn't say"), "{}", text(&events));
}

#[tokio::test]
async fn a_wish_to_buy_one_of_several_on_screen_names_them_and_having_one_is_answered() {
    let app = TestApp::spawn().await;
    let (id, token) = app.create_conversation("es").await;
    app.send_message(&id, &token, "busco una taza").await;
    let events = app.send_message(&id, &token, "me la llevo").await;
    let said = text(&events);
    assert!(
        said.contains("Enamel Camp Mug") && said.contains("Speckled Stoneware Mug"),
        "{said}"
    );
    assert!(checkout_title(&events).is_none(), "{said}");
    // Whether the shop has a product, named: that product, not "the shop doesn't say".
    let (id, token) = app.create_conversation("es").await;
    let events = app
        .send_message(&id, &token, "¿tienen la Ribbed Wool Beanie?")
        .await;
    assert!(text(&events).contains("28"), "{}", text(&events));
    assert!(!text(&events).contains("no lo indica"), "{}", text(&events));
}

#[tokio::test]
async fn the_cheapest_asked_of_what_is_shown_is_named() {
    let app = TestApp::spawn().await;
    let (id, token) = app.create_conversation("en").await;
    let shown = cards_for(&app, &id, &token, "show me jackets").await;
    let cheapest = shown
        .iter()
        .min_by_key(|c| c.price.minor)
        .expect("jackets shown");
    let events = app.send_message(&id, &token, "cheapest one?").await;
    assert!(
        text(&events).contains(&format!("the cheapest is the {}", cheapest.title)),
        "{}",
        text(&events)
    );
}

#[tokio::test]
async fn which_of_several_shown_has_a_feature_is_answered_from_their_descriptions() {
    let app = TestApp::spawn().await;
    for (locale, question) in [
        ("en", "do any of them have a hood?"),
        ("en", "which one has a hood?"),
        // (A word that also names a kind, "capucha" for hoodies, is the feature asked.)
        ("es", "¿alguna tiene capucha?"),
    ] {
        let (id, token) = app.create_conversation(locale).await;
        let shown = cards_for(&app, &id, &token, "show me jackets").await;
        assert!(shown.len() >= 3, "{shown:?}");
        let events = app.send_message(&id, &token, question).await;
        let answered = cards(&events);
        // Only those shown whose descriptions speak of a hood, each with what it says.
        assert!(!answered.is_empty(), "{question}: {}", text(&events));
        assert!(answered.len() < shown.len(), "{question}: {answered:?}");
        assert!(
            answered
                .iter()
                .all(|c| shown.iter().any(|s| s.product_id == c.product_id)),
            "{answered:?}"
        );
        assert!(text(&events).contains("hood"), "{}", text(&events));
    }
    // A cheaper one asked with "alguna" is still a refinement.
    let (id, token) = app.create_conversation("es").await;
    app.send_message(&id, &token, "ando buscando una chamarra para el frío")
        .await;
    let events = app
        .send_message(&id, &token, "hay alguna más barata?")
        .await;
    assert!(
        !text(&events).contains("Ninguno de estos"),
        "{}",
        text(&events)
    );
}

#[tokio::test]
async fn the_price_said_to_be_too_much_asks_for_cheaper() {
    let app = TestApp::spawn().await;
    for (locale, complaint) in [
        ("en", "that's too much for me"),
        ("en", "can't afford that"),
        ("es", "se me va del presupuesto"),
    ] {
        let (id, token) = app.create_conversation(locale).await;
        let shown = cards_for(&app, &id, &token, "show me boots").await;
        let cheapest = shown.iter().map(|c| c.price.minor).min().expect("boots");
        let events = app.send_message(&id, &token, complaint).await;
        let cheaper = cards(&events);
        let said = text(&events);
        assert!(
            (!cheaper.is_empty() && cheaper.iter().all(|c| c.price.minor < cheapest))
                || said.contains("affordable")
                || said.contains("económicas"),
            "{complaint}: {said} {cheaper:?}"
        );
    }
}

#[tokio::test]
async fn colours_or_sizes_asked_of_several_on_screen_are_given_for_each() {
    let app = TestApp::spawn().await;
    for (locale, question, lead) in [
        (
            "en",
            "what colours does it come in?",
            "The colours each one comes in:",
        ),
        (
            "en",
            "what sizes do they come in?",
            "The sizes each one comes in:",
        ),
        ("es", "¿en qué colores vienen?", "Los colores de cada uno:"),
    ] {
        let (id, token) = app.create_conversation(locale).await;
        let shown = cards_for(&app, &id, &token, "show me hoodies").await;
        assert!(shown.len() >= 2, "{shown:?}");
        let events = app.send_message(&id, &token, question).await;
        let said = text(&events);
        assert!(said.contains(lead), "{question}: {said}");
        for card in &shown {
            assert!(said.contains(&card.title), "{question}: {said}");
        }
    }
}

#[tokio::test]
async fn a_question_about_no_product_with_nothing_in_view_is_off_topic_not_which_product() {
    let app = TestApp::spawn().await;
    for (locale, message) in [
        ("en", "can you lend me money?"),
        ("es", "¿me prestas dinero?"),
    ] {
        let (id, token) = app.create_conversation(locale).await;
        let events = app.send_message(&id, &token, message).await;
        let said = text(&events);
        assert!(
            !said.contains("Which product") && !said.contains("De qué producto"),
            "{message}: {said}"
        );
        assert!(cards(&events).is_empty(), "{message}: {said}");
    }
    // "It", with nothing in view, still asks which product is meant.
    let (id, token) = app.create_conversation("en").await;
    let events = app.send_message(&id, &token, "is it good?").await;
    assert!(text(&events).contains("Which product"), "{}", text(&events));
}

#[tokio::test]
async fn delivery_times_read_as_sentences_not_day_s() {
    let app = TestApp::spawn().await;
    for (locale, question, said) in [
        ("en", "how long does delivery take?", "business day"),
        ("es", "¿cuánto tarda en llegar?", "laborable"),
    ] {
        let (id, token) = app.create_conversation(locale).await;
        let answer = text(&app.send_message(&id, &token, question).await);
        assert!(answer.contains(said), "{question}: {answer}");
        assert!(!answer.contains("(s)"), "{question}: {answer}");
    }
}

#[tokio::test]
async fn a_product_on_screen_named_by_its_code_or_as_the_cheaper_one_is_asked_about() {
    let app = TestApp::spawn().await;
    let (id, token) = app.create_conversation("en").await;
    let shown = cards_for(&app, &id, &token, "show me notebooks").await;
    assert!(shown.len() >= 2, "{shown:?}");
    let events = app
        .send_message(&id, &token, "does the A5 one bleed w fountain pens?")
        .await;
    let titles = titles_of(cards(&events));
    assert_eq!(titles, ["Dot Grid Notebook A5"], "{}", text(&events));

    let (id, token) = app.create_conversation("en").await;
    let shown = cards_for(&app, &id, &token, "show me mugs").await;
    assert!(shown.len() >= 2, "{shown:?}");
    let events = app
        .send_message(
            &id,
            &token,
            "and the cheaper one, can i put it in the microwave?",
        )
        .await;
    let said = text(&events);
    assert!(said.contains("Not for the microwave"), "{said}");
    assert!(!said.contains("costs"), "{said}");
    // Asked only which is cheapest: its price.
    let events = app
        .send_message(&id, &token, "which is the cheapest one?")
        .await;
    assert!(text(&events).contains("costs"), "{}", text(&events));

    // The parka, off screen while jackets are shown, named by its kind.
    let (id, token) = app.create_conversation("en").await;
    let shown = cards_for(&app, &id, &token, "show me jackets").await;
    assert!(shown.len() >= 2, "{shown:?}");
    let events = app
        .send_message(&id, &token, "how cold is the parka rated to?")
        .await;
    let titles = titles_of(cards(&events));
    assert_eq!(titles, ["Summit Down Parka"], "{}", text(&events));
}

#[tokio::test]
async fn who_it_is_for_said_again_in_a_question_asks_about_the_product_shown() {
    let app = TestApp::spawn().await;
    let (id, token) = app.create_conversation("es").await;
    let shown = cards_for(
        &app,
        &id,
        &token,
        "hola, quiero un polito de dinosaurio para mi nieto de 4 años",
    )
    .await;
    let titles = titles_of(shown);
    assert_eq!(titles, ["Kids' Dinosaur Tee"]);
    let events = app
        .send_message(
            &id,
            &token,
            "no le va a picar el cuellito? es bien delicadito mi nieto",
        )
        .await;
    let said = text(&events);
    assert!(said.contains("doesn't itch"), "{said}");
}

#[tokio::test]
async fn more_expensive_with_a_kind_named_searches_that_kind_and_lifts_the_old_ceiling() {
    let app = TestApp::spawn().await;
    let (id, token) = app.create_conversation("en").await;
    let gifts = cards_for(&app, &id, &token, "a gift for my sister, max 30").await;
    assert!(!gifts.is_empty());
    let watches = cards_for(
        &app,
        &id,
        &token,
        "honestly more expensive is fine if its special. like a watch? under 150",
    )
    .await;
    let titles = titles_of(watches);
    assert_eq!(titles, ["Minimal Mesh Watch"]);
    // Dearer ones of the same kind: the ceiling said before no longer holds.
    let dearer = cards_for(&app, &id, &token, "more expensive is fine").await;
    let titles = titles_of(dearer);
    assert_eq!(titles, ["Field Automatic Watch"]);
}

#[tokio::test]
async fn a_product_shown_picked_by_its_own_words_with_a_size_or_a_wish_is_bought() {
    let app = TestApp::spawn().await;
    let (id, token) = app.create_conversation("en").await;
    // A superlative ranks the kind named: the warmest jacket is among them.
    let jackets = cards_for(&app, &id, &token, "warmest jacket?").await;
    assert!(
        jackets.iter().any(|c| c.title.contains("Parka")),
        "{jackets:?}"
    );
    assert!(jackets.iter().any(|c| c.title.contains("Fleece")));
    let events = app.send_message(&id, &token, "ok the fleece one. L").await;
    assert_eq!(
        checkout_title(&events).as_deref(),
        Some("Ridge Fleece Jacket"),
        "{events:?}"
    );

    let (id, token) = app.create_conversation("en").await;
    let cushions = cards_for(&app, &id, &token, "a cushion for the sofa").await;
    assert!(cushions.iter().any(|c| c.title == "Linen Cushion"));
    let events = app
        .send_message(
            &id,
            &token,
            "aww the linen cushion. that's the one, I'll get it",
        )
        .await;
    assert_eq!(checkout_title(&events).as_deref(), Some("Linen Cushion"));

    // A colour and size that is sold out is said so, not bought.
    let (id, token) = app.create_conversation("en").await;
    let puffers = cards_for(&app, &id, &token, "the featherlight puffer").await;
    assert!(puffers
        .iter()
        .any(|c| c.title == "Women's Featherlight Puffer"));
    let events = app.send_message(&id, &token, "Lavender in M please").await;
    assert_eq!(checkout_title(&events), None, "{events:?}");
    assert!(text(&events).contains("sold out"), "{}", text(&events));
}

#[tokio::test]
async fn a_kind_said_as_the_shoppers_own_leaves_the_question_on_the_product_shown() {
    let app = TestApp::spawn().await;
    let (id, token) = app.create_conversation("en").await;
    let shown = cards_for(
        &app,
        &id,
        &token,
        "its like -5 out, my ears are in pain by the time i get to the station. something cheap",
    )
    .await;
    let titles = titles_of(shown);
    assert_eq!(titles, ["Ribbed Wool Beanie"]);
    let events = app
        .send_message(
            &id,
            &token,
            "does it come in anything thats not grey? my coat is grey",
        )
        .await;
    let said = text(&events);
    assert!(
        said.contains("Ribbed Wool Beanie") && said.contains("Navy") && !said.contains("Coat"),
        "{said}"
    );
}

#[tokio::test]
async fn questions_that_are_no_request_get_no_cards_and_trade_enquiries_a_person() {
    let app = TestApp::spawn().await;
    let (id, token) = app.create_conversation("en").await;
    assert!(
        !cards_for(&app, &id, &token, "need my first pair of running shoes")
            .await
            .is_empty()
    );
    let events = app
        .send_message(
            &id,
            &token,
            "brb my kid is asking - whats 7 times 8? homework emergency lol",
        )
        .await;
    assert!(cards(&events).is_empty(), "{}", text(&events));

    let (id, token) = app.create_conversation("es").await;
    let said = text(
        &app.send_message(
            &id,
            &token,
            "Buenas tardes. Todavía no he comprado nada, pero quería saber cómo funcionan las devoluciones, ¿cuánto plazo hay?",
        )
        .await,
    );
    assert!(
        said.contains("30 días") && !said.contains("número de pedido"),
        "{said}"
    );

    let (id, token) = app.create_conversation("es").await;
    let said = text(
        &app.send_message(
            &id,
            &token,
            "Hola, tengo una tienda de deportes y me interesa comprar al por mayor las botellas térmicas, unas 200 unidades. ¿Con quién hablo?",
        )
        .await,
    );
    assert!(said.contains("He pasado esta conversación"), "{said}");
}

#[tokio::test]
async fn a_kind_disliked_is_left_out_of_what_else_and_those_above_the_budget_are_shown() {
    let app = TestApp::spawn().await;
    let (id, token) = app.create_conversation("en").await;
    assert!(
        !cards_for(&app, &id, &token, "a gift for my mum's new flat, under 40")
            .await
            .is_empty()
    );
    let events = app
        .send_message(
            &id,
            &token,
            "she's honestly not a candle person. what else have you got",
        )
        .await;
    let shown = cards(&events);
    assert!(!shown.is_empty(), "{}", text(&events));
    assert!(
        shown.iter().all(|c| !c.title.contains("Candle")),
        "{shown:?}"
    );
}
