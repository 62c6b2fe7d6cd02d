//! The administrator's pages: the organization's bodies and their terms, and a new term read
//! from a CSV file — checked row by row, shown with an error per row, and saved in one
//! transaction only when the whole file is clean.

use actix_multipart::Multipart;
use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use chrono::NaiveDate;
use futures_util::StreamExt;
use justera_domain::ids::BodyId;
use justera_domain::organization::{MandateRole, Position};
use justera_service::terms::{Term, composition_file, import, preview};
use justera_store::sessions::Session;

use super::drafting::forms::Fields;
use super::{html, see_other};
use crate::error::WebError;
use crate::html::Chrome;
use crate::session::{self, check_csrf};
use crate::state::AppState;

/// The largest term file taken (some 20,000 rows of names).
const MAX_FILE: usize = 2 * 1024 * 1024;

pub(super) fn require_admin(session: &Session) -> Result<(), WebError> {
    if session.user.account.is_administrator() {
        Ok(())
    } else {
        Err(WebError::Forbidden(
            "Bara organisationens administratörer kan ändra organ och mandatperioder.".into(),
        ))
    }
}

pub(super) fn parse_body(text: &str) -> Result<BodyId, WebError> {
    text.parse()
        .map_err(|_| WebError::NotFound("Organet finns inte.".into()))
}

/// One term of a body as listed: its dates and how many members and substitutes it has.
pub struct TermLine {
    pub from: String,
    pub to: String,
    pub members: usize,
    pub substitutes: usize,
    pub changes: usize,
}

pub struct BodyLine {
    pub id: String,
    pub name: String,
    pub seats: u32,
    pub terms: Vec<TermLine>,
}

/// The organization's settings as the form shows them.
pub struct SettingsView {
    pub name: String,
    pub organization_number: String,
    pub protocol_storage: String,
    pub appeal_court: String,
    pub paper_signature_boxes: bool,
    pub reservations_in_paragraph: bool,
    pub posting: &'static str,
    pub takedown: &'static str,
}

impl SettingsView {
    fn of(o: &justera_domain::organization::Organization) -> Self {
        use justera_domain::calendar::{PostingPolicy, TakedownConvention};
        Self {
            name: o.name.clone(),
            organization_number: o.organization_number.clone(),
            protocol_storage: o.protocol_storage.clone(),
            appeal_court: o.protocol.appeal_court.clone(),
            paper_signature_boxes: o.protocol.paper_signature_boxes,
            reservations_in_paragraph: o.protocol.written_reservations
                == justera_domain::organization::WrittenReservations::InParagraph,
            posting: match o.notice_board.posting {
                PostingPolicy::SameDay => "same-day",
                PostingPolicy::NextWorkday => "next-workday",
            },
            takedown: match o.notice_board.takedown {
                TakedownConvention::DayAfter => "day-after",
                TakedownConvention::LastDay => "last-day",
                TakedownConvention::NextWorkday => "next-workday",
            },
        }
    }
}

#[derive(Template)]
#[template(path = "admin.html")]
struct AdminPage {
    chrome: Chrome,
    bodies: Vec<BodyLine>,
    settings: SettingsView,
    message: Option<String>,
    problem: Option<String>,
    /// The site's addresses, from the settings file (docs/adr/0010).
    addresses: Vec<String>,
}

fn terms_of(
    rows: &[(
        justera_domain::organization::Mandate,
        justera_domain::organization::Person,
    )],
) -> Vec<TermLine> {
    justera_service::terms::summarize(rows)
        .into_iter()
        .map(|t| TermLine {
            from: t.from.to_string(),
            to: t.to.to_string(),
            members: t.members,
            substitutes: t.substitutes,
            changes: t.changes,
        })
        .collect()
}

/// GET /administration
pub async fn index(req: HttpRequest, state: web::Data<AppState>) -> Result<HttpResponse, WebError> {
    let session = session::require(&req, &state).await?;
    require_admin(&session)?;
    let message = req
        .query_string()
        .contains("klart=sparat")
        .then(|| "Inställningarna är sparade.".to_owned());
    index_page(&state, session, None, message, None).await
}

