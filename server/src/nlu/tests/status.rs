//! Order status: where is it, when does it arrive, tracking, lateness.

use super::{assert_all, Intent};

#[test]
fn english_order_status_questions_are_order_status() {
    assert_all(
        Intent::OrderStatus,
        &[
            "where is my order?",
            "Where's my package",
            "wheres my stuff, order SC-1042",
            "has my order shipped yet?",
            "when will my order arrive",
            "when is my parcel coming",
            "can you track my order please",
            "tracking info for order #1042",
            "what's the status of my order",
            "order status",
            "my package hasn't arrived yet",
            "I ordered a hoodie last week and it still hasn't arrived",
            "my order is late",
            "it's been two weeks and my order never came",
            "is my order on its way?",
            "did my order ship?",
            "I'm still waiting for my order",
            "any update on my order?",
            "where the hell is my package",
            "trak my ordr",
            "wheres my oder",
            "status of SC-2044 please",
            "check the status of my last order",
            "I want to know where my parcel is",
            "my shipment is delayed, what's going on",
            "when does my package get here",
            "I haven't received my order",
            "never received my package",
            "has the jacket I bought been shipped?",
            "can u tell me where my order is",
            "i need the eta of my order",
            "is my order delivered?",
            "my order 1042 hasn't shown up",
            "order #5521 where is it",
            "hey, any news on my order?",
        ],
    );
}

#[test]
fn spanish_order_status_questions_are_order_status() {
    assert_all(
        Intent::OrderStatus,
        &[
            "¿Dónde está mi pedido?",
            "donde esta mi pedido",
            "mi paquete no llega",
            "mi pedido no ha llegado todavía",
            "¿cuándo llega mi pedido?",
            "¿cuándo me llega el paquete?",
            "quiero saber el estado de mi pedido",
            "estado del pedido SC-1042",
            "¿me podéis decir dónde está mi paquete?",
            "seguimiento de mi pedido por favor",
            "quiero rastrear mi pedido",
            "¿ya enviaron mi pedido?",
            "hice un pedido hace una semana y no ha llegado",
            "no he recibido mi pedido",
            "sigo esperando mi paquete",
            "mi pedido va con retraso",
            "¿mi pedido está en camino?",
            "donde anda mi pedido 1042",
            "pedido número 1042, ¿dónde está?",
            "¿en qué estado está mi compra?",
            "compré unas zapatillas y no me han llegado",
            "dnd esta mi pedidoo",
            "quiero saber cuando llega lo que compre",
            "¿se ha enviado ya mi pedido?",
            "¿me ha llegado el pedido? no lo veo",
            "mi paquete está perdido",
            "hola, ¿dónde está mi pedido SC-3001?",
            "¿cuándo van a entregar mi pedido?",
            "necesito el seguimiento del paquete",
            "mi pedido sigue sin llegar",
        ],
    );
}

#[test]
fn an_unsure_product_reading_asking_whether_a_purchase_shipped_is_about_the_order() {
    let read = super::in_a_beanie_shop;
    assert_eq!(
        read("Hi. I order beanie this morning for my son. It ship already or not yet?"),
        Intent::OrderStatus
    );
    // Or whether the shop has sent it already: only what was bought is sent.
    assert_eq!(
        read("BUENAS. ¿ME HACE EL FAVOR Y ME DICE SI YA DESPACHARON EL GORRO? ES PARA EL PÁRAMO."),
        Intent::OrderStatus
    );
    // Or "my" product, in the shopper's word for it.
    assert_eq!(
        read("bo, ¿ya salió mi gorro? me voy pa Tacuarembó el viernes a la Patria Gaucha"),
        Intent::OrderStatus
    );
    // Or asked of the shop in so many words, however the purchase was told.
    for message in [
        "last week mi baim the wool beanie for my sista, very cold up there. olsem wanem, did you send it already?",
        "hey did u send the beanie i bought? its for my mum, her ears get so cold in the morning",
        "Dear, I ordered one of your wool hats, the mustard one. It's some cold walking home. Did it go out in the mail yet? Peggy",
        "uncle buy the wool cap already... july very cold there... already send out or not yet ah?",
        "Last week I buy the wool beanie for my daughter, she is freezing. Is it sent already? When it arrive to her?",
    ] {
        assert_eq!(read(message), Intent::OrderStatus, "{message}");
    }
    // Not a wish to buy asking about delivery.
    assert_ne!(
        read("I want to buy a beanie, when would it arrive?"),
        Intent::OrderStatus
    );
    assert_ne!(
        read("I want to buy a beanie, can you send it to my mum?"),
        Intent::OrderStatus
    );
}

#[test]
fn no_email_about_an_order_asks_after_it() {
    for message in [
        "I haven't received any email about my order",
        "I never got a confirmation email",
    ] {
        assert_eq!(
            super::in_a_beanie_shop(message),
            Intent::OrderStatus,
            "{message}"
        );
    }
}

#[test]
fn it_sent_or_arriving_asked_briefly_is_where_the_order_is() {
    for message in [
        "did you send it already?",
        "how long until it gets here?",
        "¿ya lo mandaron?",
        "¿cuánto falta para que llegue?",
    ] {
        assert_eq!(
            super::in_a_beanie_shop(message),
            Intent::OrderStatus,
            "{message}"
        );
    }
    // Thanks for what came, and the shop's shipping, are not.
    assert_ne!(
        super::in_a_beanie_shop("thanks, it arrived!"),
        Intent::OrderStatus
    );
    assert_ne!(
        super::in_a_beanie_shop("do you ship to Canada?"),
        Intent::OrderStatus
    );
}

#[test]
fn help_with_an_order_asks_for_the_order_not_an_action() {
    for message in [
        "I need help with an order",
        "I have a problem with my order",
        "necesito ayuda con un pedido",
        "tengo un problema con mi pedido",
    ] {
        assert_eq!(
            super::in_a_beanie_shop(message),
            Intent::OrderStatus,
            "{message}"
        );
    }
    // A person asked for by name stays a person.
    assert_eq!(
        super::in_a_beanie_shop("I need help with an order, I want to talk to a person"),
        Intent::Human
    );
}
#[test]
fn scratch_tokens() {
    eprintln!(
        "{:?}",
        crate::nlu::normalize::normalize("a jacket that is not waterproof")
    );
    eprintln!(
        "{:?}",
        crate::nlu::normalize::normalize(
            "can't sleep, want something warm to drink before bed that won't keep me up"
        )
    );
}
