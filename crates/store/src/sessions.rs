//! Web sessions and API tokens. Only SHA-256 digests of the random tokens are stored, so the
//! database cannot be used to take over a session. A session is valid until it expires or is
//! deleted (log out; deleting all of a user's sessions logs them out everywhere).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::accounts::{USER_COLUMNS, UserRecord, UserRow, user_from_row};
use crate::documents::sha256_hex;
use crate::error::StoreError;
use crate::schema::{api_tokens, users, web_sessions};
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

    /// Stores an API token for a user.
    pub fn create_api_token(
        &mut self,
        user_id: &str,
        token: &str,
        label: &str,
        now: NaiveDateTime,
    ) -> Result<(), StoreError> {
        let hash = sha256_hex(token.as_bytes());
        self.write(|c| {
            diesel::insert_into(api_tokens::table)
                .values((
                    api_tokens::token_hash.eq(&hash),
                    api_tokens::user_id.eq(user_id),
                    api_tokens::label.eq(label),
                    api_tokens::created_at.eq(now),
                ))
                .execute(c)?;
            crate::audit::append(
                c,
                "system",
                "api_token.create",
                user_id,
                &serde_json::json!({ "label": label }).to_string(),
            )?;
            Ok(())
        })
    }

    /// The user an API token belongs to.
    pub fn find_api_token(&mut self, token: &str) -> Result<Option<UserRecord>, StoreError> {
        let hash = sha256_hex(token.as_bytes());
        let row: Option<UserRow> = api_tokens::table
            .inner_join(users::table.on(users::id.eq(api_tokens::user_id)))
            .filter(api_tokens::token_hash.eq(&hash))
            .select(USER_COLUMNS)
            .first(self.connection())
            .optional()?;
        row.map(user_from_row).transpose()
    }
}
