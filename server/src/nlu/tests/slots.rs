//! Slots in both languages: budget, cheapness, product terms, colour, size, recipient,
//! attribute, refinement, order number and email.

use crate::locale::Locale;
use crate::nlu::slots::after_address;
use crate::nlu::{understand, Attribute, Intent, Recipient, Refinement};

#[test]
fn spanish_budget_menos_de_50_euros_becomes_5000_minor_units() {
    assert_eq!(
        understand("zapatillas por menos de 50 €", 2)
            .slots
            .budget_max,
        Some(5000)
    );
}

#[test]
fn english_budget_under_50_dollars_becomes_5000_minor_units() {
    assert_eq!(
        understand("a hoodie under $50", 2).slots.budget_max,
        Some(5000)
    );
}

#[test]
fn ranges_set_both_ends_in_both_languages() {
    for text in ["between 20 and 40", "entre 20 y 40 euros"] {
        let slots = understand(text, 2).slots;
        assert_eq!(
            (slots.budget_min, slots.budget_max),
            (Some(2000), Some(4000)),
            "{text}"
        );
    }
}

#[test]
fn cheap_words_in_both_languages_set_cheap() {
    for text in [
        "something cheap",
        "affordable jackets",
        "algo barato",
        "zapatillas económicas",
    ] {
        assert!(understand(text, 2).slots.cheap, "{text}");
    }
    assert!(!understand("algo más barato", 2).slots.cheap);
}

#[test]
fn spanish_running_shoes_map_to_the_catalog_words() {
    let terms = understand("zapatillas para correr", 2).slots.product_terms;
    for word in ["running", "shoe"] {
        assert!(terms.contains(&word.to_owned()), "{terms:?}");
    }
}

#[test]
fn synonyms_and_typos_map_to_the_catalog_words() {
    assert_eq!(
        understand("sudadera", 2).slots.product_terms,
        vec!["hoodie"]
    );
    assert_eq!(understand("hoddies", 2).slots.product_terms, vec!["hoodie"]);
    assert!(understand("trainers", 2)
        .slots
        .product_terms
        .contains(&"sneaker".to_owned()));
    assert!(understand("a jackt", 2)
        .slots
        .product_terms
        .contains(&"jacket".to_owned()));
}

#[test]
fn colours_become_canonical_english() {
    // The colour asked "in" is the one wanted, not another said before it.
    assert_eq!(
        understand(
            "Love the terracotta but the green is better... you have it in sage?",
            2
        )
        .slots
        .colour
        .as_deref(),
        Some("sage")
    );
    assert_eq!(
        understand("una sudadera azul", 2).slots.colour.as_deref(),
        Some("blue")
    );
    assert_eq!(
        understand("navy hoodie", 2).slots.colour.as_deref(),
        Some("navy")
    );
    assert_eq!(
        understand("chaqueta azul marino", 2)
            .slots
            .colour
            .as_deref(),
        Some("navy")
    );
    assert_eq!(
        understand("gray beanie", 2).slots.colour.as_deref(),
        Some("grey")
    );
}

