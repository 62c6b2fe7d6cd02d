//! Justera's signatures: the organization's certificate authority, signing keys that only their
//! owner's password opens, PAdES signatures as incremental updates, and verification that
//! reports what each signature covers and whether anything but signatures was added after it.

pub mod ca;
pub mod crl;
pub mod doctimestamp;
pub mod dss;
mod error;
pub mod fields;
pub mod keys;
pub mod pades;
pub mod passwords;
pub mod scan;
pub mod timestamp;
pub mod totp;
pub mod verify;

pub use error::SignError;
