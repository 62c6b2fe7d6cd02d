//! A body's terms as they are kept: each term a span of dates, its mandates inside it, and
//! the changes during a term — a member who resigns is replaced from a date, so the
//! mandate before the date stays as it was (earlier meetings and protocols keep it) and
//! the successor's begins the day after.

use chrono::NaiveDate;

use crate::error::DomainError;
use crate::ids::MandateId;
use crate::organization::{Mandate, MandateRole, Position};
use crate::term::TermRow;

/// One term of a body: its dates, its members and substitutes on the first day, and how
/// many mandates began or ended during it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct TermSpan {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub members: usize,
    pub substitutes: usize,
    /// Mandates that do not run the whole term (resigned, or successors).
    pub changes: usize,
}

impl TermSpan {
    pub fn contains(&self, m: &Mandate) -> bool {
        self.from <= m.term_start && m.term_end <= self.to
    }
}

/// The terms among a body's mandates: the spans no other span contains, each with the
/// mandates inside it.
pub fn terms_of(mandates: &[Mandate]) -> Vec<TermSpan> {
    let mut spans: Vec<(NaiveDate, NaiveDate)> = mandates
        .iter()
        .map(|m| (m.term_start, m.term_end))
        .collect();
    spans.sort();
    spans.dedup();
    let outer: Vec<(NaiveDate, NaiveDate)> = spans
        .iter()
        .filter(|(a, b)| {
            !spans
                .iter()
                .any(|(c, d)| (c, d) != (a, b) && c <= a && b <= d)
        })
        .copied()
        .collect();
    let mut out: Vec<TermSpan> = outer
        .into_iter()
        .map(|(from, to)| TermSpan {
            from,
            to,
            members: 0,
            substitutes: 0,
            changes: 0,
        })
        .collect();
    for m in mandates {
        let Some(t) = out
            .iter_mut()
            .find(|t| t.from <= m.term_start && m.term_end <= t.to)
        else {
            continue;
        };
        if m.term_start != t.from || m.term_end != t.to {
            t.changes += 1;
        }
        if m.covers(t.from) {
            match m.role {
                MandateRole::Member => t.members += 1,
                MandateRole::Substitute => t.substitutes += 1,
            }
        }
    }
    out
}

/// Who takes over a mandate from the day after the last day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Successor {
    pub name: String,
    /// The party the successor's mandate is for; normally the seat's.
    pub party: String,
    pub position: Option<Position>,
}

/// A mandate ended on `last_day` (a resignation, entledigande), and its successor if one is
/// elected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MandateChange {
    pub mandate: MandateId,
    pub last_day: NaiveDate,
    pub successor: Option<Successor>,
}

/// The term's rows after `change`: the mandate ends on the last day, the successor's
/// mandate runs from the day after to the old end, with the same role, party (unless
/// another is given) and order. The result is checked as a term file is (see
/// [`crate::term::check_rows`]).
pub fn apply_change(
    term: &TermSpan,
    mandates: &[(Mandate, String)],
    change: &MandateChange,
) -> Result<Vec<TermRow>, DomainError> {
    let invalid = |reason: String| DomainError::Invalid {
        field: "mandate".into(),
        reason,
    };
    let Some((changed, name)) = mandates.iter().find(|(m, _)| m.id == change.mandate) else {
        return Err(invalid(
            "uppdraget finns inte i mandatperioden; ladda om sidan".into(),
        ));
    };
    if change.last_day < changed.term_start || change.last_day >= changed.term_end {
        return Err(invalid(format!(
            "sista dagen för {name} ska ligga mellan {} och dagen före {} (uppdragets slut)",
            changed.term_start, changed.term_end
        )));
    }
    let mut rows: Vec<TermRow> = mandates
        .iter()
        .filter(|(m, _)| term.contains(m))
        .map(|(m, n)| TermRow {
            line: 0,
            name: n.clone(),
            party: m.party.clone(),
            role: m.role,
            order: m.order,
            position: m.position,
            from: m.term_start,
            to: if m.id == change.mandate {
                change.last_day
            } else {
                m.term_end
            },
            call_group: m.call_group.clone(),
            call_bloc: m.call_bloc.clone(),
        })
        .collect();
    if let Some(s) = &change.successor {
        let successor = s.name.trim();
        if successor.is_empty() || successor.chars().count() > 120 {
            return Err(invalid("efterträdarens namn ska ha 1–120 tecken".into()));
        }
        crate::text::check_printable("successor", "efterträdarens namn", successor, false)?;
        let party = if s.party.trim().is_empty() {
            changed.party.clone()
        } else {
            s.party.trim().to_owned()
        };
        if !(party == "-"
            || (party.chars().count() <= 12 && party.chars().all(char::is_alphabetic)))
        {
            return Err(invalid(format!(
                "partiet \"{party}\" ska skrivas som förkortning (S, M, KD …) eller - utan parti"
            )));
        }
        rows.push(TermRow {
            line: 0,
            name: successor.to_owned(),
            party,
            role: changed.role,
            order: changed.order,
            position: s.position,
            from: change.last_day.succ_opt().unwrap_or(change.last_day),
            to: changed.term_end,
            // The successor takes the seat's place in the order of substitutes.
            call_group: changed.call_group.clone(),
            call_bloc: changed.call_bloc.clone(),
        });
    }
    for (i, r) in rows.iter_mut().enumerate() {
        r.line = i + 2;
    }
    Ok(rows)
}

