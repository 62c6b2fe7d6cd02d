//! Signing errors, with Swedish messages.

use thiserror::Error;

#[derive(Debug, Error)]
pub enum SignError {
    #[error("fel lösenord")]
    WrongPassword,
    #[error("nyckeln kunde inte läsas")]
    BadKey,
    #[error("huvudnyckeln stämmer inte med den som krypterade certifikatutfärdarens nyckel")]
    WrongMasterKey,
    #[error("huvudnyckeln ska vara 64 hexadecimala tecken (32 byte)")]
    MasterKeyFormat,
    #[error("nyckelhärledningen misslyckades: {0}")]
    Kdf(String),
    #[error("certifikatfel: {0}")]
    Certificate(String),
    #[error("PDF-filen kunde inte behandlas: {0}")]
    Pdf(String),
    /// An uploaded file that is refused before or while parsing it; the text says why.
    #[error("{0}")]
    Unreadable(String),
    #[error("signaturen kunde inte skapas: {0}")]
    Cms(String),
    #[error("tidsstämpling: {0}")]
    Timestamp(String),
}
