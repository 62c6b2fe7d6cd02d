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
use crate::organization::{Body, BodyKind};
use crate::paragraph::{Motion, MotionKind, MotionTarget, Paragraph};
use crate::text::{join_and, number_word_neuter};

use super::phrases::{self, CHAIR, Sequence, sentence, supported_by, tally_clause, vote_call};
use super::vote::{RollCall, Side, VoteResult};
use super::{Alternative, CounterRound, DecisionRecord, MainVote, Outcome, Resolution, Step};

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

impl Evaluation {
    /// The decision as printed, derived from the outcome.
    pub fn decision_text(&self, paragraph: &Paragraph, body: &Body) -> Vec<String> {
        let body_name = body.definite_name_capitalized();
        match &self.outcome {
            Outcome::Referred { .. } => vec![format!("{body_name} återremitterar ärendet.")],
            Outcome::Tabled { .. } => vec![format!("{body_name} bordlägger ärendet.")],
            Outcome::Decided {
                main,
                clauses,
                additions,
            } => {
                let mut out: Vec<String> = match main {
                    Alternative::Proposal => paragraph
                        .proposal
                        .as_ref()
                        .map(|p| {
                            p.clauses
                                .iter()
                                .enumerate()
                                .map(|(i, clause)| {
                                    // The proposal as adjusted (jämkat) to take in an ändring.
                                    let adjusted = paragraph
                                        .motions
                                        .iter()
                                        .find(|m| {
                                            !m.withdrawn
                                                && m.taken_in_by.is_some()
                                                && m.clause == Some(i + 1)
                                        })
                                        .map(|m| m.text.clone());
                                    clauses
                                        .iter()
                                        .find(|(c, _)| *c == i + 1)
                                        .and_then(|(_, alt)| match alt {
                                            Alternative::Motion(id) => {
                                                paragraph.motion(id).ok().map(|m| m.text.clone())
                                            }
                                            Alternative::Proposal => None,
                                        })
                                        .or(adjusted)
                                        .unwrap_or_else(|| clause.clone())
                                })
                                .collect()
                        })
                        .unwrap_or_default(),
                    Alternative::Motion(id) => match paragraph.motion(id) {
                        Ok(m) if m.kind == MotionKind::Rejection => {
                            let source = paragraph
                                .proposal
                                .as_ref()
                                .map_or("förslaget", |p| p.source.as_str());
                            vec![format!("{body_name} avslår {source}.")]
                        }
                        Ok(m) => m
                            .text
                            .split("\n\n")
                            .map(|s| s.trim().to_owned())
                            .filter(|s| !s.is_empty())
                            .collect(),
                        Err(_) => Vec::new(),
                    },
                };
                for (id, approved) in additions {
                    if *approved && let Ok(m) = paragraph.motion(id) {
                        out.push(m.text.clone());
                    }
                }
                out
            }
        }
    }
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

    /// The tillägg or ändring an avslagsyrkande is aimed at: such an avslag is the "no" side of
    /// that motion's own question, not an alternative to the proposal (issue 14, rule 5).
    fn aimed_at(&self, m: &Motion) -> Option<&Motion> {
        let Some(MotionTarget::Motion(target)) = &m.refers_to else {
            return None;
        };
        self.paragraph
            .motion(target)
            .ok()
            .filter(|t| matches!(t.kind, MotionKind::Addition | MotionKind::Amendment))
    }

    /// The live avslagsyrkanden aimed at `target`.
    fn rejections_of(&self, target: &Motion) -> Vec<&Motion> {
        self.live()
            .filter(|m| {
                m.kind == MotionKind::Rejection
                    && self.aimed_at(m).is_some_and(|t| t.id == target.id)
            })
            .collect()
    }