#[cfg(test)]
#[allow(clippy::indexing_slicing)]
mod tests {
    use super::*;
    use crate::ids::{BodyId, PersonId};

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default()
    }

    fn mandate(role: MandateRole, party: &str, order: u32, from: &str, to: &str) -> Mandate {
        Mandate {
            id: MandateId::new_random(),
            person_id: PersonId::new_random(),
            body_id: BodyId::new_random(),
            role,
            party: party.into(),
            term_start: d(from),
            term_end: d(to),
            order,
            position: None,
            call_group: None,
            call_bloc: None,
        }
    }

    #[test]
    fn a_resigned_member_is_replaced_from_the_day_after() {
        let anna = mandate(MandateRole::Member, "S", 1, "2027-01-01", "2030-12-31");
        let bo = mandate(MandateRole::Member, "M", 2, "2027-01-01", "2030-12-31");
        let old = mandate(MandateRole::Member, "S", 1, "2023-01-01", "2026-12-31");
        let all = [anna.clone(), bo.clone(), old];
        let terms = terms_of(&all);
        assert_eq!(terms.len(), 2);
        let term = terms[1].clone();
        assert_eq!((term.members, term.changes), (2, 0));
        let named = vec![(anna.clone(), "Anna".to_owned()), (bo, "Bo".to_owned())];
        let change = MandateChange {
            mandate: anna.id,
            last_day: d("2027-05-31"),
            successor: Some(Successor {
                name: "Cecilia".into(),
                party: String::new(),
                position: None,
            }),
        };
        let rows = apply_change(&term, &named, &change).unwrap_or_default();
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[0].to, d("2027-05-31"));
        assert_eq!(
            (
                rows[2].name.as_str(),
                rows[2].party.as_str(),
                rows[2].from,
                rows[2].to
            ),
            ("Cecilia", "S", d("2027-06-01"), d("2030-12-31"))
        );
        // The changed term is still one term, with two changes.
        let mut after: Vec<Mandate> = vec![anna.clone(), all[1].clone()];
        after[0].term_end = d("2027-05-31");
        let mut cecilia = mandate(MandateRole::Member, "S", 1, "2027-06-01", "2030-12-31");
        cecilia.person_id = PersonId::new_random();
        after.push(cecilia);
        let terms = terms_of(&after);
        assert_eq!(terms.len(), 1);
        assert_eq!((terms[0].members, terms[0].changes), (2, 2));
    }

    #[test]
    fn a_last_day_outside_the_mandate_or_a_bad_successor_is_refused() {
        let anna = mandate(MandateRole::Member, "S", 1, "2027-01-01", "2030-12-31");
        let term = terms_of(std::slice::from_ref(&anna))[0].clone();
        let named = vec![(anna.clone(), "Anna".to_owned())];
        for (last, successor) in [
            ("2026-12-31", None),
            ("2030-12-31", None),
            (
                "2027-05-31",
                Some(Successor {
                    name: "\u{1b}[31m".into(),
                    party: String::new(),
                    position: None,
                }),
            ),
            (
                "2027-05-31",
                Some(Successor {
                    name: "Cecilia".into(),
                    party: "Socialdemokraterna 2027".into(),
                    position: None,
                }),
            ),
        ] {
            let change = MandateChange {
                mandate: anna.id,
                last_day: d(last),
                successor,
            };
            assert!(apply_change(&term, &named, &change).is_err(), "{last}");
        }
        let unknown = MandateChange {
            mandate: MandateId::new_random(),
            last_day: d("2027-05-31"),
            successor: None,
        };
        assert!(apply_change(&term, &named, &unknown).is_err());
    }
}
