//! Sessions: a random token in a `Secure`, `HttpOnly`, `SameSite=Strict` cookie, its digest in
//! the database; a new token at every login. Every state-changing form carries the session's
//! CSRF token; the login form carries a pre-session token bound to a cookie of its own.

use actix_web::cookie::{Cookie, SameSite, time::Duration as CookieDuration};
use actix_web::{HttpRequest, web};
use justera_store::sessions::Session;
use rand_core::{OsRng, RngCore};

use crate::error::WebError;
use crate::state::AppState;

pub const SESSION_COOKIE: &str = "justera_session";
pub const LOGIN_CSRF_COOKIE: &str = "justera_login";
/// Marks a browser a user has logged in from (see the login throttle).
pub const DEVICE_COOKIE: &str = "justera_device";

/// Over HTTPS the cookies carry the `__Host-` prefix: a browser then takes them only from
/// this very host, over a secure connection, for the whole site and with no Domain, so neither
/// a sibling subdomain nor someone on plain HTTP can plant one (login CSRF, session fixation).
pub fn cookie_name(state: &AppState, plain: &'static str) -> &'static str {
    if !state.config.secure_cookies {
        return plain;
    }
    match plain {
        SESSION_COOKIE => "__Host-justera_session",
        LOGIN_CSRF_COOKIE => "__Host-justera_login",
        DEVICE_COOKIE => "__Host-justera_device",
        other => other,
    }
}

/// The value of one of our cookies in a request.
pub fn read_cookie(req: &HttpRequest, state: &AppState, plain: &'static str) -> Option<String> {
    req.cookie(cookie_name(state, plain))
        .map(|c| c.value().to_owned())
}

/// 32 random bytes as hex.
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// Compares in time independent of where the strings differ.
pub fn same_token(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && !a.is_empty()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

pub fn cookie(
    state: &AppState,
    name: &'static str,
    value: String,
    minutes: i64,
) -> Cookie<'static> {
    Cookie::build(cookie_name(state, name), value)
        .path("/")
        .http_only(true)
        .secure(state.config.secure_cookies)
        .same_site(SameSite::Strict)
        .max_age(CookieDuration::minutes(minutes))
        .finish()
}

pub fn removal(state: &AppState, name: &'static str) -> Cookie<'static> {
    let mut c = cookie(state, name, String::new(), 0);
    c.make_removal();
    c
}

pub fn now() -> chrono::NaiveDateTime {
    chrono::Utc::now().naive_utc()
}

/// The signed-in user's session, if any.
pub async fn current(
    req: &HttpRequest,
    state: &web::Data<AppState>,
) -> Result<Option<Session>, WebError> {
    let Some(token) = read_cookie(req, state, SESSION_COOKIE) else {
        return Ok(None);
    };
    if token.len() != 64 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Ok(None);
    }
    state
        .db(move |store| Ok(store.find_session(&token, now())?))
        .await
}

/// The session, or "log in first".
pub async fn require(req: &HttpRequest, state: &web::Data<AppState>) -> Result<Session, WebError> {
    current(req, state).await?.ok_or(WebError::LoginRequired)
}

/// Checks the CSRF token a form carried against the session's.
pub fn check_csrf(session: &Session, sent: &str) -> Result<(), WebError> {
    if same_token(&session.csrf_token, sent) {
        Ok(())
    } else {
        Err(WebError::Forbidden(
            "Formuläret har gått ut eller kom från en annan webbplats. Ladda om sidan och försök igen."
                .into(),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_compare_exactly() {
        let t = random_token();
        assert_eq!(t.len(), 64);
        assert!(same_token(&t, &t.clone()));
        assert!(!same_token(&t, &random_token()));
        assert!(!same_token("", ""));
        assert!(!same_token("ab", "abc"));
    }
}
