//! Repository tests, run on every backend (SQLite always; PostgreSQL when configured).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod support;
use support as backends;

use chrono::NaiveDate;
use diesel::RunQueryDsl;
use justera_domain::document::MeetingDocument;
use justera_domain::ids::MeetingId;
use justera_domain::meeting::MeetingStatus;
use justera_domain::paragraph::Paragraph;
use justera_store::{OpenMode, Store, StoreError};

const SEED: &str = include_str!("../../../tests/fixtures/ks-2024-10-21.json");

fn seed() -> MeetingDocument {
    MeetingDocument::from_json(SEED).unwrap()
}

/// The next KS meeting, §§ 163-164, planned.
fn next_meeting(first: u32) -> MeetingDocument {
    let mut doc = seed();
    doc.meeting.id = "6d1c4a3e-2f0b-4c1e-9a57-202411040001".parse().unwrap();
    doc.meeting.date = NaiveDate::from_ymd_opt(2024, 11, 4).unwrap();
    doc.meeting.status = MeetingStatus::Planned;
    doc.meeting.adjustments.clear();
    doc.meeting.officials.retain(|o| o.paragraphs.is_empty());
    doc.meeting.paragraphs = vec![
        Paragraph::new(first, "Delårsrapport"),
        Paragraph::new(first + 1, "Anmälan av delegationsbeslut"),
    ];
    doc
}

fn each(test: impl Fn(&mut Store)) {
    for db in backends::all() {
        eprintln!("-- backend {}", db.name);
        let mut store =
            Store::open(&db.url, OpenMode::Create).unwrap_or_else(|e| panic!("{}: {e}", db.name));
        test(&mut store);
    }
}

#[test]
fn import_and_load_round_trip() {
    each(|store| {
        let doc = seed();
        let summary = store.import_meeting(&doc, "test").unwrap();
        assert_eq!(summary.revision, 1);
        let loaded = store.load_meeting(doc.meeting.id).unwrap();
        let mut expected = doc.clone();
        expected.canonicalize();
        assert_eq!(loaded.document, expected, "backend {}", store.backend());
        assert_eq!(loaded.revision, 1);
        let listed = store.list_meetings().unwrap();
        assert_eq!(listed.len(), 1);
        assert_eq!(listed[0].body_short_name, "KS");
        assert_eq!(listed[0].status, MeetingStatus::Closed);
        // Importing the same meeting again is refused.
        let err = store.import_meeting(&doc, "test").unwrap_err();
        assert_eq!(err.code(), "already_exists");
    });
}

#[test]
fn stale_writes_are_refused() {
    each(|store| {
        let doc = seed();
        store.import_meeting(&doc, "test").unwrap();
        let a = store.load_meeting(doc.meeting.id).unwrap();
        let b = store.load_meeting(doc.meeting.id).unwrap();
        let mut m1 = a.document.meeting.clone();
        m1.place = "Kommunhuset, sal A".into();
        assert_eq!(
            store
                .save_meeting(&m1, a.revision, "alice", "meeting.edit")
                .unwrap(),
            2
        );
        let mut m2 = b.document.meeting.clone();
        m2.place = "Kommunhuset, sal B".into();
        let err = store
            .save_meeting(&m2, b.revision, "bob", "meeting.edit")
            .unwrap_err();
        assert!(
            matches!(
                err,
                StoreError::Conflict {
                    expected: 1,
                    actual: 2
                }
            ),
            "{err}"
        );
        assert!(
            err.to_string()
                .contains("någon annan har ändrat sammanträdet")
        );
        let now = store.load_meeting(doc.meeting.id).unwrap();
        assert_eq!(now.document.meeting.place, "Kommunhuset, sal A");
        assert_eq!(now.revision, 2);
    });
}

