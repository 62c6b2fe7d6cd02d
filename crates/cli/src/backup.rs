//! `justera restore`: a backup is checked (SQLite's integrity check, migrations, the audit
//! chain) on a copy before it replaces anything; the database it replaces is moved aside, never
//! deleted.

use std::path::{Path, PathBuf};

use justera_store::{DatabaseUrl, OpenMode, Store};

use crate::commands::{CliError, print};

type Result<T> = std::result::Result<T, CliError>;

fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(suffix);
    path.with_file_name(name)
}

pub fn restore(url: &str, from: &Path, force: bool) -> Result<()> {
    let DatabaseUrl::Sqlite(target) = DatabaseUrl::parse(url)? else {
        return Err(CliError::Message(
            "återställ PostgreSQL med pg_restore (se docs/operations.md)".into(),
        ));
    };
    if !from.is_file() {
        return Err(CliError::Message(format!(
            "säkerhetskopian {} finns inte",
            from.display()
        )));
    }
    if target.exists() && !force {
        return Err(CliError::Message(format!(
            "databasen {} finns redan; ange --force för att ersätta den (den flyttas undan)",
            target.display()
        )));
    }
    if let Some(dir) = target.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .map_err(|e| CliError::Message(format!("{}: {e}", dir.display())))?;
    }
    // Check a copy: opening it applies migrations this version needs.
    let staging = sibling(&target, ".aterstalls");
    let _ = std::fs::remove_file(&staging);
    std::fs::copy(from, &staging)
        .map_err(|e| CliError::Message(format!("{}: {e}", from.display())))?;
    let checked = (|| -> Result<(usize, usize)> {
        let mut store = Store::open(
            &format!("sqlite://{}", staging.display()),
            OpenMode::Existing,
        )?;
        store.integrity_check()?;
        let entries = store.verify_audit_chain()?;
        let meetings = store.list_meetings()?.len();
        // Leave no WAL behind: the file is complete on its own.
        store.backup_checkpoint()?;
        Ok((entries, meetings))
    })();
    let (entries, meetings) = match checked {
        Ok(v) => v,
        Err(e) => {
            let _ = std::fs::remove_file(&staging);
            return Err(CliError::Message(format!(
                "säkerhetskopian kan inte återställas: {e}"
            )));
        }
    };
    let mut moved = None;
    if target.exists() {
        let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%SZ");
        let aside = sibling(&target, &format!(".fore-aterstallning-{stamp}"));
        std::fs::rename(&target, &aside)
            .map_err(|e| CliError::Message(format!("{}: {e}", target.display())))?;
        for ext in ["-wal", "-shm"] {
            let old = sibling(&target, ext);
            if old.exists() {
                let _ = std::fs::rename(&old, sibling(&aside, ext));
            }
        }
        moved = Some(aside);
    }
    for ext in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(sibling(&staging, ext));
    }
    std::fs::rename(&staging, &target)
        .map_err(|e| CliError::Message(format!("{}: {e}", target.display())))?;
    print(&format!(
        "Återställt till {}: {meetings} sammanträden, granskningsloggen obruten ({}).{}\n",
        target.display(),
        crate::commands::entries(entries),
        moved
            .map(|m| format!(" Den tidigare databasen ligger kvar som {}.", m.display()))
            .unwrap_or_default()
    ))
}
