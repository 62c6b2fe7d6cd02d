//! The demo's live data beside the seed: a recently adjusted meeting whose notice is on the
//! board today, a meeting in session for the secretary, and a planned meeting on the board's
//! list of upcoming meetings. Fixed ids, so running the demo again changes nothing.

use chrono::{Datelike, Duration, NaiveDate};
use justera_domain::calendar::is_workday;
use justera_domain::document::MeetingDocument;
use justera_domain::meeting::MeetingStatus;
use justera_domain::organization::SeriesStart;
use justera_domain::paragraph::{Paragraph, Proposal};
use justera_service::accounts::Costs;
use justera_service::adjustment::{send_for_adjustment, sign_minutes};
use justera_store::{Store, StoreError};

use crate::commands::CliError;
use crate::signing::{DEMO_PASSWORD, service};

const RECENT: &str = "6d1c4a3e-2f0b-4c1e-9a57-d0000000a001";
const IN_SESSION: &str = "6d1c4a3e-2f0b-4c1e-9a57-d0000000a002";
const PLANNED: &str = "6d1c4a3e-2f0b-4c1e-9a57-d0000000a003";

fn parse_id(s: &str) -> Result<justera_domain::ids::MeetingId, CliError> {
    s.parse()
        .map_err(|_| CliError::Message(format!("ogiltigt id {s}")))
}

/// The last workday before `day`.
fn previous_workday(day: NaiveDate) -> Result<NaiveDate, CliError> {
    let mut d = day - Duration::days(1);
    while !is_workday(d).map_err(|e| CliError::Message(e.to_string()))? {
        d -= Duration::days(1);
    }
    Ok(d)
}

fn import(store: &mut Store, doc: &MeetingDocument) -> Result<bool, CliError> {
    match store.import_meeting(doc, "demo") {
        Ok(_) => Ok(true),
        Err(StoreError::AlreadyExists { .. }) => Ok(false),
        Err(e) => Err(e.into()),
    }
}

/// The document with the mandates valid on its date: from 2027 the board's new term (see
/// [`next_term`], which must have run), so the demo works in any year.
fn on_its_date(store: &mut Store, mut doc: MeetingDocument) -> Result<MeetingDocument, CliError> {
    let date = doc.meeting.date;
    if doc.mandates.iter().all(|m| m.covers(date)) {
        return Ok(doc);
    }
    let current = store.body_document(doc.body.id, doc.meeting.clone())?;
    doc.mandates = current.mandates;
    for p in current.persons {
        if !doc.persons.iter().any(|q| q.id == p.id) {
            doc.persons.push(p);
        }
    }
    Ok(doc)
}

