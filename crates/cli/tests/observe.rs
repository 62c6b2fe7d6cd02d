//! Observability: request ids, JSON log lines, health and readiness, and Prometheus metrics on
//! their own listener (not on the public site).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod support;

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use support::*;

#[test]
fn request_ids_json_logs_and_metrics_on_an_internal_listener() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let db = format!("sqlite://{}", d.join("data/justera.db").display());
    let out = justera(d, &db, &["demo", "--data", "data", "--setup-only"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (port, metrics_port) = (free_port(), free_port());
    let log = std::fs::File::create(d.join("server.log")).unwrap();
    let child = Command::new(env!("CARGO_BIN_EXE_justera"))
        .args(["serve", "--port", &port.to_string()])
        .current_dir(d)
        .env("DATABASE_URL", &db)
        .env("JUSTERA_LOG", "json")
        .env("JUSTERA_METRICS_ADDR", format!("127.0.0.1:{metrics_port}"))
        .stdout(Stdio::null())
        .stderr(log)
        .spawn()
        .unwrap();
    let server = Server {
        child,
        base: format!("http://127.0.0.1:{port}"),
    };
    let started = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", metrics_port)).is_err()
        || std::net::TcpStream::connect(("127.0.0.1", port)).is_err()
    {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "server did not start"
        );
        std::thread::sleep(Duration::from_millis(50));
    }

    // A sane request id from the proxy is kept and returned; a hostile one is replaced.
    let r = reply(
        agent()
            .get(&format!("{}/anslagstavla/arkiv", server.base))
            .header("X-Request-Id", "proxy-1234abcd")
            .call()
            .unwrap(),
    );
    assert_eq!(r.header("x-request-id"), Some("proxy-1234abcd"));
    let r = reply(
        agent()
            .get(&format!("{}/finns-inte", server.base))
            .header("X-Request-Id", "<script>")
            .call()
            .unwrap(),
    );
    assert_eq!(r.status, 404);
    let made = r.header("x-request-id").unwrap().to_owned();
    assert_eq!(made.len(), 32, "{made}");

    assert_eq!(server.get("/healthz", None).status, 200);
    assert_eq!(server.get("/readyz", None).status, 200);
    // Metrics are not on the public site...
    assert_eq!(server.get("/metrics", None).status, 404);
    // ...but on the internal listener, counting what happened.
    let m = reply(
        agent()
            .get(&format!("http://127.0.0.1:{metrics_port}/metrics"))
            .call()
            .unwrap(),
    )
    .text();
    assert!(
        m.contains("# TYPE justera_http_request_duration_seconds histogram"),
        "{m}"
    );
    let count = |class: &str| -> u64 {
        m.lines()
            .find(|l| l.starts_with(&format!("justera_http_requests_total{{class=\"{class}\"}}")))
            .and_then(|l| l.rsplit(' ').next())
            .and_then(|v| v.parse().ok())
            .unwrap()
    };
    assert!(count("2xx") >= 3, "{m}");
    assert!(count("4xx") >= 2, "{m}");
    assert!(m.contains("justera_db_pool_idle"), "{m}");

    // One JSON line per request with its id and status; no query strings.
    drop(server);
    let log = std::fs::read_to_string(d.join("server.log")).unwrap();
    let lines: Vec<serde_json::Value> = log
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect();
    let arkiv = lines
        .iter()
        .find(|l| l["request_id"] == "proxy-1234abcd")
        .unwrap_or_else(|| panic!("{log}"));
    assert_eq!(arkiv["path"], "/anslagstavla/arkiv");
    assert_eq!(arkiv["status"], 200);
    let missing = lines
        .iter()
        .find(|l| l["request_id"] == made.as_str())
        .unwrap();
    assert_eq!(missing["status"], 404);
}

#[test]
fn a_settings_file_is_validated_at_start_and_used() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let db = format!("sqlite://{}", d.join("data/justera.db").display());
    let out = justera(d, &db, &["demo", "--data", "data", "--setup-only"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    // A misspelled key and a bad value: refused at start, naming the setting.
    std::fs::write(d.join("fel.toml"), "prot = 8080\n").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_justera"))
        .args(["serve", "--config", "fel.toml"])
        .current_dir(d)
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("fel.toml") && err.contains("prot"), "{err}");
    std::fs::write(d.join("fel2.toml"), "log = \"xml\"\n").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_justera"))
        .args(["serve", "--config", "fel2.toml"])
        .current_dir(d)
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("inställningen log"));

    // A good file: its database and port are used (no DATABASE_URL in the environment).
    let port = free_port();
    std::fs::write(
        d.join("justera.toml"),
        format!("database_url = \"{db}\"\nport = {port}\nlog = \"json\"\nsession_minutes = 30\n"),
    )
    .unwrap();
    let child = Command::new(env!("CARGO_BIN_EXE_justera"))
        .args(["serve"])
        .current_dir(d)
        .env_remove("DATABASE_URL")
        .env("JUSTERA_CONFIG", d.join("justera.toml"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let server = Server {
        child,
        base: format!("http://127.0.0.1:{port}"),
    };
    let started = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "server did not start from the file"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let board = server.get("/api/anslagstavla", None);
    assert_eq!(board.status, 200);
    assert!(
        board.text().contains("Svenljunga"),
        "the file's database was not used"
    );
}
