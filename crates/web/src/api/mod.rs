//! The JSON API: every action of the web pages, for the same users. Authentication is the web
//! session (then state-changing requests carry the session's CSRF token in `X-CSRF-Token`) or
//! an API token (`Authorization: Bearer …`, made with `justera user token`). Errors are JSON
//! `{ "error": Swedish message, "code": stable code }` with the HTTP status of the web pages.
//! Described by the OpenAPI 3.1 document at `/api/openapi.json`, browsable at
//! `/api/dokumentation`.

mod admin;
mod handlers;
pub mod openapi;
mod types;
mod users;

use actix_web::http::StatusCode;
use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, ResponseError, web};
use justera_store::sessions::Session;

use crate::error::WebError;
use crate::session::{self, same_token};
use crate::state::AppState;

pub use types::*;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/api/openapi.json", web::get().to(openapi::document))
        .route("/api/dokumentation", web::get().to(openapi::browser))
        .route(
            "/api/dokumentation/init.js",
            web::get().to(openapi::browser_init),
        )
        .route(
            "/api/dokumentation/swagger-ui-bundle.js",
            web::get().to(openapi::browser_js),
        )
        .route(
            "/api/dokumentation/swagger-ui.css",
            web::get().to(openapi::browser_css),
        )
        .route("/api/anslagstavla", web::get().to(handlers::board))
        .route("/api/anslagstavla/arkiv", web::get().to(handlers::archive))
        .route(
            "/api/anslagstavla/anslag/{id}",
            web::get().to(handlers::notice_one),
        )
        .route("/api/verifiera", web::post().to(handlers::verify))
        .route("/api/jag", web::get().to(handlers::me))
        .route("/api/organ", web::get().to(admin::bodies))
        .route("/api/organ/{id}", web::put().to(admin::put_body))
        .route("/api/organ/{id}/mandatperiod", web::post().to(admin::term))
        .route("/api/organ/{id}/uppdrag", web::post().to(admin::mandate))
        .route("/api/organisation", web::get().to(admin::settings))
        .route("/api/organisation", web::put().to(admin::put_settings))
        .route("/api/personer", web::get().to(admin::persons))
        .route(
            "/api/sammantraden/{id}/anslag",
            web::post().to(admin::other_posting),
        )
        .route("/api/anvandare", web::get().to(users::list))
        .route("/api/anvandare", web::post().to(users::create))
        .route("/api/anvandare/{username}", web::get().to(users::show))
        .route("/api/anvandare/{username}", web::put().to(users::put))
        .route(
            "/api/anvandare/{username}/losenordslank",
            web::post().to(users::password),
        )
        .route(
            "/api/anvandare/{username}/tvastegsverifiering",
            web::delete().to(users::second_factor),
        )
        .route(
            "/api/anvandare/{username}/sessioner",
            web::delete().to(users::sessions),
        )
        .route(
            "/api/anvandare/{username}/token/{id}",
            web::delete().to(users::token),
        )
        .route("/api/sammantraden", web::get().to(handlers::meetings))
        .route("/api/sammantraden", web::post().to(handlers::create))
        .route("/api/sammantraden/{id}", web::get().to(handlers::meeting))
        .route(
            "/api/sammantraden/{id}/andringar",
            web::post().to(handlers::edit),
        )
        .route(
            "/api/sammantraden/{id}/omedelbar-justering",
            web::post().to(handlers::immediate),
        )
        .route(
            "/api/sammantraden/{id}/skicka-for-justering",
            web::post().to(handlers::send),
        )
        .route("/api/justering", web::get().to(handlers::awaiting))
        .route(
            "/api/justering/{id}/signera",
            web::post().to(handlers::sign),
        )
        .route(
            "/api/justering/{id}/avvisa",
            web::post().to(handlers::reject),
        )
        .route("/api/{tail:.*}", web::to(handlers::not_found));
}

/// An error answered as JSON.
#[derive(Debug)]
pub struct ApiError(pub WebError);

impl From<WebError> for ApiError {
    fn from(e: WebError) -> Self {
        Self(e)
    }
}

impl From<justera_store::StoreError> for ApiError {
    fn from(e: justera_store::StoreError) -> Self {
        Self(e.into())
    }
}

impl From<justera_service::ServiceError> for ApiError {
    fn from(e: justera_service::ServiceError) -> Self {
        Self(e.into())
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl ApiError {
    fn code(&self) -> &'static str {
        self.0.code()
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        self.0.status_code()
    }

    fn error_response(&self) -> HttpResponse {
        if let WebError::Internal(detail) = &self.0 {
            eprintln!("justera-web: internt fel (API): {detail}");
        }
        let mut res = HttpResponse::build(self.status_code());
        if matches!(self.0, WebError::LoginRequired) {
            res.insert_header((header::WWW_AUTHENTICATE, "Bearer realm=\"justera\""));
        }
        res.json(ErrorBody {
            error: self.0.to_string(),
            code: self.code().to_owned(),
        })
    }
}

pub type ApiResult = Result<HttpResponse, ApiError>;

/// The caller: an API token, or the web session.
pub async fn caller(
    req: &HttpRequest,
    state: &web::Data<AppState>,
) -> Result<Option<Session>, WebError> {
    if let Some(auth) = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
    {
        let token = auth
            .strip_prefix("Bearer ")
            .map(str::trim)
            .filter(|t| t.len() == 64 && t.bytes().all(|b| b.is_ascii_hexdigit()))
            .ok_or(WebError::LoginRequired)?
            .to_owned();
        let user = state
            .db(move |store| Ok(store.find_api_token(&token, crate::session::now())?))
            .await?
            .ok_or(WebError::LoginRequired)?;
        return Ok(Some(Session {
            user,
            csrf_token: String::new(),
            expires_at: chrono::NaiveDateTime::MAX,
        }));
    }
    session::current(req, state).await
}

pub async fn require(req: &HttpRequest, state: &web::Data<AppState>) -> Result<Session, WebError> {
    caller(req, state).await?.ok_or(WebError::LoginRequired)
}

/// For a state-changing request: a token caller needs nothing more; a session caller must send
/// the session's CSRF token in `X-CSRF-Token`.
pub async fn require_write(
    req: &HttpRequest,
    state: &web::Data<AppState>,
) -> Result<Session, WebError> {
    let session = require(req, state).await?;
    if session.csrf_token.is_empty() {
        return Ok(session);
    }
    let sent = req
        .headers()
        .get("X-CSRF-Token")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    if same_token(&session.csrf_token, sent) {
        Ok(session)
    } else {
        Err(WebError::Forbidden(
            "CSRF-token saknas eller är fel: skicka sessionens token i X-CSRF-Token, eller använd en API-token.".into(),
        ))
    }
}

#[cfg(test)]
mod tests {
    /// The API shares actions with the pages through `crate::actions`, never through a page
    /// module (architecture.md).
    #[test]
    fn the_api_does_not_reach_into_page_modules() {
        for (name, source) in [
            ("mod.rs", include_str!("mod.rs")),
            ("admin.rs", include_str!("admin.rs")),
            ("handlers.rs", include_str!("handlers.rs")),
            ("openapi.rs", include_str!("openapi.rs")),
            ("types.rs", include_str!("types.rs")),
            ("users.rs", include_str!("users.rs")),
        ] {
            let needle = concat!("crate::", "pages");
            assert!(!source.contains(needle), "api/{name} uses a page module");
        }
    }
}
