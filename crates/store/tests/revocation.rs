//! What the revocation list is made from, per organization, and the latest list kept so every
//! node serves the same one (issue 16). Run on every backend.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod support;

use chrono::NaiveDate;
use justera_domain::account::{Account, AccountChange, Role};
use justera_domain::document::MeetingDocument;
use justera_domain::ids::OrganizationId;
use justera_store::revocation::RevocationList;
use justera_store::{OpenMode, Store};

const SEED: &str = include_str!("../../../tests/fixtures/ks-2024-10-21.json");

fn municipality(store: &mut Store) -> OrganizationId {
    let prefix = &uuid::Uuid::new_v4().simple().to_string()[..8];
    let text = SEED
        .replace("\"00000000-", &format!("\"{prefix}-"))
        .replace("\"6d1c4a3e-", &format!("\"{prefix}-"));
    let doc = MeetingDocument::from_json(&text).unwrap();
    store.import_meeting(&doc, "test").unwrap();
    doc.organization.id
}

fn user(store: &mut Store, org: OrganizationId, name: &str, roles: Vec<Role>) -> String {
    let account = Account {
        username: name.into(),
        display_name: name.into(),
        roles,
        person: None,
    };
    store.add_user(org, &account, "x", "test").unwrap()
}

fn list(number: i64, content: &[u8]) -> RevocationList {
    let at = NaiveDate::from_ymd_opt(2026, 12, 4)
        .unwrap()
        .and_hms_opt(12, 0, 0)
        .unwrap();
    RevocationList {
        content: content.to_vec(),
        number,
        this_update: at,
        next_update: at + chrono::Duration::days(8),
    }
}

#[test]
fn retired_keys_of_one_organization_make_its_list() {
    for db in support::all() {
        eprintln!("-- backend {}", db.name);
        let mut store = Store::open(&db.url, OpenMode::Create).unwrap();
        let org = municipality(&mut store);
        let other = municipality(&mut store);
        user(&mut store, org, "admin", vec![Role::Administrator]);
        let member = user(&mut store, org, "ledamot", vec![Role::Member]);
        let stranger = user(&mut store, other, "annan", vec![Role::Member]);
        assert!(store.retired_certificates(org).unwrap().is_empty());
        assert_eq!(store.last_retirement(org).unwrap(), None);
        // A new key retires the one before (a password reset).
        store
            .add_signing_key(&member, b"cert-1", b"k1", "test")
            .unwrap();
        store
            .add_signing_key(&member, b"cert-2", b"k2", "test")
            .unwrap();
        store
            .add_signing_key(&stranger, b"cert-x", b"kx", "test")
            .unwrap();
        store
            .add_signing_key(&stranger, b"cert-y", b"ky", "test")
            .unwrap();
        let retired = store.retired_certificates(org).unwrap();
        assert_eq!(
            retired.iter().map(|r| r.0.clone()).collect::<Vec<_>>(),
            vec![b"cert-1".to_vec()]
        );
        // Disabling the account retires its current key too.
        let change = AccountChange {
            display_name: "ledamot".into(),
            roles: vec![Role::Member],
            person: None,
            active: false,
        };
        store
            .update_account(org, "ledamot", &change, "test")
            .unwrap();
        let retired: Vec<Vec<u8>> = store
            .retired_certificates(org)
            .unwrap()
            .into_iter()
            .map(|r| r.0)
            .collect();
        assert_eq!(retired, vec![b"cert-1".to_vec(), b"cert-2".to_vec()]);
        assert!(store.current_signing_key(&member).unwrap().is_none());
        assert!(store.last_retirement(org).unwrap().is_some());
        // The other organization's list is its own.
        assert_eq!(store.retired_certificates(other).unwrap().len(), 1);

        // The latest list is kept; an older one (another node's, late) does not replace it.
        assert!(store.revocation_list(org).unwrap().is_none());
        store.put_revocation_list(org, &list(10, b"tio")).unwrap();
        store.put_revocation_list(org, &list(5, b"fem")).unwrap();
        assert_eq!(store.revocation_list(org).unwrap().unwrap().content, b"tio");
        store.put_revocation_list(org, &list(11, b"elva")).unwrap();
        let kept = store.revocation_list(org).unwrap().unwrap();
        assert_eq!((kept.number, kept.content), (11, b"elva".to_vec()));
        assert!(store.revocation_list(other).unwrap().is_none());
    }
}
