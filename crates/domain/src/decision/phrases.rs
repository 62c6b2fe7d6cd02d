//! The Swedish wording of the decision order, in the style of real protocols.

use crate::text::{capitalize, join_and};

use super::vote::{Settled, Side, VoteResult};

/// "Ordförande" as the seed protocol writes it.
pub const CHAIR: &str = "Ordförande";

/// "först" for the first question the chair asks, "därefter" for the rest.
#[derive(Default)]
pub struct Sequence {
    asked: bool,
}

impl Sequence {
    pub fn new() -> Self {
        Self::default()
    }

    /// "frågar först på" / "frågar därefter på".
    pub fn asks(&mut self) -> &'static str {
        if std::mem::replace(&mut self.asked, true) {
            "frågar därefter"
        } else {
            "frågar först"
        }
    }

    /// "ställer proposition på" / "ställer därefter proposition på".
    pub fn puts(&mut self) -> &'static str {
        if std::mem::replace(&mut self.asked, true) {
            "ställer därefter proposition på"
        } else {
            "ställer proposition på"
        }
    }
}

/// "Med 8 ja-röster mot 5 nej-röster, 0 avstår" and, on a tie, how it was broken.
pub fn tally_clause(result: &VoteResult) -> String {
    let t = result.tally;
    let votes = |n: u32, side: &str| {
        crate::text::counted(
            i64::from(n),
            &format!("{side}-röst"),
            &format!("{side}-röster"),
        )
    };
    let base = format!(
        "Med {} mot {}, {} avstår,",
        votes(t.yes, "ja"),
        votes(t.no, "nej"),
        t.abstain
    );
    match result.settled {
        Settled::Majority => base,
        Settled::CastingVote => format!("{base} och ordförandens utslagsröst"),
        Settled::Lot => format!(
            "Rösterna faller lika med {} mot {}, {} avstår. Lottning förrättas och lotten faller på {}-sidan. Därmed",
            votes(t.yes, "ja"),
            votes(t.no, "nej"),
            t.abstain,
            match result.winner {
                Side::Yes => "ja",
                Side::No => "nej",
            }
        ),
    }
}

/// "Omröstning begärs och verkställs. Den som vill bifalla A röstar ja, den som vill bifalla B
/// röstar nej."
pub fn vote_call(yes_wish: &str, no_wish: &str) -> String {
    format!(
        "Omröstning begärs och verkställs. Den som vill {yes_wish} röstar ja, den som vill {no_wish} röstar nej."
    )
}

/// "… beslutar kommunstyrelsen enligt X." after a tally clause; handles the lot case, whose
/// tally sentence ends with "Därmed".
pub fn after_tally(tally: &str, predicate: &str) -> String {
    format!("{tally} {predicate}")
}

/// Capitalizes a generated sentence and makes sure it ends with a full stop.
pub fn sentence(s: &str) -> String {
    let s = capitalize(s.trim());
    if s.ends_with('.') { s } else { format!("{s}.") }
}

/// "A och B yrkar bifall till" phrase for a list of supporters, empty when nobody supports.
pub fn supported_by(names: &[String]) -> String {
    if names.is_empty() {
        String::new()
    } else {
        format!(" som {} yrkar bifall till", join_and(names))
    }
}
