//! The repository: whole meetings loaded and saved in one transaction, with the paragraph series
//! checked, optimistic concurrency on drafts, and an audit entry for every change.

use chrono::{Datelike, NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use justera_domain::document::{FORMAT, MeetingDocument};
use justera_domain::ids::MeetingId;
use justera_domain::meeting::{Meeting, MeetingStatus};
use justera_domain::numbering;
use justera_domain::organization::{Body, Mandate, Organization, Person};
use serde::Serialize;

use crate::audit::{self, AuditEntry};
use crate::connection::{DatabaseUrl, DbConnection, OpenMode, establish};
use crate::content;
use crate::error::{StoreError, corrupt};
use crate::schema::{
    bodies, mandates, meetings, organizations, paragraph_numbers, persons, write_lock,
};
use std::sync::Arc;

/// A meeting as listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MeetingSummary {
    pub id: String,
    pub body_id: String,
    pub body: String,
    pub body_short_name: String,
    pub date: NaiveDate,
    pub status: MeetingStatus,
    pub revision: i64,
}

/// A meeting with the revision it was read at (for optimistic concurrency).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredMeeting {
    pub document: MeetingDocument,
    pub revision: i64,
    /// The stored paragraphs as read, so a save writes only those that changed.
    pub(crate) paragraphs: crate::content::ParagraphDigests,
    /// The meeting as read (shared with the cache of decoded meetings): what a save compares
    /// with, so a caller may change `document.meeting` in place.
    pub(crate) original: Arc<Meeting>,
}

impl StoredMeeting {
    /// The meeting as it was read, whatever has been done to `document.meeting` since.
    pub fn as_read(&self) -> &Meeting {
        &self.original
    }
}

#[derive(Queryable)]
struct MeetingRow {
    id: String,
    body_id: String,
    meeting_date: String,
    #[allow(dead_code)]
    year: i32,
    status: String,
    revision: i64,
    content: String,
    #[allow(dead_code)]
    updated_at: NaiveDateTime,
    digest: Option<String>,
}

/// The data store.
pub struct Store {
    pub(crate) conn: DbConnection,
    url: DatabaseUrl,
}

pub(crate) fn to_json<T: Serialize>(value: &T) -> Result<String, StoreError> {
    serde_json::to_string(value).map_err(corrupt)
}

pub(crate) fn from_json<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, StoreError> {
    serde_json::from_str(text).map_err(corrupt)
}

fn parse_date(s: &str) -> Result<NaiveDate, StoreError> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(corrupt)
}

impl Store {
    /// Opens the database named by `url`, creating it only in [`OpenMode::Create`], and applies
    /// pending migrations.
    pub fn open(url: &str, mode: OpenMode) -> Result<Self, StoreError> {
        let url = DatabaseUrl::parse(url)?;
        let conn = establish(&url, mode)?;
        Ok(Self { conn, url })
    }

    pub fn url(&self) -> &DatabaseUrl {
        &self.url
    }