#[test]
fn sizes_are_read_after_a_size_word_or_as_codes() {
    let size = |t: &str| understand(t, 2).slots.size;
    assert_eq!(size("size M").as_deref(), Some("M"));
    // A capital letter alone, or a letter that is the whole message.
    assert_eq!(size("k M?").as_deref(), Some("M"));
    assert_eq!(size("m?").as_deref(), Some("M"));
    assert_eq!(size("I'm not sure"), None);
    assert_eq!(size("i m not sure"), None);
    assert_eq!(size("¿y en talla M?").as_deref(), Some("M"));
    assert_eq!(size("do you have it in medium").as_deref(), Some("M"));
    assert_eq!(size("hoodie XL").as_deref(), Some("XL"));
    assert_eq!(size("sneakers EU 42").as_deref(), Some("EU 42"));
    assert_eq!(size("talla 42").as_deref(), Some("42"));
    assert_eq!(size("in extra large").as_deref(), Some("XL"));
    assert_eq!(size("I'm looking for a jacket"), None);
    // After "in a", when it ends the request.
    assert_eq!(size("can I get it in a small?").as_deref(), Some("S"));
    assert_eq!(
        size("Navy then, in a medium. Also, does it have a hood?").as_deref(),
        Some("M")
    );
    assert_eq!(size("a lamp for when I read in a small flat"), None);
    // Spelt out, as dictated: after a size word, or a shoe size after "in"/"en".
    assert_eq!(
        size("necesito zapatillas blancas taya cuarenta y uno").as_deref(),
        Some("41")
    );
    assert_eq!(size("y en cuarenta tenés?").as_deref(), Some("40"));
    assert_eq!(
        size("boots in a size ten and a half").as_deref(),
        Some("10.5")
    );
    assert_eq!(size("talla ocho para mi hija").as_deref(), Some("8"));
    assert_eq!(size("en una talla cuarenta y tres").as_deref(), Some("43"));
    // Letters by their Spanish names, only after a size word.
    assert_eq!(size("la negra en taya ele").as_deref(), Some("L"));
    assert_eq!(size("talla equis ele").as_deref(), Some("XL"));
    assert_eq!(size("¿la tienes en ese color?"), None);
    // Two figures are a range of sizes, read as its first ("9-10" is read as 9).
    assert_eq!(
        size("la del dinosaurio en taya nueve diez").as_deref(),
        Some("9")
    );
    // A time or a count is no size.
    assert_eq!(size("llega en cuarenta minutos?"), None);
    assert_eq!(size("in two days"), None);
}

#[test]
fn a_brother_or_niece_of_a_childs_age_is_a_child() {
    let who = |t: &str| understand(t, 2).slots.recipient;
    assert_eq!(
        who("tienen buzos con capucha? es pa mi hermanito q cumple 6"),
        Some(Recipient::Kids)
    );
    assert_eq!(
        who("a hoodie for my brother, he turns 6"),
        Some(Recipient::Kids)
    );
    assert_eq!(who("a scarf for my niece, she is 9"), Some(Recipient::Kids));
    // Of any other age, or of none, the person says whom it is for.
    assert_eq!(who("a hoodie for my brother"), Some(Recipient::Men));
    assert_eq!(
        who("a hoodie for my brother, he turns 16"),
        Some(Recipient::Men)
    );
}

#[test]
fn recipients_come_from_family_words_and_pronouns() {
    let who = |t: &str| understand(t, 2).slots.recipient;
    assert_eq!(who("a gift for my dad"), Some(Recipient::Men));
    assert_eq!(who("un regalo para mi madre"), Some(Recipient::Women));
    assert_eq!(who("something for her"), Some(Recipient::Women));
    assert_eq!(who("sudaderas para niños"), Some(Recipient::Kids));
    assert_eq!(who("para él"), Some(Recipient::Men));
    assert_eq!(who("una mochila para el trabajo"), None);
    // A child's age says who it is for.
    assert_eq!(who("guitar for my 7 year old"), Some(Recipient::Kids));
    assert_eq!(
        who("una guitarra de 3/4 para un niño"),
        Some(Recipient::Kids)
    );
    assert_eq!(who("algo para mi sobrino de 5 años"), Some(Recipient::Kids));
    assert_eq!(who("a 40 year old tent"), None);
    assert_eq!(who("a tent with a 2 year warranty"), None);
    assert_eq!(who("una mochila con garantía de 2 años"), None);
    // Spanish "son" is "they are".
    assert_eq!(who("uf, son caras, ¿alguna más económica?"), None);
    assert_eq!(who("a hoodie for my son"), Some(Recipient::Kids));
    // Someone the shopper is with is company.
    assert_eq!(who("I need gloves, I make video calls with my son"), None);
    assert_eq!(who("unas zapatillas, salgo a correr con mi marido"), None);
    // Whom the product is for, said of it, before anyone else the story names.
    assert_eq!(
        who("Mi hija me enseñó aquí unos tenis, los Pico Swift de hombre"),
        Some(Recipient::Men)
    );
    assert_eq!(
        who("my daughter says I need walking shoes for men"),
        Some(Recipient::Men)
    );
}

