//! End-to-end tests of the `justera` binary: real processes, a real database per test.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use justera_domain::document::MeetingDocument;

const SEED_ID: &str = "6d1c4a3e-2f0b-4c1e-9a57-202410210001";

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

struct Env {
    dir: tempfile::TempDir,
    url: String,
}

impl Env {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("j.db").display());
        Env { dir, url }
    }

    fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_justera"))
            .args(args)
            .env("DATABASE_URL", &self.url)
            .current_dir(self.dir.path())
            .output()
            .unwrap()
    }

    fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "justera {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    fn fails(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(!out.status.success(), "justera {args:?} should fail");
        String::from_utf8(out.stderr).unwrap()
    }

    fn write(&self, name: &str, text: &str) -> String {
        let p = self.dir.path().join(name);
        std::fs::write(&p, text).unwrap();
        p.display().to_string()
    }
}

fn seed_path() -> String {
    root()
        .join("tests/fixtures/ks-2024-10-21.json")
        .display()
        .to_string()
}

#[test]
fn show_matches_the_reviewed_golden_text() {
    let env = Env::new();
    env.ok(&["import", &seed_path()]);
    let shown = env.ok(&["show", &SEED_ID[..8]]);
    let golden_path = root().join("tests/golden/ks-2024-10-21.show.txt");
    if std::env::var("UPDATE_GOLDEN").is_ok_and(|v| v == "1") {
        std::fs::write(&golden_path, &shown).unwrap();
    }
    let golden = std::fs::read_to_string(golden_path).unwrap();
    assert_eq!(
        shown, golden,
        "run with UPDATE_GOLDEN=1 and review the diff"
    );
    assert!(shown.contains("Lennart Martinsson (SD) för Gerth Månsson (-)"));
    assert!(shown.contains("Publiceringen av tillkännagivandet upphör 2024-11-13"));
}

#[test]
fn import_export_round_trip() {
    let env = Env::new();
    let out = env.ok(&["import", &seed_path()]);
    assert!(out.contains(SEED_ID), "{out}");
    let exported = env.ok(&["export", SEED_ID]);
    let path = env.write("again.json", &exported);
    // The exported document imports into a fresh database and exports identically.
    let env2 = Env::new();
    env2.ok(&["import", &path]);
    assert_eq!(env2.ok(&["export", SEED_ID]), exported);
    // Nothing is lost: the exported document means exactly what the fixture means.
    let mut original =
        MeetingDocument::from_json(&std::fs::read_to_string(seed_path()).unwrap()).unwrap();
    original.canonicalize();
    assert_eq!(MeetingDocument::from_json(&exported).unwrap(), original);
}

#[test]
fn list_as_text_and_json() {
    let env = Env::new();
    env.ok(&["migrate"]);
    assert!(env.ok(&["list"]).contains("Inga sammanträden"));
    env.ok(&["import", &seed_path()]);
    let text = env.ok(&["list"]);
    assert!(text.contains("KS") && text.contains("2024-10-21"), "{text}");
    // Not adjusted in time: the deadline (meeting + 14 days) is flagged.
    assert!(
        text.contains("VARNING: skulle ha justerats senast 2024-11-04"),
        "{text}"
    );
    let json: serde_json::Value = serde_json::from_str(&env.ok(&["list", "--json"])).unwrap();
    assert_eq!(json[0]["id"], SEED_ID);
    assert_eq!(json[0]["status"], "closed");
    assert_eq!(json[0]["date"], "2024-10-21");
}

#[test]
fn dates_command() {
    let env = Env::new();
    let json: serde_json::Value =
        serde_json::from_str(&env.ok(&["dates", "--posted", "2024-10-22", "--json"])).unwrap();
    assert_eq!(json["posted"], "2024-10-22");
    assert_eq!(json["last_appeal_day"], "2024-11-12");
    assert_eq!(json["takedown"], "2024-11-13");
    let json: serde_json::Value = serde_json::from_str(&env.ok(&[
        "dates",
        "--posted",
        "2024-12-03",
        "--convention",
        "next-workday",
        "--json",
    ]))
    .unwrap();
    assert_eq!(json["last_appeal_day"], "2024-12-27");
    assert_eq!(json["takedown"], "2024-12-30");
    let text = env.ok(&["dates", "--posted", "2025-05-30"]);
    assert!(text.contains("2025-06-23"), "{text}");
    let err = env.fails(&["dates", "--posted", "2025-13-01"]);
    assert!(err.contains("är inget giltigt datum"), "{err}");
    let err = env.fails(&["dates", "--posted", "1970-01-01"]);
    assert!(err.contains("utanför kalenderns giltighet"), "{err}");
}

