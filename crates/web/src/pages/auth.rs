//! Login and logout. Passwords are checked on the blocking pool (Argon2id), with throttling per
//! account and per address; a new session token is issued at every login.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use justera_service::accounts::{Costs, authenticate_at, check_second_factor};

use super::{board_organization, see_other};
use crate::error::WebError;
use crate::html::Chrome;
use crate::session::{
    self, LOGIN_CSRF_COOKIE, SESSION_COOKIE, check_csrf, cookie, now, random_token, removal,
    same_token,
};
use crate::site::Site;
use crate::state::AppState;

/// The organization a login belongs to: the one whose user has that name. With several
/// organizations in one installation a name held in more than one is ambiguous; the board's
/// organization is used for unknown names (so a wrong name costs the same as a wrong password).
fn login_organization(
    store: &mut justera_store::Store,
    site: &Site,
    username: &str,
) -> Result<justera_domain::ids::OrganizationId, WebError> {
    let holders = store.organizations_with_user(username)?;
    match holders.as_slice() {
        [one] => Ok(*one),
        [] => Ok(board_organization(store, site)?.0),
        _ => Err(WebError::Unprocessable(
            "Användarnamnet finns i flera organisationer i den här installationen; be administratören om ett unikt användarnamn."
                .into(),
        )),
    }
}

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    chrome: Chrome,
    problem: Option<String>,
    login_csrf: String,
    next: String,
    username: String,
}

#[derive(Debug, serde::Deserialize)]
pub struct NextQuery {
    #[serde(default)]
    next: String,
}

/// Only paths on this site: "/justering", never "//evil" or "https://…".
fn safe_next(next: &str) -> String {
    if next.starts_with('/') && !next.starts_with("//") && !next.contains('\\') {
        next.to_owned()
    } else {
        "/justering".to_owned()
    }
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
    };
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
    let next = query.map(|q| q.into_inner().next).unwrap_or_default();
    render(&req, &state, StatusCode::OK, None, &next, "").await
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
    let cookie_token = req
        .cookie(LOGIN_CSRF_COOKIE)
        .map(|c| c.value().to_owned())
        .unwrap_or_default();
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
    let address = req
        .peer_addr()
        .map(|a| a.ip().to_string())
        .unwrap_or_default();
    let minutes = state.config.session_minutes;
    let username = form.username.trim().to_owned();
    let password = form.password.clone();
    let code = form.code.clone();
    let site = Site::of(&req, &state);
    let outcome = state
        .db(move |store| {
            let org = login_organization(store, &site, &username)?;
            let at = now();
            match authenticate_at(
                store,
                org,
                &username,
                &password,
                Some(&address),
                at,
                Costs::default(),
            ) {
                Ok(user) => {
                    if let Err(e) = check_second_factor(store, &user, Some(&code), at) {
                        return Ok(Err(WebError::from(e)));
                    }
                    let token = random_token();
                    store.create_session(
                        &user.id,
                        &token,
                        &random_token(),
                        at,
                        at + chrono::Duration::minutes(minutes),
                    )?;
                    Ok(Ok(token))
                }
                Err(e) => Ok(Err(WebError::from(e))),
            }
        })
        .await?;
    match outcome {
        Ok(token) => Ok(see_other_with_cookie(
            &safe_next(&form.next),
            cookie(&state, SESSION_COOKIE, token, minutes),
            removal(&state, LOGIN_CSRF_COOKIE),
        )),
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

fn see_other_with_cookie(
    to: &str,
    set: actix_web::cookie::Cookie<'static>,
    remove: actix_web::cookie::Cookie<'static>,
) -> HttpResponse {
    let mut res = see_other(to);
    let _ = res.add_cookie(&set);
    let _ = res.add_cookie(&remove);
    res
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
    if let Some(token) = req.cookie(SESSION_COOKIE).map(|c| c.value().to_owned()) {
        state
            .db(move |store| Ok(store.delete_session(&token)?))
            .await?;
    }
    let mut res = see_other("/anslagstavla");
    let _ = res.add_cookie(&removal(&state, SESSION_COOKIE));
    Ok(res)
}
