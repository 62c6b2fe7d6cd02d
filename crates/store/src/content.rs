//! How a meeting's content is stored (ADR 0013): its frame — everything but the paragraphs — as
//! JSON in `meetings.content`, each paragraph as JSON in a row of `meeting_paragraphs`, and in
//! `meetings.digest` a SHA-256 over the frame and every paragraph. A save writes the frame and
//! the paragraphs that changed; a load of a meeting this process has seen at the same digest
//! takes the decoded meeting from a bounded cache instead of decoding every paragraph.
//!
//! The cache is keyed by the digest, which names the content: an entry can never be stale,
//! whichever node or database wrote the meeting, so it needs no invalidation across nodes.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use diesel::prelude::*;
use justera_domain::meeting::Meeting;
use justera_domain::paragraph::Paragraph;
use sha2::{Digest, Sha256};

use crate::connection::DbConnection;
use crate::error::{StoreError, corrupt};
use crate::schema::meeting_paragraphs;
use crate::store::{from_json, to_json};

/// Each paragraph's stored JSON: its SHA-256 and its length.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StoredParagraph {
    pub digest: [u8; 32],
    pub len: usize,
}

/// The stored paragraphs of a meeting, in order.
pub type ParagraphDigests = Arc<Vec<StoredParagraph>>;

/// What the cache may hold, counted in bytes of stored JSON (decoded meetings take about as
/// much): 32 MiB keeps the meetings being edited and read on a busy day — a real 40-§
/// protocol is ≈ 150 KB — within the server's memory target.
const CACHE_BYTES: usize = 32 << 20;

/// The digest that names a meeting's content: SHA-256 over a version line, the frame's JSON's
/// SHA-256 and each paragraph's, in order.
fn digest_of(frame: &str, paragraphs: &[StoredParagraph]) -> String {
    let mut h = Sha256::new();
    h.update(b"justera-meeting-content/1\n");
    h.update(Sha256::digest(frame.as_bytes()));
    for p in paragraphs {
        h.update(p.digest);
    }
    hex::encode(h.finalize())
}

fn stored(json: &str) -> StoredParagraph {
    StoredParagraph {
        digest: Sha256::digest(json.as_bytes()).into(),
        len: json.len(),
    }
}

/// The frame's JSON: the meeting with an empty list of paragraphs.
fn frame_json(meeting: &Meeting) -> Result<String, StoreError> {
    to_json(&meeting.frame())
}

/// A meeting's content as stored.
pub struct Written {
    pub frame: String,
    pub digest: String,
    pub paragraphs: ParagraphDigests,
}

impl Written {
    /// The bytes of stored JSON: the frame and every paragraph.
    pub fn bytes(&self) -> usize {
        stored_bytes(&self.frame, &self.paragraphs)
    }
}

/// What a meeting weighs in the cache: the bytes of its stored JSON.
fn stored_bytes(frame: &str, paragraphs: &[StoredParagraph]) -> usize {
    frame.len() + paragraphs.iter().map(|p| p.len).sum::<usize>()
}

/// A new meeting's content: what its row holds, and each paragraph's JSON for
/// [`insert_paragraphs`] once the row exists.
pub fn encode_new(meeting: &Meeting) -> Result<(Written, Vec<String>), StoreError> {
    let jsons = meeting
        .paragraphs
        .iter()
        .map(to_json)
        .collect::<Result<Vec<_>, _>>()?;
    let digests = jsons.iter().map(|j| stored(j)).collect();
    Ok((finish(meeting, digests)?, jsons))
}

/// Inserts a new meeting's paragraphs, in order.
pub fn insert_paragraphs(
    c: &mut DbConnection,
    id: &str,
    jsons: &[String],
) -> Result<(), StoreError> {
    for (position, json) in jsons.iter().enumerate() {
        diesel::insert_into(meeting_paragraphs::table)
            .values((
                meeting_paragraphs::meeting_id.eq(id),
                meeting_paragraphs::position.eq(position_of(position)?),
                meeting_paragraphs::content.eq(json),
            ))
            .execute(c)?;
    }
    Ok(())
}

/// Writes the paragraphs of `meeting` that differ from `before` (whose stored digests are
/// `before_digests`) and removes those beyond its end; returns the frame and digest for the
/// meeting's row. The caller updates that row first, so a conflict changes nothing here.
pub fn write_change(
    c: &mut DbConnection,
    id: &str,
    before: &Meeting,
    before_digests: &[StoredParagraph],
    meeting: &Meeting,
) -> Result<Written, StoreError> {
    let mut digests = Vec::with_capacity(meeting.paragraphs.len());
    for (position, p) in meeting.paragraphs.iter().enumerate() {
        let old = before.paragraphs.get(position);
        if let (Some(old), Some(d)) = (old, before_digests.get(position))
            && old == p
        {
            digests.push(*d);
            continue;
        }
        let json = to_json(p)?;
        digests.push(stored(&json));
        let at = position_of(position)?;
        let updated = diesel::update(
            meeting_paragraphs::table
                .filter(meeting_paragraphs::meeting_id.eq(id))
                .filter(meeting_paragraphs::position.eq(at)),
        )
        .set(meeting_paragraphs::content.eq(&json))
        .execute(c)?;
        if updated == 0 {
            diesel::insert_into(meeting_paragraphs::table)
                .values((
                    meeting_paragraphs::meeting_id.eq(id),
                    meeting_paragraphs::position.eq(at),
                    meeting_paragraphs::content.eq(&json),
                ))
                .execute(c)?;
        }
    }
    if meeting.paragraphs.len() < before.paragraphs.len() {
        diesel::delete(
            meeting_paragraphs::table
                .filter(meeting_paragraphs::meeting_id.eq(id))
                .filter(meeting_paragraphs::position.ge(position_of(meeting.paragraphs.len())?)),
        )
        .execute(c)?;
    }
    finish(meeting, digests)
}