#[test]
fn invalid_saves_change_nothing() {
    each(|store| {
        let doc = seed();
        store.import_meeting(&doc, "test").unwrap();
        let before = store.audit_entries().unwrap().len();
        let mut m = doc.meeting.clone();
        // Break the numbering: § 158 removed leaves a gap.
        m.paragraphs.retain(|p| p.number != 158);
        let err = store
            .save_meeting(&m, 1, "test", "meeting.edit")
            .unwrap_err();
        assert_eq!(err.code(), "numbering_gap");
        assert_eq!(store.audit_entries().unwrap().len(), before);
        assert_eq!(store.load_meeting(doc.meeting.id).unwrap().revision, 1);
    });
}

#[test]
fn paragraph_series_runs_per_body_and_year() {
    // A meeting that has been opened holds final numbers.
    let held = |first: u32| {
        let mut doc = next_meeting(first);
        doc.meeting.status = MeetingStatus::InSession;
        doc
    };
    each(|store| {
        store.import_meeting(&seed(), "test").unwrap();
        // A prepared agenda's numbers are provisional: not part of the series yet.
        let mut prepared = next_meeting(170);
        prepared.meeting.id = "6d1c4a3e-2f0b-4c1e-9a57-202411180001".parse().unwrap();
        prepared.meeting.date = NaiveDate::from_ymd_opt(2024, 11, 18).unwrap();
        store.import_meeting(&prepared, "test").unwrap();
        let next_meeting = held;
        // The next meeting must continue at § 163.
        let err = store
            .import_meeting(&next_meeting(165), "test")
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "paragrafnumren ska löpa utan luckor: § 163 förväntades men § 165 kom"
        );
        let err = store
            .import_meeting(&next_meeting(160), "test")
            .unwrap_err();
        assert_eq!(err.code(), "duplicate_paragraph");
        assert_eq!(
            store.list_meetings().unwrap().len(),
            2,
            "nothing half-written"
        );
        store.import_meeting(&next_meeting(163), "test").unwrap();
        assert_eq!(store.list_meetings().unwrap().len(), 3);
    });
}

#[test]
fn audit_chain_verifies_and_detects_tampering() {
    each(|store| {
        let doc = seed();
        store.import_meeting(&doc, "test").unwrap();
        let mut m = doc.meeting.clone();
        for i in 0..3 {
            m.place = format!("Sal {i}");
            store
                .save_meeting(&m, i + 1, "test", "meeting.edit")
                .unwrap();
        }
        assert_eq!(store.verify_audit_chain().unwrap(), 4);
        let entries = store.audit_entries().unwrap();
        assert_eq!(entries[0].action, "meeting.import");
        assert_eq!(entries[3].prev_hash, entries[2].hash);
        // Rewrite history behind the application's back.
        diesel::sql_query("UPDATE audit_log SET actor = 'mallory' WHERE seq = 2")
            .execute(store.connection())
            .unwrap();
        let err = store.verify_audit_chain().unwrap_err();
        assert!(
            matches!(err, StoreError::AuditChainBroken { seq: 2, .. }),
            "{err}"
        );
        diesel::sql_query("DELETE FROM audit_log WHERE seq = 3")
            .execute(store.connection())
            .unwrap();
        assert!(store.verify_audit_chain().is_err());
    });
}

#[test]
fn meeting_ids_resolve_from_prefixes() {
    each(|store| {
        let doc = seed();
        store.import_meeting(&doc, "test").unwrap();
        store.import_meeting(&next_meeting(163), "test").unwrap();
        let full = doc.meeting.id.to_string();
        assert_eq!(store.resolve_meeting_id(&full).unwrap(), doc.meeting.id);
        assert_eq!(
            store
                .resolve_meeting_id("6d1c4a3e-2f0b-4c1e-9a57-20241021")
                .unwrap(),
            doc.meeting.id
        );
        assert_eq!(
            store.resolve_meeting_id("6d1c").unwrap_err().code(),
            "not_found"
        );
        assert_eq!(
            store.resolve_meeting_id("x'; --").unwrap_err().code(),
            "not_found"
        );
        let missing: MeetingId = "00000000-0000-4000-8000-000000000000".parse().unwrap();
        assert_eq!(store.load_meeting(missing).unwrap_err().code(), "not_found");
    });
}

