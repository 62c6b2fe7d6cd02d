//! Store errors: a stable kind with a Swedish message, apart from the internal cause.

use justera_domain::DomainError;
use thiserror::Error;

#[derive(Debug, Error)]
pub enum StoreError {
    /// A rule of the domain refused the change; nothing was written.
    #[error(transparent)]
    Domain(#[from] DomainError),
    #[error(
        "DATABASE_URL har ett okänt schema: \"{url}\" (använd sqlite://sökväg eller postgres://…)"
    )]
    UnknownScheme { url: String },
    #[error("databasen {path} finns inte; kör `justera migrate` eller `justera demo` först")]
    DatabaseMissing { path: String },
    #[error("kunde inte ansluta till databasen: {0}")]
    Connection(String),
    #[error("databasmigreringen misslyckades: {0}")]
    Migration(String),
    #[error("{what} finns inte")]
    NotFound { what: String },
    #[error("{what} finns redan")]
    AlreadyExists { what: String },
    #[error(
        "någon annan har ändrat sammanträdet sedan du läste det (din version {expected}, aktuell version {actual}); läs om och gör ändringen igen"
    )]
    Conflict { expected: i64, actual: i64 },
    #[error("granskningsloggen {} är bruten vid post {seq}: {reason}", chain_label(.chain))]
    AuditChainBroken {
        chain: String,
        seq: i64,
        reason: String,
    },
    #[error("lagrade data kunde inte läsas: {0}")]
    Corrupt(String),
    #[error("{0}")]
    Unsupported(String),
    #[error("databasfel: {0}")]
    Database(#[from] diesel::result::Error),
}

impl StoreError {
    pub fn code(&self) -> &'static str {
        match self {
            Self::Domain(e) => e.code(),
            Self::UnknownScheme { .. } => "unknown_scheme",
            Self::DatabaseMissing { .. } => "database_missing",
            Self::Connection(_) => "connection",
            Self::Migration(_) => "migration",
            Self::NotFound { .. } => "not_found",
            Self::AlreadyExists { .. } => "already_exists",
            Self::Conflict { .. } => "conflict",
            Self::AuditChainBroken { .. } => "audit_chain_broken",
            Self::Corrupt(_) => "corrupt",
            Self::Unsupported(_) => "unsupported",
            Self::Database(_) => "database",
        }
    }
}

pub(crate) fn corrupt(e: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(e.to_string())
}

/// Which chain of the audit log a message is about.
fn chain_label(chain: &str) -> String {
    if chain.is_empty() {
        "(installationens gemensamma kedja)".into()
    } else {
        format!("för organisationen {chain}")
    }
}