    pub fn backend(&self) -> &'static str {
        match self.conn {
            DbConnection::Sqlite(_) => "sqlite",
            DbConnection::Postgres(_) => "postgres",
        }
    }

    /// Readiness: the database answers and every embedded migration is applied.
    pub fn ready(&mut self) -> Result<(), StoreError> {
        if crate::connection::has_pending_migrations(&mut self.conn)? {
            return Err(StoreError::Migration(
                "databasen saknar migreringar som den här versionen behöver".into(),
            ));
        }
        Ok(())
    }

    pub fn connection(&mut self) -> &mut DbConnection {
        &mut self.conn
    }

    /// Runs `f` in a write transaction of the installation (accounts, sessions, anything not
    /// of one organization's meetings). The write lock row is updated first: on SQLite that
    /// takes the database write lock at once (waiting on a busy writer rather than failing on
    /// upgrade), on PostgreSQL it orders the installation's writers.
    pub fn write<T>(
        &mut self,
        f: impl FnOnce(&mut DbConnection) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        self.conn.transaction(|c| {
            take_write_lock(c)?;
            f(c)
        })
    }

    /// Runs `f` in a write transaction of one organization: on PostgreSQL the writers of that
    /// organization are ordered by a lock on its audit chain and other organizations write in
    /// parallel (ADR 0011); SQLite has one writer and takes its write lock at once, as in
    /// [`Store::write`]. A transaction of an organization never takes the installation's lock,
    /// so the two cannot wait on each other in a circle.
    pub fn write_in<T>(
        &mut self,
        organization: &str,
        f: impl FnOnce(&mut DbConnection) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        self.conn.transaction(|c| {
            lock_organization(c, organization)?;
            f(c)
        })
    }

    /// Imports a complete meeting: validates it, checks the body's paragraph series, and writes
    /// the organization, body, persons, mandates and meeting in one transaction.
    pub fn import_meeting(
        &mut self,
        doc: &MeetingDocument,
        actor: &str,
    ) -> Result<MeetingSummary, StoreError> {
        doc.validate()?;
        let org = doc.organization.id.to_string();
        self.write_in(&org, |c| {
            let id = doc.meeting.id.to_string();
            let exists: i64 = meetings::table
                .filter(meetings::id.eq(&id))
                .count()
                .get_result(c)?;
            if exists > 0 {
                return Err(StoreError::AlreadyExists {
                    what: format!("sammanträdet {id}"),
                });
            }
            put_organization(c, &doc.organization)?;
            put_body(c, &doc.body)?;
            for p in &doc.persons {
                put_person(c, doc, p)?;
            }
            for m in &doc.mandates {
                put_mandate(c, m)?;
            }
            let digest = insert_meeting(c, &id, &doc.meeting)?;
            write_numbers(c, &doc.body, &doc.meeting)?;
            crate::notices::sync_notices(c, doc)?;
            audit::append(
                c,
                &org,
                actor,
                "meeting.import",
                &id,
                &to_json(&serde_json::json!({ "revision": 1, "sha256": digest }))?,
            )?;
            Ok(MeetingSummary {
                id,
                body_id: doc.body.id.to_string(),
                body: doc.body.name.clone(),
                body_short_name: doc.body.short_name.clone(),
                date: doc.meeting.date,
                status: doc.meeting.status,
                revision: 1,
            })
        })
    }

    /// Loads a whole meeting with everything it refers to.
    pub fn load_meeting(&mut self, id: MeetingId) -> Result<StoredMeeting, StoreError> {
        self.conn.transaction(|c| load(c, id))
    }

    /// Saves a changed meeting if nobody has saved it since `expected_revision`; returns the new
    /// revision. The change is validated by the domain first; a stale write is refused with
    /// [`StoreError::Conflict`] and changes nothing.
    pub fn save_meeting(
        &mut self,
        meeting: &Meeting,
        expected_revision: i64,
        actor: &str,
        action: &str,
    ) -> Result<i64, StoreError> {
        let org = self.organization_of_body(&meeting.body_id.to_string())?;
        self.write_in(&org, |c| {
            save_meeting_tx(c, meeting, expected_revision, actor, action)
        })
    }

    /// The document a new meeting of `body` would have: the organization, the body and the
    /// mandates valid on `date` (the meeting itself is left for the caller to fill in).
    pub fn body_document(
        &mut self,
        body: justera_domain::ids::BodyId,
        meeting: Meeting,
    ) -> Result<MeetingDocument, StoreError> {
        let body_id = body.to_string();
        let exists: i64 = bodies::table
            .filter(bodies::id.eq(&body_id))
            .count()
            .get_result(&mut self.conn)?;
        if exists == 0 {
            return Err(StoreError::NotFound {
                what: "organet".into(),
            });
        }
        document_for(&mut self.conn, &body_id, meeting)
    }

    /// Creates a new meeting of an existing body: validated, numbered into the body's series,
    /// audited, in one transaction.
    pub fn create_meeting(
        &mut self,
        meeting: &Meeting,
        actor: &str,
    ) -> Result<MeetingSummary, StoreError> {
        let doc = self.body_document(meeting.body_id, meeting.clone())?;
        doc.validate()?;
        let org = doc.organization.id.to_string();
        self.write_in(&org, |c| {
            let id = meeting.id.to_string();
            let digest = insert_meeting(c, &id, meeting)?;
            write_numbers(c, &doc.body, meeting)?;
            audit::append(
                c,
                &org,
                actor,
                "meeting.create",
                &id,
                &to_json(&serde_json::json!({ "revision": 1, "sha256": digest }))?,
            )?;
            Ok(MeetingSummary {
                id,
                body_id: doc.body.id.to_string(),
                body: doc.body.name.clone(),
                body_short_name: doc.body.short_name.clone(),
                date: meeting.date,
                status: meeting.status,
                revision: 1,
            })
        })
    }

    /// The number the next paragraph of `meeting` gets: after its own last paragraph, or, for
    /// its first, after the last paragraph of the body's earlier meetings that year (or the
    /// series start).
    pub fn next_paragraph_number(&mut self, doc: &MeetingDocument) -> Result<u32, StoreError> {
        if let Some(last) = doc.meeting.paragraphs.last() {
            return Ok(last.number + 1);
        }
        self.series_continues_at(doc)
    }

    /// The number the meeting's first paragraph has in the series: after the last (final)
    /// number of the body's earlier meetings that year, or the series start. Meetings not yet
    /// opened hold no final numbers.
    pub fn series_continues_at(&mut self, doc: &MeetingDocument) -> Result<u32, StoreError> {
        series_continues_at_tx(&mut self.conn, doc)
    }

    /// The organization and body of a meeting, without reading the meeting itself.
    pub fn meeting_owner(
        &mut self,
        id: MeetingId,
    ) -> Result<
        (
            justera_domain::ids::OrganizationId,
            justera_domain::ids::BodyId,
        ),
        StoreError,
    > {
        let row: Option<(String, String)> = meetings::table
            .inner_join(bodies::table)
            .filter(meetings::id.eq(id.to_string()))
            .select((bodies::organization_id, bodies::id))
            .first(&mut self.conn)
            .optional()?;
        let (org, body) = row.ok_or_else(|| StoreError::NotFound {
            what: "sammanträdet".into(),
        })?;
        Ok((
            org.parse().map_err(corrupt)?,
            body.parse().map_err(corrupt)?,
        ))
    }

    /// The body's latest meeting before `date` (where the secretary copies attendance from).
    pub fn previous_meeting_of_body(
        &mut self,
        body: justera_domain::ids::BodyId,
        date: NaiveDate,
    ) -> Result<Option<MeetingId>, StoreError> {
        let id: Option<String> = meetings::table
            .filter(meetings::body_id.eq(body.to_string()))
            .filter(meetings::meeting_date.lt(date.format("%Y-%m-%d").to_string()))
            .order((meetings::meeting_date.desc(), meetings::id.desc()))
            .select(meetings::id)
            .first(&mut self.conn)
            .optional()?;
        id.map(|i| i.parse().map_err(corrupt)).transpose()
    }

    /// All meetings, newest first.
    pub fn list_meetings(&mut self) -> Result<Vec<MeetingSummary>, StoreError> {
        self.meetings_where(None)
    }

    /// Planned meetings on or after `from` (the board's upcoming meetings), by an indexed
    /// query rather than by reading every meeting.
    pub fn planned_meetings(&mut self, from: NaiveDate) -> Result<Vec<MeetingSummary>, StoreError> {
        self.meetings_where(Some(from))
    }

    fn meetings_where(
        &mut self,
        planned_from: Option<NaiveDate>,
    ) -> Result<Vec<MeetingSummary>, StoreError> {
        let mut query = meetings::table.inner_join(bodies::table).into_boxed();
        if let Some(from) = planned_from {
            query = query
                .filter(meetings::status.eq(MeetingStatus::Planned.as_str()))
                .filter(meetings::meeting_date.ge(from.format("%Y-%m-%d").to_string()));
        }
        let rows: Vec<(String, String, String, String, String, i64, String)> = query
            .select((
                meetings::id,
                meetings::body_id,
                meetings::meeting_date,
                meetings::status,
                bodies::data,
                meetings::revision,
                bodies::short_name,
            ))
            .order((meetings::meeting_date.desc(), meetings::id.asc()))
            .load(&mut self.conn)?;
        rows.into_iter()
            .map(|(id, body_id, date, status, body, revision, short)| {
                let body: Body = from_json(&body)?;
                Ok(MeetingSummary {
                    id,
                    body_id,
                    body: body.name,
                    body_short_name: short,
                    date: parse_date(&date)?,
                    status: MeetingStatus::parse(&status)
                        .ok_or_else(|| corrupt(format!("okänd status {status}")))?,
                    revision,
                })
            })
            .collect()
    }

    /// Resolves a full id or an unambiguous prefix of at least 4 characters.
    pub fn resolve_meeting_id(&mut self, text: &str) -> Result<MeetingId, StoreError> {
        let text = text.trim().to_ascii_lowercase();
        if let Ok(id) = text.parse::<MeetingId>() {
            return Ok(id);
        }
        let not_found = || StoreError::NotFound {
            what: format!("sammanträdet \"{text}\""),
        };
        if text.len() < 4 || !text.chars().all(|c| c.is_ascii_hexdigit() || c == '-') {
            return Err(not_found());
        }
        let ids: Vec<String> = meetings::table
            .select(meetings::id)
            .filter(meetings::id.like(format!("{text}%")))
            .limit(2)
            .load(&mut self.conn)?;
        match ids.as_slice() {
            [one] => one.parse().map_err(corrupt),
            [] => Err(not_found()),
            _ => Err(StoreError::NotFound {
                what: format!("ett entydigt sammanträde för \"{text}\" (ange fler tecken)"),
            }),
        }
    }

    pub fn audit_entries(&mut self) -> Result<Vec<AuditEntry>, StoreError> {
        audit::entries(&mut self.conn)
    }

    pub fn verify_audit_chain(&mut self) -> Result<usize, StoreError> {
        audit::verify_chain(&mut self.conn)
    }

    /// Verifies one organization's audit chain; returns its length.
    pub fn verify_audit_chain_of(&mut self, organization: &str) -> Result<usize, StoreError> {
        audit::verify_one(&mut self.conn, organization)
    }

    /// The organization a body belongs to.
    pub fn organization_of_body(&mut self, body: &str) -> Result<String, StoreError> {
        organization_of_body(&mut self.conn, body)
    }
}

