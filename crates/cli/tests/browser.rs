//! The browser journeys (`tests/browser/journeys.mjs`): playwright-core driving Debian's
//! Chromium against `justera serve` on a demo database, with axe-core on every public page and
//! the secretary's main pages and a keyboard-only walk through the roll-call sheet.
//!
//! Needs node, Chromium and `npm ci` in tests/browser. Without them the test says so loudly and
//! passes, unless JUSTERA_REQUIRE_BROWSER is set (as CI does), when it fails.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod support;

use std::path::PathBuf;
use std::process::Command;

use chrono::Duration;
use justera_domain::calendar::{
    PostingPolicy, is_workday, last_appeal_day, posting_date, stockholm_today,
};
use support::*;

/// As the demo computes it.
fn previous_workday(mut day: chrono::NaiveDate) -> chrono::NaiveDate {
    loop {
        day -= Duration::days(1);
        if is_workday(day).unwrap() {
            return day;
        }
    }
}

#[test]
fn the_three_journeys_in_a_real_browser() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/browser");
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    let node_ok = Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    let ready = node_ok
        && std::path::Path::new(&chromium).exists()
        && root.join("node_modules/playwright-core").exists()
        && root.join("node_modules/axe-core").exists();
    if !ready {
        let message =
            "node, Chromium or tests/browser/node_modules saknas (kör `npm ci` i tests/browser)";
        if std::env::var_os("JUSTERA_REQUIRE_BROWSER").is_some() {
            panic!("{message}");
        }
        eprintln!("\n!!! HOPPAR ÖVER webbläsartesterna: {message} !!!\n");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("data/justera.db").display());
    let out = justera(dir.path(), &db, &["demo", "--data", "data", "--setup-only"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let server = serve(dir.path(), &db, None);

    // The demo's recently adjusted meeting: adjusted on the workday before today.
    let today = stockholm_today(chrono::Utc::now().naive_utc());
    let adjusted = previous_workday(today);
    let posted = posting_date(adjusted, PostingPolicy::NextWorkday).unwrap();
    let last = last_appeal_day(posted).unwrap();
    let shots = std::env::var("JUSTERA_SCREENSHOTS")
        .unwrap_or_else(|_| dir.path().join("screenshots").display().to_string());
    let out = Command::new("node")
        .arg(root.join("journeys.mjs"))
        .arg(&server.base)
        .env("CHROMIUM", &chromium)
        .env("JUSTERA_SCREENSHOTS", &shots)
        .env(
            "EXPECT_RECENT_MEETING",
            "6d1c4a3e-2f0b-4c1e-9a57-d0000000a001",
        )
        .env("EXPECT_POSTED", posted.to_string())
        .env("EXPECT_LAST_APPEAL", last.to_string())
        .output()
        .unwrap();
    println!("{}", String::from_utf8_lossy(&out.stdout));
    assert!(
        out.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}
