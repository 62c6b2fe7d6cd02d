//! The document security store (ISO 32000-2 §12.8.4.3, ETSI EN 319 142-1 PAdES B-LT): after a
//! signature, an incremental update adds what a validator needs years later without asking
//! anyone — the certificates of the chain and the CA's revocation list — to the catalog's
//! /DSS. What an earlier update put there is kept; the same bytes are not added twice.

use lopdf::{Dictionary, Document, IncrementalDocument, Object, ObjectId, Stream};

use crate::error::SignError;

fn pdf_err(e: lopdf::Error) -> SignError {
    SignError::Pdf(e.to_string())
}

/// The references and contents of one of the DSS's arrays (/Certs, /CRLs, /OCSPs).
fn existing(doc: &Document, dss: Option<&Dictionary>, key: &[u8]) -> Vec<(ObjectId, Vec<u8>)> {
    let Some(array) = dss
        .and_then(|d| d.get(key).ok())
        .and_then(|v| match v {
            Object::Reference(id) => doc.get_object(*id).ok(),
            other => Some(other),
        })
        .and_then(|v| v.as_array().ok())
    else {
        return Vec::new();
    };
    array
        .iter()
        .filter_map(|o| o.as_reference().ok())
        .filter_map(|id| {
            let s = doc.get_object(id).ok()?.as_stream().ok()?;
            let content = s
                .decompressed_content()
                .unwrap_or_else(|_| s.content.clone());
            Some((id, content))
        })
        .collect()
}

/// Adds `certificates` and `crls` (DER) to the file's DSS as an incremental update; the file
/// is returned unchanged when it already holds them all.
pub fn add(
    previous: &[u8],
    certificates: &[Vec<u8>],
    crls: &[Vec<u8>],
) -> Result<Vec<u8>, SignError> {
    let doc = Document::load_mem(previous).map_err(pdf_err)?;
    let root_id = doc
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .map_err(pdf_err)?;
    let catalog = doc.get_dictionary(root_id).map_err(pdf_err)?.clone();
    let dss = catalog.get(b"DSS").ok().and_then(|d| match d {
        Object::Reference(id) => doc.get_dictionary(*id).ok(),
        Object::Dictionary(d) => Some(d),
        _ => None,
    });
    let old_certs = existing(&doc, dss, b"Certs");
    let old_crls = existing(&doc, dss, b"CRLs");
    let old_ocsps = existing(&doc, dss, b"OCSPs");
    let new_certs: Vec<&Vec<u8>> = dedup(certificates, &old_certs);
    let new_crls: Vec<&Vec<u8>> = dedup(crls, &old_crls);
    if new_certs.is_empty() && new_crls.is_empty() {
        return Ok(previous.to_vec());
    }
    let mut inc = IncrementalDocument::create_from(previous.to_vec(), doc);
    let mut refs = |old: &[(ObjectId, Vec<u8>)], new: &[&Vec<u8>]| -> Vec<Object> {
        let mut out: Vec<Object> = old.iter().map(|(id, _)| Object::Reference(*id)).collect();
        for bytes in new {
            let id = inc
                .new_document
                .add_object(Stream::new(Dictionary::new(), (*bytes).clone()));
            out.push(Object::Reference(id));
        }
        out
    };
    let certs = refs(&old_certs, &new_certs);
    let crls = refs(&old_crls, &new_crls);
    let ocsps = refs(&old_ocsps, &[]);
    let mut store = Dictionary::new();
    store.set("Type", Object::Name(b"DSS".to_vec()));
    if !certs.is_empty() {
        store.set("Certs", Object::Array(certs));
    }
    if !crls.is_empty() {
        store.set("CRLs", Object::Array(crls));
    }
    if !ocsps.is_empty() {
        store.set("OCSPs", Object::Array(ocsps));
    }
    let dss_id = inc.new_document.add_object(store);
    let mut catalog = catalog;
    catalog.set("DSS", Object::Reference(dss_id));
    inc.new_document
        .objects
        .insert(root_id, Object::Dictionary(catalog));
    let mut out = Vec::new();
    inc.save_to(&mut out)
        .map_err(|e| SignError::Pdf(e.to_string()))?;
    Ok(out)
}

fn dedup<'a>(wanted: &'a [Vec<u8>], old: &[(ObjectId, Vec<u8>)]) -> Vec<&'a Vec<u8>> {
    let mut out: Vec<&Vec<u8>> = Vec::new();
    for w in wanted {
        if !old.iter().any(|(_, b)| b == w) && !out.contains(&w) {
            out.push(w);
        }
    }
    out
}
