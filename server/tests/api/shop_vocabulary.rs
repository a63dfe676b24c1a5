//! A shop that isn't the demo is understood through its own catalog: after importing a jewellery
//! catalog, English and Spanish shoppers find its bracelets, necklaces and earrings, and an
//! off-topic question still gets no products.

use shopchat_test_support as support;
use shopchat_test_support::aftersale;

use shopchat_protocol::Currency;
use support::{cards_of as cards, TestApp};

const JEWELLERY: &str = "\
Handle,Title,Body (HTML),Vendor,Type,Tags,Published,Option1 Name,Option1 Value,Variant Price,Variant Inventory Qty,Status
silver-hoops,Silver Hoop Earrings,<p>Small hoops in sterling silver.</p>,Aurora,Earrings,\"silver, women\",true,Color,Silver,35.00,10,active
pearl-studs,Pearl Stud Earrings,<p>Freshwater pearls on gold-plated posts.</p>,Aurora,Earrings,\"pearl, women\",true,Color,White,42.00,10,active
gold-chain,Gold Chain Necklace,<p>A fine 45 cm chain in gold vermeil.</p>,Aurora,Necklace,\"gold, women\",true,Color,Gold,89.00,10,active
moon-pendant,Moon Pendant Necklace,<p>A crescent moon on a silver chain.</p>,Aurora,Necklace,\"silver\",true,Color,Silver,59.00,10,active
beaded-bracelet,Beaded Bracelet,<p>Glass beads on an elastic cord.</p>,Aurora,Bracelet,\"beads\",true,Color,Blue,19.00,10,active
cuff-bracelet,Hammered Cuff Bracelet,<p>A brass cuff, hand-hammered.</p>,Aurora,Bracelet,\"brass\",true,Color,Gold,45.00,10,active
signet-ring,Signet Ring,<p>A classic signet ring in silver.</p>,Aurora,Ring,\"silver, men\",true,Size,8,65.00,10,active
";

/// A shop of its own with `csv` (a Shopify product CSV, USD) imported.
async fn shop_with(app: &TestApp, name: &str, csv: &str) -> aftersale::Shop {
    let shop = aftersale::shop(app, name).await;
    shopchat_server::catalog::import::import_shopify_csv(
        &app.db,
        shop.id,
        Currency::parse("USD").expect("USD"),
        csv.as_bytes(),
    )
    .await
    .expect("the catalog imports");
    shop
}

async fn jewellery_shop(app: &TestApp) -> aftersale::Shop {
    shop_with(app, "aurora", JEWELLERY).await
}

#[tokio::test]
async fn shoppers_find_another_verticals_products_in_english_and_spanish() {
    let app = TestApp::spawn().await;
    let shop = jewellery_shop(&app).await;
    for (locale, message, wanted) in [
        ("en", "show me bracelets", "Bracelet"),
        ("en", "necklace", "Necklace"),
        ("en", "earrings under 40", "Earrings"),
        ("es", "busco un collar", "Necklace"),
        ("es", "unos pendientes de plata", "Earrings"),
        ("es", "¿tenéis pulseras?", "Bracelet"),
        ("es", "un anillo para mi marido", "Signet"),
    ] {
        let (id, token) = aftersale::conversation(&app, &shop, locale).await;
        let events = app.send_message(&id, &token, message).await;
        let found = cards(&events);
        assert!(!found.is_empty(), "{message}: no cards");
        assert!(
            found.iter().all(|c| c.title.contains(wanted)),
            "{message}: {:?}",
            found.iter().map(|c| &c.title).collect::<Vec<_>>()
        );
    }
}

#[tokio::test]
async fn an_off_topic_question_gets_no_products_even_in_a_shop_with_similar_words() {
    let app = TestApp::spawn().await;
    let shop = jewellery_shop(&app).await;
    for (locale, message) in [
        ("en", "what's the weather like tomorrow?"),
        ("es", "¿qué tiempo hará mañana en Madrid?"),
        ("es", "ayúdame con los deberes de matemáticas"),
    ] {
        let (id, token) = aftersale::conversation(&app, &shop, locale).await;
        let events = app.send_message(&id, &token, message).await;
        assert!(cards(&events).is_empty(), "{message}");
    }
}

const GIFTS_AND_GUITARS: &str = "\
Handle,Title,Body (HTML),Vendor,Type,Tags,Published,Option1 Name,Option1 Value,Variant Price,Variant Inventory Qty,Status
velvet-box,Velvet Jewelry Box,<p>Holds your rings, necklaces and earrings.</p>,Aurora,Jewelry Box,\"jewelry, storage\",true,Color,Green,36.00,10,active
signet-ring,Signet Ring,<p>A classic signet ring in silver.</p>,Aurora,Ring,\"silver\",true,Size,8,65.00,10,active
moon-pendant,Moon Pendant Necklace,<p>A crescent moon on a silver chain.</p>,Aurora,Necklace,\"silver\",true,Color,Silver,59.00,10,active
pearl-studs,Pearl Stud Earrings,<p>Freshwater pearls.</p>,Aurora,Earrings,\"pearl\",true,Color,White,42.00,10,active
classical,Classical Nylon-String Guitar,<p>A full-size classical guitar.</p>,Allegro,Classical Guitar,\"guitar, nylon\",true,Color,Natural,179.00,10,active
nylon-strings,Nylon Classical Guitar Strings,<p>Normal-tension nylon strings.</p>,Allegro,Guitar Strings,\"strings, nylon\",true,Color,Clear,10.00,10,active
";

