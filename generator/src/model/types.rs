//! Types of the model: what each schema becomes in Rust.

/// A reference to a Rust type, as it is written where it is used.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TypeRef {
    String,
    Bool,
    I32,
    I64,
    /// `u32` (`format: uint8`, `uint16`, `uint32`).
    U32,
    /// `u64` (`format: uint64`): `i64` would refuse its upper half.
    U64,
    F64,
    /// `chrono::DateTime<chrono::Utc>` (`format: date-time`).
    DateTime,
    /// `serde_json::Value`: a schema with no type, or one the generator
    /// cannot express more precisely.
    Json,
    /// A type defined in the crate's `models` module.
    Named(String),
    Vec(Box<TypeRef>),
    /// `BTreeMap<String, T>` (`additionalProperties`).
    Map(Box<TypeRef>),
    /// `Option<T>`: the schema admits `null`.
    Option(Box<TypeRef>),
    /// `Box<T>`: breaks a recursive cycle.
    Boxed(Box<TypeRef>),
}

impl TypeRef {
    /// `Option<self>`, without doubling an existing option.
    pub fn optional(self) -> TypeRef {
        match self {
            TypeRef::Option(_) => self,
            other => TypeRef::Option(Box::new(other)),
        }
    }

    /// The type without the `Option` that says its schema admits `null`.
    pub fn non_null(self) -> TypeRef {
        match self {
            TypeRef::Option(inner) => *inner,
            other => other,
        }
    }

    /// A string, number, boolean or date-time: written as text of its own.
    pub fn is_primitive(&self) -> bool {
        matches!(
            self,
            TypeRef::String
                | TypeRef::Bool
                | TypeRef::I32
                | TypeRef::I64
                | TypeRef::U32
                | TypeRef::U64
                | TypeRef::F64
                | TypeRef::DateTime
        )
    }

    /// The named types this reference mentions, outermost first.
    pub fn named(&self) -> Option<&str> {
        match self {
            TypeRef::Named(name) => Some(name),
            TypeRef::Vec(inner)
            | TypeRef::Map(inner)
            | TypeRef::Option(inner)
            | TypeRef::Boxed(inner) => inner.named(),
            _ => None,
        }
    }

    /// Whether this is a chrono date-time anywhere inside.
    pub fn uses_datetime(&self) -> bool {
        match self {
            TypeRef::DateTime => true,
            TypeRef::Vec(inner)
            | TypeRef::Map(inner)
            | TypeRef::Option(inner)
            | TypeRef::Boxed(inner) => inner.uses_datetime(),
            _ => false,
        }
    }
}

/// Rustdoc for an item: the spec's title/summary, description and example.
/// Each paragraph is Markdown and may be the spec's text as it is: the
/// emitter renders it so that no code block of it can become a doctest
/// (`emit::docs`). Text the generator writes around the spec's quotes it
/// with [`code_span`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Doc {
    /// Paragraphs in order; emitted separated by blank lines.
    pub paragraphs: Vec<String>,
}

impl Doc {
    pub fn push(&mut self, text: Option<&str>) {
        if let Some(text) = text.map(str::trim).filter(|t| !t.is_empty())
            && !self.paragraphs.iter().any(|p| p == text)
        {
            self.paragraphs.push(text.to_string());
        }
    }

    pub fn is_empty(&self) -> bool {
        self.paragraphs.is_empty()
    }
}

/// A text of the spec as inline code on one line, for documentation the
/// generator writes around it (`Sets `name`.`): line breaks and other
/// control characters are shown escaped (`\n`), and the span is delimited
/// by more backticks than any run inside it, so no text can end it early.
pub fn code_span(text: &str) -> String {
    let mut inner = String::with_capacity(text.len());
    for c in text.chars() {
        if hidden(c) || c == '\n' {
            inner.extend(c.escape_debug());
        } else {
            inner.push(c);
        }
    }
    if inner.is_empty() {
        return "``".to_string();
    }
    let mut longest = 0;
    for run in inner.split(|c| c != '`') {
        longest = longest.max(run.len());
    }
    let fence = "`".repeat(longest + 1);
    // A space each side keeps a backtick at an end from joining the fence
    // (CommonMark strips one space each side when both are there).
    let pad = inner.starts_with('`')
        || inner.ends_with('`')
        || (inner.starts_with(' ') && inner.ends_with(' ') && !inner.trim().is_empty());
    let pad = if pad { " " } else { "" };
    format!("{fence}{pad}{inner}{pad}{fence}")
}

/// A text of the spec as a fenced code block of its own, its fence longer
/// than any run of backticks inside (the emitter makes every code block a
/// `text` one).
pub fn code_block(text: &str) -> String {
    let mut longest = 0;
    for run in text.split(|c| c != '`') {
        longest = longest.max(run.len());
    }
    let fence = "`".repeat(longest.max(2) + 1);
    format!("{fence}text\n{}\n{fence}", text.trim_end())
}

/// Characters no doc line may hold as they are: control characters but
/// tab and line feed (a lone `\r` ends a Markdown line, and is refused in
/// a `///` comment), and the bidirectional-text controls, which rustc
/// refuses in comments (`text_direction_codepoint_in_comment`).
pub(crate) fn hidden(c: char) -> bool {
    (c.is_control() && c != '\t' && c != '\n')
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// A type the generated crate defines in `models`.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    pub name: String,
    pub doc: Doc,
    pub kind: TypeKind,
    /// Sent in requests: needs `Serialize`.
    pub serialize: bool,
    /// Received in responses: needs `Deserialize`.
    pub deserialize: bool,
    /// JSON pointer of the schema it came from.
    pub pointer: String,
}

