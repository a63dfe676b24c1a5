//! Cancellations of an order.

use super::{assert_all, assert_each, Intent};

#[test]
fn english_cancellations_are_cancel() {
    assert_all(
        Intent::Cancel,
        &[
            "cancel my order",
            "I want to cancel my order",
            "please cancel order SC-1042",
            "can I cancel?",
            "cancel it",
            "I changed my mind, cancel the order",
            "how do I cancel an order I just placed",
            "i need to cancle my order",
            "cancell my purchase",
            "stop my order please, I don't want it anymore",
            "I'd like to cancel the hoodie I ordered",
            "can you cancel #1042",
            "cancel order",
            "cancellation of my order please",
            "I want to cancel the order and get a refund",
            "is it too late to cancel my order?",
            "please call off my order",
            "i no longer want my order, cancel it",
            "cancel the last order I made",
            "I ordered the wrong thing, cancel it",
            "how can I cancel my purchase",
            "cancelling my order",
            "I can't cancel my order, help",
            "need to cancel asap",
            "wanna cancel my order",
            "could you cancel my order please",
            "I don't know how to cancel my order",
            "I placed an order by mistake, please cancel it",
            "please cancel the jacket order",
            "cancel order 1042",
            "i want to cancel the purchase i made yesterday",
            "cancel my order, it's taking too long",
            "can my order still be cancelled?",
            "I want to cancel everything",
            "cancel that order",
        ],
    );
}

#[test]
fn spanish_cancellations_are_cancel() {
    assert_all(
        Intent::Cancel,
        &[
            "quiero cancelar mi pedido",
            "cancela mi pedido",
            "anular pedido",
            "quiero anular el pedido SC-1042",
            "¿puedo cancelar el pedido?",
            "cancelar pedido 1042",
            "me equivoqué, cancélalo",
            "ya no lo quiero, cancela el pedido",
            "¿cómo cancelo mi compra?",
            "cancelación de mi pedido por favor",
            "necesito cancelar una compra",
            "quiero anular mi compra",
            "cancelar",
            "cancela todo",
            "cancelen mi pedido por favor",
            "¿todavía puedo cancelar mi pedido?",
            "anula el pedido que hice ayer",
            "hola, quiero cancelar",
            "quisiera cancelar el pedido de la chaqueta",
            "no puedo cancelar mi pedido",
            "cancelar mi orden",
            "cansel mi pedido",
            "quiero cancelar la compra que hice",
            "¿me cancelas el pedido?",
            "he cambiado de opinión, cancela mi pedido",
            "por favor anulen mi pedido",
            "deseo cancelar mi pedido",
            "cancelar la orden 1042",
            "quiero cancelar el pedido y que me devuelvan el dinero",
            "cancelarlo",
        ],
    );
}

#[test]
fn a_question_that_says_it_only_asks_is_a_question() {
    assert_all(
        Intent::CancelInfo,
        &[
            "just asking ah, if not shipped yet can still cancel or not? not cancelling now, only want to know",
            "solo pregunto, ¿si no ha salido todavía se puede cancelar?",
        ],
    );
}

#[test]
fn asking_what_would_happen_if_one_cancelled_is_a_question() {
    assert_each(
        Intent::CancelInfo,
        &[
        "Bon, a question first: if I cancel before it ships, do I get everything back, the shipping aussi?",
        "si lo cancelo ahora, ¿me devuelven todo?",
        ],
    );
    // A yes without its accent asks for the action.
    assert_eq!(super::understand("si, cancélalo", 2).intent, Intent::Cancel);
}

#[test]
fn a_story_the_model_is_unsure_of_asks_what_its_last_sentence_asks() {
    let u = super::understand(
        "Hi hun, do me a small favour nah. This morning I order a beanie because I flying up to Toronto in January for my sister wedding and everybody telling me I go freeze. Then lunchtime my cousin Marlon walk in the bank with a bag from Canada and he bring two beanies for me, one pink one black! So I doh need the one from allyuh again. Could you cancel it for me please?",
        2,
    );
    assert_eq!(u.intent, Intent::Cancel);
    // Sure of it: no "which of these do you mean?".
    assert_eq!(u.alternative, None);
}

