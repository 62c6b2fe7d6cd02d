//! A save validated as a change of the meeting it was made on (issue 15, ADR 0013): when the
//! frame of the meeting and its numbering are the same, only the paragraphs that changed are
//! checked again; any other change is validated whole.

use super::{Meeting, MeetingContext};
use crate::error::DomainError;

impl Meeting {
    /// Validates `self` as a change of `before`, a meeting that passed [`Meeting::validate`]:
    /// the frame (times, place, roles, officials, numbering) and the adjustments are checked
    /// on every save, a paragraph only when it changed. What a paragraph is checked against —
    /// the frame, who served at it, the body's register — is the same for the others, so
    /// their result cannot have changed; the whole meeting is validated again when the frame
    /// changes (opening, closing, sending for adjustment).
    pub fn validate_change(
        &self,
        ctx: &MeetingContext<'_>,
        before: &Meeting,
    ) -> Result<(), DomainError> {
        let same_numbers = self.paragraphs.len() == before.paragraphs.len()
            && self
                .paragraphs
                .iter()
                .zip(&before.paragraphs)
                .all(|(a, b)| a.number == b.number);
        if !same_numbers || !self.same_frame(before) {
            return self.validate(ctx);
        }
        self.check_frame(ctx)?;
        let numbers = self.numbers();
        for (p, old) in self.paragraphs.iter().zip(&before.paragraphs) {
            if p != old {
                let roster = self
                    .attendance
                    .roster(ctx.body, &ctx.people, &numbers, p.number)?;
                self.check_paragraph(ctx, p, &roster)?;
            }
        }
        self.check_adjustments(ctx)
    }

    /// Whether everything but the paragraphs is the same. Every field is named, so a field
    /// added to [`Meeting`] must be decided on here.
    pub fn same_frame(&self, other: &Meeting) -> bool {
        let Meeting {
            id,
            body_id,
            date,
            starts_at,
            ends_at,
            place,
            adjournments,
            further_days,
            status,
            chair,
            secretary,
            secretary_person,
            adjusters,
            adjustment_place_and_time,
            officials,
            attendance,
            paragraphs: _,
            adjustments,
            pending_adjustment,
            pending_immediate,
            rejections,
        } = self;
        *id == other.id
            && *body_id == other.body_id
            && *date == other.date
            && *starts_at == other.starts_at
            && *ends_at == other.ends_at
            && *place == other.place
            && *adjournments == other.adjournments
            && *further_days == other.further_days
            && *status == other.status
            && *chair == other.chair
            && *secretary == other.secretary
            && *secretary_person == other.secretary_person
            && *adjusters == other.adjusters
            && *adjustment_place_and_time == other.adjustment_place_and_time
            && *officials == other.officials
            && *attendance == other.attendance
            && *adjustments == other.adjustments
            && *pending_adjustment == other.pending_adjustment
            && *pending_immediate == other.pending_immediate
            && *rejections == other.rejections
    }

    /// The meeting without its paragraphs (what the store keeps as the meeting's frame),
    /// without copying them. Every field is named, as in [`Meeting::same_frame`].
    pub fn frame(&self) -> Meeting {
        let Meeting {
            id,
            body_id,
            date,
            starts_at,
            ends_at,
            place,
            adjournments,
            further_days,
            status,
            chair,
            secretary,
            secretary_person,
            adjusters,
            adjustment_place_and_time,
            officials,
            attendance,
            paragraphs: _,
            adjustments,
            pending_adjustment,
            pending_immediate,
            rejections,
        } = self;
        Meeting {
            id: *id,
            body_id: *body_id,
            date: *date,
            starts_at: *starts_at,
            ends_at: *ends_at,
            place: place.clone(),
            adjournments: adjournments.clone(),
            further_days: further_days.clone(),
            status: *status,
            chair: *chair,
            secretary: secretary.clone(),
            secretary_person: *secretary_person,
            adjusters: adjusters.clone(),
            adjustment_place_and_time: adjustment_place_and_time.clone(),
            officials: officials.clone(),
            attendance: attendance.clone(),
            paragraphs: Vec::new(),
            adjustments: adjustments.clone(),
            pending_adjustment: pending_adjustment.clone(),
            pending_immediate: pending_immediate.clone(),
            rejections: rejections.clone(),
        }
    }
}
