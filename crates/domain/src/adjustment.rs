//! The adjustment workflow (justering): the frozen content, who must sign and in what order,
//! the signatures collected, rejection and withdrawal.
//!
//! Order (domain.md §6): the secretary first where the body's rules say so, then the chair, then
//! the adjusters in any order among themselves. The adjustment date is the date of the last
//! required signature.

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::error::DomainError;
use crate::ids::PersonId;
use crate::meeting::{Meeting, MeetingContext, MeetingStatus, SignatureRecord, SignerRole};

/// "Protokollet signerat digitalt".
pub const DIGITAL_SIGNATURE: &str = "Protokollet signerat digitalt";

/// Someone whose signature the adjustment needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct RequiredSigner {
    pub role: SignerRole,
    pub name: String,
    /// The person who must sign, linked to their account. (Adjustments started before the
    /// secretary was a person have none for the secretary: nobody can sign in that place, and
    /// the secretary withdraws and sends again.)
    #[serde(default)]
    pub person: Option<PersonId>,
}

impl RequiredSigner {
    /// Whether `identity` is this signer: by person only — a display name proves nothing.
    pub fn is(&self, identity: &SignerIdentity) -> bool {
        self.person.is_some_and(|p| identity.person == Some(p))
    }
}

/// An adjustment in progress: the content is frozen under its hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct PendingAdjustment {
    /// SHA-256 of the unsigned PDF that is being signed.
    pub content_sha256: String,
    pub sent_on: NaiveDate,
    pub required: Vec<RequiredSigner>,
    #[serde(default)]
    pub signatures: Vec<SignatureRecord>,
}

impl PendingAdjustment {
    /// The signers who may sign now: the first unsigned in order, and with them all unsigned
    /// adjusters once the chair (and secretary) have signed.
    pub fn next_signers(&self) -> Vec<&RequiredSigner> {
        let signed = |r: &RequiredSigner| {
            self.signatures
                .iter()
                .any(|s| s.role == r.role && s.name == r.name)
        };
        let Some(first) = self.required.iter().find(|r| !signed(r)) else {
            return Vec::new();
        };
        if first.role == SignerRole::Adjuster {
            self.required
                .iter()
                .filter(|r| r.role == SignerRole::Adjuster && !signed(r))
                .collect()
        } else {
            vec![first]
        }
    }

    pub fn is_complete(&self) -> bool {
        self.next_signers().is_empty()
    }

    /// Adds `who`'s signature. Refuses anyone who is not a required signer, a second
    /// signature, and signing out of order. Returns whether every required signature is in.
    pub fn add_signature(
        &mut self,
        who: &SignerIdentity,
        today: NaiveDate,
    ) -> Result<bool, DomainError> {
        let matches = |r: &RequiredSigner| match r.person {
            Some(p) => who.person == Some(p),
            None => r.name == who.name,
        };
        let required = self
            .required
            .iter()
            .find(|r| matches(r))
            .cloned()
            .ok_or_else(|| DomainError::NotASigner {
                name: who.name.clone(),
            })?;
        if self
            .signatures
            .iter()
            .any(|s| s.role == required.role && s.name == required.name)
        {
            return Err(DomainError::AlreadySigned {
                name: required.name.clone(),
            });
        }
        if !self.next_signers().iter().any(|r| **r == required) {
            let waiting: Vec<String> = self
                .next_signers()
                .iter()
                .map(|r| format!("{} ({})", r.name, r.role.swedish().to_lowercase()))
                .collect();
            return Err(DomainError::NotYourTurn {
                name: required.name.clone(),
                waiting: crate::text::join_and(&waiting),
            });
        }
        self.signatures.push(SignatureRecord {
            role: required.role,
            name: required.name.clone(),
            signed_on: today,
            method: DIGITAL_SIGNATURE.to_owned(),
        });
        Ok(self.is_complete())
    }
}

/// An immediate adjustment of some paragraphs, in progress during the meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct PendingImmediate {
    pub paragraphs: Vec<u32>,
    /// Started after the meeting was closed: a separate adjustment (särskild justering).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub after_meeting: bool,
    #[serde(flatten)]
    pub adjustment: PendingAdjustment,
}

