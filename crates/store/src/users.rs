//! Account administration: an administrator changes a user's name, roles, person and whether
//! the account is active (keeping at least one active administrator), and one-time links
//! invite a new user or reset a password.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use justera_domain::account::{AccountChange, AccountState, check_administrators};
use justera_domain::ids::OrganizationId;

use crate::accounts::{USER_COLUMNS, UserRecord, UserRow, user_from_row};
use crate::audit;
use crate::documents::sha256_hex;
use crate::error::StoreError;
use crate::schema::{account_links, signing_keys, users};
use crate::store::{Store, to_json};

/// What a one-time link is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkPurpose {
    /// A new user sets their first password.
    Invitation,
    /// A user who forgot the password sets a new one.
    Reset,
}

impl LinkPurpose {
    fn as_str(self) -> &'static str {
        match self {
            Self::Invitation => "invitation",
            Self::Reset => "reset",
        }
    }

    fn parse(s: &str) -> Option<Self> {
        match s {
            "invitation" => Some(Self::Invitation),
            "reset" => Some(Self::Reset),
            _ => None,
        }
    }
}

/// A link that can still be used: whose it is, what for, until when.
#[derive(Debug, Clone)]
pub struct OpenLink {
    pub user: UserRecord,
    pub purpose: LinkPurpose,
    pub expires_at: NaiveDateTime,
}

/// The new password material that a link's use stores.
pub struct NewCredentials<'a> {
    pub password_hash: &'a str,
    pub certificate: &'a [u8],
    pub sealed_key: &'a [u8],
}

impl Store {
    /// Changes `username`'s account in `organization`, in one transaction with the check that
    /// an active administrator remains (two administrators demoting each other at once cannot
    /// both succeed). Disabling ends every session, API token and trusted device.
    pub fn update_account(
        &mut self,
        organization: OrganizationId,
        username: &str,
        change: &AccountChange,
        actor: &str,
    ) -> Result<(), StoreError> {
        let org = organization.to_string();
        self.write(|c| {
            let rows: Vec<UserRow> = users::table
                .filter(users::organization_id.eq(&org))
                .select(USER_COLUMNS)
                .load(c)?;
            let all = rows
                .into_iter()
                .map(user_from_row)
                .collect::<Result<Vec<_>, _>>()?;
            let Some(user) = all.iter().find(|u| u.account.username == username) else {
                return Err(StoreError::NotFound {
                    what: format!("användaren {username}"),
                });
            };
            let roles = change.normalized_roles();
            let before: Vec<AccountState> = all
                .iter()
                .map(|u| AccountState {
                    username: u.account.username.clone(),
                    administrator: u.account.is_administrator(),
                    active: u.disabled_at.is_none(),
                })
                .collect();
            let after = AccountState {
                username: username.to_owned(),
                administrator: roles.contains(&justera_domain::account::Role::Administrator),
                active: change.active,
            };
            check_administrators(&before, &after)?;
            let disabled_at = match (user.disabled_at, change.active) {
                (_, true) => None,
                (Some(at), false) => Some(at),
                (None, false) => Some(audit::now()),
            };
            diesel::update(users::table.filter(users::id.eq(&user.id)))
                .set((
                    users::display_name.eq(change.display_name.trim()),
                    users::roles.eq(to_json(&roles)?),
                    users::person_id.eq(change.person.map(|p| p.to_string())),
                    users::disabled_at.eq(disabled_at),
                ))
                .execute(c)?;
            if !change.active {
                crate::sessions::revoke_credentials(c, &user.id)?;
                invalidate_links(c, &user.id, None)?;
                // A disabled account's key is retired: its certificate goes on the
                // organization's revocation list. Active again, the user sets a new password
                // (and so gets a new key) before signing.
                diesel::update(
                    signing_keys::table
                        .filter(signing_keys::user_id.eq(&user.id))
                        .filter(signing_keys::retired_at.is_null()),
                )
                .set(signing_keys::retired_at.eq(Some(audit::now())))
                .execute(c)?;
            }
            audit::append(
                c,
                &org,
                actor,
                "user.update",
                &user.id,
                &to_json(&serde_json::json!({
                    "display_name": change.display_name.trim(),
                    "roles": roles,
                    "person": change.person.map(|p| p.to_string()),
                    "active": change.active,
                }))?,
            )?;
            Ok(())
        })
    }

