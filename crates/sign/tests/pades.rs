//! PAdES signatures end to end: three signers on the seed minutes, Justera's verifier, pyHanko,
//! pdfsig and the PDF/A checks, and the tamper cases that must fail.
//! External validators skip loudly when missing unless `JUSTERA_REQUIRE_PDF_TOOLS=1` (CI).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::{TimeZone, Utc};
use justera_sign::ca::{CertificateAuthority, to_pem};
use justera_sign::pades::{SignRequest, sign};
use justera_sign::timestamp::HttpTsa;
use justera_sign::verify::{Coverage, all_ok, verify};
use lopdf::{Document, IncrementalDocument, Object, Stream};
use p256::ecdsa::SigningKey;
use rand_core::OsRng;

const ORG: &str = "Svenljunga kommun";
const SIGNERS: [(&str, &str); 3] = [
    ("Alexandra Skoog", "Sekreterare"),
    ("Johan Björkman", "Ordförande"),
    ("Patrik Harrysson", "Justerare"),
];

fn required() -> bool {
    std::env::var("JUSTERA_REQUIRE_PDF_TOOLS").is_ok_and(|v| v == "1")
}

fn tool(name: &str) -> bool {
    let ok = Command::new(name).arg("--help").output().is_ok();
    if !ok {
        assert!(
            !required(),
            "{name} is required (JUSTERA_REQUIRE_PDF_TOOLS=1)"
        );
        eprintln!("\n!!! SKIPPING a signature check: {name} is not installed !!!\n");
    }
    ok
}

struct Signed {
    ca: CertificateAuthority,
    revisions: Vec<Vec<u8>>,
}

