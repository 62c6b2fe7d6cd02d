//! Sentences of the protocol that are generated from structured data.

use crate::attendance::People;
use crate::paragraph::{DecisionStyle, Motion, MotionKind, MotionTarget, Paragraph, Reservation};
use crate::text::join_and;

/// "X (M) anmäler jäv och deltar inte i handläggningen."
pub fn recusal_sentence(name_with_party: &str) -> String {
    format!("{name_with_party} anmäler jäv och deltar inte i handläggningen.")
}

/// "X (V) reserverar sig mot beslutet till förmån för eget yrkande."
pub fn reservation_sentence(
    paragraph: &Paragraph,
    reservation: &Reservation,
    people: &People<'_>,
) -> String {
    let name = people.name(reservation.person);
    let favour = reservation
        .in_favour_of
        .as_ref()
        .and_then(|id| paragraph.motion(id).ok())
        .map(|m| {
            if m.mover == reservation.person {
                " till förmån för eget yrkande".to_owned()
            } else {
                let mover = people
                    .person(m.mover)
                    .map_or_else(|_| m.mover.to_string(), |p| p.genitive_with_party());
                format!(" till förmån för {mover} {}", m.kind.noun())
            }
        })
        .unwrap_or_default();
    let written = if reservation.written {
        " Reservationen är skriftlig och bifogas protokollet."
    } else {
        ""
    };
    format!("{name} reserverar sig mot beslutet{favour}.{written}")
}

/// How a motion is minuted under "Förslag till beslut på sammanträdet".
pub fn motion_line(paragraph: &Paragraph, motion: &Motion, people: &People<'_>) -> String {
    let text = motion.text.trim();
    let target = || match &motion.refers_to {
        Some(MotionTarget::Motion(id)) => paragraph.motion(id).map_or_else(
            |_| id.to_string(),
            |m| {
                let mover = people
                    .person(m.mover)
                    .map_or_else(|_| m.mover.to_string(), |p| p.genitive_with_party());
                format!("{mover} {}", m.kind.noun())
            },
        ),
        _ => paragraph
            .proposal
            .as_ref()
            .map_or_else(|| "förslaget".to_owned(), |p| p.source.clone()),
    };
    let wording = match motion.kind {
        MotionKind::Approval if text.is_empty() => format!("Yrkar bifall till {}.", target()),
        MotionKind::Rejection if text.is_empty() => format!("Yrkar avslag på {}.", target()),
        MotionKind::Approval | MotionKind::Rejection => text.to_owned(),
        MotionKind::Addition => format!("Tilläggsyrkande: {text}"),
        MotionKind::Amendment => format!(
            "Ändringsyrkande avseende att-sats {}: {text}",
            motion.clause.unwrap_or(0)
        ),
        MotionKind::Referral => with_motivation("Yrkar att ärendet återremitteras", text),
        MotionKind::Tabling => with_motivation("Yrkar att ärendet bordläggs", text),
        MotionKind::OwnProposal => format!("Eget yrkande: {text}"),
    };
    let mut line = format!("{}: {wording}", people.name(motion.mover));
    if !motion.supporters.is_empty() {
        let names: Vec<String> = motion.supporters.iter().map(|p| people.name(*p)).collect();
        line.push_str(&format!(" {} instämmer.", join_and(&names)));
    }
    line
}

fn with_motivation(base: &str, motivation: &str) -> String {
    if motivation.is_empty() {
        format!("{base}.")
    } else {
        format!("{base} {}.", motivation.trim_end_matches('.'))
    }
}

/// The decision as printed, in the paragraph's style.
pub fn decision_lines(paragraph: &Paragraph) -> Vec<String> {
    match paragraph.decision_style {
        DecisionStyle::Prose => paragraph.decision.clone(),
        DecisionStyle::AttClauses => paragraph
            .decision
            .iter()
            .map(|c| {
                if c.starts_with("att ") {
                    c.clone()
                } else {
                    format!("att {c}")
                }
            })
            .collect(),
    }
}
