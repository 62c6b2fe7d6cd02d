//! Signing benchmarks (release): `cargo bench -p justera-sign --bench signing`.
//! Targets: one signature on the 40-page protocol with its appearance and DSS ≤ 15 ms;
//! verifying a three-signature 40-page protocol with its validation data ≤ 40 ms; password
//! hashing 50–250 ms.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use chrono::{TimeZone, Utc};
use criterion::{Criterion, criterion_group, criterion_main};
use justera_sign::ca::CertificateAuthority;
use justera_sign::pades::{SignRequest, sign};
use justera_sign::passwords::{LOGIN_PARAMS, hash};
use justera_sign::verify::verify;
use p256::ecdsa::SigningKey;
use rand_core::OsRng;

fn bench(c: &mut Criterion) {
    let ca = CertificateAuthority::create("Svenljunga kommun").unwrap();
    let doc = justera_pdf::sample::long_protocol(40, 2).unwrap();
    let created = chrono::NaiveDate::from_ymd_opt(2024, 10, 21)
        .unwrap()
        .and_hms_opt(17, 50, 0)
        .unwrap();
    let renderer = justera_pdf::Renderer::new().unwrap();
    let rendered = renderer.minutes(&doc, created).unwrap();
    let unsigned = rendered.bytes.clone();
    // As frozen for signing: a field per signer (issue 16).
    let places: Vec<justera_sign::fields::FieldPlace> = rendered
        .signature_slots
        .iter()
        .map(|s| justera_sign::fields::FieldPlace {
            name: s.field.clone(),
            page: s.page,
            rect: s.rect,
        })
        .collect();
    let with_fields = justera_sign::fields::add_signature_fields(&unsigned, &places).unwrap();
    let signers: Vec<(SigningKey, x509_cert::Certificate, &str)> =
        ["Alexandra Skoog", "Johan Björkman", "Patrik Harrysson"]
            .iter()
            .map(|n| {
                let k = SigningKey::random(&mut OsRng);
                let cert = ca
                    .issue(k.verifying_key(), n, "Svenljunga kommun", None)
                    .unwrap();
                (k, cert, *n)
            })
            .collect();
    let request = |i: usize| SignRequest {
        key: &signers[i].0,
        certificate: &signers[i].1,
        ca: &ca.certificate,
        name: signers[i].2.to_owned(),
        reason: "Justerare".into(),
        location: "Svenljunga kommun".into(),
        time: Utc.with_ymd_and_hms(2024, 10, 21, 18, 0, 0).unwrap(),
        timestamper: None,
        visible: None,
    };
    let mut three = unsigned.clone();
    for i in 0..3 {
        three = sign(&three, &request(i)).unwrap();
    }
    c.bench_function("sign_40_pages", |b| {
        b.iter(|| sign(std::hint::black_box(&unsigned), &request(0)).unwrap())
    });
    // The appearance is rendered and imported in every iteration, as the service does.
    let visible = |i: usize| {
        let (w, h) = justera_pdf::SIGNATURE_FIELD;
        let mut r = request(i);
        r.visible = Some(justera_sign::fields::Visible {
            field: places[i].name.clone(),
            appearance: renderer
                .signature_appearance(signers[i].2, "justerare, 2024-10-21 20:00", w, h)
                .unwrap(),
        });
        r
    };
    c.bench_function("sign_visible_40_pages", |b| {
        b.iter(|| sign(std::hint::black_box(&with_fields), &visible(0)).unwrap())
    });
    let mut three_visible = with_fields.clone();
    for i in 0..3 {
        three_visible = sign(&three_visible, &visible(i)).unwrap();
    }
    c.bench_function("verify_3_visible_signatures_40_pages", |b| {
        b.iter(|| {
            verify(
                std::hint::black_box(&three_visible),
                std::slice::from_ref(&ca.certificate),
            )
            .unwrap()
        })
    });
    // As the service signs (issue 16): the visible signature and then its validation data —
    // the signer's and the CA's certificates and a revocation list of 50 retired certificates —
    // in the DSS (the time-stamps need a TSA and are measured apart from this).
    let retired: Vec<justera_sign::crl::Revoked> = (0..50)
        .map(|_| {
            let k = SigningKey::random(&mut OsRng);
            let cert = ca
                .issue(k.verifying_key(), "Avgången", "Svenljunga kommun", None)
                .unwrap();
            justera_sign::crl::Revoked::of(
                &justera_sign::ca::to_der(&cert).unwrap(),
                std::time::SystemTime::now(),
            )
            .unwrap()
        })
        .collect();
    let crl = ca
        .revocation_list(&retired, std::time::SystemTime::now(), 1)
        .unwrap();
    let ca_der = justera_sign::ca::to_der(&ca.certificate).unwrap();
    let with_dss = |pdf: &[u8], i: usize| {
        let signed = sign(pdf, &visible(i)).unwrap();
        let signer = justera_sign::ca::to_der(&signers[i].1).unwrap();
        justera_sign::dss::add(
            &signed,
            &[signer, ca_der.clone()],
            std::slice::from_ref(&crl),
        )
        .unwrap()
    };
    c.bench_function("sign_visible_with_dss_40_pages", |b| {
        b.iter(|| with_dss(std::hint::black_box(&with_fields), 0))
    });
    let mut three_lt = with_fields.clone();
    for i in 0..3 {
        three_lt = with_dss(&three_lt, i);
    }
    c.bench_function("verify_3_signatures_with_dss_40_pages", |b| {
        b.iter(|| {
            verify(
                std::hint::black_box(&three_lt),
                std::slice::from_ref(&ca.certificate),
            )
            .unwrap()
        })
    });
    c.bench_function("verify_3_signatures_40_pages", |b| {
        b.iter(|| {
            verify(
                std::hint::black_box(&three),
                std::slice::from_ref(&ca.certificate),
            )
            .unwrap()
        })
    });
    let mut g = c.benchmark_group("password");
    g.sample_size(10);
    g.bench_function("argon2id_login_hash", |b| {
        b.iter(|| hash(std::hint::black_box("ett bra lösenord"), LOGIN_PARAMS).unwrap())
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
