//! Justera's application services: what a handler (command line or web) calls after parsing the
//! request. They load from the store, let the domain decide, produce documents and signatures,
//! and persist the result in one transaction with its audit entry.

pub mod accounts;
pub mod adjustment;
pub mod ca;
pub mod drafting;
mod error;
pub mod organization;
pub mod publication;
pub mod terms;
pub mod users;
pub mod verify;

pub use error::ServiceError;
