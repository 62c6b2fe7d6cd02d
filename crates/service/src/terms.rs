//! Terms (mandatperioder) for an organization's administrator: a term file checked row by
//! row, then imported in one transaction; a body's composition copied into the next term as a
//! file to change and import.

use chrono::{Duration, NaiveDate};
use justera_domain::ids::{BodyId, OrganizationId};
use justera_domain::organization::Body;
use justera_domain::term::{TermPlan, copy_composition, parse_csv, read_term, to_csv};
use justera_store::Store;
use justera_store::terms::TermImported;

use crate::error::ServiceError;

/// A term to read: the body and the dates it runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Term {
    pub body: BodyId,
    pub start: NaiveDate,
    pub end: NaiveDate,
}

/// The body, if it is the administrator's organization's and they are its administrator.
fn administered(
    store: &mut Store,
    organization: OrganizationId,
    username: &str,
    body: BodyId,
) -> Result<Body, ServiceError> {
    let user = store
        .find_user(organization, username)?
        .ok_or(ServiceError::BadCredentials)?;
    let found = store
        .body(body)?
        .filter(|b| b.organization_id == organization);
    let Some(found) = found else {
        return Err(justera_store::StoreError::NotFound {
            what: "organet".into(),
        }
        .into());
    };
    if !user.account.is_administrator() {
        return Err(ServiceError::NotAuthorized {
            user: username.to_owned(),
            action: "ändra organets mandatperioder".into(),
        });
    }
    Ok(found)
}

/// The file read and checked for `term`: nothing is saved.
pub fn preview(
    store: &mut Store,
    organization: OrganizationId,
    username: &str,
    term: Term,
    csv: &str,
) -> Result<(Body, TermPlan), ServiceError> {
    let body = administered(store, organization, username, term.body)?;
    let plan = read_term(&parse_csv(csv)?, &body, term.start, term.end)?;
    Ok((body, plan))
}

/// Imports the term when the whole file is clean; otherwise says how many rows are wrong
/// (the preview names them) and saves nothing.
pub fn import(
    store: &mut Store,
    organization: OrganizationId,
    username: &str,
    term: Term,
    csv: &str,
) -> Result<(Body, TermImported), ServiceError> {
    let (body, plan) = preview(store, organization, username, term, csv)?;
    if !plan.is_clean() {
        return Err(justera_domain::DomainError::Invalid {
            field: "csv".into(),
            reason: format!(
                "filen har {} fel och har inte lästs in; rätta raderna och försök igen",
                plan.errors.len()
            ),
        }
        .into());
    }
    let done = store.import_term(&body, term.start, term.end, &plan.rows, username)?;
    Ok((body, done))
}

/// The body's composition the day before the term starts, as a term file for the term.
pub fn composition_file(
    store: &mut Store,
    organization: OrganizationId,
    username: &str,
    term: Term,
) -> Result<String, ServiceError> {
    administered(store, organization, username, term.body)?;
    let rows = store.body_mandates(term.body)?;
    let mandates: Vec<_> = rows.iter().map(|(m, _)| m.clone()).collect();
    let names = |p| {
        rows.iter()
            .find(|(_, person)| person.id == p)
            .map(|(_, person)| person.name.clone())
            .unwrap_or_default()
    };
    let day = term.start - Duration::days(1);
    Ok(to_csv(&copy_composition(
        &mandates, &names, day, term.start, term.end,
    )))
}

/// One term of a body as listed: its dates, its members and substitutes on the first day,
/// and how many mandates changed during it.
pub type TermSummary = justera_domain::term_change::TermSpan;

/// The organization's bodies, each with its terms (for its administrator).
pub fn bodies_with_terms(
    store: &mut Store,
    organization: OrganizationId,
    username: &str,
) -> Result<Vec<(Body, Vec<TermSummary>)>, ServiceError> {
    crate::organization::settings(store, organization, username)?;
    let mut out = Vec::new();
    for body in store.bodies(organization)? {
        let rows = store.body_mandates(body.id)?;
        out.push((body, summarize(&rows)));
    }
    Ok(out)
}

