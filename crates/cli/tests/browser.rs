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
    // The master key, so invitation links issue signing keys (as `justera demo` does).
    let server = serve_with(
        dir.path(),
        &db,
        &[("JUSTERA_MASTER_KEY_FILE", "data/master.key")],
        std::process::Stdio::inherit(),
    );

    // The demo's recently adjusted meeting: adjusted on the workday before today.
    let today = stockholm_today(chrono::Utc::now().naive_utc());
    let adjusted = previous_workday(today);
    let posted = posting_date(adjusted, PostingPolicy::NextWorkday).unwrap();
    let last = last_appeal_day(posted).unwrap();
    let shots = std::env::var("JUSTERA_SCREENSHOTS")
        .unwrap_or_else(|_| dir.path().join("screenshots").display().to_string());
    // The new term is run on a second installation whose clock says 20 January 2027 (the
    // system clock faked for that process only, by libfaketime): the meeting of that day can
    // be held and adjusted then.
    // (libfaketime preloaded into the server itself, so stopping it stops the server.)
    let faketime = [
        "/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1",
        "/usr/lib/aarch64-linux-gnu/faketime/libfaketimeMT.so.1",
    ]
    .into_iter()
    .find(|p| std::path::Path::new(p).exists());
    let Some(faketime) = faketime else {
        let message = "libfaketime saknas (apt-get install faketime)";
        assert!(
            std::env::var_os("JUSTERA_REQUIRE_BROWSER").is_none(),
            "{message}"
        );
        eprintln!("\n!!! HOPPAR ÖVER webbläsartesterna: {message} !!!\n");
        return;
    };
    let dir2027 = tempfile::tempdir().unwrap();
    let db2027 = format!(
        "sqlite://{}",
        dir2027.path().join("data/justera.db").display()
    );
    let in_2027 = |args: &[&str]| {
        let mut c = Command::new(env!("CARGO_BIN_EXE_justera"));
        c.args(args)
            .current_dir(dir2027.path())
            .env("LD_PRELOAD", faketime)
            .env("FAKETIME", "@2027-01-20 08:00:00")
            .env("FAKETIME_DONT_FAKE_MONOTONIC", "1")
            .env("DATABASE_URL", &db2027)
            .env("JUSTERA_MASTER_KEY_FILE", "data/master.key");
        c
    };
    let out = in_2027(&["demo", "--data", "data", "--setup-only"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "demo 2027: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let port = free_port();
    let child = in_2027(&["serve", "--port", &port.to_string()])
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let server2027 = Server {
        child,
        base: format!("http://127.0.0.1:{port}"),
    };
    let started = std::time::Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            started.elapsed().as_secs() < 30,
            "the 2027 server did not start"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let out = Command::new("node")
        .arg(root.join("journeys.mjs"))
        .arg(&server.base)
        .arg(&server2027.base)
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
