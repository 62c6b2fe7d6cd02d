//! Private keys at rest. A user's signing key is encrypted under a key derived from the user's
//! password with Argon2id (own salt), so only the user, entering the password at the moment of
//! signing, can sign. The CA key is encrypted under the installation's master key.
//! Format: `justera-key/1` | argon2 params | salt | nonce | ChaCha20-Poly1305 ciphertext.

use argon2::{Algorithm, Argon2, Params, Version};
use chacha20poly1305::aead::{Aead, KeyInit};
use chacha20poly1305::{ChaCha20Poly1305, Key, Nonce};
use p256::ecdsa::SigningKey;
use p256::pkcs8::{DecodePrivateKey, EncodePrivateKey};
use rand_core::{OsRng, RngCore};

use crate::error::SignError;

const MAGIC: &[u8] = b"justera-key/1";

/// Argon2id cost. Defaults: the login hash's 64 MiB, 3 passes, 1 lane — a stolen sealed key
/// must cost a guesser at least what the password hash beside it costs. The parameters are
/// kept with each key, so keys sealed under older ones still open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KdfParams {
    pub memory_kib: u32,
    pub iterations: u32,
    pub lanes: u32,
}

impl Default for KdfParams {
    fn default() -> Self {
        Self {
            memory_kib: 64 * 1024,
            iterations: 3,
            lanes: 1,
        }
    }
}

/// Argon2id with `p`; `output_len` for raw key derivation, `None` for PHC hashes.
pub(crate) fn argon2id(
    p: KdfParams,
    output_len: Option<usize>,
) -> Result<Argon2<'static>, SignError> {
    let params = Params::new(p.memory_kib, p.iterations, p.lanes, output_len)
        .map_err(|e| SignError::Kdf(e.to_string()))?;
    Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
}

fn derive(password: &[u8], salt: &[u8], p: KdfParams) -> Result<[u8; 32], SignError> {
    let mut out = [0u8; 32];
    argon2id(p, Some(32))?
        .hash_password_into(password, salt, &mut out)
        .map_err(|e| SignError::Kdf(e.to_string()))?;
    Ok(out)
}

fn seal(key: &[u8; 32], plaintext: &[u8], header: &[u8]) -> Result<Vec<u8>, SignError> {
    let mut nonce = [0u8; 12];
    OsRng.fill_bytes(&mut nonce);
    let cipher = ChaCha20Poly1305::new(Key::from_slice(key));
    let ciphertext = cipher
        .encrypt(
            Nonce::from_slice(&nonce),
            chacha20poly1305::aead::Payload {
                msg: plaintext,
                aad: header,
            },
        )
        .map_err(|_| SignError::BadKey)?;
    let mut out = header.to_vec();
    out.extend_from_slice(&nonce);
    out.extend_from_slice(&ciphertext);
    Ok(out)
}

fn open(key: &[u8; 32], header: &[u8], rest: &[u8]) -> Result<Vec<u8>, SignError> {
    let (nonce, ciphertext) = rest.split_at_checked(12).ok_or(SignError::BadKey)?;
    ChaCha20Poly1305::new(Key::from_slice(key))
        .decrypt(
            Nonce::from_slice(nonce),
            chacha20poly1305::aead::Payload {
                msg: ciphertext,
                aad: header,
            },
        )
        .map_err(|_| SignError::WrongPassword)
}

fn header(magic: &[u8], params: KdfParams, salt: &[u8; 16]) -> Vec<u8> {
    let mut h = magic.to_vec();
    for v in [params.memory_kib, params.iterations, params.lanes] {
        h.extend_from_slice(&v.to_be_bytes());
    }
    h.extend_from_slice(salt);
    h
}

/// Encrypts a signing key under a key derived from `password` with `params`.
pub fn seal_with_password(
    key: &SigningKey,
    password: &str,
    params: KdfParams,
) -> Result<Vec<u8>, SignError> {
    let pkcs8 = key.to_pkcs8_der().map_err(|_| SignError::BadKey)?;
    seal_under_password(MAGIC, pkcs8.as_bytes(), password, params)
}

/// Decrypts a signing key with the user's password. A wrong password gives
/// [`SignError::WrongPassword`].
pub fn open_with_password(sealed: &[u8], password: &str) -> Result<SigningKey, SignError> {
    let pkcs8 = open_under_password(MAGIC, sealed, password)?;
    SigningKey::from_pkcs8_der(&pkcs8).map_err(|_| SignError::BadKey)
}

const SECRET_MAGIC: &[u8] = b"justera-secret/1";

/// Encrypts a small secret of the user's (the TOTP secret) under their password, as their
/// signing key is: a copy of the database alone does not reveal it.
pub fn seal_secret(secret: &[u8], password: &str, params: KdfParams) -> Result<Vec<u8>, SignError> {
    seal_under_password(SECRET_MAGIC, secret, password, params)
}

/// Decrypts a secret sealed with [`seal_secret`]; a wrong password gives
/// [`SignError::WrongPassword`].
pub fn open_secret(sealed: &[u8], password: &str) -> Result<Vec<u8>, SignError> {
    open_under_password(SECRET_MAGIC, sealed, password)
}

