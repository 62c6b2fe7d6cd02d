//! Which organization's site a request is for. One installation can serve several
//! organizations, each under its own host name (`sites` in the settings: host → organization
//! name or id); any other host gets the default organization (the first by name).

use actix_web::HttpRequest;

use crate::state::AppState;

/// The organization configured for the request's host, or `None` for the default; and the
/// configured host name it was found under.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Site(pub Option<String>, Option<String>);

impl Site {
    /// The site of the request's `Host` (never `X-Forwarded-Host` or `Forwarded: host=`,
    /// which anyone can send).
    pub fn of(req: &HttpRequest, state: &AppState) -> Self {
        let host = req
            .headers()
            .get(actix_web::http::header::HOST)
            .and_then(|h| h.to_str().ok())
            .or_else(|| req.uri().authority().map(|a| a.as_str()))
            .unwrap_or_default()
            .to_ascii_lowercase();
        // Without the port: "protokoll.exempel.se:8443" is the same site.
        let name = if host.starts_with('[') {
            host.split_inclusive(']')
                .next()
                .unwrap_or_default()
                .to_owned()
        } else {
            match host.rsplit_once(':') {
                Some((h, port)) if port.bytes().all(|b| b.is_ascii_digit()) => h.to_owned(),
                _ => host.clone(),
            }
        };
        let found = state
            .config
            .sites
            .iter()
            .find(|(h, _)| h.eq_ignore_ascii_case(&name));
        Self(
            found.map(|(_, org)| org.clone()),
            found.map(|(h, _)| h.clone()),
        )
    }

    /// The site's public address for links that leave the request (feeds): a configured
    /// site's host name, otherwise the configured public address — never the request's.
    pub fn base_url(&self, state: &AppState) -> String {
        match &self.1 {
            Some(host) => {
                let scheme = if state.config.secure_cookies {
                    "https"
                } else {
                    "http"
                };
                format!("{scheme}://{host}")
            }
            None => state.config.public_url.trim_end_matches('/').to_owned(),
        }
    }

    /// A short key for caches.
    pub fn key(&self) -> &str {
        self.0.as_deref().unwrap_or("")
    }
}
