//! The organization's register of persons, for the administrator: each person's mandates in
//! every body and term, and the account linked to them. Read-only: a person's name and party
//! label are what earlier protocols show, so they are not changed in place.

use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use super::admin::require_admin;
use super::html;
use crate::error::WebError;
use crate::html::Chrome;
use crate::session;
use crate::state::AppState;

pub struct PersonRow {
    pub name: String,
    pub party: String,
    pub mandates: Vec<String>,
    pub account: Option<String>,
}

#[derive(Template)]
#[template(path = "persons.html")]
struct PersonsPage {
    chrome: Chrome,
    persons: Vec<PersonRow>,
}

/// GET /administration/personer
pub async fn list(req: HttpRequest, state: web::Data<AppState>) -> Result<HttpResponse, WebError> {
    let session = session::require(&req, &state).await?;
    require_admin(&session)?;
    let page = state
        .db(move |store| {
            let org = session.user.organization_id;
            let name = super::organization_name(store, org)?;
            let rows = justera_service::terms::register(store, org)?
                .into_iter()
                .map(|p| PersonRow {
                    name: p.name,
                    party: p.party.unwrap_or_default(),
                    mandates: p.mandates,
                    account: p.username,
                })
                .collect();
            Ok(PersonsPage {
                chrome: Chrome::new(&name, Some(&session)),
                persons: rows,
            })
        })
        .await?;
    html(&page)
}
