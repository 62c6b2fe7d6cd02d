//! What every page shares: the header's organization and user, and notices as shown.

use chrono::NaiveDate;
use justera_domain::text::long_date;
use justera_store::notices::NoticeRow;
use justera_store::sessions::Session;

/// The page frame: organization, who is signed in, and the CSRF token for the logout form.
#[derive(Debug, Clone, Default)]
pub struct Chrome {
    pub organization: String,
    pub user: Option<String>,
    pub csrf: String,
    /// The signed-in user administers the organization (the menu shows Administration).
    pub admin: bool,
}

impl Chrome {
    pub fn new(organization: &str, session: Option<&Session>) -> Self {
        Self {
            organization: organization.to_owned(),
            user: session.map(|s| s.user.account.display_name.clone()),
            csrf: session.map(|s| s.csrf_token.clone()).unwrap_or_default(),
            admin: session.is_some_and(|s| s.user.account.is_administrator()),
        }
    }
}

/// A notice with its dates ready for display.
#[derive(Debug, Clone, serde::Serialize)]
pub struct NoticeView {
    pub id: String,
    pub meeting_id: String,
    pub body_name: String,
    pub meeting_date: String,
    pub meeting_date_long: String,
    pub paragraphs: String,
    pub adjusted_on: String,
    pub posted_on: String,
    pub last_appeal_day: String,
    pub takedown_on: String,
    pub storage_place: String,
    pub immediate: bool,
}

impl From<&NoticeRow> for NoticeView {
    fn from(n: &NoticeRow) -> Self {
        Self {
            id: n.id.clone(),
            meeting_id: n.meeting_id.clone(),
            body_name: n.body_name.clone(),
            meeting_date: n.meeting_date.clone(),
            meeting_date_long: NoticeRow::date(&n.meeting_date)
                .map_or_else(|| n.meeting_date.clone(), long_date),
            paragraphs: n.paragraphs.clone(),
            adjusted_on: n.adjusted_on.clone(),
            posted_on: n.posted_on.clone(),
            last_appeal_day: n.last_appeal_day.clone(),
            takedown_on: n.takedown_on.clone(),
            storage_place: n.storage_place.clone(),
            immediate: n.is_immediate(),
        }
    }
}

/// "YYYY-MM-DD" typed by a user: a date, or a Swedish message naming the field.
/// A UTC instant as Swedish local time to the minute: "2026-12-10 kl. 11.25".
pub fn swedish_minute(utc: chrono::NaiveDateTime) -> String {
    justera_domain::calendar::stockholm_time(utc)
        .format("%Y-%m-%d kl. %H.%M")
        .to_string()
}

pub fn parse_date_field(label: &str, text: &str) -> Result<Option<NaiveDate>, String> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    NaiveDate::parse_from_str(t, "%Y-%m-%d")
        .map(Some)
        .map_err(|_| format!("{label}: skriv datumet som ÅÅÅÅ-MM-DD, till exempel 2024-10-21."))
}

/// Escapes text for XML (Atom) output.
pub fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Escapes and folds a text value for iCalendar (RFC 5545 §3.3.11, lines ≤ 75 octets).
pub fn ical_line(name: &str, value: &str) -> String {
    let escaped = value
        .replace('\\', "\\\\")
        .replace(';', "\\;")
        .replace(',', "\\,")
        .replace('\n', "\\n");
    let line = format!("{name}:{escaped}");
    let mut out = String::new();
    let mut width = 0;
    for ch in line.chars() {
        let len = ch.len_utf8();
        if width + len > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(ch);
        width += len;
    }
    out.push_str("\r\n");
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn dates_typed_by_users() {
        assert_eq!(parse_date_field("Från", " ").unwrap(), None);
        assert_eq!(
            parse_date_field("Från", "2024-10-21").unwrap(),
            NaiveDate::from_ymd_opt(2024, 10, 21)
        );
        let e = parse_date_field("Från", "21/10").unwrap_err();
        assert!(e.starts_with("Från: skriv datumet som ÅÅÅÅ-MM-DD"));
    }

    #[test]
    fn ical_lines_are_escaped_and_folded() {
        let l = ical_line("SUMMARY", "Kommunstyrelsen; sammanträde, Sal 1");
        assert_eq!(l, "SUMMARY:Kommunstyrelsen\\; sammanträde\\, Sal 1\r\n");
        let long = ical_line("LOCATION", &"å".repeat(60));
        assert!(long.split("\r\n").all(|p| p.len() <= 75));
    }
}
