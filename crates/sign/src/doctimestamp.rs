//! Document time-stamps (ISO 32000-2 §12.8.5, PAdES B-LTA): an RFC 3161 time-stamp over the
//! whole file as it stands — the signatures and their validation data — added as an incremental
//! update with a signature dictionary of /Type /DocTimeStamp. It proves that all of it existed
//! at that time, so the signatures still validate after their certificates expire; a later one
//! renews the proof before the time-stamp authority's certificate expires.

use lopdf::{Document, IncrementalDocument, Object};

use crate::error::SignError;
use crate::pades::{
    CONTENTS_SIZE, count_signature_fields, fill_contents, invisible_field, signature_dictionary,
};
use crate::timestamp::Timestamper;

fn pdf_err(e: lopdf::Error) -> SignError {
    SignError::Pdf(e.to_string())
}

/// Adds a document time-stamp from `tsa` over `previous`.
pub fn add(previous: &[u8], tsa: &dyn Timestamper) -> Result<Vec<u8>, SignError> {
    let doc = Document::load_mem(previous).map_err(pdf_err)?;
    let root_id = doc
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .map_err(pdf_err)?;
    let page_id = *doc
        .get_pages()
        .values()
        .next()
        .ok_or_else(|| SignError::Pdf("dokumentet har inga sidor".into()))?;
    let count = count_signature_fields(&doc);
    let mut inc = IncrementalDocument::create_from(previous.to_vec(), doc);
    let sig_id = inc
        .new_document
        .add_object(signature_dictionary(b"DocTimeStamp", b"ETSI.RFC3161"));
    invisible_field(
        &mut inc,
        page_id,
        root_id,
        sig_id,
        &format!("Dokumenttidsstämpel {}", count + 1),
    )?;
    let mut out = Vec::with_capacity(previous.len() + CONTENTS_SIZE * 2 + 4096);
    inc.save_to(&mut out)
        .map_err(|e| SignError::Pdf(e.to_string()))?;
    fill_contents(&mut out, previous.len(), |digest| tsa.timestamp(digest))?;
    Ok(out)
}
