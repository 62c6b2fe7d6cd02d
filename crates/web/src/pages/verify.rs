//! The public verification page: upload a PDF, see each signature's verdict and whether the
//! file is a registered adjusted protocol. Nothing uploaded is stored.

use actix_multipart::Multipart;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use futures_util::StreamExt;
use justera_sign::verify::Coverage;

use super::{board_organization, html};
use crate::MAX_BODY;
use crate::error::WebError;
use crate::html::Chrome;
use crate::session;
use crate::site::Site;
use crate::state::AppState;

pub struct SignatureLines {
    pub signer: String,
    pub reason: String,
    pub lines: Vec<String>,
}

pub struct VerifyResult {
    pub file_name: String,
    pub ok: bool,
    pub summary: String,
    pub registered: String,
    pub sha256: String,
    pub signatures: Vec<SignatureLines>,
}

#[derive(Template)]
#[template(path = "verify.html")]
struct VerifyPage {
    chrome: Chrome,
    problem: Option<String>,
    result: Option<VerifyResult>,
}

async fn page(
    req: &HttpRequest,
    state: &web::Data<AppState>,
    problem: Option<String>,
    result: Option<VerifyResult>,
) -> Result<HttpResponse, WebError> {
    let session = session::current(req, state).await?;
    let site = Site::of(req, state);
    let name = state
        .db(move |store| Ok(board_organization(store, &site)?.1))
        .await?;
    html(&VerifyPage {
        chrome: Chrome::new(&name, session.as_ref()),
        problem,
        result,
    })
}

pub async fn form(req: HttpRequest, state: web::Data<AppState>) -> Result<HttpResponse, WebError> {
    page(&req, &state, None, None).await
}

/// Form fields before the file that are read (and dropped) at most.
const MAX_FIELDS: usize = 8;
/// Bytes of a field other than the file that are read at most.
const MAX_FIELD: usize = 4 * 1024;

/// Reads the first file field of the form, refusing more than [`MAX_BODY`] bytes, more than a
/// few other fields or large ones, and an upload slower than [`crate::verification::UPLOAD_TIMEOUT`].
async fn read_file(form: Multipart) -> Result<(String, Vec<u8>), String> {
    tokio::time::timeout(crate::verification::UPLOAD_TIMEOUT, read_fields(form))
        .await
        .unwrap_or_else(|_| Err("Filen kom inte fram i tid. Försök igen.".into()))
}

async fn read_fields(mut form: Multipart) -> Result<(String, Vec<u8>), String> {
    let broken = || "Filen kunde inte tas emot. Försök igen.".to_owned();
    let mut others = 0;
    while let Some(field) = form.next().await {
        let mut field = field.map_err(|_| broken())?;
        let name = field
            .content_disposition()
            .and_then(|d| d.get_filename())
            .map(|n| n.rsplit(['/', '\\']).next().unwrap_or(n).to_owned());
        let Some(file_name) = name else {
            others += 1;
            if others > MAX_FIELDS {
                return Err("Formuläret har för många fält.".into());
            }
            let mut size = 0;
            while let Some(chunk) = field.next().await {
                size += chunk.map_err(|_| broken())?.len();
                if size > MAX_FIELD {
                    return Err("Ett fält i formuläret är för stort.".into());
                }
            }
            continue;
        };
        let mut bytes = Vec::new();
        while let Some(chunk) = field.next().await {
            let chunk = chunk.map_err(|_| broken())?;
            if bytes.len() + chunk.len() > MAX_BODY {
                return Err("Filen är för stor (högst 20 MB).".into());
            }
            bytes.extend_from_slice(&chunk);
        }
        return Ok((file_name, bytes));
    }
    Err("Välj en PDF-fil att kontrollera.".into())
}

