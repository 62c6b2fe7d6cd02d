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
