//! One audit chain per organization, and writers of different organizations that do not wait
//! for each other on PostgreSQL (issue 15). Run on every backend.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod support;

use diesel::RunQueryDsl;
use diesel::connection::SimpleConnection;
use justera_domain::document::MeetingDocument;
use justera_store::connection::DbConnection;
use justera_store::{OpenMode, Store, StoreError, audit};

const SEED: &str = include_str!("../../../tests/fixtures/ks-2024-10-21.json");

/// The seed as the protocol of a municipality of its own: every id starts with `prefix`
/// (8 hex digits), so organizations of parallel tests never share an id or a lock.
fn municipality(prefix: &str, name: &str) -> MeetingDocument {
    let text = SEED
        .replace("\"00000000-", &format!("\"{prefix}-"))
        .replace("\"6d1c4a3e-", &format!("\"{prefix}-"))
        .replace("Svenljunga kommun", name);
    MeetingDocument::from_json(&text).unwrap()
}

fn fresh_prefix() -> String {
    uuid::Uuid::new_v4().simple().to_string()[..8].to_owned()
}

fn each(test: impl Fn(&mut Store, &str)) {
    for db in support::all() {
        eprintln!("-- backend {}", db.name);
        let mut store = Store::open(&db.url, OpenMode::Create).unwrap();
        test(&mut store, &db.url);
    }
}

#[test]
fn each_organization_has_its_own_chain_verified_on_its_own() {
    each(|store, _| {
        let a = municipality(&fresh_prefix(), "Ask kommun");
        let b = municipality(&fresh_prefix(), "Berg kommun");
        store.import_meeting(&a, "test").unwrap();
        store.import_meeting(&b, "test").unwrap();
        for i in 0..3 {
            let mut m = a.meeting.clone();
            m.place = format!("Sal {i}");
            store
                .save_meeting(&m, i + 1, "test", "meeting.edit")
                .unwrap();
        }
        let org_a = a.organization.id.to_string();
        let org_b = b.organization.id.to_string();
        assert_eq!(store.verify_audit_chain_of(&org_a).unwrap(), 4);
        assert_eq!(store.verify_audit_chain_of(&org_b).unwrap(), 1);
        assert_eq!(store.verify_audit_chain().unwrap(), 5);
        // Each chain starts at 1 and links within itself.
        let entries = store.audit_entries().unwrap();
        let first_b = entries.iter().find(|e| e.chain == org_b).unwrap();
        assert_eq!(
            (first_b.seq, first_b.prev_hash.as_str()),
            (1, audit::GENESIS)
        );
        let a_entries: Vec<_> = entries.iter().filter(|e| e.chain == org_a).collect();
        assert_eq!(a_entries[2].prev_hash, a_entries[1].hash);

        // An entry moved to another organization's chain breaks the chain it was hashed in.
        diesel::sql_query(format!(
            "UPDATE audit_log SET actor = 'mallory' WHERE chain = '{org_a}' AND seq = 2"
        ))
        .execute(store.connection())
        .unwrap();
        let err = store.verify_audit_chain_of(&org_a).unwrap_err();
        assert!(
            matches!(&err, StoreError::AuditChainBroken { chain, seq: 2, .. } if *chain == org_a),
            "{err}"
        );
        assert!(
            err.to_string()
                .contains(&format!("för organisationen {org_a}")),
            "{err}"
        );
        // The other organization's chain is not affected; the whole log is.
        assert_eq!(store.verify_audit_chain_of(&org_b).unwrap(), 1);
        assert!(store.verify_audit_chain().is_err());
    });
}

#[test]
fn an_entry_copied_into_another_chain_does_not_verify_there() {
    each(|store, _| {
        let a = municipality(&fresh_prefix(), "Ask kommun");
        let b = municipality(&fresh_prefix(), "Berg kommun");
        store.import_meeting(&a, "test").unwrap();
        store.import_meeting(&b, "test").unwrap();
        let org_a = a.organization.id.to_string();
        let org_b = b.organization.id.to_string();
        // B's first entry replaced by A's, hashed as if the chain's name were not part of it:
        // the copy is caught.
        let entries = store.audit_entries().unwrap();
        let from_a = entries.iter().find(|e| e.chain == org_a).unwrap().clone();
        let forged = audit::AuditEntry {
            chain: org_b.clone(),
            hash: audit::entry_hash(
                audit::INSTALLATION,
                from_a.seq,
                from_a.recorded_at,
                &from_a.actor,
                &from_a.action,
                &from_a.subject,
                &from_a.payload,
                &from_a.prev_hash,
            ),
            ..from_a
        };
        let conn = store.connection();
        diesel::sql_query(format!("DELETE FROM audit_log WHERE chain = '{org_b}'"))
            .execute(conn)
            .unwrap();
        diesel::insert_into(justera_store::schema::audit_log::table)
            .values(&forged)
            .execute(conn)
            .unwrap();
        assert!(store.verify_audit_chain_of(&org_b).is_err());
    });
}

