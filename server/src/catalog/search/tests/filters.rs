//! Filters: price range, type, tags, vendor, stock and the option values of one variant.

use super::*;

pub(super) fn browse(index: &CatalogIndex, query: SearchQuery) -> Vec<i64> {
    let mut found = ids(&search(index, query));
    found.sort_unstable();
    found
}

#[test]
fn a_price_range_applies_to_the_variant_the_hit_shows() {
    let catalog = [product(
        1,
        "Canvas Tote",
        "Bag",
        "",
        "",
        &[(3000, &["Small"], true), (9000, &["Large"], true)],
    )];
    let index = english(&catalog);

    let cheap = search(
        &index,
        SearchQuery {
            price_max: Some(5000),
            ..SearchQuery::text("tote")
        },
    );
    assert_eq!((cheap[0].variant_id, cheap[0].price_minor), (101, 3000));
    let dear = search(
        &index,
        SearchQuery {
            price_min: Some(5000),
            ..SearchQuery::text("tote")
        },
    );
    assert_eq!((dear[0].variant_id, dear[0].price_minor), (102, 9000));
    assert!(search(
        &index,
        SearchQuery {
            price_min: Some(4000),
            price_max: Some(8000),
            ..SearchQuery::text("tote")
        }
    )
    .is_empty());

    let apparel = english(&apparel());
    assert_eq!(
        find_with(
            &apparel,
            SearchQuery {
                price_max: Some(10000),
                ..SearchQuery::text("jacket")
            }
        ),
        [3]
    );
}

pub(super) fn find_with(index: &CatalogIndex, query: SearchQuery) -> Vec<i64> {
    ids(&search(index, query))
}

#[test]
fn type_tag_and_vendor_filters_restrict_the_results() {
    let mut catalog = apparel();
    catalog[6].vendor = "Acme Ceramics".into();
    let index = english(&catalog);

    let by_type = |t: &str| {
        browse(
            &index,
            SearchQuery {
                product_type: Some(t.into()),
                ..SearchQuery::default()
            },
        )
    };
    assert_eq!(by_type("Hoodies"), [1, 2], "case and plural don't matter");
    assert_eq!(by_type("t-shirt"), [5]);
    let by_tags = |tags: &[&str]| {
        browse(
            &index,
            SearchQuery {
                tags: tags.iter().map(|t| (*t).into()).collect(),
                ..SearchQuery::default()
            },
        )
    };
    assert_eq!(by_tags(&["Winter"]), [1, 4]);
    assert_eq!(
        by_tags(&["winter", "women"]),
        [4],
        "every tag must be there"
    );
    assert_eq!(
        browse(
            &index,
            SearchQuery {
                vendor: Some("acme ceramics".into()),
                ..SearchQuery::default()
            }
        ),
        [7]
    );
    let warm_jackets = SearchQuery {
        product_type: Some("jacket".into()),
        ..SearchQuery::text("warm")
    };
    assert_eq!(
        find_with(&index, warm_jackets),
        [4],
        "text and filters together"
    );
}

#[test]
fn an_option_filter_needs_one_variant_with_every_value() {
    let catalog = [
        product(
            1,
            "Tee One",
            "Tee",
            "",
            "",
            &[
                (2000, &["M", "Red"], true),
                (2100, &["S", "Blue"], true),
                (2500, &["M", "Blue"], false),
            ],
        ),
        product(2, "Tee Two", "Tee", "", "", &[(2600, &["M", "Blue"], true)]),
        product(
            3,
            "Tee Three",
            "Tee",
            "",
            "",
            &[(1500, &["M", "Red"], true), (1500, &["S", "Blue"], true)],
        ),
        product(
            4,
            "Tee Four",
            "Tee",
            "",
            "",
            &[(3000, &["L", "Navy Blue"], true)],
        ),
    ];
    let index = english(&catalog);
    let wanting = |values: &[&str], in_stock_only: bool| SearchQuery {
        option_values: values.iter().map(|v| (*v).into()).collect(),
        in_stock_only,
        ..SearchQuery::text("tee")
    };

    let hits = search(&index, wanting(&["m", "BLUE"], false));
    let mut found = ids(&hits);
    found.sort_unstable();
    assert_eq!(
        found,
        [1, 2],
        "tee three has M and blue, but not in one variant"
    );
    let first = hits.iter().find(|h| h.product_id == 1).expect("tee one");
    assert_eq!(
        (first.variant_id, first.price_minor),
        (103, 2500),
        "the hit shows the M/Blue variant"
    );

    assert_eq!(
        find_with(&index, wanting(&["M", "Blue"], true)),
        [2],
        "tee one's M/Blue is sold out"
    );
    assert_eq!(
        browse(&index, wanting(&["blue"], false)),
        [1, 2, 3, 4],
        "blue finds navy blue too"
    );
    assert!(
        search(&index, wanting(&["XXL"], false)).is_empty(),
        "no variant has it"
    );
}

#[test]
fn a_plain_colour_finds_its_shades_and_a_shade_only_itself() {
    let catalog = [
        product(
            1,
            "Wool Beanie",
            "Beanie",
            "",
            "",
            &[(2800, &["Mustard"], true)],
        ),
        product(
            2,
            "Cuffed Beanie",
            "Beanie",
            "",
            "",
            &[(2400, &["Navy"], true)],
        ),
        product(
            3,
            "Bobble Beanie",
            "Beanie",
            "",
            "",
            &[(2600, &["Yellow"], true)],
        ),
    ];
    let index = english(&catalog);
    let wanting = |colour: &str| SearchQuery {
        option_values: vec![colour.into()],
        ..SearchQuery::text("beanie")
    };
    let mut yellow = ids(&search(&index, wanting("yellow")));
    yellow.sort_unstable();
    assert_eq!(
        yellow,
        [1, 3],
        "someone asking for yellow is shown mustard too"
    );
    assert_eq!(ids(&search(&index, wanting("mustard"))), [1]);
    assert_eq!(ids(&search(&index, wanting("blue"))), [2], "navy is a blue");
    assert!(search(&index, wanting("green")).is_empty());
}

#[test]
fn in_stock_only_leaves_out_what_cannot_be_bought_now() {
    let catalog = [
        product(1, "Sold Out Scarf", "Scarf", "", "", &[(1000, &[], false)]),
        product(
            2,
            "Striped Scarf",
            "Scarf",
            "",
            "",
            &[(900, &["Red"], false), (1200, &["Green"], true)],
        ),
    ];
    let index = english(&catalog);

    let all = search(&index, SearchQuery::text("scarf"));
    assert_eq!(all.len(), 2);
    assert_eq!(all[0].product_id, 2, "in stock first when scores tie");
    assert_eq!(
        all[0].variant_id, 202,
        "and its variant in stock is shown, though dearer"
    );
    let stocked = search(
        &index,
        SearchQuery {
            in_stock_only: true,
            ..SearchQuery::text("scarf")
        },
    );
    assert_eq!(ids(&stocked), [2]);
}
