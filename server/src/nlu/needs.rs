//! Needs said in the shopper's words ("my ears freeze on the walk to work", "me roban en el
//! metro"): the words catalogs describe or name the products that answer them with, from the
//! needs vocabulary (`data/lexicon/retail-needs.tsv`), for a message that names no kind.

use std::sync::OnceLock;

use super::bilingual::key;

const NEEDS: &str = include_str!("../../data/lexicon/retail-needs.tsv");

/// How far apart a need's words may be said, in words ("le duelen los pies", "el sol me está
/// friendo los ojos").
const REACH: usize = 5;

/// (the need's words, the words that answer it)
fn needs() -> &'static [(Vec<String>, Vec<&'static str>)] {
    static LOADED: OnceLock<Vec<(Vec<String>, Vec<&'static str>)>> = OnceLock::new();
    LOADED.get_or_init(|| {
        NEEDS
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .filter_map(|line| {
                let mut parts = line.split('\t');
                let need: Vec<String> = key(parts.next()?).split(' ').map(str::to_owned).collect();
                let answers: Vec<&'static str> = parts.filter(|p| !p.is_empty()).collect();
                (!need.is_empty() && !answers.is_empty()).then_some((need, answers))
            })
            .collect()
    })
}

/// Parts of the body the cold bites, and what is worn to keep each warm.
const BODY: &[(&[&str], &[&str])] = &[
    (
        &["ear", "ears", "oreja", "orejas"],
        &["beanie", "earmuff", "warm"],
    ),
    (
        &[
            "finger",
            "fingers",
            "fingertips",
            "hand",
            "hands",
            "dedo",
            "dedos",
            "mano",
            "manos",
        ],
        &["glove", "warm"],
    ),
    (&["neck", "collar", "cuello"], &["scarf", "warm"]),
    (&["head", "cabeza"], &["beanie", "hat", "warm"]),
    (
        &["toe", "toes", "feet", "foot", "pie", "pies"],
        &["sock", "warm"],
    ),
];

/// Words that say it is cold, in either language.
#[rustfmt::skip]
const COLD: &[&str] = &[
    "cold", "freezing", "frozen", "freeze", "froze", "numb", "chilly", "icy", "frostbite",
    "windchill", "wind", "winter", "snow", "below", "minus", "frio", "fria", "helado", "helada",
    "helados", "heladas", "congelado", "congelada", "congelados", "congeladas", "congelo",
    "entumido", "entumidos", "nieve", "invierno", "viento", "bajo",
];

/// The words that answer the needs the message says, most telling first, without repeats.
/// A part of the body said anywhere in a message about the cold ("-5 out, my ears are in
/// pain by the time I get there", "my fingers go numb texting at the bus stop") is a need
/// of its own: what is worn there, after the needs said as phrases.
pub fn answering(message: &str) -> Vec<&'static str> {
    let said: Vec<String> = key(message).split(' ').map(str::to_owned).collect();
    let mut out: Vec<&'static str> = Vec::new();
    for (need, answers) in needs() {
        if says(&said, need) {
            for a in answers {
                if !out.contains(a) {
                    out.push(a);
                }
            }
        }
    }
    let below_zero = message
        .as_bytes()
        .windows(2)
        .any(|w| w[0] == b'-' && w[1].is_ascii_digit());
    if below_zero || said.iter().any(|w| COLD.contains(&w.as_str())) {
        for (parts, answers) in BODY {
            if said.iter().any(|w| parts.contains(&w.as_str())) {
                for a in *answers {
                    if !out.contains(a) {
                        out.push(a);
                    }
                }
            }
        }
    }
    out
}

/// Whether a word said is `word`, or a Spanish diminutive of it ("tecito" of "te",
/// "calientito" of "caliente", "friito" of "frio").
fn is_said(said: &str, word: &str) -> bool {
    if said == word {
        return true;
    }
    const ENDINGS: &[(&str, &[&str])] = &[
        ("cito", &["", "e", "o"]),
        ("cita", &["", "e", "a"]),
        ("ito", &["o", "e", "a", ""]),
        ("ita", &["a", "e", "o", ""]),
    ];
    ENDINGS.iter().any(|(suffix, ends)| {
        said.strip_suffix(suffix)
            .filter(|base| base.len() >= 2 && word.starts_with(*base))
            .is_some_and(|base| ends.iter().any(|end| format!("{base}{end}") == word))
    })
}

