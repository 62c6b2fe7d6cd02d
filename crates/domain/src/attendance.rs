//! Attendance per paragraph: who serves, who stands in for whom, recusals and quorum.
//!
//! The roster at the start of the meeting is given seat by seat. Changes (arrivals, departures,
//! substitutes stepping in or out) take effect from a named paragraph, so they can only happen
//! between paragraphs. A member who has left may not come back; a recusal is not a departure
//! and holds for one paragraph only.

use std::collections::{BTreeMap, BTreeSet};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::error::DomainError;
use crate::ids::PersonId;
use crate::organization::{Body, Mandate, MandateRole, Person};

/// A seat's state at the start of the meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum SeatState {
    Present,
    Absent,
    /// The member is absent and a substitute serves in the seat.
    ServedBy {
        substitute: PersonId,
    },
}

/// One seat (identified by its member) at the start of the meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct SeatAttendance {
    pub member: PersonId,
    #[serde(flatten)]
    pub state: SeatState,
}

/// A change of attendance that takes effect from paragraph `from_paragraph`: the roster of
/// that paragraph's decision is the one after the change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct AttendanceChange {
    pub from_paragraph: u32,
    #[serde(flatten)]
    pub event: AttendanceEvent,
    #[serde(flatten)]
    pub details: ChangeDetails,
}

/// What protocols print about a change besides the § it takes effect from (issue 14, rule 12).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ChangeDetails {
    /// The change happened during the deliberation of `from_paragraph` ("under § 58"), before
    /// its decision; otherwise between paragraphs ("från § 58", "efter § 57").
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub during: bool,
    /// The clock time, when the protocol records it ("kl. 15.30").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<chrono::NaiveTime>,
    /// A reason the protocol prints ("jäv", "sjukdom").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The body decided to let a member who had left serve again from this § (an exception
    /// to the ban on växeltjänstgöring); the return is accepted and printed as such.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub return_allowed: bool,
}

/// The longest printed reason for an attendance change.
pub const CHANGE_REASON_LIMIT: usize = 300;

impl AttendanceChange {
    /// A change between paragraphs, with nothing more to print.
    pub fn new(from_paragraph: u32, event: AttendanceEvent) -> Self {
        Self {
            from_paragraph,
            event,
            details: ChangeDetails::default(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum AttendanceEvent {
    /// A member or substitute arrives. A member takes the seat back from a substitute.
    Arrives { person: PersonId },
    /// A member or substitute leaves the meeting for good.
    Leaves { person: PersonId },
    /// A present substitute starts serving for an absent member.
    SubstituteServes {
        substitute: PersonId,
        for_member: PersonId,
    },
    /// A serving substitute stops serving (and stays as a non-serving substitute).
    SubstituteStops { substitute: PersonId },
}

/// A recusal (jäv) for one paragraph; a substitute may serve for that paragraph only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Recusal {
    pub paragraph: u32,
    pub person: PersonId,
    #[serde(default)]
    pub substitute: Option<PersonId>,
}

/// Attendance for a whole meeting.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Attendance {
    /// Every member seat of the body, at the start of the meeting.
    pub seats: Vec<SeatAttendance>,
    /// Substitutes present at the start of the meeting who do not serve from the start.
    #[serde(default)]
    pub substitutes_present: Vec<PersonId>,
    #[serde(default)]
    pub changes: Vec<AttendanceChange>,
    #[serde(default)]
    pub recusals: Vec<Recusal>,
    /// Serving substitutes whose pairing the protocol does not state ("tjänstgörande
    /// ersättare" without "för …"): they still fill a seat for the count and the voting list,
    /// but the protocol prints no "X för Y" for them (issue 14, rule 10).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pairing_unstated: Vec<PersonId>,
}

impl Attendance {
    /// The substitutes who serve in a seat from the start.
    pub fn serving_substitutes(&self) -> Vec<PersonId> {
        self.seats
            .iter()
            .filter_map(|s| match s.state {
                SeatState::ServedBy { substitute } => Some(substitute),
                _ => None,
            })
            .collect()
    }

    /// A substitute who serves is not also "present without serving".
    pub fn drop_serving_from_present(&mut self) {
        let serving = self.serving_substitutes();
        self.substitutes_present.retain(|p| !serving.contains(p));
    }
}

/// One person serving in a seat during a paragraph.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Serving {
    pub person: PersonId,
    /// The member whose seat it is.
    pub seat: PersonId,
}

impl Serving {
    pub fn is_substitute(&self) -> bool {
        self.person != self.seat
    }
}

/// Who serves during one paragraph.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Roster {
    pub paragraph: u32,
    /// In seat order.
    pub serving: Vec<Serving>,
    pub recused: Vec<PersonId>,
    /// Present substitutes who do not serve.
    pub substitutes_not_serving: Vec<PersonId>,
}

