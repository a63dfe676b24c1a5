//! The catalog tools: search (with the closest alternatives when nothing matches as asked)
//! and one product's details, shown as cards built from catalog rows only.

use serde_json::json;
use shopchat_protocol::{ProductCard, StreamEvent};

use super::{OutcomeKind, ProductDetail, SearchProducts, ToolContext, ToolOutcome};
use crate::catalog::search::{self, SearchHit, SearchQuery, SortOrder};
use crate::error::ApiError;
use crate::locale::Locale;
use crate::money::format_minor;

/// How many cards one search shows.
pub const MAX_CARDS: usize = 4;

/// How many products a search for an age looks through: its cards are those that say they
/// suit the age, so the pool is as wide as a shop's catalog usually is.
const AGE_POOL: usize = 400;

pub(super) async fn search_products(
    ctx: &ToolContext<'_>,
    search: &SearchProducts,
    exclude: &[i64],
) -> Result<ToolOutcome, ApiError> {
    let mut option_values: Vec<String> = Vec::new();
    option_values.extend(search.colour.clone());
    option_values.extend(search.size.clone());
    let text = match &search.audience {
        Some(audience) => format!("{} {audience}", search.query),
        None => search.query.clone(),
    };
    let query = SearchQuery {
        text,
        price_min: search.min_price,
        price_max: search.max_price,
        product_type: search.product_type.clone(),
        in_stock_only: search.in_stock_only,
        option_values,
        exclude_product_ids: exclude.to_vec(),
        sort: SortOrder::Relevance,
        // A wider pool than is shown, so the kind of product asked for can be picked from it
        // (and, for a category, some of each of its kinds).
        limit: MAX_CARDS * 3 + MAX_CARDS * search.kinds.len().min(6),
        ..SearchQuery::default()
    };
    // An age ("for my 4 year old"): the products whose own words say they suit it, from a
    // pool as wide as the catalog, the audience word left out (a toy shop's products say "ages
    // 3+", not "kids"). When none says an age, the search as usual.
    if let Some(age) = search.age {
        let by_age = SearchQuery {
            text: search.query.clone(),
            limit: AGE_POOL,
            ..query.clone()
        };
        let hits = ctx
            .deps
            .search
            .search(&ctx.deps.db, ctx.shop, &by_age)
            .await?;
        let suiting = cards(ctx, &hits, search, Some(age)).await?;
        if !suiting.is_empty() {
            return Ok(found(ctx, suiting, false));
        }
        // Words that name no kind of product ("a 15 year old who reads everything"): what
        // suits the age, from the whole shop, when its products say so.
        let said: Vec<String> = search::words(&search.query);
        let rows = search::rows_for_hits(&ctx.deps.db, ctx.shop.id, &hits).await?;
        let names_a_kind = rows.iter().any(|r| {
            search::words(&r.product_type)
                .last()
                .is_some_and(|k| said.iter().any(|w| search::stem(w) == search::stem(k)))
        });
        if !said.is_empty() && !names_a_kind {
            let anything = SearchQuery {
                text: String::new(),
                ..by_age
            };
            let hits = ctx
                .deps
                .search
                .search(&ctx.deps.db, ctx.shop, &anything)
                .await?;
            let open = SearchProducts {
                query: String::new(),
                ..search.clone()
            };
            let suiting = cards(ctx, &hits, &open, Some(age)).await?;
            if !suiting.is_empty() {
                return Ok(found(ctx, suiting, false));
            }
        }
    }
    let mut hits = ctx
        .deps
        .search
        .search(&ctx.deps.db, ctx.shop, &query)
        .await?;
    // Who it is for ranks, never filters: with nothing else asked ("something for my dad, max
    // 25"), a shop whose products never say "men" is browsed whole.
    if hits.is_empty() && search.query.trim().is_empty() && search.audience.is_some() {
        let anyone = SearchQuery {
            text: String::new(),
            ..query.clone()
        };
        hits = ctx
            .deps
            .search
            .search(&ctx.deps.db, ctx.shop, &anyone)
            .await?;
    }
    if let Some(colour) = &search.colour {
        if hits.len() < MAX_CARDS {
            hits.extend(of_one_colour(ctx, &query, colour, &hits).await?);
        }
    }
    if !hits.is_empty() {
        let cards = cards(ctx, &hits, search, None).await?;
        return Ok(found(ctx, cards, false));
    }
    // Nothing as asked: look again without the price bounds and say honestly what differs.
    let relaxed = SearchQuery {
        price_min: None,
        price_max: None,
        ..query
    };
    let closest = ctx
        .deps
        .search
        .search(&ctx.deps.db, ctx.shop, &relaxed)
        .await?;
    let cards = cards(ctx, &closest, search, None).await?;
    let mut outcome = found(ctx, cards.clone(), true);
    outcome.kind = OutcomeKind::NothingFound { closest: cards };
    Ok(outcome)
}

