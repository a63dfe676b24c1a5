//! Everyday English and Spanish words and shoppers' shorthand. The words are "known": typo
//! correction leaves them alone and run-on splitting may produce them; the shorthand table
//! rewrites contractions and chat spellings into plain words before anything else reads them.

/// Function words and common verbs/nouns of both languages (accent-folded, lower case).
/// Not a dictionary: it protects ordinary words from being "corrected" into a cue word
/// ("older" must not become "order") and gives run-on splitting ("needto") its halves.
#[rustfmt::skip]
pub const COMMON: &[&str] = &[
    // English
    "a", "about", "after", "again", "ago", "all", "already", "also", "am", "an", "and", "any",
    "anyone", "anything", "are", "as", "at", "be", "because", "been", "before", "being", "best",
    "better", "both", "but", "by", "can", "come", "coming", "could", "day", "days", "did", "do",
    "does", "doing", "done", "each", "else", "even", "ever", "every", "few", "find", "finding",
    "for", "from", "get", "getting", "give", "go", "going", "good", "got", "great", "had", "has",
    "have", "having", "he", "hello", "help", "helping", "her", "here", "him", "his", "how", "i",
    "if", "in", "info", "information", "into", "is", "it", "its", "just", "keep", "kind", "know",
    "last", "let", "like", "little", "look", "looking", "lot", "made", "make", "making", "many",
    "may", "me", "might", "mine", "more", "most", "much", "must", "my", "need", "needed", "never",
    "new", "next", "no", "not", "now", "of", "off", "old", "older", "on", "one", "ones", "only",
    "or", "other", "our", "out", "over", "own", "please", "possible", "problem", "problems",
    "question", "questions", "quick", "really", "right", "same", "see", "seeing", "several",
    "she", "should", "show", "since", "so", "some", "something", "sorry", "still", "such", "sure",
    "take", "tell", "than", "that", "the", "their", "them", "then", "there", "these", "they",
    "thing", "things", "this", "those", "through", "time", "to", "today", "too", "try", "trying",
    "us", "use", "using", "very", "want", "wanted", "was", "way", "we", "week", "weeks", "well",
    "were", "what", "when", "where", "which", "while", "who", "why", "will", "with", "without",
    "work", "would", "yes", "yet", "you", "your", "yours", "u", "ur", "ok", "okay", "hi", "hey",
    "assistance", "assist", "item", "items", "issue", "issues", "able", "again", "cannot",
    "check", "checking", "checked", "date", "number", "long", "soon", "month", "months",
    "year", "ask", "asking", "asked", "wait", "waiting", "info", "mind", "happen", "happened",
    "think", "thought", "wrong", "understand", "damn", "bloody", "fucking", "hell", "stuff",
    "someone", "anyone", "everything", "nothing", "calling", "call", "page", "site", "website",
    "store", "shop", "online", "app", "email", "mail", "phone", "hours", "hour", "available",
    "extra", "broke", "personal", "details", "detail", "data", "forgot", "forgotten", "later", "include", "included",
    // Spanish
    "a", "al", "algo", "alguien", "algun", "alguna", "alguno", "ahora", "ahi", "aqui", "asi",
    "aun", "ayuda", "ayudar", "ayudame", "bien", "bueno", "buena", "cada", "casa", "como", "con",
    "cual", "cuando", "cuanto", "de", "debo", "del", "desde", "despues", "dia", "dias", "donde",
    "el", "ella", "ellos", "en", "entre", "era", "es", "esa", "ese", "eso", "esta", "estan",
    "estar", "este", "esto", "estoy", "fue", "gracias", "haber", "hace", "hacer", "hago", "han",
    "has", "hasta", "hay", "he", "hola", "hoy", "la", "las", "le", "les", "lo", "los", "mas",
    "me", "mi", "mis", "mucho", "muy", "nada", "necesito", "ni", "no", "nos", "o", "otra",
    "otro", "para", "pero", "poco", "poder", "por", "porque", "puede", "puedo", "pues", "que",
    "quiero", "quisiera", "se", "semana", "ser", "si", "sin", "sobre", "solo", "son", "su",
    "sus", "tambien", "tan", "te", "tener", "tengo", "ti", "tiene", "todo", "todos", "tu", "tus",
    "un", "una", "uno", "unos", "unas", "usted", "ustedes", "va", "vez", "y", "ya", "yo",
    "favor", "saber", "quiere", "podria", "podrias", "puedes", "ver", "dime", "decir", "todavia",
];

