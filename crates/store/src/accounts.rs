//! Users, the organization's certificate authority and users' signing keys.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use justera_domain::account::{Account, Role};
use justera_domain::ids::{OrganizationId, PersonId};

use crate::audit;
use crate::error::{StoreError, corrupt};
use crate::schema::{certificate_authorities, signing_keys, users};
use crate::store::{Store, from_json, to_json};

/// A stored user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserRecord {
    pub id: String,
    pub organization_id: OrganizationId,
    pub account: Account,
    /// PHC string (Argon2id with its parameters).
    pub password_hash: String,
    pub created_at: NaiveDateTime,
    /// Set when an administrator disabled the account: no login, no session, no token.
    pub disabled_at: Option<NaiveDateTime>,
}

/// A stored CA: certificate and private key sealed under the master key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaRecord {
    pub certificate: Vec<u8>,
    pub sealed_key: Vec<u8>,
    pub fingerprint: String,
    pub created_at: NaiveDateTime,
}

/// A user's current signing key: certificate and private key sealed under the password.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SigningKeyRecord {
    pub id: String,
    pub certificate: Vec<u8>,
    pub sealed_key: Vec<u8>,
}

pub(crate) type UserRow = (
    String,
    String,
    String,
    String,
    String,
    String,
    Option<String>,
    NaiveDateTime,
    Option<NaiveDateTime>,
);

pub(crate) const USER_COLUMNS: (
    users::id,
    users::organization_id,
    users::username,
    users::display_name,
    users::password_hash,
    users::roles,
    users::person_id,
    users::created_at,
    users::disabled_at,
) = (
    users::id,
    users::organization_id,
    users::username,
    users::display_name,
    users::password_hash,
    users::roles,
    users::person_id,
    users::created_at,
    users::disabled_at,
);

pub(crate) fn user_from_row(row: UserRow) -> Result<UserRecord, StoreError> {
    let (id, org, username, display_name, password_hash, roles, person, created_at, disabled_at) =
        row;
    let roles: Vec<Role> = from_json(&roles)?;
    let person: Option<PersonId> = match person {
        Some(p) => Some(p.parse().map_err(corrupt)?),
        None => None,
    };
    Ok(UserRecord {
        id,
        organization_id: org.parse().map_err(corrupt)?,
        account: Account {
            username,
            display_name,
            roles,
            person,
        },
        password_hash,
        created_at,
        disabled_at,
    })
}

impl Store {
    /// Adds a user. The username is unique within the organization.
    pub fn add_user(
        &mut self,
        organization: OrganizationId,
        account: &Account,
        password_hash: &str,
        actor: &str,
    ) -> Result<String, StoreError> {
        let id = uuid::Uuid::new_v4().to_string();
        let org = organization.to_string();
        self.write(|c| {
            let exists: i64 = users::table
                .filter(users::organization_id.eq(&org))
                .filter(users::username.eq(&account.username))
                .count()
                .get_result(c)?;
            if exists > 0 {
                return Err(StoreError::AlreadyExists {
                    what: format!("användaren {}", account.username),
                });
            }
            diesel::insert_into(users::table)
                .values((
                    users::id.eq(&id),
                    users::organization_id.eq(&org),
                    users::username.eq(&account.username),
                    users::display_name.eq(&account.display_name),
                    users::password_hash.eq(password_hash),
                    users::roles.eq(to_json(&account.roles)?),
                    users::person_id.eq(account.person.map(|p| p.to_string())),
                    users::created_at.eq(audit::now()),
                ))
                .execute(c)?;
            audit::append(
                c,
                &org,
                actor,
                "user.add",
                &id,
                &to_json(
                    &serde_json::json!({ "username": account.username, "roles": account.roles }),
                )?,
            )?;
            Ok(id.clone())
        })
    }

