//! A body's terms: its mandates with their validity, and the import of a whole term (members
//! and substitutes) in one transaction.

use chrono::NaiveDate;
use diesel::prelude::*;
use justera_domain::ids::{BodyId, MandateId, OrganizationId, PersonId};
use justera_domain::organization::{Body, Mandate, MandateRole, Person};
use justera_domain::term::TermRow;

use crate::audit;
use crate::error::{StoreError, corrupt};
use crate::schema::{bodies, mandates, persons};
use crate::store::{Store, from_json, to_json};

/// What an import did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TermImported {
    pub mandates: usize,
    /// Persons new to the organization's register.
    pub new_persons: usize,
    /// Mandates of the same term that were there before and are replaced.
    pub replaced: usize,
}

impl Store {
    /// One body, if it exists.
    pub fn body(&mut self, id: BodyId) -> Result<Option<Body>, StoreError> {
        let data: Option<String> = bodies::table
            .filter(bodies::id.eq(id.to_string()))
            .select(bodies::data)
            .first(self.connection())
            .optional()?;
        data.map(|d| from_json(&d)).transpose()
    }

    /// The organization's register of persons, by name.
    pub fn persons(&mut self, organization: OrganizationId) -> Result<Vec<Person>, StoreError> {
        let rows: Vec<String> = persons::table
            .filter(persons::organization_id.eq(organization.to_string()))
            .select(persons::data)
            .order(persons::name.asc())
            .load(self.connection())?;
        rows.iter().map(|d| from_json(d)).collect()
    }

    /// The body's mandates (every term) with their persons, by term, role and order.
    pub fn body_mandates(&mut self, body: BodyId) -> Result<Vec<(Mandate, Person)>, StoreError> {
        let rows: Vec<(String, String)> = mandates::table
            .inner_join(persons::table.on(persons::id.eq(mandates::person_id)))
            .filter(mandates::body_id.eq(body.to_string()))
            .select((mandates::data, persons::data))
            .load(self.connection())?;
        let mut out: Vec<(Mandate, Person)> = rows
            .iter()
            .map(|(m, p)| Ok((from_json(m)?, from_json(p)?)))
            .collect::<Result<_, StoreError>>()?;
        out.sort_by(|(a, pa), (b, pb)| {
            (a.term_start, role_rank(a.role), &a.party, a.order, &pa.name).cmp(&(
                b.term_start,
                role_rank(b.role),
                &b.party,
                b.order,
                &pb.name,
            ))
        });
        Ok(out)
    }

    /// Imports the term `start`–`end` of `body` from checked rows, in one transaction: each
    /// name is a person of the organization's register (new ones are added; an existing
    /// person's party label is left as it is, so earlier protocols keep theirs), and the
    /// mandates of the body that begin within the term are replaced by the file's.
    pub fn import_term(
        &mut self,
        body: &Body,
        start: NaiveDate,
        end: NaiveDate,
        rows: &[TermRow],
        actor: &str,
    ) -> Result<TermImported, StoreError> {
        self.replace_term(body, start, end, rows, actor, "term.import")
    }

