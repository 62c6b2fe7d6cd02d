//! Sentences of the protocol that are generated from structured data.

use crate::attendance::People;
use crate::organization::WrittenReservations;
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
    let mut lines = reservation_lines(
        paragraph,
        std::slice::from_ref(reservation),
        people,
        WrittenReservations::Attached,
    );
    lines.truncate(1);
    lines.pop().unwrap_or_default()
}

/// The Reservation section: consecutive reservations alike (the same motion favoured, both
/// oral or both written without their own text) make one sentence, as protocols write a party
/// group's reservation ("A (S), B (S) och C (S) reserverar sig mot beslutet till förmån för A:s
/// yrkande."). A written reservation says "Reservation, se bilaga." or, by the organization's
/// setting, is followed by its text.
pub fn reservation_lines(
    paragraph: &Paragraph,
    reservations: &[Reservation],
    people: &People<'_>,
    written: WrittenReservations,
) -> Vec<String> {
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(first) = reservations.get(i) {
        let alike = |r: &Reservation| {
            r.in_favour_of == first.in_favour_of
                && r.written == first.written
                && r.text.is_none()
                && first.text.is_none()
        };
        let mut group = vec![first];
        while let Some(next) = reservations.get(i + group.len()).filter(|r| alike(r)) {
            group.push(next);
        }
        i += group.len();
        let names: Vec<String> = group.iter().map(|r| people.name(r.person)).collect();
        let favour = first
            .in_favour_of
            .as_ref()
            .and_then(|id| paragraph.motion(id).ok())
            .map(|m| {
                if group.len() == 1 && m.mover == first.person {
                    " till förmån för eget yrkande".to_owned()
                } else {
                    let mover = people
                        .person(m.mover)
                        .map_or_else(|_| people.name(m.mover), |p| p.genitive_with_party());
                    format!(" till förmån för {mover} {}", m.kind.noun())
                }
            })
            .unwrap_or_default();
        let mut sentence = format!("{} reserverar sig mot beslutet{favour}.", join_and(&names));
        let text = first
            .text
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty());
        match (first.written, written, text) {
            (true, WrittenReservations::InParagraph, Some(text)) => {
                out.push(sentence);
                out.extend(
                    text.split("\n\n")
                        .map(|s| s.trim().to_owned())
                        .filter(|s| !s.is_empty()),
                );
                continue;
            }
            (true, _, _) => sentence.push_str(" Reservation, se bilaga."),
            _ => {}
        }
        out.push(sentence);
    }
    out
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

/// "Yrkar att ärendet återremitteras." alone, or with its motive; a motive of only dots or
/// spaces is none (never "återremitteras .").
fn with_motivation(base: &str, motivation: &str) -> String {
    let motive = motivation
        .trim()
        .trim_end_matches(|c: char| c == '.' || c.is_whitespace());
    if motive.is_empty() {
        format!("{base}.")
    } else {
        format!("{base} {motive}.")
    }
}

/// The decision as printed, in the paragraph's style.
pub fn decision_lines(paragraph: &Paragraph) -> Vec<String> {
    let decision = paragraph.printed_decision();
    match paragraph.decision_style {
        DecisionStyle::Prose => decision,
        DecisionStyle::AttClauses => decision
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
