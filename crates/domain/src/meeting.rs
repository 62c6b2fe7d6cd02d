//! Meetings: time and place, roles, officials, the lifecycle and the rules that span paragraphs.

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::attendance::{Attendance, People, Roster};
use crate::calendar::{self, NoticeDates};
use crate::decision::{self, Alternative, DecisionContext, Evaluation, Outcome, Side, Step};
use crate::error::DomainError;
use crate::ids::{BodyId, MeetingId, PersonId};
use crate::numbering;
use crate::organization::{Body, Organization};
use crate::paragraph::{Paragraph, ProtocolNote, Reservation};

mod change;

/// The lifecycle of a meeting's minutes (domain.md §2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum MeetingStatus {
    Planned,
    InSession,
    Closed,
    UnderAdjustment,
    Adjusted,
    Posted,
    AppealPeriodOver,
}

impl MeetingStatus {
    pub const ALL: [MeetingStatus; 7] = [
        Self::Planned,
        Self::InSession,
        Self::Closed,
        Self::UnderAdjustment,
        Self::Adjusted,
        Self::Posted,
        Self::AppealPeriodOver,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Planned => "planned",
            Self::InSession => "in_session",
            Self::Closed => "closed",
            Self::UnderAdjustment => "under_adjustment",
            Self::Adjusted => "adjusted",
            Self::Posted => "posted",
            Self::AppealPeriodOver => "appeal_period_over",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.as_str() == s)
    }

    pub fn swedish(self) -> &'static str {
        match self {
            Self::Planned => "planerat",
            Self::InSession => "pågår",
            Self::Closed => "avslutat, ej justerat",
            Self::UnderAdjustment => "under justering",
            Self::Adjusted => "justerat",
            Self::Posted => "tillkännagivet",
            Self::AppealPeriodOver => "överklagandetiden har gått ut",
        }
    }

    /// Only a draft can be edited: before it is sent for adjustment.
    pub fn is_draft(self) -> bool {
        matches!(self, Self::Planned | Self::InSession | Self::Closed)
    }
}

/// A break in the meeting ("Mötet ajourneras klockan 15.13-15.35").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Adjournment {
    pub from: NaiveTime,
    pub to: NaiveTime,
}

/// A further day of a meeting held over several days ("2005-11-22--23"), with its own times
/// and adjournments (issue 14, rule 15).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct MeetingDay {
    pub date: NaiveDate,
    pub starts_at: NaiveTime,
    #[serde(default)]
    pub ends_at: Option<NaiveTime>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub adjournments: Vec<Adjournment>,
}

/// An official present at the meeting ("Emelie Romland, kanslichef § 157").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Official {
    pub name: String,
    pub title: String,
    /// The paragraphs attended; empty means the whole meeting.
    #[serde(default)]
    pub paragraphs: Vec<u32>,
}

/// The role in which someone signs the minutes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SignerRole {
    Secretary,
    Chair,
    Adjuster,
}

impl SignerRole {
    pub fn swedish(self) -> &'static str {
        match self {
            Self::Secretary => "Sekreterare",
            Self::Chair => "Ordförande",
            Self::Adjuster => "Justerare",
        }
    }
}

/// A recorded signature on an adjustment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct SignatureRecord {
    pub role: SignerRole,
    pub name: String,
    pub signed_on: NaiveDate,
    /// "Protokollet signerat digitalt".
    pub method: String,
}

/// A notice of an adjusted protocol on the notice board. Posted notices never change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct NoticeRecord {
    #[serde(flatten)]
    pub dates: NoticeDates,
    /// A joint committee's notice on the other participants' boards, as each reports it; the
    /// appeal period runs from the last posting.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other_boards: Vec<OtherPosting>,
}

/// When a notice was posted on another participant's board.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct OtherPosting {
    pub municipality: String,
    pub posted: NaiveDate,
}

impl NoticeRecord {
    pub fn new(dates: NoticeDates) -> Self {
        Self {
            dates,
            other_boards: Vec::new(),
        }
    }
}