/// Products that come in one colour say it in their own words, not in an option ("a soft
/// lambswool scarf in a red tartan" has no Colour option): the hits of `query` without its
/// colour, `colour` added to its words, whose options name no colour and whose title, tags or
/// description say this one; those already `found` left out.
async fn of_one_colour(
    ctx: &ToolContext<'_>,
    query: &SearchQuery,
    colour: &str,
    found: &[SearchHit],
) -> Result<Vec<SearchHit>, ApiError> {
    let by_words = SearchQuery {
        text: format!("{} {colour}", query.text),
        option_values: query
            .option_values
            .iter()
            .filter(|v| *v != colour)
            .cloned()
            .collect(),
        limit: MAX_CARDS * 3,
        ..query.clone()
    };
    let hits = ctx
        .deps
        .search
        .search(&ctx.deps.db, ctx.shop, &by_words)
        .await?;
    let hits: Vec<SearchHit> = hits
        .into_iter()
        .filter(|h| !found.iter().any(|f| f.product_id == h.product_id))
        .collect();
    if hits.is_empty() {
        return Ok(hits);
    }
    let rows = search::rows_for_hits(&ctx.deps.db, ctx.shop.id, &hits).await?;
    let of_it: Vec<i64> = rows
        .iter()
        .filter(|r| {
            search::says_colour(&format!("{} {} {}", r.title, r.tags, r.body_text), colour)
                && crate::catalog::search::colours_named(&r.options).is_empty()
        })
        .map(|r| r.id)
        .collect();
    Ok(hits
        .into_iter()
        .filter(|h| of_it.contains(&h.product_id))
        .collect())
}

/// How many products [`of_kinds`] looks through, those its words match best.
const KINDS_POOL: usize = 100;

/// The products of `kinds` (bilingual keys of product types; any kind when empty) within the
/// search's prices, colour and size, those `text` matches best first, and only those it
/// matches: where "cheaper" looks beyond the types shown (jackets after a coat).
pub async fn of_kinds(
    ctx: &ToolContext<'_>,
    search: &SearchProducts,
    exclude: &[i64],
    text: &str,
    kinds: &[String],
) -> Result<Vec<ProductCard>, ApiError> {
    let query = SearchQuery {
        text: text.to_owned(),
        price_min: search.min_price,
        price_max: search.max_price,
        option_values: search.colour.iter().chain(&search.size).cloned().collect(),
        exclude_product_ids: exclude.to_vec(),
        sort: SortOrder::Relevance,
        limit: KINDS_POOL,
        ..SearchQuery::default()
    };
    let hits = ctx
        .deps
        .search
        .search(&ctx.deps.db, ctx.shop, &query)
        .await?;
    let mut rows = search::rows_for_hits(&ctx.deps.db, ctx.shop.id, &hits).await?;
    if !kinds.is_empty() {
        rows.retain(|row| crate::nlu::categories::is_of_any(&row.product_type, kinds));
    }
    Ok(shown_cards(ctx, &hits, &rows))
}