    /// "tilläggsyrkande från Eva Nypelius (C) som Björn Jansson (S) yrkar avslag på".
    fn motion_with_opponents(&self, m: &Motion, regarding: &str) -> String {
        let mut opponents: Vec<String> = Vec::new();
        for r in self.rejections_of(m) {
            for p in std::iter::once(&r.mover).chain(&r.supporters) {
                let name = self.name(*p);
                if !opponents.contains(&name) {
                    opponents.push(name);
                }
            }
        }
        // As the seed prints it, the introduction names no supporters of a tillägg or an
        // ändring; an avslag aimed at one is named, since it is the other side of its question.
        let mut s = format!("{}{regarding}", self.motion_from(m));
        if !opponents.is_empty() {
            s.push_str(&format!(" som {} yrkar avslag på", join_and(&opponents)));
        }
        s
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

    /// Jämkning (issue 14, rule 3): the ändringar taken into the proposal, each by someone
    /// serving, one per clause, and only ändringar.
    fn check_taken_in(&self) -> Result<Vec<(PersonId, Motion)>, DomainError> {
        let mut out: Vec<(PersonId, Motion)> = Vec::new();
        for m in self.live() {
            let Some(by) = m.taken_in_by else {
                continue;
            };
            if m.kind != MotionKind::Amendment {
                return Err(self.err(format!(
                    "bara ett ändringsyrkande kan jämkas in i förslaget, inte {}",
                    self.motion_from(m)
                )));
            }
            if !self.ctx.roster.is_serving(by) {
                return Err(DomainError::MoverNotServing {
                    paragraph: self.n(),
                    person: self.name(by),
                });
            }
            if out.iter().any(|(_, o)| o.clause == m.clause) {
                return Err(self.err(format!(
                    "två ändringsyrkanden avseende att-sats {} är jämkade in i förslaget; bara ett kan vara det",
                    m.clause.unwrap_or(0)
                )));
            }
            out.push((by, m.clone()));
        }
        Ok(out)
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

    /// A formal motion. Returns the outcome when it carries.
    fn formal(
        &mut self,
        m: &Motion,
        resolution: &Resolution,
    ) -> Result<Option<Outcome>, DomainError> {
        let (verb, infinitive) = match m.kind {
            MotionKind::Tabling => ("bordläggas", "bordlägga"),
            _ => ("återremitteras", "återremittera"),
        };
        let asks = self.seq.asks();
        let body = self.body_name().to_owned();
        let council_minority =
            self.ctx.body.kind == BodyKind::Council && !self.paragraph.minority_referral_used;
        // A minority referral must be motivated (KL 5 kap. 52 §); a minority tabling needs no
        // motive.
        let motivated = m.kind == MotionKind::Tabling
            || !m
                .text
                .trim()
                .trim_end_matches(|c: char| c == '.' || c.is_whitespace())
                .is_empty();
        let minority_word = if m.kind == MotionKind::Tabling {
            "minoritetsbordläggning"
        } else {
            "minoritetsåterremiss"
        };
        let (carried, minority) = match resolution {
            Resolution::MinoritySupport { supporters } => {
                if self.ctx.body.kind != BodyKind::Council {
                    return Err(self.err(format!(
                        "{minority_word} finns bara i fullmäktige (KL 5 kap. 51–52 §§); pröva {} med ordförandens finnande eller omröstning",
                        self.motion_from(m)
                    )));
                }
                if self.paragraph.minority_referral_used {
                    return Err(self.err(format!(
                        "ärendet har redan återremitterats eller bordlagts av en minoritet en gång; {minority_word} kan inte ske igen"
                    )));
                }
                if !motivated {
                    return Err(self.err(format!(
                        "{} saknar motivering; en minoritetsåterremiss måste motiveras (KL 5 kap. 52 §)",
                        self.motion_from(m)
                    )));
                }
                let present = self.ctx.roster.serving_count();
                let count = match supporters {
                    Some(n) if *n > present => {
                        return Err(self.err(format!(
                            "{n} ledamöter kan inte stödja {} när bara {present} är närvarande",
                            self.motion_from(m)
                        )));
                    }
                    Some(n) if n * 3 < present => {
                        return Err(self.err(format!(
                            "{n} av {present} närvarande är mindre än en tredjedel; {minority_word} kräver minst {}",
                            present.div_ceil(3)
                        )));
                    }
                    Some(n) => format!(" ({n} av {present})"),
                    None => String::new(),
                };
                self.say(format!(
                    "{CHAIR} {asks} om ärendet ska avgöras i dag eller {verb} och finner att {} har stöd av minst en tredjedel av de närvarande ledamöterna{count}",
                    definite(m.kind.noun())
                ));
                self.say(format!(
                    "Ärendet ska därmed {verb} enligt kommunallagens regel om {minority_word}"
                ));
                (true, true)
            }
            Resolution::Acclamation { carried } => {
                let finding = if *carried {
                    format!("att ärendet ska {verb}")
                } else {
                    "att ärendet ska avgöras i dag".to_owned()
                };
                self.say(format!(
                    "{CHAIR} {asks} om ärendet ska avgöras i dag eller {verb} och finner {finding}"
                ));
                (*carried, false)
            }
            Resolution::Vote { roll_call } => {
                let result = self.count(roll_call)?;
                self.say(format!(
                    "{CHAIR} {asks} om ärendet ska avgöras i dag eller {verb}"
                ));
                self.say(vote_call(
                    "att ärendet ska avgöras i dag",
                    &format!("att ärendet ska {verb}"),
                ));
                self.roll_calls.push((
                    format!("Omröstning om {}", m.kind.noun()),
                    roll_call.clone(),
                ));
                let present = self.ctx.roster.serving_count();
                let minority_carries = council_minority
                    && motivated
                    && result.winner == Side::Yes
                    && result.tally.no * 3 >= present;
                if minority_carries {
                    self.say(format!(
                        "{} har minst en tredjedel av de närvarande ledamöterna ({} av {present}) röstat för att ärendet ska {verb}",
                        tally_clause(&result),
                        result.tally.no
                    ));
                    self.say(format!(
                        "Ärendet ska därmed {verb} enligt kommunallagens regel om {minority_word}"
                    ));
                    (true, true)
                } else {
                    let carried = result.winner == Side::No;
                    let decision = if carried {
                        format!("att {infinitive} ärendet")
                    } else {
                        "att avgöra ärendet i dag".to_owned()
                    };
                    self.say(phrases::after_tally(
                        &tally_clause(&result),
                        &format!("beslutar {body} {decision}"),
                    ));
                    (carried, false)
                }
            }
        };
        self.flush_if_voted(resolution);
        if !carried {
            return Ok(None);
        }
        Ok(Some(match m.kind {
            MotionKind::Tabling => Outcome::Tabled {
                motion: m.id.clone(),
                minority,
            },
            _ => Outcome::Referred {
                motion: m.id.clone(),
                minority,
            },
        }))
    }

    fn flush_if_voted(&mut self, resolution: &Resolution) {
        if matches!(resolution, Resolution::Vote { .. }) {
            self.flush();
        }
    }

    /// An additional motion, alone. Returns whether it was approved.
    fn addition(&mut self, m: &Motion, resolution: &Resolution) -> Result<bool, DomainError> {
        let name = self.motion_name(m);
        let body = self.body_name().to_owned();
        // An avslag aimed at the addition is the "no" side of its question, by name.
        let opponents: Vec<String> = self
            .rejections_of(m)
            .into_iter()
            .map(|r| self.motion_name(r))
            .collect();
        let put = if opponents.is_empty() {
            let asks = self.seq.asks();
            format!("{CHAIR} {asks} på {name}")
        } else {
            let puts = self.seq.puts();
            let mut all = vec![name.clone()];
            all.extend(opponents.iter().cloned());
            format!("{CHAIR} {puts} {}", join_and(&all))
        };
        let no_wish = if opponents.is_empty() {
            "avslå det".to_owned()
        } else {
            format!("bifalla {}", join_and(&opponents))
        };
        match resolution {
            Resolution::MinoritySupport { .. } => Err(self.err(format!(
                "{} avgörs med ordförandens finnande eller omröstning; en minoritets stöd gäller bara återremiss och bordläggning",
                self.motion_from(m)
            ))),
            Resolution::Acclamation { carried } => {
                let verb = if *carried { "bifaller" } else { "avslår" };
                let what = if opponents.is_empty() {
                    "det".to_owned()
                } else {
                    definite(m.kind.noun())
                };
                self.say(format!("{put} och finner att {body} {verb} {what}"));
                Ok(*carried)
            }
            Resolution::Vote { roll_call } => {
                let result = self.count(roll_call)?;
                self.say(put);
                self.say(vote_call(&format!("bifalla {name}"), &no_wish));
                let approved = result.winner == Side::Yes;
                let verb = if approved { "bifalla" } else { "avslå" };
                self.say(phrases::after_tally(
                    &tally_clause(&result),
                    &format!("beslutar {body} att {verb} {}", definite(m.kind.noun())),
                ));
                self.roll_calls
                    .push((format!("Omröstning om {name}"), roll_call.clone()));
                self.flush();
                Ok(approved)
            }
        }
    }

    /// The main question or one clause: the chair's finding among `alternatives`, and a vote
    /// if one was requested. Returns the winning alternative.
    fn question(
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
    fn counter_rounds(
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

    fn check_round(
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
