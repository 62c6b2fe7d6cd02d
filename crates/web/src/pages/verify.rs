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
    /// The validation report as a `data:` address to save (nothing is kept on the server).
    pub report_href: String,
    pub report_name: String,
}

/// `text` as the data part of a `data:` address: unreserved ASCII as it is, the rest
/// percent-encoded byte by byte.
fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 2);
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
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
                // A broken signature proves nothing about who made it or whose certificate
                // it carries: no issuer is claimed for it.
                if !r.valid {
                    "Vem som signerat och vem som utfärdat certifikatet kan inte bekräftas, eftersom signaturen inte stämmer med filen.".into()
                } else if r.trusted {
                    "Certifikatet är utfärdat av organisationens certifikatutfärdare.".into()
                } else {
                    "Certifikatet är INTE utfärdat av organisationens certifikatutfärdare.".into()
                },
                match r.coverage {
                    Coverage::WholeFile => "Signaturen omfattar hela filen.".into(),
                    Coverage::Revision if r.changes_after.is_empty() => {
                        "Signaturen omfattar sin version av filen; därefter har bara signaturer och valideringsdata (certifikat och spärrlistor) lagts till.".into()
                    }
                    Coverage::Revision => format!(
                        "Efter signaturen har annat än signaturer och valideringsdata lagts till: {}.",
                        r.changes_after.join(", ")
                    ),
                },
            ];
            lines.push(format!(
                "Nivå: PAdES {} – {}.",
                r.level.as_str(),
                if r.revocation_in_file {
                    "spärrinformation finns i filen"
                } else {
                    "ingen spärrinformation i filen"
                }
            ));
            if let Some(t) = &r.timestamp {
                lines.push(format!(
                    "Tidsstämpel från {}: {} ({}).",
                    t.authority,
                    swedish_time(t.time.naive_utc()),
                    if t.valid { "giltig" } else { "ogiltig" }
                ));
            }
            lines.extend(r.problems.iter().map(|p| format!("Fel: {p}")));
            SignatureLines {
                signer: if r.valid {
                    r.signer.clone()
                } else {
                    format!("uppgiven signerare {} (kan inte bekräftas)", r.signer)
                },
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
    let report =
        justera_service::verify::validation_report(&verdict, &file_name, chrono::Utc::now());
    let report_name = format!(
        "valideringsrapport-{}.json",
        verdict.sha256.get(..12).unwrap_or_default()
    );
    let report_href = format!(
        "data:application/json;charset=utf-8,{}",
        percent_encode(&serde_json::to_string_pretty(&report).unwrap_or_default())
    );
    let result = VerifyResult {
        report_href,
        report_name,
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

/// A UTC instant as Swedish local time: "2024-10-21 kl. 20.00.00 (svensk tid)".
fn swedish_time(utc: chrono::NaiveDateTime) -> String {
    justera_domain::calendar::stockholm_time(utc)
        .format("%Y-%m-%d kl. %H.%M.%S (svensk tid)")
        .to_string()
}

/// A PDF date ("D:20241021180000+00'00'", "D:20241021200000+02'00'", "D:20241021180000Z")
/// as Swedish local time; a date that cannot be read is shown as written.
fn pdf_time(t: &str) -> String {
    let d = t.trim_start_matches("D:");
    let Some(local) = d
        .get(0..14)
        .and_then(|s| chrono::NaiveDateTime::parse_from_str(s, "%Y%m%d%H%M%S").ok())
    else {
        return t.to_owned();
    };
    let rest = d.get(14..).unwrap_or_default();
    let offset_minutes = match rest.chars().next() {
        Some(sign @ ('+' | '-')) => {
            let digits: String = rest.chars().filter(char::is_ascii_digit).collect();
            let hours: i64 = digits.get(0..2).and_then(|h| h.parse().ok()).unwrap_or(0);
            let minutes: i64 = digits.get(2..4).and_then(|m| m.parse().ok()).unwrap_or(0);
            let total = hours * 60 + minutes;
            if sign == '-' { -total } else { total }
        }
        _ => 0,
    };
    swedish_time(local - chrono::Duration::minutes(offset_minutes))
}

#[cfg(test)]
mod tests {
    #[test]
    fn pdf_times_in_swedish_local_time() {
        assert_eq!(
            super::pdf_time("D:20241021180000+00'00'"),
            "2024-10-21 kl. 20.00.00 (svensk tid)"
        );
        assert_eq!(
            super::pdf_time("D:20241021200000+02'00'"),
            "2024-10-21 kl. 20.00.00 (svensk tid)"
        );
        assert_eq!(
            super::pdf_time("D:20241202120000Z"),
            "2024-12-02 kl. 13.00.00 (svensk tid)"
        );
        assert_eq!(super::pdf_time("i går"), "i går");
    }
}
