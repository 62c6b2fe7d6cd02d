//! The API's handlers: parse, check who is calling, call the same services as the pages.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use justera_domain::drafting::{Edit, NewMeeting, fingerprint};
use justera_domain::meeting::MeetingStatus;
use justera_domain::text::long_date;
use justera_service::adjustment::{SignOutcome, reject as reject_adjustment};
use justera_service::drafting::create_meeting;
use justera_store::notices::{ArchiveQuery, NoticeRow};

use super::types::*;
use super::{ApiError, ApiResult, require, require_write};
use crate::actions::board::{PAGE_SIZE, board_organization, today, upcoming_meetings};
use crate::actions::meetings::{
    may_edit, parse_meeting, run_edit, send_for_adjustment_for, start_immediate_for,
};
use crate::error::WebError;
use crate::html::parse_date_field;
use crate::session::now;
use crate::site::Site;
use crate::state::AppState;

fn notice(n: &NoticeRow) -> Notice {
    Notice {
        id: n.id.clone(),
        meeting_id: n.meeting_id.clone(),
        body: n.body_name.clone(),
        meeting_date: n.meeting_date.clone(),
        paragraphs: n.paragraphs.clone(),
        adjusted_on: n.adjusted_on.clone(),
        posted_on: n.posted_on.clone(),
        last_appeal_day: n.last_appeal_day.clone(),
        takedown_on: n.takedown_on.clone(),
        storage_place: n.storage_place.clone(),
        immediate: n.is_immediate(),
        pdf: format!("/anslagstavla/anslag/{}/protokoll.pdf", n.id),
        html: format!("/anslagstavla/anslag/{}/protokoll", n.id),
    }
}

pub async fn not_found() -> ApiResult {
    Err(
        WebError::NotFound("Det finns ingen sådan adress i API:t; se /api/openapi.json.".into())
            .into(),
    )
}

