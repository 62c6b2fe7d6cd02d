//! Drafting the minutes during the meeting: every change the secretary makes is one [`Edit`],
//! shared by the web forms and the JSON API and applied here with the domain's rules.
//!
//! Edits are safe to repeat and to race:
//! - a text edit names the version of the paragraph it was made on (its [`fingerprint`]); if
//!   someone else changed the paragraph since, the edit is refused with a conflict rather than
//!   overwriting, and an edit that is already in place is accepted as it is (double submit);
//! - appends carry their own identity (a motion's id) or the position they were made at (a
//!   decision step), so a repeated request does not record twice.

use chrono::{NaiveDate, NaiveTime};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::attendance::{AttendanceChange, Recusal, SeatAttendance, SeatState};
use crate::decision::{DecisionRecord, Step};
use crate::error::DomainError;
use crate::ids::{BodyId, MeetingId, MotionId, PersonId};
use crate::meeting::{Adjournment, Meeting, MeetingContext, MeetingStatus, Official};
use crate::organization::{Mandate, MandateRole};
use crate::paragraph::{
    Confidentiality, DecisionStyle, Motion, Paragraph, Proposal, ProtocolNote, Reservation,
};

/// The sections of a paragraph the secretary writes (domain.md §4), without what is recorded
/// step by step (motions, decision order, reservations, notes).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ParagraphText {
    pub title: String,
    #[serde(default)]
    pub kind: crate::paragraph::ParagraphKind,
    #[serde(default)]
    pub speakers: Vec<crate::ids::PersonId>,
    #[serde(default)]
    pub case_number: Option<String>,
    #[serde(default)]
    pub filing_code: Option<String>,
    #[serde(default)]
    pub open_to_public: bool,
    #[serde(default)]
    pub confidentiality: Confidentiality,
    #[serde(default)]
    pub election: bool,
    #[serde(default)]
    pub minority_referral_used: bool,
    #[serde(default)]
    pub decision_style: DecisionStyle,
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(default)]
    pub preparation: Option<String>,
    #[serde(default)]
    pub decision_basis: Vec<String>,
    #[serde(default)]
    pub presenters: Option<String>,
    #[serde(default)]
    pub proposal: Option<Proposal>,
    #[serde(default)]
    pub decision: Vec<String>,
    #[serde(default)]
    pub attachments: Vec<String>,
    #[serde(default)]
    pub distribution: Vec<String>,
}

impl ParagraphText {
    pub fn of(p: &Paragraph) -> Self {
        Self {
            title: p.title.clone(),
            kind: p.kind,
            speakers: p.speakers.clone(),
            case_number: p.case_number.clone(),
            filing_code: p.filing_code.clone(),
            open_to_public: p.open_to_public,
            confidentiality: p.confidentiality.clone(),
            election: p.election,
            minority_referral_used: p.minority_referral_used,
            decision_style: p.decision_style,
            summary: p.summary.clone(),
            preparation: p.preparation.clone(),
            decision_basis: p.decision_basis.clone(),
            presenters: p.presenters.clone(),
            proposal: p.proposal.clone(),
            decision: p.decision.clone(),
            attachments: p.attachments.clone(),
            distribution: p.distribution.clone(),
        }
    }

    fn write_into(self, p: &mut Paragraph) {
        p.title = self.title;
        p.kind = self.kind;
        p.speakers = self.speakers;
        p.case_number = self.case_number;
        p.filing_code = self.filing_code;
        p.open_to_public = self.open_to_public;
        p.confidentiality = self.confidentiality;
        p.election = self.election;
        p.minority_referral_used = self.minority_referral_used;
        p.decision_style = self.decision_style;
        p.summary = self.summary;
        p.preparation = self.preparation;
        p.decision_basis = self.decision_basis;
        p.presenters = self.presenters;
        p.proposal = self.proposal;
        p.decision = self.decision;
        p.attachments = self.attachments;
        p.distribution = self.distribution;
    }