impl Roster {
    pub fn is_serving(&self, person: PersonId) -> bool {
        self.serving.iter().any(|s| s.person == person)
    }

    pub fn serving_count(&self) -> u32 {
        u32::try_from(self.serving.len()).unwrap_or(u32::MAX)
    }

    pub fn is_quorate(&self, body: &Body) -> bool {
        self.serving_count() >= body.quorum()
    }

    /// Fails with a specific error when the body is not quorate during this paragraph.
    pub fn require_quorum(&self, body: &Body) -> Result<(), DomainError> {
        if self.is_quorate(body) {
            Ok(())
        } else {
            Err(DomainError::NoQuorum {
                paragraph: self.paragraph,
                body: body.definite_name_capitalized(),
                serving: self.serving_count(),
                seats: body.seats,
                required: body.quorum(),
            })
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Occupant {
    Member,
    Substitute(PersonId),
    Vacant,
}

/// What the attendance rules need to know about the body's people.
pub struct People<'a> {
    pub persons: &'a [Person],
    pub mandates: &'a [Mandate],
    /// The body's rules on returning and on substitutes of other parties.
    pub rules: crate::organization::BodyRules,
}

impl People<'_> {
    pub fn person(&self, id: PersonId) -> Result<&Person, DomainError> {
        self.persons
            .iter()
            .find(|p| p.id == id)
            .ok_or(DomainError::UnknownPerson { person: id })
    }

    pub fn name(&self, id: PersonId) -> String {
        self.person(id)
            .map_or_else(|_| id.to_string(), Person::name_with_party)
    }

    fn mandate(&self, id: PersonId, role: MandateRole) -> Option<&Mandate> {
        self.mandates
            .iter()
            .find(|m| m.person_id == id && m.role == role)
    }

    pub fn is_member(&self, id: PersonId) -> bool {
        self.mandate(id, MandateRole::Member).is_some()
    }

    pub fn is_substitute(&self, id: PersonId) -> bool {
        self.mandate(id, MandateRole::Substitute).is_some()
    }

    /// A substitute may serve for a member when the substitute's mandate is for the party the
    /// member's seat was won for.
    fn check_may_serve_for(
        &self,
        substitute: PersonId,
        member: PersonId,
    ) -> Result<(), DomainError> {
        let sub = self
            .mandate(substitute, MandateRole::Substitute)
            .ok_or_else(|| DomainError::NotASubstitute {
                person: self.name(substitute),
            })?;
        let seat =
            self.mandate(member, MandateRole::Member)
                .ok_or_else(|| DomainError::NotAMember {
                    person: self.name(member),
                })?;
        // The council's order by groups, when it elected one: the seat's group, or its bloc.
        if let Some(group) = &seat.call_group {
            let same_group = sub.call_group.as_ref() == Some(group);
            let same_bloc = seat.call_bloc.is_some() && sub.call_bloc == seat.call_bloc;
            if same_group || same_bloc {
                return Ok(());
            }
            return Err(DomainError::Invalid {
                field: "attendance".into(),
                reason: format!(
                    "{} står inte i ersättarordningen för {} plats ({}{})",
                    self.name(substitute),
                    self.person(member)
                        .map_or_else(|_| self.name(member), Person::genitive_with_party),
                    group,
                    seat.call_bloc
                        .as_ref()
                        .map(|b| format!(", därefter {b}"))
                        .unwrap_or_default()
                ),
            });
        }
        if sub.party == seat.party || self.rules.substitutes_across_parties {
            Ok(())
        } else {
            Err(DomainError::WrongPartySubstitute {
                substitute: self.name(substitute),
                substitute_party: sub.party.clone(),
                member: self.name(member),
                seat_party: seat.party.clone(),
            })
        }
    }
}

impl State {
    /// Who comes before `substitute` for `member`'s seat and is waiting: under the council's
    /// groups the first of the seat's group (then of its bloc) in list order; otherwise, when a
    /// substitute of another party steps in, the seat's own party's first.
    fn own_party_substitute_waiting(
        &self,
        people: &People<'_>,
        substitute: PersonId,
        member: PersonId,
    ) -> Option<PersonId> {
        let seat = people.mandate(member, MandateRole::Member)?;
        let sub = people.mandate(substitute, MandateRole::Substitute)?;
        // The present, non-serving substitute first in list order among those `wanted` keeps.
        let first = |wanted: &dyn Fn(&Mandate) -> bool| {
            self.substitutes_present
                .iter()
                .filter(|p| **p != substitute && !self.is_serving_substitute(**p))
                .filter_map(|p| people.mandate(*p, MandateRole::Substitute).map(|m| (*p, m)))
                .filter(|(_, m)| wanted(m))
                .min_by_key(|(_, m)| m.order)
        };
        let ahead = |found: Option<(PersonId, &Mandate)>| {
            found.filter(|(_, m)| m.order < sub.order).map(|(p, _)| p)
        };
        // By the council's order of groups: the group's own first, then the bloc's, each in
        // list order.
        if let Some(group) = &seat.call_group {
            let in_group = |m: &Mandate| m.call_group.as_ref() == Some(group);
            if in_group(sub) {
                return ahead(first(&in_group));
            }
            if let Some((p, _)) = first(&in_group) {
                return Some(p);
            }
            return ahead(first(&|m: &Mandate| {
                seat.call_bloc.is_some() && m.call_bloc == seat.call_bloc
            }));
        }
        if seat.party == sub.party {
            return None;
        }
        first(&|m: &Mandate| m.party == seat.party).map(|(p, _)| p)
    }
}

struct State {
    seats: Vec<(PersonId, Occupant)>,
    substitutes_present: BTreeSet<PersonId>,
    left: BTreeSet<PersonId>,
}

impl State {
    fn seat_of_member(&mut self, member: PersonId) -> Option<&mut Occupant> {
        self.seats
            .iter_mut()
            .find(|(m, _)| *m == member)
            .map(|(_, o)| o)
    }

