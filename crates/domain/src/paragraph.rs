//! Paragraphs (§) and what is recorded in them: motions, reservations, protocol notes.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::decision::DecisionRecord;
use crate::error::DomainError;
use crate::ids::{MotionId, PersonId};

/// Whether a paragraph may be published.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Confidentiality {
    #[default]
    Public,
    /// Under secrecy (OSL): omitted or masked in the public copy, with the reason shown.
    Confidential {
        /// The reason, e.g. "26 kap. 1 § offentlighets- och sekretesslagen".
        reason: String,
        /// Whether the title itself reveals confidential information.
        #[serde(default)]
        title_confidential: bool,
    },
}

/// How the decision is written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum DecisionStyle {
    /// "att"-clauses, printed as a list.
    AttClauses,
    /// Prose, one paragraph per clause (the seed's style).
    #[default]
    Prose,
}

/// The proposal the body decides on (the committee's or the board's proposal).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Proposal {
    /// The proposal's name in definite form, used in running text: "arbetsutskottets förslag",
    /// "kommunstyrelsens förslag", "förvaltningens förslag".
    pub source: String,
    /// The proposal's clauses, numbered from 1 in amendments.
    pub clauses: Vec<String>,
}

/// The kind of a motion (yrkande).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum MotionKind {
    /// Bifall: supports an existing proposal or motion; adds no alternative.
    Approval,
    /// Avslag: rejects the proposal.
    Rejection,
    /// Ändring: changes one clause of the proposal.
    Amendment,
    /// Tillägg: adds to the decision; decided last, each alone.
    Addition,
    /// Återremiss: refer the matter back; decided first.
    Referral,
    /// Bordläggning: table the matter; decided after referral.
    Tabling,
    /// Eget förslag: an alternative proposal of its own.
    OwnProposal,
}

impl MotionKind {
    /// The noun used in running text: "avslagsyrkande", "tilläggsyrkande".
    pub fn noun(self) -> &'static str {
        match self {
            Self::Approval => "bifallsyrkande",
            Self::Rejection => "avslagsyrkande",
            Self::Amendment => "ändringsyrkande",
            Self::Addition => "tilläggsyrkande",
            Self::Referral => "återremissyrkande",
            Self::Tabling => "bordläggningsyrkande",
            Self::OwnProposal => "yrkande",
        }
    }

    pub fn is_formal(self) -> bool {
        matches!(self, Self::Referral | Self::Tabling)
    }
}

/// What a motion refers to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum MotionTarget {
    /// The proposal on the table.
    Proposal,
    /// Another motion (for example bifall to someone's tilläggsyrkande).
    Motion(MotionId),
}

/// A motion made at the meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Motion {
    pub id: MotionId,
    pub mover: PersonId,
    pub kind: MotionKind,
    /// The motion as minuted. For additions, amendments and own proposals: the proposed text.
    /// For bifall and avslag: the wording the secretary minuted ("Yrkar bifall till …"); may be
    /// empty, and then a standard wording is printed.
    pub text: String,
    #[serde(default)]
    pub refers_to: Option<MotionTarget>,
    /// For amendments: the clause of the proposal (1-based) the amendment replaces.
    #[serde(default)]
    pub clause: Option<usize>,
    /// Members who joined the motion ("med instämmande av …").
    #[serde(default)]
    pub supporters: Vec<PersonId>,
    #[serde(default)]
    pub withdrawn: bool,
    /// Jämkning: for an ändringsyrkande, the person (the chair or the one who moved the
    /// proposal's approval) who adjusted their proposal to take it in; the adjusted proposal
    /// is what is put, and the ändring is no longer an alternative of its own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub taken_in_by: Option<PersonId>,
}

/// A member's recorded dissent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Reservation {
    pub person: PersonId,
    /// The motion the reservation favours ("till förmån för eget yrkande").
    #[serde(default)]
    pub in_favour_of: Option<MotionId>,
    /// A written reservation, attached to the minutes.
    #[serde(default)]
    pub written: bool,
    /// The written reservation's text, when the secretary has it.
    #[serde(default)]
    pub text: Option<String>,
}

