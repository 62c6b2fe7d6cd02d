//! The adjustments of a meeting that await signatures, shared by the signers' pages and the
//! API.

use justera_domain::adjustment::PendingAdjustment;
use justera_domain::document::MeetingDocument;

/// Which of a meeting's two adjustments: an immediate adjustment of some paragraphs, started
/// at the meeting, or the ordinary adjustment of the whole protocol. Both may await signatures
/// at once, and each is signed on its own, in any order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Which {
    Immediate,
    Ordinary,
}

impl Which {
    /// From the query or form value ("omedelbar", "ordinarie").
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "omedelbar" => Some(Self::Immediate),
            "ordinarie" => Some(Self::Ordinary),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Immediate => "omedelbar",
            Self::Ordinary => "ordinarie",
        }
    }

    /// From the API's name ("immediate", "ordinary").
    pub fn from_api(text: &str) -> Option<Self> {
        match text {
            "immediate" => Some(Self::Immediate),
            "ordinary" => Some(Self::Ordinary),
            _ => None,
        }
    }

    /// The API's name for it.
    pub fn api_name(self) -> &'static str {
        match self {
            Self::Immediate => "immediate",
            Self::Ordinary => "ordinary",
        }
    }
}

/// A pending adjustment with which one it is and, for an immediate one, its paragraphs.
pub type Active<'a> = (Which, &'a PendingAdjustment, Option<&'a [u32]>);

/// Every adjustment awaiting signatures, the immediate one first.
pub fn actives(doc: &MeetingDocument) -> Vec<Active<'_>> {
    let mut out = Vec::new();
    if let Some(i) = &doc.meeting.pending_immediate {
        out.push((
            Which::Immediate,
            &i.adjustment,
            Some(i.paragraphs.as_slice()),
        ));
    }
    if let Some(p) = &doc.meeting.pending_adjustment {
        out.push((Which::Ordinary, p, None));
    }
    out
}

/// Signs one adjustment of a meeting of the user's own organization: `want`, or the immediate
/// one if there is one. The second factor first, then the service (which checks the password,
/// the user's turn and the frozen document). Shared by the signing page and the API; runs on
/// the blocking pool, so the caller holds a hashing turn.
pub fn sign(
    store: &mut justera_store::Store,
    renderer: &justera_pdf::Renderer,
    user: &justera_store::accounts::UserRecord,
    meeting: justera_domain::ids::MeetingId,
    password: &str,
    code: Option<&str>,
    want: Option<Which>,
) -> Result<(justera_service::adjustment::SignOutcome, Which), crate::error::WebError> {
    use justera_service::accounts::{Costs, check_second_factor};
    use justera_service::adjustment::{sign_immediate, sign_minutes};
    let doc = store.load_meeting(meeting)?.document;
    if doc.organization.id != user.organization_id {
        return Err(crate::error::WebError::NotFound(
            "Sammanträdet finns inte.".into(),
        ));
    }
    let now = crate::session::now();
    check_second_factor(store, user, code, password, now)?;
    let which = want.unwrap_or(if doc.meeting.pending_immediate.is_some() {
        Which::Immediate
    } else {
        Which::Ordinary
    });
    let username = &user.account.username;
    let sign = match which {
        Which::Immediate => sign_immediate,
        Which::Ordinary => sign_minutes,
    };
    let outcome = sign(
        store,
        renderer,
        meeting,
        username,
        password,
        now,
        Costs::default(),
    )?;
    Ok((outcome, which))
}
