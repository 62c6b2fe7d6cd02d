//! The validation data after each signature (PAdES B-LT): the chain and the CA's revocation
//! list in the DSS; Justera's verifier reports B-LT for a time-stamped signature, accepts the
//! update as validation data and nothing else, and pyHanko classes it as an LTV update.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

#[path = "support/tsa.rs"]
mod tsa;

use std::process::Command;
use std::time::SystemTime;

use chrono::Utc;
use justera_sign::ca::{CertificateAuthority, to_der, to_pem};
use justera_sign::dss;
use justera_sign::pades::{SignRequest, sign};
use justera_sign::timestamp::{HttpTsa, Timestamper};
use justera_sign::verify::{Level, all_ok, verify};
use lopdf::{Dictionary, Document, IncrementalDocument, Object, Stream};
use p256::ecdsa::SigningKey;
use rand_core::OsRng;

const ORG: &str = "Svenljunga kommun";
const URL: &str = "https://protokoll.example.se/anslagstavla/ca/x.crl";

fn minutes() -> Vec<u8> {
    let doc = justera_pdf::sample::seed().unwrap();
    let created = chrono::NaiveDate::from_ymd_opt(2024, 10, 21)
        .unwrap()
        .and_hms_opt(17, 50, 0)
        .unwrap();
    justera_pdf::Renderer::new()
        .unwrap()
        .minutes(&doc, created)
        .unwrap()
        .bytes
}

/// Signs `pdf` as `name` and follows the signature with its validation data, as Justera does.
fn sign_lt(
    ca: &CertificateAuthority,
    pdf: &[u8],
    name: &str,
    tsa: Option<&dyn Timestamper>,
) -> Vec<u8> {
    let key = SigningKey::random(&mut OsRng);
    let cert = ca.issue(key.verifying_key(), name, ORG, Some(URL)).unwrap();
    let signed = sign(
        pdf,
        &SignRequest {
            key: &key,
            certificate: &cert,
            ca: &ca.certificate,
            name: name.into(),
            reason: "Justerare".into(),
            location: ORG.into(),
            time: Utc::now(),
            timestamper: tsa,
            visible: None,
        },
    )
    .unwrap();
    let crl = ca.revocation_list(&[], SystemTime::now(), 7).unwrap();
    dss::add(
        &signed,
        &[to_der(&cert).unwrap(), to_der(&ca.certificate).unwrap()],
        &[crl],
    )
    .unwrap()
}

