//! The administrator's accounts: invite a user with a one-time link to set the password,
//! change name, roles, person and whether the account is active (an organization keeps an
//! active administrator), reset a password by link, turn off a lost second factor, end
//! sessions and revoke API tokens. The invited user sets the password through the link, and
//! gets a signing key and certificate then.

use chrono::{Duration, NaiveDateTime};
use justera_domain::account::{Account, AccountChange, Role, valid_username};
use justera_domain::ids::{OrganizationId, PersonId};
use justera_sign::passwords;
use justera_store::Store;
use justera_store::accounts::UserRecord;
use justera_store::users::{LinkPurpose, NewCredentials, OpenLink};

use crate::accounts::{Costs, Issuer, check_password, issue_key, random_token};
use crate::error::ServiceError;
use crate::organization::require_admin;

/// The password hash of an invited user who has not yet set a password: no password matches.
pub const NO_PASSWORD: &str = "!";

/// How long an invitation link works.
pub const INVITATION_DAYS: i64 = 7;
/// How long a password reset link works.
pub const RESET_DAYS: i64 = 2;

/// A user of the organization as the administrator sees it (no password material).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserSummary {
    pub username: String,
    pub display_name: String,
    /// "administratör", "sekreterare för KS", "ledamot".
    pub roles: Vec<String>,
    pub role_values: Vec<Role>,
    pub person: Option<PersonId>,
    pub active: bool,
    /// Invited, but the password is not set yet.
    pub invited: bool,
    pub second_factor: bool,
    pub tokens: Vec<justera_store::sessions::ApiTokenInfo>,
}

/// A one-time link just made: the token is shown once and stored only hashed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub token: String,
    pub expires_at: NaiveDateTime,
}

/// A new user as the administrator enters it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewUser {
    pub username: String,
    pub display_name: String,
    pub roles: Vec<Role>,
    pub person: Option<PersonId>,
}

fn summary(
    store: &mut Store,
    u: &UserRecord,
    bodies: &[justera_domain::organization::Body],
) -> Result<UserSummary, ServiceError> {
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
    Ok(UserSummary {
        username: u.account.username.clone(),
        display_name: u.account.display_name.clone(),
        roles,
        role_values: u.account.roles.clone(),
        person: u.account.person,
        active: u.disabled_at.is_none(),
        invited: u.password_hash == NO_PASSWORD,
        second_factor: store.totp_secret(&u.id)?.is_some(),
        tokens: store.api_tokens(&u.id)?,
    })
}

/// The organization's users, by username.
pub fn users(
    store: &mut Store,
    organization: OrganizationId,
    username: &str,
) -> Result<Vec<UserSummary>, ServiceError> {
    require_admin(store, organization, username)?;
    let bodies = store.bodies(organization)?;
    let mut out = Vec::new();
    for u in store.list_users(organization)? {
        out.push(summary(store, &u, &bodies)?);
    }
    out.sort_by(|a, b| a.username.cmp(&b.username));
    Ok(out)
}

fn target(
    store: &mut Store,
    organization: OrganizationId,
    username: &str,
) -> Result<UserRecord, ServiceError> {
    let found = if valid_username(username) {
        store.find_user(organization, username)?
    } else {
        None
    };
    found.ok_or_else(|| {
        justera_store::StoreError::NotFound {
            what: "användaren".into(),
        }
        .into()
    })
}

/// One user of the organization.
pub fn user(
    store: &mut Store,
    organization: OrganizationId,
    admin: &str,
    username: &str,
) -> Result<UserSummary, ServiceError> {
    require_admin(store, organization, admin)?;
    let u = target(store, organization, username)?;
    let bodies = store.bodies(organization)?;
    summary(store, &u, &bodies)
}

/// The roles' bodies and the person must be the organization's own.
fn check_belongs(
    store: &mut Store,
    organization: OrganizationId,
    roles: &[Role],
    person: Option<PersonId>,
) -> Result<(), ServiceError> {
    let bodies = store.bodies(organization)?;
    for r in roles {
        if let Role::Secretary { body } = r
            && !bodies.iter().any(|b| b.id == *body)
        {
            return Err(justera_domain::DomainError::Invalid {
                field: "roles".into(),
                reason: "organet för sekreterarrollen finns inte i organisationen".into(),
            }
            .into());
        }
    }
    if let Some(p) = person
        && !store.persons(organization)?.iter().any(|x| x.id == p)
    {
        return Err(justera_domain::DomainError::Invalid {
            field: "person".into(),
            reason: "personen finns inte i organisationens personregister".into(),
        }
        .into());
    }
    Ok(())
}

