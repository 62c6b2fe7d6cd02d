//! The propositions between alternatives: the main question and each clause, the chair's
//! finding, a requested vote, and the rounds that choose the counter-proposal.

use crate::error::DomainError;
use crate::text::join_and;

use super::super::phrases::{self, CHAIR, tally_clause, vote_call};
use super::super::vote::Side;
use super::super::{Alternative, CounterRound, MainVote};
use super::Engine;

impl Engine<'_> {
    /// The main question or one clause: the chair's finding among `alternatives`, and a vote
    /// if one was requested. Returns the winning alternative.
    pub(super) fn question(
        &mut self,
        alternatives: &[Alternative],
        finding: &Alternative,
        vote: Option<&MainVote>,
        clause: Option<usize>,
    ) -> Result<Alternative, DomainError> {
        let what = clause.map_or_else(|| "huvudfrågan".to_owned(), |c| format!("att-sats {c}"));
        if !alternatives.contains(finding) {
            return Err(self.err(format!(
                "ordförandens förslag i {what}, {}, finns inte bland förslagen",
                self.alt_name(finding)
            )));
        }
        let body = self.body_name().to_owned();
        let regarding = clause.map_or_else(String::new, |c| format!(" avseende att-sats {c}"));
        if alternatives.len() == 1 {
            let asks = self.seq.asks();
            self.say(format!(
                "{CHAIR} {asks} på {}{regarding} och finner att {body} bifaller det",
                self.alt_name(finding)
            ));
        } else {
            let puts = self.seq.puts();
            let names: Vec<String> = alternatives.iter().map(|a| self.alt_name(a)).collect();
            self.say(format!(
                "{CHAIR} {puts} {}{regarding} och finner att {body} beslutar enligt {}",
                join_and(&names),
                self.alt_name(finding)
            ));
        }
        let Some(vote) = vote else {
            return Ok(finding.clone());
        };
        if alternatives.len() < 2 {
            return Err(self.err(format!(
                "omröstning i {what} kräver minst två förslag att ställa mot varandra"
            )));
        }
        if &vote.counter == finding || !alternatives.contains(&vote.counter) {
            return Err(self.err(format!(
                "motförslaget i {what} måste vara ett annat av förslagen än ordförandens förslag"
            )));
        }
        let candidates: Vec<Alternative> = alternatives
            .iter()
            .filter(|a| *a != finding)
            .cloned()
            .collect();
        let had_rounds = self.counter_rounds(&candidates, vote, &what)?;
        let main_name = self.alt_name(finding);
        let counter_name = self.alt_name(&vote.counter);
        let result = self.count(&vote.roll_call)?;
        if had_rounds {
            self.say(format!(
                "Till huvudvotering ställs {main_name} mot {counter_name}. Den som vill bifalla {main_name} röstar ja, den som vill bifalla {counter_name} röstar nej"
            ));
        } else {
            self.say(vote_call(
                &format!("bifalla {main_name}"),
                &format!("bifalla {counter_name}"),
            ));
        }
        let winner = match result.winner {
            Side::Yes => finding.clone(),
            Side::No => vote.counter.clone(),
        };
        self.say(phrases::after_tally(
            &tally_clause(&result),
            &format!("beslutar {body} enligt {}", self.alt_name(&winner)),
        ));
        let heading = match clause {
            Some(c) => format!("Omröstning avseende att-sats {c}"),
            None => "Omröstning".to_owned(),
        };
        self.roll_calls.push((heading, vote.roll_call.clone()));
        self.flush();
        Ok(winner)
    }

    /// Validates and narrates the choice of counter-proposal. Returns whether rounds were held.
    pub(super) fn counter_rounds(
        &mut self,
        candidates: &[Alternative],
        vote: &MainVote,
        what: &str,
    ) -> Result<bool, DomainError> {
        if candidates.len() == 1 {
            if !vote.counter_rounds.is_empty() {
                return Err(self.err(format!(
                    "i {what} finns bara ett motförslag; ingen motförslagsvotering behövs"
                )));
            }
            return Ok(false);
        }
        if vote.counter_rounds.len() + 1 != candidates.len() {
            return Err(self.err(format!(
                "i {what} finns {} möjliga motförslag; det krävs {} omgångar för att utse motförslaget, men {} är angivna",
                candidates.len(),
                candidates.len() - 1,
                vote.counter_rounds.len()
            )));
        }
        self.say("Omröstning begärs");
        let mut used: Vec<&Alternative> = Vec::new();
        let mut previous: Option<Alternative> = None;
        for (i, round) in vote.counter_rounds.iter().enumerate() {
            self.check_round(round, candidates, previous.as_ref(), &used, what)?;
            used.push(&round.first);
            used.push(&round.second);
            let first = self.alt_name(&round.first);
            let second = self.alt_name(&round.second);
            let intro = if i == 0 {
                "För att utse motförslag i huvudvoteringen ställer ordförande proposition på"
            } else {
                "Ordförande ställer därefter proposition på"
            };
            self.say(format!(
                "{intro} {first} och {second} och finner att {} är motförslag",
                self.alt_name(&round.finding)
            ));
            let winner = match &round.roll_call {
                None => round.finding.clone(),
                Some(rc) => {
                    let result = self.count(rc)?;
                    let winner = match result.winner {
                        Side::Yes => round.first.clone(),
                        Side::No => round.second.clone(),
                    };
                    self.say(format!(
                        "Omröstning om motförslag begärs och verkställs. Den som vill att {first} ska vara motförslag röstar ja, den som vill att {second} ska vara motförslag röstar nej"
                    ));
                    self.say(phrases::after_tally(
                        &tally_clause(&result),
                        &format!("utses {} till motförslag", self.alt_name(&winner)),
                    ));
                    self.roll_calls
                        .push(("Omröstning om motförslag".to_owned(), rc.clone()));
                    winner
                }
            };
            previous = Some(winner);
        }
        if previous.as_ref() != Some(&vote.counter) {
            return Err(self.err(format!(
                "motförslaget i huvudvoteringen ska vara det som vann motförslagsvoteringen, {}",
                previous.map_or_else(String::new, |p| self.alt_name(&p))
            )));
        }
        Ok(true)
    }

    pub(super) fn check_round(
        &self,
        round: &CounterRound,
        candidates: &[Alternative],
        previous: Option<&Alternative>,
        used: &[&Alternative],
        what: &str,
    ) -> Result<(), DomainError> {
        let valid = |a: &Alternative| candidates.contains(a);
        if !valid(&round.first) || !valid(&round.second) || round.first == round.second {
            return Err(self.err(format!(
                "en motförslagsomgång i {what} måste ställa två olika av de övriga förslagen mot varandra"
            )));
        }
        if round.finding != round.first && round.finding != round.second {
            return Err(self.err(format!(
                "ordförandens utslag i en motförslagsomgång i {what} måste vara ett av de två förslagen"
            )));
        }
        if let Some(prev) = previous
            && (&round.first != prev || used.contains(&&round.second))
        {
            return Err(self.err(format!(
                "varje ny motförslagsomgång i {what} ställer vinnaren från förra omgången mot ett förslag som inte prövats"
            )));
        }
        Ok(())
    }
}
