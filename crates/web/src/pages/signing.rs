//! Signing for the chair, the adjusters and the secretary: what awaits their signature, the
//! protocol to read (HTML and the PDF that is signed), sign with the password, reject with a
//! comment. Also the secretary's list of meetings.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use justera_domain::adjustment::PendingAdjustment;
use justera_domain::calendar::{
    AdjustmentDeadlineState, adjustment_deadline, adjustment_deadline_state,
};
use justera_domain::document::MeetingDocument;
use justera_domain::ids::MeetingId;
use justera_domain::meeting::MeetingStatus;
use justera_domain::protocol::{ProtocolView, SectionBody};
use justera_domain::text::long_date;
use justera_service::adjustment::{SignOutcome, reject as reject_adjustment};
use justera_store::Store;
use justera_store::documents::{SIGNED_MINUTES, UNSIGNED_MINUTES};
use justera_store::sessions::Session;

use super::board::pdf_response;
use super::{see_other, today};
use crate::error::WebError;
use crate::html::Chrome;
use crate::session::{self, check_csrf, now};
use crate::signing_state::{Active, Which, actives};
use crate::state::AppState;

pub struct Item {
    pub meeting_id: String,
    /// Which adjustment ("omedelbar", "ordinarie"), for the link.
    pub which: &'static str,
    pub title: String,
    pub role: String,
    pub status: String,
    pub deadline: String,
    pub warning: bool,
    pub warning_text: String,
}

#[derive(Template)]
#[template(path = "signing_list.html")]
struct ListPage {
    chrome: Chrome,
    items: Vec<Item>,
    message: Option<String>,
}

fn parse_meeting(text: &str) -> Result<MeetingId, WebError> {
    text.parse()
        .map_err(|_| WebError::NotFound("Sammanträdet finns inte.".into()))
}

fn title(doc: &MeetingDocument) -> String {
    format!("{} {}", doc.body.name, long_date(doc.meeting.date))
}

/// The role in which the user is a required signer of `pending`.
fn role_in(pending: &PendingAdjustment, session: &Session) -> Option<String> {
    let me = session.user.account.signer_identity();
    pending
        .required
        .iter()
        .find(|r| r.is(&me))
        .map(|r| r.role.swedish().to_owned())
}

/// The adjustment a page is about: the one asked for, else the first whose turn it is for the
/// user, else the first the user signs at all, else the first.
fn chosen<'a>(
    doc: &'a MeetingDocument,
    session: &Session,
    want: Option<Which>,
) -> Option<Active<'a>> {
    let all = actives(doc);
    if let Some(w) = want {
        return all.into_iter().find(|(which, _, _)| *which == w);
    }
    let me = session.user.account.signer_identity();
    let mine = |p: &PendingAdjustment| role_in(p, session).is_some();
    let turn = |p: &PendingAdjustment| {
        !has_signed(p, session) && p.next_signers().iter().any(|r| r.is(&me))
    };
    all.iter()
        .find(|(_, p, _)| turn(p))
        .or_else(|| all.iter().find(|(_, p, _)| mine(p)))
        .or_else(|| all.first())
        .copied()
}

fn has_signed(pending: &PendingAdjustment, session: &Session) -> bool {
    let me = session.user.account.signer_identity();
    pending.signatures.iter().any(|s| s.name == me.name)
}

fn deadline_text(doc: &MeetingDocument, day: chrono::NaiveDate) -> (String, bool, String) {
    let deadline = adjustment_deadline(doc.meeting.last_day())
        .map(|d| d.to_string())
        .unwrap_or_default();
    match adjustment_deadline_state(doc.meeting.date, day) {
        Ok(AdjustmentDeadlineState::DueSoon { days_left }) => (
            deadline,
            true,
            format!("{days_left} dagar kvar av de två veckorna"),
        ),
        Ok(AdjustmentDeadlineState::Overdue { days_over }) => {
            (deadline, true, format!("{days_over} dagar försenat"))
        }
        _ => (deadline, false, String::new()),
    }
}

