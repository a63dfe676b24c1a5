//! Everything that is not an acted intent: shopping, product questions, small talk, and the
//! business the assistant leaves to the shop (fees, accounts, invoices, changing an order…).

use super::{assert_all, grounded, understand, Intent};
use crate::nlu::shop_vocabulary::ShopVocabulary;

#[test]
fn shopping_requests_in_both_languages_are_browse() {
    assert_all(
        Intent::Browse,
        &[
            "show me hoodies",
            "I'm looking for a warm jacket under $100",
            "do you have running shoes?",
            "recommend a gift for my dad",
            "something cheap for the kitchen",
            "blue sneakers size 42",
            "cheaper",
            "something else",
            "the second one",
            "in black",
            "any backpacks?",
            "I need a hoddie",
            "muéstrame sudaderas",
            "busco una chaqueta para el invierno",
            "zapatillas para correr de menos de 50 €",
            "¿tienes gorros de lana?",
            "algo más barato",
            "otro",
            "¿y en talla M?",
            "un regalo para mi madre",
            "quiero unas zapatilas baratas",
            "el segundo",
        ],
    );
}

#[test]
fn questions_about_a_product_are_product_questions() {
    assert_all(
        Intent::ProductQuestion,
        &[
            "what sizes does it come in?",
            "is it waterproof?",
            "what is this hoodie made of?",
            "how much is the merino sweater",
            "is the second one in stock?",
            "can I machine wash it?",
            "what colours does the parka come in?",
            "does it run small?",
            "¿de qué material es?",
            "¿cuánto cuesta la chaqueta?",
            "¿está disponible en talla L?",
            "¿se puede lavar en lavadora?",
            "¿qué tallas tiene?",
            "¿en qué colores viene esta sudadera?",
        ],
    );
}

#[test]
fn greetings_and_thanks_are_small_talk() {
    assert_all(
        Intent::Greeting,
        &[
            "hi",
            "hello there",
            "hey!",
            "hola",
            "buenas tardes",
            "good morning",
        ],
    );
    assert_all(
        Intent::Thanks,
        &[
            "thanks!",
            "thank you so much",
            "gracias",
            "muchas gracias",
            "bye",
            "adiós",
        ],
    );
}

#[test]
fn other_business_is_out_of_scope() {
    assert_all(
        Intent::OutOfScope,
        &[
            "what is the cancellation fee?",
            "is there a fee for cancelling?",
            "how much does it cost to cancel",
            "I want to change my order",
            "can I add an item to my order?",
            "change my shipping address",
            "what delivery options do you have",
            "how long does delivery take?",
            "I need an invoice",
            "I forgot my password",
            "how do I create an account",
            "unsubscribe me from the newsletter",
            "cancel my newsletter subscription",
            "delete my account",
            "what payment methods do you accept?",
            "I want to leave a review",
            "I want to file a complaint",
            "what's the weather like?",
            "tell me a joke",
            "¿cuánto cuesta cancelar?",
            "quiero cambiar la dirección de envío",
            "necesito una factura",
            "olvidé mi contraseña",
            "¿qué métodos de pago aceptáis?",
            "quiero darme de baja del boletín",
            "¿cuáles son las opciones de envío?",
            "quiero modificar mi pedido",
            "¿cuánto tarda el envío?",
            "quiero poner una queja",
            "¿cómo puedo pagar?",
        ],
    );
}

#[test]
fn questions_about_refunds_and_cancelling_are_answered_not_acted_on() {
    for text in [
        "what's your refund policy?",
        "¿cuál es vuestra política de devoluciones?",
        "where is my refund?",
        "¿cuándo me llega el reembolso?",
    ] {
        assert_eq!(understand(text, 2).intent, Intent::RefundInfo, "{text}");
    }
    for text in [
        "is it too late to cancel my order?",
        "how do I cancel?",
        "¿hasta cuándo puedo cancelar?",
    ] {
        assert_eq!(understand(text, 2).intent, Intent::CancelInfo, "{text}");
    }
}

#[test]
fn a_payment_problem_is_not_a_purchase() {
    for text in [
        "I can't pay for my order",
        "my card keeps getting declined",
        "no me deja pagar con la tarjeta",
    ] {
        assert_eq!(understand(text, 2).intent, Intent::PaymentProblem, "{text}");
    }
}

#[test]
fn a_relayed_request_is_read_by_the_request() {
    assert_eq!(
        understand("could someone from your team cancel my order?", 2).intent,
        Intent::Cancel
    );
    assert_eq!(
        understand(
            "my mum asks if you can refund her order, it arrived broken",
            2
        )
        .intent,
        Intent::Refund
    );
}

#[test]
fn a_short_message_of_what_the_shop_sells_asks_for_it() {
    let vocabulary = ShopVocabulary::build(
        [
            "Aluminium Roof Bars",
            "Roof Rack",
            "Foam Changing Mat",
            "Changing Mat",
        ],
        ["roof bars, crossbars", "changing pad, nursery"],
    )
    .with_types(["Roof Rack", "Changing Mat"]);
    let read = |message: &str| grounded(&vocabulary, message).intent;
    // A corrected word ("rack" → "track") or a verb ("changing") no longer decides.
    assert_eq!(read("roof rack"), Intent::Browse);
    assert_eq!(read("changing pad"), Intent::Browse);
    // An order question about the same product stays one.
    assert_ne!(
        read("where is my roof rack? it hasn't arrived"),
        Intent::Browse
    );
    assert_ne!(read("I want a refund for the roof rack"), Intent::Browse);
}

#[test]
fn a_count_of_people_or_a_page_beside_a_product_is_no_call_for_help() {
    let vocabulary = ShopVocabulary::build(
        ["Trailhead Backpacking Tent", "Fluorescent Highlighters"],
        ["tent, camping", "highlighter, school"],
    )
    .with_types(["Tent", "Highlighter"]);
    let read = |message: &str| grounded(&vocabulary, message).intent;
    assert_eq!(read("2 person backpacking tent"), Intent::Browse);
    assert_eq!(
        read("una tienda de campaña para 4 personas"),
        Intent::Browse
    );
    // Asking for a person is still asking for a person.
    assert_eq!(
        read("can I talk to a person about my tent order"),
        Intent::Human
    );
    assert_eq!(read("quiero hablar con una persona"), Intent::Human);
}

#[test]
fn a_number_beside_a_product_is_a_kind_of_it() {
    let vocabulary =
        ShopVocabulary::build(["HB Graphite Pencils"], ["pencil, school"]).with_types(["Pencil"]);
    let u = grounded(
        &vocabulary,
        "lapices del numero 2 para la primaria de mi hijo",
    );
    assert_eq!(u.intent, Intent::Browse);
}

#[test]
fn a_colour_of_what_the_product_is_for_is_not_the_products() {
    let vocabulary = ShopVocabulary::build(
        ["Dry Erase Markers", "Sofa Throw"],
        ["whiteboard, marker, Black, White", "sofa, Grey, White"],
    )
    .with_types(["Marker", "Throw"]);
    // The colour asked for, as a filter or as a word to search for.
    let colour = |message: &str| {
        let u = grounded(&vocabulary, message);
        let as_term = ["white", "grey"]
            .into_iter()
            .find(|c| u.slots.product_terms.iter().any(|t| t == c));
        u.slots.colour.or(as_term.map(str::to_owned))
    };
    assert_eq!(colour("plumones para pizarrón blanco"), None);
    assert_eq!(colour("a cover for a grey sofa"), None);
    // Said of the product itself, it stays.
    assert_eq!(
        colour("plumones blancos para pizarrón"),
        Some("white".into())
    );
    assert_eq!(colour("a sofa throw in grey"), Some("grey".into()));
}