fn signed_seed() -> Signed {
    let ca = CertificateAuthority::create(ORG).unwrap();
    let doc = justera_pdf::sample::seed().unwrap();
    let created = chrono::NaiveDate::from_ymd_opt(2024, 10, 21)
        .unwrap()
        .and_hms_opt(17, 50, 0)
        .unwrap();
    let mut pdf = justera_pdf::Renderer::new()
        .unwrap()
        .minutes(&doc, created)
        .unwrap()
        .bytes;
    let mut revisions = vec![pdf.clone()];
    for (i, (name, role)) in SIGNERS.iter().enumerate() {
        let key = SigningKey::random(&mut OsRng);
        let cert = ca.issue(key.verifying_key(), name, ORG, None).unwrap();
        pdf = sign(
            &pdf,
            &SignRequest {
                key: &key,
                certificate: &cert,
                ca: &ca.certificate,
                name: (*name).to_owned(),
                reason: (*role).to_owned(),
                location: ORG.to_owned(),
                time: Utc.with_ymd_and_hms(2024, 10, 21, 18, i as u32, 0).unwrap(),
                timestamper: None,
                visible: None,
            },
        )
        .unwrap();
        revisions.push(pdf.clone());
    }
    Signed { ca, revisions }
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

/// pyHanko's per-signature summary lines, or None when pyHanko is missing.
fn pyhanko(dir: &Path, pdf: &Path, ca: &Path) -> Option<(bool, String)> {
    if !tool("pyhanko") {
        return None;
    }
    let out = Command::new("pyhanko")
        .args(["sign", "validate", "--trust"])
        .arg(ca)
        .args(["--trust-replace", "--no-revocation-check"])
        .arg(pdf)
        .current_dir(dir)
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    Some((out.status.success(), text))
}

fn replace_once(bytes: &[u8], from: &[u8], to: &[u8], after: usize) -> Vec<u8> {
    assert_eq!(from.len(), to.len());
    let pos = bytes[after..]
        .windows(from.len())
        .position(|w| w == from)
        .map(|p| p + after)
        .expect("pattern present");
    let mut out = bytes.to_vec();
    out[pos..pos + to.len()].copy_from_slice(to);
    out
}

#[test]
fn three_signatures_verify_everywhere() {
    let s = signed_seed();
    let pdf = s.revisions.last().unwrap();
    let reports = verify(pdf, std::slice::from_ref(&s.ca.certificate)).unwrap();
    assert_eq!(reports.len(), 3);
    assert!(all_ok(&reports), "{reports:?}");
    let names: Vec<&str> = reports.iter().map(|r| r.signer.as_str()).collect();
    assert_eq!(
        names,
        ["Alexandra Skoog", "Johan Björkman", "Patrik Harrysson"]
    );
    let reasons: Vec<&str> = reports.iter().map(|r| r.reason.as_str()).collect();
    assert_eq!(reasons, ["Sekreterare", "Ordförande", "Justerare"]);
    assert_eq!(reports[0].coverage, Coverage::Revision);
    assert_eq!(reports[0].revision_end, s.revisions[1].len());
    assert_eq!(reports[2].coverage, Coverage::WholeFile);
    assert_eq!(reports[1].time, "D:20241021180100+00'00'");

    // Another organization's CA does not vouch for these signers.
    let other = CertificateAuthority::create("Annan kommun").unwrap();
    let reports = verify(pdf, std::slice::from_ref(&other.certificate)).unwrap();
    assert!(reports.iter().all(|r| r.valid && !r.trusted));

    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "signed.pdf", pdf);
    let ca = write(
        dir.path(),
        "ca.pem",
        to_pem(&s.ca.certificate).unwrap().as_bytes(),
    );
    if let Some((ok, text)) = pyhanko(dir.path(), &file, &ca) {
        assert!(ok, "{text}");
        let lines: Vec<&str> = text.lines().filter(|l| l.starts_with("Signatur")).collect();
        assert_eq!(lines.len(), 3, "{text}");
        assert!(
            lines[0].contains("INTACT:TRUSTED") && lines[0].contains("FORM_FILLING"),
            "{text}"
        );
        assert!(
            lines[1].contains("INTACT:TRUSTED") && lines[1].contains("FORM_FILLING"),
            "{text}"
        );
        assert!(lines[2].contains("INTACT:TRUSTED,UNTOUCHED"), "{text}");
    }
    if tool("pdfsig") && tool("certutil") {
        let nss = dir.path().join("nss");
        std::fs::create_dir(&nss).unwrap();
        let db = format!("sql:{}", nss.display());
        let run = |args: &[&str]| Command::new("certutil").args(args).output().unwrap();
        assert!(run(&["-N", "-d", &db, "--empty-password"]).status.success());
        let ca_s = ca.display().to_string();
        assert!(
            run(&["-A", "-d", &db, "-n", "ca", "-t", "CT,C,C", "-i", &ca_s])
                .status
                .success()
        );
        let out = Command::new("pdfsig")
            .args(["-nssdir", &db])
            .arg(&file)
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert_eq!(text.matches("Signature is Valid.").count(), 3, "{text}");
        assert_eq!(text.matches("Certificate is Trusted.").count(), 3, "{text}");
        assert!(text.contains("Total document signed"));
    }
    // The signed file is still PDF/A-2a and PDF/UA-1.
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/pdf/check_pdf.py");
    if let Ok(out) = Command::new("python3").arg(script).arg(&file).output() {
        if out.status.code() == Some(3) {
            assert!(!required(), "PDF tools missing");
        } else {
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stdout)
            );
        }
    }
}

#[test]
fn a_changed_byte_in_the_first_revision_breaks_every_signature() {
    let s = signed_seed();
    let pdf = s.revisions.last().unwrap();
    // The document title sits in the first revision, covered by all three signatures.
    let tampered = replace_once(
        pdf,
        b"Protokoll Kommunstyrelsen",
        b"Protokoll Kommunstyrelsex",
        0,
    );
    let reports = verify(&tampered, std::slice::from_ref(&s.ca.certificate)).unwrap();
    assert_eq!(reports.len(), 3);
    assert!(reports.iter().all(|r| !r.valid), "{reports:?}");
    assert!(reports[0].problems[0].contains("ändrats efter signeringen"));
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "t.pdf", &tampered);
    let ca = write(
        dir.path(),
        "ca.pem",
        to_pem(&s.ca.certificate).unwrap().as_bytes(),
    );
    if let Some((ok, text)) = pyhanko(dir.path(), &file, &ca) {
        assert!(!ok, "pyHanko accepted a tampered file: {text}");
    }
}

