//! Login and logout. Passwords are checked on the blocking pool (Argon2id), with throttling per
//! account and per address; a new session token is issued at every login.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use justera_service::accounts::{Costs, Origin, check_second_factor, login as login_with};

use super::{board_organization, see_other};
use crate::error::WebError;
use crate::html::Chrome;
use crate::session::{
    self, DEVICE_COOKIE, LOGIN_CSRF_COOKIE, SESSION_COOKIE, check_csrf, cookie, now, random_token,
    read_cookie, removal, same_token,
};
use crate::site::Site;
use crate::state::AppState;

/// The organization a login belongs to: the site's, when it has a user of that name (a user of
/// the same name in another organization changes nothing for them); otherwise the one
/// organization that has such a user, for installations serving several organizations under
/// one host name. Unknown names are tried against the site's organization, so a wrong name
/// costs the same as a wrong password.
fn login_organization(
    store: &mut justera_store::Store,
    site: &Site,
    username: &str,
) -> Result<justera_domain::ids::OrganizationId, WebError> {
    let own = board_organization(store, site)?.0;
    if !justera_domain::account::valid_username(username) {
        return Ok(own);
    }
    let holders = store.organizations_with_user(username)?;
    Ok(match holders.as_slice() {
        [one] => *one,
        _ => own,
    })
}

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    chrome: Chrome,
    problem: Option<String>,
    login_csrf: String,
    next: String,
    username: String,
    /// After a password was set through a link.
    notice: Option<&'static str>,
}

#[derive(Debug, serde::Deserialize)]
pub struct NextQuery {
    #[serde(default)]
    next: String,
    /// "losenord": the password was just set through a link.
    #[serde(default)]
    klart: String,
    #[serde(default)]
    anvandare: String,
}

/// Only a plain path on this site: "/justering/…", never "//evil", "/\\evil", "https://…",
/// or anything with control characters, spaces or percent-encoded ones (browsers drop a tab
/// or newline, so "/%09/evil" would become "//evil").
pub(crate) fn safe_next(next: &str) -> String {
    let plain = next.len() <= 512
        && next.starts_with('/')
        && !next.starts_with("//")
        && next
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"/-._~?=&:@!$'()*+,;".contains(&b) || b == b'%')
        && !next.contains('\\')
        && percent_decodes_plain(next);
    if plain {
        next.to_owned()
    } else {
        "/justering".to_owned()
    }
}

/// Whether every %XX in `s` decodes to a printable ASCII character other than "/" and "\\",
/// or to a byte of a UTF-8 sequence.
fn percent_decodes_plain(s: &str) -> bool {
    let bytes = s.as_bytes();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b == b'%' {
            let hex = bytes
                .get(i + 1..i + 3)
                .and_then(|h| std::str::from_utf8(h).ok())
                .and_then(|h| u8::from_str_radix(h, 16).ok());
            match hex {
                Some(c) if (c.is_ascii_graphic() || c >= 0x80) && c != b'/' && c != b'\\' => {
                    i += 3;
                }
                _ => return false,
            }
        } else {
            i += 1;
        }
    }
    true
}

async fn render(
    req: &HttpRequest,
    state: &web::Data<AppState>,
    status: StatusCode,
    problem: Option<String>,
    next: &str,
    username: &str,
) -> Result<HttpResponse, WebError> {
    let site = Site::of(req, state);
    let name = state
        .db(move |store| Ok(board_organization(store, &site)?.1))
        .await?;
    let token = random_token();
    let page = LoginPage {
        chrome: Chrome::new(&name, None),
        problem,
        login_csrf: token.clone(),
        next: safe_next(next),
        username: username.to_owned(),
        notice: None,
    };
    render_page(state, status, page, token)
}

fn render_page(
    state: &web::Data<AppState>,
    status: StatusCode,
    page: LoginPage,
    token: String,
) -> Result<HttpResponse, WebError> {
    let body = page
        .render()
        .map_err(|e| WebError::Internal(e.to_string()))?;
    Ok(HttpResponse::build(status)
        .cookie(cookie(state, LOGIN_CSRF_COOKIE, token, 60))
        .content_type("text/html; charset=utf-8")
        .body(body))
}

pub async fn form(
    req: HttpRequest,
    state: web::Data<AppState>,
    query: Option<web::Query<NextQuery>>,
) -> Result<HttpResponse, WebError> {
    let q = query.map(web::Query::into_inner);
    let next = q.as_ref().map(|q| q.next.clone()).unwrap_or_default();
    let Some(q) = q.filter(|q| q.klart == "losenord") else {
        return render(&req, &state, StatusCode::OK, None, &next, "").await;
    };
    // The username only if it is one (it is shown in the form).
    let username = if justera_domain::account::valid_username(&q.anvandare) {
        q.anvandare
    } else {
        String::new()
    };
    let site = Site::of(&req, &state);
    let name = state
        .db(move |store| Ok(board_organization(store, &site)?.1))
        .await?;
    let token = random_token();
    let page = LoginPage {
        chrome: Chrome::new(&name, None),
        problem: None,
        login_csrf: token.clone(),
        next: safe_next(&next),
        username,
        notice: Some(
            "Lösenordet är sparat och din signeringsnyckel är utfärdad. Logga in med ditt nya lösenord.",
        ),
    };
    render_page(&state, StatusCode::OK, page, token)
}

