//! Comparing the types of `models`: kinds, aliases, roles (sent, received),
//! struct fields, enum values and union variants.

use std::collections::{BTreeMap, BTreeSet};

use crate::model::{Enum, Field, Struct, TypeDef, TypeKind, TypeRef, Union};
use crate::surface::{self, Setter};

use super::compare::{canonical, find_type, strip_option};
use super::describe::{kind_name, rust};
use super::{Differ, Kind, Same, Scope, Severity};

impl<'a> Differ<'a> {
    pub(super) fn types(&mut self) {
        let old: BTreeMap<&str, &TypeDef> = self
            .old
            .types
            .iter()
            .map(|t| (t.name.as_str(), t))
            .collect();
        let new: BTreeMap<&str, &TypeDef> = self
            .new
            .types
            .iter()
            .map(|t| (t.name.as_str(), t))
            .collect();
        let names: BTreeSet<&str> = old.keys().chain(new.keys()).copied().collect();
        for name in names {
            let subject = format!("models::{name}");
            match (old.get(name), new.get(name)) {
                (Some(o), Some(n)) => self.type_def(&subject, o, n),
                (Some(o), None) => self.push(
                    Scope::Type,
                    &subject,
                    None,
                    Kind::TypeRemoved,
                    Severity::Breaking,
                    format!("{} removed", kind_name(&o.kind)),
                    "code naming the type no longer compiles (a renamed schema is a removal and an addition)".to_string(),
                ),
                (None, Some(n)) => self.push(
                    Scope::Type,
                    &subject,
                    None,
                    Kind::TypeAdded,
                    Severity::Compatible,
                    format!("{} added", kind_name(&n.kind)),
                    "a new type; existing code is unaffected".to_string(),
                ),
                (None, None) => {}
            }
        }
    }

    pub(super) fn type_def(&mut self, subject: &str, o: &TypeDef, n: &TypeDef) {
        match (&o.kind, &n.kind) {
            (TypeKind::Alias(a), TypeKind::Alias(b)) => self.retargeted(
                subject,
                a,
                b,
                "alias of",
                "code using it as the old type no longer compiles",
            ),
            (TypeKind::Alias(a), _) => self.push(
                Scope::Type,
                subject,
                None,
                Kind::TypeKindChanged,
                Severity::Breaking,
                format!(
                    "alias of `{}` -> {} of its own",
                    rust(&canonical(self.old, a)),
                    kind_name(&n.kind)
                ),
                "values of the two types are no longer interchangeable".to_string(),
            ),
            (_, TypeKind::Alias(b)) => {
                let target = canonical(self.new, b);
                let def = match &target {
                    TypeRef::Named(name) => find_type(self.new, name),
                    _ => None,
                };
                match def {
                    Some(def)
                        if std::mem::discriminant(&def.kind) == std::mem::discriminant(&o.kind) =>
                    {
                        self.push(
                            Scope::Type,
                            subject,
                            None,
                            Kind::TypeNowAlias,
                            Severity::Compatible,
                            format!("now `type {} = {}`", o.name, def.name),
                            "code naming it still compiles; any difference between the old type and its new target is listed with it".to_string(),
                        );
                        self.shape(subject, o, def);
                    }
                    _ => self.push(
                        Scope::Type,
                        subject,
                        None,
                        Kind::TypeKindChanged,
                        Severity::Breaking,
                        format!("{} -> alias of `{}`", kind_name(&o.kind), rust(&target)),
                        "code using it as the old type no longer compiles".to_string(),
                    ),
                }
            }
            _ => self.shape(subject, o, n),
        }
    }

    /// An alias's target or a newtype's inner type, compared (`what` says
    /// which in the message: `alias of`, `wraps`).
    pub(super) fn retargeted(
        &mut self,
        subject: &str,
        a: &TypeRef,
        b: &TypeRef,
        what: &str,
        why: &str,
    ) {
        let (ta, tb) = self.resolve(a, b);
        let same = self.compare_resolved(&ta, &tb);
        if same != Same::Yes {
            let (severity, reason) = Self::retyped(same, why);
            self.push(
                Scope::Type,
                subject,
                None,
                Kind::AliasTargetChanged,
                severity,
                format!("{what} `{}` -> {what} `{}`", rust(&ta), rust(&tb)),
                reason,
            );
        }
    }

