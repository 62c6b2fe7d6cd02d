//! Visible signatures (issue 16): the frozen document's empty fields, each filled by its own
//! signer, and the forgeries the verifier must catch: an appearance without a signature, and
//! a field filled after the last signature.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use chrono::{TimeZone, Utc};
use justera_sign::ca::CertificateAuthority;
use justera_sign::fields::{FieldPlace, Visible, add_signature_fields, empty_fields};
use justera_sign::pades::{SignRequest, sign};
use justera_sign::verify::{all_ok, verify};
use lopdf::{Dictionary, Document, IncrementalDocument, Object};
use p256::ecdsa::SigningKey;
use rand_core::OsRng;

const ORG: &str = "Svenljunga kommun";

/// The seed minutes as frozen for signing: the renderer's slots made into fields.
fn frozen() -> (Vec<u8>, Vec<String>) {
    let doc = justera_pdf::sample::seed().unwrap();
    let created = chrono::NaiveDate::from_ymd_opt(2024, 10, 21)
        .unwrap()
        .and_hms_opt(17, 50, 0)
        .unwrap();
    let renderer = justera_pdf::Renderer::new().unwrap();
    let mut doc = doc;
    // The seed is adjusted; as a closed meeting not yet sent, it has the fields to sign.
    doc.meeting.adjustments.clear();
    doc.meeting.status = justera_domain::meeting::MeetingStatus::Closed;
    let rendered = renderer.minutes(&doc, created).unwrap();
    let places: Vec<FieldPlace> = rendered
        .signature_slots
        .iter()
        .map(|s| FieldPlace {
            name: s.field.clone(),
            page: s.page,
            rect: s.rect,
        })
        .collect();
    let names = places.iter().map(|p| p.name.clone()).collect();
    (
        add_signature_fields(&rendered.bytes, &places).unwrap(),
        names,
    )
}

fn appearance(name: &str) -> Vec<u8> {
    let (w, h) = justera_pdf::SIGNATURE_FIELD;
    justera_pdf::Renderer::new()
        .unwrap()
        .signature_appearance(name, "justerare, 2024-10-21 20:00", w, h)
        .unwrap()
}

fn sign_as(pdf: &[u8], ca: &CertificateAuthority, name: &str, field: &str, minute: u32) -> Vec<u8> {
    let key = SigningKey::random(&mut OsRng);
    let cert = ca.issue(key.verifying_key(), name, ORG, None).unwrap();
    sign(
        pdf,
        &SignRequest {
            key: &key,
            certificate: &cert,
            ca: &ca.certificate,
            name: name.to_owned(),
            reason: "Justerare".into(),
            location: ORG.into(),
            time: Utc.with_ymd_and_hms(2024, 10, 21, 18, minute, 0).unwrap(),
            timestamper: None,
            visible: Some(Visible {
                field: field.to_owned(),
                appearance: appearance(name),
            }),
        },
    )
    .unwrap()
}

#[test]
fn each_signer_fills_their_own_field_and_the_file_verifies() {
    let ca = CertificateAuthority::create(ORG).unwrap();
    let (pdf, names) = frozen();
    assert_eq!(names.len(), 3, "{names:?}");
    let mut pdf = pdf;
    let signers = ["Alexandra Skoog", "Johan Björkman", "Patrik Harrysson"];
    for (i, (name, field)) in signers.iter().zip(&names).enumerate() {
        pdf = sign_as(&pdf, &ca, name, field, i as u32);
        assert_eq!(empty_fields(&pdf).unwrap().len(), 2 - i);
    }
    let reports = verify(&pdf, std::slice::from_ref(&ca.certificate)).unwrap();
    assert_eq!(reports.len(), 3);
    assert!(all_ok(&reports), "{reports:?}");
    // No signature was added as a field of its own: the three fields are the signatures.
    let doc = Document::load_mem(&pdf).unwrap();
    let sig_fields = doc
        .objects
        .values()
        .filter(|o| {
            o.as_dict()
                .ok()
                .and_then(|d| d.get(b"FT").ok())
                .and_then(|v| v.as_name().ok())
                == Some(b"Sig".as_slice())
        })
        .count();
    assert_eq!(sig_fields, 3);
}

#[test]
fn a_signer_without_a_field_of_their_own_gets_an_invisible_one() {
    let ca = CertificateAuthority::create(ORG).unwrap();
    let (pdf, _) = frozen();
    let signed = sign_as(&pdf, &ca, "Någon Annan", "Justerare Någon Annan", 0);
    assert_eq!(empty_fields(&signed).unwrap().len(), 3);
    let reports = verify(&signed, std::slice::from_ref(&ca.certificate)).unwrap();
    assert!(all_ok(&reports), "{reports:?}");
}

/// Fills the empty field `field` of `pdf` with an appearance and a value that is not a
/// signature, as an incremental update: what a forger would add to make a missing signature
/// look present.
fn forge(pdf: &[u8], field: &str, value_is_signature: bool) -> Vec<u8> {
    let doc = Document::load_mem(pdf).unwrap();
    let (field_id, _) = justera_sign::fields::empty_field(&doc, field).unwrap();
    let mut inc = IncrementalDocument::create_from(pdf.to_vec(), doc);
    let ap =
        justera_sign::fields::import_appearance(&mut inc, &appearance("Patrik Harrysson")).unwrap();
    let mut value = Dictionary::new();
    if value_is_signature {
        value.set("Type", Object::Name(b"Sig".to_vec()));
    }
    value.set("Name", Object::string_literal("Patrik Harrysson"));
    let value = inc.new_document.add_object(value);
    inc.opt_clone_object_to_new_document(field_id).unwrap();
    let f = inc.new_document.get_dictionary_mut(field_id).unwrap();
    f.set("V", Object::Reference(value));
    f.set(
        "AP",
        Object::Dictionary(Dictionary::from_iter(vec![("N", Object::Reference(ap))])),
    );
    let mut out = Vec::new();
    inc.save_to(&mut out).unwrap();
    out
}

#[test]
fn an_appearance_added_after_the_signatures_is_caught() {
    let ca = CertificateAuthority::create(ORG).unwrap();
    let (pdf, names) = frozen();
    let two = sign_as(&pdf, &ca, "Alexandra Skoog", &names[0], 0);
    let two = sign_as(&two, &ca, "Johan Björkman", &names[1], 1);
    for value_is_signature in [false, true] {
        let forged = forge(&two, &names[2], value_is_signature);
        let reports = verify(&forged, std::slice::from_ref(&ca.certificate)).unwrap();
        // Two real signatures, and neither covers what came after it.
        assert_eq!(reports.len(), 2, "{reports:?}");
        assert!(!all_ok(&reports), "{reports:?}");
        if !value_is_signature {
            assert!(
                reports.iter().all(|r| !r.changes_after.is_empty()),
                "{reports:?}"
            );
        }
    }
}
