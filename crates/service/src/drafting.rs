//! Drafting over the store: create a meeting, and apply the secretary's edits to a draft, each
//! read-modify-write in one write transaction (the edits carry what they were made on, so a
//! real conflict is reported, never overwritten).

use justera_domain::drafting::{Edit, NewMeeting, fingerprint};
use justera_domain::ids::{MeetingId, OrganizationId};
use justera_domain::meeting::Meeting;
use justera_store::{Store, StoreError, load_meeting_tx, save_over_tx, series_continues_at_tx};

use crate::adjustment::{require_secretary, require_secretary_of};
use crate::error::ServiceError;

/// Creates a planned meeting with every member's seat present.
pub fn create_meeting(
    store: &mut Store,
    new: NewMeeting,
    username: &str,
) -> Result<MeetingId, ServiceError> {
    let id = MeetingId::new_random();
    let meeting = Meeting::planned(
        id,
        new.body,
        new.date,
        new.starts_at,
        new.place.trim().to_owned(),
        new.chair,
        new.adjusters,
        new.secretary.trim().to_owned(),
    );
    let mut doc = store.body_document(new.body, meeting)?;
    let user = require_secretary(store, &doc, username, "skapa sammanträden för organet")?;
    doc.check_mandates_on_date()?;
    // The body's secretary who creates the meeting is the one who signs, if their account is
    // linked to a person (it can be changed under the meeting's details).
    if user.account.is_secretary_of(new.body) {
        doc.meeting.secretary_person = user.account.person;
    }
    doc.meeting.seat_members(&doc.mandates);
    store.create_meeting(&doc.meeting, username)?;
    Ok(id)
}

/// Copies the attendance of the body's previous meeting into this one (one edit, saved at
/// once); says so in Swedish when there is no earlier meeting.
pub fn copy_previous_attendance(
    store: &mut Store,
    organization: OrganizationId,
    meeting: MeetingId,
    username: &str,
) -> Result<Edited, ServiceError> {
    let doc = store.load_meeting(meeting)?.document;
    let previous = store
        .previous_meeting_of_body(doc.body.id, doc.meeting.date)?
        .ok_or_else(|| {
            ServiceError::Domain(justera_domain::DomainError::Invalid {
                field: "attendance".into(),
                reason: format!(
                    "{} har inget tidigare sammanträde att hämta närvaron från",
                    doc.body.name
                ),
            })
        })?;
    let before = store.load_meeting(previous)?.document;
    let edit_ = doc.meeting.attendance_like(&doc.context(), &before.meeting);
    edit(store, organization, meeting, username, edit_)
}

/// What an edit led to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edited {
    pub revision: i64,
    /// The edited paragraph's fingerprint afterwards, for paragraph edits.
    pub fingerprint: Option<String>,
}

/// Applies one edit for a user of `organization`. `AddParagraph` with number 0 takes the next
/// number of the series.
///
/// The meeting is read, changed and saved inside one write transaction, so concurrent edits
/// queue instead of racing; what an edit was made on (its fingerprint, its count of decision
/// steps, a motion's id) decides whether it still applies.
pub fn edit(
    store: &mut Store,
    organization: OrganizationId,
    meeting: MeetingId,
    username: &str,
    edit: Edit,
) -> Result<Edited, ServiceError> {
    // Who may edit is decided from the meeting's body alone; the meeting is read once, in the
    // transaction that saves it.
    let (owner, body) = store.meeting_owner(meeting)?;
    if owner != organization {
        return Err(StoreError::NotFound {
            what: "sammanträdet".into(),
        }
        .into());
    }
    require_secretary_of(store, organization, body, username, "ändra protokollet")?;
    let action = edit.audit_action();
    let number = edit.paragraph();
    let org = organization.to_string();
    let edited = store.write_in(&org, |c| {
        let mut current = load_meeting_tx(c, meeting)?;
        // The first paragraph of a meeting continues the body's series from earlier meetings;
        // a meeting opened now takes its final numbers from there (its own were provisional).
        let first_number = if current.document.meeting.paragraphs.is_empty()
            || (matches!(edit, Edit::OpenSession)
                && current.document.meeting.numbers_are_provisional())
        {
            Some(series_continues_at_tx(c, &current.document)?)
        } else {
            None
        };
        let mut edit = edit;
        if let Edit::AddParagraph { number, .. } = &mut edit
            && *number == 0
        {
            *number = match current.document.meeting.paragraphs.last() {
                Some(p) => p.number + 1,
                None => first_number.unwrap_or(1),
            };
        }
        // The edit is made on the loaded copy itself (no second copy of every paragraph); the
        // save compares with the meeting as read.
        let frame = current.document.meeting.frame();
        let mut changed = std::mem::replace(&mut current.document.meeting, frame);
        if let (Edit::OpenSession, Some(first)) = (&edit, first_number)
            && changed.numbers_are_provisional()
        {
            changed.renumber_from(first).map_err(StoreError::Domain)?;
        }
        changed
            .apply(&current.document.context(), edit)
            .map_err(StoreError::Domain)?;
        let fingerprint = number
            .and_then(|n| changed.paragraph(n).ok())
            .map(fingerprint);
        let revision = if changed == *current.as_read() {
            current.revision
        } else {
            let revision = current.revision;
            save_over_tx(c, current, changed, revision, username, action)?
        };
        Ok(Edited {
            revision,
            fingerprint,
        })
    })?;
    Ok(edited)
}
