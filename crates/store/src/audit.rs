//! The append-only, hash-chained audit log. Each entry carries the hash of the one before it,
//! so a changed, removed or reordered entry breaks the chain and `verify_chain` says where.

use chrono::{NaiveDateTime, Timelike, Utc};
use diesel::prelude::*;
use sha2::{Digest, Sha256};

use crate::connection::DbConnection;
use crate::error::StoreError;
use crate::schema::audit_log;

/// The previous hash of the first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = audit_log)]
pub struct AuditEntry {
    pub seq: i64,
    pub recorded_at: NaiveDateTime,
    pub actor: String,
    pub action: String,
    pub subject: String,
    pub payload: String,
    pub prev_hash: String,
    pub hash: String,
}

/// The hash of an entry over all its fields and the previous hash.
pub fn entry_hash(
    seq: i64,
    recorded_at: NaiveDateTime,
    actor: &str,
    action: &str,
    subject: &str,
    payload: &str,
    prev_hash: &str,
) -> String {
    let mut h = Sha256::new();
    for part in [
        seq.to_string().as_str(),
        recorded_at
            .format("%Y-%m-%dT%H:%M:%S%.6f")
            .to_string()
            .as_str(),
        actor,
        action,
        subject,
        payload,
        prev_hash,
    ] {
        h.update((part.len() as u64).to_be_bytes());
        h.update(part.as_bytes());
    }
    hex::encode(h.finalize())
}

/// Now, truncated to the microseconds both databases keep.
pub fn now() -> NaiveDateTime {
    let now = Utc::now().naive_utc();
    now.with_nanosecond(now.nanosecond() / 1000 * 1000)
        .unwrap_or(now)
}

/// Appends an entry. Must run inside a write transaction (after the write lock is taken), so
/// that entries are appended one at a time.
pub fn append(
    conn: &mut DbConnection,
    actor: &str,
    action: &str,
    subject: &str,
    payload: &str,
) -> Result<AuditEntry, StoreError> {
    let last: Option<(i64, String)> = audit_log::table
        .select((audit_log::seq, audit_log::hash))
        .order(audit_log::seq.desc())
        .first(conn)
        .optional()?;
    let (seq, prev_hash) = match last {
        Some((seq, hash)) => (seq + 1, hash),
        None => (1, GENESIS.to_owned()),
    };
    let recorded_at = now();
    let hash = entry_hash(
        seq,
        recorded_at,
        actor,
        action,
        subject,
        payload,
        &prev_hash,
    );
    let entry = AuditEntry {
        seq,
        recorded_at,
        actor: actor.to_owned(),
        action: action.to_owned(),
        subject: subject.to_owned(),
        payload: payload.to_owned(),
        prev_hash,
        hash,
    };
    diesel::insert_into(audit_log::table)
        .values(&entry)
        .execute(conn)?;
    Ok(entry)
}

/// All entries in order.
pub fn entries(conn: &mut DbConnection) -> Result<Vec<AuditEntry>, StoreError> {
    Ok(audit_log::table
        .select(AuditEntry::as_select())
        .order(audit_log::seq.asc())
        .load(conn)?)
}

/// Verifies the whole chain; returns the number of entries.
pub fn verify_chain(conn: &mut DbConnection) -> Result<usize, StoreError> {
    let all = entries(conn)?;
    verify_entries(&all)?;
    Ok(all.len())
}

/// Verifies a sequence of entries read from the log.
pub fn verify_entries(all: &[AuditEntry]) -> Result<(), StoreError> {
    let mut prev = GENESIS.to_owned();
    for (i, e) in all.iter().enumerate() {
        let expected_seq = i64::try_from(i).unwrap_or(i64::MAX) + 1;
        if e.seq != expected_seq {
            return Err(StoreError::AuditChainBroken {
                seq: e.seq,
                reason: format!("post {expected_seq} saknas"),
            });
        }
        if e.prev_hash != prev {
            return Err(StoreError::AuditChainBroken {
                seq: e.seq,
                reason: "föregående posts kontrollsumma stämmer inte".into(),
            });
        }
        let computed = entry_hash(
            e.seq,
            e.recorded_at,
            &e.actor,
            &e.action,
            &e.subject,
            &e.payload,
            &e.prev_hash,
        );
        if computed != e.hash {
            return Err(StoreError::AuditChainBroken {
                seq: e.seq,
                reason: "postens innehåll har ändrats".into(),
            });
        }
        prev = e.hash.clone();
    }
    Ok(())
}