/// The entries written before the log was split stay on the installation's chain and verify
/// with the hash they were written with.
#[test]
fn entries_from_before_the_split_still_verify() {
    each(|store, _| {
        let recorded_at = audit::now();
        let hash = audit::entry_hash(
            audit::INSTALLATION,
            1,
            recorded_at,
            "cli:anna",
            "meeting.import",
            "x",
            "{}",
            audit::GENESIS,
        );
        // The old formula: the same fields, without a chain name.
        let entry = audit::AuditEntry {
            chain: String::new(),
            seq: 1,
            recorded_at,
            actor: "cli:anna".into(),
            action: "meeting.import".into(),
            subject: "x".into(),
            payload: "{}".into(),
            prev_hash: audit::GENESIS.into(),
            hash,
        };
        audit::verify_entries(std::slice::from_ref(&entry)).unwrap();
        diesel::insert_into(justera_store::schema::audit_log::table)
            .values(&entry)
            .execute(store.connection())
            .unwrap();
        assert_eq!(store.verify_audit_chain().unwrap(), 1);
        let a = municipality(&fresh_prefix(), "Ask kommun");
        store.import_meeting(&a, "test").unwrap();
        assert_eq!(store.verify_audit_chain().unwrap(), 2);
        assert_eq!(store.verify_audit_chain_of(audit::INSTALLATION).unwrap(), 1);
    });
}

/// On PostgreSQL a writer of one organization does not wait for a writer of another; a second
/// writer of the same organization does (here: gives up after its lock timeout).
#[test]
fn writers_of_different_organizations_do_not_wait_for_each_other() {
    let Some(db) = support::postgres() else {
        return;
    };
    let mut holder = Store::open(&db.url, OpenMode::Create).unwrap();
    let mut other = Store::open(&db.url, OpenMode::Existing).unwrap();
    let a = municipality(&fresh_prefix(), "Ask kommun");
    let b = municipality(&fresh_prefix(), "Berg kommun");
    holder.import_meeting(&a, "test").unwrap();
    other.import_meeting(&b, "test").unwrap();
    let org_a = a.organization.id.to_string();
    let (held_tx, held_rx) = std::sync::mpsc::channel();
    let (release_tx, release_rx) = std::sync::mpsc::channel::<()>();
    let holding = std::thread::spawn({
        let org_a = org_a.clone();
        let meeting = a.meeting.clone();
        move || {
            holder
                .write_in(&org_a, |c| {
                    let mut m = meeting;
                    m.place = "Sal A".into();
                    justera_store::save_meeting_tx(c, &m, 1, "test", "meeting.edit")?;
                    held_tx.send(()).ok();
                    release_rx.recv().ok();
                    Ok(())
                })
                .unwrap();
        }
    });
    held_rx.recv().unwrap();
    if let DbConnection::Postgres(pg) = other.connection() {
        pg.batch_execute("SET lock_timeout = '300ms'").unwrap();
    }
    // Another organization writes while A's writer holds its lock.
    let mut mb = b.meeting.clone();
    mb.place = "Sal B".into();
    assert_eq!(
        other.save_meeting(&mb, 1, "test", "meeting.edit").unwrap(),
        2
    );
    // A second writer of A waits, and here gives up: nothing of it is saved.
    let mut ma = a.meeting.clone();
    ma.place = "Sal C".into();
    let err = other
        .save_meeting(&ma, 1, "test", "meeting.edit")
        .unwrap_err();
    assert_eq!(err.code(), "database", "{err}");
    release_tx.send(()).unwrap();
    holding.join().unwrap();
    let stored = other.load_meeting(a.meeting.id).unwrap();
    assert_eq!(
        (stored.revision, stored.document.meeting.place.as_str()),
        (2, "Sal A")
    );
    other.verify_audit_chain_of(&org_a).unwrap();
    other
        .verify_audit_chain_of(&b.organization.id.to_string())
        .unwrap();
}
