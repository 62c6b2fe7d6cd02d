//! The administrator's API: the organization's bodies with their terms, a term read from a
//! CSV body (checked, or imported when clean), and the organization's settings. The same
//! service calls as the Administration pages.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::NaiveDate;
use justera_domain::ids::BodyId;
use justera_service::terms::{Term, bodies_with_terms, import, preview};

use super::{ApiResult, require, require_write};
use crate::error::WebError;
use crate::state::AppState;

/// The administrator's routes refuse everyone else before reading what was sent.
pub(super) fn administrator(s: &justera_store::sessions::Session) -> Result<(), WebError> {
    if s.user.account.is_administrator() {
        Ok(())
    } else {
        Err(WebError::Forbidden(
            "Bara organisationens administratörer kan göra det.".into(),
        ))
    }
}

/// The largest term file taken.
const MAX_CSV: usize = 2 * 1024 * 1024;

#[derive(serde::Serialize)]
struct BodyTerms {
    id: String,
    name: String,
    seats: u32,
    terms: Vec<justera_service::terms::TermSummary>,
}

/// GET /api/organ
pub async fn bodies(req: HttpRequest, state: web::Data<AppState>) -> ApiResult {
    let s = require(&req, &state).await?;
    let org = s.user.organization_id;
    let username = s.user.account.username.clone();
    let list = state
        .db(move |store| Ok(bodies_with_terms(store, org, &username)?))
        .await?;
    Ok(HttpResponse::Ok().json(
        list.into_iter()
            .map(|(b, terms)| BodyTerms {
                id: b.id.to_string(),
                name: b.name,
                seats: b.seats,
                terms,
            })
            .collect::<Vec<_>>(),
    ))
}

#[derive(Debug, serde::Deserialize)]
pub struct TermParams {
    fran: String,
    till: String,
    /// `true`: only check the file.
    #[serde(default)]
    forhandsgranska: bool,
}

fn date(text: &str, label: &str) -> Result<NaiveDate, WebError> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| {
        WebError::BadRequest(format!("{label} ska skrivas ÅÅÅÅ-MM-DD, t.ex. 2027-01-01."))
    })
}

/// POST /api/organ/{id}/mandatperiod?fran=&till=[&forhandsgranska=true] with the CSV file as
/// the body (text/csv, UTF-8): 200 with the rows when checked, 201 when imported, 422 with
/// every wrong row.
pub async fn term(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
    body: web::Bytes,
) -> ApiResult {
    let s = require_write(&req, &state).await?;
    let params = web::Query::<TermParams>::from_query(req.query_string()).map_err(|_| {
        WebError::BadRequest(
            "Ange fran och till som ÅÅÅÅ-MM-DD, och forhandsgranska som true eller false.".into(),
        )
    })?;
    let body_id: BodyId = path
        .parse()
        .map_err(|_| WebError::NotFound("Organet finns inte.".into()))?;
    if body.len() > MAX_CSV {
        return Err(WebError::TooLarge("Filen är för stor (högst 2 MB).".into()).into());
    }
    let csv = String::from_utf8(body.to_vec()).map_err(|_| {
        WebError::Unprocessable("Filen är inte UTF-8-text; spara den som CSV UTF-8.".into())
    })?;
    let term = Term {
        body: body_id,
        start: date(&params.fran, "fran")?,
        end: date(&params.till, "till")?,
    };
    let org = s.user.organization_id;
    let username = s.user.account.username.clone();
    let check_only = params.forhandsgranska;
    let checked = csv.clone();
    let plan = state
        .db(move |store| Ok(preview(store, org, &username, term, &checked)?.1))
        .await?;
    if !plan.is_clean() {
        return Ok(
            HttpResponse::build(StatusCode::UNPROCESSABLE_ENTITY).json(serde_json::json!({
                "error": format!("Filen har {} fel och har inte lästs in.", plan.errors.len()),
                "code": "term_file_errors",
                "errors": plan.errors,
            })),
        );
    }
    if check_only {
        return Ok(HttpResponse::Ok().json(serde_json::json!({
            "clean": true,
            "rows": plan.rows.len(),
            "members": plan.members_on(term.start),
        })));
    }
    let username = s.user.account.username.clone();
    let (_, done) = state
        .db(move |store| Ok(import(store, org, &username, term, &csv)?))
        .await?;
    state.invalidate();
    Ok(HttpResponse::Created().json(serde_json::json!({
        "mandates": done.mandates,
        "new_persons": done.new_persons,
        "replaced": done.replaced,
    })))
}

/// GET /api/organisation — the organization's settings.
pub async fn settings(req: HttpRequest, state: web::Data<AppState>) -> ApiResult {
    let s = require(&req, &state).await?;
    let org = s.user.organization_id;
    let username = s.user.account.username.clone();
    let found = state
        .db(move |store| {
            Ok(justera_service::organization::settings(
                store, org, &username,
            )?)
        })
        .await?;
    Ok(HttpResponse::Ok().json(found))
}

/// PUT /api/organisation — replaces the organization's settings (the same organization).
pub async fn put_settings(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: web::Json<justera_domain::organization::Organization>,
) -> ApiResult {
    let s = require_write(&req, &state).await?;
    let changed = body.into_inner();
    if changed.id != s.user.organization_id {
        return Err(
            WebError::Forbidden("Inställningarna gäller en annan organisation.".into()).into(),
        );
    }
    let username = s.user.account.username.clone();
    state
        .db(move |store| {
            justera_service::organization::update_settings(store, &username, &changed)?;
            Ok(())
        })
        .await?;
    state.invalidate();
    Ok(HttpResponse::NoContent().finish())
}