/// [`Store::series_continues_at`] inside a transaction the caller holds.
pub fn series_continues_at_tx(
    c: &mut DbConnection,
    doc: &MeetingDocument,
) -> Result<u32, StoreError> {
    if doc.body.numbers_per_meeting() {
        return Ok(1);
    }
    let year = doc.meeting.year();
    let earlier: Option<i32> = paragraph_numbers::table
        .inner_join(meetings::table.on(meetings::id.eq(paragraph_numbers::meeting_id)))
        .filter(paragraph_numbers::body_id.eq(doc.body.id.to_string()))
        .filter(paragraph_numbers::year.eq(year))
        .filter(meetings::meeting_date.le(doc.meeting.date.format("%Y-%m-%d").to_string()))
        .filter(meetings::id.ne(doc.meeting.id.to_string()))
        .select(diesel::dsl::max(paragraph_numbers::number))
        .first(c)?;
    match earlier {
        Some(n) => Ok(u32::try_from(n).map_err(corrupt)? + 1),
        None => Ok(doc.body.series_start(year)),
    }
}

fn take_write_lock(c: &mut DbConnection) -> Result<(), StoreError> {
    diesel::update(write_lock::table.find(1))
        .set(write_lock::counter.eq(write_lock::counter + 1))
        .execute(c)?;
    Ok(())
}

