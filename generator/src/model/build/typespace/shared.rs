//! Inline schemas of one structure are one type: their structural key, and
//! the name and documentation of a type several places share.

use std::collections::BTreeMap;

use openapiv3::Schema;

use super::TypeSpace;
use crate::model::names;
use crate::model::*;

impl<'a> TypeSpace<'a> {
    /// Names and documents the types that stand for several places (inline
    /// schemas of the same structure, one type). When the places' names
    /// differ, the type takes a name true for all of them (see
    /// [`neutral_name`]), every place keeps its own name as an alias with
    /// its own doc, and the type and its fields keep only the
    /// documentation all places agree on.
    pub(super) fn name_shared_types(&mut self) {
        let shared = std::mem::take(&mut self.shared);
        for (first, places) in shared {
            let Some(mut def) = self.types.remove(&first) else {
                continue;
            };
            let first_place = Place {
                name: first.clone(),
                doc: def.doc.clone(),
                members: Some(member_docs(&def.kind)),
            };
            let all: Vec<&Place> = std::iter::once(&first_place).chain(&places).collect();
            let names: Vec<&str> = all.iter().map(|p| p.name.as_str()).collect();
            // Names this group may take over: its first place's and its
            // aliases' (a place without an alias wanted another type's name).
            let own = |name: &str| {
                all.iter()
                    .any(|p| p.name == name && (p.name == first || p.members.is_some()))
            };
            let neutral = neutral_name(&names, &def.kind)
                .into_iter()
                .find(|candidate| own(candidate) || !self.taken.contains(candidate));
            let neutral = match neutral {
                Some(name) if own(&name) => name,
                Some(name) => self.taken.claim(&name),
                None => self.taken.claim(&fallback_name(&def.kind)),
            };

            let mut doc = common_doc(all.iter().map(|p| &p.doc));
            let mut shown: Vec<String> = names.iter().take(3).map(|n| code_span(n)).collect();
            if names.len() > 3 {
                shown.push(format!("and {} more", names.len() - 3));
            }
            doc.push(Some(&format!(
                "The one type for {} places of the same shape ({}); each place's own name is an alias of it, documented for that place.",
                names.len(),
                shown.join(", ")
            )));
            def.doc = doc;
            keep_common_member_docs(&mut def.kind, &all);
            def.name = neutral.clone();

            // Every place's name is an alias of the neutral type, with the
            // place's own doc (the place named like the type has none).
            for place in &all {
                if place.name == neutral {
                    continue;
                }
                let target = TypeKind::Alias(TypeRef::Named(neutral.clone()));
                match self.types.get_mut(&place.name) {
                    Some(alias) if matches!(&alias.kind, TypeKind::Alias(TypeRef::Named(t)) if *t == first) => {
                        alias.kind = target
                    }
                    Some(_) => {}
                    None if place.name == first => self.insert(
                        first.clone(),
                        place.doc.clone(),
                        target,
                        def.pointer.clone(),
                    ),
                    None => {}
                }
            }
            self.types.insert(neutral, def);
        }
    }
}

/// A place where an inline schema stands whose structure was met before.
pub(super) struct Place {
    /// The type name the place would have (its alias, where it has one).
    pub(super) name: String,
    /// The place's own documentation of the type.
    pub(super) doc: Doc,
    /// Its documentation of each field (by wire name) or enum value; `None`
    /// when unknown (the place has no alias), which agrees with nothing.
    pub(super) members: Option<BTreeMap<String, Doc>>,
}

/// A canonical text of an inline schema without its documentation, so that
/// schemas that differ only in descriptions or examples are one type.
pub(super) fn structural_key(schema: &Schema) -> String {
    let mut value = serde_json::to_value(schema).unwrap_or(serde_json::Value::Null);
    strip_docs(&mut value);
    if let serde_json::Value::Object(map) = &mut value {
        map.remove("nullable");
    }
    canonical(&value)
}

/// JSON text with object keys sorted, so key order does not matter.
pub(super) fn canonical(value: &serde_json::Value) -> String {
    let mut out = String::new();
    write_canonical(value, &mut out);
    out
}

/// [`canonical`] into one buffer (a structural key is computed for every
/// inline schema, on its whole subtree).
pub(super) fn write_canonical(value: &serde_json::Value, out: &mut String) {
    use std::fmt::Write;
    match value {
        serde_json::Value::Object(map) => {
            let mut entries: Vec<(&String, &serde_json::Value)> = map.iter().collect();
            entries.sort_unstable_by(|a, b| a.0.cmp(b.0));
            out.push('{');
            for (i, (key, v)) in entries.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                // Debug quoting is as unambiguous as JSON's.
                let _ = write!(out, "{key:?}:");
                write_canonical(v, out);
            }
            out.push('}');
        }
        serde_json::Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_canonical(item, out);
            }
            out.push(']');
        }
        other => {
            let _ = write!(out, "{other}");
        }
    }
}

