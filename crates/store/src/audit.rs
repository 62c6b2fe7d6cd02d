//! The append-only, hash-chained audit log. Each entry carries the hash of the one before it,
//! so a changed, removed or reordered entry breaks the chain and `verify_chain` says where.
//!
//! There is one chain per organization (its id names the chain), so organizations on a shared
//! PostgreSQL append in parallel: a writer locks only its own chain (a transaction-level
//! advisory lock). The chain named `""` is the installation's: entries written before the log
//! was split (their hashes are kept as they were) and changes that belong to no organization.

use chrono::{NaiveDateTime, Timelike, Utc};
use diesel::prelude::*;
use sha2::{Digest, Sha256};

use crate::connection::DbConnection;
use crate::error::StoreError;
use crate::schema::audit_log;

/// The previous hash of the first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The installation's own chain.
pub const INSTALLATION: &str = "";

/// The first key of the PostgreSQL advisory locks Justera takes (the second is the chain's
/// hash), so that they do not meet another application's locks on the same server.
const LOCK_CLASS: i32 = 0x4A55_5354; // "JUST"

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = audit_log)]
pub struct AuditEntry {
    pub chain: String,
    pub seq: i64,
    pub recorded_at: NaiveDateTime,
    pub actor: String,
    pub action: String,
    pub subject: String,
    pub payload: String,
    pub prev_hash: String,
    pub hash: String,
}

/// The hash of an entry over all its fields and the previous hash. The installation's chain
/// leaves its (empty) name out, so entries from before the split verify as they were written.
#[allow(clippy::too_many_arguments)]
pub fn entry_hash(
    chain: &str,
    seq: i64,
    recorded_at: NaiveDateTime,
    actor: &str,
    action: &str,
    subject: &str,
    payload: &str,
    prev_hash: &str,
) -> String {
    let mut h = Sha256::new();
    if !chain.is_empty() {
        h.update((chain.len() as u64).to_be_bytes());
        h.update(chain.as_bytes());
    }
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

/// Appends an entry to the chain of the organization the user account `user_id` belongs to.
pub fn append_for_user(
    conn: &mut DbConnection,
    user_id: &str,
    actor: &str,
    action: &str,
    subject: &str,
    payload: &str,
) -> Result<AuditEntry, StoreError> {
    let chain = chain_of_user(conn, user_id)?;
    append(conn, &chain, actor, action, subject, payload)
}

/// Orders the writers of one chain until the transaction ends. On PostgreSQL a
/// transaction-level advisory lock on the chain (taken again by the same transaction, it is
/// simply held twice); on SQLite the write transaction already holds the database's one write
/// lock.
pub fn lock_chain(conn: &mut DbConnection, chain: &str) -> Result<(), StoreError> {
    if let DbConnection::Postgres(pg) = conn {
        diesel::sql_query("SELECT pg_advisory_xact_lock($1, hashtext($2))")
            .bind::<diesel::sql_types::Integer, _>(LOCK_CLASS)
            .bind::<diesel::sql_types::Text, _>(chain)
            .execute(pg)?;
    }
    Ok(())
}

/// The chain of the organization a user account belongs to (the installation's for an
/// unknown id).
pub fn chain_of_user(conn: &mut DbConnection, user_id: &str) -> Result<String, StoreError> {
    use crate::schema::users;
    Ok(users::table
        .filter(users::id.eq(user_id))
        .select(users::organization_id)
        .first(conn)
        .optional()?
        .unwrap_or_default())
}

/// Appends an entry to `chain`. Must run inside a write transaction; the chain is locked first
/// so that its entries are appended one at a time.
pub fn append(
    conn: &mut DbConnection,
    chain: &str,
    actor: &str,
    action: &str,
    subject: &str,
    payload: &str,
) -> Result<AuditEntry, StoreError> {
    lock_chain(conn, chain)?;
    append_held(conn, chain, actor, action, subject, payload)
}

/// [`append`] for a caller that holds the chain's lock already (see `lock_chain`).
pub(crate) fn append_held(
    conn: &mut DbConnection,
    chain: &str,
    actor: &str,
    action: &str,
    subject: &str,
    payload: &str,
) -> Result<AuditEntry, StoreError> {
    let last: Option<(i64, String)> = audit_log::table
        .filter(audit_log::chain.eq(chain))
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
        chain,
        seq,
        recorded_at,
        actor,
        action,
        subject,
        payload,
        &prev_hash,
    );
    let entry = AuditEntry {
        chain: chain.to_owned(),
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

/// All entries, chain by chain (the installation's first), each chain in order.
pub fn entries(conn: &mut DbConnection) -> Result<Vec<AuditEntry>, StoreError> {
    Ok(audit_log::table
        .select(AuditEntry::as_select())
        .order((audit_log::chain.asc(), audit_log::seq.asc()))
        .load(conn)?)
}

/// The entries of one chain in order.
pub fn chain_entries(conn: &mut DbConnection, chain: &str) -> Result<Vec<AuditEntry>, StoreError> {
    Ok(audit_log::table
        .filter(audit_log::chain.eq(chain))
        .select(AuditEntry::as_select())
        .order(audit_log::seq.asc())
        .load(conn)?)
}

/// Verifies every chain; returns the number of entries.
pub fn verify_chain(conn: &mut DbConnection) -> Result<usize, StoreError> {
    let chains: Vec<String> = audit_log::table
        .select(audit_log::chain)
        .distinct()
        .order(audit_log::chain.asc())
        .load(conn)?;
    let mut total = 0;
    for chain in chains {
        total += verify_one(conn, &chain)?;
    }
    Ok(total)
}

/// Verifies one organization's chain (or the installation's, `""`); returns its length.
pub fn verify_one(conn: &mut DbConnection, chain: &str) -> Result<usize, StoreError> {
    let all = chain_entries(conn, chain)?;
    verify_entries(&all)?;
    Ok(all.len())
}

/// Verifies a sequence of entries of one chain read from the log.
pub fn verify_entries(all: &[AuditEntry]) -> Result<(), StoreError> {
    let mut prev = GENESIS.to_owned();
    for (i, e) in all.iter().enumerate() {
        let expected_seq = i64::try_from(i).unwrap_or(i64::MAX) + 1;
        if e.seq != expected_seq {
            return Err(StoreError::AuditChainBroken {
                chain: e.chain.clone(),
                seq: e.seq,
                reason: format!("post {expected_seq} saknas"),
            });
        }
        if e.prev_hash != prev {
            return Err(StoreError::AuditChainBroken {
                chain: e.chain.clone(),
                seq: e.seq,
                reason: "föregående posts kontrollsumma stämmer inte".into(),
            });
        }
        let computed = entry_hash(
            &e.chain,
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
                chain: e.chain.clone(),
                seq: e.seq,
                reason: "postens innehåll har ändrats".into(),
            });
        }
        prev = e.hash.clone();
    }
    Ok(())
}
