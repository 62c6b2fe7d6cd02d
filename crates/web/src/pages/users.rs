//! The administrator's pages of users: the list with a form for a new user (who gets a
//! one-time link to set the password), each user's page (name, person, roles, active), a new
//! password link, the second factor turned off, sessions ended and API tokens revoked.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use justera_domain::account::{AccountChange, Role};
use justera_domain::ids::{BodyId, PersonId};
use justera_domain::organization::{Body, Person};
use justera_service::users::{
    Link, NewUser, UserSummary, end_sessions, invite, password_link, revoke_token,
    second_factor_off, update, user, users,
};
use justera_store::Store;

use super::drafting::forms::Fields;
use super::{html, see_other};
use crate::error::WebError;
use crate::html::Chrome;
use crate::session::{self, check_csrf};
use crate::site::Site;
use crate::state::AppState;
use justera_store::sessions::Session;

/// A body for the role checkboxes.
pub struct BodyChoice {
    pub id: String,
    pub label: String,
    pub checked: bool,
}

/// A person for the person list.
pub struct PersonChoice {
    pub id: String,
    pub label: String,
    pub selected: bool,
}

#[derive(Template)]
#[template(path = "users.html")]
struct UsersPage {
    chrome: Chrome,
    users: Vec<UserSummary>,
    message: Option<String>,
    problem: Option<String>,
    bodies: Vec<BodyChoice>,
    persons: Vec<PersonChoice>,
    /// The new user form's values, kept after a refusal.
    username: String,
    display_name: String,
    admin: bool,
    member: bool,
}

#[derive(Template)]
#[template(path = "user.html")]
struct UserPage {
    chrome: Chrome,
    user: UserSummary,
    message: Option<String>,
    problem: Option<String>,
    bodies: Vec<BodyChoice>,
    persons: Vec<PersonChoice>,
    admin: bool,
    member: bool,
    own: bool,
}

#[derive(Template)]
#[template(path = "user_link.html")]
struct LinkPage {
    chrome: Chrome,
    display_name: String,
    username: String,
    url: String,
    expires: String,
    invitation: bool,
}

fn require_admin(session: &Session) -> Result<(), WebError> {
    if session.user.account.is_administrator() {
        Ok(())
    } else {
        Err(WebError::Forbidden(
            "Bara organisationens administratörer kan hantera användare.".into(),
        ))
    }
}

fn choices(
    bodies: &[Body],
    persons: &[Person],
    roles: &[Role],
    person: Option<PersonId>,
) -> (Vec<BodyChoice>, Vec<PersonChoice>) {
    let b = bodies
        .iter()
        .map(|b| BodyChoice {
            id: b.id.to_string(),
            label: b.name.clone(),
            checked: roles.contains(&Role::Secretary { body: b.id }),
        })
        .collect();
    let p = persons
        .iter()
        .map(|p| PersonChoice {
            id: p.id.to_string(),
            label: match &p.party {
                Some(party) => format!("{} ({party})", p.name),
                None => p.name.clone(),
            },
            selected: Some(p.id) == person,
        })
        .collect();
    (b, p)
}

/// The roles and person from the form: `administrator`, `member`, `secretary` (body ids),
/// `person` (an id or empty).
fn roles_from(f: &Fields) -> Result<(Vec<Role>, Option<PersonId>), WebError> {
    let mut roles = Vec::new();
    if f.flag("administrator") {
        roles.push(Role::Administrator);
    }
    for b in f.all("secretary").into_iter().take(200) {
        let body: BodyId = b
            .trim()
            .parse()
            .map_err(|_| WebError::BadRequest("Okänt organ i formuläret.".into()))?;
        roles.push(Role::Secretary { body });
    }
    if f.flag("member") {
        roles.push(Role::Member);
    }
    let person = match f.opt("person") {
        Some(p) => Some(
            p.parse()
                .map_err(|_| WebError::BadRequest("Okänd person i formuläret.".into()))?,
        ),
        None => None,
    };
    Ok((roles, person))
}

fn message_of(query: &str) -> Option<String> {
    let m = match query.split('&').find_map(|p| p.strip_prefix("klart="))? {
        "sessioner" => "Användarens sessioner är avslutade; hen får logga in igen.",
        "token" => "API-token är återkallad.",
        "sparat" => "Ändringarna är sparade.",
        "tvasteg" => "Tvåstegsverifieringen är avstängd; användaren kan slå på den igen.",
        _ => return None,
    };
    Some(m.to_owned())
}

struct ListInput {
    problem: Option<String>,
    username: String,
    display_name: String,
    roles: Vec<Role>,
    person: Option<PersonId>,
}

