//! Cross-check of every non-workday 1990–2100 against the PyPI `holidays` package (Sweden) plus
//! the three "afton" days. Skips loudly when Python or the package is missing, unless
//! `JUSTERA_REQUIRE_CROSSCHECK=1` (as in CI), which makes it mandatory.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;
use std::process::Command;

#[test]
fn non_workdays_agree_with_an_independent_implementation() {
    let required = std::env::var("JUSTERA_REQUIRE_CROSSCHECK").is_ok_and(|v| v == "1");
    let script =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/crosscheck/holidays_sweden.py");
    let out = match Command::new("python3")
        .arg(&script)
        .arg(env!("CARGO_BIN_EXE_justera"))
        .output()
    {
        Ok(out) => out,
        Err(e) if !required => {
            eprintln!("\n!!! SKIPPING holiday cross-check: python3 not runnable ({e}) !!!\n");
            return;
        }
        Err(e) => panic!("python3 not runnable: {e}"),
    };
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    if out.status.code() == Some(3) && !required {
        eprintln!(
            "\n!!! SKIPPING holiday cross-check: pip install holidays (CI sets JUSTERA_REQUIRE_CROSSCHECK=1) !!!\n"
        );
        return;
    }
    assert!(
        out.status.success(),
        "cross-check failed:\n{stdout}\n{stderr}"
    );
    assert!(
        stdout.contains("1990-2100") && stdout.contains("agree"),
        "{stdout}"
    );
}