#[test]
fn an_order_to_act_beside_a_story_the_model_cannot_place_asks_for_it() {
    let read = |t: &str| super::understand(t, 2).intent;
    // The ask last, in two words, with the model lost on the rest.
    assert_eq!(
        read("Not posted yet. Frost's here already. Useless to me by next week. Cancel it."),
        Intent::Cancel
    );
    // The ask first, with the model unsure of the rest.
    let u = super::understand(
        "¡Cancelen ese pedido! Hace días que espero y nada que lo envían.",
        2,
    );
    assert_eq!(u.intent, Intent::Cancel);
    assert!(u.confidence >= 0.9);
}

#[test]
fn what_can_be_done_about_a_purchase_is_a_question() {
    assert_each(
        Intent::CancelInfo,
        &[
        "I bought a scarf for my nephew but he just moved to Florida, he won't need it. What can I do?",
        "Compré unos guantes para mi papá pero ya le regalaron otros. ¿Qué puedo hacer?",
        // A purchase made by mistake: no trouble paying, nothing to buy.
        "hice una compra por error, ¿qué hago?",
        "I made a purchase by mistake, what do I do?",
        "I ordered the wrong thing, what now?",
        ],
    );
}

#[test]
fn a_question_that_says_not_to_act_is_a_question() {
    let read = |t: &str| super::understand(t, 2).intent;
    assert_eq!(
        read("Respected Sir/Madam. I have placed an order for one woollen beanie this morning. Kindly inform me whether an order may be cancelled before it is dispatched, and in how many days the amount comes back to the card. I am only enquiring at present, please do not cancel anything."),
        Intent::CancelInfo
    );
    // A negator in another clause turns nothing down.
    assert_eq!(
        read("Wait, it is not shipped yet no? Then better you cancel the full order itself"),
        Intent::Cancel
    );
}

/// The message read and grounded in a small hat shop's vocabulary (a beanie and a straw hat),
/// as the engine reads it.
fn read_in_a_hat_shop(message: &str) -> Intent {
    let vocabulary = crate::nlu::shop_vocabulary::ShopVocabulary::build(
        ["Ribbed Wool Beanie", "Wide-Brim Straw Hat"],
        ["beanie, wool, winter", "hat, straw, summer"],
    )
    .with_types(["Beanie", "Hat"]);
    let mut u = super::understand(message, 2);
    crate::nlu::ground(&mut u, &vocabulary, message);
    u.intent
}

#[test]
fn a_purchase_and_the_action_said_ask_for_it_whatever_else_the_model_reads() {
    let read = read_in_a_hat_shop;
    assert_eq!(
        read("chamo cancelame el gorro q pedi esta mañana, q ladilla, aqui en barquisimeto hace un calor q ni en diciembre lo voy a usar"),
        Intent::Cancel
    );
    assert_eq!(
        read("Buenas noches, caserito. Le cuento: esta mañana le compré un gorrito de lana a mi nieto, pensando que iba a venir a pasar el invierno aquí conmigo. Pero resulta que se queda en Santa Cruz a trabajar, y allá con ese calor para qué va a querer gorro, pues. Quisiera que me devuelva mi platita, si se puede."),
        Intent::Refund
    );
}

#[test]
fn an_unsure_order_reading_may_have_its_ask_first() {
    let u = super::understand(
        "CANCEL THAT HAT I ORDERED. THE WIFE SAYS THE NAVY ONE MAKES ME LOOK LIKE A MAILMAN.",
        2,
    );
    assert_eq!((u.intent, u.alternative), (Intent::Cancel, None));
}

#[test]
fn this_rounds_after_sale_shapes_are_read_as_their_action_or_their_question() {
    let read = read_in_a_hat_shop;
    // Not sending what was bought, said beside the product's name.
    assert_eq!(
        read("ayo dont send the beanie pls, my girl already copped me one"),
        Intent::Cancel
    );
    assert_eq!(
        read("Would ye stop the order for the beanie, I'll only be giving out if it lands late"),
        Intent::Cancel
    );
    // Money back in other words, beside the product bought.
    assert_eq!(
        read("Ah gorgeous. Right, that's gone way over budget so I'd rather have the few bob back for the beanie I ordered, if that's alright"),
        Intent::Refund
    );
    // A favour asked as whether it could be done, or the Singaporean way.
    assert_eq!(
        read("Parce, ¿hay alguna forma de que me reversen ese cobro del gorro? Es que ya no lo necesito"),
        Intent::Refund
    );
    assert_eq!(
        read("my son anyhow buy one beanie on my phone. can cancel or not?"),
        Intent::Cancel
    );
    // A question beside a decision asks for it; beside a hedge it only asks.
    assert_eq!(
        read("Is it still possible to cancel my beanie order? I changed my mind, sorry"),
        Intent::Cancel
    );
    assert_eq!(
        read("how do I cancel? I might cancel later"),
        Intent::CancelInfo
    );
    // A purchase told with what is wrong with it.
    assert_eq!(
        read("Fíjese que el gorro que compré para mi hijo le va a quedar grande, es talla única"),
        Intent::Refund
    );
    // Where a refund is, and how long there is to send something back, are questions.
    assert_eq!(
        read("Hiya, where's my refund? I thought I'd have it by now"),
        Intent::RefundInfo
    );
    assert_eq!(
        read("Una consulta: si el gorro llega y no le gusta, ¿cuántos días tengo para devolverlo?"),
        Intent::RefundInfo
    );
}

