//! The administrator's API for accounts: the same service calls as the Users pages.

use actix_web::{HttpRequest, HttpResponse, web};
use justera_domain::account::AccountChange;
use justera_domain::ids::PersonId;
use justera_service::users::{
    Link, NewUser, UserSummary, end_sessions, invite, password_link, revoke_token,
    second_factor_off, update, user, users,
};

use super::admin::administrator;
use super::types::{ApiTokenListed, ApiUser, NewUserRequest, OneTimeLink, UserChangeRequest};
use super::{ApiResult, require, require_write};
use crate::error::WebError;
use crate::site::Site;
use crate::state::AppState;

fn api_user(u: UserSummary) -> ApiUser {
    ApiUser {
        username: u.username,
        display_name: u.display_name,
        roles: u.role_values,
        person: u.person.map(|p| p.to_string()),
        active: u.active,
        invited: u.invited,
        second_factor: u.second_factor,
        tokens: u
            .tokens
            .into_iter()
            .map(|t| ApiTokenListed {
                id: t.id,
                label: t.label,
                created_at: t.created_at.and_utc().to_rfc3339(),
                expires_at: t.expires_at.and_utc().to_rfc3339(),
            })
            .collect(),
    }
}

fn person(text: Option<&str>) -> Result<Option<PersonId>, WebError> {
    match text.map(str::trim).filter(|t| !t.is_empty()) {
        Some(t) => Ok(Some(t.parse().map_err(|_| {
            WebError::Unprocessable("person ska vara ett person-id (uuid).".into())
        })?)),
        None => Ok(None),
    }
}

fn link_json(req: &HttpRequest, state: &AppState, link: &Link) -> OneTimeLink {
    OneTimeLink {
        url: format!(
            "{}/konto/{}",
            Site::of(req, state).base_url(state),
            link.token
        ),
        expires_at: link.expires_at.and_utc().to_rfc3339(),
    }
}

/// GET /api/anvandare
pub async fn list(req: HttpRequest, state: web::Data<AppState>) -> ApiResult {
    let s = require(&req, &state).await?;
    administrator(&s)?;
    let org = s.user.organization_id;
    let admin = s.user.account.username.clone();
    let found = state
        .db(move |store| Ok(users(store, org, &admin)?))
        .await?;
    Ok(HttpResponse::Ok().json(found.into_iter().map(api_user).collect::<Vec<_>>()))
}

/// GET /api/anvandare/{username}
pub async fn show(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> ApiResult {
    let s = require(&req, &state).await?;
    administrator(&s)?;
    let org = s.user.organization_id;
    let admin = s.user.account.username.clone();
    let username = path.into_inner();
    let found = state
        .db(move |store| Ok(user(store, org, &admin, &username)?))
        .await?;
    Ok(HttpResponse::Ok().json(api_user(found)))
}

/// POST /api/anvandare — 201 with the invitation link.
pub async fn create(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: web::Json<NewUserRequest>,
) -> ApiResult {
    let s = require_write(&req, &state).await?;
    administrator(&s)?;
    let b = body.into_inner();
    let new = NewUser {
        username: b.username.trim().to_owned(),
        display_name: b.display_name,
        roles: b.roles,
        person: person(b.person.as_deref())?,
    };
    let org = s.user.organization_id;
    let admin = s.user.account.username.clone();
    let link = state
        .db(move |store| {
            Ok(invite(
                store,
                org,
                &admin,
                &new,
                justera_store::audit::now(),
            )?)
        })
        .await?;
    Ok(HttpResponse::Created()
        .insert_header((actix_web::http::header::CACHE_CONTROL, "no-store"))
        .json(link_json(&req, &state, &link)))
}

/// PUT /api/anvandare/{username}
pub async fn put(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
    body: web::Json<UserChangeRequest>,
) -> ApiResult {
    let s = require_write(&req, &state).await?;
    administrator(&s)?;
    let b = body.into_inner();
    let change = AccountChange {
        display_name: b.display_name,
        roles: b.roles,
        person: person(b.person.as_deref())?,
        active: b.active,
    };
    let org = s.user.organization_id;
    let admin = s.user.account.username.clone();
    let username = path.into_inner();
    let saved = state
        .db(move |store| {
            update(store, org, &admin, &username, &change)?;
            Ok(user(store, org, &admin, &username)?)
        })
        .await?;
    Ok(HttpResponse::Ok().json(api_user(saved)))
}

/// POST /api/anvandare/{username}/losenordslank — 201 with a link for a new password.
pub async fn password(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> ApiResult {
    let s = require_write(&req, &state).await?;
    administrator(&s)?;
    let org = s.user.organization_id;
    let admin = s.user.account.username.clone();
    let username = path.into_inner();
    let link = state
        .db(move |store| {
            Ok(password_link(
                store,
                org,
                &admin,
                &username,
                justera_store::audit::now(),
            )?)
        })
        .await?;
    Ok(HttpResponse::Created()
        .insert_header((actix_web::http::header::CACHE_CONTROL, "no-store"))
        .json(link_json(&req, &state, &link)))
}

/// An administrator's action on one user that answers 204.
async fn on_user<T: Send + 'static>(
    req: &HttpRequest,
    state: &web::Data<AppState>,
    username: String,
    action: fn(
        &mut justera_store::Store,
        justera_domain::ids::OrganizationId,
        &str,
        &str,
    ) -> Result<T, justera_service::ServiceError>,
) -> ApiResult {
    let s = require_write(req, state).await?;
    administrator(&s)?;
    let org = s.user.organization_id;
    let admin = s.user.account.username.clone();
    state
        .db(move |store| Ok(action(store, org, &admin, &username)?))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// DELETE /api/anvandare/{username}/tvastegsverifiering
pub async fn second_factor(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> ApiResult {
    on_user(&req, &state, path.into_inner(), second_factor_off).await
}

/// DELETE /api/anvandare/{username}/sessioner
pub async fn sessions(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> ApiResult {
    on_user(&req, &state, path.into_inner(), end_sessions).await
}

/// DELETE /api/anvandare/{username}/token/{id}
pub async fn token(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
) -> ApiResult {
    let s = require_write(&req, &state).await?;
    administrator(&s)?;
    let org = s.user.organization_id;
    let admin = s.user.account.username.clone();
    let (username, id) = path.into_inner();
    let revoked = state
        .db(move |store| Ok(revoke_token(store, org, &admin, &username, &id)?))
        .await?;
    if revoked {
        Ok(HttpResponse::NoContent().finish())
    } else {
        Err(WebError::NotFound("API-token finns inte (längre).".into()).into())
    }
}
