//! Test databases: a temporary SQLite file, and a fresh PostgreSQL schema when
//! `JUSTERA_TEST_POSTGRES_URL` is set. With `JUSTERA_REQUIRE_POSTGRES=1` (as in CI) a missing
//! PostgreSQL fails the run instead of being skipped.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use diesel::connection::SimpleConnection;
use diesel::{Connection, PgConnection};

pub struct TestDb {
    pub name: &'static str,
    pub url: String,
    cleanup: Cleanup,
}

enum Cleanup {
    Dir(#[allow(dead_code)] tempfile::TempDir),
    Schema { admin_url: String, schema: String },
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Cleanup::Schema { admin_url, schema } = &self.cleanup
            && let Ok(mut c) = PgConnection::establish(admin_url)
        {
            let _ = c.batch_execute(&format!("DROP SCHEMA IF EXISTS \"{schema}\" CASCADE"));
        }
    }
}

pub fn sqlite() -> TestDb {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("test.db").display());
    TestDb {
        name: "sqlite",
        url,
        cleanup: Cleanup::Dir(dir),
    }
}

pub fn postgres() -> Option<TestDb> {
    let Ok(base) = std::env::var("JUSTERA_TEST_POSTGRES_URL") else {
        if std::env::var("JUSTERA_REQUIRE_POSTGRES").is_ok_and(|v| v == "1") {
            panic!("JUSTERA_REQUIRE_POSTGRES=1 but JUSTERA_TEST_POSTGRES_URL is not set");
        }
        eprintln!(
            "\n!!! SKIPPING PostgreSQL repository tests: set JUSTERA_TEST_POSTGRES_URL (e.g. postgres://postgres@127.0.0.1:5432/test) !!!\n"
        );
        return None;
    };
    let schema = format!("t_{}", uuid::Uuid::new_v4().simple());
    let mut admin =
        PgConnection::establish(&base).unwrap_or_else(|e| panic!("cannot connect to {base}: {e}"));
    admin
        .batch_execute(&format!("CREATE SCHEMA \"{schema}\""))
        .unwrap();
    let sep = if base.contains('?') { '&' } else { '?' };
    let url = format!("{base}{sep}options=-c%20search_path%3D{schema}");
    Some(TestDb {
        name: "postgres",
        url,
        cleanup: Cleanup::Schema {
            admin_url: base,
            schema,
        },
    })
}

/// Every backend this run tests.
pub fn all() -> Vec<TestDb> {
    let mut v = vec![sqlite()];
    v.extend(postgres());
    v
}