#[test]
fn migrations_run_down_and_up_again() {
    each(|store| {
        justera_store::connection::redo_all_migrations(store.connection()).unwrap();
        store.import_meeting(&seed(), "test").unwrap();
    });
}

#[test]
fn missing_sqlite_file_is_not_created_by_accident() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nope.db");
    let url = format!("sqlite://{}", path.display());
    let err = Store::open(&url, OpenMode::Existing).err().unwrap();
    assert_eq!(err.code(), "database_missing");
    assert!(!path.exists());
    assert_eq!(
        Store::open("mysql://localhost/x", OpenMode::Create)
            .err()
            .unwrap()
            .code(),
        "unknown_scheme"
    );
}

#[test]
fn accounts_ca_keys_and_documents() {
    use justera_domain::account::{Account, Role};
    use justera_store::accounts::CaRecord;
    use justera_store::documents::{SIGNED_MINUTES, insert_document, sha256_hex};
    each(|store| {
        let doc = seed();
        store.import_meeting(&doc, "test").unwrap();
        let org = doc.organization.id;
        let account = Account {
            username: "johan".into(),
            display_name: "Johan Björkman".into(),
            roles: vec![Role::Member, Role::Secretary { body: doc.body.id }],
            person: Some(doc.meeting.chair),
        };
        let id = store
            .add_user(org, &account, "$argon2id$x", "test")
            .unwrap();
        assert_eq!(
            store
                .add_user(org, &account, "$argon2id$x", "test")
                .unwrap_err()
                .code(),
            "already_exists"
        );
        let found = store.find_user(org, "johan").unwrap().unwrap();
        assert_eq!(found.account, account);
        assert!(store.find_user(org, "okänd").unwrap().is_none());
        assert_eq!(store.list_users(org).unwrap().len(), 1);
        // Binary columns round-trip on both backends, including bytes that are not UTF-8.
        let blob: Vec<u8> = (0..=255u8).collect();
        store
            .add_signing_key(&id, &blob, &[0xff, 0x00, 0x7f], "test")
            .unwrap();
        store
            .add_signing_key(&id, b"second", b"sealed2", "test")
            .unwrap();
        let key = store.current_signing_key(&id).unwrap().unwrap();
        assert_eq!(key.certificate, b"second");
        store
            .put_ca(
                org,
                &CaRecord {
                    certificate: blob.clone(),
                    sealed_key: vec![1, 2, 3],
                    fingerprint: "AB:CD".into(),
                    created_at: justera_store::audit::now(),
                },
                "test",
            )
            .unwrap();
        assert_eq!(store.get_ca(org).unwrap().unwrap().certificate, blob);
        let meeting = doc.meeting.id.to_string();
        let stored = store
            .write(|c| insert_document(c, &meeting, SIGNED_MINUTES, &blob))
            .unwrap();
        assert_eq!(stored.sha256, sha256_hex(&blob));
        let again = store
            .find_document_by_hash(&stored.sha256)
            .unwrap()
            .unwrap();
        assert_eq!(again.content, blob);
        assert_eq!(
            store
                .latest_document(&meeting, SIGNED_MINUTES)
                .unwrap()
                .unwrap()
                .id,
            stored.id
        );
        store.verify_audit_chain().unwrap();
    });
}

