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

fn check_password(p: &str) -> Result<(), ServiceError> {
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
fn issue_key(
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

/// Checks a username and password; the same cost is spent for unknown users. A hash weaker than
/// the current cost is upgraded.
pub fn authenticate(
    store: &mut Store,
    organization: OrganizationId,
    username: &str,
    password: &str,
    costs: Costs,
) -> Result<UserRecord, ServiceError> {
    authenticate_at(
        store,
        organization,
        username,
        password,
        None,
        justera_store::audit::now(),
        costs,
    )
}

/// [`authenticate`] with the caller's network address and the time: logins are throttled per
/// account (5 failures in 15 minutes lock it for 15 minutes) and per address (20).
pub fn authenticate_at(
    store: &mut Store,
    organization: OrganizationId,
    username: &str,
    password: &str,
    address: Option<&str>,
    now: chrono::NaiveDateTime,
    costs: Costs,
) -> Result<UserRecord, ServiceError> {
    use justera_domain::throttle::{ACCOUNT, ADDRESS};
    let account_key = format!("user:{organization}:{username}");
    let address_key = address.map(|a| format!("addr:{a}"));
    let mut checks = vec![(account_key.clone(), ACCOUNT)];
    if let Some(k) = &address_key {
        checks.push((k.clone(), ADDRESS));
    }
    for (key, policy) in &checks {
        let failures = store.login_failures_since(key, policy.horizon(now))?;
        if let Some(until) = policy.locked_until(&failures, now) {
            return Err(ServiceError::Throttled {
                minutes: (until - now).num_minutes().max(1),
            });
        }
    }
    let fail = |store: &mut Store| -> Result<ServiceError, ServiceError> {
        for (key, _) in &checks {
            store.record_login_failure(key, now)?;
        }
        Ok(ServiceError::BadCredentials)
    };
    let Some(user) = store.find_user(organization, username)? else {
        passwords::verify_dummy(password, costs.login);
        return Err(fail(store)?);
    };
    if !passwords::verify(&user.password_hash, password) {
        return Err(fail(store)?);
    }
    store.clear_login_failures(&account_key)?;
    if passwords::needs_rehash(&user.password_hash, costs.login) {
        let hash = passwords::hash(password, costs.login)?;
        store.set_password(&user.id, &hash, None, username, "user.rehash")?;
    }
    Ok(user)
}

/// The second factor, for a user who has one: `code` must be the current TOTP code. Wrong or
/// missing codes count as failed logins (the same throttle as passwords). Users without a
/// second factor pass.
pub fn check_second_factor(
    store: &mut Store,
    user: &UserRecord,
    code: Option<&str>,
    now: chrono::NaiveDateTime,
) -> Result<(), ServiceError> {
    use justera_domain::throttle::ACCOUNT;
    let Some(secret) = store.totp_secret(&user.id)? else {
        return Ok(());
    };
    let key = format!("user:{}:{}", user.organization_id, user.account.username);
    let failures = store.login_failures_since(&key, ACCOUNT.horizon(now))?;
    if let Some(until) = ACCOUNT.locked_until(&failures, now) {
        return Err(ServiceError::Throttled {
            minutes: (until - now).num_minutes().max(1),
        });
    }
    let unix = u64::try_from(now.and_utc().timestamp()).unwrap_or(0);
    match code.map(str::trim).filter(|c| !c.is_empty()) {
        None => Err(ServiceError::SecondFactorMissing),
        Some(c) if justera_sign::totp::verify(&secret, c, unix) => Ok(()),
        Some(_) => {
            store.record_login_failure(&key, now)?;
            Err(ServiceError::SecondFactorWrong)
        }
    }
}

/// Turns the second factor on (returns the new secret, base32) or off.
pub fn set_second_factor(
    store: &mut Store,
    organization: OrganizationId,
    username: &str,
    on: bool,
    actor: &str,
) -> Result<Option<String>, ServiceError> {
    let user = store
        .find_user(organization, username)?
        .ok_or(ServiceError::BadCredentials)?;
    let secret = on.then(justera_sign::totp::new_secret);
    store.set_totp_secret(&user.id, secret.as_deref(), actor)?;
    Ok(secret)
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
    let user = authenticate(store, organization, username, old, costs)?;
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
    Ok(())
}