/// The write lock of one organization (see [`Store::write_in`]).
pub fn lock_organization(c: &mut DbConnection, organization: &str) -> Result<(), StoreError> {
    match c {
        DbConnection::Sqlite(_) => take_write_lock(c),
        DbConnection::Postgres(_) => audit::lock_chain(c, organization),
    }
}

fn organization_of_body(c: &mut DbConnection, body: &str) -> Result<String, StoreError> {
    bodies::table
        .filter(bodies::id.eq(body))
        .select(bodies::organization_id)
        .first(c)
        .optional()?
        .ok_or_else(|| StoreError::NotFound {
            what: "organet".into(),
        })
}

/// Saves a changed meeting inside a write transaction (see [`Store::save_meeting`]), so callers
/// can store documents in the same transaction.
pub fn save_meeting_tx(
    c: &mut DbConnection,
    meeting: &Meeting,
    expected_revision: i64,
    actor: &str,
    action: &str,
) -> Result<i64, StoreError> {
    let stored = load(c, meeting.id)?;
    save_over_tx(c, stored, meeting.clone(), expected_revision, actor, action)
}

/// Saves `meeting` over `stored`, the meeting as the caller loaded it in this transaction (see
/// [`load_meeting_tx`]): the same checks as [`save_meeting_tx`] without reading it again.
pub fn save_over_tx(
    c: &mut DbConnection,
    stored: StoredMeeting,
    meeting: Meeting,
    expected_revision: i64,
    actor: &str,
    action: &str,
) -> Result<i64, StoreError> {
    if stored.original.id != meeting.id {
        return Err(StoreError::Domain(justera_domain::DomainError::Invalid {
            field: "meeting".into(),
            reason: "ett annat sammanträde än det som lästes".into(),
        }));
    }
    let org = stored.document.organization.id.to_string();
    // On PostgreSQL, held already when the caller wrote through `write_in`, taken here for one
    // that did not; on SQLite every write transaction already holds the one write lock.
    audit::lock_chain(c, &org)?;
    if stored.revision != expected_revision {
        return Err(StoreError::Conflict {
            expected: expected_revision,
            actual: stored.revision,
        });
    }
    if stored.original.body_id != meeting.body_id || stored.original.year() != meeting.year() {
        return Err(StoreError::Domain(justera_domain::DomainError::Invalid {
            field: "meeting".into(),
            reason: "organ och år kan inte ändras för ett befintligt sammanträde".into(),
        }));
    }
    // Content is frozen from the moment it is sent for adjustment: only the workflow (status,
    // signatures, notices) may change. A correction of an adjusted protocol is a new record.
    if !stored.original.status.is_draft()
        && frozen_content(&stored.original)? != frozen_content(&meeting)?
    {
        return Err(StoreError::Domain(
            justera_domain::DomainError::NotEditable {
                status: stored.original.status.swedish().into(),
            },
        ));
    }
    // Immediately adjusted paragraphs are locked even while the meeting goes on: their text
    // and who served at them.
    stored
        .original
        .check_locked_unchanged(&stored.document.context(), &meeting)?;
    // The §§ numbers are rewritten only when they can have changed: an autosave of a text
    // leaves them (and their rows) alone.
    let before: &Meeting = &stored.original;
    let numbering_unchanged = before.numbers() == meeting.numbers()
        && before.date == meeting.date
        && before.numbers_are_provisional() == meeting.numbers_are_provisional();
    // Likewise the notices (and the archive's index over them): only an adjustment, its
    // notice or the date changes them; what they show of a § is locked once it is adjusted.
    let notices_unchanged =
        before.adjustments == meeting.adjustments && before.date == meeting.date;
    // Checked as a change: the frame whole, the paragraphs that changed (ADR 0013).
    stored
        .document
        .validate_change(&stored.original, &meeting)?;
    let id = meeting.id.to_string();
    let revision = expected_revision + 1;
    // The paragraphs that changed, then the row guarded by the revision: a conflict fails the
    // transaction, so nothing of this save remains.
    let written = content::write_change(c, &id, &stored.original, &stored.paragraphs, &meeting)?;
    let updated = diesel::update(
        meetings::table
            .filter(meetings::id.eq(&id))
            .filter(meetings::revision.eq(expected_revision)),
    )
    .set((
        meetings::meeting_date.eq(meeting.date.format("%Y-%m-%d").to_string()),
        meetings::status.eq(meeting.status.as_str()),
        meetings::revision.eq(revision),
        meetings::content.eq(&written.frame),
        meetings::digest.eq(&written.digest),
        meetings::updated_at.eq(audit::now()),
    ))
    .execute(c)?;
    if updated != 1 {
        return Err(StoreError::Conflict {
            expected: expected_revision,
            actual: current_revision(c, &id)?,
        });
    }
    if !numbering_unchanged {
        diesel::delete(paragraph_numbers::table.filter(paragraph_numbers::meeting_id.eq(&id)))
            .execute(c)?;
        write_numbers(c, &stored.document.body, &meeting)?;
    }
    let meeting = if notices_unchanged {
        meeting
    } else {
        let mut doc = stored.document;
        doc.meeting = meeting;
        crate::notices::sync_notices(c, &doc)?;
        doc.meeting
    };
    // The organization's lock is held since the start of this save.
    audit::append_held(
        c,
        &org,
        actor,
        action,
        &id,
        &to_json(&serde_json::json!({ "revision": revision, "sha256": written.digest }))?,
    )?;
    content::remember_written(&id, &written, Arc::new(meeting));
    Ok(revision)
}

