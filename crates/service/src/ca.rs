//! The organization's certificate authority, its key sealed under the master key.

use chrono::Timelike;
use justera_domain::ids::OrganizationId;
use justera_sign::ca::{CertificateAuthority, fingerprint, to_der};
use justera_sign::keys::{open_with_master, parse_master_key, seal_with_master};
use justera_store::Store;
use justera_store::accounts::CaRecord;
use x509_cert::Certificate;

use crate::error::ServiceError;

/// The master key from `JUSTERA_MASTER_KEY` (64 hex digits) or the file named by
/// `JUSTERA_MASTER_KEY_FILE`. Never logged.
pub fn master_key_from_env() -> Result<[u8; 32], ServiceError> {
    if let Ok(hex_text) = std::env::var("JUSTERA_MASTER_KEY") {
        return Ok(parse_master_key(&hex_text)?);
    }
    if let Ok(path) = std::env::var("JUSTERA_MASTER_KEY_FILE") {
        let text = std::fs::read_to_string(path).map_err(|_| ServiceError::NoMasterKey)?;
        return Ok(parse_master_key(&text)?);
    }
    Err(ServiceError::NoMasterKey)
}

static TSA_URL: std::sync::OnceLock<String> = std::sync::OnceLock::new();

/// The time-stamping authority from the settings file, for the process (the environment still
/// wins). Set once at start.
pub fn set_tsa_url(url: &str) {
    let _ = TSA_URL.set(url.trim().to_owned());
}

/// The time-stamping authority from `JUSTERA_TSA_URL` (or the settings file), if one is
/// configured: signatures then carry an RFC 3161 time-stamp (PAdES B-T). Empty means none.
pub fn timestamper_from_env() -> Result<Option<justera_sign::timestamp::HttpTsa>, ServiceError> {
    let url = std::env::var("JUSTERA_TSA_URL")
        .ok()
        .filter(|u| !u.trim().is_empty())
        .or_else(|| TSA_URL.get().cloned().filter(|u| !u.is_empty()));
    match url {
        Some(url) => Ok(Some(justera_sign::timestamp::HttpTsa::new(&url)?)),
        None => Ok(None),
    }
}

static PUBLIC_URL: std::sync::OnceLock<String> = std::sync::OnceLock::new();

/// The installation's public address from the settings file ("https://protokoll.kommun.se"),
/// for the process (`JUSTERA_PUBLIC_URL` still wins). Set once at start.
pub fn set_public_url(url: &str) {
    let _ = PUBLIC_URL.set(url.trim().trim_end_matches('/').to_owned());
}

/// Where the organization's revocation list is published, as every certificate it issues
/// names it: `{public address}/anslagstavla/ca/{organization}.crl`. Without a public address
/// (a local trial) certificates name none.
pub fn revocation_url(organization: OrganizationId) -> Option<String> {
    let base = std::env::var("JUSTERA_PUBLIC_URL")
        .ok()
        .map(|u| u.trim().trim_end_matches('/').to_owned())
        .filter(|u| !u.is_empty())
        .or_else(|| PUBLIC_URL.get().cloned().filter(|u| !u.is_empty()))?;
    Some(format!("{base}/anslagstavla/ca/{organization}.crl"))
}

static REVOCATION_MASTER: std::sync::OnceLock<[u8; 32]> = std::sync::OnceLock::new();

/// The master key this process may use to renew revocation lists (the server's, when it holds
/// one). Set once at start.
pub fn set_revocation_master(master: [u8; 32]) {
    let _ = REVOCATION_MASTER.set(master);
}

/// The master key for renewing revocation lists: the server's, else `JUSTERA_MASTER_KEY(_FILE)`.
pub fn revocation_master() -> Option<[u8; 32]> {
    REVOCATION_MASTER
        .get()
        .copied()
        .or_else(|| master_key_from_env().ok())
}

/// The revocation list is made anew when less than this is left of the published one's
/// validity (so daily, with [`justera_sign::crl::VALIDITY`] of eight days), and at once when a
/// key was retired after it was made.
const REFRESH_BEFORE: chrono::Duration = chrono::Duration::days(7);

fn system_time(at: chrono::NaiveDateTime) -> std::time::SystemTime {
    std::time::SystemTime::from(at.and_utc())
}

