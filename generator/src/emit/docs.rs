//! Spec text -> rustdoc that builds without warnings and in which nothing
//! the spec wrote can be compiled or run.
//!
//! Descriptions are Markdown written for a web page, and a spec is
//! untrusted input. Left as they are, a bare URL warns
//! (`rustdoc::bare_urls`), `[x]` is taken for an intra-doc link, `<b>` for
//! HTML, and every code block whose info string rustdoc reads as Rust
//! (none, `rust`, `no_run`, `should_panic`, `edition2021`, ...; a fence
//! inside a list item or block quote, `~~~`, an indented block) becomes a
//! doctest that `cargo test` compiles and runs.
//!
//! So each spec text is parsed with pulldown-cmark, the parser rustdoc
//! itself uses, rather than scanned line by line: the parser alone knows
//! where CommonMark puts a code block (nested in containers, unclosed,
//! fenced with four backticks or tildes, indented, or not a code block at
//! all inside an HTML block). Every code block it finds is written out as
//! a ```` ```text ```` fence longer than any run of backticks in its content,
//! so the content cannot close it. The other lines keep their text, with
//! brackets and angle brackets escaped outside code spans, bare URLs
//! wrapped in `<...>`, indentation capped and a line that would open a
//! fence escaped.
//!
//! Then the rendering is parsed again as rustdoc will read it, followed by
//! a code block of the generator's: it must hold no code block but those
//! `text` fences, no HTML, and must leave the generator's block a block of
//! its own. A rendering that fails the check (a shape the line rules above
//! do not foresee) is replaced by the whole text in one `text` fence.
//! Spec text never becomes code.

use proc_macro2::TokenStream;
use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};
use quote::quote;

pub use crate::model::code_span;
use crate::model::{Doc, hidden};

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
        lines.extend(paragraph_lines(paragraph).into_iter().map(|line| {
            if line.is_empty() {
                line
            } else {
                format!(" {line}")
            }
        }));
    }
    lines
}

/// The Markdown extensions rustdoc turns on for doc bodies (its
/// `main_body_opts`), so that the check parses as rustdoc does.
fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
}

/// One spec text as doc lines without their leading space.
fn paragraph_lines(text: &str) -> Vec<String> {
    let text = clean(text);
    let rendered = render(&text);
    if is_inert(&rendered) {
        return rendered;
    }
    let whole = text_block(&text);
    if is_inert(&whole) {
        return whole;
    }
    // A text fence longer than every run of backticks always passes; this
    // is only a floor.
    vec!["(This text of the spec is left out: it could not be shown safely.)".to_string()]
}

/// Line breaks as `\n` only (CommonMark also ends a line at `\r`), tabs
/// expanded to the next multiple of four columns (as CommonMark reads
/// them; clippy warns about tabs in docs), and every [`hidden`] character
/// replaced by U+FFFD.
fn clean(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut column = 0;
    for c in text.replace("\r\n", "\n").chars() {
        match c {
            '\n' | '\r' => {
                out.push('\n');
                column = 0;
                continue;
            }
            '\t' => {
                let width = 4 - column % 4;
                out.extend(std::iter::repeat_n(' ', width));
                column += width;
                continue;
            }
            c if hidden(c) => out.push('\u{FFFD}'),
            c => out.push(c),
        }
        column += 1;
    }
    out
}

/// A code block of the text: where it is (byte offsets) and its content
/// as the parser reads it.
struct CodeBlock {
    start: usize,
    end: usize,
    content: String,
}

/// Every code block of a text, in order (code blocks never nest).
fn code_blocks(text: &str) -> Vec<CodeBlock> {
    let mut blocks = Vec::new();
    let mut current: Option<CodeBlock> = None;
    for (event, range) in Parser::new_ext(text, options()).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(_)) => {
                current = Some(CodeBlock {
                    start: range.start,
                    end: range.end,
                    content: String::new(),
                });
            }
            Event::Text(content) => {
                if let Some(block) = &mut current {
                    block.content.push_str(&content);
                }
            }
            Event::End(TagEnd::CodeBlock) => blocks.extend(current.take()),
            _ => {}
        }
    }
    blocks
}