    pub fn find_user(
        &mut self,
        organization: OrganizationId,
        username: &str,
    ) -> Result<Option<UserRecord>, StoreError> {
        let row: Option<UserRow> = users::table
            .filter(users::organization_id.eq(organization.to_string()))
            .filter(users::username.eq(username))
            .select(USER_COLUMNS)
            .first(&mut self.conn)
            .optional()?;
        row.map(user_from_row).transpose()
    }

    pub fn list_users(
        &mut self,
        organization: OrganizationId,
    ) -> Result<Vec<UserRecord>, StoreError> {
        let rows: Vec<UserRow> = users::table
            .filter(users::organization_id.eq(organization.to_string()))
            .select(USER_COLUMNS)
            .order(users::username.asc())
            .load(&mut self.conn)?;
        rows.into_iter().map(user_from_row).collect()
    }

    /// Replaces a user's password hash (and, when given, the signing key: a password change or
    /// reset seals the key anew or issues a new one).
    pub fn set_password(
        &mut self,
        user_id: &str,
        password_hash: &str,
        new_key: Option<(&[u8], &[u8])>,
        actor: &str,
        action: &str,
    ) -> Result<(), StoreError> {
        self.write(|c| {
            let n = diesel::update(users::table.filter(users::id.eq(user_id)))
                .set(users::password_hash.eq(password_hash))
                .execute(c)?;
            if n == 0 {
                return Err(StoreError::NotFound {
                    what: format!("användaren {user_id}"),
                });
            }
            // A change or reset (which always comes with the key sealed anew or a new key) ends
            // every way in made under the old password; a rehash keeps the password.
            if let Some((certificate, sealed_key)) = new_key {
                insert_signing_key(c, user_id, certificate, sealed_key)?;
                crate::sessions::revoke_credentials(c, user_id)?;
            }
            audit::append_for_user(c, user_id, actor, action, user_id, "{}")?;
            Ok(())
        })
    }

    /// Stores a new signing key for a user; the previous one is retired (old signatures stay
    /// valid: they carry their certificate).
    pub fn add_signing_key(
        &mut self,
        user_id: &str,
        certificate: &[u8],
        sealed_key: &[u8],
        actor: &str,
    ) -> Result<(), StoreError> {
        self.write(|c| {
            insert_signing_key(c, user_id, certificate, sealed_key)?;
            audit::append_for_user(c, user_id, actor, "signing_key.issue", user_id, "{}")?;
            Ok(())
        })
    }

    pub fn current_signing_key(
        &mut self,
        user_id: &str,
    ) -> Result<Option<SigningKeyRecord>, StoreError> {
        let row: Option<(String, Vec<u8>, Vec<u8>)> = signing_keys::table
            .filter(signing_keys::user_id.eq(user_id))
            .filter(signing_keys::retired_at.is_null())
            .select((
                signing_keys::id,
                signing_keys::certificate,
                signing_keys::sealed_key,
            ))
            .order(signing_keys::created_at.desc())
            .first(&mut self.conn)
            .optional()?;
        Ok(row.map(|(id, certificate, sealed_key)| SigningKeyRecord {
            id,
            certificate,
            sealed_key,
        }))
    }

    /// Stores the organization's CA. There is one per organization; it is never replaced.
    pub fn put_ca(
        &mut self,
        organization: OrganizationId,
        ca: &CaRecord,
        actor: &str,
    ) -> Result<(), StoreError> {
        let org = organization.to_string();
        self.write(|c| {
            let exists: i64 = certificate_authorities::table
                .filter(certificate_authorities::organization_id.eq(&org))
                .count()
                .get_result(c)?;
            if exists > 0 {
                return Err(StoreError::AlreadyExists {
                    what: "organisationens certifikatutfärdare".into(),
                });
            }
            diesel::insert_into(certificate_authorities::table)
                .values((
                    certificate_authorities::organization_id.eq(&org),
                    certificate_authorities::certificate.eq(&ca.certificate),
                    certificate_authorities::sealed_key.eq(&ca.sealed_key),
                    certificate_authorities::fingerprint.eq(&ca.fingerprint),
                    certificate_authorities::created_at.eq(ca.created_at),
                ))
                .execute(c)?;
            audit::append(
                c,
                &org,
                actor,
                "ca.init",
                &org,
                &to_json(&serde_json::json!({ "fingerprint": ca.fingerprint }))?,
            )?;
            Ok(())
        })
    }

