//! The adjustment workflow over the store: send for adjustment (freeze and render), sign
//! (PAdES, in the body's order), reject or withdraw (signatures discarded), and the notice once
//! the last signature lands.

use chrono::{NaiveDateTime, TimeZone, Utc};
use justera_domain::ids::MeetingId;
use justera_domain::meeting::{MeetingStatus, SignerRole};
use justera_domain::protocol::signature_field_name;
use justera_pdf::Renderer;
use justera_sign::fields::{FieldPlace, Visible, add_signature_fields};
use justera_sign::keys::open_with_password;
use justera_sign::pades::{SignRequest, sign};
use justera_store::documents::{
    SIGNED_MINUTES, UNSIGNED_MINUTES, discard_documents, insert_document, latest_document,
};
use justera_store::{Store, audit, save_meeting_tx};

use crate::accounts::{Costs, confirm_password};
use crate::ca::ca_certificate;
use crate::error::ServiceError;
use crate::publication::Frozen;

/// What a signature led to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignOutcome {
    /// More signatures are needed.
    Signed { waiting_for: Vec<String> },
    /// The last required signature: adjusted on that date and the notice posted.
    Adjusted {
        adjusted_on: chrono::NaiveDate,
        posted: chrono::NaiveDate,
        last_appeal_day: chrono::NaiveDate,
    },
}

/// The user, if they are the body's secretary or an administrator.
pub(crate) fn require_secretary(
    store: &mut Store,
    doc: &justera_domain::document::MeetingDocument,
    username: &str,
    action: &str,
) -> Result<justera_store::accounts::UserRecord, ServiceError> {
    require_secretary_of(store, doc.organization.id, doc.body.id, username, action)
}

/// [`require_secretary`] for a body of an organization, without its meeting.
pub(crate) fn require_secretary_of(
    store: &mut Store,
    organization: justera_domain::ids::OrganizationId,
    body: justera_domain::ids::BodyId,
    username: &str,
    action: &str,
) -> Result<justera_store::accounts::UserRecord, ServiceError> {
    let user = store
        .find_user(organization, username)?
        .ok_or(ServiceError::BadCredentials)?;
    if !user.account.is_secretary_of(body) && !user.account.is_administrator() {
        return Err(ServiceError::NotAuthorized {
            user: username.to_owned(),
            action: action.to_owned(),
        });
    }
    Ok(user)
}

/// The role in which `identity` is a required signer of `pending`, if they are one.
fn signer_role(
    pending: &justera_domain::adjustment::PendingAdjustment,
    identity: &justera_domain::adjustment::SignerIdentity,
) -> Option<SignerRole> {
    signer_field(pending, identity).map(|(role, _)| role)
}

/// The role in which `identity` signs `pending` and the name of the signature field that is
/// theirs in the document (see `ProtocolView`'s signers).
fn signer_field(
    pending: &justera_domain::adjustment::PendingAdjustment,
    identity: &justera_domain::adjustment::SignerIdentity,
) -> Option<(SignerRole, String)> {
    pending
        .required
        .iter()
        .find(|r| r.is(identity))
        .map(|r| (r.role, signature_field_name(r.role, &r.name)))
}

/// The rendered document to be signed, with an empty signature field per signer where its
/// Underskrifter block has their place.
fn with_signature_fields(pdf: &justera_pdf::Rendered) -> Result<Vec<u8>, ServiceError> {
    let places: Vec<FieldPlace> = pdf
        .signature_slots
        .iter()
        .map(|s| FieldPlace {
            name: s.field.clone(),
            page: s.page,
            rect: s.rect,
        })
        .collect();
    Ok(add_signature_fields(&pdf.bytes, &places)?)
}