/// Makes, signs and keeps the organization's revocation list as of `now`.
pub fn publish_revocation_list(
    store: &mut Store,
    organization: OrganizationId,
    master: &[u8; 32],
    now: chrono::NaiveDateTime,
) -> Result<justera_store::revocation::RevocationList, ServiceError> {
    let ca = load_ca(store, organization, master)?;
    let revoked = store
        .retired_certificates(organization)?
        .iter()
        .map(|(der, at)| justera_sign::crl::Revoked::of(der, system_time(*at)))
        .collect::<Result<Vec<_>, _>>()?;
    // Seconds since 1970: increasing from list to list, on every node.
    let number = now.and_utc().timestamp().max(1);
    let now_second = now.with_nanosecond(0).unwrap_or(now);
    let content = ca.revocation_list(
        &revoked,
        system_time(now_second),
        u64::try_from(number).unwrap_or(1),
    )?;
    let validity = chrono::Duration::from_std(justera_sign::crl::VALIDITY)
        .unwrap_or(chrono::Duration::days(8));
    let list = justera_store::revocation::RevocationList {
        content,
        number,
        this_update: now_second,
        next_update: now_second + validity,
    };
    store.put_revocation_list(organization, &list)?;
    Ok(list)
}

/// The revocation list to serve at `now`: the kept one while it is current, else a new one
/// when the master key is at hand, else the kept one as it is (`None` before the first).
pub fn current_revocation_list(
    store: &mut Store,
    organization: OrganizationId,
    master: Option<&[u8; 32]>,
    now: chrono::NaiveDateTime,
) -> Result<Option<justera_store::revocation::RevocationList>, ServiceError> {
    let kept = store.revocation_list(organization)?;
    let retired = store.last_retirement(organization)?;
    let current = kept.as_ref().is_some_and(|k| {
        k.next_update - now > REFRESH_BEFORE && retired.is_none_or(|r| r <= k.this_update)
    });
    if current {
        return Ok(kept);
    }
    match master {
        Some(m) if store.get_ca(organization)?.is_some() => {
            Ok(Some(publish_revocation_list(store, organization, m, now)?))
        }
        _ => Ok(kept),
    }
}

/// A new random master key as hex, for a new installation.
pub fn new_master_key() -> String {
    use rand_core::RngCore;
    let mut key = [0u8; 32];
    rand_core::OsRng.fill_bytes(&mut key);
    key.iter().map(|b| format!("{b:02x}")).collect()
}

/// Creates the organization's CA; returns its SHA-256 fingerprint.
pub fn init_ca(
    store: &mut Store,
    organization: OrganizationId,
    organization_name: &str,
    master: &[u8; 32],
    actor: &str,
) -> Result<String, ServiceError> {
    if store.get_ca(organization)?.is_some() {
        return Err(ServiceError::Store(
            justera_store::StoreError::AlreadyExists {
                what: "organisationens certifikatutfärdare".into(),
            },
        ));
    }
    let ca = CertificateAuthority::create(organization_name)?;
    let fp = fingerprint(&ca.certificate)?;
    store.put_ca(
        organization,
        &CaRecord {
            certificate: to_der(&ca.certificate)?,
            sealed_key: seal_with_master(master, &ca.key_pkcs8()?)?,
            fingerprint: fp.clone(),
            created_at: justera_store::audit::now(),
        },
        actor,
    )?;
    Ok(fp)
}

/// The CA certificate (public).
pub fn ca_certificate(
    store: &mut Store,
    organization: OrganizationId,
) -> Result<Certificate, ServiceError> {
    use der::Decode;
    let record = store.get_ca(organization)?.ok_or(ServiceError::NoCa)?;
    Certificate::from_der(&record.certificate)
        .map_err(|e| ServiceError::Sign(justera_sign::SignError::Certificate(e.to_string())))
}

/// The CA with its private key, for issuing certificates.
pub fn load_ca(
    store: &mut Store,
    organization: OrganizationId,
    master: &[u8; 32],
) -> Result<CertificateAuthority, ServiceError> {
    let record = store.get_ca(organization)?.ok_or(ServiceError::NoCa)?;
    let key = open_with_master(master, &record.sealed_key)?;
    Ok(CertificateAuthority::from_parts(&record.certificate, &key)?)
}
