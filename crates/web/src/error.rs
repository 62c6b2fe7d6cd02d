//! Errors as the user sees them: a Swedish page (or JSON under /api) with the right status.
//! Internal details are logged, not shown.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};
use askama::Template;
use justera_service::ServiceError;
use justera_store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum WebError {
    #[error("{0}")]
    NotFound(String),
    #[error("Du måste logga in för att se sidan.")]
    LoginRequired,
    #[error("{0}")]
    Forbidden(String),
    #[error("{0}")]
    BadRequest(String),
    #[error("{0}")]
    Conflict(String),
    #[error("{0}")]
    Unprocessable(String),
    #[error("{0}")]
    TooManyRequests(String),
    /// The server is busy with this kind of work; the request may be repeated shortly.
    #[error("{0}")]
    Busy(String),
    /// 413: the body is larger than allowed.
    #[error("{0}")]
    TooLarge(String),
    #[error("Ett internt fel inträffade. Inget av det du redan sparat har gått förlorat.")]
    Internal(String),
}

impl From<StoreError> for WebError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound { .. } => Self::NotFound(capitalize(&e.to_string())),
            StoreError::Conflict { .. } => Self::Conflict(capitalize(&e.to_string())),
            StoreError::Domain(d) => d.into(),
            StoreError::AlreadyExists { .. } => Self::Conflict(capitalize(&e.to_string())),
            other => Self::Internal(other.to_string()),
        }
    }
}

impl From<justera_domain::DomainError> for WebError {
    fn from(d: justera_domain::DomainError) -> Self {
        match d {
            justera_domain::DomainError::EditConflict { .. } => {
                Self::Conflict(capitalize(&d.to_string()))
            }
            _ => Self::Unprocessable(capitalize(&d.to_string())),
        }
    }
}

impl From<ServiceError> for WebError {
    fn from(e: ServiceError) -> Self {
        match e {
            ServiceError::Store(s) => s.into(),
            ServiceError::Domain(d) => d.into(),
            ServiceError::BadCredentials
            | ServiceError::Sign(justera_sign::SignError::WrongPassword) => {
                Self::Unprocessable("Fel användarnamn eller lösenord.".into())
            }
            ServiceError::WrongPassword => Self::Unprocessable(
                "Lösenordet stämmer inte. Ange samma lösenord som när du loggar in.".into(),
            ),
            ServiceError::Throttled { .. } => Self::TooManyRequests(capitalize(&e.to_string())),
            ServiceError::NotAuthorized { .. } => Self::Forbidden(capitalize(&e.to_string())),
            ServiceError::NoDocument | ServiceError::FrozenContentChanged => {
                Self::Conflict(capitalize(&e.to_string()))
            }
            ServiceError::Sign(justera_sign::SignError::Unreadable(_)) => {
                Self::Unprocessable(capitalize(&e.to_string()))
            }
            ServiceError::NoCa => Self::Unprocessable(capitalize(&e.to_string())),
            ServiceError::Pdf(justera_pdf::PdfError::MissingGlyphs(_)) => {
                Self::Unprocessable(capitalize(&e.to_string()))
            }
            ServiceError::SecondFactorMissing
            | ServiceError::SecondFactorWrong
            | ServiceError::SecondFactorUsed => Self::Unprocessable(capitalize(&e.to_string())),
            ServiceError::AccountDisabled => Self::Forbidden(capitalize(&e.to_string())),
            ServiceError::LinkInvalid => Self::NotFound(capitalize(&e.to_string())),
            ServiceError::NoMasterKey => Self::Unprocessable(
                "Servern saknar huvudnyckeln som behövs för att utfärda signeringsnycklar. Be IT-avdelningen sätta JUSTERA_MASTER_KEY_FILE (se driftdokumentationen).".into(),
            ),
            ServiceError::WeakPassword
            | ServiceError::BadUsername(_)
            | ServiceError::PasswordsDiffer => {
                Self::Unprocessable(capitalize(&e.to_string()))
            }
            other => Self::Internal(other.to_string()),
        }
    }
}

pub fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => {
            let mut out: String = first.to_uppercase().collect();
            out.push_str(chars.as_str());
            if !out.ends_with('.') && !out.ends_with('?') {
                out.push('.');
            }
            out
        }
        None => String::new(),
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    title: &'a str,
    message: String,
    login: bool,
}

impl WebError {
    /// The stable code of the JSON error body.
    pub fn code(&self) -> &'static str {
        match self {
            Self::NotFound(_) => "not_found",
            Self::LoginRequired => "unauthenticated",
            Self::Forbidden(_) => "forbidden",
            Self::BadRequest(_) => "bad_request",
            Self::Conflict(_) => "conflict",
            Self::Unprocessable(_) => "unprocessable",
            Self::TooManyRequests(_) => "too_many_requests",
            Self::Busy(_) => "busy",
            Self::TooLarge(_) => "too_large",
            Self::Internal(_) => "internal",
        }
    }
}

impl ResponseError for WebError {
    fn status_code(&self) -> StatusCode {
        match self {
            Self::NotFound(_) => StatusCode::NOT_FOUND,
            Self::LoginRequired => StatusCode::UNAUTHORIZED,
            Self::Forbidden(_) => StatusCode::FORBIDDEN,
            Self::BadRequest(_) => StatusCode::BAD_REQUEST,
            Self::Conflict(_) => StatusCode::CONFLICT,
            Self::Unprocessable(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Self::TooManyRequests(_) => StatusCode::TOO_MANY_REQUESTS,
            Self::Busy(_) => StatusCode::SERVICE_UNAVAILABLE,
            Self::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        if let Self::Internal(detail) = self {
            eprintln!("justera-web: internt fel: {detail}");
        }
        let title = match self {
            Self::NotFound(_) => "Sidan finns inte",
            Self::LoginRequired => "Logga in",
            Self::Forbidden(_) => "Åtkomst nekad",
            Self::Conflict(_) => "Konflikt",
            Self::TooManyRequests(_) => "För många försök",
            Self::Busy(_) => "Upptaget",
            Self::TooLarge(_) => "För stort",
            Self::Internal(_) => "Internt fel",
            Self::BadRequest(_) | Self::Unprocessable(_) => "Det gick inte",
        };
        let page = ErrorPage {
            title,
            message: self.to_string(),
            login: matches!(self, Self::LoginRequired),
        };
        let body = page.render().unwrap_or_else(|_| self.to_string());
        HttpResponse::build(self.status_code())
            .content_type("text/html; charset=utf-8")
            .body(body)
    }
}
