//! Comparing the client (base URL, credentials) and each operation: its
//! endpoint, parameters, body, response and stream method.

use std::collections::{BTreeMap, BTreeSet};

use crate::model::{Api, Operation, Pagination, Param, Resource, Response};
use crate::surface::{self, BodyArg, BodyType, Message};

use super::compare::canonical;
use super::describe::{describe_auth, describe_security, path_arg, return_type, rust, style};
use super::{Differ, Kind, Location, Same, Scope, Severity};

impl<'a> Differ<'a> {
    pub(super) fn client(&mut self) {
        let (old, new) = (self.old, self.new);
        if old.base_url != new.base_url {
            let (severity, what, reason) = match (&old.base_url, &new.base_url) {
                (Some(a), Some(b)) => (
                    Severity::Compatible,
                    format!("default base URL `{a}` -> `{b}`"),
                    "only the default changes; a base URL set with `.base_url(..)` or the environment still wins".to_string(),
                ),
                (None, Some(b)) => (
                    Severity::Compatible,
                    format!("default base URL `{b}` added"),
                    "clients that set a base URL keep it; the others now work without one".to_string(),
                ),
                (Some(a), None) => (
                    Severity::Breaking,
                    format!("default base URL `{a}` removed"),
                    "`build()` now fails at run time unless a base URL is set".to_string(),
                ),
                (None, None) => return,
            };
            self.push(
                Scope::Client,
                "client",
                None,
                Kind::BaseUrlChanged,
                severity,
                what,
                reason,
            );
        }
        if old.auth != new.auth {
            self.push(
                Scope::Client,
                "client",
                None,
                Kind::AuthChanged,
                Severity::Breaking,
                format!(
                    "API key sent as {} instead of {}",
                    describe_auth(&new.auth),
                    describe_auth(&old.auth)
                ),
                "the code compiles, but a key or token issued for the old security scheme may be refused at run time".to_string(),
            );
        } else {
            let before = describe_security(&old.schemes, &old.security);
            let after = describe_security(&new.schemes, &new.security);
            if before != after {
                self.push(
                    Scope::Client,
                    "client",
                    None,
                    Kind::SecurityChanged,
                    Severity::Breaking,
                    format!("operations send {after} instead of {before}"),
                    "the code compiles, but calls may send credentials the client has not configured, or the server no longer accepts, and be refused at run time".to_string(),
                );
            }
        }
    }