async fn index_page(
    state: &web::Data<AppState>,
    session: Session,
    typed: Option<justera_domain::organization::Organization>,
    message: Option<String>,
    problem: Option<String>,
) -> Result<HttpResponse, WebError> {
    let refused = problem.is_some();
    let config = state.config.clone();
    let page = state
        .db(move |store| {
            let username = session.user.account.username.clone();
            let stored = justera_service::organization::settings(
                store,
                session.user.organization_id,
                &username,
            )?;
            let settings = SettingsView::of(typed.as_ref().unwrap_or(&stored));
            let org = session.user.organization_id;
            let name = super::organization_name(store, org)?;
            let mut bodies = Vec::new();
            for b in store.bodies(org)? {
                let rows = store.body_mandates(b.id)?;
                bodies.push(BodyLine {
                    id: b.id.to_string(),
                    name: b.name.clone(),
                    seats: b.seats,
                    terms: terms_of(&rows),
                });
            }
            // The host names configured for this organization (by name or id); the default
            // site's public address when it is the first organization.
            let mut addresses: Vec<String> = config
                .sites
                .iter()
                .filter(|(_, o)| *o == name || *o == org.to_string())
                .map(|(h, _)| h.clone())
                .collect();
            let first = store.organizations()?.into_iter().next().map(|(id, _)| id);
            if first == Some(org) {
                addresses.push(config.public_url.clone());
            }
            Ok(AdminPage {
                addresses,
                chrome: Chrome::new(&name, Some(&session)),
                bodies,
                settings,
                message,
                problem,
            })
        })
        .await?;
    let mut response = html(&page)?;
    if refused {
        *response.status_mut() = actix_web::http::StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(response)
}

/// POST /administration/installningar — the organization's settings.
pub async fn save_settings(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: web::Bytes,
) -> Result<HttpResponse, WebError> {
    use justera_domain::calendar::{PostingPolicy, TakedownConvention};
    use justera_domain::organization::WrittenReservations;
    let session = session::require(&req, &state).await?;
    require_admin(&session)?;
    let f = Fields::parse(&body)?;
    check_csrf(&session, f.get("csrf").unwrap_or_default())?;
    let org = session.user.organization_id;
    let username = session.user.account.username.clone();
    let mut changed = state
        .db(move |store| {
            Ok(justera_service::organization::settings(
                store, org, &username,
            )?)
        })
        .await?;
    changed.name = f.text("name");
    changed.organization_number = f.text("organization_number");
    changed.protocol_storage = f.text("protocol_storage");
    changed.protocol.appeal_court = f.text("appeal_court");
    changed.protocol.paper_signature_boxes = f.flag("paper_signature_boxes");
    changed.protocol.written_reservations = if f.get("written_reservations") == Some("in_paragraph")
    {
        WrittenReservations::InParagraph
    } else {
        WrittenReservations::Attached
    };
    changed.notice_board.posting = match f.get("posting") {
        Some("same-day") => PostingPolicy::SameDay,
        _ => PostingPolicy::NextWorkday,
    };
    changed.notice_board.takedown = match f.get("takedown") {
        Some("last-day") => TakedownConvention::LastDay,
        Some("next-workday") => TakedownConvention::NextWorkday,
        _ => TakedownConvention::DayAfter,
    };
    let username = session.user.account.username.clone();
    let saving = changed.clone();
    let result = state
        .db(move |store| {
            justera_service::organization::update_settings(store, &username, &saving)?;
            Ok(())
        })
        .await;
    match result {
        Ok(()) => {
            state.invalidate();
            Ok(see_other("/administration?klart=sparat"))
        }
        Err(e @ WebError::Unprocessable(_)) => {
            index_page(&state, session, Some(changed), None, Some(e.to_string())).await
        }
        Err(e) => Err(e),
    }
}

/// A row of a term file as the preview shows it.
pub struct RowView {
    pub line: usize,
    pub name: String,
    pub party: String,
    pub role: &'static str,
    pub order: u32,
    pub position: &'static str,
    pub from: String,
    pub to: String,
}

/// A term file read: what is wrong line by line, or the rows to import.
pub struct PreviewView {
    pub from: String,
    pub to: String,
    pub errors: Vec<(String, String)>,
    pub rows: Vec<RowView>,
    pub csv: String,
}

pub struct MandateView {
    pub id: String,
    pub name: String,
    pub party: String,
    pub role: &'static str,
    pub order: u32,
    pub position: &'static str,
    pub from: String,
    pub to: String,
}

#[derive(Template)]
#[template(path = "admin_body.html")]
struct BodyPage {
    chrome: Chrome,
    id: String,
    name: String,
    seats: u32,
    definite_name: String,
    short_name: String,
    kind: &'static str,
    adjusters: u32,
    secretary_signs: bool,
    numbering: &'static str,
    usual_place: String,
    usual_time: String,
    participants: String,
    return_after_leaving: bool,
    substitutes_across_parties: bool,
    terms: Vec<TermLine>,
    mandates: Vec<MandateView>,
    preview: Option<PreviewView>,
    message: Option<String>,
    problem: Option<String>,
    /// The next term's dates offered in the forms.
    next_from: String,
    next_to: String,
    /// The latest term's last day: mandates that run to it can end early.
    latest_to: String,
}

fn role_name(r: MandateRole) -> &'static str {
    match r {
        MandateRole::Member => "ledamot",
        MandateRole::Substitute => "ersättare",
    }
}