/// With a size or a colour asked, without what is made for the other of men and women, by
/// its name or tags (and not also for this one, nor unisex): "for women", then "in size 8", is
/// not the men's shoe that comes in 8. (Without one, whom a product is for only orders them.)
fn keep_for_audience(rows: &mut Vec<search::ProductRow>, search: &SearchProducts) {
    if search.size.is_none() && search.colour.is_none() {
        return;
    }
    let audience = search.audience.as_deref();
    let (Some(this), Some(other)) = (
        audience,
        match audience {
            Some("women") => Some("men"),
            Some("men") => Some("women"),
            _ => None,
        },
    ) else {
        return;
    };
    rows.retain(|r| {
        let words = search::words(&format!("{} {}", r.title, r.tags));
        let says = |w: &str| words.iter().any(|x| x == w);
        !says(other) || says(this) || says("unisex")
    });
}

/// The cards for `hits`: of the kind asked for, and, given an `age`, only products that say
/// they suit it (none when no product says so).
async fn cards(
    ctx: &ToolContext<'_>,
    hits: &[SearchHit],
    search: &SearchProducts,
    age: Option<u8>,
) -> Result<Vec<ProductCard>, ApiError> {
    let audience = search.audience.as_deref();
    let mut rows = search::rows_for_hits(&ctx.deps.db, ctx.shop.id, hits).await?;
    // Kinds ruled out ("besides oil"): no product whose type or title names one.
    if !search.excluded.is_empty() {
        // (A word ruled out that is no kind of these rows, "not leather", is a material or a
        // feature: a product tagged with it is left out too.)
        let kinds: Vec<String> = rows
            .iter()
            .flat_map(|r| search::words(&r.product_type))
            .map(|w| search::stem(&w).to_owned())
            .collect();
        let features: Vec<String> = search
            .excluded
            .iter()
            .filter(|x| !x.contains(' ') && !kinds.iter().any(|k| k == search::stem(x)))
            .map(|x| search::stem(x).to_owned())
            .collect();
        // (Not a tag that says the product is free of it: "aluminum-free", "no pedals".)
        const FREE_OF: &[&str] = &["free", "no", "without", "sin", "libre", "non"];
        rows.retain(|r| {
            !r.tags.split(',').any(|tag| {
                let words = search::words(tag);
                !words.iter().any(|w| FREE_OF.contains(&w.as_str()))
                    && words
                        .iter()
                        .any(|w| features.iter().any(|f| f == search::stem(w)))
            })
        });
        rows.retain(|r| {
            let name = search::words(&format!("{} {}", r.product_type, r.title));
            // (A phrase ruled out by its last word, the kind: "heavy coat". What a product is
            // free of is what it is without: "Aluminum-Free".)
            !name.iter().enumerate().any(|(at, w)| {
                name.get(at + 1).is_none_or(|next| next != "free")
                    && search
                        .excluded
                        .iter()
                        .any(|x| search::stem(w) == search::stem(x.rsplit(' ').next().unwrap_or(x)))
            })
        });
    }
    // A colour ruled out: not a product whose title says it, nor one that comes only in it.
    if let Some(not) = &search.not_colour {
        rows.retain(|r| {
            let colours = search::colours_named(&r.options);
            !search::says_colour(&r.title, not)
                && (colours.is_empty() || colours.iter().any(|c| !search::says_colour(c, not)))
        });
    }
    // For an age, the products that suit it come first when they include the kind asked for
    // ("un cuento para mi sobrina de 4 años": the picture books for ages 3 to 6, before any
    // type the words name more fully); a sleeping bag for an 8 year old is no camp chair.
    if let Some(age) = age {
        let said: Vec<String> = search::words(&search.query)
            .iter()
            .map(|w| search::stem(w).to_owned())
            .collect();
        let mut fitting = rows.clone();
        keep_for_age(&mut fitting, Some(age), false);
        let of_a_kind_said = |row: &search::ProductRow| {
            search::words(&row.product_type).last().is_some_and(|k| {
                said.iter()
                    .any(|s| crate::text::is_kind(search::stem(k), s))
            })
        };
        if fitting.iter().any(of_a_kind_said) {
            rows = fitting;
        }
    }
    // The words of the request a row's hit matched, not counting whom it is for.
    let matched_what = |row: &search::ProductRow| -> Vec<&String> {
        hits.iter()
            .find(|h| h.variant_id == row.variant_id)
            .map(|h| {
                h.reason
                    .matched_terms
                    .iter()
                    .filter(|t| Some(t.to_lowercase().as_str()) != audience)
                    .collect()
            })
            .unwrap_or_default()
    };
    // A retail category ("jewelry"): its kinds' products only, taking turns between the
    // kinds in the search's order, so a ring, a necklace and earrings are shown rather than
    // the one product whose words mention most of them.
    let kind_of = |row: &search::ProductRow| {
        let type_key = crate::nlu::bilingual::key(&row.product_type);
        search.kinds.iter().position(|k| *k == type_key)
    };
    if rows.iter().any(|r| kind_of(r).is_some()) {
        rows.retain(|r| kind_of(r).is_some());
        // Of those, the ones that match the most of what else was said of them ("shoes for
        // the beach": the sandals tagged for it).
        let said_beyond_kind = |row: &search::ProductRow| {
            matched_what(row)
                .into_iter()
                .filter(|t| {
                    let t = search::stem(t);
                    !search
                        .kinds
                        .iter()
                        .flat_map(|k| k.split(' '))
                        .any(|w| search::stem(w) == t)
                })
                .count()
        };
        let most = rows.iter().map(said_beyond_kind).max().unwrap_or(0);
        rows.retain(|r| said_beyond_kind(r) == most);
        let mut turn_of: Vec<usize> = vec![0; search.kinds.len()];
        let mut keyed: Vec<(usize, usize, search::ProductRow)> = rows
            .into_iter()
            .enumerate()
            .map(|(at, row)| {
                let kind = kind_of(&row).unwrap_or_default();
                let turn = turn_of[kind];
                turn_of[kind] += 1;
                (turn, at, row)
            })
            .collect();
        keyed.sort_by_key(|(turn, at, _)| (*turn, *at));
        rows = keyed.into_iter().map(|(_, _, row)| row).collect();
        keep_for_age(&mut rows, age, false);
        keep_for_audience(&mut rows, search);
        return Ok(shown_cards(ctx, hits, &rows));
    }
    // A product found only by whom it is for, beside products of what was asked for, is
    // noise ("algo pa la casa" for "mi mamá": a women's hoodie is nothing for the home).
    let matches_what = |row: &search::ProductRow| !matched_what(row).is_empty();
    if audience.is_some() && rows.iter().any(matches_what) {
        rows.retain(matches_what);
    }
    // A product made for everyone ("unisex") suits a man or a woman as well as one made for
    // them: a unisex tote is a bag for a wife, where a women's puffer that packs into a bag
    // isn't.
    // (Everyone grown-up: a unisex hoodie is no kids' hoodie.)
    let for_everyone = |row: &search::ProductRow| {
        matches!(audience, Some("men" | "women"))
            && search::words(&format!("{} {}", row.title, row.tags))
                .iter()
                .any(|w| w == "unisex")
    };
    let matched = |row: &search::ProductRow| {
        hits.iter()
            .find(|h| h.variant_id == row.variant_id)
            .map_or(0, |h| h.reason.matched_terms.len())
    };
    // (It stays where the search put it: after those made for them.)
    let matched_for_everyone =
        |row: &search::ProductRow| matched_what(row).len() + usize::from(for_everyone(row));
    // Products matching fewer of the shopper's words than the best one are noise ("warm scarf"
    // must not list every warm sweater).
    let best = rows.iter().map(matched).max().unwrap_or(0);
    rows.retain(|r| matched(r) >= best || matched_for_everyone(r) >= best);
    keep_for_audience(&mut rows, search);
    // Among those, a product is of the kind its type's last word says: a "Pencil Case" is a
    // case, a "Sleeping Pad" a pad. When the shopper's words name some products' kind
    // ("warm sleeping bag"), those that only share a modifier with it are left out.
    // No compound reading of the whole query when the message said what is wanted ("a
    // keyboard with lights" wants a keyboard: its words are not "keyboard light").
    let english = ctx.locale == Locale::En;
    let compounds = english && search.head.is_empty();
    keep_of_kinds(
        &mut rows,
        &search::words(&search.query),
        compounds,
        search.head.is_empty(),
    );
    // Whether the row's own name (title or type) carries one of the matched words (any, or
    // one of `among`).
    let named_by = |row: &search::ProductRow, among: Option<&[String]>| {
        let own: Vec<String> = search::words(&format!("{} {}", row.title, row.product_type));
        matched_what(row)
            .into_iter()
            .filter(|t| {
                among.is_none_or(|a| {
                    a.iter()
                        .flat_map(|x| x.split(' '))
                        .any(|x| x.eq_ignore_ascii_case(t))
                })
            })
            .any(|t| {
                own.iter()
                    .any(|w| search::stem(w) == search::stem(&t.to_lowercase()))
            })
    };
    // What the shopper wants comes before what it is for: "a knife for cutting bread" shows
    // knives, not bread tins, when the shop has knives.
    if !search.head.is_empty() && rows.iter().any(|r| named_by(r, Some(&search.head))) {
        rows.retain(|r| named_by(r, Some(&search.head)));
    }
    // And of those, the ones that are of the kind wanted: "strings for my nylon guitar" shows
    // the strings, not a guitar whose name says "nylon-string".
    let wanted: Vec<String> = search
        .head
        .iter()
        .flat_map(|h| h.split(' '))
        .map(str::to_owned)
        .collect();
    keep_of_kinds(&mut rows, &wanted, english, true);
    // An English name ends in what the product is: a "Night Cream" is a cream, an "Oat Milk
    // Cream Cleanser" a cleanser. When some names end in the kind wanted, those that only have
    // it before their last word are left out.
    if !ctx.shop.locale.starts_with("es") {
        keep_named_last(&mut rows, &wanted);
    }
    // When some products are named by the shopper's words (title or type: "jacket"), products
    // that only mention them in passing (a hoodie "as light as a jacket") are left out.
    if rows.iter().any(|r| named_by(r, None)) {
        rows.retain(|r| named_by(r, None));
    }
    // Of the kind asked for, those that say they suit the age (after the kind: a sleeping bag
    // for an 8 year old is no camp chair for ages 3 to 8).
    keep_for_age(&mut rows, age, search.query.trim().is_empty());
    Ok(shown_cards(ctx, hits, &rows))
}

