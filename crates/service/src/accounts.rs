//! Accounts: creating users (with a signing key and certificate from the organization's CA),
//! password changes and resets, and authentication.

use justera_domain::account::{Account, valid_username};
use justera_domain::ids::OrganizationId;
use justera_sign::keys::{KdfParams, open_with_password, seal_with_password};
use justera_sign::passwords::{self, LOGIN_PARAMS};
use justera_store::Store;
use justera_store::accounts::UserRecord;
use p256::ecdsa::SigningKey;

use crate::ca::load_ca;
use crate::error::ServiceError;

/// Costs, so tests can run fast; production uses [`Costs::default`].
#[derive(Debug, Clone, Copy)]
pub struct Costs {
    pub login: KdfParams,
    pub key: KdfParams,
}

impl Default for Costs {
    fn default() -> Self {
        Self {
            login: LOGIN_PARAMS,
            key: KdfParams::default(),
        }
    }
}

pub const MIN_PASSWORD: usize = 10;

pub(crate) fn check_password(p: &str) -> Result<(), ServiceError> {
    if p.chars().count() < MIN_PASSWORD {
        return Err(ServiceError::WeakPassword);
    }
    Ok(())
}

/// The organization whose CA issues signing certificates, and the master key that opens it.
#[derive(Clone, Copy)]
pub struct Issuer<'a> {
    pub organization: OrganizationId,
    pub organization_name: &'a str,
    pub master: &'a [u8; 32],
}

/// Issues a fresh key and certificate for `account`, sealed under `password`.
pub(crate) fn issue_key(
    store: &mut Store,
    issuer: Issuer<'_>,
    account: &Account,
    password: &str,
    costs: Costs,
) -> Result<(Vec<u8>, Vec<u8>), ServiceError> {
    let ca = load_ca(store, issuer.organization, issuer.master)?;
    let key = SigningKey::random(&mut rand_core::OsRng);
    let cert = ca.issue(
        key.verifying_key(),
        &account.display_name,
        issuer.organization_name,
        crate::ca::revocation_url(issuer.organization).as_deref(),
    )?;
    Ok((
        justera_sign::ca::to_der(&cert)?,
        seal_with_password(&key, password, costs.key)?,
    ))
}

/// Creates a user; every user gets a signing key and certificate (members sign as chair or
/// adjuster, secretaries as secretary).
pub fn create_user(
    store: &mut Store,
    issuer: Issuer<'_>,
    account: &Account,
    password: &str,
    costs: Costs,
    actor: &str,
) -> Result<String, ServiceError> {
    if !valid_username(&account.username) {
        return Err(ServiceError::BadUsername(account.username.clone()));
    }
    check_password(password)?;
    let (certificate, sealed) = issue_key(store, issuer, account, password, costs)?;
    let hash = passwords::hash(password, costs.login)?;
    let id = store.add_user(issuer.organization, account, &hash, actor)?;
    store.add_signing_key(&id, &certificate, &sealed, actor)?;
    Ok(id)
}

/// Where a login attempt comes from, for the throttle (see [`justera_domain::throttle`]).
#[derive(Debug, Clone, Copy, Default)]
pub struct Origin<'a> {
    /// The client's network address (behind a trusted proxy, the one the proxy saw).
    pub address: Option<&'a str>,
    /// The device cookie, if the browser sent one.
    pub device: Option<&'a str>,
}

/// A successful login.
#[derive(Debug, Clone)]
pub struct LoggedIn {
    pub user: UserRecord,
    /// A new device cookie to set, when the login did not come from a device of the user's.
    pub new_device: Option<String>,
}

/// How long a device stays trusted after a login from it.
pub const DEVICE_DAYS: i64 = 180;

fn throttled(until: chrono::NaiveDateTime, now: chrono::NaiveDateTime) -> ServiceError {
    let seconds = (until - now).num_seconds().max(1);
    ServiceError::Throttled {
        minutes: (seconds + 59) / 60,
    }
}

