//! The CA's revocation list: signed by the CA, listing exactly the certificates given, named by
//! the certificates it issues (read back with x509-cert and checked with openssl).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::time::{Duration, SystemTime};

use der::Decode;
use justera_sign::ca::{CertificateAuthority, to_der};
use justera_sign::crl::{Revoked, VALIDITY, distribution_urls};
use p256::ecdsa::SigningKey;
use x509_cert::crl::CertificateList;

const ORG: &str = "Svenljunga kommun";
const URL: &str = "https://protokoll.example.se/anslagstavla/ca/x.crl";

#[test]
fn the_list_names_the_retired_certificates_and_is_signed_by_the_ca() {
    let ca = CertificateAuthority::create(ORG).unwrap();
    let keys: Vec<SigningKey> = (0..3)
        .map(|_| SigningKey::random(&mut rand_core::OsRng))
        .collect();
    let certs: Vec<_> = keys
        .iter()
        .map(|k| {
            ca.issue(k.verifying_key(), "Johan Björkman", ORG, Some(URL))
                .unwrap()
        })
        .collect();
    assert_eq!(distribution_urls(&certs[0]), vec![URL.to_owned()]);
    let plain = ca
        .issue(keys[0].verifying_key(), "Johan Björkman", ORG, None)
        .unwrap();
    assert!(distribution_urls(&plain).is_empty());

    let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_790_000_000);
    let retired = now - Duration::from_secs(3600);
    let revoked: Vec<Revoked> = certs[..2]
        .iter()
        .map(|c| Revoked::of(&to_der(c).unwrap(), retired).unwrap())
        .collect();
    let der = ca.revocation_list(&revoked, now, 42).unwrap();
    let list = CertificateList::from_der(&der).unwrap();
    let tbs = &list.tbs_cert_list;
    assert_eq!(tbs.issuer, ca.certificate.tbs_certificate.subject);
    let listed: Vec<_> = tbs
        .revoked_certificates
        .as_ref()
        .unwrap()
        .iter()
        .map(|r| r.serial_number.clone())
        .collect();
    assert_eq!(listed.len(), 2);
    assert!(listed.contains(&certs[0].tbs_certificate.serial_number));
    assert!(listed.contains(&certs[1].tbs_certificate.serial_number));
    assert!(!listed.contains(&certs[2].tbs_certificate.serial_number));
    let this: SystemTime = tbs.this_update.into();
    let next: SystemTime = tbs.next_update.unwrap().into();
    assert_eq!(this, now);
    assert_eq!(next, now + VALIDITY);

    // An empty list has no entries at all (not an empty sequence), and openssl accepts both
    // as signed by the CA.
    let empty = ca.revocation_list(&[], now, 43).unwrap();
    assert!(
        CertificateList::from_der(&empty)
            .unwrap()
            .tbs_cert_list
            .revoked_certificates
            .is_none()
    );
    let dir = tempfile::tempdir().unwrap();
    let pem = dir.path().join("ca.pem");
    std::fs::write(&pem, justera_sign::ca::to_pem(&ca.certificate).unwrap()).unwrap();
    for (name, bytes) in [("full.crl", &der), ("empty.crl", &empty)] {
        let (ok, text) = openssl_verify(dir.path(), name, bytes, &pem);
        assert!(ok && text.contains("verify OK"), "{name}: {text}");
    }
    // Another CA's list does not verify against this CA.
    let other = CertificateAuthority::create("Annan kommun").unwrap();
    let foreign = other.revocation_list(&[], now, 1).unwrap();
    let (_, text) = openssl_verify(dir.path(), "foreign.crl", &foreign, &pem);
    assert!(!text.contains("verify OK"), "{text}");
    assert!(der.len() > empty.len());
}

/// `openssl crl -CAfile` on `bytes` written to `dir/name`: whether it succeeded, and what it said.
fn openssl_verify(
    dir: &std::path::Path,
    name: &str,
    bytes: &[u8],
    ca_pem: &std::path::Path,
) -> (bool, String) {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    let out = std::process::Command::new("openssl")
        .args(["crl", "-inform", "DER", "-in"])
        .arg(&path)
        .arg("-CAfile")
        .arg(ca_pem)
        .arg("-noout")
        .output()
        .unwrap();
    let text =
        String::from_utf8_lossy(&out.stderr).into_owned() + &String::from_utf8_lossy(&out.stdout);
    (out.status.success(), text)
}