/// A note entered in the minutes (protokollsanteckning): by a person of the register, or by a
/// group or a named person without a mandate in the body ("S-, V- och MP-ledamöterna").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ProtocolNote {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub person: Option<PersonId>,
    /// A group or a person not in the register, as printed; instead of `person`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
    pub text: String,
}

/// The longest printed author of a protocol note (a group's name).
pub const NOTE_AUTHOR_LIMIT: usize = 200;

impl ProtocolNote {
    /// A note by a person of the register.
    pub fn by_person(person: PersonId, text: impl Into<String>) -> Self {
        Self {
            person: Some(person),
            by: None,
            text: text.into(),
        }
    }

    /// Who the note is by, as printed: a group as written, a person with party, never an id.
    pub fn author(&self, people: &crate::attendance::People<'_>) -> String {
        match (&self.by, self.person) {
            (Some(by), _) => by.trim().to_owned(),
            (None, Some(p)) => people
                .person(p)
                .map_or_else(|_| "Okänd person".to_owned(), |x| x.name_with_party()),
            (None, None) => String::new(),
        }
    }

    /// Exactly one author: a person of the register, or a printed name or group.
    pub fn check(
        &self,
        number: u32,
        people: &crate::attendance::People<'_>,
    ) -> Result<(), DomainError> {
        let invalid = |reason: String| DomainError::Invalid {
            field: "protocol_note".into(),
            reason: format!("§ {number}: {reason}"),
        };
        match (&self.by, self.person) {
            (Some(_), Some(_)) => Err(invalid(
                "en protokollsanteckning är av en person eller av en grupp, inte båda".into(),
            )),
            (None, None) => Err(invalid(
                "ange vem protokollsanteckningen är av: en person eller en grupp".into(),
            )),
            (None, Some(p)) => people.person(p).map(drop),
            (Some(by), None) => {
                let by = by.trim();
                if by.is_empty() {
                    return Err(invalid(
                        "ange vem protokollsanteckningen är av: en person eller en grupp".into(),
                    ));
                }
                if by.chars().count() > NOTE_AUTHOR_LIMIT {
                    return Err(invalid(format!(
                        "namnet på den som antecknar är längre än {NOTE_AUTHOR_LIMIT} tecken"
                    )));
                }
                crate::text::check_printable("protocol_note.by", "den som antecknar", by, false)
                    .map_err(|e| invalid(e.to_string()))
            }
        }
    }
}

/// What kind of item a paragraph is (issue 14, rule 18). A matter is decided; an
/// interpellation, a question and an information item need no decision.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ParagraphKind {
    /// Ärende: decided by the body.
    #[default]
    Matter,
    /// Interpellation: a member's interpellation and its answer, debated in the council.
    Interpellation,
    /// Fråga: a member's question and its answer.
    Question,
    /// Information: nothing is decided; "Informationen noteras." unless a decision is written.
    Information,
}

impl ParagraphKind {
    /// Whether a decision must be written before the meeting closes.
    pub fn needs_decision(self) -> bool {
        self == Self::Matter
    }

    /// The printed label of the item's kind, for those that are not plain matters.
    pub fn label(self) -> Option<&'static str> {
        match self {
            Self::Matter => None,
            Self::Interpellation => Some("Interpellation"),
            Self::Question => Some("Fråga"),
            Self::Information => Some("Information"),
        }
    }
}

