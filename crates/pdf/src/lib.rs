//! Justera's documents as tagged, archival PDF (PDF/A-2a, PDF/UA-1): the minutes, the public
//! copy with confidential paragraphs masked, the notice of an adjusted protocol and the
//! certified extract. Layout (line breaking, pagination, "Sida N av M") is ours; krilla writes
//! and validates the PDF. The same data and the same clock give the same bytes.

mod documents;
mod error;
mod fonts;
mod layout;
mod render;
#[doc(hidden)]
pub mod sample;
mod text;

use chrono::NaiveDateTime;
use justera_domain::document::MeetingDocument;
use justera_domain::protocol::{ProtocolView, public_copy};
use justera_domain::text::iso_date;

pub use documents::Certification;
pub use error::PdfError;
pub use fonts::Style;
pub use layout::{Block, SIGNATURE_FIELD};
pub use render::{Conformance, Rendered, SignatureSlot};

use render::{Footer, Header, Meta};

/// The kinds of document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocumentKind {
    Minutes,
    Public,
    Notice,
    Extract,
}

/// Renders documents; holds the parsed fonts, so keep one and reuse it.
pub struct Renderer {
    fonts: fonts::Fonts,
}

/// The boxes for paper signatures at the foot of each page, only for organizations that sign
/// on paper (`organization.protocol.paper_signature_boxes`); a digitally signed document
/// carries no empty boxes.
fn boxes(doc: &MeetingDocument) -> Footer {
    Footer {
        boxes: if doc.organization.protocol.paper_signature_boxes {
            vec!["Justerandes signatur".into(), "Utdragsbestyrkande".into()]
        } else {
            Vec::new()
        },
    }
}

impl Renderer {
    pub fn new() -> Result<Self, PdfError> {
        Ok(Self {
            fonts: fonts::Fonts::load()?,
        })
    }

    fn header(doc: &MeetingDocument, kind: &str, extra: Option<&str>) -> Header {
        let mut right = vec![
            kind.to_owned(),
            format!("Sammanträdesdatum {}", iso_date(doc.meeting.date)),
        ];
        if let Some(e) = extra {
            right.insert(1, e.to_owned());
        }
        Header {
            left: vec![doc.organization.name.clone(), doc.body.name.clone()],
            right,
        }
    }

    fn meta(doc: &MeetingDocument, title: String, created: NaiveDateTime) -> Meta {
        Meta {
            title,
            author: doc.organization.name.clone(),
            subject: format!(
                "{}, sammanträde {}",
                doc.body.name,
                iso_date(doc.meeting.date)
            ),
            created,
        }
    }

    /// The full minutes (the original that is signed and archived).
    pub fn minutes(
        &self,
        doc: &MeetingDocument,
        created: NaiveDateTime,
    ) -> Result<Rendered, PdfError> {
        let view = ProtocolView::build(doc)?;
        render::render(
            &self.fonts,
            &documents::protocol_blocks(&view),
            &Self::header(doc, "SAMMANTRÄDESPROTOKOLL", None),
            &boxes(doc),
            &Self::meta(doc, format!("Protokoll {}", view.short_title()), created),
        )
    }

    /// The public copy: confidential paragraphs masked with the reason; refuses a document in
    /// which a personal identity number would be published.
    pub fn public_copy(
        &self,
        doc: &MeetingDocument,
        created: NaiveDateTime,
    ) -> Result<Rendered, PdfError> {
        self.public_view(doc, &public_copy(doc)?, created)
    }

    /// A public copy drawn from a view built earlier (the one frozen when the notice was
    /// posted), so the PDF says exactly what the public page says.
    pub fn public_view(
        &self,
        doc: &MeetingDocument,
        view: &ProtocolView,
        created: NaiveDateTime,
    ) -> Result<Rendered, PdfError> {
        render::render(
            &self.fonts,
            &documents::protocol_blocks(view),
            &Self::header(doc, "SAMMANTRÄDESPROTOKOLL", Some("Offentlig kopia")),
            &boxes(doc),
            &Self::meta(
                doc,
                format!("Protokoll {} (offentlig kopia)", view.short_title()),
                created,
            ),
        )
    }

