//! Justera's domain: the rules of Swedish municipal minutes, their adjustment and the notice
//! board. Pure Rust: no I/O, no database, no web. See `docs/` and `../shared/docs/domain.md`.

pub mod account;
pub mod adjustment;
pub mod attendance;
pub mod calendar;
pub mod decision;
pub mod document;
pub mod drafting;
pub mod error;
pub mod ids;
pub mod joint;
pub mod meeting;
pub mod numbering;
pub mod organization;
pub mod paragraph;
pub mod protocol;
pub mod recording;
pub mod term;
pub mod term_change;
pub mod text;
pub mod throttle;

pub use error::DomainError;
