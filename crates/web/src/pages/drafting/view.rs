//! What the secretary's meeting screen shows, built from the meeting document: people to
//! choose from, attendance, quorum and the paragraph list.

use justera_domain::attendance::{AttendanceEvent, SeatState};
use justera_domain::document::MeetingDocument;
use justera_domain::ids::PersonId;
use justera_domain::meeting::MeetingStatus;
use justera_domain::organization::MandateRole;
use justera_domain::text::{clock, long_date};

#[derive(Debug, Clone)]
pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

/// The body's people with a mandate of `role` (any role: `None`), each once, in mandate order.
pub fn person_choices(
    doc: &MeetingDocument,
    role: Option<MandateRole>,
    selected: &[PersonId],
) -> Vec<Choice> {
    let mut out: Vec<Choice> = Vec::new();
    for p in doc
        .mandates
        .iter()
        .filter(|m| role.is_none_or(|r| m.role == r))
        .filter_map(|m| doc.persons.iter().find(|p| p.id == m.person_id))
    {
        // A person may hold two mandates; list them once.
        if !out.iter().any(|c| c.value == p.id.to_string()) {
            out.push(Choice {
                value: p.id.to_string(),
                label: p.name_with_party(),
                selected: selected.contains(&p.id),
            });
        }
    }
    out
}

/// The register's people without a mandate (officials: the secretary, the chief executive),
/// by name; and the chosen one even if they hold a mandate.
pub fn official_choices(doc: &MeetingDocument, selected: Option<PersonId>) -> Vec<Choice> {
    let mut people: Vec<&justera_domain::organization::Person> = doc
        .persons
        .iter()
        .filter(|p| Some(p.id) == selected || !doc.mandates.iter().any(|m| m.person_id == p.id))
        .collect();
    people.sort_by(|a, b| a.name.cmp(&b.name));
    people
        .into_iter()
        .map(|p| Choice {
            value: p.id.to_string(),
            label: p.name.clone(),
            selected: Some(p.id) == selected,
        })
        .collect()
}

pub fn name(doc: &MeetingDocument, id: PersonId) -> String {
    doc.context().people.name(id)
}

/// The meeting as a heading: "Kommunstyrelsen 21 oktober 2024".
pub fn meeting_title(doc: &MeetingDocument) -> String {
    format!("{} {}", doc.body.name, long_date(doc.meeting.date))
}

pub struct SeatRow {
    pub member: String,
    pub name: String,
    pub state: &'static str,
    /// "Närvarande", "Frånvarande", "Frånvarande – Lennart Martinsson (SD) tjänstgör".
    pub state_text: String,
    /// The substitutes who may serve in this seat: those of the seat's party.
    pub substitutes: Vec<Choice>,
}

pub struct Line {
    pub key: String,
    pub text: String,
}

pub struct ParagraphRow {
    pub number: u32,
    pub title: String,
    pub state: String,
    pub serving: u32,
    pub quorate: bool,
    pub adjusted: bool,
    /// Chosen for an immediate or separate adjustment that is being signed.
    pub signing: bool,
    pub selectable: bool,
}

/// The meeting screen.
pub struct MeetingView {
    pub id: String,
    pub title: String,
    pub status: String,
    /// The latest rejection while the protocol is back with the secretary: who, when, why.
    pub rejection: Option<(String, String)>,
    pub planned: bool,
    pub in_session: bool,
    pub closed: bool,
    /// No immediate or separate adjustment is in progress.
    pub pending_immediate_none: bool,
    pub editable: bool,
    pub revision: i64,
    pub quorum: String,
    pub quorate: bool,
    pub place: String,
    pub starts_at: String,
    pub ends_at: String,
    pub chair: Vec<Choice>,
    pub adjuster_slots: Vec<Vec<Choice>>,
    pub secretary: String,
    /// People of the register without a mandate (officials), for who signs as secretary.
    pub secretary_person: Vec<Choice>,
    pub secretary_person_chosen: bool,
    pub adjustment_place_and_time: String,
    pub seats: Vec<SeatRow>,
    pub substitutes: Vec<Choice>,
    /// The substitutes present without serving, by name.
    pub present_substitutes: Vec<String>,
    pub everyone: Vec<Choice>,
    pub members: Vec<Choice>,
    pub changes: Vec<Line>,
    pub recusals: Vec<Line>,
    pub officials: Vec<Line>,
    pub adjournments: Vec<Line>,
    /// Further days of a meeting over several days.
    pub further_days: Vec<Line>,
    pub paragraphs: Vec<ParagraphRow>,
    pub numbers: Vec<u32>,
    pub immediate: Option<String>,
    pub adjustment: Option<String>,
    /// A joint committee's notices and their postings on the other participants' boards.
    pub joint: Vec<JointNotice>,
}

