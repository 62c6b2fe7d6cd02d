//! Visible signatures (issue 16): the document to be signed carries one empty signature field
//! per required signer, placed in its Underskrifter block; each signature fills its own field
//! and gives it an appearance ("Signerat digitalt av …"), in the same incremental update that
//! carries the signature, so that validators see the filling of a form field, not an edit.

use lopdf::{Dictionary, Document, IncrementalDocument, Object, ObjectId, Stream};

use crate::error::SignError;
use crate::pades::{add_to_acroform, add_to_annots, text_string};

/// Where a signer's field goes: the page (from 0) and its rectangle in PDF user space.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldPlace {
    pub name: String,
    pub page: usize,
    pub rect: [f32; 4],
}

/// A signature's visible appearance: the field it fills and a one-page PDF whose page (the
/// size of the field) is drawn in it.
#[derive(Debug, Clone)]
pub struct Visible {
    pub field: String,
    pub appearance: Vec<u8>,
}

fn pdf_err(e: lopdf::Error) -> SignError {
    SignError::Pdf(e.to_string())
}

fn rect_object(rect: [f32; 4]) -> Object {
    Object::Array(rect.iter().map(|v| Object::Real(*v)).collect())
}

/// An empty form XObject of `width` × `height` (PDF/A wants an appearance for every widget).
fn empty_form(inc: &mut IncrementalDocument, width: f32, height: f32) -> ObjectId {
    inc.new_document.add_object(Stream::new(
        Dictionary::from_iter(vec![
            ("Type", Object::Name(b"XObject".to_vec())),
            ("Subtype", Object::Name(b"Form".to_vec())),
            ("BBox", rect_object([0.0, 0.0, width, height])),
        ]),
        Vec::new(),
    ))
}

/// Adds an empty signature field per place, as an incremental update of `pdf`.
pub fn add_signature_fields(pdf: &[u8], places: &[FieldPlace]) -> Result<Vec<u8>, SignError> {
    if places.is_empty() {
        return Ok(pdf.to_vec());
    }
    let doc = Document::load_mem(pdf).map_err(pdf_err)?;
    let root_id = doc
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .map_err(pdf_err)?;
    let pages: Vec<ObjectId> = doc.get_pages().values().copied().collect();
    let mut inc = IncrementalDocument::create_from(pdf.to_vec(), doc);
    for place in places {
        let page_id = *pages.get(place.page).ok_or_else(|| {
            SignError::Pdf(format!(
                "signaturfältet {} ligger på en sida som inte finns",
                place.name
            ))
        })?;
        let [x1, y1, x2, y2] = place.rect;
        let ap = empty_form(&mut inc, x2 - x1, y2 - y1);
        let widget = inc.new_document.add_object(Dictionary::from_iter(vec![
            ("Type", Object::Name(b"Annot".to_vec())),
            ("Subtype", Object::Name(b"Widget".to_vec())),
            ("FT", Object::Name(b"Sig".to_vec())),
            ("T", text_string(&place.name)),
            ("TU", text_string(&format!("Underskrift: {}", place.name))),
            ("Rect", rect_object(place.rect)),
            ("F", Object::Integer(4)),
            ("P", Object::Reference(page_id)),
            (
                "AP",
                Object::Dictionary(Dictionary::from_iter(vec![("N", Object::Reference(ap))])),
            ),
        ]));
        add_to_annots(&mut inc, page_id, widget)?;
        add_to_acroform(&mut inc, root_id, Some(widget), None)?;
    }
    let mut out = Vec::with_capacity(pdf.len() + 2048 * places.len());
    inc.save_to(&mut out)
        .map_err(|e| SignError::Pdf(e.to_string()))?;
    Ok(out)
}

/// The empty signature field named `name`: its object and rectangle.
pub fn empty_field(doc: &Document, name: &str) -> Option<(ObjectId, [f32; 4])> {
    let wanted = text_string(name);
    doc.objects.iter().find_map(|(id, o)| {
        let d = o.as_dict().ok()?;
        let is_sig = d.get(b"FT").ok()?.as_name().ok()? == b"Sig";
        if !is_sig || d.get(b"T").ok()? != &wanted || d.get(b"V").is_ok() {
            return None;
        }
        let rect = d.get(b"Rect").ok()?.as_array().ok()?;
        let mut r = [0.0; 4];
        for (slot, v) in r.iter_mut().zip(rect) {
            *slot = v.as_float().ok()?;
        }
        Some((*id, r))
    })
}

