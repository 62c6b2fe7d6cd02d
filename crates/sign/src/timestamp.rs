//! RFC 3161 time-stamps (PAdES B-T): a time-stamp token over the signature value, obtained from
//! a time-stamping authority (TSA) over HTTP and stored as the unsigned attribute
//! id-aa-timeStampToken; and the inspection of such a token when a file is verified.
//!
//! Plain `http://` only: the token is itself signed by the TSA, so transport security adds
//! nothing to its integrity, and it keeps a TLS stack out of the binary (see docs/adr/0005).

use std::io::Read;
use std::time::Duration;

use chrono::{DateTime, Utc};
use cmpv2::status::PkiStatus;
use cms::content_info::ContentInfo;
use cms::signed_data::{SignedData, SignerIdentifier};
use der::asn1::{Int, OctetString};
use der::{Decode, Encode};
use p256::ecdsa::DerSignature;
use rand_core::{OsRng, RngCore};
use sha2::{Digest, Sha256};
use signature::Verifier;
use spki::AlgorithmIdentifierOwned;
use x509_cert::Certificate;
use x509_tsp::{MessageImprint, TimeStampReq, TimeStampResp, TspVersion, TstInfo};

use crate::ca::common_name;
use crate::error::SignError;

/// id-aa-timeStampToken (RFC 3161 appendix A).
pub const ID_AA_TIME_STAMP_TOKEN: der::oid::ObjectIdentifier =
    der::oid::ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.2.14");
/// id-ct-TSTInfo.
const ID_CT_TST_INFO: der::oid::ObjectIdentifier =
    der::oid::ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.1.4");
/// The largest reply accepted from a TSA.
const MAX_REPLY: u64 = 64 * 1024;

/// Something that returns a time-stamp token (the DER of a CMS ContentInfo) over a SHA-256
/// digest.
pub trait Timestamper: Send + Sync {
    fn timestamp(&self, digest: &[u8]) -> Result<Vec<u8>, SignError>;
}

/// A TSA reached over HTTP (RFC 3161 §3.4).
#[derive(Debug, Clone)]
pub struct HttpTsa {
    url: String,
    timeout: Duration,
}

impl HttpTsa {
    /// A TSA at `url` (`http://…`).
    pub fn new(url: &str) -> Result<Self, SignError> {
        let url = url.trim();
        if !url.starts_with("http://") || url.len() <= "http://".len() {
            return Err(SignError::Timestamp(format!(
                "tidsstämplingstjänstens adress ska börja med http:// (fick \"{url}\")"
            )));
        }
        Ok(Self {
            url: url.to_owned(),
            timeout: Duration::from_secs(20),
        })
    }

    pub fn url(&self) -> &str {
        &self.url
    }
}

impl Timestamper for HttpTsa {
    fn timestamp(&self, digest: &[u8]) -> Result<Vec<u8>, SignError> {
        let nonce = new_nonce();
        let body = request(digest, &nonce)?;
        let fail = |e: String| {
            SignError::Timestamp(format!(
                "tidsstämplingstjänsten {} svarade inte: {e}",
                self.url
            ))
        };
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .timeout_global(Some(self.timeout))
            .build()
            .into();
        let mut response = agent
            .post(&self.url)
            .header("Content-Type", "application/timestamp-query")
            .send(&body[..])
            .map_err(|e| fail(e.to_string()))?;
        let mut reply = Vec::new();
        response
            .body_mut()
            .as_reader()
            .take(MAX_REPLY)
            .read_to_end(&mut reply)
            .map_err(|e| fail(e.to_string()))?;
        token_from_response(&reply, digest, &nonce)
    }
}

fn new_nonce() -> [u8; 8] {
    let mut nonce = [0u8; 8];
    OsRng.fill_bytes(&mut nonce);
    // Positive and without a leading zero byte, so it encodes as the same eight bytes.
    nonce[0] = (nonce[0] & 0x7f) | 0x40;
    nonce
}

fn der_err(e: der::Error) -> SignError {
    SignError::Timestamp(format!("ogiltig ASN.1: {e}"))
}