#[test]
fn holidays_command() {
    let env = Env::new();
    let text = env.ok(&["holidays", "2025"]);
    assert!(
        text.contains("2025-06-20  fredag   Midsommarafton"),
        "{text}"
    );
    assert!(
        text.contains("2025-06-06  fredag   Sveriges nationaldag"),
        "{text}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&env.ok(&["holidays", "2024", "--json"])).unwrap();
    let days = json.as_array().unwrap();
    assert_eq!(days.len(), 16);
    assert!(
        days.iter()
            .any(|d| d["date"] == "2024-11-02" && d["name"] == "Alla helgons dag")
    );
    assert!(env.fails(&["holidays", "1800"]).contains("1990–2199"));
}

#[test]
fn bad_input_gets_a_specific_error_and_changes_nothing() {
    let env = Env::new();
    // No database yet: read commands do not create one.
    let err = env.fails(&["list"]);
    assert!(
        err.contains("finns inte") && err.contains("justera migrate"),
        "{err}"
    );
    assert!(!env.dir.path().join("j.db").exists());
    // Malformed JSON.
    let bad = env.write("bad.json", "{ \"format\": \"justera-meeting/1\", ");
    let err = env.fails(&["import", &bad]);
    assert!(err.contains("fel i JSON-filen på rad 1"), "{err}");
    assert!(
        err.contains("texten tar slut mitt i JSON-innehållet"),
        "{err}"
    );
    assert!(!err.contains("EOF"), "{err}");
    // The command line's own errors are Swedish too.
    let err = env.fails(&["nosuch"]);
    assert!(err.contains("fel: okänt kommando 'nosuch'"), "{err}");
    assert!(
        !err.contains("error:") && !err.contains("For more information"),
        "{err}"
    );
    // A missing file.
    let err = env.fails(&["import", "nope.json"]);
    assert!(err.contains("filen finns inte"), "{err}");
    // A document that breaks a rule: a gap in the paragraph numbers.
    let seed = std::fs::read_to_string(seed_path()).unwrap();
    let mut doc: serde_json::Value = serde_json::from_str(&seed).unwrap();
    doc["meeting"]["paragraphs"]
        .as_array_mut()
        .unwrap()
        .remove(2);
    let gap = env.write("gap.json", &doc.to_string());
    let err = env.fails(&["import", &gap]);
    assert!(err.contains("§ 159 förväntades men § 160 kom"), "{err}");
    // A vote by someone who does not serve.
    let mut doc: serde_json::Value = serde_json::from_str(&seed).unwrap();
    doc["meeting"]["paragraphs"][5]["decision_order"]["steps"][0]["vote"] = serde_json::json!({
        "counter": {"kind": "proposal"},
        "roll_call": {"votes": []}
    });
    let bad_vote = env.write("vote.json", &doc.to_string());
    let err = env.fails(&["import", &bad_vote]);
    assert!(err.contains("§ 162"), "{err}");
    // Unknown format tag.
    let mut doc: serde_json::Value = serde_json::from_str(&seed).unwrap();
    doc["format"] = "justera-meeting/9".into();
    let err = env.fails(&["import", &env.write("fmt.json", &doc.to_string())]);
    assert!(err.contains("okänt filformat"), "{err}");
    // Nothing was written by the failures.
    env.ok(&["migrate"]);
    assert!(env.ok(&["list"]).contains("Inga sammanträden"));
    // Unknown meeting, unknown database scheme.
    assert!(env.fails(&["show", "abcdef12"]).contains("finns inte"));
    let out = Command::new(env!("CARGO_BIN_EXE_justera"))
        .args(["list"])
        .env("DATABASE_URL", "mysql://localhost/j")
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("okänt schema"));
}

#[test]
fn demo_creates_the_database_and_is_repeatable() {
    let dir = tempfile::tempdir().unwrap();
    let run = || {
        Command::new(env!("CARGO_BIN_EXE_justera"))
            .args(["demo", "--data", "demodata", "--setup-only"])
            .env_remove("DATABASE_URL")
            .current_dir(dir.path())
            .output()
            .unwrap()
    };
    let first = run();
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let text = String::from_utf8(first.stdout).unwrap();
    assert!(text.contains(&format!("justera show {SEED_ID}")), "{text}");
    assert!(dir.path().join("demodata/justera.db").exists());
    let second = run();
    assert!(second.status.success());
    assert!(
        String::from_utf8(second.stdout)
            .unwrap()
            .contains("fanns redan")
    );
}