#[test]
fn a_time_stamped_signature_with_its_validation_data_is_b_lt() {
    let Some(local) = tsa::start() else { return };
    let http = HttpTsa::new(&local.url).unwrap();
    let ca = CertificateAuthority::create(ORG).unwrap();
    let first = sign_lt(&ca, &minutes(), "Johan Björkman", Some(&http));
    let reports = verify(&first, std::slice::from_ref(&ca.certificate)).unwrap();
    assert!(all_ok(&reports), "{reports:?}");
    assert_eq!(reports[0].level, Level::BLT, "{reports:?}");
    assert!(reports[0].revocation_in_file);
    // The same data again adds nothing.
    let crl_again = dss::add(&first, &[to_der(&ca.certificate).unwrap()], &[]).unwrap();
    assert_eq!(crl_again, first);
    // A second signature after the first one's DSS: both verify, both B-LT.
    let second = sign_lt(&ca, &first, "Patrik Harrysson", Some(&http));
    let reports = verify(&second, std::slice::from_ref(&ca.certificate)).unwrap();
    assert!(all_ok(&reports), "{reports:?}");
    assert!(reports.iter().all(|r| r.level == Level::BLT), "{reports:?}");

    // A document time-stamp over all of it: B-LTA.
    let lta = justera_sign::doctimestamp::add(&second, &http).unwrap();
    let reports = verify(&lta, std::slice::from_ref(&ca.certificate)).unwrap();
    assert!(all_ok(&reports), "{reports:?}");
    assert!(
        reports.iter().all(|r| r.level == Level::BLTA),
        "{reports:?}"
    );
    // Validation data and a signature may follow it; the time-stamp still covers the two.
    let third = sign_lt(&ca, &lta, "Alexandra Skoog", Some(&http));
    let reports = verify(&third, std::slice::from_ref(&ca.certificate)).unwrap();
    assert!(all_ok(&reports), "{reports:?}");
    assert_eq!(
        reports.iter().map(|r| r.level).collect::<Vec<_>>(),
        [Level::BLTA, Level::BLTA, Level::BLT]
    );
    if let Some((ok, text)) = ltv_in_pyhanko(&lta, &ca, &local.root, 0) {
        assert!(ok, "{text}");
        // Without the document time-stamp nothing proves the validation data existed then.
        let (ok, text) = ltv_in_pyhanko(&second, &ca, &local.root, 0).unwrap();
        assert!(!ok && text.contains("NO_POE"), "{text}");
    }
    // Eight years on every signer certificate (five years) has expired: the signatures still
    // validate on the validation data and the time-stamps in the file.
    if let Some((ok, text)) = ltv_in_pyhanko(&lta, &ca, &local.root, 8) {
        assert!(ok, "{text}");
    }

    // pyHanko: intact and trusted, the DSS an LTV update and not an edit.
    let dir = tempfile::tempdir().unwrap();
    if let Ok(out) = std::env::var("JUSTERA_LT_OUT") {
        std::fs::write(format!("{out}/lt.pdf"), &second).unwrap();
        std::fs::write(format!("{out}/lta.pdf"), &lta).unwrap();
        std::fs::write(format!("{out}/ca.pem"), to_pem(&ca.certificate).unwrap()).unwrap();
        std::fs::copy(&local.root, format!("{out}/tsa-root.pem")).unwrap();
    }
    std::fs::write(dir.path().join("lt.pdf"), &second).unwrap();
    std::fs::write(dir.path().join("ca.pem"), to_pem(&ca.certificate).unwrap()).unwrap();
    let out = Command::new("pyhanko")
        .args(["sign", "validate", "--trust", "ca.pem", "--trust"])
        .arg(&local.root)
        .args(["--trust-replace", "--no-revocation-check", "lt.pdf"])
        .current_dir(dir.path())
        .output();
    match out {
        Ok(out) => {
            let text = String::from_utf8_lossy(&out.stdout).into_owned()
                + &String::from_utf8_lossy(&out.stderr);
            assert!(out.status.success(), "{text}");
            let lines: Vec<&str> = text.lines().filter(|l| l.contains("INTACT")).collect();
            assert_eq!(lines.len(), 2, "{text}");
            assert!(lines.iter().all(|l| l.contains("INTACT:TRUSTED")), "{text}");
            assert!(lines[1].contains("EXTENDED_WITH_LTA_UPDATES"), "{text}");
        }
        Err(_) => assert!(
            std::env::var("JUSTERA_REQUIRE_PDF_TOOLS").map_or(true, |v| v != "1"),
            "pyhanko is required"
        ),
    }
}

/// pyHanko's AdES long-term validation (tests/pdf/ltv_check.py) `years` from now: offline,
/// revocation data only from the file, a CRL required for every signer certificate.
fn ltv_in_pyhanko(
    pdf: &[u8],
    ca: &CertificateAuthority,
    tsa_root: &std::path::Path,
    years: u32,
) -> Option<(bool, String)> {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("lta.pdf"), pdf).unwrap();
    std::fs::write(dir.path().join("ca.pem"), to_pem(&ca.certificate).unwrap()).unwrap();
    let script =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/pdf/ltv_check.py");
    let out = Command::new("python3")
        .arg(script)
        .arg("lta.pdf")
        .args(["--trust", "ca.pem", "--tsa-trust"])
        .arg(tsa_root)
        .args(["--years", &years.to_string()])
        .current_dir(dir.path())
        .output()
        .unwrap();
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    if text.contains("No module named 'pyhanko") {
        assert!(
            std::env::var("JUSTERA_REQUIRE_PDF_TOOLS").map_or(true, |v| v != "1"),
            "pyhanko is required: {text}"
        );
        return None;
    }
    Some((out.status.success(), text))
}