pub(crate) fn random_token() -> String {
    use rand_core::RngCore;
    let mut bytes = [0u8; 32];
    rand_core::OsRng.fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A login with username and password. Each attempt is reserved in the throttle before the
/// password is hashed (atomically, so concurrent guesses cannot slip past the limit):
/// attempts from a device the user has logged in from count only in that device's bucket;
/// all others count per account and per address, with growing waits instead of a lock, so a
/// stranger can slow down guessing at an account but never keep its user out of their own
/// device. The same cost is spent for unknown users; a hash weaker than the current cost is
/// upgraded.
pub fn login(
    store: &mut Store,
    organization: OrganizationId,
    username: &str,
    password: &str,
    origin: Origin<'_>,
    now: chrono::NaiveDateTime,
    costs: Costs,
) -> Result<LoggedIn, ServiceError> {
    use justera_domain::throttle::{ACCOUNT, ADDRESS, DEVICE};
    let user = if valid_username(username) {
        store.find_user(organization, username)?
    } else {
        None
    };
    let device = match (origin.device, &user) {
        (Some(token), Some(u)) if token.len() <= 128 => store
            .trusted_device(token, now)?
            .filter(|(owner, _)| *owner == u.id)
            .map(|(_, hash)| format!("device:{hash}")),
        _ => None,
    };
    let account_key = format!("user:{organization}:{username}");
    let address_key = origin.address.map(|a| format!("addr:{a}"));
    let mut buckets: Vec<(&str, justera_domain::throttle::ThrottlePolicy)> = Vec::new();
    if let Some(d) = &device {
        buckets.push((d, DEVICE));
    } else {
        if valid_username(username) {
            buckets.push((&account_key, ACCOUNT));
        }
        if let Some(a) = address_key.as_deref().filter(|a| a.len() <= 64) {
            buckets.push((a, ADDRESS));
        }
    }
    let reservation = match store.reserve_attempt(&buckets, now)? {
        Ok(r) => r,
        Err(until) => return Err(throttled(until, now)),
    };
    // An invited user without a password yet costs the same as an unknown one.
    let Some(user) = user.filter(|u| u.password_hash != crate::users::NO_PASSWORD) else {
        passwords::verify_dummy(password, costs.login);
        return Err(ServiceError::BadCredentials);
    };
    if !passwords::verify(&user.password_hash, password) {
        return Err(ServiceError::BadCredentials);
    }
    // Told only to whoever knows the password.
    if user.disabled_at.is_some() {
        return Err(ServiceError::AccountDisabled);
    }
    let clear: Vec<&str> = device.as_deref().into_iter().collect();
    store.release_attempt(&reservation, &clear)?;
    if passwords::needs_rehash(&user.password_hash, costs.login) {
        let hash = passwords::hash(password, costs.login)?;
        store.set_password(&user.id, &hash, None, username, "user.rehash")?;
    }
    let new_device = if device.is_none() {
        let token = random_token();
        store.add_trusted_device(
            &user.id,
            &token,
            now,
            now + chrono::Duration::days(DEVICE_DAYS),
        )?;
        Some(token)
    } else {
        None
    };
    Ok(LoggedIn { user, new_device })
}

/// A signed-in user confirms with their password (to sign, or to change it). Only their own
/// attempts count, in a bucket of their own: failed logins by others never stop them.
pub fn confirm_password(
    store: &mut Store,
    organization: OrganizationId,
    username: &str,
    password: &str,
    now: chrono::NaiveDateTime,
    costs: Costs,
) -> Result<UserRecord, ServiceError> {
    use justera_domain::throttle::SIGNED_IN;
    let user = store
        .find_user(organization, username)?
        .ok_or(ServiceError::BadCredentials)?;
    let key = format!("sign:{}", user.id);
    let reservation = match store.reserve_attempt(&[(&key, SIGNED_IN)], now)? {
        Ok(r) => r,
        Err(until) => return Err(throttled(until, now)),
    };
    if !passwords::verify(&user.password_hash, password) {
        return Err(ServiceError::WrongPassword);
    }
    if user.disabled_at.is_some() {
        return Err(ServiceError::AccountDisabled);
    }
    store.release_attempt(&reservation, &[])?;
    if passwords::needs_rehash(&user.password_hash, costs.login) {
        let hash = passwords::hash(password, costs.login)?;
        store.set_password(&user.id, &hash, None, username, "user.rehash")?;
    }
    Ok(user)
}

/// How a TOTP secret is stored: sealed under the user's password (hex after this prefix).
/// Rows written before secrets were sealed hold the base32 text and are sealed at the next
/// successful check.
const SEALED_TOTP: &str = "sealed:";

fn seal_totp(secret: &str, password: &str) -> Result<String, ServiceError> {
    let sealed =
        justera_sign::keys::seal_secret(secret.as_bytes(), password, KdfParams::default())?;
    Ok(format!("{SEALED_TOTP}{}", hex::encode(sealed)))
}

/// The base32 secret from its stored form, opened with the password; and whether it still
/// has to be sealed.
fn open_totp(stored: &str, password: &str) -> Result<(String, bool), ServiceError> {
    let Some(hex_text) = stored.strip_prefix(SEALED_TOTP) else {
        return Ok((stored.to_owned(), true));
    };
    let sealed = hex::decode(hex_text)
        .map_err(|_| justera_store::StoreError::Corrupt("tvåstegshemligheten".into()))?;
    let secret = justera_sign::keys::open_secret(&sealed, password).map_err(|e| match e {
        justera_sign::SignError::WrongPassword => ServiceError::WrongPassword,
        other => other.into(),
    })?;
    let text = String::from_utf8(secret)
        .map_err(|_| justera_store::StoreError::Corrupt("tvåstegshemligheten".into()))?;
    Ok((text, false))
}

/// The second factor, for a user who has one: `code` must be a current TOTP code not used
/// before (each time step is accepted once). The secret is sealed under the user's password,
/// so the password just given opens it. Wrong codes are throttled in the user's own bucket.
/// Users without a second factor pass.
pub fn check_second_factor(
    store: &mut Store,
    user: &UserRecord,
    code: Option<&str>,
    password: &str,
    now: chrono::NaiveDateTime,
) -> Result<(), ServiceError> {
    use justera_domain::throttle::SIGNED_IN;
    let Some(stored) = store.totp_secret(&user.id)? else {
        return Ok(());
    };
    let Some(code) = code.map(str::trim).filter(|c| !c.is_empty()) else {
        return Err(ServiceError::SecondFactorMissing);
    };
    let key = format!("totp:{}", user.id);
    let reservation = match store.reserve_attempt(&[(&key, SIGNED_IN)], now)? {
        Ok(r) => r,
        Err(until) => return Err(throttled(until, now)),
    };
    let (secret, unsealed) = open_totp(&stored, password)?;
    let unix = u64::try_from(now.and_utc().timestamp()).unwrap_or(0);
    let step = justera_sign::totp::matching_step(&secret, code, unix)
        .and_then(|s| i64::try_from(s).ok())
        .ok_or(ServiceError::SecondFactorWrong)?;
    if !store.accept_totp_step(&user.id, step)? {
        return Err(ServiceError::SecondFactorUsed);
    }
    store.release_attempt(&reservation, &[])?;
    if unsealed {
        store.replace_totp_secret(&user.id, &seal_totp(&secret, password)?)?;
    }
    Ok(())
}

/// Turns the second factor on (returns the new secret, base32, sealed under the user's
/// password, which they give at enrolment) or off (`password` is then not needed).
pub fn set_second_factor(
    store: &mut Store,
    organization: OrganizationId,
    username: &str,
    on: Option<&str>,
    actor: &str,
) -> Result<Option<String>, ServiceError> {
    let user = store
        .find_user(organization, username)?
        .ok_or(ServiceError::BadCredentials)?;
    let Some(password) = on else {
        store.set_totp_secret(&user.id, None, actor)?;
        return Ok(None);
    };
    if !passwords::verify(&user.password_hash, password) {
        return Err(ServiceError::BadCredentials);
    }
    let secret = justera_sign::totp::new_secret();
    store.set_totp_secret(&user.id, Some(&seal_totp(&secret, password)?), actor)?;
    Ok(Some(secret))
}

/// The user changes their own password: the signing key is sealed anew under the new one.
pub fn change_password(
    store: &mut Store,
    organization: OrganizationId,
    username: &str,
    old: &str,
    new: &str,
    costs: Costs,
) -> Result<(), ServiceError> {
    check_password(new)?;
    let user = confirm_password(
        store,
        organization,
        username,
        old,
        justera_store::audit::now(),
        costs,
    )?;
    let key = store
        .current_signing_key(&user.id)?
        .ok_or_else(|| ServiceError::NoSigningKey {
            user: username.to_owned(),
        })?;
    let signing_key = open_with_password(&key.sealed_key, old)?;
    let sealed = seal_with_password(&signing_key, new, costs.key)?;
    let hash = passwords::hash(new, costs.login)?;
    store.set_password(
        &user.id,
        &hash,
        Some((&key.certificate, &sealed)),
        username,
        "user.passwd",
    )?;
    // The second factor's secret follows the password.
    if let Some(stored) = store.totp_secret(&user.id)? {
        let (secret, _) = open_totp(&stored, old)?;
        store.replace_totp_secret(&user.id, &seal_totp(&secret, new)?)?;
    }
    Ok(())
}

/// An administrator resets a password: the old key cannot be opened, so a new key and
/// certificate are issued. Signatures made with the old key stay valid.
pub fn reset_password(
    store: &mut Store,
    issuer: Issuer<'_>,
    username: &str,
    new: &str,
    costs: Costs,
    actor: &str,
) -> Result<(), ServiceError> {
    check_password(new)?;
    let user = store
        .find_user(issuer.organization, username)?
        .ok_or(ServiceError::BadCredentials)?;
    let (certificate, sealed) = issue_key(store, issuer, &user.account, new, costs)?;
    let hash = passwords::hash(new, costs.login)?;
    store.set_password(
        &user.id,
        &hash,
        Some((&certificate, &sealed)),
        actor,
        "user.reset",
    )?;
    // A second factor sealed under the forgotten password cannot be opened: it is turned off
    // and the user enrols again.
    if store.totp_secret(&user.id)?.is_some() {
        store.set_totp_secret(&user.id, None, actor)?;
    }
    Ok(())
}
