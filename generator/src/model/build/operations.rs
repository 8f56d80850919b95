//! One operation: its method, parameters (path, query, header, cookie),
//! request body, answers and security.

use openapiv3::{Parameter, ParameterSchemaOrContent, PathStyle, ReferenceOr};

use super::Builder;
use super::resources::{Place, operation_id};
use super::typespace::{Direction, docs::value_doc};
use crate::error::{Error, child};
use crate::model::names::{self, Taken};
use crate::model::*;

impl<'a> Builder<'a> {
    /// The operation `op` at `place`, named `method_name` in a resource
    /// whose method names are `methods` (a stream method claims one more).
    pub(super) fn operation(
        &mut self,
        op: &'a openapiv3::Operation,
        place: &Place<'_, 'a>,
        method_name: String,
        methods: &mut Taken,
    ) -> Result<Operation, Error> {
        let Place {
            path,
            method,
            pointer,
            path_level,
            path_server,
        } = *place;
        let operation_id = operation_id(op, method, path);
        let op_name = names::type_name(&operation_id);
        let http_method = match method {
            "get" => HttpMethod::Get,
            "put" => HttpMethod::Put,
            "post" => HttpMethod::Post,
            "delete" => HttpMethod::Delete,
            "options" => HttpMethod::Options,
            "head" => HttpMethod::Head,
            "patch" => HttpMethod::Patch,
            _ => HttpMethod::Trace,
        };

        // Parameters: the operation's own override the path item's.
        let mut params: Vec<(Parameter, String)> = Vec::new();
        for (list, list_pointer) in [
            (path_level, child(&child("#/paths", path), "parameters")),
            (&op.parameters[..], child(pointer, "parameters")),
        ] {
            for (i, param) in list.iter().enumerate() {
                let param_pointer = child(&list_pointer, &i.to_string());
                let (param, _) = self.refs.resolve(
                    param,
                    "parameters",
                    "parameter",
                    |c| &c.parameters,
                    &param_pointer,
                )?;
                let param = param.clone();
                let data = param.parameter_data_ref();
                params.retain(|(p, _)| {
                    let d = p.parameter_data_ref();
                    !(d.name == data.name
                        && std::mem::discriminant(p) == std::mem::discriminant(&param))
                });
                params.push((param, param_pointer));
            }
        }

        // Names the generated method body uses itself are taken first, so a
        // path parameter called `body` or `request` becomes `body2`/`request2`.
        let mut arg_names = Taken::default();
        for own in ["self", "params", "body", "request", "response"] {
            arg_names.claim(own);
        }
        let mut path_params = Vec::new();
        let mut query = Vec::new();
        let mut headers = Vec::new();
        let mut cookies = Vec::new();
        let mut field_names = Taken::default();
        for (param, param_pointer) in &params {
            let data = param.parameter_data_ref();
            let schema = match &data.format {
                ParameterSchemaOrContent::Schema(schema) => schema,
                ParameterSchemaOrContent::Content(_) => {
                    return Err(self.refs.err(
                        param_pointer,
                        format!(
                            "parameter `{}` uses `content`; only `schema` parameters are supported",
                            data.name
                        ),
                    ));
                }
            };
            let hint = format!("{op_name}{}", names::type_name(&data.name));
            let ty = self.space.type_for(
                schema,
                &hint,
                &child(param_pointer, "schema"),
                Direction::Sent,
            )?;
            let ty = match ty {
                TypeRef::Option(inner) => *inner,
                other => self.space.alias_target(other),
            };
            let example = data.example.clone().or_else(|| match schema {
                ReferenceOr::Item(s) => s.schema_data.example.clone(),
                ReferenceOr::Reference { .. } => None,
            });
            // Whop, like many specs, describes a parameter on its schema.
            let doc = value_doc(
                schema,
                data.description.as_deref(),
                data.deprecated.unwrap_or(false),
                example.as_ref(),
            );
            let scalar = self.space.is_scalar(&ty);
            match param {
                Parameter::Path { style, .. } => {
                    if !matches!(style, PathStyle::Simple) {
                        return Err(self.refs.err(
                            param_pointer,
                            format!(
                                "path parameter `{}`: only `style: simple` is supported",
                                data.name
                            ),
                        ));
                    }
                    // Never raw: the name is used inline in `format!`.
                    path_params.push(Param {
                        name: arg_names.claim(&names::plain_name(&data.name)),
                        wire: data.name.clone(),
                        ty,
                        required: true,
                        style: QueryStyle::Form { explode: false },
                        structured: !scalar,
                        doc,
                        example,
                    });
                }
                Parameter::Query { style, .. } => {
                    let (style, structured) = match style {
                        openapiv3::QueryStyle::Form => {
                            let listed =
                                matches!(&ty, TypeRef::Vec(item) if self.space.is_scalar(item));
                            let explode = data.explode.unwrap_or(true);
                            (QueryStyle::Form { explode }, !(scalar || listed))
                        }
                        openapiv3::QueryStyle::DeepObject => {
                            let map = matches!(&ty, TypeRef::Map(value) if matches!(**value, TypeRef::String | TypeRef::Json));
                            (QueryStyle::DeepObject, !map)
                        }
                        other => {
                            return Err(self.refs.err(
                                param_pointer,
                                format!(
                                    "query parameter `{}`: style {other:?} is not supported (only `form` and `deepObject` are)",
                                    data.name
                                ),
                            ));
                        }
                    };
                    query.push(Param {
                        name: field_names.claim(&names::field_name(&data.name)),
                        wire: data.name.clone(),
                        ty,
                        required: data.required,
                        style,
                        structured,
                        doc,
                        example,
                    });
                }
                Parameter::Header { .. } | Parameter::Cookie { .. } => {
                    let list = if matches!(param, Parameter::Header { .. }) {
                        &mut headers
                    } else {
                        &mut cookies
                    };
                    list.push(Param {
                        name: field_names.claim(&names::field_name(&data.name)),
                        wire: data.name.clone(),
                        ty,
                        required: data.required,
                        style: QueryStyle::Form { explode: false },
                        structured: !scalar,
                        doc,
                        example,
                    });
                }
            }
        }

        // Path parameters in template order; every `{name}` needs one.
        let mut ordered = Vec::new();
        for segment in template_names(path) {
            match path_params.iter().position(|p: &Param| p.wire == segment) {
                Some(i) => ordered.push(path_params.remove(i)),
                None => {
                    return Err(self.refs.err(
                        pointer,
                        format!(
                            "path `{path}` has `{{{segment}}}` but no path parameter of that name"
                        ),
                    ));
                }
            }
        }
        if let Some(extra) = path_params.first() {
            return Err(self.refs.err(
                pointer,
                format!(
                    "path parameter `{}` does not appear in the path `{path}`",
                    extra.wire
                ),
            ));
        }

        let params_struct = if query.is_empty() && headers.is_empty() && cookies.is_empty() {
            None
        } else {
            Some(self.space.claim_name(&format!("{op_name}Params")))
        };

        // The request body's own description documents the method (its
        // schema's documents the body's type).
        let mut body_description = None;
        let body = match &op.request_body {
            None => None,
            Some(body) => {
                let body_pointer = child(pointer, "requestBody");
                let (body, body_pointer) = self.refs.resolve(
                    body,
                    "requestBodies",
                    "request body",
                    |c| &c.request_bodies,
                    &body_pointer,
                )?;
                body_description = body.description.as_deref();
                self.body(body, &body_pointer, &op_name)?
            }
        };

        let (response, accept) = self.responses(op, &op_name, pointer)?;
        // The operation's own requirement, settled against the API's by
        // `settle_security`.
        let security = op
            .security
            .as_ref()
            .map(|reqs| self.requirement(reqs, &child(pointer, "security")));

        let mut doc = Doc::default();
        doc.push(op.summary.as_deref());
        doc.push(op.description.as_deref());
        doc.push(body_description);
        doc.push(Some(&code_span(&format!(
            "{} {path}",
            http_method.as_str()
        ))));

        let server = if op.servers.is_empty() {
            path_server.cloned()
        } else {
            self.server_url(&op.servers, &child(pointer, "servers"))
        };
        let pagination = self.pagination_of(&query, &response, || {
            methods.claim(&format!("{}_stream", names::unraw(&method_name)))
        });

        Ok(Operation {
            operation_id,
            method_name,
            http_method,
            path: path.to_string(),
            path_params: ordered,
            query,
            headers,
            cookies,
            params_struct,
            body,
            response,
            doc,
            deprecated: op.deprecated,
            pointer: pointer.to_string(),
            pagination,
            accept,
            security,
            server,
        })
    }
}

/// The path template's parameter names, in order (`/a/{id}/b` -> `["id"]`).
fn template_names(path: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = path;
    while let Some(start) = rest.find('{') {
        let after = &rest[start + 1..];
        match after.find('}') {
            Some(end) => {
                out.push(after[..end].to_string());
                rest = &after[end + 1..];
            }
            None => break,
        }
    }
    out
}
