//! Servers: the API's default base URL and an operation's or path's own.

use super::Builder;
use crate::model::*;

impl<'a> Builder<'a> {
    /// The first server's URL with each `{variable}` replaced by its
    /// default, when that is a URL the crate can default to
    /// ([`base_url_problem`]); else a note, and no default.
    pub(super) fn base_url(&mut self) -> Option<String> {
        let Some(server) = self.refs.spec.servers.first() else {
            self.space.note(
                "#/servers: the spec names no server; clients must set a base URL".to_string(),
            );
            return None;
        };
        let url = with_defaults(server);
        // Quoted with escapes: the URL is the spec's text, shown on a terminal.
        if let Some(problem) = base_url_problem(&url) {
            self.space.note(format!(
                "#/servers/0/url: {url:?} cannot be the default base URL ({problem}); clients must set a base URL"
            ));
            return None;
        }
        if self.refs.spec.servers.len() > 1 {
            self.space.note(format!(
                "#/servers: {} servers; the client defaults to the first, {url}",
                self.refs.spec.servers.len()
            ));
        }
        Some(url)
    }

    /// The first of an operation's or path's `servers` (`pointer`), with
    /// its variables' defaults, when it is a URL the client can send to
    /// ([`base_url_problem`], as for the API's own); else a note and `None`
    /// (the operation then uses the API's base URL).
    pub(super) fn server_url(
        &mut self,
        servers: &[openapiv3::Server],
        pointer: &str,
    ) -> Option<String> {
        let server = servers.first()?;
        let url = with_defaults(server);
        // Quoted with escapes: the URL is the spec's text, shown on a terminal.
        if let Some(problem) = base_url_problem(&url) {
            self.space.note(format!(
                "{pointer}/0/url: {url:?} cannot be a base URL ({problem}); the client's base URL is used"
            ));
            return None;
        }
        if servers.len() > 1 {
            self.space.note(format!(
                "{pointer}: {} servers; the first is used, {url}",
                servers.len()
            ));
        }
        Some(url)
    }
}

/// A server's URL with each `{variable}` replaced by its default.
fn with_defaults(server: &openapiv3::Server) -> String {
    let mut url = server.url.clone();
    for (name, variable) in server.variables.iter().flatten() {
        url = url.replace(&format!("{{{name}}}"), &variable.default);
    }
    url
}
