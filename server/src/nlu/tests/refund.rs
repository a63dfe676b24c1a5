//! Refunds and returns: asking for money back, returning an item, a refund's progress, policy.

use super::{assert_all, assert_each, understand, Intent};

#[test]
fn english_refund_requests_are_refund() {
    assert_all(
        Intent::Refund,
        &[
            "I want a refund",
            "can I get my money back?",
            "refund please",
            "how do I return this hoodie",
            "I'd like to return my order",
            "gimme my money back",
            "the jacket arrived damaged, I want a refund",
            "my shoes came broken",
            "i want to send it back",
            "what's your refund policy?",
            "what is the return policy",
            "how long do refunds take?",
            "where is my refund?",
            "track my refund",
            "any update on my refund",
            "I was promised a refund and never got it",
            "refnud my order SC-1042",
            "I need a refund for order #1042",
            "can you reimburse me",
            "I returned the shoes, when do I get my money?",
            "the item is defective, I want my money back",
            "wrong size, I want to return it",
            "can I return something I bought?",
            "I demand a refund",
            "need to get reimbursed for my purchase",
            "my refund hasn't arrived",
            "how do returns work here",
            "status of my refund please",
            "I'd like a refund on the sweater",
            "money back pls",
            "i want my mony back",
            "returning an item",
            "how can I get a refund",
            "is it possible to be refunded?",
            "i got the wrong item, refund me",
        ],
    );
}

#[test]
fn spanish_refund_requests_are_refund() {
    assert_all(
        Intent::Refund,
        &[
            "quiero un reembolso",
            "quiero que me devuelvan el dinero",
            // The Caribbean's "los cuartos" is money.
            "mi mai vio la compra del gorro y me dio una pelea. me pueden devolver lo cuarto?",
            "Les cuento: ayer compré el gorro de lana para mi nieto, pero anoche su bisabuela le trajo uno tejido por ella y no se lo saca ni para dormir, así que el mío ya no hace falta. ¿Me pueden devolver la plata?",
            "¿cómo hago una devolución?",
            "quiero devolver la chaqueta",
            "devolución del pedido SC-1042",
            "me llegó roto, quiero mi dinero",
            "¿cuál es la política de devoluciones?",
            "¿cuánto tarda el reembolso?",
            "¿dónde está mi reembolso?",
            "todavía no he recibido el reembolso",
            "quiero devolver unas zapatillas",
            "reembolso por favor",
            "necesito que me reembolsen",
            "el producto vino defectuoso",
            "me mandaron la talla equivocada, quiero devolverla",
            "¿puedo devolver algo que compré?",
            "reembolzo de mi pedido",
            "quiero la devolucion de mi dinero",
            "¿cómo va mi reembolso?",
            "estado de mi reembolso",
            "quiero recuperar mi dinero",
            "no me gustó, lo quiero devolver",
            "¿aceptan devoluciones?",
            "hola, quiero pedir un reembolso",
            "devuélvanme el dinero",
            "la sudadera llegó dañada",
            "solicito el reembolso del pedido 1042",
            "¿me podéis reembolsar?",
            "quiero devolver mi compra",
            "devolver producto",
        ],
    );
}

