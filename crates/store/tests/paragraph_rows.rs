//! Each paragraph in a row of its own (issue 15, ADR 0013): a save writes the paragraphs that
//! changed, the digest names the content, and the migration converts stored meetings both
//! ways. Run on every backend.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod support;

use diesel::prelude::*;
use diesel::sql_types::{Integer, Text};
use justera_domain::document::MeetingDocument;
use justera_store::connection::{DatabaseUrl, DbConnection, establish, revert_migrations_from};
use justera_store::{OpenMode, Store, StoreError, forget_decoded_meetings};

const SEED: &str = include_str!("../../../tests/fixtures/ks-2024-10-21.json");

fn municipality() -> MeetingDocument {
    let prefix = &uuid::Uuid::new_v4().simple().to_string()[..8];
    let text = SEED
        .replace("\"00000000-", &format!("\"{prefix}-"))
        .replace("\"6d1c4a3e-", &format!("\"{prefix}-"));
    let mut doc = MeetingDocument::from_json(&text).unwrap();
    // A draft whose paragraphs may all still be edited: none adjusted at the meeting.
    doc.meeting.adjustments.clear();
    doc.meeting.pending_immediate = None;
    for p in &mut doc.meeting.paragraphs {
        p.immediately_adjusted = false;
    }
    doc.validate().unwrap();
    doc
}

fn each(test: impl Fn(&mut Store, &str)) {
    for db in support::all() {
        eprintln!("-- backend {}", db.name);
        let mut store = Store::open(&db.url, OpenMode::Create).unwrap();
        test(&mut store, &db.url);
    }
}

fn connect(url: &str) -> DbConnection {
    establish(&DatabaseUrl::parse(url).unwrap(), OpenMode::Existing).unwrap()
}

#[derive(QueryableByName, Debug, PartialEq, Eq, Clone)]
struct Row {
    #[diesel(sql_type = Integer)]
    position: i32,
    #[diesel(sql_type = Text)]
    content: String,
}

#[derive(QueryableByName)]
struct Frame {
    #[diesel(sql_type = Text)]
    content: String,
    #[diesel(sql_type = diesel::sql_types::Nullable<Text>)]
    digest: Option<String>,
}

fn rows(c: &mut DbConnection, id: &str) -> Vec<Row> {
    diesel::sql_query(format!(
        "SELECT position, content FROM meeting_paragraphs WHERE meeting_id = '{id}' ORDER BY position"
    ))
    .load(c)
    .unwrap()
}

fn frame(c: &mut DbConnection, id: &str) -> Frame {
    diesel::sql_query(format!(
        "SELECT content, digest FROM meetings WHERE id = '{id}'"
    ))
    .get_result(c)
    .unwrap()
}

#[test]
fn a_save_rewrites_only_the_paragraphs_that_changed() {
    each(|store, url| {
        let doc = municipality();
        let id = doc.meeting.id.to_string();
        store.import_meeting(&doc, "test").unwrap();
        let mut c = connect(url);
        let before = rows(&mut c, &id);
        assert_eq!(before.len(), doc.meeting.paragraphs.len());
        let f = frame(&mut c, &id);
        assert!(f.content.contains("\"paragraphs\":[]"), "{}", f.content);
        let first_digest = f.digest.unwrap();

        let mut m = doc.meeting.clone();
        m.paragraphs[4].title = "Ny rubrik".into();
        store.save_meeting(&m, 1, "test", "meeting.edit").unwrap();
        let after = rows(&mut c, &id);
        for (i, (a, b)) in before.iter().zip(&after).enumerate() {
            assert_eq!(a == b, i != 4, "rad {i}");
        }
        let second_digest = frame(&mut c, &id).digest.unwrap();
        assert_ne!(first_digest, second_digest);
        // The audit entry names the content by the same digest.
        let entries = store.audit_entries().unwrap();
        assert!(entries.last().unwrap().payload.contains(&second_digest));

        // What is read back is what was saved, from the cache and from the rows alike.
        assert_eq!(store.load_meeting(m.id).unwrap().document.meeting, m);
        forget_decoded_meetings();
        assert_eq!(store.load_meeting(m.id).unwrap().document.meeting, m);

        // Fewer and more paragraphs.
        let mut fewer = m.clone();
        fewer.paragraphs.truncate(3);
        let kept = fewer.numbers();
        for o in &mut fewer.officials {
            o.paragraphs.retain(|n| kept.contains(n));
        }
        store
            .save_meeting(&fewer, 2, "test", "meeting.edit")
            .unwrap();
        assert_eq!(rows(&mut c, &id).len(), 3);
        forget_decoded_meetings();
        assert_eq!(store.load_meeting(m.id).unwrap().document.meeting, fewer);
        store.save_meeting(&m, 3, "test", "meeting.edit").unwrap();
        assert_eq!(rows(&mut c, &id).len(), m.paragraphs.len());
        assert_eq!(rows(&mut c, &id)[4].position, 4);
        forget_decoded_meetings();
        let loaded = store.load_meeting(m.id).unwrap();
        assert_eq!(loaded.document.meeting, m);
        assert_eq!(loaded.revision, 4);
    });
}

