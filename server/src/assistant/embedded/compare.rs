//! A question that compares products on screen ("Which is warmer, the puffer or the parka?",
//! "¿cuál abriga más?", "what's the difference between the merino and the cable knit?"):
//! answered with what each one's description says about it, never a verdict the catalog
//! doesn't give.

use crate::catalog::search;
use crate::error::ApiError;
use crate::locale::Locale;
use crate::money::money_label;
use shopchat_protocol::ProductCard;

use super::dialogue::DialogueState;
use super::tools::ToolContext;
use super::EmbeddedReply;

/// Words that ask to compare.
const COMPARING: &[&str] = &[
    "which",
    "cual",
    "cuales",
    "difference",
    "differences",
    "diferencia",
    "diferencias",
    "vs",
    "versus",
    "compare",
    "compared",
    "comparing",
    "comparar",
    "compara",
    "comparado",
];

/// Whether the message has a word that asks to compare ("which", "cuál", "difference", "vs").
pub(super) fn asks_to_compare(message: &str) -> bool {
    crate::text::words(message)
        .iter()
        .any(|w| COMPARING.contains(&w.as_str()))
}

/// Words of a title that name no one product.
const GENERIC_TITLE_WORDS: &[&str] = &["women", "womens", "mens", "with", "kids", "pack"];

/// Positions said in words ("the first or the second?", "¿la primera o la segunda?").
const POSITIONS: &[(&[&str], usize)] = &[
    (&["first", "primera", "primero", "1st"], 0),
    (&["second", "segunda", "segundo", "2nd"], 1),
    (&["third", "tercera", "tercero", "3rd"], 2),
];

/// The products on screen a question compares, in the order shown: the two or more it names
/// by a word of their titles or by position, or, when it names none, all of them when there
/// are two or three. A product shown earlier in the search, named by its title, is compared
/// too ("the puffer or the parka?" after the puffer's details). `None` when the message
/// compares nothing shown. `titles` holds those of the products shown and seen.
pub(super) fn compared(
    dialogue: &DialogueState,
    titles: &[(i64, String)],
    message: &str,
) -> Option<Vec<i64>> {
    if !asks_to_compare(message) || dialogue.shown.is_empty() {
        return None;
    }
    let named = named(dialogue, titles, message);
    match named.len() {
        0 if (2..=3).contains(&dialogue.shown.len()) => Some(dialogue.shown.clone()),
        n if n >= 2 => Some(named),
        _ => None,
    }
}

/// Whether a word of a title (folded) names its product: not a generic word nor a short one.
pub(super) fn names_it(word: &str) -> bool {
    word.len() >= 4 && !GENERIC_TITLE_WORDS.contains(&word)
}

/// The products shown (or seen before in the search) the message names, by position, by the
/// price shown or by a word of their titles.
pub(super) fn named(dialogue: &DialogueState, titles: &[(i64, String)], message: &str) -> Vec<i64> {
    let words = crate::text::words(message);
    let said = |w: &str| {
        words
            .iter()
            .any(|x| crate::text::singular(x) == crate::text::singular(w))
    };
    let by_position = |at: usize| {
        POSITIONS
            .iter()
            .any(|(names, position)| *position == at && names.iter().any(|n| said(n)))
    };
    // ("The 64 one vs the 74 one": by the price shown, in whole units.)
    let by_price = |at: usize| {
        dialogue.shown_prices.get(at).is_some_and(|minor| {
            words
                .iter()
                .any(|w| w.parse::<i64>().is_ok_and(|n| n > 0 && n == minor / 100))
        })
    };
    let by_title = |id: i64| {
        titles.iter().any(|(t, title)| {
            *t == id
                && crate::text::words(title)
                    .iter()
                    .any(|w| names_it(w) && said(w))
        })
    };
    let mut named: Vec<i64> = dialogue
        .shown
        .iter()
        .enumerate()
        .filter(|(at, id)| by_position(*at) || by_price(*at) || by_title(**id))
        .map(|(_, id)| *id)
        .collect();
    // (One named on screen: another named by its title among those seen before.)
    if named.len() == 1 {
        named.extend(
            dialogue
                .seen
                .iter()
                .filter(|id| !dialogue.shown.contains(id) && by_title(**id)),
        );
    }
    named
}

/// What the description says about the question (its sentences that say the most about it,
/// as a question about one product is answered), else its first sentence.
fn sentences_for(description: &str, question: &str, title: &str) -> String {
    match super::answers::said_about(title, description, question) {
        Some(found) => found.join(" "),
        None => super::answers::sentences(description)
            .next()
            .unwrap_or_default()
            .to_owned(),
    }
}

/// Each of `ids` that can be sold, with a line of its price and what its description says
/// about the question (only those whose descriptions say it when `only_saying`), and its card;
/// and how many of them could be read.
async fn said_of_each(
    ctx: &ToolContext<'_>,
    ids: &[i64],
    message: &str,
    only_saying: bool,
) -> Result<(Vec<String>, Vec<ProductCard>, usize), ApiError> {
    let mut lines = Vec::new();
    let mut cards = Vec::new();
    let mut read = 0;
    for id in ids {
        let Some(row) = search::sellable_product(&ctx.deps.db, ctx.shop.id, *id).await? else {
            continue;
        };
        read += 1;
        let said = if only_saying {
            match super::answers::said_about(&row.title, &row.body_text, message) {
                Some(found) => found.join(" "),
                None => continue,
            }
        } else {
            sentences_for(&row.body_text, message, &row.title)
        };
        let price = money_label(row.price_minor, ctx.shop.currency());
        lines.push(format!("• {} ({price}): {said}", row.title));
        cards.push(search::card(&ctx.deps.links, ctx.shop, &row, None));
    }
    Ok((lines, cards, read))
}

