//! The deployment files are checked by the tools that will read them: `nginx -t` on the
//! reverse-proxy configuration and `systemd-analyze verify` on the unit. (The container file
//! needs a registry this machine cannot reach; it is built by the hosting pipeline.)
//!
//! Skips loudly without nginx or systemd-analyze unless JUSTERA_REQUIRE_DEPLOY_TOOLS is set.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::path::PathBuf;
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn have(tool: &str) -> bool {
    let ok = Command::new(tool).arg("-h").output().is_ok()
        || Command::new(tool).arg("--version").output().is_ok();
    if !ok {
        assert!(
            std::env::var_os("JUSTERA_REQUIRE_DEPLOY_TOOLS").is_none(),
            "{tool} is required (JUSTERA_REQUIRE_DEPLOY_TOOLS) but missing"
        );
        eprintln!("\n!!! HOPPAR ÖVER kontrollen med {tool}: programmet saknas !!!\n");
    }
    ok
}

fn nginx() -> Option<PathBuf> {
    ["nginx", "/usr/sbin/nginx"]
        .into_iter()
        .map(PathBuf::from)
        .find(|p| Command::new(p).arg("-v").output().is_ok())
}

#[test]
fn the_nginx_configuration_is_accepted_by_nginx() {
    let Some(nginx) = nginx() else {
        have("nginx");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // A self-signed certificate where the configuration expects the real one.
    let out = Command::new("openssl")
        .args([
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=protokoll.example.se",
        ])
        .arg("-keyout")
        .arg(d.join("privkey.pem"))
        .arg("-out")
        .arg(d.join("fullchain.pem"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let site = std::fs::read_to_string(root().join("deploy/nginx.conf"))
        .unwrap()
        .replace("/etc/ssl/justera/", &format!("{}/", d.display()));
    std::fs::write(d.join("justera.conf"), site).unwrap();
    std::fs::write(
        d.join("nginx.conf"),
        format!(
            "pid {0}/nginx.pid;\nerror_log {0}/error.log;\nevents {{}}\nhttp {{\n  access_log off;\n  client_body_temp_path {0};\n  proxy_temp_path {0};\n  include {0}/justera.conf;\n}}\n",
            d.display()
        ),
    )
    .unwrap();
    let out = Command::new(nginx)
        .args(["-t", "-q", "-p"])
        .arg(d)
        .arg("-c")
        .arg(d.join("nginx.conf"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "nginx -t refused deploy/nginx.conf:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn the_systemd_unit_verifies() {
    if !have("systemd-analyze") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let unit = std::fs::read_to_string(root().join("deploy/justera.service"))
        .unwrap()
        .replace("/usr/local/bin/justera", env!("CARGO_BIN_EXE_justera"));
    let path = dir.path().join("justera.service");
    std::fs::write(&path, unit).unwrap();
    let out = Command::new("systemd-analyze")
        .arg("verify")
        .arg(&path)
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    // Only complaints about this unit count (the host's own units may be untidy).
    let ours: Vec<&str> = text
        .lines()
        .filter(|l| l.contains("justera.service"))
        .collect();
    assert!(
        ours.is_empty() && out.status.success(),
        "systemd-analyze verify:\n{text}"
    );
}