/// Adds the live meetings for `today` (the Swedish date) to a demo database holding the seed.
pub fn live_meetings(
    store: &mut Store,
    seed: &MeetingDocument,
    today: NaiveDate,
) -> Result<(), CliError> {
    let year = today.year();
    let mut base = seed.clone();
    // This year's series continues the seed's numbering, so the seed's §§ can be reused.
    // A meeting held a few days ago and adjusted on the last workday: its notice is current.
    let adjusted_on = previous_workday(today)?;
    let held = previous_workday(adjusted_on)?;
    // In the first days of a year the recent meeting is last year's (§§ 157-162) and today's
    // starts this year's series where the seed's would have gone on (§ 163).
    base.body
        .series_starts
        .retain(|s| s.year != year && s.year != held.year());
    base.body.series_starts.push(SeriesStart {
        year: held.year(),
        first_number: 157,
    });
    if held.year() != year {
        base.body.series_starts.push(SeriesStart {
            year,
            first_number: 163,
        });
    }
    let mut recent = base.clone();
    recent.meeting.id = parse_id(RECENT)?;
    recent.meeting.date = held;
    recent.meeting.status = MeetingStatus::Closed;
    recent.meeting.adjustments.clear();
    recent.meeting.pending_adjustment = None;
    recent.meeting.pending_immediate = None;
    recent.meeting.adjustment_place_and_time = "Digital justering".into();
    // The seed names §§ 157-161 only by a placeholder (its source holds § 162's text); this
    // fictional recent meeting gives them ordinary titles, so its notice reads as one.
    let titles = [
        "Information från kommunchefen",
        "Anmälan av delegationsbeslut",
        "Anmälningsärenden",
        "Redovisning av obesvarade motioner",
        "Budgetuppföljning per oktober",
    ];
    for (i, p) in recent.meeting.paragraphs.iter_mut().enumerate() {
        p.immediately_adjusted = false;
        if p.title.contains("ingår inte i källprotokollet")
            && let Some(t) = titles.get(i)
        {
            p.title = (*t).to_owned();
        }
    }
    let recent = on_its_date(store, recent)?;
    if import(store, &recent)? {
        let at = |h: u32| {
            adjusted_on
                .and_hms_opt(h, 0, 0)
                .ok_or_else(|| CliError::Message("ogiltig tid".into()))
        };
        let renderer = justera_pdf::Renderer::new()?;
        send_for_adjustment(store, &renderer, recent.meeting.id, "alexandra", at(9)?)
            .map_err(service)?;
        for (i, user) in ["alexandra", "johan", "patrik"].into_iter().enumerate() {
            sign_minutes(
                store,
                &renderer,
                recent.meeting.id,
                user,
                DEMO_PASSWORD,
                at(10 + i as u32)?,
                Costs::default(),
            )
            .map_err(service)?;
        }
    }

    // Today's meeting, in session, for the secretary.
    let mut live = base.clone();
    live.meeting.id = parse_id(IN_SESSION)?;
    live.meeting.date = today;
    live.meeting.status = MeetingStatus::InSession;
    live.meeting.adjustments.clear();
    live.meeting.pending_adjustment = None;
    live.meeting.pending_immediate = None;
    live.meeting.officials.retain(|o| o.paragraphs.is_empty());
    // Nothing of the seed's day: the meeting has not ended, had no adjournment, and its
    // adjustment is still to be agreed (the seed says "Digital justering den 21 oktober 2024").
    live.meeting.ends_at = None;
    live.meeting.adjournments.clear();
    live.meeting.adjustment_place_and_time = "Digital justering".into();
    let with_proposal = |number: u32, title: &str, clauses: &[&str]| {
        let mut p = Paragraph::new(number, title);
        p.proposal = Some(Proposal {
            source: "arbetsutskottets förslag".into(),
            clauses: clauses.iter().map(|c| (*c).to_owned()).collect(),
        });
        p
    };
    live.meeting.paragraphs = vec![
        with_proposal(
            163,
            "Delårsrapport per augusti",
            &["Kommunstyrelsen godkänner delårsrapporten per augusti."],
        ),
        with_proposal(
            164,
            "Motion om fler laddstolpar vid kommunens anläggningar",
            &["Motionen avslås."],
        ),
        with_proposal(
            165,
            "Anmälan av delegationsbeslut",
            &["Kommunstyrelsen lägger anmälan av delegationsbeslut till handlingarna."],
        ),
    ];
    let live = on_its_date(store, live)?;
    import(store, &live)?;

    // A planned meeting two weeks ahead, listed on the board.
    let mut planned = live.clone();
    planned.meeting.id = parse_id(PLANNED)?;
    planned.meeting.date = today + Duration::days(14);
    planned.meeting.status = MeetingStatus::Planned;
    // Its paragraphs get their numbers when the secretary adds them at the meeting.
    planned.meeting.paragraphs = Vec::new();
    planned.meeting.attendance.changes.clear();
    planned.meeting.attendance.recusals.clear();
    let planned = on_its_date(store, planned)?;
    import(store, &planned)?;
    Ok(())
}

/// The board's new term 2027–2030 (the same composition as the seed's term that ends on
/// 2026-12-31), so meetings can be created in 2027 as in a municipality that has set up its
/// new term; and each later four-year term up to the one a month after `today`, so the demo
/// works in any year.
pub fn next_term(
    store: &mut Store,
    seed: &MeetingDocument,
    today: NaiveDate,
) -> Result<(), CliError> {
    let body = &seed.body;
    let names = |p| {
        seed.persons
            .iter()
            .find(|x| x.id == p)
            .map(|x| x.name.clone())
            .unwrap_or_default()
    };
    let mut year = 2027;
    loop {
        let (Some(start), Some(end)) = (
            NaiveDate::from_ymd_opt(year, 1, 1),
            NaiveDate::from_ymd_opt(year + 3, 12, 31),
        ) else {
            return Err(CliError::Message("ogiltigt datum".into()));
        };
        if year > 2027 && start > today + Duration::days(31) {
            return Ok(());
        }
        let held = store.body_mandates(body.id)?;
        if !held.iter().any(|(m, _)| m.term_start == start) {
            let mandates: Vec<_> = seed
                .mandates
                .iter()
                .map(|m| {
                    let mut m = m.clone();
                    // The seed's composition, carried into each term.
                    m.term_start = start - Duration::days(1);
                    m.term_end = start - Duration::days(1);
                    m
                })
                .collect();
            let rows = justera_domain::term::copy_composition(
                &mandates,
                &names,
                start - Duration::days(1),
                start,
                end,
            );
            store.import_term(body, start, end, &rows, "demo")?;
        }
        year += 4;
    }
}
