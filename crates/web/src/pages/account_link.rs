//! The one-time link of an invitation or a password reset: the user chooses a password,
//! gets a signing key, and logs in.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use justera_service::users::{open_link, use_link};
use justera_store::users::LinkPurpose;

use super::drafting::forms::Fields;
use super::{html, see_other};
use crate::error::WebError;
use crate::html::Chrome;
use crate::state::AppState;

#[derive(Template)]
#[template(path = "set_password.html")]
struct SetPasswordPage {
    chrome: Chrome,
    display_name: String,
    username: String,
    invitation: bool,
    expires: String,
    problem: Option<String>,
    token: String,
    min: usize,
}

async fn page(
    state: &web::Data<AppState>,
    token: String,
    problem: Option<String>,
) -> Result<SetPasswordPage, WebError> {
    state
        .db(move |store| {
            let link = open_link(store, &token, justera_store::audit::now())?;
            let name = super::organization_name(store, link.user.organization_id)?;
            Ok(SetPasswordPage {
                chrome: Chrome::new(&name, None),
                display_name: link.user.account.display_name.clone(),
                username: link.user.account.username.clone(),
                invitation: link.purpose == LinkPurpose::Invitation,
                expires: crate::html::swedish_minute(link.expires_at),
                problem,
                token,
                min: justera_service::accounts::MIN_PASSWORD,
            })
        })
        .await
}

fn private(mut resp: HttpResponse) -> HttpResponse {
    resp.headers_mut().insert(
        actix_web::http::header::CACHE_CONTROL,
        actix_web::http::header::HeaderValue::from_static("no-store"),
    );
    resp
}

/// GET /konto/{token}
pub async fn form(
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, WebError> {
    let p = page(&state, path.into_inner(), None).await?;
    Ok(private(html(&p)?))
}

/// POST /konto/{token} — `password` and `repeated`.
pub async fn submit(
    state: web::Data<AppState>,
    path: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, WebError> {
    let token = path.into_inner();
    let f = Fields::parse(&body)?;
    let password = f.get("password").unwrap_or_default().to_owned();
    let repeated = f.get("repeated").unwrap_or_default().to_owned();
    if password.len() > 1024 {
        return Err(WebError::Unprocessable(
            "Lösenordet är för långt (högst 1024 tecken).".into(),
        ));
    }
    let master = state.config.master_key.0;
    let t = token.clone();
    // Setting a password hashes it: it waits its turn with the logins.
    let _turn = state.hashing_turn().await?;
    let used = state
        .db(move |store| {
            Ok(use_link(
                store,
                master.as_ref(),
                &t,
                &password,
                &repeated,
                justera_service::accounts::Costs::default(),
                justera_store::audit::now(),
            )?)
        })
        .await;
    match used {
        Ok(user) => Ok(see_other(&format!(
            "/logga-in?klart=losenord&anvandare={}",
            user.account.username
        ))),
        Err(e) => {
            let status = actix_web::ResponseError::status_code(&e);
            if status != StatusCode::UNPROCESSABLE_ENTITY {
                return Err(e);
            }
            let p = page(&state, token, Some(e.to_string())).await?;
            let mut resp = private(html(&p)?);
            *resp.status_mut() = status;
            Ok(resp)
        }
    }
}
