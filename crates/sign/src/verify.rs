//! Verification of the PAdES signatures in a PDF: for each signature, whether it is
//! cryptographically valid, whether its certificate chains to the organization's CA, what it
//! covers, and whether anything other than signature fields was added after it.

use cms::content_info::ContentInfo;
use cms::signed_data::{SignedData, SignerIdentifier};
use der::{Decode, Encode};
use lopdf::xref::XrefEntry;
use lopdf::{Document, LoadOptions, Object, ObjectId};
use p256::ecdsa::{DerSignature, VerifyingKey};
use p256::pkcs8::DecodePublicKey;
use sha2::{Digest, Sha256};
use signature::Verifier;
use x509_cert::Certificate;

use crate::ca::common_name;
use crate::error::SignError;
use crate::scan::find;
use crate::scan::{Layout, Limits, scan};
use crate::timestamp::{ID_AA_TIME_STAMP_TOKEN, TimestampReport, inspect};

/// What a signature covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Coverage {
    /// Everything up to the end of the file.
    WholeFile,
    /// Its own revision; later revisions follow.
    Revision,
}

/// The verdict on one signature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// The signer's name from the certificate (CN), or /Name.
    pub signer: String,
    /// /Reason: the role in which the signer signed.
    pub reason: String,
    /// /M, the signing time as written in the PDF.
    pub time: String,
    /// The digest matches and the signature over the signed attributes verifies.
    pub valid: bool,
    /// The certificate was issued by one of the given CAs (signature checked).
    pub trusted: bool,
    /// Which of the given CAs issued it.
    pub issuer: Option<usize>,
    pub coverage: Coverage,
    /// Byte length of the revision the signature covers.
    pub revision_end: usize,
    /// Changes after this signature other than adding signature fields.
    pub changes_after: Vec<String>,
    /// Why the signature is not valid, if it is not.
    pub problems: Vec<String>,
    /// The RFC 3161 time-stamp over the signature (PAdES B-T), if it has one.
    pub timestamp: Option<TimestampReport>,
    /// The PAdES baseline level the file shows for this signature.
    pub level: Level,
    /// The file carries revocation information (a DSS with CRLs or OCSP responses) that a
    /// validator can use without going online.
    pub revocation_in_file: bool,
}

/// PAdES baseline levels (ETSI EN 319 142-1): B-B a signature; B-T with a trusted time-stamp
/// over it; B-LT with the certificates and revocation data in the file's DSS; B-LTA with a
/// document time-stamp over all of that.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    BB,
    BT,
    BLT,
    BLTA,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::BB => "B-B",
            Self::BT => "B-T",
            Self::BLT => "B-LT",
            Self::BLTA => "B-LTA",
        }
    }
}

/// What the file holds for long-term validation: a DSS with revocation data. (Document
/// time-stamps are not verified yet, so no signature is reported as B-LTA.)
struct LongTerm {
    revocation: bool,
}

fn long_term(doc: &Document) -> LongTerm {
    let dss = doc
        .catalog()
        .ok()
        .and_then(|c| c.get(b"DSS").ok())
        .and_then(|d| match d {
            Object::Reference(id) => doc.get_dictionary(*id).ok(),
            Object::Dictionary(d) => Some(d),
            _ => None,
        });
    let non_empty = |key: &[u8]| {
        dss.and_then(|d| d.get(key).ok())
            .and_then(|v| match v {
                Object::Reference(id) => doc.get_object(*id).ok(),
                other => Some(other),
            })
            .and_then(|v| v.as_array().ok())
            .is_some_and(|a| !a.is_empty())
    };
    LongTerm {
        revocation: non_empty(b"CRLs") || non_empty(b"OCSPs"),
    }
}

fn level(report: &Report, lt: &LongTerm) -> Level {
    let stamped = report.timestamp.as_ref().is_some_and(|t| t.valid);
    if !stamped {
        return Level::BB;
    }
    if lt.revocation { Level::BLT } else { Level::BT }
}

