//! Stored documents: every version of a meeting's PDF, looked up by meeting or by hash.

use diesel::prelude::*;
use sha2::{Digest, Sha256};

use crate::DbConnection;
use crate::audit;
use crate::error::StoreError;
use crate::schema::documents;
use crate::store::Store;

/// Kinds of stored document.
pub const UNSIGNED_MINUTES: &str = "minutes";
/// The minutes with every signature collected so far (the last one is the signed original).
pub const SIGNED_MINUTES: &str = "minutes-signed";

/// A stored document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredDocument {
    pub id: String,
    pub meeting_id: String,
    pub kind: String,
    pub sha256: String,
    pub content: Vec<u8>,
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// Inserts a document inside a write transaction; returns its id.
pub fn insert_document(
    c: &mut DbConnection,
    meeting_id: &str,
    kind: &str,
    content: &[u8],
) -> Result<StoredDocument, StoreError> {
    let id = uuid::Uuid::new_v4().to_string();
    let sha = sha256_hex(content);
    diesel::insert_into(documents::table)
        .values((
            documents::id.eq(&id),
            documents::meeting_id.eq(meeting_id),
            documents::kind.eq(kind),
            documents::sha256.eq(&sha),
            documents::content.eq(content),
            documents::created_at.eq(audit::now()),
        ))
        .execute(c)?;
    Ok(StoredDocument {
        id,
        meeting_id: meeting_id.to_owned(),
        kind: kind.to_owned(),
        sha256: sha,
        content: content.to_vec(),
    })
}

/// Marks a meeting's current documents discarded (rejection or withdrawal of an adjustment).
pub fn discard_documents(c: &mut DbConnection, meeting_id: &str) -> Result<usize, StoreError> {
    Ok(diesel::update(
        documents::table
            .filter(documents::meeting_id.eq(meeting_id))
            .filter(documents::discarded_at.is_null()),
    )
    .set(documents::discarded_at.eq(Some(audit::now())))
    .execute(c)?)
}

type Row = (String, String, String, String, Vec<u8>);

const COLUMNS: (
    documents::id,
    documents::meeting_id,
    documents::kind,
    documents::sha256,
    documents::content,
) = (
    documents::id,
    documents::meeting_id,
    documents::kind,
    documents::sha256,
    documents::content,
);

fn from_row((id, meeting_id, kind, sha256, content): Row) -> StoredDocument {
    StoredDocument {
        id,
        meeting_id,
        kind,
        sha256,
        content,
    }
}

/// The newest live document of a kind for a meeting.
pub fn latest_document(
    c: &mut DbConnection,
    meeting_id: &str,
    kind: &str,
) -> Result<Option<StoredDocument>, StoreError> {
    let row: Option<Row> = documents::table
        .filter(documents::meeting_id.eq(meeting_id))
        .filter(documents::kind.eq(kind))
        .filter(documents::discarded_at.is_null())
        .select(COLUMNS)
        .order(documents::created_at.desc())
        .first(c)
        .optional()?;
    Ok(row.map(from_row))
}

impl Store {
    pub fn latest_document(
        &mut self,
        meeting_id: &str,
        kind: &str,
    ) -> Result<Option<StoredDocument>, StoreError> {
        latest_document(&mut self.conn, meeting_id, kind)
    }

    /// A live document with this SHA-256 (the public's "is this the registered protocol?").
    pub fn find_document_by_hash(
        &mut self,
        sha256: &str,
    ) -> Result<Option<StoredDocument>, StoreError> {
        let row: Option<Row> = documents::table
            .filter(documents::sha256.eq(sha256.to_ascii_lowercase()))
            .filter(documents::discarded_at.is_null())
            .select(COLUMNS)
            .first(&mut self.conn)
            .optional()?;
        Ok(row.map(from_row))
    }
}
