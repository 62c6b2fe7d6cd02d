//! The yes-or-no questions of the decision order: återremiss and bordläggning (with the
//! council's minority), tilläggsyrkanden, an avslag aimed at a tillägg or an ändring, and
//! jämkning.

use crate::error::DomainError;
use crate::ids::PersonId;
use crate::organization::BodyKind;
use crate::paragraph::{Motion, MotionKind, MotionTarget};
use crate::text::join_and;

use super::super::phrases::{self, CHAIR, tally_clause, vote_call};
use super::super::vote::Side;
use super::super::{Outcome, Resolution};
use super::{Engine, definite};

impl Engine<'_> {
    /// The tillägg or ändring an avslagsyrkande is aimed at: such an avslag is the "no" side of
    /// that motion's own question, not an alternative to the proposal (issue 14, rule 5).
    pub(super) fn aimed_at(&self, m: &Motion) -> Option<&Motion> {
        let Some(MotionTarget::Motion(target)) = &m.refers_to else {
            return None;
        };
        self.paragraph
            .motion(target)
            .ok()
            .filter(|t| matches!(t.kind, MotionKind::Addition | MotionKind::Amendment))
    }

    /// The live avslagsyrkanden aimed at `target`.
    pub(super) fn rejections_of(&self, target: &Motion) -> Vec<&Motion> {
        self.live()
            .filter(|m| {
                m.kind == MotionKind::Rejection
                    && self.aimed_at(m).is_some_and(|t| t.id == target.id)
            })
            .collect()
    }

    /// "tilläggsyrkande från Eva Nypelius (C) som Björn Jansson (S) yrkar avslag på".
    pub(super) fn motion_with_opponents(&self, m: &Motion, regarding: &str) -> String {
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

    /// Jämkning (issue 14, rule 3): the ändringar taken into the proposal, each by someone
    /// serving, one per clause, and only ändringar.
    pub(super) fn check_taken_in(&self) -> Result<Vec<(PersonId, Motion)>, DomainError> {
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

    /// A formal motion. Returns the outcome when it carries.
    pub(super) fn formal(
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
                            "{} kan inte stödja {} när bara {present} är närvarande",
                            crate::text::counted(i64::from(*n), "ledamot", "ledamöter"),
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

    pub(super) fn flush_if_voted(&mut self, resolution: &Resolution) {
        if matches!(resolution, Resolution::Vote { .. }) {
            self.flush();
        }
    }

    /// An additional motion, alone. Returns whether it was approved.
    pub(super) fn addition(
        &mut self,
        m: &Motion,
        resolution: &Resolution,
    ) -> Result<bool, DomainError> {
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
}
