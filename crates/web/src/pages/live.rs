//! Live updates with server-sent events: the secretary's, the chair's and the adjusters' pages
//! reload as decisions are recorded, and the public "live" page of an open meeting shows the
//! decisions in public paragraphs as they are made (never a confidential paragraph, and nothing
//! once the session has closed until the protocol is adjusted and posted).

use std::time::Duration;

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use futures_util::stream;
use justera_domain::ids::MeetingId;
use justera_domain::meeting::MeetingStatus;
use justera_domain::paragraph::Confidentiality;
use justera_domain::protocol::decision_lines;
use justera_domain::text::long_date;

use super::board_organization;
use super::drafting::parse_meeting;
use crate::error::WebError;
use crate::html::Chrome;
use crate::session;
use crate::site::Site;
use crate::state::AppState;

/// A comment line keeps proxies from closing an idle stream.
const KEEP_ALIVE: Duration = Duration::from_secs(15);

fn event_stream(state: &AppState, id: MeetingId) -> HttpResponse {
    let rx = state.subscribe();
    let events = stream::unfold(rx, move |mut rx| async move {
        loop {
            match tokio::time::timeout(KEEP_ALIVE, rx.recv()).await {
                Ok(Ok(changed)) if changed.meeting == id => {
                    // The origin is checked to be [A-Za-z0-9]{1,64}: safe inside the JSON.
                    let data = changed
                        .origin
                        .map_or_else(|| "{}".to_owned(), |o| format!("{{\"origin\":\"{o}\"}}"));
                    let chunk = web::Bytes::from(format!("event: change\ndata: {data}\n\n"));
                    return Some((Ok::<_, actix_web::Error>(chunk), rx));
                }
                Ok(Ok(_)) => continue,
                Ok(Err(tokio::sync::broadcast::error::RecvError::Lagged(_))) => {
                    let chunk = web::Bytes::from_static(b"event: change\ndata: {}\n\n");
                    return Some((Ok(chunk), rx));
                }
                Ok(Err(tokio::sync::broadcast::error::RecvError::Closed)) => return None,
                Err(_) => return Some((Ok(web::Bytes::from_static(b": keep-alive\n\n")), rx)),
            }
        }
    });
    HttpResponse::Ok()
        .content_type("text/event-stream")
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .insert_header(("X-Accel-Buffering", "no"))
        .streaming(events)
}