/// One adjustment event: the ordinary adjustment or an immediate adjustment of some §§.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct AdjustmentRecord {
    /// Some §§ adjusted apart from the rest: at the meeting (omedelbar justering) or, with
    /// `after_meeting`, on a later day before the rest (särskild justering).
    pub immediate: bool,
    /// A separate adjustment after the meeting, not at it: never printed "omedelbart
    /// justerad" (issue 14, rule 17).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub after_meeting: bool,
    pub paragraphs: Vec<u32>,
    /// The date of the last required signature.
    pub adjusted_on: NaiveDate,
    pub signatures: Vec<SignatureRecord>,
    #[serde(default)]
    pub notice: Option<NoticeRecord>,
}

/// One session of a body, with its minutes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Meeting {
    pub id: MeetingId,
    pub body_id: BodyId,
    pub date: NaiveDate,
    pub starts_at: NaiveTime,
    #[serde(default)]
    pub ends_at: Option<NaiveTime>,
    pub place: String,
    #[serde(default)]
    pub adjournments: Vec<Adjournment>,
    /// The days after `date` of a meeting held over several days, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub further_days: Vec<MeetingDay>,
    pub status: MeetingStatus,
    pub chair: PersonId,
    /// The secretary's name; the secretary is also listed among the officials.
    pub secretary: String,
    /// The secretary as a person of the register, linked to their account: the one who signs
    /// as secretary (never recognised by name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secretary_person: Option<PersonId>,
    pub adjusters: Vec<PersonId>,
    /// "Digital justering den 21 oktober 2024".
    pub adjustment_place_and_time: String,
    #[serde(default)]
    pub officials: Vec<Official>,
    pub attendance: Attendance,
    pub paragraphs: Vec<Paragraph>,
    #[serde(default)]
    pub adjustments: Vec<AdjustmentRecord>,
    /// The adjustment in progress, while the meeting is under adjustment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pending_adjustment: Option<crate::adjustment::PendingAdjustment>,
    /// An immediate adjustment of some paragraphs in progress during the meeting.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pending_immediate: Option<crate::adjustment::PendingImmediate>,
    /// Every time a signer rejected the protocol (or the secretary withdrew it), newest last:
    /// who, when and what is to be corrected, for the secretary.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rejections: Vec<Rejection>,
}

/// A rejection of the protocol sent for adjustment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Rejection {
    /// The signer's name and role ("Johan Björkman", "Ordförande"), or the secretary's.
    pub name: String,
    pub role: String,
    pub on: NaiveDateTime,
    pub comment: String,
}

/// What the meeting's rules need besides the meeting.
pub struct MeetingContext<'a> {
    pub organization: &'a Organization,
    pub body: &'a Body,
    pub people: People<'a>,
}

impl Meeting {
    /// Whether § `number` is adjusted (or being adjusted) separately after the meeting rather
    /// than immediately at it.
    pub fn adjusted_separately_after(&self, number: u32) -> bool {
        self.adjustments
            .iter()
            .any(|a| a.immediate && a.after_meeting && a.paragraphs.contains(&number))
            || self
                .pending_immediate
                .as_ref()
                .is_some_and(|p| p.after_meeting && p.paragraphs.contains(&number))
    }

    /// The meeting's last day: the adjustment deadline runs from it.
    pub fn last_day(&self) -> NaiveDate {
        self.further_days.last().map_or(self.date, |d| d.date)
    }

    /// "2005-11-22", or for a meeting over several days "2005-11-22--23",
    /// "2005-11-30--12-01" or "2005-12-31--2006-01-01".
    pub fn date_label(&self) -> String {
        let first = self.date.format("%Y-%m-%d").to_string();
        let last = self.last_day();
        if last == self.date {
            first
        } else if last.year() != self.date.year() {
            format!("{first}--{}", last.format("%Y-%m-%d"))
        } else if last.month() != self.date.month() {
            format!("{first}--{}", last.format("%m-%d"))
        } else {
            format!("{first}--{}", last.format("%d"))
        }
    }

    pub fn numbers(&self) -> Vec<u32> {
        self.paragraphs.iter().map(|p| p.number).collect()
    }

    pub fn year(&self) -> i32 {
        self.date.year()
    }

    pub fn paragraph(&self, number: u32) -> Result<&Paragraph, DomainError> {
        self.paragraphs
            .iter()
            .find(|p| p.number == number)
            .ok_or(DomainError::UnknownParagraph { paragraph: number })
    }

    pub(crate) fn paragraph_mut(&mut self, number: u32) -> Result<&mut Paragraph, DomainError> {
        self.paragraphs
            .iter_mut()
            .find(|p| p.number == number)
            .ok_or(DomainError::UnknownParagraph { paragraph: number })
    }