    /// Compares two definitions that are not aliases.
    pub(super) fn shape(&mut self, subject: &str, o: &TypeDef, n: &TypeDef) {
        match (&o.kind, &n.kind) {
            (TypeKind::Struct(a), TypeKind::Struct(b)) => {
                self.roles(subject, o, n, true);
                self.fields(subject, &o.name, o.serialize, a, b);
            }
            (TypeKind::Enum(a), TypeKind::Enum(b)) => self.enum_values(subject, a, b),
            (TypeKind::Union(a), TypeKind::Union(b)) => {
                self.roles(subject, o, n, false);
                self.union_variants(subject, a, b);
            }
            (TypeKind::Newtype(a), TypeKind::Newtype(b)) => self.retargeted(
                subject,
                a,
                b,
                "wraps",
                "code using the old inner type no longer compiles",
            ),
            _ => self.push(
                Scope::Type,
                subject,
                None,
                Kind::TypeKindChanged,
                Severity::Breaking,
                format!("{} -> {}", kind_name(&o.kind), kind_name(&n.kind)),
                "code using it as the old kind of type no longer compiles".to_string(),
            ),
        }
    }

    /// Whether the type is sent (`Serialize`, and for structs `new()` and
    /// setters) and received (`Deserialize`).
    pub(super) fn roles(&mut self, subject: &str, o: &TypeDef, n: &TypeDef, is_struct: bool) {
        let built = if is_struct {
            "`new()`, its setters and `Serialize`"
        } else {
            "`Serialize`"
        };
        let mut found = Vec::new();
        if o.serialize && !n.serialize {
            found.push((
                Kind::TypeNoLongerSent,
                Severity::Breaking,
                "no longer sent in requests".to_string(),
                format!("it loses {built}: code building or serializing it no longer compiles"),
            ));
        }
        if !o.serialize && n.serialize {
            found.push((
                Kind::TypeNowSent,
                Severity::Compatible,
                "now also sent in requests".to_string(),
                format!("it gains {built}"),
            ));
        }
        if o.deserialize && !n.deserialize {
            found.push((
                Kind::TypeNoLongerReceived,
                Severity::Breaking,
                "no longer received in answers".to_string(),
                "it loses `Deserialize`: code decoding it no longer compiles".to_string(),
            ));
        }
        if !o.deserialize && n.deserialize {
            found.push((
                Kind::TypeNowReceived,
                Severity::Compatible,
                "now also received in answers".to_string(),
                "it gains `Deserialize`".to_string(),
            ));
        }
        for (kind, severity, what, reason) in found {
            self.push(Scope::Type, subject, None, kind, severity, what, reason);
        }
    }

