//! The secretary's actions on a meeting, shared by the pages and the JSON API: who may edit,
//! one edit, and the workflow steps that freeze a document.

use actix_web::web;
use justera_domain::document::MeetingDocument;
use justera_domain::drafting::Edit;
use justera_domain::ids::MeetingId;
use justera_service::adjustment::{send_for_adjustment, start_immediate};
use justera_service::drafting::edit as apply_edit;
use justera_store::sessions::Session;

use crate::error::WebError;
use crate::session::now;
use crate::state::AppState;

pub fn parse_meeting(text: &str) -> Result<MeetingId, WebError> {
    text.parse()
        .map_err(|_| WebError::NotFound("Sammanträdet finns inte.".into()))
}

/// The secretary of the meeting's body, or an administrator of its organization.
pub fn may_edit(session: &Session, doc: &MeetingDocument) -> bool {
    session.user.organization_id == doc.organization.id
        && (session.user.account.is_administrator()
            || session.user.account.is_secretary_of(doc.body.id))
}

pub fn forbidden() -> WebError {
    WebError::Forbidden(
        "Bara organets sekreterare och administratörer kan arbeta med protokollet.".into(),
    )
}

/// Applies an edit for the signed-in secretary; returns the new revision and, for paragraph
/// edits, the paragraph's new fingerprint.
pub async fn run_edit(
    state: &web::Data<AppState>,
    session: &Session,
    id: MeetingId,
    edit: Edit,
    origin: Option<String>,
) -> Result<(i64, Option<String>), WebError> {
    let username = session.user.account.username.clone();
    let organization = session.user.organization_id;
    let turn = state.write_turn(organization).await;
    let result = state
        .db(move |store| {
            let edited = apply_edit(store, organization, id, &username, edit)?;
            Ok((edited.revision, edited.fingerprint))
        })
        .await;
    drop(turn);
    let result = result?;
    crate::observe::METRICS
        .edits
        .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    state.invalidate();
    state.notify_from(id, origin);
    Ok(result)
}

pub async fn start_immediate_for(
    state: &web::Data<AppState>,
    session: &Session,
    id: MeetingId,
    numbers: Vec<u32>,
) -> Result<(), WebError> {
    freeze(state, session, id, move |store, renderer, username| {
        start_immediate(store, renderer, id, &numbers, username, now()).map(drop)
    })
    .await
}

pub async fn send_for_adjustment_for(
    state: &web::Data<AppState>,
    session: &Session,
    id: MeetingId,
) -> Result<(), WebError> {
    freeze(state, session, id, move |store, renderer, username| {
        send_for_adjustment(store, renderer, id, username, now()).map(drop)
    })
    .await
}

/// A workflow step that renders and freezes a document (immediate adjustment, sending for
/// adjustment): for the body's secretary or an administrator; the live pages are told.
async fn freeze(
    state: &web::Data<AppState>,
    session: &Session,
    id: MeetingId,
    step: impl FnOnce(
        &mut justera_store::Store,
        &justera_pdf::Renderer,
        &str,
    ) -> Result<(), justera_service::ServiceError>
    + Send
    + 'static,
) -> Result<(), WebError> {
    let renderer = state.renderer.clone();
    let session = session.clone();
    state
        .db(move |store| {
            let doc = store.load_meeting(id)?.document;
            if !may_edit(&session, &doc) {
                return Err(forbidden());
            }
            step(store, &renderer, &session.user.account.username)?;
            crate::observe::METRICS
                .documents_rendered
                .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            Ok(())
        })
        .await?;
    state.invalidate();
    state.notify(id);
    Ok(())
}
