//! Links in a reply that the shop wrote itself: an `https://` address in the reply's text that
//! also appears in one of the shop's enabled FAQ answers. Those are sent beside the reply as
//! links the shopper can open; an address only the model wrote (or a shopper's message quoted
//! back) stays plain text.

use shopchat_protocol::Link;

use super::faq;
use crate::db::DbPool;
use crate::error::ApiError;

/// Most links shown under one reply.
const MAX_LINKS: usize = 3;

/// The `https://` addresses in `text`, in order, without repeats or trailing punctuation.
pub fn addresses(text: &str) -> Vec<&str> {
    let mut found: Vec<&str> = Vec::new();
    for word in text.split_whitespace() {
        let Some(start) = word.find("https://") else {
            continue;
        };
        let url = word[start..].trim_end_matches(|c: char| {
            matches!(
                c,
                '.' | ',' | ';' | ':' | '!' | '?' | ')' | ']' | '"' | '\'' | '»'
            )
        });
        if url.len() > "https://".len() && !found.contains(&url) {
            found.push(url);
        }
    }
    found
}

/// What a link says: the address without its scheme (and without a bare trailing slash).
fn label(url: &str) -> String {
    let rest = url.trim_start_matches("https://");
    rest.strip_suffix('/').unwrap_or(rest).to_owned()
}

/// The links of `reply` that the shop's own FAQ answers contain, at most [`MAX_LINKS`].
pub async fn shop_links(db: &DbPool, shop_id: i64, reply: &str) -> Result<Vec<Link>, ApiError> {
    let in_reply = addresses(reply);
    if in_reply.is_empty() {
        return Ok(Vec::new());
    }
    let entries = faq::list(db, shop_id).await?;
    let written: Vec<&str> = entries
        .iter()
        .filter(|e| e.enabled)
        .flat_map(|e| addresses(&e.answer))
        .collect();
    Ok(in_reply
        .into_iter()
        .filter(|url| written.contains(url))
        .take(MAX_LINKS)
        .map(|url| Link {
            url: url.to_owned(),
            label: label(url),
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_found_without_the_sentences_punctuation() {
        assert_eq!(
            addresses("See https://shop.example/returns. Or (https://shop.example/faq), twice: https://shop.example/faq"),
            ["https://shop.example/returns", "https://shop.example/faq"]
        );
        assert!(addresses("http://plain.example and https:// alone").is_empty());
        assert_eq!(label("https://shop.example/"), "shop.example");
        assert_eq!(label("https://shop.example/a?b=1"), "shop.example/a?b=1");
    }
}
