//! Typed identifiers. Ids are UUIDs, stored as text in both databases.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::fmt;
use uuid::Uuid;

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
        )]
        #[serde(transparent)]
        pub struct $name(pub Uuid);

        impl $name {
            pub fn new_random() -> Self {
                Self(Uuid::new_v4())
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl std::str::FromStr for $name {
            type Err = uuid::Error;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Uuid::parse_str(s).map(Self)
            }
        }
    };
}

id_type!(
    /// A municipality or region.
    OrganizationId
);
id_type!(
    /// A decision-making body (fullmäktige, styrelse, nämnd, utskott).
    BodyId
);
id_type!(
    /// A person: an elected member or substitute.
    PersonId
);
id_type!(
    /// A mandate: a person's seat or substitute place in a body for a term.
    MandateId
);
id_type!(
    /// One session of a body.
    MeetingId
);

/// A motion's id, unique within its paragraph (for example "m1").
#[derive(
    Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(transparent)]
pub struct MotionId(pub String);

impl fmt::Display for MotionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<&str> for MotionId {
    fn from(s: &str) -> Self {
        Self(s.to_owned())
    }
}
