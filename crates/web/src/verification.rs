//! The one verification action shared by the public page and the API: the site's CA is read
//! from the database, the untrusted file is checked with no database connection held, under a
//! bound on how many files are checked at once, and the register is consulted last.

use std::time::Duration;

use actix_web::web;
use justera_service::verify::{Verdict, authorities, registered, verify_bytes};

use crate::error::WebError;
use crate::pages::board_organization;
use crate::site::Site;
use crate::state::AppState;

/// Files checked at the same time by one server; each may take up to about 200 MB while it is
/// parsed (see `justera_sign::scan::Limits`).
pub const CONCURRENT: usize = 2;

/// How long a request waits for its turn before it is told to try again.
const WAIT: Duration = Duration::from_secs(10);

/// Verifies `bytes` for the organization of `site`.
pub async fn verify(
    state: &web::Data<AppState>,
    site: Site,
    bytes: Vec<u8>,
) -> Result<Verdict, WebError> {
    let cas = state
        .db(move |store| {
            let (org, _) = board_organization(store, &site)?;
            Ok(authorities(store, Some(org))?)
        })
        .await?;
    let permit = tokio::time::timeout(WAIT, state.verifications.acquire())
        .await
        .map_err(|_| busy())?
        .map_err(|_| busy())?;
    let for_check = cas.clone();
    let verdict = web::block(move || verify_bytes(&bytes, &for_check))
        .await
        .map_err(|_| WebError::Internal("arbetstråden avbröts".into()))?;
    drop(permit);
    let mut verdict = verdict?;
    let sha = verdict.sha256.clone();
    verdict.registered = state
        .db(move |store| Ok(registered(store, &sha, &cas)?))
        .await?;
    Ok(verdict)
}

fn busy() -> WebError {
    WebError::Busy("Många filer kontrolleras just nu. Försök igen om en stund.".into())
}

/// How long an upload may take to arrive (a client trickling bytes holds a connection, not
/// the server).
pub const UPLOAD_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(60);

/// Reads an uploaded file sent as the request body: at most [`crate::MAX_BODY`] bytes (413
/// past it) within [`UPLOAD_TIMEOUT`].
pub async fn read_body(mut payload: actix_web::web::Payload) -> Result<Vec<u8>, WebError> {
    use futures_util::StreamExt;
    let read = async {
        let mut bytes = Vec::new();
        while let Some(chunk) = payload.next().await {
            let chunk =
                chunk.map_err(|_| WebError::BadRequest("Filen kunde inte tas emot.".into()))?;
            if bytes.len() + chunk.len() > crate::MAX_BODY {
                return Err(WebError::TooLarge(
                    "Filen är för stor (högst 20 MB).".into(),
                ));
            }
            bytes.extend_from_slice(&chunk);
        }
        Ok(bytes)
    };
    tokio::time::timeout(UPLOAD_TIMEOUT, read)
        .await
        .unwrap_or_else(|_| {
            Err(WebError::BadRequest(
                "Filen kom inte fram i tid. Försök igen.".into(),
            ))
        })
}
