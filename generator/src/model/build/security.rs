//! Security: the schemes the client can send, each operation's
//! requirement, and the API's default and key.

use std::collections::BTreeMap;

use super::Builder;
use crate::error::child;
use crate::model::*;

impl<'a> Builder<'a> {
    /// Reads `components/securitySchemes` into the schemes the client can
    /// send; a spec that defines none gets one bearer scheme.
    pub(super) fn security_schemes(&mut self) {
        let spec = self.refs.spec;
        let schemes = spec.components.iter().flat_map(|c| &c.security_schemes);
        for (name, scheme) in schemes {
            let pointer = child("#/components/securitySchemes", name);
            let auth = match scheme.as_item() {
                Some(openapiv3::SecurityScheme::APIKey {
                    location,
                    name: key,
                    ..
                }) => match location {
                    openapiv3::APIKeyLocation::Header if is_header_name(key) => {
                        Auth::Header(key.clone())
                    }
                    openapiv3::APIKeyLocation::Cookie if is_header_name(key) => {
                        Auth::Cookie(key.clone())
                    }
                    openapiv3::APIKeyLocation::Header | openapiv3::APIKeyLocation::Cookie => {
                        // Quoted with escapes: the name is the spec's text.
                        self.space.note(format!("{pointer}: {key:?} is not a valid header or cookie name; the key is sent as a bearer token"));
                        Auth::Bearer
                    }
                    openapiv3::APIKeyLocation::Query => Auth::Query(key.clone()),
                },
                Some(openapiv3::SecurityScheme::HTTP { scheme, .. })
                    if scheme.eq_ignore_ascii_case("basic") =>
                {
                    Auth::Basic
                }
                Some(openapiv3::SecurityScheme::HTTP { scheme, .. })
                    if !scheme.eq_ignore_ascii_case("bearer") =>
                {
                    self.space.note(format!("{pointer}: HTTP {scheme:?} authentication is not supported; the key is sent as a bearer token"));
                    Auth::Bearer
                }
                _ => Auth::Bearer,
            };
            self.scheme_index.insert(name.clone(), self.schemes.len());
            self.schemes.push(Scheme {
                name: name.clone(),
                auth,
            });
        }
        if self.schemes.is_empty() {
            self.schemes.push(Scheme {
                name: "bearer".to_string(),
                auth: Auth::Bearer,
            });
        }
    }

    /// A `security` list (`pointer`) as alternatives of scheme indices;
    /// an alternative naming a scheme the spec does not define can never be
    /// met: a note, and it is left out.
    pub(super) fn requirement(
        &mut self,
        requirements: &[openapiv3::SecurityRequirement],
        pointer: &str,
    ) -> Vec<Vec<usize>> {
        let mut alternatives = Vec::new();
        for (i, requirement) in requirements.iter().enumerate() {
            let found: Result<Vec<usize>, &String> = requirement
                .keys()
                .map(|name| self.scheme_index.get(name).copied().ok_or(name))
                .collect();
            match found {
                Ok(indices) => alternatives.push(indices),
                Err(name) => self.space.note(format!(
                    "{pointer}/{i}: {name:?} is not a scheme of #/components/securitySchemes; this alternative is left out"
                )),
            }
        }
        alternatives
    }

    /// The API's default security, each operation's own kept only where
    /// it differs from it, and the way the API key is sent: the first
    /// scheme taking a key that the default names, else the first defined.
    ///
    /// An operation asks for its own `security`, else the root one; without
    /// either, for none when other operations name theirs, else for the
    /// first scheme (a spec that defines schemes but never says where they
    /// apply). The default is what most operations ask for (the first of
    /// equals in document order), so that it stands for as many as it can.
    pub(super) fn settle_security(
        &mut self,
        resources: &mut [Resource],
    ) -> (Vec<Vec<usize>>, Auth) {
        let root = self
            .refs
            .spec
            .security
            .as_ref()
            .map(|reqs| self.requirement(reqs, "#/security"));
        let mut ops: Vec<&mut Operation> = resources
            .iter_mut()
            .flat_map(|r| &mut r.operations)
            .collect();
        // Document order: pointers are unique, and paths' order is the
        // document's.
        let order: BTreeMap<String, usize> = self
            .refs
            .spec
            .paths
            .iter()
            .filter_map(|(path, item)| Some((path, item.as_item()?)))
            .flat_map(|(path, item)| {
                item.iter()
                    .map(move |(method, _)| child(&child("#/paths", path), method))
            })
            .enumerate()
            .map(|(i, pointer)| (pointer, i))
            .collect();
        ops.sort_by_key(|op| order.get(&op.pointer).copied().unwrap_or(usize::MAX));
        let named = ops.iter().any(|op| op.security.is_some());
        let fallback = root
            .clone()
            .unwrap_or_else(|| if named { Vec::new() } else { vec![vec![0]] });
        let mut effective = Vec::with_capacity(ops.len());
        for op in &mut ops {
            effective.push(op.security.take().unwrap_or_else(|| fallback.clone()));
        }
        let mut counts: Vec<(&Vec<Vec<usize>>, usize)> = Vec::new();
        for requirement in &effective {
            match counts.iter_mut().find(|(r, _)| *r == requirement) {
                Some((_, n)) => *n += 1,
                None => counts.push((requirement, 1)),
            }
        }
        // `max_by_key` takes the last of equals: reversed, the first.
        let default = counts
            .iter()
            .rev()
            .max_by_key(|(_, n)| *n)
            .map(|(r, _)| (*r).clone())
            .unwrap_or(fallback);
        for (op, requirement) in ops.iter_mut().zip(effective) {
            op.security = (requirement != default).then_some(requirement);
        }
        let takes_key = |i: &usize| {
            self.schemes
                .get(*i)
                .filter(|s| s.auth != Auth::Basic)
                .map(|s| s.auth.clone())
        };
        let auth = default
            .iter()
            .flatten()
            .find_map(takes_key)
            .or_else(|| (0..self.schemes.len()).find_map(|i| takes_key(&i)))
            .unwrap_or(Auth::Bearer);
        (default, auth)
    }
}

/// Whether a text is an HTTP header name (RFC 9110's `token`).
pub(super) fn is_header_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}