    fn seat_served_by(&mut self, substitute: PersonId) -> Option<&mut Occupant> {
        self.seats
            .iter_mut()
            .find(|(_, o)| *o == Occupant::Substitute(substitute))
            .map(|(_, o)| o)
    }

    fn is_serving_substitute(&self, substitute: PersonId) -> bool {
        self.seats
            .iter()
            .any(|(_, o)| *o == Occupant::Substitute(substitute))
    }

    fn snapshot(&self, paragraph: u32) -> Roster {
        let serving = self
            .seats
            .iter()
            .filter_map(|(seat, o)| match o {
                Occupant::Member => Some(Serving {
                    person: *seat,
                    seat: *seat,
                }),
                Occupant::Substitute(s) => Some(Serving {
                    person: *s,
                    seat: *seat,
                }),
                Occupant::Vacant => None,
            })
            .collect();
        let substitutes_not_serving = self
            .substitutes_present
            .iter()
            .filter(|s| !self.is_serving_substitute(**s))
            .copied()
            .collect();
        Roster {
            paragraph,
            serving,
            recused: Vec::new(),
            substitutes_not_serving,
        }
    }

    fn apply(&mut self, change: &AttendanceChange, people: &People<'_>) -> Result<(), DomainError> {
        let at = change.from_paragraph;
        match &change.event {
            AttendanceEvent::Arrives { person } => {
                let person = *person;
                if self.left.contains(&person) {
                    if !people.rules.return_after_leaving && !change.details.return_allowed {
                        return Err(DomainError::CannotReturn {
                            paragraph: at,
                            person: people.name(person),
                        });
                    }
                    self.left.remove(&person);
                }
                if people.is_member(person) {
                    let seat =
                        self.seat_of_member(person)
                            .ok_or_else(|| DomainError::NotAMember {
                                person: people.name(person),
                            })?;
                    match *seat {
                        Occupant::Member => {
                            return Err(DomainError::AlreadyPresent {
                                paragraph: at,
                                person: people.name(person),
                            });
                        }
                        Occupant::Substitute(_) | Occupant::Vacant => *seat = Occupant::Member,
                    }
                } else if people.is_substitute(person) {
                    if !self.substitutes_present.insert(person) {
                        return Err(DomainError::AlreadyPresent {
                            paragraph: at,
                            person: people.name(person),
                        });
                    }
                } else {
                    return Err(DomainError::NotInBody {
                        person: people.name(person),
                    });
                }
            }
            AttendanceEvent::Leaves { person } => {
                let person = *person;
                let was_present = if let Some(seat) = self.seat_of_member(person) {
                    let present = *seat == Occupant::Member;
                    if present {
                        *seat = Occupant::Vacant;
                    }
                    present
                } else {
                    if let Some(seat) = self.seat_served_by(person) {
                        *seat = Occupant::Vacant;
                    }
                    self.substitutes_present.remove(&person)
                };
                if !was_present {
                    return Err(DomainError::NotPresent {
                        paragraph: at,
                        person: people.name(person),
                    });
                }
                self.left.insert(person);
            }
            AttendanceEvent::SubstituteServes {
                substitute,
                for_member,
            } => {
                let (substitute, member) = (*substitute, *for_member);
                people.check_may_serve_for(substitute, member)?;
                if let Some(first) = self.own_party_substitute_waiting(people, substitute, member) {
                    return Err(DomainError::Invalid {
                        field: "attendance".into(),
                        reason: format!(
                            "§ {at}: {} är närvarande och går före {} i ersättarordningen för platsen",
                            people.name(first),
                            people.name(substitute)
                        ),
                    });
                }
                if !self.substitutes_present.contains(&substitute) {
                    return Err(DomainError::NotPresent {
                        paragraph: at,
                        person: people.name(substitute),
                    });
                }
                if self.is_serving_substitute(substitute) {
                    return Err(DomainError::AlreadyServing {
                        paragraph: at,
                        person: people.name(substitute),
                    });
                }
                let seat = self
                    .seat_of_member(member)
                    .ok_or_else(|| DomainError::NotAMember {
                        person: people.name(member),
                    })?;
                if *seat != Occupant::Vacant {
                    return Err(DomainError::SeatTaken {
                        paragraph: at,
                        member: people.name(member),
                    });
                }
                *seat = Occupant::Substitute(substitute);
            }
            AttendanceEvent::SubstituteStops { substitute } => {
                let seat =
                    self.seat_served_by(*substitute)
                        .ok_or_else(|| DomainError::NotServing {
                            paragraph: at,
                            person: people.name(*substitute),
                        })?;
                *seat = Occupant::Vacant;
            }
        }
        Ok(())
    }
}

impl Attendance {
    /// Computes the roster for every paragraph in `numbers` (in meeting order), validating every
    /// change and recusal on the way.
    pub fn rosters(
        &self,
        body: &Body,
        people: &People<'_>,
        numbers: &[u32],
    ) -> Result<Vec<Roster>, DomainError> {
        let mut state = self.initial_state(body, people)?;
        let known: BTreeSet<u32> = numbers.iter().copied().collect();
        for c in &self.changes {
            if !known.contains(&c.from_paragraph) {
                return Err(DomainError::UnknownParagraph {
                    paragraph: c.from_paragraph,
                });
            }
            if let Some(reason) = &c.details.reason {
                let place = format!("§ {}", c.from_paragraph);
                crate::text::check_printable(&place, "skälet för närvaroändringen", reason, false)?;
                if reason.chars().count() > CHANGE_REASON_LIMIT {
                    return Err(DomainError::Invalid {
                        field: "attendance.changes.reason".into(),
                        reason: format!(
                            "{place}: skälet för närvaroändringen är längre än {CHANGE_REASON_LIMIT} tecken"
                        ),
                    });
                }
            }
        }
        for r in &self.recusals {
            if !known.contains(&r.paragraph) {
                return Err(DomainError::UnknownParagraph {
                    paragraph: r.paragraph,
                });
            }
        }
        let mut by_paragraph: BTreeMap<u32, Vec<&AttendanceChange>> = BTreeMap::new();
        for c in &self.changes {
            by_paragraph.entry(c.from_paragraph).or_default().push(c);
        }
        let mut rosters = Vec::with_capacity(numbers.len());
        for &n in numbers {
            for change in by_paragraph.get(&n).into_iter().flatten() {
                state.apply(change, people)?;
            }
            let mut roster = state.snapshot(n);
            self.apply_recusals(&mut roster, people)?;
            rosters.push(roster);
        }
        Ok(rosters)
    }

