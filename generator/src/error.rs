//! The generator's one error type: what went wrong, in which file, and where
//! in the document (a JSON pointer such as `#/paths/~1experiences/post`).

use std::borrow::Cow;
use std::fmt;

/// An error found while reading, lowering or modelling a spec.
///
/// `Display` prints one line: `FILE: POINTER: MESSAGE` (the pointer is left out
/// when the problem is with the file as a whole), each part `printable`:
/// the message quotes spec text, which must not reach a terminal raw.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    /// The spec file the error is in, as the caller named it.
    pub file: String,
    /// JSON pointer into the document, in URI fragment form (`#/a/b~1c`);
    /// empty when the error is about the whole file.
    pub pointer: String,
    /// What is wrong, in a sentence.
    pub message: String,
}

impl Error {
    /// An error at `pointer` (a JSON pointer such as `#/components/schemas/Foo`).
    pub fn at(file: &str, pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Error {
            file: file.to_string(),
            pointer: pointer.into(),
            message: message.into(),
        }
    }

    /// An error about the file as a whole (unreadable, not YAML, ...).
    pub fn file(file: &str, message: impl Into<String>) -> Self {
        Error::at(file, "", message)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (file, message) = (printable(&self.file), printable(&self.message));
        if self.pointer.is_empty() {
            write!(f, "{file}: {message}")
        } else {
            write!(f, "{file}: {}: {message}", printable(&self.pointer))
        }
    }
}

impl std::error::Error for Error {}

/// `text` with every character that could act on a terminal, rather than
/// show, written as an escape: control characters (`\n` and `\t` as such,
/// ESC as `\u{1b}`, ...) and the bidirectional controls that reorder what
/// follows them (`\u{202e}`). Spec text (names, URLs, values) goes into
/// notes and error messages, which are printed; with this, a spec cannot
/// move the cursor, recolour, retitle or hide text on its reader's screen.
pub fn printable(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() || is_bidi_control(c) => {
                out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
            }
            c => out.push(c),
        }
    }
    out
}

/// Unicode's explicit bidirectional formatting characters (UAX #9).
fn is_bidi_control(c: char) -> bool {
    matches!(
        c,
        '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
    )
}

/// The JSON pointer a local `$ref` (`#/a/b%7Bc%7D`) names, its URI
/// fragment percent-decoded (RFC 6901, section 6): `/a/b{c}`. `None` when
/// it is not a local reference or its percent escapes are not UTF-8.
pub fn fragment_pointer(reference: &str) -> Option<Cow<'_, str>> {
    let fragment = reference.strip_prefix('#')?;
    if !fragment.contains('%') {
        return Some(Cow::Borrowed(fragment));
    }
    let bytes = fragment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = fragment.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok().map(Cow::Owned)
}

/// Escapes one reference token for a JSON pointer (RFC 6901: `~` -> `~0`, `/` -> `~1`).
pub fn escape_token(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// Joins a pointer and one more token: `child("#/paths", "/a")` is `#/paths/~1a`.
pub fn child(pointer: &str, token: &str) -> String {
    format!("{}/{}", pointer, escape_token(token))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn printable_escapes_what_acts_on_a_terminal() {
        assert_eq!(printable("plain `text`, ünïcode"), "plain `text`, ünïcode");
        assert_eq!(
            printable("a\u{1b}[2Jb\nc\rd\te\u{7}\u{9b}f\u{202e}g\u{2066}"),
            "a\\u{1b}[2Jb\\nc\\rd\\te\\u{7}\\u{9b}f\\u{202e}g\\u{2066}"
        );
    }

    #[test]
    fn fragments_are_percent_decoded() {
        assert_eq!(
            fragment_pointer("#/paths/~1a~1%7Bid%7D/get").as_deref(),
            Some("/paths/~1a~1{id}/get")
        );
        assert_eq!(fragment_pointer("#/a/%C3%A9").as_deref(), Some("/a/é"));
        assert_eq!(fragment_pointer("#").as_deref(), Some(""));
        for bad in ["#/a%", "#/a%7", "#/a%zz", "#/%FF", "other.yaml#/a"] {
            assert_eq!(fragment_pointer(bad), None, "{bad}");
        }
    }

    #[test]
    fn errors_display_spec_text_escaped() {
        let e = Error::at(
            "x\u{1b}.yml",
            "#/paths/~1a\u{7}",
            "`$ref: #/\u{1b}]0;title\u{7}` resolves to nothing",
        );
        assert_eq!(
            e.to_string(),
            "x\\u{1b}.yml: #/paths/~1a\\u{7}: `$ref: #/\\u{1b}]0;title\\u{7}` resolves to nothing"
        );
        // The error keeps the text as it was, for callers that match on it.
        assert!(e.message.contains('\u{1b}'));
    }
}