/// Given an age, keeps the rows whose products say they suit it. With nothing else asked for
/// (`alone`), the products made for the narrowest span of ages come first.
fn keep_for_age(rows: &mut Vec<search::ProductRow>, age: Option<u8>, alone: bool) {
    let Some(age) = age else { return };
    let ages = |row: &search::ProductRow| {
        search::stated_ages(&format!("{} {} {}", row.title, row.body_text, row.tags))
    };
    rows.retain(|r| ages(r).is_some_and(|(lo, hi)| lo <= age && age <= hi));
    if alone {
        rows.sort_by_cached_key(|r| ages(r).map_or(u8::MAX, |(lo, hi)| hi - lo));
    }
}

/// Keeps the rows whose title ends in one of `words` (its last word of letters), when any
/// does, dropping only those whose title has such a word elsewhere.
fn keep_named_last(rows: &mut Vec<search::ProductRow>, words: &[String]) {
    let stems: Vec<&str> = words.iter().map(|w| search::stem(w)).collect();
    // Numbers and the unit after one ("750 ml") are no words of the name.
    let title_stems = |row: &search::ProductRow| -> Vec<String> {
        let words = search::words(&row.title);
        let numeric = |w: &String| w.chars().any(|c| c.is_ascii_digit());
        words
            .iter()
            .enumerate()
            .filter(|(at, w)| !(numeric(w) || (*at > 0 && numeric(&words[at - 1]))))
            .map(|(_, w)| search::stem(w).to_owned())
            .collect()
    };
    let ends_in = |row: &search::ProductRow| {
        title_stems(row)
            .last()
            .is_some_and(|last| stems.contains(&last.as_str()))
    };
    if stems.is_empty() || !rows.iter().any(ends_in) {
        return;
    }
    rows.retain(|r| ends_in(r) || !title_stems(r).iter().any(|s| stems.contains(&s.as_str())));
}