pub async fn list(req: HttpRequest, state: web::Data<AppState>) -> Result<HttpResponse, WebError> {
    let session = session::require(&req, &state).await?;
    let day = today(&state);
    let message = web::Query::<Landing>::from_query(req.query_string())
        .ok()
        .and_then(|q| q.into_inner().message());
    let page = state
        .db(move |store| {
            let name = super::organization_name(store, session.user.organization_id)?;
            let mut items = Vec::new();
            for m in store.list_meetings()? {
                if !matches!(
                    m.status,
                    MeetingStatus::UnderAdjustment
                        | MeetingStatus::InSession
                        | MeetingStatus::Closed
                        | MeetingStatus::Adjusted
                ) {
                    continue;
                }
                let doc = store.load_meeting(parse_meeting(&m.id)?)?.document;
                if doc.organization.id != session.user.organization_id {
                    continue;
                }
                for (which, pending, immediate) in actives(&doc) {
                    let Some(role) = role_in(pending, &session) else {
                        continue;
                    };
                    let me = session.user.account.signer_identity();
                    let status = if has_signed(pending, &session) {
                        "Du har signerat".to_owned()
                    } else if pending.next_signers().iter().any(|r| r.is(&me)) {
                        "Väntar på din signatur".to_owned()
                    } else {
                        let names: Vec<String> = pending
                            .next_signers()
                            .iter()
                            .map(|r| r.name.clone())
                            .collect();
                        format!("Väntar på {}", names.join(", "))
                    };
                    let (deadline, warning, warning_text) = deadline_text(&doc, day);
                    items.push(Item {
                        meeting_id: m.id.clone(),
                        which: which.as_str(),
                        title: match immediate {
                            Some(numbers) => format!(
                                "{}, omedelbar justering av {}",
                                title(&doc),
                                justera_domain::text::paragraph_label(numbers)
                            ),
                            None => title(&doc),
                        },
                        role,
                        status,
                        deadline,
                        warning,
                        warning_text,
                    });
                }
            }
            Ok(ListPage {
                chrome: Chrome::new(&name, Some(&session)),
                items,
                message,
            })
        })
        .await?;
    super::html(&page)
}

#[derive(Template)]
#[template(path = "signing_meeting.html")]
struct MeetingPage {
    chrome: Chrome,
    meeting_id: String,
    title: String,
    message: Option<String>,
    problem: Option<String>,
    status: String,
    signed: Vec<String>,
    waiting: Vec<String>,
    deadline: String,
    can_sign: bool,
    /// Only the ordinary adjustment is rejected back to the draft.
    can_reject: bool,
    which: &'static str,
    role: String,
    view: ProtocolView,
    view_date: String,
}

/// The signature block of the document being signed, with the signatures made so far (the
/// file carries them as digital signatures): "Digital underskrift, signerad 2026-12-02" or
/// "Digital underskrift, väntar på signatur".
fn show_signatures_so_far(view: &mut ProtocolView, pending: &PendingAdjustment) {
    for group in &mut view.signatures {
        for signer in &mut group.signers {
            if signer.status != justera_domain::protocol::UNDERSIGNED_DIGITALLY {
                continue;
            }
            signer.status = match pending
                .signatures
                .iter()
                .find(|s| s.name == signer.name && s.role.swedish() == signer.role)
            {
                Some(s) => format!(
                    "{}, signerad {}",
                    justera_domain::protocol::UNDERSIGNED_DIGITALLY,
                    s.signed_on.format("%Y-%m-%d")
                ),
                None => format!(
                    "{}, väntar på signatur",
                    justera_domain::protocol::UNDERSIGNED_DIGITALLY
                ),
            };
        }
    }
}

