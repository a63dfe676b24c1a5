//! Buying: buy verbs, checkout, placing an order.

use super::{assert_all, Intent};

#[test]
fn english_purchases_are_buy() {
    assert_all(
        Intent::Buy,
        &[
            "I want to buy this",
            "buy it",
            "I'll take it",
            "add to cart",
            "add the second one to my cart",
            "checkout please",
            "I want to check out",
            "how do I place an order?",
            "I'd like to order the blue hoodie",
            "can I order online?",
            "i wanna buy the black jacket",
            "let me buy that one",
            "purchase",
            "I want to purchase the merino sweater",
            "how can I buy something here",
            "I need to make an order",
            "i want to make a purchase",
            "buy the first one",
            "I'd like to buy two mugs",
            "can I pay for this now",
            "take my money, I want it",
            "buy now",
            "i want to by this hoodie",
            "proceed to checkout",
            "how do I order",
            "I want to order",
            "order the hiking boots for me",
            "i'd like to get one",
            "put it in my cart",
            "I'm ready to buy",
            "buying the cap",
            "where do I buy this?",
            "can I purchase it in size M?",
            "i will take the second one",
            "help me buy a gift card",
        ],
    );
}

#[test]
fn spanish_purchases_are_buy() {
    assert_all(
        Intent::Buy,
        &[
            "quiero comprar esto",
            "lo quiero comprar",
            "me lo llevo",
            "me la llevo",
            "comprar",
            "añadir al carrito",
            "añade la segunda al carrito",
            "quiero pagar",
            "¿cómo hago un pedido?",
            "quiero hacer un pedido",
            "quiero comprar la sudadera azul",
            "comprar la primera",
            "¿puedo comprarlo en talla M?",
            "quisiera comprar dos tazas",
            "quiero pedir la chaqueta negra",
            "compro la mochila",
            "quiero comprarla ya",
            "¿dónde compro esto?",
            "realizar un pedido",
            "quiero conprar esta",
            "quiero comprar unas zapatillas para correr",
            "voy a comprar el gorro",
            "comprar ahora",
            "ir a pagar",
            "¿cómo puedo comprar?",
            "quiero hacer una compra",
            "añádelo a la cesta",
            "lo compro",
            "compraré la segunda",
            "quiero encargar la lámpara",
        ],
    );
}

#[test]
fn one_of_several_picked_with_a_word_of_taking_it_is_bought() {
    let vocabulary = crate::nlu::shop_vocabulary::ShopVocabulary::build(
        ["Enamel Camp Mug", "Speckled Stoneware Mug"],
        ["mug, enamel, camping", "mug, stoneware"],
    )
    .with_types(["Mug", "Mug"]);
    let read = |message: &str| {
        let mut u = super::understand(message, 2);
        crate::nlu::ground(&mut u, &vocabulary, message);
        u.intent
    };
    for message in ["dame la de esmalte", "give me the enamel one"] {
        assert_eq!(read(message), Intent::Buy, "{message}");
    }
}