#[test]
fn a_story_asks_in_its_last_sentence() {
    assert_all(
        Intent::Refund,
        &[
            "Good morning. I do hope you can help. Last week I ordered a woollen hat for my granddaughter, who is off to university in the autumn. I had thought the colour very cheerful, but she mentioned that she only ever wears navy. I would rather not bother with exchanges, so I would be most grateful if you could return the money to me.",
            "Buenos días. Le cuento: compré un gorro de lana para mi hijo, que se fue a vivir a Canadá donde hace un frío terrible. Anoche me dijo que en su trabajo les regalaron gorro, bufanda y todo, entonces ya no lo necesita. Como el gorro todavía no ha salido, quisiera que me devolvieran la platica, si es tan amable.",
        ],
    );
    assert_all(
        Intent::Cancel,
        &["la verdad re mal todo, la pagina se colgo 3 veces y encima me cobraron. cancelame esa porqueria ya"],
    );
    // Short, but the model unsure what the order message wants: its last sentence says it.
    assert_all(
        Intent::Refund,
        &["mi order a beanie earlier fi mi cousin inna toronto but him mada jus sen him one. mi nuh need it again, gimme back mi money nuh"],
    );
    // Or in a question that asks for it as a favour.
    assert_all(
        Intent::Refund,
        &["Buenas tardes, mijito. Fíjese que esta mañana compré un gorrito, pero ya no sé si lo voy a usar, porque aquí en la casa tengo otros. ¿Me puede devolver la platita, por favor?"],
    );
    // Or asks it in the present, after a long story read as one about the order.
    assert_all(
        Intent::Refund,
        &["Buenas tardes, hijo. Fíjate que te voy a contar: esta mañana compré un gorrito de lana porque mi nieto se va a estudiar a Monterrey y me dijeron que allá en enero hace un frío que ni te imaginas. Pero ahorita me habla por teléfono y me dice que ya su novia le tejió uno. Entonces ya no lo necesito. ¿Me devuelves mi dinero, por favor?"],
    );
    assert_all(
        Intent::Cancel,
        &["Asere, hazme un favor. Mira, esta mañana compré un gorrito pa mandárselo a mi primo que está en Canadá, porque el pobre no está acostumbrao al frío. Pero ahorita me llama mi tía y me dice que ya él se compró uno allá mismo en una tienda de segunda. ¿Me cancelas el pedido, porfa?"],
    );
    // A story that ends in a question about the rules is still a question.
    assert_all(
        Intent::RefundInfo,
        &["Hello there. I bought a scarf for my sister last month and she loves it, but she says the wool is a little itchy and she might not keep it in the end. We are still deciding. How many days would she have to send it back?"],
    );
}

#[test]
fn a_favour_asked_as_whether_it_could_be_done_asks_for_it() {
    assert_each(
        Intent::Refund,
        &[
        "Hello! I bought gloves yesterday but my sister gave me a pair. Would it be possible to get my money back? If not, no worries.",
        "Hola, ayer compré una bufanda y ya me regalaron otra. ¿Sería posible que me devolváis el dinero?",
        ],
    );
    // Of a case that may come, or only asking, it is a question about the rules.
    assert_each(
        Intent::RefundInfo,
        &[
            "would it be possible to return it in case it doesn't fit?",
            "¿sería posible devolverlo en caso de que no le quede?",
            "just asking, would it be possible to get a refund later?",
        ],
    );
}

#[test]
fn the_action_named_of_an_item_or_money_wanted_back_asks_for_it() {
    assert_each(
        Intent::Refund,
        &[
            "devolución del gorro",
            "hola. reembolso de la bufanda porfa",
            "Okey, then sí, quiero mi money back. Mi comadre me regaló uno que compró en la pulga.",
            "qe pex plebe aver vi el mismo gorro en otra pagina a la mitad de precio aqui esta bien perro regresame todo el dinero del gorro",
        ],
    );
    assert_each(
        Intent::RefundInfo,
        &[
            "what is the return policy for the beanie",
            "la devolución del gorro, ¿cómo se hace?",
        ],
    );
}

#[test]
fn what_a_refund_would_give_back_is_a_question() {
    let text = "Hi. Before I decide: if I ask for a refund on the gloves, do I get all $40 back or do you keep the shipping? I haven't made up my mind.";
    assert_eq!(super::understand(text, 2).intent, Intent::RefundInfo);
}

#[test]
fn a_story_may_ask_in_its_middle() {
    let read = |t: &str| super::understand(t, 2).intent;
    assert_eq!(
        read("ok so my cousin is getting married in June and the whole family is flying out and my aunt is already stressing about the dresses and the hotel and everything honestly anyway before I forget could you refund the gloves I bought yesterday my brother gave me a pair so yeah and then the caterer called back and we still have no idea about the cake"),
        Intent::Refund
    );
    assert_eq!(
        read("Buenas noches. Le cuento que el sábado fue la primera comunión de mi nieta y vino toda la familia desde Quito. Ya que estoy le pido que me cancele el pedido de la bufanda, que mi hija me regaló una igualita. Luego fuimos todos a almorzar y hubo un aguacero tremendo."),
        Intent::Cancel
    );
    // A question in the middle asks nothing to be done, however its stretches read.
    assert_ne!(
        read("Dear Sir or Madam, Before my scarf gets here I would like to know your rules. If it don't suit me, how many days do I have to send it back, and would I have to pay the postage or would you? I am not sending anything back, I just like to know."),
        Intent::Refund
    );
    // A middle sentence that turns the action down asks for nothing.
    assert_ne!(
        read("Dear team, This week I bought a scarf. Before deciding anything I need to know a few things. I am not asking for a refund at the moment. How many days do I have to send it back, and who pays the postage? Kind regards, Ingrid"),
        Intent::Refund
    );
}