#[test]
fn someone_who_feels_the_cold_is_told_apart_from_cold_weather() {
    let cold = |t: &str| crate::nlu::slots::feels_cold(&crate::text::words(t));
    assert!(cold("present for my mum, she's always cold"));
    assert!(cold("regalo para mi mamá que siempre tiene frío"));
    assert!(cold("mi abuela es muy friolera"));
    assert!(cold("soy de Managua, nunca he sentido frio de verdad"));
    assert!(!cold("a jacket for cold weather"));
    assert!(!cold("cold brew coffee maker"));
    assert!(!cold("hace frío, quiero un gorro"));
}

#[test]
fn an_age_said_as_an_age_is_read_in_years() {
    let age = |t: &str| understand(t, 2).slots.age;
    assert_eq!(age("something to keep a 4 year old busy"), Some(4));
    assert_eq!(age("a present for my niece who turns 6"), Some(6));
    assert_eq!(age("first toys for a 6 month old"), Some(0));
    assert_eq!(age("un cuento para mi sobrina de 4 años"), Some(4));
    assert_eq!(age("mi sobrino tiene 10 años"), Some(10));
    assert_eq!(age("a book for a 15 year old girl"), Some(15));
    assert_eq!(age("a book for my toddler"), Some(2));
    assert_eq!(age("algo para un adolescente"), Some(15));
    // Not an age, or an adult's (no product states those).
    assert_eq!(age("a tent with a 2 year warranty"), None);
    assert_eq!(age("my mum turns 60"), None);
    assert_eq!(age("the size 6 one"), None);
}

#[test]
fn product_questions_name_their_attribute() {
    let attr = |t: &str| understand(t, 2).slots.product_attribute;
    assert_eq!(attr("what is it made of?"), Some(Attribute::Material));
    assert_eq!(attr("y la plantilla de qué es?"), Some(Attribute::Material));
    assert_eq!(attr("¿de qué están hechas?"), Some(Attribute::Material));
    assert_eq!(attr("¿cuánto cuesta?"), Some(Attribute::Price));
    assert_eq!(attr("what does it cost?"), Some(Attribute::Price));
    // A seam ("costura") is no cost.
    assert_ne!(
        attr("¿y pica? con las costuras del cuello le salen ronchas"),
        Some(Attribute::Price)
    );
    assert_eq!(attr("is it in stock"), Some(Attribute::Stock));
    assert_eq!(attr("¿qué tallas tiene?"), Some(Attribute::Size));
    assert_eq!(attr("can I wash it"), Some(Attribute::Care));
    assert_eq!(attr("what colours are there"), Some(Attribute::Colour));
    // A size after "does it come in" asks for sizes; "talle" is Argentina's "talla".
    assert_eq!(
        attr("does it come in a size for a 10 year old?"),
        Some(Attribute::Size)
    );
    assert_eq!(
        attr("what colours does it come in?"),
        Some(Attribute::Colour)
    );
    assert_eq!(
        attr("che, el buzo ese hay en talle para un nene de 10?"),
        Some(Attribute::Size)
    );
}

#[test]
fn follow_ups_are_refinements() {
    let r = |t: &str| understand(t, 2).slots.refinement;
    assert_eq!(r("cheaper"), Some(Refinement::Cheaper));
    assert_eq!(r("algo más barato"), Some(Refinement::Cheaper));
    assert_eq!(r("more expensive ones"), Some(Refinement::MoreExpensive));
    assert_eq!(r("otro"), Some(Refinement::Another));
    assert_eq!(r("something else"), Some(Refinement::Another));
    assert_eq!(r("the second one"), Some(Refinement::Ordinal(2)));
    assert_eq!(r("el segundo"), Some(Refinement::Ordinal(2)));
    assert_eq!(r("#2"), Some(Refinement::Ordinal(2)));
    assert_eq!(r("in blue"), Some(Refinement::NewColour));
    assert_eq!(r("¿y en talla M?"), Some(Refinement::NewSize));
    assert_eq!(r("blue hoodies"), None);
}

