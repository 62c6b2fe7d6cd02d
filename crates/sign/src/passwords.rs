//! Login passwords: Argon2id PHC strings with their parameters, upgraded on login when the
//! configured cost rises; unknown users cost the same time as known ones.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Argon2, Params};
use rand_core::OsRng;

use crate::error::SignError;
use crate::keys::KdfParams;

/// The cost used for new hashes. 64 MiB, 3 passes, 1 lane: above OWASP's minimum
/// (19 MiB, 2 passes) and about 100–150 ms on the 2-core reference machine (see the bench).
pub const LOGIN_PARAMS: KdfParams = KdfParams {
    memory_kib: 64 * 1024,
    iterations: 3,
    lanes: 1,
};

fn argon2(p: KdfParams) -> Result<Argon2<'static>, SignError> {
    crate::keys::argon2id(p, None)
}

/// Hashes a password with `params` into a PHC string.
pub fn hash(password: &str, params: KdfParams) -> Result<String, SignError> {
    let salt = SaltString::generate(&mut OsRng);
    argon2(params)?
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| SignError::Kdf(e.to_string()))
}

/// Whether `password` matches the PHC string.
pub fn verify(phc: &str, password: &str) -> bool {
    let Ok(parsed) = PasswordHash::new(phc) else {
        return false;
    };
    Argon2::default()
        .verify_password(password.as_bytes(), &parsed)
        .is_ok()
}

/// Spends the time of one verification for a user that does not exist, so a login's timing
/// does not reveal which usernames exist.
pub fn verify_dummy(password: &str, params: KdfParams) {
    static DUMMY_SALT: &str = "anVzdGVyYWR1bW15c2FsdA";
    if let (Ok(a), Ok(salt)) = (argon2(params), SaltString::from_b64(DUMMY_SALT)) {
        let _ = a.hash_password(password.as_bytes(), &salt);
    }
}

/// Whether a stored hash is weaker than `params` and should be replaced after a successful
/// login.
pub fn needs_rehash(phc: &str, params: KdfParams) -> bool {
    let Ok(parsed) = PasswordHash::new(phc) else {
        return true;
    };
    let Ok(p) = Params::try_from(&parsed) else {
        return true;
    };
    parsed.algorithm.as_str() != "argon2id"
        || p.m_cost() < params.memory_kib
        || p.t_cost() < params.iterations
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    const FAST: KdfParams = KdfParams {
        memory_kib: 1024,
        iterations: 1,
        lanes: 1,
    };

    #[test]
    fn hash_verify_and_upgrade() {
        let h = hash("Sommar2026!", FAST).unwrap();
        assert!(h.starts_with("$argon2id$v=19$m=1024,t=1,p=1$"));
        assert!(verify(&h, "Sommar2026!"));
        assert!(!verify(&h, "sommar2026!"));
        assert!(!verify("not a hash", "x"));
        assert!(needs_rehash(&h, LOGIN_PARAMS));
        assert!(!needs_rehash(&h, FAST));
        verify_dummy("x", FAST);
    }
}

#[cfg(test)]
mod key_cost {
    use crate::keys::KdfParams;

    #[test]
    fn sealed_keys_cost_at_least_the_login_hash() {
        let key = KdfParams::default();
        let login = super::LOGIN_PARAMS;
        assert!(key.memory_kib >= login.memory_kib && key.iterations >= login.iterations);
    }
}
