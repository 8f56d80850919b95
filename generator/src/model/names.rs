//! Every naming rule of the generator, in one place.
//!
//! - Types are `PascalCase`, fields, methods and modules `snake_case` (heck).
//! - Characters other than ASCII letters and digits separate words; `+` becomes
//!   `Plus` and a `-` before a digit `Minus`, so `Etc/GMT+0` and `Etc/GMT-0`
//!   stay apart. A name of symbols only spells each out (`!=` -> `NotEq`).
//! - A name that would start with a digit gets a prefix (`V` for types and
//!   variants, `_` for fields), an empty name becomes `Empty`/`empty`.
//! - Rust keywords become raw identifiers (`r#type`); the few that cannot be
//!   raw (`self`, `Self`, `super`, `crate`, `_`) get a trailing underscore.
//! - Types never take the prelude names generated code uses ([`PRELUDE`]);
//!   resources never take the client's own methods or `mod`.
//! - Names that still collide are told apart by the caller with
//!   [`Taken::claim`], which appends 2, 3, ... in the order names are claimed
//!   (document order), so the result is deterministic.
//! - Inline schemas are named from where they stand: `Experience.app` is
//!   `ExperienceApp`, the items of `Experience.products` are
//!   `ExperienceProduct` ([`singular`]), an operation's inline request body is
//!   `{OperationId}Body`, its inline 2xx response `{OperationId}Response`, an
//!   inline error response `ErrorResponse`; such names are [`capped`].
//! - A type several differently named places share is named by what their
//!   names end with (`build::typespace::shared::neutral_name`).

use std::collections::BTreeSet;

use heck::{ToPascalCase, ToSnakeCase};

/// Splits a wire name into words, turning signs and symbols into something
/// the case converters keep apart.
fn words(raw: &str) -> String {
    if !raw.is_empty() && !raw.chars().any(|c| c.is_ascii_alphanumeric()) {
        return symbol_words(raw);
    }
    let mut out = String::with_capacity(raw.len() + 8);
    let mut chars = raw.chars().peekable();
    while let Some(ch) = chars.next() {
        let before_digit = chars.peek().is_some_and(char::is_ascii_digit);
        match ch {
            '+' => out.push_str(" Plus "),
            '-' if before_digit => out.push_str(" Minus "),
            c if c.is_ascii_alphanumeric() => out.push(c),
            _ => out.push(' '),
        }
    }
    out
}

/// A name of symbols only (an operator enum such as `=`, `!=`, `<=`): each
/// symbol spelled as a word (`Eq`, `NotEq`, `LtEq`), so that the values do
/// not all become `Empty`, `Empty2`, ...; a character without a word here
/// is its code point (`é` -> `U00e9`).
fn symbol_words(raw: &str) -> String {
    let mut out = String::new();
    for c in raw.chars() {
        let word = match c {
            '+' => "Plus",
            '-' => "Minus",
            '*' => "Star",
            '/' => "Slash",
            '\\' => "Backslash",
            '.' => "Dot",
            ',' => "Comma",
            ':' => "Colon",
            ';' => "Semicolon",
            '_' => "Underscore",
            '=' => "Eq",
            '!' => "Not",
            '<' => "Lt",
            '>' => "Gt",
            '~' => "Tilde",
            '@' => "At",
            '#' => "Hash",
            '$' => "Dollar",
            '%' => "Percent",
            '^' => "Caret",
            '&' => "And",
            '|' => "Or",
            '?' => "Question",
            '(' | '[' | '{' => "Open",
            ')' | ']' | '}' => "Close",
            '\'' | '"' | '`' => "Quote",
            c if c.is_whitespace() => "Space",
            c => {
                out.push_str(&format!(" U{:04X} ", u32::from(c)));
                continue;
            }
        };
        out.push(' ');
        out.push_str(word);
        out.push(' ');
    }
    out
}

/// Type and trait names of the prelude that generated code writes
/// unqualified; no generated type may take them.
pub const PRELUDE: &[&str] = &["String", "Vec", "Option", "Box", "Into", "From", "Default"];

/// `PascalCase` name for a type or enum variant.
pub fn type_name(raw: &str) -> String {
    let name = words(raw).to_pascal_case();
    if name.is_empty() {
        "Empty".to_string()
    } else if name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("V{name}")
    } else if name == "Self" {
        "Self_".to_string()
    } else {
        name
    }
}

/// Longest a type named from where it stands may be (`capped`).
pub const MAX_TYPE_NAME: usize = 64;