/// The terms among a body's mandates, by their dates.
pub fn summarize(
    rows: &[(
        justera_domain::organization::Mandate,
        justera_domain::organization::Person,
    )],
) -> Vec<TermSummary> {
    let mandates: Vec<_> = rows.iter().map(|(m, _)| m.clone()).collect();
    justera_domain::term_change::terms_of(&mandates)
}

/// Ends a mandate on its last day (a resignation) and, when a successor is elected, gives
/// them the seat from the day after: the term is checked as a file is and saved in one
/// transaction; the mandate before the date stays as it was, so earlier meetings keep it.
pub fn change_mandate(
    store: &mut Store,
    organization: OrganizationId,
    username: &str,
    body: BodyId,
    change: &justera_domain::term_change::MandateChange,
) -> Result<TermImported, ServiceError> {
    let body = administered(store, organization, username, body)?;
    operator_change_mandate(store, &body, change, username)
}

/// [`change_mandate`] for the command line, which runs with the database's own rights.
pub fn operator_change_mandate(
    store: &mut Store,
    body: &Body,
    change: &justera_domain::term_change::MandateChange,
    username: &str,
) -> Result<TermImported, ServiceError> {
    use justera_domain::term_change::{apply_change, terms_of};
    let body = body.clone();
    let rows = store.body_mandates(body.id)?;
    let mandates: Vec<_> = rows.iter().map(|(m, _)| m.clone()).collect();
    let Some(term) = rows
        .iter()
        .find(|(m, _)| m.id == change.mandate)
        .and_then(|(m, _)| terms_of(&mandates).into_iter().find(|t| t.contains(m)))
    else {
        return Err(justera_store::StoreError::NotFound {
            what: "uppdraget".into(),
        }
        .into());
    };
    let named: Vec<_> = rows
        .iter()
        .filter(|(m, _)| term.contains(m))
        .map(|(m, p)| (m.clone(), p.name.clone()))
        .collect();
    let changed = apply_change(&term, &named, change)?;
    let plan = justera_domain::term::check_rows(changed, &body, term.from);
    if !plan.is_clean() {
        return Err(justera_domain::DomainError::Invalid {
            field: "mandate".into(),
            reason: plan
                .errors
                .iter()
                .map(|e| e.message.clone())
                .collect::<Vec<_>>()
                .join("; "),
        }
        .into());
    }
    Ok(store.replace_term(
        &body,
        term.from,
        term.to,
        &plan.rows,
        username,
        "term.change",
    )?)
}

/// A person of the organization's register with their mandates and account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegisteredPerson {
    pub id: justera_domain::ids::PersonId,
    pub name: String,
    pub party: Option<String>,
    /// "KS ledamot (M), ordförande 2027-01-01–2030-12-31", by body and term.
    pub mandates: Vec<String>,
    pub username: Option<String>,
}

/// The organization's register of persons: each with their mandates in every body and term,
/// and the account linked to them (for its administrator; the caller checks the role).
pub fn register(
    store: &mut Store,
    organization: OrganizationId,
) -> Result<Vec<RegisteredPerson>, ServiceError> {
    use justera_domain::organization::MandateRole;
    let users = store.list_users(organization)?;
    let mut held: Vec<(justera_domain::ids::PersonId, String)> = Vec::new();
    for b in store.bodies(organization)? {
        for (m, _) in store.body_mandates(b.id)? {
            let role = match m.role {
                MandateRole::Member => "ledamot",
                MandateRole::Substitute => "ersättare",
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
    Ok(store
        .persons(organization)?
        .into_iter()
        .map(|p| RegisteredPerson {
            mandates: held
                .iter()
                .filter(|(id, _)| *id == p.id)
                .map(|(_, t)| t.clone())
                .collect(),
            username: users
                .iter()
                .find(|u| u.account.person == Some(p.id))
                .map(|u| u.account.username.clone()),
            id: p.id,
            name: p.name,
            party: p.party,
        })
        .collect())
}