/// Who is asking to sign.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignerIdentity {
    pub name: String,
    pub person: Option<PersonId>,
}

impl Meeting {
    /// No decision among `numbers` contradicts its decision order (issue 14, rule 6).
    pub fn check_decisions_agree(
        &self,
        ctx: &MeetingContext<'_>,
        numbers: &[u32],
    ) -> Result<(), DomainError> {
        for n in numbers {
            let Some(evaluation) = self.evaluate(ctx, *n)? else {
                continue;
            };
            let paragraph = self.paragraph(*n)?;
            if let Some(reason) = crate::decision::disagreement(paragraph, &evaluation, ctx.body) {
                return Err(DomainError::DecisionDisagrees {
                    paragraph: *n,
                    reason,
                });
            }
        }
        Ok(())
    }

    /// The signers the body's rules require for this meeting, in order.
    pub fn required_signers(
        &self,
        ctx: &MeetingContext<'_>,
    ) -> Result<Vec<RequiredSigner>, DomainError> {
        let mut out = Vec::new();
        if ctx.body.secretary_signs {
            let person = self.secretary_person.ok_or_else(|| DomainError::Invalid {
                field: "meeting.secretary_person".into(),
                reason: "ange vem som är sekreterare (en person i registret, kopplad till ett konto) innan protokollet skickas för justering".into(),
            })?;
            ctx.people.person(person)?;
            out.push(RequiredSigner {
                role: SignerRole::Secretary,
                name: self.secretary.clone(),
                person: Some(person),
            });
        }
        out.push(RequiredSigner {
            role: SignerRole::Chair,
            name: ctx.people.person(self.chair)?.name.clone(),
            person: Some(self.chair),
        });
        for a in &self.adjusters {
            out.push(RequiredSigner {
                role: SignerRole::Adjuster,
                name: ctx.people.person(*a)?.name.clone(),
                person: Some(*a),
            });
        }
        Ok(out)
    }

    /// Freezes the content for signing: Closed → UnderAdjustment, with the hash of the PDF.
    pub fn start_adjustment(
        &mut self,
        ctx: &MeetingContext<'_>,
        content_sha256: String,
        today: NaiveDate,
    ) -> Result<(), DomainError> {
        let required = self.required_signers(ctx)?;
        self.check_decisions_agree(ctx, &self.numbers())?;
        self.send_for_adjustment()?;
        self.pending_adjustment = Some(PendingAdjustment {
            content_sha256,
            sent_on: today,
            required,
            signatures: Vec::new(),
        });
        Ok(())
    }

    /// Records a signature by `who` in `role`. Refuses anyone who is not a required signer, a
    /// second signature, and signing out of order. Returns the adjustment date when this was
    /// the last required signature (the meeting is then adjusted).
    pub fn record_signature(
        &mut self,
        who: &SignerIdentity,
        today: NaiveDate,
    ) -> Result<Option<NaiveDate>, DomainError> {
        let pending = self
            .pending_adjustment
            .as_mut()
            .filter(|_| self.status == MeetingStatus::UnderAdjustment)
            .ok_or_else(|| DomainError::WrongStatus {
                action: "signera".into(),
                status: self.status.swedish().into(),
            })?;
        let complete = pending.add_signature(who, today)?;
        if complete {
            let signatures = pending.signatures.clone();
            self.pending_adjustment = None;
            let date = self.mark_adjusted(signatures)?;
            return Ok(Some(date));
        }
        Ok(None)
    }

    /// A signer rejects (or the secretary withdraws): back to the draft, every signature
    /// collected so far discarded. Returns the discarded signatures for the audit log.
    pub fn abandon_adjustment(&mut self) -> Result<Vec<SignatureRecord>, DomainError> {
        self.withdraw_adjustment()?;
        Ok(self
            .pending_adjustment
            .take()
            .map(|p| p.signatures)
            .unwrap_or_default())
    }
}