#[test]
fn this_rounds_second_after_sale_shapes_are_read_as_their_action_or_their_question() {
    let read = read_in_a_hat_shop;
    // How to do it is a question, texted or not.
    assert_eq!(
        read("wat do i need 2 do 2 get my money bk 4 the hat"),
        Intent::RefundInfo
    );
    assert_eq!(read("how do I cancel my order?"), Intent::CancelInfo);
    // An unsure reading of where the order is that says cancel: asked with a decision, or
    // said, it asks for it.
    assert_eq!(
        read("is it 2 l8 2 stop my order 4 the beanie? changed my mind tbh"),
        Intent::Cancel
    );
    assert_eq!(
        read("eish, my mom used my card to order a beanie on here for my little brother. she wants it cancelled now, he's got like five already"),
        Intent::Cancel
    );
    // Asked not to send it.
    assert_eq!(
        read("Hiya love. That wool hat I ordered, I want to send it back before it's even come, if you know what I mean. Can you just not post it? Saves me queuing at the post office with me knees."),
        Intent::Cancel
    );
    // The shopper's own money asked back; not of a case that may come.
    assert_eq!(
        read("Good morning dear. Can I exchange the wool hat for my money back? My granddaughter says beanies are not her style anymore. Nana"),
        Intent::Refund
    );
    assert_eq!(
        read("can I get a refund if it doesn't fit?"),
        Intent::RefundInfo
    );
    // A purchase told in learner English with the money wanted back.
    assert_eq!(
        read("Hello. I am buy the beanie hat yesterday. Please, I want return it and take back my money, my daughter is already buy the same one in Polo Park."),
        Intent::Refund
    );
    // Only what is wrong with it, read as a problem paying.
    assert_eq!(
        read("bula i bought the wool beanie for my small one for our trip to auckland but isa he hates wool he says its too itchy and he wont even try it on"),
        Intent::Refund
    );
    // A charge told beside a refund wanted in so many words.
    assert_eq!(
        read("Well ya I was charged on my card already and I never got no email with a tracking number. that's not how we do business around here. I'd like a refund on the beanie."),
        Intent::Refund
    );
    // Only what is wrong with it: itchy wool.
    assert_eq!(
        read("compre el gorro pa mi pelao y el man odia la lana dice que le pica y ni se lo quiere probar"),
        Intent::Refund
    );
}

#[test]
fn not_sending_it_asked_in_spanish_and_a_complaint_ending_in_an_order_ask_for_the_action() {
    let read = read_in_a_hat_shop;
    assert_eq!(
        read("CAGÜEN LA MAR. CUATRO DÍAS HACE QUE PAGUÉ EL GORRO Y NI HA SALIDO DEL ALMACÉN. PARA ESTO PREFIERO QUE NO ME LO MANDÉIS, ZAGAL."),
        Intent::Cancel
    );
    assert_eq!(
        read("Hola, majo. Quiero devolver el gorro antes de que me llegue, ¿me explico? ¿No podéis no mandarlo y ya está?"),
        Intent::Cancel
    );
    // What happened, not what is asked: no cancellation.
    assert_ne!(
        read("Una pregunta nada más: ¿se puede cancelar un pedido mientras todavía no lo mandan? No quiero cancelar, solamente saber."),
        Intent::Cancel
    );
    // Nor what the shopper did ("no le envié…").
    assert_ne!(
        read("Oigan, todavía no le envié el gorro a mi hermano, ¿dónde está mi pedido?"),
        Intent::Cancel
    );
    // Nor a word of another language that looks like one ("no envie for it").
    assert_ne!(
        read("I'D LIKE MY MONEY BACK ON DAT HAT I BOUGHT. I GOT NO ENVIE FOR IT NO MORE"),
        Intent::Cancel
    );
    // A complaint about where it is, then the money asked back outright.
    assert_eq!(
        read("puchica ya van 3 dias y el gorro ni ha salido q onda con uds. mejor devuelvanme el pisto x fa"),
        Intent::Refund
    );
    // An exchange for one's money is a refund.
    assert_eq!(
        read("Amika ¿me pueden cambiar el gorro por mi dinero? Ya no lo ocupo, mi suegra me regaló uno igualito"),
        Intent::Refund
    );
}

