//! Roll-call votes: who may vote, the tally, and ties.

use std::collections::BTreeSet;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::attendance::{People, Roster};
use crate::error::DomainError;
use crate::ids::PersonId;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Ballot {
    /// Ja.
    Yes,
    /// Nej.
    No,
    /// Avstår.
    Abstain,
}

impl Ballot {
    pub fn swedish(self) -> &'static str {
        match self {
            Self::Yes => "Ja",
            Self::No => "Nej",
            Self::Abstain => "Avstår",
        }
    }
}

/// The two sides of a question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    Yes,
    No,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct VoteEntry {
    pub person: PersonId,
    pub ballot: Ballot,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Tally {
    pub yes: u32,
    pub no: u32,
    pub abstain: u32,
}

/// An open roll-call vote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct RollCall {
    /// One entry per serving, non-recused member, in the order of the voting list.
    pub votes: Vec<VoteEntry>,
    /// The result as the chair announced it; when given it must match the ballots.
    #[serde(default)]
    pub announced: Option<Tally>,
    /// On a tie where the chair did not vote yes or no: the chair's casting vote.
    #[serde(default)]
    pub casting_vote: Option<Side>,
    /// On a tie in an election: the side the lot fell on.
    #[serde(default)]
    pub lot: Option<Side>,
}

/// How a vote was settled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Settled {
    Majority,
    CastingVote,
    Lot,
}

/// The counted result of a roll call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VoteResult {
    pub tally: Tally,
    pub winner: Side,
    pub settled: Settled,
}

impl RollCall {
    pub fn tally(&self) -> Tally {
        let count = |b: Ballot| {
            u32::try_from(self.votes.iter().filter(|v| v.ballot == b).count()).unwrap_or(u32::MAX)
        };
        Tally {
            yes: count(Ballot::Yes),
            no: count(Ballot::No),
            abstain: count(Ballot::Abstain),
        }
    }

    pub fn ballot_of(&self, person: PersonId) -> Option<Ballot> {
        self.votes
            .iter()
            .find(|v| v.person == person)
            .map(|v| v.ballot)
    }

    /// Validates the roll call against the paragraph's roster and counts it.
    ///
    /// Only serving, non-recused members vote, each exactly once, and every one of them is on
    /// the list. A tie goes to the presiding chair's casting vote, or to the lot in elections.
    pub fn count(
        &self,
        roster: &Roster,
        people: &People<'_>,
        presiding: PersonId,
        election: bool,
    ) -> Result<VoteResult, DomainError> {
        let n = roster.paragraph;
        let mut seen = BTreeSet::new();
        for v in &self.votes {
            if roster.recused.contains(&v.person) {
                return Err(DomainError::RecusedMemberVotes {
                    paragraph: n,
                    person: people.name(v.person),
                });
            }
            if !roster.is_serving(v.person) {
                return Err(DomainError::VoterNotServing {
                    paragraph: n,
                    person: people.name(v.person),
                });
            }
            if !seen.insert(v.person) {
                return Err(DomainError::DuplicateVote {
                    paragraph: n,
                    person: people.name(v.person),
                });
            }
        }
        if let Some(missing) = roster.serving.iter().find(|s| !seen.contains(&s.person)) {
            return Err(DomainError::VoterMissing {
                paragraph: n,
                person: people.name(missing.person),
            });
        }
        let tally = self.tally();
        if let Some(announced) = self.announced
            && announced != tally
        {
            return Err(DomainError::TallyMismatch {
                paragraph: n,
                announced: format!(
                    "{} ja, {} nej, {} avstår",
                    announced.yes, announced.no, announced.abstain
                ),
                counted: format!(
                    "{} ja, {} nej, {} avstår",
                    tally.yes, tally.no, tally.abstain
                ),
            });
        }
        if tally.yes + tally.no == 0 {
            return Err(DomainError::NoVotesCast { paragraph: n });
        }
        if tally.yes != tally.no {
            if self.casting_vote.is_some() || self.lot.is_some() {
                return Err(DomainError::TieBreakWithoutTie { paragraph: n });
            }
            let winner = if tally.yes > tally.no {
                Side::Yes
            } else {
                Side::No
            };
            return Ok(VoteResult {
                tally,
                winner,
                settled: Settled::Majority,
            });
        }
        if election {
            if self.casting_vote.is_some() {
                return Err(DomainError::CastingVoteInElection { paragraph: n });
            }
            let winner = self.lot.ok_or(DomainError::LotRequired { paragraph: n })?;
            return Ok(VoteResult {
                tally,
                winner,
                settled: Settled::Lot,
            });
        }
        if self.lot.is_some() {
            return Err(DomainError::LotOutsideElection { paragraph: n });
        }
        let chair_side = match self.ballot_of(presiding) {
            Some(Ballot::Yes) => Some(Side::Yes),
            Some(Ballot::No) => Some(Side::No),
            Some(Ballot::Abstain) | None => None,
        };
        let winner = match (chair_side, self.casting_vote) {
            (Some(side), None) => side,
            (Some(side), Some(cast)) if side == cast => side,
            (Some(_), Some(_)) => {
                return Err(DomainError::CastingVoteContradicts {
                    paragraph: n,
                    chair: people.name(presiding),
                });
            }
            (None, Some(cast)) => cast,
            (None, None) => {
                return Err(DomainError::CastingVoteRequired {
                    paragraph: n,
                    chair: people.name(presiding),
                });
            }
        };
        Ok(VoteResult {
            tally,
            winner,
            settled: Settled::CastingVote,
        })
    }
}
