//! API fuzzing: schemathesis (PyPI) generates requests from `/api/openapi.json` against the
//! server on loopback, authenticated with an API token and anonymously. No response may be a
//! server error or break the schema (status codes, content types and bodies as documented).
//!
//! `POST /api/verifiera` takes a PDF body schemathesis cannot generate; the verifier's hostile
//! input is tested on its own. Its coverage phase is skipped (it trips over its own Python
//! recursion limits on this schema); examples, fuzzing and stateful phases run.
//!
//! Needs `st` (`pip install schemathesis`); skips loudly without it unless
//! JUSTERA_REQUIRE_SCHEMATHESIS is set, as CI does.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod support;

use std::process::Command;

use support::*;

fn fuzz(base: &str, token: Option<&str>, seconds: u32) {
    let mut cmd = Command::new("st");
    cmd.args(["run", &format!("{base}/api/openapi.json")])
        .args([
            "--checks",
            "not_a_server_error,response_schema_conformance,status_code_conformance,content_type_conformance",
            "--phases",
            "examples,fuzzing,stateful",
            "--exclude-path",
            "/api/verifiera",
            "--workers",
            "2",
            "--max-time",
            &seconds.to_string(),
            "--seed",
            "20261130",
        ])
        .env("NO_COLOR", "1");
    if let Some(t) = token {
        cmd.args(["-H", &format!("Authorization: Bearer {t}")]);
    }
    let out = cmd.output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    println!(
        "{}",
        text.lines().rev().take(8).collect::<Vec<_>>().join("\n")
    );
    assert!(
        out.status.success(),
        "schemathesis ({}) found problems:\n{text}\n{}",
        if token.is_some() {
            "with a token"
        } else {
            "anonymous"
        },
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn the_api_answers_generated_requests_without_server_errors_or_schema_breaks() {
    if Command::new("st").arg("--version").output().is_err() {
        let message = "schemathesis (st) saknas: pip install schemathesis";
        if std::env::var_os("JUSTERA_REQUIRE_SCHEMATHESIS").is_some() {
            panic!("{message}");
        }
        eprintln!("\n!!! HOPPAR ÖVER API-fuzzningen: {message} !!!\n");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let db = format!("sqlite://{}", d.join("data/justera.db").display());
    let out = justera(d, &db, &["demo", "--data", "data", "--setup-only"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = justera(d, &db, &["user", "token", "alexandra"]);
    assert!(out.status.success());
    let token = String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .next()
        .unwrap()
        .to_owned();
    let server = serve(d, &db, None);
    fuzz(&server.base, Some(&token), 40);
    fuzz(&server.base, None, 20);
}