    /// The notice of the latest adjustment that has been posted.
    pub fn notice(
        &self,
        doc: &MeetingDocument,
        created: NaiveDateTime,
    ) -> Result<Rendered, PdfError> {
        let adjustment = doc
            .meeting
            .adjustments
            .iter()
            .rev()
            .find(|a| a.notice.is_some())
            .ok_or(PdfError::NoNotice)?;
        render::render(
            &self.fonts,
            &documents::notice_blocks(doc, adjustment),
            &Self::header(doc, "TILLKÄNNAGIVANDE", None),
            &Footer { boxes: Vec::new() },
            &Self::meta(
                doc,
                format!(
                    "Tillkännagivande av justerat protokoll, {} {}",
                    doc.body.name,
                    iso_date(doc.meeting.date)
                ),
                created,
            ),
        )
    }

    /// The document signed for an immediate adjustment of `paragraphs` at the meeting.
    pub fn immediate(
        &self,
        doc: &MeetingDocument,
        paragraphs: &[u32],
        created: NaiveDateTime,
    ) -> Result<Rendered, PdfError> {
        if paragraphs.is_empty() {
            return Err(PdfError::NoParagraphs);
        }
        let view = ProtocolView::immediate(doc, paragraphs)?;
        render::render(
            &self.fonts,
            &documents::immediate_blocks(&view),
            &Self::header(doc, "SAMMANTRÄDESPROTOKOLL", Some("Omedelbar justering")),
            &boxes(doc),
            &Self::meta(
                doc,
                format!("Omedelbart justerade paragrafer {}", view.short_title()),
                created,
            ),
        )
    }

    /// A certified extract of `paragraphs`, which must be adjusted.
    pub fn extract(
        &self,
        doc: &MeetingDocument,
        paragraphs: &[u32],
        certification: &Certification,
        created: NaiveDateTime,
    ) -> Result<Rendered, PdfError> {
        if paragraphs.is_empty() {
            return Err(PdfError::NoParagraphs);
        }
        for n in paragraphs {
            let adjusted = doc
                .meeting
                .adjustments
                .iter()
                .any(|a| a.paragraphs.contains(n));
            if !adjusted {
                doc.meeting.paragraph(*n)?;
                return Err(PdfError::NotAdjusted { paragraph: *n });
            }
        }
        let mut view = ProtocolView::build(doc)?;
        view.retain_paragraphs(paragraphs)?;
        render::render(
            &self.fonts,
            &documents::extract_blocks(&view, certification),
            &Self::header(doc, "PROTOKOLLSUTDRAG", None),
            &boxes(doc),
            &Self::meta(
                doc,
                format!("Utdrag ur protokoll {}", view.short_title()),
                created,
            ),
        )
    }

    /// The appearance of a signature in a field of `width` × `height` points: "Signerat
    /// digitalt av NAME" and "ROLE, DATE TIME" (see [`render::appearance`]).
    pub fn signature_appearance(
        &self,
        name: &str,
        role_and_time: &str,
        width: f32,
        height: f32,
    ) -> Result<Vec<u8>, PdfError> {
        let one_line = format!("Signerat digitalt av {name}");
        let fits = render::text_width(&self.fonts, Style::Bold, 8.0, &one_line) <= width - 4.0;
        let lines = if fits {
            vec![
                (Style::Bold, one_line),
                (Style::Regular, role_and_time.to_owned()),
            ]
        } else {
            vec![
                (Style::Regular, "Signerat digitalt av".to_owned()),
                (Style::Bold, name.to_owned()),
                (Style::Regular, role_and_time.to_owned()),
            ]
        };
        render::appearance(&self.fonts, &lines, width, height)
    }

    /// Lays out arbitrary blocks (used by the layout tests and benchmarks).
    pub fn blocks(
        &self,
        doc: &MeetingDocument,
        blocks: &[Block],
        created: NaiveDateTime,
    ) -> Result<Rendered, PdfError> {
        render::render(
            &self.fonts,
            blocks,
            &Self::header(doc, "SAMMANTRÄDESPROTOKOLL", None),
            &boxes(doc),
            &Self::meta(doc, "Test".into(), created),
        )
    }
}