/// One numbered item of the minutes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Paragraph {
    pub number: u32,
    pub title: String,
    /// Ärende, interpellation, fråga or information.
    #[serde(default, skip_serializing_if = "is_matter")]
    pub kind: ParagraphKind,
    /// "I debatten yttrade sig …": who spoke, in the order they spoke.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub speakers: Vec<PersonId>,
    /// The registry number (diarienummer), e.g. "KSF-2024-253".
    #[serde(default)]
    pub case_number: Option<String>,
    /// The filing code of the records-management plan, e.g. "042".
    #[serde(default)]
    pub filing_code: Option<String>,
    /// "Paragrafen förklaras omedelbart justerad".
    #[serde(default)]
    pub immediately_adjusted: bool,
    /// Whether the public was admitted during this paragraph.
    #[serde(default)]
    pub open_to_public: bool,
    #[serde(default)]
    pub confidentiality: Confidentiality,
    /// A matter of election: a tie is settled by lot, not by the chair's casting vote.
    #[serde(default)]
    pub election: bool,
    /// The matter was minority-referred before: the council cannot minority-refer it again.
    #[serde(default)]
    pub minority_referral_used: bool,
    #[serde(default)]
    pub decision_style: DecisionStyle,
    /// The decision as printed ("Beslut"); derived from the outcome with
    /// [`crate::decision::Outcome::decision_text`] when the decision order is recorded.
    #[serde(default)]
    pub decision: Vec<String>,
    /// "Sammanfattning" / "Ärendebeskrivning".
    #[serde(default)]
    pub summary: Option<String>,
    /// "Beredning".
    #[serde(default)]
    pub preparation: Option<String>,
    /// "Beslutsunderlag".
    #[serde(default)]
    pub decision_basis: Vec<String>,
    /// "Föredragande".
    #[serde(default)]
    pub presenters: Option<String>,
    #[serde(default)]
    pub proposal: Option<Proposal>,
    /// "Förslag till beslut på sammanträdet".
    #[serde(default)]
    pub motions: Vec<Motion>,
    /// "Beslutsgång": the recorded procedure.
    #[serde(default)]
    pub decision_order: Option<DecisionRecord>,
    #[serde(default)]
    pub reservations: Vec<Reservation>,
    #[serde(default)]
    pub protocol_notes: Vec<ProtocolNote>,
    /// "Protokollsbilaga".
    #[serde(default)]
    pub attachments: Vec<String>,
    /// "Beslutet expedieras till".
    #[serde(default)]
    pub distribution: Vec<String>,
}

fn is_matter(kind: &ParagraphKind) -> bool {
    *kind == ParagraphKind::Matter
}

impl Paragraph {
    /// Whether the paragraph has what it needs before the meeting closes: a written decision
    /// or a decision order, unless it is an item that is not decided.
    pub fn has_decision(&self) -> bool {
        !self.decision.is_empty() || self.decision_order.is_some() || !self.kind.needs_decision()
    }

    /// The decision as printed: the written one, or for an information item without one,
    /// "Informationen noteras.".
    pub fn printed_decision(&self) -> Vec<String> {
        if self.decision.is_empty() && self.kind == ParagraphKind::Information {
            vec!["Informationen noteras.".to_owned()]
        } else {
            self.decision.clone()
        }
    }

    /// A paragraph with a number and a title and nothing else.
    pub fn new(number: u32, title: impl Into<String>) -> Self {
        Self {
            number,
            title: title.into(),
            kind: ParagraphKind::Matter,
            speakers: Vec::new(),
            case_number: None,
            filing_code: None,
            immediately_adjusted: false,
            open_to_public: false,
            confidentiality: Confidentiality::Public,
            election: false,
            minority_referral_used: false,
            decision_style: DecisionStyle::Prose,
            decision: Vec::new(),
            summary: None,
            preparation: None,
            decision_basis: Vec::new(),
            presenters: None,
            proposal: None,
            motions: Vec::new(),
            decision_order: None,
            reservations: Vec::new(),
            protocol_notes: Vec::new(),
            attachments: Vec::new(),
            distribution: Vec::new(),
        }
    }

    pub fn motion(&self, id: &MotionId) -> Result<&Motion, DomainError> {
        self.motions
            .iter()
            .find(|m| &m.id == id)
            .ok_or_else(|| DomainError::UnknownMotion {
                paragraph: self.number,
                motion: id.0.clone(),
            })
    }

    pub fn is_confidential(&self) -> bool {
        matches!(self.confidentiality, Confidentiality::Confidential { .. })
    }