#[test]
fn a_statement_that_says_the_refund_asks_for_it() {
    let text = "Vaya pues, muy amable. Entonces sí le voy a pedir el reembolso del gorrito, porque mi nieto ya se compró uno.";
    assert_eq!(super::understand(text, 2).intent, Intent::Refund);
    // Where the refund is, or its rules, stay questions, with or without their mark.
    for text in [
        "still waiting on my refund",
        "el reembolso todavía no me ha llegado",
        "tell me about your refund policy",
    ] {
        assert_ne!(super::understand(text, 2).intent, Intent::Refund, "{text}");
    }
}

#[test]
fn a_dictated_story_in_one_breath_asks_after_its_so() {
    let read = |t: &str| super::understand(t, 2).intent;
    assert_eq!(
        read("right so this morning I ordered one of them wool beanie hats for the bairn cos he's just started at the big school and it's freezing at the bus stop and then I get to the depot and the wife rings us and says our Kelly has already bought him one with the Newcastle badge on it and he won't wear anything else now will he so I divvent need yours pet can I get me money back on it please"),
        Intent::Refund
    );
    // Only asking, and turning the action down: a question.
    assert_eq!(
        read("Salam, just a question, I don't want to return anything ok? if I send the beanie back after it arrives, do I get the shipping money back also? and how many days I have for this?"),
        Intent::RefundInfo
    );
    // One action turned down, another asked for.
    assert_eq!(
        read("Buenas, el gorro que compré no tiene el color tan bonito como en la foto. No lo quiero devolver, pero ¿podrían reembolsarme $5 nomás?"),
        Intent::Refund
    );
}

#[test]
fn whether_it_is_still_possible_is_a_question_and_an_amount_back_a_request() {
    let read = |t: &str| super::understand(t, 2).intent;
    assert_eq!(
        read("Quick question, is it too late to get a refund on the beanie I bought this morning? It hasn't come yet."),
        Intent::RefundInfo
    );
    assert_eq!(
        read("¿todavía estoy a tiempo de cancelar el pedido?"),
        Intent::CancelInfo
    );
    assert_eq!(
        read("hiya my student code didnt go through when i bought the beanie, it was meant to be $4 off can i get the $4 back? still want the hat"),
        Intent::Refund
    );
    assert_eq!(
        read("Al realizar mi compra del gorro no se aplicó mi código de bienvenida de 5 dólares. Por favor su apoyo con la devolución de esos 5 dólares; el gorro sí me lo quedo."),
        Intent::Refund
    );
    // A long story read as one about the order, that ends by asking to cancel.
    assert_eq!(
        read("Hello. The beanie I ordered this morning was a gift for my younger brother, who was to start his Masters in Leeds in January. Unfortunately his visa has been delayed and he has deferred to September, so he no longer needs it this winter. Kindly cancel the order since it has not been shipped."),
        Intent::Cancel
    );
}

#[test]
fn asking_the_shop_to_do_it_is_a_request_and_a_letters_closing_hides_no_ask() {
    // The action right after "could you", "¿me podrías…": a request (nothing moves without a
    // yes); of orders in general, a question.
    assert_eq!(
        understand("could you put the money back on my card?", 2).intent,
        Intent::Refund
    );
    assert_eq!(
        understand("¿me podrías devolver el dinero del gorro?", 2).intent,
        Intent::Refund
    );
    assert_eq!(
        understand("can you cancel orders after they ship?", 2).intent,
        Intent::CancelInfo
    );
    assert_ne!(
        understand("can you tell me how refunds work?", 2).intent,
        Intent::Refund
    );
    // A short last sentence that is the ask, not a closing.
    assert_eq!(
        understand("Buenas. Ayer compré el gorro de lana para mi hijo pero ya le regalaron uno igual en el cumpleaños y no necesita dos. Un reembolso, por favor, gracias.", 2).intent,
        Intent::Refund
    );
    // A letter whose ask comes before "Much obliged. Yours truly, …".
    assert_eq!(
        understand("Dear Sir or Madam, This is Opal writing from up Troublesome Creek. I hope this finds you well. I ordered one of your wool toboggans, the navy one, for my great-grandson, who was fixing to go to a Bible camp up in Michigan after Christmas. Well, they have called the camp off on account of too much snow, if you can believe it. I'd rather not keep a hat that nobody in this holler is going to wear, so if it is no trouble, could you put the money back on my card? Much obliged. Yours truly, Opal Caudill", 2).intent,
        Intent::Refund
    );
}

