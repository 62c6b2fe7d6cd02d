//! Rendering benchmarks (release build): `cargo bench -p justera-pdf --bench render`.
//! Targets: the 40-page protocol (40 §§, two voting lists) ≤ 50 ms median, the heavy protocol
//! (≈ 116,000 characters, 10 roll calls) ≤ 25 ms, the notice ≤ 5 ms.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use chrono::NaiveDate;
use criterion::{Criterion, criterion_group, criterion_main};
use justera_pdf::{Renderer, sample};

fn bench(c: &mut Criterion) {
    let renderer = Renderer::new().unwrap();
    let created = NaiveDate::from_ymd_opt(2024, 10, 21)
        .unwrap()
        .and_hms_opt(12, 0, 0)
        .unwrap();
    let long = sample::long_protocol(40, 2).unwrap();
    let seed = sample::seed().unwrap();
    let pages = renderer.minutes(&long, created).unwrap().pages;
    eprintln!("the long protocol has {pages} pages");
    c.bench_function("minutes_40_paragraphs", |b| {
        b.iter(|| {
            renderer
                .minutes(std::hint::black_box(&long), created)
                .unwrap()
        })
    });
    // The text volume of a real 40-§ KS protocol (issue 15: ≤ 25 ms).
    let heavy = sample::heavy_protocol().unwrap();
    let rendered = renderer.minutes(&heavy, created).unwrap();
    eprintln!(
        "the heavy protocol: {} characters of text, {} pages, {} bytes",
        sample::text_volume(&heavy),
        rendered.pages,
        rendered.bytes.len()
    );
    c.bench_function("minutes_heavy_40_paragraphs", |b| {
        b.iter(|| {
            renderer
                .minutes(std::hint::black_box(&heavy), created)
                .unwrap()
        })
    });
    c.bench_function("notice", |b| {
        b.iter(|| {
            renderer
                .notice(std::hint::black_box(&seed), created)
                .unwrap()
        })
    });
    c.bench_function("seed_minutes", |b| {
        b.iter(|| {
            renderer
                .minutes(std::hint::black_box(&seed), created)
                .unwrap()
        })
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(50);
    targets = bench
}
criterion_main!(benches);
