//! Web sessions and API tokens. Only SHA-256 digests of the random tokens are stored, so the
//! database cannot be used to take over a session. A session is valid until it expires or is
//! deleted (log out; deleting all of a user's sessions logs them out everywhere).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::DbConnection;
use crate::accounts::{USER_COLUMNS, UserRecord, UserRow, user_from_row};
use crate::documents::sha256_hex;
use crate::error::StoreError;
use crate::schema::{api_tokens, trusted_devices, users, web_sessions};
use crate::store::Store;

/// A live session: who, and the token forms must carry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub user: UserRecord,
    pub csrf_token: String,
    pub expires_at: NaiveDateTime,
}

impl Store {
    /// Stores a new session for the cookie `token`.
    pub fn create_session(
        &mut self,
        user_id: &str,
        token: &str,
        csrf_token: &str,
        now: NaiveDateTime,
        expires_at: NaiveDateTime,
    ) -> Result<(), StoreError> {
        let hash = sha256_hex(token.as_bytes());
        self.write(|c| {
            // Expired sessions are cleared as new ones are made.
            diesel::delete(web_sessions::table.filter(web_sessions::expires_at.le(now)))
                .execute(c)?;
            diesel::insert_into(web_sessions::table)
                .values((
                    web_sessions::token_hash.eq(&hash),
                    web_sessions::user_id.eq(user_id),
                    web_sessions::csrf_token.eq(csrf_token),
                    web_sessions::created_at.eq(now),
                    web_sessions::expires_at.eq(expires_at),
                ))
                .execute(c)?;
            Ok(())
        })
    }

    /// The session of the cookie `token`, if it exists and has not expired.
    pub fn find_session(
        &mut self,
        token: &str,
        now: NaiveDateTime,
    ) -> Result<Option<Session>, StoreError> {
        let hash = sha256_hex(token.as_bytes());
        let row: Option<(String, NaiveDateTime, UserRow)> = web_sessions::table
            .inner_join(users::table.on(users::id.eq(web_sessions::user_id)))
            .filter(web_sessions::token_hash.eq(&hash))
            .filter(web_sessions::expires_at.gt(now))
            .filter(users::disabled_at.is_null())
            .select((
                web_sessions::csrf_token,
                web_sessions::expires_at,
                USER_COLUMNS,
            ))
            .first(self.connection())
            .optional()?;
        row.map(|(csrf_token, expires_at, user)| {
            Ok(Session {
                user: user_from_row(user)?,
                csrf_token,
                expires_at,
            })
        })
        .transpose()
    }

    /// Ends the session of the cookie `token` (log out).
    pub fn delete_session(&mut self, token: &str) -> Result<(), StoreError> {
        let hash = sha256_hex(token.as_bytes());
        self.write(|c| {
            diesel::delete(web_sessions::table.filter(web_sessions::token_hash.eq(&hash)))
                .execute(c)?;
            Ok(())
        })
    }

    /// Ends every session of a user (after a password change or reset).
    pub fn delete_user_sessions(&mut self, user_id: &str) -> Result<usize, StoreError> {
        self.write(|c| {
            Ok(
                diesel::delete(web_sessions::table.filter(web_sessions::user_id.eq(user_id)))
                    .execute(c)?,
            )
        })
    }

    /// Stores an API token for a user, valid until `expires_at`.
    pub fn create_api_token(
        &mut self,
        user_id: &str,
        token: &str,
        label: &str,
        now: NaiveDateTime,
        expires_at: NaiveDateTime,
    ) -> Result<(), StoreError> {
        let hash = sha256_hex(token.as_bytes());
        self.write(|c| {
            diesel::insert_into(api_tokens::table)
                .values((
                    api_tokens::token_hash.eq(&hash),
                    api_tokens::user_id.eq(user_id),
                    api_tokens::label.eq(label),
                    api_tokens::created_at.eq(now),
                    api_tokens::expires_at.eq(Some(expires_at)),
                ))
                .execute(c)?;
            crate::audit::append_for_user(
                c,
                user_id,
                "system",
                "api_token.create",
                user_id,
                &serde_json::json!({ "label": label, "expires_at": expires_at }).to_string(),
            )?;
            Ok(())
        })
    }

