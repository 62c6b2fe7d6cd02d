//! The adjustment workflow end to end on a real database: accounts, the CA, sending for
//! adjustment, three PAdES signatures in order, the refusals, rejection, and verification.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use chrono::{NaiveDate, NaiveDateTime};
use justera_domain::account::{Account, Role};
use justera_domain::document::MeetingDocument;
use justera_domain::ids::{MeetingId, PersonId};
use justera_domain::meeting::MeetingStatus;
use justera_pdf::Renderer;
use justera_service::accounts::{Costs, Issuer, change_password, create_user, reset_password};
use justera_service::adjustment::{SignOutcome, reject, send_for_adjustment, sign_minutes};
use justera_service::ca::init_ca;
use justera_service::verify::verify_file;
use justera_sign::keys::KdfParams;
use justera_store::documents::{SIGNED_MINUTES, UNSIGNED_MINUTES};
use justera_store::{OpenMode, Store};

const SEED: &str = include_str!("../../../tests/fixtures/ks-2024-10-21.json");
const FAST: Costs = Costs {
    login: KdfParams {
        memory_kib: 1024,
        iterations: 1,
        lanes: 1,
    },
    key: KdfParams {
        memory_kib: 1024,
        iterations: 1,
        lanes: 1,
    },
};
const MASTER: [u8; 32] = [7; 32];
const PASSWORD: &str = "hemligt-lösen-1";

fn at(day: u32, hour: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2024, 10, day)
        .unwrap()
        .and_hms_opt(hour, 0, 0)
        .unwrap()
}

fn person(doc: &MeetingDocument, name: &str) -> PersonId {
    doc.persons.iter().find(|p| p.name == name).unwrap().id
}

#[path = "../../store/tests/support/mod.rs"]
mod support;

// Fields drop in order: the connection before the test database is removed.
struct World {
    store: Store,
    renderer: Renderer,
    meeting: MeetingId,
    _db: support::TestDb,
}

/// The workflow on every backend: SQLite always, PostgreSQL when configured.
fn worlds() -> Vec<World> {
    support::all().into_iter().map(world_on).collect()
}

fn world_on(db: support::TestDb) -> World {
    eprintln!("-- backend {}", db.name);
    let mut store = Store::open(&db.url, OpenMode::Create).unwrap();
    let doc = MeetingDocument::from_json(SEED).unwrap();
    store.import_meeting(&doc, "test").unwrap();
    let org = doc.organization.id;
    init_ca(&mut store, org, &doc.organization.name, &MASTER, "test").unwrap();
    let accounts = [
        (
            "alexandra",
            "Alexandra Skoog",
            vec![Role::Secretary { body: doc.body.id }],
            Some(person(&doc, "Alexandra Skoog")),
        ),
        (
            "johan",
            "Johan Björkman",
            vec![Role::Member],
            Some(person(&doc, "Johan Björkman")),
        ),
        (
            "patrik",
            "Patrik Harrysson",
            vec![Role::Member],
            Some(person(&doc, "Patrik Harrysson")),
        ),
        (
            "lisbeth",
            "Lisbeth Jakobsson",
            vec![Role::Member],
            Some(person(&doc, "Lisbeth Jakobsson")),
        ),
    ];
    for (username, name, roles, person) in accounts {
        create_user(
            &mut store,
            Issuer {
                organization: org,
                organization_name: &doc.organization.name,
                master: &MASTER,
            },
            &Account {
                username: username.into(),
                display_name: name.into(),
                roles,
                person,
            },
            PASSWORD,
            FAST,
            "test",
        )
        .unwrap();
    }
    World {
        store,
        renderer: Renderer::new().unwrap(),
        meeting: doc.meeting.id,
        _db: db,
    }
}

