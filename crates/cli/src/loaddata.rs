//! Synthetic data for load tests: `justera load-data --archived N --current M` fills the
//! database with bodies, adjusted and posted meetings and their notices — N already taken down
//! (the archive) and M on the board today — built from the seed's organization and people.

use chrono::{Datelike, Duration, NaiveDate};
use justera_domain::calendar::{notice_dates, posting_date};
use justera_domain::document::MeetingDocument;
use justera_domain::ids::{BodyId, MandateId, MeetingId};
use justera_domain::meeting::{
    AdjustmentRecord, MeetingStatus, NoticeRecord, SignatureRecord, SignerRole,
};
use justera_domain::organization::BodyKind;
use justera_domain::paragraph::Paragraph;
use justera_store::Store;

use crate::commands::CliError;

/// How many bodies the meetings are spread over (one current notice per body at most).
const BODIES: u32 = 30;

fn uuid(kind: u32, a: u32, b: u32) -> String {
    format!("10ad0000-{kind:04x}-4000-8000-{a:04x}{b:08x}")
}

fn parse<T: std::str::FromStr>(s: &str) -> Result<T, CliError> {
    s.parse()
        .map_err(|_| CliError::Message(format!("ogiltigt id {s}")))
}

/// One posted meeting of `body` on `date` with paragraph `number`.
fn meeting(
    seed: &MeetingDocument,
    body: u32,
    index: u32,
    date: NaiveDate,
    number: u32,
) -> Result<MeetingDocument, CliError> {
    let mut doc = seed.clone();
    let body_id: BodyId = parse(&uuid(1, body, 0))?;
    doc.body.id = body_id;
    doc.body.name = format!("Lastnämnd {}", body + 1);
    doc.body.definite_name = format!("lastnämnd {}", body + 1);
    doc.body.short_name = format!("LN{}", body + 1);
    doc.body.kind = BodyKind::Committee;
    doc.body.series_starts.clear();
    for (i, m) in doc.mandates.iter_mut().enumerate() {
        m.id = parse::<MandateId>(&uuid(2, body, u32::try_from(i).unwrap_or(0)))?;
        m.body_id = body_id;
        m.term_start = NaiveDate::from_ymd_opt(1990, 1, 1).unwrap_or(m.term_start);
        m.term_end = NaiveDate::from_ymd_opt(2199, 12, 31).unwrap_or(m.term_end);
    }
    let m = &mut doc.meeting;
    m.id = parse::<MeetingId>(&uuid(3, body, index))?;
    m.body_id = body_id;
    m.date = date;
    m.status = MeetingStatus::Posted;
    m.attendance.changes.clear();
    m.attendance.recusals.clear();
    m.officials.retain(|o| o.paragraphs.is_empty());
    m.pending_adjustment = None;
    m.pending_immediate = None;
    let mut p = Paragraph::new(number, format!("Ärende {number} om verksamhetsplan"));
    p.decision = vec![format!("{} godkänner verksamhetsplanen.", doc.body.name)];
    m.paragraphs = vec![p];
    let adjusted_on = date + Duration::days(2);
    let posted = posting_date(adjusted_on, doc.organization.notice_board.posting)?;
    let dates = notice_dates(posted, doc.organization.notice_board.takedown)?;
    let sign = |role, name: &str| SignatureRecord {
        role,
        name: name.to_owned(),
        signed_on: adjusted_on,
        method: justera_domain::adjustment::DIGITAL_SIGNATURE.into(),
    };
    m.adjustments = vec![AdjustmentRecord {
        after_meeting: false,
        immediate: false,
        paragraphs: vec![number],
        adjusted_on,
        signatures: vec![
            sign(SignerRole::Secretary, &m.secretary),
            sign(SignerRole::Chair, "Johan Björkman"),
            sign(SignerRole::Adjuster, "Patrik Harrysson"),
        ],
        notice: Some(NoticeRecord::new(dates)),
    }];
    Ok(doc)
}

/// Fills the store; returns (archived, current) notices made.
pub fn load_data(
    store: &mut Store,
    seed: &MeetingDocument,
    today: NaiveDate,
    archived: u32,
    current: u32,
) -> Result<(u32, u32), CliError> {
    let per_body = archived.div_ceil(BODIES);
    let mut made = (0, 0);
    for body in 0..BODIES {
        // Weekly meetings going back from 60 days ago, numbered per year in date order.
        let mut dates: Vec<NaiveDate> = (0..per_body)
            .filter(|k| body * per_body + k < archived)
            .map(|k| today - Duration::days(60 + 7 * i64::from(k) + i64::from(body % 7)))
            .collect();
        // The current one: recent enough that its notice is up today.
        let current_date = (body < current)
            .then(|| {
                (2..30)
                    .map(|back| today - Duration::days(back + i64::from(body % 10)))
                    .find(|d| {
                        meeting(seed, body, 0, *d, 1).is_ok_and(|doc| {
                            doc.meeting
                                .adjustments
                                .first()
                                .and_then(|a| a.notice.as_ref())
                                .is_some_and(|n| {
                                    n.dates.posted <= today && n.dates.takedown > today
                                })
                        })
                    })
            })
            .flatten();
        dates.extend(current_date);
        dates.sort_unstable();
        let mut year = 0;
        let mut number = 0;
        for (i, date) in dates.iter().enumerate() {
            if date.year() != year {
                year = date.year();
                number = 0;
            }
            number += 1;
            let doc = meeting(seed, body, u32::try_from(i).unwrap_or(0), *date, number)?;
            store.import_meeting(&doc, "load-data")?;
            if Some(*date) == current_date {
                made.1 += 1;
            } else {
                made.0 += 1;
            }
        }
    }
    Ok(made)
}