#[test]
fn notices_follow_the_date_and_the_archive_is_searchable() {
    each(|store| {
        let doc = seed();
        store.import_meeting(&doc, "test").unwrap();
        let org = doc.organization.id.to_string();
        let posted = doc.meeting.adjustments[0].notice.as_ref().unwrap().dates;
        // Not yet posted the day before; on the board from the posting date up to (not
        // including) the takedown date; in the archive from then on.
        let before = posted.posted.pred_opt().unwrap();
        assert!(store.current_notices(&org, before).unwrap().is_empty());
        let on = store.current_notices(&org, posted.posted).unwrap();
        assert_eq!(on.len(), 1);
        // As the seed's notice lists them.
        assert_eq!(on[0].paragraphs, "§ 157, 161-162");
        assert_eq!(on[0].body_name, "Kommunstyrelsen");
        assert_eq!(on[0].last_appeal_day, posted.last_appeal_day.to_string());
        let last = posted.takedown.pred_opt().unwrap();
        assert_eq!(store.current_notices(&org, last).unwrap().len(), 1);
        assert!(
            store
                .current_notices(&org, posted.takedown)
                .unwrap()
                .is_empty()
        );
        let query = |words: &[&str]| justera_store::notices::ArchiveQuery {
            words: words.iter().map(|w| (*w).to_owned()).collect(),
            limit: 20,
            ..Default::default()
        };
        let (rows, total) = store
            .archived_notices(&org, posted.takedown, &query(&[]))
            .unwrap();
        assert_eq!((rows.len(), total), (1, 1));
        // Words match the body and the public §§' titles, any case; all words must match.
        let title = doc.meeting.paragraphs.last().unwrap().title.to_uppercase();
        let word = title.split_whitespace().next().unwrap().to_owned();
        let (_, total) = store
            .archived_notices(&org, posted.takedown, &query(&[&word, "kommunstyrelsen"]))
            .unwrap();
        assert_eq!(total, 1);
        let (_, total) = store
            .archived_notices(&org, posted.takedown, &query(&[&word, "byggnadsnämnden"]))
            .unwrap();
        assert_eq!(total, 0);
        // A visitor's text with control characters, quotes and the index's syntax: no error,
        // and the word is still found (the NUL made the full-text query fail).
        for text in [
            "datacenterlösning\u{0}",
            "\"datacenter\u{1b}lösning\" OR *",
            "\u{0}\u{7}",
        ] {
            let words = justera_store::notices::ArchiveQuery::words_of(text);
            let refs: Vec<&str> = words.iter().map(String::as_str).collect();
            let (_, total) = store
                .archived_notices(&org, posted.takedown, &query(&refs))
                .unwrap_or_else(|e| panic!("{text:?}: {e}"));
            assert!(total <= 1, "{text:?}");
        }
        // Straight to the store, too.
        let (_, total) = store
            .archived_notices(
                &org,
                posted.takedown,
                &query(&["datacenterlösning\u{0}", "\u{0}\u{0}\u{0}"]),
            )
            .unwrap();
        assert_eq!(total, 1);
        assert_eq!(
            justera_store::notices::ArchiveQuery::words_of("a\u{0}b  c\td ".repeat(20).as_str())
                .len(),
            10
        );
        // § 162 is about the data centre only in its decision: found by the decision text.
        let (rows, total) = store
            .archived_notices(&org, posted.takedown, &query(&["DATACENTERLÖSNING"]))
            .unwrap();
        assert_eq!(total, 1, "{rows:?}");
        assert!(
            !doc.meeting
                .paragraphs
                .iter()
                .any(|p| p.title.to_lowercase().contains("datacenter"))
        );
        // From the index (FTS5 trigram / pg_trgm), still a substring search: a part of a
        // compound word, a word of two letters (no index: LIKE), and the index's own syntax in
        // a word is only text.
        for (words, expected) in [
            (vec!["centerlösn"], 1),
            (vec!["ks"], 1),
            (vec!["\"", "center"], 0),
            (vec!["NEAR(center", "lösning)"], 0),
            (vec!["center*"], 0),
            (vec!["center", "OR", "xyzzy"], 0),
            (vec!["-center"], 0),
        ] {
            let (_, total) = store
                .archived_notices(&org, posted.takedown, &query(&words))
                .unwrap();
            assert_eq!(total, expected, "{words:?}");
        }
        // Not in the archive while current; other organizations see nothing.
        let (_, total) = store
            .archived_notices(&org, posted.posted, &query(&[]))
            .unwrap();
        assert_eq!(total, 0);
        assert!(
            store
                .current_notices("annan", posted.posted)
                .unwrap()
                .is_empty()
        );
    });
}

