//! The attendance changes as the front page narrates them (issue 14, rule 12): "Olle Schmidt
//! (L) lämnar sammanträdet efter § 58, kl. 15.30." and "Birgitta Nilsson (S) ansluter under
//! § 58 och ersätter Sten Svensson (S)."

use crate::attendance::{AttendanceChange, AttendanceEvent, People, Roster};
use crate::ids::PersonId;
use crate::text::clock;

/// One sentence per recorded change, in the order recorded.
pub fn change_sentences(
    changes: &[AttendanceChange],
    pairing_unstated: &[PersonId],
    people: &People<'_>,
    numbers: &[u32],
    rosters: &[Roster],
    body_definite: &str,
) -> Vec<String> {
    changes
        .iter()
        .map(|c| change_sentence(c, pairing_unstated, people, numbers, rosters, body_definite))
        .collect()
}

fn change_sentence(
    change: &AttendanceChange,
    pairing_unstated: &[PersonId],
    people: &People<'_>,
    numbers: &[u32],
    rosters: &[Roster],
    body_definite: &str,
) -> String {
    let n = change.from_paragraph;
    let d = &change.details;
    let leaving = matches!(
        change.event,
        AttendanceEvent::Leaves { .. } | AttendanceEvent::SubstituteStops { .. }
    );
    let previous = numbers
        .iter()
        .position(|x| *x == n)
        .and_then(|i| i.checked_sub(1))
        .and_then(|i| numbers.get(i))
        .copied();
    let when = if d.during {
        format!("under § {n}")
    } else if leaving {
        previous.map_or_else(|| format!("före § {n}"), |p| format!("efter § {p}"))
    } else {
        format!("från § {n}")
    };
    let mut s = match &change.event {
        AttendanceEvent::Arrives { person } => {
            let name = people.name(*person);
            // The substitute who served in the member's seat until now.
            let replaced = previous
                .and_then(|p| rosters.iter().find(|r| r.paragraph == p))
                .and_then(|r| r.serving.iter().find(|s| s.seat == *person))
                .filter(|s| s.person != *person)
                .map(|s| format!(" och ersätter {}", people.name(s.person)))
                .unwrap_or_default();
            if d.return_allowed {
                format!(
                    "{name} återinträder i tjänstgöring {when} efter beslut av {body_definite}{replaced}"
                )
            } else {
                format!("{name} ansluter {when}{replaced}")
            }
        }
        AttendanceEvent::Leaves { person } => {
            format!("{} lämnar sammanträdet {when}", people.name(*person))
        }
        AttendanceEvent::SubstituteServes { substitute, .. }
            if pairing_unstated.contains(substitute) =>
        {
            format!("{} börjar tjänstgöra {when}", people.name(*substitute))
        }
        AttendanceEvent::SubstituteServes {
            substitute,
            for_member,
        } => format!(
            "{} tjänstgör för {} {when}",
            people.name(*substitute),
            people.name(*for_member)
        ),
        AttendanceEvent::SubstituteStops { substitute } => {
            format!("{} slutar tjänstgöra {when}", people.name(*substitute))
        }
    };
    if let Some(at) = d.at {
        s.push_str(&format!(", kl. {}", clock(at)));
    }
    if let Some(reason) = d.reason.as_deref().map(str::trim).filter(|r| !r.is_empty()) {
        s.push_str(&format!(" ({reason})"));
    }
    s.push('.');
    s
}
