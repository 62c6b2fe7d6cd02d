//! The optional second factor (TOTP): once on, login and signing need the current code from
//! the authenticator app; a wrong code counts as a failed login; turned off, the password
//! alone works again.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod support;

use justera_sign::totp;
use support::*;

const LIVE: &str = "6d1c4a3e-2f0b-4c1e-9a57-d0000000a002";
const PASSWORD: &str = "justera-demo-2024";

fn current(secret: &str) -> String {
    let now = u64::try_from(chrono::Utc::now().timestamp()).unwrap();
    format!(
        "{:06}",
        totp::code_at(&totp::from_base32(secret).unwrap(), now).unwrap()
    )
}

/// The code of the next 30-second step (accepted as one step of clock drift).
fn next(secret: &str) -> String {
    let now = u64::try_from(chrono::Utc::now().timestamp()).unwrap();
    format!(
        "{:06}",
        totp::code_at(&totp::from_base32(secret).unwrap(), now + 30).unwrap()
    )
}

fn login_with(server: &Server, user: &str, code: &str) -> Reply {
    let form = server.get("/logga-in", None);
    let cookie = form.cookie("justera_login").unwrap();
    let csrf = hidden(&form.text(), "csrf");
    server.post_form(
        "/logga-in",
        Some(&cookie),
        &[
            ("csrf", &csrf),
            ("next", "/justering"),
            ("username", user),
            ("password", PASSWORD),
            ("code", code),
        ],
    )
}

fn api(
    server: &Server,
    token: &str,
    path: &str,
    body: serde_json::Value,
) -> (u16, serde_json::Value) {
    let r = reply(
        agent()
            .post(&format!("{}{path}", server.base))
            .header("Authorization", &format!("Bearer {token}"))
            .header("Content-Type", "application/json")
            .send(body.to_string())
            .unwrap(),
    );
    (
        r.status,
        serde_json::from_slice(&r.body).unwrap_or(serde_json::Value::Null),
    )
}

#[test]
fn login_and_signing_need_the_code_once_the_second_factor_is_on() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let db = format!("sqlite://{}", d.join("data/justera.db").display());
    let out = justera(d, &db, &["demo", "--data", "data", "--setup-only"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Enrolment needs the user's own password (the secret is sealed under it).
    let enrol = |password: &str| {
        use std::io::Write;
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_justera"))
            .args(["user", "totp", "johan"])
            .current_dir(d)
            .env("DATABASE_URL", &db)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(format!("{password}\n").as_bytes())
            .unwrap();
        child.wait_with_output().unwrap()
    };
    let wrong = enrol("inte-hans-lösenord");
    assert!(!wrong.status.success());
    assert!(
        String::from_utf8_lossy(&wrong.stderr).contains("lösenord"),
        "{wrong:?}"
    );
    let out = enrol(PASSWORD);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let secret = text
        .lines()
        .find_map(|l| l.strip_prefix("Hemlighet (skriv in i autentiseringsappen): "))
        .unwrap_or_else(|| panic!("{text}"))
        .trim()
        .to_owned();
    assert!(text.contains("otpauth://totp/"), "{text}");
    // The database holds it sealed, never as the text the app is given.
    let file = std::fs::read(d.join("data/justera.db")).unwrap();
    let wal = std::fs::read(d.join("data/justera.db-wal")).unwrap_or_default();
    for bytes in [&file, &wal] {
        assert!(
            !bytes.windows(secret.len()).any(|w| w == secret.as_bytes()),
            "the TOTP secret is stored in plain text"
        );
    }
    let token = |user: &str| {
        let out = justera(d, &db, &["user", "token", user]);
        String::from_utf8_lossy(&out.stdout)
            .split_whitespace()
            .next()
            .unwrap()
            .to_owned()
    };
    let (secretary, chair) = (token("alexandra"), token("johan"));
    let server = serve(d, &db, None);

    // Login: no code, a wrong code, the right code.
    let r = login_with(&server, "johan", "");
    assert_eq!(r.status, 422);
    assert!(r.text().contains("engångskoden"), "{}", r.text());
    let wrong = if current(&secret) == "000000" {
        "111111"
    } else {
        "000000"
    };
    let r = login_with(&server, "johan", wrong);
    assert_eq!(r.status, 422);
    assert!(r.text().contains("stämmer inte"), "{}", r.text());
    let used = current(&secret);
    let r = login_with(&server, "johan", &used);
    assert_eq!(r.status, 303, "{}", r.text());
    // A code is good once: the same code again (within its 30 seconds) is refused.
    let r = login_with(&server, "johan", &used);
    assert_eq!(r.status, 422);
    assert!(r.text().contains("redan använts"), "{}", r.text());
    // Others are not asked.
    assert_eq!(login_with(&server, "patrik", "").status, 303);

    // Signing: an immediate adjustment of § 163; the chair needs the code to sign.
    let edits = format!("/api/sammantraden/{LIVE}/andringar");
    let (s, r) = api(
        &server,
        &secretary,
        &edits,
        serde_json::json!({ "action": "add_step", "number": 163, "recorded": 0, "step": { "step": "main", "finding": { "kind": "proposal" } } }),
    );
    assert_eq!(s, 200, "{r}");
    let (s, r) = api(
        &server,
        &secretary,
        &edits,
        serde_json::json!({ "action": "adopt_decision", "number": 163 }),
    );
    assert_eq!(s, 200, "{r}");
    let (s, r) = api(
        &server,
        &secretary,
        &format!("/api/sammantraden/{LIVE}/omedelbar-justering"),
        serde_json::json!({ "paragraphs": [163] }),
    );
    assert_eq!(s, 204, "{r}");
    let sign = format!("/api/justering/{LIVE}/signera");
    let (s, r) = api(
        &server,
        &secretary,
        &sign,
        serde_json::json!({ "password": PASSWORD }),
    );
    assert_eq!(s, 200, "{r}");
    let (s, r) = api(
        &server,
        &chair,
        &sign,
        serde_json::json!({ "password": PASSWORD }),
    );
    assert_eq!(s, 422, "{r}");
    assert!(r["error"].as_str().unwrap().contains("engångskoden"), "{r}");
    let (s, r) = api(
        &server,
        &chair,
        &sign,
        serde_json::json!({ "password": PASSWORD, "code": used }),
    );
    assert_eq!(s, 422, "{r}");
    assert!(
        r["error"].as_str().unwrap().contains("redan använts"),
        "{r}"
    );
    let (s, r) = api(
        &server,
        &chair,
        &sign,
        serde_json::json!({ "password": PASSWORD, "code": next(&secret) }),
    );
    assert_eq!(s, 200, "{r}");

    // Off again: the password alone.
    let out = justera(d, &db, &["user", "totp", "johan", "--off"]);
    assert!(out.status.success());
    assert_eq!(login_with(&server, "johan", "").status, 303);
}