/// What a signature shows in its field: who signed, in which role, and when (Swedish time).
fn visible_signature(
    renderer: &Renderer,
    field: String,
    signer: &str,
    role: SignerRole,
    now: NaiveDateTime,
) -> Result<Visible, ServiceError> {
    let at = justera_domain::calendar::stockholm_time(now);
    let (width, height) = justera_pdf::SIGNATURE_FIELD;
    let appearance = renderer.signature_appearance(
        signer,
        &format!(
            "{}, {}",
            role.swedish().to_lowercase(),
            at.format("%Y-%m-%d %H:%M")
        ),
        width,
        height,
    )?;
    Ok(Visible { field, appearance })
}

/// The secretary (or an administrator) sends a closed meeting for adjustment: the minutes are
/// rendered once, frozen under their SHA-256, and editing is refused until withdrawn.
pub fn send_for_adjustment(
    store: &mut Store,
    renderer: &Renderer,
    meeting: MeetingId,
    username: &str,
    now: NaiveDateTime,
) -> Result<String, ServiceError> {
    let stored = store.load_meeting(meeting)?;
    let mut doc = stored.document;
    require_secretary(store, &doc, username, "skicka protokollet för justering")?;
    let pdf = with_signature_fields(&renderer.minutes(&doc, now)?)?;
    let sha = justera_store::documents::sha256_hex(&pdf);
    let ctx_doc = doc.clone();
    doc.meeting
        .start_adjustment(&ctx_doc.context(), sha.clone(), now.date())?;
    let id = meeting.to_string();
    let org = doc.organization.id.to_string();
    store.write_in(&org, |c| {
        save_meeting_tx(
            c,
            &doc.meeting,
            stored.revision,
            username,
            "adjustment.send",
        )?;
        insert_document(c, &id, UNSIGNED_MINUTES, &pdf)?;
        Ok(())
    })?;
    Ok(sha)
}

/// A required signer signs with their password. The signature is a PAdES incremental update of
/// the latest version; the last one adjusts the meeting and posts the notice.
pub fn sign_minutes(
    store: &mut Store,
    renderer: &Renderer,
    meeting: MeetingId,
    username: &str,
    password: &str,
    now: NaiveDateTime,
    costs: Costs,
) -> Result<SignOutcome, ServiceError> {
    let stored = store.load_meeting(meeting)?;
    let mut doc = stored.document;
    let org = doc.organization.clone();
    let user = confirm_password(store, org.id, username, password, now, costs)?;
    let identity = user.account.signer_identity();
    // The domain decides whether this user may sign now.
    let field = doc
        .meeting
        .pending_adjustment
        .as_ref()
        .and_then(|p| signer_field(p, &identity));
    let role = field.as_ref().map(|(role, _)| *role);
    let frozen = doc
        .meeting
        .pending_adjustment
        .as_ref()
        .map(|p| p.content_sha256.clone());
    let adjusted_on = doc.meeting.record_signature(&identity, now.date())?;
    let role = role.unwrap_or(SignerRole::Adjuster);
    let id = meeting.to_string();
    let base = document_to_sign(
        store,
        &id,
        SIGNED_MINUTES,
        UNSIGNED_MINUTES,
        frozen.as_deref().unwrap_or_default(),
    )?;
    let signer = Signer {
        user: &user,
        password,
        role,
        field: field.map(|(_, name)| name),
    };
    let signed = sign_with_user_key(store, renderer, &org, &signer, &base.content, now)?;
    let mut outcome = SignOutcome::Signed {
        waiting_for: doc
            .meeting
            .pending_adjustment
            .as_ref()
            .map(|p| p.next_signers().iter().map(|r| r.name.clone()).collect())
            .unwrap_or_default(),
    };
    let mut posted = None;
    if let Some(adjusted_on) = adjusted_on {
        let dates = doc.meeting.post_notice(&org)?;
        posted = doc.meeting.adjustments.len().checked_sub(1);
        outcome = SignOutcome::Adjusted {
            adjusted_on,
            posted: dates.posted,
            last_appeal_day: dates.last_appeal_day,
        };
    }
    let frozen = posted
        .map(|index| Frozen::prepare(renderer, &doc, index, now))
        .transpose()?;
    let org = doc.organization.id.to_string();
    store.write_in(&org, |c| {
        save_meeting_tx(
            c,
            &doc.meeting,
            stored.revision,
            username,
            "adjustment.sign",
        )?;
        insert_document(c, &id, SIGNED_MINUTES, &signed)?;
        if let Some(frozen) = &frozen {
            frozen.insert(c)?;
        }
        Ok(())
    })?;
    Ok(outcome)
}