/// GET /sammantraden/{id}/handelser — for signed-in users of the meeting's organization.
pub async fn events(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, WebError> {
    let session = session::require(&req, &state).await?;
    let id = parse_meeting(&path)?;
    let org = session.user.organization_id;
    // Only whose meeting it is: a live page's connection does not read the meeting.
    state
        .db(move |store| match store.meeting_owner(id) {
            Ok((owner, _)) if owner == org => Ok(()),
            Ok(_) | Err(justera_store::StoreError::NotFound { .. }) => {
                Err(WebError::NotFound("Sammanträdet finns inte.".into()))
            }
            Err(e) => Err(e.into()),
        })
        .await?;
    Ok(event_stream(&state, id))
}

pub struct LiveParagraph {
    pub number: u32,
    pub title: String,
    pub confidential: bool,
    pub order: Vec<String>,
    pub decision: Vec<String>,
}

/// A notice of an adjustment of the meeting, as the live page lists it.
struct NoticeLink {
    href: Option<String>,
    text: String,
}

#[derive(Template)]
#[template(path = "live.html")]
struct LivePage {
    notices: Vec<NoticeLink>,
    chrome: Chrome,
    id: String,
    title: String,
    open: bool,
    message: String,
    paragraphs: Vec<LiveParagraph>,
}

async fn public_meeting(
    state: &web::Data<AppState>,
    site: Site,
    id: MeetingId,
) -> Result<(String, justera_domain::document::MeetingDocument), WebError> {
    state
        .db(move |store| {
            let (org, name) = board_organization(store, &site)?;
            let doc = store
                .load_meeting(id)
                .map_err(|_| WebError::NotFound("Sammanträdet finns inte.".into()))?
                .document;
            if doc.organization.id != org {
                return Err(WebError::NotFound("Sammanträdet finns inte.".into()));
            }
            Ok((name, doc))
        })
        .await
}

/// GET /anslagstavla/direkt/{id}
pub async fn page(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, WebError> {
    let id = parse_meeting(&path)?;
    let (name, doc) = public_meeting(&state, Site::of(&req, &state), id).await?;
    let m = &doc.meeting;
    let open = m.status == MeetingStatus::InSession;
    let message = match m.status {
        MeetingStatus::Planned => "Sammanträdet har inte börjat.".to_owned(),
        MeetingStatus::InSession => {
            "Sammanträdet pågår. Sidan uppdateras när beslut registreras. Protokollet är inte justerat; det är först det justerade protokollet som gäller.".to_owned()
        }
        MeetingStatus::Closed => "Sammanträdet är avslutat. Protokollet justeras och tillkännages sedan på anslagstavlan.".to_owned(),
        MeetingStatus::UnderAdjustment => "Sammanträdet är avslutat och protokollet är under justering. Det tillkännages på anslagstavlan när det är justerat.".to_owned(),
        _ => "Sammanträdet är avslutat och protokollet är justerat.".to_owned(),
    };
    // Every adjustment that has a notice: a link once it is posted, its day until then.
    let day = super::today(&state);
    let notices: Vec<NoticeLink> = m
        .adjustments
        .iter()
        .enumerate()
        .filter_map(|(i, a)| {
            let dates = a.notice.as_ref()?.dates;
            let what = if a.immediate {
                format!(
                    "Omedelbart justerade {}",
                    justera_domain::text::paragraph_label(&a.paragraphs)
                )
            } else {
                format!(
                    "Justerat protokoll, {}",
                    justera_domain::text::paragraph_label(&a.paragraphs)
                )
            };
            Some(NoticeLink {
                href: (dates.posted <= day).then(|| format!("/anslagstavla/anslag/{id}:{i}")),
                text: if dates.posted <= day {
                    format!(
                        "{what}: tillkännagivande, överklagandetiden går ut {}",
                        long_date(dates.last_appeal_day)
                    )
                } else {
                    format!(
                        "{what}: tillkännages på anslagstavlan den {}",
                        long_date(dates.posted)
                    )
                },
            })
        })
        .collect();
    let ctx = doc.context();
    // Every roster once, not per §.
    let rosters = m.rosters(&ctx).unwrap_or_default();
    let paragraphs = if open {
        m.paragraphs
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let confidential = !matches!(p.confidentiality, Confidentiality::Public);
                let title_hidden = matches!(
                    p.confidentiality,
                    Confidentiality::Confidential {
                        title_confidential: true,
                        ..
                    }
                );
                LiveParagraph {
                    number: p.number,
                    title: if title_hidden {
                        "Sekretess".into()
                    } else {
                        p.title.clone()
                    },
                    confidential,
                    order: if confidential {
                        Vec::new()
                    } else {
                        rosters
                            .get(i)
                            .and_then(|r| m.progress_in(&ctx, p, r, false).ok().flatten())
                            .map(|pr| pr.text)
                            .unwrap_or_default()
                    },
                    decision: if confidential {
                        Vec::new()
                    } else {
                        decision_lines(p)
                    },
                }
            })
            .collect()
    } else {
        Vec::new()
    };
    super::html(&LivePage {
        notices,
        chrome: Chrome::new(&name, None),
        id: id.to_string(),
        title: format!("{} {}", doc.body.name, long_date(m.date)),
        open,
        message,
        paragraphs,
    })
}

/// GET /anslagstavla/direkt/{id}/handelser — public, only while the meeting is in session.
pub async fn public_events(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, WebError> {
    let id = parse_meeting(&path)?;
    let (_, doc) = public_meeting(&state, Site::of(&req, &state), id).await?;
    if doc.meeting.status != MeetingStatus::InSession {
        return Err(WebError::NotFound("Sammanträdet pågår inte.".into()));
    }
    Ok(event_stream(&state, id))
}