/// Whether the words of `need` are said in order, each within `REACH` of the one before.
fn says(said: &[String], need: &[String]) -> bool {
    (0..said.len()).any(|start| {
        if !is_said(&said[start], &need[0]) {
            return false;
        }
        let mut at = start;
        need[1..].iter().all(|w| {
            match (at + 1..(at + 1 + REACH).min(said.len())).find(|&i| is_said(&said[i], w)) {
                Some(i) => {
                    at = i;
                    true
                }
                None => false,
            }
        })
    })
}

#[cfg(test)]
mod tests {
    use super::answering;

    #[test]
    fn a_need_said_in_either_language_leads_to_the_words_that_answer_it() {
        assert_eq!(answering("my ears freeze on the walk to work")[0], "warm");
        // A room that smells wants a scent; a shoe that smells, a deodoriser first.
        assert!(answering("the salon smells like bleach by lunchtime").contains(&"candle"));
        assert!(answering("quiero que la casa tenga un olorcito rico").contains(&"scent"));
        assert_eq!(answering("my smelly shoe")[0], "deodorizer");
        assert!(answering("siempre me roban en el metro").contains(&"anti-theft"));
        assert!(answering("llega a casa y le duelen los pies").contains(&"cushioned"));
        assert!(answering("el sol me esta friendo los ojos").contains(&"sunglasses"));
        assert!(answering("I can't sleep on long flights").contains(&"eye mask"));
        assert!(answering("my ears go numb on the walk to work").contains(&"beanie"));
        assert!(answering("he complains that his hands are frozen").contains(&"glove"));
        assert!(answering("se le quedan las manos heladas").contains(&"glove"));
        assert!(answering("somethin to keep my page").contains(&"bookmark"));
        assert!(answering("quiero que la cafetera se prenda sola").contains(&"smart plug"));
        assert!(answering("el sol del mercado ya me arde la cara").contains(&"hat"));
        // Something for a part of the body: what is worn there.
        assert!(answering("damme pasando algo pa la cabeza y el cuello").contains(&"hat"));
        assert!(answering("algo para el cuello que sea calentito").contains(&"scarf"));
        assert!(answering("y luego algo para las orejas").contains(&"earmuff"));
        assert!(answering("something for my hands on the bike").contains(&"glove"));
        assert!(answering("los ojos me lloran de tanta luz").contains(&"sunglasses"));
        assert!(answering("something warm for her shoulders in the evenings").contains(&"throw"));
        assert!(answering("algo para los hombros mientras teje").contains(&"shawl"));
        assert!(answering("she has lost her hair and is cold all the time").contains(&"beanie"));
        assert!(answering("no tenés algo para los pies? los tiene helados").contains(&"sock"));
        assert!(answering("something cosy for the bed").contains(&"throw"));
        assert!(answering("algo pa el frio pa mi q en zamora en enero hiela").contains(&"warm"));
        // Light to work or read by: a lamp.
        assert!(answering("algo para alumbrar bien el escritorio").contains(&"lamp"));
        assert!(answering("la luz del techo ya me cansa la vista").contains(&"lamp"));
        assert!(answering("a blue hoodie").is_empty());
        // A part of the body anywhere in a message about the cold.
        assert!(
            answering("its like -5 out, my ears are actually in pain by the time i get there")
                .contains(&"beanie")
        );
        assert!(
            answering("my fingers literally go numb texting at the bus stop").contains(&"glove")
        );
        assert!(answering("in winter the wind goes straight down my collar").contains(&"scarf"));
        assert!(!answering("my fingers are sticky").contains(&"glove"));
        // In diminutives too.
        assert!(
            answering("algo para llevar mi tecito calientito todo el día").contains(&"insulated")
        );
        assert!(answering("I need my coffee to stay hot").contains(&"insulated"));
    }
}