/// Keeps the rows whose product is of a kind one of `words` names (the last word of its type:
/// a "Pencil Case" is a case), when any is; otherwise keeps them all.
///
/// In English (`compounds`), a kind word right before another kind word only says what the
/// second is for: "pencil case" asks for cases, not pencils, when the rows hold both. (A
/// Spanish query names its head first, and its words may be translations in any order.)
fn keep_of_kinds(
    rows: &mut Vec<search::ProductRow>,
    words: &[String],
    compounds: bool,
    outright: bool,
) {
    let kind_stem = |row: &search::ProductRow| {
        search::words(&row.product_type)
            .last()
            .map(|kind| search::stem(kind).to_owned())
    };
    let kinds: Vec<String> = rows.iter().filter_map(kind_stem).collect();
    let stems: Vec<&str> = words.iter().map(|w| search::stem(w)).collect();
    let is_kind = |stem: &str| kinds.iter().any(|k| crate::text::is_kind(k, stem));
    let modifies = |at: usize| compounds && stems.get(at + 1).is_some_and(|next| is_kind(next));
    // With `outright`, a type the shopper named in full ("fantasy" of "un libro de fantasía",
    // "pencil case") is the kind asked for, before any type that only ends in a word said
    // ("book" of Picture Book); the longest such type wins ("pencil case" over "pencil"), and
    // never one whose last word only modifies the next ("pencil" of "pencil case").
    let named_in_full = |row: &search::ProductRow| {
        let type_words = search::words(&row.product_type);
        let said = |w: &String| stems.contains(&search::stem(w));
        let head_said = type_words.last().is_some_and(|last| {
            stems
                .iter()
                .enumerate()
                .any(|(at, s)| *s == search::stem(last) && !modifies(at))
        });
        if !type_words.is_empty() && type_words.iter().all(said) && head_said {
            type_words.len()
        } else {
            0
        }
    };
    let longest = rows.iter().map(named_in_full).max().unwrap_or(0);
    if outright && longest > 0 {
        rows.retain(|r| named_in_full(r) == longest);
        return;
    }
    let heads: Vec<&str> = stems
        .iter()
        .enumerate()
        .filter(|(at, stem)| is_kind(stem) && !modifies(*at))
        .map(|(_, stem)| *stem)
        .collect();
    let named: Vec<&str> = if heads.is_empty() {
        stems.clone()
    } else {
        heads
    };
    let of_a_kind = |row: &search::ProductRow| {
        kind_stem(row).is_some_and(|k| named.iter().any(|n| crate::text::is_kind(&k, n)))
    };
    if rows.iter().any(of_a_kind) {
        rows.retain(of_a_kind);
    }
}

