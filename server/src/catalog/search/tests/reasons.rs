//! The reason each hit carries, structured and phrased in English and Spanish.

use shopchat_protocol::Currency;

use super::super::money;
use super::*;

fn currency(code: &str) -> Currency {
    Currency::parse(code).expect("a currency code")
}

#[test]
fn reasons_name_the_words_as_written_and_the_budget_in_both_languages() {
    let index = english(&apparel());
    let query = SearchQuery {
        price_max: Some(15000),
        ..SearchQuery::text("Running shoes")
    };

    let hits = search(&index, query);

    let reason = &hits.first().expect("a hit").reason;
    assert_eq!(reason.matched_terms, ["Running", "shoes"]);
    assert!(!reason.fuzzy);
    assert_eq!(reason.under_price, Some(15000));
    assert_eq!(
        reason.describe(false, currency("EUR")),
        "matches 'Running', 'shoes'; under 150 €"
    );
    assert_eq!(
        reason.describe(true, currency("EUR")),
        "coincide con «Running», «shoes»; menos de 150 €"
    );
    assert_eq!(
        reason.describe(false, currency("USD")),
        "matches 'Running', 'shoes'; under $150"
    );
}

#[test]
fn typo_matches_option_values_and_lower_bounds_are_explained() {
    let index = english(&apparel());
    let query = SearchQuery {
        option_values: vec!["M".into(), "grey".into()],
        price_min: Some(1050),
        ..SearchQuery::text("hoddie")
    };

    let hits = search(&index, query);

    let reason = &hits.first().expect("a hit").reason;
    assert!(reason.fuzzy);
    assert_eq!(
        reason.describe(false, currency("USD")),
        "close to 'hoddie'; in M, grey; from $10.50"
    );
    assert_eq!(
        reason.describe(true, currency("EUR")),
        "parecido a «hoddie»; en M, grey; desde 10,50 €"
    );
}

#[test]
fn money_is_formatted_from_minor_units_with_the_currency_exponent() {
    assert_eq!(money(4999, currency("USD"), false), "$49.99");
    assert_eq!(money(5000, currency("USD"), true), "50 $");
    assert_eq!(money(4999, currency("EUR"), true), "49,99 €");
    assert_eq!(money(1500, currency("JPY"), false), "1500 JPY");
    assert_eq!(money(1234, currency("KWD"), false), "1.234 KWD");
}
