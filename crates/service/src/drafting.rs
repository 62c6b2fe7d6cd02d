//! Drafting over the store: create a meeting, and apply the secretary's edits to a draft with
//! optimistic concurrency. A write that raced another is re-applied on the fresh meeting (the
//! edits carry what they were made on, so a real conflict is still reported, never overwritten).

use justera_domain::drafting::{Edit, NewMeeting};
use justera_domain::ids::MeetingId;
use justera_domain::meeting::Meeting;
use justera_store::{Store, StoreError};

use crate::adjustment::require_secretary;
use crate::error::ServiceError;

/// How often a save that lost a race is retried on the fresh meeting.
const RETRIES: usize = 8;

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
    require_secretary(store, &doc, username, "skapa sammanträden för organet")?;
    doc.meeting.seat_members(&doc.mandates);
    store.create_meeting(&doc.meeting, username)?;
    Ok(id)
}

/// Applies one edit; returns the new revision. `AddParagraph` with number 0 takes the next
/// number of the series.
pub fn edit(
    store: &mut Store,
    meeting: MeetingId,
    username: &str,
    edit: Edit,
) -> Result<i64, ServiceError> {
    let mut attempt = 0;
    loop {
        let stored = store.load_meeting(meeting)?;
        let doc = stored.document;
        require_secretary(store, &doc, username, "ändra protokollet")?;
        let mut edit = edit.clone();
        if let Edit::AddParagraph { number, .. } = &mut edit
            && *number == 0
        {
            *number = store.next_paragraph_number(&doc)?;
        }
        let action = edit.audit_action();
        let mut changed = doc.meeting.clone();
        changed.apply(&doc.context(), edit)?;
        if changed == doc.meeting {
            return Ok(stored.revision);
        }
        match store.save_meeting(&changed, stored.revision, username, action) {
            Err(StoreError::Conflict { .. }) if attempt < RETRIES => attempt += 1,
            other => return Ok(other?),
        }
    }
}
