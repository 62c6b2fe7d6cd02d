//! A save is validated as a change of what it was made on (ADR 0013): checking only the
//! paragraphs that changed must judge every edit exactly as validating the whole meeting does.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use justera_domain::document::MeetingDocument;
use justera_domain::paragraph::Paragraph;
use proptest::prelude::*;
use serde_json::Value;

const SEED: &str = include_str!("../../../tests/fixtures/ks-2024-10-21.json");

fn seed() -> MeetingDocument {
    let doc = MeetingDocument::from_json(SEED).unwrap();
    doc.validate().unwrap();
    doc
}

/// Both ways of validating `after` (a change of the valid `doc`): the same verdict, the same
/// message.
fn judge_alike(doc: &MeetingDocument, after: &MeetingDocument) {
    let whole = after.validate().map_err(|e| e.to_string());
    let change = doc
        .validate_change(&doc.meeting, &after.meeting)
        .map_err(|e| e.to_string());
    assert_eq!(whole, change);
}

/// Every string leaf of a JSON value, as a path of keys and indexes.
fn string_paths(v: &Value, path: &mut Vec<Value>, out: &mut Vec<Vec<Value>>) {
    match v {
        Value::String(_) => out.push(path.clone()),
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                path.push(Value::from(i));
                string_paths(item, path, out);
                path.pop();
            }
        }
        Value::Object(map) => {
            for (k, item) in map {
                path.push(Value::from(k.clone()));
                string_paths(item, path, out);
                path.pop();
            }
        }
        _ => {}
    }
}

fn at<'a>(v: &'a mut Value, path: &[Value]) -> &'a mut Value {
    path.iter().fold(v, |v, key| match key {
        Value::String(k) => &mut v[k.as_str()],
        Value::Number(i) => &mut v[i.as_u64().unwrap() as usize],
        _ => unreachable!(),
    })
}

/// One edit of one paragraph's JSON.
fn mutate(doc: &MeetingDocument, p: &Paragraph, kind: u8, pick: usize, text: &str) -> Value {
    let mut v = serde_json::to_value(p).unwrap();
    let person = doc.persons[pick % doc.persons.len()].id.to_string();
    match kind % 6 {
        0 => {
            let mut paths = Vec::new();
            string_paths(&v, &mut Vec::new(), &mut paths);
            if !paths.is_empty() {
                *at(&mut v, &paths[pick % paths.len()]) = Value::from(text);
            }
        }
        1 => {
            let speakers = v["speakers"].as_array().cloned().unwrap_or_default();
            let mut speakers = speakers;
            speakers.push(Value::from(person.clone()));
            if pick % 2 == 0 {
                speakers.push(Value::from(person));
            }
            v["speakers"] = Value::from(speakers);
        }
        2 => {
            let mut reservations = v["reservations"].as_array().cloned().unwrap_or_default();
            reservations.push(serde_json::json!({ "person": person, "written": pick % 2 == 0 }));
            v["reservations"] = Value::from(reservations);
        }
        3 => {
            v["immediately_adjusted"] = Value::from(!p.immediately_adjusted);
        }
        4 => {
            if let Some(steps) = v["decision_order"]["steps"].as_array_mut() {
                let keep = pick % (steps.len() + 1);
                steps.truncate(keep);
            }
        }
        _ => {
            if let Some(map) = v.as_object_mut() {
                let keys: Vec<String> = map.keys().cloned().collect();
                let key = &keys[pick % keys.len()];
                if key != "number" {
                    map.remove(key);
                }
            }
        }
    }
    v
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn a_paragraph_edit_is_judged_as_the_whole_meeting_would_be(
        index in 0usize..6,
        edits in proptest::collection::vec((0u8..6, 0usize..64, "[a-zåäö \\x00-\\x1f]{0,12}"), 1..3),
    ) {
        let doc = seed();
        let mut after = doc.clone();
        for (kind, pick, text) in &edits {
            let i = index % after.meeting.paragraphs.len();
            let v = mutate(&doc, &after.meeting.paragraphs[i], *kind, *pick, text);
            // An edit that does not even make a paragraph is refused before validation.
            let Ok(p) = serde_json::from_value::<Paragraph>(v) else { continue };
            after.meeting.paragraphs[i] = p;
        }
        judge_alike(&doc, &after);
    }
}

#[test]
fn an_unchanged_meeting_and_a_changed_frame_are_judged_whole() {
    let doc = seed();
    judge_alike(&doc, &doc.clone());
    // A changed frame (here the place) is validated whole, paragraphs and all.
    let mut after = doc.clone();
    after.meeting.place = String::new();
    judge_alike(&doc, &after);
    assert!(doc.validate_change(&doc.meeting, &after.meeting).is_err());
    // A changed numbering too.
    let mut after = doc.clone();
    after.meeting.paragraphs.swap(0, 1);
    judge_alike(&doc, &after);
    let mut after = doc.clone();
    after.meeting.paragraphs.pop();
    judge_alike(&doc, &after);
}

#[test]
fn a_bad_paragraph_text_is_caught_by_the_change_check() {
    let doc = seed();
    let mut after = doc.clone();
    let last = after.meeting.paragraphs.len() - 1;
    after.meeting.paragraphs[last].title.push('\u{7}');
    let e = doc
        .validate_change(&doc.meeting, &after.meeting)
        .unwrap_err();
    assert_eq!(e.to_string(), after.validate().unwrap_err().to_string());
}