/// A type name of at most [`MAX_TYPE_NAME`] characters where whole words
/// allow: longer names keep their first words (up to 24 characters, where
/// the operation or schema they stand in is named) and as many last words
/// as fit (`CreateAdGroupBodyPlatformConfig...QuestionOptionLogic`, 96
/// characters -> `CreateAdGroupBodyQuestionDependentConditionalQuestionOptionLogic`).
/// Callers keep
/// names unique with [`Taken::claim`].
pub fn capped(name: &str) -> String {
    if name.len() <= MAX_TYPE_NAME {
        return name.to_string();
    }
    let words = pascal_words(name);
    let mut head = 0;
    let mut head_len = 0;
    while head < words.len() && head_len + words[head].len() <= 24 {
        head_len += words[head].len();
        head += 1;
    }
    let mut tail = words.len();
    let mut tail_len = 0;
    while tail > head + 1 && head_len + tail_len + words[tail - 1].len() <= MAX_TYPE_NAME {
        tail -= 1;
        tail_len += words[tail].len();
    }
    if tail == words.len() {
        // One last word longer than the room left: the name as it is.
        return name.to_string();
    }
    format!("{}{}", words[..head].concat(), words[tail..].concat())
}

/// `snake_case` name for a field, parameter, method or module, safe to use
/// as an identifier (`r#type` for keywords).
pub fn field_name(raw: &str) -> String {
    let mut name = words(raw).to_snake_case();
    if name.is_empty() {
        name = "empty".to_string();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name = format!("_{name}");
    }
    escape_keyword(name)
}

/// Like [`field_name`], but a keyword gets a trailing underscore instead of
/// `r#` (for names written inside `format!` strings).
pub fn plain_name(raw: &str) -> String {
    let name = field_name(raw);
    match name.strip_prefix("r#") {
        Some(keyword) => format!("{keyword}_"),
        None => name,
    }
}

/// Raw identifier or suffix for Rust keywords.
pub fn escape_keyword(name: String) -> String {
    const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];
    if NOT_RAW.contains(&name.as_str()) {
        return format!("{name}_");
    }
    if is_keyword(&name) {
        return format!("r#{name}");
    }
    name
}

/// The identifier without a leading `r#`.
pub fn unraw(name: &str) -> &str {
    name.strip_prefix("r#").unwrap_or(name)
}

fn is_keyword(name: &str) -> bool {
    const KEYWORDS: &[&str] = &[
        "as", "async", "await", "break", "const", "continue", "dyn", "else", "enum", "extern",
        "false", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move",
        "mut", "pub", "ref", "return", "static", "struct", "trait", "true", "type", "unsafe",
        "use", "where", "while", "abstract", "become", "box", "do", "final", "macro", "override",
        "priv", "try", "typeof", "unsized", "virtual", "yield",
    ];
    KEYWORDS.contains(&name)
}

/// A simple English singular for naming array items: `products` ->
/// `product`, `categories` -> `category`, `statuses` -> `status`; a word it
/// cannot make singular gets `Item` appended (`data` -> `dataItem`).
pub fn singular(word: &str) -> String {
    let lower = word.to_ascii_lowercase();
    if let Some(stem) = word.strip_suffix("ies").filter(|s| !s.is_empty()) {
        return format!("{stem}y");
    }
    for suffix in ["sses", "shes", "ches", "xes", "zes", "uses"] {
        if lower.ends_with(suffix) {
            return word[..word.len() - 2].to_string();
        }
    }
    if lower.ends_with("ss") || lower.ends_with("us") || lower.ends_with("is") {
        return format!("{word}Item");
    }
    match word.strip_suffix('s') {
        Some(stem) if !stem.is_empty() => stem.to_string(),
        _ => format!("{word}Item"),
    }
}

/// A set of names in one namespace (types of a crate, fields of a struct,
/// methods of a resource, variants of an enum).
#[derive(Debug, Default, Clone)]
pub struct Taken {
    names: BTreeSet<String>,
}

impl Taken {
    /// Claims `wanted`, or the first of `wanted2`, `wanted3`, ... that is
    /// free, and returns the name claimed. The number replaces a trailing
    /// `_` (`Self_` -> `Self2`: `Self_2` is not camel case), and follows a
    /// trailing digit after `_` (`Plus1` -> `Plus1_2`, not `Plus12`).
    pub fn claim(&mut self, wanted: &str) -> String {
        let mut name = wanted.to_string();
        // `type2` is no keyword: the number goes on the plain name.
        let stem = match unraw(wanted).trim_end_matches('_') {
            "" => unraw(wanted),
            stem => stem,
        };
        let separator = if stem.ends_with(|c: char| c.is_ascii_digit()) {
            "_"
        } else {
            ""
        };
        let mut n = 2;
        while self.names.contains(unraw(&name)) {
            name = format!("{stem}{separator}{n}");
            n += 1;
        }
        self.names.insert(unraw(&name).to_string());
        name
    }

