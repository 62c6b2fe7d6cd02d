//! The authorization matrix: every route (pages and JSON API) for the five roles of one
//! organization and the member, secretary and administrator of a second one.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod support;

use std::path::Path;
use std::process::{Command, Stdio};

use support::*;

const LIVE: &str = "6d1c4a3e-2f0b-4c1e-9a57-d0000000a002";
const SEED: &str = include_str!("../../../tests/fixtures/ks-2024-10-21.json");
const PASSWORD: &str = "justera-demo-2024";
const PATRIK: &str = "00000000-0000-4000-8000-000000000105";
const JOHAN: &str = "00000000-0000-4000-8000-000000000101";
const KS: &str = "00000000-0000-4000-8000-000000000010";
/// The board of the second organization (`other_organization`).
const OTHER_KS: &str = "00000000-0000-4000-8000-900000000010";

/// The JSON body the authorization matrix sends to a state-changing API route: one that
/// reads, so that the caller's role decides the answer.
fn api_body(method: &str, path: &str) -> Option<serde_json::Value> {
    if !path.starts_with("/api/") || method == "GET" {
        return None;
    }
    Some(if path == "/api/anvandare/johan" {
        serde_json::json!({ "display_name": "Johan Björkman", "roles": [{ "role": "member" }], "person": JOHAN, "active": true })
    } else if path == "/api/anvandare" {
        serde_json::json!({ "username": "ny.person", "display_name": "Ny Person", "roles": [] })
    } else if path.ends_with("/anslag") {
        serde_json::json!({ "index": 0, "municipality": "Marks kommun", "posted": "2026-12-01" })
    } else if path.ends_with("/uppdrag") {
        serde_json::json!({ "mandate": "inte-ett-id", "last_day": "2027-05-31" })
    } else {
        serde_json::json!({})
    })
}