pub(super) async fn body_page(
    state: &web::Data<AppState>,
    session: Session,
    id: BodyId,
    preview: Option<PreviewView>,
    message: Option<String>,
    problem: Option<(actix_web::http::StatusCode, String)>,
) -> Result<HttpResponse, WebError> {
    // A refused file or form answers 4xx (the page says why); a clean preview 200.
    let status = match (&problem, &preview) {
        (Some((status, _)), _) => *status,
        (None, Some(p)) if !p.errors.is_empty() => {
            actix_web::http::StatusCode::UNPROCESSABLE_ENTITY
        }
        _ => actix_web::http::StatusCode::OK,
    };
    let problem = problem.map(|(_, p)| p);
    let page = state
        .db(move |store| {
            let org = session.user.organization_id;
            let name = super::organization_name(store, org)?;
            let body = store
                .body(id)?
                .filter(|b| b.organization_id == org)
                .ok_or_else(|| WebError::NotFound("Organet finns inte.".into()))?;
            let rows = store.body_mandates(id)?;
            let terms = terms_of(&rows);
            let latest_end = rows.iter().map(|(m, _)| m.term_end).max();
            let next_from = latest_end
                .and_then(|d| d.succ_opt())
                .unwrap_or_else(|| NaiveDate::from_ymd_opt(2027, 1, 1).unwrap_or_default());
            let next_to =
                chrono::Datelike::with_year(&next_from, chrono::Datelike::year(&next_from) + 4)
                    .and_then(|d| d.pred_opt())
                    .unwrap_or(next_from);
            // The latest term, with the mandates that changed during it.
            let mandates_only: Vec<_> = rows.iter().map(|(m, _)| m.clone()).collect();
            let latest = justera_domain::term_change::terms_of(&mandates_only)
                .into_iter()
                .max_by_key(|t| t.from);
            let latest_to = latest
                .as_ref()
                .map(|t| t.to.to_string())
                .unwrap_or_default();
            let mandates = rows
                .iter()
                .filter(|(m, _)| latest.as_ref().is_some_and(|t| t.contains(m)))
                .map(|(m, p)| MandateView {
                    id: m.id.to_string(),
                    name: p.name.clone(),
                    party: m.party.clone(),
                    role: role_name(m.role),
                    order: m.order,
                    position: m.position.map_or("", Position::swedish_name),
                    from: m.term_start.to_string(),
                    to: m.term_end.to_string(),
                })
                .collect();
            Ok(BodyPage {
                chrome: Chrome::new(&name, Some(&session)),
                id: id.to_string(),
                name: body.name.clone(),
                seats: body.seats,
                definite_name: body.definite_name.clone(),
                short_name: body.short_name.clone(),
                kind: match body.kind {
                    justera_domain::organization::BodyKind::Council => "council",
                    justera_domain::organization::BodyKind::Board => "board",
                    justera_domain::organization::BodyKind::Committee => "committee",
                    justera_domain::organization::BodyKind::Subcommittee => "subcommittee",
                    justera_domain::organization::BodyKind::JointCommittee => "joint_committee",
                },
                adjusters: body.adjusters,
                secretary_signs: body.secretary_signs,
                numbering: if body.numbers_per_meeting() {
                    "per_meeting"
                } else {
                    "per_year"
                },
                usual_place: body.usual_place.clone(),
                participants: body.participants.join("\n"),
                return_after_leaving: body.rules.return_after_leaving,
                substitutes_across_parties: body.rules.substitutes_across_parties,
                usual_time: body
                    .usual_time
                    .map(|t| t.format("%H.%M").to_string())
                    .unwrap_or_default(),
                terms,
                mandates,
                preview,
                message,
                problem,
                next_from: next_from.to_string(),
                next_to: next_to.to_string(),
                latest_to,
            })
        })
        .await?;
    let mut response = html(&page)?;
    *response.status_mut() = status;
    Ok(response)
}