/// Whole words behind the lexicon's stems (`cancel*`, `reembols*`): typo correction aims at
/// real words, never at a bare stem like "anul" that ordinary words sit one letter from.
#[rustfmt::skip]
pub const STEM_WORDS: &[&str] = &[
    "cancel", "cancelled", "canceled", "cancelling", "canceling", "cancellation", "refund",
    "refunds", "refunded", "reimburse", "reimbursement", "return", "returned", "returning",
    "returns", "track", "tracking", "tracked", "delivery", "delivered", "deliver", "arrive",
    "arrived", "arriving", "receive", "received", "human", "humans", "agent", "agents",
    "representative", "operator", "talk", "talking", "speak", "speaking", "chat", "chatting",
    "contact", "contacting", "transfer", "connect", "buying", "change", "changed", "changing",
    "modify", "remove", "exchange", "replace", "correct", "address", "account", "password",
    "register", "registration", "invoice", "invoices", "receipt", "payment", "payments",
    "newsletter", "subscription", "subscribe", "unsubscribe", "review", "complaint", "complain",
    "recommend", "suggest", "search", "material", "washing", "available", "availability",
    "compensation", "reembolso", "reembolsar", "devolucion", "devolver", "rastrear", "cancelar",
    "cancelado", "cancelacion", "anular", "llegar", "llegado", "llega", "entregado", "entrega",
    "politica", "comprar", "hablar", "contactar", "comunicar", "modificar", "cambiar",
    "humano", "agente", "operador", "asesor", "registro", "factura", "suscripcion", "queja",
    "recomendar", "buscar", "disponible", "agotado", "lavar", "whereabouts",
];

/// Contractions, chat spellings and run-together forms, rewritten to plain words.
/// Apostrophes are already folded to `'`; forms without one are listed because shoppers drop them.
#[rustfmt::skip]
pub const SHORTHAND: &[(&str, &str)] = &[
    ("wanna", "want to"), ("gonna", "going to"), ("gotta", "have to"), ("gimme", "give me"),
    ("lemme", "let me"), ("dunno", "do not know"), ("kinda", "kind of"), ("wheres", "where is"),
    ("whats", "what is"), ("hows", "how is"), ("whos", "who is"), ("thats", "that is"),
    ("theres", "there is"), ("dont", "do not"), ("doesnt", "does not"), ("didnt", "did not"),
    ("cant", "can not"), ("wont", "will not"), ("isnt", "is not"), ("arent", "are not"),
    ("hasnt", "has not"), ("havent", "have not"), ("hadnt", "had not"), ("wasnt", "was not"),
    ("couldnt", "could not"), ("wouldnt", "would not"), ("shouldnt", "should not"),
    ("im", "i am"), ("ive", "i have"), ("youre", "you are"), ("u", "you"), ("ur", "your"),
    ("r", "are"), ("pls", "please"), ("plz", "please"), ("plox", "please"), ("thx", "thanks"),
    ("thanx", "thanks"), ("tnx", "thanks"), ("ty", "thank you"), ("cuz", "because"),
    ("coz", "because"), ("bc", "because"), ("asap", "soon"), ("whereis", "where is"),
    ("uare", "you are"), ("ca", "can"), ("wan", "want"), ("abt", "about"), ("w", "with"),
    ("ppl", "people"), ("rn", "now"), ("info", "information"),
    // Spanish chat spellings
    ("q", "que"), ("k", "que"), ("ke", "que"), ("xq", "porque"), ("pq", "porque"),
    ("porq", "porque"), ("tb", "tambien"), ("tmb", "tambien"), ("pa", "para"), ("dnd", "donde"),
    ("xfa", "por favor"), ("porfa", "por favor"), ("porfi", "por favor"), ("xfavor", "por favor"),
    ("toy", "estoy"), ("xa", "para"), ("d", "de"),
];

/// English contraction endings after an apostrophe ("where's" → "where is"); a possessive
/// `'s` on a noun ("mom's") is dropped, since "is" would be wrong there.
pub fn expand_clitic(base: &str, ending: &str) -> Option<Vec<String>> {
    const IS_BASES: &[&str] = &[
        "where", "what", "how", "who", "it", "that", "there", "here", "he", "she",
    ];
    let own = |words: &[&str]| Some(words.iter().map(|w| (*w).to_owned()).collect());
    match ending {
        "t" if base.ends_with('n') => {
            let stem = match base {
                "won" => "will",
                "can" | "ca" => "can",
                "ain" => "is",
                _ => base.strip_suffix('n').unwrap_or(base),
            };
            own(&[stem, "not"])
        }
        "s" if base == "let" => own(&["let", "us"]),
        "s" if IS_BASES.contains(&base) => own(&[base, "is"]),
        "s" => own(&[base]),
        "m" => own(&[base, "am"]),
        "re" => own(&[base, "are"]),
        "ve" => own(&[base, "have"]),
        "d" => own(&[base, "would"]),
        "ll" => own(&[base, "will"]),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negative_contractions_split_into_verb_and_not() {
        assert_eq!(
            expand_clitic("don", "t"),
            Some(vec!["do".to_owned(), "not".to_owned()])
        );
        assert_eq!(
            expand_clitic("won", "t"),
            Some(vec!["will".to_owned(), "not".to_owned()])
        );
        assert_eq!(
            expand_clitic("can", "t"),
            Some(vec!["can".to_owned(), "not".to_owned()])
        );
    }

    #[test]
    fn where_s_becomes_where_is() {
        assert_eq!(
            expand_clitic("where", "s"),
            Some(vec!["where".to_owned(), "is".to_owned()])
        );
    }

    #[test]
    fn a_possessive_s_is_dropped() {
        assert_eq!(expand_clitic("mom", "s"), Some(vec!["mom".to_owned()]));
    }

    #[test]
    fn shorthand_keys_are_unique() {
        let mut keys: Vec<&str> = SHORTHAND.iter().map(|(k, _)| *k).collect();
        keys.sort_unstable();
        let before = keys.len();
        keys.dedup();
        assert_eq!(before, keys.len());
    }
}