impl Report {
    /// Valid, trusted, and nothing but signatures added after it.
    pub fn is_ok(&self) -> bool {
        self.valid
            && self.trusted
            && self.changes_after.is_empty()
            && self.problems.is_empty()
            && self.timestamp.as_ref().is_none_or(|t| t.valid)
    }
}

struct Found {
    id: ObjectId,
    byte_range: [usize; 4],
    contents: Vec<u8>,
    reason: String,
    time: String,
    name: String,
}

pub(crate) fn pdf_text(o: Option<&Object>) -> String {
    let Some(Object::String(bytes, _)) = o else {
        return String::new();
    };
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        let units: Vec<u16> = rest
            .chunks_exact(2)
            .filter_map(|c| <[u8; 2]>::try_from(c).ok())
            .map(u16::from_be_bytes)
            .collect();
        String::from_utf16_lossy(&units)
    } else {
        bytes.iter().map(|b| char::from(*b)).collect()
    }
}

fn signatures(doc: &Document) -> Vec<Found> {
    let mut found = Vec::new();
    for (id, object) in &doc.objects {
        let id = *id;
        let Ok(d) = object.as_dict() else { continue };
        if d.get(b"Type").and_then(Object::as_name).ok() != Some(b"Sig".as_slice()) {
            continue;
        }
        let Ok(range) = d.get(b"ByteRange").and_then(Object::as_array) else {
            continue;
        };
        let numbers: Vec<usize> = range
            .iter()
            .filter_map(|o| o.as_i64().ok())
            .filter_map(|n| usize::try_from(n).ok())
            .collect();
        let Ok(byte_range) = <[usize; 4]>::try_from(numbers) else {
            continue;
        };
        let Ok(Object::String(contents, _)) = d.get(b"Contents") else {
            continue;
        };
        found.push(Found {
            id,
            byte_range,
            contents: contents.clone(),
            reason: pdf_text(d.get(b"Reason").ok()),
            time: pdf_text(d.get(b"M").ok()),
            name: pdf_text(d.get(b"Name").ok()),
        });
    }
    found.sort_by_key(|f| f.byte_range[2] + f.byte_range[3]);
    found
}

/// Verifies every signature in `pdf` against the given CAs (an organization's, or every
/// organization's of an installation), under the default [`Limits`].
pub fn verify(pdf: &[u8], cas: &[Certificate]) -> Result<Vec<Report>, SignError> {
    verify_with(pdf, cas, &Limits::default())
}

/// Parser options for untrusted files: no repair of a damaged file (a repaired file is not
/// the file that was signed), nothing decompressed at load.
fn load_options() -> LoadOptions {
    LoadOptions {
        strict: true,
        max_decompressed_size: Some(1024 * 1024),
        ..LoadOptions::default()
    }
}

fn load(pdf: &[u8]) -> Result<Document, SignError> {
    Document::load_mem_with_options(pdf, load_options())
        .map_err(|_| SignError::Unreadable(crate::scan::broken("strukturen går inte att läsa")))
}

/// As [`verify`], under the given limits. The file is read once by the bounded lexer, then
/// parsed once; each signed revision is parsed once more to see what was changed after it.
pub fn verify_with(
    pdf: &[u8],
    cas: &[Certificate],
    limits: &Limits,
) -> Result<Vec<Report>, SignError> {
    let layout = scan(pdf, limits).map_err(SignError::Unreadable)?;
    let doc = load(pdf)?;
    let found = signatures(&doc);
    let archive = document_timestamps(pdf, &doc);
    // The signature values a later update may add: the signatures found (each is verified on
    // its own, and every one must pass) and the document time-stamps whose token covers them.
    let accepted: Accepted = found
        .iter()
        .map(|f| f.id)
        .chain(archive.iter().filter(|a| a.2.valid).map(|a| a.0))
        .collect();
    let mut reports: Vec<Report> = Vec::new();
    for (i, f) in found.iter().enumerate() {
        let mut report = check(pdf, &doc, f, cas, &accepted);
        if let Some(problem) = unsigned_dictionary(pdf, &doc, &layout, f) {
            report.problems.push(problem);
        }
        if found
            .get(..i)
            .is_some_and(|before| before.iter().any(|o| o.byte_range == f.byte_range))
        {
            report
                .problems
                .push("en annan signatur anger samma signerade område".into());
        }
        reports.push(report);
    }
    // What follows the last signature must be whole incremental updates: a file that does not
    // end with the end of a revision was cut off or had bytes appended that no update owns.
    if let Some(last) = reports.last_mut()
        && last.revision_end < pdf.len()
        && !ends_with_a_revision(pdf)
    {
        last.problems.push(
            "efter signaturen följer data som inte är en hel version av filen (den är avklippt eller har fått något tillagt)"
                .into(),
        );
    }
    let lt = long_term(&doc);
    for r in &mut reports {
        r.revocation_in_file = lt.revocation;
        r.level = level(r, &lt);
        // A valid document time-stamp over a later revision (the signature's validation data
        // included) makes a B-LT signature B-LTA.
        if r.level == Level::BLT
            && archive
                .iter()
                .any(|(_, end, t)| t.valid && *end > r.revision_end)
        {
            r.level = Level::BLTA;
        }
    }
    Ok(reports)
}