/// The meeting without its workflow fields, for comparing content. Both adjustments are
/// workflow: an immediate adjustment started at the meeting is still signed (and its notice
/// posted) while the whole protocol is under adjustment, and the other way round.
fn frozen_content(meeting: &Meeting) -> Result<String, StoreError> {
    let mut m = meeting.clone();
    m.status = MeetingStatus::Planned;
    m.adjustments.clear();
    m.pending_adjustment = None;
    m.pending_immediate = None;
    m.rejections.clear();
    to_json(&m)
}

/// Inserts a new meeting's row and its paragraphs; returns the digest of its content.
fn insert_meeting(c: &mut DbConnection, id: &str, meeting: &Meeting) -> Result<String, StoreError> {
    let (written, paragraphs) = content::encode_new(meeting)?;
    diesel::insert_into(meetings::table)
        .values((
            meetings::id.eq(id),
            meetings::body_id.eq(meeting.body_id.to_string()),
            meetings::meeting_date.eq(meeting.date.format("%Y-%m-%d").to_string()),
            meetings::year.eq(meeting.year()),
            meetings::status.eq(meeting.status.as_str()),
            meetings::revision.eq(1_i64),
            meetings::content.eq(&written.frame),
            meetings::updated_at.eq(audit::now()),
            meetings::digest.eq(&written.digest),
        ))
        .execute(c)?;
    content::insert_paragraphs(c, id, &paragraphs)?;
    content::remember_written(id, &written, Arc::new(meeting.clone()));
    Ok(written.digest)
}

