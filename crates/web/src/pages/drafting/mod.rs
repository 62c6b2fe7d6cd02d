//! The secretary's screens during the meeting: the meeting (details, attendance, quorum, the
//! paragraph list, immediate adjustment, closing and sending for adjustment) and the paragraph
//! editor (written sections with autosave, motions, the decision order with the roll-call
//! sheet, reservations and protocol notes). Every form posts an [`Edit`](justera_domain::drafting::Edit) to one address; with
//! `Accept: application/json` (the editor's autosave) the answer is JSON instead of a redirect.

pub mod forms;
pub mod paragraph_view;
pub mod view;

use actix_web::http::StatusCode;
use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use justera_domain::document::MeetingDocument;
use justera_domain::drafting::ParagraphText;
use justera_domain::ids::MeetingId;
use justera_service::drafting::create_meeting;
use justera_store::sessions::Session;

use self::forms::{Fields, StepContext};
use self::paragraph_view::{ParagraphView, paragraph_view};
use self::view::{MeetingView, meeting_view};
use super::see_other;
use crate::error::WebError;
use crate::html::Chrome;
use crate::session::{self, check_csrf};
use crate::state::AppState;

pub use crate::actions::meetings::{
    forbidden, may_edit, parse_meeting, run_edit, send_for_adjustment_for, start_immediate_for,
};

#[derive(Template)]
#[template(path = "draft_meeting.html")]
struct MeetingPage {
    chrome: Chrome,
    v: MeetingView,
    message: Option<String>,
    problem: Option<String>,
}

#[derive(Template)]
#[template(path = "draft_paragraph.html")]
struct ParagraphPage {
    chrome: Chrome,
    v: ParagraphView,
    message: Option<String>,
    problem: Option<String>,
}

fn message_for(query: &str) -> Option<String> {
    let done = web::Query::<Vec<(String, String)>>::from_query(query)
        .ok()?
        .0
        .into_iter()
        .find(|(k, _)| k == "klart")?
        .1;
    Some(
        match done.as_str() {
            "sparat" => "Ändringen är sparad.",
            "skapat" => "Sammanträdet är skapat. Kontrollera närvaron och lägg till paragraferna.",
            "narvaro" => "Närvaron från organets förra sammanträde är hämtad. Kontrollera den och spara ändringar.",
            "omedelbar" => "Justeringen av de markerade paragraferna är startad. Ordföranden och justerarna signerar under Att justera.",
            "skickat" => "Protokollet är skickat för justering.",
            "anslag" => "Anslaget är registrerat; överklagandetiden räknas från det senaste.",
            _ => return None,
        }
        .to_owned(),
    )
}

struct Loaded {
    doc: MeetingDocument,
    revision: i64,
    organization: String,
}

async fn load(
    state: &web::Data<AppState>,
    session: &Session,
    id: MeetingId,
) -> Result<Loaded, WebError> {
    let session = session.clone();
    state
        .db(move |store| {
            let organization = super::organization_name(store, session.user.organization_id)?;
            let stored = store.load_meeting(id)?;
            if !may_edit(&session, &stored.document) {
                return Err(forbidden());
            }
            Ok(Loaded {
                doc: stored.document,
                revision: stored.revision,
                organization,
            })
        })
        .await
}

fn with_status(mut response: HttpResponse, status: StatusCode) -> HttpResponse {
    *response.status_mut() = status;
    response
}

async fn render_meeting(
    state: &web::Data<AppState>,
    session: Session,
    id: MeetingId,
    message: Option<String>,
    problem: Option<(StatusCode, String)>,
) -> Result<HttpResponse, WebError> {
    let loaded = load(state, &session, id).await?;
    let page = MeetingPage {
        chrome: Chrome::new(&loaded.organization, Some(&session)),
        v: meeting_view(&loaded.doc, loaded.revision),
        message,
        problem: problem.as_ref().map(|(_, p)| p.clone()),
    };
    let response = super::html(&page)?;
    Ok(match problem {
        Some((status, _)) => with_status(response, status),
        None => response,
    })
}