/// The first [`MAX_CARDS`] rows as cards, each saying why it was picked.
fn shown_cards(
    ctx: &ToolContext<'_>,
    hits: &[SearchHit],
    rows: &[search::ProductRow],
) -> Vec<ProductCard> {
    let spanish = ctx.locale == Locale::Es;
    rows.iter()
        .take(MAX_CARDS)
        .filter_map(|row| {
            let hit = hits.iter().find(|h| h.variant_id == row.variant_id)?;
            Some(search::card(
                &ctx.deps.links,
                ctx.shop,
                row,
                Some(hit.reason.describe(spanish, ctx.shop.currency())),
            ))
        })
        .collect()
}

fn found(ctx: &ToolContext<'_>, cards: Vec<ProductCard>, closest_only: bool) -> ToolOutcome {
    let exponent = ctx.shop.currency().exponent();
    let for_model = json!({
        "status": if closest_only { "no_exact_match" } else { "found" },
        "note": if closest_only { "Nothing matched the price limits; these are the closest alternatives and break the shopper's budget — say so." } else { "" },
        "products": cards.iter().map(|c| json!({
            "product_id": c.product_id,
            "variant_id": c.variant_id,
            "title": c.title,
            "price": format!("{} {}", format_minor(c.price.minor, exponent), c.price.currency.as_str()),
            "in_stock": c.in_stock,
        })).collect::<Vec<_>>(),
    });
    let events = if cards.is_empty() {
        vec![]
    } else {
        vec![StreamEvent::Products {
            items: cards.clone(),
        }]
    };
    ToolOutcome {
        events,
        for_model,
        kind: OutcomeKind::Found { cards },
    }
}

