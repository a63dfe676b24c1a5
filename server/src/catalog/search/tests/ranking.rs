//! Ranking and language handling: field weights, stemming, accent folding, word splitting
//! and typo tolerance.

use super::*;

#[test]
fn title_and_type_matches_rank_above_description_matches() {
    let index = english(&apparel());

    let found = find(&index, "hoodie");

    assert_eq!(found.len(), 3, "{found:?}");
    assert!(
        found[..2].contains(&1) && found[..2].contains(&2),
        "hoodies first: {found:?}"
    );
    assert_eq!(
        found[2], 7,
        "the mug only mentions a hoodie in its description"
    );
}

#[test]
fn products_matching_more_of_the_words_come_first() {
    let index = english(&apparel());

    let found = find(&index, "warm jacket");

    assert_eq!(
        found.first(),
        Some(&4),
        "the warm puffer jacket matches both words: {found:?}"
    );
    assert!(
        found.contains(&3) && found.contains(&1),
        "single-word matches follow: {found:?}"
    );
}

#[test]
fn spanish_stemming_on_a_spanish_catalog_matches_singular_and_plural() {
    let catalog = [
        product(
            1,
            "Zapatillas de running Ligeras",
            "Calzado",
            "correr",
            "Para entrenar cada día.",
            &[(7900, &["42"], true)],
        ),
        product(
            2,
            "Camiseta técnica",
            "Camisetas",
            "correr",
            "Tejido transpirable.",
            &[(1900, &["M"], true)],
        ),
    ];
    let index = index(CatalogLanguage::Spanish, &catalog);

    assert_eq!(find(&index, "zapatilla"), [1]);
    assert_eq!(find(&index, "zapatillas ligera"), [1]);
    assert_eq!(find(&index, "camisetas"), [2]);
    assert_eq!(find(&index, "tecnicas"), [2]);
}

#[test]
fn accents_are_folded_so_cafe_finds_the_accented_spelling_and_back() {
    let catalog = [
        product(1, "Café de Colombia", "Café", "", "", &[(1200, &[], true)]),
        product(2, "Cafe Mug", "Mug", "", "", &[(1500, &[], true)]),
    ];
    for language in [CatalogLanguage::English, CatalogLanguage::Spanish] {
        let index = index(language, &catalog);
        let mut found = find(&index, "cafe");
        found.sort_unstable();
        assert_eq!(found, [1, 2], "{language:?}");
        assert_eq!(
            find(&index, "CAFÉ de colombia").first(),
            Some(&1),
            "{language:?}"
        );
    }
}

#[test]
fn hyphenated_and_possessive_words_match_every_spelling() {
    let index = english(&apparel());

    for spelling in ["t-shirt", "tshirt", "T-Shirts", "t shirt"] {
        assert_eq!(find(&index, spelling).first(), Some(&5), "{spelling}");
    }
    let mens = find(&index, "mens");
    assert!(
        mens.contains(&5) && mens.contains(&3),
        "men's and men: {mens:?}"
    );
}

#[test]
fn a_misspelt_product_word_still_finds_the_product() {
    let index = english(&apparel());

    let hoodies = search(&index, SearchQuery::text("hoddie"));
    let mut found = ids(&hoodies);
    found.sort_unstable();
    assert_eq!(
        found,
        [1, 2],
        "typos look at product words, not descriptions"
    );
    assert!(hoodies.iter().all(|h| h.reason.fuzzy));

    let mut jackets = find(&index, "jackte");
    jackets.sort_unstable();
    assert_eq!(jackets, [3, 4]);
    assert!(
        find(&index, "jackets shoees").contains(&6),
        "one word exact, one misspelt"
    );
}

#[test]
fn a_typo_never_outranks_an_exact_match() {
    let catalog = [
        product(1, "Wool Hoodie", "Hoodie", "", "", &[(5000, &[], true)]),
        product(2, "Hoodle Toy", "Toy", "", "", &[(900, &[], true)]),
        product(
            3,
            "Winter Gloves",
            "Gloves",
            "winter",
            "",
            &[(2000, &[], true)],
        ),
    ];
    let index = english(&catalog);

    // A word the catalog has is taken as written, never "corrected" into a neighbour.
    assert_eq!(find(&index, "hoodie"), [1]);
    assert_eq!(find(&index, "hoodle"), [2]);
    // A product matching a word exactly ranks above one matching a word only by a typo.
    let found = find(&index, "winter hoddie");
    assert_eq!(found.first(), Some(&3), "{found:?}");
    assert!(found.contains(&1), "{found:?}");
}

#[test]
fn short_words_and_unknown_words_are_not_corrected() {
    let index = english(&apparel());

    assert!(
        find(&index, "mog").is_empty(),
        "three letters are too few to guess from"
    );
    assert!(find(&index, "xylophone").is_empty());
}