fn current_revision(c: &mut DbConnection, id: &str) -> Result<i64, StoreError> {
    meetings::table
        .filter(meetings::id.eq(id))
        .select(meetings::revision)
        .first(c)
        .optional()?
        .ok_or_else(|| StoreError::NotFound {
            what: format!("sammanträdet {id}"),
        })
}

/// Loads a meeting inside a transaction the caller holds (see [`Store::write`]), so a
/// read-modify-write cannot lose a race.
pub fn load_meeting_tx(c: &mut DbConnection, id: MeetingId) -> Result<StoredMeeting, StoreError> {
    load(c, id)
}

fn load(c: &mut DbConnection, id: MeetingId) -> Result<StoredMeeting, StoreError> {
    let id_text = id.to_string();
    // The meeting with its body and organization in one round trip (a save reads this once).
    let found: Option<(MeetingRow, String, String)> = meetings::table
        .inner_join(bodies::table.inner_join(organizations::table))
        .filter(meetings::id.eq(&id_text))
        .select((
            (
                meetings::id,
                meetings::body_id,
                meetings::meeting_date,
                meetings::year,
                meetings::status,
                meetings::revision,
                meetings::content,
                meetings::updated_at,
                meetings::digest,
            ),
            bodies::data,
            organizations::data,
        ))
        .first(c)
        .optional()?;
    let (row, body_data, org_data) = found.ok_or_else(|| StoreError::NotFound {
        what: format!("sammanträdet {id_text}"),
    })?;
    let content::Read {
        meeting,
        original,
        paragraphs,
    } = content::read(c, &row.id, &row.content, row.digest.as_deref())?;
    if meeting.id.to_string() != row.id || meeting.status.as_str() != row.status {
        return Err(corrupt(format!(
            "sammanträdet {id_text} stämmer inte med sina nyckelfält"
        )));
    }
    if parse_date(&row.meeting_date)? != meeting.date {
        return Err(corrupt(format!(
            "sammanträdet {id_text} stämmer inte med sitt datum"
        )));
    }
    Ok(StoredMeeting {
        document: document_from(c, &row.body_id, &body_data, &org_data, meeting)?,
        revision: row.revision,
        paragraphs,
        original,
    })
}

/// The document of `meeting` of the body `body_id`: the organization, the body, and the
/// mandates and persons valid on the meeting's date.
fn document_for(
    c: &mut DbConnection,
    body_id: &str,
    meeting: Meeting,
) -> Result<MeetingDocument, StoreError> {
    let (body_data, org_data): (String, String) = bodies::table
        .inner_join(organizations::table)
        .filter(bodies::id.eq(body_id))
        .select((bodies::data, organizations::data))
        .first(c)?;
    document_from(c, body_id, &body_data, &org_data, meeting)
}