/// Replaces the DSS the last update added with `edit` applied to it, as a further update.
fn tamper(pdf: &[u8], edit: impl FnOnce(&mut IncrementalDocument, lopdf::ObjectId)) -> Vec<u8> {
    let doc = Document::load_mem(pdf).unwrap();
    let root = doc.trailer.get(b"Root").unwrap().as_reference().unwrap();
    let mut inc = IncrementalDocument::create_from(pdf.to_vec(), doc);
    edit(&mut inc, root);
    let mut out = Vec::new();
    inc.save_to(&mut out).unwrap();
    out
}

#[test]
fn only_validation_data_passes_as_validation_data() {
    let ca = CertificateAuthority::create(ORG).unwrap();
    let lt = sign_lt(&ca, &minutes(), "Johan Björkman", None);
    let cas = std::slice::from_ref(&ca.certificate);
    assert!(all_ok(&verify(&lt, cas).unwrap()));
    // Without a time-stamp the level stays B-B, whatever the DSS holds.
    assert_eq!(verify(&lt, cas).unwrap()[0].level, Level::BB);

    // A "DSS" whose array lists something that is drawn (an image XObject).
    let image = tamper(&lt, |inc, root| {
        let mut d = Dictionary::new();
        d.set("Type", Object::Name(b"XObject".to_vec()));
        d.set("Subtype", Object::Name(b"Image".to_vec()));
        let img = inc.new_document.add_object(Stream::new(d, vec![0; 16]));
        let mut store = Dictionary::new();
        store.set("Type", Object::Name(b"DSS".to_vec()));
        store.set("Certs", Object::Array(vec![Object::Reference(img)]));
        let id = inc.new_document.add_object(store);
        inc.opt_clone_object_to_new_document(root).unwrap();
        inc.new_document
            .get_dictionary_mut(root)
            .unwrap()
            .set("DSS", Object::Reference(id));
    });
    let r = verify(&image, cas).unwrap();
    assert!(!all_ok(&r), "{r:?}");
    assert!(
        r[0].changes_after.iter().any(|c| c.contains("lagts till")),
        "{r:?}"
    );

    // A DSS with a key of its own choosing.
    let odd = tamper(&lt, |inc, root| {
        let mut store = Dictionary::new();
        store.set("Type", Object::Name(b"DSS".to_vec()));
        store.set("OpenAction", Object::Name(b"JavaScript".to_vec()));
        let id = inc.new_document.add_object(store);
        inc.opt_clone_object_to_new_document(root).unwrap();
        inc.new_document
            .get_dictionary_mut(root)
            .unwrap()
            .set("DSS", Object::Reference(id));
    });
    assert!(!all_ok(&verify(&odd, cas).unwrap()));

    // Cut anywhere after the signature's own revision: valid only where a whole revision ends.
    let end = verify(&lt, cas).unwrap()[0].revision_end;
    for cut in (end + 1..lt.len()).step_by(37) {
        let cut_file = &lt[..cut];
        if let Ok(r) = verify(cut_file, cas)
            && all_ok(&r)
        {
            let tail = String::from_utf8_lossy(&cut_file[cut_file.len().saturating_sub(8)..]);
            assert!(tail.trim_end().ends_with("%%EOF"), "cut at {cut}: {r:?}");
        }
    }

    // A "document time-stamp" whose token is not one.
    let fake = tamper(&lt, |inc, _| {
        let mut d = Dictionary::new();
        d.set("Type", Object::Name(b"DocTimeStamp".to_vec()));
        d.set(
            "ByteRange",
            Object::Array(vec![0.into(), 10.into(), 20.into(), 10.into()]),
        );
        d.set(
            "Contents",
            Object::String(vec![0x30, 0x03, 1, 2, 3], lopdf::StringFormat::Hexadecimal),
        );
        inc.new_document.add_object(d);
    });
    let r = verify(&fake, cas).unwrap();
    assert!(!all_ok(&r), "{r:?}");

    // The catalog changed in another key in the same update.
    let lang = tamper(&lt, |inc, root| {
        inc.opt_clone_object_to_new_document(root).unwrap();
        inc.new_document
            .get_dictionary_mut(root)
            .unwrap()
            .set("Lang", Object::string_literal("en"));
    });
    assert!(!all_ok(&verify(&lang, cas).unwrap()));
}