/// A second body (Barn- och utbildningsnämnden) with a secretary of its own.
/// `justera user add` with the password on standard input.
fn add_user(dir: &Path, args: &[&str]) {
    let db = db_url(dir);
    let mut child = Command::new(env!("CARGO_BIN_EXE_justera"))
        .args(["user", "add"])
        .args(args)
        .current_dir(dir)
        .env("DATABASE_URL", &db)
        .env("JUSTERA_MASTER_KEY_FILE", dir.join("data/master.key"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(format!("{PASSWORD}\n").as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A second municipality in the same installation, with a member, a secretary and an
/// administrator of its own (user names "e-…").
fn other_organization(dir: &Path) {
    let db = db_url(dir);
    let text = SEED
        .replace("00000000-0000-4000-8000-0", "00000000-0000-4000-8000-9")
        .replace(
            "6d1c4a3e-2f0b-4c1e-9a57-202410210001",
            "6d1c4a3e-2f0b-4c1e-9a57-e0e000000001",
        )
        .replace("Svenljunga kommun", "Västby kommun");
    std::fs::write(dir.join("exempelby.json"), text).unwrap();
    for args in [
        vec!["import", "exempelby.json"],
        vec!["ca", "init", "--org", "Västby kommun"],
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_justera"))
            .args(&args)
            .current_dir(dir)
            .env("DATABASE_URL", &db)
            .env("JUSTERA_MASTER_KEY_FILE", dir.join("data/master.key"))
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    for (user, role, extra) in [
        (
            "e-ledamot",
            "member",
            vec!["--person", "00000000-0000-4000-8000-900000000101"],
        ),
        ("e-sekr", "secretary", vec!["--body", "KS"]),
        ("e-admin", "administrator", vec![]),
    ] {
        let mut args = vec![
            user,
            "--name",
            user,
            "--role",
            role,
            "--org",
            "Västby kommun",
        ];
        args.extend(extra);
        add_user(dir, &args);
    }
}

fn other_body(dir: &Path) {
    let db = db_url(dir);
    let mut v: serde_json::Value = serde_json::from_str(SEED).unwrap();
    let body = "00000000-0000-4000-8000-0000000000b0";
    v["body"]["id"] = body.into();
    v["body"]["name"] = "Barn- och utbildningsnämnden".into();
    v["body"]["definite_name"] = "barn- och utbildningsnämnden".into();
    v["body"]["short_name"] = "BUN".into();
    v["body"]["kind"] = "committee".into();
    for (i, m) in v["mandates"].as_array_mut().unwrap().iter_mut().enumerate() {
        m["body_id"] = body.into();
        m["id"] = format!("00000000-0000-4000-8000-00000000b{i:03}").into();
    }
    v["meeting"]["id"] = "6d1c4a3e-2f0b-4c1e-9a57-b0b000000001".into();
    v["meeting"]["body_id"] = body.into();
    std::fs::write(dir.join("bun.json"), v.to_string()).unwrap();
    let out = justera(dir, &db, &["import", "bun.json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut child = Command::new(env!("CARGO_BIN_EXE_justera"))
        .args([
            "user",
            "add",
            "bun-sekr",
            "--name",
            "Berit Bun",
            "--role",
            "secretary",
            "--body",
            "BUN",
        ])
        .current_dir(dir)
        .env("DATABASE_URL", &db)
        .env("JUSTERA_MASTER_KEY_FILE", dir.join("data/master.key"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(format!("{PASSWORD}\n").as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn every_route_gives_each_role_exactly_its_access() {
    let dir = tempfile::tempdir().unwrap();
    let db = db_url(dir.path());
    let out = justera(dir.path(), &db, &["demo", "--data", "data", "--setup-only"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    other_body(dir.path());
    other_organization(dir.path());
    let server = serve(dir.path(), &db, None);

    let roles = [
        "anonymous",
        "member",
        "other-secretary",
        "secretary",
        "administrator",
    ];
    let users = [
        None,
        Some("johan"),
        Some("bun-sekr"),
        Some("alexandra"),
        Some("admin"),
    ];
    let sessions: Vec<Option<(String, String)>> = users
        .iter()
        .map(|u| {
            u.map(|u| {
                let c = server
                    .login(u, PASSWORD)
                    .unwrap_or_else(|r| panic!("{u}: {}", r.text()));
                let t = csrf(&server, &c);
                (c, t)
            })
        })
        .collect();

    // (method, path, expected status per role in the order above)
    let live = LIVE;
    let table: Vec<(&str, String, [u16; 5])> = vec![
        ("GET", "/healthz".into(), [200, 200, 200, 200, 200]),
        ("GET", "/readyz".into(), [200, 200, 200, 200, 200]),
        ("GET", "/anslagstavla".into(), [200, 200, 200, 200, 200]),
        (
            "GET",
            "/anslagstavla/arkiv".into(),
            [200, 200, 200, 200, 200],
        ),
        (
            "GET",
            format!("/anslagstavla/direkt/{live}"),
            [200, 200, 200, 200, 200],
        ),
        ("GET", "/api/anslagstavla".into(), [200, 200, 200, 200, 200]),
        ("GET", "/api/openapi.json".into(), [200, 200, 200, 200, 200]),
        ("GET", "/justering".into(), [401, 200, 200, 200, 200]),
        ("GET", "/sammantraden".into(), [401, 403, 200, 200, 200]),
        (
            "GET",
            format!("/sammantraden/{live}"),
            [401, 403, 403, 200, 200],
        ),
        (
            "GET",
            format!("/sammantraden/{live}/paragraf/163"),
            [401, 403, 403, 200, 200],
        ),
        (
            "GET",
            format!("/sammantraden/{live}/handelser"),
            [401, 200, 200, 200, 200],
        ),
        (
            "GET",
            format!("/justering/{live}"),
            [401, 403, 403, 200, 200],
        ),
        (
            "GET",
            format!("/api/sammantraden/{live}"),
            [401, 403, 403, 200, 200],
        ),
        ("GET", "/api/sammantraden".into(), [401, 200, 200, 200, 200]),
        ("GET", "/api/justering".into(), [401, 200, 200, 200, 200]),
        (
            "POST",
            format!("/sammantraden/{live}/andra"),
            [401, 403, 403, 303, 303],
        ),
        (
            "POST",
            format!("/sammantraden/{live}/omedelbar"),
            [401, 403, 403, 422, 422],
        ),
        (
            "POST",
            format!("/sammantraden/{live}/anslag"),
            // (not a joint committee's posted notice: refused, nothing saved)
            [401, 403, 403, 422, 422],
        ),
        (
            "POST",
            format!("/sammantraden/{live}/skicka"),
            [401, 403, 403, 422, 422],
        ),
        ("POST", "/sammantraden".into(), [401, 403, 403, 303, 303]),
        // Administration: the organization's administrator only; another organization's
        // body is not found.
        ("GET", "/administration".into(), [401, 403, 403, 403, 200]),
        ("GET", "/api/organ".into(), [401, 403, 403, 403, 200]),
        (
            "GET",
            "/administration/anvandare".into(),
            [401, 403, 403, 403, 200],
        ),
        (
            "POST",
            "/administration/anvandare/atgard".into(),
            // (an action the page does not have: refused)
            [401, 403, 403, 403, 400],
        ),
        (
            "POST",
            "/administration/anvandare".into(),
            // (the matrix's form lacks the username: refused, nothing saved)
            [401, 403, 403, 403, 422],
        ),
        (
            "GET",
            "/administration/anvandare/johan".into(),
            [401, 403, 403, 403, 200],
        ),
        (
            "POST",
            "/administration/anvandare/johan".into(),
            // (the matrix's form lacks the name: refused, nothing saved)
            [401, 403, 403, 403, 422],
        ),
        ("GET", "/api/anvandare".into(), [401, 403, 403, 403, 200]),
        ("GET", "/api/personer".into(), [401, 403, 403, 403, 200]),
        (
            "POST",
            format!("/api/sammantraden/{live}/anslag"),
            // (not a joint committee's posted notice: refused, nothing saved)
            [401, 403, 403, 422, 422],
        ),
        (
            "GET",
            "/administration/personer".into(),
            [401, 403, 403, 403, 200],
        ),
        (
            "GET",
            "/api/anvandare/johan".into(),
            [401, 403, 403, 403, 200],
        ),
        (
            "POST",
            "/api/anvandare/johan/losenordslank".into(),
            [401, 403, 403, 403, 201],
        ),
        (
            "GET",
            format!("/konto/{}", "ab".repeat(32)),
            [404, 404, 404, 404, 404],
        ),
        (
            "POST",
            "/administration/organ".into(),
            // (the matrix's form lacks the body's kind and names: refused)
            [401, 403, 403, 403, 422],
        ),
        (
            "POST",
            format!("/administration/organ/{KS}/uppgifter"),
            [401, 403, 403, 403, 422],
        ),
        (
            "POST",
            format!("/administration/organ/{OTHER_KS}/uppgifter"),
            [401, 403, 403, 403, 404],
        ),
        ("GET", "/api/organisation".into(), [401, 403, 403, 403, 200]),
        (
            "POST",
            "/administration/installningar".into(),
            // (the matrix's form lacks the storage place: refused, nothing saved)
            [401, 403, 403, 403, 422],
        ),
        (
            "GET",
            format!("/administration/organ/{KS}"),
            [401, 403, 403, 403, 200],
        ),
        (
            "GET",
            format!(
                "/administration/organ/{KS}/sammansattning.csv?fran=2031-01-01&till=2034-12-31"
            ),
            [401, 403, 403, 403, 200],
        ),
        (
            "GET",
            format!("/administration/organ/{OTHER_KS}"),
            [401, 403, 403, 403, 404],
        ),
        (
            "POST",
            format!("/administration/organ/{KS}/mandatperiod"),
            // (an ordinary form where a file upload is expected)
            [401, 403, 403, 403, 400],
        ),
        (
            "POST",
            format!("/administration/organ/{OTHER_KS}/mandatperiod"),
            [401, 403, 403, 403, 404],
        ),
        // The administrator's API with a body that reads (so the role decides, not the
        // body's shape).
        (
            "PUT",
            "/api/anvandare/johan".into(),
            [401, 403, 403, 403, 200],
        ),
        ("POST", "/api/anvandare".into(), [401, 403, 403, 403, 201]),
        (
            "DELETE",
            "/api/anvandare/patrik/sessioner".into(),
            [401, 403, 403, 403, 204],
        ),
        (
            "DELETE",
            "/api/anvandare/patrik/tvastegsverifiering".into(),
            [401, 403, 403, 403, 204],
        ),
        (
            "DELETE",
            "/api/anvandare/patrik/token/finns-inte".into(),
            [401, 403, 403, 403, 404],
        ),
        (
            "POST",
            format!("/api/organ/{KS}/uppdrag"),
            [401, 403, 403, 403, 404],
        ),
        (
            "POST",
            format!("/administration/organ/{KS}/uppdrag"),
            // (the matrix's form names no mandate: refused, nothing saved)
            [401, 403, 403, 403, 422],
        ),
        (
            "POST",
            format!("/administration/organ/{OTHER_KS}/uppdrag"),
            [401, 403, 403, 403, 404],
        ),
        (
            "GET",
            format!("/justering/{live}/protokoll.pdf"),
            [401, 403, 403, 404, 404],
        ),
        (
            "POST",
            format!("/justering/{live}/signera"),
            [401, 403, 403, 422, 422],
        ),
        (
            "POST",
            format!("/justering/{live}/avvisa"),
            [401, 403, 403, 422, 422],
        ),
    ];
    let mut failures = Vec::new();
    for (method, path, expected) in &table {
        for (i, role) in roles.iter().enumerate() {
            let session = sessions[i].as_ref();
            let status = if let Some(json) = api_body(method, path) {
                let (c, t) = session.map_or(("", ""), |(c, t)| (c.as_str(), t.as_str()));
                api_json(&server.base, method, path, c, t, Some(&json)).status
            } else if *method == "GET" {
                let mut req = agent().get(&format!("{}{path}", server.base));
                if let Some((c, _)) = session {
                    req = req.header("Cookie", c);
                }
                // Headers are enough (the event stream never ends).
                req.call().unwrap().status().as_u16()
            } else {
                let csrf = session.map(|(_, t)| t.as_str()).unwrap_or("");
                let fields: Vec<(&str, &str)> = if path == "/sammantraden" {
                    vec![
                        ("csrf", csrf),
                        ("body", "00000000-0000-4000-8000-000000000010"),
                        ("date", "2026-12-21"),
                        ("starts_at", "13.30"),
                        ("place", "Kommunhuset"),
                        ("chair", JOHAN),
                        ("adjuster", PATRIK),
                        ("secretary", "Alexandra Skoog"),
                    ]
                } else {
                    vec![
                        ("csrf", csrf),
                        ("action", "add_official"),
                        ("name", "Emelie Romland"),
                        ("title", "kanslichef"),
                    ]
                };
                server
                    .post_form(path, session.map(|(c, _)| c.as_str()), &fields)
                    .status
            };
            if status != expected[i] {
                failures.push(format!(
                    "{method} {path} as {role}: {status}, expected {}",
                    expected[i]
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));

    // The other municipality's member, secretary and administrator: everything of this one's
    // that is not public is closed to them (lists answer, without this one's meetings).
    for user in ["e-ledamot", "e-sekr", "e-admin"] {
        let cookie = server
            .login(user, PASSWORD)
            .unwrap_or_else(|r| panic!("{user}: {}", r.text()));
        let token = csrf(&server, &cookie);
        for (method, path, expected) in &table {
            // Their own board's administration and their own settings are theirs.
            if path.contains(OTHER_KS)
                || path == "/administration/installningar"
                || path == "/administration/organ"
                || path == "/administration/anvandare/atgard"
                || path == "/administration/anvandare"
                || (path == "/api/anvandare" && *method == "POST")
                || path == "/api/organisation"
            {
                continue;
            }
            let public = expected[0] == 200;
            let list = matches!(
                path.as_str(),
                "/justering"
                    | "/sammantraden"
                    | "/api/sammantraden"
                    | "/api/justering"
                    | "/administration"
                    | "/api/organ"
                    | "/administration/anvandare"
                    | "/api/anvandare"
                    | "/administration/personer"
                    | "/api/personer"
            ) || path.ends_with("/handelser");
            let (status, body) = if let Some(json) = api_body(method, path) {
                (
                    api_json(&server.base, method, path, &cookie, &token, Some(&json)).status,
                    String::new(),
                )
            } else if *method == "GET" {
                if path.ends_with("/handelser") {
                    let r = agent()
                        .get(&format!("{}{path}", server.base))
                        .header("Cookie", &cookie)
                        .call()
                        .unwrap();
                    (r.status().as_u16(), String::new())
                } else {
                    let r = server.get(path, Some(&cookie));
                    (r.status, r.text())
                }
            } else {
                let fields = [
                    ("csrf", token.as_str()),
                    ("body", "00000000-0000-4000-8000-000000000010"),
                    ("date", "2026-12-21"),
                    ("starts_at", "13.30"),
                    ("place", "Kommunhuset"),
                    ("chair", JOHAN),
                    ("secretary", "Inkräktare"),
                    ("action", "add_official"),
                    ("name", "Inkräktare"),
                    ("title", "x"),
                    ("comment", "Fel"),
                    ("password", PASSWORD),
                    ("paragraphs", "163"),
                ];
                (
                    server.post_form(path, Some(&cookie), &fields).status,
                    String::new(),
                )
            };
            let ok = if public {
                status == 200
            } else if path.ends_with("/handelser") {
                matches!(status, 403 | 404)
            } else if list && *method == "GET" {
                (status == 200 && !body.contains(LIVE) && !body.contains(KS)) || status == 403
            } else {
                matches!(status, 403 | 404)
            };
            if !ok {
                failures.push(format!(
                    "{method} {path} as {user} of another organization: {status}"
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // Nothing of theirs reached this organization's meeting.
    let cookie = server.login("alexandra", PASSWORD).unwrap();
    assert!(
        !server
            .get(&format!("/sammantraden/{LIVE}"), Some(&cookie))
            .text()
            .contains("Inkräktare")
    );
}