#[test]
fn sessions_expire_and_tokens_are_stored_only_as_digests() {
    use justera_domain::account::{Account, Role};
    each(|store| {
        let doc = seed();
        store.import_meeting(&doc, "test").unwrap();
        let account = Account {
            username: "alexandra".into(),
            display_name: "Alexandra Skoog".into(),
            roles: vec![Role::Secretary { body: doc.body.id }],
            person: None,
        };
        let id = store
            .add_user(doc.organization.id, &account, "$argon2id$x", "test")
            .unwrap();
        let now = justera_store::audit::now();
        let hour = chrono::Duration::hours(1);
        let live = "a".repeat(64);
        let old = "b".repeat(64);
        store
            .create_session(&id, &live, "csrf1", now, now + hour)
            .unwrap();
        store
            .create_session(&id, &old, "csrf2", now - hour - hour, now - hour)
            .unwrap();
        assert!(store.find_session(&live, now).unwrap().is_some());
        // Expired: refused, even though the token is right.
        assert!(store.find_session(&old, now).unwrap().is_none());
        // Forged: a token that was never issued.
        assert!(store.find_session(&"c".repeat(64), now).unwrap().is_none());
        // Later than its expiry the live one is refused too.
        assert!(
            store
                .find_session(&live, now + hour + hour)
                .unwrap()
                .is_none()
        );
        // Logging out everywhere ends it.
        store.delete_user_sessions(&id).unwrap();
        assert!(store.find_session(&live, now).unwrap().is_none());
    });
}

#[test]
fn api_tokens_expire_are_listed_revoked_and_end_with_a_password_change() {
    use justera_domain::account::{Account, Role};
    each(|store| {
        let doc = seed();
        store.import_meeting(&doc, "test").unwrap();
        let account = Account {
            username: "alexandra".into(),
            display_name: "Alexandra Skoog".into(),
            roles: vec![Role::Secretary { body: doc.body.id }],
            person: None,
        };
        let id = store
            .add_user(doc.organization.id, &account, "$argon2id$x", "test")
            .unwrap();
        let now = justera_store::audit::now();
        let day = chrono::Duration::days(1);
        let (a, b, old) = ("a".repeat(64), "b".repeat(64), "c".repeat(64));
        store
            .create_api_token(&id, &a, "ärendesystemet", now, now + day)
            .unwrap();
        store
            .create_api_token(&id, &b, "statistik", now, now + day)
            .unwrap();
        store
            .create_api_token(&id, &old, "gammal", now - day - day, now - day)
            .unwrap();
        assert!(store.find_api_token(&a, now).unwrap().is_some());
        assert!(
            store.find_api_token(&old, now).unwrap().is_none(),
            "expired"
        );
        assert!(store.find_api_token(&a, now + day + day).unwrap().is_none());
        let listed = store.api_tokens(&id).unwrap();
        assert_eq!(listed.len(), 3);
        assert!(
            listed
                .iter()
                .all(|t| t.id.len() == 12 && !t.id.contains(&a))
        );
        let b_id = listed
            .iter()
            .find(|t| t.label == "statistik")
            .unwrap()
            .id
            .clone();
        // Hostile ids revoke nothing.
        for bad in [
            "",
            "%",
            "'; DROP TABLE api_tokens; --",
            &"f".repeat(200),
            "\u{0}",
        ] {
            assert!(
                !store.revoke_api_token(&id, bad, "test").unwrap(),
                "{bad:?}"
            );
        }
        assert!(store.revoke_api_token(&id, &b_id, "test").unwrap());
        assert!(store.find_api_token(&b, now).unwrap().is_none());
        assert!(store.find_api_token(&a, now).unwrap().is_some());
        // A password change (with the key sealed anew) ends the tokens and the devices.
        store
            .add_trusted_device(&id, &"d".repeat(64), now, now + day)
            .unwrap();
        assert!(
            store
                .trusted_device(&"d".repeat(64), now)
                .unwrap()
                .is_some()
        );
        store
            .set_password(
                &id,
                "$argon2id$y",
                Some((b"cert", b"key")),
                "alexandra",
                "user.passwd",
            )
            .unwrap();
        assert!(store.find_api_token(&a, now).unwrap().is_none());
        assert!(
            store
                .trusted_device(&"d".repeat(64), now)
                .unwrap()
                .is_none()
        );
    });
}

