//! Justera's persistence: one code base over SQLite (embedded default) and PostgreSQL, chosen by
//! the scheme of `DATABASE_URL`; embedded migrations per backend, run at start-up; whole
//! meetings saved in one transaction with optimistic concurrency; a hash-chained audit log.

pub mod accounts;
pub mod audit;
mod backup;
pub mod connection;
mod content;
pub mod documents;
pub mod error;
pub mod notices;
pub mod notify;
pub mod revocation;
pub mod schema;
pub mod sessions;
mod store;
pub mod terms;
pub mod throttle;
pub mod users;

pub use connection::{DEFAULT_DATABASE_URL, DatabaseUrl, DbConnection, OpenMode};
#[doc(hidden)]
pub use content::forget_decoded_meetings;
pub use error::StoreError;
pub use store::{
    MeetingSummary, Store, StoredMeeting, load_meeting_tx, save_meeting_tx, save_over_tx,
    series_continues_at_tx,
};