    /// Whether `name` is claimed.
    pub fn contains(&self, name: &str) -> bool {
        self.names.contains(unraw(name))
    }
}

/// The method name for an operation on a resource: the operationId's words
/// without the resource's noun (`detachExperience` on `Experiences` ->
/// `detach`, `createCheckoutConfiguration` on `Checkout configurations` ->
/// `create`). When nothing is left, or the noun is not in it, the whole
/// operationId is kept (`listExperiencesForProduct` -> `list_for_product`).
/// Short names for sibling items named `titles` (PascalCase): the words all
/// of them begin with are dropped, as long as every name keeps at least one
/// word and does not start with a digit (`CreateTokenInputTypeAdd`,
/// `CreateTokenInputTypeSubtract` -> `Add`, `Subtract`). `None`s stay `None`
/// and do not count; fewer than two titles are kept whole.
pub fn distinct_suffixes(titles: &[Option<String>]) -> Vec<Option<String>> {
    let split: Vec<Option<Vec<String>>> = titles
        .iter()
        .map(|t| t.as_ref().map(|t| pascal_words(t)))
        .collect();
    let present: Vec<&Vec<String>> = split.iter().flatten().collect();
    let mut common = 0;
    if present.len() >= 2 {
        let shortest = present.iter().map(|w| w.len()).min().unwrap_or(0);
        while common + 1 < shortest && present.iter().all(|w| w[common] == present[0][common]) {
            common += 1;
        }
        // Never leave a name that starts with a digit.
        while common > 0
            && present
                .iter()
                .any(|w| w[common].starts_with(|c: char| c.is_ascii_digit()))
        {
            common -= 1;
        }
    }
    split
        .into_iter()
        .map(|words| words.map(|w| w[common..].concat()))
        .collect()
}

/// The words of a PascalCase name: `UsBankAccount` -> `Us`, `Bank`, `Account`.
pub fn pascal_words(name: &str) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    for c in name.chars() {
        match words.last_mut() {
            Some(word) if !c.is_ascii_uppercase() => word.push(c),
            _ => words.push(c.to_string()),
        }
    }
    words
}