pub(super) async fn get_product(
    ctx: &ToolContext<'_>,
    product_id: i64,
) -> Result<ToolOutcome, ApiError> {
    let Some(row) = search::sellable_product(&ctx.deps.db, ctx.shop.id, product_id).await? else {
        return Ok(ToolOutcome {
            events: vec![],
            for_model: json!({"status": "not_found"}),
            kind: OutcomeKind::NoSuchProduct,
        });
    };
    let detail = product_detail(ctx, product_id).await?;
    let card = search::card(&ctx.deps.links, ctx.shop, &row, None);
    let exponent = ctx.shop.currency().exponent();
    let for_model = json!({
        "status": "found",
        "product_id": row.id,
        "title": row.title,
        "price": format!("{} {}", format_minor(row.price_minor, exponent), ctx.shop.currency().as_str()),
        "in_stock": row.in_stock,
        "description": detail.description,
        "options": detail.options.iter().map(|(name, values)| json!({"name": name, "values": values})).collect::<Vec<_>>(),
        "in_stock_values": detail.in_stock_values,
    });
    Ok(ToolOutcome {
        events: vec![StreamEvent::Products {
            items: vec![card.clone()],
        }],
        for_model,
        kind: OutcomeKind::Product {
            card: Box::new(card),
            detail,
        },
    })
}