/// GET /api/anslagstavla
pub async fn board(req: HttpRequest, state: web::Data<AppState>) -> ApiResult {
    let day = today(&state);
    let site = Site::of(&req, &state);
    let board = state
        .db(move |store| {
            let (org, name) = board_organization(store, &site)?;
            let notices = store.current_notices(&org.to_string(), day)?;
            let upcoming = upcoming_meetings(store, org, day)?;
            Ok(Board {
                organization: name,
                today: day.to_string(),
                notices: notices.iter().map(notice).collect(),
                upcoming: upcoming
                    .into_iter()
                    .map(|u| Upcoming {
                        meeting_id: u.meeting_id,
                        body: u.body,
                        date: u.date,
                        time: u.time,
                        place: u.place,
                    })
                    .collect(),
                ca_fingerprint: store.get_ca(org)?.map(|c| c.fingerprint),
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(board))
}

/// GET /api/anslagstavla/arkiv
pub async fn archive(req: HttpRequest, state: web::Data<AppState>) -> ApiResult {
    let params = web::Query::<ArchiveParams>::from_query(req.query_string())
        .map_err(|_| WebError::BadRequest("Sökparametrarna kunde inte läsas.".into()))?
        .into_inner();
    let from = parse_date_field("Från", params.fran.as_deref().unwrap_or_default())
        .map_err(WebError::Unprocessable)?;
    let to = parse_date_field("Till", params.till.as_deref().unwrap_or_default())
        .map_err(WebError::Unprocessable)?;
    let page = params.sida.unwrap_or(1).clamp(1, 100_000);
    let query = ArchiveQuery {
        body: params.organ,
        from,
        to,
        words: ArchiveQuery::words_of(params.sok.as_deref().unwrap_or_default()),
        limit: PAGE_SIZE,
        offset: (page - 1) * PAGE_SIZE,
    };
    let day = today(&state);
    let site = Site::of(&req, &state);
    let (rows, total) = state
        .db(move |store| {
            let (org, _) = board_organization(store, &site)?;
            Ok(store.archived_notices(&org.to_string(), day, &query)?)
        })
        .await?;
    Ok(HttpResponse::Ok().json(Archive {
        notices: rows.iter().map(notice).collect(),
        total,
        page,
        per_page: PAGE_SIZE,
    }))
}

/// GET /api/anslagstavla/anslag/{id} — current and archived notices are public.
pub async fn notice_one(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> ApiResult {
    let id = path.into_inner();
    let day = today(&state);
    let site = Site::of(&req, &state);
    let row = state
        .db(move |store| {
            let (org, _) = board_organization(store, &site)?;
            Ok(store
                .notice(&id)?
                .filter(|n| n.organization_id == org.to_string())
                .filter(|n| NoticeRow::date(&n.posted_on).is_some_and(|p| p <= day)))
        })
        .await?
        .ok_or_else(|| WebError::NotFound("Tillkännagivandet finns inte.".into()))?;
    Ok(HttpResponse::Ok().json(notice(&row)))
}

/// POST /api/verifiera — the PDF as the body (application/pdf), at most 20 MB.
pub async fn verify(
    req: HttpRequest,
    payload: web::Payload,
    state: web::Data<AppState>,
) -> ApiResult {
    let body = crate::verification::read_body(payload).await?;
    if body.is_empty() {
        return Err(WebError::Unprocessable("Filen är tom.".into()).into());
    }
    if !body.starts_with(b"%PDF-") {
        return Err(WebError::Unprocessable("Filen är inte en PDF-fil.".into()).into());
    }
    let site = Site::of(&req, &state);
    let verdict = crate::verification::verify(&state, site, body).await?;
    Ok(HttpResponse::Ok().json(Verification {
        sha256: verdict.sha256.clone(),
        ok: verdict.ok,
        registered_meeting: verdict.registered.map(|m| m.to_string()),
        signatures: verdict
            .reports
            .iter()
            .map(|r| SignatureReport {
                signer: r.signer.clone(),
                reason: r.reason.clone(),
                time: r.time.clone(),
                valid: r.valid,
                trusted: r.trusted,
                covers_whole_file: r.coverage == justera_sign::verify::Coverage::WholeFile,
                changes_after: r.changes_after.clone(),
                problems: r.problems.clone(),
                timestamp: r.timestamp.as_ref().map(|t| t.time.to_rfc3339()),
            })
            .collect(),
    }))
}

/// GET /api/jag
pub async fn me(req: HttpRequest, state: web::Data<AppState>) -> ApiResult {
    let s = require(&req, &state).await?;
    Ok(HttpResponse::Ok().json(Me {
        username: s.user.account.username.clone(),
        display_name: s.user.account.display_name.clone(),
        organization_id: s.user.organization_id.to_string(),
        roles: s.user.account.roles.clone(),
    }))
}

/// GET /api/sammantraden — the meetings of the bodies the caller is secretary of (all of the
/// organization's for an administrator).
pub async fn meetings(req: HttpRequest, state: web::Data<AppState>) -> ApiResult {
    let s = require(&req, &state).await?;
    let items = state
        .db(move |store| {
            let account = &s.user.account;
            let bodies: Vec<String> = store
                .bodies(s.user.organization_id)?
                .into_iter()
                .filter(|b| account.is_administrator() || account.is_secretary_of(b.id))
                .map(|b| b.id.to_string())
                .collect();
            Ok(store
                .list_meetings()?
                .into_iter()
                .filter(|m| bodies.contains(&m.body_id))
                .map(|m| MeetingItem {
                    id: m.id,
                    body_id: m.body_id,
                    body: m.body,
                    date: m.date.to_string(),
                    status: m.status.as_str().to_owned(),
                    revision: m.revision,
                })
                .collect::<Vec<_>>())
        })
        .await?;
    Ok(HttpResponse::Ok().json(items))
}

/// POST /api/sammantraden
pub async fn create(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: web::Json<NewMeeting>,
) -> ApiResult {
    let s = require_write(&req, &state).await?;
    let new = body.into_inner();
    let id = state
        .db(move |store| {
            let org_bodies = store.bodies(s.user.organization_id)?;
            if !org_bodies.iter().any(|b| b.id == new.body) {
                return Err(WebError::NotFound("Organet finns inte.".into()));
            }
            Ok(create_meeting(store, new, &s.user.account.username)?)
        })
        .await?;
    state.invalidate();
    Ok(HttpResponse::Created()
        .insert_header(("Location", format!("/api/sammantraden/{id}")))
        .json(Created { id: id.to_string() }))
}

/// GET /api/sammantraden/{id} — the draft with each paragraph's state.
pub async fn meeting(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> ApiResult {
    let s = require(&req, &state).await?;
    let id = parse_meeting(&path)?;
    let result = state
        .db(move |store| {
            let stored = store.load_meeting(id)?;
            let doc = stored.document;
            if !may_edit(&s, &doc) {
                return Err(WebError::Forbidden(
                    "Bara organets sekreterare och administratörer kan läsa utkastet.".into(),
                ));
            }
            let ctx = doc.context();
            // Every roster once (per § it would recompute all earlier ones).
            let rosters = doc.meeting.rosters(&ctx);
            let paragraphs = doc
                .meeting
                .paragraphs
                .iter()
                .enumerate()
                .map(|(i, p)| {
                    let roster = rosters.as_ref().ok().and_then(|r| r.get(i)).cloned();
                    let progress = match (&rosters, &roster) {
                        (_, Some(r)) => doc.meeting.progress_in(&ctx, p, r, true),
                        (Err(e), None) => Err(e.clone()),
                        (Ok(_), None) => Ok(None),
                    };
                    let (text, next, complete, generated, problem) = match progress {
                        Ok(Some(pr)) => {
                            let generated = pr
                                .complete()
                                .map(|e| e.decision_text(p, &doc.body))
                                .unwrap_or_default();
                            (pr.text, pr.next, pr.outcome.is_some(), generated, None)
                        }
                        Ok(None) => (Vec::new(), None, false, Vec::new(), None),
                        Err(e) => (Vec::new(), None, false, Vec::new(), Some(e.to_string())),
                    };
                    ParagraphState {
                        number: p.number,
                        fingerprint: fingerprint(p),
                        recorded_steps: p.decision_order.as_ref().map_or(0, |r| r.steps.len()),
                        decision_order_text: text,
                        next_question: next,
                        decision_order_complete: complete,
                        generated_decision: generated,
                        problem,
                        serving: roster
                            .as_ref()
                            .map(|r| r.serving.iter().map(|x| x.person.to_string()).collect())
                            .unwrap_or_default(),
                        quorate: roster.as_ref().is_some_and(|r| r.is_quorate(&doc.body)),
                    }
                })
                .collect();
            Ok(MeetingState {
                revision: stored.revision,
                status: doc.meeting.status.as_str().to_owned(),
                meeting: doc.meeting.clone(),
                paragraphs,
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(result))
}

/// POST /api/sammantraden/{id}/andringar — one edit.
pub async fn edit(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
    body: web::Json<Edit>,
) -> ApiResult {
    let s = require_write(&req, &state).await?;
    let id = parse_meeting(&path)?;
    let (revision, print) = run_edit(&state, &s, id, body.into_inner(), None).await?;
    Ok(HttpResponse::Ok().json(EditResult {
        revision,
        fingerprint: print,
    }))
}

/// POST /api/sammantraden/{id}/omedelbar-justering
pub async fn immediate(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
    body: web::Json<ImmediateRequest>,
) -> ApiResult {
    let s = require_write(&req, &state).await?;
    let id = parse_meeting(&path)?;
    start_immediate_for(&state, &s, id, body.into_inner().paragraphs).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// POST /api/sammantraden/{id}/skicka-for-justering
pub async fn send(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> ApiResult {
    let s = require_write(&req, &state).await?;
    let id = parse_meeting(&path)?;
    send_for_adjustment_for(&state, &s, id).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// GET /api/justering — what awaits the caller's signature (or was signed and waits for others).
pub async fn awaiting(req: HttpRequest, state: web::Data<AppState>) -> ApiResult {
    let s = require(&req, &state).await?;
    let items = state
        .db(move |store| {
            let me = s.user.account.signer_identity();
            let mut out = Vec::new();
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
                if doc.organization.id != s.user.organization_id {
                    continue;
                }
                for (which, pending, immediate) in crate::signing_state::actives(&doc) {
                    let immediate = immediate.map(<[u32]>::to_vec).unwrap_or_default();
                    let Some(required) = pending.required.iter().find(|r| r.is(&me)) else {
                        continue;
                    };
                    out.push(Awaiting {
                        meeting_id: m.id.clone(),
                        title: format!("{} {}", doc.body.name, long_date(doc.meeting.date)),
                        role: required.role.swedish().to_owned(),
                        immediate_paragraphs: immediate,
                        adjustment: which.api_name().to_owned(),
                        my_turn: pending.next_signers().iter().any(|r| r.is(&me)),
                        signed: pending.signatures.iter().map(|x| x.name.clone()).collect(),
                        waiting_for: pending
                            .next_signers()
                            .iter()
                            .map(|r| r.name.clone())
                            .collect(),
                        pdf: format!(
                            "/justering/{}/protokoll.pdf?justering={}",
                            m.id,
                            which.as_str()
                        ),
                    });
                }
            }
            Ok(out)
        })
        .await?;
    Ok(HttpResponse::Ok().json(items))
}

/// POST /api/justering/{id}/signera
pub async fn sign(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
    body: web::Json<SignRequest>,
) -> ApiResult {
    let s = require_write(&req, &state).await?;
    let id = parse_meeting(&path)?;
    let body = body.into_inner();
    let (password, code) = (body.password, body.code);
    if password.is_empty() {
        return Err(WebError::Unprocessable("Ange ditt lösenord för att signera.".into()).into());
    }
    let want = match body.adjustment.as_deref() {
        None => None,
        Some(name) => Some(crate::signing_state::Which::from_api(name).ok_or_else(|| {
            WebError::Unprocessable("Ange adjustment som \"immediate\" eller \"ordinary\".".into())
        })?),
    };
    let renderer = state.renderer.clone();
    let _turn = state.hashing_turn().await?;
    let (outcome, _) = state
        .db(move |store| {
            crate::signing_state::sign(
                store,
                &renderer,
                &s.user,
                id,
                &password,
                code.as_deref(),
                want,
            )
        })
        .await?;
    crate::observe::METRICS
        .signatures
        .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    state.invalidate();
    state.notify(id);
    Ok(HttpResponse::Ok().json(match outcome {
        SignOutcome::Signed { waiting_for } => SignResult {
            adjusted: false,
            waiting_for,
            posted_on: None,
            last_appeal_day: None,
        },
        SignOutcome::Adjusted {
            posted,
            last_appeal_day,
            ..
        } => SignResult {
            adjusted: true,
            waiting_for: Vec::new(),
            posted_on: Some(posted.to_string()),
            last_appeal_day: Some(last_appeal_day.to_string()),
        },
    }))
}

/// POST /api/justering/{id}/avvisa
pub async fn reject(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
    body: web::Json<RejectRequest>,
) -> ApiResult {
    let s = require_write(&req, &state).await?;
    let id = parse_meeting(&path)?;
    let comment = body.into_inner().comment.trim().to_owned();
    if comment.is_empty() {
        return Err(WebError::Unprocessable(
            "Skriv vad som ska rättas innan du avvisar protokollet.".into(),
        )
        .into());
    }
    let username = s.user.account.username.clone();
    state
        .db(move |store| {
            let doc = store.load_meeting(id)?.document;
            if doc.organization.id != s.user.organization_id {
                return Err(WebError::NotFound("Sammanträdet finns inte.".into()));
            }
            Ok(reject_adjustment(store, id, &username, &comment, now())?)
        })
        .await?;
    state.invalidate();
    state.notify(id);
    Ok(HttpResponse::build(StatusCode::NO_CONTENT).finish())
}

impl From<ApiError> for WebError {
    fn from(e: ApiError) -> Self {
        e.0
    }
}