    /// [`Store::import_term`] with the audit entry's action ("term.change" for a mandate
    /// changed during the term).
    pub fn replace_term(
        &mut self,
        body: &Body,
        start: NaiveDate,
        end: NaiveDate,
        rows: &[TermRow],
        actor: &str,
        action: &str,
    ) -> Result<TermImported, StoreError> {
        let org = body.organization_id.to_string();
        let body_id = body.id.to_string();
        self.write_in(&org, |c| {
            let known: Vec<(String, String)> = persons::table
                .filter(persons::organization_id.eq(&org))
                .select((persons::id, persons::name))
                .load(c)?;
            let mut new_persons: Vec<Person> = Vec::new();
            let mut person_of = |name: &str, party: &str| -> Result<PersonId, StoreError> {
                if let Some((id, _)) = known.iter().find(|(_, n)| n == name) {
                    return id.parse().map_err(corrupt);
                }
                if let Some(p) = new_persons.iter().find(|p| p.name == name) {
                    return Ok(p.id);
                }
                let p = Person {
                    id: PersonId::new_random(),
                    name: name.to_owned(),
                    party: (party != "-").then(|| party.to_owned()),
                };
                let id = p.id;
                new_persons.push(p);
                Ok(id)
            };
            let mut new_mandates = Vec::with_capacity(rows.len());
            for r in rows {
                let person_id = person_of(&r.name, &r.party)?;
                new_mandates.push(Mandate {
                    id: MandateId::new_random(),
                    person_id,
                    body_id: body.id,
                    role: r.role,
                    party: r.party.clone(),
                    term_start: r.from,
                    term_end: r.to,
                    order: r.order,
                    position: r.position,
                    call_group: r.call_group.clone(),
                    call_bloc: r.call_bloc.clone(),
                });
            }
            // The term's earlier import, if any, is replaced.
            let existing: Vec<(String, String)> = mandates::table
                .filter(mandates::body_id.eq(&body_id))
                .select((mandates::id, mandates::data))
                .load(c)?;
            let mut replaced = Vec::new();
            for (id, data) in &existing {
                let m: Mandate = from_json(data)?;
                if m.term_start >= start && m.term_start <= end {
                    replaced.push(id.clone());
                }
            }
            for chunk in replaced.chunks(500) {
                diesel::delete(mandates::table.filter(mandates::id.eq_any(chunk))).execute(c)?;
            }
            // One statement per row (the multi-backend connection has no batch insert);
            // inside the one transaction this is quick on both databases.
            for p in &new_persons {
                diesel::insert_into(persons::table)
                    .values((
                        persons::id.eq(p.id.to_string()),
                        persons::organization_id.eq(&org),
                        persons::name.eq(&p.name),
                        persons::data.eq(to_json(p)?),
                    ))
                    .execute(c)?;
            }
            for m in &new_mandates {
                diesel::insert_into(mandates::table)
                    .values((
                        mandates::id.eq(m.id.to_string()),
                        mandates::body_id.eq(&body_id),
                        mandates::person_id.eq(m.person_id.to_string()),
                        mandates::data.eq(to_json(m)?),
                    ))
                    .execute(c)?;
            }
            audit::append(
                c,
                &org,
                actor,
                action,
                &body_id,
                &to_json(&serde_json::json!({
                    "from": start.to_string(),
                    "to": end.to_string(),
                    "mandates": new_mandates.len(),
                    "new_persons": new_persons.len(),
                    "replaced": replaced.len(),
                }))?,
            )?;
            Ok(TermImported {
                mandates: new_mandates.len(),
                new_persons: new_persons.len(),
                replaced: replaced.len(),
            })
        })
    }

    /// Saves a body (new or changed) of its organization, with an audit entry. Short names
    /// are unique within the organization.
    pub fn save_body(&mut self, body: &Body, actor: &str) -> Result<(), StoreError> {
        let org = body.organization_id.to_string();
        let id = body.id.to_string();
        self.write_in(&org, |c| {
            let clash: i64 = bodies::table
                .filter(bodies::organization_id.eq(&org))
                .filter(bodies::short_name.eq(&body.short_name))
                .filter(bodies::id.ne(&id))
                .count()
                .get_result(c)?;
            if clash > 0 {
                return Err(StoreError::AlreadyExists {
                    what: format!("ett organ med kortnamnet {}", body.short_name),
                });
            }
            crate::store::put_body(c, body)?;
            audit::append(c, &org, actor, "body.settings", &id, &to_json(body)?)?;
            Ok(())
        })
    }

    /// The organization of a body (to check who may change it).
    pub fn body_organization(
        &mut self,
        body: BodyId,
    ) -> Result<Option<OrganizationId>, StoreError> {
        Ok(self.body(body)?.map(|b| b.organization_id))
    }
}

fn role_rank(r: MandateRole) -> u8 {
    match r {
        MandateRole::Member => 0,
        MandateRole::Substitute => 1,
    }
}