async fn product_detail(ctx: &ToolContext<'_>, product_id: i64) -> Result<ProductDetail, ApiError> {
    let (description, product_type, vendor, n1, n2, n3): (
        String,
        String,
        String,
        Option<String>,
        Option<String>,
        Option<String>,
    ) = sqlx::query_as(
        "select body_text, product_type, vendor, option1_name, option2_name, option3_name
             from product where id = $1 and shop_id = $2",
    )
    .bind(product_id)
    .bind(ctx.shop.id)
    .fetch_one(&ctx.deps.db)
    .await?;
    // (option1, option2, option3, can be bought now) per variant.
    type VariantOptions = (
        Option<String>,
        Option<String>,
        Option<String>,
        crate::db::Flag,
    );
    let variants: Vec<VariantOptions> = sqlx::query_as(
        "select option1, option2, option3,
                (inventory_qty is null or inventory_qty > 0 or inventory_policy = 'continue') as available
         from variant where product_id = $1 and shop_id = $2 order by position, id",
    )
    .bind(product_id)
    .bind(ctx.shop.id)
    .fetch_all(&ctx.deps.db)
    .await?;
    let mut options = Vec::new();
    let mut in_stock_values = Vec::new();
    for (i, name) in [n1, n2, n3].into_iter().enumerate() {
        let Some(name) = name.filter(|n| !n.eq_ignore_ascii_case("title")) else {
            continue;
        };
        let mut values: Vec<String> = Vec::new();
        for v in &variants {
            let value = [&v.0, &v.1, &v.2][i].clone();
            if let Some(value) = value {
                if !values.contains(&value) {
                    values.push(value.clone());
                }
                if v.3 .0 && !in_stock_values.contains(&value) {
                    in_stock_values.push(value);
                }
            }
        }
        options.push((name, values));
    }
    let in_stock_variants = variants
        .iter()
        .filter(|v| v.3 .0)
        .map(|v| [&v.0, &v.1, &v.2].into_iter().flatten().cloned().collect())
        .collect();
    Ok(ProductDetail {
        description,
        product_type,
        vendor,
        options,
        in_stock_values,
        in_stock_variants,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(id: i64, product_type: &str) -> search::ProductRow {
        search::ProductRow {
            id,
            handle: format!("p{id}"),
            title: format!("Product {id}"),
            body_text: String::new(),
            vendor: String::new(),
            product_type: product_type.to_owned(),
            tags: String::new(),
            image_url: None,
            image_alt: None,
            variant_id: id,
            price_minor: 100,
            compare_at_minor: None,
            in_stock: true,
            options: String::new(),
        }
    }

    fn kept(types: &[&str], query: &str, english: bool) -> Vec<String> {
        kept_with(types, query, english, false)
    }

    fn kept_with(types: &[&str], query: &str, english: bool, outright: bool) -> Vec<String> {
        let mut rows: Vec<_> = (0..).zip(types).map(|(id, t)| row(id, t)).collect();
        keep_of_kinds(&mut rows, &search::words(query), english, outright);
        rows.into_iter().map(|r| r.product_type).collect()
    }

    #[test]
    fn a_name_ending_in_the_kind_wanted_wins_over_one_that_only_has_it_before() {
        let titled = |titles: &[&str], wanted: &str| {
            let mut rows: Vec<_> = (0..)
                .zip(titles)
                .map(|(id, t)| search::ProductRow {
                    title: (*t).to_owned(),
                    ..row(id, "Skin Care")
                })
                .collect();
            keep_named_last(&mut rows, &search::words(wanted));
            rows.into_iter().map(|r| r.title).collect::<Vec<_>>()
        };
        assert_eq!(
            titled(
                &[
                    "Rich Repair Night Cream",
                    "Oat Milk Cream Cleanser",
                    "Shea Butter Balm"
                ],
                "cream"
            ),
            ["Rich Repair Night Cream", "Shea Butter Balm"]
        );
        // Trailing sizes are no words of the name; nothing ends in the kind: all kept.
        assert_eq!(
            titled(&["Car Cover 5 m", "Seat Covers Full Set"], "cover"),
            ["Car Cover 5 m"]
        );
        assert_eq!(
            titled(&["Oat Milk Cream Cleanser", "Cream Blush"], "cream"),
            ["Oat Milk Cream Cleanser", "Cream Blush"]
        );
    }

    #[test]
    fn an_age_keeps_the_products_that_say_they_suit_it_the_narrowest_first() {
        let mut rows = vec![
            row(1, "Puzzle"),
            row(2, "Board Game"),
            row(3, "Blanket"),
            row(4, "Doll"),
        ];
        rows[0].body_text = "A jigsaw for ages 3 to 6.".into();
        rows[1].body_text = "A strategy game for players aged 10 and up.".into();
        rows[3].tags = "doll, ages 3+".into();
        let mut kept = rows.clone();
        keep_for_age(&mut kept, Some(4), true);
        let ids: Vec<i64> = kept.iter().map(|r| r.id).collect();
        assert_eq!(ids, [1, 4]);
        let mut untouched = rows.clone();
        keep_for_age(&mut untouched, None, true);
        assert_eq!(untouched.len(), 4);
    }

    #[test]
    fn a_kind_word_before_another_kind_word_only_says_what_it_is_for() {
        let types = ["Pencil Case", "Colored Pencils", "Pencil"];
        assert_eq!(kept(&types, "pencil case teen", true), ["Pencil Case"]);
        assert_eq!(
            kept(&types, "pencils for drawing", true),
            ["Colored Pencils", "Pencil"]
        );
        // Spanish names its head first: no compound reading.
        assert_eq!(kept(&types, "pencil case", false), types);
        // A closed compound is of its last part's kind: a cookbook is a book.
        assert_eq!(
            kept(&["Cookbook", "Bookmark", "Tote Bag"], "baking book", true),
            ["Cookbook"]
        );
        assert_eq!(kept(&["Earrings", "Ring"], "ring", true), ["Ring"]);
        // A type named in full comes first, the longest one: fantasy of "fantasy book", a
        // pencil case of "pencil case", never a type that only modifies the next word.
        assert_eq!(
            kept_with(&types, "pencil case teen", true, true),
            ["Pencil Case"]
        );
        assert_eq!(
            kept_with(
                &["Picture Book", "Fantasy", "Art Book"],
                "fantasy book",
                false,
                true
            ),
            ["Fantasy"]
        );
        assert_eq!(
            kept_with(&["Headphones", "Earbuds"], "headphone earbud", true, true),
            ["Earbuds"]
        );
        // A word that names no kind of the rows keeps them all.
        assert_eq!(kept(&types, "eraser", true), types);
    }
}