/// The meeting, if this user may read it before it is public: a required signer, the body's
/// secretary, or an administrator of the organization.
fn readable(
    store: &mut Store,
    id: MeetingId,
    session: &Session,
) -> Result<MeetingDocument, WebError> {
    let doc = store.load_meeting(id)?.document;
    let account = &session.user.account;
    let same_org = doc.organization.id == session.user.organization_id;
    let signer = actives(&doc)
        .iter()
        .any(|(_, p, _)| role_in(p, session).is_some());
    if same_org && (signer || account.is_secretary_of(doc.body.id) || account.is_administrator()) {
        Ok(doc)
    } else {
        Err(WebError::Forbidden(
            "Du har inte behörighet att läsa det här protokollet före justeringen.".into(),
        ))
    }
}

async fn meeting_page(
    state: &web::Data<AppState>,
    session: Session,
    id: MeetingId,
    want: Option<Which>,
    status_code: StatusCode,
    message: Option<String>,
    problem: Option<String>,
) -> Result<HttpResponse, WebError> {
    let day = today(state);
    let page = state
        .db(move |store| {
            let name = super::organization_name(store, session.user.organization_id)?;
            let doc = readable(store, id, &session)?;
            let chosen = chosen(&doc, &session, want);
            let pending = chosen.map(|(_, p, _)| p);
            let which = chosen.map_or(Which::Ordinary, |(w, _, _)| w);
            // Exactly what is signed: for an immediate adjustment the document of its §§ only.
            let mut view = match chosen {
                Some((_, _, Some(numbers))) => ProtocolView::immediate(&doc, numbers),
                _ => ProtocolView::build(&doc),
            }
            .map_err(|e| WebError::Internal(e.to_string()))?;
            if let Some(p) = pending {
                show_signatures_so_far(&mut view, p);
            }
            let role = pending.and_then(|p| role_in(p, &session));
            let me = session.user.account.signer_identity();
            let can_sign = pending.is_some_and(|p| {
                !has_signed(p, &session) && p.next_signers().iter().any(|r| r.is(&me))
            });
            let signed = pending
                .map(|p| {
                    p.signatures
                        .iter()
                        .map(|s| format!("{} ({})", s.name, s.role.swedish()))
                        .collect()
                })
                .unwrap_or_default();
            let waiting = pending
                .map(|p| {
                    p.required
                        .iter()
                        .filter(|r| {
                            !p.signatures
                                .iter()
                                .any(|s| s.name == r.name && s.role == r.role)
                        })
                        .map(|r| format!("{} ({})", r.name, r.role.swedish()))
                        .collect()
                })
                .unwrap_or_default();
            let (deadline, _, warning) = deadline_text(&doc, day);
            Ok(MeetingPage {
                chrome: Chrome::new(&name, Some(&session)),
                meeting_id: id.to_string(),
                title: title(&doc),
                message,
                problem,
                status: doc.meeting.status_on(day).swedish().to_owned(),
                signed,
                waiting,
                deadline: if warning.is_empty() {
                    deadline
                } else {
                    format!("{deadline} ({warning})")
                },
                can_sign,
                can_reject: can_sign && which == Which::Ordinary,
                which: which.as_str(),
                role: role.unwrap_or_default(),
                view_date: long_date(view.meeting_date),
                view,
            })
        })
        .await?;
    let body = page
        .render()
        .map_err(|e| WebError::Internal(e.to_string()))?;
    Ok(HttpResponse::build(status_code)
        .content_type("text/html; charset=utf-8")
        .body(body))
}

#[derive(Debug, serde::Deserialize)]
pub struct DoneQuery {
    #[serde(default)]
    klart: Option<String>,
    #[serde(default)]
    justering: Option<String>,
}

/// Where a signer lands after signing or rejecting: the list, which they may always read,
/// with what was done and what happens next.
#[derive(Debug, serde::Deserialize)]
pub struct Landing {
    #[serde(default)]
    klart: Option<String>,
    /// The posting date and the last day of appeal, after the last signature.
    #[serde(default)]
    anslas: Option<chrono::NaiveDate>,
    #[serde(default)]
    overklagande: Option<chrono::NaiveDate>,
}