#[test]
fn order_numbers_and_emails_are_read() {
    let u = understand("order #1042, my email is Ana@Example.com", 2);
    assert_eq!(u.slots.order_number.as_deref(), Some("SC-1042"));
    assert_eq!(u.slots.email.as_deref(), Some("ana@example.com"));
    assert_eq!(
        understand("pedido SC-77", 2).slots.order_number.as_deref(),
        Some("SC-77")
    );
}

#[test]
fn the_language_is_detected_from_the_text() {
    assert_eq!(understand("¿dónde está mi pedido?", 2).language, Locale::Es);
    assert_eq!(understand("where is my order", 2).language, Locale::En);
}

#[test]
fn nothing_over_and_no_more_than_are_ceilings_not_floors() {
    for text in [
        "nothing over 50 dollars",
        "no more than $50",
        "a scarf, nothing above 50",
        "hasta 50 euros",
        "que no pase de 50 euros",
        "solo las que no pasen de 50",
        "que no cuesten más de 50",
        "nothing more expensive than 50",
    ] {
        let slots = understand(text, 2).slots;
        assert_eq!(
            (slots.budget_min, slots.budget_max),
            (None, Some(5000)),
            "{text}"
        );
    }
    assert_eq!(
        understand("de más de 50 euros", 2).slots.budget_min,
        Some(5000)
    );
}

#[test]
fn currency_words_and_approximate_budgets_are_read() {
    assert_eq!(understand("under 30 bucks", 2).slots.budget_max, Some(3000));
    assert_eq!(
        understand("menos de 30 pavos", 2).slots.budget_max,
        Some(3000)
    );
    let around = understand("around 40", 2).slots;
    assert!(around.budget_min < Some(4000) && around.budget_max > Some(4000));
    let unos = understand("unos 40 euros", 2).slots;
    assert!(unos.budget_min < Some(4000) && unos.budget_max > Some(4000));
}

#[test]
fn a_colour_ruled_out_is_not_searched_for() {
    for text in [
        "a hoodie, any colour but black",
        "anything except black",
        "una sudadera que no sea negra",
        "cualquier color menos el negro",
    ] {
        assert_eq!(understand(text, 2).slots.colour, None, "{text}");
    }
    assert_eq!(
        understand("in black please", 2).slots.colour.as_deref(),
        Some("black")
    );
}

#[test]
fn a_budget_alone_is_shopping_not_thanks() {
    for text in [
        "no more than fifty-five bucks",
        "no more than 50",
        "not more than fifty",
    ] {
        let u = understand(text, 2);
        assert_eq!(u.intent, Intent::Browse, "{text}");
        assert!(u.slots.budget_max.is_some(), "{text}");
    }
    // Thanks said with a price still thanks.
    assert_eq!(understand("thanks, 50 is fine", 2).intent, Intent::Thanks);
}

#[test]
fn a_present_with_a_budget_and_no_product_is_a_gift_request() {
    let slots = understand("something for my sister as a gift, max 30", 2).slots;
    assert!(slots.gift);
    assert_eq!(slots.budget_max, Some(3000));
}

#[test]
fn comparatives_of_price_ask_for_cheaper_or_dearer_results() {
    let cheaper = [
        "less pricey ones",
        "not so expensive",
        "algo más económico",
        "más asequible",
        "no tan caro",
        "cheapest one?",
        "which is the least expensive",
        // The price said to be too much for the shopper.
        "that's too much for me",
        "can't afford that",
        "out of my budget",
        "es mucho para mí",
        "se me va del presupuesto",
        "no me alcanza",
    ];
    let dearer = [
        "something more expensive",
        "the most expensive one",
        "priciest?",
    ];
    let expected = cheaper
        .iter()
        .map(|t| (*t, Refinement::Cheaper))
        .chain(dearer.iter().map(|t| (*t, Refinement::MoreExpensive)));
    for (text, refinement) in expected {
        assert_eq!(
            understand(text, 2).slots.refinement,
            Some(refinement),
            "{text}"
        );
    }
}