/// The most memory a stored blob may ask the KDF for (a damaged or doctored row must not make
/// the server allocate gigabytes).
const MAX_MEMORY_KIB: u32 = 1024 * 1024;

fn seal_under_password(
    magic: &[u8],
    plaintext: &[u8],
    password: &str,
    params: KdfParams,
) -> Result<Vec<u8>, SignError> {
    let mut salt = [0u8; 16];
    OsRng.fill_bytes(&mut salt);
    let derived = derive(password.as_bytes(), &salt, params)?;
    seal(&derived, plaintext, &header(magic, params, &salt))
}

fn open_under_password(magic: &[u8], sealed: &[u8], password: &str) -> Result<Vec<u8>, SignError> {
    let rest = sealed.strip_prefix(magic).ok_or(SignError::BadKey)?;
    let (numbers, rest) = rest.split_at_checked(12).ok_or(SignError::BadKey)?;
    let (salt, rest) = rest.split_at_checked(16).ok_or(SignError::BadKey)?;
    let n = |i: usize| {
        numbers
            .get(i * 4..i * 4 + 4)
            .and_then(|b| <[u8; 4]>::try_from(b).ok())
            .map(u32::from_be_bytes)
            .ok_or(SignError::BadKey)
    };
    let params = KdfParams {
        memory_kib: n(0)?,
        iterations: n(1)?,
        lanes: n(2)?,
    };
    if params.memory_kib > MAX_MEMORY_KIB || params.iterations > 64 || params.lanes > 16 {
        return Err(SignError::BadKey);
    }
    let salt: [u8; 16] = salt.try_into().map_err(|_| SignError::BadKey)?;
    let derived = derive(password.as_bytes(), &salt, params)?;
    open(&derived, &header(magic, params, &salt), rest)
}

/// Encrypts bytes (the CA key) under a 32-byte master key.
pub fn seal_with_master(master: &[u8; 32], plaintext: &[u8]) -> Result<Vec<u8>, SignError> {
    seal(master, plaintext, b"justera-master/1")
}

/// Decrypts bytes sealed with [`seal_with_master`].
pub fn open_with_master(master: &[u8; 32], sealed: &[u8]) -> Result<Vec<u8>, SignError> {
    let rest = sealed
        .strip_prefix(b"justera-master/1".as_slice())
        .ok_or(SignError::BadKey)?;
    open(master, b"justera-master/1", rest).map_err(|_| SignError::WrongMasterKey)
}

/// Parses a master key given as 64 hex digits.
pub fn parse_master_key(hex_text: &str) -> Result<[u8; 32], SignError> {
    let bytes = hex::decode(hex_text.trim()).map_err(|_| SignError::MasterKeyFormat)?;
    bytes.try_into().map_err(|_| SignError::MasterKeyFormat)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    const FAST: KdfParams = KdfParams {
        memory_kib: 1024,
        iterations: 1,
        lanes: 1,
    };

    #[test]
    fn secrets_are_sealed_under_the_password_and_not_interchangeable_with_keys() {
        let sealed = seal_secret(b"JBSWY3DPEHPK3PXP", "rätt lösenord", FAST).unwrap();
        assert!(!sealed.windows(16).any(|w| w == b"JBSWY3DPEHPK3PXP"));
        assert_eq!(
            open_secret(&sealed, "rätt lösenord").unwrap(),
            b"JBSWY3DPEHPK3PXP"
        );
        assert!(matches!(
            open_secret(&sealed, "fel lösenord"),
            Err(SignError::WrongPassword)
        ));
        assert!(open_with_password(&sealed, "rätt lösenord").is_err());
        // A doctored cost (16 GiB) is refused before anything is allocated.
        let mut doctored = sealed.clone();
        doctored[SECRET_MAGIC.len()..SECRET_MAGIC.len() + 4]
            .copy_from_slice(&u32::MAX.to_be_bytes());
        assert!(matches!(
            open_secret(&doctored, "rätt lösenord"),
            Err(SignError::BadKey)
        ));
    }

    #[test]
    fn password_round_trip_and_wrong_password() {
        let key = SigningKey::random(&mut OsRng);
        let sealed = seal_with_password(&key, "rätt lösenord", FAST).unwrap();
        let back = open_with_password(&sealed, "rätt lösenord").unwrap();
        assert_eq!(back.to_bytes(), key.to_bytes());
        assert!(matches!(
            open_with_password(&sealed, "fel lösenord"),
            Err(SignError::WrongPassword)
        ));
        let mut tampered = sealed.clone();
        if let Some(last) = tampered.last_mut() {
            *last ^= 1;
        }
        assert!(open_with_password(&tampered, "rätt lösenord").is_err());
    }

    #[test]
    fn master_key() {
        let master = parse_master_key(&"ab".repeat(32)).unwrap();
        let sealed = seal_with_master(&master, b"ca key").unwrap();
        assert_eq!(open_with_master(&master, &sealed).unwrap(), b"ca key");
        let other = parse_master_key(&"cd".repeat(32)).unwrap();
        assert!(matches!(
            open_with_master(&other, &sealed),
            Err(SignError::WrongMasterKey)
        ));
        assert!(parse_master_key("zz").is_err());
    }
}