pub(super) fn strip_docs(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(map) => {
            for key in [
                "description",
                "example",
                "examples",
                "title",
                "externalDocs",
            ] {
                map.remove(key);
            }
            for (key, v) in map.iter_mut() {
                match (key.as_str(), v) {
                    // Maps from names to schemas: the names stay, the schemas
                    // lose their docs.
                    ("properties", serde_json::Value::Object(props)) => {
                        props.values_mut().for_each(strip_docs)
                    }
                    (_, v) => strip_docs(v),
                }
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(strip_docs),
        _ => {}
    }
}

/// Names for a type several places share, best first: the words all the
/// places' names end with (`CreatePlanBodyImage`, `UpdatePlanBodyImage` ->
/// `PlanBodyImage`), then that followed by what the type is (`UserObject`
/// when `User` is another type's name). None when the names share no last
/// word.
pub(super) fn neutral_name(names: &[&str], kind: &TypeKind) -> Vec<String> {
    let split: Vec<Vec<String>> = names.iter().map(|n| names::pascal_words(n)).collect();
    let shortest = split.iter().map(Vec::len).min().unwrap_or(0);
    let mut common = 0;
    while common < shortest {
        let word = &split[0][split[0].len() - 1 - common];
        if split.iter().all(|w| w[w.len() - 1 - common] == *word) {
            common += 1;
        } else {
            break;
        }
    }
    if common == 0 {
        return Vec::new();
    }
    let suffix: String = split[0][split[0].len() - common..].concat();
    vec![suffix.clone(), format!("{suffix}{}", kind_word(kind))]
}

/// A name from the shape alone, for places whose names share no last word:
/// a struct's first fields (`IdTitleObject`), an enum's first values, a
/// union's first variants (`UserOrCompany`).
pub(super) fn fallback_name(kind: &TypeKind) -> String {
    let words: Vec<String> = match kind {
        TypeKind::Struct(s) => s
            .fields
            .iter()
            .take(3)
            .map(|f| names::type_name(&f.wire))
            .collect(),
        TypeKind::Enum(e) => e.variants.iter().take(3).map(|v| v.name.clone()).collect(),
        TypeKind::Union(u) => {
            return u
                .variants
                .iter()
                .take(3)
                .map(|v| v.name.clone())
                .collect::<Vec<_>>()
                .join("Or");
        }
        TypeKind::Alias(_) | TypeKind::Newtype(_) => Vec::new(),
    };
    names::capped(&format!("{}{}", words.concat(), kind_word(kind)))
}

pub(super) fn kind_word(kind: &TypeKind) -> &'static str {
    match kind {
        TypeKind::Struct(_) => "Object",
        TypeKind::Enum(_) => "Enum",
        TypeKind::Union(_) => "Union",
        TypeKind::Alias(_) | TypeKind::Newtype(_) => "Value",
    }
}

/// The docs of a type's members: each field's by wire name, each enum
/// value's.
pub(super) fn member_docs(kind: &TypeKind) -> BTreeMap<String, Doc> {
    match kind {
        TypeKind::Struct(s) => s
            .fields
            .iter()
            .map(|f| (f.wire.clone(), f.doc.clone()))
            .collect(),
        TypeKind::Enum(e) => e
            .variants
            .iter()
            .map(|v| (v.value.clone(), v.doc.clone()))
            .collect(),
        _ => BTreeMap::new(),
    }
}

/// The paragraphs every doc has.
pub(super) fn common_doc<'d>(mut docs: impl Iterator<Item = &'d Doc>) -> Doc {
    let Some(first) = docs.next() else {
        return Doc::default();
    };
    let mut common = first.clone();
    for doc in docs {
        common.paragraphs.retain(|p| doc.paragraphs.contains(p));
    }
    common
}

/// Keeps of each field's (or enum value's) doc what every place says of it.
pub(super) fn keep_common_member_docs(kind: &mut TypeKind, places: &[&Place]) {
    let common = |key: &str, doc: &Doc| {
        let docs: Vec<Doc> = places
            .iter()
            .map(|p| {
                p.members
                    .as_ref()
                    .and_then(|m| m.get(key).cloned())
                    .unwrap_or_default()
            })
            .collect();
        common_doc(std::iter::once(doc).chain(&docs))
    };
    match kind {
        TypeKind::Struct(s) => {
            for field in &mut s.fields {
                field.doc = common(&field.wire, &field.doc);
            }
        }
        TypeKind::Enum(e) => {
            for variant in &mut e.variants {
                variant.doc = common(&variant.value, &variant.doc);
            }
        }
        _ => {}
    }
}
