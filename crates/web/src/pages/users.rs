//! The administrator's page of users: roles, second factor and API tokens; end a user's
//! sessions (a lost or shared computer) and revoke a token.

use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use justera_service::organization::{UserSummary, end_sessions, revoke_token, users};

use super::drafting::forms::Fields;
use super::{html, see_other};
use crate::error::WebError;
use crate::html::Chrome;
use crate::session::{self, check_csrf};
use crate::state::AppState;

#[derive(Template)]
#[template(path = "users.html")]
struct UsersPage {
    chrome: Chrome,
    users: Vec<UserSummary>,
    message: Option<String>,
}

/// GET /administration/anvandare
pub async fn list(req: HttpRequest, state: web::Data<AppState>) -> Result<HttpResponse, WebError> {
    let session = session::require(&req, &state).await?;
    let query = req.query_string().to_owned();
    let page = state
        .db(move |store| {
            let org = session.user.organization_id;
            let username = session.user.account.username.clone();
            let name = super::organization_name(store, org)?;
            let list = users(store, org, &username)?;
            Ok(UsersPage {
                chrome: Chrome::new(&name, Some(&session)),
                users: list,
                message: if query.contains("klart=sessioner") {
                    Some("Användarens sessioner är avslutade; hen får logga in igen.".into())
                } else if query.contains("klart=token") {
                    Some("API-token är återkallad.".into())
                } else {
                    None
                },
            })
        })
        .await?;
    html(&page)
}

/// POST /administration/anvandare/atgard — `action` = end_sessions or revoke_token for
/// `username` (and `token`).
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
            _ => Err(WebError::BadRequest("Okänd åtgärd i formuläret.".into())),
        })
        .await?;
    Ok(see_other(&format!(
        "/administration/anvandare?klart={done}"
    )))
}
