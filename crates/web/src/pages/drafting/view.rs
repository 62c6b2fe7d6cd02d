//! What the secretary's screens show, built from the meeting document: people to choose from,
//! attendance, quorum, the paragraph list, and one paragraph with its decision order so far.

use justera_domain::attendance::{AttendanceEvent, SeatState};
use justera_domain::decision::{Alternative, Question};
use justera_domain::document::MeetingDocument;
use justera_domain::drafting::fingerprint;
use justera_domain::ids::PersonId;
use justera_domain::meeting::MeetingStatus;
use justera_domain::organization::MandateRole;
use justera_domain::paragraph::{Confidentiality, DecisionStyle, Paragraph};
use justera_domain::protocol::{motion_line, reservation_sentence};
use justera_domain::text::{clock, long_date};

use super::forms::alternative_value;

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
    pub everyone: Vec<Choice>,
    pub members: Vec<Choice>,
    pub changes: Vec<Line>,
    pub recusals: Vec<Line>,
    pub officials: Vec<Line>,
    pub adjournments: Vec<Line>,
    pub paragraphs: Vec<ParagraphRow>,
    pub numbers: Vec<u32>,
    pub immediate: Option<String>,
    pub adjustment: Option<String>,
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
    let substitutes = person_choices(
        doc,
        Some(MandateRole::Substitute),
        &m.attendance.substitutes_present,
    );
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
            let subs = person_choices(doc, Some(MandateRole::Substitute), &[])
                .into_iter()
                .map(|mut c| {
                    c.selected = c.value == substitute;
                    c
                })
                .collect();
            SeatRow {
                member: s.member.to_string(),
                name: name(doc, s.member),
                state,
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
            let progress = m.progress(&ctx, p.number).ok().flatten();
            let state = if p.immediately_adjusted {
                "Omedelbart justerad".to_owned()
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
                adjusted: p.immediately_adjusted,
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
            "Omedelbar justering av § {} pågår. Har signerat: {}. Väntar på: {}.",
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
                text: format!("Från § {}: {}", c.from_paragraph, event_text(doc, &c.event)),
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
        numbers: m.numbers(),
        paragraphs,
        immediate,
        adjustment,
    }
}

/// The next question as the decision-order form shows it.
pub struct NextQuestion {
    pub question: String,
    pub heading: String,
    pub help: String,
    /// Yes/no questions (formal and additional motions) have no alternatives.
    pub yes_no: bool,
    pub alternatives: Vec<Choice>,
}

pub struct Voter {
    pub id: String,
    pub name: String,
}

pub struct PersonLine {
    pub person: String,
    pub text: String,
}

/// The paragraph editor.
pub struct ParagraphView {
    pub meeting_id: String,
    pub meeting_title: String,
    pub in_session: bool,
    pub editable: bool,
    pub locked: bool,
    pub number: u32,
    pub base: String,
    pub title: String,
    pub case_number: String,
    pub filing_code: String,
    pub open_to_public: bool,
    pub confidential: bool,
    pub title_confidential: bool,
    pub secrecy_reason: String,
    pub election: bool,
    pub minority_referral_used: bool,
    pub att_clauses: bool,
    pub summary: String,
    pub preparation: String,
    pub decision_basis: String,
    pub presenters: String,
    pub proposal_source: String,
    pub proposal_clauses: String,
    pub decision: String,
    pub attachments: String,
    pub distribution: String,
    pub serving: Vec<Voter>,
    pub recused: Vec<String>,
    pub quorum: String,
    pub quorate: bool,
    pub motions: Vec<(String, String, bool)>,
    pub motion_targets: Vec<Choice>,
    pub new_motion_id: String,
    pub recorded: usize,
    pub decision_order: Vec<String>,
    pub roll_calls: Vec<(String, Vec<(String, String)>)>,
    pub next: Option<NextQuestion>,
    pub complete: bool,
    pub generated_decision: Vec<String>,
    pub order_problem: Option<String>,
    pub reservations: Vec<PersonLine>,
    pub notes: Vec<PersonLine>,
    pub live_motions: Vec<Choice>,
    pub everyone: Vec<Choice>,
    pub previous: Option<u32>,
    pub following: Option<u32>,
}