/// Whether the file ends where a revision ends: its last `%%EOF` followed by nothing but
/// white space.
fn ends_with_a_revision(pdf: &[u8]) -> bool {
    let Some(at) = pdf.windows(5).rposition(|w| w == b"%%EOF") else {
        return false;
    };
    pdf.get(at + 5..)
        .is_some_and(|rest| rest.iter().all(u8::is_ascii_whitespace))
}

/// The ids of the signature values (signatures, document time-stamps) accepted in the file.
type Accepted = std::collections::BTreeSet<ObjectId>;

/// The file's document time-stamps: where each one's signed range ends, and what its token
/// says (its imprint checked against that range).
fn document_timestamps(
    pdf: &[u8],
    doc: &Document,
) -> Vec<(ObjectId, usize, crate::timestamp::TimestampReport)> {
    let mut out = Vec::new();
    for (id, object) in doc.objects.iter().take(100_000) {
        if dict_name(object, b"Type") != Some(b"DocTimeStamp") {
            continue;
        }
        let Ok(d) = object.as_dict() else { continue };
        let range: Vec<usize> = d
            .get(b"ByteRange")
            .and_then(Object::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|o| o.as_i64().ok())
                    .filter_map(|n| usize::try_from(n).ok())
                    .collect()
            })
            .unwrap_or_default();
        let Ok([a, b, c, l]) = <[usize; 4]>::try_from(range) else {
            continue;
        };
        let Ok(Object::String(token, _)) = d.get(b"Contents") else {
            continue;
        };
        let end = c.saturating_add(l);
        let (Some(first), Some(second)) = (pdf.get(a..b), pdf.get(c..end)) else {
            continue;
        };
        if a != 0 || b > c {
            continue;
        }
        let mut hasher = Sha256::new();
        hasher.update(first);
        hasher.update(second);
        if let Ok(report) = crate::timestamp::inspect_imprint(trim_der(token), &hasher.finalize()) {
            out.push((*id, end, report));
        }
    }
    out
}

/// The signature dictionary must itself be signed: it lies wholly in the signed revision, and
/// the hole in the byte range holds exactly the hex string of `/Contents` and nothing else.
/// Otherwise the role and time it states are not the signer's.
fn unsigned_dictionary(pdf: &[u8], doc: &Document, layout: &Layout, f: &Found) -> Option<String> {
    let unsigned =
        || Some("signaturens uppgifter (roll och tid) omfattas inte av signaturen".into());
    let [_, b, c, d] = f.byte_range;
    let end = c.saturating_add(d);
    let offset = match doc.reference_table.get(f.id.0) {
        Some(XrefEntry::Normal { offset, .. }) => usize::try_from(*offset).ok(),
        _ => layout.object_before(f.id.0, f.id.1, usize::MAX),
    }?;
    let hole = pdf.get(b..c)?;
    let hex_ok = hole.len() >= 2
        && hole.first() == Some(&b'<')
        && hole.last() == Some(&b'>')
        && hole
            .get(1..hole.len() - 1)
            .is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit));
    if !hex_ok {
        return unsigned();
    }
    let decoded = hole
        .get(1..hole.len() - 1)
        .and_then(|h| hex::decode(h).ok());
    if decoded.as_deref() != Some(f.contents.as_slice()) {
        return unsigned();
    }
    let closes = find(pdf, b"endobj", offset);
    if offset >= b || closes.is_none_or(|e| e < c || e + b"endobj".len() > end) {
        return unsigned();
    }
    None
}

