//! The interchange format: one JSON document holds a complete meeting with everything it
//! refers to (organization, body, persons, mandates). See docs/interchange.md and
//! docs/meeting.schema.json.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::attendance::People;
use crate::error::DomainError;
use crate::meeting::{Meeting, MeetingContext};
use crate::organization::{Body, Mandate, Organization, Person};

/// The format tag written in every document.
pub const FORMAT: &str = "justera-meeting/1";

/// A complete meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MeetingDocument {
    /// Always "justera-meeting/1".
    pub format: String,
    pub organization: Organization,
    pub body: Body,
    pub persons: Vec<Person>,
    pub mandates: Vec<Mandate>,
    pub meeting: Meeting,
}

impl MeetingDocument {
    /// Parses and validates a document. Errors say where the JSON is wrong, or which rule the
    /// content breaks.
    pub fn from_json(text: &str) -> Result<Self, DomainError> {
        let mut reader = serde_json::Deserializer::from_str(text);
        let doc: Self = serde_path_to_error::deserialize(&mut reader).map_err(|e| {
            // Where in the document (meeting.attendance.seats[3].state) and what is wrong.
            let path = e.path().to_string();
            let inner = e.into_inner();
            let english = inner.to_string();
            let what = english
                .rsplit_once(" at line ")
                .map_or(english.as_str(), |(what, _)| what);
            let said = crate::text::swedish_json_error(what);
            DomainError::MalformedJson {
                line: inner.line(),
                column: inner.column(),
                message: if path.is_empty() || path == "." {
                    said
                } else {
                    format!("{path}: {said}")
                },
            }
        })?;
        reader.end().map_err(|e| DomainError::MalformedJson {
            line: e.line(),
            column: e.column(),
            message: crate::text::swedish_json_error("trailing characters"),
        })?;
        // Keys inside the document that no type knows would be dropped silently: refuse them
        // as the unknown top-level keys are.
        if let (Ok(given), Ok(kept)) = (
            serde_json::from_str::<serde_json::Value>(text),
            serde_json::to_value(&doc),
        ) && let Some(path) = unknown_key(&given, &kept, "")
        {
            return Err(DomainError::UnknownKey { path });
        }
        doc.validate()?;
        Ok(doc)
    }

    /// A new meeting can be held on its date: the body has members whose mandates cover it,
    /// and the chair and adjusters chosen are among those with a mandate then. Says in Swedish
    /// what is missing and where it is put right (no ids).
    pub fn check_mandates_on_date(&self) -> Result<(), DomainError> {
        use crate::organization::MandateRole;
        let date = self.meeting.date;
        let covering = |role: MandateRole| {
            self.mandates
                .iter()
                .any(|m| m.body_id == self.body.id && m.role == role && m.covers(date))
        };
        if !covering(MandateRole::Member) {
            return Err(DomainError::NoMandatesOnDate {
                body: self.body.name.clone(),
                date: crate::text::long_date(date),
            });
        }
        let people = self.context().people;
        let holds = |p| people.is_member(p) || people.is_substitute(p);
        if !holds(self.meeting.chair) {
            return Err(DomainError::RoleWithoutMandate {
                role: "ordföranden".into(),
                body: self.body.name.clone(),
                date: crate::text::long_date(date),
            });
        }
        if self.meeting.adjusters.iter().any(|a| !holds(*a)) {
            return Err(DomainError::RoleWithoutMandate {
                role: "en av justerarna".into(),
                body: self.body.name.clone(),
                date: crate::text::long_date(date),
            });
        }
        Ok(())
    }

    /// Pretty JSON with a trailing newline; deterministic for the same document.
    pub fn to_json(&self) -> Result<String, DomainError> {
        serde_json::to_string_pretty(self)
            .map(|mut s| {
                s.push('\n');
                s
            })
            .map_err(|e| DomainError::Invalid {
                field: "document".into(),
                reason: e.to_string(),
            })
    }

