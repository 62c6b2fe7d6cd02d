//! The seed protocol (Svenljunga kommunstyrelse 2024-10-21, § 162) is the first golden case.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use chrono::NaiveDate;
use justera_domain::calendar::{self, PostingPolicy, TakedownConvention};
use justera_domain::document::MeetingDocument;

const SEED: &str = include_str!("../../../tests/fixtures/ks-2024-10-21.json");

/// The Beslutsgång of § 162 exactly as printed in the seed protocol.
const SEED_BESLUTSGANG: &str = "Ordförande Johan Björkman (M) finner att det finns ett förslag till beslut, arbetsutskottets förslag som Johan Björkman (M) och Patrik Harrysson (S) yrkar bifall till samt tilläggsyrkande från Johan Björkman (M). Ordförande frågar först på arbetsutskottets förslag och finner att kommunstyrelsen bifaller det. Ordförande frågar därefter på Johan Björkmans (M) tilläggsyrkande och finner att kommunstyrelsen bifaller det.";

fn seed() -> MeetingDocument {
    MeetingDocument::from_json(SEED).unwrap()
}

#[test]
fn seed_beslutsgang_is_reproduced_word_for_word() {
    let doc = seed();
    let eval = doc.meeting.evaluate(&doc.context(), 162).unwrap().unwrap();
    assert_eq!(eval.text, vec![SEED_BESLUTSGANG.to_owned()]);
}

#[test]
fn seed_decision_text_follows_from_the_outcome() {
    let doc = seed();
    let eval = doc.meeting.evaluate(&doc.context(), 162).unwrap().unwrap();
    let p = doc.meeting.paragraph(162).unwrap();
    assert_eq!(eval.decision_text(p, &doc.body), p.decision);
    assert_eq!(p.decision.len(), 3);
}

#[test]
fn seed_attendance_and_quorum() {
    let doc = seed();
    let ctx = doc.context();
    let roster = doc.meeting.roster(&ctx, 162).unwrap();
    assert_eq!(roster.serving.len(), 9);
    assert!(roster.is_quorate(&doc.body));
    let lennart = doc
        .persons
        .iter()
        .find(|p| p.name == "Lennart Martinsson")
        .unwrap();
    let gerth = doc
        .persons
        .iter()
        .find(|p| p.name == "Gerth Månsson")
        .unwrap();
    let s = roster
        .serving
        .iter()
        .find(|s| s.person == lennart.id)
        .unwrap();
    assert_eq!(s.seat, gerth.id);
    assert_eq!(gerth.party_label(), "(-)");
    assert_eq!(roster.substitutes_not_serving.len(), 5);
}

#[test]
fn seed_dates() {
    let d = |s| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    let posted = calendar::posting_date(d("2024-10-21"), PostingPolicy::NextWorkday).unwrap();
    assert_eq!(posted, d("2024-10-22"));
    let dates = calendar::notice_dates(posted, TakedownConvention::DayAfter).unwrap();
    assert_eq!(dates.last_appeal_day, d("2024-11-12"));
    assert_eq!(dates.takedown, d("2024-11-13"));
    let doc = seed();
    assert_eq!(
        doc.meeting.adjustments[0].notice.as_ref().unwrap().dates,
        dates
    );
}

#[test]
fn seed_round_trips_without_loss() {
    let doc = seed();
    let json = doc.to_json().unwrap();
    let again = MeetingDocument::from_json(&json).unwrap();
    assert_eq!(doc, again);
    let original: serde_json::Value = serde_json::from_str(SEED).unwrap();
    let exported: serde_json::Value = serde_json::from_str(&json).unwrap();
    // Every field of the fixture survives (defaults may be added, nothing is dropped).
    fn covered(a: &serde_json::Value, b: &serde_json::Value) -> bool {
        match (a, b) {
            (serde_json::Value::Object(x), serde_json::Value::Object(y)) => x
                .iter()
                .all(|(k, v)| y.get(k).is_some_and(|w| covered(v, w))),
            (serde_json::Value::Array(x), serde_json::Value::Array(y)) => {
                x.len() == y.len() && x.iter().zip(y).all(|(v, w)| covered(v, w))
            }
            _ => a == b,
        }
    }
    assert!(covered(&original, &exported));
}

/// Issue 14, rule 19: a key inside the meeting that no type knows is refused with its path, as
/// an unknown top-level key is; nothing a user wrote disappears silently.
#[test]
fn unknown_keys_inside_the_meeting_are_refused_with_their_path() {
    let mut value: serde_json::Value = serde_json::from_str(SEED).unwrap();
    value["meeting"]["paragraphs"][1]["titel"] = "Stavfel".into();
    let err = MeetingDocument::from_json(&value.to_string()).unwrap_err();
    assert_eq!(err.code(), "unknown_key");
    assert!(
        err.to_string().contains("\"meeting.paragraphs[1].titel\""),
        "{err}"
    );
    let mut value: serde_json::Value = serde_json::from_str(SEED).unwrap();
    value["meeting"]["attendance"]["extra"] = serde_json::json!({ "x": 1 });
    let err = MeetingDocument::from_json(&value.to_string()).unwrap_err();
    assert!(
        err.to_string().contains("meeting.attendance.extra"),
        "{err}"
    );
    // An empty optional value the writer would leave out is not an unknown key.
    let mut value: serde_json::Value = serde_json::from_str(SEED).unwrap();
    value["body"]["participants"] = serde_json::json!([]);
    assert!(MeetingDocument::from_json(&value.to_string()).is_ok());
}