fn check(
    pdf: &[u8],
    after: &Document,
    f: &Found,
    cas: &[Certificate],
    accepted: &Accepted,
) -> Report {
    let [a, b, c, d] = f.byte_range;
    let end = c.saturating_add(d);
    let mut problems = Vec::new();
    let mut valid = false;
    let mut issuer = None;
    let mut signer = f.name.clone();
    let mut timestamp = None;
    if a != 0 || b > c || end > pdf.len() {
        problems.push("ogiltigt /ByteRange".to_owned());
    } else {
        let mut hasher = Sha256::new();
        hasher.update(pdf.get(a..b).unwrap_or_default());
        hasher.update(pdf.get(c..end).unwrap_or_default());
        let digest = hasher.finalize();
        match check_cms(&f.contents, &digest, cas) {
            Ok((cn, by, stamp)) => {
                valid = true;
                match stamp {
                    Some(Ok(report)) => {
                        problems
                            .extend(report.problems.iter().map(|p| format!("tidsstämpel: {p}")));
                        timestamp = Some(report);
                    }
                    Some(Err(e)) => problems.push(format!("tidsstämpel: {e}")),
                    None => {}
                }
                issuer = by;
                if !cn.is_empty() {
                    signer = cn;
                }
                if by.is_none() {
                    problems.push(
                        "certifikatet är inte utfärdat av organisationens certifikatutfärdare"
                            .into(),
                    );
                }
            }
            Err(e) => problems.push(e),
        }
    }
    let coverage = if end == pdf.len() {
        Coverage::WholeFile
    } else {
        Coverage::Revision
    };
    let changes_after = if coverage == Coverage::Revision && end <= pdf.len() {
        changes_after(pdf, after, end, accepted)
    } else {
        Vec::new()
    };
    Report {
        signer,
        reason: f.reason.clone(),
        time: f.time.clone(),
        valid,
        trusted: issuer.is_some(),
        issuer,
        coverage,
        revision_end: end,
        changes_after,
        problems,
        timestamp,
        level: Level::BB,
        revocation_in_file: false,
    }
}

/// Checks the CMS signature against `digest`; returns the signer's CN and whether the
/// certificate was issued by one of `cas` (which), and what its time-stamp (if any) says.
type CmsCheck = (
    String,
    Option<usize>,
    Option<Result<TimestampReport, String>>,
);

