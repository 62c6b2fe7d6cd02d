//! The protocol as people read it: a view built from the structured data, its plain-text
//! rendering, and the public (redacted) copy.

mod changes;
mod plain;
mod redact;
mod sentences;
mod view;

pub use redact::{find_personal_identity_number, public_copy};
pub use sentences::{
    decision_lines, motion_line, recusal_sentence, reservation_lines, reservation_sentence,
};
pub use view::{
    FrontSection, ParagraphView, ProofView, ProtocolView, Row, SectionBody, SectionView,
    SignatureGroup, SignerView, UNDERSIGNED_DIGITALLY, VoteView, signature_field_name,
};

use crate::document::MeetingDocument;
use crate::error::DomainError;

/// The protocol of a whole meeting as plain text in the seed protocol's layout.
pub fn render_plain(doc: &MeetingDocument) -> Result<String, DomainError> {
    Ok(plain::render(&ProtocolView::build(doc)?))
}

/// Renders any view (full, public or extract) as plain text.
pub fn render_view_plain(view: &ProtocolView) -> String {
    plain::render(view)
}
