//! An organization's settings, changed by its administrator.

use justera_domain::ids::OrganizationId;
use justera_domain::organization::Organization;
use justera_store::Store;

use crate::error::ServiceError;

/// The organization, for its administrator.
pub fn settings(
    store: &mut Store,
    organization: OrganizationId,
    username: &str,
) -> Result<Organization, ServiceError> {
    require_admin(store, organization, username)?;
    store.organization(organization)?.ok_or_else(|| {
        justera_store::StoreError::NotFound {
            what: "organisationen".into(),
        }
        .into()
    })
}

/// Saves `changed` (the same organization) after checking it.
pub fn update_settings(
    store: &mut Store,
    username: &str,
    changed: &Organization,
) -> Result<(), ServiceError> {
    require_admin(store, changed.id, username)?;
    operator_update_settings(store, changed, username)
}

/// [`update_settings`] for the command line, which runs with the database's own rights.
pub fn operator_update_settings(
    store: &mut Store,
    changed: &Organization,
    actor: &str,
) -> Result<(), ServiceError> {
    changed.validate_settings()?;
    store.update_organization(changed, actor)?;
    Ok(())
}

pub(crate) fn require_admin(
    store: &mut Store,
    organization: OrganizationId,
    username: &str,
) -> Result<(), ServiceError> {
    let user = store
        .find_user(organization, username)?
        .ok_or(ServiceError::BadCredentials)?;
    if user.account.is_administrator() {
        Ok(())
    } else {
        Err(ServiceError::NotAuthorized {
            user: username.to_owned(),
            action: "ändra organisationens inställningar".into(),
        })
    }
}

/// Saves a body of the administrator's organization (new or changed) after checking it.
pub fn save_body(
    store: &mut Store,
    organization: OrganizationId,
    username: &str,
    body: &justera_domain::organization::Body,
) -> Result<(), ServiceError> {
    require_admin(store, organization, username)?;
    operator_save_body(store, organization, body, username)
}

/// [`save_body`] for the command line, which runs with the database's own rights.
pub fn operator_save_body(
    store: &mut Store,
    organization: OrganizationId,
    body: &justera_domain::organization::Body,
    username: &str,
) -> Result<(), ServiceError> {
    if body.organization_id != organization {
        return Err(ServiceError::NotAuthorized {
            user: username.to_owned(),
            action: "ändra en annan organisations organ".into(),
        });
    }
    if let Some(existing) = store.body(body.id)?
        && existing.organization_id != organization
    {
        return Err(justera_store::StoreError::NotFound {
            what: "organet".into(),
        }
        .into());
    }
    body.validate()?;
    for (label, value, max) in [
        ("organets namn", &body.name, 120),
        ("organets namn i löptext", &body.definite_name, 120),
        ("kortnamnet", &body.short_name, 20),
    ] {
        if value.trim().is_empty() || value.chars().count() > max {
            return Err(justera_domain::DomainError::Invalid {
                field: "body".into(),
                reason: format!("{label} ska ha 1–{max} tecken"),
            }
            .into());
        }
        justera_domain::text::check_printable("body", label, value, false)?;
    }
    if body.usual_place.chars().count() > 200 {
        return Err(justera_domain::DomainError::Invalid {
            field: "body".into(),
            reason: "den vanliga platsen ska ha högst 200 tecken".into(),
        }
        .into());
    }
    justera_domain::text::check_printable("body", "den vanliga platsen", &body.usual_place, false)?;
    if body.participants.len() > 50
        || body
            .participants
            .iter()
            .any(|p| p.chars().count() > 120 || p.trim().is_empty())
    {
        return Err(justera_domain::DomainError::Invalid {
            field: "body".into(),
            reason: "de samverkande kommunerna: högst 50, var och en med 1–120 tecken".into(),
        }
        .into());
    }
    for p in &body.participants {
        justera_domain::text::check_printable("body", "en samverkande kommun", p, false)?;
    }
    if body.seats > 1_000 || body.adjusters > 10 {
        return Err(justera_domain::DomainError::Invalid {
            field: "body".into(),
            reason: "antalet platser (högst 1000) eller justerare (högst 10) är orimligt".into(),
        }
        .into());
    }
    store.save_body(body, username)?;
    Ok(())
}