#[test]
fn audit_chain_command() {
    let env = Env::new();
    env.ok(&["import", &seed_path()]);
    assert!(env.ok(&["verify-audit"]).contains("obruten (1 post)"));
}

#[test]
fn committed_schema_is_current() {
    let env = Env::new();
    let generated = env.ok(&["schema"]);
    let committed = std::fs::read_to_string(root().join("docs/meeting.schema.json")).unwrap();
    assert_eq!(
        generated, committed,
        "regenerate: justera schema > docs/meeting.schema.json"
    );
}

#[test]
fn help_is_swedish() {
    let env = Env::new();
    let help = env.ok(&["--help"]);
    assert!(help.contains("Läser in ett komplett sammanträde"), "{help}");
    assert!(help.contains("DATABASE_URL"));
    for cmd in [
        "migrate",
        "import",
        "export",
        "list",
        "show",
        "dates",
        "holidays",
        "demo",
        "verify-audit",
        "schema",
    ] {
        let help = env.ok(&[cmd, "--help"]);
        assert!(help.contains("Användning: justera"), "{cmd}: {help}");
        assert!(help.contains("Visar den här hjälpen"), "{cmd}: {help}");
        assert!(!help.contains("Print help"), "{cmd}: {help}");
    }
}

#[test]
fn render_writes_pdf_documents() {
    let env = Env::new();
    env.ok(&["import", &seed_path()]);
    for (doc, extra) in [
        ("minutes", vec![]),
        ("public", vec![]),
        ("notice", vec![]),
        ("extract", vec!["--paragraphs", "161,162"]),
    ] {
        let out = env.dir.path().join(format!("{doc}.pdf"));
        let out_s = out.display().to_string();
        let mut args = vec!["render", SEED_ID, "--document", doc, "--out", &out_s];
        args.extend(extra);
        let said = env.ok(&args);
        assert!(said.contains("PDF/A-2a"), "{said}");
        let bytes = std::fs::read(&out).unwrap();
        assert!(bytes.starts_with(b"%PDF-1.7"), "{doc}");
    }
    // Reproducible with SOURCE_DATE_EPOCH.
    let render = |name: &str| {
        let out = env.dir.path().join(name);
        let o = Command::new(env!("CARGO_BIN_EXE_justera"))
            .args(["render", SEED_ID, "--document", "minutes", "--out"])
            .arg(&out)
            .env("DATABASE_URL", &env.url)
            .env("SOURCE_DATE_EPOCH", "1729533600")
            .output()
            .unwrap();
        assert!(o.status.success());
        std::fs::read(out).unwrap()
    };
    assert_eq!(render("a.pdf"), render("b.pdf"));
    // Specific errors.
    let err = env.fails(&[
        "render",
        SEED_ID,
        "--document",
        "extract",
        "--paragraphs",
        "158",
        "--out",
        "x.pdf",
    ]);
    assert!(err.contains("§ 158 är inte justerad"), "{err}");
    let err = env.fails(&["render", SEED_ID, "--document", "extract", "--out", "x.pdf"]);
    assert!(err.contains("ange vilka paragrafer"), "{err}");
    assert!(!env.dir.path().join("x.pdf").exists());
}

