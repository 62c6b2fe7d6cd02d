//! One connection type over SQLite and PostgreSQL, chosen from the URL scheme.

use std::path::{Path, PathBuf};

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

use crate::error::StoreError;

pub const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../../migrations/sqlite");
pub const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../../migrations/postgres");

/// The default when `DATABASE_URL` is not set.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/justera.db";

#[derive(diesel::MultiConnection)]
pub enum DbConnection {
    Postgres(PgConnection),
    Sqlite(SqliteConnection),
}

/// Where the data lives, parsed from `DATABASE_URL`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DatabaseUrl {
    Sqlite(PathBuf),
    Postgres(String),
}

impl DatabaseUrl {
    /// `sqlite://relative/path.db`, `sqlite:///absolute/path.db`, `postgres://…` or
    /// `postgresql://…`. Anything else is refused: no database is created by accident.
    pub fn parse(url: &str) -> Result<Self, StoreError> {
        if let Some(path) = url.strip_prefix("sqlite://") {
            if path.is_empty() || path == ":memory:" {
                return Err(StoreError::UnknownScheme { url: url.into() });
            }
            Ok(Self::Sqlite(PathBuf::from(path)))
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Self::Postgres(url.to_owned()))
        } else {
            Err(StoreError::UnknownScheme { url: url.into() })
        }
    }

    pub fn is_sqlite(&self) -> bool {
        matches!(self, Self::Sqlite(_))
    }

    /// The URL for messages, with any password hidden.
    pub fn redacted(&self) -> String {
        match self {
            Self::Sqlite(p) => format!("sqlite://{}", p.display()),
            Self::Postgres(u) => redact_password(u),
        }
    }
}

fn redact_password(url: &str) -> String {
    // postgres://user:secret@host/db → postgres://user:***@host/db
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    match rest.split_once('@') {
        Some((userinfo, host)) => match userinfo.split_once(':') {
            Some((user, _)) => format!("{scheme}://{user}:***@{host}"),
            None => url.to_owned(),
        },
        None => url.to_owned(),
    }
}

/// Whether opening may create a new database.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenMode {
    /// Create the SQLite file (and its folder) when missing.
    Create,
    /// Refuse a missing SQLite file.
    Existing,
}

/// Connects, configures and migrates.
pub fn establish(url: &DatabaseUrl, mode: OpenMode) -> Result<DbConnection, StoreError> {
    let mut conn = match url {
        DatabaseUrl::Sqlite(path) => DbConnection::Sqlite(open_sqlite(path, mode)?),
        DatabaseUrl::Postgres(u) => DbConnection::Postgres(
            PgConnection::establish(u).map_err(|e| StoreError::Connection(e.to_string()))?,
        ),
    };
    run_migrations(&mut conn)?;
    Ok(conn)
}

fn open_sqlite(path: &Path, mode: OpenMode) -> Result<SqliteConnection, StoreError> {
    if !path.exists() {
        match mode {
            OpenMode::Existing => {
                return Err(StoreError::DatabaseMissing {
                    path: path.display().to_string(),
                });
            }
            OpenMode::Create => {
                if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                    std::fs::create_dir_all(dir).map_err(|e| {
                        StoreError::Connection(format!(
                            "kan inte skapa mappen {}: {e}",
                            dir.display()
                        ))
                    })?;
                }
            }
        }
    }
    let text = path
        .to_str()
        .ok_or_else(|| StoreError::Connection(format!("ogiltig sökväg {}", path.display())))?;
    let mut conn =
        SqliteConnection::establish(text).map_err(|e| StoreError::Connection(e.to_string()))?;
    // Wait for a busy writer rather than failing (set first: the next statements may meet one),
    // WAL for concurrent readers, foreign keys enforced, and full durability of committed
    // transactions.
    conn.batch_execute(
        "PRAGMA busy_timeout = 10000; PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL;",
    )?;
    Ok(conn)
}