fn finish(meeting: &Meeting, digests: Vec<StoredParagraph>) -> Result<Written, StoreError> {
    let frame = frame_json(meeting)?;
    let digest = digest_of(&frame, &digests);
    Ok(Written {
        frame,
        digest,
        paragraphs: Arc::new(digests),
    })
}

fn position_of(index: usize) -> Result<i32, StoreError> {
    i32::try_from(index).map_err(corrupt)
}

/// A meeting as read: a copy to change, the meeting as stored (shared with the cache) and its
/// stored paragraphs.
pub struct Read {
    pub meeting: Meeting,
    pub original: Arc<Meeting>,
    pub paragraphs: ParagraphDigests,
}

/// Reads a meeting from its frame and its paragraph rows — or from the cache when this
/// process holds it at `digest`. A stored digest that the rows do not reproduce is reported
/// as corruption.
pub fn read(
    c: &mut DbConnection,
    id: &str,
    frame: &str,
    digest: Option<&str>,
) -> Result<Read, StoreError> {
    if let Some(d) = digest
        && let Some((original, paragraphs)) = cached(id, d)
    {
        return Ok(Read {
            meeting: (*original).clone(),
            original,
            paragraphs,
        });
    }
    let mut meeting: Meeting = from_json(frame)?;
    if !meeting.paragraphs.is_empty() {
        return Err(corrupt(format!(
            "sammanträdet {id} är lagrat i ett äldre format: paragraferna ligger inte i egna rader"
        )));
    }
    let rows: Vec<(i32, String)> = meeting_paragraphs::table
        .filter(meeting_paragraphs::meeting_id.eq(id))
        .order(meeting_paragraphs::position.asc())
        .select((meeting_paragraphs::position, meeting_paragraphs::content))
        .load(c)?;
    let mut digests = Vec::with_capacity(rows.len());
    meeting.paragraphs.reserve(rows.len());
    for (i, (position, json)) in rows.iter().enumerate() {
        if usize::try_from(*position).ok() != Some(i) {
            return Err(corrupt(format!("sammanträdet {id} saknar paragrafrad {i}")));
        }
        let p: Paragraph = from_json(json)?;
        digests.push(stored(json));
        meeting.paragraphs.push(p);
    }
    let digests = Arc::new(digests);
    let original = Arc::new(meeting.clone());
    if let Some(d) = digest {
        if digest_of(frame, &digests) != d {
            return Err(corrupt(format!(
                "sammanträdet {id} stämmer inte med sin kontrollsumma"
            )));
        }
        remember(
            id,
            d,
            original.clone(),
            digests.clone(),
            stored_bytes(frame, &digests),
        );
    }
    Ok(Read {
        meeting,
        original,
        paragraphs: digests,
    })
}

/// Keeps a meeting just written, at its new digest. Safe before the transaction commits: an
/// entry is only ever found by the digest of exactly this content.
pub fn remember_written(id: &str, written: &Written, meeting: Arc<Meeting>) {
    remember(
        id,
        &written.digest,
        meeting,
        written.paragraphs.clone(),
        written.bytes(),
    );
}

struct Entry {
    digest: String,
    meeting: Arc<Meeting>,
    paragraphs: ParagraphDigests,
    bytes: usize,
    used: u64,
}

#[derive(Default)]
struct Cache {
    entries: HashMap<String, Entry>,
    bytes: usize,
    clock: u64,
}

static CACHE: Mutex<Option<Cache>> = Mutex::new(None);

/// Empties this process's cache of decoded meetings (for tests that read what is stored).
pub fn forget_decoded_meetings() {
    let mut guard = CACHE.lock().unwrap_or_else(PoisonError::into_inner);
    *guard = None;
}

fn cached(id: &str, digest: &str) -> Option<(Arc<Meeting>, ParagraphDigests)> {
    let mut guard = CACHE.lock().unwrap_or_else(PoisonError::into_inner);
    let cache = guard.get_or_insert_with(Cache::default);
    cache.clock += 1;
    let clock = cache.clock;
    let entry = cache.entries.get_mut(id)?;
    if entry.digest != digest {
        return None;
    }
    entry.used = clock;
    Some((entry.meeting.clone(), entry.paragraphs.clone()))
}

fn remember(
    id: &str,
    digest: &str,
    meeting: Arc<Meeting>,
    paragraphs: ParagraphDigests,
    bytes: usize,
) {
    if bytes > CACHE_BYTES / 4 {
        return;
    }
    let mut guard = CACHE.lock().unwrap_or_else(PoisonError::into_inner);
    let cache = guard.get_or_insert_with(Cache::default);
    cache.clock += 1;
    let entry = Entry {
        digest: digest.to_owned(),
        meeting,
        paragraphs,
        bytes,
        used: cache.clock,
    };
    if let Some(old) = cache.entries.insert(id.to_owned(), entry) {
        cache.bytes -= old.bytes;
    }
    cache.bytes += bytes;
    while cache.bytes > CACHE_BYTES {
        let Some(oldest) = cache
            .entries
            .iter()
            .min_by_key(|(_, e)| e.used)
            .map(|(k, _)| k.clone())
        else {
            break;
        };
        if let Some(e) = cache.entries.remove(&oldest) {
            cache.bytes -= e.bytes;
        }
    }
}
