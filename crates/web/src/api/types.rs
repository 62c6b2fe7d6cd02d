//! The API's request and response bodies (the domain's own types are used where they fit).

use justera_domain::decision::Question;
use justera_domain::meeting::Meeting;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

#[derive(Debug, Serialize, JsonSchema)]
pub struct ErrorBody {
    /// What went wrong, in Swedish.
    pub error: String,
    /// A stable code: not_found, unauthenticated, forbidden, bad_request, conflict,
    /// unprocessable, too_many_requests, internal.
    pub code: String,
}

/// A notice on the board.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Notice {
    pub id: String,
    pub meeting_id: String,
    pub body: String,
    pub meeting_date: String,
    /// The paragraphs the notice covers, e.g. "162" or "157-165".
    pub paragraphs: String,
    pub adjusted_on: String,
    pub posted_on: String,
    /// "Överklagandetiden går ut" — the last day of the three weeks.
    pub last_appeal_day: String,
    pub takedown_on: String,
    pub storage_place: String,
    /// A notice of an immediate adjustment of some paragraphs.
    pub immediate: bool,
    /// The public copy: PDF and accessible HTML.
    pub pdf: String,
    pub html: String,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct Upcoming {
    pub meeting_id: String,
    pub body: String,
    pub date: String,
    pub time: String,
    pub place: String,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct Board {
    pub organization: String,
    pub today: String,
    pub notices: Vec<Notice>,
    pub upcoming: Vec<Upcoming>,
    /// SHA-256 of the CA certificate that signs the protocols.
    pub ca_fingerprint: Option<String>,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct Archive {
    pub notices: Vec<Notice>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct SignatureReport {
    pub signer: String,
    pub reason: String,
    pub time: String,
    pub valid: bool,
    pub trusted: bool,
    pub covers_whole_file: bool,
    pub changes_after: Vec<String>,
    pub problems: Vec<String>,
    pub timestamp: Option<String>,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct Verification {
    pub sha256: String,
    /// Every signature valid and trusted and nothing but signatures added after them.
    pub ok: bool,
    /// The meeting whose registered signed protocol this file is.
    pub registered_meeting: Option<String>,
    pub signatures: Vec<SignatureReport>,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct Me {
    pub username: String,
    pub display_name: String,
    pub organization_id: String,
    pub roles: Vec<justera_domain::account::Role>,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct MeetingItem {
    pub id: String,
    pub body_id: String,
    pub body: String,
    pub date: String,
    pub status: String,
    pub revision: i64,
}

/// One paragraph's state while drafting.
#[derive(Debug, Serialize, JsonSchema)]
pub struct ParagraphState {
    pub number: u32,
    /// Send this as `base` with `update_text`.
    pub fingerprint: String,
    /// The steps recorded (send as `recorded` with `add_step`).
    pub recorded_steps: usize,
    /// The Beslutsgång so far, as printed.
    pub decision_order_text: Vec<String>,
    /// The question the chair must put next, while the decision order is being recorded.
    pub next_question: Option<Question>,
    pub decision_order_complete: bool,
    /// The decision generated from a complete decision order (see `adopt_decision`).
    pub generated_decision: Vec<String>,
    /// Why the recorded decision order does not hold, if it does not.
    pub problem: Option<String>,
    pub serving: Vec<String>,
    pub quorate: bool,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct MeetingState {
    pub revision: i64,
    pub status: String,
    pub meeting: Meeting,
    pub paragraphs: Vec<ParagraphState>,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct EditResult {
    pub revision: i64,
    /// The edited paragraph's new fingerprint, for paragraph edits.
    pub fingerprint: Option<String>,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct Created {
    pub id: String,
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct ImmediateRequest {
    pub paragraphs: Vec<u32>,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct Awaiting {
    pub meeting_id: String,
    pub title: String,
    pub role: String,
    /// Immediate adjustment of these paragraphs, or empty for the whole protocol.
    pub immediate_paragraphs: Vec<u32>,
    /// "immediate" or "ordinary" (what to send as `adjustment` when signing).
    pub adjustment: String,
    pub my_turn: bool,
    pub signed: Vec<String>,
    pub waiting_for: Vec<String>,
    pub pdf: String,
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct SignRequest {
    pub password: String,
    /// The TOTP code, for users with the second factor.
    #[serde(default)]
    pub code: Option<String>,
    /// Which adjustment to sign when both await signatures: "immediate" (the paragraphs
    /// adjusted at the meeting) or "ordinary" (the whole protocol). Default: the immediate one
    /// if there is one.
    #[serde(default)]
    pub adjustment: Option<String>,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct SignResult {
    /// True when this was the last signature: adjusted and posted.
    pub adjusted: bool,
    pub waiting_for: Vec<String>,
    pub posted_on: Option<String>,
    pub last_appeal_day: Option<String>,
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct RejectRequest {
    pub comment: String,
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct ArchiveParams {
    /// Part of the body's name.
    #[serde(default)]
    pub organ: Option<String>,
    /// From date, YYYY-MM-DD.
    #[serde(default)]
    pub fran: Option<String>,
    /// To date, YYYY-MM-DD.
    #[serde(default)]
    pub till: Option<String>,
    /// Words that must all occur.
    #[serde(default)]
    pub sok: Option<String>,
    /// Page, from 1.
    #[serde(default)]
    pub sida: Option<i64>,
}

/// A user as the administrator sees it (never password material or tokens themselves).
#[derive(Debug, Serialize, JsonSchema)]
pub struct ApiUser {
    pub username: String,
    pub display_name: String,
    pub roles: Vec<justera_domain::account::Role>,
    /// The person in the protocols, for members and substitutes.
    pub person: Option<String>,
    pub active: bool,
    /// Invited; the password is not set yet.
    pub invited: bool,
    pub second_factor: bool,
    pub tokens: Vec<ApiTokenListed>,
}

/// An API token as listed: its id (to revoke it), purpose and dates.
#[derive(Debug, Serialize, JsonSchema)]
pub struct ApiTokenListed {
    pub id: String,
    pub label: String,
    pub created_at: String,
    pub expires_at: String,
}

/// A new user: the account is made without a password; the answer has a one-time link.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NewUserRequest {
    pub username: String,
    pub display_name: String,
    #[serde(default)]
    pub roles: Vec<justera_domain::account::Role>,
    #[serde(default)]
    pub person: Option<String>,
}

/// The account as it should be.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UserChangeRequest {
    pub display_name: String,
    pub roles: Vec<justera_domain::account::Role>,
    #[serde(default)]
    pub person: Option<String>,
    pub active: bool,
}

/// A one-time link to set a password, shown once.
#[derive(Debug, Serialize, JsonSchema)]
pub struct OneTimeLink {
    pub url: String,
    /// UTC.
    pub expires_at: String,
}