#[derive(Debug, serde::Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    next: String,
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
    /// The TOTP code, for users with the second factor.
    #[serde(default)]
    code: String,
}

pub async fn login(
    req: HttpRequest,
    state: web::Data<AppState>,
    form: web::Form<LoginForm>,
) -> Result<HttpResponse, WebError> {
    let form = form.into_inner();
    let cookie_token = read_cookie(&req, &state, LOGIN_CSRF_COOKIE).unwrap_or_default();
    if !same_token(&cookie_token, &form.csrf) {
        return render(
            &req,
            &state,
            StatusCode::FORBIDDEN,
            Some("Inloggningsformuläret har gått ut. Försök igen.".into()),
            &form.next,
            &form.username,
        )
        .await;
    }
    if form.username.trim().is_empty() || form.password.is_empty() {
        return render(
            &req,
            &state,
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("Fyll i både användarnamn och lösenord.".into()),
            &form.next,
            &form.username,
        )
        .await;
    }
    let address = crate::client::address(&req, &state.config.trusted_proxies)
        .map(|a| a.to_string())
        .unwrap_or_default();
    let device = read_cookie(&req, &state, DEVICE_COOKIE);
    let minutes = state.config.session_minutes;
    let username = form.username.trim().to_owned();
    let password = form.password.clone();
    let code = form.code.clone();
    let site = Site::of(&req, &state);
    let turn = state.hashing_turn().await;
    let outcome = match turn {
        Err(e) => Err(e),
        Ok(_turn) => {
            state
                .db(move |store| {
                    let org = login_organization(store, &site, &username)?;
                    let at = now();
                    let origin = Origin {
                        address: Some(&address).filter(|a| !a.is_empty()).map(|a| a.as_str()),
                        device: device.as_deref(),
                    };
                    match login_with(
                        store,
                        org,
                        &username,
                        &password,
                        origin,
                        at,
                        Costs::default(),
                    ) {
                        Ok(done) => {
                            if let Err(e) =
                                check_second_factor(store, &done.user, Some(&code), &password, at)
                            {
                                return Ok(Err(WebError::from(e)));
                            }
                            let token = random_token();
                            store.create_session(
                                &done.user.id,
                                &token,
                                &random_token(),
                                at,
                                at + chrono::Duration::minutes(minutes),
                            )?;
                            Ok(Ok((token, done.new_device)))
                        }
                        Err(e) => Ok(Err(WebError::from(e))),
                    }
                })
                .await?
        }
    };
    match outcome {
        Ok((token, new_device)) => {
            let mut res = see_other(&safe_next(&form.next));
            let _ = res.add_cookie(&cookie(&state, SESSION_COOKIE, token, minutes));
            let _ = res.add_cookie(&removal(&state, LOGIN_CSRF_COOKIE));
            if let Some(d) = new_device {
                let days = justera_service::accounts::DEVICE_DAYS * 24 * 60;
                let _ = res.add_cookie(&cookie(&state, DEVICE_COOKIE, d, days));
            }
            Ok(res)
        }
        Err(e) => {
            let status = actix_web::ResponseError::status_code(&e);
            render(
                &req,
                &state,
                status,
                Some(e.to_string()),
                &form.next,
                &form.username,
            )
            .await
        }
    }
}

#[derive(Debug, serde::Deserialize)]
pub struct CsrfForm {
    #[serde(default)]
    csrf: String,
}

pub async fn logout(
    req: HttpRequest,
    state: web::Data<AppState>,
    form: web::Form<CsrfForm>,
) -> Result<HttpResponse, WebError> {
    let session = session::require(&req, &state).await?;
    check_csrf(&session, &form.csrf)?;
    if let Some(token) = read_cookie(&req, &state, SESSION_COOKIE) {
        state
            .db(move |store| Ok(store.delete_session(&token)?))
            .await?;
    }
    let mut res = see_other("/anslagstavla");
    let _ = res.add_cookie(&removal(&state, SESSION_COOKIE));
    Ok(res)
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn only_plain_paths_on_this_site_are_followed() {
        for ok in ["/justering", "/sammantraden/abc?klart=1", "/s%C3%A4k"] {
            assert_eq!(safe_next(ok), ok);
        }
        for bad in [
            "//evil.example",
            "/%09/evil.example",
            "/\t/evil.example",
            "/%2F/evil.example",
            "/%5Cevil.example",
            "/\\evil.example",
            "https://evil.example",
            "/\u{0}",
            "/a\r\nSet-Cookie: x=1",
            "/%0d%0a",
            "/%",
            "/%zz",
            "",
        ] {
            assert_eq!(safe_next(bad), "/justering", "{bad:?}");
        }
        assert_eq!(safe_next(&format!("/{}", "a".repeat(600))), "/justering");
    }
}