/// One column as both backends describe it, with the type reduced to its kind.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Column {
    table: String,
    column: String,
    kind: &'static str,
    not_null: bool,
}

#[derive(diesel::QueryableByName)]
struct RawColumn {
    #[diesel(sql_type = diesel::sql_types::Text)]
    table_name: String,
    #[diesel(sql_type = diesel::sql_types::Text)]
    column_name: String,
    #[diesel(sql_type = diesel::sql_types::Text)]
    data_type: String,
    #[diesel(sql_type = diesel::sql_types::Bool)]
    not_null: bool,
}

fn kind(declared: &str) -> &'static str {
    let t = declared.to_ascii_lowercase();
    if t.contains("int") || t == "serial" || t == "bigserial" {
        "integer"
    } else if t.contains("char") || t.contains("text") || t.contains("clob") {
        "text"
    } else if t.contains("blob") || t.contains("bytea") {
        "binary"
    } else if t.contains("timestamp") || t.contains("date") {
        "timestamp"
    } else if t.contains("bool") {
        "boolean"
    } else {
        "other"
    }
}

/// The tables' columns. The archive's full-text index is a virtual table and its shadow tables
/// on SQLite (FTS5) and an index on PostgreSQL (pg_trgm): it is not compared.
fn columns(store: &mut Store) -> Vec<Column> {
    use justera_store::DbConnection;
    let raw: Vec<RawColumn> = match store.connection() {
        DbConnection::Sqlite(c) => diesel::sql_query(
            "SELECT m.name AS table_name, p.name AS column_name, p.type AS data_type, \
             (p.\"notnull\" = 1 OR p.pk > 0) AS not_null \
             FROM sqlite_master m JOIN pragma_table_info(m.name) p \
             WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' \
             AND m.name NOT LIKE 'notices_fts%' \
             AND m.name <> '__diesel_schema_migrations'",
        )
        .load(c)
        .unwrap(),
        DbConnection::Postgres(c) => diesel::sql_query(
            "SELECT table_name::text AS table_name, column_name::text AS column_name, \
             data_type::text AS data_type, (is_nullable = 'NO') AS not_null \
             FROM information_schema.columns WHERE table_schema = current_schema() \
             AND table_name <> '__diesel_schema_migrations'",
        )
        .load(c)
        .unwrap(),
    };
    let mut out: Vec<Column> = raw
        .into_iter()
        .map(|r| Column {
            table: r.table_name,
            column: r.column_name,
            kind: kind(&r.data_type),
            not_null: r.not_null,
        })
        .collect();
    out.sort();
    out
}

#[test]
fn both_backends_have_the_same_schema_after_migrating() {
    let Some(pg) = backends::postgres() else {
        return;
    };
    let sqlite = backends::sqlite();
    let mut a = Store::open(&sqlite.url, OpenMode::Create).unwrap();
    let mut b = Store::open(&pg.url, OpenMode::Create).unwrap();
    let (left, right) = (columns(&mut a), columns(&mut b));
    assert!(left.len() > 30, "too few columns read: {left:?}");
    let only_sqlite: Vec<&Column> = left.iter().filter(|c| !right.contains(c)).collect();
    let only_pg: Vec<&Column> = right.iter().filter(|c| !left.contains(c)).collect();
    assert!(
        only_sqlite.is_empty() && only_pg.is_empty(),
        "the schemas differ\nonly in SQLite: {only_sqlite:#?}\nonly in PostgreSQL: {only_pg:#?}"
    );
}