/// GET /administration/organ/{id}
pub async fn body(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, WebError> {
    let session = session::require(&req, &state).await?;
    require_admin(&session)?;
    let id = parse_body(&path)?;
    let query = req.query_string();
    let message = if query.contains("klart=inlast") {
        Some("Mandatperioden är inläst.".to_owned())
    } else if query.contains("klart=sparat") {
        Some("Organets uppgifter är sparade.".to_owned())
    } else if query.contains("klart=uppdrag") {
        Some(
            "Uppdraget är ändrat. Sammanträden före dagen har kvar de tidigare ledamöterna."
                .to_owned(),
        )
    } else {
        None
    };
    body_page(&state, session, id, None, message, None).await
}

#[derive(Debug, serde::Deserialize)]
pub struct TermQuery {
    fran: Option<String>,
    till: Option<String>,
}

fn date(text: Option<&str>, label: &str) -> Result<NaiveDate, WebError> {
    let text = text.unwrap_or_default().trim();
    NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| {
        WebError::Unprocessable(format!("Skriv {label} som ÅÅÅÅ-MM-DD, t.ex. 2027-01-01."))
    })
}

/// A refused form as the page shows it: its status and the Swedish reason.
fn refusal(e: &WebError) -> (actix_web::http::StatusCode, String) {
    (actix_web::ResponseError::status_code(e), e.to_string())
}

/// GET /administration/organ/{id}/sammansattning.csv?fran=&till= — the body's composition
/// the day before `fran`, as a term file for `fran`–`till` to change and import.
pub async fn composition(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
    query: web::Query<TermQuery>,
) -> Result<HttpResponse, WebError> {
    let session = session::require(&req, &state).await?;
    require_admin(&session)?;
    let body = parse_body(&path)?;
    let term = Term {
        body,
        start: date(query.fran.as_deref(), "första dagen")?,
        end: date(query.till.as_deref(), "sista dagen")?,
    };
    let org = session.user.organization_id;
    let username = session.user.account.username.clone();
    let text = state
        .db(move |store| Ok(composition_file(store, org, &username, term)?))
        .await?;
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!(
                "attachment; filename=\"mandatperiod-{}-{}.csv\"",
                term.start, term.end
            ),
        ))
        .body(format!("\u{feff}{text}")))
}

/// The form's fields, the file's text among them as "fil" (UTF-8), bounded.
async fn read_form(mut form: Multipart) -> Result<Fields, WebError> {
    let broken = || WebError::BadRequest("Formuläret kunde inte tas emot. Försök igen.".into());
    let mut fields = Vec::new();
    while let Some(field) = form.next().await {
        if fields.len() > 16 {
            return Err(WebError::BadRequest(
                "Formuläret har för många fält.".into(),
            ));
        }
        let mut field = field.map_err(|_| broken())?;
        let name = field
            .content_disposition()
            .and_then(|d| d.get_name())
            .unwrap_or_default()
            .to_owned();
        let mut bytes = Vec::new();
        while let Some(chunk) = field.next().await {
            let chunk = chunk.map_err(|_| broken())?;
            if bytes.len() + chunk.len() > MAX_FILE {
                return Err(WebError::TooLarge(
                    "Filen är för stor (högst 2 MB); dela upp den per organ.".into(),
                ));
            }
            bytes.extend_from_slice(&chunk);
        }
        let text = String::from_utf8(bytes).map_err(|_| {
            WebError::Unprocessable(
                "Filen är inte UTF-8-text. Spara den som CSV UTF-8 och försök igen.".into(),
            )
        })?;
        fields.push((name, text));
    }
    Ok(Fields(fields))
}

