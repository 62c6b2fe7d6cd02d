//! The organization's revocation list (issue 16): published at the address its certificates
//! name, signed by its CA, and a disabled account's certificate on it from the next fetch.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod support;
#[path = "../../sign/tests/support/tsa.rs"]
mod tsa;

use std::process::Command;

use support::*;

const ORG: &str = "00000000-0000-4000-8000-000000000001";
const PUBLIC: &str = "https://protokoll.example.se";

/// `justera` on the test's database with `env` set and no master key unless `env` gives one.
fn justera_env(
    d: &std::path::Path,
    db: &str,
    args: &[&str],
    env: &[(&str, &str)],
) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_justera"))
        .args(args)
        .current_dir(d)
        .env("DATABASE_URL", db)
        .env_remove("JUSTERA_MASTER_KEY")
        .env_remove("JUSTERA_MASTER_KEY_FILE")
        .envs(env.iter().copied())
        .output()
        .unwrap()
}

fn openssl(args: &[&str]) -> (bool, String) {
    let out = Command::new("openssl").args(args).output().unwrap();
    (
        out.status.success(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    )
}

/// The list as openssl reads it, after checking its signature against the CA certificate.
fn read_list(dir: &std::path::Path, der: &[u8]) -> String {
    let path = dir.join("lista.crl");
    std::fs::write(&path, der).unwrap();
    let (ok, text) = openssl(&[
        "crl",
        "-inform",
        "DER",
        "-in",
        path.to_str().unwrap(),
        "-CAfile",
        dir.join("ca.pem").to_str().unwrap(),
        "-noout",
        "-text",
    ]);
    assert!(ok && text.contains("verify OK"), "{text}");
    text
}

fn revoked(text: &str) -> usize {
    text.matches("Serial Number:").count()
}

#[test]
fn a_disabled_accounts_certificate_is_on_the_published_revocation_list() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let db = db_url(d);
    // The demo set up with a public address: its certificates name the list there.
    let out = justera_env(
        d,
        &db,
        &["demo", "--data", "data", "--setup-only"],
        &[("JUSTERA_PUBLIC_URL", PUBLIC)],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let master = d.join("data/master.key");
    let server = serve_with(
        d,
        &db,
        &[
            ("JUSTERA_MASTER_KEY_FILE", master.to_str().unwrap()),
            ("JUSTERA_PUBLIC_URL", PUBLIC),
        ],
        std::process::Stdio::inherit(),
    );
    std::fs::write(
        d.join("ca.pem"),
        server.get("/anslagstavla/ca.pem", None).body,
    )
    .unwrap();

    // The demo's signer certificates name the list's address.
    let url = format!("{PUBLIC}/anslagstavla/ca/{ORG}.crl");
    {
        let mut store = justera_store::Store::open(&db, justera_store::OpenMode::Existing).unwrap();
        let user = store
            .find_user(ORG.parse().unwrap(), "alexandra")
            .unwrap()
            .unwrap();
        let key = store.current_signing_key(&user.id).unwrap().unwrap();
        assert_eq!(
            justera_sign::crl::distribution_urls_der(&key.certificate),
            vec![url.clone()]
        );
    }
    // The demo's administrator's API token.
    let out = justera_env(d, &db, &["user", "token", "admin"], &[]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let token = String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .next()
        .unwrap()
        .to_owned();
    let (status, users) = api_bearer(&server.base, &token, "GET", "/api/anvandare", None).unwrap();
    assert_eq!(status, 200, "{users}");

    let path = format!("/anslagstavla/ca/{ORG}.crl");
    let first = server.get(&path, None);
    assert_eq!(first.status, 200, "{}", first.text());
    assert_eq!(first.header("content-type"), Some("application/pkix-crl"));
    let before = read_list(d, &first.body);
    assert!(before.contains("Next Update"), "{before}");

    // An account disabled: its key is retired and its certificate listed at the next fetch.
    let list = users.as_array().unwrap();
    let victim = list
        .iter()
        .find(|u| {
            u["active"] == true
                && u["username"] != "admin"
                && !u["roles"].to_string().contains("administrator")
        })
        .unwrap();
    let name = victim["username"].as_str().unwrap();
    let change = serde_json::json!({
        "display_name": victim["display_name"], "roles": victim["roles"],
        "person": victim["person"], "active": false
    });
    let (status, body) = api_bearer(
        &server.base,
        &token,
        "PUT",
        &format!("/api/anvandare/{name}"),
        Some(change),
    )
    .unwrap();
    assert_eq!(status, 200, "{body}");
    let second = server.get(&path, None);
    assert_eq!(second.status, 200);
    let after = read_list(d, &second.body);
    assert_eq!(revoked(&after), revoked(&before) + 1, "{after}");

    // The command for installations whose server does not hold the master key.
    let out = justera_env(
        d,
        &db,
        &["ca", "sparrlista", "--out", "cli.crl"],
        &[
            ("JUSTERA_MASTER_KEY_FILE", master.to_str().unwrap()),
            ("JUSTERA_PUBLIC_URL", PUBLIC),
        ],
    );
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        said.contains(&match revoked(&after) {
            1 => "1 spärrat certifikat".to_owned(),
            n => format!("{n} spärrade certifikat"),
        }),
        "{said}"
    );
    assert!(said.contains(&url), "{said}");
    let from_cli = read_list(d, &std::fs::read(d.join("cli.crl")).unwrap());
    assert_eq!(revoked(&from_cli), revoked(&after));
    // Without the master key it says so, in Swedish.
    let out = justera_env(d, &db, &["ca", "sparrlista"], &[]);
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("uvudnyckel"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    // Unknown organizations and names get a Swedish 404.
    for bad in [
        "/anslagstavla/ca/finns-inte.crl".to_owned(),
        format!("/anslagstavla/ca/{ORG}.pem"),
        "/anslagstavla/ca/00000000-0000-4000-8000-0000000000ff.crl".to_owned(),
    ] {
        let r = server.get(&bad, None);
        assert_eq!(r.status, 404, "{bad}");
        assert!(
            r.text().contains("Spärrlistan finns inte"),
            "{bad}: {}",
            r.text()
        );
    }
}

/// With a time-stamp authority configured, the demo's signed protocol is PAdES B-LTA in
/// Justera's verifier and passes pyHanko's long-term validation offline, also eight years on
/// when every signer certificate has expired.
#[test]
fn with_a_tsa_the_signed_protocol_is_b_lta_and_validates_long_term() {
    let Some(local) = tsa::start() else { return };
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let db = db_url(d);
    let run = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_justera"))
            .args(args)
            .current_dir(d)
            .env("DATABASE_URL", &db)
            .env("JUSTERA_PUBLIC_URL", PUBLIC)
            .env("JUSTERA_TSA_URL", &local.url)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    run(&["demo", "--data", "data", "--setup-only"]);
    let seed = "6d1c4a3e-2f0b-4c1e-9a57-202410210001";
    run(&["render", seed, "--document", "signed", "--out", "p.pdf"]);
    let v: serde_json::Value = serde_json::from_str(&run(&["verify", "p.pdf", "--json"])).unwrap();
    assert_eq!(v["ok"], true, "{v}");
    let levels: Vec<&str> = v["signatures"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["level"].as_str().unwrap())
        .collect();
    assert_eq!(levels, ["B-LTA", "B-LTA", "B-LTA"], "{v}");
    std::fs::write(d.join("ca.pem"), run(&["ca", "show", "--pem"])).unwrap();
    let script =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/pdf/ltv_check.py");
    for years in ["0", "8"] {
        let out = Command::new("python3")
            .arg(&script)
            .args(["p.pdf", "--trust", "ca.pem", "--tsa-trust"])
            .arg(&local.root)
            .args(["--years", years])
            .current_dir(d)
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout).into_owned()
            + &String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{years} år: {text}");
        assert_eq!(text.matches("AdESPassed.OK").count(), 3, "{text}");
    }
}