    pub fn rosters(&self, ctx: &MeetingContext<'_>) -> Result<Vec<Roster>, DomainError> {
        self.attendance
            .rosters(ctx.body, &ctx.people, &self.numbers())
    }

    pub fn roster(&self, ctx: &MeetingContext<'_>, number: u32) -> Result<Roster, DomainError> {
        self.attendance
            .roster(ctx.body, &ctx.people, &self.numbers(), number)
    }

    /// Runs the decision-order engine on one paragraph. `Ok(None)` when nothing is recorded,
    /// or while the meeting is open and the decision order is still being recorded.
    pub fn evaluate(
        &self,
        ctx: &MeetingContext<'_>,
        number: u32,
    ) -> Result<Option<Evaluation>, DomainError> {
        Ok(self.progress(ctx, number)?.and_then(|p| p.complete()))
    }

    /// Whether a decision order may stop before its end: only while the meeting is planned or
    /// in session. From closing on every recorded decision order must be complete.
    pub fn records_live(&self) -> bool {
        matches!(
            self.status,
            MeetingStatus::Planned | MeetingStatus::InSession
        )
    }

    /// The decision order of one paragraph as far as it is recorded, with the next question.
    pub fn progress(
        &self,
        ctx: &MeetingContext<'_>,
        number: u32,
    ) -> Result<Option<decision::Progress>, DomainError> {
        let paragraph = self.paragraph(number)?;
        if paragraph.decision_order.is_none() {
            return Ok(None);
        }
        let roster = self.roster(ctx, number)?;
        self.progress_in(ctx, paragraph, &roster, false)
    }

    /// The progress of `paragraph` with its roster already computed (from [`Self::rosters`],
    /// once for the meeting: asking per § would compute every earlier roster again). With
    /// `live`, like [`Self::live_progress`].
    pub fn progress_in(
        &self,
        ctx: &MeetingContext<'_>,
        paragraph: &Paragraph,
        roster: &Roster,
        live: bool,
    ) -> Result<Option<decision::Progress>, DomainError> {
        match &paragraph.decision_order {
            Some(record) => self.progress_with(ctx, paragraph, roster, record).map(Some),
            None if live && self.records_live() => {
                let empty = decision::DecisionRecord::default();
                self.progress_with(ctx, paragraph, roster, &empty).map(Some)
            }
            None => Ok(None),
        }
    }

    /// Like [`Self::progress`], but while the meeting is live a paragraph with nothing recorded
    /// yet starts from an empty decision order, so the first question to put is known.
    pub fn live_progress(
        &self,
        ctx: &MeetingContext<'_>,
        number: u32,
    ) -> Result<Option<decision::Progress>, DomainError> {
        let paragraph = self.paragraph(number)?;
        if paragraph.decision_order.is_none() && !self.records_live() {
            return Ok(None);
        }
        let roster = self.roster(ctx, number)?;
        self.progress_in(ctx, paragraph, &roster, true)
    }

    fn progress_with(
        &self,
        ctx: &MeetingContext<'_>,
        paragraph: &Paragraph,
        roster: &Roster,
        record: &decision::DecisionRecord,
    ) -> Result<decision::Progress, DomainError> {
        let dctx = DecisionContext {
            body: ctx.body,
            chair: self.chair,
            people: &ctx.people,
            roster,
        };
        if self.records_live() {
            decision::evaluate_partial(&dctx, paragraph, record)
        } else {
            let e = decision::evaluate(&dctx, paragraph, record)?;
            Ok(decision::Progress {
                text: e.text,
                outcome: Some(e.outcome),
                next: None,
                roll_calls: e.roll_calls,
            })
        }
    }

