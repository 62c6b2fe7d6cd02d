//! The hostile corpus against the verifier in-process: every bomb is refused with a Swedish
//! reason, no forgery verifies, nothing panics, and the process's peak memory stays bounded.
//! (One test, so that the peak belongs to it alone.)
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

#[path = "support/corpus.rs"]
mod corpus;

use chrono::{TimeZone, Utc};
use justera_sign::SignError;
use justera_sign::ca::CertificateAuthority;
use justera_sign::pades::{SignRequest, sign};
use justera_sign::verify::{all_ok, verify};
use p256::ecdsa::SigningKey;
use rand_core::OsRng;

fn peak_rss_mb() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let line = status.lines().find(|l| l.starts_with("VmHWM:")).unwrap();
    line.split_whitespace()
        .nth(1)
        .unwrap()
        .parse::<u64>()
        .unwrap()
        / 1024
}

fn signed(ca: &CertificateAuthority, reason: &str, pdf: &[u8]) -> Vec<u8> {
    let key = SigningKey::random(&mut OsRng);
    let cert = ca
        .issue(
            key.verifying_key(),
            "Johan Björkman",
            "Svenljunga kommun",
            None,
        )
        .unwrap();
    sign(
        pdf,
        &SignRequest {
            key: &key,
            certificate: &cert,
            ca: &ca.certificate,
            name: "Johan Björkman".into(),
            reason: reason.into(),
            location: "Svenljunga".into(),
            time: Utc.with_ymd_and_hms(2024, 10, 21, 18, 0, 0).unwrap(),
            timestamper: None,
            visible: None,
        },
    )
    .unwrap()
}

#[test]
fn the_hostile_corpus_is_refused_within_bounded_memory() {
    let ca = CertificateAuthority::create("Svenljunga kommun").unwrap();
    let cas = std::slice::from_ref(&ca.certificate);
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
    let once = signed(&ca, "Sekreterare", &pdf);
    let twice = signed(&ca, "Ordförande", &once);
    let reports = verify(&twice, cas).unwrap();
    assert!(all_ok(&reports), "{reports:?}");
    assert_eq!(reports[1].reason, "Ordförande");
    let baseline = peak_rss_mb();

    for case in corpus::bombs() {
        match verify(&case.bytes, cas) {
            Err(SignError::Unreadable(why)) => {
                assert!(
                    why.starts_with("filen "),
                    "{}: a Swedish reason, got {why}",
                    case.name
                );
            }
            Err(other) => panic!("{}: refused as {other:?}", case.name),
            Ok(reports) => assert!(!all_ok(&reports), "{} verified", case.name),
        }
    }
    let mut refused_complex = 0;
    for case in corpus::bombs() {
        if let Err(SignError::Unreadable(why)) = verify(&case.bytes, cas)
            && (why.contains("inte kan kontrolleras här") || why.contains("komprimerade"))
        {
            refused_complex += 1;
        }
    }
    assert!(refused_complex >= 8, "{refused_complex}");

    for case in corpus::forgeries(&twice) {
        if let Ok(reports) = verify(&case.bytes, cas) {
            assert!(!all_ok(&reports), "{} verified: {reports:?}", case.name);
            // A role or time not covered by the signature is never reported as the signer's
            // on a valid, unproblematic signature.
            for r in &reports {
                if r.reason == "Kommunchef" || r.time.starts_with("D:2020") {
                    assert!(!r.is_ok(), "{}: forged role reported as valid", case.name);
                }
            }
        }
    }
    let peak = peak_rss_mb();
    eprintln!("peak RSS: {baseline} MB before the corpus, {peak} MB after");
    assert!(
        peak <= baseline.max(64) + 256,
        "peak RSS {peak} MB (baseline {baseline} MB)"
    );
}
