//! Comparing references across the change: aliases followed on each side,
//! renamed types matched by shape, and the change list the comparisons push to.

use crate::model::{Api, TypeDef, TypeRef};

use super::{Change, Differ, Kind, Same, Scope, Severity};

/// Follows aliases: a reference as the compiler sees it. Chains are bounded,
/// so a malformed model cannot loop.
pub(super) fn canonical(api: &Api, ty: &TypeRef) -> TypeRef {
    canonical_in(api, ty, 0)
}

fn canonical_in(api: &Api, ty: &TypeRef, depth: usize) -> TypeRef {
    let inner = |t: &TypeRef| Box::new(canonical_in(api, t, depth + 1));
    match ty {
        TypeRef::Named(_) if depth < 32 => {
            match crate::model::graph::follow_aliases(|n| find_type(api, n).map(|t| &t.kind), ty) {
                Some(target) if target != ty => canonical_in(api, target, depth + 1),
                _ => ty.clone(),
            }
        }
        TypeRef::Vec(t) => TypeRef::Vec(inner(t)),
        TypeRef::Map(t) => TypeRef::Map(inner(t)),
        // An alias to an option used as an optional field stays one option.
        TypeRef::Option(t) => canonical_in(api, t, depth + 1).optional(),
        TypeRef::Boxed(t) => TypeRef::Boxed(inner(t)),
        other => other.clone(),
    }
}

pub(super) fn find_type<'a>(api: &'a Api, name: &str) -> Option<&'a TypeDef> {
    api.types.iter().find(|t| t.name == name)
}

pub(super) fn strip_option(ty: &TypeRef) -> &TypeRef {
    match ty {
        TypeRef::Option(inner) => inner,
        other => other,
    }
}

impl<'a> Differ<'a> {
    /// The two sides of a reference as the compiler sees them after the
    /// change: the old type, followed through the old crate's aliases, is
    /// named in the new crate, where that name may now be an alias too
    /// (`type ExperienceApp = ExperienceListItemApp` keeps code naming
    /// `ExperienceApp` compiling).
    pub(super) fn resolve(&self, old: &TypeRef, new: &TypeRef) -> (TypeRef, TypeRef) {
        (self.old_ty(old), self.new_ty(new))
    }

    /// Whether an old reference and a new one are the same type for the
    /// code that uses them.
    pub(super) fn compare(&self, old: &TypeRef, new: &TypeRef) -> Same {
        let (a, b) = self.resolve(old, new);
        self.compare_resolved(&a, &b)
    }

    pub(super) fn compare_resolved(&self, a: &TypeRef, b: &TypeRef) -> Same {
        match (a, b) {
            _ if a == b => Same::Yes,
            (TypeRef::Vec(x), TypeRef::Vec(y))
            | (TypeRef::Map(x), TypeRef::Map(y))
            | (TypeRef::Option(x), TypeRef::Option(y))
            | (TypeRef::Boxed(x), TypeRef::Boxed(y)) => self.compare_resolved(x, y),
            (TypeRef::Named(x), TypeRef::Named(y)) if find_type(self.new, x).is_none() => {
                let pair = (x.clone(), y.clone());
                if self.assumed.contains(&pair) {
                    return Same::Renamed;
                }
                let (Some(dx), Some(dy)) = (find_type(self.old, x), find_type(self.new, y)) else {
                    return Same::No;
                };
                let mut assumed = self.assumed.clone();
                assumed.push(pair);
                let mut scratch = Differ {
                    old: self.old,
                    new: self.new,
                    old_required: self.old_required.clone(),
                    new_required: self.new_required.clone(),
                    changes: Vec::new(),
                    assumed,
                };
                scratch.type_def("", dx, dy);
                if scratch
                    .changes
                    .iter()
                    .all(|c| c.severity == Severity::Compatible)
                {
                    Same::Renamed
                } else {
                    Same::No
                }
            }
            _ => Same::No,
        }
    }

    /// Severity and reason for a reference whose type changed; `breaks`
    /// says what no longer compiles.
    pub(super) fn retyped(same: Same, breaks: &str) -> (Severity, String) {
        match same {
            Same::Renamed => (
                Severity::Compatible,
                "the old type's name is gone (reported there) and the new type has its shape: code that does not name the old type compiles unchanged".to_string(),
            ),
            _ => (Severity::Breaking, breaks.to_string()),
        }
    }

    pub(super) fn old_ty(&self, ty: &TypeRef) -> TypeRef {
        canonical(self.new, &canonical(self.old, ty))
    }

    pub(super) fn new_ty(&self, ty: &TypeRef) -> TypeRef {
        canonical(self.new, ty)
    }

    /// Why `new()` of `type_name` breaks when its required fields change
    /// (the field `added` to them or `removed` from them), when either the
    /// old or the new `new()` takes them as a `{Type}Required` struct
    /// literal; `None` when both take them as arguments.
    pub(super) fn required_struct_reason(
        &self,
        type_name: &str,
        added: Option<&str>,
        removed: Option<&str>,
    ) -> Option<String> {
        fn name(n: Option<&str>) -> &str {
            n.map(crate::model::names::unraw).unwrap_or_default()
        }
        Some(
            match (
                self.old_required.get(type_name),
                self.new_required.get(type_name),
            ) {
                (None, None) => return None,
                (Some(_), Some(b)) if added.is_some() => format!(
                    "`{b}` has a new field `{}`: struct literals without it no longer compile",
                    name(added)
                ),
                (Some(a), Some(_)) => format!(
                    "`{a}` loses the field `{}`: struct literals setting it no longer compile",
                    name(removed)
                ),
                (None, Some(b)) => format!(
                    "`new()` now takes its required fields (more than three) as one `{b}` struct literal: existing calls no longer compile"
                ),
                (Some(a), None) => format!(
                    "`new()` now takes its required fields as arguments instead of one `{a}` struct literal: existing calls no longer compile"
                ),
            },
        )
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn push(
        &mut self,
        scope: Scope,
        subject: &str,
        member: Option<&str>,
        kind: Kind,
        severity: Severity,
        what: String,
        reason: String,
    ) {
        self.changes.push(Change {
            scope,
            subject: subject.to_string(),
            member: member.map(str::to_string),
            kind,
            severity,
            what,
            reason,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Auth, TypeDef, TypeKind};

    #[test]
    fn aliases_resolve_and_options_do_not_double() {
        let mut api = crate::model::Api {
            title: String::new(),
            version: String::new(),
            doc: Default::default(),
            base_url: None,
            auth: Auth::Bearer,
            schemes: Vec::new(),
            security: Vec::new(),
            types: Vec::new(),
            resources: Vec::new(),
            notes: Vec::new(),
            webhooks: Default::default(),
        };
        let alias = |name: &str, ty: TypeRef| TypeDef {
            name: name.to_string(),
            doc: Default::default(),
            kind: TypeKind::Alias(ty),
            serialize: false,
            deserialize: true,
            pointer: String::new(),
        };
        api.types.push(alias("A", TypeRef::Named("B".to_string())));
        api.types
            .push(alias("B", TypeRef::Option(Box::new(TypeRef::String))));
        api.types
            .push(alias("Loop", TypeRef::Named("Loop".to_string())));
        assert_eq!(
            canonical(&api, &TypeRef::Option(Box::new(TypeRef::Named("A".into())))),
            TypeRef::Option(Box::new(TypeRef::String))
        );
        // A cycle ends at the bound instead of looping.
        assert_eq!(
            canonical(&api, &TypeRef::Named("Loop".into())),
            TypeRef::Named("Loop".into())
        );
    }
}