#[test]
fn a_kind_ruled_out_is_no_term() {
    let ruled = |message: &str, terms: &[&str]| {
        let terms: Vec<String> = terms.iter().map(|t| (*t).to_owned()).collect();
        crate::nlu::ruled_out(message, &terms)
    };
    assert_eq!(
        ruled(
            "something to drizzle on a salad besides oil",
            &["salad", "oil"]
        ),
        ["oil"]
    );
    assert_eq!(
        ruled("a gift, anything but a mug", &["gift", "mug"]),
        ["mug"]
    );
    assert_eq!(
        ruled(
            "Ok forget the sandals then, I need a sun hat anyway",
            &["sandal", "sun hat"]
        ),
        ["sandal"]
    );
    assert_eq!(
        ruled(
            "¿Y unos botines para acompañarlo? Formales, nada de tenis.",
            &["botin", "teni"]
        ),
        ["teni"]
    );
    assert_eq!(
        ruled(
            "algo para la cocina que no sea una taza",
            &["cocina", "taza"]
        ),
        ["taza"]
    );
    // Not wanted, with a word of what it is like between.
    assert_eq!(
        ruled(
            "I don't want a heavy coat, I get too warm on the hills",
            &["heavy coat", "warm"]
        ),
        ["heavy coat"]
    );
    assert!(ruled("I want a heavy coat for the hills", &["heavy coat", "hill"]).is_empty());
    // Said plainly, nothing is ruled out; ruling out all that is named keeps it as said.
    assert!(ruled("olive oil for a salad", &["salad", "oil"]).is_empty());
    assert!(ruled("no mugs please", &["mug"]).is_empty());
}

#[test]
fn a_term_of_address_after_a_greeting_or_before_a_comma_is_left_out() {
    assert_eq!(
        after_address("Ay hijo, el sol me arde"),
        Some(", el sol me arde")
    );
    assert_eq!(
        after_address("Buenas tardes mi niño mi mujer lee"),
        Some(" mi mujer lee")
    );
    assert_eq!(after_address("Thanks love, and a hat"), Some(", and a hat"));
    assert_eq!(after_address("Mi hijo necesita zapatos"), None);
    assert_eq!(after_address("my son needs shoes"), None);
    assert_eq!(after_address("a hat for my son"), None);
    // After a greeting, "my son" is who is spoken of, unless a stop follows.
    assert_eq!(after_address("Hola, mi hijo necesita zapatos"), None);
    assert_eq!(after_address("Hi, my son needs shoes"), None);
    assert_eq!(
        after_address("Hola mi hija, ¿tienen gorros?"),
        Some(", ¿tienen gorros?")
    );
}

#[test]
fn the_rate_asked_of_a_product_is_its_price() {
    let attribute = |t: &str| understand(t, 2).slots.product_attribute;
    assert_eq!(
        attribute("What is the rate? And it is very heavy?"),
        Some(Attribute::Price)
    );
    assert_eq!(
        attribute("whats the rate of this mat"),
        Some(Attribute::Price)
    );
    // A rate that is no price.
    assert_ne!(
        attribute("does the watch show my heart rate?"),
        Some(Attribute::Price)
    );
}

#[test]
fn a_comparative_is_read_as_the_word_it_is_made_from() {
    use crate::nlu::comparative_base;
    assert_eq!(comparative_base("warmer").as_deref(), Some("warm"));
    assert_eq!(comparative_base("quicker").as_deref(), Some("quick"));
    assert_eq!(comparative_base("heavier").as_deref(), Some("heavy"));
    assert_eq!(comparative_base("thinner").as_deref(), Some("thin"));
    // Words that only end so.
    assert_eq!(comparative_base("water"), None);
    assert_eq!(comparative_base("layer"), None);
}

#[test]
fn the_colour_ruled_out_is_read_as_such() {
    for (text, not) in [
        ("a hoodie, any colour but black", "black"),
        ("anything except white", "white"),
        ("una sudadera que no sea negra", "black"),
        ("cualquier color menos el azul", "blue"),
    ] {
        assert_eq!(
            understand(text, 2).slots.not_colour.as_deref(),
            Some(not),
            "{text}"
        );
    }
    // A colour wanted rules out nothing.
    assert_eq!(understand("in black please", 2).slots.not_colour, None);
}