/// The version the next signature goes on: the latest signed one, or else the unsigned original,
/// which must still be the one frozen when the adjustment started.
fn document_to_sign(
    store: &mut Store,
    meeting_id: &str,
    signed_kind: &str,
    unsigned_kind: &str,
    frozen_sha256: &str,
) -> Result<justera_store::documents::StoredDocument, ServiceError> {
    if let Some(d) = latest_document(store.connection(), meeting_id, signed_kind)? {
        return Ok(d);
    }
    let unsigned = latest_document(store.connection(), meeting_id, unsigned_kind)?
        .ok_or(ServiceError::NoDocument)?;
    if unsigned.sha256 != frozen_sha256 {
        return Err(ServiceError::FrozenContentChanged);
    }
    Ok(unsigned)
}

/// Who signs: the account, its password, the role, and the field that is theirs (if the
/// document has one).
struct Signer<'a> {
    user: &'a justera_store::accounts::UserRecord,
    password: &'a str,
    role: SignerRole,
    field: Option<String>,
}

/// Signs `pdf` with the user's key, opened with their password, filling their field.
fn sign_with_user_key(
    store: &mut Store,
    renderer: &Renderer,
    org: &justera_domain::organization::Organization,
    signer: &Signer<'_>,
    pdf: &[u8],
    now: NaiveDateTime,
) -> Result<Vec<u8>, ServiceError> {
    let Signer {
        user,
        password,
        role,
        ..
    } = *signer;
    let visible = signer
        .field
        .clone()
        .map(|name| visible_signature(renderer, name, &user.account.display_name, role, now))
        .transpose()?;
    let key_record =
        store
            .current_signing_key(&user.id)?
            .ok_or_else(|| ServiceError::NoSigningKey {
                user: user.account.username.clone(),
            })?;
    let key = open_with_password(&key_record.sealed_key, password)?;
    let certificate = {
        use der::Decode;
        x509_cert::Certificate::from_der(&key_record.certificate)
            .map_err(|e| justera_sign::SignError::Certificate(e.to_string()))?
    };
    let ca = ca_certificate(store, org.id)?;
    let tsa = crate::ca::timestamper_from_env()?;
    let signed = sign(
        pdf,
        &SignRequest {
            key: &key,
            certificate: &certificate,
            ca: &ca,
            name: user.account.display_name.clone(),
            reason: role.swedish().to_owned(),
            location: org.name.clone(),
            time: Utc.from_utc_datetime(&now),
            timestamper: tsa
                .as_ref()
                .map(|t| t as &dyn justera_sign::timestamp::Timestamper),
            visible,
        },
    )?;
    let long_term = with_validation_data(store, org.id, &signed, &key_record.certificate, &ca)?;
    // With a time-stamp authority, a document time-stamp over the signature and its validation
    // data (PAdES B-LTA): what keeps the signature verifiable after its certificates expire.
    match &tsa {
        Some(t) => Ok(justera_sign::doctimestamp::add(&long_term, t)?),
        None => Ok(long_term),
    }
}

/// Follows a signature with what validates it for as long as the protocol is kept (PAdES
/// B-LT): the signer's certificate, the CA's, and the CA's current revocation list in the
/// file's DSS. Without a revocation list yet (no master key at hand to make the first) the
/// certificates alone are added.
fn with_validation_data(
    store: &mut Store,
    organization: justera_domain::ids::OrganizationId,
    signed: &[u8],
    signer_certificate: &[u8],
    ca: &x509_cert::Certificate,
) -> Result<Vec<u8>, ServiceError> {
    let master = crate::ca::revocation_master();
    // The list as of the wall clock: it states revocations as they stand when it is made,
    // whatever time the signing step is recorded at (the demo's are in 2024).
    let made = chrono::Utc::now().naive_utc();
    let list = crate::ca::current_revocation_list(store, organization, master.as_ref(), made)?;
    let certificates = vec![signer_certificate.to_vec(), justera_sign::ca::to_der(ca)?];
    let crls: Vec<Vec<u8>> = list.into_iter().map(|l| l.content).collect();
    Ok(justera_sign::dss::add(signed, &certificates, &crls)?)
}