fn run_in(dir: &Path, args: &[&str], stdin: &str, env: &[(&str, &str)]) -> Output {
    use std::io::Write as _;
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_justera"));
    cmd.args(args)
        .env_remove("DATABASE_URL")
        .current_dir(dir)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn demo_signs_the_seed_and_the_signed_original_verifies() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let out = run_in(d, &["demo", "--setup-only"], "", &[]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("alexandra") && text.contains("justera-demo-2024"),
        "{text}"
    );
    let out = run_in(
        d,
        &["render", SEED_ID, "--document", "signed", "--out", "p.pdf"],
        "",
        &[],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = run_in(d, &["verify", "p.pdf", "--json"], "", &[]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["ok"], true);
    assert_eq!(v["registered_meeting"], SEED_ID);
    assert_eq!(v["signatures"].as_array().unwrap().len(), 3);
    // The last signature is followed by its validation data (the DSS), nothing else.
    assert_eq!(v["signatures"][2]["covers"], "revision");
    assert_eq!(v["signatures"][2]["changes_after"], serde_json::json!([]));
    assert_eq!(v["signatures"][2]["revocation_in_file"], true);
    assert_eq!(v["signatures"][0]["level"], "B-B");
    // The validation report for the archive: the file, the verdict, each signature's level.
    let out = run_in(d, &["verify", "p.pdf", "--report", "rapport.json"], "", &[]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("Nivå: PAdES B-B, spärrinformation finns i filen"),
        "{text}"
    );
    let r: serde_json::Value =
        serde_json::from_slice(&std::fs::read(d.join("rapport.json")).unwrap()).unwrap();
    assert_eq!(r["format"], "justera-valideringsrapport/1");
    assert_eq!(r["file"]["name"], "p.pdf");
    assert_eq!(r["file"]["sha256"], v["sha256"]);
    assert_eq!(r["ok"], true);
    assert_eq!(r["registered_meeting"], SEED_ID);
    let levels: Vec<&str> = r["signatures"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["level"].as_str().unwrap())
        .collect();
    assert_eq!(levels, ["B-B", "B-B", "B-B"]);
    assert_eq!(r["signatures"][1]["role"], "Ordförande");
    assert_eq!(r["signatures"][1]["revocation_in_file"], true);
    // A report path that cannot be written is a Swedish error, not a panic.
    let out = run_in(
        d,
        &["verify", "p.pdf", "--report", "saknas/mapp/r.json"],
        "",
        &[],
    );
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("saknas/mapp/r.json"));
    // The meeting is posted with the ordinary adjustment's notice.
    let out = run_in(d, &["list", "--json"], "", &[]);
    let list: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let seed = list
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["id"] == SEED_ID)
        .unwrap();
    assert_eq!(seed["status"], "posted");
    // A modified copy fails verification with a non-zero exit.
    let mut bytes = std::fs::read(d.join("p.pdf")).unwrap();
    let n = bytes.len() / 4;
    bytes[n] ^= 0x01;
    std::fs::write(d.join("bad.pdf"), &bytes).unwrap();
    let out = run_in(d, &["verify", "bad.pdf"], "", &[]);
    assert!(!out.status.success());
    // The CA certificate for validators; pyHanko and pdfsig in the signature tests.
    let out = run_in(d, &["ca", "show", "--pem"], "", &[]);
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("-----BEGIN CERTIFICATE-----"));
    std::fs::write(d.join("ca.pem"), &out.stdout).unwrap();
    if Command::new("pyhanko").arg("--help").output().is_ok() {
        let out = Command::new("pyhanko")
            .args([
                "sign",
                "validate",
                "--trust",
                "ca.pem",
                "--trust-replace",
                "--no-revocation-check",
                "--executive-summary",
                "p.pdf",
            ])
            .current_dir(d)
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "{text}");
        assert_eq!(text.matches(":VALID").count(), 3, "{text}");
    } else {
        assert!(
            std::env::var("JUSTERA_REQUIRE_PDF_TOOLS").is_err(),
            "pyhanko required"
        );
        eprintln!(
            "\n!!! SKIPPING pyHanko validation of the demo: pip install pyhanko pyhanko-cli !!!\n"
        );
    }
    // Running the demo again changes nothing.
    let out = run_in(d, &["demo", "--setup-only"], "", &[]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        String::from_utf8(out.stdout)
            .unwrap()
            .contains("fanns redan")
    );
}