    /// Trims the text and drops empty lines and empty optional sections.
    pub fn normalized(mut self) -> Self {
        fn opt(s: Option<String>) -> Option<String> {
            s.map(|t| t.trim().to_owned()).filter(|t| !t.is_empty())
        }
        fn lines(v: Vec<String>) -> Vec<String> {
            v.into_iter()
                .map(|t| t.trim().to_owned())
                .filter(|t| !t.is_empty())
                .collect()
        }
        self.title = self.title.trim().to_owned();
        self.case_number = opt(self.case_number);
        self.filing_code = opt(self.filing_code);
        self.summary = opt(self.summary);
        self.preparation = opt(self.preparation);
        self.presenters = opt(self.presenters);
        self.decision_basis = lines(self.decision_basis);
        self.decision = lines(self.decision);
        self.attachments = lines(self.attachments);
        self.distribution = lines(self.distribution);
        self.proposal = self.proposal.and_then(|p| {
            let clauses = lines(p.clauses);
            let source = p.source.trim().to_owned();
            (!clauses.is_empty() || !source.is_empty()).then_some(Proposal { source, clauses })
        });
        self
    }
}

/// A short, stable digest of a paragraph's written sections: the version a text edit was made
/// on. (FNV-1a over the canonical JSON; it detects change, it does not protect anything.)
pub fn fingerprint(p: &Paragraph) -> String {
    let json = serde_json::to_string(&ParagraphText::of(p)).unwrap_or_default();
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in json.as_bytes() {
        hash ^= u64::from(*b);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{hash:016x}")
}

/// What the secretary gives to create a meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct NewMeeting {
    pub body: BodyId,
    pub date: NaiveDate,
    pub starts_at: NaiveTime,
    pub place: String,
    pub chair: PersonId,
    pub adjusters: Vec<PersonId>,
    pub secretary: String,
}

/// The meeting's details set before or at the meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Details {
    pub place: String,
    pub starts_at: NaiveTime,
    #[serde(default)]
    pub ends_at: Option<NaiveTime>,
    pub chair: PersonId,
    pub adjusters: Vec<PersonId>,
    pub secretary: String,
    /// The secretary as a person of the register (who signs as secretary); left out, the one
    /// chosen before stays (a client that does not know the field cannot clear it).
    #[serde(default)]
    pub secretary_person: Option<PersonId>,
    #[serde(default)]
    pub adjustment_place_and_time: String,
}

/// One change to a draft.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "action", rename_all = "snake_case")]
#[allow(clippy::large_enum_variant)] // one edit per request; boxing would only obscure the API
pub enum Edit {
    /// Place, times, chair, adjusters, secretary.
    UpdateDetails {
        details: Details,
    },
    /// Planned → in session.
    OpenSession,
    /// In session → closed; every paragraph needs a decision and a complete decision order.
    CloseSession {
        #[serde(default)]
        ends_at: Option<NaiveTime>,
    },
    /// A seat's state at the start of the meeting: present, absent, or served by a substitute.
    SetSeat {
        seat: SeatAttendance,
    },
    /// A substitute present (but not serving) from the start, or no longer listed.
    /// The whole attendance at the start, saved at once: every seat and the substitutes
    /// present without serving (a serving substitute is never listed as only present).
    SetAttendance {
        seats: Vec<SeatAttendance>,
        #[serde(default)]
        substitutes_present: Vec<PersonId>,
    },
    SetSubstitutePresent {
        person: PersonId,
        present: bool,
    },
    /// An arrival, departure or substitution between paragraphs.
    AddAttendanceChange {
        change: AttendanceChange,
    },
    RemoveAttendanceChange {
        index: usize,
    },
    /// A recusal (jäv) for one paragraph.
    AddRecusal {
        recusal: Recusal,
    },
    RemoveRecusal {
        paragraph: u32,
        person: PersonId,
    },
    AddOfficial {
        official: Official,
    },
    RemoveOfficial {
        index: usize,
    },
    /// A break in the meeting ("Mötet ajourneras klockan 15.13-15.35").
    AddAdjournment {
        adjournment: Adjournment,
    },
    RemoveAdjournment {
        index: usize,
    },
    /// A further day of a meeting held over several days.
    AddMeetingDay {
        day: crate::meeting::MeetingDay,
    },
    RemoveMeetingDay {
        index: usize,
    },
    /// A new paragraph at the end of the list; `number` is the next in the series.
    AddParagraph {
        number: u32,
        title: String,
        #[serde(default)]
        case_number: Option<String>,
    },
    /// The written sections of a paragraph, made on the version `base` (see [`fingerprint`]).
    UpdateText {
        number: u32,
        base: String,
        text: ParagraphText,
    },
    /// A motion as it is made; its id makes a repeated request harmless.
    AddMotion {
        number: u32,
        motion: Motion,
    },
    WithdrawMotion {
        number: u32,
        motion: MotionId,
    },
    /// Jämkning: `by` (the chair or the proposal's supporter) takes the ändringsyrkande
    /// `motion` into the proposal, before anything is put.
    TakeInMotion {
        number: u32,
        motion: MotionId,
        by: PersonId,
    },
    /// The next step of the decision order, recorded when `recorded` steps were already there.
    AddStep {
        number: u32,
        recorded: usize,
        step: Step,
    },
    /// Removes the last step (a mistake), when `recorded` steps are there.
    RemoveLastStep {
        number: u32,
        recorded: usize,
    },
    /// A vote requested on the chair's finding, the last step recorded (`recorded` steps,
    /// the finding included): the finding is replaced by the same finding with the vote.
    RequestVote {
        number: u32,
        recorded: usize,
        step: Step,
    },
    AddReservation {
        number: u32,
        reservation: Reservation,
    },
    /// Several members (a party group) reserve at once; all or none are recorded.
    AddReservations {
        number: u32,
        reservations: Vec<Reservation>,
    },
    RemoveReservation {
        number: u32,
        person: PersonId,
    },
    AddProtocolNote {
        number: u32,
        note: ProtocolNote,
    },
    /// Writes the decision generated from the completed decision order into "Beslut".
    AdoptDecision {
        number: u32,
    },
}