    /// Checks every rule that spans the meeting: numbering, roles, attendance, every decision
    /// order, every reservation, and the dates of recorded notices.
    /// The paragraphs adjusted immediately (or being so) are locked: `new` may change neither
    /// their content nor who served at them (a seat change at the meeting applies to the
    /// paragraphs still to come).
    pub fn check_locked_unchanged(
        &self,
        ctx: &MeetingContext<'_>,
        new: &Meeting,
    ) -> Result<(), DomainError> {
        let locked: Vec<u32> = self
            .paragraphs
            .iter()
            .map(|p| p.number)
            .filter(|n| {
                self.adjustments
                    .iter()
                    .any(|a| a.immediate && a.paragraphs.contains(n))
                    || self
                        .pending_immediate
                        .as_ref()
                        .is_some_and(|i| i.paragraphs.contains(n))
            })
            .collect();
        if locked.is_empty() {
            return Ok(());
        }
        for n in &locked {
            let old = self.paragraphs.iter().find(|p| p.number == *n);
            let now = new.paragraphs.iter().find(|p| p.number == *n);
            if old != now {
                return Err(DomainError::ParagraphAdjusted { paragraph: *n });
            }
        }
        let before = self.rosters(ctx)?;
        // A roster that cannot be worked out is refused by validation anyway.
        let Ok(after) = new.rosters(ctx) else {
            return Ok(());
        };
        for n in &locked {
            let old = before.iter().find(|r| r.paragraph == *n);
            let now = after.iter().find(|r| r.paragraph == *n);
            if old != now {
                return Err(DomainError::ParagraphAdjusted { paragraph: *n });
            }
        }
        Ok(())
    }

    /// The meeting's own details are single lines of printable text (they reach the iCalendar
    /// feed, headers of documents and the API as they are).
    fn check_printable(&self) -> Result<(), DomainError> {
        use crate::text::check_printable;
        check_printable("meeting.place", "platsen", &self.place, false)?;
        check_printable("meeting.secretary", "sekreteraren", &self.secretary, false)?;
        check_printable(
            "meeting.adjustment_place_and_time",
            "plats och tid för justering",
            &self.adjustment_place_and_time,
            false,
        )?;
        for o in &self.officials {
            check_printable(
                "meeting.officials",
                "en tjänstepersons namn",
                &o.name,
                false,
            )?;
            check_printable(
                "meeting.officials",
                "en tjänstepersons titel",
                &o.title,
                false,
            )?;
        }
        Ok(())
    }

    pub fn validate(&self, ctx: &MeetingContext<'_>) -> Result<(), DomainError> {
        self.check_frame(ctx)?;
        let rosters = self.rosters(ctx)?;
        self.check_unstated_pairings(ctx, &rosters)?;
        for (p, roster) in self.paragraphs.iter().zip(&rosters) {
            self.check_paragraph(ctx, p, roster)?;
        }
        self.check_adjustments(ctx)
    }

    /// The rules of the meeting's frame: everything but the paragraphs' own content (times,
    /// place, roles, officials, the numbering of the series).
    fn check_frame(&self, ctx: &MeetingContext<'_>) -> Result<(), DomainError> {
        if self.body_id != ctx.body.id {
            return Err(DomainError::Invalid {
                field: "meeting.body_id".into(),
                reason: "sammanträdet hör till ett annat organ än det angivna".into(),
            });
        }
        calendar::check_supported(self.date)?;
        self.check_printable()?;
        if let Some(p) = self.secretary_person {
            ctx.people.person(p)?;
        }
        if self.place.trim().is_empty() {
            return Err(DomainError::Invalid {
                field: "meeting.place".into(),
                reason: "plats saknas".into(),
            });
        }
        if let Some(end) = self.ends_at
            && end < self.starts_at
        {
            return Err(DomainError::Invalid {
                field: "meeting.ends_at".into(),
                reason: format!(
                    "sammanträdet slutar ({}) före det börjar ({})",
                    crate::text::clock(end),
                    crate::text::clock(self.starts_at)
                ),
            });
        }
        for a in &self.adjournments {
            if a.to < a.from || a.from < self.starts_at || self.ends_at.is_some_and(|e| a.to > e) {
                return Err(DomainError::Invalid {
                    field: "meeting.adjournments".into(),
                    reason: format!(
                        "ajourneringen {}-{} ligger inte inom sammanträdet",
                        crate::text::clock(a.from),
                        crate::text::clock(a.to)
                    ),
                });
            }
        }
        let mut previous = self.date;
        for day in &self.further_days {
            calendar::check_supported(day.date)?;
            let at = crate::text::iso_date(day.date);
            if day.date <= previous {
                return Err(DomainError::Invalid {
                    field: "meeting.further_days".into(),
                    reason: format!(
                        "sammanträdesdagen {at} ska komma efter {}",
                        crate::text::iso_date(previous)
                    ),
                });
            }
            if day.ends_at.is_some_and(|e| e < day.starts_at)
                || day.adjournments.iter().any(|a| {
                    a.to < a.from || a.from < day.starts_at || day.ends_at.is_some_and(|e| a.to > e)
                })
            {
                return Err(DomainError::Invalid {
                    field: "meeting.further_days".into(),
                    reason: format!(
                        "sammanträdesdagen {at}: sluttiden eller en ajournering ligger inte inom dagens sammanträde"
                    ),
                });
            }
            previous = day.date;
        }
        if self.further_days.len() > 30 {
            return Err(DomainError::Invalid {
                field: "meeting.further_days".into(),
                reason: "ett sammanträde kan inte pågå i mer än 31 dagar".into(),
            });
        }
        numbering::check_meeting(&self.numbers())?;
        self.check_roles(ctx)?;
        let known = self.numbers();
        for o in &self.officials {
            if let Some(n) = o.paragraphs.iter().find(|n| !known.contains(n)) {
                return Err(DomainError::UnknownParagraph { paragraph: *n });
            }
        }
        Ok(())
    }