pub fn method_name(operation_id: &str, tag: &str) -> String {
    let op: Vec<String> = words(operation_id)
        .to_snake_case()
        .split('_')
        .filter(|w| !w.is_empty())
        .map(String::from)
        .collect();
    let tag_words: Vec<String> = words(tag)
        .to_snake_case()
        .split('_')
        .filter(|w| !w.is_empty())
        .map(String::from)
        .collect();
    if tag_words.is_empty() {
        return field_name(operation_id);
    }
    let mut singular_words = tag_words.clone();
    if let Some(last) = singular_words.last_mut() {
        *last = singular(last).to_snake_case();
    }
    for noun in [&tag_words, &singular_words] {
        if let Some(start) = op
            .windows(noun.len())
            .position(|window| window == noun.as_slice())
        {
            let rest: Vec<&str> = op[..start]
                .iter()
                .chain(&op[start + noun.len()..])
                .map(String::as_str)
                .collect();
            if !rest.is_empty() {
                return field_name(&rest.join("_"));
            }
        }
    }
    field_name(operation_id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_names_are_pascal_case() {
        assert_eq!(type_name("Experience"), "Experience");
        assert_eq!(type_name("detach_experience"), "DetachExperience");
        assert_eq!(type_name("access-pass"), "AccessPass");
    }

    #[test]
    fn type_names_never_start_with_a_digit_or_are_empty() {
        assert_eq!(type_name("1_leading_digit"), "V1LeadingDigit");
        assert_eq!(type_name(""), "Empty");
        assert_eq!(type_name("Self"), "Self_");
    }

    #[test]
    fn signs_keep_names_apart() {
        assert_eq!(type_name("Etc/GMT+0"), "EtcGmtPlus0");
        assert_eq!(type_name("Etc/GMT-0"), "EtcGmtMinus0");
        assert_eq!(type_name("+1"), "Plus1");
        assert_eq!(type_name("-1"), "Minus1");
    }

    #[test]
    fn names_of_symbols_only_are_spelled_out() {
        assert_eq!(type_name("-"), "Minus");
        assert_eq!(type_name("!="), "NotEq");
        assert_eq!(type_name("<="), "LtEq");
        assert_eq!(type_name(">"), "Gt");
        assert_eq!(type_name("é"), "U00e9");
        assert_eq!(field_name("*"), "star");
        assert_eq!(field_name("$"), "dollar");
        assert_eq!(type_name(""), "Empty");
    }

    #[test]
    fn field_names_escape_keywords() {
        assert_eq!(field_name("type"), "r#type");
        assert_eq!(field_name("self"), "self_");
        assert_eq!(field_name("$ref"), "r#ref");
        assert_eq!(field_name("createdAt"), "created_at");
        assert_eq!(field_name("_leading_underscore"), "leading_underscore");
        assert_eq!(field_name("1st"), "_1st");
    }

    #[test]
    fn singular_forms() {
        assert_eq!(singular("products"), "product");
        assert_eq!(singular("categories"), "category");
        assert_eq!(singular("statuses"), "status");
        assert_eq!(singular("boxes"), "box");
        assert_eq!(singular("data"), "dataItem");
        assert_eq!(singular("address"), "addressItem");
    }

    #[test]
    fn claim_numbers_collisions_in_order() {
        let mut taken = Taken::default();
        assert_eq!(taken.claim("Foo"), "Foo");
        assert_eq!(taken.claim("Foo"), "Foo2");
        assert_eq!(taken.claim("Foo"), "Foo3");
        assert_eq!(taken.claim("r#type"), "r#type");
        assert_eq!(taken.claim("type"), "type2");
        // No number glued to a digit, no `_` before a number in a type name.
        assert_eq!(taken.claim("Plus1"), "Plus1");
        assert_eq!(taken.claim("Plus1"), "Plus1_2");
        assert_eq!(taken.claim("Self_"), "Self_");
        assert_eq!(taken.claim("Self_"), "Self2");
        assert_eq!(taken.claim("self_"), "self_");
        assert_eq!(taken.claim("self_"), "self2");
    }

    #[test]
    fn sibling_titles_keep_what_sets_them_apart() {
        let titles = |t: &[Option<&str>]| {
            distinct_suffixes(&t.iter().map(|t| t.map(String::from)).collect::<Vec<_>>())
        };
        assert_eq!(
            titles(&[Some("CreateInputTypeAdd"), Some("CreateInputTypeSubtract")]),
            vec![Some("Add".to_string()), Some("Subtract".to_string())]
        );
        // One title is a prefix of the other: each keeps a word.
        assert_eq!(
            titles(&[Some("InputWithPlan"), Some("InputWithPlanId")]),
            vec![Some("Plan".to_string()), Some("PlanId".to_string())]
        );
        assert_eq!(
            titles(&[Some("Card"), None, Some("Bank")]),
            vec![Some("Card".to_string()), None, Some("Bank".to_string())]
        );
        assert_eq!(
            titles(&[Some("OnlyOne")]),
            vec![Some("OnlyOne".to_string())]
        );
        assert_eq!(
            titles(&[Some("Version2"), Some("Version3")]),
            vec![Some("Version2".to_string()), Some("Version3".to_string())]
        );
    }

    #[test]
    fn method_names_drop_the_tag_noun() {
        assert_eq!(method_name("detachExperience", "Experiences"), "detach");
        assert_eq!(method_name("listExperiences", "Experiences"), "list");
        assert_eq!(
            method_name("createCheckoutConfiguration", "Checkout configurations"),
            "create"
        );
        assert_eq!(method_name("refundPayment", "Payments"), "refund");
        assert_eq!(method_name("getStats", "Other"), "get_stats");
        assert_eq!(method_name("experiences", "Experiences"), "experiences");
        assert_eq!(method_name("type", "Experiences"), "r#type");
    }

    #[test]
    fn long_type_names_keep_their_first_and_last_words() {
        assert_eq!(capped("PlanListItemInvoice"), "PlanListItemInvoice");
        let long = "CreateAdGroupBodyPlatformConfigMetaLeadFormConfigQuestionDependentConditionalQuestionOptionLogic";
        let cut = capped(long);
        assert_eq!(
            cut,
            "CreateAdGroupBodyQuestionDependentConditionalQuestionOptionLogic"
        );
        assert!(cut.len() <= MAX_TYPE_NAME);
        // One word longer than the room left: kept whole.
        let word = format!("A{}", "b".repeat(80));
        assert_eq!(capped(&word), word);
    }
}
