//! Accounts and roles. Chair and adjusters are roles in a meeting, taken from the meeting's
//! data; the account links a user to the person (or, for the secretary, the name) they are.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

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
