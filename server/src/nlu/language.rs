//! Tells English from Spanish by the words a message is made of and the marks only Spanish
//! writes. A message with no clue either way ("SC-1042") is English; the dialogue manager may
//! prefer the conversation's locale when the confidence of such a short message is low.

use crate::locale::Locale;

/// Words frequent in one language and rare in the other (folded).
#[rustfmt::skip]
const SPANISH: &[&str] = &[
    "el", "la", "los", "las", "de", "del", "que", "y", "en", "un", "una", "unos", "unas", "mi",
    "mis", "por", "para", "con", "es", "esta", "estan", "donde", "como", "cuando", "quiero",
    "necesito", "hola", "gracias", "pedido", "tienes", "tienen", "busco", "algo", "mas", "muy",
    "no", "si", "pero", "ya", "todavia", "puedo", "puedes", "hay", "al", "lo", "le", "se", "me",
    "quisiera", "favor", "cuanto", "cuesta", "talla", "barato", "barata", "otro", "otra", "buenas",
    "buenos", "dias", "ayuda", "hablar", "persona", "devolucion", "reembolso", "cancelar",
    "comprar", "ha", "he", "llegado", "llega", "paquete", "dinero", "ese", "esa", "este",
    "segundo", "segunda",
];
#[rustfmt::skip]
const ENGLISH: &[&str] = &[
    "the", "a", "an", "of", "and", "in", "to", "is", "my", "i", "you", "for", "with", "where",
    "what", "how", "when", "want", "need", "please", "order", "can", "do", "does", "it", "this",
    "that", "me", "hi", "hello", "thanks", "thank", "show", "buy", "refund", "cancel", "are",
    "have", "has", "not", "some", "any", "under", "cheap", "size", "one", "help", "would", "like",
];

/// The language of `text` (its normalised `tokens` given too).
pub fn detect(text: &str, tokens: &[String]) -> Locale {
    let mut spanish = 0i32;
    let mut english = 0i32;
    for token in tokens {
        spanish += i32::from(SPANISH.contains(&token.as_str()));
        english += i32::from(ENGLISH.contains(&token.as_str()));
    }
    // Marks only Spanish writes: inverted punctuation, ñ, accented vowels.
    let marks = text
        .chars()
        .filter(|c| matches!(c, '¿' | '¡' | 'ñ' | 'Ñ' | 'á' | 'é' | 'í' | 'ó' | 'ú'))
        .count();
    spanish += 2 * i32::try_from(marks.min(3)).unwrap_or(3);
    if spanish > english {
        Locale::Es
    } else {
        Locale::En
    }
}

/// Whether `text` is Spanish beyond doubt, enough for an English conversation to answer in
/// Spanish: a mark only Spanish writes, or more Spanish words than English ones with a long
/// one among them or two more of them. Short words such as "la" and "me" are said in English
/// too ("sound ta la", "me nan"), so they alone don't switch a conversation.
pub fn clearly_spanish(text: &str, tokens: &[String]) -> bool {
    let marks = text
        .chars()
        .any(|c| matches!(c, '¿' | '¡' | 'ñ' | 'Ñ' | 'á' | 'é' | 'í' | 'ó' | 'ú'));
    // French or Portuguese mixed into English ("ma mère vient de m'acheter une tuque… can i
    // get un refund") shares short words with Spanish but writes marks Spanish never does.
    let spanish_only = text
        .chars()
        .any(|c| matches!(c, '¿' | '¡' | 'ñ' | 'Ñ' | 'á' | 'í' | 'ó' | 'ú'));
    let other_romance = text.chars().any(|c| {
        matches!(
            c,
            'è' | 'ê' | 'ç' | 'à' | 'â' | 'î' | 'ô' | 'û' | 'ù' | 'œ' | 'ã' | 'õ' | 'ë' | 'ï'
        )
    });
    if other_romance && !spanish_only {
        return false;
    }
    let mut spanish = 0i32;
    let mut english = 0i32;
    let mut long = false;
    // (A long word as written: "k", read as "que", is no long word.)
    let written = crate::text::words(text);
    for token in tokens {
        let es = SPANISH.contains(&token.as_str());
        let en = ENGLISH.contains(&token.as_str());
        spanish += i32::from(es);
        english += i32::from(en);
        long |= es && !en && token.len() >= 3 && written.contains(token);
    }
    marks || (spanish > english && (long || spanish - english >= 2))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nlu::normalize::normalize;

    fn lang(text: &str) -> Locale {
        detect(text, &normalize(text))
    }

    #[test]
    fn spanish_questions_are_spanish() {
        assert_eq!(lang("¿Dónde está mi pedido?"), Locale::Es);
        assert_eq!(lang("quiero una sudadera azul"), Locale::Es);
        assert_eq!(lang("mi paquete no llega"), Locale::Es);
    }

    #[test]
    fn english_messages_are_english() {
        assert_eq!(lang("where is my order"), Locale::En);
        assert_eq!(lang("show me a blue hoodie under $50"), Locale::En);
    }

    #[test]
    fn english_slang_with_short_spanish_looking_words_does_not_switch() {
        let clearly = |t: &str| clearly_spanish(t, &normalize(t));
        assert!(!clearly("sound ta la"));
        assert!(!clearly("yeah go on then ta la me nan'll be made up"));
        assert!(clearly("hola"));
        assert!(clearly("busco unas zapatillas para correr"));
        assert!(clearly("donde esta mi pedido"));
        assert!(clearly("sí"));
        assert!(!clearly("k M?"));
        assert!(clearly("q talla tienes?"));
        assert!(!clearly(
            "yo ma mère vient de m'acheter une tuque pis c'est la même que la vôtre, can i get un refund"
        ));
    }

    #[test]
    fn a_message_without_clues_is_english() {
        assert_eq!(lang("SC-1042"), Locale::En);
    }
}