#[test]
fn a_stale_save_changes_no_paragraph_row() {
    each(|store, url| {
        let doc = municipality();
        let id = doc.meeting.id.to_string();
        store.import_meeting(&doc, "test").unwrap();
        let mut m = doc.meeting.clone();
        m.paragraphs[0].title = "Först".into();
        store.save_meeting(&m, 1, "test", "meeting.edit").unwrap();
        let mut c = connect(url);
        let before = rows(&mut c, &id);
        let mut stale = doc.meeting.clone();
        stale.paragraphs[1].title = "För sent".into();
        let e = store
            .save_meeting(&stale, 1, "test", "meeting.edit")
            .unwrap_err();
        assert!(matches!(e, StoreError::Conflict { .. }), "{e}");
        assert_eq!(rows(&mut c, &id), before);
        // A change that fails validation writes nothing either.
        let mut bad = m.clone();
        bad.paragraphs[2].title = "Klocka\u{7}".into();
        assert!(store.save_meeting(&bad, 2, "test", "meeting.edit").is_err());
        assert_eq!(rows(&mut c, &id), before);
        assert_eq!(store.load_meeting(m.id).unwrap().revision, 2);
    });
}

#[test]
fn rows_that_do_not_match_the_digest_are_reported_not_read() {
    each(|store, url| {
        let doc = municipality();
        let id = doc.meeting.id.to_string();
        store.import_meeting(&doc, "test").unwrap();
        let mut c = connect(url);
        // A paragraph changed behind the application's back, and the digest of another
        // content (as another node would have written): the rows must reproduce the digest.
        diesel::sql_query(format!(
            "UPDATE meeting_paragraphs SET content = REPLACE(content, 'Verksamhetsplan', 'Förfalskad') WHERE meeting_id = '{id}'"
        ))
        .execute(&mut c)
        .unwrap();
        diesel::sql_query(format!(
            "UPDATE meetings SET digest = '{}' WHERE id = '{id}'",
            "0".repeat(64)
        ))
        .execute(&mut c)
        .unwrap();
        let e = store.load_meeting(doc.meeting.id).unwrap_err();
        assert!(e.to_string().contains("kontrollsumma"), "{e}");
        // A missing row is reported as such.
        diesel::sql_query(format!(
            "DELETE FROM meeting_paragraphs WHERE meeting_id = '{id}' AND position = 1"
        ))
        .execute(&mut c)
        .unwrap();
        let e = store.load_meeting(doc.meeting.id).unwrap_err();
        assert!(e.to_string().contains("saknar paragrafrad 1"), "{e}");
    });
}

#[test]
fn the_migration_moves_paragraphs_out_of_the_meeting_and_back() {
    each(|store, url| {
        let doc = municipality();
        let id = doc.meeting.id.to_string();
        store.import_meeting(&doc, "test").unwrap();
        let mut c = connect(url);
        // Down (this migration and those after it): the meeting's JSON holds its paragraphs
        // again, in order, and no digest.
        revert_migrations_from(&mut c, "2026-12-05-000011").unwrap();
        let content: Vec<Row> = diesel::sql_query(format!(
            "SELECT 0 AS position, content FROM meetings WHERE id = '{id}'"
        ))
        .load(&mut c)
        .unwrap();
        let old: justera_domain::meeting::Meeting =
            serde_json::from_str(&content[0].content).unwrap();
        assert_eq!(old, doc.meeting);
        // Up again (as at start-up): the rows are back and the meeting reads the same, with
        // no digest until its next save.
        drop(c);
        forget_decoded_meetings();
        let mut reopened = Store::open(url, OpenMode::Existing).unwrap();
        let mut c = connect(url);
        assert_eq!(rows(&mut c, &id).len(), doc.meeting.paragraphs.len());
        assert!(frame(&mut c, &id).digest.is_none());
        let loaded = reopened.load_meeting(doc.meeting.id).unwrap();
        assert_eq!(loaded.document.meeting, doc.meeting);
        let mut m = doc.meeting.clone();
        m.place = "Stora salen".into();
        reopened
            .save_meeting(&m, 1, "test", "meeting.edit")
            .unwrap();
        assert!(frame(&mut c, &id).digest.is_some());
        forget_decoded_meetings();
        assert_eq!(reopened.load_meeting(m.id).unwrap().document.meeting, m);
    });
}