fn list_page(
    store: &mut Store,
    session: &Session,
    query: &str,
    input: ListInput,
) -> Result<UsersPage, WebError> {
    let org = session.user.organization_id;
    let name = super::organization_name(store, org)?;
    let list = users(store, org, &session.user.account.username)?;
    let bodies = store.bodies(org)?;
    let persons = store.persons(org)?;
    let (bodies, persons) = choices(&bodies, &persons, &input.roles, input.person);
    Ok(UsersPage {
        chrome: Chrome::new(&name, Some(session)),
        users: list,
        message: message_of(query),
        problem: input.problem,
        bodies,
        persons,
        username: input.username,
        display_name: input.display_name,
        admin: input.roles.contains(&Role::Administrator),
        member: input.roles.contains(&Role::Member),
    })
}

/// GET /administration/anvandare
pub async fn list(req: HttpRequest, state: web::Data<AppState>) -> Result<HttpResponse, WebError> {
    let session = session::require(&req, &state).await?;
    require_admin(&session)?;
    let query = req.query_string().to_owned();
    let page = state
        .db(move |store| {
            list_page(
                store,
                &session,
                &query,
                ListInput {
                    problem: None,
                    username: String::new(),
                    display_name: String::new(),
                    roles: vec![Role::Member],
                    person: None,
                },
            )
        })
        .await?;
    html(&page)
}

/// The page that shows a one-time link, once (never cached).
async fn link_response(
    req: &HttpRequest,
    state: &web::Data<AppState>,
    session: &Session,
    account: (&str, &str),
    link: &Link,
    invitation: bool,
) -> Result<HttpResponse, WebError> {
    let name = organization(state, session.user.organization_id).await?;
    let base = Site::of(req, state).base_url(state);
    let page = LinkPage {
        chrome: Chrome::new(&name, Some(session)),
        display_name: account.1.to_owned(),
        username: account.0.to_owned(),
        url: format!("{base}/konto/{}", link.token),
        expires: crate::html::swedish_minute(link.expires_at),
        invitation,
    };
    no_store(html(&page)?)
}

/// POST /administration/anvandare — a new user, invited by a one-time link shown once.
pub async fn create(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: web::Bytes,
) -> Result<HttpResponse, WebError> {
    let session = session::require(&req, &state).await?;
    require_admin(&session)?;
    let f = Fields::parse(&body)?;
    check_csrf(&session, f.get("csrf").unwrap_or_default())?;
    let (roles, person) = roles_from(&f)?;
    let new = NewUser {
        username: f.text("username"),
        display_name: f.text("display_name"),
        roles,
        person,
    };
    let org = session.user.organization_id;
    let admin = session.user.account.username.clone();
    let attempt = new.clone();
    let made = state
        .db(move |store| {
            Ok(invite(
                store,
                org,
                &admin,
                &attempt,
                justera_store::audit::now(),
            )?)
        })
        .await;
    match made {
        Ok(link) => {
            link_response(
                &req,
                &state,
                &session,
                (&new.username, &new.display_name),
                &link,
                true,
            )
            .await
        }
        Err(e) => {
            let (status, problem) = (actix_web::ResponseError::status_code(&e), e.to_string());
            if status == StatusCode::FORBIDDEN || status == StatusCode::BAD_REQUEST {
                return Err(e);
            }
            let page = state
                .db(move |store| {
                    list_page(
                        store,
                        &session,
                        "",
                        ListInput {
                            problem: Some(problem),
                            username: new.username,
                            display_name: new.display_name,
                            roles: new.roles,
                            person: new.person,
                        },
                    )
                })
                .await?;
            let mut resp = html(&page)?;
            *resp.status_mut() = status;
            Ok(resp)
        }
    }
}

async fn organization(
    state: &web::Data<AppState>,
    org: justera_domain::ids::OrganizationId,
) -> Result<String, WebError> {
    state
        .db(move |store| super::organization_name(store, org))
        .await
}

/// A page with a secret on it is not kept by the browser or a proxy.
fn no_store(mut resp: HttpResponse) -> Result<HttpResponse, WebError> {
    resp.headers_mut().insert(
        actix_web::http::header::CACHE_CONTROL,
        actix_web::http::header::HeaderValue::from_static("no-store"),
    );
    Ok(resp)
}

