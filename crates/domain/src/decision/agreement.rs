//! The printed decision must agree with the decision order (issue 14, rule 6): a Beslut that
//! says "avslår" after a Beslutsgång that adopts the proposal, or that refers a matter the
//! meeting decided, is flagged with the step it contradicts, and refused when the protocol is
//! sent for adjustment. Wording may differ freely ("Motionen anses besvarad"); only what the
//! decision does is compared: referral, tabling, rejection of the proposal.

use crate::organization::Body;
use crate::paragraph::{MotionKind, Paragraph};

use super::{Alternative, Evaluation, Outcome};

/// What a decision text does, by its verbs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Acts {
    refers: bool,
    tables: bool,
    rejects: bool,
}

fn acts(text: &str) -> Acts {
    let t = text.to_lowercase();
    Acts {
        refers: t.contains("återremitt"),
        tables: t.contains("bordläg") || t.contains("bordlag"),
        rejects: t.contains("avslå") || t.contains("avslag"),
    }
}

/// Why the written decision contradicts the outcome, naming the step; `None` when it agrees
/// or nothing is written yet.
pub fn disagreement(paragraph: &Paragraph, evaluation: &Evaluation, body: &Body) -> Option<String> {
    let written = paragraph.decision.join(" ");
    if written.trim().is_empty() {
        return None;
    }
    let derived = evaluation.decision_text(paragraph, body).join(" ");
    let normalize = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    if normalize(&written) == normalize(&derived) {
        return None;
    }
    let w = acts(&written);
    let d = acts(&derived);
    let source = paragraph
        .proposal
        .as_ref()
        .map_or("förslaget", |p| p.source.as_str());
    match &evaluation.outcome {
        Outcome::Referred { .. } if !w.refers => Some(
            "återremissyrkandet bifölls och ärendet återremitterades, men beslutet säger inte att ärendet återremitteras"
                .to_owned(),
        ),
        Outcome::Tabled { .. } if !w.tables => Some(
            "bordläggningsyrkandet bifölls och ärendet bordlades, men beslutet säger inte att ärendet bordläggs"
                .to_owned(),
        ),
        Outcome::Decided { main, .. } => {
            if w.refers && !d.refers {
                return Some(
                    "beslutsgången avgör ärendet i dag, men beslutet säger att det återremitteras"
                        .to_owned(),
                );
            }
            if w.tables && !d.tables {
                return Some(
                    "beslutsgången avgör ärendet i dag, men beslutet säger att det bordläggs"
                        .to_owned(),
                );
            }
            let rejection_won = matches!(main, Alternative::Motion(id)
                if paragraph.motion(id).is_ok_and(|m| m.kind == MotionKind::Rejection));
            if !rejection_won && w.rejects && !d.rejects {
                return Some(format!(
                    "i huvudfrågan bifölls {source}, men beslutet avslår"
                ));
            }
            if rejection_won && !w.rejects {
                return Some(format!(
                    "i huvudfrågan bifölls avslagsyrkandet, men beslutet avslår inte {source}"
                ));
            }
            None
        }
        _ => None,
    }
}