/// The names of the signature fields of `pdf` that nobody has signed yet.
pub fn empty_fields(pdf: &[u8]) -> Result<Vec<String>, SignError> {
    let doc = Document::load_mem(pdf).map_err(pdf_err)?;
    let mut names: Vec<String> = doc
        .objects
        .values()
        .filter_map(|o| {
            let d = o.as_dict().ok()?;
            (d.get(b"FT").ok()?.as_name().ok()? == b"Sig" && d.get(b"V").is_err())
                .then(|| crate::verify::pdf_text(d.get(b"T").ok()))
        })
        .collect();
    names.sort();
    Ok(names)
}

/// The first page of `appearance` (a PDF the size of the field) as a form XObject of the
/// document being updated: its content, and its resources (fonts with their embedded
/// programs) copied object by object.
pub fn import_appearance(
    inc: &mut IncrementalDocument,
    appearance: &[u8],
) -> Result<ObjectId, SignError> {
    let source = Document::load_mem(appearance).map_err(pdf_err)?;
    let page_id = *source
        .get_pages()
        .values()
        .next()
        .ok_or_else(|| SignError::Pdf("utseendet har ingen sida".into()))?;
    let content = source.get_page_content(page_id);
    let page = source.get_dictionary(page_id).map_err(pdf_err)?;
    // The form is the page: the viewer fits it to the field's rectangle.
    let bbox = page
        .get(b"MediaBox")
        .and_then(Object::as_array)
        .ok()
        .cloned()
        .map_or_else(|| rect_object([0.0, 0.0, 1.0, 1.0]), Object::Array);
    let resources = match page.get(b"Resources") {
        Ok(Object::Reference(id)) => source.get_object(*id).map_err(pdf_err)?.clone(),
        Ok(o) => o.clone(),
        Err(_) => Object::Dictionary(Dictionary::new()),
    };
    let mut copied = std::collections::BTreeMap::new();
    let resources = copy(&source, &resources, inc, &mut copied, 0)?;
    let mut form = Stream::new(
        Dictionary::from_iter(vec![
            ("Type", Object::Name(b"XObject".to_vec())),
            ("Subtype", Object::Name(b"Form".to_vec())),
            ("BBox", bbox),
            ("Resources", resources),
        ]),
        content,
    );
    // A stream lopdf cannot compress stays as it is.
    let _ = form.compress();
    Ok(inc.new_document.add_object(form))
}

/// Copies `object` and everything it refers to from `source` into the update, once each.
fn copy(
    source: &Document,
    object: &Object,
    inc: &mut IncrementalDocument,
    copied: &mut std::collections::BTreeMap<ObjectId, ObjectId>,
    depth: usize,
) -> Result<Object, SignError> {
    if depth > 32 {
        return Err(SignError::Pdf(
            "utseendets resurser är för djupt nästlade".into(),
        ));
    }
    Ok(match object {
        Object::Reference(id) => {
            if let Some(new) = copied.get(id) {
                return Ok(Object::Reference(*new));
            }
            // Reserve the number first, so a cycle refers to it.
            let new = inc.new_document.add_object(Object::Null);
            copied.insert(*id, new);
            let target = source.get_object(*id).map_err(pdf_err)?;
            let value = copy(source, target, inc, copied, depth + 1)?;
            inc.new_document.objects.insert(new, value);
            Object::Reference(new)
        }
        Object::Array(items) => Object::Array(
            items
                .iter()
                .map(|o| copy(source, o, inc, copied, depth + 1))
                .collect::<Result<_, _>>()?,
        ),
        Object::Dictionary(d) => Object::Dictionary(copy_dict(source, d, inc, copied, depth)?),
        Object::Stream(s) => {
            let dict = copy_dict(source, &s.dict, inc, copied, depth)?;
            let mut out = Stream::new(dict, s.content.clone());
            out.allows_compression = s.allows_compression;
            Object::Stream(out)
        }
        other => other.clone(),
    })
}

fn copy_dict(
    source: &Document,
    d: &Dictionary,
    inc: &mut IncrementalDocument,
    copied: &mut std::collections::BTreeMap<ObjectId, ObjectId>,
    depth: usize,
) -> Result<Dictionary, SignError> {
    let mut out = Dictionary::new();
    for (k, v) in d.iter() {
        out.set(k.clone(), copy(source, v, inc, copied, depth + 1)?);
    }
    Ok(out)
}