fn user_page(
    store: &mut Store,
    session: &Session,
    username: &str,
    query: &str,
    problem: Option<String>,
) -> Result<UserPage, WebError> {
    let org = session.user.organization_id;
    let name = super::organization_name(store, org)?;
    let u = user(store, org, &session.user.account.username, username)?;
    let bodies = store.bodies(org)?;
    let persons = store.persons(org)?;
    let (bodies, persons) = choices(&bodies, &persons, &u.role_values, u.person);
    Ok(UserPage {
        chrome: Chrome::new(&name, Some(session)),
        message: message_of(query),
        problem,
        bodies,
        persons,
        admin: u.role_values.contains(&Role::Administrator),
        member: u.role_values.contains(&Role::Member),
        own: u.username == session.user.account.username,
        user: u,
    })
}

/// GET /administration/anvandare/{username}
pub async fn show(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, WebError> {
    let session = session::require(&req, &state).await?;
    require_admin(&session)?;
    let query = req.query_string().to_owned();
    let username = path.into_inner();
    let page = state
        .db(move |store| user_page(store, &session, &username, &query, None))
        .await?;
    html(&page)
}

/// POST /administration/anvandare/{username} — name, person, roles and whether the account
/// is active.
pub async fn save(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, WebError> {
    let session = session::require(&req, &state).await?;
    require_admin(&session)?;
    let f = Fields::parse(&body)?;
    check_csrf(&session, f.get("csrf").unwrap_or_default())?;
    let username = path.into_inner();
    let org = session.user.organization_id;
    let admin = session.user.account.username.clone();
    let target = username.clone();
    let saved = state
        .db(move |store| {
            // Someone else's user is not found, whatever the form holds.
            user(store, org, &admin, &target)?;
            let (roles, person) = roles_from(&f)?;
            let change = AccountChange {
                display_name: f.text("display_name"),
                roles,
                person,
                active: f.flag("active"),
            };
            Ok(update(store, org, &admin, &target, &change)?)
        })
        .await;
    match saved {
        Ok(()) => Ok(see_other(&format!(
            "/administration/anvandare/{}?klart=sparat",
            urlencoding(&username)
        ))),
        Err(e) => {
            let status = actix_web::ResponseError::status_code(&e);
            if status != StatusCode::UNPROCESSABLE_ENTITY && status != StatusCode::CONFLICT {
                return Err(e);
            }
            let problem = e.to_string();
            let page = state
                .db(move |store| user_page(store, &session, &username, "", Some(problem)))
                .await?;
            let mut resp = html(&page)?;
            *resp.status_mut() = status;
            Ok(resp)
        }
    }
}

/// Usernames are plain ASCII (lowercase letters, digits, dot, dash, underscore); anything
/// else never reaches a link.
fn urlencoding(username: &str) -> String {
    username
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
        .collect()
}

/// POST /administration/anvandare/atgard — `action` = end_sessions, revoke_token (with
/// `token`), password_link or second_factor_off, for `username`.
pub async fn act(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: web::Bytes,
) -> Result<HttpResponse, WebError> {
    let session = session::require(&req, &state).await?;
    if !session.user.account.is_administrator() {
        return Err(WebError::Forbidden(
            "Bara organisationens administratörer kan hantera användarnas sessioner.".into(),
        ));
    }
    let f = Fields::parse(&body)?;
    check_csrf(&session, f.get("csrf").unwrap_or_default())?;
    let org = session.user.organization_id;
    let admin = session.user.account.username.clone();
    let target = f.text("username");
    let action = f.text("action");
    let token = f.text("token");
    // Where to come back to: the user's page when the action was taken there.
    let back = if f.get("from") == Some("user") {
        format!("/administration/anvandare/{}", urlencoding(&target))
    } else {
        "/administration/anvandare".to_owned()
    };
    if action == "password_link" {
        let who = target.clone();
        let (link, summary) = state
            .db(move |store| {
                let link = password_link(store, org, &admin, &who, justera_store::audit::now())?;
                let u = user(store, org, &admin, &who)?;
                Ok((link, u))
            })
            .await?;
        return link_response(
            &req,
            &state,
            &session,
            (&summary.username, &summary.display_name),
            &link,
            summary.invited,
        )
        .await;
    }
    let done = state
        .db(move |store| match action.as_str() {
            "end_sessions" => {
                end_sessions(store, org, &admin, &target)?;
                Ok("sessioner")
            }
            "revoke_token" => {
                if revoke_token(store, org, &admin, &target, &token)? {
                    Ok("token")
                } else {
                    Err(WebError::NotFound("API-token finns inte (längre).".into()))
                }
            }
            "second_factor_off" => {
                second_factor_off(store, org, &admin, &target)?;
                Ok("tvasteg")
            }
            _ => Err(WebError::BadRequest("Okänd åtgärd i formuläret.".into())),
        })
        .await?;
    Ok(see_other(&format!("{back}?klart={done}")))
}
