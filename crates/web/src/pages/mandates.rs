//! A mandate that ends during the term (a resignation), and its successor from the day
//! after, from the body's page.

use actix_web::{HttpRequest, HttpResponse, web};
use chrono::NaiveDate;
use justera_domain::ids::MandateId;
use justera_domain::organization::Position;
use justera_domain::term_change::{MandateChange, Successor};

use super::admin::{body_page, parse_body, require_admin};
use super::drafting::forms::Fields;
use super::see_other;
use crate::error::WebError;
use crate::session::{self, check_csrf};
use crate::state::AppState;

/// The change from the form's `mandate`, `last_day`, `successor`, `party` and `position`.
pub fn change_from(f: &Fields) -> Result<MandateChange, WebError> {
    let mandate: MandateId = f
        .text("mandate")
        .parse()
        .map_err(|_| WebError::Unprocessable("Välj uppdraget som upphör.".into()))?;
    let last_day = NaiveDate::parse_from_str(&f.text("last_day"), "%Y-%m-%d").map_err(|_| {
        WebError::Unprocessable(
            "Skriv sista dagen på uppdraget som ÅÅÅÅ-MM-DD, t.ex. 2027-05-31.".into(),
        )
    })?;
    let position = match f.get("position").unwrap_or_default() {
        "" => None,
        "chair" => Some(Position::Chair),
        "first_vice_chair" => Some(Position::FirstViceChair),
        "second_vice_chair" => Some(Position::SecondViceChair),
        _ => {
            return Err(WebError::BadRequest(
                "Okänd befattning i formuläret.".into(),
            ));
        }
    };
    let successor = f.opt("successor").map(|name| Successor {
        name,
        party: f.text("party"),
        position,
    });
    Ok(MandateChange {
        mandate,
        last_day,
        successor,
    })
}

/// POST /administration/organ/{id}/uppdrag
pub async fn change(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
    raw: web::Bytes,
) -> Result<HttpResponse, WebError> {
    let session = session::require(&req, &state).await?;
    require_admin(&session)?;
    let id = parse_body(&path)?;
    let f = Fields::parse(&raw)?;
    check_csrf(&session, f.get("csrf").unwrap_or_default())?;
    let refused = |e: WebError| (actix_web::ResponseError::status_code(&e), e.to_string());
    let change = match change_from(&f) {
        Ok(c) => c,
        Err(e @ WebError::Unprocessable(_)) => {
            return body_page(&state, session, id, None, None, Some(refused(e))).await;
        }
        Err(e) => return Err(e),
    };
    let org = session.user.organization_id;
    let username = session.user.account.username.clone();
    let done = state
        .db(move |store| {
            Ok(justera_service::terms::change_mandate(
                store, org, &username, id, &change,
            )?)
        })
        .await;
    match done {
        Ok(_) => {
            state.invalidate();
            Ok(see_other(&format!(
                "/administration/organ/{id}?klart=uppdrag#avgang"
            )))
        }
        Err(e @ (WebError::Unprocessable(_) | WebError::Conflict(_))) => {
            body_page(&state, session, id, None, None, Some(refused(e))).await
        }
        Err(e) => Err(e),
    }
}