    pub fn context(&self) -> MeetingContext<'_> {
        MeetingContext {
            organization: &self.organization,
            body: &self.body,
            people: People {
                persons: &self.persons,
                mandates: &self.mandates,
                rules: self.body.rules,
            },
        }
    }

    pub fn validate(&self) -> Result<(), DomainError> {
        self.check_register(&self.meeting)?;
        self.meeting.validate(&self.context())
    }

    /// Validates `after`, a change of `before` (the meeting as it was read, valid), against
    /// this document's register: the register and the meeting's frame whole, the paragraphs
    /// that changed (see [`Meeting::validate_change`]).
    pub fn validate_change(&self, before: &Meeting, after: &Meeting) -> Result<(), DomainError> {
        self.check_register(after)?;
        after.validate_change(&self.context(), before)
    }

    /// The organization, the body, its persons and their mandates on the day of `meeting`.
    fn check_register(&self, meeting: &Meeting) -> Result<(), DomainError> {
        if self.format != FORMAT {
            return Err(DomainError::UnknownFormat {
                found: self.format.clone(),
                expected: FORMAT.into(),
            });
        }
        if self.body.organization_id != self.organization.id {
            return Err(DomainError::Invalid {
                field: "body.organization_id".into(),
                reason: "organet hör till en annan organisation".into(),
            });
        }
        self.body.validate()?;
        for (i, p) in self.persons.iter().enumerate() {
            if p.name.trim().is_empty() {
                return Err(DomainError::Invalid {
                    field: format!("persons[{i}].name"),
                    reason: "namnet får inte vara tomt".into(),
                });
            }
            if self.persons.iter().skip(i + 1).any(|q| q.id == p.id) {
                return Err(DomainError::Invalid {
                    field: format!("persons[{i}].id"),
                    reason: format!("{} förekommer två gånger", p.name),
                });
            }
        }
        for m in &self.mandates {
            m.validate()?;
            if m.body_id != self.body.id {
                return Err(DomainError::Invalid {
                    field: "mandates.body_id".into(),
                    reason: "ett mandat hör till ett annat organ".into(),
                });
            }
            let person = self.persons.iter().find(|p| p.id == m.person_id).ok_or(
                DomainError::UnknownPerson {
                    person: m.person_id,
                },
            )?;
            if !m.covers(meeting.date) {
                return Err(DomainError::Invalid {
                    field: "mandates.term".into(),
                    reason: format!("{}s mandat gäller inte på sammanträdesdagen", person.name),
                });
            }
            if self
                .mandates
                .iter()
                .filter(|o| o.person_id == m.person_id)
                .count()
                > 1
            {
                return Err(DomainError::Invalid {
                    field: "mandates".into(),
                    reason: format!("{} har mer än ett mandat i organet", person.name),
                });
            }
        }
        Ok(())
    }

    /// Puts persons and mandates in the canonical order the store returns them in: members in
    /// listing order, then substitutes by party and order; persons in the order of their
    /// mandates. The meaning of the document does not change.
    pub fn canonicalize(&mut self) {
        use crate::organization::MandateRole;
        self.mandates.sort_by(|a, b| {
            let key = |m: &Mandate| {
                (
                    m.role == MandateRole::Substitute,
                    if m.role == MandateRole::Substitute {
                        m.party.clone()
                    } else {
                        String::new()
                    },
                    m.order,
                    m.id,
                )
            };
            key(a).cmp(&key(b))
        });
        let position = |p: &Person| {
            self.mandates
                .iter()
                .position(|m| m.person_id == p.id)
                .unwrap_or(usize::MAX)
        };
        let mut persons = std::mem::take(&mut self.persons);
        persons.sort_by_key(|p| (position(p), p.id));
        self.persons = persons;
    }

    /// The JSON Schema of the format (docs/meeting.schema.json is generated from it).
    pub fn json_schema() -> serde_json::Value {
        serde_json::to_value(schemars::schema_for!(MeetingDocument)).unwrap_or_default()
    }
}

/// The first key of `given` that the document as read (`kept`, serialized again) lacks, as a
/// path ("meeting.paragraphs[2].titel"). A key whose value is empty (null, "", false, 0, [] or
/// {}) may be left out by the serializer and is not counted.
fn unknown_key(given: &serde_json::Value, kept: &serde_json::Value, path: &str) -> Option<String> {
    use serde_json::Value;
    let empty = |v: &Value| match v {
        Value::Null => true,
        Value::Bool(b) => !b,
        Value::Number(n) => n.as_f64() == Some(0.0),
        Value::String(s) => s.is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
    };
    match (given, kept) {
        (Value::Object(g), Value::Object(k)) => g.iter().find_map(|(key, value)| {
            let here = if path.is_empty() {
                key.clone()
            } else {
                format!("{path}.{key}")
            };
            match k.get(key) {
                Some(kv) => unknown_key(value, kv, &here),
                None if empty(value) => None,
                None => Some(here),
            }
        }),
        (Value::Array(g), Value::Array(k)) => g
            .iter()
            .zip(k.iter())
            .enumerate()
            .find_map(|(i, (gv, kv))| unknown_key(gv, kv, &format!("{path}[{i}]"))),
        _ => None,
    }
}