impl Landing {
    fn message(self) -> Option<String> {
        let dates = match (self.anslas, self.overklagande) {
            (Some(p), Some(l)) => format!(
                " Tillkännagivandet anslås på anslagstavlan den {} och överklagandetiden går ut den {}.",
                long_date(p),
                long_date(l)
            ),
            _ => String::new(),
        };
        Some(match self.klart.as_deref()? {
            "omedelbart-justerat" => format!(
                "Din signatur är registrerad. Den omedelbara justeringen är klar.{dates}"
            ),
            "justerat" => format!("Din signatur är registrerad. Protokollet är justerat.{dates}"),
            "avvisat" => "Protokollet är avvisat och tillbaka hos sekreteraren, med din kommentar. Signaturerna som redan gjorts har tagits bort.".to_owned(),
            _ => return None,
        })
    }
}

pub async fn meeting(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
    query: Option<web::Query<DoneQuery>>,
) -> Result<HttpResponse, WebError> {
    let session = session::require(&req, &state).await?;
    let id = parse_meeting(&path)?;
    let query = query.map(web::Query::into_inner);
    let want = query
        .as_ref()
        .and_then(|q| q.justering.as_deref())
        .and_then(Which::parse);
    let message = match query.and_then(|q| q.klart).as_deref() {
        Some("signerat") => Some("Din signatur är registrerad.".to_owned()),
        Some("justerat") => Some(
            "Din signatur är registrerad. Protokollet är justerat och tillkännagivandet anslaget."
                .to_owned(),
        ),
        Some("avvisat") => Some("Protokollet är avvisat och tillbaka hos sekreteraren.".to_owned()),
        _ => None,
    };
    meeting_page(&state, session, id, want, StatusCode::OK, message, None).await
}

pub async fn pdf(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
    query: Option<web::Query<DoneQuery>>,
) -> Result<HttpResponse, WebError> {
    let session = session::require(&req, &state).await?;
    let id = parse_meeting(&path)?;
    let want = query.and_then(|q| q.into_inner().justering.as_deref().and_then(Which::parse));
    let (bytes, file) = state
        .db(move |store| {
            let doc = readable(store, id, &session)?;
            let key = id.to_string();
            let (signed, unsigned) = match chosen(&doc, &session, want) {
                Some((_, _, Some(numbers))) => (
                    justera_service::adjustment::immediate_kind(numbers, true),
                    justera_service::adjustment::immediate_kind(numbers, false),
                ),
                _ => (SIGNED_MINUTES.to_owned(), UNSIGNED_MINUTES.to_owned()),
            };
            let document = match store.latest_document(&key, &signed)? {
                Some(d) => Some(d),
                None => store.latest_document(&key, &unsigned)?,
            }
            .ok_or_else(|| {
                WebError::NotFound("Protokollet har inte skickats för justering ännu.".into())
            })?;
            Ok((
                document.content,
                format!(
                    "protokoll-{}-{}.pdf",
                    doc.body.short_name.to_lowercase(),
                    doc.meeting.date
                ),
            ))
        })
        .await?;
    Ok(pdf_response(bytes, &file))
}

#[derive(Debug, serde::Deserialize)]
pub struct SignForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    code: String,
    /// Which adjustment is signed ("omedelbar", "ordinarie"); without it, the immediate one if
    /// there is one.
    #[serde(default)]
    justering: String,
}

