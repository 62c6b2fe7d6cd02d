//! Backups of an SQLite database: a consistent online copy (`VACUUM INTO`, which reads one
//! snapshot while the server goes on writing) and the checks a copy must pass before it is
//! restored. PostgreSQL is backed up with `pg_dump` (docs/operations.md).

use std::path::Path;

use diesel::RunQueryDsl;
use diesel::sql_types::Text;

use crate::connection::DbConnection;
use crate::error::StoreError;
use crate::store::Store;

#[derive(diesel::QueryableByName)]
struct Check {
    #[diesel(sql_type = Text)]
    integrity_check: String,
}

impl Store {
    /// Writes a consistent copy of the database to `to`, which must not exist yet.
    pub fn backup_to(&mut self, to: &Path) -> Result<(), StoreError> {
        if to.exists() {
            return Err(StoreError::AlreadyExists {
                what: format!("filen {}", to.display()),
            });
        }
        let DbConnection::Sqlite(conn) = &mut self.conn else {
            return Err(StoreError::Unsupported(
                "säkerhetskopior av PostgreSQL görs med pg_dump (se docs/operations.md)".into(),
            ));
        };
        let target = to.to_string_lossy().replace('\'', "''");
        diesel::sql_query(format!("VACUUM INTO '{target}'")).execute(conn)?;
        Ok(())
    }

    /// Writes the WAL into the database file, so the file alone is complete (before it is
    /// moved into place).
    pub fn backup_checkpoint(&mut self) -> Result<(), StoreError> {
        if let DbConnection::Sqlite(conn) = &mut self.conn {
            diesel::sql_query("PRAGMA wal_checkpoint(TRUNCATE)").execute(conn)?;
        }
        Ok(())
    }

    /// SQLite's own consistency check of every page and index.
    pub fn integrity_check(&mut self) -> Result<(), StoreError> {
        let DbConnection::Sqlite(conn) = &mut self.conn else {
            return Ok(());
        };
        let rows: Vec<Check> = diesel::sql_query("PRAGMA integrity_check").load(conn)?;
        match rows.as_slice() {
            [one] if one.integrity_check == "ok" => Ok(()),
            _ => Err(StoreError::Corrupt(format!(
                "integritetskontrollen misslyckades: {}",
                rows.iter()
                    .map(|r| r.integrity_check.as_str())
                    .collect::<Vec<_>>()
                    .join("; ")
            ))),
        }
    }
}