    pub(super) fn operations(&mut self) {
        type Ops<'x> = BTreeMap<(String, String), (&'x Resource, &'x Operation)>;
        fn ops(api: &Api) -> Ops<'_> {
            surface::methods(api)
                .into_iter()
                .map(|m| {
                    (
                        (m.accessor.to_string(), m.name.to_string()),
                        (m.resource, m.op),
                    )
                })
                .collect()
        }
        let (old, new) = (ops(self.old), ops(self.new));
        let keys: BTreeSet<&(String, String)> = old.keys().chain(new.keys()).collect();
        for key in keys {
            let subject = format!("client.{}().{}", key.0, key.1);
            match (old.get(key), new.get(key)) {
                (Some((_, o)), Some((_, n))) => self.operation(&subject, o, n),
                (Some((_, o)), None) => {
                    self.push(
                        Scope::Operation,
                        &subject,
                        None,
                        Kind::OperationRemoved,
                        Severity::Breaking,
                        format!("method removed ({} {})", o.http_method.as_str(), o.path),
                        "calls to it no longer compile".to_string(),
                    );
                    self.stream(&subject, Some(o), None);
                }
                (None, Some((_, n))) => {
                    self.push(
                        Scope::Operation,
                        &subject,
                        None,
                        Kind::OperationAdded,
                        Severity::Compatible,
                        format!("method added ({} {})", n.http_method.as_str(), n.path),
                        "a new method; existing calls are unaffected".to_string(),
                    );
                    self.stream(&subject, None, Some(n));
                }
                (None, None) => {}
            }
        }
    }

    pub(super) fn operation(&mut self, subject: &str, o: &Operation, n: &Operation) {
        let op = |this: &mut Self, member: Option<&str>, kind, severity, what, reason| {
            this.push(
                Scope::Operation,
                subject,
                member,
                kind,
                severity,
                what,
                reason,
            );
        };
        if o.deprecated != n.deprecated {
            let (kind, what, reason) = if n.deprecated {
                (
                    Kind::OperationDeprecated,
                    "method deprecated",
                    "it is now `#[deprecated]`: calls compile with a warning",
                )
            } else {
                (
                    Kind::OperationUndeprecated,
                    "method no longer deprecated",
                    "the `#[deprecated]` warning goes away",
                )
            };
            op(
                self,
                None,
                kind,
                Severity::Compatible,
                what.to_string(),
                reason.to_string(),
            );
        }
        if o.http_method != n.http_method || o.path != n.path {
            op(
                self,
                None,
                Kind::EndpointChanged,
                Severity::Compatible,
                format!(
                    "endpoint `{} {}` -> `{} {}`",
                    o.http_method.as_str(),
                    o.path,
                    n.http_method.as_str(),
                    n.path
                ),
                "the method's signature is unchanged; it calls the new endpoint".to_string(),
            );
        }
        if o.security.is_some() || n.security.is_some() {
            let effective = |api: &Api, op: &Operation| {
                describe_security(&api.schemes, op.security.as_ref().unwrap_or(&api.security))
            };
            let (before, after) = (effective(self.old, o), effective(self.new, n));
            if before != after {
                op(
                    self,
                    None,
                    Kind::SecurityChanged,
                    Severity::Breaking,
                    format!("sends {after} instead of {before}"),
                    "the code compiles, but the call may send credentials the client has not configured, and be refused at run time".to_string(),
                );
            }
        }
        if o.server != n.server {
            let server = |s: &Option<String>| match s {
                Some(url) => format!("`{url}`"),
                None => "the API's base URL".to_string(),
            };
            op(
                self,
                None,
                Kind::ServerChanged,
                Severity::Compatible,
                format!("sent to {} instead of {}", server(&n.server), server(&o.server)),
                "the code compiles unchanged; calls go to the new server unless the client's base URL is set".to_string(),
            );
        }
        self.path_params(subject, o, n);
        self.params(subject, o, n);
        self.body(
            subject,
            o.body.as_ref().map(surface::body_arg),
            n.body.as_ref().map(surface::body_arg),
        );
        self.stream(subject, Some(o), Some(n));
        let (before, after) = (
            return_type(&o.response, &|t| self.old_ty(t)),
            return_type(&n.response, &|t| self.new_ty(t)),
        );
        let same = match (&o.response, &n.response) {
            (Response::Json(a), Response::Json(b))
            | (Response::JsonOrEmpty(a), Response::JsonOrEmpty(b)) => self.compare(a, b),
            (
                Response::ByStatus {
                    name: a,
                    answers: old_answers,
                },
                Response::ByStatus {
                    name: b,
                    answers: new_answers,
                },
            ) if a == b && old_answers.len() == new_answers.len() => {
                let mut same = Same::Yes;
                for (x, y) in old_answers.iter().zip(new_answers) {
                    let this = match (&x.body, &y.body) {
                        _ if x.variant != y.variant => Same::No,
                        (Response::Json(p), Response::Json(q)) => self.compare(p, q),
                        (p, q) if std::mem::discriminant(p) == std::mem::discriminant(q) => {
                            Same::Yes
                        }
                        _ => Same::No,
                    };
                    if this == Same::No {
                        same = Same::No;
                    } else if this == Same::Renamed && same == Same::Yes {
                        same = Same::Renamed;
                    }
                }
                same
            }
            _ if before == after => Same::Yes,
            _ => Same::No,
        };
        if same != Same::Yes {
            let (severity, reason) = Self::retyped(
                same,
                "code using the answer as the old type no longer compiles",
            );
            op(
                self,
                None,
                Kind::ResponseTypeChanged,
                severity,
                format!("returns `{after}` instead of `{before}`"),
                reason,
            );
        } else if let (Response::Bytes(a), Response::Bytes(b)) = (&o.response, &n.response)
            && a != b
        {
            op(
                self,
                None,
                Kind::ResponseMediaChanged,
                Severity::Compatible,
                format!("answer's media type `{a}` -> `{b}`"),
                "still returned as `Vec<u8>`; only the bytes' format changes".to_string(),
            );
        }
    }

    /// The stream method of a cursor-paginated list; its arguments are the
    /// list's, compared with it.
    pub(super) fn stream(&mut self, subject: &str, o: Option<&Operation>, n: Option<&Operation>) {
        fn streams(op: Option<&Operation>) -> Option<&Pagination> {
            op.and_then(surface::stream)
        }
        let (a, b) = (streams(o), streams(n));
        let removed = |p: &Pagination| {
            (
                Kind::StreamMethodRemoved,
                Severity::Breaking,
                p.stream_method.clone(),
                format!("stream method `{}` removed", p.stream_method),
                "calls to it no longer compile".to_string(),
            )
        };
        let added = |p: &Pagination| {
            (
                Kind::StreamMethodAdded,
                Severity::Compatible,
                p.stream_method.clone(),
                format!(
                    "stream method `{}` added (items `{}`)",
                    p.stream_method,
                    rust(&canonical(self.new, &p.item))
                ),
                "a new method; existing calls are unaffected".to_string(),
            )
        };
        let found = match (a, b) {
            (None, None) => Vec::new(),
            (Some(x), None) => vec![removed(x)],
            (None, Some(y)) => vec![added(y)],
            (Some(x), Some(y)) if x.stream_method != y.stream_method => {
                vec![removed(x), added(y)]
            }
            (Some(x), Some(y)) => {
                let (ta, tb) = self.resolve(&x.item, &y.item);
                match self.compare_resolved(&ta, &tb) {
                    Same::Yes => Vec::new(),
                    same => {
                        let (severity, reason) = Self::retyped(
                            same,
                            "code using the items as the old type no longer compiles",
                        );
                        vec![(
                            Kind::StreamItemTypeChanged,
                            severity,
                            y.stream_method.clone(),
                            format!(
                                "stream method `{}` yields `{}` instead of `{}`",
                                y.stream_method,
                                rust(&tb),
                                rust(&ta)
                            ),
                            reason,
                        )]
                    }
                }
            }
        };
        for (kind, severity, member, what, reason) in found {
            self.push(
                Scope::Operation,
                subject,
                Some(&member),
                kind,
                severity,
                what,
                reason,
            );
        }
    }

    pub(super) fn path_params(&mut self, subject: &str, o: &Operation, n: &Operation) {
        let count = o.path_params.len().max(n.path_params.len());
        for i in 0..count {
            let position = i + 1;
            let (severity, kind, member, what, reason) =
                match (o.path_params.get(i), n.path_params.get(i)) {
                    (Some(a), Some(b)) => {
                        let (ta, tb) = (path_arg(self.old_ty(&a.ty)), path_arg(self.new_ty(&b.ty)));
                        if ta != tb {
                            (
                                Severity::Breaking,
                                Kind::PathParamTypeChanged,
                                &b.name,
                                format!("path argument {position} `{}`: `{ta}` -> `{tb}`", b.name),
                                "calls passing the old type no longer compile".to_string(),
                            )
                        } else if a.name != b.name || a.wire != b.wire {
                            (
                                Severity::Compatible,
                                Kind::PathParamRenamed,
                                &b.name,
                                format!(
                                    "path argument {position} renamed `{}` -> `{}`",
                                    a.name, b.name
                                ),
                                "arguments are positional: calls compile unchanged".to_string(),
                            )
                        } else {
                            continue;
                        }
                    }
                    (Some(a), None) => (
                        Severity::Breaking,
                        Kind::PathParamRemoved,
                        &a.name,
                        format!("path argument {position} `{}` removed", a.name),
                        "the method takes one argument fewer: existing calls no longer compile"
                            .to_string(),
                    ),
                    (None, Some(b)) => (
                        Severity::Breaking,
                        Kind::PathParamAdded,
                        &b.name,
                        format!(
                            "path argument {position} `{}: {}` added",
                            b.name,
                            path_arg(self.new_ty(&b.ty))
                        ),
                        "the method takes one more argument: existing calls no longer compile"
                            .to_string(),
                    ),
                    (None, None) => continue,
                };
            self.push(
                Scope::Operation,
                subject,
                Some(member),
                kind,
                severity,
                what,
                reason,
            );
        }
    }

    /// Query and header parameters: the fields of `{OperationId}Params`.
    pub(super) fn params(&mut self, subject: &str, o: &Operation, n: &Operation) {
        fn by_name(op: &Operation) -> BTreeMap<&str, (&Param, Location)> {
            op.query
                .iter()
                .map(|p| (p.name.as_str(), (p, Location::Query)))
                .chain(
                    op.headers
                        .iter()
                        .map(|p| (p.name.as_str(), (p, Location::Header))),
                )
                .chain(
                    op.cookies
                        .iter()
                        .map(|p| (p.name.as_str(), (p, Location::Cookie))),
                )
                .collect()
        }
        if let (Some(a), Some(b)) = (&o.params_struct, &n.params_struct)
            && a != b
        {
            self.push(
                Scope::Operation,
                subject,
                None,
                Kind::ParamsStructRenamed,
                Severity::Breaking,
                format!("parameters struct `models::{a}` -> `models::{b}`"),
                "code naming the old struct no longer compiles".to_string(),
            );
        }
        let struct_name = n
            .params_struct
            .as_deref()
            .or(o.params_struct.as_deref())
            .unwrap_or("Params");
        let (old, new) = (by_name(o), by_name(n));
        let names: BTreeSet<&str> = old.keys().chain(new.keys()).copied().collect();
        for name in names {
            let (kind, severity, what, reason) = match (old.get(name), new.get(name)) {
                (None, Some((p, location))) => {
                    let ty = rust(&canonical(self.new, &p.ty));
                    let what = format!("{} parameter `{}: {ty}` added", location.as_str(), p.wire);
                    if o.params_struct.is_none() {
                        let kind = if p.required {
                            Kind::RequiredParamAdded
                        } else {
                            Kind::OptionalParamAdded
                        };
                        let reason = format!(
                            "the method takes a new `params: &models::{struct_name}` argument: existing calls no longer compile"
                        );
                        (kind, Severity::Breaking, what, reason)
                    } else if p.required {
                        let reason = self
                            .required_struct_reason(struct_name, Some(&p.name), None)
                            .unwrap_or_else(|| format!(
                                "`{struct_name}::new()` takes a new argument `{}`: existing calls no longer compile",
                                p.name
                            ));
                        (Kind::RequiredParamAdded, Severity::Breaking, what, reason)
                    } else {
                        let reason = format!(
                            "a new setter `{struct_name}::{}`; existing code is unaffected",
                            surface::setter_name(&p.name)
                        );
                        (Kind::OptionalParamAdded, Severity::Compatible, what, reason)
                    }
                }
                (Some((p, location)), None) => {
                    let reason = if n.params_struct.is_none() {
                        "the method loses its `params` argument: existing calls no longer compile"
                            .to_string()
                    } else if p.required {
                        self.required_struct_reason(struct_name, None, Some(&p.name))
                            .unwrap_or_else(|| {
                                format!(
                                    "`{struct_name}::new()` loses an argument and the field `{}` is gone",
                                    p.name
                                )
                            })
                    } else {
                        format!("the field and setter `{}` are gone", p.name)
                    };
                    (
                        Kind::ParamRemoved,
                        Severity::Breaking,
                        format!("{} parameter `{}` removed", location.as_str(), p.wire),
                        reason,
                    )
                }
                (Some((a, la)), Some((b, lb))) => {
                    let (ta, tb) = self.resolve(&a.ty, &b.ty);
                    let same = self.compare_resolved(&ta, &tb);
                    if same != Same::Yes {
                        let (severity, reason) = Self::retyped(
                            same,
                            "code setting it with the old type no longer compiles",
                        );
                        self.push(
                            Scope::Operation,
                            subject,
                            Some(name),
                            Kind::ParamTypeChanged,
                            severity,
                            format!("parameter `{}`: `{}` -> `{}`", b.wire, rust(&ta), rust(&tb)),
                            reason,
                        );
                    }
                    if a.required != b.required {
                        let (kind, what, reason) = if b.required {
                            (
                                Kind::ParamMadeRequired,
                                format!("parameter `{}` made required", b.wire),
                                self.required_struct_reason(struct_name, Some(&b.name), None)
                                    .unwrap_or_else(|| format!(
                                        "`{struct_name}::new()` takes it as an argument and its field is no longer an `Option`"
                                    )),
                            )
                        } else {
                            (
                                Kind::ParamMadeOptional,
                                format!("parameter `{}` made optional", b.wire),
                                self.required_struct_reason(struct_name, None, Some(&b.name))
                                    .unwrap_or_else(|| format!(
                                        "`{struct_name}::new()` no longer takes it and its field becomes an `Option`"
                                    )),
                            )
                        };
                        self.push(
                            Scope::Operation,
                            subject,
                            Some(name),
                            kind,
                            Severity::Breaking,
                            what,
                            reason,
                        );
                    }
                    // The style is only used in the query.
                    let restyled =
                        *la == Location::Query && *lb == Location::Query && a.style != b.style;
                    if a.wire != b.wire || la != lb || restyled {
                        let mut what = format!(
                            "parameter `{}` sent as {} `{}`",
                            b.name,
                            lb.as_str(),
                            b.wire
                        );
                        if restyled {
                            what.push_str(&format!(
                                " ({} instead of {})",
                                style(&b.style),
                                style(&a.style)
                            ));
                        }
                        what.push_str(&format!(", was {} `{}`", la.as_str(), a.wire));
                        self.push(
                            Scope::Operation,
                            subject,
                            Some(name),
                            Kind::ParamWireChanged,
                            Severity::Compatible,
                            what,
                            "only the request on the wire changes; Rust code is unaffected"
                                .to_string(),
                        );
                    }
                    continue;
                }
                (None, None) => continue,
            };
            self.push(
                Scope::Operation,
                subject,
                Some(name),
                kind,
                severity,
                what,
                reason,
            );
        }
    }

    /// The body argument ([`surface::body_arg`]).
    pub(super) fn body(&mut self, subject: &str, o: Option<BodyArg>, n: Option<BodyArg>) {
        let arg = |api: &Api, b: BodyArg| {
            let ty = surface::body_type(b.ty, &Message, &|t| canonical(api, t));
            if b.required {
                format!("&{ty}")
            } else {
                format!("impl Into<Option<&{ty}>>")
            }
        };
        let mut severity = Severity::Breaking;
        let (kind, what, reason) = match (o, n) {
            (None, None) => return,
            (None, Some(b)) => (
                Kind::BodyAdded,
                format!("request body `body: {}` added", arg(self.new, b)),
                "the method takes one more argument: existing calls no longer compile".to_string(),
            ),
            (Some(a), None) => (
                Kind::BodyRemoved,
                format!("request body `body: {}` removed", arg(self.old, a)),
                "the method takes one argument fewer: existing calls no longer compile".to_string(),
            ),
            (Some(a), Some(b)) => {
                let same = match (a.ty, b.ty) {
                    (BodyType::Value(x), BodyType::Value(y)) => self.compare(x, y),
                    // `Multipart` or `[u8]` on both sides.
                    (x, y) if x == y => Same::Yes,
                    // A typed value, `Multipart` and `[u8]` changing into each other.
                    _ => Same::No,
                };
                if same != Same::Yes {
                    let reason;
                    (severity, reason) =
                        Self::retyped(same, "calls passing the old type no longer compile");
                    (
                        Kind::BodyTypeChanged,
                        format!(
                            "request body `{}` -> `{}`",
                            surface::body_type(a.ty, &Message, &|t| self.old_ty(t)),
                            surface::body_type(b.ty, &Message, &|t| self.new_ty(t))
                        ),
                        reason,
                    )
                } else if a.required != b.required {
                    let (kind, reason) = if b.required {
                        (
                            Kind::BodyMadeRequired,
                            "calls passing `None` no longer compile (those passing `&body` still do)",
                        )
                    } else {
                        severity = Severity::Compatible;
                        (
                            Kind::BodyMadeOptional,
                            "calls passing `&body` still compile; `None` now sends no body",
                        )
                    };
                    (
                        kind,
                        format!(
                            "request body argument `{}` -> `{}`",
                            arg(self.old, a),
                            arg(self.new, b)
                        ),
                        reason.to_string(),
                    )
                } else {
                    return;
                }
            }
        };
        self.push(
            Scope::Operation,
            subject,
            Some("body"),
            kind,
            severity,
            what,
            reason,
        );
    }
}