pub async fn upload(
    req: HttpRequest,
    state: web::Data<AppState>,
    form: Multipart,
) -> Result<HttpResponse, WebError> {
    let (file_name, bytes) = match read_file(form).await {
        Ok(f) => f,
        Err(problem) => return page(&req, &state, Some(problem), None).await,
    };
    if bytes.is_empty() {
        return page(&req, &state, Some("Filen är tom.".into()), None).await;
    }
    if !bytes.starts_with(b"%PDF-") {
        return page(
            &req,
            &state,
            Some(format!("{file_name} är inte en PDF-fil.")),
            None,
        )
        .await;
    }
    let site = Site::of(&req, &state);
    let verdict = match crate::verification::verify(&state, site, bytes).await {
        Ok(v) => v,
        Err(e @ (WebError::Internal(_) | WebError::Busy(_))) => return Err(e),
        Err(e) => {
            let problem = format!(
                "{file_name} kunde inte kontrolleras: {}",
                crate::error::capitalize(&e.to_string())
            );
            return page(&req, &state, Some(problem), None).await;
        }
    };
    let signatures = verdict
        .reports
        .iter()
        .map(|r| {
            let mut lines = vec![
                format!("Tidpunkt enligt signaturen: {}", pdf_time(&r.time)),
                if r.valid {
                    "Signaturen är giltig: innehållet har inte ändrats sedan signeringen.".into()
                } else {
                    "Signaturen är OGILTIG.".into()
                },
                if r.trusted {
                    "Certifikatet är utfärdat av organisationens certifikatutfärdare.".into()
                } else {
                    "Certifikatet är INTE utfärdat av organisationens certifikatutfärdare.".into()
                },
                match r.coverage {
                    Coverage::WholeFile => "Signaturen omfattar hela filen.".into(),
                    Coverage::Revision if r.changes_after.is_empty() => {
                        "Signaturen omfattar sin version av filen; därefter har bara signaturer lagts till.".into()
                    }
                    Coverage::Revision => format!(
                        "Efter signaturen har annat än signaturer lagts till: {}.",
                        r.changes_after.join(", ")
                    ),
                },
            ];
            if let Some(t) = &r.timestamp {
                lines.push(format!(
                    "Tidsstämpel från {}: {} ({}).",
                    t.authority,
                    t.time.format("%Y-%m-%d %H:%M:%S UTC"),
                    if t.valid { "giltig" } else { "ogiltig" }
                ));
            }
            lines.extend(r.problems.iter().map(|p| format!("Fel: {p}")));
            SignatureLines {
                signer: r.signer.clone(),
                reason: r.reason.clone(),
                lines,
            }
        })
        .collect();
    let summary = if verdict.reports.is_empty() {
        "Filen har inga digitala signaturer.".to_owned()
    } else if verdict.ok {
        "Alla signaturer är giltiga och utfärdade av organisationen, och filen har inte ändrats efter signeringen.".to_owned()
    } else {
        "Filen håller INTE: se detaljerna nedan.".to_owned()
    };
    let result = VerifyResult {
        file_name,
        ok: verdict.ok,
        summary,
        registered: if verdict.registered.is_some() {
            "Filen är ett registrerat justerat protokoll i Justera.".into()
        } else {
            "Filen finns inte bland de registrerade justerade protokollen.".into()
        },
        sha256: verdict.sha256,
        signatures,
    };
    page(&req, &state, None, Some(result)).await
}

/// "D:20241021180000+00'00'" as "2024-10-21 18:00:00 UTC".
fn pdf_time(t: &str) -> String {
    let d = t.trim_start_matches("D:");
    match (
        d.get(0..4),
        d.get(4..6),
        d.get(6..8),
        d.get(8..10),
        d.get(10..12),
        d.get(12..14),
    ) {
        (Some(y), Some(mo), Some(da), Some(h), Some(mi), Some(s)) => {
            format!("{y}-{mo}-{da} {h}:{mi}:{s} UTC")
        }
        _ => t.to_owned(),
    }
}