impl Edit {
    /// The paragraph the edit is about, if one.
    pub fn paragraph(&self) -> Option<u32> {
        match self {
            Self::AddParagraph { number, .. }
            | Self::UpdateText { number, .. }
            | Self::AddMotion { number, .. }
            | Self::WithdrawMotion { number, .. }
            | Self::TakeInMotion { number, .. }
            | Self::AddStep { number, .. }
            | Self::RemoveLastStep { number, .. }
            | Self::RequestVote { number, .. }
            | Self::AddReservation { number, .. }
            | Self::AddReservations { number, .. }
            | Self::RemoveReservation { number, .. }
            | Self::AddProtocolNote { number, .. }
            | Self::AdoptDecision { number } => Some(*number),
            Self::AddRecusal { recusal } => Some(recusal.paragraph),
            Self::RemoveRecusal { paragraph, .. } => Some(*paragraph),
            _ => None,
        }
    }

    /// The audit log's name for the edit.
    pub fn audit_action(&self) -> &'static str {
        match self {
            Self::UpdateDetails { .. } => "draft.details",
            Self::OpenSession => "meeting.open",
            Self::CloseSession { .. } => "meeting.close",
            Self::SetSeat { .. }
            | Self::SetAttendance { .. }
            | Self::SetSubstitutePresent { .. }
            | Self::AddAttendanceChange { .. }
            | Self::RemoveAttendanceChange { .. }
            | Self::AddRecusal { .. }
            | Self::RemoveRecusal { .. } => "draft.attendance",
            Self::AddOfficial { .. } | Self::RemoveOfficial { .. } => "draft.officials",
            Self::AddAdjournment { .. }
            | Self::RemoveAdjournment { .. }
            | Self::AddMeetingDay { .. }
            | Self::RemoveMeetingDay { .. } => "draft.details",
            Self::AddParagraph { .. } => "draft.paragraph.add",
            Self::UpdateText { .. } => "draft.paragraph.text",
            Self::AddMotion { .. } | Self::WithdrawMotion { .. } | Self::TakeInMotion { .. } => {
                "draft.motion"
            }
            Self::AddStep { .. }
            | Self::RequestVote { .. }
            | Self::RemoveLastStep { .. }
            | Self::AdoptDecision { .. } => "draft.decision",
            Self::AddReservation { .. }
            | Self::AddReservations { .. }
            | Self::RemoveReservation { .. } => "draft.reservation",
            Self::AddProtocolNote { .. } => "draft.protocol_note",
        }
    }
}

fn conflict(reason: impl Into<String>) -> DomainError {
    DomainError::EditConflict {
        reason: reason.into(),
    }
}

fn require_in_session(meeting: &Meeting, action: &str) -> Result<(), DomainError> {
    if meeting.status == MeetingStatus::InSession {
        Ok(())
    } else {
        Err(DomainError::WrongStatus {
            action: action.into(),
            status: meeting.status.swedish().into(),
        })
    }
}

