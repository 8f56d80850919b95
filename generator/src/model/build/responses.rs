//! Responses: the type of each answer, and the one return type of the
//! success answers (or an enum by status).

use openapiv3::{ReferenceOr, StatusCode};

use super::Builder;
use super::bodies::json_media;
use super::typespace::Direction;
use crate::error::{Error, child};
use crate::model::*;

impl<'a> Builder<'a> {
    /// Defines the types of every response and returns what success gives.
    pub(super) fn responses(
        &mut self,
        op: &openapiv3::Operation,
        op_name: &str,
        pointer: &str,
    ) -> Result<(Response, Option<String>), Error> {
        let responses_pointer = child(pointer, "responses");
        let mut accept: Option<String> = None;
        let mut entries: Vec<(StatusCode, &ReferenceOr<openapiv3::Response>)> = op
            .responses
            .responses
            .iter()
            .map(|(s, r)| (s.clone(), r))
            .collect();
        entries.sort_by_key(|(status, _)| match status {
            StatusCode::Code(code) => (*code, 0),
            StatusCode::Range(range) => (*range * 100, 1),
        });
        let has_2xx = entries
            .iter()
            .any(|(status, _)| status.to_string().starts_with('2'));
        let mut success: Vec<(String, Response)> = Vec::new();
        // The media types of the success answers with a body.
        let mut medias: Vec<String> = Vec::new();
        for (status, response) in entries.iter().map(|(s, r)| (s.to_string(), *r)).chain(
            op.responses
                .default
                .as_ref()
                .map(|r| ("default".to_string(), r)),
        ) {
            let (response, at) = self.refs.resolve(
                response,
                "responses",
                "response",
                |c| &c.responses,
                &child(&responses_pointer, &status),
            )?;
            if !response.links.is_empty() {
                self.space.note(format!("{at}/links: links are ignored"));
            }
            // `default` describes success when no 2xx is declared.
            let is_success = status.starts_with('2') || (status == "default" && !has_2xx);
            let hint = if is_success {
                format!("{op_name}Response")
            } else {
                "ErrorResponse".to_string()
            };
            let json = json_media(&response.content);
            // The answer's media type: the JSON one, else the first.
            let media = json
                .map(|(media, _)| media)
                .or_else(|| response.content.keys().next().map(String::as_str));
            let result = match (json, media) {
                (Some((media, Some(schema))), _) => {
                    let ty = self.space.type_for(
                        schema,
                        &hint,
                        &child(&child(&child(&at, "content"), media), "schema"),
                        Direction::Received,
                    )?;
                    Response::Json(ty)
                }
                (Some((_, None)), _) => Response::Json(TypeRef::Json),
                (None, Some(media)) => Response::Bytes(media.to_string()),
                (None, None) => Response::Empty,
            };
            if is_success {
                // The first success answer with a body says what to accept,
                // when that is not plain JSON.
                if let Some(media) = media
                    && success.iter().all(|(_, r)| *r == Response::Empty)
                    && !media.trim().eq_ignore_ascii_case("application/json")
                {
                    accept = Some(accept_header(media));
                }
                if let Some(media) = media
                    && !medias.contains(&accept_header(media))
                {
                    medias.push(accept_header(media));
                }
                success.push((status.clone(), result));
            }
        }
        let response = self.success(success, op_name);
        // Answers by status of several media types accept them all.
        if matches!(response, Response::ByStatus { .. }) && medias.len() > 1 {
            accept = Some(medias.join(", "));
        }
        Ok((response, accept))
    }

    /// One return type for the 2xx answers: the one type they share
    /// (answers without a body allowed: `Option` of a JSON type, an empty
    /// `Vec<u8>`), else an enum with a variant per answer.
    pub(super) fn success(&mut self, answers: Vec<(String, Response)>, op_name: &str) -> Response {
        let mut bodies: Vec<&Response> = Vec::new();
        for (_, answer) in &answers {
            let same = |r: &&Response| {
                *r == answer || matches!((r, answer), (Response::Bytes(_), Response::Bytes(_)))
            };
            if *answer != Response::Empty && !bodies.iter().any(same) {
                bodies.push(answer);
            }
        }
        let some_empty = answers.iter().any(|(_, r)| *r == Response::Empty);
        match bodies[..] {
            [] => return Response::Empty,
            [Response::Json(ty)] if some_empty => return Response::JsonOrEmpty(ty.clone()),
            [one] => return one.clone(),
            _ => {}
        }
        let answers = answers
            .into_iter()
            .map(|(status, body)| {
                let variant = if status == "default" {
                    "Default".to_string()
                } else {
                    format!("Status{}", status.to_ascii_lowercase())
                };
                StatusAnswer {
                    status,
                    variant,
                    body,
                }
            })
            .collect();
        Response::ByStatus {
            name: format!("{op_name}Answer"),
            answers,
        }
    }
}

/// An `Accept` header for a media type of the spec: the type as it is when
/// a header can carry it, else `*/*`.
pub(super) fn accept_header(media: &str) -> String {
    let media = media.trim();
    if !media.is_empty() && media.bytes().all(|b| (0x20..0x7f).contains(&b)) {
        media.to_string()
    } else {
        "*/*".to_string()
    }
}
