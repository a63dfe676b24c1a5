//! Pieces of markup the Settings and Install pages share: a field's problems, and text
//! written the way these pages always have.

use maud::{html, Escaper, Markup, Render};

use super::settings_form::FieldProblem;

/// Text escaped by maud, with `'` also written `&#39;` as the pages always have (the page
/// tests look for it). maud alone leaves `'` as it is, which is safe in its double-quoted
/// attributes.
pub struct Text<'a>(pub &'a str);

impl Render for Text<'_> {
    fn render_to(&self, buffer: &mut String) {
        use std::fmt::Write;
        let mut parts = self.0.split('\'');
        if let Some(first) = parts.next() {
            let _ = Escaper::new(buffer).write_str(first);
        }
        for part in parts {
            buffer.push_str("&#39;");
            let _ = Escaper::new(buffer).write_str(part);
        }
    }
}

/// The problems of `field`, each beside it (nothing when it has none).
pub fn field_errors(problems: &[FieldProblem], field: &str) -> Markup {
    html! {
        @for (_, message) in problems.iter().filter(|(f, _)| *f == field) {
            span.field-error role="alert" { (Text(message)) }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_with_apostrophes_as_entities() {
        let markup = html! { p title=(Text("it's \"<b>\"")) { (Text("a & 'b' <i>")) } };
        assert_eq!(
            markup.into_string(),
            "<p title=\"it&#39;s &quot;&lt;b&gt;&quot;\">a &amp; &#39;b&#39; &lt;i&gt;</p>"
        );
    }
}
