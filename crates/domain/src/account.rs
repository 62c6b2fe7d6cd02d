//! Accounts and roles. Chair and adjusters are roles in a meeting, taken from the meeting's
//! data; the account links a user to the person (or, for the secretary, the name) they are.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::DomainError;
use crate::ids::{BodyId, PersonId};

/// A role a user holds in the organization.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "role", rename_all = "snake_case")]
pub enum Role {
    /// Manages accounts and settings.
    Administrator,
    /// Drafts and sends for adjustment the minutes of a body.
    Secretary { body: BodyId },
    /// An elected member; signs when the meeting names them chair or adjuster.
    Member,
}

/// A user as the rules see it (no password material).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Account {
    pub username: String,
    pub display_name: String,
    pub roles: Vec<Role>,
    /// The person this user is, for members.
    #[serde(default)]
    pub person: Option<PersonId>,
}

impl Account {
    pub fn is_administrator(&self) -> bool {
        self.roles.contains(&Role::Administrator)
    }

    pub fn is_secretary_of(&self, body: BodyId) -> bool {
        self.roles.contains(&Role::Secretary { body })
    }

    /// The identity used to match the meeting's required signers.
    pub fn signer_identity(&self) -> crate::adjustment::SignerIdentity {
        crate::adjustment::SignerIdentity {
            name: self.display_name.clone(),
            person: self.person,
        }
    }
}

/// A username: 2–64 characters of lowercase letters, digits, dot, dash or underscore.
pub fn valid_username(s: &str) -> bool {
    (2..=64).contains(&s.chars().count())
        && s.chars()
            .all(|c| c.is_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '-' | '_'))
}

/// What the rule about administrators needs to know of an account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountState {
    pub username: String,
    pub administrator: bool,
    /// Not disabled.
    pub active: bool,
}

/// An organization must keep at least one active administrator: checks the accounts as they
/// would be after `username`'s change, given as they were before.
pub fn check_administrators(
    before: &[AccountState],
    after: &AccountState,
) -> Result<(), DomainError> {
    let had = before.iter().any(|a| a.administrator && a.active);
    let remains = before
        .iter()
        .filter(|a| a.username != after.username)
        .chain(std::iter::once(after))
        .any(|a| a.administrator && a.active);
    if had && !remains {
        return Err(DomainError::LastAdministrator {
            username: after.username.clone(),
        });
    }
    Ok(())
}

/// What an administrator may set of another user's account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountChange {
    pub display_name: String,
    pub roles: Vec<Role>,
    pub person: Option<PersonId>,
    pub active: bool,
}

impl AccountChange {
    /// Checks the values themselves (the bodies and person are checked against the
    /// organization by the caller). `own` is true when the administrator changes their own
    /// account: they cannot disable it.
    pub fn validate(&self, own: bool) -> Result<(), DomainError> {
        let name = self.display_name.trim();
        if name.is_empty() || name.chars().count() > 120 {
            return Err(DomainError::Invalid {
                field: "display_name".into(),
                reason: "namnet ska ha 1–120 tecken (så som det står i protokollet)".into(),
            });
        }
        crate::text::check_printable("display_name", "namnet", name, false)?;
        if self.roles.len() > 200 {
            return Err(DomainError::Invalid {
                field: "roles".into(),
                reason: "för många roller (högst 200)".into(),
            });
        }
        if own && !self.active {
            return Err(DomainError::OwnAccountDisabled);
        }
        Ok(())
    }

    /// The roles without repeats, in a stable order (administrator, secretaries, member).
    pub fn normalized_roles(&self) -> Vec<Role> {
        let mut out: Vec<Role> = Vec::new();
        for r in &self.roles {
            if !out.contains(r) {
                out.push(r.clone());
            }
        }
        out.sort_by_key(|r| match r {
            Role::Administrator => 0,
            Role::Secretary { .. } => 1,
            Role::Member => 2,
        });
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state(u: &str, admin: bool, active: bool) -> AccountState {
        AccountState {
            username: u.into(),
            administrator: admin,
            active,
        }
    }

    #[test]
    fn the_last_active_administrator_stays() {
        let before = [state("anna", true, true), state("bo", false, true)];
        assert_eq!(
            check_administrators(&before, &state("anna", false, true)),
            Err(DomainError::LastAdministrator {
                username: "anna".into()
            })
        );
        assert!(check_administrators(&before, &state("anna", true, false)).is_err());
        // Another administrator first, then the first may step down.
        assert!(check_administrators(&before, &state("bo", true, true)).is_ok());
        let two = [state("anna", true, true), state("bo", true, true)];
        assert!(check_administrators(&two, &state("anna", false, true)).is_ok());
        // A disabled administrator does not count.
        let disabled = [state("anna", true, true), state("bo", true, false)];
        assert!(check_administrators(&disabled, &state("anna", false, true)).is_err());
        // An organization with no administrator (made by the command line) is not blocked.
        let none = [state("bo", false, true)];
        assert!(check_administrators(&none, &state("bo", false, false)).is_ok());
    }

    #[test]
    fn a_change_is_checked() {
        let mut c = AccountChange {
            display_name: "Anna Andersson".into(),
            roles: vec![Role::Member, Role::Administrator, Role::Member],
            person: None,
            active: true,
        };
        assert!(c.validate(true).is_ok());
        assert_eq!(
            c.normalized_roles(),
            vec![Role::Administrator, Role::Member]
        );
        c.active = false;
        assert_eq!(c.validate(true), Err(DomainError::OwnAccountDisabled));
        assert!(c.validate(false).is_ok());
        c.display_name = "Anna\u{0007}".into();
        assert!(c.validate(false).is_err());
        c.display_name = "x".repeat(121);
        assert!(c.validate(false).is_err());
        c.display_name = "  ".into();
        assert!(c.validate(false).is_err());
    }
}
