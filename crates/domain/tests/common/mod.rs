//! A small world for decision scenarios: a board of 13 or a council of 15, with substitutes.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::{NaiveDate, NaiveTime};
use justera_domain::attendance::{Attendance, SeatAttendance, SeatState};
use justera_domain::decision::{Ballot, RollCall, VoteEntry};
use justera_domain::document::{FORMAT, MeetingDocument};
use justera_domain::ids::*;
use justera_domain::meeting::{Meeting, MeetingStatus, Official};
use justera_domain::organization::*;
use justera_domain::paragraph::{Motion, MotionKind, MotionTarget, Paragraph, Proposal};
use uuid::Uuid;

pub const MEMBERS: [(&str, &str); 15] = [
    ("Anna Ek", "M"),
    ("Bo Lind", "M"),
    ("Cecilia Holm", "C"),
    ("David Berg", "KD"),
    ("Eva Strand", "L"),
    ("Fredrik Dahl", "S"),
    ("Gun Sjö", "S"),
    ("Hans Borg", "S"),
    ("Ingrid Falk", "V"),
    ("Jonas Lund", "MP"),
    ("Karin Nyberg", "SD"),
    ("Lars Vik", "SD"),
    ("Maria Ros", "S"),
    ("Nora Ahl", "M"),
    ("Otto Rask", "S"),
];

pub const SUBSTITUTES: [(&str, &str); 3] =
    [("Per Åberg", "S"), ("Olle Ström", "M"), ("Pia Öst", "V")];

fn uuid(n: u128) -> Uuid {
    Uuid::from_u128(0x0000_0000_0000_4000_8000_0000_0000_0000 | n)
}

#[derive(Debug)]
pub struct World {
    pub doc: MeetingDocument,
}

impl World {
    /// A board (kommunstyrelse) of 13 seats, or a council (kommunfullmäktige) of 15.
    pub fn new(kind: BodyKind) -> Self {
        let seats: usize = if kind == BodyKind::Council { 15 } else { 13 };
        let members: Vec<(&str, &str)> = MEMBERS.iter().take(seats).copied().collect();
        let mut w = Self::custom(kind, "Exempelby kommun", &members, &SUBSTITUTES);
        let id_of = |name: &str| w.doc.persons.iter().find(|p| p.name == name).unwrap().id;
        w.doc.meeting.adjusters = if kind == BodyKind::Council {
            vec![id_of("Fredrik Dahl"), id_of("Cecilia Holm")]
        } else {
            vec![id_of("Fredrik Dahl")]
        };
        w
    }

    /// A body of `members` (name, party; an empty party is none) with `substitutes`, every
    /// member present and every substitute present without serving; the first member chairs
    /// and the second adjusts.
    pub fn custom(
        kind: BodyKind,
        organization: &str,
        members: &[(&str, &str)],
        substitutes: &[(&str, &str)],
    ) -> Self {
        let seats = members.len();
        let org = OrganizationId(uuid(1));
        let body_id = BodyId(uuid(2));
        let (name, definite) = if kind == BodyKind::Council {
            ("Kommunfullmäktige", "kommunfullmäktige")
        } else {
            ("Kommunstyrelsen", "kommunstyrelsen")
        };
        let mut persons = Vec::new();
        let mut mandates = Vec::new();
        let mut add = |i: u128, name: &str, party: &str, role: MandateRole, order: u32| {
            let pid = PersonId(uuid(100 + i));
            persons.push(Person {
                id: pid,
                name: name.into(),
                party: Some(party.to_owned()).filter(|p| !p.is_empty()),
            });
            mandates.push(Mandate {
                id: MandateId(uuid(1000 + i)),
                person_id: pid,
                body_id,
                role,
                // A source that prints no parties: the mandate still names one.
                party: if party.is_empty() {
                    "ej angivet"
                } else {
                    party
                }
                .into(),
                term_start: NaiveDate::from_ymd_opt(2023, 1, 1).unwrap(),
                term_end: NaiveDate::from_ymd_opt(2026, 12, 31).unwrap(),
                order,
                position: None,
                call_group: None,
                call_bloc: None,
            });
        };
        for (i, (n, p)) in members.iter().enumerate() {
            add(i as u128, n, p, MandateRole::Member, i as u32 + 1);
        }
        for (i, (n, p)) in substitutes.iter().enumerate() {
            add(500 + i as u128, n, p, MandateRole::Substitute, 1);
        }
        let chair = persons[0].id;
        let adjusters = vec![persons[1].id];
        let seats_att = persons
            .iter()
            .take(seats)
            .map(|p| SeatAttendance {
                member: p.id,
                state: SeatState::Present,
            })
            .collect();
        let substitutes_present = persons.iter().skip(seats).map(|p| p.id).collect();
        let doc = MeetingDocument {
            format: FORMAT.into(),
            organization: Organization {
                id: org,
                name: organization.into(),
                organization_number: String::new(),
                protocol_storage: "Kommunkansliet".into(),
                notice_board: NoticeBoardSettings::default(),
                protocol: Default::default(),
            },
            body: Body {
                id: body_id,
                organization_id: org,
                kind,
                name: name.into(),
                definite_name: definite.into(),
                short_name: if kind == BodyKind::Council {
                    "KF"
                } else {
                    "KS"
                }
                .into(),
                seats: seats as u32,
                adjusters: if kind == BodyKind::Council { 2 } else { 1 },
                secretary_signs: false,
                series_starts: vec![],
                numbering: Default::default(),
                usual_place: String::new(),
                usual_time: None,
                participants: Vec::new(),
                rules: Default::default(),
            },
            persons,
            mandates,
            meeting: Meeting {
                id: MeetingId(uuid(9)),
                body_id,
                date: NaiveDate::from_ymd_opt(2025, 3, 10).unwrap(),
                starts_at: NaiveTime::from_hms_opt(13, 0, 0).unwrap(),
                ends_at: Some(NaiveTime::from_hms_opt(16, 0, 0).unwrap()),
                place: "Kommunhuset, sessionssalen".into(),
                adjournments: vec![],
                further_days: Vec::new(),
                status: MeetingStatus::InSession,
                chair,
                secretary: "Sara Sekreterare".into(),
                secretary_person: None,
                adjusters,
                adjustment_place_and_time: "Kommunkansliet den 14 mars 2025".into(),
                officials: vec![Official {
                    name: "Sara Sekreterare".into(),
                    title: "kommunsekreterare".into(),
                    paragraphs: vec![],
                }],
                attendance: Attendance {
                    seats: seats_att,
                    substitutes_present,
                    changes: vec![],
                    recusals: vec![],
                    pairing_unstated: vec![],
                },
                paragraphs: vec![],
                adjustments: vec![],
                pending_adjustment: None,
                pending_immediate: None,
                rejections: Vec::new(),
            },
        };
        World { doc }
    }