fn check_cms(contents: &[u8], digest: &[u8], cas: &[Certificate]) -> Result<CmsCheck, String> {
    // The /Contents hole is zero-padded after the DER.
    let info = ContentInfo::from_der(trim_der(contents))
        .map_err(|e| format!("CMS kan inte läsas: {e}"))?;
    let signed: SignedData = info
        .content
        .decode_as()
        .map_err(|e| format!("SignedData kan inte läsas: {e}"))?;
    let signer_info = signed
        .signer_infos
        .0
        .iter()
        .next()
        .ok_or("signaturen saknar undertecknare")?;
    let certs: Vec<&Certificate> = signed
        .certificates
        .iter()
        .flat_map(|set| set.0.iter())
        .filter_map(|c| match c {
            cms::cert::CertificateChoices::Certificate(cert) => Some(cert),
            _ => None,
        })
        .collect();
    let cert = match &signer_info.sid {
        SignerIdentifier::IssuerAndSerialNumber(ias) => certs.iter().find(|c| {
            c.tbs_certificate.issuer == ias.issuer
                && c.tbs_certificate.serial_number == ias.serial_number
        }),
        SignerIdentifier::SubjectKeyIdentifier(_) => certs.first(),
    }
    .ok_or("undertecknarens certifikat saknas i signaturen")?;
    let attrs = signer_info
        .signed_attrs
        .as_ref()
        .ok_or("signerade attribut saknas")?;
    let message_digest = attrs
        .iter()
        .find(|a| a.oid == const_oid::db::rfc5911::ID_MESSAGE_DIGEST)
        .and_then(|a| a.values.iter().next())
        .and_then(|v| v.decode_as::<der::asn1::OctetString>().ok())
        .ok_or("message-digest saknas")?;
    if message_digest.as_bytes() != digest {
        return Err(
            "dokumentet har ändrats efter signeringen (kontrollsumman stämmer inte)".into(),
        );
    }
    let key = verifying_key(cert)?;
    let signed_bytes = attrs.to_der().map_err(|e| e.to_string())?;
    let sig = DerSignature::from_bytes(signer_info.signature.as_bytes())
        .map_err(|_| "signaturvärdet kan inte läsas".to_owned())?;
    key.verify(&signed_bytes, &sig)
        .map_err(|_| "signaturen är inte giltig".to_owned())?;
    let trusted = cas.iter().position(|ca| issued_by(cert, ca));
    let stamp = signer_info
        .unsigned_attrs
        .as_ref()
        .and_then(|attrs| attrs.iter().find(|a| a.oid == ID_AA_TIME_STAMP_TOKEN))
        .and_then(|a| a.values.iter().next())
        .map(|token| {
            token
                .to_der()
                .map_err(|e| e.to_string())
                .and_then(|der| inspect(&der, signer_info.signature.as_bytes()))
        });
    Ok((common_name(cert), trusted, stamp))
}

fn trim_der(bytes: &[u8]) -> &[u8] {
    // DER length of the outer SEQUENCE tells where the data ends.
    let len = match bytes.get(1) {
        Some(&l) if l < 0x80 => Some(2 + usize::from(l)),
        Some(&l) => {
            let n = usize::from(l & 0x7f);
            bytes
                .get(2..2 + n)
                .map(|b| 2 + n + b.iter().fold(0usize, |acc, x| (acc << 8) | usize::from(*x)))
        }
        None => None,
    };
    len.and_then(|l| bytes.get(..l)).unwrap_or(bytes)
}

pub(crate) fn verifying_key(cert: &Certificate) -> Result<VerifyingKey, String> {
    let spki = cert
        .tbs_certificate
        .subject_public_key_info
        .to_der()
        .map_err(|e| e.to_string())?;
    p256::PublicKey::from_public_key_der(&spki)
        .map(VerifyingKey::from)
        .map_err(|_| "certifikatets nyckel är inte en P-256-nyckel".to_owned())
}

/// Whether `cert` is signed by `ca` and names it as issuer.
pub fn issued_by(cert: &Certificate, ca: &Certificate) -> bool {
    if cert.tbs_certificate.issuer != ca.tbs_certificate.subject {
        return false;
    }
    let Ok(key) = verifying_key(ca) else {
        return false;
    };
    let Ok(tbs) = cert.tbs_certificate.to_der() else {
        return false;
    };
    let Some(sig_bytes) = cert.signature.as_bytes() else {
        return false;
    };
    let Ok(sig) = DerSignature::from_bytes(sig_bytes) else {
        return false;
    };
    key.verify(&tbs, &sig).is_ok()
}

/// What changed in the revisions after `end`, other than adding signature fields.
fn changes_after(pdf: &[u8], after: &Document, end: usize, accepted: &Accepted) -> Vec<String> {
    let Some(before_bytes) = pdf.get(..end) else {
        return vec!["senare revisioner kan inte läsas".into()];
    };
    let Ok(before) = Document::load_mem_with_options(before_bytes, load_options()) else {
        return vec!["den signerade revisionen kan inte läsas".into()];
    };
    let appearances = filled_appearances(&before, after, accepted);
    let security_store = added_security_store(&before, after);
    let mut changes = Vec::new();
    for (id, object) in &after.objects {
        match before.objects.get(id) {
            Some(old) if old == object => {}
            Some(old) => {
                if !allowed_change(old, object, accepted) {
                    changes.push(format!("objekt {} {} har ändrats", id.0, id.1));
                }
            }
            None => {
                if !allowed_new(*id, object, accepted)
                    && !appearances.contains(id)
                    && !security_store.contains(id)
                {
                    changes.push(format!("objekt {} {} har lagts till", id.0, id.1));
                }
            }
        }
    }
    // An object taken away (freed in a later cross-reference section) changes what the
    // signed revision showed just as much as one changed.
    for id in before.objects.keys() {
        if !after.objects.contains_key(id) {
            changes.push(format!("objekt {} {} har tagits bort", id.0, id.1));
        }
    }
    changes
}