#[test]
fn a_changed_byte_in_the_last_revision_breaks_only_the_last_signature() {
    let s = signed_seed();
    let pdf = s.revisions.last().unwrap();
    let start = s.revisions[2].len();
    let tampered = replace_once(pdf, b"Justerare", b"Justerarf", start);
    let reports = verify(&tampered, std::slice::from_ref(&s.ca.certificate)).unwrap();
    assert!(reports[0].valid && reports[1].valid, "{reports:?}");
    assert!(!reports[2].valid);
    assert!(!all_ok(&reports));
}

#[test]
fn content_drawn_after_signing_is_detected() {
    let s = signed_seed();
    let pdf = s.revisions.last().unwrap().clone();
    // An incremental update that draws on page 1: a new content stream appended to the page.
    let doc = Document::load_mem(&pdf).unwrap();
    let page_id = *doc.get_pages().values().next().unwrap();
    let mut inc = IncrementalDocument::create_from(pdf.clone(), doc);
    let stream_id = inc.new_document.add_object(Stream::new(
        lopdf::Dictionary::new(),
        b"q 1 0 0 RG 5 w 100 100 m 400 400 l S Q".to_vec(),
    ));
    inc.opt_clone_object_to_new_document(page_id).unwrap();
    let page = inc.new_document.get_dictionary_mut(page_id).unwrap();
    let contents = page.get(b"Contents").unwrap().clone();
    let mut list = match contents {
        Object::Array(a) => a,
        other => vec![other],
    };
    list.push(Object::Reference(stream_id));
    page.set("Contents", Object::Array(list));
    let mut out = Vec::new();
    inc.save_to(&mut out).unwrap();

    let reports = verify(&out, std::slice::from_ref(&s.ca.certificate)).unwrap();
    assert_eq!(reports.len(), 3);
    // The signatures themselves still verify; what follows them is not only signatures.
    assert!(reports.iter().all(|r| r.valid));
    assert!(
        reports.iter().all(|r| !r.changes_after.is_empty()),
        "{reports:?}"
    );
    assert!(!all_ok(&reports));
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "drawn.pdf", &out);
    let ca = write(
        dir.path(),
        "ca.pem",
        to_pem(&s.ca.certificate).unwrap().as_bytes(),
    );
    if let Some((_, text)) = pyhanko(dir.path(), &file, &ca) {
        let lines: Vec<&str> = text.lines().filter(|l| l.starts_with("Signatur")).collect();
        assert!(!lines.is_empty(), "{text}");
        for l in lines {
            assert!(
                !l.contains("UNTOUCHED") && !l.contains("ACCEPTABLE_MODIFICATIONS"),
                "{l}"
            );
        }
    }
}

#[test]
fn unsigned_and_garbage_files() {
    let s = signed_seed();
    assert!(
        verify(&s.revisions[0], std::slice::from_ref(&s.ca.certificate))
            .unwrap()
            .is_empty()
    );
    assert!(verify(b"not a pdf", std::slice::from_ref(&s.ca.certificate)).is_err());
    let truncated = &s.revisions[3][..s.revisions[3].len() / 2];
    // A truncated file is either unreadable or reports invalid signatures; never a panic.
    if let Ok(reports) = verify(truncated, std::slice::from_ref(&s.ca.certificate)) {
        assert!(!all_ok(&reports));
    }
}

#[path = "support/tsa.rs"]
mod tsa;

