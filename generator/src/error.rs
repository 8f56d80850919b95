//! The generator's one error type: what went wrong, in which file, and where
//! in the document (a JSON pointer such as `#/paths/~1experiences/post`).

use std::fmt;

/// An error found while reading, lowering or modelling a spec.
///
/// `Display` prints one line: `FILE: POINTER: MESSAGE` (the pointer is left out
/// when the problem is with the file as a whole).
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
        if self.pointer.is_empty() {
            write!(f, "{}: {}", self.file, self.message)
        } else {
            write!(f, "{}: {}: {}", self.file, self.pointer, self.message)
        }
    }
}

impl std::error::Error for Error {}

/// Escapes one reference token for a JSON pointer (RFC 6901: `~` -> `~0`, `/` -> `~1`).
pub fn escape_token(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// Joins a pointer and one more token: `child("#/paths", "/a")` is `#/paths/~1a`.
pub fn child(pointer: &str, token: &str) -> String {
    format!("{}/{}", pointer, escape_token(token))
}
