//! Errors while producing a document.

use justera_domain::DomainError;
use thiserror::Error;

#[derive(Debug, Error)]
pub enum PdfError {
    #[error(transparent)]
    Domain(#[from] DomainError),
    #[error("typsnittet kunde inte läsas: {0}")]
    Font(String),
    #[error("PDF-filen kunde inte skapas: {0}")]
    Export(String),
    #[error(
        "texten innehåller tecken som protokollets typsnitt saknar ({}); ta bort eller ersätt dem",
        .0.join(", ")
    )]
    MissingGlyphs(Vec<String>),
    #[error(
        "sammanträdet har inget tillkännagivande ännu; det skapas när protokollet har justerats"
    )]
    NoNotice,
    #[error("ange vilka paragrafer utdraget ska innehålla")]
    NoParagraphs,
    #[error("§ {paragraph} är inte justerad; utdrag kan bara göras ur justerade paragrafer")]
    NotAdjusted { paragraph: u32 },
}

impl PdfError {
    pub fn code(&self) -> &'static str {
        match self {
            Self::Domain(e) => e.code(),
            Self::Font(_) => "font",
            Self::Export(_) => "pdf_export",
            Self::MissingGlyphs(_) => "missing_glyphs",
            Self::NoNotice => "no_notice",
            Self::NoParagraphs => "no_paragraphs",
            Self::NotAdjusted { .. } => "not_adjusted",
        }
    }
}