/// The document of `meeting` from its body's and organization's stored data, with the
/// mandates and persons valid on the meeting's date.
fn document_from(
    c: &mut DbConnection,
    body_id: &str,
    body_data: &str,
    org_data: &str,
    meeting: Meeting,
) -> Result<MeetingDocument, StoreError> {
    let meeting_date = meeting.date;
    let body: Body = from_json(body_data)?;
    let organization: Organization = from_json(org_data)?;
    if body.organization_id != organization.id {
        return Err(corrupt("organet hör inte till sin organisation"));
    }
    let mandate_rows: Vec<String> = mandates::table
        .filter(mandates::body_id.eq(body_id))
        .select(mandates::data)
        .order(mandates::id.asc())
        .load(c)?;
    let mut body_mandates: Vec<Mandate> = mandate_rows
        .iter()
        .map(|d| from_json(d))
        .collect::<Result<_, _>>()?;
    body_mandates.retain(|m| m.covers(meeting_date));
    let mut person_ids: Vec<String> = body_mandates
        .iter()
        .map(|m| m.person_id.to_string())
        .collect();
    // The secretary who signs is a person of the register too, usually without a mandate.
    if let Some(p) = meeting.secretary_person.map(|p| p.to_string())
        && !person_ids.contains(&p)
    {
        person_ids.push(p);
    }
    let person_rows: Vec<(String, String)> = persons::table
        .filter(persons::id.eq_any(&person_ids))
        .select((persons::id, persons::data))
        .load(c)?;
    let mut people: Vec<Person> = Vec::with_capacity(person_ids.len());
    for pid in &person_ids {
        if let Some((_, data)) = person_rows.iter().find(|(id, _)| id == pid) {
            people.push(from_json(data)?);
        }
    }
    let mut document = MeetingDocument {
        format: FORMAT.into(),
        organization,
        body,
        persons: people,
        mandates: body_mandates,
        meeting,
    };
    document.canonicalize();
    Ok(document)
}

fn put_organization(c: &mut DbConnection, org: &Organization) -> Result<(), StoreError> {
    let id = org.id.to_string();
    let data = to_json(org)?;
    let n = diesel::update(organizations::table.filter(organizations::id.eq(&id)))
        .set((
            organizations::name.eq(&org.name),
            organizations::data.eq(&data),
        ))
        .execute(c)?;
    if n == 0 {
        diesel::insert_into(organizations::table)
            .values((
                organizations::id.eq(&id),
                organizations::name.eq(&org.name),
                organizations::data.eq(&data),
            ))
            .execute(c)?;
    }
    Ok(())
}

pub(crate) fn put_body(c: &mut DbConnection, body: &Body) -> Result<(), StoreError> {
    let id = body.id.to_string();
    let data = to_json(body)?;
    let existing: Option<String> = bodies::table
        .filter(bodies::id.eq(&id))
        .select(bodies::organization_id)
        .first(c)
        .optional()?;
    match existing {
        Some(org) if org != body.organization_id.to_string() => Err(StoreError::AlreadyExists {
            what: format!("organet {id} i en annan organisation"),
        }),
        Some(_) => {
            diesel::update(bodies::table.filter(bodies::id.eq(&id)))
                .set((
                    bodies::short_name.eq(&body.short_name),
                    bodies::data.eq(&data),
                ))
                .execute(c)?;
            Ok(())
        }
        None => {
            diesel::insert_into(bodies::table)
                .values((
                    bodies::id.eq(&id),
                    bodies::organization_id.eq(body.organization_id.to_string()),
                    bodies::short_name.eq(&body.short_name),
                    bodies::data.eq(&data),
                ))
                .execute(c)?;
            Ok(())
        }
    }
}