    /// A substitute recorded without the member they replace must serve somewhere.
    fn check_unstated_pairings(
        &self,
        ctx: &MeetingContext<'_>,
        rosters: &[Roster],
    ) -> Result<(), DomainError> {
        for sub in &self.attendance.pairing_unstated {
            let serves = rosters.iter().any(|r| {
                r.serving
                    .iter()
                    .any(|s| s.person == *sub && s.is_substitute())
            });
            if !serves {
                return Err(DomainError::Invalid {
                    field: "attendance.pairing_unstated".into(),
                    reason: format!(
                        "{} tjänstgör inte som ersättare vid sammanträdet; bara tjänstgörande ersättare kan stå utan angiven ledamot",
                        ctx.people.name(*sub)
                    ),
                });
            }
        }
        Ok(())
    }

    /// The rules of one paragraph, given who served at it: its shape and texts, the decision
    /// order, reservations, protocol notes and speakers.
    fn check_paragraph(
        &self,
        ctx: &MeetingContext<'_>,
        p: &Paragraph,
        roster: &Roster,
    ) -> Result<(), DomainError> {
        p.validate_shape()?;
        let evaluation = match &p.decision_order {
            Some(record) => self.progress_with(ctx, p, roster, record)?.complete(),
            None => None,
        };
        let mut seen = Vec::new();
        for r in &p.reservations {
            if seen.contains(&r.person) {
                return Err(DomainError::DuplicateReservation {
                    paragraph: p.number,
                    person: ctx.people.name(r.person),
                });
            }
            seen.push(r.person);
            check_reservation(p, roster, evaluation.as_ref(), r, &ctx.people)?;
        }
        for note in &p.protocol_notes {
            note.check(p.number, &ctx.people)?;
        }
        for (i, speaker) in p.speakers.iter().enumerate() {
            ctx.people.person(*speaker)?;
            if p.speakers.iter().skip(i + 1).any(|x| x == speaker) {
                return Err(DomainError::Invalid {
                    field: "paragraph.speakers".into(),
                    reason: format!(
                        "§ {}: {} står två gånger bland dem som yttrade sig",
                        p.number,
                        ctx.people.name(*speaker)
                    ),
                });
            }
        }
        Ok(())
    }

    fn check_roles(&self, ctx: &MeetingContext<'_>) -> Result<(), DomainError> {
        let chair = ctx.people.person(self.chair)?;
        if !ctx.people.is_member(self.chair) && !ctx.people.is_substitute(self.chair) {
            return Err(DomainError::InvalidRoleHolder {
                role: "Ordförande".into(),
                person: format!("{} är inte ledamot i organet", chair.name_with_party()),
            });
        }
        let required = ctx.body.adjusters;
        let given = u32::try_from(self.adjusters.len()).unwrap_or(u32::MAX);
        if given < required {
            return Err(DomainError::TooFewAdjusters {
                body: ctx.body.name.clone(),
                required,
                given,
            });
        }
        for (i, a) in self.adjusters.iter().enumerate() {
            let person = ctx.people.person(*a)?;
            if *a == self.chair || self.adjusters.iter().skip(i + 1).any(|b| b == a) {
                return Err(DomainError::InvalidRoleHolder {
                    role: "Justerare".into(),
                    person: format!(
                        "{} är redan ordförande eller justerare",
                        person.name_with_party()
                    ),
                });
            }
            if !ctx.people.is_member(*a) && !ctx.people.is_substitute(*a) {
                return Err(DomainError::InvalidRoleHolder {
                    role: "Justerare".into(),
                    person: format!("{} är inte ledamot i organet", person.name_with_party()),
                });
            }
        }
        if self.secretary.trim().is_empty() {
            return Err(DomainError::InvalidRoleHolder {
                role: "Sekreterare".into(),
                person: "namn saknas".into(),
            });
        }
        Ok(())
    }