/// The DER of a TimeStampReq for a SHA-256 `digest`, asking for the TSA's certificate.
pub fn request(digest: &[u8], nonce: &[u8]) -> Result<Vec<u8>, SignError> {
    TimeStampReq {
        version: TspVersion::V1,
        message_imprint: MessageImprint {
            hash_algorithm: AlgorithmIdentifierOwned {
                oid: const_oid::db::rfc5912::ID_SHA_256,
                parameters: None,
            },
            hashed_message: OctetString::new(digest).map_err(der_err)?,
        },
        req_policy: None,
        nonce: Some(Int::new(nonce).map_err(der_err)?),
        cert_req: true,
        extensions: None,
    }
    .to_der()
    .map_err(der_err)
}

/// Checks a TimeStampResp: granted, over `digest`, with our `nonce`; returns the token's DER.
pub fn token_from_response(
    reply: &[u8],
    digest: &[u8],
    nonce: &[u8],
) -> Result<Vec<u8>, SignError> {
    let response = TimeStampResp::from_der(reply).map_err(der_err)?;
    if !matches!(
        response.status.status,
        PkiStatus::Accepted | PkiStatus::GrantedWithMods
    ) {
        return Err(SignError::Timestamp(format!(
            "tidsstämplingstjänsten avslog begäran ({:?})",
            response.status.status
        )));
    }
    let token = response
        .time_stamp_token
        .ok_or_else(|| SignError::Timestamp("svaret saknar tidsstämpel".into()))?;
    let info = tst_info(&token).map_err(SignError::Timestamp)?;
    if info.message_imprint.hashed_message.as_bytes() != digest {
        return Err(SignError::Timestamp(
            "tidsstämpeln gäller inte den här signaturen".into(),
        ));
    }
    if info.nonce.as_ref().map(Int::as_bytes) != Some(nonce) {
        return Err(SignError::Timestamp(
            "tidsstämpelns engångsvärde (nonce) stämmer inte".into(),
        ));
    }
    token.to_der().map_err(der_err)
}

fn signed_data(token: &ContentInfo) -> Result<SignedData, String> {
    token
        .content
        .decode_as()
        .map_err(|e| format!("tidsstämpeln kan inte läsas: {e}"))
}

fn tst_info(token: &ContentInfo) -> Result<TstInfo, String> {
    let signed = signed_data(token)?;
    if signed.encap_content_info.econtent_type != ID_CT_TST_INFO {
        return Err("tidsstämpeln innehåller inte TSTInfo".into());
    }
    let content = signed
        .encap_content_info
        .econtent
        .ok_or("tidsstämpeln saknar innehåll")?;
    let octets: OctetString = content
        .decode_as()
        .map_err(|e| format!("tidsstämpeln kan inte läsas: {e}"))?;
    TstInfo::from_der(octets.as_bytes()).map_err(|e| format!("TSTInfo kan inte läsas: {e}"))
}

/// What a time-stamp token in a signature says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimestampReport {
    /// The time the TSA vouches for.
    pub time: DateTime<Utc>,
    /// The TSA's name (CN of its certificate), if the token carries it.
    pub authority: String,
    /// The token covers this signature's value and the TSA's own signature verifies.
    pub valid: bool,
    pub problems: Vec<String>,
}

/// Inspects the time-stamp `token` of a signature whose value is `signature_value`.
pub fn inspect(token: &[u8], signature_value: &[u8]) -> Result<TimestampReport, String> {
    inspect_imprint(token, &Sha256::digest(signature_value))
}

/// Inspects a time-stamp `token` that must cover the SHA-256 `imprint` (a document
/// time-stamp covers the digest of its byte range).
pub fn inspect_imprint(token: &[u8], imprint: &[u8]) -> Result<TimestampReport, String> {
    let info =
        ContentInfo::from_der(token).map_err(|e| format!("tidsstämpeln kan inte läsas: {e}"))?;
    let tst = tst_info(&info)?;
    let secs = tst.gen_time.to_unix_duration();
    let time = DateTime::<Utc>::from_timestamp(
        i64::try_from(secs.as_secs()).map_err(|e| e.to_string())?,
        secs.subsec_nanos(),
    )
    .ok_or("tidsstämpelns tid är ogiltig")?;
    let mut problems = Vec::new();
    if tst.message_imprint.hashed_message.as_bytes() != imprint {
        problems.push("tidsstämpeln gäller inte den här signaturen".to_owned());
    }
    let (authority, tsa_problem) = match tsa_signature(&info) {
        Ok(name) => (name, None),
        Err((name, e)) => (name, Some(e)),
    };
    problems.extend(tsa_problem);
    Ok(TimestampReport {
        time,
        authority,
        valid: problems.is_empty(),
        problems,
    })
}

