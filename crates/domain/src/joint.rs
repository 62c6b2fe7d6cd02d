//! A joint committee (gemensam nämnd) posts each notice on every participating
//! municipality's board, and the appeal period runs from the last posting (KL 13 kap. 5 §
//! `[unverified]` wording; see docs/domain.md). Justera posts on its own board; the secretary
//! registers when each of the others posted it, and the notice's last appeal day and takedown
//! follow the latest posting.

use chrono::NaiveDate;

use crate::calendar::{TakedownConvention, last_appeal_day, takedown_date};
use crate::error::DomainError;
use crate::meeting::{Meeting, OtherPosting};
use crate::organization::{Body, BodyKind};

/// A participant whose posting is not yet registered, or registered on a date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParticipantPosting {
    pub municipality: String,
    pub posted: Option<NaiveDate>,
}

impl Meeting {
    /// The participants' postings of adjustment record `index`'s notice, in the body's order.
    pub fn other_postings(&self, body: &Body, index: usize) -> Vec<ParticipantPosting> {
        let registered = self
            .adjustments
            .get(index)
            .and_then(|a| a.notice.as_ref())
            .map(|n| n.other_boards.as_slice())
            .unwrap_or_default();
        body.participants
            .iter()
            .map(|m| ParticipantPosting {
                municipality: m.clone(),
                posted: registered
                    .iter()
                    .find(|p| p.municipality == *m)
                    .map(|p| p.posted),
            })
            .collect()
    }

    /// Registers that `municipality` posted the notice of adjustment record `index` on
    /// `posted` (not before the adjustment, not after `today`); the last appeal day and the
    /// takedown then run from the latest posting.
    pub fn register_other_posting(
        &mut self,
        body: &Body,
        index: usize,
        municipality: &str,
        posted: NaiveDate,
        today: NaiveDate,
        takedown: TakedownConvention,
    ) -> Result<(), DomainError> {
        let invalid = |reason: String| DomainError::Invalid {
            field: "notice.other_boards".into(),
            reason,
        };
        if body.kind != BodyKind::JointCommittee {
            return Err(invalid(format!(
                "{} är ingen gemensam nämnd; tillkännagivandet sätts bara upp på den egna anslagstavlan",
                body.name
            )));
        }
        let Some(municipality) = body.participants.iter().find(|m| *m == municipality) else {
            return Err(invalid(format!(
                "\"{municipality}\" är ingen av de kommuner som samverkar i {}",
                body.definite_name
            )));
        };
        let record = self
            .adjustments
            .get_mut(index)
            .ok_or_else(|| invalid("justeringen finns inte".into()))?;
        let adjusted_on = record.adjusted_on;
        let notice = record
            .notice
            .as_mut()
            .ok_or_else(|| invalid("protokollet är inte tillkännagivet ännu".into()))?;
        if posted < adjusted_on {
            return Err(invalid(format!(
                "tillkännagivandet kan inte ha satts upp före justeringen ({adjusted_on})"
            )));
        }
        if posted > today {
            return Err(invalid(format!(
                "dagen ({posted}) har inte kommit än; registrera när tillkännagivandet satts upp"
            )));
        }
        notice
            .other_boards
            .retain(|p| p.municipality != *municipality);
        notice.other_boards.push(OtherPosting {
            municipality: municipality.clone(),
            posted,
        });
        let latest = notice
            .other_boards
            .iter()
            .map(|p| p.posted)
            .chain(std::iter::once(notice.dates.posted))
            .max()
            .unwrap_or(notice.dates.posted);
        notice.dates.last_appeal_day = last_appeal_day(latest)?;
        notice.dates.takedown = takedown_date(latest, takedown)?;
        Ok(())
    }
}

