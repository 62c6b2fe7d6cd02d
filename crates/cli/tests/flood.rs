//! Floods over real HTTP against the server as it runs (production password costs: Argon2id
//! with 64 MiB): 200 concurrent logins, and the hostile PDF corpus on the public verifier. The
//! server's peak memory is read from /proc (VmHWM) and `/healthz` is polled throughout.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod support;

#[path = "../../sign/tests/support/corpus.rs"]
mod corpus;

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use support::*;

const PASSWORD: &str = "justera-demo-2024";

fn demo(dir: &Path) -> Server {
    let db = format!("sqlite://{}", dir.join("data/justera.db").display());
    let out = justera(dir, &db, &["demo", "--data", "data", "--setup-only"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serve(dir, &db, None)
}

/// The server's peak resident memory so far, in MiB.
fn peak_mib(server: &Server) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{}/status", server.child.id())).unwrap();
    let kib: u64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .unwrap();
    kib / 1024
}

/// Polls /healthz every 100 ms until stopped; the slowest answer, and whether any failed.
fn watch_health(base: String, stop: Arc<AtomicBool>) -> std::thread::JoinHandle<(Duration, u32)> {
    std::thread::spawn(move || {
        let agent = agent();
        let (mut slowest, mut failures) = (Duration::ZERO, 0);
        while !stop.load(Ordering::Relaxed) {
            let started = Instant::now();
            let ok = agent
                .get(&format!("{base}/healthz"))
                .call()
                .is_ok_and(|r| r.status().as_u16() == 200);
            slowest = slowest.max(started.elapsed());
            if !ok {
                failures += 1;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        (slowest, failures)
    })
}

/// A login form's CSRF pair: (cookie, token).
fn login_form(server: &Server) -> (String, String) {
    let form = server.get("/logga-in", None);
    (
        form.cookie("justera_login").unwrap(),
        hidden(&form.text(), "csrf"),
    )
}

#[test]
fn two_hundred_concurrent_logins_are_throttled_and_memory_stays_bounded() {
    let dir = tempfile::tempdir().unwrap();
    let server = demo(dir.path());
    // Forms first, so the flood is only logins.
    let forms: Vec<(String, String)> = (0..200).map(|_| login_form(&server)).collect();
    let stop = Arc::new(AtomicBool::new(false));
    let health = watch_health(server.base.clone(), stop.clone());
    let results = Arc::new(Mutex::new(Vec::new()));
    let started = Instant::now();
    let threads: Vec<_> = forms
        .into_iter()
        .enumerate()
        .map(|(i, (cookie, csrf))| {
            let base = server.base.clone();
            let results = results.clone();
            std::thread::spawn(move || {
                // Half at Johan (every tenth with his right password, the rest wrong), half at
                // many names, some real, some not; all from one address, some claiming others.
                let (user, password) = match i % 2 {
                    0 if i % 20 == 0 => ("johan".to_owned(), PASSWORD.to_owned()),
                    0 => ("johan".to_owned(), format!("fel-{i}")),
                    _ if i % 6 == 1 => ("patrik".to_owned(), format!("fel-{i}")),
                    _ => (format!("gissning{i}"), format!("fel-{i}")),
                };
                let body = [
                    ("csrf", csrf.as_str()),
                    ("next", "/justering"),
                    ("username", user.as_str()),
                    ("password", password.as_str()),
                ]
                .iter()
                .map(|(k, v)| format!("{k}={}", urlencode(v)))
                .collect::<Vec<_>>()
                .join("&");
                let r = agent()
                    .post(&format!("{base}/logga-in"))
                    .header("Cookie", &cookie)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("X-Forwarded-For", format!("10.0.{}.{}", i / 250, i % 250))
                    .send(body)
                    .map(|r| r.status().as_u16())
                    .unwrap_or(0);
                results
                    .lock()
                    .unwrap()
                    .push((user, password == PASSWORD, r));
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    let elapsed = started.elapsed();
    stop.store(true, Ordering::Relaxed);
    let (slowest_health, health_failures) = health.join().unwrap();
    let results = results.lock().unwrap().clone();
    let count = |f: &dyn Fn(&(String, bool, u16)) -> bool| results.iter().filter(|r| f(r)).count();
    let statuses: std::collections::BTreeMap<u16, usize> =
        results.iter().fold(Default::default(), |mut m, r| {
            *m.entry(r.2).or_default() += 1;
            m
        });
    let peak = peak_mib(&server);
    eprintln!(
        "200 concurrent logins in {elapsed:?}: {statuses:?}; peak RSS {peak} MiB; /healthz slowest {slowest_health:?}"
    );
    // Every answer is a login, a refusal or a wait — never an error or a dropped connection.
    assert!(
        results.iter().all(|r| matches!(r.2, 303 | 422 | 429 | 503)),
        "{statuses:?}"
    );
    // The forged X-Forwarded-For is not believed (no trusted proxy): one address, so at most
    // its 20 free failures were evaluated, and at most Johan's 5.
    let evaluated_failures = count(&|r| r.2 == 422);
    assert!(evaluated_failures <= 20, "{statuses:?}");
    assert!(count(&|r| r.0 == "johan" && r.2 == 422) <= 5, "{results:?}");
    // Most were refused before any hashing.
    assert!(count(&|r| r.2 == 429) >= 150, "{statuses:?}");
    // A wrong password never logs in.
    assert!(!results.iter().any(|r| !r.1 && r.2 == 303), "{results:?}");
    assert!(peak <= 512, "peak RSS {peak} MiB");
    assert_eq!(health_failures, 0);
    assert!(
        slowest_health < Duration::from_secs(2),
        "{slowest_health:?}"
    );

    // The right password past the limit is refused too (with the wait in the message), from
    // anywhere but Johan's own devices.
    let (cookie, csrf) = login_form(&server);
    let r = server.post_form(
        "/logga-in",
        Some(&cookie),
        &[
            ("csrf", &csrf),
            ("username", "johan"),
            ("password", PASSWORD),
        ],
    );
    assert_eq!(r.status, 429, "{}", r.text());
    assert!(r.text().contains("försök igen om"), "{}", r.text());
}

#[test]
fn the_hostile_corpus_over_http_never_errs_or_verifies_and_memory_stays_bounded() {
    let dir = tempfile::tempdir().unwrap();
    let server = demo(dir.path());
    // The demo's adjusted protocol, signed by three, as the public downloads it.
    let board: serde_json::Value =
        serde_json::from_slice(&server.get("/api/anslagstavla", None).body).unwrap();
    let notice = board["notices"][0]["id"].as_str().unwrap().to_owned();
    let signed = server
        .get(
            &format!("/anslagstavla/anslag/{notice}/protokoll.pdf"),
            None,
        )
        .body;
    let verify = |bytes: &[u8]| -> (u16, serde_json::Value) {
        let r = reply(
            agent()
                .post(&format!("{}/api/verifiera", server.base))
                .header("Content-Type", "application/pdf")
                .send(bytes)
                .unwrap(),
        );
        (
            r.status,
            serde_json::from_slice(&r.body).unwrap_or(serde_json::Value::Null),
        )
    };
    let (status, genuine) = verify(&signed);
    assert_eq!(status, 200, "{genuine}");
    assert_eq!(genuine["ok"], true, "{genuine}");
    let baseline = peak_mib(&server);

    let stop = Arc::new(AtomicBool::new(false));
    let health = watch_health(server.base.clone(), stop.clone());
    let mut cases = corpus::bombs();
    cases.extend(corpus::forgeries(&signed));
    // Every truncation point of the signature's neighbourhood and of the file as a whole.
    for cut in (0..signed.len()).step_by(signed.len() / 40 + 1) {
        cases.push(corpus::Case {
            name: "truncated",
            bytes: signed[..cut].to_vec(),
        });
    }
    let mut seen = Vec::new();
    for case in &cases {
        let (status, body) = verify(&case.bytes);
        assert!(
            matches!(status, 200 | 413 | 422),
            "{}: {status} {body}",
            case.name
        );
        if status == 200 {
            assert_eq!(body["ok"], false, "{} verified as valid: {body}", case.name);
        } else {
            let error = body["error"].as_str().unwrap_or_default();
            assert!(!error.is_empty(), "{}: {body}", case.name);
        }
        seen.push((case.name, status));
    }
    stop.store(true, Ordering::Relaxed);
    let (slowest_health, health_failures) = health.join().unwrap();
    let peak = peak_mib(&server);
    eprintln!(
        "{} hostile files over HTTP: peak RSS {peak} MiB (before {baseline} MiB); /healthz slowest {slowest_health:?}",
        cases.len()
    );
    assert!(peak <= 256, "peak RSS {peak} MiB");
    assert_eq!(health_failures, 0);
}

#[test]
fn behind_a_trusted_proxy_each_client_has_its_own_address_throttle() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("data/justera.db").display());
    let out = justera(dir.path(), &db, &["demo", "--data", "data", "--setup-only"]);
    assert!(out.status.success());
    let server = serve_with(
        dir.path(),
        &db,
        &[("JUSTERA_TRUSTED_PROXIES", "127.0.0.1")],
        std::process::Stdio::null(),
    );
    let attempt = |client: &str, user: &str, password: &str| -> u16 {
        let (cookie, csrf) = login_form(&server);
        let body = format!(
            "csrf={csrf}&next=%2Fjustering&username={}&password={}",
            urlencode(user),
            urlencode(password)
        );
        agent()
            .post(&format!("{}/logga-in", server.base))
            .header("Cookie", &cookie)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("X-Forwarded-For", client)
            .send(body)
            .unwrap()
            .status()
            .as_u16()
    };
    // One client (as nginx reports it) guesses at many names until its address must wait.
    let mut statuses = Vec::new();
    for i in 0..22 {
        statuses.push(attempt(
            "203.0.113.9",
            &format!("gissning{i}"),
            "x-x-x-x-x-x",
        ));
    }
    assert_eq!(
        statuses.iter().filter(|s| **s == 422).count(),
        20,
        "{statuses:?}"
    );
    assert_eq!(statuses.last(), Some(&429));
    // Another client behind the same proxy is not affected.
    assert_eq!(attempt("198.51.100.4", "patrik", PASSWORD), 303);
}