#[test]
fn how_many_days_the_shopper_has_to_return_it_is_the_policy_beside_any_story() {
    let vocabulary = crate::nlu::shop_vocabulary::ShopVocabulary::build(
        ["Ribbed Wool Beanie"],
        ["beanie, wool, winter"],
    )
    .with_types(["Beanie"]);
    let read = |message: &str| {
        let mut u = understand(message, 2);
        crate::nlu::ground(&mut u, &vocabulary, message);
        u.intent
    };
    assert_eq!(
        read("Hej again. I bought the ribbed beanie for my grandson Elias. I do not want to return it now, but eventually it is too small for him, he has a big head like his father. How many days do I have to return it?"),
        Intent::RefundInfo
    );
    // Not how long the money takes.
    assert_eq!(
        read("I want to return the beanie and get my money back, it is too small. How long does the refund take?"),
        Intent::Refund
    );
}

#[test]
fn a_question_that_says_nothing_of_money_or_an_order_is_no_refund() {
    let vocabulary = crate::nlu::shop_vocabulary::ShopVocabulary::build(
        ["Wide-Brim Straw Hat", "Ribbed Wool Beanie"],
        ["hat, sun, summer", "beanie, wool, winter"],
    )
    .with_types(["Hat", "Beanie"]);
    let read = |message: &str| {
        let mut u = understand(message, 2);
        crate::nlu::ground(&mut u, &vocabulary, message);
        u.intent
    };
    assert_eq!(
        read("does it stay on in the wind, we do 30 knots back to the ramp?"),
        Intent::ProductQuestion
    );
    // An amount of money back is a refund.
    assert_eq!(
        read("the beanie's colour is a bit off, could I get $10 back and keep it?"),
        Intent::Refund
    );
    // How long until the money is back asks how refunds go.
    assert_eq!(
        read("Brilliant. Also, how long until the money's back on my card?"),
        Intent::RefundInfo
    );
}

#[test]
fn a_story_that_ends_by_asking_for_the_money_asks_for_a_refund() {
    let vocabulary = crate::nlu::shop_vocabulary::ShopVocabulary::build(
        ["Ribbed Wool Beanie", "Cedar & Smoke Soy Candle"],
        ["beanie, wool, winter", "candle, home"],
    )
    .with_types(["Beanie", "Candle"]);
    let read = |message: &str| {
        let mut u = understand(message, 2);
        crate::nlu::ground(&mut u, &vocabulary, message);
        u.intent
    };
    // A "when" that tells the story is not the question's.
    assert_eq!(
        read("Hola. Le compré a la Chiche un gorro de lana para cuando saliera a caminar por la costanera, pero el médico le dijo que hasta la primavera nada de salir con este viento, así que no lo va a usar. ¿Me pueden devolver la plata? Gracias, Cacho."),
        Intent::Refund
    );
    // A Spanish question after a clause, asked as a favour with "vosotros".
    assert_eq!(
        read("Hola. Os compré un gorro de lana (el de canalé, en mostaza) para Manu, para Dublín, y resulta que su novia, Ciara (irlandesa, majísima), le ha tejido uno ella misma y se lo dio en el aeropuerto. Vamos, que el nuestro ya no hace falta. Como todavía no me lo habéis mandado, ¿me podéis devolver el dinero?"),
        Intent::Refund
    );
    // A short question asking the shop as a favour, after the story.
    assert_eq!(
        read("oye compre un gorro d lana pa mi prima en new york pero ya ella se compro uno alla. me devuelven?"),
        Intent::Refund
    );
    // The money of a thing bought, wanted ("plata" is money, not silver, here).
    assert_eq!(
        read("kiero la plata del gorro, mi nuera ya le compro uno al bastian x la feria"),
        Intent::Refund
    );
    assert_ne!(read("un anillo de plata"), Intent::Refund);
    // Asking how it is done is still a question about it.
    assert_eq!(
        read("Buenas. Solo una consulta, no quiero cancelar nada: si un día quiero cancelar un pedido, ¿cómo hago? ¿Hay algún botón que yo misma pueda apretar o tengo que escribirles aquí?"),
        Intent::CancelInfo
    );
}