fn alt_label(doc: &MeetingDocument, p: &Paragraph, alt: &Alternative) -> String {
    match alt {
        Alternative::Proposal => p
            .proposal
            .as_ref()
            .map_or_else(|| "Förslaget".to_owned(), |x| capital(&x.source)),
        Alternative::Motion(id) => match p.motion(id) {
            Ok(m) => format!("{}s {}", name(doc, m.mover), m.kind.noun()),
            Err(_) => id.to_string(),
        },
    }
}

fn capital(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

pub fn paragraph_view(
    doc: &MeetingDocument,
    p: &Paragraph,
    new_motion_id: String,
) -> ParagraphView {
    let m = &doc.meeting;
    let ctx = doc.context();
    let people = &ctx.people;
    let roster = m.roster(&ctx, p.number).ok();
    // With nothing recorded yet, the first question follows from the motions.
    let progress = m.live_progress(&ctx, p.number);
    let (decision_order, roll_calls, next, complete, generated, problem) = match &progress {
        Ok(Some(pr)) => {
            let next = pr.next.as_ref().map(|q| match q {
                Question::Formal { motion } | Question::Addition { motion } => {
                    let formal = matches!(q, Question::Formal { .. });
                    let label = p
                        .motion(motion)
                        .map(|x| motion_line(p, x, people))
                        .unwrap_or_else(|_| motion.to_string());
                    NextQuestion {
                        question: format!(
                            "{}:{motion}",
                            if formal { "formal" } else { "addition" }
                        ),
                        heading: label,
                        help: if formal {
                            "Ordföranden frågar om ärendet ska avgöras i dag. Vid omröstning betyder Ja att ärendet avgörs i dag, Nej att yrkandet bifalls.".into()
                        } else {
                            "Ordföranden ställer proposition på tilläggsyrkandet. Vid omröstning betyder Ja bifall till tilläggsyrkandet.".into()
                        },
                        yes_no: true,
                        alternatives: Vec::new(),
                    }
                }
                Question::Main { alternatives } | Question::Clause { alternatives, .. } => {
                    let clause = match q {
                        Question::Clause { clause, .. } => Some(*clause),
                        _ => None,
                    };
                    NextQuestion {
                        question: clause.map_or_else(|| "main".into(), |c| format!("clause:{c}")),
                        heading: clause.map_or_else(
                            || "Huvudfrågan".into(),
                            |c| format!("Att-sats {c} mot ändringsyrkandena"),
                        ),
                        help: "Ordföranden ställer förslagen mot varandra och finner att ett av dem har bifallits. Om omröstning begärs: Ja för ordförandens förslag, Nej för motförslaget.".into(),
                        yes_no: false,
                        alternatives: alternatives
                            .iter()
                            .map(|a| Choice {
                                value: alternative_value(a),
                                label: alt_label(doc, p, a),
                                selected: false,
                            })
                            .collect(),
                    }
                }
            });
            let generated = pr
                .complete()
                .map(|e| e.decision_text(p, &doc.body))
                .unwrap_or_default();
            let roll_calls = pr
                .roll_calls
                .iter()
                .map(|(heading, rc)| {
                    (
                        heading.clone(),
                        rc.votes
                            .iter()
                            .map(|v| (people.name(v.person), v.ballot.swedish().to_owned()))
                            .collect(),
                    )
                })
                .collect();
            (
                pr.text.clone(),
                roll_calls,
                next,
                pr.outcome.is_some(),
                generated,
                None,
            )
        }
        Ok(None) => (Vec::new(), Vec::new(), None, false, Vec::new(), None),
        Err(e) => (
            Vec::new(),
            Vec::new(),
            None,
            false,
            Vec::new(),
            Some(crate::error::capitalize(&e.to_string())),
        ),
    };
    let (confidential, title_confidential, secrecy_reason) = match &p.confidentiality {
        Confidentiality::Public => (false, false, String::new()),
        Confidentiality::Confidential {
            reason,
            title_confidential,
        } => (true, *title_confidential, reason.clone()),
    };
    let live: Vec<&justera_domain::paragraph::Motion> =
        p.motions.iter().filter(|x| !x.withdrawn).collect();
    let mut motion_targets = vec![Choice {
        value: "proposal".into(),
        label: p
            .proposal
            .as_ref()
            .map_or_else(|| "Förslaget".to_owned(), |x| capital(&x.source)),
        selected: true,
    }];
    motion_targets.extend(live.iter().map(|x| Choice {
        value: format!("motion:{}", x.id),
        label: alt_label(doc, p, &Alternative::Motion(x.id.clone())),
        selected: false,
    }));
    let index = m.paragraphs.iter().position(|x| x.number == p.number);
    ParagraphView {
        meeting_id: m.id.to_string(),
        meeting_title: meeting_title(doc),
        in_session: m.status == MeetingStatus::InSession,
        editable: m.status.is_draft() && !p.immediately_adjusted,
        locked: p.immediately_adjusted,
        number: p.number,
        base: fingerprint(p),
        title: p.title.clone(),
        case_number: p.case_number.clone().unwrap_or_default(),
        filing_code: p.filing_code.clone().unwrap_or_default(),
        open_to_public: p.open_to_public,
        confidential,
        title_confidential,
        secrecy_reason,
        election: p.election,
        minority_referral_used: p.minority_referral_used,
        att_clauses: p.decision_style == DecisionStyle::AttClauses,
        summary: p.summary.clone().unwrap_or_default(),
        preparation: p.preparation.clone().unwrap_or_default(),
        decision_basis: p.decision_basis.join("\n"),
        presenters: p.presenters.clone().unwrap_or_default(),
        proposal_source: p
            .proposal
            .as_ref()
            .map(|x| x.source.clone())
            .unwrap_or_default(),
        proposal_clauses: p
            .proposal
            .as_ref()
            .map(|x| x.clauses.join("\n"))
            .unwrap_or_default(),
        decision: p.decision.join("\n"),
        attachments: p.attachments.join("\n"),
        distribution: p.distribution.join("\n"),
        serving: roster
            .as_ref()
            .map(|r| {
                r.serving
                    .iter()
                    .map(|s| Voter {
                        id: s.person.to_string(),
                        name: people.name(s.person),
                    })
                    .collect()
            })
            .unwrap_or_default(),
        recused: roster
            .as_ref()
            .map(|r| r.recused.iter().map(|x| people.name(*x)).collect())
            .unwrap_or_default(),
        quorum: roster.as_ref().map_or_else(String::new, |r| {
            format!(
                "{} av {} ledamöter tjänstgör; minst {} krävs",
                r.serving_count(),
                doc.body.seats,
                doc.body.quorum()
            )
        }),
        quorate: roster.as_ref().is_some_and(|r| r.is_quorate(&doc.body)),
        motions: p
            .motions
            .iter()
            .map(|x| (x.id.to_string(), motion_line(p, x, people), x.withdrawn))
            .collect(),
        motion_targets,
        new_motion_id,
        recorded: p.decision_order.as_ref().map_or(0, |r| r.steps.len()),
        decision_order,
        roll_calls,
        next,
        complete,
        generated_decision: generated,
        order_problem: problem,
        reservations: p
            .reservations
            .iter()
            .map(|r| PersonLine {
                person: r.person.to_string(),
                text: reservation_sentence(p, r, people),
            })
            .collect(),
        notes: p
            .protocol_notes
            .iter()
            .map(|n| PersonLine {
                person: n.person.to_string(),
                text: format!("{}: {}", people.name(n.person), n.text),
            })
            .collect(),
        live_motions: live
            .iter()
            .map(|x| Choice {
                value: x.id.to_string(),
                label: alt_label(doc, p, &Alternative::Motion(x.id.clone())),
                selected: false,
            })
            .collect(),
        everyone: person_choices(doc, None, &[]),
        previous: index
            .and_then(|i| i.checked_sub(1))
            .and_then(|i| m.paragraphs.get(i))
            .map(|x| x.number),
        following: index
            .and_then(|i| m.paragraphs.get(i + 1))
            .map(|x| x.number),
    }
}