/// Invites a user: the account is made without a password, and a one-time link (valid
/// [`INVITATION_DAYS`] days) lets them set it.
pub fn invite(
    store: &mut Store,
    organization: OrganizationId,
    admin: &str,
    new: &NewUser,
    now: NaiveDateTime,
) -> Result<Link, ServiceError> {
    require_admin(store, organization, admin)?;
    operator_invite(store, organization, new, now, admin)
}

/// [`invite`] for the command line, which runs with the database's own rights.
pub fn operator_invite(
    store: &mut Store,
    organization: OrganizationId,
    new: &NewUser,
    now: NaiveDateTime,
    admin: &str,
) -> Result<Link, ServiceError> {
    if !valid_username(&new.username) {
        return Err(ServiceError::BadUsername(new.username.clone()));
    }
    let change = AccountChange {
        display_name: new.display_name.clone(),
        roles: new.roles.clone(),
        person: new.person,
        active: true,
    };
    change.validate(false)?;
    check_belongs(store, organization, &new.roles, new.person)?;
    let account = Account {
        username: new.username.clone(),
        display_name: new.display_name.trim().to_owned(),
        roles: change.normalized_roles(),
        person: new.person,
    };
    let id = store.add_user(organization, &account, NO_PASSWORD, admin)?;
    make_link(store, &id, LinkPurpose::Invitation, now, admin)
}

fn make_link(
    store: &mut Store,
    user_id: &str,
    purpose: LinkPurpose,
    now: NaiveDateTime,
    admin: &str,
) -> Result<Link, ServiceError> {
    let days = match purpose {
        LinkPurpose::Invitation => INVITATION_DAYS,
        LinkPurpose::Reset => RESET_DAYS,
    };
    let token = random_token();
    let expires_at = now + Duration::days(days);
    store.create_account_link(user_id, purpose, &token, now, expires_at, admin)?;
    Ok(Link { token, expires_at })
}

/// A new link for `username` to set a password: a reset for a user who has one (the old
/// password works until the link is used), a fresh invitation for one who never set it.
pub fn password_link(
    store: &mut Store,
    organization: OrganizationId,
    admin: &str,
    username: &str,
    now: NaiveDateTime,
) -> Result<Link, ServiceError> {
    require_admin(store, organization, admin)?;
    operator_password_link(store, organization, username, now, admin)
}

/// [`password_link`] for the command line, which runs with the database's own rights.
pub fn operator_password_link(
    store: &mut Store,
    organization: OrganizationId,
    username: &str,
    now: NaiveDateTime,
    actor: &str,
) -> Result<Link, ServiceError> {
    let u = target(store, organization, username)?;
    if u.disabled_at.is_some() {
        return Err(ServiceError::AccountDisabled);
    }
    let purpose = if u.password_hash == NO_PASSWORD {
        LinkPurpose::Invitation
    } else {
        LinkPurpose::Reset
    };
    make_link(store, &u.id, purpose, now, actor)
}

/// Changes another user's (or the administrator's own) name, roles, person and whether the
/// account is active.
pub fn update(
    store: &mut Store,
    organization: OrganizationId,
    admin: &str,
    username: &str,
    change: &AccountChange,
) -> Result<(), ServiceError> {
    require_admin(store, organization, admin)?;
    let _ = target(store, organization, username)?;
    change.validate(username == admin)?;
    check_belongs(store, organization, &change.roles, change.person)?;
    store.update_account(organization, username, change, admin)?;
    Ok(())
}

/// Turns off `username`'s second factor (a lost telephone); they enrol again.
pub fn second_factor_off(
    store: &mut Store,
    organization: OrganizationId,
    admin: &str,
    username: &str,
) -> Result<(), ServiceError> {
    require_admin(store, organization, admin)?;
    let u = target(store, organization, username)?;
    store.set_totp_secret(&u.id, None, admin)?;
    Ok(())
}