#[test]
fn three_signatures_adjust_and_post() {
    for mut w in worlds() {
        // Only the secretary sends for adjustment.
        let err = send_for_adjustment(&mut w.store, &w.renderer, w.meeting, "johan", at(21, 18))
            .unwrap_err();
        assert_eq!(err.code(), "not_authorized");
        send_for_adjustment(
            &mut w.store,
            &w.renderer,
            w.meeting,
            "alexandra",
            at(21, 18),
        )
        .unwrap();
        let doc = w.store.load_meeting(w.meeting).unwrap();
        assert_eq!(doc.document.meeting.status, MeetingStatus::UnderAdjustment);

        // Frozen: an edit is refused.
        let mut edited = doc.document.meeting.clone();
        edited.place = "Annan plats".into();
        let err = w
            .store
            .save_meeting(&edited, doc.revision, "alexandra", "meeting.edit")
            .unwrap_err();
        assert_eq!(err.code(), "not_editable");

        // A wrong password cannot sign.
        let err = sign_minutes(
            &mut w.store,
            &w.renderer,
            w.meeting,
            "alexandra",
            "fel lösenord!!",
            at(21, 19),
            FAST,
        )
        .unwrap_err();
        assert_eq!(err.code(), "bad_credentials");
        // A member who is not a signer of this meeting cannot sign.
        let err = sign_minutes(
            &mut w.store,
            &w.renderer,
            w.meeting,
            "lisbeth",
            PASSWORD,
            at(21, 19),
            FAST,
        )
        .unwrap_err();
        assert_eq!(err.code(), "not_a_signer");
        // The chair waits for the secretary.
        let err = sign_minutes(
            &mut w.store,
            &w.renderer,
            w.meeting,
            "johan",
            PASSWORD,
            at(21, 19),
            FAST,
        )
        .unwrap_err();
        assert_eq!(err.code(), "not_your_turn");

        let out = sign_minutes(
            &mut w.store,
            &w.renderer,
            w.meeting,
            "alexandra",
            PASSWORD,
            at(21, 19),
            FAST,
        )
        .unwrap();
        assert_eq!(
            out,
            SignOutcome::Signed {
                waiting_for: vec!["Johan Björkman".into()]
            }
        );
        // Nobody signs twice.
        let err = sign_minutes(
            &mut w.store,
            &w.renderer,
            w.meeting,
            "alexandra",
            PASSWORD,
            at(21, 19),
            FAST,
        )
        .unwrap_err();
        assert_eq!(err.code(), "already_signed");
        sign_minutes(
            &mut w.store,
            &w.renderer,
            w.meeting,
            "johan",
            PASSWORD,
            at(21, 20),
            FAST,
        )
        .unwrap();
        let out = sign_minutes(
            &mut w.store,
            &w.renderer,
            w.meeting,
            "patrik",
            PASSWORD,
            at(21, 21),
            FAST,
        )
        .unwrap();
        let d = |s| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert_eq!(
            out,
            SignOutcome::Adjusted {
                adjusted_on: d("2024-10-21"),
                posted: d("2024-10-22"),
                last_appeal_day: d("2024-11-12"),
            }
        );
        let stored = w.store.load_meeting(w.meeting).unwrap();
        assert_eq!(stored.document.meeting.status, MeetingStatus::Posted);
        let ordinary = stored.document.meeting.adjustments.last().unwrap();
        assert_eq!(ordinary.paragraphs, vec![158, 159, 160]);
        assert_eq!(ordinary.signatures.len(), 3);

        // The signed original verifies and is registered.
        let signed = w
            .store
            .latest_document(&w.meeting.to_string(), SIGNED_MINUTES)
            .unwrap()
            .unwrap();
        // The frozen original had a field per signer; each signature filled its own.
        let unsigned = w
            .store
            .latest_document(&w.meeting.to_string(), UNSIGNED_MINUTES)
            .unwrap()
            .unwrap();
        assert_eq!(
            justera_sign::fields::empty_fields(&unsigned.content).unwrap(),
            [
                "Justerare Patrik Harrysson",
                "Ordförande Johan Björkman",
                "Sekreterare Alexandra Skoog"
            ]
        );
        assert!(
            justera_sign::fields::empty_fields(&signed.content)
                .unwrap()
                .is_empty()
        );
        pyhanko_accepts_the_signing(&mut w, &signed.content);
        if let Ok(dir) = std::env::var("JUSTERA_SIGNED_OUT") {
            std::fs::write(
                format!("{dir}/signed-{}.pdf", w.store.backend()),
                &signed.content,
            )
            .unwrap();
        }
        let verdict = verify_file(&mut w.store, None, &signed.content).unwrap();
        assert!(verdict.ok, "{:?}", verdict.reports);
        assert_eq!(verdict.registered, Some(w.meeting));
        let roles: Vec<&str> = verdict.reports.iter().map(|r| r.reason.as_str()).collect();
        assert_eq!(roles, ["Sekreterare", "Ordförande", "Justerare"]);
        // A changed byte makes it unregistered and invalid.
        let mut tampered = signed.content.clone();
        let n = tampered.len() / 3;
        tampered[n] ^= 0x20;
        if let Ok(v) = verify_file(&mut w.store, None, &tampered) {
            assert!(!v.ok && v.registered.is_none());
        }
        // Adjusted: nothing can change any more.
        let mut edited = stored.document.meeting.clone();
        edited.paragraphs[1].title = "Ändrad".into();
        let err = w
            .store
            .save_meeting(&edited, stored.revision, "alexandra", "meeting.edit")
            .unwrap_err();
        assert_eq!(err.code(), "not_editable");
        assert!(w.store.verify_audit_chain().unwrap() >= 5);
    }
}