pub async fn sign(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
    form: web::Form<SignForm>,
) -> Result<HttpResponse, WebError> {
    let session = session::require(&req, &state).await?;
    check_csrf(&session, &form.csrf)?;
    let id = parse_meeting(&path)?;
    if form.password.is_empty() {
        return meeting_page(
            &state,
            session,
            id,
            Which::parse(&form.justering),
            StatusCode::UNPROCESSABLE_ENTITY,
            None,
            Some("Ange ditt lösenord för att signera.".into()),
        )
        .await;
    }
    let password = form.password.clone();
    let code = form.code.clone();
    let user = session.user.clone();
    let renderer = state.renderer.clone();
    let want = Which::parse(&form.justering);
    let _turn = state.hashing_turn().await?;
    let reader = session.clone();
    let outcome = state
        .db(move |store| {
            // Only a signer, the secretary or an administrator gets this far on the pages.
            readable(store, id, &reader)?;
            Ok(crate::signing_state::sign(
                store,
                &renderer,
                &user,
                id,
                &password,
                Some(&code),
                want,
            )
            .map(|(r, which)| (r, which == Which::Immediate)))
        })
        .await?;
    match outcome {
        Ok((result, immediate)) => {
            crate::observe::METRICS
                .signatures
                .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            state.invalidate();
            state.notify(id);
            Ok(match (result, immediate) {
                // Complete: the protocol may no longer be the signer's to read before it is
                // public, so to the list, which says what happens next.
                (
                    SignOutcome::Adjusted {
                        posted,
                        last_appeal_day,
                        ..
                    },
                    immediate,
                ) => see_other(&format!(
                    "/justering?klart={}&anslas={posted}&overklagande={last_appeal_day}",
                    if immediate {
                        "omedelbart-justerat"
                    } else {
                        "justerat"
                    }
                )),
                (SignOutcome::Signed { .. }, immediate) => see_other(&format!(
                    "/justering/{id}?klart=signerat&justering={}",
                    if immediate {
                        Which::Immediate.as_str()
                    } else {
                        Which::Ordinary.as_str()
                    }
                )),
            })
        }
        Err(e) => {
            let status = actix_web::ResponseError::status_code(&e);
            meeting_page(&state, session, id, want, status, None, Some(e.to_string())).await
        }
    }
}

#[derive(Debug, serde::Deserialize)]
pub struct RejectForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    comment: String,
}

pub async fn reject(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
    form: web::Form<RejectForm>,
) -> Result<HttpResponse, WebError> {
    let session = session::require(&req, &state).await?;
    check_csrf(&session, &form.csrf)?;
    let id = parse_meeting(&path)?;
    let comment = form.comment.trim().to_owned();
    if comment.is_empty() {
        return meeting_page(
            &state,
            session,
            id,
            Some(Which::Ordinary),
            StatusCode::UNPROCESSABLE_ENTITY,
            None,
            Some("Skriv vad som ska rättas innan du avvisar protokollet.".into()),
        )
        .await;
    }
    let username = session.user.account.username.clone();
    let reader = session.clone();
    let outcome = state
        .db(move |store| {
            // The same rule as the API: only a meeting of the user's own organization that
            // they may read (a same-named user elsewhere changes nothing).
            readable(store, id, &reader)?;
            Ok(reject_adjustment(store, id, &username, &comment, now()).map_err(WebError::from))
        })
        .await?;
    match outcome {
        Ok(_) => {
            state.invalidate();
            state.notify(id);
            Ok(see_other("/justering?klart=avvisat"))
        }
        Err(e) => {
            let status = actix_web::ResponseError::status_code(&e);
            meeting_page(
                &state,
                session,
                id,
                Some(Which::Ordinary),
                status,
                None,
                Some(e.to_string()),
            )
            .await
        }
    }
}

pub struct MeetingRow {
    pub id: String,
    pub body: String,
    pub date: String,
    pub date_long: String,
    pub status: String,
    pub signing: bool,
}

/// A body the user may create meetings for, with the people to choose chair and adjusters from.
pub struct BodyForm {
    pub id: String,
    pub name: String,
    pub members: Vec<super::drafting::view::Choice>,
    pub adjusters: Vec<u32>,
    /// The member who is the body's chair on the date, chosen first.
    pub chair: String,
    /// The body's usual place and time.
    pub place: String,
    pub time: String,
}

