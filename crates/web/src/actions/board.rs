//! What the public board shows, shared by the pages and the JSON API: whose board a request
//! is for, today's date, the coming meetings and the archive's page size.

use justera_domain::ids::OrganizationId;
use justera_domain::text::long_date;
use justera_store::Store;

use crate::error::WebError;
use crate::state::AppState;

/// Notices per page of the archive.
pub const PAGE_SIZE: i64 = 25;

pub struct Upcoming {
    pub meeting_id: String,
    pub body: String,
    pub date: String,
    pub date_long: String,
    pub time: String,
    /// Start and end as local date-times (the end is the planned one, else three hours on).
    pub starts: chrono::NaiveDateTime,
    pub ends: chrono::NaiveDateTime,
    pub place: String,
}

/// How long a meeting without a planned end is shown as lasting in calendars.
pub const ASSUMED_LENGTH: chrono::Duration = chrono::Duration::hours(3);

/// The organization's planned meetings from today on, soonest first (another organization's
/// meetings are never on this board).
pub fn upcoming_meetings(
    store: &mut Store,
    organization: justera_domain::ids::OrganizationId,
    today: chrono::NaiveDate,
) -> Result<Vec<Upcoming>, WebError> {
    let mut out = Vec::new();
    for m in store.planned_meetings(today)? {
        let id =
            m.id.parse()
                .map_err(|_| WebError::Internal("ogiltigt id".into()))?;
        let doc = store.load_meeting(id)?.document;
        if doc.organization.id != organization {
            continue;
        }
        out.push(Upcoming {
            meeting_id: m.id.clone(),
            body: doc.body.name.clone(),
            date: m.date.to_string(),
            date_long: long_date(m.date),
            time: justera_domain::text::clock(doc.meeting.starts_at),
            starts: m.date.and_time(doc.meeting.starts_at),
            ends: doc
                .meeting
                .ends_at
                .filter(|e| *e > doc.meeting.starts_at)
                .map_or(
                    m.date.and_time(doc.meeting.starts_at) + ASSUMED_LENGTH,
                    |e| m.date.and_time(e),
                ),
            place: doc.meeting.place.clone(),
        });
    }
    out.sort_by(|a, b| a.date.cmp(&b.date));
    Ok(out)
}

/// The organization whose site the request is for: the one configured for its host, else the
/// first by name.
pub fn board_organization(
    store: &mut Store,
    site: &crate::site::Site,
) -> Result<(OrganizationId, String), WebError> {
    let all = store.organizations()?;
    match &site.0 {
        Some(wanted) => all
            .into_iter()
            .find(|(id, name)| name == wanted || id.to_string() == *wanted)
            .ok_or_else(|| {
                WebError::Internal(format!("organisationen {wanted} i sites finns inte"))
            }),
        None => all
            .into_iter()
            .min_by(|a, b| a.1.cmp(&b.1))
            .ok_or_else(|| WebError::NotFound("Ingen organisation är upplagd ännu.".into())),
    }
}

/// Today's date in Sweden (or the configured fixed date).
pub fn today(state: &AppState) -> chrono::NaiveDate {
    state.today()
}