#[test]
fn the_action_asked_of_the_shop_in_the_second_person_asks_for_it() {
    let read = read_in_a_hat_shop;
    assert_eq!(
        read("esta mañana he pillao el gorro de lana pa mi zagala, el mostaza q le pega mu bien, pero me acabo de enterar q su prima le ha regalao uno igual pa su cumple. me lo cancelas antes de q salga?"),
        Intent::Cancel
    );
    assert_eq!(
        read("Mira, filliña, compreino el otro día, el gorro de lana, para o meu home. Y díxome que él gorro no se pone. Es más terco que una mula. ¿Me devolvéis el dinero?"),
        Intent::Refund
    );
    // So is the shopper's own money asked back after a story.
    assert_eq!(
        read("Bocht the mustard beanie afore I came offshore, thinkin it wis for the winter at hame. Noo the wife's telt me we're gaun tae Tenerife for Christmas instead. Nae use for a wool hat in Tenerife. Can I get ma money back?"),
        Intent::Refund
    );
    // (However it was normalised: "pueden" reads as "puede".)
    assert_eq!(
        read("hey so compre el gorro de lana pa mi abuelita en Lima pero acabo de darme cuenta q en diciembre alla es VERANO lol what was i thinking lo pueden cancelar antes q lo manden?"),
        Intent::Cancel
    );
    // Colombia's "¿me regalas…?" asks for it, and a refund is the money's "devolución".
    assert_eq!(
        read("Hola, qué pena molestarte. Compré el gorro de lana para mi mamá, que se iba para Europa en diciembre, pero ahora me dice que le cancelaron el viaje. ¿Me regalas la devolución del dinero?"),
        Intent::Refund
    );
    // When the money comes back is asked, not asked for.
    assert_ne!(
        read("MUY AMABLE. ¿Y EN CUÁNTOS DÍAS ME DEVUELVEN LA PLATA A LA TARJETA, PUES?"),
        Intent::Refund
    );
    // What would happen if the shopper acted is still a question.
    assert_eq!(
        read("si lo cancelo ahora, ¿me devuelven todo?"),
        Intent::CancelInfo
    );
    // So is whether it can be done at all.
    assert_eq!(
        read("¿Hasta cuándo se puede cancelar? ¿Ya es tarde?"),
        Intent::CancelInfo
    );
}

#[test]
fn a_question_about_cancelling_with_a_please_or_a_regret_asks_for_it() {
    for message in [
        "Hola. Ayer yo compré una gorro de lana para mi nieto. Pero hoy mi hija dice que él tiene muchos gorros ya. ¿Es posible cancelar la pedido, por favor?",
        "is it still possible to cancel my order, please?",
        "oye se puede parar el pedido del gorro? al tiro porfa, me arrepentí",
        "can I still cancel? I ordered it by mistake",
        // (A "que" that joins a statement asks nothing.)
        "Pero ya no se va, y con este calor ¿para qué quiere gorro? Así que mejor cancélenme ese pedido.",
    ] {
        assert_eq!(read_in_a_hat_shop(message), Intent::Cancel, "{message}");
    }
    // Asking to be told, or when, or only asking, is a question.
    for message in [
        "is it too late to cancel? please let me know",
        "¿hasta cuándo se puede cancelar, por favor?",
        "just asking, can I still cancel please? not cancelling now",
    ] {
        assert_eq!(read_in_a_hat_shop(message), Intent::CancelInfo, "{message}");
    }
}

#[test]
fn a_case_asked_without_a_mark_or_only_a_little_question_acts_on_nothing() {
    for message in [
        "bula if i cancel the beanie now before you send it do i get the shipping money back too or only for the hat",
        "Le quería preguntar: si uno hace un pedido y todavía no se lo han despachado, ¿uno lo puede cancelar? Es solo una preguntica, no me vaya a cancelar nada todavía.",
    ] {
        let intent = read_in_a_hat_shop(message);
        assert!(
            matches!(intent, Intent::CancelInfo | Intent::RefundInfo),
            "{message}: {intent:?}"
        );
    }
}