    fn check_adjustments(&self, ctx: &MeetingContext<'_>) -> Result<(), DomainError> {
        for p in self.paragraphs.iter().filter(|p| p.immediately_adjusted) {
            let pending = self
                .pending_immediate
                .as_ref()
                .is_some_and(|i| i.paragraphs.contains(&p.number));
            if !pending
                && !self
                    .adjustments
                    .iter()
                    .any(|a| a.immediate && a.paragraphs.contains(&p.number))
                && !self.status.is_draft()
                && self.status != MeetingStatus::UnderAdjustment
            {
                return Err(DomainError::Invalid {
                    field: "meeting.adjustments".into(),
                    reason: format!(
                        "§ {} är omedelbart justerad men saknar justeringshändelse",
                        p.number
                    ),
                });
            }
        }
        for a in &self.adjustments {
            for n in &a.paragraphs {
                let p = self.paragraph(*n)?;
                if a.immediate && !p.immediately_adjusted {
                    return Err(DomainError::Invalid {
                        field: "meeting.adjustments".into(),
                        reason: format!(
                            "§ {n} ingår i en omedelbar justering men är inte markerad som omedelbart justerad"
                        ),
                    });
                }
            }
            if a.adjusted_on < self.date {
                return Err(DomainError::Invalid {
                    field: "adjustment.adjusted_on".into(),
                    reason: "justeringen kan inte ske före sammanträdet".into(),
                });
            }
            if let Some(notice) = &a.notice {
                let d = notice.dates;
                if d.posted < a.adjusted_on {
                    return Err(DomainError::Invalid {
                        field: "notice.posted".into(),
                        reason: "tillkännagivandet kan inte publiceras före justeringen".into(),
                    });
                }
                let last = calendar::last_appeal_day(d.posted)?;
                if last != d.last_appeal_day {
                    return Err(DomainError::DateMismatch {
                        what: "sista dag för överklagande".into(),
                        given: d.last_appeal_day.to_string(),
                        computed: last.to_string(),
                    });
                }
                let takedown =
                    calendar::takedown_date(d.posted, ctx.organization.notice_board.takedown)?;
                if d.takedown < d.last_appeal_day {
                    return Err(DomainError::DateMismatch {
                        what: "nedtagningsdag".into(),
                        given: d.takedown.to_string(),
                        computed: takedown.to_string(),
                    });
                }
            }
        }
        Ok(())
    }

    // --- Lifecycle commands ---

    fn transition(
        &mut self,
        action: &str,
        from: &[MeetingStatus],
        to: MeetingStatus,
    ) -> Result<(), DomainError> {
        if from.contains(&self.status) {
            self.status = to;
            Ok(())
        } else {
            Err(DomainError::WrongStatus {
                action: action.into(),
                status: self.status.swedish().into(),
            })
        }
    }

    pub fn ensure_editable(&self) -> Result<(), DomainError> {
        if self.status.is_draft() {
            Ok(())
        } else {
            Err(DomainError::NotEditable {
                status: self.status.swedish().into(),
            })
        }
    }

    /// Opens the session (Planned → InSession).
    pub fn open_session(&mut self) -> Result<(), DomainError> {
        self.transition(
            "öppna sammanträdet",
            &[MeetingStatus::Planned],
            MeetingStatus::InSession,
        )
    }

    /// Closes the session (InSession → Closed). Every paragraph must have a decision.
    pub fn close_session(&mut self) -> Result<(), DomainError> {
        if let Some(p) = self.paragraphs.iter().find(|p| !p.has_decision()) {
            return Err(DomainError::ParagraphWithoutDecision {
                paragraph: p.number,
            });
        }
        self.transition(
            "avsluta sammanträdet",
            &[MeetingStatus::InSession],
            MeetingStatus::Closed,
        )
    }