async fn render_paragraph(
    state: &web::Data<AppState>,
    session: Session,
    id: MeetingId,
    number: u32,
    message: Option<String>,
    problem: Option<(StatusCode, String)>,
    typed: Typed,
) -> Result<HttpResponse, WebError> {
    let loaded = load(state, &session, id).await?;
    let p = loaded
        .doc
        .meeting
        .paragraph(number)
        .map_err(|_| WebError::NotFound(format!("§ {number} finns inte i sammanträdet.")))?;
    let mut v = paragraph_view(&loaded.doc, p, uuid::Uuid::new_v4().simple().to_string());
    typed
        .roll_call
        .show_in(&mut v, problem.as_ref().map(|(_, p)| p.as_str()));
    if let Some(t) = typed.text {
        // A conflict: beside what the secretary typed, the saved text of each section that
        // differs, so saving again (now on the saved version) is a choice, not an accident.
        if problem
            .as_ref()
            .is_some_and(|(status, _)| *status == StatusCode::CONFLICT)
        {
            v.conflicts = paragraph_view::differences(&t, &ParagraphText::of(p));
        }
        // What the secretary typed is shown again, never lost, with the stored version's base.
        let mut shown = p.clone();
        shown.title = t.title.clone();
        v.title = t.title;
        v.case_number = t.case_number.unwrap_or_default();
        v.filing_code = t.filing_code.unwrap_or_default();
        v.summary = t.summary.unwrap_or_default();
        v.preparation = t.preparation.unwrap_or_default();
        v.decision_basis = t.decision_basis.join("\n");
        v.presenters = t.presenters.unwrap_or_default();
        v.proposal_source = t
            .proposal
            .as_ref()
            .map(|x| x.source.clone())
            .unwrap_or_default();
        v.proposal_clauses = t.proposal.map(|x| x.clauses.join("\n")).unwrap_or_default();
        v.decision = t.decision.join("\n");
        v.attachments = t.attachments.join("\n");
        v.distribution = t.distribution.join("\n");
    }
    let page = ParagraphPage {
        chrome: Chrome::new(&loaded.organization, Some(&session)),
        v,
        message,
        problem: problem.as_ref().map(|(_, p)| p.clone()),
    };
    let response = super::html(&page)?;
    Ok(match problem {
        Some((status, _)) => with_status(response, status),
        None => response,
    })
}