impl Meeting {
    /// A new planned meeting of the body `body_id`, without seats (see [`Self::seat_members`]).
    #[allow(clippy::too_many_arguments)]
    pub fn planned(
        id: MeetingId,
        body_id: BodyId,
        date: NaiveDate,
        starts_at: NaiveTime,
        place: String,
        chair: PersonId,
        adjusters: Vec<PersonId>,
        secretary: String,
    ) -> Self {
        Self {
            id,
            body_id,
            date,
            starts_at,
            ends_at: None,
            place,
            adjournments: Vec::new(),
            further_days: Vec::new(),
            status: MeetingStatus::Planned,
            chair,
            secretary,
            secretary_person: None,
            adjusters,
            adjustment_place_and_time: String::new(),
            officials: Vec::new(),
            attendance: crate::attendance::Attendance::default(),
            paragraphs: Vec::new(),
            adjustments: Vec::new(),
            pending_adjustment: None,
            pending_immediate: None,
            rejections: Vec::new(),
        }
    }

    /// One seat per member whose mandate covers the meeting's date, each present.
    pub fn seat_members(&mut self, mandates: &[Mandate]) {
        self.attendance.seats = mandates
            .iter()
            .filter(|m| m.role == MandateRole::Member && m.covers(self.date))
            .map(|m| SeatAttendance {
                member: m.person_id,
                state: SeatState::Present,
            })
            .collect();
    }

    fn draft_paragraph_mut(&mut self, number: u32) -> Result<&mut Paragraph, DomainError> {
        self.ensure_editable()?;
        let p = self
            .paragraphs
            .iter_mut()
            .find(|p| p.number == number)
            .ok_or(DomainError::UnknownParagraph { paragraph: number })?;
        if p.immediately_adjusted {
            return Err(DomainError::ParagraphAdjusted { paragraph: number });
        }
        Ok(p)
    }

