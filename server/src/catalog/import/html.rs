//! Product descriptions: ammonia sanitising, and the plain-text version kept for search and
//! the assistant.

use std::collections::{HashMap, HashSet};

/// Keeps the formatting a product description needs and nothing that can run, restyle
/// the page or load content: no scripts, styles, event handlers, images or frames, and
/// links only to http(s)/mailto, opened without giving the shop's page away.
pub(super) fn sanitize_html(html: &str) -> String {
    let tags = [
        "p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "a", "h3", "h4", "h5", "h6", "span",
    ];
    ammonia::Builder::default()
        .tags(HashSet::from(tags))
        .generic_attributes(HashSet::new())
        .tag_attributes(HashMap::from([("a", HashSet::from(["href"]))]))
        .url_schemes(HashSet::from(["http", "https", "mailto"]))
        .link_rel(Some("noopener noreferrer nofollow"))
        .clean(html)
        .to_string()
}

/// Plain text of sanitised HTML: tags removed (block tags become spaces so words don't run
/// together), the few entities the sanitiser emits decoded, whitespace collapsed.
///
/// Only for [`sanitize_html`] output: that is well-formed, quotes every attribute value and
/// escapes every `<` in text, which this small scanner relies on.
pub(super) fn html_to_text(html: &str) -> String {
    const INLINE: [&str; 6] = ["a", "b", "i", "em", "strong", "span"];
    let mut text = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        text.push_str(&rest[..start]);
        let tag = &rest[start + 1..];
        let mut in_quotes = false;
        let end = tag
            .char_indices()
            .find(|&(_, c)| {
                if c == '"' {
                    in_quotes = !in_quotes;
                }
                c == '>' && !in_quotes
            })
            .map_or(tag.len(), |(index, _)| index);
        let name: String = tag[..end]
            .trim_start_matches('/')
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect();
        if !INLINE.contains(&name.to_ascii_lowercase().as_str()) {
            text.push(' ');
        }
        rest = tag.get(end + 1..).unwrap_or("");
    }
    text.push_str(rest);

    let decoded = text
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&nbsp;", " ")
        .replace("&quot;", "\"")
        .replace("&amp;", "&");
    decoded.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use crate::catalog::import::test_support::{parse, product, with_header};

    #[test]
    fn hostile_html_is_stripped_and_a_plain_text_version_is_kept() {
        let body = r#"<h1>Big</h1><p onclick="steal()" style="color:red">Nice &amp; <strong>warm</strong>&nbsp;wool</p><script>alert(1)</script><img src=x onerror="alert(2)"><a href="javascript:alert(3)">bad</a> <a href="https://maker.example/about" target="_blank">maker</a><iframe src="https://evil.example"></iframe><style>p{}</style><ul><li>one</li><li>two</li></ul>"#;
        let csv = with_header(&[&format!(
            "scarf,Scarf,\"{}\",,,,true,Title,Default Title,,,,,,,,20,,,,,,",
            body.replace('"', "\"\"")
        )]);
        let outcome = parse(&csv);
        let scarf = product(&outcome, "scarf");
        let html = &scarf.body_html;
        for banned in [
            "<script",
            "alert",
            "onerror",
            "onclick",
            "style",
            "javascript:",
            "<img",
            "<iframe",
            "<h1",
            "target",
        ] {
            assert!(!html.contains(banned), "{banned} survived in {html}");
        }
        assert!(html.contains("<strong>warm</strong>"), "{html}");
        assert!(
            html.contains(r#"<a href="https://maker.example/about" rel="noopener noreferrer nofollow">maker</a>"#),
            "{html}"
        );
        assert_eq!(scarf.body_text, "Big Nice & warm wool bad maker one two");
    }
}