/// The objects that draw the appearance of a signature field filled after `before`: what its
/// /AP refers to, directly or through its resources (fonts, their programs and maps). Filling
/// a field's appearance is part of signing; it only shows inside the field's rectangle.
fn filled_appearances(
    before: &Document,
    after: &Document,
    accepted: &Accepted,
) -> std::collections::BTreeSet<ObjectId> {
    let mut seen = std::collections::BTreeSet::new();
    for (id, object) in &after.objects {
        let is_sig_widget = dict_name(object, b"FT") == Some(b"Sig")
            && object
                .as_dict()
                .ok()
                .and_then(|d| d.get(b"V").ok())
                .and_then(|v| v.as_reference().ok())
                .is_some_and(|v| accepted.contains(&v));
        let newly_filled = match before.objects.get(id) {
            None => true,
            Some(old) => old.as_dict().is_ok_and(|d| d.get(b"V").is_err()),
        };
        if !is_sig_widget || !newly_filled {
            continue;
        }
        if let Some(ap) = object.as_dict().ok().and_then(|d| d.get(b"AP").ok()) {
            reachable(after, ap, &mut seen, 0);
        }
    }
    // Only objects new in this update count; what existed before is compared as usual.
    seen.retain(|id| !before.objects.contains_key(id));
    seen
}

/// The objects of the DSS updates after `before` (PAdES B-LT): each new /DSS dictionary —
/// only /Type, /Certs, /CRLs and /OCSPs — and the plain data streams its arrays list
/// (certificates, revocation lists, OCSP responses). Each signature's update replaces the DSS
/// of the one before, so those of earlier updates are counted too. Nothing there is drawn.
fn added_security_store(
    before: &Document,
    after: &Document,
) -> std::collections::BTreeSet<ObjectId> {
    let mut out = std::collections::BTreeSet::new();
    for (dss_id, object) in after.objects.iter().take(100_000) {
        if before.objects.contains_key(dss_id) || dict_name(object, b"Type") != Some(b"DSS") {
            continue;
        }
        let Ok(dss) = object.as_dict() else { continue };
        let keys_ok = dss
            .iter()
            .all(|(k, _)| [&b"Type"[..], b"Certs", b"CRLs", b"OCSPs"].contains(&k.as_slice()));
        if !keys_ok {
            continue;
        }
        out.insert(*dss_id);
        for key in [&b"Certs"[..], b"CRLs", b"OCSPs"] {
            let Some(items) = dss.get(key).ok().and_then(|v| v.as_array().ok()) else {
                continue;
            };
            for item in items.iter().take(1024) {
                let Ok(id) = item.as_reference() else {
                    continue;
                };
                if before.objects.contains_key(&id) {
                    continue;
                }
                let plain = after
                    .get_object(id)
                    .ok()
                    .and_then(|o| o.as_stream().ok())
                    .is_some_and(|st| {
                        st.dict.iter().all(|(k, _)| {
                            [&b"Length"[..], b"Filter", b"DecodeParms"].contains(&k.as_slice())
                        })
                    });
                if plain {
                    out.insert(id);
                }
            }
        }
    }
    out
}