#[test]
fn the_money_wanted_back_for_what_was_bought_is_no_purchase() {
    assert_eq!(
        understand(
            "Señorita, I buy one hat of wool, the beanie, but my daughter she buy me the same one for my birthday. I want my money back please",
            2
        )
        .intent,
        Intent::Refund
    );
    // Buying with the money back as a case is still buying.
    assert_eq!(
        understand("I'll buy the beanie if I can get my money back later", 2).intent,
        Intent::Buy
    );
}

#[test]
fn a_spanish_fit_said_with_who_wears_it_is_something_wrong_with_it() {
    use crate::nlu::{said_cues, Cue};
    for message in [
        "compré una chaqueta y me queda grande",
        "la gorra que compré le queda chica",
        "las zapatillas que pedí me quedan apretadas",
    ] {
        assert!(said_cues(message).contains(&Cue::Defect), "{message}");
    }
    // How something fits, asked, is no fault.
    assert!(!said_cues("¿cómo me queda la talla M?").contains(&Cue::Defect));
}

#[test]
fn what_came_told_with_what_is_wrong_with_it_is_a_refund() {
    let vocabulary = crate::nlu::shop_vocabulary::ShopVocabulary::build(
        ["Stoneware Mug", "Ribbed Wool Beanie"],
        ["mug, kitchen", "beanie, wool, winter"],
    )
    .with_types(["Mug", "Beanie"]);
    for message in [
        "they sent the wrong one",
        "my mug arrived chipped",
        "me mandaron otro color",
        "la taza llegó astillada",
        "me llegó el pedido pero falta una pieza",
        // Unhappy with a purchase of one's own.
        "I'm not happy with my purchase",
        "no estoy contento con mi compra",
        // What one got, with what is wrong with it.
        "Hi! The beanie I got has a hole in the seam already :(",
        // Bought, and not liked by whoever it was for.
        "I bought a hat from you last week for my husband and unfortunately he does not like the colour",
        "I ordered the mug for my sister but she doesn't like it",
        "Le compré un gorro a mi marido la semana pasada y no le gusta nada el color",
        // Came in another colour, or with a loose thread.
        "Me llegó el gorro de otro color",
        "I got the beanie in a different colour",
        "oiga, el gorro que pedí viene con un hilo suelto",
        // Not as the photo showed it.
        "the hat I bought came today and the colour looks nothing like the photo",
        "me llegó el gorro y no se parece a la foto",
    ] {
        let mut u = understand(message, 2);
        crate::nlu::ground(&mut u, &vocabulary, message);
        assert_eq!(u.intent, Intent::Refund, "{message}");
    }
    // Unhappy with something else is no refund.
    for message in [
        "I'm not happy with the price",
        "are you happy with the quality?",
        // Not liked, of nothing bought: shopping.
        "I don't like the colours of these mugs",
        "no me gusta el color de ese gorro",
    ] {
        let mut u = understand(message, 2);
        crate::nlu::ground(&mut u, &vocabulary, message);
        assert_ne!(u.intent, Intent::Refund, "{message}");
    }
}

#[test]
fn an_exchange_is_read_apart_from_a_change_of_mind_or_an_exchange_rate() {
    use crate::nlu::{exchanges, exchanges_for_another};
    for message in [
        "I'd like to exchange the running shoes for a size 10",
        "can I swap my jacket for a different colour?",
        "compré un gorro azul y lo quiero cambiar por uno negro",
        "¿Puedo cambiar la sudadera por una talla más grande?",
        "necesito un cambio de talla",
    ] {
        assert!(exchanges_for_another(message), "{message}");
    }
    for message in [
        "do you do exchanges?",
        "¿hacen cambios?",
        "can I exchange it if it doesn't fit?",
    ] {
        assert!(
            exchanges(message) && !exchanges_for_another(message),
            "{message}"
        );
    }
    for message in [
        "what's the exchange rate for euros?",
        "cambié de opinión, cancela el pedido",
        "I want to change my address",
        "switch to spanish please",
    ] {
        assert!(!exchanges(message), "{message}");
    }
}