/// POST /administration/organ/{id}/mandatperiod — check a term file (steg=granska) or import
/// it (steg=las_in; only a clean file is imported).
pub async fn term(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
    form: Multipart,
) -> Result<HttpResponse, WebError> {
    let session = session::require(&req, &state).await?;
    require_admin(&session)?;
    let body = parse_body(&path)?;
    let read = tokio::time::timeout(crate::verification::UPLOAD_TIMEOUT, read_form(form))
        .await
        .unwrap_or_else(|_| {
            Err(WebError::BadRequest(
                "Filen kom inte fram i tid. Försök igen.".into(),
            ))
        });
    let fields = match read {
        Ok(f) => f,
        Err(e @ (WebError::Unprocessable(_) | WebError::TooLarge(_) | WebError::BadRequest(_))) => {
            return body_page(&state, session, body, None, None, Some(refusal(&e))).await;
        }
        Err(e) => return Err(e),
    };
    check_csrf(&session, fields.get("csrf").unwrap_or_default())?;
    let dates = date(fields.get("fran"), "första dagen")
        .and_then(|s| Ok((s, date(fields.get("till"), "sista dagen")?)));
    let (start, end) = match dates {
        Ok(d) => d,
        Err(e) => return body_page(&state, session, body, None, None, Some(refusal(&e))).await,
    };
    let csv = fields.text("fil");
    let csv = if csv.trim().is_empty() {
        fields.text("text")
    } else {
        csv
    };
    if csv.trim().is_empty() {
        return body_page(
            &state,
            session,
            body,
            None,
            None,
            Some((
                actix_web::http::StatusCode::UNPROCESSABLE_ENTITY,
                "Välj CSV-filen med organets ledamöter och ersättare.".into(),
            )),
        )
        .await;
    }
    let term = Term { body, start, end };
    let org = session.user.organization_id;
    let username = session.user.account.username.clone();
    if fields.get("steg") == Some("las_in") {
        let csv_for_import = csv.clone();
        let done = state
            .db(move |store| Ok(import(store, org, &username, term, &csv_for_import)?))
            .await;
        match done {
            Ok(_) => {
                state.invalidate();
                return Ok(see_other(&format!(
                    "/administration/organ/{body}?klart=inlast"
                )));
            }
            Err(WebError::Unprocessable(_) | WebError::Conflict(_)) => {
                // Fall through to the preview, which names every wrong row.
            }
            Err(e) => return Err(e),
        }
    }
    let username = session.user.account.username.clone();
    let csv_for_preview = csv.clone();
    let plan = state
        .db(move |store| Ok(preview(store, org, &username, term, &csv_for_preview)?.1))
        .await;
    let plan = match plan {
        Ok(p) => p,
        Err(e @ WebError::Unprocessable(_)) => {
            return body_page(&state, session, body, None, None, Some(refusal(&e))).await;
        }
        Err(e) => return Err(e),
    };
    let view = PreviewView {
        from: start.to_string(),
        to: end.to_string(),
        errors: plan
            .errors
            .iter()
            .map(|e| {
                (
                    if e.line == 0 {
                        "Filen".to_owned()
                    } else {
                        format!("Rad {}", e.line)
                    },
                    crate::error::capitalize(&e.message),
                )
            })
            .collect(),
        rows: plan
            .rows
            .iter()
            .map(|r| RowView {
                line: r.line,
                name: r.name.clone(),
                party: r.party.clone(),
                role: role_name(r.role),
                order: r.order,
                position: r.position.map_or("", Position::swedish_name),
                from: r.from.to_string(),
                to: r.to.to_string(),
            })
            .collect(),
        csv,
    };
    body_page(&state, session, body, Some(view), None, None).await
}