/// Ends every web session of `target` (a lost or shared computer), with an audit entry.
pub fn end_sessions(
    store: &mut Store,
    organization: OrganizationId,
    username: &str,
    target_user: &str,
) -> Result<usize, ServiceError> {
    require_admin(store, organization, username)?;
    let user = target(store, organization, target_user)?;
    let ended = store.delete_user_sessions(&user.id)?;
    let payload = serde_json::json!({ "sessions": ended }).to_string();
    store.write(|c| {
        justera_store::audit::append(
            c,
            &organization.to_string(),
            username,
            "user.sessions.end",
            &user.id,
            &payload,
        )?;
        Ok(())
    })?;
    Ok(ended)
}

/// Revokes one of `target`'s API tokens.
pub fn revoke_token(
    store: &mut Store,
    organization: OrganizationId,
    username: &str,
    target_user: &str,
    token: &str,
) -> Result<bool, ServiceError> {
    require_admin(store, organization, username)?;
    let user = target(store, organization, target_user)?;
    Ok(store.revoke_api_token(&user.id, token, username)?)
}

/// The open link of `token` (to show the form), or [`ServiceError::LinkInvalid`].
pub fn open_link(
    store: &mut Store,
    token: &str,
    now: NaiveDateTime,
) -> Result<OpenLink, ServiceError> {
    if token.is_empty() || token.len() > 128 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(ServiceError::LinkInvalid);
    }
    store
        .account_link(token, now)?
        .ok_or(ServiceError::LinkInvalid)
}

/// The user sets a password through the link: a new signing key and certificate are
/// issued (sealed under it), the link is used up, and earlier sessions end. A second factor
/// sealed under a forgotten password cannot be opened and is turned off.
pub fn use_link(
    store: &mut Store,
    master: Option<&[u8; 32]>,
    token: &str,
    password: &str,
    repeated: &str,
    costs: Costs,
    now: NaiveDateTime,
) -> Result<UserRecord, ServiceError> {
    let link = open_link(store, token, now)?;
    if password != repeated {
        return Err(ServiceError::PasswordsDiffer);
    }
    check_password(password)?;
    let master = master.ok_or(ServiceError::NoMasterKey)?;
    let organization = link.user.organization_id;
    let name = store
        .organization(organization)?
        .map(|o| o.name)
        .unwrap_or_default();
    let issuer = Issuer {
        organization,
        organization_name: &name,
        master,
    };
    let (certificate, sealed_key) = issue_key(store, issuer, &link.user.account, password, costs)?;
    let hash = passwords::hash(password, costs.login)?;
    let username = link.user.account.username.clone();
    let used = store.use_account_link(
        token,
        &link.user.id,
        now,
        &NewCredentials {
            password_hash: &hash,
            certificate: &certificate,
            sealed_key: &sealed_key,
        },
        &username,
    )?;
    if !used {
        return Err(ServiceError::LinkInvalid);
    }
    if store.totp_secret(&link.user.id)?.is_some() {
        store.set_totp_secret(&link.user.id, None, &username)?;
    }
    Ok(link.user)
}

/// Changes `username`'s account from the command line (the database's own rights): the
/// account as it is, changed by `edit`; an organization keeps an active administrator.
fn operator_change(
    store: &mut Store,
    organization: OrganizationId,
    username: &str,
    actor: &str,
    edit: impl FnOnce(&mut AccountChange),
) -> Result<(), ServiceError> {
    let u = target(store, organization, username)?;
    let mut change = AccountChange {
        display_name: u.account.display_name.clone(),
        roles: u.account.roles.clone(),
        person: u.account.person,
        active: u.disabled_at.is_none(),
    };
    edit(&mut change);
    store.update_account(organization, username, &change, actor)?;
    Ok(())
}

/// Disables or enables `username` from the command line.
pub fn operator_set_active(
    store: &mut Store,
    organization: OrganizationId,
    username: &str,
    active: bool,
    actor: &str,
) -> Result<(), ServiceError> {
    operator_change(store, organization, username, actor, |c| c.active = active)
}

/// Sets `username`'s roles from the command line.
pub fn operator_set_roles(
    store: &mut Store,
    organization: OrganizationId,
    username: &str,
    roles: Vec<Role>,
    actor: &str,
) -> Result<(), ServiceError> {
    operator_change(store, organization, username, actor, |c| c.roles = roles)
}