fn put_person(c: &mut DbConnection, doc: &MeetingDocument, p: &Person) -> Result<(), StoreError> {
    let id = p.id.to_string();
    let org = doc.organization.id.to_string();
    let data = to_json(p)?;
    let existing: Option<String> = persons::table
        .filter(persons::id.eq(&id))
        .select(persons::organization_id)
        .first(c)
        .optional()?;
    match existing {
        Some(o) if o != org => Err(StoreError::AlreadyExists {
            what: format!("personen {id} i en annan organisation"),
        }),
        Some(_) => {
            diesel::update(persons::table.filter(persons::id.eq(&id)))
                .set((persons::name.eq(&p.name), persons::data.eq(&data)))
                .execute(c)?;
            Ok(())
        }
        None => {
            diesel::insert_into(persons::table)
                .values((
                    persons::id.eq(&id),
                    persons::organization_id.eq(&org),
                    persons::name.eq(&p.name),
                    persons::data.eq(&data),
                ))
                .execute(c)?;
            Ok(())
        }
    }
}

fn put_mandate(c: &mut DbConnection, m: &Mandate) -> Result<(), StoreError> {
    let id = m.id.to_string();
    let data = to_json(m)?;
    let n = diesel::update(mandates::table.filter(mandates::id.eq(&id)))
        .set((
            mandates::body_id.eq(m.body_id.to_string()),
            mandates::person_id.eq(m.person_id.to_string()),
            mandates::data.eq(&data),
        ))
        .execute(c)?;
    if n == 0 {
        diesel::insert_into(mandates::table)
            .values((
                mandates::id.eq(&id),
                mandates::body_id.eq(m.body_id.to_string()),
                mandates::person_id.eq(m.person_id.to_string()),
                mandates::data.eq(&data),
            ))
            .execute(c)?;
    }
    Ok(())
}

/// Checks the body's series for the meeting's year with this meeting in it, then records the
/// meeting's numbers (the primary key refuses duplicates even under concurrent writers).
///
/// The numbers of a meeting not yet opened are provisional (an agenda prepared ahead): they
/// are not part of the series and not recorded, so an extra meeting dated before it can take
/// the next numbers; the meeting is renumbered to continue the series when it is opened.
fn write_numbers(c: &mut DbConnection, body: &Body, meeting: &Meeting) -> Result<(), StoreError> {
    if meeting.numbers_are_provisional() {
        return Ok(());
    }
    let body_id = body.id.to_string();
    let year = meeting.date.year();
    let own_id = meeting.id.to_string();
    // A body that numbers per meeting has no series across meetings: each starts at § 1.
    if body.numbers_per_meeting() {
        return Ok(numbering::check_series(
            1,
            &[meeting.numbers()],
            &body.name,
            year,
        )?);
    }
    let rows: Vec<(String, String, i32)> = paragraph_numbers::table
        .inner_join(meetings::table.on(meetings::id.eq(paragraph_numbers::meeting_id)))
        .filter(paragraph_numbers::body_id.eq(&body_id))
        .filter(paragraph_numbers::year.eq(year))
        .filter(paragraph_numbers::meeting_id.ne(&own_id))
        .select((
            meetings::meeting_date,
            meetings::id,
            paragraph_numbers::number,
        ))
        .load(c)?;
    let mut series: Vec<(String, String, Vec<u32>)> = Vec::new();
    for (date, id, n) in rows {
        let n = u32::try_from(n).map_err(corrupt)?;
        match series.iter_mut().find(|(_, i, _)| *i == id) {
            Some((_, _, v)) => v.push(n),
            None => series.push((date, id, vec![n])),
        }
    }
    series.push((
        meeting.date.format("%Y-%m-%d").to_string(),
        own_id.clone(),
        meeting.numbers(),
    ));
    for (_, _, v) in &mut series {
        v.sort_unstable();
    }
    series.sort_by(|a, b| (&a.0, a.2.first()).cmp(&(&b.0, b.2.first())));
    let ordered: Vec<Vec<u32>> = series.into_iter().map(|(_, _, v)| v).collect();
    numbering::check_series(body.series_start(year), &ordered, &body.name, year)?;
    for n in meeting.numbers() {
        diesel::insert_into(paragraph_numbers::table)
            .values((
                paragraph_numbers::body_id.eq(&body_id),
                paragraph_numbers::year.eq(year),
                paragraph_numbers::number.eq(i32::try_from(n).map_err(corrupt)?),
                paragraph_numbers::meeting_id.eq(&own_id),
            ))
            .execute(c)?;
    }
    Ok(())
}