/// Verifies the TSA's signature over the token; returns the TSA's name.
fn tsa_signature(info: &ContentInfo) -> Result<String, (String, String)> {
    let signed = signed_data(info).map_err(|e| (String::new(), e))?;
    let signer = signed.signer_infos.0.iter().next().ok_or((
        String::new(),
        "tidsstämpeln saknar undertecknare".to_owned(),
    ))?;
    let cert: Option<&Certificate> = signed
        .certificates
        .iter()
        .flat_map(|set| set.0.iter())
        .filter_map(|c| match c {
            cms::cert::CertificateChoices::Certificate(cert) => Some(cert),
            _ => None,
        })
        .find(|c| match &signer.sid {
            SignerIdentifier::IssuerAndSerialNumber(ias) => {
                c.tbs_certificate.issuer == ias.issuer
                    && c.tbs_certificate.serial_number == ias.serial_number
            }
            SignerIdentifier::SubjectKeyIdentifier(_) => true,
        });
    let Some(cert) = cert else {
        return Err((
            String::new(),
            "tidsstämplingstjänstens certifikat saknas i tidsstämpeln".into(),
        ));
    };
    let name = common_name(cert);
    let fail = |m: &str| (name.clone(), m.to_owned());
    let attrs = signer
        .signed_attrs
        .as_ref()
        .ok_or_else(|| fail("tidsstämpeln saknar signerade attribut"))?;
    let econtent = signed
        .encap_content_info
        .econtent
        .as_ref()
        .and_then(|c| c.decode_as::<OctetString>().ok())
        .ok_or_else(|| fail("tidsstämpeln saknar innehåll"))?;
    let digest_ok = attrs
        .iter()
        .find(|a| a.oid == const_oid::db::rfc5911::ID_MESSAGE_DIGEST)
        .and_then(|a| a.values.iter().next())
        .and_then(|v| v.decode_as::<OctetString>().ok())
        .is_some_and(|d| d.as_bytes() == Sha256::digest(econtent.as_bytes()).as_slice());
    if !digest_ok {
        return Err(fail("tidsstämpelns innehåll har ändrats"));
    }
    let key = crate::verify::verifying_key(cert).map_err(|_| {
        fail("tidsstämplingstjänstens nyckel är inte P-256; dess signatur kan inte kontrolleras")
    })?;
    let signed_bytes = attrs
        .to_der()
        .map_err(|_| fail("tidsstämpelns attribut kan inte läsas"))?;
    let sig = DerSignature::from_bytes(signer.signature.as_bytes())
        .map_err(|_| fail("tidsstämpelns signaturvärde kan inte läsas"))?;
    key.verify(&signed_bytes, &sig)
        .map_err(|_| fail("tidsstämplingstjänstens signatur är inte giltig"))?;
    Ok(name)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    #[test]
    fn only_http_addresses() {
        assert!(HttpTsa::new("http://tsa.example/tsr").is_ok());
        for bad in ["https://tsa.example", "ftp://x", "http://", "tsa.example"] {
            let e = HttpTsa::new(bad).unwrap_err().to_string();
            assert!(e.contains("http://"), "{e}");
        }
    }

    #[test]
    fn request_is_der_with_digest_and_nonce() {
        let digest = [7u8; 32];
        let nonce = new_nonce();
        let der = request(&digest, &nonce).unwrap();
        let back = TimeStampReq::from_der(&der).unwrap();
        assert_eq!(back.message_imprint.hashed_message.as_bytes(), digest);
        assert_eq!(back.nonce.unwrap().as_bytes(), nonce);
        assert!(back.cert_req);
    }

    #[test]
    fn garbage_replies_are_errors() {
        for reply in [&b""[..], b"\x30\x03\x02\x01\x00", b"HTTP/1.1 500"] {
            assert!(token_from_response(reply, &[0; 32], &[1; 8]).is_err());
        }
    }
}