    pub fn id(&self, name: &str) -> PersonId {
        self.doc
            .persons
            .iter()
            .find(|p| p.name == name)
            .unwrap_or_else(|| panic!("no person {name}"))
            .id
    }

    /// Adds paragraph `number` with a proposal of `clauses` clauses and returns it for editing.
    pub fn paragraph(&mut self, number: u32, source: &str, clauses: usize) -> &mut Paragraph {
        let mut p = Paragraph::new(number, format!("Ärende {number}"));
        p.proposal = Some(Proposal {
            source: source.into(),
            clauses: (1..=clauses)
                .map(|i| format!("Kommunstyrelsen beslutar i punkt {i} enligt förslaget."))
                .collect(),
        });
        self.doc.meeting.paragraphs.push(p);
        self.doc.meeting.paragraphs.last_mut().unwrap()
    }

    pub fn motion(&mut self, number: u32, id: &str, mover: &str, kind: MotionKind, text: &str) {
        let mover = self.id(mover);
        let p = self
            .doc
            .meeting
            .paragraphs
            .iter_mut()
            .find(|p| p.number == number)
            .unwrap();
        p.motions.push(Motion {
            id: id.into(),
            mover,
            kind,
            text: text.into(),
            refers_to: match kind {
                MotionKind::Approval | MotionKind::Rejection => Some(MotionTarget::Proposal),
                _ => None,
            },
            clause: None,
            supporters: vec![],
            withdrawn: false,
            taken_in_by: None,
        });
    }

    pub fn p(&mut self, number: u32) -> &mut Paragraph {
        self.doc
            .meeting
            .paragraphs
            .iter_mut()
            .find(|p| p.number == number)
            .unwrap()
    }

    /// A roll call over everyone serving in `number`: parties in `yes` vote ja, parties in
    /// `no` vote nej, the rest abstain; `overrides` set single people.
    pub fn roll_call(
        &self,
        number: u32,
        yes: &[&str],
        no: &[&str],
        overrides: &[(&str, Ballot)],
    ) -> RollCall {
        let ctx = self.doc.context();
        let roster = self.doc.meeting.roster(&ctx, number).unwrap();
        let votes = roster
            .serving
            .iter()
            .map(|s| {
                let person = ctx.people.person(s.person).unwrap();
                let party = person.party.clone().unwrap_or_default();
                let ballot = overrides
                    .iter()
                    .find(|(n, _)| *n == person.name)
                    .map(|(_, b)| *b)
                    .unwrap_or(if yes.contains(&party.as_str()) {
                        Ballot::Yes
                    } else if no.contains(&party.as_str()) {
                        Ballot::No
                    } else {
                        Ballot::Abstain
                    });
                VoteEntry {
                    person: s.person,
                    ballot,
                }
            })
            .collect();
        RollCall {
            votes,
            announced: None,
            casting_vote: None,
            lot: None,
        }
    }
}