#[test]
fn users_and_signing_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let master = "ab".repeat(32);
    let env: &[(&str, &str)] = &[("JUSTERA_MASTER_KEY", &master)];
    assert!(
        run_in(d, &["import", &seed_path()], "", env)
            .status
            .success()
    );
    // No CA yet.
    let out = run_in(
        d,
        &[
            "user",
            "add",
            "alexandra",
            "--name",
            "Alexandra Skoog",
            "--role",
            "secretary",
            "--body",
            "KS",
        ],
        "lösenord-som-räcker\n",
        env,
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("justera ca init"));
    // Without a master key the CA cannot be created.
    let out = run_in(d, &["ca", "init"], "", &[]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("huvudnyckeln saknas"));
    assert!(run_in(d, &["ca", "init"], "", env).status.success());
    let out = run_in(
        d,
        &[
            "user",
            "add",
            "alexandra",
            "--name",
            "Alexandra Skoog",
            "--role",
            "secretary",
            "--body",
            "KS",
            "--person",
            "00000000-0000-4000-8000-000000000199",
        ],
        "lösenord-som-räcker\n",
        env,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = run_in(
        d,
        &[
            "user",
            "add",
            "johan",
            "--name",
            "Johan Björkman",
            "--role",
            "member",
            "--person",
            "00000000-0000-4000-8000-000000000101",
        ],
        "kort\n",
        env,
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("minst 10 tecken"));
    let out = run_in(d, &["user", "list"], "", env);
    assert!(String::from_utf8_lossy(&out.stdout).contains("alexandra"));
    assert!(
        run_in(d, &["adjust", SEED_ID, "--as", "alexandra"], "", env)
            .status
            .success()
    );
    let out = run_in(
        d,
        &["sign", SEED_ID, "--as", "alexandra"],
        "fel-lösenord-här\n",
        env,
    );
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("lösenordet stämmer inte"));
    let out = run_in(
        d,
        &["sign", SEED_ID, "--as", "alexandra"],
        "lösenord-som-räcker\n",
        env,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("väntar på Johan Björkman"));
    let out = run_in(
        d,
        &[
            "reject",
            SEED_ID,
            "--as",
            "alexandra",
            "--comment",
            "Fel i § 159",
        ],
        "",
        env,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("1 signatur(er) förkastades"));
    assert!(run_in(d, &["verify-audit"], "", env).status.success());
}

const MASTER: [(&str, &str); 1] = [(
    "JUSTERA_MASTER_KEY",
    "cdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcd",
)];

/// The seed meeting before any adjustment, in `status`, with the secretary, the chair and the
/// adjuster as users.
fn seed_before_adjustment(d: &std::path::Path, status: &str) {
    let env: &[(&str, &str)] = &MASTER;
    let mut doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(seed_path()).unwrap()).unwrap();
    doc["meeting"]["status"] = status.into();
    doc["meeting"]["adjustments"] = serde_json::json!([]);
    for p in doc["meeting"]["paragraphs"].as_array_mut().unwrap() {
        p["immediately_adjusted"] = false.into();
    }
    std::fs::write(d.join("in-session.json"), doc.to_string()).unwrap();
    assert!(
        run_in(d, &["import", "in-session.json"], "", env)
            .status
            .success()
    );
    assert!(run_in(d, &["ca", "init"], "", env).status.success());
    for (user, name, role, extra) in [
        (
            "alexandra",
            "Alexandra Skoog",
            "secretary",
            vec![
                "--body",
                "KS",
                "--person",
                "00000000-0000-4000-8000-000000000199",
            ],
        ),
        (
            "johan",
            "Johan Björkman",
            "member",
            vec!["--person", "00000000-0000-4000-8000-000000000101"],
        ),
        (
            "patrik",
            "Patrik Harrysson",
            "member",
            vec!["--person", "00000000-0000-4000-8000-000000000105"],
        ),
    ] {
        let mut args = vec!["user", "add", user, "--name", name, "--role", role];
        args.extend(extra);
        let out = run_in(d, &args, "ett-långt-lösenord\n", env);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn immediate_adjustment_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let env: &[(&str, &str)] = &MASTER;
    // The seed meeting during the session, before the immediate adjustment.
    seed_before_adjustment(d, "in_session");
    let out = run_in(
        d,
        &[
            "adjust",
            SEED_ID,
            "--as",
            "alexandra",
            "--paragraphs",
            "162",
        ],
        "",
        env,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("§ 162 förklaras omedelbart justerade"));
    for user in ["alexandra", "johan", "patrik"] {
        let out = run_in(
            d,
            &["sign", SEED_ID, "--as", user, "--immediate"],
            "ett-långt-lösenord\n",
            env,
        );
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let out = run_in(
        d,
        &[
            "render",
            SEED_ID,
            "--document",
            "immediate",
            "--paragraphs",
            "162",
            "--out",
            "o.pdf",
        ],
        "",
        env,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = run_in(d, &["verify", "o.pdf"], "", env);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}");
    assert!(
        text.contains("registrerade justerade protokollet"),
        "{text}"
    );
}

/// Issue 14, rule 17: after the meeting, before the rest is sent, § 162 is adjusted on its own
/// (särskild justering): its document never says "omedelbart justerad", it gets its own
/// notice, and the ordinary adjustment covers the rest.
#[test]
fn separate_adjustment_after_the_meeting_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let env: &[(&str, &str)] = &MASTER;
    seed_before_adjustment(d, "closed");
    let ok = |args: &[&str], stdin: &str| {
        let out = run_in(d, args, stdin, env);
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let said = ok(
        &[
            "adjust",
            SEED_ID,
            "--as",
            "alexandra",
            "--paragraphs",
            "162",
        ],
        "",
    );
    assert!(
        said.contains("§ 162 justeras särskilt, före resten av protokollet,"),
        "{said}"
    );
    // A second separate adjustment while the first is going on is refused.
    let out = run_in(
        d,
        &[
            "adjust",
            SEED_ID,
            "--as",
            "alexandra",
            "--paragraphs",
            "161",
        ],
        "",
        env,
    );
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("pågår; slutför eller avbryt den först"),
        "{err}"
    );
    for user in ["alexandra", "johan", "patrik"] {
        ok(
            &["sign", SEED_ID, "--as", user, "--immediate"],
            "ett-långt-lösenord\n",
        );
    }
    ok(
        &[
            "render",
            SEED_ID,
            "--document",
            "immediate",
            "--paragraphs",
            "162",
            "--out",
            "s.pdf",
        ],
        "",
    );
    let out = Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(d.join("s.pdf"))
        .arg("-")
        .output()
        .expect("pdftotext (apt-get install poppler-utils)");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Paragrafen justeras särskilt"), "{text}");
    assert!(!text.contains("omedelbart justerad"), "{text}");
    // Then the rest, in the ordinary way.
    ok(&["adjust", SEED_ID, "--as", "alexandra"], "");
    for user in ["alexandra", "johan", "patrik"] {
        ok(&["sign", SEED_ID, "--as", user], "ett-långt-lösenord\n");
    }
    let shown = ok(&["show", SEED_ID], "");
    assert!(shown.contains("§ 162 (särskilt justerade)"), "{shown}");
    assert!(shown.contains("§ 157-161"), "{shown}");
}

