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
            let persons = store.persons(org)?;
            let users = store.list_users(org)?;
            let mut held: Vec<(justera_domain::ids::PersonId, String)> = Vec::new();
            for b in store.bodies(org)? {
                for (m, _) in store.body_mandates(b.id)? {
                    let role = match m.role {
                        justera_domain::organization::MandateRole::Member => "ledamot",
                        justera_domain::organization::MandateRole::Substitute => "ersättare",
                    };
                    let office = m
                        .position
                        .map(|p| format!(", {}", p.swedish_name()))
                        .unwrap_or_default();
                    held.push((
                        m.person_id,
                        format!(
                            "{} {role} ({}){office} {}–{}",
                            b.short_name, m.party, m.term_start, m.term_end
                        ),
                    ));
                }
            }
            let rows = persons
                .into_iter()
                .map(|p| PersonRow {
                    mandates: held
                        .iter()
                        .filter(|(id, _)| *id == p.id)
                        .map(|(_, t)| t.clone())
                        .collect(),
                    account: users
                        .iter()
                        .find(|u| u.account.person == Some(p.id))
                        .map(|u| u.account.username.clone()),
                    party: p.party.clone().unwrap_or_default(),
                    name: p.name,
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
