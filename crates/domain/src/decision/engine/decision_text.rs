//! The decision as printed, derived from the outcome of the decision order.

use crate::organization::Body;
use crate::paragraph::{MotionKind, Paragraph};

use super::super::{Alternative, Outcome};
use super::Evaluation;

impl Evaluation {
    /// The decision as printed, derived from the outcome.
    pub fn decision_text(&self, paragraph: &Paragraph, body: &Body) -> Vec<String> {
        let body_name = body.definite_name_capitalized();
        match &self.outcome {
            Outcome::Referred { .. } => vec![format!("{body_name} återremitterar ärendet.")],
            Outcome::Tabled { .. } => vec![format!("{body_name} bordlägger ärendet.")],
            Outcome::Decided {
                main,
                clauses,
                additions,
            } => {
                let mut out: Vec<String> = match main {
                    Alternative::Proposal => paragraph
                        .proposal
                        .as_ref()
                        .map(|p| {
                            p.clauses
                                .iter()
                                .enumerate()
                                .map(|(i, clause)| {
                                    // The proposal as adjusted (jämkat) to take in an ändring.
                                    let adjusted = paragraph
                                        .motions
                                        .iter()
                                        .find(|m| {
                                            !m.withdrawn
                                                && m.taken_in_by.is_some()
                                                && m.clause == Some(i + 1)
                                        })
                                        .map(|m| m.text.clone());
                                    clauses
                                        .iter()
                                        .find(|(c, _)| *c == i + 1)
                                        .and_then(|(_, alt)| match alt {
                                            Alternative::Motion(id) => {
                                                paragraph.motion(id).ok().map(|m| m.text.clone())
                                            }
                                            Alternative::Proposal => None,
                                        })
                                        .or(adjusted)
                                        .unwrap_or_else(|| clause.clone())
                                })
                                .collect()
                        })
                        .unwrap_or_default(),
                    Alternative::Motion(id) => match paragraph.motion(id) {
                        Ok(m) if m.kind == MotionKind::Rejection => {
                            let source = paragraph
                                .proposal
                                .as_ref()
                                .map_or("förslaget", |p| p.source.as_str());
                            vec![format!("{body_name} avslår {source}.")]
                        }
                        Ok(m) => m
                            .text
                            .split("\n\n")
                            .map(|s| s.trim().to_owned())
                            .filter(|s| !s.is_empty())
                            .collect(),
                        Err(_) => Vec::new(),
                    },
                };
                for (id, approved) in additions {
                    if *approved && let Ok(m) = paragraph.motion(id) {
                        out.push(m.text.clone());
                    }
                }
                out
            }
        }
    }
}