    /// Freezes the content for signing (Closed → UnderAdjustment). Paragraphs being adjusted on
    /// their own (immediately or separately) are not part of it, so both can go on at once.
    pub fn send_for_adjustment(&mut self) -> Result<(), DomainError> {
        self.transition(
            "skicka för justering",
            &[MeetingStatus::Closed],
            MeetingStatus::UnderAdjustment,
        )
    }

    /// A signer rejects, or the secretary withdraws: back to the draft (UnderAdjustment → Closed).
    pub fn withdraw_adjustment(&mut self) -> Result<(), DomainError> {
        self.transition(
            "återkalla justeringen",
            &[MeetingStatus::UnderAdjustment],
            MeetingStatus::Closed,
        )
    }

    /// Records the ordinary adjustment once every required signature is in.
    pub fn mark_adjusted(
        &mut self,
        signatures: Vec<SignatureRecord>,
    ) -> Result<NaiveDate, DomainError> {
        let adjusted_on = signatures
            .iter()
            .map(|s| s.signed_on)
            .max()
            .ok_or_else(|| DomainError::Invalid {
                field: "signatures".into(),
                reason: "inga underskrifter".into(),
            })?;
        self.transition(
            "justera protokollet",
            &[MeetingStatus::UnderAdjustment],
            MeetingStatus::Adjusted,
        )?;
        let paragraphs = self
            .paragraphs
            .iter()
            .filter(|p| !p.immediately_adjusted)
            .map(|p| p.number)
            .collect();
        self.adjustments.push(AdjustmentRecord {
            after_meeting: false,
            immediate: false,
            paragraphs,
            adjusted_on,
            signatures,
            notice: None,
        });
        Ok(adjusted_on)
    }

    /// Posts the notice of the ordinary adjustment (Adjusted → Posted).
    pub fn post_notice(&mut self, organization: &Organization) -> Result<NoticeDates, DomainError> {
        let record = self
            .adjustments
            .iter()
            .rev()
            .find(|a| !a.immediate)
            .ok_or_else(|| DomainError::WrongStatus {
                action: "tillkännage".into(),
                status: self.status.swedish().into(),
            })?;
        let posted = calendar::posting_date(record.adjusted_on, organization.notice_board.posting)?;
        let dates = calendar::notice_dates(posted, organization.notice_board.takedown)?;
        self.transition(
            "tillkännage",
            &[MeetingStatus::Adjusted],
            MeetingStatus::Posted,
        )?;
        if let Some(r) = self.adjustments.iter_mut().rev().find(|a| !a.immediate) {
            r.notice = Some(NoticeRecord::new(dates));
        }
        Ok(dates)
    }

    /// The status as of `today`: a posted protocol whose appeal period is over shows so,
    /// without any job having to run.
    pub fn status_on(&self, today: NaiveDate) -> MeetingStatus {
        // "Tillkännagivet" only from the day the latest notice is posted.
        let latest_posted = self
            .adjustments
            .iter()
            .rev()
            .find_map(|a| a.notice.as_ref().map(|n| n.dates))
            .map(|n| n.posted);
        if self.status == MeetingStatus::Posted && latest_posted.is_some_and(|p| today < p) {
            return MeetingStatus::Adjusted;
        }
        if self.status == MeetingStatus::Posted
            && self
                .adjustments
                .iter()
                .filter_map(|a| a.notice.as_ref().map(|n| n.dates))
                .all(|n| today > n.last_appeal_day)
        {
            MeetingStatus::AppealPeriodOver
        } else {
            self.status
        }
    }

    /// Replaces a paragraph in the draft. Immediately adjusted paragraphs are locked.
    pub fn replace_paragraph(&mut self, paragraph: Paragraph) -> Result<(), DomainError> {
        self.ensure_editable()?;
        let existing = self.paragraph_mut(paragraph.number)?;
        if existing.immediately_adjusted {
            return Err(DomainError::ParagraphAdjusted {
                paragraph: paragraph.number,
            });
        }
        paragraph.validate_shape()?;
        *existing = paragraph;
        Ok(())
    }

