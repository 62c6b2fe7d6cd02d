//! The decision-order engine: validates the recorded steps against the procedure, decides the
//! outcome and writes the Beslutsgång.
//!
//! Procedure (domain.md §5): formal motions first, återremiss before bordläggning, each alone
//! (in the council a referral or tabling carries with a third of the members present, once per
//! matter); then the main question among the proposal and its alternatives, with a
//! counter-proposal chosen first when a vote is requested on more than two; then amendments
//! clause by clause; then additional motions, each alone.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Serialize;

use crate::attendance::{People, Roster};
use crate::error::DomainError;
use crate::ids::{MotionId, PersonId};
use crate::organization::Body;
use crate::paragraph::{Motion, MotionKind, MotionTarget, Paragraph};
use crate::text::{join_and, number_word_neuter};

mod decision_text;
mod motions;
mod propositions;

use super::phrases::{CHAIR, Sequence, sentence, supported_by};
use super::vote::{RollCall, VoteResult};
use super::{Alternative, DecisionRecord, Outcome, Step};

/// What the engine needs besides the paragraph.
pub struct DecisionContext<'a> {
    pub body: &'a Body,
    /// The meeting's chair; presides unless the record names someone else.
    pub chair: PersonId,
    pub people: &'a People<'a>,
    /// Who serves during the paragraph.
    pub roster: &'a Roster,
}

/// The engine's result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evaluation {
    pub outcome: Outcome,
    /// The Beslutsgång, one string per printed paragraph.
    pub text: Vec<String>,
    /// Every roll call, with a heading for the voting list.
    pub roll_calls: Vec<(String, RollCall)>,
}

/// "tilläggsyrkande" → "tilläggsyrkandet".
fn definite(noun: &str) -> String {
    if noun.ends_with('e') {
        format!("{noun}t")
    } else {
        format!("{noun}et")
    }
}

/// The question the chair must put next while the decision order is being recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(tag = "question", rename_all = "snake_case")]
pub enum Question {
    /// An återremiss or bordläggning motion, alone.
    Formal { motion: MotionId },
    /// The main question between these alternatives.
    Main { alternatives: Vec<Alternative> },
    /// One clause of the proposal against its amendments.
    Clause {
        clause: usize,
        alternatives: Vec<Alternative>,
    },
    /// A tilläggsyrkande, alone.
    Addition { motion: MotionId },
}

/// A decision order as far as it has been recorded: the Beslutsgång so far, and either the
/// outcome (complete) or the next question to put.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Progress {
    pub text: Vec<String>,
    pub outcome: Option<Outcome>,
    pub next: Option<Question>,
    pub roll_calls: Vec<(String, RollCall)>,
}

impl Progress {
    /// The complete evaluation, if nothing remains to be put.
    pub fn complete(&self) -> Option<Evaluation> {
        self.outcome.clone().map(|outcome| Evaluation {
            outcome,
            text: self.text.clone(),
            roll_calls: self.roll_calls.clone(),
        })
    }
}

struct Engine<'a> {
    partial: bool,
    next: Option<Question>,
    ctx: &'a DecisionContext<'a>,
    paragraph: &'a Paragraph,
    presiding: PersonId,
    seq: Sequence,
    text: Vec<String>,
    current: Vec<String>,
    roll_calls: Vec<(String, RollCall)>,
}

/// Validates `record` for `paragraph`, decides the outcome and writes the Beslutsgång.
pub fn evaluate(
    ctx: &DecisionContext<'_>,
    paragraph: &Paragraph,
    record: &DecisionRecord,
) -> Result<Evaluation, DomainError> {
    let progress = run_engine(ctx, paragraph, record, false)?;
    progress
        .complete()
        .ok_or_else(|| DomainError::DecisionOrder {
            paragraph: paragraph.number,
            reason: "beslutsgången är inte fullständig".into(),
        })
}

/// Validates what has been recorded so far, as the secretary records it during the meeting:
/// like [`evaluate`], but a record that stops before the end is not an error — the result
/// names the question to put next.
pub fn evaluate_partial(
    ctx: &DecisionContext<'_>,
    paragraph: &Paragraph,
    record: &DecisionRecord,
) -> Result<Progress, DomainError> {
    run_engine(ctx, paragraph, record, true)
}

