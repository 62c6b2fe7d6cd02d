//! Changes told between the app nodes of one PostgreSQL database, over `LISTEN`/`NOTIFY`
//! (issue 15): a node that saves a meeting tells the others, whose live pages update and whose
//! caches of public pages are cleared. SQLite runs one node, in process: nothing to tell.

use diesel::prelude::*;
use diesel::sql_types::Text;

use crate::connection::{DatabaseUrl, DbConnection};
use crate::error::StoreError;

/// The channel Justera's nodes listen on.
pub const CHANNEL: &str = "justera_changes";

/// PostgreSQL refuses payloads of 8,000 bytes and more; ours are a few dozen.
const MAX_PAYLOAD: usize = 7_999;

/// A connection that listens for the other nodes' changes and tells them this node's.
pub struct Listener {
    conn: PgConnection,
}

impl Listener {
    /// Connects and listens; `None` on SQLite.
    pub fn open(url: &DatabaseUrl) -> Result<Option<Self>, StoreError> {
        let DatabaseUrl::Postgres(u) = url else {
            return Ok(None);
        };
        let mut conn =
            PgConnection::establish(u).map_err(|e| StoreError::Connection(e.to_string()))?;
        diesel::sql_query(format!("LISTEN {CHANNEL}")).execute(&mut conn)?;
        Ok(Some(Self { conn }))
    }

    /// Tells every node (this one too) `payload`.
    pub fn publish(&mut self, payload: &str) -> Result<(), StoreError> {
        publish_pg(&mut self.conn, payload)
    }

    /// The payloads received since the last call, without waiting.
    pub fn received(&mut self) -> Result<Vec<String>, StoreError> {
        let mut out = Vec::new();
        for n in self.conn.notifications_iter() {
            let n = n?;
            if n.channel == CHANNEL {
                out.push(n.payload);
            }
        }
        Ok(out)
    }

    /// Whether the connection still answers (the listener reconnects when not).
    pub fn alive(&mut self) -> bool {
        diesel::sql_query("SELECT 1")
            .execute(&mut self.conn)
            .is_ok()
    }
}

/// Tells every node `payload` from a connection of the pool, delivered when its transaction
/// commits (at once outside one). Nothing on SQLite.
pub fn publish(c: &mut DbConnection, payload: &str) -> Result<(), StoreError> {
    match c {
        DbConnection::Postgres(pg) => publish_pg(pg, payload),
        DbConnection::Sqlite(_) => Ok(()),
    }
}

fn publish_pg(pg: &mut PgConnection, payload: &str) -> Result<(), StoreError> {
    if payload.len() > MAX_PAYLOAD {
        return Err(StoreError::Unsupported(
            "meddelandet till de andra noderna är för långt".into(),
        ));
    }
    diesel::sql_query("SELECT pg_notify($1, $2)")
        .bind::<Text, _>(CHANNEL)
        .bind::<Text, _>(payload)
        .execute(pg)?;
    Ok(())
}
