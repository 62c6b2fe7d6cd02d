//! Renders the 40-page sample protocol once (or N times) to measure time and peak memory:
//! `cargo run --release -p justera-pdf --example render_long -- [N] [OUT.pdf]`, e.g. under
//! `/usr/bin/time -v`.

use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(1);
    let out = args.next();
    let notice = std::env::var("NOTICE").is_ok();
    let doc = if notice {
        justera_pdf::sample::seed()?
    } else {
        justera_pdf::sample::long_protocol(40, 2)?
    };
    let renderer = justera_pdf::Renderer::new()?;
    let created = chrono::NaiveDate::from_ymd_opt(2024, 10, 21)
        .and_then(|d| d.and_hms_opt(12, 0, 0))
        .ok_or("date")?;
    let mut last = None;
    let start = Instant::now();
    for _ in 0..n {
        last = Some(if notice {
            renderer.notice(&doc, created)?
        } else {
            renderer.minutes(&doc, created)?
        });
    }
    let elapsed = start.elapsed();
    if let Some(r) = last {
        println!(
            "{} pages, {} bytes, {:.1} ms per render ({} renders)",
            r.pages,
            r.bytes.len(),
            elapsed.as_secs_f64() * 1000.0 / n as f64,
            n
        );
        if let Some(path) = out {
            std::fs::write(path, &r.bytes)?;
        }
    }
    Ok(())
}
