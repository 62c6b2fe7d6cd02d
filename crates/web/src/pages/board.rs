//! The official notice board: current notices, the archive, a notice, the protocol as HTML and
//! PDF, and the organization's CA certificate. What is shown follows from today's date.

use std::sync::Arc;

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use chrono::NaiveDate;
use justera_domain::document::MeetingDocument;
use justera_domain::meeting::MeetingStatus;
use justera_domain::protocol::{ProtocolView, SectionBody};
use justera_domain::text::long_date;
use justera_service::adjustment::immediate_kind;
use justera_service::publication;
use justera_store::Store;
use justera_store::documents::SIGNED_MINUTES;
use justera_store::notices::{ArchiveQuery, NoticeRow};

use super::{board_organization, html, today};
pub use crate::actions::board::{PAGE_SIZE, Upcoming, upcoming_meetings};
use crate::error::WebError;
use crate::html::{Chrome, NoticeView, parse_date_field};
use crate::session;
use crate::site::Site;
use crate::state::{AppState, CachedPage};

#[derive(Template)]
#[template(path = "board.html")]
struct BoardPage {
    chrome: Chrome,
    /// The court an appeal goes to ("Förvaltningsrätten i Göteborg").
    court: String,
    today: String,
    today_long: String,
    notices: Vec<NoticeView>,
    upcoming: Vec<Upcoming>,
    ca_fingerprint: Option<String>,
}

pub async fn board(req: HttpRequest, state: web::Data<AppState>) -> Result<HttpResponse, WebError> {
    let session = session::current(&req, &state).await?;
    let day = today(&state);
    let site = Site::of(&req, &state);
    let key = format!("board:{}:{day}", site.key());
    if session.is_none() {
        if let Some(page) = state.cached(&key) {
            return Ok(cached_response(&req, &page));
        }
    }
    let page = state
        .db(move |store| {
            let (org, name) = board_organization(store, &site)?;
            let notices = store.current_notices(&org.to_string(), day)?;
            let upcoming = upcoming_meetings(store, org, day)?;
            let ca = store.get_ca(org)?.map(|c| c.fingerprint);
            Ok(BoardPage {
                court: super::appeal_court(store, org)?,
                chrome: Chrome::new(&name, session.as_ref()),
                today: day.to_string(),
                today_long: long_date(day),
                notices: notices.iter().map(NoticeView::from).collect(),
                upcoming,
                ca_fingerprint: ca.map(|fp| group_hex(&fp)),
            })
        })
        .await?;
    if page.chrome.user.is_some() {
        return html(&page);
    }
    let body = page
        .render()
        .map_err(|e| WebError::Internal(e.to_string()))?;
    let cached = Arc::new(CachedPage::new(body, "text/html; charset=utf-8", None));
    state.store_cached(key, cached.clone());
    Ok(cached_response(&req, &cached))
}

fn cached_response(req: &HttpRequest, page: &CachedPage) -> HttpResponse {
    let matches = req
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v == page.etag);
    let mut res = if matches {
        HttpResponse::NotModified()
    } else {
        HttpResponse::Ok()
    };
    res.insert_header((header::ETAG, page.etag.clone()))
        .insert_header((header::CACHE_CONTROL, "public, max-age=0, must-revalidate"));
    if let Some(d) = &page.disposition {
        res.insert_header((header::CONTENT_DISPOSITION, d.clone()));
    }
    if matches {
        res.finish()
    } else {
        res.content_type(page.content_type).body(page.body.clone())
    }
}

/// The key of a public page or file of a notice: the site, the day (what is public depends on
/// it) and the page.
fn public_key(what: &str, site: &Site, id: &str, day: chrono::NaiveDate) -> String {
    format!("{what}:{}:{id}:{day}", site.key())
}

