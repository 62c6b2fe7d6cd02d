//! Verification of a PDF against the organization's CA and the register of adjusted protocols.

use justera_domain::ids::MeetingId;
use justera_sign::verify::{Report, all_ok, file_hash, verify};
use justera_store::Store;
use justera_store::documents::SIGNED_MINUTES;

use crate::ca::ca_certificate;
use crate::error::ServiceError;

/// The verdict on a file.
#[derive(Debug, Clone)]
pub struct Verdict {
    pub sha256: String,
    pub reports: Vec<Report>,
    /// The file is a registered signed protocol of this meeting.
    pub registered: Option<MeetingId>,
    /// Every signature valid and trusted, the last covering the whole file, nothing but
    /// signatures added after any of them.
    pub ok: bool,
}

/// Verifies `pdf` against the CA of every organization in the store (the one that vouches for
/// the signatures is used) and looks the file up among the registered signed protocols.
pub fn verify_file(store: &mut Store, pdf: &[u8]) -> Result<Verdict, ServiceError> {
    let sha = file_hash(pdf);
    let registered = store
        .find_document_by_hash(&sha)?
        .filter(|d| d.kind == SIGNED_MINUTES || d.kind.starts_with("immediate-signed:"))
        .and_then(|d| d.meeting_id.parse().ok());
    let mut best: Option<Vec<Report>> = None;
    for (org, _) in store.organizations()? {
        let Ok(ca) = ca_certificate(store, org) else {
            continue;
        };
        let reports = verify(pdf, &ca)?;
        let trusted = reports.iter().any(|r| r.trusted);
        if trusted || best.is_none() {
            best = Some(reports);
            if trusted {
                break;
            }
        }
    }
    let reports = match best {
        Some(r) => r,
        None => return Err(ServiceError::NoCa),
    };
    Ok(Verdict {
        sha256: sha,
        ok: all_ok(&reports),
        reports,
        registered,
    })
}