/// The document kind of an immediate adjustment of `paragraphs` ("immediate:161,162").
pub fn immediate_kind(paragraphs: &[u32], signed: bool) -> String {
    let list: Vec<String> = paragraphs.iter().map(u32::to_string).collect();
    format!(
        "immediate{}:{}",
        if signed { "-signed" } else { "" },
        list.join(",")
    )
}

/// At the meeting, the secretary starts the immediate adjustment of `paragraphs`: they are
/// marked and locked, and their document rendered and frozen.
pub fn start_immediate(
    store: &mut Store,
    renderer: &Renderer,
    meeting: MeetingId,
    paragraphs: &[u32],
    username: &str,
    now: NaiveDateTime,
) -> Result<String, ServiceError> {
    let stored = store.load_meeting(meeting)?;
    let mut doc = stored.document;
    require_secretary(store, &doc, username, "justera paragrafer omedelbart")?;
    let ctx_doc = doc.clone();
    doc.meeting.start_immediate_adjustment(
        &ctx_doc.context(),
        paragraphs,
        String::new(),
        now.date(),
    )?;
    let numbers = doc
        .meeting
        .pending_immediate
        .as_ref()
        .map(|p| p.paragraphs.clone())
        .unwrap_or_default();
    let pdf = with_signature_fields(&renderer.immediate(&doc, &numbers, now)?)?;
    let sha = justera_store::documents::sha256_hex(&pdf);
    if let Some(p) = doc.meeting.pending_immediate.as_mut() {
        p.adjustment.content_sha256 = sha.clone();
    }
    let id = meeting.to_string();
    let org = doc.organization.id.to_string();
    store.write_in(&org, |c| {
        save_meeting_tx(
            c,
            &doc.meeting,
            stored.revision,
            username,
            "immediate.start",
        )?;
        insert_document(c, &id, &immediate_kind(&numbers, false), &pdf)?;
        Ok(())
    })?;
    Ok(sha)
}

/// A required signer signs the immediate adjustment in progress. The last signature records the
/// adjustment with its own notice and appeal period.
pub fn sign_immediate(
    store: &mut Store,
    renderer: &Renderer,
    meeting: MeetingId,
    username: &str,
    password: &str,
    now: NaiveDateTime,
    costs: Costs,
) -> Result<SignOutcome, ServiceError> {
    let stored = store.load_meeting(meeting)?;
    let mut doc = stored.document;
    let org = doc.organization.clone();
    let user = confirm_password(store, org.id, username, password, now, costs)?;
    let identity = user.account.signer_identity();
    let pending = doc
        .meeting
        .pending_immediate
        .clone()
        .ok_or(justera_domain::DomainError::NoImmediateAdjustment)?;
    let field = signer_field(&pending.adjustment, &identity);
    let role = field
        .as_ref()
        .map_or(SignerRole::Adjuster, |(role, _)| *role);
    let record = doc
        .meeting
        .record_immediate_signature(&identity, now.date(), &org)?;
    let id = meeting.to_string();
    let signed_kind = immediate_kind(&pending.paragraphs, true);
    let base = document_to_sign(
        store,
        &id,
        &signed_kind,
        &immediate_kind(&pending.paragraphs, false),
        &pending.adjustment.content_sha256,
    )?;
    let signer = Signer {
        user: &user,
        password,
        role,
        field: field.map(|(_, name)| name),
    };
    let signed = sign_with_user_key(store, renderer, &org, &signer, &base.content, now)?;
    let outcome = match &record {
        Some(r) => {
            let dates = r.notice.as_ref().map(|n| n.dates);
            SignOutcome::Adjusted {
                adjusted_on: r.adjusted_on,
                posted: dates.map_or(r.adjusted_on, |d| d.posted),
                last_appeal_day: dates.map_or(r.adjusted_on, |d| d.last_appeal_day),
            }
        }
        None => SignOutcome::Signed {
            waiting_for: doc
                .meeting
                .pending_immediate
                .as_ref()
                .map(|p| {
                    p.adjustment
                        .next_signers()
                        .iter()
                        .map(|r| r.name.clone())
                        .collect()
                })
                .unwrap_or_default(),
        },
    };
    let posted = record
        .as_ref()
        .and_then(|r| r.notice.as_ref())
        .and_then(|_| doc.meeting.adjustments.len().checked_sub(1));
    let frozen = posted
        .map(|index| Frozen::prepare(renderer, &doc, index, now))
        .transpose()?;
    let org = doc.organization.id.to_string();
    store.write_in(&org, |c| {
        save_meeting_tx(c, &doc.meeting, stored.revision, username, "immediate.sign")?;
        insert_document(c, &id, &signed_kind, &signed)?;
        if let Some(frozen) = &frozen {
            frozen.insert(c)?;
        }
        Ok(())
    })?;
    Ok(outcome)
}

