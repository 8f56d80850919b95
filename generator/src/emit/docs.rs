//! Spec text -> rustdoc that builds without warnings and runs no doctests.
//!
//! Descriptions are Markdown written for a web page. Left as they are, a
//! bare URL warns (`rustdoc::bare_urls`), `[x]` is taken for an intra-doc
//! link, `<b>` for HTML, and a fenced or indented block for a Rust doctest.
//! Outside code spans this escapes brackets and angle brackets, wraps bare
//! URLs in `<...>`, marks untyped fences as `text` and caps indentation.

use proc_macro2::TokenStream;
use quote::quote;

use crate::model::Doc;

/// `#[doc = "..."]` attributes for a doc, one per line.
pub fn doc_attrs(doc: &Doc) -> TokenStream {
    let lines = doc_lines(doc);
    quote! { #( #[doc = #lines] )* }
}

/// The doc's lines (each with its leading space), paragraphs separated by
/// empty lines.
pub fn doc_lines(doc: &Doc) -> Vec<String> {
    let mut lines = Vec::new();
    for (i, paragraph) in doc.paragraphs.iter().enumerate() {
        if i > 0 {
            lines.push(String::new());
        }
        let mut in_fence = false;
        let mut list_content: Option<usize> = None;
        for line in paragraph.lines() {
            let trimmed = line.trim_start();
            if trimmed.starts_with("```") {
                if !in_fence && trimmed.trim_end() == "```" {
                    lines.push(" ```text".to_string());
                } else {
                    lines.push(format!(" {}", trimmed.trim_end()));
                }
                in_fence = !in_fence;
                continue;
            }
            if in_fence {
                lines.push(format!(" {}", line.trim_end()));
                continue;
            }
            if trimmed.is_empty() {
                lines.push(String::new());
                list_content = None;
                continue;
            }
            let text = escape_markdown(trimmed.trim_end());
            let indent = match (list_marker(trimmed), list_content) {
                (Some(marker), _) => {
                    let indent = (line.len() - trimmed.len()).min(3);
                    list_content = Some(indent + marker);
                    indent
                }
                // A line right after a list item continues it: indent it to
                // the item's text (rustdoc warns about "lazy" continuations).
                (None, Some(content)) => content,
                (None, None) => (line.len() - trimmed.len()).min(3),
            };
            lines.push(format!(" {}{}", " ".repeat(indent), text));
        }
        if in_fence {
            lines.push(" ```".to_string());
        }
    }
    lines
}

/// The width of the list marker a line starts with (`- `, `* `, `+ `, `1. `,
/// `2) `), if it starts with one.
fn list_marker(line: &str) -> Option<usize> {
    if line.starts_with("- ") || line.starts_with("* ") || line.starts_with("+ ") {
        return Some(2);
    }
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    let rest = &line[digits..];
    (digits > 0 && digits < 10 && (rest.starts_with(". ") || rest.starts_with(") ")))
        .then_some(digits + 2)
}

/// Escapes one line outside its code spans.
fn escape_markdown(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    for (i, part) in line.split('`').enumerate() {
        if i > 0 {
            out.push('`');
        }
        // Odd parts are inside a code span (when the backticks pair up).
        let in_code = i % 2 == 1 && line.matches('`').count().is_multiple_of(2);
        if in_code {
            out.push_str(part);
        } else {
            out.push_str(&escape_text(part));
        }
    }
    out
}

fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while !rest.is_empty() {
        if let Some(len) = url_len(rest) {
            out.push('<');
            out.push_str(&rest[..len]);
            out.push('>');
            rest = &rest[len..];
            continue;
        }
        let Some(ch) = rest.chars().next() else { break };
        match ch {
            '[' | ']' | '<' | '>' => {
                out.push('\\');
                out.push(ch);
            }
            _ => out.push(ch),
        }
        rest = &rest[ch.len_utf8()..];
    }
    out
}

/// The length of a URL starting `text`, if one does.
fn url_len(text: &str) -> Option<usize> {
    if !(text.starts_with("http://") || text.starts_with("https://")) {
        return None;
    }
    let end = text
        .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '`' | ')' | ']'))
        .unwrap_or(text.len());
    // Trailing punctuation ends the sentence, not the URL.
    let url = text[..end].trim_end_matches(['.', ',', ';', ':', '!', '?', '\'']);
    Some(url.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<String> {
        let mut doc = Doc::default();
        doc.push(Some(text));
        doc_lines(&doc)
    }

    #[test]
    fn bare_urls_become_autolinks() {
        assert_eq!(
            lines("See https://docs.whop.com/api for more."),
            [" See <https://docs.whop.com/api> for more."]
        );
    }

    #[test]
    fn brackets_and_html_are_escaped_outside_code() {
        assert_eq!(lines("a [b] <c> `[d] <e>`"), [r" a \[b\] \<c\> `[d] <e>`"]);
    }

    #[test]
    fn lines_after_a_list_item_continue_it() {
        assert_eq!(
            lines("1) `map`:\n   keyed lists.\nDefaults to atomic.\n\nNext."),
            [
                " 1) `map`:",
                "    keyed lists.",
                "    Defaults to atomic.",
                "",
                " Next."
            ]
        );
    }

    #[test]
    fn untyped_fences_are_text() {
        assert_eq!(
            lines("x\n```\nlet a = 1;\n```"),
            [" x", " ```text", " let a = 1;", " ```"]
        );
    }

    #[test]
    fn indentation_never_makes_a_code_block() {
        assert_eq!(lines("a\n\n        b"), [" a", "", "    b"]);
    }
}