#[test]
fn asking_for_a_person_in_so_many_words_is_asking_for_one() {
    let vocabulary = ShopVocabulary::build(["Trailhead Backpacking Tent"], ["tent, camping"]);
    let read = |message: &str| grounded(&vocabulary, message).intent;
    assert_eq!(
        read("¿Me podría atender una persona, por favor? Tengo una consulta sobre una factura"),
        Intent::Human
    );
    // A count of people is a size.
    assert_eq!(read("a tent for 4 persons"), Intent::Browse);
    // A purchase that asks to be put through to a person asks for the person.
    assert_eq!(
        read("i wan buy like 40 of the tent for my whole team. abeg connect me to a human being make we talk bulk price"),
        Intent::Human
    );
}

#[test]
fn an_order_word_inside_a_catalog_phrase_asks_about_no_order() {
    let vocabulary = ShopVocabulary::build(
        ["Stompair Floor Pump", "Pocket Mini Pump"],
        ["pump, floor pump, track pump, gauge", "pump, mini pump"],
    )
    .with_types(["Bike Pump"]);
    let read = |message: &str| grounded(&vocabulary, message).intent;
    assert_eq!(read("track pump with a gauge"), Intent::Browse);
    // Said of an order, the same words still ask about it.
    assert_eq!(
        read("can you track my order? it's a floor pump"),
        Intent::OrderStatus
    );
    // Nor does a catalog word beside another product named.
    let toys = ShopVocabulary::build(
        ["Wooden Railway Starter Set"],
        ["train set, trains, railway, tracks, wooden"],
    )
    .with_types(["Train Set"]);
    let u = grounded(&toys, "choo choo train with tracks");
    assert_eq!(u.intent, Intent::Browse);
    let u = grounded(&toys, "do you sell wooden train tracks?");
    assert_eq!(u.intent, Intent::Browse);
    let u = grounded(&toys, "track my order please, it was a train set");
    assert_eq!(u.intent, Intent::OrderStatus);
}

#[test]
fn an_everyday_word_names_the_shops_products_only_in_a_product_request() {
    let vocabulary = ShopVocabulary::build(
        ["Bike Phone Mount", "Slim Phone Case"],
        ["phone mount, handlebar", "phone case, cover"],
    )
    .with_types(["Phone Mount", "Phone Case"]);
    let read = |message: &str| grounded(&vocabulary, message);
    let asks = read("something to hold my phone on the handlebars");
    assert_eq!(asks.intent, Intent::Browse);
    assert!(asks.slots.product_terms.contains(&"phone".to_owned()));
    // However the model reads it, nothing is searched for.
    let asks_the_shop = read("what is your phone number?");
    assert!(asks_the_shop.slots.product_terms.is_empty());
}

#[test]
fn an_unsure_greeting_around_an_order_question_asks_about_the_order() {
    let vocabulary = ShopVocabulary::build(["Ribbed Wool Beanie"], ["beanie, hat"]);
    let read = |message: &str| grounded(&vocabulary, message).intent;
    assert_eq!(read("que mas, como va lo que pedi"), Intent::OrderStatus);
    // A statement asking to cancel, with nothing about where the order is, asks to cancel.
    assert_eq!(
        read("pedi una taza esta mañana y ya tenia una igual asi que no la quiero anulala"),
        Intent::Cancel
    );
    assert_ne!(read("has my cancellation gone through?"), Intent::Cancel);
    assert_eq!(read("hola, buenas tardes"), Intent::Greeting);
    assert_eq!(read("hi there!"), Intent::Greeting);
}

#[test]
fn a_question_is_known_by_its_mark_or_by_how_a_sentence_opens() {
    for asking in [
        "will the money go back on my card or do i get a voucher",
        "ok. how long does it take",
        "Cuándo llega el reembolso",
        "¿me lo devuelven a la tarjeta",
        "refund it? only if it's free",
    ] {
        assert!(crate::nlu::asks(asking), "{asking}");
    }
    for telling in [
        "que sí, adelante",
        "willow basket please",
        "cancel it, I was wrong",
        "do it",
        "can you cancel it",
    ] {
        assert!(!crate::nlu::asks(telling), "{telling}");
    }
}

#[test]
fn a_statement_that_opens_with_a_kind_the_shop_sells_asks_for_it_whatever_its_topic() {
    let vocabulary = ShopVocabulary::build(
        ["Bright Circuit", "The Silent Courier"],
        ["biography, life story, inventor", "thriller, spy"],
    )
    .with_types(["Biography Book", "Thriller Book"]);
    for message in [
        "a book about the life of a famous inventor",
        "un libro sobre la segunda guerra mundial",
    ] {
        let u = grounded(&vocabulary, message);
        assert_eq!(u.intent, Intent::Browse, "{message}");
    }
    // A question about a topic is still one.
    let message = "a book is a good gift, but who won the war?";
    let u = grounded(&vocabulary, message);
    assert_ne!(u.intent, Intent::Browse, "{message}");
}

#[test]
fn where_an_order_is_asked_without_a_word_of_any_order_is_no_order_question() {
    let vocabulary = ShopVocabulary::build(["Merino Crew Sweater", "Ribbed Wool Beanie"], ["wool"])
        .with_types(["Sweater", "Beanie"]);
    let read = |message: &str| grounded(&vocabulary, message).intent;
    assert_eq!(
        read("Mi esposo ya está jubilado y de ley necesita un saco de lana nuevo porque el que tiene ya está todo apolillado. ¿Qué sacos tiene?"),
        Intent::Browse
    );
    // A word of shipping keeps it one.
    assert_eq!(read("¿ya salió el gorro?"), Intent::OrderStatus);
}

#[test]
fn what_follows_back_to_is_wanted_again() {
    let vocabulary = ShopVocabulary::build(["Leather Chelsea Boot", "Canvas Sneaker"], ["leather"])
        .with_types(["Boots", "Sneakers"]);
    let message = "na wa o boots too cost. abeg make we go back to the sneakers jare";
    let u = grounded(&vocabulary, message);
    assert_eq!(u.slots.product_terms, ["sneaker"]);
    assert_eq!(u.slots.head_terms, ["sneaker"]);
}

#[test]
fn an_unsure_product_reading_that_names_no_product_but_an_order_action_is_that_action() {
    let vocabulary = ShopVocabulary::build(["Ribbed Wool Beanie"], ["wool"]).with_types(["Beanie"]);
    let read = |message: &str| grounded(&vocabulary, message).intent;
    assert_eq!(read("need tae send somethin back"), Intent::Refund);
    // Asked, it is a question about it.
    assert_eq!(read("can i send something back?"), Intent::RefundInfo);
}

#[test]
fn a_price_ceiling_with_no_word_of_paying_is_a_budget() {
    let vocabulary = ShopVocabulary::build(["Canvas Low-Top Sneaker"], ["sneakers, white"])
        .with_types(["Sneakers"]);
    let read = |message: &str| grounded(&vocabulary, message).intent;
    assert_eq!(
        read("Ay no, tremendo precio, mi amor, yo no pincho tanto. Que no pasen de sesenta dólares, ¿oíste?"),
        Intent::Browse
    );
    // A charge, a card or an order is about paying, whatever it cost.
    assert_ne!(
        read("me cobraron dos veces, no más de 60 dólares pero dos veces"),
        Intent::Browse
    );
}