/// A body from the form: names, kind, seats, adjusters, whether the secretary signs.
fn body_from(
    f: &Fields,
    mut body: justera_domain::organization::Body,
) -> Result<justera_domain::organization::Body, WebError> {
    use justera_domain::organization::BodyKind;
    let number = |name: &str, label: &str| -> Result<u32, WebError> {
        f.text(name)
            .trim()
            .parse()
            .map_err(|_| WebError::Unprocessable(format!("Skriv {label} som ett heltal.")))
    };
    body.name = f.text("name").trim().to_owned();
    body.definite_name = f.text("definite_name").trim().to_owned();
    body.short_name = f.text("short_name").trim().to_owned();
    body.kind = match f.get("kind") {
        Some("council") => BodyKind::Council,
        Some("board") => BodyKind::Board,
        Some("committee") => BodyKind::Committee,
        Some("subcommittee") => BodyKind::Subcommittee,
        Some("joint_committee") => BodyKind::JointCommittee,
        _ => {
            return Err(WebError::Unprocessable(
                "Välj vilket slags organ det är.".into(),
            ));
        }
    };
    body.seats = number("seats", "antalet platser")?;
    body.adjusters = number("adjusters", "antalet justerare")?;
    body.secretary_signs = f.flag("secretary_signs");
    body.numbering = match f.get("numbering").unwrap_or("per_year") {
        "per_year" => justera_domain::organization::Numbering::PerYear,
        "per_meeting" => justera_domain::organization::Numbering::PerMeeting,
        _ => {
            return Err(WebError::Unprocessable(
                "Välj hur paragraferna numreras.".into(),
            ));
        }
    };
    body.participants = f
        .lines("participants")
        .into_iter()
        .map(|l| l.trim().to_owned())
        .filter(|l| !l.is_empty())
        .collect();
    if body.kind != BodyKind::JointCommittee {
        body.participants.clear();
    }
    body.rules.return_after_leaving = f.flag("return_after_leaving");
    body.rules.substitutes_across_parties = f.flag("substitutes_across_parties");
    body.usual_place = f.text("usual_place");
    body.usual_time = f.opt_time("usual_time", "tiden då sammanträdena vanligen börjar")?;
    Ok(body)
}

async fn save_body_with(
    req: HttpRequest,
    state: web::Data<AppState>,
    raw: web::Bytes,
    id: Option<BodyId>,
) -> Result<HttpResponse, WebError> {
    let session = session::require(&req, &state).await?;
    require_admin(&session)?;
    let f = Fields::parse(&raw)?;
    check_csrf(&session, f.get("csrf").unwrap_or_default())?;
    let org = session.user.organization_id;
    let existing = match id {
        Some(id) => {
            state
                .db(move |store| {
                    store
                        .body(id)?
                        .filter(|b| b.organization_id == org)
                        .ok_or_else(|| WebError::NotFound("Organet finns inte.".into()))
                })
                .await?
        }
        None => justera_domain::organization::Body {
            id: BodyId::new_random(),
            organization_id: org,
            kind: justera_domain::organization::BodyKind::Committee,
            name: String::new(),
            definite_name: String::new(),
            short_name: String::new(),
            seats: 0,
            adjusters: 1,
            secretary_signs: true,
            series_starts: Vec::new(),
            numbering: justera_domain::organization::Numbering::PerYear,
            usual_place: String::new(),
            usual_time: None,
            participants: Vec::new(),
            rules: Default::default(),
        },
    };
    let refused = |e: WebError| (actix_web::ResponseError::status_code(&e), e.to_string());
    let body = match body_from(&f, existing) {
        Ok(b) => b,
        Err(e) => {
            return match id {
                Some(id) => body_page(&state, session, id, None, None, Some(refused(e))).await,
                None => index_page(&state, session, None, None, Some(e.to_string())).await,
            };
        }
    };
    let username = session.user.account.username.clone();
    let saving = body.clone();
    let result = state
        .db(move |store| {
            justera_service::organization::save_body(store, org, &username, &saving)?;
            Ok(())
        })
        .await;
    match result {
        Ok(()) => {
            state.invalidate();
            Ok(see_other(&format!(
                "/administration/organ/{}?klart=sparat",
                body.id
            )))
        }
        Err(e @ (WebError::Unprocessable(_) | WebError::Conflict(_))) => match id {
            Some(id) => body_page(&state, session, id, None, None, Some(refused(e))).await,
            None => index_page(&state, session, None, None, Some(e.to_string())).await,
        },
        Err(e) => Err(e),
    }
}

/// POST /administration/organ — a new body.
pub async fn create_body(
    req: HttpRequest,
    state: web::Data<AppState>,
    raw: web::Bytes,
) -> Result<HttpResponse, WebError> {
    save_body_with(req, state, raw, None).await
}

/// POST /administration/organ/{id}/uppgifter — the body's names, kind, seats and adjusters.
pub async fn update_body(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
    raw: web::Bytes,
) -> Result<HttpResponse, WebError> {
    let id = parse_body(&path)?;
    save_body_with(req, state, raw, Some(id)).await
}