#[test]
fn something_had_that_is_wrong_or_not_wanted_and_what_to_do_asked_is_the_rules() {
    let vocabulary = crate::nlu::shop_vocabulary::ShopVocabulary::build(
        ["Wide-Brim Straw Hat", "Ribbed Wool Beanie"],
        ["hat, summer", "beanie, wool, winter"],
    )
    .with_types(["Hat", "Beanie"]);
    let read = |message: &str| {
        let mut u = understand(message, 2);
        crate::nlu::ground(&mut u, &vocabulary, message);
        u.intent
    };
    for message in [
        "el regalo no le ha gustado a mi hermana, ¿qué opciones tengo?",
        "My son says the beanie is too itchy, what are my options?",
    ] {
        assert_eq!(read(message), Intent::RefundInfo, "{message}");
    }
    for message in [
        "I no longer need the hat, what do I do?",
        "ya no necesito el gorro, ¿qué hago?",
    ] {
        assert_eq!(read(message), Intent::CancelInfo, "{message}");
    }
    // A purchase of one's own to undo, however sure the model is of a purchase.
    assert_eq!(read("I want to undo my purchase"), Intent::Cancel);
}

#[test]
fn an_action_said_of_a_product_is_no_off_topic_and_no_longer_wanted_is_said() {
    let vocabulary = crate::nlu::shop_vocabulary::ShopVocabulary::build(
        ["Ribbed Wool Beanie"],
        ["beanie, wool, winter"],
    )
    .with_types(["Beanie"]);
    let mut u = understand("Cambié de opinión sobre el gorro", 2);
    crate::nlu::ground(&mut u, &vocabulary, "Cambié de opinión sobre el gorro");
    assert_eq!(u.intent, Intent::Cancel);
    for message in [
        "Ya no quiero el gorro",
        "I don't need the hat anymore",
        "I no longer want the beanie",
    ] {
        assert!(crate::nlu::no_longer_wants(message), "{message}");
    }
    for message in ["I don't need a hat", "no quiero gorros de lana"] {
        assert!(!crate::nlu::no_longer_wants(message), "{message}");
    }
}

#[test]
fn a_thing_told_with_what_went_wrong_with_it_is_a_refund() {
    let vocabulary = crate::nlu::shop_vocabulary::ShopVocabulary::build(
        [
            "Field Automatic Watch",
            "Merino Crew Sweater",
            "Stoneware Mug",
            "Hiking Boot",
        ],
        ["watch", "sweater, wool", "mug, kitchen", "boots, hiking"],
    )
    .with_types(["Watch", "Sweater", "Mug", "Boots"]);
    for message in [
        "the watch won't turn on",
        "the sweater shrank when I washed it",
        "the sole of the boots came off",
        "the sweater is already pilling",
        "my watch stopped after two days",
        "one sock is missing from the package",
        "el reloj se paró a los dos días",
        "el jersey encogió al lavarlo",
        "la suela de las botas se despegó",
        "la taza llegó desportillada",
        "la chaqueta destiñó en el primer lavado",
    ] {
        assert_eq!(
            super::grounded(&vocabulary, message).intent,
            Intent::Refund,
            "{message}"
        );
    }
    // Read as a refund by an unsure model, it is one: no "or did you want to buy it?".
    let vocabulary = crate::nlu::shop_vocabulary::ShopVocabulary::build(
        ["Men's Heavyweight Zip Hoodie"],
        ["hoodie, men"],
    )
    .with_types(["Hoodie"]);
    for message in [
        "the zip on my hoodie broke after two days",
        "la cremallera de mi sudadera se rompió a los dos días",
    ] {
        let u = super::grounded(&vocabulary, message);
        assert_eq!(
            (u.intent, u.alternative),
            (Intent::Refund, None),
            "{message}"
        );
    }
    // An old one worn out, a new one wanted, a fault asked of a product, a fault not wanted
    // in a new one: shopping and questions, not refunds.
    for message in [
        "my old boots fell apart, I need new ones",
        "mis botas viejas se rompieron, necesito unas nuevas",
        "una pantalla para la lámpara de mesa, la vieja se ha roto",
        "does the sweater shrink?",
        "¿el jersey encoge al lavarlo?",
        "quiero un jersey que no haga bolitas",
        "I want a sweater that doesn't shrink",
    ] {
        assert_ne!(
            super::grounded(&vocabulary, message).intent,
            Intent::Refund,
            "{message}"
        );
    }
}