#[test]
fn an_unsure_refund_reading_with_no_word_of_one_beside_a_product_is_a_request() {
    let vocabulary = ShopVocabulary::build(["Tri-Fold Garment Bag"], ["suit, wedding, travel"])
        .with_types(["Garment Bag"]);
    let read = |message: &str| grounded(&vocabulary, message).intent;
    assert_eq!(
        read("need to get my suit to a wedding in Italy without it arriving all creased"),
        Intent::Browse
    );
    assert_ne!(read("I want a refund for the garment bag"), Intent::Browse);
}

#[test]
fn plurals_in_ves_idioms_and_needs_name_what_the_shop_sells() {
    let vocabulary = ShopVocabulary::build(
        [
            "Lambswool Tartan Scarf",
            "Leather Dress Shoe",
            "Espresso Coffee Beans",
            "Chamomile Herbal Tea",
        ],
        [
            "scarf, wool, winter",
            "shoe, leather, formal",
            "coffee, espresso, caffeine",
            "tea, herbal, chamomile, caffeine-free",
        ],
    )
    .with_types(["Scarf", "Shoes", "Coffee Beans", "Herbal Tea"]);
    let terms = |message: &str| grounded(&vocabulary, message).slots.product_terms;
    assert!(terms("got any scarves? something warm").contains(&"scarf".to_owned()));
    // "Dress code" names no dress.
    assert!(!terms("smart shoes for work, the dress code is strict")
        .iter()
        .any(|t| t.contains("dress")));
    assert!(terms("something to keep me awake for exams").contains(&"coffee".to_owned()));
    let sleepless = grounded(
        &vocabulary,
        "I can't sleep, something warm to drink before bed",
    );
    assert!(
        sleepless
            .slots
            .product_terms
            .iter()
            .chain(&sleepless.slots.described)
            .any(|t| t.contains("chamomile") || t.contains("herbal")),
        "{:?} {:?}",
        sleepless.slots.product_terms,
        sleepless.slots.described
    );
}

#[test]
fn a_story_read_as_about_an_order_that_speaks_of_none_asks_for_what_it_names() {
    let vocabulary = ShopVocabulary::build(
        ["Merino Hiking Socks", "Summit Down Parka"],
        ["socks, wool, warm", "coat, parka, down"],
    )
    .with_types(["Socks", "Coat"]);
    let message = "My husband Sammy is seventy-four and he still does his dander round the park every morning with the dog, whatever the weather. He'll not hear of a proper coat, says he's never cold, but his feet are foundered when he comes in, like two blocks of ice, and he sits with them up against the range till they thaw. Have you any good warm socks for a thran old man?";
    let u = grounded(&vocabulary, message);
    assert_eq!(u.intent, Intent::Browse);
    assert!(
        u.slots.product_terms.iter().any(|t| t.contains("sock")),
        "{:?}",
        u.slots.product_terms
    );
}

#[test]
fn a_rules_question_with_no_word_of_refunds_naming_a_product_asks_for_it() {
    let vocabulary = ShopVocabulary::build(
        ["Trail Daypack 20L", "Touchscreen Knit Gloves"],
        ["backpack, hiking", "gloves, winter"],
    )
    .with_types(["Backpack", "Gloves"]);
    let message = "my exchange friends planning hiking at bukhansan. need backpack, below 100 can?";
    assert_eq!(grounded(&vocabulary, message).intent, Intent::Browse);
}

#[test]
fn a_story_off_topic_that_asks_for_a_suggestion_asks_for_what_it_names() {
    let vocabulary = ShopVocabulary::build(
        [
            "Touchscreen Knit Gloves",
            "Gloves",
            "Ribbed Wool Beanie",
            "Beanie",
        ],
        ["warm, winter, wool"],
    )
    .with_types(["Gloves", "Beanie"]);
    let u = grounded(
        &vocabulary,
        "Buenas tardes. La semana que viene subo a Potosí a ver a mi hermana y allá de noche \
         hace un frío terrible, se me congelan las manos. ¿Qué me aconseja llevar?",
    );
    assert_eq!(u.intent, Intent::Browse, "{u:?}");
    assert!(u.slots.product_terms.iter().any(|t| t == "glove"), "{u:?}");
    // A story that asks for no suggestion stays off topic.
    let u = grounded(
        &vocabulary,
        "La semana que viene subo a Potosí y allá hace frío. ¿Sabe si nevará el domingo?",
    );
    assert_ne!(u.intent, Intent::Browse, "{u:?}");
}

#[test]
fn one_of_those_shown_picked_out_then_asked_about_is_a_product_question() {
    let vocabulary = ShopVocabulary::build(
        ["Minimal Mesh Watch", "Watch", "Field Automatic Watch"],
        ["gold, silver, black"],
    )
    .with_types(["Watch"]);
    assert_eq!(
        grounded(&vocabulary, "Gold one. Swimming ok?").intent,
        Intent::ProductQuestion
    );
    // Picking one out alone asks to see it.
    assert_ne!(
        grounded(&vocabulary, "the gold one please").intent,
        Intent::ProductQuestion
    );
}

#[test]
fn dots_are_a_pattern_and_a_single_stitch_is_knitwear() {
    let vocabulary = ShopVocabulary::build(
        ["Dot Grid Notebook A5", "Touchscreen Knit Gloves"],
        ["stationery, dot", "knit, winter"],
    )
    .with_types(["Notebook", "Gloves"]);
    for message in [
        "el de puntitos, cuántas páginas tiene",
        "una libreta de puntos",
    ] {
        let terms = grounded(&vocabulary, message).slots.product_terms;
        let dotted = terms.iter().any(|t| t.split(' ').any(|w| w == "dot"));
        assert!(dotted, "{message}: {terms:?}");
    }
    // (A key folds the plural: "de puntos" is "de punto", knitwear, unless it is dots in
    // a diminutive or on a notebook.)
    let terms = grounded(&vocabulary, "unos guantes de punto")
        .slots
        .product_terms;
    assert!(!terms.iter().any(|t| t.contains("dot")), "{terms:?}");
}

#[test]
fn a_cue_stem_does_not_reach_words_of_other_meanings() {
    use crate::nlu::{said_cues, Cue};
    let has = |m: &str, cue: Cue| said_cues(m).contains(&cue);
    // "quite" is no "quitar", "llamativo" no call, "cobre" (copper) no charge, an edition no edit.
    assert!(!has("it's quite warm, isn't it?", Cue::Change));
    assert!(!has("algo llamativo para mi hermana", Cue::Contact));
    assert!(!has("¿los aretes son de cobre?", Cue::Payment));
    assert!(!has("the special edition box set", Cue::Change));
    // The verbs themselves still are.
    assert!(has("quítame el gorro del pedido", Cue::Change));
    assert!(has("¿me pueden llamar?", Cue::Contact));
    assert!(has("me cobraron dos veces", Cue::Payment));
    assert!(has("can I edit my address?", Cue::Change));
}

#[test]
fn a_product_wanted_free_of_a_fault_is_asked_for_not_a_refund() {
    let vocabulary = ShopVocabulary::build(
        ["Merino Crew Sweater", "Ribbed Wool Beanie"],
        ["wool, sweater, soft", "wool, hat"],
    )
    .with_types(["Sweater", "Beanie"]);
    let read = |message: &str| grounded(&vocabulary, message).intent;
    assert_eq!(
        read("I need a wool sweater that does not itch, to wear under my shell jacket on the research vessel. Not a lopapeysa. I have three of those and they itch."),
        Intent::Browse
    );
    // A fault of one bought is still about the order.
    assert_ne!(
        read("The wool sweater I ordered last week itches terribly. I want my money back."),
        Intent::Browse
    );
}