/// The text's lines: code blocks as `text` fences, other lines as prose.
fn render(text: &str) -> Vec<String> {
    let mut blocks = code_blocks(text).into_iter().peekable();
    let mut out = Vec::new();
    let mut list_content: Option<usize> = None;
    // Lines before this offset belong to a code block already written.
    let mut skip_to = 0;
    let mut line_start = 0;
    for line in text.split('\n') {
        let start = line_start;
        let end = start + line.len();
        line_start = end + 1;
        if let Some(block) = blocks.next_if(|b| b.start <= end) {
            // What stands before the block on its first line: container
            // markers (`- `, `> `), or text.
            let before = text.get(start..block.start.max(start)).unwrap_or("");
            if !before.trim_matches(container_marker).is_empty() {
                out.push(escape_markdown(before.trim()));
            }
            text_fence(&mut out, &block.content);
            list_content = None;
            skip_to = skip_to.max(block.end);
            continue;
        }
        if start < skip_to {
            continue;
        }
        let trimmed = line.trim_start();
        if trimmed.is_empty() {
            out.push(String::new());
            list_content = None;
            continue;
        }
        let mut text = escape_markdown(trimmed.trim_end());
        // Not a code block in the text (it is in an HTML block, say): nor
        // in the rendering, where that HTML is escaped.
        if text.starts_with("```") || text.starts_with("~~~") {
            text.insert(0, '\\');
        }
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
        out.push(format!("{}{}", " ".repeat(indent), text));
    }
    out
}

/// Characters of the markers that open list items and block quotes.
fn container_marker(c: char) -> bool {
    c.is_whitespace() || c.is_ascii_digit() || matches!(c, '>' | '-' | '*' | '+' | '.' | ')')
}

/// A code block's content as a `text` fence the content cannot close.
fn text_fence(out: &mut Vec<String>, content: &str) {
    let fence = "`".repeat(longest_run(content, '`').max(2) + 1);
    out.push(format!("{fence}text"));
    out.extend(content.lines().map(|line| line.trim_end().to_string()));
    out.push(fence);
}

/// The whole text in one `text` fence: what a text whose rendering fails
/// the check becomes.
fn text_block(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    text_fence(&mut out, text);
    out
}

