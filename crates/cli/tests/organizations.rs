//! Two organizations in one installation: a user of one can neither read nor change the
//! other's meetings, through the pages or the API.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod support;

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use support::*;

const SEED: &str = include_str!("../../../tests/fixtures/ks-2024-10-21.json");
const LIVE: &str = "6d1c4a3e-2f0b-4c1e-9a57-d0000000a002";
const OTHER_MEETING: &str = "6d1c4a3e-2f0b-4c1e-9a57-e0e000000001";
const PASSWORD: &str = "justera-demo-2024";

fn run(dir: &Path, db: &str, args: &[&str], stdin: Option<&str>) -> String {
    let mut child = Command::new(env!("CARGO_BIN_EXE_justera"))
        .args(args)
        .current_dir(dir)
        .env("DATABASE_URL", db)
        .env("JUSTERA_MASTER_KEY_FILE", dir.join("data/master.key"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    if let Some(text) = stdin {
        child
            .stdin
            .take()
            .unwrap()
            .write_all(text.as_bytes())
            .unwrap();
    }
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

const OTHER_PASSWORD: &str = "exempelby-lösenord-2026";

/// Logs in on the site of `host`; the session cookie.
fn login_at(server: &Server, host: &str, username: &str, password: &str) -> Result<String, Reply> {
    let form = reply(
        agent()
            .get(&format!("{}/logga-in", server.base))
            .header("Host", host)
            .call()
            .unwrap(),
    );
    let login_cookie = form.cookie("justera_login").unwrap();
    let csrf = hidden(&form.text(), "csrf");
    let body = [
        ("csrf", csrf.as_str()),
        ("next", "/justering"),
        ("username", username),
        ("password", password),
    ]
    .iter()
    .map(|(k, v)| format!("{k}={}", urlencode(v)))
    .collect::<Vec<_>>()
    .join("&");
    let r = reply(
        agent()
            .post(&format!("{}/logga-in", server.base))
            .header("Host", host)
            .header("Cookie", &login_cookie)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .send(body)
            .unwrap(),
    );
    match (r.status, r.cookie("justera_session")) {
        (303, Some(c)) => Ok(c),
        _ => Err(r),
    }
}

fn serve_with_sites(dir: &Path, db: &str) -> Server {
    serve_with(
        dir,
        db,
        &[(
            "JUSTERA_SITES",
            "protokoll.svenljunga.test=Svenljunga kommun;protokoll.exempelby.test=Exempelby kommun",
        )],
        Stdio::null(),
    )
}

#[test]
fn no_user_of_one_organization_reads_or_changes_anothers() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let db = format!("sqlite://{}", d.join("data/justera.db").display());
    run(d, &db, &["demo", "--data", "data", "--setup-only"], None);

    // A second municipality: the seed with every id of its own, in session.
    let text = SEED
        .replace("00000000-0000-4000-8000-0", "00000000-0000-4000-8000-9")
        .replace("6d1c4a3e-2f0b-4c1e-9a57-202410210001", OTHER_MEETING)
        .replace("Svenljunga kommun", "Exempelby kommun");
    let mut v: serde_json::Value = serde_json::from_str(&text).unwrap();
    v["meeting"]["status"] = "in_session".into();
    v["meeting"]["adjustments"] = serde_json::json!([]);
    v["meeting"]["pending_adjustment"] = serde_json::Value::Null;
    v["meeting"]["pending_immediate"] = serde_json::Value::Null;
    for p in v["meeting"]["paragraphs"].as_array_mut().unwrap() {
        p["immediately_adjusted"] = false.into();
    }
    std::fs::write(d.join("other.json"), v.to_string()).unwrap();
    run(d, &db, &["import", "other.json"], None);
    run(d, &db, &["ca", "init", "--org", "Exempelby kommun"], None);
    run(
        d,
        &db,
        &[
            "user",
            "add",
            "eva",
            "--name",
            "Eva Exempel",
            "--role",
            "secretary",
            "--body",
            "KS",
            "--org",
            "Exempelby kommun",
        ],
        Some(&format!("{PASSWORD}\n")),
    );
    run(
        d,
        &db,
        &[
            "user",
            "add",
            "adam",
            "--name",
            "Adam Admin",
            "--role",
            "administrator",
            "--org",
            "Exempelby kommun",
        ],
        Some(&format!("{PASSWORD}\n")),
    );
    let eva_token = run(
        d,
        &db,
        &["user", "token", "eva", "--org", "Exempelby kommun"],
        None,
    )
    .split_whitespace()
    .next()
    .unwrap()
    .to_owned();
    // A user name held in both organizations: each keeps their own login on their own site.
    run(
        d,
        &db,
        &[
            "user",
            "add",
            "johan",
            "--name",
            "Johan i Exempelby",
            "--role",
            "member",
            "--org",
            "Exempelby kommun",
        ],
        Some(&format!("{OTHER_PASSWORD}\n")),
    );
    let server = serve_with_sites(d, &db);
    for (host, password, name) in [
        ("protokoll.svenljunga.test", PASSWORD, "Johan Björkman"),
        (
            "protokoll.exempelby.test",
            OTHER_PASSWORD,
            "Johan i Exempelby",
        ),
    ] {
        let cookie = login_at(&server, host, "johan", password)
            .unwrap_or_else(|r| panic!("johan at {host}: {} {}", r.status, r.text()));
        let me = reply(
            agent()
                .get(&format!("{}/api/jag", server.base))
                .header("Host", host)
                .header("Cookie", &cookie)
                .call()
                .unwrap(),
        );
        let v: serde_json::Value = serde_json::from_slice(&me.body).unwrap();
        assert_eq!(v["display_name"], name, "{host}");
        // The other Johan's password does not open this one.
        let other = if password == PASSWORD {
            OTHER_PASSWORD
        } else {
            PASSWORD
        };
        assert!(login_at(&server, host, "johan", other).is_err(), "{host}");
    }

    // Upcoming meetings: each board, API and calendar lists its own organization's only.
    for (host, own) in [
        ("protokoll.svenljunga.test", true),
        ("protokoll.exempelby.test", false),
    ] {
        let r = reply(
            agent()
                .get(&format!("{}/api/anslagstavla", server.base))
                .header("Host", host)
                .call()
                .unwrap(),
        );
        let v: serde_json::Value = serde_json::from_slice(&r.body).unwrap();
        let upcoming = v["upcoming"].as_array().unwrap();
        assert_eq!(!upcoming.is_empty(), own, "{host}: {v}");
        let ics = reply(
            agent()
                .get(&format!("{}/anslagstavla/sammantraden.ics", server.base))
                .header("Host", host)
                .call()
                .unwrap(),
        )
        .text();
        assert_eq!(ics.contains("BEGIN:VEVENT"), own, "{host}: {ics}");
        if own {
            // Swedish local time with its zone, and an end.
            assert!(
                ics.contains("BEGIN:VTIMEZONE\r\nTZID:Europe/Stockholm"),
                "{ics}"
            );
            assert!(ics.contains("DTSTART;TZID=Europe/Stockholm:"), "{ics}");
            assert!(ics.contains("DTEND;TZID=Europe/Stockholm:"), "{ics}");
            let bare = ics.replace("\r\n", "");
            assert!(
                !bare.contains('\n') && !bare.contains('\r'),
                "only CRLF line ends"
            );
        }
        let page = reply(
            agent()
                .get(&format!("{}/anslagstavla", server.base))
                .header("Host", host)
                .call()
                .unwrap(),
        )
        .text();
        assert_eq!(page.contains("Kommunhuset"), own, "{host}");
    }
    // The feed's links are the configured site's, whatever X-Forwarded-Host says.
    let feed = reply(
        agent()
            .get(&format!("{}/anslagstavla/flode.atom", server.base))
            .header("Host", "protokoll.svenljunga.test")
            .header("X-Forwarded-Host", "evil.example")
            .header("Forwarded", "host=evil.example;proto=http")
            .call()
            .unwrap(),
    )
    .text();
    assert!(!feed.contains("evil.example"), "{feed}");
    assert!(
        feed.contains("https://protokoll.svenljunga.test/anslagstavla"),
        "{feed}"
    );

    // Each organization has its own board, by host name.
    for (host, name) in [
        ("protokoll.svenljunga.test", "Svenljunga kommun"),
        ("protokoll.exempelby.test", "Exempelby kommun"),
    ] {
        let r = reply(
            agent()
                .get(&format!("{}/api/anslagstavla", server.base))
                .header("Host", host)
                .call()
                .unwrap(),
        );
        let board: serde_json::Value = serde_json::from_slice(&r.body).unwrap();
        assert_eq!(board["organization"], name, "{host}");
        let page = reply(
            agent()
                .get(&format!("{}/anslagstavla", server.base))
                .header("Host", host)
                .call()
                .unwrap(),
        )
        .text();
        assert!(page.contains(name), "{host}");
    }
    // Svenljunga's current notice is on its own board only.
    let notices = |host: &str| -> Vec<String> {
        let r = reply(
            agent()
                .get(&format!("{}/api/anslagstavla", server.base))
                .header("Host", host)
                .call()
                .unwrap(),
        );
        let v: serde_json::Value = serde_json::from_slice(&r.body).unwrap();
        v["notices"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n["meeting_id"].as_str().unwrap().to_owned())
            .collect()
    };
    assert!(
        notices("protokoll.svenljunga.test")
            .iter()
            .any(|m| m == "6d1c4a3e-2f0b-4c1e-9a57-d0000000a001")
    );
    assert!(notices("protokoll.exempelby.test").is_empty());
    // Its notice page and PDF are not found under the other organization's host.
    let svenljunga_notice = {
        let r = reply(
            agent()
                .get(&format!("{}/api/anslagstavla", server.base))
                .header("Host", "protokoll.svenljunga.test")
                .call()
                .unwrap(),
        );
        let v: serde_json::Value = serde_json::from_slice(&r.body).unwrap();
        v["notices"][0]["id"].as_str().unwrap().to_owned()
    };
    for suffix in ["", "/protokoll", "/protokoll.pdf"] {
        let path = format!("/anslagstavla/anslag/{svenljunga_notice}{suffix}");
        let own = reply(
            agent()
                .get(&format!("{}{path}", server.base))
                .header("Host", "protokoll.svenljunga.test")
                .call()
                .unwrap(),
        );
        assert_eq!(own.status, 200, "{path}");
        let other = reply(
            agent()
                .get(&format!("{}{path}", server.base))
                .header("Host", "protokoll.exempelby.test")
                .call()
                .unwrap(),
        );
        assert_eq!(other.status, 404, "{path} under the other host");
    }

    let before = server.get(&format!("/api/sammantraden/{LIVE}"), None);
    assert_eq!(before.status, 401);

    for user in ["eva", "adam"] {
        let cookie = server
            .login(user, PASSWORD)
            .unwrap_or_else(|r| panic!("{user}: {}", r.text()));
        let csrf = hidden(&server.get("/justering", Some(&cookie)).text(), "csrf");
        // Their own meeting is theirs...
        assert_eq!(
            server
                .get(&format!("/sammantraden/{OTHER_MEETING}"), Some(&cookie))
                .status,
            200,
            "{user}"
        );
        // ...the other municipality's is not: not listed, not readable, not changeable.
        let list = server.get("/sammantraden", Some(&cookie)).text();
        assert!(
            !list.contains(LIVE),
            "{user} sees Svenljunga's meeting in the list"
        );
        for path in [
            format!("/sammantraden/{LIVE}"),
            format!("/sammantraden/{LIVE}/paragraf/163"),
            format!("/justering/{LIVE}"),
            format!("/api/sammantraden/{LIVE}"),
            format!("/sammantraden/{LIVE}/handelser"),
        ] {
            let status = if path.ends_with("handelser") {
                agent()
                    .get(&format!("{}{path}", server.base))
                    .header("Cookie", &cookie)
                    .call()
                    .unwrap()
                    .status()
                    .as_u16()
            } else {
                server.get(&path, Some(&cookie)).status
            };
            assert!(matches!(status, 403 | 404), "{user} {path}: {status}");
        }
        let r = server.post_form(
            &format!("/sammantraden/{LIVE}/andra"),
            Some(&cookie),
            &[
                ("csrf", &csrf),
                ("action", "add_official"),
                ("name", "Inkräktare"),
                ("title", "x"),
            ],
        );
        assert!(matches!(r.status, 403 | 404), "{user}: {}", r.status);
        // Nor reject or sign the other organization's protocol through the pages.
        for action in ["avvisa", "signera"] {
            let r = server.post_form(
                &format!("/justering/{LIVE}/{action}"),
                Some(&cookie),
                &[
                    ("csrf", &csrf),
                    ("comment", "Fel i § 163"),
                    ("password", PASSWORD),
                ],
            );
            assert!(
                matches!(r.status, 403 | 404),
                "{user} {action}: {}",
                r.status
            );
        }
    }
    // Through the API with a token.
    let r = reply(
        agent()
            .post(&format!("{}/api/sammantraden/{LIVE}/andringar", server.base))
            .header("Authorization", &format!("Bearer {eva_token}"))
            .header("Content-Type", "application/json")
            .send(serde_json::json!({ "action": "add_official", "official": { "name": "Inkräktare", "title": "x" } }).to_string())
            .unwrap(),
    );
    assert!(matches!(r.status, 403 | 404), "{}", r.text());
    // And the other way round: Svenljunga's secretary and administrator cannot reach Exempelby's.
    for user in ["alexandra", "admin"] {
        let cookie = server.login(user, PASSWORD).unwrap();
        for path in [
            format!("/sammantraden/{OTHER_MEETING}"),
            format!("/api/sammantraden/{OTHER_MEETING}"),
        ] {
            let status = server.get(&path, Some(&cookie)).status;
            assert!(matches!(status, 403 | 404), "{user} {path}: {status}");
        }
    }
    // Nothing was changed: Svenljunga's meeting has no intruder.
    let cookie = server.login("alexandra", PASSWORD).unwrap();
    assert!(
        !server
            .get(&format!("/sammantraden/{LIVE}"), Some(&cookie))
            .text()
            .contains("Inkräktare")
    );
}