/// pyHanko's difference analysis sees three signatures filling their own fields (form filling),
/// not edits; skipped only where pyHanko is missing and JUSTERA_REQUIRE_PDF_TOOLS is not set.
fn pyhanko_accepts_the_signing(w: &mut World, pdf: &[u8]) {
    let installed = std::process::Command::new("pyhanko")
        .arg("--help")
        .output()
        .is_ok();
    if !installed {
        assert!(
            !std::env::var("JUSTERA_REQUIRE_PDF_TOOLS").is_ok_and(|v| v == "1"),
            "pyhanko is required (JUSTERA_REQUIRE_PDF_TOOLS=1)"
        );
        eprintln!("\n!!! SKIPPING the pyHanko check: pyhanko is not installed !!!\n");
        return;
    }
    let doc = w.store.load_meeting(w.meeting).unwrap().document;
    let ca = justera_service::ca::ca_certificate(&mut w.store, doc.organization.id).unwrap();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("signed.pdf"), pdf).unwrap();
    std::fs::write(
        dir.path().join("ca.pem"),
        justera_sign::ca::to_pem(&ca).unwrap(),
    )
    .unwrap();
    let out = std::process::Command::new("pyhanko")
        .args([
            "sign",
            "validate",
            "--trust",
            "ca.pem",
            "--trust-replace",
            "--no-revocation-check",
            "signed.pdf",
        ])
        .current_dir(dir.path())
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "{text}");
    let lines: Vec<&str> = text.lines().filter(|l| l.contains("INTACT")).collect();
    assert_eq!(lines.len(), 3, "{text}");
    assert!(
        lines[..2]
            .iter()
            .all(|l| l.contains("INTACT:TRUSTED") && l.contains("FORM_FILLING")),
        "{text}"
    );
    // After the last signature only its validation data (the DSS, PAdES B-LT) was added,
    // which pyHanko classes as a long-term-validation update, not as an edit.
    assert!(
        lines[2].contains("INTACT:TRUSTED,EXTENDED_WITH_LTA_UPDATES"),
        "{text}"
    );
    // Still PDF/A-2a and PDF/UA-1 with every font embedded (the appearances' too).
    let script =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/pdf/check_pdf.py");
    let out = std::process::Command::new("python3")
        .arg(script)
        .arg(dir.path().join("signed.pdf"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn rejection_discards_signatures_and_reopens_the_draft() {
    for mut w in worlds() {
        send_for_adjustment(
            &mut w.store,
            &w.renderer,
            w.meeting,
            "alexandra",
            at(21, 18),
        )
        .unwrap();
        sign_minutes(
            &mut w.store,
            &w.renderer,
            w.meeting,
            "alexandra",
            PASSWORD,
            at(21, 19),
            FAST,
        )
        .unwrap();
        let discarded = reject(
            &mut w.store,
            w.meeting,
            "johan",
            "§ 159 saknar beslutsunderlag",
            at(21, 20),
        )
        .unwrap();
        assert_eq!(discarded, 1);
        let stored = w.store.load_meeting(w.meeting).unwrap();
        assert_eq!(stored.document.meeting.status, MeetingStatus::Closed);
        // The secretary reads who rejected, when, and why.
        let r = stored.document.meeting.rejections.last().unwrap();
        assert_eq!(
            (r.name.as_str(), r.role.as_str(), r.comment.as_str(), r.on),
            (
                "Johan Björkman",
                "Ordförande",
                "§ 159 saknar beslutsunderlag",
                at(21, 20)
            )
        );
        assert!(stored.document.meeting.pending_adjustment.is_none());
        assert!(
            w.store
                .latest_document(&w.meeting.to_string(), SIGNED_MINUTES)
                .unwrap()
                .is_none()
        );
        let entries = w.store.audit_entries().unwrap();
        let last = entries.last().unwrap();
        assert_eq!(last.action, "adjustment.reject.comment");
        assert!(last.payload.contains("§ 159 saknar beslutsunderlag"));
        // Editable again; a stranger cannot reject.
        let mut m = stored.document.meeting.clone();
        m.place = "Kommunhuset, sal B".into();
        w.store
            .save_meeting(&m, stored.revision, "alexandra", "meeting.edit")
            .unwrap();
        send_for_adjustment(&mut w.store, &w.renderer, w.meeting, "alexandra", at(22, 9)).unwrap();
        let err = reject(&mut w.store, w.meeting, "lisbeth", "nej", at(21, 20)).unwrap_err();
        assert_eq!(err.code(), "not_authorized");
        w.store.verify_audit_chain().unwrap();
    }
}

#[test]
fn passwords_change_and_reset() {
    for mut w in worlds() {
        let doc = w.store.load_meeting(w.meeting).unwrap().document;
        let org = doc.organization.id;
        // A user changes their password: the same key, sealed anew.
        change_password(
            &mut w.store,
            org,
            "alexandra",
            PASSWORD,
            "ett-nytt-lösenord",
            FAST,
        )
        .unwrap();
        let err = change_password(
            &mut w.store,
            org,
            "alexandra",
            PASSWORD,
            "ännu-ett-lösenord",
            FAST,
        )
        .unwrap_err();
        assert_eq!(err.code(), "bad_credentials");
        let err = change_password(
            &mut w.store,
            org,
            "alexandra",
            "ett-nytt-lösenord",
            "kort",
            FAST,
        )
        .unwrap_err();
        assert_eq!(err.code(), "weak_password");
        // An administrator resets a password: a new key and certificate.
        let issuer = Issuer {
            organization: org,
            organization_name: &doc.organization.name,
            master: &MASTER,
        };
        reset_password(
            &mut w.store,
            issuer,
            "johan",
            "återställt-lösen",
            FAST,
            "admin",
        )
        .unwrap();
        send_for_adjustment(
            &mut w.store,
            &w.renderer,
            w.meeting,
            "alexandra",
            at(21, 18),
        )
        .unwrap();
        sign_minutes(
            &mut w.store,
            &w.renderer,
            w.meeting,
            "alexandra",
            "ett-nytt-lösenord",
            at(21, 19),
            FAST,
        )
        .unwrap();
        let err = sign_minutes(
            &mut w.store,
            &w.renderer,
            w.meeting,
            "johan",
            PASSWORD,
            at(21, 20),
            FAST,
        )
        .unwrap_err();
        assert_eq!(err.code(), "bad_credentials");
        sign_minutes(
            &mut w.store,
            &w.renderer,
            w.meeting,
            "johan",
            "återställt-lösen",
            at(21, 20),
            FAST,
        )
        .unwrap();
        // The wrong master key cannot open the CA.
        let wrong = Issuer {
            master: &[9; 32],
            ..issuer
        };
        let err = reset_password(
            &mut w.store,
            wrong,
            "patrik",
            "ännu-ett-lösen",
            FAST,
            "admin",
        )
        .unwrap_err();
        assert!(
            err.to_string().contains("huvudnyckeln stämmer inte"),
            "{err}"
        );
    }
}

#[test]
fn immediate_adjustment_at_the_meeting() {
    use justera_service::adjustment::{immediate_kind, sign_immediate, start_immediate};
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("j.db").display());
    let mut store = Store::open(&url, OpenMode::Create).unwrap();
    // The seed meeting as it was during the session, before § 157 and 161–162 were adjusted.
    let mut doc = MeetingDocument::from_json(SEED).unwrap();
    doc.meeting.status = MeetingStatus::InSession;
    doc.meeting.adjustments.clear();
    for p in &mut doc.meeting.paragraphs {
        p.immediately_adjusted = false;
    }
    store.import_meeting(&doc, "test").unwrap();
    let org = doc.organization.id;
    init_ca(&mut store, org, &doc.organization.name, &MASTER, "test").unwrap();
    let issuer = Issuer {
        organization: org,
        organization_name: &doc.organization.name,
        master: &MASTER,
    };
    for (username, name, roles, person) in [
        (
            "alexandra",
            "Alexandra Skoog",
            vec![Role::Secretary { body: doc.body.id }],
            Some(person(&doc, "Alexandra Skoog")),
        ),
        (
            "johan",
            "Johan Björkman",
            vec![Role::Member],
            Some(person(&doc, "Johan Björkman")),
        ),
        (
            "patrik",
            "Patrik Harrysson",
            vec![Role::Member],
            Some(person(&doc, "Patrik Harrysson")),
        ),
    ] {
        let account = Account {
            username: username.into(),
            display_name: name.into(),
            roles,
            person,
        };
        create_user(&mut store, issuer, &account, PASSWORD, FAST, "test").unwrap();
    }
    let renderer = Renderer::new().unwrap();
    let id = doc.meeting.id;
    // § 157 has no decision in the source, so it cannot be adjusted: a specific error.
    let err =
        start_immediate(&mut store, &renderer, id, &[157], "alexandra", at(21, 15)).unwrap_err();
    assert_eq!(err.code(), "paragraph_without_decision");
    start_immediate(&mut store, &renderer, id, &[162], "alexandra", at(21, 15)).unwrap();
    // Locked at once, even though the meeting goes on.
    let stored = store.load_meeting(id).unwrap();
    let mut edited = stored.document.meeting.clone();
    edited.paragraphs.last_mut().unwrap().title = "Ändrad".into();
    assert_eq!(
        store
            .save_meeting(&edited, stored.revision, "alexandra", "edit")
            .unwrap_err()
            .code(),
        "paragraph_adjusted"
    );
    for (user, hour) in [("alexandra", 16), ("johan", 16), ("patrik", 17)] {
        let out = sign_immediate(
            &mut store,
            &renderer,
            id,
            user,
            PASSWORD,
            at(21, hour),
            FAST,
        )
        .unwrap();
        if user == "patrik" {
            let d = |s| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
            // The seed's dates: adjusted 2024-10-21, posted 2024-10-22, appeal until 2024-11-12.
            assert_eq!(
                out,
                SignOutcome::Adjusted {
                    adjusted_on: d("2024-10-21"),
                    posted: d("2024-10-22"),
                    last_appeal_day: d("2024-11-12"),
                }
            );
        }
    }
    let stored = store.load_meeting(id).unwrap();
    assert_eq!(stored.document.meeting.status, MeetingStatus::InSession);
    let record = stored.document.meeting.adjustments.last().unwrap();
    assert!(record.immediate);
    assert_eq!(record.paragraphs, vec![162]);
    assert_eq!(
        record.notice.as_ref().unwrap().dates.takedown.to_string(),
        "2024-11-13"
    );
    let signed = store
        .latest_document(&id.to_string(), &immediate_kind(&[162], true))
        .unwrap()
        .unwrap();
    let verdict = verify_file(&mut store, None, &signed.content).unwrap();
    assert!(verdict.ok, "{:?}", verdict.reports);
    assert_eq!(verdict.reports.len(), 3);
    assert_eq!(verdict.registered, Some(id));
}

#[test]
fn strangers_slow_down_guessing_but_never_keep_a_user_out() {
    use justera_service::accounts::{Origin, change_password, confirm_password, login};
    for mut w in worlds() {
        let org = w
            .store
            .load_meeting(w.meeting)
            .unwrap()
            .document
            .organization
            .id;
        let t = |min: i64| at(21, 12) + chrono::Duration::minutes(min);
        let from = |a: &'static str| Origin {
            address: Some(a),
            device: None,
        };
        // Johan has logged in from his laptop before: it is now a device of his.
        let first = login(
            &mut w.store,
            org,
            "johan",
            PASSWORD,
            from("10.0.0.5"),
            t(0),
            FAST,
        )
        .unwrap();
        let laptop = first.new_device.clone().unwrap();
        let on_laptop = Origin {
            address: Some("10.0.0.5"),
            device: Some(&laptop),
        };
        // A stranger guesses five times from several addresses: each is refused as wrong.
        for i in 0..5 {
            let addr = ["198.51.100.1", "198.51.100.2"][i % 2];
            let err = login(
                &mut w.store,
                org,
                "johan",
                "fel-lösenord",
                from(addr),
                t(1),
                FAST,
            )
            .unwrap_err();
            assert_eq!(err.code(), "bad_credentials");
        }
        // Now attempts from anywhere but Johan's devices wait, even with the right password,
        // and the message says for how long.
        let err = login(
            &mut w.store,
            org,
            "johan",
            PASSWORD,
            from("198.51.100.3"),
            t(1),
            FAST,
        )
        .unwrap_err();
        assert_eq!(err.code(), "throttled");
        assert!(err.to_string().contains("försök igen om 1 minut"), "{err}");
        // Johan on his laptop is not affected, and neither is his signing password.
        login(&mut w.store, org, "johan", PASSWORD, on_laptop, t(1), FAST).unwrap();
        confirm_password(&mut w.store, org, "johan", PASSWORD, t(1), FAST).unwrap();
        // The wait is a minute, not a lockout.
        let again = login(
            &mut w.store,
            org,
            "johan",
            "fel-igen",
            from("198.51.100.3"),
            t(2),
            FAST,
        )
        .unwrap_err();
        assert_eq!(again.code(), "bad_credentials");
        let err = login(
            &mut w.store,
            org,
            "johan",
            PASSWORD,
            from("198.51.100.3"),
            t(3),
            FAST,
        )
        .unwrap_err();
        assert_eq!(err.code(), "throttled", "the second wait is two minutes");
        login(
            &mut w.store,
            org,
            "johan",
            PASSWORD,
            from("198.51.100.3"),
            t(4),
            FAST,
        )
        .unwrap();
        // Wrong passwords on the laptop are throttled in the laptop's own bucket.
        for _ in 0..5 {
            login(
                &mut w.store,
                org,
                "johan",
                "skrev-fel",
                on_laptop,
                t(10),
                FAST,
            )
            .unwrap_err();
        }
        let err = login(&mut w.store, org, "johan", PASSWORD, on_laptop, t(10), FAST).unwrap_err();
        assert_eq!(err.code(), "throttled");
        login(&mut w.store, org, "johan", PASSWORD, on_laptop, t(11), FAST).unwrap();
        // An address that fails for many accounts (also unknown ones) must wait.
        for i in 0..20 {
            let _ = login(
                &mut w.store,
                org,
                &format!("gissning{i}"),
                "x-x-x-x-x-x",
                from("192.0.2.9"),
                t(21),
                FAST,
            );
        }
        let err = login(
            &mut w.store,
            org,
            "patrik",
            PASSWORD,
            from("192.0.2.9"),
            t(21),
            FAST,
        )
        .unwrap_err();
        assert_eq!(err.code(), "throttled");
        // A huge or hostile user name is refused without being stored as a throttle key.
        let huge = "a".repeat(250_000);
        for name in [huge.as_str(), "johan\u{0}", "JOHAN"] {
            let err = login(
                &mut w.store,
                org,
                name,
                PASSWORD,
                from("10.1.1.1"),
                t(30),
                FAST,
            )
            .unwrap_err();
            assert_eq!(err.code(), "bad_credentials");
            if !name.contains('\u{0}') {
                let key = format!("user:{org}:{name}");
                assert!(w.store.login_failures_since(&key, t(0)).unwrap().is_empty());
            }
        }
        // Changing the password ends the devices trusted under the old one.
        change_password(
            &mut w.store,
            org,
            "johan",
            PASSWORD,
            "ett-nytt-lösenord",
            FAST,
        )
        .unwrap();
        let after = login(
            &mut w.store,
            org,
            "johan",
            "ett-nytt-lösenord",
            Origin {
                address: Some("10.0.0.5"),
                device: Some(&laptop),
            },
            t(40),
            FAST,
        );
        assert!(
            after.unwrap().new_device.is_some(),
            "the old device is forgotten"
        );
    }
}

