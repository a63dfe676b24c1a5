//! Every string the shopper sees, in English and Spanish, and how the widget picks a language.

use leptos::prelude::*;

/// A language the widget speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Locale {
    #[default]
    En,
    Es,
}

impl Locale {
    /// Reads a language tag (`es`, `es-MX`, `en-GB`…); `None` for languages the widget lacks.
    pub fn parse(tag: &str) -> Option<Self> {
        let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "en" => Some(Self::En),
            "es" => Some(Self::Es),
            _ => None,
        }
    }

    /// The explicit choice if the widget knows it, else the browser's language, else English.
    pub fn resolve(explicit: Option<&str>) -> Self {
        explicit
            .and_then(Self::parse)
            .or_else(|| {
                let language = web_sys::window()?.navigator().language()?;
                Some(if language.to_ascii_lowercase().starts_with("es") {
                    Self::Es
                } else {
                    Self::En
                })
            })
            .unwrap_or_default()
    }

    /// The BCP 47 tag sent to the server and given to `Intl`.
    pub fn code(self) -> &'static str {
        match self {
            Self::En => "en",
            Self::Es => "es",
        }
    }

    pub fn strings(self) -> &'static Strings {
        match self {
            Self::En => &EN,
            Self::Es => &ES,
        }
    }

    /// The shopper-facing text for an error code from the server (or `network` for a failed fetch).
    pub fn error_text(self, code: &str) -> &'static str {
        let s = self.strings();
        match code {
            "empty_message" => s.error_empty_message,
            "message_too_long" => s.error_message_too_long,
            "unknown_shop" => s.error_unknown_shop,
            "conversation_not_found" | "invalid_token" => s.error_conversation_expired,
            "origin_not_allowed" => s.error_origin_not_allowed,
            "rate_limited" => s.error_rate_limited,
            "network" => s.error_network,
            _ => s.error_internal,
        }
    }
}

/// The locale provided by the app, English when none is.
pub fn use_locale() -> Locale {
    use_context::<Locale>().unwrap_or_default()
}

/// The widget's strings in one language.
pub struct Strings {
    pub close: &'static str,
    pub conversation: &'static str,
    pub you: &'static str,
    pub assistant: &'static str,
    pub shop_team: &'static str,
    pub greeting_title: &'static str,
    pub greeting: &'static str,
    pub starters: &'static [&'static str],
    pub suggestions: &'static str,
    pub message_label: &'static str,
    pub placeholder: &'static str,
    pub send: &'static str,
    pub typing: &'static str,
    pub view: &'static str,
    pub buy: &'static str,
    pub out_of_stock: &'static str,
    pub was_price: &'static str,
    pub retry: &'static str,
    pub error_empty_message: &'static str,
    pub error_message_too_long: &'static str,
    pub error_unknown_shop: &'static str,
    pub error_conversation_expired: &'static str,
    pub error_origin_not_allowed: &'static str,
    pub error_rate_limited: &'static str,
    pub error_network: &'static str,
    pub error_internal: &'static str,
}

static EN: Strings = Strings {
    close: "Close chat",
    conversation: "Conversation",
    you: "You",
    assistant: "Assistant",
    shop_team: "Shop team",
    greeting_title: "Hi there!",
    greeting:
        "I can help you find products, compare options and check prices. What are you looking for?",
    starters: &[
        "Show me hoodies",
        "Warm jacket under $80",
        "What's on sale?",
    ],
    suggestions: "Suggestions",
    message_label: "Message",
    placeholder: "Ask about products…",
    send: "Send",
    typing: "The assistant is typing…",
    view: "View",
    buy: "Buy",
    out_of_stock: "Out of stock",
    was_price: "Was",
    retry: "Retry",
    error_empty_message: "Type a message first.",
    error_message_too_long: "That message is too long. Please shorten it.",
    error_unknown_shop: "This shop's chat isn't available right now.",
    error_conversation_expired: "Your conversation expired. Please send your message again.",
    error_origin_not_allowed: "Chat isn't enabled on this website.",
    error_rate_limited: "You're sending messages too fast. Please wait a moment.",
    error_network: "Can't reach the shop assistant. Check your connection.",
    error_internal: "Something went wrong. Please try again.",
};

static ES: Strings = Strings {
    close: "Cerrar chat",
    conversation: "Conversación",
    you: "Tú",
    assistant: "Asistente",
    shop_team: "Equipo de la tienda",
    greeting_title: "¡Hola!",
    greeting: "Te ayudo a encontrar productos, comparar opciones y consultar precios. ¿Qué estás buscando?",
    starters: &["Muéstrame sudaderas", "Chaqueta abrigada por menos de 80 $", "¿Qué hay en oferta?"],
    suggestions: "Sugerencias",
    message_label: "Mensaje",
    placeholder: "Pregunta por productos…",
    send: "Enviar",
    typing: "El asistente está escribiendo…",
    view: "Ver",
    buy: "Comprar",
    out_of_stock: "Agotado",
    was_price: "Antes",
    retry: "Reintentar",
    error_empty_message: "Escribe un mensaje primero.",
    error_message_too_long: "El mensaje es demasiado largo. Acórtalo, por favor.",
    error_unknown_shop: "El chat de esta tienda no está disponible ahora.",
    error_conversation_expired: "Tu conversación caducó. Envía tu mensaje de nuevo, por favor.",
    error_origin_not_allowed: "El chat no está habilitado en este sitio web.",
    error_rate_limited: "Estás enviando mensajes demasiado rápido. Espera un momento.",
    error_network: "No se puede conectar con el asistente. Revisa tu conexión.",
    error_internal: "Algo salió mal. Inténtalo de nuevo.",
};