#[test]
fn a_wish_that_the_parcel_never_came_asks_to_cancel() {
    for message in [
        "PAID FOR A WOOL HAT FOUR DAYS AGO AND IT HASN'T EVEN LEFT YOUR WAREHOUSE. HONESTLY I'D RATHER THE PARCEL DIDN'T COME AT ALL.",
        "my daughter bought me the same hat, so I would prefer the parcel never left",
    ] {
        assert_eq!(read_in_a_hat_shop(message), Intent::Cancel, "{message}");
    }
    // How it comes is no wish that it never comes.
    assert_ne!(
        read_in_a_hat_shop("I'd rather the parcel didn't arrive late, it's a present"),
        Intent::Cancel
    );
}

#[test]
fn voiding_an_order_is_cancelling_it() {
    for message in ["can you void my order", "please void the order"] {
        assert_eq!(read_in_a_hat_shop(message), Intent::Cancel, "{message}");
    }
}

#[test]
fn a_purchase_regretted_said_not_supposed_asks_to_undo_it() {
    let read = super::in_a_beanie_shop;
    for message in [
        "I regret my purchase",
        "I regret buying the beanie",
        "me arrepentí de la compra",
        "me arrepiento de haber comprado el gorro",
    ] {
        assert_eq!(read(message), Intent::Cancel, "{message}");
    }
    for message in [
        "if I regret buying it, can I return it?",
        "cuántos días tengo para devolverlo si me arrepiento?",
    ] {
        assert_ne!(read(message), Intent::Cancel, "{message}");
    }
}

#[test]
fn pulling_out_of_a_purchase_in_other_words_is_a_cancellation() {
    for message in [
        "I'd like to back out of my purchase",
        "I want to withdraw my order",
        "me echo para atrás con la compra",
        "quiero desistir de la compra",
        "quiero echarme para atrás",
        "me quiero echar para atrás con esta compra",
        "no sigan con mi pedido",
        "ya no quiero el gorro, ¿lo pueden detener?",
    ] {
        assert!(
            matches!(
                super::in_a_beanie_shop(message),
                Intent::Cancel | Intent::CancelInfo
            ),
            "{message}"
        );
    }
    // Buying another is no cancellation.
    assert!(matches!(
        super::in_a_beanie_shop("quiero comprar otro gorro"),
        Intent::Browse | Intent::Buy
    ));
}

#[test]
fn stopping_the_shipment_or_cancelling_beside_a_charge_is_about_cancelling() {
    let vocabulary = crate::nlu::shop_vocabulary::ShopVocabulary::build(
        ["Ribbed Wool Beanie"],
        ["beanie, wool, winter"],
    )
    .with_types(["Beanie"]);
    let read = |m: &str| super::grounded(&vocabulary, m).intent;
    for message in [
        "I was charged but I want to cancel",
        "ya me cobraron pero quiero cancelar",
        "can you stop the shipment of my order?",
    ] {
        assert_eq!(read(message), Intent::Cancel, "{message}");
    }
    for message in [
        "¿puedo detener el envío?",
        "¿pueden parar el envío de mi pedido?",
    ] {
        assert!(
            matches!(read(message), Intent::Cancel | Intent::CancelInfo),
            "{message}"
        );
    }
    // Trouble paying stays trouble paying; shipping asked about stays the shop's.
    assert_eq!(
        read("I was charged twice for my order"),
        Intent::PaymentProblem
    );
    assert_ne!(read("how long does shipping take?"), Intent::CancelInfo);
}

#[test]
fn an_order_named_as_the_one_made_is_ones_own() {
    use crate::nlu::names_an_order_of_ones_own as own;
    assert!(own("how can I cancel the order I just made?"));
    assert!(own("¿cómo cancelo el pedido que acabo de hacer?"));
    assert!(own("can I cancel the order we placed this morning"));
    assert!(!own("how do I cancel an order?"));
    assert!(!own(
        "the order of the sizes is confusing, I made a mistake"
    ));
}

#[test]
fn a_contraction_is_read_in_the_lexicons_words() {
    use crate::nlu::{said_cues, Cue};
    for said in [
        "Don't ship mine, I'll get it elsewhere",
        "please don’t send it",
        "I've changed my mind, don't ship it",
    ] {
        assert!(said_cues(said).contains(&Cue::Cancel), "{said}");
    }
    assert!(said_cues("I'll take it").contains(&Cue::Buy));
    // A size is no contraction.
    assert!(!said_cues("size m please").contains(&Cue::Cancel));
}