#[test]
fn colours_said_beside_the_one_asked_for_name_no_product() {
    let vocabulary = ShopVocabulary::build(
        ["Linen Midi Dress", "Terracotta Plant Pot"],
        ["linen, terracotta, sage", "terracotta, pot"],
    )
    .with_types(["Dress", "Plant Pot"]);
    let u = grounded(
        &vocabulary,
        "Love the terracotta but for my palette the green is better... you have it in sage?",
    );
    assert_eq!(u.slots.colour.as_deref(), Some("sage"));
    assert!(
        u.slots.product_terms.is_empty(),
        "{:?}",
        u.slots.product_terms
    );
}

#[test]
fn a_spanish_story_read_as_off_topic_asks_for_the_kind_one_sentence_wants() {
    let vocabulary = ShopVocabulary::build(
        ["Everyday Pullover Hoodie", "Herringbone Wool Throw"],
        ["hoodie, sweatshirt, cotton", "wool, blanket, throw"],
    )
    .with_types(["Hoodie", "Throw Blanket"]);
    let u = grounded(
        &vocabulary,
        "holaa, el sabado voy con las morras a una tocada en san diego y en la noche hace un frio x la playa. quiero una sudadera bien machin, hasta 60 dolares q es lo q me dio mi amá",
    );
    assert_eq!(u.intent, Intent::Browse);
    assert!(
        u.slots.product_terms.iter().any(|t| t == "hoodie"),
        "{:?}",
        u.slots.product_terms
    );
    // A request to translate stays off topic.
    assert_eq!(
        grounded(
            &vocabulary,
            "¿me traduces esta frase al inglés? la necesito para el trabajo"
        )
        .intent,
        Intent::OutOfScope
    );
}

#[test]
fn function_words_a_description_happens_to_use_describe_nothing() {
    let vocabulary = ShopVocabulary::build(
        [
            "Cedar Soy Candle",
            "Merino Socks",
            "Linen Cushion",
            "Steel Mug",
        ],
        [
            "candle, home",
            "socks, wool",
            "cushion, home",
            "mug, kitchen",
        ],
    )
    .with_types(["Candle", "Socks", "Cushion", "Mug"])
    .with_descriptions([
        "Burns for about 40 hours, every hour a little cedar.",
        "Warm wool socks.",
        "A linen cushion.",
        "A steel mug.",
    ]);
    let u = grounded(
        &vocabulary,
        "one question not about shop. my guest ask how to go to Pai by bus, how many hour?",
    );
    assert!(
        !u.slots.described.contains(&"about".to_owned()),
        "{:?}",
        u.slots.described
    );
}

#[test]
fn a_question_said_to_be_off_topic_or_help_with_homework_is_out_of_scope() {
    let vocabulary = ShopVocabulary::build(
        ["Herringbone Wool Throw", "Organic Cotton Tee"],
        ["blanket, throw, wool", "tee, organic, cotton"],
    )
    .with_types(["Throw Blanket", "T-Shirt"]);
    for message in [
        "Sorry dear, one more thing, not about the shop. Do you know what time the flight to Aitutaki goes on Saturday morning? I want to visit my sister, she is not well.",
        "ok random but can yall help me with my bio homework its on mitosis and its due tmrw",
        "¿me ayudas con la tarea de mates? es para mañana",
        "Oye asere una pregunta que no tiene na' que ver con la tienda: tú sabes a cómo está el dólar hoy en la calle?",
        "kak sorry out of topic wkwk. can u help me make caption in english for my instagram thrift shop? today I post vintage flannel shirt from Japan",
        // Who did something in the world.
        "who invented the t-shirt?",
        "¿quién inventó las mantas de lana?",
    ] {
        let u = grounded(&vocabulary, message);
        assert_eq!(u.intent, Intent::OutOfScope, "{message}");
        assert!(u.slots.product_terms.is_empty(), "{message}");
    }
    // Who makes it is the shop's.
    assert_ne!(
        grounded(&vocabulary, "who makes the wool throw?").intent,
        Intent::OutOfScope
    );
    // Help finding something for the homework is shopping.
    assert_ne!(
        grounded(
            &vocabulary,
            "can you help me find a wool throw for homework nights"
        )
        .intent,
        Intent::OutOfScope
    );
    // A budget or a present is shopping, whatever else is said.
    assert_ne!(
        grounded(
            &vocabulary,
            "help me find a wool throw to keep warm while I do my homework, up to 130"
        )
        .intent,
        Intent::OutOfScope
    );
}

#[test]
fn a_kind_named_within_a_budget_shops_whatever_else_a_long_story_reads_as() {
    let vocabulary = ShopVocabulary::build(
        ["Canvas Low-Top Sneaker", "Classic Cotton Tee"],
        ["sneaker, canvas", "tee, cotton, basic"],
    )
    .with_types(["Sneakers", "T-Shirt"]);
    for message in [
        "Qué volá asere!! Mi primo me va a pagar algo, dice que hasta 70 fulas y ni uno más. Los tenis míos ya tán rotos. ¿Qué tenis tienen?",
        "acho buenas. la camiseta del año pasao acabo hecha un trapo. quiero una blanca basica q aguante el tute, no mas de 30 pavos q luego hay q pagar la peña",
    ] {
        assert_eq!(grounded(&vocabulary, message).intent, Intent::Browse, "{message}");
    }
    // Money back within a sum is no shopping.
    assert_ne!(
        grounded(
            &vocabulary,
            "compré los tenis pero me quedan chicos, ¿me devuelven el dinero? no más de 30 días, ¿no?"
        )
        .intent,
        Intent::Browse
    );
}

#[test]
fn thanks_then_greetings_sent_from_a_place_ask_for_nothing() {
    let vocabulary = ShopVocabulary::build(
        ["Women's Linen-Blend Tee", "Sand Knit Jersey"],
        ["tee, linen", "knit, jersey, sand"],
    )
    .with_types(["T-Shirt", "Sweater"]);
    let u = grounded(
        &vocabulary,
        "Ya pues, muchas gracias mijita. Saludos desde Punta Arenas.",
    );
    assert_eq!(u.intent, Intent::Thanks);
    assert!(u.slots.product_terms.is_empty());
    // So do an acknowledgement, thanks and a goodbye, in Catalan too.
    let u = grounded(&vocabulary, "Molt bé. Gràcies, nena. Adéu-siau.");
    assert_eq!(u.intent, Intent::Thanks);
    assert!(u.slots.product_terms.is_empty());
    // A request after the thanks is one.
    assert_ne!(
        grounded(&vocabulary, "Gracias. Saludos. ¿Tienen jerseys de punto?").intent,
        Intent::Thanks
    );
}

#[test]
fn a_feature_said_after_a_kind_and_without_is_ruled_out() {
    let vocabulary = ShopVocabulary::build(
        ["Heavyweight Zip Hoodie", "Pullover Hoodie", "Power Bank"],
        ["hoodie, zip", "hoodie", "power bank, battery"],
    )
    .with_types(["Hoodie", "Power Bank"]);
    let u = grounded(&vocabulary, "a hoodie without a zip please");
    assert_eq!(u.slots.excluded, ["zip"]);
    assert_eq!(u.slots.product_terms, ["hoodie"]);
    // With no kind before it, "sin" says what is needed.
    let u = grounded(
        &vocabulary,
        "algo para mi papá que siempre se queda sin batería",
    );
    assert!(u.slots.excluded.is_empty(), "{:?}", u.slots);
}

