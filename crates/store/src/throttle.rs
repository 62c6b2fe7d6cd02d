//! The throttle's memory: failed attempts per bucket ("user:ORG:NAME", "device:HASH",
//! "addr:IP", "sign:USER", "totp:USER"). An attempt is reserved — written as a failure —
//! before the password is hashed, in the same transaction that checks the buckets, so
//! concurrent guesses cannot all pass the check; a successful attempt takes its reservation
//! back.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use justera_domain::throttle::ThrottlePolicy;

use crate::error::StoreError;
use crate::schema::login_failures;
use crate::store::Store;

/// The longest bucket key stored (the service builds keys from bounded parts; this refuses
/// anything else rather than store it).
pub const MAX_KEY: usize = 200;

/// A reserved attempt, to be released if it succeeds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reservation(String);

impl Store {
    /// Checks every bucket and, if none makes the attempt wait, records it in all of them at
    /// once. `Err(until)` when a bucket says wait (nothing is recorded then).
    pub fn reserve_attempt(
        &mut self,
        buckets: &[(&str, ThrottlePolicy)],
        now: NaiveDateTime,
    ) -> Result<Result<Reservation, NaiveDateTime>, StoreError> {
        if let Some((key, _)) = buckets.iter().find(|(k, _)| k.len() > MAX_KEY) {
            return Err(StoreError::Unsupported(format!(
                "spärrnyckeln är för lång ({} byte)",
                key.len()
            )));
        }
        let attempt = uuid::Uuid::new_v4().to_string();
        self.write(|c| {
            let mut wait: Option<NaiveDateTime> = None;
            for (key, policy) in buckets {
                let failures: Vec<NaiveDateTime> = login_failures::table
                    .filter(login_failures::throttle_key.eq(key))
                    .filter(login_failures::failed_at.gt(policy.horizon(now)))
                    .select(login_failures::failed_at)
                    .load(c)?;
                if let Some(until) = policy.next_allowed(&failures, now) {
                    wait = Some(wait.map_or(until, |w| w.max(until)));
                }
            }
            if let Some(until) = wait {
                return Ok(Err(until));
            }
            for (i, (key, _)) in buckets.iter().enumerate() {
                diesel::insert_into(login_failures::table)
                    .values((
                        login_failures::id.eq(format!("{attempt}:{i}")),
                        login_failures::throttle_key.eq(key),
                        login_failures::failed_at.eq(now),
                    ))
                    .execute(c)?;
            }
            Ok(Ok(Reservation(attempt.clone())))
        })
    }

    /// Takes back a reservation (the attempt succeeded), optionally forgetting every failure
    /// in `clear` as well (a device's bucket after a successful login from it).
    pub fn release_attempt(
        &mut self,
        reservation: &Reservation,
        clear: &[&str],
    ) -> Result<(), StoreError> {
        let pattern = format!("{}:%", reservation.0);
        self.write(|c| {
            diesel::delete(login_failures::table.filter(login_failures::id.like(&pattern)))
                .execute(c)?;
            for key in clear {
                diesel::delete(login_failures::table.filter(login_failures::throttle_key.eq(key)))
                    .execute(c)?;
            }
            Ok(())
        })
    }

    /// Failed attempts under a key since `since` (for the tests and the operator).
    pub fn login_failures_since(
        &mut self,
        key: &str,
        since: NaiveDateTime,
    ) -> Result<Vec<NaiveDateTime>, StoreError> {
        Ok(login_failures::table
            .filter(login_failures::throttle_key.eq(key))
            .filter(login_failures::failed_at.gt(since))
            .select(login_failures::failed_at)
            .order(login_failures::failed_at.asc())
            .load(self.connection())?)
    }

    /// Forgets failures older than `before` (kept small by every successful login).
    pub fn prune_login_failures(&mut self, before: NaiveDateTime) -> Result<usize, StoreError> {
        self.write(|c| {
            Ok(
                diesel::delete(login_failures::table.filter(login_failures::failed_at.le(before)))
                    .execute(c)?,
            )
        })
    }
}