    /// Stores a one-time link for `user_id` (the token hashed); earlier unused links of the
    /// same purpose stop working.
    pub fn create_account_link(
        &mut self,
        user_id: &str,
        purpose: LinkPurpose,
        token: &str,
        now: NaiveDateTime,
        expires_at: NaiveDateTime,
        actor: &str,
    ) -> Result<(), StoreError> {
        self.write(|c| {
            invalidate_links(c, user_id, Some(purpose))?;
            diesel::insert_into(account_links::table)
                .values((
                    account_links::token_hash.eq(sha256_hex(token.as_bytes())),
                    account_links::user_id.eq(user_id),
                    account_links::purpose.eq(purpose.as_str()),
                    account_links::created_at.eq(now),
                    account_links::expires_at.eq(expires_at),
                ))
                .execute(c)?;
            audit::append_for_user(
                c,
                user_id,
                actor,
                &format!("user.link.{}", purpose.as_str()),
                user_id,
                &to_json(&serde_json::json!({ "expires_at": expires_at.to_string() }))?,
            )?;
            Ok(())
        })
    }

    /// The link of `token`, if it is unused, unexpired and its account active.
    pub fn account_link(
        &mut self,
        token: &str,
        now: NaiveDateTime,
    ) -> Result<Option<OpenLink>, StoreError> {
        let hash = sha256_hex(token.as_bytes());
        let row: Option<(String, NaiveDateTime, UserRow)> = account_links::table
            .inner_join(users::table.on(users::id.eq(account_links::user_id)))
            .filter(account_links::token_hash.eq(&hash))
            .filter(account_links::used_at.is_null())
            .filter(account_links::expires_at.gt(now))
            .filter(users::disabled_at.is_null())
            .select((
                account_links::purpose,
                account_links::expires_at,
                USER_COLUMNS,
            ))
            .first(self.connection())
            .optional()?;
        let Some((purpose, expires_at, user)) = row else {
            return Ok(None);
        };
        let Some(purpose) = LinkPurpose::parse(&purpose) else {
            return Ok(None);
        };
        Ok(Some(OpenLink {
            user: user_from_row(user)?,
            purpose,
            expires_at,
        }))
    }

    /// Uses the link of `token` once: in one transaction, marks it used (only if it still
    /// was unused and unexpired, so two uses at once cannot both succeed), stores the new
    /// password and signing key for `user_id`, and ends every earlier way in. False when the
    /// link was no longer open.
    pub fn use_account_link(
        &mut self,
        token: &str,
        user_id: &str,
        now: NaiveDateTime,
        new: &NewCredentials<'_>,
        actor: &str,
    ) -> Result<bool, StoreError> {
        let hash = sha256_hex(token.as_bytes());
        self.write(|c| {
            let taken = diesel::update(
                account_links::table
                    .filter(account_links::token_hash.eq(&hash))
                    .filter(account_links::user_id.eq(user_id))
                    .filter(account_links::used_at.is_null())
                    .filter(account_links::expires_at.gt(now)),
            )
            .set(account_links::used_at.eq(now))
            .execute(c)?;
            if taken != 1 {
                return Ok(false);
            }
            diesel::update(users::table.filter(users::id.eq(user_id)))
                .set(users::password_hash.eq(new.password_hash))
                .execute(c)?;
            crate::accounts::insert_signing_key(c, user_id, new.certificate, new.sealed_key)?;
            crate::sessions::revoke_credentials(c, user_id)?;
            // Every other open link of the user ends too.
            invalidate_links(c, user_id, None)?;
            audit::append_for_user(c, user_id, actor, "user.link.used", user_id, "{}")?;
            Ok(true)
        })
    }
}

fn invalidate_links(
    c: &mut crate::DbConnection,
    user_id: &str,
    purpose: Option<LinkPurpose>,
) -> Result<(), StoreError> {
    let now = audit::now();
    let open = account_links::table
        .filter(account_links::user_id.eq(user_id))
        .filter(account_links::used_at.is_null());
    match purpose {
        Some(p) => diesel::update(open.filter(account_links::purpose.eq(p.as_str())))
            .set(account_links::used_at.eq(now))
            .execute(c)?,
        None => diesel::update(open)
            .set(account_links::used_at.eq(now))
            .execute(c)?,
    };
    Ok(())
}
