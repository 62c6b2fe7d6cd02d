//! `justera render`: the documents of a meeting as PDF/A.

use chrono::{DateTime, NaiveDateTime, Utc};
use justera_domain::document::MeetingDocument;
use justera_pdf::{Certification, Rendered, Renderer};

use crate::cli::DocumentArg;
use crate::commands::CliError;

pub struct Request {
    pub document: DocumentArg,
    pub paragraphs: Vec<u32>,
    pub certified_by: Option<String>,
    pub certified_title: Option<String>,
}

/// The document clock: `SOURCE_DATE_EPOCH` when set (reproducible builds of documents),
/// otherwise now. The same data and clock give byte-identical files.
pub fn clock() -> NaiveDateTime {
    std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .and_then(|secs| DateTime::<Utc>::from_timestamp(secs, 0))
        .unwrap_or_else(Utc::now)
        .naive_utc()
}

pub fn render(doc: &MeetingDocument, request: &Request) -> Result<Rendered, CliError> {
    let renderer = Renderer::new()?;
    let now = clock();
    Ok(match request.document {
        DocumentArg::Minutes => renderer.minutes(doc, now)?,
        DocumentArg::Public => renderer.public_copy(doc, now)?,
        DocumentArg::Notice => renderer.notice(doc, now)?,
        DocumentArg::Signed => renderer.minutes(doc, now)?,
        DocumentArg::Immediate => renderer.immediate(doc, &request.paragraphs, now)?,
        DocumentArg::Extract => {
            let name = request
                .certified_by
                .clone()
                .unwrap_or_else(|| doc.meeting.secretary.clone());
            let title = request.certified_title.clone().unwrap_or_else(|| {
                doc.meeting
                    .officials
                    .iter()
                    .find(|o| o.name == name)
                    .map_or_else(|| "sekreterare".to_owned(), |o| o.title.clone())
            });
            let certification = Certification {
                name,
                title,
                date: now.date(),
            };
            renderer.extract(doc, &request.paragraphs, &certification, now)?
        }
    })
}
