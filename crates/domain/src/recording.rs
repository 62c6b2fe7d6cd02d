//! What the secretary records during the meeting beyond single edits: a vote requested after
//! the chair's finding, and reservations by a group at once (with who may reserve and in
//! favour of what).

use crate::attendance::{SeatAttendance, SeatState};
use crate::decision::{self, Alternative, Outcome, Question, Resolution, Step};
use crate::error::DomainError;
use crate::ids::{MotionId, PersonId};
use crate::meeting::{Meeting, MeetingContext, MeetingStatus, check_reservation};
use crate::paragraph::{MotionKind, Reservation};

impl Step {
    /// Whether `voted` is this step (the chair's finding without a vote) with a vote requested
    /// on the same question and the same finding: "… och finner att … Omröstning begärs".
    pub fn is_vote_requested_on(&self, voted: &Step) -> bool {
        match (self, voted) {
            (
                Step::Formal {
                    motion: a,
                    resolution: Resolution::Acclamation { .. },
                },
                Step::Formal {
                    motion: b,
                    resolution: Resolution::Vote { .. },
                },
            )
            | (
                Step::Addition {
                    motion: a,
                    resolution: Resolution::Acclamation { .. },
                },
                Step::Addition {
                    motion: b,
                    resolution: Resolution::Vote { .. },
                },
            ) => a == b,
            (
                Step::Main {
                    finding: a,
                    vote: None,
                },
                Step::Main {
                    finding: b,
                    vote: Some(_),
                },
            ) => a == b,
            (
                Step::Clause {
                    clause: c,
                    finding: a,
                    vote: None,
                },
                Step::Clause {
                    clause: d,
                    finding: b,
                    vote: Some(_),
                },
            ) => c == d && a == b,
            _ => false,
        }
    }

    /// Whether a vote may still be requested on this step (it was settled by the chair's
    /// finding alone).
    pub fn settled_by_finding(&self) -> bool {
        match self {
            Step::Formal { resolution, .. } | Step::Addition { resolution, .. } => {
                matches!(resolution, Resolution::Acclamation { .. })
            }
            Step::Main { vote, .. } | Step::Clause { vote, .. } => vote.is_none(),
        }
    }
}

impl Meeting {
    /// Replaces the attendance at the start: the same seats (a page loaded before a seat was
    /// added or removed is refused), each substitute serving in one seat at most and only
    /// substitutes of the body listed; serving substitutes are dropped from those present.
    pub fn set_attendance(
        &mut self,
        ctx: &MeetingContext<'_>,
        seats: Vec<SeatAttendance>,
        mut substitutes_present: Vec<PersonId>,
    ) -> Result<(), DomainError> {
        let mut wanted: Vec<PersonId> = seats.iter().map(|s| s.member).collect();
        let mut have: Vec<PersonId> = self.attendance.seats.iter().map(|s| s.member).collect();
        wanted.sort();
        have.sort();
        if wanted != have {
            return Err(DomainError::EditConflict {
                reason: "närvarolistans ledamöter har ändrats sedan sidan laddades; ladda om sidan"
                    .into(),
            });
        }
        let mut serving: Vec<PersonId> = Vec::new();
        for s in &seats {
            if let SeatState::ServedBy { substitute } = s.state {
                if !ctx.people.is_substitute(substitute) {
                    return Err(DomainError::NotASubstitute {
                        person: ctx.people.name(substitute),
                    });
                }
                if serving.contains(&substitute) {
                    return Err(DomainError::Invalid {
                        field: "attendance".into(),
                        reason: format!(
                            "{} kan bara tjänstgöra för en ledamot åt gången",
                            ctx.people.name(substitute)
                        ),
                    });
                }
                serving.push(substitute);
            }
        }
        substitutes_present.sort();
        substitutes_present.dedup();
        for p in &substitutes_present {
            if !ctx.people.is_substitute(*p) {
                return Err(DomainError::NotASubstitute {
                    person: ctx.people.name(*p),
                });
            }
        }
        // Keep the order of the seats as the body lists them.
        let mut ordered = Vec::with_capacity(seats.len());
        for existing in &self.attendance.seats {
            if let Some(s) = seats.iter().find(|s| s.member == existing.member) {
                ordered.push(s.clone());
            }
        }
        self.attendance.seats = ordered;
        self.attendance.substitutes_present = substitutes_present;
        self.attendance.drop_serving_from_present();
        Ok(())
    }

    /// The attendance of the body's previous meeting as an edit for this one: each seat as
    /// it was there (a substitute only if still a substitute of the body), present otherwise;
    /// the substitutes present likewise.
    pub fn attendance_like(
        &self,
        ctx: &MeetingContext<'_>,
        previous: &Meeting,
    ) -> crate::drafting::Edit {
        let seats = self
            .attendance
            .seats
            .iter()
            .map(|seat| {
                let state = previous
                    .attendance
                    .seats
                    .iter()
                    .find(|s| s.member == seat.member)
                    .map(|s| s.state.clone())
                    .filter(|state| match state {
                        SeatState::ServedBy { substitute } => ctx.people.is_substitute(*substitute),
                        _ => true,
                    })
                    .unwrap_or(SeatState::Present);
                SeatAttendance {
                    member: seat.member,
                    state,
                }
            })
            .collect();
        crate::drafting::Edit::SetAttendance {
            seats,
            substitutes_present: previous
                .attendance
                .substitutes_present
                .iter()
                .copied()
                .filter(|p| ctx.people.is_substitute(*p))
                .collect(),
        }
    }

