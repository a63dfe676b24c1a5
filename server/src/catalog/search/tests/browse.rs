//! Exclusions, browsing by filters alone, and sorting by price.

use super::super::SortOrder;
use super::filters::browse;
use super::*;

#[test]
fn excluded_products_are_left_out() {
    let index = english(&apparel());

    let query = SearchQuery {
        exclude_product_ids: vec![2, 99],
        ..SearchQuery::text("hoodie")
    };
    assert_eq!(browse(&index, query), [1, 7]);
}

#[test]
fn empty_text_with_filters_browses_the_catalog() {
    let index = english(&apparel());

    assert_eq!(
        browse(
            &index,
            SearchQuery {
                product_type: Some("Jacket".into()),
                ..SearchQuery::default()
            }
        ),
        [3, 4]
    );
    assert_eq!(
        browse(
            &index,
            SearchQuery {
                price_max: Some(2500),
                ..SearchQuery::default()
            }
        ),
        [5, 7]
    );
    assert_eq!(
        browse(&index, SearchQuery::default()).len(),
        7,
        "no filter at all lists everything"
    );
    assert_eq!(
        browse(&index, SearchQuery::text("the and of")).len(),
        7,
        "stop words alone are no text"
    );
    assert_eq!(
        search(
            &index,
            SearchQuery {
                limit: 2,
                ..SearchQuery::default()
            }
        )
        .len(),
        2
    );
}

#[test]
fn price_sorts_order_by_the_price_the_hit_shows() {
    let index = english(&apparel());
    let prices = |sort| {
        search(
            &index,
            SearchQuery {
                sort,
                ..SearchQuery::default()
            },
        )
        .iter()
        .map(|h| h.price_minor)
        .collect::<Vec<_>>()
    };

    assert_eq!(
        prices(SortOrder::PriceAsc),
        [1800, 2400, 5900, 6400, 8900, 11000, 12900]
    );
    assert_eq!(
        prices(SortOrder::PriceDesc),
        [12900, 11000, 8900, 6400, 5900, 2400, 1800]
    );
    let cheapest_jacket = search(
        &index,
        SearchQuery {
            sort: SortOrder::PriceAsc,
            limit: 1,
            ..SearchQuery::text("jacket")
        },
    );
    assert_eq!(ids(&cheapest_jacket), [3]);
}