/// A page rendered for a visitor without a session, kept and served with its validator.
fn public_page(
    req: &HttpRequest,
    state: &AppState,
    key: String,
    page: &impl Template,
) -> Result<HttpResponse, WebError> {
    let body = page
        .render()
        .map_err(|e| WebError::Internal(e.to_string()))?;
    let cached = Arc::new(CachedPage::new(body, "text/html; charset=utf-8", None));
    state.store_public(key, cached.clone());
    Ok(cached_response(req, &cached))
}

/// "AB:CD:…" in groups, as certificate viewers show fingerprints.
/// A fingerprint as pairs of hex digits, "C9:36:08:…", whether it was stored with separators
/// or without.
pub fn group_hex(hex: &str) -> String {
    let digits: Vec<u8> = hex.bytes().filter(u8::is_ascii_hexdigit).collect();
    digits
        .chunks(2)
        .map(|c| String::from_utf8_lossy(c).to_uppercase())
        .collect::<Vec<_>>()
        .join(":")
}

#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct ArchiveForm {
    #[serde(default)]
    pub organ: String,
    #[serde(default)]
    pub fran: String,
    #[serde(default)]
    pub till: String,
    #[serde(default)]
    pub ord: String,
    #[serde(default)]
    pub sida: Option<i64>,
}

#[derive(Template)]
#[template(path = "archive.html")]
struct ArchivePage {
    chrome: Chrome,
    form: ArchiveForm,
    problem: Option<String>,
    notices: Vec<NoticeView>,
    total: i64,
    /// "1 träff", "12 träffar".
    total_text: String,
    first: i64,
    last: i64,
    previous: Option<String>,
    next: Option<String>,
}

