//! The importer's parser and validator fed hostile documents: truncated, mutated, spliced and
//! deeply nested JSON. Never a panic; always a specific error or a document that validates.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use justera_domain::document::MeetingDocument;
use proptest::prelude::*;

const SEED: &str = include_str!("../../../tests/fixtures/ks-2024-10-21.json");

fn check(text: &str) {
    match MeetingDocument::from_json(text) {
        Ok(doc) => {
            // Whatever parses is judged by the rules, with a message if it fails them.
            if let Err(e) = doc.validate() {
                assert!(!e.to_string().is_empty());
            }
        }
        Err(e) => assert!(!e.to_string().is_empty()),
    }
}

#[test]
fn deep_nesting_and_huge_strings_are_errors() {
    let deep = "[".repeat(100_000);
    assert!(MeetingDocument::from_json(&deep).is_err());
    let huge = format!("{{\"format\":\"{}\"}}", "x".repeat(10 * 1024 * 1024));
    assert!(MeetingDocument::from_json(&huge).is_err());
    check("");
    check("null");
    check("{}");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn truncated_documents(cut in 0usize..SEED.len()) {
        let mut end = cut;
        while !SEED.is_char_boundary(end) {
            end -= 1;
        }
        check(&SEED[..end]);
    }

    #[test]
    fn mutated_documents(edits in prop::collection::vec((any::<prop::sample::Index>(), any::<char>()), 1..8)) {
        let mut chars: Vec<char> = SEED.chars().collect();
        for (at, c) in &edits {
            let i = at.index(chars.len());
            chars[i] = *c;
        }
        check(&chars.into_iter().collect::<String>());
    }

    #[test]
    fn numbers_and_dates_out_of_range(n in any::<i64>(), year in -100_000i32..100_000) {
        let text = SEED
            .replacen("\"number\": 162", &format!("\"number\": {n}"), 1)
            .replacen("2024-10-21", &format!("{year:04}-10-21"), 1);
        check(&text);
    }
}

#[test]
fn control_characters_in_the_meetings_details_are_refused() {
    let seed = MeetingDocument::from_json(SEED).unwrap();
    seed.validate().unwrap();
    type Set = fn(&mut MeetingDocument, &str);
    let cases: [(&str, Set); 4] = [
        ("platsen", |d, v| d.meeting.place = v.to_owned()),
        ("sekreteraren", |d, v| d.meeting.secretary = v.to_owned()),
        ("plats och tid för justering", |d, v| {
            d.meeting.adjustment_place_and_time = v.to_owned()
        }),
        ("en tjänstepersons titel", |d, v| {
            d.meeting.officials[0].title = v.to_owned()
        }),
    ];
    for (name, set) in cases {
        for bad in [
            "Kommunhuset\rDTSTART:19700101",
            "A\u{0}",
            "\u{1b}[2J",
            "rad\nrad",
        ] {
            let mut doc = seed.clone();
            set(&mut doc, bad);
            let err = doc.validate().unwrap_err().to_string();
            assert!(
                err.contains(name) && err.contains("styrtecken"),
                "{bad:?}: {err}"
            );
        }
    }
    // In a paragraph's running text a line break is fine, a bare CR is not.
    let mut doc = seed.clone();
    doc.meeting.paragraphs[0].summary = Some("Första raden\r\nandra raden".into());
    doc.validate().unwrap();
    doc.meeting.paragraphs[0].summary = Some("Första raden\randra".into());
    assert!(doc.validate().unwrap_err().to_string().contains("U+000D"));
}

/// Issue 14, rule 19: a wrong value says, in Swedish, where it is and what to write — never the
/// reader's English ("unknown variant", "UUID parsing failed", "input contains invalid
/// characters").
#[test]
fn wrong_values_are_named_in_swedish_with_their_place() {
    let seed: serde_json::Value = serde_json::from_str(SEED).unwrap();
    let cases: Vec<(&str, serde_json::Value, &str)> = vec![
        (
            "/meeting/attendance/seats/0/state",
            "tjanstgor".into(),
            "meeting.attendance.seats[0]: okänt värde \"tjanstgor\"; möjliga värden: \"present\", \"absent\", \"served_by\"",
        ),
        (
            "/meeting/chair",
            "inte-ett-id".into(),
            "meeting.chair: ogiltigt id: ett id skrivs som en UUID",
        ),
        (
            "/meeting/date",
            "2024-02-30".into(),
            "meeting.date: ogiltigt datum eller klockslag: skriv datum som ÅÅÅÅ-MM-DD",
        ),
        (
            "/meeting/starts_at",
            "25:99".into(),
            "meeting.starts_at: ogiltigt datum eller klockslag",
        ),
        (
            "/meeting/paragraphs/0/number",
            (-3).into(),
            "meeting.paragraphs[0].number: ett värde har fel form",
        ),
    ];
    for (pointer, value, expected) in cases {
        let mut doc = seed.clone();
        *doc.pointer_mut(pointer).unwrap() = value;
        let err = MeetingDocument::from_json(&doc.to_string())
            .unwrap_err()
            .to_string();
        assert!(err.contains(expected), "{pointer}: {err}");
        for english in [
            "unknown variant",
            "UUID parsing",
            "invalid",
            "input",
            "expected",
        ] {
            assert!(!err.contains(english), "{pointer}: {err}");
        }
    }
}