#[test]
fn a_term_is_imported_in_one_transaction_and_replaces_its_earlier_import() {
    use justera_domain::term::{parse_csv, read_term};
    each(|store| {
        let doc = seed();
        store.import_meeting(&doc, "test").unwrap();
        let mut body = doc.body.clone();
        let (start, end) = (
            NaiveDate::from_ymd_opt(2027, 1, 1).unwrap(),
            NaiveDate::from_ymd_opt(2030, 12, 31).unwrap(),
        );
        // 2,000 rows: the board's seats, and substitutes for the rest.
        body.seats = 11;
        let mut text = String::from("namn;parti;roll;ordning;befattning;från;till\n");
        text.push_str("Johan Björkman;M;ledamot;1;ordförande;;\n");
        for i in 1..11 {
            text.push_str(&format!("Ledamot {i};S;ledamot;{};;;\n", i + 1));
        }
        for i in 0..1989 {
            text.push_str(&format!("Ersättare {i};S;ersättare;{};;;\n", i + 1));
        }
        let plan = read_term(&parse_csv(&text).unwrap(), &body, start, end).unwrap();
        assert!(
            plan.is_clean(),
            "{:?}",
            &plan.errors[..plan.errors.len().min(3)]
        );
        assert_eq!(plan.rows.len(), 2000);
        let audit_before = store.audit_entries().unwrap().len();
        let started = std::time::Instant::now();
        let done = store
            .import_term(&body, start, end, &plan.rows, "admin")
            .unwrap();
        eprintln!("2 000 rader inlästa på {:?}", started.elapsed());
        assert_eq!((done.mandates, done.replaced), (2000, 0));
        // Johan Björkman is the seed's person: no new person, his 2024 mandate is kept.
        assert_eq!(done.new_persons, 1999);
        let all = store.body_mandates(body.id).unwrap();
        assert_eq!(all.len(), doc.mandates.len() + 2000);
        let johan: Vec<_> = all
            .iter()
            .filter(|(_, p)| p.name == "Johan Björkman")
            .collect();
        assert_eq!(johan.len(), 2, "the 2024 mandate and the new term's");
        assert_eq!(store.audit_entries().unwrap().len(), audit_before + 1);
        // Imported again (a corrected file): the term's mandates are replaced, not doubled.
        let small = "namn;parti;roll;ordning\nJohan Björkman;M;ledamot;1\n";
        body.seats = 1;
        let plan = read_term(&parse_csv(small).unwrap(), &body, start, end).unwrap();
        let again = store
            .import_term(&body, start, end, &plan.rows, "admin")
            .unwrap();
        assert_eq!(
            (again.mandates, again.replaced, again.new_persons),
            (1, 2000, 0)
        );
        assert_eq!(
            store.body_mandates(body.id).unwrap().len(),
            doc.mandates.len() + 1
        );
        // The 2024 protocol still renders with its 2024 people.
        let stored = store.load_meeting(doc.meeting.id).unwrap().document;
        let ids = |ms: &[justera_domain::organization::Mandate]| {
            let mut v: Vec<String> = ms.iter().map(|m| format!("{m:?}")).collect();
            v.sort();
            v
        };
        assert_eq!(ids(&stored.mandates), ids(&doc.mandates));
        store.verify_audit_chain().unwrap();
    });
}