#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    Struct(Struct),
    Enum(Enum),
    Union(Union),
    /// `pub type Name = T;`
    Alias(TypeRef),
    /// `pub struct Name(pub T);`, serialized as `T`: what an alias becomes
    /// when it refers to itself (`type A = Vec<A>` does not compile).
    Newtype(TypeRef),
}

impl TypeKind {
    /// The type references a definition holds.
    pub fn referenced(&self) -> Vec<&TypeRef> {
        match self {
            TypeKind::Struct(s) => s
                .fields
                .iter()
                .chain(&s.additional)
                .map(|f| &f.ty)
                .collect(),
            TypeKind::Union(u) => u.variants.iter().map(|v| &v.ty).collect(),
            TypeKind::Alias(ty) | TypeKind::Newtype(ty) => vec![ty],
            TypeKind::Enum(_) => Vec::new(),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Struct {
    pub fields: Vec<Field>,
    /// `additionalProperties` beside named properties: a flattened map.
    pub additional: Option<Field>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// Rust identifier (may be raw: `r#type`).
    pub name: String,
    /// Name on the wire.
    pub wire: String,
    /// The type of the field's value, never wrapped for presence: the
    /// field's own Rust type is [`Field::rust_type`].
    pub ty: TypeRef,
    /// Whether the field may be left out and whether it may be `null`.
    pub presence: Presence,
    pub doc: Doc,
    /// The spec's example value, when it gives one.
    pub example: Option<serde_json::Value>,
}

impl Field {
    /// The field's Rust type: its value's type, wrapped as its presence
    /// says ([`Presence::rust_type`]).
    pub fn rust_type(&self) -> TypeRef {
        self.presence.rust_type(self.ty.clone())
    }

    /// Whether the object always has the field (`null` or not).
    pub fn required(&self) -> bool {
        self.presence.required()
    }

    /// Whether the field may be `null`.
    pub fn nullable(&self) -> bool {
        self.presence.nullable()
    }
}

/// Whether a field may be left out of its object and whether it may be
/// `null`: decided once, when the field is built, and the one source of
/// its Rust type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Presence {
    /// Always there, never `null`: `T`.
    Required,
    /// Always there, maybe `null`: `Option<T>`.
    Nullable,
    /// Maybe left out, never `null`: `Option<T>`.
    Optional,
    /// Maybe left out, maybe `null`, both read as `None`: `Option<T>`.
    OptionalNullable,
    /// Maybe left out, maybe `null`, in a type only sent:
    /// `Option<Option<T>>`, so that a request can leave the field out
    /// (`None`) or clear it with `null` (`Some(None)`).
    Clearable,
    /// The properties an object has beside its named ones
    /// (`additionalProperties`), flattened into a map that is empty when
    /// there are none: `T`.
    Rest,
}

impl Presence {
    /// The presence of a field that is `required` or not, whose schema
    /// admits `null` or not.
    pub fn of(required: bool, nullable: bool) -> Presence {
        match (required, nullable) {
            (true, false) => Presence::Required,
            (true, true) => Presence::Nullable,
            (false, false) => Presence::Optional,
            (false, true) => Presence::OptionalNullable,
        }
    }

    /// The Rust type of a field of this presence whose value is `value`.
    pub fn rust_type(self, value: TypeRef) -> TypeRef {
        match self {
            Presence::Required | Presence::Rest => value,
            Presence::Nullable | Presence::Optional | Presence::OptionalNullable => {
                TypeRef::Option(Box::new(value))
            }
            Presence::Clearable => TypeRef::Option(Box::new(TypeRef::Option(Box::new(value)))),
        }
    }

    /// Whether the object always has the field (`null` or not).
    pub fn required(self) -> bool {
        matches!(self, Presence::Required | Presence::Nullable)
    }

    /// Whether the field may be `null`.
    pub fn nullable(self) -> bool {
        matches!(
            self,
            Presence::Nullable | Presence::OptionalNullable | Presence::Clearable
        )
    }

    /// Whether the field's Rust type is an `Option`.
    pub fn is_option(self) -> bool {
        !matches!(self, Presence::Required | Presence::Rest)
    }
}

/// A string enum; unknown values land in the catch-all variant.
#[derive(Debug, Clone, PartialEq)]
pub struct Enum {
    pub variants: Vec<Variant>,
    /// Name of the `Name(String)` variant for values the spec does not list.
    pub catch_all: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Variant {
    pub name: String,
    pub value: String,
    /// What the value means, where the spec says (the description of a
    /// `oneOf` branch that allows just this value).
    pub doc: Doc,
}

/// `oneOf`/`anyOf`: one variant per branch.
#[derive(Debug, Clone, PartialEq)]
pub struct Union {
    pub variants: Vec<UnionVariant>,
    /// The property that names the variant (`discriminator.propertyName`).
    pub discriminator: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct UnionVariant {
    pub name: String,
    pub ty: TypeRef,
    /// The discriminator values that select this variant.
    pub tags: Vec<String>,
    /// For an open string enum that an untagged union tries before other
    /// variants: its catch-all variant's name. The union decodes it from
    /// the enum's listed values only, so that the variants after it get the
    /// other strings (an open enum takes any string).
    pub known_only: Option<String>,
}