#[tokio::test]
async fn a_category_shows_its_kinds_and_what_is_wanted_comes_before_what_it_is_for() {
    let app = TestApp::spawn().await;
    let shop = shop_with(&app, "mixed", GIFTS_AND_GUITARS).await;

    for (locale, message) in [("en", "jewelry for my wife"), ("es", "algo de joyería")] {
        let (id, token) = aftersale::conversation(&app, &shop, locale).await;
        let titles: Vec<String> = cards(&app.send_message(&id, &token, message).await)
            .into_iter()
            .map(|c| c.title)
            .collect();
        assert_eq!(titles.len(), 3, "{message}: {titles:?}");
        assert!(
            !titles.iter().any(|t| t.contains("Box")),
            "{message}: {titles:?}"
        );
    }

    let (id, token) = aftersale::conversation(&app, &shop, "en").await;
    let titles: Vec<String> = cards(
        &app.send_message(&id, &token, "new strings for my nylon guitar")
            .await,
    )
    .into_iter()
    .map(|c| c.title)
    .collect();
    assert_eq!(titles, ["Nylon Classical Guitar Strings"]);
}

const SHOES: &str = "\
Handle,Title,Body (HTML),Vendor,Type,Tags,Published,Option1 Name,Option1 Value,Variant Price,Variant Inventory Qty,Status
pace,Pace Everyday Running Shoe,<p>A cushioned daily trainer.</p>,Stridewell,Running Shoe,\"running\",true,Size,9,69.99,10,active
cloud,Cloudrunner Running Shoe,<p>Plush cushioning for long runs.</p>,Stridewell,Running Shoe,\"running\",true,Size,9,139.99,10,active
scree,Scree Trail Running Shoe,<p>Grippy lugs for muddy trails.</p>,Ridgeback,Trail Running Shoe,\"trail, running\",true,Size,9,134.99,10,active
laces,Round Athletic Shoe Laces,<p>Spare laces for running shoes.</p>,Solemate,Shoe Laces,\"laces\",true,Color,White,6.99,10,active
";

#[tokio::test]
async fn cheaper_after_running_and_trail_running_shoes_stays_with_running_shoes() {
    let app = TestApp::spawn().await;
    let shop = shop_with(&app, "shoes", SHOES).await;
    let (id, token) = aftersale::conversation(&app, &shop, "en").await;
    let shown = cards(&app.send_message(&id, &token, "show me running shoes").await);
    assert!(
        shown.iter().any(|c| c.title.contains("Trail")) && shown.len() >= 3,
        "{:?}",
        shown.iter().map(|c| &c.title).collect::<Vec<_>>()
    );
    // Nothing of those kinds costs less than the cheapest shown: said so, and no laces.
    let events = app
        .send_message(&id, &token, "those are a bit pricey, anything cheaper?")
        .await;
    assert!(
        cards(&events).is_empty(),
        "{:?}",
        cards(&events).iter().map(|c| &c.title).collect::<Vec<_>>()
    );
    assert!(
        support::text_of(&events).contains("most affordable"),
        "{}",
        support::text_of(&events)
    );
}

const ART: &str = "\
Handle,Title,Body (HTML),Vendor,Type,Tags,Published,Option1 Name,Option1 Value,Variant Price,Variant Inventory Qty,Status
block,Cold Press Watercolor Paper Block,<p>Twenty sheets of 300 gsm cotton paper glued on four sides.</p>,Foxglove,Watercolor Paper,\"cold press, watercolor\",true,Size,9x12 in,24.99,10,active
pad,Hot Press Watercolor Paper Pad,<p>Smooth 140 lb sheets for fine detail.</p>,Foxglove,Watercolor Paper,\"hot press, watercolor\",true,Size,9x12 in,19.99,10,active
set,Watercolor Half Pan Set 24 Colors,<p>Twenty-four pans in a metal tin.</p>,Atelier,Watercolor Paint,\"watercolor\",true,Size,24,29.99,10,active
";

#[tokio::test]
async fn a_question_that_names_a_product_nearly_whole_is_answered_from_its_details() {
    let app = TestApp::spawn().await;
    let shop = shop_with(&app, "art", ART).await;
    let (id, token) = aftersale::conversation(&app, &shop, "en").await;
    let events = app
        .send_message(
            &id,
            &token,
            "what weight is the cold press watercolour paper, in gsm?",
        )
        .await;
    assert!(
        support::text_of(&events).contains("300 gsm"),
        "{}",
        support::text_of(&events)
    );
    // Asking what there is stays a search.
    let events = app
        .send_message(&id, &token, "do you have watercolor paper?")
        .await;
    assert_eq!(cards(&events).len(), 2, "{}", support::text_of(&events));
}