#[test]
fn what_the_shoppers_own_things_are_not_is_no_ruling_out_and_the_kind_after_a_place_is_wanted() {
    let vocabulary = ShopVocabulary::build(
        ["Drizzle Packable Rain Jacket", "Enamel Camp Mug"],
        ["jacket, rain, waterproof", "mug, camping"],
    )
    .with_types(["Jacket", "Mug"]);
    let story = "hi um so basically our whole year 10 is going on camp to tongariro in two weeks and the gear list says a waterproof jacket with a hood and my mum says my school raincoat is literally not waterproof lol";
    let u = grounded(&vocabulary, story);
    assert!(u.slots.excluded.is_empty(), "{:?}", u.slots);
    assert!(
        u.slots.head_terms.iter().all(|t| t.ends_with("jacket")) && !u.slots.head_terms.is_empty(),
        "{:?}",
        u.slots
    );
    // What is wanted not to be is still ruled out.
    let u = grounded(&vocabulary, "a jacket that is not waterproof");
    assert_eq!(u.slots.excluded, ["waterproof"]);
}

#[test]
fn a_word_said_right_after_i_or_yo_is_a_verb_not_a_product() {
    let vocabulary = ShopVocabulary::build(
        ["Home Studio Desk Lamp", "Trail Daypack 28L"],
        ["studio, lamp, home office", "backpack, daypack, hiking"],
    )
    .with_types(["Lamp", "Backpack"]);
    let u = grounded(
        &vocabulary,
        "Yo estudio español tres años. Yo necesito mochila pequeño y ligero para llevar cosas de un día.",
    );
    assert!(
        u.slots
            .product_terms
            .iter()
            .all(|t| !t.contains("studio") && !t.contains("office")),
        "{:?}",
        u.slots
    );
    assert!(
        u.slots.product_terms.iter().any(|t| t == "backpack"),
        "{:?}",
        u.slots
    );
}

#[test]
fn what_cheaper_ones_must_still_have_is_no_new_kind() {
    let vocabulary = ShopVocabulary::build(
        [
            "Pico Swift Running Shoe",
            "Running Shoes",
            "Linen Cushion",
            "Cushion",
        ],
        ["running, cushioned", "home, linen"],
    )
    .with_types(["Running Shoes", "Cushion"]);
    let u = grounded(
        &vocabulary,
        "129 ugh. anything cheaper that still has cushion?",
    );
    assert_eq!(u.slots.refinement, Some(crate::nlu::Refinement::Cheaper));
    assert!(
        u.slots.product_terms.is_empty(),
        "{:?}",
        u.slots.product_terms
    );
    // A kind named with no "still" is the kind wanted cheaper.
    let u = grounded(&vocabulary, "anything cheaper? a cushion maybe");
    assert_eq!(u.slots.product_terms, ["cushion"]);
}

#[test]
fn a_detail_asked_with_no_word_of_buying_or_a_person_asks_about_products() {
    let vocabulary = ShopVocabulary::build(
        [
            "Linen Top",
            "Top",
            "Merino Crew Sweater",
            "Sweater",
            "Oak Coffee Table",
            "Table",
        ],
        ["linen, summer", "wool, winter", "oak"],
    )
    .with_types(["Top", "Sweater", "Table"]);
    // A care question read as a purchase.
    let u = grounded(
        &vocabulary,
        "¿Y cómo se lava? Yo todo lo meto en la lavadora a 40 grados y no quiero que me lo encoja.",
    );
    assert_eq!(u.intent, Intent::ProductQuestion);
    // "no lo soporto" (can't stand it) is no support team.
    let u = grounded(
        &vocabulary,
        "Una blusita fresca de algodón o de lino, que el calor no perdona y lo sintético no lo soporto.",
    );
    assert_eq!(u.intent, Intent::Browse);
    // "talle" says a size; it is no typo of "table".
    let u = grounded(&vocabulary, "Bueno, lo llevo igual. ¿Tenés talle 7-8?");
    assert!(
        !u.slots.product_terms.iter().any(|t| t == "table"),
        "{:?}",
        u.slots.product_terms
    );
}

#[test]
fn a_change_to_an_order_already_placed_is_the_shops_business() {
    let vocabulary = ShopVocabulary::build(["Ribbed Wool Beanie", "Beanie"], ["wool, navy"])
        .with_types(["Beanie"]);
    let u = grounded(
        &vocabulary,
        "I ordered a beanie the other day. Can I add a second one in navy for my husband to the same order so it all comes in one box?",
    );
    assert_eq!(u.intent, Intent::OutOfScope);
    // So is something done to it before it leaves.
    let u = grounded(
        &vocabulary,
        "Good afternoon. I ordered a wool beanie for our grandson Marcus, who is starting college up in Boston in January. I wanted to have it monogrammed with his initials before it goes out. Can that be done?",
    );
    assert_eq!(u.intent, Intent::OutOfScope);
    // A refund asked in a letter that "may add" more is still a refund.
    let u = grounded(
        &vocabulary,
        "I write concerning the beanie I ordered this week. I should be obliged if you would refund the purchase to my card. I may add that the weather has been mild.",
    );
    assert_ne!(u.intent, Intent::OutOfScope);
    // The address of an order placed, whatever the model guessed of it.
    for said in [
        "hi I placed an order yesterday but I made a mistake with the address",
        "hice un pedido ayer y puse mal la dirección",
    ] {
        let u = grounded(&vocabulary, said);
        assert_eq!(u.intent, Intent::OutOfScope, "{said}");
        assert!(
            crate::nlu::changes_an_order(&crate::nlu::said_cues(said), said),
            "{said}"
        );
    }
    // Not a question about the address things go to, nor a return.
    for said in [
        "what address do you ship from?",
        "I ordered the wrong size and want to return it",
    ] {
        assert!(
            !crate::nlu::changes_an_order(&crate::nlu::said_cues(said), said),
            "{said}"
        );
    }
}

#[test]
fn a_parcel_that_came_faulty_asks_for_a_remedy_not_where_it_is() {
    let vocabulary = ShopVocabulary::build(["Ribbed Wool Beanie", "Beanie"], ["wool, navy"])
        .with_types(["Beanie"]);
    for said in [
        "My package arrived damaged, what can I do?",
        "mi paquete llegó roto, ¿qué hago?",
        "el gorro llegó con un agujero",
    ] {
        assert_eq!(grounded(&vocabulary, said).intent, Intent::Refund, "{said}");
    }
    // Still where it is when it is late or tracked.
    let said = "my parcel hasn't arrived and the tracking says damaged";
    assert_eq!(
        grounded(&vocabulary, said).intent,
        Intent::OrderStatus,
        "{said}"
    );
}

