//! The organization's certificate revocation list (RFC 5280 §5): every certificate whose key
//! was retired — a password reset issues a new key, a disabled account loses its key — is
//! listed from the moment it was retired. Every signer certificate names the list's address
//! in its CRL distribution point, so a validator (and the DSS of a signed protocol, PAdES
//! B-LT) can fetch it.

use std::time::{Duration, SystemTime};

use der::asn1::{BitString, Ia5String, OctetString};
use der::{Decode, Encode};
use p256::ecdsa::DerSignature;
use signature::Signer;
use spki::AlgorithmIdentifierOwned;
use x509_cert::Certificate;
use x509_cert::crl::{CertificateList, RevokedCert, TbsCertList};
use x509_cert::ext::pkix::crl::CrlDistributionPoints;
use x509_cert::ext::pkix::crl::dp::DistributionPoint;
use x509_cert::ext::pkix::name::{DistributionPointName, GeneralName};
use x509_cert::ext::pkix::{AuthorityKeyIdentifier, CrlNumber, SubjectKeyIdentifier};
use x509_cert::ext::{AsExtension, Extension};
use x509_cert::serial_number::SerialNumber;
use x509_cert::time::Time;

use crate::ca::CertificateAuthority;
use crate::error::SignError;

/// How long a published list is valid: validators fetch a new one after this. A day longer
/// than the daily refresh, so a late refresh leaves no gap.
pub const VALIDITY: Duration = Duration::from_secs(8 * 24 * 3600);

fn err(e: impl std::fmt::Display) -> SignError {
    SignError::Certificate(format!("spärrlistan: {e}"))
}

/// The CRL distribution point extension naming `url`.
pub fn distribution_point(url: &str) -> Result<CrlDistributionPoints, SignError> {
    let uri = Ia5String::new(url).map_err(|_| err(format!("ogiltig adress {url:?}")))?;
    Ok(CrlDistributionPoints(vec![DistributionPoint {
        distribution_point: Some(DistributionPointName::FullName(vec![
            GeneralName::UniformResourceIdentifier(uri),
        ])),
        reasons: None,
        crl_issuer: None,
    }]))
}

/// The addresses a certificate's CRL distribution points name.
pub fn distribution_urls(certificate: &Certificate) -> Vec<String> {
    let mut out = Vec::new();
    let Some(exts) = &certificate.tbs_certificate.extensions else {
        return out;
    };
    for e in exts {
        if e.extn_id != const_oid::db::rfc5280::ID_CE_CRL_DISTRIBUTION_POINTS {
            continue;
        }
        let Ok(points) = CrlDistributionPoints::from_der(e.extn_value.as_bytes()) else {
            continue;
        };
        for p in points.0 {
            if let Some(DistributionPointName::FullName(names)) = p.distribution_point {
                for n in names {
                    if let GeneralName::UniformResourceIdentifier(u) = n {
                        out.push(u.as_str().to_owned());
                    }
                }
            }
        }
    }
    out
}

/// The addresses the CRL distribution points of a certificate (DER) name; none for one that
/// cannot be read.
pub fn distribution_urls_der(certificate_der: &[u8]) -> Vec<String> {
    Certificate::from_der(certificate_der)
        .map(|c| distribution_urls(&c))
        .unwrap_or_default()
}

/// A certificate on the list: its serial number and when its key was retired.
pub struct Revoked {
    pub serial: SerialNumber,
    pub at: SystemTime,
}

impl Revoked {
    /// The entry for a certificate (DER) retired at `at`.
    pub fn of(certificate_der: &[u8], at: SystemTime) -> Result<Self, SignError> {
        let c = Certificate::from_der(certificate_der).map_err(err)?;
        Ok(Self {
            serial: c.tbs_certificate.serial_number,
            at,
        })
    }
}

fn time(at: SystemTime) -> Result<Time, SignError> {
    Time::try_from(at).map_err(err)
}

impl CertificateAuthority {
    /// The revocation list at `now`, numbered `number` (increasing from list to list), valid
    /// for [`VALIDITY`], signed by the CA.
    pub fn revocation_list(
        &self,
        revoked: &[Revoked],
        now: SystemTime,
        number: u64,
    ) -> Result<Vec<u8>, SignError> {
        let algorithm = AlgorithmIdentifierOwned {
            oid: const_oid::db::rfc5912::ECDSA_WITH_SHA_256,
            parameters: None,
        };
        let issuer = self.certificate.tbs_certificate.subject.clone();
        let mut extensions: Vec<Extension> = Vec::new();
        if let Some(ski) = self.subject_key_identifier() {
            let aki = AuthorityKeyIdentifier {
                key_identifier: Some(ski),
                authority_cert_issuer: None,
                authority_cert_serial_number: None,
            };
            extensions.push(aki.to_extension(&issuer, &extensions).map_err(err)?);
        }
        let crl_number = CrlNumber(der::asn1::Uint::new(&number.to_be_bytes()).map_err(err)?);
        extensions.push(crl_number.to_extension(&issuer, &extensions).map_err(err)?);
        let entries = revoked
            .iter()
            .map(|r| {
                Ok(RevokedCert {
                    serial_number: r.serial.clone(),
                    revocation_date: time(r.at)?,
                    crl_entry_extensions: None,
                })
            })
            .collect::<Result<Vec<_>, SignError>>()?;
        let tbs = TbsCertList {
            version: x509_cert::Version::V2,
            signature: algorithm.clone(),
            issuer,
            this_update: time(now)?,
            next_update: Some(time(now + VALIDITY)?),
            revoked_certificates: (!entries.is_empty()).then_some(entries),
            crl_extensions: Some(extensions),
        };
        let tbs_der = tbs.to_der().map_err(err)?;
        let signature: DerSignature = self.signer().try_sign(&tbs_der).map_err(err)?;
        let list = CertificateList {
            tbs_cert_list: tbs,
            signature_algorithm: algorithm,
            signature: BitString::from_bytes(signature.as_bytes()).map_err(err)?,
        };
        list.to_der().map_err(err)
    }

    fn subject_key_identifier(&self) -> Option<OctetString> {
        let exts = self.certificate.tbs_certificate.extensions.as_ref()?;
        exts.iter()
            .find(|e| e.extn_id == const_oid::db::rfc5280::ID_CE_SUBJECT_KEY_IDENTIFIER)
            .and_then(|e| SubjectKeyIdentifier::from_der(e.extn_value.as_bytes()).ok())
            .map(|s| s.0)
    }
}
