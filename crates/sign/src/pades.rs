//! PAdES signatures (ETSI.CAdES.detached) added as incremental updates, so earlier signatures
//! stay valid. Only the signature dictionary, its field with an invisible widget (empty
//! appearance), the first page's /Annots and the catalog's /AcroForm are added or changed.

use chrono::{DateTime, Datelike, Timelike, Utc};
use cms::builder::{SignedDataBuilder, SignerInfoBuilder};
use cms::cert::{CertificateChoices, IssuerAndSerialNumber};
use cms::signed_data::{
    EncapsulatedContentInfo, SignedData, SignerIdentifier, SignerInfo, SignerInfos,
};
use der::asn1::{OctetString, SetOfVec};
use der::{Any, Decode, Encode, Sequence};
use lopdf::{Dictionary, Document, IncrementalDocument, Object, ObjectId, Stream, StringFormat};
use p256::ecdsa::{DerSignature, SigningKey};
use sha2::{Digest, Sha256};
use spki::AlgorithmIdentifierOwned;
use x509_cert::Certificate;
use x509_cert::attr::Attribute;

use crate::ca::to_der;
use crate::error::SignError;
use crate::scan::find;
use crate::timestamp::{ID_AA_TIME_STAMP_TOKEN, Timestamper};

/// Bytes reserved for the CMS signature (a chain of two ECDSA certificates needs about 1.5 KB).
pub const CONTENTS_SIZE: usize = 8192;
const PLACEHOLDER: i64 = 1_000_000_000;

/// id-aa-signingCertificateV2 (RFC 5035).
const ID_AA_SIGNING_CERTIFICATE_V2: der::oid::ObjectIdentifier =
    der::oid::ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.2.47");

/// Who signs, with what, and why.
pub struct SignRequest<'a> {
    pub key: &'a SigningKey,
    pub certificate: &'a Certificate,
    /// The issuing CA, included in the signature so validators can build the chain.
    pub ca: &'a Certificate,
    /// The signer's name (/Name).
    pub name: String,
    /// The role, e.g. "Justerare" (/Reason).
    pub reason: String,
    /// /Location, e.g. "Svenljunga kommun".
    pub location: String,
    pub time: DateTime<Utc>,
    /// A time-stamping authority: when given, the signature carries an RFC 3161 time-stamp
    /// over its value (PAdES B-T).
    pub timestamper: Option<&'a dyn Timestamper>,
    /// The empty field this signature fills and its appearance; without it (or when the
    /// document has no such field, as documents frozen before fields existed) the signature
    /// gets an invisible field of its own.
    pub visible: Option<crate::fields::Visible>,
}

#[derive(Sequence)]
struct EssCertIdV2 {
    // hashAlgorithm DEFAULT sha256 is omitted.
    cert_hash: OctetString,
}

#[derive(Sequence)]
struct SigningCertificateV2 {
    certs: Vec<EssCertIdV2>,
}

fn pdf_err(e: lopdf::Error) -> SignError {
    SignError::Pdf(e.to_string())
}

/// A PDF text string: PDFDocEncoding for ASCII, UTF-16BE with a byte-order mark otherwise.
pub fn text_string(s: &str) -> Object {
    if s.is_ascii() {
        Object::String(s.as_bytes().to_vec(), StringFormat::Literal)
    } else {
        let mut bytes = vec![0xFE, 0xFF];
        for unit in s.encode_utf16() {
            bytes.extend_from_slice(&unit.to_be_bytes());
        }
        Object::String(bytes, StringFormat::Hexadecimal)
    }
}