#[test]
fn how_much_a_product_holds_and_whether_it_goes_in_the_dishwasher_ask_about_it() {
    use crate::nlu::slots::Attribute;
    let vocabulary = ShopVocabulary::build(
        ["Speckled Stoneware Mug", "Enamel Camp Mug"],
        ["mug, ceramic, coffee", "mug, camping"],
    )
    .with_types(["Mug"]);
    let u = grounded(
        &vocabulary,
        "How much does it hold? She likes a proper brew, not a thimble",
    );
    assert_eq!(u.intent, Intent::ProductQuestion);
    assert_ne!(
        u.slots.product_attribute,
        Some(Attribute::Price),
        "{:?}",
        u.slots
    );
    assert_eq!(
        grounded(&vocabulary, "how much is it?")
            .slots
            .product_attribute,
        Some(Attribute::Price)
    );
    let u = grounded(
        &vocabulary,
        "And will it go in their dishwasher? They put everything through on a hot wash",
    );
    assert_eq!(u.intent, Intent::ProductQuestion);
    // What the one pointed at costs, in the middle of a story.
    let u = grounded(
        &vocabulary,
        "cuanto cuesta esa? mi papa me va a mandar 50 de houston, me alcanza?",
    );
    assert_eq!(u.intent, Intent::ProductQuestion);
    // Where the order is, is still asked.
    assert_eq!(
        grounded(&vocabulary, "has my order shipped yet?").intent,
        Intent::OrderStatus
    );
}

#[test]
fn whether_it_keeps_you_warm_is_no_coat() {
    let vocabulary = ShopVocabulary::build(
        ["Women's Wool Wrap Coat", "Merino Crew Sweater"],
        ["coat, wool, warm, winter", "sweater, merino, warm"],
    )
    .with_types(["Coat", "Sweater"]);
    for message in [
        "Una duda antes de comprarlo: ¿abriga algo?",
        "¿es abrigadita?",
    ] {
        let u = grounded(&vocabulary, message);
        assert!(
            !u.slots.product_terms.iter().any(|t| t == "coat"),
            "{message}: {:?}",
            u.slots.product_terms
        );
    }
    // A coat is still one.
    let u = grounded(&vocabulary, "busco un abrigo para el invierno");
    assert!(u.slots.product_terms.iter().any(|t| t == "coat"));
}

#[test]
fn a_colour_said_of_something_the_shop_has_nothing_to_do_with_is_no_colour_wanted() {
    let vocabulary = ShopVocabulary::build(
        ["Natural Cork Yoga Mat", "Everyday Pullover Hoodie"],
        ["yoga, mat, cork", "hoodie, red, black"],
    )
    .with_types(["Yoga Mat", "Hoodie"]);
    let colour = |m: &str| grounded(&vocabulary, m).slots.colour;
    assert_eq!(
        colour("wife back in red deer. she does yoga every morning, her hands slip. ~100"),
        None
    );
    assert_eq!(colour("a red hoodie").as_deref(), Some("red"));
    assert_eq!(colour("something red for my wife").as_deref(), Some("red"));
}

#[test]
fn a_kind_said_after_a_bare_no_is_ruled_out() {
    let vocabulary = ShopVocabulary::build(
        [
            "Men's Trailhead Insulated Jacket",
            "Men's Heavyweight Zip Hoodie",
        ],
        ["jacket, wind", "hoodie, zip"],
    )
    .with_types(["Jacket", "Hoodie"]);
    let u = grounded(
        &vocabulary,
        "q onda. chamarra pa el viento, no sudadera eh, algo q corte el aire. <100",
    );
    assert_eq!(u.slots.excluded, ["hoodie"], "{:?}", u.slots);
    assert_eq!(u.slots.product_terms, ["jacket"]);
    assert_eq!(u.slots.budget_max, Some(10000));
}

#[test]
fn shoes_but_not_sport_shoes_are_the_shops_other_footwear() {
    let vocabulary = ShopVocabulary::build(
        [
            "Pico Swift Running Shoe",
            "Canvas Low-Top Sneaker",
            "Cork Footbed Sandal",
            "Leather Chelsea Boot",
        ],
        ["running, sport", "casual", "beach, summer", "leather"],
    )
    .with_types(["Running Shoes", "Sneakers", "Sandals", "Boots"]);
    let u = grounded(
        &vocabulary,
        "And shoes to wear with them, but not sport shoes please",
    );
    for kind in ["sneaker", "running shoe"] {
        assert!(u.slots.excluded.iter().any(|x| x == kind), "{:?}", u.slots);
    }
    assert_eq!(u.slots.kinds, ["sandal", "boot"], "{:?}", u.slots);
    assert_eq!(u.slots.product_terms, ["sandal", "boot"]);
    let u = grounded(&vocabulary, "shoes, not running shoes");
    assert_eq!(
        u.slots.kinds,
        ["sneaker", "sandal", "boot"],
        "{:?}",
        u.slots
    );
    // Two words after a bare "no" are ruled out only as a phrase that names a product.
    let u = grounded(&vocabulary, "zapatos, en la playa no pego ojo");
    assert!(u.slots.excluded.is_empty(), "{:?}", u.slots);
}

#[test]
fn an_unsure_order_reading_with_no_word_of_an_order_is_a_request() {
    let vocabulary = ShopVocabulary::build(
        ["Commuter Backpack 20L", "Trail Daypack 28L"],
        ["laptop, commute, black", "hiking"],
    )
    .with_types(["Backpack", "Backpack"]);
    let u = grounded(
        &vocabulary,
        "ok otra cosa. todos los dias tomo el bus a la city pa trabajar y mi backpack se rompio 😩 nesesito uno donde entre mi laptop de 15 pulgadas",
    );
    assert_eq!(u.intent, Intent::Browse, "{u:?}");
    // Asked where, or when, it is about an order.
    let u = grounded(&vocabulary, "when's my backpack coming");
    assert_eq!(u.intent, Intent::OrderStatus, "{u:?}");
}

#[test]
fn a_word_said_right_after_ill_is_a_verb() {
    let vocabulary = ShopVocabulary::build(
        ["Minimal Mesh Watch", "Ribbed Wool Beanie"],
        ["gift", "winter"],
    )
    .with_types(["Watch", "Beanie"]);
    for message in ["Ta. I'll watch for it.", "ok i will watch for the parcel"] {
        let u = grounded(&vocabulary, message);
        assert!(u.slots.product_terms.is_empty(), "{message}: {:?}", u.slots);
    }
    let u = grounded(&vocabulary, "i want a watch");
    assert_eq!(u.slots.product_terms, ["watch"]);
}

#[test]
fn the_shoppers_own_thing_said_with_its_sending_asks_where_the_order_is() {
    let vocabulary =
        ShopVocabulary::build(["Ribbed Wool Beanie", "Trekking Poles"], ["winter", "knee"])
            .with_types(["Beanie", "Trekking Poles"]);
    let u = grounded(
        &vocabulary,
        "hello~ my beanie sent out already or not ar? 👀 flying to Seoul next week",
    );
    assert_eq!(u.intent, Intent::OrderStatus, "{u:?}");
    // Not the shopper's body, nor a kind wanted.
    let u = grounded(&vocabulary, "my knees kill me on the way down steep hills");
    assert_ne!(u.intent, Intent::OrderStatus, "{u:?}");
    let u = grounded(
        &vocabulary,
        "I want a beanie like my old one, sent out before Friday",
    );
    assert_ne!(u.intent, Intent::OrderStatus, "{u:?}");
}

#[test]
fn a_saco_with_a_hood_is_a_hoodie() {
    let vocabulary = ShopVocabulary::build(
        ["Everyday Pullover Hoodie", "Heavy Canvas Tote Bag"],
        ["hoodie", "tote, bag"],
    )
    .with_types(["Hoodie", "Tote Bag"]);
    let u = grounded(&vocabulary, "un saco con capucha pa mi, anchito");
    assert!(
        u.slots.product_terms.iter().any(|t| t == "hoodie"),
        "{:?}",
        u.slots
    );
    assert!(
        !u.slots.product_terms.iter().any(|t| t.contains("bag")),
        "{:?}",
        u.slots
    );
}