fn run_engine(
    ctx: &DecisionContext<'_>,
    paragraph: &Paragraph,
    record: &DecisionRecord,
    partial: bool,
) -> Result<Progress, DomainError> {
    paragraph.validate_shape()?;
    ctx.roster.require_quorum(ctx.body)?;
    let presiding = record.presiding.unwrap_or(ctx.chair);
    if !ctx.roster.is_serving(presiding) {
        return Err(DomainError::PresidingNotServing {
            paragraph: paragraph.number,
            person: ctx.people.name(presiding),
        });
    }
    let mut engine = Engine {
        partial,
        next: None,
        ctx,
        paragraph,
        presiding,
        seq: Sequence::new(),
        text: Vec::new(),
        current: Vec::new(),
        roll_calls: Vec::new(),
    };
    engine.check_movers()?;
    let outcome = engine.run(&record.steps)?;
    engine.flush();
    Ok(Progress {
        outcome,
        next: engine.next,
        text: engine.text,
        roll_calls: engine.roll_calls,
    })
}

impl Engine<'_> {
    fn n(&self) -> u32 {
        self.paragraph.number
    }

    fn err(&self, reason: impl Into<String>) -> DomainError {
        DomainError::DecisionOrder {
            paragraph: self.n(),
            reason: reason.into(),
        }
    }

    /// The record stops before `question` was put: in partial mode that is where the meeting
    /// is; otherwise the record is incomplete.
    fn missing(
        &mut self,
        question: Question,
        reason: String,
    ) -> Result<Option<Outcome>, DomainError> {
        if self.partial {
            self.next = Some(question);
            Ok(None)
        } else {
            Err(self.err(reason))
        }
    }

    fn say(&mut self, s: impl AsRef<str>) {
        self.current.push(sentence(s.as_ref()));
    }

    /// Starts a new printed paragraph (after a vote, the text continues on its own paragraph).
    fn flush(&mut self) {
        if !self.current.is_empty() {
            self.text.push(self.current.join(" "));
            self.current.clear();
        }
    }

    fn body_name(&self) -> &str {
        &self.ctx.body.definite_name
    }

    fn name(&self, p: PersonId) -> String {
        self.ctx.people.name(p)
    }

    fn genitive(&self, p: PersonId) -> String {
        self.ctx
            .people
            .person(p)
            .map_or_else(|_| p.to_string(), |x| x.genitive_with_party())
    }

    fn live(&self) -> impl Iterator<Item = &Motion> {
        self.paragraph.motions.iter().filter(|m| !m.withdrawn)
    }

    fn live_of(&self, kind: MotionKind) -> Vec<&Motion> {
        self.live().filter(|m| m.kind == kind).collect()
    }

    fn check_movers(&self) -> Result<(), DomainError> {
        for m in self.live() {
            for p in std::iter::once(&m.mover).chain(&m.supporters) {
                if self.ctx.roster.recused.contains(p) {
                    return Err(DomainError::RecusedMemberMoves {
                        paragraph: self.n(),
                        person: self.name(*p),
                    });
                }
                if !self.ctx.roster.is_serving(*p) {
                    return Err(DomainError::MoverNotServing {
                        paragraph: self.n(),
                        person: self.name(*p),
                    });
                }
            }
        }
        Ok(())
    }

    /// "arbetsutskottets förslag" or "Lisa Eks (V) avslagsyrkande".
    fn alt_name(&self, alt: &Alternative) -> String {
        match alt {
            Alternative::Proposal => self
                .paragraph
                .proposal
                .as_ref()
                .map_or_else(|| "förslaget".to_owned(), |p| p.source.clone()),
            Alternative::Motion(id) => match self.paragraph.motion(id) {
                Ok(m) => self.motion_name(m),
                Err(_) => id.to_string(),
            },
        }
    }

    fn motion_name(&self, m: &Motion) -> String {
        format!("{} {}", self.genitive(m.mover), m.kind.noun())
    }

    /// "tilläggsyrkande från Johan Björkman (M)".
    fn motion_from(&self, m: &Motion) -> String {
        format!("{} från {}", m.kind.noun(), self.name(m.mover))
    }

    /// Everyone who supports `target`: its own supporters, and movers and supporters of
    /// bifall motions that refer to it.
    fn supporters_of(&self, target: &Alternative) -> Vec<PersonId> {
        let mut out: Vec<PersonId> = Vec::new();
        let mut add = |p: PersonId| {
            if !out.contains(&p) {
                out.push(p);
            }
        };
        if let Alternative::Motion(id) = target
            && let Ok(m) = self.paragraph.motion(id)
        {
            m.supporters.iter().for_each(|p| add(*p));
        }
        for m in self.live().filter(|m| m.kind == MotionKind::Approval) {
            let refers = match (&m.refers_to, target) {
                (None | Some(MotionTarget::Proposal), Alternative::Proposal) => true,
                (Some(MotionTarget::Motion(a)), Alternative::Motion(b)) => a == b,
                _ => false,
            };
            if refers {
                add(m.mover);
                m.supporters.iter().for_each(|p| add(*p));
            }
        }
        out
    }

    fn alternatives(&self) -> Vec<Alternative> {
        let mut alts = Vec::new();
        if self.paragraph.proposal.is_some() {
            alts.push(Alternative::Proposal);
        }
        for m in self.live() {
            let main_rejection = m.kind == MotionKind::Rejection && self.aimed_at(m).is_none();
            if main_rejection || m.kind == MotionKind::OwnProposal {
                alts.push(Alternative::Motion(m.id.clone()));
            }
        }
        alts
    }

    fn amendments(&self) -> BTreeMap<usize, Vec<MotionId>> {
        let mut map: BTreeMap<usize, Vec<MotionId>> = BTreeMap::new();
        for m in self.live_of(MotionKind::Amendment) {
            if let (Some(c), None) = (m.clause, m.taken_in_by) {
                map.entry(c).or_default().push(m.id.clone());
            }
        }
        map
    }

    fn intro(&mut self, alternatives: &[Alternative]) {
        let described: Vec<String> = alternatives
            .iter()
            .map(|alt| {
                let names: Vec<String> = self
                    .supporters_of(alt)
                    .into_iter()
                    .map(|p| self.name(p))
                    .collect();
                let base = match alt {
                    Alternative::Proposal => self.alt_name(alt),
                    Alternative::Motion(id) => self
                        .paragraph
                        .motion(id)
                        .map_or_else(|_| id.to_string(), |m| self.motion_from(m)),
                };
                format!("{base}{}", supported_by(&names))
            })
            .collect();
        let mut extras: Vec<String> = Vec::new();
        for kind in [MotionKind::Referral, MotionKind::Tabling] {
            for m in self.live_of(kind) {
                extras.push(self.motion_from(m));
            }
        }
        for (clause, ids) in self.amendments() {
            for id in ids {
                if let Ok(m) = self.paragraph.motion(&id) {
                    extras.push(
                        self.motion_with_opponents(m, &format!(" avseende att-sats {clause}")),
                    );
                }
            }
        }
        for m in self.live_of(MotionKind::Addition) {
            extras.push(self.motion_with_opponents(m, ""));
        }
        if described.is_empty() && extras.is_empty() {
            // An information item or a matter without proposals: nothing to put.
            return;
        }
        let chair = format!("{CHAIR} {}", self.name(self.presiding));
        let mut s = if described.is_empty() {
            format!("{chair} finner att det finns {}", join_and(&extras))
        } else {
            let count = number_word_neuter(described.len());
            let mut s = format!(
                "{chair} finner att det finns {count} förslag till beslut, {}",
                join_and(&described)
            );
            if !extras.is_empty() {
                s.push_str(" samt ");
                s.push_str(&join_and(&extras));
            }
            s
        };
        s.push('.');
        self.say(s);
    }

    fn count(&self, roll_call: &RollCall) -> Result<VoteResult, DomainError> {
        roll_call.count(
            self.ctx.roster,
            self.ctx.people,
            self.presiding,
            self.paragraph.election,
        )
    }

    fn run(&mut self, steps: &[Step]) -> Result<Option<Outcome>, DomainError> {
        let alternatives = self.alternatives();
        let taken_in = self.check_taken_in()?;
        self.intro(&alternatives);
        for (by, m) in &taken_in {
            let who = if *by == self.presiding {
                format!("{CHAIR} {} jämkar sitt förslag", self.name(*by))
            } else {
                format!("{} jämkar sitt yrkande", self.name(*by))
            };
            self.say(format!(
                "{who} enligt {} ändringsyrkande avseende att-sats {}",
                self.genitive(m.mover),
                m.clause.unwrap_or(0)
            ));
        }
        let mut steps = steps.iter().peekable();

        // 1. Formal motions: återremiss first, then bordläggning, each alone.
        let mut formal = self.live_of(MotionKind::Referral);
        formal.extend(self.live_of(MotionKind::Tabling));
        let formal: Vec<Motion> = formal.into_iter().cloned().collect();
        for m in &formal {
            let Some(step) = steps.next() else {
                let reason = format!("{} har inte prövats", self.motion_from(m));
                return self.missing(
                    Question::Formal {
                        motion: m.id.clone(),
                    },
                    reason,
                );
            };
            let Step::Formal { motion, resolution } = step else {
                return Err(self.err(format!(
                    "{} ska prövas före {}",
                    self.motion_from(m),
                    self.describe(step)
                )));
            };
            if motion != &m.id {
                return Err(self.err(format!(
                    "{} ska prövas före {}",
                    self.motion_from(m),
                    self.describe(step)
                )));
            }
            if let Some(outcome) = self.formal(m, resolution)? {
                if let Some(extra) = steps.next() {
                    return Err(self.err(format!(
                        "ärendet avgjordes inte i dag, så {} kan inte prövas",
                        self.describe(extra)
                    )));
                }
                return Ok(Some(outcome));
            }
        }

        // 2. The main question.
        // With the proposal alone in the main question, the chair may put an ändring straight
        // against it (one proposition, no separate approval first: rule 4).
        let straight_to_clause = alternatives == [Alternative::Proposal]
            && !self.amendments().is_empty()
            && matches!(steps.peek(), Some(Step::Clause { .. }));
        let main = if alternatives.is_empty() {
            None
        } else if straight_to_clause {
            Some(Alternative::Proposal)
        } else {
            let Some(step) = steps.next() else {
                return self.missing(
                    Question::Main {
                        alternatives: alternatives.clone(),
                    },
                    "huvudfrågan har inte prövats".into(),
                );
            };
            let Step::Main { finding, vote } = step else {
                return Err(self.err(format!(
                    "huvudfrågan ska prövas före {}",
                    self.describe(step)
                )));
            };
            Some(self.question(&alternatives, finding, vote.as_ref(), None)?)
        };

        // 3. Amendments clause by clause, only when the proposal won.
        let proposal_won = matches!(main, Some(Alternative::Proposal));
        let mut clauses = Vec::new();
        for (clause, ids) in self.amendments() {
            if !proposal_won {
                if let Some(Step::Clause { .. }) = steps.peek() {
                    return Err(self.err(format!(
                        "att-sats {clause} kan inte prövas eftersom förslaget inte bifölls"
                    )));
                }
                continue;
            }
            let mut alts = vec![Alternative::Proposal];
            alts.extend(ids.iter().cloned().map(Alternative::Motion));
            let Some(step) = steps.next() else {
                return self.missing(
                    Question::Clause {
                        clause,
                        alternatives: alts,
                    },
                    format!("ändringsyrkandena avseende att-sats {clause} har inte prövats"),
                );
            };
            let Step::Clause {
                clause: c,
                finding,
                vote,
            } = step
            else {
                return Err(self.err(format!(
                    "att-sats {clause} ska prövas före {}",
                    self.describe(step)
                )));
            };
            if *c != clause {
                return Err(self.err(format!(
                    "att-sats {clause} ska prövas före {}",
                    self.describe(step)
                )));
            }
            let won = self.question(&alts, finding, vote.as_ref(), Some(clause))?;
            clauses.push((clause, won));
        }

        // 4. Additional motions, each alone, unless the proposal was rejected.
        let rejected = matches!(&main, Some(Alternative::Motion(id))
            if self.paragraph.motion(id).is_ok_and(|m| m.kind == MotionKind::Rejection));
        let additions: Vec<Motion> = self
            .live_of(MotionKind::Addition)
            .into_iter()
            .cloned()
            .collect();
        let mut decided_additions = Vec::new();
        if rejected {
            if !additions.is_empty() {
                let names: Vec<String> = additions.iter().map(|m| self.motion_from(m)).collect();
                self.say(format!(
                    "Då förslaget har avslagits prövas inte {}",
                    join_and(&names)
                ));
            }
        } else {
            for m in &additions {
                let Some(step) = steps.next() else {
                    let reason = format!("{} har inte prövats", self.motion_from(m));
                    return self.missing(
                        Question::Addition {
                            motion: m.id.clone(),
                        },
                        reason,
                    );
                };
                let Step::Addition { motion, resolution } = step else {
                    return Err(self.err(format!(
                        "{} ska prövas före {}",
                        self.motion_from(m),
                        self.describe(step)
                    )));
                };
                if motion != &m.id {
                    return Err(self.err(format!(
                        "{} ska prövas före {}",
                        self.motion_from(m),
                        self.describe(step)
                    )));
                }
                let approved = self.addition(m, resolution)?;
                decided_additions.push((m.id.clone(), approved));
            }
        }
        if let Some(extra) = steps.next() {
            return Err(self.err(format!(
                "{} hör inte till beslutsgången: det finns inget sådant yrkande kvar att pröva",
                self.describe(extra)
            )));
        }
        Ok(Some(Outcome::Decided {
            main: main.unwrap_or(Alternative::Proposal),
            clauses,
            additions: decided_additions,
        }))
    }

    fn describe(&self, step: &Step) -> String {
        match step {
            Step::Main { .. } => "huvudfrågan".to_owned(),
            Step::Clause { clause, .. } => format!("att-sats {clause}"),
            Step::Formal { motion, .. } | Step::Addition { motion, .. } => {
                match self.paragraph.motion(motion) {
                    Ok(m) => self.motion_from(m),
                    Err(_) => format!("yrkandet {motion}"),
                }
            }
        }
    }
}