/// GET /sammantraden/{id}
pub async fn meeting(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, WebError> {
    let session = session::require(&req, &state).await?;
    let id = parse_meeting(&path)?;
    render_meeting(&state, session, id, message_for(req.query_string()), None).await
}

/// GET /sammantraden/{id}/paragraf/{n}
pub async fn paragraph(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, WebError> {
    let session = session::require(&req, &state).await?;
    let id = parse_meeting(&path.0)?;
    let number: u32 = path
        .1
        .parse()
        .map_err(|_| WebError::NotFound("Paragrafen finns inte.".into()))?;
    render_paragraph(
        &state,
        session,
        id,
        number,
        message_for(req.query_string()),
        None,
        Typed::default(),
    )
    .await
}

/// What the secretary had entered in the form that was refused, shown again so nothing typed
/// is lost: the paragraph's text, or the ballots of a roll call.
#[derive(Default)]
struct Typed {
    text: Option<ParagraphText>,
    roll_call: paragraph_view::TypedRollCall,
}

impl Typed {
    fn from_fields(fields: &Fields) -> Self {
        Self {
            text: (fields.get("action") == Some("update_text"))
                .then(|| forms::paragraph_text(fields)),
            roll_call: paragraph_view::TypedRollCall::from_fields(fields),
        }
    }
}

pub fn wants_json(req: &HttpRequest) -> bool {
    req.headers()
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"))
}

/// An edit refused for the editor's autosave: JSON, never an HTML page (which the script
/// would take for a lost connection). A text conflict carries the saved version of each
/// section that differs and the fingerprint to save on once the secretary has chosen.
async fn json_error(
    state: &web::Data<AppState>,
    session: &Session,
    id: MeetingId,
    number: Option<u32>,
    e: &WebError,
    typed: Option<&ParagraphText>,
) -> Result<HttpResponse, WebError> {
    let status = actix_web::ResponseError::status_code(e);
    if let WebError::Internal(detail) = e {
        eprintln!("justera-web: internt fel: {detail}");
    }
    let mut body = serde_json::Map::new();
    body.insert("error".into(), e.to_string().into());
    body.insert("code".into(), e.code().into());
    if let (StatusCode::CONFLICT, Some(n), Some(mine)) = (status, number, typed) {
        let loaded = load(state, session, id).await?;
        if let Ok(p) = loaded.doc.meeting.paragraph(n) {
            body.insert(
                "fingerprint".into(),
                justera_domain::drafting::fingerprint(p).into(),
            );
            body.insert(
                "differences".into(),
                serde_json::json!(paragraph_view::differences(mine, &ParagraphText::of(p))),
            );
        }
    }
    Ok(HttpResponse::build(status).json(serde_json::Value::Object(body)))
}

/// Copies the attendance of the body's previous meeting, as one edit.
async fn copy_attendance(
    state: &web::Data<AppState>,
    session: &Session,
    id: MeetingId,
) -> Result<(), WebError> {
    let username = session.user.account.username.clone();
    let organization = session.user.organization_id;
    let turn = state.write_turn(organization).await;
    let result = state
        .db(move |store| {
            justera_service::drafting::copy_previous_attendance(
                store,
                organization,
                id,
                &username,
            )?;
            Ok(())
        })
        .await;
    drop(turn);
    result?;
    state.invalidate();
    state.notify(id);
    Ok(())
}

/// A posted form about a meeting: the signed-in user, the meeting, the fields, CSRF checked.
async fn posted(
    req: &HttpRequest,
    state: &web::Data<AppState>,
    meeting: &str,
    body: &[u8],
) -> Result<(Session, MeetingId, Fields), WebError> {
    let session = session::require(req, state).await?;
    let id = parse_meeting(meeting)?;
    let fields = Fields::parse(body)?;
    check_csrf(&session, fields.get("csrf").unwrap_or_default())?;
    Ok((session, id, fields))
}

/// POST /sammantraden/{id}/andra — every form of the secretary's screens.
pub async fn post_edit(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, WebError> {
    let (session, id, fields) = posted(&req, &state, &path, &body).await?;
    let json = wants_json(&req);
    let from_paragraph = fields.get("from") == Some("paragraph");
    let number = fields.number("paragraph", "Paragrafen").ok();
    if fields.get("action") == Some("copy_attendance") {
        let result = copy_attendance(&state, &session, id).await;
        return match result {
            Ok(()) => Ok(see_other(&format!(
                "/sammantraden/{id}?klart=narvaro#narvaro"
            ))),
            Err(
                e @ (WebError::Unprocessable(_) | WebError::Conflict(_) | WebError::BadRequest(_)),
            ) => {
                let status = actix_web::ResponseError::status_code(&e);
                render_meeting(&state, session, id, None, Some((status, e.to_string()))).await
            }
            Err(e) => Err(e),
        };
    }
    // The roll call needs the paragraph's roster.
    let edit = if matches!(fields.get("action"), Some("add_step" | "request_vote")) {
        let loaded = load(&state, &session, id).await?;
        let n = number.ok_or_else(|| WebError::BadRequest("Paragraf saknas.".into()))?;
        let roster = loaded.doc.meeting.roster(&loaded.doc.context(), n)?;
        let doc = loaded.doc.clone();
        let names = move |p| view::name(&doc, p);
        forms::edit(
            &fields,
            Some(&StepContext {
                roster: &roster,
                names: &names,
            }),
        )
    } else {
        forms::edit(&fields, None)
    };
    let typed = Typed::from_fields(&fields);
    let section = fields.text("section");
    let result = match edit {
        Ok(edit) => run_edit(&state, &session, id, edit, fields.opt("client")).await,
        Err(e) => Err(e),
    };
    match result {
        Ok((revision, print)) => {
            if json {
                return Ok(HttpResponse::Ok().json(serde_json::json!({
                    "revision": revision,
                    "fingerprint": print,
                    "saved_at": crate::session::now().format("%H:%M:%S").to_string(),
                })));
            }
            let anchor = if section
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-')
                && !section.is_empty()
            {
                format!("#{section}")
            } else {
                String::new()
            };
            Ok(match (from_paragraph, number) {
                (true, Some(n)) => see_other(&format!(
                    "/sammantraden/{id}/paragraf/{n}?klart=sparat{anchor}"
                )),
                _ => see_other(&format!("/sammantraden/{id}?klart=sparat{anchor}")),
            })
        }
        Err(e) => {
            let status = actix_web::ResponseError::status_code(&e);
            if json {
                return json_error(&state, &session, id, number, &e, typed.text.as_ref()).await;
            }
            if matches!(
                e,
                WebError::Forbidden(_)
                    | WebError::NotFound(_)
                    | WebError::LoginRequired
                    | WebError::Internal(_)
            ) {
                return Err(e);
            }
            match (from_paragraph, number) {
                (true, Some(n)) => {
                    render_paragraph(
                        &state,
                        session,
                        id,
                        n,
                        None,
                        Some((status, e.to_string())),
                        typed,
                    )
                    .await
                }
                _ => render_meeting(&state, session, id, None, Some((status, e.to_string()))).await,
            }
        }
    }
}

/// POST /sammantraden — a new meeting.
pub async fn create(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: web::Bytes,
) -> Result<HttpResponse, WebError> {
    let session = session::require(&req, &state).await?;
    let fields = Fields::parse(&body)?;
    check_csrf(&session, fields.get("csrf").unwrap_or_default())?;
    let new = forms::new_meeting(&fields)?;
    let username = session.user.account.username.clone();
    let org = session.user.organization_id;
    let id = state
        .db(move |store| {
            let doc = store.body_document(
                new.body,
                justera_domain::meeting::Meeting::planned(
                    MeetingId::new_random(),
                    new.body,
                    new.date,
                    new.starts_at,
                    String::new(),
                    new.chair,
                    Vec::new(),
                    String::new(),
                ),
            )?;
            if doc.organization.id != org {
                return Err(forbidden());
            }
            Ok(create_meeting(store, new, &username)?)
        })
        .await?;
    state.invalidate();
    Ok(see_other(&format!("/sammantraden/{id}?klart=skapat")))
}

/// POST /sammantraden/{id}/omedelbar — immediate adjustment of the chosen paragraphs.
pub async fn immediate(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, WebError> {
    let (session, id, fields) = posted(&req, &state, &path, &body).await?;
    let mut numbers = Vec::new();
    for v in fields.all("paragraphs") {
        numbers.push(
            v.parse::<u32>()
                .map_err(|_| WebError::BadRequest("Okänd paragraf.".into()))?,
        );
    }
    if numbers.is_empty() {
        return render_meeting(
            &state,
            session,
            id,
            None,
            Some((
                StatusCode::UNPROCESSABLE_ENTITY,
                "Markera de paragrafer som ska justeras för sig.".into(),
            )),
        )
        .await;
    }
    let result = start_immediate_for(&state, &session, id, numbers).await;
    after_action(&state, session, id, result, "omedelbar").await
}

/// After a workflow action: back to the meeting with a message, or the meeting page with the
/// reason when the rules refused it.
async fn after_action(
    state: &web::Data<AppState>,
    session: Session,
    id: MeetingId,
    result: Result<(), WebError>,
    done: &str,
) -> Result<HttpResponse, WebError> {
    match result {
        Ok(()) => Ok(see_other(&format!("/sammantraden/{id}?klart={done}"))),
        Err(e @ (WebError::Unprocessable(_) | WebError::Conflict(_))) => {
            let status = actix_web::ResponseError::status_code(&e);
            render_meeting(state, session, id, None, Some((status, e.to_string()))).await
        }
        Err(e) => Err(e),
    }
}

/// POST /sammantraden/{id}/skicka — send the closed meeting for adjustment.
pub async fn send(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, WebError> {
    let (session, id, _) = posted(&req, &state, &path, &body).await?;
    let result = send_for_adjustment_for(&state, &session, id).await;
    after_action(&state, session, id, result, "skickat").await
}
