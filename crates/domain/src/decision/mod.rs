//! The decision order (beslutsgång): what the secretary records, how the engine validates it
//! against the procedure of domain.md §5, what it decides, and the Swedish text it generates.

mod agreement;
mod engine;
pub mod phrases;
mod vote;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::ids::{MotionId, PersonId};

pub use agreement::disagreement;
pub use engine::{DecisionContext, Evaluation, Progress, Question, evaluate, evaluate_partial};
pub use vote::{Ballot, RollCall, Settled, Side, Tally, VoteEntry, VoteResult};

/// An alternative in a proposition: the proposal on the table or a motion that is an
/// alternative to it (avslag, eget förslag, ändring of a clause).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum Alternative {
    Proposal,
    Motion(MotionId),
}

/// How a yes-or-no question (a formal motion, an additional motion) was settled.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "by", rename_all = "snake_case")]
pub enum Resolution {
    /// The chair's finding without a vote. `carried`: the motion was approved.
    Acclamation { carried: bool },
    /// A roll call. For formal motions "ja" means deciding the matter today (the motion fails);
    /// for additional motions "ja" means approving the addition.
    Vote { roll_call: RollCall },
    /// In the council, for an återremiss or bordläggning only: the chair finds, without a
    /// roll call, that at least a third of the members present support it (minority referral
    /// or tabling, KL 5 kap. 51–52 §§), optionally with the count of supporters.
    MinoritySupport {
        #[serde(default)]
        supporters: Option<u32>,
    },
}

/// One pairwise round when choosing the counter-proposal among several alternatives.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct CounterRound {
    pub first: Alternative,
    pub second: Alternative,
    /// The chair's finding: which of the two goes on.
    pub finding: Alternative,
    /// A vote requested on the round: ja for `first`, nej for `second`.
    #[serde(default)]
    pub roll_call: Option<RollCall>,
}

/// A requested vote on the main question (or on a clause): the chair's finding (ja) against a
/// counter-proposal (nej).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct MainVote {
    pub counter: Alternative,
    /// With more than two alternatives: the rounds that chose the counter-proposal.
    #[serde(default)]
    pub counter_rounds: Vec<CounterRound>,
    pub roll_call: RollCall,
}

/// One step of the recorded decision order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "step", rename_all = "snake_case")]
pub enum Step {
    /// Återremiss or bordläggning, each alone, before the main question.
    Formal {
        motion: MotionId,
        resolution: Resolution,
    },
    /// The main question: the chair puts every alternative and finds one has won.
    Main {
        finding: Alternative,
        #[serde(default)]
        vote: Option<MainVote>,
    },
    /// Amendments to one clause of the proposal: the clause against its amendments.
    Clause {
        clause: usize,
        finding: Alternative,
        #[serde(default)]
        vote: Option<MainVote>,
    },
    /// A tilläggsyrkande, alone, after the main question.
    Addition {
        motion: MotionId,
        resolution: Resolution,
    },
}

/// The recorded decision order of a paragraph.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct DecisionRecord {
    /// Who presided; defaults to the meeting's chair.
    #[serde(default)]
    pub presiding: Option<PersonId>,
    pub steps: Vec<Step>,
}

/// What the body decided.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum Outcome {
    /// The matter was referred back; not decided today.
    Referred { motion: MotionId, minority: bool },
    /// The matter was tabled; not decided today.
    Tabled { motion: MotionId, minority: bool },
    /// The matter was decided.
    Decided {
        main: Alternative,
        /// Per amended clause, the alternative that won.
        clauses: Vec<(usize, Alternative)>,
        /// Per additional motion: approved or not (lapsed additions are not listed).
        additions: Vec<(MotionId, bool)>,
    },
}
