//! The actions the pages and the JSON API share. Handlers of either kind parse, call an action
//! (or the service), and answer in their own form; the API never reaches into a page module.

pub mod board;
pub mod meetings;