impl Meeting {
    /// Starts an immediate adjustment of `paragraphs` at the meeting, or — once the meeting is
    /// closed and before the protocol is sent for adjustment — a separate adjustment of them
    /// on a later day (särskild justering, issue 14 rule 17): each must exist, have a decision
    /// and not be adjusted already. The paragraphs carry "Paragrafen förklaras omedelbart
    /// justerad" (or "Paragrafen justeras särskilt") and are locked from now on; they get
    /// their own notice and appeal period.
    pub fn start_immediate_adjustment(
        &mut self,
        ctx: &MeetingContext<'_>,
        paragraphs: &[u32],
        content_sha256: String,
        today: NaiveDate,
    ) -> Result<(), DomainError> {
        let after_meeting = match self.status {
            MeetingStatus::InSession => false,
            MeetingStatus::Closed => true,
            _ => {
                return Err(DomainError::WrongStatus {
                    action: "justera paragrafer för sig".into(),
                    status: self.status.swedish().into(),
                });
            }
        };
        if after_meeting && paragraphs.len() == self.paragraphs.len() {
            return Err(DomainError::Invalid {
                field: "paragraphs".into(),
                reason: "alla paragrafer är valda; skicka hela protokollet för justering i stället"
                    .into(),
            });
        }
        if self.pending_immediate.is_some() {
            return Err(DomainError::ImmediateAdjustmentInProgress);
        }
        if paragraphs.is_empty() {
            return Err(DomainError::Invalid {
                field: "paragraphs".into(),
                reason: "ange vilka paragrafer som ska justeras omedelbart".into(),
            });
        }
        for n in paragraphs {
            let p = self.paragraph(*n)?;
            if p.immediately_adjusted {
                return Err(DomainError::ParagraphAdjusted { paragraph: *n });
            }
            if !p.has_decision() {
                return Err(DomainError::ParagraphWithoutDecision { paragraph: *n });
            }
        }
        let required = self.required_signers(ctx)?;
        self.check_decisions_agree(ctx, paragraphs)?;
        let mut sorted = paragraphs.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        for p in self
            .paragraphs
            .iter_mut()
            .filter(|p| sorted.contains(&p.number))
        {
            p.immediately_adjusted = true;
        }
        self.pending_immediate = Some(PendingImmediate {
            paragraphs: sorted,
            after_meeting,
            adjustment: PendingAdjustment {
                content_sha256,
                sent_on: today,
                required,
                signatures: Vec::new(),
            },
        });
        Ok(())
    }

    /// Records a signature on the immediate adjustment. When it is the last, the adjustment is
    /// recorded with its own notice and appeal period, and returned.
    pub fn record_immediate_signature(
        &mut self,
        who: &SignerIdentity,
        today: NaiveDate,
        organization: &crate::organization::Organization,
    ) -> Result<Option<crate::meeting::AdjustmentRecord>, DomainError> {
        let pending = self
            .pending_immediate
            .as_mut()
            .ok_or(DomainError::NoImmediateAdjustment)?;
        if !pending.adjustment.add_signature(who, today)? {
            return Ok(None);
        }
        let done = self
            .pending_immediate
            .take()
            .ok_or(DomainError::NoImmediateAdjustment)?;
        let signatures = done.adjustment.signatures;
        let adjusted_on = signatures
            .iter()
            .map(|s| s.signed_on)
            .max()
            .unwrap_or(today);
        let posted = crate::calendar::posting_date(adjusted_on, organization.notice_board.posting)?;
        let dates = crate::calendar::notice_dates(posted, organization.notice_board.takedown)?;
        let record = crate::meeting::AdjustmentRecord {
            immediate: true,
            after_meeting: done.after_meeting,
            paragraphs: done.paragraphs,
            adjusted_on,
            signatures,
            notice: Some(crate::meeting::NoticeRecord::new(dates)),
        };
        self.adjustments.push(record.clone());
        Ok(Some(record))
    }

    /// Abandons an immediate adjustment that has not been completed: the paragraphs are no
    /// longer marked, the signatures collected are discarded and returned.
    pub fn abandon_immediate_adjustment(&mut self) -> Result<Vec<SignatureRecord>, DomainError> {
        let pending = self
            .pending_immediate
            .take()
            .ok_or(DomainError::NoImmediateAdjustment)?;
        for p in self
            .paragraphs
            .iter_mut()
            .filter(|p| pending.paragraphs.contains(&p.number))
        {
            p.immediately_adjusted = false;
        }
        Ok(pending.adjustment.signatures)
    }
}