    /// No control characters (other than line breaks and tabs) in anything that is printed:
    /// they cannot be shown in the protocol and usually come from pasting.
    fn check_characters(&self) -> Result<(), DomainError> {
        let mut texts: Vec<(&str, &str)> = vec![("rubriken", self.title.as_str())];
        for (name, value) in [
            ("sammanfattningen", &self.summary),
            ("beredningen", &self.preparation),
            ("föredragande", &self.presenters),
            ("diarienumret", &self.case_number),
            ("klassificeringen", &self.filing_code),
        ] {
            if let Some(v) = value {
                texts.push((name, v.as_str()));
            }
        }
        for (name, list) in [
            ("beslutet", &self.decision),
            ("beslutsunderlaget", &self.decision_basis),
            ("bilagorna", &self.attachments),
            ("expedieringen", &self.distribution),
        ] {
            texts.extend(list.iter().map(|v| (name, v.as_str())));
        }
        if let Some(p) = &self.proposal {
            texts.push(("förslaget", p.source.as_str()));
            texts.extend(p.clauses.iter().map(|v| ("förslaget", v.as_str())));
        }
        texts.extend(
            self.motions
                .iter()
                .map(|m| ("ett yrkande", m.text.as_str())),
        );
        texts.extend(
            self.protocol_notes
                .iter()
                .map(|n| ("en protokollsanteckning", n.text.as_str())),
        );
        for (name, text) in texts {
            crate::text::check_printable(&format!("§ {}", self.number), name, text, true)?;
        }
        Ok(())
    }

    /// Checks what can be checked on the paragraph alone: a title, unique motion ids, motion
    /// references that resolve, clause numbers that exist.
    pub fn validate_shape(&self) -> Result<(), DomainError> {
        if self.number == 0 {
            return Err(DomainError::Invalid {
                field: "paragraph.number".into(),
                reason: "paragrafnummer börjar på 1".into(),
            });
        }
        if self.title.trim().is_empty() {
            return Err(DomainError::EmptyTitle {
                paragraph: self.number,
            });
        }
        self.check_characters()?;
        if let Confidentiality::Confidential { reason, .. } = &self.confidentiality
            && reason.trim().is_empty()
        {
            return Err(DomainError::ConfidentialWithoutReason {
                paragraph: self.number,
            });
        }
        for (i, m) in self.motions.iter().enumerate() {
            if self.motions.iter().skip(i + 1).any(|o| o.id == m.id) {
                return Err(DomainError::DuplicateMotion {
                    paragraph: self.number,
                    motion: m.id.0.clone(),
                });
            }
            match (&m.refers_to, m.kind) {
                (Some(MotionTarget::Motion(target)), _) => {
                    if target == &m.id {
                        return Err(DomainError::InvalidMotion {
                            paragraph: self.number,
                            motion: m.id.0.clone(),
                            reason: "ett yrkande kan inte avse sig självt".into(),
                        });
                    }
                    self.motion(target)?;
                }
                (Some(MotionTarget::Proposal), _)
                | (None, MotionKind::Approval | MotionKind::Rejection | MotionKind::Amendment)
                    if self.proposal.is_none() =>
                {
                    return Err(DomainError::InvalidMotion {
                        paragraph: self.number,
                        motion: m.id.0.clone(),
                        reason: "yrkandet avser ett förslag, men paragrafen har inget förslag till beslut".into(),
                    });
                }
                _ => {}
            }
            if m.kind == MotionKind::Amendment {
                let clauses = self.proposal.as_ref().map_or(0, |p| p.clauses.len());
                match m.clause {
                    Some(c) if c >= 1 && c <= clauses => {}
                    Some(c) => {
                        return Err(DomainError::InvalidMotion {
                            paragraph: self.number,
                            motion: m.id.0.clone(),
                            reason: format!(
                                "ändringsyrkandet avser att-sats {c}, men förslaget har {clauses} att-satser"
                            ),
                        });
                    }
                    None => {
                        return Err(DomainError::InvalidMotion {
                            paragraph: self.number,
                            motion: m.id.0.clone(),
                            reason: "ett ändringsyrkande måste ange vilken att-sats det ändrar"
                                .into(),
                        });
                    }
                }
            }
            // An ordinary återremiss or bordläggning needs no motive (a minority referral in
            // the council does: see the decision order).
            if !matches!(
                m.kind,
                MotionKind::Approval
                    | MotionKind::Rejection
                    | MotionKind::Referral
                    | MotionKind::Tabling
            ) && m.text.trim().is_empty()
            {
                return Err(DomainError::InvalidMotion {
                    paragraph: self.number,
                    motion: m.id.0.clone(),
                    reason: "yrkandet saknar text".into(),
                });
            }
        }
        Ok(())
    }
}
