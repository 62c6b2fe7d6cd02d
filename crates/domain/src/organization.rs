//! Organizations, bodies, persons and mandates.

use chrono::{Datelike, NaiveDate};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::calendar::{PostingPolicy, TakedownConvention};
use crate::error::DomainError;
use crate::ids::{BodyId, MandateId, OrganizationId, PersonId};

/// A municipality or region.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Organization {
    pub id: OrganizationId,
    /// "Svenljunga kommun".
    pub name: String,
    /// The organisationsnummer ("212000-1520"): ten digits, the last a check digit.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub organization_number: String,
    /// Where adjusted protocols are kept ("Förvaringsplats för protokollet"), printed on notices.
    pub protocol_storage: String,
    #[serde(default)]
    pub notice_board: NoticeBoardSettings,
    #[serde(default)]
    pub protocol: ProtocolSettings,
}

/// How an organization's protocols are written and signed. Defaults in docs/domain.md §12.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ProtocolSettings {
    /// The court an appeal goes to, as the notice names it ("Förvaltningsrätten i Göteborg").
    /// Empty: the notice says "förvaltningsrätten" without a place.
    #[serde(default)]
    pub appeal_court: String,
    /// The organization signs on paper too: every page carries the boxes "Justerandes
    /// signatur" and "Utdragsbestyrkande". Off by default (digitally signed protocols).
    #[serde(default)]
    pub paper_signature_boxes: bool,
    /// Where the text of a written reservation is printed.
    #[serde(default)]
    pub written_reservations: WrittenReservations,
}

impl Organization {
    /// The settings an administrator changes: names and places short and printable.
    pub fn validate_settings(&self) -> Result<(), DomainError> {
        let text = |field: &str, label: &str, value: &str, max: usize, required: bool| {
            if required && value.trim().is_empty() {
                return Err(DomainError::Invalid {
                    field: field.into(),
                    reason: format!("{label} får inte vara tom"),
                });
            }
            if value.chars().count() > max {
                return Err(DomainError::Invalid {
                    field: field.into(),
                    reason: format!("{label} får vara högst {max} tecken"),
                });
            }
            crate::text::check_printable(field, label, value, false)
        };
        text(
            "organization.name",
            "organisationens namn",
            &self.name,
            200,
            true,
        )?;
        text(
            "organization.protocol_storage",
            "förvaringsplatsen för protokollen",
            &self.protocol_storage,
            300,
            true,
        )?;
        text(
            "organization.protocol.appeal_court",
            "domstolen",
            &self.protocol.appeal_court,
            120,
            false,
        )?;
        if !self.organization_number.is_empty()
            && !valid_organization_number(&self.organization_number)
        {
            return Err(DomainError::Invalid {
                field: "organization.organization_number".into(),
                reason: format!(
                    "organisationsnumret \"{}\" stämmer inte: skriv tio siffror som 212000-1520 (den sista är en kontrollsiffra)",
                    self.organization_number
                        .chars()
                        .take(20)
                        .filter(|c| !c.is_control())
                        .collect::<String>()
                ),
            });
        }
        Ok(())
    }
}

/// A Swedish organisationsnummer: "NNNNNN-NNNN" (or ten digits without the hyphen), the third
/// digit at least 2 (which tells it from a personnummer), the last a Luhn check digit.
pub fn valid_organization_number(text: &str) -> bool {
    let t = text.trim();
    let digits: Vec<u32> = match (t.len(), t.as_bytes().get(6)) {
        (11, Some(b'-')) => t
            .chars()
            .enumerate()
            .filter(|(i, _)| *i != 6)
            .map(|(_, c)| c.to_digit(10))
            .collect::<Option<Vec<_>>>()
            .unwrap_or_default(),
        (10, _) => t
            .chars()
            .map(|c| c.to_digit(10))
            .collect::<Option<Vec<_>>>()
            .unwrap_or_default(),
        _ => return false,
    };
    if digits.len() != 10 || digits.get(2).is_none_or(|d| *d < 2) {
        return false;
    }
    let sum: u32 = digits
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let v = if i % 2 == 0 { d * 2 } else { *d };
            if v > 9 { v - 9 } else { v }
        })
        .sum();
    sum % 10 == 0
}

impl ProtocolSettings {
    /// The court as a notice names it: the organization's court, or "förvaltningsrätten".
    pub fn court(&self) -> String {
        let court = self.appeal_court.trim();
        if court.is_empty() {
            "förvaltningsrätten".to_owned()
        } else {
            court.to_owned()
        }
    }
}

/// Where the text of a written reservation goes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum WrittenReservations {
    /// "Reservation, se bilaga": the text is attached to the protocol (the default).
    #[default]
    Attached,
    /// The text is printed in the paragraph, under the reservation.
    InParagraph,
}

