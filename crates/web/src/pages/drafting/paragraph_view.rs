//! What the secretary's paragraph editor shows: one paragraph with its decision order so far,
//! the question to put next, motions, reservations and notes.

use justera_domain::decision::{Alternative, Question};
use justera_domain::document::MeetingDocument;
use justera_domain::drafting::{ParagraphText, fingerprint};
use justera_domain::meeting::MeetingStatus;
use justera_domain::paragraph::{Confidentiality, DecisionStyle, Paragraph, ParagraphKind};
use justera_domain::protocol::{motion_line, reservation_sentence};

use super::forms::alternative_value;
use super::view::{Choice, meeting_title, name, person_choices};

/// When the next question is the main question with the proposal alone and an ändring is
/// pending, the first amended clause against the proposal, as a form of its own.
fn direct_clause(
    doc: &MeetingDocument,
    p: &Paragraph,
    progress: Option<&justera_domain::decision::Progress>,
) -> Option<NextQuestion> {
    let Some(Question::Main { alternatives }) = progress.and_then(|x| x.next.as_ref()) else {
        return None;
    };
    if alternatives.as_slice() != [Alternative::Proposal] {
        return None;
    }
    let pending = |m: &&justera_domain::paragraph::Motion| {
        !m.withdrawn
            && m.kind == justera_domain::paragraph::MotionKind::Amendment
            && m.taken_in_by.is_none()
    };
    let clause = p
        .motions
        .iter()
        .filter(pending)
        .filter_map(|m| m.clause)
        .min()?;
    let mut alts = vec![Alternative::Proposal];
    alts.extend(
        p.motions
            .iter()
            .filter(pending)
            .filter(|m| m.clause == Some(clause))
            .map(|m| Alternative::Motion(m.id.clone())),
    );
    Some(question_form(
        doc,
        p,
        &Question::Clause {
            clause,
            alternatives: alts,
        },
        "add_step",
        String::new(),
    ))
}

/// The next question as the decision-order form shows it.
pub struct NextQuestion {
    pub question: String,
    pub heading: String,
    pub help: String,
    /// Yes/no questions (formal and additional motions) have no alternatives.
    pub yes_no: bool,
    /// A formal motion in the council: the chair may find minority support (a third of the
    /// members present) without a roll call.
    pub minority: bool,
    pub alternatives: Vec<Choice>,
    /// The form's action: `add_step` for the next question, `request_vote` for a vote
    /// requested on the finding just recorded.
    pub action: String,
    /// For a requested vote: the finding that was recorded (the vote's Ja).
    pub found: String,
}

pub struct Voter {
    pub id: String,
    pub name: String,
    /// The ballot entered before a refused submission ("yes", "no", "abstain" or empty).
    pub ballot: String,
}

/// A roll call the server refused, as the secretary had entered it: shown again beside the
/// error, so no ballot is entered twice.
#[derive(Default)]
pub struct TypedRollCall {
    action: String,
    ballots: Vec<(String, String)>,
    casting: String,
    lot: String,
    finding: String,
    counter: String,
}

impl TypedRollCall {
    pub fn from_fields(f: &super::forms::Fields) -> Self {
        let action = f.text("action");
        if !matches!(action.as_str(), "add_step" | "request_vote") || f.text("mode") != "vote" {
            return Self::default();
        }
        Self {
            ballots: f
                .pairs()
                .filter_map(|(k, v)| {
                    let id = k.strip_prefix("ballot-")?;
                    matches!(v, "yes" | "no" | "abstain").then(|| (id.to_owned(), v.to_owned()))
                })
                .collect(),
            casting: f.text("casting"),
            lot: f.text("lot"),
            finding: f.text("finding"),
            counter: f.text("counter"),
            action,
        }
    }

