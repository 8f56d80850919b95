//! How a struct sent in requests is built: `new(..)` taking the required
//! fields (past [`MAX_POSITIONAL`] of them, one `{Type}Required` struct
//! literal), then one setter per optional field, and `{field}_null` for a
//! field that may be sent as `null`.

use std::collections::{BTreeMap, BTreeSet};

use crate::model::names::unraw;
use crate::model::{Api, Field, Presence, TypeKind, TypeRef};

/// The constructor and setters of one struct.
#[derive(Debug, Clone, PartialEq)]
pub struct Constructor<'f> {
    /// The fields `new` takes, in order.
    pub required: Vec<&'f Field>,
    /// The `{Type}Required` struct `new` takes them as, if it takes one.
    pub required_struct: Option<String>,
    /// One per optional field, in order.
    pub setters: Vec<Setter<'f>>,
}

/// The setter of one optional field.
#[derive(Debug, Clone, PartialEq)]
pub struct Setter<'f> {
    pub field: &'f Field,
    /// The method's name ([`setter_name`]).
    pub name: &'f str,
    /// The type of the value it takes: the field's value type (`Field::ty`).
    pub value: &'f TypeRef,
    /// The setter sending `null` instead, when the field may be `null`
    /// ([`null_setter_names`]).
    pub null: Option<String>,
}

/// The constructor of a struct with these fields; `required_struct` is its
/// entry in [`required_structs`].
pub fn constructor<'f>(fields: &'f [Field], required_struct: Option<&str>) -> Constructor<'f> {
    let setters = fields
        .iter()
        .zip(null_setter_names(fields))
        .filter(|(f, _)| !f.required())
        .map(|(field, null)| Setter {
            field,
            name: setter_name(&field.name),
            value: &field.ty,
            null,
        })
        .collect();
    Constructor {
        required: fields.iter().filter(|f| f.required()).collect(),
        required_struct: required_struct.map(str::to_string),
        setters,
    }
}

/// The setter of an optional field: its name, but `new_` for `new` (the
/// constructor's).
pub fn setter_name(field: &str) -> &str {
    if field == "new" { "new_" } else { field }
}

/// Whether an optional field may also be sent as `null` (`Option<Option<T>>`):
/// its setter takes a `T`, and a second setter ([`null_setter_names`])
/// sends `null`.
fn is_nullable_setter(field: &Field) -> bool {
    field.presence == Presence::Clearable
}

/// The setter sending `null` for each field of a struct (`None` for a
/// field without one): `{field}_null`, with `_` appended while another
/// setter of the struct has that name.
pub fn null_setter_names(fields: &[Field]) -> Vec<Option<String>> {
    let mut taken: BTreeSet<String> = fields
        .iter()
        .filter(|f| !f.required())
        .map(|f| unraw(setter_name(&f.name)).to_string())
        .collect();
    taken.insert("new".to_string());
    fields
        .iter()
        .map(|f| {
            if !is_nullable_setter(f) {
                return None;
            }
            let mut name = format!("{}_null", unraw(&f.name));
            while taken.contains(&name) {
                name.push('_');
            }
            taken.insert(name.clone());
            Some(name)
        })
        .collect()
}

/// A constructor with more required fields than this takes them as one
/// struct literal (`{Type}Required { .. }`) instead of positional
/// arguments, so that each is named where `new` is called.
pub const MAX_POSITIONAL: usize = 3;