/// A mandate that ends during the term, and its successor.
#[derive(Debug, serde::Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MandateChangeRequest {
    /// The mandate's id (from the body's term).
    pub mandate: String,
    /// The mandate's last day (ÅÅÅÅ-MM-DD).
    pub last_day: String,
    #[serde(default)]
    pub successor: Option<SuccessorRequest>,
}

#[derive(Debug, serde::Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SuccessorRequest {
    pub name: String,
    /// Empty: the seat's party.
    #[serde(default)]
    pub party: String,
    #[serde(default)]
    pub position: Option<justera_domain::organization::Position>,
}

/// POST /api/organ/{id}/uppdrag — 200 when the mandate has ended (and the successor begun).
pub async fn mandate(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
    body: web::Json<MandateChangeRequest>,
) -> ApiResult {
    use justera_domain::term_change::{MandateChange, Successor};
    let s = require_write(&req, &state).await?;
    administrator(&s)?;
    let body_id: BodyId = path
        .parse()
        .map_err(|_| WebError::NotFound("Organet finns inte.".into()))?;
    let b = body.into_inner();
    let change = MandateChange {
        // An id that is none is an unknown mandate (404), found after the body is.
        mandate: b
            .mandate
            .trim()
            .parse()
            .unwrap_or_else(|_| justera_domain::ids::MandateId::new_random()),
        last_day: date(&b.last_day, "last_day")?,
        successor: b.successor.map(|x| Successor {
            name: x.name,
            party: x.party,
            position: x.position,
        }),
    };
    let org = s.user.organization_id;
    let username = s.user.account.username.clone();
    let done = state
        .db(move |store| {
            Ok(justera_service::terms::change_mandate(
                store, org, &username, body_id, &change,
            )?)
        })
        .await?;
    state.invalidate();
    Ok(HttpResponse::Ok().json(serde_json::json!({
        "mandates": done.mandates,
        "new_persons": done.new_persons,
    })))
}

/// PUT /api/organ/{id} — the body's settings (the body as JSON, of the caller's organization;
/// a new id makes a new body).
pub async fn put_body(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
    body: web::Json<justera_domain::organization::Body>,
) -> ApiResult {
    let s = require_write(&req, &state).await?;
    administrator(&s)?;
    let id: BodyId = path
        .parse()
        .map_err(|_| WebError::NotFound("Organet finns inte.".into()))?;
    let changed = body.into_inner();
    if changed.id != id {
        return Err(
            WebError::Unprocessable("id i adressen och i organet skiljer sig.".into()).into(),
        );
    }
    let org = s.user.organization_id;
    let username = s.user.account.username.clone();
    state
        .db(move |store| {
            justera_service::organization::save_body(store, org, &username, &changed)?;
            Ok(())
        })
        .await?;
    state.invalidate();
    Ok(HttpResponse::NoContent().finish())
}

/// A joint committee's notice posted on another participant's board.
#[derive(Debug, serde::Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OtherPostingRequest {
    /// The adjustment record (0 = the first adjustment of the meeting).
    pub index: usize,
    /// One of the body's participating municipalities, as the body names it.
    pub municipality: String,
    /// ÅÅÅÅ-MM-DD.
    pub posted: String,
}

/// POST /api/sammantraden/{id}/anslag — 204 when registered.
pub async fn other_posting(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
    body: web::Json<OtherPostingRequest>,
) -> ApiResult {
    let s = require_write(&req, &state).await?;
    let id: justera_domain::ids::MeetingId = path
        .parse()
        .map_err(|_| WebError::NotFound("Sammanträdet finns inte.".into()))?;
    let b = body.into_inner();
    let posted = NaiveDate::parse_from_str(b.posted.trim(), "%Y-%m-%d").ok();
    let org = s.user.organization_id;
    let username = s.user.account.username.clone();
    let day = state.today();
    state
        .db(move |store| {
            Ok(justera_service::publication::register_other_posting(
                store,
                org,
                &username,
                id,
                Some(b.index),
                &b.municipality,
                posted,
                day,
            )?)
        })
        .await?;
    state.invalidate();
    Ok(HttpResponse::NoContent().finish())
}

/// A person of the register as the administrator's API lists them.
#[derive(Debug, serde::Serialize, schemars::JsonSchema)]
pub struct ApiPerson {
    pub id: String,
    pub name: String,
    pub party: Option<String>,
    /// "KS ledamot (M), ordförande 2027-01-01–2030-12-31".
    pub mandates: Vec<String>,
    pub username: Option<String>,
}

/// GET /api/personer — the organization's register of persons.
pub async fn persons(req: HttpRequest, state: web::Data<AppState>) -> ApiResult {
    let s = require(&req, &state).await?;
    administrator(&s)?;
    let org = s.user.organization_id;
    let list = state
        .db(move |store| Ok(justera_service::terms::register(store, org)?))
        .await?;
    Ok(HttpResponse::Ok().json(
        list.into_iter()
            .map(|p| ApiPerson {
                id: p.id.to_string(),
                name: p.name,
                party: p.party,
                mandates: p.mandates,
                username: p.username,
            })
            .collect::<Vec<_>>(),
    ))
}