#[test]
fn a_timestamped_signature_verifies_here_and_in_pyhanko() {
    let Some(local) = tsa::start() else { return };
    let ca = CertificateAuthority::create(ORG).unwrap();
    let doc = justera_pdf::sample::seed().unwrap();
    let created = chrono::NaiveDate::from_ymd_opt(2024, 10, 21)
        .unwrap()
        .and_hms_opt(17, 50, 0)
        .unwrap();
    let pdf = justera_pdf::Renderer::new()
        .unwrap()
        .minutes(&doc, created)
        .unwrap()
        .bytes;
    let key = SigningKey::random(&mut OsRng);
    let cert = ca
        .issue(key.verifying_key(), "Johan Björkman", ORG, None)
        .unwrap();
    let http = HttpTsa::new(&local.url).unwrap();
    let before = Utc::now() - chrono::Duration::seconds(5);
    let signed = sign(
        &pdf,
        &SignRequest {
            key: &key,
            certificate: &cert,
            ca: &ca.certificate,
            name: "Johan Björkman".into(),
            reason: "Ordförande".into(),
            location: ORG.into(),
            time: Utc::now(),
            timestamper: Some(&http),
            visible: None,
        },
    )
    .unwrap();
    let reports = verify(&signed, std::slice::from_ref(&ca.certificate)).unwrap();
    assert!(all_ok(&reports), "{reports:?}");
    let stamp = reports[0].timestamp.as_ref().expect("a time-stamp");
    assert!(stamp.valid, "{stamp:?}");
    assert_eq!(stamp.authority, "Justera test-TSA");
    assert!(stamp.time >= before && stamp.time <= Utc::now() + chrono::Duration::seconds(5));

    // A signature without a TSA has no time-stamp.
    let plain = signed_seed();
    let reports = verify(
        plain.revisions.last().unwrap(),
        std::slice::from_ref(&plain.ca.certificate),
    )
    .unwrap();
    assert!(reports.iter().all(|r| r.timestamp.is_none()));

    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "stamped.pdf", &signed);
    let ca_pem = write(
        dir.path(),
        "ca.pem",
        to_pem(&ca.certificate).unwrap().as_bytes(),
    );
    if tool("pyhanko") {
        let out = Command::new("pyhanko")
            .args(["sign", "validate", "--pretty-print", "--trust"])
            .arg(&ca_pem)
            .arg("--trust")
            .arg(&local.root)
            .args(["--trust-replace", "--no-revocation-check"])
            .arg(&file)
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout).to_string();
        assert!(
            out.status.success(),
            "{text}{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            text.contains("The signature is cryptographically sound"),
            "{text}"
        );
        assert!(
            text.contains("The timestamp token is cryptographically sound"),
            "{text}"
        );
        assert!(text.contains("The TSA certificate is trusted"), "{text}");
        assert!(text.contains("The signature is judged VALID"), "{text}");
    }
}

#[test]
fn an_unreachable_tsa_stops_the_signature_with_a_clear_error() {
    // A port nobody listens on.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/tsr", listener.local_addr().unwrap());
    drop(listener);
    let ca = CertificateAuthority::create(ORG).unwrap();
    let key = SigningKey::random(&mut OsRng);
    let cert = ca
        .issue(key.verifying_key(), "Johan Björkman", ORG, None)
        .unwrap();
    let http = HttpTsa::new(&url).unwrap();
    let pdf = justera_pdf::Renderer::new()
        .unwrap()
        .minutes(
            &justera_pdf::sample::seed().unwrap(),
            chrono::NaiveDate::from_ymd_opt(2024, 10, 21)
                .unwrap()
                .and_hms_opt(17, 50, 0)
                .unwrap(),
        )
        .unwrap()
        .bytes;
    let err = sign(
        &pdf,
        &SignRequest {
            key: &key,
            certificate: &cert,
            ca: &ca.certificate,
            name: "Johan Björkman".into(),
            reason: "Ordförande".into(),
            location: ORG.into(),
            time: Utc::now(),
            timestamper: Some(&http),
            visible: None,
        },
    )
    .unwrap_err()
    .to_string();
    assert!(
        err.contains("tidsstämplingstjänsten") && err.contains("svarade inte"),
        "{err}"
    );
}
