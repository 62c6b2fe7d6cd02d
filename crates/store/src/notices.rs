//! The notice board's index: one row per posted notice (the ordinary adjustment or an immediate
//! adjustment), rewritten from the meeting's own record in the same transaction as every save.
//! Which notices are current is a function of the date asked about, never of a job having run.

use chrono::NaiveDate;
use diesel::prelude::*;
use justera_domain::document::MeetingDocument;
use justera_domain::text::paragraph_label;

use crate::DbConnection;
use crate::error::StoreError;
use crate::schema::notices;
use crate::store::Store;

/// A notice as the board shows it.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, serde::Serialize)]
#[diesel(table_name = notices)]
pub struct NoticeRow {
    pub id: String,
    pub organization_id: String,
    pub meeting_id: String,
    /// "ordinary" or "immediate".
    pub kind: String,
    pub body_name: String,
    pub meeting_date: String,
    pub paragraphs: String,
    pub adjusted_on: String,
    pub posted_on: String,
    pub last_appeal_day: String,
    pub takedown_on: String,
    pub storage_place: String,
    #[serde(skip)]
    pub search_text: String,
}

impl NoticeRow {
    /// A date column as a date (the columns are written by [`sync_notices`] only).
    pub fn date(text: &str) -> Option<NaiveDate> {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
    }

    pub fn is_immediate(&self) -> bool {
        self.kind == "immediate"
    }
}

fn iso(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// Rewrites the meeting's notices from its adjustment records (inside a write transaction).
pub fn sync_notices(c: &mut DbConnection, doc: &MeetingDocument) -> Result<(), StoreError> {
    let meeting_id = doc.meeting.id.to_string();
    diesel::delete(notices::table.filter(notices::meeting_id.eq(&meeting_id))).execute(c)?;
    for (i, adjustment) in doc.meeting.adjustments.iter().enumerate() {
        let Some(notice) = &adjustment.notice else {
            continue;
        };
        let mut search = vec![
            doc.body.name.to_lowercase(),
            doc.body.short_name.to_lowercase(),
        ];
        search.extend(
            doc.meeting
                .paragraphs
                .iter()
                .filter(|p| adjustment.paragraphs.contains(&p.number) && !p.is_confidential())
                .map(|p| {
                    // What the public copy shows of a public §: its title, its decision and
                    // its summary (the archive finds "datacenter" in § 162's decision).
                    let mut text = format!("§ {} {}", p.number, p.title);
                    for line in p.decision.iter().chain(p.summary.iter()) {
                        text.push(' ');
                        text.push_str(line);
                    }
                    text.to_lowercase()
                }),
        );
        let kind = if adjustment.immediate {
            "immediate"
        } else {
            "ordinary"
        };
        diesel::insert_into(notices::table)
            .values((
                notices::id.eq(format!("{meeting_id}:{i}")),
                notices::organization_id.eq(doc.organization.id.to_string()),
                notices::meeting_id.eq(&meeting_id),
                notices::kind.eq(kind),
                notices::body_name.eq(&doc.body.name),
                notices::meeting_date.eq(iso(doc.meeting.date)),
                notices::paragraphs.eq(paragraph_label(&adjustment.paragraphs)),
                notices::adjusted_on.eq(iso(adjustment.adjusted_on)),
                notices::posted_on.eq(iso(notice.dates.posted)),
                notices::last_appeal_day.eq(iso(notice.dates.last_appeal_day)),
                notices::takedown_on.eq(iso(notice.dates.takedown)),
                notices::storage_place.eq(&doc.organization.protocol_storage),
                notices::search_text.eq(search.join(" ")),
            ))
            .execute(c)?;
    }
    Ok(())
}

/// What to look for in the archive.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ArchiveQuery {
    /// Part of the body's name, any case.
    pub body: Option<String>,
    /// Meetings on or after this date.
    pub from: Option<NaiveDate>,
    /// Meetings on or before this date.
    pub to: Option<NaiveDate>,
    /// Words that must all occur in the body's name or a public §'s title, decision or
    /// summary.
    pub words: Vec<String>,
    pub limit: i64,
    pub offset: i64,
}

impl ArchiveQuery {
    /// The words of a visitor's search text: at most ten, split on white space (control
    /// characters are dropped by the search itself).
    pub fn words_of(text: &str) -> Vec<String> {
        text.split_whitespace()
            .take(10)
            .map(str::to_owned)
            .collect()
    }
}

