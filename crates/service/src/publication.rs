//! What the public may read of a posted notice, frozen at the moment the notice is posted: the
//! public view of the paragraphs the adjustment covers (confidential ones masked) and, where a
//! covered paragraph is confidential, its PDF. Public routes serve these and nothing else, so a
//! later edit of the meeting's other paragraphs, or of its attendance, never reaches the public.

use chrono::NaiveDateTime;
use justera_domain::document::MeetingDocument;
use justera_domain::protocol::{ProtocolView, public_copy};
use justera_pdf::Renderer;
use justera_store::{DbConnection, Store, StoreError, documents::insert_document};

use crate::error::ServiceError;

/// The document kind of the frozen public view of adjustment record `index`.
pub fn view_kind(index: usize) -> String {
    format!("public-view:{index}")
}

/// The document kind of the frozen public PDF of adjustment record `index`.
pub fn pdf_kind(index: usize) -> String {
    format!("public-pdf:{index}")
}

/// Whether any paragraph the adjustment record covers is confidential (then the public reads a
/// masked copy rather than the signed original).
pub fn covers_confidential(doc: &MeetingDocument, index: usize) -> bool {
    doc.meeting.adjustments.get(index).is_some_and(|a| {
        doc.meeting
            .paragraphs
            .iter()
            .any(|p| a.paragraphs.contains(&p.number) && p.is_confidential())
    })
}

/// The public view of adjustment record `index` as the document stands now.
pub fn build_view(doc: &MeetingDocument, index: usize) -> Result<ProtocolView, ServiceError> {
    let mut view = public_copy(doc)?;
    view.narrow_to_adjustment(doc, index)?;
    Ok(view)
}

/// The public documents of one adjustment record, rendered before the transaction that posts
/// its notice and written inside it.
pub struct Frozen {
    meeting: String,
    documents: Vec<(String, Vec<u8>)>,
}

impl Frozen {
    /// Renders the public documents of adjustment record `index` (no database access, so the
    /// write lock is not held while a PDF is laid out).
    pub fn prepare(
        renderer: &Renderer,
        doc: &MeetingDocument,
        index: usize,
        now: NaiveDateTime,
    ) -> Result<Self, ServiceError> {
        let view = build_view(doc, index)?;
        let json = serde_json::to_vec(&view).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let mut documents = vec![(view_kind(index), json)];
        if covers_confidential(doc, index) {
            let pdf = renderer.public_view(doc, &view, now)?;
            documents.push((pdf_kind(index), pdf.bytes));
        }
        Ok(Self {
            meeting: doc.meeting.id.to_string(),
            documents,
        })
    }

    /// Writes them (inside the transaction that posts the notice).
    pub fn insert(&self, c: &mut DbConnection) -> Result<(), StoreError> {
        for (kind, content) in &self.documents {
            insert_document(c, &self.meeting, kind, content)?;
        }
        Ok(())
    }
}

/// The frozen public view of adjustment record `index`, if it was frozen.
pub fn frozen_view(
    store: &mut justera_store::Store,
    meeting: &str,
    index: usize,
) -> Result<Option<ProtocolView>, ServiceError> {
    let Some(stored) = store.latest_document(meeting, &view_kind(index))? else {
        return Ok(None);
    };
    serde_json::from_slice(&stored.content)
        .map(Some)
        .map_err(|e| StoreError::Corrupt(format!("den frysta offentliga kopian: {e}")).into())
}

/// A joint committee's notice posted on another participant's board: the secretary
/// registers the day, and the appeal period then runs from the latest posting.
#[allow(clippy::too_many_arguments)]
pub fn register_other_posting(
    store: &mut Store,
    organization: justera_domain::ids::OrganizationId,
    username: &str,
    meeting: justera_domain::ids::MeetingId,
    index: Option<usize>,
    municipality: &str,
    posted: Option<chrono::NaiveDate>,
    today: chrono::NaiveDate,
) -> Result<(), ServiceError> {
    let stored = store.load_meeting(meeting)?;
    let mut doc = stored.document;
    if doc.organization.id != organization {
        return Err(StoreError::NotFound {
            what: "sammanträdet".into(),
        }
        .into());
    }
    crate::adjustment::require_secretary(store, &doc, username, "registrera tillkännagivanden")?;
    // What the form says is read only after who may send it is known.
    let index = index.ok_or_else(|| justera_domain::DomainError::Invalid {
        field: "index".into(),
        reason: "justeringen finns inte; ladda om sidan".into(),
    })?;
    let posted = posted.ok_or_else(|| justera_domain::DomainError::Invalid {
        field: "posted".into(),
        reason: "skriv dagen då tillkännagivandet sattes upp som ÅÅÅÅ-MM-DD".into(),
    })?;
    let takedown = doc.organization.notice_board.takedown;
    doc.meeting
        .register_other_posting(&doc.body, index, municipality, posted, today, takedown)?;
    store.save_meeting(
        &doc.meeting,
        stored.revision,
        username,
        "notice.other_board",
    )?;
    Ok(())
}