#[test]
fn accounts_are_disabled_keep_an_administrator_and_links_work_once() {
    use justera_domain::account::{Account, AccountChange, Role};
    use justera_store::users::{LinkPurpose, NewCredentials};
    each(|store| {
        let doc = seed();
        store.import_meeting(&doc, "test").unwrap();
        let org = doc.organization.id;
        let add = |store: &mut Store, username: &str, roles: Vec<Role>| {
            let account = Account {
                username: username.into(),
                display_name: username.to_uppercase(),
                roles,
                person: None,
            };
            store.add_user(org, &account, "!", "test").unwrap()
        };
        let anna = add(store, "anna", vec![Role::Administrator]);
        let bo = add(store, "bo", vec![Role::Member]);
        let change = |roles: Vec<Role>, active: bool| AccountChange {
            display_name: "Ny Namn".into(),
            roles,
            person: None,
            active,
        };
        // The only administrator neither steps down nor is disabled; nothing changes.
        let refused = store
            .update_account(org, "anna", &change(vec![Role::Member], true), "anna")
            .unwrap_err();
        assert!(
            refused.to_string().contains("enda aktiva administratör"),
            "{refused}"
        );
        assert!(
            store
                .update_account(org, "anna", &change(vec![Role::Administrator], false), "x")
                .is_err()
        );
        let a = store.find_user(org, "anna").unwrap().unwrap();
        assert_eq!(a.account.display_name, "ANNA");
        assert!(a.disabled_at.is_none());
        // Bo disabled: his sessions and tokens end and no longer find him.
        let now = justera_store::audit::now();
        let hour = chrono::Duration::hours(1);
        store
            .create_session(&bo, &"s".repeat(64), "csrf", now, now + hour)
            .unwrap();
        store
            .create_api_token(&bo, &"t".repeat(64), "x", now, now + hour)
            .unwrap();
        store
            .update_account(
                org,
                "bo",
                &change(vec![Role::Member, Role::Member], false),
                "anna",
            )
            .unwrap();
        let b = store.find_user(org, "bo").unwrap().unwrap();
        assert!(b.disabled_at.is_some());
        assert_eq!(b.account.roles, vec![Role::Member], "repeats dropped");
        assert!(store.find_session(&"s".repeat(64), now).unwrap().is_none());
        assert!(
            store
                .find_api_token(&"t".repeat(64), now)
                .unwrap()
                .is_none()
        );
        // A disabled account's link does not open.
        let day = chrono::Duration::days(1);
        store
            .create_account_link(
                &bo,
                LinkPurpose::Reset,
                &"1".repeat(64),
                now,
                now + day,
                "anna",
            )
            .unwrap();
        assert!(store.account_link(&"1".repeat(64), now).unwrap().is_none());
        // Anna's invitation: a newer link replaces the older; it works once, before it expires.
        store
            .create_account_link(
                &anna,
                LinkPurpose::Invitation,
                &"2".repeat(64),
                now,
                now + day,
                "x",
            )
            .unwrap();
        store
            .create_account_link(
                &anna,
                LinkPurpose::Invitation,
                &"3".repeat(64),
                now,
                now + day,
                "x",
            )
            .unwrap();
        assert!(store.account_link(&"2".repeat(64), now).unwrap().is_none());
        let open = store.account_link(&"3".repeat(64), now).unwrap().unwrap();
        assert_eq!(open.purpose, LinkPurpose::Invitation);
        assert_eq!(open.user.account.username, "anna");
        assert!(
            store
                .account_link(&"3".repeat(64), now + day + hour)
                .unwrap()
                .is_none()
        );
        let new = NewCredentials {
            password_hash: "$argon2id$ny",
            certificate: b"cert",
            sealed_key: b"key",
        };
        assert!(
            !store
                .use_account_link(&"3".repeat(64), &bo, now, &new, "anna")
                .unwrap(),
            "another user's id"
        );
        assert!(
            store
                .use_account_link(&"3".repeat(64), &anna, now, &new, "anna")
                .unwrap()
        );
        assert!(
            !store
                .use_account_link(&"3".repeat(64), &anna, now, &new, "anna")
                .unwrap(),
            "used once"
        );
        let a = store.find_user(org, "anna").unwrap().unwrap();
        assert_eq!(a.password_hash, "$argon2id$ny");
        assert!(store.current_signing_key(&anna).unwrap().is_some());
        assert!(store.verify_audit_chain().is_ok());
    });
}