    /// The roster of one paragraph.
    pub fn roster(
        &self,
        body: &Body,
        people: &People<'_>,
        numbers: &[u32],
        paragraph: u32,
    ) -> Result<Roster, DomainError> {
        self.rosters(body, people, numbers)?
            .into_iter()
            .find(|r| r.paragraph == paragraph)
            .ok_or(DomainError::UnknownParagraph { paragraph })
    }

    fn initial_state(&self, body: &Body, people: &People<'_>) -> Result<State, DomainError> {
        let member_count = people
            .mandates
            .iter()
            .filter(|m| m.role == MandateRole::Member && m.body_id == body.id)
            .count();
        if u32::try_from(member_count).unwrap_or(u32::MAX) > body.seats {
            return Err(DomainError::TooManyMembers {
                body: body.name.clone(),
                seats: body.seats,
                members: u32::try_from(member_count).unwrap_or(u32::MAX),
            });
        }
        let mut seats = Vec::with_capacity(self.seats.len());
        let mut substitutes_present: BTreeSet<PersonId> =
            self.substitutes_present.iter().copied().collect();
        for s in &self.substitutes_present {
            if !people.is_substitute(*s) {
                return Err(DomainError::NotASubstitute {
                    person: people.name(*s),
                });
            }
        }
        for seat in &self.seats {
            if !people.is_member(seat.member) {
                return Err(DomainError::NotAMember {
                    person: people.name(seat.member),
                });
            }
            if seats.iter().any(|(m, _)| *m == seat.member) {
                return Err(DomainError::DuplicateSeat {
                    member: people.name(seat.member),
                });
            }
            let occupant = match &seat.state {
                SeatState::Present => Occupant::Member,
                SeatState::Absent => Occupant::Vacant,
                SeatState::ServedBy { substitute } => {
                    people.check_may_serve_for(*substitute, seat.member)?;
                    if seats
                        .iter()
                        .any(|(_, o)| *o == Occupant::Substitute(*substitute))
                    {
                        return Err(DomainError::AlreadyServing {
                            paragraph: 0,
                            person: people.name(*substitute),
                        });
                    }
                    substitutes_present.insert(*substitute);
                    Occupant::Substitute(*substitute)
                }
            };
            seats.push((seat.member, occupant));
        }
        // Every member of the body must have a seat line, so absences are explicit.
        for m in people
            .mandates
            .iter()
            .filter(|m| m.role == MandateRole::Member && m.body_id == body.id)
        {
            if !seats.iter().any(|(p, _)| *p == m.person_id) {
                return Err(DomainError::SeatMissing {
                    member: people.name(m.person_id),
                });
            }
        }
        Ok(State {
            seats,
            substitutes_present,
            left: BTreeSet::new(),
        })
    }

    fn apply_recusals(&self, roster: &mut Roster, people: &People<'_>) -> Result<(), DomainError> {
        let n = roster.paragraph;
        for r in self.recusals.iter().filter(|r| r.paragraph == n) {
            if roster.recused.contains(&r.person) {
                return Err(DomainError::DuplicateRecusal {
                    paragraph: n,
                    person: people.name(r.person),
                });
            }
            let idx = roster
                .serving
                .iter()
                .position(|s| s.person == r.person)
                .ok_or_else(|| DomainError::NotServing {
                    paragraph: n,
                    person: people.name(r.person),
                })?;
            let seat = roster.serving.remove(idx);
            roster.recused.push(r.person);
            if let Some(sub) = r.substitute {
                people.check_may_serve_for(sub, seat.seat)?;
                let pos = roster
                    .substitutes_not_serving
                    .iter()
                    .position(|s| *s == sub)
                    .ok_or_else(|| DomainError::NotPresent {
                        paragraph: n,
                        person: people.name(sub),
                    })?;
                roster.substitutes_not_serving.remove(pos);
                roster.serving.insert(
                    idx,
                    Serving {
                        person: sub,
                        seat: seat.seat,
                    },
                );
            }
        }
        Ok(())
    }
}
