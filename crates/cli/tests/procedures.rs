//! The real procedures of issue 14 over HTTP with the plain forms, in the demo's meeting in
//! session: a jämkning, a minority referral refused outside the council, a group's protocol
//! note, a change during a §, a further day — and hostile values for each, refused in Swedish
//! with nothing saved.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod support;

use support::*;

const LIVE: &str = "6d1c4a3e-2f0b-4c1e-9a57-d0000000a002";
const PASSWORD: &str = "justera-demo-2024";
const PATRIK: &str = "00000000-0000-4000-8000-000000000105";
const JOHAN: &str = "00000000-0000-4000-8000-000000000101";
const DAN: &str = "00000000-0000-4000-8000-000000000107";

#[test]
fn real_procedures_over_the_forms_with_hostile_values() {
    let dir = tempfile::tempdir().unwrap();
    let server = demo(dir.path());
    let cookie = server.login("alexandra", PASSWORD).unwrap();
    let token = csrf(&server, &cookie);
    let edit = |fields: &[(&str, &str)]| {
        let mut all = vec![("csrf", token.as_str()), ("from", "paragraph")];
        all.extend_from_slice(fields);
        server.post_form(&format!("/sammantraden/{LIVE}/andra"), Some(&cookie), &all)
    };
    let export = || {
        let out = justera(dir.path(), &db_url(dir.path()), &["export", LIVE]);
        String::from_utf8_lossy(&out.stdout).into_owned()
    };

    // § 164 gets a proposal of two clauses and an ändring of the second.
    let page = server.get(&format!("/sammantraden/{LIVE}/paragraf/164"), Some(&cookie));
    assert_eq!(page.status, 200);
    let base = hidden(&page.text(), "base");
    let title = hidden(&page.text(), "title");
    let r = edit(&[
        ("action", "update_text"),
        ("paragraph", "164"),
        ("base", &base),
        ("title", &title),
        ("proposal_source", "arbetsutskottets förslag"),
        (
            "proposal_clauses",
            "Taxan antas.\nTaxan gäller från den 1 mars.",
        ),
    ]);
    assert_eq!(r.status, 303, "{}", r.text());
    let r = edit(&[
        ("action", "add_motion"),
        ("paragraph", "164"),
        ("motion_id", "and1"),
        ("mover", PATRIK),
        ("kind", "amendment"),
        ("clause", "2"),
        ("text", "Taxan gäller från den 1 april."),
    ]);
    assert_eq!(r.status, 303, "{}", r.text());
    let r = edit(&[
        ("action", "add_motion"),
        ("paragraph", "164"),
        ("motion_id", "bif1"),
        ("mover", DAN),
        ("kind", "approval"),
        ("refers_to", "proposal"),
    ]);
    assert_eq!(r.status, 303, "{}", r.text());

    // Hostile: a bifall cannot be taken in; an unknown person; another motion's id.
    let before = export();
    for (fields, expected) in [
        (
            vec![("motion", "bif1"), ("by", JOHAN)],
            "bara ett ändringsyrkande kan jämkas in",
        ),
        (
            vec![("motion", "and1"), ("by", "inte-ett-id")],
            "Okänd person i fältet vem som jämkar sitt förslag",
        ),
        (
            vec![("motion", "finns-inte"), ("by", JOHAN)],
            "yrkandet finns inte (längre)",
        ),
    ] {
        let mut all = vec![("action", "take_in_motion"), ("paragraph", "164")];
        all.extend(fields);
        let r = edit(&all);
        assert!(
            matches!(r.status, 400 | 404 | 422),
            "{}: {}",
            r.status,
            r.text()
        );
        assert!(r.text().contains(expected), "{expected}: {}", r.text());
    }
    assert_eq!(export(), before, "a refused jämkning changed nothing");

    // The chair takes the ändring in; the Beslutsgång says so and the decision has it.
    let r = edit(&[
        ("action", "take_in_motion"),
        ("paragraph", "164"),
        ("motion", "and1"),
        ("by", JOHAN),
    ]);
    assert_eq!(r.status, 303, "{}", r.text());
    let r = edit(&[
        ("action", "add_step"),
        ("paragraph", "164"),
        ("recorded", "0"),
        ("question", "main"),
        ("mode", "finding"),
        ("finding", "proposal"),
    ]);
    assert_eq!(r.status, 303, "{}", r.text());
    let page = server
        .get(&format!("/sammantraden/{LIVE}/paragraf/164"), Some(&cookie))
        .text();
    assert!(
        page.contains("Ordförande Johan Björkman (M) jämkar sitt förslag enligt Patrik Harryssons (S) ändringsyrkande avseende att-sats 2."),
        "{page}"
    );
    assert!(
        page.contains("jämkat in i förslaget av Johan Björkman (M)"),
        "{page}"
    );
    // Too late to take in another once the question is put.
    let r = edit(&[
        ("action", "add_motion"),
        ("paragraph", "164"),
        ("motion_id", "and2"),
        ("mover", DAN),
        ("kind", "amendment"),
        ("clause", "1"),
        ("text", "Taxan antas med ändringar."),
    ]);
    assert_eq!(r.status, 303, "{}", r.text());
    let r = edit(&[
        ("action", "take_in_motion"),
        ("paragraph", "164"),
        ("motion", "and2"),
        ("by", JOHAN),
    ]);
    assert_eq!(r.status, 422, "{}", r.text());
    assert!(
        r.text().contains("innan ordföranden ställer proposition"),
        "{}",
        r.text()
    );

    // A minority referral is the council's: refused in the board, in Swedish.
    let r = edit(&[
        ("action", "add_motion"),
        ("paragraph", "165"),
        ("motion_id", "ater1"),
        ("mover", PATRIK),
        ("kind", "referral"),
        ("text", "för att utreda kostnaderna"),
    ]);
    assert_eq!(r.status, 303, "{}", r.text());
    let steps_before = export();
    for (supporters, expected) in [
        ("", "finns bara i fullmäktige"),
        ("abc", "ska vara ett heltal"),
        ("99999999999999999999", "ska vara ett heltal"),
    ] {
        let r = edit(&[
            ("action", "add_step"),
            ("paragraph", "165"),
            ("recorded", "0"),
            ("question", "formal:ater1"),
            ("mode", "minority"),
            ("supporters", supporters),
        ]);
        assert!(matches!(r.status, 400 | 422), "{}: {}", r.status, r.text());
        assert!(r.text().contains(expected), "{expected}: {}", r.text());
    }
    assert_eq!(export(), steps_before);

    // A group's protocol note; a group name with a control character or too long is refused.
    let r = edit(&[
        ("action", "add_protocol_note"),
        ("paragraph", "163"),
        ("person", JOHAN),
        ("by", "S-, V- och MP-ledamöterna"),
        ("text", "antecknar att frågan bör utredas."),
    ]);
    assert_eq!(r.status, 303, "{}", r.text());
    let long = "x".repeat(201);
    for (by, expected) in [
        ("S-\u{1b}gruppen", "styrtecken"),
        (long.as_str(), "längre än 200 tecken"),
    ] {
        let r = edit(&[
            ("action", "add_protocol_note"),
            ("paragraph", "163"),
            ("person", JOHAN),
            ("by", by),
            ("text", "Text."),
        ]);
        assert_eq!(r.status, 422, "{}", r.text());
        assert!(r.text().contains(expected), "{expected}: {}", r.text());
    }
    let exported = export();
    assert!(
        exported.contains("\"by\": \"S-, V- och MP-ledamöterna\""),
        "{exported}"
    );

    // A change during § 165 at a clock time with a reason; a bad time and a long reason refused.
    let meeting_edit = |fields: &[(&str, &str)]| {
        let mut all = vec![("csrf", token.as_str()), ("section", "narvaro")];
        all.extend_from_slice(fields);
        server.post_form(&format!("/sammantraden/{LIVE}/andra"), Some(&cookie), &all)
    };
    let long_reason = "skäl ".repeat(100);
    for (at, reason, expected) in [
        ("25.99", "", "Klockslaget"),
        ("15.30", long_reason.as_str(), "längre än 300 tecken"),
    ] {
        let r = meeting_edit(&[
            ("action", "add_attendance_change"),
            ("from_paragraph", "165"),
            ("event", "leaves"),
            ("person", DAN),
            ("during", "1"),
            ("at", at),
            ("reason", reason),
        ]);
        assert!(matches!(r.status, 400 | 422), "{}: {}", r.status, r.text());
        assert!(r.text().contains(expected), "{expected}: {}", r.text());
    }
    let r = meeting_edit(&[
        ("action", "add_attendance_change"),
        ("from_paragraph", "165"),
        ("event", "leaves"),
        ("person", DAN),
        ("during", "1"),
        ("at", "15.30"),
        ("reason", "sjukdom"),
    ]);
    assert_eq!(r.status, 303, "{}", r.text());
    let page = server
        .get(&format!("/sammantraden/{LIVE}"), Some(&cookie))
        .text();
    assert!(page.contains("Under § 165: "), "{page}");
    assert!(page.contains(", kl. 15.30 (sjukdom)"), "{page}");

    // A further day: not before the meeting's date, and a bad date in Swedish.
    for (date, expected) in [
        ("2000-01-01", "ska komma efter"),
        ("2026-02-30", "ska skrivas ÅÅÅÅ-MM-DD"),
    ] {
        let r = meeting_edit(&[
            ("action", "add_meeting_day"),
            ("date", date),
            ("starts_at", "09.00"),
        ]);
        assert!(matches!(r.status, 400 | 422), "{}: {}", r.status, r.text());
        assert!(r.text().contains(expected), "{expected}: {}", r.text());
    }
    assert!(!export().contains("further_days"));
}
