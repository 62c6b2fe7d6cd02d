//! The verifier fed hostile files: truncated, bit-flipped, spliced, oversized and random. It
//! must never panic, and never call a damaged file valid. (Property tests with proptest; the
//! machine has no nightly toolchain for cargo-fuzz.)
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::sync::OnceLock;

use chrono::{TimeZone, Utc};
use justera_sign::ca::CertificateAuthority;
use justera_sign::pades::{SignRequest, sign};
use justera_sign::verify::{all_ok, verify};
use p256::ecdsa::SigningKey;
use proptest::prelude::*;
use rand_core::OsRng;

struct Fixture {
    ca: CertificateAuthority,
    pdf: Vec<u8>,
}

/// The seed minutes with one signature, made once.
fn fixture() -> &'static Fixture {
    static F: OnceLock<Fixture> = OnceLock::new();
    F.get_or_init(|| {
        let ca = CertificateAuthority::create("Svenljunga kommun").unwrap();
        let created = chrono::NaiveDate::from_ymd_opt(2024, 10, 21)
            .unwrap()
            .and_hms_opt(17, 50, 0)
            .unwrap();
        let doc = justera_pdf::sample::seed().unwrap();
        let pdf = justera_pdf::Renderer::new()
            .unwrap()
            .minutes(&doc, created)
            .unwrap()
            .bytes;
        let key = SigningKey::random(&mut OsRng);
        let cert = ca
            .issue(
                key.verifying_key(),
                "Johan Björkman",
                "Svenljunga kommun",
                None,
            )
            .unwrap();
        let pdf = sign(
            &pdf,
            &SignRequest {
                key: &key,
                certificate: &cert,
                ca: &ca.certificate,
                name: "Johan Björkman".into(),
                reason: "Ordförande".into(),
                location: "Svenljunga".into(),
                time: Utc.with_ymd_and_hms(2024, 10, 21, 18, 0, 0).unwrap(),
                timestamper: None,
                visible: None,
            },
        )
        .unwrap();
        Fixture { ca, pdf }
    })
}

#[test]
fn the_untouched_file_verifies() {
    let f = fixture();
    assert!(all_ok(
        &verify(&f.pdf, std::slice::from_ref(&f.ca.certificate)).unwrap()
    ));
}

#[test]
fn oversized_and_empty_files_are_errors_not_panics() {
    let f = fixture();
    assert!(verify(&[], std::slice::from_ref(&f.ca.certificate)).is_err());
    let mut big = b"%PDF-1.7\n".to_vec();
    big.resize(25 * 1024 * 1024, b'0');
    let started = std::time::Instant::now();
    let result = verify(&big, std::slice::from_ref(&f.ca.certificate));
    assert!(result.is_err() || !all_ok(&result.unwrap()));
    assert!(
        started.elapsed().as_secs() < 20,
        "a large garbage file took too long"
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn a_truncated_file_is_never_valid(cut in 1usize..1000) {
        let f = fixture();
        let end = f.pdf.len() * cut / 1000;
        if let Ok(reports) = verify(&f.pdf[..end], std::slice::from_ref(&f.ca.certificate)) {
            prop_assert!(!all_ok(&reports));
        }
    }

    #[test]
    fn flipped_bytes_never_pass_as_the_signed_original(positions in prop::collection::vec(any::<prop::sample::Index>(), 1..4), bits in 1u8..=255) {
        let f = fixture();
        let mut pdf = f.pdf.clone();
        for p in &positions {
            let i = p.index(pdf.len());
            pdf[i] ^= bits;
        }
        if pdf != f.pdf
            && let Ok(reports) = verify(&pdf, std::slice::from_ref(&f.ca.certificate))
        {
            // A flip inside the signature's hex padding can leave it valid; anywhere else, not.
            if all_ok(&reports) {
                // The verifier accepted: the change must have been outside what is signed
                // (the /Contents placeholder's zero padding).
                let first_diff = pdf.iter().zip(&f.pdf).position(|(a, b)| a != b).unwrap();
                let contents = f.pdf.windows(10).position(|w| w == b"/Contents<").unwrap_or(0);
                prop_assert!(first_diff > contents, "a change at byte {first_diff} went unnoticed");
            }
        }
    }

    #[test]
    fn random_bytes_and_splices_are_errors_or_invalid(
        junk in prop::collection::vec(any::<u8>(), 0..4096),
        at in any::<prop::sample::Index>(),
    ) {
        let f = fixture();
        // Pure junk, junk behind a PDF header, and junk spliced into the signed file.
        let mut with_header = b"%PDF-1.7\n".to_vec();
        with_header.extend_from_slice(&junk);
        let i = at.index(f.pdf.len());
        let mut spliced = f.pdf[..i].to_vec();
        spliced.extend_from_slice(&junk);
        spliced.extend_from_slice(&f.pdf[i..]);
        for file in [junk.clone(), with_header, spliced] {
            if file == f.pdf {
                continue;
            }
            if let Ok(reports) = verify(&file, std::slice::from_ref(&f.ca.certificate)) {
                prop_assert!(!all_ok(&reports) || junk.is_empty());
            }
        }
    }
}