/// Runs the embedded migrations of the connection's backend.
pub fn run_migrations(conn: &mut DbConnection) -> Result<usize, StoreError> {
    let applied = match conn {
        DbConnection::Sqlite(c) => c.run_pending_migrations(SQLITE_MIGRATIONS).map(|v| v.len()),
        DbConnection::Postgres(c) => c
            .run_pending_migrations(POSTGRES_MIGRATIONS)
            .map(|v| v.len()),
    };
    applied.map_err(|e| StoreError::Migration(e.to_string()))
}

/// Whether migrations embedded in this binary are not yet applied (for the readiness check).
pub fn has_pending_migrations(conn: &mut DbConnection) -> Result<bool, StoreError> {
    let pending = match conn {
        DbConnection::Sqlite(c) => c.has_pending_migration(SQLITE_MIGRATIONS),
        DbConnection::Postgres(c) => c.has_pending_migration(POSTGRES_MIGRATIONS),
    };
    pending.map_err(|e| StoreError::Migration(e.to_string()))
}

/// Reverts every migration and applies them again (used by the migration tests).
pub fn redo_all_migrations(conn: &mut DbConnection) -> Result<(), StoreError> {
    let m = |e: Box<dyn std::error::Error + Send + Sync>| StoreError::Migration(e.to_string());
    match conn {
        DbConnection::Sqlite(c) => {
            c.revert_all_migrations(SQLITE_MIGRATIONS).map_err(m)?;
            c.run_pending_migrations(SQLITE_MIGRATIONS).map_err(m)?;
        }
        DbConnection::Postgres(c) => {
            c.revert_all_migrations(POSTGRES_MIGRATIONS).map_err(m)?;
            c.run_pending_migrations(POSTGRES_MIGRATIONS).map_err(m)?;
        }
    }
    Ok(())
}

/// Reverts the migrations from `version` (e.g. "2026-12-05-000011") on, newest first (used by
/// the tests of a migration's data conversion).
pub fn revert_migrations_from(conn: &mut DbConnection, version: &str) -> Result<(), StoreError> {
    let m = |e: Box<dyn std::error::Error + Send + Sync>| StoreError::Migration(e.to_string());
    let wanted = version.replace('-', "");
    loop {
        let applied = match conn {
            DbConnection::Sqlite(c) => c.applied_migrations().map_err(m)?,
            DbConnection::Postgres(c) => c.applied_migrations().map_err(m)?,
        };
        let newest = applied.iter().map(|v| v.to_string().replace('-', "")).max();
        match newest {
            Some(v) if v.as_str() >= wanted.as_str() => {}
            _ => return Ok(()),
        }
        match conn {
            DbConnection::Sqlite(c) => c.revert_last_migration(SQLITE_MIGRATIONS).map_err(m)?,
            DbConnection::Postgres(c) => c.revert_last_migration(POSTGRES_MIGRATIONS).map_err(m)?,
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_schemes() {
        assert_eq!(
            DatabaseUrl::parse("sqlite://data/justera.db").ok(),
            Some(DatabaseUrl::Sqlite(PathBuf::from("data/justera.db")))
        );
        assert_eq!(
            DatabaseUrl::parse("sqlite:///var/lib/justera/j.db").ok(),
            Some(DatabaseUrl::Sqlite(PathBuf::from("/var/lib/justera/j.db")))
        );
        assert!(matches!(
            DatabaseUrl::parse("postgres://u:p@localhost/j"),
            Ok(DatabaseUrl::Postgres(_))
        ));
        for bad in [
            "mysql://x",
            "justera.db",
            "sqlite://",
            "sqlite://:memory:",
            "",
        ] {
            assert!(
                matches!(
                    DatabaseUrl::parse(bad),
                    Err(StoreError::UnknownScheme { .. })
                ),
                "{bad}"
            );
        }
    }

    #[test]
    fn passwords_are_hidden() {
        let url = DatabaseUrl::Postgres("postgres://justera:hemligt@db/justera".into());
        assert_eq!(url.redacted(), "postgres://justera:***@db/justera");
    }
}