/// The struct of required fields of each request type and parameter struct
/// whose `new` takes more than [`MAX_POSITIONAL`]: `{Type}Required`, or
/// `{Type}Required2` (3, ..) when that name is another type's.
pub fn required_structs(api: &Api) -> BTreeMap<String, String> {
    let mut taken: BTreeSet<String> = api.types.iter().map(|t| t.name.clone()).collect();
    let params = api
        .resources
        .iter()
        .flat_map(|r| &r.operations)
        .filter_map(|op| Some((op.params_struct.as_ref()?, op)));
    taken.extend(params.clone().map(|(name, _)| name.clone()));
    let mut wanted: Vec<&str> = api
        .types
        .iter()
        .filter(|t| t.serialize)
        .filter(|t| match &t.kind {
            TypeKind::Struct(s) => {
                s.fields.iter().filter(|f| f.required()).count() > MAX_POSITIONAL
            }
            _ => false,
        })
        .map(|t| t.name.as_str())
        .collect();
    wanted.extend(
        params
            .filter(|(_, op)| {
                op.query
                    .iter()
                    .chain(&op.headers)
                    .chain(&op.cookies)
                    .filter(|p| p.required)
                    .count()
                    > MAX_POSITIONAL
            })
            .map(|(name, _)| name.as_str()),
    );
    let mut out = BTreeMap::new();
    for name in wanted {
        let mut candidate = format!("{name}Required");
        let mut n = 2;
        while taken.contains(&candidate) {
            candidate = format!("{name}Required{n}");
            n += 1;
        }
        taken.insert(candidate.clone());
        out.insert(name.to_string(), candidate);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::TypeDef;

    /// A spec whose one operation sends `Body`, with `fields` (a YAML flow
    /// map of properties) and `required`; also a component `BodyRequired`.
    fn api(fields: &str, required: &str) -> Api {
        let spec = format!(
            "openapi: 3.1.0
info: {{title: T, version: '1'}}
paths:
  /things:
    post:
      tags: [Things]
      operationId: createThing
      requestBody: {{required: true, content: {{application/json: {{schema: {{$ref: '#/components/schemas/Body'}}}}}}}}
      responses:
        '204': {{description: done}}
components:
  schemas:
    Body: {{type: object, required: [{required}], properties: {fields}}}
    BodyRequired: {{type: object, properties: {{x: {{type: string}}}}}}
"
        );
        crate::load(&spec, "t.yaml").unwrap_or_else(|e| panic!("{e}"))
    }

    fn body(api: &Api) -> &[Field] {
        let def: Option<&TypeDef> = api.types.iter().find(|t| t.name == "Body");
        match def.map(|d| &d.kind) {
            Some(TypeKind::Struct(s)) => &s.fields,
            other => panic!("Body is {other:?}"),
        }
    }

    #[test]
    fn up_to_three_required_fields_are_arguments_of_new() {
        let api = api(
            "{a: {type: string}, b: {type: integer}, c: {type: string}}",
            "a, b",
        );
        let built = constructor(
            body(&api),
            required_structs(&api).get("Body").map(String::as_str),
        );
        let names: Vec<&str> = built.required.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["a", "b"]);
        assert_eq!(built.required_struct, None);
        let setters: Vec<&str> = built.setters.iter().map(|s| s.name).collect();
        assert_eq!(setters, ["c"]);
    }

    #[test]
    fn more_than_three_become_a_required_struct_named_around_taken_names() {
        let api = api(
            "{a: {type: string}, b: {type: string}, c: {type: string}, d: {type: string}}",
            "a, b, c, d",
        );
        let structs = required_structs(&api);
        // `BodyRequired` is a component's name already.
        assert_eq!(
            structs.get("Body").map(String::as_str),
            Some("BodyRequired2")
        );
        let built = constructor(body(&api), structs.get("Body").map(String::as_str));
        assert_eq!(built.required.len(), 4);
        assert_eq!(built.required_struct.as_deref(), Some("BodyRequired2"));
    }

    #[test]
    fn a_field_named_new_gets_the_setter_new_() {
        let api = api("{id: {type: string}, new: {type: boolean}}", "id");
        let built = constructor(body(&api), None);
        let setters: Vec<(&str, &TypeRef)> =
            built.setters.iter().map(|s| (s.name, s.value)).collect();
        assert_eq!(setters, [("new_", &TypeRef::Bool)]);
    }

    #[test]
    fn a_nullable_optional_field_gets_a_null_setter_named_apart_from_the_others() {
        let api = api(
            "{id: {type: string}, note: {type: [string, 'null']}, note_null: {type: integer}}",
            "id",
        );
        let built = constructor(body(&api), None);
        let setters: Vec<(&str, &TypeRef, Option<&str>)> = built
            .setters
            .iter()
            .map(|s| (s.name, s.value, s.null.as_deref()))
            .collect();
        assert_eq!(
            setters,
            [
                ("note", &TypeRef::String, Some("note_null_")),
                ("note_null", &TypeRef::I64, None),
            ]
        );
    }
}