    pub fn get_ca(&mut self, organization: OrganizationId) -> Result<Option<CaRecord>, StoreError> {
        let row: Option<(Vec<u8>, Vec<u8>, String, NaiveDateTime)> = certificate_authorities::table
            .filter(certificate_authorities::organization_id.eq(organization.to_string()))
            .select((
                certificate_authorities::certificate,
                certificate_authorities::sealed_key,
                certificate_authorities::fingerprint,
                certificate_authorities::created_at,
            ))
            .first(&mut self.conn)
            .optional()?;
        Ok(row.map(
            |(certificate, sealed_key, fingerprint, created_at)| CaRecord {
                certificate,
                sealed_key,
                fingerprint,
                created_at,
            },
        ))
    }

    /// A body of the organization by its short name ("KS").
    pub fn body_by_short_name(
        &mut self,
        organization: OrganizationId,
        short_name: &str,
    ) -> Result<Option<justera_domain::ids::BodyId>, StoreError> {
        use crate::schema::bodies;
        let id: Option<String> = bodies::table
            .filter(bodies::organization_id.eq(organization.to_string()))
            .filter(bodies::short_name.eq(short_name))
            .select(bodies::id)
            .first(&mut self.conn)
            .optional()?;
        id.map(|i| i.parse().map_err(corrupt)).transpose()
    }

    /// The user's TOTP secret (base32), if they have the second factor.
    pub fn totp_secret(&mut self, user_id: &str) -> Result<Option<String>, StoreError> {
        use crate::schema::user_totp;
        Ok(user_totp::table
            .filter(user_totp::user_id.eq(user_id))
            .select(user_totp::secret)
            .first(&mut self.conn)
            .optional()?)
    }

    /// Replaces the stored form of the user's TOTP secret (sealed anew under a new password),
    /// keeping the last accepted step.
    pub fn replace_totp_secret(&mut self, user_id: &str, stored: &str) -> Result<(), StoreError> {
        use crate::schema::user_totp;
        self.write(|c| {
            diesel::update(user_totp::table.filter(user_totp::user_id.eq(user_id)))
                .set(user_totp::secret.eq(stored))
                .execute(c)?;
            Ok(())
        })
    }

    /// Accepts the TOTP time step `step` for the user once: true if it is later than every step
    /// accepted before (atomically, so a code replayed at the same moment fails too).
    pub fn accept_totp_step(&mut self, user_id: &str, step: i64) -> Result<bool, StoreError> {
        use crate::schema::user_totp;
        self.write(|c| {
            let n = diesel::update(
                user_totp::table
                    .filter(user_totp::user_id.eq(user_id))
                    .filter(user_totp::last_step.lt(step)),
            )
            .set(user_totp::last_step.eq(step))
            .execute(c)?;
            Ok(n == 1)
        })
    }

    /// Turns the second factor on with `secret`, or off with `None`; audited.
    pub fn set_totp_secret(
        &mut self,
        user_id: &str,
        secret: Option<&str>,
        actor: &str,
    ) -> Result<(), StoreError> {
        use crate::schema::user_totp;
        let user = user_id.to_owned();
        self.write(|c| {
            diesel::delete(user_totp::table.filter(user_totp::user_id.eq(&user))).execute(c)?;
            if let Some(secret) = secret {
                diesel::insert_into(user_totp::table)
                    .values((
                        user_totp::user_id.eq(&user),
                        user_totp::secret.eq(secret),
                        user_totp::created_at.eq(audit::now()),
                    ))
                    .execute(c)?;
            }
            audit::append_for_user(
                c,
                &user,
                actor,
                if secret.is_some() {
                    "user.totp.on"
                } else {
                    "user.totp.off"
                },
                &user,
                "{}",
            )?;
            Ok(())
        })
    }