    /// Applies one edit to the draft. The whole meeting is validated when it is saved; rules
    /// that concern the edit itself (status, identity, order) are checked here.
    pub fn apply(&mut self, ctx: &MeetingContext<'_>, edit: Edit) -> Result<(), DomainError> {
        match edit {
            Edit::OpenSession => self.open_session(),
            Edit::CloseSession { ends_at } => {
                if self.status == MeetingStatus::Closed {
                    return Ok(());
                }
                if ends_at.is_some() {
                    self.ends_at = ends_at;
                }
                self.close_session()
            }
            Edit::UpdateDetails { details } => {
                self.ensure_editable()?;
                self.place = details.place.trim().to_owned();
                self.starts_at = details.starts_at;
                self.ends_at = details.ends_at;
                self.chair = details.chair;
                self.adjusters = details.adjusters;
                self.secretary = details.secretary.trim().to_owned();
                if details.secretary_person.is_some() {
                    self.secretary_person = details.secretary_person;
                }
                self.adjustment_place_and_time =
                    details.adjustment_place_and_time.trim().to_owned();
                Ok(())
            }
            Edit::SetSeat { seat } => {
                self.ensure_editable()?;
                let slot = self
                    .attendance
                    .seats
                    .iter_mut()
                    .find(|s| s.member == seat.member)
                    .ok_or_else(|| DomainError::NotAMember {
                        person: ctx.people.name(seat.member),
                    })?;
                *slot = seat;
                self.attendance.drop_serving_from_present();
                Ok(())
            }
            Edit::SetAttendance {
                seats,
                substitutes_present,
            } => {
                self.ensure_editable()?;
                self.set_attendance(ctx, seats, substitutes_present)
            }
            Edit::SetSubstitutePresent { person, present } => {
                self.ensure_editable()?;
                if !ctx.people.is_substitute(person) {
                    return Err(DomainError::NotASubstitute {
                        person: ctx.people.name(person),
                    });
                }
                let list = &mut self.attendance.substitutes_present;
                list.retain(|p| *p != person);
                if present {
                    list.push(person);
                }
                Ok(())
            }
            Edit::AddAttendanceChange { change } => {
                self.ensure_editable()?;
                self.paragraph(change.from_paragraph)?;
                if !self.attendance.changes.contains(&change) {
                    self.attendance.changes.push(change);
                    self.attendance.changes.sort_by_key(|c| c.from_paragraph);
                }
                Ok(())
            }
            Edit::RemoveAttendanceChange { index } => {
                self.ensure_editable()?;
                if index >= self.attendance.changes.len() {
                    return Err(conflict("närvaroändringen finns inte längre"));
                }
                self.attendance.changes.remove(index);
                Ok(())
            }
            Edit::AddRecusal { recusal } => {
                self.draft_paragraph_mut(recusal.paragraph)?;
                self.attendance
                    .recusals
                    .retain(|r| !(r.paragraph == recusal.paragraph && r.person == recusal.person));
                self.attendance.recusals.push(recusal);
                Ok(())
            }
            Edit::RemoveRecusal { paragraph, person } => {
                self.draft_paragraph_mut(paragraph)?;
                self.attendance
                    .recusals
                    .retain(|r| !(r.paragraph == paragraph && r.person == person));
                Ok(())
            }
            Edit::AddOfficial { official } => {
                self.ensure_editable()?;
                if official.name.trim().is_empty() {
                    return Err(DomainError::Invalid {
                        field: "official.name".into(),
                        reason: "namn saknas".into(),
                    });
                }
                if !self.officials.contains(&official) {
                    self.officials.push(official);
                }
                Ok(())
            }
            Edit::RemoveOfficial { index } => {
                self.ensure_editable()?;
                if index >= self.officials.len() {
                    return Err(conflict("tjänstepersonen finns inte längre i listan"));
                }
                self.officials.remove(index);
                Ok(())
            }
            Edit::AddAdjournment { adjournment } => {
                self.ensure_editable()?;
                if !self.adjournments.contains(&adjournment) {
                    self.adjournments.push(adjournment);
                    self.adjournments.sort_by_key(|a| a.from);
                }
                Ok(())
            }
            Edit::AddMeetingDay { day } => {
                self.ensure_editable()?;
                if !self.further_days.iter().any(|d| d.date == day.date) {
                    self.further_days.push(day);
                    self.further_days.sort_by_key(|d| d.date);
                }
                Ok(())
            }
            Edit::RemoveMeetingDay { index } => {
                self.ensure_editable()?;
                if index >= self.further_days.len() {
                    return Err(conflict("sammanträdesdagen finns inte längre"));
                }
                self.further_days.remove(index);
                Ok(())
            }
            Edit::RemoveAdjournment { index } => {
                self.ensure_editable()?;
                if index >= self.adjournments.len() {
                    return Err(conflict("ajourneringen finns inte längre"));
                }
                self.adjournments.remove(index);
                Ok(())
            }
            Edit::AddParagraph {
                number,
                title,
                case_number,
            } => {
                self.ensure_editable()?;
                let title = title.trim().to_owned();
                if let Ok(existing) = self.paragraph(number) {
                    // A repeated request for the same paragraph is harmless.
                    return if existing.title == title {
                        Ok(())
                    } else {
                        Err(conflict(format!(
                            "§ {number} finns redan (\"{}\"); ladda om sidan",
                            existing.title
                        )))
                    };
                }
                if let Some(last) = self.paragraphs.last()
                    && number != last.number + 1
                {
                    return Err(DomainError::NumberingGap {
                        expected: last.number + 1,
                        found: number,
                    });
                }
                let mut p = Paragraph::new(number, title);
                p.case_number = case_number
                    .map(|c| c.trim().to_owned())
                    .filter(|c| !c.is_empty());
                p.validate_shape()?;
                self.paragraphs.push(p);
                Ok(())
            }
            Edit::UpdateText { number, base, text } => {
                let text = text.normalized();
                let p = self.draft_paragraph_mut(number)?;
                let current = ParagraphText::of(p);
                if current == text {
                    return Ok(());
                }
                if fingerprint(p) != base {
                    return Err(conflict(format!(
                        "§ {number} har ändrats av någon annan sedan du öppnade den. Dina ändringar \
                         är inte sparade: ladda om paragrafen, jämför och skriv in dem igen"
                    )));
                }
                text.write_into(p);
                p.validate_shape()
            }
            Edit::AddMotion { number, motion } => {
                require_in_session(self, "registrera yrkanden")?;
                ctx.people.person(motion.mover)?;
                let p = self.draft_paragraph_mut(number)?;
                if let Some(existing) = p.motions.iter().find(|m| m.id == motion.id) {
                    return if *existing == motion {
                        Ok(())
                    } else {
                        Err(conflict("yrkandet är redan registrerat med annat innehåll"))
                    };
                }
                p.motions.push(motion);
                p.validate_shape()
            }
            Edit::WithdrawMotion { number, motion } => {
                let p = self.draft_paragraph_mut(number)?;
                let m = p.motions.iter_mut().find(|m| m.id == motion).ok_or(
                    DomainError::UnknownMotion {
                        paragraph: number,
                        motion: motion.to_string(),
                    },
                )?;
                m.withdrawn = true;
                Ok(())
            }
            Edit::TakeInMotion { number, motion, by } => {
                require_in_session(self, "jämka ett förslag")?;
                let p = self.draft_paragraph_mut(number)?;
                if p.decision_order
                    .as_ref()
                    .is_some_and(|r| !r.steps.is_empty())
                {
                    return Err(DomainError::DecisionOrder {
                        paragraph: number,
                        reason: "jämkningen görs innan ordföranden ställer proposition; ångra stegen i beslutsgången först".into(),
                    });
                }
                let m = p.motions.iter_mut().find(|m| m.id == motion).ok_or(
                    DomainError::UnknownMotion {
                        paragraph: number,
                        motion: motion.to_string(),
                    },
                )?;
                if m.kind != crate::paragraph::MotionKind::Amendment {
                    return Err(DomainError::DecisionOrder {
                        paragraph: number,
                        reason: "bara ett ändringsyrkande kan jämkas in i förslaget".into(),
                    });
                }
                m.taken_in_by = Some(by);
                Ok(())
            }
            Edit::AddStep {
                number,
                recorded,
                step,
            } => {
                require_in_session(self, "registrera beslutsgången")?;
                let p = self.draft_paragraph_mut(number)?;
                let record = p.decision_order.get_or_insert_with(DecisionRecord::default);
                let len = record.steps.len();
                if len == recorded + 1 && record.steps.last() == Some(&step) {
                    return Ok(());
                }
                if len != recorded {
                    return Err(conflict(format!(
                        "beslutsgången i § {number} har ändrats sedan sidan laddades ({len} steg \
                         i stället för {recorded}); ladda om sidan"
                    )));
                }
                record.steps.push(step);
                // The decision order so far must follow the procedure.
                self.progress(ctx, number)?;
                Ok(())
            }
            Edit::RemoveLastStep { number, recorded } => {
                let p = self.draft_paragraph_mut(number)?;
                let len = p.decision_order.as_ref().map_or(0, |r| r.steps.len());
                if len != recorded || len == 0 {
                    return Err(conflict(format!(
                        "beslutsgången i § {number} har ändrats sedan sidan laddades; ladda om sidan"
                    )));
                }
                if let Some(r) = p.decision_order.as_mut() {
                    r.steps.pop();
                    if r.steps.is_empty() {
                        p.decision_order = None;
                    }
                }
                Ok(())
            }
            Edit::AddReservation {
                number,
                reservation,
            } => {
                self.draft_paragraph_mut(number)?;
                let already = self.paragraph(number)?.reservations.contains(&reservation);
                if already {
                    return Ok(());
                }
                self.add_reservation(ctx, number, reservation)
            }
            Edit::RequestVote {
                number,
                recorded,
                step,
            } => self.request_vote(ctx, number, recorded, step),
            Edit::AddReservations {
                number,
                reservations,
            } => {
                self.draft_paragraph_mut(number)?;
                self.add_reservations(ctx, number, reservations)
            }
            Edit::RemoveReservation { number, person } => {
                let p = self.draft_paragraph_mut(number)?;
                p.reservations.retain(|r| r.person != person);
                Ok(())
            }
            Edit::AddProtocolNote { number, note } => {
                let already = self.paragraph(number)?.protocol_notes.contains(&note);
                if already {
                    return Ok(());
                }
                self.add_protocol_note(ctx, number, note)
            }
            Edit::AdoptDecision { number } => {
                let evaluation =
                    self.evaluate(ctx, number)?
                        .ok_or_else(|| DomainError::DecisionOrder {
                            paragraph: number,
                            reason: "beslutsgången är inte fullständig ännu".into(),
                        })?;
                let p = self.draft_paragraph_mut(number)?;
                let text = evaluation.decision_text(p, ctx.body);
                p.decision = text;
                Ok(())
            }
        }
    }
}
