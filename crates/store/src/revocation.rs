//! What the organization's revocation list is made from — the certificates whose keys were
//! retired — and the latest list, kept so every node serves the same one.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use justera_domain::ids::OrganizationId;

use crate::error::StoreError;
use crate::schema::{revocation_lists, signing_keys, users};
use crate::store::Store;

/// A published revocation list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RevocationList {
    pub content: Vec<u8>,
    pub number: i64,
    pub this_update: NaiveDateTime,
    pub next_update: NaiveDateTime,
}

impl Store {
    /// Every retired certificate of the organization's users (DER) with when it was retired,
    /// oldest first.
    pub fn retired_certificates(
        &mut self,
        organization: OrganizationId,
    ) -> Result<Vec<(Vec<u8>, NaiveDateTime)>, StoreError> {
        let rows: Vec<(Vec<u8>, Option<NaiveDateTime>)> = signing_keys::table
            .inner_join(users::table.on(users::id.eq(signing_keys::user_id)))
            .filter(users::organization_id.eq(organization.to_string()))
            .filter(signing_keys::retired_at.is_not_null())
            .order(signing_keys::retired_at.asc())
            .select((signing_keys::certificate, signing_keys::retired_at))
            .load(&mut self.conn)?;
        Ok(rows
            .into_iter()
            .filter_map(|(c, at)| at.map(|at| (c, at)))
            .collect())
    }

    /// When the organization's latest key was retired (a list made before is out of date).
    pub fn last_retirement(
        &mut self,
        organization: OrganizationId,
    ) -> Result<Option<NaiveDateTime>, StoreError> {
        let at: Option<NaiveDateTime> = signing_keys::table
            .inner_join(users::table.on(users::id.eq(signing_keys::user_id)))
            .filter(users::organization_id.eq(organization.to_string()))
            .select(diesel::dsl::max(signing_keys::retired_at))
            .first(&mut self.conn)?;
        Ok(at)
    }

    /// The organization's latest revocation list.
    pub fn revocation_list(
        &mut self,
        organization: OrganizationId,
    ) -> Result<Option<RevocationList>, StoreError> {
        let row: Option<(Vec<u8>, i64, NaiveDateTime, NaiveDateTime)> = revocation_lists::table
            .filter(revocation_lists::organization_id.eq(organization.to_string()))
            .select((
                revocation_lists::content,
                revocation_lists::number,
                revocation_lists::this_update,
                revocation_lists::next_update,
            ))
            .first(&mut self.conn)
            .optional()?;
        Ok(row.map(
            |(content, number, this_update, next_update)| RevocationList {
                content,
                number,
                this_update,
                next_update,
            },
        ))
    }

    /// Keeps `list` as the organization's latest, unless a newer one (a higher number) was
    /// kept meanwhile by another node.
    pub fn put_revocation_list(
        &mut self,
        organization: OrganizationId,
        list: &RevocationList,
    ) -> Result<(), StoreError> {
        let org = organization.to_string();
        self.write_in(&org, |c| {
            let current: Option<i64> = revocation_lists::table
                .filter(revocation_lists::organization_id.eq(&org))
                .select(revocation_lists::number)
                .first(c)
                .optional()?;
            match current {
                Some(n) if n >= list.number => {}
                Some(_) => {
                    diesel::update(revocation_lists::table.find(&org))
                        .set((
                            revocation_lists::content.eq(&list.content),
                            revocation_lists::number.eq(list.number),
                            revocation_lists::this_update.eq(list.this_update),
                            revocation_lists::next_update.eq(list.next_update),
                        ))
                        .execute(c)?;
                }
                None => {
                    diesel::insert_into(revocation_lists::table)
                        .values((
                            revocation_lists::organization_id.eq(&org),
                            revocation_lists::content.eq(&list.content),
                            revocation_lists::number.eq(list.number),
                            revocation_lists::this_update.eq(list.this_update),
                            revocation_lists::next_update.eq(list.next_update),
                        ))
                        .execute(c)?;
                }
            }
            Ok(())
        })
    }
}