/// Answers the comparison of `ids` with each one's price and what its description says.
pub(super) async fn compare(
    ctx: &ToolContext<'_>,
    reply: &mut EmbeddedReply,
    ids: &[i64],
    message: &str,
) -> Result<bool, ApiError> {
    let (lines, cards, _) = said_of_each(ctx, ids, message, false).await?;
    if cards.len() < 2 {
        return Ok(false);
    }
    let lead = match ctx.locale {
        Locale::Es => "Esto dice la tienda de cada uno:",
        Locale::En => "Here's what the shop says about each:",
    };
    reply.text = format!("{lead}\n{}", lines.join("\n"));
    reply.tools.push("get_product");
    reply.products = cards;
    Ok(true)
}

/// Whether the message asks which of several shown say something ("do any of them have a
/// hood?", "¿alguna tiene capucha?"), not about one.
pub(super) fn asks_of_any(message: &str) -> bool {
    let words = crate::text::words(message);
    words.windows(3).any(|w| {
        w[0] == "any" && w[1] == "of" && matches!(w[2].as_str(), "them" | "these" | "those")
    }) || words
        .windows(2)
        .any(|w| matches!(w[0].as_str(), "do" | "does") && matches!(w[1].as_str(), "any"))
        || words
            .iter()
            .any(|w| matches!(w.as_str(), "alguna" | "alguno" | "algunas" | "algunos"))
}

/// Whether the message asks what they have ("do any of them have…", "¿alguna tiene…?",
/// "¿alguno trae…?").
pub(super) fn asks_what_they_have(message: &str) -> bool {
    crate::text::words(message).iter().any(|w| {
        matches!(
            w.as_str(),
            "have" | "has" | "tiene" | "tienen" | "trae" | "traen" | "lleva" | "llevan"
        )
    })
}

/// "Which one has a hood?" of several on screen: those whose descriptions say what is asked,
/// each with what it says, or that none says it. `false` when no product could be read.
pub(super) async fn which_say(
    ctx: &ToolContext<'_>,
    reply: &mut EmbeddedReply,
    ids: &[i64],
    message: &str,
) -> Result<bool, ApiError> {
    let (lines, cards, read) = said_of_each(ctx, ids, message, true).await?;
    if read < 2 {
        return Ok(false);
    }
    reply.text = match (ctx.locale, lines.is_empty()) {
        (Locale::En, true) => "None of these say that in the shop's description.".to_owned(),
        (Locale::Es, true) => "Ninguno de estos lo dice en la descripción de la tienda.".to_owned(),
        (Locale::En, false) => format!("Of these, the shop says so of:\n{}", lines.join("\n")),
        (Locale::Es, false) => format!("De estos, la tienda lo dice de:\n{}", lines.join("\n")),
    };
    reply.tools.push("get_product");
    reply.products = cards;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(ids: &[i64]) -> DialogueState {
        let mut dialogue = DialogueState::default();
        dialogue.show(
            &ids.iter()
                .map(|id| (*id, 6400 + 1000 * id))
                .collect::<Vec<_>>(),
        );
        dialogue
    }

    fn titles() -> Vec<(i64, String)> {
        vec![
            (1, "Women's Featherlight Puffer".to_owned()),
            (2, "Summit Down Parka".to_owned()),
            (3, "Ridge Fleece Jacket".to_owned()),
        ]
    }

    #[test]
    fn the_products_a_comparison_names_are_compared() {
        let dialogue = shown(&[3, 1, 2]);
        let read = |m: &str| compared(&dialogue, &titles(), m);
        assert_eq!(
            read("Which is warmer, the puffer or the parka?"),
            Some(vec![1, 2])
        );
        assert_eq!(
            read("¿la primera o la segunda pa la lluvia? cuál?"),
            Some(vec![3, 1])
        );
        assert_eq!(
            read("the 74 one vs the 84 one which is warmer??"),
            Some(vec![1, 2])
        );
        // Naming none of three: all of them.
        assert_eq!(read("¿cuál abriga más?"), Some(vec![3, 1, 2]));
        // One named is a question about it, not a comparison.
        assert_eq!(read("which sizes does the parka come in?"), None);
        // No word of comparing.
        assert_eq!(read("is the puffer warm?"), None);
    }

    #[test]
    fn each_is_described_by_the_sentences_about_the_question() {
        let description = "Slim-fit puffer with 650-fill down. Light enough to pack into a bag, \
                           warm enough for crisp winter days.";
        assert_eq!(
            sentences_for(
                description,
                "which is warmer?",
                "Women's Featherlight Puffer"
            ),
            "Light enough to pack into a bag, warm enough for crisp winter days."
        );
        // Nothing about the question: the first sentence.
        assert_eq!(
            sentences_for(
                description,
                "which one for Auckland?",
                "Women's Featherlight Puffer"
            ),
            "Slim-fit puffer with 650-fill down."
        );
    }
}