#[test]
fn a_return_wanted_or_a_wrong_fit_asked_about_is_about_refunds_not_cancelling() {
    let vocabulary = crate::nlu::shop_vocabulary::ShopVocabulary::build(
        ["Alpine Parka", "Stoneware Mug"],
        ["jacket, winter", "mug, kitchen"],
    )
    .with_types(["Jacket", "Mug"]);
    // A return wanted, said: the request, however short.
    for message in [
        "I'd like to return something",
        "I would like to return something",
    ] {
        assert_eq!(
            super::grounded(&vocabulary, message).intent,
            Intent::Refund,
            "{message}"
        );
    }
    // What can be done about a thing bought that doesn't fit or came broken: refunds, and no
    // "or cancel it?" question.
    for message in [
        "the jacket I ordered doesn't fit, what can I do?",
        "compré una chaqueta y no me queda, ¿qué puedo hacer?",
    ] {
        let u = super::grounded(&vocabulary, message);
        assert_eq!(
            (u.intent, u.alternative),
            (Intent::RefundInfo, None),
            "{message}"
        );
    }
    assert_eq!(
        super::grounded(
            &vocabulary,
            "me llegó el paquete pero la taza venía hecha pedazos"
        )
        .intent,
        Intent::Refund
    );
    // Still a question about cancelling: a purchase with nothing wrong told, or cancelling said.
    for message in [
        "I bought it for my grandson but he's moving somewhere warm. What can I do?",
        "the jacket I ordered doesn't fit, can I cancel it? what can I do?",
    ] {
        assert!(
            matches!(
                super::grounded(&vocabulary, message).intent,
                Intent::CancelInfo | Intent::Cancel
            ),
            "{message}"
        );
    }
}

#[test]
fn something_else_than_what_was_ordered_or_a_swap_of_it_is_about_refunds() {
    let vocabulary = crate::nlu::shop_vocabulary::ShopVocabulary::build(
        ["Pullover Hoodie", "Crew Socks"],
        ["hoodie", "socks"],
    )
    .with_types(["Hoodie", "Socks"]);
    assert_eq!(
        super::grounded(
            &vocabulary,
            "mi pedido vino con otra cosa, pedí una sudadera azul y me llegó gris"
        )
        .intent,
        Intent::Refund
    );
    assert_eq!(
        super::grounded(
            &vocabulary,
            "The socks I ordered were the wrong size, can I swap them?"
        )
        .intent,
        Intent::RefundInfo
    );
    // A swap of something not had: shopping.
    assert_ne!(
        super::grounded(
            &vocabulary,
            "do you have socks I can swap with my old ones? show me some"
        )
        .intent,
        Intent::RefundInfo
    );
}

#[test]
fn a_word_of_the_catalog_said_as_a_denied_verb_or_a_fault_read_as_paying_is_a_refund() {
    // A shop with a "relaxed fit" tag: "doesn't fit" asks for no fit.
    let vocabulary = crate::nlu::shop_vocabulary::ShopVocabulary::build(
        ["Ribbed Wool Beanie", "Relaxed Jeans"],
        ["beanie, wool", "jeans, relaxed fit"],
    )
    .with_types(["Beanie", "Jeans"]);
    let u = super::grounded(&vocabulary, "the beanie doesn't fit, what can I do?");
    assert_eq!(u.intent, Intent::RefundInfo);
    assert!(
        !u.slots.product_terms.iter().any(|t| t == "fit"),
        "{:?}",
        u.slots
    );
    // What is wrong with a thing had is no trouble paying.
    assert_eq!(
        super::grounded(&vocabulary, "el gorro no me queda").intent,
        Intent::Refund
    );
    assert_eq!(
        super::grounded(&vocabulary, "el gorro no me queda, ¿qué puedo hacer?").intent,
        Intent::RefundInfo
    );
    assert_eq!(
        super::grounded(&vocabulary, "my card was declined, is it broken?").intent,
        Intent::PaymentProblem
    );
}

#[test]
fn buying_and_sending_back_supposed_asks_the_rules() {
    for text in [
        "if i ordered the wool coat and sent it back would i get the 189 back straight away or how does it work",
        "if I buy the boots and they don't fit, can I return them?",
        "and if she doesnt like it can she bring it back?",
    ] {
        assert_eq!(super::understand(text, 2).intent, Intent::RefundInfo, "{text}");
    }
    assert_eq!(
        super::understand(
            "I ordered the wool coat and it arrived torn, I want my money back",
            2
        )
        .intent,
        Intent::Refund
    );
}
