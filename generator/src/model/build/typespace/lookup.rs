//! Questions about the types defined so far, asked by the type space's
//! later passes and by the operation builders: what a name stands for
//! through aliases and boxes.

use super::TypeSpace;
use crate::model::graph;
use crate::model::*;

impl<'a> TypeSpace<'a> {
    /// The primitive type a chain of aliases ends at (`PetId` = `String`),
    /// so that a parameter of such a schema is passed as `&str`, not as an
    /// owned `PetId`; any other type as it is.
    pub(crate) fn alias_target(&self, ty: TypeRef) -> TypeRef {
        match graph::follow_aliases(|n| self.kind(n), &ty) {
            Some(primitive) if primitive.is_primitive() => primitive.clone(),
            _ => ty,
        }
    }

    /// Whether a value of the type is written as one piece of text in a
    /// query or path: a primitive or a string enum, through aliases.
    pub(crate) fn is_scalar(&self, ty: &TypeRef) -> bool {
        match graph::follow_aliases(|n| self.kind(n), ty) {
            Some(TypeRef::Named(name)) => matches!(self.kind(name), Some(TypeKind::Enum(_))),
            Some(other) => other.is_primitive(),
            None => false,
        }
    }

    /// The struct a type reference names, through aliases and boxes.
    pub(crate) fn struct_of(&self, ty: &TypeRef) -> Option<&Struct> {
        match self.named_kind(ty)? {
            TypeKind::Struct(s) => Some(s),
            _ => None,
        }
    }

    /// What a named type (through boxes and aliases) is.
    pub(crate) fn named_kind(&self, ty: &TypeRef) -> Option<&TypeKind> {
        let mut ty = ty;
        loop {
            match graph::follow_aliases(|n| self.kind(n), ty)? {
                TypeRef::Boxed(inner) => ty = inner,
                TypeRef::Named(name) => return self.kind(name),
                _ => return None,
            }
        }
    }

    fn kind(&self, name: &str) -> Option<&TypeKind> {
        self.types.get(name).map(|d| &d.kind)
    }
}