    /// Struct fields. `sent`: the old type had `new()` and setters.
    pub(super) fn fields(
        &mut self,
        subject: &str,
        type_name: &str,
        sent: bool,
        a: &Struct,
        b: &Struct,
    ) {
        fn setter<'f>(built: &surface::Constructor<'f>, name: &str) -> Option<Setter<'f>> {
            built.setters.iter().find(|s| s.field.name == name).cloned()
        }
        fn by_name(s: &Struct) -> BTreeMap<&str, &Field> {
            s.fields
                .iter()
                .chain(&s.additional)
                .map(|f| (f.name.as_str(), f))
                .collect()
        }
        let (old, new) = (by_name(a), by_name(b));
        // The setters of each side, as emit writes them.
        let required = |structs: &BTreeMap<String, String>| structs.get(type_name).cloned();
        let (old_required, new_required) =
            (required(&self.old_required), required(&self.new_required));
        let built_old = surface::constructor(&a.fields, old_required.as_deref());
        let built_new = surface::constructor(&b.fields, new_required.as_deref());
        // Fields in the new order, then the removed ones.
        let mut names: Vec<&str> = b
            .fields
            .iter()
            .chain(&b.additional)
            .map(|f| f.name.as_str())
            .collect();
        names.extend(
            a.fields
                .iter()
                .chain(&a.additional)
                .map(|f| f.name.as_str())
                .filter(|n| !new.contains_key(n)),
        );
        for name in names {
            match (old.get(name), new.get(name)) {
                (Some(f), Some(g)) => {
                    let setters = (setter(&built_old, name), setter(&built_new, name));
                    self.field(subject, type_name, sent, f, g, setters)
                }
                (Some(f), None) => self.push(
                    Scope::Type,
                    subject,
                    Some(name),
                    Kind::FieldRemoved,
                    Severity::Breaking,
                    format!("field `{}` removed", f.name),
                    if sent && !f.required() {
                        "code reading the field or calling its setter no longer compiles"
                            .to_string()
                    } else if sent {
                        self.required_struct_reason(type_name, None, Some(&f.name))
                            .unwrap_or_else(|| {
                                "`new()` loses an argument and code reading the field no longer compiles"
                                    .to_string()
                            })
                    } else {
                        "code reading the field no longer compiles".to_string()
                    },
                ),
                (None, Some(g)) => {
                    let ty = rust(&canonical(self.new, &g.rust_type()));
                    let (kind, severity, reason) = match (g.required(), sent) {
                        (true, true) => (
                            Kind::RequiredFieldAdded,
                            Severity::Breaking,
                            self.required_struct_reason(type_name, Some(&g.name), None)
                                .unwrap_or_else(|| format!("`new()` takes a new argument `{}`: existing calls no longer compile", g.name)),
                        ),
                        (true, false) => (
                            Kind::RequiredFieldAdded,
                            Severity::Compatible,
                            "answers carry a new field; the struct is `#[non_exhaustive]`, so no code builds or destructures it exhaustively".to_string(),
                        ),
                        (false, true) => (
                            Kind::OptionalFieldAdded,
                            Severity::Compatible,
                            format!(
                                "a new setter `{}`; `new()` is unchanged",
                                surface::setter_name(&g.name)
                            ),
                        ),
                        (false, false) => (
                            Kind::OptionalFieldAdded,
                            Severity::Compatible,
                            "a new field; the struct is `#[non_exhaustive]`, so no code builds or destructures it exhaustively".to_string(),
                        ),
                    };
                    let required = if g.required() { "required" } else { "optional" };
                    self.push(
                        Scope::Type,
                        subject,
                        Some(name),
                        kind,
                        severity,
                        format!("{required} field `{}: {ty}` added", g.name),
                        reason,
                    );
                }
                (None, None) => {}
            }
        }
    }

    pub(super) fn field(
        &mut self,
        subject: &str,
        type_name: &str,
        sent: bool,
        f: &Field,
        g: &Field,
        (old_setter, new_setter): (Option<Setter>, Option<Setter>),
    ) {
        let null_setter = |s: &Option<Setter>| s.as_ref().and_then(|s| s.null.clone());
        let (old_null, new_null) = (null_setter(&old_setter), null_setter(&new_setter));
        let (ta, tb) = self.resolve(&f.rust_type(), &g.rust_type());
        let (ra, rb) = (rust(&ta), rust(&tb));
        let presence = if f.required() != g.required() {
            Some(if g.required() {
                (Kind::FieldMadeRequired, "made required")
            } else {
                (Kind::FieldMadeOptional, "made optional")
            })
        } else if f.nullable() != g.nullable() {
            Some(if g.nullable() {
                (Kind::FieldMadeNullable, "made nullable")
            } else {
                (Kind::FieldMadeNonNullable, "made non-nullable")
            })
        } else {
            None
        };
        let name = f.name.as_str();
        let same = self.compare_resolved(strip_option(&ta), strip_option(&tb));
        if same != Same::Yes {
            let (severity, reason) = Self::retyped(
                same,
                "code reading or setting it as the old type no longer compiles",
            );
            self.push(
                Scope::Type,
                subject,
                Some(name),
                Kind::FieldTypeChanged,
                severity,
                format!("field `{name}`: `{ra}` -> `{rb}`"),
                reason,
            );
        }
        let wrapped = |t: &TypeRef| matches!(t, TypeRef::Option(_));
        if same == Same::No {
            // The type change says it all.
        } else if let Some((kind, verb)) = presence {
            let (severity, reason) = if wrapped(&ta) != wrapped(&tb) {
                (
                    Severity::Breaking,
                    format!(
                        "its Rust type goes from `{ra}` to `{rb}`: code using it as `{ra}` no longer compiles"
                    ),
                )
            } else if sent && f.required() != g.required() {
                (
                    Severity::Breaking,
                    if g.required() {
                        self.required_struct_reason(type_name, Some(name), None)
                            .unwrap_or_else(|| format!(
                                "`new()` takes a new argument `{name}`: existing calls no longer compile"
                            ))
                    } else {
                        self.required_struct_reason(type_name, None, Some(name))
                            .unwrap_or_else(|| format!(
                                "`new()` no longer takes `{name}` (it gets a setter): existing calls no longer compile"
                            ))
                    },
                )
            } else if let (None, Some(null)) | (Some(null), None) = (&old_null, &new_null) {
                // An optional field of a type only sent: its setter takes
                // the value either way; `{name}_null()` comes or goes.
                let field = |t: &TypeRef| rust(&TypeRef::Option(Box::new(t.clone())));
                if new_null.is_some() {
                    (
                        Severity::Breaking,
                        format!(
                            "its setter still takes the value and a new setter `{null}()` sends `null`, but the field becomes `{}`: code reading it no longer compiles",
                            field(&tb)
                        ),
                    )
                } else {
                    (
                        Severity::Breaking,
                        format!(
                            "the setter `{null}()` is gone and the field becomes `{rb}`: code calling or reading them no longer compiles"
                        ),
                    )
                }
            } else {
                (
                    Severity::Compatible,
                    format!(
                        "its Rust type stays `{rb}`; only what the API may send or omit changes"
                    ),
                )
            };
            self.push(
                Scope::Type,
                subject,
                Some(name),
                kind,
                severity,
                format!("field `{name}` {verb}"),
                reason,
            );
        }
        if f.wire != g.wire {
            self.push(
                Scope::Type,
                subject,
                Some(name),
                Kind::FieldWireChanged,
                Severity::Compatible,
                format!(
                    "field `{name}` is `{}` on the wire, was `{}`",
                    g.wire, f.wire
                ),
                "the Rust name stays; only the JSON changes".to_string(),
            );
        }
    }

    pub(super) fn enum_values(&mut self, subject: &str, a: &Enum, b: &Enum) {
        let old: BTreeMap<&str, &str> = a
            .variants
            .iter()
            .map(|v| (v.value.as_str(), v.name.as_str()))
            .collect();
        let new: BTreeMap<&str, &str> = b
            .variants
            .iter()
            .map(|v| (v.value.as_str(), v.name.as_str()))
            .collect();
        let mut values: Vec<&str> = b.variants.iter().map(|v| v.value.as_str()).collect();
        values.extend(
            a.variants
                .iter()
                .map(|v| v.value.as_str())
                .filter(|v| !new.contains_key(v)),
        );
        for value in values {
            let (kind, severity, what, reason) = match (old.get(value), new.get(value)) {
                (Some(x), Some(y)) if x == y => continue,
                (Some(x), Some(y)) => {
                    let reason = match b.variants.iter().find(|v| v.name == *x) {
                        Some(other) => format!(
                            "`{x}` now stands for `{}`: code naming it compiles but sends and matches another value",
                            other.value
                        ),
                        None => format!("code naming `{x}` no longer compiles"),
                    };
                    (
                        Kind::EnumVariantRenamed,
                        Severity::Breaking,
                        format!("value `{value}` is variant `{y}`, was `{x}`"),
                        reason,
                    )
                }
                (Some(x), None) => (
                    Kind::EnumValueRemoved,
                    Severity::Breaking,
                    format!("value `{value}` (variant `{x}`) removed"),
                    format!(
                        "code naming `{x}` no longer compiles; the value would now arrive as `{}`",
                        b.catch_all
                    ),
                ),
                (None, Some(y)) => (
                    Kind::EnumValueAdded,
                    Severity::Compatible,
                    format!("value `{value}` (variant `{y}`) added"),
                    format!(
                        "the enum is `#[non_exhaustive]`, so every match already has a `_` arm; the value used to arrive as `{}(\"{value}\")`",
                        a.catch_all
                    ),
                ),
                (None, None) => continue,
            };
            self.push(
                Scope::Type,
                subject,
                Some(value),
                kind,
                severity,
                what,
                reason,
            );
        }
        if a.catch_all != b.catch_all {
            self.push(
                Scope::Type,
                subject,
                Some(&b.catch_all),
                Kind::CatchAllRenamed,
                Severity::Breaking,
                format!(
                    "catch-all variant `{}(String)` renamed `{}(String)`",
                    a.catch_all, b.catch_all
                ),
                format!("code matching `{}` no longer compiles", a.catch_all),
            );
        }
    }

    pub(super) fn union_variants(&mut self, subject: &str, a: &Union, b: &Union) {
        let old: BTreeMap<&str, _> = a.variants.iter().map(|v| (v.name.as_str(), v)).collect();
        let new: BTreeMap<&str, _> = b.variants.iter().map(|v| (v.name.as_str(), v)).collect();
        let mut names: Vec<&str> = b.variants.iter().map(|v| v.name.as_str()).collect();
        names.extend(
            a.variants
                .iter()
                .map(|v| v.name.as_str())
                .filter(|n| !new.contains_key(n)),
        );
        for name in names {
            match (old.get(name), new.get(name)) {
                (Some(x), Some(y)) => {
                    let (ta, tb) = self.resolve(&x.ty, &y.ty);
                    let same = self.compare_resolved(&ta, &tb);
                    if same != Same::Yes {
                        let (severity, reason) = Self::retyped(
                            same,
                            "code building or matching the variant with the old type no longer compiles",
                        );
                        self.push(
                            Scope::Type,
                            subject,
                            Some(name),
                            Kind::UnionVariantTypeChanged,
                            severity,
                            format!("variant `{name}({})` -> `{name}({})`", rust(&ta), rust(&tb)),
                            reason,
                        );
                    }
                    // Tags only mean something while a discriminator reads them.
                    let tagged = a.discriminator.is_some() && b.discriminator.is_some();
                    if tagged && x.tags != y.tags {
                        let lost: Vec<&String> =
                            x.tags.iter().filter(|t| !y.tags.contains(t)).collect();
                        let (severity, reason) = if lost.is_empty() {
                            (
                                Severity::Compatible,
                                "more tags select the variant; values tagged as before decode as before".to_string(),
                            )
                        } else {
                            (
                                Severity::Breaking,
                                format!(
                                    "values tagged {} no longer decode as `{name}`: code matching them there fails at run time",
                                    lost.iter()
                                        .map(|t| format!("`{t}`"))
                                        .collect::<Vec<_>>()
                                        .join(", ")
                                ),
                            )
                        };
                        self.push(
                            Scope::Type,
                            subject,
                            Some(name),
                            Kind::UnionTagsChanged,
                            severity,
                            format!(
                                "variant `{name}` selected by tags {:?}, was {:?}",
                                y.tags, x.tags
                            ),
                            reason,
                        );
                    }
                }
                (Some(x), None) => self.push(
                    Scope::Type,
                    subject,
                    Some(name),
                    Kind::UnionVariantRemoved,
                    Severity::Breaking,
                    format!(
                        "variant `{name}({})` removed",
                        rust(&canonical(self.old, &x.ty))
                    ),
                    "code building or matching the variant no longer compiles".to_string(),
                ),
                (None, Some(y)) => self.push(
                    Scope::Type,
                    subject,
                    Some(name),
                    Kind::UnionVariantAdded,
                    Severity::Compatible,
                    format!(
                        "variant `{name}({})` added",
                        rust(&canonical(self.new, &y.ty))
                    ),
                    "the enum is `#[non_exhaustive]`, so every match already has a `_` arm"
                        .to_string(),
                ),
                (None, None) => {}
            }
        }
        if a.discriminator != b.discriminator {
            let (severity, what, reason) = match (&a.discriminator, &b.discriminator) {
                (Some(x), Some(y)) => (
                    Severity::Compatible,
                    format!("decoded by the `{y}` property, was `{x}`"),
                    "the Rust type is unchanged; only how answers are told apart changes"
                        .to_string(),
                ),
                (None, Some(y)) => (
                    Severity::Compatible,
                    format!("now decoded by the `{y}` property, with an `Unknown` variant"),
                    "the enum is `#[non_exhaustive]`: the new `Unknown` variant needs no change"
                        .to_string(),
                ),
                (Some(x), None) => (
                    Severity::Breaking,
                    format!(
                        "no longer decoded by the `{x}` property; the `Unknown` variant is gone"
                    ),
                    "code matching `Unknown` no longer compiles".to_string(),
                ),
                (None, None) => return,
            };
            self.push(
                Scope::Type,
                subject,
                None,
                Kind::DiscriminatorChanged,
                severity,
                what,
                reason,
            );
        }
    }
}
