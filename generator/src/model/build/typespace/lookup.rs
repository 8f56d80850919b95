//! Questions about the types defined so far, asked by the type space's
//! later passes and by the operation builders: what a name stands for
//! through aliases and boxes.

use super::TypeSpace;
use crate::model::types::*;

impl<'a> TypeSpace<'a> {
    /// The primitive type a chain of aliases ends at (`PetId` = `String`),
    /// so that a parameter of such a schema is passed as `&str`, not as an
    /// owned `PetId`; any other type as it is.
    pub(crate) fn alias_target(&self, ty: TypeRef) -> TypeRef {
        let mut target = &ty;
        for _ in 0..=self.types.len() {
            match target {
                TypeRef::Named(name) => match self.types.get(name).map(|t| &t.kind) {
                    Some(TypeKind::Alias(inner)) => target = inner,
                    _ => return ty,
                },
                primitive if primitive.is_primitive() => return primitive.clone(),
                _ => return ty,
            }
        }
        ty
    }

    pub(crate) fn is_scalar(&self, ty: &TypeRef) -> bool {
        match ty {
            primitive if primitive.is_primitive() => true,
            TypeRef::Named(name) => match self.types.get(name).map(|t| &t.kind) {
                Some(TypeKind::Enum(_)) => true,
                Some(TypeKind::Alias(inner)) => self.is_scalar(inner),
                _ => false,
            },
            _ => false,
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
        for _ in 0..=self.types.len() {
            match ty {
                TypeRef::Boxed(inner) => ty = inner,
                TypeRef::Named(name) => match &self.types.get(name)?.kind {
                    TypeKind::Alias(target) => ty = target,
                    kind => return Some(kind),
                },
                _ => return None,
            }
        }
        None
    }
}
