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
    changed.validate_settings()?;
    store.update_organization(changed, username)?;
    Ok(())
}

fn require_admin(
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

/// A user of the organization as the administrator sees it (no password material).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserSummary {
    pub username: String,
    pub display_name: String,
    /// "administratör", "sekreterare för KS", "ledamot".
    pub roles: Vec<String>,
    pub second_factor: bool,
    pub tokens: Vec<justera_store::sessions::ApiTokenInfo>,
}

/// The organization's users, by username.
pub fn users(
    store: &mut Store,
    organization: OrganizationId,
    username: &str,
) -> Result<Vec<UserSummary>, ServiceError> {
    use justera_domain::account::Role;
    require_admin(store, organization, username)?;
    let bodies = store.bodies(organization)?;
    let mut out = Vec::new();
    for u in store.list_users(organization)? {
        let roles = u
            .account
            .roles
            .iter()
            .map(|r| match r {
                Role::Administrator => "administratör".to_owned(),
                Role::Member => "ledamot".to_owned(),
                Role::Secretary { body } => format!(
                    "sekreterare för {}",
                    bodies
                        .iter()
                        .find(|b| b.id == *body)
                        .map_or("ett organ", |b| b.short_name.as_str())
                ),
            })
            .collect();
        out.push(UserSummary {
            username: u.account.username.clone(),
            display_name: u.account.display_name.clone(),
            roles,
            second_factor: store.totp_secret(&u.id)?.is_some(),
            tokens: store.api_tokens(&u.id)?,
        });
    }
    out.sort_by(|a, b| a.username.cmp(&b.username));
    Ok(out)
}

/// Ends every web session of `target` (a lost or shared computer), with an audit entry.
pub fn end_sessions(
    store: &mut Store,
    organization: OrganizationId,
    username: &str,
    target: &str,
) -> Result<usize, ServiceError> {
    require_admin(store, organization, username)?;
    let user = store.find_user(organization, target)?.ok_or_else(|| {
        justera_store::StoreError::NotFound {
            what: "användaren".into(),
        }
    })?;
    let ended = store.delete_user_sessions(&user.id)?;
    let payload = serde_json::json!({ "sessions": ended }).to_string();
    store.write(|c| {
        justera_store::audit::append(c, username, "user.sessions.end", &user.id, &payload)?;
        Ok(())
    })?;
    Ok(ended)
}

/// Revokes one of `target`'s API tokens.
pub fn revoke_token(
    store: &mut Store,
    organization: OrganizationId,
    username: &str,
    target: &str,
    token: &str,
) -> Result<bool, ServiceError> {
    require_admin(store, organization, username)?;
    let user = store.find_user(organization, target)?.ok_or_else(|| {
        justera_store::StoreError::NotFound {
            what: "användaren".into(),
        }
    })?;
    Ok(store.revoke_api_token(&user.id, token, username)?)
}