pub async fn archive(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, WebError> {
    // A malformed query string is shown as an empty search with a message, not an error page.
    let (form, mut problem) = match web::Query::<ArchiveForm>::from_query(req.query_string()) {
        Ok(q) => (q.into_inner(), None),
        Err(_) => (
            ArchiveForm::default(),
            Some("Sökningen kunde inte läsas; fyll i formuläret igen.".to_owned()),
        ),
    };
    let from = parse_date_field("Från", &form.fran).unwrap_or_else(|e| {
        problem = Some(e);
        None
    });
    let to = parse_date_field("Till", &form.till).unwrap_or_else(|e| {
        problem = Some(e);
        None
    });
    let page_no = form.sida.unwrap_or(1).clamp(1, 100_000);
    let query = ArchiveQuery {
        body: Some(form.organ.clone()),
        from,
        to,
        words: ArchiveQuery::words_of(&form.ord),
        limit: PAGE_SIZE,
        offset: (page_no - 1) * PAGE_SIZE,
    };
    let session = session::current(&req, &state).await?;
    let day = today(&state);
    let site = Site::of(&req, &state);
    // The same search gives every visitor without a session the same page on a day.
    let key = public_key("archive", &site, req.query_string(), day);
    if session.is_none()
        && problem.is_none()
        && let Some(page) = state.public_cached(&key)
    {
        return Ok(cached_response(&req, &page));
    }
    let anonymous = session.is_none() && problem.is_none();
    let (name, rows, total) = state
        .db(move |store| {
            let (org, name) = board_organization(store, &site)?;
            let (rows, total) = store.archived_notices(&org.to_string(), day, &query)?;
            Ok((name, rows, total))
        })
        .await?;
    let link = |page: i64| {
        let mut q = serde_urlencoded::to_string([
            ("organ", form.organ.as_str()),
            ("fran", form.fran.as_str()),
            ("till", form.till.as_str()),
            ("ord", form.ord.as_str()),
        ])
        .unwrap_or_default();
        q.push_str(&format!("&sida={page}"));
        format!("/anslagstavla/arkiv?{q}")
    };
    let first = (page_no - 1) * PAGE_SIZE + 1;
    let last = (first + rows.len() as i64 - 1).max(0);
    let page = ArchivePage {
        chrome: Chrome::new(&name, session.as_ref()),
        problem,
        notices: rows.iter().map(NoticeView::from).collect(),
        total,
        total_text: justera_domain::text::counted(total, "träff", "träffar"),
        first,
        last,
        previous: (page_no > 1).then(|| link(page_no - 1)),
        next: (last < total).then(|| link(page_no + 1)),
        form,
    };
    if anonymous {
        return public_page(&req, &state, key, &page);
    }
    html(&page)
}

#[derive(Template)]
#[template(path = "notice.html")]
struct NoticePage {
    chrome: Chrome,
    court: String,
    /// The adjusted paragraphs with their titles, as the public copy shows them.
    items: Vec<(u32, String)>,
    n: NoticeView,
    status: String,
    signed: bool,
    /// A joint committee's notice on the other participants' boards.
    other_boards: Vec<(String, Option<String>)>,
    preliminary: bool,
}

/// The notice and its meeting, or 404: a notice of the site's organization (another
/// organization's is not found here) that is posted on `day` (a notice whose posting date is
/// still to come is not found either).
fn load_notice(
    store: &mut Store,
    id: &str,
    site: &Site,
    day: NaiveDate,
) -> Result<(NoticeRow, MeetingDocument), WebError> {
    let (org, _) = board_organization(store, site)?;
    let notice = store
        .notice(id)?
        .filter(|n| n.organization_id == org.to_string())
        .filter(|n| NoticeRow::date(&n.posted_on).is_some_and(|p| p <= day))
        .ok_or_else(|| WebError::NotFound("Tillkännagivandet finns inte.".into()))?;
    let meeting = notice
        .meeting_id
        .parse()
        .map_err(|_| WebError::Internal("ogiltigt sammanträdes-id".into()))?;
    let doc = store.load_meeting(meeting)?.document;
    Ok((notice, doc))
}

/// The index of the adjustment record a notice stands for (its id ends with it).
fn record_index(notice: &NoticeRow) -> Option<usize> {
    notice.id.rsplit(':').next().and_then(|i| i.parse().ok())
}

/// The adjustment record a notice stands for.
fn adjusted_paragraphs(notice: &NoticeRow, doc: &MeetingDocument) -> Vec<u32> {
    record_index(notice)
        .and_then(|i| doc.meeting.adjustments.get(i))
        .map(|a| a.paragraphs.clone())
        .unwrap_or_default()
}

/// Whether the public PDF is the signed original: only when no § it covers is confidential.
fn public_original(notice: &NoticeRow, doc: &MeetingDocument) -> bool {
    record_index(notice).is_some_and(|i| !publication::covers_confidential(doc, i))
}

/// The public view of a notice, as frozen when it was posted. A notice posted before views were
/// frozen (an imported protocol, the seed's immediate adjustment among them) is built from the
/// meeting only once the whole meeting is adjusted (its content is then frozen by the store);
/// anything else is not shown, so no public page ever draws a draft.
fn frozen_view(
    store: &mut Store,
    notice: &NoticeRow,
    doc: &MeetingDocument,
) -> Result<ProtocolView, WebError> {
    let index = record_index(notice)
        .ok_or_else(|| WebError::NotFound("Tillkännagivandet finns inte.".into()))?;
    if let Some(view) = publication::frozen_view(store, &notice.meeting_id, index)? {
        return Ok(view);
    }
    if matches!(
        doc.meeting.status,
        MeetingStatus::Adjusted | MeetingStatus::Posted | MeetingStatus::AppealPeriodOver
    ) {
        return Ok(publication::build_view(doc, index)?);
    }
    Err(WebError::NotFound(
        "Den offentliga kopian av protokollet finns inte.".into(),
    ))
}

pub async fn notice(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, WebError> {
    let session = session::current(&req, &state).await?;
    let id = path.into_inner();
    let day = today(&state);
    let site = Site::of(&req, &state);
    // A posted notice's page is the same for every visitor without a session on a day: it is
    // rendered once and served from memory (nothing public reads the whole meeting again).
    let key = public_key("notice", &site, &id, day);
    if session.is_none()
        && let Some(page) = state.public_cached(&key)
    {
        return Ok(cached_response(&req, &page));
    }
    let anonymous = session.is_none();
    let page = state
        .db(move |store| {
            let (_, name) = board_organization(store, &site)?;
            let (notice, doc) = load_notice(store, &id, &site, day)?;
            let takedown = NoticeRow::date(&notice.takedown_on);
            let last_appeal = NoticeRow::date(&notice.last_appeal_day);
            let status = match (takedown, last_appeal) {
                (Some(t), _) if day >= t => {
                    "Tillkännagivandet har tagits ned från anslagstavlan och finns i arkivet."
                }
                (_, Some(l)) if day > l => "Överklagandetiden har gått ut.",
                _ => "Tillkännagivandet är anslaget. Överklagandetiden pågår.",
            };
            let items = frozen_view(store, &notice, &doc)?
                .paragraphs
                .iter()
                .map(|p| (p.number, p.title.clone()))
                .collect();
            let other_boards: Vec<(String, Option<String>)> = record_index(&notice)
                .map(|i| doc.meeting.other_postings(&doc.body, i))
                .unwrap_or_default()
                .into_iter()
                .map(|p| (p.municipality, p.posted.map(|d| d.to_string())))
                .collect();
            Ok(NoticePage {
                preliminary: other_boards.iter().any(|b| b.1.is_none()),
                other_boards,
                court: doc.organization.protocol.court(),
                items,
                chrome: Chrome::new(&name, session.as_ref()),
                signed: public_original(&notice, &doc),
                status: status.to_owned(),
                n: NoticeView::from(&notice),
            })
        })
        .await?;
    if anonymous {
        return public_page(&req, &state, key, &page);
    }
    html(&page)
}

#[derive(Template)]
#[template(path = "protocol.html")]
struct ProtocolPage {
    chrome: Chrome,
    view: ProtocolView,
    view_date: String,
    back: String,
    pdf: String,
}

pub async fn protocol_html(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, WebError> {
    let session = session::current(&req, &state).await?;
    let id = path.into_inner();
    let day = today(&state);
    let site = Site::of(&req, &state);
    let key = public_key("protocol", &site, &id, day);
    if session.is_none()
        && let Some(page) = state.public_cached(&key)
    {
        return Ok(cached_response(&req, &page));
    }
    let anonymous = session.is_none();
    let page = state
        .db(move |store| {
            let (_, name) = board_organization(store, &site)?;
            let (notice, doc) = load_notice(store, &id, &site, day)?;
            let view = frozen_view(store, &notice, &doc)?;
            Ok(ProtocolPage {
                chrome: Chrome::new(&name, session.as_ref()),
                view_date: long_date(view.meeting_date),
                view,
                back: format!("/anslagstavla/anslag/{}", notice.id),
                pdf: format!("/anslagstavla/anslag/{}/protokoll.pdf", notice.id),
            })
        })
        .await?;
    if anonymous {
        return public_page(&req, &state, key, &page);
    }
    html(&page)
}

pub fn pdf_response(bytes: Vec<u8>, file_name: &str) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("application/pdf")
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("inline; filename=\"{file_name}\""),
        ))
        .body(bytes)
}

