//! Hand-off to a person or customer service.

use super::{assert_all, Intent};

#[test]
fn english_requests_for_a_person_are_human() {
    assert_all(
        Intent::Human,
        &[
            "I want to talk to a human",
            "can I speak to a real person?",
            "agent please",
            "connect me with customer service",
            "transfer me to an agent",
            "let me talk to someone",
            "is there a person I can chat with?",
            "human!",
            "representative",
            "I need to speak with customer support",
            "how do I contact customer service?",
            "what's your customer service phone number",
            "you're useless, get me a human",
            "this bot is not helpful, I want a person",
            "can I talk to somebody real",
            "put me through to a manager",
            "talk to an operator",
            "customer care please",
            "i wanna speak to a human being",
            "get me a live agent",
            "I'd like to chat with a representative",
            "speek to agent",
            "talk to a humna",
            "can someone from your team call me",
            "I want to talk to someone about my refund",
            "how can I reach customer service",
            "what are your customer service hours?",
            "is there a helpline?",
            "connect me to support team",
            "can I speak with a supervisor",
            "you don't understand, let me talk to a person",
            "i need to talk to someone",
            "live chat with staff please",
            "can u transfer me to someone",
            "customer service email?",
        ],
    );
}

#[test]
fn a_long_message_asking_at_its_end_whether_someone_can_help_asks_for_them() {
    assert_all(
        Intent::Human,
        &["Quick one. If we order for the whole office I'll need a proper VAT invoice made out to the company, and ideally we'd pay on account rather than by card. Is there someone in your accounts team I can speak to?"],
    );
}

#[test]
fn spanish_requests_for_a_person_are_human() {
    assert_all(
        Intent::Human,
        &[
            "quiero hablar con una persona",
            "quiero hablar con un humano",
            "pásame con un agente",
            "hablar con un agente",
            "necesito hablar con alguien",
            "¿puedo hablar con atención al cliente?",
            "atención al cliente por favor",
            "ponerme en contacto con servicio al cliente",
            "no me entiendes, quiero una persona",
            "quiero hablar con un asesor",
            "comunicarme con un operador",
            "¿hay alguien real con quien hablar?",
            "persona por favor",
            "quiero un humano",
            "necesito ayuda de una persona de verdad",
            "¿cuál es el teléfono de atención al cliente?",
            "¿cómo contacto con el servicio al cliente?",
            "hablar con soporte",
            "¿me pasas con alguien del equipo?",
            "eres inútil, quiero hablar con un humano",
            "kiero hablar con una persona",
            "habla con un agente",
            "quiero hablar con el encargado",
            "¿puedo chatear con un agente?",
            "contactar con un representante",
            "agente humano",
            "quiero que me llame alguien",
            "necesito hablar con alguien sobre mi reembolso",
            "hablar con una persona real",
            "no quiero hablar con un bot, quiero una persona",
        ],
    );
}

#[test]
fn a_person_read_without_a_word_of_one_or_of_the_shop_is_off_topic() {
    let read = super::in_a_beanie_shop;
    for message in ["necesito un abogado", "¿me puedes traducir esto al inglés?"] {
        assert_eq!(read(message), Intent::OutOfScope, "{message}");
    }
    for message in [
        "quiero hablar con una persona",
        "I want to talk to a human",
        "¿me pasas con alguien de la tienda?",
    ] {
        assert_eq!(read(message), Intent::Human, "{message}");
    }
}

#[test]
fn a_complaint_to_make_is_for_the_shops_people() {
    for message in [
        "I want to file a complaint",
        "I'd like to make a complaint about my order",
        "quiero poner una queja",
        "quiero poner una reclamación por mi pedido",
    ] {
        assert_eq!(super::in_a_beanie_shop(message), Intent::Human, "{message}");
    }
}