/// One notice of a joint committee: which §§, and each participant's posting.
pub struct JointNotice {
    pub index: usize,
    pub label: String,
    pub last_appeal_day: String,
    pub postings: Vec<(String, Option<String>)>,
    /// Some participant's posting is not registered yet.
    pub preliminary: bool,
}

/// The joint committee's posted notices, for the secretary to register the others' postings.
fn joint_notices(doc: &MeetingDocument) -> Vec<JointNotice> {
    if doc.body.kind != justera_domain::organization::BodyKind::JointCommittee {
        return Vec::new();
    }
    doc.meeting
        .adjustments
        .iter()
        .enumerate()
        .filter_map(|(i, a)| {
            let n = a.notice.as_ref()?;
            let postings: Vec<(String, Option<String>)> = doc
                .meeting
                .other_postings(&doc.body, i)
                .into_iter()
                .map(|p| (p.municipality, p.posted.map(|d| d.to_string())))
                .collect();
            Some(JointNotice {
                preliminary: postings.iter().any(|p| p.1.is_none()),
                index: i,
                label: if a.immediate {
                    format!(
                        "{} justering av {}, tillkännagiven här {}",
                        if a.after_meeting {
                            "Särskild"
                        } else {
                            "Omedelbar"
                        },
                        justera_domain::text::paragraph_label(&a.paragraphs),
                        n.dates.posted
                    )
                } else {
                    format!("Protokollet, tillkännagivet här {}", n.dates.posted)
                },
                last_appeal_day: n.dates.last_appeal_day.to_string(),
                postings,
            })
        })
        .collect()
}

fn event_text(doc: &MeetingDocument, e: &AttendanceEvent) -> String {
    match e {
        AttendanceEvent::Arrives { person } => format!("{} kommer", name(doc, *person)),
        AttendanceEvent::Leaves { person } => format!("{} lämnar sammanträdet", name(doc, *person)),
        AttendanceEvent::SubstituteServes {
            substitute,
            for_member,
        } => format!(
            "{} tjänstgör för {}",
            name(doc, *substitute),
            name(doc, *for_member)
        ),
        AttendanceEvent::SubstituteStops { substitute } => {
            format!("{} slutar tjänstgöra", name(doc, *substitute))
        }
    }
}