    /// The question the last recorded step answered, when that step was the chair's finding
    /// alone: a vote may then be requested on it (the normal order in a meeting).
    pub fn vote_may_be_requested(
        &self,
        ctx: &MeetingContext<'_>,
        number: u32,
    ) -> Option<(Question, Step)> {
        if self.status != MeetingStatus::InSession {
            return None;
        }
        let paragraph = self.paragraph(number).ok()?;
        if paragraph.immediately_adjusted {
            return None;
        }
        let record = paragraph.decision_order.as_ref()?;
        let last = record.steps.last()?;
        if !last.settled_by_finding() {
            return None;
        }
        let mut before = record.clone();
        before.steps.pop();
        let roster = self.roster(ctx, number).ok()?;
        let dctx = decision::DecisionContext {
            body: ctx.body,
            chair: self.chair,
            people: &ctx.people,
            roster: &roster,
        };
        let progress = decision::evaluate_partial(&dctx, paragraph, &before).ok()?;
        let question = progress.next?;
        // A single alternative has nothing to vote against.
        if let Question::Main { alternatives } | Question::Clause { alternatives, .. } = &question
            && alternatives.len() < 2
        {
            return None;
        }
        Some((question, last.clone()))
    }

    /// Replaces the last step, the chair's finding, by the same finding with the vote that was
    /// requested on it. `recorded` is the number of steps the page showed (the finding
    /// included); a repeated request is harmless.
    pub fn request_vote(
        &mut self,
        ctx: &MeetingContext<'_>,
        number: u32,
        recorded: usize,
        voted: Step,
    ) -> Result<(), DomainError> {
        if self.status != MeetingStatus::InSession {
            return Err(DomainError::MeetingNotInSession);
        }
        let paragraph = self.paragraph(number)?;
        if paragraph.immediately_adjusted {
            return Err(DomainError::ParagraphAdjusted { paragraph: number });
        }
        let steps = paragraph
            .decision_order
            .as_ref()
            .map(|r| r.steps.as_slice())
            .unwrap_or_default();
        if steps.len() == recorded && steps.last() == Some(&voted) {
            return Ok(());
        }
        let Some(last) = steps.last().filter(|_| steps.len() == recorded) else {
            return Err(DomainError::EditConflict {
                reason: format!(
                    "beslutsgången i § {number} har ändrats sedan sidan laddades; ladda om sidan"
                ),
            });
        };
        if !last.is_vote_requested_on(&voted) {
            return Err(DomainError::DecisionOrder {
                paragraph: number,
                reason: "omröstningen ska gälla samma fråga och samma förslag som ordförandens senaste finnande".into(),
            });
        }
        if let Some(record) = self.paragraph_mut(number)?.decision_order.as_mut()
            && let Some(slot) = record.steps.last_mut()
        {
            *slot = voted;
        }
        self.progress(ctx, number)?;
        Ok(())
    }

    /// Records the reservations of several members at once (a party group), all or none.
    /// A reservation already recorded exactly so is left as it is.
    pub fn add_reservations(
        &mut self,
        ctx: &MeetingContext<'_>,
        number: u32,
        reservations: Vec<Reservation>,
    ) -> Result<(), DomainError> {
        if reservations.is_empty() {
            return Err(DomainError::Invalid {
                field: "reservations".into(),
                reason: "markera vem eller vilka som reserverar sig".into(),
            });
        }
        let mut draft = self.clone();
        for r in reservations {
            let already = draft.paragraph(number)?.reservations.contains(&r);
            if !already {
                draft.add_reservation(ctx, number, r)?;
            }
        }
        *self = draft;
        Ok(())
    }

    /// Who may reserve against the decision in § `number` now: members serving in the
    /// paragraph who took part in the decision and did not vote for what won (an abstention
    /// is not taking part), and who have not reserved already.
    pub fn reservation_candidates(&self, ctx: &MeetingContext<'_>, number: u32) -> Vec<PersonId> {
        let (Ok(paragraph), Ok(roster)) = (self.paragraph(number), self.roster(ctx, number)) else {
            return Vec::new();
        };
        let evaluation = self.evaluate(ctx, number).ok().flatten();
        roster
            .serving
            .iter()
            .map(|s| s.person)
            .filter(|p| !paragraph.reservations.iter().any(|r| r.person == *p))
            .filter(|p| {
                let r = Reservation {
                    person: *p,
                    in_favour_of: None,
                    written: false,
                    text: None,
                };
                check_reservation(paragraph, &roster, evaluation.as_ref(), &r, &ctx.people).is_ok()
            })
            .collect()
    }

    /// The motions a reservation may favour: those that lost (not the winning alternative,
    /// not an approved addition, not a formal motion the body did not follow).
    pub fn losing_motions(&self, ctx: &MeetingContext<'_>, number: u32) -> Vec<MotionId> {
        let Ok(paragraph) = self.paragraph(number) else {
            return Vec::new();
        };
        let outcome = self.evaluate(ctx, number).ok().flatten().map(|e| e.outcome);
        paragraph
            .motions
            .iter()
            .filter(|m| !m.withdrawn && m.kind != MotionKind::Approval)
            .filter(|m| match &outcome {
                Some(Outcome::Decided {
                    main,
                    clauses,
                    additions,
                }) => {
                    let alt = Alternative::Motion(m.id.clone());
                    *main != alt
                        && !clauses.iter().any(|(_, a)| *a == alt)
                        && !additions.iter().any(|(id, ok)| *ok && *id == m.id)
                }
                Some(Outcome::Referred { motion, .. } | Outcome::Tabled { motion, .. }) => {
                    *motion != m.id
                }
                None => true,
            })
            .map(|m| m.id.clone())
            .collect()
    }
}