pub async fn protocol_pdf(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, WebError> {
    let id = path.into_inner();
    let day = today(&state);
    let site = Site::of(&req, &state);
    // The same file for everyone on a day: kept in memory with a strong validator.
    let key = public_key("pdf", &site, &id, day);
    if let Some(page) = state.public_cached(&key) {
        return Ok(cached_response(&req, &page));
    }
    let renderer = state.renderer.clone();
    let (bytes, file_name) = state
        .db(move |store| {
            let (notice, doc) = load_notice(store, &id, &site, day)?;
            let file_name = format!(
                "protokoll-{}-{}.pdf",
                doc.body.short_name.to_lowercase(),
                doc.meeting.date
            );
            let index = record_index(&notice)
                .ok_or_else(|| WebError::NotFound("Tillkännagivandet finns inte.".into()))?;
            let kind = if !public_original(&notice, &doc) {
                publication::pdf_kind(index)
            } else if notice.is_immediate() {
                immediate_kind(&adjusted_paragraphs(&notice, &doc), true)
            } else {
                SIGNED_MINUTES.to_owned()
            };
            if let Some(stored) = store.latest_document(&notice.meeting_id, &kind)? {
                return Ok((stored.content, file_name));
            }
            // Only a notice posted before public copies were frozen gets here; its copy is
            // drawn from the same view as the page (or not at all).
            let view = frozen_view(store, &notice, &doc)?;
            let created = NoticeRow::date(&notice.posted_on)
                .and_then(|d| d.and_hms_opt(12, 0, 0))
                .unwrap_or_default();
            let rendered = renderer
                .public_view(&doc, &view, created)
                .map_err(|e| WebError::Unprocessable(crate::error::capitalize(&e.to_string())))?;
            Ok((rendered.bytes, file_name))
        })
        .await?;
    let file = Arc::new(CachedPage::new(
        bytes,
        "application/pdf",
        Some(format!("inline; filename=\"{file_name}\"")),
    ));
    state.store_public(key, file.clone());
    Ok(cached_response(&req, &file))
}

pub async fn ca_pem(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, WebError> {
    let site = Site::of(&req, &state);
    let pem = state
        .db(move |store| {
            let (org, _) = board_organization(store, &site)?;
            if store.get_ca(org)?.is_none() {
                return Err(WebError::NotFound(
                    "Organisationen har inget rotcertifikat ännu.".into(),
                ));
            }
            let cert = justera_service::ca::ca_certificate(store, org)?;
            justera_sign::ca::to_pem(&cert).map_err(|e| WebError::Internal(e.to_string()))
        })
        .await?;
    Ok(HttpResponse::Ok()
        .content_type("application/x-pem-file")
        .insert_header((
            header::CONTENT_DISPOSITION,
            "attachment; filename=\"justera-rotcertifikat.pem\"",
        ))
        .insert_header((header::CACHE_CONTROL, "public, max-age=3600"))
        .body(pem))
}

/// GET /anslagstavla/ca/{organization}.crl — the organization's certificate revocation list,
/// at the address every certificate it issued names (DER, RFC 5280). Made anew daily and when a
/// key is retired, when this server holds the master key; otherwise the one last made (by
/// another node or `justera ca sparrlista`).
pub async fn revocation_list(
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, WebError> {
    let not_found = || WebError::NotFound("Spärrlistan finns inte.".into());
    let organization: justera_domain::ids::OrganizationId = path
        .strip_suffix(".crl")
        .and_then(|id| id.parse().ok())
        .ok_or_else(not_found)?;
    let master = state.config.master_key.0;
    let list = state
        .db(move |store| {
            Ok(justera_service::ca::current_revocation_list(
                store,
                organization,
                master.as_ref(),
                session::now(),
            )?)
        })
        .await?
        .ok_or_else(not_found)?;
    Ok(HttpResponse::Ok()
        .content_type("application/pkix-crl")
        .insert_header((
            header::CONTENT_DISPOSITION,
            "attachment; filename=\"justera-sparrlista.crl\"",
        ))
        .insert_header((header::CACHE_CONTROL, "public, max-age=3600"))
        .body(list.content))
}

#[cfg(test)]
mod tests {
    #[test]
    fn fingerprints_are_grouped_in_pairs_once() {
        assert_eq!(super::group_hex("c93608"), "C9:36:08");
        assert_eq!(super::group_hex("C9:36:08:96"), "C9:36:08:96");
    }
}