#[derive(Template)]
#[template(path = "meetings.html")]
struct MeetingsPage {
    chrome: Chrome,
    items: Vec<MeetingRow>,
    bodies: Vec<BodyForm>,
    secretary: String,
    today: String,
    /// The date the lists are for (the meeting's date).
    date_long: String,
    /// The administrator's own users may fix a missing term.
    admin: bool,
}

/// The secretary's meetings (an administrator sees all of the organization's), and a form to
/// create a meeting for each body they are secretary of.
pub async fn meetings(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, WebError> {
    let session = session::require(&req, &state).await?;
    let account = session.user.account.clone();
    if !account.is_administrator()
        && !account
            .roles
            .iter()
            .any(|r| matches!(r, justera_domain::account::Role::Secretary { .. }))
    {
        return Err(WebError::Forbidden(
            "Sidan är till för sekreterare och administratörer.".into(),
        ));
    }
    // The lists of members are those with mandates on the meeting's date: ?datum=ÅÅÅÅ-MM-DD
    // (a meeting in a new term is made with the new term's members).
    let day = req
        .query_string()
        .split('&')
        .find_map(|p| p.strip_prefix("datum="))
        .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        .filter(|d| (1990..=2199).contains(&chrono::Datelike::year(d)))
        .unwrap_or_else(|| today(&state));
    let page = state
        .db(move |store| {
            let name = super::organization_name(store, session.user.organization_id)?;
            let org = session.user.organization_id;
            let bodies: Vec<_> = store
                .bodies(org)?
                .into_iter()
                .filter(|b| account.is_administrator() || account.is_secretary_of(b.id))
                .collect();
            let mut items = Vec::new();
            for m in store.list_meetings()? {
                if !bodies.iter().any(|b| b.id.to_string() == m.body_id) {
                    continue;
                }
                // Only a posted protocol's status depends on today (the appeal period).
                let status = if m.status == MeetingStatus::Posted {
                    store
                        .load_meeting(parse_meeting(&m.id)?)?
                        .document
                        .meeting
                        .status_on(day)
                } else {
                    m.status
                };
                items.push(MeetingRow {
                    id: m.id.clone(),
                    body: m.body.clone(),
                    date: m.date.to_string(),
                    date_long: long_date(m.date),
                    status: status.swedish().to_owned(),
                    signing: m.status == MeetingStatus::UnderAdjustment,
                });
            }
            items.sort_by(|a, b| b.date.cmp(&a.date));
            let mut forms = Vec::new();
            for b in &bodies {
                let probe = justera_domain::meeting::Meeting::planned(
                    MeetingId::new_random(),
                    b.id,
                    day,
                    chrono::NaiveTime::MIN,
                    String::new(),
                    justera_domain::ids::PersonId::new_random(),
                    Vec::new(),
                    String::new(),
                );
                let doc = store.body_document(b.id, probe)?;
                let members = super::drafting::view::person_choices(&doc, None, &[]);
                let chair = doc
                    .mandates
                    .iter()
                    .find(|m| {
                        m.position == Some(justera_domain::organization::Position::Chair)
                            && m.covers(day)
                    })
                    .map(|m| m.person_id.to_string())
                    .unwrap_or_default();
                forms.push(BodyForm {
                    id: b.id.to_string(),
                    name: b.name.clone(),
                    members,
                    adjusters: (1..=b.adjusters.max(1)).collect(),
                    chair,
                    place: b.usual_place.clone(),
                    time: b
                        .usual_time
                        .map_or_else(|| "13.30".to_owned(), |t| t.format("%H.%M").to_string()),
                });
            }
            Ok(MeetingsPage {
                chrome: Chrome::new(&name, Some(&session)),
                items,
                bodies: forms,
                secretary: account.display_name.clone(),
                today: day.to_string(),
                date_long: long_date(day),
                admin: account.is_administrator(),
            })
        })
        .await?;
    super::html(&page)
}