impl Store {
    /// Notices on the board on `today`: posted on or before it and not yet taken down
    /// (the takedown date is the first day off the board), newest first.
    pub fn current_notices(
        &mut self,
        organization: &str,
        today: NaiveDate,
    ) -> Result<Vec<NoticeRow>, StoreError> {
        let day = iso(today);
        Ok(notices::table
            .filter(notices::organization_id.eq(organization))
            .filter(notices::posted_on.le(&day))
            .filter(notices::takedown_on.gt(&day))
            .order((notices::posted_on.desc(), notices::id.asc()))
            .select(NoticeRow::as_select())
            .load(self.connection())?)
    }

    /// Taken-down notices matching `query`, newest meeting first, and how many match in all.
    pub fn archived_notices(
        &mut self,
        organization: &str,
        today: NaiveDate,
        query: &ArchiveQuery,
    ) -> Result<(Vec<NoticeRow>, i64), StoreError> {
        let day = iso(today);
        // A visitor's text without control characters: no stored text has any, PostgreSQL
        // refuses a NUL in a parameter and a NUL ends FTS5's query.
        let printable = |w: &str| w.chars().filter(|c| !c.is_control()).collect::<String>();
        let words: Vec<String> = query
            .words
            .iter()
            .map(|w| printable(w))
            .filter(|w| !w.is_empty())
            .collect();
        let body = query.body.as_deref().map(printable);
        // Words of three letters or more are answered from the trigram index: FTS5 on SQLite
        // (a MATCH of quoted strings is a substring search), pg_trgm on PostgreSQL (which
        // serves the LIKE below from its index). Shorter words fall back to LIKE.
        let sqlite = self.backend() == "sqlite";
        let indexed = |w: &str| w.chars().count() >= 3;
        let fts_query: Option<String> = if sqlite {
            let terms: Vec<String> = words
                .iter()
                .filter(|w| indexed(w))
                .map(|w| format!("\"{}\"", w.to_lowercase().replace('"', "\"\"")))
                .collect();
            (!terms.is_empty()).then(|| terms.join(" AND "))
        } else {
            None
        };
        // `ordered`: for the page of rows. On SQLite the day's bound is then written `+takedown_on`
        // so the planner walks the archive's order index (organization, newest first) and stops
        // after a page, instead of sorting every archived notice; the count keeps the board's
        // covering index.
        let build = |ordered: bool| {
            let mut q = notices::table
                .filter(notices::organization_id.eq(organization.to_owned()))
                .into_boxed();
            q = if ordered && sqlite {
                q.filter(
                    diesel::dsl::sql::<diesel::sql_types::Bool>("+notices.takedown_on <= ")
                        .bind::<diesel::sql_types::Text, _>(day.clone()),
                )
            } else {
                q.filter(notices::takedown_on.le(day.clone()))
            };
            if let Some(body) = body.as_deref().filter(|b| !b.trim().is_empty()) {
                q = q.filter(
                    notices::search_text.like(format!("%{}%", escape_like(&body.to_lowercase()))),
                );
            }
            if let Some(from) = query.from {
                q = q.filter(notices::meeting_date.ge(iso(from)));
            }
            if let Some(to) = query.to {
                q = q.filter(notices::meeting_date.le(iso(to)));
            }
            if let Some(m) = &fts_query {
                q = q.filter(
                    diesel::dsl::sql::<diesel::sql_types::Bool>(
                        "notices.rowid IN (SELECT rowid FROM notices_fts WHERE notices_fts MATCH ",
                    )
                    .bind::<diesel::sql_types::Text, _>(m.clone())
                    .sql(")"),
                );
            }
            for word in words.iter().filter(|w| !(sqlite && indexed(w))) {
                q = q.filter(
                    notices::search_text.like(format!("%{}%", escape_like(&word.to_lowercase()))),
                );
            }
            q
        };
        let total: i64 = build(false).count().get_result(self.connection())?;
        let rows = build(true)
            .order((notices::meeting_date.desc(), notices::id.asc()))
            .limit(query.limit.clamp(1, 500))
            .offset(query.offset.max(0))
            .select(NoticeRow::as_select())
            .load(self.connection())?;
        Ok((rows, total))
    }

    /// One notice by id.
    pub fn notice(&mut self, id: &str) -> Result<Option<NoticeRow>, StoreError> {
        Ok(notices::table
            .filter(notices::id.eq(id))
            .select(NoticeRow::as_select())
            .first(self.connection())
            .optional()?)
    }

    /// A meeting's notices.
    pub fn meeting_notices(&mut self, meeting: &str) -> Result<Vec<NoticeRow>, StoreError> {
        Ok(notices::table
            .filter(notices::meeting_id.eq(meeting))
            .order(notices::id.asc())
            .select(NoticeRow::as_select())
            .load(self.connection())?)
    }
}

/// LIKE wildcards in user input match themselves (no ESCAPE clause needed: they are dropped).
fn escape_like(s: &str) -> String {
    s.chars().filter(|c| *c != '%' && *c != '_').collect()
}
