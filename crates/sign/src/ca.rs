//! The organization's certificate authority: an ECDSA P-256 root that issues one certificate per
//! signing user (CN = name, O = organization, digitalSignature + nonRepudiation).

use std::str::FromStr;
use std::time::Duration;

use der::{Decode, Encode, EncodePem};
use p256::ecdsa::{DerSignature, SigningKey, VerifyingKey};
use p256::pkcs8::{DecodePrivateKey, EncodePrivateKey};
use rand_core::{OsRng, RngCore};
use sha2::{Digest, Sha256};
use spki::{EncodePublicKey, SubjectPublicKeyInfoOwned};
use x509_cert::Certificate;
use x509_cert::builder::{Builder, CertificateBuilder, Profile};
use x509_cert::name::Name;
use x509_cert::serial_number::SerialNumber;
use x509_cert::time::Validity;

use crate::error::SignError;

/// Years a CA certificate is valid.
pub const CA_YEARS: u64 = 20;
/// Years a signer certificate is valid.
pub const SIGNER_YEARS: u64 = 5;

const YEAR: Duration = Duration::from_secs(365 * 24 * 3600);

/// Escapes a value for an RFC 4514 distinguished name.
fn dn_value(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for (i, c) in s.chars().enumerate() {
        let special = matches!(c, ',' | '+' | '"' | '\\' | '<' | '>' | ';' | '=')
            || (i == 0 && (c == '#' || c == ' '));
        if special {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn name(common_name: &str, organization: &str) -> Result<Name, SignError> {
    Name::from_str(&format!(
        "CN={},O={},C=SE",
        dn_value(common_name),
        dn_value(organization)
    ))
    .map_err(|e| SignError::Certificate(format!("ogiltigt namn: {e}")))
}

fn serial() -> Result<SerialNumber, SignError> {
    let mut bytes = [0u8; 16];
    OsRng.fill_bytes(&mut bytes);
    bytes[0] &= 0x7f; // positive
    bytes[0] |= 0x01; // no leading zero
    SerialNumber::new(&bytes).map_err(|e| SignError::Certificate(e.to_string()))
}

fn spki(key: &VerifyingKey) -> Result<SubjectPublicKeyInfoOwned, SignError> {
    let der = key
        .to_public_key_der()
        .map_err(|e| SignError::Certificate(e.to_string()))?;
    SubjectPublicKeyInfoOwned::from_der(der.as_bytes())
        .map_err(|e| SignError::Certificate(e.to_string()))
}

/// A certificate authority with its private key in memory.
pub struct CertificateAuthority {
    pub certificate: Certificate,
    key: SigningKey,
}

impl CertificateAuthority {
    /// Creates a new root CA for `organization`.
    pub fn create(organization: &str) -> Result<Self, SignError> {
        let key = SigningKey::random(&mut OsRng);
        let subject = name(
            &format!("{organization} – Justera signeringscertifikat"),
            organization,
        )?;
        let validity = Validity::from_now(YEAR * CA_YEARS as u32)
            .map_err(|e| SignError::Certificate(e.to_string()))?;
        let builder = CertificateBuilder::new(
            Profile::Root,
            serial()?,
            validity,
            subject,
            spki(key.verifying_key())?,
            &key,
        )
        .map_err(|e| SignError::Certificate(e.to_string()))?;
        let certificate = builder
            .build::<DerSignature>()
            .map_err(|e| SignError::Certificate(e.to_string()))?;
        Ok(Self { certificate, key })
    }

    /// Restores a CA from its certificate (DER) and PKCS#8 private key (DER).
    pub fn from_parts(certificate_der: &[u8], key_pkcs8: &[u8]) -> Result<Self, SignError> {
        let certificate = Certificate::from_der(certificate_der)
            .map_err(|e| SignError::Certificate(e.to_string()))?;
        let key = SigningKey::from_pkcs8_der(key_pkcs8).map_err(|_| SignError::BadKey)?;
        Ok(Self { certificate, key })
    }

    pub fn key_pkcs8(&self) -> Result<Vec<u8>, SignError> {
        Ok(self
            .key
            .to_pkcs8_der()
            .map_err(|_| SignError::BadKey)?
            .as_bytes()
            .to_vec())
    }

    /// The key that signs what the CA issues (certificates, revocation lists).
    pub(crate) fn signer(&self) -> &SigningKey {
        &self.key
    }

    /// Issues a signing certificate for `verifying_key`; with `revocation_url`, the
    /// certificate names the CA's revocation list there (see [`crate::crl`]).
    pub fn issue(
        &self,
        verifying_key: &VerifyingKey,
        common_name: &str,
        organization: &str,
        revocation_url: Option<&str>,
    ) -> Result<Certificate, SignError> {
        let validity = Validity::from_now(YEAR * SIGNER_YEARS as u32)
            .map_err(|e| SignError::Certificate(e.to_string()))?;
        let builder = CertificateBuilder::new(
            Profile::Leaf {
                issuer: self.certificate.tbs_certificate.subject.clone(),
                enable_key_agreement: false,
                enable_key_encipherment: false,
            },
            serial()?,
            validity,
            name(common_name, organization)?,
            spki(verifying_key)?,
            &self.key,
        )
        .map_err(|e| SignError::Certificate(e.to_string()))?;
        let mut builder = builder;
        if let Some(url) = revocation_url {
            builder
                .add_extension(&crate::crl::distribution_point(url)?)
                .map_err(|e| SignError::Certificate(e.to_string()))?;
        }
        builder
            .build::<DerSignature>()
            .map_err(|e| SignError::Certificate(e.to_string()))
    }
}

/// DER of a certificate.
pub fn to_der(certificate: &Certificate) -> Result<Vec<u8>, SignError> {
    certificate
        .to_der()
        .map_err(|e| SignError::Certificate(e.to_string()))
}

/// PEM of a certificate, for download and for validators.
pub fn to_pem(certificate: &Certificate) -> Result<String, SignError> {
    certificate
        .to_pem(der::pem::LineEnding::LF)
        .map_err(|e| SignError::Certificate(e.to_string()))
}

/// The SHA-256 fingerprint of a certificate, as printed on the notice board
/// ("AB:CD:…").
pub fn fingerprint(certificate: &Certificate) -> Result<String, SignError> {
    let digest = Sha256::digest(to_der(certificate)?);
    Ok(digest
        .iter()
        .map(|b| format!("{b:02X}"))
        .collect::<Vec<_>>()
        .join(":"))
}

/// The certificate's common name, for display.
pub fn common_name(certificate: &Certificate) -> String {
    for rdn in certificate.tbs_certificate.subject.0.iter() {
        for atv in rdn.0.iter() {
            if atv.oid == const_oid::db::rfc4519::CN {
                if let Ok(s) = der::asn1::Utf8StringRef::try_from(&atv.value) {
                    return s.as_str().to_owned();
                }
                if let Ok(s) = der::asn1::PrintableStringRef::try_from(&atv.value) {
                    return s.as_str().to_owned();
                }
            }
        }
    }
    String::new()
}