    /// Records a reservation; only while the meeting is in session and only by someone who
    /// took part in the decision and did not vote for the winning side.
    pub fn add_reservation(
        &mut self,
        ctx: &MeetingContext<'_>,
        number: u32,
        reservation: Reservation,
    ) -> Result<(), DomainError> {
        if self.status != MeetingStatus::InSession {
            return Err(DomainError::MeetingNotInSession);
        }
        let roster = self.roster(ctx, number)?;
        let evaluation = self.evaluate(ctx, number)?;
        let paragraph = self.paragraph(number)?;
        if paragraph
            .reservations
            .iter()
            .any(|r| r.person == reservation.person)
        {
            return Err(DomainError::DuplicateReservation {
                paragraph: number,
                person: ctx.people.name(reservation.person),
            });
        }
        check_reservation(
            paragraph,
            &roster,
            evaluation.as_ref(),
            &reservation,
            &ctx.people,
        )?;
        self.paragraph_mut(number)?.reservations.push(reservation);
        Ok(())
    }

    /// Records a protocol note by a person of the register or by a group.
    pub fn add_protocol_note(
        &mut self,
        ctx: &MeetingContext<'_>,
        number: u32,
        note: ProtocolNote,
    ) -> Result<(), DomainError> {
        self.ensure_editable()?;
        note.check(number, &ctx.people)?;
        if note.text.trim().is_empty() {
            return Err(DomainError::Invalid {
                field: "protocol_note.text".into(),
                reason: "protokollsanteckningen är tom".into(),
            });
        }
        let p = self.paragraph_mut(number)?;
        if p.immediately_adjusted {
            return Err(DomainError::ParagraphAdjusted { paragraph: number });
        }
        p.protocol_notes.push(note);
        Ok(())
    }
}

/// The longest written reservation printed in the protocol (about five pages).
pub const RESERVATION_TEXT_LIMIT: usize = 20_000;

pub(crate) fn check_reservation(
    paragraph: &Paragraph,
    roster: &Roster,
    evaluation: Option<&Evaluation>,
    reservation: &Reservation,
    people: &People<'_>,
) -> Result<(), DomainError> {
    let n = paragraph.number;
    people.person(reservation.person)?;
    if paragraph.decision.is_empty() && paragraph.decision_order.is_none() {
        return Err(DomainError::NothingToReserveAgainst { paragraph: n });
    }
    if !roster.is_serving(reservation.person) {
        return Err(DomainError::ReservationByNonParticipant {
            paragraph: n,
            person: people.name(reservation.person),
        });
    }
    if let Some(id) = &reservation.in_favour_of {
        paragraph.motion(id)?;
    }
    if let Some(text) = &reservation.text {
        crate::text::check_printable("reservation.text", "reservationens text", text, true)?;
        if text.chars().count() > RESERVATION_TEXT_LIMIT {
            return Err(DomainError::Invalid {
                field: "reservation.text".into(),
                reason: format!(
                    "reservationens text är längre än {RESERVATION_TEXT_LIMIT} tecken; bifoga den som bilaga"
                ),
            });
        }
    }
    // Someone who voted for the winning side in the main vote cannot reserve against it.
    if let (Some(eval), Some(record)) = (evaluation, &paragraph.decision_order)
        && let Outcome::Decided { main, .. } = &eval.outcome
    {
        for step in &record.steps {
            if let Step::Main {
                finding,
                vote: Some(vote),
            } = step
            {
                let winning_side = if main == finding {
                    Side::Yes
                } else if main == &vote.counter {
                    Side::No
                } else {
                    continue;
                };
                let ballot = vote.roll_call.ballot_of(reservation.person);
                // Abstaining is not taking part in the decision (KL 4 kap. 24 och 27 §§).
                if ballot == Some(decision::Ballot::Abstain) {
                    return Err(DomainError::ReservationByAbstainer {
                        paragraph: n,
                        person: people.name(reservation.person),
                    });
                }
                let voted_for_winner = matches!(
                    (ballot, winning_side),
                    (Some(decision::Ballot::Yes), Side::Yes)
                        | (Some(decision::Ballot::No), Side::No)
                );
                if voted_for_winner {
                    return Err(DomainError::ReservationBySupporter {
                        paragraph: n,
                        person: people.name(reservation.person),
                    });
                }
            }
        }
        // A reservation in favour of the alternative that won makes no sense either.
        if let Some(id) = &reservation.in_favour_of
            && *main == Alternative::Motion(id.clone())
        {
            return Err(DomainError::ReservationBySupporter {
                paragraph: n,
                person: people.name(reservation.person),
            });
        }
    }
    Ok(())
}