    /// The user an API token belongs to, if it exists and has not expired.
    pub fn find_api_token(
        &mut self,
        token: &str,
        now: NaiveDateTime,
    ) -> Result<Option<UserRecord>, StoreError> {
        let hash = sha256_hex(token.as_bytes());
        let row: Option<UserRow> = api_tokens::table
            .inner_join(users::table.on(users::id.eq(api_tokens::user_id)))
            .filter(api_tokens::token_hash.eq(&hash))
            .filter(api_tokens::expires_at.gt(now))
            .filter(users::disabled_at.is_null())
            .select(USER_COLUMNS)
            .first(self.connection())
            .optional()?;
        row.map(user_from_row).transpose()
    }

    /// A user's API tokens, newest first (never the tokens themselves).
    pub fn api_tokens(&mut self, user_id: &str) -> Result<Vec<ApiTokenInfo>, StoreError> {
        let rows: Vec<(String, String, NaiveDateTime, Option<NaiveDateTime>)> = api_tokens::table
            .filter(api_tokens::user_id.eq(user_id))
            .order(api_tokens::created_at.desc())
            .select((
                api_tokens::token_hash,
                api_tokens::label,
                api_tokens::created_at,
                api_tokens::expires_at,
            ))
            .load(self.connection())?;
        Ok(rows
            .into_iter()
            .map(|(hash, label, created_at, expires_at)| ApiTokenInfo {
                id: hash.chars().take(TOKEN_ID_LEN).collect(),
                label,
                created_at,
                expires_at: expires_at.unwrap_or(created_at),
            })
            .collect())
    }

    /// Revokes a user's API token by its id (the start of its digest, as listed); whether one
    /// was revoked. Audited.
    pub fn revoke_api_token(
        &mut self,
        user_id: &str,
        id: &str,
        actor: &str,
    ) -> Result<bool, StoreError> {
        if id.len() != TOKEN_ID_LEN || !id.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Ok(false);
        }
        let pattern = format!("{}%", id.to_ascii_lowercase());
        self.write(|c| {
            let n = diesel::delete(
                api_tokens::table
                    .filter(api_tokens::user_id.eq(user_id))
                    .filter(api_tokens::token_hash.like(&pattern)),
            )
            .execute(c)?;
            if n > 0 {
                crate::audit::append_for_user(
                    c,
                    user_id,
                    actor,
                    "api_token.revoke",
                    user_id,
                    &serde_json::json!({ "id": id }).to_string(),
                )?;
            }
            Ok(n > 0)
        })
    }

    /// Remembers a device the user logged in from (the cookie `token`) until `expires_at`.
    pub fn add_trusted_device(
        &mut self,
        user_id: &str,
        token: &str,
        now: NaiveDateTime,
        expires_at: NaiveDateTime,
    ) -> Result<(), StoreError> {
        let hash = sha256_hex(token.as_bytes());
        self.write(|c| {
            diesel::delete(trusted_devices::table.filter(trusted_devices::expires_at.le(now)))
                .execute(c)?;
            diesel::insert_into(trusted_devices::table)
                .values((
                    trusted_devices::token_hash.eq(&hash),
                    trusted_devices::user_id.eq(user_id),
                    trusted_devices::created_at.eq(now),
                    trusted_devices::expires_at.eq(expires_at),
                ))
                .execute(c)?;
            Ok(())
        })
    }

    /// The user whose device cookie `token` is, if it is known and current; with the digest
    /// that names the device's throttle bucket.
    pub fn trusted_device(
        &mut self,
        token: &str,
        now: NaiveDateTime,
    ) -> Result<Option<(String, String)>, StoreError> {
        let hash = sha256_hex(token.as_bytes());
        let user: Option<String> = trusted_devices::table
            .filter(trusted_devices::token_hash.eq(&hash))
            .filter(trusted_devices::expires_at.gt(now))
            .select(trusted_devices::user_id)
            .first(self.connection())
            .optional()?;
        Ok(user.map(|u| (u, hash)))
    }
}

/// How many hex digits of a token's digest name it in lists and revocations.
pub const TOKEN_ID_LEN: usize = 12;

/// An API token as listed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiTokenInfo {
    pub id: String,
    pub label: String,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
}

/// Everything that lets someone in as the user without their password — sessions, API
/// tokens, trusted devices — ends (inside the transaction that changes the password).
pub(crate) fn revoke_credentials(c: &mut DbConnection, user_id: &str) -> Result<(), StoreError> {
    diesel::delete(web_sessions::table.filter(web_sessions::user_id.eq(user_id))).execute(c)?;
    diesel::delete(api_tokens::table.filter(api_tokens::user_id.eq(user_id))).execute(c)?;
    diesel::delete(trusted_devices::table.filter(trusted_devices::user_id.eq(user_id)))
        .execute(c)?;
    Ok(())
}
