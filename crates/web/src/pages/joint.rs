//! A joint committee's notice posted on another participating municipality's board: the
//! secretary registers the day from the meeting's page.

use actix_web::{HttpRequest, HttpResponse, web};
use chrono::NaiveDate;

use super::drafting::forms::Fields;
use super::drafting::parse_meeting;
use super::{see_other, today};
use crate::error::WebError;
use crate::session::{self, check_csrf};
use crate::state::AppState;

/// POST /sammantraden/{id}/anslag — `index` (the adjustment), `municipality`, `posted`.
pub async fn register(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
    raw: web::Bytes,
) -> Result<HttpResponse, WebError> {
    let session = session::require(&req, &state).await?;
    let id = parse_meeting(&path)?;
    let f = Fields::parse(&raw)?;
    check_csrf(&session, f.get("csrf").unwrap_or_default())?;
    let index: Option<usize> = f.text("index").parse().ok();
    let municipality = f.text("municipality");
    let posted = NaiveDate::parse_from_str(&f.text("posted"), "%Y-%m-%d").ok();
    let org = session.user.organization_id;
    let username = session.user.account.username.clone();
    let day = today(&state);
    state
        .db(move |store| {
            Ok(justera_service::publication::register_other_posting(
                store,
                org,
                &username,
                id,
                index,
                &municipality,
                posted,
                day,
            )?)
        })
        .await?;
    state.invalidate();
    Ok(see_other(&format!(
        "/sammantraden/{id}?klart=anslag#anslag-{}",
        index.unwrap_or_default()
    )))
}
