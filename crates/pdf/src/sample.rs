//! Sample documents for benchmarks and layout tests: a long protocol of seed-like content.

use justera_domain::decision::{
    Alternative, Ballot, DecisionRecord, MainVote, RollCall, Step, VoteEntry,
};
use justera_domain::document::MeetingDocument;
use justera_domain::paragraph::{Motion, MotionKind, MotionTarget};

use crate::error::PdfError;

/// The seed meeting (Svenljunga kommunstyrelse 2024-10-21).
pub const SEED: &str = include_str!("../../../tests/fixtures/ks-2024-10-21.json");

pub fn seed() -> Result<MeetingDocument, PdfError> {
    Ok(MeetingDocument::from_json(SEED)?)
}

/// A protocol of `count` paragraphs with the seed's § 162 content (Swedish prose, motions,
/// the generated Beslutsgång), numbered from 1; `votes` of them carry a roll-call vote.
pub fn long_protocol(count: u32, votes: u32) -> Result<MeetingDocument, PdfError> {
    let mut doc = seed()?;
    let template = doc.meeting.paragraph(162)?.clone();
    doc.body.series_starts.clear();
    doc.meeting.adjustments.clear();
    doc.meeting.status = justera_domain::meeting::MeetingStatus::Closed;
    for o in &mut doc.meeting.officials {
        o.paragraphs.clear();
    }
    let ctx_doc = doc.clone();
    let ctx = ctx_doc.context();
    let roster = ctx_doc.meeting.roster(&ctx, 162)?;
    doc.meeting.paragraphs = (1..=count)
        .map(|n| {
            let mut p = template.clone();
            p.number = n;
            p.immediately_adjusted = false;
            p.title = format!("{} (ärende {n})", template.title);
            // Seed-like length, one page per paragraph: the summary's first part, no
            // preparation text.
            p.summary = template
                .summary
                .as_ref()
                .and_then(|s| s.split("\n\n").next().map(str::to_owned));
            p.preparation = None;
            p.decision_basis.truncate(3);
            p.presenters = None;
            p.attachments.clear();
            if n <= votes {
                let mover = roster
                    .serving
                    .iter()
                    .rev()
                    .map(|s| s.person)
                    .next()
                    .unwrap_or(doc.meeting.chair);
                p.motions.push(Motion {
                    id: "avslag".into(),
                    mover,
                    kind: MotionKind::Rejection,
                    text: String::new(),
                    refers_to: Some(MotionTarget::Proposal),
                    clause: None,
                    supporters: vec![],
                    withdrawn: false,
                    taken_in_by: None,
                });
                let votes = roster
                    .serving
                    .iter()
                    .enumerate()
                    .map(|(i, s)| VoteEntry {
                        person: s.person,
                        ballot: if i % 3 == 2 { Ballot::No } else { Ballot::Yes },
                    })
                    .collect();
                let steps = vec![
                    Step::Main {
                        finding: Alternative::Proposal,
                        vote: Some(MainVote {
                            counter: Alternative::Motion("avslag".into()),
                            counter_rounds: vec![],
                            roll_call: RollCall {
                                votes,
                                announced: None,
                                casting_vote: None,
                                lot: None,
                            },
                        }),
                    },
                    Step::Addition {
                        motion: "m2".into(),
                        resolution: justera_domain::decision::Resolution::Acclamation {
                            carried: true,
                        },
                    },
                ];
                p.decision_order = Some(DecisionRecord {
                    presiding: None,
                    steps,
                });
            }
            p
        })
        .collect();
    doc.validate()?;
    Ok(doc)
}