/// Per-organization notice-board conventions. Defaults are documented in docs/domain-defaults.md.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct NoticeBoardSettings {
    #[serde(default)]
    pub takedown: TakedownConvention,
    #[serde(default)]
    pub posting: PostingPolicy,
}

/// The kind of a body. The kind decides some rules: minority referral and two adjusters in the
/// council, recused members staying in the room in the council.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum BodyKind {
    /// Fullmäktige.
    Council,
    /// Kommunstyrelse / regionstyrelse.
    Board,
    /// Nämnd.
    Committee,
    /// Utskott.
    Subcommittee,
    /// Gemensam nämnd: one municipality's committee that several municipalities share
    /// (KL 9 kap. 19–29 §§); its notices are posted on every participant's board.
    JointCommittee,
}

impl BodyKind {
    pub fn swedish_name(self) -> &'static str {
        match self {
            Self::Council => "fullmäktige",
            Self::Board => "styrelse",
            Self::Committee => "nämnd",
            Self::Subcommittee => "utskott",
            Self::JointCommittee => "gemensam nämnd",
        }
    }
}

/// Where a body's paragraph series starts in a year, when it does not start at 1 in Justera
/// (an organization that begins using Justera in the middle of a year).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct SeriesStart {
    pub year: i32,
    pub first_number: u32,
}

/// A decision-making body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Body {
    pub id: BodyId,
    pub organization_id: OrganizationId,
    pub kind: BodyKind,
    /// "Kommunstyrelsen".
    pub name: String,
    /// The definite form used in running text: "kommunstyrelsen", "kommunfullmäktige".
    pub definite_name: String,
    /// "KS".
    pub short_name: String,
    /// The number of seats (ledamöter); quorum is more than half of them.
    pub seats: u32,
    /// How many adjusters the body elects at each meeting (board: at least one; council: two).
    pub adjusters: u32,
    /// Whether the secretary signs the minutes too.
    pub secretary_signs: bool,
    /// Series starts for years that do not start at § 1.
    #[serde(default)]
    pub series_starts: Vec<SeriesStart>,
    /// One series of § numbers a year (the common practice) or one per meeting.
    #[serde(default)]
    pub numbering: Numbering,
    /// Where the body usually meets: the new meeting form's place.
    #[serde(default)]
    pub usual_place: String,
    /// When the body's meetings usually begin: the new meeting form's time.
    #[serde(default)]
    pub usual_time: Option<chrono::NaiveTime>,
    /// For a joint committee: the other municipalities or regions that share it, whose boards
    /// post its notices too ("Marks kommun").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub participants: Vec<String>,
    /// The rules the council has decided for the body (its reglemente), where the law lets it.
    #[serde(default)]
    pub rules: BodyRules,
}

/// What a body's rules may allow beyond the law's default (domain.md: attendance).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
pub struct BodyRules {
    /// Växeltjänstgöring: a member who has left the meeting (for other reasons than a
    /// conflict of interest) may come back and serve again, when the council has decided so
    /// (KL 5 kap. 19 §, 6 kap. 12 §). Off by default: the law's default.
    #[serde(default)]
    pub return_after_leaving: bool,
    /// A substitute elected for another party may serve for a seat when the council's order of
    /// substitutes says so (KL 6 kap. 10 §); then the seat's own party's substitutes present
    /// still come first. Off by default: only the seat's party's substitutes.
    #[serde(default)]
    pub substitutes_across_parties: bool,
}

/// How a body numbers its paragraphs (domain.md: numbering).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Numbering {
    /// One series per calendar year: the year's first meeting starts at § 1 (or its series
    /// start), each later meeting goes on from the one before.
    #[default]
    PerYear,
    /// Every meeting starts at § 1.
    PerMeeting,
}

impl Body {
    pub fn validate(&self) -> Result<(), DomainError> {
        if self.kind == BodyKind::JointCommittee && self.participants.is_empty() {
            return Err(DomainError::Invalid {
                field: "body.participants".into(),
                reason: "en gemensam nämnd behöver de samverkande kommunerna, en per rad".into(),
            });
        }
        if self.name.trim().is_empty() || self.definite_name.trim().is_empty() {
            return Err(DomainError::Invalid {
                field: "body.name".into(),
                reason: "namnet får inte vara tomt".into(),
            });
        }
        if self.seats == 0 {
            return Err(DomainError::Invalid {
                field: "body.seats".into(),
                reason: "ett organ måste ha minst en plats".into(),
            });
        }
        let minimum = if self.kind == BodyKind::Council { 2 } else { 1 };
        if self.adjusters < minimum {
            return Err(DomainError::TooFewAdjusters {
                body: self.name.clone(),
                required: minimum,
                given: self.adjusters,
            });
        }
        Ok(())
    }