pub fn meeting_view(doc: &MeetingDocument, revision: i64) -> MeetingView {
    let m = &doc.meeting;
    let ctx = doc.context();
    let rosters = m.rosters(&ctx).unwrap_or_default();
    let quorum_needed = doc.body.quorum();
    let (quorum, quorate) = match rosters.last().or(rosters.first()) {
        Some(r) => (
            format!(
                "{} av {} ledamöter tjänstgör (§ {}); minst {} krävs för beslutförhet",
                r.serving_count(),
                doc.body.seats,
                r.paragraph,
                quorum_needed
            ),
            r.is_quorate(&doc.body),
        ),
        None => {
            let present = m
                .attendance
                .seats
                .iter()
                .filter(|s| !matches!(s.state, SeatState::Absent))
                .count();
            (
                format!(
                    "{present} av {} ledamöter närvarar från start; minst {quorum_needed} krävs för beslutförhet",
                    doc.body.seats
                ),
                u32::try_from(present).unwrap_or(0) >= quorum_needed,
            )
        }
    };
    // Substitutes present without serving: a serving substitute is not offered here.
    let serving = m.attendance.serving_substitutes();
    let substitutes: Vec<Choice> = person_choices(
        doc,
        Some(MandateRole::Substitute),
        &m.attendance.substitutes_present,
    )
    .into_iter()
    .filter(|c| !serving.iter().any(|p| p.to_string() == c.value))
    .collect();
    let seats = m
        .attendance
        .seats
        .iter()
        .map(|s| {
            let (state, substitute) = match &s.state {
                SeatState::Present => ("present", String::new()),
                SeatState::Absent => ("absent", String::new()),
                SeatState::ServedBy { substitute } => ("served_by", substitute.to_string()),
            };
            // A substitute serves only in a seat of their own party (the seat's party is on
            // the member's mandate).
            let party = doc
                .mandates
                .iter()
                .find(|x| x.person_id == s.member && x.role == MandateRole::Member)
                .map(|x| x.party.clone());
            let subs = person_choices(doc, Some(MandateRole::Substitute), &[])
                .into_iter()
                .filter(|c| {
                    c.value == substitute
                        || doc.mandates.iter().any(|x| {
                            x.role == MandateRole::Substitute
                                && x.person_id.to_string() == c.value
                                && Some(&x.party) == party.as_ref()
                        })
                })
                .map(|mut c| {
                    c.selected = c.value == substitute;
                    c
                })
                .collect();
            let state_text = match &s.state {
                SeatState::Present => "Närvarande".to_owned(),
                SeatState::Absent => "Frånvarande".to_owned(),
                SeatState::ServedBy { substitute } => {
                    format!("Frånvarande – {} tjänstgör", name(doc, *substitute))
                }
            };
            SeatRow {
                member: s.member.to_string(),
                name: name(doc, s.member),
                state,
                state_text,
                substitutes: subs,
            }
        })
        .collect();
    let adjuster_slots = (0..doc.body.adjusters.max(1) as usize)
        .map(|i| {
            let chosen: Vec<PersonId> = m.adjusters.get(i).copied().into_iter().collect();
            person_choices(doc, None, &chosen)
        })
        .collect();
    let paragraphs = m
        .paragraphs
        .iter()
        .zip(rosters.iter().map(Some).chain(std::iter::repeat(None)))
        .map(|(p, roster)| {
            let progress = match roster {
                Some(r) => m.progress_in(&ctx, p, r, false).ok().flatten(),
                None => m.progress(&ctx, p.number).ok().flatten(),
            };
            let signing = m
                .pending_immediate
                .as_ref()
                .is_some_and(|x| x.paragraphs.contains(&p.number));
            let how = if m.adjusted_separately_after(p.number) {
                "särskilt"
            } else {
                "omedelbart"
            };
            let state = if p.immediately_adjusted && signing {
                format!("Justeras {how} – väntar på signaturer")
            } else if p.immediately_adjusted {
                crate::error::capitalize(&format!("{how} justerad"))
            } else if p.decision.is_empty() && p.decision_order.is_none() && p.has_decision() {
                format!(
                    "{} – inget beslut behövs",
                    p.kind.label().unwrap_or("Ärende")
                )
            } else if !p.decision.is_empty() {
                "Beslut skrivet".to_owned()
            } else if let Some(pr) = &progress {
                if pr.outcome.is_some() {
                    "Beslutsgången klar – skriv in beslutet".to_owned()
                } else {
                    "Beslutsgång pågår".to_owned()
                }
            } else {
                "Inget beslut ännu".to_owned()
            };
            ParagraphRow {
                number: p.number,
                title: p.title.clone(),
                state,
                serving: roster.map_or(0, |r| r.serving_count()),
                quorate: roster.is_some_and(|r| r.is_quorate(&doc.body)),
                adjusted: p.immediately_adjusted && !signing,
                signing: p.immediately_adjusted && signing,
                selectable: !p.immediately_adjusted
                    && (!p.decision.is_empty() || progress.is_some_and(|x| x.outcome.is_some())),
            }
        })
        .collect();
    let immediate = m.pending_immediate.as_ref().map(|pi| {
        let signed: Vec<String> = pi
            .adjustment
            .signatures
            .iter()
            .map(|s| s.name.clone())
            .collect();
        let waiting: Vec<String> = pi
            .adjustment
            .next_signers()
            .iter()
            .map(|r| r.name.clone())
            .collect();
        format!(
            "{} justering av § {} pågår. Har signerat: {}. Väntar på: {}.",
            if pi.after_meeting {
                "Särskild"
            } else {
                "Omedelbar"
            },
            pi.paragraphs
                .iter()
                .map(u32::to_string)
                .collect::<Vec<_>>()
                .join(", "),
            if signed.is_empty() {
                "ingen ännu".into()
            } else {
                signed.join(", ")
            },
            if waiting.is_empty() {
                "ingen".into()
            } else {
                waiting.join(", ")
            }
        )
    });
    let adjustment = m.pending_adjustment.as_ref().map(|pa| {
        let waiting: Vec<String> = pa.next_signers().iter().map(|r| r.name.clone()).collect();
        format!(
            "Protokollet är skickat för justering. Väntar på: {}.",
            if waiting.is_empty() {
                "ingen".into()
            } else {
                waiting.join(", ")
            }
        )
    });
    MeetingView {
        id: m.id.to_string(),
        title: meeting_title(doc),
        status: m.status.swedish().to_owned(),
        planned: m.status == MeetingStatus::Planned,
        in_session: m.status == MeetingStatus::InSession,
        closed: m.status == MeetingStatus::Closed,
        pending_immediate_none: m.pending_immediate.is_none(),
        editable: m.status.is_draft(),
        rejection: m
            .rejections
            .last()
            .filter(|_| m.status.is_draft())
            .map(|r| {
                (
                    format!(
                        "{} ({}) avvisade protokollet den {} klockan {}:",
                        r.name,
                        r.role.to_lowercase(),
                        justera_domain::text::long_date(r.on.date()),
                        justera_domain::text::clock(r.on.time())
                    ),
                    r.comment.clone(),
                )
            }),
        revision,
        quorum,
        quorate,
        place: m.place.clone(),
        starts_at: clock(m.starts_at),
        ends_at: m.ends_at.map(clock).unwrap_or_default(),
        chair: person_choices(doc, None, &[m.chair]),
        adjuster_slots,
        secretary: m.secretary.clone(),
        secretary_person: official_choices(doc, m.secretary_person),
        secretary_person_chosen: m.secretary_person.is_some(),
        adjustment_place_and_time: m.adjustment_place_and_time.clone(),
        seats,
        present_substitutes: m
            .attendance
            .substitutes_present
            .iter()
            .map(|p| name(doc, *p))
            .collect(),
        substitutes,
        everyone: person_choices(doc, None, &[]),
        members: person_choices(doc, Some(MandateRole::Member), &[]),
        changes: m
            .attendance
            .changes
            .iter()
            .enumerate()
            .map(|(i, c)| Line {
                key: i.to_string(),
                text: format!(
                    "{} § {}: {}{}{}",
                    if c.details.during { "Under" } else { "Från" },
                    c.from_paragraph,
                    event_text(doc, &c.event),
                    c.details
                        .at
                        .map(|t| format!(", kl. {}", clock(t)))
                        .unwrap_or_default(),
                    c.details
                        .reason
                        .as_deref()
                        .map(|r| format!(" ({r})"))
                        .unwrap_or_default()
                ),
            })
            .collect(),
        recusals: m
            .attendance
            .recusals
            .iter()
            .map(|r| Line {
                key: format!("{}|{}", r.paragraph, r.person),
                text: format!(
                    "§ {}: {} anmäler jäv{}",
                    r.paragraph,
                    name(doc, r.person),
                    r.substitute
                        .map(|s| format!("; {} tjänstgör", name(doc, s)))
                        .unwrap_or_default()
                ),
            })
            .collect(),
        officials: m
            .officials
            .iter()
            .enumerate()
            .map(|(i, o)| Line {
                key: i.to_string(),
                text: format!(
                    "{}, {}{}",
                    o.name,
                    o.title,
                    if o.paragraphs.is_empty() {
                        String::new()
                    } else {
                        format!(
                            " § {}",
                            o.paragraphs
                                .iter()
                                .map(u32::to_string)
                                .collect::<Vec<_>>()
                                .join(", ")
                        )
                    }
                ),
            })
            .collect(),
        adjournments: m
            .adjournments
            .iter()
            .enumerate()
            .map(|(i, a)| Line {
                key: i.to_string(),
                text: format!("Ajournering {}–{}", clock(a.from), clock(a.to)),
            })
            .collect(),
        further_days: m
            .further_days
            .iter()
            .enumerate()
            .map(|(i, d)| Line {
                key: i.to_string(),
                text: format!(
                    "{} klockan {}{}",
                    justera_domain::text::weekday_long_date(d.date),
                    clock(d.starts_at),
                    d.ends_at
                        .map(|e| format!("–{}", clock(e)))
                        .unwrap_or_default()
                ),
            })
            .collect(),
        numbers: m.numbers(),
        paragraphs,
        immediate,
        adjustment,
        joint: joint_notices(doc),
    }
}