/// A required signer rejects with a comment, or the secretary withdraws: back to the draft,
/// every signature collected so far discarded, the reason in the audit log.
pub fn reject(
    store: &mut Store,
    meeting: MeetingId,
    username: &str,
    comment: &str,
    now: NaiveDateTime,
) -> Result<usize, ServiceError> {
    let comment = comment.trim();
    if comment.chars().count() > 4000 {
        return Err(justera_domain::DomainError::Invalid {
            field: "comment".into(),
            reason: "kommentaren får vara högst 4 000 tecken".into(),
        }
        .into());
    }
    justera_domain::text::check_printable("comment", "kommentaren", comment, true)?;
    let stored = store.load_meeting(meeting)?;
    let mut doc = stored.document;
    let user = store
        .find_user(doc.organization.id, username)?
        .ok_or(ServiceError::BadCredentials)?;
    let identity = user.account.signer_identity();
    let is_signer = doc
        .meeting
        .pending_adjustment
        .as_ref()
        .is_some_and(|p| signer_role(p, &identity).is_some());
    if !is_signer && !user.account.is_secretary_of(doc.body.id) {
        return Err(ServiceError::NotAuthorized {
            user: username.to_owned(),
            action: "avvisa justeringen".into(),
        });
    }
    if doc.meeting.status != MeetingStatus::UnderAdjustment {
        return Err(justera_domain::DomainError::WrongStatus {
            action: "avvisa justeringen".into(),
            status: doc.meeting.status.swedish().into(),
        }
        .into());
    }
    let role = doc
        .meeting
        .pending_adjustment
        .as_ref()
        .and_then(|p| signer_role(p, &identity))
        .map_or("Sekreterare", |r| r.swedish());
    let discarded = doc.meeting.abandon_adjustment()?;
    doc.meeting
        .rejections
        .push(justera_domain::meeting::Rejection {
            name: user.account.display_name.clone(),
            role: role.to_owned(),
            on: now,
            comment: comment.to_owned(),
        });
    let id = meeting.to_string();
    let org = doc.organization.id.to_string();
    store.write_in(&org, |c| {
        save_meeting_tx(
            c,
            &doc.meeting,
            stored.revision,
            username,
            "adjustment.reject",
        )?;
        discard_documents(c, &id)?;
        audit::append(
            c,
            &org,
            username,
            "adjustment.reject.comment",
            &id,
            &serde_json::json!({ "comment": comment, "discarded_signatures": discarded.len() })
                .to_string(),
        )?;
        Ok(())
    })?;
    Ok(discarded.len())
}
