//! Hostile and careless input over HTTP: oversized bodies refused early, paths that try to
//! climb out, forged session cookies, a burst of wrong passwords; and 50 editors saving the same
//! meeting at once without an acknowledged change being lost.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod support;

use std::path::Path;

use support::*;

const LIVE: &str = "6d1c4a3e-2f0b-4c1e-9a57-d0000000a002";

fn demo(dir: &Path) -> (Server, String) {
    let db = format!("sqlite://{}", dir.join("data/justera.db").display());
    let out = justera(dir, &db, &["demo", "--data", "data", "--setup-only"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    (serve(dir, &db, None), db)
}

fn post_raw(
    server: &Server,
    path: &str,
    cookie: Option<&str>,
    content_type: &str,
    body: Vec<u8>,
) -> Result<u16, String> {
    let mut req = agent()
        .post(&format!("{}{path}", server.base))
        .header("Content-Type", content_type);
    if let Some(c) = cookie {
        req = req.header("Cookie", c);
    }
    // The server may close the connection once it has refused the body.
    req.send(body)
        .map(|r| r.status().as_u16())
        .map_err(|e| e.to_string())
}

#[test]
fn hostile_requests_are_refused_and_the_server_stays_up() {
    let dir = tempfile::tempdir().unwrap();
    let (server, _) = demo(dir.path());
    let cookie = server.login("alexandra", "justera-demo-2024").unwrap();

    // Oversized bodies: a secretary's form over 256 kB, an upload over 20 MB, JSON over 1 MB.
    let big_form = format!(
        "csrf=x&action=add_paragraph&title={}",
        "a".repeat(400 * 1024)
    );
    match post_raw(
        &server,
        &format!("/sammantraden/{LIVE}/andra"),
        Some(&cookie),
        "application/x-www-form-urlencoded",
        big_form.into_bytes(),
    ) {
        Ok(status) => assert_eq!(status, 413),
        Err(e) => assert!(
            e.contains("closed") || e.contains("reset") || e.contains("Broken"),
            "{e}"
        ),
    }
    let mut huge = b"%PDF-1.7\n".to_vec();
    huge.resize(21 * 1024 * 1024, b' ');
    if let Ok(status) = post_raw(&server, "/api/verifiera", None, "application/pdf", huge) {
        assert_eq!(status, 413);
    }
    let big_json = format!(
        "{{\"action\":\"add_paragraph\",\"number\":0,\"title\":\"{}\"}}",
        "a".repeat(2 * 1024 * 1024)
    );
    if let Ok(status) = post_raw(
        &server,
        &format!("/api/sammantraden/{LIVE}/andringar"),
        None,
        "application/json",
        big_json.into_bytes(),
    ) {
        // The body is refused before the caller is even looked at.
        assert!(status == 413 || status == 400, "{status}");
    }
    // Not a PDF, with a file name that tries to climb out: refused, nothing written anywhere.
    let r = server.post_file(
        "/anslagstavla/verifiera",
        "../../../../etc/passwd.pdf",
        b"root:x:0:0",
    );
    assert_eq!(r.status, 200);
    assert!(r.text().contains("är inte en PDF-fil"), "{}", r.text());
    assert!(
        !r.text().contains("root:x"),
        "the upload's content came back"
    );

    // Paths that climb out of the static files or the board.
    for path in [
        "/static/../../Cargo.toml",
        "/static/%2e%2e/%2e%2e/Cargo.toml",
        "/anslagstavla/anslag/..%2F..%2F..%2Fetc%2Fpasswd",
        "/anslagstavla/anslag/%00/protokoll.pdf",
        "/sammantraden/..%2F..%2Fetc/paragraf/1",
    ] {
        let r = server.get(path, Some(&cookie));
        assert!(matches!(r.status, 404 | 400), "{path}: {}", r.status);
        assert!(!r.text().contains("[workspace]"), "{path} leaked a file");
    }

    // Forged and malformed session cookies are no session at all.
    for forged in [
        format!("__Host-justera_session={}", "0".repeat(64)),
        "__Host-justera_session=../../etc/passwd".to_owned(),
        format!("__Host-justera_session={}", "ä".repeat(40)),
        format!("__Host-justera_session={}", "f".repeat(10_000)),
    ] {
        let r = server.get("/justering", Some(&forged));
        assert!(
            matches!(r.status, 401 | 400 | 431),
            "{forged:.40}: {}",
            r.status
        );
    }

    // A burst of wrong passwords locks the account for a while; then even the right one waits.
    let mut throttled = 0;
    for _ in 0..12 {
        if let Err(r) = server.login("johan", "fel-lösenord-igen") {
            if r.status == 429 {
                throttled += 1;
            }
        }
    }
    assert!(
        throttled >= 6,
        "only {throttled} of 12 wrong attempts were throttled"
    );
    let r = server.login("johan", "justera-demo-2024").unwrap_err();
    assert_eq!(r.status, 429, "{}", r.text());

    // Still up and serving.
    assert_eq!(server.get("/readyz", None).status, 200);
}

#[test]
fn fifty_editors_on_one_meeting_lose_nothing_and_conflicts_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    let (server, db) = demo(dir.path());
    let out = justera(dir.path(), &db, &["user", "token", "alexandra"]);
    assert!(out.status.success());
    let token = String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .next()
        .unwrap()
        .to_owned();
    let call = |path: &str, body: serde_json::Value| -> (u16, serde_json::Value) {
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
    };
    let edits = format!("/api/sammantraden/{LIVE}/andringar");
    // 50 new paragraphs, one per editor (§ 166 onwards).
    for i in 0..50 {
        let (s, r) = call(
            &edits,
            serde_json::json!({ "action": "add_paragraph", "number": 0, "title": format!("Ärende {i}") }),
        );
        assert_eq!(s, 200, "{r}");
    }
    let get = |path: &str| -> serde_json::Value {
        let r = reply(
            agent()
                .get(&format!("{}{path}", server.base))
                .header("Authorization", &format!("Bearer {token}"))
                .call()
                .unwrap(),
        );
        serde_json::from_slice(&r.body).unwrap()
    };
    let state = get(&format!("/api/sammantraden/{LIVE}"));
    let prints: Vec<(u64, String)> = state["paragraphs"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["number"].as_u64().unwrap() >= 166)
        .map(|p| {
            (
                p["number"].as_u64().unwrap(),
                p["fingerprint"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(prints.len(), 50);
    let base = server.base.clone();
    let threads: Vec<_> = prints
        .into_iter()
        .map(|(number, mut fp)| {
            let (base, token, edits) = (base.clone(), token.clone(), edits.clone());
            std::thread::spawn(move || {
                let mut last = 0;
                for words in 1..=5 {
                    let body = serde_json::json!({ "action": "update_text", "number": number, "base": fp,
                        "text": { "title": format!("Ärende {number}"), "summary": "ord ".repeat(words).trim_end() } });
                    let r = reply(agent().post(&format!("{base}{edits}")).header("Authorization", &format!("Bearer {token}")).header("Content-Type", "application/json").send(body.to_string()).unwrap());
                    assert_eq!(r.status, 200, "§ {number}: {}", r.text());
                    let v: serde_json::Value = serde_json::from_slice(&r.body).unwrap();
                    fp = v["fingerprint"].as_str().unwrap().to_owned();
                    last = words;
                }
                (number, last)
            })
        })
        .collect();
    let done: Vec<(u64, usize)> = threads.into_iter().map(|t| t.join().unwrap()).collect();
    let state = get(&format!("/api/sammantraden/{LIVE}"));
    for (number, words) in done {
        let stored = state["meeting"]["paragraphs"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["number"].as_u64() == Some(number))
            .and_then(|p| p["summary"].as_str())
            .unwrap_or("")
            .split_whitespace()
            .count();
        assert_eq!(stored, words, "§ {number} lost an acknowledged change");
    }
    // Two editors on the same paragraph from the same version: one wins, one gets a conflict.
    let fp = state["paragraphs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["number"] == 166)
        .unwrap()["fingerprint"]
        .clone();
    let first = call(
        &edits,
        serde_json::json!({ "action": "update_text", "number": 166, "base": fp, "text": { "title": "Ärende 166", "summary": "Första" } }),
    );
    let second = call(
        &edits,
        serde_json::json!({ "action": "update_text", "number": 166, "base": fp, "text": { "title": "Ärende 166", "summary": "Andra" } }),
    );
    assert_eq!(first.0, 200);
    assert_eq!(second.0, 409, "{}", second.1);
    assert_eq!(second.1["code"], "conflict");
}
