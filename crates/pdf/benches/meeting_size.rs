//! How the work on one meeting grows with its size (issue 15): the decision orders of every §
//! (what `GET /api/sammantraden/{id}` and the meeting page compute) and the protocol view, at
//! 10 → 800 §§. `cargo bench -p justera-pdf --bench meeting_size`. The per-§ path that
//! computes every earlier roster again is measured beside the linear one as the reference.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use justera_domain::protocol::ProtocolView;
use justera_pdf::sample;

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("meeting_size");
    for n in [10u32, 50, 200, 400, 800] {
        let doc = sample::long_protocol(n, 2).unwrap();
        let ctx = doc.context();
        let m = &doc.meeting;
        group.bench_with_input(BenchmarkId::new("progress_linear", n), &n, |b, _| {
            b.iter(|| {
                let rosters = m.rosters(&ctx).unwrap();
                m.paragraphs
                    .iter()
                    .zip(&rosters)
                    .filter_map(|(p, r)| m.progress_in(&ctx, p, r, true).unwrap())
                    .count()
            })
        });
        if n <= 400 {
            group.bench_with_input(BenchmarkId::new("progress_per_paragraph", n), &n, |b, _| {
                b.iter(|| {
                    m.paragraphs
                        .iter()
                        .filter_map(|p| m.live_progress(&ctx, p.number).unwrap())
                        .count()
                })
            });
        }
        group.bench_with_input(BenchmarkId::new("protocol_view", n), &n, |b, _| {
            b.iter(|| ProtocolView::build(std::hint::black_box(&doc)).unwrap())
        });
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = bench
}
criterion_main!(benches);