/// The length of the longest run of `c` in `text`.
fn longest_run(text: &str, c: char) -> usize {
    let (mut longest, mut run) = (0, 0);
    for ch in text.chars() {
        run = if ch == c { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    longest
}

/// What the check puts after a rendering: a code block of the generator's.
const SENTINEL: &str = "\n\n```no_run\nsentinel\n```\n";

/// Whether rendered lines are safe to put in a doc comment, read as
/// rustdoc reads them: every code block a `text` fence, no HTML, and a
/// code block written after them (as the generator's own examples are) is
/// a block of its own, at the top level, with its content intact.
fn is_inert(lines: &[String]) -> bool {
    let mut doc = lines.join("\n");
    doc.push_str(SENTINEL);
    let mut depth = 0usize;
    let mut sentinel: Option<String> = None;
    let mut sentinel_done = false;
    for event in Parser::new_ext(&doc, options()) {
        match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                let top_level = depth == 0;
                depth += 1;
                match kind {
                    CodeBlockKind::Fenced(info) if &*info == "text" && sentinel.is_none() => {}
                    CodeBlockKind::Fenced(info)
                        if &*info == "no_run" && top_level && sentinel.is_none() =>
                    {
                        sentinel = Some(String::new());
                    }
                    _ => return false,
                }
            }
            Event::Text(text) => {
                if let Some(content) = sentinel.as_mut().filter(|_| !sentinel_done) {
                    content.push_str(&text);
                }
            }
            Event::End(TagEnd::CodeBlock) => {
                depth = depth.saturating_sub(1);
                if sentinel.is_some() {
                    sentinel_done = true;
                }
            }
            Event::Html(_) | Event::InlineHtml(_) | Event::Start(Tag::HtmlBlock) => return false,
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    sentinel_done && sentinel.as_deref() == Some("sentinel\n") && {
        // The blocks before the sentinel read the same with it after
        // them: none is closed only by the end of the text (a fence in
        // a list item, say, takes in the blank line that follows it).
        let contents = |text: &str| -> Vec<String> {
            code_blocks(text).into_iter().map(|b| b.content).collect()
        };
        let mut with = contents(&doc);
        with.pop();
        with == contents(&lines.join("\n"))
    }
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

    /// Every code block of a doc, found as rustdoc finds doctests: the
    /// lines joined, their common leading space removed, parsed with
    /// rustdoc's options. `(Some(info), content)` for a fence, `(None,
    /// content)` for an indented block; a block of HTML or inline HTML
    /// counts as `(None, "<html>")`, since rustdoc passes it through.
    fn blocks_in(lines: &[String]) -> Vec<(Option<String>, String)> {
        let doc: Vec<&str> = lines
            .iter()
            .map(|l| {
                assert!(
                    l.is_empty() || l.starts_with(' '),
                    "{l:?} has no leading space"
                );
                l.strip_prefix(' ').unwrap_or(l)
            })
            .collect();
        let doc = doc.join("\n");
        let mut blocks = Vec::new();
        let mut current: Option<(Option<String>, String)> = None;
        for event in Parser::new_ext(&doc, options()) {
            match event {
                Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => {
                    current = Some((Some(info.to_string()), String::new()))
                }
                Event::Start(Tag::CodeBlock(CodeBlockKind::Indented)) => {
                    current = Some((None, String::new()))
                }
                Event::Text(t) => {
                    if let Some((_, content)) = &mut current {
                        content.push_str(&t);
                    }
                }
                Event::End(TagEnd::CodeBlock) => blocks.extend(current.take()),
                Event::Html(_) | Event::InlineHtml(_) => blocks.push((None, "<html>".into())),
                _ => {}
            }
        }
        blocks
    }

    /// Asserts that `text`, rendered, holds code blocks only as `text`
    /// fences, and that a code block of the generator's written after it is
    /// found whole, as a `no_run` doctest; returns the rendering.
    #[track_caller]
    fn assert_inert(text: &str) -> Vec<String> {
        let rendered = lines(text);
        let blocks = blocks_in(&rendered);
        for (info, content) in &blocks {
            assert_eq!(
                info.as_deref(),
                Some("text"),
                "{text:?} renders {rendered:#?}, which holds a code block rustdoc may run: {content:?}"
            );
        }
        let mut followed = rendered.clone();
        followed.extend([
            String::new(),
            " ```no_run".to_string(),
            " let generator = 1;".to_string(),
            " ```".to_string(),
        ]);
        let mut after = blocks_in(&followed);
        assert_eq!(
            after.pop(),
            Some((
                Some("no_run".to_string()),
                "let generator = 1;\n".to_string()
            )),
            "{text:?} renders {rendered:#?}, which changes how a code block after it reads"
        );
        assert_eq!(after, blocks, "{text:?}: a block after it changes it");
        rendered
    }

    /// The `text` fences of a rendering, their contents.
    fn text_blocks(text: &str) -> Vec<String> {
        blocks_in(&assert_inert(text))
            .into_iter()
            .map(|(_, content)| content)
            .collect()
    }

    #[test]
    fn fences_of_every_info_string_become_text() {
        for info in [
            "rust",
            "edition2021",
            "edition2024",
            "should_panic",
            "no_run",
            "ignore",
            "compile_fail",
            "test_harness",
            "standalone_crate",
            "rust,no_run",
            "ignore-x86_64",
            "text,rust",
            "{.rust}",
            "json",
            "unknown words here",
        ] {
            let text = format!(
                "Example:\n```{info}\nstd::fs::write(\"PWNED\", \"x\").unwrap();\n```\nAfter."
            );
            assert_eq!(
                assert_inert(&text),
                [
                    " Example:",
                    " ```text",
                    " std::fs::write(\"PWNED\", \"x\").unwrap();",
                    " ```",
                    " After."
                ],
                "info string {info:?}"
            );
        }
    }

    #[test]
    fn tilde_fences_and_long_fences_become_text() {
        assert_eq!(text_blocks("~~~rust\nrun();\n~~~"), ["run();\n"]);
        assert_eq!(text_blocks("~~~~\n~~~\nrun();\n~~~~"), ["~~~\nrun();\n"]);
        // Four backticks: a line of three inside does not close it, and the
        // rendering's fence is longer than any run inside.
        let rendered = assert_inert("````rust\n```\nrun();\n```\n````\nAfter.");
        assert_eq!(
            rendered,
            [" ````text", " ```", " run();", " ```", " ````", " After."]
        );
        assert_eq!(text_blocks("```rust\na ````` b\n```"), ["a ````` b\n"]);
    }

    #[test]
    fn indented_code_becomes_text() {
        assert_eq!(
            lines("a\n\n        b"),
            [" a", "", " ```text", "     b", " ```"]
        );
        assert_eq!(
            text_blocks("a\n\n    run();\n    again();"),
            ["run();\nagain();\n"]
        );
        assert_eq!(text_blocks("a\n\n\trun();"), ["run();\n"]);
        assert_eq!(text_blocks("a\n\n\t\trun();\tx"), ["    run();  x\n"]);
        // Tabs are spaces to the next multiple of four (clippy warns about
        // tabs in docs).
        assert_eq!(lines("a\tb\n\tc"), [" a   b", "    c"]);
        assert_eq!(text_blocks("a\n\n  \trun();"), ["run();\n"]);
        // Indented text that continues a paragraph is no code block, and is
        // not made one.
        assert_eq!(text_blocks("a\n        b"), Vec::<String>::new());
    }

    #[test]
    fn code_in_lists_and_block_quotes_becomes_text() {
        assert_eq!(
            text_blocks("- item\n\n  ```rust\n  run();\n  ```\n- next"),
            ["run();\n"]
        );
        assert_eq!(text_blocks("1. ```rust\n   run();\n   ```"), ["run();\n"]);
        assert_eq!(text_blocks("- a\n\n      run();"), ["run();\n"]);
        assert_eq!(text_blocks("- a\n  - b\n\n        run();"), ["run();\n"]);
        assert_eq!(
            text_blocks("> ```rust\n> run();\n> ```\n> after"),
            ["run();\n"]
        );
        assert_eq!(text_blocks("> quote\n>\n>     run();"), ["run();\n"]);
        assert_eq!(text_blocks("> - ```\n>   run();\n>   ```"), ["run();\n"]);
    }

    #[test]
    fn unclosed_and_mismatched_fences_become_text() {
        assert_eq!(text_blocks("```rust\nrun();"), ["run();\n"]);
        // A tilde line does not close a backtick fence, nor a shorter one a
        // longer: all of it is the block's.
        assert_eq!(
            text_blocks("```rust\nrun();\n~~~\nmore();"),
            ["run();\n~~~\nmore();\n"]
        );
        assert_eq!(
            text_blocks("````\nrun();\n```\nmore();"),
            ["run();\n```\nmore();\n"]
        );
        // A closing fence with an info string is content.
        assert_eq!(
            text_blocks("```\nrun();\n```rust\nmore();\n```"),
            ["run();\n```rust\nmore();\n"]
        );
        // Unclosed in one text, it does not reach into the next.
        let mut doc = Doc::default();
        doc.push(Some("```rust\nrun();"));
        doc.push(Some("```rust\nagain();\n```"));
        let rendered = doc_lines(&doc);
        assert_eq!(
            blocks_in(&rendered),
            [
                (Some("text".to_string()), "run();\n".to_string()),
                (Some("text".to_string()), "again();\n".to_string())
            ]
        );
    }

    #[test]
    fn fences_inside_html_stay_text() {
        // In an HTML block the fence is not a code block; with the HTML
        // escaped it must not become one.
        assert_eq!(
            text_blocks("<pre>\n```rust\nrun();\n```\n</pre>"),
            Vec::<String>::new()
        );
        assert_eq!(
            text_blocks("<div>\n```rust\nrun();\n```\n</div>"),
            Vec::<String>::new()
        );
        assert_eq!(text_blocks("<!--\n\n    run();\n-->"), Vec::<String>::new());
        assert_eq!(text_blocks("<pre>\n\n    run();\n"), Vec::<String>::new());
        // HTML left open does not swallow what the generator writes next.
        assert_inert("<!-- open");
        assert_inert("<pre>");
        assert_inert("<![CDATA[");
        assert_inert("<?php");
        assert_inert("<!DOCTYPE");
        assert_inert("<script>\n```rust\nrun();\n```");
    }

    #[test]
    fn carriage_returns_end_lines() {
        // CommonMark ends a line at a lone `\r`; so does the rendering.
        assert_eq!(text_blocks("x\r```rust\rrun();\r```"), ["run();\n"]);
        assert_eq!(
            text_blocks("x\r\n```rust\r\nrun();\r\n```\r\n"),
            ["run();\n"]
        );
        assert_eq!(text_blocks("x\r\r    run();"), ["run();\n"]);
        assert!(lines("a\rb").iter().all(|l| !l.contains('\r')));
    }

    #[test]
    fn control_and_bidi_characters_are_replaced() {
        assert_eq!(
            lines("a\u{202E}b\u{0}c\u{1b}[31m"),
            [" a\u{FFFD}b\u{FFFD}c\u{FFFD}\\[31m"]
        );
        assert_eq!(text_blocks("```\n\u{2066}x\n```"), ["\u{FFFD}x\n"]);
    }

    #[test]
    fn text_that_fails_the_check_is_one_text_block() {
        // A rendering the check refuses gives way to the whole text.
        assert_eq!(
            text_block("a\n```rust\nb ````"),
            ["`````text", "a", "```rust", "b ````", "`````"]
        );
        assert!(is_inert(&text_block("````\n```rust\n<pre>\n\n    x")));
        assert!(!is_inert(&[
            "```rust".to_string(),
            "x".to_string(),
            "```".to_string()
        ]));
        assert!(!is_inert(&["    x".to_string()]));
        assert!(!is_inert(&["```text".to_string()]));
        assert!(!is_inert(&["<pre>".to_string()]));
        assert!(!is_inert(&[
            "- a".to_string(),
            String::new(),
            "      x".to_string()
        ]));
    }

    #[test]
    fn code_spans_hold_any_text_on_one_line() {
        assert_eq!(code_span("name"), "`name`");
        assert_eq!(code_span(""), "``");
        assert_eq!(code_span("a`b"), "``a`b``");
        assert_eq!(code_span("`a"), "`` `a ``");
        assert_eq!(
            code_span("a\n```rust\nrun();"),
            "````a\\n```rust\\nrun();````"
        );
        assert_eq!(code_span("\r\u{202E}"), "`\\r\\u{202e}`");
        for text in [
            "x\n\n    run();",
            "```",
            "a\n```rust\nrun();\n```",
            "``` x ```",
        ] {
            let line = format!(" Sets {}.", code_span(text));
            assert!(!line.contains('\n'));
            assert_eq!(blocks_in(&[line]), Vec::new(), "{text:?}");
            let line = format!(" {}", code_span(text));
            assert_eq!(blocks_in(&[line]), Vec::new(), "{text:?}");
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]

        /// Any text made of the pieces Markdown's block structure is made
        /// of renders inert.
        #[test]
        fn any_text_renders_inert(pieces in proptest::collection::vec(0usize..PIECES.len(), 0..40)) {
            let text: String = pieces.iter().map(|&i| PIECES[i]).collect();
            assert_inert(&text);
        }
    }

    const PIECES: &[&str] = &[
        "```",
        "````",
        "~~~",
        "rust",
        "text",
        "no_run",
        "\n",
        "\n",
        "\n\n",
        "\r",
        " ",
        "  ",
        "    ",
        "\t",
        "- ",
        "* ",
        "1. ",
        "2) ",
        "> ",
        "<pre>",
        "</pre>",
        "<!--",
        "-->",
        "<div>",
        "`",
        "``",
        "x",
        "run();",
        "[a]",
        "<b>",
        "|",
        "---",
        "===",
        "#",
        "\\",
        "https://a.test",
    ];
}
