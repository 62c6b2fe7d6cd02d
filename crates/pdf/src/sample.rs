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
    protocol(count, votes, None)
}

/// The text volume of a real 40-§ KS protocol (issue 15): 40 §§ of about 2,050 characters of
/// summary each (≈ 116,000 characters in all) and 10 roll calls.
pub fn heavy_protocol() -> Result<MeetingDocument, PdfError> {
    protocol(40, 10, Some(2_050))
}

/// The characters of text of a protocol's paragraphs (titles, summaries, decisions).
pub fn text_volume(doc: &MeetingDocument) -> usize {
    doc.meeting
        .paragraphs
        .iter()
        .map(|p| {
            p.title.chars().count()
                + p.summary.as_ref().map_or(0, |s| s.chars().count())
                + p.decision.iter().map(|d| d.chars().count()).sum::<usize>()
                + p.decision_basis
                    .iter()
                    .map(|d| d.chars().count())
                    .sum::<usize>()
        })
        .sum()
}

fn protocol(
    count: u32,
    votes: u32,
    summary_chars: Option<usize>,
) -> Result<MeetingDocument, PdfError> {
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
            p.summary = match summary_chars {
                None => template
                    .summary
                    .as_ref()
                    .and_then(|s| s.split("\n\n").next().map(str::to_owned)),
                // The summary's paragraphs over again until the paragraph has its volume.
                Some(target) => template.summary.as_ref().map(|s| {
                    let parts: Vec<&str> = s.split("\n\n").collect();
                    let mut out = String::new();
                    for part in parts.iter().cycle().take(200) {
                        if out.chars().count() >= target {
                            break;
                        }
                        if !out.is_empty() {
                            out.push_str("\n\n");
                        }
                        out.push_str(part);
                    }
                    out
                }),
            };
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
