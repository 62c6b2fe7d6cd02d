//! Backups: an online copy of the demo database is written and checked, restored into a new
//! place, and everything still verifies there — every stored signature and the audit chain. A
//! damaged backup is refused and nothing is replaced; an existing database is only replaced
//! with --force, and then moved aside, not deleted.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod support;

use support::justera;

const SEED_ID: &str = "6d1c4a3e-2f0b-4c1e-9a57-202410210001";
const RECENT_ID: &str = "6d1c4a3e-2f0b-4c1e-9a57-d0000000a001";

fn ok(out: &std::process::Output) -> String {
    assert!(
        out.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn a_backup_restores_with_every_signature_and_the_audit_chain_intact() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let db = format!("sqlite://{}", d.join("data/justera.db").display());
    ok(&justera(
        d,
        &db,
        &["demo", "--data", "data", "--setup-only"],
    ));

    let text = ok(&justera(d, &db, &["backup", "--to", "kopia.db"]));
    assert!(text.contains("granskningsloggen obruten"), "{text}");
    let again = justera(d, &db, &["backup", "--to", "kopia.db"]);
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("finns redan"));

    let restored = format!("sqlite://{}", d.join("aterstalld/justera.db").display());
    let text = ok(&justera(d, &restored, &["restore", "--from", "kopia.db"]));
    assert!(text.contains("granskningsloggen obruten"), "{text}");
    let text = ok(&justera(d, &restored, &["verify-audit"]));
    assert!(text.contains("obruten"), "{text}");
    for (id, file) in [(SEED_ID, "seed.pdf"), (RECENT_ID, "recent.pdf")] {
        ok(&justera(
            d,
            &restored,
            &["render", id, "--document", "signed", "--out", file],
        ));
        let report = ok(&justera(d, &restored, &["verify", file, "--json"]));
        let v: serde_json::Value = serde_json::from_str(&report).unwrap();
        assert_eq!(v["ok"], true, "{report}");
        assert!(!v["registered_meeting"].is_null(), "{report}");
    }

    // Not over an existing database without --force; with it, the old one is kept aside.
    let refused = justera(d, &restored, &["restore", "--from", "kopia.db"]);
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("--force"));
    ok(&justera(
        d,
        &restored,
        &["restore", "--from", "kopia.db", "--force"],
    ));
    let aside = std::fs::read_dir(d.join("aterstalld"))
        .unwrap()
        .filter_map(Result::ok)
        .any(|e| {
            e.file_name()
                .to_string_lossy()
                .contains("fore-aterstallning")
        });
    assert!(aside, "the replaced database was not kept");

    // A damaged backup is refused and the database in place is untouched.
    let bytes = std::fs::read(d.join("kopia.db")).unwrap();
    std::fs::write(d.join("trasig.db"), &bytes[..bytes.len() / 3]).unwrap();
    let before = std::fs::read(d.join("aterstalld/justera.db")).unwrap();
    let refused = justera(d, &restored, &["restore", "--from", "trasig.db", "--force"]);
    assert!(!refused.status.success());
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains("kan inte återställas"),
        "{}",
        String::from_utf8_lossy(&refused.stderr)
    );
    assert_eq!(
        std::fs::read(d.join("aterstalld/justera.db")).unwrap(),
        before
    );
}