    /// Whether every meeting starts at § 1 instead of going on from the year's earlier ones.
    pub fn numbers_per_meeting(&self) -> bool {
        self.numbering == Numbering::PerMeeting
    }

    /// The first paragraph number of `year` for this body.
    pub fn series_start(&self, year: i32) -> u32 {
        self.series_starts
            .iter()
            .find(|s| s.year == year)
            .map_or(1, |s| s.first_number)
    }

    /// The smallest number of serving members that makes the body quorate: more than half of
    /// the seats (KL 5 kap. 42 §, 6 kap. 27 §).
    pub fn quorum(&self) -> u32 {
        self.seats / 2 + 1
    }

    /// "Kommunstyrelsen" from "kommunstyrelsen": the definite name with a capital first letter.
    pub fn definite_name_capitalized(&self) -> String {
        crate::text::capitalize(&self.definite_name)
    }
}

/// A person in a body: a member or a substitute. Officials are not persons here; they are named
/// on the meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Person {
    pub id: PersonId,
    pub name: String,
    /// The person's current party label ("M", "S"); `None` for a member who has left their
    /// party, printed "(-)". The party the mandate was won for is on the mandate.
    pub party: Option<String>,
}

impl Person {
    /// "(M)" or "(-)".
    pub fn party_label(&self) -> String {
        format!("({})", self.party.as_deref().unwrap_or("-"))
    }

    /// "Johan Björkman (M)".
    pub fn name_with_party(&self) -> String {
        format!("{} {}", self.name, self.party_label())
    }

    /// "Johan Björkmans (M)".
    pub fn genitive_with_party(&self) -> String {
        format!(
            "{} {}",
            crate::text::genitive(&self.name),
            self.party_label()
        )
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum MandateRole {
    /// Ledamot.
    Member,
    /// Ersättare.
    Substitute,
}

/// Presidium position of a member.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Position {
    Chair,
    FirstViceChair,
    SecondViceChair,
}

impl Position {
    pub fn swedish_name(self) -> &'static str {
        match self {
            Self::Chair => "ordförande",
            Self::FirstViceChair => "1:e vice ordförande",
            Self::SecondViceChair => "2:e vice ordförande",
        }
    }
}

/// A person's seat or substitute place in a body for a term.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Mandate {
    pub id: MandateId,
    pub person_id: PersonId,
    pub body_id: BodyId,
    pub role: MandateRole,
    /// The party the mandate was won for. A member who leaves the party keeps the seat; the
    /// party's substitutes still serve for it.
    pub party: String,
    pub term_start: NaiveDate,
    pub term_end: NaiveDate,
    /// Order among the party's substitutes (1 first), or the listing order of members.
    pub order: u32,
    #[serde(default)]
    pub position: Option<Position>,
    /// The council's order of substitutes by group (issue 14, rule 11), when it elected one:
    /// the group whose substitutes are called first for a member's seat, or in which a
    /// substitute stands ("c-gruppen"). With groups, `order` is the substitute's place in the
    /// council's list, across groups.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub call_group: Option<String>,
    /// The bloc of groups whose substitutes are called next, in list order, when the group's
    /// own are exhausted ("c-m-fp-kd").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub call_bloc: Option<String>,
}

impl Mandate {
    pub fn covers(&self, date: NaiveDate) -> bool {
        self.term_start <= date && date <= self.term_end
    }

    pub fn validate(&self) -> Result<(), DomainError> {
        if self.term_end < self.term_start {
            return Err(DomainError::Invalid {
                field: "mandate.term_end".into(),
                reason: format!(
                    "mandatperioden slutar ({}) före den börjar ({})",
                    self.term_end, self.term_start
                ),
            });
        }
        if self.party.trim().is_empty() {
            return Err(DomainError::Invalid {
                field: "mandate.party".into(),
                reason: "ett mandat måste ange partiet det vanns för".into(),
            });
        }
        if self.term_start.year() < crate::calendar::FIRST_YEAR {
            return Err(DomainError::YearOutOfRange {
                year: self.term_start.year(),
            });
        }
        Ok(())
    }
}

#[cfg(test)]
mod organization_number_tests {
    use super::valid_organization_number;

    #[test]
    fn organization_numbers_are_checked() {
        // Göteborg's and Stockholm's numbers, and two more with a valid check digit.
        for ok in ["212000-1520", "2120001520", "212000-1355", "212000-0142"] {
            assert!(valid_organization_number(ok), "{ok}");
        }
        for bad in [
            "212000-1521",
            "19121212-1212",
            "121212-1212",
            "21200-01520",
            "212000+1520",
            "",
            "abcdef-ghij",
            "٢١٢٠٠٠-١٥٢٠",
        ] {
            assert!(!valid_organization_number(bad), "{bad}");
        }
    }
}
