//! Verification of a PDF against an organization's CA and the register of adjusted protocols.
//!
//! The work is split so that a caller holding a database connection holds it only to read the
//! certificate authorities and the register: [`authorities`], then [`verify_bytes`] (no
//! database; the expensive and untrusted part), then [`registered`].

use justera_domain::ids::{MeetingId, OrganizationId};
use justera_sign::verify::{Report, all_ok, file_hash, verify};
use justera_store::Store;
use justera_store::documents::SIGNED_MINUTES;
use x509_cert::Certificate;

use crate::ca::ca_certificate;
use crate::error::ServiceError;

/// An organization's certificate authority, as the verifier trusts it.
#[derive(Debug, Clone)]
pub struct Authority {
    pub organization: OrganizationId,
    pub name: String,
    pub certificate: Certificate,
}

/// The verdict on a file.
#[derive(Debug, Clone)]
pub struct Verdict {
    pub sha256: String,
    pub reports: Vec<Report>,
    /// The organization whose CA issued the signers' certificates (the first signature's).
    pub issuer: Option<String>,
    /// The file is a registered signed protocol of this meeting.
    pub registered: Option<MeetingId>,
    /// Every signature valid and issued under the trusted CA(s), the last covering the whole
    /// file, nothing but signatures added after any of them.
    pub ok: bool,
}

/// The CAs to verify against: the given organization's only (an organization's own site), or
/// every organization's (the command line of an installation).
pub fn authorities(
    store: &mut Store,
    only: Option<OrganizationId>,
) -> Result<Vec<Authority>, ServiceError> {
    let mut out = Vec::new();
    for (organization, name) in store.organizations()? {
        if only.is_some_and(|o| o != organization) {
            continue;
        }
        if let Ok(certificate) = ca_certificate(store, organization) {
            out.push(Authority {
                organization,
                name,
                certificate,
            });
        }
    }
    if out.is_empty() {
        return Err(ServiceError::NoCa);
    }
    Ok(out)
}

/// Verifies the signatures of `pdf` against `authorities`; reads no database.
pub fn verify_bytes(pdf: &[u8], authorities: &[Authority]) -> Result<Verdict, ServiceError> {
    let cas: Vec<Certificate> = authorities.iter().map(|a| a.certificate.clone()).collect();
    let reports = verify(pdf, &cas)?;
    let issuer = reports
        .iter()
        .find_map(|r| r.issuer)
        .and_then(|i| authorities.get(i))
        .map(|a| a.name.clone());
    // All signatures must be issued under one and the same organization's CA.
    let one_issuer = reports
        .first()
        .and_then(|r| r.issuer)
        .is_some_and(|first| reports.iter().all(|r| r.issuer == Some(first)));
    Ok(Verdict {
        sha256: file_hash(pdf),
        ok: all_ok(&reports) && one_issuer,
        reports,
        issuer,
        registered: None,
    })
}

/// The meeting whose registered signed protocol has this SHA-256, within the organizations
/// of `authorities`.
pub fn registered(
    store: &mut Store,
    sha256: &str,
    authorities: &[Authority],
) -> Result<Option<MeetingId>, ServiceError> {
    let Some(document) = store
        .find_document_by_hash(sha256)?
        .filter(|d| d.kind == SIGNED_MINUTES || d.kind.starts_with("immediate-signed:"))
    else {
        return Ok(None);
    };
    let Ok(meeting_id) = document.meeting_id.parse::<MeetingId>() else {
        return Ok(None);
    };
    let organization = store.load_meeting(meeting_id)?.document.organization.id;
    Ok(authorities
        .iter()
        .any(|a| a.organization == organization)
        .then_some(meeting_id))
}

/// All three steps on one connection: for the command line and tests.
pub fn verify_file(
    store: &mut Store,
    only: Option<OrganizationId>,
    pdf: &[u8],
) -> Result<Verdict, ServiceError> {
    let authorities = authorities(store, only)?;
    let mut verdict = verify_bytes(pdf, &authorities)?;
    verdict.registered = registered(store, &verdict.sha256, &authorities)?;
    Ok(verdict)
}

/// The format name of [`validation_report`] (see docs/verification-report.md).
pub const REPORT_FORMAT: &str = "justera-valideringsrapport/1";

/// A validation report an archive can keep with the file: what was checked, when, by which
/// version, and per signature its level, time-stamp, revocation data and findings.
pub fn validation_report(
    verdict: &Verdict,
    file_name: &str,
    verified_at: chrono::DateTime<chrono::Utc>,
) -> serde_json::Value {
    use justera_sign::verify::Coverage;
    let signatures: Vec<serde_json::Value> = verdict
        .reports
        .iter()
        .map(|r| {
            serde_json::json!({
                "signer": r.signer,
                "role": r.reason,
                "signing_time": r.time,
                "level": r.level.as_str(),
                "valid": r.valid,
                "trusted": r.trusted,
                "covers": match r.coverage {
                    Coverage::WholeFile => "whole_file",
                    Coverage::Revision => "revision",
                },
                "revision_end": r.revision_end,
                "changes_after": r.changes_after,
                "problems": r.problems,
                "timestamp": r.timestamp.as_ref().map(|t| serde_json::json!({
                    "time": t.time.to_rfc3339(),
                    "authority": t.authority,
                    "valid": t.valid,
                    "problems": t.problems,
                })),
                "revocation_in_file": r.revocation_in_file,
            })
        })
        .collect();
    serde_json::json!({
        "format": REPORT_FORMAT,
        "verified_at": verified_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        "verifier": concat!("Justera ", env!("CARGO_PKG_VERSION")),
        "file": { "name": file_name, "sha256": verdict.sha256 },
        "ok": verdict.ok,
        "result": if verdict.ok { "Alla signaturer är giltiga" } else { "Filen är inte ett giltigt signerat protokoll" },
        "issuer": verdict.issuer,
        "registered_meeting": verdict.registered.map(|m| m.to_string()),
        "signatures": signatures,
    })
}