#[test]
fn an_immediate_and_the_ordinary_adjustment_are_signed_in_any_order() {
    use justera_service::adjustment::{sign_immediate, start_immediate};
    for db in support::all() {
        // The seed as it was during the session, with a decision in every §.
        let mut store = Store::open(&db.url, OpenMode::Create).unwrap();
        let mut doc = MeetingDocument::from_json(SEED).unwrap();
        doc.meeting.status = MeetingStatus::InSession;
        doc.meeting.adjustments.clear();
        for p in &mut doc.meeting.paragraphs {
            p.immediately_adjusted = false;
            if p.decision.is_empty() && p.decision_order.is_none() {
                p.decision = vec!["Informationen läggs till handlingarna.".into()];
            }
        }
        store.import_meeting(&doc, "test").unwrap();
        let org = doc.organization.id;
        init_ca(&mut store, org, &doc.organization.name, &MASTER, "test").unwrap();
        let issuer = Issuer {
            organization: org,
            organization_name: &doc.organization.name,
            master: &MASTER,
        };
        for (username, name, roles) in [
            (
                "alexandra",
                "Alexandra Skoog",
                vec![Role::Secretary { body: doc.body.id }],
            ),
            ("johan", "Johan Björkman", vec![Role::Member]),
            ("patrik", "Patrik Harrysson", vec![Role::Member]),
        ] {
            let account = Account {
                username: username.into(),
                display_name: name.into(),
                roles,
                person: Some(person(&doc, name)),
            };
            create_user(&mut store, issuer, &account, PASSWORD, FAST, "test").unwrap();
        }
        let mut w = World {
            store,
            renderer: Renderer::new().unwrap(),
            meeting: doc.meeting.id,
            _db: db,
        };
        let id = w.meeting;
        start_immediate(
            &mut w.store,
            &w.renderer,
            id,
            &[162],
            "alexandra",
            at(21, 15),
        )
        .unwrap();
        // The secretary signs the immediate adjustment; then the meeting closes and the whole
        // protocol goes for adjustment while the chair has not signed § 162 yet.
        sign_immediate(
            &mut w.store,
            &w.renderer,
            id,
            "alexandra",
            PASSWORD,
            at(21, 16),
            FAST,
        )
        .unwrap();
        let s = w.store.load_meeting(id).unwrap();
        let mut closed = s.document.meeting.clone();
        closed.close_session().unwrap();
        w.store
            .save_meeting(&closed, s.revision, "alexandra", "close")
            .unwrap();
        send_for_adjustment(&mut w.store, &w.renderer, id, "alexandra", at(21, 18)).unwrap();
        // Both are signable: the chair signs the immediate one now...
        sign_immediate(
            &mut w.store,
            &w.renderer,
            id,
            "johan",
            PASSWORD,
            at(21, 19),
            FAST,
        )
        .unwrap_or_else(|e| panic!("the immediate adjustment is stuck: {e}"));
        // ...and the whole protocol is signed by all, before the adjuster signs § 162.
        for (user, hour) in [("alexandra", 20), ("johan", 20), ("patrik", 21)] {
            sign_minutes(
                &mut w.store,
                &w.renderer,
                id,
                user,
                PASSWORD,
                at(21, hour),
                FAST,
            )
            .unwrap_or_else(|e| panic!("{user}: {e}"));
        }
        let out = sign_immediate(
            &mut w.store,
            &w.renderer,
            id,
            "patrik",
            PASSWORD,
            at(22, 9),
            FAST,
        )
        .unwrap();
        assert!(matches!(out, SignOutcome::Adjusted { .. }), "{out:?}");
        // Each has its own record, paragraphs, signatures and notice.
        let done = w.store.load_meeting(id).unwrap().document.meeting;
        assert!(
            matches!(done.status, MeetingStatus::Adjusted | MeetingStatus::Posted),
            "{:?}",
            done.status
        );
        assert!(done.pending_immediate.is_none() && done.pending_adjustment.is_none());
        let immediate: Vec<_> = done.adjustments.iter().filter(|a| a.immediate).collect();
        let ordinary: Vec<_> = done.adjustments.iter().filter(|a| !a.immediate).collect();
        assert_eq!(immediate.len(), 1);
        assert_eq!(ordinary.len(), 1);
        assert_eq!(immediate[0].paragraphs, vec![162]);
        assert!(!ordinary[0].paragraphs.contains(&162));
        assert_eq!(immediate[0].signatures.len(), 3);
        assert!(immediate[0].notice.is_some() && ordinary[0].notice.is_some());
        assert_eq!(w.store.meeting_notices(&id.to_string()).unwrap().len(), 2);
    }
}