    /// Puts the entered ballots back on the page, and the error beside the roll call.
    pub fn show_in(self, v: &mut ParagraphView, problem: Option<&str>) {
        if self.action.is_empty() {
            return;
        }
        for voter in &mut v.serving {
            if let Some((_, b)) = self.ballots.iter().find(|(id, _)| *id == voter.id) {
                voter.ballot.clone_from(b);
            }
        }
        v.rollcall_for = self.action;
        v.rollcall_problem = problem.map(str::to_owned);
        v.casting = self.casting;
        v.lot = self.lot;
        for q in v.next.iter_mut().chain(v.request_vote.iter_mut()) {
            if !self.counter.is_empty() {
                for a in &mut q.alternatives {
                    a.selected = a.value == self.counter;
                }
            }
            if !self.finding.is_empty() && q.found.is_empty() {
                q.found.clone_from(&self.finding);
            }
        }
    }
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
    /// "omedelbart" or "särskilt": how the locked paragraph was adjusted.
    pub locked_how: String,
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
    /// Ärende, interpellation, fråga, information.
    pub kinds: Vec<Choice>,
    /// Everyone who may speak, those who spoke checked (in the order they spoke first).
    pub speakers: Vec<Choice>,
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
    /// Who presides over the paragraph (preselected where the chair acts).
    pub chair_id: String,
    pub recused: Vec<String>,
    pub quorum: String,
    pub quorate: bool,
    /// (id, line, withdrawn, may be taken into the proposal now, "jämkat in av …" or "").
    pub motions: Vec<(String, String, bool, bool, String)>,
    pub motion_targets: Vec<Choice>,
    pub new_motion_id: String,
    pub recorded: usize,
    pub decision_order: Vec<String>,
    pub roll_calls: Vec<(String, Vec<(String, String)>)>,
    pub next: Option<NextQuestion>,
    /// With the proposal alone in the main question: the first amended clause put straight
    /// against the proposal, in one proposition (issue 14, rule 4).
    pub direct_clause: Option<NextQuestion>,
    pub complete: bool,
    pub generated_decision: Vec<String>,
    pub order_problem: Option<String>,
    pub reservations: Vec<PersonLine>,
    pub notes: Vec<PersonLine>,
    /// The motions a reservation may favour: those that lost.
    pub losing_motions: Vec<Choice>,
    /// Who may reserve now (took part, did not vote for what won, not yet reserved).
    pub reservation_candidates: Vec<Choice>,
    /// The roll call whose submission was refused ("add_step" or "request_vote"), its error
    /// and what was entered besides the ballots.
    pub rollcall_for: String,
    pub rollcall_problem: Option<String>,
    pub casting: String,
    pub lot: String,
    /// A vote may be requested on the chair's finding just recorded.
    pub request_vote: Option<NextQuestion>,
    pub has_proposal: bool,
    /// After a refused save: the sections someone else changed meanwhile, with both texts.
    pub conflicts: Vec<Difference>,
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

/// The form for putting `q`: the next question (`add_step`), or the vote requested on the
/// finding just recorded (`request_vote`, with that finding as `found`).
fn question_form(
    doc: &MeetingDocument,
    p: &Paragraph,
    q: &Question,
    action: &str,
    found: String,
) -> NextQuestion {
    let people = &doc.context().people;
    match q {
        Question::Formal { motion } | Question::Addition { motion } => {
            let formal = matches!(q, Question::Formal { .. });
            let label = p
                .motion(motion)
                .map(|x| motion_line(p, x, people))
                .unwrap_or_else(|_| "Yrkandet".to_owned());
            NextQuestion {
                question: format!("{}:{motion}", if formal { "formal" } else { "addition" }),
                heading: label,
                help: if formal {
                    "Ordföranden frågar om ärendet ska avgöras i dag. Vid omröstning betyder Ja att ärendet avgörs i dag, Nej att yrkandet bifalls.".into()
                } else {
                    "Ordföranden ställer proposition på tilläggsyrkandet. Vid omröstning betyder Ja bifall till tilläggsyrkandet.".into()
                },
                yes_no: true,
                minority: formal
                    && doc.body.kind == justera_domain::organization::BodyKind::Council
                    && !p.minority_referral_used,
                alternatives: Vec::new(),
                action: action.to_owned(),
                found,
            }
        }
        Question::Main { alternatives } | Question::Clause { alternatives, .. } => {
            let clause = match q {
                Question::Clause { clause, .. } => Some(*clause),
                _ => None,
            };
            let help = if alternatives.len() > 1 {
                "Ordföranden ställer förslagen mot varandra och finner att ett av dem har bifallits. Om omröstning begärs: Ja för ordförandens förslag, Nej för motförslaget."
            } else {
                "Det finns ett förslag: ordföranden frågar om det bifalls."
            };
            NextQuestion {
                question: clause.map_or_else(|| "main".into(), |c| format!("clause:{c}")),
                heading: clause.map_or_else(
                    || "Huvudfrågan".into(),
                    |c| format!("Att-sats {c} mot ändringsyrkandena"),
                ),
                help: help.into(),
                yes_no: false,
                minority: false,
                alternatives: alternatives
                    .iter()
                    .enumerate()
                    .map(|(i, a)| Choice {
                        value: alternative_value(a),
                        label: alt_label(doc, p, a),
                        selected: i == 1,
                    })
                    .collect(),
                action: action.to_owned(),
                found,
            }
        }
    }
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
            let next = pr
                .next
                .as_ref()
                .map(|q| question_form(doc, p, q, "add_step", String::new()));
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
            // A written decision that contradicts the decision order is flagged here and
            // refused when the protocol is sent for adjustment.
            let disagrees = pr.complete().and_then(|e| {
                justera_domain::decision::disagreement(p, &e, &doc.body).map(|reason| {
                    format!(
                        "Beslutet under Beslut stämmer inte med beslutsgången: {reason}. Rätta beslutet (eller skriv in beslutet enligt beslutsgången) innan protokollet skickas för justering."
                    )
                })
            });
            (
                pr.text.clone(),
                roll_calls,
                next,
                pr.outcome.is_some(),
                generated,
                disagrees,
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
    // Without a prepared proposal there is nothing to call "the proposal".
    let mut motion_targets: Vec<Choice> = p
        .proposal
        .as_ref()
        .map(|x| Choice {
            value: "proposal".into(),
            label: capital(&x.source),
            selected: true,
        })
        .into_iter()
        .collect();
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
        locked_how: if m.adjusted_separately_after(p.number) {
            "särskilt".into()
        } else {
            "omedelbart".into()
        },
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
        kinds: [
            (ParagraphKind::Matter, "matter", "Ärende"),
            (
                ParagraphKind::Interpellation,
                "interpellation",
                "Interpellation",
            ),
            (ParagraphKind::Question, "question", "Fråga"),
            (
                ParagraphKind::Information,
                "information",
                "Information (inget beslut)",
            ),
        ]
        .into_iter()
        .map(|(k, value, label)| Choice {
            value: value.into(),
            label: label.into(),
            selected: p.kind == k,
        })
        .collect(),
        speakers: {
            // Those who spoke first, in their order, then everyone else.
            let all = person_choices(doc, None, &[]);
            let mut out: Vec<Choice> = p
                .speakers
                .iter()
                .map(|s| Choice {
                    value: s.to_string(),
                    label: people.name(*s),
                    selected: true,
                })
                .collect();
            out.extend(
                all.into_iter()
                    .filter(|c| !p.speakers.iter().any(|s| s.to_string() == c.value)),
            );
            out
        },
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
                        ballot: String::new(),
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
            .map(|x| {
                let nothing_put = p.decision_order.as_ref().is_none_or(|r| r.steps.is_empty());
                (
                    x.id.to_string(),
                    motion_line(p, x, people),
                    x.withdrawn,
                    x.kind == justera_domain::paragraph::MotionKind::Amendment
                        && x.taken_in_by.is_none()
                        && nothing_put,
                    x.taken_in_by
                        .map(|by| format!("jämkat in i förslaget av {}", people.name(by)))
                        .unwrap_or_default(),
                )
            })
            .collect(),
        motion_targets,
        new_motion_id,
        chair_id: p
            .decision_order
            .as_ref()
            .and_then(|r| r.presiding)
            .unwrap_or(m.chair)
            .to_string(),
        recorded: p.decision_order.as_ref().map_or(0, |r| r.steps.len()),
        decision_order,
        roll_calls,
        direct_clause: direct_clause(doc, p, progress.as_ref().ok().and_then(|x| x.as_ref())),
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
                person: n.person.map(|p| p.to_string()).unwrap_or_default(),
                text: format!("{}: {}", n.author(people), n.text),
            })
            .collect(),
        losing_motions: m
            .losing_motions(&ctx, p.number)
            .into_iter()
            .map(|id| Choice {
                value: id.to_string(),
                label: alt_label(doc, p, &Alternative::Motion(id)),
                selected: false,
            })
            .collect(),
        reservation_candidates: m
            .reservation_candidates(&ctx, p.number)
            .into_iter()
            .map(|id| Choice {
                value: id.to_string(),
                label: people.name(id),
                selected: false,
            })
            .collect(),
        rollcall_for: String::new(),
        rollcall_problem: None,
        casting: String::new(),
        lot: String::new(),
        request_vote: m.vote_may_be_requested(&ctx, p.number).map(|(q, last)| {
            let found = match &last {
                justera_domain::decision::Step::Main { finding, .. }
                | justera_domain::decision::Step::Clause { finding, .. } => {
                    alternative_value(finding)
                }
                _ => String::new(),
            };
            question_form(doc, p, &q, "request_vote", found)
        }),
        has_proposal: p.proposal.is_some(),
        conflicts: Vec::new(),
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

/// A written section where the secretary's text and the saved one differ (a conflict).
#[derive(Debug, Clone, serde::Serialize)]
pub struct Difference {
    /// The editor's input name.
    pub name: &'static str,
    pub label: &'static str,
    pub mine: String,
    pub theirs: String,
}

/// The written sections as the editor's form holds them: (input name, label, value); a
/// checkbox is "1" or "", the decision's form "prose" or "att_clauses".
fn form_values(t: &ParagraphText) -> Vec<(&'static str, &'static str, String)> {
    let flag = |b: bool| if b { "1".to_owned() } else { String::new() };
    let (confidential, title_confidential, reason) = match &t.confidentiality {
        Confidentiality::Public => (false, false, String::new()),
        Confidentiality::Confidential {
            reason,
            title_confidential,
        } => (true, *title_confidential, reason.clone()),
    };
    let opt = |o: &Option<String>| o.clone().unwrap_or_default();
    vec![
        ("title", "Rubrik", t.title.clone()),
        ("case_number", "Diarienummer", opt(&t.case_number)),
        ("filing_code", "Klassificering", opt(&t.filing_code)),
        (
            "open_to_public",
            "Allmänheten hade tillträde",
            flag(t.open_to_public),
        ),
        ("confidential", "Sekretess", flag(confidential)),
        (
            "title_confidential",
            "Även rubriken är sekretessbelagd",
            flag(title_confidential),
        ),
        ("election", "Val", flag(t.election)),
        (
            "minority_referral_used",
            "Redan minoritetsåterremitterat",
            flag(t.minority_referral_used),
        ),
        ("secrecy_reason", "Sekretessgrund", reason),
        ("summary", "Sammanfattning", opt(&t.summary)),
        ("preparation", "Beredning", opt(&t.preparation)),
        (
            "decision_basis",
            "Beslutsunderlag",
            t.decision_basis.join("\n"),
        ),
        ("presenters", "Föredragande", opt(&t.presenters)),
        (
            "proposal_source",
            "Förslaget som behandlas",
            t.proposal
                .as_ref()
                .map(|p| p.source.clone())
                .unwrap_or_default(),
        ),
        (
            "proposal_clauses",
            "Förslagets att-satser",
            t.proposal
                .as_ref()
                .map(|p| p.clauses.join("\n"))
                .unwrap_or_default(),
        ),
        ("decision", "Beslut", t.decision.join("\n")),
        (
            "decision_style",
            "Beslutets form",
            match t.decision_style {
                DecisionStyle::AttClauses => "att_clauses".to_owned(),
                DecisionStyle::Prose => "prose".to_owned(),
            },
        ),
        ("attachments", "Protokollsbilagor", t.attachments.join("\n")),
        (
            "distribution",
            "Beslutet expedieras till",
            t.distribution.join("\n"),
        ),
    ]
}

/// Where `mine` (what the secretary typed) and `theirs` (what is saved) differ.
pub fn differences(mine: &ParagraphText, theirs: &ParagraphText) -> Vec<Difference> {
    let mine = form_values(&mine.clone().normalized());
    let theirs = form_values(&theirs.clone().normalized());
    mine.into_iter()
        .zip(theirs)
        .filter(|((_, _, a), (_, _, b))| a != b)
        .map(|((name, label, a), (_, _, b))| Difference {
            name,
            label,
            mine: a,
            theirs: b,
        })
        .collect()
}
