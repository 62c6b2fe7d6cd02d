//! `justera render`: the documents of a meeting as PDF/A.

use chrono::{DateTime, NaiveDateTime, Utc};
use justera_domain::document::MeetingDocument;
use justera_pdf::{Certification, Rendered, Renderer};

use std::path::Path;

use justera_service::adjustment::immediate_kind;
use justera_store::Store;
use justera_store::documents::SIGNED_MINUTES;

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

/// Writes the requested document to `out` and says what was written. Signed documents are
/// the stored originals, never rendered again; the others are rendered from the data.
pub fn write(
    store: &mut Store,
    doc: &MeetingDocument,
    request: &Request,
    out: &Path,
) -> Result<String, CliError> {
    let write_bytes = |bytes: &[u8]| {
        std::fs::write(out, bytes).map_err(|e| CliError::Io {
            path: out.to_owned(),
            message: e.to_string(),
        })
    };
    let stored_kind = match request.document {
        DocumentArg::Signed => Some(SIGNED_MINUTES.to_owned()),
        DocumentArg::Immediate => {
            let mut numbers = request.paragraphs.clone();
            numbers.sort_unstable();
            numbers.dedup();
            Some(immediate_kind(&numbers, true))
        }
        DocumentArg::Minutes | DocumentArg::Public | DocumentArg::Notice | DocumentArg::Extract => {
            None
        }
    };
    if let Some(kind) = stored_kind {
        let signed = store
            .latest_document(&doc.meeting.id.to_string(), &kind)?
            .ok_or_else(|| {
                CliError::Message("sammanträdet har inget sådant signerat dokument ännu".into())
            })?;
        write_bytes(&signed.content)?;
        return Ok(format!(
            "Skrev det signerade originalet till {} (SHA-256 {}).\n",
            out.display(),
            signed.sha256
        ));
    }
    let rendered = render(doc, request)?;
    write_bytes(&rendered.bytes)?;
    Ok(format!(
        "Skrev {} ({}, PDF/A-2a och PDF/UA-1).\n",
        out.display(),
        justera_domain::text::counted(i64::try_from(rendered.pages).unwrap_or(0), "sida", "sidor")
    ))
}

fn render(doc: &MeetingDocument, request: &Request) -> Result<Rendered, CliError> {
    let renderer = Renderer::new()?;
    let now = clock();
    Ok(match request.document {
        DocumentArg::Minutes => renderer.minutes(doc, now)?,
        DocumentArg::Public => renderer.public_copy(doc, now)?,
        DocumentArg::Notice => renderer.notice(doc, now)?,
        DocumentArg::Signed | DocumentArg::Immediate => {
            return Err(CliError::Message(
                "signerade dokument hämtas ur databasen; de skapas aldrig på nytt".into(),
            ));
        }
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
