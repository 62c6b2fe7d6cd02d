//! Which organization's site a request is for. One installation can serve several
//! organizations, each under its own host name (`sites` in the settings: host → organization
//! name or id); any other host gets the default organization (the first by name).

use actix_web::HttpRequest;

use crate::state::AppState;

/// The organization configured for the request's host, or `None` for the default.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Site(pub Option<String>);

impl Site {
    pub fn of(req: &HttpRequest, state: &AppState) -> Self {
        let host = req.connection_info().host().to_ascii_lowercase();
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
        Self(
            state
                .config
                .sites
                .iter()
                .find(|(h, _)| h.eq_ignore_ascii_case(&name))
                .map(|(_, org)| org.clone()),
        )
    }

    /// A short key for caches.
    pub fn key(&self) -> &str {
        self.0.as_deref().unwrap_or("")
    }
}