#[test]
fn a_kind_asked_for_with_no_word_of_money_is_no_question_about_refunds() {
    let vocabulary = ShopVocabulary::build(
        ["Everyday Pullover Hoodie", "Ribbed Wool Beanie"],
        ["hoodie, sweatshirt", "beanie, hat"],
    )
    .with_types(["Hoodie", "Beanie"]);
    let read = |message: &str| grounded(&vocabulary, message).intent;
    assert_eq!(
        read("ah caray bueno pues entonces una sudadera para él que cuando entra el norte sí refresca"),
        Intent::Browse
    );
    // Nor is the shopper's own thing asked for.
    assert_ne!(
        read("joven nomás pa preguntarle si ya salió mi sudadera o todavía está allá con ustedes"),
        Intent::Browse
    );
    // A word of money or a return still asks about refunds.
    assert_ne!(
        read("¿cuándo me devuelven el dinero de la sudadera?"),
        Intent::Browse
    );
}

#[test]
fn an_email_address_is_read_as_itself_and_nothing_else() {
    let u = understand("my email is someone.else@example.com", 2);
    assert_ne!(u.intent, Intent::Human);
    assert_eq!(u.slots.email.as_deref(), Some("someone.else@example.com"));
    assert_eq!(
        super::super::ids::without_emails("SC-1042, Ana.Lopez@example.com").as_deref(),
        Some("SC-1042,")
    );
    assert_eq!(super::super::ids::without_emails("no address here"), None);
}

#[test]
fn the_shops_words_said_only_in_quotes_are_mentioned_not_wanted() {
    let vocabulary = ShopVocabulary::build(
        ["Insulated Water Bottle", "Trail Daypack", "Wool Socks"],
        ["bottle", "backpack", "socks"],
    )
    .with_types(["Water Bottle", "Backpack", "Socks"]);
    for said in [
        "hi po! pano po sabihin 'backpack' and 'water bottle' in Korean? para lang may alam ako",
        "¿Cómo se dice 'medias' en inglés? Es para una tarea de mi hijo",
    ] {
        assert_eq!(
            grounded(&vocabulary, said).intent,
            Intent::OutOfScope,
            "{said}"
        );
    }
    // Named outside the quotes, or wanted: a request.
    for said in [
        "do you have the 'insulated' water bottle?",
        "I want a 'proper' backpack for school",
        "my kids' socks keep falling down, any wool socks?",
    ] {
        assert_ne!(
            grounded(&vocabulary, said).intent,
            Intent::OutOfScope,
            "{said}"
        );
    }
    assert_eq!(super::super::outside_quotes("it's 'cozy"), None);
    assert_eq!(
        super::super::outside_quotes("say 'hola' now").as_deref(),
        Some("say   now")
    );
}

#[test]
fn a_feature_said_with_a_kind_is_searched_for_too() {
    let vocabulary = ShopVocabulary::build(
        [
            "Rain Jacket",
            "Fleece Jacket",
            "Wool Scarf",
            "Canvas Tote",
            "Desk Lamp",
        ],
        ["jacket", "jacket", "scarf", "bag", "lamp"],
    )
    .with_types(["Jacket", "Jacket", "Scarf", "Tote Bag", "Lamp"])
    .with_descriptions([
        "A waterproof shell with a peaked hood.",
        "A warm fleece with zipped pockets.",
        "A soft scarf.",
        "A sturdy tote.",
        "A lamp for the desk.",
    ]);
    for message in ["jackets with a hood", "una chaqueta con capucha"] {
        let u = grounded(&vocabulary, message);
        assert!(
            u.slots.product_terms.iter().any(|t| t == "hood"),
            "{message}: {:?}",
            u.slots.product_terms
        );
    }
    // Not a word the descriptions don't use, nor one said with no kind.
    let u = grounded(&vocabulary, "jackets with sleeves");
    assert!(!u.slots.product_terms.iter().any(|t| t == "sleeve"));
    let u = grounded(&vocabulary, "something with a hood");
    assert!(!u.slots.product_terms.iter().any(|t| t == "hood"));
}

#[test]
fn cafe_drunk_is_coffee_not_brown() {
    let vocabulary = ShopVocabulary::build(
        ["Stoneware Mug", "Leather Wallet"],
        ["mug, coffee, kitchen", "wallet, leather, brown"],
    )
    .with_types(["Mug", "Wallet"]);
    let u = grounded(&vocabulary, "algo para tomar café en el trabajo");
    assert!(
        !u.slots.product_terms.iter().any(|t| t == "brown"),
        "{:?}",
        u.slots.product_terms
    );
    assert!(u.slots.product_terms.iter().any(|t| t == "coffee"));
    // (A verb of drinking a few words before it.)
    let u = grounded(
        &vocabulary,
        "mi hermano toma muchísimo café, ¿qué le puedo regalar?",
    );
    assert!(
        !u.slots.product_terms.iter().any(|t| t == "brown"),
        "{:?}",
        u.slots.product_terms
    );
    // Said of a thing's colour, it is brown.
    let u = grounded(&vocabulary, "una cartera de color café");
    assert!(
        u.slots.colour.as_deref() == Some("brown")
            || u.slots.product_terms.iter().any(|t| t == "brown"),
        "{:?} {:?}",
        u.slots.colour,
        u.slots.product_terms
    );
}

#[test]
fn once_a_need_names_a_kind_the_messages_description_words_pick_nothing() {
    let vocabulary = ShopVocabulary::build(
        [
            "Knit Gloves",
            "Insulated Jacket",
            "Insulated Water Bottle",
            "Desk Lamp",
            "Plant Pot",
            "Notebook",
            "Candle",
            "Tote Bag",
        ],
        [
            "gloves, knit, winter",
            "jacket, insulated",
            "bottle, insulated",
        ],
    )
    .with_types([
        "Gloves",
        "Jacket",
        "Water Bottle",
        "Lamp",
        "Plant Pot",
        "Notebook",
        "Candle",
        "Tote Bag",
    ])
    .with_descriptions([
        "Knit gloves for winter.",
        "Keeps you warm when it is cold, hands in its pockets.",
        "Keeps drinks cold for hours.",
        "A lamp for the desk.",
        "A pot for a plant.",
        "A notebook to write in.",
        "A candle that smells of fig.",
        "A bag for the shops.",
    ]);
    let u = grounded(&vocabulary, "what do you recommend for cold hands?");
    assert!(
        u.slots.product_terms.iter().any(|t| t == "glove"),
        "{:?}",
        u.slots.product_terms
    );
    assert!(
        !u.slots.described.iter().any(|w| w == "cold" || w == "hand"),
        "{:?}",
        u.slots.described
    );
}

#[test]
fn gift_wrapping_or_an_invoice_asked_is_the_shops_unless_it_sells_wrap() {
    let clothes = ShopVocabulary::build(
        ["Jersey Wrap Dress", "Organic Cotton Tee"],
        ["dress, wrap", "tee, organic, cotton"],
    )
    .with_types(["Dress", "T-Shirt"]);
    for message in [
        "do you offer gift wrapping?",
        "¿hacen envoltorio para regalo?",
        "can I get an invoice?",
        "¿me pueden dar factura?",
    ] {
        let u = grounded(&clothes, message);
        assert_eq!(u.intent, Intent::ShopInfo, "{message}");
        assert!(u.slots.product_terms.is_empty(), "{message}");
    }
    let stationery = ShopVocabulary::build(
        ["Kraft Gift Wrap Roll", "Dot Grid Notebook"],
        ["gift wrap, paper", "notebook"],
    )
    .with_types(["Gift Wrap", "Notebook"]);
    assert_ne!(
        grounded(&stationery, "do you have gift wrap?").intent,
        Intent::ShopInfo
    );
}