/// Collects the objects `object` refers to, at most a few thousand and a few levels deep (a
/// hostile file cannot make this loop or grow without bound).
fn reachable(
    doc: &Document,
    object: &Object,
    seen: &mut std::collections::BTreeSet<ObjectId>,
    depth: usize,
) {
    if depth > 16 || seen.len() > 4096 {
        return;
    }
    match object {
        Object::Reference(id) => {
            if seen.insert(*id)
                && let Ok(target) = doc.get_object(*id)
            {
                reachable(doc, target, seen, depth + 1);
            }
        }
        Object::Array(items) => {
            for o in items {
                reachable(doc, o, seen, depth + 1);
            }
        }
        Object::Dictionary(d) => {
            for (_, v) in d.iter() {
                reachable(doc, v, seen, depth + 1);
            }
        }
        Object::Stream(s) => {
            for (_, v) in s.dict.iter() {
                reachable(doc, v, seen, depth + 1);
            }
        }
        _ => {}
    }
}

fn dict_name<'a>(o: &'a Object, key: &[u8]) -> Option<&'a [u8]> {
    o.as_dict()
        .ok()
        .and_then(|d| d.get(key).ok())
        .and_then(|v| v.as_name().ok())
}

fn allowed_new(id: ObjectId, object: &Object, accepted: &Accepted) -> bool {
    if accepted.contains(&id)
        && matches!(
            dict_name(object, b"Type"),
            Some(b"Sig") | Some(b"DocTimeStamp")
        )
    {
        return true;
    }
    if dict_name(object, b"Subtype") == Some(b"Widget") && dict_name(object, b"FT") == Some(b"Sig")
    {
        return true;
    }
    // The empty appearance of an invisible signature widget.
    if let Object::Stream(s) = object
        && s.dict.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Form".as_slice())
        && s.content.is_empty()
    {
        return true;
    }
    // Cross-reference streams of the update itself.
    if let Object::Stream(s) = object
        && s.dict.get(b"Type").and_then(Object::as_name).ok() == Some(b"XRef".as_slice())
    {
        return true;
    }
    false
}

/// A changed object is allowed when the only keys that changed are those a signature touches:
/// a page's /Annots, the catalog's /AcroForm, an AcroForm's /Fields and /SigFlags, an
/// /Annots array that only grew, or an empty signature field's value and appearance.
fn allowed_change(old: &Object, new: &Object, accepted: &Accepted) -> bool {
    match (old, new) {
        (Object::Dictionary(o), Object::Dictionary(n)) => {
            // Filled with a signature (not just given an appearance that looks like one).
            let signed_now = n
                .get(b"V")
                .and_then(Object::as_reference)
                .is_ok_and(|id| accepted.contains(&id));
            let empty_signature_field = dict_name(old, b"FT") == Some(b"Sig")
                && dict_name(new, b"FT") == Some(b"Sig")
                && o.get(b"V").is_err()
                && signed_now;
            let catalog = dict_name(old, b"Type") == Some(b"Catalog")
                && dict_name(new, b"Type") == Some(b"Catalog");
            let allowed: &[&[u8]] = if empty_signature_field {
                &[b"V", b"AP"]
            } else if catalog {
                // The catalog's form, and its document security store (checked on its own).
                &[b"AcroForm", b"DSS"]
            } else {
                &[b"Annots", b"AcroForm", b"Fields", b"SigFlags"]
            };
            let keys = o.iter().map(|(k, _)| k).chain(n.iter().map(|(k, _)| k));
            for k in keys {
                let same = o.get(k).ok() == n.get(k).ok();
                if !same && !allowed.contains(&k.as_slice()) {
                    return false;
                }
            }
            true
        }
        (Object::Array(o), Object::Array(n)) => n.starts_with(o),
        _ => false,
    }
}

/// Convenience: every signature valid and trusted, and nothing but signatures and their
/// validation data (a DSS) added after any of them.
pub fn all_ok(reports: &[Report]) -> bool {
    // After the last signature only its validation data (a DSS) may follow; `is_ok` holds
    // everything else after each signature to that.
    !reports.is_empty() && reports.iter().all(Report::is_ok)
}

/// The SHA-256 of a file, as recorded for registered adjusted protocols.
pub fn file_hash(pdf: &[u8]) -> String {
    hex::encode(Sha256::digest(pdf))
}