/// Issue 14, rule 15: the adjustment deadline of a meeting over several days runs from its
/// last day, in `justera list` too.
#[test]
fn the_deadline_of_a_meeting_over_several_days_runs_from_its_last_day() {
    use chrono::Datelike;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let env: &[(&str, &str)] = &[];
    let today = chrono::Utc::now().date_naive();
    let first = today - chrono::Duration::days(18);
    let last = today - chrono::Duration::days(4);
    let mut doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(seed_path()).unwrap()).unwrap();
    doc["meeting"]["status"] = "closed".into();
    doc["meeting"]["adjustments"] = serde_json::json!([]);
    doc["meeting"]["date"] = first.to_string().into();
    doc["meeting"]["further_days"] =
        serde_json::json!([{ "date": last.to_string(), "starts_at": "09:00:00" }]);
    doc["body"]["series_starts"] =
        serde_json::json!([{ "year": first.year(), "first_number": 157 }]);
    for m in doc["mandates"].as_array_mut().unwrap() {
        m["term_start"] = format!("{}-01-01", first.year() - 1).into();
        m["term_end"] = format!("{}-12-31", last.year() + 1).into();
    }
    for p in doc["meeting"]["paragraphs"].as_array_mut().unwrap() {
        p["immediately_adjusted"] = false.into();
    }
    std::fs::write(d.join("two-days.json"), doc.to_string()).unwrap();
    let out = run_in(d, &["import", "two-days.json"], "", env);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = run_in(d, &["list"], "", env);
    let listed = String::from_utf8_lossy(&out.stdout);
    // 18 days after the first day but 4 after the last: not late.
    assert!(!listed.contains("skulle ha justerats"), "{listed}");
    assert!(listed.contains(&first.to_string()), "{listed}");
}

#[test]
fn the_audit_log_is_verified_per_organization() {
    let env = Env::new();
    env.ok(&["import", &seed_path()]);
    let all = env.ok(&["verify-audit"]);
    assert!(
        all.contains("Granskningsloggen är obruten (1 post)"),
        "{all}"
    );
    let one = env.ok(&["verify-audit", "--org", "Svenljunga kommun"]);
    assert!(
        one.contains("Granskningsloggen för Svenljunga kommun är obruten (1 post)"),
        "{one}"
    );
    let err = env.fails(&["verify-audit", "--org", "Ingenstans\u{7}"]);
    assert!(err.contains("organisationen \"Ingenstans"), "{err}");
}
