//! Line counting: the physical line a CSV record starts on, as a spreadsheet shows it.

/// Physical line numbers (1-based, as a spreadsheet or editor shows them) of records.
///
/// csv's own `Position::line` lags one line behind in CRLF files (both Shopify samples are
/// CRLF) and after blank lines, so lines are counted here from the record's byte offset.
pub(super) struct LineIndex<'a> {
    bytes: &'a [u8],
    /// Offset just past each line break (`\r\n`, `\n`, or a lone `\r`).
    break_ends: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub(super) fn new(bytes: &'a [u8]) -> Self {
        let break_ends = bytes
            .iter()
            .enumerate()
            .filter(|&(at, &byte)| {
                byte == b'\n' || (byte == b'\r' && bytes.get(at + 1) != Some(&b'\n'))
            })
            .map(|(at, _)| at + 1)
            .collect();
        LineIndex { bytes, break_ends }
    }

    pub(super) fn line_at(&self, position: Option<&csv::Position>) -> u64 {
        let offset = position.map_or(0, csv::Position::byte);
        let mut start = usize::try_from(offset).unwrap_or(self.bytes.len());
        // csv's offset is where it started consuming: possibly the tail of the previous
        // line break or blank lines, never the record's own first byte being a line break.
        while matches!(self.bytes.get(start), Some(b'\r' | b'\n')) {
            start += 1;
        }
        let breaks_before = self.break_ends.partition_point(|&end| end <= start);
        u64::try_from(breaks_before).map_or(u64::MAX, |breaks| breaks + 1)
    }
}

#[cfg(test)]
mod tests {
    use crate::catalog::import::test_support::{parse, product, with_header, HEADER};

    #[test]
    fn a_quoted_multi_line_body_keeps_later_line_numbers_physical() {
        let csv = with_header(&[
            "lamp,Lamp,\"<p>Bright</p>\n<p>and\n\nwarm</p>\",,,,true,Title,Default Title,,,,,,,,40,,,,,,",
            "lamp,,,,,,,,Other,,,,,,,,oops,,,,,,",
        ]);
        let outcome = parse(&csv);
        let lamp = product(&outcome, "lamp");
        assert_eq!(lamp.body_text, "Bright and warm");
        assert!(
            lamp.body_html.contains("<p>Bright</p>"),
            "{}",
            lamp.body_html
        );
        assert_eq!(outcome.skipped.len(), 1);
        assert_eq!(
            outcome.skipped[0].line, 6,
            "the record after a 4-line cell starts on line 6"
        );
    }

    #[test]
    fn crlf_line_endings_and_a_bom_are_handled() {
        let csv = format!(
            "\u{feff}{}\r\nsock,Sock,,,,,true,Title,Default Title,,,,,,,,5,,,,,,\r\n\r\nsock,,,,,,,,Pair,,,,,,,,bad,,,,,,\r\n",
            HEADER
        );
        let outcome = parse(&csv);
        let sock = product(&outcome, "sock");
        assert_eq!(
            sock.variants[0].options[0].as_deref(),
            Some("Default Title")
        );
        assert_eq!(sock.variants[0].price_minor, 500);
        assert_eq!(outcome.skipped[0].line, 4, "the blank line 3 counts too");
    }

    #[test]
    fn line_numbers_count_every_kind_of_line_break() {
        let csv =
            "Handle,Title,Variant Price\r\na,A,x\r\n\r\nb,B,\"1\r\n2\"\r\nc,C,y\nd,D,z\re,E,w";
        let outcome = parse(csv);
        let lines: Vec<u64> = outcome
            .skipped
            .iter()
            .filter(|row| row.reason.starts_with("invalid"))
            .map(|row| row.line)
            .collect();
        assert_eq!(lines, [2, 4, 6, 7, 8]);
    }
}
