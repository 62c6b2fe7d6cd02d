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