    /// The organizations that have a user called `username` (usernames are unique within an
    /// organization).
    pub fn organizations_with_user(
        &mut self,
        username: &str,
    ) -> Result<Vec<OrganizationId>, StoreError> {
        let ids: Vec<String> = users::table
            .filter(users::username.eq(username))
            .select(users::organization_id)
            .load(&mut self.conn)?;
        ids.into_iter()
            .map(|i| i.parse().map_err(corrupt))
            .collect()
    }

    /// The organization's bodies, by name.
    pub fn bodies(
        &mut self,
        organization: OrganizationId,
    ) -> Result<Vec<justera_domain::organization::Body>, StoreError> {
        use crate::schema::bodies;
        let rows: Vec<String> = bodies::table
            .filter(bodies::organization_id.eq(organization.to_string()))
            .select(bodies::data)
            .load(&mut self.conn)?;
        let mut out: Vec<justera_domain::organization::Body> = rows
            .iter()
            .map(|d| crate::store::from_json(d))
            .collect::<Result<_, _>>()?;
        out.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(out)
    }

    /// Saves an organization's settings (name, storage place, notice board, protocol), with
    /// an audit entry; a meeting rendered afterwards uses them, frozen documents keep theirs.
    pub fn update_organization(
        &mut self,
        org: &justera_domain::organization::Organization,
        actor: &str,
    ) -> Result<(), StoreError> {
        use crate::schema::organizations;
        let id = org.id.to_string();
        let data = crate::store::to_json(org)?;
        self.write(|c| {
            let n = diesel::update(organizations::table.filter(organizations::id.eq(&id)))
                .set((
                    organizations::name.eq(&org.name),
                    organizations::data.eq(&data),
                ))
                .execute(c)?;
            if n != 1 {
                return Err(StoreError::NotFound {
                    what: "organisationen".into(),
                });
            }
            crate::audit::append(c, &id, actor, "organization.settings", &id, &data)?;
            Ok(())
        })
    }

    /// One organization with its settings.
    pub fn organization(
        &mut self,
        id: OrganizationId,
    ) -> Result<Option<justera_domain::organization::Organization>, StoreError> {
        use crate::schema::organizations;
        let data: Option<String> = organizations::table
            .filter(organizations::id.eq(id.to_string()))
            .select(organizations::data)
            .first(&mut self.conn)
            .optional()?;
        data.map(|d| serde_json::from_str(&d).map_err(corrupt))
            .transpose()
    }

    /// The organizations in the store (id, name).
    pub fn organizations(&mut self) -> Result<Vec<(OrganizationId, String)>, StoreError> {
        use crate::schema::organizations;
        let rows: Vec<(String, String)> = organizations::table
            .select((organizations::id, organizations::name))
            .order(organizations::name.asc())
            .load(&mut self.conn)?;
        rows.into_iter()
            .map(|(id, name)| Ok((id.parse().map_err(corrupt)?, name)))
            .collect()
    }
}

pub(crate) fn insert_signing_key(
    c: &mut crate::DbConnection,
    user_id: &str,
    certificate: &[u8],
    sealed_key: &[u8],
) -> Result<(), StoreError> {
    let now = audit::now();
    diesel::update(
        signing_keys::table
            .filter(signing_keys::user_id.eq(user_id))
            .filter(signing_keys::retired_at.is_null()),
    )
    .set(signing_keys::retired_at.eq(Some(now)))
    .execute(c)?;
    diesel::insert_into(signing_keys::table)
        .values((
            signing_keys::id.eq(uuid::Uuid::new_v4().to_string()),
            signing_keys::user_id.eq(user_id),
            signing_keys::certificate.eq(certificate),
            signing_keys::sealed_key.eq(sealed_key),
            signing_keys::created_at.eq(now),
        ))
        .execute(c)?;
    Ok(())
}
