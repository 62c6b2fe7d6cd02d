//! The generated Swedish phrases as one reviewed table (tests/golden/phrases.txt): numbers
//! with their nouns, tallies, genitives with party, the chair's propositions with one or more
//! alternatives, an empty §, and the status word on and around its date. A change of wording
//! shows up here as a diff to review (UPDATE_GOLDEN=1 writes the table).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use chrono::NaiveDate;
use common::World;
use justera_domain::decision::phrases::tally_clause;
use justera_domain::decision::{
    Alternative, DecisionRecord, Settled, Side, Step, Tally, VoteResult,
};
use justera_domain::meeting::MeetingStatus;
use justera_domain::organization::BodyKind;
use justera_domain::paragraph::MotionKind;
use justera_domain::text::counted;

fn result(yes: u32, no: u32, abstain: u32, settled: Settled, winner: Side) -> VoteResult {
    VoteResult {
        tally: Tally { yes, no, abstain },
        settled,
        winner,
    }
}

fn order(w: &World, n: u32) -> String {
    let doc = w.doc.clone();
    let progress = doc
        .meeting
        .live_progress(&doc.context(), n)
        .unwrap()
        .unwrap();
    if progress.text.is_empty() {
        "(ingen text)".into()
    } else {
        progress.text.join(" ")
    }
}

#[test]
fn the_phrase_table_matches_the_reviewed_one() {
    let mut rows: Vec<(String, String)> = Vec::new();
    let mut row = |what: &str, phrase: String| rows.push((what.to_owned(), phrase));

    for (n, one, many) in [
        (1, "sida", "sidor"),
        (2, "sida", "sidor"),
        (1, "träff", "träffar"),
        (0, "träff", "träffar"),
        (1, "nej-röst", "nej-röster"),
    ] {
        row(&format!("antal {n} ({one}/{many})"), counted(n, one, many));
    }
    row(
        "omröstning 1–1, utslagsröst",
        tally_clause(&result(1, 1, 0, Settled::CastingVote, Side::Yes)),
    );
    row(
        "omröstning 7–6",
        tally_clause(&result(7, 6, 0, Settled::Majority, Side::Yes)),
    );
    row(
        "omröstning 1–0, 8 avstår",
        tally_clause(&result(1, 0, 8, Settled::Majority, Side::Yes)),
    );
    row(
        "lottning 2–2",
        tally_clause(&result(2, 2, 1, Settled::Lot, Side::No)),
    );

    let mut w = World::new(BodyKind::Board);
    let people = w.doc.clone();
    let ctx = people.context();
    for name in ["Bo Lind", "Jonas Lund", "Lars Vik"] {
        row(
            "genitiv med parti",
            ctx.people.person(w.id(name)).unwrap().genitive_with_party(),
        );
    }
    for name in ["Klas Mattias", "Max Felix", "Inez Ruiz"] {
        row(
            "genitiv på -s, -x, -z",
            justera_domain::text::genitive(name),
        );
    }

    // An information item: nothing is generated.
    let p = w.paragraph(1, "x", 0);
    p.proposal = None;
    row("informationsärende", order(&w, 1));
    // One alternative: the chair asks; two: the chair puts them against each other.
    w.paragraph(2, "arbetsutskottets förslag", 1);
    w.p(2).decision_order = Some(DecisionRecord {
        presiding: None,
        steps: vec![Step::Main {
            finding: Alternative::Proposal,
            vote: None,
        }],
    });
    row("ett förslag", order(&w, 2));
    w.paragraph(3, "arbetsutskottets förslag", 1);
    w.motion(3, "m1", "Jonas Lund", MotionKind::Rejection, "");
    w.p(3).decision_order = Some(DecisionRecord {
        presiding: None,
        steps: vec![Step::Main {
            finding: Alternative::Proposal,
            vote: None,
        }],
    });
    row("två förslag", order(&w, 3));

    // The status word is true on its date: "tillkännagivet" from the posting day.
    let mut m = w.doc.meeting.clone();
    m.status = MeetingStatus::Posted;
    m.adjustments = vec![justera_domain::meeting::AdjustmentRecord {
        adjusted_on: NaiveDate::from_ymd_opt(2026, 12, 2).unwrap(),
        immediate: false,
        after_meeting: false,
        paragraphs: vec![1, 2, 3],
        signatures: vec![],
        notice: Some(justera_domain::meeting::NoticeRecord {
            dates: justera_domain::calendar::NoticeDates {
                posted: NaiveDate::from_ymd_opt(2026, 12, 3).unwrap(),
                last_appeal_day: NaiveDate::from_ymd_opt(2026, 12, 24).unwrap(),
                takedown: NaiveDate::from_ymd_opt(2026, 12, 28).unwrap(),
            },
            other_boards: vec![],
        }),
    }];
    for day in [2, 3, 28] {
        let date = NaiveDate::from_ymd_opt(2026, 12, day).unwrap();
        row(
            &format!("status {date}"),
            m.status_on(date).swedish().to_owned(),
        );
    }

    let table: String = rows
        .iter()
        .map(|(what, phrase)| format!("{what}\t{phrase}\n"))
        .collect();
    let golden =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/golden/phrases.txt");
    if std::env::var("UPDATE_GOLDEN").is_ok_and(|v| v == "1") {
        std::fs::write(&golden, &table).unwrap();
    }
    let expected = std::fs::read_to_string(&golden).unwrap_or_default();
    assert_eq!(
        table, expected,
        "run with UPDATE_GOLDEN=1 and review the diff"
    );
    for bad in [
        "§ 0",
        "finner att det finns .",
        "meeting.",
        "paragraph.",
        "00000000-",
    ] {
        assert!(!table.contains(bad), "{bad:?} in the phrase table");
    }
}