#[test]
fn cosy_in_spanish_finds_what_the_catalog_calls_cosy() {
    let vocabulary = ShopVocabulary::build(
        ["Herringbone Wool Throw", "Organic Cotton Tee"],
        ["blanket, throw, wool, cosy", "tee, organic, cotton"],
    )
    .with_types(["Throw Blanket", "T-Shirt"]);
    let u = grounded(&vocabulary, "algo acogedor para el salón");
    assert!(
        u.slots.product_terms.contains(&"cosy".to_owned()),
        "{:?}",
        u.slots.product_terms
    );
}

#[test]
fn something_written_asked_for_is_off_topic_whatever_word_follows() {
    let vocabulary = ShopVocabulary::build(
        ["Jersey Wrap Dress", "Soy Candle"],
        ["dress, wrap, women", "candle, home"],
    )
    .with_types(["Dress", "Candle"]);
    for message in [
        "necesito una receta de tortilla",
        "I need a recipe for wraps",
        "write me a poem about candles",
    ] {
        assert_eq!(
            grounded(&vocabulary, message).intent,
            Intent::OutOfScope,
            "{message}"
        );
    }
    // A shop that sells recipes (a bookshop's cookbooks) is asked for them.
    let bookshop =
        ShopVocabulary::build(["Easy Recipes for Beginners"], ["book, recipes, cooking"])
            .with_types(["Book"]);
    assert_ne!(
        grounded(&bookshop, "quiero recetas de cocina fáciles").intent,
        Intent::OutOfScope
    );
}

#[test]
fn a_material_ruled_out_alone_is_excluded_but_not_in_other_negations() {
    let vocabulary = ShopVocabulary::build(
        ["Leather Chelsea Boot", "Waterproof Hiking Boot"],
        ["boots, leather", "boots, hiking, leather"],
    )
    .with_types(["Boots"]);
    for message in [
        "not leather",
        "anything that isn't leather?",
        "que no sean de cuero",
    ] {
        let u = grounded(&vocabulary, message);
        assert_eq!(u.slots.excluded, ["leather"], "{message}");
        assert!(u.slots.product_terms.is_empty(), "{message}");
    }
    for message in [
        "not sure, maybe leather boots",
        "I can't find leather boots",
        "no, leather ones",
    ] {
        let u = grounded(&vocabulary, message);
        assert!(
            u.slots.excluded.is_empty(),
            "{message}: {:?}",
            u.slots.excluded
        );
    }
}

#[test]
fn a_kind_asked_for_a_taste_a_budget_and_words_misspelt_as_they_sound_are_searches() {
    let vocabulary = ShopVocabulary::build(
        [
            "Leather Court Sneaker",
            "Women's Wool Wrap Coat",
            "Cedar & Smoke Soy Candle",
            "Linen Cushion",
            "Touchscreen Knit Gloves",
            "Waterproof Hiking Boot",
        ],
        [
            "leather, white, casual",
            "women, wool, winter, warm",
            "home, gift",
            "home, linen",
            "winter, warm",
            "waterproof, hiking",
        ],
    )
    .with_types(["Sneakers", "Coat", "Candle", "Cushion", "Gloves", "Boots"]);
    let read = |m: &str| grounded(&vocabulary, m);
    // Whether the shop has a kind, asked: a search, not a question about one product.
    assert_eq!(
        read("q onda, tienen tenis blancos de piel?").intent,
        Intent::Browse
    );
    // Something within a budget, asked after a product: a search.
    let u = read("uf, es mucho. tienes algo que abrigue por menos de 150?");
    assert_eq!(u.intent, Intent::Browse);
    assert_eq!(u.slots.budget_max, Some(15000));
    // A person of a kind of product is a taste, not a person to talk to.
    let u = read("she's honestly not a candle person");
    assert_eq!(u.intent, Intent::Browse);
    assert_eq!(u.slots.excluded, ["candle"]);
    assert_eq!(read("I want to talk to a person").intent, Intent::Human);
    // Needs: hands that freeze, a friend's new flat.
    assert!(read("algo pa que no se me congelen las manos en la moto")
        .slots
        .product_terms
        .iter()
        .any(|t| t == "glove"));
    assert!(
        read("my friend just moved into her first flat, max 50 bucks")
            .slots
            .product_terms
            .iter()
            .any(|t| t == "home")
    );
    // A Spanish word misspelt as it sounds: "botaz", "bestido" are boots and a dress.
    assert!(read("necesito unas botaz para la lluvia")
        .slots
        .product_terms
        .iter()
        .any(|t| t == "boot"));
}

#[test]
fn a_spanish_word_misspelt_as_it_sounds_is_found() {
    let b = crate::nlu::bilingual::Bilingual::get();
    assert_eq!(b.spanish_typo("botaz"), Some("bota"));
    assert_eq!(b.spanish_typo("bestido"), Some("vestido"));
    assert_eq!(b.spanish_typo("sapatos"), Some("zapato"));
    // A word spelt right is no typo.
    assert_eq!(b.spanish_typo("vestido"), None);
    assert_eq!(b.spanish_typo("botas"), None);
}

#[test]
fn a_means_of_paying_asked_is_the_shops_not_the_card_holders_it_sells() {
    let vocabulary = ShopVocabulary::build(
        ["Slim Card Holder", "Organic Cotton Tee"],
        ["wallet, card, leather", "tee, organic, cotton"],
    )
    .with_types(["Wallet", "T-Shirt"]);
    for message in [
        "hey do you guys take paypal or only credit card?",
        "can i pay with credit card?",
        "¿aceptan tarjeta de crédito?",
    ] {
        let u = grounded(&vocabulary, message);
        assert_eq!(u.intent, Intent::ShopInfo, "{message}");
        assert!(u.slots.product_terms.is_empty(), "{message}");
    }
    assert_ne!(
        grounded(&vocabulary, "a card holder for my credit cards").intent,
        Intent::ShopInfo
    );
}

#[test]
fn whether_it_comes_in_a_colour_asked_of_it_is_a_question_about_it() {
    let vocabulary = ShopVocabulary::build(
        ["Drizzle Packable Rain Jacket", "Summit Down Parka"],
        [
            "jacket, rain, waterproof, yellow, navy",
            "parka, down, black",
        ],
    )
    .with_types(["Jacket", "Coat"]);
    let u = grounded(
        &vocabulary,
        "la impermeable esta padre, la tienen en negro?",
    );
    assert_eq!(u.intent, Intent::ProductQuestion);
    assert_eq!(
        u.slots.product_attribute,
        Some(crate::nlu::Attribute::Colour)
    );
    // A search in a colour stays one.
    assert_eq!(
        grounded(&vocabulary, "¿tienen chaquetas negras?").intent,
        Intent::Browse
    );
}

#[test]
fn the_cheaper_one_asked_about_is_a_question_about_it_not_a_purchase_nor_a_search() {
    let mugs = ShopVocabulary::build(
        ["Enamel Camp Mug", "Speckled Stoneware Mug"],
        ["mug, camping, enamel", "mug, ceramic, stoneware, coffee"],
    )
    .with_types(["Mug"]);
    for message in [
        "and the cheaper one, can i put it in the microwave?",
        "la mas barata se puede meter al microondas?",
    ] {
        let u = grounded(&mugs, message);
        assert_eq!(u.intent, Intent::ProductQuestion, "{message}");
    }
}