fn pdf_date(t: DateTime<Utc>) -> String {
    format!(
        "D:{:04}{:02}{:02}{:02}{:02}{:02}+00'00'",
        t.year(),
        t.month(),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

/// Signs `previous` (a PDF, possibly already signed) and returns the new file.
pub fn sign(previous: &[u8], request: &SignRequest<'_>) -> Result<Vec<u8>, SignError> {
    let prev_doc = Document::load_mem(previous).map_err(pdf_err)?;
    let root_id = prev_doc
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .map_err(pdf_err)?;
    let page_id = *prev_doc
        .get_pages()
        .values()
        .next()
        .ok_or_else(|| SignError::Pdf("dokumentet har inga sidor".into()))?;
    let field_count = count_signature_fields(&prev_doc);
    let existing = request
        .visible
        .as_ref()
        .and_then(|v| crate::fields::empty_field(&prev_doc, &v.field).map(|f| (v, f)));
    let mut inc = IncrementalDocument::create_from(previous.to_vec(), prev_doc);
    let mut sig = signature_dictionary(b"Sig", b"ETSI.CAdES.detached");
    sig.extend(&Dictionary::from_iter(vec![
        (
            "M",
            Object::String(pdf_date(request.time).into_bytes(), StringFormat::Literal),
        ),
        ("Name", text_string(&request.name)),
        ("Reason", text_string(&request.reason)),
        ("Location", text_string(&request.location)),
    ]));
    let sig_id = inc.new_document.add_object(sig);
    if let Some((visible, (field_id, _))) = existing {
        // Fill the signer's own field: its value is the signature, its appearance says who
        // signed, in which role and when.
        let ap_id = crate::fields::import_appearance(&mut inc, &visible.appearance)?;
        inc.opt_clone_object_to_new_document(field_id)
            .map_err(pdf_err)?;
        let field = inc
            .new_document
            .get_dictionary_mut(field_id)
            .map_err(pdf_err)?;
        field.set("V", Object::Reference(sig_id));
        field.set(
            "AP",
            Object::Dictionary(Dictionary::from_iter(vec![("N", Object::Reference(ap_id))])),
        );
        add_to_acroform(&mut inc, root_id, None, Some(3))?;
    } else {
        invisible_field(
            &mut inc,
            page_id,
            root_id,
            sig_id,
            &format!("Signatur {}", field_count + 1),
        )?;
    }

    let mut out = Vec::with_capacity(previous.len() + CONTENTS_SIZE * 2 + 4096);
    inc.save_to(&mut out)
        .map_err(|e| SignError::Pdf(e.to_string()))?;
    fill_signature(&mut out, previous.len(), request)?;
    Ok(out)
}

/// A signature field of its own for `sig_id`, invisible (a zero rectangle with the empty
/// appearance PDF/A requires), on the first page.
pub(crate) fn invisible_field(
    inc: &mut IncrementalDocument,
    page_id: ObjectId,
    root_id: ObjectId,
    sig_id: ObjectId,
    name: &str,
) -> Result<(), SignError> {
    let ap_id = inc.new_document.add_object(Stream::new(
        Dictionary::from_iter(vec![
            ("Type", Object::Name(b"XObject".to_vec())),
            ("Subtype", Object::Name(b"Form".to_vec())),
            (
                "BBox",
                Object::Array(vec![0.into(), 0.into(), 0.into(), 0.into()]),
            ),
        ]),
        Vec::new(),
    ));
    let widget_id = inc.new_document.add_object(Dictionary::from_iter(vec![
        ("Type", Object::Name(b"Annot".to_vec())),
        ("Subtype", Object::Name(b"Widget".to_vec())),
        ("FT", Object::Name(b"Sig".to_vec())),
        ("T", text_string(name)),
        ("V", Object::Reference(sig_id)),
        (
            "Rect",
            Object::Array(vec![0.into(), 0.into(), 0.into(), 0.into()]),
        ),
        ("F", Object::Integer(132)),
        ("P", Object::Reference(page_id)),
        (
            "AP",
            Object::Dictionary(Dictionary::from_iter(vec![("N", Object::Reference(ap_id))])),
        ),
    ]));
    add_to_annots(inc, page_id, widget_id)?;
    add_to_acroform(inc, root_id, Some(widget_id), Some(3))
}

/// A signature dictionary of `kind` (/Sig or /DocTimeStamp) with the placeholders that
/// [`fill_contents`] fills: the byte range and room for the contents.
pub(crate) fn signature_dictionary(kind: &[u8], sub_filter: &[u8]) -> Dictionary {
    Dictionary::from_iter(vec![
        ("Type", Object::Name(kind.to_vec())),
        ("Filter", Object::Name(b"Adobe.PPKLite".to_vec())),
        ("SubFilter", Object::Name(sub_filter.to_vec())),
        (
            "ByteRange",
            Object::Array(vec![
                0.into(),
                PLACEHOLDER.into(),
                PLACEHOLDER.into(),
                PLACEHOLDER.into(),
            ]),
        ),
        (
            "Contents",
            Object::String(vec![0u8; CONTENTS_SIZE], StringFormat::Hexadecimal),
        ),
    ])
}

pub(crate) fn count_signature_fields(doc: &Document) -> usize {
    doc.objects
        .values()
        .filter(|o| {
            o.as_dict()
                .ok()
                .and_then(|d| d.get(b"FT").ok())
                .and_then(|ft| ft.as_name().ok())
                == Some(b"Sig".as_slice())
        })
        .count()
}

/// Appends the widget to the page's /Annots (inline array, referenced array or none).
pub(crate) fn add_to_annots(
    inc: &mut IncrementalDocument,
    page_id: ObjectId,
    widget_id: ObjectId,
) -> Result<(), SignError> {
    inc.opt_clone_object_to_new_document(page_id)
        .map_err(pdf_err)?;
    let annots_ref = inc
        .new_document
        .get_dictionary(page_id)
        .map_err(pdf_err)?
        .get(b"Annots")
        .ok()
        .and_then(|a| a.as_reference().ok());
    if let Some(array_id) = annots_ref {
        inc.opt_clone_object_to_new_document(array_id)
            .map_err(pdf_err)?;
        if let Ok(Object::Array(items)) = inc.new_document.get_object_mut(array_id) {
            items.push(Object::Reference(widget_id));
            return Ok(());
        }
        return Err(SignError::Pdf("sidans /Annots är inte en lista".into()));
    }
    let page = inc
        .new_document
        .get_dictionary_mut(page_id)
        .map_err(pdf_err)?;
    match page.get_mut(b"Annots") {
        Ok(Object::Array(items)) => items.push(Object::Reference(widget_id)),
        _ => page.set("Annots", Object::Array(vec![Object::Reference(widget_id)])),
    }
    Ok(())
}

/// Adds the field (if any) to the catalog's /AcroForm and sets /SigFlags (3 once signed).
pub(crate) fn add_to_acroform(
    inc: &mut IncrementalDocument,
    root_id: ObjectId,
    widget_id: Option<ObjectId>,
    sig_flags: Option<i64>,
) -> Result<(), SignError> {
    inc.opt_clone_object_to_new_document(root_id)
        .map_err(pdf_err)?;
    let form_ref = inc
        .new_document
        .get_dictionary(root_id)
        .map_err(pdf_err)?
        .get(b"AcroForm")
        .ok()
        .and_then(|a| a.as_reference().ok());
    let update = |form: &mut Dictionary| {
        if let Some(widget_id) = widget_id {
            match form.get_mut(b"Fields") {
                Ok(Object::Array(fields)) => fields.push(Object::Reference(widget_id)),
                _ => form.set("Fields", Object::Array(vec![Object::Reference(widget_id)])),
            }
        }
        if let Some(flags) = sig_flags {
            form.set("SigFlags", Object::Integer(flags));
        }
    };
    if let Some(form_id) = form_ref {
        inc.opt_clone_object_to_new_document(form_id)
            .map_err(pdf_err)?;
        let form = inc
            .new_document
            .get_dictionary_mut(form_id)
            .map_err(pdf_err)?;
        update(form);
        return Ok(());
    }
    let catalog = inc
        .new_document
        .get_dictionary_mut(root_id)
        .map_err(pdf_err)?;
    match catalog.get_mut(b"AcroForm") {
        Ok(Object::Dictionary(form)) => update(form),
        _ => {
            let mut form = Dictionary::new();
            update(&mut form);
            catalog.set("AcroForm", Object::Dictionary(form));
        }
    }
    Ok(())
}

/// Patches /ByteRange, hashes everything but the /Contents hole and writes the CMS signature.
fn fill_signature(
    out: &mut [u8],
    prev_len: usize,
    request: &SignRequest<'_>,
) -> Result<(), SignError> {
    fill_contents(out, prev_len, |digest| cms_signature(digest, request))
}

/// Fills the byte range and the /Contents placeholder of the signature dictionary written
/// after `prev_len`: `produce` gets the SHA-256 of the byte range and returns the contents
/// (a CMS signature, or a time-stamp token for a document time-stamp).
pub(crate) fn fill_contents(
    out: &mut [u8],
    prev_len: usize,
    produce: impl FnOnce(&[u8]) -> Result<Vec<u8>, SignError>,
) -> Result<(), SignError> {
    let missing = || SignError::Pdf("signaturens platshållare hittades inte".into());
    let zeros = vec![b'0'; 64];
    let hole_start = find(out, &zeros, prev_len)
        .and_then(|p| out.get(..p)?.iter().rposition(|b| *b == b'<'))
        .ok_or_else(missing)?;
    let hole_end = find(out, b">", hole_start).ok_or_else(missing)? + 1;
    let total = out.len();
    let range = [0, hole_start, hole_end, total - hole_end];
    let br_key = find(out, b"/ByteRange", prev_len).ok_or_else(missing)?;
    let open = find(out, b"[", br_key).ok_or_else(missing)?;
    let close = find(out, b"]", open).ok_or_else(missing)?;
    let width = close - open - 1;
    let text = format!("{} {} {} {}", range[0], range[1], range[2], range[3]);
    if text.len() > width {
        return Err(SignError::Pdf(
            "filen är för stor för signaturens platshållare".into(),
        ));
    }
    let padded = format!("{text:<width$}");
    out.get_mut(open + 1..close)
        .ok_or_else(missing)?
        .copy_from_slice(padded.as_bytes());

    let mut hasher = Sha256::new();
    hasher.update(out.get(..hole_start).ok_or_else(missing)?);
    hasher.update(out.get(hole_end..).ok_or_else(missing)?);
    let digest = hasher.finalize();
    let cms = produce(&digest)?;
    let hex_sig = hex::encode_upper(&cms);
    let capacity = hole_end - hole_start - 2;
    if hex_sig.len() > capacity {
        return Err(SignError::Pdf(format!(
            "signaturen ({} byte) får inte plats i utrymmet ({} byte)",
            cms.len(),
            capacity / 2
        )));
    }
    out.get_mut(hole_start + 1..hole_start + 1 + hex_sig.len())
        .ok_or_else(missing)?
        .copy_from_slice(hex_sig.as_bytes());
    Ok(())
}

/// CMS SignedData over an external SHA-256 digest: content-type, message-digest and ESS
/// signing-certificate-v2 as signed attributes (no signing-time, as PAdES requires), the signer's
/// and the CA's certificates included.
fn cms_signature(digest: &[u8], request: &SignRequest<'_>) -> Result<Vec<u8>, SignError> {
    let cms_err = |e: der::Error| SignError::Cms(e.to_string());
    let econtent = EncapsulatedContentInfo {
        econtent_type: const_oid::db::rfc5911::ID_DATA,
        econtent: None,
    };
    let sha256 = AlgorithmIdentifierOwned {
        oid: const_oid::db::rfc5912::ID_SHA_256,
        parameters: None,
    };
    let cert = request.certificate;
    let sid = SignerIdentifier::IssuerAndSerialNumber(IssuerAndSerialNumber {
        issuer: cert.tbs_certificate.issuer.clone(),
        serial_number: cert.tbs_certificate.serial_number.clone(),
    });
    let cert_hash = Sha256::digest(to_der(cert)?);
    let scv2 = SigningCertificateV2 {
        certs: vec![EssCertIdV2 {
            cert_hash: OctetString::new(cert_hash.to_vec()).map_err(cms_err)?,
        }],
    };
    let attribute = Attribute {
        oid: ID_AA_SIGNING_CERTIFICATE_V2,
        values: SetOfVec::try_from(vec![Any::encode_from(&scv2).map_err(cms_err)?])
            .map_err(cms_err)?,
    };
    let mut signer_info =
        SignerInfoBuilder::new(request.key, sid, sha256.clone(), &econtent, Some(digest))
            .map_err(|e| SignError::Cms(e.to_string()))?;
    signer_info
        .add_signed_attribute(attribute)
        .map_err(|e| SignError::Cms(e.to_string()))?;
    let mut builder = SignedDataBuilder::new(&econtent);
    builder
        .add_digest_algorithm(sha256)
        .map_err(|e| SignError::Cms(e.to_string()))?;
    builder
        .add_certificate(CertificateChoices::Certificate(cert.clone()))
        .map_err(|e| SignError::Cms(e.to_string()))?;
    if request.ca != cert {
        builder
            .add_certificate(CertificateChoices::Certificate(request.ca.clone()))
            .map_err(|e| SignError::Cms(e.to_string()))?;
    }
    builder
        .add_signer_info::<SigningKey, DerSignature>(signer_info)
        .map_err(|e| SignError::Cms(e.to_string()))?;
    let mut content_info = builder.build().map_err(|e| SignError::Cms(e.to_string()))?;
    if let Some(tsa) = request.timestamper {
        content_info.content = Any::encode_from(&add_timestamp(
            content_info.content.decode_as().map_err(cms_err)?,
            tsa,
        )?)
        .map_err(cms_err)?;
    }
    content_info.to_der().map_err(cms_err)
}

/// Adds the TSA's token over the signature value as the unsigned attribute
/// id-aa-timeStampToken.
fn add_timestamp(mut signed: SignedData, tsa: &dyn Timestamper) -> Result<SignedData, SignError> {
    let cms_err = |e: der::Error| SignError::Cms(e.to_string());
    let mut infos: Vec<SignerInfo> = signed.signer_infos.0.iter().cloned().collect();
    let info = infos
        .first_mut()
        .ok_or_else(|| SignError::Cms("signaturen saknar undertecknare".into()))?;
    let token = tsa.timestamp(&Sha256::digest(info.signature.as_bytes()))?;
    let attribute = Attribute {
        oid: ID_AA_TIME_STAMP_TOKEN,
        values: SetOfVec::try_from(vec![Any::from_der(&token).map_err(cms_err)?])
            .map_err(cms_err)?,
    };
    info.unsigned_attrs = Some(SetOfVec::try_from(vec![attribute]).map_err(cms_err)?);
    signed.signer_infos = SignerInfos(SetOfVec::try_from(infos).map_err(cms_err)?);
    Ok(signed)
}