#[cfg(test)]
#[allow(clippy::indexing_slicing)]
mod tests {
    use super::*;
    use crate::calendar::notice_dates;
    use crate::ids::{BodyId, MeetingId, OrganizationId, PersonId};
    use crate::meeting::{AdjustmentRecord, NoticeRecord};

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default()
    }

    fn joint() -> Body {
        Body {
            id: BodyId::new_random(),
            organization_id: OrganizationId::new_random(),
            kind: BodyKind::JointCommittee,
            name: "Överförmyndarnämnden".into(),
            definite_name: "överförmyndarnämnden".into(),
            short_name: "ÖFN".into(),
            seats: 5,
            adjusters: 1,
            secretary_signs: true,
            series_starts: vec![],
            numbering: Default::default(),
            usual_place: String::new(),
            usual_time: None,
            participants: vec!["Marks kommun".into(), "Bollebygds kommun".into()],
            rules: Default::default(),
        }
    }

    fn posted_meeting(body: &Body) -> Meeting {
        let mut m = Meeting::planned(
            MeetingId::new_random(),
            body.id,
            d("2027-03-01"),
            chrono::NaiveTime::MIN,
            "Kommunhuset".into(),
            PersonId::new_random(),
            vec![],
            "Sekreterare".into(),
        );
        let dates = notice_dates(d("2027-03-03"), TakedownConvention::DayAfter).unwrap_or(
            crate::calendar::NoticeDates {
                posted: d("2027-03-03"),
                last_appeal_day: d("2027-03-24"),
                takedown: d("2027-03-25"),
            },
        );
        m.adjustments.push(AdjustmentRecord {
            after_meeting: false,
            immediate: false,
            paragraphs: vec![],
            adjusted_on: d("2027-03-02"),
            signatures: vec![],
            notice: Some(NoticeRecord::new(dates)),
        });
        m
    }

    #[test]
    fn the_appeal_period_runs_from_the_last_posting() {
        let body = joint();
        let mut m = posted_meeting(&body);
        let today = d("2027-03-10");
        let conv = TakedownConvention::DayAfter;
        assert_eq!(m.other_postings(&body, 0)[0].posted, None);
        m.register_other_posting(&body, 0, "Marks kommun", d("2027-03-03"), today, conv)
            .unwrap_or_default();
        let last = |m: &Meeting| m.adjustments[0].notice.as_ref().map(|n| n.dates);
        assert_eq!(last(&m).map(|d| d.last_appeal_day), Some(d("2027-03-24")));
        m.register_other_posting(&body, 0, "Bollebygds kommun", d("2027-03-08"), today, conv)
            .unwrap_or_default();
        // Three weeks from 8 March is Easter Monday, so the period runs to the Tuesday.
        assert_eq!(last(&m).map(|d| d.last_appeal_day), Some(d("2027-03-30")));
        assert_eq!(
            last(&m).map(|d| d.posted),
            Some(d("2027-03-03")),
            "our own posting stays"
        );
        // A correction replaces the municipality's date.
        m.register_other_posting(&body, 0, "Bollebygds kommun", d("2027-03-04"), today, conv)
            .unwrap_or_default();
        assert_eq!(last(&m).map(|d| d.last_appeal_day), Some(d("2027-03-25")));
        assert_eq!(m.other_postings(&body, 0)[1].posted, Some(d("2027-03-04")));
    }

    #[test]
    fn a_wrong_posting_is_refused() {
        let body = joint();
        let mut m = posted_meeting(&body);
        let today = d("2027-03-10");
        let conv = TakedownConvention::DayAfter;
        for (who, day) in [
            ("Borås stad", "2027-03-04"),
            ("Marks kommun", "2027-03-01"),
            ("Marks kommun", "2027-03-11"),
        ] {
            assert!(
                m.register_other_posting(&body, 0, who, d(day), today, conv)
                    .is_err(),
                "{who} {day}"
            );
        }
        assert!(
            m.register_other_posting(&body, 5, "Marks kommun", d("2027-03-04"), today, conv)
                .is_err()
        );
        let mut own = body.clone();
        own.kind = BodyKind::Committee;
        assert!(
            m.register_other_posting(&own, 0, "Marks kommun", d("2027-03-04"), today, conv)
                .is_err()
        );
        assert!(
            m.adjustments[0]
                .notice
                .as_ref()
                .is_some_and(|n| n.other_boards.is_empty())
        );
    }
}
